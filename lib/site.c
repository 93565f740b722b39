/*
 * pcf — a site's annual figures (docs/site-format.md): reading the document, scope 1 and 2
 * (GHG Protocol Corporate Standard and Scope 2 Guidance), the products' gate-to-gate shares
 * (ISO 14044:2006 4.3.4.2), and the production stage they give a product model.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "site_internal.h"

#include "db_internal.h"
#include "model_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the document as read ---------------------------------------------------------------- */

typedef struct raw_line {
    pcf__site_kind kind;
    char path[48];
    const char *name_en, *name_zh; /* borrowed from the tree */
    const char *code, *region, *technology, *instrument;
    double amount;
    const pcf_unit *unit;
    pcf_gas gas;
} raw_line;

typedef struct raw_product {
    char path[48];
    const char *id, *name_en, *name_zh;
    double output, mass_kg, revenue; /* mass per unit of output in kg; NaN when not given */
    const pcf_unit *unit;
} raw_product;

enum { BASIS_UNITS, BASIS_MASS, BASIS_REVENUE };
static const char *const basis_names[] = {"units", "mass", "revenue"};

struct pcf_site {
    json_t *root;
    char *filename, *source;
    const char *name_en, *name_zh, *region;
    int year, basis;
    pcf_gwp_set gwp;
    raw_line *lines;
    size_t n_lines, cap_lines;
    raw_product *products;
    size_t n_products, cap_products;
};

/* Problems are collected with their place, as the model and CBAM readers do. */
typedef struct cx {
    const char *file, *source;
    pcf_diag *diag;
    pcf_error *err;
    pcf_status first;
    size_t n_errors;
    int nomem;
    pcf__json_loc *loc;
} cx;

static void add(cx *c, pcf_status st, const char *path, const char *f, ...) PCF__PRINTF(4, 5);

static void add(cx *c, pcf_status st, const char *path, const char *f, ...)
{
    pcf_error e;
    va_list ap;
    va_start(ap, f);
    pcf__verror(&e, st, f, ap);
    va_end(ap);
    int line, col; /* every problem has a path, and the locator takes any text */
    pcf__json_locate_fast(&c->loc, c->source, path, &line, &col);
    pcf__error_where(&e, c->file, path, line, col);
    if (c->diag && pcf_diag_add(c->diag, PCF_SEVERITY_ERROR, &e) != PCF_OK)
        c->nomem = 1;
    if (c->n_errors++ == 0) {
        c->first = st;
        if (c->err)
            *c->err = e;
    }
}

#define BAD(c, path, ...) add((c), PCF_ERR_INVALID_MODEL, (path), __VA_ARGS__)

static void key_path(char *out, size_t size, const char *base, const char *key)
{
    snprintf(out, size, "%s.%s", base, key);
}

/* Every key of obj must be one of keys (or start with "x-"). */
static void check_keys(cx *c, const json_t *obj, const char *path, const char *const *keys)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)obj, k, v)
    {
        (void)v;
        if (strncmp(k, "x-", 2) == 0)
            continue;
        size_t i = 0;
        while (keys[i] && strcmp(keys[i], k) != 0)
            i++;
        if (keys[i])
            continue;
        char p[96], list[256] = "";
        key_path(p, sizeof p, path, k);
        for (i = 0; keys[i]; i++) {
            size_t n = strlen(list);
            snprintf(list + n, sizeof list - n, "%s\"%s\"", i ? ", " : "", keys[i]);
        }
        BAD(c, p, "unknown key \"%.40s\"; the keys here are %s (or an \"x-\" key of your own)", k,
            list);
    }
}

/* A name: a string, or {"zh": ..., "en": ...} with at least one. */
static void read_name(cx *c, const json_t *obj, const char *path, const char *key, int required,
                      const char **en, const char **zh)
{
    *en = *zh = NULL;
    json_t *v = json_object_get(obj, key);
    char p[96];
    key_path(p, sizeof p, path, key);
    if (!v) {
        if (required)
            BAD(c, path, "\"%s\" is missing; give it as text or as {\"zh\": ..., \"en\": ...}",
                key);
        return;
    }
    if (json_is_string(v) && json_string_length(v) > 0) {
        *en = *zh = json_string_value(v);
        return;
    }
    if (json_is_object(v)) {
        json_t *e = json_object_get(v, "en"), *z = json_object_get(v, "zh");
        *en = json_is_string(e) && json_string_length(e) ? json_string_value(e) : NULL;
        *zh = json_is_string(z) && json_string_length(z) ? json_string_value(z) : NULL;
        if (*en || *zh) {
            if (!*en)
                *en = *zh;
            if (!*zh)
                *zh = *en;
            return;
        }
    }
    BAD(c, p, "\"%s\" must be non-empty text or {\"zh\": \"...\", \"en\": \"...\"}", key);
}

static const char *read_text(cx *c, const json_t *obj, const char *path, const char *key,
                             int required, const char *fix)
{
    json_t *v = json_object_get(obj, key);
    char p[96];
    key_path(p, sizeof p, path, key);
    if (!v) {
        if (required)
            BAD(c, path, "\"%s\" is missing; %s", key, fix);
        return NULL;
    }
    if (!json_is_string(v) || json_string_length(v) == 0) {
        BAD(c, p, "\"%s\" must be non-empty text; %s", key, fix);
        return NULL;
    }
    return json_string_value(v);
}

/* A number ≥ 0 (> 0 when positive); NaN when absent or wrong (then reported). */
static double read_number(cx *c, const json_t *obj, const char *path, const char *key, int required,
                          int positive)
{
    json_t *v = json_object_get(obj, key);
    char p[96];
    key_path(p, sizeof p, path, key);
    if (!v) {
        if (required)
            BAD(c, path, "\"%s\" is missing; give a number", key);
        return NAN;
    }
    double d = json_is_number(v) ? json_number_value(v) : NAN;
    if (!isfinite(d) || d < 0 || (positive && d == 0)) {
        BAD(c, p, "\"%s\" must be a number %s", key, positive ? "above 0" : "of 0 or more");
        return NAN;
    }
    return d;
}

