/*
 * Tests of the CBAM regime (lib/cbam.c): every expected number is worked out by hand
 * in the comment above its assertion. Installation data (emissions, tonnages, heat and its
 * factor) are ILLUSTRATIVE inputs; the default values and the grid factor are the shipped rows
 * of factors.db (data/factors-cbam-cn.csv, data/factors-china-mee.csv).
 * GPL-3.0-or-later; see LICENSE.
 */
#include "testutil.h"

#include <pcf/pcf.h>

static const char *db_path;

#define GRID    "cn-mee:china-national-grid-average-emission-factor-2022-for-national-ets-report"
#define CLINKER "cbam-cn-2026:cement-clinker-grey-other-than-white"

static pcf_db *open_db(void)
{
    pcf_db *db = NULL;
    pcf_error err;
    assert_int_equal(pcf_db_open(db_path, PCF_DB_READ_ONLY, &db, &err), PCF_OK);
    return db;
}

/* Reads and calculates json; fails the test unless it succeeds. */
static pcf_cbam_result *calc_ok(const char *json, int year)
{
    pcf_cbam *doc = NULL;
    pcf_error err;
    pcf_status st = pcf_cbam_read_string(json, "test.json", &doc, &err);
    if (st != PCF_OK)
        print_error("read: %s (%s)\n", err.message, err.path);
    assert_int_equal(st, PCF_OK);
    pcf_db *db = open_db();
    pcf_cbam_result *r = NULL;
    st = pcf_cbam_calculate(doc, db, year, NULL, &r, &err);
    if (st != PCF_OK)
        print_error("calculate: %s (%s)\n", err.message, err.path);
    assert_int_equal(st, PCF_OK);
    pcf_db_close(db);
    pcf_cbam_destroy(doc);
    return r;
}

/* Calculates json expecting failure code; returns the error (path and message). */
static pcf_error calc_fail(const char *json, pcf_status code)
{
    pcf_cbam *doc = NULL;
    pcf_error err;
    assert_int_equal(pcf_cbam_read_string(json, "bad.json", &doc, &err), PCF_OK);
    pcf_db *db = open_db();
    pcf_cbam_result *r = NULL;
    pcf_diag *diag = NULL;
    assert_int_equal(pcf_diag_create(&diag), PCF_OK);
    pcf_status st = pcf_cbam_calculate(doc, db, 0, diag, &r, &err);
    if (st != code)
        print_error("got %s: %s\n", pcf_status_name(st), err.message);
    assert_int_equal(st, code);
    assert_null(r);
    assert_true(pcf_diag_error_count(diag) >= 1);
    pcf_diag_destroy(diag);
    pcf_db_close(db);
    pcf_cbam_destroy(doc);
    return err;
}

#define HEAD                                                                                       \
    "{\"pcf_cbam\": 1, \"year\": 2026, \"installation\": {\"name\": \"Kiln works\", "              \
    "\"country\": \"CN\"}, \"production_processes\": ["

/* Grey cement clinker, actual data: 100,000 t clinker, 85,000 t CO2 direct, 9,000 MWh from the
 * grid at 0.5703 t CO2/MWh (MEE 2022 national grid factor for ETS reporting). */
static const char *clinker_actual = HEAD
    "{\"id\": \"kiln\", \"aggregated_goods_category\": \"Cement clinker\", "
    "\"goods\": [{\"cn_code\": \"2523 10 00\"}], \"activity_level_t\": 100000, "
    "\"direct_emissions_t\": 85000, \"electricity\": {\"mwh\": 9000, \"factor\": \"" GRID "\"}}]}";

static void test_clinker_actual(void **state)
{
    (void)state;
    pcf_cbam_result *r = calc_ok(clinker_actual, 0);
    assert_int_equal(pcf_cbam_result_process_count(r), 1);
    assert_string_equal(pcf_cbam_result_process_id(r, 0), "kiln");
    /* SEE_dir = 85,000 / 100,000 = 0.85 t CO2/t */
    assert_double_close(pcf_cbam_result_see_direct(r, 0), 0.85, 1e-12, 0);
    /* AttrEm_ind = 9,000 MWh × 0.5703 = 5,132.7 t; SEE_ind = 5,132.7 / 100,000 = 0.051327 */
    assert_double_close(pcf_cbam_result_attributed_indirect(r, 0), 5132.7, 1e-12, 0);
    assert_double_close(pcf_cbam_result_see_indirect(r, 0), 0.051327, 1e-12, 0);
    assert_double_close(pcf_cbam_result_default_share(r, 0), 0, 0, 1e-15);
    assert_int_equal(pcf_cbam_result_good_count(r), 1);
    assert_string_equal(pcf_cbam_result_good_cn_code(r, 0), "25231000");
    assert_int_equal(pcf_cbam_result_good_process(r, 0), 0);
    char *json = NULL, *csv = NULL;
    pcf_error err;
    assert_int_equal(pcf_cbam_result_to_json(r, &json, &err), PCF_OK);
    /* cement counts direct + indirect (Regulation (EU) 2023/956, Annex II): 0.901327 */
    assert_contains(json, "\"emissions_counted\": \"direct+indirect\"");
    assert_contains(json, "\"see_counted\": 0.901327");
    assert_int_equal(pcf_cbam_result_to_csv(r, &csv, &err), PCF_OK);
    assert_contains(csv, "year,installation,cn_code,good,process,sector,");
    assert_contains(csv, "2026,Kiln works,25231000,,kiln,cement,Cement clinker,,100000,0.85,"
                         "0.051327,0.901327,direct+indirect,0.901327,0.09,0.5703,grid,actual,0\n");
    pcf_free(json);
    pcf_free(csv);
    pcf_cbam_result_destroy(r);
}

/* The same clinker from the default value for China (cbam-cn-2026: direct 1.35, indirect 0.04
 * t CO2e/t) with the mark-up of the year: ×1.10 in 2026, ×1.20 in 2027, ×1.30 from 2028. */
static const char *clinker_default =
    HEAD "{\"id\": \"kiln\", \"aggregated_goods_category\": \"Cement clinker\", "
         "\"goods\": [{\"cn_code\": \"25231000\"}], \"activity_level_t\": 100000, "
         "\"default\": \"" CLINKER "\"}]}";

static void test_clinker_default_markups(void **state)
{
    (void)state;
    static const struct {
        int year;
        double dir, ind;
    } cases[] = {
        {2026, 1.485, 0.044}, /* 1.35 × 1.1, 0.04 × 1.1 */
        {2027, 1.62, 0.048},  /* 1.35 × 1.2, 0.04 × 1.2 */
        {2028, 1.755, 0.052}, /* 1.35 × 1.3, 0.04 × 1.3 */
        {2030, 1.755, 0.052}, /* 30 % stays from 2028 on */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pcf_cbam_result *r = calc_ok(clinker_default, cases[i].year);
        assert_int_equal(pcf_cbam_result_year(r), cases[i].year);
        assert_double_close(pcf_cbam_result_see_direct(r, 0), cases[i].dir, 1e-12, 0);
        assert_double_close(pcf_cbam_result_see_indirect(r, 0), cases[i].ind, 1e-12, 0);
        /* everything comes from the default value */
        assert_double_close(pcf_cbam_result_default_share(r, 0), 1, 1e-15, 0);
        pcf_cbam_result_destroy(r);
    }
    double m;
    pcf_error err;
    assert_int_equal(pcf_cbam_markup(PCF_CBAM_CEMENT, 2027, &m, &err), PCF_OK);
    assert_double_close(m, 0.2, 0, 0);
    assert_int_equal(pcf_cbam_markup(PCF_CBAM_ALUMINIUM, 2031, &m, &err), PCF_OK);
    assert_double_close(m, 0.3, 0, 0);
    assert_int_equal(pcf_cbam_markup(PCF_CBAM_FERTILISERS, 2026, &m, &err), PCF_ERR_DATA_MISSING);
    assert_contains(err.message, "markup");
    assert_int_equal(pcf_cbam_markup(PCF_CBAM_CEMENT, 2025, &m, &err), PCF_ERR_DATA_MISSING);
    /* a user-supplied mark-up replaces the table: 1.35 × 1.05 = 1.4175 */
    char doc[1024];
    snprintf(doc, sizeof doc,
             HEAD "{\"id\": \"kiln\", \"aggregated_goods_category\": \"Cement clinker\", "
                  "\"goods\": [{\"cn_code\": \"25231000\"}], \"activity_level_t\": 1, "
                  "\"default\": \"" CLINKER "\", \"markup\": 0.05, \"markup_source\": \"test\"}]}");
    pcf_cbam_result *r = calc_ok(doc, 0);
    assert_double_close(pcf_cbam_result_see_direct(r, 0), 1.4175, 1e-12, 0);
    pcf_cbam_result_destroy(r);
}

