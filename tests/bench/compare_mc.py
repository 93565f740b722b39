#!/usr/bin/env python3
"""Runs pcf's Monte Carlo benchmark (bench_mc) and the numpy peer (mc_numpy.py) in one go and
prints both medians and the ratio numpy / pcf (2 threads). The issue asks for >= 2x on the
project's 2-core machine. No timing assertion: this is a report.
Usage: compare_mc.py BENCH_MC_EXE [REPEATS]"""
import os
import pathlib
import re
import subprocess
import sys

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
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    print(f"machine: nproc={os.cpu_count()} cpu={cpu_model()}; repeats={repeats}; "
          f"medians of wall time")
    out = subprocess.run([exe, str(repeats)], check=True, capture_output=True, text=True).stdout
    print(out, end="")
    pcf = {}
    for line in out.splitlines():
        kv = dict(re.findall(r"(\w+)=(\S+)", line))
        pcf[(kv["case"], int(kv["threads"]), int(kv["sensitivity"]))] = (
            float(kv["median_s"]), float(kv["mean_kg"]))
    npy = mc_numpy.main(repeats)
    print()
    print(f"{'case':<44} {'pcf 1 thr':>10} {'pcf 2 thr':>10} {'numpy':>10} {'numpy/pcf2':>11}")
    labels = {"a": "(a) 1,000 uncertain params x 10,000 iter",
              "b": "(b) 10,000 activities/1,000 factors x 1,000"}
    worst = None
    for case in ("a", "b"):
        p1, m1 = pcf[(case, 1, 0)]
        p2, _ = pcf[(case, 2, 0)]
        n, mn = npy[case]
        ratio = n / p2
        worst = ratio if worst is None else min(worst, ratio)
        print(f"{labels[case]:<44} {p1:>9.4f}s {p2:>9.4f}s {n:>9.4f}s {ratio:>10.1f}x")
        # Same model, different generators: the means must agree statistically.
        if abs(m1 - mn) > 0.01 * abs(mn):
            print(f"  WARNING: means differ: pcf {m1} vs numpy {mn}")
    if (("a", 2, 1)) in pcf:
        print(f"(a) with the sensitivity ranking, 2 threads: {pcf[('a', 2, 1)][0]:.4f}s")
    print(f"target numpy/pcf >= 2x: {'met' if worst >= 2 else 'NOT met'} (worst {worst:.1f}x)")


if __name__ == "__main__":
    main()
