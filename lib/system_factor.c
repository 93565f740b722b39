/*
 * pcf — resolver: parameters, factor slots (database code, lookup by name, own value) with their
 * database cache, and terms. GPL-3.0-or-later; see LICENSE.
 */
#include "system_resolve.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- parameters, factors and terms ---- */

uint32_t pcf__res_add_param(pcf__res_ctx *c, double value, pcf_dist dist, const double p[3],
                            uint32_t kind, uint32_t label)
{
    if (!PCF__GROW(c->params, c->n_params, c->cap_params)) {
        c->ds.nomem = 1;
        return PCF__NO_PARAM;
    }
    pcf__param *q = &c->params[c->n_params];
    q->value = value;
    q->dist = (uint8_t)dist;
    q->p[0] = p ? p[0] : 0;
    q->p[1] = p ? p[1] : 0;
    q->p[2] = p ? p[2] : 0;
    q->kind = (uint8_t)kind;
    q->label = label;
    return (uint32_t)c->n_params++;
}

/* Returns the factor-info index for key, creating it from spec when new; UINT32_MAX on OOM. */
uint32_t pcf__res_add_factor(pcf__res_ctx *c, const char *key, const pcf__res_factor_spec *s)
{
    uint32_t idx;
    if (key && pcf__smap_get(&c->factor_keys, key, &idx))
        return idx;
    if (!PCF__GROW(c->finfo, c->n_finfo, c->cap_finfo) ||
        !PCF__GROW(c->fparam, c->n_finfo, c->cap_fparam)) {
        c->ds.nomem = 1;
        return UINT32_MAX;
    }
    idx = (uint32_t)c->n_finfo;
    uint32_t param = pcf__res_add_param(c, s->value, s->dist, s->p, PCF__PARAM_FACTOR, idx);
    if (param == PCF__NO_PARAM)
        return UINT32_MAX;
    pcf__factor_info *f = &c->finfo[idx];
    f->origin = s->origin;
    f->code = pcf__res_keep(c, s->code);
    f->name = pcf__res_keep(c, s->name);
    f->unit = pcf__res_keep(c, s->unit);
    f->dataset = pcf__res_keep(c, s->dataset);
    f->dataset_version = pcf__res_keep(c, s->dataset_version);
    f->layer = pcf__res_keep(c, s->layer);
    f->region_requested = pcf__res_keep(c, s->region_requested);
    f->region_used = pcf__res_keep(c, s->region_used);
    f->gwp_basis = pcf__res_keep(c, s->gwp_basis);
    f->fallback_taken = s->fallback_taken;
    f->per = pcf__res_unit_of(s->unit);
    f->n_gas = s->n_gas;
    f->gas_off = c->n_gas;
    f->lci_db = s->lci_db ? pcf__res_keep(c, s->lci_db) : NULL;
    f->lci_gwp = s->lci_gwp;
    for (size_t i = 0; i < s->n_gas; i++) {
        if (!PCF__GROW(c->gas, c->n_gas, c->cap_gas) ||
            !PCF__GROW(c->gas_kg, c->n_gas, c->cap_gas_kg)) {
            c->ds.nomem = 1;
            return UINT32_MAX;
        }
        c->gas[c->n_gas] = s->gases[i];
        c->gas_kg[c->n_gas] = s->kg[i];
        c->n_gas++;
    }
    c->fparam[idx] = param;
    c->n_finfo++;
    if (key && !pcf__smap_put(&c->factor_keys, &c->d->strings, key, idx)) {
        c->ds.nomem = 1;
        return UINT32_MAX;
    }
    return idx;
}

/* The index of a role text in the system's table (the resolver's roles are static texts, so the
 * address finds it; the text is compared only for a new address). */
static uint8_t role_index(pcf__res_ctx *c, const char *role)
{
    pcf__sysdata *d = c->d;
    for (size_t i = 0; i < d->n_roles; i++)
        if (d->roles[i] == role)
            return (uint8_t)i;
    for (size_t i = 0; i < d->n_roles; i++)
        if (strcmp(d->roles[i], role) == 0)
            return (uint8_t)i;
    if (d->n_roles == PCF__ROLES_MAX) { /* more roles than the resolver has */
        ERR(c, PCF_ERR_INTERNAL, "$", "more than %d roles of terms", PCF__ROLES_MAX);
        return 0;
    }
    d->roles[d->n_roles] = role;
    return (uint8_t)d->n_roles++;
}

