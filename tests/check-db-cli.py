#!/usr/bin/env python3
"""The factor database through the built CLI (suite 'cli'):
`pcf db info` lists every shipped dataset with its licence; `pcf factors search 鋼` and
`pcf factors search steel` find steel factors; `pcf factors show` prints value, unit, region,
source and year exactly as in the CSV; a malformed import exits non-zero naming the line and
leaves the database byte-for-byte unchanged; export re-imports to identical rows.
Usage: check-db-cli.py PCF FACTORS_DB DATA_DIR WORK_DIR"""
import csv
import glob
import json
import os
import shutil
import subprocess
import sys

pcf, factors_db, data_dir, work = sys.argv[1:5]
failures = 0


def run(*args, env=None):
    e = dict(os.environ)
    e.pop('PCF_DB', None)
    if env:
        e.update(env)
    p = subprocess.run([pcf, *args], capture_output=True, text=True, env=e)
    return p.returncode, p.stdout, p.stderr


def check(cond, what):
    global failures
    if not cond:
        failures += 1
        print('FAIL:', what)


# db info lists each dataset with its licence (text and JSON)
rc, out, err = run('db', 'info', '--db', factors_db)
check(rc == 0, 'db info exits 0: ' + err)
with open(os.path.join(data_dir, 'datasets.csv'), newline='', encoding='utf-8') as f:
    datasets = list(csv.DictReader(f))
for d in datasets:
    check(d['dataset'] in out and d['license'] in out, 'db info lists %s with its licence' % d['dataset'])
    if d['attribution']:
        check(d['attribution'] in out, 'db info shows the attribution of %s' % d['dataset'])
rc, out, err = run('db', 'info', '--json', '--db', factors_db)
info = json.loads(out)
check(len(info['datasets']) == len(datasets), 'db info --json lists %d datasets' % len(datasets))

# search 鋼 (traditional) and steel find steel
for text in ('鋼', 'steel'):
    rc, out, err = run('factors', 'search', text, '--db', factors_db)
    check(rc == 0 and ('steel' in out.lower() and '钢' in out), 'search %s finds steel: %s' % (text, err))
rc, out, err = run('factors', 'search', '鋼', '--json', '--limit', '0', '--db', factors_db)
hits = json.loads(out)
check(len(hits) >= 10 and all('钢' in h['name_zh'] for h in hits), 'search 鋼 --json: steel rows')
# every row says the regimes it is valid in, in text and JSON (docs/regimes.md): the CBAM
# default rows only cbam, the footprint factors iso14067 and eu-battery
for h in hits:
    want = 'cbam' if h['category'] == 'cbam_default' else 'iso14067,eu-battery'
    if h['category'] == 'electricity':
        want = 'iso14067,cbam,eu-battery'
    check(h.get('regimes') == want, 'search 鋼 --json: %s has regimes %r, not %r'
          % (h['code'], h.get('regimes'), want))
check(any(h['regimes'] == 'cbam' for h in hits) and
      any(h['regimes'] == 'iso14067,eu-battery' for h in hits),
      'search 鋼 --json lists CBAM default rows and footprint factors')
rc, out, err = run('factors', 'search', '鋼', '--limit', '0', '--db', factors_db)
for h in hits:
    line = next((l for l in out.splitlines() if l.startswith(h['code'] + ' ')), '')
    check(line.split()[2:3] == [h['regimes']], 'search 鋼 text: %s shows %s: %r'
          % (h['code'], h['regimes'], line))
# getopt_long: --limit=N, options before the subcommand
rc, out, err = run('factors', '--json', '--limit=3', 'search', 'steel', '--db=' + factors_db)
check(rc == 0 and len(json.loads(out)) == 3, 'factors --json --limit=3 search steel: %s' % err)
rc, out, err = run('factors', 'search', 'steel', '--limit=x', '--db', factors_db)
check(rc == 2 and '--limit' in err, 'factors --limit=x is misuse: %s' % err)
rc, out, err = run('factors', 'search', 'no-such-thing-xyz', '--db', factors_db)
check(rc == 1, 'a search without hits exits 1')

# show prints value, unit, region, source and year exactly as in the CSV (every 25th row)
rows = []
for fn in sorted(glob.glob(os.path.join(data_dir, 'factors-*.csv'))):
    with open(fn, newline='', encoding='utf-8') as f:
        rows += list(csv.DictReader(f))[::25]
