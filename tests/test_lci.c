/*
 * Tests of the LCI engine (include/pcf/lci.h): the USLCI import with its counts, linking
 * decisions and unit conversions; hand-computed systems (a loop, a chain with unit conversions,
 * a co-product with allocation factors, a singular system); bad sources; the factor rows that
 * `solve` stores; the schema upgrade from version 1; Monte Carlo (a closed form, determinism).
 * Paths: LCI_DATA_DIR (the hand-made JSON-LD folders), LCI_USLCI_ZIP (data/lci), work dir = cwd.
 * GPL-3.0-or-later; see LICENSE.
 */
#include <pcf/pcf.h>

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

static pcf_db *fresh_db(const char *file)
{
    remove(file);
    pcf_db *db = NULL;
    pcf_error err;
    assert_int_equal(pcf_db_open(file, PCF_DB_CREATE, &db, &err), PCF_OK);
    return db;
}

static pcf_db *import_fixture(const char *system, const char *name)
{
    char path[1024], dbfile[256];
    snprintf(path, sizeof path, "%s/%s", LCI_DATA_DIR, system);
    snprintf(dbfile, sizeof dbfile, "lci-%s.db", system);
    pcf_db *db = fresh_db(dbfile);
    pcf_error err;
    pcf_status s = pcf_lci_import(db, name, path, NULL, 0, &err);
    if (s != PCF_OK)
        fail_msg("import %s: %s", system, err.message);
    return db;
}

/* Two processes in a loop: A = [[1, -0.2], [-0.5, 1]] (P needs 0.5 kg Q, Q needs 0.2 kg P),
 * direct CO2 1 and 2 kg. By hand: det = 1 - 0.1 = 0.9; per kg P, s = (1, 0.5)/0.9 and
 * CO2 = (1 + 2·0.5)/0.9 = 2/0.9; per kg Q, s = (0.2, 1)/0.9 and CO2 = (0.2 + 2)/0.9 = 2.2/0.9. */
