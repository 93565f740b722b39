/*
 * pcf — product carbon footprints (ISO 14067, GB/T 24067-2024).
 * Copyright (C) 2026 the pcf authors. GPL-3.0-or-later; see LICENSE.
 */

/**
 * @file pcf/report.h
 * @brief Writers of a result: a readable text table, JSON and CSV.
 *
 * Every writer returns a NUL-terminated UTF-8 string that the caller releases with pcf_free().
 * Numbers are written with a '.' decimal mark whatever the process locale.
 */
#ifndef PCF_REPORT_H
#define PCF_REPORT_H

#include "pcf/common.h"
#include "pcf/calc.h"
#include "pcf/db.h"
#include "pcf/mc.h"
#include <stdio.h>

PCF_BEGIN_DECLS

/**
 * A readable report: product, declared unit, boundary and GWP set; a table by stage (kg CO2e and
 * share); fossil / biogenic / removals / dLUC / aircraft; the @p top_n largest contributors; and
 * the audit trail (one row per line: quantity × factor = kg CO2e, with code, dataset, version,
 * region requested → used), so every number can be recomputed by hand.
 * @param top_n number of top contributors to list (0 for none).
 * @param[out] out the text. Ownership: caller owns, release with pcf_free().
 * @return ::PCF_OK, ::PCF_ERR_INVALID_ARG, ::PCF_ERR_NOMEM.
 * Thread-safety: safe from any thread (the result is immutable).
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_report_text(const pcf_result *result, size_t top_n, char **out,
                                                 pcf_error *err);

/**
 * As pcf_report_text(), with the uncertainty of @p mc (a Monte Carlo run of the same system)
 * after the top contributors and before the audit trail: per stage and in total the
 * deterministic value beside the mean, standard deviation, 2.5 %, median, 97.5 % and coefficient
 * of variation (four significant digits), then the ten parameters that drive the variance
 * (share of variance and Spearman rank correlation). @p mc NULL gives pcf_report_text().
 * @param[out] out the text. Ownership: caller owns, release with pcf_free().
 * @return ::PCF_OK, ::PCF_ERR_INVALID_ARG, ::PCF_ERR_NOMEM.
 * Thread-safety: safe from any thread (result and mc are immutable).
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_report_text_mc(const pcf_result *result, const pcf_mc *mc,
                                                    size_t top_n, char **out, pcf_error *err);

/**
 * The text of pcf_report_text_mc() (@p mc NULL: of pcf_report_text()) written to @p out as it is
 * made, in pieces of about 64 KiB, so a model of a million activities needs no buffer the size
 * of its report. The bytes are the same as pcf_report_text_mc() gives.
 * @param out an open stream; the caller flushes and closes it.
 * @return ::PCF_OK, ::PCF_ERR_INVALID_ARG, ::PCF_ERR_NOMEM, ::PCF_ERR_IO (a write failed; part of
 * the report may have been written).
 * Thread-safety: safe from any thread (result and mc are immutable; the stream is the caller's).
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_report_text_write(const pcf_result *result, const pcf_mc *mc,
                                                       size_t top_n, FILE *out, pcf_error *err);

/**
 * CSV, one row per audit line (RFC 4180, header row first): product, stage, activity, role,
 * flow, factor code, dataset, version, region used, quantity, unit, factor kg CO2e per unit,
 * kg CO2e. The last row holds the total.
 * @param[out] out the text. Ownership: caller owns, release with pcf_free().
 * @return ::PCF_OK, ::PCF_ERR_INVALID_ARG, ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_report_csv(const pcf_result *result, char **out,
                                                pcf_error *err);

/**
 * JSON: the same document as pcf_result_to_json().
 * @param[out] out the text. Ownership: caller owns, release with pcf_free().
 * @return ::PCF_OK, ::PCF_ERR_INVALID_ARG, ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_report_json(const pcf_result *result, char **out,
                                                 pcf_error *err);

/**
 * As pcf_report_json(), with the document of pcf_mc_to_json() as the last member,
 * "monte_carlo", when @p mc (a Monte Carlo run of the same system) is given.
 * @param[out] out the text. Ownership: caller owns, release with pcf_free().
 * @return ::PCF_OK, ::PCF_ERR_INVALID_ARG, ::PCF_ERR_NOMEM.
 * Thread-safety: safe from any thread (result and mc are immutable).
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_report_json_mc(const pcf_result *result, const pcf_mc *mc,
                                                    char **out, pcf_error *err);

/**
 * A self-contained HTML report (one file: inline CSS and inline SVG, no scripts, no external
 * resources): product, declared unit and boundary; the total, with the Monte Carlo mean, standard
 * deviation and 95% interval when @p mc is given; a bar chart by life-cycle stage; a Pareto chart
 * of the ten largest contributors with their cumulative share; the Monte Carlo histogram when
 * @p mc kept its samples; the fossil / biogenic / removals / dLUC / aircraft split; data quality
 * (primary-data share, datasets used); and the audit trail, one row per factor applied. Labels
 * are English (@p lang "en" or NULL) or Chinese ("zh"). Every text from the model or the database
 * is escaped, so each <svg> element is well-formed XML.
 * @param[in] mc a Monte Carlo run of the same system, or NULL.
 * @param[out] out the HTML text. Ownership: caller owns, release with pcf_free().
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG (NULL, or a language other than "en"/"zh");
 *         ::PCF_ERR_NOMEM.
 * Thread-safety: safe from any thread (result and mc are immutable).
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_report_html(const pcf_result *result, const pcf_mc *mc,
                                                 const char *lang, char **out, pcf_error *err);

/**
 * As pcf_report_html(), and with @p db (the database the result was calculated with) the
 * datasets table shows each dataset's publisher, licence and required attribution, and the audit
 * table the licence of every factor row. @p db may be NULL.
 * Thread-safety: @p db is used by one thread at a time.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_report_html_db(const pcf_result *result, const pcf_mc *mc,
                                                    pcf_db *db, const char *lang, char **out,
                                                    pcf_error *err);

/**
 * The CFP study report as one self-contained HTML file (inline CSS and SVG, print styles for
 * A4): the sections of a carbon footprint study report under ISO 14067:2018 clause 7 and
 * GB/T 24067-2024 — general information, goal, scope (declared unit, a diagram of the system
 * boundary, cut-off criteria and what was cut, allocation, excluded stages, time and
 * geography), inventory (data sources, primary share, data quality), results by stage and by
 * gas with fossil, biogenic, dLUC and aircraft apart, interpretation (a contribution tree, the
 * Pareto chart, Monte Carlo uncertainty and sensitivity when @p mc is given), limitations,
 * verification (verifier, statement, certificate id, key fingerprint) and the audit trail.
 * @param study_json what only the study's authors know, as a JSON object (NULL or "" for none;
 *        a field not given is shown as not stated): report_id, date, commissioner,
 *        practitioner, goal, intended_application, audience, functional_unit,
 *        cut_off_criteria, allocation, time_period, geography, pcr (texts: a string or
 *        {"en": ..., "zh": ...}), cut_off_excluded and limitations (lists of texts), and
 *        verification {verifier, statement, certificate_id, key_fingerprint, date}.
 * @param lang "en" (default for NULL or "") or "zh": the Chinese report is Chinese throughout
 *        (labels, units, stages, roles, notes); names stay as the model gives them.
 * @param[out] out the HTML. Ownership: caller owns, release with pcf_free().
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for NULL, an unknown language, an unknown study key
 *         or a field of the wrong type (the message names its JSON path); ::PCF_ERR_PARSE when
 *         @p study_json is not a JSON object; ::PCF_ERR_NOMEM.
 * Thread-safety: safe from any thread for distinct @p db; one thread at a time per @p db.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_report_study_html(const pcf_result *result, const pcf_mc *mc,
                                                       pcf_db *db, const char *study_json,
                                                       const char *lang, char **out,
                                                       pcf_error *err);

PCF_END_DECLS

#endif /* PCF_REPORT_H */
