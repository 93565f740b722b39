/*
 * Tests of dependent sampling of LCI factors in a product model's Monte Carlo
 * (pcf_mc_options_add_lci, pcf_mc_options_open_lci; docs/lci.md) and of the sampler of an LCI
 * database (lib/lci_mc.c): which published uncertainties are drawn, which are refused, and a
 * singular draw.
 *
 * The LCI system is tests/data/lci/mcloop (see test_mc in test_lci.c): Make P ("p-a") needs
 * u kg Q, u ~ uniform(0.25, 0.75), and emits c ~ triangle(0.5, 1, 2) kg CO2 and m ~ normal(0.01,
 * 0.002) kg fossil CH4; Make Q needs 0.2 kg P and emits g ~ lognormal(2, GSD 1.2) kg CO2. Per kg
 * P the result is (c + 29.8 m + g u) / (1 - 0.2u) kg CO2e (AR6), published 2.298 / 0.9.
 * Paths: LCI_DATA_DIR (the hand-made JSON-LD folders); work dir = cwd.
 * GPL-3.0-or-later; see LICENSE.
 */
#include <pcf/pcf.h>

#include "lci_internal.h"
#include "mc_internal.h"
#include "testutil.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

enum { N = 4000 };

/* Imports mcloop as "mcloop" into a fresh file and stores its results as factor rows (AR6). */
static pcf_db *make_db(const char *file, const char *fixture)
{
    remove(file);
    pcf_db *db = NULL;
    pcf_error err;
    assert_int_equal(pcf_db_open(file, PCF_DB_CREATE, &db, &err), PCF_OK);
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", LCI_DATA_DIR, fixture);
    if (pcf_lci_import(db, "mcloop", path, NULL, 0, &err) != PCF_OK)
        fail_msg("import: %s", err.message);
    pcf_lci *lci = NULL;
    assert_int_equal(pcf_lci_open(db, "mcloop", PCF_GWP_AR6, &lci, &err), PCF_OK);
    assert_int_equal(pcf_lci_store_factors(lci, db, "CC0-1.0", NULL, NULL, &err), PCF_OK);
    pcf_lci_destroy(lci);
    return db;
}

/* A cradle-to-gate model in AR6: `materials` and `production` are the stages' activity lists. */
static pcf_system *resolve(pcf_db *db, const char *materials, const char *production)
{
    char json[2048];
    snprintf(json, sizeof json,
             "{\"pcf_model\": 1, \"boundary\": \"cradle-to-gate\", \"gwp\": \"AR6\", "
             "\"products\": [{\"id\": \"x\", \"name\": {\"en\": \"X\"}, \"declared_unit\": "
             "{\"amount\": 1, \"unit\": \"item\"}, \"stages\": {\"materials\": [%s], "
             "\"production\": [%s]}}]}",
             materials, production);
    pcf_model *m = NULL;
    pcf_error err;
    if (pcf_model_read_string(json, "test.json", &m, &err) != PCF_OK)
        fail_msg("model: %s", err.message);
    pcf_system *sys = NULL;
    if (pcf_system_resolve(m, db, PCF_GWP_AR6, NULL, &sys, &err) != PCF_OK)
        fail_msg("resolve: %s", err.message);
    pcf_model_destroy(m);
    return sys;
}

static pcf_mc_options *options(uint64_t seed, size_t threads)
{
    pcf_mc_options *o = NULL;
    pcf_error err;
    assert_int_equal(pcf_mc_options_create(&o, &err), PCF_OK);
    assert_int_equal(pcf_mc_options_set_iterations(o, N, &err), PCF_OK);
    assert_int_equal(pcf_mc_options_set_seed(o, seed, &err), PCF_OK);
    assert_int_equal(pcf_mc_options_set_threads(o, threads, &err), PCF_OK);
    assert_int_equal(pcf_mc_options_set_keep_samples(o, 1, &err), PCF_OK);
    return o;
}

/* The seed of a database's streams, as include/pcf/lci.h states it: seed XOR FNV-1a-64(name)
 * (offset basis 0xcbf29ce484222325, prime 0x100000001b3), written out here independently. */