static void test_loop(void **state)
{
    (void)state;
    pcf_db *db = import_fixture("loop", "loop");
    pcf_lci *lci = NULL;
    pcf_error err;
    assert_int_equal(pcf_lci_open(db, "loop", PCF_GWP_AR6, &lci, &err), PCF_OK);
    assert_int_equal(pcf_lci_process_count(lci), 2);
    assert_int_equal(pcf_lci_matrix_nonzeros(lci), 4);
    size_t a, b;
    assert_int_equal(pcf_lci_find(lci, "p-a", &a, &err), PCF_OK);
    assert_int_equal(pcf_lci_find(lci, "Make Q", &b, &err), PCF_OK);
    assert_string_equal(pcf_lci_process_id(lci, b), "p-b");
    assert_string_equal(pcf_lci_process_name(lci, a), "Make P");
    assert_string_equal(pcf_lci_process_location(lci, a), "US");
    assert_string_equal(pcf_lci_process_unit(lci, a), "kg");
    assert_string_equal(pcf_lci_name(lci), "loop");
    assert_int_equal(pcf_lci_gwp_set(lci), PCF_GWP_AR6);
    assert_double_close(pcf_lci_co2e(lci, a, PCF_LCI_TOTAL), 2 / 0.9, 1e-12, 0);
    assert_double_close(pcf_lci_co2e(lci, b, PCF_LCI_TOTAL), 2.2 / 0.9, 1e-12, 0);
    assert_double_close(pcf_lci_co2e(lci, a, PCF_LCI_FOSSIL), 2 / 0.9, 1e-12, 0);
    assert_true(pcf_lci_co2e(lci, a, PCF_LCI_BIOGENIC) == 0);
    assert_double_close(pcf_lci_gas_kg(lci, a, PCF_GAS_CO2_FOSSIL), 2 / 0.9, 1e-12, 0);
    /* the cumulative inventory of the CO2 flow is the same numbers, for both at once */
    double inv[2];
    assert_int_equal(pcf_lci_inventory(lci, "f-co2", inv, &err), PCF_OK);
    assert_double_close(inv[a], 2 / 0.9, 1e-12, 0);
    assert_double_close(inv[b], 2.2 / 0.9, 1e-12, 0);
    assert_int_equal(pcf_lci_inventory(lci, "no-such-flow", inv, &err), PCF_ERR_NOT_FOUND);
    /* contributions per kg Q: Make Q itself 2·1/0.9 (scaling 1/0.9), Make P 1·0.2/0.9 */
    pcf_lci_contribution *c = NULL;
    size_t n = 0;
    double rest = -1;
    assert_int_equal(pcf_lci_contributions(lci, b, 1, &c, &n, &rest, &err), PCF_OK);
    assert_int_equal(n, 1);
    assert_int_equal(c[0].process, b);
    assert_double_close(c[0].scaling, 1 / 0.9, 1e-12, 0);
    assert_double_close(c[0].kg_co2e, 2 / 0.9, 1e-12, 0);
    assert_double_close(rest, 0.2 / 0.9, 1e-12, 0);
    pcf_free(c);
    assert_int_equal(pcf_lci_contributions(lci, 7, 1, &c, &n, &rest, &err), PCF_ERR_INVALID_ARG);
    /* the matrices as factorised: A's columns (Make P: 1 kg P out, 0.5 kg Q in; Make Q: 0.2 kg
     * P in, 1 kg Q out) and B's one row, the CO2 flow (1 and 2 kg) */
    const int *cp, *ri;
    const double *v;
    assert_int_equal(pcf_lci_technology(lci, &cp, &ri, &v), 4);
    assert_int_equal(cp[a + 1] - cp[a], 2);
    for (int k = cp[a]; k < cp[a + 1]; k++)
        assert_true(v[k] == ((size_t)ri[k] == a ? 1 : -0.5));
    for (int k = cp[b]; k < cp[b + 1]; k++)
        assert_true(v[k] == ((size_t)ri[k] == b ? 1 : -0.2));
    assert_int_equal(pcf_lci_flow_count(lci), 1);
    assert_string_equal(pcf_lci_flow_id(lci, 0), "f-co2");
    assert_string_equal(pcf_lci_flow_id(lci, 1), "");
    assert_int_equal(pcf_lci_intervention(lci, &cp, &ri, &v), 2);
    for (int k = cp[0]; k < cp[1]; k++)
        assert_true(v[k] == ((size_t)ri[k] == a ? 1 : 2));
    assert_true(pcf_lci_process_scale(lci, a) == 1);
    assert_true(pcf_lci_process_scale(lci, 9) == 0);
    assert_int_equal(pcf_lci_find(lci, "Make", &a, &err), PCF_ERR_NOT_FOUND);
    assert_contains(err.message, "did you mean \"Make P\"");
    pcf_lci_destroy(lci);
    pcf_db_close(db);
}

/* A chain with unit conversions: electricity per 1 kWh (0.5 kg CO2), steel needing 3.6 MJ
 * (= 1 kWh) and 1 kg CO2 per kg, a part needing 0.002 t (= 2 kg) steel and emitting 0.1 kg
 * fossil CH4. Per kg part by hand: CO2 = 2·(1 + 0.5) = 3 kg; CH4 0.1 kg × 29.8 (AR6 fossil
 * methane, data/gwp.csv) = 2.98; total 5.98 kg CO2e. Electricity per kWh: 0.5. */
static void test_chain_units(void **state)
{
    (void)state;
    pcf_db *db = import_fixture("chain", "chain");
    pcf_lci *lci = NULL;
    pcf_error err;
    assert_int_equal(pcf_lci_open(db, "chain", PCF_GWP_AR6, &lci, &err), PCF_OK);
    size_t e, c;
    assert_int_equal(pcf_lci_find(lci, "p-e", &e, &err), PCF_OK);
    assert_int_equal(pcf_lci_find(lci, "p-c", &c, &err), PCF_OK);
    assert_double_close(pcf_lci_gas_kg(lci, e, PCF_GAS_CO2_FOSSIL), 3, 1e-12, 0);
    assert_double_close(pcf_lci_gas_kg(lci, e, PCF_GAS_CH4_FOSSIL), 0.1, 1e-12, 0);
    assert_double_close(pcf_lci_co2e(lci, e, PCF_LCI_TOTAL), 5.98, 1e-12, 0);
    assert_double_close(pcf_lci_co2e(lci, c, PCF_LCI_TOTAL), 0.5, 1e-12, 0);
    assert_string_equal(pcf_lci_process_unit(lci, c), "kWh");
    pcf_lci_destroy(lci);
    /* AR5 fossil methane is 30 (data/gwp.csv): 3 + 3 = 6 */
    assert_int_equal(pcf_lci_open(db, "chain", PCF_GWP_AR5, &lci, &err), PCF_OK);
    assert_double_close(pcf_lci_co2e(lci, e, PCF_LCI_TOTAL), 6, 1e-12, 0);
    pcf_lci_destroy(lci);
    /* both links needed a conversion, and info says so */
    char *info = NULL;
    assert_int_equal(pcf_lci_info_json(db, "chain", &info, &err), PCF_OK);
    assert_contains(info, "MJ -> kWh x 0.27777777777777");
    assert_contains(info, "t -> kg x 1000");
    pcf_free(info);
    assert_int_equal(pcf_lci_info_json(db, "nothing", &info, &err), PCF_ERR_NOT_FOUND);
    pcf_db_close(db);
}

