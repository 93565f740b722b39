"""The factor database: pcf.open_db, pcf.find_db, pcf.Db (close, context manager, attach, layers,
factor, resolve, search, factor_count, import_csv, export_csv, datasets), db_default_path,
db_schema_version. Fixture rows in tests/data/*.csv are copied from the shipped data/factors-*.csv rows
(UK DESNZ 2025, China MEE 2024) with their sources."""
import json
import os
import pathlib
import subprocess
import threading

import pytest

import pcf

DATA = pathlib.Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def db_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("db") / "factors-test.db"
    with pcf.open_db(path, create=True) as db:
        assert db.import_csv(DATA / "factors-test.csv") == 3
    return path


@pytest.fixture(scope="module")
def company_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("db") / "company.db"
    with pcf.Db(path, create=True) as db:
        assert db.import_csv(str(DATA / "company-test.csv")) == 1
    return path


@pytest.fixture
def db(db_file):
    with pcf.open_db(db_file) as d:
        yield d


def test_schema_version_and_default_path():
    assert pcf.db_schema_version() >= 1
    assert pcf.db_default_path().endswith("factors.db")


def test_factor_by_code(db):
    f = db.factor("test:uk-grid-2025")
    # DESNZ 2025 row 7_400_4000_5_1: 0.177 kgCO2e per kWh
    assert f["kg_co2e"] == pytest.approx(0.177, rel=1e-15)
    assert f["unit"] == "kWh"
    assert f["code"] == "test:uk-grid-2025"
    assert f["category"] == "electricity"
    assert f["region"] == "GB" and f["fallback_taken"] is False
    assert f["name_zh"] == "英国电网电力(发电)"
    assert f["layer"] == "default"
    assert f["co2_only"] is False
    assert f["published_value"] == "0.177" and f["published_unit"] == "kgCO2e/kWh"
    assert "7_400_4000_5_1" in f["source"]
    assert f["uncertainty"]["distribution"] == "fixed"  # the source gives none; pcf invents none


def test_factor_unit_conversion_on_import(db):
    # DESNZ 2025 butane: 3033.38067 kgCO2e per tonne, kept per one tonne
    f = db.factor("test:butane-t")
    assert f["unit"] == "t"
    assert f["kg_co2e"] == pytest.approx(3033.38067, rel=1e-15)


def test_co2_only_factor(db):
    f = db.factor("test:cn-grid-2022")
    assert f["co2_only"] is True
    assert f["kg_co2e"] == pytest.approx(0.5366, rel=1e-15)


def test_factor_not_found(db):
    with pytest.raises(pcf.NotFound) as info:
        db.factor("no-such-code")
    assert "no-such-code" in info.value.message


def test_resolve_with_region_fallback(db):
    # No CN-FJ row: the chain CN-FJ -> ... -> CN finds the national factor.
    f = db.resolve("electricity", "China national average electricity CO2 factor 2022",
                   region="CN-FJ")
    assert f["code"] == "test:cn-grid-2022"
    assert f["region"] == "CN" and f["region_requested"] == "CN-FJ"
    assert f["fallback_taken"] is True
    f = db.resolve("fuel", "Butane - combustion", "GB", dimension="mass")
    assert f["code"] == "test:butane-t"
    f = db.resolve("fuel", "丁烷 燃烧", "GB", dimension="kg")  # Chinese name, unit -> dimension
    assert f["code"] == "test:butane-t"
    with pytest.raises(pcf.NotFound):
        db.resolve("fuel", "Butane - combustion", "GB", dimension="energy")
    with pytest.raises(pcf.NotFound):
        db.resolve("fuel", "Butane - combustion", "GB", dimension="parsec")


def test_search(db):
    found = db.search("electricity")
    codes = {f["code"] for f in found}
    assert {"test:uk-grid-2025", "test:cn-grid-2022"} <= codes
    assert "test:butane-t" not in codes
    assert [f["code"] for f in db.search("电力", region="CN")] == ["test:cn-grid-2022"]
    assert len(db.search("", limit=2)) == 2
    assert len(db.search()) == 3
    assert [f["code"] for f in db.search(category="fuel")] == ["test:butane-t"]
    assert {f["code"] for f in db.search(dimension="energy")} == {"test:uk-grid-2025",
                                                                  "test:cn-grid-2022"}
    with pytest.raises(ValueError):
        db.search(limit=-1)


