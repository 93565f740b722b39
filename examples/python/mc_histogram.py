#!/usr/bin/env python3
"""Runs a Monte Carlo simulation of a model and writes the histogram of its total as SVG.

    PYTHONPATH=build/bindings/python python3 examples/python/mc_histogram.py \
        [MODEL.json] [-n 10000] [--seed 1] [--threads 2] [-o histogram.svg] [--db factors.db]

The SVG is written by hand (no plotting library): bars of equal width over the sampled totals,
the deterministic total, the mean and the 95 % interval (2.5th to 97.5th percentile) marked.
"""
import argparse
import html
import math
import pathlib
import sys

import pcf

HERE = pathlib.Path(__file__).resolve().parent
DEFAULT_MODEL = HERE.parent / "models" / "led-luminaire.json"


def histogram(samples, bins):
    lo, hi = min(samples), max(samples)
    if hi == lo:
        hi = lo + 1.0
    width = (hi - lo) / bins
    counts = [0] * bins
    for x in samples:
        counts[min(int((x - lo) / width), bins - 1)] += 1
    return lo, width, counts


def svg(samples, stats, deterministic, title, unit_label, bins=40, w=720, h=360):
    lo, bw, counts = histogram(samples, bins)
    left, right, top, bottom = 70, 20, 40, 50
    pw, ph = w - left - right, h - top - bottom
    hi = lo + bw * bins
    cmax = max(counts)

    def x(v):
        return left + (v - lo) / (hi - lo) * pw

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
           f'viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="12">',
           f'<title>{html.escape(title)}</title>',
           f'<rect width="{w}" height="{h}" fill="white"/>',
           f'<text x="{w / 2:.1f}" y="22" text-anchor="middle" font-size="14">'
           f'{html.escape(title)}</text>']
    for i, c in enumerate(counts):
        bh = c / cmax * ph
        out.append(f'<rect class="bar" x="{left + i * pw / bins:.2f}" y="{top + ph - bh:.2f}" '
                   f'width="{pw / bins - 1:.2f}" height="{bh:.2f}" fill="#4a7fb0">'
                   f'<title>{lo + i * bw:.4g} to {lo + (i + 1) * bw:.4g}: {c}</title></rect>')
    out.append(f'<line x1="{left}" y1="{top + ph}" x2="{left + pw}" y2="{top + ph}" '
               'stroke="black"/>')
    for k in range(6):  # x axis ticks
        v = lo + k * (hi - lo) / 5
        out.append(f'<line x1="{x(v):.2f}" y1="{top + ph}" x2="{x(v):.2f}" y2="{top + ph + 5}" '
                   'stroke="black"/>')
        out.append(f'<text x="{x(v):.2f}" y="{top + ph + 18}" text-anchor="middle">'
                   f'{v:.4g}</text>')
    for k in range(5):  # y axis: iterations per bar
        c = cmax * k / 4
        y = top + ph - c / cmax * ph
        out.append(f'<line x1="{left - 5}" y1="{y:.2f}" x2="{left}" y2="{y:.2f}" stroke="black"/>')
        out.append(f'<text x="{left - 8}" y="{y + 4:.2f}" text-anchor="end">{c:.0f}</text>')
    out.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + ph}" stroke="black"/>')
    out.append(f'<text x="{left + pw / 2:.1f}" y="{h - 10}" text-anchor="middle">'
               f'{html.escape(unit_label)}</text>')
    out.append(f'<text x="15" y="{top + ph / 2:.1f}" text-anchor="middle" '
               f'transform="rotate(-90 15 {top + ph / 2:.1f})">iterations per bar</text>')
    marks = [("p2.5", stats["p2_5"], "#c0392b", "4 3"), ("p97.5", stats["p97_5"], "#c0392b", "4 3"),
             ("mean", stats["mean"], "black", ""), ("deterministic", deterministic, "#27ae60", "")]
    for i, (name, v, colour, dash) in enumerate(marks):
        if not lo <= v <= hi:
            continue
        d = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<line class="mark" x1="{x(v):.2f}" y1="{top}" x2="{x(v):.2f}" '
                   f'y2="{top + ph}" stroke="{colour}" stroke-width="1.5"{d}/>')
        out.append(f'<text x="{x(v) + 3:.2f}" y="{top + 12 + 13 * i}" fill="{colour}" '
                   'stroke="white" stroke-width="3" paint-order="stroke">'
                   f'{name} {v:.4g}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model", nargs="?", type=pathlib.Path, default=DEFAULT_MODEL)
    ap.add_argument("-n", "--iterations", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--bins", type=int, default=40)
    ap.add_argument("--db", help="factor database (default: pcf.find_db())")
    ap.add_argument("-o", "--output", type=pathlib.Path, default=pathlib.Path("histogram.svg"))
    args = ap.parse_args(argv)

    with pcf.open_db(args.db) as db, pcf.Model.from_json(args.model) as model:
        result = model.calculate(db)
        mc = model.monte_carlo(db, iterations=args.iterations, seed=args.seed,
                               threads=args.threads, keep_samples=True)
    samples = mc["samples"]["total"]
    stats = mc["total"]
    du = result.declared_unit
    unit_label = f"kg CO2e per {pcf.format_number(du['amount'])} {du['unit']}"
    title = (f"{result.product['id']}: {args.iterations} Monte Carlo iterations, seed "
             f"{args.seed} ({mc['generator']})")
    args.output.write_text(svg(samples, stats, result.total, title, unit_label, args.bins),
                           encoding="utf-8")
    cv = stats["cv"]
    cv_text = "n/a" if cv is None or math.isnan(cv) else f"{cv:.3f}"
    print(f"{args.model.name}: deterministic {result.total:.6g} {unit_label}")
    print(f"  mean {stats['mean']:.6g}, sd {stats['sd']:.4g}, CV {cv_text}")
    print(f"  95 % interval {stats['p2_5']:.6g} .. {stats['p97_5']:.6g}")
    print(f"  histogram written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
