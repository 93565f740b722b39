/*
 * pcf — the deterministic footprint: one pass over a system's terms, and the
 * result's accessors and JSON form. GPL-3.0-or-later; see LICENSE.
 */
#include "system_data.h"

#include "model_internal.h"
#include "util.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

struct pcf_result {
    const pcf_system *sys; /* retained: the records are built from its arrays on demand */
    const pcf__sysdata *d; /* sys->data: strings and metadata */
    double total;
    double stage[PCF_STAGE_COUNT];
    double stage_flow[PCF_STAGE_COUNT][PCF_FLOW_COUNT];
    double flow[PCF_FLOW_COUNT];
    double credits, ttw, unspecified, primary_share;
    double dq[5], dq_coverage; /* emission-weighted ratings (pcf_result_dq_rating) */
    int ttw_complete;
    size_t n_lines, n_acts;
    /* The compact core: per activity its kg CO2e (the sum of its lines), and the sum of its
     * tank-to-wheel lines (NULL when the system has none). Everything else an activity record
     * or an audit line shows is read from the system when asked. */
    double *act_kg;
    double *act_ttw;
    pcf_gas_result *gases;
    size_t n_gases;
    pcf_dataset_ref *datasets;
    size_t n_datasets;
    /* The arrays of pcf_result_activity_at() and pcf_result_line_at(), made on the first call
     * of each: read with acquire, made and published under the lock (the result is shared
     * between threads as an immutable value). */
    pthread_mutex_t lazy_lock;
    int lazy_lock_made;
    _Atomic(void *) acts;
    _Atomic(void *) lines;
    pcf__arena paths; /* the JSON paths of the records of acts */
};

/*
 * The product's data-quality ratings: each indicator the average of the included activities'
 * scores weighted by their absolute emissions (PACT Technical Specifications v3: DQRs as the
 * emission-weighted average over the inputs), over the activities that have scores; the
 * coverage is the share of the absolute emissions those activities carry. The same pass notes a
 * transport leg whose TTW part is unknown (the TTW total is then incomplete).
 */
static void activity_pass(pcf_result *r)
{
    double sum[5] = {0}, weight = 0, all = 0;
    for (size_t i = 0; i < r->n_acts; i++) {
        const pcf__activity_info *ai = &r->d->acts[i];
        if (!ai->included)
            continue;
        if (ai->is_leg && !ai->ttw_known)
            r->ttw_complete = 0;
        double w = fabs(r->act_kg[i]);
        all += w;
        if (ai->dq == PCF__NO_DQ || w == 0)
            continue;
        weight += w;
        for (int k = 0; k < 5; k++)
            sum[k] += w * r->d->dq[ai->dq].s[k];
    }
    for (int k = 0; k < 5; k++)
        r->dq[k] = weight > 0 ? sum[k] / weight : NAN;
    r->dq_coverage = all > 0 ? weight / all : 0;
}

/* The data-quality indicators' JSON keys, in pcf_dq_indicator order. */
static const char *const dq_keys[5] = {"reliability", "completeness", "temporal", "geographical",
                                       "technological"};

const char *pcf_factor_origin_name(pcf_factor_origin o)
{
    switch (o) {
    case PCF_ORIGIN_DATABASE:
        return "database";
    case PCF_ORIGIN_OWN:
        return "own";
    case PCF_ORIGIN_GWP:
        return "gwp";
    case PCF_ORIGIN_SUPPLIER_PCF:
        return "supplier_pcf";
    case PCF_ORIGIN_CARBON:
        return "carbon";
    }
    return NULL;
}

/* The record of activity i: its facts from the system, its kg CO2e from the result; its path
 * (made now: systems keep none) is the caller's. */
static void build_activity(const pcf_result *r, size_t i, pcf_activity_result *a, const char *path)
{
    const pcf__activity_info *ai = &r->d->acts[i];
    a->product_id = r->d->prod_ids[ai->product];
    a->name = ai->name;
    a->path = path;
    a->stage = (pcf_stage)ai->stage;
    a->included = ai->included;
    a->amount = ai->amount;
    a->unit = ai->unit;
    a->multiplier = r->d->prod_mult[ai->product];
    a->kg_co2e = r->act_kg[i];
    /* a leg's TTW part is the sum of its TTW lines, from 0; NaN when not known */
    a->ttw_kg_co2e = ai->is_leg && ai->ttw_known ? (r->act_ttw ? r->act_ttw[i] : 0.0) : NAN;
    a->primary = ai->primary;
    for (int k = 0; k < 5; k++)
        a->dq[k] = ai->dq == PCF__NO_DQ ? NAN : r->d->dq[ai->dq].s[k];
}

