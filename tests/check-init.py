#!/usr/bin/env python3
"""pcf init: on the two example BOMs of examples/sme/ it writes models that
`pcf calc` computes, binds at least 80% of the lines by itself and lists the rest with their
candidates; a malformed BOM is refused with its line and column and nothing is written.
Usage: check-init.py PCF FACTORS_DB SOURCE_ROOT WORK_DIR"""
import json
import os
import subprocess
import sys

pcf, db, root, work = sys.argv[1:5]
os.makedirs(work, exist_ok=True)
failures = 0


def check(cond, what):
    global failures
    if not cond:
        failures += 1
        print('FAIL:', what)


def run(*args):
    p = subprocess.run([pcf, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


ex = os.path.join(root, 'examples', 'sme')
for name, extra in (('moulding', []), ('tea', ['--allocate', 'mass'])):
    out = os.path.join(work, name + '.json')
    if os.path.exists(out):
        os.remove(out)
    rc, todo, err = run('init', os.path.join(ex, name, 'bom.csv'), '--meters',
                        os.path.join(ex, name, 'meters.csv'), '--region', 'CN-FJ', '-o', out,
                        '--db', db, *extra)
    check(rc == 0 and os.path.exists(out), '%s: init exits 0: %s' % (name, err))
    if rc:
        continue
    model = json.load(open(out, encoding='utf-8'))
    stages = model['products'][0]['stages']
    lines = stages['materials'] + stages['transport'] + stages['production']
    unbound = model['products'][0].get('x-unbound', [])
    clear = [a for a in lines if not a.get('x-provisional')]
    share = len(clear) / (len(lines) + len(unbound))
    check(share >= 0.8, '%s: %d of %d lines bound clearly (%.0f%%)' %
          (name, len(clear), len(lines) + len(unbound), 100 * share))
    bom_rows = len(open(os.path.join(ex, name, 'bom.csv'), encoding='utf-8').read().strip().splitlines()) - 1
    bom_clear = [a for a in stages['materials'] if not a.get('x-provisional')]
    check(len(bom_clear) / bom_rows >= 0.8, '%s: %d of %d BOM lines bound clearly' %
          (name, len(bom_clear), bom_rows))
    for a in lines:
        if a.get('x-provisional'):
            check(1 <= len(a['x-candidates']) <= 3 and all('reason' in c for c in a['x-candidates']),
                  '%s: %s carries up to three candidates with reasons' % (name, a['name']))
            check(a['name'] in todo, '%s: %s is in the to-do report' % (name, a['name']))
    for a in unbound:
        check(a['name'].split('(')[0] in todo, '%s: unbound %s is in the to-do report' % (name, a['name']))
    rc, res, err = run('calc', out, '--format', 'json', '--db', db)
    check(rc == 0 and json.loads(res)['total_kg_co2e'] > 0, '%s: the model computes: %s' % (name, err))

# The moulding shop's electricity, by hand: 186,000 + 201,000 kWh = 387,000 kWh for the site;
# by units this product is 400,000 of 1,250,000 pieces = 0.32; per piece 387,000 × 0.32 /
# 400,000 = 0.3096 kWh.
model = json.load(open(os.path.join(work, 'moulding.json'), encoding='utf-8'))
elec = [a for a in model['products'][0]['stages']['production'] if a['name'].startswith('电')]
check(len(elec) == 1 and abs(elec[0]['amount'] - 0.3096) < 1e-12,
      'electricity per piece is 0.3096 kWh: %s' % elec)
check(elec and elec[0]['factor'] ==
      'cn-mee:china-national-average-electricity-carbon-footprint-factor-2023-life-cyc',
      'electricity is bound to the national electricity carbon-footprint factor')

# A malformed BOM: a quantity that is not a number (line 3, column 3) and a row with too few
# fields (line 4); every problem is reported and nothing is written.
bad = os.path.join(work, 'bad-bom.csv')
with open(bad, 'w', encoding='utf-8') as f:
    f.write('物料编码,描述,数量,单位\nA,PP颗粒,0.1,kg\nB,ABS,十克,kg\nC,纸箱\n')
out = os.path.join(work, 'bad.json')
if os.path.exists(out):
    os.remove(out)
rc, todo, err = run('init', bad, '-o', out, '--db', db)
check(rc == 1 and 'bad-bom.csv:3:3' in err and '十克' in err and 'bad-bom.csv:4:1' in err and
      'nothing was written' in err and not os.path.exists(out), 'malformed BOM refused: ' + err)
rc, todo, err = run('init', bad, '--db', db)
check(rc == 2, 'init without -o is misuse')

# --todo FILE goes through the same safe write as the model (a temporary file renamed into
# place): a to-do report that cannot be written is an error naming it, and then neither file is
# written (it used to be dropped silently, exit 0, the model written without its report).
ok_bom, ok_met = (os.path.join(ex, 'moulding', f) for f in ('bom.csv', 'meters.csv'))
out = os.path.join(work, 'todo-test.json')
todo_file = os.path.join(work, 'todo-test.md')
for path in (out, todo_file):
    if os.path.exists(path):
        os.remove(path)
missing = os.path.join(work, 'no-such-dir', 'todo.md')
rc, _, err = run('init', ok_bom, '--meters', ok_met, '-o', out, '--todo', missing, '--db', db)
check(rc == 1 and missing in err and not os.path.exists(out),
      '--todo into a missing directory fails, naming it, and writes nothing: %d %s' % (rc, err))
# Written files get the mode of any new file (0666 less the umask: 0644 under 022), not the
# 0600 of the temporary file they were written as.
old_mask = os.umask(0o022)
rc, stdout, err = run('init', ok_bom, '--meters', ok_met, '-o', out, '--todo', todo_file,
                      '--db', db)
os.umask(old_mask)
check(rc == 0 and stdout == '', '--todo FILE: the report goes to the file: %d %s' % (rc, err))
report = open(todo_file, encoding='utf-8').read() if os.path.exists(todo_file) else ''
check(report.startswith('# 待办:' + out), 'the to-do report is in --todo FILE: %r' % report[:80])
for path in (out, todo_file):
    mode = os.stat(path).st_mode & 0o777 if os.path.exists(path) else None
    check(mode == 0o644, '%s has mode 0644 under umask 022, not %s' % (path, oct(mode or 0)))
check(not [f for f in os.listdir(work) if '.tmp-' in f], 'no temporary file is left behind')

print('init checks: %d failure(s)' % failures)
sys.exit(1 if failures else 0)
