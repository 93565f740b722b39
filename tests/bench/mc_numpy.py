#!/usr/bin/env python3
"""The numpy peer of bench_mc.c: the same two synthetic models (same formulas), sampled the way
Python LCA tools do it -- vectorised, dependent sampling (each shared factor drawn once per
iteration and gathered for every activity that uses it), in chunks of iterations -- and summed.

  (a) 1,000 uncertain factors (250 each lognormal, normal, triangular, uniform) x 10,000 iterations
  (b) 10,000 activities sharing 1,000 factors, lognormal amounts and factors x 1,000 iterations

numpy computes the total only; pcf also keeps six stage totals per iteration, so the comparison
leans towards numpy. Usage: mc_numpy.py [REPEATS]. Needs /usr/bin/python3 with Debian's numpy.
GPL-3.0-or-later; see LICENSE."""
import statistics
import sys
import time

import numpy as np


def model_a():
    j = np.arange(1000)
    v = 1.0 + (j * 37 % 100) / 50.0
    coef = 1.0 + (j % 7)
    kind = j % 4
    ln, no, tr, un = (kind == 0), (kind == 1), (kind == 2), (kind == 3)
    return {
        "ln_mu": np.log(v[ln]), "ln_sigma": np.log(1.2 + (j[ln] % 10) / 20.0), "ln_coef": coef[ln],
        "no_mean": v[no], "no_sd": 0.1 * v[no], "no_coef": coef[no],
        "tr_left": 0.8 * v[tr], "tr_mode": v[tr], "tr_right": 1.5 * v[tr], "tr_coef": coef[tr],
        "un_lo": 0.5 * v[un], "un_hi": 1.5 * v[un], "un_coef": coef[un],
    }


def laws_a(m):
    """Model (a)'s four groups of parameters: for each, a draw of c iterations (iterations x
    parameters) and the coefficients the total takes them with, in the order run_a adds them."""
    return [(lambda rng, c: rng.lognormal(m["ln_mu"], m["ln_sigma"], size=(c, m["ln_mu"].size)),
             m["ln_coef"]),
            (lambda rng, c: rng.normal(m["no_mean"], m["no_sd"], size=(c, m["no_mean"].size)),
             m["no_coef"]),
            (lambda rng, c: rng.triangular(m["tr_left"], m["tr_mode"], m["tr_right"],
                                           size=(c, m["tr_mode"].size)), m["tr_coef"]),
            (lambda rng, c: rng.uniform(m["un_lo"], m["un_hi"], size=(c, m["un_lo"].size)),
             m["un_coef"])]


def run_a(m, rng, iterations, chunk=1000):
    """Each group's draw is a temporary, freed once its product is taken (four alive at once
    made the peer twice as slow here)."""
    out = np.empty(iterations)
    laws = laws_a(m)
    for i0 in range(0, iterations, chunk):
        c = min(chunk, iterations - i0)
        out[i0:i0 + c] = sum(draw(rng, c) @ coef for draw, coef in laws)
    return out


def run_a_ranked(m, rng, iterations, chunk=1000):
    """run_a keeping every parameter's samples, then the sensitivity ranking pcf computes:
    Spearman's rho of each parameter with the total (scipy's rankdata, ties averaged, then the
    Pearson correlation of the ranks). Returns the totals and the 1,000 rhos."""
    from scipy.stats import rankdata
    out = np.empty(iterations)
    laws = laws_a(m)
    x = np.empty((iterations, sum(coef.size for _, coef in laws)))
    for i0 in range(0, iterations, chunk):
        c = min(chunk, iterations - i0)
        parts = [draw(rng, c) for draw, _ in laws]
        out[i0:i0 + c] = sum(p @ coef for p, (_, coef) in zip(parts, laws))
        x[i0:i0 + c] = np.hstack(parts)
    ry = rankdata(out)
    ry -= ry.mean()
    rx = rankdata(x, axis=0)
    rx -= rx.mean(axis=0)
    rho = (rx * ry[:, None]).sum(axis=0) / np.sqrt((rx * rx).sum(axis=0) * (ry @ ry))
    return out, rho


def model_b():
    a = np.arange(10000)
    f = np.arange(1000)
    return {
        "a_mu": np.log(0.5 + (a * 37 % 100) / 20.0), "a_sigma": np.log(1.05 + (a * 13 % 20) / 20.0),
        "f_mu": np.log(0.1 + (f * 53 % 100) / 10.0), "f_sigma": np.log(1.1 + (f * 7 % 15) / 20.0),
        "fidx": (a * 7919) % 1000, "coef": np.ones(10000),
    }


def run_b(m, rng, iterations, chunk=100):
    out = np.empty(iterations)
    for i0 in range(0, iterations, chunk):
        c = min(chunk, iterations - i0)
        amounts = rng.lognormal(m["a_mu"], m["a_sigma"], size=(c, m["a_mu"].size))
        factors = rng.lognormal(m["f_mu"], m["f_sigma"], size=(c, m["f_mu"].size))
        out[i0:i0 + c] = (amounts * factors[:, m["fidx"]]) @ m["coef"]
    return out


def measure(name, model, run, iterations, repeats):
    times, mean = [], 0.0
    for r in range(repeats):
        rng = np.random.default_rng(r + 1)
        t0 = time.perf_counter()
        out = run(model, rng, iterations)
        times.append(time.perf_counter() - t0)
        mean = float(out.mean())
    line = (f"case={name} impl=numpy iterations={iterations} median_s={statistics.median(times):.4f} "
            f"min_s={min(times):.4f} mean_kg={mean:.6g}")
    print(line, flush=True)
    return statistics.median(times), mean


def main(repeats=7):
    results = {}
    results["a"] = measure("a", model_a(), run_a, 10000, repeats)
    results["b"] = measure("b", model_b(), run_b, 1000, repeats)
    return results


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
