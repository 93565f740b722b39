/*
 * Tests of the LCI solver's own code paths (lib/lci.c, the per-iteration entry points of
 * lib/lci_mc.c): tables changed by hand after the import, a near-singular loop, summed duplicate
 * links, systems without counted flows, and the Monte Carlo workspace that re-solves with
 * sampled values (kept pivots, a new factorisation when they do not fit, a singular draw). Every
 * system is the two-process loop of tests/data/lci/loop changed with SQL, its answers worked out by
 * hand. Linked with the static library for the internal header. Paths: LCI_DATA_DIR; work dir =
 * cwd. GPL-3.0-or-later; see LICENSE.
 */
#include <pcf/pcf.h>

#include "testutil.h"
#include "../lib/lci_internal.h"

#include <sqlite3.h>

/* The loop of tests/data/lci/loop, imported under "loop" into FILE, then @p sql applied
 * (with ?1 bound to @p x when the statement has a parameter). */
static void loop_db(const char *file, const char *sql, double x)
{
    remove(file);
    pcf_db *db = NULL;
    pcf_error err;
    assert_int_equal(pcf_db_open(file, PCF_DB_CREATE, &db, &err), PCF_OK);
    char path[1024];
    snprintf(path, sizeof path, "%s/loop", LCI_DATA_DIR);
    if (pcf_lci_import(db, "loop", path, NULL, 0, &err) != PCF_OK)
        fail_msg("import: %s", err.message);
    pcf_db_close(db);
    if (!sql)
        return;
    sqlite3 *s = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open(file, &s), SQLITE_OK);
    for (const char *tail = sql; *tail;) {
        assert_int_equal(sqlite3_prepare_v2(s, tail, -1, &st, &tail), SQLITE_OK);
        if (!st)
            break;
        if (sqlite3_bind_parameter_count(st) > 0)
            sqlite3_bind_double(st, 1, x);
        assert_int_equal(sqlite3_step(st), SQLITE_DONE);
        sqlite3_finalize(st);
    }
    sqlite3_close(s);
}

/* Opens "loop" in FILE; returns the status, the message in err. */
static pcf_status open_loop(const char *file, pcf_lci **lci, pcf_error *err)
{
    pcf_db *db = NULL;
    assert_int_equal(pcf_db_open(file, PCF_DB_READ_ONLY, &db, err), PCF_OK);
    pcf_status s = pcf_lci_open(db, "loop", PCF_GWP_AR6, lci, err);
    pcf_db_close(db);
    return s;
}

