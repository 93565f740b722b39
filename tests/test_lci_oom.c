/*
 * Out-of-memory paths of the LCI modules (lib/lci_import.c, lib/lci.c, lib/lci_mc.c,
 * lib/lci_info.c): the static library is linked with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc
 * and the Nth allocation fails, for N = 0, 1, 2, ... until the call succeeds. Every failure must
 * return PCF_ERR_NOMEM with its message and lose nothing: a failed import leaves no LCI database
 * behind (the next attempt imports it whole), failed factor rows leave none, and memory is not
 * leaked (checked by ASan in `meson test --setup=asan`). pcf's own allocations and jansson's fail
 * (oom_route_jansson); SQLite, libzip, KLU and glibc allocate on their own. The system is
 * tests/data/lci/mcloop (two processes in a loop, four sampled exchanges). GPL-3.0-or-later; see
 * LICENSE.
 */
#include "testutil.h"
#include "oom.h"

#include <pcf/pcf.h>

#ifndef LCI_DATA_DIR
#error "LCI_DATA_DIR must name tests/data/lci"
#endif

/* Fails allocation 0, 1, 2, ... of op(ctx) until it succeeds; each failure must be
 * PCF_ERR_NOMEM with a message containing `says`, and after each failure check(ctx) (when
 * given) verifies that nothing was half-done. Returns the number of allocations the call
 * makes. */
static long sweep(const char *what, pcf_status (*op)(void *ctx, pcf_error *err), void *ctx,
                  void (*check)(void *ctx), const char *says)
{
    long n = 0;
    for (;; n++) {
        pcf_error err;
        pcf_error_clear(&err);
        oom_fail_at(n);
        pcf_status st = op(ctx, &err);
        long used = oom_allocations();
        oom_fail_at(-1);
        if (used <= n) {
            if (st != PCF_OK)
                fail_msg("%s without a failed allocation: %s", what, err.message);
            break;
        }
        if (st != PCF_ERR_NOMEM)
            fail_msg("%s: allocation %ld failed but the call returned %s (%s)", what, n,
                     pcf_status_name(st), err.message);
        if (!strstr(err.message, says))
            fail_msg("%s: allocation %ld: the message \"%s\" lacks \"%s\"", what, n, err.message,
                     says);
        if (check)
            check(ctx);
    }
    return n;
}

/* pcf_lci_open, then every solving function, then Monte Carlo (one thread: the allocation
 * count must not depend on which thread allocates first). */
static pcf_status op_lci(void *ctx, pcf_error *err)
{
    pcf_db *db = ctx;
    pcf_lci *lci = NULL;
    pcf_status st = pcf_lci_open(db, "mcloop", PCF_GWP_AR6, &lci, err);
    pcf_lci_contribution *c = NULL;
    size_t n = 0;
    double x[4];
    if (st == PCF_OK)
        st = pcf_lci_contributions(lci, 0, 1, &c, &n, NULL, err);
    if (st == PCF_OK)
        st = pcf_lci_inventory(lci, "f-co2", x, err);
    if (st == PCF_OK)
        st = pcf_lci_mc(lci, 0, 4, 1, 1, x, err);
    pcf_free(c);
    pcf_lci_destroy(lci);
    return st;
}

static pcf_db *open_db(const char *file)
{
    remove(file);
    pcf_db *db = NULL;
    pcf_error err;
    assert_int_equal(pcf_db_open(file, PCF_DB_CREATE, &db, &err), PCF_OK);
    return db;
}

static void import_mcloop(pcf_db *db, const char *name)
{
    char path[1024];
    pcf_error err;
    snprintf(path, sizeof path, "%s/mcloop", LCI_DATA_DIR);
    if (pcf_lci_import(db, name, path, NULL, 0, &err) != PCF_OK)
        fail_msg("import: %s", err.message);
}

static void test_lci_oom(void **state)
{
    (void)state;
    pcf_db *db = open_db("lci-oom.db");
    import_mcloop(db, "mcloop");
    long n = sweep("open and solve", op_lci, db, NULL, "out of memory");
    /* the run allocates: the loop above failed each of those allocations once */
    assert_true(n > 20);
    pcf_db_close(db);
}

/* ---- the import: a folder and a zip, with a choice file ----------------------------------- */

typedef struct import_case {
    pcf_db *db;
    const char *source, *choices;
} import_case;

static pcf_status op_import(void *ctx, pcf_error *err)
{
    import_case *c = ctx;
    return pcf_lci_import(c->db, "sys", c->source, c->choices, 0, err);
}

/* A failed import left nothing: "sys" is not imported and has no notes. */
static void check_no_import(void *ctx)
{
    import_case *c = ctx;
    char *json = NULL;
    pcf_error err;
    assert_int_equal(pcf_lci_info_json(c->db, "sys", &json, &err), PCF_ERR_NOT_FOUND);
    assert_null(json);
    assert_contains(err.message, "no LCI database named \"sys\" is imported");
}