/* quantity = coef × amount and kg = quantity × factor of term t, in this order, so a line
 * built on demand carries the very numbers the totals summed. */
static double term_kg(const pcf__system_core *core, size_t t, double *quantity, double *factor)
{
    const pcf__term *term = &core->terms[t];
    double amount = term->amount == PCF__NO_PARAM ? 1.0 : core->params[term->amount].value;
    *factor = term->factor == PCF__NO_PARAM ? 1.0 : core->params[term->factor].value;
    *quantity = term->coef * amount;
    return *quantity * *factor;
}

/* Audit line t, from the system's term t, its metadata and its factor's. */
static void build_line(const pcf_result *r, size_t t, pcf_audit_line *l)
{
    const pcf__system_core *core = &r->sys->core;
    const pcf__term *term = &core->terms[t];
    const pcf__term_info *ti = &r->d->terms[t];
    const pcf__factor_info *fi = &r->d->factors[ti->factor_info];
    l->kg_co2e = term_kg(core, t, &l->quantity, &l->factor_kg_co2e);
    l->activity = term->activity;
    l->role = r->d->roles[ti->role];
    l->flow = (pcf_flow)term->flow;
    l->factor_unit = fi->unit;
    l->origin = (pcf_factor_origin)fi->origin;
    l->factor_code = fi->code;
    l->factor_name = fi->name;
    l->dataset = fi->dataset;
    l->dataset_version = fi->dataset_version;
    l->layer = fi->layer;
    l->region_requested = fi->region_requested;
    l->region_used = fi->region_used;
    l->fallback_taken = fi->fallback_taken;
    l->gwp_basis = fi->gwp_basis;
    l->primary = ti->primary > 0;
    l->stage = (pcf_stage)term->stage;
}

const pcf_activity_result *pcf__result_activity(const pcf_result *r, size_t i,
                                                pcf__activity_rec *out)
{
    if (!r || !out || i >= r->n_acts)
        return NULL;
    build_activity(r, i, &out->a,
                   pcf__activity_path(r->d, r->n_acts, i, out->path, sizeof out->path));
    return &out->a;
}

const pcf_audit_line *pcf__result_line(const pcf_result *r, size_t i, pcf_audit_line *out)
{
    if (!r || !out || i >= r->n_lines)
        return NULL;
    build_line(r, i, out);
    return out;
}

double pcf__result_activity_kg(const pcf_result *r, size_t i)
{
    return r && i < r->n_acts ? r->act_kg[i] : 0;
}

/* Per factor: the audit lines it serves and the first of them (for the datasets' order). */
typedef struct factor_use {
    size_t lines, first;
} factor_use;

/* Sums of the primary-data share: emissions from primary data and all emissions. */
typedef struct primary_sums {
    double primary, base;
} primary_sums;

/* Adds term t to the totals of r, to gas_kg (kg per gas kind), to use and to ps. 0, or -1 when
 * out of memory. */
static int add_term(pcf_result *r, const pcf__system_core *core, size_t t, double *gas_kg,
                    factor_use *use, primary_sums *ps)
{
    const pcf__sysdata *d = r->d;
    const pcf__term *term = &core->terms[t];
    const pcf__term_info *ti = &d->terms[t];
    const pcf__factor_info *fi = &d->factors[ti->factor_info];
    double quantity, factor;
    double kg = term_kg(core, t, &quantity, &factor);

    r->total += kg;
    r->stage[term->stage] += kg;
    r->stage_flow[term->stage][term->flow] += kg;
    r->flow[term->flow] += kg;
    r->act_kg[term->activity] += kg;
    if (ti->credit)
        r->credits += kg;
    if (ti->ttw) {
        if (!r->act_ttw && !(r->act_ttw = calloc(r->n_acts, sizeof *r->act_ttw)))
            return -1;
        r->ttw += kg;
        r->act_ttw[term->activity] += kg;
    }
    /* PACT primaryDataShare: share of primary data in the emissions (removals and credits
     * are not emissions) */
    if (term->flow != PCF_FLOW_BIOGENIC_REMOVAL && !ti->credit && kg > 0) {
        ps->base += kg;
        ps->primary += kg * ti->primary;
    }
    if (fi->n_gas) {
        for (size_t g = 0; g < fi->n_gas; g++)
            gas_kg[d->gas[fi->gas_off + g]] += quantity * d->gas_kg[fi->gas_off + g];
    } else {
        r->unspecified += kg;
    }
    if (use[ti->factor_info].lines++ == 0)
        use[ti->factor_info].first = t;
    return 0;
}

