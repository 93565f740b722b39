/*
 * pcf — product carbon footprints (ISO 14067, GB/T 24067-2024).
 * Copyright (C) 2026 the pcf authors. GPL-3.0-or-later; see LICENSE.
 */

/**
 * @file pcf/mc.h
 * @brief Uncertainty: Monte Carlo propagation of the distributions (pcf/dist.h) of factors and
 *        amounts through a resolved product system.
 */
#ifndef PCF_MC_H
#define PCF_MC_H

#include "pcf/common.h"
#include "pcf/dist.h"

PCF_BEGIN_DECLS

/* ---------------------------------------------------------------------------------------------
 * Monte Carlo propagation
 *
 * pcf_mc_run() samples every uncertain parameter of a resolved system (every activity amount and
 * every factor value that carries a distribution) and re-evaluates the footprint
 *
 *     kg CO2e = Σ_t coef_t × amount_t × factor_t
 *
 * once per iteration. A factor used by many activities is ONE parameter, drawn once per
 * iteration, so its uncertainty does not average away (a model that uses "China grid" ten times
 * has ten times that factor's standard deviation, not √10 times).
 *
 * Random numbers come from GSL's "taus2" generator. Iterations are cut into fixed chunks of
 * pcf_mc_chunk_size() iterations; chunk c has its own stream seeded from (seed, c), and every
 * statistic is computed from the per-iteration results in iteration order, so one seed gives
 * bit-identical results, samples included, whatever the thread count.
 * ------------------------------------------------------------------------------------------- */

/** A resolved product system (see pcf/system.h). Immutable: share it between threads freely. */
typedef struct pcf_system pcf_system;

/**
 * Settings of a Monte Carlo run: iterations, seed, threads, extra percentiles, whether to keep the
 * samples, whether to rank parameters, and a progress callback.
 * Thread-safety: one thread at a time.
 */
typedef struct pcf_mc_options pcf_mc_options;

/**
 * The outcome of a Monte Carlo run: statistics of the total and of each life-cycle stage, the
 * sensitivity ranking, the seed and generator (audit trail) and, on request, the samples.
 * Thread-safety: immutable once returned, share freely.
 */
typedef struct pcf_mc pcf_mc;

/**
 * Progress of a run: @p done of @p total iterations are finished.
 *
 * Called on the thread that called pcf_mc_run() (never on a worker thread), after each chunk of
 * iterations that thread finished, and once more with @p done == @p total when sampling is
 * complete. Worker threads keep sampling while it runs, so keep it short. It is never called when
 * pcf_mc_run() fails its argument checks.
 * @return 0 to go on; any other value cancels the run, which then returns ::PCF_ERR_CANCELLED.
 */
typedef int (*pcf_mc_progress_fn)(size_t done, size_t total, void *userdata);

/** A summary statistic of a Monte Carlo distribution, in kg CO2e (CV: a plain ratio). */
typedef enum pcf_mc_stat {
    PCF_MC_MEAN = 0,   /**< Arithmetic mean. */
    PCF_MC_SD = 1,     /**< Sample standard deviation (n − 1 denominator). */
    PCF_MC_MEDIAN = 2, /**< 50th percentile. */
    PCF_MC_P2_5 = 3,   /**< 2.5th percentile (lower end of the 95% interval). */
    PCF_MC_P97_5 = 4,  /**< 97.5th percentile (upper end of the 95% interval). */
    PCF_MC_CV = 5,     /**< Coefficient of variation, sd / |mean|; NaN when the mean is 0. */
    PCF_MC_MIN = 6,    /**< Smallest sample. */
    PCF_MC_MAX = 7     /**< Largest sample. */
} pcf_mc_stat;

/** What a ranked parameter describes. */
typedef enum pcf_mc_param_kind {
    PCF_MC_PARAM_AMOUNT = 0, /**< An activity amount; its label is the activity index. */
    PCF_MC_PARAM_FACTOR = 1  /**< A factor value; its label is the factor index of the system. */
} pcf_mc_param_kind;

