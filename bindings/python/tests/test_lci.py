"""pcf.Lci and the lci functions (pcf/lci.h) on the hand-made systems of tests/data/lci: the
two-process loop of tests/test_lci.c (A = [[1, -0.2], [-0.5, 1]], direct CO2 1 and 2 kg, so per
kg P 2/0.9 and per kg Q 2.2/0.9 kg CO2e, worked out there) and its Monte Carlo variant."""
import math

import pytest

import pcf


@pytest.fixture
def loop_db(tmp_path, source_root):
    with pcf.open_db(tmp_path / "lci.db", create=True) as db:
        pcf.lci_import(db, "loop", source_root / "tests" / "data" / "lci" / "loop")
        pcf.lci_import(db, "mcloop", source_root / "tests" / "data" / "lci" / "mcloop")
        yield db


def test_import_info_open(loop_db):
    info = pcf.lci_info(loop_db, "loop")
    assert info["database"]["processes"] == 2
    with pcf.lci_open(loop_db, "loop", "AR6") as lci:
        assert len(lci) == 2 and lci.name == "loop" and lci.gwp == "AR6" and lci.nonzeros == 4
        a, b = lci.find("p-a"), lci.find("Make Q")
        assert lci.processes()[a] == {"id": "p-a", "name": "Make P", "location": "US",
                                      "unit": "kg"}
        r = lci.result(a)
        assert r["total"] == pytest.approx(2 / 0.9, rel=1e-12)
        assert r["gases"]["co2_fossil"] == pytest.approx(2 / 0.9, rel=1e-12)
        inv = lci.inventory("f-co2")
        assert inv[b] == pytest.approx(2.2 / 0.9, rel=1e-12)
        c = lci.contributions(b, top=1)
        assert c["contributions"][0]["process"] == b
        assert c["contributions"][0]["kg_co2e"] == pytest.approx(2 / 0.9, rel=1e-12)
        assert c["remainder"] == pytest.approx(0.2 / 0.9, rel=1e-12)
        with pytest.raises(pcf.NotFound):
            lci.find("nothing like it")
        with pytest.raises(IndexError):
            lci.result(5)
    assert lci.closed
    with pytest.raises(ValueError):
        lci.result(0)
    with pytest.raises(pcf.NotFound):
        pcf.lci_open(loop_db, "nosuch")


def test_store_factors(loop_db):
    with pcf.lci_open(loop_db, "loop") as lci:
        assert lci.store_factors(loop_db, "MIT") == (2, 0)
    f = loop_db.factor("loop:p-a")
    assert f["kg_co2e"] == pytest.approx(2 / 0.9, rel=1e-12)


def test_matrices_scipy(loop_db):
    sp = pytest.importorskip("scipy.sparse")
    from scipy.sparse.linalg import spsolve

    with pcf.lci_open(loop_db, "loop") as lci:
        m = pcf.lci_matrices(lci)
        a, b = lci.find("p-a"), lci.find("p-b")
        totals = [lci.result(j)["total"] for j in range(len(lci))]
    A, B = m["technosphere"], m["biosphere"]
    assert isinstance(A, sp.csc_matrix) and isinstance(B, sp.csr_matrix)
    assert A[a, a] == 1 and A[b, a] == -0.5 and A[a, b] == -0.2 and A[b, b] == 1
    assert m["flows"] == ["f-co2"] and m["processes"][a] == "p-a"
    # results for every process by SciPy: (Aᵀ)⁻¹ Bᵀ c, c = 1 for CO2 (GWP 1), times the scale
    y = spsolve(A.T.tocsc(), B.T @ [1.0]) * m["scale"]
    assert list(y) == pytest.approx(totals, rel=1e-12)


def test_monte_carlo(loop_db):
    """The closed form of tests/test_lci.c, test_mc: mean (7/6 + 0.298) L + E g (5L - 5) with
    L = 10 ln(0.95/0.85), E g = 2 exp((ln 1.2)^2 / 2)."""
    with pcf.lci_open(loop_db, "mcloop") as lci:
        assert lci.mc_parameters == 4
        a = lci.find("p-a")
        x = lci.monte_carlo(a, iterations=4000, seed=5, threads=1)
        assert lci.monte_carlo(a, iterations=4000, seed=5, threads=2) == x
        with pytest.raises(pcf.InvalidArgument):
            lci.monte_carlo(a, iterations=10, threads=100000)
    n = len(x)
    mean = sum(x) / n
    se = math.sqrt(sum((v - mean) ** 2 for v in x) / (n - 1) / n)
    L = 10 * math.log(0.95 / 0.85)
    want = (7 / 6 + 0.298) * L + 2 * math.exp(math.log(1.2) ** 2 / 2) * (5 * L - 5)
    assert abs(mean - want) < 4 * se


def test_model_monte_carlo_samples_lci_once(loop_db):
    """Two activities on Make P of mcloop (1 kg in materials, 2 kg in production): with the
    database given, both take the same LCI sample in every iteration, so production is exactly
    twice materials (tests/test_lci_mc.c has the closed-form mean); without it the factor is
    fixed at its published 2.298/0.9 kg CO2e per kg (tests/test_lci.c, test_mc)."""
    with pcf.lci_open(loop_db, "mcloop", "AR6") as lci:
        lci.store_factors(loop_db, "CC0-1.0")
    acts = [{"name": n, "amount": a, "unit": "kg", "factor": "mcloop:p-a"}
            for n, a in (("one", 1), ("two", 2))]
    model = pcf.Model.from_dict({
        "pcf_model": 1, "boundary": "cradle-to-gate", "gwp": "AR6",
        "products": [{"id": "x", "name": {"en": "X"},
                      "declared_unit": {"amount": 1, "unit": "item"},
                      "stages": {"materials": [acts[0]], "production": [acts[1]]}}]})
    with model.resolve(loop_db) as system:
        with system.monte_carlo(iterations=300, seed=3, keep_samples=True, lci=loop_db) as mc:
            mat, prod = mc.samples("materials"), mc.samples("production")
            assert all(p == 2 * m for m, p in zip(mat, prod))
            assert len(set(mat)) > 1
        with system.monte_carlo(iterations=300, seed=3, keep_samples=True) as mc:
            assert all(m == pytest.approx(2.298 / 0.9, rel=1e-12) for m in mc.samples("materials"))
    d = model.monte_carlo(loop_db, iterations=300, seed=3)
    assert d["stages"]["production"]["sd"] > 0


def test_db_argument_named():
    # The LCI functions need a database: None and a wrong type are both refused with the
    # function's name (a wrong type used to say "db must be a pcf.Db or None", offering None,
    # which these functions refuse).
    for call, name in ((lambda d: pcf.lci_info(d, "loop"), "lci_info"),
                       (lambda d: pcf.lci_open(d, "loop"), "lci_open")):
        for bad, shown in ((None, "NoneType"), ("factors.db", "str")):
            with pytest.raises(TypeError) as e:
                call(bad)
            assert str(e.value) == f"{name} needs a pcf.Db, not {shown}"
