/*
 * Tests of regimes (lib/regime.c, the resolver's regime check) and of the EU battery declaration
 * (lib/battery.c). Expected numbers are worked out by hand in the comments. Model
 * amounts and own factors are ILLUSTRATIVE test inputs; database factors are the shipped rows.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "testutil.h"

#include <pcf/pcf.h>

static const char *db_path;

static pcf_db *open_db(void)
{
    pcf_db *db = NULL;
    pcf_error err;
    assert_int_equal(pcf_db_open(db_path, PCF_DB_READ_ONLY, &db, &err), PCF_OK);
    return db;
}

static pcf_model *read_model(const char *json)
{
    pcf_model *m = NULL;
    pcf_error err;
    pcf_status st = pcf_model_read_string(json, "m.json", &m, &err);
    if (st != PCF_OK)
        print_error("%s (%s)\n", err.message, err.path);
    assert_int_equal(st, PCF_OK);
    return m;
}

#define CBAM_STEEL                                                                                 \
    "cbam-cn-2026:flat-rolled-products-of-iron-or-non-alloy-steel-width-600-mm-hot-rolled"

static const char *chair =
    "{\"pcf_model\": 1, \"boundary\": \"cradle-to-gate\", \"products\": [{\"id\": \"chair\", "
    "\"declared_unit\": {\"amount\": 1, \"unit\": \"item\"}, \"stages\": {\"materials\": "
    "[{\"name\": \"Steel frame\", \"amount\": 5, \"unit\": \"kg\", \"factor\": \"" CBAM_STEEL
    "\"}]}}]}";

static void test_names_and_factor_regimes(void **state)
{
    (void)state;
    pcf_regime r;
    pcf_error err;
    assert_int_equal(pcf_regime_parse("eu-battery", &r, &err), PCF_OK);
    assert_int_equal(r, PCF_REGIME_EU_BATTERY);
    assert_int_equal(pcf_regime_parse("pef", &r, &err), PCF_ERR_NOT_FOUND);
    assert_contains(err.message, "iso14067, cbam or eu-battery");
    assert_int_equal(pcf_regime_parse(NULL, &r, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(pcf_regime_name(PCF_REGIME_CBAM), "cbam");
    assert_null(pcf_regime_name((pcf_regime)7));
    pcf_db *db = open_db();
    pcf_factor *f = NULL;
    assert_int_equal(pcf_db_get_factor(db, CBAM_STEEL, &f, &err), PCF_OK);
    assert_int_equal(pcf_factor_regimes(f), 1u << PCF_REGIME_CBAM);
    assert_string_equal(pcf_factor_regimes_text(f), "cbam");
    pcf_factor_destroy(f);
    assert_int_equal(pcf_db_get_factor(db, "ember-2024:grid-electricity-eu-ember", &f, &err),
                     PCF_OK);
    assert_string_equal(pcf_factor_regimes_text(f), "iso14067,cbam,eu-battery");
    pcf_factor_destroy(f);
    assert_int_equal(pcf_db_get_factor(db, "desnz-2025:20_503_5344_15_1", &f, &err), PCF_OK);
    assert_int_equal(pcf_factor_regimes(f),
                     (1u << PCF_REGIME_ISO14067) | (1u << PCF_REGIME_EU_BATTERY));
    pcf_factor_destroy(f);
    assert_int_equal(pcf_factor_regimes(NULL), 0);
    pcf_db_close(db);
}

/* A CBAM default row in an ISO 14067 footprint: refused, naming the activity and the factor. */
static void test_cbam_row_in_footprint(void **state)
{
    (void)state;
    pcf_model *m = read_model(chair);
    assert_int_equal(pcf_model_regime(m), PCF_REGIME_ISO14067);
    pcf_db *db = open_db();
    pcf_result *r = NULL;
    pcf_error err;
    pcf_diag *diag = NULL;
    assert_int_equal(pcf_diag_create(&diag), PCF_OK);
    assert_int_equal(pcf_model_calculate(m, db, (pcf_gwp_set)0, diag, &r, &err),
                     PCF_ERR_INVALID_MODEL);
    assert_null(r);
    assert_contains(err.message, "activity \"Steel frame\"");
    assert_contains(err.message, CBAM_STEEL);
    assert_contains(err.message, "not a cradle-to-gate product footprint");
    assert_string_equal(err.path, "$.products[0].stages.materials[0].factor");
    /* allowed explicitly: a warning, and a note in the result; 5 kg × 3.187 t/t = 15.935 kg */
    assert_int_equal(pcf_model_set_regime(m, PCF_REGIME_ISO14067, 1, &err), PCF_OK);
    pcf_diag_clear(diag);
    assert_int_equal(pcf_model_calculate(m, db, (pcf_gwp_set)0, diag, &r, &err), PCF_OK);
    assert_double_close(pcf_result_total_kg_co2e(r), 15.935, 1e-12, 0);
    int warned = 0;
    for (size_t i = 0; i < pcf_diag_count(diag); i++)
        warned |= pcf_diag_severity_at(diag, i) == PCF_SEVERITY_WARNING &&
                  strstr(pcf_diag_at(diag, i)->message, "allow_out_of_regime") != NULL;
    assert_true(warned);
    int noted = 0;
    for (size_t i = 0; i < pcf_result_note_count(r); i++)
        noted |= strstr(pcf_result_note_at(r, i), "outside the iso14067 regime") != NULL;
    assert_true(noted);
    pcf_result_destroy(r);
    /* cbam is not a product model's regime; a bad regime name is a model error */
    assert_int_equal(pcf_model_set_regime(m, PCF_REGIME_CBAM, 0, &err), PCF_ERR_UNSUPPORTED);
    pcf_model_destroy(m);
    m = read_model("{\"pcf_model\": 1, \"regime\": \"pef\", \"products\": [{\"id\": \"x\", "
                   "\"declared_unit\": {\"amount\": 1, \"unit\": \"item\"}}]}");
    assert_int_equal(pcf_model_validate(m, NULL, &err), PCF_ERR_INVALID_MODEL);
    assert_string_equal(err.path, "$.regime");
    pcf_model_destroy(m);
    pcf_diag_destroy(diag);
    pcf_db_close(db);
}

