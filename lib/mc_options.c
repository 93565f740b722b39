/*
 * pcf — the options of a Monte Carlo run and the limits they are checked against, among them
 * the memory a run needs.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "mc_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- options ---- */

pcf_status pcf_mc_options_create(pcf_mc_options **out, pcf_error *err)
{
    if (!out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_mc_options_create: out is NULL");
    *out = calloc(1, sizeof **out);
    if (!*out)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory creating Monte Carlo options");
    (*out)->iterations = 10000;
    (*out)->seed = 1;
    (*out)->threads = 1;
    (*out)->sensitivity = 1;
    return pcf__ok(err);
}

void pcf_mc_options_destroy(pcf_mc_options *opts)
{
    if (!opts)
        return;
    free(opts->percents);
    pcf__mc_options_free_lci(opts);
    free(opts);
}

#define CHECK_OPTS(fn)                                                                             \
    do {                                                                                           \
        if (!opts)                                                                                 \
            return pcf__error(err, PCF_ERR_INVALID_ARG, fn ": opts is NULL");                      \
    } while (0)

pcf_status pcf_mc_options_set_iterations(pcf_mc_options *opts, size_t iterations, pcf_error *err)
{
    CHECK_OPTS("pcf_mc_options_set_iterations");
    if (iterations < 2 || iterations > PCF__MC_MAX_ITERATIONS)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "%zu Monte Carlo iterations is out of range: use 2 to %u (10000 is "
                          "usual)",
                          iterations, PCF__MC_MAX_ITERATIONS);
    opts->iterations = iterations;
    return pcf__ok(err);
}

pcf_status pcf_mc_options_set_seed(pcf_mc_options *opts, uint64_t seed, pcf_error *err)
{
    CHECK_OPTS("pcf_mc_options_set_seed");
    opts->seed = seed;
    return pcf__ok(err);
}

pcf_status pcf_mc_options_set_threads(pcf_mc_options *opts, size_t threads, pcf_error *err)
{
    CHECK_OPTS("pcf_mc_options_set_threads");
    if (threads < 1 || threads > PCF__MC_MAX_THREADS)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "%zu threads is out of range: use 1 to %d (the results do not depend "
                          "on it)",
                          threads, PCF__MC_MAX_THREADS);
    opts->threads = threads;
    return pcf__ok(err);
}

pcf_status pcf_mc_options_set_percentiles(pcf_mc_options *opts, const double *percents,
                                          size_t count, pcf_error *err)
{
    CHECK_OPTS("pcf_mc_options_set_percentiles");
    if (count > 0 && !percents)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "pcf_mc_options_set_percentiles: percents is NULL but count is %zu",
                          count);
    if (count > PCF__MC_MAX_PERCENTILES)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "%zu percentiles asked for; at most %d are allowed", count,
                          PCF__MC_MAX_PERCENTILES);
    for (size_t i = 0; i < count; i++) {
        if (!(percents[i] >= 0.0 && percents[i] <= 100.0)) {
            pcf__numbuf a;
            return pcf__error(err, PCF_ERR_INVALID_ARG,
                              "percentile %s (item %zu) is out of range: give percents between 0 "
                              "and 100, e.g. 5 or 95",
                              pcf__num(&a, percents[i]), i);
        }
    }
    double *copy = NULL;
    if (count > 0) {
        copy = malloc(count * sizeof *copy);
        if (!copy)
            return pcf__error(err, PCF_ERR_NOMEM, "out of memory copying %zu percentiles", count);
        memcpy(copy, percents, count * sizeof *copy);
    }
    free(opts->percents);
    opts->percents = copy;
    opts->n_percents = count;
    return pcf__ok(err);
}

pcf_status pcf_mc_options_set_keep_samples(pcf_mc_options *opts, int keep, pcf_error *err)
{
    CHECK_OPTS("pcf_mc_options_set_keep_samples");
    if (keep != 0 && keep != 1)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "pcf_mc_options_set_keep_samples: keep is %d; use 0 or 1", keep);
    opts->keep_samples = keep;
    return pcf__ok(err);
}

pcf_status pcf_mc_options_set_sensitivity(pcf_mc_options *opts, int on, pcf_error *err)
{
    CHECK_OPTS("pcf_mc_options_set_sensitivity");
    if (on != 0 && on != 1)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "pcf_mc_options_set_sensitivity: on is %d; use 0 or 1", on);
    opts->sensitivity = on;
    return pcf__ok(err);
}

pcf_status pcf_mc_options_set_memory_limit(pcf_mc_options *opts, size_t bytes, pcf_error *err)
{
    CHECK_OPTS("pcf_mc_options_set_memory_limit");
    opts->memory_limit = bytes;
    return pcf__ok(err);
}

