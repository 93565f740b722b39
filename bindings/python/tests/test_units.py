"""Units, numbers and GWP helpers: pcf.convert, pcf.unit(s), pcf.parse_quantity,
pcf.parse_number, pcf.format_number, pcf.gwp, pcf.gwp_source, pcf.gwp_set_name, pcf.gases,
pcf.version, pcf.status_name."""
import locale

import pytest

import pcf

LB_KG = 0.45359237  # international pound, exact by definition (1959 yard and pound agreement)


def test_version():
    assert pcf.version() == pcf.__version__
    assert pcf.version().count(".") == 2


def test_convert_mass():
    # 2.5 t = 2500 kg = 2500 / 0.45359237 lb = 5511.556554621939 lb
    assert pcf.convert(2.5, "t", "lb") == pytest.approx(2500 / LB_KG, rel=1e-15)
    assert pcf.convert(1, "kg", "g") == 1000.0


def test_convert_energy():
    # 1 kWh = 3.6 MJ (1 W = 1 J/s, 3600 s)
    assert pcf.convert(1, "kWh", "MJ") == pytest.approx(3.6, rel=1e-15)
    assert pcf.convert(3.6, "GJ", "MWh") == pytest.approx(1.0, rel=1e-15)


def test_convert_wrong_dimension():
    with pytest.raises(pcf.UnitError) as info:
        pcf.convert(1, "kg", "kWh")
    e = info.value
    assert isinstance(e, pcf.Error) and isinstance(e, ValueError)
    assert e.code == 6 and e.status == "PCF_ERR_UNIT"
    assert "mass" in e.message and "energy" in e.message
    assert str(e) == e.message  # no location for a unit pair
    assert e.file == "" and e.path == "" and e.line == 0 and e.column == 0


def test_convert_unknown_unit():
    with pytest.raises(pcf.NotFound) as info:
        pcf.convert(1, "kg", "furlong")
    assert "furlong" in info.value.message
    assert isinstance(info.value, LookupError)


def test_convert_non_finite():
    with pytest.raises(pcf.InvalidArgument):
        pcf.convert(float("nan"), "kg", "g")
    with pytest.raises(pcf.InvalidArgument):
        pcf.convert(float("inf"), "kg", "g")


def test_convert_type_errors():
    with pytest.raises(TypeError):
        pcf.convert("1", "kg", "g")
    with pytest.raises(TypeError):
        pcf.convert(1, None, "g")


def test_unit():
    u = pcf.unit("tonnes")
    assert u == {"symbol": "t", "name": "tonne", "dimension": "mass", "to_base": 1000.0}
    assert pcf.unit("lb")["to_base"] == LB_KG
    with pytest.raises(pcf.NotFound):
        pcf.unit("parsec")


def test_units():
    units = pcf.units()
    symbols = [u["symbol"] for u in units]
    for s in ("kg", "t", "lb", "kWh", "MJ", "L", "m3", "km", "tkm", "item"):
        assert s in symbols
    dims = {u["dimension"] for u in units}
    assert {"mass", "energy", "volume", "length", "freight transport work"} <= dims


def test_parse_quantity():
    assert pcf.parse_quantity("1.5 kg") == (1.5, "kg")
    assert pcf.parse_quantity("2e3 kWh") == (2000.0, "kWh")
    with pytest.raises(pcf.ParseError):
        pcf.parse_quantity("abc kg")


def test_parse_and_format_number():
    assert pcf.parse_number("1.5") == 1.5
    with pytest.raises(pcf.ParseError):
        pcf.parse_number("1,5")
    # shortest text that reads back exactly (as the CLI prints numbers)
    assert pcf.format_number(0.1 + 0.2) == "0.30000000000000004"
    assert pcf.format_number(2.5) == "2.5"
    assert float(pcf.format_number(1 / 3)) == 1 / 3


def test_numbers_ignore_locale():
    # An ERP host may switch to a decimal comma; parsing must not follow it.
    try:
        old = locale.setlocale(locale.LC_NUMERIC)
        locale.setlocale(locale.LC_NUMERIC, "de_DE.UTF-8")
    except locale.Error:
        pytest.skip("de_DE.UTF-8 locale not installed")
    try:
        assert pcf.parse_number("1.5") == 1.5
        assert pcf.format_number(1.5) == "1.5"
        assert pcf.parse_quantity("1.5 kg") == (1.5, "kg")
    finally:
        locale.setlocale(locale.LC_NUMERIC, old)