/**
 * Creates options with the defaults: 10,000 iterations, seed 1, 1 thread, no extra percentiles,
 * samples not kept, sensitivity ranking on, no progress callback.
 * @param[out] out the options. Ownership: caller owns, release with pcf_mc_options_destroy().
 * @param[out] err optional error record.
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG when @p out is NULL; ::PCF_ERR_NOMEM.
 * Thread-safety: safe from any thread.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_mc_options_create(pcf_mc_options **out, pcf_error *err);

/**
 * Releases options. Accepts NULL.
 * @since 0.1
 */
PCF_API void pcf_mc_options_destroy(pcf_mc_options *opts);

/**
 * Sets the number of iterations, 2 to pcf_mc_max_iterations(). 10,000 gives percentiles to about
 * two significant digits.
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for NULL @p opts or an out-of-range count.
 * Thread-safety: one thread at a time per @p opts.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_mc_options_set_iterations(pcf_mc_options *opts,
                                                               size_t iterations, pcf_error *err);

/**
 * Sets the seed. Any value is valid; the same seed gives the same results.
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for NULL @p opts.
 * Thread-safety: one thread at a time per @p opts.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_mc_options_set_seed(pcf_mc_options *opts, uint64_t seed,
                                                         pcf_error *err);

/**
 * Sets how many threads sample, 1 to pcf_mc_max_threads(). With 1 the calling thread does all the
 * work and no thread is started; with more, threads − 1 workers are started and all are joined
 * before pcf_mc_run() returns. The results do not depend on this setting.
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for NULL @p opts or an out-of-range count.
 * Thread-safety: one thread at a time per @p opts.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_mc_options_set_threads(pcf_mc_options *opts, size_t threads,
                                                            pcf_error *err);

/**
 * Asks for extra percentiles (in percent, each in [0, 100]) besides 2.5, 50 and 97.5, which are
 * always computed. Replaces any earlier list; @p count 0 clears it.
 * @param[in] percents @p count values. Ownership: copied.
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for NULL @p opts, NULL @p percents with @p count > 0,
 *         more than 64 values, or a value outside [0, 100] (named in the message);
 *         ::PCF_ERR_NOMEM.
 * Thread-safety: one thread at a time per @p opts.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_mc_options_set_percentiles(pcf_mc_options *opts,
                                                                const double *percents,
                                                                size_t count, pcf_error *err);

/**
 * Keeps (1) or drops (0, the default) the per-iteration totals of the footprint and of each stage
 * (8 × 7 bytes per iteration), for histograms and for pcf_mc_total_samples().
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for NULL @p opts or a value other than 0 and 1.
 * Thread-safety: one thread at a time per @p opts.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_mc_options_set_keep_samples(pcf_mc_options *opts, int keep,
                                                                 pcf_error *err);

/**
 * Turns the sensitivity ranking on (1, the default) or off (0). The ranking keeps every uncertain
 * parameter's samples during the run (8 bytes × parameters × iterations) and sorts each of them
 * once, which can cost more than the sampling itself on large models.
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for NULL @p opts or a value other than 0 and 1.
 * Thread-safety: one thread at a time per @p opts.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_mc_options_set_sensitivity(pcf_mc_options *opts, int on,
                                                                pcf_error *err);

/**
 * Sets the most memory, in bytes, a run may allocate for its per-iteration buffers (the totals of
 * each stage, and the parameter samples of the sensitivity ranking). 0, the default, means the
 * machine's physical memory. pcf_mc_run() adds up what the run needs before it allocates anything
 * and refuses a run that needs more with ::PCF_ERR_NOMEM, naming both figures, instead of
 * letting the operating system's overcommit end the host process later. An ERP host that shares
 * a machine sets its own share here.
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for NULL @p opts.
 * Thread-safety: one thread at a time per @p opts.
 * @since 0.2
 */
PCF_NODISCARD PCF_API pcf_status pcf_mc_options_set_memory_limit(pcf_mc_options *opts, size_t bytes,
                                                                 pcf_error *err);

