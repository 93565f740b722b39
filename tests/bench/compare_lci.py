#!/usr/bin/env python3
"""Benchmark of pcf's LCI solver against SciPy in the same run: for USLCI and for a
synthetic ecoinvent-sized system (20,000 processes, 14 random inputs each, so ~300,000
non-zeros with loops; seed 1), the wall time of pcf_lci_open (read A and B from the database,
factorise once with UMFPACK, solve for every process) and of the SciPy peer doing the same work
(read the same tables with sqlite3, build CSC matrices, splu of Aᵀ, one solve per right-hand
side). Rounds are interleaved so machine load falls on both; medians, the ratio and each side's
peak resident memory are printed. No timing assertion: this is a report.
Usage: compare_lci.py PCF BENCH_LCI USLCI_ZIP FLOWMAP [ROUNDS]
       compare_lci.py --peer DB NAME FLOWMAP   (one timed SciPy run, in its own process)"""
import json
import os
import pathlib
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile

sys.path.insert(0, str(pathlib.Path(__file__).parent.parent))


def peer(db, name, flowmap):
    import numpy as np
    from scipy.sparse.linalg import splu
    import lci_matrices
    t0 = time.perf_counter()
    ids, scale, A, direct = lci_matrices.load(db, name, lci_matrices.read_flowmap(flowmap))
    # the right-hand sides pcf solves: the total, each part (kind) and each gas present
    rhs = [sum(direct.values())]
    for group in (lambda k: k[1], lambda k: k[0]):
        sums = {}
        for k, v in direct.items():
            sums[group(k)] = sums.get(group(k), 0) + v
        rhs += list(sums.values())
    lu = splu(A.T.tocsc())
    out = [lu.solve(np.asarray(d, dtype=float)) * scale for d in rhs]
    t = time.perf_counter() - t0
    print(json.dumps({"seconds": t, "rhs": len(out), "n": len(ids), "nnz": int(A.nnz),
                      "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))


def synthetic_zip(path, n=20000, k=14, seed=1):
    rng = random.Random(seed)
    z = zipfile.ZipFile(path, "w", zipfile.ZIP_STORED)

    def put(folder, doc):
        z.writestr("%s/%s.json" % (folder, doc["@id"]), json.dumps(doc))

    put("categories", {"@id": "c-air", "name": "air"})
    put("unit_groups", {"@id": "ug", "name": "mass", "units": [
        {"@id": "kg", "name": "kg", "conversionFactor": 1.0, "referenceUnit": True}]})
    put("flow_properties", {"@id": "fp", "name": "Mass", "unitGroup": {"@id": "ug"}})
    fp = [{"flowProperty": {"@id": "fp"}, "conversionFactor": 1.0, "referenceFlowProperty": True}]
    put("flows", {"@id": "co2", "name": "Carbon dioxide, fossil", "flowType": "ELEMENTARY_FLOW",
                  "category": {"@id": "c-air", "name": "air"}, "flowProperties": fp})
    unit = {"@id": "kg", "name": "kg"}
    prop = {"@id": "fp"}
    for i in range(n):
        put("flows", {"@id": "f%05d" % i, "name": "product %d" % i, "flowType": "PRODUCT_FLOW",
                      "flowProperties": fp})
    for i in range(n):
        ex = [{"flow": {"@id": "f%05d" % i}, "amount": 1.0, "unit": unit, "flowProperty": prop,
               "quantitativeReference": True}]
        for j in rng.sample(range(n), k):
            # inputs sum to < 0.5 per unit of output: A is column diagonally dominant, so
            # invertible, while the random graph has loops of every length
            ex.append({"flow": {"@id": "f%05d" % j}, "amount": rng.uniform(0, 0.5 / k),
                       "unit": unit, "flowProperty": prop, "input": True})
        ex.append({"flow": {"@id": "co2"}, "amount": rng.uniform(0.1, 2), "unit": unit,
                   "flowProperty": prop})
        put("processes", {"@id": "p%05d" % i, "name": "process %d" % i, "exchanges": ex})
    z.close()


def main():
    if sys.argv[1] == "--peer":
        return peer(*sys.argv[2:5])
    pcf, bench, uslci, flowmap = sys.argv[1:5]
    rounds = int(sys.argv[5]) if len(sys.argv) > 5 else 5
    print("machine: nproc=%d load=%.2f at start; %d interleaved rounds, medians of wall time" %
          (os.cpu_count(), os.getloadavg()[0], rounds), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        cases = []
        db = os.path.join(tmp, "uslci.db")
        subprocess.run([pcf, "lci", "import", db, uslci, "--name", "uslci"], check=True,
                       stdout=subprocess.DEVNULL)
        cases.append(("USLCI (766 processes)", db, "uslci"))
        zpath = os.path.join(tmp, "synthetic.zip")
        synthetic_zip(zpath)
        db2 = os.path.join(tmp, "synthetic.db")
        t0 = time.perf_counter()
        subprocess.run([pcf, "lci", "import", db2, zpath, "--name", "synth"], check=True,
                       stdout=subprocess.DEVNULL)
        print("synthetic import (not compared): %.1f s" % (time.perf_counter() - t0), flush=True)
        cases.append(("synthetic 20,000 processes", db2, "synth"))
        for label, d, name in cases:
            p_t, s_t, p_rss, s_rss, info = [], [], 0, 0, ""
            for _ in range(rounds):
                out = subprocess.run([bench, d, name, "1"], check=True, capture_output=True,
                                     text=True).stdout.split("\n")
                fields = out[0].split()
                p_t.append(float(fields[1]))
                info = "n=%s nnz=%s" % (fields[3], fields[5])
                p_rss = max(p_rss, int(out[1].split()[1]))
                r = json.loads(subprocess.run([sys.executable, __file__, "--peer", d, name,
                                               flowmap], check=True, capture_output=True,
                                              text=True).stdout)
                s_t.append(r["seconds"])
                s_rss = max(s_rss, r["peak_rss_kb"])
            pm, sm = statistics.median(p_t), statistics.median(s_t)
            print("%s (%s): pcf %.4f s, SciPy %.4f s, SciPy/pcf %.2f; peak RSS pcf %d MB, "
                  "SciPy process %d MB" % (label, info, pm, sm, sm / pm, p_rss // 1024,
                                           s_rss // 1024), flush=True)
    print("load at end: %.2f" % os.getloadavg()[0])


main()
