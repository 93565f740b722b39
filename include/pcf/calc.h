/*
 * pcf — product carbon footprints (ISO 14067, GB/T 24067-2024).
 * Copyright (C) 2026 the pcf authors. GPL-3.0-or-later; see LICENSE.
 */

/**
 * @file pcf/calc.h
 * @brief The deterministic footprint of a resolved system, with its audit trail.
 *
 * Every figure is in kg CO2e **per declared unit** of the main product (kg of gas for the per-gas
 * inventory). The footprint is a sum of audit lines, each of which a reader can recompute:
 *
 *     line.kg_co2e = line.quantity × line.factor_kg_co2e
 *
 * where quantity is the activity in the factor's unit after every multiplier (unit conversion,
 * process loss, recycled share, route share, allocation, sub-assembly quantity, declared unit),
 * negative for credits and removals. Activities sum their lines; stages and flows sum activities.
 *
 * Reporting follows ISO 14067 §6.4.9 / GB/T 24067 and PACT: fossil emissions, biogenic
 * emissions, biogenic removals, dLUC and aircraft emissions are reported apart (::pcf_flow); the
 * total is their sum. With the cradle-to-gate boundary, use and end-of-life are excluded and the
 * result says so (pcf_result_stage_included(), pcf_result_note_at()).
 *
 * Thread-safety of the type: Immutable — share freely.
 */
#ifndef PCF_CALC_H
#define PCF_CALC_H

#include "pcf/common.h"
#include "pcf/dq.h"
#include "pcf/gwp.h"
#include "pcf/model.h"
#include "pcf/system.h"

PCF_BEGIN_DECLS

/** The footprint of a system. Immutable — share freely. */
typedef struct pcf_result pcf_result;

/**
 * Where a factor value came from. Values are fixed.
 */
typedef enum pcf_factor_origin {
    PCF_ORIGIN_DATABASE = 0, /**< The factor database (secondary data, unless a company layer). */
    PCF_ORIGIN_OWN = 1,      /**< A supplier-specific value given in the model (primary). */
    PCF_ORIGIN_GWP = 2,      /**< A direct gas emission: the factor is the gas's GWP100. */
    PCF_ORIGIN_SUPPLIER_PCF = 3, /**< A purchased part's supplier PCF (primary). */
    PCF_ORIGIN_CARBON = 4        /**< Biogenic carbon: 44/12 kg CO2 per kg C, uptake or release. */
} pcf_factor_origin;

/**
 * "database", "own", "gwp", "supplier_pcf" or "carbon" (as in the result JSON); NULL for an
 * invalid value. Thread-safety: safe from any thread.
 * @since 0.1
 */
PCF_API const char *pcf_factor_origin_name(pcf_factor_origin origin);

/**
 * One audit line: one factor applied to one quantity of one activity. Borrowed from the result;
 * strings are "" when not applicable, never NULL. Fields may be appended in later versions; never
 * allocate this struct yourself.
 */
typedef struct pcf_audit_line {
    size_t activity;              /**< Index into pcf_result_activity_at(). */
    const char *role;             /**< What the line is: "activity", "virgin", "recycled",
                                       "treatment", "credit", "ttw", "wtt", "biogenic uptake",
                                       "biogenic release", "supplier pcf fossil", ... */
    pcf_flow flow;                /**< Reporting bucket of the line. */
    double quantity;              /**< Activity in @ref factor_unit per declared unit (signed). */
    const char *factor_unit;      /**< Unit the factor is per ("kg", "kWh", "tkm"). */
    double factor_kg_co2e;        /**< kg CO2e per one @ref factor_unit, in the result's GWP set. */
    double kg_co2e;               /**< quantity × factor_kg_co2e. */
    pcf_factor_origin origin;     /**< Where the factor came from. */
    const char *factor_code;      /**< Database code; a supplier PCF's source; "" else. */
    const char *factor_name;      /**< Factor name (database), gas name, or supplier. */
    const char *dataset;          /**< Dataset name, e.g. "UK DESNZ GHG conversion factors". */
    const char *dataset_version;  /**< Dataset version, e.g. "2025". */
    const char *layer;            /**< Database layer that served it ("default", a company). */
    const char *region_requested; /**< Region asked for ("CN-FJ"), or "". */
    const char *region_used;      /**< Region of the factor used ("CN"), or "". */
    int fallback_taken;           /**< 1 when region_used differs from region_requested. */
    const char *gwp_basis;        /**< GWP set of the factor's CO2e as published ("AR5"), or "". */
    int primary;                  /**< 1 for primary data (own factor, supplier PCF). */
    pcf_stage stage;              /**< Stage the line counts in: its activity's, except a line
                                       the method books elsewhere (the biogenic carbon of a
                                       material released at end of life). */
} pcf_audit_line;

