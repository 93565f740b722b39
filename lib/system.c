/*
 * pcf — resolution: model + factor database → system (DESIGN.md, step 3), and the validation of a
 * model, which is the same walk without the database.
 *
 * One pass over the model's JSON document checks every rule, looks every factor up once (a cache
 * keyed by code or by category/name/region/dimension), converts every unit, unfolds
 * sub-assemblies with their summed quantities, and emits terms
 *
 *     kg CO2e = coef × amount-param × factor-param
 *
 * (system_internal.h). Every problem goes to the pcf_diag list, so one run reports all of them.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "system_data.h"

#include "eol.h"
#include "model_internal.h"
#include "transport.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* kg CO2 per kg C: molar masses 44.0095 / 12.011 rounded as PACT and GHG Protocol use them. */
#define PCF__CO2_PER_C (44.0 / 12.0)

/* ---- arena ---- */

const char *pcf__arena_strdup(pcf__arena *a, const char *s)
{
    if (!s)
        s = "";
    size_t len = strlen(s) + 1;
    if (a->n_chunks == 0 || a->used + len > a->cap) {
        size_t cap = len > 65536 ? len : 65536;
        char **chunks = realloc(a->chunks, (a->n_chunks + 1) * sizeof *chunks);
        if (!chunks)
            return NULL;
        a->chunks = chunks;
        char *c = malloc(cap);
        if (!c)
            return NULL;
        a->chunks[a->n_chunks++] = c;
        a->used = 0;
        a->cap = cap;
    }
    char *dst = a->chunks[a->n_chunks - 1] + a->used;
    memcpy(dst, s, len);
    a->used += len;
    return dst;
}

void pcf__arena_free(pcf__arena *a)
{
    for (size_t i = 0; i < a->n_chunks; i++)
        free(a->chunks[i]);
    free(a->chunks);
    a->chunks = NULL;
    a->n_chunks = 0;
}

void pcf__sysdata_retain(pcf__sysdata *d)
{
    atomic_fetch_add(&d->refs, 1);
}

void pcf__sysdata_release(pcf__sysdata *d)
{
    if (!d || atomic_fetch_sub(&d->refs, 1) != 1)
        return;
    pcf__arena_free(&d->strings);
    free(d->acts);
    free(d->factors);
    free(d->terms);
    free(d->gas);
    free(d->gas_kg);
    free(d->notes);
    free(d);
}

/* ---- a small string → index hash map (open addressing, FNV-1a) ---- */

typedef struct smap {
    const char **keys; /* in the arena */
    uint32_t *vals;
    size_t cap, n;
} smap;

static uint64_t fnv(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static int smap_get(const smap *m, const char *key, uint32_t *val)
{
    if (!m->cap)
        return 0;
    for (size_t i = fnv(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->keys[i])
            return 0;
        if (strcmp(m->keys[i], key) == 0) {
            *val = m->vals[i];
            return 1;
        }
    }
}

static int smap_put(smap *m, pcf__arena *a, const char *key, uint32_t val)
{
    if ((m->n + 1) * 2 > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        const char **keys = calloc(cap, sizeof *keys);
        uint32_t *vals = calloc(cap, sizeof *vals);
        if (!keys || !vals) {
            free(keys);
            free(vals);
            return 0;
        }
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->keys[i])
                continue;
            size_t j = fnv(m->keys[i]) & (cap - 1);
            while (keys[j])
                j = (j + 1) & (cap - 1);
            keys[j] = m->keys[i];
            vals[j] = m->vals[i];
        }
        free(m->keys);
        free(m->vals);
        m->keys = keys;
        m->vals = vals;
        m->cap = cap;
    }
    const char *k = pcf__arena_strdup(a, key);
    if (!k)
        return 0;
    size_t i = fnv(key) & (m->cap - 1);
    while (m->keys[i])
        i = (i + 1) & (m->cap - 1);
    m->keys[i] = k;
    m->vals[i] = val;
    m->n++;
    return 1;
}

static void smap_free(smap *m)
{
    free(m->keys);
    free(m->vals);
}

/* ---- growable arrays ---- */

#define GROW(ptr, n, cap) ((n) < (cap) ? 1 : grow((void **)&(ptr), &(cap), sizeof *(ptr)))

static int grow(void **ptr, size_t *cap, size_t elem)
{
    size_t c = *cap ? *cap * 2 : 64;
    void *p = realloc(*ptr, c * elem);
    if (!p)
        return 0;
    *ptr = p;
    *cap = c;
    return 1;
}

/* ---- the walk's context ---- */

typedef struct lookup {
    pcf_factor *f;  /* NULL when the lookup failed */
    uint32_t finfo; /* its factor info, once made */
    pcf_status st;
    char *message;
} lookup;

typedef struct product_facts {
    const char *id;
    json_t *obj;
    size_t index;
    double scale;   /* declared ÷ reference (main product only; 1 otherwise) */
    double mass_kg; /* per reference flow; NaN when not given */
    double life_h;  /* service life in hours; NaN when not given */
    double alloc;   /* production allocation share */
    double mult;    /* reference flows per declared unit of the main product */
    int reachable;
    int color; /* cycle detection */
} product_facts;

typedef struct ctx {
    const pcf_model *m;
    pcf_db *db;
    pcf_diag *diag;
    pcf_error *err;
    const char *file;
    int validate_only;
    int build; /* emit terms */
    pcf_gwp_set gwp;
    pcf_boundary boundary;
    pcf_recycling_method method;
    const char *region;
    size_t n_errors;
    pcf_status first;
    int nomem;
    int had_cycle;

    product_facts *prods;
    size_t n_prods;

    /* output */
    pcf__sysdata *d;
    pcf__param *params;
    size_t n_params, cap_params;
    pcf__term *terms;
    pcf__term_info *tinfo;
    size_t n_terms, cap_terms, cap_tinfo;
    pcf__activity_info *acts;
    size_t n_acts, cap_acts;
    pcf__factor_info *finfo;
    uint32_t *fparam; /* param index of each factor info */
    size_t n_finfo, cap_finfo, cap_fparam;
    pcf_gas *gas;
    double *gas_kg;
    size_t n_gas, cap_gas, cap_gas_kg;
    const char **notes;
    size_t n_notes, cap_notes;
    smap factor_keys; /* key → factor info index */
    smap lookup_keys; /* key → lookups index */
    smap prod_keys;   /* product id → index */
    lookup *lookups;
    size_t n_lookups, cap_lookups;
    size_t n_gwp_mixed; /* factors published in another GWP set without a gas split */
    struct {
        const char *text; /* borrowed from the model, which outlives the walk */
        const pcf_unit *unit;
    } units[8]; /* the last unit spellings parsed: models use a handful */
    unsigned next_unit;
} ctx;

static void diag_add(ctx *c, pcf_severity sev, pcf_status st, const char *path, const char *fmt,
                     ...) PCF__PRINTF(5, 6);

static void diag_add(ctx *c, pcf_severity sev, pcf_status st, const char *path, const char *fmt,
                     ...)
{
    pcf_error e;
    va_list ap;
    va_start(ap, fmt);
    pcf__verror(&e, st, fmt, ap);
    va_end(ap);
    int line = 0, col = 0;
    if (path && c->m->source)
        pcf__json_locate(c->m->source, path, &line, &col);
    pcf__error_where(&e, c->file, path, line, col);
    if (c->diag && pcf_diag_add(c->diag, sev, &e) != PCF_OK)
        c->nomem = 1;
    if (sev == PCF_SEVERITY_ERROR) {
        if (c->n_errors++ == 0) {
            c->first = st;
            if (c->err)
                *c->err = e;
        }
    }
}

#define ERR(c, st, path, ...) diag_add((c), PCF_SEVERITY_ERROR, (st), (path), __VA_ARGS__)
#define WARN(c, path, ...)    diag_add((c), PCF_SEVERITY_WARNING, PCF_OK, (path), __VA_ARGS__)
#define NOTE(c, path, ...)    diag_add((c), PCF_SEVERITY_NOTE, PCF_OK, (path), __VA_ARGS__)

/* snprintf through va_list: truncation of a path or message is fine here (and expected by
 * nobody), so gcc's -Wformat-truncation has nothing to say. */
static void fmt(char *out, size_t size, const char *f, ...) PCF__PRINTF(3, 4);
static void fmt(char *out, size_t size, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    vsnprintf(out, size, f, ap);
    va_end(ap);
}

static void sub(char *out, size_t size, const char *path, const char *key)
{
    fmt(out, size, "%s.%s", path, key);
}

static const char *keep(ctx *c, const char *s)
{
    const char *r = pcf__arena_strdup(&c->d->strings, s);
    if (!r)
        c->nomem = 1;
    return r ? r : "";
}

/* ---- typed getters that report problems ---- */

/* Reads an optional number. Returns 1 when present and valid. */
static int get_num(ctx *c, json_t *obj, const char *key, const char *path, double lo, double hi,
                   int lo_open, int hi_open, int required, double *out)
{
    json_t *v = json_object_get(obj, key);
    if (!v) {
        if (required)
            ERR(c, PCF_ERR_INVALID_MODEL, path, "\"%s\" is required here", key);
        return 0;
    }
    double x = json_is_number(v) ? json_number_value(v) : NAN;
    if (json_is_number(v) && isfinite(x) && (lo_open ? x > lo : x >= lo) &&
        (hi_open ? x < hi : x <= hi)) {
        *out = x;
        return 1;
    }
    /* the path is built only for a problem: this runs for every number of every activity */
    char p[PCF_ERROR_PATH_SIZE];
    sub(p, sizeof p, path, key);
    pcf__numbuf b1, b2, b3;
    if (!json_is_number(v))
        ERR(c, PCF_ERR_INVALID_MODEL, p, "\"%s\" must be a number", key);
    else if (!isfinite(x))
        ERR(c, PCF_ERR_INVALID_ARG, p, "\"%s\" is not a finite number", key);
    else if (lo == 0 && x < 0 && !lo_open)
        ERR(c, PCF_ERR_INVALID_ARG, p, "\"%s\" is negative (%s); amounts must be >= 0", key,
            pcf__num(&b1, x));
    else
        ERR(c, PCF_ERR_INVALID_ARG, p, "\"%s\" = %s is outside %c%s, %s%c", key, pcf__num(&b1, x),
            lo_open ? '(' : '[', pcf__num(&b2, lo), isinf(hi) ? "inf" : pcf__num(&b3, hi),
            hi_open ? ')' : ']');
    return 0;
}

static const char *get_str(ctx *c, json_t *obj, const char *key, const char *path, int required)
{
    json_t *v = json_object_get(obj, key);
    if (!v) {
        if (required)
            ERR(c, PCF_ERR_INVALID_MODEL, path, "\"%s\" is required here", key);
        return NULL;
    }
    if (!json_is_string(v)) {
        char p[PCF_ERROR_PATH_SIZE];
        sub(p, sizeof p, path, key);
        ERR(c, PCF_ERR_INVALID_MODEL, p, "\"%s\" must be a string", key);
        return NULL;
    }
    return json_string_value(v);
}

/* Reads a unit key; dim PCF_DIM_NONE accepts any dimension. */
static const pcf_unit *get_unit(ctx *c, json_t *obj, const char *key, const char *path,
                                pcf_dimension dim, int required)
{
    const char *s = get_str(c, obj, key, path, required);
    if (!s)
        return NULL;
    const pcf_unit *u = NULL;
    pcf_error e;
    pcf_status st = PCF_OK;
    for (size_t i = 0; i < 8 && !u; i++)
        if (c->units[i].text && strcmp(c->units[i].text, s) == 0)
            u = c->units[i].unit;
    if (!u) {
        st = pcf_unit_parse(s, &u, &e);
        if (st == PCF_OK) {
            c->units[c->next_unit % 8].text = s;
            c->units[c->next_unit % 8].unit = u;
            c->next_unit++;
        }
    }
    if (st == PCF_OK && (dim == PCF_DIM_NONE || pcf_unit_dimension(u) == dim))
        return u;
    char p[PCF_ERROR_PATH_SIZE];
    sub(p, sizeof p, path, key);
    if (st != PCF_OK)
        ERR(c, e.code == PCF_ERR_NOT_FOUND ? PCF_ERR_UNIT : (pcf_status)e.code, p, "%s", e.message);
    else
        ERR(c, PCF_ERR_UNIT, p, "\"%s\" is a unit of %s; %s needs a unit of %s", s,
            pcf_dimension_name(pcf_unit_dimension(u)), key, pcf_dimension_name(dim));
    return NULL;
}

