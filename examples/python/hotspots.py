#!/usr/bin/env python3
"""Where a footprint comes from, with pandas: the audit trail of one model as a DataFrame,
summed by factor (which emission factors carry the footprint) and by stage and flow.

    PYTHONPATH=build/bindings/python python3 examples/python/hotspots.py MODEL.json
        [--db factors.db] [--top 5] [--csv audit.csv]

Needs pandas (Debian: apt-get install python3-pandas). Every figure is kg CO2e per declared
unit; the shares are of the total including removals, as `pcf calc` reports it.
"""
import argparse
import sys

import pcf


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model")
    ap.add_argument("--db", help="factor database (default: pcf.find_db())")
    ap.add_argument("--top", type=int, default=5, help="factors to list (default 5)")
    ap.add_argument("--csv", help="also write the audit DataFrame to this CSV file")
    args = ap.parse_args(argv)
    try:
        with pcf.open_db(args.db) as db, pcf.Model.from_json(args.model) as model:
            result = model.calculate(db)
        audit = result.audit.to_dataframe()
    except (pcf.Error, ImportError) as e:
        print(f"{args.model}: {e}", file=sys.stderr)
        return 1

    total = result.total
    print(f"{result.product['id']}: {pcf.format_number(total)} kg CO2e per "
          f"{result.declared_unit['amount']:g} {result.declared_unit['unit']}")

    by_factor = (audit.groupby(["factor_code", "factor_name"], sort=False).kg_co2e.sum()
                 .sort_values(key=abs, ascending=False).head(args.top))
    print(f"\nTop {len(by_factor)} factors:")
    for (code, name), kg in by_factor.items():
        print(f"  {kg:12.6g}  {100 * kg / total:6.2f}%  {code or name}")

    table = audit.pivot_table(index="stage", columns="flow", values="kg_co2e", aggfunc="sum",
                              fill_value=0.0, observed=False)
    table["total"] = table.sum(axis=1)
    print("\nBy stage and flow:")
    print(table.to_string(float_format=lambda x: f"{x:.6g}"))

    if args.csv:
        audit.to_csv(args.csv, index=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
