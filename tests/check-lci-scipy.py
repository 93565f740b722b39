#!/usr/bin/env python3
"""Independent check of pcf's LCI solver: imports USLCI with `pcf lci import`, rebuilds
the technology matrix A and the intervention matrix B from the database tables pcf wrote (with
this script's own reading of data/lci-flowmap.csv), solves them with SciPy's SuperLU (`splu`),
and compares the cumulative kg of fossil CO2, fossil and biogenic CH4 and N2O of every process
with `pcf lci solve --format csv` to a relative 1e-9.

Usage: check-lci-scipy.py PCF USLCI_ZIP FLOWMAP_CSV
Skips (exit 77) when SciPy is not installed."""
import csv
import io
import os
import pathlib
import subprocess
import sys
import tempfile

try:
    import numpy as np
    from scipy.sparse.linalg import splu
except ImportError:
    print("SciPy is not installed: skipped")
    sys.exit(77)

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import lci_matrices  # noqa: E402

GASES = ["co2_fossil", "ch4_fossil", "ch4_biogenic", "n2o"]


def main():
    pcf, zip_path, flowmap = sys.argv[1:4]
    fmap = lci_matrices.read_flowmap(flowmap)
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "u.db")
        subprocess.run([pcf, "lci", "import", db, zip_path, "--name", "uslci"], check=True,
                       stdout=subprocess.DEVNULL)
        out = subprocess.run([pcf, "lci", "solve", db, "--name", "uslci", "--no-store",
                              "--format", "csv"], check=True, capture_output=True,
                             text=True).stdout
        ids, scale, A, direct = lci_matrices.load(db, "uslci", fmap)
    n = len(ids)
    idx = {p: j for j, p in enumerate(ids)}
    d = {g: np.zeros(n) for g in GASES}
    for (gas, _kind), v in direct.items():
        if gas in d:
            d[gas] += v
    lu = splu(A.T.tocsc())
    ref = {g: lu.solve(d[g]) * scale for g in GASES}
    got = {g: np.zeros(n) for g in GASES}
    for r in csv.DictReader(io.StringIO(out)):
        for g in GASES:
            got[g][idx[r["process"]]] = float(r[g])
    # Relative 1e-9. An exact zero (no such emission upstream) comes out of SuperLU's transposed
    # solve as rounding noise (1e-17 .. 2e-16 seen) while UMFPACK gives 0; a difference below
    # 1e-12 of the largest value of that gas is counted as such noise and reported apart.
    worst, checked, floored = 0.0, 0, 0
    for g in GASES:
        floor = 1e-12 * float(np.max(np.abs(ref[g])))
        for j in range(n):
            a, b = got[g][j], ref[g][j]
            scale_ab = max(abs(a), abs(b))
            if scale_ab == 0:
                continue
            rel = abs(a - b) / scale_ab
            if rel > 1e-9 and abs(a - b) <= floor:
                floored += 1
                continue
            checked += 1
            worst = max(worst, rel)
            if rel > 1e-9:
                print("process %s gas %s: pcf %r, SciPy %r (relative %g)" %
                      (ids[j], g, a, b, rel))
                sys.exit(1)
    if checked < n:
        print("only %d non-zero values compared; expected at least one per process" % checked)
        sys.exit(1)
    print("%d processes, %d non-zero values of %s agree with SciPy splu (%d below the noise "
          "floor); worst relative difference %.3g" % (n, checked, ", ".join(GASES), floored,
                                                      worst))


main()
