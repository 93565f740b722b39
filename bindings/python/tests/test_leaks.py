"""No leaks under repeated use: 10,000 calculations (model from a dict, calculate, read the
result as dicts, close) while watching the resident set size in /proc/self/statm."""
import os

import pytest

import pcf

from test_model import widget_dict

PAGE = os.sysconf("SC_PAGE_SIZE")
# Bound on growth after warm-up. One leaked result would be several hundred bytes, so a leak of
# one object per iteration over 9,000 iterations shows as several MB; the bound leaves room for
# the allocator's own bookkeeping and Python's free lists.
BOUND_BYTES = 2 * 1024 * 1024


def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="needs /proc (Linux)")
def test_10000_calculations_do_not_grow(test_db):
    d = widget_dict()

    def once():
        with pcf.Model.from_dict(d) as m:
            r = m.calculate(test_db)
            assert r.total > 0 and r.stages and r.audit
            r.report(5)

    for _ in range(1000):  # warm-up: caches, free lists, SQLite page cache
        once()
    before = rss_bytes()
    for _ in range(9000):
        once()
    growth = rss_bytes() - before
    print(f"RSS growth over 9,000 calculations after 1,000 warm-up: {growth} bytes")
    assert growth < BOUND_BYTES, f"resident memory grew by {growth} bytes"


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="needs /proc (Linux)")
def test_errors_and_monte_carlo_do_not_grow(test_db):
    bad = widget_dict()
    bad["products"][0]["stages"]["production"][0]["factor"] = "no-such-code"
    m = pcf.Model.from_dict(widget_dict())
    system = m.resolve(test_db)

    def once():
        with pytest.raises(pcf.NotFound):
            pcf.Model.from_dict(bad).calculate(test_db)
        system.monte_carlo(iterations=50, seed=1)

    for _ in range(300):
        once()
    before = rss_bytes()
    for _ in range(2000):
        once()
    growth = rss_bytes() - before
    assert growth < BOUND_BYTES, f"resident memory grew by {growth} bytes"


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="needs /proc (Linux)")
def test_writers_and_pact_do_not_grow(test_db, source_root):
    import json
    pact_dir = source_root / "tests" / "data" / "pact"
    if not pact_dir.exists():
        pytest.skip("tests/data/pact not present")
    doc = (pact_dir / "v3-example-1.json").read_text(encoding="utf-8")
    fields = json.loads((pact_dir / "fields-test.json").read_text(encoding="utf-8"))["pact"]
    d = widget_dict()
    d["products"][0]["mass"], d["products"][0]["mass_unit"] = 1.0, "kg"  # PACT needs a mass
    model = pcf.Model.from_dict(d)
    system = model.resolve(test_db)
    mc = system.monte_carlo(iterations=200, keep_samples=True)

    def once():
        r = model.calculate(test_db)
        r.to_pact_json(3, model, fields)
        r.to_html(mc=mc, db=test_db)
        r.to_csv()
        pcf.pact_validate(doc)
        pcf.pact_footprint(doc)
        with pcf.Model() as m:
            p = m.add_product("p")
            m.set_declared_unit(p, 1, "item")
            m.add_pact_part(p, doc, 1, "kg")
            m.validate()
        mc.samples()
        mc.sensitivity()

    for _ in range(200):
        once()
    before = rss_bytes()
    for _ in range(1500):
        once()
    growth = rss_bytes() - before
    assert growth < BOUND_BYTES, f"resident memory grew by {growth} bytes"
