#!/usr/bin/python3
"""The LCI example (suite 'examples'): the README's `pcf lci` commands and `pcf lci mc`, then
every model of examples/models/lci/ computed with the solved USLCI processes as a factor layer.

    check_lci.py PCF FACTORS_DB USLCI_ZIP MODELS_DIR

For ev-charger-uslci.json, which is ev-charger.json with the PC/ABS enclosure's factor (DESNZ
average rigid plastic) replaced by a USLCI process, the total must differ from ev-charger.json's
by exactly amount / (1 - loss) x (USLCI factor - DESNZ factor): 0.9 kg with 3% loss, both
factors read from the databases in the same run. Exit 0 when every assertion holds.
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

ABS = "0e42a306-ee2d-362e-8bc3-580000096459"  # Acrylonitrile-butadiene-styrene ... resin, CTR
DESNZ_RIGID = "desnz-2025:19_505_5128_15_1"    # Plastics: average plastic rigid, per tonne


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"FAIL: {' '.join(cmd)} exited {p.returncode}\n{p.stdout}\n{p.stderr}")
    return p.stdout


def check(cond, msg):
    if not cond:
        sys.exit("FAIL: " + msg)


def close(a, b, rel=1e-9):
    return abs(a - b) <= rel * max(abs(a), abs(b), 1e-300)


def mc_cli(pcf, db):
    """`pcf lci mc`: the same samples at 1 and 2 threads; the summary is of those samples."""
    steel = "c19569ac-f0ab-453a-b70b-43f73bad11f8"  # Stainless steel 316 2B, 80% recycled
    base = [pcf, "lci", "mc", db, steel, "--name", "uslci", "--iterations", "200", "--seed", "3"]
    one = run(base + ["--threads", "1", "--format", "csv"])
    two = run(base + ["--threads", "2", "--format", "csv"])
    check(one == two, "pcf lci mc: samples differ between 1 and 2 threads")
    x = [float(line.split(",")[1]) for line in one.splitlines()[1:]]
    check(len(x) == 200, f"{len(x)} samples for 200 iterations")
    s = json.loads(run(base + ["--threads", "2", "--format", "json"]))
    check(close(s["mean"], sum(x) / len(x), 1e-12), f"mean {s['mean']} of samples {x[:3]}...")
    shown = json.loads(run([pcf, "lci", "show", db, steel, "--name", "uslci", "--format",
                            "json"]))
    check(s["deterministic"] == shown["total"] and s["parameters"] > 0 and s["sd"] > 0, str(s))
    p = subprocess.run(base + ["--iterations", "1"], capture_output=True, text=True)
    check(p.returncode == 2 and "--iterations" in p.stderr, p.stderr)
    print(f"pcf lci mc: mean {s['mean']} sd {s['sd']} over 200 iterations, 1 = 2 threads")


def main():
    pcf, factors, uslci, models_dir = sys.argv[1:5]
    models = sorted(glob.glob(os.path.join(models_dir, "*.json")))
    check(len(models) >= 1, f"no model in {models_dir}")
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "uslci.db")
        # The README's commands (section "Life-cycle inventory databases").
        run([pcf, "lci", "import", db, uslci, "--name", "uslci"])
        out = run([pcf, "lci", "solve", db, "--name", "uslci", "--gwp", "AR5", "--license",
                   "MIT (USLCI)"])
        check("solved 766 processes" in out and "stored 660 factors" in out, out)
        shown = json.loads(run([pcf, "lci", "show", db, ABS, "--name", "uslci", "--gwp", "AR5",
                                "--format", "json"]))
        lci_factor = json.loads(run([pcf, "factors", "show", "uslci:" + ABS, "--json", "--db",
                                     db]))["kg_co2e"]
        # the stored factor is the solved result, printed in its shortest exact form both times
        check(lci_factor == shown["total"], f"factor {lci_factor} != solved {shown['total']}")
        mc_cli(pcf, db)
        desnz = json.loads(run([pcf, "factors", "show", DESNZ_RIGID, "--json", "--db",
                                factors]))["kg_co2e"] / 1000  # per t -> per kg
        for m in models:
            r = json.loads(run([pcf, "calc", m, "--db", factors, "--layer", db, "--format",
                                "json"]))
            lines = [x for x in r["lines"] if x["factor_code"].startswith("uslci:")]
            check(lines, f"{m}: no audit line uses a uslci factor")
            check(all(x["layer"] != "default" for x in lines), f"{m}: the layer is not named")
            check(len(r["notes"]) == 1 and r["notes"][0].startswith("Recycling method"),
                  f"{m}: unexpected notes {r['notes']}")
            print(f"{os.path.basename(m)}: {r['total_kg_co2e']} kg CO2e, "
                  f"{len(lines)} line(s) from USLCI")
        ev = os.path.join(models_dir, "ev-charger-uslci.json")
        base = os.path.join(models_dir, os.pardir, "ev-charger.json")
        new = json.loads(run([pcf, "calc", ev, "--db", factors, "--layer", db, "--format",
                              "json"]))["total_kg_co2e"]
        old = json.loads(run([pcf, "calc", base, "--db", factors, "--format",
                              "json"]))["total_kg_co2e"]
        want = old + 0.9 / (1 - 0.03) * (lci_factor - desnz)
        check(close(new, want), f"ev-charger-uslci total {new}, expected {want} "
              f"(ev-charger {old} + 0.9/0.97 x ({lci_factor} - {desnz}))")
        print(f"ev-charger {old} -> with USLCI ABS {new} kg CO2e (as computed by hand)")


main()
