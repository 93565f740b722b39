"""The Python results agree with the CLI's JSON for every shipped example model
(examples/models/*.json), to the last printed digit: same document, same text."""
import json
import subprocess

import pytest

import pcf


def example_models(source_root):
    return sorted((source_root / "examples" / "models").glob("*.json"))


def test_examples_agree_with_cli(source_root, build_root, cli):
    models = example_models(source_root)
    if not models:
        pytest.skip("no example models in examples/models")
    db_path = build_root / "data" / "factors.db"
    with pcf.open_db(db_path) as db:
        for path in models:
            out = subprocess.run([cli, "calc", str(path), "--format", "json", "--db",
                                  str(db_path)], capture_output=True, text=True)
            assert out.returncode == 0, f"{path.name}: {out.stderr}"
            r = pcf.Model.from_json(path).calculate(db)
            assert r.to_dict() == json.loads(out.stdout), path.name
            assert r.to_json().strip() == out.stdout.strip(), path.name
            # and the numbers as the CLI prints them, digit for digit
            assert pcf.format_number(r.total) == pcf.format_number(
                json.loads(out.stdout)["total_kg_co2e"])


def test_cli_and_python_report_same_error(source_root, cli, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"pcf_model": 1,\n "products": [\n', encoding="utf-8")
    out = subprocess.run([cli, "calc", str(bad)], capture_output=True, text=True)
    assert out.returncode == 1
    with pytest.raises(pcf.ParseError) as info:
        pcf.Model.from_json(bad)
    assert info.value.message in out.stderr
