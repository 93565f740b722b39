/*
 * pcf — Monte Carlo over an LCI database's exchange uncertainties (pcf_lci_mc): each iteration
 * draws every uncertain exchange, rebuilds the values of A and of the characterised direct
 * emissions, refactorises A numerically with the analysis of pcf_lci_open() (KLU's Symbolic
 * object: block triangular form and ordering, shared read-only by the threads) and the pivot
 * order of the published A, and solves once with Aᵀ. The per-iteration steps are internal entry
 * points (pcf__lci_mc_work_init, _iterate, _solve...; lci_internal.h) that a product model's
 * Monte Carlo calls too (dependent sampling, lib/mc.c).
 *
 * Reproducibility: iteration i draws from its own taus2 stream seeded with
 * pcf__mc_chunk_seed(seed, i) and writes samples[i], so the numbers do not depend on which
 * thread ran it, nor on the thread count. The rules are in docs/lci.md ("Monte Carlo").
 * GPL-3.0-or-later; see LICENSE.
 */
#include "lci_internal.h"
#include "mc_internal.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { D_LOGNORMAL, D_NORMAL, D_TRIANGLE, D_UNIFORM };

/* One sampled exchange: value_ref = draw × ratio, and its difference to the published
 * amount_ref goes, times w, into Ax[pos] (in_a) or into the direct CO2e of process pos. */
struct pcf__lci_draw {
    int dist, in_a;
    double a, b, c; /* lognormal: ln|median|, sigma, sign; normal: mean, sd; triangle: min, max,
                       mode; uniform: min, max */
    double ratio;   /* amount_ref / amount */
    double base;    /* amount_ref */
    double w;       /* sign in A (1, or -1 for an input), or sign × GWP for B */
    size_t pos;
};

void pcf__lci_free_draws(pcf_lci *lci)
{
    free(lci->draws);
    free(lci->draw_error);
    lci->draws = NULL;
    lci->draw_error = NULL;
    lci->n_draws = 0;
}

size_t pcf_lci_mc_parameter_count(const pcf_lci *lci)
{
    return lci ? lci->n_draws : 0;
}

/* Position of A's entry (row i, column j) in Ax (rows are sorted within a column), or nnz. */
static size_t find_entry(const pcf_lci *L, int i, int j)
{
    for (int k = L->Ap[j]; k < L->Ap[j + 1]; k++)
        if (L->Ai[k] == i)
            return (size_t)k;
    return L->nnz;
}

/* "(2;3;3;1;1)" -> the GSD of its pedigree matrix (basic uncertainty 1); 0 when unreadable. */
static double pedigree_gsd(const char *text)
{
    int s[5];
    char close = 0;
    if (sscanf(text, " (%d;%d;%d;%d;%d %c", &s[0], &s[1], &s[2], &s[3], &s[4], &close) != 6 ||
        close != ')')
        return 0;
    double gsd = 0;
    if (pcf_dq_pedigree_gsd(s, 5, 1.0, &gsd, NULL) != PCF_OK)
        return 0;
    return gsd;
}

/* Fills @p d from the published distribution (or the pedigree when there is none); returns 1
 * when the exchange varies, 0 when it stays as published, -1 when it cannot be sampled. */
