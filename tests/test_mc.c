/*
 * Tests of the mc module: distribution descriptors, Monte Carlo propagation on hand-built system
 * cores (pcf__mc_run_core, linked from the static library), statistics, sensitivity, options,
 * cancellation and JSON. GPL-3.0-or-later; see LICENSE.
 *
 * Monte Carlo results are random, but every run here has a fixed seed, so each test is
 * deterministic; the tolerances are still set from the sampling error (stated per test) so that
 * they would hold for any seed with overwhelming probability.
 */
#include "testutil.h"

#include "mc_internal.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_statistics_double.h>
#include <jansson.h>

/* ---- a small builder for system cores ---- */

#define MAXP 64
#define MAXT 64

typedef struct model {
    pcf__param p[MAXP];
    pcf__term t[MAXT];
    pcf__system_core core;
} model;

static void model_init(model *m)
{
    memset(m, 0, sizeof *m);
    m->core.params = m->p;
    m->core.terms = m->t;
}

static uint32_t add_param(model *m, uint32_t kind, double value, pcf_dist dist, double p1,
                          double p2, double p3)
{
    uint32_t i = (uint32_t)m->core.n_params++;
    m->p[i].value = value;
    m->p[i].dist = dist;
    m->p[i].p[0] = p1;
    m->p[i].p[1] = p2;
    m->p[i].p[2] = p3;
    m->p[i].kind = kind;
    m->p[i].label = i;
    return i;
}

static uint32_t add_factor(model *m, double value, pcf_dist dist, double p1, double p2, double p3)
{
    return add_param(m, PCF__PARAM_FACTOR, value, dist, p1, p2, p3);
}

static void add_term(model *m, double coef, uint32_t amount, uint32_t factor, uint16_t stage)
{
    size_t i = m->core.n_terms++;
    m->t[i].coef = coef;
    m->t[i].amount = amount;
    m->t[i].factor = factor;
    m->t[i].activity = (uint32_t)i;
    m->t[i].stage = stage;
}

static pcf_mc_options *opts_new(size_t iterations, uint64_t seed, size_t threads)
{
    pcf_mc_options *o = NULL;
    assert_int_equal(pcf_mc_options_create(&o, NULL), PCF_OK);
    assert_int_equal(pcf_mc_options_set_iterations(o, iterations, NULL), PCF_OK);
    assert_int_equal(pcf_mc_options_set_seed(o, seed, NULL), PCF_OK);
    assert_int_equal(pcf_mc_options_set_threads(o, threads, NULL), PCF_OK);
    return o;
}

static pcf_mc *run_ok(const model *m, const pcf_mc_options *o)
{
    pcf_mc *mc = NULL;
    pcf_error err;
    pcf_status st = pcf__mc_run_core(&m->core, o, &mc, &err);
    if (st != PCF_OK)
        print_error("run failed: %s\n", err.message);
    assert_int_equal(st, PCF_OK);
    assert_non_null(mc);
    return mc;
}

/* ---- distribution descriptors ---- */