/* A unit of one of the dimensions dims (PCF_DIM_NONE-terminated); NULL when wrong. */
static const pcf_unit *read_unit(cx *c, const json_t *obj, const char *path, const char *key,
                                 const pcf_dimension *dims, const char *fix)
{
    const char *t = read_text(c, obj, path, key, 1, fix);
    if (!t)
        return NULL;
    char p[96];
    key_path(p, sizeof p, path, key);
    const pcf_unit *u;
    pcf_error e;
    if (pcf_unit_parse(t, &u, &e) != PCF_OK) {
        BAD(c, p, "unknown unit \"%.30s\"; %s (pcf units lists them)", t, fix);
        return NULL;
    }
    for (size_t i = 0; dims[i] != PCF_DIM_NONE; i++)
        if (pcf_unit_dimension(u) == dims[i])
            return u;
    BAD(c, p, "unit \"%.30s\" is a %s; %s", t, pcf_dimension_name(pcf_unit_dimension(u)), fix);
    return NULL;
}

static raw_line *new_line(cx *c, pcf_site *s, pcf__site_kind kind, const char *path)
{
    if (!PCF__GROW(s->lines, s->n_lines, s->cap_lines)) {
        c->nomem = 1;
        return NULL;
    }
    raw_line *l = &s->lines[s->n_lines++];
    memset(l, 0, sizeof *l);
    l->kind = kind;
    snprintf(l->path, sizeof l->path, "%s", path);
    return l;
}

/* Entry i of the array root[key], its keys checked against keys; NULL (reported) when not an
 * object. */
static const json_t *array_item(cx *c, const json_t *root, const char *key, size_t i,
                                const char *const *keys, char *path, size_t size)
{
    snprintf(path, size, "$.%s[%zu]", key, i);
    const json_t *o = json_array_get(json_object_get(root, key), i);
    if (!json_is_object(o)) {
        BAD(c, path, "each entry of \"%s\" must be an object", key);
        return NULL;
    }
    check_keys(c, o, path, keys);
    return o;
}

static size_t array_size(cx *c, const json_t *root, const char *key)
{
    json_t *a = json_object_get(root, key);
    if (!a)
        return 0;
    if (!json_is_array(a)) {
        char p[48];
        snprintf(p, sizeof p, "$.%s", key);
        BAD(c, p, "\"%s\" must be an array of objects", key);
        return 0;
    }
    return json_array_size(a);
}

static const pcf_dimension dim_energy[] = {PCF_DIM_ENERGY, PCF_DIM_NONE};
static const pcf_dimension dim_mass[] = {PCF_DIM_MASS, PCF_DIM_NONE};
static const pcf_dimension dim_fuel[] = {PCF_DIM_MASS, PCF_DIM_VOLUME, PCF_DIM_ENERGY,
                                         PCF_DIM_NONE};
static const pcf_dimension dim_output[] = {PCF_DIM_ITEMS, PCF_DIM_MASS,   PCF_DIM_VOLUME,
                                           PCF_DIM_AREA,  PCF_DIM_ENERGY, PCF_DIM_NONE};

static void read_electricity(cx *c, pcf_site *s)
{
    static const char *const keys[] = {"source",     "amount",     "unit",    "region", "factor",
                                       "technology", "instrument", "comment", NULL};
    size_t n = array_size(c, s->root, "electricity");
    for (size_t i = 0; i < n; i++) {
        char path[48];
        const json_t *o = array_item(c, s->root, "electricity", i, keys, path, sizeof path);
        if (!o)
            continue;
        const char *src = read_text(c, o, path, "source", 1,
                                    "say \"grid\", \"pv\" (on-site solar used on site), "
                                    "\"certificate\" or \"ppa\"");
        pcf__site_kind kind = PCF__SITE_GRID;
        if (src && !strcmp(src, "pv"))
            kind = PCF__SITE_PV;
        else if (src && (!strcmp(src, "certificate") || !strcmp(src, "ppa")))
            kind = PCF__SITE_INSTRUMENT;
        else if (src && strcmp(src, "grid") != 0) {
            char p[64];
            key_path(p, sizeof p, path, "source");
            BAD(c, p,
                "unknown electricity source \"%.30s\"; use \"grid\", \"pv\", \"certificate\" or "
                "\"ppa\"",
                src);
        }
        raw_line *l = new_line(c, s, kind, path);
        if (!l)
            return;
        l->amount = read_number(c, o, path, "amount", 1, 0);
        l->unit = read_unit(c, o, path, "unit", dim_energy, "give electricity in kWh or MWh");
        l->region = read_text(c, o, path, "region", 0, "give a region code such as \"CN-FJ\"");
        l->code = read_text(c, o, path, "factor", 0, "give a factor code (pcf factors search)");
        l->name_en = l->name_zh = src;
        if (kind == PCF__SITE_INSTRUMENT) {
            l->name_en = l->name_zh = NULL;
            l->instrument = read_text(c, o, path, "instrument", 1,
                                      "name the certificates or the contract (registry, id, "
                                      "vintage) so a reader can check them");
            l->technology =
                read_text(c, o, path, "technology", 1, "say \"solar\", \"wind\" or \"hydro\"");
            l->name_en = l->name_zh = l->technology;
            if (l->technology && strcmp(l->technology, "solar") && strcmp(l->technology, "wind") &&
                strcmp(l->technology, "hydro")) {
                char p[64];
                key_path(p, sizeof p, path, "technology");
                BAD(c, p,
                    "technology \"%.30s\" is not one pcf gives a zero emission rate; use "
                    "\"solar\", \"wind\" or \"hydro\", or leave the instrument out",
                    l->technology);
            }
        }
        if (kind != PCF__SITE_GRID && (l->code || l->region)) {
            char p[64];
            key_path(p, sizeof p, path, l->code ? "factor" : "region");
            BAD(c, p, "\"%s\" applies to grid electricity only; remove it here",
                l->code ? "factor" : "region");
        }
    }
}