static int make_draw(const char *dist, const double u[3], const int has[3], const char *pedigree,
                     double amount, struct pcf__lci_draw *d)
{
    if (strcmp(dist, "LOG_NORMAL_DISTRIBUTION") == 0) {
        if (!has[0] || !has[1] || !isfinite(u[1]))
            return -1;
        if (!(u[1] > 1))
            return 0; /* GSD 0 or 1: no spread */
        if (u[0] == 0 || !isfinite(u[0]))
            return -1;
        *d = (struct pcf__lci_draw){
            .dist = D_LOGNORMAL, .a = log(fabs(u[0])), .b = log(u[1]), .c = u[0] < 0 ? -1 : 1};
        return 1;
    }
    if (strcmp(dist, "NORMAL_DISTRIBUTION") == 0) {
        if (!has[0] || !has[1] || !(u[1] >= 0) || !isfinite(u[0]) || !isfinite(u[1]))
            return -1;
        *d = (struct pcf__lci_draw){.dist = D_NORMAL, .a = u[0], .b = u[1]};
        return u[1] > 0;
    }
    if (strcmp(dist, "TRIANGLE_DISTRIBUTION") == 0) {
        if (!has[0] || !has[1] || !has[2] || !isfinite(u[0] + u[1] + u[2]))
            return -1;
        /* published with minimum and maximum swapped, or the mode outside them: the range is
         * the span of the three numbers */
        double lo = fmin(u[0], fmin(u[1], u[2])), hi = fmax(u[0], fmax(u[1], u[2]));
        *d = (struct pcf__lci_draw){.dist = D_TRIANGLE, .a = lo, .b = hi, .c = u[1]};
        return hi > lo;
    }
    if (strcmp(dist, "UNIFORM_DISTRIBUTION") == 0) {
        if (!has[0] || !has[1] || !isfinite(u[0] + u[1]))
            return -1;
        *d =
            (struct pcf__lci_draw){.dist = D_UNIFORM, .a = fmin(u[0], u[1]), .b = fmax(u[0], u[1])};
        return d->b > d->a;
    }
    if (dist[0])
        return -1;
    double gsd = pedigree_gsd(pedigree);
    if (gsd == 0)
        return -1;
    if (!(gsd > 1) || amount == 0)
        return 0;
    *d = (struct pcf__lci_draw){
        .dist = D_LOGNORMAL, .a = log(fabs(amount)), .b = log(gsd), .c = amount < 0 ? -1 : 1};
    return 1;
}

static pcf_status add_draw(pcf_lci *L, size_t *cap, const struct pcf__lci_draw *d, pcf_error *err)
{
    if (L->n_draws == *cap) {
        size_t nc = *cap ? 2 * *cap : 256;
        struct pcf__lci_draw *a = realloc(L->draws, nc * sizeof *a);
        if (!a)
            return pcf__error(err, PCF_ERR_NOMEM, "out of memory reading the LCI uncertainties");
        L->draws = a;
        *cap = nc;
    }
    L->draws[L->n_draws++] = *d;
    return PCF_OK;
}

/* One pass over the primary key (process, n), no join: processes and providers are found by
 * their @id in lci->id (pcf_lci_open() has checked that every one is there). */
static const char DRAWS_SQL[] =
    "SELECT process, provider, role, input, amount, amount_ref, dist, u1, u2, u3, pedigree, "
    "flow, process, n FROM lci_exchanges WHERE lcidb = ?1 AND role IN ('linked', 'elementary') "
    "AND (dist <> '' OR pedigree <> '') ORDER BY process, n";

/* Where the sampled value of this exchange goes; 0 when it goes nowhere (a flow not counted). */
static int place_draw(const pcf_lci *L, sqlite3_stmt *st, struct pcf__lci_draw *d)
{
    size_t j =
        pcf__lci_find_id(L->id, L->n, sizeof *L->id, (const char *)sqlite3_column_text(st, 0));
    int input = sqlite3_column_int(st, 3);
    if (j == L->n)
        return 0;
    if (strcmp((const char *)sqlite3_column_text(st, 2), "linked") == 0) {
        size_t i =
            pcf__lci_find_id(L->id, L->n, sizeof *L->id, (const char *)sqlite3_column_text(st, 1));
        d->in_a = 1;
        d->w = input ? -1 : 1;
        d->pos = i < L->n ? find_entry(L, (int)i, (int)j) : L->nnz;
        return d->pos < L->nnz;
    }
    size_t f = pcf__lci_find_id(L->flows, L->nf, sizeof *L->flows,
                                (const char *)sqlite3_column_text(st, 11));
    if (f == L->nf || L->flows[f].kind < PCF__LCI_FOSSIL || L->flows[f].kind > PCF__LCI_REMOVAL)
        return 0;
    d->in_a = 0;
    d->w = (input ? -1 : 1) * L->flows[f].gwp;
    d->pos = j;
    return 1;
}

