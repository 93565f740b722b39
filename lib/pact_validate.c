/*
 * pcf — PACT ProductFootprint validation. One walker both validates and extracts, so that
 * pcf_pact_validate() and pcf_pact_read() can never disagree. GPL-3.0-or-later; see LICENSE.
 *
 * Rules follow WBCSD PACT Technical Specifications v2.3.3 (spec/v2/index.bs) and v3.0.3
 * (spec/v3/openapi.yaml) (WBCSD PACT Technical Specification v3.0).
 */
#include "model_internal.h"
#include "pact_internal.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(s, *list) == 0)
            return 1;
    return 0;
}

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
    const char *prefix; /* "$.data[2]" for a footprint inside a response, or NULL */
} vctx;

static void viol(vctx *v, const char *path, const char *fmt, ...) PCF__PRINTF(3, 4);
static void viol(vctx *v, const char *path, const char *fmt, ...)
{
    pcf_error e;
    va_list ap;
    va_start(ap, fmt);
    pcf__verror(&e, PCF_ERR_PARSE, fmt, ap);
    va_end(ap);
    if (v->prefix && path && path[0] == '$') {
        char full[PCF_ERROR_PATH_SIZE];
        snprintf(full, sizeof full, "%s%s", v->prefix, path + 1);
        pcf__error_where(&e, NULL, full, 0, 0);
    } else {
        pcf__error_where(&e, NULL, path, 0, 0);
    }
    if (v->count == 0)
        v->first = e;
    v->count++;
    if (v->diag && pcf_diag_add(v->diag, PCF_SEVERITY_ERROR, &e) != PCF_OK)
        v->nomem = 1;
}

/* A problem that does not make the document invalid: a warning in the diagnostics only. */
static void warn(vctx *v, const char *path, const char *fmt, ...) PCF__PRINTF(3, 4);
static void warn(vctx *v, const char *path, const char *fmt, ...)
{
    if (!v->diag)
        return;
    pcf_error e;
    va_list ap;
    va_start(ap, fmt);
    pcf__verror(&e, PCF_ERR_PARSE, fmt, ap);
    va_end(ap);
    char full[PCF_ERROR_PATH_SIZE];
    snprintf(full, sizeof full, "%s%s", v->prefix ? v->prefix : "$", path + 1);
    pcf__error_where(&e, NULL, full, 0, 0);
    if (pcf_diag_add(v->diag, PCF_SEVERITY_WARNING, &e) != PCF_OK)
        v->nomem = 1;
}

static void keep_text(vctx *v, int field, const char *s)
{
    if (v->rec && pcf__pact_set_text(v->rec, field, s) != PCF_OK)
        v->nomem = 1;
}

static void keep_list(vctx *v, int list, const char *s)
{
    if (v->rec && pcf__pact_list_add(v->rec, list, s) != PCF_OK)
        v->nomem = 1;
}