/* A database factor in use: its first audit line and its index. */
typedef struct first_use {
    size_t first, factor;
} first_use;

static int by_first_line(const void *a, const void *b)
{
    size_t x = ((const first_use *)a)->first, y = ((const first_use *)b)->first;
    return (x > y) - (x < y);
}

/* The datasets of the database factors used, in the order of their first audit line (as the
 * lines name them), with the number of lines each served. 0, or -1 when out of memory. */
static int count_datasets(pcf_result *r, const factor_use *use)
{
    const pcf__sysdata *d = r->d;
    size_t n = 0;
    for (size_t f = 0; f < d->n_factors; f++)
        n += use[f].lines && d->factors[f].origin == PCF_ORIGIN_DATABASE;
    first_use *order = malloc((n ? n : 1) * sizeof *order);
    r->datasets = calloc(n ? n : 1, sizeof *r->datasets);
    if (!order || !r->datasets) {
        free(order);
        return -1;
    }
    n = 0;
    for (size_t f = 0; f < d->n_factors; f++)
        if (use[f].lines && d->factors[f].origin == PCF_ORIGIN_DATABASE)
            order[n++] = (first_use){use[f].first, f};
    /* qsort is not stable, but no two factors share a first line */
    qsort(order, n, sizeof *order, by_first_line);
    for (size_t j = 0; j < n; j++) {
        const pcf__factor_info *fi = &d->factors[order[j].factor];
        size_t k = 0;
        while (k < r->n_datasets && (strcmp(r->datasets[k].name, fi->dataset) != 0 ||
                                     strcmp(r->datasets[k].version, fi->dataset_version) != 0))
            k++;
        if (k == r->n_datasets) {
            r->datasets[k].name = fi->dataset;
            r->datasets[k].version = fi->dataset_version;
            r->n_datasets++;
        }
        r->datasets[k].lines += use[order[j].factor].lines;
    }
    free(order);
    return 0;
}

/* Finite inputs can still overflow (1e308 kg × 10 kg CO2e/kg): refuses, naming a culprit. */
static pcf_status not_finite(const pcf_result *r, pcf_error *err)
{
    const pcf__system_core *core = &r->sys->core;
    const char *path = "";
    char where[PCF_ERROR_PATH_SIZE];
    for (size_t t = 0; t < r->n_lines; t++) {
        double q, f;
        if (!isfinite(term_kg(core, t, &q, &f))) {
            path =
                pcf__activity_path(r->d, r->n_acts, core->terms[t].activity, where, sizeof where);
            break;
        }
    }
    pcf__error(err, PCF_ERR_INVALID_ARG,
               "the footprint is not a finite number: an amount or factor is far out of range");
    pcf__error_where(err, NULL, path, 0, 0);
    return PCF_ERR_INVALID_ARG;
}

/* The gases with a non-zero mass, in gas order, with their CO2e under the system's GWP set. */
static void gas_totals(pcf_result *r, const double *gas_kg, size_t n_gas_kinds, int gwp_set)
{
    for (size_t g = 0; g < n_gas_kinds; g++) {
        if (gas_kg[g] == 0)
            continue;
        double gwp = 0;
        if (pcf_gwp_value((pcf_gwp_set)gwp_set, (pcf_gas)g, &gwp, NULL) != PCF_OK)
            gwp = NAN;
        r->gases[r->n_gases].gas = (pcf_gas)g;
        r->gases[r->n_gases].kg = gas_kg[g];
        r->gases[r->n_gases].kg_co2e = gas_kg[g] * gwp;
        r->n_gases++;
    }
}