static void read_fuels_waste(cx *c, pcf_site *s, const char *key, pcf__site_kind kind)
{
    static const char *const keys[] = {"name", "amount", "unit", "factor", "comment", NULL};
    size_t n = array_size(c, s->root, key);
    for (size_t i = 0; i < n; i++) {
        char path[48];
        const json_t *o = array_item(c, s->root, key, i, keys, path, sizeof path);
        if (!o)
            continue;
        raw_line *l = new_line(c, s, kind, path);
        if (!l)
            return;
        read_name(c, o, path, "name", 1, &l->name_en, &l->name_zh);
        l->amount = read_number(c, o, path, "amount", 1, 0);
        l->unit = read_unit(c, o, path, "unit", kind == PCF__SITE_FUEL ? dim_fuel : dim_mass,
                            kind == PCF__SITE_FUEL ? "give a fuel as a mass, volume or energy"
                                                   : "give waste as a mass (t or kg)");
        l->code = read_text(c, o, path, "factor", 0, "give a factor code (pcf factors search)");
    }
}

static void read_refrigerants(cx *c, pcf_site *s)
{
    static const char *const keys[] = {"gas", "amount", "unit", "equipment", "comment", NULL};
    size_t n = array_size(c, s->root, "refrigerants");
    for (size_t i = 0; i < n; i++) {
        char path[48];
        const json_t *o = array_item(c, s->root, "refrigerants", i, keys, path, sizeof path);
        if (!o)
            continue;
        raw_line *l = new_line(c, s, PCF__SITE_REFRIGERANT, path);
        if (!l)
            return;
        const char *gas = read_text(c, o, path, "gas", 1, "name the gas, such as \"HFC-32\"");
        pcf_error e;
        if (gas && pcf_gas_parse(gas, &l->gas, &e) != PCF_OK) {
            char p[64];
            key_path(p, sizeof p, path, "gas");
            BAD(c, p,
                "\"%.30s\" is not a single gas pcf knows; a blend (R-410A, R-407C, ...) is given "
                "as one entry per component gas with its mass from the blend's composition "
                "(safety data sheet); the gases are those `pcf gwp` lists, such as \"HFC-32\", "
                "\"HFC-125\", \"HFC-134a\", \"HCFC-22\"",
                gas);
        }
        read_name(c, o, path, "equipment", 0, &l->name_en, &l->name_zh);
        if (!l->name_en && gas)
            l->name_en = l->name_zh = gas;
        l->amount = read_number(c, o, path, "amount", 1, 0);
        l->unit = read_unit(c, o, path, "unit", dim_mass, "give the top-up as a mass (kg)");
    }
}

static void read_products(cx *c, pcf_site *s)
{
    static const char *const keys[] = {"id",        "name",    "output",  "unit", "mass",
                                       "mass_unit", "revenue", "comment", NULL};
    size_t n = array_size(c, s->root, "products");
    if (n == 0)
        BAD(c, "$",
            "\"products\" is missing or empty; list every product of the site with its "
            "output for the year (the shares are of the whole output)");
    for (size_t i = 0; i < n; i++) {
        char path[48];
        const json_t *o = array_item(c, s->root, "products", i, keys, path, sizeof path);
        if (!o)
            continue;
        if (!PCF__GROW(s->products, s->n_products, s->cap_products)) {
            c->nomem = 1;
            return;
        }
        raw_product *p = &s->products[s->n_products++];
        memset(p, 0, sizeof *p);
        snprintf(p->path, sizeof p->path, "%s", path);
        p->id = read_text(c, o, path, "id", 1, "give the product's id (as in its model)");
        for (size_t k = 0; p->id && k + 1 < s->n_products; k++)
            if (s->products[k].id && !strcmp(s->products[k].id, p->id)) {
                char q[64];
                key_path(q, sizeof q, path, "id");
                BAD(c, q, "product id \"%.40s\" is used twice; ids must be unique", p->id);
            }
        read_name(c, o, path, "name", 0, &p->name_en, &p->name_zh);
        if (!p->name_en)
            p->name_en = p->name_zh = p->id;
        p->output = read_number(c, o, path, "output", 1, 1);
        p->unit = read_unit(c, o, path, "unit", dim_output,
                            "give the output as a count (item), mass, volume, area or energy");
        p->mass_kg = read_number(c, o, path, "mass", 0, 1);
        p->revenue = read_number(c, o, path, "revenue", 0, 1);
        if (!isnan(p->mass_kg)) {
            const char *mu = read_text(c, o, path, "mass_unit", 0, "give a mass unit");
            const pcf_unit *u = NULL;
            pcf_error e;
            if (mu &&
                (pcf_unit_parse(mu, &u, &e) != PCF_OK || pcf_unit_dimension(u) != PCF_DIM_MASS)) {
                char q[64];
                key_path(q, sizeof q, path, "mass_unit");
                BAD(c, q, "\"mass_unit\" must be a mass unit such as \"kg\" or \"g\"");
            } else if (u) {
                p->mass_kg *= pcf_unit_to_base(u);
            }
        }
    }
}

