#!/usr/bin/env python3
"""Deterministic `pcf calc` against its numpy peer (calc_numpy.py), whole process, on the same
generated models: one product whose materials stage has N activities, each a mass in kg bound by
code to one of the database's mass factors published as CO2e without a per-gas split (so both
sides use the stored kg CO2e as is and must print the same total).
Each round runs `pcf calc MODEL --quiet` (text report to /dev/null, as a user runs it) and the
peer once per size, interleaved, so that load from other processes falls on both alike; it prints
the medians of wall time and peak resident memory (ru_maxrss of the child, from wait4) and the
ratio pcf / numpy; the peer's in-process figures (JSON load, and look-up + sum) are printed
beside them. With --inproc BENCH_CALC_EXE, each round also runs `bench_calc DB MODEL` (the model
read by the library, then one pcf_system_resolve + pcf_calculate timed in that fresh process)
and prints its median and the ratio to the peer's look-up + sum. The totals must agree to a
relative 1e-12 (else exit 1): that is a check of the benchmark's honesty, not a timing assertion.
Usage: compare_calc.py PEAK_RSS_EXE PCF_EXE FACTORS_DB [N ...] [--repeats R] [--inproc BENCH_CALC]
(default N: 10000 100000)"""
import json
import os
import pathlib
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).parent


def mass_factors(db_path):
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    rows = db.execute(
        "SELECT code FROM factors WHERE per_dim = 1 AND category NOT LIKE 'cbam%' AND gwp = 0 "
        "AND gas_kg = '' AND co2_only = 0 AND per_unit IN ('kg', 't', 'short ton') "
        "ORDER BY code LIMIT 1000").fetchall()
    if not rows:
        sys.exit("compare_calc: no mass factor without a per-gas split in the database")
    return [r[0] for r in rows]


def write_model(path, n, codes):
    """N activities: amounts 0.1 .. 1.06 kg in steps of 0.01 (cycle of 97), factors in turn."""
    with open(path, "w", encoding="utf-8") as f:
        f.write('{"pcf_model": 1, "boundary": "cradle-to-gate", "gwp": "AR6", "products": [{'
                '"id": "bench", "name": "benchmark product", '
                '"declared_unit": {"amount": 1, "unit": "item"}, "stages": {"materials": [\n')
        for i in range(n):
            sep = ",\n" if i else ""
            amount = round(0.1 + (i % 97) * 0.01, 2)
            f.write(f'{sep}{{"name": "material {i}", "amount": {amount}, "unit": "kg", '
                    f'"factor": {json.dumps(codes[i % len(codes)])}}}')
        f.write("\n]}}]}\n")


def run(peak_rss, argv, out):
    """Wall seconds and peak RSS in MB of one child process, measured by the small peak_rss
    program (a child forked from this Python process would inherit its high-water mark)."""
    res = subprocess.run([peak_rss, out] + argv, check=True, capture_output=True, text=True)
    kv = dict(re.findall(r"(\w+)=(\S+)", res.stdout))
    if int(kv.get("status", "1")) != 0:
        sys.exit(f"compare_calc: {' '.join(argv)} failed: {res.stderr}")
    return float(kv["wall_s"]), float(kv["maxrss_kb"]) / 1024.0


def pcf_total(exe, model, db, out):
    """pcf's total, exact, from the last row of its CSV result (the JSON result builds a document
    tree of every activity first, which at 1M activities takes gigabytes)."""
    subprocess.run([exe, "calc", model, "--db", db, "--format", "csv", "--quiet"],
                   stdout=open(out, "wb"), check=True)
    last = ""
    with open(out, encoding="utf-8") as f:
        for line in f:
            last = line
    fields = last.rstrip("\r\n").split(",")
    if len(fields) < 2 or fields[1] != "total" or not fields[-2]:
        sys.exit(f"compare_calc: no total row in pcf's CSV result of {model}")
    return float(fields[-2])