/* The sums of r over every term of the system: 0, or -1 when out of memory. */
static int sum_terms(pcf_result *r, const pcf__system_core *core)
{
    size_t n_gas_kinds = pcf_gas_count();
    double *gas_kg = calloc(n_gas_kinds, sizeof *gas_kg);
    factor_use *use = calloc(r->d->n_factors ? r->d->n_factors : 1, sizeof *use);
    r->gases = calloc(n_gas_kinds, sizeof *r->gases);
    int rc = gas_kg && use && r->gases ? 0 : -1;
    primary_sums ps = {0, 0};
    for (size_t t = 0; rc == 0 && t < core->n_terms; t++)
        rc = add_term(r, core, t, gas_kg, use, &ps);
    if (rc == 0)
        rc = count_datasets(r, use);
    r->primary_share = ps.base > 0 ? ps.primary / ps.base : 0.0;
    if (rc == 0)
        gas_totals(r, gas_kg, n_gas_kinds, r->d->gwp);
    free(gas_kg);
    free(use);
    return rc;
}

pcf_status pcf_calculate(const pcf_system *sys, pcf_result **out, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!sys || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_calculate: NULL argument");
    const pcf__system_core *core = &sys->core;
    pcf_result *r = calloc(1, sizeof *r);
    if (!r)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory calculating");
    pcf__system_retain(sys);
    r->sys = sys;
    r->d = sys->data;
    r->n_lines = core->n_terms;
    r->n_acts = core->n_activities;
    r->ttw_complete = 1;
    atomic_init(&r->acts, NULL);
    atomic_init(&r->lines, NULL);
    r->lazy_lock_made = pthread_mutex_init(&r->lazy_lock, NULL) == 0;
    size_t n_kg = r->n_acts ? r->n_acts : 1;
    r->act_kg = n_kg <= SIZE_MAX / sizeof *r->act_kg
                    ? pcf__huge_alloc(n_kg * sizeof *r->act_kg) /* 8 MB at a million */
                    : NULL;
    if (r->act_kg)
        memset(r->act_kg, 0, n_kg * sizeof *r->act_kg);
    if (!r->lazy_lock_made || !r->act_kg || sum_terms(r, core) != 0) {
        pcf_result_destroy(r);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory calculating");
    }
    if (!isfinite(r->total)) {
        pcf_status st = not_finite(r, err);
        pcf_result_destroy(r);
        return st;
    }
    activity_pass(r);
    *out = r;
    return pcf__ok(err);
}

pcf_status pcf_model_calculate(const pcf_model *model, pcf_db *db, pcf_gwp_set gwp, pcf_diag *diag,
                               pcf_result **out, pcf_error *err)
{
    if (out)
        *out = NULL;
    pcf_system *sys = NULL;
    pcf_status st = pcf_system_resolve(model, db, gwp, diag, &sys, err);
    if (st != PCF_OK)
        return st;
    st = pcf_calculate(sys, out, err);
    pcf_system_destroy(sys);
    return st;
}

void pcf_result_destroy(pcf_result *r)
{
    if (!r)
        return;
    free(atomic_load(&r->lines));
    free(atomic_load(&r->acts));
    pcf__arena_free(&r->paths);
    if (r->lazy_lock_made)
        pthread_mutex_destroy(&r->lazy_lock);
    free(r->act_kg);
    free(r->act_ttw);
    free(r->gases);
    free(r->datasets);
    pcf_system_destroy((pcf_system *)r->sys);
    free(r);
}

const char *pcf_result_product_id(const pcf_result *r)
{
    return r ? r->d->product_id : "";
}

const char *pcf_result_product_name(const pcf_result *r, const char *lang)
{
    if (!r)
        return "";
    if (lang && strcmp(lang, "zh") == 0 && *r->d->name_zh)
        return r->d->name_zh;
    return *r->d->name_en ? r->d->name_en : r->d->product_id;
}

double pcf_result_declared_amount(const pcf_result *r)
{
    return r ? r->d->declared_amount : 0;
}

const char *pcf_result_declared_unit(const pcf_result *r)
{
    return r ? r->d->declared_unit : "";
}

const char *pcf_result_declared_unit_description(const pcf_result *r)
{
    return r ? r->d->declared_description : "";
}

double pcf_result_mass_kg(const pcf_result *r)
{
    return r ? r->d->mass_kg : NAN;
}

pcf_boundary pcf_result_boundary(const pcf_result *r)
{
    return r ? (pcf_boundary)r->d->boundary : PCF_BOUNDARY_CRADLE_TO_GRAVE;
}

pcf_gwp_set pcf_result_gwp(const pcf_result *r)
{
    return r ? (pcf_gwp_set)r->d->gwp : PCF_GWP_DEFAULT;
}