/* The member, or NULL; reports a missing mandatory member. */
static json_t *member(vctx *v, json_t *obj, const char *base, const char *key, int required,
                      const char *why)
{
    json_t *m = json_object_get(obj, key);
    if (!m && required) {
        char path[PCF_ERROR_PATH_SIZE];
        pcf__pact_join(path, sizeof path, base, key);
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
    pcf__pact_join(path, sizeof path, base, key);
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
        pcf__pact_join(path, sizeof path, base, key);
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
    if (!pcf__pact_timestamp_ok(s, secs)) {
        char path[PCF_ERROR_PATH_SIZE];
        pcf__pact_join(path, sizeof path, base, key);
        viol(v, path,
             "%s \"%.40s\" is not an ISO 8601 UTC date-time; write it like 2025-01-01T00:00:00Z",
             key, s);
        return 0;
    }
    if (field >= 0)
        keep_text(v, field, s);
    return 1;
}

static const char *sign_rule(enum pcf__pact_sign s)
{
    switch (s) {
    case PACT_SIGN_NONNEG:
        return "must be zero or positive";
    case PACT_SIGN_NONPOS:
        return "must be zero or negative";
    case PACT_SIGN_POS:
        return "must be greater than zero";
    default:
        return "";
    }
}

static int sign_broken(enum pcf__pact_sign s, double x)
{
    return (s == PACT_SIGN_NONNEG && x < 0) || (s == PACT_SIGN_NONPOS && x > 0) ||
           (s == PACT_SIGN_POS && !(x > 0));
}

/*
 * A number member. as_string: 1 = Decimal string, 0 = JSON number, 2 = either. lo/hi bound the
 * value when lo <= hi. Returns 1 and *out when present and valid.
 */
static int check_number(vctx *v, json_t *obj, const char *base, const char *key, int required,
                        const char *why, int as_string, enum pcf__pact_sign s, double lo, double hi,
                        double *out)
{
    json_t *m = member(v, obj, base, key, required, why);
    if (!m)
        return 0;
    char path[PCF_ERROR_PATH_SIZE];
    pcf__pact_join(path, sizeof path, base, key);
    double x = 0;
    if (json_is_string(m) && as_string != 0) {
        const char *t = json_string_value(m);
        if (!pcf__pact_decimal_ok(t, v->major) || pcf_number_parse(t, &x, NULL) != PCF_OK) {
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
    const char *key = v->major >= 3 ? pcf__pact_values[which].v3 : pcf__pact_values[which].v2;
    enum pcf__pact_sign s = v->major >= 3 ? pcf__pact_values[which].s3 : pcf__pact_values[which].s2;
    double x;
    if (key && check_number(v, obj, base, key, required, why, as_string, s, lo, hi, &x) && v->rec)
        pcf__pact_set_value(v->rec, which, x);
}

enum item_kind { ITEM_URN, ITEM_UUID, ITEM_AR, ITEM_TEXT };

struct str_at {
    const char *s;
    size_t i;
};

static int cmp_str_at(const void *a, const void *b)
{
    const struct str_at *x = a, *y = b;
    int c = strcmp(x->s, y->s);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* Marks dup[i] = 1 for every string entry of a that repeats an earlier one: one sort, so 200,000
 * companyIds take milliseconds where comparing each with all before it took minutes. Returns
 * NULL when out of memory (the caller then reports no duplicates and sets nomem). */
static unsigned char *find_duplicates(vctx *v, json_t *a)
{
    size_t n = json_array_size(a);
    unsigned char *dup = calloc(n ? n : 1, 1);
    struct str_at *sorted = malloc((n ? n : 1) * sizeof *sorted);
    if (!dup || !sorted) {
        free(dup);
        free(sorted);
        v->nomem = 1;
        return NULL;
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (json_is_string(json_array_get(a, i)))
            sorted[m++] = (struct str_at){json_string_value(json_array_get(a, i)), i};
    qsort(sorted, m, sizeof *sorted, cmp_str_at);
    for (size_t k = 1; k < m; k++)
        if (strcmp(sorted[k].s, sorted[k - 1].s) == 0)
            dup[sorted[k].i] = 1;
    free(sorted);
    return dup;
}

/* A non-empty array of unique strings of one kind. Returns the array or NULL. */
static json_t *check_string_array(vctx *v, json_t *obj, const char *base, const char *key,
                                  int required, enum item_kind kind, int list)
{
    json_t *a = member(v, obj, base, key, required, NULL);
    if (!a)
        return NULL;
    char path[PCF_ERROR_PATH_SIZE], ipath[PCF_ERROR_PATH_SIZE];
    pcf__pact_join(path, sizeof path, base, key);
    if (!json_is_array(a)) {
        viol(v, path, "%s must be a JSON array of strings", key);
        return NULL;
    }
    if (json_array_size(a) == 0) {
        viol(v, path, "%s must not be empty", key);
        return NULL;
    }
    unsigned char *dup = find_duplicates(v, a);
    for (size_t i = 0; i < json_array_size(a); i++) {
        json_t *it = json_array_get(a, i);
        pcf__pact_join_index(ipath, sizeof ipath, path, i);
        if (!json_is_string(it)) {
            viol(v, ipath, "%s entries must be JSON strings", key);
            continue;
        }
        const char *s = json_string_value(it);
        int ok = 1;
        switch (kind) {
        case ITEM_URN:
            if (!pcf__pact_urn_ok(s)) {
                viol(v, ipath,
                     "\"%.60s\" is not a URN (RFC 8141); write it like urn:gtin:4012345678901", s);
                ok = 0;
            }
            break;
        case ITEM_UUID:
            if (!pcf__pact_uuid_ok(s)) {
                viol(v, ipath, "\"%.60s\" is not a UUID like 3fa85f64-5717-4562-b3fc-2c963f66afa6",
                     s);
                ok = 0;
            }
            break;
        case ITEM_AR: {
            const char *p = s;
            int good = p[0] == 'A' && p[1] == 'R' && pcf__pact_is_digit(p[2]);
            for (p += 2; good && *p; p++)
                good = pcf__pact_is_digit(*p);
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
        if (ok && dup && dup[i]) {
            viol(v, ipath, "\"%.60s\" is listed twice in %s; entries must be unique", s, key);
            ok = 0;
        }
        if (ok && list >= 0)
            keep_list(v, list, s);
    }
    free(dup);
    return a;
}

static void check_root(vctx *v, json_t *root)
{
    const char *b = "$";
    const char *id = get_string(v, root, b, "id", 1, 0);
    if (id) {
        if (!pcf__pact_uuid_ok(id))
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
        check_text(v, root, b, "statusComment", -1, 0, 0);
    }
    int64_t updated;
    check_timestamp(v, root, b, "updated", -1, 0, &updated); /* v2 and v3 */
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
        pcf__pact_join(base, sizeof base, b, "geographicScope");
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
            pcf__pact_join(path, sizeof path, base, "geographyCountry");
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
            ok = (s[i] >= 'A' && s[i] <= 'Z') || pcf__pact_is_digit(s[i]);
        if (!ok) {
            char path[PCF_ERROR_PATH_SIZE];
            pcf__pact_join(path, sizeof path, base, "geographyCountrySubdivision");
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
        pcf__pact_join(path, sizeof path, b, "crossSectoralStandards");
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
        while (k < pcf__pact_n_standards && strcmp(pcf__pact_standards[k].v3, s) != 0 &&
               strcmp(pcf__pact_standards[k].v2, s) != 0)
            k++;
        if (k == pcf__pact_n_standards) {
            pcf__pact_join(path, sizeof path, b, "crossSectoralStandards");
            pcf__pact_join_index(path, sizeof path, path, i);
            viol(v, path,
                 "\"%.60s\" is not a v2.3 cross-sectoral standard (ISO14067, ISO14083, "
                 "ISO14040-44, GHGP-Product, PEF, PAS2050, PACT-1.0, PACT-2.0, PACT-3.0)",
                 s);
        } else {
            keep_list(v, PACT_L_STANDARDS, pcf__pact_standards[k].v3);
        }
    }
    json_t *u =
        used ? check_string_array(v, pcf, b, "crossSectoralStandardsUsed", 0, ITEM_TEXT, -1) : NULL;
    for (size_t i = 0; u && i < json_array_size(u); i++) {
        const char *s = json_string_value(json_array_get(u, i));
        if (!s)
            continue;
        size_t k = 0;
        while (k < pcf__pact_n_standards &&
               !(pcf__pact_standards[k].v2_used && strcmp(pcf__pact_standards[k].v2_used, s) == 0))
            k++;
        if (k == pcf__pact_n_standards) {
            pcf__pact_join(path, sizeof path, b, "crossSectoralStandardsUsed");
            pcf__pact_join_index(path, sizeof path, path, i);
            viol(v, path,
                 "\"%.60s\" is not one of \"GHG Protocol Product standard\", \"ISO Standard "
                 "14067\", \"ISO Standard 14044\"",
                 s);
        } else if (!cs) {
            keep_list(v, PACT_L_STANDARDS, pcf__pact_standards[k].v3);
        }
    }
}

/* The reference period (and the v2 limit on validity); 1 when v2 rules for 2025 apply. */
static int check_period(vctx *v, json_t *pcf)
{
    const char *b = "$.pcf";
    int v3 = v->major >= 3;
    /* Reference period first: v2's O* fields become mandatory when it includes 2025. */
    int64_t rs = 0, re = 0;
    int hrs = check_timestamp(v, pcf, b, "referencePeriodStart", PACT_T_REF_START, 1, &rs);
    int hre = check_timestamp(v, pcf, b, "referencePeriodEnd", PACT_T_REF_END, 1, &re);
    if (hrs && hre && !(rs < re))
        viol(v, "$.pcf.referencePeriodEnd",
             "referencePeriodEnd must be later than referencePeriodStart (the end is exclusive)");
    /* v2: the validity period ends at most 3 years after the reference period (PACT Technical
     * Specification v2.3, validityPeriodEnd); 3 years is taken as 1096 days, which allows the one
     * leap day they can hold. */
    if (!v3 && hre && v->has_validity_end && v->validity_end > re + (int64_t)1096 * 86400)
        viol(v, "$.validityPeriodEnd",
             "validityPeriodEnd must be at most 3 years after referencePeriodEnd in PACT v2");
    /* 2025-01-01T00:00:00Z = 20089 days after the epoch. */
    return !v3 && hre && re > (int64_t)20089 * 86400;
}

/* The declared unit and the emission values. */
static void check_amounts(vctx *v, json_t *pcf, int from2025)
{
    const char *b = "$.pcf";
    int v3 = v->major >= 3;
    char path[PCF_ERROR_PATH_SIZE];
    const char *why2025 = "when the reference period includes 2025-01-01 or later";
    const char *unit_key = v3 ? "declaredUnitOfMeasurement" : "declaredUnit";
    const char *unit = get_string(v, pcf, b, unit_key, 1, 0);
    if (unit) {
        int found = 0;
        for (int i = 0; pcf__pact_units[i] && (v3 || i < PCF__PACT_UNITS_V2_COUNT); i++)
            if (strcmp(pcf__pact_units[i], unit) == 0)
                found = 1;
        pcf__pact_join(path, sizeof path, b, unit_key);
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
    /* mandatory in every v3 document, in v2 from 2025 on: only v2's rule has a condition */
    check_value(v, pcf, b, PCF_PACT_PCF_INCLUDING_BIOGENIC, v3 || from2025, v3 ? NULL : why2025, 1,
                1, 0);
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
        static const enum pcf__pact_sign lms[3] = {PACT_SIGN_NONNEG, PACT_SIGN_NONNEG,
                                                   PACT_SIGN_NONPOS};
        double sum = 0, x;
        int any = 0;
        for (int i = 0; i < 3; i++)
            if (check_number(v, pcf, b, lm[i], 0, NULL, 1, lms[i], 1, 0, &x)) {
                sum += x;
                any = 1;
            }
        if (any && v->rec)
            pcf__pact_set_value(v->rec, PCF_PACT_LAND_MANAGEMENT_GHG_EMISSIONS, sum);
        static const char *const other_nonneg[] = {"recycledCarbonContent",
                                                   "landCarbonLeakage",
                                                   "landAreaOccupation",
                                                   "packagingBiogenicCarbonContent",
                                                   "outboundLogisticsGhgEmissions",
                                                   "technologicalCO2Removals",
                                                   "ccuCarbonContent",
                                                   NULL};
        for (int i = 0; other_nonneg[i]; i++)
            check_number(v, pcf, b, other_nonneg[i], 0, NULL, 1, PACT_SIGN_NONNEG, 1, 0, &x);
        check_number(v, pcf, b, "ccsTechnologicalCO2Capture", 0, NULL, 1, PACT_SIGN_NONPOS, 1, 0,
                     &x);
        static const char *const ccu[] = {"Cut-off", "Credit", NULL};
        check_enum_text(v, pcf, b, "ccuCalculationApproach", -1, 0, ccu, "Cut-off, Credit");
    }
}

/* Characterisation factors and cross-sectoral standards. */
static void check_factors(vctx *v, json_t *pcf)
{
    const char *b = "$.pcf";
    int v3 = v->major >= 3;
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
}

/* productOrSectorSpecificRules. */
static void check_rules(vctx *v, json_t *pcf)
{
    const char *b = "$.pcf";
    json_t *rules = member(v, pcf, b, "productOrSectorSpecificRules", 0, NULL);
    if (rules && !json_is_array(rules))
        viol(v, "$.pcf.productOrSectorSpecificRules",
             "productOrSectorSpecificRules must be a JSON array of objects");
    for (size_t i = 0; rules && json_is_array(rules) && i < json_array_size(rules); i++) {
        json_t *r = json_array_get(rules, i);
        char rp[PCF_ERROR_PATH_SIZE];
        pcf__pact_join_index(rp, sizeof rp, "$.pcf.productOrSectorSpecificRules", i);
        if (!json_is_object(r)) {
            viol(v, rp, "each product or sector specific rule must be a JSON object");
            continue;
        }
        static const char *const ops[] = {"PEF", "EPD International", "Other", NULL};
        check_enum_text(v, r, rp, "operator", -1, 1, ops, "PEF, EPD International, Other");
        check_string_array(v, r, rp, "ruleNames", 1, ITEM_TEXT, -1);
        const char *op = json_string_value(json_object_get(r, "operator"));
        if (op && strcmp(op, "Other") == 0 && !json_object_get(r, "otherOperatorName")) {
            /* The specification says it must be given, yet its own examples 1 and 2 (v3.0.3)
             * leave it out: a warning, so an official example is not refused. */
            char path[PCF_ERROR_PATH_SIZE];
            pcf__pact_join(path, sizeof path, rp, "otherOperatorName");
            warn(v, path,
                 "otherOperatorName should name the operator when operator is \"Other\" "
                 "(PACT v%d)",
                 v->major);
        } else if (op && strcmp(op, "Other") == 0)
            get_string(v, r, rp, "otherOperatorName", 1, 1);
    }
}

/* secondaryEmissionFactorSources. */
static void check_sources(vctx *v, json_t *pcf)
{
    const char *b = "$.pcf";
    json_t *srcs = member(v, pcf, b, "secondaryEmissionFactorSources", 0, NULL);
    if (srcs && (!json_is_array(srcs) || json_array_size(srcs) == 0))
        viol(v, "$.pcf.secondaryEmissionFactorSources",
             "secondaryEmissionFactorSources must be a non-empty JSON array of {name, version}; "
             "leave it out when no secondary data was used");
    for (size_t i = 0; srcs && json_is_array(srcs) && i < json_array_size(srcs); i++) {
        json_t *s = json_array_get(srcs, i);
        char sp[PCF_ERROR_PATH_SIZE];
        pcf__pact_join_index(sp, sizeof sp, "$.pcf.secondaryEmissionFactorSources", i);
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
}

/* Primary data share and data quality indicators. */
static void check_dqi(vctx *v, json_t *pcf, int from2025)
{
    const char *b = "$.pcf";
    int v3 = v->major >= 3;
    const char *why2025 = "when the reference period includes 2025-01-01 or later";
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
}

/* Assurance (v2) or verification (v3). */
static void check_assurance(vctx *v, json_t *pcf)
{
    const char *b = "$.pcf";
    int v3 = v->major >= 3;
    char path[PCF_ERROR_PATH_SIZE];
    const char *assure_key = v3 ? "verification" : "assurance";
    json_t *as = member(v, pcf, b, assure_key, 0, NULL);
    pcf__pact_join(path, sizeof path, b, assure_key);
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

static void check_pcf(vctx *v, json_t *pcf)
{
    const char *b = "$.pcf";
    int v3 = v->major >= 3;
    int from2025 = check_period(v, pcf);
    check_amounts(v, pcf, from2025);
    check_factors(v, pcf);
    check_rules(v, pcf);
    if (!v3) {
        static const char *const methods[] = {"PEF", "ISO", "GHGP", "Quantis", NULL};
        check_enum_text(v, pcf, b, "biogenicAccountingMethodology", PACT_T_BIOGENIC_METHOD,
                        from2025, methods, "PEF, ISO, GHGP, Quantis");
    }
    check_text(v, pcf, b, "boundaryProcessesDescription", PACT_T_BOUNDARY, !v3, 0);
    check_geography(v, pcf, b);
    check_sources(v, pcf);
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

    check_dqi(v, pcf, from2025);
    check_assurance(v, pcf);
}

/* The rules for one ProductFootprint (root), by the version it declares. */
static void walk_one(vctx *v, json_t *root)
{
    v->major = 3;
    if (!json_is_object(root)) {
        viol(v, "$", "a ProductFootprint must be a JSON object");
    } else {
        /* The version decides the rules; without a usable specVersion, guess it from the
         * field names so the other problems are reported against the likely version. */
        json_t *svj = json_object_get(root, "specVersion");
        int major = 0;
        if (!json_is_string(svj) || !pcf__pact_spec_version_ok(json_string_value(svj), &major) ||
            (major != 2 && major != 3))
            major = json_object_get(json_object_get(root, "pcf"), "declaredUnit") ? 2 : 3;
        v->major = major;
        const char *sv = get_string(v, root, "$", "specVersion", 1, 0);
        int given = 0;
        if (sv && !pcf__pact_spec_version_ok(sv, &given))
            viol(v, "$.specVersion",
                 "specVersion \"%.40s\" does not match ^\\d+\\.\\d+\\.\\d+(-\\d{8})?$ (e.g. "
                 "\"3.0.0\")",
                 sv);
        else if (sv && given != 2 && given != 3)
            viol(v, "$.specVersion",
                 "specVersion \"%.40s\": pcf reads PACT versions 2.x and 3.x only", sv);
        else if (sv)
            keep_text(v, PACT_T_SPEC_VERSION, sv);
        if (v->rec)
            v->rec->major = v->major;
        check_root(v, root);
        json_t *pcf = member(v, root, "$", "pcf", 1, NULL);
        if (pcf && !json_is_object(pcf))
            viol(v, "$.pcf", "pcf must be a JSON object (a CarbonFootprint)");
        else if (pcf)
            check_pcf(v, pcf);
    }
}

/* Every footprint of a response's or an event's list, its paths under @p base ("$.data"); a
 * reader (v->rec) takes exactly one. */
static void walk_list(vctx *v, json_t *list, const char *base, const char *what)
{
    size_t n = json_array_size(list);
    if (n == 0)
        viol(v, base, "the %s holds no ProductFootprint", what);
    else if (v->rec && n > 1)
        viol(v, base,
             "the %s holds %zu ProductFootprints; pcf reads one at a time (pcf pact validate and "
             "convert take them all)",
             what, n);
    for (size_t i = 0; i < n && !(v->rec && n > 1); i++) {
        char prefix[40];
        snprintf(prefix, sizeof prefix, "%s[%zu]", base, i);
        v->prefix = prefix;
        v->has_validity_end = 0;
        walk_one(v, json_array_get(list, i));
    }
    v->prefix = NULL;
}

/* Runs every rule; returns PCF_OK, PCF_ERR_PARSE (violations or bad JSON) or PCF_ERR_NOMEM. */
pcf_status pcf__pact_walk(const char *json, pcf_diag *diag, pcf_pact_footprint *rec, pcf_error *err)
{
    json_t *root = NULL;
    pcf_error local; /* the diagnostic list gets the syntax error even when err is NULL */
    pcf_error *perr = err ? err : &local;
    pcf_status pst = pcf__json_text_parse(json, "PACT document", NULL, &root, perr);
    if (pst == PCF_ERR_NOMEM)
        return pst; /* jansson's own reader called that a syntax error */
    if (pst != PCF_OK) {
        if (diag) {
            pcf_status st = pcf_diag_add(diag, PCF_SEVERITY_ERROR, perr);
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
    /* An API response ({"data": [...]} or {"data": {...}}, PACT's ListFootprints and
     * GetFootprint): every footprint in it is checked, its paths under $.data. */
    json_t *data = json_is_object(root) && !json_object_get(root, "specVersion") &&
                           !json_object_get(root, "pcf")
                       ? json_object_get(root, "data")
                       : NULL;
    json_t *pfs = json_object_get(data, "pfs");
    if (json_is_array(data))
        walk_list(&v, data, "$.data", "response");
    else if (json_is_array(pfs)) /* an event (ProductFootprintRequest.Fulfilled) */
        walk_list(&v, pfs, "$.data.pfs", "event");
    else if (data) {
        v.prefix = "$.data";
        walk_one(&v, data);
        v.prefix = NULL;
    } else {
        walk_one(&v, root);
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
    return pcf__pact_walk(json, diag, NULL, err);
}
