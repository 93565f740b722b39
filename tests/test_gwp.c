/*
 * Tests of pcf/gwp.h. Expected values are those of data/gwp.csv (IPCC AR4/AR5 via the GHG
 * Protocol 2016 table; AR6 WGI Table 7.SM.7).
 * GPL-3.0-or-later; see LICENSE.
 */
#include "testutil.h"

#include <pcf/pcf.h>

static double gwp(pcf_gwp_set set, pcf_gas gas)
{
    double v = -1;
    assert_int_equal(pcf_gwp_value(set, gas, &v, NULL), PCF_OK);
    return v;
}

static void table_values(void **state)
{
    (void)state;
    /* The table of docs/methods.md#gwp (data/gwp.csv and its sources). */
    assert_true(gwp(PCF_GWP_AR4, PCF_GAS_CO2_FOSSIL) == 1);
    assert_true(gwp(PCF_GWP_AR6, PCF_GAS_CO2_BIOGENIC) == 1);
    assert_true(gwp(PCF_GWP_AR4, PCF_GAS_N2O) == 298);
    assert_true(gwp(PCF_GWP_AR5, PCF_GAS_N2O) == 265);
    assert_true(gwp(PCF_GWP_AR6, PCF_GAS_N2O) == 273);
    assert_true(gwp(PCF_GWP_AR6, PCF_GAS_SF6) == 25200);
    assert_true(gwp(PCF_GWP_AR5, PCF_GAS_NF3) == 16100);
    assert_true(gwp(PCF_GWP_AR6, PCF_GAS_HFC_134A) == 1530);
    assert_true(gwp(PCF_GWP_AR4, PCF_GAS_HFC_32) == 675);
    assert_true(gwp(PCF_GWP_AR6, PCF_GAS_PFC_14) == 7380);
    assert_true(gwp(PCF_GWP_AR5, PCF_GAS_PFC_116) == 11100);
    assert_true(gwp(PCF_GWP_AR6, PCF_GAS_HFC_23) == 14600);
    assert_true(gwp(PCF_GWP_AR6, PCF_GAS_CFC_12) == 12500);
    /* Methane: IPCC AR6 WG1 Chapter 7 Table 7.15 gives GWP-100 29.8 for fossil and 27.0 for
     * non-fossil methane (not the single 7.SM.7 value 27.9, which is neither); AR5 WG1 Table
     * 8.A.1: 28, and 30 for fossil methane with the CO2 of its oxidation; AR4 has one value, 25,
     * for both kinds. */
    assert_true(gwp(PCF_GWP_AR6, PCF_GAS_CH4_FOSSIL) == 29.8);
    assert_true(gwp(PCF_GWP_AR6, PCF_GAS_CH4_BIOGENIC) == 27.0);
    assert_contains(pcf_gwp_source(PCF_GWP_AR6, PCF_GAS_CH4_BIOGENIC), "Table 7.15");
    assert_contains(pcf_gwp_source(PCF_GWP_AR6, PCF_GAS_CH4_FOSSIL), "Table 7.15");
    assert_true(gwp(PCF_GWP_AR5, PCF_GAS_CH4_FOSSIL) == 30);
    assert_true(gwp(PCF_GWP_AR5, PCF_GAS_CH4_BIOGENIC) == 28);
    assert_true(gwp(PCF_GWP_AR4, PCF_GAS_CH4_FOSSIL) == 25);
    assert_true(gwp(PCF_GWP_AR4, PCF_GAS_CH4_BIOGENIC) == 25);
    assert_contains(pcf_gwp_source(PCF_GWP_AR4, PCF_GAS_CH4_FOSSIL), "no separate value");
}

static void every_gas_has_values_and_sources(void **state)
{
    (void)state;
    assert_int_equal(pcf_gas_count(), 29);
    pcf_gwp_set sets[] = {PCF_GWP_AR4, PCF_GWP_AR5, PCF_GWP_AR6};
    for (size_t g = 0; g < pcf_gas_count(); g++) {
        assert_non_null(pcf_gas_key((pcf_gas)g));
        assert_non_null(pcf_gas_formula((pcf_gas)g));
        for (int s = 0; s < 3; s++) {
            assert_true(gwp(sets[s], (pcf_gas)g) >= 1.0);
            assert_true(strlen(pcf_gwp_source(sets[s], (pcf_gas)g)) > 20);
        }
        /* Each key parses back to its gas. */
        pcf_gas back;
        assert_int_equal(pcf_gas_parse(pcf_gas_key((pcf_gas)g), &back, NULL), PCF_OK);
        assert_int_equal(back, g);
    }
    assert_null(pcf_gas_key((pcf_gas)29));
    assert_null(pcf_gwp_source((pcf_gwp_set)3, PCF_GAS_N2O));
}

