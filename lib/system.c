/*
 * pcf — resolution: model + factor database → system, and the validation of a
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
#include "system_resolve.h"

#ifdef __GLIBC__
#include <malloc.h> /* malloc_trim */
#endif

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    free(d->dq);
    free(d->prod_ids);
    free(d->prod_mult);
    free(d->factors);
    free(d->terms);
    free(d->gas);
    free(d->gas_kg);
    free(d->notes);
    free(d);
}

/* The model's regime (pcf/regime.h) and whether factors outside it are allowed. */
static void walk_regime(pcf__res_ctx *c)
{
    json_t *root = c->m->root;
    const char *r = pcf__res_get_str(c, root, "regime", "$", 0);
    pcf_regime reg = PCF_REGIME_ISO14067;
    pcf_error e;
    if (r && pcf_regime_parse(r, &reg, &e) != PCF_OK)
        ERR(c, PCF_ERR_INVALID_MODEL, "$.regime", "%s", e.message);
    else if (reg == PCF_REGIME_CBAM)
        ERR(c, PCF_ERR_INVALID_MODEL, "$.regime",
            "the cbam regime takes an installation document (pcf cbam calc, "
            "docs/cbam-format.md), not a product model");
    c->regime = (int)reg;
    json_t *allow = json_object_get(root, "allow_out_of_regime");
    if (allow && !json_is_boolean(allow))
        ERR(c, PCF_ERR_INVALID_MODEL, "$.allow_out_of_regime",
            "\"allow_out_of_regime\" is true or false");
    c->allow_out_of_regime = json_is_true(allow);
    if (reg == PCF_REGIME_EU_BATTERY) /* the declaration's rules, in the same problem list */
        pcf__battery_check(c->m, &c->ds);
    if (json_object_get(root, "battery") && reg != PCF_REGIME_EU_BATTERY)
        WARN(c, "$.battery",
             "the \"battery\" section is read only in the eu-battery regime (\"regime\": "
             "\"eu-battery\" or pcf calc --regime eu-battery)");
}

/* The model's settings: boundary, GWP set, region, recycling method. */
static void walk_settings(pcf__res_ctx *c)
{
    json_t *root = c->m->root;
    pcf__res_check_keys(c, root, "$", PCF__IN_TOP);
    const char *b = pcf__res_get_str(c, root, "boundary", "$", 0);
    c->boundary = PCF_BOUNDARY_CRADLE_TO_GRAVE;
    if (b) {
        if (strcmp(b, "cradle-to-gate") == 0)
            c->boundary = PCF_BOUNDARY_CRADLE_TO_GATE;
        else if (strcmp(b, "cradle-to-grave") != 0)
            ERR(c, PCF_ERR_INVALID_MODEL, "$.boundary",
                "boundary \"%s\" is not \"cradle-to-grave\" or \"cradle-to-gate\"", b);
    }
    const char *g = pcf__res_get_str(c, root, "gwp", "$", 0);
    pcf_gwp_set model_gwp = PCF_GWP_DEFAULT;
    if (g) {
        pcf_error e;
        if (pcf_gwp_set_parse(g, &model_gwp, &e) != PCF_OK)
            ERR(c, PCF_ERR_INVALID_MODEL, "$.gwp", "%s", e.message);
    }
    if (!c->gwp)
        c->gwp = model_gwp;
    c->region = pcf__res_get_str(c, root, "region", "$", 0);
    const char *rm = pcf__res_get_str(c, root, "recycling_method", "$", 0);
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
    pcf__res_get_str(c, root, "description", "$", 0);
    walk_regime(c);
}

/* Activities freed before the first return of freed memory to the system when the walk
 * consumes the model; the next come after twice as many each time, and one at the end. */
#define CONSUME_FIRST_TRIM 16384

/* Hands the pages of what the walk freed back to the system (glibc: malloc_trim, which walks
 * malloc's free lists, so not after every activity). */
static void consume_trim(void)
{
#ifdef __GLIBC__
    malloc_trim(0); /* allowed: returns free pages, changes no setting */
#endif
}

