#!/usr/bin/python3
"""Test of examples/dask/pcf_dask.py: on a LocalCluster of 2 worker processes, a JSON
Lines input (the example models inline, one by {"path"}, one broken line, one with an unknown
factor) and the examples folder give one row per line whose id, status and numbers equal the
records of `pcf batch` on the same input (totals, six stages and the flows, compared exactly:
the CSV keeps every digit), in the CSV and in the SQLite table alike.
Exit 77 (skipped) without python3-distributed.
Usage: check_dask.py PCF FACTORS_DB MODELS_DIR (PYTHONPATH holds the built pcf package)"""
import csv
import json
import os
import sqlite3
import subprocess
import sys
import tempfile

try:
    import distributed  # noqa: F401
except ImportError:
    print("skipped: python3-distributed is not installed")
    sys.exit(77)

pcf_exe, db, models_dir = sys.argv[1:4]
here = os.path.dirname(os.path.abspath(__file__))
failed = 0


def check(cond, what):
    global failed
    if not cond:
        failed += 1
        print("FAIL:", what)


def number(v):
    return None if v in (None, "", "None") else float(v)


def compare(table, batch_lines, what):
    recs = [json.loads(x) for x in batch_lines]
    check(len(table) == len(recs), f"{what}: {len(table)} rows for {len(recs)} records")
    for row, rec in zip(table, recs):
        n = rec["line"]
        check(int(row["line"]) == n and row["status"] == rec["status"],
              f"{what} line {n}: {row['status']} vs the batch's {rec['status']}")
        if rec["status"] != "ok":
            check(bool(row["error"]), f"{what} line {n}: no error message")
            continue
        res = rec["result"]
        check(row["id"] == rec["id"], f"{what} line {n}: id {row['id']} vs {rec['id']}")
        want = {"total_kg_co2e": res["total_kg_co2e"],
                "total_excluding_removals_kg_co2e": res["total_excluding_removals_kg_co2e"]}
        for st in res["stages"]:
            want[st["stage"] + "_kg_co2e"] = st["kg_co2e"]
        for f, v in res["flows"].items():
            want[f + "_kg_co2e"] = v
        for k, v in want.items():
            if k in row:
                check(number(row[k]) == v, f"{what} line {n}: {k} {row[k]} != batch {v}")


with tempfile.TemporaryDirectory() as tmp:
    models = sorted(f for f in os.listdir(models_dir) if f.endswith(".json"))
    lines = [json.dumps(json.load(open(os.path.join(models_dir, m))), ensure_ascii=False)
             for m in models]
    lines.append(json.dumps({"path": os.path.join(os.path.abspath(models_dir), models[0])}))
    lines.append('{"pcf_model": 1, "products": [')  # broken
    bad = json.loads(lines[1])
    bad["products"][0]["stages"]["materials"][0]["factor"] = "no-such:factor"
    lines.append(json.dumps(bad, ensure_ascii=False))
    src = os.path.join(tmp, "models.jsonl")
    with open(src, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")

    def batch(path):
        r = subprocess.run([pcf_exe, "batch", path, "--db", db, "--quiet"], capture_output=True,
                           text=True)
        return r.stdout.splitlines()

    out_csv, out_db = os.path.join(tmp, "r.csv"), os.path.join(tmp, "r.db")
    r = subprocess.run([sys.executable, os.path.join(here, "pcf_dask.py"), src, "--csv", out_csv,
                        "--sqlite", out_db, "--local", "2", "--db", db, "--partition", "3"],
                       capture_output=True, text=True, timeout=600)
    check(r.returncode == 1 and "2 failed" in r.stderr, f"pcf_dask exit {r.returncode}: "
                                                        f"{r.stderr[-2000:]}")
    want = batch(src)
    with open(out_csv, newline="", encoding="utf-8") as f:
        compare(list(csv.DictReader(f)), want, "CSV")
    con = sqlite3.connect(out_db)
    con.row_factory = sqlite3.Row
    rows = [dict(x) for x in con.execute("SELECT * FROM results ORDER BY line")]
    con.close()
    compare(rows, want, "SQLite")
    check(rows and rows[-1]["id"] == bad["products"][0]["id"],
          "the unresolvable model's row does not name its id")

    # a folder of models: line N is the N-th file by name, as {"path": file} lines in pcf batch
    refs = os.path.join(tmp, "refs.jsonl")
    with open(refs, "w") as f:
        for m in models:
            f.write(json.dumps({"path": os.path.join(os.path.abspath(models_dir), m)}) + "\n")
    r = subprocess.run([sys.executable, os.path.join(here, "pcf_dask.py"), models_dir, "--csv",
                        out_csv, "--sqlite", out_db, "--local", "2", "--db", db],
                       capture_output=True, text=True, timeout=600)
    check(r.returncode == 0, f"pcf_dask on a folder exit {r.returncode}: {r.stderr[-2000:]}")
    with open(out_csv, newline="", encoding="utf-8") as f:
        compare(list(csv.DictReader(f)), batch(refs), "folder CSV")

print("dask:", "FAILED" if failed else "ok")
sys.exit(1 if failed else 0)
