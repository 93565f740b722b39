"""The exporters' regimes from Python: CBAM embedded emissions (pcf.cbam_calc) and the EU battery
declaration (Model.battery_declaration). The expected numbers are the hand figures of the C tests
(tests/test_cbam.c, tests/test_regime.c), with their arithmetic. Installation data, model amounts
and own factors are ILLUSTRATIVE inputs; default values and grid factors are the shipped rows of
factors.db (data/factors-cbam-cn.csv, data/factors-china-mee.csv)."""
import copy
import csv
import io
import json

import pytest

import pcf

GRID = "cn-mee:china-national-grid-average-emission-factor-2022-for-national-ets-report"
CLINKER = "cbam-cn-2026:cement-clinker-grey-other-than-white"


@pytest.fixture(scope="module")
def db(build_root):
    with pcf.open_db(build_root / "data" / "factors.db") as d:
        yield d


def installation(*processes):
    return {"pcf_cbam": 1, "year": 2026,
            "installation": {"name": "Kiln works", "country": "CN"},
            "production_processes": list(processes)}


# Grey cement clinker, actual data: 100,000 t clinker, 85,000 t CO2 direct, 9,000 MWh from the
# grid at 0.5703 t CO2/MWh (MEE 2022 national grid factor for ETS reporting).
KILN = {"id": "kiln", "aggregated_goods_category": "Cement clinker",
        "goods": [{"cn_code": "2523 10 00"}], "activity_level_t": 100000,
        "direct_emissions_t": 85000, "electricity": {"mwh": 9000, "factor": GRID}}


def test_clinker_actual(db):
    with pcf.cbam_calc(installation(KILN), db=db) as r:
        assert r.year == 2026
        (p,) = r.processes
        assert p["id"] == "kiln"
        # SEE_dir = 85,000 / 100,000 = 0.85 t CO2/t
        assert p["see_direct"] == pytest.approx(0.85, rel=1e-12)
        # AttrEm_ind = 9,000 MWh × 0.5703 = 5,132.7 t; SEE_ind = 5,132.7 / 100,000 = 0.051327
        assert p["attributed_emissions"]["attributed_indirect_t"] == pytest.approx(5132.7, rel=1e-12)
        assert p["see_indirect"] == pytest.approx(0.051327, rel=1e-12)
        assert p["default_share"] == 0
        g = r.good("2523 10 00")
        assert g["cn_code"] == "25231000" and g["process"] == "kiln"
        # cement counts direct + indirect (Regulation (EU) 2023/956, Annex II): 0.901327
        assert g["emissions_counted"] == "direct+indirect"
        assert g["see_counted"] == pytest.approx(0.901327, rel=1e-12)
        assert r.precursors == []
        # the C accessors carry the same doubles as the JSON document
        s = r._c.summary()
        assert s["processes"][0]["see_direct"] == p["see_direct"]
        assert s["goods"] == [{"cn_code": "25231000", "process": 0}]
        # CSV: one row per good, the same figures as pcf cbam calc --format csv
        (row,) = csv.DictReader(io.StringIO(r.to_csv()))
        assert row["cn_code"] == "25231000" and row["see_total"] == "0.901327"
        assert json.loads(r.to_json()) == r.to_dict()
    assert r.closed
    with pytest.raises(ValueError):
        r.to_json()
    # figures read before close stay readable
    assert r.goods[0]["see_direct"] == pytest.approx(0.85, rel=1e-12)