/* A co-product with physical allocation factors 0.75 (P) / 0.25 (Q) and 4 kg CO2: the
 * reference product P carries 0.75 × 4 = 3 kg. */
static void test_coproduct_allocation(void **state)
{
    (void)state;
    pcf_db *db = import_fixture("coproduct", "cop");
    pcf_lci *lci = NULL;
    pcf_error err;
    assert_int_equal(pcf_lci_open(db, "cop", PCF_GWP_AR6, &lci, &err), PCF_OK);
    assert_double_close(pcf_lci_co2e(lci, 0, PCF_LCI_TOTAL), 3, 1e-12, 0);
    pcf_lci_destroy(lci);
    pcf_db_close(db);
}

/* Each process needs exactly what the other makes: A = [[1, -1], [-1, 1]] is singular. */
static void test_singular(void **state)
{
    (void)state;
    pcf_db *db = import_fixture("singular", "sing");
    pcf_lci *lci = NULL;
    pcf_error err;
    assert_int_equal(pcf_lci_open(db, "sing", PCF_GWP_AR6, &lci, &err), PCF_ERR_DATA_MISSING);
    assert_null(lci);
    assert_contains(err.message, "singular");
    assert_true(strstr(err.message, "Make P from Q") || strstr(err.message, "Make Q from P"));
    pcf_db_close(db);
}

