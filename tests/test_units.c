/*
 * Tests of pcf/units.h. Expected numbers are exact definitions, cited beside each:
 * NIST SP 811 (2008) Appendix B for the US customary units, GB/T 2589-2020 for kgce.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "testutil.h"

#include <pcf/pcf.h>

#include <locale.h>
#include <stdlib.h>

static double conv(double v, const char *from, const char *to)
{
    double out = -1;
    pcf_error err;
    pcf_status st = pcf_unit_convert(v, from, to, &out, &err);
    if (st != PCF_OK)
        fail_msg("convert %s -> %s: %s", from, to, err.message);
    return out;
}

static void parse_symbols_and_aliases(void **state)
{
    (void)state;
    struct {
        const char *text, *symbol;
        pcf_dimension dim;
    } cases[] = {
        {"kg", "kg", PCF_DIM_MASS},
        {"t", "t", PCF_DIM_MASS},
        {"tonne", "t", PCF_DIM_MASS},
        {"Tonnes", "t", PCF_DIM_MASS},
        {"lb", "lb", PCF_DIM_MASS},
        {"g", "g", PCF_DIM_MASS},
        {"short ton", "short ton", PCF_DIM_MASS},
        {"kWh", "kWh", PCF_DIM_ENERGY},
        {"Wh", "Wh", PCF_DIM_ENERGY},
        {"MWh", "MWh", PCF_DIM_ENERGY},
        {"MJ", "MJ", PCF_DIM_ENERGY},
        {"GJ", "GJ", PCF_DIM_ENERGY},
        {"therm", "therm", PCF_DIM_ENERGY},
        {"mmBtu", "MMBtu", PCF_DIM_ENERGY},
        {"L", "L", PCF_DIM_VOLUME},
        {"litre", "L", PCF_DIM_VOLUME},
        {"m3", "m3", PCF_DIM_VOLUME},
        {"m³", "m3", PCF_DIM_VOLUME},
        {"km", "km", PCF_DIM_LENGTH},
        {"mi", "mi", PCF_DIM_LENGTH},
        {"m", "m", PCF_DIM_LENGTH},
        {"tkm", "tkm", PCF_DIM_FREIGHT},
        {"t·km", "tkm", PCF_DIM_FREIGHT},
        {"t*km", "tkm", PCF_DIM_FREIGHT},
        {"t km", "tkm", PCF_DIM_FREIGHT},
        {"tonne-km", "tkm", PCF_DIM_FREIGHT},
        {"kgkm", "kgkm", PCF_DIM_FREIGHT},
        {"short ton-mile", "short ton-mile", PCF_DIM_FREIGHT},
        {"pkm", "pkm", PCF_DIM_PASSENGER_DISTANCE},
        {"passenger.km", "pkm", PCF_DIM_PASSENGER_DISTANCE},
        {"item", "item", PCF_DIM_ITEMS},
        {"piece", "item", PCF_DIM_ITEMS},
        {"pcs", "item", PCF_DIM_ITEMS},
        {"unit", "item", PCF_DIM_ITEMS},
        {"m2", "m2", PCF_DIM_AREA},
        {"m²", "m2", PCF_DIM_AREA},
        {"day", "day", PCF_DIM_TIME},
        {"year", "year", PCF_DIM_TIME},
        {"h", "h", PCF_DIM_TIME},
        {"vkm", "vkm", PCF_DIM_VEHICLE_DISTANCE},
        {"  kg  ", "kg", PCF_DIM_MASS},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const pcf_unit *u = NULL;
        pcf_error err;
        if (pcf_unit_parse(cases[i].text, &u, &err) != PCF_OK)
            fail_msg("\"%s\": %s", cases[i].text, err.message);
        assert_string_equal(pcf_unit_symbol(u), cases[i].symbol);
        assert_int_equal(pcf_unit_dimension(u), cases[i].dim);
    }
}

static void short_symbols_are_case_sensitive(void **state)
{
    (void)state;
    const pcf_unit *u;
    pcf_error err;
    /* "mWh" would be a milliwatt-hour, not a megawatt-hour: refuse it, and suggest MWh. */
    assert_int_equal(pcf_unit_parse("mWh", &u, &err), PCF_ERR_NOT_FOUND);
    assert_null(u);
    assert_contains(err.message, "\"mWh\"");
    assert_contains(err.message, "did you mean \"MWh\"");
    assert_int_equal(pcf_unit_parse("KG", &u, &err), PCF_ERR_NOT_FOUND);
    assert_contains(err.message, "did you mean \"kg\"");
    assert_int_equal(pcf_unit_parse("furlong", &u, &err), PCF_ERR_NOT_FOUND);
    assert_contains(err.message, "unknown unit \"furlong\"");
    assert_int_equal(pcf_unit_parse("", &u, &err), PCF_ERR_NOT_FOUND);
    assert_int_equal(pcf_unit_parse(NULL, &u, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_unit_parse("kg", NULL, &err), PCF_ERR_INVALID_ARG);
}