void pcf__res_add_term(pcf__res_ctx *c, double coef, uint32_t amount, uint32_t finfo, int stage,
                       int flow, const char *role, double primary, int credit, int ttw)
{
    if (!PCF__GROW(c->terms, c->n_terms, c->cap_terms) ||
        !PCF__GROW(c->tinfo, c->n_terms, c->cap_tinfo)) {
        c->ds.nomem = 1;
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
    ti->role = role_index(c, role);
    ti->primary = primary;
    ti->factor_info = finfo;
    ti->credit = (uint8_t)credit;
    ti->ttw = (uint8_t)ttw;
    c->n_terms++;
}

uint32_t pcf__res_gwp_factor(pcf__res_ctx *c, pcf_gas gas)
{
    char key[64];
    pcf__res_fmt(key, sizeof key, "gwp:%s", pcf_gas_key(gas));
    double gwp = 0;
    if (pcf_gwp_value(c->gwp, gas, &gwp, NULL) != PCF_OK)
        gwp = NAN;
    double one = 1.0;
    char name[128];
    pcf__res_fmt(name, sizeof name, "%s GWP100 (%s)", pcf_gas_name(gas), pcf_gwp_set_name(c->gwp));
    pcf__res_factor_spec s = {.origin = PCF_ORIGIN_GWP,
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
    return pcf__res_add_factor(c, key, &s);
}

uint32_t pcf__res_carbon_factor(pcf__res_ctx *c)
{
    pcf_gas g = PCF_GAS_CO2_BIOGENIC;
    double one = 1.0;
    pcf__res_factor_spec s = {.origin = PCF_ORIGIN_CARBON,
                              .code = "co2_biogenic",
                              .name = "Biogenic CO2 (44/12 kg CO2 per kg C)",
                              .unit = "kg",
                              .value = 1.0,
                              .n_gas = 1,
                              .gases = &g,
                              .kg = &one};
    return pcf__res_add_factor(c, "carbon", &s);
}

/* The db lookup, cached; returns the lookup entry index or UINT32_MAX on OOM. */
static uint32_t db_lookup(pcf__res_ctx *c, pcf__smap *map, const char *key, const char *code,
                          const char *category, const char *name, const char *region,
                          pcf_dimension dim)
{
    uint32_t idx;
    if (pcf__smap_get(map, key, &idx))
        return idx;
    if (!PCF__GROW(c->lookups, c->n_lookups, c->cap_lookups)) {
        c->ds.nomem = 1;
        return UINT32_MAX;
    }
    pcf__res_lookup *l = &c->lookups[c->n_lookups];
    pcf_error e;
    l->f = NULL;
    l->finfo = UINT32_MAX;
    l->message = NULL;
    if (code)
        l->st = pcf_db_get_factor(c->db, code, &l->f, &e);
    else
        l->st = pcf_db_resolve_dim(c->db, category, name, region, dim, &l->f, &e);
    l->regimes = pcf_factor_regimes(l->f);
    if (l->st != PCF_OK) {
        l->message = pcf__strdup(e.message);
        if (!l->message)
            c->ds.nomem = 1;
    }
    idx = (uint32_t)c->n_lookups++;
    if (!pcf__smap_put(map, &c->d->strings, key, idx))
        c->ds.nomem = 1;
    return idx;
}

/* Turns a database factor into a factor info (restating CO2e in the system's GWP set). */
static uint32_t db_factor(pcf__res_ctx *c, const pcf_factor *f, const char *path)
{
    char key[512];
    pcf__res_fmt(key, sizeof key, "db:%s:%s:%s", pcf_factor_layer(f), pcf_factor_code(f),
                 pcf_factor_region_requested(f));
    uint32_t idx;
    if (pcf__smap_get(&c->factor_keys, key, &idx))
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
    pcf__res_fmt(basis, sizeof basis, "%s", set ? pcf_gwp_set_name((pcf_gwp_set)set) : "");
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
        pcf__res_fmt(basis, sizeof basis, "CO2 only");
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
    /* a solved process of an LCI database: category "lci", code "<dataset>:<process id>" */
    const char *ds = pcf_factor_dataset(f);
    size_t dl = strlen(ds);
    int lci = strcmp(pcf_factor_category(f), "lci") == 0 && dl > 0 &&
              strncmp(pcf_factor_code(f), ds, dl) == 0 && pcf_factor_code(f)[dl] == ':';
    pcf__res_factor_spec s = {.origin = PCF_ORIGIN_DATABASE,
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
                              .kg = kg,
                              .lci_db = lci ? ds : NULL,
                              .lci_gwp = set};
    idx = pcf__res_add_factor(c, key, &s);
    if (idx != UINT32_MAX && s.fallback_taken)
        NOTE(c, path, "factor %s: region %s was asked for, %s was used (fallback)",
             pcf_factor_code(f), s.region_requested, s.region_used);
    return idx;
}

/* A factor outside the calculation's regime (pcf/regime.h): an error naming the activity and the
 * factor, or, when the model allows it, a warning counted for the result's note. 1 = go on. */
static int regime_allows(pcf__res_ctx *c, json_t *act, const pcf_factor *f, const char *path)
{
    const char *an = json_string_value(pcf__res_member(c, act, "name"));
    const char *why = strcmp(pcf_factor_category(f), "cbam_default") == 0
                          ? "a CBAM default value (embedded emissions by CBAM's boundary, without "
                            "transport or later stages), not a cradle-to-gate product footprint"
                          : "a factor of another regime";
    const char *reg = pcf_regime_name((pcf_regime)c->regime);
    if (c->allow_out_of_regime) {
        WARN(c, path,
             "activity \"%s\" uses factor %s, valid in the %s regime only: %s; allowed "
             "by \"allow_out_of_regime\"",
             an ? an : "", pcf_factor_code(f), pcf_factor_regimes_text(f), why);
        c->n_out_of_regime++;
        return 1;
    }
    ERR(c, PCF_ERR_INVALID_MODEL, path,
        "activity \"%s\" uses factor %s, valid in the %s regime only, in this %s calculation: it "
        "is %s. Choose a factor valid in %s (pcf factors search shows each row's regime), or set "
        "\"allow_out_of_regime\": true (pcf calc --allow-out-of-regime) to use it with a warning "
        "recorded in the result",
        an ? an : "", pcf_factor_code(f), pcf_factor_regimes_text(f), reg, why, reg);
    return 0;
}

/* An own factor {"value", "unit", ...} of an activity; *primary gets its primary-data weight. */
static uint32_t own_factor(pcf__res_ctx *c, json_t *act, json_t *ref, const char *sp,
                           double *primary)
{
    pcf__res_check_keys(c, ref, sp, PCF__IN_OWN_FACTOR);
    double v = 0;
    if (!json_is_number(json_object_get(ref, "value"))) {
        ERR(c, PCF_ERR_INVALID_MODEL, sp, "an own factor's \"value\" must be a number");
        return UINT32_MAX;
    }
    v = json_number_value(json_object_get(ref, "value"));
    const char *unit = pcf__res_get_str(c, ref, "unit", sp, 1);
    if (!unit)
        return UINT32_MAX;
    double kg = 0;
    const pcf_unit *per = NULL;
    int co2 = 0;
    pcf_error e;
    char up[PCF_ERROR_PATH_SIZE];
    pcf__res_sub(up, sizeof up, sp, "unit");
    if (pcf_unit_parse_rate(unit, &kg, &per, &co2, &e) != PCF_OK) {
        ERR(c, PCF_ERR_UNIT, up, "%s", e.message);
        return UINT32_MAX;
    }
    const char *gwp_text = pcf__res_get_str(c, ref, "gwp", sp, 0);
    /* The distribution is written in the factor's own unit ("gCO2e/kWh"); like the value it
     * is scaled to kg CO2e below. A GSD is a ratio and stays as it is. */
    pcf_dist dist;
    double dp[3];
    pcf__res_get_uncertainty(c, ref, sp, v, &dist, dp);
    /* An own factor is primary data unless it says otherwise, or its activity does (a published
     * default entered as a value is secondary data). */
    json_t *flag = json_object_get(ref, "primary");
    json_t *act_flag = pcf__res_member(c, act, "primary");
    if (flag && !json_is_boolean(flag)) {
        char fp[PCF_ERROR_PATH_SIZE];
        pcf__res_sub(fp, sizeof fp, sp, "primary");
        ERR(c, PCF_ERR_INVALID_MODEL, fp, "\"primary\" must be true or false");
    }
    *primary = json_is_boolean(flag)       ? (json_is_true(flag) ? 1.0 : 0.0)
               : json_is_boolean(act_flag) ? (json_is_true(act_flag) ? 1.0 : 0.0)
                                           : 1.0;
    if (!c->build)
        return UINT32_MAX;
    pcf_gas g = PCF_GAS_CO2_FOSSIL;
    double gkg = v * kg;
    const char *source = pcf__res_get_str(c, ref, "source", sp, 0);
    pcf__res_factor_spec s = {.origin = PCF_ORIGIN_OWN,
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
    return pcf__res_add_factor(c, NULL, &s);
}

uint32_t pcf__res_resolve_slot(pcf__res_ctx *c, json_t *act, const char *slot, const char *path,
                               pcf_dimension dim, double act_prim, double *primary)
{
    /* the slot's path is built on first use: most references need it only for a problem */
    char p_[PCF_ERROR_PATH_SIZE];
    p_[0] = '\0';
#define SLOT_PATH (p_[0] ? p_ : (pcf__res_sub(p_, sizeof p_, path, slot), p_))
    json_t *ref = pcf__res_member(c, act, slot);
    *primary = act_prim;
    if (!ref)
        return UINT32_MAX;
    if (json_is_object(ref) && json_object_get(ref, "value"))
        return own_factor(c, act, ref, SLOT_PATH, primary);
    const char *code = NULL, *category = NULL, *name = NULL, *region = c->region;
    if (json_is_string(ref)) {
        code = json_string_value(ref);
        if (!*code) {
            ERR(c, PCF_ERR_INVALID_MODEL, SLOT_PATH, "the factor code is empty");
            return UINT32_MAX;
        }
    } else if (json_is_object(ref) &&
               (json_object_get(ref, "category") || json_object_get(ref, "name"))) {
        pcf__res_check_keys(c, ref, SLOT_PATH, PCF__IN_LOOKUP);
        category = pcf__res_get_str(c, ref, "category", SLOT_PATH, 1);
        name = pcf__res_get_str(c, ref, "name", SLOT_PATH, 1);
        const char *r = pcf__res_get_str(c, ref, "region", SLOT_PATH, 0);
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
    /* a code is its own key (no copy per activity); a lookup's key is its four parts */
    char key[1024];
    if (!code)
        pcf__res_fmt(key, sizeof key, "%s\x1f%s\x1f%s\x1f%d", category, name, region ? region : "",
                     (int)dim);
    uint32_t li = code ? db_lookup(c, &c->code_keys, code, code, NULL, NULL, NULL, dim)
                       : db_lookup(c, &c->lookup_keys, key, NULL, category, name, region, dim);
    if (li == UINT32_MAX)
        return UINT32_MAX;
    pcf__res_lookup *l = &c->lookups[li];
    if (!l->f) {
        ERR(c, l->st, SLOT_PATH, "%s", l->message ? l->message : "factor not found");
        return UINT32_MAX;
    }
    if (!(l->regimes & (1u << c->regime)) && !regime_allows(c, act, l->f, SLOT_PATH))
        return UINT32_MAX;
    if (l->finfo == UINT32_MAX)
        l->finfo = db_factor(c, l->f, SLOT_PATH);
    return l->finfo;
#undef SLOT_PATH
}

/* Converts an activity unit to the factor's unit, reporting a mismatch. NaN on failure. */
double pcf__res_to_factor_unit(pcf__res_ctx *c, const pcf_unit *from, uint32_t fi, const char *path,
                               const char *slot)
{
    const pcf_unit *to = c->finfo[fi].per;
    double f = (from && to) ? pcf__res_conv(from, to) : NAN;
    if (isnan(f)) {
        char p[PCF_ERROR_PATH_SIZE];
        pcf__res_sub(p, sizeof p, path, "unit");
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
