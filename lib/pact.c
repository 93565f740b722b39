/*
 * pcf — PACT Pathfinder ProductFootprint: validation, reading, writing, UUIDs, options.
 * GPL-3.0-or-later; see LICENSE.
 *
 * Rules follow WBCSD PACT Technical Specifications v2.3.3 (spec/v2/index.bs) and v3.0.3
 * (spec/v3/openapi.yaml) as summarised in ../shared/standards.md §6. One walker both validates
 * and extracts, so that pcf_pact_validate() and pcf_pact_read() can never disagree.
 */
#include "pact_internal.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

/* ---------------------------------------------------------------- record ---- */

static const char *const text_names[PACT_T_COUNT] = {
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

static const char *const list_names[PACT_L_COUNT] = {
    [PACT_L_COMPANY_IDS] = "companyIds",
    [PACT_L_PRODUCT_IDS] = "productIds",
    [PACT_L_CLASSIFICATIONS] = "productClassifications",
    [PACT_L_STANDARDS] = "crossSectoralStandards",
    [PACT_L_IPCC] = "ipccCharacterizationFactors",
    [PACT_L_SOURCE_NAMES] = "secondaryEmissionFactorSources",
    [PACT_L_SOURCE_VERSIONS] = "secondaryEmissionFactorSources",
    [PACT_L_PRECEDING] = "precedingPfIds",
};

/* Where a number lives and how each version spells it. */
enum { IN_PCF = 0, IN_DQI = 1 };
enum sign { ANY, NONNEG, NONPOS, POS };
static const struct {
    const char *v2;
    const char *v3;
    int where;
    enum sign s2, s3;
} value_info[PCF_PACT_VALUE_COUNT_] = {
    [PCF_PACT_DECLARED_UNIT_AMOUNT] = {"unitaryProductAmount", "declaredUnitAmount", IN_PCF, POS,
                                       POS},
    [PCF_PACT_PRODUCT_MASS_KG] = {"productMassPerDeclaredUnit", "productMassPerDeclaredUnit",
                                  IN_PCF, NONNEG, NONNEG},
    [PCF_PACT_PCF_EXCLUDING_BIOGENIC] = {"pCfExcludingBiogenic", "pcfExcludingBiogenicUptake",
                                         IN_PCF, NONNEG, ANY},
    [PCF_PACT_PCF_INCLUDING_BIOGENIC] = {"pCfIncludingBiogenic", "pcfIncludingBiogenicUptake",
                                         IN_PCF, ANY, ANY},
    [PCF_PACT_FOSSIL_GHG_EMISSIONS] = {"fossilGhgEmissions", "fossilGhgEmissions", IN_PCF, NONNEG,
                                       NONNEG},
    [PCF_PACT_FOSSIL_CARBON_CONTENT] = {"fossilCarbonContent", "fossilCarbonContent", IN_PCF,
                                        NONNEG, NONNEG},
    [PCF_PACT_BIOGENIC_CARBON_CONTENT] = {"biogenicCarbonContent", "biogenicCarbonContent", IN_PCF,
                                          NONNEG, NONNEG},
    [PCF_PACT_BIOGENIC_CO2_UPTAKE] = {"biogenicCarbonWithdrawal", "biogenicCO2Uptake", IN_PCF,
                                      NONPOS, NONPOS},
    [PCF_PACT_DLUC_GHG_EMISSIONS] = {"dLucGhgEmissions", "landUseChangeGhgEmissions", IN_PCF,
                                     NONNEG, NONNEG},
    [PCF_PACT_BIOGENIC_NON_CO2] = {"otherBiogenicGhgEmissions", "biogenicNonCO2Emissions", IN_PCF,
                                   NONNEG, NONNEG},
    [PCF_PACT_AIRCRAFT_GHG_EMISSIONS] = {"aircraftGhgEmissions", "aircraftGhgEmissions", IN_PCF,
                                         NONNEG, NONNEG},
    [PCF_PACT_PACKAGING_GHG_EMISSIONS] = {"packagingGhgEmissions", "packagingGhgEmissions", IN_PCF,
                                          NONNEG, NONNEG},
    [PCF_PACT_PRIMARY_DATA_SHARE] = {"primaryDataShare", "primaryDataShare", IN_PCF, NONNEG,
                                     NONNEG},
    [PCF_PACT_EXEMPTED_EMISSIONS_PERCENT] = {"exemptedEmissionsPercent", "exemptedEmissionsPercent",
                                             IN_PCF, NONNEG, NONNEG},
    [PCF_PACT_DQI_COVERAGE_PERCENT] = {"coveragePercent", "coveragePercent", IN_DQI, NONNEG,
                                       NONNEG},
    [PCF_PACT_DQI_TECHNOLOGICAL] = {"technologicalDQR", "technologicalDQR", IN_DQI, POS, POS},
    [PCF_PACT_DQI_TEMPORAL] = {"temporalDQR", "temporalDQR", IN_DQI, POS, POS},
    [PCF_PACT_DQI_GEOGRAPHICAL] = {"geographicalDQR", "geographicalDQR", IN_DQI, POS, POS},
    [PCF_PACT_DQI_COMPLETENESS] = {"completenessDQR", "completenessDQR", IN_DQI, POS, POS},
    [PCF_PACT_DQI_RELIABILITY] = {"reliabilityDQR", "reliabilityDQR", IN_DQI, POS, POS},
    [PCF_PACT_LAND_MANAGEMENT_GHG_EMISSIONS] = {"landManagementGhgEmissions",
                                                "landManagementGhgEmissions", IN_PCF, ANY, ANY},
    [PCF_PACT_ILUC_GHG_EMISSIONS] = {"iLucGhgEmissions", NULL, IN_PCF, NONNEG, NONNEG},
};

const char *pcf_pact_value_name(pcf_pact_value value)
{
    if ((int)value < 0 || value >= PCF_PACT_VALUE_COUNT_)
        return NULL;
    return value_info[value].v3 ? value_info[value].v3 : value_info[value].v2;
}

const char *pact__text_name(int field)
{
    return field >= 0 && field < PACT_T_COUNT ? text_names[field] : NULL;
}

static void record_init(pcf_pact_footprint *r)
{
    memset(r, 0, sizeof *r);
    r->version = -1;
    r->packaging = -1;
}

void pact__record_free(pcf_pact_footprint *r)
{
    for (int i = 0; i < PACT_T_COUNT; i++)
        free(r->text[i]);
    for (int i = 0; i < PACT_L_COUNT; i++) {
        for (size_t j = 0; j < r->list[i].n; j++)
            free(r->list[i].items[j]);
        free(r->list[i].items);
    }
    record_init(r);
}

pcf_status pact__set_text(pcf_pact_footprint *r, int field, const char *value)
{
    char *copy = NULL;
    if (value && !(copy = pcf__strdup(value)))
        return PCF_ERR_NOMEM;
    free(r->text[field]);
    r->text[field] = copy;
    return PCF_OK;
}

pcf_status pact__list_add(pcf_pact_footprint *r, int list, const char *value)
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

void pact__set_value(pcf_pact_footprint *r, pcf_pact_value v, double x)
{
    r->val[v] = x;
    r->has[v] = 1;
}

pcf_status pact__record_copy(pcf_pact_footprint *dst, const pcf_pact_footprint *src)
{
    record_init(dst);
    if (!src)
        return PCF_OK;
    dst->major = src->major;
    dst->version = src->version;
    dst->packaging = src->packaging;
    memcpy(dst->val, src->val, sizeof dst->val);
    memcpy(dst->has, src->has, sizeof dst->has);
    for (int i = 0; i < PACT_T_COUNT; i++)
        if (src->text[i] && pact__set_text(dst, i, src->text[i]) != PCF_OK)
            goto nomem;
    for (int i = 0; i < PACT_L_COUNT; i++)
        for (size_t j = 0; j < src->list[i].n; j++)
            if (pact__list_add(dst, i, src->list[i].items[j]) != PCF_OK)
                goto nomem;
    return PCF_OK;
nomem:
    pact__record_free(dst);
    return PCF_ERR_NOMEM;
}

/* --------------------------------------------------------- small checks ---- */

static int is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* RFC 9562 text form: 8-4-4-4-12 hexadecimal digits. */
static int uuid_ok(const char *s)
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
static int urn_ok(const char *s)
{
    if (pcf__ascii_lower(s[0]) != 'u' || pcf__ascii_lower(s[1]) != 'r' ||
        pcf__ascii_lower(s[2]) != 'n' || s[3] != ':')
        return 0;
    const char *p = s + 4;
    size_t nid = 0;
    while (p[nid] && p[nid] != ':') {
        char c = p[nid];
        if (!(is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-'))
            return 0;
        nid++;
    }
    return nid >= 1 && nid <= 32 && p[nid] == ':' && p[nid + 1] != '\0';
}

/* ^\d+\.\d+\.\d+(-\d{8})?$ ; *major gets the first number. */
static int spec_version_ok(const char *s, int *major)
{
    const char *p = s;
    long part[3] = {0, 0, 0};
    for (int i = 0; i < 3; i++) {
        if (!is_digit(*p))
            return 0;
        while (is_digit(*p)) {
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
            if (!is_digit(*p++))
                return 0;
    }
    if (*p)
        return 0;
    *major = (int)part[0];
    return 1;
}

/* Decimal string: v3 ^[+-]?\d+(\.\d+)?$ ; v2 has no '+'. */
static int decimal_ok(const char *s, int major)
{
    const char *p = s;
    if (*p == '-' || (*p == '+' && major >= 3))
        p++;
    if (!is_digit(*p))
        return 0;
    while (is_digit(*p))
        p++;
    if (*p == '.') {
        p++;
        if (!is_digit(*p))
            return 0;
        while (is_digit(*p))
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
        if (!is_digit(p[i]))
            return 0;
        v = v * 10 + (p[i] - '0');
    }
    *out = v;
    return 1;
}

/* RFC 3339 date-time, "2024-01-01T00:00:00Z" or with an offset; *secs in UTC. */
static int timestamp_ok(const char *s, int64_t *secs)
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
        if (!is_digit(*p))
            return 0;
        while (is_digit(*p))
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

static int in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(s, *list) == 0)
            return 1;
    return 0;
}

static const char *const units_v3[] = {
    "liter",        "kilogram", "cubic meter", "kilowatt hour",  "megajoule", "ton kilometer",
    "square meter", "piece",    "hour",        "megabit second", NULL};
/* v2.3 has the first seven. */
#define UNITS_V2_COUNT 7

static const char *const un_regions[] = {"Africa",
                                         "Americas",
                                         "Asia",
                                         "Europe",
                                         "Oceania",
                                         "Australia and New Zealand",
                                         "Central Asia",
                                         "Eastern Asia",
                                         "Eastern Europe",
                                         "Latin America and the Caribbean",
                                         "Melanesia",
                                         "Micronesia",
                                         "Northern Africa",
                                         "Northern America",
                                         "Northern Europe",
                                         "Polynesia",
                                         "South-eastern Asia",
                                         "Southern Asia",
                                         "Southern Europe",
                                         "Sub-Saharan Africa",
                                         "Western Asia",
                                         "Western Europe",
                                         NULL};

/* v3 standard names with their v2.3 crossSectoralStandards and deprecated
 * crossSectoralStandardsUsed spellings (NULL where v2 has none). */
static const struct {
    const char *v3, *v2, *v2_used;
} standards[] = {
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
#define N_STANDARDS (sizeof standards / sizeof standards[0])

/* ------------------------------------------------------------ validator ---- */

typedef struct vctx {
    pcf_diag *diag;
    size_t count;
    pcf_error first;
    int nomem;
    int major;
    pcf_pact_footprint *rec; /* filled when not NULL */
    int has_validity_end;    /* validityPeriodEnd given and well-formed */
    int64_t validity_end;
} vctx;

static void viol(vctx *v, const char *path, const char *fmt, ...) PCF__PRINTF(3, 4);
static void viol(vctx *v, const char *path, const char *fmt, ...)
{
    pcf_error e;
    va_list ap;
    va_start(ap, fmt);
    pcf__verror(&e, PCF_ERR_PARSE, fmt, ap);
    va_end(ap);
    pcf__error_where(&e, NULL, path, 0, 0);
    if (v->count == 0)
        v->first = e;
    v->count++;
    if (v->diag && pcf_diag_add(v->diag, PCF_SEVERITY_ERROR, &e) != PCF_OK)
        v->nomem = 1;
}

static void keep_text(vctx *v, int field, const char *s)
{
    if (v->rec && pact__set_text(v->rec, field, s) != PCF_OK)
        v->nomem = 1;
}

static void keep_list(vctx *v, int list, const char *s)
{
    if (v->rec && pact__list_add(v->rec, list, s) != PCF_OK)
        v->nomem = 1;
}

static void path_append(char *buf, size_t size, size_t *k, const char *s)
{
    for (; *s && *k + 1 < size; s++)
        buf[(*k)++] = *s;
    buf[*k] = '\0';
}

/* buf = base "." key; buf may be base. */
static void join(char *buf, size_t size, const char *base, const char *key)
{
    char tmp[PCF_ERROR_PATH_SIZE];
    size_t k = 0;
    path_append(tmp, sizeof tmp, &k, base);
    path_append(tmp, sizeof tmp, &k, ".");
    path_append(tmp, sizeof tmp, &k, key);
    pcf__strlcpy_utf8(buf, tmp, size);
}

/* buf = base "[" i "]"; buf may be base. */
static void join_index(char *buf, size_t size, const char *base, size_t i)
{
    char tmp[PCF_ERROR_PATH_SIZE], num[32];
    size_t k = 0;
    snprintf(num, sizeof num, "[%zu]", i);
    path_append(tmp, sizeof tmp, &k, base);
    path_append(tmp, sizeof tmp, &k, num);
    pcf__strlcpy_utf8(buf, tmp, size);
}

/* The member, or NULL; reports a missing mandatory member. */
static json_t *member(vctx *v, json_t *obj, const char *base, const char *key, int required,
                      const char *why)
{
    json_t *m = json_object_get(obj, key);
    if (!m && required) {
        char path[PCF_ERROR_PATH_SIZE];
        join(path, sizeof path, base, key);
        viol(v, path, "%s is mandatory in PACT v%d%s%s", key, v->major, why ? " " : "",
             why ? why : "");
    }
    return m;
}

/* A string member; nonempty asks for at least one character. Returns it or NULL. */
static const char *get_string(vctx *v, json_t *obj, const char *base, const char *key, int required,
                              int nonempty)
{
    json_t *m = member(v, obj, base, key, required, NULL);
    if (!m)
        return NULL;
    char path[PCF_ERROR_PATH_SIZE];
    join(path, sizeof path, base, key);
    if (!json_is_string(m)) {
        viol(v, path, "%s must be a JSON string", key);
        return NULL;
    }
    const char *s = json_string_value(m);
    if (nonempty && !*s) {
        viol(v, path, "%s must not be empty", key);
        return NULL;
    }
    return s;
}

static void check_text(vctx *v, json_t *obj, const char *base, const char *key, int field,
                       int required, int nonempty)
{
    const char *s = get_string(v, obj, base, key, required, nonempty);
    if (s)
        keep_text(v, field, s);
}

static void check_enum_text(vctx *v, json_t *obj, const char *base, const char *key, int field,
                            int required, const char *const *allowed, const char *allowed_text)
{
    const char *s = get_string(v, obj, base, key, required, 0);
    if (!s)
        return;
    if (!in_list(s, allowed)) {
        char path[PCF_ERROR_PATH_SIZE];
        join(path, sizeof path, base, key);
        viol(v, path, "%s \"%.60s\" is not one of %s", key, s, allowed_text);
        return;
    }
    if (field >= 0)
        keep_text(v, field, s);
}

static int check_timestamp(vctx *v, json_t *obj, const char *base, const char *key, int field,
                           int required, int64_t *secs)
{
    const char *s = get_string(v, obj, base, key, required, 0);
    if (!s)
        return 0;
    if (!timestamp_ok(s, secs)) {
        char path[PCF_ERROR_PATH_SIZE];
        join(path, sizeof path, base, key);
        viol(v, path,
             "%s \"%.40s\" is not an ISO 8601 UTC date-time; write it like 2025-01-01T00:00:00Z",
             key, s);
        return 0;
    }
    if (field >= 0)
        keep_text(v, field, s);
    return 1;
}

static const char *sign_rule(enum sign s)
{
    switch (s) {
    case NONNEG:
        return "must be zero or positive";
    case NONPOS:
        return "must be zero or negative";
    case POS:
        return "must be greater than zero";
    default:
        return "";
    }
}

static int sign_broken(enum sign s, double x)
{
    return (s == NONNEG && x < 0) || (s == NONPOS && x > 0) || (s == POS && !(x > 0));
}

/*
 * A number member. as_string: 1 = Decimal string, 0 = JSON number, 2 = either. lo/hi bound the
 * value when lo <= hi. Returns 1 and *out when present and valid.
 */
static int check_number(vctx *v, json_t *obj, const char *base, const char *key, int required,
                        const char *why, int as_string, enum sign s, double lo, double hi,
                        double *out)
{
    json_t *m = member(v, obj, base, key, required, why);
    if (!m)
        return 0;
    char path[PCF_ERROR_PATH_SIZE];
    join(path, sizeof path, base, key);
    double x = 0;
    if (json_is_string(m) && as_string != 0) {
        const char *t = json_string_value(m);
        if (!decimal_ok(t, v->major) || pcf_number_parse(t, &x, NULL) != PCF_OK) {
            viol(v, path, "%s \"%.40s\" is not a decimal string like \"1.25\" (pattern %s)", key, t,
                 v->major >= 3 ? "^[+-]?\\d+(\\.\\d+)?$" : "^-?\\d+(\\.\\d+)?$");
            return 0;
        }
    } else if (json_is_number(m) && as_string != 1) {
        x = json_number_value(m);
    } else {
        viol(v, path, "%s must be %s", key,
             as_string == 1   ? "a decimal written as a JSON string, like \"1.25\""
             : as_string == 0 ? "a JSON number"
                              : "a number");
        return 0;
    }
    if (sign_broken(s, x)) {
        pcf__numbuf nb;
        viol(v, path, "%s is %s but %s", key, pcf__num(&nb, x), sign_rule(s));
        return 0;
    }
    if (lo <= hi && (x < lo || x > hi)) {
        pcf__numbuf a, b, c;
        viol(v, path, "%s is %s but must lie between %s and %s", key, pcf__num(&a, x),
             pcf__num(&b, lo), pcf__num(&c, hi));
        return 0;
    }
    *out = x;
    return 1;
}

static void check_value(vctx *v, json_t *obj, const char *base, pcf_pact_value which, int required,
                        const char *why, int as_string, double lo, double hi)
{
    const char *key = v->major >= 3 ? value_info[which].v3 : value_info[which].v2;
    enum sign s = v->major >= 3 ? value_info[which].s3 : value_info[which].s2;
    double x;
    if (key && check_number(v, obj, base, key, required, why, as_string, s, lo, hi, &x) && v->rec)
        pact__set_value(v->rec, which, x);
}

enum item_kind { ITEM_URN, ITEM_UUID, ITEM_AR, ITEM_TEXT };

/* A non-empty array of unique strings of one kind. Returns the array or NULL. */
static json_t *check_string_array(vctx *v, json_t *obj, const char *base, const char *key,
                                  int required, enum item_kind kind, int list)
{
    json_t *a = member(v, obj, base, key, required, NULL);
    if (!a)
        return NULL;
    char path[PCF_ERROR_PATH_SIZE], ipath[PCF_ERROR_PATH_SIZE];
    join(path, sizeof path, base, key);
    if (!json_is_array(a)) {
        viol(v, path, "%s must be a JSON array of strings", key);
        return NULL;
    }
    if (json_array_size(a) == 0) {
        viol(v, path, "%s must not be empty", key);
        return NULL;
    }
    for (size_t i = 0; i < json_array_size(a); i++) {
        json_t *it = json_array_get(a, i);
        join_index(ipath, sizeof ipath, path, i);
        if (!json_is_string(it)) {
            viol(v, ipath, "%s entries must be JSON strings", key);
            continue;
        }
        const char *s = json_string_value(it);
        int ok = 1;
        switch (kind) {
        case ITEM_URN:
            if (!urn_ok(s)) {
                viol(v, ipath,
                     "\"%.60s\" is not a URN (RFC 8141); write it like urn:gtin:4012345678901", s);
                ok = 0;
            }
            break;
        case ITEM_UUID:
            if (!uuid_ok(s)) {
                viol(v, ipath, "\"%.60s\" is not a UUID like 3fa85f64-5717-4562-b3fc-2c963f66afa6",
                     s);
                ok = 0;
            }
            break;
        case ITEM_AR: {
            const char *p = s;
            int good = p[0] == 'A' && p[1] == 'R' && is_digit(p[2]);
            for (p += 2; good && *p; p++)
                good = is_digit(*p);
            if (!good) {
                viol(v, ipath, "\"%.40s\" is not an IPCC report name like AR6 (pattern ^AR\\d+$)",
                     s);
                ok = 0;
            }
            break;
        }
        case ITEM_TEXT:
            if (!*s) {
                viol(v, ipath, "%s entries must not be empty", key);
                ok = 0;
            }
            break;
        }
        for (size_t j = 0; ok && j < i; j++) {
            json_t *o = json_array_get(a, j);
            if (json_is_string(o) && strcmp(json_string_value(o), s) == 0) {
                viol(v, ipath, "\"%.60s\" is listed twice in %s; entries must be unique", s, key);
                ok = 0;
            }
        }
        if (ok && list >= 0)
            keep_list(v, list, s);
    }
    return a;
}

static void check_root(vctx *v, json_t *root)
{
    const char *b = "$";
    const char *id = get_string(v, root, b, "id", 1, 0);
    if (id) {
        if (!uuid_ok(id))
            viol(v, "$.id", "id \"%.60s\" is not a UUID like 3fa85f64-5717-4562-b3fc-2c963f66afa6",
                 id);
        else
            keep_text(v, PACT_T_ID, id);
    }
    check_string_array(v, root, b, "precedingPfIds", 0, ITEM_UUID, PACT_L_PRECEDING);
    if (v->major == 2) {
        json_t *ver = member(v, root, b, "version", 1, NULL);
        if (ver) {
            json_int_t n = json_is_integer(ver) ? json_integer_value(ver) : -1;
            if (!json_is_integer(ver) || n < 0 || n > 2147483647)
                viol(v, "$.version", "version must be an integer between 0 and 2^31-1");
            else if (v->rec)
                v->rec->version = n;
        }
        int64_t t;
        check_timestamp(v, root, b, "updated", -1, 0, &t);
        check_text(v, root, b, "statusComment", -1, 0, 0);
    }
    int64_t created, vs = 0, ve = 0;
    check_timestamp(v, root, b, "created", PACT_T_CREATED, 1, &created);
    static const char *const statuses[] = {"Active", "Deprecated", NULL};
    check_enum_text(v, root, b, "status", PACT_T_STATUS, 1, statuses, "Active, Deprecated");
    int hs = check_timestamp(v, root, b, "validityPeriodStart", PACT_T_VALIDITY_START, 0, &vs);
    int he = check_timestamp(v, root, b, "validityPeriodEnd", PACT_T_VALIDITY_END, 0, &ve);
    v->has_validity_end = he;
    v->validity_end = ve;
    if (hs && he && !(vs < ve))
        viol(v, "$.validityPeriodEnd", "validityPeriodEnd must be later than validityPeriodStart");
    check_text(v, root, b, "companyName", PACT_T_COMPANY_NAME, 1, 1);
    check_string_array(v, root, b, "companyIds", 1, ITEM_URN, PACT_L_COMPANY_IDS);
    check_text(v, root, b, "productDescription", PACT_T_PRODUCT_DESCRIPTION, 1, 0);
    check_string_array(v, root, b, "productIds", 1, ITEM_URN, PACT_L_PRODUCT_IDS);
    check_string_array(v, root, b, "productClassifications", 0, ITEM_URN, PACT_L_CLASSIFICATIONS);
    if (v->major == 2)
        check_text(v, root, b, "productCategoryCpc", PACT_T_PRODUCT_CATEGORY_CPC, 1, 0);
    check_text(v, root, b, "productNameCompany", PACT_T_PRODUCT_NAME_COMPANY, 1, 1);
    check_text(v, root, b, "comment", PACT_T_COMMENT, v->major == 2, 0);
    json_t *ext = member(v, root, b, "extensions", 0, NULL);
    if (ext && !json_is_array(ext))
        viol(v, "$.extensions", "extensions must be a JSON array of DataModelExtension objects");
}

static void check_geography(vctx *v, json_t *pcf, const char *b)
{
    json_t *holder = pcf;
    char base[PCF_ERROR_PATH_SIZE];
    pcf__strlcpy_utf8(base, b, sizeof base);
    /* v2.0 examples nest the geography in "geographicScope"; v2.3 and v3 put it in pcf. */
    json_t *scope = json_object_get(pcf, "geographicScope");
    if (v->major == 2 && json_is_object(scope)) {
        holder = scope;
        join(base, sizeof base, b, "geographicScope");
    }
    static const char *const keys[3] = {"geographyCountrySubdivision", "geographyCountry",
                                        "geographyRegionOrSubregion"};
    int n = 0;
    for (int i = 0; i < 3; i++)
        if (json_object_get(holder, keys[i]))
            n++;
    if (n > 1) {
        viol(v, base,
             "at most one of geographyCountrySubdivision, geographyCountry and "
             "geographyRegionOrSubregion may be defined (%d are)",
             n);
    }
    const char *s = get_string(v, holder, base, "geographyCountry", 0, 0);
    if (s) {
        if (!(strlen(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z')) {
            char path[PCF_ERROR_PATH_SIZE];
            join(path, sizeof path, base, "geographyCountry");
            viol(v, path, "geographyCountry \"%.20s\" is not an ISO 3166-1 alpha-2 code like CN",
                 s);
        } else {
            keep_text(v, PACT_T_GEO_COUNTRY, s);
        }
    }
    s = get_string(v, holder, base, "geographyCountrySubdivision", 0, 0);
    if (s) {
        size_t len = strlen(s);
        int ok = len >= 4 && len <= 6 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' &&
                 s[2] == '-';
        for (size_t i = 3; ok && i < len; i++)
            ok = (s[i] >= 'A' && s[i] <= 'Z') || is_digit(s[i]);
        if (!ok) {
            char path[PCF_ERROR_PATH_SIZE];
            join(path, sizeof path, base, "geographyCountrySubdivision");
            viol(v, path,
                 "geographyCountrySubdivision \"%.20s\" is not an ISO 3166-2 code like CN-FJ", s);
        } else {
            keep_text(v, PACT_T_GEO_SUBDIVISION, s);
        }
    }
    check_enum_text(v, holder, base, "geographyRegionOrSubregion", PACT_T_GEO_REGION, 0, un_regions,
                    "the UN regions and subregions (e.g. \"Eastern Asia\")");
}

static void check_standards(vctx *v, json_t *pcf, const char *b)
{
    char path[PCF_ERROR_PATH_SIZE];
    if (v->major >= 3) {
        /* v3: "A host system MUST accept ... values that are not defined in this specification". */
        check_string_array(v, pcf, b, "crossSectoralStandards", 1, ITEM_TEXT, PACT_L_STANDARDS);
        return;
    }
    json_t *cs = json_object_get(pcf, "crossSectoralStandards");
    json_t *used = json_object_get(pcf, "crossSectoralStandardsUsed");
    if (!cs && !used) {
        join(path, sizeof path, b, "crossSectoralStandards");
        viol(v, path,
             "crossSectoralStandards (or the deprecated crossSectoralStandardsUsed) is "
             "mandatory in PACT v2");
        return;
    }
    json_t *a =
        cs ? check_string_array(v, pcf, b, "crossSectoralStandards", 1, ITEM_TEXT, -1) : NULL;
    for (size_t i = 0; a && i < json_array_size(a); i++) {
        const char *s = json_string_value(json_array_get(a, i));
        if (!s)
            continue;
        size_t k = 0;
        while (k < N_STANDARDS && strcmp(standards[k].v2, s) != 0)
            k++;
        if (k == N_STANDARDS) {
            join(path, sizeof path, b, "crossSectoralStandards");
            join_index(path, sizeof path, path, i);
            viol(v, path,
                 "\"%.60s\" is not a v2.3 cross-sectoral standard (ISO14067, ISO14083, "
                 "ISO14040-44, GHGP Product, PEF, PAS2050, PACT Methodology 1.0/2.0/3.0)",
                 s);
        } else {
            keep_list(v, PACT_L_STANDARDS, standards[k].v3);
        }
    }
    json_t *u =
        used ? check_string_array(v, pcf, b, "crossSectoralStandardsUsed", 0, ITEM_TEXT, -1) : NULL;
    for (size_t i = 0; u && i < json_array_size(u); i++) {
        const char *s = json_string_value(json_array_get(u, i));
        if (!s)
            continue;
        size_t k = 0;
        while (k < N_STANDARDS && !(standards[k].v2_used && strcmp(standards[k].v2_used, s) == 0))
            k++;
        if (k == N_STANDARDS) {
            join(path, sizeof path, b, "crossSectoralStandardsUsed");
            join_index(path, sizeof path, path, i);
            viol(v, path,
                 "\"%.60s\" is not one of \"GHG Protocol Product standard\", \"ISO Standard "
                 "14067\", \"ISO Standard 14044\"",
                 s);
        } else if (!cs) {
            keep_list(v, PACT_L_STANDARDS, standards[k].v3);
        }
    }
}

static void check_pcf(vctx *v, json_t *pcf)
{
    const char *b = "$.pcf";
    int v3 = v->major >= 3;
    char path[PCF_ERROR_PATH_SIZE];

    /* Reference period first: v2's O* fields become mandatory when it includes 2025. */
    int64_t rs = 0, re = 0;
    int hrs = check_timestamp(v, pcf, b, "referencePeriodStart", PACT_T_REF_START, 1, &rs);
    int hre = check_timestamp(v, pcf, b, "referencePeriodEnd", PACT_T_REF_END, 1, &re);
    if (hrs && hre && !(rs < re))
        viol(v, "$.pcf.referencePeriodEnd",
             "referencePeriodEnd must be later than referencePeriodStart (the end is exclusive)");
    /* v2: the validity period ends at most 3 years after the reference period (standards.md
     * §6.1); 3 years is taken as 1096 days, which allows the one leap day they can hold. */
    if (!v3 && hre && v->has_validity_end && v->validity_end > re + (int64_t)1096 * 86400)
        viol(v, "$.validityPeriodEnd",
             "validityPeriodEnd must be at most 3 years after referencePeriodEnd in PACT v2");
    /* 2025-01-01T00:00:00Z = 20089 days after the epoch. */
    int from2025 = !v3 && hre && re > (int64_t)20089 * 86400;
    const char *why2025 = "when the reference period includes 2025-01-01 or later";

    const char *unit_key = v3 ? "declaredUnitOfMeasurement" : "declaredUnit";
    const char *unit = get_string(v, pcf, b, unit_key, 1, 0);
    if (unit) {
        int found = 0;
        for (int i = 0; units_v3[i] && (v3 || i < UNITS_V2_COUNT); i++)
            if (strcmp(units_v3[i], unit) == 0)
                found = 1;
        join(path, sizeof path, b, unit_key);
        if (!found)
            viol(v, path,
                 "%s \"%.40s\" is not one of liter, kilogram, cubic meter, kilowatt hour, "
                 "megajoule, ton kilometer, square meter%s",
                 unit_key, unit, v3 ? ", piece, hour, megabit second" : "");
        else
            keep_text(v, PACT_T_DECLARED_UNIT, unit);
    }

    check_value(v, pcf, b, PCF_PACT_DECLARED_UNIT_AMOUNT, 1, NULL, 1, 1, 0);
    check_value(v, pcf, b, PCF_PACT_PRODUCT_MASS_KG, v3, NULL, 1, 1, 0);
    check_value(v, pcf, b, PCF_PACT_PCF_EXCLUDING_BIOGENIC, 1, NULL, 1, 1, 0);
    check_value(v, pcf, b, PCF_PACT_PCF_INCLUDING_BIOGENIC, v3 || from2025, why2025, 1, 1, 0);
    check_value(v, pcf, b, PCF_PACT_FOSSIL_GHG_EMISSIONS, 1, NULL, 1, 1, 0);
    check_value(v, pcf, b, PCF_PACT_FOSSIL_CARBON_CONTENT, 1, NULL, 1, 1, 0);
    check_value(v, pcf, b, PCF_PACT_BIOGENIC_CARBON_CONTENT, !v3, NULL, 1, 1, 0);
    check_value(v, pcf, b, PCF_PACT_BIOGENIC_CO2_UPTAKE, from2025, why2025, 1, 1, 0);
    check_value(v, pcf, b, PCF_PACT_DLUC_GHG_EMISSIONS, from2025, why2025, 1, 1, 0);
    check_value(v, pcf, b, PCF_PACT_BIOGENIC_NON_CO2, from2025, why2025, 1, 1, 0);
    check_value(v, pcf, b, PCF_PACT_AIRCRAFT_GHG_EMISSIONS, 0, NULL, 1, 1, 0);
    if (!v3) {
        check_value(v, pcf, b, PCF_PACT_LAND_MANAGEMENT_GHG_EMISSIONS, from2025, why2025, 1, 1, 0);
        check_value(v, pcf, b, PCF_PACT_ILUC_GHG_EMISSIONS, 0, NULL, 1, 1, 0);
    } else {
        /* v3 splits land management in three; pcf keeps their sum. */
        static const char *const lm[3] = {"landManagementFossilGhgEmissions",
                                          "landManagementBiogenicCO2Emissions",
                                          "landManagementBiogenicCO2Removals"};
        static const enum sign lms[3] = {NONNEG, NONNEG, NONPOS};
        double sum = 0, x;
        int any = 0;
        for (int i = 0; i < 3; i++)
            if (check_number(v, pcf, b, lm[i], 0, NULL, 1, lms[i], 1, 0, &x)) {
                sum += x;
                any = 1;
            }
        if (any && v->rec)
            pact__set_value(v->rec, PCF_PACT_LAND_MANAGEMENT_GHG_EMISSIONS, sum);
        static const char *const other_nonneg[] = {"recycledCarbonContent",
                                                   "landCarbonLeakage",
                                                   "landAreaOccupation",
                                                   "packagingBiogenicCarbonContent",
                                                   "outboundLogisticsGhgEmissions",
                                                   "technologicalCO2Removals",
                                                   "ccuCarbonContent",
                                                   NULL};
        for (int i = 0; other_nonneg[i]; i++)
            check_number(v, pcf, b, other_nonneg[i], 0, NULL, 1, NONNEG, 1, 0, &x);
        check_number(v, pcf, b, "ccsTechnologicalCO2Capture", 0, NULL, 1, NONPOS, 1, 0, &x);
        static const char *const ccu[] = {"Cut-off", "Credit", NULL};
        check_enum_text(v, pcf, b, "ccuCalculationApproach", -1, 0, ccu, "Cut-off, Credit");
    }

    /* Characterisation factors. */
    if (v3) {
        check_string_array(v, pcf, b, "ipccCharacterizationFactors", 1, ITEM_AR, PACT_L_IPCC);
    } else {
        json_t *cf = json_object_get(pcf, "characterizationFactors");
        json_t *src = json_object_get(pcf, "ipccCharacterizationFactorsSources");
        if (!cf && !src) {
            viol(v, "$.pcf.ipccCharacterizationFactorsSources",
                 "ipccCharacterizationFactorsSources (or the deprecated characterizationFactors) "
                 "is mandatory in PACT v2");
        }
        static const char *const ar56[] = {"AR5", "AR6", NULL};
        if (cf)
            check_enum_text(v, pcf, b, "characterizationFactors", -1, 0, ar56, "AR5, AR6");
        if (src)
            check_string_array(v, pcf, b, "ipccCharacterizationFactorsSources", 0, ITEM_AR,
                               PACT_L_IPCC);
        else if (json_is_string(cf) && in_list(json_string_value(cf), ar56))
            keep_list(v, PACT_L_IPCC, json_string_value(cf));
    }
    check_standards(v, pcf, b);

    json_t *rules = member(v, pcf, b, "productOrSectorSpecificRules", 0, NULL);
    if (rules && !json_is_array(rules))
        viol(v, "$.pcf.productOrSectorSpecificRules",
             "productOrSectorSpecificRules must be a JSON array of objects");
    for (size_t i = 0; rules && json_is_array(rules) && i < json_array_size(rules); i++) {
        json_t *r = json_array_get(rules, i);
        char rp[PCF_ERROR_PATH_SIZE];
        join_index(rp, sizeof rp, "$.pcf.productOrSectorSpecificRules", i);
        if (!json_is_object(r)) {
            viol(v, rp, "each product or sector specific rule must be a JSON object");
            continue;
        }
        static const char *const ops[] = {"PEF", "EPD International", "Other", NULL};
        check_enum_text(v, r, rp, "operator", -1, 1, ops, "PEF, EPD International, Other");
        check_string_array(v, r, rp, "ruleNames", 1, ITEM_TEXT, -1);
        const char *op = json_string_value(json_object_get(r, "operator"));
        if (op && strcmp(op, "Other") == 0)
            get_string(v, r, rp, "otherOperatorName", 1, 1);
    }

    if (!v3) {
        static const char *const methods[] = {"PEF", "ISO", "GHGP", "Quantis", NULL};
        check_enum_text(v, pcf, b, "biogenicAccountingMethodology", PACT_T_BIOGENIC_METHOD,
                        from2025, methods, "PEF, ISO, GHGP, Quantis");
    }
    check_text(v, pcf, b, "boundaryProcessesDescription", PACT_T_BOUNDARY, !v3, 0);
    check_geography(v, pcf, b);

    json_t *srcs = member(v, pcf, b, "secondaryEmissionFactorSources", 0, NULL);
    if (srcs && (!json_is_array(srcs) || json_array_size(srcs) == 0))
        viol(v, "$.pcf.secondaryEmissionFactorSources",
             "secondaryEmissionFactorSources must be a non-empty JSON array of {name, version}; "
             "leave it out when no secondary data was used");
    for (size_t i = 0; srcs && json_is_array(srcs) && i < json_array_size(srcs); i++) {
        json_t *s = json_array_get(srcs, i);
        char sp[PCF_ERROR_PATH_SIZE];
        join_index(sp, sizeof sp, "$.pcf.secondaryEmissionFactorSources", i);
        if (!json_is_object(s)) {
            viol(v, sp, "each secondary emission factor source must be a JSON object");
            continue;
        }
        const char *name = get_string(v, s, sp, "name", 1, 1);
        const char *ver = get_string(v, s, sp, "version", 1, 1);
        if (name && ver) {
            keep_list(v, PACT_L_SOURCE_NAMES, name);
            keep_list(v, PACT_L_SOURCE_VERSIONS, ver);
        }
    }

    check_value(v, pcf, b, PCF_PACT_EXEMPTED_EMISSIONS_PERCENT, 1, NULL, v3 ? 1 : 0, 0,
                v3 ? 100 : 5);
    check_text(v, pcf, b, "exemptedEmissionsDescription", PACT_T_EXEMPTED_DESC, !v3, 0);

    /* Mandatory in v2.3; "SHALL" in v3.0, but not in its schema's required list, so a v3
     * document without it is still read. */
    json_t *pk = member(v, pcf, b, "packagingEmissionsIncluded", !v3, NULL);
    if (pk && !json_is_boolean(pk))
        viol(v, "$.pcf.packagingEmissionsIncluded",
             "packagingEmissionsIncluded must be true or false");
    else if (pk && v->rec)
        v->rec->packaging = json_is_true(pk);
    check_value(v, pcf, b, PCF_PACT_PACKAGING_GHG_EMISSIONS, 0, NULL, 1, 1, 0);
    if (json_is_false(pk) && json_object_get(pcf, "packagingGhgEmissions"))
        viol(v, "$.pcf.packagingGhgEmissions",
             "packagingGhgEmissions must be left out when packagingEmissionsIncluded is false");

    check_text(v, pcf, b, "allocationRulesDescription", PACT_T_ALLOCATION, 0, 0);
    if (!v3)
        check_text(v, pcf, b, "uncertaintyAssessmentDescription", PACT_T_UNCERTAINTY, 0, 0);

    /* Primary data share and DQIs. v2: numbers (the published v2.0 example writes DQRs as
     * strings, so both are read); v3: decimal strings. */
    int pct_kind = v3 ? 1 : 0;
    check_value(v, pcf, b, PCF_PACT_PRIMARY_DATA_SHARE, 0, NULL, pct_kind, 0, 100);
    json_t *dqi = member(v, pcf, b, "dqi", 0, NULL);
    if (from2025 && !json_object_get(pcf, "primaryDataShare") && !dqi)
        viol(v, "$.pcf.primaryDataShare", "primaryDataShare or dqi is mandatory in PACT v2 %s",
             why2025);
    if (dqi && !json_is_object(dqi)) {
        viol(v, "$.pcf.dqi", "dqi must be a JSON object");
    } else if (dqi) {
        const char *db = "$.pcf.dqi";
        double hi = v3 ? 5 : 3;
        int kind = v3 ? 1 : 2;
        check_value(v, dqi, db, PCF_PACT_DQI_TECHNOLOGICAL, 1, NULL, kind, 1, hi);
        check_value(v, dqi, db, PCF_PACT_DQI_TEMPORAL, 1, NULL, kind, 1, hi);
        check_value(v, dqi, db, PCF_PACT_DQI_GEOGRAPHICAL, 1, NULL, kind, 1, hi);
        check_value(v, dqi, db, PCF_PACT_DQI_COMPLETENESS, !v3, NULL, kind, 1, hi);
        check_value(v, dqi, db, PCF_PACT_DQI_RELIABILITY, !v3, NULL, kind, 1, hi);
        check_value(v, dqi, db, PCF_PACT_DQI_COVERAGE_PERCENT, !v3, NULL, v3 ? 1 : 2, 0, 100);
    }

    const char *assure_key = v3 ? "verification" : "assurance";
    json_t *as = member(v, pcf, b, assure_key, 0, NULL);
    join(path, sizeof path, b, assure_key);
    if (as && !json_is_object(as)) {
        viol(v, path, "%s must be a JSON object", assure_key);
    } else if (as && !v3) {
        json_t *flag = member(v, as, path, "assurance", 1, NULL);
        if (flag && !json_is_boolean(flag))
            viol(v, "$.pcf.assurance.assurance", "assurance must be true or false");
        static const char *const lv[] = {"limited", "reasonable", NULL};
        static const char *const bd[] = {"Gate-to-Gate", "Cradle-to-Gate", NULL};
        check_enum_text(v, as, path, "level", -1, 0, lv, "limited, reasonable");
        check_enum_text(v, as, path, "boundary", -1, 0, bd, "Gate-to-Gate, Cradle-to-Gate");
        get_string(v, as, path, "providerName", 1, 0); /* "mandatory in 2.x" (v3 openapi) */
    } else if (as) {
        static const char *const cov[] = {"PCF calculation model", "PCF program", "product level",
                                          NULL};
        check_enum_text(v, as, path, "coverage", -1, 0, cov,
                        "PCF calculation model, PCF program, product level");
    }
}

/* Runs every rule; returns PCF_OK, PCF_ERR_PARSE (violations or bad JSON) or PCF_ERR_NOMEM. */
static pcf_status walk(const char *json, pcf_diag *diag, pcf_pact_footprint *rec, pcf_error *err)
{
    json_error_t je;
    json_t *root = json_loads(json, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        pcf__error(err, PCF_ERR_PARSE, "the PACT document is not valid JSON: %s", je.text);
        pcf__error_where(err, NULL, "$", je.line, je.column);
        if (diag && err) {
            pcf_status st = pcf_diag_add(diag, PCF_SEVERITY_ERROR, err);
            if (st != PCF_OK)
                return pcf__error(err, st, "out of memory while reporting a PACT error");
        }
        return PCF_ERR_PARSE;
    }
    vctx v;
    memset(&v, 0, sizeof v);
    v.diag = diag;
    v.rec = rec;
    v.major = 3;
    if (!json_is_object(root)) {
        viol(&v, "$", "a ProductFootprint must be a JSON object");
    } else {
        /* The version decides the rules; without a usable specVersion, guess it from the
         * field names so the other problems are reported against the likely version. */
        json_t *svj = json_object_get(root, "specVersion");
        int major = 0;
        if (!json_is_string(svj) || !spec_version_ok(json_string_value(svj), &major) ||
            (major != 2 && major != 3))
            major = json_object_get(json_object_get(root, "pcf"), "declaredUnit") ? 2 : 3;
        v.major = major;
        const char *sv = get_string(&v, root, "$", "specVersion", 1, 0);
        int given = 0;
        if (sv && !spec_version_ok(sv, &given))
            viol(&v, "$.specVersion",
                 "specVersion \"%.40s\" does not match ^\\d+\\.\\d+\\.\\d+(-\\d{8})?$ (e.g. "
                 "\"3.0.0\")",
                 sv);
        else if (sv && given != 2 && given != 3)
            viol(&v, "$.specVersion",
                 "specVersion \"%.40s\": pcf reads PACT versions 2.x and 3.x only", sv);
        else if (sv)
            keep_text(&v, PACT_T_SPEC_VERSION, sv);
        if (rec)
            rec->major = v.major;
        check_root(&v, root);
        json_t *pcf = member(&v, root, "$", "pcf", 1, NULL);
        if (pcf && !json_is_object(pcf))
            viol(&v, "$.pcf", "pcf must be a JSON object (a CarbonFootprint)");
        else if (pcf)
            check_pcf(&v, pcf);
    }
    json_decref(root);
    if (v.nomem)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory while checking a PACT document");
    if (v.count) {
        if (err) {
            *err = v.first;
            if (v.count > 1) {
                char more[96];
                snprintf(more, sizeof more, " (and %zu more problem%s)", v.count - 1,
                         v.count > 2 ? "s" : "");
                size_t len = strlen(err->message);
                pcf__strlcpy_utf8(err->message + len, more, sizeof err->message - len);
            }
        }
        return PCF_ERR_PARSE;
    }
    return pcf__ok(err);
}

pcf_status pcf_pact_validate(const char *json, pcf_diag *diag, pcf_error *err)
{
    if (!json)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_pact_validate: json is NULL");
    return walk(json, diag, NULL, err);
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

/* ------------------------------------------------------------ reading ---- */

pcf_status pcf_pact_read(const char *json, pcf_diag *diag, pcf_pact_footprint **out, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!json || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_pact_read: %s is NULL",
                          !json ? "json" : "out");
    pcf_pact_footprint *fp = malloc(sizeof *fp);
    if (!fp)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory reading a PACT document");
    record_init(fp);
    pcf_status st = walk(json, diag, fp, err);
    if (st != PCF_OK) {
        pcf_pact_footprint_destroy(fp);
        return st;
    }
    snprintf(fp->source, sizeof fp->source, "PACT %s", fp->text[PACT_T_ID]);
    *out = fp;
    return PCF_OK;
}

void pcf_pact_footprint_destroy(pcf_pact_footprint *fp)
{
    if (!fp)
        return;
    pact__record_free(fp);
    free(fp);
}

int pcf_pact_footprint_spec_major(const pcf_pact_footprint *fp)
{
    return fp ? fp->major : 0;
}

const char *pcf_pact_footprint_text(const pcf_pact_footprint *fp, const char *field)
{
    if (!fp || !field)
        return NULL;
    if (strcmp(field, "geography") == 0) {
        if (fp->text[PACT_T_GEO_SUBDIVISION])
            return fp->text[PACT_T_GEO_SUBDIVISION];
        if (fp->text[PACT_T_GEO_COUNTRY])
            return fp->text[PACT_T_GEO_COUNTRY];
        return fp->text[PACT_T_GEO_REGION];
    }
    if (strcmp(field, "declaredUnit") == 0)
        return fp->text[PACT_T_DECLARED_UNIT];
    for (int i = 0; i < PACT_T_COUNT; i++)
        if (strcmp(text_names[i], field) == 0)
            return fp->text[i];
    return NULL;
}

static const struct {
    const char *pact, *symbol;
} unit_map[] = {
    {"liter", "L"},           {"kilogram", "kg"},  {"cubic meter", "m3"},
    {"kilowatt hour", "kWh"}, {"megajoule", "MJ"}, {"ton kilometer", "tkm"},
    {"square meter", "m2"},   {"piece", "item"},   {"hour", "h"},
};

static const char *unit_symbol(const char *pact)
{
    for (size_t i = 0; pact && i < sizeof unit_map / sizeof unit_map[0]; i++)
        if (strcmp(unit_map[i].pact, pact) == 0)
            return unit_map[i].symbol;
    return NULL;
}

const char *pcf_pact_footprint_unit_symbol(const pcf_pact_footprint *fp)
{
    return fp ? unit_symbol(fp->text[PACT_T_DECLARED_UNIT]) : NULL;
}

pcf_status pcf_pact_footprint_get(const pcf_pact_footprint *fp, pcf_pact_value value, double *out,
                                  pcf_error *err)
{
    if (out)
        *out = 0;
    if (!fp || !out || (int)value < 0 || value >= PCF_PACT_VALUE_COUNT_)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_pact_footprint_get: bad argument");
    if (!fp->has[value]) {
        const char *name = fp->major == 2 ? value_info[value].v2 : value_info[value].v3;
        return pcf__error(err, PCF_ERR_NOT_FOUND, "the PACT footprint %s leaves %s undefined",
                          fp->text[PACT_T_ID] ? fp->text[PACT_T_ID] : "",
                          name ? name : pcf_pact_value_name(value));
    }
    *out = fp->val[value];
    return pcf__ok(err);
}

pcf_status pcf_pact_footprint_scale(const pcf_pact_footprint *fp, pcf_pact_value value,
                                    double amount, const char *unit, double *out, pcf_error *err)
{
    if (out)
        *out = 0;
    if (!fp || !unit || !out || !isfinite(amount) || amount < 0)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "pcf_pact_footprint_scale: needs a footprint, a unit and a finite "
                          "amount >= 0");
    if (value >= PCF_PACT_PRIMARY_DATA_SHARE && value <= PCF_PACT_DQI_RELIABILITY)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "%s is a percentage or a rating and does not scale with the amount",
                          pcf_pact_value_name(value));
    double x, per;
    pcf_status st = pcf_pact_footprint_get(fp, value, &x, err);
    if (st != PCF_OK)
        return st;
    st = pcf_pact_footprint_get(fp, PCF_PACT_DECLARED_UNIT_AMOUNT, &per, err);
    if (st != PCF_OK)
        return st;
    const char *decl = fp->text[PACT_T_DECLARED_UNIT];
    const char *sym = unit_symbol(decl);
    if (!sym)
        return pcf__error(err, PCF_ERR_UNIT,
                          "the supplier's declared unit \"%s\" has no pcf unit; the component "
                          "cannot be matched to it",
                          decl ? decl : "");
    double in_decl;
    pcf_error e2;
    st = pcf_unit_convert(amount, unit, sym, &in_decl, &e2);
    if (st == PCF_ERR_UNIT)
        return pcf__error(err, PCF_ERR_UNIT,
                          "the component's amount is in %s but the supplier's PCF is per %s %s "
                          "(%s); give the component's amount in a unit of the same kind",
                          unit, fp->text[PACT_T_DECLARED_UNIT], decl, sym);
    if (st != PCF_OK) {
        if (err)
            *err = e2;
        return st;
    }
    *out = x * in_decl / per;
    return pcf__ok(err);
}

/* ------------------------------------------------------------ writing ---- */

/* A decimal as PACT writes it: plain digits, no exponent, "-0" as "0". */
static void decimal_text(double v, char *buf, size_t size)
{
    char s[40];
    if (v == 0)
        v = 0; /* folds -0 */
    pcf_number_format(v, s, sizeof s);
    char *e = strchr(s, 'e');
    if (!e) {
        snprintf(buf, size, "%s", s);
        return;
    }
    *e = '\0';
    int exp10 = 0, esign = 1;
    const char *q = e + 1;
    if (*q == '+' || *q == '-')
        esign = *q++ == '-' ? -1 : 1;
    while (is_digit(*q))
        exp10 = exp10 * 10 + (*q++ - '0');
    exp10 *= esign;
    const char *m = s;
    int neg = *m == '-';
    if (neg)
        m++;
    char digits[40];
    int nd = 0, intlen = -1;
    for (; *m; m++) {
        if (*m == '.')
            intlen = nd;
        else
            digits[nd++] = *m;
    }
    if (intlen < 0)
        intlen = nd;
    int point = intlen + exp10;
    size_t k = 0;
    if (size < 2)
        return;
#define PUT(c)                                                                                     \
    do {                                                                                           \
        if (k + 1 < size)                                                                          \
            buf[k++] = (c);                                                                        \
    } while (0)
    if (neg)
        PUT('-');
    if (point <= 0) {
        PUT('0');
        PUT('.');
        for (int i = 0; i < -point; i++)
            PUT('0');
        for (int i = 0; i < nd; i++)
            PUT(digits[i]);
    } else {
        for (int i = 0; i < nd || i < point; i++) {
            if (i == point)
                PUT('.');
            PUT(i < nd ? digits[i] : '0');
        }
    }
#undef PUT
    buf[k] = '\0';
}

typedef struct wctx {
    const pcf_pact_footprint *r;
    int major;
    int from_model;
    pcf_error *err;
    pcf_status st;
} wctx;

static pcf_status missing(wctx *w, const char *field, const char *key)
{
    if (w->st != PCF_OK)
        return w->st;
    if (w->from_model)
        w->st = pcf__error(w->err, PCF_ERR_DATA_MISSING,
                           "PACT v%d needs %s, which the calculation cannot know: add \"%s\" to "
                           "the model's \"pact\" object (docs/model-format.md, PACT section)",
                           w->major, field, key ? key : field);
    else
        w->st = pcf__error(w->err, PCF_ERR_DATA_MISSING,
                           "PACT v%d needs %s, which the source footprint does not give", w->major,
                           field);
    pcf__error_where(w->err, NULL, w->from_model ? "$.pact" : "$", 0, 0);
    return w->st;
}

static void put(wctx *w, json_t *obj, const char *key, json_t *val)
{
    if (!val || json_object_set_new(obj, key, val) != 0)
        if (w->st == PCF_OK)
            w->st = pcf__error(w->err, PCF_ERR_NOMEM, "out of memory writing a PACT document");
}

static void put_text(wctx *w, json_t *obj, const char *key, int field, int required)
{
    const char *s = w->r->text[field];
    if (s)
        put(w, obj, key, json_string(s));
    else if (required)
        missing(w, key, text_names[field]);
}

static void put_decimal(wctx *w, json_t *obj, pcf_pact_value v, int required)
{
    const char *key = w->major >= 3 ? value_info[v].v3 : value_info[v].v2;
    if (!key)
        return;
    if (!w->r->has[v]) {
        if (required)
            missing(w, key, key);
        return;
    }
    char buf[512];
    decimal_text(w->r->val[v], buf, sizeof buf);
    put(w, obj, key, json_string(buf));
}

static void put_number(wctx *w, json_t *obj, pcf_pact_value v, int required)
{
    const char *key = w->major >= 3 ? value_info[v].v3 : value_info[v].v2;
    if (!w->r->has[v]) {
        if (required)
            missing(w, key, key);
        return;
    }
    double x = w->r->val[v];
    if (x == floor(x) && fabs(x) < 1e15)
        put(w, obj, key, json_integer((json_int_t)x));
    else
        put(w, obj, key, json_real(x));
}

static json_t *list_json(wctx *w, int list, const char *key, int required)
{
    const pact_list *l = &w->r->list[list];
    if (l->n == 0) {
        if (required)
            missing(w, key, key);
        return NULL;
    }
    json_t *a = json_array();
    for (size_t i = 0; a && i < l->n; i++)
        if (json_array_append_new(a, json_string(l->items[i])) != 0) {
            json_decref(a);
            a = NULL;
        }
    if (!a && w->st == PCF_OK)
        w->st = pcf__error(w->err, PCF_ERR_NOMEM, "out of memory writing a PACT document");
    return a;
}

static void put_list(wctx *w, json_t *obj, const char *key, int list, int required)
{
    json_t *a = list_json(w, list, key, required);
    if (a)
        put(w, obj, key, a);
}

static json_t *write_pcf(wctx *w)
{
    const pcf_pact_footprint *r = w->r;
    int v3 = w->major >= 3;
    json_t *p = json_object();
    if (!p) {
        w->st = pcf__error(w->err, PCF_ERR_NOMEM, "out of memory writing a PACT document");
        return NULL;
    }
    const char *unit = r->text[PACT_T_DECLARED_UNIT];
    if (unit && !v3) {
        int ok = 0;
        for (int i = 0; i < UNITS_V2_COUNT; i++)
            ok |= strcmp(units_v3[i], unit) == 0;
        if (!ok && w->st == PCF_OK)
            w->st = pcf__error(w->err, PCF_ERR_UNSUPPORTED,
                               "PACT v2.3 has no declared unit \"%s\" (v3.0 has); write v3.0 or "
                               "declare the product per kilogram, liter, cubic meter, kilowatt "
                               "hour, megajoule, ton kilometer or square meter",
                               unit);
    }
    put_text(w, p, v3 ? "declaredUnitOfMeasurement" : "declaredUnit", PACT_T_DECLARED_UNIT, 1);
    put_decimal(w, p, PCF_PACT_DECLARED_UNIT_AMOUNT, 1);
    put_decimal(w, p, PCF_PACT_PRODUCT_MASS_KG, v3);
    put_text(w, p, "referencePeriodStart", PACT_T_REF_START, 1);
    put_text(w, p, "referencePeriodEnd", PACT_T_REF_END, 1);
    put_text(w, p, "geographyCountrySubdivision", PACT_T_GEO_SUBDIVISION, 0);
    put_text(w, p, "geographyCountry", PACT_T_GEO_COUNTRY, 0);
    put_text(w, p, "geographyRegionOrSubregion", PACT_T_GEO_REGION, 0);
    put_text(w, p, "boundaryProcessesDescription", PACT_T_BOUNDARY, !v3);
    put_decimal(w, p, PCF_PACT_PCF_EXCLUDING_BIOGENIC, 1);
    put_decimal(w, p, PCF_PACT_PCF_INCLUDING_BIOGENIC, 1);
    put_decimal(w, p, PCF_PACT_FOSSIL_GHG_EMISSIONS, 1);
    put_decimal(w, p, PCF_PACT_FOSSIL_CARBON_CONTENT, 1);
    put_decimal(w, p, PCF_PACT_BIOGENIC_CARBON_CONTENT, !v3);
    put_decimal(w, p, PCF_PACT_DLUC_GHG_EMISSIONS, 0);
    if (!v3) {
        put_decimal(w, p, PCF_PACT_LAND_MANAGEMENT_GHG_EMISSIONS, 0);
        put_decimal(w, p, PCF_PACT_BIOGENIC_NON_CO2, 0);
        put_decimal(w, p, PCF_PACT_ILUC_GHG_EMISSIONS, 0);
        put_decimal(w, p, PCF_PACT_BIOGENIC_CO2_UPTAKE, 0);
    } else {
        put_decimal(w, p, PCF_PACT_BIOGENIC_CO2_UPTAKE, 0);
        put_decimal(w, p, PCF_PACT_BIOGENIC_NON_CO2, 0);
    }
    put_decimal(w, p, PCF_PACT_AIRCRAFT_GHG_EMISSIONS, 0);

    /* Characterisation factors: v2 also keeps the deprecated single-valued field. */
    const pact_list *ipcc = &r->list[PACT_L_IPCC];
    if (!v3 && ipcc->n > 0) {
        const char *last = ipcc->items[ipcc->n - 1];
        if (strcmp(last, "AR5") != 0 && strcmp(last, "AR6") != 0) {
            if (w->st == PCF_OK)
                w->st = pcf__error(w->err, PCF_ERR_UNSUPPORTED,
                                   "PACT v2.3 accepts characterization factors AR5 or AR6 only, "
                                   "but the footprint used %s; calculate with --gwp AR6 (or AR5)",
                                   last);
        } else {
            put(w, p, "characterizationFactors", json_string(last));
        }
    }
    put_list(w, p, v3 ? "ipccCharacterizationFactors" : "ipccCharacterizationFactorsSources",
             PACT_L_IPCC, 1);

    /* Cross-sectoral standards, by each version's names. */
    const pact_list *std = &r->list[PACT_L_STANDARDS];
    if (std->n == 0) {
        missing(w, "crossSectoralStandards", "crossSectoralStandards");
    } else {
        json_t *a = json_array(), *used = json_array();
        for (size_t i = 0; a && used && i < std->n; i++) {
            const char *name = std->items[i];
            size_t k = 0;
            while (k < N_STANDARDS && strcmp(standards[k].v3, name) != 0)
                k++;
            if (v3) {
                json_array_append_new(a, json_string(name));
            } else if (k == N_STANDARDS) {
                if (w->st == PCF_OK)
                    w->st = pcf__error(w->err, PCF_ERR_UNSUPPORTED,
                                       "PACT v2.3 has no cross-sectoral standard \"%s\"; write "
                                       "v3.0 or name one of ISO14067, ISO14083, ISO14040-44, "
                                       "GHGP-Product, PEF, PAS2050, PACT-1.0/2.0/3.0",
                                       name);
            } else {
                json_array_append_new(a, json_string(standards[k].v2));
                if (standards[k].v2_used)
                    json_array_append_new(used, json_string(standards[k].v2_used));
            }
        }
        if (!v3 && used && json_array_size(used) > 0)
            put(w, p, "crossSectoralStandardsUsed", json_incref(used));
        put(w, p, "crossSectoralStandards", a);
        json_decref(used);
    }
    if (!v3)
        put_text(w, p, "biogenicAccountingMethodology", PACT_T_BIOGENIC_METHOD, 0);

    const pact_list *sn = &r->list[PACT_L_SOURCE_NAMES], *sv = &r->list[PACT_L_SOURCE_VERSIONS];
    if (sn->n > 0 && sn->n == sv->n) {
        json_t *a = json_array();
        for (size_t i = 0; a && i < sn->n; i++) {
            json_t *o = json_object();
            if (o) {
                json_object_set_new(o, "name", json_string(sn->items[i]));
                json_object_set_new(o, "version", json_string(sv->items[i]));
            }
            json_array_append_new(a, o);
        }
        put(w, p, "secondaryEmissionFactorSources", a);
    }

    if (v3)
        put_decimal(w, p, PCF_PACT_EXEMPTED_EMISSIONS_PERCENT, 1);
    else
        put_number(w, p, PCF_PACT_EXEMPTED_EMISSIONS_PERCENT, 1);
    if (r->text[PACT_T_EXEMPTED_DESC] || v3)
        put_text(w, p, "exemptedEmissionsDescription", PACT_T_EXEMPTED_DESC, 0);
    else
        put(w, p, "exemptedEmissionsDescription", json_string(""));
    if (r->packaging < 0) {
        /* v3 reads documents without it, but pcf's own export always states it (SHALL) */
        if (!v3 || w->from_model)
            missing(w, "packagingEmissionsIncluded", "packagingEmissionsIncluded");
    } else {
        put(w, p, "packagingEmissionsIncluded", json_boolean(r->packaging));
        if (r->packaging)
            put_decimal(w, p, PCF_PACT_PACKAGING_GHG_EMISSIONS, 0);
    }
    put_text(w, p, "allocationRulesDescription", PACT_T_ALLOCATION, 0);
    if (!v3)
        put_text(w, p, "uncertaintyAssessmentDescription", PACT_T_UNCERTAINTY, 0);
    if (v3)
        put_decimal(w, p, PCF_PACT_PRIMARY_DATA_SHARE, 0);
    else
        put_number(w, p, PCF_PACT_PRIMARY_DATA_SHARE, 0);

    /* DQIs: v3 needs the three representativeness ratings; v2 all five plus coverage. */
    int dqi_ok = r->has[PCF_PACT_DQI_TECHNOLOGICAL] && r->has[PCF_PACT_DQI_TEMPORAL] &&
                 r->has[PCF_PACT_DQI_GEOGRAPHICAL];
    if (!v3)
        dqi_ok = dqi_ok && r->has[PCF_PACT_DQI_COMPLETENESS] && r->has[PCF_PACT_DQI_RELIABILITY] &&
                 r->has[PCF_PACT_DQI_COVERAGE_PERCENT];
    if (dqi_ok) {
        json_t *d = json_object();
        if (!d) {
            put(w, p, "dqi", NULL);
        } else {
            static const pcf_pact_value order[] = {
                PCF_PACT_DQI_COVERAGE_PERCENT, PCF_PACT_DQI_TECHNOLOGICAL,
                PCF_PACT_DQI_TEMPORAL,         PCF_PACT_DQI_GEOGRAPHICAL,
                PCF_PACT_DQI_COMPLETENESS,     PCF_PACT_DQI_RELIABILITY};
            for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
                if (v3 &&
                    (order[i] == PCF_PACT_DQI_COVERAGE_PERCENT ||
                     order[i] == PCF_PACT_DQI_COMPLETENESS || order[i] == PCF_PACT_DQI_RELIABILITY))
                    continue;
                if (v3)
                    put_decimal(w, d, order[i], 1);
                else
                    put_number(w, d, order[i], 1);
            }
            put(w, p, "dqi", d);
        }
    }
    return p;
}

pcf_status pact__write(const pcf_pact_footprint *r, int version, int from_model, char **out,
                       pcf_error *err)
{
    wctx w = {r, version, from_model, err, PCF_OK};
    int v3 = version >= 3;
    json_t *root = json_object();
    if (!root)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory writing a PACT document");
    put_text(&w, root, "id", PACT_T_ID, 1);
    put(&w, root, "specVersion", json_string(v3 ? "3.0.0" : "2.3.0"));
    put_list(&w, root, "precedingPfIds", PACT_L_PRECEDING, 0);
    if (!v3)
        put(&w, root, "version", json_integer(r->version >= 0 ? r->version : 1));
    put_text(&w, root, "created", PACT_T_CREATED, 1);
    if (r->text[PACT_T_STATUS])
        put_text(&w, root, "status", PACT_T_STATUS, 1);
    else
        put(&w, root, "status", json_string("Active"));
    put_text(&w, root, "validityPeriodStart", PACT_T_VALIDITY_START, 0);
    put_text(&w, root, "validityPeriodEnd", PACT_T_VALIDITY_END, 0);
    put_text(&w, root, "companyName", PACT_T_COMPANY_NAME, 1);
    put_list(&w, root, "companyIds", PACT_L_COMPANY_IDS, 1);
    put_text(&w, root, "productDescription", PACT_T_PRODUCT_DESCRIPTION, 1);
    put_list(&w, root, "productIds", PACT_L_PRODUCT_IDS, 1);
    put_list(&w, root, "productClassifications", PACT_L_CLASSIFICATIONS, 0);
    if (!v3)
        put_text(&w, root, "productCategoryCpc", PACT_T_PRODUCT_CATEGORY_CPC, 1);
    put_text(&w, root, "productNameCompany", PACT_T_PRODUCT_NAME_COMPANY, 1);
    if (r->text[PACT_T_COMMENT] || v3)
        put_text(&w, root, "comment", PACT_T_COMMENT, 0);
    else
        put(&w, root, "comment", json_string(""));
    json_t *p = write_pcf(&w);
    if (p)
        put(&w, root, "pcf", p);
    char *text = NULL;
    if (w.st == PCF_OK) {
        text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
        if (!text)
            w.st = pcf__error(err, PCF_ERR_NOMEM, "out of memory writing a PACT document");
    }
    json_decref(root);
    if (w.st != PCF_OK)
        return w.st;
    /* jansson allocates with malloc, so pcf_free() (free) releases it. */
    *out = text;
    return pcf__ok(err);
}

pcf_status pcf_pact_footprint_to_json(const pcf_pact_footprint *fp, int version, char **out,
                                      pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!fp || !out || (version != 2 && version != 3))
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "pcf_pact_footprint_to_json: needs a footprint, an output and version 2 "
                          "or 3");
    return pact__write(fp, version, 0, out, err);
}