static void read_top(cx *c, pcf_site *s)
{
    static const char *const keys[] = {
        "pcf_site",     "site",  "gwp",      "allocation", "electricity", "fuels",
        "refrigerants", "waste", "products", "comment",    NULL};
    static const char *const site_keys[] = {"name", "region", "year", "address", "comment", NULL};
    check_keys(c, s->root, "$", keys);
    const json_t *site = json_object_get(s->root, "site");
    if (!json_is_object(site)) {
        BAD(c, "$",
            "\"site\" is missing; give {\"name\": ..., \"region\": \"CN-FJ\", "
            "\"year\": 2025}");
    } else {
        check_keys(c, site, "$.site", site_keys);
        read_name(c, site, "$.site", "name", 1, &s->name_en, &s->name_zh);
        s->region = read_text(c, site, "$.site", "region", 1,
                              "give the site's region code, such as \"CN-FJ\" (regions.csv)");
        double y = read_number(c, site, "$.site", "year", 1, 1);
        if (!isnan(y) && (y != floor(y) || y < 1990 || y > 2100))
            BAD(c, "$.site.year", "\"year\" must be the reporting year, such as 2025");
        s->year = isnan(y) ? 0 : (int)y;
    }
    s->gwp = PCF_GWP_DEFAULT;
    const char *g = read_text(c, s->root, "$", "gwp", 0, "say \"AR4\", \"AR5\" or \"AR6\"");
    pcf_error e;
    if (g && pcf_gwp_set_parse(g, &s->gwp, &e) != PCF_OK)
        BAD(c, "$.gwp", "unknown GWP set \"%.20s\"; say \"AR4\", \"AR5\" or \"AR6\"", g);
    s->basis = BASIS_UNITS;
    const char *b =
        read_text(c, s->root, "$", "allocation", 0, "say \"units\", \"mass\" or \"revenue\"");
    if (b && pcf_site_set_allocation(s, b, &e) != PCF_OK)
        BAD(c, "$.allocation", "%s", e.message);
}

/* A parse error also goes into the diagnostics list. */
static pcf_status refused(pcf_status st, pcf_diag *diag, pcf_error *err)
{
    if (st == PCF_ERR_PARSE && diag && pcf_diag_add(diag, PCF_SEVERITY_ERROR, err) != PCF_OK)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory reading a site file");
    return st;
}

/* Makes the site of a parsed document (taking root and source, freed on failure), as lib/cbam.c
 * makes its document. */
static pcf_status from_doc(json_t *root, char *source, const char *file, pcf_site **out,
                           pcf_diag *diag, pcf_error *err)
{
    json_t *ver = json_object_get(root, "pcf_site");
    if (!json_is_object(root) || !json_is_integer(ver) || json_integer_value(ver) != 1) {
        json_decref(root);
        free(source);
        pcf__error(err, PCF_ERR_INVALID_MODEL,
                   "not a site document: the top level must be an object with \"pcf_site\": 1 "
                   "(docs/site-format.md)");
        pcf__error_where(err, file, "$", 1, 1);
        if (diag && pcf_diag_add(diag, PCF_SEVERITY_ERROR, err) != PCF_OK)
            return pcf__error(err, PCF_ERR_NOMEM, "out of memory reading a site file");
        return PCF_ERR_INVALID_MODEL;
    }
    pcf_site *s = calloc(1, sizeof *s);
    if (s) {
        s->root = root;
        s->source = source;
        s->filename = pcf__strdup(file);
    }
    if (!s || !s->filename) {
        if (!s) {
            json_decref(root);
            free(source);
        }
        pcf_site_destroy(s);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory reading a site file");
    }
    cx c = {s->filename, s->source, diag, err, PCF_OK, 0, 0, NULL};
    read_top(&c, s);
    read_electricity(&c, s);
    read_fuels_waste(&c, s, "fuels", PCF__SITE_FUEL);
    read_refrigerants(&c, s);
    read_fuels_waste(&c, s, "waste", PCF__SITE_WASTE);
    read_products(&c, s);
    pcf__json_loc_free(c.loc);
    if (c.nomem) {
        pcf_site_destroy(s);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory reading a site file");
    }
    if (c.n_errors) {
        pcf_site_destroy(s);
        return c.first;
    }
    *out = s;
    return pcf__ok(err);
}

pcf_status pcf_site_read_string(const char *json, const char *filename, pcf_site **out,
                                pcf_diag *diag, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!json || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_site_read_string: NULL argument");
    const char *file = filename ? filename : "";
    pcf_error local; /* the diag list gets a refusal even when the caller keeps no record */
    err = err ? err : &local;
    json_t *root;
    char *source;
    pcf_status st = pcf__json_doc_parse(json, strlen(json), file, &root, &source, err);
    return st != PCF_OK ? refused(st, diag, err) : from_doc(root, source, file, out, diag, err);
}

pcf_status pcf_site_read_file(const char *path, pcf_site **out, pcf_diag *diag, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!path || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_site_read_file: NULL argument");
    pcf_error local; /* as in pcf_site_read_string */
    err = err ? err : &local;
    json_t *root;
    char *source;
    pcf_status st = pcf__json_doc_read(path, "site file", 0, &root, &source, err);
    return st != PCF_OK ? refused(st, diag, err) : from_doc(root, source, path, out, diag, err);
}

void pcf_site_destroy(pcf_site *s)
{
    if (!s)
        return;
    json_decref(s->root);
    free(s->filename);
    free(s->source);
    free(s->lines);
    free(s->products);
    free(s);
}

pcf_status pcf_site_set_allocation(pcf_site *s, const char *basis, pcf_error *err)
{
    if (!s || !basis)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_site_set_allocation: NULL argument");
    for (int i = 0; i < 3; i++)
        if (!strcmp(basis, basis_names[i])) {
            s->basis = i;
            return pcf__ok(err);
        }
    return pcf__error(err, PCF_ERR_INVALID_ARG,
                      "unknown allocation basis \"%.20s\"; say \"units\", \"mass\" or \"revenue\"",
                      basis);
}

