/*
 * pcf — product carbon footprints (ISO 14067, GB/T 24067-2024).
 * Copyright (C) 2026 the pcf authors. GPL-3.0-or-later; see LICENSE.
 */

/**
 * @file pcf/system.h
 * @brief Resolution: a model bound to the factor database, as flat, unit-converted arrays.
 *
 * pcf_system_resolve() looks every factor up once (by code, or by category/name with the
 * database's region fallback), checks and converts every unit, unfolds sub-assemblies (a shared
 * one is resolved once, with the summed quantity), applies recycling and allocation rules, and
 * records which factor, dataset, version, layer and region served each activity. The result is
 * immutable: calculate it (pcf/calc.h) or run Monte Carlo on it (pcf/mc.h) from any number of
 * threads at once.
 *
 * Thread-safety of the type: Immutable — share freely.
 */
#ifndef PCF_SYSTEM_H
#define PCF_SYSTEM_H

#include "pcf/common.h"
#include "pcf/gwp.h"
#include "pcf/model.h"

PCF_BEGIN_DECLS

/** A resolved model. Immutable — share freely. */
typedef struct pcf_system pcf_system;

/** The factor database (pcf/db.h). Repeating this typedef there is valid C11 and C++. */
typedef struct pcf_db pcf_db;

/**
 * Resolves @p model against @p db.
 *
 * Every problem is appended to @p diag in one pass — all missing factors, every unit that cannot
 * be converted (naming the JSON path and both units), every invalid amount — so one run lists
 * them all. Notes record each region fallback taken; warnings record GWP sets that could not be
 * restated (a factor published in AR5 CO2e without a per-gas split, used under AR6).
 *
 * @param[in]     model the model; it is validated first (pcf_model_validate()).
 * @param[in]     db    the factor database, or NULL when every activity carries its own factor,
 *                      a direct gas emission or a supplier PCF. One thread at a time: the
 *                      caller must not use @p db from another thread during the call.
 * @param[in]     gwp   the GWP set to report in, or 0 for the model's own.
 * @param[in,out] diag  optional list receiving every error, warning and note.
 * @param[out]    out   the system. Ownership: caller owns, release with pcf_system_destroy().
 * @param[out]    err   the first error, if any.
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG; ::PCF_ERR_INVALID_MODEL (the model breaks a rule);
 *         ::PCF_ERR_NOT_FOUND (a factor is missing; all are listed in @p diag);
 *         ::PCF_ERR_UNIT (a unit cannot be converted); ::PCF_ERR_DATA_MISSING (a factor is needed
 *         but @p db is NULL); ::PCF_ERR_DATABASE; ::PCF_ERR_NOMEM. On failure *out is NULL.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_system_resolve(const pcf_model *model, pcf_db *db,
                                                    pcf_gwp_set gwp, pcf_diag *diag,
                                                    pcf_system **out, pcf_error *err);

/**
 * pcf_system_resolve() for a caller that has no further use for the model: takes @p model and
 * destroys it, whatever the outcome. Each activity's part of the model's document is freed as
 * soon as it is resolved (and, with glibc, the freed pages go back to the system as the walk
 * proceeds), so the document and the resolved system are never in memory whole together: a
 * model of a million activities peaks at about four fifths of what resolving and then
 * destroying it takes. Diagnostics are the same as pcf_system_resolve()'s (located by reading a
 * model file's text again, which the model does not keep).
 *
 * @param[in] model the model, destroyed by the call (NULL is refused with
 *                  ::PCF_ERR_INVALID_ARG). The caller must not use it, nor anything borrowed
 *                  from it, afterwards.
 * The other parameters and the return values are those of pcf_system_resolve().
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_system_resolve_take(pcf_model *model, pcf_db *db,
                                                         pcf_gwp_set gwp, pcf_diag *diag,
                                                         pcf_system **out, pcf_error *err);

/** Releases a system (its memory goes with the last pcf_result calculated from it). Accepts NULL.
 * @since 0.1 */
PCF_API void pcf_system_destroy(pcf_system *sys);

/** Number of activities (after unfolding sub-assemblies; 0 for NULL). @since 0.1 */
PCF_API size_t pcf_system_activity_count(const pcf_system *sys);

/** Number of uncertain-or-fixed parameters (amounts and distinct factors; 0 for NULL). */
PCF_API size_t pcf_system_param_count(const pcf_system *sys);

/** The GWP set the system reports in. @since 0.1 */
PCF_API pcf_gwp_set pcf_system_gwp(const pcf_system *sys);

PCF_END_DECLS

#endif /* PCF_SYSTEM_H */