static double conv(const pcf_unit *from, const pcf_unit *to)
{
    double f = 0;
    if (pcf_unit_factor(from, to, &f, NULL) != PCF_OK)
        return NAN;
    return f;
}

static const pcf_unit *unit_of(const char *sym)
{
    const pcf_unit *u = NULL;
    if (pcf_unit_parse(sym, &u, NULL) != PCF_OK)
        return NULL;
    return u;
}

static void check_keys(ctx *c, json_t *obj, const char *path, const char *const *allowed,
                       const char *const *allowed2)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        if (strncmp(key, "x-", 2) == 0)
            continue;
        int ok = 0;
        for (size_t i = 0; allowed && allowed[i] && !ok; i++)
            ok = strcmp(allowed[i], key) == 0;
        for (size_t i = 0; allowed2 && allowed2[i] && !ok; i++)
            ok = strcmp(allowed2[i], key) == 0;
        if (!ok) {
            char p[PCF_ERROR_PATH_SIZE];
            sub(p, sizeof p, path, key);
            WARN(c, p,
                 "unknown key \"%s\" is ignored (a typo? see docs/model-format.md; prefix "
                 "your own keys with \"x-\")",
                 key);
        }
    }
}

/* ---- parameters, factors and terms ---- */

static uint32_t add_param(ctx *c, double value, pcf_dist dist, const double p[3], uint32_t kind,
                          uint32_t label)
{
    if (!GROW(c->params, c->n_params, c->cap_params)) {
        c->nomem = 1;
        return PCF__NO_PARAM;
    }
    pcf__param *q = &c->params[c->n_params];
    q->value = value;
    q->dist = dist;
    q->p[0] = p ? p[0] : 0;
    q->p[1] = p ? p[1] : 0;
    q->p[2] = p ? p[2] : 0;
    q->kind = kind;
    q->label = label;
    return (uint32_t)c->n_params++;
}

typedef struct factor_spec {
    int origin;
    const char *code, *name, *unit, *dataset, *dataset_version, *layer;
    const char *region_requested, *region_used, *gwp_basis;
    int fallback_taken;
    double value; /* kg CO2e per unit in the system's GWP set */
    pcf_dist dist;
    double p[3];
    size_t n_gas;
    const pcf_gas *gases;
    const double *kg;
} factor_spec;

/* Returns the factor-info index for key, creating it from spec when new; UINT32_MAX on OOM. */
static uint32_t add_factor(ctx *c, const char *key, const factor_spec *s)
{
    uint32_t idx;
    if (key && smap_get(&c->factor_keys, key, &idx))
        return idx;
    if (!GROW(c->finfo, c->n_finfo, c->cap_finfo) || !GROW(c->fparam, c->n_finfo, c->cap_fparam)) {
        c->nomem = 1;
        return UINT32_MAX;
    }
    idx = (uint32_t)c->n_finfo;
    uint32_t param = add_param(c, s->value, s->dist, s->p, PCF__PARAM_FACTOR, idx);
    if (param == PCF__NO_PARAM)
        return UINT32_MAX;
    pcf__factor_info *f = &c->finfo[idx];
    f->origin = s->origin;
    f->code = keep(c, s->code);
    f->name = keep(c, s->name);
    f->unit = keep(c, s->unit);
    f->dataset = keep(c, s->dataset);
    f->dataset_version = keep(c, s->dataset_version);
    f->layer = keep(c, s->layer);
    f->region_requested = keep(c, s->region_requested);
    f->region_used = keep(c, s->region_used);
    f->gwp_basis = keep(c, s->gwp_basis);
    f->fallback_taken = s->fallback_taken;
    f->per = unit_of(s->unit);
    f->n_gas = s->n_gas;
    f->gas_off = c->n_gas;
    for (size_t i = 0; i < s->n_gas; i++) {
        if (!GROW(c->gas, c->n_gas, c->cap_gas) || !GROW(c->gas_kg, c->n_gas, c->cap_gas_kg)) {
            c->nomem = 1;
            return UINT32_MAX;
        }
        c->gas[c->n_gas] = s->gases[i];
        c->gas_kg[c->n_gas] = s->kg[i];
        c->n_gas++;
    }
    c->fparam[idx] = param;
    c->n_finfo++;
    if (key && !smap_put(&c->factor_keys, &c->d->strings, key, idx)) {
        c->nomem = 1;
        return UINT32_MAX;
    }
    return idx;
}

static void add_term(ctx *c, double coef, uint32_t amount, uint32_t finfo, int stage, int flow,
                     const char *role, double primary, int credit, int ttw)
{
    if (!GROW(c->terms, c->n_terms, c->cap_terms) || !GROW(c->tinfo, c->n_terms, c->cap_tinfo)) {
        c->nomem = 1;
        return;
    }
    pcf__term *t = &c->terms[c->n_terms];
    t->coef = coef;
    t->amount = amount;
    t->factor = c->fparam[finfo];
    t->activity = (uint32_t)(c->n_acts - 1);
    t->stage = (uint16_t)stage;
    t->flow = (uint16_t)flow;
    pcf__term_info *ti = &c->tinfo[c->n_terms];
    ti->role = role;
    ti->primary = primary;
    ti->factor_info = finfo;
    ti->credit = (uint8_t)credit;
    ti->ttw = (uint8_t)ttw;
    c->n_terms++;
}

static uint32_t gwp_factor(ctx *c, pcf_gas gas)
{
    char key[64];
    fmt(key, sizeof key, "gwp:%s", pcf_gas_key(gas));
    double gwp = 0;
    if (pcf_gwp_value(c->gwp, gas, &gwp, NULL) != PCF_OK)
        gwp = NAN;
    double one = 1.0;
    char name[128];
    fmt(name, sizeof name, "%s GWP100 (%s)", pcf_gas_name(gas), pcf_gwp_set_name(c->gwp));
    factor_spec s = {.origin = PCF_ORIGIN_GWP,
                     .code = pcf_gas_key(gas),
                     .name = name,
                     .unit = "kg",
                     .dataset = "IPCC GWP100",
                     .dataset_version = pcf_gwp_set_name(c->gwp),
                     .gwp_basis = pcf_gwp_set_name(c->gwp),
                     .value = gwp,
                     .n_gas = 1,
                     .gases = &gas,
                     .kg = &one};
    return add_factor(c, key, &s);
}

static uint32_t carbon_factor(ctx *c)
{
    pcf_gas g = PCF_GAS_CO2_BIOGENIC;
    double one = 1.0;
    factor_spec s = {.origin = PCF_ORIGIN_CARBON,
                     .code = "co2_biogenic",
                     .name = "Biogenic CO2 (44/12 kg CO2 per kg C)",
                     .unit = "kg",
                     .value = 1.0,
                     .n_gas = 1,
                     .gases = &g,
                     .kg = &one};
    return add_factor(c, "carbon", &s);
}

/* The db lookup, cached; returns the lookup entry index or UINT32_MAX on OOM. */
static uint32_t db_lookup(ctx *c, const char *key, const char *code, const char *category,
                          const char *name, const char *region, pcf_dimension dim)
{
    uint32_t idx;
    if (smap_get(&c->lookup_keys, key, &idx))
        return idx;
    if (!GROW(c->lookups, c->n_lookups, c->cap_lookups)) {
        c->nomem = 1;
        return UINT32_MAX;
    }
    lookup *l = &c->lookups[c->n_lookups];
    pcf_error e;
    l->f = NULL;
    l->finfo = UINT32_MAX;
    l->message = NULL;
    if (code)
        l->st = pcf_db_get_factor(c->db, code, &l->f, &e);
    else
        l->st = pcf_db_resolve_dim(c->db, category, name, region, dim, &l->f, &e);
    if (l->st != PCF_OK) {
        l->message = pcf__strdup(e.message);
        if (!l->message)
            c->nomem = 1;
    }
    idx = (uint32_t)c->n_lookups++;
    if (!smap_put(&c->lookup_keys, &c->d->strings, key, idx))
        c->nomem = 1;
    return idx;
}

/* Turns a database factor into a factor info (restating CO2e in the system's GWP set). */
static uint32_t db_factor(ctx *c, const pcf_factor *f, const char *path)
{
    char key[512];
    fmt(key, sizeof key, "db:%s:%s:%s", pcf_factor_layer(f), pcf_factor_code(f),
        pcf_factor_region_requested(f));
    uint32_t idx;
    if (smap_get(&c->factor_keys, key, &idx))
        return idx;
    size_t n = pcf_factor_gas_count(f);
    pcf_gas gases[32];
    double kg[32];
    double published = pcf_factor_kg_co2e(f);
    double value = published;
    if (n > 32)
        n = 32;
    char basis[64];
    int set = pcf_factor_gwp_set(f);
    fmt(basis, sizeof basis, "%s", set ? pcf_gwp_set_name((pcf_gwp_set)set) : "");
    if (n > 0) {
        value = 0;
        for (size_t i = 0; i < n; i++) {
            gases[i] = pcf_factor_gas_at(f, i);
            kg[i] = pcf_factor_gas_kg_at(f, i);
            double g = 0;
            if (pcf_gwp_value(c->gwp, gases[i], &g, NULL) != PCF_OK)
                g = NAN;
            value += kg[i] * g;
        }
    } else if (pcf_factor_co2_only(f)) {
        n = 1;
        gases[0] = PCF_GAS_CO2_FOSSIL;
        kg[0] = published;
        fmt(basis, sizeof basis, "CO2 only");
    } else if (set && set != (int)c->gwp) {
        NOTE(c, path,
             "factor %s is published in %s CO2e without a per-gas split, so it is used as "
             "published although the result is in %s",
             pcf_factor_code(f), pcf_gwp_set_name((pcf_gwp_set)set), pcf_gwp_set_name(c->gwp));
        c->n_gwp_mixed++;
    }
    pcf_dist dist = PCF_DIST_FIXED;
    double p[3] = {0, 0, 0};
    pcf_factor_uncertainty(f, &dist, &p[0], &p[1], &p[2]);
    if (dist != PCF_DIST_FIXED && dist != PCF_DIST_LOGNORMAL && published != 0 &&
        value != published) {
        double r = value / published; /* parameters are in the unit of the value */
        p[0] *= r;
        p[1] *= r;
        p[2] *= r;
    }
    pcf_error de;
    if (dist != PCF_DIST_FIXED && pcf_dist_check(dist, value, p[0], p[1], p[2], &de) != PCF_OK) {
        WARN(c, path, "factor %s: its uncertainty is unusable (%s); it is treated as fixed",
             pcf_factor_code(f), de.message);
        dist = PCF_DIST_FIXED;
        p[0] = p[1] = p[2] = 0;
    }
    const char *name = pcf_factor_name_en(f);
    factor_spec s = {.origin = PCF_ORIGIN_DATABASE,
                     .code = pcf_factor_code(f),
                     .name = name && *name ? name : pcf_factor_name_zh(f),
                     .unit = pcf_unit_symbol(pcf_factor_unit(f)),
                     .dataset = *pcf_factor_dataset_name(f) ? pcf_factor_dataset_name(f)
                                                            : pcf_factor_dataset(f),
                     .dataset_version = pcf_factor_dataset_version(f),
                     .layer = pcf_factor_layer(f),
                     .region_requested = pcf_factor_region_requested(f),
                     .region_used = pcf_factor_region(f),
                     .gwp_basis = basis,
                     .fallback_taken = pcf_factor_fallback_taken(f),
                     .value = value,
                     .dist = dist,
                     .p = {p[0], p[1], p[2]},
                     .n_gas = n,
                     .gases = gases,
                     .kg = kg};
    idx = add_factor(c, key, &s);
    if (idx != UINT32_MAX && s.fallback_taken)
        NOTE(c, path, "factor %s: region %s was asked for, %s was used (fallback)",
             pcf_factor_code(f), s.region_requested, s.region_used);
    return idx;
}

