/*
 * pcf — product carbon footprints (ISO 14067, GB/T 24067-2024).
 * Copyright (C) 2026 the pcf authors. GPL-3.0-or-later; see LICENSE.
 */

/**
 * @file pcf/battery.h
 * @brief The EU battery regime: the carbon-footprint declaration of Regulation (EU) 2023/1542.
 *
 * Art. 7 and Annex II of Regulation (EU) 2023/1542 ask, per battery model and manufacturing
 * plant, for the carbon footprint in kg CO2e per kWh of the total energy the battery provides
 * over its expected service life, and for its share in four life-cycle stages: raw material
 * acquisition and pre-processing, main product production, distribution, end of life and
 * recycling. The use stage is excluded.
 *
 * pcf computes the product model (regime "eu-battery", one battery as the declared unit) as
 * usual and then declares it: the lifetime energy E = capacity × full equivalent cycles per year
 * × service life (or capacity × full equivalent cycles), every number from the model's
 * `battery` section with its source; stages mapped from pcf's: materials → raw material
 * acquisition, production → main production, transport and storage → distribution, end of life
 * → end of life and recycling, use → excluded; the electricity rules of main production
 * checked. The output carries the Battery Pass carbon-footprint attributes
 * (docs/battery-declaration.schema.json).
 */
#ifndef PCF_BATTERY_H
#define PCF_BATTERY_H

#include "pcf/calc.h"
#include "pcf/common.h"
#include "pcf/db.h"
#include "pcf/model.h"

PCF_BEGIN_DECLS

/** The declared life-cycle stages, in Annex II's order. Values are fixed. */
typedef enum pcf_battery_stage {
    PCF_BATTERY_RAW_MATERIAL = 0,    /**< Raw material acquisition and pre-processing. */
    PCF_BATTERY_MAIN_PRODUCTION = 1, /**< Main product production. */
    PCF_BATTERY_DISTRIBUTION = 2,    /**< Distribution. */
    PCF_BATTERY_END_OF_LIFE = 3,     /**< End of life and recycling. */
    PCF_BATTERY_STAGE_COUNT = 4      /**< Number of stages (not a stage). */
} pcf_battery_stage;

/** The Battery Pass name of a stage: "RawMaterialExtraction", "MainProduction",
 * "Distribution", "Recycling"; NULL when invalid. Ownership: static. @since 0.1 */
PCF_API const char *pcf_battery_stage_name(pcf_battery_stage stage);

/** The declared stage a pcf stage counts in; -1 for the use stage (excluded). @since 0.1 */
PCF_API int pcf_battery_stage_of(pcf_stage stage);

/** A battery carbon-footprint declaration. Immutable; may be shared by threads. */
typedef struct pcf_battery_decl pcf_battery_decl;

/**
 * The total energy a battery provides over its service life, kWh:
 * capacity_kwh × cycles_per_year × years.
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG when a number is not finite and > 0.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_battery_lifetime_energy(double capacity_kwh,
                                                             double cycles_per_year, double years,
                                                             double *kwh_out, pcf_error *err);

/**
 * Checks the eu-battery rules that need no calculation: the `battery` section (category,
 * manufacturer, model, plant and its country, capacity, cycles and service life each with a
 * source, the study's web link), one battery as the declared unit, a cradle-to-grave boundary.
 * Every problem goes to @p diag with its JSON path.
 * @return ::PCF_OK or ::PCF_ERR_INVALID_MODEL (first problem in err).
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_battery_validate(const pcf_model *model, pcf_diag *diag,
                                                      pcf_error *err);

/**
 * Declares a calculated battery model: pcf_battery_validate(), then the electricity rules of
 * main production against @p db (the national mix of the plant's country, or a direct
 * connection with evidence), then the figures per kWh of lifetime energy.
 * @param result the model's result (pcf_model_calculate()).
 * @param[out] out Ownership: caller owns, release with pcf_battery_decl_destroy().
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_battery_declare(const pcf_model *model,
                                                     const pcf_result *result, pcf_db *db,
                                                     pcf_diag *diag, pcf_battery_decl **out,
                                                     pcf_error *err);

/** Releases a declaration. Accepts NULL. @since 0.1 */
PCF_API void pcf_battery_decl_destroy(pcf_battery_decl *decl);

/** Total energy over the service life, kWh. @since 0.1 */
PCF_API double pcf_battery_decl_lifetime_kwh(const pcf_battery_decl *decl);

/** The carbon footprint, kg CO2e per kWh of lifetime energy (use stage excluded). @since 0.1 */
PCF_API double pcf_battery_decl_kg_co2e_per_kwh(const pcf_battery_decl *decl);

/** A declared stage's part, kg CO2e per kWh (NaN when out of range). @since 0.1 */
PCF_API double pcf_battery_decl_stage_kg_co2e_per_kwh(const pcf_battery_decl *decl,
                                                      pcf_battery_stage stage);

/** kg CO2e of one battery over the four declared stages. @since 0.1 */
PCF_API double pcf_battery_decl_absolute_kg_co2e(const pcf_battery_decl *decl);

/** kg CO2e of one battery in the use stage, reported apart and not declared. @since 0.1 */
PCF_API double pcf_battery_decl_use_excluded_kg_co2e(const pcf_battery_decl *decl);

/**
 * The declaration as JSON with the Battery Pass carbon-footprint attributes
 * (docs/battery-declaration.schema.json).
 * @param[out] out Ownership: caller owns, release with pcf_free().
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_battery_decl_to_json(const pcf_battery_decl *decl, char **out,
                                                          pcf_error *err);

/**
 * The declaration's section of a report as text: battery model, manufacturer, plant, category,
 * the study's link; the functional unit (lifetime energy and the capacity, cycles and years
 * it comes from, with their sources); kg CO2e per kWh in total and per declared stage with its
 * share; one battery's kg CO2e; the use stage left out; the notes.
 * @param lang "en" (or NULL / "") or "zh": Chinese throughout (names and sources as given).
 * @param[out] out Ownership: caller owns, release with pcf_free().
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG (NULL, an unknown language); ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_battery_decl_report_text(const pcf_battery_decl *decl,
                                                              const char *lang, char **out,
                                                              pcf_error *err);

/**
 * The same section as an HTML fragment, one `<section class="regime battery">` element (every
 * text escaped), to place in a report; pcf_report_html_decl() and pcf_report_study_html_decl()
 * put it after the results.
 * @param[out] out Ownership: caller owns, release with pcf_free().
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_battery_decl_report_html(const pcf_battery_decl *decl,
                                                              const char *lang, char **out,
                                                              pcf_error *err);

PCF_END_DECLS

#endif /* PCF_BATTERY_H */
