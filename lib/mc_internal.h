/*
 * pcf — Monte Carlo entry point on the bare arrays of a system. Not installed.
 * GPL-3.0-or-later; see LICENSE.
 *
 * pcf_mc_run() is this function applied to pcf__system_get_core(sys). Tests and the benchmark
 * call it on hand-built cores, so the sampler can be checked without a factor database.
 */
#ifndef PCF_MC_INTERNAL_H
#define PCF_MC_INTERNAL_H

#include "system_internal.h"

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
