/*
 * Tests of pcf/pact.h: PACT ProductFootprint validation, reading, writing, UUIDs, options.
 * GPL-3.0-or-later; see LICENSE.
 *
 * The documents under tests/data/pact/ mirror the published PACT examples (see the README there);
 * expected numbers come from the PACT Technical Specification examples (RC-9, RC-10; stated in
 * docs/methods.md#rc-9 and #rc-10) as noted at each assertion.
 */
#include "testutil.h"

#include <pcf/pcf.h>

#include <jansson.h>
#include <stdlib.h>

#ifndef PACT_DATA_DIR
#error "PACT_DATA_DIR must name tests/data/pact"
#endif

static pcf_pact_footprint *read_ok(const char *json)
{
    pcf_error err;
    pcf_pact_footprint *fp = NULL;
    pcf_status st = pcf_pact_read(json, NULL, &fp, &err);
    if (st != PCF_OK)
        print_error("pcf_pact_read: %s at %s\n", err.message, err.path);
    assert_int_equal(st, PCF_OK);
    assert_non_null(fp);
    return fp;
}

static double get(const pcf_pact_footprint *fp, pcf_pact_value v)
{
    double x = -999;
    pcf_error err;
    assert_int_equal(pcf_pact_footprint_get(fp, v, &x, &err), PCF_OK);
    return x;
}

/* ---- valid documents ---- */

static void test_valid_examples(void **state)
{
    (void)state;
    const char *files[] = {"v2-bioethanol.json", "v3-example-1.json", "v3-example-2.json",
                           "v3-example-4.json"};
    for (size_t i = 0; i < 4; i++) {
        char *doc = testutil_slurp(PACT_DATA_DIR, files[i]);
        pcf_diag *d;
        assert_int_equal(pcf_diag_create(&d), PCF_OK);
        pcf_error err;
        pcf_status st = pcf_pact_validate(doc, d, &err);
        if (st != PCF_OK)
            print_error("%s: %s at %s\n", files[i], err.message, err.path);
        assert_int_equal(st, PCF_OK);
        assert_int_equal(pcf_diag_count(d), 0);
        assert_int_equal(err.code, PCF_OK);
        pcf_diag_destroy(d);
        free(doc);
    }
}

/* RC-10 (docs/methods.md#rc-10): the v2 bio-ethanol example's published values, and
 * 0.41 kgC × 44/12 = 1.503 ≈ 1.5. */
static void test_read_v2_rc10(void **state)
{
    (void)state;
    char *doc = testutil_slurp(PACT_DATA_DIR, "v2-bioethanol.json");
    pcf_pact_footprint *fp = read_ok(doc);
    assert_int_equal(pcf_pact_footprint_spec_major(fp), 2);
    assert_string_equal(pcf_pact_footprint_text(fp, "declaredUnitOfMeasurement"), "liter");
    assert_string_equal(pcf_pact_footprint_unit_symbol(fp), "L");
    assert_string_equal(pcf_pact_footprint_text(fp, "geography"), "Western Europe");
    assert_string_equal(pcf_pact_footprint_text(fp, "companyName"), "My Corp");
    assert_null(pcf_pact_footprint_text(fp, "noSuchField"));
    assert_double_close(get(fp, PCF_PACT_DECLARED_UNIT_AMOUNT), 1, 0, 0);
    assert_double_close(get(fp, PCF_PACT_PCF_EXCLUDING_BIOGENIC), 1.63, 0, 0);
    assert_double_close(get(fp, PCF_PACT_PCF_INCLUDING_BIOGENIC), 1.85, 0, 0);
    assert_double_close(get(fp, PCF_PACT_FOSSIL_GHG_EMISSIONS), 1.5, 0, 0);
    assert_double_close(get(fp, PCF_PACT_DLUC_GHG_EMISSIONS), 0.8, 0, 0);
    assert_double_close(get(fp, PCF_PACT_LAND_MANAGEMENT_GHG_EMISSIONS), 0.6, 0, 0);
    assert_double_close(get(fp, PCF_PACT_BIOGENIC_NON_CO2), 0.4, 0, 0);
    assert_double_close(get(fp, PCF_PACT_AIRCRAFT_GHG_EMISSIONS), 0.2, 0, 0);
    assert_double_close(get(fp, PCF_PACT_PRIMARY_DATA_SHARE), 12.9, 0, 0);
    assert_double_close(get(fp, PCF_PACT_DQI_COVERAGE_PERCENT), 78, 0, 0);
    assert_double_close(get(fp, PCF_PACT_DQI_TECHNOLOGICAL), 1.6, 0, 0);
    assert_double_close(get(fp, PCF_PACT_DQI_TEMPORAL), 2.6, 0, 0);
    assert_double_close(get(fp, PCF_PACT_DQI_GEOGRAPHICAL), 1.8, 0, 0);
    assert_double_close(get(fp, PCF_PACT_DQI_COMPLETENESS), 1.7, 0, 0);
    assert_double_close(get(fp, PCF_PACT_DQI_RELIABILITY), 2.1, 0, 0);
    /* RC-10: withdrawal = −carbon × 44/12 = −1.5033, published rounded to −1.5. */
    double c = get(fp, PCF_PACT_BIOGENIC_CARBON_CONTENT);
    assert_double_close(c, 0.41, 0, 0);
    assert_double_close(get(fp, PCF_PACT_BIOGENIC_CO2_UPTAKE), -c * 44.0 / 12.0, 0, 0.005);
    /* undefined fields say so, naming the v2 field */
    double x = 1;
    pcf_error err;
    assert_int_equal(pcf_pact_footprint_get(fp, PCF_PACT_PACKAGING_GHG_EMISSIONS, &x, &err),
                     PCF_ERR_NOT_FOUND);
    assert_contains(err.message, "packagingGhgEmissions");
    assert_double_close(x, 0, 0, 0);
    assert_int_equal(pcf_pact_footprint_get(fp, PCF_PACT_VALUE_COUNT_, &x, &err),
                     PCF_ERR_INVALID_ARG);
    pcf_pact_footprint_destroy(fp);
    free(doc);
}

/* RC-9 (docs/methods.md#rc-9): pcfIncluding = pcfExcluding + biogenicCO2Uptake and
 * uptake ≈ −carbon × 44/12, both to the published rounding (0.005), for v3 examples 1, 2 and 4. */
static void test_read_v3_rc9(void **state)
{
    (void)state;
    const struct {
        const char *file;
        double carbon, uptake, excl, incl;
    } ex[] = {
        {"v3-example-1.json", 0.44, -1.61, 0.384, -1.23},
        {"v3-example-2.json", 5.28, -19.36, 5.14, -14.22},
        {"v3-example-4.json", 0.1, -0.37, 0.42, 0.05},
    };
    for (size_t i = 0; i < 3; i++) {
        char *doc = testutil_slurp(PACT_DATA_DIR, ex[i].file);
        pcf_pact_footprint *fp = read_ok(doc);
        assert_int_equal(pcf_pact_footprint_spec_major(fp), 3);
        double c = get(fp, PCF_PACT_BIOGENIC_CARBON_CONTENT);
        double up = get(fp, PCF_PACT_BIOGENIC_CO2_UPTAKE);
        double excl = get(fp, PCF_PACT_PCF_EXCLUDING_BIOGENIC);
        double incl = get(fp, PCF_PACT_PCF_INCLUDING_BIOGENIC);
        assert_double_close(c, ex[i].carbon, 0, 0);
        assert_double_close(up, ex[i].uptake, 0, 0);
        assert_double_close(excl, ex[i].excl, 0, 0);
        assert_double_close(incl, ex[i].incl, 0, 0);
        assert_double_close(incl, excl + up, 0, 0.005);
        assert_double_close(up, -c * 44.0 / 12.0, 0, 0.005);
        pcf_pact_footprint_destroy(fp);
        free(doc);
    }
    /* ex-4 components: 0.17 fossil + 0.2 LUC + 0.05 land management + 0.001 = 0.421 ≈ 0.42. */
    char *doc = testutil_slurp(PACT_DATA_DIR, "v3-example-4.json");
    pcf_pact_footprint *fp = read_ok(doc);
    assert_double_close(get(fp, PCF_PACT_LAND_MANAGEMENT_GHG_EMISSIONS), 0.05, 0, 1e-15);
    assert_double_close(
        get(fp, PCF_PACT_FOSSIL_GHG_EMISSIONS) + get(fp, PCF_PACT_DLUC_GHG_EMISSIONS) +
            get(fp, PCF_PACT_LAND_MANAGEMENT_GHG_EMISSIONS) + get(fp, PCF_PACT_BIOGENIC_NON_CO2),
        get(fp, PCF_PACT_PCF_EXCLUDING_BIOGENIC), 0, 0.005);
    assert_string_equal(pcf_pact_footprint_text(fp, "geography"),
                        "Latin America and the Caribbean");
    assert_string_equal(pcf_pact_footprint_unit_symbol(fp), "kg");
    pcf_pact_footprint_destroy(fp);
    free(doc);
}

/* ---- one broken variant per rule ---- */

typedef struct rule_case {
    const char *name;
    const char *file;
    const char *edit;        /* JSON path-ish: "pcf.key" or "key" or "pcf.dqi.key" */
    const char *value;       /* JSON text of the new value, or NULL to delete */
    const char *path;        /* expected path of the violation */
    const char *words;       /* expected part of the message */
    const char *also_delete; /* a second edit: a key of "pcf" to delete, or NULL */
} rule_case;

