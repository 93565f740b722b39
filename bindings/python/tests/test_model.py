"""Models and results: pcf.Model (from_json, from_dict, from_file, from_string, to_json,
to_dict, write, validate, the step-by-step builder, resolve, calculate, monte_carlo, close),
pcf.Result (total, stages, flows, gases, contributions, audit, ...), pcf.calculate.

Factors: tests/data/factors-test.csv (DESNZ 2025 UK grid 0.177 kgCO2e/kWh, butane 3033.38067
kgCO2e/tonne; MEE 2022 China grid 0.5366 kgCO2/kWh) and IPCC GWP100 (data/gwp.csv)."""
import json
import math
import threading

import pytest

import pcf


def widget_dict():
    """2.5 kWh of UK grid electricity and 1 kg of N2O per widget."""
    return {
        "pcf_model": 1,
        "description": "test model: amounts illustrative",
        "products": [{
            "id": "widget",
            "name": {"en": "Widget"},
            "declared_unit": {"amount": 1, "unit": "item"},
            "stages": {
                "production": [
                    {"name": "Electricity", "amount": 2.5, "unit": "kWh",
                     "factor": "test:uk-grid-2025"},
                    {"name": "N2O from process", "amount": 1, "unit": "kg", "gas": "N2O"},
                ],
            },
        }],
    }


# 2.5 kWh × 0.177 kgCO2e/kWh (DESNZ 2025) = 0.4425; 1 kg N2O × 273 (AR6) = 273
ELEC = 2.5 * 0.177
N2O_AR6 = 273.0


def test_from_dict_calculate(test_db):
    m = pcf.Model.from_dict(widget_dict())
    r = m.calculate(test_db)
    assert isinstance(r, pcf.Result)
    assert r.total == pytest.approx(ELEC + N2O_AR6, rel=1e-12)
    assert r.stages["production"] == pytest.approx(ELEC + N2O_AR6, rel=1e-12)
    assert list(r.stages) == list(pcf.STAGES)
    assert r.stages["materials"] == 0
    assert r.gwp == "AR6" and r.boundary == "cradle-to-grave"
    assert r.declared_unit["unit"] == "item"
    assert r.product["id"] == "widget"
    assert r.gases["n2o"]["kg"] == pytest.approx(1.0)
    assert r.gases["n2o"]["kg_co2e"] == pytest.approx(N2O_AR6)
    assert r.flows["fossil"] == pytest.approx(r.total)
    assert set(r.flows) == set(pcf.FLOWS)


def test_gwp_override(test_db):
    m = pcf.Model.from_dict(widget_dict())
    # AR5: N2O 265; the electricity factor stays (published as AR5 CO2e without a gas split)
    assert m.calculate(test_db, gwp="AR5").stages["production"] == pytest.approx(ELEC + 265.0)
    with pytest.raises(pcf.Error):
        m.calculate(test_db, gwp="AR7")


def test_contributions_and_audit(test_db):
    r = pcf.Model.from_dict(widget_dict()).calculate(test_db)
    top = r.contributions
    assert [a["name"] for a in top] == ["N2O from process", "Electricity"]  # largest first
    assert top[0]["kg_co2e"] == pytest.approx(N2O_AR6)
    assert top[1]["path"] == "$.products[0].stages.production[0]"
    lines = r.audit
    assert len(lines) >= 2
    for line in lines:  # every line recomputes: quantity × factor = kg CO2e
        assert line["kg_co2e"] == pytest.approx(line["quantity"] * line["factor_kg_co2e"])
    elec = [line for line in lines if line["factor_code"] == "test:uk-grid-2025"][0]
    assert elec["quantity"] == pytest.approx(2.5) and elec["factor_unit"] == "kWh"
    assert elec["origin"] == "database" and elec["layer"] == "default"
    assert sum(a["kg_co2e"] for a in r.activities) == pytest.approx(r.total)
    assert isinstance(r.datasets, list) and isinstance(r.notes, list)
    assert "kg CO2e" in repr(r)