pcf_status pcf__lci_load_draws(pcf_db *db, pcf_lci *L, pcf_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->sql, DRAWS_SQL, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return pcf__db_sql_error(db, rc, err, "reading the LCI uncertainties");
    sqlite3_bind_text(st, 1, L->name, -1, SQLITE_STATIC);
    size_t cap = 0;
    pcf_status s = PCF_OK;
    while (s == PCF_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        double u[3];
        int has[3];
        for (int k = 0; k < 3; k++) {
            has[k] = sqlite3_column_type(st, 7 + k) != SQLITE_NULL;
            u[k] = sqlite3_column_double(st, 7 + k);
        }
        double amount = sqlite3_column_double(st, 4);
        struct pcf__lci_draw d;
        memset(&d, 0, sizeof d);
        int r = make_draw((const char *)sqlite3_column_text(st, 6), u, has,
                          (const char *)sqlite3_column_text(st, 10), amount, &d);
        if (r < 0 && !L->draw_error) {
            char msg[512];
            snprintf(msg, sizeof msg,
                     "process %.80s, exchange %d (flow %.80s): the uncertainty \"%.40s\" with "
                     "parameters that cannot be sampled, or the pedigree \"%.40s\" is not five "
                     "scores 1..5",
                     (const char *)sqlite3_column_text(st, 12), sqlite3_column_int(st, 13),
                     (const char *)sqlite3_column_text(st, 11),
                     (const char *)sqlite3_column_text(st, 6),
                     (const char *)sqlite3_column_text(st, 10));
            if (!(L->draw_error = pcf__strdup(msg)))
                s = pcf__error(err, PCF_ERR_NOMEM, "out of memory reading the LCI uncertainties");
        }
        if (r <= 0 || amount == 0)
            continue; /* with amount 0 the unit factor is unknown; the exchange stays 0 */
        d.ratio = sqlite3_column_double(st, 5) / amount;
        d.base = sqlite3_column_double(st, 5);
        if (place_draw(L, st, &d))
            s = add_draw(L, &cap, &d, err);
    }
    if (s == PCF_OK && rc != SQLITE_DONE)
        s = pcf__db_sql_error(db, rc, err, "reading the LCI uncertainties");
    sqlite3_finalize(st);
    return s;
}
/* ---- one iteration: the internal entry points (lci_internal.h) ----------------------------- */

pcf_status pcf__lci_mc_work_init(const pcf_lci *L, pcf__lci_mc_work *w)
{
    memset(w, 0, sizeof *w);
    pcf__lci_klu_defaults(&w->common);
    w->Ax = malloc((L->nnz ? L->nnz : 1) * sizeof *w->Ax);
    w->d = malloc((L->n ? 2 * L->n : 1) * sizeof *w->d);
    w->y = w->d ? w->d + L->n : NULL;
    w->rng = gsl_rng_alloc(gsl_rng_taus2);
    /* the published A's factors: their pivot order is what every refactorisation keeps */
    if (w->Ax && w->d && w->rng)
        w->numeric = klu_factor(L->Ap, L->Ai, L->Ax, L->symbolic, &w->common);
    if (!w->numeric) {
        pcf__lci_mc_work_free(w);
        return PCF_ERR_NOMEM;
    }
    memcpy(w->Ax, L->Ax, L->nnz * sizeof *w->Ax);
    memcpy(w->d, L->direct, L->n * sizeof *w->d);
    return PCF_OK;
}

void pcf__lci_mc_work_free(pcf__lci_mc_work *w)
{
    if (w->numeric)
        klu_free_numeric(&w->numeric, &w->common);
    if (w->rng)
        gsl_rng_free(w->rng);
    free(w->Ax);
    free(w->d);
    memset(w, 0, sizeof *w);
}