/* A bad file leaves the database unchanged and the error names file, @id and key. */
static void test_bad_sources(void **state)
{
    (void)state;
    pcf_db *db = fresh_db("lci-bad.db");
    pcf_error err;
    char path[1024];
    snprintf(path, sizeof path, "%s/bad", LCI_DATA_DIR);
    assert_int_equal(pcf_lci_import(db, "bad", path, NULL, 0, &err), PCF_ERR_PARSE);
    assert_contains(err.file, "p-bad.json");
    assert_contains(err.message, "@id \"p-bad\"");
    assert_contains(err.message, "exchanges[1].unit.@id");
    char *info = NULL;
    assert_int_equal(pcf_lci_info_json(db, "bad", &info, &err), PCF_ERR_NOT_FOUND);
    /* an impossible conversion names process, exchange and both units */
    snprintf(path, sizeof path, "%s/badunit", LCI_DATA_DIR);
    assert_int_equal(pcf_lci_import(db, "bu", path, NULL, 0, &err), PCF_ERR_UNIT);
    assert_contains(err.message, "p-x");
    assert_contains(err.message, "exchanges[1] is in \"MJ\"");
    assert_contains(err.message, "\"kg\"");
    assert_int_equal(pcf_lci_import(db, "bad name!", path, NULL, 0, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_lci_import(db, "x", "/no/such/place", NULL, 0, &err), PCF_ERR_IO);
    assert_int_equal(pcf_lci_import(db, "x", path, NULL, 8, &err), PCF_ERR_INVALID_ARG);
    pcf_lci *lci = NULL;
    assert_int_equal(pcf_lci_open(db, "bad", PCF_GWP_AR6, &lci, &err), PCF_ERR_NOT_FOUND);
    /* a second import under a name in use needs PCF_LCI_REPLACE */
    snprintf(path, sizeof path, "%s/loop", LCI_DATA_DIR);
    assert_int_equal(pcf_lci_import(db, "loop", path, NULL, 0, &err), PCF_OK);
    assert_int_equal(pcf_lci_import(db, "loop", path, NULL, 0, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_lci_import(db, "loop", path, NULL, PCF_LCI_REPLACE, &err), PCF_OK);
    pcf_db_close(db);
}

/* The results as factor rows: found by code and by search, with the licence given. */
static void test_store_factors(void **state)
{
    (void)state;
    pcf_db *db = import_fixture("loop", "loop");
    pcf_lci *lci = NULL;
    pcf_error err;
    assert_int_equal(pcf_lci_open(db, "loop", PCF_GWP_AR6, &lci, &err), PCF_OK);
    size_t rows = 0, skipped = 9;
    assert_int_equal(pcf_lci_store_factors(lci, db, "CC0-1.0", &rows, &skipped, &err), PCF_OK);
    assert_int_equal(rows, 2);
    assert_int_equal(skipped, 0);
    /* twice: the rows are replaced, not duplicated */
    assert_int_equal(pcf_lci_store_factors(lci, db, "CC0-1.0", &rows, &skipped, &err), PCF_OK);
    pcf_factor *f = NULL;
    assert_int_equal(pcf_db_get_factor(db, "loop:p-a", &f, &err), PCF_OK);
    assert_double_close(pcf_factor_kg_co2e(f), 2 / 0.9, 1e-15, 0);
    assert_string_equal(pcf_factor_license(f), "CC0-1.0");
    assert_string_equal(pcf_factor_category(f), "lci");
    assert_string_equal(pcf_factor_region(f), "US");
    /* the source names the imported folder ("loop"), not the path it had on this machine
     * (LCI_DATA_DIR is absolute; the row used to carry it whole) */
    const char *src = pcf_factor_source(f);
    assert_non_null(strstr(src, "process p-a"));
    size_t n = strlen(src);
    assert_true(n > 10);
    assert_string_equal(src + n - 10, " from loop");
    pcf_factor_destroy(f);
    pcf_factor_list *list = NULL;
    assert_int_equal(pcf_db_search(db, "Make Q", NULL, NULL, PCF_DIM_NONE, 0, &list, &err), PCF_OK);
    assert_int_equal(pcf_factor_list_count(list), 1);
    pcf_factor_list_destroy(list);
    assert_int_equal(pcf_lci_store_factors(lci, db, "", &rows, &skipped, &err),
                     PCF_ERR_INVALID_ARG);
    pcf_lci_destroy(lci);
    pcf_db_close(db);
}

/* All of USLCI: the counts of the source's README, the two ambiguous providers, the cut-offs,
 * the 60 links with a unit conversion, no unmapped greenhouse-gas flow, and a choice file. */
static void test_uslci(void **state)
{
    (void)state;
    pcf_db *db = fresh_db("lci-uslci.db");
    pcf_error err;
    assert_int_equal(pcf_lci_import(db, "uslci", LCI_USLCI_ZIP, NULL, 0, &err), PCF_OK);
    char *info = NULL;
    assert_int_equal(pcf_lci_info_json(db, "uslci", &info, &err), PCF_OK);
    /* counted from the files (data/lci/README.md) */
    assert_contains(info, "\"processes\": 766");
    assert_contains(info, "\"flows\": 4601");
    assert_contains(info, "\"exchanges\": 32526");
    /* 3,725 of the 6,480 product inputs have a provider; the other 2,755 are cut off */
    assert_contains(info, "\"role\": \"linked\",\n      \"count\": 3725");
    assert_contains(info, "\"role\": \"cutoff\",\n      \"count\": 2755");
    assert_contains(info, "\"unmapped_ghg\": []");
    assert_contains(info, "Diesel, at refinery");
    assert_contains(info, "Harvesting, fresh fruit bunch, at farm");
    size_t count[3] = {0};
    /* count entries of each list by their "detail" lines between the list's key and the next */
    static const char *const lists[] = {"\"ambiguous\": [", "\"cutoff\": [", "\"conversion\": [",
                                        "\"allocation\": ["};
    for (int k = 0; k < 3; k++) {
        const char *p = strstr(info, lists[k]), *end = strstr(info, lists[k + 1]);
        assert_non_null(p);
        assert_non_null(end);
        for (const char *q = strstr(p, "\"detail\""); q && q < end; q = strstr(q + 1, "\"detail\""))
            count[k]++;
    }
    assert_int_equal(count[0], 2);
    assert_int_equal(count[1], 2755);
    assert_int_equal(count[2], 60);
    /* the unit pairs of the 60 conversions (data/lci/README.md) */
    static const char *const pairs[] = {"MJ -> kWh",     "l -> m3",     "t -> kg",
                                        "kg*km -> t*km", "sh tn -> kg", "ha -> m2",
                                        "btu -> MJ",     "cu ft -> m3", "MWh -> kWh"};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        assert_contains(info, pairs[i]);
    pcf_free(info);
    pcf_lci *lci = NULL;
    assert_int_equal(pcf_lci_open(db, "uslci", PCF_GWP_AR6, &lci, &err), PCF_OK);
    assert_int_equal(pcf_lci_process_count(lci), 766);
    size_t diesel;
    assert_int_equal(pcf_lci_find(lci, "dc72e285-719b-318b-9c9c-c838846a9cf4", &diesel, &err),
                     PCF_OK);
    double before = pcf_lci_co2e(lci, diesel, PCF_LCI_TOTAL);
    /* Monte Carlo on all of USLCI: the same numbers at 1 and 2 threads */
    double mc1[64], mc2[64];
    assert_true(pcf_lci_mc_parameter_count(lci) > 0);
    assert_int_equal(pcf_lci_mc(lci, diesel, 64, 7, 1, mc1, &err), PCF_OK);
    assert_int_equal(pcf_lci_mc(lci, diesel, 64, 7, 2, mc2, &err), PCF_OK);
    assert_memory_equal(mc1, mc2, sizeof mc1);
    pcf_lci_destroy(lci);
    /* a choice file naming the other diesel provider changes the linked system */
    FILE *f = fopen("lci-choice.csv", "w");
    assert_non_null(f);
    fputs("flow,process\n# Diesel, at refinery from Crude oil, in refinery\n"
          "d939590b-a0d7-310c-8952-9921ed64a078,dc72e285-719b-318b-9c9c-c838846a9cf4\n",
          f);
    fclose(f);
    assert_int_equal(
        pcf_lci_import(db, "uslci", LCI_USLCI_ZIP, "lci-choice.csv", PCF_LCI_REPLACE, &err),
        PCF_OK);
    assert_int_equal(pcf_lci_info_json(db, "uslci", &info, &err), PCF_OK);
    assert_contains(info, "chosen by the choice file");
    pcf_free(info);
    assert_int_equal(pcf_lci_open(db, "uslci", PCF_GWP_AR6, &lci, &err), PCF_OK);
    assert_true(pcf_lci_co2e(lci, diesel, PCF_LCI_TOTAL) != before);
    pcf_lci_destroy(lci);
    /* a choice of a process that does not make the flow is refused, naming the line */
    f = fopen("lci-choice-bad.csv", "w");
    assert_non_null(f);
    fputs("d939590b-a0d7-310c-8952-9921ed64a078,0375c701-8d66-3b47-af2e-26b0c43c722f\n", f);
    fclose(f);
    assert_int_equal(
        pcf_lci_import(db, "uslci", LCI_USLCI_ZIP, "lci-choice-bad.csv", PCF_LCI_REPLACE, &err),
        PCF_ERR_NOT_FOUND);
    assert_int_equal(err.line, 1);
    pcf_db_close(db);
}

/* A version-1 file opened read-write is upgraded to the current version; read-only it keeps
 * working. */
static void test_schema_upgrade(void **state)
{
    (void)state;
    pcf_db *db = fresh_db("lci-v1.db");
    pcf_db_close(db);
    sqlite3 *s = NULL;
    assert_int_equal(sqlite3_open("lci-v1.db", &s), SQLITE_OK);
    assert_int_equal(sqlite3_exec(s,
                                  "DROP TABLE lci_databases; DROP TABLE lci_unit_groups; DROP "
                                  "TABLE lci_units; DROP TABLE lci_flow_properties; DROP TABLE "
                                  "lci_flows; DROP TABLE lci_flow_factors; DROP TABLE "
                                  "lci_processes; DROP TABLE lci_exchanges; DROP TABLE lci_notes; "
                                  /* and version 3's dataset counts */
                                  "DROP TRIGGER datasets_count; DROP TRIGGER factors_count_insert; "
                                  "DROP TRIGGER factors_count_delete; DROP TRIGGER "
                                  "factors_count_update; ALTER TABLE datasets DROP COLUMN "
                                  "factor_count; PRAGMA user_version = 1",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(s);
    pcf_error err;
    assert_int_equal(pcf_db_open("lci-v1.db", PCF_DB_READ_ONLY, &db, &err), PCF_OK);
    char path[1024];
    snprintf(path, sizeof path, "%s/loop", LCI_DATA_DIR);
    assert_int_equal(pcf_lci_import(db, "loop", path, NULL, 0, &err), PCF_ERR_READ_ONLY);
    pcf_lci *lci = NULL;
    assert_int_equal(pcf_lci_open(db, "loop", PCF_GWP_AR6, &lci, &err), PCF_ERR_NOT_FOUND);
    pcf_db_close(db);
    assert_int_equal(pcf_db_open("lci-v1.db", PCF_DB_READ_WRITE, &db, &err), PCF_OK);
    assert_int_equal(pcf_lci_import(db, "loop", path, NULL, 0, &err), PCF_OK);
    pcf_db_close(db);
    assert_int_equal(sqlite3_open("lci-v1.db", &s), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(s, "PRAGMA user_version", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), PCF_DB_SCHEMA_VERSION);
    sqlite3_finalize(st);
    sqlite3_close(s);
}

/*
 * Monte Carlo on the loop of test_loop with distributions (tests/data/lci/mcloop): Make P needs
 * u kg Q, u ~ uniform(0.25, 0.75); emits c kg CO2, c ~ triangle(0.5, mode 1, 2), and m kg fossil
 * CH4, m ~ normal(0.01, 0.002); Make Q needs 0.2 kg P (pedigree (1;1;1;1;1): GSD 1, not sampled)
 * and emits g kg CO2, g ~ lognormal(geometric mean 2, GSD 1.2). Per kg P, as in test_loop,
 * s = (1, u) / (1 - 0.2u), so the result is (c + 29.8 m + g u) / (1 - 0.2u) (29.8: AR6 fossil
 * CH4). All draws are independent, so its mean is
 *   (E c + 29.8 E m) E[1/(1-0.2u)] + E g E[u/(1-0.2u)], where
 *   E[1/(1-0.2u)] = 1/0.5 ∫_0.25^0.75 du/(1-0.2u) = 10 ln(0.95/0.85) =: L,
 *   E[u/(1-0.2u)] = E[-5 + 5/(1-0.2u)] = 5L - 5, E c = (0.5+1+2)/3 = 7/6, E m = 0.01,
 *   E g = 2 exp((ln 1.2)^2 / 2).
 * The deterministic result uses the published amounts: (1 + 0.298 + 2·0.5) / 0.9.
 */
static void test_mc(void **state)
{
    (void)state;
    pcf_db *db = import_fixture("mcloop", "mcloop");
    pcf_lci *lci = NULL;
    pcf_error err;
    assert_int_equal(pcf_lci_open(db, "mcloop", PCF_GWP_AR6, &lci, &err), PCF_OK);
    assert_int_equal(pcf_lci_mc_parameter_count(lci), 4);
    size_t a;
    assert_int_equal(pcf_lci_find(lci, "p-a", &a, &err), PCF_OK);
    assert_double_close(pcf_lci_co2e(lci, a, PCF_LCI_TOTAL), 2.298 / 0.9, 1e-12, 0);
    enum { N = 20000 };
    double *x1 = malloc(N * sizeof *x1), *x2 = malloc(N * sizeof *x2);
    assert_non_null(x1);
    assert_non_null(x2);
    assert_int_equal(pcf_lci_mc(lci, a, N, 42, 1, x1, &err), PCF_OK);
    double mean = 0, ss = 0;
    for (size_t i = 0; i < N; i++)
        mean += x1[i];
    mean /= N;
    for (size_t i = 0; i < N; i++)
        ss += (x1[i] - mean) * (x1[i] - mean);
    double se = sqrt(ss / (N - 1) / N);
    double L = 10 * log(0.95 / 0.85), eg = 2 * exp(log(1.2) * log(1.2) / 2);
    double want = (7.0 / 6 + 29.8 * 0.01) * L + eg * (5 * L - 5);
    /* within four standard errors of the closed form (a false alarm once in ~16,000 seeds;
     * the seed is fixed, so the test is deterministic) */
    assert_true(fabs(mean - want) < 4 * se);
    assert_true(se > 0);
    /* the same seed gives the same samples, bit for bit, at 2 and 3 threads */
    assert_int_equal(pcf_lci_mc(lci, a, N, 42, 2, x2, &err), PCF_OK);
    assert_memory_equal(x1, x2, N * sizeof *x1);
    assert_int_equal(pcf_lci_mc(lci, a, N, 42, 3, x2, &err), PCF_OK);
    assert_memory_equal(x1, x2, N * sizeof *x1);
    assert_int_equal(pcf_lci_mc(lci, a, N, 43, 2, x2, &err), PCF_OK);
    assert_true(memcmp(x1, x2, N * sizeof *x1) != 0);
    /* bad arguments */
    assert_int_equal(pcf_lci_mc(lci, a, 0, 1, 1, x2, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_lci_mc(lci, a, 10, 1, 0, x2, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_lci_mc(lci, 2, 10, 1, 1, x2, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_lci_mc(NULL, 0, 10, 1, 1, x2, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_lci_mc_parameter_count(NULL), 0);
    pcf_lci_destroy(lci);
    pcf_db_close(db);
    /* a lognormal without its GSD cannot be sampled: the error names process and flow */
    sqlite3 *q = NULL;
    assert_int_equal(sqlite3_open("lci-mcloop.db", &q), SQLITE_OK);
    assert_int_equal(sqlite3_exec(q,
                                  "UPDATE lci_exchanges SET u2 = NULL WHERE process = 'p-b' AND "
                                  "flow = 'f-co2'",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(q);
    assert_int_equal(pcf_db_open("lci-mcloop.db", PCF_DB_READ_ONLY, &db, &err), PCF_OK);
    assert_int_equal(pcf_lci_open(db, "mcloop", PCF_GWP_AR6, &lci, &err), PCF_OK);
    assert_int_equal(pcf_lci_mc(lci, a, 10, 1, 1, x2, &err), PCF_ERR_DATA_MISSING);
    assert_contains(err.message, "process p-b");
    assert_contains(err.message, "f-co2");
    pcf_lci_destroy(lci);
    pcf_db_close(db);
    free(x1);
    free(x2);
}

static void test_null_args(void **state)
{
    (void)state;
    pcf_error err;
    assert_int_equal(pcf_lci_import(NULL, "x", "y", NULL, 0, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_lci_open(NULL, "x", PCF_GWP_AR6, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_lci_info_json(NULL, "x", NULL, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_lci_process_count(NULL), 0);
    assert_int_equal(pcf_lci_matrix_nonzeros(NULL), 0);
    assert_string_equal(pcf_lci_process_id(NULL, 0), "");
    assert_string_equal(pcf_lci_process_name(NULL, 0), "");
    assert_string_equal(pcf_lci_process_location(NULL, 0), "");
    assert_string_equal(pcf_lci_process_unit(NULL, 0), "");
    assert_string_equal(pcf_lci_name(NULL), "");
    assert_int_equal(pcf_lci_gwp_set(NULL), PCF_GWP_DEFAULT);
    assert_true(pcf_lci_co2e(NULL, 0, PCF_LCI_TOTAL) == 0);
    assert_true(pcf_lci_gas_kg(NULL, 0, PCF_GAS_N2O) == 0);
    size_t i;
    assert_int_equal(pcf_lci_find(NULL, "x", &i, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_lci_inventory(NULL, "x", NULL, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_lci_contributions(NULL, 0, 0, NULL, NULL, NULL, &err),
                     PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_lci_store_factors(NULL, NULL, "x", NULL, NULL, &err), PCF_ERR_INVALID_ARG);
    int dummy = 0;
    const int *cp = &dummy;
    assert_int_equal(pcf_lci_technology(NULL, &cp, NULL, NULL), 0);
    assert_null(cp);
    assert_int_equal(pcf_lci_intervention(NULL, NULL, NULL, NULL), 0);
    assert_int_equal(pcf_lci_flow_count(NULL), 0);
    assert_string_equal(pcf_lci_flow_id(NULL, 0), "");
    assert_true(pcf_lci_process_scale(NULL, 0) == 0);
    pcf_lci_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loop),
        cmocka_unit_test(test_chain_units),
        cmocka_unit_test(test_coproduct_allocation),
        cmocka_unit_test(test_singular),
        cmocka_unit_test(test_bad_sources),
        cmocka_unit_test(test_store_factors),
        cmocka_unit_test(test_uslci),
        cmocka_unit_test(test_schema_upgrade),
        cmocka_unit_test(test_mc),
        cmocka_unit_test(test_null_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
