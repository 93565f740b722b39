/*
 * pcf — Monte Carlo propagation of uncertainty with GSL.
 * GPL-3.0-or-later; see LICENSE.
 *
 * How a run goes:
 *   1. Every parameter and term is checked (pcf_dist_check) before any GSL call (GSL's error
 *      handler is never reached); each varying parameter becomes a `draw` with its constants.
 *   2. Iterations are cut into chunks of PCF__MC_CHUNK. In chunk c, drawn parameter k owns a
 *      taus2 stream seeded from (seed, c, k); threads claim chunks from an atomic counter and
 *      write each iteration's stage totals into its own slot. Which thread ran a chunk therefore
 * changes nothing: the arrays, and every statistic computed from them in iteration order
 * afterwards, are bit-identical for any thread count.
 *   3. Statistics with GSL (mean, sd, sort, quantiles), then the sensitivity ranking: the Spearman
 *      rank correlation of each varying parameter with the total (ranks with ties averaged, as
 *      gsl_stats_spearman, but with the total ranked once and exact integer sums: mc_rank.c), one
 *      parameter per task, from what the sampling kept for it when that fits (keep_fits): 32-bit
 *      positions of its values (set_positions; up to PCF__MC_POS_MAX_N iterations; the few values
 *      whose positions are too close to decide are drawn again one by one, replay_value) or the
 *      values; else, or where the positions cannot decide the ranks, its values drawn again
 *      (redraw).
 */
#include "lci_internal.h"
#include "mc_internal.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort_double.h>
#include <gsl/gsl_statistics_double.h>

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/*
 * Guard doubles around each thread's value array. Without them two threads' arrays can share a
 * cache line: one writes its parameter 0 every iteration while the other reads its constant-1
 * slot for every term, and the false sharing made 2 threads slower than 1 (measured on the
 * benchmark's model (a)).
 */
#define MC_PAD 16

/* Iterations sampled together: at most this many, in rows of at most this many bytes a worker. */
#define PCF__MC_SUB_MAX   32
#define PCF__MC_SUB_BYTES ((size_t)256 << 10)

/* ---- sampling ---- */

/* One varying parameter, with the constants its sampler needs. */
typedef struct draw {
    uint32_t param;
    uint32_t dist;
    double a, b, c, d, e;
    double qlo, qscale; /* position of a ranked value t: floor((t - qlo) qscale) (set_positions) */
    uint32_t qgap;      /* positions this far apart give values in the same order, none equal */
} draw;

/* A term with NO_PARAM mapped to the slot that always holds 1.0, so the inner loop has no branch.
 */
typedef struct term {
    double coef;
    uint32_t amount;
    uint32_t factor;
    uint32_t stage;
} term;

typedef struct run run;

typedef struct worker {
    run *r;
    int is_caller;
    gsl_rng *rngs;            /* one generator per drawn parameter (run.n_rand): type + state */
    unsigned char *rng_block; /* their states, with MC_PAD doubles of guard on each side */
    double *block;            /* allocation holding values with MC_PAD guard doubles on each side */
    double *values;           /* (n_params + 1) rows of run.sub values: parameter j's of run.sub
                                 iterations at values + j sub, the last row 1.0 */
    pcf__mc_rank_work rank;   /* sensitivity: sorting arrays for n_iter samples */
    double *sorted;           /* statistics: n_iter */
    pcf__lci_mc_work *lci;    /* one workspace per sampled LCI database (run.n_lci) */
    size_t lci_failed_at;     /* the iteration whose LCI draw failed, or SIZE_MAX */
    size_t lci_failed_db;
    pcf_status lci_status;
} worker;

struct run {
    size_t n_params;
    const draw *draws;
    size_t n_draws;
    size_t n_rand;             /* draws[0 .. n_rand) are drawn; the rest are LCI-linked factors */
    const pcf_lci *const *lci; /* the LCI databases sampled once per iteration */
    const uint64_t *lci_seed;  /* the seed of each one's per-iteration streams */
    size_t n_lci;
    const pcf__mc_lci_link *links; /* .lci indexes lci[] */
    size_t n_links;
    const term *terms;
    size_t n_terms;
    size_t n_iter;
    size_t n_chunks;
    size_t sub; /* iterations sampled together (run_chunk), parameter by parameter */
    uint64_t seed;
    double *scope;              /* PCF__MC_SCOPES × n_iter */
    double *param_samples;      /* stored draws' samples (chunk by chunk, see run_chunk) */
    uint32_t *pos;              /* or the drawn ones' positions (set_positions), by parameter */
    size_t first_stored;        /* draws[first_stored .. n_draws) are stored: 0 or n_rand */
    const int64_t *total_rank;  /* the total's centred ranks (pcf__mc_centred_ranks) */
    const uint32_t *total_iter; /* the iteration of each (untied) total rank, or NULL */
    double total_rank_ss;       /* the sum of their squares */
    pcf__mc_sens *sens;
    pcf_mc *mc;
    pcf_mc_progress_fn progress;
    void *userdata;
    /* Written while threads run: kept off the cache line of the read-mostly fields above. */
    _Alignas(64) atomic_size_t next;
    atomic_size_t done;
    atomic_int stop;
    int cancelled; /* written by the caller's thread only */
};

/* splitmix64 (Steele, Lea & Flood 2014): spreads nearby user seeds over the 32-bit seed space. */
static uint64_t splitmix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15u;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9u;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBu;
    return x ^ (x >> 31);
}

/*
 * taus2 uses the low 32 bits of its seed, and its seeding (three LCG steps) is a bijection on
 * them, so consecutive seeds give distinct states: the chunks of one run (fewer than 2^32) never
 * share a stream, which a hash per chunk could not promise.
 */
unsigned long pcf__mc_chunk_seed(uint64_t seed, size_t chunk)
{
    uint32_t s = (uint32_t)(splitmix64(seed) + (uint64_t)chunk);
    return s == 0 ? 0x6a09e667u : s; /* taus2 maps 0 to 1; keep 0 distinct from 1 */
}

/* The stream of drawn parameter k in chunk c: one per (chunk, parameter), so that the ranking can
 * draw a parameter's samples again (redraw) instead of keeping them. Distinct while the run has
 * at most PCF__MC_MAX_STREAMS of them (checked before the run). */
static size_t stream_of(const run *r, size_t chunk, size_t k)
{
    return chunk * r->n_rand + k;
}

/* a + b z with z standard normal: a normal draw, and a lognormal's exponent mu + sigma z. */
static inline __attribute__((always_inline)) double normal(const draw *d, gsl_rng *rng,
                                                           pcf__mc_taus *t)
{
    return d->a + d->b * pcf__mc_gaussian(rng, t);
}

