/*
 * Tests of the factor database's argument checks, accessors and resolution rules on a small
 * database built here (pcf/db.h); tests/test_db.c has the shipped data, import and layers.
 * Usage: test_db_api WORK_DIR. The factor values are made up for the test; each expected number
 * is the value of the row that must win, converted by hand where its unit is not kg.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "testutil.h"

#include <pcf/pcf.h>

#include <stdlib.h>

static const char *g_work;

#define work_path(name)        testutil_path(g_work, (name))
#define write_file(path, text) testutil_write((path), (text), strlen(text))

static void import_text(pcf_db *db, const char *name, const char *text)
{
    const char *path = work_path(name);
    write_file(path, text);
    pcf_error err;
    pcf_status st = pcf_db_import_csv(db, path, NULL, &err);
    if (st != PCF_OK)
        print_error("import of %s: %s\n", name, err.message);
    assert_int_equal(st, PCF_OK);
}

#define HEADER "code,category,name_en,name_zh,region,value,unit,year,gases,source,license\n"

/* Regions GLO > CN > CN-FJ, a cycle XA <-> XB under nothing, and a chain of 17 regions R1..R17
 * (R1 the most specific) that is longer than the 16 steps a fallback chain holds; factors for
 * the ranking rules. */
static pcf_db *make_db(void)
{
    const char *path = work_path("api.db");
    remove(path);
    pcf_db *db = NULL;
    pcf_error err;
    assert_int_equal(pcf_db_open(path, PCF_DB_READ_WRITE | PCF_DB_CREATE, &db, &err), PCF_OK);
    char regions[2048] = "region,parent,name_en\nGLO,,Global\nCN,GLO,China\nCN-FJ,CN,Fujian\n"
                         "XA,XB,Cycle A\nXB,XA,Cycle B\n";
    for (int i = 1; i <= 17; i++) {
        size_t n = strlen(regions);
        if (i < 17)
            snprintf(regions + n, sizeof regions - n, "R%d,R%d,Chain %d\n", i, i + 1, i);
        else
            snprintf(regions + n, sizeof regions - n, "R%d,GLO,Chain %d\n", i, i);
    }
    import_text(db, "api-regions.csv", regions);
    import_text(db, "api-factors.csv",
                HEADER
                /* same name and region, years 2023 and 2024: the later year wins */
                "t:old,material,Steel,钢材,CN,1,kgCO2e/kg,2023,,src,CC0\n"
                "t:new,material,Steel,钢材,CN,2,kgCO2e/kg,2024,,src,CC0\n"
                /* the same year twice: the smaller code wins */
                "t:b,material,Glass,,GLO,4,kgCO2e/kg,2024,,src,CC0\n"
                "t:a,material,Glass,,GLO,3,kgCO2e/kg,2024,,src,CC0\n"
                /* a more specific region wins over a later year */
                "t:fj,material,Copper,,CN-FJ,5,kgCO2e/kg,2020,,src,CC0\n"
                "t:cn,material,Copper,,CN,6,kgCO2e/kg,2025,,src,CC0\n"
                /* one factor per region of R1..R9, for the "only for region" list */
                "t:r1,fuel,Peat,,R1,1,kgCO2e/kg,,,src,CC0\n"
                "t:r2,fuel,Peat,,R2,1,kgCO2e/kg,,,src,CC0\n"
                "t:r3,fuel,Peat,,R3,1,kgCO2e/kg,,,src,CC0\n"
                "t:r4,fuel,Peat,,R4,1,kgCO2e/kg,,,src,CC0\n"
                "t:r5,fuel,Peat,,R5,1,kgCO2e/kg,,,src,CC0\n"
                "t:r6,fuel,Peat,,R6,1,kgCO2e/kg,,,src,CC0\n"
                "t:r7,fuel,Peat,,R7,1,kgCO2e/kg,,,src,CC0\n"
                "t:r8,fuel,Peat,,R8,1,kgCO2e/kg,,,src,CC0\n"
                "t:r9,fuel,Peat,,R9,1,kgCO2e/kg,,,src,CC0\n"
                /* a wildcard character in a name, and per-gas amounts */
                "t:pct,material,100% recycled_fibre,,GLO,0.5,kgCO2e/kg,,co2_fossil=0.4 kg;"
                "n2o=0.001 kg,src,CC0\n");
    return db;
}

