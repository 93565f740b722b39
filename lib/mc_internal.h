/*
 * pcf — Monte Carlo internals shared by lib/mc*.c: the options and result records, and the entry
 * point on the bare arrays of a system. Not installed.
 * GPL-3.0-or-later; see LICENSE.
 *
 * pcf_mc_run() is this function applied to pcf__system_get_core(sys). Tests and the benchmark
 * call it on hand-built cores, so the sampler can be checked without a factor database.
 */
#ifndef PCF_MC_INTERNAL_H
#define PCF_MC_INTERNAL_H

#include "system_internal.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include <string.h>

#define PCF__MC_CHUNK          128
#define PCF__MC_MAX_ITERATIONS 100000000u
/* Random streams of a run (one per uncertain parameter and chunk): below taus2's 2^32 seeds, and
 * below the gap to the constant that replaces seed 0 (pcf__mc_chunk_seed), so all are distinct. */
#define PCF__MC_MAX_STREAMS (UINT32_C(1) << 30)
#define PCF__MC_MAX_THREADS 256
/* Without the ranking, runs of at most this many iterations sort their statistics with the
 * ranking's sort (pcf__mc_sort) rather than gsl_sort. */
#define PCF__MC_SORT_WORK_MAX 65536u
/* Runs of at most this many iterations keep 32-bit positions of the drawn parameters' values
 * for the ranking (pcf__mc_spearman_pos) instead of the values: beyond, two positions more often
 * coincide. A few close ones are put in order from their values drawn again one by one; a
 * parameter with a group of more than 64, a value clamped to an end of its range, or a run whose
 * totals tie, is ranked from all its values drawn again. */
#define PCF__MC_POS_MAX_N 16384u
/* The most bytes of parameter values a run with the sensitivity ranking keeps to rank them from
 * (1,000 parameters x 10,000 iterations take 80 MB); past it they are drawn again. */
#define PCF__MC_KEEP_MAX        ((size_t)256 << 20)
#define PCF__MC_MAX_PERCENTILES 64
#define PCF__MC_SCOPES          (PCF__STAGE_COUNT + 1) /* the stages, then the total */
#define PCF__MC_TOTAL           PCF__STAGE_COUNT
#define PCF__MC_STATS           8

/* The keys of the stages in JSON and messages, in stage order (mc_result.c). */
extern const char *const pcf__mc_stage_keys[PCF__STAGE_COUNT];

/* ---- options (mc_options.c) ---- */

typedef struct pcf_lci pcf_lci;

#define PCF__MC_MAX_LCI 16

/* An LCI database a run samples once per iteration (lib/mc_lci.c). */
typedef struct pcf__mc_lci {
    const pcf_lci *lci;
    int owned; /* opened by pcf_mc_options_open_lci: destroyed with the options */
} pcf__mc_lci;

struct pcf_mc_options {
    size_t iterations;
    uint64_t seed;
    size_t threads;
    double *percents;
    size_t n_percents;
    int keep_samples;
    int sensitivity;
    size_t memory_limit; /* bytes a run may allocate; 0: the machine's physical memory */
    pcf_mc_progress_fn progress;
    void *userdata;
    pcf__mc_lci lci[PCF__MC_MAX_LCI];
    size_t n_lci;
};

/* Destroys the LCI databases the options opened (mc_lci.c). */
void pcf__mc_options_free_lci(pcf_mc_options *o);

/* ---- the memory a run needs (mc_options.c) ---- */

/* a b, or 0 when that overflows a size_t. */
size_t pcf__mc_mul_size(size_t a, size_t b);

/*
 * Whether the ranking can keep what the sampling gives it (then it need not draw the values
 * again): n_stored doubles and n_pos positions per iteration, of which those beyond the n_linked
 * that must be kept take at most PCF__MC_KEEP_MAX bytes, and the run of o->iterations with
 * scope_bytes of stage totals stays within its limit.
 */
int pcf__mc_keep_fits(const pcf_mc_options *o, size_t scope_bytes, size_t n_linked, size_t n_stored,
                      size_t n_pos);