def test_result_writers(test_db):
    r = pcf.Model.from_dict(widget_dict()).calculate(test_db)
    doc = json.loads(r.to_json())
    assert doc == r.to_dict()
    assert doc["pcf_result"] == 1 and doc["library_version"] == pcf.__version__
    text = r.report()
    assert "production" in text and "test:uk-grid-2025" in text
    csv = r.to_csv()
    assert csv.splitlines()[0].count(",") >= 10
    assert "test:uk-grid-2025" in csv
    assert r.primary_data_share == pytest.approx(0.0)
    assert isinstance(r.diagnostics, list)


def test_round_trip_dict_and_json(tmp_path):
    m = pcf.Model.from_dict(widget_dict())
    d = m.to_dict()
    assert d["products"][0]["id"] == "widget"
    again = pcf.Model.from_dict(d)
    assert again.to_dict() == d
    assert again.to_json() == m.to_json()
    path = tmp_path / "widget.json"
    m.write(path)
    from_file = pcf.Model.from_json(path)
    assert from_file.to_json() == m.to_json()
    assert from_file.filename().endswith("widget.json")
    from_text = pcf.Model.from_json(m.to_json())
    assert from_text.to_dict() == d
    assert pcf.Model.from_json(str(path)).to_dict() == d


def test_builder_matches_json(test_db):
    m = pcf.Model()
    p = m.add_product("widget", "Widget")
    assert p == 0 and m.product_count() == 1 and m.product_id(0) == "widget"
    m.set_declared_unit(p, 1, "item")
    a = m.add_activity(p, "production", "Electricity", 2.5, "kWh")
    m.set_factor_code(a, "test:uk-grid-2025")
    g = m.add_activity(p, "production", "N2O from process", 1, "kg")
    m.set_text(g, "gas", "N2O")
    assert m.activity_count() == 2
    assert m.activity_path(g) == "$.products[0].stages.production[1]"
    r = m.calculate(test_db)
    assert r.total == pytest.approx(ELEC + N2O_AR6, rel=1e-12)
    assert m.gwp() == "AR6" and m.boundary() == "cradle-to-grave"
    with pytest.raises(IndexError):
        m.product_id(5)


def test_builder_full_api(test_db):
    m = pcf.Model()
    m.set_description("builder test; amounts illustrative")
    m.set_boundary("cradle-to-gate")
    m.set_gwp("AR5")
    m.set_region("CN-FJ")
    m.set_recycling_method("cut-off")
    p = m.add_product("kettle")
    m.set_product_name(p, "zh", "电水壶")
    m.set_declared_unit(p, 1, "item", "one kettle")
    m.set_reference_flow(p, 1, "item")
    m.set_mass(p, 1.2, "kg")
    m.set_service_life(p, 5, "year")
    m.set_allocation(p, "mass", 1.0)
    sub = m.add_product("element")
    m.set_declared_unit(sub, 1, "item")
    m.add_subassembly(p, "element", 1)
    # China grid 2022 (MEE, CO2 only) found by name through the CN-FJ -> CN fallback
    e = m.add_activity(sub, "production", "Element electricity", 2, "kWh")
    m.set_factor_lookup(e, "electricity", "China national average electricity CO2 factor 2022")
    # an own (primary) factor: the MEE ETS 2022 grid factor 0.5703 tCO2/MWh, given by value
    o = m.add_activity(p, "production", "Assembly electricity", 1, "kWh")
    m.set_own_factor(o, 0.5703, "tCO2/MWh", source="MEE notice 2023-02 (ETS 2022 grid factor)")
    m.set_uncertainty(o, "normal", 0.1)
    part = m.add_purchased_part(p, "Thermostat", 1, "item", 0.5, "item", fossil=0.5,
                                primary_data_share=1.0, supplier="illustrative supplier")
    assert part == 2
    u = m.add_activity(p, "use", "Boiling", 100, "kWh")  # excluded: cradle-to-gate
    m.set_factor_code(u, "test:uk-grid-2025")
    d = m.to_dict()
    assert d["boundary"] == "cradle-to-gate" and d["gwp"] == "AR5" and d["region"] == "CN-FJ"
    assert [x["id"] for x in d["products"]] == ["kettle", "element"]
    r = m.calculate(test_db)
    # element 2 kWh × 0.5366 + assembly 1 kWh × 0.5703 + thermostat 0.5; use excluded
    assert r.total == pytest.approx(2 * 0.5366 + 0.5703 + 0.5, rel=1e-12)
    assert r.stages["use"] == 0
    assert any(line["fallback_taken"] and line["region_used"] == "CN" for line in r.audit)
    assert r.primary_data_share > 0
    assert pcf.Model.from_dict(d).to_dict() == d