/**
 * One activity of the (unfolded) model with its contribution. Borrowed from the result.
 */
typedef struct pcf_activity_result {
    const char *product_id; /**< The product (main or sub-assembly) the activity belongs to. */
    const char *name;       /**< The activity's name. */
    const char *path;       /**< JSON path, e.g. "$.products[0].stages.transport[2]". */
    pcf_stage stage;        /**< Its life-cycle stage. */
    int included;           /**< 0 when the boundary excludes its stage (kg_co2e is then 0). */
    double amount;          /**< The amount as given in the model (before multipliers). */
    const char *unit;       /**< Unit of @ref amount. */
    double multiplier;      /**< Sub-assembly quantity × declared-unit scale applied to it. */
    double kg_co2e;         /**< Contribution per declared unit (sum of its lines). */
    double ttw_kg_co2e;     /**< Transport: tank-to-wheel part; NaN when not known. */
    int primary;            /**< 1 when the activity is primary data. */
    double dq[5];           /**< Data-quality scores by ::pcf_dq_indicator (1 best .. 5 worst;
                                 reliability, completeness, temporal, geographical,
                                 technological): the pedigree of the activity's amount, else of
                                 its own factor; NaN when the model gives none. Appended in 0.1. */
} pcf_activity_result;

/** kg of one gas per declared unit and its CO2e. */
typedef struct pcf_gas_result {
    pcf_gas gas;    /**< The gas. */
    double kg;      /**< kg of gas per declared unit (signed: uptake is negative). */
    double kg_co2e; /**< kg × GWP100 of the result's set. */
} pcf_gas_result;

/** A dataset that served at least one factor (for PACT secondaryEmissionFactorSources). */
typedef struct pcf_dataset_ref {
    const char *name;    /**< Dataset name. */
    const char *version; /**< Dataset version. */
    size_t lines;        /**< Number of audit lines it served. */
} pcf_dataset_ref;

/**
 * Calculates the footprint of @p sys (one pass over its arrays).
 * @param[out] out the result. Ownership: caller owns, release with pcf_result_destroy(). The
 *                 result holds a reference to @p sys, whose audit lines it builds when asked:
 *                 pcf_system_destroy() may come before pcf_result_destroy(), and the system's
 *                 memory is freed with the last of them.
 * @return ::PCF_OK, ::PCF_ERR_INVALID_ARG, ::PCF_ERR_NOMEM.
 * Thread-safety: @p sys may be calculated from many threads at once.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_calculate(const pcf_system *sys, pcf_result **out,
                                               pcf_error *err);

/**
 * Convenience: pcf_system_resolve() then pcf_calculate().
 * @return as those two functions.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_model_calculate(const pcf_model *model, pcf_db *db,
                                                     pcf_gwp_set gwp, pcf_diag *diag,
                                                     pcf_result **out, pcf_error *err);

/** Releases a result. Accepts NULL. @since 0.1 */
PCF_API void pcf_result_destroy(pcf_result *result);

/** Id of the main product. Ownership: borrowed. @since 0.1 */
PCF_API const char *pcf_result_product_id(const pcf_result *result);

/** Name of the main product in @p lang ("en", "zh"), falling back to English, then the id. */
PCF_API const char *pcf_result_product_name(const pcf_result *result, const char *lang);