static const rule_case rule_cases[] = {
    {"missing id", "v3-example-4.json", "id", NULL, "$.id", "id is mandatory", NULL},
    {"uuid format", "v3-example-4.json", "id", "\"d5cba999-6a4b-4cbe-9e0a\"", "$.id",
     "is not a UUID", NULL},
    {"specVersion pattern", "v3-example-4.json", "specVersion", "\"3.0\"", "$.specVersion",
     "does not match", NULL},
    {"specVersion major", "v3-example-4.json", "specVersion", "\"4.0.0\"", "$.specVersion",
     "2.x and 3.x only", NULL},
    {"companyIds urn", "v3-example-4.json", "companyIds", "[\"company4\"]", "$.companyIds[0]",
     "is not a URN", NULL},
    {"companyIds empty", "v3-example-4.json", "companyIds", "[]", "$.companyIds",
     "must not be empty", NULL},
    {"productIds unique", "v3-example-4.json", "productIds", "[\"urn:gtin:1\", \"urn:gtin:1\"]",
     "$.productIds[1]", "listed twice", NULL},
    {"companyName empty", "v3-example-4.json", "companyName", "\"\"", "$.companyName",
     "must not be empty", NULL},
    {"status enum", "v3-example-4.json", "status", "\"Draft\"", "$.status", "Active, Deprecated",
     NULL},
    {"created format", "v3-example-4.json", "created", "\"30/04/2025\"", "$.created", "ISO 8601",
     NULL},
    {"decimal string", "v3-example-4.json", "pcf.fossilGhgEmissions", "0.17",
     "$.pcf.fossilGhgEmissions", "decimal written as a JSON string", NULL},
    {"decimal pattern", "v3-example-4.json", "pcf.fossilGhgEmissions", "\"1e-3\"",
     "$.pcf.fossilGhgEmissions", "not a decimal string", NULL},
    {"decimal comma", "v3-example-4.json", "pcf.pcfExcludingBiogenicUptake", "\"0,42\"",
     "$.pcf.pcfExcludingBiogenicUptake", "not a decimal string", NULL},
    {"fossil >= 0", "v3-example-4.json", "pcf.fossilGhgEmissions", "\"-0.17\"",
     "$.pcf.fossilGhgEmissions", "must be zero or positive", NULL},
    {"uptake <= 0", "v3-example-4.json", "pcf.biogenicCO2Uptake", "\"0.37\"",
     "$.pcf.biogenicCO2Uptake", "must be zero or negative", NULL},
    {"v2 withdrawal <= 0", "v2-bioethanol.json", "pcf.biogenicCarbonWithdrawal", "\"1.5\"",
     "$.pcf.biogenicCarbonWithdrawal", "must be zero or negative", NULL},
    {"v2 pCfExcludingBiogenic >= 0", "v2-bioethanol.json", "pcf.pCfExcludingBiogenic", "\"-1.63\"",
     "$.pcf.pCfExcludingBiogenic", "must be zero or positive", NULL},
    {"declared amount > 0", "v3-example-4.json", "pcf.declaredUnitAmount", "\"0\"",
     "$.pcf.declaredUnitAmount", "greater than zero", NULL},
    {"declared unit enum v3", "v3-example-4.json", "pcf.declaredUnitOfMeasurement", "\"tonne\"",
     "$.pcf.declaredUnitOfMeasurement", "is not one of", NULL},
    {"declared unit enum v2", "v2-bioethanol.json", "pcf.declaredUnit", "\"piece\"",
     "$.pcf.declaredUnit", "is not one of", NULL},
    {"v3 dqr 1..5", "v3-example-4.json", "pcf.dqi.temporalDQR", "\"5.5\"", "$.pcf.dqi.temporalDQR",
     "between 1 and 5", NULL},
    {"v2 dqr 1..3", "v2-bioethanol.json", "pcf.dqi.temporalDQR", "3.5", "$.pcf.dqi.temporalDQR",
     "between 1 and 3", NULL},
    {"v3 dqi mandatory rating", "v3-example-4.json", "pcf.dqi.geographicalDQR", NULL,
     "$.pcf.dqi.geographicalDQR", "mandatory", NULL},
    {"v2 exempted 0..5", "v2-bioethanol.json", "pcf.exemptedEmissionsPercent", "6",
     "$.pcf.exemptedEmissionsPercent", "between 0 and 5", NULL},
    {"v2 exempted is a number", "v2-bioethanol.json", "pcf.exemptedEmissionsPercent", "\"1\"",
     "$.pcf.exemptedEmissionsPercent", "JSON number", NULL},
    {"v3 exempted no 5% bound", "v3-example-4.json", "pcf.exemptedEmissionsPercent", "\"101\"",
     "$.pcf.exemptedEmissionsPercent", "between 0 and 100", NULL},
    {"primaryDataShare 0..100", "v3-example-4.json", "pcf.primaryDataShare", "\"100.5\"",
     "$.pcf.primaryDataShare", "between 0 and 100", NULL},
    {"v2 primaryDataShare 0..100", "v2-bioethanol.json", "pcf.primaryDataShare", "-1",
     "$.pcf.primaryDataShare", "zero or positive", NULL},
    {"reference period order", "v3-example-4.json", "pcf.referencePeriodEnd",
     "\"2024-01-01T00:00:00Z\"", "$.pcf.referencePeriodEnd", "later than referencePeriodStart",
     NULL},
    {"reference period mandatory", "v3-example-4.json", "pcf.referencePeriodStart", NULL,
     "$.pcf.referencePeriodStart", "mandatory", NULL},
    {"geography at most one", "v3-example-4.json", "pcf.geographyCountry", "\"BR\"", "$.pcf",
     "at most one", NULL},
    {"geography country code", "v3-example-1.json", "pcf.geographyCountry", "\"France\"",
     "$.pcf.geographyCountry", "ISO 3166-1", NULL},
    {"geography region enum", "v3-example-4.json", "pcf.geographyRegionOrSubregion",
     "\"South America\"", "$.pcf.geographyRegionOrSubregion", "UN regions", NULL},
    {"ipcc pattern", "v3-example-4.json", "pcf.ipccCharacterizationFactors", "[\"IPCC6\"]",
     "$.pcf.ipccCharacterizationFactors[0]", "^AR\\d+$", NULL},
    {"v2 characterizationFactors enum", "v2-bioethanol.json", "pcf.characterizationFactors",
     "\"AR4\"", "$.pcf.characterizationFactors", "AR5, AR6", NULL},
    {"v2 cross-sectoral standard", "v2-bioethanol.json", "pcf.crossSectoralStandards",
     "[\"ISO 14067\"]", "$.pcf.crossSectoralStandards[0]", "not a v2.3 cross-sectoral", NULL},
    {"packaging flag", "v2-bioethanol.json", "pcf.packagingEmissionsIncluded", NULL,
     "$.pcf.packagingEmissionsIncluded", "mandatory", NULL},
    {"packaging flag boolean", "v3-example-4.json", "pcf.packagingEmissionsIncluded", "\"no\"",
     "$.pcf.packagingEmissionsIncluded", "true or false", NULL},
    {"packaging undefined when excluded", "v3-example-4.json", "pcf.packagingGhgEmissions",
     "\"0.1\"", "$.pcf.packagingGhgEmissions", "left out", NULL},
    {"v2 validity at most 3 years", "v2-bioethanol.json", "validityPeriodEnd",
     "\"2025-01-02T00:00:00Z\"", "$.validityPeriodEnd", "at most 3 years", NULL},
    {"v2 assurance provider", "v2-bioethanol.json", "pcf.assurance", "{\"assurance\": true}",
     "$.pcf.assurance.providerName", "mandatory", NULL},
    {"v2 version integer", "v2-bioethanol.json", "version", "1.5", "$.version", "integer", NULL},
    {"v2 productCategoryCpc", "v2-bioethanol.json", "productCategoryCpc", NULL,
     "$.productCategoryCpc", "mandatory in PACT v2", NULL},
    {"v2 O* from 2025", "v2-bioethanol.json", "pcf.referencePeriodEnd", "\"2025-06-01T00:00:00Z\"",
     "$.pcf.pCfIncludingBiogenic", "includes 2025-01-01", "pCfIncludingBiogenic"},
    {"secondary source name", "v3-example-4.json", "pcf.secondaryEmissionFactorSources",
     "[{\"name\": \"\", \"version\": \"2020\"}]", "$.pcf.secondaryEmissionFactorSources[0].name",
     "must not be empty", NULL},
    {"biogenic methodology enum", "v2-bioethanol.json", "pcf.biogenicAccountingMethodology",
     "\"GHPG\"", "$.pcf.biogenicAccountingMethodology", "PEF, ISO, GHGP, Quantis", NULL},
    {"pcf object", "v3-example-4.json", "pcf", "[]", "$.pcf", "must be a JSON object", NULL},
    /* lists, rules, sources, dqi and assurance in their other wrong shapes */
    {"companyIds array", "v3-example-4.json", "companyIds", "\"urn:x:1\"", "$.companyIds",
     "must be a JSON array of strings", NULL},
    {"companyIds strings", "v3-example-4.json", "companyIds", "[5]", "$.companyIds[0]",
     "companyIds entries must be JSON strings", NULL},
    {"precedingPfIds uuid", "v3-example-4.json", "precedingPfIds", "[\"x\"]", "$.precedingPfIds[0]",
     "\"x\" is not a UUID", NULL},
    {"standards entry empty", "v3-example-4.json", "pcf.crossSectoralStandards", "[\"\"]",
     "$.pcf.crossSectoralStandards[0]", "crossSectoralStandards entries must not be empty", NULL},
    {"rules array", "v3-example-4.json", "pcf.productOrSectorSpecificRules", "{}",
     "$.pcf.productOrSectorSpecificRules",
     "productOrSectorSpecificRules must be a JSON array of objects", NULL},
    {"rule object", "v3-example-4.json", "pcf.productOrSectorSpecificRules", "[3]",
     "$.pcf.productOrSectorSpecificRules[0]",
     "each product or sector specific rule must be a JSON object", NULL},
    {"rule other operator named", "v3-example-4.json", "pcf.productOrSectorSpecificRules",
     "[{\"operator\": \"Other\", \"ruleNames\": [\"r\"], \"otherOperatorName\": \"\"}]",
     "$.pcf.productOrSectorSpecificRules[0].otherOperatorName", "must not be empty", NULL},
    {"sources array", "v3-example-4.json", "pcf.secondaryEmissionFactorSources", "[]",
     "$.pcf.secondaryEmissionFactorSources", "must be a non-empty JSON array of {name, version}",
     NULL},
    {"source object", "v3-example-4.json", "pcf.secondaryEmissionFactorSources", "[\"ecoinvent\"]",
     "$.pcf.secondaryEmissionFactorSources[0]",
     "each secondary emission factor source must be a JSON object", NULL},
    {"dqi object", "v3-example-4.json", "pcf.dqi", "[]", "$.pcf.dqi", "dqi must be a JSON object",
     NULL},
    {"v3 verification object", "v3-example-4.json", "pcf.verification", "true",
     "$.pcf.verification", "verification must be a JSON object", NULL},
    {"v2 assurance flag", "v2-bioethanol.json", "pcf.assurance",
     "{\"assurance\": \"yes\", \"providerName\": \"p\"}", "$.pcf.assurance.assurance",
     "assurance must be true or false", NULL},
    {"v2 characterization sources", "v2-bioethanol.json", "pcf.characterizationFactors", NULL,
     "$.pcf.ipccCharacterizationFactorsSources",
     "ipccCharacterizationFactorsSources (or the deprecated characterizationFactors) is "
     "mandatory in PACT v2",
     "ipccCharacterizationFactorsSources"},
    {"extensions array", "v3-example-4.json", "extensions", "{}", "$.extensions",
     "extensions must be a JSON array of DataModelExtension objects", NULL},
    {"validity order", "v3-example-4.json", "validityPeriodStart", "\"2040-01-01T00:00:00Z\"",
     "$.validityPeriodEnd", "validityPeriodEnd must be later than validityPeriodStart", NULL},
    {"v2 version range", "v2-bioethanol.json", "version", "-1", "$.version",
     "version must be an integer between 0 and 2^31-1", NULL},
    {"subdivision code", "v3-example-2.json", "pcf.geographyCountrySubdivision", "\"FR-idf\"",
     "$.pcf.geographyCountrySubdivision", "ISO 3166-2", NULL},
    {"subdivision short", "v3-example-2.json", "pcf.geographyCountrySubdivision", "\"F-1\"",
     "$.pcf.geographyCountrySubdivision", "ISO 3166-2", NULL},
    {"country lower case", "v3-example-1.json", "pcf.geographyCountry", "\"fr\"",
     "$.pcf.geographyCountry", "ISO 3166-1", NULL},
    {"v2 geographic scope", "v2-bioethanol.json", "pcf.geographicScope",
     "{\"geographyCountry\": \"Brazil\"}", "$.pcf.geographicScope.geographyCountry", "ISO 3166-1",
     NULL},
    /* each way a country or subdivision code can miss its pattern, one character at a time */
    {"country three letters", "v3-example-1.json", "pcf.geographyCountry", "\"FRA\"",
     "$.pcf.geographyCountry", "geographyCountry \"FRA\" is not an ISO 3166-1 alpha-2 code like CN",
     NULL},
    {"country digit first", "v3-example-1.json", "pcf.geographyCountry", "\"1R\"",
     "$.pcf.geographyCountry", "geographyCountry \"1R\" is not an ISO 3166-1 alpha-2 code", NULL},
    {"country digit second", "v3-example-1.json", "pcf.geographyCountry", "\"F1\"",
     "$.pcf.geographyCountry", "geographyCountry \"F1\" is not an ISO 3166-1 alpha-2 code", NULL},
    {"country lower second", "v3-example-1.json", "pcf.geographyCountry", "\"Fr\"",
     "$.pcf.geographyCountry", "geographyCountry \"Fr\" is not an ISO 3166-1 alpha-2 code", NULL},
    {"country not text", "v3-example-1.json", "pcf.geographyCountry", "33",
     "$.pcf.geographyCountry", "geographyCountry must be a JSON string", NULL},
    {"subdivision too long", "v3-example-2.json", "pcf.geographyCountrySubdivision", "\"FR-IDFX\"",
     "$.pcf.geographyCountrySubdivision", "ISO 3166-2", NULL},
    {"subdivision lower first", "v3-example-2.json", "pcf.geographyCountrySubdivision",
     "\"fR-IDF\"", "$.pcf.geographyCountrySubdivision", "ISO 3166-2", NULL},
    {"subdivision digit first", "v3-example-2.json", "pcf.geographyCountrySubdivision",
     "\"1R-IDF\"", "$.pcf.geographyCountrySubdivision", "ISO 3166-2", NULL},
    {"subdivision digit second", "v3-example-2.json", "pcf.geographyCountrySubdivision",
     "\"F1-IDF\"", "$.pcf.geographyCountrySubdivision", "ISO 3166-2", NULL},
    {"subdivision lower second", "v3-example-2.json", "pcf.geographyCountrySubdivision",
     "\"Fr-IDF\"", "$.pcf.geographyCountrySubdivision", "ISO 3166-2", NULL},
    {"subdivision no dash", "v3-example-2.json", "pcf.geographyCountrySubdivision", "\"FRXIDF\"",
     "$.pcf.geographyCountrySubdivision", "ISO 3166-2", NULL},
    {"subdivision lower tail", "v3-example-2.json", "pcf.geographyCountrySubdivision", "\"FR-75a\"",
     "$.pcf.geographyCountrySubdivision", "ISO 3166-2", NULL},
    /* text where a string must be, IPCC report names, v2 standards and sources */
    {"company name text", "v3-example-4.json", "companyName", "5", "$.companyName",
     "companyName must be a JSON string", NULL},
    {"ipcc AR without number", "v3-example-4.json", "pcf.ipccCharacterizationFactors",
     "[\"AR\", \"A6\", \"XR6\", \"AR6x\"]", "$.pcf.ipccCharacterizationFactors[0]",
     "\"AR\" is not an IPCC report name like AR6 (pattern ^AR\\d+$)", NULL},
    {"ipcc A6", "v3-example-4.json", "pcf.ipccCharacterizationFactors", "[\"A6\"]",
     "$.pcf.ipccCharacterizationFactors[0]", "\"A6\" is not an IPCC report name", NULL},
    {"ipcc AR6x", "v3-example-4.json", "pcf.ipccCharacterizationFactors", "[\"AR6x\"]",
     "$.pcf.ipccCharacterizationFactors[0]", "\"AR6x\" is not an IPCC report name", NULL},
    {"v2 standards missing", "v2-bioethanol.json", "pcf.crossSectoralStandards", NULL,
     "$.pcf.crossSectoralStandards",
     "crossSectoralStandards (or the deprecated crossSectoralStandardsUsed) is mandatory in PACT "
     "v2",
     "crossSectoralStandardsUsed"},
    {"v2 standards entry text", "v2-bioethanol.json", "pcf.crossSectoralStandards",
     "[\"ISO14067\", 5]", "$.pcf.crossSectoralStandards[1]",
     "crossSectoralStandards entries must be JSON strings", NULL},
    {"v2 standards used entry text", "v2-bioethanol.json", "pcf.crossSectoralStandardsUsed", "[5]",
     "$.pcf.crossSectoralStandardsUsed[0]",
     "crossSectoralStandardsUsed entries must be JSON strings", NULL},
    {"v2 standards used unknown", "v2-bioethanol.json", "pcf.crossSectoralStandardsUsed",
     "[\"ISO Standard 9001\"]", "$.pcf.crossSectoralStandardsUsed[0]",
     "\"ISO Standard 9001\" is not one of \"GHG Protocol Product standard\", \"ISO Standard "
     "14067\", \"ISO Standard 14044\"",
     NULL},
    {"sources object", "v3-example-4.json", "pcf.secondaryEmissionFactorSources", "{}",
     "$.pcf.secondaryEmissionFactorSources",
     "secondaryEmissionFactorSources must be a non-empty JSON array of {name, version}; leave it "
     "out when no secondary data was used",
     NULL},
    {"v2 assurance flag missing", "v2-bioethanol.json", "pcf.assurance",
     "{\"providerName\": \"p\"}", "$.pcf.assurance.assurance", "assurance is mandatory in PACT v2",
     NULL},
};

