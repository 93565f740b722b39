"""Python for analysts: results and the audit trail as pandas DataFrames, the package's surface
(pcf.IoError is an OSError; dir(pcf) holds public names only; help(pcf) without pages of
inherited boilerplate).

The numbers come from the shipped example examples/models/led-luminaire.json calculated against
the shipped factor database (data/factors.db, found by pcf.find_db())."""
import math
import pydoc
import sys
import types

import pytest

import pcf

pd = pytest.importorskip("pandas")  # Debian python3-pandas (both README apt-get lines)


@pytest.fixture(scope="module")
def led(source_root):
    with pcf.open_db() as db:
        ember = db.factor("ember-2024:grid-electricity-eu-ember")
        r = pcf.calculate(source_root / "examples/models/led-luminaire.json", db)
    yield r, ember
    r.close()


def test_audit_dataframe_adds_up_to_the_c_total(led):
    r, _ = led
    df = r.audit.to_dataframe()
    assert list(df.columns[:5]) == ["stage", "product", "activity", "activity_name", "path"]
    assert len(df) == len(r.to_dict()["lines"]) == 20
    # the column sums equal what the C library computed (pcf_result_total_kg_co2e and
    # pcf_result_stage_kg_co2e, read through Result.total and Result.stages)
    assert math.fsum(df.kg_co2e) == pytest.approx(r.total, rel=1e-12)
    by_stage = df.groupby("stage", observed=False).kg_co2e.sum()
    assert list(by_stage.index) == list(pcf.STAGES)  # report order, every stage
    for stage, kg in r.stages.items():
        assert by_stage[stage] == pytest.approx(kg, rel=1e-12, abs=1e-12), stage
    # each line is quantity × factor
    assert (df.quantity * df.factor_kg_co2e - df.kg_co2e).abs().max() < 1e-12


def test_audit_dataframe_values_by_hand(led):
    r, ember = led
    df = r.audit.to_dataframe()
    # Use stage: "Electricity, 36 W x 2,500 h a year", 90 kWh per year over the 10-year service
    # life (both in led-luminaire.json) = 900 kWh, × 0.21302 kg CO2e/kWh (Ember 2024 EU grid
    # intensity, factor ember-2024:grid-electricity-eu-ember in the shipped database)
    # = 191.718 kg CO2e.
    assert ember["kg_co2e"] == pytest.approx(0.21302, rel=1e-12) and ember["unit"] == "kWh"
    use = df[df.stage == "use"]
    assert len(use) == 1
    row = use.iloc[0]
    assert row["activity_name"] == "Electricity, 36 W x 2,500 h a year"
    assert row["product"] == "led-panel-36w"
    assert row["path"] == "$.products[0].stages.use[0]"
    assert row["factor_code"] == "ember-2024:grid-electricity-eu-ember"
    assert row["quantity"] == pytest.approx(900, rel=1e-12)
    assert row["kg_co2e"] == pytest.approx(900 * 0.21302, rel=1e-12)  # 191.718
    # Cardboard box: 0.4 kg with 0.4 kg biogenic C per kg (led-luminaire.json): 0.4 × 0.4 × 44/12
    # = 0.586667 kg CO2 taken up in materials and released at end of life; the release line
    # belongs to the cardboard (a material) but counts, and is labelled, at end of life.
    box = df[df.activity_name == "Cardboard box"].set_index("role")
    assert box.loc["biogenic uptake", "stage"] == "materials"
    assert box.loc["biogenic release", "stage"] == "end_of_life"
    assert box.loc["biogenic release", "kg_co2e"] == pytest.approx(0.4 * 0.4 * 44 / 12, rel=1e-12)
    assert box.loc["biogenic uptake", "kg_co2e"] == pytest.approx(-0.4 * 0.4 * 44 / 12, rel=1e-12)


def test_audit_is_still_a_list_of_dicts(led):
    r, _ = led
    audit = r.audit
    assert isinstance(audit, list) and isinstance(audit, pcf.Audit)
    line = audit[0]
    assert line["stage"] == "materials" and line["activity_name"] == "Aluminium frame and heat sink"
    # the JSON document's lines plus the activity's product, name and path
    doc_line = r.to_dict()["lines"][0]
    assert {k: line[k] for k in doc_line} == doc_line


