/*
 * Monte Carlo benchmark: pcf's sampler on two synthetic models, timed over repeated
 * runs. tests/bench/compare_mc.py runs this next to the numpy version (mc_numpy.py), which builds
 * the same models from the same formulas, and prints both medians and their ratio.
 *
 *   (a) 1,000 uncertain parameters (250 each lognormal, normal, triangular, uniform factors on
 *       fixed amounts) × 10,000 iterations;
 *   (b) 10,000 activities sharing 1,000 factors, lognormal on every amount and factor (11,000
 *       parameters, as in PERFORMANCE.md) × 1,000 iterations.
 *
 * Usage: bench_mc [REPEATS [ONLY]]   (default 7). One line per measurement:
 *   case=a threads=2 sensitivity=0 median_s=0.0412 min_s=... mean_kg=...
 * ONLY "a-sens" runs just (a) with the sensitivity ranking at 2 threads (for /usr/bin/time: the
 * CPU time of that run alone, page faults included).
 * GPL-3.0-or-later; see LICENSE.
 */
#include "mc_internal.h"

#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "benchutil.h"

typedef struct model {
    pcf__param *p;
    pcf__term *t;
    pcf__system_core core;
} model;

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n, size);
    if (!p) {
        fprintf(stderr, "bench_mc: out of memory\n");
        exit(1);
    }
    return p;
}

static void set_param(pcf__param *p, uint32_t kind, uint32_t label, double value, pcf_dist d,
                      double p1, double p2, double p3)
{
    p->value = value;
    p->dist = d;
    p->p[0] = p1;
    p->p[1] = p2;
    p->p[2] = p3;
    p->kind = kind;
    p->label = label;
}

/* The formulas below are repeated in mc_numpy.py; keep them in step. */
static void build_a(model *m)
{
    enum { N = 1000 };
    m->p = xcalloc(N, sizeof *m->p);
    m->t = xcalloc(N, sizeof *m->t);
    for (uint32_t j = 0; j < N; j++) {
        double v = 1.0 + (double)(j * 37 % 100) / 50.0;
        switch (j % 4) {
        case 0:
            set_param(&m->p[j], PCF__PARAM_FACTOR, j, v, PCF_DIST_LOGNORMAL,
                      1.2 + (double)(j % 10) / 20.0, 0, 0);
            break;
        case 1:
            set_param(&m->p[j], PCF__PARAM_FACTOR, j, v, PCF_DIST_NORMAL, 0.1 * v, 0, 0);
            break;
        case 2:
            set_param(&m->p[j], PCF__PARAM_FACTOR, j, v, PCF_DIST_TRIANGULAR, 0.8 * v, v, 1.5 * v);
            break;
        default:
            set_param(&m->p[j], PCF__PARAM_FACTOR, j, v, PCF_DIST_UNIFORM, 0.5 * v, 1.5 * v, 0);
            break;
        }
        m->t[j].coef = 1.0 + (double)(j % 7);
        m->t[j].amount = PCF__NO_PARAM;
        m->t[j].factor = j;
        m->t[j].activity = j;
        m->t[j].stage = (uint16_t)(j % PCF__STAGE_COUNT);
    }
    m->core.n_params = N;
    m->core.params = m->p;
    m->core.n_terms = N;
    m->core.terms = m->t;
    m->core.n_activities = N;
}

static void build_b(model *m)
{
    enum { NA = 10000, NF = 1000 };
    m->p = xcalloc(NA + NF, sizeof *m->p);
    m->t = xcalloc(NA, sizeof *m->t);
    for (uint32_t a = 0; a < NA; a++)
        set_param(&m->p[a], PCF__PARAM_AMOUNT, a, 0.5 + (double)(a * 37 % 100) / 20.0,
                  PCF_DIST_LOGNORMAL, 1.05 + (double)(a * 13 % 20) / 20.0, 0, 0);
    for (uint32_t f = 0; f < NF; f++)
        set_param(&m->p[NA + f], PCF__PARAM_FACTOR, f, 0.1 + (double)(f * 53 % 100) / 10.0,
                  PCF_DIST_LOGNORMAL, 1.1 + (double)(f * 7 % 15) / 20.0, 0, 0);
    for (uint32_t a = 0; a < NA; a++) {
        m->t[a].coef = 1.0;
        m->t[a].amount = a;
        m->t[a].factor = NA + (a * 7919u) % NF;
        m->t[a].activity = a;
        m->t[a].stage = (uint16_t)(a % PCF__STAGE_COUNT);
    }
    m->core.n_params = NA + NF;
    m->core.params = m->p;
    m->core.n_terms = NA;
    m->core.terms = m->t;
    m->core.n_activities = NA;
}

static void measure(const char *name, const model *m, size_t iterations, size_t threads,
                    int sensitivity, int repeats)
{
    pcf_mc_options *o = NULL;
    pcf_error err;
    if (pcf_mc_options_create(&o, &err) || pcf_mc_options_set_iterations(o, iterations, &err) ||
        pcf_mc_options_set_seed(o, 1, &err) || pcf_mc_options_set_threads(o, threads, &err) ||
        pcf_mc_options_set_sensitivity(o, sensitivity, &err)) {
        fprintf(stderr, "bench_mc: %s\n", err.message);
        exit(1);
    }
    double t[64], mean = 0;
    for (int r = 0; r < repeats; r++) {
        pcf_mc *mc = NULL;
        double t0 = bench_now();
        if (pcf__mc_run_core(&m->core, o, &mc, &err) != PCF_OK) {
            fprintf(stderr, "bench_mc: %s\n", err.message);
            exit(1);
        }
        t[r] = bench_now() - t0;
        mean = pcf_mc_total_stat(mc, PCF_MC_MEAN);
        pcf_mc_destroy(mc);
    }
    qsort(t, (size_t)repeats, sizeof t[0], bench_cmp_double);
    double median = repeats % 2 ? t[repeats / 2] : 0.5 * (t[repeats / 2 - 1] + t[repeats / 2]);
    char buf[32];
    printf("case=%s threads=%zu sensitivity=%d iterations=%zu params=%zu median_s=%.4f "
           "min_s=%.4f mean_kg=%s\n",
           name, threads, sensitivity, iterations, m->core.n_params, median, t[0],
           (pcf_number_format(mean, buf, sizeof buf), buf));
    fflush(stdout);
    pcf_mc_options_destroy(o);
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    int repeats = argc > 1 ? atoi(argv[1]) : 7;
    if (repeats < 1 || repeats > 64)
        repeats = 7;
    model a, b;
    build_a(&a);
    if (argc > 2 && strcmp(argv[2], "a-sens") == 0) {
        measure("a", &a, 10000, 2, 1, repeats);
        free(a.p);
        free(a.t);
        return 0;
    }
    build_b(&b);
    for (size_t th = 1; th <= 2; th++)
        measure("a", &a, 10000, th, 0, repeats);
    for (size_t th = 1; th <= 2; th++)
        measure("b", &b, 1000, th, 0, repeats);
    /* For information: the cost of the sensitivity ranking on (a). */
    measure("a", &a, 10000, 2, 1, repeats);
    free(a.p);
    free(a.t);
    free(b.p);
    free(b.t);
    return 0;
}
