/*
 * Tests of pcf/site.h: a site's scope 1 and 2 and its products' gate-to-gate shares, on the two
 * worked examples of examples/sme/ (figures worked out by hand below), the production stage they
 * give a model, the disclosure in both languages, and every refusal with its place.
 * Usage: test_site FACTORS_DB
 * GPL-3.0-or-later; see LICENSE.
 */
#include <pcf/pcf.h>

#include "testutil.h"

static const char *g_db;

static pcf_db *open_db(void)
{
    pcf_db *db = NULL;
    pcf_error err;
    assert_int_equal(pcf_db_open(g_db, PCF_DB_READ_ONLY, &db, &err), PCF_OK);
    return db;
}

static pcf_site_result *calc_file(pcf_db *db, const char *example)
{
    char path[512];
    snprintf(path, sizeof path, "%s/examples/sme/%s/site.json", SOURCE_ROOT, example);
    pcf_site *s = NULL;
    pcf_site_result *r = NULL;
    pcf_error err;
    assert_int_equal(pcf_site_read_file(path, &s, NULL, &err), PCF_OK);
    pcf_status st = pcf_site_calculate(s, db, NULL, &r, &err);
    if (st != PCF_OK)
        print_error("%s:%d:%d: %s\n", err.file, err.line, err.column, err.message);
    assert_int_equal(st, PCF_OK);
    pcf_site_destroy(s);
    return r;
}

/*
 * The injection-moulding shop (examples/sme/moulding/site.json), by hand. GWP100 from IPCC AR6
 * (data/gwp.csv): HFC-134a 1530, HFC-32 771, HFC-125 3740.
 *
 * Scope 1:
 *   diesel   1200 L × 2.66155 kg CO2e/L (desnz-2025:1_101_1012_8_1, found by suggestion
 *            for "柴油")                                                  =   3193.86
 *   HFC-134a   12 kg × 1530                                                =  18360
 *   HFC-32    2.5 kg × 771                                                 =   1927.5
 *   HFC-125   2.5 kg × 3740                                                =   9350
 *                                                                   scope 1 =  32831.36
 * Scope 2, location-based: 387000 kWh × 0.4092 kg CO2/kWh
 *   (cn-mee:fujian-provincial-average-electricity-co2-factor-2022, the latest location-based
 *   factor of CN-FJ itself)                                                = 158360.4
 * Scope 2, market-based: 100000 kWh of solar certificates at 0; the other 287000 kWh at the
 *   grid average: 287000 × 0.4092                                          = 117440.4
 * Waste: 18 t × 4.68568 (desnz-2025:20_505_5379_15_1) = 84.34224;
 *        6 t × 520.5327 (desnz-2025:20_507_5313_15_1) = 3123.1962;                 3207.53844
 * Shared: 32831.36 + 158360.4 + 3207.53844                                 = 194399.29844
 * By units: bracket 400000 / (400000 + 500000 + 350000) = 0.32:
 *   0.32 × 194399.29844 = 62207.7755008 kg a year; ÷ 400000 = 0.155519438752 kg per piece.
 */
static void test_moulding(void **state)
{
    (void)state;
    pcf_db *db = open_db();
    pcf_site_result *r = calc_file(db, "moulding");
    assert_double_close(pcf_site_result_total(r, PCF_SITE_SCOPE1), 32831.36, 1e-12, 0);
    assert_double_close(pcf_site_result_total(r, PCF_SITE_SCOPE2_LOCATION), 158360.4, 1e-12, 0);
    assert_double_close(pcf_site_result_total(r, PCF_SITE_SCOPE2_MARKET), 117440.4, 1e-12, 0);
    assert_double_close(pcf_site_result_total(r, PCF_SITE_WASTE), 3207.53844, 1e-12, 0);
    assert_double_close(pcf_site_result_total(r, PCF_SITE_GATE_TO_GATE), 194399.29844, 1e-12, 0);
    assert_double_close(pcf_site_result_total(r, PCF_SITE_OUTSIDE_SCOPES), 0, 0, 0);
    assert_string_equal(pcf_site_result_allocation(r), "units");
    assert_int_equal(pcf_site_result_product_count(r), 3);
    assert_string_equal(pcf_site_result_product_id(r, 0), "bracket");
    assert_string_equal(pcf_site_result_product_unit(r, 0), "item");
    assert_double_close(pcf_site_result_product_share(r, 0), 0.32, 1e-12, 0);
    assert_double_close(pcf_site_result_product_kg_co2e(r, 0), 62207.7755008, 1e-12, 0);
    assert_double_close(pcf_site_result_product_per_unit(r, 0), 0.155519438752, 1e-12, 0);
    /* housing 500000 / 1250000 = 0.4; clip 0.28; the shares add up to the whole */
    assert_double_close(pcf_site_result_product_share(r, 1), 0.4, 1e-12, 0);
    assert_double_close(pcf_site_result_product_share(r, 2), 0.28, 1e-12, 0);
    /* out of range and NULL */
    assert_null(pcf_site_result_product_id(r, 3));
    assert_null(pcf_site_result_product_unit(r, 3));
    assert_true(isnan(pcf_site_result_product_share(r, 3)));
    assert_true(isnan(pcf_site_result_product_kg_co2e(r, 3)));
    assert_true(isnan(pcf_site_result_product_per_unit(r, 3)));
    assert_true(isnan(pcf_site_result_total(NULL, PCF_SITE_SCOPE1)));
    assert_true(isnan(pcf_site_result_total(r, (pcf_site_total)9)));
    assert_null(pcf_site_result_allocation(NULL));
    assert_int_equal(pcf_site_result_product_count(NULL), 0);
    pcf_site_result_destroy(r);
    pcf_db_close(db);
}

/*
 * The tea processor (examples/sme/tea/site.json), by hand, AR6:
 *   LPG 3.2 t × 2939.36095 kg CO2e/t (desnz-2025:1_100_1003_15_1, suggested for "液化石油气")
 *                                                                         =  9405.95504
 *                                                                 scope 1 =  9405.95504
 *   HCFC-22 3 kg × 1960 = 5880, outside the scopes (a Montreal Protocol gas), in the shares
 *   grid 52000 kWh × 0.4092 (the Fujian factor above)           scope 2 = 21278.4
 *   no certificates or PPAs: market-based not reported (NaN)
 *   waste 8 t × 8.98311 (desnz-2025:20_507_5298_15_1) = 71.86488;
 *         2 t × 497.24244 (desnz-2025:20_507_5285_15_1) = 994.48488;   waste = 1066.34976
 *   shared: 9405.95504 + 21278.4 + 1066.34976 + 5880                      = 37630.7048
 * By mass: boxes 120000 × 0.25 kg = 30000 kg, bulk 10000 kg: box share 0.75:
 *   0.75 × 37630.7048 = 28223.0286 kg a year; ÷ 120000 = 0.235191905 kg per box;
 *   bulk 0.25 × 37630.7048 = 9407.6762 kg; ÷ 10000 kg = 0.94076762 kg per kg.
 */