def test_counts_layers_datasets(db):
    assert db.factor_count() == 3
    assert db.layers() == ["default"]
    assert isinstance(db.datasets(), list)
    with pytest.raises(pcf.InvalidArgument):
        db.factor_count(5)


def test_attach_company_layer(db_file, company_file):
    with pcf.open_db(db_file, attach=company_file) as db:
        assert db.layers() == ["default", "company"]
        f = db.factor("test:cn-grid-2022")
        assert f["layer"] == "company" and f["kg_co2e"] == pytest.approx(0.5568, rel=1e-15)
        assert db.factor("test:uk-grid-2025")["layer"] == "default"
        assert db.factor_count(1) == 1
    with pcf.open_db(db_file, attach={"acme": company_file}) as db:
        assert db.layers() == ["default", "acme"]
        assert repr(db) == "<pcf.Db layers: default, acme>"
    assert repr(db) == "<pcf.Db closed>"
    with pcf.open_db(db_file) as db:
        db.attach(company_file, "acme")
        assert db.layers()[-1] == "acme"
        with pytest.raises(pcf.InvalidArgument):
            db.attach(company_file, "acme")  # name already in use
        with pytest.raises(pcf.InvalidArgument):
            db.attach(company_file, "default")


def test_export_reimports(db, tmp_path):
    text = db.export_csv()
    assert text.splitlines()[0].startswith("code,")
    assert "test:butane-t" in text
    csv = tmp_path / "export.csv"
    csv.write_text(text, encoding="utf-8")
    with pcf.open_db(tmp_path / "again.db", create=True) as again:
        assert again.import_csv(csv) == 3
        assert again.factor("test:butane-t")["kg_co2e"] == db.factor("test:butane-t")["kg_co2e"]


def test_import_error_location(tmp_path):
    bad = tmp_path / "bad.csv"
    lines = (DATA / "factors-test.csv").read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("3033.38067", "lots")
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pcf.open_db(tmp_path / "x.db", create=True) as db:
        with pytest.raises(pcf.ParseError) as info:
            db.import_csv(bad)
        e = info.value
        assert e.file.endswith("bad.csv") and e.line == 3 and e.column > 0
        assert "value" in e.message
        assert "line 3" in str(e)
        assert db.factor_count() == 0  # one transaction: nothing imported


def test_read_only(db):
    with pytest.raises(pcf.ReadOnly):
        db.import_csv(DATA / "factors-test.csv")


def test_open_missing_file(tmp_path):
    with pytest.raises(pcf.IoError) as info:
        pcf.open_db(tmp_path / "nope.db")
    assert "nope.db" in info.value.message


