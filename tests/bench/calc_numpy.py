#!/usr/bin/env python3
"""The numpy peer of `pcf calc` for the deterministic benchmark (compare_calc.py): reads the
same generated model (one product, every activity a mass in kg bound by code to a factor of the
factor database), looks the factors up in the same SQLite file, converts each factor to kg CO2e
per kg and sums amount x factor with numpy. It does only what the generated models need (one
product, the materials stage, factors without a per-gas split), so it is the floor a vectorised
script reaches, not a second footprint engine.
Prints `total_kg_co2e=... load_s=... calc_s=...`: load is the JSON parse, calc the factor look-up
and the vectorised sum (the counterpart of pcf's resolve + calculate).
Usage: calc_numpy.py MODEL FACTORS_DB"""
import json
import sqlite3
import sys
import time

import numpy as np

# kg per published mass unit of the factors the generator picks (pcf's units table: the
# international avoirdupois pound, 1 lb = 0.45359237 kg exactly; 1 short ton = 2,000 lb).
KG_PER_UNIT = {"kg": 1.0, "t": 1000.0, "short ton": 907.18474}


def main():
    model_path, db_path = sys.argv[1], sys.argv[2]
    t0 = time.perf_counter()
    with open(model_path, "rb") as f:
        model = json.load(f)
    t1 = time.perf_counter()
    acts = model["products"][0]["stages"]["materials"]
    amount = np.fromiter((a["amount"] for a in acts), dtype=np.float64, count=len(acts))
    # codes to indices through a dict (a hash look-up per activity): np.unique on an object
    # array would sort a million Python strings, several times slower than this
    ids = {}
    index = np.fromiter((ids.setdefault(a["factor"], len(ids)) for a in acts), dtype=np.intp,
                        count=len(acts))
    unique = list(ids)
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    per_kg = np.empty(len(unique))
    for i, code in enumerate(unique):
        row = db.execute("SELECT kg_co2e, per_unit FROM factors WHERE code = ?", (code,)).fetchone()
        if row is None or row[1] not in KG_PER_UNIT:
            sys.exit(f"calc_numpy: factor {code}: not found or not per mass")
        per_kg[i] = row[0] / KG_PER_UNIT[row[1]]
    total = float(np.dot(amount, per_kg[index]))
    t2 = time.perf_counter()
    print(f"total_kg_co2e={total!r} load_s={t1 - t0:.6f} calc_s={t2 - t1:.6f}")


if __name__ == "__main__":
    main()