/*
 * Resolves the factor slot `slot` of an activity. Returns the factor-info index, or UINT32_MAX
 * when it could not be resolved (the problem is reported). *primary is set to 1 for an own
 * factor. dim is the dimension the activity quantity has (for lookups by name).
 */
static void get_uncertainty(ctx *c, json_t *obj, const char *path, double value, pcf_dist *dist,
                            double p[3]);

static uint32_t resolve_slot(ctx *c, json_t *act, const char *slot, const char *path,
                             pcf_dimension dim, int *primary)
{
    /* the slot's path is built on first use: most references need it only for a problem */
    char p_[PCF_ERROR_PATH_SIZE];
    p_[0] = '\0';
#define SLOT_PATH (p_[0] ? p_ : (sub(p_, sizeof p_, path, slot), p_))
    json_t *ref = json_object_get(act, slot);
    *primary = 0;
    if (!ref)
        return UINT32_MAX;
    if (json_is_object(ref) && json_object_get(ref, "value")) {
        static const char *const keys[] = {"value", "unit", "source", "gwp", "uncertainty", NULL};
        check_keys(c, ref, SLOT_PATH, keys, NULL);
        double v = 0;
        if (!json_is_number(json_object_get(ref, "value"))) {
            ERR(c, PCF_ERR_INVALID_MODEL, SLOT_PATH, "an own factor's \"value\" must be a number");
            return UINT32_MAX;
        }
        v = json_number_value(json_object_get(ref, "value"));
        const char *unit = get_str(c, ref, "unit", SLOT_PATH, 1);
        if (!unit)
            return UINT32_MAX;
        double kg = 0;
        const pcf_unit *per = NULL;
        int co2 = 0;
        pcf_error e;
        char up[PCF_ERROR_PATH_SIZE];
        sub(up, sizeof up, SLOT_PATH, "unit");
        if (pcf_unit_parse_rate(unit, &kg, &per, &co2, &e) != PCF_OK) {
            ERR(c, PCF_ERR_UNIT, up, "%s", e.message);
            return UINT32_MAX;
        }
        const char *gwp_text = get_str(c, ref, "gwp", SLOT_PATH, 0);
        /* The distribution is written in the factor's own unit ("gCO2e/kWh"); like the value it
         * is scaled to kg CO2e below. A GSD is a ratio and stays as it is. */
        pcf_dist dist;
        double dp[3];
        get_uncertainty(c, ref, SLOT_PATH, v, &dist, dp);
        *primary = 1;
        if (!c->build)
            return UINT32_MAX;
        pcf_gas g = PCF_GAS_CO2_FOSSIL;
        double gkg = v * kg;
        const char *source = get_str(c, ref, "source", SLOT_PATH, 0);
        factor_spec s = {.origin = PCF_ORIGIN_OWN,
                         .code = "",
                         .name = source ? source : "own factor",
                         .unit = pcf_unit_symbol(per),
                         .dataset = "own data",
                         .gwp_basis = co2 ? "CO2 only" : (gwp_text ? gwp_text : ""),
                         .value = v * kg,
                         .n_gas = co2 ? 1 : 0,
                         .gases = &g,
                         .kg = &gkg};
        s.dist = dist;
        for (int i = 0; i < 3; i++)
            s.p[i] = dist == PCF_DIST_LOGNORMAL ? dp[i] : dp[i] * kg;
        return add_factor(c, NULL, &s);
    }
    const char *code = NULL, *category = NULL, *name = NULL, *region = c->region;
    if (json_is_string(ref)) {
        code = json_string_value(ref);
        if (!*code) {
            ERR(c, PCF_ERR_INVALID_MODEL, SLOT_PATH, "the factor code is empty");
            return UINT32_MAX;
        }
    } else if (json_is_object(ref) &&
               (json_object_get(ref, "category") || json_object_get(ref, "name"))) {
        static const char *const keys[] = {"category", "name", "region", NULL};
        check_keys(c, ref, SLOT_PATH, keys, NULL);
        category = get_str(c, ref, "category", SLOT_PATH, 1);
        name = get_str(c, ref, "name", SLOT_PATH, 1);
        const char *r = get_str(c, ref, "region", SLOT_PATH, 0);
        if (r)
            region = r;
        if (!category || !name)
            return UINT32_MAX;
    } else {
        ERR(c, PCF_ERR_INVALID_MODEL, SLOT_PATH,
            "a factor is a code (string), a lookup {\"category\", \"name\", \"region\"} or an "
            "own value {\"value\", \"unit\"}");
        return UINT32_MAX;
    }
    if (!c->build)
        return UINT32_MAX;
    if (!c->db) {
        ERR(c, PCF_ERR_DATA_MISSING, SLOT_PATH,
            "factor %s%s%s needs the factor database; open one (pcf calc --db FILE)",
            code ? code : category, code ? "" : "/", code ? "" : name);
        return UINT32_MAX;
    }
    char key[1024];
    if (code)
        fmt(key, sizeof key, "code:%s", code);
    else
        fmt(key, sizeof key, "lookup:%s\x1f%s\x1f%s\x1f%d", category, name, region ? region : "",
            (int)dim);
    uint32_t li = db_lookup(c, key, code, category, name, region, dim);
    if (li == UINT32_MAX)
        return UINT32_MAX;
    lookup *l = &c->lookups[li];
    if (!l->f) {
        ERR(c, l->st, SLOT_PATH, "%s", l->message ? l->message : "factor not found");
        return UINT32_MAX;
    }
    if (l->finfo == UINT32_MAX)
        l->finfo = db_factor(c, l->f, SLOT_PATH);
    return l->finfo;
#undef SLOT_PATH
}

/* Converts an activity unit to the factor's unit, reporting a mismatch. NaN on failure. */
static double to_factor_unit(ctx *c, const pcf_unit *from, uint32_t fi, const char *path,
                             const char *slot)
{
    const pcf_unit *to = c->finfo[fi].per;
    double f = (from && to) ? conv(from, to) : NAN;
    if (isnan(f)) {
        char p[PCF_ERROR_PATH_SIZE];
        sub(p, sizeof p, path, "unit");
        ERR(c, PCF_ERR_UNIT, p,
            "the activity is in %s (%s) but %s %s is per %s (%s); give the amount in a unit of "
            "%s or choose a factor per %s",
            from ? pcf_unit_symbol(from) : "?",
            from ? pcf_dimension_name(pcf_unit_dimension(from)) : "?", slot,
            *c->finfo[fi].code ? c->finfo[fi].code : c->finfo[fi].name, c->finfo[fi].unit,
            to ? pcf_dimension_name(pcf_unit_dimension(to)) : "?",
            to ? pcf_dimension_name(pcf_unit_dimension(to)) : "?",
            from ? pcf_dimension_name(pcf_unit_dimension(from)) : "?");
    }
    return f;
}

/* ---- activities ---- */

static const char *const common_keys[] = {
    "name",     "amount",        "unit",  "factor",  "gas",         "flow",    "per",
    "duration", "duration_unit", "times", "primary", "uncertainty", "comment", NULL};
static const char *const material_keys[] = {
    "loss_rate", "recycled_content", "recycled_factor", "A", "quality", "biogenic_carbon", NULL};
static const char *const transport_keys[] = {
    "mode",         "distance",    "distance_unit", "mass",         "mass_unit",  "payload",
    "payload_unit", "load_factor", "empty_running", "factor_scope", "wtt_factor", NULL};
static const char *const eol_keys[] = {
    "route", "share", "credit_factor", "credit_amount", "credit_unit", "quality", "A", "B", NULL};

static int parse_flow(ctx *c, json_t *act, const char *path)
{
    const char *f = get_str(c, act, "flow", path, 0);
    if (!f)
        return PCF_FLOW_FOSSIL;
    static const struct {
        const char *name;
        int flow;
    } flows[] = {{"fossil", PCF_FLOW_FOSSIL},
                 {"biogenic", PCF_FLOW_BIOGENIC},
                 {"dluc", PCF_FLOW_DLUC},
                 {"aircraft", PCF_FLOW_AIRCRAFT}};
    for (size_t i = 0; i < sizeof flows / sizeof flows[0]; i++)
        if (strcmp(f, flows[i].name) == 0)
            return flows[i].flow;
    char p[PCF_ERROR_PATH_SIZE];
    sub(p, sizeof p, path, "flow");
    ERR(c, PCF_ERR_INVALID_MODEL, p,
        "flow \"%s\" is not one of fossil, biogenic, dluc, aircraft (removals are computed from "
        "biogenic_carbon)",
        f);
    return PCF_FLOW_FOSSIL;
}

/* Reads "uncertainty" into dist + parameters (checked around value). */
static void get_uncertainty(ctx *c, json_t *obj, const char *path, double value, pcf_dist *dist,
                            double p[3])
{
    *dist = PCF_DIST_FIXED;
    p[0] = p[1] = p[2] = 0;
    json_t *u = json_object_get(obj, "uncertainty");
    if (!u)
        return;
    char up[PCF_ERROR_PATH_SIZE];
    sub(up, sizeof up, path, "uncertainty");
    if (!json_is_object(u)) {
        ERR(c, PCF_ERR_INVALID_MODEL, up,
            "\"uncertainty\" must be an object such as "
            "{\"dist\": \"lognormal\", \"gsd\": 1.2}");
        return;
    }
    /* Pedigree scores stand for a lognormal whose GSD they give (standards.md §8.2), so "dist"
     * may be left out with them. */
    json_t *ped = json_object_get(u, "pedigree");
    const char *name = get_str(c, u, "dist", up, !ped);
    if (!name && !ped)
        return;
    if (!name)
        name = "lognormal";
    pcf_error e;
    pcf_dist d;
    if (pcf_dist_parse(name, &d, &e) != PCF_OK) {
        char dp[PCF_ERROR_PATH_SIZE];
        sub(dp, sizeof dp, up, "dist");
        ERR(c, PCF_ERR_INVALID_MODEL, dp, "%s", e.message);
        return;
    }
    static const char *const keys[] = {
        "dist", "gsd", "sd", "min", "mode", "max", "pedigree", "basic_uncertainty", NULL};
    check_keys(c, u, up, keys, NULL);
    if (ped || json_object_get(u, "basic_uncertainty")) {
        char pp[PCF_ERROR_PATH_SIZE];
        sub(pp, sizeof pp, up, ped ? "pedigree" : "basic_uncertainty");
        if (d != PCF_DIST_LOGNORMAL || json_object_get(u, "gsd") || !ped) {
            ERR(c, PCF_ERR_INVALID_MODEL, pp,
                "pedigree scores give the GSD of a lognormal: write {\"dist\": \"lognormal\", "
                "\"pedigree\": [reliability, completeness, temporal, geographical, "
                "technological], \"basic_uncertainty\": U_b} without \"gsd\"");
            return;
        }
        int scores[6];
        size_t n = json_is_array(ped) ? json_array_size(ped) : 0;
        int ok = n == 5 || n == 6;
        for (size_t i = 0; ok && i < n; i++) {
            json_t *v = json_array_get(ped, i);
            ok = json_is_integer(v) && json_integer_value(v) >= 1 && json_integer_value(v) <= 5;
            if (ok)
                scores[i] = (int)json_integer_value(v);
        }
        if (!ok) {
            ERR(c, PCF_ERR_INVALID_MODEL, pp,
                "\"pedigree\" must be 5 scores from 1 to 5 (reliability, completeness, temporal, "
                "geographical, technological correlation), or 6 with sample size");
            return;
        }
        double ub = 1.0;
        json_t *bu = json_object_get(u, "basic_uncertainty");
        if (bu && !json_is_number(bu)) {
            char bp[PCF_ERROR_PATH_SIZE];
            sub(bp, sizeof bp, up, "basic_uncertainty");
            ERR(c, PCF_ERR_INVALID_MODEL, bp,
                "\"basic_uncertainty\" must be a number >= 1 (U_b as a GSD squared, e.g. 1.05)");
            return;
        }
        if (bu)
            ub = json_number_value(bu);
        if (pcf_dq_pedigree_gsd(scores, n, ub, &p[0], &e) != PCF_OK) {
            ERR(c, PCF_ERR_INVALID_ARG, pp, "%s", e.message);
            return;
        }
        *dist = PCF_DIST_LOGNORMAL;
        return;
    }
    const char *k[3] = {NULL, NULL, NULL};
    switch (d) {
    case PCF_DIST_FIXED:
        break;
    case PCF_DIST_LOGNORMAL:
        k[0] = "gsd";
        break;
    case PCF_DIST_NORMAL:
        k[0] = "sd";
        break;
    case PCF_DIST_TRIANGULAR:
        k[0] = "min", k[1] = "mode", k[2] = "max";
        break;
    case PCF_DIST_UNIFORM:
        k[0] = "min", k[1] = "max";
        break;
    }
    for (int i = 0; i < 3; i++) {
        if (!k[i])
            continue;
        json_t *v = json_object_get(u, k[i]);
        if (!json_is_number(v)) {
            ERR(c, PCF_ERR_INVALID_MODEL, up, "a %s distribution needs a number \"%s\"", name,
                k[i]);
            return;
        }
        p[i] = json_number_value(v);
    }
    if (pcf_dist_check(d, value, p[0], p[1], p[2], &e) != PCF_OK) {
        ERR(c, PCF_ERR_INVALID_ARG, up, "%s", e.message);
        return;
    }
    *dist = d;
}