/** Amount of the declared unit (normally 1). @since 0.1 */
PCF_API double pcf_result_declared_amount(const pcf_result *result);

/** Unit symbol of the declared unit ("item", "kWh", "kg"). Ownership: borrowed. @since 0.1 */
PCF_API const char *pcf_result_declared_unit(const pcf_result *result);

/** Free-text description of the declared unit, or "". Ownership: borrowed. @since 0.1 */
PCF_API const char *pcf_result_declared_unit_description(const pcf_result *result);

/** Product mass per declared unit in kg; NaN when the model gives no mass. @since 0.1 */
PCF_API double pcf_result_mass_kg(const pcf_result *result);

/** The system boundary. @since 0.1 */
PCF_API pcf_boundary pcf_result_boundary(const pcf_result *result);

/** The GWP set of every CO2e figure. @since 0.1 */
PCF_API pcf_gwp_set pcf_result_gwp(const pcf_result *result);

/** The recycling method. @since 0.1 */
PCF_API pcf_recycling_method pcf_result_recycling_method(const pcf_result *result);

/** Total kg CO2e per declared unit, removals and credits included. @since 0.1 */
PCF_API double pcf_result_total_kg_co2e(const pcf_result *result);

/** Total excluding biogenic removals (PACT pcfExcludingBiogenicUptake). @since 0.1 */
PCF_API double pcf_result_total_excluding_removals_kg_co2e(const pcf_result *result);

/** kg CO2e of a stage per declared unit (0 when excluded or invalid). @since 0.1 */
PCF_API double pcf_result_stage_kg_co2e(const pcf_result *result, pcf_stage stage);

/** 1 when the boundary includes @p stage. @since 0.1 */
PCF_API int pcf_result_stage_included(const pcf_result *result, pcf_stage stage);

/** kg CO2e of a reporting flow per declared unit (0 when invalid). @since 0.1 */
PCF_API double pcf_result_flow_kg_co2e(const pcf_result *result, pcf_flow flow);

/** kg CO2e of a flow within a stage. @since 0.1 */
PCF_API double pcf_result_stage_flow_kg_co2e(const pcf_result *result, pcf_stage stage,
                                             pcf_flow flow);

/** Sum of the negative lines that are recycling or energy-recovery credits (≤ 0). @since 0.1 */
PCF_API double pcf_result_credits_kg_co2e(const pcf_result *result);

/** Transport tank-to-wheel kg CO2e of the legs whose TTW part is known. @since 0.1 */
PCF_API double pcf_result_transport_ttw_kg_co2e(const pcf_result *result);

/** 1 when every transport leg's TTW part is known. @since 0.1 */
PCF_API int pcf_result_transport_ttw_complete(const pcf_result *result);

/** Biogenic carbon content of the product, kg C per declared unit. @since 0.1 */
PCF_API double pcf_result_biogenic_carbon_kg(const pcf_result *result);

/**
 * Share of primary data, 0..1: primary contributions (own factors, supplier PCFs weighted by their
 * own primary share) over the total excluding removals and credits (as PACT primaryDataShare
 * defines it, before multiplying by 100).
 * @since 0.1
 */
PCF_API double pcf_result_primary_data_share(const pcf_result *result);

/**
 * The product's data-quality rating on @p indicator: the average of the activities' scores
 * (pcf_activity_result.dq) weighted by their absolute emissions |kg CO2e|, over the included
 * activities that have scores — the rule of the PACT Technical Specifications v3 for
 * technologicalDQR, temporalDQR and geographicalDQR (weighted over all inputs; v2.3 used only
 * inputs above 5 % of the emissions). 1 is best, 5 worst.
 * @return the rating, or NaN when no activity has scores (or for an invalid indicator).
 * @since 0.1
 */
PCF_API double pcf_result_dq_rating(const pcf_result *result, pcf_dq_indicator indicator);

/**
 * The share (0..1) of the absolute emissions of the included activities that have data-quality
 * scores: the coverage of pcf_result_dq_rating(). 0 when none has.
 * @since 0.1
 */