/*
 * PCF_OK when the per-iteration buffers of a run (scope_bytes of stage totals and, with the
 * ranking (n_ranked), the totals' ranks, n_stored kept values and n_pos positions per iteration)
 * fit the options' memory limit, else the physical memory; else PCF_ERR_NOMEM with a message
 * that gives both. Checked before any of them is allocated: with overcommit a malloc of more
 * than the machine has succeeds and the host dies later.
 */
pcf_status pcf__mc_check_memory(const pcf_mc_options *o, size_t scope_bytes, int n_ranked,
                                size_t n_stored, size_t n_pos, pcf_error *err);

/* ---- the result (mc_result.c) ---- */

typedef struct pcf__mc_sens {
    char *name; /* resolve's label of the parameter; NULL when the run had no system */
    size_t param;
    uint32_t kind;
    uint32_t label;
    double rho;
    double share;
} pcf__mc_sens;

struct pcf_mc {
    size_t iterations;
    uint64_t seed;
    double *percents; /* sorted, unique: 2.5, 50, 97.5 and those asked for */
    size_t n_percents;
    double stat[PCF__MC_SCOPES][PCF__MC_STATS];
    double *pct;     /* PCF__MC_SCOPES × n_percents */
    double *samples; /* PCF__MC_SCOPES × iterations, scope-major, or NULL when not kept */
    int stage_used[PCF__STAGE_COUNT];
    pcf__mc_sens *sens;
    size_t n_sens;
};

/*
 * Runs Monte Carlo on core (borrowed for the call). opts may be NULL for the defaults. Same
 * contract as pcf_mc_run().
 */
pcf_status pcf__mc_run_core(const pcf__system_core *core, const pcf_mc_options *opts, pcf_mc **out,
                            pcf_error *err);

/*
 * Dependent sampling of LCI factors (docs/lci.md, "In a product model's Monte Carlo"): factor
 * parameter `param` takes, in every iteration, the sampled kg CO2e per unit of process `process`
 * of LCI database opts->lci[lci]. The database is sampled once per iteration, shared by every
 * parameter linked to it.
 */
typedef struct pcf__mc_lci_link {
    uint32_t param;
    uint32_t lci;
    size_t process;
} pcf__mc_lci_link;

/* pcf__mc_run_core with links (n_links 0: the same as pcf__mc_run_core). */
pcf_status pcf__mc_run_linked(const pcf__system_core *core, const pcf_mc_options *opts,
                              const pcf__mc_lci_link *links, size_t n_links, pcf_mc **out,
                              pcf_error *err);

/* PCF_OK when the links name parameters of core and processes of the options' LCI databases,
 * each parameter at most once, and those databases can be sampled (mc_lci.c). */
pcf_status pcf__mc_check_links(const pcf__system_core *core, const pcf_mc_options *o,
                               const pcf__mc_lci_link *links, size_t n_links, pcf_error *err);

/* The links of sys's factors to the LCI databases of opts (mc_lci.c): *links is malloc'ed
 * (NULL when none). Errors: a process not in the database, another GWP set, a stale row. */
pcf_status pcf__mc_lci_links(const pcf_system *sys, const pcf_mc_options *opts,
                             pcf__mc_lci_link **links, size_t *n_links, pcf_error *err);

/* The seed of LCI database `name`'s streams in a run seeded `seed`: iteration i draws it as
 * pcf_lci_mc(lci, ..., pcf__mc_lci_seed(seed, name), ...) draws its iteration i. */
uint64_t pcf__mc_lci_seed(uint64_t seed, const char *name);

/* GSL's taus2 generator state (taus.c: three unsigned longs), which gsl_rng_set seeds. */
typedef struct pcf__mc_taus {
    unsigned long s1, s2, s3;
} pcf__mc_taus;

/* gsl_rng_get for a taus2 generator: taus2's step (L'Ecuyer 1996, as GSL's taus.c writes it) on
 * the state in place, without the call through the type's function pointer. */
