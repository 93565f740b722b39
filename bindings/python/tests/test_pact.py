"""PACT and HTML through Python: Result.to_pact/to_pact_json/to_html, pcf.pact_validate,
pcf.pact_footprint, Model.add_pact_part. Documents in tests/data/pact (see its README: numbers
from the published PACT examples, the WBCSD PACT Technical Specification examples)."""
import json
import subprocess

import pytest

import pcf


@pytest.fixture(scope="module")
def pact_dir(source_root):
    return source_root / "tests" / "data" / "pact"


@pytest.fixture(scope="module")
def shipped(build_root):
    path = build_root / "data" / "factors.db"
    if not path.exists():
        pytest.skip("data/factors.db not built")
    with pcf.open_db(path) as db:
        yield db


@pytest.fixture(scope="module")
def luminaire(source_root, shipped):
    path = source_root / "examples" / "models" / "led-luminaire.json"
    m = pcf.Model.from_json(path)
    return path, m, m.calculate(shipped)


@pytest.mark.parametrize("version, flag", [(3, "3.0"), (2, "2.3")])
def test_pact_agrees_with_cli(luminaire, pact_dir, build_root, cli, version, flag):
    path, model, result = luminaire
    fields_file = pact_dir / "fields-test.json"
    out = subprocess.run([cli, "calc", str(path), "--format", "pact", "--pact-version", flag,
                          "--pact-fields", str(fields_file), "--db",
                          str(build_root / "data" / "factors.db")],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    fields = json.loads(fields_file.read_text(encoding="utf-8"))["pact"]
    text = result.to_pact_json(version, model, fields)
    assert text.strip() == out.stdout.strip()
    doc = result.to_pact(version, model, fields)
    assert doc["specVersion"].startswith(str(version))
    assert pcf.pact_validate(text) == []
    # the footprint's total is the result's, as a PACT decimal string; v2.3 states it per ONE
    # declared unit (the luminaire per kilogram), of which unitaryProductAmount make the product
    total = doc["pcf"]["pcfIncludingBiogenicUptake" if version == 3 else "pCfIncludingBiogenic"]
    per = 1.0 if version == 3 else float(doc["pcf"]["unitaryProductAmount"])
    assert float(total) * per == pytest.approx(result.total, rel=1e-9)


def test_pact_missing_fields(luminaire):
    _, model, result = luminaire
    with pytest.raises(pcf.DataMissing) as info:
        result.to_pact(3)  # no company, ids or reference period anywhere
    assert info.value.message
    with pytest.raises(pcf.Error):
        result.to_pact(3, fields={"noSuchField": "x"})
    with pytest.raises(TypeError):
        result.to_pact(3, fields=[("companyName", "x")])


def test_pact_reproducible_id(luminaire, pact_dir):
    _, model, result = luminaire
    fields = json.loads((pact_dir / "fields-test.json").read_text(encoding="utf-8"))["pact"]
    del fields["id"]
    a = result.to_pact(3, model, fields, random=bytes(range(16)))
    b = result.to_pact(3, model, fields, random=bytes(range(16)))
    assert a["id"] == b["id"] and len(a["id"]) == 36
    with pytest.raises(ValueError):
        result.to_pact(3, model, fields, random=b"short")


def test_pact_validate_lists_every_violation(pact_dir):
    doc = json.loads((pact_dir / "v3-example-1.json").read_text(encoding="utf-8"))
    assert pcf.pact_validate(json.dumps(doc)) == []
    doc["specVersion"] = "x"
    del doc["companyName"]
    problems = pcf.pact_validate(json.dumps(doc))
    assert {p["path"] for p in problems} == {"$.specVersion", "$.companyName"}
    assert all(p["severity"] == "error" for p in problems)
    not_json = pcf.pact_validate("{nope")
    assert len(not_json) == 1 and not_json[0]["line"] == 1 and not_json[0]["column"] > 0


def test_pact_footprint_values(pact_dir):
    # RC-9 example 1 (v3; docs/methods.md#rc-9): biogenic carbon 0.44 kg C, uptake -1.61,
    # excluding 0.384, including -1.23, fossil 0.35, LUC 0.03, biogenic non-CO2 0.002, per 1 kg
    fp = pcf.pact_footprint((pact_dir / "v3-example-1.json").read_text(encoding="utf-8"))
    assert fp["spec_major"] == 3 and fp["unit"] == "kg"
    v = fp["values"]
    assert v["biogenicCarbonContent"] == 0.44 and v["biogenicCO2Uptake"] == -1.61
    assert v["pcfExcludingBiogenicUptake"] == 0.384 and v["pcfIncludingBiogenicUptake"] == -1.23
    assert v["fossilGhgEmissions"] == 0.35 and v["landUseChangeGhgEmissions"] == 0.03
    assert v["aircraftGhgEmissions"] is None  # not in the document
    # RC-10 (v2; docs/methods.md#rc-10): 0.41 kg C/L, withdrawal -1.5,
    # pCfExcludingBiogenic 1.63, including 1.85
    fp2 = pcf.pact_footprint((pact_dir / "v2-bioethanol.json").read_text(encoding="utf-8"))
    assert fp2["spec_major"] == 2 and fp2["unit"] == "L"
    assert fp2["values"]["biogenicCarbonContent"] == 0.41
    assert fp2["values"]["pcfIncludingBiogenicUptake"] == 1.85
    with pytest.raises(pcf.ParseError) as info:
        pcf.pact_footprint('{"specVersion": "3.0.0"}')
    assert len(info.value.problems) > 1


def test_add_pact_part(pact_dir):
    # 2 kg of the RC-9 example-1 product: 2 × -1.23 = -2.46 kg CO2e in total, of which
    # biogenic uptake 2 × -1.61 = -3.22 and LUC 2 × 0.03 = 0.06
    m = pcf.Model()
    p = m.add_product("p")
    m.set_declared_unit(p, 1, "item")
    doc = json.loads((pact_dir / "v3-example-1.json").read_text(encoding="utf-8"))
    a = m.add_pact_part(p, doc, 2, "kg")
    assert a == 0
    # cradle-to-gate, the supplier's figures; cradle-to-grave would also release the
    # part's 2 x 0.44 kg C at end of life
    m.set_boundary("cradle-to-gate")
    r = m.calculate(None)
    assert r.total == pytest.approx(-2.46, rel=1e-12)
    assert r.flows["biogenic_removal"] == pytest.approx(-3.22, rel=1e-12)
    assert r.flows["dluc"] == pytest.approx(0.06, rel=1e-12)
    assert all(line["origin"] == "supplier_pcf" for line in r.audit)
    with pytest.raises(pcf.UnitError):
        m.add_pact_part(p, doc, 1, "kWh")  # the document is per kilogram
    doc["companyName"] = 5
    with pytest.raises(pcf.ParseError) as info:
        m.add_pact_part(p, doc, 1, "kg")
    assert any(x["path"] == "$.companyName" for x in info.value.problems)


def test_html_agrees_with_cli(luminaire, build_root, cli, shipped):
    path, model, result = luminaire
    db_arg = ["--db", str(build_root / "data" / "factors.db")]
    out = subprocess.run([cli, "calc", str(path), "--format", "html"] + db_arg,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert result.to_html(db=shipped).strip() == out.stdout.strip()
    out = subprocess.run([cli, "calc", str(path), "--format", "html", "--mc", "2000", "--seed",
                          "3"] + db_arg, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    with model.resolve(shipped) as system:
        with system.monte_carlo(iterations=2000, seed=3, keep_samples=True) as mc:
            assert result.to_html(mc=mc, db=shipped).strip() == out.stdout.strip()
    zh = result.to_html(lang="zh")
    assert "<svg" in zh and any("\u4e00" <= ch <= "\u9fff" for ch in zh)
    with pytest.raises(pcf.InvalidArgument):
        result.to_html(lang="fr")
    with pytest.raises(TypeError):
        result.to_html(mc={"total": {}})