/* ------------------------------------------------------------ options ---- */

pcf_status pcf_pact_options_create(pcf_pact_options **out)
{
    if (!out)
        return PCF_ERR_INVALID_ARG;
    *out = calloc(1, sizeof **out);
    if (!*out)
        return PCF_ERR_NOMEM;
    record_init(&(*out)->rec);
    return PCF_OK;
}

void pcf_pact_options_destroy(pcf_pact_options *opts)
{
    if (!opts)
        return;
    pact__record_free(&opts->rec);
    free(opts);
}

/* Numbers an options object may carry, by name. */
static const struct {
    const char *name;
    pcf_pact_value value;
} option_values[] = {
    {"exemptedEmissionsPercent", PCF_PACT_EXEMPTED_EMISSIONS_PERCENT},
    {"fossilCarbonContent", PCF_PACT_FOSSIL_CARBON_CONTENT},
    {"biogenicCarbonContent", PCF_PACT_BIOGENIC_CARBON_CONTENT},
    {"landManagementGhgEmissions", PCF_PACT_LAND_MANAGEMENT_GHG_EMISSIONS},
    {"coveragePercent", PCF_PACT_DQI_COVERAGE_PERCENT},
    {"technologicalDQR", PCF_PACT_DQI_TECHNOLOGICAL},
    {"temporalDQR", PCF_PACT_DQI_TEMPORAL},
    {"geographicalDQR", PCF_PACT_DQI_GEOGRAPHICAL},
    {"completenessDQR", PCF_PACT_DQI_COMPLETENESS},
    {"reliabilityDQR", PCF_PACT_DQI_RELIABILITY},
};