static void test_tea(void **state)
{
    (void)state;
    pcf_db *db = open_db();
    pcf_site_result *r = calc_file(db, "tea");
    assert_double_close(pcf_site_result_total(r, PCF_SITE_SCOPE1), 9405.95504, 1e-12, 0);
    assert_double_close(pcf_site_result_total(r, PCF_SITE_OUTSIDE_SCOPES), 5880, 1e-12, 0);
    assert_double_close(pcf_site_result_total(r, PCF_SITE_SCOPE2_LOCATION), 21278.4, 1e-12, 0);
    assert_true(isnan(pcf_site_result_total(r, PCF_SITE_SCOPE2_MARKET)));
    assert_double_close(pcf_site_result_total(r, PCF_SITE_WASTE), 1066.34976, 1e-12, 0);
    assert_double_close(pcf_site_result_total(r, PCF_SITE_GATE_TO_GATE), 37630.7048, 1e-12, 0);
    assert_string_equal(pcf_site_result_allocation(r), "mass");
    assert_double_close(pcf_site_result_product_share(r, 0), 0.75, 1e-12, 0);
    assert_double_close(pcf_site_result_product_kg_co2e(r, 0), 28223.0286, 1e-12, 0);
    assert_double_close(pcf_site_result_product_per_unit(r, 0), 0.235191905, 1e-12, 0);
    assert_string_equal(pcf_site_result_product_unit(r, 1), "kg");
    assert_double_close(pcf_site_result_product_per_unit(r, 1), 0.94076762, 1e-12, 0);
    pcf_site_result_destroy(r);
    pcf_db_close(db);
}

/* A minimal site, for the checks below: 1000 kWh in Fujian, two products of 300 and 700 pieces
 * with revenues 900 and 100, and masses 2 kg and 1 kg. */
static const char *const base_doc =
    "{\"pcf_site\": 1,\n"
    " \"site\": {\"name\": \"Test\", \"region\": \"CN-FJ\", \"year\": 2025},\n"
    " \"electricity\": [{\"source\": \"grid\", \"amount\": 1000, \"unit\": \"kWh\"}],\n"
    " \"products\": [\n"
    "  {\"id\": \"a\", \"output\": 300, \"unit\": \"item\", \"revenue\": 900, \"mass\": 2},\n"
    "  {\"id\": \"b\", \"output\": 700, \"unit\": \"item\", \"revenue\": 100, \"mass\": 1}]}\n";

static pcf_site_result *calc_text(pcf_db *db, const char *text, const char *basis)
{
    pcf_site *s = NULL;
    pcf_site_result *r = NULL;
    pcf_error err;
    assert_int_equal(pcf_site_read_string(text, "t.json", &s, NULL, &err), PCF_OK);
    if (basis)
        assert_int_equal(pcf_site_set_allocation(s, basis, &err), PCF_OK);
    assert_int_equal(pcf_site_calculate(s, db, NULL, &r, &err), PCF_OK);
    pcf_site_destroy(s);
    return r;
}

/* 1000 kWh × 0.4092 = 409.2 kg; by units a gets 300/1000 = 0.3; by revenue 900/1000 = 0.9; by
 * mass 300 × 2 = 600 of 600 + 700 = 1300 kg, 6/13. */
