/*
 * Benchmark of the factor database: lookups by code per second (prepared statements kept per
 * handle) and resolutions with a region fallback per second. Run by `meson test --benchmark`;
 * it prints medians and never asserts on time.
 * Usage: bench_db FACTORS_DB
 * GPL-3.0-or-later; see LICENSE.
 */
#include <pcf/pcf.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "benchutil.h"

#define RUNS 7

static int fail(const char *what, const pcf_error *err)
{
    fprintf(stderr, "bench_db: %s: %s\n", what, err->message);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: bench_db FACTORS_DB\n");
        return 2;
    }
    pcf_error err;
    pcf_db *db = NULL;
    if (pcf_db_open(argv[1], PCF_DB_READ_ONLY, &db, &err) != PCF_OK)
        return fail("open", &err);
    pcf_factor_list *all = NULL;
    if (pcf_db_search(db, "", NULL, NULL, PCF_DIM_NONE, 0, &all, &err) != PCF_OK)
        return fail("list", &err);
    size_t n_codes = pcf_factor_list_count(all);
    const size_t lookups = 20000, resolves = 20000;
    double rate_code[RUNS], rate_resolve[RUNS];
    const char *lc = "China national average electricity carbon footprint factor 2023 (life cycle)";
    for (int r = 0; r < RUNS; r++) {
        double t0 = bench_now();
        for (size_t i = 0; i < lookups; i++) {
            pcf_factor *f = NULL;
            const char *code = pcf_factor_code(pcf_factor_list_at(all, (i * 7919) % n_codes));
            if (pcf_db_get_factor(db, code, &f, &err) != PCF_OK)
                return fail("get_factor", &err);
            pcf_factor_destroy(f);
        }
        double t1 = bench_now();
        for (size_t i = 0; i < resolves; i++) {
            pcf_factor *f = NULL;
            /* CN-FJ -> CN-GRID-EAST -> CN: two fallbacks per resolution */
            if (pcf_db_resolve(db, "electricity", lc, "CN-FJ", &f, &err) != PCF_OK)
                return fail("resolve", &err);
            pcf_factor_destroy(f);
        }
        double t2 = bench_now();
        rate_code[r] = (double)lookups / (t1 - t0);
        rate_resolve[r] = (double)resolves / (t2 - t1);
    }
    qsort(rate_code, RUNS, sizeof rate_code[0], bench_cmp_double);
    qsort(rate_resolve, RUNS, sizeof rate_resolve[0], bench_cmp_double);
    printf("factors in database: %zu\n", n_codes);
    printf("lookup by code:           median %.0f /s over %d runs of %zu (min %.0f, max %.0f)\n",
           rate_code[RUNS / 2], RUNS, lookups, rate_code[0], rate_code[RUNS - 1]);
    printf("resolve with 2 fallbacks: median %.0f /s over %d runs of %zu (min %.0f, max %.0f)\n",
           rate_resolve[RUNS / 2], RUNS, resolves, rate_resolve[0], rate_resolve[RUNS - 1]);
    pcf_factor_list_destroy(all);
    pcf_db_close(db);
    return 0;
}