pcf_status pcf_mc_options_set_progress(pcf_mc_options *opts, pcf_mc_progress_fn fn, void *userdata,
                                       pcf_error *err)
{
    CHECK_OPTS("pcf_mc_options_set_progress");
    opts->progress = fn;
    opts->userdata = fn ? userdata : NULL;
    return pcf__ok(err);
}

size_t pcf_mc_max_iterations(void)
{
    return PCF__MC_MAX_ITERATIONS;
}

size_t pcf_mc_max_threads(void)
{
    return PCF__MC_MAX_THREADS;
}

size_t pcf_mc_chunk_size(void)
{
    return PCF__MC_CHUNK;
}

/* ---- the memory a run needs ---- */

size_t pcf__mc_mul_size(size_t a, size_t b)
{
    if (a != 0 && b > SIZE_MAX / a)
        return 0;
    return a * b;
}

/* The machine's physical memory in bytes (SIZE_MAX when the system does not say). */
static size_t physical_memory(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    if (pages <= 0 || page <= 0)
        return SIZE_MAX;
    size_t bytes = pcf__mc_mul_size((size_t)pages, (size_t)page);
    return bytes ? bytes : SIZE_MAX;
}

/* a + b and a b, or SIZE_MAX when that is more than a size_t holds. */
static size_t add_sat(size_t a, size_t b)
{
    return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

static size_t mul_sat(size_t a, size_t b)
{
    return a != 0 && b > SIZE_MAX / a ? SIZE_MAX : a * b;
}

/* Adds up the per-iteration buffers of a run (the stage totals, and with the sensitivity ranking
 * (n_ranked) the totals' ranks, n_stored kept values and n_pos positions per iteration): 0 when
 * that is more than a size_t holds (scope_bytes is 0 when they are). */
static size_t run_bytes(size_t n, size_t scope_bytes, int n_ranked, size_t n_stored, size_t n_pos)
{
    if (!scope_bytes || !n_ranked)
        return scope_bytes;
    size_t per =
        add_sat(add_sat(mul_sat(n_stored, sizeof(double)), mul_sat(n_pos, sizeof(uint32_t))),
                sizeof(int64_t));
    size_t need = add_sat(scope_bytes, mul_sat(n, per));
    return need == SIZE_MAX ? 0 : need;
}

static size_t memory_limit(const pcf_mc_options *o)
{
    return o->memory_limit ? o->memory_limit : physical_memory();
}

int pcf__mc_keep_fits(const pcf_mc_options *o, size_t scope_bytes, size_t n_linked, size_t n_stored,
                      size_t n_pos)
{
    size_t n = o->iterations;
    size_t bytes = mul_sat(
        n, add_sat(mul_sat(n_stored - n_linked, sizeof(double)), mul_sat(n_pos, sizeof(uint32_t))));
    size_t need = run_bytes(n, scope_bytes, 1, n_stored, n_pos);
    return bytes <= PCF__MC_KEEP_MAX && need && need <= memory_limit(o);
}

pcf_status pcf__mc_check_memory(const pcf_mc_options *o, size_t scope_bytes, int n_ranked,
                                size_t n_stored, size_t n_pos, pcf_error *err)
{
    size_t n = o->iterations;
    size_t need = run_bytes(n, scope_bytes, n_ranked, n_stored, n_pos);
    size_t limit = memory_limit(o);
    if (need && need <= limit)
        return PCF_OK;
    /* whole MB, unless both round to the same figure ("needs 10 MB and may use 10 MB"): bytes */
    int in_bytes =
        need && (uint64_t)((double)need / 1e6 + 0.5) == (uint64_t)((double)limit / 1e6 + 0.5);
    char want[48], may[48];
    if (!need)
        snprintf(want, sizeof want, "more bytes than a size_t holds");
    else if (in_bytes)
        snprintf(want, sizeof want, "%zu bytes", need);
    else
        snprintf(want, sizeof want, "%.0f MB", (double)need / 1e6);
    if (in_bytes)
        snprintf(may, sizeof may, "%zu bytes", limit);
    else
        snprintf(may, sizeof may, "%.0f MB", (double)limit / 1e6);
    return pcf__error(err, PCF_ERR_NOMEM,
                      "a Monte Carlo run of %zu iterations%s needs %s and may use %s (%s); run "
                      "fewer iterations%s",
                      n, n_ranked ? " with the sensitivity ranking" : "", want, may,
                      o->memory_limit ? "pcf_mc_options_set_memory_limit" : "the physical memory",
                      n_ranked ? " or turn the ranking off (pcf_mc_options_set_sensitivity)" : "");
}
