/*
 * Benchmark of dependent sampling (docs/lci.md, "In a product model's Monte Carlo"): a product
 * model with two activities that use the same USLCI process and one that uses another, run with
 * pcf_mc_run() and the database added (the matrix sampled, refactorised and solved once per
 * iteration), against its peer, pcf_lci_mc() on one of those processes for the same iterations
 * (the LCI work alone), and against the same model with its LCI factors fixed. RUNS repetitions
 * each at 1 and 2 threads; prints one line per run and the medians; never asserts on time.
 * Usage: bench_lci_mc USLCI_ZIP WORKDIR ITERATIONS RUNS
 * GPL-3.0-or-later; see LICENSE.
 */
#include <pcf/pcf.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "benchutil.h"

/* USLCI 1.5 processes whose upstream has drawn exchanges: the one of `pcf lci mc` in docs/lci.md
 * and "Diesel, at refinery"'s provider "Petroleum refining, at refinery". */
static const char P1[] = "c19569ac-f0ab-453a-b70b-43f73bad11f8";

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, bench_cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static int fail(const char *what, const pcf_error *err)
{
    fprintf(stderr, "bench_lci_mc: %s: %s\n", what, err->message);
    return 1;
}

/* Times one Monte Carlo run of sys; lci NULL: the LCI factors stay fixed. */
static int run_model(const pcf_system *sys, pcf_lci *lci, size_t iterations, size_t threads,
                     double *seconds, double *mean)
{
    pcf_mc_options *o = NULL;
    pcf_mc *mc = NULL;
    pcf_error err;
    if (pcf_mc_options_create(&o, &err) != PCF_OK ||
        pcf_mc_options_set_iterations(o, iterations, &err) != PCF_OK ||
        pcf_mc_options_set_threads(o, threads, &err) != PCF_OK ||
        (lci && pcf_mc_options_add_lci(o, lci, &err) != PCF_OK))
        return fail("options", &err);
    double t0 = bench_now();
    pcf_status s = pcf_mc_run(sys, o, &mc, &err);
    *seconds = bench_now() - t0;
    pcf_mc_options_destroy(o);
    if (s != PCF_OK)
        return fail("pcf_mc_run", &err);
    *mean = pcf_mc_total_stat(mc, PCF_MC_MEAN);
    pcf_mc_destroy(mc);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: bench_lci_mc USLCI_ZIP WORKDIR ITERATIONS RUNS\n");
        return 2;
    }
    size_t iterations = (size_t)strtoul(argv[3], NULL, 10);
    int runs = atoi(argv[4]);
    if (iterations < 2 || runs < 1 || runs > 99) {
        fprintf(stderr, "bench_lci_mc: ITERATIONS >= 2, RUNS 1..99\n");
        return 2;
    }
    char path[1024];
    snprintf(path, sizeof path, "%s/bench-lci-mc.db", argv[2]);
    remove(path);
    pcf_db *db = NULL;
    pcf_lci *lci = NULL;
    pcf_error err;
    if (pcf_db_open(path, PCF_DB_CREATE, &db, &err) != PCF_OK)
        return fail("open", &err);
    if (pcf_lci_import(db, "uslci", argv[1], NULL, 0, &err) != PCF_OK)
        return fail("import", &err);
    if (pcf_lci_open(db, "uslci", PCF_GWP_AR6, &lci, &err) != PCF_OK ||
        pcf_lci_store_factors(lci, db, "MIT", NULL, NULL, &err) != PCF_OK)
        return fail("solve", &err);
    size_t p1 = 0, p2 = 0;
    if (pcf_lci_find(lci, P1, &p1, &err) != PCF_OK ||
        pcf_lci_find(lci, "Petroleum refining, at refinery", &p2, &err) != PCF_OK)
        return fail("find", &err);
    char json[2048];
    snprintf(json, sizeof json,
             "{\"pcf_model\": 1, \"boundary\": \"cradle-to-gate\", \"gwp\": \"AR6\", "
             "\"products\": [{\"id\": \"x\", \"name\": {\"en\": \"X\"}, \"declared_unit\": "
             "{\"amount\": 1, \"unit\": \"item\"}, \"stages\": {\"materials\": ["
             "{\"name\": \"a\", \"amount\": 1, \"unit\": \"%s\", \"factor\": \"uslci:%s\"}, "
             "{\"name\": \"b\", \"amount\": 3, \"unit\": \"%s\", \"factor\": \"uslci:%s\"}, "
             "{\"name\": \"c\", \"amount\": 2, \"unit\": \"%s\", \"factor\": \"uslci:%s\"}]}}]}",
             pcf_lci_process_unit(lci, p1), P1, pcf_lci_process_unit(lci, p1), P1,
             pcf_lci_process_unit(lci, p2), pcf_lci_process_id(lci, p2));
    pcf_model *m = NULL;
    pcf_system *sys = NULL;
    if (pcf_model_read_string(json, "bench.json", &m, &err) != PCF_OK ||
        pcf_system_resolve(m, db, PCF_GWP_AR6, NULL, &sys, &err) != PCF_OK)
        return fail("model", &err);
    double *x = malloc(iterations * sizeof *x);
    double *t_model = malloc((size_t)runs * sizeof(double));
    double *t_lci = malloc((size_t)runs * sizeof(double));
    double *t_fixed = malloc((size_t)runs * sizeof(double));
    if (!x || !t_model || !t_lci || !t_fixed)
        return 1;
    printf("USLCI: %zu processes, %zu drawn exchanges; %zu iterations, %d runs\n",
           pcf_lci_process_count(lci), pcf_lci_mc_parameter_count(lci), iterations, runs);
    for (size_t threads = 1; threads <= 2; threads++) {
        for (int r = 0; r < runs; r++) {
            double mean = 0, lmean = 0;
            if (run_model(sys, lci, iterations, threads, &t_model[r], &mean) ||
                run_model(sys, NULL, iterations, threads, &t_fixed[r], &lmean))
                return 1;
            double t0 = bench_now();
            if (pcf_lci_mc(lci, p1, iterations, 1, threads, x, &err) != PCF_OK)
                return fail("pcf_lci_mc", &err);
            t_lci[r] = bench_now() - t0;
            printf("threads %zu run %d: model with LCI sampled %.4f s (mean %.6g), pcf_lci_mc "
                   "%.4f s, model with LCI fixed %.4f s (value %.6g)\n",
                   threads, r, t_model[r], mean, t_lci[r], t_fixed[r], lmean);
        }
        double tm = median(t_model, runs), tl = median(t_lci, runs), tf = median(t_fixed, runs);
        printf("median threads %zu: model %.4f s (%.1f us/iteration), pcf_lci_mc %.4f s, ratio "
               "model/pcf_lci_mc %.3f; fixed %.5f s\n",
               threads, tm, tm / (double)iterations * 1e6, tl, tm / tl, tf);
    }
    free(x);
    free(t_model);
    free(t_lci);
    free(t_fixed);
    pcf_system_destroy(sys);
    pcf_model_destroy(m);
    pcf_lci_destroy(lci);
    pcf_db_close(db);
    remove(path);
    return 0;
}