def test_gwp():
    # IPCC GWP100, data/gwp.csv: N2O AR4 298, AR5 265, AR6 273; SF6 AR6 25200.
    assert pcf.gwp("n2o", "AR6") == 273.0
    assert pcf.gwp("N2O", "AR5") == 265.0
    assert pcf.gwp("n2o", "AR4") == 298.0
    assert pcf.gwp("n2o") == 273.0  # AR6 is the default
    assert pcf.gwp("sf6") == 25200.0
    assert pcf.gwp("co2_fossil") == 1.0


def test_gwp_errors():
    with pytest.raises(pcf.NotFound):
        pcf.gwp("unobtainium")
    with pytest.raises(pcf.Error) as info:
        pcf.gwp("n2o", "AR9")
    assert "AR9" in info.value.message


def test_gwp_source_and_set_name():
    assert "IPCC" in pcf.gwp_source("n2o", "AR6") or "AR6" in pcf.gwp_source("n2o", "AR6")
    assert pcf.gwp_set_name("ar5") == "AR5"


def test_gases():
    gases = pcf.gases()
    keys = [g["key"] for g in gases]
    assert keys[0] == "co2_fossil" and "n2o" in keys and "hfc_134a" in keys
    bio = {g["key"] for g in gases if g["biogenic"]}
    assert bio == {"co2_biogenic", "ch4_biogenic"}


def test_status_name():
    assert pcf.status_name(0) == "PCF_OK"
    assert pcf.status_name(12) == "PCF_ERR_INVALID_MODEL"


def test_parse_rate():
    # "tCO2e/t": 1000 kg of CO2e per tonne; "kgCO2/kWh" is CO2 only
    assert pcf.parse_rate("tCO2e/t") == {"kg": 1000.0, "per": "t", "co2_only": False}
    r = pcf.parse_rate("gCO2e/kWh")
    assert r["kg"] == 0.001 and r["per"] == "kWh"
    assert pcf.parse_rate("kgCO2/kWh")["co2_only"] is True
    with pytest.raises(pcf.ParseError):
        pcf.parse_rate("kWh")


def test_co2e():
    # 1 kg N2O × 273 + 2 kg fossil CH4 × 29.8 = 332.6 kg CO2e (AR6, data/gwp.csv)
    assert pcf.co2e({"n2o": 1, "ch4_fossil": 2}) == pytest.approx(332.6, rel=1e-12)
    # AR5: 265 + 2 × 30 = 325
    assert pcf.co2e({"n2o": 1, "ch4_fossil": 2}, "AR5") == pytest.approx(325.0, rel=1e-12)
    assert pcf.co2e({}) == 0.0
    with pytest.raises(pcf.NotFound):
        pcf.co2e({"unobtainium": 1})
    with pytest.raises(TypeError):
        pcf.co2e([("n2o", 1)])


def test_pedigree():
    # RC-1, docs/methods.md#rc-1 (Muller et al. 2014, Table 5): scores (5,5,5,5,5), U_b = 1.279²;
    # published GSD 1.690 (2 dp), our recomputation 1.6870. Sample size 1 adds factor 1.
    assert pcf.pedigree_gsd([5, 5, 5, 5, 5], 1.279 ** 2) == pytest.approx(1.6870, abs=5e-5)
    assert round(pcf.pedigree_gsd([5, 5, 5, 5, 5, 1], 1.279 ** 2), 2) == 1.69
    # RC-2 (docs/methods.md#rc-2): all ones, U_b = 1.05 -> sigma_ln = ln(1.05)/2 = 0.024395
    assert pcf.pedigree_sigma([1, 1, 1, 1, 1], 1.05) == pytest.approx(0.024395, abs=1e-6)
    assert pcf.pedigree_gsd([1, 1, 1, 1, 1]) == 1.0
    with pytest.raises(pcf.InvalidArgument) as info:
        pcf.pedigree_gsd([5, 5, 9, 5, 5])
    assert "temporal" in info.value.message
    with pytest.raises(pcf.InvalidArgument):
        pcf.pedigree_gsd([1, 2, 3])
    with pytest.raises(ValueError):
        pcf.pedigree_gsd([1] * 7)


def test_dist_check_and_limits():
    pcf.dist_check("lognormal", 1.0, 1.5)
    pcf.dist_check("triangular", 2.0, 1.0, 2.0, 3.0)
    with pytest.raises(pcf.InvalidArgument) as info:
        pcf.dist_check("lognormal", 1.0, 0.5)
    assert "GSD" in info.value.message
    with pytest.raises(pcf.InvalidArgument):
        pcf.dist_check("cauchy", 1.0)
    lim = pcf.mc_limits()
    assert lim["max_iterations"] == 100_000_000 and lim["max_threads"] == 256
    assert lim["chunk_size"] == 128
