#!/usr/bin/python3
"""Benchmark of the ERP job (meson test --benchmark): N finished products, each with a 5-line
BOM (4 materials and a shared in-house sub-assembly), a meter and a shipment.

    bench_erp.py PCF_ERP FACTORS_DB ERP_DIR [N]

Prints the median wall and CPU time (user + system) of 5 repeats of: the first run (every product computed), a run with
nothing changed (every product's model built and digested, none computed), and a run after one
meter reading changed (one product computed).
"""
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time


def main():
    prog, factors, erp_dir = sys.argv[1:4]
    n = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
    elec = "cn-mee:china-national-average-electricity-carbon-footprint-factor-2023-life-cyc"
    lines = ["BEGIN;"]
    lines.append("INSERT INTO items VALUES ('SUB', 'Shared sub-assembly', 'assembly', 'item', 0.1, "
                 "NULL, NULL, NULL, 0, 'x');")
    lines.append("INSERT INTO bom_lines VALUES ('SUB', 'MAT-CU', 0.02, 'x');")
    for i in range(n):
        p = f"P{i:05d}"
        lines.append(f"INSERT INTO items VALUES ('{p}', 'Product {i}', 'finished', 'item', "
                     f"{0.2 + i % 7 * 0.01}, NULL, NULL, NULL, 0, 'x');")
        for mat, q in (("MAT-PLASTIC", 0.05), ("MAT-CU", 0.03), ("MAT-STEEL", 0.04), ("MAT-BOARD", 0.01)):
            lines.append(f"INSERT INTO bom_lines VALUES ('{p}', '{mat}', {q + i % 5 * 0.001}, 'x');")
        lines.append(f"INSERT INTO bom_lines VALUES ('{p}', 'SUB', 1, 'x');")
        lines.append(f"INSERT INTO energy_meters VALUES ('M{i}', '{p}', 'electricity', '{elec}', "
                     f"'2026-10', {1000 + i}, 'kWh', 5000, 'x');")
        lines.append(f"INSERT INTO shipments VALUES ('S{i}', '{p}', 'truck', "
                     f"'desnz-2025:27_304_3140_14_1', 'desnz-2025:28_907_3140_14_1', 800, 'x');")
    lines.append("COMMIT;")
    materials = """INSERT INTO items VALUES
      ('MAT-PLASTIC', 'plastic', 'material', 'kg', NULL, 'desnz-2025:19_505_5128_15_1', NULL, NULL, 0, 'x'),
      ('MAT-CU', 'copper', 'material', 'kg', NULL, 'ademe-base-carbone-v22:copper-virgin', NULL, NULL, 0, 'x'),
      ('MAT-STEEL', 'steel', 'material', 'kg', NULL, 'ademe-base-carbone-v22:steel-or-tinplate-virgin', NULL, NULL, 0, 'x'),
      ('MAT-BOARD', 'board', 'material', 'kg', NULL, 'desnz-2025:19_506_5156_15_1', NULL, NULL, 0, 'x');
    """
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "data.sql")
        change = os.path.join(tmp, "change.sql")
        with open(data, "w") as f:
            f.write(materials + "\n".join(lines))
        with open(change, "w") as f:
            f.write("UPDATE energy_meters SET reading = reading + 1 WHERE meter_id = 'M7';")
        times = {"first run": [], "unchanged": [], "one change": []}
        for rep in range(5):
            db = os.path.join(tmp, f"erp{rep}.db")
            base = [prog, db, "--factors", factors]
            subprocess.run(base[:2] + ["--init", os.path.join(erp_dir, "erp-schema.sql"),
                                       "--init", data, "--factors", factors, "--region", "CN"],
                           check=True, capture_output=True)
            # (the init run above computed everything once; time fresh full runs with --force)
            for label, extra in (("first run", ["--force"]), ("unchanged", []),
                                 ("one change", ["--exec", change])):
                r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
                t = time.perf_counter()
                out = subprocess.run(base + extra, check=True, capture_output=True, text=True).stdout
                wall = time.perf_counter() - t
                r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
                times[label].append((wall, cpu))
                summary = out.strip().splitlines()[-1]
            os.remove(db)
        print(f"pcf-erp, {n} products (5-line BOM incl. a sub-assembly, meter, shipment), "
              f"median of 5:")
        for label, ts in times.items():
            wall = statistics.median(t[0] for t in ts)
            cpu = statistics.median(t[1] for t in ts)
            print(f"  {label:11s} wall {wall * 1000:7.1f} ms, CPU {cpu * 1000:7.1f} ms "
                  f"({n / cpu:,.0f} products/s of CPU)")
        print("  last summary:", summary)


if __name__ == "__main__":
    main()