static void new_activity(ctx *c, const product_facts *pf, const char *name, const char *path,
                         int stage, int included, double amount, const char *unit, int primary)
{
    if (!c->build)
        return;
    if (!GROW(c->acts, c->n_acts, c->cap_acts)) {
        c->nomem = 1;
        return;
    }
    pcf__activity_info *a = &c->acts[c->n_acts++];
    memset(a, 0, sizeof *a);
    a->product_id = keep(c, pf->id);
    a->name = keep(c, name);
    a->path = keep(c, path);
    a->unit = keep(c, unit ? unit : "");
    a->stage = stage;
    a->included = included;
    a->primary = primary;
    a->amount = amount;
    a->multiplier = pf->mult;
}

/* Time and count multipliers: amount × duration/per × times. NaN when invalid (reported). */
static double time_factor(ctx *c, json_t *act, const char *path, const product_facts *pf)
{
    double f = 1.0;
    double times = 1;
    if (get_num(c, act, "times", path, 0, INFINITY, 1, 1, 0, &times))
        f *= times;
    const pcf_unit *per = get_unit(c, act, "per", path, PCF_DIM_TIME, 0);
    double dur = 0;
    int has_dur = get_num(c, act, "duration", path, 0, INFINITY, 0, 1, 0, &dur);
    const pcf_unit *du = get_unit(c, act, "duration_unit", path, PCF_DIM_TIME, has_dur);
    if (json_object_get(act, "per") && !per)
        return NAN;
    if (!per) {
        if (has_dur)
            ERR(c, PCF_ERR_INVALID_MODEL, path,
                "\"duration\" needs \"per\": the time unit the amount is given per");
        return f;
    }
    double hours_per = pcf_unit_to_base(per);
    if (has_dur && du)
        return f * dur * pcf_unit_to_base(du) / hours_per;
    if (has_dur)
        return NAN;
    if (isnan(pf->life_h)) {
        ERR(c, PCF_ERR_DATA_MISSING, path,
            "the amount is per %s but there is no \"duration\" here and no \"service_life\" on "
            "product \"%s\"",
            pcf_unit_symbol(per), pf->id);
        return NAN;
    }
    return f * pf->life_h / hours_per;
}

/* What the stage functions need to know about the activity being resolved. */
typedef struct act_ctx {
    const product_facts *pf;
    json_t *obj;
    const char *path;
    int stage;
    int flow;
    double prim; /* primary-data weight of the activity */
    uint32_t ap; /* amount parameter, or PCF__NO_PARAM */
    double mult; /* product multiplier × allocation × duration/per × times */
    int emit;    /* terms can be added */
} act_ctx;

static void material(ctx *c, const act_ctx *a, const pcf_unit *u)
{
    json_t *act = a->obj;
    const char *path = a->path;
    double loss = 0, r1 = 0, a_given = NAN, q = 1, carbon = 0;
    get_num(c, act, "loss_rate", path, 0, 1, 0, 1, 0, &loss);
    get_num(c, act, "recycled_content", path, 0, 1, 0, 0, 0, &r1);
    int has_a = get_num(c, act, "A", path, 0, 1, 0, 0, 0, &a_given);
    get_num(c, act, "quality", path, 0, 1, 1, 0, 0, &q);
    int has_c = get_num(c, act, "biogenic_carbon", path, 0, 1, 0, 0, 0, &carbon);
    if (c->method == PCF_RECYCLING_CFF && r1 > 0 && !has_a)
        ERR(c, PCF_ERR_DATA_MISSING, path,
            "recycling method cff needs \"A\" (the allocation factor, 0..1) on a material with "
            "recycled_content > 0");
    if (has_a && c->method != PCF_RECYCLING_CFF)
        WARN(c, path, "\"A\" is used only with recycling_method cff; %s implies A = %s",
             pcf_recycling_method_name(c->method),
             c->method == PCF_RECYCLING_CUT_OFF          ? "1"
             : c->method == PCF_RECYCLING_AVOIDED_BURDEN ? "0"
                                                         : "0.5");
    /* standards.md §3.1 material term: (1-R1)·Ev + R1·(A·Erec + (1-A)·Ev·Qsin/Qp) */
    double alloc = pcf__eol_allocation(c->method, has_a ? a_given : 1.0);
    pcf__cff_material mc = pcf__cff_material_coefs(r1, alloc, q);
    int needs_recycled = mc.recycled > 0;
    if (needs_recycled && !json_object_get(act, "recycled_factor"))
        ERR(c, PCF_ERR_DATA_MISSING, path,
            "recycled_content > 0 needs \"recycled_factor\", the factor of the recycled material");
    if (has_c && u && pcf_unit_dimension(u) != PCF_DIM_MASS) {
        char p[PCF_ERROR_PATH_SIZE];
        sub(p, sizeof p, path, "biogenic_carbon");
        ERR(c, PCF_ERR_UNIT, p,
            "biogenic_carbon is kg C per kg, so the amount must be a mass, not %s",
            pcf_unit_symbol(u));
        has_c = 0;
    }
    pcf_dimension dim = u ? pcf_unit_dimension(u) : PCF_DIM_NONE;
    int prim_v = 0, prim_r = 0;
    if (!json_object_get(act, "factor"))
        ERR(c, PCF_ERR_INVALID_MODEL, path, "\"factor\" (or \"gas\") is required here");
    uint32_t fv = resolve_slot(c, act, "factor", path, dim, &prim_v);
    uint32_t fr = UINT32_MAX;
    if (json_object_get(act, "recycled_factor"))
        fr = resolve_slot(c, act, "recycled_factor", path, dim, &prim_r);
    if (!a->emit || !u)
        return;
    /* process loss: the input needed is amount / (1 - loss rate) */
    double input = a->mult / (1.0 - loss);
    if (fv != UINT32_MAX && (mc.virgin > 0 || r1 == 0)) {
        double k = to_factor_unit(c, u, fv, path, "factor");
        if (!isnan(k))
            add_term(c, input * mc.virgin * k, a->ap, fv, PCF__STAGE_MATERIALS, a->flow,
                     r1 > 0 ? "virgin" : "activity", prim_v ? 1.0 : a->prim, 0, 0);
    }
    if (fr != UINT32_MAX && needs_recycled) {
        double k = to_factor_unit(c, u, fr, path, "recycled_factor");
        if (!isnan(k))
            add_term(c, input * mc.recycled * k, a->ap, fr, PCF__STAGE_MATERIALS, a->flow,
                     "recycled", prim_r ? 1.0 : a->prim, 0, 0);
    }
    if (has_c && carbon > 0) {
        /* carbon in the product (net amount): uptake -C·44/12 kg CO2 (ISO 14067 §6.4.9.2, PACT
         * biogenicCO2Uptake); released at end of life when the boundary includes it */
        double kg = a->mult * pcf_unit_to_base(u);
        uint32_t cf = carbon_factor(c);
        if (cf == UINT32_MAX)
            return;
        add_term(c, -kg * carbon * PCF__CO2_PER_C, a->ap, cf, PCF__STAGE_MATERIALS,
                 PCF_FLOW_BIOGENIC_REMOVAL, "biogenic uptake", 0, 0, 0);
        c->d->biogenic_carbon_kg += kg * carbon * c->params[a->ap].value;
        if (c->boundary == PCF_BOUNDARY_CRADLE_TO_GRAVE)
            add_term(c, kg * carbon * PCF__CO2_PER_C, a->ap, cf, PCF__STAGE_END_OF_LIFE,
                     PCF_FLOW_BIOGENIC, "biogenic release", 0, 0, 0);
    }
}

/*
 * factor_scope and wtt_factor of a transport activity, whether a leg (distance × mass) or an
 * amount of t·km: checks them, marks the activity as transport so its TTW part is reported, and
 * returns 1 when "factor" is tank-to-wheel (ISO 14083 reports WTW with the TTW part apart).
 */
static int transport_scope(ctx *c, json_t *act, const char *path)
{
    const char *scope = get_str(c, act, "factor_scope", path, 0);
    int ttw = scope && strcmp(scope, "ttw") == 0;
    if (scope && !ttw && strcmp(scope, "wtw") != 0) {
        char p[PCF_ERROR_PATH_SIZE];
        sub(p, sizeof p, path, "factor_scope");
        ERR(c, PCF_ERR_INVALID_MODEL, p, "factor_scope must be \"wtw\" or \"ttw\"");
    }
    if (json_object_get(act, "wtt_factor") && !ttw)
        ERR(c, PCF_ERR_INVALID_MODEL, path,
            "\"wtt_factor\" is added to a tank-to-wheel factor: set \"factor_scope\": \"ttw\"");
    if (ttw && !json_object_get(act, "wtt_factor"))
        WARN(c, path,
             "this leg is tank-to-wheel only: add \"wtt_factor\" for well-to-wheel "
             "emissions (ISO 14083 asks for WTW)");
    if (c->build && c->n_acts) {
        c->acts[c->n_acts - 1].is_leg = 1;
        c->acts[c->n_acts - 1].ttw_known = ttw;
    }
    return ttw;
}

