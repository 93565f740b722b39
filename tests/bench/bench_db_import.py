#!/usr/bin/env python3
"""Benchmark of `pcf db import`: peak memory and time of importing a large factor CSV.

Generates ROWS factor rows (a company's own factor list: code, category, English and Chinese
names, region, value, unit, source, licence; about 150 bytes a row) into WORKDIR, builds an empty
database from the shipped dataset and region lists, and imports the CSV into a fresh copy RUNS
times under peak_rss (which reports the child's own ru_maxrss). Prints the median wall time, the
median peak RSS, the baseline peak RSS of the same command on a one-row CSV, and the ratio of
the import's extra memory (peak minus baseline) to the CSV's size. Never asserts on time.
The generated values are test inputs for the importer, not emission factors of anything.
Usage: bench_db_import.py PEAK_RSS PCF SOURCE_ROOT WORKDIR [ROWS] [RUNS]"""
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import sys

peak_rss, pcf, root, work = sys.argv[1:5]
rows = int(sys.argv[5]) if len(sys.argv) > 5 else 200000
runs = int(sys.argv[6]) if len(sys.argv) > 6 else 3
work = pathlib.Path(work)
work.mkdir(parents=True, exist_ok=True)

HEADER = ("code,dataset,category,name_en,name_zh,region,value,unit,scope,gwp_set,year,gases,"
          "uncertainty,unc_p1,unc_p2,unc_p3,dq,source,license,notes\n")


def write_csv(path, n):
    with open(path, "w", encoding="utf-8") as f:
        f.write(HEADER)
        for i in range(n):
            f.write(f"bench:part-{i:07d},,material,Bench part {i} sheet,基准零件{i},GB,"
                    f"{1 + i % 997 / 1000},kgCO2e/kg,cradle to gate,AR6,2025,,lognormal,1.2,,,,"
                    f"bench generator row {i},CC0-1.0,\n")


def measure(csv):
    """Imports csv into a fresh copy of the empty database: (wall s, peak RSS kB)."""
    db = work / "import.db"
    shutil.copyfile(work / "empty.db", db)
    out = subprocess.run([peak_rss, os.devnull, pcf, "db", "import", str(db), str(csv)],
                         capture_output=True, text=True, check=True).stdout
    m = re.search(r"wall_s=([\d.]+) maxrss_kb=(\d+) status=(\d+)", out)
    if not m or m.group(3) != "0":
        sys.exit(f"bench_db_import: pcf db import failed: {out}")
    return float(m.group(1)), int(m.group(2))


empty = work / "empty.db"
if empty.exists():
    empty.unlink()
subprocess.run([pcf, "db", "build", str(empty), str(pathlib.Path(root, "data", "datasets.csv")),
                str(pathlib.Path(root, "data", "regions.csv"))], check=True,
               capture_output=True)
big, one = work / "big.csv", work / "one.csv"
write_csv(big, rows)
write_csv(one, 1)
size = big.stat().st_size
base = statistics.median(measure(one)[1] for _ in range(runs))
wall, rss = [], []
for _ in range(runs):
    w, r = measure(big)
    wall.append(w)
    rss.append(r)
w, r = statistics.median(wall), statistics.median(rss)
print(f"db import: {rows} rows, {size / 1e6:.1f} MB CSV, median of {runs}: {w:.2f} s "
      f"({rows / w:.0f} rows/s), peak RSS {r / 1024:.1f} MiB (one-row CSV: {base / 1024:.1f} MiB)")
print(f"db import: extra memory / CSV size = {(r - base) * 1024 / size:.2f}; "
      f"peak / CSV size = {r * 1024 / size:.2f}")
