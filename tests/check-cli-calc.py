#!/usr/bin/env python3
"""CLI golden test of `pcf calc` / `pcf validate` on the shipped example model.
- the text report equals tests/data/calc/led-luminaire.txt (run with --update to rewrite it);
- --format json carries every figure, and each figure is recomputable from the audit lines
  (kg = quantity x factor; activities, stages, flows and total are sums of lines);
- --format csv has one row per audit line plus the total;
- exit codes: 0 success, 1 a bad model (naming the JSON path), 2 misuse.
- options the getopt_long way (--format=json), "-" for standard input, `pcf help CMD`, -V, and
  `pcf validate` resolving factors against the default database unless --no-db.
Usage: check-cli-calc.py PCF FACTORS_DB SOURCE_ROOT [--update]"""
import csv
import io
import json
import math
import os
import pathlib
import subprocess
import sys
import tempfile

pcf, db, root = sys.argv[1:4]
update = "--update" in sys.argv
root = pathlib.Path(root)
model = root / "examples/models/led-luminaire.json"
golden = root / "tests/data/calc/led-luminaire.txt"
env = dict(os.environ, LC_ALL="C")
failures = 0


def run(*args):
    return subprocess.run([pcf, *args], capture_output=True, text=True, env=env)


def check(cond, what):
    global failures
    if not cond:
        failures += 1
        print("FAIL:", what)


def close(a, b, tol=1e-9):
    return abs(a - b) <= tol * max(1.0, abs(b))


# text, against the golden file (paths in the output are relative to the source root)
r = subprocess.run([pcf, "calc", "examples/models/led-luminaire.json", "--db", db, "--quiet"],
                   capture_output=True, text=True, env=env, cwd=root)
check(r.returncode == 0, f"pcf calc exit {r.returncode}: {r.stderr}")
if update:
    golden.write_text(r.stdout)
expected = golden.read_text()
check(r.stdout == expected, "text report differs from tests/data/calc/led-luminaire.txt:\n" +
      "".join(f"  got: {g}\n  exp: {e}\n" for g, e in zip(r.stdout.splitlines(),
                                                         expected.splitlines()) if g != e)[:3000])

# JSON: every figure, recomputable
r = run("calc", str(model), "--db", db, "--format", "json", "--quiet")
check(r.returncode == 0, "json exit")
doc = json.loads(r.stdout)
for key in ("product", "boundary", "gwp", "total_kg_co2e", "total_excluding_removals_kg_co2e",
            "stages", "flows", "gases", "unspecified_kg_co2e", "activities", "lines", "datasets",
            "primary_data_share", "biogenic_carbon_kg", "transport", "credits_kg_co2e", "notes"):
    check(key in doc, f"json has {key}")
lines = doc["lines"]
for i, l in enumerate(lines):
    check(close(l["kg_co2e"], l["quantity"] * l["factor_kg_co2e"]), f"line {i} = quantity x factor")
total = sum(l["kg_co2e"] for l in lines)
check(close(doc["total_kg_co2e"], total), "total = sum of lines")
check(close(sum(s["kg_co2e"] for s in doc["stages"]), total), "total = sum of stages")
check(close(sum(doc["flows"].values()), total), "total = sum of flows")
for i, a in enumerate(doc["activities"]):
    check(close(a["kg_co2e"], sum(l["kg_co2e"] for l in lines if l["activity"] == i)),
          f"activity {i} = sum of its lines")
# each line names the stage it counts in (the cardboard's biogenic carbon: taken up in materials,
# released at end of life), so every stage is the sum of its lines
for s in doc["stages"]:
    check(close(s["kg_co2e"], sum(l["kg_co2e"] for l in lines if l["stage"] == s["stage"]),
                1e-12), f"stage {s['stage']} = sum of its lines")
check(all(l["dataset"] and l["factor_code"] for l in lines if l["origin"] == "database"),
      "database lines name their factor and dataset")
check(any(l["fallback_taken"] and l["region_used"] == "CN" for l in lines), "fallback recorded")
check(doc["transport"]["ttw_complete"] is True, "every leg has its TTW part")
check(len(doc["stages"]) == 6, "six stages")

# CSV: one row per line + header + total
r = run("calc", str(model), "--db", db, "--format", "csv", "--quiet")
rows = list(csv.reader(io.StringIO(r.stdout)))
check(len(rows) == len(lines) + 2, f"csv rows {len(rows)} = lines {len(lines)} + 2")
check(rows[0][:3] == ["product", "stage", "activity"], "csv header")
check(close(float(rows[-1][13]), total), "csv total")
for s in doc["stages"]:
    check(close(s["kg_co2e"], sum(float(row[13]) for row in rows[1:-1] if row[1] == s["stage"]),
                1e-12), f"csv: stage {s['stage']} = sum of its rows")