/* A transport leg: the amount parameter is the distance in du. */
static void leg(ctx *c, const act_ctx *a, const pcf_unit *du)
{
    json_t *act = a->obj;
    const char *path = a->path;
    double mass = 0;
    int has_mass = get_num(c, act, "mass", path, 0, INFINITY, 0, 1, 0, &mass);
    const pcf_unit *mu = get_unit(c, act, "mass_unit", path, PCF_DIM_MASS, has_mass);
    double mass_kg = NAN;
    if (has_mass && mu) {
        mass_kg = mass * pcf_unit_to_base(mu);
    } else if (!has_mass && !json_object_get(act, "mass")) {
        mass_kg = a->pf->mass_kg;
        if (isnan(mass_kg))
            ERR(c, PCF_ERR_DATA_MISSING, path,
                "the leg gives no \"mass\" and product \"%s\" has no \"mass\" to default to",
                a->pf->id);
    }
    double payload = 0, lf = 1, empty = 0;
    int per_vehicle = get_num(c, act, "payload", path, 0, INFINITY, 1, 1, 0, &payload);
    const pcf_unit *pu = get_unit(c, act, "payload_unit", path, PCF_DIM_MASS, per_vehicle);
    int has_lf = get_num(c, act, "load_factor", path, 0, 1, 1, 0, 0, &lf);
    int has_e = get_num(c, act, "empty_running", path, 0, 1, 0, 1, 0, &empty);
    if ((has_lf || has_e) && !per_vehicle)
        WARN(c, path,
             "load_factor and empty_running apply only to per-vehicle-km factors, "
             "which need \"payload\"; they are ignored for a per-t·km factor");
    int ttw = transport_scope(c, act, path);
    pcf_dimension dim = per_vehicle ? PCF_DIM_VEHICLE_DISTANCE : PCF_DIM_FREIGHT;
    int prims[2] = {0, 0};
    if (!json_object_get(act, "factor"))
        ERR(c, PCF_ERR_INVALID_MODEL, path, "\"factor\" is required here");
    uint32_t fs[2] = {resolve_slot(c, act, "factor", path, dim, &prims[0]), UINT32_MAX};
    if (json_object_get(act, "wtt_factor"))
        fs[1] = resolve_slot(c, act, "wtt_factor", path, dim, &prims[1]);
    if (!a->emit || isnan(mass_kg) || !du)
        return;
    double km = a->mult * pcf_unit_to_base(du); /* km per unit of the distance parameter */
    const char *slots[2] = {"factor", "wtt_factor"};
    for (int i = 0; i < 2; i++) {
        if (fs[i] == UINT32_MAX)
            continue;
        const pcf_unit *fu = c->finfo[fs[i]].per;
        pcf_dimension fd = pcf_unit_dimension(fu);
        double coef;
        if (fd == PCF_DIM_FREIGHT) {
            /* ISO 14083 transport activity: t·km = distance × mass */
            coef = pcf__transport_tkm(km, mass_kg) / pcf_unit_to_base(fu);
        } else if ((fd == PCF_DIM_VEHICLE_DISTANCE || fd == PCF_DIM_LENGTH) && per_vehicle && pu) {
            coef = pcf__transport_vkm(km, mass_kg / 1000.0, payload * pcf_unit_to_base(pu) / 1000.0,
                                      lf, empty) /
                   pcf_unit_to_base(fu);
        } else {
            char p[PCF_ERROR_PATH_SIZE];
            sub(p, sizeof p, path, slots[i]);
            ERR(c, PCF_ERR_UNIT, p,
                "a transport leg needs a factor per t·km, or per vehicle-km with \"payload\"; "
                "%s is per %s (%s)",
                *c->finfo[fs[i]].code ? c->finfo[fs[i]].code : c->finfo[fs[i]].name,
                c->finfo[fs[i]].unit, pcf_dimension_name(fd));
            continue;
        }
        add_term(c, coef, a->ap, fs[i], PCF__STAGE_TRANSPORT, a->flow,
                 i == 0 ? (ttw ? "ttw" : "wtw") : "wtt", prims[i] ? 1.0 : a->prim, 0,
                 i == 0 && ttw);
    }
}

static int route_kind(const char *route)
{
    if (strcmp(route, "recycling") == 0)
        return PCF__ROUTE_RECYCLING;
    if (strcmp(route, "energy_recovery") == 0)
        return PCF__ROUTE_ENERGY_RECOVERY;
    if (strcmp(route, "incineration") == 0 || strcmp(route, "landfill") == 0 ||
        strcmp(route, "other") == 0)
        return PCF__ROUTE_DISPOSAL;
    return -1;
}

/* An end-of-life route; kg_per_amount converts the amount parameter to kg treated. */
static void eol_route(ctx *c, const act_ctx *a, double kg_per_amount, const char *route)
{
    json_t *act = a->obj;
    const char *path = a->path;
    int kind = route_kind(route);
    if (kind < 0) {
        char p[PCF_ERROR_PATH_SIZE];
        sub(p, sizeof p, path, "route");
        ERR(c, PCF_ERR_INVALID_MODEL, p,
            "route \"%s\" is not one of recycling, energy_recovery, incineration, landfill, other",
            route);
        return;
    }
    double a_given = NAN, b_given = NAN, q = 1, credit_amount = 1;
    int has_a = get_num(c, act, "A", path, 0, 1, 0, 0, 0, &a_given);
    int has_b = get_num(c, act, "B", path, 0, 1, 0, 0, 0, &b_given);
    get_num(c, act, "quality", path, 0, 1, 1, 0, 0, &q);
    get_num(c, act, "credit_amount", path, 0, INFINITY, 0, 1, 0, &credit_amount);
    const pcf_unit *cu = json_object_get(act, "credit_unit")
                             ? get_unit(c, act, "credit_unit", path, PCF_DIM_NONE, 0)
                             : unit_of("kg");
    double ab = 1;
    if (kind == PCF__ROUTE_RECYCLING) {
        if (c->method == PCF_RECYCLING_CFF && !has_a)
            ERR(c, PCF_ERR_DATA_MISSING, path,
                "recycling method cff needs \"A\" (0..1) on a recycling route");
        ab = pcf__eol_allocation(c->method, has_a ? a_given : 1.0);
    } else if (kind == PCF__ROUTE_ENERGY_RECOVERY) {
        ab = pcf__eol_allocation(c->method, has_b ? b_given : 0.0); /* PEF's default B is 0 */
    }
    pcf__cff_route rc = pcf__cff_route_coefs((pcf__route_kind)kind, ab, credit_amount, q);
    if (kind == PCF__ROUTE_ENERGY_RECOVERY && c->method == PCF_RECYCLING_CUT_OFF)
        rc = pcf__cutoff_energy_recovery();
    if (kind == PCF__ROUTE_DISPOSAL && !json_object_get(act, "factor"))
        ERR(c, PCF_ERR_INVALID_MODEL, path, "a %s route needs \"factor\" (the disposal burden)",
            route);
    int pt = 0, pc = 0;
    uint32_t ft = UINT32_MAX, fc = UINT32_MAX;
    /* look a factor up only when it counts; otherwise check its shape */
    int saved = c->build;
    if (json_object_get(act, "factor")) {
        c->build = saved && rc.treatment != 0;
        ft = resolve_slot(c, act, "factor", path, PCF_DIM_MASS, &pt);
        c->build = saved;
    }
    if (json_object_get(act, "credit_factor")) {
        c->build = saved && rc.credit != 0;
        fc = resolve_slot(c, act, "credit_factor", path, cu ? pcf_unit_dimension(cu) : PCF_DIM_NONE,
                          &pc);
        c->build = saved;
    }
    if (kind != PCF__ROUTE_DISPOSAL && rc.treatment == 0 && rc.credit == 0 && c->build)
        NOTE(c, path,
             "%s: the %s route carries neither burden nor credit (they go to the user of the "
             "recovered material or energy)",
             pcf_recycling_method_name(c->method), route);
    if (!a->emit)
        return;
    if (ft != UINT32_MAX) {
        double k = to_factor_unit(c, unit_of("kg"), ft, path, "factor");
        if (!isnan(k))
            add_term(c, kg_per_amount * rc.treatment * k, a->ap, ft, PCF__STAGE_END_OF_LIFE,
                     a->flow, "treatment", pt ? 1.0 : a->prim, 0, 0);
    }
    if (fc != UINT32_MAX && cu) {
        double k = to_factor_unit(c, cu, fc, path, "credit_factor");
        if (!isnan(k))
            add_term(c, kg_per_amount * rc.credit * k, a->ap, fc, PCF__STAGE_END_OF_LIFE, a->flow,
                     "credit", pc ? 1.0 : a->prim, 1, 0);
    }
}

static const char *const stage_keys_list[] = {"materials", "production",  "transport", "storage",
                                              "use",       "end_of_life", NULL};

static void activity(ctx *c, const product_facts *pf, int stage, json_t *act, const char *path,
                     double *eol_share_sum, int *eol_shares)
{
    if (!json_is_object(act)) {
        ERR(c, PCF_ERR_INVALID_MODEL, path, "an activity must be a JSON object");
        return;
    }
    const char *const *extra = stage == PCF_STAGE_MATERIALS     ? material_keys
                               : stage == PCF_STAGE_TRANSPORT   ? transport_keys
                               : stage == PCF_STAGE_END_OF_LIFE ? eol_keys
                                                                : NULL;
    check_keys(c, act, path, common_keys, extra);
    const char *name = get_str(c, act, "name", path, 1);
    int included = !(c->boundary == PCF_BOUNDARY_CRADLE_TO_GATE &&
                     (stage == PCF_STAGE_USE || stage == PCF_STAGE_END_OF_LIFE));
    int flow = parse_flow(c, act, path);
    json_t *prim_v = json_object_get(act, "primary");
    if (prim_v && !json_is_boolean(prim_v)) {
        char p[PCF_ERROR_PATH_SIZE];
        sub(p, sizeof p, path, "primary");
        ERR(c, PCF_ERR_INVALID_MODEL, p, "\"primary\" must be true or false");
    }
    const char *route = stage == PCF_STAGE_END_OF_LIFE ? get_str(c, act, "route", path, 0) : NULL;
    int is_leg = stage == PCF_STAGE_TRANSPORT && json_object_get(act, "distance");
    const char *gas_name = get_str(c, act, "gas", path, 0);
    pcf_gas gas = PCF_GAS_CO2_FOSSIL;
    if (gas_name) {
        pcf_error e;
        if (pcf_gas_parse(gas_name, &gas, &e) != PCF_OK) {
            char p[PCF_ERROR_PATH_SIZE];
            sub(p, sizeof p, path, "gas");
            ERR(c, PCF_ERR_NOT_FOUND, p, "%s", e.message);
            gas_name = NULL;
        } else if (json_object_get(act, "factor")) {
            ERR(c, PCF_ERR_INVALID_MODEL, path,
                "give either \"gas\" (a direct emission) or \"factor\", not both");
        }
        if (route || is_leg)
            ERR(c, PCF_ERR_INVALID_MODEL, path,
                "a transport leg or an end-of-life route cannot be a direct gas emission");
    }
    if (stage == PCF_STAGE_TRANSPORT) {
        const char *mode = get_str(c, act, "mode", path, 0);
        static const char *const modes[] = {"road", "rail",     "sea",   "inland_waterway",
                                            "air",  "pipeline", "other", NULL};
        int ok = !mode;
        for (size_t i = 0; mode && modes[i] && !ok; i++)
            ok = strcmp(mode, modes[i]) == 0;
        if (!ok) {
            char p[PCF_ERROR_PATH_SIZE];
            sub(p, sizeof p, path, "mode");
            ERR(c, PCF_ERR_INVALID_MODEL, p,
                "mode \"%s\" is not one of road, rail, sea, inland_waterway, air, pipeline, other",
                mode);
        }
        if (pcf__transport_is_air(mode) && flow == PCF_FLOW_FOSSIL)
            flow = PCF_FLOW_AIRCRAFT; /* PACT aircraftGhgEmissions, reported apart */
    }

    /* the amount parameter: amount, distance (legs) or share (routes) */
    double value = 0, route_kg = 1.0;
    const pcf_unit *u = NULL;
    const char *unit_text = NULL;
    int ok_amount = 0;
    if (is_leg) {
        ok_amount = get_num(c, act, "distance", path, 0, INFINITY, 0, 1, 1, &value);
        u = get_unit(c, act, "distance_unit", path, PCF_DIM_LENGTH, 1);
        unit_text = u ? pcf_unit_symbol(u) : NULL;
        if (json_object_get(act, "amount"))
            ERR(c, PCF_ERR_INVALID_MODEL, path,
                "give a leg either \"distance\" (and mass) or \"amount\" in t·km, not both");
    } else if (route && json_object_get(act, "share")) {
        ok_amount = get_num(c, act, "share", path, 0, 1, 0, 0, 1, &value);
        if (ok_amount) {
            *eol_share_sum += value;
            *eol_shares += 1;
        }
        if (json_object_get(act, "amount"))
            ERR(c, PCF_ERR_INVALID_MODEL, path,
                "give a route either \"share\" of the product mass or \"amount\", not both");
        if (isnan(pf->mass_kg)) {
            ERR(c, PCF_ERR_DATA_MISSING, path,
                "a route given as \"share\" needs the \"mass\" of product \"%s\"",
                pf->id ? pf->id : "");
            ok_amount = 0;
        }
        route_kg = pf->mass_kg;
        unit_text = "share of mass";
    } else {
        ok_amount = get_num(c, act, "amount", path, 0, INFINITY, 0, 1, 1, &value);
        u = get_unit(c, act, "unit", path, route ? PCF_DIM_MASS : PCF_DIM_NONE, 1);
        unit_text = u ? pcf_unit_symbol(u) : NULL;
        if (route && u)
            route_kg = pcf_unit_to_base(u);
    }
    pcf_dist dist;
    double dp[3];
    get_uncertainty(c, act, path, value, &dist, dp);
    double tf = time_factor(c, act, path, pf);

    int prim = json_is_true(prim_v);
    new_activity(c, pf, name ? name : "", path, stage, included, value, unit_text, prim);
    act_ctx a = {.pf = pf,
                 .obj = act,
                 .path = path,
                 .stage = stage,
                 .flow = flow,
                 .prim = prim ? 1.0 : 0.0,
                 .ap = PCF__NO_PARAM,
                 .mult = pf->mult * (stage == PCF_STAGE_PRODUCTION ? pf->alloc : 1.0) * tf,
                 .emit = 0};
    if (c->build && ok_amount) {
        a.ap = add_param(c, value, dist, dp, PCF__PARAM_AMOUNT, (uint32_t)(c->n_acts - 1));
        if (a.ap == PCF__NO_PARAM)
            return;
    }
    /* an excluded stage is checked but not looked up */
    int saved = c->build;
    c->build = saved && included;
    a.emit = c->build && a.ap != PCF__NO_PARAM && !isnan(tf);

    if (route) {
        eol_route(c, &a, a.mult * route_kg, route);
    } else if (is_leg) {
        leg(c, &a, u);
    } else if (stage == PCF_STAGE_MATERIALS && !gas_name) {
        material(c, &a, u);
    } else if (gas_name) {
        if (u && pcf_unit_dimension(u) != PCF_DIM_MASS) {
            char p[PCF_ERROR_PATH_SIZE];
            sub(p, sizeof p, path, "unit");
            ERR(c, PCF_ERR_UNIT, p, "a direct emission of %s is a mass; \"%s\" is a unit of %s",
                gas_name, pcf_unit_symbol(u), pcf_dimension_name(pcf_unit_dimension(u)));
        } else if (a.emit && u) {
            uint32_t gf = gwp_factor(c, gas);
            if (gf != UINT32_MAX)
                add_term(c, a.mult * pcf_unit_to_base(u), a.ap, gf, stage,
                         pcf_gas_is_biogenic(gas) ? PCF_FLOW_BIOGENIC : flow, "direct emission",
                         a.prim, 0, 0);
        }
    } else if (!json_object_get(act, "factor")) {
        ERR(c, PCF_ERR_INVALID_MODEL, path, "\"factor\" (or \"gas\") is required here");
    } else {
        /* An activity with its own amount; in the transport stage that amount is the transport
         * activity itself (t·km), whose factor may be TTW with a WTT factor beside it. */
        pcf_dimension udim = u ? pcf_unit_dimension(u) : PCF_DIM_NONE;
        int transport = stage == PCF_STAGE_TRANSPORT;
        int ttw = transport ? transport_scope(c, act, path) : 0;
        const char *slots[2] = {"factor", "wtt_factor"};
        for (int i = 0; i < (transport ? 2 : 1); i++) {
            int own = 0;
            uint32_t fi = resolve_slot(c, act, slots[i], path, udim, &own);
            if (!a.emit || fi == UINT32_MAX || !u)
                continue;
            double k = to_factor_unit(c, u, fi, path, slots[i]);
            if (isnan(k))
                continue;
            const char *role = !transport ? "activity" : i == 1 ? "wtt" : ttw ? "ttw" : "wtw";
            add_term(c, a.mult * k, a.ap, fi, stage, flow, role, own ? 1.0 : a.prim, 0,
                     i == 0 && ttw);
        }
    }
    c->build = saved;
}