def test_builder_errors():
    m = pcf.Model()
    p = m.add_product("w")
    with pytest.raises(pcf.InvalidArgument) as info:
        m.add_product("w")  # duplicate id
    assert "w" in info.value.message
    with pytest.raises(pcf.InvalidArgument):
        m.add_activity(p, "production", "neg", -1, "kg")
    with pytest.raises(pcf.InvalidArgument):
        m.add_activity(p, "production", "nan", math.nan, "kg")
    with pytest.raises(pcf.InvalidArgument) as info:
        m.add_activity(p, "shipping", "x", 1, "kg")
    assert "transport" in info.value.message  # names the valid stages
    with pytest.raises(pcf.NotFound):
        m.add_activity(p, "production", "x", 1, "furlong")
    with pytest.raises(pcf.InvalidArgument):
        m.set_boundary("cradle-to-moon")
    with pytest.raises(pcf.InvalidArgument):
        m.set_declared_unit(p, 0, "item")
    with pytest.raises(pcf.UnitError):
        m.set_mass(p, 1, "kWh")
    a = m.add_activity(p, "production", "x", 1, "kg")
    with pytest.raises(pcf.InvalidArgument):
        m.set_number(a, "no_such_key", 1)
    with pytest.raises(pcf.InvalidArgument):
        m.set_uncertainty(a, "lognormal", 0.5)  # GSD < 1
    with pytest.raises(pcf.InvalidArgument):
        m.set_uncertainty(a, "cauchy", 1)
    with pytest.raises(TypeError):
        m.add_activity(p, "production", "x", "1", "kg")


def test_parse_error_location():
    text = '{\n  "pcf_model": 1,\n  "products": [ }\n'
    with pytest.raises(pcf.ParseError) as info:
        pcf.Model.from_json(text, "broken.json")
    e = info.value
    assert e.file == "broken.json" and e.line == 3 and e.column > 0
    assert "broken.json" in str(e) and "line 3" in str(e)


def test_file_errors(tmp_path):
    with pytest.raises(pcf.IoError) as info:
        pcf.Model.from_json(tmp_path / "missing.json")
    assert info.value.file.endswith("missing.json") and "missing.json" in str(info.value)
    bad = tmp_path / "bad.json"
    bad.write_text('{"pcf_model": 1, "products": [{"id": "x", "declared_unit": {"amount": 1, '
                   '"unit": "item"},\n "stages": {"production": [{"name": "e", "amount": "lots", '
                   '"unit": "kWh", "factor": "test:uk-grid-2025"}]}}]}', encoding="utf-8")
    m = pcf.Model.from_json(bad)  # reading checks the syntax; the rules are checked below
    problems = m.validate()
    assert len(problems) == 1
    assert problems[0]["path"] == "$.products[0].stages.production[0].amount"
    assert "number" in problems[0]["message"]
    assert problems[0]["file"].endswith("bad.json") and problems[0]["line"] == 2
    with pytest.raises(pcf.Error) as info:
        m.calculate(None)
    assert info.value.path.startswith("$.products[0].stages.production[0]")
    assert info.value.file.endswith("bad.json")
    with pytest.raises(pcf.VersionError):
        pcf.Model.from_dict({"pcf_model": 99, "products": []})


