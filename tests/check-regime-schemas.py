#!/usr/bin/env python3
"""The exporters' regimes against their JSON Schemas in docs/: every CBAM example
input validates against docs/cbam-input.schema.json, `pcf cbam calc` of it against
docs/cbam-communication.schema.json (and its CSV has one row per good with the same SEE); broken
inputs are refused by both the schema and pcf. Skips (77) without python3-jsonschema.
Usage: check-regime-schemas.py PCF FACTORS_DB SOURCE_ROOT"""
import csv
import io
import json
import pathlib
import subprocess
import sys

try:
    import jsonschema
except ImportError:
    print("python3-jsonschema is not installed; skipping")
    sys.exit(77)

pcf, db, root = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
bad = 0


def validator(name):
    schema = json.loads((root / "docs" / name).read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def problems(v, doc, label):
    errors = list(v.iter_errors(doc))
    for e in errors[:5]:
        print(f"{label}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
    return bool(errors)


def run(*args):
    return subprocess.run([pcf, *args, "--db", db], capture_output=True, text=True)


cin, cout = validator("cbam-input.schema.json"), validator("cbam-communication.schema.json")
examples = sorted((root / "examples/cbam").glob("*.json"))
for f in examples:
    bad += problems(cin, json.loads(f.read_text()), f.name)
    for year in ("2026", "2027", "2028"):
        p = run("cbam", "calc", str(f), "--year", year)
        if p.returncode != 0:
            print(f"{f.name} {year}: pcf failed: {p.stderr}")
            bad += 1
            continue
        out = json.loads(p.stdout)
        bad += problems(cout, out, f"{f.name} {year} (output)")
        rows = list(csv.DictReader(io.StringIO(run("cbam", "calc", str(f), "--year", year,
                                                    "--format", "csv").stdout)))
        if len(rows) != len(out["goods"]):
            print(f"{f.name}: CSV has {len(rows)} rows for {len(out['goods'])} goods")
            bad += 1
        for row, good in zip(rows, out["goods"]):
            if row["cn_code"] != good["cn_code"] or float(row["see_direct"]) != good["see_direct"]:
                print(f"{f.name}: CSV row {row['cn_code']} differs from the JSON")
                bad += 1

# Broken inputs: the schema and pcf both refuse them.
base = json.loads((root / "examples/cbam/cement-xiamen.json").read_text())
broken = {
    "PPA without evidence": lambda d: d["production_processes"][0].__setitem__(
        "electricity", {"mwh": 1, "basis": "ppa", "ef_t_per_mwh": 0, "source": "x"}),
    "transport in a process": lambda d: d["production_processes"][0].__setitem__("transport", []),
    "default and actual data together": lambda d: d["production_processes"][0].__setitem__(
        "default", "cbam-cn-2026:cement-clinker-grey-other-than-white"),
    "negative direct emissions": lambda d: d["production_processes"][0].__setitem__(
        "direct_emissions_t", -5),
}
tmp = pathlib.Path("regime-broken.json")
for what, edit in broken.items():
    d = json.loads(json.dumps(base))
    edit(d)
    if cin.is_valid(d):
        print(f"schema accepts a CBAM input with {what}")
        bad += 1
    tmp.write_text(json.dumps(d))
    p = run("cbam", "calc", str(tmp))
    if p.returncode != 1 or "$.production_processes[0]" not in p.stderr:
        print(f"pcf accepts a CBAM input with {what} (exit {p.returncode}): {p.stderr}")
        bad += 1
# A process without electricity: the output still follows the schema, with "electricity": null
# (not zeros on a grid basis) and the CSV's three electricity fields empty.
d = json.loads(json.dumps(base))
del d["production_processes"][0]["electricity"]
tmp.write_text(json.dumps(d))
p = run("cbam", "calc", str(tmp))
if p.returncode != 0:
    print(f"a process without electricity: pcf failed: {p.stderr}")
    bad += 1
else:
    out = json.loads(p.stdout)
    bad += problems(cout, out, "a process without electricity (output)")
    if out["production_processes"][0]["electricity"] is not None:
        print(f"a process without electricity: {out['production_processes'][0]['electricity']}")
        bad += 1
    rows = list(csv.DictReader(io.StringIO(run("cbam", "calc", str(tmp), "--format",
                                                "csv").stdout)))
    pid = out["production_processes"][0]["id"]
    for row in rows:
        if row["process"] == pid and (row["electricity_mwh_per_t"] or row["electricity_basis"]):
            print(f"a process without electricity: CSV row {row}")
            bad += 1
tmp.unlink(missing_ok=True)

# The battery twin: its declaration against docs/battery-declaration.schema.json, and the stage
# figures add up to the declared total.
bout = validator("battery-declaration.schema.json")
twin = root / "examples/models/lfp-battery-pack-eu-battery.json"
p = run("calc", str(twin), "--format", "declaration")
if p.returncode != 0:
    print(f"{twin.name}: pcf failed: {p.stderr}")
    bad += 1
else:
    decl = json.loads(p.stdout)
    bad += problems(bout, decl, f"{twin.name} (declaration)")
    stages = sum(s["carbonFootprint"] for s in decl["carbonFootprintPerLifecycleStage"])
    if abs(stages - decl["batteryCarbonFootprint"]) > 1e-12:
        print(f"{twin.name}: stages add to {stages}, declared {decl['batteryCarbonFootprint']}")
        bad += 1
    # the ISO twin through --regime eu-battery is refused: it declares per kWh, not per battery
    p = run("calc", str(root / "examples/models/lfp-battery-pack.json"), "--regime", "eu-battery")
    if p.returncode != 1 or "battery" not in p.stderr:
        print(f"--regime eu-battery on the ISO twin: exit {p.returncode}: {p.stderr}")
        bad += 1
print(f"regime schemas: {len(examples)} CBAM examples and the battery twin checked, "
      f"{bad} problem(s)")
sys.exit(1 if bad else 0)
