/*
 * pcf — product carbon footprints (ISO 14067, GB/T 24067-2024).
 * Copyright (C) 2026 the pcf authors. GPL-3.0-or-later; see LICENSE.
 */

/**
 * @file pcf/cbam.h
 * @brief The EU CBAM regime: specific embedded emissions of an installation's goods.
 *
 * Not a product carbon footprint: the EU Carbon Border Adjustment Mechanism (Regulation (EU)
 * 2023/956) asks for the specific embedded emissions (SEE, t CO2e per tonne of good) of the
 * goods an installation exports, by the rules of Implementing Regulation (EU) 2023/1773,
 * Annex III, direct and indirect apart. For each production process p with activity level AL_p
 * (tonnes produced):
 *
 *     AttrEm_dir = DirEm + Em_heat,imp − Em_heat,exp + WG_imp − WG_exp − Em_el,exp
 *     AttrEm_ind = E_el,cons × EF_el
 *     SEE_dir = (AttrEm_dir + Σ_i M_i · SEE_i,dir) / AL_p
 *     SEE_ind = (AttrEm_ind + Σ_i M_i · SEE_i,ind) / AL_p
 *
 * summed over the relevant precursors i consumed (M_i tonnes), whose own SEE is either actual
 * (another process of the installation, computed recursively, or a supplier's communicated
 * values) or a default value with the mark-up of the year. Transport is outside the boundary.
 * The input is a JSON document (docs/cbam-format.md, docs/cbam-input.schema.json); the output
 * holds the data of the Commission's communication template for installations
 * (docs/cbam-communication.schema.json), as JSON or CSV.
 */
#ifndef PCF_CBAM_H
#define PCF_CBAM_H

#include "pcf/common.h"
#include "pcf/db.h"

PCF_BEGIN_DECLS

/** An installation's CBAM input document. Thread-safety: one thread at a time. */
typedef struct pcf_cbam pcf_cbam;

/** The embedded emissions of an installation's goods. Immutable; may be shared by threads. */
typedef struct pcf_cbam_result pcf_cbam_result;

/** The CBAM sectors of Regulation (EU) 2023/956, Annex I. Values are fixed. */
typedef enum pcf_cbam_sector {
    PCF_CBAM_CEMENT = 0,      /**< "cement": CN 2507 00 80, 2523. */
    PCF_CBAM_IRON_STEEL = 1,  /**< "iron_steel": CN 2601 12, chapter 72, 73xx. */
    PCF_CBAM_ALUMINIUM = 2,   /**< "aluminium": chapter 76. */
    PCF_CBAM_FERTILISERS = 3, /**< "fertilisers": CN 2808, 2814, 2834 21, 3102, 3105. */
    PCF_CBAM_HYDROGEN = 4,    /**< "hydrogen": CN 2804 10. */
    PCF_CBAM_ELECTRICITY = 5  /**< "electricity": CN 2716 (not computed by pcf). */
} pcf_cbam_sector;

/** "cement", "iron_steel", "aluminium", "fertilisers", "hydrogen", "electricity"; NULL when
 * invalid. Ownership: static string. @since 0.1 */
PCF_API const char *pcf_cbam_sector_name(pcf_cbam_sector sector);

/**
 * The CBAM sector a CN code (4 to 8 digits, spaces allowed) belongs to, by its leading digits.
 * @return ::PCF_OK; ::PCF_ERR_NOT_FOUND when the code is not a CBAM good; ::PCF_ERR_PARSE when
 *         it is not 4 to 8 digits; ::PCF_ERR_INVALID_ARG.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_cbam_sector_of_cn(const char *cn_code, pcf_cbam_sector *out,
                                                       pcf_error *err);

/**
 * The mark-up added to a default value used in @p year for a good of @p sector, as a fraction
 * (0.1 = +10 %): 2026 0.10, 2027 0.20, from 2028 0.30 for cement, iron and steel, aluminium and
 * hydrogen. Implementing Regulation (EU) 2025/2621 sets the definitive period's default values
 * and says in recitals (3)–(4) that they include a mark-up; the yearly percentages are those of
 * third-party summaries of it, the article that sets them not read (docs/cbam-format.md).
 * Fertilisers (a much smaller rise in those summaries) and electricity have no shipped value: the
 * caller must supply one (the input's `markup`).
 * @return ::PCF_OK; ::PCF_ERR_DATA_MISSING for fertilisers, electricity or a year before 2026.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_cbam_markup(pcf_cbam_sector sector, int year,
                                                 double *fraction_out, pcf_error *err);

/**
 * Reads a CBAM input document from JSON text. Only the JSON syntax and the top-level shape are
 * checked here; pcf_cbam_validate() and pcf_cbam_calculate() check the rules.
 * @param filename named in errors (may be NULL).
 * @param[out] out Ownership: caller owns, release with pcf_cbam_destroy().
 * @return ::PCF_OK, ::PCF_ERR_PARSE (with line and column), ::PCF_ERR_INVALID_ARG,
 *         ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_cbam_read_string(const char *json, const char *filename,
                                                      pcf_cbam **out, pcf_error *err);

/** Reads a CBAM input document from a file; see pcf_cbam_read_string(). Adds ::PCF_ERR_IO.
 * @since 0.1 */
PCF_NODISCARD PCF_API pcf_status pcf_cbam_read_file(const char *path, pcf_cbam **out,
                                                    pcf_error *err);