# The same clinker from the default value for China (cbam-cn-2026: direct 1.35, indirect 0.04
# t CO2e/t) with the mark-up of the year: ×1.10 in 2026, ×1.20 in 2027, ×1.30 from 2028.
@pytest.mark.parametrize("year,direct,indirect", [
    (2026, 1.485, 0.044),  # 1.35 × 1.1, 0.04 × 1.1
    (2027, 1.62, 0.048),   # 1.35 × 1.2, 0.04 × 1.2
    (2028, 1.755, 0.052),  # 1.35 × 1.3, 0.04 × 1.3
    (2030, 1.755, 0.052),  # 30 % stays from 2028 on
])
def test_clinker_default_markups(db, year, direct, indirect):
    kiln = {"id": "kiln", "aggregated_goods_category": "Cement clinker",
            "goods": [{"cn_code": "25231000"}], "activity_level_t": 100000, "default": CLINKER}
    r = pcf.cbam_calc(installation(kiln), year=year, db=db)
    assert r.year == year
    (p,) = r.processes
    assert p["see_direct"] == pytest.approx(direct, rel=1e-12)
    assert p["see_indirect"] == pytest.approx(indirect, rel=1e-12)
    assert p["default_share"] == 1  # everything comes from the default value


def test_markup_table_and_sectors():
    assert pcf.cbam_markup("cement", 2027) == 0.2
    assert pcf.cbam_markup("aluminium", 2031) == 0.3
    with pytest.raises(pcf.DataMissing, match="markup"):
        pcf.cbam_markup("fertilisers", 2026)
    with pytest.raises(pcf.DataMissing):
        pcf.cbam_markup("cement", 2025)
    with pytest.raises(pcf.InvalidArgument, match="cement"):
        pcf.cbam_markup("chairs", 2026)
    assert pcf.cbam_sector("7208 10 00") == "iron_steel"
    assert pcf.cbam_sector("76011000") == "aluminium"
    assert pcf.cbam_sector("28041000") == "hydrogen"
    assert pcf.cbam_sector("3102") == "fertilisers"
    with pytest.raises(pcf.NotFound):
        pcf.cbam_sector("9401")
    with pytest.raises(pcf.ParseError):
        pcf.cbam_sector("72a")


def test_user_markup(db):
    # a user-supplied mark-up replaces the table: 1.35 × 1.05 = 1.4175
    kiln = {"id": "kiln", "aggregated_goods_category": "Cement clinker",
            "goods": [{"cn_code": "25231000"}], "activity_level_t": 1, "default": CLINKER,
            "markup": 0.05, "markup_source": "test"}
    r = pcf.cbam_calc(json.dumps(installation(kiln)), db=db)
    assert r.processes[0]["see_direct"] == pytest.approx(1.4175, rel=1e-12)