/* The value the ranking sorts: a lognormal's exponent mu + sigma z, else the sample itself. */
static inline __attribute__((always_inline)) double ranked_value(const draw *d, gsl_rng *rng,
                                                                 pcf__mc_taus *t);

/* The sample of a ranked value t (the identity but for a lognormal: c exp(t)). */
static double sample_of(const draw *d, double t)
{
    return d->dist == PCF_DIST_LOGNORMAL ? d->c * exp(t) : t;
}

/* Inlined into each loop that draws, as ranked_value (GCC stopped inlining them once several
 * loops called them, which cost the sampling 3-5 %, the sampling that keeps positions more). */
/* The draws take the generator's state as pcf__mc_gaussian does: t, rng->state or the copy a
 * loop works on (GCC otherwise read it back with one 16-byte load after three 8-byte stores,
 * which stalled every draw). */
static inline __attribute__((always_inline)) double sample(const draw *d, gsl_rng *rng,
                                                           pcf__mc_taus *t)
{
    switch (d->dist) {
    case PCF_DIST_LOGNORMAL:
        /* exp(mu + sigma z) with the ziggurat: 2.5x faster than gsl_ran_lognormal, same law
         * (docs/ARCHITECTURE.md, "Samplers"); c carries the sign of a negative median. The same
         * expression as sample_of(d, normal(d, rng)), so a stored exponent gives this sample. */
        return d->c * exp(normal(d, rng, t));
    case PCF_DIST_NORMAL:
        return normal(d, rng, t);
    case PCF_DIST_TRIANGULAR: {
        /* Inverse CDF; GSL has no triangular sampler. a = min, b = max, c = (max-min)(mode-min),
         * d = (max-min)(max-mode), e = F(mode) = (mode-min)/(max-min). */
        double u = pcf__mc_taus2_uniform(t);
        uint64_t left = -(uint64_t)(u < d->e); /* all ones or zeros */
        double r = sqrt(pcf__mc_pick(left, u * d->c, (1.0 - u) * d->d));
        return pcf__mc_pick(left, d->a + r, d->b - r);
    }
    case PCF_DIST_UNIFORM: {
        double u = pcf__mc_taus2_uniform(t); /* gsl_ran_flat(rng, a, b) */
        return d->a * (1 - u) + d->b * u;
    }
    default:
        return d->a;
    }
}

static inline __attribute__((always_inline)) double ranked_value(const draw *d, gsl_rng *rng,
                                                                 pcf__mc_taus *t)
{
    return d->dist == PCF_DIST_LOGNORMAL ? normal(d, rng, t) : sample(d, rng, t);
}

/* Samples every LCI database once for iteration i and gives each linked factor its process's
 * value (dependent sampling). 0 when a draw failed: the worker records it and the run stops. */
static int lci_iteration(run *r, worker *w, size_t i, size_t off)
{
    for (size_t b = 0; b < r->n_lci; b++) {
        pcf_status st = pcf__lci_mc_iterate(r->lci[b], r->lci_seed[b], i, &w->lci[b]);
        if (st != PCF_OK) {
            w->lci_failed_at = i;
            w->lci_failed_db = b;
            w->lci_status = st;
            atomic_store(&r->stop, 1);
            return 0;
        }
    }
    for (size_t l = 0; l < r->n_links; l++) {
        const pcf__mc_lci_link *k = &r->links[l];
        w->values[k->param * r->sub + off] =
            pcf__lci_mc_value(r->lci[k->lci], &w->lci[k->lci], k->process);
    }
    return 1;
}

/*
 * Stores a position without reading its cache line first (a non-temporal store, where SSE2 has
 * one): the 4 bytes x parameters x iterations of positions are written once and read back only
 * by the ranking, after the sampling, by when they have left the caches anyway.
 */
static inline void store_position(uint32_t *q, uint32_t v)
{
#ifdef __SSE2__
    _mm_stream_si32((int *)q, (int)v);
#else
    *q = v;
#endif
}

/*
 * Draws iterations i .. i + m of the drawn parameters into their rows of w->values (m <= sub),
 * parameter by parameter: each one's stream continues where its last sub-chunk stopped, so the
 * numbers are those of drawing iteration by iteration, and a parameter's loop keeps its
 * generator and constants at hand. What the ranking keeps goes to pos or samples (run_chunk).
 */
static void draw_sub(const run *r, worker *w, size_t i, size_t m, double *samples, size_t len)
{
    const draw *draws = r->draws;
    size_t nr = r->n_rand, n = r->n_iter, sub = r->sub;
    double *v = w->values;
    for (size_t k = 0; k < nr; k++) {
        const draw *d = &draws[k];
        gsl_rng *g = &w->rngs[k];
        pcf__mc_taus st = *(pcf__mc_taus *)g->state, *t = &st;
        double *row = v + d->param * sub;
        if (r->pos) {
            uint32_t *q = r->pos + k * n + i;
            for (size_t j = 0; j < m; j++) {
                double x = ranked_value(d, g, t);
                double f = (x - d->qlo) * d->qscale; /* NaN: 0, a clamped end */
                store_position(&q[j], f > 0.0 ? (f < 4294967295.0 ? (uint32_t)f : UINT32_MAX) : 0);
                row[j] = sample_of(d, x);
            }
        } else if (samples && r->first_stored == 0) {
            for (size_t j = 0; j < m; j++) {
                double x = ranked_value(d, g, t);
                samples[k * len + i + j] = x;
                row[j] = sample_of(d, x);
            }
        } else {
            for (size_t j = 0; j < m; j++)
                row[j] = sample(d, g, t);
        }
        *(pcf__mc_taus *)g->state = st;
    }
}