/* Rows the import never writes are refused, naming the row and telling to import again. */
static void test_inconsistent_tables(void **state)
{
    (void)state;
    static const struct {
        const char *sql, *says, *names;
    } cases[] = {
        /* a column that is not the rank of the @id (p-a is first in byte order) */
        {"UPDATE lci_processes SET idx = idx + 10 WHERE id = 'p-a'", "is not the rank", "p-a"},
        /* a link to a process that is not there */
        {"UPDATE lci_exchanges SET provider = 'p-zz' WHERE process = 'p-a' AND role = 'linked'",
         "provider that is not a process", "p-zz"},
        /* an elementary exchange of a flow that is no longer elementary */
        {"UPDATE lci_flows SET type = 'PRODUCT_FLOW' WHERE id = 'f-co2'", "not elementary",
         "f-co2"},
        /* an exchange of a process that is not listed (p-0 sorts before p-a) */
        {"UPDATE lci_exchanges SET process = 'p-0' WHERE process = 'p-a' AND role = 'elementary'",
         "not listed", "p-0"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        loop_db("lci-solve-bad.db", cases[i].sql, 0);
        pcf_lci *lci = NULL;
        pcf_error err;
        assert_int_equal(open_loop("lci-solve-bad.db", &lci, &err), PCF_ERR_DATABASE);
        assert_null(lci);
        assert_contains(err.message, cases[i].says);
        assert_contains(err.message, cases[i].names);
        assert_contains(err.message, "--replace");
    }
    /* a table without a column pcf reads (the file damaged or made by something else) */
    static const char *const dropped[] = {"ALTER TABLE lci_processes DROP COLUMN location",
                                          "ALTER TABLE lci_flows DROP COLUMN compartment",
                                          "ALTER TABLE lci_exchanges DROP COLUMN provider"};
    for (size_t i = 0; i < sizeof dropped / sizeof dropped[0]; i++) {
        loop_db("lci-solve-bad.db", dropped[i], 0);
        pcf_lci *lci = NULL;
        pcf_error err;
        assert_int_equal(open_loop("lci-solve-bad.db", &lci, &err), PCF_ERR_DATABASE);
        assert_contains(err.message, "reading the LCI database: no such column");
    }
}

/* P needs 1 kg Q and Q needs 1 − 2⁻⁵⁰ kg P: A = [[1, −(1 − 2⁻⁵⁰)], [−1, 1]]. Both rows have
 * largest entry 1 (no scaling); with either pivot first the pivots are 1 and
 * 1 − 1·(1 − 2⁻⁵⁰) = 2⁻⁵⁰ exactly, so the reciprocal condition estimate is 2⁻⁵⁰ =
 * 8.881784197001252e-16 ≤ 1e-14: near-singular, and the process of the second pivot named. */
static void test_near_singular(void **state)
{
    (void)state;
    loop_db("lci-solve-near.db",
            "UPDATE lci_exchanges SET amount_ref = 1 WHERE process = 'p-a' AND role = 'linked';"
            "UPDATE lci_exchanges SET amount_ref = ?1 WHERE process = 'p-b' AND role = 'linked'",
            1 - ldexp(1, -50));
    pcf_lci *lci = NULL;
    pcf_error err;
    assert_int_equal(open_loop("lci-solve-near.db", &lci, &err), PCF_ERR_DATA_MISSING);
    assert_null(lci);
    assert_contains(err.message, "is near-singular (reciprocal condition estimate "
                                 "8.881784197001252e-16)");
    assert_true(strstr(err.message, "\"Make P\" (p-a)") || strstr(err.message, "\"Make Q\" (p-b)"));
    /* one pivot only is (near) zero: one process named */
    assert_null(strstr(err.message, "), \""));
}

/* A second link of Make P to Q (another 0.5 kg, as exchange n = 99, after the CO2) is summed
 * into the same entry: A = [[1, −0.2], [−1, 1]], det = 1 − 0.2 = 0.8. Per kg P the scaling is
 * s = (1, 1)/0.8, so CO2 = (1·1 + 2·1)/0.8 = 3.75 kg; per kg Q s = (0.2, 1)/0.8 and
 * CO2 = (0.2 + 2)/0.8 = 2.75 kg. A keeps 4 entries. */
static void test_duplicate_links(void **state)
{
    (void)state;
    loop_db("lci-solve-dup.db",
            "INSERT INTO lci_exchanges (lcidb, process, n, id, flow, input, amount, unit, "
            "unit_id, property, amount_ref, role, provider) SELECT lcidb, process, 99, '', flow, "
            "input, amount, unit, unit_id, property, amount_ref, role, provider FROM "
            "lci_exchanges WHERE process = 'p-a' AND role = 'linked'",
            0);
    pcf_lci *lci = NULL;
    pcf_error err;
    assert_int_equal(open_loop("lci-solve-dup.db", &lci, &err), PCF_OK);
    assert_int_equal(pcf_lci_matrix_nonzeros(lci), 4);
    assert_double_close(pcf_lci_co2e(lci, 0, PCF_LCI_TOTAL), 3.75, 1e-12, 0);
    assert_double_close(pcf_lci_co2e(lci, 1, PCF_LCI_TOTAL), 2.75, 1e-12, 0);
    const int *cp, *ri;
    const double *v;
    assert_int_equal(pcf_lci_technology(lci, &cp, &ri, &v), 4);
    /* column P: row P 1, row Q −0.5 − 0.5; rows ascending */
    assert_int_equal(cp[1], 2);
    assert_int_equal(ri[0], 0);
    assert_int_equal(ri[1], 1);
    assert_true(v[1] == -1);
    /* column Q was published reference first (row Q), then the link (row P): sorted */
    assert_int_equal(ri[2], 0);
    assert_true(v[2] == -0.2);
    assert_true(v[3] == 1);
    pcf_lci_destroy(lci);
}

/* Without elementary exchanges B is empty and every result 0; with the CO2 flow's reference
 * unit changed to g the flow is kept in B (its inventory is still (2, 2.2)/0.9, as in
 * test_loop of test_lci.c) but not counted, because a counted flow must be in kg. */
static void test_uncounted(void **state)
{
    (void)state;
    loop_db("lci-solve-noel.db", "DELETE FROM lci_exchanges WHERE role = 'elementary'", 0);
    pcf_lci *lci = NULL;
    pcf_error err;
    assert_int_equal(open_loop("lci-solve-noel.db", &lci, &err), PCF_OK);
    assert_int_equal(pcf_lci_flow_count(lci), 0);
    assert_int_equal(pcf_lci_intervention(lci, NULL, NULL, NULL), 0);
    assert_true(pcf_lci_co2e(lci, 0, PCF_LCI_TOTAL) == 0);
    assert_true(pcf_lci_co2e(lci, 1, PCF_LCI_FOSSIL) == 0);
    double inv[2];
    assert_int_equal(pcf_lci_inventory(lci, "f-co2", inv, &err), PCF_ERR_NOT_FOUND);
    pcf_lci_contribution *c = NULL;
    size_t n = 9;
    assert_int_equal(pcf_lci_contributions(lci, 0, 0, &c, &n, NULL, &err), PCF_OK);
    assert_int_equal(n, 0);
    pcf_free(c);
    pcf_lci_destroy(lci);

    loop_db("lci-solve-g.db", "UPDATE lci_flows SET ref_unit = 'g' WHERE id = 'f-co2'", 0);
    assert_int_equal(open_loop("lci-solve-g.db", &lci, &err), PCF_OK);
    assert_int_equal(pcf_lci_flow_count(lci), 1);
    assert_true(pcf_lci_co2e(lci, 0, PCF_LCI_TOTAL) == 0);
    assert_true(pcf_lci_gas_kg(lci, 0, PCF_GAS_CO2_FOSSIL) == 0);
    assert_int_equal(pcf_lci_inventory(lci, "f-co2", inv, &err), PCF_OK);
    assert_double_close(inv[0], 2 / 0.9, 1e-12, 0);
    assert_double_close(inv[1], 2.2 / 0.9, 1e-12, 0);
    pcf_lci_destroy(lci);
}

/* Bad arguments of pcf_lci_open() and of the accessors' range checks. */
static void test_open_arguments(void **state)
{
    (void)state;
    loop_db("lci-solve-args.db", NULL, 0);
    pcf_db *db = NULL;
    pcf_error err;
    assert_int_equal(pcf_db_open("lci-solve-args.db", PCF_DB_READ_ONLY, &db, &err), PCF_OK);
    pcf_lci dummy;
    pcf_lci *lci = &dummy; /* set to NULL on failure */
    assert_int_equal(pcf_lci_open(db, "bad name!", PCF_GWP_AR6, &lci, &err), PCF_ERR_INVALID_ARG);
    assert_null(lci);
    assert_int_equal(pcf_lci_open(db, "loop", (pcf_gwp_set)99, &lci, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_lci_open(db, "other", PCF_GWP_AR6, &lci, &err), PCF_ERR_NOT_FOUND);
    assert_contains(err.message, "no LCI database named \"other\"");
    assert_int_equal(pcf_lci_open(db, "loop", PCF_GWP_AR6, &lci, &err), PCF_OK);
    assert_true(pcf_lci_co2e(lci, 2, PCF_LCI_TOTAL) == 0);
    assert_true(pcf_lci_co2e(lci, 0, (pcf_lci_part)PCF__LCI_PARTS) == 0);
    assert_true(pcf_lci_gas_kg(lci, 0, (pcf_gas)pcf_gas_count()) == 0);
    assert_true(pcf_lci_gas_kg(lci, 5, PCF_GAS_CO2_FOSSIL) == 0);
    assert_string_equal(pcf_lci_process_id(lci, 2), "");
    size_t i = 7;
    /* no process has it, and nothing resembles it */
    assert_int_equal(pcf_lci_find(lci, "zzz", &i, &err), PCF_ERR_NOT_FOUND);
    assert_null(strstr(err.message, "did you mean"));
    assert_int_equal(i, 7);
    pcf_lci_destroy(lci);
    pcf_db_close(db);
}

/*
 * The Monte Carlo workspace (pcf__lci_mc_work_init, pcf__lci_mc_solve) on the loop: published A =
 * [[1, −0.2], [−0.5, 1]], direct CO2e d = (1, 2).
 *  1. As published: y = A⁻ᵀ d = (2, 2.2)/0.9 with the kept pivots (rcond 0.9: pivots 1, 0.9).
 *  2. A drawn as [[ε, −1], [−1, ε]], ε = 1e-4 (no database has it; it makes the kept diagonal
 *     pivots useless: ε, then ε − 1/ε, rcond ε² / (1 − ε²) = 1e-8 < 1e-3 × 0.9): a new
 *     factorisation with pivoting, which takes the off-diagonal −1 (ε is below KLU's diagonal
 *     tolerance 0.001 of the column's largest): pivots −1 and −1 + ε², rcond 1 − ε² > 0.9.
 *     Aᵀ = A, and Aᵀ y = (1, 2) gives y1 = −(2 + ε)/(1 − ε²), y2 = −(1 + 2ε)/(1 − ε²).
 *  3. A drawn singular, [[1, −1], [−1, 1]]: PCF_ERR_DATA_MISSING, rcond 0.
 *  4. As published again: the workspace recovers, the kept pivots fit again.
 * The positions in Ax are column P's (row P, row Q), then column Q's (row P, row Q).
 */
static void test_workspace(void **state)
{
    (void)state;
    loop_db("lci-solve-ws.db", NULL, 0);
    pcf_lci *lci = NULL;
    pcf_error err;
    assert_int_equal(open_loop("lci-solve-ws.db", &lci, &err), PCF_OK);
    assert_int_equal(lci->nnz, 4);
    pcf__lci_mc_work ws, *w = &ws;
    assert_int_equal(pcf__lci_mc_work_init(lci, w), PCF_OK);
    assert_int_equal(pcf__lci_mc_solve(lci, w), PCF_OK);
    assert_int_equal(w->refactored, 1);
    assert_double_close(w->rcond, 0.9, 1e-15, 0);
    assert_double_close(w->y[0], 2 / 0.9, 1e-14, 0);
    assert_double_close(w->y[1], 2.2 / 0.9, 1e-14, 0);

    const double e = 1e-4;
    const double drawn[4] = {e, -1, -1, e};
    memcpy(w->Ax, drawn, sizeof drawn);
    assert_int_equal(pcf__lci_mc_solve(lci, w), PCF_OK);
    assert_int_equal(w->refactored, 0);
    assert_true(w->rcond > 0.9);
    assert_double_close(w->y[0], -(2 + e) / (1 - e * e), 1e-12, 0);
    assert_double_close(w->y[1], -(1 + 2 * e) / (1 - e * e), 1e-12, 0);

    const double singular[4] = {1, -1, -1, 1};
    memcpy(w->Ax, singular, sizeof singular);
    assert_int_equal(pcf__lci_mc_solve(lci, w), PCF_ERR_DATA_MISSING);
    assert_true(w->rcond == 0);

    memcpy(w->Ax, lci->Ax, sizeof drawn);
    assert_int_equal(pcf__lci_mc_solve(lci, w), PCF_OK);
    assert_int_equal(w->refactored, 1);
    assert_double_close(w->y[1], 2.2 / 0.9, 1e-14, 0);
    pcf__lci_mc_work_free(w);
    pcf__lci_mc_work_free(w); /* a freed (zeroed) workspace may be freed again */
    pcf_lci_destroy(lci);
}

/* The accessors' answers for a NULL handle and NULL out-pointers, and pcf_lci_find's
 * suggestions: the loop's processes are "Make P" (p-a) and "Make Q" (p-b). */
static void test_accessors_and_find(void **state)
{
    (void)state;
    loop_db("lci-solve-acc.db", NULL, 0);
    pcf_lci *lci = NULL;
    pcf_error err;
    assert_int_equal(open_loop("lci-solve-acc.db", &lci, &err), PCF_OK);
    /* a NULL handle: empty answers, no crash */
    assert_int_equal(pcf_lci_process_count(NULL), 0);
    assert_string_equal(pcf_lci_name(NULL), "");
    assert_string_equal(pcf_lci_process_name(NULL, 0), "");
    assert_string_equal(pcf_lci_process_location(NULL, 0), "");
    assert_string_equal(pcf_lci_process_unit(NULL, 0), "");
    assert_string_equal(pcf_lci_flow_id(NULL, 0), "");
    assert_true(pcf_lci_process_scale(NULL, 0) == 0);
    assert_int_equal(pcf_lci_gwp_set(NULL), PCF_GWP_DEFAULT);
    const int *cp = &(int){1}, *ri = &(int){1};
    const double *v = &(double){1};
    assert_int_equal(pcf_lci_technology(NULL, &cp, &ri, &v), 0);
    assert_null(cp);
    assert_null(ri);
    assert_null(v);
    assert_int_equal(pcf_lci_intervention(NULL, &cp, &ri, &v), 0);
    assert_null(cp);
    assert_null(ri);
    assert_null(v);
    /* only the counts wanted: A has 4 entries, B the two CO2 emissions (1 and 2 kg) */
    assert_int_equal(pcf_lci_technology(lci, NULL, NULL, NULL), 4);
    assert_int_equal(pcf_lci_intervention(lci, NULL, NULL, NULL), 2);
    /* names and units past the last process are empty */
    assert_string_equal(pcf_lci_process_name(lci, 2), "");
    assert_string_equal(pcf_lci_process_location(lci, 2), "");
    assert_string_equal(pcf_lci_process_unit(lci, 2), "");
    assert_string_equal(pcf_lci_process_location(lci, 0), "US");
    assert_string_equal(pcf_lci_flow_id(lci, 1), "");

    size_t i = 9;
    assert_int_equal(pcf_lci_find(NULL, "p-a", &i, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_lci_find(lci, NULL, &i, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_lci_find(lci, "p-a", NULL, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(i, 9);
    /* by name, case-sensitive; a case-insensitive part of a name is suggested, both names */
    assert_int_equal(pcf_lci_find(lci, "Make Q", &i, &err), PCF_OK);
    assert_int_equal(i, 1);
    assert_int_equal(pcf_lci_find(lci, "make", &i, &err), PCF_ERR_NOT_FOUND);
    assert_string_equal(err.message, "no process of \"loop\" has the @id or name \"make\"; did "
                                     "you mean \"Make P\", \"Make Q\"");
    assert_int_equal(pcf_lci_find(lci, "ke q", &i, &err), PCF_ERR_NOT_FOUND);
    assert_string_equal(err.message, "no process of \"loop\" has the @id or name \"ke q\"; did "
                                     "you mean \"Make Q\"");
    /* an empty text resembles nothing */
    assert_int_equal(pcf_lci_find(lci, "", &i, &err), PCF_ERR_NOT_FOUND);
    assert_string_equal(err.message, "no process of \"loop\" has the @id or name \"\"");

    double x[2];
    assert_int_equal(pcf_lci_inventory(NULL, "f-co2", x, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_lci_inventory(lci, NULL, x, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_lci_inventory(lci, "f-co2", NULL, &err), PCF_ERR_INVALID_ARG);
    pcf_lci_contribution *c = (pcf_lci_contribution *)&x;
    size_t n = 7;
    double rest = 5;
    assert_int_equal(pcf_lci_contributions(lci, 2, 0, &c, &n, &rest, &err), PCF_ERR_INVALID_ARG);
    assert_null(c);
    assert_int_equal(n, 0);
    assert_true(rest == 0);
    assert_int_equal(pcf_lci_contributions(NULL, 0, 0, &c, &n, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_lci_contributions(lci, 0, 0, NULL, &n, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_lci_contributions(lci, 0, 0, &c, NULL, NULL, &err), PCF_ERR_INVALID_ARG);
    pcf_lci_destroy(lci);
}

/* Factor rows of processes whose location is not a region code (stored as GLO), whose unit is
 * openLCA's "Item(s)" (pcf's item) and whose source is a folder given with a trailing slash
 * (named whole). The loop's totals: p-a 2/0.9 kg CO2e per unit (test_uncounted); the unit of
 * p-b, "bushel", is no unit pcf knows: its row is skipped. */
static void test_store_edges(void **state)
{
    (void)state;
    loop_db("lci-solve-store.db",
            "UPDATE lci_processes SET location = 'Mars', ref_unit = 'Item(s)' WHERE id = 'p-a';"
            "UPDATE lci_processes SET ref_unit = 'bushel' WHERE id = 'p-b';"
            "UPDATE lci_databases SET source = 'exports/'",
            0);
    pcf_db *db = NULL;
    pcf_error err;
    assert_int_equal(pcf_db_open("lci-solve-store.db", PCF_DB_READ_WRITE, &db, &err), PCF_OK);
    pcf_lci *lci = NULL;
    assert_int_equal(pcf_lci_open(db, "loop", PCF_GWP_AR6, &lci, &err), PCF_OK);
    size_t rows = 0, skipped = 0;
    assert_int_equal(pcf_lci_store_factors(lci, db, "CC0-1.0", &rows, &skipped, &err), PCF_OK);
    assert_int_equal(rows, 1);
    assert_int_equal(skipped, 1);
    pcf_factor *f = NULL;
    assert_int_equal(pcf_db_get_factor(db, "loop:p-a", &f, &err), PCF_OK);
    assert_string_equal(pcf_factor_region(f), "GLO");
    assert_string_equal(pcf_unit_symbol(pcf_factor_unit(f)), "item");
    assert_double_close(pcf_factor_kg_co2e(f), 2 / 0.9, 1e-12, 0);
    assert_contains(pcf_factor_source(f), "per 1 Item(s) of the reference flow; docs/lci.md) "
                                          "from exports/");
    pcf_factor_destroy(f);
    assert_int_equal(pcf_db_get_factor(db, "loop:p-b", &f, &err), PCF_ERR_NOT_FOUND);
    /* an empty licence is refused, and nothing is counted */
    assert_int_equal(pcf_lci_store_factors(lci, db, "", &rows, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(rows, 0);
    pcf_lci_destroy(lci);
    pcf_db_close(db);
}

/* lci info on a database whose CO2 flow was renamed so that no flow-map row matches it: it
 * is listed under unmapped_ghg (its name says carbon dioxide) with its two exchanges (one
 * emission per process of the loop), and nothing is counted any more. */
static void test_info_unmapped(void **state)
{
    (void)state;
    loop_db("lci-solve-info.db",
            "UPDATE lci_flows SET name = 'Carbon dioxide, from the moon' WHERE id = 'f-co2'", 0);
    pcf_db *db = NULL;
    pcf_error err;
    assert_int_equal(pcf_db_open("lci-solve-info.db", PCF_DB_READ_ONLY, &db, &err), PCF_OK);
    char *json = NULL;
    assert_int_equal(pcf_lci_info_json(db, "loop", &json, &err), PCF_OK);
    assert_contains(json, "\"flow\": \"f-co2\"");
    assert_contains(json, "\"name\": \"Carbon dioxide, from the moon\"");
    assert_contains(json, "\"exchanges\": 2");
    const char *u = strstr(json, "\"unmapped_ghg\"");
    assert_non_null(u);
    assert_non_null(strstr(u, "f-co2"));
    assert_non_null(strstr(u, "\"exchanges\": 2"));
    assert_null(strstr(strstr(json, "\"no_gwp\""), "f-co2"));
    pcf_free(json);
    pcf_lci *lci = NULL;
    assert_int_equal(pcf_lci_open(db, "loop", PCF_GWP_AR6, &lci, &err), PCF_OK);
    assert_true(pcf_lci_co2e(lci, 0, PCF_LCI_TOTAL) == 0);
    pcf_lci_destroy(lci);
    /* another name is not imported */
    assert_int_equal(pcf_lci_info_json(db, "other", &json, &err), PCF_ERR_NOT_FOUND);
    assert_null(json);
    pcf_db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inconsistent_tables), cmocka_unit_test(test_near_singular),
        cmocka_unit_test(test_duplicate_links),     cmocka_unit_test(test_uncounted),
        cmocka_unit_test(test_open_arguments),      cmocka_unit_test(test_workspace),
        cmocka_unit_test(test_accessors_and_find),  cmocka_unit_test(test_store_edges),
        cmocka_unit_test(test_info_unmapped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