static void test_arguments(void **state)
{
    (void)state;
    pcf_db *db = make_db();
    pcf_factor *f = (pcf_factor *)db; /* any non-NULL value: it must be cleared */
    pcf_error err;
    assert_int_equal(pcf_db_get_factor(NULL, "t:a", &f, &err), PCF_ERR_INVALID_ARG);
    assert_null(f);
    assert_string_equal(err.message, "pcf_db_get_factor: an argument is NULL");
    assert_int_equal(pcf_db_get_factor(db, NULL, &f, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_db_get_factor(db, "t:a", NULL, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_db_resolve(db, "material", NULL, "CN", &f, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_db_resolve: db, category, name and out must not be NULL");
    assert_int_equal(pcf_db_resolve(db, "material", "Steel", "CN", NULL, &err),
                     PCF_ERR_INVALID_ARG);
    /* a region code of 64 bytes or more is refused before any query */
    char region[80];
    memset(region, 'A', 70);
    region[70] = '\0';
    assert_int_equal(pcf_db_resolve(db, "material", "Steel", region, &f, &err),
                     PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "region code \"AAAAAAAAAA");
    assert_contains(err.message, "...\" is too long");
    size_t n = 7;
    assert_int_equal(pcf_db_factor_count(db, 1, &n, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message,
                        "pcf_db_factor_count: layer 1 does not exist (the database has 1)");
    assert_int_equal(pcf_db_factor_count(NULL, 0, &n, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(n, 0);
    /* 6 + 9 + 1 factors imported above */
    assert_int_equal(pcf_db_factor_count(db, 0, &n, &err), PCF_OK);
    assert_int_equal(n, 16);
    assert_null(pcf_db_layer_name(db, 1));
    assert_null(pcf_db_layer_name(NULL, 0));
    assert_null(pcf_db_dataset_at(db, 0)); /* no dataset rows were imported */
    pcf_db_close(db);
}

/* Every string accessor of a factor and a dataset answers "" for NULL; the numbers 0, the gas
 * and uncertainty accessors their neutral values, also past the last gas. */
static void test_null_accessors(void **state)
{
    (void)state;
    const char *(*const fs[])(const pcf_factor *) = {pcf_factor_code,
                                                     pcf_factor_name_en,
                                                     pcf_factor_name_zh,
                                                     pcf_factor_category,
                                                     pcf_factor_region,
                                                     pcf_factor_region_requested,
                                                     pcf_factor_unit_qualifier,
                                                     pcf_factor_gwp_text,
                                                     pcf_factor_scope,
                                                     pcf_factor_year_text,
                                                     pcf_factor_published_value,
                                                     pcf_factor_published_unit,
                                                     pcf_factor_dataset,
                                                     pcf_factor_dataset_name,
                                                     pcf_factor_dataset_version,
                                                     pcf_factor_license,
                                                     pcf_factor_source,
                                                     pcf_factor_notes,
                                                     pcf_factor_dq,
                                                     pcf_factor_layer};
    for (size_t i = 0; i < sizeof fs / sizeof fs[0]; i++)
        assert_string_equal(fs[i](NULL), "");
    const char *(*const ds[])(const pcf_dataset *) = {
        pcf_dataset_key,       pcf_dataset_name,        pcf_dataset_version,
        pcf_dataset_publisher, pcf_dataset_license,     pcf_dataset_url,
        pcf_dataset_date,      pcf_dataset_attribution, pcf_dataset_layer};
    for (size_t i = 0; i < sizeof ds / sizeof ds[0]; i++)
        assert_string_equal(ds[i](NULL), "");
    assert_int_equal(pcf_dataset_factor_count(NULL), 0);
    assert_null(pcf_db_dataset_at(NULL, 0));
    assert_int_equal(pcf_factor_gas_count(NULL), 0);
    assert_int_equal(pcf_factor_gas_at(NULL, 0), PCF_GAS_CO2_FOSSIL);
    assert_true(pcf_factor_gas_kg_at(NULL, 0) == 0.0);
    pcf_dist kind = PCF_DIST_NORMAL;
    double p1 = 1, p2 = 2, p3 = 3;
    pcf_factor_uncertainty(NULL, &kind, &p1, &p2, &p3);
    assert_int_equal(kind, PCF_DIST_FIXED);
    assert_true(p1 == 0.0 && p2 == 0.0 && p3 == 0.0);

    /* a factor with two gases: index 2 is past the end */
    pcf_db *db = make_db();
    pcf_factor *f = NULL;
    pcf_error err;
    assert_int_equal(pcf_db_get_factor(db, "t:pct", &f, &err), PCF_OK);
    assert_int_equal(pcf_factor_gas_count(f), 2);
    assert_int_equal(pcf_factor_gas_at(f, 1), PCF_GAS_N2O);
    assert_true(pcf_factor_gas_kg_at(f, 1) == 0.001);
    assert_int_equal(pcf_factor_gas_at(f, 2), PCF_GAS_CO2_FOSSIL);
    assert_true(pcf_factor_gas_kg_at(f, 2) == 0.0);
    pcf_factor_uncertainty(f, &kind, NULL, NULL, NULL);
    assert_int_equal(kind, PCF_DIST_FIXED);
    pcf_factor_destroy(f);
    pcf_db_close(db);
}

static double resolved(pcf_db *db, const char *category, const char *name, const char *region,
                       const char *code)
{
    pcf_factor *f = NULL;
    pcf_error err;
    pcf_status st = pcf_db_resolve(db, category, name, region, &f, &err);
    if (st != PCF_OK)
        print_error("resolve %s: %s\n", name, err.message);
    assert_int_equal(st, PCF_OK);
    assert_string_equal(pcf_factor_code(f), code);
    double v = pcf_factor_kg_co2e(f);
    pcf_factor_destroy(f);
    return v;
}

static void test_ranking(void **state)
{
    (void)state;
    pcf_db *db = make_db();
    /* CN-FJ -> CN: Steel exists for CN in 2023 (1) and 2024 (2): the later one, 2 */
    assert_true(resolved(db, "material", "Steel", "CN-FJ", "t:new") == 2.0);
    /* 2024 twice at GLO: the smaller code t:a (3) */
    assert_true(resolved(db, "material", "Glass", "cn-fj", "t:a") == 3.0);
    /* CN-FJ's own Copper (2020, 5) beats CN's later one (2025, 6) */
    assert_true(resolved(db, "material", "Copper", "CN-FJ", "t:fj") == 5.0);
    assert_true(resolved(db, "material", "Copper", "CN", "t:cn") == 6.0);
    /* the cycle XA -> XB -> XA stops at XB and falls to nothing else: GLO is not in it, so only
     * a GLO factor asked for by name with no region is found */
    pcf_factor *f = NULL;
    pcf_error err;
    assert_int_equal(pcf_db_resolve(db, "material", "Glass", "XA", &f, &err), PCF_ERR_NOT_FOUND);
    assert_contains(err.message, "for regions XA -> XB; that name exists only for region GLO (");
    /* R1's chain is cut at 16 steps (R1..R16): R17 and GLO are not reached */
    assert_int_equal(pcf_db_resolve(db, "material", "Glass", "R1", &f, &err), PCF_ERR_NOT_FOUND);
    assert_contains(err.message, "R15 -> R16; that name exists only for region GLO (");
    /* Peat exists for R1..R9 only: from CN the message lists where, at most eight */
    assert_int_equal(pcf_db_resolve(db, "fuel", "Peat", "CN", &f, &err), PCF_ERR_NOT_FOUND);
    assert_contains(err.message, "; that name exists only for region ");
    const char *list = strstr(err.message, "only for region ");
    int commas = 0;
    for (const char *p = list; *p && *p != '('; p++)
        commas += *p == ',';
    assert_int_equal(commas, 7);
    pcf_db_close(db);
}

/* Names near a missing one: LIKE's wildcards in the typed name are literal, and a Chinese name
 * is matched on its first two characters. */
static void test_near_names(void **state)
{
    (void)state;
    pcf_db *db = make_db();
    pcf_factor *f = NULL;
    pcf_error err;
    /* "100%" must not match every name as a LIKE wildcard would: only "100% recycled_fibre" */
    assert_int_equal(pcf_db_resolve(db, "material", "100% virgin", "GLO", &f, &err),
                     PCF_ERR_NOT_FOUND);
    assert_contains(err.message, "100% recycled_fibre");
    assert_null(strstr(err.message, "Copper"));
    /* "钢材板" shares "钢材" with Steel's Chinese name, which is shown in Chinese */
    assert_int_equal(pcf_db_resolve(db, "material", "钢材板", "CN", &f, &err), PCF_ERR_NOT_FOUND);
    assert_contains(err.message, "钢材");
    pcf_db_close(db);
}

#define HEADER2                                                                                    \
    "code,category,name_en,region,value,unit,gwp_set,year,gases,uncertainty,unc_p1,unc_p2,"        \
    "unc_p3,source,license\n"

/* The 1-based byte column where field k of row starts (the rows below have no quotes). */
static int col_of(const char *row, int k)
{
    int col = 1;
    for (const char *p = row; k > 0 && *p; p++, col++)
        k -= *p == ',';
    return col;
}

/* Imports HEADER2 + row into a fresh database: must fail on line 2 at field k's column with a
 * message containing needle, and leave no factor. */
static void bad_row(const char *row, int k, const char *needle)
{
    const char *path = work_path("rows.db");
    remove(path);
    pcf_db *db = NULL;
    pcf_error err;
    assert_int_equal(pcf_db_open(path, PCF_DB_READ_WRITE | PCF_DB_CREATE, &db, &err), PCF_OK);
    char text[1024];
    snprintf(text, sizeof text, "%s%s\n", HEADER2, row);
    write_file(work_path("rows.csv"), text);
    pcf_status st = pcf_db_import_csv(db, work_path("rows.csv"), NULL, &err);
    if (st != PCF_ERR_PARSE || err.line != 2 || err.column != col_of(row, k) ||
        !strstr(err.message, needle))
        print_error("%s: %s line %d column %d (expected %d): %s\n", row, pcf_status_name(st),
                    err.line, err.column, col_of(row, k), err.message);
    assert_int_equal(st, PCF_ERR_PARSE);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, col_of(row, k));
    assert_contains(err.message, needle);
    size_t n = 9;
    assert_int_equal(pcf_db_factor_count(db, 0, &n, &err), PCF_OK);
    assert_int_equal(n, 0);
    pcf_db_close(db);
}

/* Each check of a factor row, with the cell it points at (field index in HEADER2's order). */
static void test_import_cells(void **state)
{
    (void)state;
    bad_row("a b,material,A,GLO,1,kgCO2e/kg,,,,,,,,src,CC0", 0,
            "column \"code\": the code contains a space or control character");
    bad_row(",material,A,GLO,1,kgCO2e/kg,,,,,,,,src,CC0", 0,
            "column \"code\": the code is empty or longer than 200 bytes");
    bad_row("a:1,Material,A,GLO,1,kgCO2e/kg,,,,,,,,src,CC0", 1,
            "column \"category\": the category must be lower-case letters");
    bad_row("a:1,material,,GLO,1,kgCO2e/kg,,,,,,,,src,CC0", 2,
            "column \"name_en\": the English name is empty");
    bad_row("a:1,material,A,GLO,1,kgCO2e/kg,,,,,,,,src,", 14,
            "column \"license\": the licence is empty");
    /* per-gas amounts */
    bad_row("a:1,material,A,GLO,1,kgCO2e/kg,,,co2_fossil=1 kg;;n2o=1 g,,,,,src,CC0", 8,
            "per-gas item \"\" is empty or too long");
    bad_row("a:1,material,A,GLO,1,kgCO2e/kg,,,co2_fossil 1 kg,,,,,src,CC0", 8,
            "per-gas item \"co2_fossil 1 kg\" has no '='");
    bad_row("a:1,material,A,GLO,1,kgCO2e/kg,,,xenon=1 kg,,,,,src,CC0", 8,
            "in per-gas amounts: unknown greenhouse gas \"xenon\"");
    bad_row("a:1,material,A,GLO,1,kgCO2e/kg,,,n2o=lots,,,,,src,CC0", 8,
            "in per-gas amount of n2o: ");
    bad_row("a:1,material,A,GLO,1,kgCO2e/kg,,,n2o=1 kWh,,,,,src,CC0", 8,
            "per-gas amount \"1 kWh\" of n2o must be a mass of zero or more");
    /* units: a trailing word with a digit is not a qualifier; a 160-byte unit is not read */
    bad_row("a:1,material,A,GLO,1,kgCO2e/kg batch 7,,,,,,,,src,CC0", 5, "column \"unit\"");
    bad_row(
        "a:1,material,A,GLO,1,kgCO2e/kg "
        "(xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx),,,,,,,,src,"
        "CC0",
        5, "column \"unit\"");
    bad_row("a:1,material,A,GLO,1,(kgCO2e/kg),,,,,,,,src,CC0", 5, "column \"unit\"");
    /* uncertainty */
    bad_row("a:1,material,A,GLO,1,kgCO2e/kg,,,,,,0.5,,src,CC0", 9,
            "uncertainty parameters are given without a distribution");
    bad_row("a:1,material,A,GLO,1,kgCO2e/kg,,,,normal,0.1,0.2,,src,CC0", 11,
            "column \"unc_p2\": this distribution takes fewer parameters; leave it empty");
    bad_row("a:1,material,A,GLO,1,kgCO2e/kg,,,,uniform,0.5,abc,,src,CC0", 11,
            "column \"unc_p2\": parameter \"abc\" of the uniform distribution is not a number");
    bad_row("a:1,material,A,GLO,1,kgCO2e/kg,,,,cauchy,1,,,src,CC0", 9, "column \"uncertainty\"");
}

/* Cells that import: a qualifier in parentheses or as trailing words, "ar5" and a year followed
 * by text, and a normal distribution's sd converted with the value's unit: 0.2 t per t is 200 kg
 * CO2e per t, and 2 t per t is 2000 kg. */
static void test_import_readings(void **state)
{
    (void)state;
    const char *path = work_path("good-rows.db");
    remove(path);
    pcf_db *db = NULL;
    pcf_error err;
    assert_int_equal(pcf_db_open(path, PCF_DB_READ_WRITE | PCF_DB_CREATE, &db, &err), PCF_OK);
    import_text(db, "good-rows.csv",
                HEADER2 "q:1,fuel,Gas oil,GLO,3,kgCO2e/kWh (net CV)  ,ar5,2024 (data 2023),,,,,,"
                        "src,CC0\n"
                        "q:2,material,Slab,GLO,2,tCO2e/t product grade,AR50,20245,,normal,0.2,,,"
                        "src,CC0\n");
    pcf_factor *f = NULL;
    assert_int_equal(pcf_db_get_factor(db, "q:1", &f, &err), PCF_OK);
    assert_string_equal(pcf_factor_unit_qualifier(f), "net CV");
    assert_true(pcf_factor_kg_co2e(f) == 3.0);
    assert_int_equal(pcf_factor_gwp_set(f), 5);
    assert_int_equal(pcf_factor_year(f), 2024);
    pcf_factor_destroy(f);
    assert_int_equal(pcf_db_get_factor(db, "q:2", &f, &err), PCF_OK);
    assert_string_equal(pcf_factor_unit_qualifier(f), "product grade");
    assert_true(pcf_factor_kg_co2e(f) == 2000.0);
    assert_int_equal(pcf_factor_gwp_set(f), 0);
    assert_int_equal(pcf_factor_year(f), 0);
    pcf_dist kind;
    double sd;
    pcf_factor_uncertainty(f, &kind, &sd, NULL, NULL);
    assert_int_equal(kind, PCF_DIST_NORMAL);
    assert_true(sd == 200.0);
    pcf_factor_destroy(f);
    /* a header naming a column twice */
    write_file(work_path("twice.csv"), "code,category,code\n");
    assert_int_equal(pcf_db_import_csv(db, work_path("twice.csv"), NULL, &err), PCF_ERR_PARSE);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 15);
    assert_contains(err.message, "column \"code\" appears twice in the header");
    pcf_db_close(db);
}

/* Search and suggestion refuse NULL and invalid UTF-8; a bad unit is reported as parsed; the
 * accessors of a suggestion list answer neutrally past its end; results of a layer laid over
 * the database come first (the company's factors win). */
static void test_search_args(void **state)
{
    (void)state;
    pcf_db *db = make_db();
    pcf_factor_list *list = NULL;
    pcf_suggestion_list *sl = NULL;
    pcf_error err;
    assert_int_equal(pcf_db_search(NULL, "steel", NULL, NULL, PCF_DIM_NONE, 0, &list, &err),
                     PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_db_search: db, text and out must not be NULL");
    assert_int_equal(pcf_db_search(db,
                                   "st\xff"
                                   "el",
                                   NULL, NULL, PCF_DIM_NONE, 0, &list, &err),
                     PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "the search text is not valid UTF-8");
    assert_int_equal(pcf_factor_suggest(db, NULL, NULL, NULL, NULL, 3, &sl, &err),
                     PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_factor_suggest: db, text and out must not be NULL");
    assert_int_equal(pcf_factor_suggest(db, "\xe9\x92", NULL, NULL, NULL, 3, &sl, &err),
                     PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "the text to match is not valid UTF-8");
    /* an unknown unit is a name that does not exist, as pcf_unit_parse() says */
    assert_int_equal(pcf_factor_suggest(db, "steel", "furlong", NULL, NULL, 3, &sl, &err),
                     PCF_ERR_NOT_FOUND);
    assert_contains(err.message, "furlong");
    assert_null(sl);
    assert_int_equal(pcf_suggestion_count(NULL), 0);
    assert_null(pcf_suggestion_factor(NULL, 0));
    assert_true(pcf_suggestion_score(NULL, 0) == 0.0);
    assert_int_equal(pcf_suggestion_is_proxy(NULL, 0), 0);
    assert_string_equal(pcf_suggestion_reason(NULL, 0, "zh"), "");
    assert_int_equal(pcf_suggestion_clear(NULL), 0);

    /* a layer with its own Steel: it comes first, the database's two after it */
    const char *lp = work_path("api-layer.db");
    remove(lp);
    pcf_db *ldb = NULL;
    assert_int_equal(pcf_db_open(lp, PCF_DB_READ_WRITE | PCF_DB_CREATE, &ldb, &err), PCF_OK);
    import_text(ldb, "api-layer.csv", HEADER "c:steel,material,Steel,,GLO,7,kgCO2e/kg,,,own,CC0\n");
    pcf_db_close(ldb);
    assert_int_equal(pcf_db_attach(db, lp, "company", &err), PCF_OK);
    assert_int_equal(pcf_db_search(db, "steel", "material", NULL, PCF_DIM_MASS, 0, &list, &err),
                     PCF_OK);
    assert_int_equal(pcf_factor_list_count(list), 3);
    assert_string_equal(pcf_factor_code(pcf_factor_list_at(list, 0)), "c:steel");
    assert_string_equal(pcf_factor_layer(pcf_factor_list_at(list, 0)), "company");
    pcf_factor_list_destroy(list);
    assert_int_equal(pcf_factor_suggest(db, "steel", "kg", "CN", "material", 2, &sl, &err), PCF_OK);
    assert_int_equal(pcf_suggestion_count(sl), 2);
    assert_null(pcf_suggestion_factor(sl, 2));
    assert_true(pcf_suggestion_score(sl, 2) == 0.0);
    assert_string_equal(pcf_suggestion_reason(sl, 2, "en"), "");
    assert_true(strcmp(pcf_suggestion_reason(sl, 0, "ZH"), pcf_suggestion_reason(sl, 0, "en")) !=
                0);
    pcf_suggestion_list_destroy(sl);
    pcf_db_close(db);
}

/* Export quotes a field that starts or ends with a space (a reader would trim it) and one with a
 * comma or quote, refuses NULL and an unknown table, and re-imports to the same text. */
static void test_export_quoting(void **state)
{
    (void)state;
    pcf_db *db = make_db();
    pcf_error err;
    char *out = (char *)"x";
    assert_int_equal(pcf_db_export_table_csv(NULL, PCF_DB_TABLE_FACTORS, &out, &err),
                     PCF_ERR_INVALID_ARG);
    assert_null(out);
    assert_string_equal(err.message, "pcf_db_export_csv: an argument is NULL");
    assert_int_equal(pcf_db_export_table_csv(db, (pcf_db_table)9, &out, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "pcf_db_export_table_csv: unknown table 9");
    import_text(db, "api-spaces.csv",
                HEADER "s:1,material,\" lead\",\"trail \",GLO,1,kgCO2e/kg,,,\"say \"\"hi\"\", ok\","
                       "CC0\n");
    assert_int_equal(pcf_db_export_table_csv(db, PCF_DB_TABLE_FACTORS, &out, &err), PCF_OK);
    assert_contains(out, "s:1,,material,\" lead\",\"trail \",GLO,1,kgCO2e/kg,,,,,,,,,,"
                         "\"say \"\"hi\"\", ok\",CC0,\n");
    pcf_free(out);
    pcf_db_close(db);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_db_api WORK_DIR\n");
        return 2;
    }
    g_work = argv[1];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arguments),    cmocka_unit_test(test_null_accessors),
        cmocka_unit_test(test_ranking),      cmocka_unit_test(test_near_names),
        cmocka_unit_test(test_import_cells), cmocka_unit_test(test_import_readings),
        cmocka_unit_test(test_search_args),  cmocka_unit_test(test_export_quoting),
    };
    return cmocka_run_group_tests_name("db_api", tests, NULL, NULL);
}