/* ---- calculation ------------------------------------------------------------------------- */

typedef struct calc {
    cx c;
    const pcf_site *s;
    pcf_db *db;
    pcf_site_result *r;
} calc;

static const char *dup(calc *k, const char *s)
{
    const char *d = pcf__arena_strdup(&k->r->arena, s ? s : "");
    if (!d)
        k->c.nomem = 1;
    return d ? d : "";
}

/* 1 when text contains "location-based" in any case. */
static int says_location_based(const char *text)
{
    static const char word[] = "location-based";
    for (const char *p = text; p && *p; p++) {
        size_t i = 0;
        while (word[i] && pcf__ascii_lower(p[i]) == word[i])
            i++;
        if (!word[i])
            return 1;
    }
    return 0;
}

/* The grid's location-based average factor for region: the first level of the region's fallback
 * chain that has electricity factors of exactly that region described as for location-based
 * accounting; among them the latest year, then the smallest code. NULL (reported) when none. */
static pcf_factor *grid_factor(calc *k, const raw_line *l, const char *region)
{
    char chain[PCF__CHAIN_MAX][PCF__REGION_MAX];
    size_t n = 0;
    pcf_error e;
    if (pcf__db_region_chain(k->db, region, chain, &n, &e) != PCF_OK) {
        add(&k->c, e.code, l->path, "%s", e.message);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        pcf_factor_list *list = NULL;
        if (pcf_db_search(k->db, "", "electricity", chain[i], PCF_DIM_ENERGY, 0, &list, &e) !=
            PCF_OK) {
            add(&k->c, e.code, l->path, "%s", e.message);
            return NULL;
        }
        const pcf_factor *best = NULL;
        for (size_t j = 0; j < pcf_factor_list_count(list); j++) {
            const pcf_factor *f = pcf_factor_list_at(list, j);
            if (pcf__ascii_casecmp(pcf_factor_region(f), chain[i]) != 0 ||
                !says_location_based(pcf_factor_scope(f)))
                continue;
            if (!best || pcf_factor_year(f) > pcf_factor_year(best) ||
                (pcf_factor_year(f) == pcf_factor_year(best) &&
                 strcmp(pcf_factor_code(f), pcf_factor_code(best)) < 0))
                best = f;
        }
        pcf_factor *out = NULL;
        if (best && pcf_factor_clone(best, &out, &e) != PCF_OK)
            k->c.nomem = 1;
        pcf_factor_list_destroy(list);
        if (best)
            return out;
    }
    add(&k->c, PCF_ERR_NOT_FOUND, l->path,
        "the database has no location-based grid factor for region %s or the regions above it; "
        "give \"factor\": a code (pcf factors search 电力 --category electricity --region %s)",
        region, region);
    return NULL;
}

/* A fuel or waste named without a code: the clear best suggestion, or an error naming the best
 * candidates. */
static pcf_factor *suggested(calc *k, const raw_line *l, const char *category)
{
    pcf_suggestion_list *sl = NULL;
    pcf_error e;
    pcf_factor *out = NULL;
    const char *names[2] = {l->name_zh, l->name_en};
    for (int t = 0; t < 2 && !out; t++) {
        if (t == 1 && !strcmp(names[0], names[1]))
            break;
        pcf_suggestion_list_destroy(sl);
        sl = NULL;
        if (pcf_factor_suggest(k->db, names[t], pcf_unit_symbol(l->unit), k->s->region, category, 3,
                               &sl, &e) != PCF_OK) {
            add(&k->c, e.code, l->path, "%s", e.message);
            return NULL;
        }
        if (pcf_suggestion_count(sl) > 0 && pcf_suggestion_clear(sl) &&
            !pcf_suggestion_is_proxy(sl, 0) &&
            pcf_factor_clone(pcf_suggestion_factor(sl, 0), &out, &e) != PCF_OK)
            k->c.nomem = 1;
    }
    if (!out && !k->c.nomem) {
        char list[400] = "";
        for (size_t i = 0; i < pcf_suggestion_count(sl); i++) {
            size_t n = strlen(list);
            const pcf_factor *f = pcf_suggestion_factor(sl, i);
            snprintf(list + n, sizeof list - n, "%s%s (%s)", i ? ", " : "", pcf_factor_code(f),
                     pcf_factor_name_en(f));
        }
        add(&k->c, PCF_ERR_NOT_FOUND, l->path,
            "no %s factor clearly matches \"%s\"; give \"factor\": a code%s%s", category,
            l->name_zh, list[0] ? ", for example one of " : " (pcf factors search)", list);
    }
    pcf_suggestion_list_destroy(sl);
    return out;
}

static pcf_factor *line_factor(calc *k, const raw_line *l, const char *category)
{
    pcf_error e;
    pcf_factor *f = NULL;
    if (l->code) {
        if (pcf_db_get_factor(k->db, l->code, &f, &e) != PCF_OK) {
            char p[64];
            key_path(p, sizeof p, l->path, "factor");
            add(&k->c, e.code, p, "%s", e.message);
            return NULL;
        }
        if (strcmp(pcf_factor_category(f), category) != 0) {
            char p[64];
            key_path(p, sizeof p, l->path, "factor");
            add(&k->c, PCF_ERR_INVALID_MODEL, p,
                "factor %s is a \"%s\" factor; this line needs a \"%s\" factor (pcf factors "
                "search --category %s)",
                l->code, pcf_factor_category(f), category, category);
            pcf_factor_destroy(f);
            return NULL;
        }
        return f;
    }
    if (l->kind == PCF__SITE_GRID)
        return grid_factor(k, l, l->region ? l->region : k->s->region);
    return suggested(k, l, category);
}