def test_validate_lists_every_problem():
    # Built step by step (reading JSON already refuses such a model, see below).
    m = pcf.Model()
    p = m.add_product("w")
    m.set_declared_unit(p, 1, "item")
    m.set_mass(p, 1, "kg")
    r = m.add_activity(p, "end_of_life", "recycling")
    m.set_text(r, "route", "recycling")
    m.set_number(r, "share", 0.5)
    f = m.add_activity(p, "end_of_life", "landfill")
    m.set_text(f, "route", "landfill")
    m.set_number(f, "share", 0.2)  # 0.5 + 0.2 = 0.7, not 1
    m.set_factor_code(f, "test:butane-t")
    m.add_subassembly(p, "nowhere", 1)
    problems = m.validate()
    errors = [x for x in problems if x["severity"] == "error"]
    assert len(errors) == 2
    by_path = {x["path"]: x for x in errors}
    assert "nowhere" in by_path["$.products[0].components[0].product"]["message"]
    assert by_path["$.products[0].components[0].product"]["status"] == "PCF_ERR_NOT_FOUND"
    assert "0.7" in by_path["$.products[0].stages.end_of_life"]["message"]
    assert pcf.Model.from_dict(widget_dict()).validate() == []
    # The same document read back from JSON: the same problems, now with line and column.
    again = [x for x in pcf.Model.from_dict(m.to_dict(), "w.json").validate()
             if x["severity"] == "error"]
    assert [x["path"] for x in again] == [x["path"] for x in errors]
    assert all(x["file"] == "w.json" and x["line"] > 0 for x in again)
    # calculate() raises the first and attaches them all
    with pytest.raises(pcf.Error) as info:
        m.calculate(None)
    assert len([x for x in info.value.problems if x["severity"] == "error"]) >= 2


def test_missing_factors_all_listed(test_db):
    d = widget_dict()
    prod = d["products"][0]["stages"]["production"]
    prod[0]["factor"] = "no-such-code-1"
    prod.append({"name": "More", "amount": 1, "unit": "kWh", "factor": "no-such-code-2"})
    with pytest.raises(pcf.NotFound) as info:
        pcf.Model.from_dict(d).calculate(test_db)
    problems = [p for p in info.value.problems if p["severity"] == "error"]
    text = " ".join(p["message"] for p in problems)
    assert "no-such-code-1" in text and "no-such-code-2" in text
    assert {p["path"] for p in problems} >= {"$.products[0].stages.production[0]",
                                              "$.products[0].stages.production[2]"} or \
        all(p["path"].startswith("$.products[0].stages.production[") for p in problems)


def test_unit_mismatch_names_path(test_db):
    d = widget_dict()
    d["products"][0]["stages"]["production"][0]["unit"] = "kg"  # kg against a per-kWh factor
    with pytest.raises(pcf.UnitError) as info:
        pcf.Model.from_dict(d).calculate(test_db)
    e = info.value
    assert e.path.startswith("$.products[0].stages.production[0]")
    assert "kg" in e.message and "kWh" in e.message


def test_factor_needed_without_db():
    with pytest.raises(pcf.DataMissing):
        pcf.Model.from_dict(widget_dict()).calculate(None)


def test_db_type_checked():
    with pytest.raises(TypeError):
        pcf.Model.from_dict(widget_dict()).calculate("factors.db")


def test_close_and_context_manager(test_db):
    m = pcf.Model.from_dict(widget_dict())
    r = m.calculate(test_db)
    m.close()
    assert m.closed
    m.close()
    with pytest.raises(ValueError):
        m.to_json()
    with pytest.raises(ValueError):
        m.calculate(test_db)
    assert r.total > 0  # the result outlives its model
    with pcf.Model.from_dict(widget_dict()) as m2:
        assert m2.activity_count() == 2
    assert m2.closed
    assert repr(m2) == "<pcf.Model closed>"


def test_result_outlives_db(test_db_path):
    with pcf.open_db(test_db_path) as db:
        r = pcf.Model.from_dict(widget_dict()).calculate(db)
    assert db.closed
    assert r.audit[0]["dataset"] is not None  # strings copied out of the database
    assert r.total == pytest.approx(ELEC + N2O_AR6)