pcf_status pcf_pact_options_set(pcf_pact_options *opts, const char *field, const char *value,
                                pcf_error *err)
{
    if (!opts || !field)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_pact_options_set: %s is NULL",
                          !opts ? "opts" : "field");
    pcf_pact_footprint *r = &opts->rec;
    if (strcmp(field, "version") == 0 || strcmp(field, "packagingEmissionsIncluded") == 0) {
        int is_version = field[0] == 'v';
        if (!value) {
            if (is_version)
                r->version = -1;
            else
                r->packaging = -1;
            return pcf__ok(err);
        }
        if (!is_version) {
            if (strcmp(value, "true") != 0 && strcmp(value, "false") != 0)
                return pcf__error(err, PCF_ERR_PARSE,
                                  "packagingEmissionsIncluded must be true or false, not \"%.40s\"",
                                  value);
            r->packaging = value[0] == 't';
            return pcf__ok(err);
        }
        double x;
        if (pcf_number_parse(value, &x, NULL) != PCF_OK || x != floor(x) || x < 0 ||
            x > 2147483647.0)
            return pcf__error(err, PCF_ERR_PARSE,
                              "version must be an integer between 0 and 2^31-1, not \"%.40s\"",
                              value);
        r->version = (int64_t)x;
        return pcf__ok(err);
    }
    for (size_t i = 0; i < sizeof option_values / sizeof option_values[0]; i++) {
        if (strcmp(field, option_values[i].name) != 0)
            continue;
        pcf_pact_value pv = option_values[i].value;
        if (!value) {
            r->has[pv] = 0;
            return pcf__ok(err);
        }
        double x;
        if (pcf_number_parse(value, &x, NULL) != PCF_OK || x < 0)
            return pcf__error(err, PCF_ERR_PARSE, "%s must be a number >= 0, not \"%.40s\"", field,
                              value);
        pact__set_value(r, pv, x);
        return pcf__ok(err);
    }
    int f = -1;
    for (int i = 0; i < PACT_T_COUNT; i++)
        if (strcmp(text_names[i], field) == 0)
            f = i;
    if (f < 0 || f == PACT_T_SPEC_VERSION || f == PACT_T_DECLARED_UNIT)
        return pcf__error(err, PCF_ERR_NOT_FOUND,
                          "\"%.60s\" is not a PACT field pcf takes from the model's \"pact\" "
                          "object; see docs/model-format.md, PACT section",
                          field);
    if (value) {
        int64_t t;
        if (f == PACT_T_ID && !uuid_ok(value))
            return pcf__error(
                err, PCF_ERR_PARSE,
                "id \"%.60s\" is not a UUID like 3fa85f64-5717-4562-b3fc-2c963f66afa6", value);
        if ((f == PACT_T_CREATED || f == PACT_T_REF_START || f == PACT_T_REF_END ||
             f == PACT_T_VALIDITY_START || f == PACT_T_VALIDITY_END) &&
            !timestamp_ok(value, &t))
            return pcf__error(err, PCF_ERR_PARSE,
                              "%s \"%.40s\" is not an ISO 8601 UTC date-time; write it like "
                              "2025-01-01T00:00:00Z",
                              field, value);
        if (!pcf__utf8_valid(value, strlen(value)))
            return pcf__error(err, PCF_ERR_PARSE, "%s is not valid UTF-8", field);
    }
    if (pact__set_text(r, f, value) != PCF_OK)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory");
    return pcf__ok(err);
}