static void push_line(calc *k, const raw_line *l, const pcf_factor *f, double factor, double qty)
{
    pcf_site_result *r = k->r;
    pcf__site_line *o = &r->lines[r->n_lines++];
    memset(o, 0, sizeof *o);
    o->kind = l->kind;
    o->path = dup(k, l->path);
    o->name_en = dup(k, l->name_en);
    o->name_zh = dup(k, l->name_zh);
    o->amount = l->amount;
    o->unit = dup(k, pcf_unit_symbol(l->unit));
    o->factor = factor;
    o->quantity = qty;
    o->kg = factor * qty;
    o->scope = l->kind == PCF__SITE_WASTE                                      ? 3
               : l->kind == PCF__SITE_FUEL || l->kind == PCF__SITE_REFRIGERANT ? 1
                                                                               : 2;
    o->code = dup(k, f ? pcf_factor_code(f) : "");
    o->factor_en = dup(k, f ? pcf_factor_name_en(f) : "");
    o->factor_zh = dup(k, f ? pcf_factor_name_zh(f) : "");
    o->factor_unit = dup(k, f ? pcf_unit_symbol(pcf_factor_unit(f)) : "kg");
    o->dataset = dup(k, f ? pcf_factor_dataset_name(f) : "");
    o->dataset_version = dup(k, f ? pcf_factor_dataset_version(f) : "");
    o->co2_only = f ? pcf_factor_co2_only(f) : 0;
    const char *what = "";
    if (l->kind == PCF__SITE_GRID) /* a grid line always has its factor */
        what = pcf_factor_region(f);
    else if (l->kind == PCF__SITE_REFRIGERANT)
        what = pcf_gas_name(l->gas);
    else if (l->kind == PCF__SITE_INSTRUMENT)
        what = l->instrument;
    o->what = dup(k, what);
}

static void calc_line(calc *k, const raw_line *l)
{
    static const char *const category[] = {"fuel", "", "electricity", "", "", "waste"};
    pcf_error e;
    if (l->kind == PCF__SITE_PV || l->kind == PCF__SITE_INSTRUMENT) {
        double kwh = l->amount * pcf_unit_to_base(l->unit);
        if (l->kind == PCF__SITE_PV)
            k->r->pv_kwh += kwh;
        else
            k->r->instrument_kwh += kwh;
        push_line(k, l, NULL, 0, kwh);
        return;
    }
    if (l->kind == PCF__SITE_REFRIGERANT) {
        /* cannot fail: the set and the gas were both checked when the document was read */
        double gwp;
        pcf_status gs = pcf_gwp_value(k->s->gwp, l->gas, &gwp, NULL);
        (void)gs;
        push_line(k, l, NULL, gwp, l->amount * pcf_unit_to_base(l->unit));
        pcf__site_line *o = &k->r->lines[k->r->n_lines - 1];
        /* HCFCs and CFCs are not Kyoto gases: the Corporate Standard keeps them out of the
         * scopes (reported apart); a footprint counts them */
        const char *key = pcf_gas_key(l->gas);
        if (!strncmp(key, "hcfc", 4) || !strncmp(key, "cfc", 3))
            o->scope = 0;
        k->r->totals[o->scope ? PCF_SITE_SCOPE1 : PCF_SITE_OUTSIDE_SCOPES] += o->kg;
        return;
    }
    pcf_factor *f = line_factor(k, l, category[l->kind]);
    if (!f)
        return;
    double conv;
    if (pcf_unit_factor(l->unit, pcf_factor_unit(f), &conv, &e) != PCF_OK) {
        char p[64];
        key_path(p, sizeof p, l->path, "unit");
        add(&k->c, PCF_ERR_UNIT, p,
            "the amount is in %s but factor %s is per %s; give the amount in %s or choose a "
            "factor per %s",
            pcf_unit_symbol(l->unit), pcf_factor_code(f), pcf_unit_symbol(pcf_factor_unit(f)),
            pcf_unit_symbol(pcf_factor_unit(f)), pcf_unit_symbol(l->unit));
        pcf_factor_destroy(f);
        return;
    }
    push_line(k, l, f, pcf_factor_kg_co2e(f), l->amount * conv);
    double kg = k->r->lines[k->r->n_lines - 1].kg;
    if (l->kind == PCF__SITE_GRID) {
        k->r->totals[PCF_SITE_SCOPE2_LOCATION] += kg;
        k->r->grid_kwh += l->amount * pcf_unit_to_base(l->unit);
    } else {
        k->r->totals[l->kind == PCF__SITE_FUEL ? PCF_SITE_SCOPE1 : PCF_SITE_WASTE] += kg;
    }
    pcf_factor_destroy(f);
}

/* The market-based scope 2 (Scope 2 Guidance, ch. 6 and 7): kWh covered by renewable
 * certificates or PPAs at their zero rate; the rest at the grid average, because no residual mix
 * is published for the site's grid. Only when the site holds instruments. */
static void calc_market(calc *k)
{
    pcf_site_result *r = k->r;
    r->totals[PCF_SITE_SCOPE2_MARKET] = NAN;
    if (r->instrument_kwh <= 0)
        return;
    if (r->instrument_kwh > r->grid_kwh * (1 + 1e-12)) {
        char a[32], b[32];
        pcf_number_format(r->instrument_kwh, a, sizeof a);
        pcf_number_format(r->grid_kwh, b, sizeof b);
        add(&k->c, PCF_ERR_INVALID_MODEL, "$.electricity",
            "certificates and PPAs cover %s kWh but the site bought %s kWh from the grid; an "
            "instrument can only cover electricity consumed: give the kWh retired for this "
            "site's consumption of the year",
            a, b);
        return;
    }
    r->totals[PCF_SITE_SCOPE2_MARKET] =
        r->totals[PCF_SITE_SCOPE2_LOCATION] * (1 - r->instrument_kwh / r->grid_kwh);
}

