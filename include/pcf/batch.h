/*
 * pcf — product carbon footprints (ISO 14067, GB/T 24067-2024).
 * Copyright (C) 2026 the pcf authors. GPL-3.0-or-later; see LICENSE.
 */

/**
 * @file pcf/batch.h
 * @brief Streaming batch: many models in (JSON Lines), one result record per line out.
 *
 * The input has one model per line: the model document itself (docs/model-format.md, on one
 * line) or `{"path": "model.json"}` naming a model file (a relative path is taken from the
 * base directory, pcf_batch_options_set_base_dir()). The output has one record per input line,
 * in input order, each on one line:
 *
 *     {"line":1,"id":"luminaire","status":"ok","result":{...}}
 *     {"line":2,"id":null,"status":"error","error":{"code":"PCF_ERR_PARSE","message":...}}
 *
 * `line` is the 1-based input line, `id` the main product's id (null when the model could not
 * be read). `result` is the document pcf_result_to_json() writes (the one `pcf calc --format
 * json` prints) with the whitespace between tokens removed; with Monte Carlo it gains the
 * `monte_carlo` member that `pcf calc --mc` adds, and the record a `seed` member (a string of
 * digits, as in the monte_carlo member: 64 bits do not fit a JSON reader's double) before
 * `result`. `error` carries `code` (pcf_status_name()), `message`, and `file`, `path`
 * (JSON path), `line`, `column` when known, plus `problems`: every error and warning the
 * resolver found. A record with warnings only has them under `warnings` before `result`.
 *
 * Work runs on pcf_batch_options_set_threads() threads, each with its own database handle; the
 * records do not depend on the number of threads. Memory does not grow with the number of
 * lines: at most 4 × threads + 4 lines are held at once (read, being computed, or waiting for
 * an earlier line to be written).
 */
#ifndef PCF_BATCH_H
#define PCF_BATCH_H

#include "pcf/common.h"
#include "pcf/db.h"
#include "pcf/gwp.h"

#include <stdio.h>

PCF_BEGIN_DECLS

/** Options of a batch run; create with pcf_batch_options_create(). Not shared while set. */
typedef struct pcf_batch_options pcf_batch_options;

/** Counts of a run. Caller-allocated: call pcf_batch_stats_init() before passing one in. */
typedef struct pcf_batch_stats {
    size_t struct_size;      /**< sizeof(pcf_batch_stats), set by pcf_batch_stats_init(). */
    uint64_t lines;          /**< Input lines read (skipped ones included). */
    uint64_t ok;             /**< Records written with "status":"ok". */
    uint64_t failed;         /**< Records written with "status":"error". */
    uint64_t skipped;        /**< Lines whose record was already in the previous output. */
    uint64_t skipped_failed; /**< Of those, records with "status":"error". */
} pcf_batch_stats;

/** Zeroes @p stats and sets its struct_size. */
PCF_API void pcf_batch_stats_init(pcf_batch_stats *stats);

/**
 * Opens one database handle for one worker thread (called once per thread, before any work,
 * on the calling thread). Return PCF_OK with *out set, or an error filled into @p err.
 */
typedef pcf_status (*pcf_batch_open_fn)(void *user, pcf_db **out, pcf_error *err);

/**
 * Called on the calling thread after every record written (and after every skipped line);
 * return nonzero to stop the run (pcf_batch_run() then returns ::PCF_ERR_CANCELLED after
 * writing what was finished).
 */
typedef int (*pcf_batch_progress_fn)(void *user, const pcf_batch_stats *stats);

/** New options: the default database path (pcf_db_default_path()), 1 thread, the model's GWP
 * set, no Monte Carlo, relative paths from the current directory, fsync every 10,000 records. */
PCF_NODISCARD PCF_API pcf_status pcf_batch_options_create(pcf_batch_options **out, pcf_error *err);

/** Frees the options (NULL is fine). */
PCF_API void pcf_batch_options_destroy(pcf_batch_options *opts);

/** The factor database every thread opens read-only (copied). */
PCF_NODISCARD PCF_API pcf_status pcf_batch_options_set_db(pcf_batch_options *opts, const char *path,
                                                          pcf_error *err);

/** Opens each thread's database with @p fn instead (to attach company layers, say). The handles
 * are closed with pcf_db_close() at the end of the run. NULL @p fn restores the default. */