pcf_status pcf_pact_options_add(pcf_pact_options *opts, const char *field, const char *value,
                                pcf_error *err)
{
    if (!opts || !field || !value)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_pact_options_add: an argument is NULL");
    int l = -1;
    for (int i = 0; i < PACT_L_COUNT; i++)
        if (i != PACT_L_SOURCE_NAMES && i != PACT_L_SOURCE_VERSIONS && i != PACT_L_IPCC &&
            strcmp(list_names[i], field) == 0)
            l = i;
    if (l < 0)
        return pcf__error(err, PCF_ERR_NOT_FOUND,
                          "\"%.60s\" is not a PACT list pcf takes from the model's \"pact\" "
                          "object (companyIds, productIds, productClassifications, "
                          "crossSectoralStandards, precedingPfIds)",
                          field);
    if ((l == PACT_L_COMPANY_IDS || l == PACT_L_PRODUCT_IDS || l == PACT_L_CLASSIFICATIONS) &&
        !urn_ok(value))
        return pcf__error(err, PCF_ERR_PARSE,
                          "%s entry \"%.60s\" is not a URN (RFC 8141); write it like "
                          "urn:pathfinder:company:customcode:vendor-assigned:acme",
                          field, value);
    if (l == PACT_L_PRECEDING && !uuid_ok(value))
        return pcf__error(err, PCF_ERR_PARSE, "precedingPfIds entry \"%.60s\" is not a UUID",
                          value);
    if (!pcf__utf8_valid(value, strlen(value)))
        return pcf__error(err, PCF_ERR_PARSE, "%s entry is not valid UTF-8", field);
    const pact_list *lst = &opts->rec.list[l];
    for (size_t i = 0; i < lst->n; i++)
        if (strcmp(lst->items[i], value) == 0)
            return pcf__ok(err); /* PACT lists hold unique entries */
    if (pact__list_add(&opts->rec, l, value) != PCF_OK)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory");
    return pcf__ok(err);
}

