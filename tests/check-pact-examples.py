#!/usr/bin/env python3
"""PACT export of every example model: for each model, `pcf calc --format
pact` in v2.3 and v3.0 writes a document that `pcf pact validate` accepts, and reading it back
(`pcf pact show`, i.e. pcf_pact_read) gives the totals of `pcf calc --format json`:
pcfIncluding = total, v3 pcfExcluding = total excluding removals, uptake = biogenic removals,
and (RC-9, docs/methods.md#rc-9) including = excluding + uptake in v3 (v2.3 figures are per
one declared unit, so they are first multiplied by unitaryProductAmount).

Usage: check-pact-examples.py PCF_EXE FACTORS_DB FIELDS_JSON MODEL..."""
import json
import subprocess
import sys


def run(args):
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        print("FAIL:", " ".join(args), "\n", r.stderr)
        sys.exit(1)
    return r.stdout


def close(a, b):
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def main():
    exe, db, fields = sys.argv[1:4]
    models = sys.argv[4:]
    checked = 0
    for model in models:
        res = json.loads(run([exe, "calc", model, "--db", db, "--format", "json", "--quiet"]))
        total = res["total_kg_co2e"]
        excl = res["total_excluding_removals_kg_co2e"]
        removal = res["flows"]["biogenic_removal"]
        for version in ("2.3", "3.0"):
            doc_text = run([exe, "calc", model, "--db", db, "--format", "pact", "--quiet",
                            "--pact-version", version, "--pact-fields", fields])
            path = f"{model}.{version}.pact.json".replace("/", "_")
            with open(path, "w", encoding="utf-8") as f:
                f.write(doc_text)
            run([exe, "pact", "validate", path])
            shown = {}
            for line in run([exe, "pact", "show", path]).splitlines()[2:]:
                key, value = line.split()
                shown[key] = float(value)
            v3 = version == "3.0"
            # v3.0 states figures per declaredUnitAmount units (the model's declared unit);
            # v2.3 per ONE declared unit, of which unitaryProductAmount make the model's: the
            # document's figures times that amount are the model's (PACT Technical
            # Specifications v2.3, CarbonFootprint: figures in kgCO2e / declaredUnit).
            k = 1.0 if v3 else float(json.loads(doc_text)["pcf"]["unitaryProductAmount"])
            incl = shown["pcfIncludingBiogenicUptake"] * k
            ex = shown["pcfExcludingBiogenicUptake"] * k
            up = shown.get("biogenicCO2Uptake", 0.0) * k
            problems = []
            if not close(incl, total):
                problems.append(f"pcfIncluding {incl} != total {total}")
            if v3 and not close(ex, excl):
                problems.append(f"pcfExcluding {ex} != total excluding removals {excl}")
            if not close(up, removal):
                problems.append(f"uptake {up} != biogenic removals {removal}")
            if v3 and not close(incl, ex + up):
                problems.append(f"RC-9: including {incl} != excluding {ex} + uptake {up}")
            doc = json.loads(doc_text)
            if doc["specVersion"] != ("3.0.0" if v3 else "2.3.0"):
                problems.append("wrong specVersion " + doc["specVersion"])
            if problems:
                print(f"FAIL {model} v{version}: " + "; ".join(problems))
                sys.exit(1)
            print(f"ok {model} v{version}: total {total} kg CO2e per declared unit")
            checked += 1
    print(f"{checked} PACT documents checked")
    sys.exit(0 if checked else 1)


if __name__ == "__main__":
    main()