PCF_API double pcf_result_dq_coverage(const pcf_result *result);

/**
 * The PEF data quality rating DQR = (TeR + GR + TiR + P) / 4 (Commission Recommendation (EU)
 * 2021/2279, Annex I, 4.6.5), from the product's ratings: TeR technological, GR geographical,
 * TiR temporal and P (precision) the reliability rating. NaN when there are no scores.
 * @since 0.1
 */
PCF_API double pcf_result_dq_pef(const pcf_result *result);

/** kg CO2e whose gas split is unknown (database factors published as CO2e only). @since 0.1 */
PCF_API double pcf_result_unspecified_kg_co2e(const pcf_result *result);

/** Number of gases in the per-gas inventory. @since 0.1 */
PCF_API size_t pcf_result_gas_count(const pcf_result *result);

/** Gas entry @p index, or NULL when out of range. Ownership: borrowed from @p result. */
PCF_API const pcf_gas_result *pcf_result_gas_at(const pcf_result *result, size_t index);

/** Number of activities. @since 0.1 */
PCF_API size_t pcf_result_activity_count(const pcf_result *result);

/**
 * Activity @p index, or NULL when out of range. Ownership: borrowed from @p result.
 * A result keeps per activity only its kg CO2e: the records are made on the first call (about
 * 130 bytes per activity; safe when several threads make the first call at once), and NULL is
 * returned when there is no memory for them.
 */
PCF_API const pcf_activity_result *pcf_result_activity_at(const pcf_result *result, size_t index);

/**
 * Writes the indices of the @p n activities with the largest |kg CO2e| into @p indices (largest
 * first; ties keep model order).
 * @return the number written (≤ @p n, ≤ pcf_result_activity_count()).
 * @since 0.1
 */
PCF_API size_t pcf_result_top_activities(const pcf_result *result, size_t n, size_t *indices);

/** Number of audit lines. @since 0.1 */
PCF_API size_t pcf_result_line_count(const pcf_result *result);

/**
 * Audit line @p index, or NULL when out of range. Ownership: borrowed from @p result.
 * The lines are made from the system the result holds on the first call (about 160 bytes per
 * line; safe when several threads make the first call at once); NULL when there is no memory
 * for them. The library's own writers (reports, CSV, JSON, PACT) build each line as they write
 * it and never make this array.
 */
PCF_API const pcf_audit_line *pcf_result_line_at(const pcf_result *result, size_t index);

/**
 * The system @p result was calculated from, or NULL for NULL. Ownership: borrowed; the result
 * holds a reference, so it lives as long as @p result even after pcf_system_destroy() of the
 * caller's handle. Use it to sample the same system (pcf_mc_run()) without resolving the model
 * again. Thread-safety: as the result (immutable).
 * @since 0.1
 */
PCF_API const pcf_system *pcf_result_system(const pcf_result *result);

/** Number of distinct datasets used. @since 0.1 */
PCF_API size_t pcf_result_dataset_count(const pcf_result *result);

/** Dataset @p index, or NULL when out of range. Ownership: borrowed from @p result. */
PCF_API const pcf_dataset_ref *pcf_result_dataset_at(const pcf_result *result, size_t index);

/** Number of notes (boundary exclusions, method choices). @since 0.1 */
PCF_API size_t pcf_result_note_count(const pcf_result *result);

/** Note @p index (an English sentence), or NULL. Ownership: borrowed from @p result. */
PCF_API const char *pcf_result_note_at(const pcf_result *result, size_t index);

/**
 * The whole result as JSON: product, declared unit, boundary, GWP set, total, stages, flows,
 * gases, activities, audit lines, datasets, primary-data share and notes (docs/model-format.md,
 * "Result JSON").
 * @param[out] out the text. Ownership: caller owns, release with pcf_free().
 * @return ::PCF_OK, ::PCF_ERR_INVALID_ARG, ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_result_to_json(const pcf_result *result, char **out,
                                                    pcf_error *err);

PCF_END_DECLS

#endif /* PCF_CALC_H */
