/*
 * pcf — PACT Pathfinder ProductFootprint: the record every PACT file shares (field names, value
 * spellings per version, copy and free), the syntax of its fields (UUID, URN, date-time, spec
 * version, decimal) and UUIDs. Validation is in pact_validate.c, reading in pact_read.c, writing
 * in pact_write.c, options in pact_options.c. GPL-3.0-or-later; see LICENSE.
 *
 * Rules follow WBCSD PACT Technical Specifications v2.3.3 (spec/v2/index.bs) and v3.0.3
 * (spec/v3/openapi.yaml) (WBCSD PACT Technical Specification v3.0).
 */
#include "pact_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

/* ---------------------------------------------------------------- record ---- */

const char *const pcf__pact_text_names[PACT_T_COUNT] = {
    [PACT_T_ID] = "id",
    [PACT_T_SPEC_VERSION] = "specVersion",
    [PACT_T_CREATED] = "created",
    [PACT_T_STATUS] = "status",
    [PACT_T_COMPANY_NAME] = "companyName",
    [PACT_T_PRODUCT_DESCRIPTION] = "productDescription",
    [PACT_T_PRODUCT_NAME_COMPANY] = "productNameCompany",
    [PACT_T_PRODUCT_CATEGORY_CPC] = "productCategoryCpc",
    [PACT_T_COMMENT] = "comment",
    [PACT_T_VALIDITY_START] = "validityPeriodStart",
    [PACT_T_VALIDITY_END] = "validityPeriodEnd",
    [PACT_T_DECLARED_UNIT] = "declaredUnitOfMeasurement",
    [PACT_T_REF_START] = "referencePeriodStart",
    [PACT_T_REF_END] = "referencePeriodEnd",
    [PACT_T_GEO_COUNTRY] = "geographyCountry",
    [PACT_T_GEO_SUBDIVISION] = "geographyCountrySubdivision",
    [PACT_T_GEO_REGION] = "geographyRegionOrSubregion",
    [PACT_T_BOUNDARY] = "boundaryProcessesDescription",
    [PACT_T_EXEMPTED_DESC] = "exemptedEmissionsDescription",
    [PACT_T_BIOGENIC_METHOD] = "biogenicAccountingMethodology",
    [PACT_T_ALLOCATION] = "allocationRulesDescription",
    [PACT_T_UNCERTAINTY] = "uncertaintyAssessmentDescription",
};

