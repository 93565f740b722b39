/*
 * pcf — product carbon footprints (ISO 14067, GB/T 24067-2024).
 * Copyright (C) 2026 the pcf authors. GPL-3.0-or-later; see LICENSE.
 */

/**
 * @file pcf/dq.h
 * @brief Data quality: the pedigree matrix and the lognormal uncertainty it implies.
 *
 * The ecoinvent approach (Weidema & Wesnæs 1996; Muller et al. 2014, Eq. 2; see
 * ecoinvent pedigree matrix: Weidema et al. 2013, Muller et al. 2014): a datum is scored 1 (best)
 * to 5 (worst) on five indicators (reliability, completeness, temporal, geographical and further
 * technological correlation; the ecoinvent v2 table adds sample size). Each score maps to an
 * uncertainty factor U_i of the "expert judgement" table (ecoinvent v2, `version_1` in brightway's
 * pedigree_matrix), U_i being a GSD² contribution. With the basic uncertainty U_b (also a GSD²),
 *
 *     σ_ln = ½ · √( (ln U_b)² + Σ_i (ln U_i)² ),    GSD = exp(σ_ln)
 *
 * and the datum is lognormal with median = the datum and that GSD (::PCF_DIST_LOGNORMAL, p1 = GSD).
 */
#ifndef PCF_DQ_H
#define PCF_DQ_H

#include "pcf/common.h"

PCF_BEGIN_DECLS

/** A pedigree-matrix indicator, in the order scores are given. Values are fixed. */
typedef enum pcf_dq_indicator {
    PCF_DQ_RELIABILITY = 0,   /**< Reliability of the source and method. */
    PCF_DQ_COMPLETENESS = 1,  /**< Completeness (share of sites, period covered). */
    PCF_DQ_TEMPORAL = 2,      /**< Temporal correlation (age of the data). */
    PCF_DQ_GEOGRAPHICAL = 3,  /**< Geographical correlation. */
    PCF_DQ_TECHNOLOGICAL = 4, /**< Further technological correlation. */
    PCF_DQ_SAMPLE_SIZE = 5    /**< Sample size (ecoinvent v2 only; optional). */
} pcf_dq_indicator;

/**
 * "reliability", "completeness", "temporal correlation", "geographical correlation",
 * "further technological correlation" or "sample size"; NULL for an invalid value.
 * Ownership: static string.
 * @since 0.1
 */
PCF_API const char *pcf_dq_indicator_name(pcf_dq_indicator indicator);

/**
 * The uncertainty factor U (a GSD² contribution) of @p score on @p indicator in the ecoinvent v2
 * expert-judgement table, e.g. 1.5 for reliability 5 and 2.0 for technological correlation 5.
 * @return the factor; NaN for an invalid indicator or a score outside 1..5.
 * Thread-safety: safe from any thread.
 * @since 0.1
 */
PCF_API double pcf_dq_pedigree_factor(pcf_dq_indicator indicator, int score);

/**
 * σ_ln of the lognormal implied by a pedigree score set and a basic uncertainty.
 * @param[in] scores @p count scores, 1 (best) to 5 (worst), in ::pcf_dq_indicator order.
 *        Ownership: borrowed for the call.
 * @param count 5 (the five indicators) or 6 (with sample size).
 * @param basic_uncertainty U_b as a GSD² (≥ 1; 1 when there is no basic uncertainty, 1.05 for
 *        electricity or CO2 from combustion in the ecoinvent v2 table).
 * @param[out] out σ_ln (0 on failure).
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for NULL pointers, a @p count other than 5 or 6, a
 *         score outside 1..5 (the message names the indicator) or @p basic_uncertainty < 1,
 *         NaN or infinite.
 * Thread-safety: safe from any thread.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_dq_pedigree_sigma(const int *scores, size_t count,
                                                       double basic_uncertainty, double *out,
                                                       pcf_error *err);

/**
 * The geometric standard deviation exp(σ_ln) of pcf_dq_pedigree_sigma(), ready to use as the p1
 * of a ::PCF_DIST_LOGNORMAL distribution. Published check (Muller et al. 2014, Table 5): scores
 * (5,5,5,5,5), U_b = 1.279² give GSD 1.69.
 * @param[out] out the GSD (≥ 1; 0 on failure).
 * @return as pcf_dq_pedigree_sigma().
 * Thread-safety: safe from any thread.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_dq_pedigree_gsd(const int *scores, size_t count,
                                                     double basic_uncertainty, double *out,
                                                     pcf_error *err);

PCF_END_DECLS

#endif /* PCF_DQ_H */
