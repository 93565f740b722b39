/*
 * pcf — writing a PACT ProductFootprint of version 2.3 or 3.0 from a record. GPL-3.0-or-later;
 * see LICENSE.
 */
#include "model_internal.h"
#include "pact_internal.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/*
 * A decimal as PACT writes it: plain digits, no exponent, "-0" as "0", and at most 15
 * significant digits. Every decimal of up to 15 digits survives the trip to a double and back,
 * so a figure read from a document is written again as it was; arithmetic on it (a conversion
 * between versions, a division by the declared amount) leaves binary noise in the 16th and 17th
 * digits ("3.6800999999999995"), which the rounding removes ("3.6801").
 */
void pcf__pact_decimal_text(double v, char *buf, size_t size)
{
    char s[40];
    if (v == 0)
        v = 0; /* folds -0 */
    pcf_number_format(v, s, sizeof s);
    if (!isfinite(v)) { /* never valid in PACT; the validator names it */
        snprintf(buf, size, "%s", s);
        return;
    }
    char *e = strchr(s, 'e');
    if (e)
        *e = '\0';
    int exp10 = 0, esign = 1;
    const char *q = e ? e + 1 : "";
    if (*q == '+' || *q == '-')
        esign = *q++ == '-' ? -1 : 1;
    while (pcf__pact_is_digit(*q))
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
    /* significant digits only: drop leading zeros, round to 15, drop trailing zeros */
    int lead = 0;
    while (lead < nd && digits[lead] == '0')
        lead++;
    memmove(digits, digits + lead, (size_t)(nd - lead));
    nd -= lead;
    point -= lead;
    if (nd > 15) {
        int up = digits[15] >= '5';
        nd = 15;
        for (int i = nd - 1; up && i >= 0; i--) {
            if (digits[i] == '9') {
                digits[i] = '0';
            } else {
                digits[i]++;
                up = 0;
            }
        }
        if (up) { /* 999... rounded up to 1000... */
            memmove(digits + 1, digits, (size_t)nd);
            digits[0] = '1';
            point++;
        }
    }
    while (nd > 0 && digits[nd - 1] == '0')
        nd--;
    if (nd == 0) {
        snprintf(buf, size, "0");
        return;
    }
    size_t k = 0;
    if (size == 0) /* a one-byte buffer still gets its terminator below */
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
    /* Every field a version needs that nothing gives, named together at the end. */
    char fields[600], keys[600];
    size_t n_missing;
    /* v3 "piece" written as v2: the mass of the declared amount, which becomes the kilograms
     * of the v2 declared unit (PACT's own car door: 80 kilogram = one door); 0 otherwise */
    double piece_kg;
} wctx;

static void append_name(char *list, size_t size, const char *name)
{
    size_t len = strlen(list);
    if (len + strlen(name) + 3 < size)
        snprintf(list + len, size - len, "%s%s", len ? ", " : "", name);
}

static pcf_status missing(wctx *w, const char *field, const char *key)
{
    append_name(w->fields, sizeof w->fields, field);
    append_name(w->keys, sizeof w->keys, key);
    w->n_missing++;
    return PCF_ERR_DATA_MISSING;
}

/* The one error for every missing field, once the whole document has been walked. */
static void report_missing(wctx *w)
{
    if (w->st != PCF_OK || w->n_missing == 0)
        return;
    if (w->from_model)
        w->st = pcf__error(w->err, PCF_ERR_DATA_MISSING,
                           "PACT v%d needs %s, which the calculation cannot know: add %s to the "
                           "model's \"pact\" object or to --pact-fields (docs/model-format.md, "
                           "PACT section)",
                           w->major, w->fields, w->keys);
    else
        w->st = pcf__error(w->err, PCF_ERR_DATA_MISSING,
                           "PACT v%d needs %s, which the source footprint does not give: add %s "
                           "with --pact-fields FILE ({\"pact\": {...}})",
                           w->major, w->fields, w->keys);
    pcf__error_where(w->err, NULL, w->from_model ? "$.pact" : "$", 0, 0);
}

static void put(wctx *w, json_t *obj, const char *key, json_t *val)
{
    if (!val || json_object_set_new(obj, key, val) != 0)
        if (w->st == PCF_OK)
            w->st = pcf__error(w->err, PCF_ERR_NOMEM, "out of memory writing a PACT document");
}