static void allocate(calc *k)
{
    const pcf_site *s = k->s;
    pcf_site_result *r = k->r;
    double sum = 0;
    for (size_t i = 0; i < s->n_products; i++) {
        const raw_product *p = &s->products[i];
        pcf__site_product *o = &r->products[i];
        o->id = dup(k, p->id);
        o->name_en = dup(k, p->name_en);
        o->name_zh = dup(k, p->name_zh);
        o->path = dup(k, p->path);
        o->output = p->output;
        o->unit = dup(k, pcf_unit_symbol(p->unit));
        pcf_dimension d = pcf_unit_dimension(p->unit);
        double base = p->output * pcf_unit_to_base(p->unit);
        o->basis = NAN;
        if (s->basis == BASIS_UNITS && d == PCF_DIM_ITEMS)
            o->basis = base;
        else if (s->basis == BASIS_MASS && d == PCF_DIM_MASS)
            o->basis = base;
        else if (s->basis == BASIS_MASS && d == PCF_DIM_ITEMS && !isnan(p->mass_kg))
            o->basis = base * p->mass_kg;
        else if (s->basis == BASIS_REVENUE && !isnan(p->revenue))
            o->basis = p->revenue;
        if (isnan(o->basis)) {
            static const char *const fix[] = {
                "allocation by units needs every output counted in items: give \"unit\": "
                "\"item\", or allocate by mass or revenue",
                "allocation by mass needs the output as a mass, or counted in items with "
                "\"mass\" per item",
                "allocation by revenue needs \"revenue\" (the product's sales of the year, one "
                "currency for all products)"};
            add(&k->c, PCF_ERR_INVALID_MODEL, p->path, "product \"%s\": %s", p->id, fix[s->basis]);
        }
        sum += o->basis;
    }
    if (k->c.n_errors)
        return;
    for (size_t i = 0; i < s->n_products; i++) {
        pcf__site_product *o = &r->products[i];
        o->share = o->basis / sum;
        o->kg = o->share * r->totals[PCF_SITE_GATE_TO_GATE];
        o->per_unit = o->kg / o->output;
    }
}

pcf_status pcf_site_calculate(const pcf_site *s, pcf_db *db, pcf_diag *diag, pcf_site_result **out,
                              pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!s || !db || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_site_calculate: NULL argument");
    pcf_site_result *r = calloc(1, sizeof *r);
    if (r) {
        r->lines = calloc(s->n_lines + 1, sizeof *r->lines);
        r->products = calloc(s->n_products + 1, sizeof *r->products);
    }
    if (!r || !r->lines || !r->products) {
        pcf_site_result_destroy(r);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory calculating a site");
    }
    calc k = {{s->filename, s->source, diag, err, PCF_OK, 0, 0, NULL}, s, db, r};
    r->filename = dup(&k, s->filename);
    r->name_en = dup(&k, s->name_en);
    r->name_zh = dup(&k, s->name_zh);
    r->region = dup(&k, s->region);
    r->year = s->year;
    r->gwp = s->gwp;
    r->basis = basis_names[s->basis];
    r->zh_names = 0; /* Chinese labels when the site's Chinese name is Chinese */
    for (const char *c = s->name_zh; *c; c++) /* a site is read with its name */
        r->zh_names |= (unsigned char)*c >= 0x80;
    /* fuels and refrigerants, then electricity, then waste: the order of the disclosure */
    for (int kind = 0; kind < PCF__SITE_KINDS && !k.c.nomem; kind++)
        for (size_t i = 0; i < s->n_lines && !k.c.nomem; i++)
            if ((int)s->lines[i].kind == kind)
                calc_line(&k, &s->lines[i]);
    if (!k.c.n_errors)
        calc_market(&k);
    r->totals[PCF_SITE_GATE_TO_GATE] =
        r->totals[PCF_SITE_SCOPE1] + r->totals[PCF_SITE_SCOPE2_LOCATION] +
        r->totals[PCF_SITE_WASTE] + r->totals[PCF_SITE_OUTSIDE_SCOPES];
    r->n_products = s->n_products;
    if (!k.c.n_errors && !k.c.nomem)
        allocate(&k);
    pcf__json_loc_free(k.c.loc);
    if (k.c.nomem || k.c.n_errors) {
        pcf_site_result_destroy(r);
        if (k.c.nomem)
            return pcf__error(err, PCF_ERR_NOMEM, "out of memory calculating a site");
        return k.c.first;
    }
    *out = r;
    return pcf__ok(err);
}

void pcf_site_result_destroy(pcf_site_result *r)
{
    if (!r)
        return;
    pcf__arena_free(&r->arena);
    free(r->lines);
    free(r->products);
    free(r);
}

/* ---- accessors --------------------------------------------------------------------------- */

double pcf_site_result_total(const pcf_site_result *r, pcf_site_total which)
{
    if (!r || (int)which < 0 || which > PCF_SITE_OUTSIDE_SCOPES)
        return NAN;
    return r->totals[which];
}

const char *pcf_site_result_allocation(const pcf_site_result *r)
{
    return r ? r->basis : NULL;
}

size_t pcf_site_result_product_count(const pcf_site_result *r)
{
    return r ? r->n_products : 0;
}

static const pcf__site_product *product_at(const pcf_site_result *r, size_t i)
{
    return r && i < r->n_products ? &r->products[i] : NULL;
}

const char *pcf_site_result_product_id(const pcf_site_result *r, size_t i)
{
    const pcf__site_product *p = product_at(r, i);
    return p ? p->id : NULL;
}

double pcf_site_result_product_share(const pcf_site_result *r, size_t i)
{
    const pcf__site_product *p = product_at(r, i);
    return p ? p->share : NAN;
}

double pcf_site_result_product_kg_co2e(const pcf_site_result *r, size_t i)
{
    const pcf__site_product *p = product_at(r, i);
    return p ? p->kg : NAN;
}