def test_steel_two_levels(db, source_root):
    """Hot-rolled flat steel (CN 7208) with two precursor levels, examples/cbam: pig iron (own
    blast furnace, actual) → crude steel (BOF; also 200 t of purchased pig iron at the default
    value) → hot rolling."""
    path = source_root / "examples" / "cbam" / "steel-xiamen.json"
    r = pcf.cbam_calc(path, db=db)
    pig, crude, hot = r.processes
    # pig iron: SEE_dir = 1,500 / 1,000 = 1.5; SEE_ind = 50 × 0.5703 / 1,000 = 0.028515
    assert pig["see_direct"] == pytest.approx(1.5, rel=1e-12)
    assert pig["see_indirect"] == pytest.approx(0.028515, rel=1e-12)
    # crude steel: the purchased pig iron's default 1.66 (direct; no indirect value given)
    # × 1.1 (2026) = 1.826.
    # SEE_dir = (240 + 900 × 1.5 + 200 × 1.826) / 1,200 = 1,955.2 / 1,200 = 1.629333…
    # SEE_ind = (120 × 0.5703 + 900 × 0.028515 + 200 × 0) / 1,200 = 94.0995 / 1,200 = 0.07841625
    # default share = 365.2 / (1,955.2 + 94.0995) = 365.2 / 2,049.2995 = 0.17820723618
    assert crude["see_direct"] == pytest.approx(1955.2 / 1200, rel=1e-12)
    assert crude["see_indirect"] == pytest.approx(0.07841625, rel=1e-12)
    assert crude["default_share"] == pytest.approx(0.17820723618, rel=1e-10)
    # hot rolling: SEE_dir = (80 + 1,050 × 1,955.2 / 1,200) / 1,000 = 1.7908
    # SEE_ind = (100 × 0.5703 + 1,050 × 0.07841625) / 1,000 = 0.1393670625
    # default share = 1,050/1,200 × 365.2 / (1,790.8 + 139.3670625) = 319.55 / 1,930.1670625
    assert hot["see_direct"] == pytest.approx(1.7908, rel=1e-12)
    assert hot["see_indirect"] == pytest.approx(0.1393670625, rel=1e-12)
    assert hot["default_share"] == pytest.approx(319.55 / 1930.1670625, rel=1e-12)
    # iron and steel count direct emissions only
    assert r.good("7208")["see_counted"] == pytest.approx(1.7908, rel=1e-12)
    assert r.good("7208")["emissions_counted"] == "direct"
    # the precursors, each with its consumer: own pig iron actual, purchased pig iron default
    # 1.66 with the 2026 mark-up of 10 %
    pre = {(p["consumer"], p["data_basis"]): p for p in r.precursors}
    assert pre[("crude-steel", "actual")]["process"] == "pig-iron"
    assert pre[("crude-steel", "actual")]["mass_t"] == 900
    d = pre[("crude-steel", "default")]
    assert d["mass_t"] == 200 and d["see_direct"] == pytest.approx(1.826, rel=1e-12)
    assert d["default_value"]["published_direct"] == 1.66
    assert d["default_value"]["markup"] == 0.1
    assert any("gives no indirect value" in n for n in r.notes)
    assert any("Transport" in n for n in r.notes)
    assert r.installation["city"] == "Xiamen"
    # in 2028 the default counts ×1.3: 200 × 1.66 × 1.3 = 431.6;
    # hot-rolled SEE_dir = (80 + 1,050 × 2,021.6 / 1,200) / 1,000 = 1.8489
    assert pcf.cbam_calc(str(path), year=2028, db=db).good("7208")["see_direct"] == \
        pytest.approx(1.8489, rel=1e-12)


def test_heat_export(db):
    """AttrEm_dir = 85,000 + 5 TJ × 70 − 20 TJ × 62.5 + 0 − 100 − 200 MWh × 0.8
    = 85,000 + 350 − 1,250 − 100 − 160 = 83,840 t; SEE_dir = 0.8384. Electricity under a PPA
    with a wind farm at 0 t/MWh (evidence given): AttrEm_ind = 9,000 × 0 = 0."""
    kiln = dict(KILN, heat_imported={"tj": 5, "ef_t_per_tj": 70, "source": "supplier"},
                heat_exported={"tj": 20, "ef_t_per_tj": 62.5, "source": "own"},
                waste_gas_exported_t=100,
                electricity_exported={"mwh": 200, "ef_t_per_mwh": 0.8, "source": "own"},
                electricity={"mwh": 9000, "basis": "ppa", "ef_t_per_mwh": 0,
                             "source": "wind farm", "evidence": "PPA no. 1"})
    (p,) = pcf.cbam_calc(installation(kiln), db=db).processes
    assert p["attributed_emissions"]["attributed_direct_t"] == pytest.approx(83840, rel=1e-12)
    assert p["attributed_emissions"]["heat_exported_t"] == 1250
    assert p["see_direct"] == pytest.approx(0.8384, rel=1e-12)
    assert p["see_indirect"] == 0
    assert p["electricity"]["basis"] == "ppa" and p["electricity"]["evidence"] == "PPA no. 1"