/*
 * pcf_system_resolve_take(): activity k of the stage array arr is resolved and nothing reads it
 * again, so its object goes now. Freed memory is reused by the arena, but the system's big
 * arrays come from mmap and the result's too: without handing the tree's pages back to the
 * system as the walk goes, the process would hold the freed tree and the new arrays at once.
 * The trims come after 16,384, 32,768, 65,536 ... activities (a trim walks every free chunk,
 * so trimming at a fixed step would cost time quadratic in the model's size), and once more at
 * the end of the walk.
 */
static void consume(pcf__res_ctx *c, json_t *arr, size_t k)
{
    json_array_set_new(arr, k, json_null()); /* a constant: cannot fail */
    if (++c->consumed >= CONSUME_FIRST_TRIM && (c->consumed & (c->consumed - 1)) == 0)
        consume_trim();
}

/* The activities of stage s of product pf, at sp: from the tree (arr), or read one at a time
 * from the text when the stage array was left there (pcf_system_resolve_file()). 0 when
 * memory ran out. */
static int walk_stage(pcf__res_ctx *c, pcf__res_product *pf, int s, json_t *arr, int lazy,
                      size_t pos, const char *sp)
{
    double share_sum = 0;
    int shares = 0;
    pcf__res_ipath ap;
    pcf__res_ipath_start(&ap, sp);
    for (size_t k = 0; lazy || k < json_array_size(arr); k++, pcf__res_ipath_next(&ap)) {
        json_t *act = NULL;
        if (lazy) {
            if (pcf__json_lazy_next(c->lazy, &pos, &act) != PCF_OK)
                c->ds.nomem = 1;
            if (!act)
                break;
        } else {
            act = json_array_get(arr, k);
        }
        pcf__res_activity(c, pf, s, act, ap.text, k, &share_sum, &shares);
        if (lazy)
            json_decref(act); /* resolved: nothing reads it again */
        if (c->ds.nomem)
            return 0;
        if (c->consume && !lazy)
            consume(c, arr, k);
    }
    if (c->ds.nomem)
        return 0;
    if (shares && fabs(share_sum - 1.0) > 1e-6) {
        pcf__numbuf nb;
        ERR(c, PCF_ERR_INVALID_MODEL, sp,
            "the end-of-life route shares add up to %s, not 1; every kg of the product "
            "must go somewhere",
            pcf__num(&nb, share_sum));
    }
    return 1;
}

/* Activities and purchased parts of every product, stage by stage. */
static void walk_stages(pcf__res_ctx *c)
{
    int build_all = c->build;
    for (size_t i = 0; i < c->n_prods; i++) {
        pcf__res_product *pf = &c->prods[i];
        if (!pf->obj)
            continue;
        c->build = build_all && pf->reachable && !c->had_cycle;
        char path[PCF_ERROR_PATH_SIZE];
        pcf__res_fmt(path, sizeof path, "$.products[%zu].stages", i);
        json_t *stages = json_object_get(pf->obj, "stages");
        if (stages && !json_is_object(stages)) {
            ERR(c, PCF_ERR_INVALID_MODEL, path,
                "\"stages\" must be an object with materials, production, transport, storage, "
                "use, end_of_life");
            continue;
        }
        if (stages)
            pcf__res_check_keys(c, stages, path, PCF__IN_STAGES);
        for (int s = 0; s < PCF_STAGE_COUNT && stages; s++) {
            json_t *arr = json_object_get(stages, pcf__stage_keys[s]);
            size_t pos = 0;
            int lazy = c->lazy && pcf__json_lazy_find(c->lazy, i, s, &pos);
            char sp[PCF_ERROR_PATH_SIZE];
            pcf__res_fmt(sp, sizeof sp, "%s.%s", path, pcf__stage_keys[s]);
            if (!arr && !lazy)
                continue;
            if (!lazy && !json_is_array(arr)) {
                ERR(c, PCF_ERR_INVALID_MODEL, sp, "a stage is an array of activities");
                continue;
            }
            if (!walk_stage(c, pf, s, arr, lazy, pos, sp))
                return;
        }
        json_t *comps = json_object_get(pf->obj, "components");
        for (size_t k = 0; json_is_array(comps) && k < json_array_size(comps); k++) {
            json_t *comp = json_array_get(comps, k);
            if (!json_is_object(comp) || !json_object_get(comp, "supplier_pcf"))
                continue;
            char cp[PCF_ERROR_PATH_SIZE];
            pcf__res_fmt(cp, sizeof cp, "$.products[%zu].components[%zu]", i, k);
            pcf__res_purchased(c, pf, comp, cp, k);
            if (c->ds.nomem)
                return;
        }
    }
    c->build = build_all;
}