/* Appends val (stolen) to the array a; a failure (val NULL, or no room) is out of memory. */
static void append(wctx *w, json_t *a, json_t *val)
{
    if (!a || json_array_append_new(a, val) != 0) {
        if (!a)
            json_decref(val);
        if (w->st == PCF_OK)
            w->st = pcf__error(w->err, PCF_ERR_NOMEM, "out of memory writing a PACT document");
    }
}

static void put_text(wctx *w, json_t *obj, const char *key, int field, int required)
{
    const char *s = w->r->text[field];
    if (s)
        put(w, obj, key, json_string(s));
    else if (required)
        missing(w, key, pcf__pact_text_names[field]);
}

/*
 * Converting between versions moves the figures to the other version's reference: v2 states them
 * per one declared unit, v3 per declaredUnitAmount units (pcf__pact_per_units), so v2 → v3
 * multiplies by the amount and v3 → v2 divides. The amount itself, percentages and ratings stay.
 */
static double per_unit_factor(const wctx *w, pcf_pact_value v)
{
    const pcf_pact_footprint *r = w->r;
    if (w->piece_kg > 0 && v != PCF_PACT_DECLARED_UNIT_AMOUNT &&
        !(v >= PCF_PACT_PRIMARY_DATA_SHARE && v <= PCF_PACT_DQI_RELIABILITY))
        return 1 / w->piece_kg; /* per kilogram */
    if (v == PCF_PACT_DECLARED_UNIT_AMOUNT ||
        (v >= PCF_PACT_PRIMARY_DATA_SHARE && v <= PCF_PACT_DQI_RELIABILITY) || r->major == 0 ||
        r->major == w->major || !r->has[PCF_PACT_DECLARED_UNIT_AMOUNT] ||
        !(r->val[PCF_PACT_DECLARED_UNIT_AMOUNT] > 0))
        return 1;
    double amount = r->val[PCF_PACT_DECLARED_UNIT_AMOUNT];
    return w->major >= 3 ? amount : 1 / amount;
}

static void put_decimal(wctx *w, json_t *obj, pcf_pact_value v, int required)
{
    const char *key = w->major >= 3 ? pcf__pact_values[v].v3 : pcf__pact_values[v].v2;
    if (!key)
        return;
    if (!w->r->has[v]) {
        if (required)
            missing(w, key, key);
        return;
    }
    char buf[512];
    pcf__pact_decimal_text(w->r->val[v] * per_unit_factor(w, v), buf, sizeof buf);
    put(w, obj, key, json_string(buf));
}

/* A percentage or rating as v2.3 writes it: a JSON number (v3 writes decimals). */
static void put_number(wctx *w, json_t *obj, pcf_pact_value v, int required)
{
    const char *key = pcf__pact_values[v].v2;
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

/* Characterisation factors and cross-sectoral standards, by each version's names. */
static void write_factors(wctx *w, json_t *p)
{
    const pcf_pact_footprint *r = w->r;
    int v3 = w->major >= 3;
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
            while (k < pcf__pact_n_standards && strcmp(pcf__pact_standards[k].v3, name) != 0)
                k++;
            if (v3) {
                append(w, a, json_string(name));
            } else if (k == pcf__pact_n_standards) {
                if (w->st == PCF_OK)
                    w->st = pcf__error(w->err, PCF_ERR_UNSUPPORTED,
                                       "PACT v2.3 has no cross-sectoral standard \"%s\"; write "
                                       "v3.0 or name one of ISO14067, ISO14083, ISO14040-44, "
                                       "GHGP-Product, PEF, PAS2050, PACT-1.0/2.0/3.0",
                                       name);
            } else {
                /* PACT 2.3 names them as v3 does ("GHGP-Product", "PACT-3.0"); the spaced
                 * spellings of the table's v2 column are the older ones pcf still reads */
                append(w, a, json_string(pcf__pact_standards[k].v3));
                if (pcf__pact_standards[k].v2_used)
                    append(w, used, json_string(pcf__pact_standards[k].v2_used));
            }
        }
        if (!a || !used)
            put(w, p, "crossSectoralStandards", NULL); /* out of memory */
        else if (!v3 && json_array_size(used) > 0)
            put(w, p, "crossSectoralStandardsUsed", json_incref(used));
        else if (!v3 && w->st == PCF_OK)
            /* the 2.3 schema still requires the deprecated list, from three names only */
            w->st = pcf__error(w->err, PCF_ERR_UNSUPPORTED,
                               "PACT v2.3 cannot express this footprint: v2.3 also requires "
                               "crossSectoralStandardsUsed, which names only the GHG Protocol "
                               "Product standard, ISO 14067 or ISO 14044, and the footprint "
                               "follows none of them; keep it in v3.0");
        put(w, p, "crossSectoralStandards", a);
        json_decref(used);
    }
    if (!v3)
        put_text(w, p, "biogenicAccountingMethodology", PACT_T_BIOGENIC_METHOD, 0);
}