pcf_recycling_method pcf_result_recycling_method(const pcf_result *r)
{
    return r ? (pcf_recycling_method)r->d->method : PCF_RECYCLING_CUT_OFF;
}

double pcf_result_total_kg_co2e(const pcf_result *r)
{
    return r ? r->total : 0;
}

double pcf_result_total_excluding_removals_kg_co2e(const pcf_result *r)
{
    return r ? r->total - r->flow[PCF_FLOW_BIOGENIC_REMOVAL] : 0;
}

double pcf_result_stage_kg_co2e(const pcf_result *r, pcf_stage stage)
{
    return r && (int)stage >= 0 && stage < PCF_STAGE_COUNT ? r->stage[stage] : 0;
}

int pcf_result_stage_included(const pcf_result *r, pcf_stage stage)
{
    if (!r || (int)stage < 0 || stage >= PCF_STAGE_COUNT)
        return 0;
    return !(r->d->boundary == PCF_BOUNDARY_CRADLE_TO_GATE &&
             (stage == PCF_STAGE_USE || stage == PCF_STAGE_END_OF_LIFE));
}

double pcf_result_flow_kg_co2e(const pcf_result *r, pcf_flow flow)
{
    return r && (int)flow >= 0 && flow < PCF_FLOW_COUNT ? r->flow[flow] : 0;
}

double pcf_result_stage_flow_kg_co2e(const pcf_result *r, pcf_stage stage, pcf_flow flow)
{
    if (!r || (int)stage < 0 || stage >= PCF_STAGE_COUNT || (int)flow < 0 || flow >= PCF_FLOW_COUNT)
        return 0;
    return r->stage_flow[stage][flow];
}

double pcf_result_credits_kg_co2e(const pcf_result *r)
{
    return r ? r->credits : 0;
}

double pcf_result_transport_ttw_kg_co2e(const pcf_result *r)
{
    return r ? r->ttw : 0;
}

int pcf_result_transport_ttw_complete(const pcf_result *r)
{
    return r ? r->ttw_complete : 0;
}

double pcf_result_biogenic_carbon_kg(const pcf_result *r)
{
    return r ? r->d->biogenic_carbon_kg : 0;
}

double pcf_result_primary_data_share(const pcf_result *r)
{
    return r ? r->primary_share : 0;
}

double pcf_result_unspecified_kg_co2e(const pcf_result *r)
{
    return r ? r->unspecified : 0;
}

size_t pcf_result_gas_count(const pcf_result *r)
{
    return r ? r->n_gases : 0;
}

const pcf_gas_result *pcf_result_gas_at(const pcf_result *r, size_t i)
{
    return r && i < r->n_gases ? &r->gases[i] : NULL;
}

size_t pcf_result_activity_count(const pcf_result *r)
{
    return r ? r->n_acts : 0;
}

double pcf_result_dq_rating(const pcf_result *r, pcf_dq_indicator indicator)
{
    if (!r || (int)indicator < 0 || (int)indicator >= 5)
        return NAN;
    return r->dq[indicator];
}

double pcf_result_dq_coverage(const pcf_result *r)
{
    return r ? r->dq_coverage : 0;
}

double pcf_result_dq_pef(const pcf_result *r)
{
    if (!r)
        return NAN;
    return (r->dq[PCF_DQ_TECHNOLOGICAL] + r->dq[PCF_DQ_GEOGRAPHICAL] + r->dq[PCF_DQ_TEMPORAL] +
            r->dq[PCF_DQ_RELIABILITY]) /
           4;
}

/* Makes the array *slot of n records of size bytes, each built by fill, unless another thread
 * has; returns it (NULL when out of memory, tried again on the next call). */
static void *lazy_array(const pcf_result *cr, _Atomic(void *) *slot, size_t n, size_t size,
                        int (*fill)(pcf_result *, void *))
{
    void *a = atomic_load_explicit(slot, memory_order_acquire);
    if (a)
        return a;
    pcf_result *r = (pcf_result *)cr; /* the lock is the one part of a result that changes */
    pthread_mutex_lock(&r->lazy_lock);
    a = atomic_load_explicit(slot, memory_order_relaxed);
    if (!a && (a = pcf__huge_alloc(n * size)) != NULL) {
        if (fill(r, a)) {
            atomic_store_explicit(slot, a, memory_order_release);
        } else {
            free(a);
            a = NULL;
        }
    }
    pthread_mutex_unlock(&r->lazy_lock);
    return a;
}

