#!/usr/bin/env python3
"""The command line fails loudly and never leaves a half-written file (suite 'cli').

Each case below once misbehaved: a write to a full device exited 0; files were written in place,
so a failed write left a truncated file (and `db build` its OUT.tmp); `pcf calc /dev/zero` never
ended; an overflowing own factor printed "0 problem(s)" without the library's reason; Monte Carlo
with a normal sd of 1e308 printed inf percentiles and exited 0; `pcf convert 1e308 t mg` printed
"inf mg"; `--layer //path` was read as a URI host.
Usage: check-cli-io.py PCF FACTORS_DB SOURCE_ROOT WORK_DIR"""
import glob
import os
import resource
import shutil
import signal
import subprocess
import sys

pcf, factors_db, root, work = sys.argv[1:5]
os.makedirs(work, exist_ok=True)
model = os.path.join(root, 'examples', 'models', 'led-luminaire.json')
failures = 0


def check(cond, what):
    global failures
    if not cond:
        failures += 1
        print('FAIL:', what)


def run(*args, stdout=subprocess.PIPE, fsize=None, timeout=120):
    env = dict(os.environ)
    env.pop('PCF_DB', None)

    def limit():
        if fsize is not None:
            # Past the limit a write fails with EFBIG (the signal that would kill is ignored),
            # as it would on a full disk.
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    p = subprocess.run([pcf, *args], stdout=stdout, stderr=subprocess.PIPE, text=True, env=env,
                       preexec_fn=limit, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def leftovers(path):
    return glob.glob(path + '.tmp*')


def remove_all(path):
    for p in [path] + leftovers(path):
        if os.path.exists(p):
            os.remove(p)


# 1. Output to a full device: exit 1 with the reason, for every kind of command.
with open('/dev/full', 'w') as full:
    for args in (['calc', model, '--db', factors_db, '--format', 'json'],
                 ['calc', model, '--db', factors_db],
                 ['factors', 'search', 'steel', '--db', factors_db],
                 ['db', 'info', '--db', factors_db],
                 ['db', 'export', factors_db],
                 ['units'], ['gwp', 'AR6'], ['--version'], ['--help']):
        rc, _, err = run(*args, stdout=full)
        check(rc == 1, 'pcf %s > /dev/full exits 1 (got %d)' % (' '.join(args[:2]), rc))
        check('cannot write the output' in err, 'pcf %s > /dev/full says why: %r' % (args[0], err))

# 2. Files are whole or absent: a write that fails part-way (a file-size limit of 2,000 bytes
#    stands in for a full disk) leaves neither a truncated file nor a temporary one.
samples = os.path.join(work, 'samples.csv')
remove_all(samples)
rc, _, err = run('calc', model, '--db', factors_db, '--mc', '2000', '--samples', samples,
                 fsize=2000)
check(rc == 1, '--samples that cannot be written exits 1 (got %d: %s)' % (rc, err))
check(not os.path.exists(samples), 'no truncated samples file is left')
check(not leftovers(samples), 'no temporary samples file is left: %s' % leftovers(samples))
rc, _, err = run('calc', model, '--db', factors_db, '--mc', '200', '--samples', samples)
check(rc == 0 and os.path.getsize(samples) > 2000, 'the same samples file is written when it can be')
check(not leftovers(samples), 'no temporary file after a good write')

export = os.path.join(work, 'export.csv')
with open(export, 'w') as f:
    f.write('the old file\n')
rc, _, err = run('db', 'export', factors_db, export, fsize=2000)
check(rc == 1 and 'cannot write' in err, 'db export that cannot be written exits 1: %s' % err)
with open(export) as f:
    check(f.read() == 'the old file\n', 'a failed export leaves the old file untouched')
check(not leftovers(export), 'no temporary export file is left')

built = os.path.join(work, 'built.db')
remove_all(built)
csvs = sorted(glob.glob(os.path.join(root, 'data', 'factors-*.csv')))
rc, _, err = run('db', 'build', built, *csvs, fsize=20000)
check(rc == 1, 'db build that cannot be written exits 1 (got %d)' % rc)
check(not os.path.exists(built), 'a failed db build leaves no database')
check(not leftovers(built), 'a failed db build leaves no OUT.tmp: %s' % leftovers(built))

# 6. A file that never ends is refused at the model size limit (512 MiB), naming it.
rc, _, err = run('calc', '/dev/zero', '--db', factors_db, timeout=300)
check(rc == 1 and '/dev/zero' in err and 'limit of 536870912 bytes' in err,
      'pcf calc /dev/zero ends with the limit named: %r' % err[-300:])

# 7. Overflow is an error with its reason and place, everywhere.
own = os.path.join(work, 'overflow.json')
with open(own, 'w') as f:
    f.write('{"pcf_model": 1, "products": [{"id": "p", "declared_unit": {"amount": 1, "unit": '
            '"item"}, "mass": 1, "mass_unit": "kg", "stages": {"materials": [{"name": "x", '
            '"amount": 1, "unit": "kg", "factor": {"value": 1e308, "unit": "tCO2e/kg"}}]}}]}')
rc, _, err = run('calc', own, '--db', factors_db)
check(rc == 1 and 'not a finite number' in err and '$.products[0].stages.materials[0]' in err
      and own in err, 'an overflowing own factor names the reason and the activity: %r' % err)
wide = os.path.join(work, 'wide.json')
with open(wide, 'w') as f:
    f.write('{"pcf_model": 1, "products": [{"id": "p", "declared_unit": {"amount": 1, "unit": '
            '"item"}, "mass": 1, "mass_unit": "kg", "stages": {"materials": [{"name": "x", '
            '"amount": 1, "unit": "kg", "factor": {"value": 2, "unit": "kgCO2e/kg", '
            '"uncertainty": {"dist": "normal", "sd": 1e308}}}]}}]}')
rc, out, err = run('calc', wide, '--db', factors_db, '--mc', '1000')
check(rc == 1 and 'too wide to compute with' in err, 'Monte Carlo overflow is an error: %r' % err)
check('inf' not in out, 'no inf percentiles are printed')
rc, out, err = run('convert', '1e308', 't', 'mg')
check(rc == 1 and 'beyond the range of a double' in err and 'inf' not in out,
      'pcf convert 1e308 t mg is an error: %r %r' % (out, err))

# 9. An absolute layer path with a doubled slash is a path, not a URI host.
layer = os.path.join(work, 'layer.db')
shutil.copy(factors_db, layer)
rc, out, err = run('factors', 'search', 'steel', '--db', factors_db, '--layer', '/' + layer)
check(rc == 0 and 'steel' in out.lower(), '--layer //path attaches: %r' % err)

# Control characters from a model reach a terminal only as visible text: a product name with
# ESC [2J (clear screen), BEL and a C1 CSI (U+009B), and an unknown unit with ESC, through
# `pcf calc` (the report on stdout) and `pcf validate` (the message on stderr), each on a
# pseudo-terminal. Redirected to a pipe, stdout keeps the bytes as they are.
import json
import pty


def on_terminal(*args):
    """pcf with stdout and stderr on one pseudo-terminal; what it printed there, as bytes."""
    master, slave = pty.openpty()
    p = subprocess.Popen([pcf, *args], stdout=slave, stderr=slave)
    os.close(slave)
    got = b''
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO once the child has closed its end
            break
        if not chunk:
            break
        got += chunk
    os.close(master)
    p.wait()
    return p.returncode, got


evil = {'pcf_model': 1, 'products': [{
    'id': 'p', 'name': 'Widget\x1b[2J\x07\u009b31m', 'declared_unit': {'amount': 1, 'unit': 'item'},
    'stages': {'materials': [{'name': 'Steel', 'amount': 1, 'unit': 'kg',
                              'factor': {'value': 2, 'unit': 'kgCO2e/kg', 'source': 'test'}}]}}]}
evil_path = os.path.join(work, 'evil.json')
with open(evil_path, 'w', encoding='utf-8') as f:
    json.dump(evil, f)
rc, got = on_terminal('calc', evil_path, '--db', factors_db)
check(rc == 0 and b'\x1b' not in got and b'\x07' not in got and b'\xc2\x9b' not in got,
      'pcf calc sends control characters to the terminal: %r' % got[:300])
check(b'Widget\\x1B[2J\\x07\\u009B31m' in got, 'the name shows its control characters: %r' % got[:300])
evil['products'][0]['stages']['materials'][0]['unit'] = 'k\x1b]0;pwned\x07g'
with open(evil_path, 'w', encoding='utf-8') as f:
    json.dump(evil, f)
rc, got = on_terminal('validate', evil_path)
check(rc == 1 and b'\x1b' not in got and b'\\x1B]0;pwned' in got,
      'pcf validate sends control characters to the terminal: %r' % got[:300])
p = subprocess.run([pcf, 'calc', os.path.join(work, 'evil.json'), '--db', factors_db, '--format',
                    'json'], capture_output=True)
check(b'\\x1B' not in p.stdout, 'JSON through a pipe is not rewritten: %r' % p.stdout[:200])

if failures:
    print('%d check(s) failed' % failures)
    sys.exit(1)
print('all output and overflow checks passed')