def test_rules_raise_with_paths(db):
    # a PPA without evidence: InvalidModel naming the JSON path
    kiln = copy.deepcopy(KILN)
    kiln["electricity"] = {"mwh": 1, "basis": "ppa", "ef_t_per_mwh": 0, "source": "x"}
    with pytest.raises(pcf.InvalidModel, match="evidence") as e:
        pcf.cbam_calc(installation(kiln), db=db)
    assert e.value.path == "$.production_processes[0].electricity"
    assert any(p["path"] == "$.production_processes[0].electricity" for p in e.value.problems)
    # the same without a database, from pcf.cbam_validate
    problems = pcf.cbam_validate(installation(kiln))
    assert [p["path"] for p in problems] == ["$.production_processes[0].electricity"]
    assert pcf.cbam_validate(installation(KILN)) == []
    # fertilisers: no shipped mark-up
    ammonia = {"id": "k", "aggregated_goods_category": "Ammonia",
               "goods": [{"cn_code": "28141000"}], "activity_level_t": 1,
               "default": "cbam-cn-2026:anhydrous-ammonia"}
    with pytest.raises(pcf.DataMissing, match="markup"):
        pcf.cbam_calc(installation(ammonia), db=db)
    # a grid factor code needs the database
    with pytest.raises(pcf.Error):
        pcf.cbam_calc(installation(KILN))
    with pytest.raises(pcf.IoError):
        pcf.cbam_calc("/nonexistent/x.json", db=db)
    with pytest.raises(pcf.ParseError) as e:
        pcf.cbam_calc('{"pcf_cbam": 1,', db=db)
    assert e.value.line == 1
    with pytest.raises(TypeError):
        pcf.cbam_calc(installation(KILN), db="factors.db")


def test_cbam_agrees_with_cli(db, cli, source_root, build_root):
    import subprocess
    path = source_root / "examples" / "cbam" / "cement-xiamen.json"
    for fmt, method in (("json", "to_json"), ("csv", "to_csv")):
        out = subprocess.run([cli, "cbam", "calc", str(path), "--year", "2028", "--format", fmt,
                              "--db", str(build_root / "data" / "factors.db")],
                             capture_output=True, text=True, check=True).stdout
        assert getattr(pcf.cbam_calc(path, year=2028, db=db), method)() == out


# ---------------------------------------------------------------- EU battery declaration

GRID_CN = "cn-mee:china-national-average-electricity-carbon-footprint-factor-2023-life-cyc"


def own(value, unit):
    return {"value": value, "unit": unit, "source": "test"}


def battery_model(prod_factor=GRID_CN, **battery):
    """The battery model of tests/test_regime.c: 75 kWh, 60 cycles a year, 8 years."""
    section = {"category": "electric-vehicle", "manufacturer": "M", "model": "B-75",
               "plant": "Xiamen", "plant_country": "CN", "study_url": "https://example.invalid/s",
               "capacity_kwh": {"value": 75, "source": "test"},
               "cycles_per_year": {"value": 60, "source": "test"},
               "service_life_years": {"value": 8, "source": "test"}}
    section.update(battery)
    return {
        "pcf_model": 1, "regime": "eu-battery", "battery": section,
        "products": [{
            "id": "b", "declared_unit": {"amount": 1, "unit": "item"},
            "mass": 450, "mass_unit": "kg",
            "stages": {
                "materials": [{"name": "Cells", "amount": 1, "unit": "item",
                               "factor": own(5400, "kgCO2e/item")}],
                "production": [{"name": "Assembly electricity", "amount": 1000, "unit": "kWh",
                                "factor": prod_factor}],
                "transport": [{"name": "Freight", "amount": 10, "unit": "tkm",
                               "factor": own(0.1, "kgCO2e/tkm")}],
                "storage": [{"name": "Warehouse", "amount": 100, "unit": "kWh",
                             "factor": own(0.5, "kgCO2e/kWh")}],
                "use": [{"name": "Charging losses", "amount": 100, "unit": "kWh",
                         "factor": own(0.5, "kgCO2e/kWh")}],
                "end_of_life": [{"name": "Collection", "amount": 450, "unit": "kg",
                                 "factor": own(0.02, "kgCO2e/kg")}]}}]}


def test_battery_lifetime_energy():
    # a 75 kWh car battery, 60 full equivalent cycles a year, 8 years: 75 × 60 × 8 = 36,000
    assert pcf.battery_lifetime_energy(75, 60, 8) == 36000
    with pytest.raises(pcf.InvalidArgument):
        pcf.battery_lifetime_energy(75, 0, 8)