for r in rows:
    rc, out, err = run('factors', 'show', r['code'], '--json', '--db', factors_db)
    check(rc == 0, 'show %s exits 0: %s' % (r['code'], err))
    if rc:
        continue
    j = json.loads(out)
    for k, c in (('published_value', 'value'), ('published_unit', 'unit'), ('region', 'region'),
                 ('source', 'source'), ('year_text', 'year')):
        check(j[k] == r[c], 'show %s: %s is %r, CSV has %r' % (r['code'], k, j[k], r[c]))
    rc, out, err = run('factors', 'show', r['code'], '--db', factors_db)
    lines = out.splitlines()
    check('value:     ' + r['value'] in lines and 'unit:      ' + r['unit'] in lines and
          'year:      ' + r['year'] in lines and 'source:    ' + r['source'] in lines,
          'show %s prints value, unit, year and source verbatim' % r['code'])
rc, out, err = run('factors', 'show', 'no:such-code', '--db', factors_db)
check(rc == 1 and 'no:such-code' in err, 'show of an unknown code exits 1 naming it')

# PCF_DB is honoured when --db is absent
rc, out, err = run('factors', 'show', rows[0]['code'], env={'PCF_DB': factors_db})
check(rc == 0, 'PCF_DB selects the database: ' + err)

# resolve with fallback
rc, out, err = run('factors', 'resolve', 'electricity',
                   'China national average electricity carbon footprint factor 2023 (life cycle)',
                   '--region', 'CN-FJ', '--json', '--db', factors_db)
j = json.loads(out) if rc == 0 else {}
check(j.get('region') == 'CN' and j.get('fallback_taken') is True, 'resolve falls back CN-FJ -> CN')

# malformed import: exit 1, names line 3, database byte-for-byte unchanged
db = os.path.join(work, 'cli-import.db')
shutil.copyfile(factors_db, db)
with open(db, 'rb') as f:
    before = f.read()
bad = os.path.join(work, 'cli-bad.csv')
with open(bad, 'w', encoding='utf-8') as f:
    f.write('code,category,name_en,region,value,unit,source,license\n'
            'cli:ok,material,Fine,GLO,1,kgCO2e/kg,src,CC0\n'
            'cli:bad,material,Broken,GLO,twelve,kgCO2e/kg,src,CC0\n')
rc, out, err = run('db', 'import', db, bad)
check(rc == 1, 'malformed import exits 1 (got %d)' % rc)
check('line 3' in err and 'value' in err, 'malformed import names line 3 and the column: ' + err)
with open(db, 'rb') as f:
    check(f.read() == before, 'the database is byte-for-byte unchanged after a failed import')
good = os.path.join(work, 'cli-good.csv')
with open(good, 'w', encoding='utf-8') as f:
    f.write('code,category,name_en,region,value,unit,source,license\n'
            'cli:ok,material,Fine,GLO,1,kgCO2e/kg,src,CC0\n')
rc, out, err = run('db', 'import', db, good)
check(rc == 0, 'a good import exits 0: ' + err)
# `-` reads the CSV from standard input, as `pcf pact` and `pcf calc` do (it was refused as a
# file named "-")
p = subprocess.run([pcf, 'db', 'import', db, '-'], capture_output=True, text=True,
                   input='code,category,name_en,region,value,unit,source,license\n'
                         'cli:stdin,material,From stdin,GLO,2.5,kgCO2e/kg,src,CC0\n')
check(p.returncode == 0 and 'imported 1 rows' in p.stderr, 'db import - reads stdin: ' + p.stderr)
rc, out, err = run('factors', 'show', 'cli:stdin', '--db', db)
check(rc == 0 and '2.5' in out, 'the row from stdin is in the database: ' + out + err)

# export -> build -> export gives identical text
exp1 = os.path.join(work, 'cli-export1.csv')
exp2 = os.path.join(work, 'cli-export2.csv')
rebuilt = os.path.join(work, 'cli-rebuilt.db')
check(run('db', 'export', factors_db, exp1)[0] == 0, 'export exits 0')
check(run('db', 'build', rebuilt, exp1)[0] == 0, 'build from the export exits 0')
check(run('db', 'export', rebuilt, exp2)[0] == 0, 'second export exits 0')
with open(exp1, 'rb') as a, open(exp2, 'rb') as b:
    check(a.read() == b.read(), 'export re-imports to identical rows')
# --layer: a company database over the default wins, and says so
company = os.path.join(work, 'acme-2026.db')
if os.path.exists(company):
    os.remove(company)
with open(os.path.join(work, 'cli-company.csv'), 'w', encoding='utf-8') as f:
    f.write('code,category,name_en,region,value,unit,source,license\n'
            'desnz-2025:1_100_1000_15_1,fuel,Butane - combustion,GB,2900,kgCO2e/tonne,supplier,'
            'internal\n')