static void walk(pcf__res_ctx *c)
{
    walk_settings(c);
    if (pcf__res_products(c))
        walk_stages(c);
}

/* ---- entry points ---- */

static void ctx_free(pcf__res_ctx *c)
{
    pcf__sink_free(&c->ds);
    free(c->prods);
    free(c->params);
    free(c->terms);
    free(c->tinfo);
    free(c->acts);
    free(c->dq);
    free(c->finfo);
    free(c->fparam);
    free(c->gas);
    free(c->gas_kg);
    free(c->notes);
    pcf__smap_free(&c->factor_keys);
    pcf__smap_free(&c->code_keys);
    pcf__smap_free(&c->lookup_keys);
    pcf__smap_free(&c->prod_keys);
    for (size_t i = 0; i < c->n_lookups; i++) {
        pcf_factor_destroy(c->lookups[i].f);
        free(c->lookups[i].message);
    }
    free(c->lookups);
}

static void add_note(pcf__res_ctx *c, const char *text)
{
    if (!PCF__GROW(c->notes, c->n_notes, c->cap_notes)) {
        c->ds.nomem = 1;
        return;
    }
    c->notes[c->n_notes++] = pcf__res_keep(c, text);
}

/* The main product's facts for the result. */
static void main_facts(pcf__res_ctx *c)
{
    pcf__sysdata *d = c->d;
    json_t *main = c->prods[0].obj;
    json_t *name = json_object_get(main, "name");
    d->name_en =
        pcf__res_keep(c, json_is_string(name) ? json_string_value(name)
                                              : json_string_value(json_object_get(name, "en")));
    d->name_zh = pcf__res_keep(c, json_string_value(json_object_get(name, "zh")));
    json_t *du = json_object_get(main, "declared_unit");
    d->declared_amount = json_number_value(json_object_get(du, "amount"));
    const pcf_unit *u = pcf__res_unit_of(json_string_value(json_object_get(du, "unit")));
    d->declared_unit = pcf__res_keep(c, pcf_unit_symbol(u));
    d->declared_description =
        pcf__res_keep(c, json_string_value(json_object_get(du, "description")));
    d->mass_kg = c->prods[0].mass_kg * c->prods[0].scale;
    d->boundary = (int)c->boundary;
    d->gwp = (int)c->gwp;
    d->method = (int)c->method;
    /* every product's id and multiplier, which its activities' records show */
    d->prod_ids =
        calloc(c->n_prods, sizeof *d->prod_ids); /* n_prods >= 1: prods[0] is read above */
    d->prod_mult = calloc(c->n_prods, sizeof *d->prod_mult);
    if (!d->prod_ids || !d->prod_mult) {
        c->ds.nomem = 1;
        return;
    }
    for (size_t i = 0; i < c->n_prods; i++) {
        d->prod_ids[i] = pcf__res_keep(c, c->prods[i].id);
        d->prod_mult[i] = c->prods[i].mult;
    }
    d->product_id = d->prod_ids[0]; /* the main product is products[0] */
}