static inline unsigned long pcf__mc_taus2_get(pcf__mc_taus *t)
{
    const unsigned long mask = 0xffffffffUL;
    t->s1 = (((t->s1 & 4294967294UL) << 12) & mask) ^ ((((t->s1 << 13) & mask) ^ t->s1) >> 19);
    t->s2 = (((t->s2 & 4294967288UL) << 4) & mask) ^ ((((t->s2 << 2) & mask) ^ t->s2) >> 25);
    t->s3 = (((t->s3 & 4294967280UL) << 17) & mask) ^ ((((t->s3 << 3) & mask) ^ t->s3) >> 11);
    return t->s1 ^ t->s2 ^ t->s3;
}

/*
 * x where mask is all ones, y where it is 0: a select without a branch. mc.c's triangular
 * sampler's u < F(mode) is a coin toss per draw, and GCC compiled its ?: to branches (about 1 % of
 * case (a)'s CPU with the ranking).
 */
static inline double pcf__mc_pick(uint64_t mask, double x, double y)
{
    uint64_t a, b;
    memcpy(&a, &x, sizeof a);
    memcpy(&b, &y, sizeof b);
    a = (a & mask) | (b & ~mask);
    memcpy(&x, &a, sizeof x);
    return x;
}

/* gsl_rng_uniform(rng) for a taus2 generator whose state (rng->state, or the copy a loop works
 * on) is t: taus2's step divided by 2^32, without gsl_rng_uniform's call through the type's
 * function pointer (a uniform or triangular draw was two calls). Same numbers, bit for bit
 * (test_taus2_inline). */
static inline double pcf__mc_taus2_uniform(pcf__mc_taus *t)
{
    return (double)pcf__mc_taus2_get(t) / 4294967296.0;
}

/*
 * The fast path of gsl_ran_gaussian_ziggurat on a taus2 generator (mc_zig.c): when j = bits 8-31
 * of the generator's number is below k[i] (i = its bits 0-6) the draw is +-j w[i]; else GSL draws
 * it. Filled by pcf__mc_zig_init from the installed GSL; all k[i] 0 (every draw to GSL) when
 * that could not be done.
 */
typedef struct pcf__mc_zig_tables {
    uint32_t k[128];
    double w[128];
} pcf__mc_zig_tables;

extern pcf__mc_zig_tables pcf__mc_zig;

/* Fills pcf__mc_zig once per process (thread-safe); 1 when its fast path is on. */
int pcf__mc_zig_init(void);

/*
 * gsl_ran_gaussian_ziggurat(rng, 1.0) for a taus2 generator, the same numbers bit for bit
 * (test_gaussian_inline), with the common case inline: one taus2 step, two table reads and a
 * product; the rest (a draw in a wedge or the tail, about 3 %) goes to GSL from the same state.
 * t is the generator's state the caller works on, rng->state or a copy of it (which a loop can
 * keep in registers; the caller stores it back): GSL's draws go through rng->state.
 */
static inline double pcf__mc_gaussian(gsl_rng *rng, pcf__mc_taus *t)
{
    pcf__mc_taus saved = *t;
    unsigned long k = pcf__mc_taus2_get(t), i = k & 0x7f, j = (k >> 8) & 0xffffff;
    if (j < pcf__mc_zig.k[i]) {
        double x = (double)j * pcf__mc_zig.w[i];
        uint64_t bits;
        memcpy(&bits, &x, sizeof bits);
        bits ^= (uint64_t)(~k & 0x80) << 56; /* GSL's sign: + with bit 7 set; no branch */
        memcpy(&x, &bits, sizeof x);
        return x;
    }
    pcf__mc_taus *state = rng->state;
    *state = saved;
    double x = gsl_ran_gaussian_ziggurat(rng, 1.0);
    *t = *state;
    return x;
}

/* The 32-bit taus2 seed of random stream `chunk` of a run seeded with `seed` (exposed for tests):
 * stream c × (uncertain parameters) + k draws parameter k in chunk c. */