static void run_chunk(run *r, worker *w, size_t chunk)
{
    const term *terms = r->terms;
    size_t nd = r->n_draws, nr = r->n_rand, nt = r->n_terms, n = r->n_iter, sub = r->sub;
    double *v = w->values, *scope = r->scope, *samples = r->param_samples;
    size_t i0 = chunk * PCF__MC_CHUNK;
    size_t i1 = i0 + PCF__MC_CHUNK < n ? i0 + PCF__MC_CHUNK : n;
    for (size_t k = 0; k < nr; k++)
        gsl_rng_set(&w->rngs[k], pcf__mc_chunk_seed(r->seed, stream_of(r, chunk, k)));
    /* The stored draws' samples of the chunk (f = r->first_stored: the LCI-linked draws, which
     * the ranking cannot draw again, or all when the run can afford to keep them, which saves
     * drawing them again): draw k's at samples + (k - f) * (i1 - i0), one after the other, so one
     * iteration's writes fall in a block of (nd - f) × PCF__MC_CHUNK doubles. A drawn
     * parameter's stored value is what the ranking sorts (ranked_value). Drawn parameter k's
     * position of iteration i goes to pos[k n + i]: the ranking reads each parameter's n
     * positions in one run, which the hardware prefetches (in pieces of a chunk, 512 bytes 512 kB
     * apart, the ranking of model (a) took 8 % longer). */
    size_t f = r->first_stored;
    if (samples)
        samples += i0 * (nd - f) - i0;
    size_t len = i1 - i0;
    for (size_t s0 = i0; s0 < i1; s0 += sub) {
        size_t m = i1 - s0 < sub ? i1 - s0 : sub;
        for (size_t j = 0; j < m && r->n_lci; j++)
            if (!lci_iteration(r, w, s0 + j, j))
                return;
        draw_sub(r, w, s0, m, samples, len);
        if (samples)
            for (size_t k = nr; k < nd; k++)
                for (size_t j = 0; j < m; j++)
                    samples[(k - f) * len + s0 + j] = v[r->draws[k].param * sub + j];
        /* Each iteration's stage sums add its terms in term order, as one iteration at a time
         * did: the same numbers; the loop over the sub-chunk's iterations is vectorised. */
        double st[PCF__STAGE_COUNT][PCF__MC_SUB_MAX] = {{0}};
        for (size_t t = 0; t < nt; t++) {
            const double *a = v + terms[t].amount * sub, *b = v + terms[t].factor * sub;
            double c = terms[t].coef, *acc = st[terms[t].stage];
            for (size_t j = 0; j < m; j++)
                acc[j] += c * a[j] * b[j];
        }
        for (size_t j = 0; j < m; j++) {
            double total = 0.0;
            for (size_t s = 0; s < PCF__STAGE_COUNT; s++) {
                scope[s * n + s0 + j] = st[s][j];
                total += st[s][j];
            }
            scope[PCF__MC_TOTAL * n + s0 + j] = total;
        }
    }
}

static void sample_chunks(worker *w)
{
    run *r = w->r;
    for (;;) {
        if (atomic_load(&r->stop))
            return;
        size_t c = atomic_fetch_add(&r->next, 1);
        if (c >= r->n_chunks)
            return;
        run_chunk(r, w, c);
        size_t len =
            (c + 1) * PCF__MC_CHUNK <= r->n_iter ? PCF__MC_CHUNK : r->n_iter - c * PCF__MC_CHUNK;
        size_t done = atomic_fetch_add(&r->done, len) + len;
        if (w->is_caller && r->progress && r->progress(done, r->n_iter, r->userdata) != 0) {
            r->cancelled = 1;
            atomic_store(&r->stop, 1);
            return;
        }
    }
}

static void sample_phase(worker *w)
{
    sample_chunks(w);
#ifdef __SSE2__
    _mm_sfence(); /* the positions' non-temporal stores, before other threads rank them */
#endif
}

/* Draws the values parameter k's ranking sorts (ranked_value: a lognormal's exponents, else its
 * samples) of the whole run again into x (n_iter values), from the same streams and with the same
 * sampler as run_chunk: the same numbers, without storing them. */
static void redraw(const run *r, size_t k, gsl_rng *rng, double *x)
{
    const draw *d = &r->draws[k];
    size_t n = r->n_iter;
    for (size_t c = 0; c < r->n_chunks; c++) {
        size_t i0 = c * PCF__MC_CHUNK;
        size_t i1 = i0 + PCF__MC_CHUNK < n ? i0 + PCF__MC_CHUNK : n;
        gsl_rng_set(rng, pcf__mc_chunk_seed(r->seed, stream_of(r, c, k)));
        pcf__mc_taus st = *(pcf__mc_taus *)rng->state;
        for (size_t i = i0; i < i1; i++)
            x[i] = ranked_value(d, rng, &st);
    }
}

/* Drawn parameter k's ranked value of one iteration, drawn again (pcf__mc_values). */
typedef struct replay {
    const run *r;
    size_t k;
    gsl_rng *rng;
} replay;

/* The ranked value t and the sample of iteration i of the replay's parameter: its chunk's stream
 * drawn again up to i, as run_chunk draws it when it keeps positions. */
static double replay_value(void *ctx, size_t i, double *sample)
{
    const replay *p = ctx;
    const draw *d = &p->r->draws[p->k];
    size_t c = i / PCF__MC_CHUNK;
    gsl_rng_set(p->rng, pcf__mc_chunk_seed(p->r->seed, stream_of(p->r, c, p->k)));
    double t = 0.0;
    for (size_t j = c * PCF__MC_CHUNK; j <= i; j++)
        t = ranked_value(d, p->rng, p->rng->state);
    *sample = sample_of(d, t);
    return t;
}

/*
 * The rank correlation of drawn parameter k with the total, from its stored values when the run
 * kept them, else from its values drawn again. A lognormal's samples are c exp(t) (c = +1 or -1),
 * and ranks see only their order and ties, so its exponents t are ranked instead, which saves an
 * exp per value (a sixth of the ranking's time), when that is exact: equal t give equal samples,
 * and t that differ by 1e-12 or more, all within +-700, give samples that differ (exp's error is
 * within an ulp, 2.2e-16 relative, their ratio at least exp(1e-12)) in the same order (c = -1
 * reverses it: the correlation changes sign). Otherwise (a GSD within 1e-12 or so of 1, a median
 * beyond 1e300) the samples themselves are ranked.
 */
static double rank_drawn(const run *r, size_t k, worker *w)
{
    size_t n = r->n_iter, nd = r->n_draws;
    const draw *d = &r->draws[k];
    int stored = r->param_samples && r->first_stored == 0;
    int lognormal = d->dist == PCF_DIST_LOGNORMAL;
    double rho;
    replay rp = {r, k, &w->rngs[k]};
    pcf__mc_values v = {replay_value, &rp, r->total_iter};
    if (r->pos && pcf__mc_spearman_pos(r->pos, n, n, r->n_rand, k, d->qgap, r->total_rank,
                                       r->total_rank_ss, &v, &w->rank, &rho))
        return lognormal && d->c < 0 ? -rho : rho;
    const double *x = r->param_samples;
    size_t chunk = PCF__MC_CHUNK, n_series = nd, series = k;
    if (!stored) {
        redraw(r, k, &w->rngs[k], w->sorted);
        x = w->sorted;
        chunk = n;
        n_series = 1;
        series = 0;
    }
    rho =
        pcf__mc_spearman(x, n, chunk, n_series, series, r->total_rank, r->total_rank_ss, &w->rank);
    if (!lognormal)
        return rho;
    if (pcf__mc_sorted_spacing(n, 1e-12, 700.0, &w->rank))
        return d->c < 0 ? -rho : rho;
    /* the samples of the exponents: gathered from the kept ones' chunks, or in place over those
     * drawn again (sample_of(d, t) is the sample that drew t, bit for bit) */
    for (size_t i0 = 0; i0 < n; i0 += chunk) {
        size_t len = n - i0 < chunk ? n - i0 : chunk;
        const double *t = x + i0 * n_series + series * len;
        for (size_t j = 0; j < len; j++)
            w->sorted[i0 + j] = sample_of(d, t[j]);
    }
    return pcf__mc_spearman(w->sorted, n, n, 1, 0, r->total_rank, r->total_rank_ss, &w->rank);
}