/* The notes of the result: boundary, recycling method, allocations, mixed GWP sets. */
static void result_notes(pcf__res_ctx *c)
{
    if (c->boundary == PCF_BOUNDARY_CRADLE_TO_GATE) {
        size_t excluded = 0;
        for (size_t i = 0; i < c->n_acts; i++)
            excluded += !c->acts[i].included;
        char note[256];
        pcf__res_fmt(note, sizeof note,
                     "Boundary cradle-to-gate (a partial CFP): the use and end-of-life stages are "
                     "excluded%s.",
                     excluded ? "; their activities are listed but not counted" : "");
        add_note(c, note);
    }
    {
        char note[256];
        pcf__res_fmt(
            note, sizeof note,
            "Recycling method: %s (reuse and recycling allocation of ISO 14044:2006, 4.3.4.3, "
            "adopted by ISO 14067:2018; Circular Footprint Formula of Commission "
            "Recommendation (EU) 2021/2279, Annex I).",
            pcf_recycling_method_name(c->method));
        add_note(c, note);
    }
    for (size_t i = 0; i < c->n_prods; i++) {
        json_t *al = c->prods[i].obj ? json_object_get(c->prods[i].obj, "allocation") : NULL;
        if (!al || !c->prods[i].reachable)
            continue;
        char note[256];
        pcf__numbuf nb;
        pcf__res_fmt(
            note, sizeof note,
            "Co-product allocation: the production stage of \"%s\" carries %s of the process "
            "burdens (%s allocation).",
            c->prods[i].id, pcf__num(&nb, c->prods[i].alloc),
            json_string_value(json_object_get(al, "basis")));
        add_note(c, note);
    }
    if (c->n_out_of_regime) {
        char note[320];
        pcf__res_fmt(note, sizeof note,
                     "%zu factor use(s) fall outside the %s regime and were allowed by the "
                     "model (\"allow_out_of_regime\"); see the warnings naming each activity.",
                     c->n_out_of_regime, pcf_regime_name((pcf_regime)c->regime));
        add_note(c, note);
    }
    if (c->n_gwp_mixed) {
        char note[256];
        pcf__res_fmt(
            note, sizeof note,
            "%zu database factor(s) are published in CO2e of another GWP set without a per-gas "
            "split; they are used as published in this %s result (see the audit trail's GWP "
            "basis).",
            c->n_gwp_mixed, pcf_gwp_set_name(c->gwp));
        WARN(c, NULL, "%s", note);
        add_note(c, note);
    }
}

/* run()'s reading of a model whose stage arrays stay in its text (pcf_system_resolve_file()),
 * NULL for a model read in full. */
typedef struct {
    pcf__json_lazy *lazy;
    const char *text; /* the model's text, for locating diagnostics */
} run_text;

static pcf_status run(const pcf_model *model, pcf_db *db, pcf_gwp_set gwp, int build, int consume,
                      const run_text *rt, pcf_diag *diag, pcf_system **out, pcf_error *err)
{
    pcf__res_ctx c;
    memset(&c, 0, sizeof c);
    c.m = model;
    c.db = db;
    c.ds.diag = diag;
    c.ds.err = err;
    pcf__sink_of_model(&c.ds, model);
    c.ds.file = model->filename && *model->filename ? model->filename : NULL;
    size_t n_acts = model->n_acts;
    if (rt) { /* the text is here: diagnostics are located in it, not in the file read again */
        c.ds.source = rt->text;
        c.ds.reread_file = NULL;
        c.lazy = rt->lazy;
        n_acts += pcf__json_lazy_total(rt->lazy);
    }
    c.build = build;
    c.validate_only = !build;
    c.gwp = gwp;
    c.consume = consume;
    c.d = calloc(1, sizeof *c.d);
    if (!c.d)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory resolving the model");
    atomic_init(&c.d->refs, 1);
    pcf_error_clear(err);
    /* one activity, one amount and usually one term per indexed activity: sized once, not by
     * doubling (sub-assemblies and multi-term activities still grow them). The factors'
     * parameters come on top of the amounts': a quarter more is room for them in all but odd
     * models, and costs nothing until it is written (a block this size is mapped on demand). */
    if (build && n_acts > 64 &&
        (!PCF__RESERVE(c.acts, c.cap_acts, n_acts) ||
         !PCF__RESERVE(c.params, c.cap_params, n_acts + n_acts / 4 + 64) ||
         !PCF__RESERVE(c.terms, c.cap_terms, n_acts) ||
         !PCF__RESERVE(c.tinfo, c.cap_tinfo, n_acts)))
        c.ds.nomem = 1;
    else
        walk(&c);
    if (c.consumed >= CONSUME_FIRST_TRIM)
        consume_trim(); /* what was freed since the last trim */

    if (c.ds.nomem) {
        ctx_free(&c);
        pcf__sysdata_release(c.d);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory resolving the model");
    }
    if (c.ds.n_errors) {
        ctx_free(&c);
        pcf__sysdata_release(c.d);
        if (err && c.ds.n_errors > 1) {
            char more[64];
            pcf__res_fmt(more, sizeof more, " (and %zu more problems)", c.ds.n_errors - 1);
            size_t len = strlen(err->message);
            if (len + strlen(more) < sizeof err->message)
                memcpy(err->message + len, more, strlen(more) + 1);
        }
        return c.ds.first;
    }
    if (!build) {
        ctx_free(&c);
        pcf__sysdata_release(c.d);
        return PCF_OK;
    }

    pcf__sysdata *d = c.d;
    main_facts(&c);
    result_notes(&c);
    if (c.ds.nomem) {
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
    atomic_init(&sys->refs, 1);
    sys->core.n_params = c.n_params;
    sys->core.params = c.params;
    sys->core.n_terms = c.n_terms;
    sys->core.terms = c.terms;
    sys->core.n_activities = c.n_acts;
    d->acts = c.acts;
    d->dq = c.dq;
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
    c.dq = NULL;
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
    pcf_status st = run(model, NULL, (pcf_gwp_set)0, 0, 0, NULL, diag, NULL, err);
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
    return run(model, db, gwp, 1, 0, NULL, diag, out, err);
}

pcf_status pcf_system_resolve_take(pcf_model *model, pcf_db *db, pcf_gwp_set gwp, pcf_diag *diag,
                                   pcf_system **out, pcf_error *err)
{
    if (out)
        *out = NULL;
    pcf_status st;
    if (!model || !out)
        st = pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_system_resolve_take: NULL argument");
    else if (gwp != 0 && !pcf_gwp_set_name(gwp))
        st = pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_system_resolve_take: invalid GWP set %d",
                        (int)gwp);
    else
        st = run(model, db, gwp, 1, 1, NULL, diag, out, err);
    pcf_model_destroy(model);
    return st;
}

