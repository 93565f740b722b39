/*
 * pcf — product carbon footprints (ISO 14067, GB/T 24067-2024).
 * Copyright (C) 2026 the pcf authors. GPL-3.0-or-later; see LICENSE.
 */

/**
 * @file pcf/dist.h
 * @brief Probability distributions of factors and activity amounts.
 *
 * A distribution is described by a kind and up to three parameters, always in the same unit as
 * the deterministic value it belongs to (so a unit conversion scales them with the value):
 *
 * | kind | p1 | p2 | p3 | deterministic value |
 * | --- | --- | --- | --- | --- |
 * | ::PCF_DIST_FIXED | – | – | – | the value |
 * | ::PCF_DIST_LOGNORMAL | GSD (≥ 1) | – | – | the median; the sign is kept for negatives |
 * | ::PCF_DIST_NORMAL | standard deviation (≥ 0) | – | – | the mean |
 * | ::PCF_DIST_TRIANGULAR | minimum | mode | maximum | the value given (normally the mode) |
 * | ::PCF_DIST_UNIFORM | minimum | maximum | – | the value given |
 *
 * The lognormal follows the ecoinvent convention (Weidema et al. 2013, ecoinvent data quality
 * guideline; docs/methods.md, "Uncertainty"): the amount is the median, σ_ln = ln(GSD), and the
 * arithmetic mean is median·exp(σ_ln²/2). pcf/mc.h propagates these distributions; pcf/dq.h
 * turns pedigree scores into a lognormal GSD.
 */
#ifndef PCF_DIST_H
#define PCF_DIST_H

#include "pcf/common.h"

PCF_BEGIN_DECLS

/** The kind of a probability distribution. Values are fixed. */
typedef enum pcf_dist {
    PCF_DIST_FIXED = 0,
    PCF_DIST_LOGNORMAL = 1,
    PCF_DIST_NORMAL = 2,
    PCF_DIST_TRIANGULAR = 3,
    PCF_DIST_UNIFORM = 4
} pcf_dist;

/** "fixed", "lognormal", "normal", "triangular" or "uniform"; NULL for an invalid value. */
PCF_API const char *pcf_dist_name(pcf_dist kind);

/**
 * Parses a distribution name as pcf_dist_name() writes it (ASCII case ignored; "none" and
 * "" mean fixed).
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for NULL; ::PCF_ERR_NOT_FOUND for another name.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_dist_parse(const char *text, pcf_dist *out, pcf_error *err);

/**
 * Checks that a distribution is usable around @p value: finite parameters, GSD ≥ 1, standard
 * deviation ≥ 0, minimum ≤ mode ≤ maximum with minimum < maximum, and @p value inside
 * [minimum, maximum] for the bounded kinds.
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG naming the parameter and the rule it breaks.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_dist_check(pcf_dist kind, double value, double p1, double p2,
                                                double p3, pcf_error *err);

PCF_END_DECLS

#endif /* PCF_DIST_H */
