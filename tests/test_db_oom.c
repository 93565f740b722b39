/*
 * Out-of-memory paths of the db module: the static library is linked with
 * -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc, and the Nth allocation made by pcf fails, for
 * N = 0, 1, 2, ... until the whole scenario succeeds. Every failure must return PCF_ERR_NOMEM,
 * leave the out-parameter NULL and leak nothing (checked under ASan: meson test --setup=asan).
 * SQLite and libc allocate through their own shared-library references, which the wrap leaves
 * alone. Usage: test_db_oom FACTORS_DB WORK_DIR
 * GPL-3.0-or-later; see LICENSE.
 */
#include "testutil.h"
#include "oom.h"

#include <pcf/pcf.h>

#include <stdlib.h>

static const char *g_db, *g_work;

/* open, attach, get, clone, resolve with fallback, search, export */
static pcf_status read_scenario(const char *company, pcf_error *err)
{
    pcf_db *db = NULL;
    pcf_factor *f = NULL, *c = NULL;
    pcf_factor_list *l = NULL;
    char *csv = NULL;
    pcf_status st = pcf_db_open(g_db, PCF_DB_READ_ONLY, &db, err);
    if (st == PCF_OK)
        st = pcf_db_attach(db, company, "acme", err);
    if (st == PCF_OK)
        st = pcf_db_get_factor(db, "epa-hub-2025:natural-gas-stationary-combustion", &f, err);
    if (st == PCF_OK)
        st = pcf_factor_clone(f, &c, err);
    if (st == PCF_OK) {
        pcf_factor_destroy(f);
        f = NULL;
        st = pcf_db_resolve(db, "electricity", "2023年全国电力平均碳足迹因子", "CN-FJ", &f, err);
    }
    if (st == PCF_OK)
        st = pcf_db_search(db, "鋼 sheet", NULL, "CN", PCF_DIM_NONE, 0, &l, err);
    if (st == PCF_OK)
        st = pcf_db_export_csv(db, &csv, err);
    if (st != PCF_OK) {
        assert_null(csv);
        assert_int_equal(pcf_db_dataset_count(NULL), 0);
    }
    pcf_free(csv);
    pcf_factor_list_destroy(l);
    pcf_factor_destroy(f);
    pcf_factor_destroy(c);
    pcf_db_close(db);
    return st;
}

/* create an in-memory database and import factors, datasets and regions */
static pcf_status write_scenario(const char *factors, const char *datasets, const char *regions,
                                 pcf_error *err)
{
    pcf_db *db = NULL;
    pcf_status st = pcf_db_open(":memory:", PCF_DB_READ_WRITE | PCF_DB_CREATE, &db, err);
    if (st == PCF_OK)
        st = pcf_db_import_csv(db, datasets, NULL, err);
    if (st == PCF_OK)
        st = pcf_db_import_csv(db, regions, NULL, err);
    if (st == PCF_OK)
        st = pcf_db_import_csv(db, factors, NULL, err);
    pcf_db_close(db);
    return st;
}

#define write_file(path, text) testutil_write((path), (text), strlen(text))

static void run_oom(int which)
{
    char company[1024], factors[1024], datasets[1024], regions[1024];
    snprintf(company, sizeof company, "%s/oom-company.db", g_work);
    snprintf(factors, sizeof factors, "%s/oom-factors.csv", g_work);
    snprintf(datasets, sizeof datasets, "%s/oom-datasets.csv", g_work);
    snprintf(regions, sizeof regions, "%s/oom-regions.csv", g_work);
    write_file(factors, "code,dataset,category,name_en,name_zh,region,value,unit,gases,"
                        "uncertainty,unc_p1,unc_p2,unc_p3,source,license,notes\n"
                        "o:1,oom,material,Steel sheet,钢板,CN-FJ,2,tCO2e/t,co2_fossil=1.9 t;"
                        "ch4_fossil=2 kg,triangular,1.5,2,3,src,CC0,\"a, b\"\n"
                        "o:2,oom,electricity,PV,,CN,40,gCO2e/kWh (net CV),,lognormal,1.2,,,src,"
                        "CC0,\n");
    write_file(datasets, "dataset,name,license\noom,OOM test,CC0\n");
    write_file(regions, "region,parent\nGLO,\nCN,GLO\nCN-FJ,CN\n");
    if (which == 0) {
        remove(company);
        pcf_db *db = NULL;
        assert_int_equal(pcf_db_open(company, PCF_DB_READ_WRITE | PCF_DB_CREATE, &db, NULL),
                         PCF_OK);
        assert_int_equal(pcf_db_import_csv(db, factors, NULL, NULL), PCF_OK);
        assert_int_equal(pcf_db_import_csv(db, datasets, NULL, NULL), PCF_OK);
        pcf_db_close(db);
    }
    int succeeded = 0;
    long n;
    for (n = 0; n < 100000 && !succeeded; n++) {
        pcf_error err;
        oom_fail_at(n);
        pcf_status st = which == 0 ? read_scenario(company, &err)
                                   : write_scenario(factors, datasets, regions, &err);
        oom_fail_at(-1);
        if (st == PCF_OK) {
            if (oom_failed())
                print_error("allocation %ld failed but the scenario succeeded\n", n);
            assert_false(oom_failed());
            succeeded = 1;
        } else {
            if (!oom_failed() || st != PCF_ERR_NOMEM)
                print_error("allocation %ld: %s: %s\n", n, pcf_status_name(st), err.message);
            assert_true(oom_failed());
            assert_int_equal(st, PCF_ERR_NOMEM);
            assert_contains(err.message, "memory");
        }
    }
    assert_true(succeeded);
    print_message("%s scenario: %ld allocation failures, each reported as PCF_ERR_NOMEM\n",
                  which == 0 ? "read" : "write", n - 1);
}

static void test_read_oom(void **state)
{
    (void)state;
    run_oom(0);
}

static void test_write_oom(void **state)
{
    (void)state;
    run_oom(1);
}

int main(int argc, char **argv)
{
    oom_route_jansson(); /* jansson's allocations fail in turn too */
    if (argc != 3) {
        fprintf(stderr, "usage: test_db_oom FACTORS_DB WORK_DIR\n");
        return 2;
    }
    g_db = argv[1];
    g_work = argv[2];
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_read_oom),
                                       cmocka_unit_test(test_write_oom)};
    return cmocka_run_group_tests_name("db_oom", tests, NULL, NULL);
}
