/*
 * Tests of the dq module: pedigree matrix → lognormal GSD (docs/methods.md#pedigree; worked
 * examples docs/methods.md#rc-1 and #rc-2).
 * GPL-3.0-or-later; see LICENSE.
 */
#include "testutil.h"

#include <pcf/pcf.h>

static void test_indicator_names(void **state)
{
    (void)state;
    assert_string_equal(pcf_dq_indicator_name(PCF_DQ_RELIABILITY), "reliability");
    assert_string_equal(pcf_dq_indicator_name(PCF_DQ_TEMPORAL), "temporal correlation");
    assert_string_equal(pcf_dq_indicator_name(PCF_DQ_TECHNOLOGICAL),
                        "further technological correlation");
    assert_string_equal(pcf_dq_indicator_name(PCF_DQ_SAMPLE_SIZE), "sample size");
    assert_null(pcf_dq_indicator_name((pcf_dq_indicator)6));
    assert_null(pcf_dq_indicator_name((pcf_dq_indicator)-1));
}

/* Cells of the ecoinvent expert-judgement table (docs/methods.md#pedigree). */
static void test_factor_table(void **state)
{
    (void)state;
    assert_true(pcf_dq_pedigree_factor(PCF_DQ_RELIABILITY, 1) == 1.00);
    assert_true(pcf_dq_pedigree_factor(PCF_DQ_RELIABILITY, 5) == 1.50);
    assert_true(pcf_dq_pedigree_factor(PCF_DQ_COMPLETENESS, 3) == 1.05);
    assert_true(pcf_dq_pedigree_factor(PCF_DQ_TEMPORAL, 2) == 1.03);
    assert_true(pcf_dq_pedigree_factor(PCF_DQ_GEOGRAPHICAL, 5) == 1.10);
    assert_true(pcf_dq_pedigree_factor(PCF_DQ_TECHNOLOGICAL, 4) == 1.50);
    assert_true(pcf_dq_pedigree_factor(PCF_DQ_TECHNOLOGICAL, 5) == 2.00);
    assert_true(pcf_dq_pedigree_factor(PCF_DQ_SAMPLE_SIZE, 4) == 1.10);
    assert_true(isnan(pcf_dq_pedigree_factor(PCF_DQ_RELIABILITY, 0)));
    assert_true(isnan(pcf_dq_pedigree_factor(PCF_DQ_RELIABILITY, 6)));
    assert_true(isnan(pcf_dq_pedigree_factor((pcf_dq_indicator)7, 1)));
}

/*
 * RC-1 (docs/methods.md#rc-1), published: Muller et al. 2014, Table 5, as encoded in
 * mfastudillo/pedigree_matrix test_article_lognormal_example. Scores (5,5,5,5,5), sample size 1,
 * U_b = 1.279²; factors 1.5, 1.2, 1.5, 1.1, 2.0. Published GSD 1.690 (rounded, 2 dp). Our
 * recomputation: σ_ln = ½√((2 ln 1.279)² + ln²1.5 + ln²1.2 + ln²1.5 + ln²1.1 + ln²2) = 0.52292,
 * GSD 1.6870.
 */
static void test_rc1_published(void **state)
{
    (void)state;
    const int scores5[] = {5, 5, 5, 5, 5};
    const int scores6[] = {5, 5, 5, 5, 5, 1};
    double sigma = 0, gsd = 0;
    pcf_error err;
    assert_int_equal(pcf_dq_pedigree_sigma(scores5, 5, 1.279 * 1.279, &sigma, &err), PCF_OK);
    assert_double_close(sigma, 0.52292, 0, 0.00001);
    assert_int_equal(pcf_dq_pedigree_gsd(scores5, 5, 1.279 * 1.279, &gsd, &err), PCF_OK);
    assert_double_close(gsd, 1.690, 0, 0.005); /* published, 2 dp */
    assert_double_close(gsd, 1.6870, 0, 0.00005);
    /* Sample size score 1 has factor 1: the same answer with six scores. */
    double gsd6 = 0;
    assert_int_equal(pcf_dq_pedigree_gsd(scores6, 6, 1.279 * 1.279, &gsd6, &err), PCF_OK);
    assert_true(gsd6 == gsd);
}