/* A purchased part with its supplier's PCF. */
static void purchased(ctx *c, const product_facts *pf, json_t *comp, const char *path)
{
    static const char *const keys[] = {"name", "quantity", "unit", "supplier_pcf", "comment", NULL};
    check_keys(c, comp, path, keys, NULL);
    const char *name = get_str(c, comp, "name", path, 1);
    double qty = 0;
    int ok = get_num(c, comp, "quantity", path, 0, INFINITY, 0, 1, 1, &qty);
    const pcf_unit *u = get_unit(c, comp, "unit", path, PCF_DIM_NONE, 1);
    char sp[PCF_ERROR_PATH_SIZE];
    sub(sp, sizeof sp, path, "supplier_pcf");
    json_t *s = json_object_get(comp, "supplier_pcf");
    if (!json_is_object(s)) {
        ERR(c, PCF_ERR_INVALID_MODEL, sp, "\"supplier_pcf\" must be an object");
        return;
    }
    static const char *const skeys[] = {
        "kg_co2e",          "declared_unit", "fossil",   "biogenic",
        "biogenic_removal", "dluc",          "aircraft", "primary_data_share",
        "supplier",         "source",        NULL};
    check_keys(c, s, sp, skeys, NULL);
    double total = 0;
    int ok_total = get_num(c, s, "kg_co2e", sp, -INFINITY, INFINITY, 1, 1, 1, &total);
    const pcf_unit *du = get_unit(c, s, "declared_unit", sp, PCF_DIM_NONE, 1);
    struct {
        const char *key;
        int flow;
        double lo, hi;
        double v;
        int given;
    } parts[] = {{"fossil", PCF_FLOW_FOSSIL, 0, INFINITY, 0, 0},
                 {"biogenic", PCF_FLOW_BIOGENIC, 0, INFINITY, 0, 0},
                 {"biogenic_removal", PCF_FLOW_BIOGENIC_REMOVAL, -INFINITY, 0, 0, 0},
                 {"dluc", PCF_FLOW_DLUC, 0, INFINITY, 0, 0},
                 {"aircraft", PCF_FLOW_AIRCRAFT, 0, INFINITY, 0, 0}};
    double sum_given = 0;
    int any = 0;
    for (size_t i = 0; i < 5; i++) {
        parts[i].given = get_num(c, s, parts[i].key, sp, parts[i].lo, parts[i].hi,
                                 isinf(parts[i].lo), isinf(parts[i].hi), 0, &parts[i].v);
        if (parts[i].given) {
            sum_given += parts[i].v;
            any = 1;
        }
    }
    double share = 1;
    get_num(c, s, "primary_data_share", sp, 0, 1, 0, 0, 0, &share);
    if (ok_total) {
        pcf__numbuf b1, b2;
        if (!parts[0].given) {
            parts[0].v = total - sum_given;
            parts[0].given = 1;
            if (parts[0].v < -1e-9 * fabs(total) - 1e-12)
                ERR(c, PCF_ERR_INVALID_MODEL, sp,
                    "the given parts add up to %s, more than kg_co2e %s: fossil would be negative",
                    pcf__num(&b1, sum_given), pcf__num(&b2, total));
        } else if (any && fabs(sum_given - total) > 1e-6 * fabs(total) + 1e-12) {
            ERR(c, PCF_ERR_INVALID_MODEL, sp,
                "fossil + biogenic + biogenic_removal + dluc + aircraft = %s but kg_co2e is %s; "
                "the parts must add up to the total",
                pcf__num(&b1, sum_given), pcf__num(&b2, total));
        }
    }
    double k = (u && du) ? conv(u, du) : NAN;
    if (u && du && isnan(k)) {
        char up[PCF_ERROR_PATH_SIZE];
        sub(up, sizeof up, path, "unit");
        ERR(c, PCF_ERR_UNIT, up,
            "the part is counted in %s (%s) but its supplier PCF is per %s (%s)",
            pcf_unit_symbol(u), pcf_dimension_name(pcf_unit_dimension(u)), pcf_unit_symbol(du),
            pcf_dimension_name(pcf_unit_dimension(du)));
    }
    new_activity(c, pf, name ? name : "", path, PCF_STAGE_MATERIALS, 1, qty,
                 u ? pcf_unit_symbol(u) : "", share > 0);
    if (!c->build || !ok || !ok_total || isnan(k))
        return;
    uint32_t ap =
        add_param(c, qty, PCF_DIST_FIXED, NULL, PCF__PARAM_AMOUNT, (uint32_t)(c->n_acts - 1));
    if (ap == PCF__NO_PARAM)
        return;
    const char *supplier = get_str(c, s, "supplier", sp, 0);
    const char *source = get_str(c, s, "source", sp, 0);
    static const char *const roles[] = {"supplier pcf fossil", "supplier pcf biogenic",
                                        "supplier pcf biogenic removal", "supplier pcf dluc",
                                        "supplier pcf aircraft"};
    for (size_t i = 0; i < 5; i++) {
        if (!parts[i].given || (parts[i].v == 0 && i > 0))
            continue;
        char nm[256];
        fmt(nm, sizeof nm, "%s%s%s (%s)", name ? name : "", supplier ? ", " : "",
            supplier ? supplier : "", parts[i].key);
        factor_spec f = {.origin = PCF_ORIGIN_SUPPLIER_PCF,
                         .code = source ? source : "",
                         .name = nm,
                         .unit = pcf_unit_symbol(du),
                         .dataset = "supplier PCF",
                         .value = parts[i].v};
        uint32_t fi = add_factor(c, NULL, &f);
        if (fi == UINT32_MAX)
            return;
        add_term(c, pf->mult * k, ap, fi, PCF__STAGE_MATERIALS, parts[i].flow, roles[i], share, 0,
                 0);
    }
}

/* ---- products, components, cycles ---- */

static const char *const product_keys[] = {"id",
                                           "name",
                                           "description",
                                           "declared_unit",
                                           "reference_flow",
                                           "mass",
                                           "mass_unit",
                                           "service_life",
                                           "service_life_unit",
                                           "allocation",
                                           "stages",
                                           "components",
                                           NULL};

static int find_product(ctx *c, const char *id)
{
    uint32_t i;
    return id && smap_get(&c->prod_keys, id, &i) ? (int)i : -1;
}

/* Reads {amount, unit, description}; returns amount in base units of unit, NaN if invalid. */
static double flow_amount(ctx *c, json_t *prod, const char *key, const char *path,
                          const pcf_unit **u_out)
{
    char p[PCF_ERROR_PATH_SIZE];
    sub(p, sizeof p, path, key);
    json_t *o = json_object_get(prod, key);
    *u_out = NULL;
    if (!json_is_object(o)) {
        ERR(c, PCF_ERR_INVALID_MODEL, p,
            "\"%s\" must be an object {\"amount\": 1, \"unit\": \"item\", \"description\": ...}",
            key);
        return NAN;
    }
    static const char *const keys[] = {"amount", "unit", "description", NULL};
    check_keys(c, o, p, keys, NULL);
    double a = 0;
    int ok = get_num(c, o, "amount", p, 0, INFINITY, 1, 1, 1, &a);
    const pcf_unit *u = get_unit(c, o, "unit", p, PCF_DIM_NONE, 1);
    get_str(c, o, "description", p, 0);
    if (!ok || !u)
        return NAN;
    *u_out = u;
    return a * pcf_unit_to_base(u);
}