/**
 * Sets (or with NULL @p fn clears) the progress callback; see ::pcf_mc_progress_fn for when and
 * on which thread it is called.
 * @param userdata passed back to @p fn untouched. Ownership: borrowed; the caller keeps it valid
 *        while pcf_mc_run() runs.
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for NULL @p opts.
 * Thread-safety: one thread at a time per @p opts.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_mc_options_set_progress(pcf_mc_options *opts,
                                                             pcf_mc_progress_fn fn, void *userdata,
                                                             pcf_error *err);

/** Largest iteration count pcf_mc_options_set_iterations() accepts (100,000,000). @since 0.1 */
PCF_API size_t pcf_mc_max_iterations(void);

/** Largest thread count pcf_mc_options_set_threads() accepts (256). @since 0.1 */
PCF_API size_t pcf_mc_max_threads(void);

/** Iterations per chunk, the unit of work that owns one random stream (128). @since 0.1 */
PCF_API size_t pcf_mc_chunk_size(void);

/**
 * Runs a Monte Carlo simulation of @p sys.
 *
 * Every parameter is checked first (pcf_dist_check()); a bad one fails the run before any random
 * number is drawn, naming the parameter.
 * @param[in] sys a resolved system. Ownership: borrowed for the call.
 * @param[in] opts settings, or NULL for the defaults of pcf_mc_options_create(). Ownership:
 *        borrowed for the call (the result keeps what it needs).
 * @param[out] out the result. Ownership: caller owns, release with pcf_mc_destroy().
 * @param[out] err optional error record.
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for NULL arguments or an invalid parameter or term;
 *         ::PCF_ERR_NOMEM (the message says how much memory the run needed);
 *         ::PCF_ERR_CANCELLED when the progress callback asked to stop. A worker thread that
 *         cannot be started is not an error: its share of the chunks is run by the others, with
 *         the same results.
 * Thread-safety: safe to call from several threads at once on the same @p sys, each with its own
 *         @p opts (or the same @p opts, if nobody modifies it meanwhile).
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_mc_run(const pcf_system *sys, const pcf_mc_options *opts,
                                            pcf_mc **out, pcf_error *err);

/**
 * Releases a result. Accepts NULL.
 * @since 0.1
 */
PCF_API void pcf_mc_destroy(pcf_mc *mc);

/** Number of iterations run (0 for NULL). @since 0.1 */
PCF_API size_t pcf_mc_iterations(const pcf_mc *mc);

/** The seed the run used (0 for NULL). @since 0.1 */
PCF_API uint64_t pcf_mc_seed(const pcf_mc *mc);

/**
 * The GSL generator the run used, "taus2", for the audit trail (NULL for NULL).
 * Ownership: static string.
 * @since 0.1
 */
PCF_API const char *pcf_mc_generator(const pcf_mc *mc);

/** Number of life-cycle stages reported (6: materials … end_of_life), 0 for NULL. @since 0.1 */
PCF_API size_t pcf_mc_stage_count(const pcf_mc *mc);

/**
 * A statistic of the total footprint, in kg CO2e (CV is a ratio).
 * @return the value; NaN for NULL @p mc or an invalid @p stat.
 * @since 0.1
 */
PCF_API double pcf_mc_total_stat(const pcf_mc *mc, pcf_mc_stat stat);

/**
 * A statistic of life-cycle stage @p stage (0 materials, 1 production, 2 transport, 3 storage,
 * 4 use, 5 end_of_life), in kg CO2e. A stage without activities has all statistics 0 and CV NaN.
 * @return the value; NaN for NULL @p mc, an invalid @p stat or @p stage out of range.
 * @since 0.1
 */
PCF_API double pcf_mc_stage_stat(const pcf_mc *mc, size_t stage, pcf_mc_stat stat);

