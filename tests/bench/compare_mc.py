#!/usr/bin/env python3
"""Runs pcf's Monte Carlo benchmark (bench_mc) and the numpy peer (mc_numpy.py) in one go and
prints both medians and the ratio numpy / pcf (2 threads). The issue asks for >= 2x on the
project's 2-core machine. The two are interleaved round by round (one pcf run of every case, then
one numpy run of every case, REPEATS times), so that load from other processes falls on both
alike. For information it also times numpy doing what pcf does with the sensitivity ranking
(mc_numpy.run_a_ranked: samples kept, scipy's rankdata, Spearman's rho per parameter; after the
interleaved rounds); the goal is judged against the peer without it, as issue 17 states it. No
timing assertion: a report.
Usage: compare_mc.py BENCH_MC_EXE [REPEATS]"""
import os
import pathlib
import re
import statistics
import subprocess
import sys

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import mc_numpy  # noqa: E402


def cpu_model():
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def main():
    exe = sys.argv[1]
    repeats = max(5, int(sys.argv[2]) if len(sys.argv) > 2 else 7)
    print(f"machine: nproc={os.cpu_count()} cpu={cpu_model()} load={os.getloadavg()[0]:.2f}; "
          f"{repeats} interleaved rounds; medians of wall time", flush=True)
    models = {"a": (mc_numpy.model_a(), mc_numpy.run_a, 10000),
              "b": (mc_numpy.model_b(), mc_numpy.run_b, 1000)}
    pcf, npy, means = {}, {"a": [], "b": [], "a-ranked": []}, {}
    for r in range(repeats):
        out = subprocess.run([exe, "1"], check=True, capture_output=True, text=True).stdout
        for line in out.splitlines():
            kv = dict(re.findall(r"(\w+)=(\S+)", line))
            key = (kv["case"], int(kv["threads"]), int(kv["sensitivity"]))
            pcf.setdefault(key, []).append(float(kv["median_s"]))
            means[key] = float(kv["mean_kg"])
        for case, (model, run, iterations) in models.items():
            rng = np.random.default_rng(r + 1)
            t0 = mc_numpy.time.perf_counter()
            res = run(model, rng, iterations)
            npy[case].append(mc_numpy.time.perf_counter() - t0)
            means[("numpy", case)] = float(res.mean())
    # For information: numpy doing what pcf does with the ranking (not the goal's peer), after
    # the rounds, so that its 80 MB arrays do not change the conditions of the peer's runs.
    for r in range(repeats):
        rng = np.random.default_rng(r + 1)
        t0 = mc_numpy.time.perf_counter()
        mc_numpy.run_a_ranked(models["a"][0], rng, 10000)
        npy["a-ranked"].append(mc_numpy.time.perf_counter() - t0)
    med = {k: statistics.median(v) for k, v in pcf.items()}
    nmed = {k: statistics.median(v) for k, v in npy.items()}
    for (case, th, sens), m in sorted(med.items()):
        print(f"pcf   case={case} threads={th} sensitivity={sens} median_s={m:.4f} "
              f"runs={' '.join(f'{t:.3f}' for t in pcf[(case, th, sens)])}")
    for case, m in nmed.items():
        print(f"numpy case={case} median_s={m:.4f} runs={' '.join(f'{t:.3f}' for t in npy[case])}")
    print()
    print(f"{'case':<44} {'pcf 1 thr':>10} {'pcf 2 thr':>10} {'numpy':>10} {'numpy/pcf2':>11}")
    labels = {"a": "(a) 1,000 uncertain params x 10,000 iter",
              "b": "(b) 10,000 activities/1,000 factors x 1,000"}
    worst = None
    for case in ("a", "b"):
        p1, p2, n = med[(case, 1, 0)], med[(case, 2, 0)], nmed[case]
        ratio = n / p2
        worst = ratio if worst is None else min(worst, ratio)
        print(f"{labels[case]:<44} {p1:>9.4f}s {p2:>9.4f}s {n:>9.4f}s {ratio:>10.1f}x")
        # Same model, different generators: the means must agree statistically.
        mp, mn = means[(case, 1, 0)], means[("numpy", case)]
        if abs(mp - mn) > 0.01 * abs(mn):
            print(f"  WARNING: means differ: pcf {mp} vs numpy {mn}")
    if ("a", 2, 1) in med:
        ratio = nmed["a"] / med[("a", 2, 1)]
        print(f"(a) with the sensitivity ranking, 2 threads: {med[('a', 2, 1)]:.4f}s, numpy/pcf "
              f"{ratio:.1f}x (target >= 2x: {'met' if ratio >= 2 else 'NOT met'})")
        print(f"    numpy with the same ranking (scipy rankdata, for information): "
              f"{nmed['a-ranked']:.4f}s, {nmed['a-ranked'] / med[('a', 2, 1)]:.1f}x pcf")
    print(f"target numpy/pcf >= 2x: {'met' if worst >= 2 else 'NOT met'} (worst {worst:.1f}x); "
          f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