const char *const pcf__pact_list_names[PACT_L_COUNT] = {
    [PACT_L_COMPANY_IDS] = "companyIds",
    [PACT_L_PRODUCT_IDS] = "productIds",
    [PACT_L_CLASSIFICATIONS] = "productClassifications",
    [PACT_L_STANDARDS] = "crossSectoralStandards",
    [PACT_L_IPCC] = "ipccCharacterizationFactors",
    [PACT_L_SOURCE_NAMES] = "secondaryEmissionFactorSources",
    [PACT_L_SOURCE_VERSIONS] = "secondaryEmissionFactorSources",
    [PACT_L_PRECEDING] = "precedingPfIds",
};
const pcf__pact_value_spec pcf__pact_values[PCF_PACT_VALUE_COUNT_] = {
    [PCF_PACT_DECLARED_UNIT_AMOUNT] = {"unitaryProductAmount", "declaredUnitAmount", PACT_IN_PCF,
                                       PACT_SIGN_POS, PACT_SIGN_POS},
    [PCF_PACT_PRODUCT_MASS_KG] = {"productMassPerDeclaredUnit", "productMassPerDeclaredUnit",
                                  PACT_IN_PCF, PACT_SIGN_NONNEG, PACT_SIGN_NONNEG},
    [PCF_PACT_PCF_EXCLUDING_BIOGENIC] = {"pCfExcludingBiogenic", "pcfExcludingBiogenicUptake",
                                         PACT_IN_PCF, PACT_SIGN_NONNEG, PACT_SIGN_ANY},
    [PCF_PACT_PCF_INCLUDING_BIOGENIC] = {"pCfIncludingBiogenic", "pcfIncludingBiogenicUptake",
                                         PACT_IN_PCF, PACT_SIGN_ANY, PACT_SIGN_ANY},
    [PCF_PACT_FOSSIL_GHG_EMISSIONS] = {"fossilGhgEmissions", "fossilGhgEmissions", PACT_IN_PCF,
                                       PACT_SIGN_NONNEG, PACT_SIGN_NONNEG},
    [PCF_PACT_FOSSIL_CARBON_CONTENT] = {"fossilCarbonContent", "fossilCarbonContent", PACT_IN_PCF,
                                        PACT_SIGN_NONNEG, PACT_SIGN_NONNEG},
    [PCF_PACT_BIOGENIC_CARBON_CONTENT] = {"biogenicCarbonContent", "biogenicCarbonContent",
                                          PACT_IN_PCF, PACT_SIGN_NONNEG, PACT_SIGN_NONNEG},
    [PCF_PACT_BIOGENIC_CO2_UPTAKE] = {"biogenicCarbonWithdrawal", "biogenicCO2Uptake", PACT_IN_PCF,
                                      PACT_SIGN_NONPOS, PACT_SIGN_NONPOS},
    [PCF_PACT_DLUC_GHG_EMISSIONS] = {"dLucGhgEmissions", "landUseChangeGhgEmissions", PACT_IN_PCF,
                                     PACT_SIGN_NONNEG, PACT_SIGN_NONNEG},
    [PCF_PACT_BIOGENIC_NON_CO2] = {"otherBiogenicGhgEmissions", "biogenicNonCO2Emissions",
                                   PACT_IN_PCF, PACT_SIGN_NONNEG, PACT_SIGN_NONNEG},
    [PCF_PACT_AIRCRAFT_GHG_EMISSIONS] = {"aircraftGhgEmissions", "aircraftGhgEmissions",
                                         PACT_IN_PCF, PACT_SIGN_NONNEG, PACT_SIGN_NONNEG},
    [PCF_PACT_PACKAGING_GHG_EMISSIONS] = {"packagingGhgEmissions", "packagingGhgEmissions",
                                          PACT_IN_PCF, PACT_SIGN_NONNEG, PACT_SIGN_NONNEG},
    [PCF_PACT_PRIMARY_DATA_SHARE] = {"primaryDataShare", "primaryDataShare", PACT_IN_PCF,
                                     PACT_SIGN_NONNEG, PACT_SIGN_NONNEG},
    [PCF_PACT_EXEMPTED_EMISSIONS_PERCENT] = {"exemptedEmissionsPercent", "exemptedEmissionsPercent",
                                             PACT_IN_PCF, PACT_SIGN_NONNEG, PACT_SIGN_NONNEG},
    [PCF_PACT_DQI_COVERAGE_PERCENT] = {"coveragePercent", "coveragePercent", PACT_IN_DQI,
                                       PACT_SIGN_NONNEG, PACT_SIGN_NONNEG},
    [PCF_PACT_DQI_TECHNOLOGICAL] = {"technologicalDQR", "technologicalDQR", PACT_IN_DQI,
                                    PACT_SIGN_POS, PACT_SIGN_POS},
    [PCF_PACT_DQI_TEMPORAL] = {"temporalDQR", "temporalDQR", PACT_IN_DQI, PACT_SIGN_POS,
                               PACT_SIGN_POS},
    [PCF_PACT_DQI_GEOGRAPHICAL] = {"geographicalDQR", "geographicalDQR", PACT_IN_DQI, PACT_SIGN_POS,
                                   PACT_SIGN_POS},
    [PCF_PACT_DQI_COMPLETENESS] = {"completenessDQR", "completenessDQR", PACT_IN_DQI, PACT_SIGN_POS,
                                   PACT_SIGN_POS},
    [PCF_PACT_DQI_RELIABILITY] = {"reliabilityDQR", "reliabilityDQR", PACT_IN_DQI, PACT_SIGN_POS,
                                  PACT_SIGN_POS},
    [PCF_PACT_LAND_MANAGEMENT_GHG_EMISSIONS] = {"landManagementGhgEmissions",
                                                "landManagementGhgEmissions", PACT_IN_PCF,
                                                PACT_SIGN_ANY, PACT_SIGN_ANY},
    [PCF_PACT_ILUC_GHG_EMISSIONS] = {"iLucGhgEmissions", NULL, PACT_IN_PCF, PACT_SIGN_NONNEG,
                                     PACT_SIGN_NONNEG},
};