/* RC-2 (docs/methods.md#rc-2), derived: all scores 1, U_b = 1.05 → GSD² = 1.05,
 * σ_ln = ln(1.05)/2 = 0.024395. */
static void test_rc2_identity(void **state)
{
    (void)state;
    const int ones[] = {1, 1, 1, 1, 1};
    double sigma = 0, gsd = 0;
    assert_int_equal(pcf_dq_pedigree_sigma(ones, 5, 1.05, &sigma, NULL), PCF_OK);
    assert_double_close(sigma, 0.024395, 0, 0.000001);
    assert_int_equal(pcf_dq_pedigree_gsd(ones, 5, 1.05, &gsd, NULL), PCF_OK);
    assert_double_close(gsd * gsd, 1.05, 1e-12, 0);
    /* No basic uncertainty and perfect scores: no spread at all. */
    assert_int_equal(pcf_dq_pedigree_gsd(ones, 5, 1.0, &gsd, NULL), PCF_OK);
    assert_true(gsd == 1.0);
}

static void test_invalid(void **state)
{
    (void)state;
    pcf_error err;
    double out = -1;
    const int bad_temporal[] = {1, 2, 7, 1, 1};
    assert_int_equal(pcf_dq_pedigree_gsd(bad_temporal, 5, 1.05, &out, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "pedigree score 7 for temporal correlation is out of range");
    assert_true(out == 0.0);
    const int bad_tech[] = {1, 1, 1, 1, 0};
    assert_int_equal(pcf_dq_pedigree_sigma(bad_tech, 5, 1.05, &out, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "pedigree score 0 for further technological correlation");
    const int bad_size[] = {1, 1, 1, 1, 1, 9};
    assert_int_equal(pcf_dq_pedigree_sigma(bad_size, 6, 1.05, &out, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "for sample size");
    const int ok[] = {1, 1, 1, 1, 1};
    assert_int_equal(pcf_dq_pedigree_sigma(ok, 4, 1.05, &out, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "not 4");
    assert_int_equal(pcf_dq_pedigree_sigma(ok, 5, 0.9, &out, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "basic uncertainty 0.9 is invalid");
    assert_int_equal(pcf_dq_pedigree_sigma(ok, 5, NAN, &out, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "basic uncertainty nan is invalid");
    assert_int_equal(pcf_dq_pedigree_sigma(NULL, 5, 1.05, &out, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "scores is NULL");
    assert_int_equal(pcf_dq_pedigree_gsd(ok, 5, 1.05, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "out is NULL");
}

/*
 * The product's ratings are the activities' scores weighted by their emissions. Three
 * activities, own test factors (not real emission factors):
 *   A  2 kg × 3 kg CO2e/kg   = 6 kg CO2e, amount pedigree (1, 2, 3, 4, 5)
 *   B  1 kWh × 3 kg CO2e/kWh = 3 kg CO2e, own-factor pedigree (3, 3, 1, 1, 2)
 *   C  1 kg × 1 kg CO2e/kg   = 1 kg CO2e, no scores
 * (scores in pedigree order: reliability, completeness, temporal, geographical, technological).
 * Weighted over A and B (6 + 3 = 9 kg): reliability (6·1 + 3·3)/9 = 15/9, completeness
 * (6·2 + 3·3)/9 = 21/9, temporal (6·3 + 3·1)/9 = 21/9, geographical (6·4 + 3·1)/9 = 3,
 * technological (6·5 + 3·2)/9 = 4; coverage 9/10 = 0.9; PEF DQR (TeR + GR + TiR + P)/4 =
 * (4 + 3 + 21/9 + 15/9)/4 = 11/4 = 2.75.
 */
static void test_weighted_ratings(void **state)
{
    (void)state;
    static const char *model_json =
        "{\"pcf_model\": 1, \"boundary\": \"cradle-to-gate\", \"gwp\": \"AR6\", \"products\": "
        "[{\"id\": \"p\", \"name\": {\"en\": \"P\"}, \"declared_unit\": {\"amount\": 1, "
        "\"unit\": \"item\"}, \"stages\": {\"production\": ["
        "{\"name\": \"A\", \"amount\": 2, \"unit\": \"kg\", \"uncertainty\": {\"pedigree\": "
        "[1, 2, 3, 4, 5]}, \"factor\": {\"value\": 3, \"unit\": \"kgCO2e/kg\", \"source\": "
        "\"test value\"}},"
        "{\"name\": \"B\", \"amount\": 1, \"unit\": \"kWh\", \"factor\": {\"value\": 3, "
        "\"unit\": \"kgCO2e/kWh\", \"source\": \"test value\", \"uncertainty\": "
        "{\"pedigree\": [3, 3, 1, 1, 2]}}},"
        "{\"name\": \"C\", \"amount\": 1, \"unit\": \"kg\", \"factor\": {\"value\": 1, "
        "\"unit\": \"kgCO2e/kg\", \"source\": \"test value\"}}]}}]}";
    pcf_model *m = NULL;
    pcf_result *r = NULL;
    pcf_error err;
    assert_int_equal(pcf_model_read_string(model_json, "dq.json", &m, &err), PCF_OK);
    assert_int_equal(pcf_model_calculate(m, NULL, (pcf_gwp_set)0, NULL, &r, &err), PCF_OK);
    assert_double_close(pcf_result_total_kg_co2e(r), 10, 1e-12, 0);
    assert_double_close(pcf_result_dq_rating(r, PCF_DQ_RELIABILITY), 15.0 / 9, 1e-12, 0);
    assert_double_close(pcf_result_dq_rating(r, PCF_DQ_COMPLETENESS), 21.0 / 9, 1e-12, 0);
    assert_double_close(pcf_result_dq_rating(r, PCF_DQ_TEMPORAL), 21.0 / 9, 1e-12, 0);
    assert_double_close(pcf_result_dq_rating(r, PCF_DQ_GEOGRAPHICAL), 3, 1e-12, 0);
    assert_double_close(pcf_result_dq_rating(r, PCF_DQ_TECHNOLOGICAL), 4, 1e-12, 0);
    assert_double_close(pcf_result_dq_coverage(r), 0.9, 1e-12, 0);
    assert_double_close(pcf_result_dq_pef(r), 2.75, 1e-12, 0);
    assert_true(isnan(pcf_result_dq_rating(r, PCF_DQ_SAMPLE_SIZE)));
    /* per activity, and in the result JSON */
    assert_double_close(pcf_result_activity_at(r, 1)->dq[PCF_DQ_TEMPORAL], 1, 0, 0);
    assert_true(isnan(pcf_result_activity_at(r, 2)->dq[0]));
    char *json = NULL;
    assert_int_equal(pcf_result_to_json(r, &json, &err), PCF_OK);
    assert_contains(json, "\"data_quality\"");
    assert_contains(json, "\"pef_dqr\": 2.75");
    pcf_free(json);
    pcf_result_destroy(r);
    pcf_model_destroy(m);
    /* no scores at all: NaN ratings, coverage 0 */
    assert_null(pcf_result_activity_at(NULL, 0));
    assert_true(isnan(pcf_result_dq_rating(NULL, PCF_DQ_TEMPORAL)));
    assert_true(pcf_result_dq_coverage(NULL) == 0);
    assert_true(isnan(pcf_result_dq_pef(NULL)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_indicator_names), cmocka_unit_test(test_factor_table),
        cmocka_unit_test(test_rc1_published),   cmocka_unit_test(test_rc2_identity),
        cmocka_unit_test(test_invalid),         cmocka_unit_test(test_weighted_ratings),
    };
    return cmocka_run_group_tests_name("dq", tests, NULL, NULL);
}