/* The records with their paths, kept in the result's arena (under the lock); 0 when out of
 * memory. */
static int fill_activities(pcf_result *r, void *a)
{
    for (size_t i = 0; i < r->n_acts; i++) {
        char buf[PCF_ERROR_PATH_SIZE];
        const char *path =
            pcf__arena_strdup(&r->paths, pcf__activity_path(r->d, r->n_acts, i, buf, sizeof buf));
        if (!path) {
            pcf__arena_free(&r->paths);
            return 0;
        }
        build_activity(r, i, (pcf_activity_result *)a + i, path);
    }
    return 1;
}

static int fill_lines(pcf_result *r, void *a)
{
    for (size_t t = 0; t < r->n_lines; t++)
        build_line(r, t, (pcf_audit_line *)a + t);
    return 1;
}

const pcf_activity_result *pcf_result_activity_at(const pcf_result *r, size_t i)
{
    if (!r || i >= r->n_acts)
        return NULL;
    pcf_activity_result *a =
        lazy_array(r, &((pcf_result *)r)->acts, r->n_acts, sizeof *a, fill_activities);
    return a ? &a[i] : NULL;
}

size_t pcf_result_top_activities(const pcf_result *r, size_t n, size_t *indices)
{
    if (!r || !indices || n == 0)
        return 0;
    size_t k = 0;
    /* partial selection: insert each activity into the sorted prefix (n is small) */
    for (size_t i = 0; i < r->n_acts; i++) {
        double v = fabs(r->act_kg[i]);
        if (v == 0)
            continue;
        size_t pos = k < n ? k : n;
        while (pos > 0 && fabs(r->act_kg[indices[pos - 1]]) < v)
            pos--;
        if (pos >= n)
            continue;
        size_t last = k < n ? k : n - 1;
        for (size_t j = last; j > pos; j--)
            indices[j] = indices[j - 1];
        indices[pos] = i;
        if (k < n)
            k++;
    }
    return k;
}

size_t pcf_result_line_count(const pcf_result *r)
{
    return r ? r->n_lines : 0;
}

const pcf_audit_line *pcf_result_line_at(const pcf_result *r, size_t i)
{
    if (!r || i >= r->n_lines)
        return NULL;
    pcf_audit_line *l = lazy_array(r, &((pcf_result *)r)->lines, r->n_lines, sizeof *l, fill_lines);
    return l ? &l[i] : NULL;
}

const pcf_system *pcf_result_system(const pcf_result *r)
{
    return r ? r->sys : NULL;
}

size_t pcf_result_dataset_count(const pcf_result *r)
{
    return r ? r->n_datasets : 0;
}

const pcf_dataset_ref *pcf_result_dataset_at(const pcf_result *r, size_t i)
{
    return r && i < r->n_datasets ? &r->datasets[i] : NULL;
}

size_t pcf_result_note_count(const pcf_result *r)
{
    return r ? r->d->n_notes : 0;
}

const char *pcf_result_note_at(const pcf_result *r, size_t i)
{
    return r && i < r->d->n_notes ? r->d->notes[i] : NULL;
}

/* ---- JSON ---- */

static json_t *flows_obj(const double *f, int *bad)
{
    json_t *o = json_object();
    for (int i = 0; o && i < PCF_FLOW_COUNT; i++)
        pcf__jset(bad, o, pcf_flow_name((pcf_flow)i), pcf__json_num(f[i]));
    return o;
}