def test_battery_declaration(db):
    with pcf.Model.from_dict(battery_model()) as m, m.battery_declaration(db) as d:
        # lifetime energy 75 × 60 × 8 = 36,000 kWh
        assert d.lifetime_kwh == 36000
        s = d.stages
        assert list(s) == ["RawMaterialExtraction", "MainProduction", "Distribution", "Recycling"]
        # raw material: 5,400 / 36,000 = 0.15
        assert s["RawMaterialExtraction"] == pytest.approx(0.15, rel=1e-12)
        # main production: 1,000 kWh × 0.6205 = 620.5 kg; / 36,000 = 0.017236111…
        assert s["MainProduction"] == pytest.approx(620.5 / 36000, rel=1e-12)
        # distribution = transport 10 × 0.1 = 1 kg + storage 100 × 0.5 = 50 kg; 51 / 36,000
        assert s["Distribution"] == pytest.approx(51 / 36000, rel=1e-12)
        # end of life: 450 × 0.02 = 9 kg; 9 / 36,000 = 0.00025
        assert s["Recycling"] == pytest.approx(0.00025, rel=1e-12)
        # total 5,400 + 620.5 + 51 + 9 = 6,080.5 kg per battery; 6,080.5 / 36,000 = 0.1689027…
        assert d.absolute_kg_co2e == pytest.approx(6080.5, rel=1e-12)
        assert d.kg_co2e_per_kwh == pytest.approx(6080.5 / 36000, rel=1e-12)
        # use: 100 × 0.5 = 50 kg, reported apart, not declared
        assert d.use_excluded_kg_co2e == pytest.approx(50, rel=1e-12)
        doc = d.to_dict()
        assert doc["batteryCarbonFootprintUnit"] == "kg CO2e/kWh"
        assert doc["carbonFootprintStudy"] == "https://example.invalid/s"
        assert doc["functionalUnit"]["lifetime_energy_kwh"] == 36000
        assert doc["batteryCarbonFootprint"] == d.kg_co2e_per_kwh
    assert d.closed and m.closed


def test_battery_rules(db):
    # an own factor for production electricity needs a direct connection
    with pcf.Model.from_dict(battery_model(own(0.02, "kgCO2e/kWh"))) as m:
        with pytest.raises(pcf.InvalidModel) as e:
            m.battery_declaration(db)
        assert e.value.problems
    model = battery_model(own(0.02, "kgCO2e/kWh"),
                          direct_connection={"evidence": "own PV line"})
    with pcf.Model.from_dict(model) as m:
        # 1,000 × 0.02 = 20 kg in main production: 20 / 36,000
        d = m.battery_declaration(db)
        assert d.stages["MainProduction"] == pytest.approx(20 / 36000, rel=1e-12)
    # a provincial factor: a warning in the diagnostics, the declaration goes on
    prov = "cn-mee:fujian-provincial-average-electricity-co2-factor-2022"
    with pcf.Model.from_dict(battery_model(prov)) as m:
        d = m.battery_declaration(db)
        assert any(x["severity"] == "warning" for x in d.diagnostics)
    # no battery section
    bare = battery_model()
    del bare["battery"]
    with pcf.Model.from_dict(bare) as m, pytest.raises(pcf.InvalidModel, match="battery"):
        m.battery_declaration(db)


def test_battery_agrees_with_cli(db, cli, source_root, build_root):
    import subprocess
    path = source_root / "examples" / "models" / "lfp-battery-pack-eu-battery.json"
    out = subprocess.run([cli, "calc", str(path), "--format", "declaration",
                          "--db", str(build_root / "data" / "factors.db")],
                         capture_output=True, text=True, check=True).stdout
    with pcf.Model.from_json(path) as m:
        assert m.battery_declaration(db).to_json() == out
