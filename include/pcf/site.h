/*
 * pcf — product carbon footprints (ISO 14067, GB/T 24067-2024).
 * Copyright (C) 2026 the pcf authors. GPL-3.0-or-later; see LICENSE.
 */

/**
 * @file pcf/site.h
 * @brief A site's annual figures: scope 1 and 2, and each product's gate-to-gate share.
 *
 * The input is a JSON document of one site and one year (docs/site-format.md): electricity by
 * source (grid, on-site PV, renewable certificates and PPAs), fuels, refrigerant top-ups, waste
 * and the output of each product. pcf_site_calculate() gives
 *
 *  - scope 1 (GHG Protocol Corporate Standard, ch. 4): fuels burnt on site (amount × the fuel's
 *    combustion factor) and refrigerant top-ups (kg of gas × its GWP100, the top-up taken as the
 *    amount that leaked);
 *  - scope 2, location-based (GHG Protocol Scope 2 Guidance, ch. 6): grid purchases × the grid's
 *    average factor; on-site PV consumed counts zero;
 *  - scope 2, market-based, only when the site holds contractual instruments (certificates,
 *    PPAs): the covered kWh at the instrument's zero rate, the rest at the grid average because
 *    no residual mix is published for the site's grid (the result says so);
 *  - waste sent for treatment (scope 3 category 5), apart;
 *  - refrigerants of the Montreal Protocol (HCFC-22, CFCs), apart from the scopes as the
 *    Corporate Standard asks, but counted in the products' shares as ISO 14067 counts them;
 *  - each product's share of all of these but the market-based scope 2, allocated by units,
 *    mass or revenue (ISO 14044:2006 4.3.4.2, steps 2 and 3), per year and per unit of output.
 *
 * Every factor comes from the factor database (by code, or the location-based grid factor of the
 * site's region found through the region fallback chain, or a clear pcf_factor_suggest() match
 * for a fuel or waste named without a code); every GWP from pcf_gwp_value().
 */
#ifndef PCF_SITE_H
#define PCF_SITE_H

#include "pcf/common.h"
#include "pcf/db.h"
#include "pcf/model.h"

PCF_BEGIN_DECLS

/** A site's annual figures as read. Thread-safety: one thread at a time. */
typedef struct pcf_site pcf_site;

/** The site's totals and product shares. Immutable; may be shared by threads. */
typedef struct pcf_site_result pcf_site_result;

/** The site totals of a result, in kg CO2e per year. */
typedef enum pcf_site_total {
    PCF_SITE_SCOPE1 = 0,          /**< Fuels and refrigerants. */
    PCF_SITE_SCOPE2_LOCATION = 1, /**< Grid electricity at the grid-average factor. */
    PCF_SITE_SCOPE2_MARKET = 2,   /**< NaN when the site holds no contractual instrument. */
    PCF_SITE_WASTE = 3,           /**< Waste treatment (scope 3 category 5). */
    PCF_SITE_GATE_TO_GATE = 4,    /**< Scope 1 + scope 2 location-based + waste + the gases
                                       outside the scopes: what is shared among products. */
    PCF_SITE_OUTSIDE_SCOPES = 5   /**< Montreal Protocol refrigerants (HCFC, CFC): reported apart
                                       from the scopes, counted in a footprint. */
} pcf_site_total;

/**
 * Reads a site document (docs/site-format.md) from a file, checking its syntax and every key
 * without a database.
 * @param[out] out the site. Ownership: caller owns, release with pcf_site_destroy().
 * @return ::PCF_OK; ::PCF_ERR_IO; ::PCF_ERR_PARSE (malformed JSON, with line and column);
 *         ::PCF_ERR_INVALID_MODEL (a key, value or unit that is wrong, with its JSON path, line
 *         and column and the fix; every problem also goes to @p diag when given);
 *         ::PCF_ERR_INVALID_ARG; ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_site_read_file(const char *path, pcf_site **out,
                                                    pcf_diag *diag, pcf_error *err);

/** As pcf_site_read_file() from JSON text; @p filename (may be NULL) names it in errors.
 * @since 0.1 */
PCF_NODISCARD PCF_API pcf_status pcf_site_read_string(const char *json, const char *filename,
                                                      pcf_site **out, pcf_diag *diag,
                                                      pcf_error *err);

/** Releases a site (NULL is fine). @since 0.1 */
PCF_API void pcf_site_destroy(pcf_site *site);