static void conversions_exact_definitions(void **state)
{
    (void)state;
    /* 1 t = 1000 kg; 1 lb = 0.45359237 kg exactly (NIST SP 811 B.8). */
    assert_double_close(conv(2.5, "t", "kg"), 2500.0, 1e-15, 0);
    assert_double_close(conv(1, "kg", "lb"), 1 / 0.45359237, 1e-15, 0);
    assert_double_close(conv(1, "short ton", "kg"), 907.18474, 1e-15, 0);
    /* 1 kWh = 3.6 MJ; 1 GJ = 277.777... kWh. */
    assert_double_close(conv(1, "kWh", "MJ"), 3.6, 1e-15, 0);
    assert_double_close(conv(1, "GJ", "kWh"), 1e3 / 3.6, 1e-15, 0);
    assert_double_close(conv(2, "MWh", "kWh"), 2000.0, 1e-15, 0);
    /* 1 therm = 100 000 Btu(IT) = 105.505585262 MJ (NIST SP 811 B.8). */
    assert_double_close(conv(1, "therm", "MJ"), 105.505585262, 1e-12, 0);
    /* 1 MMBtu = 293.07107017 kWh: 1.05505585262e9 J / 3.6e6 J. */
    assert_double_close(conv(1, "MMBtu", "kWh"), 1.05505585262e9 / 3.6e6, 1e-12, 0);
    /* 1 kgce = 29.3076 MJ (GB/T 2589-2020, 标准煤 29 307.6 kJ/kg). */
    assert_double_close(conv(1, "kgce", "MJ"), 29.3076, 1e-12, 0);
    /* 1 tce = 29 307.6 MJ = 29 307.6e6 J / 3.6e6 J per kWh = 8141 kWh exactly, and is printed so
     * (it was 8140.999999999999 when the size was built as 29307.6e6 * (1 / 3.6e6)). */
    const pcf_unit *tce = NULL;
    assert_int_equal(pcf_unit_parse("tce", &tce, NULL), PCF_OK);
    assert_true(pcf_unit_to_base(tce) == 8141.0);
    char nb[32];
    pcf_number_format(pcf_unit_to_base(tce), nb, sizeof nb);
    assert_string_equal(nb, "8141");
    /* 1 US gal = 3.785411784 L exactly. */
    assert_double_close(conv(1, "gal", "L"), 3.785411784, 1e-14, 0);
    assert_double_close(conv(1000, "L", "m3"), 1.0, 1e-15, 0);
    /* 1 mi = 1.609344 km exactly. */
    assert_double_close(conv(100, "mi", "km"), 160.9344, 1e-14, 0);
    assert_double_close(conv(1500, "m", "km"), 1.5, 1e-15, 0);
    /* data/README.md: 1 short ton-mile = 1.459972 t·km (907.18474 kg × 1.609344 km). */
    assert_double_close(conv(1, "short ton-mile", "tkm"), 1.459972, 1e-6, 0);
    assert_double_close(conv(230000, "kgkm", "tkm"), 230.0, 1e-14, 0);
    /* A year is 365 days = 8760 h (documented choice in units.h). */
    assert_double_close(conv(1, "year", "h"), 8760.0, 1e-15, 0);
    assert_double_close(conv(2, "week", "day"), 14.0, 1e-15, 0);
    assert_double_close(conv(1, "ha", "m2"), 10000.0, 1e-15, 0);
    assert_double_close(conv(3, "dozen", "item"), 36.0, 1e-15, 0);
    /* Converting a unit to itself is exactly the identity. */
    assert_true(conv(0.1, "kg", "kg") == 0.1);
}

