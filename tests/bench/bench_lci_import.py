#!/usr/bin/env python3
"""Benchmark of `pcf lci import` (lib/lci_import.c): reading an openLCA JSON-LD zip, storing its
rows and linking them, in one transaction, into a new factor database.
Cases: USLCI as shipped (766 processes, 32,526 exchanges) and the synthetic ecoinvent-sized
system of compare_lci.py (synthetic_zip(): 20,000 processes, ~300,000 exchanges, hubs, supply
chains and loops; seed 1), plus the same generator at 5,000 processes, so that the time per
exchange at both sizes shows whether the import grows linearly (equal) or worse (it rises).
Each case is imported ROUNDS times, rounds interleaved so machine load falls on every case;
printed: the median wall time, the median CPU time of the pcf process (user + system; less
sensitive to a loaded machine than the wall time), microseconds of CPU per exchange, and the
peak resident memory. No timing assertion: this is a report.
Usage: bench_lci_import.py PCF USLCI_ZIP [ROUNDS]"""
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from compare_lci import synthetic_zip  # noqa: E402  (the generator of the solver benchmark)


def import_once(pcf, db, src):
    """Wall and CPU seconds of one `pcf lci import` into a new database, and its peak RSS (kB)."""
    if os.path.exists(db):
        os.remove(db)
    t0 = time.perf_counter()
    p = subprocess.Popen([pcf, "lci", "import", db, src, "--name", "bench"],
                         stdout=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit("pcf lci import %s failed (exit %d)" % (src, p.returncode))
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss


def main():
    pcf, uslci = sys.argv[1:3]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    print("machine: nproc=%d load=%.2f at start; %d interleaved rounds, medians" %
          (os.cpu_count(), os.getloadavg()[0], rounds), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        s5 = os.path.join(tmp, "synthetic-5000.zip")
        s20 = os.path.join(tmp, "synthetic-20000.zip")
        synthetic_zip(s5, n=5000)
        synthetic_zip(s20)
        # exchanges per case: 1 reference + 14 inputs + 1 CO2 per synthetic process
        cases = [("USLCI, 766 processes", uslci, 32526),
                 ("synthetic, 5,000 processes", s5, 5000 * 16),
                 ("synthetic, 20,000 processes", s20, 20000 * 16)]
        res = {c[0]: ([], [], 0) for c in cases}
        db = os.path.join(tmp, "bench.db")
        for _ in range(rounds):
            for label, src, _n in cases:
                w, cpu, rss = import_once(pcf, db, src)
                walls, cpus, peak = res[label]
                walls.append(w)
                cpus.append(cpu)
                res[label] = (walls, cpus, max(peak, rss))
        for label, _src, n in cases:
            walls, cpus, peak = res[label]
            cm = statistics.median(cpus)
            print("%s (%d exchanges): wall %.3f s, CPU %.3f s, %.1f us CPU per exchange; "
                  "peak RSS %d MB" % (label, n, statistics.median(walls), cm, cm / n * 1e6,
                                      peak // 1024), flush=True)
    print("load at end: %.2f" % os.getloadavg()[0])


main()