static double draw_value(const struct pcf__lci_draw *d, gsl_rng *rng)
{
    switch (d->dist) {
    case D_LOGNORMAL:
        return d->c * exp(d->a + d->b * gsl_ran_gaussian_ziggurat(rng, 1.0));
    case D_NORMAL:
        return d->a + d->b * gsl_ran_gaussian_ziggurat(rng, 1.0);
    case D_TRIANGLE: {
        /* inverse CDF: a = min, b = max, c = mode */
        double u = gsl_rng_uniform(rng), span = d->b - d->a, fm = (d->c - d->a) / span;
        return u < fm ? d->a + sqrt(u * span * (d->c - d->a))
                      : d->b - sqrt((1.0 - u) * span * (d->b - d->c));
    }
    default:
        return gsl_ran_flat(rng, d->a, d->b);
    }
}

pcf_status pcf__lci_mc_solve(const pcf_lci *L, pcf__lci_mc_work *w)
{
    klu_common *c = &w->common;
    int n = (int)L->n;
    /* values only, in the published pivot order (KLU checks only its arguments here; a zero
     * pivot gives rcond 0 below) */
    (void)klu_refactor(L->Ap, L->Ai, w->Ax, L->symbolic, w->numeric, c);
    klu_rcond(L->symbolic, w->numeric, c);
    w->rcond = c->rcond;
    w->refactored = w->rcond >= 1e-3 * L->rcond;
    memcpy(w->y, w->d, L->n * sizeof *w->y);
    if (w->refactored) {
        (void)klu_tsolve(L->symbolic, w->numeric, n, 1, w->y, c);
        return w->rcond > 1e-14 ? PCF_OK : PCF_ERR_DATA_MISSING;
    }
    /* the published pivots do not fit the drawn values: pivot anew, for this iteration only, so
     * the next iteration starts from the published order again */
    klu_numeric *fresh = klu_factor(L->Ap, L->Ai, w->Ax, L->symbolic, c);
    if (!fresh) /* a singular A still gives its factors (halt_if_singular is off) */
        return PCF_ERR_NOMEM;
    klu_rcond(L->symbolic, fresh, c);
    w->rcond = c->rcond;
    if (w->rcond > 1e-14)
        (void)klu_tsolve(L->symbolic, fresh, n, 1, w->y, c);
    klu_free_numeric(&fresh, c);
    return w->rcond > 1e-14 ? PCF_OK : PCF_ERR_DATA_MISSING;
}

/* Iteration `it` of a run seeded with `seed`: draw, refactorise, solve with Aᵀ into w->y. */
pcf_status pcf__lci_mc_iterate(const pcf_lci *L, uint64_t seed, size_t it, pcf__lci_mc_work *w)
{
    memcpy(w->Ax, L->Ax, L->nnz * sizeof *w->Ax);
    memcpy(w->d, L->direct, L->n * sizeof *w->d);
    gsl_rng *rng = w->rng;
    gsl_rng_set(rng, pcf__mc_chunk_seed(seed, it));
    for (size_t k = 0; k < L->n_draws; k++) {
        const struct pcf__lci_draw *g = &L->draws[k];
        double delta = g->w * (draw_value(g, rng) * g->ratio - g->base);
        if (g->in_a)
            w->Ax[g->pos] += delta;
        else
            w->d[g->pos] += delta;
    }
    return pcf__lci_mc_solve(L, w);
}

pcf_status pcf__lci_mc_ready(const pcf_lci *L, pcf_error *err)
{
    if (L->draw_error)
        return pcf__error(err, PCF_ERR_DATA_MISSING, "LCI database \"%s\": %s", L->name,
                          L->draw_error);
    return PCF_OK;
}

double pcf__lci_mc_value(const pcf_lci *L, const pcf__lci_mc_work *w, size_t index)
{
    return w->y[index] * L->scale[index];
}

pcf_status pcf__lci_mc_failure(const pcf_lci *L, size_t it, pcf_status st,
                               const pcf__lci_mc_work *w, pcf_error *err)
{
    if (st == PCF_ERR_NOMEM)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory in the LCI Monte Carlo run");
    pcf__numbuf nb;
    return pcf__error(err, PCF_ERR_DATA_MISSING,
                      "iteration %zu of the Monte Carlo run on \"%s\" drew a singular or "
                      "near-singular technology matrix (reciprocal condition estimate %s): the "
                      "sampled exchanges make a loop consume at least what it makes; narrow "
                      "the distributions of the loop's exchanges",
                      it, L->name, pcf__num(&nb, w->rcond));
}