def main():
    args = sys.argv[1:]
    repeats = 5
    if "--repeats" in args:
        i = args.index("--repeats")
        repeats = int(args[i + 1])
        del args[i:i + 2]
    bench_calc = None
    if "--inproc" in args:
        i = args.index("--inproc")
        bench_calc = args[i + 1]
        del args[i:i + 2]
    peak_rss, exe, db = args[0], args[1], args[2]
    sizes = [int(a) for a in args[3:]] or [10000, 100000]
    codes = mass_factors(db)
    print(f"machine: nproc={os.cpu_count()} load={os.getloadavg()[0]:.2f}; {len(codes)} factors; "
          f"{repeats} interleaved rounds; medians", flush=True)
    peer = [sys.executable, str(HERE / "calc_numpy.py")]
    with tempfile.TemporaryDirectory() as tmp:
        models, totals = {}, {}
        for n in sizes:
            models[n] = os.path.join(tmp, f"model-{n}.json")
            write_model(models[n], n, codes)
            ours = totals[n] = pcf_total(exe, models[n], db, os.path.join(tmp, "out"))
            out = subprocess.run(peer + [models[n], db], check=True, capture_output=True,
                                 text=True).stdout
            theirs = float(re.search(r"total_kg_co2e=(\S+)", out).group(1))
            if abs(ours - theirs) > 1e-12 * abs(theirs):
                sys.exit(f"compare_calc: {n} activities: pcf {ours!r} != numpy {theirs!r}")
            print(f"{n} activities: {os.path.getsize(models[n]) / 1e6:.1f} MB model, "
                  f"total {ours!r} kg CO2e on both sides", flush=True)
        times = {(side, n): [] for side in ("pcf", "numpy") for n in sizes}
        mem = {(side, n): [] for side in ("pcf", "numpy") for n in sizes}
        inproc = {n: [] for n in sizes}
        ours_inproc = {n: [] for n in sizes}
        peer_out = os.path.join(tmp, "peer.out")
        for _ in range(repeats):
            for n in sizes:
                if bench_calc:
                    out = subprocess.run([bench_calc, db, models[n]], check=True,
                                         capture_output=True, text=True).stdout
                    kv = dict(re.findall(r"(\w+)=(\S+)", out))
                    if abs(float(kv["total_kg_co2e"]) - totals[n]) > 1e-12 * abs(totals[n]):
                        sys.exit(f"compare_calc: bench_calc total {kv['total_kg_co2e']} != "
                                 f"{totals[n]!r}")
                    ours_inproc[n].append(float(kv["resolve_s"]) + float(kv["calc_s"]))
                for side, argv in (("pcf", [exe, "calc", models[n], "--db", db, "--quiet"]),
                                   ("numpy", peer + [models[n], db])):
                    wall, rss = run(peak_rss, argv, os.devnull if side == "pcf" else peer_out)
                    if side == "numpy":
                        with open(peer_out, encoding="utf-8") as f:
                            inproc[n].append(float(re.search(r"calc_s=(\S+)", f.read()).group(1)))
                    times[(side, n)].append(wall)
                    mem[(side, n)].append(rss)
    print(f"\n{'activities':>10} {'pcf s':>8} {'pcf MB':>8} {'numpy s':>8} {'numpy MB':>9} "
          f"{'pcf/numpy time':>15} {'pcf B/activity':>15} {'numpy in-process s':>19}")
    for n in sizes:
        ps, pm = statistics.median(times[("pcf", n)]), statistics.median(mem[("pcf", n)])
        ns, nm = statistics.median(times[("numpy", n)]), statistics.median(mem[("numpy", n)])
        print(f"{n:>10} {ps:>8.3f} {pm:>8.1f} {ns:>8.3f} {nm:>9.1f} {ps / ns:>15.2f} "
              f"{pm * 1048576 / n:>15.0f} {statistics.median(inproc[n]):>19.4f}")
    if bench_calc:
        print(f"\n{'activities':>10} {'pcf resolve+calculate s':>24} {'numpy look-up+sum s':>20} "
              f"{'pcf/numpy':>10}   (in-process, medians)")
        for n in sizes:
            po, npo = statistics.median(ours_inproc[n]), statistics.median(inproc[n])
            print(f"{n:>10} {po:>24.4f} {npo:>20.4f} {po / npo:>10.2f}")


if __name__ == "__main__":
    main()
