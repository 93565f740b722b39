#!/usr/bin/env python3
"""Benchmark of the Python layer (meson test --benchmark --suite bench): what a call costs from
Python on top of the library, on the shipped LED luminaire model. Prints medians of 7 repeats.

    PYTHONPATH=build/bindings/python python3 bindings/python/bench/bench_python.py MODEL FACTORS_DB
"""
import statistics
import sys
import threading
import time

import pcf


def median_seconds(fn, repeats=7):
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main(model_path, db_path):
    with pcf.open_db(db_path) as db, pcf.Model.from_json(model_path) as model:
        n = 500
        t = median_seconds(lambda: [model.calculate(db).total for _ in range(n)])
        print(f"model.calculate(db).total      {t / n * 1e6:9.1f} us/call  ({n / t:8.0f}/s)")
        t = median_seconds(lambda: [model.calculate(db).to_dict() for _ in range(n)])
        print(f"model.calculate(db).to_dict()  {t / n * 1e6:9.1f} us/call  ({n / t:8.0f}/s)")
        with model.resolve(db) as system:
            n = 20000
            t = median_seconds(lambda: [system.calculate() for _ in range(n)])
            print(f"system.calculate()             {t / n * 1e6:9.1f} us/call  ({n / t:8.0f}/s)")
            it = 100_000
            one = median_seconds(lambda: system.monte_carlo(iterations=it, seed=1), 5)
            print(f"monte_carlo({it}) 1 thread   {one:9.3f} s")

            def two_python_threads():
                ts = [threading.Thread(target=lambda: system.monte_carlo(iterations=it, seed=1))
                      for _ in range(2)]
                for x in ts:
                    x.start()
                for x in ts:
                    x.join()

            both = median_seconds(two_python_threads, 5)
            print(f"two such runs in two Python threads at once: {both:.3f} s "
                  f"({both / one:.2f}x one run; on an idle 2-core machine 1.0x means the GIL "
                  "was released, 2.0x that it serialised them)")

            # The GIL is released while sampling: the main thread keeps running Python.
            spins = 0
            worker = threading.Thread(
                target=lambda: system.monte_carlo(iterations=10 * it, seed=1, sensitivity=False))
            t = time.perf_counter()
            worker.start()
            while worker.is_alive():
                spins += 1
            t = time.perf_counter() - t
            print(f"main-thread Python loop turns while monte_carlo({10 * it}) ran in another "
                  f"thread for {t:.2f} s: {spins} (about 0 if the GIL were held)")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
