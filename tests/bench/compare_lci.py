#!/usr/bin/env python3
"""Benchmark of pcf's LCI solver against SciPy in the same run: for USLCI and for a synthetic
ecoinvent-sized system (20,000 processes, 14 inputs each, so 300,000 non-zeros, with hubs,
supply chains and loops; seed 1; synthetic_inputs()), the wall and CPU time of pcf_lci_open (read
A and B from the database, factorise once with KLU, solve for every process) and of the SciPy peer
doing the same work
(read the same tables with sqlite3, build CSC matrices, splu of Aᵀ, one solve per right-hand
side). Rounds are interleaved so machine load falls on both; medians, the ratios and each side's
peak resident memory are printed. CPU time (process time) is printed beside wall time because on
a shared machine the wall time also counts the waits for a core. No timing assertion: this is a
report.
Monte Carlo: ITER iterations on one USLCI process (pcf_lci_mc, the symbolic factorisation
reused, one numeric refactorisation and one solve per iteration) against a SciPy loop doing the
same per iteration (draw the same exchanges by the rules of docs/lci.md, splu, one solve); the
means of both must agree within their Monte Carlo error, so both sample the same model.
Usage: compare_lci.py PCF BENCH_LCI USLCI_ZIP FLOWMAP [ROUNDS [MC_ITERATIONS]]
       compare_lci.py --peer DB NAME FLOWMAP   (one timed SciPy run, in its own process)
       compare_lci.py --peer-mc DB NAME FLOWMAP PCF PROCESS ITERATIONS SEED"""
