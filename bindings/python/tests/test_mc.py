"""Monte Carlo through Python: Model.monte_carlo, System.monte_carlo, the Mc object (stats,
percentile, samples, sensitivity, info, to_json), progress callbacks and cancellation."""
import math

import pytest

import pcf


def uncertain_model():
    """10 kg of a gas with a normal amount, sd 1 kg: CO2 fossil, GWP 1 in every set, so the
    total is N(10, 1) kg CO2e; plus 2 kg N2O with a uniform amount on [1, 3] (AR6: × 273)."""
    return pcf.Model.from_dict({
        "pcf_model": 1,
        "products": [{
            "id": "p", "declared_unit": {"amount": 1, "unit": "item"},
            "stages": {
                "production": [
                    {"name": "CO2", "amount": 10, "unit": "kg", "gas": "co2_fossil",
                     "uncertainty": {"dist": "normal", "sd": 1}},
                ],
                "use": [
                    {"name": "N2O", "amount": 2, "unit": "kg", "gas": "N2O",
                     "uncertainty": {"dist": "uniform", "min": 1, "max": 3}},
                ],
            },
        }],
    })


def test_statistics_match_theory():
    stats = uncertain_model().monte_carlo(None, iterations=20000, seed=42)
    assert stats["iterations"] == 20000 and stats["seed"] == 42
    assert stats["generator"] == "taus2"
    # production ~ N(10, 1): mean 10, sd 1; standard error of the mean 1/sqrt(20000) = 0.007
    prod = stats["stages"]["production"]
    assert prod["mean"] == pytest.approx(10, abs=0.05)
    assert prod["sd"] == pytest.approx(1, rel=0.03)
    # use = 273 × U(1, 3): mean 546, sd 273 × 2/sqrt(12) = 157.6
    use = stats["stages"]["use"]
    assert use["mean"] == pytest.approx(546, rel=0.01)
    assert use["sd"] == pytest.approx(273 * 2 / math.sqrt(12), rel=0.03)
    total = stats["total"]
    assert total["mean"] == pytest.approx(556, rel=0.01)
    assert total["p2_5"] < total["median"] < total["p97_5"]


def test_same_seed_same_numbers_any_threads():
    m = uncertain_model()
    one = m.monte_carlo(None, iterations=3000, seed=7, threads=1, keep_samples=True)
    two = m.monte_carlo(None, iterations=3000, seed=7, threads=2, keep_samples=True)
    assert one == two
    other = m.monte_carlo(None, iterations=3000, seed=8)
    assert other["total"]["mean"] != one["total"]["mean"]


def test_samples_and_sensitivity():
    m = uncertain_model()
    system = m.resolve(None)
    mc = system.monte_carlo(iterations=1000, seed=3, keep_samples=True, percentiles=[5, 95])
    x = mc.samples()
    assert len(x) == 1000 and mc.info()["iterations"] == 1000
    assert len(mc.samples("use")) == 1000
    assert sum(x) / len(x) == pytest.approx(mc.stats()["mean"], rel=1e-12)
    assert mc.stats("production")["mean"] == pytest.approx(10, abs=0.2)
    assert mc.percentile(5) < mc.percentile(95)
    assert mc.percentile(50) == mc.stats()["median"]
    ranking = mc.sensitivity()
    assert len(ranking) == 2
    # the N2O amount dominates the variance (157.6² against 1²)
    assert ranking[0]["kind"] == "amount" and ranking[0]["variance_share"] > 0.9
    assert "N2O" in ranking[0]["name"]  # resolve's label: "amount of N2O (...)"
    assert sum(r["variance_share"] for r in ranking) == pytest.approx(1.0)
    no_samples = system.monte_carlo(iterations=100, seed=3)
    assert no_samples.samples() is None
    with pytest.raises(pcf.NotFound):
        no_samples.percentile(33)
    assert '"iterations": 100' in no_samples.to_json()


def test_invalid_options():
    system = uncertain_model().resolve(None)
    with pytest.raises(pcf.InvalidArgument):
        system.monte_carlo(iterations=1)
    with pytest.raises(pcf.InvalidArgument):
        system.monte_carlo(threads=0)
    with pytest.raises(pcf.InvalidArgument):
        system.monte_carlo(percentiles=[150])
    with pytest.raises(ValueError):
        system.monte_carlo(iterations=-5)
    with pytest.raises(TypeError):
        system.monte_carlo(progress=42)


def test_progress_and_cancel():
    system = uncertain_model().resolve(None)
    calls = []
    system.monte_carlo(iterations=2000, progress=lambda done, total: calls.append((done, total)))
    assert calls and calls[-1] == (2000, 2000)
    assert all(d <= t for d, t in calls)
    with pytest.raises(pcf.Cancelled):
        system.monte_carlo(iterations=2000, progress=lambda done, total: True)

    def boom(done, total):
        raise RuntimeError("stop here")

    with pytest.raises(RuntimeError, match="stop here"):
        system.monte_carlo(iterations=2000, progress=boom)


def test_concurrent_runs_on_one_system():
    # The GIL is released while sampling; two Python threads sample one system at once and get
    # what a single run gives.
    import threading
    system = uncertain_model().resolve(None)
    ref = system.monte_carlo(iterations=5000, seed=11).to_json()
    out = []
    threads = [threading.Thread(target=lambda: out.append(
        system.monte_carlo(iterations=5000, seed=11, threads=2).to_json())) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out == [ref] * 3
