"""Rebuilds an imported LCI database's matrices from the tables pcf wrote (data/schema.sql,
lci_*), for the SciPy cross-check (check-lci-scipy.py) and the SciPy peer of the benchmark
(bench/compare_lci.py). The flow classification is this module's own reading of
data/lci-flowmap.csv, by the rule docs/lci.md states."""
import csv
import sqlite3

import numpy as np
import scipy.sparse as sp

PARTS = {"fossil": 1, "biogenic": 2, "dluc": 3, "removal": 4}


def compartment(path):
    segs = [s.strip().lower() for s in path.split("/")]
    if any(s.startswith("resource") for s in segs):
        return "resource"
    for s in segs:
        for w in ("air", "water", "soil"):
            if s == w or s.endswith("to " + w):
                return w
    return "unspecified"


def norm(name):
    return " ".join(name.split()).lower()


def read_flowmap(path):
    """{(normalised name, compartment): (gas key, kind)} for the rows that count."""
    out = {}
    for r in csv.DictReader(open(path, encoding="utf-8")):
        if r["gas"]:
            out[(norm(r["name"]), r["compartment"])] = (r["gas"], r["kind"])
    return out


def load(db_path, name, flowmap):
    """Returns (process ids, scale, A as CSC, {gas key: direct kg vector}, {part: kind mask})
    where direct[gas][j] is process j's own net kg of that gas and kinds[(gas, kind)][j] the
    same split by kind."""
    con = sqlite3.connect(db_path)
    procs = con.execute("SELECT id, idx, ref_to_flow_unit FROM lci_processes WHERE lcidb = ? "
                        "ORDER BY idx", (name,)).fetchall()
    n = len(procs)
    idx = {p[0]: p[1] for p in procs}
    scale = np.array([p[2] for p in procs])
    rows, cols, vals = [], [], []
    for proc, prov, role, inp, amt in con.execute(
            "SELECT process, provider, role, input, amount_ref FROM lci_exchanges WHERE "
            "lcidb = ? AND role IN ('reference', 'linked')", (name,)):
        rows.append(idx[proc] if role == "reference" else idx[prov])
        cols.append(idx[proc])
        vals.append(amt if role == "reference" else (-amt if inp else amt))
    A = sp.csc_matrix((vals, (rows, cols)), shape=(n, n))  # duplicates are summed
    direct = {}
    for proc, inp, amt, fname, comp, unit in con.execute(
            "SELECT e.process, e.input, e.amount_ref, f.name, f.compartment, f.ref_unit FROM "
            "lci_exchanges e JOIN lci_flows f ON f.lcidb = e.lcidb AND f.id = e.flow WHERE "
            "e.lcidb = ? AND e.role = 'elementary'", (name,)):
        m = flowmap.get((norm(fname), compartment(comp)))
        if m and unit == "kg":
            v = direct.setdefault(m, np.zeros(n))
            v[idx[proc]] += -amt if inp else amt
    con.close()
    return [p[0] for p in procs], scale, A, direct