static void test_lifetime_energy(void **state)
{
    (void)state;
    double e;
    pcf_error err;
    /* a 75 kWh car battery, 60 full equivalent cycles a year, 8 years: 75 × 60 × 8 = 36,000 */
    assert_int_equal(pcf_battery_lifetime_energy(75, 60, 8, &e, &err), PCF_OK);
    assert_double_close(e, 36000, 0, 0);
    assert_int_equal(pcf_battery_lifetime_energy(75, 0, 8, &e, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_battery_lifetime_energy(NAN, 60, 8, &e, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(pcf_battery_stage_name(PCF_BATTERY_END_OF_LIFE), "Recycling");
    assert_null(pcf_battery_stage_name(PCF_BATTERY_STAGE_COUNT));
    assert_int_equal(pcf_battery_stage_of(PCF_STAGE_STORAGE), PCF_BATTERY_DISTRIBUTION);
    assert_int_equal(pcf_battery_stage_of(PCF_STAGE_USE), -1);
}

#define GRID_CN "cn-mee:china-national-average-electricity-carbon-footprint-factor-2023-life-cyc"

/* A battery model: SECTION replaces the battery section's lifetime keys, PROD_FACTOR the
 * factor of the production electricity. */
static char *battery_model(const char *prod_factor, const char *extra)
{
    static char buf[4096];
    snprintf(
        buf, sizeof buf,
        "{\"pcf_model\": 1, \"regime\": \"eu-battery\", \"battery\": {\"category\": "
        "\"electric-vehicle\", \"manufacturer\": \"M\", \"model\": \"B-75\", \"plant\": "
        "\"Xiamen\", \"plant_country\": \"CN\", \"study_url\": \"https://example.invalid/s\", "
        "\"capacity_kwh\": {\"value\": 75, \"source\": \"test\"}, \"cycles_per_year\": "
        "{\"value\": 60, \"source\": \"test\"}, \"service_life_years\": {\"value\": 8, "
        "\"source\": \"test\"}%s}, \"products\": [{\"id\": \"b\", \"declared_unit\": "
        "{\"amount\": 1, \"unit\": \"item\"}, \"mass\": 450, \"mass_unit\": \"kg\", \"stages\": {"
        "\"materials\": [{\"name\": \"Cells\", \"amount\": 1, \"unit\": \"item\", \"factor\": "
        "{\"value\": 5400, \"unit\": \"kgCO2e/item\", \"source\": \"test\"}}], "
        "\"production\": [{\"name\": \"Assembly electricity\", \"amount\": 1000, \"unit\": "
        "\"kWh\", \"factor\": %s}], "
        "\"transport\": [{\"name\": \"Freight\", \"amount\": 10, \"unit\": \"tkm\", \"factor\": "
        "{\"value\": 0.1, \"unit\": \"kgCO2e/tkm\", \"source\": \"test\"}}], "
        "\"storage\": [{\"name\": \"Warehouse\", \"amount\": 100, \"unit\": \"kWh\", \"factor\": "
        "{\"value\": 0.5, \"unit\": \"kgCO2e/kWh\", \"source\": \"test\"}}], "
        "\"use\": [{\"name\": \"Charging losses\", \"amount\": 100, \"unit\": \"kWh\", "
        "\"factor\": {\"value\": 0.5, \"unit\": \"kgCO2e/kWh\", \"source\": \"test\"}}], "
        "\"end_of_life\": [{\"name\": \"Collection\", \"amount\": 450, \"unit\": \"kg\", "
        "\"factor\": {\"value\": 0.02, \"unit\": \"kgCO2e/kg\", \"source\": \"test\"}}]}}]}",
        extra, prod_factor);
    return buf;
}

/* Calculates and declares; returns the status of the declaration (the calculation must pass). */
static pcf_status declare(const char *json, pcf_battery_decl **d, pcf_error *err)
{
    pcf_model *m = read_model(json);
    pcf_db *db = open_db();
    pcf_result *r = NULL;
    pcf_status st = pcf_model_calculate(m, db, (pcf_gwp_set)0, NULL, &r, err);
    if (st != PCF_OK)
        print_error("calculate: %s (%s)\n", err->message, err->path);
    assert_int_equal(st, PCF_OK);
    st = pcf_battery_declare(m, r, db, NULL, d, err);
    pcf_result_destroy(r);
    pcf_db_close(db);
    pcf_model_destroy(m);
    return st;
}

static void test_battery_declaration(void **state)
{
    (void)state;
    pcf_battery_decl *d = NULL;
    pcf_error err;
    assert_int_equal(declare(battery_model("\"" GRID_CN "\"", ""), &d, &err), PCF_OK);
    /* lifetime energy 75 × 60 × 8 = 36,000 kWh */
    assert_double_close(pcf_battery_decl_lifetime_kwh(d), 36000, 0, 0);
    /* raw material: 5,400 / 36,000 = 0.15 */
    assert_double_close(pcf_battery_decl_stage_kg_co2e_per_kwh(d, PCF_BATTERY_RAW_MATERIAL), 0.15,
                        1e-12, 0);
    /* main production: 1,000 kWh × 0.6205 = 620.5 kg; / 36,000 = 0.017236111… */
    assert_double_close(pcf_battery_decl_stage_kg_co2e_per_kwh(d, PCF_BATTERY_MAIN_PRODUCTION),
                        620.5 / 36000, 1e-12, 0);
    /* distribution = transport 10 × 0.1 = 1 kg + storage 100 × 0.5 = 50 kg; 51 / 36,000 */
    assert_double_close(pcf_battery_decl_stage_kg_co2e_per_kwh(d, PCF_BATTERY_DISTRIBUTION),
                        51.0 / 36000, 1e-12, 0);
    /* end of life: 450 × 0.02 = 9 kg; 9 / 36,000 = 0.00025 */
    assert_double_close(pcf_battery_decl_stage_kg_co2e_per_kwh(d, PCF_BATTERY_END_OF_LIFE), 0.00025,
                        1e-12, 0);
    /* total 5,400 + 620.5 + 51 + 9 = 6,080.5 kg per battery; 6,080.5 / 36,000 = 0.168902777… */
    assert_double_close(pcf_battery_decl_absolute_kg_co2e(d), 6080.5, 1e-12, 0);
    assert_double_close(pcf_battery_decl_kg_co2e_per_kwh(d), 6080.5 / 36000, 1e-12, 0);
    /* use: 100 × 0.5 = 50 kg, reported apart, not declared */
    assert_double_close(pcf_battery_decl_use_excluded_kg_co2e(d), 50, 1e-12, 0);
    char *json = NULL;
    assert_int_equal(pcf_battery_decl_to_json(d, &json, &err), PCF_OK);
    assert_contains(json, "\"lifecycleStage\": \"MainProduction\"");
    assert_contains(json, "\"batteryCarbonFootprintUnit\": \"kg CO2e/kWh\"");
    assert_contains(json, "\"carbonFootprintStudy\": \"https://example.invalid/s\"");
    assert_contains(json, "\"lifetime_energy_kwh\": 36000");
    pcf_free(json);
    pcf_battery_decl_destroy(d);
    /* by full equivalent cycles: 75 × 480 = 36,000 kWh as well */
    char fec[4096];
    snprintf(fec, sizeof fec, "%s", battery_model("\"" GRID_CN "\"", ""));
    char *p = strstr(fec, "\"cycles_per_year\"");
    const char *q = strstr(fec, "}, \"products\"");
    assert_non_null(p);
    assert_non_null(q);
    char rebuilt[4096];
    snprintf(rebuilt, sizeof rebuilt,
             "%.*s\"full_equivalent_cycles\": {\"value\": 480, "
             "\"source\": \"test\"}%s",
             (int)(p - fec), fec, q);
    assert_int_equal(declare(rebuilt, &d, &err), PCF_OK);
    assert_double_close(pcf_battery_decl_lifetime_kwh(d), 36000, 0, 0);
    pcf_battery_decl_destroy(d);
}

/* The declaration's section of a report (text, HTML fragment, and inside the HTML and study
 * reports), English and Chinese, with the figures of test_battery_declaration. */
static void test_battery_report_section(void **state)
{
    (void)state;
    pcf_model *m = read_model(battery_model("\"" GRID_CN "\"", ""));
    pcf_db *db = open_db();
    pcf_result *r = NULL;
    pcf_battery_decl *d = NULL;
    pcf_error err;
    assert_int_equal(pcf_model_calculate(m, db, (pcf_gwp_set)0, NULL, &r, &err), PCF_OK);
    assert_int_equal(pcf_battery_declare(m, r, db, NULL, &d, &err), PCF_OK);
    char *t = NULL;
    assert_int_equal(pcf_battery_decl_report_text(d, "en", &t, &err), PCF_OK);
    assert_contains(t, "EU battery carbon-footprint declaration (Regulation (EU) 2023/1542");
    assert_contains(t, "Battery model: B-75");
    /* the functional unit: 75 kWh × 60 cycles a year × 8 years = 36,000 kWh */
    assert_contains(t, "Lifetime energy: 36000 kWh");
    assert_contains(t, "Capacity: 75 (source: test)");
    assert_contains(t, "Full equivalent cycles per year: 60 (source: test)");
    assert_contains(t, "Service life (years): 8 (source: test)");
    /* 6,080.5 kg / 36,000 kWh = 0.1689027777777778 */
    assert_contains(t, "Carbon footprint: 0.1689027777777778 kg CO2e/kWh");
    /* raw material 5,400 / 36,000 = 0.15, 5,400 / 6,080.5 = 88.8 % */
    assert_contains(t, "Raw material acquisition and pre-processing: 0.15 kg CO2e/kWh "
                       "(share 88.8 %)");
    /* main production 620.5 / 36,000 = 0.017236111111111112, 620.5 / 6,080.5 = 10.2 % */
    assert_contains(t, "Main product production: 0.017236111111111112 kg CO2e/kWh (share 10.2 %)");
    /* distribution 51 / 36,000 = 0.0014166666666666668, 51 / 6,080.5 = 0.8 % */
    assert_contains(t, "Distribution: 0.0014166666666666668 kg CO2e/kWh (share 0.8 %)");
    /* end of life 9 / 36,000 = 0.00025, 9 / 6,080.5 = 0.1 % */
    assert_contains(t, "End of life and recycling: 0.00025 kg CO2e/kWh (share 0.1 %)");
    assert_contains(t, "One battery, four declared stages: 6080.5 kg CO2e");
    assert_contains(t, "Use stage (not declared): 50 kg CO2e");
    pcf_free(t);
    assert_int_equal(pcf_battery_decl_report_text(d, "zh", &t, &err), PCF_OK);
    assert_contains(t, "寿命期总能量：36000 千瓦时");
    assert_contains(t, "原材料获取和预处理：0.15 千克二氧化碳当量/千瓦时（占比 88.8 %）");
    assert_contains(t, "使用阶段（不声明）：50 千克二氧化碳当量");
    assert_contains(t, "电动汽车电池");
    assert_null(strstr(t, "kWh"));
    assert_null(strstr(t, "Stages mapped"));
    pcf_free(t);
    assert_int_equal(pcf_battery_decl_report_html(d, "en", &t, &err), PCF_OK);
    assert_true(strncmp(t, "<section class=\"regime battery\">", 32) == 0);
    assert_contains(t, "<td>0.15 kg CO2e/kWh (share 88.8 %)</td>");
    pcf_free(t);
    /* in the HTML report and the study report, after the results; Chinese throughout */
    assert_int_equal(pcf_report_html_decl(r, NULL, db, d, "en", &t, &err), PCF_OK);
    assert_contains(t, "<section class=\"regime battery\">");
    assert_contains(t, "Lifetime energy</th><td>36000 kWh</td>");
    pcf_free(t);
    assert_int_equal(pcf_report_study_html_decl(r, NULL, db, NULL, d, "zh", &t, &err), PCF_OK);
    assert_contains(t, "寿命期总能量</th><td>36000 千瓦时</td>");
    pcf_free(t);
    /* without a declaration: no section */
    assert_int_equal(pcf_report_study_html_decl(r, NULL, db, NULL, NULL, "en", &t, &err), PCF_OK);
    assert_null(strstr(t, "regime battery"));
    pcf_free(t);
    assert_int_equal(pcf_battery_decl_report_text(d, "de", &t, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_battery_decl_report_html(NULL, "en", &t, &err), PCF_ERR_INVALID_ARG);
    pcf_battery_decl_destroy(d);
    pcf_result_destroy(r);
    pcf_db_close(db);
    pcf_model_destroy(m);
}

static void test_battery_electricity_rules(void **state)
{
    (void)state;
    pcf_battery_decl *d = NULL;
    pcf_error err;
    /* the EU grid for a plant in China: refused */
    assert_int_equal(
        declare(battery_model("\"ember-2024:grid-electricity-eu-ember\"", ""), &d, &err),
        PCF_ERR_INVALID_MODEL);
    assert_contains(err.message, "not the national mix of the plant's country CN");
    assert_string_equal(err.path, "$.products[0].stages.production[0]");
    /* a provincial factor: a warning, the declaration goes on */
    assert_int_equal(
        declare(
            battery_model("\"cn-mee:fujian-provincial-average-electricity-co2-factor-2022\"", ""),
            &d, &err),
        PCF_OK);
    pcf_battery_decl_destroy(d);
    /* an own factor for production electricity needs a direct connection */
    const char *own = "{\"value\": 0.02, \"unit\": \"kgCO2e/kWh\", \"source\": \"solar PPA\"}";
    assert_int_equal(declare(battery_model(own, ""), &d, &err), PCF_ERR_INVALID_MODEL);
    assert_contains(err.message, "direct connection");
    assert_int_equal(
        declare(battery_model(own, ", \"direct_connection\": {\"evidence\": \"own PV line\"}"), &d,
                &err),
        PCF_OK);
    /* 1,000 × 0.02 = 20 kg in main production: 20 / 36,000 */
    assert_double_close(pcf_battery_decl_stage_kg_co2e_per_kwh(d, PCF_BATTERY_MAIN_PRODUCTION),
                        20.0 / 36000, 1e-12, 0);
    pcf_battery_decl_destroy(d);
}

static void test_battery_validation(void **state)
{
    (void)state;
    pcf_error err;
    /* no battery section */
    pcf_model *m = read_model("{\"pcf_model\": 1, \"regime\": \"eu-battery\", \"products\": "
                              "[{\"id\": \"x\", \"declared_unit\": {\"amount\": 1, \"unit\": "
                              "\"item\"}}]}");
    assert_int_equal(pcf_model_validate(m, NULL, &err), PCF_ERR_INVALID_MODEL);
    assert_contains(err.message, "\"battery\" section");
    pcf_model_destroy(m);
    /* a number without its source, a per-kWh declared unit, a cradle-to-gate boundary */
    m = read_model("{\"pcf_model\": 1, \"regime\": \"eu-battery\", \"boundary\": "
                   "\"cradle-to-gate\", \"battery\": {\"category\": \"electric-vehicle\", "
                   "\"manufacturer\": \"M\", \"model\": \"B\", \"plant\": \"P\", "
                   "\"plant_country\": \"CN\", \"study_url\": \"u\", \"capacity_kwh\": "
                   "{\"value\": 75}, \"full_equivalent_cycles\": {\"value\": 480, \"source\": "
                   "\"s\"}}, \"products\": [{\"id\": \"x\", \"declared_unit\": {\"amount\": 1, "
                   "\"unit\": \"kWh\"}}]}");
    pcf_diag *diag = NULL;
    assert_int_equal(pcf_diag_create(&diag), PCF_OK);
    assert_int_equal(pcf_battery_validate(m, diag, &err), PCF_ERR_INVALID_MODEL);
    assert_string_equal(err.path, "$.battery.capacity_kwh");
    assert_int_equal(pcf_diag_error_count(diag), 3);
    assert_string_equal(pcf_diag_at(diag, 1)->path, "$.products[0].declared_unit");
    assert_string_equal(pcf_diag_at(diag, 2)->path, "$.boundary");
    pcf_diag_destroy(diag);
    /* the same three problems through pcf_model_validate (pcf validate): the resolver runs the
     * battery rules into its own problem list, so the first error and the count carry over */
    assert_int_equal(pcf_diag_create(&diag), PCF_OK);
    assert_int_equal(pcf_model_validate(m, diag, &err), PCF_ERR_INVALID_MODEL);
    assert_string_equal(err.path, "$.battery.capacity_kwh");
    size_t battery_errors = 0;
    for (size_t i = 0; i < pcf_diag_count(diag); i++) {
        const pcf_error *d = pcf_diag_at(diag, i);
        if (pcf_diag_severity_at(diag, i) == PCF_SEVERITY_ERROR &&
            (strcmp(d->path, "$.battery.capacity_kwh") == 0 ||
             strcmp(d->path, "$.products[0].declared_unit") == 0 ||
             strcmp(d->path, "$.boundary") == 0))
            battery_errors++;
    }
    assert_int_equal(battery_errors, 3);
    pcf_diag_destroy(diag);
    pcf_model_destroy(m);
    /* the eu-battery regime on a model without the section, set through the C API */
    m = read_model(chair);
    assert_int_equal(pcf_model_set_regime(m, PCF_REGIME_EU_BATTERY, 0, &err), PCF_OK);
    assert_int_equal(pcf_model_regime(m), PCF_REGIME_EU_BATTERY);
    assert_int_equal(pcf_model_validate(m, NULL, &err), PCF_ERR_INVALID_MODEL);
    pcf_model_destroy(m);
    assert_int_equal(pcf_battery_validate(NULL, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_true(isnan(pcf_battery_decl_kg_co2e_per_kwh(NULL)));
    pcf_battery_decl_destroy(NULL);
}

/* Every problem of a battery section on a line of its own: each diagnostic names the line of its
 * own value (the line numbers below are those of the text as written here). */
static void test_battery_diagnostics_located(void **state)
{
    (void)state;
    static const char text[] =
        "{\"pcf_model\": 1, \"regime\": \"eu-battery\",\n"              /* 1 */
        " \"boundary\": \"cradle-to-gate\",\n"                          /* 2 */
        " \"battery\": {\n"                                             /* 3 */
        "  \"category\": 1,\n"                                          /* 4 */
        "  \"manufacturer\": \"\",\n"                                   /* 5 */
        "  \"model\": 2,\n"                                             /* 6 */
        "  \"plant\": [],\n"                                            /* 7 */
        "  \"plant_country\": {},\n"                                    /* 8 */
        "  \"study_url\": 3,\n"                                         /* 9 */
        "  \"declaration_of_conformity_id\": \"\",\n"                   /* 10 */
        "  \"capacity_kwh\": {\"value\": 75},\n"                        /* 11 */
        "  \"cycles_per_year\": {\"value\": -1, \"source\": \"s\"},\n"  /* 12 */
        "  \"service_life_years\": {\"source\": \"s\"},\n"              /* 13 */
        "  \"direct_connection\": 5},\n"                                /* 14 */
        " \"products\": [{\"id\": \"x\",\n"                             /* 15 */
        "  \"declared_unit\": {\"amount\": 2, \"unit\": \"kWh\"}}]}\n"; /* 16 */
    static const struct {
        const char *path;
        int line;
    } want[] = {{"$.battery.category", 4},
                {"$.battery.manufacturer", 5},
                {"$.battery.model", 6},
                {"$.battery.plant", 7},
                {"$.battery.plant_country", 8},
                {"$.battery.study_url", 9},
                {"$.battery.declaration_of_conformity_id", 10},
                {"$.battery.capacity_kwh", 11},
                {"$.battery.cycles_per_year", 12},
                {"$.battery.service_life_years", 13},
                {"$.battery.direct_connection", 14},
                {"$.products[0].declared_unit", 16},
                {"$.boundary", 2}};
    size_t n_want = sizeof want / sizeof want[0];
    pcf_model *m = NULL;
    pcf_error err;
    assert_int_equal(pcf_model_read_string(text, "battery.json", &m, &err), PCF_OK);
    pcf_diag *diag = NULL;
    assert_int_equal(pcf_diag_create(&diag), PCF_OK);
    assert_int_equal(pcf_battery_validate(m, diag, &err), PCF_ERR_INVALID_MODEL);
    assert_int_equal(pcf_diag_error_count(diag), n_want);
    for (size_t i = 0; i < n_want; i++) {
        const pcf_error *d = pcf_diag_at(diag, i);
        assert_string_equal(d->path, want[i].path);
        assert_string_equal(d->file, "battery.json");
        assert_int_equal(d->line, want[i].line);
    }
    /* the first error is also the call's error, located the same way */
    assert_string_equal(err.path, "$.battery.category");
    assert_int_equal(err.line, 4);
    pcf_diag_destroy(diag);
    pcf_model_destroy(m);
}

/* A model whose battery section is {SECTION} (the text keys filled in), with a use-free
 * cradle-to-grave life cycle of 5,400 kg in materials. */
static char *battery_section_model(const char *section)
{
    static char buf[4096];
    snprintf(buf, sizeof buf,
             "{\"pcf_model\": 1, \"regime\": \"eu-battery\", \"battery\": {\"category\": "
             "\"industrial\", \"manufacturer\": \"M\", \"model\": \"S-10\", \"plant\": \"P\", "
             "\"plant_country\": \"CN\", \"study_url\": \"u\"%s}, \"products\": [{\"id\": \"b\", "
             "\"declared_unit\": {\"amount\": 1, \"unit\": \"item\"}, \"stages\": {\"materials\": "
             "[{\"name\": \"Cells\", \"amount\": 1, \"unit\": \"item\", \"factor\": {\"value\": "
             "5400, \"unit\": \"kgCO2e/item\", \"source\": \"test\"}}]}}]}",
             section);
    return buf;
}

/* The first problem of a battery section: its path and whole message. */
static void battery_refused(const char *section, const char *path, const char *message)
{
    pcf_model *m = read_model(battery_section_model(section));
    pcf_error err;
    assert_int_equal(pcf_battery_validate(m, NULL, &err), PCF_ERR_INVALID_MODEL);
    if (strcmp(err.path, path) != 0 || strcmp(err.message, message) != 0)
        print_error("got %s: %s\n", err.path, err.message);
    assert_string_equal(err.path, path);
    assert_string_equal(err.message, message);
    pcf_model_destroy(m);
}

#define CAP ", \"capacity_kwh\": {\"value\": 10, \"source\": \"datasheet\"}"
#define FEC ", \"full_equivalent_cycles\": {\"value\": 3000, \"source\": \"datasheet\"}"

static void test_battery_section_rules(void **state)
{
    (void)state;
    static const char sourced_msg[] =
        "\"%s\" is {\"value\": a number > 0, \"source\": where the number comes from}; pcf ships "
        "no default for it";
    char msg[256];
    snprintf(msg, sizeof msg, sourced_msg, "capacity_kwh");
    battery_refused(", \"capacity_kwh\": 10" FEC, "$.battery.capacity_kwh", msg);
    battery_refused(", \"capacity_kwh\": {\"value\": 0, \"source\": \"s\"}" FEC,
                    "$.battery.capacity_kwh", msg);
    battery_refused(", \"capacity_kwh\": {\"value\": 10, \"source\": \"\"}" FEC,
                    "$.battery.capacity_kwh", msg);
    battery_refused(FEC, "$.battery", "\"capacity_kwh\" {\"value\", \"source\"} is missing");
    battery_refused(CAP FEC ", \"cycles_per_year\": {\"value\": 300, \"source\": \"s\"}",
                    "$.battery",
                    "give either \"cycles_per_year\" and \"service_life_years\" or "
                    "\"full_equivalent_cycles\" (each {\"value\", \"source\"})");
    battery_refused(CAP, "$.battery",
                    "give either \"cycles_per_year\" and \"service_life_years\" or "
                    "\"full_equivalent_cycles\" (each {\"value\", \"source\"})");
    battery_refused(CAP ", \"service_life_years\": {\"value\": 10, \"source\": \"s\"}", "$.battery",
                    "\"cycles_per_year\" {\"value\", \"source\"} is missing");
    battery_refused(CAP ", \"cycles_per_year\": {\"value\": 300, \"source\": \"s\"}", "$.battery",
                    "\"service_life_years\" {\"value\", \"source\"} is missing");
    battery_refused(CAP FEC ", \"direct_connection\": {\"contract\": \"c\"}",
                    "$.battery.direct_connection",
                    "\"direct_connection\" is {\"evidence\": the contract or line that connects "
                    "the plant to its generator}");
    /* a text key missing, and a category Art. 7 does not cover */
    pcf_model *m = read_model("{\"pcf_model\": 1, \"regime\": \"eu-battery\", \"battery\": "
                              "{\"category\": \"portable\", \"manufacturer\": \"M\", \"plant\": "
                              "\"P\", \"plant_country\": \"CN\", \"study_url\": \"u\"" CAP FEC
                              "}, \"products\": [{\"id\": \"b\", \"declared_unit\": {\"amount\": "
                              "1, \"unit\": \"item\"}}]}");
    pcf_diag *diag = NULL;
    pcf_error err;
    assert_int_equal(pcf_diag_create(&diag), PCF_OK);
    assert_int_equal(pcf_battery_validate(m, diag, &err), PCF_ERR_INVALID_MODEL);
    assert_int_equal(pcf_diag_error_count(diag), 2);
    assert_string_equal(pcf_diag_at(diag, 0)->path, "$.battery");
    assert_string_equal(pcf_diag_at(diag, 0)->message,
                        "\"model\" is missing (Regulation (EU) 2023/1542, Art. 7(1))");
    assert_string_equal(pcf_diag_at(diag, 1)->path, "$.battery.category");
    assert_string_equal(pcf_diag_at(diag, 1)->message,
                        "\"category\" is electric-vehicle, industrial or lmt (the batteries Art. 7 "
                        "covers)");
    pcf_diag_destroy(diag);
    pcf_model_destroy(m);
    /* a valid section: validation passes with the error cleared */
    m = read_model(battery_section_model(CAP FEC));
    assert_int_equal(pcf_battery_validate(m, NULL, &err), PCF_OK);
    assert_int_equal(err.code, PCF_OK);
    pcf_model_destroy(m);
}

/* A declaration without use stage, with a conformity id and by full equivalent cycles: 10 kWh ×
 * 3,000 cycles = 30,000 kWh; 5,400 kg of raw material ÷ 30,000 = 0.18 kg CO2e/kWh, all of it in
 * raw material (share 1), nothing excluded. Declared without a database, the electricity rules
 * have nothing to look up. */
static void test_battery_declaration_forms(void **state)
{
    (void)state;
    pcf_model *m = read_model(
        battery_section_model(CAP FEC ", \"declaration_of_conformity_id\": \"DoC-2025-7\""));
    pcf_result *r = NULL;
    pcf_battery_decl *d = NULL;
    pcf_error err;
    assert_int_equal(pcf_model_calculate(m, NULL, (pcf_gwp_set)0, NULL, &r, &err), PCF_OK);
    assert_int_equal(pcf_battery_declare(m, r, NULL, NULL, &d, &err), PCF_OK);
    assert_double_close(pcf_battery_decl_lifetime_kwh(d), 30000, 0, 0);
    assert_double_close(pcf_battery_decl_kg_co2e_per_kwh(d), 0.18, 1e-12, 0);
    assert_double_close(pcf_battery_decl_absolute_kg_co2e(d), 5400, 1e-12, 0);
    assert_double_close(pcf_battery_decl_use_excluded_kg_co2e(d), 0, 0, 0);
    assert_double_close(pcf_battery_decl_stage_kg_co2e_per_kwh(d, PCF_BATTERY_RAW_MATERIAL), 0.18,
                        1e-12, 0);
    assert_true(isnan(pcf_battery_decl_stage_kg_co2e_per_kwh(d, PCF_BATTERY_STAGE_COUNT)));
    assert_true(isnan(pcf_battery_decl_stage_kg_co2e_per_kwh(d, (pcf_battery_stage)-1)));
    char *json = NULL;
    assert_int_equal(pcf_battery_decl_to_json(d, &json, &err), PCF_OK);
    assert_contains(json, "\"declarationOfConformityId\": \"DoC-2025-7\"");
    assert_contains(json, "\"full_equivalent_cycles\": {\n      \"value\": 3000.0,\n      "
                          "\"source\": \"datasheet\"");
    assert_contains(json, "\"lifecycleStage\": \"RawMaterialExtraction\",\n      "
                          "\"carbonFootprint\": 0.18,\n      \"share\": 1.0");
    assert_contains(json, "\"use_stage_excluded_kg_co2e\": 0.0");
    pcf_free(json);
    assert_int_equal(pcf_battery_decl_to_json(NULL, &json, &err), PCF_ERR_INVALID_ARG);
    assert_null(json);
    assert_int_equal(pcf_battery_decl_to_json(d, NULL, &err), PCF_ERR_INVALID_ARG);
    pcf_battery_decl_destroy(d);
    /* a declaration refused by its section names the section's problem */
    assert_int_equal(pcf_battery_declare(m, NULL, NULL, NULL, &d, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_battery_declare: NULL argument");
    pcf_result_destroy(r);
    pcf_model_destroy(m);
    m = read_model(battery_section_model(CAP));
    assert_int_equal(pcf_model_calculate(m, NULL, (pcf_gwp_set)0, NULL, &r, &err),
                     PCF_ERR_INVALID_MODEL);
    pcf_model_destroy(m);
    /* every accessor without a declaration */
    assert_true(isnan(pcf_battery_decl_lifetime_kwh(NULL)));
    assert_true(isnan(pcf_battery_decl_absolute_kg_co2e(NULL)));
    assert_true(isnan(pcf_battery_decl_use_excluded_kg_co2e(NULL)));
    assert_true(isnan(pcf_battery_decl_stage_kg_co2e_per_kwh(NULL, PCF_BATTERY_RAW_MATERIAL)));
    /* the stages of pcf and of the declaration; lifetime energy's refusals */
    assert_int_equal(pcf_battery_stage_of(PCF_STAGE_MATERIALS), PCF_BATTERY_RAW_MATERIAL);
    assert_int_equal(pcf_battery_stage_of(PCF_STAGE_PRODUCTION), PCF_BATTERY_MAIN_PRODUCTION);
    assert_int_equal(pcf_battery_stage_of(PCF_STAGE_TRANSPORT), PCF_BATTERY_DISTRIBUTION);
    assert_int_equal(pcf_battery_stage_of(PCF_STAGE_END_OF_LIFE), PCF_BATTERY_END_OF_LIFE);
    assert_null(pcf_battery_stage_name((pcf_battery_stage)-1));
    double e;
    assert_int_equal(pcf_battery_lifetime_energy(75, 60, 0, &e, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "lifetime energy: capacity, cycles per year and years must "
                                     "be finite numbers > 0");
    assert_int_equal(pcf_battery_lifetime_energy(75, 60, INFINITY, &e, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_battery_lifetime_energy(-1, 60, 8, &e, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_battery_lifetime_energy(75, INFINITY, 8, &e, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_battery_lifetime_energy(75, 60, 8, NULL, &err), PCF_ERR_INVALID_ARG);
}

/* The section of a declaration whose functional unit is given as full equivalent cycles (10 kWh
 * × 3,000 cycles = 30,000 kWh; 5,400 kg / 30,000 kWh = 0.18 kg CO2e/kWh, the figures of
 * test_battery_declaration_forms), each quantity with its source, in English (also when no
 * language is named) and Chinese; and the report refused without a place for it. */
static void test_battery_report_cycles_form(void **state)
{
    (void)state;
    pcf_model *m = read_model(battery_section_model(CAP FEC));
    pcf_result *r = NULL;
    pcf_battery_decl *d = NULL;
    pcf_error err;
    assert_int_equal(pcf_model_calculate(m, NULL, (pcf_gwp_set)0, NULL, &r, &err), PCF_OK);
    assert_int_equal(pcf_battery_declare(m, r, NULL, NULL, &d, &err), PCF_OK);
    char *t = NULL;
    assert_int_equal(pcf_battery_decl_report_text(d, NULL, &t, &err), PCF_OK);
    assert_contains(t, "Battery category: rechargeable industrial battery");
    assert_contains(t, "Manufacturing plant: P, CN");
    assert_contains(t, "Lifetime energy: 30000 kWh");
    assert_contains(t, "Capacity: 10 (source: datasheet)");
    assert_contains(t, "Full equivalent cycles: 3000 (source: datasheet)");
    assert_null(strstr(t, "Full equivalent cycles per year"));
    assert_null(strstr(t, "Service life"));
    assert_contains(t, "Carbon footprint: 0.18 kg CO2e/kWh");
    pcf_free(t);
    assert_int_equal(pcf_battery_decl_report_text(d, "zh", &t, &err), PCF_OK);
    assert_contains(t, "电池类别：可充电工业电池");
    assert_contains(t, "制造工厂：P，CN");
    /* the recycling-method note, restated in Chinese */
    assert_contains(t, "    - 回收分配方法与碳足迹计算相同（见计算说明）。\n");
    assert_null(strstr(t, "Recycling method"));
    assert_contains(t, "寿命期总能量：30000 千瓦时");
    assert_contains(t, "等效满充放电次数：3000（来源：datasheet）");
    assert_null(strstr(t, "每年等效满充放电次数"));
    pcf_free(t);
    assert_int_equal(pcf_battery_decl_report_html(d, "", &t, &err), PCF_OK);
    assert_contains(t, "<tr><th class=\"sub\">Full equivalent cycles</th><td>3000 (source: "
                       "datasheet)</td></tr>");
    pcf_free(t);
    assert_int_equal(pcf_battery_decl_report_text(d, "en", NULL, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_battery_decl_report: out is NULL");
    pcf_battery_decl_destroy(d);
    pcf_result_destroy(r);
    pcf_model_destroy(m);
}

/* The plant's country compared with the grid factor's region: a region that only starts with the
 * country's letters (a plant country "C" against China's "CN" factor) is another country. */
static void test_battery_country_prefix(void **state)
{
    (void)state;
    char doc[4096];
    snprintf(doc, sizeof doc, "%s", battery_model("\"" GRID_CN "\"", ""));
    char *c = strstr(doc, "\"plant_country\": \"CN\"");
    assert_non_null(c);
    memmove(c + 19, c + 20, strlen(c + 20) + 1); /* "CN" -> "C" */
    assert_non_null(strstr(doc, "\"plant_country\": \"C\","));
    pcf_battery_decl *d = NULL;
    pcf_error err;
    assert_int_equal(declare(doc, &d, &err), PCF_ERR_INVALID_MODEL);
    assert_string_equal(err.message,
                        "main production electricity \"Assembly electricity\" uses factor " GRID_CN
                        " of region CN, not the national mix of the plant's country C");
    assert_null(d);
}

int main(int argc, char **argv)
{
    db_path = argc > 1 ? argv[1] : "data/factors.db";
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_and_factor_regimes),
        cmocka_unit_test(test_cbam_row_in_footprint),
        cmocka_unit_test(test_lifetime_energy),
        cmocka_unit_test(test_battery_declaration),
        cmocka_unit_test(test_battery_report_section),
        cmocka_unit_test(test_battery_electricity_rules),
        cmocka_unit_test(test_battery_validation),
        cmocka_unit_test(test_battery_diagnostics_located),
        cmocka_unit_test(test_battery_section_rules),
        cmocka_unit_test(test_battery_declaration_forms),
        cmocka_unit_test(test_battery_country_prefix),
        cmocka_unit_test(test_battery_report_cycles_form),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