pcf_status pcf_system_resolve_file(pcf_model_file *file, pcf_db *db, pcf_gwp_set gwp,
                                   pcf_diag *diag, pcf_system **out, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!file || !out || (gwp != 0 && !pcf_gwp_set_name(gwp))) {
        pcf_model_file_close(file);
        if (!file || !out)
            return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_system_resolve_file: NULL argument");
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_system_resolve_file: invalid GWP set %d",
                          (int)gwp);
    }
    if (pcf_model_file_regime(file) == PCF_REGIME_EU_BATTERY) {
        /* the battery rules read the activities from the tree: the model read in full */
        pcf_model *m = NULL;
        pcf_status st = pcf_model_file_model(file, &m, err);
        return st != PCF_OK ? st : pcf_system_resolve_take(m, db, gwp, diag, out, err);
    }
    run_text rt = {file->lazy, file->text};
    /* what the walk reads from the tree goes with it (consume) */
    pcf_status st = run(file->model, db, gwp, 1, 1, &rt, diag, out, err);
    pcf_model_file_close(file);
    return st;
}

void pcf__system_retain(const pcf_system *sys)
{
    /* the count is the one member a shared, otherwise immutable system changes */
    atomic_fetch_add(&((pcf_system *)sys)->refs, 1);
}

void pcf_system_destroy(pcf_system *sys)
{
    if (!sys || atomic_fetch_sub(&sys->refs, 1) != 1)
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

const char *pcf__activity_path(const pcf__sysdata *d, size_t n_acts, size_t i, char *buf,
                               size_t size)
{
    if (!buf || size == 0)
        return "";
    buf[0] = '\0';
    if (!d || i >= n_acts)
        return buf;
    const pcf__activity_info *a = &d->acts[i];
    char head[PCF_ERROR_PATH_SIZE];
    if (a->is_part)
        pcf__res_fmt(head, sizeof head, "$.products[%u].components", (unsigned)a->product);
    else
        pcf__res_fmt(head, sizeof head, "$.products[%u].stages.%s", (unsigned)a->product,
                     pcf__stage_keys[a->stage]);
    pcf__res_index(buf, size, head, a->path_index);
    return buf;
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
        char path[PCF_ERROR_PATH_SIZE];
        pcf__res_fmt(buf, size, "amount of %s (%s)", d->acts[p->label].name,
                     pcf__activity_path(d, sys->core.n_activities, p->label, path, sizeof path));
    } else if (p->kind == PCF__PARAM_FACTOR && p->label < d->n_factors) {
        const pcf__factor_info *f = &d->factors[p->label];
        pcf__res_fmt(buf, size, "factor %s%s%s", f->code, *f->code ? ": " : "", f->name);
    }
    return buf;
}