import json
import math
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
    t0, c0 = time.perf_counter(), time.process_time()
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
    t, c = time.perf_counter() - t0, time.process_time() - c0
    print(json.dumps({"seconds": t, "cpu": c, "rhs": len(out), "n": len(ids), "nnz": int(A.nnz),
                      "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))


# ecoinvent v2 pedigree factors (Weidema et al. 2013, Table 2; lib/dq.c holds the same), rows:
# reliability, completeness, temporal, geographical, further technological correlation.
PEDIGREE = [[1.00, 1.05, 1.10, 1.20, 1.50], [1.00, 1.02, 1.05, 1.10, 1.20],
            [1.00, 1.03, 1.10, 1.20, 1.50], [1.00, 1.01, 1.02, 1.02, 1.10],
            [1.00, 1.00, 1.20, 1.50, 2.00]]


def mc_draws(con, name, A, idx, flowmap, gwp):
    """The sampled exchanges as (kind, p1, p2, p3, ratio, base, w, in_a, pos), docs/lci.md."""
    import math
    import lci_matrices
    out = []
    for (proc, prov, role, inp, amount, amount_ref, dist, u1, u2, u3, ped, fname, comp,
         unit) in con.execute(
            "SELECT e.process, e.provider, e.role, e.input, e.amount, e.amount_ref, e.dist, e.u1, "
            "e.u2, e.u3, e.pedigree, f.name, f.compartment, f.ref_unit FROM lci_exchanges e "
            "JOIN lci_flows f ON f.lcidb = e.lcidb AND f.id = e.flow WHERE e.lcidb = ? AND "
            "e.role IN ('linked', 'elementary') AND (e.dist <> '' OR e.pedigree <> '')", (name,)):
        if dist == "LOG_NORMAL_DISTRIBUTION":
            if not u2 or u2 <= 1:
                continue
            d = ("ln", math.log(abs(u1)), math.log(u2), -1.0 if u1 < 0 else 1.0)
        elif dist == "NORMAL_DISTRIBUTION":
            if not u2:
                continue
            d = ("n", u1, u2, 0)
        elif dist == "TRIANGLE_DISTRIBUTION":
            lo, hi = min(u1, u2, u3), max(u1, u2, u3)
            if hi <= lo:
                continue
            d = ("t", lo, u2, hi)
        elif dist == "UNIFORM_DISTRIBUTION":
            if u1 == u2:
                continue
            d = ("u", min(u1, u2), max(u1, u2), 0)
        else:
            s = [int(x) for x in ped.strip("()").split(";")]
            sigma = 0.5 * math.sqrt(sum(math.log(PEDIGREE[i][v - 1]) ** 2 for i, v in
                                        enumerate(s)))
            if sigma == 0 or amount == 0:
                continue
            d = ("ln", math.log(abs(amount)), sigma, -1.0 if amount < 0 else 1.0)
        if amount == 0:
            continue
        j = idx[proc]
        if role == "linked":
            i = idx[prov]
            lo, hi = A.indptr[j], A.indptr[j + 1]
            pos = lo + list(A.indices[lo:hi]).index(i)
            out.append(d + (amount_ref / amount, amount_ref, -1.0 if inp else 1.0, True, pos))
        else:
            m = flowmap.get((lci_matrices.norm(fname), lci_matrices.compartment(comp)))
            if m and unit == "kg":
                w = (-1.0 if inp else 1.0) * gwp[m[0]]
                out.append(d + (amount_ref / amount, amount_ref, w, False, j))
    return out


def peer_mc(db, name, flowmap, pcf, process, iterations, seed):
    import sqlite3
    import numpy as np
    import scipy.sparse as sp
    from scipy.sparse.linalg import splu
    import lci_matrices
    gwp = {}
    for line in subprocess.run([pcf, "gwp", "AR6"], check=True, capture_output=True,
                               text=True).stdout.splitlines()[1:]:
        f = line.split()
        gwp[f[0]] = float(f[-1])
    fm = lci_matrices.read_flowmap(flowmap)
    ids, scale, A, direct = lci_matrices.load(db, name, fm)
    A = A.tocsc()
    A.sort_indices()
    con = sqlite3.connect(db)
    idx = {p: i for i, p in enumerate(ids)}
    draws = mc_draws(con, name, A, idx, fm, gwp)
    d0 = np.zeros(len(ids))
    for (gas, kind), v in direct.items():
        d0 += v * gwp[gas]
    p = ids.index(process)
    rng = np.random.default_rng(seed)
    t0, c0 = time.perf_counter(), time.process_time()
    # every draw of every iteration at once (vectorised), then one splu and solve per iteration
    n_it, nd = iterations, len(draws)
    col = lambda k: np.array([x[k] for x in draws], dtype=float)
    kind = np.array([x[0] for x in draws])
    a, b, c = col(1), col(2), col(3)
    v = np.empty((n_it, nd))
    for k in ("ln", "n", "t", "u"):
        m = kind == k
        cnt = int(m.sum())
        if not cnt:
            continue
        if k == "ln":
            v[:, m] = c[m] * np.exp(a[m] + b[m] * rng.standard_normal((n_it, cnt)))
        elif k == "n":
            v[:, m] = a[m] + b[m] * rng.standard_normal((n_it, cnt))
        elif k == "t":
            v[:, m] = rng.triangular(a[m], b[m], c[m], (n_it, cnt))
        else:
            v[:, m] = rng.uniform(a[m], b[m], (n_it, cnt))
    delta = col(6) * (v * col(4) - col(5))
    in_a = np.array([x[7] for x in draws], dtype=bool)
    pos = np.array([x[8] for x in draws], dtype=np.int64)
    res = np.empty(iterations)
    for it in range(iterations):
        data = A.data.copy()
        d = d0.copy()
        np.add.at(data, pos[in_a], delta[it, in_a])
        np.add.at(d, pos[~in_a], delta[it, ~in_a])
        lu = splu(sp.csc_matrix((data, A.indices, A.indptr), shape=A.shape))
        res[it] = lu.solve(d, trans="T")[p] * scale[p]
    t, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(json.dumps({"seconds": t, "cpu": cpu, "mean": float(res.mean()),
                      "sd": float(res.std(ddof=1)),
                      "parameters": len(draws),
                      "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))


def synthetic_inputs(rng, i, n, k):
    """The k providers of process i, shaped like a process database rather than a random graph
    (a uniformly random one fills its LU factors almost densely, which no LCA database does):
    10% from 200 hub processes (energy, transport; they also use each other, a loop of ~200),
    3% from a process within 20 places on either side (local loops, ~7,000 processes in loops),
    the rest from the same supply chain upstream (a lower index, ~100 places back on average)."""
    js = set()
    while len(js) < k:
        r = rng.random()
        if r < 0.03:
            j = rng.randrange(max(0, i - 20), min(n, i + 20))
        elif r < 0.13:
            j = rng.randrange(0, 200)
        else:
            j = i - 1 - int(rng.expovariate(1 / 100))
        if 0 <= j < n and j != i:
            js.add(j)
    return sorted(js)


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
        for j in synthetic_inputs(rng, i, n, k):
            # inputs sum to < 0.5 per unit of output: A is column diagonally dominant, so
            # invertible
            ex.append({"flow": {"@id": "f%05d" % j}, "amount": rng.uniform(0, 0.5 / k),
                       "unit": unit, "flowProperty": prop, "input": True})
        ex.append({"flow": {"@id": "co2"}, "amount": rng.uniform(0.1, 2), "unit": unit,
                   "flowProperty": prop})
        put("processes", {"@id": "p%05d" % i, "name": "process %d" % i, "exchanges": ex})
    z.close()


def main():
    if sys.argv[1] == "--peer":
        return peer(*sys.argv[2:5])
    if sys.argv[1] == "--peer-mc":
        a = sys.argv[2:9]
        return peer_mc(a[0], a[1], a[2], a[3], a[4], int(a[5]), int(a[6]))
    pcf, bench, uslci, flowmap = sys.argv[1:5]
    rounds = int(sys.argv[5]) if len(sys.argv) > 5 else 5
    mc_iter = int(sys.argv[6]) if len(sys.argv) > 6 else 1000
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
            p_t, s_t, p_c, s_c, p_rss, s_rss, info = [], [], [], [], 0, 0, ""
            for _ in range(rounds):
                out = subprocess.run([bench, d, name, "1"], check=True, capture_output=True,
                                     text=True).stdout.split("\n")
                fields = out[0].split()
                p_t.append(float(fields[1]))
                p_c.append(float(fields[7]))
                info = "n=%s nnz=%s" % (fields[3], fields[5])
                p_rss = max(p_rss, int(out[1].split()[1]))
                r = json.loads(subprocess.run([sys.executable, __file__, "--peer", d, name,
                                               flowmap], check=True, capture_output=True,
                                              text=True).stdout)
                s_t.append(r["seconds"])
                s_c.append(r["cpu"])
                s_rss = max(s_rss, r["peak_rss_kb"])
            pm, sm = statistics.median(p_t), statistics.median(s_t)
            pc, sc = statistics.median(p_c), statistics.median(s_c)
            print("%s (%s): wall pcf %.4f s, SciPy %.4f s, SciPy/pcf %.2f; CPU pcf %.4f s, SciPy "
                  "%.4f s, SciPy/pcf %.2f; peak RSS pcf %d MB, SciPy process %d MB" %
                  (label, info, pm, sm, sm / pm, pc, sc, sc / pc, p_rss // 1024, s_rss // 1024),
                  flush=True)
            if name == "uslci":
                mc(bench, pcf, d, name, flowmap, rounds, mc_iter)
    print("load at end: %.2f" % os.getloadavg()[0])


# Stainless steel 316 2B, 80% recycled: 48 sampled exchanges of its own and more upstream.
MC_PROCESS = "c19569ac-f0ab-453a-b70b-43f73bad11f8"


def mc(bench, pcf, db, name, flowmap, rounds, iterations):
    p_t, p2_t, s_t, p_c, s_c, p_rss, s_rss = [], [], [], [], [], 0, 0
    for r in range(rounds):
        for threads, times in ((1, p_t), (2, p2_t)):
            out = subprocess.run([bench, db, name, "1", MC_PROCESS, str(iterations), str(threads)],
                                 check=True, capture_output=True, text=True).stdout.split("\n")
            f = out[0].split()
            times.append(float(f[1]))
            if threads == 1:
                p_c.append(float(f[7]))
            p_mean, params = float(f[3]), int(f[5])
            p_rss = max(p_rss, int(out[1].split()[1]))
        q = json.loads(subprocess.run([sys.executable, __file__, "--peer-mc", db, name, flowmap,
                                       pcf, MC_PROCESS, str(iterations), str(r + 1)], check=True,
                                      capture_output=True, text=True).stdout)
        s_t.append(q["seconds"])
        s_c.append(q["cpu"])
        s_rss = max(s_rss, q["peak_rss_kb"])
    se = q["sd"] / iterations ** 0.5
    pm, pm2, sm = statistics.median(p_t), statistics.median(p2_t), statistics.median(s_t)
    pc, sc = statistics.median(p_c), statistics.median(s_c)
    print("Monte Carlo %d iterations on USLCI (%d sampled exchanges; SciPy %d): wall pcf %.3f s "
          "(2 threads %.3f s), SciPy loop %.3f s, SciPy/pcf %.2f (2 threads %.2f); CPU pcf "
          "%.3f s (1 thread), SciPy %.3f s, SciPy/pcf %.2f; means pcf %.6g, SciPy %.6g (%.1f "
          "standard errors apart); peak RSS pcf %d MB, SciPy process %d MB" %
          (iterations, params, q["parameters"], pm, pm2, sm, sm / pm, sm / pm2, pc, sc, sc / pc,
           p_mean, q["mean"], abs(p_mean - q["mean"]) / se, p_rss // 1024, s_rss // 1024),
          flush=True)


if __name__ == "__main__":
    main()