/* ---- the run ------------------------------------------------------------------------------ */

typedef struct mc_run {
    const pcf_lci *L;
    size_t index, iterations, threads;
    uint64_t seed;
    double *samples;
} mc_run;

typedef struct mc_worker {
    const mc_run *r;
    size_t first;
    size_t failed_at; /* iteration that failed, or SIZE_MAX */
    pcf__lci_mc_work w;
    pcf_status status;
} mc_worker;

static void *work(void *arg)
{
    mc_worker *w = arg;
    const mc_run *r = w->r;
    const pcf_lci *L = r->L;
    if (pcf__lci_mc_work_init(L, &w->w) != PCF_OK) {
        w->status = PCF_ERR_NOMEM;
        return NULL;
    }
    for (size_t it = w->first; it < r->iterations; it += r->threads) {
        pcf_status st = pcf__lci_mc_iterate(L, r->seed, it, &w->w);
        if (st != PCF_OK) {
            w->failed_at = it;
            w->status = st;
            break;
        }
        r->samples[it] = pcf__lci_mc_value(L, &w->w, r->index);
    }
    return NULL; /* the workspace, with a failure's details, is freed after report() */
}

static pcf_status report(const pcf_lci *L, const mc_worker *ws, size_t nt, pcf_error *err)
{
    const mc_worker *bad = NULL;
    for (size_t t = 0; t < nt; t++)
        if (ws[t].status != PCF_OK && (!bad || ws[t].failed_at < bad->failed_at))
            bad = &ws[t];
    if (!bad)
        return pcf__ok(err);
    return pcf__lci_mc_failure(L, bad->failed_at, bad->status, &bad->w, err);
}

pcf_status pcf_lci_mc(const pcf_lci *lci, size_t index, size_t iterations, uint64_t seed,
                      size_t threads, double *samples, pcf_error *err)
{
    if (!lci || !samples || index >= lci->n)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "pcf_lci_mc: NULL argument or process index out of range");
    if (iterations < 1 || iterations > pcf_mc_max_iterations())
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "pcf_lci_mc: iterations must be 1..%zu, got %zu", pcf_mc_max_iterations(),
                          iterations);
    if (threads < 1 || threads > pcf_mc_max_threads())
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_lci_mc: threads must be 1..%zu, got %zu",
                          pcf_mc_max_threads(), threads);
    pcf_status s = pcf__lci_mc_ready(lci, err);
    if (s != PCF_OK)
        return s;
    if (threads > iterations)
        threads = iterations;
    mc_run r = {lci, index, iterations, threads, seed, samples};
    mc_worker *ws = calloc(threads, sizeof *ws);
    pthread_t *tid = calloc(threads, sizeof *tid);
    unsigned char *started = calloc(threads, 1);
    if (!ws || !tid || !started) {
        free(ws);
        free(tid);
        free(started);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory starting the LCI Monte Carlo run");
    }
    for (size_t t = 0; t < threads; t++) {
        ws[t] = (mc_worker){.r = &r, .first = t, .failed_at = SIZE_MAX, .status = PCF_OK};
        started[t] = t > 0 && pthread_create(&tid[t], NULL, work, &ws[t]) == 0;
    }
    /* this thread runs share 0, and the share of any thread that could not be started: the
     * numbers are the same either way */
    for (size_t t = 0; t < threads; t++)
        if (!started[t])
            work(&ws[t]);
    for (size_t t = 1; t < threads; t++)
        if (started[t])
            pthread_join(tid[t], NULL);
    s = report(lci, ws, threads, err);
    for (size_t t = 0; t < threads; t++)
        pcf__lci_mc_work_free(&ws[t].w);
    free(ws);
    free(tid);
    free(started);
    return s;
}