const char *pcf_pact_value_name(pcf_pact_value value)
{
    if ((int)value < 0 || value >= PCF_PACT_VALUE_COUNT_)
        return NULL;
    return pcf__pact_values[value].v3 ? pcf__pact_values[value].v3 : pcf__pact_values[value].v2;
}

void pcf__pact_record_init(pcf_pact_footprint *r)
{
    memset(r, 0, sizeof *r);
    r->version = -1;
    r->packaging = -1;
}

void pcf__pact_record_free(pcf_pact_footprint *r)
{
    for (int i = 0; i < PACT_T_COUNT; i++)
        free(r->text[i]);
    for (int i = 0; i < PACT_L_COUNT; i++) {
        for (size_t j = 0; j < r->list[i].n; j++)
            free(r->list[i].items[j]);
        free(r->list[i].items);
    }
    pcf__pact_record_init(r);
}

pcf_status pcf__pact_set_text(pcf_pact_footprint *r, int field, const char *value)
{
    char *copy = NULL;
    if (value && !(copy = pcf__strdup(value)))
        return PCF_ERR_NOMEM;
    free(r->text[field]);
    r->text[field] = copy;
    return PCF_OK;
}

pcf_status pcf__pact_list_add(pcf_pact_footprint *r, int list, const char *value)
{
    pact_list *l = &r->list[list];
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 4;
        char **p = realloc(l->items, cap * sizeof *p);
        if (!p)
            return PCF_ERR_NOMEM;
        l->items = p;
        l->cap = cap;
    }
    char *copy = pcf__strdup(value);
    if (!copy)
        return PCF_ERR_NOMEM;
    l->items[l->n++] = copy;
    return PCF_OK;
}

void pcf__pact_set_value(pcf_pact_footprint *r, pcf_pact_value v, double x)
{
    r->val[v] = x;
    r->has[v] = 1;
}

pcf_status pcf__pact_record_copy(pcf_pact_footprint *dst, const pcf_pact_footprint *src)
{
    pcf__pact_record_init(dst);
    if (!src)
        return PCF_OK;
    dst->major = src->major;
    dst->version = src->version;
    dst->packaging = src->packaging;
    memcpy(dst->val, src->val, sizeof dst->val);
    memcpy(dst->has, src->has, sizeof dst->has);
    for (int i = 0; i < PACT_T_COUNT; i++)
        if (src->text[i] && pcf__pact_set_text(dst, i, src->text[i]) != PCF_OK)
            goto nomem;
    for (int i = 0; i < PACT_L_COUNT; i++)
        for (size_t j = 0; j < src->list[i].n; j++)
            if (pcf__pact_list_add(dst, i, src->list[i].items[j]) != PCF_OK)
                goto nomem;
    return PCF_OK;
nomem:
    pcf__pact_record_free(dst);
    return PCF_ERR_NOMEM;
}

/* --------------------------------------------------------- small checks ---- */

static int is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int pcf__pact_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* RFC 9562 text form: 8-4-4-4-12 hexadecimal digits. */
int pcf__pact_uuid_ok(const char *s)
{
    for (int i = 0; i < PCF_PACT_UUID_LEN; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-')
                return 0;
        } else if (!is_hex(s[i])) {
            return 0;
        }
    }
    return s[PCF_PACT_UUID_LEN] == '\0';
}