/* The "activities" array of the result document. */
static json_t *activities_json(const pcf_result *r, int *bad)
{
    json_t *acts = json_array();
    for (size_t i = 0; i < r->n_acts; i++) {
        pcf__activity_rec rec;
        const pcf_activity_result *a = pcf__result_activity(r, i, &rec);
        json_t *o = json_object();
        pcf__jset(bad, o, "product", json_string(a->product_id));
        pcf__jset(bad, o, "name", json_string(a->name));
        pcf__jset(bad, o, "path", json_string(a->path));
        pcf__jset(bad, o, "stage", json_string(pcf_stage_name(a->stage)));
        pcf__jset(bad, o, "included", json_boolean(a->included));
        pcf__jset(bad, o, "amount", pcf__json_num(a->amount));
        pcf__jset(bad, o, "unit", json_string(a->unit));
        pcf__jset(bad, o, "multiplier", pcf__json_num(a->multiplier));
        pcf__jset(bad, o, "kg_co2e", pcf__json_num(a->kg_co2e));
        if (!isnan(a->ttw_kg_co2e))
            pcf__jset(bad, o, "ttw_kg_co2e", pcf__json_num(a->ttw_kg_co2e));
        if (!isnan(a->dq[0])) {
            json_t *dq = json_object();
            for (int q = 0; q < 5; q++)
                pcf__jset(bad, dq, dq_keys[q], pcf__json_num(a->dq[q]));
            pcf__jset(bad, o, "data_quality", dq);
        }
        pcf__jset(bad, o, "primary", json_boolean(a->primary));
        pcf__japp(bad, acts, o);
    }
    return acts;
}

/* The "lines" array (the audit trail) of the result document. */
static json_t *lines_json(const pcf_result *r, int *bad)
{
    json_t *lines = json_array();
    for (size_t i = 0; i < r->n_lines; i++) {
        pcf_audit_line rec;
        const pcf_audit_line *l = pcf__result_line(r, i, &rec);
        json_t *o = json_object();
        pcf__jset(bad, o, "activity", json_integer((json_int_t)l->activity));
        pcf__jset(bad, o, "stage", json_string(pcf_stage_name(l->stage)));
        pcf__jset(bad, o, "role", json_string(l->role));
        pcf__jset(bad, o, "flow", json_string(pcf_flow_name(l->flow)));
        pcf__jset(bad, o, "quantity", pcf__json_num(l->quantity));
        pcf__jset(bad, o, "factor_unit", json_string(l->factor_unit));
        pcf__jset(bad, o, "factor_kg_co2e", pcf__json_num(l->factor_kg_co2e));
        pcf__jset(bad, o, "kg_co2e", pcf__json_num(l->kg_co2e));
        pcf__jset(bad, o, "origin", json_string(pcf_factor_origin_name(l->origin)));
        pcf__jset(bad, o, "factor_code", json_string(l->factor_code));
        pcf__jset(bad, o, "factor_name", json_string(l->factor_name));
        pcf__jset(bad, o, "dataset", json_string(l->dataset));
        pcf__jset(bad, o, "dataset_version", json_string(l->dataset_version));
        pcf__jset(bad, o, "layer", json_string(l->layer));
        pcf__jset(bad, o, "region_requested", json_string(l->region_requested));
        pcf__jset(bad, o, "region_used", json_string(l->region_used));
        pcf__jset(bad, o, "fallback_taken", json_boolean(l->fallback_taken));
        pcf__jset(bad, o, "gwp_basis", json_string(l->gwp_basis));
        pcf__jset(bad, o, "primary", json_boolean(l->primary));
        pcf__japp(bad, lines, o);
    }
    return lines;
}