static void parse_gases_and_sets(void **state)
{
    (void)state;
    pcf_gas g;
    pcf_error err;
    assert_int_equal(pcf_gas_parse("CO2", &g, &err), PCF_OK);
    assert_int_equal(g, PCF_GAS_CO2_FOSSIL);
    assert_int_equal(pcf_gas_parse("CH4", &g, &err), PCF_OK);
    assert_int_equal(g, PCF_GAS_CH4_FOSSIL);
    assert_int_equal(pcf_gas_parse("biogenic CO2", &g, &err), PCF_OK);
    assert_int_equal(g, PCF_GAS_CO2_BIOGENIC);
    assert_int_equal(pcf_gas_parse("ch4-biogenic", &g, &err), PCF_OK);
    assert_int_equal(g, PCF_GAS_CH4_BIOGENIC);
    assert_int_equal(pcf_gas_parse("R-134a", &g, &err), PCF_OK);
    assert_int_equal(g, PCF_GAS_HFC_134A);
    assert_int_equal(pcf_gas_parse("hfc-134a", &g, &err), PCF_OK);
    assert_int_equal(g, PCF_GAS_HFC_134A);
    assert_int_equal(pcf_gas_parse("SF6", &g, &err), PCF_OK);
    assert_int_equal(g, PCF_GAS_SF6);
    assert_int_equal(pcf_gas_parse("nitrous oxide", &g, &err), PCF_OK);
    assert_int_equal(g, PCF_GAS_N2O);
    assert_int_equal(pcf_gas_parse("CF4", &g, &err), PCF_OK);
    assert_int_equal(g, PCF_GAS_PFC_14);
    assert_int_equal(pcf_gas_parse("xenon", &g, &err), PCF_ERR_NOT_FOUND);
    assert_contains(err.message, "\"xenon\"");
    assert_int_equal(pcf_gas_parse(NULL, &g, &err), PCF_ERR_INVALID_ARG);

    pcf_gwp_set s;
    assert_int_equal(pcf_gwp_set_parse("ar5", &s, &err), PCF_OK);
    assert_int_equal(s, PCF_GWP_AR5);
    assert_int_equal(pcf_gwp_set_parse("AR7", &s, &err), PCF_ERR_NOT_FOUND);
    assert_contains(err.message, "AR4, AR5 or AR6");
    assert_string_equal(pcf_gwp_set_name(PCF_GWP_AR6), "AR6");
    assert_null(pcf_gwp_set_name((pcf_gwp_set)2));
    assert_int_equal(PCF_GWP_DEFAULT, PCF_GWP_AR6);
}

