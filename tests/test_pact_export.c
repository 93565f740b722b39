/*
 * Tests of PACT export (pcf_pact_write), supplier-PCF import into a model, the round trip
 * export → validate → import → same totals, and the HTML report (pcf_report_html).
 * GPL-3.0-or-later; see LICENSE.
 *
 * The model is tests/data/pact/model-bottle.json; its factors are own test values, so every
 * expected number is worked out by hand below (per 1 kg of bottles, AR6):
 *   materials  Bio-PE 1 kg × 2.0                  = 2.0   fossil
 *              biogenic carbon 0.5 kg C × 44/12    = −1.8333… biogenic removal (RC-9 identity,
 *                                                    docs/methods.md#rc-9)
 *              land conversion 1 kg × 0.2          = 0.2   dLUC
 *   production electricity 2 kWh × 0.5             = 1.0   fossil
 *              biogenic CH4 0.01 kg × GWP(AR6)     = 0.01·g biogenic
 *   transport  air 0.5 tkm × 1.0                   = 0.5   aircraft
 */
#include "testutil.h"

#include <pcf/pcf.h>

#include <locale.h>
#include <stdlib.h>

#ifndef PACT_DATA_DIR
#error "PACT_DATA_DIR must name tests/data/pact"
#endif

typedef struct fixture {
    char *model_json;
    pcf_model *model;
    pcf_result *result;
    pcf_pact_options *opts;
    double ch4_gwp; /* AR6 GWP100 of biogenic methane, from pcf's GWP table */
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    assert_non_null(fx);
    fx->model_json = testutil_slurp(PACT_DATA_DIR, "model-bottle.json");
    pcf_error err;
    pcf_status st = pcf_model_read_string(fx->model_json, "model-bottle.json", &fx->model, &err);
    if (st != PCF_OK)
        print_error("model: %s at %s\n", err.message, err.path);
    assert_int_equal(st, PCF_OK);
    st = pcf_model_calculate(fx->model, NULL, PCF_GWP_AR6, NULL, &fx->result, &err);
    if (st != PCF_OK)
        print_error("calculate: %s at %s\n", err.message, err.path);
    assert_int_equal(st, PCF_OK);
    assert_int_equal(pcf_pact_options_create(&fx->opts), PCF_OK);
    assert_int_equal(
        pcf_pact_options_from_model_json(fx->opts, fx->model_json, "model-bottle.json", &err),
        PCF_OK);
    assert_int_equal(pcf_gwp_value(PCF_GWP_AR6, PCF_GAS_CH4_BIOGENIC, &fx->ch4_gwp, &err), PCF_OK);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    pcf_pact_options_destroy(fx->opts);
    pcf_result_destroy(fx->result);
    pcf_model_destroy(fx->model);
    free(fx->model_json);
    free(fx);
    return 0;
}

static double get(const pcf_pact_footprint *fp, pcf_pact_value v)
{
    double x = -999;
    pcf_error err;
    pcf_status st = pcf_pact_footprint_get(fp, v, &x, &err);
    if (st != PCF_OK)
        print_error("%s\n", err.message);
    assert_int_equal(st, PCF_OK);
    return x;
}

/* The hand-worked numbers of the header comment, as PACT fields. */
static void test_export_v3_numbers(void **state)
{
    fixture *fx = *state;
    char *doc = NULL;
    pcf_error err;
    pcf_status st = pcf_pact_write(fx->result, fx->opts, 3, &doc, &err);
    if (st != PCF_OK)
        print_error("%s at %s\n", err.message, err.path);
    assert_int_equal(st, PCF_OK);
    assert_int_equal(pcf_pact_validate(doc, NULL, &err), PCF_OK);
    pcf_pact_footprint *fp = NULL;
    assert_int_equal(pcf_pact_read(doc, NULL, &fp, &err), PCF_OK);
    double bio = 0.01 * fx->ch4_gwp;
    double uptake = -0.5 * 44.0 / 12.0;
    assert_double_close(get(fp, PCF_PACT_FOSSIL_GHG_EMISSIONS), 3.5, 1e-12, 0); /* 2+1+0.5 */
    assert_double_close(get(fp, PCF_PACT_AIRCRAFT_GHG_EMISSIONS), 0.5, 1e-12, 0);
    assert_double_close(get(fp, PCF_PACT_DLUC_GHG_EMISSIONS), 0.2, 1e-12, 0);
    assert_double_close(get(fp, PCF_PACT_BIOGENIC_NON_CO2), bio, 1e-12, 0);
    assert_double_close(get(fp, PCF_PACT_BIOGENIC_CO2_UPTAKE), uptake, 1e-12, 0);
    assert_double_close(get(fp, PCF_PACT_BIOGENIC_CARBON_CONTENT), 0.5, 1e-12, 0);
    assert_double_close(get(fp, PCF_PACT_PCF_EXCLUDING_BIOGENIC), 3.7 + bio, 1e-12, 0);
    /* RC-9 identities, exactly: including = excluding + uptake; uptake = −C × 44/12 */
    assert_double_close(
        get(fp, PCF_PACT_PCF_INCLUDING_BIOGENIC),
        get(fp, PCF_PACT_PCF_EXCLUDING_BIOGENIC) + get(fp, PCF_PACT_BIOGENIC_CO2_UPTAKE), 1e-12, 0);
    assert_double_close(get(fp, PCF_PACT_BIOGENIC_CO2_UPTAKE),
                        -get(fp, PCF_PACT_BIOGENIC_CARBON_CONTENT) * 44.0 / 12.0, 1e-12, 0);
    assert_double_close(get(fp, PCF_PACT_PCF_INCLUDING_BIOGENIC),
                        pcf_result_total_kg_co2e(fx->result), 1e-12, 0);
    assert_double_close(get(fp, PCF_PACT_DECLARED_UNIT_AMOUNT), 1, 0, 0);
    assert_double_close(get(fp, PCF_PACT_PRODUCT_MASS_KG), 1, 0, 0);
    assert_double_close(get(fp, PCF_PACT_PRIMARY_DATA_SHARE),
                        100 * pcf_result_primary_data_share(fx->result), 1e-12, 0);
    assert_string_equal(pcf_pact_footprint_text(fp, "declaredUnitOfMeasurement"), "kilogram");
    assert_string_equal(pcf_pact_footprint_text(fp, "id"), "5b3f2c1e-8a7d-4e6f-9c0b-1a2b3c4d5e6f");
    assert_string_equal(pcf_pact_footprint_text(fp, "productDescription"),
                        "Bottle blown from sugarcane-based polyethylene, 1 kg of bottles");
    assert_string_equal(pcf_pact_footprint_text(fp, "productNameCompany"),
                        "Bio-PE bottle <1 L> & cap");
    assert_contains(doc, "\"ipccCharacterizationFactors\": [\"AR6\"]");
    assert_contains(doc, "\"crossSectoralStandards\": [\"ISO14067\"]");
    assert_contains(doc, "Cradle-to-gate");
    pcf_pact_footprint_destroy(fp);
    pcf_free(doc);
}

