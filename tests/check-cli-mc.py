#!/usr/bin/env python3
"""CLI check of `pcf calc --mc`: on the shipped example, the same seed
prints the same statistics with --threads 1 and --threads 2; on a test model with own factors
(tests/data/mc/own-factors.json), --format json carries the statistics, --samples writes every
iteration, and misuse exits 2. Usage: check-cli-mc.py PCF FACTORS_DB SOURCE_ROOT"""
import json
import pathlib
import subprocess
import sys
import tempfile

pcf, db, root = sys.argv[1:4]
example = str(pathlib.Path(root, "examples", "models", "led-luminaire.json"))
own = str(pathlib.Path(root, "tests", "data", "mc", "own-factors.json"))
failed = 0


def run(*args, expect=0, model=own):
    r = subprocess.run([pcf, "calc", model, "--db", db, "--quiet", *args], capture_output=True,
                       text=True)
    if r.returncode != expect:
        global failed
        failed += 1
        print(f"FAIL: pcf calc {' '.join(args)} exited {r.returncode}, expected {expect}\n{r.stderr}")
    return r


def check(cond, what):
    global failed
    if not cond:
        failed += 1
        print("FAIL:", what)


ex1 = run("--mc", "10000", "--seed", "1", "--threads", "1", model=example).stdout
ex2 = run("--mc", "10000", "--seed", "1", "--threads", "2", model=example).stdout
check(ex1 == ex2 and "Uncertainty (Monte Carlo" in ex1,
      "the shipped example prints different statistics with --threads 1 and 2")

one = run("--mc", "10000", "--seed", "1", "--threads", "1").stdout
two = run("--mc", "10000", "--seed", "1", "--threads", "2").stdout
check(one == two, "--threads 1 and --threads 2 print different statistics")
check("Uncertainty (Monte Carlo: 10000 iterations, seed 1, generator taus2)" in one,
      "the uncertainty table is missing")
check("What drives the uncertainty" in one, "the sensitivity ranking is missing")
check(0 <= one.find("Uncertainty (Monte Carlo") < one.find("Audit trail"),
      "the Monte Carlo results do not come before the audit trail")
# Steel (lognormal GSD 1.5 on 3.8 kg CO2e) has by far the largest variance: it ranks first.
check("1." in one and "amount of Steel sheet" in one.split("What drives")[-1].splitlines()[1],
      "the steel amount is not ranked first")
other = run("--mc", "10000", "--seed", "2").stdout
check(other != one, "another seed gives the same statistics")

j1 = json.loads(run("--mc", "2000", "--seed", "7", "--format", "json").stdout)
j3 = json.loads(run("--mc", "2000", "--seed", "7", "--threads", "3", "--format", "json").stdout)
mc = j1.get("monte_carlo", {})
check(mc.get("iterations") == 2000 and mc.get("seed") == 7, "json lacks iterations/seed")
check(j1 == j3, "json differs between 1 and 3 threads")
# The deterministic total (3.8 + 1.5 + 5 + 2 = 12.3) lies inside the 95% interval.
tot = mc.get("total", {})
check(tot.get("p2_5", 1e300) < j1["total_kg_co2e"] < tot.get("p97_5", -1e300),
      "the deterministic total is outside the Monte Carlo 95% interval")

with tempfile.TemporaryDirectory() as tmp:
    path = pathlib.Path(tmp, "samples.csv")
    run("--mc", "500", "--samples", str(path))
    lines = path.read_text().splitlines() if path.exists() else []
    check(len(lines) == 501 and lines[0].startswith("iteration,total_kg_co2e,materials_kg_co2e"),
          f"samples file has {len(lines)} lines")

# The progress bar shows on a terminal, and --quiet silences it (and every note) there too.
import os
import pty


def on_terminal(*args):
    """pcf calc with stderr on a pseudo-terminal; returns what it printed there."""
    master, slave = pty.openpty()
    p = subprocess.Popen([pcf, "calc", own, "--db", db, *args], stdout=subprocess.DEVNULL,
                         stderr=slave)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO once the child has closed its end
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    p.wait()
    return out.decode("utf-8", "replace")


check("Monte Carlo [" in on_terminal("--mc", "2000"), "no progress bar on a terminal")
quiet = on_terminal("--mc", "2000", "--quiet")
check(quiet == "", f"--quiet still prints on a terminal: {quiet!r}")

# Past 50,000,000 parameter draws the ranking (which draws every sample again and sorts it) is
# skipped with a note: 250 activities (an uncertain amount and factor each: 500 parameters) and
# 100,001 iterations are 50,000,500 draws, just past the limit.
many = {"pcf_model": 1, "gwp": "AR6", "products": [{
    "id": "many", "declared_unit": {"amount": 1, "unit": "item"},
    "stages": {"materials": [
        {"name": f"part {i}", "amount": 1, "unit": "kg",
         "factor": {"value": 1, "unit": "kgCO2e/kg", "source": "test value"},
         "uncertainty": {"dist": "lognormal", "gsd": 1.2}} for i in range(250)]}}]}
with tempfile.TemporaryDirectory() as tmp:
    path = pathlib.Path(tmp, "many.json")
    path.write_text(json.dumps(many))
    r = subprocess.run([pcf, "calc", str(path), "--db", db, "--mc", "100001"],
                       capture_output=True, text=True)
    import re
    m = re.search(r"no sensitivity ranking: (\d+) parameters x (\d+) iterations are past the 50 "
                  r"million draws", r.stderr)
    check(r.returncode == 0 and m is not None, f"no note for the skipped ranking: {r.stderr}")
    if m:
        n_par, n_it = (int(g) for g in m.groups())
        check(n_it == 100001 and n_par == 500, f"the note says {n_par} x {n_it}")

# --mc-memory: own-factors.json has 4 uncertain parameters; 100,000 iterations need the stage
# totals, 7 scopes x 8 bytes x 100,000 = 5,600,000 bytes, and the ranking the totals' ranks,
# 8 x 100,000 = 800,000 (it draws the parameters' samples again instead of keeping them):
# 6,400,000 bytes. That limit runs; one byte less, or 5M (5,000,000), is refused before
# sampling with both figures and exit 1.
run("--mc", "100000", "--mc-memory", "6400000")
r = run("--mc", "100000", "--mc-memory", "6399999", expect=1)
check("needs 6400000 bytes and may use 6399999 bytes" in r.stderr
      and "--mc-memory" in r.stderr, f"--mc-memory refusal: {r.stderr}")
r = run("--mc", "100000", "--mc-memory", "5M", "--format", "json", expect=1)
check("with the sensitivity ranking needs 6 MB and may use 5 MB" in r.stderr
      and r.stdout == "", f"--mc-memory 5M: {r.stderr} {r.stdout[:80]}")
run("--mc", "100000", "--mc-memory", "1G")
for bad in ("0", "5X", "9.6M", "-1", "M", "99999999999999999999"):
    r = run("--mc", "100", "--mc-memory", bad, expect=2)
    check(f'--mc-memory expects a byte count above 0 such as 512M or 2G' in r.stderr,
          f"--mc-memory {bad}: {r.stderr}")
run("--mc-memory", "1G", expect=2)
run("--seed", "1", expect=2)
run("--mc", "1", expect=2)
run("--mc", "100", "--threads", "0", expect=2)
run("--mc", "100", "--format", "csv", expect=2)
run("--mc", "abc", expect=2)
print(f"cli-mc: {failed} failure(s)")
sys.exit(1 if failed else 0)