unsigned long pcf__mc_chunk_seed(uint64_t seed, size_t chunk);

/* ---- the sensitivity ranking (mc_rank.c) ---- */

/* Work arrays for ranking n samples (n < 2^31): keys, idx and digit of 2n entries. */
typedef struct pcf__mc_rank_work {
    uint64_t *keys;
    uint32_t *idx;
    uint32_t *digit;
    size_t block; /* products summed in an int64_t before they go to a double (tests lower it) */
} pcf__mc_rank_work;

/* 1 when the arrays for n samples were allocated, 0 when out of memory (w is then empty). */
int pcf__mc_rank_work_init(pcf__mc_rank_work *w, size_t n);
void pcf__mc_rank_work_free(pcf__mc_rank_work *w);

/*
 * The centred, doubled ranks of y: c[i] = 2 rank(y[i]) - (n + 1), ranks 1..n with ties sharing
 * their average rank (as gsl_stats_spearman ranks), so every c[i] is an integer and they sum to
 * 0. Returns the sum of the c[i]^2.
 */
double pcf__mc_centred_ranks(const double *y, size_t n, int64_t *c, pcf__mc_rank_work *w);

/*
 * Spearman's rank correlation of the n values of series `series` of x with the values whose
 * centred ranks are cy (syy = the sum of their squares, both from pcf__mc_centred_ranks): what
 * gsl_stats_spearman computes, in exact integer sums. NaN when either is constant. x holds
 * n_series series chunk by chunk: chunk i0 (= 0, chunk, 2 chunk, ...) of len = min(chunk, n - i0)
 * values per series starts at x + i0 n_series, series after series, so value i0 + j of series s
 * is x[i0 n_series + s len + j] (one array of n values: chunk = n, n_series = 1, series = 0).
 */
double pcf__mc_spearman(const double *x, size_t n, size_t chunk, size_t n_series, size_t series,
                        const int64_t *cy, double syy, pcf__mc_rank_work *w);

/*
 * Where pcf__mc_spearman_pos finds two positions too close to decide, the values behind them:
 * value(ctx, i, &sample) returns the value t whose position iteration i holds and sets sample to
 * the value ranked (t itself, or for a lognormal ranked by its exponent t, c exp(t): ties are
 * where samples are equal; the order is t's). iter[(c + n - 1) / 2] is the iteration whose total
 * has centred rank c, when no two totals tie (else iter is NULL and such series are declined).
 */
typedef struct pcf__mc_values {
    double (*value)(void *ctx, size_t i, double *sample);
    void *ctx;
    const uint32_t *iter;
} pcf__mc_values;

/*
 * Spearman's rho of values known only by their 32-bit positions q (laid out as pcf__mc_spearman
 * lays out x): q = floor((t - lo) s) clamped to [0, 2^32 - 1], monotone in the value t, so when
 * all positions differ the values are in their order without ties. Returns 1 with *rho (as
 * pcf__mc_spearman would give for the values) when none is 0 or 2^32 - 1 (a clamped value) and
 * every two positions next to each other in sorted order are at least gap (>= 1) apart, or,
 * with v, the few closer ones are put in order (and their ties found) from their values; else 0,
 * and the caller must rank the values themselves.
 */
int pcf__mc_spearman_pos(const uint32_t *q, size_t n, size_t chunk, size_t n_series, size_t series,
                         uint32_t gap, const int64_t *cy, double syy, const pcf__mc_values *v,
                         pcf__mc_rank_work *w, double *rho);

/* The n values of x in ascending order into sorted (-0 comes out as +0). */
void pcf__mc_sort(const double *x, size_t n, double *sorted, pcf__mc_rank_work *w);

/*
 * After pcf__mc_spearman(x, n, ...) (w still holds the n values' sorted order): 1 when every
 * value lies within [-bound, bound] and every two values next to each other in that order are
 * equal or at least gap apart, else 0.
 */
int pcf__mc_sorted_spacing(size_t n, double gap, double bound, const pcf__mc_rank_work *w);

#endif