check(run('db', 'build', company, os.path.join(work, 'cli-company.csv'))[0] == 0, 'build a layer')
rc, out, err = run('factors', 'show', 'desnz-2025:1_100_1000_15_1', '--json', '--db', factors_db,
                   '--layer', company)
j = json.loads(out) if rc == 0 else {}
check(j.get('layer') == 'acme_2026' and j.get('published_value') == '2900', 'the layer wins: %r %s' % (j, err))
rc, out, err = run('db', 'info', '--json', '--db', factors_db, '--layer', company)
check(rc == 0 and json.loads(out)['factors'] == 769, 'db info with a layer')
rc, out, err = run('factors', 'show', 'x', '--db', factors_db, '--layer', '/no/such.db')
check(rc == 1 and 'such.db' in err, 'a missing layer exits 1 naming it')

# the three tables rebuild the whole database
parts = []
for t in ('factors', 'datasets', 'regions'):
    p = os.path.join(work, 'cli-export-%s.csv' % t)
    check(run('db', 'export', factors_db, p, '--table', t)[0] == 0, 'export --table ' + t)
    parts.append(p)
full = os.path.join(work, 'cli-full.db')
check(run('db', 'build', full, *parts)[0] == 0, 'build from the three exports')
rc, out1, err = run('db', 'info', '--json', '--db', factors_db)
rc, out2, err = run('db', 'info', '--json', '--db', full)
check(json.loads(out1)['datasets'] == json.loads(out2)['datasets'] and
      json.loads(out1)['factors'] == json.loads(out2)['factors'], 'the rebuilt database matches')
check(run('db', 'export', factors_db, '--table', 'nope')[0] == 2, 'an unknown table exits 2')
rc, out, err = run('db', 'build', os.path.join(work, 'cli-fail.db'), bad)
check(rc == 1 and not os.path.exists(os.path.join(work, 'cli-fail.db')),
      'a failed build leaves no output file')

# Every list says how many matched; suggest ranks with reasons; --limit -1 is misuse
rc, out, err = run('factors', 'search', 'PP', '--limit', '2', '--db', factors_db)
check(rc == 0 and out.strip().splitlines()[-1].startswith('2 of 9 shown; --limit N for more'),
      'search says how many matched: ' + out)
rc, out, err = run('factors', 'search', 'PP', '--db', factors_db)
check(rc == 0 and out.strip().splitlines()[-1] == '9 found' and 'Copper' not in out,
      'PP finds 9, never Copper: ' + out)
rc, out, err = run('factors', 'search', 'PP', '--limit', '2', '--json', '--db', factors_db)
check(rc == 0 and len(json.loads(out)) == 2 and '2 of 9 shown' in err, 'search --json counts on stderr')
rc, out, err = run('factors', 'suggest', 'PP颗粒 注塑级', '--unit', 'kg', '--region', 'CN-FJ',
                   '--category', 'material,packaging', '--db', factors_db)
check(rc == 0 and out.startswith('clear match: desnz-2025:19_505_5144_15_1') and
      'default for "PP"' in out, 'suggest PP: ' + out + err)
rc, out, err = run('factors', 'suggest', 'ABS', '--unit', 'kg', '--lang', 'zh', '--json', '--db',
                   factors_db)
d = json.loads(out) if rc == 0 else {}
check(d.get('clear') is False and d['candidates'][0]['proxy'] and '代用' in d['candidates'][0]['reason'],
      'suggest ABS: proxy, not clear, reason in Chinese: ' + out + err)
rc, out, err = run('factors', 'suggest', '自来水', '--db', factors_db)
check(rc == 1 and 'no factor fits' in err, 'no water factor is shipped: ' + err)
rc, out, err = run('factors', 'resolve', 'fuel', 'Butane - combustion', '--region', 'UK', '--db', factors_db)
check(rc == 1 and 'exists only for region GB' in err and 'did you mean "Butane - combustion"' not in err,
      'a region typo names where the name exists: ' + err)
check(run('factors', 'search', 'PP', '--limit', '-1', '--db', factors_db)[0] == 2, '--limit -1 is misuse')
check(run('factors', 'suggest', 'PP', '--bogus')[0] == 2, 'suggest: an unknown option exits 2')

# misuse exits 2
check(run('factors')[0] == 2, 'pcf factors without a subcommand exits 2')
check(run('db', 'frobnicate')[0] == 2, 'an unknown db subcommand exits 2')
check(run('factors', 'search', 'x', '--bogus')[0] == 2, 'an unknown option exits 2')

print('db cli checks: %d failure(s)' % failures)
sys.exit(1 if failures else 0)