static void product_facts_read(ctx *c, product_facts *pf, int is_main)
{
    char path[PCF_ERROR_PATH_SIZE];
    fmt(path, sizeof path, "$.products[%zu]", pf->index);
    json_t *prod = pf->obj;
    pf->scale = 1;
    pf->mass_kg = NAN;
    pf->life_h = NAN;
    pf->alloc = 1;
    check_keys(c, prod, path, product_keys, NULL);
    json_t *name = json_object_get(prod, "name");
    if (name && !json_is_string(name) && !json_is_object(name)) {
        char p[PCF_ERROR_PATH_SIZE];
        sub(p, sizeof p, path, "name");
        ERR(c, PCF_ERR_INVALID_MODEL, p, "\"name\" is a string or {\"en\": ..., \"zh\": ...}");
    }
    const pcf_unit *du = NULL, *ru = NULL;
    double declared = NAN;
    if (json_object_get(prod, "declared_unit"))
        declared = flow_amount(c, prod, "declared_unit", path, &du);
    else if (is_main)
        ERR(c, PCF_ERR_INVALID_MODEL, path,
            "the main product needs \"declared_unit\", e.g. {\"amount\": 1, \"unit\": \"item\"}");
    if (json_object_get(prod, "reference_flow")) {
        double ref = flow_amount(c, prod, "reference_flow", path, &ru);
        if (du && ru && pcf_unit_dimension(du) != pcf_unit_dimension(ru)) {
            char p[PCF_ERROR_PATH_SIZE];
            sub(p, sizeof p, path, "reference_flow.unit");
            ERR(c, PCF_ERR_UNIT, p,
                "the reference flow is in %s (%s) but the declared unit is %s (%s)",
                pcf_unit_symbol(ru), pcf_dimension_name(pcf_unit_dimension(ru)),
                pcf_unit_symbol(du), pcf_dimension_name(pcf_unit_dimension(du)));
        } else if (is_main && !isnan(declared) && !isnan(ref)) {
            pf->scale = declared / ref;
        }
    }
    double v = 0;
    if (get_num(c, prod, "mass", path, 0, INFINITY, 0, 1, 0, &v)) {
        const pcf_unit *mu = get_unit(c, prod, "mass_unit", path, PCF_DIM_MASS, 1);
        if (mu)
            pf->mass_kg = v * pcf_unit_to_base(mu);
    }
    if (get_num(c, prod, "service_life", path, 0, INFINITY, 1, 1, 0, &v)) {
        const pcf_unit *lu = get_unit(c, prod, "service_life_unit", path, PCF_DIM_TIME, 1);
        if (lu)
            pf->life_h = v * pcf_unit_to_base(lu);
    }
    json_t *al = json_object_get(prod, "allocation");
    if (al) {
        char p[PCF_ERROR_PATH_SIZE];
        sub(p, sizeof p, path, "allocation");
        if (!json_is_object(al)) {
            ERR(c, PCF_ERR_INVALID_MODEL, p, "\"allocation\" must be an object");
            return;
        }
        static const char *const keys[] = {"basis", "share", "coproducts", NULL};
        check_keys(c, al, p, keys, NULL);
        const char *basis = get_str(c, al, "basis", p, 1);
        if (basis && strcmp(basis, "mass") && strcmp(basis, "economic") &&
            strcmp(basis, "physical")) {
            char bp[PCF_ERROR_PATH_SIZE];
            sub(bp, sizeof bp, p, "basis");
            ERR(c, PCF_ERR_INVALID_MODEL, bp,
                "allocation basis \"%s\" is not mass, economic or physical", basis);
        }
        json_t *co = json_object_get(al, "coproducts");
        if (co) {
            char cp[PCF_ERROR_PATH_SIZE];
            sub(cp, sizeof cp, p, "coproducts");
            if (!json_is_array(co) || json_array_size(co) < 2) {
                ERR(c, PCF_ERR_INVALID_MODEL, cp,
                    "\"coproducts\" lists this product first and at least one other, each "
                    "{\"name\", \"quantity\"}");
                return;
            }
            double sum = 0, first = 0;
            for (size_t i = 0; i < json_array_size(co); i++) {
                char ip[PCF_ERROR_PATH_SIZE];
                fmt(ip, sizeof ip, "%s[%zu]", cp, i);
                double q = 0;
                if (get_num(c, json_array_get(co, i), "quantity", ip, 0, INFINITY, 0, 1, 1, &q)) {
                    sum += q;
                    if (i == 0)
                        first = q;
                }
            }
            if (sum <= 0)
                ERR(c, PCF_ERR_INVALID_MODEL, cp, "the co-product quantities add up to 0");
            else
                pf->alloc = first / sum;
            if (json_object_get(al, "share"))
                ERR(c, PCF_ERR_INVALID_MODEL, p, "give \"share\" or \"coproducts\", not both");
        } else {
            get_num(c, al, "share", p, 0, 1, 1, 0, 1, &pf->alloc);
        }
    }
}

/* DFS for cycles; reports each back edge. Returns nothing; marks c->had_cycle. */
/* Sub-assemblies nest at most this deep: the walks below recurse once per level. */
#define PCF__MAX_NESTING 4096

static void dfs_cycle(ctx *c, size_t p, size_t *stack, size_t depth)
{
    product_facts *pf = &c->prods[p];
    if (depth >= PCF__MAX_NESTING) {
        char path[PCF_ERROR_PATH_SIZE];
        fmt(path, sizeof path, "$.products[%zu]", pf->index);
        ERR(c, PCF_ERR_INVALID_MODEL, path,
            "sub-assemblies are nested more than %d levels deep here", PCF__MAX_NESTING);
        c->had_cycle = 1; /* stops the unfolding, as a cycle does */
        pf->color = 2;
        return;
    }
    pf->color = 1;
    stack[depth] = p;
    json_t *comps = json_object_get(pf->obj, "components");
    for (size_t i = 0; json_is_array(comps) && i < json_array_size(comps); i++) {
        const char *id = json_string_value(json_object_get(json_array_get(comps, i), "product"));
        int q = id ? find_product(c, id) : -1;
        if (q < 0)
            continue;
        if (c->prods[q].color == 1) {
            pcf__buf cyc;
            pcf__buf_init(&cyc);
            size_t start = 0;
            while (stack[start] != (size_t)q)
                start++;
            for (size_t k = start; k <= depth; k++)
                pcf__buf_printf(&cyc, "%s → ", c->prods[stack[k]].id);
            pcf__buf_puts(&cyc, c->prods[q].id);
            char path[PCF_ERROR_PATH_SIZE];
            fmt(path, sizeof path, "$.products[%zu].components[%zu].product", pf->index, i);
            ERR(c, PCF_ERR_INVALID_MODEL, path,
                "sub-assemblies form a cycle: %s; a product cannot contain itself",
                cyc.data ? cyc.data : "");
            pcf__buf_free(&cyc);
            c->had_cycle = 1;
        } else if (c->prods[q].color == 0) {
            dfs_cycle(c, (size_t)q, stack, depth + 1);
        }
    }
    pf->color = 2;
}

/* Post-order from p (for a topological order of reachable products). */
static void dfs_order(ctx *c, size_t p, size_t *order, size_t *n)
{
    c->prods[p].reachable = 1;
    json_t *comps = json_object_get(c->prods[p].obj, "components");
    for (size_t i = 0; json_is_array(comps) && i < json_array_size(comps); i++) {
        const char *id = json_string_value(json_object_get(json_array_get(comps, i), "product"));
        int q = id ? find_product(c, id) : -1;
        if (q >= 0 && !c->prods[q].reachable)
            dfs_order(c, (size_t)q, order, n);
    }
    order[(*n)++] = p;
}

static void components_check(ctx *c, product_facts *pf)
{
    char path[PCF_ERROR_PATH_SIZE];
    fmt(path, sizeof path, "$.products[%zu].components", pf->index);
    json_t *comps = json_object_get(pf->obj, "components");
    if (!comps)
        return;
    if (!json_is_array(comps)) {
        ERR(c, PCF_ERR_INVALID_MODEL, path, "\"components\" must be an array");
        return;
    }
    for (size_t i = 0; i < json_array_size(comps); i++) {
        json_t *comp = json_array_get(comps, i);
        char cp[PCF_ERROR_PATH_SIZE];
        fmt(cp, sizeof cp, "%s[%zu]", path, i);
        if (!json_is_object(comp)) {
            ERR(c, PCF_ERR_INVALID_MODEL, cp, "a component must be a JSON object");
            continue;
        }
        if (json_object_get(comp, "supplier_pcf"))
            continue; /* purchased part: checked with the activities */
        const char *id = get_str(c, comp, "product", cp, 0);
        if (!json_object_get(comp, "product")) {
            ERR(c, PCF_ERR_INVALID_MODEL, cp,
                "a component names a sub-assembly (\"product\") or carries a \"supplier_pcf\"");
            continue;
        }
        static const char *const keys[] = {"product", "quantity", "comment", NULL};
        check_keys(c, comp, cp, keys, NULL);
        double q = 0;
        get_num(c, comp, "quantity", cp, 0, INFINITY, 0, 1, 1, &q);
        if (id && find_product(c, id) < 0) {
            char ip[PCF_ERROR_PATH_SIZE];
            sub(ip, sizeof ip, cp, "product");
            ERR(c, PCF_ERR_NOT_FOUND, ip,
                "no product has id \"%s\"; add it to \"products\" or fix the id", id);
        }
    }
}

static void walk(ctx *c)
{
    json_t *root = c->m->root;
    static const char *const top_keys[] = {"pcf_model", "description", "boundary",
                                           "gwp",       "region",      "recycling_method",
                                           "products",  "pact",        NULL};
    check_keys(c, root, "$", top_keys, NULL);
    const char *b = get_str(c, root, "boundary", "$", 0);
    c->boundary = PCF_BOUNDARY_CRADLE_TO_GRAVE;
    if (b) {
        if (strcmp(b, "cradle-to-gate") == 0)
            c->boundary = PCF_BOUNDARY_CRADLE_TO_GATE;
        else if (strcmp(b, "cradle-to-grave") != 0)
            ERR(c, PCF_ERR_INVALID_MODEL, "$.boundary",
                "boundary \"%s\" is not \"cradle-to-grave\" or \"cradle-to-gate\"", b);
    }
    const char *g = get_str(c, root, "gwp", "$", 0);
    pcf_gwp_set model_gwp = PCF_GWP_DEFAULT;
    if (g) {
        pcf_error e;
        if (pcf_gwp_set_parse(g, &model_gwp, &e) != PCF_OK)
            ERR(c, PCF_ERR_INVALID_MODEL, "$.gwp", "%s", e.message);
    }
    if (!c->gwp)
        c->gwp = model_gwp;
    c->region = get_str(c, root, "region", "$", 0);
    const char *rm = get_str(c, root, "recycling_method", "$", 0);
    c->method = PCF_RECYCLING_CUT_OFF;
    if (rm) {
        int found = 0;
        for (int i = 0; i <= PCF_RECYCLING_CFF; i++)
            if (strcmp(rm, pcf_recycling_method_name((pcf_recycling_method)i)) == 0) {
                c->method = (pcf_recycling_method)i;
                found = 1;
            }
        if (!found)
            ERR(c, PCF_ERR_INVALID_MODEL, "$.recycling_method",
                "recycling_method \"%s\" is not cut-off, avoided-burden, 50/50 or cff", rm);
    }
    get_str(c, root, "description", "$", 0);

    json_t *products = json_object_get(root, "products");
    c->n_prods = json_array_size(products);
    if (c->n_prods == 0) {
        ERR(c, PCF_ERR_INVALID_MODEL, "$.products",
            "the model has no products; add the main product first");
        return;
    }
    c->prods = calloc(c->n_prods, sizeof *c->prods);
    size_t *tmp = calloc(c->n_prods + 1, sizeof *tmp);
    size_t *order = calloc(c->n_prods + 1, sizeof *order);
    if (!c->prods || !tmp || !order) {
        c->nomem = 1;
        free(tmp);
        free(order);
        return;
    }
    for (size_t i = 0; i < c->n_prods; i++) {
        product_facts *pf = &c->prods[i];
        pf->index = i;
        pf->obj = json_array_get(products, i);
        char path[PCF_ERROR_PATH_SIZE];
        fmt(path, sizeof path, "$.products[%zu]", i);
        if (!json_is_object(pf->obj)) {
            ERR(c, PCF_ERR_INVALID_MODEL, path, "a product must be a JSON object");
            pf->obj = NULL;
            continue;
        }
        const char *id = get_str(c, pf->obj, "id", path, 1);
        char ip[PCF_ERROR_PATH_SIZE];
        sub(ip, sizeof ip, path, "id");
        if (id && find_product(c, id) >= 0)
            ERR(c, PCF_ERR_INVALID_MODEL, ip, "product id \"%s\" is used twice", id);
        else if (id && !*id)
            ERR(c, PCF_ERR_INVALID_MODEL, ip, "product id is empty");
        else if (id && !smap_put(&c->prod_keys, &c->d->strings, id, (uint32_t)i))
            c->nomem = 1;
        pf->id = id;
    }
    for (size_t i = 0; i < c->n_prods; i++) {
        if (!c->prods[i].obj)
            continue;
        product_facts_read(c, &c->prods[i], i == 0);
        components_check(c, &c->prods[i]);
    }
    for (size_t i = 0; i < c->n_prods; i++)
        if (c->prods[i].obj && c->prods[i].color == 0)
            dfs_cycle(c, i, tmp, 0);
    /* multipliers along a topological order from the main product */
    size_t n_order = 0;
    if (!c->had_cycle && c->prods[0].obj) {
        dfs_order(c, 0, order, &n_order);
        c->prods[0].mult = c->prods[0].scale;
        for (size_t k = n_order; k-- > 0;) {
            product_facts *pf = &c->prods[order[k]];
            json_t *comps = json_object_get(pf->obj, "components");
            for (size_t i = 0; json_is_array(comps) && i < json_array_size(comps); i++) {
                json_t *comp = json_array_get(comps, i);
                const char *id = json_string_value(json_object_get(comp, "product"));
                int q = id ? find_product(c, id) : -1;
                json_t *qv = json_object_get(comp, "quantity");
                if (q >= 0 && json_is_number(qv) && json_number_value(qv) >= 0)
                    c->prods[q].mult += pf->mult * json_number_value(qv);
            }
        }
    }
    for (size_t i = 1; i < c->n_prods; i++)
        if (c->prods[i].obj && !c->prods[i].reachable && !c->had_cycle) {
            char path[PCF_ERROR_PATH_SIZE];
            fmt(path, sizeof path, "$.products[%zu]", i);
            WARN(c, path,
                 "product \"%s\" is not a component of the main product, so it is not counted",
                 c->prods[i].id ? c->prods[i].id : "");
        }
    free(tmp);
    free(order);

    int build_all = c->build;
    for (size_t i = 0; i < c->n_prods; i++) {
        product_facts *pf = &c->prods[i];
        if (!pf->obj)
            continue;
        c->build = build_all && pf->reachable && !c->had_cycle;
        char path[PCF_ERROR_PATH_SIZE];
        fmt(path, sizeof path, "$.products[%zu].stages", i);
        json_t *stages = json_object_get(pf->obj, "stages");
        if (stages && !json_is_object(stages)) {
            ERR(c, PCF_ERR_INVALID_MODEL, path,
                "\"stages\" must be an object with materials, production, transport, storage, "
                "use, end_of_life");
            continue;
        }
        if (stages)
            check_keys(c, stages, path, stage_keys_list, NULL);
        for (int s = 0; s < PCF_STAGE_COUNT && stages; s++) {
            json_t *arr = json_object_get(stages, pcf__stage_keys[s]);
            char sp[PCF_ERROR_PATH_SIZE];
            fmt(sp, sizeof sp, "%s.%s", path, pcf__stage_keys[s]);
            if (!arr)
                continue;
            if (!json_is_array(arr)) {
                ERR(c, PCF_ERR_INVALID_MODEL, sp, "a stage is an array of activities");
                continue;
            }
            double share_sum = 0;
            int shares = 0;
            for (size_t k = 0; k < json_array_size(arr); k++) {
                char ap[PCF_ERROR_PATH_SIZE];
                fmt(ap, sizeof ap, "%s[%zu]", sp, k);
                activity(c, pf, s, json_array_get(arr, k), ap, &share_sum, &shares);
                if (c->nomem)
                    return;
            }
            if (shares && fabs(share_sum - 1.0) > 1e-6) {
                pcf__numbuf nb;
                ERR(c, PCF_ERR_INVALID_MODEL, sp,
                    "the end-of-life route shares add up to %s, not 1; every kg of the product "
                    "must go somewhere",
                    pcf__num(&nb, share_sum));
            }
        }
        json_t *comps = json_object_get(pf->obj, "components");
        for (size_t k = 0; json_is_array(comps) && k < json_array_size(comps); k++) {
            json_t *comp = json_array_get(comps, k);
            if (!json_is_object(comp) || !json_object_get(comp, "supplier_pcf"))
                continue;
            char cp[PCF_ERROR_PATH_SIZE];
            fmt(cp, sizeof cp, "$.products[%zu].components[%zu]", i, k);
            purchased(c, pf, comp, cp);
            if (c->nomem)
                return;
        }
    }
    c->build = build_all;
}

