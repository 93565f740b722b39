"""examples/python/ runs: footprints.py prints a stage table for every shipped model, and
mc_histogram.py writes a well-formed SVG histogram, hotspots.py sums the audit
trail by factor and stage with pandas."""
import csv
import math
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

import pcf


def run(source_root, build_root, script, *args):
    env = dict(os.environ, PCF_DB=str(build_root / "data" / "factors.db"))
    return subprocess.run([sys.executable, str(source_root / "examples" / "python" / script),
                           *map(str, args)], capture_output=True, text=True, env=env)


def test_footprints_table(source_root, build_root):
    models = sorted((source_root / "examples" / "models").glob("*.json"))
    if not models:
        pytest.skip("no example models")
    out = run(source_root, build_root, "footprints.py")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert "materials" in lines[1] and "total" in lines[1]
    body = lines[3:]
    assert len(body) == len(models)
    # each row's total is the model's total as Python computes it, to 4 significant digits
    with pcf.open_db(build_root / "data" / "factors.db") as db:
        for path, row in zip(models, body):
            assert row.startswith(path.stem)
            total = pcf.Model.from_json(path).calculate(db).total
            assert row.split()[-1] == f"{total:.4g}"


def test_mc_histogram_svg(source_root, build_root, tmp_path):
    models = sorted((source_root / "examples" / "models").glob("*.json"))
    if not models:
        pytest.skip("no example models")
    svg = tmp_path / "h.svg"
    out = run(source_root, build_root, "mc_histogram.py", models[0], "-n", "2000", "--seed", "5",
              "--bins", "25", "-o", svg)
    assert out.returncode == 0, out.stderr
    assert "95 % interval" in out.stdout
    root = ET.parse(svg).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == ns + "svg"
    bars = [r for r in root.iter(ns + "rect") if r.get("class") == "bar"]
    assert len(bars) == 25
    # the bars' tooltips count every iteration once
    assert sum(int(b.find(ns + "title").text.rsplit(": ", 1)[1]) for b in bars) == 2000


def test_readme_three_lines(source_root, build_root, monkeypatch, capsys):
    # The README's Python block runs as written, from the source root, and prints the total.
    import re
    readme = (source_root / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Python"):]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    assert len(code.strip().splitlines()) == 3
    monkeypatch.chdir(source_root)
    monkeypatch.setenv("PCF_DB", str(build_root / "data" / "factors.db"))
    exec(compile(code, "README.md", "exec"), {})
    printed = float(capsys.readouterr().out)
    with pcf.open_db() as db:
        expected = pcf.Model.from_json(
            source_root / "examples" / "models" / "led-luminaire.json").calculate(db).total
    assert printed == expected


def test_hotspots_with_pandas(source_root, build_root, tmp_path):
    pytest.importorskip("pandas")
    model = source_root / "examples" / "models" / "led-luminaire.json"
    if not model.exists():
        pytest.skip("no example models")
    out = run(source_root, build_root, "hotspots.py", model, "--top", "3",
              "--csv", tmp_path / "audit.csv")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("led-panel-36w: 206.35")
    # The EU grid factor (Ember 2024, 0.21302 kg CO2e/kWh) carries the footprint: use 90 kWh a
    # year × 10 years = 900 kWh, plus storage 0.01 kWh a day × 60 days = 0.6 kWh (both in
    # led-luminaire.json): 900.6 × 0.21302 = 191.845812 kg CO2e, 92.97% of 206.3516.
    top = lines[3].split()
    assert top == ["191.846", "92.97%", "ember-2024:grid-electricity-eu-ember"]
    assert lines[2] == "Top 3 factors:" and lines[6] == ""
    # the audit CSV has one row per line and the total the library computes
    with pcf.open_db(build_root / "data" / "factors.db") as db:
        r = pcf.Model.from_json(model).calculate(db)
    with open(tmp_path / "audit.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(r.audit) == 20
    assert math.fsum(float(row["kg_co2e"]) for row in rows) == pytest.approx(r.total, rel=1e-12)