# validate
r = run("validate", str(model))
check(r.returncode == 0 and "valid" in r.stdout, f"validate ok: {r.stdout}{r.stderr}")
r = run("validate", str(model), "--db", db)
check(r.returncode == 0, f"validate --db ok: {r.stderr}")

# errors: exit 1 naming the path; misuse exit 2
with tempfile.TemporaryDirectory() as tmp:
    bad = pathlib.Path(tmp, "bad.json")
    m = json.loads(model.read_text())
    m["products"][0]["stages"]["transport"][1]["distance"] = -5
    m["products"][0]["stages"]["materials"][0]["factor"] = "no-such-factor"
    bad.write_text(json.dumps(m, indent=2))
    r = run("calc", str(bad), "--db", db)
    check(r.returncode == 1, f"bad model exit {r.returncode}")
    check("$.products[0].stages.transport[1].distance" in r.stderr, "names the distance path")
    check("no-such-factor" in r.stderr, "names the missing factor")
    check("2 problem(s)" in r.stderr, f"counts both problems: {r.stderr}")
    r = run("validate", str(bad))
    check(r.returncode == 1 and "transport[1].distance" in r.stderr, "validate finds it")
    bad.write_text("{\"pcf_model\": 1,\n \"products\": [}")
    r = run("calc", str(bad), "--db", db)
    check(r.returncode == 1 and "line 2" in r.stderr, f"syntax error line: {r.stderr}")

    # Company layers: a factor of the same code in a layer wins, the last --layer wins
    # over earlier ones, and the audit line names the layer. The shipped virgin aluminium is
    # 7803 kg CO2e/t; 0.000663158 t of it (the model's frame) at 1000 and 2000 kg CO2e/t gives
    # 0.663158 and 1.32632 kg CO2e.
    code = "ademe-base-carbone-v22:aluminium-virgin"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        r = run("db", "export", db, str(tmp / "all.csv"))
        check(r.returncode == 0, f"export: {r.stderr}")
        rows = list(csv.reader(open(tmp / "all.csv", encoding="utf-8")))
        header, row = rows[0], next(x for x in rows[1:] if x[0] == code)
        layers = []
        for value in ("1000", "2000"):
            ds = tmp / f"ds{value}.csv"
            ds.write_text("dataset,name,version,publisher,license,url,date,attribution\n"
                          f"acme{value},ACME own factors,2026,ACME,internal,,2026,\n")
            own = list(row)
            own[header.index("dataset")] = f"acme{value}"
            own[header.index("value")] = value
            fc = tmp / f"f{value}.csv"
            with open(fc, "w", encoding="utf-8", newline="") as f:
                csv.writer(f).writerows([header, own])
            layer = tmp / f"acme{value}.db"
            r = run("db", "build", str(layer), str(ds), str(fc))
            check(r.returncode == 0, f"db build: {r.stderr}")
            layers.append(str(layer))
        for args, kg, name in ((["--layer", layers[0]], 0.663158, "acme1000"),
                               (["--layer", layers[0], "--layer", layers[1]], 1.32632, "acme2000"),
                               (["--layer", layers[1], "--layer", layers[0]], 0.663158, "acme1000")):
            r = run("calc", str(model), "--db", db, "--format", "json", *args)
            check(r.returncode == 0, f"calc {args}: {r.stderr}")
            if r.returncode == 0:
                line = next(l for l in json.loads(r.stdout)["lines"] if l["factor_code"] == code)
                check(close(line["kg_co2e"], kg, 1e-5), f"{args}: {line['kg_co2e']} != {kg}")
                check(line["layer"] == name, f"{args}: layer {line['layer']} != {name}")
        # Two layers whose files share a name ("acme1000.db" in two folders) both attach; the
        # second (the 2000 kg CO2e/t copy) wins.
        (tmp / "other").mkdir()
        same = tmp / "other" / "acme1000.db"
        same.write_bytes(pathlib.Path(layers[1]).read_bytes())
        r = run("calc", str(model), "--db", db, "--format", "json", "--layer", layers[0],
                "--layer", str(same))
        check(r.returncode == 0, f"same-named layers: {r.stderr}")
        if r.returncode == 0:
            line = next(l for l in json.loads(r.stdout)["lines"] if l["factor_code"] == code)
            check(close(line["kg_co2e"], 1.32632, 1e-5), f"same-named layers: {line['kg_co2e']}")
            check(line["layer"] not in ("acme1000", "default"), f"layer named {line['layer']}")
        r = run("validate", str(model), "--layer", layers[0])
        check(r.returncode == 0, f"validate --layer: {r.stderr}")
        r = run("calc", str(model), "--layer", str(tmp / "missing.db"))
        check(r.returncode == 1 and "missing.db" in r.stderr, f"missing layer: {r.stderr}")
        r = run("calc", str(model), *sum((["--layer", layers[0]] for _ in range(9)), []))
        check(r.returncode == 2 and "at most 8" in r.stderr, f"too many layers: {r.stderr}")