/* The data quality indicators: v3 needs the three representativeness ratings; v2 all five plus
 * coverage. */
static void write_dqi(wctx *w, json_t *p)
{
    const pcf_pact_footprint *r = w->r;
    int v3 = w->major >= 3;
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
    if (unit && !v3 && strcmp(unit, "piece") == 0 && r->major >= 3 &&
        r->has[PCF_PACT_PRODUCT_MASS_KG] && r->val[PCF_PACT_PRODUCT_MASS_KG] > 0) {
        /* v2.3 has no piece: per kilogram of the product, unitaryProductAmount its mass */
        w->piece_kg = r->val[PCF_PACT_PRODUCT_MASS_KG];
        char buf[64];
        put(w, p, "declaredUnit", json_string("kilogram"));
        pcf__pact_decimal_text(w->piece_kg, buf, sizeof buf);
        put(w, p, "unitaryProductAmount", json_string(buf));
        put(w, p, "productMassPerDeclaredUnit", json_string("1"));
        unit = NULL;
    }
    if (unit && !v3) {
        int ok = 0;
        for (int i = 0; i < PCF__PACT_UNITS_V2_COUNT; i++)
            ok |= strcmp(pcf__pact_units[i], unit) == 0;
        if (!ok && w->st == PCF_OK)
            w->st = pcf__error(w->err, PCF_ERR_UNSUPPORTED,
                               "PACT v2.3 has no declared unit \"%s\" (v3.0 has); write v3.0 or "
                               "declare the product per kilogram, liter, cubic meter, kilowatt "
                               "hour, megajoule, ton kilometer or square meter",
                               unit);
    }
    if (!(w->piece_kg > 0)) {
        put_text(w, p, v3 ? "declaredUnitOfMeasurement" : "declaredUnit", PACT_T_DECLARED_UNIT, 1);
        put_decimal(w, p, PCF_PACT_DECLARED_UNIT_AMOUNT, 1);
        put_decimal(w, p, PCF_PACT_PRODUCT_MASS_KG, v3);
    }
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

    write_factors(w, p);

    const pact_list *sn = &r->list[PACT_L_SOURCE_NAMES], *sv = &r->list[PACT_L_SOURCE_VERSIONS];
    if (sn->n > 0 && sn->n == sv->n) {
        json_t *a = json_array();
        for (size_t i = 0; a && i < sn->n; i++) {
            json_t *o = json_object();
            if (o) {
                put(w, o, "name", json_string(sn->items[i]));
                put(w, o, "version", json_string(sv->items[i]));
            }
            append(w, a, o);
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

    write_dqi(w, p);
    return p;
}

/* The document of pcf__pact_write() as a jansson object (*out, a new reference). */
static pcf_status write_tree(const pcf_pact_footprint *r, int version, int from_model, json_t **out,
                             pcf_error *err)
{
    *out = NULL;
    wctx w = {r, version, from_model, err, PCF_OK, "", "", 0, 0};
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
    report_missing(&w);
    if (w.st != PCF_OK) {
        json_decref(root);
        return w.st;
    }
    *out = root;
    return PCF_OK;
}

pcf_status pcf__pact_write(const pcf_pact_footprint *r, int version, int from_model, char **out,
                           pcf_error *err)
{
    json_t *root;
    pcf_status st = write_tree(r, version, from_model, &root, err);
    if (st != PCF_OK)
        return st;
    char *text = pcf__json_dumps(root, 0);
    json_decref(root);
    if (!text)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory writing a PACT document");
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
    return pcf__pact_write(fp, version, 0, out, err);
}

/* Fills what @p fp lacks from @p fields (never overriding the source). */
static pcf_status merge_fields(pcf_pact_footprint *fp, const pcf_pact_footprint *fields)
{
    for (int i = 0; i < PACT_T_COUNT; i++)
        if (!fp->text[i] && fields->text[i] && pcf__pact_set_text(fp, i, fields->text[i]) != PCF_OK)
            return PCF_ERR_NOMEM;
    for (int l = 0; l < PACT_L_COUNT; l++)
        for (size_t k = 0; fp->list[l].n == 0 && k < fields->list[l].n; k++)
            if (pcf__pact_list_add(fp, l, fields->list[l].items[k]) != PCF_OK)
                return PCF_ERR_NOMEM;
    /* the source and target lists of secondary sources go in pairs: filled above together */
    for (int v = 0; v < PCF_PACT_VALUE_COUNT_; v++)
        if (!fp->has[v] && fields->has[v])
            pcf__pact_set_value(fp, (pcf_pact_value)v, fields->val[v]);
    if (fp->packaging < 0)
        fp->packaging = fields->packaging;
    return PCF_OK;
}

/* Converts one footprint (a JSON value) and appends the result to @p outs. */
static pcf_status convert_one(json_t *doc, const char *where, const pcf_pact_options *fields,
                              int version, json_t *outs, pcf_error *err)
{
    if (!json_is_object(doc)) { /* a string or number in "data": not a footprint */
        pcf__error(err, PCF_ERR_PARSE, "a ProductFootprint must be a JSON object");
        pcf__error_where(err, NULL, *where ? where : "$", 0, 0);
        return PCF_ERR_PARSE;
    }
    /* pcf's writer, not json_dumps: jansson's leaves out a key it could not store and goes on,
     * so under an allocation failure the reader got a footprint with a member renamed "" */
    char *text = pcf__json_dumps(doc, -1);
    if (!text)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory converting a PACT document");
    pcf_pact_footprint *fp = NULL;
    pcf_status st = pcf_pact_read(text, NULL, &fp, err);
    free(text);
    if (st == PCF_OK && fields)
        st = merge_fields(fp, &fields->rec) == PCF_OK
                 ? PCF_OK
                 : pcf__error(err, PCF_ERR_NOMEM, "out of memory converting a PACT document");
    json_t *converted = NULL;
    if (st == PCF_OK)
        st = write_tree(fp, version, 0, &converted, err);
    pcf_pact_footprint_destroy(fp);
    if (st != PCF_OK) {
        if (err && *where) { /* name the footprint inside the response */
            char path[PCF_ERROR_PATH_SIZE];
            snprintf(path, sizeof path, "%s%s", where, err->path[0] == '$' ? err->path + 1 : "");
            pcf__error_where(err, NULL, path, 0, 0);
        }
        return st;
    }
    /* the writer's tree goes into the response as it is, not written to text and read back */
    if (json_array_append_new(outs, converted) != 0)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory converting a PACT document");
    return PCF_OK;
}

pcf_status pcf_pact_convert(const char *json, const pcf_pact_options *fields, int version,
                            char **out, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!json || !out || (version != 2 && version != 3))
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "pcf_pact_convert: needs a document, an output and version 2 or 3");
    json_t *root = NULL;
    pcf_status pst = pcf__json_text_parse(json, "PACT document", NULL, &root, err);
    if (pst != PCF_OK)
        return pst;
    json_t *data = json_is_object(root) && !json_object_get(root, "specVersion") &&
                           !json_object_get(root, "pcf")
                       ? json_object_get(root, "data")
                       : NULL;
    json_t *list = json_is_array(data) ? data : json_array_get(NULL, 0);
    const char *base = "$.data";
    if (!list && json_is_object(data) && json_is_array(json_object_get(data, "pfs"))) {
        list = json_object_get(data, "pfs");
        base = "$.data.pfs";
    }
    json_t *outs = json_array();
    pcf_status st = outs ? PCF_OK : PCF_ERR_NOMEM;
    if (list) {
        for (size_t i = 0; st == PCF_OK && i < json_array_size(list); i++) {
            char where[40];
            snprintf(where, sizeof where, "%s[%zu]", base, i);
            st = convert_one(json_array_get(list, i), where, fields, version, outs, err);
        }
    } else if (st == PCF_OK) {
        st = convert_one(data ? data : root, data ? "$.data" : "", fields, version, outs, err);
    }
    char *text = NULL;
    if (st == PCF_OK) {
        json_t *doc = list   ? json_pack("{s:O}", "data", outs)
                      : data ? json_pack("{s:O}", "data", json_array_get(outs, 0))
                             : json_incref(json_array_get(outs, 0));
        text = doc ? pcf__json_dumps(doc, 0) : NULL;
        json_decref(doc);
        if (!text)
            st = pcf__error(err, PCF_ERR_NOMEM, "out of memory converting a PACT document");
    } else if (st == PCF_ERR_NOMEM && outs == NULL) {
        pcf__error(err, st, "out of memory converting a PACT document");
    }
    json_decref(outs);
    json_decref(root);
    if (st != PCF_OK)
        return st;
    *out = text;
    return pcf__ok(err);
}