/* Export → validate → import as a purchased part → the same totals, for both versions. */
static void test_round_trip(void **state)
{
    fixture *fx = *state;
    const pcf_result *r = fx->result;
    for (int version = 2; version <= 3; version++) {
        char *doc = NULL;
        pcf_error err;
        pcf_status st = pcf_pact_write(r, fx->opts, version, &doc, &err);
        if (st != PCF_OK)
            print_error("v%d: %s\n", version, err.message);
        assert_int_equal(st, PCF_OK);
        assert_int_equal(pcf_pact_validate(doc, NULL, &err), PCF_OK);
        pcf_pact_footprint *fp = NULL;
        assert_int_equal(pcf_pact_read(doc, NULL, &fp, &err), PCF_OK);
        assert_int_equal(pcf_pact_footprint_spec_major(fp), version);

        /* A customer's model: 2.5 kg of the bottles, bought with this footprint (per kg). */
        pcf_model *m = NULL;
        size_t prod, act;
        assert_int_equal(pcf_model_create(&m, &err), PCF_OK);
        assert_int_equal(pcf_model_add_product(m, "crate", "Crate of bottles", &prod, &err),
                         PCF_OK);
        assert_int_equal(pcf_model_product_set_declared_unit(m, prod, 1, "item", NULL, &err),
                         PCF_OK);
        /* cradle-to-gate, as the supplier's result: a cradle-to-grave crate would also release
         * the bottles' biogenic carbon at its end of life (test_part_biogenic_carbon) */
        assert_int_equal(pcf_model_set_boundary(m, PCF_BOUNDARY_CRADLE_TO_GATE, &err), PCF_OK);
        st = pcf_pact_add_to_model(fp, m, prod, NULL, 2500, "g", &act, &err);
        if (st != PCF_OK)
            print_error("add: %s\n", err.message);
        assert_int_equal(st, PCF_OK);
        pcf_result *r2 = NULL;
        st = pcf_model_calculate(m, NULL, PCF_GWP_AR6, NULL, &r2, &err);
        if (st != PCF_OK)
            print_error("calculate: %s\n", err.message);
        assert_int_equal(st, PCF_OK);
        /* 2.5 × every figure of the supplier's result */
        assert_double_close(pcf_result_total_kg_co2e(r2), 2.5 * pcf_result_total_kg_co2e(r), 1e-12,
                            1e-12);
        for (int f = 0; f < PCF_FLOW_COUNT; f++)
            assert_double_close(pcf_result_flow_kg_co2e(r2, (pcf_flow)f),
                                2.5 * pcf_result_flow_kg_co2e(r, (pcf_flow)f), 1e-12, 1e-12);
        assert_double_close(pcf_result_total_excluding_removals_kg_co2e(r2),
                            2.5 * pcf_result_total_excluding_removals_kg_co2e(r), 1e-12, 1e-12);
        /* the supplier's primary-data share is carried through */
        assert_double_close(pcf_result_primary_data_share(r2), pcf_result_primary_data_share(r),
                            1e-12, 1e-12);
        /* a part counted in items cannot use a per-kilogram footprint */
        assert_int_equal(pcf_pact_add_to_model(fp, m, prod, "wrong", 3, "item", NULL, &err),
                         PCF_ERR_UNIT);
        assert_contains(err.message, "kilogram");
        pcf_result_destroy(r2);
        pcf_model_destroy(m);
        pcf_pact_footprint_destroy(fp);
        pcf_free(doc);
    }
}

/* RC-9 example 2 (12 liter declared unit) bought as 3 L: every figure × 3/12
 * (docs/methods.md#rc-9). */