pcf_status pcf_pact_options_set_random(pcf_pact_options *opts, const uint8_t random[16],
                                       pcf_error *err)
{
    if (!opts || !random)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_pact_options_set_random: NULL argument");
    memcpy(opts->random, random, 16);
    opts->has_random = 1;
    return pcf__ok(err);
}

pcf_status pcf_pact_options_from_model_json(pcf_pact_options *opts, const char *model_json,
                                            const char *file, pcf_error *err)
{
    if (!opts || !model_json)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_pact_options_from_model_json: %s is NULL",
                          !opts ? "opts" : "model_json");
    json_error_t je;
    json_t *root = json_loads(model_json, 0, &je);
    if (!root) {
        pcf__error(err, PCF_ERR_PARSE, "the model is not valid JSON: %s", je.text);
        pcf__error_where(err, file, "$", je.line, je.column);
        return PCF_ERR_PARSE;
    }
    pcf_status st = PCF_OK;
    json_t *pact = json_object_get(root, "pact");
    if (pact && !json_is_object(pact)) {
        st = pcf__error(err, PCF_ERR_PARSE, "\"pact\" must be a JSON object of PACT fields");
        pcf__error_where(err, file, "$.pact", 0, 0);
    }
    const char *key;
    json_t *val;
    char path[PCF_ERROR_PATH_SIZE];
    json_object_foreach(pact, key, val)
    {
        if (st != PCF_OK || !json_is_object(pact))
            break;
        join(path, sizeof path, "$.pact", key);
        if (json_is_array(val)) {
            for (size_t i = 0; st == PCF_OK && i < json_array_size(val); i++) {
                json_t *it = json_array_get(val, i);
                if (!json_is_string(it))
                    st = pcf__error(err, PCF_ERR_PARSE, "%s entries must be JSON strings", key);
                else
                    st = pcf_pact_options_add(opts, key, json_string_value(it), err);
                if (st != PCF_OK) {
                    join_index(path, sizeof path, path, i);
                    pcf__error_where(err, file, path, 0, 0);
                }
            }
            continue;
        }
        char num[512];
        const char *text = NULL;
        if (json_is_string(val)) {
            text = json_string_value(val);
        } else if (json_is_number(val)) {
            decimal_text(json_number_value(val), num, sizeof num);
            text = num;
        } else if (json_is_boolean(val)) {
            text = json_is_true(val) ? "true" : "false";
        } else {
            st = pcf__error(err, PCF_ERR_PARSE, "%s must be a string, number, boolean or array",
                            key);
        }
        if (st == PCF_OK)
            st = pcf_pact_options_set(opts, key, text, err);
        if (st != PCF_OK)
            pcf__error_where(err, file, path, 0, 0);
    }
    /* The main product's description is the PACT productDescription unless "pact" gives one. */
    json_t *desc =
        json_object_get(json_array_get(json_object_get(root, "products"), 0), "description");
    if (st == PCF_OK && json_is_string(desc) && !opts->rec.text[PACT_T_PRODUCT_DESCRIPTION] &&
        pact__set_text(&opts->rec, PACT_T_PRODUCT_DESCRIPTION, json_string_value(desc)) != PCF_OK)
        st = pcf__error(err, PCF_ERR_NOMEM, "out of memory");
    json_decref(root);
    return st == PCF_OK ? pcf__ok(err) : st;
}

pcf_status pcf_pact_options_from_model(pcf_pact_options *opts, const pcf_model *model,
                                       pcf_error *err)
{
    if (!opts || !model)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_pact_options_from_model: %s is NULL",
                          !opts ? "opts" : "model");
    /* The model is its JSON document, so its text carries the "pact" section as written. */
    char *text = NULL;
    pcf_status st = pcf_model_write_string(model, &text, err);
    if (st == PCF_OK) {
        const char *file = pcf_model_filename(model);
        st = pcf_pact_options_from_model_json(opts, text, file && *file ? file : NULL, err);
    }
    pcf_free(text);
    return st;
}