static void co2e_inventory(void **state)
{
    (void)state;
    /* 1 kg CO2 + 0.1 kg fossil CH4 + 0.01 kg N2O + 0.001 kg HFC-134a, by hand:
     * AR6: 1 + 2.98 + 2.73 + 1.53 = 8.24; AR5: 1 + 3.0 + 2.65 + 1.3 = 7.95;
     * AR4: 1 + 2.5 + 2.98 + 1.43 = 7.91. */
    pcf_gas gases[] = {PCF_GAS_CO2_FOSSIL, PCF_GAS_CH4_FOSSIL, PCF_GAS_N2O, PCF_GAS_HFC_134A};
    double kg[] = {1.0, 0.1, 0.01, 0.001};
    double out;
    assert_int_equal(pcf_gwp_co2e(PCF_GWP_AR6, gases, kg, 4, &out, NULL), PCF_OK);
    assert_double_close(out, 8.24, 1e-12, 0);
    assert_int_equal(pcf_gwp_co2e(PCF_GWP_AR5, gases, kg, 4, &out, NULL), PCF_OK);
    assert_double_close(out, 7.95, 1e-12, 0);
    assert_int_equal(pcf_gwp_co2e(PCF_GWP_AR4, gases, kg, 4, &out, NULL), PCF_OK);
    assert_double_close(out, 7.91, 1e-12, 0);
    /* A removal (negative biogenic CO2) counts with its sign. */
    pcf_gas g2[] = {PCF_GAS_CO2_BIOGENIC, PCF_GAS_CO2_FOSSIL};
    double k2[] = {-1.5, 2.0};
    assert_int_equal(pcf_gwp_co2e(PCF_GWP_AR6, g2, k2, 2, &out, NULL), PCF_OK);
    assert_double_close(out, 0.5, 1e-15, 0);
    /* Empty inventory: zero. */
    assert_int_equal(pcf_gwp_co2e(PCF_GWP_AR6, NULL, NULL, 0, &out, NULL), PCF_OK);
    assert_true(out == 0.0);

    pcf_error err;
    double bad[] = {1.0, NAN};
    assert_int_equal(pcf_gwp_co2e(PCF_GWP_AR6, g2, bad, 2, &out, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "kg[1]");
    pcf_gas badgas[] = {(pcf_gas)77};
    assert_int_equal(pcf_gwp_co2e(PCF_GWP_AR6, badgas, kg, 1, &out, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "gases[0]");
    assert_int_equal(pcf_gwp_co2e((pcf_gwp_set)9, gases, kg, 1, &out, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_gwp_co2e(PCF_GWP_AR6, NULL, kg, 1, &out, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_gwp_value(PCF_GWP_AR6, (pcf_gas)-1, &out, &err), PCF_ERR_INVALID_ARG);
    assert_true(out == 0.0);
}

/* Every argument check names the argument, and the look-ups answer NULL or 0 for a gas or set
 * outside the enums; an output is cleared before a refusal. */
static void arguments_refused(void **state)
{
    (void)state;
    pcf_gas bad = (pcf_gas)-1, past = (pcf_gas)pcf_gas_count();
    assert_null(pcf_gas_key(bad));
    assert_null(pcf_gas_formula(past));
    assert_null(pcf_gas_name(bad));
    assert_int_equal(pcf_gas_is_biogenic(past), 0);
    assert_int_equal(pcf_gas_is_biogenic(PCF_GAS_CH4_BIOGENIC), 1);
    assert_string_equal(pcf_gas_formula(PCF_GAS_NF3), "NF3");
    /* a formula names the gas past the CO2/CH4 kinds ("NF3"), matched loosely ("nf-3") */
    pcf_gas g = PCF_GAS_SF6;
    pcf_error err;
    assert_int_equal(pcf_gas_parse("nf-3", &g, &err), PCF_OK);
    assert_int_equal(g, PCF_GAS_NF3);
    assert_int_equal(pcf_gas_parse("CO2", NULL, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_gas_parse: out is NULL");
    assert_int_equal(pcf_gas_parse(NULL, &g, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_gas_parse: text is NULL");
    assert_int_equal(g, PCF_GAS_CO2_FOSSIL);

    pcf_gwp_set set = PCF_GWP_AR4;
    assert_int_equal(pcf_gwp_set_parse("AR5", NULL, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_gwp_set_parse: out is NULL");
    assert_int_equal(pcf_gwp_set_parse(NULL, &set, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_gwp_set_parse: text is NULL");
    assert_int_equal(set, PCF_GWP_DEFAULT);

    double v = 5;
    assert_int_equal(pcf_gwp_value(PCF_GWP_AR6, PCF_GAS_N2O, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_gwp_value: out is NULL");
    assert_int_equal(pcf_gwp_value((pcf_gwp_set)9, PCF_GAS_N2O, &v, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message,
                        "pcf_gwp_value: 9 is not a GWP set; use PCF_GWP_AR4, _AR5 or _AR6");
    assert_true(v == 0.0);
    assert_null(pcf_gwp_source((pcf_gwp_set)9, PCF_GAS_N2O));
    assert_null(pcf_gwp_source(PCF_GWP_AR6, past));
    assert_non_null(pcf_gwp_source(PCF_GWP_AR6, PCF_GAS_N2O));

    pcf_gas gases[] = {PCF_GAS_N2O};
    double kg[] = {1.0};
    assert_int_equal(pcf_gwp_co2e(PCF_GWP_AR6, gases, kg, 1, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_gwp_co2e: kg_co2e_out is NULL");
    assert_int_equal(pcf_gwp_co2e(PCF_GWP_AR6, gases, NULL, 1, &v, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_gwp_co2e: kg is NULL");
    assert_int_equal(pcf_gwp_co2e(PCF_GWP_AR6, NULL, kg, 1, &v, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_gwp_co2e: gases is NULL");
    /* the invalid set is named too: 1 kg N2O would be 273 kg CO2e in AR6 (data/gwp.csv) */
    assert_int_equal(pcf_gwp_co2e((pcf_gwp_set)9, gases, kg, 1, &v, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message,
                        "pcf_gwp_co2e: 9 is not a GWP set; use PCF_GWP_AR4, _AR5 or _AR6");
    assert_int_equal(pcf_gwp_co2e(PCF_GWP_AR6, gases, kg, 1, &v, &err), PCF_OK);
    assert_true(v == 273.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(table_values),         cmocka_unit_test(every_gas_has_values_and_sources),
        cmocka_unit_test(parse_gases_and_sets), cmocka_unit_test(co2e_inventory),
        cmocka_unit_test(arguments_refused),
    };
    return cmocka_run_group_tests_name("gwp", tests, NULL, NULL);
}