static void test_import_oom(void **state)
{
    (void)state;
    char folder[1024], zip[1024], choices[1024];
    snprintf(folder, sizeof folder, "%s/mcloop", LCI_DATA_DIR);
    snprintf(zip, sizeof zip, "%s/chain.zip", LCI_DATA_DIR);
    /* a choice file that names the one provider of P: read line by line */
    snprintf(choices, sizeof choices, "lci-oom-choices.csv");
    FILE *f = fopen(choices, "wb");
    assert_non_null(f);
    fputs("flow,process\n# P is made by p-a\nf-p,p-a\n", f);
    assert_int_equal(fclose(f), 0);

    import_case c = {open_db("lci-oom-import.db"), folder, choices};
    long n = sweep("import of a folder", op_import, &c, check_no_import, "out of memory");
    /* the folder's five listings and ten files each allocate */
    assert_true(n >= 15);
    pcf_lci *lci = NULL;
    pcf_error err;
    assert_int_equal(pcf_lci_open(c.db, "sys", PCF_GWP_AR6, &lci, &err), PCF_OK);
    assert_int_equal(pcf_lci_process_count(lci), 2);
    pcf_lci_destroy(lci);
    pcf_db_close(c.db);

    import_case z = {open_db("lci-oom-zip.db"), zip, NULL};
    n = sweep("import of a zip", op_import, &z, check_no_import, "out of memory");
    assert_true(n >= 1);
    assert_int_equal(pcf_lci_open(z.db, "sys", PCF_GWP_AR6, &lci, &err), PCF_OK);
    assert_int_equal(pcf_lci_process_count(lci), 3);
    pcf_lci_destroy(lci);
    pcf_db_close(z.db);
}

/* ---- what the import decided, and the factor rows ----------------------------------------- */

static pcf_status op_info(void *ctx, pcf_error *err)
{
    char *json = NULL;
    pcf_status st = pcf_lci_info_json(ctx, "mcloop", &json, err);
    if (st == PCF_OK) {
        /* everything is there, the name included */
        assert_contains(json, "\"name\": \"mcloop\"");
        assert_contains(json, "\"exchange_roles\"");
        assert_contains(json, "\"no_gwp\"");
    } else {
        assert_null(json);
    }
    pcf_free(json);
    return st;
}

typedef struct store_case {
    pcf_db *db;
    pcf_lci *lci;
} store_case;

static pcf_status op_store(void *ctx, pcf_error *err)
{
    store_case *c = ctx;
    size_t rows = 9, skipped = 9;
    pcf_status st = pcf_lci_store_factors(c->lci, c->db, "CC0-1.0", &rows, &skipped, err);
    if (st == PCF_OK) {
        assert_int_equal(rows, 2);
        assert_int_equal(skipped, 0);
    } else {
        assert_int_equal(rows, 0);
    }
    return st;
}

/* No factor row of "mcloop" is there after a failed store. */
static void check_no_rows(void *ctx)
{
    store_case *c = ctx;
    pcf_factor *f = NULL;
    pcf_error err;
    assert_int_equal(pcf_db_get_factor(c->db, "mcloop:p-a", &f, &err), PCF_ERR_NOT_FOUND);
    assert_null(f);
}

static void test_info_store_oom(void **state)
{
    (void)state;
    pcf_db *db = open_db("lci-oom-info.db");
    import_mcloop(db, "mcloop");
    /* the document (jansson) and its text (pcf's own writer) */
    long n = sweep("lci info", op_info, db, NULL, "out of memory");
    assert_true(n >= 10);
    store_case c = {db, NULL};
    pcf_error err;
    assert_int_equal(pcf_lci_open(db, "mcloop", PCF_GWP_AR6, &c.lci, &err), PCF_OK);
    n = sweep("storing the factor rows", op_store, &c, check_no_rows, "out of memory");
    assert_true(n >= 2);
    pcf_factor *f = NULL;
    assert_int_equal(pcf_db_get_factor(db, "mcloop:p-a", &f, &err), PCF_OK);
    /* the stored row holds the solved total of p-a */
    assert_true(pcf_factor_kg_co2e(f) == pcf_lci_co2e(c.lci, 0, PCF_LCI_TOTAL));
    pcf_factor_destroy(f);
    pcf_lci_destroy(c.lci);
    pcf_db_close(db);
}

int main(void)
{
    oom_route_jansson(); /* the import's JSON-LD files and lci info's document fail too */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lci_oom),
        cmocka_unit_test(test_import_oom),
        cmocka_unit_test(test_info_store_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