def test_open_not_a_database(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(pcf.DatabaseError):
        pcf.open_db(junk)


def test_close_and_context_manager(db_file):
    db = pcf.open_db(db_file)
    assert not db.closed
    db.close()
    assert db.closed
    db.close()  # twice is fine
    with pytest.raises(ValueError):
        db.factor("test:butane-t")
    with pytest.raises(ValueError):
        with db:
            pass
    with pcf.open_db(db_file) as d2:
        assert d2.factor_count() == 3
    assert d2.closed


def test_find_db_env(db_file, monkeypatch):
    monkeypatch.setenv("PCF_DB", str(db_file))
    assert pcf.find_db() == str(db_file)
    with pcf.open_db() as db:
        assert db.factor_count() == 3


def test_find_db_nothing(monkeypatch, tmp_path):
    monkeypatch.delenv("PCF_DB", raising=False)
    if os.path.isfile(pcf.db_default_path()) or os.path.isfile(
            os.path.join(os.path.dirname(pcf.__file__), "factors.db")):
        pytest.skip("a factor database is installed")
    with pytest.raises(pcf.IoError) as info:
        pcf.open_db()
    assert "PCF_DB" in info.value.message


def test_create_needs_path():
    with pytest.raises(pcf.InvalidArgument):
        pcf.open_db(create=True)


def test_threads_share_one_db(db):
    # A Db is one-thread-at-a-time in C; the binding serialises callers with a lock.
    errors = []

    def work():
        try:
            for _ in range(50):
                assert db.factor("test:butane-t")["unit"] == "t"
                assert len(db.search("electricity")) == 2
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


# ---- the shipped factors.db (data/), found next to the package in the build dir -------------

@pytest.fixture(scope="module")
def shipped_path(build_root):
    path = build_root / "data" / "factors.db"
    if not path.exists():
        pytest.skip("data/factors.db not built")
    return str(path)


@pytest.fixture(scope="module")
def shipped(shipped_path):
    with pcf.open_db(shipped_path) as db:
        yield db


def test_shipped_db_found_without_path(monkeypatch, build_root):
    # The build copies factors.db next to the package (bindings/python/pcf/meson.build).
    monkeypatch.delenv("PCF_DB", raising=False)
    assert pcf.find_db().endswith("factors.db")
    with pcf.open_db() as db:
        assert db.factor_count() > 700


def test_shipped_factor_agrees_with_cli(shipped, shipped_path, cli):
    code = "desnz-2025:1_100_1000_15_1"  # DESNZ 2025 butane, 3033.38067 kgCO2e/tonne
    out = subprocess.run([cli, "factors", "show", code, "--json", "--db",
                          shipped_path], capture_output=True, text=True, check=True)
    ref = json.loads(out.stdout)
    f = shipped.factor(code)
    # one writer (pcf_factor_to_json) behind both: the same keys, the same values
    assert f == ref
    assert f["kg_co2e"] == 3033.38067 and f["unit"] == "t"
    assert f["published_value"] == "3033.38067" and f["published_unit"] == "kgCO2e/tonne"


def test_shipped_search_agrees_with_cli(shipped, shipped_path, cli):
    out = subprocess.run([cli, "factors", "search", "steel", "--json", "--limit", "5", "--db",
                          shipped_path], capture_output=True, text=True, check=True)
    ref = [r["code"] for r in json.loads(out.stdout)]
    assert [f["code"] for f in shipped.search("steel", limit=5)] == ref
    assert len(ref) == 5
    assert shipped.search("钢", limit=3)  # Chinese names are searched too


def test_shipped_datasets(shipped):
    ds = {d["key"]: d for d in shipped.datasets()}
    assert "desnz-2025" in ds
    assert "Open Government Licence" in ds["desnz-2025"]["license"]
    assert ds["desnz-2025"]["factor_count"] > 0
    assert sum(d["factor_count"] for d in ds.values()) == shipped.factor_count()



def test_export_tables(shipped):
    assert shipped.export_csv("datasets").splitlines()[0].startswith("dataset,")
    assert shipped.export_csv("regions").splitlines()[0].startswith("region,")
    assert shipped.export_csv() == shipped.export_csv("factors")
    with pytest.raises(ValueError):
        shipped.export_csv("nope")


def test_shipped_suggest_agrees_with_cli(shipped, shipped_path, cli):
    """Db.suggest is pcf_factor_suggest: the same candidates, scores and reasons as the CLI."""
    out = subprocess.run([cli, "factors", "suggest", "PP颗粒 注塑级", "--unit", "kg", "--region",
                          "CN-FJ", "--category", "material,packaging", "--limit", "3", "--json",
                          "--db", shipped_path], capture_output=True, text=True, check=True)
    ref = json.loads(out.stdout)
    got = shipped.suggest("PP颗粒 注塑级", unit="kg", region="CN-FJ",
                          categories="material,packaging", limit=3)
    assert got["clear"] is ref["clear"] is True
    assert [c["code"] for c in got["candidates"]] == [c["code"] for c in ref["candidates"]]
    assert [c["reason"] for c in got["candidates"]] == [c["reason"] for c in ref["candidates"]]
    # 0.6 x coverage 1 + 0.25 preferred + 0.15 x region fit 0 (docs/matching.md)
    assert got["candidates"][0]["score"] == pytest.approx(0.85)
    zh = shipped.suggest("ABS", unit="kg", lang="zh")
    assert zh["clear"] is False and zh["candidates"][0]["proxy"] is True
    assert "代用" in zh["candidates"][0]["reason"]
    with pytest.raises(pcf.NotFound):
        shipped.suggest("PP", unit="no-such-unit")
    with pytest.raises(ValueError):
        shipped.suggest("PP", limit=-1)