/* ---- entry points ---- */

static void ctx_free(ctx *c)
{
    free(c->prods);
    free(c->params);
    free(c->terms);
    free(c->tinfo);
    free(c->acts);
    free(c->finfo);
    free(c->fparam);
    free(c->gas);
    free(c->gas_kg);
    free(c->notes);
    smap_free(&c->factor_keys);
    smap_free(&c->lookup_keys);
    smap_free(&c->prod_keys);
    for (size_t i = 0; i < c->n_lookups; i++) {
        pcf_factor_destroy(c->lookups[i].f);
        free(c->lookups[i].message);
    }
    free(c->lookups);
}

static void add_note(ctx *c, const char *text)
{
    if (!GROW(c->notes, c->n_notes, c->cap_notes)) {
        c->nomem = 1;
        return;
    }
    c->notes[c->n_notes++] = keep(c, text);
}

static pcf_status run(const pcf_model *model, pcf_db *db, pcf_gwp_set gwp, int build,
                      pcf_diag *diag, pcf_system **out, pcf_error *err)
{
    ctx c;
    memset(&c, 0, sizeof c);
    c.m = model;
    c.db = db;
    c.diag = diag;
    c.err = err;
    c.file = model->filename && *model->filename ? model->filename : NULL;
    c.build = build;
    c.validate_only = !build;
    c.gwp = gwp;
    c.d = calloc(1, sizeof *c.d);
    if (!c.d)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory resolving the model");
    atomic_init(&c.d->refs, 1);
    pcf_error_clear(err);
    walk(&c);

    if (c.nomem) {
        ctx_free(&c);
        pcf__sysdata_release(c.d);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory resolving the model");
    }
    if (c.n_errors) {
        ctx_free(&c);
        pcf__sysdata_release(c.d);
        if (err && c.n_errors > 1) {
            char more[64];
            fmt(more, sizeof more, " (and %zu more problems)", c.n_errors - 1);
            size_t len = strlen(err->message);
            if (len + strlen(more) < sizeof err->message)
                memcpy(err->message + len, more, strlen(more) + 1);
        }
        return c.first;
    }
    if (!build) {
        ctx_free(&c);
        pcf__sysdata_release(c.d);
        return PCF_OK;
    }

    /* the main product's facts and the notes for the result */
    pcf__sysdata *d = c.d;
    json_t *main = c.prods[0].obj;
    d->product_id = keep(&c, c.prods[0].id);
    json_t *name = json_object_get(main, "name");
    d->name_en = keep(&c, json_is_string(name) ? json_string_value(name)
                                               : json_string_value(json_object_get(name, "en")));
    d->name_zh = keep(&c, json_string_value(json_object_get(name, "zh")));
    json_t *du = json_object_get(main, "declared_unit");
    d->declared_amount = json_number_value(json_object_get(du, "amount"));
    const pcf_unit *u = unit_of(json_string_value(json_object_get(du, "unit")));
    d->declared_unit = keep(&c, pcf_unit_symbol(u));
    d->declared_description = keep(&c, json_string_value(json_object_get(du, "description")));
    d->mass_kg = c.prods[0].mass_kg * c.prods[0].scale;
    d->boundary = (int)c.boundary;
    d->gwp = (int)c.gwp;
    d->method = (int)c.method;
    if (c.boundary == PCF_BOUNDARY_CRADLE_TO_GATE) {
        size_t excluded = 0;
        for (size_t i = 0; i < c.n_acts; i++)
            excluded += !c.acts[i].included;
        char note[256];
        fmt(note, sizeof note,
            "Boundary cradle-to-gate (a partial CFP): the use and end-of-life stages are "
            "excluded%s.",
            excluded ? "; their activities are listed but not counted" : "");
        add_note(&c, note);
    }
    {
        char note[256];
        fmt(note, sizeof note, "Recycling method: %s (standards.md §3).",
            pcf_recycling_method_name(c.method));
        add_note(&c, note);
    }
    for (size_t i = 0; i < c.n_prods; i++) {
        json_t *al = c.prods[i].obj ? json_object_get(c.prods[i].obj, "allocation") : NULL;
        if (!al || !c.prods[i].reachable)
            continue;
        char note[256];
        pcf__numbuf nb;
        fmt(note, sizeof note,
            "Co-product allocation: the production stage of \"%s\" carries %s of the process "
            "burdens (%s allocation).",
            c.prods[i].id, pcf__num(&nb, c.prods[i].alloc),
            json_string_value(json_object_get(al, "basis")));
        add_note(&c, note);
    }
    if (c.n_gwp_mixed) {
        char note[256];
        fmt(note, sizeof note,
            "%zu database factor(s) are published in CO2e of another GWP set without a per-gas "
            "split; they are used as published in this %s result (see the audit trail's GWP "
            "basis).",
            c.n_gwp_mixed, pcf_gwp_set_name(c.gwp));
        WARN(&c, NULL, "%s", note);
        add_note(&c, note);
    }
    if (c.nomem) {
        ctx_free(&c);
        pcf__sysdata_release(d);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory resolving the model");
    }

    pcf_system *sys = calloc(1, sizeof *sys);
    if (!sys) {
        ctx_free(&c);
        pcf__sysdata_release(d);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory resolving the model");
    }
    sys->core.n_params = c.n_params;
    sys->core.params = c.params;
    sys->core.n_terms = c.n_terms;
    sys->core.terms = c.terms;
    sys->core.n_activities = c.n_acts;
    d->acts = c.acts;
    d->factors = c.finfo;
    d->n_factors = c.n_finfo;
    d->terms = c.tinfo;
    d->gas = c.gas;
    d->gas_kg = c.gas_kg;
    d->n_gas = c.n_gas;
    d->notes = c.notes;
    d->n_notes = c.n_notes;
    sys->data = d;
    c.params = NULL;
    c.terms = NULL;
    c.acts = NULL;
    c.finfo = NULL;
    c.tinfo = NULL;
    c.gas = NULL;
    c.gas_kg = NULL;
    c.notes = NULL;
    ctx_free(&c);
    *out = sys;
    return PCF_OK;
}

pcf_status pcf__model_check(const pcf_model *model, pcf_diag *diag, pcf_error *err)
{
    pcf_status st = run(model, NULL, (pcf_gwp_set)0, 0, diag, NULL, err);
    if (st == PCF_OK || st == PCF_ERR_NOMEM)
        return st;
    /* validation has one failure status; the diag entries keep each problem's own code */
    if (err)
        err->code = PCF_ERR_INVALID_MODEL;
    return PCF_ERR_INVALID_MODEL;
}

pcf_status pcf_system_resolve(const pcf_model *model, pcf_db *db, pcf_gwp_set gwp, pcf_diag *diag,
                              pcf_system **out, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!model || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_system_resolve: NULL argument");
    if (gwp != 0 && !pcf_gwp_set_name(gwp))
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_system_resolve: invalid GWP set %d",
                          (int)gwp);
    return run(model, db, gwp, 1, diag, out, err);
}

void pcf_system_destroy(pcf_system *sys)
{
    if (!sys)
        return;
    free(sys->core.params);
    free(sys->core.terms);
    pcf__sysdata_release(sys->data);
    free(sys);
}

size_t pcf_system_activity_count(const pcf_system *sys)
{
    return sys ? sys->core.n_activities : 0;
}

size_t pcf_system_param_count(const pcf_system *sys)
{
    return sys ? sys->core.n_params : 0;
}

pcf_gwp_set pcf_system_gwp(const pcf_system *sys)
{
    return sys ? (pcf_gwp_set)sys->data->gwp : PCF_GWP_DEFAULT;
}

const pcf__system_core *pcf__system_get_core(const pcf_system *sys)
{
    return sys ? &sys->core : NULL;
}

const char *pcf__system_param_label(const pcf_system *sys, size_t i, char *buf, size_t size)
{
    if (!buf || size == 0)
        return "";
    buf[0] = '\0';
    if (!sys || i >= sys->core.n_params)
        return buf;
    const pcf__param *p = &sys->core.params[i];
    const pcf__sysdata *d = sys->data;
    if (p->kind == PCF__PARAM_AMOUNT && p->label < sys->core.n_activities) {
        const pcf__activity_info *a = &d->acts[p->label];
        fmt(buf, size, "amount of %s (%s)", a->name, a->path);
    } else if (p->kind == PCF__PARAM_FACTOR && p->label < d->n_factors) {
        const pcf__factor_info *f = &d->factors[p->label];
        fmt(buf, size, "factor %s%s%s", f->code, *f->code ? ": " : "", f->name);
    }
    return buf;
}