static void test_allocation_bases(void **state)
{
    (void)state;
    pcf_db *db = open_db();
    pcf_site_result *r = calc_text(db, base_doc, NULL);
    assert_double_close(pcf_site_result_product_kg_co2e(r, 0), 409.2 * 0.3, 1e-12, 0);
    pcf_site_result_destroy(r);
    r = calc_text(db, base_doc, "revenue");
    assert_string_equal(pcf_site_result_allocation(r), "revenue");
    assert_double_close(pcf_site_result_product_share(r, 0), 0.9, 1e-12, 0);
    pcf_site_result_destroy(r);
    r = calc_text(db, base_doc, "mass");
    assert_double_close(pcf_site_result_product_share(r, 0), 6.0 / 13.0, 1e-12, 0);
    assert_double_close(pcf_site_result_product_per_unit(r, 0), 409.2 * 6 / 13 / 300, 1e-12, 0);
    pcf_site_result_destroy(r);
    pcf_site *s = NULL;
    pcf_error err;
    assert_int_equal(pcf_site_read_string(base_doc, NULL, &s, NULL, &err), PCF_OK);
    assert_int_equal(pcf_site_set_allocation(s, "price", &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "\"units\", \"mass\" or \"revenue\"");
    assert_int_equal(pcf_site_set_allocation(NULL, "mass", &err), PCF_ERR_INVALID_ARG);
    pcf_site_destroy(s);
    pcf_db_close(db);
}

/* The production stage of the bracket: 387000 kWh × 0.32 ÷ 400000 = 0.3096 kWh a piece (the
 * figure tests/check-init.py holds for the meter readings), diesel 1200 × 0.32 ÷ 400000 =
 * 0.00096 L; put into a model it computes the per-piece share 0.155519438752 kg. */
static void test_stage_and_model(void **state)
{
    (void)state;
    pcf_db *db = open_db();
    pcf_site_result *r = calc_file(db, "moulding");
    char *text = NULL;
    pcf_error err;
    assert_int_equal(pcf_site_result_stage_json(r, "bracket", &text, &err), PCF_OK);
    assert_contains(text, "\"amount\": 0.3096,");
    assert_contains(text, "\"amount\": 0.00096,");
    assert_contains(text, "\"gas\": \"HFC-134a\"");
    assert_contains(text,
                    "\"factor\": \"cn-mee:fujian-provincial-average-electricity-co2-factor-2022\"");
    pcf_free(text);
    assert_int_equal(pcf_site_result_stage_json(r, "nothing", &text, &err), PCF_ERR_NOT_FOUND);
    assert_null(text);
    assert_int_equal(pcf_site_result_stage_json(NULL, "bracket", &text, &err), PCF_ERR_INVALID_ARG);

    pcf_model *m = NULL;
    size_t p;
    assert_int_equal(pcf_model_create(&m, &err), PCF_OK);
    assert_int_equal(pcf_model_add_product(m, "bracket", "Bracket", &p, &err), PCF_OK);
    assert_int_equal(pcf_model_product_set_declared_unit(m, p, 1, "item", NULL, &err), PCF_OK);
    assert_int_equal(pcf_model_set_boundary(m, PCF_BOUNDARY_CRADLE_TO_GATE, &err), PCF_OK);
    size_t a;
    assert_int_equal(
        pcf_model_add_activity(m, p, PCF_STAGE_PRODUCTION, "old meter", 5, "kWh", &a, &err),
        PCF_OK);
    assert_int_equal(
        pcf_model_activity_set_factor_code(
            m, a, NULL, "cn-mee:fujian-provincial-average-electricity-co2-factor-2022", &err),
        PCF_OK);
    assert_int_equal(pcf_site_result_apply(r, "bracket", m, 0, &err), PCF_OK);
    pcf_result *res = NULL;
    assert_int_equal(pcf_model_calculate(m, db, 0, NULL, &res, &err), PCF_OK);
    /* the old 5 kWh are replaced, not added to */
    assert_double_close(pcf_result_stage_kg_co2e(res, PCF_STAGE_PRODUCTION), 0.155519438752, 1e-12,
                        0);
    pcf_result_destroy(res);
    assert_int_equal(pcf_site_result_apply(r, "nothing", m, 0, &err), PCF_ERR_NOT_FOUND);
    assert_int_equal(pcf_site_result_apply(r, "bracket", m, 7, &err), PCF_ERR_NOT_FOUND);
    assert_int_equal(pcf_site_result_apply(NULL, "bracket", m, 0, &err), PCF_ERR_INVALID_ARG);
    pcf_model_destroy(m);

    /* a model declared per kg cannot take a share counted in pieces */
    assert_int_equal(pcf_model_create(&m, &err), PCF_OK);
    assert_int_equal(pcf_model_add_product(m, "bracket", NULL, &p, &err), PCF_OK);
    assert_int_equal(pcf_model_product_set_declared_unit(m, p, 1, "kg", NULL, &err), PCF_OK);
    assert_int_equal(pcf_site_result_apply(r, "bracket", m, 0, &err), PCF_ERR_UNIT);
    assert_contains(err.message, "reference flow is in kg");
    pcf_model_destroy(m);
    pcf_site_result_destroy(r);
    pcf_db_close(db);
}

/* The disclosure: JSON with every figure, text and HTML in both languages; the Chinese page
 * carries none of the English labels. */
static void test_disclosure(void **state)
{
    (void)state;
    pcf_db *db = open_db();
    pcf_site_result *r = calc_file(db, "moulding");
    char *text = NULL;
    pcf_error err;
    assert_int_equal(pcf_site_result_json(r, &text, &err), PCF_OK);
    assert_contains(text, "\"scope2_location\": 158360.4");
    assert_contains(text, "\"scope2_market\": 117440.4");
    assert_contains(text, "\"factor\": \"desnz-2025:1_101_1012_8_1\"");
    pcf_free(text);
    assert_int_equal(pcf_site_result_text(r, "en", &text, &err), PCF_OK);
    assert_contains(text, "Scope 2, location-based: 158360.4 kg CO2e");
    assert_contains(text, "1200 L × 2.66155 kg CO2e/L (desnz-2025:1_101_1012_8_1) = 3193.86");
    pcf_free(text);
    assert_int_equal(pcf_site_result_text(r, "zh", &text, &err), PCF_OK);
    assert_contains(text, "范围二(基于市场): 117440.4 千克二氧化碳当量");
    pcf_free(text);
    assert_int_equal(pcf_site_result_text(r, "fr", &text, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_site_result_html(r, db, "zh", &text, &err), PCF_OK);
    assert_contains(text, "<html lang=\"zh\">");
    assert_contains(text, "厂区温室气体排放披露");
    assert_contains(text, "许可");
    assert_contains(text, "Open Government Licence");
    static const char *const english[] = {"Scope",    "Lines",   "Products",
                                          "Method",   "kg CO2e", "grid electricity",
                                          "per year", "Datasets"};
    for (size_t i = 0; i < sizeof english / sizeof english[0]; i++)
        if (strstr(text, english[i]))
            fail_msg("the Chinese page has \"%s\"", english[i]);
    pcf_free(text);
    assert_int_equal(pcf_site_result_html(r, NULL, "en", &text, &err), PCF_OK);
    assert_contains(text, "Scope 2, market-based");
    pcf_free(text);
    assert_int_equal(pcf_site_result_html(r, db, "de", &text, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_site_result_json(NULL, &text, &err), PCF_ERR_INVALID_ARG);
    pcf_site_result_destroy(r);
    pcf_db_close(db);
}

/* Reading and calculating text that must fail: the status, the line and column, and words of
 * the message (the fix). */
static void refused(pcf_db *db, const char *text, pcf_status want, int line, int col,
                    const char *words)
{
    pcf_site *s = NULL;
    pcf_site_result *r = NULL;
    pcf_error err;
    pcf_diag *diag = NULL;
    assert_int_equal(pcf_diag_create(&diag), PCF_OK);
    pcf_status st = pcf_site_read_string(text, "bad.json", &s, diag, &err);
    if (st == PCF_OK) {
        st = pcf_site_calculate(s, db, diag, &r, &err);
        assert_null(r);
    } else {
        assert_null(s);
    }
    if (st != want)
        print_error("%s\n", err.message);
    assert_int_equal(st, want);
    assert_string_equal(err.file, "bad.json");
    if (line) {
        if (err.line != line || err.column != col)
            print_error("at %d:%d, expected %d:%d: %s\n", (int)err.line, (int)err.column, line, col,
                        err.message);
        assert_int_equal(err.line, line);
        assert_int_equal(err.column, col);
    }
    assert_contains(err.message, words);
    assert_true(pcf_diag_error_count(diag) >= 1);
    pcf_diag_destroy(diag);
    pcf_site_destroy(s);
}

static void test_refusals(void **state)
{
    (void)state;
    pcf_db *db = open_db();
    refused(db, "{\"pcf_site\": 1,\n  \"site\": }", PCF_ERR_PARSE, 2, 11, "malformed JSON");
    refused(db, "{\"site\": {}}", PCF_ERR_INVALID_MODEL, 1, 1, "\"pcf_site\": 1");
    /* an unknown key, with its line and column */
    refused(
        db,
        "{\"pcf_site\": 1, \"site\": {\"name\": \"T\", \"region\": \"CN-FJ\", \"year\": 2025},\n"
        " \"fuel\": [],\n"
        " \"products\": [{\"id\": \"a\", \"output\": 1, \"unit\": \"item\"}]}",
        PCF_ERR_INVALID_MODEL, 2, 10, "unknown key \"fuel\"");
    /* a blend named as one gas */
    refused(
        db,
        "{\"pcf_site\": 1, \"site\": {\"name\": \"T\", \"region\": \"CN-FJ\", \"year\": 2025},\n"
        " \"refrigerants\": [{\"gas\": \"R-410A\", \"amount\": 5, \"unit\": \"kg\"}],\n"
        " \"products\": [{\"id\": \"a\", \"output\": 1, \"unit\": \"item\"}]}",
        PCF_ERR_INVALID_MODEL, 2, 27, "one entry per component gas");
    /* a negative amount, and a fuel in a unit of the wrong kind */
    refused(
        db,
        "{\"pcf_site\": 1, \"site\": {\"name\": \"T\", \"region\": \"CN-FJ\", \"year\": 2025},\n"
        " \"fuels\": [{\"name\": \"柴油\", \"amount\": -1, \"unit\": \"L\"}],\n"
        " \"products\": [{\"id\": \"a\", \"output\": 1, \"unit\": \"item\"}]}",
        PCF_ERR_INVALID_MODEL, 2, 41, "of 0 or more");
    refused(
        db,
        "{\"pcf_site\": 1, \"site\": {\"name\": \"T\", \"region\": \"CN-FJ\", \"year\": 2025},\n"
        " \"fuels\": [{\"name\": \"柴油\", \"amount\": 1, \"unit\": \"km\"}],\n"
        " \"products\": [{\"id\": \"a\", \"output\": 1, \"unit\": \"item\"}]}",
        PCF_ERR_INVALID_MODEL, 2, 52, "mass, volume or energy");
    /* diesel in kWh against a factor per litre: the fix names both units */
    refused(
        db,
        "{\"pcf_site\": 1, \"site\": {\"name\": \"T\", \"region\": \"CN-FJ\", \"year\": 2025},\n"
        " \"fuels\": [{\"name\": \"柴油\", \"amount\": 1, \"unit\": \"kWh\",\n"
        "            \"factor\": \"desnz-2025:1_101_1012_8_1\"}],\n"
        " \"products\": [{\"id\": \"a\", \"output\": 1, \"unit\": \"item\"}]}",
        PCF_ERR_UNIT, 2, 52, "give the amount in L");
    /* a factor code that does not exist, and one of the wrong category */
    refused(
        db,
        "{\"pcf_site\": 1, \"site\": {\"name\": \"T\", \"region\": \"CN-FJ\", \"year\": 2025},\n"
        " \"waste\": [{\"name\": \"x\", \"amount\": 1, \"unit\": \"t\", \"factor\": "
        "\"no:such\"}],\n"
        " \"products\": [{\"id\": \"a\", \"output\": 1, \"unit\": \"item\"}]}",
        PCF_ERR_NOT_FOUND, 2, 62, "no:such");
    refused(
        db,
        "{\"pcf_site\": 1, \"site\": {\"name\": \"T\", \"region\": \"CN-FJ\", \"year\": 2025},\n"
        " \"waste\": [{\"name\": \"x\", \"amount\": 1, \"unit\": \"t\",\n"
        "   \"factor\": \"desnz-2025:1_101_1012_8_1\"}],\n"
        " \"products\": [{\"id\": \"a\", \"output\": 1, \"unit\": \"item\"}]}",
        PCF_ERR_INVALID_MODEL, 3, 14, "needs a \"waste\" factor");
    /* a fuel no factor clearly matches */
    refused(
        db,
        "{\"pcf_site\": 1, \"site\": {\"name\": \"T\", \"region\": \"CN-FJ\", \"year\": 2025},\n"
        " \"fuels\": [{\"name\": \"xyzzy\", \"amount\": 1, \"unit\": \"t\"}],\n"
        " \"products\": [{\"id\": \"a\", \"output\": 1, \"unit\": \"item\"}]}",
        PCF_ERR_NOT_FOUND, 2, 12, "give \"factor\": a code");
    /* no location-based grid factor for the US in the shipped data */
    refused(db,
            "{\"pcf_site\": 1, \"site\": {\"name\": \"T\", \"region\": \"US\", \"year\": 2025},\n"
            " \"electricity\": [{\"source\": \"grid\", \"amount\": 1, \"unit\": \"kWh\"}],\n"
            " \"products\": [{\"id\": \"a\", \"output\": 1, \"unit\": \"item\"}]}",
            PCF_ERR_NOT_FOUND, 2, 18, "location-based grid factor for region US");
    /* certificates beyond the grid purchases */
    refused(
        db,
        "{\"pcf_site\": 1, \"site\": {\"name\": \"T\", \"region\": \"CN-FJ\", \"year\": 2025},\n"
        " \"electricity\": [{\"source\": \"grid\", \"amount\": 10, \"unit\": \"kWh\"},\n"
        "   {\"source\": \"ppa\", \"amount\": 11, \"unit\": \"kWh\", \"technology\": \"wind\",\n"
        "    \"instrument\": \"PPA 1\"}],\n"
        " \"products\": [{\"id\": \"a\", \"output\": 1, \"unit\": \"item\"}]}",
        PCF_ERR_INVALID_MODEL, 2, 17, "only cover electricity consumed");
    /* allocation by mass without masses */
    refused(
        db,
        "{\"pcf_site\": 1, \"site\": {\"name\": \"T\", \"region\": \"CN-FJ\", \"year\": 2025},\n"
        " \"allocation\": \"mass\",\n"
        " \"products\": [{\"id\": \"a\", \"output\": 1, \"unit\": \"item\"}]}",
        PCF_ERR_INVALID_MODEL, 3, 15, "\"mass\" per item");
    /* products missing */
    refused(db,
            "{\"pcf_site\": 1, \"site\": {\"name\": \"T\", \"region\": \"CN-FJ\", \"year\": 2025}}",
            PCF_ERR_INVALID_MODEL, 0, 0, "\"products\" is missing");
    /* NULL arguments */
    pcf_site *s = (pcf_site *)1;
    pcf_site_result *r = NULL;
    pcf_error err;
    assert_int_equal(pcf_site_read_string(NULL, NULL, &s, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_null(s);
    assert_int_equal(pcf_site_read_file(NULL, &s, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_site_read_file("/nonexistent/site.json", &s, NULL, &err), PCF_ERR_IO);
    assert_int_equal(pcf_site_calculate(NULL, db, NULL, &r, &err), PCF_ERR_INVALID_ARG);
    pcf_site_destroy(NULL);
    pcf_site_result_destroy(NULL);
    pcf_db_close(db);
}

/* ---- every reading and calculating refusal, with its JSON path and its whole message ------ */

#define SITE_HEAD                                                                                  \
    "{\"pcf_site\": 1, \"site\": {\"name\": \"T\", \"region\": \"CN-FJ\", \"year\": 2025}, "
#define ONE_PRODUCT "\"products\": [{\"id\": \"a\", \"output\": 1, \"unit\": \"item\"}]}"

/* Reads and (when read) calculates text without a diagnostic list; the first error's status,
 * JSON path and message must be exactly these. */
static void refused_path(pcf_db *db, const char *text, pcf_status want, const char *path,
                         const char *message)
{
    pcf_site *s = NULL;
    pcf_site_result *r = NULL;
    pcf_error err;
    pcf_status st = pcf_site_read_string(text, "bad.json", &s, NULL, &err);
    if (st == PCF_OK) {
        st = pcf_site_calculate(s, db, NULL, &r, &err);
        assert_null(r);
    }
    if (st != want || strcmp(err.path, path) != 0 || strcmp(err.message, message) != 0)
        print_error("got %s at %s: %s\n", pcf_status_name(st), err.path, err.message);
    assert_int_equal(st, want);
    assert_string_equal(err.path, path);
    assert_string_equal(err.message, message);
    pcf_site_destroy(s);
}

static void test_read_refusals_exact(void **state)
{
    (void)state;
    pcf_db *db = open_db();
    /* the document itself */
    refused_path(db, "[1]", PCF_ERR_INVALID_MODEL, "$",
                 "not a site document: the top level must be an object with \"pcf_site\": 1 "
                 "(docs/site-format.md)");
    refused_path(db, "{\"pcf_site\": 2}", PCF_ERR_INVALID_MODEL, "$",
                 "not a site document: the top level must be an object with \"pcf_site\": 1 "
                 "(docs/site-format.md)");
    /* the site */
    refused_path(
        db, "{\"pcf_site\": 1, " ONE_PRODUCT, PCF_ERR_INVALID_MODEL, "$",
        "\"site\" is missing; give {\"name\": ..., \"region\": \"CN-FJ\", \"year\": 2025}");
    refused_path(
        db, "{\"pcf_site\": 1, \"site\": {\"region\": \"CN-FJ\", \"year\": 2025}, " ONE_PRODUCT,
        PCF_ERR_INVALID_MODEL, "$.site",
        "\"name\" is missing; give it as text or as {\"zh\": ..., \"en\": ...}");
    refused_path(db,
                 "{\"pcf_site\": 1, \"site\": {\"name\": {\"fr\": \"T\"}, \"region\": \"CN-FJ\", "
                 "\"year\": 2025}, " ONE_PRODUCT,
                 PCF_ERR_INVALID_MODEL, "$.site.name",
                 "\"name\" must be non-empty text or {\"zh\": \"...\", \"en\": \"...\"}");
    refused_path(db, "{\"pcf_site\": 1, \"site\": {\"name\": \"T\", \"year\": 2025}, " ONE_PRODUCT,
                 PCF_ERR_INVALID_MODEL, "$.site",
                 "\"region\" is missing; give the site's region code, such as \"CN-FJ\" "
                 "(regions.csv)");
    refused_path(db,
                 "{\"pcf_site\": 1, \"site\": {\"name\": \"T\", \"region\": \"CN-FJ\", \"year\": "
                 "2025.5}, " ONE_PRODUCT,
                 PCF_ERR_INVALID_MODEL, "$.site.year",
                 "\"year\" must be the reporting year, such as 2025");
    refused_path(db,
                 "{\"pcf_site\": 1, \"site\": {\"name\": \"T\", \"region\": \"CN-FJ\", \"year\": "
                 "1989}, " ONE_PRODUCT,
                 PCF_ERR_INVALID_MODEL, "$.site.year",
                 "\"year\" must be the reporting year, such as 2025");
    refused_path(db,
                 "{\"pcf_site\": 1, \"site\": {\"name\": \"T\", \"region\": \"CN-FJ\", \"year\": "
                 "\"2025\"}, " ONE_PRODUCT,
                 PCF_ERR_INVALID_MODEL, "$.site.year", "\"year\" must be a number above 0");
    refused_path(db,
                 "{\"pcf_site\": 1, \"site\": {\"name\": \"T\", \"region\": \"CN-FJ\", \"year\": "
                 "2025, \"city\": \"X\"}, " ONE_PRODUCT,
                 PCF_ERR_INVALID_MODEL, "$.site.city",
                 "unknown key \"city\"; the keys here are \"name\", \"region\", \"year\", "
                 "\"address\", \"comment\" (or an \"x-\" key of your own)");
    refused_path(db, SITE_HEAD "\"gwp\": \"AR3\", " ONE_PRODUCT, PCF_ERR_INVALID_MODEL, "$.gwp",
                 "unknown GWP set \"AR3\"; say \"AR4\", \"AR5\" or \"AR6\"");
    refused_path(db, SITE_HEAD "\"gwp\": 6, " ONE_PRODUCT, PCF_ERR_INVALID_MODEL, "$.gwp",
                 "\"gwp\" must be non-empty text; say \"AR4\", \"AR5\" or \"AR6\"");
    refused_path(db, SITE_HEAD "\"allocation\": \"price\", " ONE_PRODUCT, PCF_ERR_INVALID_MODEL,
                 "$.allocation",
                 "unknown allocation basis \"price\"; say \"units\", \"mass\" or \"revenue\"");
    /* electricity */
    refused_path(db, SITE_HEAD "\"electricity\": {}, " ONE_PRODUCT, PCF_ERR_INVALID_MODEL,
                 "$.electricity", "\"electricity\" must be an array of objects");
    refused_path(db, SITE_HEAD "\"electricity\": [5], " ONE_PRODUCT, PCF_ERR_INVALID_MODEL,
                 "$.electricity[0]", "each entry of \"electricity\" must be an object");
    refused_path(db,
                 SITE_HEAD "\"electricity\": [{\"amount\": 1, \"unit\": \"kWh\"}], " ONE_PRODUCT,
                 PCF_ERR_INVALID_MODEL, "$.electricity[0]",
                 "\"source\" is missing; say \"grid\", \"pv\" (on-site solar used on site), "
                 "\"certificate\" or \"ppa\"");
    refused_path(db,
                 SITE_HEAD "\"electricity\": [{\"source\": \"wind\", \"amount\": 1, \"unit\": "
                           "\"kWh\"}], " ONE_PRODUCT,
                 PCF_ERR_INVALID_MODEL, "$.electricity[0].source",
                 "unknown electricity source \"wind\"; use \"grid\", \"pv\", \"certificate\" or "
                 "\"ppa\"");
    refused_path(
        db, SITE_HEAD "\"electricity\": [{\"source\": \"grid\", \"unit\": \"kWh\"}], " ONE_PRODUCT,
        PCF_ERR_INVALID_MODEL, "$.electricity[0]", "\"amount\" is missing; give a number");
    refused_path(db,
                 SITE_HEAD "\"electricity\": [{\"source\": \"grid\", \"amount\": \"1\", \"unit\": "
                           "\"kWh\"}], " ONE_PRODUCT,
                 PCF_ERR_INVALID_MODEL, "$.electricity[0].amount",
                 "\"amount\" must be a number of 0 or more");
    refused_path(db,
                 SITE_HEAD "\"electricity\": [{\"source\": \"grid\", \"amount\": 1, \"unit\": "
                           "\"furlong\"}], " ONE_PRODUCT,
                 PCF_ERR_INVALID_MODEL, "$.electricity[0].unit",
                 "unknown unit \"furlong\"; give electricity in kWh or MWh (pcf units lists them)");
    refused_path(db,
                 SITE_HEAD "\"electricity\": [{\"source\": \"certificate\", \"amount\": 1, "
                           "\"unit\": \"kWh\", \"technology\": \"solar\"}], " ONE_PRODUCT,
                 PCF_ERR_INVALID_MODEL, "$.electricity[0]",
                 "\"instrument\" is missing; name the certificates or the contract (registry, id, "
                 "vintage) so a reader can check them");
    refused_path(db,
                 SITE_HEAD "\"electricity\": [{\"source\": \"certificate\", \"amount\": 1, "
                           "\"unit\": \"kWh\", \"technology\": \"coal\", \"instrument\": "
                           "\"I-REC 1\"}], " ONE_PRODUCT,
                 PCF_ERR_INVALID_MODEL, "$.electricity[0].technology",
                 "technology \"coal\" is not one pcf gives a zero emission rate; use \"solar\", "
                 "\"wind\" or \"hydro\", or leave the instrument out");
    refused_path(db,
                 SITE_HEAD "\"electricity\": [{\"source\": \"pv\", \"amount\": 1, \"unit\": "
                           "\"kWh\", \"region\": \"CN-FJ\"}], " ONE_PRODUCT,
                 PCF_ERR_INVALID_MODEL, "$.electricity[0].region",
                 "\"region\" applies to grid electricity only; remove it here");
    refused_path(db,
                 SITE_HEAD "\"electricity\": [{\"source\": \"ppa\", \"amount\": 1, \"unit\": "
                           "\"kWh\", \"technology\": \"hydro\", \"instrument\": \"PPA 7\", "
                           "\"factor\": \"x:y\"}], " ONE_PRODUCT,
                 PCF_ERR_INVALID_MODEL, "$.electricity[0].factor",
                 "\"factor\" applies to grid electricity only; remove it here");
    /* fuels, refrigerants, products */
    refused_path(db, SITE_HEAD "\"fuels\": [{\"amount\": 1, \"unit\": \"t\"}], " ONE_PRODUCT,
                 PCF_ERR_INVALID_MODEL, "$.fuels[0]",
                 "\"name\" is missing; give it as text or as {\"zh\": ..., \"en\": ...}");
    refused_path(db,
                 SITE_HEAD "\"refrigerants\": [{\"amount\": 1, \"unit\": \"kg\"}], " ONE_PRODUCT,
                 PCF_ERR_INVALID_MODEL, "$.refrigerants[0]",
                 "\"gas\" is missing; name the gas, such as \"HFC-32\"");
    refused_path(db, SITE_HEAD "\"products\": [{\"output\": 1, \"unit\": \"item\"}]}",
                 PCF_ERR_INVALID_MODEL, "$.products[0]",
                 "\"id\" is missing; give the product's id (as in its model)");
    refused_path(
        db, SITE_HEAD "\"products\": [{\"id\": \"a\", \"output\": 0, \"unit\": \"item\"}]}",
        PCF_ERR_INVALID_MODEL, "$.products[0].output", "\"output\" must be a number above 0");
    refused_path(db,
                 SITE_HEAD "\"products\": [{\"id\": \"a\", \"output\": 1, \"unit\": \"item\"}, "
                           "{\"id\": \"a\", \"output\": 2, \"unit\": \"item\"}]}",
                 PCF_ERR_INVALID_MODEL, "$.products[1].id",
                 "product id \"a\" is used twice; ids must be unique");
    refused_path(db,
                 SITE_HEAD "\"products\": [{\"id\": \"a\", \"output\": 1, \"unit\": \"item\", "
                           "\"mass\": 2, \"mass_unit\": \"m\"}]}",
                 PCF_ERR_INVALID_MODEL, "$.products[0].mass_unit",
                 "\"mass_unit\" must be a mass unit such as \"kg\" or \"g\"");
    refused_path(db,
                 SITE_HEAD "\"products\": [{\"id\": \"a\", \"output\": 1, \"unit\": \"item\", "
                           "\"mass\": 2, \"mass_unit\": \"furlong\"}]}",
                 PCF_ERR_INVALID_MODEL, "$.products[0].mass_unit",
                 "\"mass_unit\" must be a mass unit such as \"kg\" or \"g\"");
    /* calculating: a grid factor of another category; a region code too long to look up */
    refused_path(db,
                 SITE_HEAD "\"electricity\": [{\"source\": \"grid\", \"amount\": 1, \"unit\": "
                           "\"kWh\", \"factor\": \"desnz-2025:1_101_1012_8_1\"}], " ONE_PRODUCT,
                 PCF_ERR_INVALID_MODEL, "$.electricity[0].factor",
                 "factor desnz-2025:1_101_1012_8_1 is a \"fuel\" factor; this line needs a "
                 "\"electricity\" factor (pcf factors search --category electricity)");
    refused_path(
        db,
        "{\"pcf_site\": 1, \"site\": {\"name\": \"T\", \"region\": "
        "\"ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMN\", \"year\": "
        "2025}, \"electricity\": [{\"source\": \"grid\", \"amount\": 1, \"unit\": "
        "\"kWh\"}], " ONE_PRODUCT,
        PCF_ERR_INVALID_ARG, "$.electricity[0]",
        "region code \"ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMN"
        "...\" is too long");
    /* allocation bases a product cannot meet */
    refused_path(db, SITE_HEAD "\"products\": [{\"id\": \"a\", \"output\": 1, \"unit\": \"kg\"}]}",
                 PCF_ERR_INVALID_MODEL, "$.products[0]",
                 "product \"a\": allocation by units needs every output counted in items: give "
                 "\"unit\": \"item\", or allocate by mass or revenue");
    refused_path(db,
                 SITE_HEAD "\"allocation\": \"revenue\", \"products\": [{\"id\": \"a\", "
                           "\"output\": 1, \"unit\": \"item\"}]}",
                 PCF_ERR_INVALID_MODEL, "$.products[0]",
                 "product \"a\": allocation by revenue needs \"revenue\" (the product's sales of "
                 "the year, one currency for all products)");
    /* no error structure: the status alone */
    pcf_site *s = NULL;
    assert_int_equal(pcf_site_read_string("{\"pcf_site\": 1}", NULL, &s, NULL, NULL),
                     PCF_ERR_INVALID_MODEL);
    assert_null(s);
    pcf_db_close(db);
}

/* Lines and names the examples do not use, by hand:
 *   grid 1000 kWh in CN-FJ (the line's own region; the site is in the US, which has no
 *   location-based factor): × 0.4092 = 409.2 kg, scope 2
 *   solar PV 200 kWh and hydro certificates 300 kWh: no emissions; market-based scope 2 =
 *   409.2 × (1 − 300/1000) = 286.44 kg
 *   CFC-12 0.5 kg × 12500 (AR6) = 6250 kg, outside the scopes (a Montreal Protocol gas)
 *   gate to gate 409.2 + 6250 = 6659.2 kg; one product, 500 g a piece as mass_unit "g":
 *   by mass 100 items × 0.5 kg, share 1, 6659.2 ÷ 100 = 66.592 kg a piece */
static void test_site_variants(void **state)
{
    (void)state;
    pcf_db *db = open_db();
    const char *doc =
        "{\"pcf_site\": 1, \"x-note\": \"own key\",\n"
        " \"site\": {\"name\": {\"zh\": \"测试厂\"}, \"region\": \"US\", \"year\": 2025},\n"
        " \"allocation\": \"mass\",\n"
        " \"electricity\": [{\"source\": \"grid\", \"amount\": 1000, \"unit\": \"kWh\", "
        "\"region\": \"CN-FJ\"},\n"
        "  {\"source\": \"pv\", \"amount\": 200, \"unit\": \"kWh\"},\n"
        "  {\"source\": \"certificate\", \"amount\": 300, \"unit\": \"kWh\", \"technology\": "
        "\"hydro\", \"instrument\": \"GEC 2025-001\"}],\n"
        " \"refrigerants\": [{\"gas\": \"CFC-12\", \"amount\": 0.5, \"unit\": \"kg\"}],\n"
        " \"products\": [{\"id\": \"p\", \"name\": {\"en\": \"Part\"}, \"output\": 100, "
        "\"unit\": \"item\", \"mass\": 500, \"mass_unit\": \"g\"}]}\n";
    pcf_site_result *r = calc_text(db, doc, NULL);
    assert_double_close(pcf_site_result_total(r, PCF_SITE_SCOPE2_LOCATION), 409.2, 1e-12, 0);
    assert_double_close(pcf_site_result_total(r, PCF_SITE_SCOPE2_MARKET), 286.44, 1e-12, 0);
    assert_double_close(pcf_site_result_total(r, PCF_SITE_SCOPE1), 0, 0, 0);
    assert_double_close(pcf_site_result_total(r, PCF_SITE_OUTSIDE_SCOPES), 6250, 1e-12, 0);
    assert_double_close(pcf_site_result_total(r, PCF_SITE_GATE_TO_GATE), 6659.2, 1e-12, 0);
    assert_double_close(pcf_site_result_product_share(r, 0), 1, 1e-12, 0);
    assert_double_close(pcf_site_result_product_per_unit(r, 0), 66.592, 1e-12, 0);

    /* the stage of one piece, in Chinese (the site's Chinese name is Chinese): grid 1000 ÷ 100 =
     * 10 kWh, CFC-12 0.5 ÷ 100 = 0.005 kg; PV and certificates carry no line */
    char *text = NULL;
    pcf_error err;
    assert_int_equal(pcf_site_result_stage_json(r, "p", &text, &err), PCF_OK);
    assert_contains(text, "\"name\": \"电网电力(厂区分摊)\"");
    assert_contains(text, "\"amount\": 10.0,");
    assert_contains(text, "\"name\": \"CFC-12(厂区分摊)\"");
    assert_contains(text, "\"amount\": 0.005,");
    assert_contains(text, "\"gas\": \"CFC-12\"");
    assert_null(strstr(text, "hydro"));
    pcf_free(text);
    assert_int_equal(pcf_site_result_stage_json(r, NULL, &text, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_site_result_stage_json(r, "p", NULL, &err), PCF_ERR_INVALID_ARG);

    /* into a model whose activities describe a reference flow of 2 items, without stages: the
     * production stage is created for 2 pieces (2 × 66.592 = 133.184 kg) and the result, per
     * declared item, is 133.184 ÷ 2 = 66.592 kg */
    pcf_model *m = NULL;
    assert_int_equal(pcf_model_read_string("{\"pcf_model\": 1, \"boundary\": \"cradle-to-gate\", "
                                           "\"products\": [{\"id\": \"p\", \"declared_unit\": "
                                           "{\"amount\": 1, \"unit\": \"item\"}, "
                                           "\"reference_flow\": "
                                           "{\"amount\": 2, \"unit\": \"item\"}}]}",
                                           "m.json", &m, &err),
                     PCF_OK);
    assert_int_equal(pcf_site_result_apply(r, "p", m, 0, &err), PCF_OK);
    pcf_result *res = NULL;
    pcf_status st = pcf_model_calculate(m, db, 0, NULL, &res, &err);
    if (st != PCF_OK)
        print_error("%s: %s\n", err.path, err.message);
    assert_int_equal(st, PCF_OK);
    assert_double_close(pcf_result_total_kg_co2e(res), 66.592, 1e-12, 0);
    pcf_result_destroy(res);
    pcf_model_destroy(m);
    /* a model product with neither a declared unit nor a reference flow */
    assert_int_equal(pcf_model_read_string("{\"pcf_model\": 1, \"products\": [{\"id\": \"p\", "
                                           "\"reference_flow\": 3}]}",
                                           "m.json", &m, &err),
                     PCF_OK);
    assert_int_equal(pcf_site_result_apply(r, "p", m, 0, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "model product 0 has no declared unit or reference flow; give "
                                     "\"declared_unit\": {\"amount\": 1, \"unit\": \"item\"}");
    pcf_model_destroy(m);
    assert_int_equal(pcf_site_result_apply(r, NULL, NULL, 0, &err), PCF_ERR_INVALID_ARG);

    /* the disclosure of these lines: the hydro certificate named in each language, the CFC
     * outside the scopes, the market-based note with the 300 kWh, the CO2-only note of the
     * Fujian factor; no language (NULL or "") is English */
    assert_int_equal(pcf_site_result_text(r, "zh", &text, &err), PCF_OK);
    assert_contains(text, "[绿证/绿电协议] 水电: 300 千瓦时 (GEC 2025-001)");
    assert_contains(text, "范围外制冷剂(《蒙特利尔议定书》受控物质): 6250 千克二氧化碳当量");
    assert_contains(text, "[厂内光伏自用] 厂内光伏自用: 200 千瓦时");
    pcf_free(text);
    assert_int_equal(pcf_site_result_text(r, NULL, &text, &err), PCF_OK);
    assert_contains(text, "[renewable certificate / PPA] hydro: 300 kWh (GEC 2025-001)");
    assert_contains(text, "Products: gate-to-gate share (by mass):");
    assert_contains(text, "p (Part): output 100 item, share 1, 6659.2 kg CO2e per year, 66.592 kg "
                          "CO2e per unit (item)");
    pcf_free(text);
    assert_int_equal(pcf_site_result_html(r, db, "", &text, &err), PCF_OK);
    assert_contains(text, "<html lang=\"en\">");
    assert_contains(text, "<li>Market-based scope 2: 300 kWh covered by renewable certificates");
    assert_contains(text, "<li>Factors marked &quot;CO2 only&quot; count carbon dioxide alone");
    pcf_free(text);
    assert_int_equal(pcf_site_result_text(NULL, "en", &text, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_site_result_html(r, db, "en", NULL, &err), PCF_ERR_INVALID_ARG);
    /* accessors without a result */
    assert_null(pcf_site_result_product_id(NULL, 0));
    assert_true(isnan(pcf_site_result_product_share(NULL, 0)));
    assert_true(isnan(pcf_site_result_product_kg_co2e(NULL, 0)));
    assert_true(isnan(pcf_site_result_product_per_unit(NULL, 0)));
    assert_null(pcf_site_result_product_unit(NULL, 0));
    pcf_site_result_destroy(r);
    pcf_db_close(db);
}

/* The tea processor holds no certificates: its market-based scope 2 is "not reported" in every
 * writer (null in JSON), with the note saying why; by revenue the basis is named. */
static void test_disclosure_without_market(void **state)
{
    (void)state;
    pcf_db *db = open_db();
    pcf_site_result *r = calc_file(db, "tea");
    char *text = NULL;
    pcf_error err;
    assert_int_equal(pcf_site_result_json(r, &text, &err), PCF_OK);
    assert_contains(text, "\"scope2_market\": null");
    assert_contains(text, "\"outside_scopes\": 5880");
    pcf_free(text);
    assert_int_equal(pcf_site_result_text(r, "en", &text, &err), PCF_OK);
    assert_contains(text, "Scope 2, market-based: not reported\n");
    pcf_free(text);
    assert_int_equal(pcf_site_result_text(r, "zh", &text, &err), PCF_OK);
    assert_contains(text, "范围二(基于市场): 不报告\n");
    pcf_free(text);
    assert_int_equal(pcf_site_result_html(r, db, "en", &text, &err), PCF_OK);
    assert_contains(text, "<tr><th>Scope 2, market-based</th><td class=\"num\">not reported "
                          "</td></tr>");
    assert_contains(text, "<li>Market-based scope 2 is not reported: the site holds no "
                          "contractual instruments (certificates, PPAs), and no residual mix is "
                          "published for this grid.</li>");
    pcf_free(text);
    pcf_site_result_destroy(r);
    /* by revenue: a gets 900 / (900 + 100) = 0.9 of 409.2 kg */
    r = calc_text(db, base_doc, "revenue");
    assert_int_equal(pcf_site_result_text(r, "en", &text, &err), PCF_OK);
    assert_contains(text, "Allocation to products: by revenue");
    assert_contains(text, "a (a): output 300 item, share 0.9, 368.28 kg CO2e per year");
    pcf_free(text);
    pcf_site_result_destroy(r);
    pcf_db_close(db);
}

/* A fuel named without a code: the Chinese name first, then the English one when it differs
 * (here only the English name matches: 1 t of diesel × 3203.91143 kg CO2e/t, DESNZ 2025 row
 * 1_101_1012_15_1, = 3203.91143 kg scope 1); a name with candidates but no clear best lists
 * them in the refusal. */
static void test_fuel_suggestions(void **state)
{
    (void)state;
    pcf_db *db = open_db();
    pcf_site_result *r = calc_text(
        db,
        SITE_HEAD
        "\"fuels\": [{\"name\": {\"zh\": \"某某燃料\", \"en\": \"diesel\"}, \"amount\": 1, "
        "\"unit\": \"t\"}], " ONE_PRODUCT,
        NULL);
    assert_double_close(pcf_site_result_total(r, PCF_SITE_SCOPE1), 3203.91143, 1e-12, 0);
    char *text = NULL;
    pcf_error err;
    assert_int_equal(pcf_site_result_json(r, &text, &err), PCF_OK);
    assert_contains(text, "\"factor\": \"desnz-2025:1_101_1012_15_1\"");
    pcf_free(text);
    pcf_site_result_destroy(r);
    refused_path(db,
                 SITE_HEAD
                 "\"fuels\": [{\"name\": \"gas\", \"amount\": 1, \"unit\": \"t\"}], " ONE_PRODUCT,
                 PCF_ERR_NOT_FOUND, "$.fuels[0]",
                 "no fuel factor clearly matches \"gas\"; give \"factor\": a code, for example one "
                 "of desnz-2025:11_100_1004_15_1 (Natural gas - WTT), desnz-2025:11_101_1014_15_1 "
                 "(Gas oil - WTT), desnz-2025:11_101_1023_15_1 (Marine gas oil - WTT)");
    pcf_db_close(db);
}

/* The edges of the site reader and writers: NULL arguments, names given in one language only,
 * empty or out-of-range values, and the production stage of a site whose names are Chinese. */
static void test_site_edges(void **state)
{
    (void)state;
    pcf_db *db = open_db();
    pcf_site *s = NULL;
    pcf_site_result *r = NULL;
    pcf_error err;
    /* NULL arguments: the named function says so, and *out is cleared */
    assert_int_equal(pcf_site_read_string(SITE_HEAD ONE_PRODUCT, "x.json", NULL, NULL, &err),
                     PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_site_read_string: NULL argument");
    assert_int_equal(pcf_site_read_file(NULL, &s, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_site_read_file: NULL argument");
    assert_int_equal(pcf_site_read_file("x.json", NULL, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_site_read_string(SITE_HEAD ONE_PRODUCT, NULL, &s, NULL, &err), PCF_OK);
    r = (pcf_site_result *)&err; /* must be cleared */
    assert_int_equal(pcf_site_calculate(s, NULL, NULL, &r, &err), PCF_ERR_INVALID_ARG);
    assert_null(r);
    assert_string_equal(err.message, "pcf_site_calculate: NULL argument");
    assert_int_equal(pcf_site_calculate(s, db, NULL, NULL, &err), PCF_ERR_INVALID_ARG);
    pcf_site_destroy(s);

    /* a name in one language stands for both; an object with neither is refused */
    r = calc_text(db,
                  "{\"pcf_site\": 1, \"site\": {\"name\": {\"zh\": \"某厂\"}, \"region\": "
                  "\"CN-FJ\", \"year\": 2025}, \"electricity\": [{\"source\": \"grid\", "
                  "\"amount\": 1000, \"unit\": \"kWh\"}], " ONE_PRODUCT,
                  NULL);
    /* 1000 kWh × 0.4092 kg CO2/kWh (the Fujian grid factor of test_moulding) = 409.2 */
    assert_double_close(pcf_site_result_total(r, PCF_SITE_SCOPE2_LOCATION), 409.2, 1e-12, 0);
    char *text = NULL;
    assert_int_equal(pcf_site_result_text(r, "en", &text, &err), PCF_OK);
    assert_contains(text, "某厂");
    pcf_free(text);
    pcf_site_result_destroy(r);
    refused_path(db,
                 "{\"pcf_site\": 1, \"site\": {\"name\": {\"en\": 5, \"zh\": \"\"}, \"region\": "
                 "\"CN-FJ\", \"year\": 2025}, " ONE_PRODUCT,
                 PCF_ERR_INVALID_MODEL, "$.site.name",
                 "\"name\" must be non-empty text or {\"zh\": \"...\", \"en\": \"...\"}");
    refused_path(db,
                 "{\"pcf_site\": 1, \"site\": {\"name\": \"\", \"region\": \"CN-FJ\", \"year\": "
                 "2025}, " ONE_PRODUCT,
                 PCF_ERR_INVALID_MODEL, "$.site.name",
                 "\"name\" must be non-empty text or {\"zh\": \"...\", \"en\": \"...\"}");
    refused_path(db,
                 "{\"pcf_site\": 1, \"site\": {\"name\": \"T\", \"region\": \"\", \"year\": "
                 "2025}, " ONE_PRODUCT,
                 PCF_ERR_INVALID_MODEL, "$.site.region",
                 "\"region\" must be non-empty text; give the site's region code, such as "
                 "\"CN-FJ\" (regions.csv)");
    refused_path(db,
                 "{\"pcf_site\": 1, \"site\": {\"name\": \"T\", \"region\": \"CN-FJ\", \"year\": "
                 "2101}, " ONE_PRODUCT,
                 PCF_ERR_INVALID_MODEL, "$.site.year",
                 "\"year\" must be the reporting year, such as 2025");
    refused_path(db, "{\"pcf_site\": \"1\"}", PCF_ERR_INVALID_MODEL, "$",
                 "not a site document: the top level must be an object with \"pcf_site\": 1 "
                 "(docs/site-format.md)");
    /* a fuel without its unit */
    refused_path(db, SITE_HEAD "\"fuels\": [{\"name\": \"diesel\", \"amount\": 1}], " ONE_PRODUCT,
                 PCF_ERR_INVALID_MODEL, "$.fuels[0]",
                 "\"unit\" is missing; give a fuel as a mass, volume or energy");
    /* a product without an id, then one with: the second is not compared with the first */
    refused_path(db,
                 SITE_HEAD "\"products\": [{\"output\": 1, \"unit\": \"item\"}, {\"id\": \"a\", "
                           "\"output\": 1, \"unit\": \"item\"}]}",
                 PCF_ERR_INVALID_MODEL, "$.products[0]",
                 "\"id\" is missing; give the product's id (as in its model)");

    /* a site in region CN: the database has five location-based grid factors of CN itself
     * (MEE 2021, 2022, 2023 and the 2022 and 2023 factors "excluding market trading"); the
     * latest year wins, then the smallest code: ...-factor-2023 (0.5306 kg CO2/kWh) before
     * ...-factor-2023-excluding-market-trad (0.6096). 1000 kWh × 0.5306 = 530.6 */
    r = calc_text(db,
                  "{\"pcf_site\": 1, \"site\": {\"name\": \"T\", \"region\": \"CN\", \"year\": "
                  "2025}, \"electricity\": [{\"source\": \"grid\", \"amount\": 1000, \"unit\": "
                  "\"kWh\"}], " ONE_PRODUCT,
                  NULL);
    assert_double_close(pcf_site_result_total(r, PCF_SITE_SCOPE2_LOCATION), 530.6, 1e-12, 0);
    assert_int_equal(pcf_site_result_json(r, &text, &err), PCF_OK);
    assert_contains(text,
                    "\"factor\": \"cn-mee:china-national-average-electricity-co2-factor-2023\"");
    pcf_free(text);
    pcf_site_result_destroy(r);

    /* the tea processor's names are Chinese, so are the stage's lines: the grid's share of a
     * 250 g box is 52000 kWh × 0.75 (its mass share, test_tea) / 120000 boxes = 0.325 kWh */
    r = calc_file(db, "tea");
    assert_int_equal(pcf_site_result_stage_json(r, "green-tea-250g", &text, &err), PCF_OK);
    assert_contains(text, "\"name\": \"电网电力(厂区分摊)\"");
    assert_contains(text, "\"amount\": 0.325,");
    assert_contains(text, "\"name\": \"液化石油气(厂区分摊)\"");
    assert_contains(text, "\"gas\": \"HCFC-22\"");
    pcf_free(text);
    assert_int_equal(pcf_site_result_stage_json(r, NULL, &text, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_site_result_stage_json: NULL argument");
    assert_int_equal(pcf_site_result_stage_json(r, "green-tea-250g", NULL, &err),
                     PCF_ERR_INVALID_ARG);
    pcf_model *m = NULL;
    assert_int_equal(
        pcf_model_read_string("{\"pcf_model\": 1, \"products\": [{\"id\": \"p\", "
                              "\"declared_unit\": {\"amount\": 1, \"unit\": \"item\"}, "
                              "\"reference_flow\": {\"amount\": 2, \"unit\": "
                              "\"item\"}}]}",
                              "m.json", &m, &err),
        PCF_OK);
    assert_int_equal(pcf_site_result_apply(r, NULL, m, 0, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_site_result_apply: NULL argument");
    assert_int_equal(pcf_site_result_apply(r, "green-tea-250g", NULL, 0, &err),
                     PCF_ERR_INVALID_ARG);
    /* the reference flow (2 boxes) is taken before the declared unit: the stage is per 2 boxes,
     * 0.65 kWh of grid electricity; per declared unit (1 box) the model then gives the site's
     * 0.235191905 kg CO2e of test_tea again */
    assert_int_equal(pcf_site_result_apply(r, "green-tea-250g", m, 0, &err), PCF_OK);
    assert_int_equal(pcf_model_write_string(m, &text, &err), PCF_OK);
    assert_contains(text, "\"amount\": 0.65,");
    pcf_free(text);
    pcf_result *res = NULL;
    pcf_status cst = pcf_model_calculate(m, db, 0, NULL, &res, &err);
    if (cst != PCF_OK)
        print_error("%s: %s\n", err.path, err.message);
    assert_int_equal(cst, PCF_OK);
    assert_double_close(pcf_result_stage_kg_co2e(res, PCF_STAGE_PRODUCTION), 0.235191905, 1e-12, 0);
    pcf_result_destroy(res);
    pcf_model_destroy(m);
    pcf_site_result_destroy(r);
    pcf_db_close(db);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_site FACTORS_DB\n");
        return 2;
    }
    g_db = argv[1];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_moulding),
        cmocka_unit_test(test_tea),
        cmocka_unit_test(test_allocation_bases),
        cmocka_unit_test(test_stage_and_model),
        cmocka_unit_test(test_disclosure),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_read_refusals_exact),
        cmocka_unit_test(test_site_variants),
        cmocka_unit_test(test_disclosure_without_market),
        cmocka_unit_test(test_fuel_suggestions),
        cmocka_unit_test(test_site_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
