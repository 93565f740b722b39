#!/usr/bin/env python3
"""Cold start of the CLI: `pcf calc MODEL --db DB --quiet` as a new process, repeated, with the
median wall and CPU time (user + sys of the child). Run against the factor database as built
(schema 3: dataset counts stored) and against a copy turned back into schema 2 (no stored counts:
pcf_db_open counts each dataset's factors), rounds interleaved so machine load falls on both.
Usage: bench_cold.py PCF FACTORS_DB MODEL [REPEATS]   (default 21)"""
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time


def run_once(cmd):
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if status != 0:
        sys.exit(f"bench_cold: {cmd} failed ({status})")
    return wall * 1e3, (usage.ru_utime + usage.ru_stime) * 1e3


def main():
    pcf, db, model = sys.argv[1:4]
    repeats = int(sys.argv[4]) if len(sys.argv) > 4 else 21
    with tempfile.TemporaryDirectory() as tmp:
        v2 = os.path.join(tmp, "factors-v2.db")
        shutil.copy(db, v2)
        con = sqlite3.connect(v2)
        con.executescript("DROP TRIGGER datasets_count; DROP TRIGGER factors_count_insert; "
                          "DROP TRIGGER factors_count_delete; DROP TRIGGER factors_count_update; "
                          "ALTER TABLE datasets DROP COLUMN factor_count; "
                          "PRAGMA user_version = 2; VACUUM;")
        con.close()
        cases = {"schema3": db, "schema2": v2}
        times = {k: ([], []) for k in cases}
        for name, path in cases.items():  # warm the page cache and check it runs
            run_once([pcf, "calc", model, "--db", path, "--quiet"])
        for _ in range(repeats):
            for name, path in cases.items():
                w, c = run_once([pcf, "calc", model, "--db", path, "--quiet"])
                times[name][0].append(w)
                times[name][1].append(c)
    load = os.getloadavg()[0]
    for name, (w, c) in times.items():
        print(f"cold pcf calc {os.path.basename(model)} db={name} repeats={repeats} "
              f"median_wall_ms={statistics.median(w):.2f} min_wall_ms={min(w):.2f} "
              f"median_cpu_ms={statistics.median(c):.2f} load_avg={load:.1f}")


if __name__ == "__main__":
    main()
