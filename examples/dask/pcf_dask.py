#!/usr/bin/python3
"""Footprints of many models on a dask.distributed cluster, through pcf's Python binding.

    pcf_dask.py INPUT --csv OUT.csv --sqlite OUT.db [--scheduler tcp://HOST:8786 | --local N]
                [--db FACTORS_DB] [--partition N] [--retries R]

INPUT is a JSON Lines file (one model per line: the model document, or {"path": FILE} relative
to the file's folder), as `pcf batch` reads it, or a folder of *.json models (sorted by name,
line N = the N-th file). The lines are cut into partitions of --partition lines (default 200);
each partition is one task. A worker process opens the factor database once (read-only) and
keeps it for every task it runs. The results come back as one table, one row per input line in
input order, written as CSV and as an SQLite table `results`:

    line, id, status, total_kg_co2e, total_excluding_removals_kg_co2e,
    <stage>_kg_co2e for the six stages, fossil/biogenic/... flows, error

with the numbers of the document `pcf calc --format json` (and `pcf batch`) gives for that
model; a line that fails has status "error" and the message, and the others go on.

--local N starts a LocalCluster of N worker processes on this machine; --scheduler joins a
running cluster (docs/dask.md: the database file must exist at the same path on every worker).
A task whose worker dies is run again on another (up to --retries times, default 3); every task
is a pure function of its lines and the database, so the retried result is the same.
GPL-3.0-or-later; see LICENSE.
"""
import argparse
import csv
import json
import os
import sqlite3
import sys

STAGES = ["materials", "production", "transport", "storage", "use", "end_of_life"]
FLOWS = ["fossil", "biogenic", "biogenic_removal", "dluc", "aircraft"]
COLUMNS = (["line", "id", "status", "total_kg_co2e", "total_excluding_removals_kg_co2e"] +
           [s + "_kg_co2e" for s in STAGES] + [f + "_kg_co2e" for f in FLOWS] + ["error"])

_DB = {}  # per worker process: database path -> pcf.Db, opened once


def _db(path):
    import pcf
    if path not in _DB:
        _DB[path] = pcf.open_db(path) if path else pcf.open_db()
    return _DB[path]


def row_of(line_no, doc):
    """A table row from a result document (pcf_result_to_json)."""
    row = {"line": line_no, "id": doc["product"]["id"], "status": "ok",
           "total_kg_co2e": doc["total_kg_co2e"],
           "total_excluding_removals_kg_co2e": doc["total_excluding_removals_kg_co2e"],
           "error": ""}
    for st in doc["stages"]:
        row[st["stage"] + "_kg_co2e"] = st["kg_co2e"]
    for f in FLOWS:
        row[f + "_kg_co2e"] = doc["flows"].get(f)
    return row


def compute_partition(rows, db_path, base_dir, input_name):
    """One task: [(line number, line text)] -> [row]. Runs on a worker."""
    import pcf
    db = _db(db_path)
    out = []
    for line_no, text in rows:
        model_id = None
        try:
            text = text.rstrip("\r\n")
            if '"pcf_model"' in text:
                model = pcf.Model.from_json(text, input_name)
            else:
                ref = json.loads(text) if text.strip() else None
                if not isinstance(ref, dict) or not isinstance(ref.get("path"), str):
                    raise ValueError('each line holds a model document or {"path": FILE}')
                path = ref["path"]
                model = pcf.Model.from_json(path if os.path.isabs(path)
                                            else os.path.join(base_dir, path))
            with model:
                try:
                    doc = model.calculate(db).to_dict()
                except pcf.Error:
                    model_id = model.to_dict()["products"][0].get("id")
                    raise
            out.append(row_of(line_no, doc))
        except (pcf.Error, ValueError, OSError) as e:
            out.append({"line": line_no, "id": model_id, "status": "error", "error": str(e)})
    return out


def read_input(path):
    """[(line number, text)] and the folder relative paths are taken from."""
    if os.path.isdir(path):
        names = sorted(n for n in os.listdir(path) if n.endswith(".json"))
        return ([(i + 1, json.dumps({"path": n})) for i, n in enumerate(names)],
                os.path.abspath(path))
    with open(path, encoding="utf-8") as f:
        return ([(i + 1, line) for i, line in enumerate(f)],
                os.path.dirname(os.path.abspath(path)))


def run(client, lines, base_dir, db_path, partition, retries, input_name):
    parts = [lines[i:i + partition] for i in range(0, len(lines), partition)]
    futures = client.map(compute_partition, parts, db_path=db_path, base_dir=base_dir,
                         input_name=input_name, retries=retries, pure=True)
    table = []
    for part in client.gather(futures):
        table.extend(part)
    return table


def write_csv(table, path):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        for row in table:
            # repr keeps every digit of a double: the CSV reads back to the same numbers
            w.writerow({k: repr(v) if isinstance(v, float) else v for k, v in row.items()})


def write_sqlite(table, path):
    if os.path.exists(path):
        os.remove(path)
    con = sqlite3.connect(path)
    cols = ", ".join(f'"{c}"' + (" INTEGER" if c == "line" else
                                  " TEXT" if c in ("id", "status", "error") else " REAL")
                     for c in COLUMNS)
    con.execute(f"CREATE TABLE results ({cols})")
    con.executemany(f"INSERT INTO results VALUES ({', '.join('?' * len(COLUMNS))})",
                    [tuple(r.get(c) for c in COLUMNS) for r in table])
    con.commit()
    con.close()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input")
    ap.add_argument("--csv", required=True)
    ap.add_argument("--sqlite", required=True)
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--scheduler", help="address of a running dask scheduler")
    where.add_argument("--local", type=int, metavar="N", help="start N local worker processes")
    ap.add_argument("--db", help="factor database (the same path on every worker)")
    ap.add_argument("--partition", type=int, default=200)
    ap.add_argument("--retries", type=int, default=3)
    a = ap.parse_args(argv)
    if a.partition < 1:
        ap.error("--partition takes 1 or more")

    from dask.distributed import Client, LocalCluster
    lines, base_dir = read_input(a.input)
    db_path = os.path.abspath(a.db) if a.db else None
    if a.local:
        cluster = LocalCluster(n_workers=a.local, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    else:
        cluster, client = None, Client(a.scheduler)
    try:
        table = run(client, lines, base_dir, db_path, a.partition, a.retries,
                    os.path.basename(a.input))
    finally:
        client.close()
        if cluster:
            cluster.close()
    write_csv(table, a.csv)
    write_sqlite(table, a.sqlite)
    failed = sum(r["status"] != "ok" for r in table)
    print(f"pcf_dask: {len(table)} line(s): {len(table) - failed} ok, {failed} failed",
          file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