static void test_import_example2(void **state)
{
    (void)state;
    char *doc = testutil_slurp(PACT_DATA_DIR, "v3-example-2.json");
    pcf_pact_footprint *fp = NULL;
    pcf_error err;
    assert_int_equal(pcf_pact_read(doc, NULL, &fp, &err), PCF_OK);
    pcf_supplier_pcf s;
    assert_int_equal(pcf_pact_footprint_supplier_pcf(fp, &s, &err), PCF_OK);
    assert_string_equal(s.declared_unit, "L");
    assert_double_close(s.kg_co2e_per_unit, -14.22 / 12, 1e-12, 0);
    assert_double_close(s.biogenic_removal, -19.36 / 12, 1e-12, 0);
    assert_double_close(s.primary_data_share, 0.3, 1e-12, 0);
    assert_string_equal(s.supplier, "Company 2");
    assert_string_equal(s.source, "PACT 7cd2ec1c-36d5-4a2e-92f6-5b1c1e2b7a11");
    pcf_model *m = NULL;
    size_t prod;
    assert_int_equal(pcf_model_create(&m, &err), PCF_OK);
    assert_int_equal(pcf_model_add_product(m, "kit", "Cleaning kit", &prod, &err), PCF_OK);
    assert_int_equal(pcf_model_product_set_declared_unit(m, prod, 1, "item", NULL, &err), PCF_OK);
    assert_int_equal(pcf_pact_add_to_model(fp, m, prod, "Bioethanol", 3, "L", NULL, &err), PCF_OK);
    assert_int_equal(pcf_model_set_boundary(m, PCF_BOUNDARY_CRADLE_TO_GATE, &err), PCF_OK);
    pcf_result *r = NULL;
    assert_int_equal(pcf_model_calculate(m, NULL, PCF_GWP_AR6, NULL, &r, &err), PCF_OK);
    /* 3 × −14.22 / 12 = −3.555 total; 3 × −19.36 / 12 = −4.84 uptake; excluding = 3 × 5.14 / 12 */
    assert_double_close(pcf_result_total_kg_co2e(r), -3.555, 1e-12, 0);
    assert_double_close(pcf_result_flow_kg_co2e(r, PCF_FLOW_BIOGENIC_REMOVAL), -4.84, 1e-12, 0);
    assert_double_close(pcf_result_total_excluding_removals_kg_co2e(r), 1.285, 1e-12, 0);
    pcf_result_destroy(r);
    /* cradle-to-grave: the ethanol's carbon, 3/12 × 5.28 kg C (biogenicCarbonContent), goes
     * back to air: 1.32 kg C × 44/12 = 4.84 kg CO2 at end of life, so -3.555 + 4.84 = 1.285 */
    assert_int_equal(pcf_model_set_boundary(m, PCF_BOUNDARY_CRADLE_TO_GRAVE, &err), PCF_OK);
    assert_int_equal(pcf_model_calculate(m, NULL, PCF_GWP_AR6, NULL, &r, &err), PCF_OK);
    assert_double_close(pcf_result_stage_kg_co2e(r, PCF_STAGE_END_OF_LIFE), 4.84, 1e-12, 0);
    assert_double_close(pcf_result_total_kg_co2e(r), 1.285, 1e-12, 0);
    assert_double_close(pcf_result_biogenic_carbon_kg(r), 1.32, 1e-12, 0);
    pcf_result_destroy(r);
    pcf_model_destroy(m);
    pcf_pact_footprint_destroy(fp);
    free(doc);
}

