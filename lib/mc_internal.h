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

#define PCF__MC_CHUNK           128
#define PCF__MC_MAX_ITERATIONS  100000000u
#define PCF__MC_MAX_THREADS     256
#define PCF__MC_MAX_PERCENTILES 64
#define PCF__MC_SCOPES          (PCF__STAGE_COUNT + 1) /* the stages, then the total */
#define PCF__MC_TOTAL           PCF__STAGE_COUNT
#define PCF__MC_STATS           8

/* The keys of the stages in JSON and messages, in stage order (mc_result.c). */
extern const char *const pcf__mc_stage_keys[PCF__STAGE_COUNT];

/* ---- options (mc_options.c) ---- */

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
};

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

/* The 32-bit taus2 seed of chunk `chunk` of a run seeded with `seed` (exposed for tests). */
unsigned long pcf__mc_chunk_seed(uint64_t seed, size_t chunk);

/*
 * Ranks 1..n of x (n < 2^32), ties sharing their average rank as gsl_stats_spearman does, so the
 * Pearson correlation of two rank vectors is Spearman's rho. keys and idx are work arrays of 2n.
 */
void pcf__mc_rank(const double *x, size_t n, double *rank, uint64_t *keys, uint32_t *idx);

#endif
