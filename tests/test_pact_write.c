/*
 * The PACT writer (lib/pact_write.c) on records built by hand through the internal API, its
 * decimal text, and the field syntax of lib/pact.c (timestamps, spec versions, URNs). Every
 * expected document is written out in full; the figures are worked by hand in the comments.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "testutil.h"

#include "pact_internal.h"

#include <pcf/pcf.h>

#ifndef PACT_DATA_DIR
#error "PACT_DATA_DIR must name tests/data/pact"
#endif

static void dec(double v, const char *want)
{
    char buf[64];
    pcf__pact_decimal_text(v, buf, sizeof buf);
    if (strcmp(buf, want) != 0)
        fail_msg("%.17g written as \"%s\", expected \"%s\"", v, buf, want);
}

/*
 * PACT decimals are plain digits (no exponent) with at most 15 significant digits: the shortest
 * text of the double (pcf_number_format, which uses %g's exponent form for these) moved into
 * plain notation and rounded to 15 digits.
 */
static void test_decimal_text(void **state)
{
    (void)state;
    dec(1e-7, "0.0000001");                          /* "1e-07": point moved 7 left */
    dec(-2.5e-5, "-0.000025");                       /* "-2.5e-05" */
    dec(1.5e20, "150000000000000000000");            /* "1.5e+20": 21 digits, zeros filled */
    dec(123456789012345678.0, "123456789012346000"); /* 1.23456789012345678e17, 15 digits */
    dec(-0.0, "0");
    dec(0.1 + 0.2, "0.3"); /* 0.30000000000000004: the 16th and 17th digits are noise */
    /* 10 - 2^-49 = 9.999999999999998 (16 digits): rounded to 15 every 9 carries into "10" */
    dec(10 - ldexp(1, -49), "10");
    dec(0.99999999999999989, "1"); /* the double below 1, 17 nines: carries to "1" */
    dec(1e-16, "0.0000000000000001");
    /* never valid in PACT: written as pcf_number_format does, for the validator to name */
    dec(INFINITY, "inf");
    dec(-INFINITY, "-inf");

    /* a short buffer holds what fits, always terminated */
    char buf[8];
    memset(buf, 'x', sizeof buf);
    pcf__pact_decimal_text(-0.000025, buf, 5);
    assert_string_equal(buf, "-0.0");
    pcf__pact_decimal_text(150000.25, buf, 4);
    assert_string_equal(buf, "150");
    pcf__pact_decimal_text(2.5, buf, 2);
    assert_string_equal(buf, "2");
    pcf__pact_decimal_text(2.5, buf, 1);
    assert_string_equal(buf, "");
    buf[0] = 'x';
    pcf__pact_decimal_text(2.5, buf, 0); /* nothing may be written */
    assert_int_equal(buf[0], 'x');
}

/*
 * RFC 3339 timestamps as seconds since 1970 (days by the proleptic Gregorian calendar; the
 * figures below are Python's datetime(...).timestamp() for the same UTC instants).
 */
