/*
 * Tests of the factor database (pcf/db.h). GPL-3.0-or-later; see LICENSE.
 *
 * Usage: test_db FACTORS_DB WORK_DIR — the shipped factors.db built from the data/ CSV files, and a
 * directory for scratch databases and CSV files. Expected numbers are the published values in
 * data/factors-*.csv, converted by hand in the comments.
 */
#include "testutil.h"

#include <pcf/pcf.h>

#include <locale.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *g_default_db;
static const char *g_work;

/* ---- helpers ------------------------------------------------------------------------------ */

#define work_path(name)        testutil_path(g_work, (name))
#define write_file(path, text) testutil_write((path), (text), strlen(text))
#define read_all(path, len)    testutil_read((path), (len))

static pcf_db *open_default(void)
{
    pcf_db *db = NULL;
    pcf_error err;
    assert_int_equal(pcf_db_open(g_default_db, PCF_DB_READ_ONLY, &db, &err), PCF_OK);
    assert_non_null(db);
    return db;
}

/* A fresh, empty read-write database in the work directory. */
static pcf_db *create_db(const char *name)
{
    const char *path = work_path(name);
    remove(path);
    pcf_db *db = NULL;
    pcf_error err;
    assert_int_equal(pcf_db_open(path, PCF_DB_READ_WRITE | PCF_DB_CREATE, &db, &err), PCF_OK);
    return db;
}

#define HEADER                                                                                     \
    "code,dataset,category,name_en,name_zh,region,value,unit,scope,gwp_set,year,gases,"            \
    "uncertainty,unc_p1,unc_p2,unc_p3,dq,source,license,notes\n"

/* ---- open and metadata -------------------------------------------------------------------- */

static void test_open_default(void **state)
{
    (void)state;
    pcf_db *db = open_default();
    assert_int_equal(pcf_db_schema_version(), 3);
    assert_int_equal(pcf_db_layer_count(db), 1);
    assert_string_equal(pcf_db_layer_name(db, 0), "default");
    assert_null(pcf_db_layer_name(db, 1));
    size_t n = 0;
    pcf_error err;
    assert_int_equal(pcf_db_factor_count(db, 0, &n, &err), PCF_OK);
    /* data/factors-*.csv: 526 DESNZ + 113 EPA + 37 MEE + 30 Ember + 28 CBAM + 28 ADEME + 6 MDPI
     * + 1 USITC rows. */
    assert_int_equal(n, 769);
    assert_int_equal(pcf_db_factor_count(db, 1, &n, &err), PCF_ERR_INVALID_ARG);
    /* data/datasets.csv describes eight datasets. */
    assert_int_equal(pcf_db_dataset_count(db), 8);
    int seen_desnz = 0;
    for (size_t i = 0; i < pcf_db_dataset_count(db); i++) {
        const pcf_dataset *d = pcf_db_dataset_at(db, i);
        assert_true(pcf_dataset_license(d)[0] != '\0');
        assert_string_equal(pcf_dataset_layer(d), "default");
        if (strcmp(pcf_dataset_key(d), "desnz-2025") == 0) {
            seen_desnz = 1;
            assert_contains(pcf_dataset_license(d), "Open Government Licence v3.0");
            assert_contains(pcf_dataset_attribution(d),
                            "Contains public sector information licensed under the Open "
                            "Government Licence v3.0");
            assert_int_equal(pcf_dataset_factor_count(d), 526);
            assert_contains(pcf_dataset_url(d), "gov.uk");
            assert_true(pcf_dataset_name(d)[0] && pcf_dataset_version(d)[0] &&
                        pcf_dataset_publisher(d)[0] && pcf_dataset_date(d)[0]);
        }
    }
    assert_true(seen_desnz);
    assert_null(pcf_db_dataset_at(db, 8));
    assert_string_equal(pcf_dataset_key(NULL), "");
    assert_int_equal(pcf_dataset_factor_count(NULL), 0);
    pcf_db_close(db);
    pcf_db_close(NULL);
    assert_int_equal(pcf_db_dataset_count(NULL), 0);
    assert_int_equal(pcf_db_layer_count(NULL), 0);
    assert_contains(pcf_db_default_path(), "pcf/factors.db");
}

