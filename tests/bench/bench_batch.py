#!/usr/bin/env python3
"""Benchmark of `pcf batch`: N generated models (default 100,000) of 20 to 200
activities each, every activity bound by code to a factor of the shipped database (mass factors
in the materials stage, energy factors in production; amounts are random test inputs, no factor
is made up), 1% of the lines deliberately broken (every 100th: malformed JSON or an unknown
factor code, alternately).

Measures, against `pcf calc` run once per model (the peer):
- models/s of one `pcf batch` run over all N lines at --threads 1 and --threads 2, with the
  records checked on the fly (one per line, in order, the broken ones reported, the rest ok);
- the median of 3 runs over the first 2,000 lines at 1 and 2 threads;
- peak resident memory (ru_maxrss) of the runs over 2,000 and over N lines: it stays flat;
- `pcf calc MODEL --format json` once per model for a sample of 1,000 models (each written to
  its own file), extrapolated to N: the per-model time times N. Extrapolated, not run: N single
  runs would take about as long as the figure says.
No timing assertion. Usage: bench_batch.py PCF FACTORS_DB WORKDIR [N]"""
import json
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import threading
import time

pcf, db, work = sys.argv[1:4]
n_models = int(sys.argv[4]) if len(sys.argv) > 4 else 100000
os.makedirs(work, exist_ok=True)
src = os.path.join(work, f"models-{n_models}.jsonl")

con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
mass = con.execute("SELECT code, per_unit FROM factors WHERE per_dim = (SELECT per_dim FROM "
                   "factors WHERE per_unit = 'kg' LIMIT 1) AND category IN ('material', "
                   "'packaging', 'agriculture', 'cbam_default') ORDER BY code").fetchall()
energy = con.execute("SELECT code, per_unit FROM factors WHERE per_unit IN ('kWh', 'MWh') AND "
                     "category IN ('electricity', 'fuel', 'heat') ORDER BY code").fetchall()
con.close()


def generate():
    rng = random.Random(16)
    with open(src + ".tmp", "w") as f:
        for i in range(1, n_models + 1):
            n = rng.randint(20, 200)
            mats, prod = [], []
            for k in range(n):
                if rng.random() < 0.7:
                    code, unit = rng.choice(mass)
                    amount = round(rng.uniform(0.001, 5.0) / (1000 if unit == "t" else 1), 6)
                    mats.append({"name": f"m{k}", "amount": amount, "unit": unit, "factor": code})
                else:
                    code, unit = rng.choice(energy)
                    amount = round(rng.uniform(0.1, 50.0) / (1000 if unit == "MWh" else 1), 6)
                    prod.append({"name": f"e{k}", "amount": amount, "unit": unit, "factor": code})
            if i % 200 == 0:
                mats[0]["factor"] = "no-such:factor"
            doc = {"pcf_model": 1, "products": [{
                "id": f"gen-{i}", "name": f"generated {i}",
                "declared_unit": {"amount": 1, "unit": "item"},
                "stages": {"materials": mats, "production": prod}}]}
            line = json.dumps(doc, separators=(",", ":"))
            if i % 200 == 100:
                line = line[:-7]  # cut short: malformed JSON
            f.write(line + "\n")
    os.replace(src + ".tmp", src)


def run_batch(threads, path, lines):
    """One run; returns (seconds, peak RSS in MB, ok, failed, CPU seconds)."""
    t0 = time.monotonic()
    p = subprocess.Popen([pcf, "batch", path, "--db", db, "--threads", str(threads), "--quiet"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    err = []
    th = threading.Thread(target=lambda: err.append(p.stderr.read()))
    th.start()
    ok = failed = 0
    expect = 1
    for rec in p.stdout:
        head = rec[:80].decode()
        if not head.startswith('{"line":%d,' % expect):
            sys.exit(f"record {expect} out of order: {head}")
        if '"status":"ok"' in head:
            ok += 1
        else:
            failed += 1
        expect += 1
    _, status, ru = os.wait4(p.pid, 0)
    secs = time.monotonic() - t0
    th.join()
    p.returncode = os.waitstatus_to_exitcode(status)
    if expect - 1 != lines or p.returncode != 1:
        sys.exit(f"{expect - 1} records for {lines} lines, exit {p.returncode}: {err}")
    return secs, ru.ru_maxrss / 1024, ok, failed, ru.ru_utime + ru.ru_stime


def head_file(lines):
    path = os.path.join(work, f"models-head-{lines}.jsonl")
    with open(src) as f, open(path, "w") as out:
        for _, line in zip(range(lines), f):
            out.write(line)
    return path


if not os.path.exists(src):
    t = time.monotonic()
    generate()
    print(f"generated {n_models} models in {time.monotonic() - t:.0f} s "
          f"({os.path.getsize(src) / 1e6:.0f} MB)")
print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start "
      "(shared machine: figures are indicative)")

small = min(2000, n_models)
small_path = head_file(small)
med, small_rss = {}, {}
for t in (1, 2):
    runs = [run_batch(t, small_path, small) for _ in range(3)]
    secs = statistics.median(r[0] for r in runs)
    med[t] = small / secs
    small_rss[t] = max(r[1] for r in runs)
    cpu = statistics.median(r[4] for r in runs)
    print(f"pcf batch, {small} models, --threads {t}: median of 3 {secs:.2f} s = "
          f"{med[t]:.0f} models/s, CPU {cpu / small * 1000:.2f} ms per model, "
          f"peak RSS {max(r[1] for r in runs):.1f} MB")

full = {}
for t in (1, 2):
    secs, rss, ok, failed, cpu = run_batch(t, src, n_models)
    full[t] = (n_models / secs, rss, cpu / n_models)
    print(f"pcf batch, {n_models} models, --threads {t}: {secs:.1f} s = {n_models / secs:.0f} "
          f"models/s, CPU {cpu / n_models * 1000:.2f} ms per model, peak RSS {rss:.1f} MB; "
          f"{ok} ok, {failed} error records (1% broken)")

# The peer: pcf calc once per model, on a sample of 1,000 models.
sample = min(1000, n_models)
sdir = os.path.join(work, "single")
os.makedirs(sdir, exist_ok=True)
paths = []
with open(src) as f:
    for i, line in zip(range(sample), f):
        p = os.path.join(sdir, f"m{i + 1}.json")
        with open(p, "w") as out:
            out.write(line)
        paths.append(p)
t0 = time.monotonic()
c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
for p in paths:
    subprocess.run([pcf, "calc", p, "--db", db, "--format", "json", "--quiet"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
per = (time.monotonic() - t0) / sample
c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu_per = (c1.ru_utime + c1.ru_stime - c0.ru_utime - c0.ru_stime) / sample
print(f"pcf calc once per model: {sample} runs, {per * 1000:.1f} ms each = {1 / per:.0f} "
      f"models/s, CPU {cpu_per * 1000:.2f} ms per model; extrapolated to {n_models} models: "
      f"{per * n_models / 60:.0f} min")
for t in (1, 2):
    print(f"ratio pcf batch --threads {t} / pcf calc per model: {full[t][0] * per:.1f}x in "
          f"models/s, {cpu_per / full[t][2]:.1f}x in CPU per model (on {n_models} lines)")
for t in (1, 2):
    print(f"peak RSS --threads {t}: {small_rss[t]:.1f} MB over {small} lines, "
          f"{full[t][1]:.1f} MB over {n_models} lines")