/* Hot-rolled flat steel (CN 7208) with two precursor levels, as in examples/cbam:
 * pig iron (own blast furnace, actual) → crude steel (BOF; also 200 t of purchased pig iron at
 * the default value) → hot rolling. Scrap is charged too but is no precursor. */
static void test_steel_two_levels(void **state)
{
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/examples/cbam/steel-xiamen.json", SOURCE_ROOT);
    pcf_cbam *doc = NULL;
    pcf_error err;
    assert_int_equal(pcf_cbam_read_file(path, &doc, &err), PCF_OK);
    pcf_db *db = open_db();
    pcf_cbam_result *r = NULL;
    assert_int_equal(pcf_cbam_calculate(doc, db, 0, NULL, &r, &err), PCF_OK);
    assert_int_equal(pcf_cbam_result_process_count(r), 3);
    /* pig iron: SEE_dir = 1,500 / 1,000 = 1.5; SEE_ind = 50 × 0.5703 / 1,000 = 0.028515 */
    assert_double_close(pcf_cbam_result_see_direct(r, 0), 1.5, 1e-12, 0);
    assert_double_close(pcf_cbam_result_see_indirect(r, 0), 0.028515, 1e-12, 0);
    /* crude steel: the purchased pig iron's default 1.66 (direct; no indirect value given)
     * × 1.1 (2026) = 1.826.
     * SEE_dir = (240 + 900 × 1.5 + 200 × 1.826) / 1,200 = (240 + 1,350 + 365.2) / 1,200
     *         = 1,955.2 / 1,200 = 1.629333…
     * SEE_ind = (120 × 0.5703 + 900 × 0.028515 + 200 × 0) / 1,200 = (68.436 + 25.6635) / 1,200
     *         = 94.0995 / 1,200 = 0.07841625
     * default share = 365.2 / (1,955.2 + 94.0995) = 365.2 / 2,049.2995 = 0.17820723618 */
    assert_double_close(pcf_cbam_result_see_direct(r, 1), 1955.2 / 1200, 1e-12, 0);
    assert_double_close(pcf_cbam_result_see_indirect(r, 1), 0.07841625, 1e-12, 0);
    assert_double_close(pcf_cbam_result_default_share(r, 1), 0.17820723618, 1e-10, 0);
    /* hot rolling: SEE_dir = (80 + 1,050 × 1,955.2 / 1,200) / 1,000 = (80 + 1,710.8) / 1,000
     *                      = 1.7908
     * SEE_ind = (100 × 0.5703 + 1,050 × 0.07841625) / 1,000 = (57.03 + 82.3370625) / 1,000
     *         = 0.1393670625
     * default share = 1,050/1,200 × 365.2 / (1,790.8 + 139.3670625) = 319.55 / 1,930.1670625
     *               = 0.16555562 */
    assert_double_close(pcf_cbam_result_see_direct(r, 2), 1.7908, 1e-12, 0);
    assert_double_close(pcf_cbam_result_see_indirect(r, 2), 0.1393670625, 1e-12, 0);
    assert_double_close(pcf_cbam_result_default_share(r, 2), 319.55 / 1930.1670625, 1e-12, 0);
    assert_double_close(pcf_cbam_result_default_share(r, 2), 0.16555562, 1e-7, 0);
    char *json = NULL;
    assert_int_equal(pcf_cbam_result_to_json(r, &json, &err), PCF_OK);
    /* iron and steel count direct emissions only */
    assert_contains(json, "\"emissions_counted\": \"direct\"");
    assert_contains(json, "\"see_counted\": 1.7908");
    assert_contains(json, "gives no indirect value");
    assert_contains(json, "Transport of goods and precursors is outside the boundary");
    pcf_free(json);
    pcf_cbam_result_destroy(r);
    /* in 2028 the default counts ×1.3: 200 × 1.66 × 1.3 = 431.6;
     * crude SEE_dir = (240 + 1,350 + 431.6) / 1,200 = 1.68466…;
     * hot-rolled SEE_dir = (80 + 1,050 × 2,021.6 / 1,200) / 1,000 = (80 + 1,768.9) / 1,000
     *                    = 1.8489 */
    assert_int_equal(pcf_cbam_calculate(doc, db, 2028, NULL, &r, &err), PCF_OK);
    assert_double_close(pcf_cbam_result_see_direct(r, 2), 1.8489, 1e-12, 0);
    pcf_cbam_result_destroy(r);
    pcf_db_close(db);
    pcf_cbam_destroy(doc);
}

/* A kiln that imports and exports measurable heat, exports waste gas and electricity:
 * AttrEm_dir = 85,000 + 5 TJ × 70 − 20 TJ × 62.5 + 0 − 100 − 200 MWh × 0.8
 *            = 85,000 + 350 − 1,250 − 100 − 160 = 83,840 t; SEE_dir = 0.8384.
 * Electricity bought under a PPA with a wind farm at 0 t/MWh (evidence given):
 * AttrEm_ind = 9,000 × 0 = 0. */
static void test_heat_export(void **state)
{
    (void)state;
    const char *doc = HEAD
        "{\"id\": \"kiln\", \"aggregated_goods_category\": \"Cement clinker\", "
        "\"goods\": [{\"cn_code\": \"25231000\"}], \"activity_level_t\": 100000, "
        "\"direct_emissions_t\": 85000, "
        "\"heat_imported\": {\"tj\": 5, \"ef_t_per_tj\": 70, \"source\": \"supplier\"}, "
        "\"heat_exported\": {\"tj\": 20, \"ef_t_per_tj\": 62.5, \"source\": \"own\"}, "
        "\"waste_gas_exported_t\": 100, "
        "\"electricity_exported\": {\"mwh\": 200, \"ef_t_per_mwh\": 0.8, \"source\": \"own\"}, "
        "\"electricity\": {\"mwh\": 9000, \"basis\": \"ppa\", \"ef_t_per_mwh\": 0, "
        "\"source\": \"wind farm\", \"evidence\": \"PPA no. 1\"}}]}";
    pcf_cbam_result *r = calc_ok(doc, 0);
    assert_double_close(pcf_cbam_result_attributed_direct(r, 0), 83840, 1e-12, 0);
    assert_double_close(pcf_cbam_result_see_direct(r, 0), 0.8384, 1e-12, 0);
    assert_double_close(pcf_cbam_result_see_indirect(r, 0), 0, 0, 1e-15);
    char *json = NULL;
    pcf_error err;
    assert_int_equal(pcf_cbam_result_to_json(r, &json, &err), PCF_OK);
    assert_contains(json, "\"heat_exported_t\": 1250");
    assert_contains(json, "\"basis\": \"ppa\"");
    assert_contains(json, "\"evidence\": \"PPA no. 1\"");
    pcf_free(json);
    pcf_cbam_result_destroy(r);
}