/**
 * The @p percent-th percentile of the total footprint (linear interpolation between order
 * statistics, as gsl_stats_quantile_from_sorted_data), in kg CO2e. Available for 2.5, 50, 97.5
 * and the values given to pcf_mc_options_set_percentiles(); any percentile when samples were
 * kept.
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for NULL arguments or @p percent outside [0, 100];
 *         ::PCF_ERR_NOT_FOUND when that percentile was not asked for (the message says how).
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_mc_total_percentile(const pcf_mc *mc, double percent,
                                                         double *out, pcf_error *err);

/**
 * As pcf_mc_total_percentile(), for life-cycle stage @p stage.
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG (also for @p stage out of range); ::PCF_ERR_NOT_FOUND.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_mc_stage_percentile(const pcf_mc *mc, size_t stage,
                                                         double percent, double *out,
                                                         pcf_error *err);

/**
 * The per-iteration totals in iteration order (pcf_mc_iterations() values, kg CO2e), or NULL when
 * samples were not kept.
 * Ownership: borrowed, valid until @p mc is destroyed.
 * @since 0.1
 */
PCF_API const double *pcf_mc_total_samples(const pcf_mc *mc);

/**
 * The per-iteration totals of stage @p stage, or NULL when samples were not kept or @p stage is
 * out of range.
 * Ownership: borrowed, valid until @p mc is destroyed.
 * @since 0.1
 */
PCF_API const double *pcf_mc_stage_samples(const pcf_mc *mc, size_t stage);

/**
 * Number of ranked parameters: every parameter that varies (0 when the ranking was off).
 *
 * The ranking orders parameters by their share of the variance of the total, largest first. The
 * share is the squared Spearman rank correlation with the total, normalised so that the shares
 * sum to 1 (the "contribution to variance" of Crystal Ball and @RISK). For a sum of products of
 * independent inputs, which a footprint is, ρ² approximates the first-order (Sobol) variance
 * share on the rank scale; it needs no extra model runs and is not distorted by the long tails of
 * lognormal factors, which a Pearson-based share would be.
 * @since 0.1
 */
PCF_API size_t pcf_mc_sensitivity_count(const pcf_mc *mc);

/** Index into the system's parameters of the parameter ranked @p rank (SIZE_MAX if out of range).
 * @since 0.1 */
PCF_API size_t pcf_mc_sensitivity_param(const pcf_mc *mc, size_t rank);

/** What the parameter ranked @p rank describes (::PCF_MC_PARAM_AMOUNT if out of range). @since 0.1
 */
PCF_API pcf_mc_param_kind pcf_mc_sensitivity_kind(const pcf_mc *mc, size_t rank);

/**
 * The activity index (amount) or factor index (factor) of the parameter ranked @p rank, as the
 * system numbers them (SIZE_MAX if out of range).
 * @since 0.1
 */
PCF_API size_t pcf_mc_sensitivity_label(const pcf_mc *mc, size_t rank);

/**
 * What the parameter ranked @p rank is, for people: "factor CODE: name" or "amount of NAME (JSON
 * path)" as resolve labels it; "" when the run had no names; NULL if out of range.
 * Ownership: borrowed, valid until @p mc is destroyed.
 * @since 0.1
 */
PCF_API const char *pcf_mc_sensitivity_name(const pcf_mc *mc, size_t rank);

/** Spearman rank correlation, in [−1, 1], of the parameter ranked @p rank with the total (NaN if
 * out of range). @since 0.1 */
PCF_API double pcf_mc_sensitivity_spearman(const pcf_mc *mc, size_t rank);

/** Share of the variance, in [0, 1], of the parameter ranked @p rank (NaN if out of range). @since
 * 0.1 */
PCF_API double pcf_mc_sensitivity_share(const pcf_mc *mc, size_t rank);

/**
 * Writes the result as JSON: seed, generator, iterations, statistics of the total and of each
 * stage that has activities (keys "materials" … "end_of_life"), the percentiles, the sensitivity
 * ranking and, when kept, the samples. Numbers are written locale-independently; the seed is a
 * number when it is at most 2^53 and a decimal string above.
 * @param[out] out the NUL-terminated UTF-8 text. Ownership: caller owns, release with pcf_free().
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for NULL arguments; ::PCF_ERR_NOMEM.
 * Thread-safety: safe from any thread (@p mc is immutable).
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_mc_to_json(const pcf_mc *mc, char **out, pcf_error *err);

PCF_END_DECLS

#endif /* PCF_MC_H */