PCF_NODISCARD PCF_API pcf_status pcf_batch_options_set_db_opener(pcf_batch_options *opts,
                                                                 pcf_batch_open_fn fn, void *user,
                                                                 pcf_error *err);

/** Worker threads, 1 to pcf_batch_max_threads(). */
PCF_NODISCARD PCF_API pcf_status pcf_batch_options_set_threads(pcf_batch_options *opts,
                                                               size_t threads, pcf_error *err);

/** The largest thread count pcf_batch_options_set_threads() takes (256). */
PCF_API size_t pcf_batch_max_threads(void);

/** GWP100 set of every model (0: each model's own, as `pcf calc` without --gwp). */
PCF_NODISCARD PCF_API pcf_status pcf_batch_options_set_gwp(pcf_batch_options *opts, pcf_gwp_set gwp,
                                                           pcf_error *err);

/**
 * Monte Carlo for every model: @p iterations (0 turns it off; at most pcf_mc_max_iterations())
 * on one thread per model, seeded with pcf_batch_model_seed(@p seed, model id), so a model's
 * numbers do not depend on its place in the input, on the other models or on the thread count.
 */
PCF_NODISCARD PCF_API pcf_status pcf_batch_options_set_mc(pcf_batch_options *opts,
                                                          size_t iterations, uint64_t seed,
                                                          pcf_error *err);

/** Directory that relative `{"path": ...}` lines are taken from (copied; NULL: the current
 * directory). */
PCF_NODISCARD PCF_API pcf_status pcf_batch_options_set_base_dir(pcf_batch_options *opts,
                                                                const char *dir, pcf_error *err);

/** Name of the input used as `file` in the errors of inline models (copied; default "input"). */
PCF_NODISCARD PCF_API pcf_status pcf_batch_options_set_input_name(pcf_batch_options *opts,
                                                                  const char *name, pcf_error *err);

/** fsync() the output every @p records records (0: only at the end). Every record is written
 * with fflush() as soon as it is its turn, so a killed process loses only the lines in flight;
 * fsync bounds what a power failure can take. */
PCF_NODISCARD PCF_API pcf_status pcf_batch_options_set_sync_every(pcf_batch_options *opts,
                                                                  uint64_t records, pcf_error *err);

/** Progress callback (NULL: none). */
PCF_NODISCARD PCF_API pcf_status pcf_batch_options_set_progress(pcf_batch_options *opts,
                                                                pcf_batch_progress_fn fn,
                                                                void *user, pcf_error *err);

/**
 * The Monte Carlo seed of the model with main product @p id in a batch seeded with @p seed:
 * FNV-1a (64 bit) of the id's bytes, xor @p seed, through the SplitMix64 finaliser. `pcf calc
 * MODEL --mc N --seed <this>` gives the same monte_carlo member as the batch record.
 */
PCF_API uint64_t pcf_batch_model_seed(uint64_t seed, const char *id);

/**
 * Computes one input line (without its newline) into one record (without its newline;
 * free with pcf_free()). @p failed is set to 1 for an error record, else 0. Only a NULL
 * argument or running out of memory is an error of the call itself: a bad model gives an
 * error record and PCF_OK. @p db is used by this call alone while it runs.
 */
PCF_NODISCARD PCF_API pcf_status pcf_batch_compute_line(const pcf_batch_options *opts, pcf_db *db,
                                                        const char *text, size_t len,
                                                        uint64_t line_no, char **out, int *failed,
                                                        pcf_error *err);

/**
 * Runs the batch: reads lines from @p in until its end, writes one record per line to @p out.
 * @p done, when not NULL, is the output of an earlier run of the same input (resume): its
 * records are read in step with the input, and an input line whose record is there (same line
 * number and id) is skipped; when @p done ends, computing starts. The caller opens @p out to
 * append after the last complete record of that file (a torn last line must be cut off first).
 * A record in @p done whose id differs from the input line's is an error (::PCF_ERR_INVALID_ARG):
 * the file is not this input's output.
 *
 * Returns PCF_OK when every line has its record (bad models included: see @p stats->failed),
 * or the error that stopped the run (a database that cannot be opened, a read or write error,
 * ::PCF_ERR_CANCELLED from the progress callback); records finished before it are written.
 */
PCF_NODISCARD PCF_API pcf_status pcf_batch_run(const pcf_batch_options *opts, FILE *in, FILE *out,
                                               FILE *done, pcf_batch_stats *stats, pcf_error *err);

PCF_END_DECLS

#endif /* PCF_BATCH_H */