def test_resolve_then_calculate(test_db):
    m = pcf.Model.from_dict(widget_dict())
    system = m.resolve(test_db)
    info = system.info()
    assert info["activities"] == 2 and info["gwp"] == "AR6"
    m.close()  # the system is independent of the model
    r = pcf.Result(system.calculate())
    assert r.total == pytest.approx(ELEC + N2O_AR6)


def test_calculate_helper(test_db, tmp_path):
    assert pcf.calculate(widget_dict(), test_db).total == pytest.approx(ELEC + N2O_AR6)
    path = tmp_path / "w.json"
    path.write_text(json.dumps(widget_dict()), encoding="utf-8")
    assert pcf.calculate(str(path), test_db).total == pytest.approx(ELEC + N2O_AR6)


def test_threads(test_db_path):
    # One model per thread, one shared Db (the binding serialises it) and one per thread.
    totals, errors = [], []
    shared = pcf.open_db(test_db_path)

    def work(own_db):
        try:
            db = pcf.open_db(test_db_path) if own_db else shared
            for _ in range(100):
                totals.append(pcf.Model.from_dict(widget_dict()).calculate(db).total)
        except Exception as e:  # pragma: no cover
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i % 2 == 0,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    shared.close()
    assert errors == []
    assert len(totals) == 400 and len(set(totals)) == 1


def test_transport_leg_by_distance_and_mass(build_root):
    # RC-6 (docs/methods.md#rc-6): 700 km × 230 kg = 161 t·km; DESNZ 2025 row
    # 27_304_3112_14_1, HGV rigid 3.5-7.5 t average laden, 0.52761 kgCO2e/tkm (TTW)
    # -> 161 × 0.52761 = 84.94521 kg CO2e.
    db_path = build_root / "data" / "factors.db"
    if not db_path.exists():
        pytest.skip("data/factors.db not built")
    m = pcf.Model()
    p = m.add_product("pallet")
    m.set_declared_unit(p, 1, "item")
    leg = m.add_activity(p, "transport", "Truck leg")
    m.set_text(leg, "mode", "road")
    m.set_number(leg, "distance", 700)
    m.set_text(leg, "distance_unit", "km")
    m.set_number(leg, "mass", 230)
    m.set_text(leg, "mass_unit", "kg")
    m.set_factor_code(leg, "desnz-2025:27_304_3112_14_1")
    m.set_text(leg, "factor_scope", "ttw")
    with pcf.open_db(db_path) as db:
        r = m.calculate(db)
    line = r.audit[0]
    assert line["quantity"] == pytest.approx(161.0, rel=1e-12)
    assert line["factor_unit"] == "tkm"
    assert r.stages["transport"] == pytest.approx(161 * 0.52761, rel=1e-12)
    assert r._c.total_kg_co2e() == r.total
    assert r.total_excluding_removals == r.total


def test_diagnostics_record_fallback(test_db):
    m = pcf.Model()
    m.set_region("CN-FJ")
    p = m.add_product("p")
    m.set_declared_unit(p, 1, "item")
    a = m.add_activity(p, "production", "Grid", 1, "kWh")
    m.set_factor_lookup(a, "electricity", "China national average electricity CO2 factor 2022")
    system = m.resolve(test_db)
    notes = system.diagnostics
    assert any(d["severity"] == "note" and "CN" in d["message"] for d in notes), notes
    r = pcf.Result(system.calculate())
    assert r.diagnostics == notes
    assert r.total == pytest.approx(0.5366)  # MEE 2022 national average, kgCO2/kWh


def test_one_system_many_threads(test_db):
    # A system is immutable: calculate and sample it from several threads at once.
    system = pcf.Model.from_dict(widget_dict()).resolve(test_db)
    out, errors = [], []

    def work():
        try:
            for _ in range(50):
                out.append(pcf.Result(system.calculate()).total)
        except Exception as e:  # pragma: no cover
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(out) == 200 and set(out) == {ELEC + N2O_AR6}