static void test_open_errors(void **state)
{
    (void)state;
    pcf_db *db = (pcf_db *)1;
    pcf_error err;
    assert_int_equal(pcf_db_open(NULL, PCF_DB_READ_ONLY, &db, &err), PCF_ERR_INVALID_ARG);
    assert_null(db);
    assert_int_equal(pcf_db_open(g_default_db, 0, &db, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "flags");
    assert_int_equal(pcf_db_open(g_default_db, PCF_DB_READ_ONLY | PCF_DB_READ_WRITE, &db, &err),
                     PCF_ERR_INVALID_ARG);
    const char *missing = work_path("no-such.db");
    remove(missing);
    assert_int_equal(pcf_db_open(missing, PCF_DB_READ_ONLY, &db, &err), PCF_ERR_IO);
    assert_contains(err.message, "no-such.db");
    assert_null(db);

    /* A text file is not a factor database. */
    const char *txt = work_path("not-a-db.db");
    write_file(txt, "hello, this is not SQLite\n");
    assert_int_equal(pcf_db_open(txt, PCF_DB_READ_ONLY, &db, &err), PCF_ERR_DATABASE);
    assert_contains(err.message, "not-a-db.db");
    assert_null(db);

    /* An SQLite file without the pcf schema. */
    const char *other = work_path("other.db");
    remove(other);
    sqlite3 *s = NULL;
    assert_int_equal(sqlite3_open(other, &s), SQLITE_OK);
    assert_int_equal(sqlite3_exec(s, "CREATE TABLE t (x)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(s);
    assert_int_equal(pcf_db_open(other, PCF_DB_READ_ONLY, &db, &err), PCF_ERR_DATABASE);
    assert_contains(err.message, "not a pcf factor database");
}

static void test_newer_schema(void **state)
{
    (void)state;
    pcf_db *db = create_db("newer.db");
    pcf_db_close(db);
    sqlite3 *s = NULL;
    assert_int_equal(sqlite3_open(work_path("newer.db"), &s), SQLITE_OK);
    assert_int_equal(sqlite3_exec(s, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(s);
    pcf_error err;
    db = (pcf_db *)1;
    assert_int_equal(pcf_db_open(work_path("newer.db"), PCF_DB_READ_ONLY, &db, &err),
                     PCF_ERR_VERSION);
    assert_null(db);
    assert_contains(err.message, "schema version 99");
    assert_contains(err.message, "upgrade pcf");
    /* attaching one is refused the same way */
    pcf_db *d = open_default();
    assert_int_equal(pcf_db_attach(d, work_path("newer.db"), "newer", &err), PCF_ERR_VERSION);
    assert_int_equal(pcf_db_layer_count(d), 1);
    pcf_db_close(d);
}

/* ---- lookup by code ----------------------------------------------------------------------- */

static void test_get_factor(void **state)
{
    (void)state;
    pcf_db *db = open_default();
    pcf_factor *f = NULL;
    pcf_error err;
    /* data/factors-desnz-2025.csv: Butane - combustion, 3033.38067 kgCO2e/tonne, AR5, 2025. */
    assert_int_equal(pcf_db_get_factor(db, "desnz-2025:1_100_1000_15_1", &f, &err), PCF_OK);
    assert_string_equal(pcf_factor_code(f), "desnz-2025:1_100_1000_15_1");
    assert_string_equal(pcf_factor_name_en(f), "Butane - combustion");
    assert_string_equal(pcf_factor_name_zh(f), "丁烷 燃烧");
    assert_string_equal(pcf_factor_category(f), "fuel");
    assert_string_equal(pcf_factor_region(f), "GB");
    assert_string_equal(pcf_factor_region_requested(f), "GB");
    assert_int_equal(pcf_factor_fallback_taken(f), 0);
    assert_string_equal(pcf_factor_published_value(f), "3033.38067");
    assert_string_equal(pcf_factor_published_unit(f), "kgCO2e/tonne");
    /* kg CO2e per tonne: the numerator is already kg, so 3033.38067 per t. */
    assert_double_close(pcf_factor_kg_co2e(f), 3033.38067, 1e-15, 0);
    assert_string_equal(pcf_unit_symbol(pcf_factor_unit(f)), "t");
    assert_int_equal(pcf_factor_co2_only(f), 0);
    assert_int_equal(pcf_factor_gwp_set(f), PCF_GWP_AR5);
    assert_contains(pcf_factor_gwp_text(f), "AR5");
    assert_int_equal(pcf_factor_year(f), 2025);
    assert_string_equal(pcf_factor_year_text(f), "2025");
    assert_contains(pcf_factor_scope(f), "TTW");
    assert_string_equal(pcf_factor_dataset(f), "desnz-2025");
    assert_string_equal(pcf_factor_dataset_name(f),
                        "UK Government GHG Conversion Factors for Company Reporting");
    assert_string_equal(pcf_factor_dataset_version(f), "2025, flat file v1");
    assert_contains(pcf_factor_license(f), "Open Government Licence v3.0");
    assert_contains(pcf_factor_source(f), "row ID 1_100_1000_15_1");
    assert_contains(pcf_factor_notes(f), "3029.26");
    assert_string_equal(pcf_factor_dq(f), "");
    assert_string_equal(pcf_factor_unit_qualifier(f), "");
    assert_string_equal(pcf_factor_layer(f), "default");
    assert_int_equal(pcf_factor_gas_count(f), 0);
    /* No uncertainty in the source: fixed, never invented. */
    pcf_dist kind = PCF_DIST_NORMAL;
    double p1 = 1, p2 = 1, p3 = 1;
    pcf_factor_uncertainty(f, &kind, &p1, &p2, &p3);
    assert_int_equal(kind, PCF_DIST_FIXED);
    assert_true(p1 == 0 && p2 == 0 && p3 == 0);

    pcf_factor *c = NULL;
    assert_int_equal(pcf_factor_clone(f, &c, &err), PCF_OK);
    pcf_factor_destroy(f);
    assert_string_equal(pcf_factor_code(c), "desnz-2025:1_100_1000_15_1");
    assert_double_close(pcf_factor_kg_co2e(c), 3033.38067, 1e-15, 0);
    pcf_factor_destroy(c);
    pcf_db_close(db);
}

/* pcf_factor_to_json: every field of test_get_factor's butane row, by name; the numbers read
 * back exactly. */
static void test_factor_to_json(void **state)
{
    (void)state;
    pcf_db *db = open_default();
    pcf_factor *f = NULL;
    pcf_error err;
    assert_int_equal(pcf_db_get_factor(db, "desnz-2025:1_100_1000_15_1", &f, &err), PCF_OK);
    char *json = NULL;
    assert_int_equal(pcf_factor_to_json(f, &json, &err), PCF_OK);
    assert_true(json[0] == '{' && json[strlen(json) - 1] == '}' && !strchr(json, '\n'));
    assert_contains(json, "{\"code\": \"desnz-2025:1_100_1000_15_1\", ");
    assert_contains(json, "\"name_zh\": \"丁烷 燃烧\"");
    assert_contains(json, "\"fallback_taken\": false");
    /* a fuel-combustion row is a footprint factor: valid in iso14067 and eu-battery
     * (docs/regimes.md); the key was lost once when the CLI's writer moved into the library */
    assert_contains(json, "\"regimes\": \"iso14067,eu-battery\"");
    assert_contains(json, "\"kg_co2e\": 3033.38067, \"unit\": \"t\"");
    assert_contains(json, "\"gwp_set\": \"AR5\"");
    assert_contains(json, "\"gases\": {}");
    assert_contains(json, "\"year\": 2025, \"year_text\": \"2025\"");
    assert_contains(json, "\"published_value\": \"3033.38067\", "
                          "\"published_unit\": \"kgCO2e/tonne\"");
    assert_contains(json, "\"uncertainty\": {\"distribution\": \"fixed\", \"p1\": 0.0, "
                          "\"p2\": 0.0, \"p3\": 0.0}");
    assert_contains(json, "\"layer\": \"default\"}");
    pcf_free(json);
    assert_int_equal(pcf_factor_to_json(NULL, &json, &err), PCF_ERR_INVALID_ARG);
    assert_null(json);
    assert_int_equal(pcf_factor_to_json(f, NULL, &err), PCF_ERR_INVALID_ARG);
    pcf_factor_destroy(f);

    /* EPA Table 9: steel cans recycled 0.32 tCO2e/short ton -> 320 kg per short ton; AR4. */
    assert_int_equal(pcf_db_get_factor(db, "epa-hub-2025:steel-cans-recycled", &f, &err), PCF_OK);
    assert_double_close(pcf_factor_kg_co2e(f), 320.0, 1e-12, 0);
    assert_string_equal(pcf_unit_symbol(pcf_factor_unit(f)), "short ton");
    /* a whole number stays a JSON real (320.0) so that it reads back as one */
    assert_int_equal(pcf_factor_to_json(f, &json, &err), PCF_OK);
    assert_contains(json, "\"kg_co2e\": 320.0, \"unit\": \"short ton\"");
    assert_contains(json, "\"gwp_set\": \"AR4\"");
    pcf_free(json);
    assert_int_equal(pcf_factor_gwp_set(f), PCF_GWP_AR4);
    pcf_factor_destroy(f);
    pcf_db_close(db);
}

/* Published units turned into kg CO2e per unit, and the gases of a per-gas row. */
static void test_get_factor_units(void **state)
{
    (void)state;
    pcf_db *db = open_default();
    pcf_factor *f = NULL;
    pcf_error err;
    /* EPA Table 1: natural gas 53.06 kgCO2/mmBtu (HHV), CH4 1 g and N2O 0.1 g per mmBtu:
     * CO2 only, per MMBtu, qualifier "HHV", gases 53.06 / 0.001 / 0.0001 kg. */
    assert_int_equal(
        pcf_db_get_factor(db, "epa-hub-2025:natural-gas-stationary-combustion", &f, &err), PCF_OK);
    assert_int_equal(pcf_factor_co2_only(f), 1);
    assert_string_equal(pcf_unit_symbol(pcf_factor_unit(f)), "MMBtu");
    assert_string_equal(pcf_factor_unit_qualifier(f), "HHV");
    assert_string_equal(pcf_factor_published_unit(f), "kgCO2/mmBtu (HHV)");
    assert_int_equal(pcf_factor_gas_count(f), 3);
    assert_int_equal(pcf_factor_gas_at(f, 0), PCF_GAS_CO2_FOSSIL);
    assert_double_close(pcf_factor_gas_kg_at(f, 0), 53.06, 1e-15, 0);
    assert_int_equal(pcf_factor_gas_at(f, 1), PCF_GAS_CH4_FOSSIL);
    assert_double_close(pcf_factor_gas_kg_at(f, 1), 0.001, 1e-12, 0);
    assert_int_equal(pcf_factor_gas_at(f, 2), PCF_GAS_N2O);
    assert_double_close(pcf_factor_gas_kg_at(f, 2), 0.0001, 1e-12, 0);
    assert_double_close(pcf_factor_gas_kg_at(f, 3), 0.0, 0, 0);
    pcf_factor_destroy(f);

    /* Ember China 557.5 gCO2e/kWh -> 0.5575 kg per kWh. */
    assert_int_equal(pcf_db_get_factor(db, "ember-2024:grid-electricity-china-ember", &f, &err),
                     PCF_OK);
    assert_double_close(pcf_factor_kg_co2e(f), 0.5575, 1e-12, 0);
    assert_string_equal(pcf_factor_region(f), "CN");
    pcf_factor_destroy(f);

    /* MEE ETS 0.5703 tCO2/MWh -> 570.3 kg CO2 per MWh. */
    assert_int_equal(
        pcf_db_get_factor(
            db, "cn-mee:china-national-grid-average-emission-factor-2022-for-national-ets-report",
            &f, &err),
        PCF_OK);
    assert_double_close(pcf_factor_kg_co2e(f), 570.3, 1e-12, 0);
    assert_string_equal(pcf_unit_symbol(pcf_factor_unit(f)), "MWh");
    assert_int_equal(pcf_factor_co2_only(f), 1);
    pcf_factor_destroy(f);

    /* CBAM defaults sit in their own category; "tCO2e/tonne product" keeps "product". */
    assert_int_equal(pcf_db_get_factor(db, "cbam-cn-2026:unwrought-aluminium", &f, &err), PCF_OK);
    assert_string_equal(pcf_factor_category(f), "cbam_default");
    assert_string_equal(pcf_factor_unit_qualifier(f), "product");
    assert_double_close(pcf_factor_kg_co2e(f), 3000.0, 1e-12, 0); /* 3 t per t */
    /* a CBAM default value is valid in the cbam regime only (docs/regimes.md) */
    char *json = NULL;
    assert_int_equal(pcf_factor_to_json(f, &json, &err), PCF_OK);
    assert_contains(json, "\"category\": \"cbam_default\", \"regimes\": \"cbam\"");
    pcf_free(json);
    pcf_factor_destroy(f);
    pcf_db_close(db);
}

/* A code the database lacks, bad arguments, and the accessors of no factor. */
static void test_get_factor_missing(void **state)
{
    (void)state;
    pcf_db *db = open_default();
    pcf_factor *f = (pcf_factor *)1;
    pcf_error err;
    assert_int_equal(pcf_db_get_factor(db, "nope:missing", &f, &err), PCF_ERR_NOT_FOUND);
    assert_null(f);
    assert_contains(err.message, "\"nope:missing\"");
    assert_contains(err.message, "pcf factors search");
    assert_int_equal(pcf_db_get_factor(db, NULL, &f, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_factor_clone(NULL, &f, &err), PCF_ERR_INVALID_ARG);
    pcf_db_close(db);

    /* NULL accessors */
    assert_string_equal(pcf_factor_code(NULL), "");
    assert_string_equal(pcf_factor_layer(NULL), "");
    assert_null(pcf_factor_unit(NULL));
    assert_true(pcf_factor_kg_co2e(NULL) == 0.0);
    assert_int_equal(pcf_factor_year(NULL), 0);
    assert_int_equal(pcf_factor_gas_count(NULL), 0);
    assert_int_equal(pcf_factor_gwp_set(NULL), 0);
    assert_int_equal(pcf_factor_co2_only(NULL), 0);
    assert_int_equal(pcf_factor_fallback_taken(NULL), 0);
    pcf_factor_uncertainty(NULL, NULL, NULL, NULL, NULL);
    pcf_factor_destroy(NULL);
}

/* ---- resolve ------------------------------------------------------------------------------ */

static void test_resolve_fallback(void **state)
{
    (void)state;
    pcf_db *db = open_default();
    pcf_factor *f = NULL;
    pcf_error err;
    /* Fujian has its own 2022 factor (0.4092 kgCO2/kWh): no fallback. */
    assert_int_equal(pcf_db_resolve(db, "electricity",
                                    "Fujian provincial average electricity CO2 factor 2022",
                                    "CN-FJ", &f, &err),
                     PCF_OK);
    assert_string_equal(pcf_factor_region(f), "CN-FJ");
    assert_int_equal(pcf_factor_fallback_taken(f), 0);
    assert_double_close(pcf_factor_kg_co2e(f), 0.4092, 1e-12, 0);
    pcf_factor_destroy(f);

    /* The 2023 life-cycle factor exists for CN only: CN-FJ -> CN-GRID-EAST -> CN. */
    const char *lc = "China national average electricity carbon footprint factor 2023 (life cycle)";
    assert_int_equal(pcf_db_resolve(db, "electricity", lc, "CN-FJ", &f, &err), PCF_OK);
    assert_string_equal(pcf_factor_region(f), "CN");
    assert_string_equal(pcf_factor_region_requested(f), "CN-FJ");
    assert_int_equal(pcf_factor_fallback_taken(f), 1);
    assert_double_close(pcf_factor_kg_co2e(f), 0.6205, 1e-12, 0);
    pcf_factor_destroy(f);

    /* The same by its Chinese name, and in lower case for the region. */
    assert_int_equal(
        pcf_db_resolve(db, "electricity", "2023年全国电力平均碳足迹因子", "cn-fj", &f, &err),
        PCF_OK);
    assert_double_close(pcf_factor_kg_co2e(f), 0.6205, 1e-12, 0);
    assert_string_equal(pcf_factor_region_requested(f), "CN-FJ");
    pcf_factor_destroy(f);

    /* East China grid: two years (0.5617 for 2022, 0.55 for 2023); the latest wins. English
     * names match without regard to ASCII case. */
    assert_int_equal(pcf_db_resolve(db, "electricity",
                                    "EAST CHINA GRID (INCL. FUJIAN) AVERAGE ELECTRICITY CO2 "
                                    "FACTOR 2023",
                                    "CN-FJ", &f, &err),
                     PCF_OK);
    assert_string_equal(pcf_factor_region(f), "CN-GRID-EAST");
    assert_double_close(pcf_factor_kg_co2e(f), 0.55, 1e-12, 0);
    pcf_factor_destroy(f);

    /* A region outside the table falls back by its code: CN-XM -> CN. */
    assert_int_equal(pcf_db_resolve(db, "electricity", lc, "CN-XM", &f, &err), PCF_OK);
    assert_string_equal(pcf_factor_region(f), "CN");
    assert_int_equal(pcf_factor_fallback_taken(f), 1);
    pcf_factor_destroy(f);

    /* GB fuel per tonne, litre and kWh: the dimension picks the row (data/factors-desnz-2025.csv
     * rows 1_100_1000_15_1, _8_1 and _7_1). */
    assert_int_equal(
        pcf_db_resolve_dim(db, "fuel", "Butane - combustion", "GB", PCF_DIM_VOLUME, &f, &err),
        PCF_OK);
    assert_string_equal(pcf_factor_published_value(f), "1.74533");
    /* 1.74533 kg per litre */
    assert_string_equal(pcf_unit_symbol(pcf_factor_unit(f)), "L");
    pcf_factor_destroy(f);
    assert_int_equal(
        pcf_db_resolve_dim(db, "fuel", "Butane - combustion", "GB", PCF_DIM_ENERGY, &f, &err),
        PCF_OK);
    assert_string_equal(pcf_factor_published_value(f), "0.24107");
    assert_string_equal(pcf_factor_unit_qualifier(f), "net CV");
    pcf_factor_destroy(f);
    /* Without a dimension: same year, so the smallest code (…_15_1, per tonne) wins. */
    assert_int_equal(pcf_db_resolve(db, "fuel", "Butane - combustion", "GB", &f, &err), PCF_OK);
    assert_string_equal(pcf_factor_code(f), "desnz-2025:1_100_1000_15_1");
    pcf_factor_destroy(f);

    /* Not found: the message lists the regions tried and suggests near names. */
    f = (pcf_factor *)1;
    assert_int_equal(pcf_db_resolve(db, "electricity", "China grid", "CN-FJ", &f, &err),
                     PCF_ERR_NOT_FOUND);
    assert_null(f);
    assert_contains(err.message, "CN-FJ -> CN-GRID-EAST -> CN -> GLO");
    assert_contains(err.message, "did you mean");
    assert_contains(err.message, "China");
    assert_int_equal(
        pcf_db_resolve_dim(db, "fuel", "Butane - combustion", "GB", PCF_DIM_FREIGHT, &f, &err),
        PCF_ERR_NOT_FOUND);
    assert_contains(err.message, "per a unit of");
    assert_contains(err.message, "GB -> GLO");
    /* a Chinese near miss: names sharing the first two characters are suggested */
    assert_int_equal(pcf_db_resolve(db, "electricity", "2023年全国电力", "CN", &f, &err),
                     PCF_ERR_NOT_FOUND);
    assert_contains(err.message, "did you mean");
    /* an unknown category: the message lists the categories */
    assert_int_equal(pcf_db_resolve(db, "steel", "Steel", "CN", &f, &err), PCF_ERR_NOT_FOUND);
    assert_contains(err.message, "there is no category \"steel\"");
    assert_contains(err.message, "cbam_default");
    assert_contains(err.message, "material");
    assert_int_equal(pcf_db_resolve(db, NULL, "x", "GB", &f, &err), PCF_ERR_INVALID_ARG);
    pcf_db_close(db);
}

/* ---- search ------------------------------------------------------------------------------- */

static int all_names_contain(const pcf_factor_list *l, const char *en, const char *zh)
{
    for (size_t i = 0; i < pcf_factor_list_count(l); i++) {
        const pcf_factor *f = pcf_factor_list_at(l, i);
        char low[512];
        snprintf(low, sizeof low, "%s", pcf_factor_name_en(f));
        for (char *p = low; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p - 'A' + 'a');
        if (!strstr(low, en) && !(zh && strstr(pcf_factor_name_zh(f), zh)))
            return 0;
    }
    return 1;
}

static void test_search(void **state)
{
    (void)state;
    pcf_db *db = open_default();
    pcf_factor_list *l = NULL;
    pcf_error err;
    assert_int_equal(pcf_db_search(db, "steel", NULL, NULL, PCF_DIM_NONE, 0, &l, &err), PCF_OK);
    size_t n_steel = pcf_factor_list_count(l);
    assert_true(n_steel >= 10);
    assert_true(all_names_contain(l, "steel", NULL));
    pcf_factor_list_destroy(l);

    /* 钢 (simplified) and 鋼 (traditional) find the same rows. */
    assert_int_equal(pcf_db_search(db, "钢", NULL, NULL, PCF_DIM_NONE, 0, &l, &err), PCF_OK);
    size_t n_simp = pcf_factor_list_count(l);
    assert_true(n_simp >= 10);
    assert_true(all_names_contain(l, "\x01", "钢"));
    pcf_factor_list_destroy(l);
    assert_int_equal(pcf_db_search(db, "鋼", NULL, NULL, PCF_DIM_NONE, 0, &l, &err), PCF_OK);
    assert_int_equal(pcf_factor_list_count(l), n_simp);
    pcf_factor_list_destroy(l);

    /* "alumin" and "鋁" find aluminium. */
    assert_int_equal(pcf_db_search(db, "alumin", NULL, NULL, PCF_DIM_NONE, 0, &l, &err), PCF_OK);
    assert_true(pcf_factor_list_count(l) >= 5);
    assert_true(all_names_contain(l, "alumin", NULL));
    pcf_factor_list_destroy(l);
    assert_int_equal(pcf_db_search(db, "鋁", NULL, NULL, PCF_DIM_NONE, 0, &l, &err), PCF_OK);
    assert_true(pcf_factor_list_count(l) >= 5);
    assert_true(all_names_contain(l, "\x01", "铝"));
    pcf_factor_list_destroy(l);

    /* Filters: category, region (with sub-regions), dimension, limit. */
    assert_int_equal(pcf_db_search(db, "steel", "cbam_default", NULL, PCF_DIM_NONE, 0, &l, &err),
                     PCF_OK);
    assert_true(pcf_factor_list_count(l) >= 5 && pcf_factor_list_count(l) < n_steel);
    for (size_t i = 0; i < pcf_factor_list_count(l); i++)
        assert_string_equal(pcf_factor_category(pcf_factor_list_at(l, i)), "cbam_default");
    pcf_factor_list_destroy(l);

    assert_int_equal(pcf_db_search(db, "", "electricity", "CN", PCF_DIM_NONE, 0, &l, &err), PCF_OK);
    /* 37 MEE rows + Ember China, all in CN or below. */
    assert_int_equal(pcf_factor_list_count(l), 38);
    for (size_t i = 0; i < pcf_factor_list_count(l); i++) {
        const char *r = pcf_factor_region(pcf_factor_list_at(l, i));
        assert_true(strcmp(r, "CN") == 0 || strncmp(r, "CN-", 3) == 0);
    }
    pcf_factor_list_destroy(l);

    assert_int_equal(
        pcf_db_search(db, "", "electricity", "CN-GRID-EAST", PCF_DIM_NONE, 0, &l, &err), PCF_OK);
    assert_int_equal(pcf_factor_list_count(l), 2); /* 2022 and 2023 */
    pcf_factor_list_destroy(l);

    assert_int_equal(pcf_db_search(db, "Butane", NULL, "GB", PCF_DIM_VOLUME, 0, &l, &err), PCF_OK);
    assert_true(pcf_factor_list_count(l) >= 1);
    for (size_t i = 0; i < pcf_factor_list_count(l); i++)
        assert_int_equal(pcf_unit_dimension(pcf_factor_unit(pcf_factor_list_at(l, i))),
                         PCF_DIM_VOLUME);
    pcf_factor_list_destroy(l);

    assert_int_equal(pcf_db_search(db, "steel", NULL, NULL, PCF_DIM_NONE, 3, &l, &err), PCF_OK);
    assert_int_equal(pcf_factor_list_count(l), 3);
    assert_null(pcf_factor_list_at(l, 3));
    pcf_factor_list_destroy(l);

    /* LIKE wildcards in short terms and regions are literal characters. */
    assert_int_equal(pcf_db_search(db, "%", NULL, NULL, PCF_DIM_NONE, 0, &l, &err), PCF_OK);
    /* names such as "Diesel (100% mineral diesel) - WTT", not all 769 factors */
    assert_true(pcf_factor_list_count(l) > 0 && pcf_factor_list_count(l) < 769);
    assert_true(all_names_contain(l, "%", "%"));
    pcf_factor_list_destroy(l);
    assert_int_equal(pcf_db_search(db, "", NULL, "C_", PCF_DIM_NONE, 0, &l, &err), PCF_OK);
    assert_int_equal(pcf_factor_list_count(l), 0);
    pcf_factor_list_destroy(l);
    /* Quotes in the text do not break the query. */
    assert_int_equal(pcf_db_search(db, "st\"eel", NULL, NULL, PCF_DIM_NONE, 0, &l, &err), PCF_OK);
    assert_int_equal(pcf_factor_list_count(l), 0);
    pcf_factor_list_destroy(l);

    l = (pcf_factor_list *)1;
    assert_int_equal(pcf_db_search(db, "\xff", NULL, NULL, PCF_DIM_NONE, 0, &l, &err),
                     PCF_ERR_INVALID_ARG);
    assert_null(l);
    assert_contains(err.message, "UTF-8");
    assert_int_equal(pcf_factor_list_count(NULL), 0);
    assert_null(pcf_factor_list_at(NULL, 0));
    pcf_factor_list_destroy(NULL);
    pcf_db_close(db);
}

/* ---- import ------------------------------------------------------------------------------- */

static void test_import_good(void **state)
{
    (void)state;
    pcf_db *db = create_db("good.db");
    const char *csv = work_path("good.csv");
    write_file(csv, HEADER
               "t:a,acme,material,Steel sheet,钢板,CN-FJ,2,tCO2e/t,cradle-to-gate,AR6,2025 (data "
               "2024),co2_fossil=1.9 t;ch4_fossil=2 kg,triangular,1.5,2,3,TiR=2,measured,"
               "CC BY 4.0,\"a note, with a comma\"\n"
               "t:b,acme,electricity,Own PV,,CN-FJ,40,gCO2e/kWh,,,,,lognormal,1.2,,,,"
               "meter,CC0,\n");
    size_t rows = 0;
    pcf_error err;
    assert_int_equal(pcf_db_import_csv(db, csv, &rows, &err), PCF_OK);
    assert_int_equal(rows, 2);
    pcf_factor *f = NULL;
    assert_int_equal(pcf_db_get_factor(db, "t:a", &f, &err), PCF_OK);
    /* 2 tCO2e/t = 2000 kg per t; triangular 1.5/2/3 t -> 1500/2000/3000 kg. */
    assert_double_close(pcf_factor_kg_co2e(f), 2000.0, 1e-15, 0);
    pcf_dist kind;
    double p1, p2, p3;
    pcf_factor_uncertainty(f, &kind, &p1, &p2, &p3);
    assert_int_equal(kind, PCF_DIST_TRIANGULAR);
    assert_double_close(p1, 1500.0, 1e-15, 0);
    assert_double_close(p2, 2000.0, 1e-15, 0);
    assert_double_close(p3, 3000.0, 1e-15, 0);
    /* 1.9 t CO2 and 2 kg CH4 per t */
    assert_int_equal(pcf_factor_gas_count(f), 2);
    assert_double_close(pcf_factor_gas_kg_at(f, 0), 1900.0, 1e-15, 0);
    assert_double_close(pcf_factor_gas_kg_at(f, 1), 2.0, 1e-15, 0);
    assert_int_equal(pcf_factor_gwp_set(f), PCF_GWP_AR6);
    assert_int_equal(pcf_factor_year(f), 2025);
    assert_string_equal(pcf_factor_year_text(f), "2025 (data 2024)");
    assert_string_equal(pcf_factor_dq(f), "TiR=2");
    assert_string_equal(pcf_factor_notes(f), "a note, with a comma");
    assert_string_equal(pcf_factor_dataset_name(f), ""); /* no datasets row for "acme" */
    pcf_factor_destroy(f);
    assert_int_equal(pcf_db_get_factor(db, "t:b", &f, &err), PCF_OK);
    /* 40 g per kWh = 0.04 kg; a lognormal's GSD is unitless and not scaled. */
    assert_double_close(pcf_factor_kg_co2e(f), 0.04, 1e-15, 0);
    pcf_factor_uncertainty(f, &kind, &p1, NULL, NULL);
    assert_int_equal(kind, PCF_DIST_LOGNORMAL);
    assert_double_close(p1, 1.2, 1e-15, 0);
    assert_int_equal(pcf_factor_gwp_set(f), 0);
    pcf_factor_destroy(f);

    /* datasets and regions files */
    const char *ds = work_path("good-datasets.csv");
    write_file(ds, "dataset,name,version,publisher,license,url,date,attribution\n"
                   "acme,ACME factors,1,ACME,CC0,,2026,\n");
    assert_int_equal(pcf_db_import_csv(db, ds, &rows, &err), PCF_OK);
    assert_int_equal(rows, 1);
    assert_int_equal(pcf_db_dataset_count(db), 1);
    assert_int_equal(pcf_dataset_factor_count(pcf_db_dataset_at(db, 0)), 2);
    const char *rg = work_path("good-regions.csv");
    write_file(rg, "region,parent,name_en,name_zh\nGLO,,Global,\nCN,GLO,China,\n"
                   "CN-FJ,CN,Fujian,福建\n");
    assert_int_equal(pcf_db_import_csv(db, rg, &rows, &err), PCF_OK);
    assert_int_equal(rows, 3);
    assert_int_equal(pcf_db_resolve(db, "material", "steel sheet", "CN-FJ", &f, &err), PCF_OK);
    assert_string_equal(pcf_factor_dataset_name(f), "ACME factors");
    pcf_factor_destroy(f);
    /* importing the same rows again is refused: the codes exist */
    assert_int_equal(pcf_db_import_csv(db, csv, &rows, &err), PCF_ERR_PARSE);
    assert_int_equal(err.line, 2);
    assert_contains(err.message, "already in the database");
    assert_int_equal(pcf_db_import_csv(db, ds, &rows, &err), PCF_ERR_PARSE);
    pcf_db_close(db);
}

/* Imports `body` (after the header) into a copy of a small database and checks the status,
 * line, column and a piece of the message, and that the database file did not change. */
static void expect_bad(const char *body, int line, int column, const char *needle)
{
    pcf_db *db = create_db("bad.db");
    const char *seed = work_path("seed.csv");
    write_file(seed, HEADER "s:1,,material,Seed,,GLO,1,kgCO2e/kg,,,,,,,,,,src,CC0,\n");
    pcf_error err;
    assert_int_equal(pcf_db_import_csv(db, seed, NULL, &err), PCF_OK);
    pcf_db_close(db);
    size_t n0, n1;
    char *before = read_all(work_path("bad.db"), &n0);

    assert_int_equal(pcf_db_open(work_path("bad.db"), PCF_DB_READ_WRITE, &db, &err), PCF_OK);
    const char *csv = work_path("bad.csv");
    char text[4096];
    snprintf(text, sizeof text, "%s%s", HEADER, body);
    write_file(csv, text);
    size_t rows = 99;
    pcf_status st = pcf_db_import_csv(db, csv, &rows, &err);
    if (st != PCF_ERR_PARSE)
        print_error("import of %s gave %s\n", body, pcf_status_name(st));
    assert_int_equal(st, PCF_ERR_PARSE);
    assert_int_equal(rows, 0);
    if (err.line != line || err.column != column)
        print_error("got line %d column %d: %s\n", err.line, err.column, err.message);
    assert_int_equal(err.line, line);
    assert_int_equal(err.column, column);
    assert_contains(err.message, needle);
    assert_contains(err.file, "bad.csv");
    size_t count = 0;
    assert_int_equal(pcf_db_factor_count(db, 0, &count, &err), PCF_OK);
    assert_int_equal(count, 1);
    pcf_db_close(db);

    char *after = read_all(work_path("bad.db"), &n1);
    assert_int_equal(n0, n1);
    assert_memory_equal(before, after, n0);
    free(before);
    free(after);
}

static void test_import_malformed(void **state)
{
    (void)state;
    /* wrong column count: line 3 has one field too many; its 21st field starts at column 52 */
    expect_bad("a:1,,material,A,,GLO,1,kgCO2e/kg,,,,,,,,,,src,CC0,\n"
               "a:2,,material,B,,GLO,1,kgCO2e/kg,,,,,,,,,,src,CC0,,extra\n",
               3, 52, "21 columns but the header has 20");
    /* too few columns: the error points just past the last field */
    expect_bad("a:1,,material,A,,GLO,1,kgCO2e/kg\n", 2, 33, "8 columns but the header has 20");
    /* unknown unit: the unit field of line 2 starts at column 24 */
    expect_bad("a:1,,material,A,,GLO,1,kgCO2e/furlong,,,,,,,,,,src,CC0,\n", 2, 24,
               "column \"unit\"");
    /* non-numeric value at column 22 */
    expect_bad("a:1,,material,A,,GLO,abc,kgCO2e/kg,,,,,,,,,,src,CC0,\n", 2, 22,
               "\"abc\" is not a number");
    /* a decimal comma is not a number either (quoted so the CSV stays 20 columns) */
    expect_bad("a:1,,material,A,,GLO,\"1,5\",kgCO2e/kg,,,,,,,,,,src,CC0,\n", 2, 22,
               "column \"value\"");
    /* negative value */
    expect_bad("a:1,,material,A,,GLO,-0.5,kgCO2e/kg,,,,,,,,,,src,CC0,\n", 2, 22, "negative");
    /* duplicate code: line 4 repeats line 2's */
    expect_bad("a:1,,material,A,,GLO,1,kgCO2e/kg,,,,,,,,,,src,CC0,\n"
               "a:2,,material,B,,GLO,1,kgCO2e/kg,,,,,,,,,,src,CC0,\n"
               "a:1,,material,C,,GLO,1,kgCO2e/kg,,,,,,,,,,src,CC0,\n",
               4, 1, "already used on line 2");
    /* a code already in the database (the seed row) */
    expect_bad("s:1,,material,A,,GLO,1,kgCO2e/kg,,,,,,,,,,src,CC0,\n", 2, 1,
               "already in the database");
    /* bad UTF-8: the 0xFF byte is the 3rd byte of the English name, column 17 of line 2 */
    expect_bad("a:1,,material,Ab\xff,,GLO,1,kgCO2e/kg,,,,,,,,,,src,CC0,\n", 2, 17,
               "not valid UTF-8");
    /* a truncated UTF-8 sequence (first two bytes of 钢) in the Chinese name at column 17 */
    expect_bad("a:1,,material,A,\xe9\x92,GLO,1,kgCO2e/kg,,,,,,,,,,src,CC0,\n", 2, 17,
               "not valid UTF-8");
    /* missing source */
    expect_bad("a:1,,material,A,,GLO,1,kgCO2e/kg,,,,,,,,,,,CC0,\n", 2, 43, "column \"source\"");
    /* lower-case region */
    expect_bad("a:1,,material,A,,cn,1,kgCO2e/kg,,,,,,,,,,src,CC0,\n", 2, 18, "upper-case");
    /* bad uncertainty: GSD below 1 */
    expect_bad("a:1,,material,A,,GLO,1,kgCO2e/kg,,,,,lognormal,0.5,,,,src,CC0,\n", 2, 38,
               "column \"uncertainty\"");
    /* bad per-gas amount */
    expect_bad("a:1,,material,A,,GLO,1,kgCO2e/kg,,,,co2_fossil=1 kWh,,,,,,src,CC0,\n", 2, 37,
               "column \"gases\"");
    /* A per-gas amount that overflows a double once converted to kg (1e308 t = 1e311 kg) used to
     * be stored as Inf, breaking every later search of the database; the gases column of line 2
     * starts at column 36. */
    expect_bad("a:1,,material,A,,GLO,1,tCO2e/kg,,,,co2_fossil=1e308 t,,,,,,src,CC0,\n", 2, 36,
               "beyond the range of a double");
    /* A value that overflows once converted: 1e308 tCO2e/kg is 1e311 kg CO2e/kg (value at
     * column 22). */
    expect_bad("a:1,,material,A,,GLO,1e308,tCO2e/kg,,,,,,,,,,src,CC0,\n", 2, 22,
               "no real emission factor is that large");
    /* Finite but absurd: 2e9 tCO2e per kg is 2e12 kg CO2e/kg, above the 1e12 ceiling. */
    expect_bad("a:1,,material,A,,GLO,2e9,tCO2e/kg,,,,,,,,,,src,CC0,\n", 2, 22,
               "more than 1e+12 kg CO2e per kg");
    /* An uncertainty parameter that overflows: uniform bounds 1e306 and 1e308 tCO2e/kg become
     * 1e309 and 1e311 kg, beyond a double: the first, unc_p1, is at column 48. */
    expect_bad("a:1,,material,A,,GLO,1e-3,tCO2e/kg,,,,,uniform,1e306,1e308,,,src,CC0,\n", 2, 48,
               "beyond the range of a double");
    /* an unterminated quote */
    expect_bad("a:1,,material,\"A,,GLO,1,kgCO2e/kg,,,,,,,,,,src,CC0,\n", 2, 15, "never closed");
    /* "kgCO2e per 28 kWh battery pack" cannot be expressed honestly: refused */
    expect_bad("a:1,,material,A,,GLO,1,kgCO2e per 28 kWh battery pack,,,,,,,,,,src,CC0,\n", 2, 24,
               "column \"unit\"");
}

/* Rows are checked and inserted one at a time (only the current row is held parsed): a repeated
 * key is found in the table, and the line of its first use is read again from the text, past a
 * quoted field with a line break and an empty line; a bad row after good ones, or a broken last
 * line, still leaves the database file byte-for-byte as it was (expect_bad compares it). */
static void test_import_streamed(void **state)
{
    (void)state;
    /* line 2's notes run onto line 3; line 4 is empty; line 6 repeats line 2's code */
    expect_bad("a:1,,material,A,,GLO,1,kgCO2e/kg,,,,,,,,,,src,CC0,\"two\nlines\"\n"
               "\n"
               "a:2,,material,B,,GLO,1,kgCO2e/kg,,,,,,,,,,src,CC0,\n"
               "a:1,,material,C,,GLO,1,kgCO2e/kg,,,,,,,,,,src,CC0,\n",
               6, 1,
               "column \"code\": \"a:1\" is already used on line 2; every code must be unique");
    /* the seed's code after two good rows: found in the table, not earlier in the file */
    expect_bad("a:1,,material,A,,GLO,1,kgCO2e/kg,,,,,,,,,,src,CC0,\n"
               "a:2,,material,B,,GLO,1,kgCO2e/kg,,,,,,,,,,src,CC0,\n"
               "s:1,,material,C,,GLO,1,kgCO2e/kg,,,,,,,,,,src,CC0,\n",
               4, 1, "this code is already in the database");
    /* a quote never closed on the last line, after a good row: its field starts at column 19 */
    expect_bad("a:1,,material,A,,GLO,1,kgCO2e/kg,,,,,,,,,,src,CC0,\n"
               "a:2,,material,\"B,,GLO,1,kgCO2e/kg,,,,,,,,,,src,CC0,\n",
               3, 15, "a quoted field is never closed");

    /* datasets and regions: a key repeated in the file, and one already stored */
    pcf_db *db = create_db("streamed.db");
    pcf_error err;
    size_t rows = 99;
    const char *ds = work_path("streamed-datasets.csv");
    write_file(ds, "dataset,name,license\nacme,ACME,CC0\nbeta,Beta,CC0\nacme,Again,CC0\n");
    assert_int_equal(pcf_db_import_csv(db, ds, &rows, &err), PCF_ERR_PARSE);
    assert_int_equal(rows, 0);
    assert_int_equal(err.line, 4);
    assert_int_equal(err.column, 1);
    assert_contains(err.message,
                    "column \"dataset\": \"acme\" is already used on line 2; every dataset must "
                    "be unique");
    assert_int_equal(pcf_db_dataset_count(db), 0);
    const char *rg = work_path("streamed-regions.csv");
    write_file(rg, "region,parent\nGLO,\nCN,GLO\n");
    assert_int_equal(pcf_db_import_csv(db, rg, &rows, &err), PCF_OK);
    assert_int_equal(rows, 2);
    write_file(rg, "region,parent\nCN-FJ,CN\nCN,GLO\n");
    assert_int_equal(pcf_db_import_csv(db, rg, &rows, &err), PCF_ERR_PARSE);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 1);
    assert_contains(err.message, "column \"region\": \"CN\" is already in the database");
    /* the rejected file's first row was rolled back with it */
    write_file(rg, "region,parent\nCN-FJ,CN\n");
    assert_int_equal(pcf_db_import_csv(db, rg, &rows, &err), PCF_OK);
    assert_int_equal(rows, 1);
    pcf_db_close(db);
}

static void test_import_header_and_readonly(void **state)
{
    (void)state;
    pcf_db *db = create_db("hdr.db");
    pcf_error err;
    const char *csv = work_path("hdr.csv");
    write_file(csv, "code,category,name_en,region,value,unit,source,license,colour\n");
    assert_int_equal(pcf_db_import_csv(db, csv, NULL, &err), PCF_ERR_PARSE);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 56);
    assert_contains(err.message, "unknown column \"colour\"");
    write_file(csv, "code,category,name_en,value,unit,source,license\n");
    assert_int_equal(pcf_db_import_csv(db, csv, NULL, &err), PCF_ERR_PARSE);
    assert_contains(err.message, "no \"region\" column");
    write_file(csv, "name,value\n");
    assert_int_equal(pcf_db_import_csv(db, csv, NULL, &err), PCF_ERR_PARSE);
    assert_contains(err.message, "needs a \"code\" column");
    write_file(csv, "");
    assert_int_equal(pcf_db_import_csv(db, csv, NULL, &err), PCF_ERR_PARSE);
    assert_contains(err.message, "empty");
    /* columns in another order, optional ones left out, CRLF line ends and a BOM */
    write_file(csv, "\xEF\xBB\xBFname_en,code,category,region,value,unit,source,license\r\n"
                    "Glass,x:glass,material,GLO,0.9,kgCO2e/kg,src,CC0\r\n");
    size_t rows = 0;
    assert_int_equal(pcf_db_import_csv(db, csv, &rows, &err), PCF_OK);
    assert_int_equal(rows, 1);
    assert_int_equal(pcf_db_import_csv(db, work_path("missing.csv"), NULL, &err), PCF_ERR_IO);
    assert_contains(err.message, "missing.csv");
    pcf_db_close(db);

    /* read-only database refuses writes */
    assert_int_equal(pcf_db_open(work_path("hdr.db"), PCF_DB_READ_ONLY, &db, &err), PCF_OK);
    write_file(csv, HEADER "y:1,,material,A,,GLO,1,kgCO2e/kg,,,,,,,,,,src,CC0,\n");
    assert_int_equal(pcf_db_import_csv(db, csv, NULL, &err), PCF_ERR_READ_ONLY);
    assert_contains(err.message, "read-only");
    size_t n = 0;
    assert_int_equal(pcf_db_factor_count(db, 0, &n, &err), PCF_OK);
    assert_int_equal(n, 1);
    pcf_db_close(db);
    assert_int_equal(pcf_db_import_csv(NULL, csv, NULL, &err), PCF_ERR_INVALID_ARG);
}

/* ---- export ------------------------------------------------------------------------------- */

static void test_export_roundtrip(void **state)
{
    (void)state;
    pcf_db *db = open_default();
    char *csv1 = NULL;
    pcf_error err;
    assert_int_equal(pcf_db_export_csv(db, &csv1, &err), PCF_OK);
    pcf_db_close(db);
    assert_true(strncmp(csv1, HEADER, strlen(HEADER)) == 0);
    const char *path = work_path("export.csv");
    write_file(path, csv1);

    pcf_db *db2 = create_db("reimport.db");
    size_t rows = 0;
    assert_int_equal(pcf_db_import_csv(db2, path, &rows, &err), PCF_OK);
    assert_int_equal(rows, 769);
    char *csv2 = NULL;
    assert_int_equal(pcf_db_export_csv(db2, &csv2, &err), PCF_OK);
    assert_string_equal(csv1, csv2);
    /* derived values are identical too */
    pcf_factor *f = NULL;
    assert_int_equal(
        pcf_db_get_factor(db2, "epa-hub-2025:natural-gas-stationary-combustion", &f, &err), PCF_OK);
    assert_int_equal(pcf_factor_gas_count(f), 3);
    assert_double_close(pcf_factor_kg_co2e(f), 53.06, 1e-15, 0);
    pcf_factor_destroy(f);
    pcf_db_close(db2);
    pcf_free(csv1);
    pcf_free(csv2);
    assert_int_equal(pcf_db_export_csv(NULL, &csv1, &err), PCF_ERR_INVALID_ARG);
    assert_null(csv1);

    /* datasets and regions: the three exports rebuild the layer */
    db = open_default();
    pcf_db *db3 = create_db("reimport3.db");
    for (int t = PCF_DB_TABLE_DATASETS; t <= PCF_DB_TABLE_REGIONS; t++) {
        char *a = NULL, *b = NULL;
        assert_int_equal(pcf_db_export_table_csv(db, (pcf_db_table)t, &a, &err), PCF_OK);
        const char *p = work_path(t == PCF_DB_TABLE_DATASETS ? "export-ds.csv" : "export-rg.csv");
        write_file(p, a);
        assert_int_equal(pcf_db_import_csv(db3, p, &rows, &err), PCF_OK);
        /* data/datasets.csv has 8 rows, data/regions.csv 74 */
        assert_int_equal(rows, t == PCF_DB_TABLE_DATASETS ? 8 : 74);
        assert_int_equal(pcf_db_export_table_csv(db3, (pcf_db_table)t, &b, &err), PCF_OK);
        assert_string_equal(a, b);
        pcf_free(a);
        pcf_free(b);
    }
    assert_int_equal(pcf_db_dataset_count(db3), 8);
    assert_int_equal(pcf_db_export_table_csv(db3, (pcf_db_table)7, &csv1, &err),
                     PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "unknown table 7");
    assert_null(csv1);
    pcf_db_close(db3);
    pcf_db_close(db);
}

/* ---- layers ------------------------------------------------------------------------------- */

static void test_layers(void **state)
{
    (void)state;
    pcf_db *co = create_db("company.db");
    const char *csv = work_path("company.csv");
    /* The company overrides DESNZ butane per tonne by code, and adds its own factor for the
     * same name in GB. */
    write_file(csv, HEADER "desnz-2025:1_100_1000_15_1,acme,fuel,Butane - combustion,,GB,2900,"
                           "kgCO2e/tonne,,,2026,,,,,,,supplier,internal,\n"
                           "acme:electricity-fj,acme,electricity,Fujian provincial average "
                           "electricity CO2 factor 2022,,CN-FJ,0.3,kgCO2e/kWh,,,2026,,,,,,,"
                           "PPA,internal,\n"
                           "acme:ember-glo,acme,electricity,Grid electricity - China (Ember),,GLO,"
                           "0.7,kgCO2e/kWh,,,2026,,,,,,,own,internal,\n");
    pcf_error err;
    assert_int_equal(pcf_db_import_csv(co, csv, NULL, &err), PCF_OK);
    const char *ds = work_path("company-ds.csv");
    write_file(ds, "dataset,name,license\nacme,ACME own factors,internal\n");
    assert_int_equal(pcf_db_import_csv(co, ds, NULL, &err), PCF_OK);
    pcf_db_close(co);

    pcf_db *db = open_default();
    assert_int_equal(pcf_db_attach(db, work_path("company.db"), "acme", &err), PCF_OK);
    assert_int_equal(pcf_db_layer_count(db), 2);
    assert_string_equal(pcf_db_layer_name(db, 1), "acme");
    assert_int_equal(pcf_db_dataset_count(db), 9);
    assert_string_equal(pcf_dataset_layer(pcf_db_dataset_at(db, 0)), "acme");

    pcf_factor *f = NULL;
    assert_int_equal(pcf_db_get_factor(db, "desnz-2025:1_100_1000_15_1", &f, &err), PCF_OK);
    assert_string_equal(pcf_factor_layer(f), "acme");
    assert_double_close(pcf_factor_kg_co2e(f), 2900.0, 1e-15, 0);
    assert_string_equal(pcf_factor_dataset_name(f), "ACME own factors");
    pcf_factor_destroy(f);
    /* a default factor the company does not override */
    assert_int_equal(pcf_db_get_factor(db, "desnz-2025:1_100_1000_8_1", &f, &err), PCF_OK);
    assert_string_equal(pcf_factor_layer(f), "default");
    pcf_factor_destroy(f);
    /* resolve: the company's Fujian factor wins over the default's (0.4092) */
    assert_int_equal(pcf_db_resolve(db, "electricity",
                                    "Fujian provincial average electricity CO2 factor 2022",
                                    "CN-FJ", &f, &err),
                     PCF_OK);
    assert_string_equal(pcf_factor_layer(f), "acme");
    assert_double_close(pcf_factor_kg_co2e(f), 0.3, 1e-15, 0);
    pcf_factor_destroy(f);
    /* the company's GLO factor beats the default's CN one: the top layer wins first */
    assert_int_equal(
        pcf_db_resolve(db, "electricity", "Grid electricity - China (Ember)", "CN", &f, &err),
        PCF_OK);
    assert_string_equal(pcf_factor_layer(f), "acme");
    assert_string_equal(pcf_factor_region(f), "GLO");
    assert_int_equal(pcf_factor_fallback_taken(f), 1);
    assert_double_close(pcf_factor_kg_co2e(f), 0.7, 1e-15, 0);
    pcf_factor_destroy(f);
    /* search: the code appears once, from the top layer */
    pcf_factor_list *l = NULL;
    assert_int_equal(
        pcf_db_search(db, "Butane - combustion", "fuel", "GB", PCF_DIM_MASS, 0, &l, &err), PCF_OK);
    size_t hits = 0;
    for (size_t i = 0; i < pcf_factor_list_count(l); i++)
        if (strcmp(pcf_factor_code(pcf_factor_list_at(l, i)), "desnz-2025:1_100_1000_15_1") == 0) {
            hits++;
            assert_string_equal(pcf_factor_layer(pcf_factor_list_at(l, i)), "acme");
        }
    assert_int_equal(hits, 1);
    pcf_factor_list_destroy(l);
    size_t n = 0;
    assert_int_equal(pcf_db_factor_count(db, 1, &n, &err), PCF_OK);
    assert_int_equal(n, 3);

    /* NULL names the layer after its file ("company.db" -> "company"); a name in use gets
     * "layerN", N counting up from the number of layers (3 here) */
    assert_int_equal(pcf_db_attach(db, work_path("company.db"), NULL, &err), PCF_OK);
    assert_string_equal(pcf_db_layer_name(db, 2), "company");
    assert_int_equal(pcf_db_attach(db, work_path("company.db"), NULL, &err), PCF_OK);
    assert_string_equal(pcf_db_layer_name(db, 3), "layer3");
    assert_int_equal(pcf_db_layer_count(db), 4);
    assert_int_equal(pcf_db_attach(db, NULL, NULL, &err), PCF_ERR_INVALID_ARG);

    assert_int_equal(pcf_db_attach(db, work_path("company.db"), "acme", &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "already attached");
    assert_int_equal(pcf_db_attach(db, work_path("company.db"), "main", &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_db_attach(db, work_path("company.db"), "a b", &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_db_attach(db, work_path("nothing.db"), "x", &err), PCF_ERR_IO);
    assert_contains(err.message, "nothing.db");
    assert_int_equal(pcf_db_attach(NULL, "x", "x", &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_db_layer_count(db), 4);
    pcf_db_close(db);
}

/* A host's decimal comma changes neither import nor the numbers stored. */
/* Builds a one-factor layer file, then lets `tamper` (SQL, constraints off) damage it the way a
 * hostile or broken writer could; returns its path. */
static const char *tampered_layer(const char *name, const char *tamper)
{
    pcf_db *db = create_db(name);
    const char *csv = work_path("tamper.csv");
    write_file(csv, HEADER "x:1,acme,material,Widget,,GLO,2,kgCO2e/kg,,,,,lognormal,1.5,,,,"
                           "supplier,internal,\n");
    pcf_error err;
    assert_int_equal(pcf_db_import_csv(db, csv, NULL, &err), PCF_OK);
    pcf_db_close(db);
    sqlite3 *raw = NULL;
    assert_int_equal(sqlite3_open(work_path(name), &raw), SQLITE_OK);
    char *msg = NULL;
    int rc = sqlite3_exec(raw, tamper, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        print_error("tamper SQL failed: %s\n", msg ? msg : "?");
    assert_int_equal(rc, SQLITE_OK);
    sqlite3_close(raw);
    return work_path(name);
}

/* A layer is a file someone sent: every damaged or hostile schema is refused when it is attached
 * (and when it is opened as the main database), naming the file and the object; before, each was
 * used silently, printed "(null)", or hung the calculation. */
static void expect_layer_refused(const char *tamper, const char *needle)
{
    const char *path = tampered_layer("hostile.db", tamper);
    pcf_db *db = open_default();
    pcf_error err;
    pcf_status st = pcf_db_attach(db, path, "company", &err);
    if (st == PCF_OK || !strstr(err.message, needle))
        print_error("attach after \"%s\": %s: %s\n", tamper, pcf_status_name(st), err.message);
    assert_int_not_equal(st, PCF_OK);
    assert_contains(err.message, needle);
    assert_contains(err.message, "hostile.db");
    assert_int_equal(pcf_db_layer_count(db), 1); /* the default alone, still usable */
    pcf_factor *f = NULL;
    assert_int_equal(pcf_db_get_factor(db, "desnz-2025:1_100_1000_15_1", &f, &err), PCF_OK);
    pcf_factor_destroy(f);
    pcf_db_close(db);
    /* The same file as the main database, read-only. */
    db = NULL;
    assert_int_not_equal(pcf_db_open(path, PCF_DB_READ_ONLY, &db, &err), PCF_OK);
    assert_null(db);
    assert_contains(err.message, needle);
}

/* A damaged factor row is refused where it is read (by code, by resolution, by search), naming
 * the file and the factor, in a layer and in the main database alike; the rest of the file and
 * the layers below stay usable. (Opening no longer reads every row: the cold start read the
 * whole factors table for a calculation that uses a dozen rows.) */
static void expect_row_refused(const char *tamper, const char *needle)
{
    const char *path = tampered_layer("hostile.db", tamper);
    pcf_db *db = open_default();
    pcf_error err;
    assert_int_equal(pcf_db_attach(db, path, "company", &err), PCF_OK);
    pcf_factor *f = NULL;
    pcf_status st = pcf_db_get_factor(db, "x:1", &f, &err);
    if (st == PCF_OK || !strstr(err.message, needle))
        print_error("get after \"%s\": %s: %s\n", tamper, pcf_status_name(st), err.message);
    assert_int_equal(st, PCF_ERR_DATABASE);
    assert_null(f);
    assert_contains(err.message, needle);
    assert_contains(err.message, "hostile.db");
    assert_int_equal(pcf_db_resolve(db, "material", "Widget", "GLO", &f, &err), PCF_ERR_DATABASE);
    assert_null(f);
    assert_contains(err.message, needle);
    pcf_factor_list *list = NULL;
    assert_int_equal(pcf_db_search(db, "Widget", NULL, NULL, PCF_DIM_NONE, 10, &list, &err),
                     PCF_ERR_DATABASE);
    assert_null(list);
    assert_contains(err.message, needle);
    /* the default below still serves its own factors */
    assert_int_equal(pcf_db_get_factor(db, "desnz-2025:1_100_1000_15_1", &f, &err), PCF_OK);
    pcf_factor_destroy(f);
    pcf_db_close(db);
    /* The same file as the main database, read-only: it opens, the row is refused. */
    db = NULL;
    assert_int_equal(pcf_db_open(path, PCF_DB_READ_ONLY, &db, &err), PCF_OK);
    f = NULL;
    assert_int_equal(pcf_db_get_factor(db, "x:1", &f, &err), PCF_ERR_DATABASE);
    assert_null(f);
    assert_contains(err.message, needle);
    assert_contains(err.message, "hostile.db");
    pcf_db_close(db);
}

static void test_hostile_layers(void **state)
{
    (void)state;
    /* The untouched file attaches: the checks pass a file pcf wrote. */
    const char *good = tampered_layer("hostile.db", "SELECT 1");
    pcf_db *db = open_default();
    pcf_error err;
    assert_int_equal(pcf_db_attach(db, good, "company", &err), PCF_OK);
    pcf_db_close(db);

    expect_row_refused("PRAGMA ignore_check_constraints = 1; "
                       "UPDATE factors SET kg_co2e = -5 WHERE code = 'x:1'",
                       "factor \"x:1\": kg_co2e -5 is outside 0 to 1e+12");
    expect_row_refused("PRAGMA ignore_check_constraints = 1; "
                       "UPDATE factors SET kg_co2e = 1e300 WHERE code = 'x:1'",
                       "kg_co2e 1e+300 is outside");
    expect_row_refused("PRAGMA ignore_check_constraints = 1; "
                       "UPDATE factors SET kg_co2e = 9e999 WHERE code = 'x:1'",
                       "kg_co2e is not a finite number");
    expect_row_refused("PRAGMA ignore_check_constraints = 1; "
                       "UPDATE factors SET dist = 9 WHERE code = 'x:1'",
                       "dist 9 is not a distribution");
    expect_row_refused("PRAGMA ignore_check_constraints = 1; "
                       "UPDATE factors SET p1 = 0.5 WHERE code = 'x:1'",
                       "lognormal GSD 0.5 is invalid");
    expect_row_refused("PRAGMA ignore_check_constraints = 1; "
                       "UPDATE factors SET p2 = 'many' WHERE code = 'x:1'",
                       "p2 is not a finite number");
    /* An endless recursive view in place of the factors table. */
    expect_layer_refused("DROP TABLE factors; CREATE VIEW factors AS WITH RECURSIVE n(i) AS "
                         "(SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i AS code FROM n",
                         "\"factors\" is a view, not the table pcf creates");
    expect_layer_refused("DROP TABLE regions", "has no table \"regions\"");
    expect_layer_refused("PRAGMA user_version = -1", "schema version -1, which no pcf writes");
}

/* More damaged forms: a distribution stored as text, a full-text index that is a plain table
 * (no fts5), the dataset list replaced by a view. */
static void test_hostile_layers_schema(void **state)
{
    (void)state;
    expect_row_refused("PRAGMA ignore_check_constraints = 1; "
                       "UPDATE factors SET dist = 'abc' WHERE code = 'x:1'",
                       "factor \"x:1\": dist abc is not a distribution pcf knows");
    expect_layer_refused(
        "DROP TABLE factors_fts; CREATE TABLE factors_fts (code, name_en, name_zh)",
        "\"factors_fts\" is a table, not the table pcf creates");
    expect_layer_refused("DROP TABLE datasets; CREATE VIEW datasets AS SELECT 'a' AS dataset",
                         "\"datasets\" is a view, not the table pcf creates");
}

/* A child process starts a large write and dies without a word (as `kill -9` during `pcf db
 * import` does), leaving a hot journal. Read-only opens used to fail with "attempt to write a
 * readonly database (SQLite error 776)" until someone opened the file for writing; now the reader
 * rolls the journal back and sees the file as it was before the interrupted write. */
static void interrupted_write(const char *path)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        sqlite3 *raw = NULL;
        if (sqlite3_open(path, &raw) != SQLITE_OK)
            _exit(2);
        /* A one-page cache spills changed pages into the file before COMMIT. */
        int rc = sqlite3_exec(raw,
                              "PRAGMA cache_size = 1; BEGIN; "
                              "UPDATE factors SET name_en = name_en || ' (damaged)'; "
                              "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                              "WHERE i < 2000) INSERT INTO regions (region) SELECT 'X-' || i "
                              "FROM n;",
                              NULL, NULL, NULL);
        _exit(rc == SQLITE_OK ? 9 : 3); /* no COMMIT, no close: the journal stays hot */
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 9);
    char journal[1100];
    snprintf(journal, sizeof journal, "%s-journal", path);
    assert_int_equal(access(journal, F_OK), 0); /* the hot journal is there */
}

static void test_hot_journal(void **state)
{
    (void)state;
    const char *path = tampered_layer("crashed.db", "SELECT 1");
    interrupted_write(path);
    pcf_db *db = NULL;
    pcf_error err;
    assert_int_equal(pcf_db_open(path, PCF_DB_READ_ONLY, &db, &err), PCF_OK);
    pcf_factor *f = NULL;
    assert_int_equal(pcf_db_get_factor(db, "x:1", &f, &err), PCF_OK);
    assert_string_equal(pcf_factor_name_en(f), "Widget"); /* the write was rolled back */
    pcf_factor_destroy(f);
    pcf_db_close(db);

    /* The same for a layer attached read-only over the default. */
    interrupted_write(path);
    db = open_default();
    assert_int_equal(pcf_db_attach(db, path, "company", &err), PCF_OK);
    assert_int_equal(pcf_db_get_factor(db, "x:1", &f, &err), PCF_OK);
    assert_string_equal(pcf_factor_name_en(f), "Widget");
    pcf_factor_destroy(f);
    pcf_db_close(db);
}

static void test_locale(void **state)
{
    (void)state;
    const char *names[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", NULL};
    const char *got = NULL;
    for (int i = 0; names[i] && !got; i++)
        got = setlocale(LC_NUMERIC, names[i]);
    if (!got)
        skip();
    pcf_db *db = create_db("locale.db");
    const char *csv = work_path("locale.csv");
    write_file(csv, HEADER "l:1,,material,A,,GLO,1.5,kgCO2e/kg,,,,ch4_fossil=2.5 g,normal,0.25,,,,"
                           "src,CC0,\n");
    pcf_error err;
    assert_int_equal(pcf_db_import_csv(db, csv, NULL, &err), PCF_OK);
    pcf_factor *f = NULL;
    assert_int_equal(pcf_db_get_factor(db, "l:1", &f, &err), PCF_OK);
    assert_true(pcf_factor_kg_co2e(f) == 1.5);
    assert_double_close(pcf_factor_gas_kg_at(f, 0), 0.0025, 1e-15, 0); /* 2.5 g */
    double sd;
    pcf_factor_uncertainty(f, NULL, &sd, NULL, NULL);
    assert_true(sd == 0.25);
    pcf_factor_destroy(f);
    /* "1,5" is not a number here either */
    write_file(csv, HEADER "l:2,,material,A,,GLO,\"1,5\",kgCO2e/kg,,,,,,,,,,src,CC0,\n");
    assert_int_equal(pcf_db_import_csv(db, csv, NULL, &err), PCF_ERR_PARSE);
    pcf_db_close(db);
    setlocale(LC_NUMERIC, "C");
}

/* One handle per thread, used at the same time (pcf_db is one thread at a time per handle). */
static void *thread_body(void *arg)
{
    int *ok = arg;
    pcf_db *db = NULL;
    *ok = pcf_db_open(g_default_db, PCF_DB_READ_ONLY, &db, NULL) == PCF_OK;
    for (int i = 0; *ok && i < 500; i++) {
        pcf_factor *f = NULL;
        *ok = pcf_db_resolve(db, "electricity", "2023年全国电力平均碳足迹因子", "CN-FJ", &f,
                             NULL) == PCF_OK &&
              pcf_factor_kg_co2e(f) == 0.6205;
        pcf_factor_destroy(f);
        if (*ok) {
            *ok = pcf_db_get_factor(db, "desnz-2025:1_100_1000_15_1", &f, NULL) == PCF_OK &&
                  pcf_factor_kg_co2e(f) == 3033.38067;
            pcf_factor_destroy(f);
        }
    }
    pcf_db_close(db);
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    pthread_t t[4];
    int ok[4] = {0, 0, 0, 0};
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, thread_body, &ok[i]), 0);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(pthread_join(t[i], NULL), 0);
        assert_true(ok[i]);
    }
}

/* ---- dataset counts stored at import (schema 3) ------------------------------------------- */

static void sql_exec(const char *path, const char *sql)
{
    sqlite3 *s = NULL;
    assert_int_equal(sqlite3_open(path, &s), SQLITE_OK);
    assert_int_equal(sqlite3_exec(s, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(s);
}

static int sql_int(const char *path, const char *sql)
{
    sqlite3 *s = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open(path, &s), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(s, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(s);
    return v;
}

static size_t acme_count(const char *path, int flags)
{
    pcf_db *db = NULL;
    pcf_error err;
    assert_int_equal(pcf_db_open(path, flags, &db, &err), PCF_OK);
    assert_int_equal(pcf_db_dataset_count(db), 1);
    assert_string_equal(pcf_dataset_key(pcf_db_dataset_at(db, 0)), "acme");
    size_t n = pcf_dataset_factor_count(pcf_db_dataset_at(db, 0));
    pcf_db_close(db);
    return n;
}

/*
 * The number of factors per dataset is kept in datasets.factor_count by triggers and read at
 * open (no count(*) per dataset); a version-2 file is counted at open read-only and upgraded
 * read-write. The rows: 2 "acme" factors, then 1 more, then the dataset row.
 */
static void test_dataset_counts_stored(void **state)
{
    (void)state;
    const char *path = work_path("counts.db");
    pcf_db *db = create_db("counts.db");
    pcf_error err;
    size_t rows = 0;
    const char *ds = work_path("counts-datasets.csv");
    write_file(ds, "dataset,name,version,publisher,license,url,date,attribution\n"
                   "acme,ACME factors,1,ACME,CC0,,2026,\n");
    const char *f1 = work_path("counts-1.csv");
    write_file(f1, HEADER "c:1,acme,material,Steel,,GLO,2,kgCO2e/kg,,,,,,,,,,src,CC0,\n"
                          "c:2,acme,material,Iron,,GLO,1,kgCO2e/kg,,,,,,,,,,src,CC0,\n"
                          "c:3,,material,Copper,,GLO,3,kgCO2e/kg,,,,,,,,,,src,CC0,\n");
    const char *f2 = work_path("counts-2.csv");
    write_file(f2, HEADER "c:4,acme,material,Tin,,GLO,4,kgCO2e/kg,,,,,,,,,,src,CC0,\n");
    /* factors first, the dataset row after them: counted when the row arrives */
    assert_int_equal(pcf_db_import_csv(db, f1, &rows, &err), PCF_OK);
    assert_int_equal(pcf_db_import_csv(db, ds, &rows, &err), PCF_OK);
    assert_int_equal(pcf_dataset_factor_count(pcf_db_dataset_at(db, 0)), 2);
    /* one more factor after it: counted by the insert trigger */
    assert_int_equal(pcf_db_import_csv(db, f2, &rows, &err), PCF_OK);
    assert_int_equal(pcf_dataset_factor_count(pcf_db_dataset_at(db, 0)), 3);
    pcf_db_close(db);
    assert_int_equal(sql_int(path, "PRAGMA user_version"), 3);
    assert_int_equal(sql_int(path, "SELECT factor_count FROM datasets"), 3);
    /* deleting and re-labelling factors keeps it: 3 - 1 (deleted) - 1 (moved to "other") */
    sql_exec(path, "DELETE FROM factors WHERE code = 'c:1'; "
                   "UPDATE factors SET dataset = 'other' WHERE code = 'c:2'");
    assert_int_equal(acme_count(path, PCF_DB_READ_ONLY), 1);
    sql_exec(path, "UPDATE factors SET dataset = 'acme' WHERE code IN ('c:2', 'c:3')");
    assert_int_equal(acme_count(path, PCF_DB_READ_ONLY), 3);
    /* open reads the stored number, it does not count: a stored 99 is what it reports */
    sql_exec(path, "UPDATE datasets SET factor_count = 99");
    assert_int_equal(acme_count(path, PCF_DB_READ_ONLY), 99);
    sql_exec(path, "UPDATE datasets SET factor_count = 3");

    /* the same file as version 2 wrote it: no column, no triggers */
    sql_exec(path, "DROP TRIGGER datasets_count; DROP TRIGGER factors_count_insert; "
                   "DROP TRIGGER factors_count_delete; DROP TRIGGER factors_count_update; "
                   "ALTER TABLE datasets DROP COLUMN factor_count; PRAGMA user_version = 2");
    assert_int_equal(acme_count(path, PCF_DB_READ_ONLY), 3);   /* counted at open */
    assert_int_equal(sql_int(path, "PRAGMA user_version"), 2); /* read-only: unchanged */
    assert_int_equal(acme_count(path, PCF_DB_READ_WRITE), 3);  /* upgraded, counted once */
    assert_int_equal(sql_int(path, "PRAGMA user_version"), 3);
    assert_int_equal(sql_int(path, "SELECT factor_count FROM datasets"), 3);
    sql_exec(path, "DELETE FROM factors WHERE code = 'c:4'"); /* the triggers came with it */
    assert_int_equal(acme_count(path, PCF_DB_READ_ONLY), 2);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: test_db FACTORS_DB WORK_DIR\n");
        return 2;
    }
    g_default_db = argv[1];
    g_work = argv[2];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_default),
        cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_newer_schema),
        cmocka_unit_test(test_get_factor),
        cmocka_unit_test(test_factor_to_json),
        cmocka_unit_test(test_get_factor_units),
        cmocka_unit_test(test_get_factor_missing),
        cmocka_unit_test(test_resolve_fallback),
        cmocka_unit_test(test_search),
        cmocka_unit_test(test_import_good),
        cmocka_unit_test(test_import_malformed),
        cmocka_unit_test(test_import_streamed),
        cmocka_unit_test(test_import_header_and_readonly),
        cmocka_unit_test(test_export_roundtrip),
        cmocka_unit_test(test_layers),
        cmocka_unit_test(test_hostile_layers),
        cmocka_unit_test(test_hostile_layers_schema),
        cmocka_unit_test(test_hot_journal),
        cmocka_unit_test(test_locale),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_dataset_counts_stored),
    };
    return cmocka_run_group_tests_name("db", tests, NULL, NULL);
}