static uint64_t lci_seed(uint64_t seed, const char *name)
{
    uint64_t h = 14695981039346656037u;
    for (const char *p = name; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211u;
    return seed ^ h;
}

static const char A1[] = "{\"name\": \"P, one kg\", \"amount\": 1, \"unit\": \"kg\", "
                         "\"factor\": \"mcloop:p-a\"}";
static const char A2[] = "{\"name\": \"P, two kg\", \"amount\": 2, \"unit\": \"kg\", "
                         "\"factor\": \"mcloop:p-a\"}";

/*
 * Two activities use Make P: 1 kg in materials, 2 kg in production. In every iteration they take
 * the same sample, so production is exactly twice materials (a factor of 2 is exact in binary),
 * and materials is exactly the sample pcf_lci_mc() draws for Make P in that iteration with the
 * database's seed (the independent computation). The mean of the total, 3 × the mean per kg P,
 * is checked against the closed form of test_mc in test_lci.c:
 *   E = (7/6 + 29.8·0.01)·L + 2·exp((ln 1.2)²/2)·(5L − 5), L = 10 ln(0.95/0.85),
 * within four standard errors. The same seed at 1 and 2 threads gives the same samples.
 */
static void test_shared_sample(void **state)
{
    (void)state;
    pcf_db *db = make_db("lcimc-shared.db", "mcloop");
    pcf_system *sys = resolve(db, A1, A2);
    pcf_error err;
    pcf_mc_options *o = options(11, 1);
    size_t opened = 9;
    assert_int_equal(pcf_mc_options_open_lci(o, sys, db, &opened, &err), PCF_OK);
    assert_int_equal(opened, 1);
    /* a second call opens nothing: the database is sampled already */
    assert_int_equal(pcf_mc_options_open_lci(o, sys, db, &opened, &err), PCF_OK);
    assert_int_equal(opened, 0);
    pcf_mc *mc = NULL;
    assert_int_equal(pcf_mc_run(sys, o, &mc, &err), PCF_OK);
    const double *mat = pcf_mc_stage_samples(mc, PCF_STAGE_MATERIALS);
    const double *prod = pcf_mc_stage_samples(mc, PCF_STAGE_PRODUCTION);
    const double *tot = pcf_mc_total_samples(mc);
    assert_non_null(mat);
    assert_non_null(prod);

    pcf_lci *lci = NULL;
    assert_int_equal(pcf_lci_open(db, "mcloop", PCF_GWP_AR6, &lci, &err), PCF_OK);
    size_t a = 0;
    assert_int_equal(pcf_lci_find(lci, "p-a", &a, &err), PCF_OK);
    double *x = malloc(N * sizeof *x);
    assert_non_null(x);
    assert_int_equal(pcf_lci_mc(lci, a, N, lci_seed(11, "mcloop"), 1, x, &err), PCF_OK);
    double mean = 0, ss = 0;
    for (size_t i = 0; i < N; i++) {
        assert_true(prod[i] == 2 * mat[i]);
        assert_true(mat[i] == x[i]);
        mean += tot[i];
    }
    assert_true(mat[0] != mat[1]);
    mean /= N;
    for (size_t i = 0; i < N; i++)
        ss += (tot[i] - mean) * (tot[i] - mean);
    double se = sqrt(ss / (N - 1) / N);
    double L = 10 * log(0.95 / 0.85), eg = 2 * exp(log(1.2) * log(1.2) / 2);
    double want = 3 * ((7.0 / 6 + 29.8 * 0.01) * L + eg * (5 * L - 5));
    assert_true(se > 0);
    assert_true(fabs(mean - want) < 4 * se);
    /* the factor is the one ranked parameter, named as resolve names it */
    assert_int_equal(pcf_mc_sensitivity_count(mc), 1);
    assert_true(pcf_mc_sensitivity_share(mc, 0) == 1);
    assert_contains(pcf_mc_sensitivity_name(mc, 0), "mcloop:p-a");

    /* 2 threads, and the database given by the caller instead of opened: the same numbers */
    pcf_mc_options *o2 = options(11, 2);
    assert_int_equal(pcf_mc_options_add_lci(o2, lci, &err), PCF_OK);
    pcf_mc *mc2 = NULL;
    assert_int_equal(pcf_mc_run(sys, o2, &mc2, &err), PCF_OK);
    assert_memory_equal(pcf_mc_total_samples(mc2), tot, N * sizeof *tot);
    assert_memory_equal(pcf_mc_stage_samples(mc2, PCF_STAGE_MATERIALS), mat, N * sizeof *mat);
    pcf_mc_destroy(mc2);

    /* without the database the factor is fixed, as before: every sample is 3 × 2.298 / 0.9 */
    pcf_mc_options *o3 = options(11, 1);
    assert_int_equal(pcf_mc_run(sys, o3, &mc2, &err), PCF_OK);
    assert_double_close(pcf_mc_total_samples(mc2)[5], 3 * 2.298 / 0.9, 1e-12, 0);
    assert_true(pcf_mc_total_stat(mc2, PCF_MC_SD) == 0);
    pcf_mc_destroy(mc2);

    pcf_mc_options_destroy(o);
    pcf_mc_options_destroy(o2);
    pcf_mc_options_destroy(o3);
    pcf_mc_destroy(mc);
    pcf_lci_destroy(lci);
    free(x);
    pcf_system_destroy(sys);
    pcf_db_close(db);
}

/*
 * A model without LCI factors gives the same samples with and without a database added. And
 * in a model with both, the parameters that are not LCI factors draw the same numbers as without
 * the LCI activity: the LCI sample has streams of its own.
 */
static void test_without_lci_unchanged(void **state)
{
    (void)state;
    pcf_db *db = make_db("lcimc-plain.db", "mcloop");
    static const char own[] = "{\"name\": \"Own\", \"amount\": 3, \"unit\": \"kg\", \"factor\": "
                              "{\"value\": 1.5, \"unit\": \"kgCO2e/kg\", \"uncertainty\": "
                              "{\"dist\": \"lognormal\", \"gsd\": 1.4}}}";
    pcf_system *plain = resolve(db, own, "");
    pcf_system *mixed = resolve(db, own, A2);
    pcf_error err;
    pcf_lci *lci = NULL;
    assert_int_equal(pcf_lci_open(db, "mcloop", PCF_GWP_AR6, &lci, &err), PCF_OK);
    pcf_mc_options *o1 = options(5, 1), *o2 = options(5, 2);
    size_t opened = 9;
    assert_int_equal(pcf_mc_options_open_lci(o1, plain, db, &opened, &err), PCF_OK);
    assert_int_equal(opened, 0);
    assert_int_equal(pcf_mc_options_add_lci(o2, lci, &err), PCF_OK);
    pcf_mc *m1 = NULL, *m2 = NULL, *m3 = NULL;
    assert_int_equal(pcf_mc_run(plain, o1, &m1, &err), PCF_OK);
    assert_int_equal(pcf_mc_run(plain, o2, &m2, &err), PCF_OK);
    assert_memory_equal(pcf_mc_total_samples(m1), pcf_mc_total_samples(m2), N * sizeof(double));
    assert_true(pcf_mc_total_stat(m1, PCF_MC_SD) > 0);
    assert_int_equal(pcf_mc_run(mixed, o2, &m3, &err), PCF_OK);
    assert_memory_equal(pcf_mc_stage_samples(m3, PCF_STAGE_MATERIALS), pcf_mc_total_samples(m1),
                        N * sizeof(double));
    assert_true(pcf_mc_stage_stat(m3, PCF_STAGE_PRODUCTION, PCF_MC_SD) > 0);
    assert_int_equal(pcf_mc_sensitivity_count(m3), 2);
    pcf_mc_destroy(m1);
    pcf_mc_destroy(m2);
    pcf_mc_destroy(m3);
    pcf_mc_options_destroy(o1);
    pcf_mc_options_destroy(o2);
    pcf_lci_destroy(lci);
    pcf_system_destroy(plain);
    pcf_system_destroy(mixed);
    pcf_db_close(db);
}

/* Runs sys with lci added and returns the status; err gets the message. */
static pcf_status run_with(pcf_system *sys, const pcf_lci *lci, size_t threads, pcf_error *err)
{
    pcf_mc_options *o = options(3, threads);
    pcf_mc *mc = NULL;
    pcf_status s = pcf_mc_options_add_lci(o, lci, err);
    if (s == PCF_OK)
        s = pcf_mc_run(sys, o, &mc, err);
    pcf_mc_destroy(mc);
    pcf_mc_options_destroy(o);
    return s;
}

/* What a run refuses: another GWP set, rows that do not match the database, a process that is
 * not in it, an exchange that cannot be sampled, a singular draw; and bad arguments. */
static void test_refused(void **state)
{
    (void)state;
    pcf_db *db = make_db("lcimc-err.db", "mcloop");
    pcf_system *sys = resolve(db, A1, "");
    pcf_error err;
    pcf_lci *lci = NULL;
    assert_int_equal(pcf_lci_open(db, "mcloop", PCF_GWP_AR5, &lci, &err), PCF_OK);
    assert_int_equal(run_with(sys, lci, 1, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "solved in AR6");
    assert_contains(err.message, "opened in AR5");
    /* arguments */
    pcf_mc_options *o = options(1, 1);
    assert_int_equal(pcf_mc_options_add_lci(NULL, lci, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_mc_options_add_lci(o, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_mc_options_add_lci(o, lci, &err), PCF_OK);
    assert_int_equal(pcf_mc_options_add_lci(o, lci, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "already");
    size_t opened = 9;
    assert_int_equal(pcf_mc_options_open_lci(NULL, sys, db, &opened, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(opened, 0);
    assert_int_equal(pcf_mc_options_open_lci(o, NULL, db, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_mc_options_open_lci(o, sys, NULL, NULL, &err), PCF_ERR_INVALID_ARG);
    /* links on a hand-built core: out of range, and one parameter linked twice */
    pcf__param p = {.value = 1.0, .dist = PCF_DIST_FIXED, .kind = PCF__PARAM_FACTOR};
    pcf__term term = {.coef = 1.0, .amount = PCF__NO_PARAM, .factor = 0};
    pcf__system_core core = {1, &p, 1, &term, 1};
    pcf__mc_lci_link bad[2] = {{0, 0, 7}, {0, 0, 0}};
    pcf_mc *mc = NULL;
    assert_int_equal(pcf__mc_run_linked(&core, o, bad, 1, &mc, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "out of range");
    bad[0].process = 0;
    assert_int_equal(pcf__mc_run_linked(&core, o, bad, 2, &mc, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "twice");
    assert_null(mc);
    pcf_mc_options_destroy(o);
    pcf_lci_destroy(lci);

    /* "loop" imported under the same name: Make P solves to 2 / 0.9, the rows say 2.298 / 0.9 */
    pcf_db *other = NULL;
    remove("lcimc-other.db");
    assert_int_equal(pcf_db_open("lcimc-other.db", PCF_DB_CREATE, &other, &err), PCF_OK);
    char path[1024];
    snprintf(path, sizeof path, "%s/loop", LCI_DATA_DIR);
    assert_int_equal(pcf_lci_import(other, "mcloop", path, NULL, 0, &err), PCF_OK);
    assert_int_equal(pcf_lci_open(other, "mcloop", PCF_GWP_AR6, &lci, &err), PCF_OK);
    assert_int_equal(run_with(sys, lci, 1, &err), PCF_ERR_DATA_MISSING);
    assert_contains(err.message, "out of date");
    pcf_lci_destroy(lci);
    /* "chain" under the same name has no process p-a */
    snprintf(path, sizeof path, "%s/chain", LCI_DATA_DIR);
    assert_int_equal(pcf_lci_import(other, "mcloop", path, NULL, PCF_LCI_REPLACE, &err), PCF_OK);
    assert_int_equal(pcf_lci_open(other, "mcloop", PCF_GWP_AR6, &lci, &err), PCF_OK);
    assert_int_equal(run_with(sys, lci, 1, &err), PCF_ERR_DATA_MISSING);
    assert_contains(err.message, "no process \"p-a\"");
    pcf_lci_destroy(lci);
    pcf_db_close(other);

    /* Make P's link drawn as normal(5, 1e-300): exactly 5 every time, and 1 - 0.2·5 = 0, so A
     * is singular in iteration 0; at 1 and 2 threads the error names that iteration */
    pcf_db_close(db);
    sqlite3 *q = NULL;
    assert_int_equal(sqlite3_open("lcimc-err.db", &q), SQLITE_OK);
    assert_int_equal(sqlite3_exec(q,
                                  "UPDATE lci_exchanges SET dist = 'NORMAL_DISTRIBUTION', u1 = 5, "
                                  "u2 = 1e-300 WHERE process = 'p-a' AND flow = 'f-q'",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(q);
    assert_int_equal(pcf_db_open("lcimc-err.db", PCF_DB_READ_ONLY, &db, &err), PCF_OK);
    assert_int_equal(pcf_lci_open(db, "mcloop", PCF_GWP_AR6, &lci, &err), PCF_OK);
    for (size_t t = 1; t <= 2; t++) {
        assert_int_equal(run_with(sys, lci, t, &err), PCF_ERR_DATA_MISSING);
        assert_contains(err.message, "iteration 0 of the Monte Carlo run on \"mcloop\"");
        assert_contains(err.message, "singular");
    }
    double x[4];
    assert_int_equal(pcf_lci_mc(lci, 0, 4, 1, 2, x, &err), PCF_ERR_DATA_MISSING);
    assert_contains(err.message, "iteration 0");
    pcf_lci_destroy(lci);
    pcf_db_close(db);

    /* a lognormal without its GSD cannot be sampled: the run names process and flow */
    assert_int_equal(sqlite3_open("lcimc-err.db", &q), SQLITE_OK);
    assert_int_equal(sqlite3_exec(q,
                                  "UPDATE lci_exchanges SET u2 = NULL WHERE process = 'p-b' AND "
                                  "flow = 'f-co2'",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(q);
    assert_int_equal(pcf_db_open("lcimc-err.db", PCF_DB_READ_ONLY, &db, &err), PCF_OK);
    assert_int_equal(pcf_lci_open(db, "mcloop", PCF_GWP_AR6, &lci, &err), PCF_OK);
    assert_int_equal(run_with(sys, lci, 1, &err), PCF_ERR_DATA_MISSING);
    assert_contains(err.message, "process p-b");

    pcf_lci_destroy(lci);
    pcf_system_destroy(sys);
    pcf_db_close(db);
}

/*
 * Which published uncertainties the LCI sampler draws (docs/lci.md, "Monte Carlo"), set one at
 * a time on Make P's CO2 emission (amount 1 kg; published triangle(0.5, 1, 2)) while the three
 * other drawn exchanges stay: `count` is pcf_lci_mc_parameter_count() (4 when this one is drawn,
 * 3 when it stays as published), `bad` says the run must refuse it, naming process p-a.
 */
static void test_draw_rules(void **state)
{
    (void)state;
    static const struct {
        const char *set; /* the SQL assignments */
        size_t count;
        int bad;
    } cases[] = {
        /* lognormal: GSD 1 has no spread; without a GSD, or a geometric mean of 0, it cannot be
         * drawn; a negative geometric mean keeps its sign */
        {"dist = 'LOG_NORMAL_DISTRIBUTION', u1 = 1, u2 = 1, u3 = NULL", 3, 0},
        {"dist = 'LOG_NORMAL_DISTRIBUTION', u1 = 1, u2 = NULL, u3 = NULL", 3, 1},
        {"dist = 'LOG_NORMAL_DISTRIBUTION', u1 = 0, u2 = 1.5, u3 = NULL", 3, 1},
        {"dist = 'LOG_NORMAL_DISTRIBUTION', u1 = -1, u2 = 1.5, u3 = NULL", 4, 0},
        /* no geometric mean, or one or a GSD out of the range of a double (9e999 is stored as
         * an infinity), cannot be drawn; a GSD of 0.5 has no spread */
        {"dist = 'LOG_NORMAL_DISTRIBUTION', u1 = NULL, u2 = 1.5, u3 = NULL", 3, 1},
        {"dist = 'LOG_NORMAL_DISTRIBUTION', u1 = 9e999, u2 = 1.5, u3 = NULL", 3, 1},
        {"dist = 'LOG_NORMAL_DISTRIBUTION', u1 = 1, u2 = 9e999, u3 = NULL", 3, 1},
        {"dist = 'LOG_NORMAL_DISTRIBUTION', u1 = 1, u2 = 0.5, u3 = NULL", 3, 0},
        /* normal: sd 0 stays; a negative or missing sd cannot be drawn */
        {"dist = 'NORMAL_DISTRIBUTION', u1 = 1, u2 = 0, u3 = NULL", 3, 0},
        {"dist = 'NORMAL_DISTRIBUTION', u1 = 1, u2 = -1, u3 = NULL", 3, 1},
        {"dist = 'NORMAL_DISTRIBUTION', u1 = 1, u2 = NULL, u3 = NULL", 3, 1},
        {"dist = 'NORMAL_DISTRIBUTION', u1 = NULL, u2 = 1, u3 = NULL", 3, 1},
        {"dist = 'NORMAL_DISTRIBUTION', u1 = 9e999, u2 = 1, u3 = NULL", 3, 1},
        {"dist = 'NORMAL_DISTRIBUTION', u1 = 1, u2 = 9e999, u3 = NULL", 3, 1},
        /* triangle: the span of the three numbers; no span stays; a missing one is refused */
        {"dist = 'TRIANGLE_DISTRIBUTION', u1 = 2, u2 = 1, u3 = 0.5", 4, 0},
        {"dist = 'TRIANGLE_DISTRIBUTION', u1 = 1, u2 = 1, u3 = 1", 3, 0},
        {"dist = 'TRIANGLE_DISTRIBUTION', u1 = 1, u2 = 1, u3 = NULL", 3, 1},
        {"dist = 'TRIANGLE_DISTRIBUTION', u1 = NULL, u2 = 1, u3 = 2", 3, 1},
        {"dist = 'TRIANGLE_DISTRIBUTION', u1 = 1, u2 = NULL, u3 = 2", 3, 1},
        {"dist = 'TRIANGLE_DISTRIBUTION', u1 = 0.5, u2 = 1, u3 = 9e999", 3, 1},
        /* uniform: either order; no span stays; a missing bound is refused */
        {"dist = 'UNIFORM_DISTRIBUTION', u1 = 2, u2 = 0.5, u3 = NULL", 4, 0},
        {"dist = 'UNIFORM_DISTRIBUTION', u1 = 1, u2 = 1, u3 = NULL", 3, 0},
        {"dist = 'UNIFORM_DISTRIBUTION', u1 = 1, u2 = NULL, u3 = NULL", 3, 1},
        {"dist = 'UNIFORM_DISTRIBUTION', u1 = NULL, u2 = 1, u3 = NULL", 3, 1},
        {"dist = 'UNIFORM_DISTRIBUTION', u1 = 0.5, u2 = -9e999, u3 = NULL", 3, 1},
        /* a distribution pcf does not know */
        {"dist = 'WEIBULL_DISTRIBUTION', u1 = 1, u2 = 1, u3 = NULL", 3, 1},
        /* no distribution: the pedigree's GSD (1 for all scores 1: stays); unreadable: refused */
        {"dist = '', pedigree = '(1;2;3;4;5)', u1 = NULL, u2 = NULL, u3 = NULL", 4, 0},
        {"dist = '', pedigree = '(1;1;1;1;1)', u1 = NULL, u2 = NULL, u3 = NULL", 3, 0},
        {"dist = '', pedigree = '(1;2;3)', u1 = NULL, u2 = NULL, u3 = NULL", 3, 1},
        {"dist = '', pedigree = '(1;2;3;4;9)', u1 = NULL, u2 = NULL, u3 = NULL", 3, 1},
        /* an exchange of amount 0 is not drawn (its unit factor is unknown) */
        {"amount = 0, amount_ref = 0", 3, 0},
    };
    pcf_db *db = make_db("lcimc-draws.db", "mcloop");
    pcf_db_close(db);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sqlite3 *q = NULL;
        char sql[512];
        snprintf(sql, sizeof sql,
                 "UPDATE lci_exchanges SET dist = 'TRIANGLE_DISTRIBUTION', u1 = 0.5, u2 = 1, "
                 "u3 = 2, pedigree = '', amount = 1, amount_ref = 1 WHERE process = 'p-a' AND "
                 "flow = 'f-co2'; UPDATE lci_exchanges SET %s WHERE process = 'p-a' AND flow = "
                 "'f-co2'",
                 cases[i].set);
        assert_int_equal(sqlite3_open("lcimc-draws.db", &q), SQLITE_OK);
        if (sqlite3_exec(q, sql, NULL, NULL, NULL) != SQLITE_OK)
            fail_msg("case %zu: %s", i, sqlite3_errmsg(q));
        sqlite3_close(q);
        pcf_error err;
        assert_int_equal(pcf_db_open("lcimc-draws.db", PCF_DB_READ_ONLY, &db, &err), PCF_OK);
        pcf_lci *lci = NULL;
        assert_int_equal(pcf_lci_open(db, "mcloop", PCF_GWP_AR6, &lci, &err), PCF_OK);
        if (pcf_lci_mc_parameter_count(lci) != cases[i].count)
            fail_msg("case %zu (%s): %zu drawn, want %zu", i, cases[i].set,
                     pcf_lci_mc_parameter_count(lci), cases[i].count);
        double x[2];
        /* 3 threads for 2 iterations: as many threads as iterations run */
        pcf_status s = pcf_lci_mc(lci, 0, 2, 1, 3, x, &err);
        if (s != (cases[i].bad ? PCF_ERR_DATA_MISSING : PCF_OK))
            fail_msg("case %zu (%s): status %d: %s", i, cases[i].set, (int)s, err.message);
        if (cases[i].bad)
            assert_contains(err.message, "process p-a");
        pcf_lci_destroy(lci);
        pcf_db_close(db);
    }
}

/* A run samples at most 16 LCI databases (PCF__MC_MAX_LCI): the 17th is refused by name of
 * the limit, and the 16 added stay. The loop is imported under 17 names. */
static void test_too_many(void **state)
{
    (void)state;
    pcf_db *db = NULL;
    pcf_error err;
    remove("lcimc-many.db");
    assert_int_equal(pcf_db_open("lcimc-many.db", PCF_DB_CREATE, &db, &err), PCF_OK);
    char path[1024];
    snprintf(path, sizeof path, "%s/loop", LCI_DATA_DIR);
    pcf_lci *lci[17];
    pcf_mc_options *o = options(1, 1);
    for (int k = 0; k < 17; k++) {
        char name[16];
        snprintf(name, sizeof name, "loop%d", k);
        assert_int_equal(pcf_lci_import(db, name, path, NULL, 0, &err), PCF_OK);
        assert_int_equal(pcf_lci_open(db, name, PCF_GWP_AR6, &lci[k], &err), PCF_OK);
        pcf_status s = pcf_mc_options_add_lci(o, lci[k], &err);
        assert_int_equal(s, k < 16 ? PCF_OK : PCF_ERR_INVALID_ARG);
    }
    assert_string_equal(err.message, "a Monte Carlo run samples at most 16 LCI databases");
    pcf_mc_options_destroy(o);
    for (int k = 0; k < 17; k++)
        pcf_lci_destroy(lci[k]);
    pcf_db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shared_sample), cmocka_unit_test(test_without_lci_unchanged),
        cmocka_unit_test(test_refused),       cmocka_unit_test(test_draw_rules),
        cmocka_unit_test(test_too_many),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
