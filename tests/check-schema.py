#!/usr/bin/env python3
"""docs/model.schema.json accepts every model under examples/models/ and tests/data/ that pcf
accepts, and rejects a few broken ones. Skips (77) when python3-jsonschema is not installed.
Usage: check-schema.py SOURCE_ROOT"""
import json
import pathlib
import sys

try:
    import jsonschema
except ImportError:
    print("python3-jsonschema is not installed; skipping")
    sys.exit(77)

root = pathlib.Path(sys.argv[1])
schema = json.loads((root / "docs/model.schema.json").read_text())
jsonschema.Draft7Validator.check_schema(schema)
v = jsonschema.Draft7Validator(schema)
bad = 0
models = sorted((root / "examples/models").glob("*.json"))
for f in models:
    errors = list(v.iter_errors(json.loads(f.read_text())))
    for e in errors[:5]:
        print(f"{f.name}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
    bad += bool(errors)
example = json.loads((root / "examples/models/led-luminaire.json").read_text())
broken = [("negative amount", ("materials", 0, "amount"), -1),
          ("unknown route", ("end_of_life", 0, "route"), "compost-heap"),
          ("share above 1", ("end_of_life", 0, "share"), 1.5)]
for what, (stage, i, key), value in broken:
    m = json.loads(json.dumps(example))
    m["products"][0]["stages"][stage][i][key] = value
    if v.is_valid(m):
        print(f"schema accepts a model with {what}")
        bad += 1
print(f"schema: {len(models)} models checked, {bad} problem(s)")
sys.exit(1 if bad else 0)