# Options the getopt_long way: "--opt=value", options before and after the model.
r = run("calc", f"--db={db}", "--format=json", str(model), "--quiet")
check(r.returncode == 0 and json.loads(r.stdout)["total_kg_co2e"] == doc["total_kg_co2e"],
      f"--format=json --db=FILE: {r.returncode} {r.stderr}")
r = run("calc", str(model), "--db", db, "--top=x")
check(r.returncode == 2 and "--top" in r.stderr, f"--top=x: {r.stderr}")
r = run("calc", str(model), "--db", db, "--quiet=1")
check(r.returncode == 2 and "takes no value" in r.stderr, f"--quiet=1: {r.stderr}")
r = run("calc", str(model), "--db")
check(r.returncode == 2 and "--db needs a value" in r.stderr, f"--db without value: {r.stderr}")

# "-" is the model on standard input, for calc and validate; errors name <stdin>.
r = subprocess.run([pcf, "calc", "-", "--db", db, "--format", "json", "--quiet"],
                   input=model.read_text(), capture_output=True, text=True, env=env)
check(r.returncode == 0 and json.loads(r.stdout)["total_kg_co2e"] == doc["total_kg_co2e"],
      f"calc - (stdin): {r.returncode} {r.stderr}")
r = subprocess.run([pcf, "validate", "-", "--db", db], input=model.read_text(),
                   capture_output=True, text=True, env=env)
check(r.returncode == 0 and "-: valid" in r.stdout, f"validate - (stdin): {r.stdout}{r.stderr}")
r = subprocess.run([pcf, "validate", "-", "--no-db"], input="{\"pcf_model\": 1,\n \"products\": [}",
                   capture_output=True, text=True, env=env)
check(r.returncode == 1 and "<stdin> line 2" in r.stderr, f"validate - syntax error: {r.stderr}")

# pcf help CMD is pcf CMD --help; -V is --version
for cmd in ("calc", "validate", "factors", "db", "pact", "units", "convert", "gwp"):
    a, b = run("help", cmd), run(cmd, "--help")
    check(a.returncode == 0 and a.stdout == b.stdout and "usage" in a.stdout, f"pcf help {cmd}")
r = run("help", "nosuch")
check(r.returncode == 2 and "unknown command" in r.stderr, f"pcf help nosuch: {r.stderr}")
a, b = run("-V"), run("--version")
check(a.returncode == 0 and a.stdout == b.stdout and a.stdout.startswith("pcf "), f"-V: {a.stdout}")

# validate resolves every factor against the default database ($PCF_DB here) unless --no-db:
# a model whose factor code is in no database was "valid" before and calc refused it.
with tempfile.TemporaryDirectory() as tmp:
    nofactor = pathlib.Path(tmp, "nofactor.json")
    m = json.loads(model.read_text())
    m["products"][0]["stages"]["materials"][0]["factor"] = "no-such-factor"
    nofactor.write_text(json.dumps(m, indent=2))
    denv = dict(env, PCF_DB=db)
    r = subprocess.run([pcf, "validate", str(nofactor)], capture_output=True, text=True, env=denv)
    check(r.returncode == 1 and "no-such-factor" in r.stderr,
          f"validate finds the unknown factor in the default database: {r.stdout}{r.stderr}")
    r = subprocess.run([pcf, "calc", str(nofactor)], capture_output=True, text=True, env=denv)
    check(r.returncode == 1, "calc refuses the unknown factor too")
    r = subprocess.run([pcf, "validate", str(nofactor), "--no-db"], capture_output=True, text=True,
                       env=denv)
    check(r.returncode == 0 and "valid" in r.stdout, f"validate --no-db: {r.stdout}{r.stderr}")
    r = run("validate", str(nofactor), "--no-db", "--db", db)
    check(r.returncode == 2, "--no-db with --db is misuse")

r = run("calc", "/nonexistent.json", "--db", db)
check(r.returncode == 1, "missing file exit 1")
r = run("calc", str(model), "--format", "xml")
check(r.returncode == 2, "bad format exit 2")
r = run("calc")
check(r.returncode == 2, "no model exit 2")
r = run("calc", "--help")
check(r.returncode == 0 and "usage" in r.stdout, "help")

print(f"cli-calc: {failures} failure(s)")
sys.exit(1 if failures else 0)
