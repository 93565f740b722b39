/*
 * Benchmark of resolve + calculate: a synthetic model of 10,000 activities (one
 * product) and one of 1,000 products × 50 activities (a main product with 999 sub-assemblies),
 * every activity bound by code to one of up to 1,000 mass factors of the shipped database.
 * Prints the median of 7 runs of each step, activities per second, and the peak resident memory
 * (VmHWM). Run by `meson test -C build --benchmark`; no timing assertions.
 *
 * `bench_calc FACTORS_DB MODEL.json` instead reads a model file (pcf_model_read_file, not timed)
 * and times one resolve and one calculate, the first in a fresh process as a program embedding
 * the library meets them, printing `resolve_s=... calc_s=... total_kg_co2e=...`: the in-process
 * figure tests/bench/compare_calc.py sets beside its numpy peer's.
 * GPL-3.0-or-later; see LICENSE.
 */
#include <pcf/pcf.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "benchutil.h"

#define RUNS 7

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Wall time, and this process's CPU time: on a shared machine the CPU time is the steadier
 * figure (the calculation is single-threaded). */
static double cpu(void)
{
    return clock_s(CLOCK_PROCESS_CPUTIME_ID);
}

static long vm_hwm_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "VmHWM:", 6) == 0)
            kb = strtol(line + 6, NULL, 10);
    if (f)
        fclose(f);
    return kb;
}

#define CHECK(x)                                                                                   \
    do {                                                                                           \
        if ((x) != PCF_OK) {                                                                       \
            fprintf(stderr, "%s:%d: %s: %s\n", __FILE__, __LINE__, #x, err.message);               \
            exit(1);                                                                               \
        }                                                                                          \
    } while (0)

static pcf_model *make_model(size_t products, size_t per_product, const pcf_factor_list *codes)
{
    pcf_error err;
    pcf_model *m = NULL;
    CHECK(pcf_model_create(&m, &err));
    size_t nf = pcf_factor_list_count(codes);
    size_t k = 0;
    for (size_t p = 0; p < products; p++) {
        char id[32], name[64];
        snprintf(id, sizeof id, "p%zu", p);
        size_t idx;
        CHECK(pcf_model_add_product(m, id, id, &idx, &err));
        if (p == 0)
            CHECK(pcf_model_product_set_declared_unit(m, 0, 1, "item", NULL, &err));
        else
            CHECK(pcf_model_add_subassembly(m, 0, id, 1, &err));
        for (size_t i = 0; i < per_product; i++, k++) {
            size_t a;
            snprintf(name, sizeof name, "material %zu", i);
            CHECK(pcf_model_add_activity(m, idx, PCF_STAGE_MATERIALS, name,
                                         0.1 + (double)(k % 97) * 0.01, "kg", &a, &err));
            CHECK(pcf_model_activity_set_factor_code(
                m, a, NULL, pcf_factor_code(pcf_factor_list_at(codes, k % nf)), &err));
        }
    }
    return m;
}

static void bench(const char *label, pcf_db *db, size_t products, size_t per_product,
                  const pcf_factor_list *codes)
{
    pcf_error err;
    pcf_model *m = make_model(products, per_product, codes);
    double t_resolve[RUNS], t_calc[RUNS], c_resolve[RUNS], c_calc[RUNS], total = 0;
    size_t n_act = 0, n_par = 0;
    for (int r = 0; r < RUNS; r++) {
        pcf_system *sys = NULL;
        pcf_result *res = NULL;
        double t0 = bench_now(), c0 = cpu();
        CHECK(pcf_system_resolve(m, db, (pcf_gwp_set)0, NULL, &sys, &err));
        double t1 = bench_now(), c1 = cpu();
        CHECK(pcf_calculate(sys, &res, &err));
        double t2 = bench_now(), c2 = cpu();
        t_resolve[r] = t1 - t0;
        t_calc[r] = t2 - t1;
        c_resolve[r] = c1 - c0;
        c_calc[r] = c2 - c1;
        total = pcf_result_total_kg_co2e(res);
        n_act = pcf_system_activity_count(sys);
        n_par = pcf_system_param_count(sys);
        pcf_result_destroy(res);
        pcf_system_destroy(sys);
    }
    qsort(t_resolve, RUNS, sizeof(double), bench_cmp_double);
    qsort(t_calc, RUNS, sizeof(double), bench_cmp_double);
    qsort(c_resolve, RUNS, sizeof(double), bench_cmp_double);
    qsort(c_calc, RUNS, sizeof(double), bench_cmp_double);
    double mr = t_resolve[RUNS / 2], mc = t_calc[RUNS / 2];
    double cr = c_resolve[RUNS / 2], cc = c_calc[RUNS / 2];
    char tot[32];
    pcf_number_format(total, tot, sizeof tot);
    printf("%s: %zu activities, %zu params, total %s kg CO2e\n", label, n_act, n_par, tot);
    printf("  resolve   median wall %8.2f ms, cpu %8.2f ms  (%.0f activities/s of cpu)\n", mr * 1e3,
           cr * 1e3, (double)n_act / cr);
    printf("  calculate median wall %8.2f ms, cpu %8.2f ms  (%.0f activities/s of cpu)\n", mc * 1e3,
           cc * 1e3, (double)n_act / cc);
    printf("  both      median wall %8.2f ms, cpu %8.2f ms  (%.0f activities/s of cpu)\n",
           (mr + mc) * 1e3, (cr + cc) * 1e3, (double)n_act / (cr + cc));
    pcf_model_destroy(m);
}

/* One resolve and one calculate of a model file, in this fresh process. */
static void once(pcf_db *db, const char *path)
{
    pcf_error err;
    pcf_model *m = NULL;
    pcf_system *sys = NULL;
    pcf_result *res = NULL;
    CHECK(pcf_model_read_file(path, &m, &err));
    double t0 = bench_now();
    CHECK(pcf_system_resolve(m, db, (pcf_gwp_set)0, NULL, &sys, &err));
    double t1 = bench_now();
    CHECK(pcf_calculate(sys, &res, &err));
    double t2 = bench_now();
    char tot[32];
    pcf_number_format(pcf_result_total_kg_co2e(res), tot, sizeof tot);
    printf("resolve_s=%.6f calc_s=%.6f total_kg_co2e=%s\n", t1 - t0, t2 - t1, tot);
    pcf_result_destroy(res);
    pcf_system_destroy(sys);
    pcf_model_destroy(m);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_calc FACTORS_DB [MODEL.json]\n");
        return 2;
    }
    pcf_error err;
    pcf_db *db = NULL;
    CHECK(pcf_db_open(argv[1], PCF_DB_READ_ONLY, &db, &err));
    if (argc > 2) {
        once(db, argv[2]);
        pcf_db_close(db);
        return 0;
    }
    pcf_factor_list *codes = NULL;
    CHECK(pcf_db_search(db, "", NULL, NULL, PCF_DIM_MASS, 1000, &codes, &err));
    printf("bench_calc: %zu distinct mass factors, median of %d runs\n",
           pcf_factor_list_count(codes), RUNS);
    bench("10,000 activities, 1 product", db, 1, 10000, codes);
    bench("1,000 products x 50 activities", db, 1000, 50, codes);
    printf("peak resident memory (VmHWM): %ld kB\n", vm_hwm_kb());
    pcf_factor_list_destroy(codes);
    pcf_db_close(db);
    return 0;
}