/* Applies the case's edit to its document and returns the new JSON text. */
static char *edited(const rule_case *c)
{
    char *doc = testutil_slurp(PACT_DATA_DIR, c->file);
    json_error_t je;
    json_t *root = json_loads(doc, 0, &je);
    assert_non_null(root);
    free(doc);
    json_t *obj = root;
    char key[128];
    snprintf(key, sizeof key, "%s", c->edit);
    char *k = key, *dot;
    while ((dot = strchr(k, '.'))) {
        *dot = '\0';
        obj = json_object_get(obj, k);
        assert_non_null(obj);
        k = dot + 1;
    }
    if (c->value) {
        json_t *v = json_loads(c->value, JSON_DECODE_ANY, &je);
        assert_non_null(v);
        assert_int_equal(json_object_set_new(obj, k, v), 0);
    } else {
        assert_int_equal(json_object_del(obj, k), 0);
    }
    if (c->also_delete)
        assert_int_equal(json_object_del(json_object_get(root, "pcf"), c->also_delete), 0);
    char *out = json_dumps(root, 0);
    json_decref(root);
    return out;
}

static void test_rule(void **state)
{
    const rule_case *c = *state;
    char *doc = edited(c);
    pcf_diag *d;
    assert_int_equal(pcf_diag_create(&d), PCF_OK);
    pcf_error err;
    assert_int_equal(pcf_pact_validate(doc, d, &err), PCF_ERR_PARSE);
    assert_true(pcf_diag_count(d) >= 1);
    int found = 0;
    for (size_t i = 0; i < pcf_diag_count(d); i++) {
        const pcf_error *e = pcf_diag_at(d, i);
        assert_int_equal(e->code, PCF_ERR_PARSE);
        if (strcmp(e->path, c->path) == 0 && strstr(e->message, c->words))
            found = 1;
    }
    if (!found) {
        for (size_t i = 0; i < pcf_diag_count(d); i++)
            print_error("  got %s: %s\n", pcf_diag_at(d, i)->path, pcf_diag_at(d, i)->message);
        fail_msg("%s: expected \"%s\" at %s", c->name, c->words, c->path);
    }
    /* The reader refuses the same document. */
    pcf_pact_footprint *fp = (pcf_pact_footprint *)1;
    assert_int_equal(pcf_pact_read(doc, NULL, &fp, &err), PCF_ERR_PARSE);
    assert_null(fp);
    pcf_diag_destroy(d);
    free(doc);
}

/* Every violation is reported in one pass. */
static void test_all_in_one_pass(void **state)
{
    (void)state;
    const char *doc = "{\"specVersion\": \"3.0.0\", \"id\": \"x\", \"status\": \"Gone\","
                      " \"companyIds\": [\"acme\"], \"pcf\": {\"declaredUnitAmount\": \"-1\"}}";
    pcf_diag *d;
    assert_int_equal(pcf_diag_create(&d), PCF_OK);
    pcf_error err;
    assert_int_equal(pcf_pact_validate(doc, d, &err), PCF_ERR_PARSE);
    /* id format, created, status, companyName, companyIds[0], productDescription, productIds,
     * productNameCompany; in pcf: referencePeriodStart/End, declaredUnitOfMeasurement,
     * declaredUnitAmount sign, productMassPerDeclaredUnit, pcfExcluding, pcfIncluding,
     * fossilGhgEmissions, fossilCarbonContent, ipccCharacterizationFactors,
     * crossSectoralStandards, exemptedEmissionsPercent = 20. */
    assert_int_equal(pcf_diag_count(d), 20);
    assert_int_equal(pcf_diag_error_count(d), 20);
    assert_string_equal(err.path, "$.id");
    assert_contains(err.message, "and 19 more problems");
    pcf_diag_destroy(d);
}

