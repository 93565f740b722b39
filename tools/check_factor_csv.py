#!/usr/bin/python3
"""Checks the shipped default factors, data/factors-*.csv, against the rules they were made by.

The CSV files in data/ are the source of truth for pcf's default emission factors: the build
imports them as they are (data/meson.build), and a change to a factor is a change to its row
there, with that row's own source and licence (data/README.md). They were compiled once from the
project's research tables (values read in the publications each row's `source` names); those
tables are not part of the repository and cannot be, because they also hold rows whose licence
does not allow shipping (reference only, unclear, no open licence: data/README.md lists them).
Nothing regenerates the files, and no file outside the repository is read.

What the compilation did, and what this script checks every shipped row still keeps
(run by `meson test --suite lint`):
  - only rows whose licence allows shipping (not "unclear", "reference only", "no open licence");
  - one CSV per source dataset, with the `dataset` key of data/datasets.csv that the row's
    `source` and `license` name;
  - a stable, unique `code`: DESNZ rows `desnz-2025:<DESNZ row ID>`, the others
    `<dataset>:<slug of name_en>`, with the unit or year appended where a name repeats;
  - `region` is a code of data/regions.csv; where the published spelling differs, `notes` ends
    with "region as published: <spelling>", which maps to that code;
  - the EU CBAM default values, and only they, are in category `cbam_default`;
  - the EPA rows' `gases` column holds exactly the per-gas amounts their `notes` and `value`
    state, in the units stated (no number changed);
  - "kgCO2e per 28 kWh battery pack" rows are `kgCO2e/item`, the published unit kept in `notes`.

Usage: check_factor_csv.py DATA_DIR   (exit 0 when every row keeps the rules, 1 otherwise,
naming the file, line and rule). GPL-3.0-or-later; see LICENSE.
"""
import csv
import glob
import os
import re
import sys
import unicodedata

COLUMNS = ['code', 'dataset', 'category', 'name_en', 'name_zh', 'region', 'value', 'unit', 'scope',
           'gwp_set', 'year', 'gases', 'uncertainty', 'unc_p1', 'unc_p2', 'unc_p3', 'dq', 'source',
           'license', 'notes']

# Region spellings of the sources and their codes in data/regions.csv.
ISO3 = {'CHN': 'CN', 'USA': 'US', 'GBR': 'GB', 'DEU': 'DE', 'FRA': 'FR', 'ITA': 'IT', 'ESP': 'ES',
        'NLD': 'NL', 'POL': 'PL', 'JPN': 'JP', 'KOR': 'KR', 'IND': 'IN', 'VNM': 'VN', 'THA': 'TH',
        'MYS': 'MY', 'IDN': 'ID', 'PHL': 'PH', 'SGP': 'SG', 'AUS': 'AU', 'CAN': 'CA', 'MEX': 'MX',
        'BRA': 'BR', 'RUS': 'RU', 'TUR': 'TR', 'SAU': 'SA', 'ARE': 'AE', 'ZAF': 'ZA', 'TWN': 'TW',
        'EU27': 'EU', 'WORLD': 'GLO', 'INTERNATIONAL': 'GLO'}
CN_SUB = {'华北': 'CN-GRID-NORTH', '东北': 'CN-GRID-NORTHEAST', '华东': 'CN-GRID-EAST',
          '华中': 'CN-GRID-CENTRAL', '西北': 'CN-GRID-NORTHWEST', '南方': 'CN-GRID-SOUTH',
          '西南': 'CN-GRID-SOUTHWEST', '福建': 'CN-FJ', '河北': 'CN-HE', '山西': 'CN-SX',
          '天津': 'CN-TJ', '内蒙古': 'CN-NM', '安徽': 'CN-AH', '广西': 'CN-GX', '青海': 'CN-QH',
          '四川': 'CN-SC', '云南': 'CN-YN', '陕西': 'CN-SN', '浙江': 'CN-ZJ'}

FILES = {'desnz-2025': 'factors-desnz-2025.csv', 'epa-hub-2025': 'factors-epa-2025.csv',
         'usitc-2025': 'factors-usitc-2025.csv', 'ember-2024': 'factors-ember-2024.csv',
         'cn-mee': 'factors-china-mee.csv', 'cbam-cn-2026': 'factors-cbam-cn.csv',
         'ademe-base-carbone-v22': 'factors-ademe.csv', 'mdpi-papers': 'factors-mdpi.csv'}

BATTERY_UNIT = 'kgCO2e per 28 kWh battery pack'
BATTERY_NOTE = ('published per 28 kWh battery pack (unit as published: "kgCO2e per 28 kWh '
                'battery pack"); one item = one 28 kWh pack')
PUBLISHED = 'region as published: '


def region_code(published, name_en):
    reg = published.strip()
    if reg.startswith('GB ('):
        return 'GLO' if 'non-UK' in name_en else 'GB'
    if reg.startswith('CN-') and reg[3:] in CN_SUB:
        return CN_SUB[reg[3:]]
    return ISO3.get(reg, reg)


def dataset_of(r):
    """The dataset a row's source and licence name (None: no known dataset)."""
    s, lic = r['source'], r['license']
    if s.startswith('UK DESNZ'):
        return 'desnz-2025'
    if s.startswith('US EPA'):
        return 'epa-hub-2025'
    if s.startswith('US International Trade Commission'):
        return 'usitc-2025'
    if s.startswith('Ember'):
        return 'ember-2024'
    if 'MEE' in s and 'PRC government' in lic:
        return 'cn-mee'
    if s.startswith('EU CBAM'):
        return 'cbam-cn-2026'
    if s.startswith('ADEME Base Carbone'):
        return 'ademe-base-carbone-v22'
    if 'MDPI' in lic:
        return 'mdpi-papers'
    return None