/* Fields the model cannot supply are refused, naming the field and the model key. */
static void test_refusals(void **state)
{
    fixture *fx = *state;
    pcf_pact_options *o = NULL;
    pcf_error err;
    char *doc = (char *)1;
    assert_int_equal(pcf_pact_options_create(&o), PCF_OK);
    assert_int_equal(pcf_pact_write(fx->result, o, 3, &doc, &err), PCF_ERR_DATA_MISSING);
    assert_null(doc);
    assert_contains(err.message, "companyName");
    assert_contains(err.message, "\"pact\" object");
    /* fill everything but the reference period */
    assert_int_equal(pcf_pact_options_from_model_json(o, fx->model_json, NULL, &err), PCF_OK);
    assert_int_equal(pcf_pact_options_set(o, "referencePeriodEnd", NULL, &err), PCF_OK);
    assert_int_equal(pcf_pact_write(fx->result, o, 2, &doc, &err), PCF_ERR_DATA_MISSING);
    assert_contains(err.message, "referencePeriodEnd");
    /* a v2 exempted share above 5 % breaks a rule and says where */
    assert_int_equal(pcf_pact_options_set(o, "referencePeriodEnd", "2026-01-01T00:00:00Z", &err),
                     PCF_OK);
    assert_int_equal(pcf_pact_options_set(o, "exemptedEmissionsPercent", "7", &err), PCF_OK);
    assert_int_equal(pcf_pact_write(fx->result, o, 2, &doc, &err), PCF_ERR_INVALID_MODEL);
    assert_string_equal(err.path, "$.pcf.exemptedEmissionsPercent");
    /* … which v3 allows */
    assert_int_equal(pcf_pact_write(fx->result, o, 3, &doc, &err), PCF_OK);
    pcf_free(doc);
    /* reproducible ids from caller-given bytes */
    assert_int_equal(pcf_pact_options_set(o, "id", NULL, &err), PCF_OK);
    uint8_t bytes[16];
    for (int i = 0; i < 16; i++)
        bytes[i] = (uint8_t)(0x10 * i);
    assert_int_equal(pcf_pact_options_set_random(o, bytes, &err), PCF_OK);
    assert_int_equal(pcf_pact_write(fx->result, o, 3, &doc, &err), PCF_OK);
    /* bytes 00 10 … f0 with version and variant bits: 00102030-4050-4070-8090-a0b0c0d0e0f0 */
    assert_contains(doc, "\"id\": \"00102030-4050-4070-8090-a0b0c0d0e0f0\"");
    pcf_free(doc);
    assert_int_equal(pcf_pact_write(fx->result, o, 4, &doc, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_pact_write(NULL, o, 3, &doc, &err), PCF_ERR_INVALID_ARG);
    pcf_pact_options_destroy(o);
}

/* Data-quality ratings from the "pact" object: v2.3 writes all six, v3.0 the three it has. */
static void test_dqi(void **state)
{
    fixture *fx = *state;
    pcf_pact_options *o = NULL;
    pcf_error err;
    char *doc = NULL;
    assert_int_equal(pcf_pact_options_create(&o), PCF_OK);
    assert_int_equal(pcf_pact_options_from_model_json(o, fx->model_json, NULL, &err), PCF_OK);
    const char *dqi = "{\"pact\": {\"technologicalDQR\": 1.5, \"temporalDQR\": 2,"
                      " \"geographicalDQR\": 1.2, \"completenessDQR\": 1.1,"
                      " \"reliabilityDQR\": 1.4, \"coveragePercent\": 95}}";
    assert_int_equal(pcf_pact_options_from_model_json(o, dqi, NULL, &err), PCF_OK);
    assert_int_equal(pcf_pact_write(fx->result, o, 2, &doc, &err), PCF_OK);
    assert_contains(doc,
                    "\"dqi\": {\n      \"coveragePercent\": 95,\n      \"technologicalDQR\": 1.5,");
    assert_contains(doc, "\"reliabilityDQR\": 1.4");
    pcf_free(doc);
    assert_int_equal(pcf_pact_write(fx->result, o, 3, &doc, &err), PCF_OK);
    assert_contains(doc, "\"dqi\": {\n      \"technologicalDQR\": \"1.5\",\n      \"temporalDQR\": "
                         "\"2\",\n      \"geographicalDQR\": \"1.2\"\n    }");
    pcf_free(doc);
    /* a v2 rating above 3 is refused at its path */
    assert_int_equal(pcf_pact_options_set(o, "temporalDQR", "4", &err), PCF_OK);
    assert_int_equal(pcf_pact_write(fx->result, o, 2, &doc, &err), PCF_ERR_INVALID_MODEL);
    assert_string_equal(err.path, "$.pcf.dqi.temporalDQR");
    assert_int_equal(pcf_pact_write(fx->result, o, 3, &doc, &err), PCF_OK); /* 1..5 in v3 */
    pcf_free(doc);
    pcf_pact_options_destroy(o);
}

/* v2.3 accepts AR5 and AR6 only; v3.0 names any report. */
static void test_ar4(void **state)
{
    fixture *fx = *state;
    pcf_result *r = NULL;
    pcf_error err;
    char *doc = NULL;
    assert_int_equal(pcf_model_calculate(fx->model, NULL, PCF_GWP_AR4, NULL, &r, &err), PCF_OK);
    assert_int_equal(pcf_pact_write(r, fx->opts, 2, &doc, &err), PCF_ERR_UNSUPPORTED);
    assert_contains(err.message, "AR4");
    assert_null(doc);
    assert_int_equal(pcf_pact_write(r, fx->opts, 3, &doc, &err), PCF_OK);
    assert_contains(doc, "\"ipccCharacterizationFactors\": [\"AR4\"]");
    pcf_free(doc);
    pcf_result_destroy(r);
}

/* v2.3 has no "piece": a product declared per item is written per its mass (0.25 kilogram, as
 * PACT's car-door example), and refused when the model gives no mass; v3 writes "piece". */
static void test_piece(void **state)
{
    fixture *fx = *state;
    pcf_model *m = NULL;
    size_t prod;
    pcf_error err;
    assert_int_equal(pcf_model_create(&m, &err), PCF_OK);
    assert_int_equal(pcf_model_add_product(m, "widget", "Widget", &prod, &err), PCF_OK);
    assert_int_equal(pcf_model_product_set_declared_unit(m, prod, 1, "item", NULL, &err), PCF_OK);
    size_t a;
    assert_int_equal(
        pcf_model_add_activity(m, prod, PCF_STAGE_PRODUCTION, "Power", 1, "kWh", &a, &err), PCF_OK);
    assert_int_equal(
        pcf_model_activity_set_own_factor(m, a, NULL, 0.5, "kgCO2e/kWh", "test value", &err),
        PCF_OK);
    pcf_result *r = NULL;
    char *doc = NULL;
    assert_int_equal(pcf_model_calculate(m, NULL, PCF_GWP_AR6, NULL, &r, &err), PCF_OK);
    assert_int_equal(pcf_pact_write(r, fx->opts, 2, &doc, &err), PCF_ERR_DATA_MISSING);
    assert_contains(err.message, "products[0].mass");
    pcf_result_destroy(r);
    assert_int_equal(pcf_model_product_set_mass(m, prod, 0.25, "kg", &err), PCF_OK);
    assert_int_equal(pcf_model_calculate(m, NULL, PCF_GWP_AR6, NULL, &r, &err), PCF_OK);
    assert_int_equal(pcf_pact_write(r, fx->opts, 2, &doc, &err), PCF_OK);
    assert_contains(doc, "\"declaredUnit\": \"kilogram\"");
    assert_contains(doc, "\"unitaryProductAmount\": \"0.25\"");
    /* v2.3 states every figure per ONE declared unit (spec v2.3.3, CarbonFootprint
     * pCfExcludingBiogenic "kgCO2e / declaredUnit"): 1 kWh × 0.5 kg CO2e/kWh = 0.5 per item of
     * 0.25 kg, i.e. 0.5 / 0.25 = 2 per kilogram, and 1 kg of product per declared unit. */
    assert_contains(doc, "\"pCfExcludingBiogenic\": \"2\"");
    assert_contains(doc, "\"productMassPerDeclaredUnit\": \"1\"");
    pcf_free(doc);
    assert_int_equal(pcf_pact_write(r, fx->opts, 3, &doc, &err), PCF_OK);
    assert_contains(doc, "\"declaredUnitOfMeasurement\": \"piece\"");
    assert_contains(doc, "\"productMassPerDeclaredUnit\": \"0.25\"");
    /* v3.0: the declared unit is declaredUnitAmount (1) × piece: the figure per item, 0.5 */
    assert_contains(doc, "\"pcfExcludingBiogenicUptake\": \"0.5\"");
    pcf_free(doc);
    pcf_result_destroy(r);
    pcf_model_destroy(m);
}

/* A chair whose one component is the bio-based seat shell of supplier PCF s, cradle-to-grave. */
static pcf_model *chair_with_part(const pcf_supplier_pcf *s)
{
    pcf_model *m = NULL;
    size_t prod, a;
    pcf_error err;
    assert_int_equal(pcf_model_create(&m, &err), PCF_OK);
    assert_int_equal(pcf_model_add_product(m, "chair", "Chair", &prod, &err), PCF_OK);
    assert_int_equal(pcf_model_product_set_declared_unit(m, prod, 1, "item", NULL, &err), PCF_OK);
    assert_int_equal(
        pcf_model_add_purchased_part(m, prod, "Bio-based seat shell", 1, "item", s, &a, &err),
        PCF_OK);
    assert_int_equal(pcf_model_set_boundary(m, PCF_BOUNDARY_CRADLE_TO_GRAVE, &err), PCF_OK);
    return m;
}

/* Calculates m and returns how many warnings say a release is counted without its uptake, each
 * checked word for word with `removal` ("is not given" or "is 0"); *total the result's total. */
static size_t uptake_warnings(const pcf_model *m, const char *removal, double *total)
{
    pcf_diag *d = NULL;
    pcf_error err;
    assert_int_equal(pcf_diag_create(&d), PCF_OK);
    pcf_result *r = NULL;
    assert_int_equal(pcf_model_calculate(m, NULL, PCF_GWP_AR6, d, &r, &err), PCF_OK);
    *total = pcf_result_total_kg_co2e(r);
    char want[512];
    snprintf(want, sizeof want,
             "the part's 0.44 kg biogenic carbon per item is released at end of life as "
             "1.6133333333333333 kg CO2, but its supplier PCF gives no uptake (biogenic_removal "
             "%s): the release is counted without the removal it balances; give biogenic_removal "
             "(PACT biogenicCO2Uptake, v2 biogenicCarbonWithdrawal) unless the uptake belongs to "
             "another product's life cycle",
             removal);
    size_t warned = 0;
    for (size_t i = 0; i < pcf_diag_count(d); i++) {
        const pcf_error *e = pcf_diag_at(d, i);
        if (!strstr(e->message, "without the removal it balances"))
            continue;
        warned++;
        assert_int_equal(pcf_diag_severity_at(d, i), PCF_SEVERITY_WARNING);
        assert_string_equal(e->path, "$.products[0].components[0].supplier_pcf.biogenic_carbon");
        assert_string_equal(e->message, want);
    }
    pcf_result_destroy(r);
    pcf_diag_destroy(d);
    return warned;
}

/*
 * A bought-in bio-based part keeps its biogenic carbon to the end of life. The part:
 * 0.44 kg C, so its supplier's uptake is -0.44 × 44/12 = -1.613333… kg CO2, with 0.384 kg CO2e
 * fossil: kg_co2e = 0.384 - 1.613333… = -1.229333…. Cradle-to-grave (incinerated), the carbon
 * goes back to air: +1.613333… kg biogenic CO2 at end of life, so the total is
 * -1.229333… + 1.613333… = 0.384 (it was -1.2293 with the credit kept). Cradle-to-gate keeps
 * -1.229333… and the product's biogenic carbon content is 0.44 kg C either way.
 */
static void test_part_biogenic_carbon(void **state)
{
    (void)state;
    pcf_error err;
    pcf_supplier_pcf s;
    pcf_supplier_pcf_init(&s);
    const double uptake = -0.44 * 44.0 / 12.0;
    s.declared_unit = "item";
    s.fossil = 0.384;
    s.biogenic_removal = uptake;
    s.kg_co2e_per_unit = 0.384 + uptake;
    s.biogenic_carbon = 0.44;
    pcf_model *m = chair_with_part(&s);
    pcf_result *r = NULL;
    assert_int_equal(pcf_model_calculate(m, NULL, PCF_GWP_AR6, NULL, &r, &err), PCF_OK);
    assert_double_close(pcf_result_total_kg_co2e(r), 0.384, 1e-12, 0);
    assert_double_close(pcf_result_stage_kg_co2e(r, PCF_STAGE_END_OF_LIFE), -uptake, 1e-12, 0);
    assert_double_close(pcf_result_biogenic_carbon_kg(r), 0.44, 1e-12, 0);
    pcf_result_destroy(r);
    assert_int_equal(pcf_model_set_boundary(m, PCF_BOUNDARY_CRADLE_TO_GATE, &err), PCF_OK);
    assert_int_equal(pcf_model_calculate(m, NULL, PCF_GWP_AR6, NULL, &r, &err), PCF_OK);
    assert_double_close(pcf_result_total_kg_co2e(r), 0.384 + uptake, 1e-12, 0);
    assert_double_close(pcf_result_biogenic_carbon_kg(r), 0.44, 1e-12, 0);
    pcf_result_destroy(r);
    /* the model file carries it: written and read back, the same figure */
    char *text = NULL;
    assert_int_equal(pcf_model_write_string(m, &text, &err), PCF_OK);
    assert_contains(text, "\"biogenic_carbon\": 0.44");
    pcf_free(text);
    pcf_model_destroy(m);
}

/*
 * The same chair's part with its carbon content (0.44 kg C) but no uptake in the supplier's
 * figure (a PACT v2 footprint without biogenicCarbonWithdrawal): cradle-to-grave still counts the
 * release, 0.44 × 44/12 = 1.613333… kg CO2, so the total is 0.384 + 1.613333… = 1.997333…, and a
 * warning at supplier_pcf.biogenic_carbon says that the removal it balances is missing; the same
 * with an uptake given as 0. Cradle-to-gate counts no release and warns of nothing, and the
 * uptake -1.613333… of test_part_biogenic_carbon silences it (total 0.384).
 */
static void test_part_biogenic_carbon_without_uptake(void **state)
{
    (void)state;
    const double release = 0.44 * 44.0 / 12.0;
    pcf_supplier_pcf s;
    pcf_supplier_pcf_init(&s);
    s.declared_unit = "item";
    s.kg_co2e_per_unit = 0.384;
    s.biogenic_carbon = 0.44;
    double total = 0;
    pcf_error err;
    pcf_model *m = chair_with_part(&s);
    assert_int_equal(uptake_warnings(m, "is not given", &total), 1);
    assert_double_close(total, 0.384 + release, 1e-12, 0);
    assert_int_equal(pcf_model_set_boundary(m, PCF_BOUNDARY_CRADLE_TO_GATE, &err), PCF_OK);
    assert_int_equal(uptake_warnings(m, "is not given", &total), 0);
    assert_double_close(total, 0.384, 1e-12, 0);
    pcf_model_destroy(m);

    s.fossil = 0.384;
    s.biogenic_removal = 0;
    m = chair_with_part(&s);
    assert_int_equal(uptake_warnings(m, "is 0", &total), 1);
    assert_double_close(total, 0.384 + release, 1e-12, 0);
    pcf_model_destroy(m);

    s.biogenic_removal = -release;
    s.kg_co2e_per_unit = 0.384 - release;
    m = chair_with_part(&s);
    assert_int_equal(uptake_warnings(m, "is 0", &total), 0);
    assert_double_close(total, 0.384, 1e-12, 0);
    pcf_model_destroy(m);
}

/* A host with a decimal comma changes nothing, byte for byte. */
static void test_decimal_comma_locale(void **state)
{
    fixture *fx = *state;
    pcf_error err;
    char *c_out[4] = {NULL, NULL, NULL, NULL}, *de_out[4] = {NULL, NULL, NULL, NULL};
    for (int pass = 0; pass < 2; pass++) {
        char **out = pass ? de_out : c_out;
        if (pass && !setlocale(LC_ALL, "de_DE.UTF-8") && !setlocale(LC_ALL, "de_DE.utf8")) {
            for (int i = 0; i < 4; i++)
                pcf_free(c_out[i]);
            skip();
        }
        assert_int_equal(pcf_pact_write(fx->result, fx->opts, 2, &out[0], &err), PCF_OK);
        assert_int_equal(pcf_pact_write(fx->result, fx->opts, 3, &out[1], &err), PCF_OK);
        assert_int_equal(pcf_report_html(fx->result, NULL, "en", &out[2], &err), PCF_OK);
        assert_int_equal(pcf_report_html(fx->result, NULL, "zh", &out[3], &err), PCF_OK);
    }
    setlocale(LC_ALL, "C");
    for (int i = 0; i < 4; i++) {
        assert_string_equal(de_out[i], c_out[i]);
        pcf_free(c_out[i]);
        pcf_free(de_out[i]);
    }
}

/* ---- HTML ---- */

static void test_html(void **state)
{
    fixture *fx = *state;
    char *html = NULL;
    pcf_error err;
    assert_int_equal(pcf_report_html(fx->result, NULL, "en", &html, &err), PCF_OK);
    assert_contains(html, "<!DOCTYPE html>");
    assert_contains(html, "<html lang=\"en\">");
    assert_contains(html, "Footprint by life-cycle stage");
    assert_contains(html, "Largest contributors (Pareto)");
    assert_contains(html, "Audit trail");
    /* the product name "Bio-PE bottle <1 L> & cap" is escaped */
    assert_contains(html, "Bio-PE bottle &lt;1 L&gt; &amp; cap");
    assert_null(strstr(html, "<1 L>"));
    assert_null(strstr(html, "<script"));
    /* total = 3.7 + 0.01 × GWP − 1.8333; shown with 4 significant digits */
    size_t svgs = 0;
    for (const char *p = html; (p = strstr(p, "<svg ")); p++)
        svgs++;
    assert_true(svgs >= 4); /* stages, Pareto, split, primary share */
    pcf_free(html);

    assert_int_equal(pcf_report_html(fx->result, NULL, "zh", &html, &err), PCF_OK);
    assert_contains(html, "<html lang=\"zh\">");
    assert_contains(html, "产品碳足迹报告");
    assert_contains(html, "生物基聚乙烯瓶");
    assert_contains(html, "各生命周期阶段的碳足迹");
    pcf_free(html);

    /* a control character in a name (JSON "\u0001") would make the SVG ill-formed XML */
    pcf_model *m = NULL;
    pcf_result *r = NULL;
    size_t prod, a;
    assert_int_equal(pcf_model_create(&m, &err), PCF_OK);
    assert_int_equal(pcf_model_add_product(m, "p", "Bell\x07 & <whistle>", &prod, &err), PCF_OK);
    assert_int_equal(pcf_model_product_set_declared_unit(m, prod, 1, "kg", NULL, &err), PCF_OK);
    assert_int_equal(
        pcf_model_add_activity(m, prod, PCF_STAGE_PRODUCTION, "Steam\x01\"'", 1, "kWh", &a, &err),
        PCF_OK);
    assert_int_equal(
        pcf_model_activity_set_own_factor(m, a, NULL, 0.5, "kgCO2e/kWh", "test value", &err),
        PCF_OK);
    assert_int_equal(pcf_model_calculate(m, NULL, PCF_GWP_AR6, NULL, &r, &err), PCF_OK);
    assert_int_equal(pcf_report_html(r, NULL, "en", &html, &err), PCF_OK);
    assert_contains(html, "Bell  &amp; &lt;whistle&gt;");
    assert_contains(html, "Steam &quot;&#39;");
    assert_null(strchr(html, '\x01'));
    assert_null(strchr(html, '\x07'));
    pcf_free(html);
    pcf_result_destroy(r);
    pcf_model_destroy(m);

    assert_int_equal(pcf_report_html(fx->result, NULL, "fr", &html, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "fr");
    assert_null(html);
    assert_int_equal(pcf_report_html(NULL, NULL, "en", &html, &err), PCF_ERR_INVALID_ARG);
}

static void test_html_with_mc(void **state)
{
    fixture *fx = *state;
    pcf_error err;
    pcf_system *sys = NULL;
    assert_int_equal(pcf_system_resolve(fx->model, NULL, PCF_GWP_AR6, NULL, &sys, &err), PCF_OK);
    pcf_mc_options *mo = NULL;
    assert_int_equal(pcf_mc_options_create(&mo, &err), PCF_OK);
    assert_int_equal(pcf_mc_options_set_iterations(mo, 2000, &err), PCF_OK);
    assert_int_equal(pcf_mc_options_set_seed(mo, 42, &err), PCF_OK);
    assert_int_equal(pcf_mc_options_set_keep_samples(mo, 1, &err), PCF_OK);
    pcf_mc *mc = NULL;
    assert_int_equal(pcf_mc_run(sys, mo, &mc, &err), PCF_OK);
    char *html = NULL;
    assert_int_equal(pcf_report_html(fx->result, mc, "en", &html, &err), PCF_OK);
    assert_contains(html, "Monte Carlo distribution of the total");
    assert_contains(html, "95% interval");
    assert_contains(html, "2000 iterations, seed 42");
    assert_contains(html, "<th class=\"num\">Deterministic</th>");
    assert_contains(html, "<th class=\"num\">97.5%</th>");
    /* only the electricity amount is uncertain: it drives all of the variance */
    assert_contains(html, "What drives the uncertainty");
    assert_contains(html, "Electricity, blow moulding");
    assert_contains(html, "<td class=\"num\">100.0 %</td><td class=\"num\">1.000</td>");
    pcf_free(html);
    pcf_mc_destroy(mc);
    pcf_mc_options_destroy(mo);
    pcf_system_destroy(sys);
}

/* Options taken from the model in memory equal those taken from its file text: the same v3
 * document, byte for byte, once the id is fixed by the same caller-given bytes. */
static void test_options_from_model(void **state)
{
    fixture *fx = *state;
    pcf_error err;
    uint8_t bytes[16];
    for (int i = 0; i < 16; i++)
        bytes[i] = (uint8_t)(17 * i + 3);
    pcf_pact_options *from_text = NULL, *from_model = NULL;
    assert_int_equal(pcf_pact_options_create(&from_text), PCF_OK);
    assert_int_equal(pcf_pact_options_create(&from_model), PCF_OK);
    assert_int_equal(pcf_pact_options_from_model_json(from_text, fx->model_json, NULL, &err),
                     PCF_OK);
    assert_int_equal(pcf_pact_options_from_model(from_model, fx->model, &err), PCF_OK);
    pcf_pact_options *both[2] = {from_text, from_model};
    char *doc[2] = {NULL, NULL};
    for (int k = 0; k < 2; k++) {
        assert_int_equal(pcf_pact_options_set(both[k], "id", NULL, &err), PCF_OK);
        assert_int_equal(pcf_pact_options_set(both[k], "created", "2026-01-15T08:00:00Z", &err),
                         PCF_OK);
        assert_int_equal(pcf_pact_options_set_random(both[k], bytes, &err), PCF_OK);
        assert_int_equal(pcf_pact_write(fx->result, both[k], 3, &doc[k], &err), PCF_OK);
    }
    assert_string_equal(doc[0], doc[1]);
    assert_contains(doc[1], "\"companyName\"");
    pcf_free(doc[0]);
    pcf_free(doc[1]);
    assert_int_equal(pcf_pact_options_from_model(NULL, fx->model, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "opts is NULL");
    assert_int_equal(pcf_pact_options_from_model(from_model, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "model is NULL");
    pcf_pact_options_destroy(from_text);
    pcf_pact_options_destroy(from_model);
}

/* Calculates a one-activity model declared per `amount unit` (mass 2 kg, or none when mass is
 * NULL) with the recycling method given, and writes it as PACT `version` with the fixture's
 * options; returns the status, the error in *err. */
static pcf_status write_declared(const fixture *fx, const char *unit, const char *mass,
                                 const char *method, int version, pcf_error *err)
{
    char json[1024];
    snprintf(json, sizeof json,
             "{\"pcf_model\": 1, \"recycling_method\": \"%s\", \"products\": [{\"id\": \"p\", "
             "\"name\": \"P\", \"declared_unit\": {\"amount\": 1, \"unit\": \"%s\"}%s%s%s, "
             "\"stages\": {\"materials\": [{\"name\": \"Steel\", \"amount\": 1, \"unit\": \"kg\", "
             "\"factor\": {\"value\": 2, \"unit\": \"kgCO2e/kg\", "
             "\"source\": \"test\"}}], \"end_of_life\": [{\"name\": \"Recycling\", \"route\": "
             "\"recycling\", \"amount\": 1, \"unit\": \"kg\", \"credit_factor\": {\"value\": 10, "
             "\"unit\": "
             "\"kgCO2e/kg\", \"source\": \"test\"}}]}}]}",
             method, unit, mass ? ", \"mass\": " : "", mass ? mass : "",
             mass ? ", \"mass_unit\": \"kg\"" : "");
    pcf_model *m = NULL;
    pcf_result *r = NULL;
    pcf_status st = pcf_model_read_string(json, "d.json", &m, err);
    if (st == PCF_OK)
        st = pcf_model_calculate(m, NULL, PCF_GWP_AR6, NULL, &r, err);
    if (st != PCF_OK)
        print_error("model: %s at %s\n", err->message, err->path);
    assert_int_equal(st, PCF_OK);
    char *doc = NULL;
    st = pcf_pact_write(r, fx->opts, version, &doc, err);
    if (st == PCF_OK)
        assert_non_null(doc);
    else
        assert_null(doc);
    pcf_free(doc);
    pcf_result_destroy(r);
    pcf_model_destroy(m);
    return st;
}

/* Declared units PACT cannot state, a mass v3.0 needs, and negative fossil emissions. */
static void test_declared_unit_refusals(void **state)
{
    fixture *fx = *state;
    pcf_error err;
    /* an hour is a v3.0 unit only */
    assert_int_equal(write_declared(fx, "h", "2", "cut-off", 2, &err), PCF_ERR_UNSUPPORTED);
    assert_string_equal(err.message, "PACT v2.3 has no declared unit \"hour\" (the model declares "
                                     "the product per h); write PACT v3.0 (--pact-version 3.0)");
    assert_int_equal(write_declared(fx, "h", "2", "cut-off", 3, &err), PCF_OK);
    /* a length has no PACT unit at all */
    assert_int_equal(write_declared(fx, "m", "2", "cut-off", 3, &err), PCF_ERR_UNSUPPORTED);
    assert_string_equal(err.message,
                        "PACT has no declared unit for m (products[0].declared_unit); declare the "
                        "product per kilogram, liter, cubic meter, kilowatt hour, megajoule, ton "
                        "kilometer, square meter, piece or hour");
    /* v3.0 states the mass per declared unit */
    assert_int_equal(write_declared(fx, "item", NULL, "cut-off", 3, &err), PCF_ERR_DATA_MISSING);
    assert_string_equal(err.message,
                        "PACT v3.0 needs productMassPerDeclaredUnit, which the model does not "
                        "give: set products[0].mass and mass_unit (0 for energy, transport and "
                        "services) in the model");
    /* avoided burden: the 1 kg product recycled at end of life is credited 1 kg × 10 = 10 kg
     * against the 1 kg × 2 = 2 kg of its steel: fossil 2 − 10 < 0, which PACT cannot state */
    assert_int_equal(write_declared(fx, "kg", "1", "avoided-burden", 3, &err), PCF_ERR_UNSUPPORTED);
    assert_contains(err.message, "fossil emissions are negative (");
    assert_contains(err.message, "kg CO2e) because of recycling credits, but PACT "
                                 "fossilGhgEmissions must be >= 0; calculate with "
                                 "\"recycling_method\": \"cut-off\" for PACT");
}

/* The writer and the supplier import refuse each missing argument by name; without options the
 * writer asks for the company first, as the PACT data model lists it. */
static void test_argument_edges(void **state)
{
    fixture *fx = *state;
    pcf_error err;
    assert_int_equal(pcf_pact_write(fx->result, fx->opts, 3, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message,
                        "pcf_pact_write: needs a result, an output and version 2 or 3");
    char *doc = (char *)1;
    assert_int_equal(pcf_pact_write(fx->result, NULL, 3, &doc, &err), PCF_ERR_DATA_MISSING);
    assert_null(doc);
    assert_contains(err.message, "companyName");
    pcf_supplier_pcf s;
    assert_int_equal(pcf_pact_footprint_supplier_pcf(NULL, &s, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_pact_footprint_supplier_pcf: fp is NULL");
    char *v3 = testutil_slurp(PACT_DATA_DIR, "v3-example-2.json");
    pcf_pact_footprint *fp = NULL;
    assert_int_equal(pcf_pact_read(v3, NULL, &fp, &err), PCF_OK);
    assert_int_equal(pcf_pact_footprint_supplier_pcf(fp, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_pact_footprint_supplier_pcf: out is NULL");
    size_t a = 7;
    assert_int_equal(pcf_pact_add_to_model(fp, fx->model, 0, "part", 1, NULL, &a, &err),
                     PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_pact_add_to_model: an argument is NULL");
    assert_int_equal(a, 0);
    assert_int_equal(pcf_pact_add_to_model(fp, NULL, 0, "part", 1, "L", NULL, &err),
                     PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_pact_add_to_model(NULL, fx->model, 0, "part", 1, "L", NULL, &err),
                     PCF_ERR_INVALID_ARG);
    pcf_pact_footprint_destroy(fp);
    free(v3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_export_v3_numbers),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_import_example2),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_options_from_model),
        cmocka_unit_test(test_part_biogenic_carbon),
        cmocka_unit_test(test_part_biogenic_carbon_without_uptake),
        cmocka_unit_test(test_ar4),
        cmocka_unit_test(test_dqi),
        cmocka_unit_test(test_piece),
        cmocka_unit_test(test_decimal_comma_locale),
        cmocka_unit_test(test_html),
        cmocka_unit_test(test_html_with_mc),
        cmocka_unit_test(test_declared_unit_refusals),
        cmocka_unit_test(test_argument_edges),
    };
    return cmocka_run_group_tests_name("pact_export", tests, setup, teardown);
}