/* Each rule gives an error naming the place. */
static void test_rules(void **state)
{
    (void)state;
    pcf_error e;
    /* a PPA without evidence */
    e = calc_fail(HEAD "{\"id\": \"k\", \"aggregated_goods_category\": \"Cement clinker\", "
                       "\"goods\": [{\"cn_code\": \"25231000\"}], \"activity_level_t\": 1, "
                       "\"direct_emissions_t\": 1, \"electricity\": {\"mwh\": 1, \"basis\": "
                       "\"ppa\", \"ef_t_per_mwh\": 0, \"source\": \"x\"}}]}",
                  PCF_ERR_INVALID_MODEL);
    assert_string_equal(e.path, "$.production_processes[0].electricity");
    assert_contains(e.message, "evidence");
    /* a PPA with a grid factor code */
    e = calc_fail(HEAD "{\"id\": \"k\", \"aggregated_goods_category\": \"Cement clinker\", "
                       "\"goods\": [{\"cn_code\": \"25231000\"}], \"activity_level_t\": 1, "
                       "\"direct_emissions_t\": 1, \"electricity\": {\"mwh\": 1, \"basis\": "
                       "\"ppa\", \"factor\": \"" GRID "\", \"evidence\": \"x\"}}]}",
                  PCF_ERR_INVALID_MODEL);
    assert_string_equal(e.path, "$.production_processes[0].electricity.factor");
    /* transport inside a process */
    e = calc_fail(HEAD "{\"id\": \"k\", \"aggregated_goods_category\": \"Cement clinker\", "
                       "\"goods\": [{\"cn_code\": \"25231000\"}], \"activity_level_t\": 1, "
                       "\"direct_emissions_t\": 1, \"transport\": []}]}",
                  PCF_ERR_INVALID_MODEL);
    assert_string_equal(e.path, "$.production_processes[0].transport");
    assert_contains(e.message, "outside the CBAM boundary");
    /* not a CBAM good */
    e = calc_fail(HEAD "{\"id\": \"k\", \"aggregated_goods_category\": \"Chairs\", "
                       "\"goods\": [{\"cn_code\": \"9401\"}], \"activity_level_t\": 1, "
                       "\"direct_emissions_t\": 1}]}",
                  PCF_ERR_NOT_FOUND);
    assert_string_equal(e.path, "$.production_processes[0].goods[0].cn_code");
    /* a non-default row as a default value */
    e = calc_fail(HEAD "{\"id\": \"k\", \"aggregated_goods_category\": \"Cement clinker\", "
                       "\"goods\": [{\"cn_code\": \"25231000\"}], \"activity_level_t\": 1, "
                       "\"default\": \"" GRID "\"}]}",
                  PCF_ERR_INVALID_MODEL);
    assert_contains(e.message, "not a CBAM default value");
    /* fertilisers: no shipped mark-up */
    e = calc_fail(HEAD "{\"id\": \"k\", \"aggregated_goods_category\": \"Ammonia\", "
                       "\"goods\": [{\"cn_code\": \"28141000\"}], \"activity_level_t\": 1, "
                       "\"default\": \"cbam-cn-2026:anhydrous-ammonia\"}]}",
                  PCF_ERR_DATA_MISSING);
    assert_contains(e.message, "markup");
    /* a cycle of precursors */
    e = calc_fail(HEAD "{\"id\": \"a\", \"aggregated_goods_category\": \"Crude steel\", "
                       "\"goods\": [{\"cn_code\": \"7206\"}], \"activity_level_t\": 1, "
                       "\"direct_emissions_t\": 1, \"precursors\": [{\"process\": \"b\", "
                       "\"mass_t\": 1}]}, {\"id\": \"b\", \"aggregated_goods_category\": \"Pig "
                       "iron\", \"goods\": [{\"cn_code\": \"7201\"}], \"activity_level_t\": 1, "
                       "\"direct_emissions_t\": 1, \"precursors\": [{\"process\": \"a\", "
                       "\"mass_t\": 1}]}]}",
                  PCF_ERR_INVALID_MODEL);
    assert_contains(e.message, "cycle");
    /* an unknown precursor process, goods of two sectors, AL 0 */
    e = calc_fail(HEAD "{\"id\": \"a\", \"aggregated_goods_category\": \"Crude steel\", "
                       "\"goods\": [{\"cn_code\": \"7206\"}, {\"cn_code\": \"7601\"}], "
                       "\"activity_level_t\": 0, \"direct_emissions_t\": 1, "
                       "\"precursors\": [{\"process\": \"zz\", \"mass_t\": 1}]}]}",
                  PCF_ERR_INVALID_MODEL);
    assert_contains(e.message, "and more problems");
    /* validation without a database finds the same rule and names the line */
    pcf_cbam *doc = NULL;
    assert_int_equal(pcf_cbam_read_string("{\"pcf_cbam\": 1,\n \"year\": 2026, \"installation\": "
                                          "{\"name\": \"x\", \"country\": \"CN\"},\n"
                                          " \"production_processes\": [{\"id\": \"k\", "
                                          "\"aggregated_goods_category\": \"x\", \"goods\": "
                                          "[{\"cn_code\": \"25231000\"}], \"activity_level_t\": "
                                          "1, \"direct_emissions_t\": -1}]}",
                                          "v.json", &doc, &e),
                     PCF_OK);
    assert_int_equal(pcf_cbam_validate(doc, NULL, &e), PCF_ERR_INVALID_MODEL);
    assert_string_equal(e.path, "$.production_processes[0].direct_emissions_t");
    assert_string_equal(e.file, "v.json");
    assert_int_equal(e.line, 3);
    pcf_cbam_destroy(doc);
    /* not a CBAM document; malformed JSON */
    assert_int_equal(pcf_cbam_read_string("{\"pcf_model\": 1}", NULL, &doc, &e),
                     PCF_ERR_INVALID_MODEL);
    assert_int_equal(pcf_cbam_read_string("{\"pcf_cbam\": 1,", "m.json", &doc, &e), PCF_ERR_PARSE);
    assert_int_equal(e.line, 1);
    assert_int_equal(pcf_cbam_read_file("/nonexistent/x.json", &doc, &e), PCF_ERR_IO);
    assert_null(doc);
}

/* The report's CBAM section (text and HTML, English and Chinese) carries the figures of
 * test_steel_two_levels, with the mark-up and its source. */
/* A process without "electricity" is reported as declaring none, in both languages, never as
 * "0 MWh × 0 t CO2/MWh (grid)" (which the JSON's zeros used to print). */
static void test_report_no_electricity(void **state)
{
    (void)state;
    pcf_cbam_result *r =
        calc_ok(HEAD "{\"id\": \"kiln\", \"aggregated_goods_category\": "
                     "\"Cement clinker\", \"goods\": [{\"cn_code\": \"2523 10 00\"}], "
                     "\"activity_level_t\": 100000, \"direct_emissions_t\": 85000}]}",
                0);
    pcf_error err;
    char *t = NULL;
    assert_int_equal(pcf_cbam_result_report_text(r, "en", &t, &err), PCF_OK);
    assert_contains(t, "Electricity consumed: none (the process declares no electricity)");
    assert_null(strstr(t, "MWh"));
    pcf_free(t);
    assert_int_equal(pcf_cbam_result_report_text(r, "zh", &t, &err), PCF_OK);
    assert_contains(t, "消耗的电力：无（该工序未申报电力消耗）");
    assert_null(strstr(t, "兆瓦时"));
    pcf_free(t);
    /* JSON: null, not {"consumed_mwh": 0, ..., "basis": "grid"}; CSV: the three electricity
     * fields empty. SEE direct = 85,000 / 100,000 = 0.85 t CO2/t; nothing indirect. */
    assert_int_equal(pcf_cbam_result_to_json(r, &t, &err), PCF_OK);
    assert_contains(t, "\"electricity\": null");
    assert_null(strstr(t, "consumed_mwh"));
    pcf_free(t);
    assert_int_equal(pcf_cbam_result_to_csv(r, &t, &err), PCF_OK);
    assert_contains(t, ",kiln,cement,Cement clinker,,100000,0.85,0,0.85,direct+indirect,0.85,,,,"
                       "actual,0\n");
    pcf_free(t);
    pcf_cbam_result_destroy(r);
}