/**
 * Overrides the document's allocation basis: "units", "mass" or "revenue".
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for another word (naming the three).
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_site_set_allocation(pcf_site *site, const char *basis,
                                                         pcf_error *err);

/**
 * Computes the site's scopes and the products' shares with the factors of @p db.
 * @param[out] out the result. Ownership: caller owns, release with pcf_site_result_destroy().
 * @return ::PCF_OK; ::PCF_ERR_NOT_FOUND (a factor code not in the database, no grid factor for
 *         a region, a fuel or waste named without a code that no factor clearly matches: the
 *         message names the row and the best candidates); ::PCF_ERR_UNIT (an amount whose unit
 *         does not fit its factor); ::PCF_ERR_INVALID_MODEL (outputs that cannot be allocated on
 *         the chosen basis, certificates beyond the grid purchases); ::PCF_ERR_DATABASE;
 *         ::PCF_ERR_NOMEM. Every error names the JSON path, line and column; all go to @p diag.
 * Thread-safety: one thread at a time per @p db.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_site_calculate(const pcf_site *site, pcf_db *db,
                                                    pcf_diag *diag, pcf_site_result **out,
                                                    pcf_error *err);

/** Releases a result (NULL is fine). @since 0.1 */
PCF_API void pcf_site_result_destroy(pcf_site_result *r);

/** A site total in kg CO2e per year (NaN for NULL, or the market-based scope 2 when the data
 * does not support it). @since 0.1 */
PCF_API double pcf_site_result_total(const pcf_site_result *r, pcf_site_total which);

/** The allocation basis used: "units", "mass" or "revenue" (NULL for NULL). @since 0.1 */
PCF_API const char *pcf_site_result_allocation(const pcf_site_result *r);

/** Number of products. @since 0.1 */
PCF_API size_t pcf_site_result_product_count(const pcf_site_result *r);

/** A product's id (NULL when out of range). Ownership: borrowed from @p r. @since 0.1 */
PCF_API const char *pcf_site_result_product_id(const pcf_site_result *r, size_t i);

/** A product's allocation share in [0, 1] (NaN when out of range). @since 0.1 */
PCF_API double pcf_site_result_product_share(const pcf_site_result *r, size_t i);

/** A product's gate-to-gate share in kg CO2e per year (NaN when out of range). @since 0.1 */
PCF_API double pcf_site_result_product_kg_co2e(const pcf_site_result *r, size_t i);

/**
 * A product's gate-to-gate share in kg CO2e per one unit of its output (unit:
 * pcf_site_result_product_unit()); NaN when out of range.
 * @since 0.1
 */
PCF_API double pcf_site_result_product_per_unit(const pcf_site_result *r, size_t i);

/** The unit of a product's output ("item", "kg"); NULL when out of range. @since 0.1 */
PCF_API const char *pcf_site_result_product_unit(const pcf_site_result *r, size_t i);

/**
 * The result as JSON: the site, the totals, every line with its amount, factor (code, value,
 * unit, dataset) and kg CO2e, and every product's share.
 * @param[out] out Ownership: caller owns, release with pcf_free().
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG; ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_site_result_json(const pcf_site_result *r, char **out,
                                                      pcf_error *err);

/**
 * A plain-text disclosure in @p lang: "en" or "zh" (Chinese throughout).
 * @param[out] out Ownership: caller owns, release with pcf_free().
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG (NULL, or another language); ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_site_result_text(const pcf_site_result *r, const char *lang,
                                                      char **out, pcf_error *err);

/**
 * The disclosure as one self-contained HTML page in @p lang ("en" or "zh"): totals by scope,
 * a chart, the lines with their factors, the products' shares, method notes and the licences
 * of the datasets used (from @p db; NULL leaves the licence column out).
 * @param[out] out Ownership: caller owns, release with pcf_free().
 * @return as pcf_site_result_text().
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_site_result_html(const pcf_site_result *r, pcf_db *db,
                                                      const char *lang, char **out, pcf_error *err);

/**
 * The production stage of product @p product_id as a JSON array of model activities
 * (docs/model-format.md) per one unit of its output: each site line times the product's share
 * divided by its output, with the line's factor code (refrigerants as "gas" activities).
 * @param[out] out Ownership: caller owns, release with pcf_free().
 * @return ::PCF_OK; ::PCF_ERR_NOT_FOUND (no such product); ::PCF_ERR_INVALID_ARG;
 *         ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_site_result_stage_json(const pcf_site_result *r,
                                                            const char *product_id, char **out,
                                                            pcf_error *err);

/**
 * Replaces the production stage of product @p model_product of @p model with the site's share
 * for @p product_id, scaled to the model product's reference flow (or declared unit), which must
 * be convertible to the product's output unit.
 * @return ::PCF_OK; ::PCF_ERR_NOT_FOUND (no such site product or model product);
 *         ::PCF_ERR_UNIT (the reference flow's unit does not fit the output's, naming both);
 *         ::PCF_ERR_INVALID_ARG; ::PCF_ERR_NOMEM. On failure the model is unchanged.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_site_result_apply(const pcf_site_result *r,
                                                       const char *product_id, pcf_model *model,
                                                       size_t model_product, pcf_error *err);

PCF_END_DECLS

#endif /* PCF_SITE_H */