def test_summary_agrees_with_document(build_root, source_root):
    # total/stages/flows come from the C accessors, the rest from the JSON document: same doubles.
    db_path = build_root / "data" / "factors.db"
    models = sorted((source_root / "examples" / "models").glob("*.json"))
    if not db_path.exists() or not models:
        pytest.skip("needs data/factors.db and examples/models")
    with pcf.open_db(db_path) as db:
        for path in models:
            r = pcf.Model.from_json(path).calculate(db)
            d = r.to_dict()
            assert r.total == d["total_kg_co2e"], path.name
            assert r.total_excluding_removals == d["total_excluding_removals_kg_co2e"]
            assert r.stages == {s["stage"]: s["kg_co2e"] for s in d["stages"]}, path.name
            assert r.flows == d["flows"], path.name
            assert list(r.stages) == [s["stage"] for s in d["stages"]]


def test_sections():
    m = pcf.Model.from_dict(widget_dict())
    with pytest.raises(pcf.NotFound):
        m.get_section("pact")
    m.set_section("x-erp", {"item": "W-100", "plant": "Xiamen"})
    assert m.get_section("x-erp") == {"item": "W-100", "plant": "Xiamen"}
    assert m.to_dict()["x-erp"]["plant"] == "Xiamen"
    m.set_section("x-erp", None)
    assert "x-erp" not in m.to_dict()
    with pytest.raises(pcf.InvalidArgument):
        m.set_section("products", [])
    with pytest.raises(pcf.ParseError):
        m.set_section_json("x-bad", "{not json")


def test_system_result_mc_close(test_db):
    m = pcf.Model.from_dict(widget_dict())
    with m.resolve(test_db) as system:
        assert not system.closed
        with pcf.Result(system.calculate()) as r:
            total = r.total
            assert not r.closed
        assert r.closed and r.total == total  # figures read before close stay
        with pytest.raises(ValueError):
            r.to_json()
        with system.monte_carlo(iterations=100) as mc:
            assert mc.info()["iterations"] == 100
        assert mc.closed
        with pytest.raises(ValueError):
            mc.stats()
    assert system.closed
    with pytest.raises(ValueError):
        system.calculate()
    with pytest.raises(ValueError):
        system.monte_carlo(iterations=100)
    system.close()  # twice is fine
    with pytest.raises(ValueError):
        with system:
            pass


def test_system_closed_during_monte_carlo():
    # close() from the progress callback (GIL re-taken mid-run): the run finishes, then the
    # system is freed.
    system = pcf.Model.from_dict({
        "pcf_model": 1,
        "products": [{"id": "p", "declared_unit": {"amount": 1, "unit": "item"},
                      "stages": {"production": [
                          {"name": "CO2", "amount": 10, "unit": "kg", "gas": "co2_fossil",
                           "uncertainty": {"dist": "normal", "sd": 1}}]}}],
    }).resolve(None)
    mc = system.monte_carlo(iterations=5000, progress=lambda d, t: system.close())
    assert system.closed
    assert mc.stats()["mean"] == pytest.approx(10, abs=0.1)


def test_one_lifecycle_for_every_type(test_db_path):
    # Db, Model, System, Result and Mc share one handle helper (bindings/python/src/handle.c):
    # the same close(), closed, with-block and closed-object error for each.
    db = pcf.Db(str(test_db_path))
    model = pcf._pcf.Model.from_string(json.dumps(widget_dict()))
    system = model.resolve(db)
    result = system.calculate()
    mc = system.monte_carlo(iterations=10)
    for obj, name in [(db, "Db"), (model, "Model"), (system, "System"), (result, "Result"),
                      (mc, "Mc")]:
        with obj as same:
            assert same is obj and not obj.closed
        assert obj.closed
        obj.close()  # twice is fine
        with pytest.raises(ValueError, match=f"closed pcf.{name}$"):
            with obj:
                pass
    # diagnostics outlive close(): they were copied out at resolve time
    assert system.diagnostics == result.diagnostics
