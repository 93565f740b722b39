#!/usr/bin/env python3
"""Computes the footprints of the shipped example models and prints a stage table.

    PYTHONPATH=build/bindings/python python3 examples/python/footprints.py [MODEL.json ...]
        [--db factors.db] [--gwp AR6]

Without model arguments it computes every examples/models/*.json. The factor database is the
--db argument, else $PCF_DB, else the factors.db shipped with the package (pcf.find_db()).
Every figure is kg CO2e per declared unit, as `pcf calc` prints it.
"""
import argparse
import pathlib
import sys

import pcf

HERE = pathlib.Path(__file__).resolve().parent
SHORT = {"materials": "materials", "production": "production", "transport": "transport",
         "storage": "storage", "use": "use", "end_of_life": "end of life"}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("models", nargs="*", type=pathlib.Path)
    ap.add_argument("--db", help="factor database (default: pcf.find_db())")
    ap.add_argument("--gwp", help="AR4, AR5 or AR6 (default: each model's own)")
    args = ap.parse_args(argv)
    models = args.models or sorted((HERE.parent / "models").glob("*.json"))
    if not models:
        ap.error("no models given and none in examples/models")

    rows = []
    with pcf.open_db(args.db) as db:
        for path in models:
            try:
                with pcf.Model.from_json(path) as model:
                    r = model.calculate(db, gwp=args.gwp)
            except pcf.Error as e:
                print(f"{path.name}: {e}", file=sys.stderr)
                if getattr(e, "problems", None):
                    for p in e.problems:
                        print(f"  {p['severity']}: {p['message']} ({p['path']})",
                              file=sys.stderr)
                return 1
            du = r.declared_unit
            rows.append((path.stem, f"{pcf.format_number(du['amount'])} {du['unit']}",
                         r.stage_details, r.total, r.gwp))

    head = ["model", "per"] + [SHORT[s] for s in pcf.STAGES] + ["total"]
    table = [head]
    for name, per, stages, total, _ in rows:
        cells = [name, per]
        for s in stages:
            cells.append(f"{s['kg_co2e']:.4g}" if s["included"] else "excl.")
        cells.append(f"{total:.4g}")
        table.append(cells)
    widths = [max(len(r[i]) for r in table) for i in range(len(head))]
    print(f"kg CO2e per declared unit (GWP100 {', '.join(sorted({r[4] for r in rows}))}; "
          "'excl.': outside the model's boundary)")
    for i, r in enumerate(table):
        print("  ".join(c.ljust(w) if j < 2 else c.rjust(w)
                        for j, (c, w) in enumerate(zip(r, widths))))
        if i == 0:
            print("  ".join("-" * w for w in widths))
    return 0


if __name__ == "__main__":
    sys.exit(main())