static void test_timestamps(void **state)
{
    (void)state;
    int64_t s = 0;
    /* 2024-02-29 is day 19782 after 1970-01-01: 19782 × 86400 = 1709164800; 12:30 +05:30 is
     * 07:00 UTC: + 25200 */
    assert_true(pcf__pact_timestamp_ok("2024-02-29T12:30:00+05:30", &s));
    assert_int_equal(s, 1709164800 + 25200);
    /* 1969-12-31T23:00:00-01:00 is 1970-01-01T00:00:00Z */
    assert_true(pcf__pact_timestamp_ok("1969-12-31T23:00:00-01:00", &s));
    assert_int_equal(s, 0);
    /* fractions are accepted and dropped; lower-case t and z as RFC 3339 allows */
    assert_true(pcf__pact_timestamp_ok("2025-01-01t00:00:01.250z", &s));
    assert_int_equal(s, 1735689601);
    /* year 0 (1 BC): 719528 days before 1970, × 86400 = 62167219200 s; January moves the year
     * to -1 in the day count, the calendar's negative-era branch */
    assert_true(pcf__pact_timestamp_ok("0000-01-01T00:00:00Z", &s));
    assert_int_equal(s, -62167219200LL);
    /* a leap second is valid RFC 3339 */
    assert_true(pcf__pact_timestamp_ok("2016-12-31T23:59:60Z", &s));
    assert_int_equal(s, 1483228800);

    static const char *const bad[] = {
        "2024-13-01T00:00:00Z",     "2024-00-01T00:00:00Z",      "2024-04-00T00:00:00Z",
        "2024-04-31T00:00:00Z",     "2024-01-01T24:00:00Z",      "2024-01-01T00:60:00Z",
        "2024-01-01T00:00:61Z",     "2024-01-01T00:00:00.Z",     "2024-01-01T00:00:00",
        "2024-01-01T00:00:00+0500", "2024-01-01T00:00:00+24:00", "2024-01-01T00:00:00+05:60",
        "2024-01-01T00:00:00+5:00", "2024-01-01T00:00:00+05:0x", "2024-01-01T00:00:00Zjunk",
        "2024-01-01 00:00:00Z",     "2024/01/01T00:00:00Z",      "2024-01-01T00-00:00Z"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (pcf__pact_timestamp_ok(bad[i], &s))
            fail_msg("\"%s\" was accepted as a timestamp", bad[i]);
}

static void test_field_syntax(void **state)
{
    (void)state;
    int major = 0;
    assert_true(pcf__pact_spec_version_ok("2.3.0-20240916", &major));
    assert_int_equal(major, 2);
    /* each part saturates instead of overflowing */
    assert_true(pcf__pact_spec_version_ok("12345678901234567890.0.0", &major));
    assert_int_equal(major, 123456); /* 123456 >= 100000: no more digits taken */
    assert_false(pcf__pact_spec_version_ok("3.0.0-2024091", &major));
    assert_false(pcf__pact_spec_version_ok("3.0.0-2024091x", &major));
    assert_false(pcf__pact_spec_version_ok("3.0.0+1", &major));
    assert_false(pcf__pact_spec_version_ok("3.0", &major));
    assert_false(pcf__pact_spec_version_ok("3..0", &major));

    assert_true(pcf__pact_decimal_ok("+1.5", 3));
    assert_false(pcf__pact_decimal_ok("+1.5", 2)); /* v2 has no '+' */
    assert_true(pcf__pact_decimal_ok("-0.25", 2));
    assert_false(pcf__pact_decimal_ok("1.", 3));
    assert_false(pcf__pact_decimal_ok(".5", 3));
    assert_false(pcf__pact_decimal_ok("1e5", 3));

    assert_true(pcf__pact_urn_ok("URN:pathfinder:product:id:x"));
    assert_true(pcf__pact_urn_ok("urn:ab:c"));
    assert_false(pcf__pact_urn_ok("urx:ab:c"));
    assert_false(pcf__pact_urn_ok("urn::c"));                                  /* empty NID */
    assert_false(pcf__pact_urn_ok("urn:ab:"));                                 /* empty NSS */
    assert_false(pcf__pact_urn_ok("urn:ab"));                                  /* no NSS */
    assert_false(pcf__pact_urn_ok("urn:a_b:c"));                               /* '_' in NID */
    assert_false(pcf__pact_urn_ok("urn:abcdefghijklmnopqrstuvwxyz0123456:c")); /* 33 > 32 */
    assert_true(pcf__pact_urn_ok("urn:abcdefghijklmnopqrstuvwxyz012345:c"));   /* 32 */

    assert_true(pcf__pact_uuid_ok("3fa85f64-5717-4562-B3FC-2c963f66afa6"));
    assert_false(pcf__pact_uuid_ok("3fa85f64-5717-4562-b3fc-2c963f66afa"));
    assert_false(pcf__pact_uuid_ok("3fa85f64-5717-4562-b3fc-2c963f66afa6-"));
    assert_false(pcf__pact_uuid_ok("3fa85f64x5717-4562-b3fc-2c963f66afa6"));
    assert_false(pcf__pact_uuid_ok("3fa85f64-5717-4562-b3fc-2c963f66afg6"));

    /* the UUID formatter refuses a short output and says how long it must be */
    char id[PCF_PACT_UUID_LEN + 1] = "x";
    uint8_t bytes[16] = {0};
    pcf_error err;
    assert_int_equal(pcf_pact_uuid_format(bytes, id, PCF_PACT_UUID_LEN, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(id, "");
    assert_string_equal(err.message,
                        "pcf_pact_uuid_format: need 16 bytes and an output of at least 37 bytes");
    assert_int_equal(pcf_pact_uuid_format(NULL, NULL, 0, &err), PCF_ERR_INVALID_ARG);
    /* all-zero bytes: only the version (4) and variant (10xx = 8) bits are set */
    assert_int_equal(pcf_pact_uuid_format(bytes, id, sizeof id, &err), PCF_OK);
    assert_string_equal(id, "00000000-0000-4000-8000-000000000000");
}

static void text(pcf_pact_footprint *r, int field, const char *value)
{
    assert_int_equal(pcf__pact_set_text(r, field, value), PCF_OK);
}

static void item(pcf_pact_footprint *r, int list, const char *value)
{
    assert_int_equal(pcf__pact_list_add(r, list, value), PCF_OK);
}

/* A v3 footprint with every field v3 requires: one piece of 80 kg (PACT's car door), figures per
 * door. */
static void door_v3(pcf_pact_footprint *r)
{
    pcf__pact_record_init(r);
    r->major = 3;
    text(r, PACT_T_ID, "3fa85f64-5717-4562-b3fc-2c963f66afa6");
    text(r, PACT_T_SPEC_VERSION, "3.0.0");
    text(r, PACT_T_CREATED, "2025-03-01T09:32:20Z");
    text(r, PACT_T_COMPANY_NAME, "Door Co");
    item(r, PACT_L_COMPANY_IDS, "urn:company:example:door");
    text(r, PACT_T_PRODUCT_DESCRIPTION, "Car door");
    item(r, PACT_L_PRODUCT_IDS, "urn:product:example:door");
    text(r, PACT_T_PRODUCT_NAME_COMPANY, "Door");
    text(r, PACT_T_DECLARED_UNIT, "piece");
    pcf__pact_set_value(r, PCF_PACT_DECLARED_UNIT_AMOUNT, 1);
    pcf__pact_set_value(r, PCF_PACT_PRODUCT_MASS_KG, 80);
    text(r, PACT_T_REF_START, "2024-01-01T00:00:00Z");
    text(r, PACT_T_REF_END, "2025-01-01T00:00:00Z");
    pcf__pact_set_value(r, PCF_PACT_PCF_EXCLUDING_BIOGENIC, 200);
    pcf__pact_set_value(r, PCF_PACT_PCF_INCLUDING_BIOGENIC, 180);
    pcf__pact_set_value(r, PCF_PACT_FOSSIL_GHG_EMISSIONS, 196);
    pcf__pact_set_value(r, PCF_PACT_FOSSIL_CARBON_CONTENT, 40);
    pcf__pact_set_value(r, PCF_PACT_BIOGENIC_CO2_UPTAKE, -20);
    item(r, PACT_L_IPCC, "AR6");
    item(r, PACT_L_STANDARDS, "ISO14067");
    pcf__pact_set_value(r, PCF_PACT_EXEMPTED_EMISSIONS_PERCENT, 0);
    r->packaging = 0;
}

static char *write_ok(const pcf_pact_footprint *r, int version, int from_model)
{
    char *out = NULL;
    pcf_error err;
    pcf_status st = pcf__pact_write(r, version, from_model, &out, &err);
    if (st != PCF_OK)
        fail_msg("%s: %s at %s", pcf_status_name(st), err.message, err.path);
    return out;
}

static void write_refused(const pcf_pact_footprint *r, int version, int from_model, pcf_status want,
                          const char *message, const char *path)
{
    char *out = (char *)"unset";
    pcf_error err;
    pcf_status st = pcf__pact_write(r, version, from_model, &out, &err);
    if (st != want)
        fail_msg("%s, expected %s (%s)", pcf_status_name(st), pcf_status_name(want), err.message);
    assert_string_equal(out, "unset");
    assert_string_equal(err.message, message);
    assert_string_equal(err.path, path);
}

/* The door as v3, every field as set above: nothing optional is invented. */
static const char door_v3_text[] = "{\n"
                                   "  \"id\": \"3fa85f64-5717-4562-b3fc-2c963f66afa6\",\n"
                                   "  \"specVersion\": \"3.0.0\",\n"
                                   "  \"created\": \"2025-03-01T09:32:20Z\",\n"
                                   "  \"status\": \"Active\",\n"
                                   "  \"companyName\": \"Door Co\",\n"
                                   "  \"companyIds\": [\"urn:company:example:door\"],\n"
                                   "  \"productDescription\": \"Car door\",\n"
                                   "  \"productIds\": [\"urn:product:example:door\"],\n"
                                   "  \"productNameCompany\": \"Door\",\n"
                                   "  \"pcf\": {\n"
                                   "    \"declaredUnitOfMeasurement\": \"piece\",\n"
                                   "    \"declaredUnitAmount\": \"1\",\n"
                                   "    \"productMassPerDeclaredUnit\": \"80\",\n"
                                   "    \"referencePeriodStart\": \"2024-01-01T00:00:00Z\",\n"
                                   "    \"referencePeriodEnd\": \"2025-01-01T00:00:00Z\",\n"
                                   "    \"pcfExcludingBiogenicUptake\": \"200\",\n"
                                   "    \"pcfIncludingBiogenicUptake\": \"180\",\n"
                                   "    \"fossilGhgEmissions\": \"196\",\n"
                                   "    \"fossilCarbonContent\": \"40\",\n"
                                   "    \"biogenicCO2Uptake\": \"-20\",\n"
                                   "    \"ipccCharacterizationFactors\": [\"AR6\"],\n"
                                   "    \"crossSectoralStandards\": [\"ISO14067\"],\n"
                                   "    \"exemptedEmissionsPercent\": \"0\",\n"
                                   "    \"packagingEmissionsIncluded\": false\n"
                                   "  }\n"
                                   "}";

/*
 * The door as v2.3, which has no piece: per kilogram of the door, unitaryProductAmount its mass
 * 80 and every figure ÷ 80: excluding 200/80 = 2.5, including 180/80 = 2.25, fossil 196/80 =
 * 2.45, fossil carbon 40/80 = 0.5, biogenic carbon 8/80 = 0.1, uptake −20/80 = −0.25. The
 * percentages and ratings do not scale and are JSON numbers in v2 (integers where whole). Two
 * source names with one version are no pairs: secondaryEmissionFactorSources is left out. v2.3
 * also states the deprecated characterizationFactors and crossSectoralStandardsUsed, version 1,
 * an empty comment and an empty exemptedEmissionsDescription.
 */
static const char door_v2_text[] = "{\n"
                                   "  \"id\": \"3fa85f64-5717-4562-b3fc-2c963f66afa6\",\n"
                                   "  \"specVersion\": \"2.3.0\",\n"
                                   "  \"version\": 1,\n"
                                   "  \"created\": \"2025-03-01T09:32:20Z\",\n"
                                   "  \"status\": \"Active\",\n"
                                   "  \"companyName\": \"Door Co\",\n"
                                   "  \"companyIds\": [\"urn:company:example:door\"],\n"
                                   "  \"productDescription\": \"Car door\",\n"
                                   "  \"productIds\": [\"urn:product:example:door\"],\n"
                                   "  \"productCategoryCpc\": \"49\",\n"
                                   "  \"productNameCompany\": \"Door\",\n"
                                   "  \"comment\": \"\",\n"
                                   "  \"pcf\": {\n"
                                   "    \"declaredUnit\": \"kilogram\",\n"
                                   "    \"unitaryProductAmount\": \"80\",\n"
                                   "    \"productMassPerDeclaredUnit\": \"1\",\n"
                                   "    \"referencePeriodStart\": \"2024-01-01T00:00:00Z\",\n"
                                   "    \"referencePeriodEnd\": \"2025-01-01T00:00:00Z\",\n"
                                   "    \"boundaryProcessesDescription\": \"Cradle-to-gate\",\n"
                                   "    \"pCfExcludingBiogenic\": \"2.5\",\n"
                                   "    \"pCfIncludingBiogenic\": \"2.25\",\n"
                                   "    \"fossilGhgEmissions\": \"2.45\",\n"
                                   "    \"fossilCarbonContent\": \"0.5\",\n"
                                   "    \"biogenicCarbonContent\": \"0.1\",\n"
                                   "    \"biogenicCarbonWithdrawal\": \"-0.25\",\n"
                                   "    \"characterizationFactors\": \"AR6\",\n"
                                   "    \"ipccCharacterizationFactorsSources\": [\"AR6\"],\n"
                                   "    \"crossSectoralStandardsUsed\": [\"ISO Standard 14067\"],\n"
                                   "    \"crossSectoralStandards\": [\"ISO14067\"],\n"
                                   "    \"exemptedEmissionsPercent\": 2.5,\n"
                                   "    \"exemptedEmissionsDescription\": \"\",\n"
                                   "    \"packagingEmissionsIncluded\": false,\n"
                                   "    \"primaryDataShare\": 12.9,\n"
                                   "    \"dqi\": {\n"
                                   "      \"coveragePercent\": 78.5,\n"
                                   "      \"technologicalDQR\": 2,\n"
                                   "      \"temporalDQR\": 1.5,\n"
                                   "      \"geographicalDQR\": 3,\n"
                                   "      \"completenessDQR\": 2,\n"
                                   "      \"reliabilityDQR\": 1\n"
                                   "    }\n"
                                   "  }\n"
                                   "}";

static void test_write_door(void **state)
{
    (void)state;
    pcf_pact_footprint r;
    door_v3(&r);
    char *o = write_ok(&r, 3, 0);
    assert_string_equal(o, door_v3_text);
    free(o);
    /* v2.3 needs three more fields */
    write_refused(&r, 2, 0, PCF_ERR_DATA_MISSING,
                  "PACT v2 needs productCategoryCpc, boundaryProcessesDescription, "
                  "biogenicCarbonContent, which the source footprint does not give: add "
                  "productCategoryCpc, boundaryProcessesDescription, biogenicCarbonContent with "
                  "--pact-fields FILE ({\"pact\": {...}})",
                  "$");
    text(&r, PACT_T_PRODUCT_CATEGORY_CPC, "49");
    text(&r, PACT_T_BOUNDARY, "Cradle-to-gate");
    pcf__pact_set_value(&r, PCF_PACT_BIOGENIC_CARBON_CONTENT, 8);
    pcf__pact_set_value(&r, PCF_PACT_EXEMPTED_EMISSIONS_PERCENT, 2.5);
    pcf__pact_set_value(&r, PCF_PACT_PRIMARY_DATA_SHARE, 12.9);
    pcf__pact_set_value(&r, PCF_PACT_DQI_TECHNOLOGICAL, 2);
    pcf__pact_set_value(&r, PCF_PACT_DQI_TEMPORAL, 1.5);
    pcf__pact_set_value(&r, PCF_PACT_DQI_GEOGRAPHICAL, 3);
    pcf__pact_set_value(&r, PCF_PACT_DQI_COMPLETENESS, 2);
    pcf__pact_set_value(&r, PCF_PACT_DQI_RELIABILITY, 1);
    item(&r, PACT_L_SOURCE_NAMES, "ecoinvent");
    item(&r, PACT_L_SOURCE_NAMES, "GaBi");
    item(&r, PACT_L_SOURCE_VERSIONS, "3.9");
    /* v2.3's dqi needs all five ratings and the coverage: without the coverage, no dqi (the
     * document is complete without it) */
    o = write_ok(&r, 2, 0);
    assert_null(strstr(o, "\"dqi\""));
    free(o);
    pcf__pact_set_value(&r, PCF_PACT_DQI_COVERAGE_PERCENT, 78.5);
    o = write_ok(&r, 2, 0);
    assert_string_equal(o, door_v2_text);
    free(o);
    /* a piece without a mass has no v2.3 unit */
    pcf__pact_set_value(&r, PCF_PACT_PRODUCT_MASS_KG, 0);
    write_refused(&r, 2, 0, PCF_ERR_UNSUPPORTED,
                  "PACT v2.3 has no declared unit \"piece\" (v3.0 has); write v3.0 or declare the "
                  "product per kilogram, liter, cubic meter, kilowatt hour, megajoule, ton "
                  "kilometer or square meter",
                  "");
    r.has[PCF_PACT_PRODUCT_MASS_KG] = 0;
    write_refused(&r, 2, 0, PCF_ERR_UNSUPPORTED,
                  "PACT v2.3 has no declared unit \"piece\" (v3.0 has); write v3.0 or declare the "
                  "product per kilogram, liter, cubic meter, kilowatt hour, megajoule, ton "
                  "kilometer or square meter",
                  "");
    /* v3 rates only technology, time and geography, as decimals; all three or none */
    r.has[PCF_PACT_DQI_GEOGRAPHICAL] = 0;
    pcf__pact_set_value(&r, PCF_PACT_PRODUCT_MASS_KG, 80);
    o = write_ok(&r, 3, 0);
    assert_null(strstr(o, "\"dqi\""));
    free(o);
    pcf__pact_set_value(&r, PCF_PACT_DQI_GEOGRAPHICAL, 3);
    o = write_ok(&r, 3, 0);
    assert_contains(o, "    \"primaryDataShare\": \"12.9\",\n"
                       "    \"dqi\": {\n"
                       "      \"technologicalDQR\": \"2\",\n"
                       "      \"temporalDQR\": \"1.5\",\n"
                       "      \"geographicalDQR\": \"3\"\n"
                       "    }\n");
    free(o);
    pcf__pact_record_free(&r);
}

/* What v2.3 cannot express, each with its fix; the first refusal is the one reported. */
static void test_write_v2_refusals(void **state)
{
    (void)state;
    pcf_pact_footprint r;
    door_v3(&r);
    text(&r, PACT_T_PRODUCT_CATEGORY_CPC, "49");
    text(&r, PACT_T_BOUNDARY, "Cradle-to-gate");
    pcf__pact_set_value(&r, PCF_PACT_BIOGENIC_CARBON_CONTENT, 8);
    text(&r, PACT_T_DECLARED_UNIT, "hour");
    r.list[PACT_L_IPCC].items[0][2] = '4'; /* AR4 */
    write_refused(&r, 2, 0, PCF_ERR_UNSUPPORTED,
                  "PACT v2.3 has no declared unit \"hour\" (v3.0 has); write v3.0 or declare the "
                  "product per kilogram, liter, cubic meter, kilowatt hour, megajoule, ton "
                  "kilometer or square meter",
                  "");
    text(&r, PACT_T_DECLARED_UNIT, "kilogram");
    write_refused(&r, 2, 0, PCF_ERR_UNSUPPORTED,
                  "PACT v2.3 accepts characterization factors AR5 or AR6 only, but the footprint "
                  "used AR4; calculate with --gwp AR6 (or AR5)",
                  "");
    r.list[PACT_L_IPCC].items[0][2] = '5';
    item(&r, PACT_L_STANDARDS, "XYZ");
    write_refused(&r, 2, 0, PCF_ERR_UNSUPPORTED,
                  "PACT v2.3 has no cross-sectoral standard \"XYZ\"; write v3.0 or name one of "
                  "ISO14067, ISO14083, ISO14040-44, GHGP-Product, PEF, PAS2050, PACT-1.0/2.0/3.0",
                  "");
    /* v3 takes any name */
    char *o = write_ok(&r, 3, 0);
    assert_contains(o, "    \"crossSectoralStandards\": [\"ISO14067\", \"XYZ\"],\n");
    free(o);
    /* PEF and PACT-3.0 have no spelling in v2.3's deprecated crossSectoralStandardsUsed */
    for (size_t i = 0; i < r.list[PACT_L_STANDARDS].n; i++)
        free(r.list[PACT_L_STANDARDS].items[i]);
    r.list[PACT_L_STANDARDS].n = 0;
    item(&r, PACT_L_STANDARDS, "PEF");
    item(&r, PACT_L_STANDARDS, "PACT-3.0");
    write_refused(&r, 2, 0, PCF_ERR_UNSUPPORTED,
                  "PACT v2.3 cannot express this footprint: v2.3 also requires "
                  "crossSectoralStandardsUsed, which names only the GHG Protocol Product standard, "
                  "ISO 14067 or ISO 14044, and the footprint follows none of them; keep it in v3.0",
                  "");
    pcf__pact_record_free(&r);
}

/* Every field a version requires is named at once, with where to give it. */
static void test_write_missing(void **state)
{
    (void)state;
    pcf_pact_footprint r;
    pcf__pact_record_init(&r);
    write_refused(
        &r, 3, 0, PCF_ERR_DATA_MISSING,
        "PACT v3 needs id, created, companyName, companyIds, productDescription, productIds, "
        "productNameCompany, declaredUnitOfMeasurement, declaredUnitAmount, "
        "productMassPerDeclaredUnit, referencePeriodStart, referencePeriodEnd, "
        "pcfExcludingBiogenicUptake, pcfIncludingBiogenicUptake, fossilGhgEmissions, "
        "fossilCarbonContent, ipccCharacterizationFactors, crossSectoralStandards, "
        "exemptedEmissionsPercent, which the source footprint does not give: add id, created, "
        "companyName, companyIds, productDescription, productIds, productNameCompany, "
        "declaredUnitOfMeasurement, declaredUnitAmount, productMassPerDeclaredUnit, "
        "referencePeriodStart, referencePeriodEnd, pcfExcludingBiogenicUptake, "
        "pcfIncludingBiogenicUptake, fossilGhgEmissions, fossilCarbonContent, "
        "ipccCharacterizationFactors, crossSectoralStandards, exemptedEmissionsPercent with "
        "--pact-fields FILE ({\"pact\": {...}})",
        "$");
    /* from a model, v2.3: the model key of v2's declaredUnit is the v3 name; packaging too */
    char *out = NULL;
    pcf_error err;
    assert_int_equal(pcf__pact_write(&r, 2, 1, &out, &err), PCF_ERR_DATA_MISSING);
    assert_null(out);
    assert_string_equal(err.path, "$.pact");
    assert_contains(err.message,
                    "PACT v2 needs id, created, companyName, companyIds, productDescription, "
                    "productIds, productCategoryCpc, productNameCompany, declaredUnit, "
                    "unitaryProductAmount, referencePeriodStart, referencePeriodEnd, "
                    "boundaryProcessesDescription, pCfExcludingBiogenic, pCfIncludingBiogenic, "
                    "fossilGhgEmissions, fossilCarbonContent, biogenicCarbonContent, "
                    "ipccCharacterizationFactorsSources, crossSectoralStandards, "
                    "exemptedEmissionsPercent, packagingEmissionsIncluded, which the calculation "
                    "cannot know: add id, created, companyName, companyIds, productDescription, "
                    "productIds, productCategoryCpc, productNameCompany, "
                    "declaredUnitOfMeasurement, unitaryProductAmount, ");
    pcf__pact_record_free(&r);
}

static void convert_refused(const char *doc, pcf_status want, const char *message, const char *path)
{
    char *out = NULL;
    pcf_error err;
    pcf_status st = pcf_pact_convert(doc, NULL, 3, &out, &err);
    if (st != want)
        fail_msg("%s: %s, expected %s (%s)", doc, pcf_status_name(st), pcf_status_name(want),
                 err.message);
    assert_null(out);
    assert_string_equal(err.message, message);
    assert_string_equal(err.path, path);
}

/* Whatever shape the document has, a footprint that is not an object is named where it is. */
static void test_convert_shapes(void **state)
{
    (void)state;
    convert_refused("[1]", PCF_ERR_PARSE, "a ProductFootprint must be a JSON object", "$");
    /* bug: a "data" that is a string or number was reported as out of memory (jansson does not
     * write a lone scalar unless asked to) */
    convert_refused("{\"data\": \"x\"}", PCF_ERR_PARSE, "a ProductFootprint must be a JSON object",
                    "$.data");
    convert_refused("{\"data\": [{}, 7]}", PCF_ERR_PARSE,
                    "specVersion is mandatory in PACT v3 (and 9 more problems)",
                    "$.data[0].specVersion");
    convert_refused("{\"data\": {\"pfs\": 5}}", PCF_ERR_PARSE,
                    "specVersion is mandatory in PACT v3 (and 9 more problems)",
                    "$.data.specVersion");
    /* an event with no footprints is an empty response */
    char *out = NULL;
    pcf_error err;
    assert_int_equal(pcf_pact_convert("{\"data\": {\"pfs\": []}}", NULL, 2, &out, &err), PCF_OK);
    assert_string_equal(out, "{\n  \"data\": []\n}");
    pcf_free(out);
    /* without an output or with another version: refused; without err: the status alone */
    assert_int_equal(pcf_pact_convert("{}", NULL, 3, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message,
                        "pcf_pact_convert: needs a document, an output and version 2 or 3");
    assert_int_equal(pcf_pact_convert("{\"data\": [7]}", NULL, 3, &out, NULL), PCF_ERR_PARSE);
    assert_null(out);
}

/* --pact-fields fills what the source leaves out, and never what it gives. */
static void test_convert_fields_fill(void **state)
{
    (void)state;
    char *doc = testutil_slurp(PACT_DATA_DIR, "v3-example-1.json");
    /* the v3 example without packagingEmissionsIncluded, which v3 may leave out */
    char *p = strstr(doc, "    \"packagingEmissionsIncluded\": false,\n");
    assert_non_null(p);
    memmove(p, p + strlen("    \"packagingEmissionsIncluded\": false,\n"),
            strlen(p + strlen("    \"packagingEmissionsIncluded\": false,\n")) + 1);
    char *out = NULL;
    pcf_error err;
    assert_int_equal(pcf_pact_convert(doc, NULL, 3, &out, &err), PCF_OK);
    assert_null(strstr(out, "packagingEmissionsIncluded"));
    pcf_free(out);
    pcf_pact_options *f = NULL;
    assert_int_equal(pcf_pact_options_create(&f), PCF_OK);
    assert_int_equal(pcf_pact_options_set(f, "packagingEmissionsIncluded", "true", &err), PCF_OK);
    assert_int_equal(pcf_pact_options_set(f, "companyName", "Not used", &err), PCF_OK);
    assert_int_equal(pcf_pact_options_set(f, "boundaryProcessesDescription", "Gate", &err), PCF_OK);
    assert_int_equal(pcf_pact_convert(doc, f, 3, &out, &err), PCF_OK);
    /* packaging included without packagingGhgEmissions, which is optional; the source's company
     * kept */
    assert_contains(out, "    \"exemptedEmissionsPercent\": \"0\",\n"
                         "    \"packagingEmissionsIncluded\": true,\n"
                         "    \"primaryDataShare\": \"56.12\",\n");
    assert_contains(out, "  \"companyName\": \"Company 1\",\n");
    assert_contains(out, "    \"boundaryProcessesDescription\": \"Gate\",\n");
    pcf_free(out);
    pcf_pact_options_destroy(f);
    free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decimal_text),      cmocka_unit_test(test_timestamps),
        cmocka_unit_test(test_field_syntax),      cmocka_unit_test(test_write_door),
        cmocka_unit_test(test_write_v2_refusals), cmocka_unit_test(test_write_missing),
        cmocka_unit_test(test_convert_shapes),    cmocka_unit_test(test_convert_fields_fill),
    };
    return cmocka_run_group_tests_name("pact_write", tests, NULL, NULL);
}