static void test_report_section(void **state)
{
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/examples/cbam/steel-xiamen.json", SOURCE_ROOT);
    pcf_cbam *doc = NULL;
    pcf_error err;
    assert_int_equal(pcf_cbam_read_file(path, &doc, &err), PCF_OK);
    pcf_db *db = open_db();
    pcf_cbam_result *r = NULL;
    assert_int_equal(pcf_cbam_calculate(doc, db, 0, NULL, &r, &err), PCF_OK);
    char *t = NULL;
    assert_int_equal(pcf_cbam_result_report_text(r, "en", &t, &err), PCF_OK);
    assert_contains(t, "Installation: Example Steel Works (illustrative), Xiamen, CN, CNXMN");
    assert_contains(t, "Year of import: 2026 (the mark-up of this year applies");
    /* hot-rolled flat steel, CN 7208: SEE_dir 1.7908, SEE_ind 0.1393670625, total
     * 1.9301670625; iron and steel count the direct SEE only */
    assert_contains(t, "CN 7208 – Hot-rolled flat products, width >= 600 mm");
    assert_contains(t, "SEE: direct 1.7908, indirect 0.1393670625, total 1.9301670625 t CO2e/t");
    assert_contains(t, "Emissions counted: direct: 1.7908 t CO2e/t");
    /* default share 319.55 / 1,930.1670625 = 0.16555561754644746, 16.6 % */
    assert_contains(t, "Share of default values 0.16555561754644746 (16.6 %)");
    /* hot rolling's electricity: 100 MWh × 0.5703 t CO2/MWh from the grid */
    assert_contains(t, "Electricity consumed: 100 MWh × 0.5703 t CO2/MWh (grid; " GRID ")");
    /* the purchased pig iron: 200 t at 1.66 × 1.1 = 1.826, the 10 % mark-up and its source */
    assert_contains(t, "(CN 7201): 200 t; direct 1.826, indirect 0 t CO2e/t; default value");
    assert_contains(t, "published direct 1.66, indirect not given t CO2e/t; mark-up 0.1 (10.0 %)");
    assert_contains(t, "Source of the mark-up: Implementing Regulation (EU) 2025/2621");
    /* crude steel embeds 240 + 1,350 + 365.2 = 1,955.2 t direct, 94.0995 t indirect */
    assert_contains(t, "Embedded emissions: direct 1955.2, indirect 94.0995 t CO2e");
    assert_contains(t, "Transport of goods and precursors is outside the boundary");
    pcf_free(t);
    /* Chinese throughout: the same figures, no English label or note */
    assert_int_equal(pcf_cbam_result_report_text(r, "zh", &t, &err), PCF_OK);
    assert_contains(t, "特定内含排放：直接 1.7908，间接 0.1393670625，合计 1.9301670625 "
                       "吨二氧化碳当量/吨");
    assert_contains(t, "默认值占比 0.16555561754644746（16.6 %）");
    assert_contains(t, "公布值 直接 1.66，间接 未给出 吨二氧化碳当量/吨；加成 0.1（10.0 %）");
    assert_contains(t, "消耗的电力：100 兆瓦时 × 0.5703 吨二氧化碳/兆瓦时（电网；");
    assert_contains(t, "货物和前体的运输不在边界内");
    assert_contains(t, "默认值 cbam-cn-2026:pig-iron 未给出间接排放值");
    static const char *const english[] = {"SEE",     "direct", "default",   "Installation",
                                          "mark-up", "Notes",  "Transport", "t CO2e"};
    for (size_t i = 0; i < sizeof english / sizeof english[0]; i++)
        if (strstr(t, english[i]))
            fail_msg("English \"%s\" in the Chinese section", english[i]);
    pcf_free(t);
    /* one HTML page, every text escaped */
    assert_int_equal(pcf_cbam_result_report_html(r, "en", &t, &err), PCF_OK);
    assert_contains(t, "<!DOCTYPE html>");
    assert_contains(t, "<section class=\"regime cbam\">");
    assert_contains(t, "<h4>CN 7208 – Hot-rolled flat products, width &gt;= 600 mm</h4>");
    assert_contains(t, "<tr><th>SEE</th><td>direct 1.7908, indirect 0.1393670625, total "
                       "1.9301670625 t CO2e/t</td></tr>");
    pcf_free(t);
    assert_int_equal(pcf_cbam_result_report_html(r, "zh", &t, &err), PCF_OK);
    assert_contains(t, "<html lang=\"zh-CN\">");
    pcf_free(t);
    assert_int_equal(pcf_cbam_result_report_text(r, "fr", &t, &err), PCF_ERR_INVALID_ARG);
    assert_null(t);
    assert_int_equal(pcf_cbam_result_report_html(NULL, "en", &t, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_cbam_result_report_text(r, "en", NULL, &err), PCF_ERR_INVALID_ARG);
    pcf_cbam_result_destroy(r);
    pcf_db_close(db);
    pcf_cbam_destroy(doc);
}

/* Many diagnostics in one document: each one names the line (and column) of its own value. The
 * diagnostics are located through one index of the text, and array indices past 9 ("[10]" after
 * "[9]", not after "[1]") must find their own element. Process i is written on line 3 + i, so
 * its "direct_emissions_t": -1 is at line 3 + i, at the column just past the key. */
static void test_many_diagnostics_located(void **state)
{
    (void)state;
    enum { N = 150 };
    static const char head[] = "{\"pcf_cbam\": 1, \"year\": 2026, \"installation\": {\"name\": "
                               "\"x\", \"country\": \"CN\"},\n\"production_processes\": [\n";
    static const char proc[] = "{\"id\": \"p%d\", \"aggregated_goods_category\": \"x\", \"goods\": "
                               "[{\"cn_code\": \"25231000\"}], \"activity_level_t\": 1, "
                               "\"direct_emissions_t\": -1}%s\n";
    size_t cap = sizeof head + N * (sizeof proc + 16) + 8;
    char *text = malloc(cap);
    assert_non_null(text);
    size_t len = (size_t)snprintf(text, cap, "%s", head);
    for (int i = 0; i < N; i++)
        len += (size_t)snprintf(text + len, cap - len, proc, i, i + 1 < N ? "," : "");
    snprintf(text + len, cap - len, "]}\n");
    /* the value -1 follows the key and ": " on the process's line */
    const char *key = "\"direct_emissions_t\": ";
    char first_line[512];
    snprintf(first_line, sizeof first_line, proc, 0, ",");
    int col = (int)(strstr(first_line, key) - first_line + strlen(key)) + 1;
    int col10 = col + 1; /* "p10" is one character longer than "p0" */

    pcf_cbam *doc = NULL;
    pcf_error e;
    assert_int_equal(pcf_cbam_read_string(text, "many.json", &doc, &e), PCF_OK);
    pcf_diag *diag = NULL;
    assert_int_equal(pcf_diag_create(&diag), PCF_OK);
    assert_int_equal(pcf_cbam_validate(doc, diag, &e), PCF_ERR_INVALID_MODEL);
    size_t found = 0;
    for (size_t k = 0; k < pcf_diag_count(diag); k++) {
        const pcf_error *d = pcf_diag_at(diag, k);
        int i;
        char tail[64];
        if (sscanf(d->path, "$.production_processes[%d].%63s", &i, tail) != 2 ||
            strcmp(tail, "direct_emissions_t") != 0)
            continue;
        assert_true(i >= 0 && i < N);
        assert_string_equal(d->file, "many.json");
        assert_int_equal(d->line, 3 + i);
        if (i == 0)
            assert_int_equal(d->column, col);
        if (i == 10)
            assert_int_equal(d->column, col10);
        found++;
    }
    assert_int_equal(found, N);
    pcf_diag_destroy(diag);
    pcf_cbam_destroy(doc);
    free(text);
}

static void test_sectors(void **state)
{
    (void)state;
    pcf_cbam_sector s;
    pcf_error e;
    assert_int_equal(pcf_cbam_sector_of_cn("7208 10 00", &s, &e), PCF_OK);
    assert_int_equal(s, PCF_CBAM_IRON_STEEL);
    assert_int_equal(pcf_cbam_sector_of_cn("76011000", &s, &e), PCF_OK);
    assert_int_equal(s, PCF_CBAM_ALUMINIUM);
    assert_int_equal(pcf_cbam_sector_of_cn("28041000", &s, &e), PCF_OK);
    assert_int_equal(s, PCF_CBAM_HYDROGEN);
    assert_int_equal(pcf_cbam_sector_of_cn("3102", &s, &e), PCF_OK);
    assert_int_equal(s, PCF_CBAM_FERTILISERS);
    assert_int_equal(pcf_cbam_sector_of_cn("27160000", &s, &e), PCF_OK);
    assert_int_equal(s, PCF_CBAM_ELECTRICITY);
    assert_int_equal(pcf_cbam_sector_of_cn("72a", &s, &e), PCF_ERR_PARSE);
    assert_int_equal(pcf_cbam_sector_of_cn("9401", &s, &e), PCF_ERR_NOT_FOUND);
    assert_int_equal(pcf_cbam_sector_of_cn(NULL, &s, &e), PCF_ERR_INVALID_ARG);
    assert_string_equal(pcf_cbam_sector_name(PCF_CBAM_CEMENT), "cement");
    assert_null(pcf_cbam_sector_name((pcf_cbam_sector)9));
    /* NULL-safe accessors */
    assert_int_equal(pcf_cbam_result_process_count(NULL), 0);
    assert_true(isnan(pcf_cbam_result_see_direct(NULL, 0)));
    assert_null(pcf_cbam_result_good_cn_code(NULL, 0));
    pcf_cbam_result_destroy(NULL);
    pcf_cbam_destroy(NULL);
}

/* The report's CBAM section for a document that gives only what it must: an installation with a
 * name and a country (no operator, address, period), a process without a name or route, goods
 * without names, electricity under a power purchase agreement with its own factor and evidence,
 * a supplier's actual precursor values, and a whole process from a typed default value with its
 * source. English and Chinese text, and the Chinese HTML page.
 *   clinker: SEE direct 800 / 1,000 = 0.8, indirect 100 MWh × 0.2 / 1,000 = 0.02.
 *   cement: direct 100 + 1,000 × 0.8 + 200 × 0.9 = 1,080 → 1,080 / 2,000 = 0.54; indirect
 *           1,000 × 0.02 + 200 × 0.05 = 30 → 0.015.
 *   grinding: default 0.5 / 0.1 with the 2027 mark-up of 20 %: 0.6 / 0.12; × 10 t = 6 / 1.2. */
static void test_report_sparse_document(void **state)
{
    (void)state;
    const char *json =
        "{\"pcf_cbam\": 1, \"year\": 2027, \"installation\": {\"name\": \"Kiln <1>\", \"country\": "
        "\"CN\"}, \"production_processes\": ["
        "{\"id\": \"clinker\", \"aggregated_goods_category\": \"Clinker\", \"goods\": "
        "[{\"cn_code\":"
        " \"25231000\"}], \"activity_level_t\": 1000, \"direct_emissions_t\": 800, "
        "\"electricity\": "
        "{\"mwh\": 100, \"ef_t_per_mwh\": 0.2, \"source\": \"wind farm meter\", \"basis\": "
        "\"ppa\", "
        "\"evidence\": \"PPA contract 2025-7\"}},"
        "{\"id\": \"cement\", \"name\": \"Cement mill\", \"aggregated_goods_category\": "
        "\"Cement\", "
        "\"goods\": [{\"cn_code\": \"25232900\", \"name\": \"Portland cement\"}], "
        "\"activity_level_t\": 2000, \"direct_emissions_t\": 100, \"precursors\": [{\"process\": "
        "\"clinker\", \"mass_t\": 1000}, {\"name\": \"bought clinker\", \"cn_code\": \"25231000\", "
        "\"mass_t\": 200, \"see_direct\": 0.9, \"see_indirect\": 0.05, \"source\": \"supplier "
        "letter\"}]},"
        "{\"id\": \"grinding\", \"aggregated_goods_category\": \"Cement\", \"goods\": "
        "[{\"cn_code\":"
        " \"25232100\"}], \"activity_level_t\": 10, \"default\": {\"direct\": 0.5, \"indirect\": "
        "0.1, \"source\": \"ministry table 7\"}}]}";
    pcf_cbam_result *r = calc_ok(json, 0);
    pcf_error err;
    char *t = NULL;
    assert_int_equal(pcf_cbam_result_report_text(r, "en", &t, &err), PCF_OK);
    assert_contains(t, "    Installation: Kiln <1>, CN\n    Year of import: 2027");
    assert_null(strstr(t, "Operator"));
    assert_null(strstr(t, "Reporting period"));
    assert_contains(t, "  CN 25231000\n    Process: clinker (cement; Clinker)\n");
    assert_contains(t, "  CN 25232900 – Portland cement\n");
    assert_contains(t, "SEE: direct 0.54, indirect 0.015, total 0.555 t CO2e/t");
    assert_contains(t, "Electricity consumed: 100 MWh × 0.2 t CO2/MWh (power purchase agreement; "
                       "wind farm meter)\n      Evidence: PPA contract 2025-7\n");
    assert_contains(t, "Precursor: bought clinker (CN 25231000): 200 t; direct 0.9, indirect 0.05 "
                       "t CO2e/t; actual; source: supplier letter");
    assert_contains(t, "  cement (Cement mill)\n");
    assert_contains(t, "default value: ministry table 7: published direct 0.5, indirect 0.1 "
                       "t CO2e/t; mark-up 0.2 (20.0 %)");
    assert_contains(t, "Embedded emissions: direct 6, indirect 1.2 t CO2e");
    assert_contains(t, "Data: default value; Share of default values 1 (100.0 %)");
    pcf_free(t);
    assert_int_equal(pcf_cbam_result_report_text(r, "zh", &t, &err), PCF_OK);
    assert_contains(t, "    装置：Kiln <1>，CN\n");
    assert_contains(t, "消耗的电力：100 兆瓦时 × 0.2 吨二氧化碳/兆瓦时（购电协议；wind farm meter）"
                       "\n      证明：PPA contract 2025-7\n");
    assert_contains(t, "前体：bought clinker（CN 25231000）：200 吨；直接 0.9，间接 0.05 "
                       "吨二氧化碳当量/吨；实际数据；来源：supplier letter");
    assert_contains(t, "默认值：ministry table 7：公布值 直接 0.5，间接 0.1 吨二氧化碳当量/吨；"
                       "加成 0.2（20.0 %）");
    assert_contains(t, "  cement（Cement mill）\n");
    pcf_free(t);
    assert_int_equal(pcf_cbam_result_report_html(r, "zh", &t, &err), PCF_OK);
    assert_contains(t, "<tr><th>装置</th><td>Kiln &lt;1&gt;，CN</td></tr>");
    assert_contains(t, "<h4>CN 25232900 – Portland cement</h4>");
    assert_contains(t, "<h4>CN 25231000</h4>");
    pcf_free(t);
    pcf_cbam_result_destroy(r);
}

/* The CBAM section in the default language (no language, or an empty one, is English) and a
 * fertiliser process from a typed default value with its own mark-up and mark-up source, which
 * the Chinese section gives as written (only the shipped regulation's source is restated in
 * Chinese). Fertilisers get no shipped mark-up, so the document names one: 5 %.
 *   SEE direct 2 × 1.05 = 2.1, indirect 0.5 × 1.05 = 0.525 (published values × (1 + mark-up));
 *   fertilisers count direct and indirect emissions (Regulation (EU) 2023/956, Annex II). */
static void test_report_languages_own_markup(void **state)
{
    (void)state;
    pcf_cbam_result *r =
        calc_ok(HEAD "{\"id\": \"urea\", \"aggregated_goods_category\": \"Fertilisers\", "
                     "\"goods\": [{\"cn_code\": \"31021010\"}], \"activity_level_t\": 100, "
                     "\"default\": {\"direct\": 2, \"indirect\": 0.5, \"source\": \"supplier "
                     "table\"}, \"markup\": 0.05, \"markup_source\": \"national decree 12\"}]}",
                0);
    pcf_error err;
    char *en = NULL, *t = NULL;
    assert_int_equal(pcf_cbam_result_report_text(r, "en", &en, &err), PCF_OK);
    assert_contains(en, "Process: urea (fertilisers; Fertilisers)");
    assert_contains(en, "default value: supplier table: published direct 2, indirect 0.5 "
                        "t CO2e/t; mark-up 0.05 (5.0 %)");
    assert_contains(en, "Source of the mark-up: national decree 12\n");
    assert_contains(en, "SEE: direct 2.1, indirect 0.525, total 2.625 t CO2e/t");
    assert_contains(en, "Emissions counted: direct + indirect: 2.625 t CO2e/t");
    /* embedded: 100 t × 2.1 = 210, 100 t × 0.525 = 52.5 */
    assert_contains(en, "Embedded emissions: direct 210, indirect 52.5 t CO2e");
    /* no language and an empty one give the English text, byte for byte */
    assert_int_equal(pcf_cbam_result_report_text(r, NULL, &t, &err), PCF_OK);
    assert_string_equal(t, en);
    pcf_free(t);
    assert_int_equal(pcf_cbam_result_report_text(r, "", &t, &err), PCF_OK);
    assert_string_equal(t, en);
    pcf_free(t);
    pcf_free(en);
    assert_int_equal(pcf_cbam_result_report_text(r, "zh", &t, &err), PCF_OK);
    assert_contains(t, "计入的排放：直接和间接排放：2.625 吨二氧化碳当量/吨");
    assert_contains(t, "生产过程：urea（化肥；Fertilisers）");
    assert_contains(t, "默认值：supplier table：公布值 直接 2，间接 0.5 吨二氧化碳当量/吨；"
                       "加成 0.05（5.0 %）");
    assert_contains(t, "加成的依据：national decree 12\n");
    assert_null(strstr(t, "实施条例 (EU) 2025/2621"));
    pcf_free(t);
    assert_int_equal(pcf_cbam_result_report_html(r, NULL, &t, &err), PCF_OK);
    assert_contains(t, "<html lang=\"en\">");
    assert_contains(t, "<tr><th>Source of the mark-up</th><td>national decree 12</td></tr>");
    pcf_free(t);
    pcf_cbam_result_destroy(r);
}

/* ---- every refusal with its exact path and message ---------------------------------------- */

/* A grey-clinker process with actual data, X inside it (after the required members). */
#define PROC(x)                                                                                    \
    "{\"id\": \"k\", \"aggregated_goods_category\": \"Cement clinker\", \"goods\": "               \
    "[{\"cn_code\": "                                                                              \
    "\"25231000\"}], \"activity_level_t\": 1, \"direct_emissions_t\": 1" x "}"

/* Reads json, then validates it (mode 0), calculates it with the database (mode 1) or without
 * one (mode 2), for the year of the document; the first problem must have this status, path and
 * whole message. */
static void refused_exact(const char *json, int mode, pcf_status want, const char *path,
                          const char *message)
{
    pcf_cbam *doc = NULL;
    pcf_error err;
    assert_int_equal(pcf_cbam_read_string(json, "bad.json", &doc, &err), PCF_OK);
    pcf_status st;
    pcf_db *db = mode == 1 ? open_db() : NULL;
    if (mode) {
        pcf_cbam_result *r = NULL;
        st = pcf_cbam_calculate(doc, db, 0, NULL, &r, &err);
        assert_null(r);
    } else {
        st = pcf_cbam_validate(doc, NULL, &err);
    }
    if (st != want || strcmp(err.path, path) != 0 || strcmp(err.message, message) != 0)
        print_error("got %s at %s: %s\n", pcf_status_name(st), err.path, err.message);
    assert_int_equal(st, want);
    assert_string_equal(err.path, path);
    assert_string_equal(err.message, message);
    pcf_db_close(db);
    pcf_cbam_destroy(doc);
}

static void test_refusals_exact(void **state)
{
    (void)state;
    const pcf_status BADM = PCF_ERR_INVALID_MODEL;
    /* the document */
    refused_exact("{\"pcf_cbam\": 1, \"year\": 2026, \"production_processes\": [" PROC("") "]}", 0,
                  BADM, "$", "\"installation\" is missing: give at least its name and country");
    refused_exact("{\"pcf_cbam\": 1, \"year\": 2026, \"installation\": {\"country\": \"CN\"}, "
                  "\"production_processes\": [" PROC("") "]}",
                  0, BADM, "$.installation", "\"name\" is missing: give it as text");
    refused_exact("{\"pcf_cbam\": 1, \"year\": \"2026\", \"installation\": {\"name\": \"x\", "
                  "\"country\": \"CN\"}, \"production_processes\": [" PROC("") "]}",
                  0, BADM, "$",
                  "\"year\" (the year of import, for the mark-up of default values) is missing "
                  "or not an integer");
    refused_exact(HEAD PROC("") "], \"transport\": []}", 0, BADM, "$.transport",
                  "transport is outside the CBAM boundary (IR (EU) 2023/1773, Annex II); leave "
                  "it out");
    refused_exact(HEAD "]}", 0, BADM, "$",
                  "\"production_processes\" must list at least one production process");
    refused_exact(HEAD "5]}", 0, BADM, "$.production_processes[0]",
                  "a production process must be an object");
    refused_exact(HEAD PROC("") ", " PROC("") "]}", 0, BADM, "$.production_processes[1]",
                  "process id \"k\" is used twice");
    /* a process */
    refused_exact(HEAD PROC(", \"sector\": \"glass\"") "]}", 0, BADM,
                  "$.production_processes[0].sector",
                  "\"sector\" must be cement, iron_steel, aluminium, fertilisers or hydrogen");
    refused_exact(HEAD "{\"id\": \"k\", \"aggregated_goods_category\": \"x\", "
                       "\"activity_level_t\": 1, \"direct_emissions_t\": 1}]}",
                  0, BADM, "$.production_processes[0]",
                  "\"goods\" must list the goods (CN codes) this process makes");
    refused_exact(HEAD "{\"id\": \"k\", \"aggregated_goods_category\": \"x\", \"goods\": [], "
                       "\"activity_level_t\": 1, \"direct_emissions_t\": 1}]}",
                  0, BADM, "$.production_processes[0].goods",
                  "\"goods\" must list the goods (CN codes) this process makes");
    refused_exact(HEAD "{\"id\": \"k\", \"aggregated_goods_category\": \"x\", \"goods\": "
                       "[{\"name\": \"g\"}], \"activity_level_t\": 1, \"direct_emissions_t\": 1}]}",
                  0, BADM, "$.production_processes[0].goods[0]",
                  "\"cn_code\" is missing: give it as text");
    refused_exact(HEAD "{\"id\": \"k\", \"aggregated_goods_category\": \"x\", \"goods\": "
                       "[{\"cn_code\": \"2716 00 00\"}], \"activity_level_t\": 1, "
                       "\"direct_emissions_t\": 1}]}",
                  0, PCF_ERR_UNSUPPORTED, "$.production_processes[0].goods[0].cn_code",
                  "electricity as a good (CN 2716) is not computed by pcf");
    refused_exact(HEAD "{\"id\": \"k\", \"aggregated_goods_category\": \"x\", \"goods\": "
                       "[{\"cn_code\": \"25AB\"}], \"activity_level_t\": 1, "
                       "\"direct_emissions_t\": 1}]}",
                  0, PCF_ERR_PARSE, "$.production_processes[0].goods[0].cn_code",
                  "CN code \"25AB\" is not 4 to 8 digits (e.g. \"25231000\")");
    refused_exact(HEAD "{\"id\": \"k\", \"aggregated_goods_category\": \"x\", \"goods\": "
                       "[{\"cn_code\": \"25231000\"}], \"activity_level_t\": 0, "
                       "\"direct_emissions_t\": 1}]}",
                  0, BADM, "$.production_processes[0].activity_level_t",
                  "\"activity_level_t\" (tonnes produced in the period) must be > 0");
    refused_exact(HEAD PROC(", \"default\": \"" CLINKER "\"") "]}", 0, BADM,
                  "$.production_processes[0].direct_emissions_t",
                  "a process computed from a default value takes no actual data "
                  "(\"direct_emissions_t\"): drop one or the other");
    refused_exact(HEAD "{\"id\": \"k\", \"aggregated_goods_category\": \"x\", \"goods\": "
                       "[{\"cn_code\": \"25231000\"}], \"activity_level_t\": 1, \"default\": 5}]}",
                  0, BADM, "$.production_processes[0].default",
                  "\"default\" must be a factor code (\"cbam-cn-2026:pig-iron\") or {\"direct\": "
                  "t/t, \"indirect\": t/t, \"source\": text}");
    refused_exact(HEAD "{\"id\": \"k\", \"aggregated_goods_category\": \"x\", \"goods\": "
                       "[{\"cn_code\": \"25231000\"}], \"activity_level_t\": 1, \"default\": "
                       "{\"direct\": 1, \"source\": \"s\"}, \"markup\": 0.1}]}",
                  0, BADM, "$.production_processes[0]",
                  "\"markup_source\" is missing: give it as text");
    refused_exact(HEAD PROC(", \"heat_imported\": 5") "]}", 0, BADM,
                  "$.production_processes[0].heat_imported",
                  "\"heat_imported\" must be an object {\"tj\", \"ef_t_per_tj\", \"source\"}");
    refused_exact(HEAD PROC(", \"waste_gas_exported_t\": -2") "]}", 0, BADM,
                  "$.production_processes[0].waste_gas_exported_t",
                  "\"waste_gas_exported_t\" must be a number ≥ 0");
    /* electricity */
    refused_exact(HEAD PROC(", \"electricity\": 5") "]}", 0, BADM,
                  "$.production_processes[0].electricity",
                  "\"electricity\" must be an object {\"mwh\", \"factor\" or \"ef_t_per_mwh\"}");
    refused_exact(HEAD PROC(", \"electricity\": {\"mwh\": 1, \"basis\": \"solar\", "
                            "\"ef_t_per_mwh\": 0, \"source\": \"s\", \"evidence\": \"e\"}") "]}",
                  0, BADM, "$.production_processes[0].electricity.basis",
                  "\"basis\" must be \"grid\", \"direct_link\" or \"ppa\"");
    refused_exact(HEAD PROC(", \"electricity\": {\"mwh\": 1, \"factor\": \"" GRID
                            "\", \"ef_t_per_mwh\": 0.5, \"source\": \"s\"}") "]}",
                  0, BADM, "$.production_processes[0].electricity",
                  "give exactly one of \"factor\" (a database code) or \"ef_t_per_mwh\" with "
                  "\"source\"");
    refused_exact(HEAD PROC(", \"electricity\": {\"mwh\": 1, \"factor\": "
                            "\"desnz-2025:1_101_1012_8_1\"}") "]}",
                  1, BADM, "$.production_processes[0].electricity.factor",
                  "factor desnz-2025:1_101_1012_8_1 is not an electricity factor per unit of "
                  "energy");
    refused_exact(HEAD PROC(", \"electricity\": {\"mwh\": 1, \"factor\": \"" GRID "\"}") "]}", 2,
                  BADM, "$.production_processes[0]",
                  "process \"k\" names a factor code but no database was given");
    /* precursors */
    refused_exact(HEAD PROC(", \"precursors\": {}") "]}", 0, BADM,
                  "$.production_processes[0].precursors", "\"precursors\" must be an array");
    refused_exact(HEAD PROC(", \"precursors\": [7]") "]}", 0, BADM,
                  "$.production_processes[0].precursors[0]", "a precursor must be an object");
    refused_exact(HEAD PROC(", \"precursors\": [{\"mass_t\": 1, \"process\": \"k\", "
                            "\"see_direct\": 1}]") "]}",
                  0, BADM, "$.production_processes[0].precursors[0]",
                  "a precursor gives exactly one of \"process\" (made in this installation), "
                  "\"see_direct\" (the supplier's actual values) or \"default\"");
    refused_exact(HEAD PROC(", \"precursors\": [{\"mass_t\": 1, \"see_direct\": 1, "
                            "\"see_indirect\": 0, \"source\": \"s\"}]") "]}",
                  0, BADM, "$.production_processes[0].precursors[0]",
                  "\"cn_code\" is missing: a purchased precursor names its CN code");
    refused_exact(HEAD PROC(", \"precursors\": [{\"mass_t\": 1, \"default\": {\"direct\": 1, "
                            "\"source\": \"s\"}, \"markup\": 0, \"markup_source\": \"m\"}]") "]}",
                  0, BADM, "$.production_processes[0].precursors[0]",
                  "\"cn_code\" is missing: a default value is for a CN code");
    refused_exact(HEAD PROC(", \"precursors\": [{\"mass_t\": 1, \"process\": \"k\"}]") "]}", 0,
                  BADM, "$.production_processes[0].precursors[0]",
                  "process \"k\" names itself as a precursor");
    refused_exact(HEAD PROC(", \"precursors\": [{\"mass_t\": 1, \"cn_code\": \"25231000\", "
                            "\"default\": \"" CLINKER "\"}]") "]}",
                  2, BADM, "$.production_processes[0].precursors[0]",
                  "a default factor code needs a database");
    refused_exact(HEAD "{\"id\": \"k\", \"aggregated_goods_category\": \"x\", \"goods\": "
                       "[{\"cn_code\": \"25231000\"}], \"activity_level_t\": 1, \"default\": "
                       "\"" CLINKER "\"}]}",
                  2, BADM, "$.production_processes[0]",
                  "process \"k\" names a factor code but no database was given");
    /* default values from the database */
    refused_exact(
        HEAD "{\"id\": \"k\", \"aggregated_goods_category\": \"x\", \"goods\": "
             "[{\"cn_code\": \"25231000\"}], \"activity_level_t\": 1, \"default\": "
             "\"no:such\"}]}",
        1, PCF_ERR_NOT_FOUND, "$.production_processes[0].default",
        "default value no:such: no factor with code \"no:such\" in the factor database (1 "
        "layer); find codes with `pcf factors search TEXT`");
    refused_exact("{\"pcf_cbam\": 1, \"year\": 2025, \"installation\": {\"name\": \"x\", "
                  "\"country\": \"CN\"}, \"production_processes\": [{\"id\": \"k\", "
                  "\"aggregated_goods_category\": \"x\", \"goods\": [{\"cn_code\": "
                  "\"25231000\"}], \"activity_level_t\": 1, \"default\": \"" CLINKER "\"}]}",
                  1, PCF_ERR_DATA_MISSING, "$.production_processes[0].default",
                  "year 2025 is before the definitive period (2026): no mark-up applies; give "
                  "\"markup\" in the input if one is meant");
}

/*
 * Crude steel (sector given) with purchased precursors of both kinds, by hand (illustrative
 * inputs): 10 t of crude steel, 5 t CO2 direct, 4 MWh at 0.5 t CO2/MWh (typed in) = 2 t
 * indirect; attributed 5 and 2.
 *   pig iron bought with the supplier's actual values: 2 t × 1.5 direct, 2 t × 0.25 indirect
 *   = 3 and 0.5 t;
 *   scrap-based iron as a typed-in default {direct 2, indirect 0.1} with the 2026 mark-up for
 *   iron and steel, 10 %: SEE 2.2 and 0.11; 1 t of it = 2.2 and 0.11 t, all of it default.
 *   embedded direct 5 + 3 + 2.2 = 10.2 t, indirect 2 + 0.5 + 0.11 = 2.61 t (12.81 t);
 *   SEE direct 10.2 / 10 = 1.02, indirect 2.61 / 10 = 0.261; default share 2.31 / 12.81.
 */
static void test_purchased_precursors(void **state)
{
    (void)state;
    const char *doc =
        HEAD "{\"id\": \"bof\", \"name\": \"Converter\", \"sector\": \"iron_steel\", "
             "\"aggregated_goods_category\": \"Crude steel\", \"route\": \"BF-BOF\", "
             "\"goods\": [{\"cn_code\": \"7206 10 00\", \"name\": \"Ingots, \\\"crude\\\"\"}], "
             "\"activity_level_t\": 10, \"direct_emissions_t\": 5, "
             "\"electricity\": {\"mwh\": 4, \"ef_t_per_mwh\": 0.5, \"source\": \"meter\"}, "
             "\"precursors\": [{\"name\": \"Pig iron\", \"cn_code\": \"7201\", \"mass_t\": 2, "
             "\"see_direct\": 1.5, \"see_indirect\": 0.25, \"source\": \"supplier report\"}, "
             "{\"name\": \"DRI\", \"cn_code\": \"7203\", \"mass_t\": 1, \"default\": "
             "{\"direct\": 2, \"indirect\": 0.1, \"source\": \"published default\"}}]}]}";
    pcf_cbam_result *r = calc_ok(doc, 0);
    assert_int_equal(pcf_cbam_result_year(r), 2026);
    assert_int_equal(pcf_cbam_result_process_count(r), 1);
    assert_string_equal(pcf_cbam_result_process_id(r, 0), "bof");
    assert_double_close(pcf_cbam_result_attributed_direct(r, 0), 5, 1e-12, 0);
    assert_double_close(pcf_cbam_result_attributed_indirect(r, 0), 2, 1e-12, 0);
    assert_double_close(pcf_cbam_result_see_direct(r, 0), 1.02, 1e-12, 0);
    assert_double_close(pcf_cbam_result_see_indirect(r, 0), 0.261, 1e-12, 0);
    assert_double_close(pcf_cbam_result_default_share(r, 0), 2.31 / 12.81, 1e-12, 0);
    assert_int_equal(pcf_cbam_result_good_count(r), 1);
    assert_string_equal(pcf_cbam_result_good_cn_code(r, 0), "72061000");
    assert_int_equal(pcf_cbam_result_good_process(r, 0), 0);
    /* out of range */
    assert_null(pcf_cbam_result_process_id(r, 1));
    assert_true(isnan(pcf_cbam_result_see_direct(r, 1)));
    assert_true(isnan(pcf_cbam_result_default_share(r, 1)));
    assert_null(pcf_cbam_result_good_cn_code(r, 1));
    assert_true(pcf_cbam_result_good_process(r, 1) == (size_t)-1);
    /* the CSV row: iron and steel counts direct emissions only (SEE 1.02); the good's name with a
     * comma and quotes is quoted (RFC 4180); 4 MWh / 10 t = 0.4 MWh per tonne; the total is the
     * double sum 1.02 + 0.261, which reads back as 1.2810000000000001 */
    char *csv = NULL;
    pcf_error err;
    assert_int_equal(pcf_cbam_result_to_csv(r, &csv, &err), PCF_OK);
    assert_contains(csv,
                    "\n2026,Kiln works,72061000,\"Ingots, \"\"crude\"\"\",bof,iron_steel,"
                    "Crude steel,BF-BOF,10,1.02,0.261,1.2810000000000001,direct,1.02,0.4,0.5,grid,"
                    "actual with default precursors,");
    pcf_free(csv);
    char *json = NULL;
    assert_int_equal(pcf_cbam_result_to_json(r, &json, &err), PCF_OK);
    assert_contains(json, "\"data_basis\": \"actual with default precursors\"");
    assert_contains(json, "\"source\": \"published default\"");
    pcf_free(json);
    assert_int_equal(pcf_cbam_result_to_csv(NULL, &csv, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_cbam_result_to_json(r, NULL, &err), PCF_ERR_INVALID_ARG);
    pcf_cbam_result_destroy(r);
    /* without a result */
    assert_int_equal(pcf_cbam_result_year(NULL), 0);
    assert_int_equal(pcf_cbam_result_process_count(NULL), 0);
    assert_int_equal(pcf_cbam_result_good_count(NULL), 0);
    assert_null(pcf_cbam_result_process_id(NULL, 0));
    assert_true(isnan(pcf_cbam_result_attributed_indirect(NULL, 0)));
    assert_null(pcf_cbam_result_good_cn_code(NULL, 0));
    assert_true(pcf_cbam_result_good_process(NULL, 0) == (size_t)-1);
}

/* More heat exported than emitted: a warning naming the process, the figures kept. Attributed
 * direct 1 − 1 TJ × 56.1 = −55.1 t; nothing indirect. */
static void test_negative_attributed_warning(void **state)
{
    (void)state;
    pcf_cbam *doc = NULL;
    pcf_error err;
    assert_int_equal(
        pcf_cbam_read_string(HEAD PROC(", \"heat_exported\": {\"tj\": 1, \"ef_t_per_tj\": 56.1, "
                                       "\"source\": \"boiler\"}") "]}",
                             "w.json", &doc, &err),
        PCF_OK);
    pcf_diag *diag = NULL;
    assert_int_equal(pcf_diag_create(&diag), PCF_OK);
    pcf_cbam_result *r = NULL;
    assert_int_equal(pcf_cbam_calculate(doc, NULL, 0, diag, &r, &err), PCF_OK);
    assert_double_close(pcf_cbam_result_attributed_direct(r, 0), -55.1, 1e-12, 0);
    assert_int_equal(pcf_diag_error_count(diag), 0);
    assert_int_equal(pcf_diag_count(diag), 1);
    assert_int_equal(pcf_diag_severity_at(diag, 0), PCF_SEVERITY_WARNING);
    assert_string_equal(pcf_diag_at(diag, 0)->path, "$.production_processes[0]");
    assert_string_equal(pcf_diag_at(diag, 0)->message,
                        "the attributed direct emissions of \"k\" are negative (more heat, waste "
                        "gas or electricity exported than emitted): check the exports");
    pcf_cbam_result_destroy(r);
    pcf_diag_destroy(diag);
    pcf_cbam_destroy(doc);
    /* NULL arguments */
    assert_int_equal(pcf_cbam_calculate(NULL, NULL, 0, NULL, &r, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_cbam_calculate: NULL argument");
    assert_int_equal(pcf_cbam_validate(NULL, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_cbam_validate: NULL argument");
    assert_int_equal(pcf_cbam_read_string(NULL, NULL, &doc, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_cbam_read_file(NULL, &doc, &err), PCF_ERR_INVALID_ARG);
    assert_null(doc);
    pcf_cbam_destroy(NULL);
    /* sectors, CN codes and mark-ups (docs/cbam-format.md: +10 % in 2026, +20 % in 2027, +30 %
     * from 2028, after IR (EU) 2025/2621 as summarised there) */
    assert_null(pcf_cbam_sector_name((pcf_cbam_sector)-1));
    assert_null(pcf_cbam_sector_name((pcf_cbam_sector)6));
    pcf_cbam_sector s;
    assert_int_equal(pcf_cbam_sector_of_cn(NULL, &s, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_cbam_sector_of_cn("72081000123", &s, &err), PCF_ERR_PARSE);
    double m;
    assert_int_equal(pcf_cbam_markup(PCF_CBAM_ALUMINIUM, 2027, &m, &err), PCF_OK);
    assert_double_close(m, 0.20, 0, 0);
    assert_int_equal(pcf_cbam_markup(PCF_CBAM_HYDROGEN, 2030, &m, &err), PCF_OK);
    assert_double_close(m, 0.30, 0, 0);
    assert_int_equal(pcf_cbam_markup(PCF_CBAM_CEMENT, 2026, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_cbam_markup((pcf_cbam_sector)6, 2026, &m, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_cbam_markup((pcf_cbam_sector)-1, 2026, &m, &err), PCF_ERR_INVALID_ARG);
}

int main(int argc, char **argv)
{
    db_path = argc > 1 ? argv[1] : "data/factors.db";
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clinker_actual),
        cmocka_unit_test(test_clinker_default_markups),
        cmocka_unit_test(test_steel_two_levels),
        cmocka_unit_test(test_heat_export),
        cmocka_unit_test(test_rules),
        cmocka_unit_test(test_report_section),
        cmocka_unit_test(test_report_no_electricity),
        cmocka_unit_test(test_report_sparse_document),
        cmocka_unit_test(test_report_languages_own_markup),
        cmocka_unit_test(test_sectors),
        cmocka_unit_test(test_many_diagnostics_located),
        cmocka_unit_test(test_refusals_exact),
        cmocka_unit_test(test_purchased_precursors),
        cmocka_unit_test(test_negative_attributed_warning),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