/* RFC 8141: "urn:" NID ":" NSS; the NID is 2..32 letters, digits and hyphens. */
int pcf__pact_urn_ok(const char *s)
{
    if (pcf__ascii_lower(s[0]) != 'u' || pcf__ascii_lower(s[1]) != 'r' ||
        pcf__ascii_lower(s[2]) != 'n' || s[3] != ':')
        return 0;
    const char *p = s + 4;
    size_t nid = 0;
    while (p[nid] && p[nid] != ':') {
        char c = p[nid];
        if (!(pcf__pact_is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              c == '-'))
            return 0;
        nid++;
    }
    return nid >= 1 && nid <= 32 && p[nid] == ':' && p[nid + 1] != '\0';
}

/* ^\d+\.\d+\.\d+(-\d{8})?$ ; *major gets the first number. */
int pcf__pact_spec_version_ok(const char *s, int *major)
{
    const char *p = s;
    long part[3] = {0, 0, 0};
    for (int i = 0; i < 3; i++) {
        if (!pcf__pact_is_digit(*p))
            return 0;
        while (pcf__pact_is_digit(*p)) {
            if (part[i] < 100000)
                part[i] = part[i] * 10 + (*p - '0');
            p++;
        }
        if (i < 2 && *p++ != '.')
            return 0;
    }
    if (*p == '-') {
        p++;
        for (int i = 0; i < 8; i++)
            if (!pcf__pact_is_digit(*p++))
                return 0;
    }
    if (*p)
        return 0;
    *major = (int)part[0];
    return 1;
}

/* Decimal string: v3 ^[+-]?\d+(\.\d+)?$ ; v2 has no '+'. */
int pcf__pact_decimal_ok(const char *s, int major)
{
    const char *p = s;
    if (*p == '-' || (*p == '+' && major >= 3))
        p++;
    if (!pcf__pact_is_digit(*p))
        return 0;
    while (pcf__pact_is_digit(*p))
        p++;
    if (*p == '.') {
        p++;
        if (!pcf__pact_is_digit(*p))
            return 0;
        while (pcf__pact_is_digit(*p))
            p++;
    }
    return *p == '\0';
}

static int64_t days_from_civil(int64_t y, int m, int d)
{
    /* Howard Hinnant's algorithm: days since 1970-01-01 in the proleptic Gregorian calendar. */
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int num_at(const char *p, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!pcf__pact_is_digit(p[i]))
            return 0;
        v = v * 10 + (p[i] - '0');
    }
    *out = v;
    return 1;
}

/* RFC 3339 date-time, "2024-01-01T00:00:00Z" or with an offset; *secs in UTC. */
int pcf__pact_timestamp_ok(const char *s, int64_t *secs)
{
    int y, mo, d, h, mi, se, oh = 0, om = 0;
    if (!num_at(s, 4, &y) || s[4] != '-' || !num_at(s + 5, 2, &mo) || s[7] != '-' ||
        !num_at(s + 8, 2, &d) || (s[10] != 'T' && s[10] != 't') || !num_at(s + 11, 2, &h) ||
        s[13] != ':' || !num_at(s + 14, 2, &mi) || s[16] != ':' || !num_at(s + 17, 2, &se))
        return 0;
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 || mi > 59 || se > 60)
        return 0;
    const char *p = s + 19;
    if (*p == '.') {
        p++;
        if (!pcf__pact_is_digit(*p))
            return 0;
        while (pcf__pact_is_digit(*p))
            p++;
    }
    int sign = 0;
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        sign = *p == '+' ? 1 : -1;
        if (!num_at(p + 1, 2, &oh) || p[3] != ':' || !num_at(p + 4, 2, &om) || oh > 23 || om > 59)
            return 0;
        p += 6;
    } else {
        return 0;
    }
    if (*p)
        return 0;
    *secs = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se -
            sign * (int64_t)(oh * 3600 + om * 60);
    return 1;
}

