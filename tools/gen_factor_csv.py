#!/usr/bin/python3
# pcf — generates data/factors-*.csv (the shipped default dataset) from the research files
# factors.csv and factors-materials-extra.csv, which are not part of the repository. GPL-3.0-or-later; see LICENSE.
#
# Run once by hand: /usr/bin/python3 tools/gen_factor_csv.py RESEARCH_DIR data
# The generated CSVs are committed; the build never runs this script. It only
#   - drops rows whose licence is unclear or reference-only (they must not ship),
#   - splits the rows by source dataset, one CSV each,
#   - adds a stable `code` and the `dataset` key,
#   - maps region spellings to the region codes of data/regions.csv (the published spelling is kept
#     in notes),
#   - moves the EU CBAM default values to their own category `cbam_default`,
#   - copies the per-gas amounts the EPA rows state in their notes into the `gases` column, in the
#     unit the notes give them (no number is changed),
#   - rewrites the two "kgCO2e per 28 kWh battery pack" rows as per-item (one item = one 28 kWh
#     pack: exact, the value is unchanged).
# Values, units, sources, licences and notes are otherwise copied verbatim.
import csv
import re
import sys
import unicodedata

COLUMNS = ['code', 'dataset', 'category', 'name_en', 'name_zh', 'region', 'value', 'unit', 'scope',
           'gwp_set', 'year', 'gases', 'uncertainty', 'unc_p1', 'unc_p2', 'unc_p3', 'dq', 'source',
           'license', 'notes']

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


def region_code(r):
    reg = r['region'].strip()
    if reg.startswith('GB ('):
        return 'GLO' if 'non-UK' in r['name_en'] else 'GB'
    if reg.startswith('CN-') and reg[3:] in CN_SUB:
        return CN_SUB[reg[3:]]
    return ISO3.get(reg, reg)


def dataset_of(r):
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
    raise SystemExit('no dataset for row: %r' % (r['name_en'],))


FILES = {'desnz-2025': 'factors-desnz-2025.csv', 'epa-hub-2025': 'factors-epa-2025.csv',
         'usitc-2025': 'factors-usitc-2025.csv', 'ember-2024': 'factors-ember-2024.csv',
         'cn-mee': 'factors-china-mee.csv', 'cbam-cn-2026': 'factors-cbam-cn.csv',
         'ademe-base-carbone-v22': 'factors-ademe.csv', 'mdpi-papers': 'factors-mdpi.csv'}


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
    m = GAS_RE.search(r['notes'])
    if not m or not r['unit'].startswith(('kgCO2/', 'lbCO2/')):
        return ''
    co2_unit = 'kg' if r['unit'].startswith('kgCO2/') else 'lb'
    return 'co2_fossil=%s %s;ch4_fossil=%s %s;n2o=%s %s' % (
        r['value'].strip(), co2_unit, m.group(1), m.group(2), m.group(3), m.group(4))


def main():
    src, out = sys.argv[1], sys.argv[2]
    rows = []
    for fn in ('factors.csv', 'factors-materials-extra.csv'):
        with open(src + '/' + fn, newline='', encoding='utf-8') as f:
            rows += list(csv.DictReader(f))
    by_ds = {}
    seen = set()
    left_out = []
    for r in rows:
        if not shippable(r['license']):
            left_out.append(r)
            continue
        ds = dataset_of(r)
        o = {c: '' for c in COLUMNS}
        for c in ('category', 'name_en', 'name_zh', 'value', 'unit', 'scope', 'gwp_set', 'year',
                  'source', 'license', 'notes'):
            o[c] = r[c]
        o['dataset'] = ds
        o['region'] = region_code(r)
        if o['region'] != r['region']:
            extra = 'region as published: %s' % r['region']
            o['notes'] = (o['notes'] + '; ' + extra) if o['notes'] else extra
        if ds == 'cbam-cn-2026':
            o['category'] = 'cbam_default'
        if ds == 'epa-hub-2025':
            o['gases'] = epa_gases(r)
        if r['unit'] == 'kgCO2e per 28 kWh battery pack':
            o['unit'] = 'kgCO2e/item'
            extra = ('published per 28 kWh battery pack (unit as published: "kgCO2e per 28 kWh '
                     'battery pack"); one item = one 28 kWh pack')
            o['notes'] = (o['notes'] + '; ' + extra) if o['notes'] else extra
        m = re.search(r'row ID ([0-9_]+)', r['source'])
        if ds == 'desnz-2025' and m:
            code = 'desnz-2025:' + m.group(1)
        else:
            base = slug(r['name_en'])
            unit = slug(o['unit'].split('/', 1)[-1]) if '/' in o['unit'] else ''
            code = '%s:%s' % (ds, base)
            if code in seen:
                code = '%s:%s-%s' % (ds, base, unit)
            if code in seen:
                code = '%s:%s-%s-%s' % (ds, base, unit, slug(o['year']))
        if code in seen:
            raise SystemExit('duplicate code ' + code)
        seen.add(code)
        o['code'] = code
        by_ds.setdefault(ds, []).append(o)
    for ds, lst in by_ds.items():
        with open(out + '/' + FILES[ds], 'w', newline='', encoding='utf-8') as f:
            w = csv.DictWriter(f, COLUMNS, lineterminator='\n')
            w.writeheader()
            for o in lst:
                w.writerow(o)
        print('%-28s %4d rows -> %s' % (ds, len(lst), FILES[ds]))
    print('left out (licence unclear or reference only): %d rows' % len(left_out))
    for r in left_out:
        print('  - %s [%s] (%s)' % (r['name_en'], r['region'], r['license'][:60]))


if __name__ == '__main__':
    main()