static void conversions_round_trip(void **state)
{
    (void)state;
    for (size_t i = 0; i < pcf_unit_count(); i++) {
        const pcf_unit *u = pcf_unit_at(i);
        const pcf_unit *base = pcf_dimension_base(pcf_unit_dimension(u));
        assert_non_null(base);
        assert_true(pcf_unit_to_base(u) > 0);
        double f, g;
        assert_int_equal(pcf_unit_factor(u, base, &f, NULL), PCF_OK);
        assert_int_equal(pcf_unit_factor(base, u, &g, NULL), PCF_OK);
        assert_double_close(f * g, 1.0, 1e-14, 0);
        /* Every unit's own symbol parses back to itself. */
        const pcf_unit *back;
        assert_int_equal(pcf_unit_parse(pcf_unit_symbol(u), &back, NULL), PCF_OK);
        assert_ptr_equal(back, u);
    }
    assert_null(pcf_unit_at(pcf_unit_count()));
}

static void cross_dimension_refused(void **state)
{
    (void)state;
    double out = 5;
    pcf_error err;
    assert_int_equal(pcf_unit_convert(1, "kWh", "kg", &out, &err), PCF_ERR_UNIT);
    assert_true(out == 0.0);
    assert_contains(err.message, "\"kWh\" (energy)");
    assert_contains(err.message, "\"kg\" (mass)");
    /* Volume to mass needs a density: refused. */
    assert_int_equal(pcf_unit_convert(1, "L", "kg", &out, &err), PCF_ERR_UNIT);
    assert_int_equal(pcf_unit_convert(1, "tkm", "km", &out, &err), PCF_ERR_UNIT);
    assert_int_equal(pcf_unit_convert(NAN, "kg", "g", &out, &err), PCF_ERR_INVALID_ARG);
    /* 1e308 t is 1e317 mg, beyond a double: an error, not "inf mg" */
    assert_int_equal(pcf_unit_convert(1e308, "t", "mg", &out, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "1e+308 t is beyond the range of a double in mg");
    assert_true(out == 0.0);
    assert_int_equal(pcf_unit_convert(INFINITY, "kg", "g", &out, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_unit_convert(1, "kg", "zz", &out, &err), PCF_ERR_NOT_FOUND);
    assert_int_equal(pcf_unit_convert(1, NULL, "kg", &out, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_unit_factor(NULL, NULL, &out, &err), PCF_ERR_INVALID_ARG);
}

static void dimension_names(void **state)
{
    (void)state;
    assert_string_equal(pcf_dimension_name(PCF_DIM_MASS), "mass");
    assert_string_equal(pcf_dimension_name(PCF_DIM_FREIGHT), "freight transport work");
    assert_string_equal(pcf_dimension_name((pcf_dimension)99), "unknown");
    assert_string_equal(pcf_unit_symbol(pcf_dimension_base(PCF_DIM_ENERGY)), "kWh");
    assert_null(pcf_dimension_base(PCF_DIM_NONE));
    /* ten dimensions, mass (1) to time (10), each with a name and a base unit; none past them */
    assert_int_equal(pcf_dimension_count(), 10);
    for (size_t d = 1; d <= pcf_dimension_count(); d++) {
        assert_string_not_equal(pcf_dimension_name((pcf_dimension)d), "unknown");
        assert_non_null(pcf_dimension_base((pcf_dimension)d));
    }
    assert_string_equal(pcf_dimension_name((pcf_dimension)(pcf_dimension_count() + 1)), "unknown");
    assert_string_equal(pcf_dimension_name(PCF_DIM_ITEMS), "count");
    assert_string_equal(pcf_unit_symbol(pcf_dimension_base(PCF_DIM_ITEMS)), "item");
    assert_string_equal(pcf_unit_symbol(NULL), "");
    assert_int_equal(pcf_unit_dimension(NULL), PCF_DIM_NONE);
}

static void numbers_parse(void **state)
{
    (void)state;
    double v;
    pcf_error err;
    assert_int_equal(pcf_number_parse("1.5", &v, &err), PCF_OK);
    assert_true(v == 1.5);
    assert_int_equal(pcf_number_parse(" -2e-3 ", &v, &err), PCF_OK);
    assert_true(v == -2e-3);
    assert_int_equal(pcf_number_parse("42", &v, &err), PCF_OK);
    assert_true(v == 42.0);
    const char *bad[] = {"", "abc", "1,5", "1.5kg", "nan", "inf", "0x10", "1e999", ".", "--1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        v = 7;
        if (pcf_number_parse(bad[i], &v, &err) != PCF_ERR_PARSE)
            fail_msg("\"%s\" should not parse", bad[i]);
        assert_true(v == 0.0);
    }
    assert_contains(err.message, "not a finite decimal number");
}

static void numbers_format_round_trip(void **state)
{
    (void)state;
    char buf[32];
    pcf_number_format(0.1, buf, sizeof buf);
    assert_string_equal(buf, "0.1");
    pcf_number_format(1234.5, buf, sizeof buf);
    assert_string_equal(buf, "1234.5");
    pcf_number_format(0.0, buf, sizeof buf);
    assert_string_equal(buf, "0");
    double vals[] = {1.0 / 3.0, 2.0 / 3.0, 1e-300, 6.02214076e23, -0.45359237, 0.1 + 0.2};
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        double back;
        pcf_number_format(vals[i], buf, sizeof buf);
        assert_int_equal(pcf_number_parse(buf, &back, NULL), PCF_OK);
        assert_true(back == vals[i]);
    }
    /* A short buffer is cut but NUL-terminated; the return value says the needed length. */
    char small[4];
    size_t need = pcf_number_format(1234.5, small, sizeof small);
    assert_int_equal(need, 6);
    assert_string_equal(small, "123");
}

static void quantities(void **state)
{
    (void)state;
    double v;
    const pcf_unit *u;
    pcf_error err;
    assert_int_equal(pcf_quantity_parse("1.5 kg", &v, &u, &err), PCF_OK);
    assert_true(v == 1.5);
    assert_string_equal(pcf_unit_symbol(u), "kg");
    assert_int_equal(pcf_quantity_parse("12 t·km", &v, &u, &err), PCF_OK);
    assert_true(v == 12.0);
    assert_string_equal(pcf_unit_symbol(u), "tkm");
    assert_int_equal(pcf_quantity_parse("2e3kWh", &v, &u, &err), PCF_OK);
    assert_true(v == 2000.0);
    assert_int_equal(pcf_quantity_parse("12", &v, &u, &err), PCF_ERR_PARSE);
    assert_contains(err.message, "has no unit");
    assert_int_equal(pcf_quantity_parse("kg", &v, &u, &err), PCF_ERR_PARSE);
    assert_int_equal(pcf_quantity_parse("3 bananas", &v, &u, &err), PCF_ERR_NOT_FOUND);
    assert_null(u);
}

/* A host's decimal comma must not change parsing or formatting. */
static void locale_independent(void **state)
{
    (void)state;
    const char *names[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", NULL};
    const char *got = NULL;
    for (int i = 0; names[i] && !got; i++)
        got = setlocale(LC_NUMERIC, names[i]);
    if (!got)
        skip();
    double v;
    const pcf_unit *u;
    assert_int_equal(pcf_quantity_parse("1.5 kg", &v, &u, NULL), PCF_OK);
    assert_true(v == 1.5);
    char buf[32];
    pcf_number_format(0.25, buf, sizeof buf);
    assert_string_equal(buf, "0.25");
    /* The shortest text that reads back exactly, with '.', under a decimal comma too:
     * %.17g gives 0.29999999999999999 for 0.3 and 0.1 + 0.2 needs all 17 digits. */
    pcf_number_format(0.3, buf, sizeof buf);
    assert_string_equal(buf, "0.3");
    pcf_number_format(0.1 + 0.2, buf, sizeof buf);
    assert_string_equal(buf, "0.30000000000000004");
    pcf_number_format(-1234.5e-20, buf, sizeof buf);
    assert_string_equal(buf, "-1.2345e-17");
    setlocale(LC_NUMERIC, "C");
}

static void emission_rates(void **state)
{
    (void)state;
    double kg;
    const pcf_unit *per;
    int co2_only;
    pcf_error err;
    struct {
        const char *text;
        double kg;
        const char *per;
        int co2_only;
    } ok[] = {
        /* The spellings in data/factors.csv (data/README.md, "unit"). */
        {"kgCO2e/kWh", 1.0, "kWh", 0},
        {"kgCO2e/tonne", 1.0, "t", 0},
        {"tCO2e/short ton", 1000.0, "short ton", 0},
        {"kgCO2/short ton-mile", 1.0, "short ton-mile", 1},
        {"lbCO2/MWh", 0.45359237, "MWh", 1},
        {"gCO2e/kWh", 1e-3, "kWh", 0},
        {"tCO2/MWh", 1000.0, "MWh", 1},
        {"kgCO2e/tkm", 1.0, "tkm", 0},
        {"kgCO2e/litre", 1.0, "L", 0},
        {"kgCO2/gallon", 1.0, "gal", 1},
        {"kgCO2/scf", 1.0, "ft3", 1},
        {"kgCO2/mmBtu", 1.0, "MMBtu", 1},
        {"kg CO2e per kWh", 1.0, "kWh", 0},
        {"kgCO2e/t·km", 1.0, "tkm", 0},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        if (pcf_unit_parse_rate(ok[i].text, &kg, &per, &co2_only, &err) != PCF_OK)
            fail_msg("\"%s\": %s", ok[i].text, err.message);
        assert_true(kg == ok[i].kg);
        assert_string_equal(pcf_unit_symbol(per), ok[i].per);
        assert_int_equal(co2_only, ok[i].co2_only);
    }
    assert_int_equal(pcf_unit_parse_rate("kg/kWh", &kg, &per, &co2_only, &err), PCF_ERR_PARSE);
    assert_int_equal(pcf_unit_parse_rate("kgCO2e", &kg, &per, &co2_only, &err), PCF_ERR_PARSE);
    assert_int_equal(pcf_unit_parse_rate("kgCH4/kWh", &kg, &per, &co2_only, &err), PCF_ERR_PARSE);
    assert_int_equal(pcf_unit_parse_rate("kgCO2e/wombat", &kg, &per, &co2_only, &err),
                     PCF_ERR_NOT_FOUND);
    assert_contains(err.message, "kgCO2e/wombat");
    assert_null(per);
    assert_true(kg == 0.0);
}

/* Argument checks name the NULL argument and clear the outputs; accessors answer neutrally for
 * NULL; a number past the range of a double and a unit-less quantity are refused; rate units
 * with "CO2eq", spaces after "per" and a too-long numerator. 1 lb = 0.45359237 kg exactly (the
 * international pound), so "lbCO2eq per  kg" is 0.45359237 kg CO2e per kg. */
static void refusals_and_rate_spellings(void **state)
{
    (void)state;
    const pcf_unit *kg = NULL, *u = NULL;
    pcf_error err;
    double v = 7;
    assert_int_equal(pcf_unit_parse("kg", &kg, &err), PCF_OK);
    assert_string_equal(pcf_unit_name(NULL), "");
    assert_true(pcf_unit_to_base(NULL) == 0.0);
    assert_int_equal(pcf_unit_factor(NULL, kg, &v, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_unit_factor: from is NULL");
    assert_true(v == 0.0);
    assert_int_equal(pcf_unit_factor(kg, NULL, &v, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_unit_factor: to is NULL");
    assert_int_equal(pcf_unit_factor(kg, kg, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_unit_factor: out is NULL");
    assert_int_equal(pcf_unit_convert(1, NULL, "kg", &v, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_unit_convert: from is NULL");
    assert_int_equal(pcf_unit_convert(1, "kg", NULL, &v, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_unit_convert: to is NULL");
    assert_int_equal(pcf_unit_convert(1, "kg", "g", NULL, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_unit_convert: out is NULL");
    assert_int_equal(pcf_number_parse(NULL, &v, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_number_parse: text is NULL");
    assert_int_equal(pcf_number_parse("1", NULL, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_number_parse: out is NULL");
    /* 1e400 overflows a double (the largest is about 1.8e308) */
    assert_int_equal(pcf_number_parse("1e400", &v, &err), PCF_ERR_PARSE);
    assert_true(v == 0.0);
    assert_int_equal(pcf_quantity_parse(NULL, &v, &u, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_quantity_parse: text is NULL");
    assert_int_equal(pcf_quantity_parse("1 kg", NULL, &u, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_quantity_parse: value_out is NULL");
    assert_int_equal(pcf_quantity_parse("1 kg", &v, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_quantity_parse: unit_out is NULL");
    assert_int_equal(pcf_quantity_parse("  2.5  ", &v, &u, &err), PCF_ERR_PARSE);
    assert_string_equal(err.message,
                        "\"  2.5  \" has no unit; write a number then a unit, like \"1.5 kg\"");
    assert_int_equal(pcf_quantity_parse("1e400 kg", &v, &u, &err), PCF_ERR_PARSE);
    assert_contains(err.message, "is not a quantity");

    int co2 = 5;
    const pcf_unit *per = NULL;
    assert_int_equal(pcf_unit_parse_rate("kgCO2e/kg", NULL, &per, &co2, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_unit_parse_rate: an argument is NULL");
    assert_int_equal(co2, 0);
    assert_int_equal(pcf_unit_parse_rate("lbCO2eq per  kg", &v, &per, &co2, &err), PCF_OK);
    assert_true(v == 0.45359237);
    assert_ptr_equal(per, kg);
    assert_int_equal(co2, 0);
    assert_int_equal(pcf_unit_parse_rate("kg CO2-eq / kWh", &v, &per, &co2, &err), PCF_OK);
    assert_true(v == 1.0);
    assert_string_equal(pcf_unit_symbol(per), "kWh");
    /* a numerator of 48 or more characters (spaces not counted) is no mass of CO2e */
    assert_int_equal(pcf_unit_parse_rate("kgCO2eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee/kg",
                                         &v, &per, &co2, &err),
                     PCF_ERR_PARSE);
    assert_contains(err.message, "is not an emission-rate unit");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_symbols_and_aliases),
        cmocka_unit_test(short_symbols_are_case_sensitive),
        cmocka_unit_test(conversions_exact_definitions),
        cmocka_unit_test(conversions_round_trip),
        cmocka_unit_test(cross_dimension_refused),
        cmocka_unit_test(dimension_names),
        cmocka_unit_test(numbers_parse),
        cmocka_unit_test(numbers_format_round_trip),
        cmocka_unit_test(quantities),
        cmocka_unit_test(locale_independent),
        cmocka_unit_test(emission_rates),
        cmocka_unit_test(refusals_and_rate_spellings),
    };
    return cmocka_run_group_tests_name("units", tests, NULL, NULL);
}