def shippable(lic):
    low = lic.lower()
    return not (low.strip() == 'unclear' or 'reference only' in low or 'no open licence' in low
                or 'no open license' in low)


def slug(text):
    text = unicodedata.normalize('NFKD', text)
    text = text.encode('ascii', 'ignore').decode()
    text = re.sub(r'[^A-Za-z0-9]+', '-', text).strip('-').lower()
    return text[:72].rstrip('-')


GAS_RE = re.compile(r'CH4 ([0-9.Ee+-]+) (g|lb)/[^,;]+, N2O ([0-9.Ee+-]+) (g|lb)/')


def epa_gases(r):
    """The `gases` text of an EPA row, from the amounts its notes and value state."""
    m = GAS_RE.search(r['notes'])
    if not m or not r['unit'].startswith(('kgCO2/', 'lbCO2/')):
        return ''
    co2_unit = 'kg' if r['unit'].startswith('kgCO2/') else 'lb'
    return 'co2_fossil=%s %s;ch4_fossil=%s %s;n2o=%s %s' % (
        r['value'].strip(), co2_unit, m.group(1), m.group(2), m.group(3), m.group(4))


def read_csv(path):
    with open(path, newline='', encoding='utf-8') as f:
        reader = csv.DictReader(f)
        rows = [(reader.line_num, r) for r in reader]
        return reader.fieldnames, rows


def row_problems(r, ds, regions):
    """Every rule row r (of the file of dataset ds) breaks, as text."""
    out = []
    if r['dataset'] != ds:
        out.append('dataset "%s" in the file of %s' % (r['dataset'], ds))
    if dataset_of(r) != ds:
        out.append('source/license name dataset %s, not %s' % (dataset_of(r), ds))
    if not shippable(r['license']):
        out.append('licence "%s" does not allow shipping' % r['license'])
    code = r['code']
    m = re.search(r'row ID ([0-9_]+)', r['source'])
    if ds == 'desnz-2025' and m:
        if code != 'desnz-2025:' + m.group(1):
            out.append('code %s is not desnz-2025:<row ID %s>' % (code, m.group(1)))
    elif not (code.startswith(ds + ':' + slug(r['name_en']))
              and re.fullmatch(r'[a-z0-9]+(-[a-z0-9]+)*', code[len(ds) + 1:])):
        out.append('code %s is not %s:<slug of name_en>' % (code, ds))
    if r['region'] not in regions:
        out.append('region %s is not in regions.csv' % r['region'])
    notes = r['notes']
    if notes.endswith('; ' + BATTERY_NOTE) or notes == BATTERY_NOTE:
        notes = notes[:-len(BATTERY_NOTE)].rstrip('; ')
    if PUBLISHED in notes:
        published = notes[notes.rindex(PUBLISHED) + len(PUBLISHED):]
        if region_code(published, r['name_en']) != r['region']:
            out.append('region %s is not the code of "%s"' % (r['region'], published))
    if (r['category'] == 'cbam_default') != (ds == 'cbam-cn-2026'):
        out.append('category %s (cbam_default is for the CBAM default values alone)'
                   % r['category'])
    if ds == 'epa-hub-2025' and r['gases'] != epa_gases(r):
        out.append('gases "%s" are not the notes\' "%s"' % (r['gases'], epa_gases(r)))
    if r['unit'] == BATTERY_UNIT or (BATTERY_NOTE in r['notes'] and r['unit'] != 'kgCO2e/item'):
        out.append('a 28 kWh battery pack row is per item (kgCO2e/item)')
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    data = sys.argv[1]
    _, region_rows = read_csv(os.path.join(data, 'regions.csv'))
    regions = {r['region'] for _, r in region_rows}
    _, dataset_rows = read_csv(os.path.join(data, 'datasets.csv'))
    datasets = {r['dataset'] for _, r in dataset_rows}
    problems, codes, count = [], {}, 0
    shipped = sorted(os.path.basename(p) for p in glob.glob(os.path.join(data, 'factors-*.csv')))
    if shipped != sorted(FILES.values()):
        problems.append('%s: factors-*.csv are %s; a new dataset needs its file named here'
                        % (data, ', '.join(shipped)))
    for ds, name in sorted(FILES.items()):
        path = os.path.join(data, name)
        if ds not in datasets:
            problems.append('%s: dataset %s has no row in datasets.csv' % (path, ds))
        if not os.path.exists(path):
            continue
        header, rows = read_csv(path)
        if header != COLUMNS:
            problems.append('%s:1: the columns are not %s' % (path, ','.join(COLUMNS)))
            continue
        for line, r in rows:
            count += 1
            for p in row_problems(r, ds, regions):
                problems.append('%s:%d: %s' % (path, line, p))
            if r['code'] in codes:
                problems.append('%s:%d: code %s again (first at %s)'
                                % (path, line, r['code'], codes[r['code']]))
            codes.setdefault(r['code'], '%s:%d' % (name, line))
    for p in problems:
        print(p)
    print('%d factor rows in %d files: %d problem(s)' % (count, len(FILES), len(problems)))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
