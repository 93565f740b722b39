/*
 * pcf — the options of a Monte Carlo run and the limits they are checked against.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "mc_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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