double pcf_site_result_product_per_unit(const pcf_site_result *r, size_t i)
{
    const pcf__site_product *p = product_at(r, i);
    return p ? p->per_unit : NAN;
}

const char *pcf_site_result_product_unit(const pcf_site_result *r, size_t i)
{
    const pcf__site_product *p = product_at(r, i);
    return p ? p->unit : NULL;
}

/* ---- the production stage ---------------------------------------------------------------- */

static const pcf__site_product *find_product(const pcf_site_result *r, const char *id,
                                             pcf_error *err)
{
    for (size_t i = 0; r && id && i < r->n_products; i++)
        if (!strcmp(r->products[i].id, id))
            return &r->products[i];
    pcf__error(err, PCF_ERR_NOT_FOUND,
               "the site has no product \"%.60s\"; its products are in "
               "\"products\" (pcf site FILE lists them)",
               id ? id : "");
    return NULL;
}

/* The activities per `scale` units of the product's output (NULL when out of memory). */
static json_t *stage_tree(const pcf_site_result *r, const pcf__site_product *p, double scale)
{
    json_t *a = json_array();
    int zh = r->zh_names;
    for (size_t i = 0; a && i < r->n_lines; i++) {
        const pcf__site_line *l = &r->lines[i];
        if (l->kind == PCF__SITE_PV || l->kind == PCF__SITE_INSTRUMENT)
            continue; /* no emissions of their own in a site's scopes */
        char name[320];
        const char *n = zh ? l->name_zh : l->name_en;
        if (l->kind == PCF__SITE_GRID)
            n = zh ? "电网电力" : "grid electricity";
        snprintf(name, sizeof name, zh ? "%s(厂区分摊)" : "%s (site share)", n);
        double amount = l->amount * p->share / p->output * scale;
        json_t *o = json_pack("{s:s, s:f, s:s, s:b}", "name", name, "amount", amount, "unit",
                              l->unit, "primary", 1);
        json_t *x = json_pack("{s:s, s:s, s:f, s:f, s:f, s:s}", "file", r->filename, "line",
                              l->path, "site_amount", l->amount, "share", p->share, "output",
                              p->output, "output_unit", p->unit);
        if (!o)
            json_decref(x); /* set_new below takes x, even when it fails */
        if (!o || !x || json_object_set_new(o, "x-site", x) != 0 ||
            json_object_set_new(
                o, l->kind == PCF__SITE_REFRIGERANT ? "gas" : "factor",
                json_string(l->kind == PCF__SITE_REFRIGERANT ? l->what : l->code)) != 0 ||
            json_array_append_new(a, o) != 0) {
            json_decref(o);
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

pcf_status pcf_site_result_stage_json(const pcf_site_result *r, const char *product_id, char **out,
                                      pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!r || !product_id || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_site_result_stage_json: NULL argument");
    const pcf__site_product *p = find_product(r, product_id, err);
    if (!p)
        return PCF_ERR_NOT_FOUND;
    json_t *a = stage_tree(r, p, 1);
    pcf__buf b;
    pcf__buf_init(&b);
    if (a)
        pcf__json_write(&b, a, 0);
    json_decref(a);
    if (a)
        pcf__buf_puts(&b, "\n");
    char *text = a ? pcf__buf_steal(&b) : NULL;
    pcf__buf_free(&b);
    if (!text)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory writing a production stage");
    *out = text;
    return pcf__ok(err);
}

pcf_status pcf_site_result_apply(const pcf_site_result *r, const char *product_id, pcf_model *model,
                                 size_t model_product, pcf_error *err)
{
    if (!r || !product_id || !model)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_site_result_apply: NULL argument");
    const pcf__site_product *p = find_product(r, product_id, err);
    if (!p)
        return PCF_ERR_NOT_FOUND;
    json_t *prod = json_array_get(json_object_get(model->root, "products"), model_product);
    if (!json_is_object(prod))
        return pcf__error(err, PCF_ERR_NOT_FOUND, "the model has no product %zu", model_product);
    json_t *ref = json_object_get(prod, "reference_flow");
    if (!json_is_object(ref))
        ref = json_object_get(prod, "declared_unit");
    json_t *ra = json_object_get(ref, "amount"), *ru = json_object_get(ref, "unit");
    if (!json_is_number(ra) || !json_is_string(ru))
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "model product %zu has no declared unit or reference flow; give "
                          "\"declared_unit\": {\"amount\": 1, \"unit\": \"%s\"}",
                          model_product, p->unit);
    double scale;
    pcf_error e;
    if (pcf_unit_convert(json_number_value(ra), json_string_value(ru), p->unit, &scale, &e) !=
        PCF_OK)
        return pcf__error(err, PCF_ERR_UNIT,
                          "the model product's reference flow is in %s but the site counts "
                          "product \"%s\" in %s: %s",
                          json_string_value(ru), p->id, p->unit, e.message);
    json_t *a = stage_tree(r, p, scale);
    json_t *stages = json_object_get(prod, "stages");
    int ok = a != NULL;
    if (ok && !json_is_object(stages)) {
        stages = json_object();
        ok = stages && json_object_set_new(prod, "stages", stages) == 0;
    }
    json_t *old = ok ? json_incref(json_object_get(stages, "production")) : NULL;
    if (ok) {
        ok = json_object_set_new(stages, "production", a) == 0; /* takes a either way */
        a = NULL;
    }
    if (ok && pcf__model_index(model) != PCF_OK) {
        /* put the old stage back, so a failure leaves the model as it was */
        if (old)
            json_object_set(stages, "production", old);
        else
            json_object_del(stages, "production");
        (void)pcf__model_index(model);
        ok = 0;
    }
    json_decref(old);
    json_decref(a);
    if (!ok)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory changing the model");
    return pcf__ok(err);
}