/** Releases a document. Accepts NULL. @since 0.1 */
PCF_API void pcf_cbam_destroy(pcf_cbam *cbam);

/**
 * Checks every rule that needs no factor database (required fields, numbers ≥ 0, CN codes,
 * sectors, precursor references and cycles, the PPA / direct-link conditions, no transport) and
 * lists every problem in @p diag with its JSON path, line and column.
 * @param diag may be NULL. @return ::PCF_OK or ::PCF_ERR_INVALID_MODEL (first problem in err).
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_cbam_validate(const pcf_cbam *cbam, pcf_diag *diag,
                                                   pcf_error *err);

/**
 * Computes the SEE of every production process and good.
 * @param db for factor codes (grid electricity, default values); may be NULL when the document
 *        names none.
 * @param year the year whose mark-up applies to default values, or 0 for the document's `year`.
 * @param diag may be NULL; receives every problem and the notes.
 * @param[out] out Ownership: caller owns, release with pcf_cbam_result_destroy().
 * @return ::PCF_OK, ::PCF_ERR_INVALID_MODEL, ::PCF_ERR_NOT_FOUND (a factor code),
 *         ::PCF_ERR_DATA_MISSING (a mark-up nobody supplied), ::PCF_ERR_NOMEM, ...
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_cbam_calculate(const pcf_cbam *cbam, pcf_db *db, int year,
                                                    pcf_diag *diag, pcf_cbam_result **out,
                                                    pcf_error *err);

/** Releases a result. Accepts NULL. @since 0.1 */
PCF_API void pcf_cbam_result_destroy(pcf_cbam_result *result);

/** The year whose mark-ups were applied. @since 0.1 */
PCF_API int pcf_cbam_result_year(const pcf_cbam_result *result);

/** Number of production processes. @since 0.1 */
PCF_API size_t pcf_cbam_result_process_count(const pcf_cbam_result *result);

/** The id of process @p index, or NULL. Ownership: borrowed from the result. @since 0.1 */
PCF_API const char *pcf_cbam_result_process_id(const pcf_cbam_result *result, size_t index);

/** Direct SEE of process @p index, t CO2e per tonne (NaN when out of range). @since 0.1 */
PCF_API double pcf_cbam_result_see_direct(const pcf_cbam_result *result, size_t index);

/** Indirect SEE of process @p index, t CO2e per tonne (NaN when out of range). @since 0.1 */
PCF_API double pcf_cbam_result_see_indirect(const pcf_cbam_result *result, size_t index);

/** Attributed direct emissions of process @p index, t CO2e (NaN when out of range). @since 0.1 */
PCF_API double pcf_cbam_result_attributed_direct(const pcf_cbam_result *result, size_t index);

/** Indirect emissions of process @p index's own electricity, t CO2e. @since 0.1 */
PCF_API double pcf_cbam_result_attributed_indirect(const pcf_cbam_result *result, size_t index);

/**
 * Share (0..1) of process @p index's embedded emissions (direct + indirect) that comes from
 * default values, through its precursors at any depth (NaN when out of range or when the
 * embedded emissions are 0). @since 0.1
 */
PCF_API double pcf_cbam_result_default_share(const pcf_cbam_result *result, size_t index);

/** Number of goods (CN codes) over all processes. @since 0.1 */
PCF_API size_t pcf_cbam_result_good_count(const pcf_cbam_result *result);

/** CN code of good @p index as given (digits only), or NULL. @since 0.1 */
PCF_API const char *pcf_cbam_result_good_cn_code(const pcf_cbam_result *result, size_t index);

/** The process (index) that makes good @p index, or (size_t)-1. @since 0.1 */
PCF_API size_t pcf_cbam_result_good_process(const pcf_cbam_result *result, size_t index);

/**
 * The communication-template data as JSON (docs/cbam-communication.schema.json).
 * @param[out] out Ownership: caller owns, release with pcf_free().
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_cbam_result_to_json(const pcf_cbam_result *result, char **out,
                                                         pcf_error *err);

/**
 * One CSV row per good (docs/cbam-format.md lists the columns).
 * @param[out] out Ownership: caller owns, release with pcf_free().
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_cbam_result_to_csv(const pcf_cbam_result *result, char **out,
                                                        pcf_error *err);

/**
 * The CBAM section of a report as text: the installation, reporting period and year; each good
 * with its CN code, SEE direct, indirect and total, the emissions counted for its sector and
 * the share of default values; each production process with its activity level, attributed
 * emissions term by term, electricity (MWh × factor, basis, source, evidence), precursors
 * (mass, SEE, actual or default; a default value with its published figures, mark-up and the
 * mark-up's source) and SEE; and the notes. Numbers as in the JSON document.
 * @param lang "en" (or NULL / "") or "zh": the Chinese section is Chinese throughout (names,
 *        codes and sources stay as given).
 * @param[out] out Ownership: caller owns, release with pcf_free().
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG (NULL, an unknown language); ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_cbam_result_report_text(const pcf_cbam_result *result,
                                                             const char *lang, char **out,
                                                             pcf_error *err);

/**
 * The same section as one self-contained HTML page (inline CSS, every text escaped); see
 * pcf_cbam_result_report_text().
 * @param[out] out Ownership: caller owns, release with pcf_free().
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_cbam_result_report_html(const pcf_cbam_result *result,
                                                             const char *lang, char **out,
                                                             pcf_error *err);

PCF_END_DECLS

#endif /* PCF_CBAM_H */
