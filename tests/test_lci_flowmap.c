/*
 * Tests of the LCI flow map (lib/lci_flowmap.c): the compartment read from a category path, the
 * name comparison (trimmed, white space collapsed, case folded) against the rows of
 * data/lci-flowmap.csv, and the "looks like a greenhouse gas" test of `pcf lci info`.
 * Each expected kind and gas is the row of data/lci-flowmap.csv named in the comment.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "testutil.h"

#include "../lib/lci_internal.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

static void test_compartment(void **state)
{
    (void)state;
    static const struct {
        const char *category, *compartment;
    } cases[] = {
        {"Elementary flows/Emission to air/unspecified", "air"}, /* "... to air" */
        {"Emissions to water/ground water", "water"},
        {"soil", "soil"},
        {"air/unspecified", "air"},
        {"AIR/High population density", "air"}, /* case folded */
        {"Resource/in ground", "resource"},
        /* "resource" wins over "air": CO2 taken from the air is a resource */
        {"Elementary flows/Resource/in air", "resource"},
        {"airport", "unspecified"},          /* a word that starts like one */
        {"Emission to fair", "unspecified"}, /* ends like one, but not "to air" */
        {"unspecified", "unspecified"},
        {"", "unspecified"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_string_equal(pcf__lci_compartment(cases[i].category), cases[i].compartment);
    assert_string_equal(pcf__lci_compartment(NULL), "unspecified");
    /* only the first 511 characters are read: "/air" after 600 letters is not seen */
    char long_cat[620];
    memset(long_cat, 'x', 600);
    strcpy(long_cat + 600, "/air");
    assert_string_equal(pcf__lci_compartment(long_cat), "unspecified");
    assert_string_equal(pcf__lci_compartment(long_cat + 300), "air");
}

static void test_classify(void **state)
{
    (void)state;
    static const struct {
        const char *name, *category;
        pcf__lci_kind kind;
        pcf_gas gas;
    } cases[] = {
        /* row "Carbon dioxide,air,,co2_fossil,fossil" */
        {"Carbon dioxide", "Elementary flows/Emission to air/unspecified", PCF__LCI_FOSSIL,
         PCF_GAS_CO2_FOSSIL},
        /* the same row: leading, trailing and doubled white space and tabs, any case */
        {"  carbon \t DIOXIDE ", "air", PCF__LCI_FOSSIL, PCF_GAS_CO2_FOSSIL},
        {"Carbon\tdioxide", "air", PCF__LCI_FOSSIL, PCF_GAS_CO2_FOSSIL},
        /* row "Carbon dioxide, fossil,air,,co2_fossil,fossil" (USLCI's trailing space) */
        {"Carbon dioxide, fossil ", "air/unspecified", PCF__LCI_FOSSIL, PCF_GAS_CO2_FOSSIL},
        /* row "Carbon dioxide,resource,,co2_biogenic,removal": uptake from air */
        {"Carbon dioxide", "Resource/in air", PCF__LCI_REMOVAL, PCF_GAS_CO2_BIOGENIC},
        /* rows "Methane,air,,ch4_fossil,fossil", "Dinitrogen monoxide,air,,n2o,fossil",
         * "Sulfur hexafluoride,air,,sf6,fossil" */
        {"Methane", "air", PCF__LCI_FOSSIL, PCF_GAS_CH4_FOSSIL},
        {"Dinitrogen monoxide", "air", PCF__LCI_FOSSIL, PCF_GAS_N2O},
        {"Sulfur hexafluoride", "air", PCF__LCI_FOSSIL, PCF_GAS_SF6},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pcf_gas gas = PCF_GAS_CFC_12; /* not among the expected gases */
        assert_int_equal(pcf__lci_classify("no-uuid", cases[i].name, cases[i].category, &gas),
                         cases[i].kind);
        assert_int_equal(gas, cases[i].gas);
    }
    /* kinds without a gas: row "Chloroform,air,,,nogwp" and "Methanesulfonic acid,air,,,none" */
    pcf_gas gas;
    assert_int_equal(pcf__lci_classify("x", "Chloroform", "air", &gas), PCF__LCI_NOGWP);
    assert_int_equal(pcf__lci_classify("x", "Methanesulfonic acid", "air", &gas), PCF__LCI_NONE);
    /* no row: another compartment, a longer or shorter name, a space moved */
    static const char *const unmapped[][2] = {
        {"Carbon dioxide", "Emissions to water/surface water"},
        {"Carbon dioxide x", "air"},
        {"Carbon dioxid", "air"},
        {"Carbondioxide", "air"},
        {"Carbon di oxide", "air"},
        {"", "air"},
        {"   ", "air"},
    };
    for (size_t i = 0; i < sizeof unmapped / sizeof unmapped[0]; i++)
        assert_int_equal(pcf__lci_classify("x", unmapped[i][0], unmapped[i][1], &gas),
                         PCF__LCI_UNMAPPED);
}

static void test_looks_ghg(void **state)
{
    (void)state;
    static const struct {
        const char *name, *category;
        int ghg;
    } cases[] = {
        {"HFC-134a", "air", 1},
        {"Sulfur hexafluoride", "unspecified", 1},
        {"Halon 1301", "", 1},
        {"Methane, biogenic", "Emission to air", 1},
        {"Perfluoropentane", "air", 1},       /* "fluoro" */
        {"Methane", "Emissions to water", 0}, /* water and soil emissions are not counted */
        {"Methane", "soil", 0},
        {"Nitrogen oxides", "air", 0},
        {"Water", "air", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(pcf__lci_looks_ghg(cases[i].name, cases[i].category), cases[i].ghg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compartment),
        cmocka_unit_test(test_classify),
        cmocka_unit_test(test_looks_ghg),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