static void test_dist_name_parse(void **state)
{
    (void)state;
    assert_string_equal(pcf_dist_name(PCF_DIST_FIXED), "fixed");
    assert_string_equal(pcf_dist_name(PCF_DIST_LOGNORMAL), "lognormal");
    assert_string_equal(pcf_dist_name(PCF_DIST_NORMAL), "normal");
    assert_string_equal(pcf_dist_name(PCF_DIST_TRIANGULAR), "triangular");
    assert_string_equal(pcf_dist_name(PCF_DIST_UNIFORM), "uniform");
    assert_null(pcf_dist_name((pcf_dist)5));
    assert_null(pcf_dist_name((pcf_dist)-1));

    pcf_dist d = PCF_DIST_NORMAL;
    pcf_error err;
    assert_int_equal(pcf_dist_parse("LogNormal", &d, &err), PCF_OK);
    assert_int_equal(d, PCF_DIST_LOGNORMAL);
    assert_int_equal(pcf_dist_parse("TRIANGULAR", &d, &err), PCF_OK);
    assert_int_equal(d, PCF_DIST_TRIANGULAR);
    assert_int_equal(pcf_dist_parse("", &d, &err), PCF_OK);
    assert_int_equal(d, PCF_DIST_FIXED);
    assert_int_equal(pcf_dist_parse("none", &d, &err), PCF_OK);
    assert_int_equal(d, PCF_DIST_FIXED);
    assert_int_equal(pcf_dist_parse("gamma", &d, &err), PCF_ERR_NOT_FOUND);
    assert_contains(err.message, "unknown distribution \"gamma\"");
    assert_contains(err.message, "lognormal");
    assert_int_equal(pcf_dist_parse(NULL, &d, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "text is NULL");
    assert_int_equal(pcf_dist_parse("normal", NULL, &err), PCF_ERR_INVALID_ARG);
}

static void test_dist_check(void **state)
{
    (void)state;
    pcf_error err;
    /* Valid descriptors. */
    assert_int_equal(pcf_dist_check(PCF_DIST_FIXED, 3, 0, 0, 0, &err), PCF_OK);
    assert_int_equal(pcf_dist_check(PCF_DIST_LOGNORMAL, -2, 1.5, 0, 0, &err), PCF_OK);
    assert_int_equal(pcf_dist_check(PCF_DIST_LOGNORMAL, 2, 1.0, 0, 0, &err), PCF_OK);
    assert_int_equal(pcf_dist_check(PCF_DIST_NORMAL, 2, 0, 0, 0, &err), PCF_OK);
    assert_int_equal(pcf_dist_check(PCF_DIST_TRIANGULAR, 2, 1, 2, 4, &err), PCF_OK);
    assert_int_equal(pcf_dist_check(PCF_DIST_UNIFORM, 2, 1, 4, 0, &err), PCF_OK);

    /* Each invalid case, with its message. */
    assert_int_equal(pcf_dist_check(PCF_DIST_LOGNORMAL, 2, -1.2, 0, 0, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "lognormal GSD -1.2 is invalid");
    assert_contains(err.message, ">= 1");
    assert_int_equal(pcf_dist_check(PCF_DIST_LOGNORMAL, 2, 0.5, 0, 0, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "lognormal GSD 0.5 is invalid");
    assert_int_equal(pcf_dist_check(PCF_DIST_LOGNORMAL, 2, NAN, 0, 0, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "lognormal GSD nan is invalid");
    assert_int_equal(pcf_dist_check(PCF_DIST_NORMAL, 2, -0.1, 0, 0, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "normal standard deviation -0.1 is invalid");
    assert_int_equal(pcf_dist_check(PCF_DIST_TRIANGULAR, 2, 5, 3, 1, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "triangular (min 5, mode 3, max 1) is invalid");
    assert_contains(err.message, "min <= mode <= max");
    assert_int_equal(pcf_dist_check(PCF_DIST_TRIANGULAR, 2, 1, 5, 4, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "triangular (min 1, mode 5, max 4) is invalid");
    assert_int_equal(pcf_dist_check(PCF_DIST_TRIANGULAR, 2, 2, 2, 2, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "min < max");
    assert_int_equal(pcf_dist_check(PCF_DIST_TRIANGULAR, 9, 1, 2, 4, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "the value 9 lies outside its triangular range [1, 4]");
    assert_int_equal(pcf_dist_check(PCF_DIST_UNIFORM, 2, 3, 1, 0, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "uniform (min 3, max 1) is invalid");
    assert_int_equal(pcf_dist_check(PCF_DIST_UNIFORM, 0.5, 1, 3, 0, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "the value 0.5 lies outside its uniform range [1, 3]");
    assert_int_equal(pcf_dist_check(PCF_DIST_NORMAL, INFINITY, 1, 0, 0, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "not a finite number");
    assert_int_equal(pcf_dist_check((pcf_dist)9, 1, 1, 0, 0, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "9 is not a pcf_dist value");
}

/* ---- analytic checks ---- */

/*
 * Total = L1 + L2 + N1 + N2 + U, independent:
 *   L1 lognormal, median 2, GSD 1.5: mean 2·exp(ln²1.5/2) = 2.171348, var 4·e^{s²}(e^{s²}-1)
 *      with s = ln 1.5: 0.842470;
 *   L2 lognormal, median 3, GSD 1.2: mean 3.050278, var 0.314480;
 *   N1 normal(5, 0.5): var 0.25;  N2 normal(1, 0.2): var 0.04;  U uniform(2, 6): mean 4, var 16/12.
 * Sum: mean 15.221626, variance 2.780283 (sd 1.667418).
 * With n = 200,000 the standard error of the mean is 1.667/√n = 0.0037 (tolerance 0.02, > 5 SE)
 * and the relative standard error of the variance about √((κ-1)/n) < 0.5% (tolerance 3%).
 */
static void test_sum_lognormal_normal(void **state)
{
    (void)state;
    model m;
    model_init(&m);
    add_term(&m, 1.0, PCF__NO_PARAM, add_factor(&m, 2, PCF_DIST_LOGNORMAL, 1.5, 0, 0), 0);
    add_term(&m, 1.0, PCF__NO_PARAM, add_factor(&m, 3, PCF_DIST_LOGNORMAL, 1.2, 0, 0), 0);
    add_term(&m, 1.0, PCF__NO_PARAM, add_factor(&m, 5, PCF_DIST_NORMAL, 0.5, 0, 0), 1);
    add_term(&m, 1.0, PCF__NO_PARAM, add_factor(&m, 1, PCF_DIST_NORMAL, 0.2, 0, 0), 1);
    add_term(&m, 1.0, PCF__NO_PARAM, add_factor(&m, 4, PCF_DIST_UNIFORM, 2, 6, 0), 2);
    pcf_mc_options *o = opts_new(200000, 7, 2);
    pcf_mc *mc = run_ok(&m, o);
    double sd = pcf_mc_total_stat(mc, PCF_MC_SD);
    assert_double_close(pcf_mc_total_stat(mc, PCF_MC_MEAN), 15.221626, 0, 0.02);
    assert_double_close(sd * sd, 2.780283, 0.03, 0);
    assert_double_close(pcf_mc_total_stat(mc, PCF_MC_CV), 1.667418 / 15.221626, 0.03, 0);
    /* Stage 0 holds L1 + L2 (mean 5.221626), stage 1 N1 + N2 (mean 6, var 0.29), stage 2 U. */
    assert_double_close(pcf_mc_stage_stat(mc, 0, PCF_MC_MEAN), 5.221626, 0, 0.01);
    double sd1 = pcf_mc_stage_stat(mc, 1, PCF_MC_SD);
    assert_double_close(sd1 * sd1, 0.29, 0.03, 0);
    assert_double_close(pcf_mc_stage_stat(mc, 2, PCF_MC_MEAN), 4.0, 0, 0.01);
    /* U(2,6): min and max within [2, 6]; 2.5th percentile 2 + 0.025·4 = 2.1 (SE ≈ 0.0014). */
    assert_true(pcf_mc_stage_stat(mc, 2, PCF_MC_MIN) >= 2.0);
    assert_true(pcf_mc_stage_stat(mc, 2, PCF_MC_MAX) <= 6.0);
    assert_double_close(pcf_mc_stage_stat(mc, 2, PCF_MC_P2_5), 2.1, 0, 0.01);
    /* Unused stages: all zero, CV undefined. */
    assert_double_close(pcf_mc_stage_stat(mc, 5, PCF_MC_MEAN), 0.0, 0, 0);
    assert_true(isnan(pcf_mc_stage_stat(mc, 5, PCF_MC_CV)));
    pcf_mc_destroy(mc);
    pcf_mc_options_destroy(o);
}

/*
 * Total = 2 × 10 (fixed amount) × T, T triangular(min 1, mode 2, max 4), so total = 20 T.
 * E[T] = (1+2+4)/3 = 7/3 → mean 46.6667; Var T = (1+4+16-2-4-8)/18 = 7/18 → var 155.556.
 * Quantiles of T by the inverse CDF (F(mode) = 1/3): median 4 - √(3·2/2) = 2.267949 → 45.3590;
 * 2.5% 1 + √(0.025·3·1) = 1.273861 → 25.4772; 97.5% 4 - √(0.025·3·2) = 3.612702 → 72.2540.
 * n = 100,000: SE of the mean 12.47/√n = 0.039 (tolerance 0.2); quantile SEs < 0.1
 * (tolerance 0.4).
 */
static void test_product_triangular(void **state)
{
    (void)state;
    model m;
    model_init(&m);
    uint32_t a = add_param(&m, PCF__PARAM_AMOUNT, 10, PCF_DIST_FIXED, 0, 0, 0);
    uint32_t f = add_factor(&m, 2, PCF_DIST_TRIANGULAR, 1, 2, 4);
    add_term(&m, 2.0, a, f, PCF__STAGE_PRODUCTION);
    pcf_mc_options *o = opts_new(100000, 3, 1);
    pcf_mc *mc = run_ok(&m, o);
    double sd = pcf_mc_total_stat(mc, PCF_MC_SD);
    assert_double_close(pcf_mc_total_stat(mc, PCF_MC_MEAN), 46.666667, 0, 0.2);
    assert_double_close(sd * sd, 155.5556, 0.02, 0);
    assert_double_close(pcf_mc_total_stat(mc, PCF_MC_MEDIAN), 45.3590, 0, 0.4);
    assert_double_close(pcf_mc_total_stat(mc, PCF_MC_P2_5), 25.4772, 0, 0.4);
    assert_double_close(pcf_mc_total_stat(mc, PCF_MC_P97_5), 72.2540, 0, 0.4);
    assert_true(pcf_mc_total_stat(mc, PCF_MC_MIN) >= 20.0);
    assert_true(pcf_mc_total_stat(mc, PCF_MC_MAX) <= 80.0);
    /* Everything is in the production stage. */
    assert_true(pcf_mc_stage_stat(mc, PCF__STAGE_PRODUCTION, PCF_MC_MEAN) ==
                pcf_mc_total_stat(mc, PCF_MC_MEAN));
    pcf_mc_destroy(mc);
    pcf_mc_options_destroy(o);
}

/*
 * A negative median keeps its sign (docs/methods.md#uncertainty): median -2, GSD 1.5 gives mean
 * -2·exp(ln²1.5/2) = -2.171348 (n = 100,000, SE 0.003, tolerance 0.015) and no positive sample.
 */
static void test_negative_lognormal(void **state)
{
    (void)state;
    model m;
    model_init(&m);
    add_term(&m, 1.0, PCF__NO_PARAM, add_factor(&m, -2, PCF_DIST_LOGNORMAL, 1.5, 0, 0), 5);
    pcf_mc_options *o = opts_new(100000, 11, 1);
    pcf_mc *mc = run_ok(&m, o);
    assert_double_close(pcf_mc_total_stat(mc, PCF_MC_MEAN), -2.171348, 0, 0.015);
    assert_true(pcf_mc_total_stat(mc, PCF_MC_MAX) < 0.0);
    /* Median of the lognormal is the given value, -2 (SE ≈ 0.003). */
    assert_double_close(pcf_mc_total_stat(mc, PCF_MC_MEDIAN), -2.0, 0, 0.015);
    pcf_mc_destroy(mc);
    pcf_mc_options_destroy(o);
}

/*
 * The shared-parameter rule: ten terms using ONE lognormal factor (median 1, GSD 1.5) move
 * together, so Var(total) = 10² × Var(one term) = 100 × e^{s²}(e^{s²}-1) = 21.0617 with
 * s = ln 1.5; ten independent factors give 10 × 0.210617 = 2.10617. n = 100,000: relative SE of
 * the variance below 1.5% (tolerance 6%).
 */
static void test_shared_parameter(void **state)
{
    (void)state;
    model shared, indep;
    model_init(&shared);
    model_init(&indep);
    uint32_t f = add_factor(&shared, 1, PCF_DIST_LOGNORMAL, 1.5, 0, 0);
    for (int i = 0; i < 10; i++) {
        add_term(&shared, 1.0, PCF__NO_PARAM, f, 0);
        add_term(&indep, 1.0, PCF__NO_PARAM, add_factor(&indep, 1, PCF_DIST_LOGNORMAL, 1.5, 0, 0),
                 0);
    }
    pcf_mc_options *o = opts_new(100000, 5, 2);
    pcf_mc *a = run_ok(&shared, o);
    pcf_mc *b = run_ok(&indep, o);
    double va = pcf_mc_total_stat(a, PCF_MC_SD), vb = pcf_mc_total_stat(b, PCF_MC_SD);
    va *= va;
    vb *= vb;
    assert_double_close(va, 21.0617, 0.06, 0);
    assert_double_close(vb, 2.10617, 0.06, 0);
    /* The one shared factor explains everything. */
    assert_int_equal(pcf_mc_sensitivity_count(a), 1);
    assert_double_close(pcf_mc_sensitivity_spearman(a, 0), 1.0, 0, 1e-12);
    assert_double_close(pcf_mc_sensitivity_share(a, 0), 1.0, 0, 1e-12);
    pcf_mc_destroy(a);
    pcf_mc_destroy(b);
    pcf_mc_options_destroy(o);
}

/* ---- reproducibility ---- */

static void build_mixed(model *m)
{
    model_init(m);
    uint32_t grid = add_factor(m, 0.58, PCF_DIST_LOGNORMAL, 1.1, 0, 0);
    uint32_t steel = add_factor(m, 1.9, PCF_DIST_TRIANGULAR, 1.5, 1.9, 2.6);
    uint32_t truck = add_factor(m, 0.1, PCF_DIST_UNIFORM, 0.08, 0.13, 0);
    uint32_t waste = add_factor(m, -0.4, PCF_DIST_LOGNORMAL, 1.3, 0, 0);
    for (int i = 0; i < 12; i++) {
        uint32_t amt =
            add_param(m, PCF__PARAM_AMOUNT, 1.0 + i, PCF_DIST_NORMAL, 0.1 * (i + 1), 0, 0);
        uint32_t fac = i % 4 == 0 ? grid : i % 4 == 1 ? steel : i % 4 == 2 ? truck : waste;
        add_term(m, 0.5 + 0.25 * i, amt, fac, (uint16_t)(i % PCF__STAGE_COUNT));
    }
    add_term(m, 3.0, PCF__NO_PARAM, PCF__NO_PARAM, PCF__STAGE_STORAGE); /* a fixed 3 kg CO2e */
}

static void assert_same_result(const pcf_mc *a, const pcf_mc *b)
{
    for (int s = 0; s < 8; s++) {
        double x = pcf_mc_total_stat(a, (pcf_mc_stat)s), y = pcf_mc_total_stat(b, (pcf_mc_stat)s);
        assert_memory_equal(&x, &y, sizeof x);
        for (size_t st = 0; st < PCF__STAGE_COUNT; st++) {
            x = pcf_mc_stage_stat(a, st, (pcf_mc_stat)s);
            y = pcf_mc_stage_stat(b, st, (pcf_mc_stat)s);
            assert_memory_equal(&x, &y, sizeof x);
        }
    }
    size_t n = pcf_mc_iterations(a);
    assert_int_equal(n, pcf_mc_iterations(b));
    assert_memory_equal(pcf_mc_total_samples(a), pcf_mc_total_samples(b), n * sizeof(double));
    for (size_t st = 0; st < PCF__STAGE_COUNT; st++)
        assert_memory_equal(pcf_mc_stage_samples(a, st), pcf_mc_stage_samples(b, st),
                            n * sizeof(double));
    assert_int_equal(pcf_mc_sensitivity_count(a), pcf_mc_sensitivity_count(b));
    for (size_t k = 0; k < pcf_mc_sensitivity_count(a); k++) {
        assert_int_equal(pcf_mc_sensitivity_param(a, k), pcf_mc_sensitivity_param(b, k));
        double x = pcf_mc_sensitivity_spearman(a, k), y = pcf_mc_sensitivity_spearman(b, k);
        assert_memory_equal(&x, &y, sizeof x);
    }
    char *ja = NULL, *jb = NULL;
    assert_int_equal(pcf_mc_to_json(a, &ja, NULL), PCF_OK);
    assert_int_equal(pcf_mc_to_json(b, &jb, NULL), PCF_OK);
    assert_string_equal(ja, jb);
    pcf_free(ja);
    pcf_free(jb);
}

/* Same seed: bit-identical statistics, samples, ranking and JSON at 1, 2 and 3 threads. 1,000
 * iterations is 7 full chunks and a partial one, so chunks are shared unevenly. */
static void test_seed_reproducible(void **state)
{
    (void)state;
    model m;
    build_mixed(&m);
    pcf_mc *r[3];
    for (size_t t = 1; t <= 3; t++) {
        pcf_mc_options *o = opts_new(1000, 20261127, t);
        assert_int_equal(pcf_mc_options_set_keep_samples(o, 1, NULL), PCF_OK);
        r[t - 1] = run_ok(&m, o);
        pcf_mc_options_destroy(o);
    }
    assert_same_result(r[0], r[1]);
    assert_same_result(r[0], r[2]);
    assert_int_equal(pcf_mc_seed(r[0]), 20261127);
    assert_string_equal(pcf_mc_generator(r[0]), "taus2");
    /* The total of each iteration is the sum of its stages (the fixed 3 kg in storage included). */
    const double *tot = pcf_mc_total_samples(r[0]);
    for (size_t i = 0; i < 1000; i += 97) {
        double s = 0;
        for (size_t st = 0; st < PCF__STAGE_COUNT; st++)
            s += pcf_mc_stage_samples(r[0], st)[i];
        assert_double_close(tot[i], s, 1e-12, 1e-12);
    }
    /* Another seed gives other samples. */
    pcf_mc_options *o = opts_new(1000, 20261128, 2);
    assert_int_equal(pcf_mc_options_set_keep_samples(o, 1, NULL), PCF_OK);
    pcf_mc *other = run_ok(&m, o);
    assert_true(memcmp(pcf_mc_total_samples(other), tot, 1000 * sizeof(double)) != 0);
    pcf_mc_destroy(other);
    pcf_mc_options_destroy(o);
    for (int i = 0; i < 3; i++)
        pcf_mc_destroy(r[i]);
}

/*
 * The sampler's inline taus2 step gives gsl_rng_uniform's numbers bit for bit: two taus2
 * generators seeded alike (as the run seeds them, with gsl_rng_set), 100,000 draws each, over
 * several seeds. It works on GSL's state of three unsigned longs, which this checks too.
 */
static void test_taus2_inline(void **state)
{
    (void)state;
    assert_int_equal(gsl_rng_taus2->size, 3 * sizeof(unsigned long));
    gsl_rng *a = gsl_rng_alloc(gsl_rng_taus2), *b = gsl_rng_alloc(gsl_rng_taus2);
    assert_non_null(a);
    assert_non_null(b);
    const unsigned long seeds[] = {1, 0x6a09e667u, 4294967295u, 20261206};
    for (size_t k = 0; k < sizeof seeds / sizeof seeds[0]; k++) {
        gsl_rng_set(a, seeds[k]);
        gsl_rng_set(b, seeds[k]);
        for (int i = 0; i < 100000; i++) {
            double x = gsl_rng_uniform(a), y = pcf__mc_taus2_uniform(b->state);
            assert_memory_equal(&x, &y, sizeof x);
        }
    }
    gsl_rng_free(a);
    gsl_rng_free(b);
}

/*
 * The sampler's inline ziggurat (pcf__mc_gaussian, tables read off GSL by mc_zig.c) gives
 * gsl_ran_gaussian_ziggurat(r, 1.0)'s numbers bit for bit: 100,000 draws from each of several
 * taus2 seeds. Most draws take the inline path (the ziggurat's rectangles: for 128 strips about
 * 97 % of draws, counted here from the generator's numbers as the sampler reads them), and with
 * the tables emptied every draw goes to GSL and the numbers are still the same.
 */
static void test_gaussian_inline(void **state)
{
    (void)state;
    assert_int_equal(pcf__mc_zig_init(), 1);
    pcf__mc_taus sa, sb, sc;
    gsl_rng a = {gsl_rng_taus2, &sa}, b = {gsl_rng_taus2, &sb}, c = {gsl_rng_taus2, &sc};
    const unsigned long seeds[] = {1, 0x6a09e667u, 4294967295u, 20261206};
    size_t fast = 0, total = 0;
    for (int empty = 0; empty < 2; empty++) {
        pcf__mc_zig_tables saved = pcf__mc_zig;
        if (empty)
            memset(pcf__mc_zig.k, 0, sizeof pcf__mc_zig.k);
        for (size_t k = 0; k < sizeof seeds / sizeof seeds[0]; k++) {
            gsl_rng_set(&a, seeds[k]);
            gsl_rng_set(&b, seeds[k]);
            gsl_rng_set(&c, seeds[k]);
            for (int i = 0; i < 100000; i++) {
                sc = sb;
                unsigned long u = pcf__mc_taus2_get(&sc);
                fast += !empty && ((u >> 8) & 0xffffff) < pcf__mc_zig.k[u & 0x7f];
                total += !empty;
                double x = gsl_ran_gaussian_ziggurat(&a, 1.0), y = pcf__mc_gaussian(&b, &sb);
                assert_memory_equal(&x, &y, sizeof x);
            }
        }
        pcf__mc_zig = saved;
    }
    assert_true((double)fast > 0.95 * (double)total);
}

/* Chunk streams are distinct: consecutive chunks get consecutive (hence different) taus2 seeds. */
static void test_chunk_seeds(void **state)
{
    (void)state;
    assert_true(pcf__mc_chunk_seed(1, 0) != pcf__mc_chunk_seed(1, 1));
    assert_true(pcf__mc_chunk_seed(1, 0) != pcf__mc_chunk_seed(2, 0));
    assert_true(pcf__mc_chunk_seed(1, 0) <= 0xFFFFFFFFu);
    assert_true(pcf__mc_chunk_seed(1, 5) != 0);
}

/* ---- sensitivity ---- */

/*
 * Total = X + Y, X ~ normal(10, 3), Y ~ normal(10, 1). X's Pearson correlation with the total is
 * 3/√10, Y's 1/√10; for a bivariate normal, Spearman ρ = (6/π)·asin(r/2) (Pearson 1907), so
 * ρ_X = 0.943883, ρ_Y = 0.303248; variance shares ρ²/Σρ² = 0.906438 and 0.093562.
 * n = 50,000: SE of ρ about (1-ρ²)/√n < 0.005 (tolerance 0.01).
 */
static void test_sensitivity_analytic(void **state)
{
    (void)state;
    model m;
    model_init(&m);
    uint32_t y = add_factor(&m, 10, PCF_DIST_NORMAL, 1, 0, 0);
    uint32_t x = add_param(&m, PCF__PARAM_AMOUNT, 10, PCF_DIST_NORMAL, 3, 0, 0);
    m.p[x].label = 42;
    m.p[y].label = 7;
    add_term(&m, 1.0, x, PCF__NO_PARAM, 0);
    add_term(&m, 1.0, PCF__NO_PARAM, y, 1);
    pcf_mc_options *o = opts_new(50000, 99, 2);
    pcf_mc *mc = run_ok(&m, o);
    assert_int_equal(pcf_mc_sensitivity_count(mc), 2);
    assert_int_equal(pcf_mc_sensitivity_param(mc, 0), x);
    assert_int_equal(pcf_mc_sensitivity_kind(mc, 0), PCF_MC_PARAM_AMOUNT);
    assert_int_equal(pcf_mc_sensitivity_label(mc, 0), 42);
    assert_double_close(pcf_mc_sensitivity_spearman(mc, 0), 0.943883, 0, 0.01);
    assert_double_close(pcf_mc_sensitivity_share(mc, 0), 0.906438, 0, 0.01);
    assert_int_equal(pcf_mc_sensitivity_param(mc, 1), y);
    assert_int_equal(pcf_mc_sensitivity_kind(mc, 1), PCF_MC_PARAM_FACTOR);
    assert_int_equal(pcf_mc_sensitivity_label(mc, 1), 7);
    assert_double_close(pcf_mc_sensitivity_spearman(mc, 1), 0.303248, 0, 0.01);
    assert_double_close(pcf_mc_sensitivity_share(mc, 1), 0.093562, 0, 0.01);
    assert_double_close(pcf_mc_sensitivity_share(mc, 0) + pcf_mc_sensitivity_share(mc, 1), 1.0, 0,
                        1e-12);
    /* Out of range ranks. */
    assert_int_equal(pcf_mc_sensitivity_param(mc, 2), SIZE_MAX);
    assert_int_equal(pcf_mc_sensitivity_label(mc, 2), SIZE_MAX);
    assert_true(isnan(pcf_mc_sensitivity_spearman(mc, 2)));
    assert_true(isnan(pcf_mc_sensitivity_share(mc, 2)));
    pcf_mc_destroy(mc);

    /* A credit (negative coefficient) correlates negatively: exactly -1 for a single input. */
    model c;
    model_init(&c);
    add_term(&c, -1.0, PCF__NO_PARAM, add_factor(&c, 2, PCF_DIST_LOGNORMAL, 1.4, 0, 0), 5);
    add_term(&c, 1.0, PCF__NO_PARAM, add_factor(&c, 1, PCF_DIST_LOGNORMAL, 1.0, 0, 0), 5);
    mc = run_ok(&c, o);
    assert_int_equal(pcf_mc_sensitivity_count(mc), 1); /* GSD 1 does not vary: not ranked */
    assert_double_close(pcf_mc_sensitivity_spearman(mc, 0), -1.0, 0, 1e-12);
    pcf_mc_destroy(mc);

    /* With the ranking off there is none. */
    assert_int_equal(pcf_mc_options_set_sensitivity(o, 0, NULL), PCF_OK);
    mc = run_ok(&m, o);
    assert_int_equal(pcf_mc_sensitivity_count(mc), 0);
    pcf_mc_destroy(mc);
    pcf_mc_options_destroy(o);
}

/*
 * The ranking ranks a lognormal's exponents mu + sigma z instead of its samples c exp(mu + sigma z)
 * when that gives the same ranks (lib/mc.c, rank_drawn). A single lognormal term makes the total
 * a monotone function of the parameter, so rho is exactly +1 (coefficient 1) or -1 (coefficient
 * -1), also for a negative median (c = -1 reverses the exponents' order: the sign must be turned
 * back). With GSD 1 + 1e-13 the exponents differ by less than 1e-12 and many distinct ones give
 * the same sample (the samples of median 2 are 2 (1 +- 4e-13), an ulp of 2 apart: ties that the
 * exponents do not have), so the samples themselves must be ranked: rho exactly 1 again. A
 * median of 1e305 (exponents past 700) is ranked by its samples too.
 */
static void test_lognormal_ranked_by_exponent(void **state)
{
    (void)state;
    const struct {
        double median, gsd, coef, rho;
    } cases[] = {{2, 1.5, 1, 1},    {2, 1.5, -1, -1},       {-2, 1.5, 1, 1},
                 {-2, 1.5, -1, -1}, {2, 1.0 + 1e-13, 1, 1}, {1e305, 1.5, 1, 1}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        model m;
        model_init(&m);
        add_term(&m, cases[i].coef, PCF__NO_PARAM,
                 add_factor(&m, cases[i].median, PCF_DIST_LOGNORMAL, cases[i].gsd, 0, 0), 0);
        pcf_mc_options *o = opts_new(10000, 5, 2);
        pcf_mc *mc = run_ok(&m, o);
        assert_int_equal(pcf_mc_sensitivity_count(mc), 1);
        assert_true(pcf_mc_sensitivity_spearman(mc, 0) == cases[i].rho);
        pcf_mc_destroy(mc);
        pcf_mc_options_destroy(o);
    }
}

/*
 * Parameter k of m's samples in a run of n iterations seeded with seed, drawn here with GSL's own
 * samplers (not the run's inline ones) from the streams the run documents: chunk c of 128
 * iterations draws parameter k from a taus2 generator seeded pcf__mc_chunk_seed(seed, c n_rand +
 * k), when every one of m's n_rand parameters is drawn (so draw k is parameter k). Lognormal:
 * sign(median) exp(ln|median| + ln(gsd) z); normal: mean + sd z (z: gsl_ran_gaussian_ziggurat);
 * triangular (min a, mode b, max c): its inverse CDF at u = gsl_rng_uniform; uniform:
 * gsl_ran_flat.
 */
static void reference_samples(const model *m, size_t k, uint64_t seed, size_t n, double *x)
{
    const pcf__param *p = &m->p[k];
    double v = p->value, a = p->p[0], b = p->p[1], c = p->p[2];
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_taus2);
    assert_non_null(rng);
    for (size_t i = 0; i < n; i++) {
        if (i % PCF__MC_CHUNK == 0)
            gsl_rng_set(rng, pcf__mc_chunk_seed(seed, i / PCF__MC_CHUNK * m->core.n_params + k));
        switch (p->dist) {
        case PCF_DIST_LOGNORMAL:
            x[i] = (v < 0 ? -1.0 : 1.0) *
                   exp(log(fabs(v)) + log(a) * gsl_ran_gaussian_ziggurat(rng, 1.0));
            break;
        case PCF_DIST_NORMAL:
            x[i] = v + a * gsl_ran_gaussian_ziggurat(rng, 1.0);
            break;
        case PCF_DIST_TRIANGULAR: {
            double u = gsl_rng_uniform(rng);
            x[i] = u < (b - a) / (c - a) ? a + sqrt(u * ((c - a) * (b - a)))
                                         : c - sqrt((1.0 - u) * ((c - a) * (c - b)));
            break;
        }
        default:
            assert_int_equal(p->dist, PCF_DIST_UNIFORM);
            x[i] = gsl_ran_flat(rng, a, b);
            break;
        }
    }
    gsl_rng_free(rng);
}

static int cmp_double_asc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/*
 * mc, a run of m at n iterations with seed and the samples kept, against the reference samples
 * of every parameter (reference_samples): each iteration's total is the sum of m's terms coef x
 * amount x factor of them (within 1e-12 relative: the run adds them stage by stage), and the
 * ranking is Spearman's rho as gsl_stats_spearman computes it from them and the run's totals
 * (within 1e-12: GSL adds up ranks in doubles). Returns how many pairs of a normal parameter's
 * values share their 32-bit position floor((x - lo) (2^32 - 1) / (hi - lo)) over mean +- 6 sd
 * (lib/mc.c, set_positions), which a run that keeps positions cannot put in order from them.
 */
static size_t assert_ranking_is_gsls(const model *m, const pcf_mc *mc, uint64_t seed, size_t n)
{
    size_t np = m->core.n_params, same = 0;
    double *x = malloc(np * n * sizeof *x), *work = malloc(2 * n * sizeof *work);
    assert_true(x && work);
    for (size_t k = 0; k < np; k++)
        reference_samples(m, k, seed, n, x + k * n);
    const double *total = pcf_mc_total_samples(mc);
    for (size_t i = 0; i < n; i++) {
        double sum = 0.0;
        for (size_t t = 0; t < m->core.n_terms; t++) {
            const pcf__term *term = &m->t[t];
            sum += term->coef * (term->amount == PCF__NO_PARAM ? 1.0 : x[term->amount * n + i]) *
                   (term->factor == PCF__NO_PARAM ? 1.0 : x[term->factor * n + i]);
        }
        assert_double_close(total[i], sum, 1e-12, 0);
    }
    assert_int_equal(pcf_mc_sensitivity_count(mc), np);
    for (size_t j = 0; j < np; j++) {
        size_t k = pcf_mc_sensitivity_param(mc, j);
        assert_true(k < np);
        double gsl = gsl_stats_spearman(x + k * n, 1, total, 1, n, work);
        assert_double_close(pcf_mc_sensitivity_spearman(mc, j), gsl, 0, 1e-12);
        if (m->p[k].dist != PCF_DIST_NORMAL)
            continue;
        double lo = m->p[k].value - 6.0 * m->p[k].p[0], hi = m->p[k].value + 6.0 * m->p[k].p[0];
        double scale = 4294967295.0 / (hi - lo), *t = work; /* gsl_stats_spearman is done with it */
        memcpy(t, x + k * n, n * sizeof *t);
        qsort(t, n, sizeof *t, cmp_double_asc);
        for (size_t i = 1; i < n; i++)
            same += (uint32_t)((t[i] - lo) * scale) == (uint32_t)((t[i - 1] - lo) * scale);
    }
    free(x);
    free(work);
    return same;
}

/*
 * Runs m at n iterations with seed at 1 and 2 threads, with no memory limit and then with
 * `limit`, the samples kept: all four give the same result bit for bit, and the ranking is GSL's
 * (assert_ranking_is_gsls, whose count of shared positions it returns).
 */
static size_t assert_paths_agree(const model *m, size_t n, uint64_t seed, size_t limit)
{
    pcf_mc *r[4];
    for (size_t t = 0; t < 4; t++) {
        pcf_mc_options *o = opts_new(n, seed, 1 + t % 2);
        assert_int_equal(pcf_mc_options_set_keep_samples(o, 1, NULL), PCF_OK);
        if (t >= 2)
            assert_int_equal(pcf_mc_options_set_memory_limit(o, limit, NULL), PCF_OK);
        r[t] = run_ok(m, o);
        pcf_mc_options_destroy(o);
    }
    for (size_t t = 1; t < 4; t++)
        assert_same_result(r[0], r[t]);
    size_t same = assert_ranking_is_gsls(m, r[0], seed, n);
    for (size_t t = 0; t < 4; t++)
        pcf_mc_destroy(r[t]);
    return same;
}

/*
 * What the ranking keeps while it samples, and drawing again, give the same ranking bit for bit,
 * at 1 and 2 threads, and it is GSL's. The mixed model (16 drawn parameters: normals,
 * triangular, uniform, lognormals, one with a negative median) at 1,000 iterations keeps 32-bit
 * positions of the values (pcf__mc_spearman_pos); with one more lognormal of GSD 1 + 1e-13 (whose
 * exponents are too close to rank instead of its samples, and too close for positions) it keeps
 * the values. The run needs 7 x 8 x 1,000 = 56,000 bytes of stage totals and 8,000 of the totals'
 * ranks, 64,000 in all; keeping adds 4 bytes a value and 4 an iteration (positions) or 8 bytes a
 * value. A limit of 64,000 bytes makes it draw again.
 */
static void test_kept_and_redrawn_agree(void **state)
{
    (void)state;
    for (int close = 0; close < 2; close++) {
        model m;
        build_mixed(&m);
        if (close)
            add_term(&m, 1.0, PCF__NO_PARAM,
                     add_factor(&m, 2, PCF_DIST_LOGNORMAL, 1.0 + 1e-13, 0, 0), 2);
        (void)assert_paths_agree(&m, 1000, 77, 64000);
    }
}

/*
 * Positions too close to decide are put in order from their values drawn again (replay_value),
 * and the ranking is still GSL's and the one drawing every value again gives, bit for bit. At
 * 16,384 iterations (PCF__MC_POS_MAX_N) of the mixed model, seed 4, some of the 12 normal
 * parameters have two values on one position (counted here from the reference samples; 5 groups
 * of close positions in all in the run, counted once with a probe in resolve_group). A limit of
 * 7 x 8 + 8 = 64 bytes an iteration (stage totals and the totals' ranks) makes the run draw every
 * value again instead.
 */
static void test_close_positions_agree(void **state)
{
    (void)state;
    model m;
    build_mixed(&m);
    assert_true(assert_paths_agree(&m, PCF__MC_POS_MAX_N, 4, 64 * PCF__MC_POS_MAX_N) > 0);
}

/*
 * The statistics sort each scope's values with the ranking's sort when the run has its arrays
 * (with the ranking, or up to PCF__MC_SORT_WORK_MAX iterations without it) and with gsl_sort
 * otherwise: the same sorted values, so the same statistics bit for bit. 70,000 iterations of
 * the mixed model without the ranking take gsl_sort; with it, the ranking's sort.
 */
static void test_statistics_sorts_agree(void **state)
{
    (void)state;
    model m;
    build_mixed(&m);
    pcf_mc *r[2];
    for (int sens = 0; sens < 2; sens++) {
        pcf_mc_options *o = opts_new(70000, 11, 2);
        assert_int_equal(pcf_mc_options_set_sensitivity(o, sens, NULL), PCF_OK);
        r[sens] = run_ok(&m, o);
        pcf_mc_options_destroy(o);
    }
    for (int st = 0; st < 8; st++) {
        double x = pcf_mc_total_stat(r[0], (pcf_mc_stat)st);
        double y = pcf_mc_total_stat(r[1], (pcf_mc_stat)st);
        assert_memory_equal(&x, &y, sizeof x);
        for (size_t sc = 0; sc < PCF__STAGE_COUNT; sc++) {
            x = pcf_mc_stage_stat(r[0], sc, (pcf_mc_stat)st);
            y = pcf_mc_stage_stat(r[1], sc, (pcf_mc_stat)st);
            assert_memory_equal(&x, &y, sizeof x);
        }
    }
    pcf_mc_destroy(r[0]);
    pcf_mc_destroy(r[1]);
}

/* ---- percentiles, samples, JSON ---- */

/*
 * Total = U, uniform(0, 100): the p-th percentile is p (n = 20,000, SE < 0.35; tolerance 1.5).
 */
static void test_percentiles(void **state)
{
    (void)state;
    model m;
    model_init(&m);
    add_term(&m, 1.0, PCF__NO_PARAM, add_factor(&m, 50, PCF_DIST_UNIFORM, 0, 100, 0), 3);
    pcf_mc_options *o = opts_new(20000, 1, 1);
    const double asked[] = {95, 5, 50};
    assert_int_equal(pcf_mc_options_set_percentiles(o, asked, 3, NULL), PCF_OK);
    pcf_mc *mc = run_ok(&m, o);
    pcf_error err;
    double v = -1;
    assert_int_equal(pcf_mc_total_percentile(mc, 5, &v, &err), PCF_OK);
    assert_double_close(v, 5, 0, 1.5);
    assert_int_equal(pcf_mc_total_percentile(mc, 95, &v, &err), PCF_OK);
    assert_double_close(v, 95, 0, 1.5);
    assert_int_equal(pcf_mc_total_percentile(mc, 2.5, &v, &err), PCF_OK);
    assert_true(v == pcf_mc_total_stat(mc, PCF_MC_P2_5));
    assert_int_equal(pcf_mc_stage_percentile(mc, 3, 50, &v, &err), PCF_OK);
    assert_true(v == pcf_mc_stage_stat(mc, 3, PCF_MC_MEDIAN));
    /* Not asked for and no samples kept. */
    assert_int_equal(pcf_mc_total_percentile(mc, 90, &v, &err), PCF_ERR_NOT_FOUND);
    assert_contains(err.message, "the 90 percentile was not computed");
    assert_contains(err.message, "pcf_mc_options_set_percentiles");
    assert_true(v == 0.0);
    assert_int_equal(pcf_mc_total_percentile(mc, 101, &v, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "percentile 101 is out of range");
    assert_int_equal(pcf_mc_stage_percentile(mc, 6, 50, &v, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "stage 6 is out of range");
    assert_int_equal(pcf_mc_total_percentile(NULL, 50, &v, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_mc_total_percentile(mc, 50, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_null(pcf_mc_total_samples(mc));
    assert_null(pcf_mc_stage_samples(mc, 3));
    pcf_mc_destroy(mc);

    /* With samples kept, any percentile can be asked afterwards. */
    assert_int_equal(pcf_mc_options_set_keep_samples(o, 1, NULL), PCF_OK);
    mc = run_ok(&m, o);
    assert_int_equal(pcf_mc_total_percentile(mc, 90, &v, &err), PCF_OK);
    assert_double_close(v, 90, 0, 1.5);
    assert_int_equal(pcf_mc_stage_percentile(mc, 3, 10, &v, &err), PCF_OK);
    assert_double_close(v, 10, 0, 1.5);
    assert_null(pcf_mc_stage_samples(mc, 6));
    pcf_mc_destroy(mc);
    pcf_mc_options_destroy(o);
}

static double jnum(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    assert_non_null(v);
    return json_number_value(v);
}

static void test_json(void **state)
{
    (void)state;
    model m;
    build_mixed(&m);
    pcf_mc_options *o = opts_new(500, 42, 2);
    assert_int_equal(pcf_mc_options_set_keep_samples(o, 1, NULL), PCF_OK);
    pcf_mc *mc = run_ok(&m, o);
    char *text = NULL;
    pcf_error err;
    assert_int_equal(pcf_mc_to_json(mc, &text, &err), PCF_OK);
    json_error_t jerr;
    json_t *root = json_loads(text, 0, &jerr);
    if (!root)
        print_error("bad JSON at line %d: %s\n", jerr.line, jerr.text);
    assert_non_null(root);
    assert_int_equal(json_integer_value(json_object_get(root, "seed")), 42);
    assert_int_equal(json_integer_value(json_object_get(root, "iterations")), 500);
    assert_string_equal(json_string_value(json_object_get(root, "generator")), "taus2");
    json_t *total = json_object_get(root, "total");
    /* Numbers are written round-trip exact, so they equal the accessors bit for bit. */
    assert_true(jnum(total, "mean") == pcf_mc_total_stat(mc, PCF_MC_MEAN));
    assert_true(jnum(total, "sd") == pcf_mc_total_stat(mc, PCF_MC_SD));
    assert_true(jnum(total, "p97_5") == pcf_mc_total_stat(mc, PCF_MC_P97_5));
    assert_true(jnum(json_object_get(total, "percentiles"), "2.5") ==
                pcf_mc_total_stat(mc, PCF_MC_P2_5));
    json_t *stages = json_object_get(root, "stages");
    assert_int_equal(json_object_size(stages), 6); /* build_mixed uses every stage */
    assert_true(jnum(json_object_get(stages, "end_of_life"), "mean") ==
                pcf_mc_stage_stat(mc, 5, PCF_MC_MEAN));
    json_t *params = json_object_get(json_object_get(root, "sensitivity"), "params");
    assert_int_equal(json_array_size(params), pcf_mc_sensitivity_count(mc));
    assert_true(jnum(json_array_get(params, 0), "variance_share") ==
                pcf_mc_sensitivity_share(mc, 0));
    json_t *samples = json_object_get(json_object_get(root, "samples"), "total");
    assert_int_equal(json_array_size(samples), 500);
    assert_true(json_number_value(json_array_get(samples, 499)) == pcf_mc_total_samples(mc)[499]);
    json_decref(root);
    pcf_free(text);
    pcf_mc_destroy(mc);

    /* A seed above 2^53 is a string; stages without terms are left out; CV of 0 mean is null. */
    model z;
    model_init(&z);
    add_term(&z, 1.0, PCF__NO_PARAM, add_factor(&z, 0, PCF_DIST_NORMAL, 1, 0, 0), 2);
    assert_int_equal(pcf_mc_options_set_seed(o, UINT64_MAX, NULL), PCF_OK);
    assert_int_equal(pcf_mc_options_set_keep_samples(o, 0, NULL), PCF_OK);
    mc = run_ok(&z, o);
    assert_int_equal(pcf_mc_to_json(mc, &text, &err), PCF_OK);
    assert_contains(text, "\"seed\": \"18446744073709551615\"");
    root = json_loads(text, 0, &jerr);
    assert_non_null(root);
    assert_int_equal(json_object_size(json_object_get(root, "stages")), 1);
    assert_null(json_object_get(root, "samples"));
    json_decref(root);
    pcf_free(text);
    assert_int_equal(pcf_mc_to_json(NULL, &text, &err), PCF_ERR_INVALID_ARG);
    assert_null(text);
    assert_int_equal(pcf_mc_to_json(mc, NULL, &err), PCF_ERR_INVALID_ARG);
    pcf_mc_destroy(mc);
    pcf_mc_options_destroy(o);
}

/*
 * The reports with a Monte Carlo run (pcf_report_text_mc, pcf_report_json_mc) on the system of
 * test_run_on_resolved_system: deterministic materials 2 × 1.9 = 3.8, production 10 × 0.5 = 5,
 * total 8.8 kg CO2e; the uncertainty table sits between the top contributors and the audit trail,
 * and the JSON document carries pcf_mc_to_json() as its last member.
 */
static void report_with_mc(const pcf_system *sys, const pcf_mc *mc)
{
    pcf_error err;
    pcf_result *r = NULL;
    assert_int_equal(pcf_calculate(sys, &r, &err), PCF_OK);
    char *plain = NULL, *text = NULL, *json = NULL;
    assert_int_equal(pcf_report_text(r, 10, &plain, &err), PCF_OK);
    assert_int_equal(pcf_report_text_mc(r, NULL, 10, &text, &err), PCF_OK);
    assert_string_equal(text, plain); /* without a run: the plain report */
    pcf_free(text);
    assert_int_equal(pcf_report_text_mc(r, mc, 10, &text, &err), PCF_OK);
    const char *unc = strstr(text, "Uncertainty (Monte Carlo: 20000 iterations, seed 2026, "
                                   "generator taus2), kg CO2e\n");
    const char *top = strstr(text, "Top 2 contributors:");
    const char *audit = strstr(text, "Audit trail");
    assert_true(top && unc && audit && top < unc && unc < audit);
    /* the rows: name, deterministic value, then the statistics */
    assert_non_null(strstr(unc, "\nmaterials              3.8 "));
    assert_non_null(strstr(unc, "\nproduction               5 "));
    assert_non_null(strstr(unc, "\ntotal                  8.8 "));
    assert_null(strstr(unc, "\ntransport ")); /* nothing in either calculation: left out */
    assert_non_null(strstr(unc, "  1. "));
    assert_non_null(strstr(unc, "amount of Steel \"special\""));
    /* the plain report is the same text without the uncertainty section */
    size_t head = (size_t)(unc - text);
    assert_int_equal(strncmp(text, plain, head), 0);
    assert_string_equal(audit, plain + head);
    pcf_free(text);
    pcf_free(plain);

    assert_int_equal(pcf_report_json_mc(r, mc, &json, &err), PCF_OK);
    json_t *root = json_loads(json, 0, NULL);
    assert_non_null(root);
    assert_double_close(json_number_value(json_object_get(root, "total_kg_co2e")), 8.8, 1e-12, 0);
    json_t *m = json_object_get(root, "monte_carlo");
    assert_int_equal(json_integer_value(json_object_get(m, "iterations")), 20000);
    assert_true(json_number_value(json_object_get(json_object_get(m, "total"), "mean")) ==
                pcf_mc_total_stat(mc, PCF_MC_MEAN));
    /* the last member */
    const char *key, *last = NULL;
    json_t *v;
    json_object_foreach(root, key, v) last = key;
    assert_string_equal(last, "monte_carlo");
    json_decref(root);
    pcf_free(json);
    char *plain_json = NULL;
    assert_int_equal(pcf_report_json_mc(r, NULL, &json, &err), PCF_OK);
    assert_int_equal(pcf_report_json(r, &plain_json, &err), PCF_OK);
    assert_string_equal(json, plain_json);
    pcf_free(json);
    pcf_free(plain_json);
    assert_int_equal(pcf_report_text_mc(NULL, mc, 10, &text, &err), PCF_ERR_INVALID_ARG);
    assert_null(text);
    assert_int_equal(pcf_report_json_mc(r, mc, NULL, &err), PCF_ERR_INVALID_ARG);
    pcf_result_destroy(r);
}

/*
 * End to end through the public API: a model (own factors, so no database) → pcf_system_resolve
 * → pcf_mc_run. Materials: 2 kg × 1.9 kgCO2e/kg, amount lognormal GSD 1.5 → mean
 * 3.8·exp(ln²1.5/2) = 4.125561, var 3.8²·e^{s²}(e^{s²}-1) = 3.041312. Production: 10 kWh
 * (normal sd 0.1) × 0.5 kgCO2e/kWh → mean 5, var 0.5²·0.1² = 0.0025. Total mean 9.125561
 * (deterministic 8.8), sd √3.043812 = 1.744653. n = 20,000: SE of the mean 0.012 (tolerance
 * 0.06), relative SE of the sd about 1% (tolerance 4%).
 */
static void test_run_on_resolved_system(void **state)
{
    (void)state;
    const char *json =
        "{\"pcf_model\": 1, \"products\": [{\"id\": \"p\", \"declared_unit\": {\"amount\": 1, "
        "\"unit\": \"item\"}, \"stages\": {\"materials\": [{\"name\": \"Steel \\\"special\\\"\", "
        "\"amount\": 2, \"unit\": \"kg\", \"factor\": {\"value\": 1.9, \"unit\": \"kgCO2e/kg\", "
        "\"source\": \"test\"}, \"uncertainty\": {\"dist\": \"lognormal\", \"gsd\": 1.5}}], "
        "\"production\": [{\"name\": \"Power\", \"amount\": 10, \"unit\": \"kWh\", \"factor\": "
        "{\"value\": 0.5, \"unit\": \"kgCO2e/kWh\", \"source\": \"test\"}, \"uncertainty\": "
        "{\"dist\": \"normal\", \"sd\": 0.1}}]}}]}";
    pcf_error err;
    pcf_model *pm = NULL;
    pcf_system *sys = NULL;
    if (pcf_model_read_string(json, "test.json", &pm, &err) != PCF_OK)
        print_error("%s\n", err.message);
    assert_non_null(pm);
    if (pcf_system_resolve(pm, NULL, (pcf_gwp_set)0, NULL, &sys, &err) != PCF_OK)
        print_error("%s\n", err.message);
    assert_non_null(sys);
    pcf_mc_options *o = opts_new(20000, 2026, 2);
    pcf_mc *mc = NULL;
    assert_int_equal(pcf_mc_run(sys, o, &mc, &err), PCF_OK);
    assert_double_close(pcf_mc_total_stat(mc, PCF_MC_MEAN), 9.125561, 0, 0.06);
    assert_double_close(pcf_mc_total_stat(mc, PCF_MC_SD), 1.744653, 0.04, 0);
    assert_double_close(pcf_mc_stage_stat(mc, PCF_STAGE_MATERIALS, PCF_MC_MEAN), 4.125561, 0, 0.06);
    assert_double_close(pcf_mc_stage_stat(mc, PCF_STAGE_PRODUCTION, PCF_MC_MEAN), 5.0, 0, 0.02);
    /* Two varying parameters; the steel amount drives almost all the variance. */
    assert_int_equal(pcf_mc_sensitivity_count(mc), 2);
    assert_int_equal(pcf_mc_sensitivity_kind(mc, 0), PCF_MC_PARAM_AMOUNT);
    assert_contains(pcf_mc_sensitivity_name(mc, 0), "amount of Steel \"special\"");
    assert_true(pcf_mc_sensitivity_share(mc, 0) > 0.9);
    assert_null(pcf_mc_sensitivity_name(mc, 2));
    char *text = NULL;
    assert_int_equal(pcf_mc_to_json(mc, &text, &err), PCF_OK);
    json_error_t jerr;
    json_t *root = json_loads(text, 0, &jerr);
    assert_non_null(root);
    json_t *first =
        json_array_get(json_object_get(json_object_get(root, "sensitivity"), "params"), 0);
    assert_contains(json_string_value(json_object_get(first, "name")), "Steel \"special\"");
    json_decref(root);
    pcf_free(text);
    report_with_mc(sys, mc);
    pcf_mc_destroy(mc);
    pcf_mc_options_destroy(o);
    pcf_system_destroy(sys);
    pcf_model_destroy(pm);

    /* Hand-built cores have no names. */
    model m;
    build_mixed(&m);
    mc = run_ok(&m, NULL);
    assert_string_equal(pcf_mc_sensitivity_name(mc, 0), "");
    pcf_mc_destroy(mc);
}

/*
 * Distributions given in the model file for an own factor and as pedigree scores.
 * Own factor: 10 kWh × 500 gCO2e/kWh with normal sd 50 gCO2e/kWh → mean 5 kg CO2e, sd 10 × 0.05
 * = 0.5 kg (the sd is scaled from g to kg like the value; a bug once dropped it, giving sd 0).
 * Pedigree: 2 kg × 1.9 kgCO2e/kg, scores (5,5,5,5,5) with U_b = 1.279² (docs/methods.md#rc-1):
 * σ_ln = ½·√(ln²1.635841 + ln²1.5 + ln²1.2 + ln²1.5 + ln²1.1 + ln²2) = 0.522925, GSD 1.686954;
 * median 3.8, mean 3.8·exp(σ²/2) = 4.356749, sd 2.443246 (SE of the mean at n = 20,000: 0.017).
 */
static void test_model_file_distributions(void **state)
{
    (void)state;
    const char *json =
        "{\"pcf_model\": 1, \"products\": [{\"id\": \"p\", \"declared_unit\": {\"amount\": 1, "
        "\"unit\": \"item\"}, \"stages\": {\"production\": [{\"name\": \"Power\", \"amount\": 10, "
        "\"unit\": \"kWh\", \"factor\": {\"value\": 500, \"unit\": \"gCO2e/kWh\", \"uncertainty\": "
        "{\"dist\": \"normal\", \"sd\": 50}}}], \"materials\": [{\"name\": \"Steel\", \"amount\": "
        "2, "
        "\"unit\": \"kg\", \"factor\": {\"value\": 1.9, \"unit\": \"kgCO2e/kg\"}, "
        "\"uncertainty\": {\"pedigree\": [5, 5, 5, 5, 5], \"basic_uncertainty\": 1.635841}}]}}]}";
    pcf_error err;
    pcf_model *pm = NULL;
    pcf_system *sys = NULL;
    assert_int_equal(pcf_model_read_string(json, "dist.json", &pm, &err), PCF_OK);
    if (pcf_system_resolve(pm, NULL, (pcf_gwp_set)0, NULL, &sys, &err) != PCF_OK)
        print_error("%s\n", err.message);
    assert_non_null(sys);
    pcf_mc_options *o = opts_new(20000, 7, 2);
    pcf_mc *mc = NULL;
    assert_int_equal(pcf_mc_run(sys, o, &mc, &err), PCF_OK);
    assert_double_close(pcf_mc_stage_stat(mc, PCF_STAGE_PRODUCTION, PCF_MC_MEAN), 5.0, 0, 0.01);
    assert_double_close(pcf_mc_stage_stat(mc, PCF_STAGE_PRODUCTION, PCF_MC_SD), 0.5, 0.03, 0);
    assert_double_close(pcf_mc_stage_stat(mc, PCF_STAGE_MATERIALS, PCF_MC_MEDIAN), 3.8, 0.02, 0);
    assert_double_close(pcf_mc_stage_stat(mc, PCF_STAGE_MATERIALS, PCF_MC_MEAN), 4.356749, 0, 0.07);
    assert_double_close(pcf_mc_stage_stat(mc, PCF_STAGE_MATERIALS, PCF_MC_SD), 2.443246, 0.05, 0);
    pcf_mc_destroy(mc);
    pcf_mc_options_destroy(o);
    pcf_system_destroy(sys);
    pcf_model_destroy(pm);

    /* Misused pedigree scores: each refused at its path. */
    static const struct {
        const char *unc, *path, *message;
    } bad[] = {
        {"{\"pedigree\": [1, 2, 3, 4]}", "$.products[0].stages.materials[0].uncertainty.pedigree",
         "must be 5 scores from 1 to 5"},
        {"{\"pedigree\": [1, 2, 3, 4, 6]}",
         "$.products[0].stages.materials[0].uncertainty.pedigree", "must be 5 scores from 1 to 5"},
        {"{\"dist\": \"normal\", \"pedigree\": [1, 1, 1, 1, 1]}",
         "$.products[0].stages.materials[0].uncertainty.pedigree", "give the GSD of a lognormal"},
        {"{\"dist\": \"lognormal\", \"gsd\": 1.2, \"pedigree\": [1, 1, 1, 1, 1]}",
         "$.products[0].stages.materials[0].uncertainty.pedigree", "without \"gsd\""},
        {"{\"pedigree\": [1, 1, 1, 1, 1], \"basic_uncertainty\": 0.5}",
         "$.products[0].stages.materials[0].uncertainty.pedigree", "basic"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[1024];
        snprintf(text, sizeof text,
                 "{\"pcf_model\": 1, \"products\": [{\"id\": \"p\", \"declared_unit\": "
                 "{\"amount\": 1, \"unit\": \"item\"}, \"stages\": {\"materials\": [{\"name\": "
                 "\"Steel\", \"amount\": 2, \"unit\": \"kg\", \"factor\": {\"value\": 1.9, "
                 "\"unit\": \"kgCO2e/kg\"}, \"uncertainty\": %s}]}}]}",
                 bad[i].unc);
        assert_int_equal(pcf_model_read_string(text, NULL, &pm, &err), PCF_OK);
        pcf_diag *diag = NULL;
        assert_int_equal(pcf_diag_create(&diag), PCF_OK);
        assert_int_not_equal(pcf_system_resolve(pm, NULL, (pcf_gwp_set)0, diag, &sys, &err),
                             PCF_OK);
        assert_null(sys);
        assert_int_equal(pcf_diag_error_count(diag), 1);
        const pcf_error *e = pcf_diag_at(diag, 0);
        assert_string_equal(e->path, bad[i].path);
        assert_contains(e->message, bad[i].message);
        pcf_diag_destroy(diag);
        pcf_model_destroy(pm);
    }
}

/* ---- progress and cancellation ---- */

typedef struct progress_log {
    size_t calls;
    size_t last_done;
    size_t total;
    int monotonic;
    size_t cancel_after; /* cancel on this call (1-based); 0 never */
    int cancel_at_end;   /* cancel on the call that reports done == total */
} progress_log;

static int on_progress(size_t done, size_t total, void *userdata)
{
    progress_log *p = userdata;
    p->calls++;
    if (done < p->last_done || done > total)
        p->monotonic = 0;
    p->last_done = done;
    p->total = total;
    if (p->cancel_at_end && done == total)
        return 1;
    return p->cancel_after && p->calls >= p->cancel_after;
}

static void test_progress_and_cancel(void **state)
{
    (void)state;
    model m;
    build_mixed(&m);
    for (size_t threads = 1; threads <= 2; threads++) {
        pcf_mc_options *o = opts_new(5000, 1, threads);
        progress_log log = {0, 0, 0, 1, 0, 0};
        assert_int_equal(pcf_mc_options_set_progress(o, on_progress, &log, NULL), PCF_OK);
        pcf_mc *mc = run_ok(&m, o);
        /* 40 chunks: with one thread a call after each and one at the end; with two, the calling
         * thread may run few chunks (or none), but the completion call always comes. */
        assert_true(threads == 1 ? log.calls == 41 : log.calls >= 1);
        assert_true(log.monotonic);
        assert_int_equal(log.last_done, 5000); /* the last call reports completion */
        assert_int_equal(log.total, 5000);
        pcf_mc_destroy(mc);

        /* Cancel on the first call. */
        progress_log stop = {0, 0, 0, 1, 1, 0};
        assert_int_equal(pcf_mc_options_set_progress(o, on_progress, &stop, NULL), PCF_OK);
        pcf_error err;
        mc = (pcf_mc *)&stop; /* must be reset to NULL */
        assert_int_equal(pcf__mc_run_core(&m.core, o, &mc, &err), PCF_ERR_CANCELLED);
        assert_null(mc);
        assert_int_equal(stop.calls, 1);
        /* With two threads the calling thread may run no chunk, so its first call can be the
         * completion call: either way the run is cancelled by the callback. */
        assert_contains(err.message, "the Monte Carlo run was cancelled");
        assert_contains(err.message, "by its progress callback");

        /* Cancel on the final (completion) call. */
        progress_log late = {0, 0, 0, 1, 0, 1};
        assert_int_equal(pcf_mc_options_set_progress(o, on_progress, &late, NULL), PCF_OK);
        assert_int_equal(pcf__mc_run_core(&m.core, o, &mc, &err), PCF_ERR_CANCELLED);
        assert_null(mc);
        assert_int_equal(late.last_done, 5000);
        assert_contains(err.message, "cancelled");

        /* A run that fails its checks never calls the callback. */
        progress_log none = {0, 0, 0, 1, 0, 0};
        assert_int_equal(pcf_mc_options_set_progress(o, on_progress, &none, NULL), PCF_OK);
        model bad;
        build_mixed(&bad);
        bad.p[0].p[0] = 0.5;
        assert_int_equal(pcf__mc_run_core(&bad.core, o, &mc, &err), PCF_ERR_INVALID_ARG);
        assert_int_equal(none.calls, 0);
        pcf_mc_options_destroy(o);
    }
}

/* ---- invalid options and systems ---- */

static void test_invalid_options(void **state)
{
    (void)state;
    pcf_error err;
    assert_int_equal(pcf_mc_options_create(NULL, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "out is NULL");
    pcf_mc_options *o = NULL;
    assert_int_equal(pcf_mc_options_create(&o, &err), PCF_OK);

    assert_int_equal(pcf_mc_options_set_iterations(o, 0, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "0 Monte Carlo iterations is out of range: use 2 to 100000000");
    assert_int_equal(pcf_mc_options_set_iterations(o, 1, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_mc_options_set_iterations(o, pcf_mc_max_iterations() + 1, &err),
                     PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_mc_options_set_iterations(o, pcf_mc_max_iterations(), &err), PCF_OK);
    assert_int_equal(pcf_mc_options_set_threads(o, 0, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "0 threads is out of range: use 1 to 256");
    assert_int_equal(pcf_mc_options_set_threads(o, pcf_mc_max_threads() + 1, &err),
                     PCF_ERR_INVALID_ARG);
    const double bad1[] = {5, 101};
    assert_int_equal(pcf_mc_options_set_percentiles(o, bad1, 2, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "percentile 101 (item 1) is out of range");
    const double bad2[] = {NAN};
    assert_int_equal(pcf_mc_options_set_percentiles(o, bad2, 1, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "percentile nan (item 0)");
    const double bad3[] = {-1};
    assert_int_equal(pcf_mc_options_set_percentiles(o, bad3, 1, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_mc_options_set_percentiles(o, NULL, 2, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "percents is NULL but count is 2");
    double many[65] = {0};
    assert_int_equal(pcf_mc_options_set_percentiles(o, many, 65, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "at most 64");
    assert_int_equal(pcf_mc_options_set_percentiles(o, NULL, 0, &err), PCF_OK);
    assert_int_equal(pcf_mc_options_set_keep_samples(o, 2, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "keep is 2; use 0 or 1");
    assert_int_equal(pcf_mc_options_set_sensitivity(o, -1, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "on is -1; use 0 or 1");

    /* NULL options object. */
    assert_int_equal(pcf_mc_options_set_iterations(NULL, 10, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "pcf_mc_options_set_iterations: opts is NULL");
    assert_int_equal(pcf_mc_options_set_seed(NULL, 1, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_mc_options_set_threads(NULL, 1, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_mc_options_set_percentiles(NULL, NULL, 0, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_mc_options_set_keep_samples(NULL, 1, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_mc_options_set_sensitivity(NULL, 1, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_mc_options_set_progress(NULL, NULL, NULL, &err), PCF_ERR_INVALID_ARG);
    pcf_mc_options_destroy(o);
    pcf_mc_options_destroy(NULL);

    assert_int_equal(pcf_mc_chunk_size(), 128);
    assert_int_equal(pcf_mc_max_threads(), 256);
    assert_int_equal(pcf_mc_max_iterations(), 100000000);
}

static void test_invalid_system(void **state)
{
    (void)state;
    pcf_error err;
    pcf_mc *mc = NULL;
    model m;
    build_mixed(&m);
    assert_int_equal(pcf__mc_run_core(NULL, NULL, &mc, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "sys is NULL");
    assert_int_equal(pcf__mc_run_core(&m.core, NULL, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "out is NULL");
    assert_int_equal(pcf_mc_run(NULL, NULL, &mc, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "sys is NULL");

    /* A negative GSD on factor parameter 1 (label 1). */
    m.p[1].dist = PCF_DIST_LOGNORMAL;
    m.p[1].p[0] = -1.5;
    assert_int_equal(pcf__mc_run_core(&m.core, NULL, &mc, &err), PCF_ERR_INVALID_ARG);
    assert_null(mc);
    assert_contains(err.message, "parameter 1 (factor 1) has an invalid distribution");
    assert_contains(err.message, "lognormal GSD -1.5 is invalid");

    /* Valid but too wide: factor 1 (steel) with a normal sd of 1e308 multiplies, among others,
     * amount 2 with coefficient 0.75 (term 1), so a draw of 2 + 1e308·z gives a term beyond the
     * range of a double whenever |z| > 1/1.5 — about half the draws, so a 1,000-iteration run
     * meets one at once. The run used to print inf percentiles and succeed. */
    build_mixed(&m);
    m.p[1].dist = PCF_DIST_NORMAL;
    m.p[1].p[0] = 1e308;
    m.p[1].value = 2;
    pcf_mc_options *wide = opts_new(1000, 1, 1);
    assert_int_equal(pcf__mc_run_core(&m.core, wide, &mc, &err), PCF_ERR_INVALID_ARG);
    pcf_mc_options_destroy(wide);
    assert_null(mc);
    assert_contains(err.message, "that is not a finite number");
    assert_contains(err.message, "too wide to compute with");

    /* min > max on an amount. */
    build_mixed(&m);
    m.p[5].dist = PCF_DIST_UNIFORM;
    m.p[5].p[0] = 4;
    m.p[5].p[1] = 1;
    assert_int_equal(pcf__mc_run_core(&m.core, NULL, &mc, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "parameter 5 (amount of activity 5)");
    assert_contains(err.message, "uniform (min 4, max 1) is invalid");

    build_mixed(&m);
    m.t[2].factor = 999;
    assert_int_equal(pcf__mc_run_core(&m.core, NULL, &mc, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "term 2 (activity 2) refers to parameter 999");

    build_mixed(&m);
    m.t[3].stage = 6;
    assert_int_equal(pcf__mc_run_core(&m.core, NULL, &mc, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "term 3 (activity 3) has stage 6");

    build_mixed(&m);
    m.t[0].coef = NAN;
    assert_int_equal(pcf__mc_run_core(&m.core, NULL, &mc, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "term 0 (activity 0) has a coefficient nan that is not finite");

    build_mixed(&m);
    m.core.params = NULL;
    assert_int_equal(pcf__mc_run_core(&m.core, NULL, &mc, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "parameters but no array");

    /* Accessors on NULL. */
    assert_int_equal(pcf_mc_iterations(NULL), 0);
    assert_int_equal(pcf_mc_seed(NULL), 0);
    assert_null(pcf_mc_generator(NULL));
    assert_int_equal(pcf_mc_stage_count(NULL), 0);
    assert_true(isnan(pcf_mc_total_stat(NULL, PCF_MC_MEAN)));
    assert_true(isnan(pcf_mc_stage_stat(NULL, 0, PCF_MC_MEAN)));
    assert_null(pcf_mc_total_samples(NULL));
    assert_null(pcf_mc_stage_samples(NULL, 0));
    assert_int_equal(pcf_mc_sensitivity_count(NULL), 0);
    pcf_mc_destroy(NULL);
}

/* An empty system (no terms) and default options: every statistic is 0. */
/*
 * The memory a run needs is added up and checked before anything is allocated. Two uncertain
 * factors, 100,000 iterations: the stage totals take 7 scopes x 8 bytes x 100,000 = 5.6 MB; the
 * ranking adds 8 x 100,000 = 0.8 MB of the totals' ranks (it draws the parameters' samples
 * again when keeping them, 8 x 2 x 100,000 = 1.6 MB more, would pass the limit), 6.4 MB in all. A
 * limit of 5 MB refuses the run with the ranking (naming both figures) and without it; 6 MB lets it
 * through without the ranking (5.6 MB) and refuses it with the ranking; 7 MB lets it through.
 */
static void test_memory_limit(void **state)
{
    (void)state;
    model m;
    model_init(&m);
    add_term(&m, 1.0, PCF__NO_PARAM, add_factor(&m, 2, PCF_DIST_LOGNORMAL, 1.5, 0, 0), 0);
    add_term(&m, 1.0, PCF__NO_PARAM, add_factor(&m, 5, PCF_DIST_NORMAL, 0.5, 0, 0), 1);
    pcf_mc_options *o = opts_new(100000, 3, 1);
    pcf_error err;
    pcf_mc *mc = NULL;
    assert_int_equal(pcf_mc_options_set_memory_limit(o, 5000000, &err), PCF_OK);
    assert_int_equal(pcf__mc_run_core(&m.core, o, &mc, &err), PCF_ERR_NOMEM);
    assert_null(mc);
    assert_non_null(
        strstr(err.message, "100000 iterations with the sensitivity ranking needs 6 MB"));
    assert_non_null(strstr(err.message, "may use 5 MB (pcf_mc_options_set_memory_limit)"));
    assert_non_null(strstr(err.message, "turn the ranking off"));
    assert_int_equal(pcf_mc_options_set_memory_limit(o, 6000000, &err), PCF_OK);
    assert_int_equal(pcf__mc_run_core(&m.core, o, &mc, &err), PCF_ERR_NOMEM);
    assert_int_equal(pcf_mc_options_set_sensitivity(o, 0, &err), PCF_OK);
    mc = run_ok(&m, o);
    pcf_mc_destroy(mc);
    assert_int_equal(pcf_mc_options_set_sensitivity(o, 1, &err), PCF_OK);
    assert_int_equal(pcf_mc_options_set_memory_limit(o, 7000000, &err), PCF_OK);
    mc = run_ok(&m, o);
    pcf_mc_destroy(mc);
    /* exactly 6,400,000 bytes fits; one byte less is refused, and as both round to 6 MB the
     * message gives bytes (it said "needs 6 MB and may use 6 MB") */
    assert_int_equal(pcf_mc_options_set_memory_limit(o, 6400000, &err), PCF_OK);
    mc = run_ok(&m, o);
    pcf_mc_destroy(mc);
    assert_int_equal(pcf_mc_options_set_memory_limit(o, 6399999, &err), PCF_OK);
    assert_int_equal(pcf__mc_run_core(&m.core, o, &mc, &err), PCF_ERR_NOMEM);
    assert_non_null(strstr(err.message, "needs 6400000 bytes and may use 6399999 bytes"));
    /* 0 goes back to the physical memory, which a 100,000-iteration run fits */
    assert_int_equal(pcf_mc_options_set_memory_limit(o, 0, &err), PCF_OK);
    mc = run_ok(&m, o);
    pcf_mc_destroy(mc);
    assert_int_equal(pcf_mc_options_set_memory_limit(NULL, 1, &err), PCF_ERR_INVALID_ARG);
    pcf_mc_options_destroy(o);
}

/*
 * Every uncertain parameter draws from its own stream in every chunk of 128 iterations, and a run
 * has at most 2^30 distinct streams: 100,000,000 iterations (781,250 chunks) of 1,375 parameters
 * need 1,074,218,750 > 1,073,741,824 and are refused before anything is allocated; 1,374
 * parameters (1,073,437,500 streams) pass that check (and are then refused by a 1 kB memory limit,
 * so that nothing is sampled).
 */
static void test_stream_limit(void **state)
{
    (void)state;
    static pcf__param ps[1375];
    pcf__term t;
    memset(&t, 0, sizeof t);
    t.coef = 1.0;
    t.amount = PCF__NO_PARAM;
    for (uint32_t j = 0; j < 1375; j++) {
        memset(&ps[j], 0, sizeof ps[j]);
        ps[j].value = 2;
        ps[j].dist = PCF_DIST_UNIFORM;
        ps[j].p[0] = 1;
        ps[j].p[1] = 3;
        ps[j].kind = PCF__PARAM_FACTOR;
        ps[j].label = j;
    }
    pcf__system_core core;
    memset(&core, 0, sizeof core);
    core.params = ps;
    core.n_params = 1375;
    core.terms = &t;
    core.n_terms = 1;
    pcf_mc_options *o = opts_new(100000000, 3, 1);
    pcf_error err;
    pcf_mc *mc = NULL;
    assert_int_equal(pcf_mc_options_set_memory_limit(o, 1000, &err), PCF_OK);
    assert_int_equal(pcf__mc_run_core(&core, o, &mc, &err), PCF_ERR_INVALID_ARG);
    assert_null(mc);
    assert_string_equal(err.message,
                        "a Monte Carlo run of 100000000 iterations of 1375 uncertain parameters "
                        "needs 1375 x 781250 random streams (one per parameter and chunk of 128 "
                        "iterations), more than the 1073741824 distinct ones it can draw; run "
                        "fewer iterations");
    core.n_params = 1374;
    assert_int_equal(pcf__mc_run_core(&core, o, &mc, &err), PCF_ERR_NOMEM);
    assert_null(mc);
    pcf_mc_options_destroy(o);
}

static void test_empty_and_defaults(void **state)
{
    (void)state;
    model m;
    model_init(&m);
    pcf_mc *mc = run_ok(&m, NULL);
    assert_int_equal(pcf_mc_iterations(mc), 10000);
    assert_int_equal(pcf_mc_seed(mc), 1);
    assert_int_equal(pcf_mc_stage_count(mc), 6);
    assert_true(pcf_mc_total_stat(mc, PCF_MC_MEAN) == 0.0);
    assert_true(pcf_mc_total_stat(mc, PCF_MC_SD) == 0.0);
    assert_true(isnan(pcf_mc_total_stat(mc, (pcf_mc_stat)8)));
    assert_true(isnan(pcf_mc_stage_stat(mc, 6, PCF_MC_MEAN)));
    assert_int_equal(pcf_mc_sensitivity_count(mc), 0);
    pcf_mc_destroy(mc);
}

/*
 * The result's accessors refuse what they cannot answer: NULL handles and outputs, a stage or
 * rank past the end, a percent outside 0..100, a percentile neither asked for nor computable from
 * kept samples. A model whose one factor is fixed at 2 kg CO2e (stage 1, no uncertain parameter)
 * gives 2 in every iteration, so any percentile is exactly 2 and nothing is ranked; an empty
 * model's JSON has no stages.
 */
static void test_result_refusals(void **state)
{
    (void)state;
    model m;
    model_init(&m);
    add_term(&m, 1.0, PCF__NO_PARAM, add_factor(&m, 2, PCF_DIST_FIXED, 0, 0, 0), 1);
    pcf_mc_options *o = opts_new(100, 3, 1);
    pcf_mc *mc = run_ok(&m, o);
    pcf_error err;
    double v = 9;
    assert_true(isnan(pcf_mc_total_stat(NULL, PCF_MC_MEAN)));
    assert_true(isnan(pcf_mc_total_stat(mc, (pcf_mc_stat)-1)));
    assert_true(pcf_mc_total_stat(mc, PCF_MC_MEAN) == 2.0);
    assert_int_equal(pcf_mc_total_percentile(NULL, 50, &v, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_mc_total_percentile: mc is NULL");
    assert_true(v == 0.0);
    assert_int_equal(pcf_mc_total_percentile(mc, 50, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_mc_total_percentile: out is NULL");
    assert_int_equal(pcf_mc_total_percentile(mc, NAN, &v, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_mc_total_percentile(mc, 100.5, &v, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message,
                        "percentile 100.5 is out of range: give a percent between 0 and 100");
    assert_int_equal(pcf_mc_stage_percentile(NULL, 1, 50, &v, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_mc_stage_percentile: mc is NULL");
    assert_int_equal(pcf_mc_stage_percentile(mc, 1, 50, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_mc_stage_percentile: out is NULL");
    assert_int_equal(pcf_mc_stage_percentile(mc, 6, 50, &v, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "stage 6 is out of range: use 0 to 5");
    assert_int_equal(pcf_mc_stage_percentile(mc, 1, -1, &v, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message,
                        "percentile -1 is out of range: give a percent between 0 and 100");
    /* 37 % is not among the default percentiles and the samples were not kept */
    assert_int_equal(pcf_mc_stage_percentile(mc, 1, 37, &v, &err), PCF_ERR_NOT_FOUND);
    assert_string_equal(err.message, "the 37 percentile was not computed: ask for it with "
                                     "pcf_mc_options_set_percentiles() or keep the samples");
    /* nothing ranked: every rank is past the end */
    assert_int_equal(pcf_mc_sensitivity_count(mc), 0);
    assert_int_equal(pcf_mc_sensitivity_param(mc, 0), SIZE_MAX);
    assert_int_equal(pcf_mc_sensitivity_kind(mc, 0), PCF_MC_PARAM_AMOUNT);
    assert_int_equal(pcf_mc_sensitivity_label(NULL, 0), SIZE_MAX);
    assert_null(pcf_mc_sensitivity_name(mc, 0));
    assert_true(isnan(pcf_mc_sensitivity_spearman(mc, 0)));
    assert_true(isnan(pcf_mc_sensitivity_share(NULL, 0)));
    char *json = NULL;
    assert_int_equal(pcf_mc_to_json(mc, &json, &err), PCF_OK);
    assert_non_null(strstr(json, "\"params\": []}"));
    free(json);
    /* no result, a statistic past the end or a percent that is no number: NaN, SIZE_MAX, NULL or
     * a refusal, never a read past the end */
    assert_true(isnan(pcf_mc_total_stat(mc, (pcf_mc_stat)99)));
    /* a fixed factor of 2 in stage 1: every statistic of the stage is 2, its sd 0 */
    assert_true(pcf_mc_stage_stat(mc, 1, PCF_MC_MEAN) == 2.0);
    assert_true(pcf_mc_stage_stat(mc, 1, PCF_MC_SD) == 0.0);
    assert_int_equal(pcf_mc_stage_percentile(mc, 1, NAN, &v, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message,
                        "percentile nan is out of range: give a percent between 0 and 100");
    assert_true(v == 0.0);
    assert_int_equal(pcf_mc_sensitivity_count(NULL), 0);
    assert_int_equal(pcf_mc_sensitivity_param(NULL, 0), SIZE_MAX);
    assert_int_equal(pcf_mc_sensitivity_kind(NULL, 0), PCF_MC_PARAM_AMOUNT);
    assert_int_equal(pcf_mc_sensitivity_label(mc, 0), SIZE_MAX);
    assert_null(pcf_mc_sensitivity_name(NULL, 0));
    assert_true(isnan(pcf_mc_sensitivity_spearman(NULL, 0)));
    assert_null(pcf_mc_total_samples(NULL));
    assert_null(pcf_mc_stage_samples(NULL, 0));
    assert_int_equal(pcf_mc_stage_count(NULL), 0);
    pcf_mc_destroy(mc);

    /* with the samples kept, 37 % is read from them: every sample is 2 */
    assert_int_equal(pcf_mc_options_set_keep_samples(o, 1, &err), PCF_OK);
    mc = run_ok(&m, o);
    assert_int_equal(pcf_mc_stage_percentile(mc, 1, 37, &v, &err), PCF_OK);
    assert_true(v == 2.0);
    assert_int_equal(pcf_mc_total_percentile(mc, 37, &v, &err), PCF_OK);
    assert_true(v == 2.0);
    pcf_mc_destroy(mc);

    /* an empty model: no stage in the JSON */
    model e;
    model_init(&e);
    mc = run_ok(&e, o);
    assert_int_equal(pcf_mc_to_json(mc, &json, &err), PCF_OK);
    assert_non_null(strstr(json, "\"stages\": {},\n"));
    free(json);
    pcf_mc_destroy(mc);
    pcf_mc_options_destroy(o);
}

/*
 * A system the resolver could never hand over is refused with what is wrong: terms without an
 * array, a term naming a parameter past the end. Parameters that cannot vary (a lognormal with
 * GSD 1 or value 0, a normal with sd 0) take no random number: the total is exact (2 x 3 + 0 + 5
 * = 11 kg in every iteration, sd 0) and nothing is ranked.
 */
static void test_core_refused_and_constant(void **state)
{
    (void)state;
    pcf_mc *mc = NULL;
    pcf_error err;
    pcf__system_core bare;
    memset(&bare, 0, sizeof bare);
    bare.n_terms = 1;
    assert_int_equal(pcf__mc_run_core(&bare, NULL, &mc, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "the system has 1 terms but no array");
    model m;
    model_init(&m);
    add_term(&m, 1.0, PCF__NO_PARAM, add_factor(&m, 2, PCF_DIST_FIXED, 0, 0, 0), 0);
    m.t[0].factor = 5;
    assert_int_equal(pcf__mc_run_core(&m.core, NULL, &mc, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message,
                        "term 0 (activity 0) refers to parameter 5, but the system has 1");
    assert_null(mc);

    model_init(&m);
    uint32_t amount = add_param(&m, PCF__PARAM_AMOUNT, 3, PCF_DIST_NORMAL, 0, 0, 0);
    add_term(&m, 1.0, amount, add_factor(&m, 2, PCF_DIST_LOGNORMAL, 1.0, 0, 0), 0);
    add_term(&m, 1.0, PCF__NO_PARAM, add_factor(&m, 0, PCF_DIST_LOGNORMAL, 1.5, 0, 0), 1);
    add_term(&m, 1.0, PCF__NO_PARAM, add_factor(&m, 5, PCF_DIST_FIXED, 0, 0, 0), 2);
    pcf_mc_options *o = opts_new(1000, 9, 2);
    mc = run_ok(&m, o);
    assert_true(pcf_mc_total_stat(mc, PCF_MC_MEAN) == 11.0);
    assert_true(pcf_mc_total_stat(mc, PCF_MC_SD) == 0.0);
    assert_true(pcf_mc_stage_stat(mc, 0, PCF_MC_MEDIAN) == 6.0);
    assert_int_equal(pcf_mc_sensitivity_count(mc), 0);
    pcf_mc_destroy(mc);
    pcf_mc_options_destroy(o);
}

/* A chunk's 32-bit seed of 0 (which taus2 would treat as 1) is replaced by a fixed odd constant:
 * chunk 2^32 - s0, with s0 the seed of chunk 0, adds up to 0 modulo 2^32. */
static void test_chunk_seed_zero(void **state)
{
    (void)state;
    unsigned long s0 = pcf__mc_chunk_seed(7, 0);
    size_t c = (size_t)(UINT64_C(0x100000000) - (uint64_t)s0);
    assert_int_equal(pcf__mc_chunk_seed(7, c), 0x6a09e667u);
    assert_int_equal(pcf__mc_chunk_seed(7, c + 1), 1);
}

/* GSL must never reach its error handler from pcf: fail the test if it does. */
static void gsl_handler(const char *reason, const char *file, int line, int gsl_errno)
{
    print_error("GSL error %d at %s:%d: %s\n", gsl_errno, file, line, reason);
    fail();
}

int main(void)
{
    gsl_set_error_handler(gsl_handler);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dist_name_parse),
        cmocka_unit_test(test_dist_check),
        cmocka_unit_test(test_sum_lognormal_normal),
        cmocka_unit_test(test_product_triangular),
        cmocka_unit_test(test_negative_lognormal),
        cmocka_unit_test(test_shared_parameter),
        cmocka_unit_test(test_seed_reproducible),
        cmocka_unit_test(test_chunk_seeds),
        cmocka_unit_test(test_sensitivity_analytic),
        cmocka_unit_test(test_percentiles),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_run_on_resolved_system),
        cmocka_unit_test(test_model_file_distributions),
        cmocka_unit_test(test_progress_and_cancel),
        cmocka_unit_test(test_invalid_options),
        cmocka_unit_test(test_invalid_system),
        cmocka_unit_test(test_empty_and_defaults),
        cmocka_unit_test(test_memory_limit),
        cmocka_unit_test(test_result_refusals),
        cmocka_unit_test(test_core_refused_and_constant),
        cmocka_unit_test(test_chunk_seed_zero),
        cmocka_unit_test(test_stream_limit),
        cmocka_unit_test(test_lognormal_ranked_by_exponent),
        cmocka_unit_test(test_kept_and_redrawn_agree),
        cmocka_unit_test(test_close_positions_agree),
        cmocka_unit_test(test_taus2_inline),
        cmocka_unit_test(test_gaussian_inline),
        cmocka_unit_test(test_statistics_sorts_agree),
    };
    return cmocka_run_group_tests_name("mc", tests, NULL, NULL);
}