static void test_not_json(void **state)
{
    (void)state;
    pcf_error err;
    pcf_diag *d;
    assert_int_equal(pcf_diag_create(&d), PCF_OK);
    assert_int_equal(pcf_pact_validate("{\n  \"id\": ,\n}", d, &err), PCF_ERR_PARSE);
    assert_contains(err.message, "not valid JSON");
    assert_int_equal(err.line, 2);
    assert_int_equal(pcf_diag_count(d), 1);
    pcf_diag_destroy(d);
    assert_int_equal(pcf_pact_validate(NULL, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_pact_validate("[1]", NULL, &err), PCF_ERR_PARSE);
    assert_contains(err.message, "must be a JSON object");
}

/* ---- UUIDs ---- */

static void test_uuid(void **state)
{
    (void)state;
    /* Bytes 00..0f: byte 6 0x06 → 0x46 (version 4), byte 8 0x08 → 0x88 (variant 10). */
    uint8_t b[16];
    for (int i = 0; i < 16; i++)
        b[i] = (uint8_t)i;
    char s[PCF_PACT_UUID_LEN + 1];
    pcf_error err;
    assert_int_equal(pcf_pact_uuid_format(b, s, sizeof s, &err), PCF_OK);
    assert_string_equal(s, "00010203-0405-4607-8809-0a0b0c0d0e0f");
    /* All ones: 0xff → 0x4f and 0xbf. */
    memset(b, 0xff, sizeof b);
    assert_int_equal(pcf_pact_uuid_format(b, s, sizeof s, &err), PCF_OK);
    assert_string_equal(s, "ffffffff-ffff-4fff-bfff-ffffffffffff");
    assert_int_equal(pcf_pact_uuid_format(b, s, 36, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(s, "");
    char r1[40], r2[40];
    assert_int_equal(pcf_pact_uuid_random(r1, sizeof r1, &err), PCF_OK);
    assert_int_equal(pcf_pact_uuid_random(r2, sizeof r2, &err), PCF_OK);
    assert_int_equal(strlen(r1), 36);
    assert_int_equal(r1[14], '4');
    assert_true(strchr("89ab", r1[19]) != NULL);
    assert_string_not_equal(r1, r2); /* 2^-122 chance of a false failure */
    assert_int_equal(pcf_pact_uuid_random(NULL, 40, &err), PCF_ERR_INVALID_ARG);
}

/* ---- conversion between versions ---- */

/* The v2 example's data quality ratings (1.6, 2.6, 2.1) come back as written: jansson's own
 * writer printed them as 1.6000000000000001 (17 significant digits). */
static void test_convert_numbers_shortest(void **state)
{
    (void)state;
    char *doc = testutil_slurp(PACT_DATA_DIR, "v2-bioethanol.json");
    char *out = NULL;
    pcf_error err;
    assert_int_equal(pcf_pact_convert(doc, NULL, 2, &out, &err), PCF_OK);
    assert_contains(out, "\"technologicalDQR\": 1.6,");
    assert_contains(out, "\"temporalDQR\": 2.6,");
    assert_contains(out, "\"reliabilityDQR\": 2.1\n");
    assert_null(strstr(out, "0000000001"));
    pcf_free(out);
    free(doc);
}

static void test_convert_v2_to_v3_and_back(void **state)
{
    (void)state;
    char *doc = testutil_slurp(PACT_DATA_DIR, "v2-bioethanol.json");
    pcf_pact_footprint *fp = read_ok(doc);
    char *v3 = NULL;
    pcf_error err;
    /* v3 requires productMassPerDeclaredUnit, which this v2 document leaves out. */
    assert_int_equal(pcf_pact_footprint_to_json(fp, 3, &v3, &err), PCF_ERR_DATA_MISSING);
    assert_contains(err.message, "productMassPerDeclaredUnit");
    assert_null(v3);
    pcf_pact_footprint_destroy(fp);
    /* Add it (0.789 kg per liter is ethanol's density at 20 °C) and convert. */
    char *with = malloc(strlen(doc) + 64);
    char *at = strstr(doc, "\"unitaryProductAmount\"");
    assert_non_null(at);
    size_t head = (size_t)(at - doc);
    memcpy(with, doc, head);
    strcpy(with + head, "\"productMassPerDeclaredUnit\": \"0.789\", ");
    strcat(with, at);
    fp = read_ok(with);
    assert_int_equal(pcf_pact_footprint_to_json(fp, 3, &v3, &err), PCF_OK);
    assert_int_equal(pcf_pact_validate(v3, NULL, &err), PCF_OK);
    assert_contains(v3, "\"pcfExcludingBiogenicUptake\": \"1.63\"");
    assert_contains(v3, "\"biogenicCO2Uptake\": \"-1.5\"");
    assert_contains(v3, "\"crossSectoralStandards\": [\"GHGP-Product\",");
    assert_contains(v3, "\"primaryDataShare\": \"12.9\"");
    pcf_pact_footprint *back = read_ok(v3);
    for (int v = 0; v < PCF_PACT_VALUE_COUNT_; v++) {
        double a, b;
        pcf_status sa = pcf_pact_footprint_get(fp, (pcf_pact_value)v, &a, NULL);
        pcf_status sb = pcf_pact_footprint_get(back, (pcf_pact_value)v, &b, NULL);
        /* v3 has no iLUC, land management is split, and its DQI has three ratings */
        if (v == PCF_PACT_ILUC_GHG_EMISSIONS || v == PCF_PACT_LAND_MANAGEMENT_GHG_EMISSIONS ||
            v == PCF_PACT_DQI_COVERAGE_PERCENT || v == PCF_PACT_DQI_COMPLETENESS ||
            v == PCF_PACT_DQI_RELIABILITY)
            continue;
        assert_int_equal(sa, sb);
        if (sa == PCF_OK)
            assert_double_close(b, a, 0, 0);
    }
    /* and back to v2: the same text fields and numbers */
    char *v2 = NULL;
    assert_int_equal(pcf_pact_footprint_to_json(back, 2, &v2, &err), PCF_ERR_DATA_MISSING);
    assert_contains(err.message, "productCategoryCpc");
    pcf_pact_footprint_destroy(back);
    assert_int_equal(pcf_pact_footprint_to_json(fp, 2, &v2, &err), PCF_OK);
    assert_int_equal(pcf_pact_validate(v2, NULL, &err), PCF_OK);
    pcf_pact_footprint *again = read_ok(v2);
    for (int v = 0; v < PCF_PACT_VALUE_COUNT_; v++) {
        double a, b;
        pcf_status sa = pcf_pact_footprint_get(fp, (pcf_pact_value)v, &a, NULL);
        assert_int_equal(pcf_pact_footprint_get(again, (pcf_pact_value)v, &b, NULL), sa);
        if (sa == PCF_OK)
            assert_double_close(b, a, 0, 0);
    }
    assert_string_equal(pcf_pact_footprint_text(again, "productCategoryCpc"), "6398");
    pcf_free(v2);
    assert_int_equal(pcf_pact_footprint_to_json(fp, 4, &v2, &err), PCF_ERR_INVALID_ARG);
    assert_null(v2);
    pcf_pact_footprint_destroy(again);
    pcf_pact_footprint_destroy(fp);
    pcf_free(v2);
    pcf_free(v3);
    free(with);
    free(doc);
}

/* v3 "piece" and extension standards cannot be written as v2.3. */
static void test_convert_v3_only(void **state)
{
    (void)state;
    char *doc = testutil_slurp(PACT_DATA_DIR, "v3-example-4.json");
    pcf_pact_footprint *fp = read_ok(doc);
    char *out = NULL;
    pcf_error err;
    /* It names a standard v2.3 does not know: refused, naming it (the fields v2.3 would also
     * need, productCategoryCpc among them, come after what no field can fix). */
    assert_int_equal(pcf_pact_footprint_to_json(fp, 2, &out, &err), PCF_ERR_UNSUPPORTED);
    assert_contains(err.message, "\"FUTURE-STANDARD\"");
    assert_null(out);
    assert_int_equal(pcf_pact_footprint_to_json(fp, 3, &out, &err), PCF_OK);
    assert_int_equal(pcf_pact_validate(out, NULL, &err), PCF_OK);
    /* land management: the three v3 fields (0.05 + 0 + 0) are written back as... none: pcf
     * keeps only their sum, which v3 cannot express, so the excluded total still carries it. */
    assert_contains(out, "\"pcfExcludingBiogenicUptake\": \"0.42\"");
    pcf_free(out);
    pcf_pact_footprint_destroy(fp);
    free(doc);
}

/* The v2 bio-ethanol example with unitaryProductAmount 12 instead of 1 (a 12 L product). */
static char *ethanol_12_litres(void)
{
    char *doc = testutil_slurp(PACT_DATA_DIR, "v2-bioethanol.json");
    const char *from = "\"unitaryProductAmount\": \"1\"";
    char *at = strstr(doc, from);
    assert_non_null(at);
    size_t n = strlen(doc) + 8;
    char *out = malloc(n);
    assert_non_null(out);
    snprintf(out, n, "%.*s\"unitaryProductAmount\": \"12\"%s", (int)(at - doc), doc,
             at + strlen(from));
    free(doc);
    return out;
}

/*
 * Reading: PACT v2 states every figure per ONE declared unit (v2.3.3, CarbonFootprint:
 * pCfIncludingBiogenic in kgCO2e / declaredUnit; unitaryProductAmount only says how many
 * declared units make the product). A supplier's 1.85 kg CO2e per liter for a 12 L product is
 * 1.85 per liter, and the product's 12 L carry 1.85 × 12 = 22.2 kg CO2e (it was read as
 * 1.85 / 12 = 0.154 per liter). In v3 the figures are per declaredUnitAmount × unit, so the same
 * product written as v3 carries 22.2 per 12 liter, which reads back as 22.2 / 12 = 1.85 per liter.
 */
static void test_v2_per_declared_unit(void **state)
{
    (void)state;
    char *doc = ethanol_12_litres();
    pcf_pact_footprint *fp = read_ok(doc);
    pcf_supplier_pcf s;
    pcf_error err;
    assert_int_equal(pcf_pact_footprint_supplier_pcf(fp, &s, &err), PCF_OK);
    assert_string_equal(s.declared_unit, "L");
    assert_double_close(s.kg_co2e_per_unit, 1.85, 1e-12, 0);
    double x;
    assert_int_equal(
        pcf_pact_footprint_scale(fp, PCF_PACT_PCF_INCLUDING_BIOGENIC, 12, "L", &x, &err), PCF_OK);
    assert_double_close(x, 22.2, 1e-12, 0);

    /* v2 → v3: 1.85 × 12 = 22.200000000000003 in binary, written without the noise as "22.2";
     * fossil 1.5 × 12 = 18; v3 needs the product's mass, which the v2 example lacks: 0.789 kg
     * per liter (ethanol at 20 °C) from the fields, 0.789 × 12 = 9.468 kg for the 12 L. */
    pcf_pact_options *fields = NULL;
    assert_int_equal(pcf_pact_options_create(&fields), PCF_OK);
    assert_int_equal(pcf_pact_options_set(fields, "productMassPerDeclaredUnit", "0.789", &err),
                     PCF_OK);
    char *v3 = NULL;
    assert_int_equal(pcf_pact_convert(doc, fields, 3, &v3, &err), PCF_OK);
    pcf_pact_options_destroy(fields);
    assert_contains(v3, "\"productMassPerDeclaredUnit\": \"9.468\"");
    assert_contains(v3, "\"declaredUnitAmount\": \"12\"");
    assert_contains(v3, "\"pcfIncludingBiogenicUptake\": \"22.2\"");
    assert_contains(v3, "\"fossilGhgEmissions\": \"18\"");
    pcf_pact_footprint *back = read_ok(v3);
    assert_int_equal(pcf_pact_footprint_supplier_pcf(back, &s, &err), PCF_OK);
    assert_double_close(s.kg_co2e_per_unit, 1.85, 1e-12, 0); /* 22.2 / 12 */
    pcf_pact_footprint_destroy(back);
    pcf_free(v3);
    pcf_pact_footprint_destroy(fp);
    free(doc);
}

/* An API response ({"data": [...]}) is validated footprint by footprint, its paths under
 * $.data[i]; a v2 response gives no "mandatory in PACT v3" errors; pcf_pact_convert keeps the
 * response's shape and names every field the target lacks at once. */
static void test_response_wrappers(void **state)
{
    (void)state;
    char *v2 = testutil_slurp(PACT_DATA_DIR, "v2-bioethanol.json");
    size_t n = 2 * strlen(v2) + 64;
    char *resp = malloc(n);
    assert_non_null(resp);
    snprintf(resp, n, "{\"data\": [%s, %s]}", v2, v2);
    pcf_diag *d = NULL;
    pcf_error err;
    assert_int_equal(pcf_diag_create(&d), PCF_OK);
    assert_int_equal(pcf_pact_validate(resp, d, &err), PCF_OK);
    assert_int_equal(pcf_diag_error_count(d), 0);
    /* break the second one: the path names it */
    char *second = strstr(resp + 10 + strlen(v2), "\"pCfExcludingBiogenic\": \"1.63\"");
    assert_non_null(second);
    memcpy(second + strlen("\"pCfExcludingBiogenic\": \""), "-", 1);
    pcf_diag_clear(d);
    assert_int_equal(pcf_pact_validate(resp, d, &err), PCF_ERR_PARSE);
    assert_int_equal(pcf_diag_error_count(d), 1);
    assert_string_equal(pcf_diag_at(d, 0)->path, "$.data[1].pcf.pCfExcludingBiogenic");
    pcf_diag_destroy(d);

    /* convert a one-footprint response to v3: a response again; without fields, v3's
     * productMassPerDeclaredUnit is missing (alone: the rest converts) */
    snprintf(resp, n, "{\"data\": %s}", v2);
    char *out = NULL;
    assert_int_equal(pcf_pact_convert(resp, NULL, 3, &out, &err), PCF_ERR_DATA_MISSING);
    assert_contains(err.message, "productMassPerDeclaredUnit");
    assert_string_equal(err.path, "$.data");
    pcf_pact_options *fields = NULL;
    assert_int_equal(pcf_pact_options_create(&fields), PCF_OK);
    assert_int_equal(pcf_pact_options_set(fields, "productMassPerDeclaredUnit", "0.789", &err),
                     PCF_OK);
    assert_int_equal(pcf_pact_convert(resp, fields, 3, &out, &err), PCF_OK);
    assert_contains(out, "\"data\": {");
    assert_contains(out, "\"specVersion\": \"3.0.0\"");
    assert_contains(out, "\"productMassPerDeclaredUnit\": \"0.789\"");
    pcf_free(out);
    /* a v3 document as v2 lacks two fields: both named in one error */
    char *v3doc = testutil_slurp(PACT_DATA_DIR, "v3-example-1.json");
    assert_int_equal(pcf_pact_convert(v3doc, NULL, 2, &out, &err), PCF_ERR_DATA_MISSING);
    assert_contains(err.message, "productCategoryCpc");
    assert_contains(err.message, "boundaryProcessesDescription");
    free(v3doc);
    pcf_pact_options_destroy(fields);
    free(resp);
    free(v2);
}

/* ---- scaling a supplier PCF to a component's amount ---- */

static void test_scale(void **state)
{
    (void)state;
    char *doc = testutil_slurp(PACT_DATA_DIR, "v3-example-2.json");
    pcf_pact_footprint *fp = read_ok(doc);
    double x;
    pcf_error err;
    /* 5.14 kg CO2e per 12 L; 3 L → 5.14 × 3 / 12 = 1.285. */
    assert_int_equal(
        pcf_pact_footprint_scale(fp, PCF_PACT_PCF_EXCLUDING_BIOGENIC, 3, "L", &x, &err), PCF_OK);
    assert_double_close(x, 1.285, 1e-12, 0);
    /* 500 mL of biogenic carbon: 5.28 × 0.5 / 12 = 0.22 kg C. */
    assert_int_equal(
        pcf_pact_footprint_scale(fp, PCF_PACT_BIOGENIC_CARBON_CONTENT, 500, "mL", &x, &err),
        PCF_OK);
    assert_double_close(x, 0.22, 1e-12, 0);
    /* kg against liters: a unit error naming both */
    assert_int_equal(
        pcf_pact_footprint_scale(fp, PCF_PACT_PCF_EXCLUDING_BIOGENIC, 1, "kg", &x, &err),
        PCF_ERR_UNIT);
    assert_contains(err.message, "kg");
    assert_contains(err.message, "liter");
    assert_double_close(x, 0, 0, 0);
    assert_int_equal(pcf_pact_footprint_scale(fp, PCF_PACT_PRIMARY_DATA_SHARE, 1, "L", &x, &err),
                     PCF_ERR_INVALID_ARG);
    assert_int_equal(
        pcf_pact_footprint_scale(fp, PCF_PACT_PCF_EXCLUDING_BIOGENIC, -1, "L", &x, &err),
        PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_pact_footprint_scale(fp, PCF_PACT_DLUC_GHG_EMISSIONS, 1, "L", &x, &err),
                     PCF_ERR_NOT_FOUND);
    assert_contains(err.message, "landUseChangeGhgEmissions");
    pcf_pact_footprint_destroy(fp);
    free(doc);
}

/* ---- options ---- */

static void test_options(void **state)
{
    (void)state;
    pcf_pact_options *o;
    pcf_error err;
    assert_int_equal(pcf_pact_options_create(&o), PCF_OK);
    assert_int_equal(pcf_pact_options_set(o, "companyName", "Acme", &err), PCF_OK);
    assert_int_equal(pcf_pact_options_set(o, "companyName", NULL, &err), PCF_OK);
    assert_int_equal(pcf_pact_options_set(o, "id", "not-a-uuid", &err), PCF_ERR_PARSE);
    assert_contains(err.message, "not a UUID");
    assert_int_equal(pcf_pact_options_set(o, "referencePeriodStart", "2025-13-01T00:00:00Z", &err),
                     PCF_ERR_PARSE);
    assert_contains(err.message, "referencePeriodStart");
    assert_int_equal(pcf_pact_options_set(o, "companyNam", "x", &err), PCF_ERR_NOT_FOUND);
    assert_contains(err.message, "companyNam");
    assert_int_equal(pcf_pact_options_set(o, "exemptedEmissionsPercent", "abc", &err),
                     PCF_ERR_PARSE);
    assert_int_equal(pcf_pact_options_set(o, "version", "2.5", &err), PCF_ERR_PARSE);
    assert_int_equal(pcf_pact_options_set(o, "packagingEmissionsIncluded", "yes", &err),
                     PCF_ERR_PARSE);
    assert_int_equal(pcf_pact_options_add(o, "companyIds", "acme", &err), PCF_ERR_PARSE);
    assert_contains(err.message, "not a URN");
    assert_int_equal(pcf_pact_options_add(o, "companyIds", "urn:acme:1", &err), PCF_OK);
    assert_int_equal(pcf_pact_options_add(o, "companyIds", "urn:acme:1", &err), PCF_OK);
    assert_int_equal(pcf_pact_options_add(o, "ipccCharacterizationFactors", "AR6", &err),
                     PCF_ERR_NOT_FOUND);
    uint8_t b[16] = {0};
    assert_int_equal(pcf_pact_options_set_random(o, b, &err), PCF_OK);
    assert_int_equal(pcf_pact_options_set_random(o, NULL, &err), PCF_ERR_INVALID_ARG);

    const char *model = "{\"product\": {\"name\": \"x\"},\n \"pact\": {\"companyName\": \"Acme\","
                        " \"companyIds\": [\"urn:acme:1\", \"urn:acme:2\"],"
                        " \"exemptedEmissionsPercent\": 0.5,"
                        " \"packagingEmissionsIncluded\": false}}";
    assert_int_equal(pcf_pact_options_from_model_json(o, model, "m.json", &err), PCF_OK);
    const char *bad = "{\"pact\": {\"productIds\": [\"urn:gtin:1\", \"gtin:2\"]}}";
    assert_int_equal(pcf_pact_options_from_model_json(o, bad, "m.json", &err), PCF_ERR_PARSE);
    assert_string_equal(err.path, "$.pact.productIds[1]");
    assert_string_equal(err.file, "m.json");
    const char *unknown = "{\"pact\": {\"companyname\": \"Acme\"}}";
    assert_int_equal(pcf_pact_options_from_model_json(o, unknown, NULL, &err), PCF_ERR_NOT_FOUND);
    assert_string_equal(err.path, "$.pact.companyname");
    assert_int_equal(pcf_pact_options_from_model_json(o, "{", "m.json", &err), PCF_ERR_PARSE);
    assert_int_equal(err.line, 1);
    assert_int_equal(pcf_pact_options_from_model_json(o, "{\"pact\": 3}", NULL, &err),
                     PCF_ERR_PARSE);
    assert_int_equal(pcf_pact_options_from_model_json(o, "{}", NULL, &err), PCF_OK);
    pcf_pact_options_destroy(o);
    pcf_pact_options_destroy(NULL);
    pcf_pact_footprint_destroy(NULL);
    assert_string_equal(pcf_pact_value_name(PCF_PACT_BIOGENIC_CO2_UPTAKE), "biogenicCO2Uptake");
    assert_string_equal(pcf_pact_value_name(PCF_PACT_ILUC_GHG_EMISSIONS), "iLucGhgEmissions");
    assert_null(pcf_pact_value_name(PCF_PACT_VALUE_COUNT_));
}

/* The refusals of the options setters and of a model's "pact" object the other tests do not
 * reach, each with its whole message (and path), and what the accepted forms change. */
static void test_options_refusals(void **state)
{
    (void)state;
    pcf_pact_options *o;
    pcf_error err;
    assert_int_equal(pcf_pact_options_create(&o), PCF_OK);
    assert_int_equal(pcf_pact_options_create(NULL), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_pact_options_set(NULL, "companyName", "A", &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_pact_options_set: opts is NULL");
    assert_int_equal(pcf_pact_options_set(o, NULL, "A", &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_pact_options_set: field is NULL");
    /* version and packaging: NULL resets, an integer out of range is refused */
    assert_int_equal(pcf_pact_options_set(o, "version", "3", &err), PCF_OK);
    assert_int_equal(pcf_pact_options_set(o, "version", NULL, &err), PCF_OK);
    assert_int_equal(pcf_pact_options_set(o, "version", "-1", &err), PCF_ERR_PARSE);
    assert_string_equal(err.message, "version must be an integer between 0 and 2^31-1, not \"-1\"");
    assert_int_equal(pcf_pact_options_set(o, "version", "2147483648", &err), PCF_ERR_PARSE);
    assert_int_equal(pcf_pact_options_set(o, "version", "v2", &err), PCF_ERR_PARSE);
    assert_int_equal(pcf_pact_options_set(o, "packagingEmissionsIncluded", NULL, &err), PCF_OK);
    assert_int_equal(pcf_pact_options_set(o, "packagingEmissionsIncluded", "yes", &err),
                     PCF_ERR_PARSE);
    assert_string_equal(err.message,
                        "packagingEmissionsIncluded must be true or false, not \"yes\"");
    /* a number: NULL clears it, a negative one is refused */
    assert_int_equal(pcf_pact_options_set(o, "coveragePercent", NULL, &err), PCF_OK);
    assert_int_equal(pcf_pact_options_set(o, "coveragePercent", "-5", &err), PCF_ERR_PARSE);
    assert_string_equal(err.message, "coveragePercent must be a number >= 0, not \"-5\"");
    /* text fields pcf computes itself are not options */
    assert_int_equal(pcf_pact_options_set(o, "specVersion", "3.0.0", &err), PCF_ERR_NOT_FOUND);
    assert_string_equal(err.message,
                        "\"specVersion\" is not a PACT field pcf takes from the model's \"pact\" "
                        "object; see docs/model-format.md, PACT section");
    assert_int_equal(pcf_pact_options_set(o, "id", "3fa85f64-5717-4562-b3fc-2c963f66afa6", &err),
                     PCF_OK);
    assert_int_equal(pcf_pact_options_set(o, "created", "2025-02-30T00:00:00Z", &err),
                     PCF_ERR_PARSE);
    assert_string_equal(err.message, "created \"2025-02-30T00:00:00Z\" is not an ISO 8601 UTC "
                                     "date-time; write it like 2025-01-01T00:00:00Z");
    assert_int_equal(pcf_pact_options_set(o, "validityPeriodEnd", "2030-01-01T00:00:00Z", &err),
                     PCF_OK);
    assert_int_equal(pcf_pact_options_set(o, "companyName", "Acme \xff", &err), PCF_ERR_PARSE);
    assert_string_equal(err.message, "companyName is not valid UTF-8");
    /* lists */
    assert_int_equal(pcf_pact_options_add(o, NULL, "x", &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_pact_options_add: an argument is NULL");
    assert_int_equal(pcf_pact_options_add(o, "precedingPfIds", "x", &err), PCF_ERR_PARSE);
    assert_string_equal(err.message, "precedingPfIds entry \"x\" is not a UUID");
    assert_int_equal(pcf_pact_options_add(o, "crossSectoralStandards", "ISO14067\xc3", &err),
                     PCF_ERR_PARSE);
    assert_string_equal(err.message, "crossSectoralStandards entry is not valid UTF-8");
    assert_int_equal(
        pcf_pact_options_add(o, "precedingPfIds", "3fa85f64-5717-4562-b3fc-2c963f66afa6", &err),
        PCF_OK);
    /* a model's "pact" object */
    assert_int_equal(pcf_pact_options_from_model_json(NULL, "{}", NULL, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_pact_options_from_model_json: opts is NULL");
    assert_int_equal(pcf_pact_options_from_model_json(o, NULL, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_pact_options_from_model_json: model_json is NULL");
    assert_int_equal(
        pcf_pact_options_from_model_json(o, "{\"pact\": {\"companyIds\": [5]}}", "m.json", &err),
        PCF_ERR_PARSE);
    assert_string_equal(err.message, "companyIds entries must be JSON strings");
    assert_string_equal(err.path, "$.pact.companyIds[0]");
    assert_int_equal(
        pcf_pact_options_from_model_json(o, "{\"pact\": {\"companyName\": null}}", "m.json", &err),
        PCF_ERR_PARSE);
    assert_string_equal(err.message, "companyName must be a string, number, boolean or array");
    assert_string_equal(err.path, "$.pact.companyName");
    assert_int_equal(pcf_pact_options_from_model_json(o, "{\"pact\": 3}", "m.json", &err),
                     PCF_ERR_PARSE);
    assert_string_equal(err.message, "\"pact\" must be a JSON object of PACT fields");
    assert_string_equal(err.path, "$.pact");
    assert_int_equal(pcf_pact_options_from_model_json(
                         o, "{\"pact\": {\"packagingEmissionsIncluded\": true}}", NULL, &err),
                     PCF_OK);
    assert_int_equal(pcf_pact_options_from_model(NULL, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_pact_options_from_model: opts is NULL");
    assert_int_equal(pcf_pact_options_from_model(o, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_pact_options_from_model: model is NULL");
    pcf_pact_options_destroy(o);
}

/* Example 2 (liter) with its declared unit replaced by `unit` (malloc'ed). */
static char *example2_per(const char *unit)
{
    char *doc = testutil_slurp(PACT_DATA_DIR, "v3-example-2.json");
    char *u = strstr(doc, "\"liter\"");
    assert_non_null(u);
    size_t n = strlen(doc) + strlen(unit) + 3;
    char *edited_doc = malloc(n);
    assert_non_null(edited_doc);
    snprintf(edited_doc, n, "%.*s\"%s\"%s", (int)(u - doc), doc, unit, u + strlen("\"liter\""));
    free(doc);
    return edited_doc;
}

/* A footprint declared per "megabit second" (a PACT unit without a pcf unit) reads, but cannot be
 * scaled or imported as a purchased part: each says so with the unit. NULL arguments of the
 * readers. */
static void test_unit_without_pcf_unit(void **state)
{
    (void)state;
    char *edited = example2_per("megabit second");
    pcf_pact_footprint *fp = read_ok(edited);
    assert_string_equal(pcf_pact_footprint_text(fp, "declaredUnit"), "megabit second");
    assert_null(pcf_pact_footprint_unit_symbol(fp));
    double x;
    pcf_error err;
    assert_int_equal(
        pcf_pact_footprint_scale(fp, PCF_PACT_PCF_EXCLUDING_BIOGENIC, 1, "s", &x, &err),
        PCF_ERR_UNIT);
    assert_string_equal(err.message, "the supplier's declared unit \"megabit second\" has no pcf "
                                     "unit; the component cannot be matched to it");
    pcf_supplier_pcf sp;
    assert_int_equal(pcf_pact_footprint_supplier_pcf(fp, &sp, &err), PCF_ERR_UNIT);
    assert_string_equal(err.message,
                        "the supplier's declared unit \"megabit second\" has no pcf unit");
    pcf_model *m = NULL;
    assert_int_equal(pcf_model_create(&m, &err), PCF_OK);
    size_t p, a;
    assert_int_equal(pcf_model_add_product(m, "x", "X", &p, &err), PCF_OK);
    assert_int_equal(pcf_pact_add_to_model(fp, m, p, NULL, 1, "s", &a, &err), PCF_ERR_UNIT);
    assert_int_equal(pcf_pact_add_to_model(fp, m, p, NULL, 1, NULL, &a, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_pact_add_to_model: an argument is NULL");
    pcf_model_destroy(m);
    pcf_pact_footprint_destroy(fp);
    free(edited);
    /* NULL arguments */
    assert_int_equal(pcf_pact_read(NULL, NULL, &fp, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_pact_read: json is NULL");
    assert_null(fp);
    assert_int_equal(pcf_pact_read("{}", NULL, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_pact_read: out is NULL");
    assert_int_equal(pcf_pact_footprint_spec_major(NULL), 0);
    assert_null(pcf_pact_footprint_text(NULL, "companyName"));
    assert_null(pcf_pact_footprint_unit_symbol(NULL));
    assert_int_equal(pcf_pact_footprint_get(NULL, PCF_PACT_PCF_EXCLUDING_BIOGENIC, &x, &err),
                     PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_pact_footprint_get: bad argument");
    assert_int_equal(pcf_pact_footprint_supplier_pcf(NULL, &sp, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_pact_footprint_supplier_pcf: fp is NULL");
    assert_int_equal(
        pcf_pact_footprint_scale(NULL, PCF_PACT_PCF_EXCLUDING_BIOGENIC, 1, "L", &x, &err),
        PCF_ERR_INVALID_ARG);
}

/* A list response and a fulfilled-request event converted whole (v3 to v3: each footprint read,
 * checked and written again, in order); a broken second footprint named at $.data[1].id or
 * $.data.pfs[1].id; the refusals of the arguments. */
static void test_convert_lists(void **state)
{
    (void)state;
    char *a = testutil_slurp(PACT_DATA_DIR, "v3-example-2.json");
    char *b = testutil_slurp(PACT_DATA_DIR, "v3-example-4.json");
    size_t n = strlen(a) + strlen(b) + 64;
    char *resp = malloc(n);
    char *out = NULL;
    pcf_error err;
    for (int k = 0; k < 2; k++) {
        if (k == 0)
            snprintf(resp, n, "{\"data\": [%s, %s]}", a, b);
        else
            snprintf(resp, n, "{\"data\": {\"pfs\": [%s, %s]}}", a, b);
        assert_int_equal(pcf_pact_convert(resp, NULL, 3, &out, &err), PCF_OK);
        /* both shapes come back as {"data": [...]}, the footprints in their order */
        assert_true(strncmp(out,
                            "{\n  \"data\": [\n    {\n      \"id\": "
                            "\"7cd2ec1c-36d5-4a2e-92f6-5b1c1e2b7a11\"",
                            60) == 0);
        char *second = strstr(out, "\"id\": \"d5cba999-6a4b-4cbe-9e0a-6d8f27d1d191\"");
        assert_non_null(second);
        assert_true(second > strstr(out, "7cd2ec1c"));
        pcf_free(out);
        /* the second footprint without its id: named inside the response */
        char *id = strstr(resp + strlen(a), "\"id\": \"d5cba999");
        assert_non_null(id);
        memcpy(id, "\"iX\"", 4);
        assert_int_equal(pcf_pact_convert(resp, NULL, 3, &out, &err), PCF_ERR_PARSE);
        assert_null(out);
        assert_string_equal(err.path, k == 0 ? "$.data[1].id" : "$.data.pfs[1].id");
    }
    assert_int_equal(pcf_pact_convert(a, NULL, 4, &out, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message,
                        "pcf_pact_convert: needs a document, an output and version 2 or 3");
    assert_int_equal(pcf_pact_convert("{\"data\": [", NULL, 3, &out, &err), PCF_ERR_PARSE);
    assert_string_equal(err.path, "$");
    assert_int_equal(err.line, 1);
    assert_int_equal(pcf_pact_footprint_to_json(NULL, 3, &out, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_pact_footprint_to_json: needs a footprint, an output "
                                     "and version 2 or 3");
    free(resp);
    free(b);
    free(a);
}

/* v3 "piece" as v2.3, which has no piece: PACT's car-door way, per kilogram of the product with
 * unitaryProductAmount its mass. Example 2 edited to 12 pieces weighing 9.47 kg: every figure
 * per 12 pieces becomes per kilogram, so pcfExcludingBiogenicUptake 5.14 → 5.14 / 9.47 and
 * fossilGhgEmissions 4.6 → 4.6 / 9.47; the primary-data share (30 %) stays. */
static void test_piece_to_v2(void **state)
{
    (void)state;
    char *edited_doc = example2_per("piece");
    pcf_pact_options *fields = NULL;
    pcf_error err;
    assert_int_equal(pcf_pact_options_create(&fields), PCF_OK);
    assert_int_equal(pcf_pact_options_set(fields, "productCategoryCpc", "24110", &err), PCF_OK);
    assert_int_equal(
        pcf_pact_options_set(fields, "boundaryProcessesDescription", "cradle to gate", &err),
        PCF_OK);
    char *out = NULL;
    assert_int_equal(pcf_pact_convert(edited_doc, fields, 2, &out, &err), PCF_OK);
    assert_contains(out, "\"declaredUnit\": \"kilogram\"");
    assert_contains(out, "\"unitaryProductAmount\": \"9.47\"");
    assert_contains(out, "\"productMassPerDeclaredUnit\": \"1\"");
    pcf_pact_footprint *fp = read_ok(out);
    assert_int_equal(pcf_pact_footprint_spec_major(fp), 2);
    assert_double_close(get(fp, PCF_PACT_PCF_EXCLUDING_BIOGENIC), 5.14 / 9.47, 1e-12, 0);
    assert_double_close(get(fp, PCF_PACT_FOSSIL_GHG_EMISSIONS), 4.6 / 9.47, 1e-12, 0);
    assert_double_close(get(fp, PCF_PACT_PRIMARY_DATA_SHARE), 30, 0, 0);
    pcf_pact_footprint_destroy(fp);
    pcf_free(out);
    /* an hour has no v2.3 unit and no mass to go by */
    free(edited_doc);
    edited_doc = example2_per("hour");
    assert_int_equal(pcf_pact_convert(edited_doc, fields, 2, &out, &err), PCF_ERR_UNSUPPORTED);
    assert_string_equal(err.message,
                        "PACT v2.3 has no declared unit \"hour\" (v3.0 has); write v3.0 or declare "
                        "the product per kilogram, liter, cubic meter, kilowatt hour, megajoule, "
                        "ton kilometer or square meter");
    pcf_pact_options_destroy(fields);
    free(edited_doc);
}

/* A supplier footprint with only the mandatory figures (example 1 for 2024, without the uptake,
 * the total including it, dLUC, the primary-data share): the total is pcfExcludingBiogenicUptake
 * 0.384 with no uptake, and what it holds besides fossil 0.35 is biogenic, 0.384 − 0.35 = 0.034; no
 * share. */
static void test_supplier_minimal(void **state)
{
    (void)state;
    char *doc = testutil_slurp(PACT_DATA_DIR, "v3-example-1.json");
    json_error_t je;
    json_t *root = json_loads(doc, 0, &je);
    assert_non_null(root);
    json_t *pcf = json_object_get(root, "pcf");
    static const char *const drop[] = {"pcfIncludingBiogenicUptake", "biogenicCO2Uptake",
                                       "landUseChangeGhgEmissions", "primaryDataShare"};
    for (size_t i = 0; i < sizeof drop / sizeof drop[0]; i++)
        assert_int_equal(json_object_del(pcf, drop[i]), 0);
    /* a period before 2025, for which PACT v3 does not yet ask for the total with uptake */
    assert_int_equal(
        json_object_set_new(pcf, "referencePeriodEnd", json_string("2024-12-31T00:00:00Z")), 0);
    /* v3 asks for the total including uptake whatever the period (the message said "when the
     * reference period includes 2025-01-01 or later", v2's condition, before) */
    char *text = json_dumps(root, 0);
    pcf_pact_footprint *fp = NULL;
    pcf_error err;
    assert_int_equal(pcf_pact_read(text, NULL, &fp, &err), PCF_ERR_PARSE);
    assert_string_equal(err.path, "$.pcf.pcfIncludingBiogenicUptake");
    assert_string_equal(err.message, "pcfIncludingBiogenicUptake is mandatory in PACT v3");
    free(text);
    /* without uptake the total including it is the total excluding it */
    assert_int_equal(json_object_set_new(pcf, "pcfIncludingBiogenicUptake", json_string("0.384")),
                     0);
    text = json_dumps(root, 0);
    json_decref(root);
    fp = read_ok(text);
    pcf_supplier_pcf sp;
    assert_int_equal(pcf_pact_footprint_supplier_pcf(fp, &sp, &err), PCF_OK);
    assert_string_equal(sp.declared_unit, "kg");
    assert_double_close(sp.kg_co2e_per_unit, 0.384, 1e-12, 0);
    assert_double_close(sp.biogenic_removal, 0, 0, 0);
    assert_double_close(sp.dluc, 0, 0, 0);
    assert_double_close(sp.aircraft, 0, 0, 0);
    assert_double_close(sp.biogenic, 0.034, 1e-9, 0);
    assert_true(isnan(sp.primary_data_share));
    assert_double_close(sp.biogenic_carbon, 0.44, 1e-12, 0);
    /* as a purchased part of a cradle-to-gate model (no end of life to release its biogenic
     * carbon): 500 g of it is 0.5 × 0.384 = 0.192 kg CO2e; litres of a footprint per kilogram
     * are refused with both units */
    pcf_model *m = NULL;
    size_t p, a;
    assert_int_equal(pcf_model_create(&m, &err), PCF_OK);
    assert_int_equal(pcf_model_add_product(m, "x", "X", &p, &err), PCF_OK);
    assert_int_equal(pcf_model_product_set_declared_unit(m, p, 1, "item", NULL, &err), PCF_OK);
    assert_int_equal(pcf_model_set_boundary(m, PCF_BOUNDARY_CRADLE_TO_GATE, &err), PCF_OK);
    assert_int_equal(pcf_pact_add_to_model(fp, m, p, "Resin", 1, "L", &a, &err), PCF_ERR_UNIT);
    assert_string_equal(err.message, "the component's amount is in L but the supplier's PCF is per "
                                     "kilogram (kg); give the component's amount in a unit of the "
                                     "same kind");
    assert_int_equal(pcf_pact_add_to_model(fp, m, p, "Resin", 500, "g", &a, &err), PCF_OK);
    pcf_result *res = NULL;
    assert_int_equal(pcf_model_calculate(m, NULL, PCF_GWP_AR6, NULL, &res, &err), PCF_OK);
    assert_double_close(pcf_result_total_kg_co2e(res), 0.192, 1e-12, 0);
    pcf_result_destroy(res);
    pcf_model_destroy(m);
    pcf_pact_footprint_destroy(fp);
    free(text);
    free(doc);
}

/* Converts example 1 to v2.3 with `from` replaced by `to` and the two fields v2.3 needs; returns
 * the status (the error in *err). */
static pcf_status example1_to_v2(const char *from, const char *to, pcf_error *err)
{
    char *doc = testutil_slurp(PACT_DATA_DIR, "v3-example-1.json");
    char *at = strstr(doc, from);
    assert_non_null(at);
    size_t n = strlen(doc) + strlen(to) + 1;
    char *edited_doc = malloc(n);
    assert_non_null(edited_doc);
    snprintf(edited_doc, n, "%.*s%s%s", (int)(at - doc), doc, to, at + strlen(from));
    pcf_pact_options *fields = NULL;
    assert_int_equal(pcf_pact_options_create(&fields), PCF_OK);
    assert_int_equal(pcf_pact_options_set(fields, "productCategoryCpc", "24110", err), PCF_OK);
    assert_int_equal(
        pcf_pact_options_set(fields, "boundaryProcessesDescription", "cradle to gate", err),
        PCF_OK);
    char *out = NULL;
    pcf_status st = pcf_pact_convert(edited_doc, fields, 2, &out, err);
    pcf_free(out);
    pcf_pact_options_destroy(fields);
    free(edited_doc);
    free(doc);
    return st;
}

/* What v2.3 cannot say: AR4 factors, a standard it does not know, standards without a v2.3
 * "used" name. */
static void test_v2_cannot_express(void **state)
{
    (void)state;
    pcf_error err;
    assert_int_equal(example1_to_v2("[\"AR6\"]", "[\"AR6\"]", &err), PCF_OK);
    assert_int_equal(example1_to_v2("[\"AR6\"]", "[\"AR4\"]", &err), PCF_ERR_UNSUPPORTED);
    assert_string_equal(err.message, "PACT v2.3 accepts characterization factors AR5 or AR6 only, "
                                     "but the footprint used AR4; calculate with --gwp AR6 (or "
                                     "AR5)");
    assert_int_equal(
        example1_to_v2("[\"ISO14067\", \"PACT-3.0\"]", "[\"ISO14067\", \"NEW-1\"]", &err),
        PCF_ERR_UNSUPPORTED);
    assert_string_equal(err.message, "PACT v2.3 has no cross-sectoral standard \"NEW-1\"; write "
                                     "v3.0 or name one of ISO14067, ISO14083, ISO14040-44, "
                                     "GHGP-Product, PEF, PAS2050, PACT-1.0/2.0/3.0");
    assert_int_equal(example1_to_v2("[\"ISO14067\", \"PACT-3.0\"]", "[\"PEF\"]", &err),
                     PCF_ERR_UNSUPPORTED);
    assert_string_equal(err.message,
                        "PACT v2.3 cannot express this footprint: v2.3 also requires "
                        "crossSectoralStandardsUsed, which names only the GHG Protocol Product "
                        "standard, ISO 14067 or ISO 14044, and the footprint follows none of "
                        "them; keep it in v3.0");
}

/* The reader's accessors at their edges: "geography" is the finest place a footprint gives, a v2
 * figure is per ONE declared unit, and every bad argument is refused with the reason. */
static void test_read_accessor_edges(void **state)
{
    (void)state;
    /* example 2 gives a subdivision, example 1 a country, example 4 a region only */
    static const struct {
        const char *file, *geography;
    } geo[] = {{"v3-example-2.json", "FR-IDF"},
               {"v3-example-1.json", "FR"},
               {"v3-example-4.json", "Latin America and the Caribbean"}};
    for (size_t i = 0; i < sizeof geo / sizeof geo[0]; i++) {
        char *doc = testutil_slurp(PACT_DATA_DIR, geo[i].file);
        pcf_pact_footprint *fp = read_ok(doc);
        assert_string_equal(pcf_pact_footprint_text(fp, "geography"), geo[i].geography);
        assert_null(pcf_pact_footprint_text(fp, NULL));
        assert_null(pcf_pact_footprint_text(fp, "noSuchField"));
        pcf_pact_footprint_destroy(fp);
        free(doc);
    }
    assert_null(pcf_pact_footprint_text(NULL, "geography"));
    assert_null(pcf_pact_footprint_unit_symbol(NULL));
    assert_int_equal(pcf_pact_footprint_spec_major(NULL), 0);

    char *doc = testutil_slurp(PACT_DATA_DIR, "v2-bioethanol.json");
    pcf_pact_footprint *fp = read_ok(doc);
    double x = -1;
    pcf_error err;
    /* v2.3: pCfExcludingBiogenic "1.63" kg CO2e per ONE liter (unitaryProductAmount only says
     * how many liters make the product): 2.5 L → 1.63 × 2.5 = 4.075 */
    assert_int_equal(
        pcf_pact_footprint_scale(fp, PCF_PACT_PCF_EXCLUDING_BIOGENIC, 2.5, "L", &x, &err), PCF_OK);
    assert_double_close(x, 4.075, 1e-12, 0);
    assert_int_equal(pcf_pact_footprint_get(fp, PCF_PACT_PCF_EXCLUDING_BIOGENIC, NULL, &err),
                     PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_pact_footprint_get: bad argument");
    assert_int_equal(pcf_pact_footprint_get(fp, (pcf_pact_value)-1, &x, &err), PCF_ERR_INVALID_ARG);
    assert_double_close(x, 0, 0, 0);
    static const char scale_refusal[] =
        "pcf_pact_footprint_scale: needs a footprint, a unit and a finite amount >= 0";
    assert_int_equal(
        pcf_pact_footprint_scale(fp, PCF_PACT_PCF_EXCLUDING_BIOGENIC, 1, "L", NULL, &err),
        PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, scale_refusal);
    assert_int_equal(
        pcf_pact_footprint_scale(fp, PCF_PACT_PCF_EXCLUDING_BIOGENIC, NAN, "L", &x, &err),
        PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, scale_refusal);
    assert_int_equal(
        pcf_pact_footprint_scale(fp, PCF_PACT_PCF_EXCLUDING_BIOGENIC, 1, NULL, &x, &err),
        PCF_ERR_INVALID_ARG);
    assert_int_equal(
        pcf_pact_footprint_scale(NULL, PCF_PACT_PCF_EXCLUDING_BIOGENIC, 1, "L", &x, &err),
        PCF_ERR_INVALID_ARG);
    /* a unit pcf does not know is the converter's own error, passed on unchanged */
    pcf_error want;
    double y;
    pcf_status wst = pcf_unit_convert(1, "furlong-of-beer", "L", &y, &want);
    assert_int_not_equal(wst, PCF_OK);
    assert_int_equal(pcf_pact_footprint_scale(fp, PCF_PACT_PCF_EXCLUDING_BIOGENIC, 1,
                                              "furlong-of-beer", &x, &err),
                     wst);
    assert_string_equal(err.message, want.message);
    assert_int_equal(pcf_pact_footprint_scale(fp, PCF_PACT_PCF_EXCLUDING_BIOGENIC, 1,
                                              "furlong-of-beer", &x, NULL),
                     wst);
    pcf_pact_footprint_destroy(fp);
    free(doc);
}

/* Responses and events at their edges: empty lists, an entry that is no object, the count of
 * further problems in the error, and a reader given more than one footprint. */
static void test_wrapper_edges(void **state)
{
    (void)state;
    pcf_error err;
    assert_int_equal(pcf_pact_validate("{\"data\": []}", NULL, &err), PCF_ERR_PARSE);
    assert_string_equal(err.path, "$.data");
    assert_string_equal(err.message, "the response holds no ProductFootprint");
    assert_int_equal(pcf_pact_validate("{\"data\": {\"pfs\": []}}", NULL, &err), PCF_ERR_PARSE);
    assert_string_equal(err.path, "$.data.pfs");
    assert_string_equal(err.message, "the event holds no ProductFootprint");
    /* one problem more: "problem", two more: "problems" */
    assert_int_equal(pcf_pact_validate("{\"data\": [5, 6]}", NULL, &err), PCF_ERR_PARSE);
    assert_string_equal(err.path, "$.data[0]");
    assert_string_equal(err.message,
                        "a ProductFootprint must be a JSON object (and 1 more problem)");
    assert_int_equal(pcf_pact_validate("{\"data\": [5, 6, 7]}", NULL, &err), PCF_ERR_PARSE);
    assert_string_equal(err.message,
                        "a ProductFootprint must be a JSON object (and 2 more problems)");
    /* not JSON, with a diagnostic list but no error to fill: the list still gets the syntax
     * error (it used to get nothing, so a caller reading only the list saw no reason) */
    pcf_diag *d = NULL;
    assert_int_equal(pcf_diag_create(&d), PCF_OK);
    assert_int_equal(pcf_pact_validate("nope", d, NULL), PCF_ERR_PARSE);
    assert_int_equal(pcf_diag_count(d), 1);
    assert_int_equal(pcf_pact_validate("nope", NULL, &err), PCF_ERR_PARSE);
    assert_string_equal(pcf_diag_at(d, 0)->message, err.message);
    assert_int_equal(pcf_diag_at(d, 0)->line, 1);
    pcf_diag_destroy(d);
    assert_int_equal(pcf_pact_validate(NULL, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_pact_validate: json is NULL");
    /* the reader takes one footprint; a response of two is refused as a whole */
    char *v2 = testutil_slurp(PACT_DATA_DIR, "v2-bioethanol.json");
    size_t n = 2 * strlen(v2) + 64;
    char *resp = malloc(n);
    assert_non_null(resp);
    snprintf(resp, n, "{\"data\": [%s, %s]}", v2, v2);
    pcf_pact_footprint *fp = NULL;
    assert_int_equal(pcf_pact_read(resp, NULL, &fp, &err), PCF_ERR_PARSE);
    assert_null(fp);
    assert_string_equal(err.path, "$.data");
    assert_string_equal(err.message, "the response holds 2 ProductFootprints; pcf reads one at a "
                                     "time (pcf pact validate and convert take them all)");
    /* a v2 document whose specVersion is no version: still read by v2's rules (its pcf has
     * declaredUnit), so the only problem is the version itself */
    char *bad = strstr(v2, "\"2.3.0\"");
    assert_non_null(bad);
    memcpy(bad + 1, "9", 1);
    assert_int_equal(pcf_pact_validate(v2, NULL, &err), PCF_ERR_PARSE);
    assert_string_equal(err.path, "$.specVersion");
    assert_string_equal(err.message,
                        "specVersion \"9.3.0\": pcf reads PACT versions 2.x and 3.x only");
    free(resp);
    free(v2);
}

int main(void)
{
    enum { N_RULES = sizeof rule_cases / sizeof rule_cases[0] };
    const struct CMUnitTest fixed[] = {
        cmocka_unit_test(test_valid_examples),
        cmocka_unit_test(test_read_v2_rc10),
        cmocka_unit_test(test_read_v3_rc9),
        cmocka_unit_test(test_all_in_one_pass),
        cmocka_unit_test(test_not_json),
        cmocka_unit_test(test_uuid),
        cmocka_unit_test(test_convert_numbers_shortest),
        cmocka_unit_test(test_convert_v2_to_v3_and_back),
        cmocka_unit_test(test_convert_v3_only),
        cmocka_unit_test(test_v2_per_declared_unit),
        cmocka_unit_test(test_response_wrappers),
        cmocka_unit_test(test_scale),
        cmocka_unit_test(test_options),
        cmocka_unit_test(test_options_refusals),
        cmocka_unit_test(test_unit_without_pcf_unit),
        cmocka_unit_test(test_convert_lists),
        cmocka_unit_test(test_piece_to_v2),
        cmocka_unit_test(test_supplier_minimal),
        cmocka_unit_test(test_v2_cannot_express),
        cmocka_unit_test(test_read_accessor_edges),
        cmocka_unit_test(test_wrapper_edges),
    };
    struct CMUnitTest tests[N_RULES + sizeof fixed / sizeof fixed[0]];
    size_t n = 0;
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        tests[n++] = fixed[i];
    for (size_t i = 0; i < N_RULES; i++) {
        struct CMUnitTest t = cmocka_unit_test_prestate(test_rule, (void *)&rule_cases[i]);
        t.name = rule_cases[i].name;
        tests[n++] = t;
    }
    assert_int_equal(n, sizeof tests / sizeof tests[0]);
    return cmocka_run_group_tests_name("pact", tests, NULL, NULL);
}
