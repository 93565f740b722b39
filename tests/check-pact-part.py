#!/usr/bin/env python3
"""`pcf pact part` prints components that `pcf calc` accepts.

For every PACT footprint in tests/data/pact, the part in the supplier's own unit, and by mass
(2 kg) when the footprint gives productMassPerDeclaredUnit, goes into a one-product model that
`pcf calc` computes; without a mass, counting the part in kg is refused by `pact part` itself,
naming the missing field. Expected figures, by hand from the files:
  v3-example-2.json: pcfIncludingBiogenicUptake -14.22 per declaredUnitAmount 12 liter, of mass
  9.47 kg: one liter -14.22 / 12 = -1.185; 2 kg: 2 x -14.22 / 9.47 = -3.0031678986272440.
  v2-bioethanol.json: 1.85 per (one) liter: 12 L give 1.85 x 12 = 22.2.

Usage: check-pact-part.py PCF DATA_DIR"""
import json
import os
import subprocess
import sys
import tempfile


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def total(pcf, comp, tmp):
    # cradle-to-gate: the figures are the supplier's (cradle-to-grave would also release the
    # parts' biogenic carbon at end of life)
    model = {"pcf_model": 1, "boundary": "cradle-to-gate", "products": [{"id": "p", "name": {"en": "Assembly"},
                                           "declared_unit": {"amount": 1, "unit": "item"},
                                           "components": [comp]}]}
    path = os.path.join(tmp, "model.json")
    json.dump(model, open(path, "w"))
    p = subprocess.run([pcf, "calc", path, "--format", "json", "--quiet"],
                       capture_output=True, text=True)
    if p.returncode != 0:
        fail(f"pcf calc refuses the part {json.dumps(comp)}:\n{p.stderr}")
    return json.loads(p.stdout)["total_kg_co2e"]


def part(pcf, path, *extra, rc=0):
    p = subprocess.run([pcf, "pact", "part", path, *extra], capture_output=True, text=True)
    if p.returncode != rc:
        fail(f"pcf pact part {path} {' '.join(extra)} exited {p.returncode}:\n{p.stderr}")
    return p


def close(a, b):
    return abs(a - b) <= 1e-12 * max(1, abs(b))


def main():
    pcf, data = sys.argv[1:3]
    with tempfile.TemporaryDirectory() as tmp:
        for name in sorted(os.listdir(data)):
            if not (name.startswith("v2-") or name.startswith("v3-")):
                continue
            path = os.path.join(data, name)
            doc = json.load(open(path))
            total(pcf, json.loads(part(pcf, path).stdout), tmp)
            has_mass = "productMassPerDeclaredUnit" in doc["pcf"]
            p = part(pcf, path, "2", "kg", rc=0 if has_mass else 1)
            if has_mass:
                total(pcf, json.loads(p.stdout), tmp)
            elif "productMassPerDeclaredUnit" not in p.stderr:
                fail(f"{name}: refusal does not name productMassPerDeclaredUnit: {p.stderr}")
            print(f"{name}: part accepted by pcf calc")
        # a quantity that is not a positive amount is refused as misuse (exit 2), in any unit;
        # "-1" without "--" is an unknown option
        ex2 = os.path.join(data, "v3-example-2.json")
        for bad in (["-1", "parsec"], ["--", "-1", "parsec"], ["--", "-1", "kg"], ["0", "kg"],
                    ["--", "-0", "L"]):
            p = part(pcf, ex2, *bad, rc=2)
            if bad[0] == "--" or bad[0] == "0":
                if "greater than 0" not in p.stderr:
                    fail(f"pact part {' '.join(bad)}: refusal does not say why: {p.stderr}")
        t = total(pcf, json.loads(part(pcf, os.path.join(data, "v3-example-2.json"), "1", "L").stdout), tmp)
        if not close(t, -1.185):
            fail(f"v3-example-2 per liter {t} != -14.22 / 12 = -1.185")
        t = total(pcf, json.loads(part(pcf, os.path.join(data, "v3-example-2.json"), "2", "kg").stdout), tmp)
        if not close(t, 2 * -14.22 / 9.47):
            fail(f"v3-example-2 2 kg {t} != 2 x -14.22 / 9.47")
        t = total(pcf, json.loads(part(pcf, os.path.join(data, "v2-bioethanol.json"), "12", "L").stdout), tmp)
        if not close(t, 22.2):
            fail(f"v2 ethanol 12 L {t} != 1.85 x 12 = 22.2")
    print("ok")


if __name__ == "__main__":
    main()