static void sensitivity_phase(worker *w)
{
    run *r = w->r;
    size_t n = r->n_iter, nr = r->n_rand;
    for (;;) {
        size_t k = atomic_fetch_add(&r->next, 1);
        if (k >= r->n_draws)
            return;
        double rho;
        if (k < nr) {
            rho = rank_drawn(r, k, w);
        } else {
            size_t f = r->first_stored;
            rho = pcf__mc_spearman(r->param_samples, n, PCF__MC_CHUNK, r->n_draws - f, k - f,
                                   r->total_rank, r->total_rank_ss, &w->rank);
        }
        r->sens[k].rho = isfinite(rho) ? rho : 0.0; /* a constant total has no ranking */
    }
}

typedef struct thread_arg {
    worker *w;
    void (*phase)(worker *);
} thread_arg;

static void *thread_main(void *p)
{
    thread_arg *a = p;
    a->phase(a->w);
    return NULL;
}

/*
 * Runs phase on n workers: n - 1 new threads and the calling thread (worker 0). Work is claimed
 * from r->next, so a thread that cannot be started only costs speed, never results.
 */
static void run_parallel(run *r, worker *ws, size_t n, void (*phase)(worker *))
{
    pthread_t tid[PCF__MC_MAX_THREADS];
    thread_arg args[PCF__MC_MAX_THREADS];
    int started[PCF__MC_MAX_THREADS] = {0};
    atomic_store(&r->next, 0);
    for (size_t i = 1; i < n; i++) {
        args[i].w = &ws[i];
        args[i].phase = phase;
        started[i] = pthread_create(&tid[i], NULL, thread_main, &args[i]) == 0;
    }
    phase(&ws[0]);
    for (size_t i = 1; i < n; i++)
        if (started[i])
            pthread_join(tid[i], NULL);
}

/* ---- checks and setup ---- */

static const char *param_what(const pcf__param *p)
{
    return p->kind == PCF__PARAM_FACTOR ? "factor" : "amount of activity";
}

static pcf_status check_core(const pcf__system_core *core, pcf_error *err)
{
    if (core->n_params > 0 && !core->params)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "the system has %zu parameters but no array",
                          core->n_params);
    if (core->n_terms > 0 && !core->terms)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "the system has %zu terms but no array",
                          core->n_terms);
    if (core->n_params >= UINT32_MAX)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "the system has too many parameters (%zu)",
                          core->n_params);
    for (size_t j = 0; j < core->n_params; j++) {
        const pcf__param *p = &core->params[j];
        pcf_error e;
        if (pcf_dist_check(p->dist, p->value, p->p[0], p->p[1], p->p[2], &e) != PCF_OK)
            return pcf__error(err, (pcf_status)e.code,
                              "parameter %zu (%s %u) has an invalid distribution: %s", j,
                              param_what(p), (unsigned)p->label, e.message);
    }
    for (size_t t = 0; t < core->n_terms; t++) {
        const pcf__term *tm = &core->terms[t];
        pcf__numbuf nb;
        if (!isfinite(tm->coef))
            return pcf__error(err, PCF_ERR_INVALID_ARG,
                              "term %zu (activity %u) has a coefficient %s that is not finite", t,
                              (unsigned)tm->activity, pcf__num(&nb, tm->coef));
        if ((tm->amount != PCF__NO_PARAM && tm->amount >= core->n_params) ||
            (tm->factor != PCF__NO_PARAM && tm->factor >= core->n_params))
            return pcf__error(err, PCF_ERR_INVALID_ARG,
                              "term %zu (activity %u) refers to parameter %u, but the system has "
                              "%zu",
                              t, (unsigned)tm->activity,
                              (unsigned)(tm->amount != PCF__NO_PARAM && tm->amount >= core->n_params
                                             ? tm->amount
                                             : tm->factor),
                              core->n_params);
        if (tm->stage >= PCF__STAGE_COUNT)
            return pcf__error(err, PCF_ERR_INVALID_ARG,
                              "term %zu (activity %u) has stage %u; stages run from 0 to %d", t,
                              (unsigned)tm->activity, (unsigned)tm->stage, PCF__STAGE_COUNT - 1);
    }
    return PCF_OK;
}