const char *const pcf__pact_units[] = {
    "liter",        "kilogram", "cubic meter", "kilowatt hour",  "megajoule", "ton kilometer",
    "square meter", "piece",    "hour",        "megabit second", NULL};

const pcf__pact_standard pcf__pact_standards[] = {
    {"ISO14067", "ISO14067", "ISO Standard 14067"},
    {"ISO14083", "ISO14083", NULL},
    {"ISO14040-44", "ISO14040-44", "ISO Standard 14044"},
    {"GHGP-Product", "GHGP Product", "GHG Protocol Product standard"},
    {"PEF", "PEF", NULL},
    {"PAS2050", "PAS2050", NULL},
    {"PACT-1.0", "PACT Methodology 1.0", NULL},
    {"PACT-2.0", "PACT Methodology 2.0", NULL},
    {"PACT-3.0", "PACT Methodology 3.0", NULL},
};
const size_t pcf__pact_n_standards = sizeof pcf__pact_standards / sizeof pcf__pact_standards[0];

static void path_append(char *buf, size_t size, size_t *k, const char *s)
{
    for (; *s && *k + 1 < size; s++)
        buf[(*k)++] = *s;
    buf[*k] = '\0';
}

/* buf = base "." key; buf may be base. */
void pcf__pact_join(char *buf, size_t size, const char *base, const char *key)
{
    char tmp[PCF_ERROR_PATH_SIZE];
    size_t k = 0;
    path_append(tmp, sizeof tmp, &k, base);
    path_append(tmp, sizeof tmp, &k, ".");
    path_append(tmp, sizeof tmp, &k, key);
    pcf__strlcpy_utf8(buf, tmp, size);
}

/* buf = base "[" i "]"; buf may be base. */
void pcf__pact_join_index(char *buf, size_t size, const char *base, size_t i)
{
    char tmp[PCF_ERROR_PATH_SIZE], num[32];
    size_t k = 0;
    snprintf(num, sizeof num, "[%zu]", i);
    path_append(tmp, sizeof tmp, &k, base);
    path_append(tmp, sizeof tmp, &k, num);
    pcf__strlcpy_utf8(buf, tmp, size);
}

/* --------------------------------------------------------------- UUIDs ---- */

pcf_status pcf_pact_uuid_format(const uint8_t random[16], char *out, size_t size, pcf_error *err)
{
    if (out && size)
        out[0] = '\0';
    if (!random || !out || size < PCF_PACT_UUID_LEN + 1)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "pcf_pact_uuid_format: need 16 bytes and an output of at least %d bytes",
                          PCF_PACT_UUID_LEN + 1);
    uint8_t b[16];
    memcpy(b, random, 16);
    b[6] = (uint8_t)((b[6] & 0x0F) | 0x40); /* version 4 (RFC 9562 §5.4) */
    b[8] = (uint8_t)((b[8] & 0x3F) | 0x80); /* variant 10 */
    static const char hex[] = "0123456789abcdef";
    size_t k = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[k++] = '-';
        out[k++] = hex[b[i] >> 4];
        out[k++] = hex[b[i] & 15];
    }
    out[k] = '\0';
    return pcf__ok(err);
}

pcf_status pcf_pact_uuid_random(char *out, size_t size, pcf_error *err)
{
    if (out && size)
        out[0] = '\0';
    if (!out || size < PCF_PACT_UUID_LEN + 1)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "pcf_pact_uuid_random: the output needs at least %d bytes",
                          PCF_PACT_UUID_LEN + 1);
    uint8_t b[16];
    size_t got = 0;
    while (got < sizeof b) {
        ssize_t n = getrandom(b + got, sizeof b - got, 0);
        if (n <= 0)
            return pcf__error(err, PCF_ERR_IO,
                              "the kernel gave no random bytes for a PACT id (getrandom failed); "
                              "set the id yourself with pcf_pact_options_set(opts, \"id\", ...)");
        got += (size_t)n;
    }
    return pcf_pact_uuid_format(b, out, size, err);
}
