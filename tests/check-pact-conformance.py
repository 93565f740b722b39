#!/usr/bin/env python3
"""PACT conformance against the official WBCSD schemas.

1. Every PACT document pcf writes — every example model, as v2.3 and as v3.0 — validates
   against `components.schemas.ProductFootprint` of the official OpenAPI document of its
   version (PACT Technical Specifications 2.3.3 and 3.0.3), with python3-jsonschema (draft
   2020-12).
2. pcf accepts every official example: `pcf pact validate` finds no error in each example
   response file (`{"data": [...]}` or `{"data": {...}}`), rejects the specification's own
   invalid example, and `pcf pact convert` turns each valid example into the other version,
   whose output again validates against that version's schema.

The official files are not part of pcf (their licence allows no redistribution); they are read
from `../shared/pact/wbcsd/` beside the checkout. Without that directory (or without PyYAML to
read the OpenAPI YAML: apt-get install python3-yaml) the test prints "skipped" and exits 77.

Usage: check-pact-conformance.py PCF FACTORS_DB FIELDS_JSON CONVERT_FIELDS_JSON SOURCE_ROOT MODEL...
(FIELDS_JSON: the company fields for pcf calc --format pact; CONVERT_FIELDS_JSON: the fields a
conversion may need that an official example lacks)"""
import glob
import json
import os
import subprocess
import sys


def skip(why):
    print("skipped:", why)
    sys.exit(77)


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def run(cmd, rc=0):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if rc is not None and p.returncode != rc:
        fail(f"{' '.join(cmd)} exited {p.returncode}, expected {rc}\n{p.stdout}\n{p.stderr}")
    return p


def validators(official):
    try:
        import yaml
        import jsonschema
    except ImportError as e:
        skip(f"{e.name} is missing (apt-get install python3-yaml python3-jsonschema)")
    out = {}
    for v in ("2", "3"):
        spec = yaml.safe_load(open(os.path.join(official, f"v{v}", "openapi.yaml"),
                                   encoding="utf-8"))
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                  "$ref": "#/components/schemas/ProductFootprint",
                  "components": spec["components"]}
        out[v] = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return out


def schema_errors(validator, doc):
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '$'}: {e.message}"
            for e in validator.iter_errors(doc)]


def footprints(doc):
    data = doc.get("data", doc) if isinstance(doc, dict) else doc
    return data if isinstance(data, list) else [data]


def official_schema_dir(root):
    """Where the official WBCSD PACT specification sits beside a checkout (its licence forbids
    copying it into the project). The one place that names it: the server check
    (examples/server/check_server.py) asks this function too."""
    return os.path.normpath(os.path.join(root, "..", "shared", "pact", "wbcsd"))


def main():
    if len(sys.argv) < 7:
        sys.exit(__doc__)
    pcf, db, fields, convert_fields, root = sys.argv[1:6]
    models = sys.argv[6:]
    official = official_schema_dir(root)
    if not os.path.isdir(official):
        skip(f"the official PACT schemas are not at {official}")
    val = validators(official)

    # 1. What pcf writes.
    written = 0
    for model in models:
        for version in ("2.3", "3.0"):
            p = run([pcf, "calc", model, "--db", db, "--format", "pact", "--quiet",
                     "--pact-version", version, "--pact-fields", fields])
            errs = schema_errors(val[version[0]], json.loads(p.stdout))
            if errs:
                fail(f"{os.path.basename(model)} as PACT {version} breaks the official schema:\n  "
                     + "\n  ".join(errs))
            written += 1
    print(f"{written} documents pcf writes ({len(models)} models x 2 versions) match the "
          "official schemas")

    # 2. The official examples.
    checked = 0
    for v in ("2", "3"):
        for path in sorted(glob.glob(os.path.join(official, f"v{v}", "*.json"))):
            name = f"v{v}/{os.path.basename(path)}"
            invalid = "invalid" in os.path.basename(path)
            p = run([pcf, "pact", "validate", path], rc=None)
            if invalid:
                if p.returncode == 0:
                    fail(f"{name}: the specification's invalid example was accepted")
                continue
            if p.returncode != 0:
                fail(f"{name}: pcf pact validate reports errors in an official example:\n"
                     + p.stdout + p.stderr)
            other = "2.3" if v == "3" else "3.0"
            p = run([pcf, "pact", "convert", path, "--pact-version", other,
                     "--pact-fields", convert_fields], rc=None)
            if p.returncode != 0 and f"PACT v{other} cannot express" in p.stderr:
                # a footprint the other version has no words for: refused, saying why
                print(f"{name}: not convertible to {other}: {p.stderr.strip()}")
                checked += 1
                continue
            if p.returncode != 0:
                fail(f"{name}: pcf pact convert to {other} failed:\n" + p.stdout + p.stderr)
            for fp in footprints(json.loads(p.stdout)):
                errs = schema_errors(val[other[0]], fp)
                if errs:
                    fail(f"{name} converted to {other} breaks the official schema:\n  "
                         + "\n  ".join(errs))
            checked += 1
    print(f"{checked} official examples accepted and converted; the invalid one refused")
    print("ok")


if __name__ == "__main__":
    main()