def test_result_dataframes(led):
    r, _ = led
    acts = r.to_dataframe()
    assert list(acts.columns[:5]) == ["activity", "stage", "product", "name", "path"]
    assert len(acts) == len(r.activities) == 15
    assert math.fsum(acts.kg_co2e) == pytest.approx(r.total, rel=1e-12)
    assert list(acts.activity) == list(range(15))
    stages = r.to_dataframe("stages").set_index("stage")
    assert list(stages.index) == list(pcf.STAGES)
    for stage, kg in r.stages.items():
        assert stages.loc[stage, "kg_co2e"] == kg
        flows = stages.loc[stage, list(pcf.FLOWS)]
        assert math.fsum(flows) == pytest.approx(kg, rel=1e-12, abs=1e-12)
    # no gas split for this model's factors (published as CO2e): an empty frame with columns
    gases = r.to_dataframe("gases")
    assert list(gases.columns) == ["gas", "kg", "kg_co2e"] and len(gases) == len(r.gases)
    assert r.to_dataframe("audit").equals(r.audit.to_dataframe())
    with pytest.raises(pcf.InvalidArgument, match="unknown table 'lines'"):
        r.to_dataframe("lines")


def test_gases_dataframe(test_db):
    # 1 kg of N2O per widget: AR6 GWP100 273 (IPCC AR6 WG1 Table 7.15) -> 273 kg CO2e.
    m = pcf.Model.from_dict({
        "pcf_model": 1,
        "products": [{"id": "w", "declared_unit": {"amount": 1, "unit": "item"},
                      "stages": {"production": [
                          {"name": "N2O from process", "amount": 1, "unit": "kg", "gas": "N2O"}]}}],
    })
    with m, m.calculate(test_db) as r:
        gases = r.to_dataframe("gases").set_index("gas")
    assert gases.loc["n2o", "kg"] == 1 and gases.loc["n2o", "kg_co2e"] == 273


def test_without_pandas_says_how_to_install(led, monkeypatch):
    r, _ = led
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` raise ImportError
    for call in (r.to_dataframe, r.audit.to_dataframe):
        with pytest.raises(ImportError, match="python3-pandas"):
            call()


def test_io_error_is_an_os_error(tmp_path):
    assert issubclass(pcf.IoError, OSError) and issubclass(pcf.IoError, pcf.Error)
    with pytest.raises(OSError) as info:
        pcf.Model.from_file(tmp_path / "missing.json")
    assert isinstance(info.value, pcf.IoError)
    assert info.value.file.endswith("missing.json") and info.value.code == 3
    assert "missing.json" in str(info.value)


def test_dir_holds_public_names_only():
    public = [n for n in dir(pcf) if not n.startswith("_")]
    for name in public:
        assert not isinstance(getattr(pcf, name), types.ModuleType), name
    assert not {"json", "os", "sys"} & set(public)
    errors = {n for n in public if isinstance(getattr(pcf, n), type)
              and issubclass(getattr(pcf, n), pcf.Error)}
    assert len(errors) == 15
    # __all__ is the API but the exception classes, listed in the module docstring instead
    assert set(public) == set(pcf.__all__) | errors
    assert len(pcf.__all__) == len(set(pcf.__all__))


def test_help_is_not_pages_of_inherited_boilerplate():
    text = pydoc.render_doc(pcf, renderer=pydoc.plaintext)
    assert "inherited from builtins.Exception" not in text
    assert "inherited from builtins.BaseException" not in text
    assert "with_traceback" not in text
    for cls in ("IoError", "NotFound", "Unsupported"):  # each exception, one line
        assert sum(line.strip().startswith(cls + " ") for line in text.splitlines()) == 1, cls
    for name in ("open_db", "to_dataframe", "monte_carlo", "class Audit", "class Result"):
        assert name in text, name
    for name in ("class CbamResult", "class BatteryDeclaration", "cbam_calc"):
        assert name in text, name
    # ~960 lines with the regimes' API (CbamResult, BatteryDeclaration); 1,909 when the
    # exceptions were listed in full
    assert len(text.splitlines()) < 1100