json_t *pcf__result_json_tree(const pcf_result *r)
{
    const pcf__sysdata *d = r->d;
    json_t *root = json_object();
    if (!root)
        return NULL;
    int failed = 0, *bad = &failed;
    pcf__jset(bad, root, "pcf_result", json_integer(1));
    pcf__jset(bad, root, "library_version", json_string(pcf_version_string()));
    json_t *names = json_object();
    if (*d->name_en)
        pcf__jset(bad, names, "en", json_string(d->name_en));
    if (*d->name_zh)
        pcf__jset(bad, names, "zh", json_string(d->name_zh));
    json_t *declared = json_object();
    pcf__jset(bad, declared, "amount", pcf__json_num(d->declared_amount));
    pcf__jset(bad, declared, "unit", json_string(d->declared_unit));
    pcf__jset(bad, declared, "description", json_string(d->declared_description));
    json_t *product = json_object();
    pcf__jset(bad, product, "id", json_string(d->product_id));
    pcf__jset(bad, product, "name", names);
    pcf__jset(bad, product, "declared_unit", declared);
    pcf__jset(bad, product, "mass_kg", pcf__json_num(d->mass_kg));
    pcf__jset(bad, root, "product", product);
    pcf__jset(bad, root, "boundary", json_string(pcf_boundary_name((pcf_boundary)d->boundary)));
    pcf__jset(bad, root, "gwp", json_string(pcf_gwp_set_name((pcf_gwp_set)d->gwp)));
    pcf__jset(bad, root, "recycling_method",
              json_string(pcf_recycling_method_name((pcf_recycling_method)d->method)));
    pcf__jset(bad, root, "total_kg_co2e", pcf__json_num(r->total));
    pcf__jset(bad, root, "total_excluding_removals_kg_co2e",
              pcf__json_num(pcf_result_total_excluding_removals_kg_co2e(r)));
    json_t *stages = json_array();
    for (int s = 0; s < PCF_STAGE_COUNT; s++) {
        json_t *o = json_object();
        pcf__jset(bad, o, "stage", json_string(pcf_stage_name((pcf_stage)s)));
        pcf__jset(bad, o, "included", json_boolean(pcf_result_stage_included(r, s)));
        pcf__jset(bad, o, "kg_co2e", pcf__json_num(r->stage[s]));
        pcf__jset(bad, o, "flows", flows_obj(r->stage_flow[s], bad));
        pcf__japp(bad, stages, o);
    }
    pcf__jset(bad, root, "stages", stages);
    pcf__jset(bad, root, "flows", flows_obj(r->flow, bad));
    pcf__jset(bad, root, "credits_kg_co2e", pcf__json_num(r->credits));
    json_t *tr = json_object();
    pcf__jset(bad, tr, "ttw_kg_co2e", pcf__json_num(r->ttw));
    pcf__jset(bad, tr, "ttw_complete", json_boolean(r->ttw_complete));
    pcf__jset(bad, root, "transport", tr);
    pcf__jset(bad, root, "biogenic_carbon_kg", pcf__json_num(d->biogenic_carbon_kg));
    pcf__jset(bad, root, "primary_data_share", pcf__json_num(r->primary_share));
    if (r->dq_coverage > 0) {
        json_t *dq = json_object();
        for (int k = 0; k < 5; k++)
            pcf__jset(bad, dq, dq_keys[k], pcf__json_num(r->dq[k]));
        pcf__jset(bad, dq, "coverage", pcf__json_num(r->dq_coverage));
        pcf__jset(bad, dq, "pef_dqr", pcf__json_num(pcf_result_dq_pef(r)));
        pcf__jset(bad, root, "data_quality", dq);
    }
    json_t *gases = json_array();
    for (size_t i = 0; i < r->n_gases; i++)
        pcf__japp(bad, gases,
                  json_pack("{s:s,s:o,s:o}", "gas", pcf_gas_key(r->gases[i].gas), "kg",
                            pcf__json_num(r->gases[i].kg), "kg_co2e",
                            pcf__json_num(r->gases[i].kg_co2e)));
    pcf__jset(bad, root, "gases", gases);
    pcf__jset(bad, root, "unspecified_kg_co2e", pcf__json_num(r->unspecified));
    pcf__jset(bad, root, "activities", activities_json(r, bad));
    pcf__jset(bad, root, "lines", lines_json(r, bad));
    json_t *ds = json_array();
    for (size_t i = 0; i < r->n_datasets; i++)
        pcf__japp(bad, ds,
                  json_pack("{s:s,s:s,s:I}", "name", r->datasets[i].name, "version",
                            r->datasets[i].version, "lines", (json_int_t)r->datasets[i].lines));
    pcf__jset(bad, root, "datasets", ds);
    json_t *notes = json_array();
    for (size_t i = 0; i < d->n_notes; i++)
        pcf__japp(bad, notes, json_string(d->notes[i]));
    pcf__jset(bad, root, "notes", notes);
    if (failed) { /* a member could not be made or added: no document rather than part of one */
        json_decref(root);
        return NULL;
    }
    return root;
}

pcf_status pcf_result_to_json(const pcf_result *r, char **out, pcf_error *err)
{
    return pcf__result_json(r, 0, out, err);
}

pcf_status pcf__result_json(const pcf_result *r, int indent, char **out, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!r || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_result_to_json: NULL argument");
    json_t *root = pcf__result_json_tree(r);
    if (!root)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory writing the result");
    pcf__buf b;
    pcf__buf_init(&b);
    pcf__json_write(&b, root, indent);
    if (indent >= 0)
        pcf__buf_puts(&b, "\n");
    json_decref(root);
    if (b.failed) {
        pcf__buf_free(&b);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory writing the result");
    }
    *out = pcf__buf_steal(&b);
    return pcf__ok(err);
}