/* Turns a checked parameter into a draw; returns 0 when it does not vary (no random number). */
static int make_draw(const pcf__param *p, uint32_t index, draw *d)
{
    memset(d, 0, sizeof *d);
    d->param = index;
    d->dist = (uint32_t)p->dist;
    switch (p->dist) {
    case PCF_DIST_LOGNORMAL:
        if (p->p[0] == 1.0 || p->value == 0.0)
            return 0;
        d->a = log(fabs(p->value));
        d->b = log(p->p[0]);
        d->c = p->value < 0 ? -1.0 : 1.0;
        return 1;
    case PCF_DIST_NORMAL:
        if (p->p[0] == 0.0)
            return 0;
        d->a = p->value;
        d->b = p->p[0];
        return 1;
    case PCF_DIST_TRIANGULAR: {
        double lo = p->p[0], mode = p->p[1], hi = p->p[2];
        d->a = lo;
        d->b = hi;
        d->c = (hi - lo) * (mode - lo);
        d->d = (hi - lo) * (hi - mode);
        d->e = (mode - lo) / (hi - lo);
        return 1;
    }
    case PCF_DIST_UNIFORM:
        d->a = p->p[0];
        d->b = p->p[1];
        return 1;
    default:
        return 0;
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Largest share first; equal shares by parameter index, so the order is fully determined. */
static int cmp_sens(const void *a, const void *b)
{
    const pcf__mc_sens *x = a, *y = b;
    if (x->share != y->share)
        return x->share < y->share ? 1 : -1;
    return (x->param > y->param) - (x->param < y->param);
}

static void free_workers(worker *ws, size_t n)
{
    for (size_t i = 0; ws && i < n; i++) {
        free(ws[i].rng_block);
        free(ws[i].rngs);
        free(ws[i].block);
        pcf__mc_rank_work_free(&ws[i].rank);
        free(ws[i].sorted);
        for (size_t b = 0; ws[i].lci && b < ws[i].r->n_lci; b++)
            pcf__lci_mc_work_free(&ws[i].lci[b]);
        free(ws[i].lci);
    }
    free(ws);
}

static pcf_status nomem(pcf_error *err, const char *what, size_t bytes)
{
    return pcf__error(err, PCF_ERR_NOMEM,
                      "out of memory: the Monte Carlo run needs %zu MB for %s; run fewer "
                      "iterations%s",
                      bytes / 1000000 + 1, what,
                      strcmp(what, "the parameter samples of the sensitivity ranking") == 0
                          ? " or turn the ranking off (pcf_mc_options_set_sensitivity)"
                          : "");
}

/* The statistics of scope s from its n values x; sorted is n values of scratch, and rank the
 * ranking's work arrays when the run has them (their sort is faster than gsl_sort's heapsort and
 * gives the same array: the values are finite and never -0). */
static void summarise(pcf_mc *mc, size_t s, const double *x, double *sorted,
                      pcf__mc_rank_work *rank)
{
    size_t n = mc->iterations;
    double *st = mc->stat[s];
    if (rank->keys) {
        pcf__mc_sort(x, n, sorted, rank);
    } else {
        memcpy(sorted, x, n * sizeof *sorted);
        gsl_sort(sorted, 1, n);
    }
    st[PCF_MC_MEAN] = gsl_stats_mean(x, 1, n);
    st[PCF_MC_SD] = gsl_stats_sd_m(x, 1, n, st[PCF_MC_MEAN]);
    st[PCF_MC_MEDIAN] = gsl_stats_quantile_from_sorted_data(sorted, 1, n, 0.5);
    st[PCF_MC_P2_5] = gsl_stats_quantile_from_sorted_data(sorted, 1, n, 0.025);
    st[PCF_MC_P97_5] = gsl_stats_quantile_from_sorted_data(sorted, 1, n, 0.975);
    st[PCF_MC_CV] = st[PCF_MC_MEAN] != 0.0 ? st[PCF_MC_SD] / fabs(st[PCF_MC_MEAN]) : NAN;
    st[PCF_MC_MIN] = sorted[0];
    st[PCF_MC_MAX] = sorted[n - 1];
    for (size_t q = 0; q < mc->n_percents; q++)
        mc->pct[s * mc->n_percents + q] =
            gsl_stats_quantile_from_sorted_data(sorted, 1, n, mc->percents[q] / 100.0);
}

/* One scope (a stage or the total) per task; a stage without terms is all zeros, no sort needed. */
static void summary_phase(worker *w)
{
    run *r = w->r;
    for (;;) {
        size_t s = atomic_fetch_add(&r->next, 1);
        if (s >= PCF__MC_SCOPES)
            return;
        if (s < PCF__STAGE_COUNT && !r->mc->stage_used[s]) {
            for (size_t k = 0; k < PCF__MC_STATS; k++)
                r->mc->stat[s][k] = 0.0;
            r->mc->stat[s][PCF_MC_CV] = NAN;
            continue; /* pct is calloc'ed: zeros */
        }
        summarise(r->mc, s, r->scope + s * r->n_iter, w->sorted, &w->rank);
    }
}

static pcf_status set_percents(pcf_mc *mc, const pcf_mc_options *o, pcf_error *err)
{
    size_t n = 3 + o->n_percents;
    mc->percents = malloc(n * sizeof *mc->percents);
    if (!mc->percents)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory for the percentiles");
    mc->percents[0] = 2.5;
    mc->percents[1] = 50.0;
    mc->percents[2] = 97.5;
    if (o->n_percents)
        memcpy(mc->percents + 3, o->percents, o->n_percents * sizeof *mc->percents);
    qsort(mc->percents, n, sizeof *mc->percents, cmp_double);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (m == 0 || mc->percents[i] != mc->percents[m - 1])
            mc->percents[m++] = mc->percents[i];
    mc->n_percents = m;
    mc->pct = calloc(PCF__MC_SCOPES * m, sizeof *mc->pct);
    if (!mc->pct)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory for the percentiles");
    return PCF_OK;
}

/* What a run allocates besides its workers; run_free releases it. */
typedef struct mc_alloc {
    pcf_mc *mc;
    draw *draws;
    size_t n_rand;                       /* draws drawn from their distribution; then the linked */
    const pcf_lci *lci[PCF__MC_MAX_LCI]; /* the databases some link uses, in the options' order */
    uint64_t lci_seed[PCF__MC_MAX_LCI];
    size_t n_lci;
    pcf__mc_lci_link *links; /* with .lci renumbered into lci[] */
    term *terms;
    double *scope, *param_samples;
    uint32_t *pos, *total_iter; /* total_iter: the last n entries of pos */
    int64_t *total_rank;
    size_t n_draws;
    size_t first_stored; /* draws[first_stored ..) have their samples kept (run.first_stored) */
    int want_sens;
} mc_alloc;

static void mc_alloc_free(mc_alloc *a)
{
    free(a->draws);
    free(a->links);
    free(a->terms);
    free(a->scope);
    free(a->param_samples);
    free(a->pos);
    free(a->total_rank);
}

/*
 * The positions of the drawn parameters' ranked values t (pcf__mc_spearman_pos): a normal's
 * sample and a lognormal's exponent (both mu + sigma z) over mu +- 6 sigma (|z| > 6, 2e-9 of
 * draws, is clamped to an end, which sends the parameter to its values drawn again), a triangular
 * or uniform sample over its range: q = floor(fl(fl(t - lo) s)) with s = (2^32 - 1) / (hi - lo).
 * Each step is monotone, so q2 > q1 means t2 > t1. For a lognormal more is needed (rank_drawn):
 * exponents at least 1e-12 apart, within +-700 (true of mu +- 6 sigma here). q2 - q1 >= g gives
 * f2 - f1 > g - 1 for the unrounded f, and the two roundings move each f by at most 2^-52 f
 * <= 2^-52 (2^32 - 1), under 1e-6: so t2 - t1 > (g - 1 - 1e-6) / s, at least 1e-12 when
 * g >= 1 + 1e-12 s + 1e-6. 0 when some parameter has no such map.
 */
static int set_positions(draw *draws, size_t n_rand)
{
    for (size_t k = 0; k < n_rand; k++) {
        draw *d = &draws[k];
        double lo = d->a, hi = d->b; /* triangular and uniform: min and max */
        if (d->dist == PCF_DIST_NORMAL || d->dist == PCF_DIST_LOGNORMAL) {
            lo = d->a - 6.0 * d->b;
            hi = d->a + 6.0 * d->b;
        }
        double scale = 4294967295.0 / (hi - lo);
        if (!(hi > lo) || !isfinite(scale) || !(scale > 0.0))
            return 0;
        d->qlo = lo;
        d->qscale = scale;
        d->qgap = 1;
        if (d->dist == PCF_DIST_LOGNORMAL) {
            double g = floor(1e-12 * scale + 1e-6) + 2.0;
            if (!(fabs(lo) <= 700.0 && fabs(hi) <= 700.0) || !(g <= 64.0))
                return 0;
            d->qgap = (uint32_t)g;
        }
    }
    return 1;
}

/* The LCI databases the links use, their seeds, and the links renumbered to them; linked[j] is
 * set for every linked parameter j (the caller zeroed it). */
static pcf_status setup_links(mc_alloc *a, const pcf_mc_options *o, const pcf__mc_lci_link *links,
                              size_t n_links, unsigned char *linked, pcf_error *err)
{
    if (n_links == 0)
        return PCF_OK;
    a->links = malloc(n_links * sizeof *a->links);
    if (!a->links)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory setting up a Monte Carlo run");
    uint32_t map[PCF__MC_MAX_LCI];
    for (size_t k = 0; k < o->n_lci; k++)
        map[k] = UINT32_MAX;
    for (size_t l = 0; l < n_links; l++) {
        uint32_t k = links[l].lci;
        if (map[k] == UINT32_MAX) {
            map[k] = (uint32_t)a->n_lci;
            a->lci[a->n_lci] = o->lci[k].lci;
            a->lci_seed[a->n_lci] = pcf__mc_lci_seed(o->seed, pcf_lci_name(o->lci[k].lci));
            a->n_lci++;
        }
        a->links[l] = links[l];
        a->links[l].lci = map[k];
        linked[links[l].param] = 1;
    }
    return PCF_OK;
}

/* Allocates the result, the draws of the uncertain parameters, the terms, the per-iteration
 * totals and (when wanted) the parameter samples of the sensitivity ranking. */
static pcf_status alloc_run(mc_alloc *a, const pcf__system_core *core, const pcf_mc_options *o,
                            const pcf__mc_lci_link *links, size_t n_links, pcf_error *err)
{
    size_t n = o->iterations, np = core->n_params;
    a->mc = calloc(1, sizeof *a->mc);
    a->draws = malloc((np ? np : 1) * sizeof *a->draws);
    a->terms = malloc((core->n_terms ? core->n_terms : 1) * sizeof *a->terms);
    if (!a->mc || !a->draws || !a->terms)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory setting up a Monte Carlo run");
    pcf_mc *mc = a->mc;
    mc->iterations = n;
    mc->seed = o->seed;
    pcf_status st = set_percents(mc, o, err);
    if (st != PCF_OK)
        return st;

    /* the parameters drawn from their distributions first, then the LCI-linked ones, whose
     * values the run takes from the LCI sample (they are ranked like the others) */
    unsigned char *linked = calloc(np ? np : 1, 1);
    if (!linked)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory setting up a Monte Carlo run");
    st = setup_links(a, o, links, n_links, linked, err);
    size_t n_draws = 0;
    for (size_t j = 0; j < np; j++)
        if (!linked[j])
            n_draws += (size_t)make_draw(&core->params[j], (uint32_t)j, &a->draws[n_draws]);
    a->n_rand = n_draws;
    for (size_t j = 0; j < np; j++)
        if (linked[j]) {
            memset(&a->draws[n_draws], 0, sizeof a->draws[n_draws]);
            a->draws[n_draws++].param = (uint32_t)j;
        }
    free(linked);
    if (st != PCF_OK)
        return st;
    a->n_draws = n_draws;
    for (size_t t = 0; t < core->n_terms; t++) {
        const pcf__term *src = &core->terms[t];
        term *dst = &a->terms[t];
        dst->coef = src->coef;
        dst->amount = src->amount == PCF__NO_PARAM ? (uint32_t)np : src->amount;
        dst->factor = src->factor == PCF__NO_PARAM ? (uint32_t)np : src->factor;
        dst->stage = src->stage;
        mc->stage_used[src->stage] = 1;
    }

    size_t n_chunks = (n + PCF__MC_CHUNK - 1) / PCF__MC_CHUNK;
    if (a->n_rand > 0 && n_chunks > PCF__MC_MAX_STREAMS / a->n_rand)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "a Monte Carlo run of %zu iterations of %zu uncertain parameters needs "
                          "%zu x %zu random streams (one per parameter and chunk of %d "
                          "iterations), more than the %lu distinct ones it can draw; run fewer "
                          "iterations",
                          n, a->n_rand, a->n_rand, n_chunks, PCF__MC_CHUNK,
                          (unsigned long)PCF__MC_MAX_STREAMS);
    size_t scope_bytes = pcf__mc_mul_size(pcf__mc_mul_size(PCF__MC_SCOPES, n), sizeof(double));
    a->want_sens = o->sensitivity && n_draws > 0;
    size_t n_linked = n_draws - a->n_rand, n_stored = n_linked, n_pos = 0;
    a->first_stored = a->n_rand;
    if (a->want_sens && a->n_rand > 0) {
        /* the positions, and beside them the iteration of each rank of the total */
        if (n <= PCF__MC_POS_MAX_N && set_positions(a->draws, a->n_rand) &&
            pcf__mc_keep_fits(o, scope_bytes, n_linked, n_linked, a->n_rand + 1)) {
            n_pos = a->n_rand + 1;
        } else if (pcf__mc_keep_fits(o, scope_bytes, n_linked, n_draws, 0)) {
            a->first_stored = 0;
            n_stored = n_draws;
        }
    }
    if ((st = pcf__mc_check_memory(o, scope_bytes, a->want_sens, n_stored, n_pos, err)) != PCF_OK)
        return st;
    a->scope = scope_bytes ? malloc(scope_bytes) : NULL;
    if (!a->scope)
        return nomem(err, "the per-iteration totals", scope_bytes);
    if (a->want_sens) {
        size_t bytes = pcf__mc_mul_size(pcf__mc_mul_size(n, n_stored), sizeof(double));
        size_t pos_bytes = pcf__mc_mul_size(pcf__mc_mul_size(n, n_pos), sizeof(uint32_t));
        /* fresh memory written once: in whole huge pages (pcf__huge_alloc), where faulting in
         * 80 MB 4 KiB at a time cost 0.3 s of CPU on the project's VM, five times the sampling
         * of 1,000 parameters x 10,000 iterations */
        a->param_samples = bytes ? pcf__huge_alloc(bytes) : NULL;
        a->pos = pos_bytes ? pcf__huge_alloc(pos_bytes) : NULL;
        a->total_iter = a->pos ? a->pos + a->n_rand * n : NULL;
        a->total_rank = malloc(n * sizeof *a->total_rank);
        mc->sens = calloc(n_draws, sizeof *mc->sens);
        if ((bytes && !a->param_samples) || (pos_bytes && !a->pos) || !a->total_rank || !mc->sens)
            return nomem(err, "the parameter samples of the sensitivity ranking",
                         bytes + pos_bytes + n * sizeof *a->total_rank);
        mc->n_sens = n_draws;
    }
    return PCF_OK;
}

/*
 * The iterations a worker samples together: as many as keep its value rows, (parameters + 1) x
 * sub doubles, within PCF__MC_SUB_BYTES (the second-level cache it shares with the terms), at
 * least 1 and at most PCF__MC_SUB_MAX.
 */
static size_t sub_chunk(size_t n_params)
{
    size_t sub = PCF__MC_SUB_BYTES / ((n_params + 1) * sizeof(double));
    return sub < 1 ? 1 : sub > PCF__MC_SUB_MAX ? PCF__MC_SUB_MAX : sub;
}

/* Allocates the buffers of n_workers workers of run r and seeds their generators. */
static pcf_status alloc_workers(worker *ws, size_t n_workers, run *r, const pcf__system_core *core,
                                int want_sens, pcf_error *err)
{
    size_t n = r->n_iter, np = core->n_params;
    for (size_t i = 0; i < n_workers; i++) {
        ws[i].r = r;
        ws[i].is_caller = i == 0;
        ws[i].lci_failed_at = SIZE_MAX;
        if (r->n_lci && !(ws[i].lci = calloc(r->n_lci, sizeof *ws[i].lci)))
            return pcf__error(err, PCF_ERR_NOMEM, "out of memory setting up %zu threads",
                              n_workers);
        for (size_t b = 0; b < r->n_lci; b++)
            if (pcf__lci_mc_work_init(r->lci[b], &ws[i].lci[b]) != PCF_OK)
                return pcf__error(err, PCF_ERR_NOMEM,
                                  "out of memory setting up the LCI sampling of %zu threads",
                                  n_workers);
        size_t sub = r->sub;
        ws[i].block = malloc(((np + 1) * sub + 2 * MC_PAD) * sizeof *ws[i].block);
        ws[i].values = ws[i].block ? ws[i].block + MC_PAD : NULL;
        ws[i].sorted = malloc(n * sizeof *ws[i].sorted);
        if (!ws[i].block || !ws[i].sorted)
            return pcf__error(err, PCF_ERR_NOMEM, "out of memory setting up %zu threads",
                              n_workers);
        for (size_t j = 0; j <= np; j++)
            for (size_t s = 0; s < sub; s++)
                ws[i].values[j * sub + s] = j < np ? core->params[j].value : 1.0;
        if (want_sens && !pcf__mc_rank_work_init(&ws[i].rank, n))
            return nomem(err, "the parameter samples of the sensitivity ranking",
                         3 * n * sizeof(double) * n_workers);
        /* without the ranking, its arrays (32 bytes an iteration) still sort the statistics'
         * values faster than gsl_sort where they are small; if they cannot be had, gsl_sort */
        if (!want_sens && n <= PCF__MC_SORT_WORK_MAX)
            (void)pcf__mc_rank_work_init(&ws[i].rank, n);
    }
    /*
     * Each thread's generator states (one per drawn parameter) get cache lines of their own.
     * gsl_rng_alloc makes two small mallocs (struct and 24-byte taus2 state) that land next to
     * the other threads' ones, and every draw writes the state: that false sharing kept 2
     * threads at 1 thread's speed. So the states live in one padded block per thread and each
     * gsl_rng (a public struct of gsl_rng.h: type and state) points into it; they are seeded
     * with gsl_rng_set at once and again for every chunk. This also keeps GSL's allocation (and
     * its aborting error handler) out of the run.
     */
    size_t nr = r->n_rand ? r->n_rand : 1;
    size_t stride = (gsl_rng_taus2->size + 7) / 8 * 8;
    for (size_t i = 0; i < n_workers; i++) {
        size_t pad = MC_PAD * sizeof(double);
        ws[i].rng_block = malloc(nr * stride + 2 * pad);
        ws[i].rngs = malloc(nr * sizeof *ws[i].rngs);
        if (!ws[i].rng_block || !ws[i].rngs)
            return pcf__error(err, PCF_ERR_NOMEM, "out of memory allocating a random generator");
        for (size_t k = 0; k < nr; k++) {
            ws[i].rngs[k].type = gsl_rng_taus2;
            ws[i].rngs[k].state = ws[i].rng_block + pad + k * stride;
            gsl_rng_set(&ws[i].rngs[k], pcf__mc_chunk_seed(r->seed, k));
        }
    }
    return PCF_OK;
}

/* Finite parameters can still overflow (a normal sd of 1e308 draws beyond the range of a
 * double): statistics of such samples would be inf or NaN and look like results. */
static pcf_status check_finite(const double *scope, size_t n, pcf_error *err)
{
    for (size_t sc = 0; sc < PCF__MC_SCOPES; sc++)
        for (size_t i = 0; i < n; i++)
            if (!isfinite(scope[sc * n + i]))
                return pcf__error(err, PCF_ERR_INVALID_ARG,
                                  "Monte Carlo iteration %zu gave a %s %s that is not a finite "
                                  "number: an uncertainty distribution is too wide to compute "
                                  "with (such as a normal standard deviation near 1e308); "
                                  "narrow it",
                                  i, sc == PCF__MC_TOTAL ? "total" : pcf__mc_stage_keys[sc],
                                  sc == PCF__MC_TOTAL ? "footprint" : "stage result");
    return PCF_OK;
}

/* iter[(c[i] + n - 1) / 2] = i for the total's centred ranks c (rank 1 .. n: c = 2 rank - n - 1)
 * when no two totals tie; 0 when some do (two share a rank, or a tie's odd sum). */
static int total_iterations(const int64_t *c, size_t n, uint32_t *iter)
{
    memset(iter, 0xff, n * sizeof *iter);
    for (size_t i = 0; i < n; i++) {
        int64_t twice = c[i] + (int64_t)n - 1;
        if ((twice & 1) || iter[twice / 2] != UINT32_MAX)
            return 0;
        iter[twice / 2] = (uint32_t)i;
    }
    return 1;
}

/* Ranks the parameters by their share of the variance of the total (the rank correlations
 * squared), largest first. */
static void rank_sensitivity(run *r, worker *ws, size_t n_workers, const pcf__system_core *core,
                             const mc_alloc *a)
{
    size_t n = r->n_iter, n_draws = a->n_draws;
    pcf_mc *mc = a->mc;
    r->total_rank_ss =
        pcf__mc_centred_ranks(a->scope + PCF__MC_TOTAL * n, n, a->total_rank, &ws[0].rank);
    r->total_iter =
        a->total_iter && total_iterations(a->total_rank, n, a->total_iter) ? a->total_iter : NULL;
    run_parallel(r, ws, n_workers, sensitivity_phase);
    double sum = 0.0;
    for (size_t k = 0; k < n_draws; k++) {
        const pcf__param *p = &core->params[a->draws[k].param];
        mc->sens[k].param = a->draws[k].param;
        mc->sens[k].kind = p->kind;
        mc->sens[k].label = p->label;
        sum += mc->sens[k].rho * mc->sens[k].rho;
    }
    for (size_t k = 0; k < n_draws; k++)
        mc->sens[k].share = sum > 0.0 ? mc->sens[k].rho * mc->sens[k].rho / sum : 0.0;
    qsort(mc->sens, n_draws, sizeof *mc->sens, cmp_sens);
}

/* Samples, checks and summarises with n_workers workers, then ranks the sensitivity. */
static pcf_status sample_and_summarise(run *r, worker *ws, size_t n_workers,
                                       const pcf__system_core *core, const pcf_mc_options *o,
                                       const mc_alloc *a, pcf_error *err)
{
    size_t n = r->n_iter;
    run_parallel(r, ws, n_workers, sample_phase);
    const worker *bad = NULL;
    for (size_t i = 0; i < n_workers; i++)
        if (ws[i].lci_failed_at != SIZE_MAX && (!bad || ws[i].lci_failed_at < bad->lci_failed_at))
            bad = &ws[i];
    if (bad)
        return pcf__lci_mc_failure(r->lci[bad->lci_failed_db], bad->lci_failed_at, bad->lci_status,
                                   &bad->lci[bad->lci_failed_db], err);
    if (r->cancelled)
        return pcf__error(err, PCF_ERR_CANCELLED,
                          "the Monte Carlo run was cancelled after %zu of "
                          "%zu iterations by its progress callback",
                          atomic_load(&r->done), n);
    if (o->progress && o->progress(n, n, o->userdata) != 0)
        return pcf__error(err, PCF_ERR_CANCELLED,
                          "the Monte Carlo run was cancelled by its progress callback after all "
                          "%zu iterations",
                          n);
    pcf_status st = check_finite(a->scope, n, err);
    if (st != PCF_OK)
        return st;
    run_parallel(r, ws, n_workers, summary_phase);
    if (a->want_sens)
        rank_sensitivity(r, ws, n_workers, core, a);
    return PCF_OK;
}

pcf_status pcf__mc_run_core(const pcf__system_core *core, const pcf_mc_options *opts, pcf_mc **out,
                            pcf_error *err)
{
    return pcf__mc_run_linked(core, opts, NULL, 0, out, err);
}

pcf_status pcf__mc_run_linked(const pcf__system_core *core, const pcf_mc_options *opts,
                              const pcf__mc_lci_link *links, size_t n_links, pcf_mc **out,
                              pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!core || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_mc_run: %s is NULL",
                          !core ? "sys" : "out");
    pcf_mc_options defaults;
    memset(&defaults, 0, sizeof defaults);
    defaults.iterations = 10000;
    defaults.seed = 1;
    defaults.threads = 1;
    defaults.sensitivity = 1;
    const pcf_mc_options *o = opts ? opts : &defaults;

    (void)pcf__mc_zig_init(); /* the sampler's ziggurat tables, once per process */
    pcf_status st = check_core(core, err);
    if (st == PCF_OK)
        st = pcf__mc_check_links(core, o, links, n_links, err);
    if (st != PCF_OK)
        return st;

    size_t n = o->iterations;
    mc_alloc a;
    memset(&a, 0, sizeof a);
    worker *ws = NULL;
    size_t n_workers = 0;
    if ((st = alloc_run(&a, core, o, links, n_links, err)) != PCF_OK)
        goto fail;

    size_t n_chunks = (n + PCF__MC_CHUNK - 1) / PCF__MC_CHUNK;
    n_workers = o->threads < n_chunks ? o->threads : n_chunks;
    ws = calloc(n_workers, sizeof *ws);
    if (!ws) {
        st = pcf__error(err, PCF_ERR_NOMEM, "out of memory setting up %zu threads", n_workers);
        goto fail;
    }
    run r;
    memset(&r, 0, sizeof r);
    r.n_params = core->n_params;
    r.draws = a.draws;
    r.n_draws = a.n_draws;
    r.n_rand = a.n_rand;
    r.lci = a.lci;
    r.lci_seed = a.lci_seed;
    r.n_lci = a.n_lci;
    r.links = a.links;
    r.n_links = n_links;
    r.terms = a.terms;
    r.n_terms = core->n_terms;
    r.n_iter = n;
    r.n_chunks = n_chunks;
    r.sub = sub_chunk(core->n_params);
    r.seed = o->seed;
    r.scope = a.scope;
    r.param_samples = a.param_samples;
    r.first_stored = a.first_stored;
    r.pos = a.pos;
    r.total_rank = a.total_rank;
    r.sens = a.mc->sens;
    r.mc = a.mc;
    r.progress = o->progress;
    r.userdata = o->userdata;
    atomic_init(&r.next, 0);
    atomic_init(&r.done, 0);
    atomic_init(&r.stop, 0);
    if ((st = alloc_workers(ws, n_workers, &r, core, a.want_sens, err)) != PCF_OK ||
        (st = sample_and_summarise(&r, ws, n_workers, core, o, &a, err)) != PCF_OK)
        goto fail;

    if (o->keep_samples) {
        a.mc->samples = a.scope;
        a.scope = NULL;
    }
    free_workers(ws, n_workers);
    mc_alloc_free(&a);
    *out = a.mc;
    return pcf__ok(err);

fail:
    free_workers(ws, n_workers);
    mc_alloc_free(&a);
    pcf_mc_destroy(a.mc);
    return st;
}

pcf_status pcf_mc_run(const pcf_system *sys, const pcf_mc_options *opts, pcf_mc **out,
                      pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!sys || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_mc_run: %s is NULL", !sys ? "sys" : "out");
    pcf__mc_lci_link *links = NULL;
    size_t n_links = 0;
    pcf_status st = pcf__mc_lci_links(sys, opts, &links, &n_links, err);
    if (st == PCF_OK)
        st = pcf__mc_run_linked(pcf__system_get_core(sys), opts, links, n_links, out, err);
    free(links);
    if (st != PCF_OK)
        return st;
    /* Name the ranked parameters while the system is at hand, so the result stands alone. */
    pcf_mc *mc = *out;
    for (size_t k = 0; k < mc->n_sens; k++) {
        char buf[512];
        mc->sens[k].name =
            pcf__strdup(pcf__system_param_label(sys, mc->sens[k].param, buf, sizeof buf));
        if (!mc->sens[k].name) {
            pcf_mc_destroy(mc);
            *out = NULL;
            return pcf__error(err, PCF_ERR_NOMEM, "out of memory naming the ranked parameters");
        }
    }
    return PCF_OK;
}
