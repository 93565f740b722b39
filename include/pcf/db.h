/*
 * pcf — product carbon footprints (ISO 14067, GB/T 24067-2024).
 * Copyright (C) 2026 the pcf authors. GPL-3.0-or-later; see LICENSE.
 */

/**
 * @file pcf/db.h
 * @brief The emission-factor database: SQLite files in layers, lookup by code, resolution by
 *        category/name/region with a region fallback chain, full-text search in English and
 *        Chinese, CSV import and export, and dataset metadata.
 *
 * A factor says how many kg CO2e one unit of an activity emits (one kWh of grid electricity, one
 * tonne-km by truck, one kg of steel). Every factor row keeps the value and unit exactly as its
 * source published them, its source, licence and dataset; the library converts the published
 * unit ("tCO2e/short ton", "gCO2e/kWh") into kg CO2e per one ::pcf_unit on import.
 *
 * **Layers.** A ::pcf_db is one SQLite file (the "default" layer, usually the shipped
 * factors.db). pcf_db_attach() lays another file over it, e.g. a company's own factors: the layer
 * attached last wins every lookup, and each returned factor says which layer served it.
 * A layer is input like any other: open and attach refuse a file whose tables are not the
 * tables pcf writes (::PCF_ERR_DATABASE); the numbers of a factor row are checked when the row
 * is read (by code, resolution or search), and a row no importer could have written (a negative
 * or non-finite value, an unknown distribution) is ::PCF_ERR_DATABASE naming the file and the
 * factor, while the other rows stay usable.
 *
 * **Regions.** Regions form a tree rooted at "GLO" (CN-FJ → CN-GRID-EAST → CN → GLO,
 * US-CAMX → US → GLO, GB → GLO). Resolution tries the requested region, then each parent, and
 * reports which region was used (pcf_factor_region() vs pcf_factor_region_requested()).
 *
 * Thread-safety: a ::pcf_db is *one thread at a time* (it owns one SQLite connection opened with
 * SQLITE_OPEN_NOMUTEX, and its prepared statements); open one per thread. A ::pcf_factor is
 * *immutable — share freely*.
 */
#ifndef PCF_DB_H
#define PCF_DB_H

#include "pcf/common.h"
#include "pcf/units.h"
#include "pcf/gwp.h"
#include "pcf/dist.h"

PCF_BEGIN_DECLS

/** An open factor database with its layers. Thread-safety: one thread at a time. */
typedef struct pcf_db pcf_db;

/**
 * One factor row, copied out of the database, plus how it was found (layer, region requested,
 * fallback taken). Ownership: caller owns, release with pcf_factor_destroy().
 * Thread-safety: immutable — share freely.
 */
typedef struct pcf_factor pcf_factor;

/** A list of factors returned by pcf_db_search(). Thread-safety: immutable — share freely. */
typedef struct pcf_factor_list pcf_factor_list;

/** Metadata of one source dataset. Borrowed from its ::pcf_db. */
typedef struct pcf_dataset pcf_dataset;

/** Open the database read-only (the default for calculation). */
#define PCF_DB_READ_ONLY 0x1u
/** Open an existing database for reading and writing (import). */
#define PCF_DB_READ_WRITE 0x2u
/** Create the file with the current schema when it does not exist (implies read-write). */
#define PCF_DB_CREATE 0x4u

/** The schema version this library writes and reads (PRAGMA user_version). */
#define PCF_DB_SCHEMA_VERSION 3

/**
 * The schema version this library writes and reads; a file with a higher user_version is refused
 * with ::PCF_ERR_VERSION.
 * @since 0.1
 */
PCF_API int pcf_db_schema_version(void);

/**
 * The path the shipped factors.db is installed to (`<datadir>/pcf/factors.db`), compiled in.
 * The library never reads the environment: a program that honours `PCF_DB` does so itself (the
 * CLI looks at `--db`, then `PCF_DB`, then this path).
 * @return static text, never NULL. Thread-safety: safe from any thread.
 * @since 0.1
 */
PCF_API const char *pcf_db_default_path(void);

/**
 * Opens a factor database file as the default layer.
 *
 * @param[in]  path  the SQLite file, UTF-8.
 * @param[in]  flags ::PCF_DB_READ_ONLY, ::PCF_DB_READ_WRITE, or ::PCF_DB_READ_WRITE |
 *                   ::PCF_DB_CREATE (create an empty database with the current schema).
 * @param[out] out   the handle. Ownership: caller owns, release with pcf_db_close().
 * @param[out] err   optional error record.
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for NULL arguments or unknown flags; ::PCF_ERR_IO when
 *         the file does not exist or cannot be opened (the message names it); ::PCF_ERR_VERSION
 *         when the file's schema is newer than this library's; ::PCF_ERR_DATABASE when the file is
 *         not a pcf factor database or SQLite fails; ::PCF_ERR_NOMEM. On failure *out is NULL.
 * Thread-safety: the handle is one thread at a time; different handles may be used from
 *         different threads at once.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_db_open(const char *path, uint32_t flags, pcf_db **out,
                                             pcf_error *err);

/** Closes @p db and everything attached to it. Accepts NULL. @since 0.1 */
PCF_API void pcf_db_close(pcf_db *db);

/**
 * Lays the factor database at @p path over the layers already open (read-only). Its factors win
 * every lookup by code and by name; pcf_factor_layer() says which layer served a factor.
 *
 * @param[in] layer_name a short name: letters, digits and '_', at most 32 bytes, not "default",
 *                       "main" or "temp", and not already in use; NULL names the layer after
 *                       the file ("/data/acme-2026.db" is "acme_2026"), or "layerN" when that
 *                       name is taken or reserved. pcf_db_layer_name() tells the name given.
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for NULL @p db or @p path, or a bad layer name;
 *         ::PCF_ERR_IO when the file does not exist; ::PCF_ERR_VERSION for a newer schema;
 *         ::PCF_ERR_DATABASE; ::PCF_ERR_NOMEM. On failure nothing is attached and @p db works as
 * before. Ownership: @p path and @p layer_name are copied. Thread-safety: one thread at a time per
 * @p db.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_db_attach(pcf_db *db, const char *path, const char *layer_name,
                                               pcf_error *err);

/** Number of layers: 1 + the number attached. 0 for NULL. @since 0.1 */
PCF_API size_t pcf_db_layer_count(const pcf_db *db);

/**
 * Name of layer @p index; 0 is "default" and the last is the top (winning) layer. NULL when out
 * of range. Ownership: borrowed, valid until @p db is closed.
 * @since 0.1
 */
PCF_API const char *pcf_db_layer_name(const pcf_db *db, size_t index);

/**
 * Looks a factor up by its stable code ("desnz-2025:1_100_1000_15_1"), top layer first.
 *
 * @param[out] out the factor. Ownership: caller owns, release with pcf_factor_destroy().
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for NULL; ::PCF_ERR_NOT_FOUND when no layer has the code
 *         (the message names it and suggests `pcf factors search`); ::PCF_ERR_DATABASE;
 *         ::PCF_ERR_NOMEM. On failure *out is NULL.
 * Thread-safety: one thread at a time per @p db.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_db_get_factor(pcf_db *db, const char *code, pcf_factor **out,
                                                   pcf_error *err);

/**
 * Resolves a factor by category and name in a region, walking the region's fallback chain.
 *
 * The name must match exactly, ignoring ASCII case, either the English or the Chinese name. The
 * layers are tried top layer first, and the first layer with a match wins (a company's factor
 * beats the default's even when the default has a more specific region). Within that layer the
 * most specific region of the chain wins (the requested region, then its parents up to "GLO");
 * when several rows match in that region (the same fuel per tonne, per litre and per kWh;
 * several years) the latest reference year wins, then the smallest code. Use
 * pcf_db_resolve_dim() to choose the unit dimension.
 *
 * A region that is not in the regions table falls back by its code: "CN-XM" → "CN" → "GLO".
 *
 * @param[in]  category e.g. "electricity", "material", "fuel", "transport", "waste".
 * @param[in]  name     English or Chinese name as in the database.
 * @param[in]  region   region code ("CN-FJ", "GB", "US-CAMX"); NULL or "" means "GLO".
 * @param[out] out      the factor; pcf_factor_region() is the region used and
 *                      pcf_factor_fallback_taken() says whether it differs from @p region.
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for NULL; ::PCF_ERR_NOT_FOUND when nothing matches (the
 *         message lists the regions tried and suggests near names); ::PCF_ERR_DATABASE;
 *         ::PCF_ERR_NOMEM. On failure *out is NULL.
 * Thread-safety: one thread at a time per @p db.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_db_resolve(pcf_db *db, const char *category, const char *name,
                                                const char *region, pcf_factor **out,
                                                pcf_error *err);

/**
 * pcf_db_resolve(), keeping only factors whose per-unit has dimension @p dim (for example
 * ::PCF_DIM_MASS when the activity is given in kg). ::PCF_DIM_NONE accepts any dimension.
 * @return as pcf_db_resolve(); the NOT_FOUND message also names the dimension asked for.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_db_resolve_dim(pcf_db *db, const char *category,
                                                    const char *name, const char *region,
                                                    pcf_dimension dim, pcf_factor **out,
                                                    pcf_error *err);

/** Most different words one search or suggestion takes; more is ::PCF_ERR_INVALID_ARG. */
#define PCF_SEARCH_MAX_TERMS 64
/** Longest search or suggestion text in bytes; longer is ::PCF_ERR_INVALID_ARG. */
#define PCF_SEARCH_MAX_TEXT 4096

/**
 * Finds the factors whose English or Chinese name matches every word of @p text, with the
 * synonym and abbreviation table of the library (data/synonyms.csv, docs/matching.md): "卡车"
 * also finds "HGV", "运输" every transport factor, "鋼" (traditional) "钢", "福建" factors of
 * CN-FJ. Short and upper-case words ("PP", "PET", "tea") match whole words only, so "PP" does
 * not find "Copper"; longer words match any part of a name ("alumin"). Words that only say the
 * form of a material ("颗粒", "resin") are ignored. Results are de-duplicated by code (the top
 * layer wins) and ordered by layer, then how well they match (the table's preferred factor for
 * a word first), then code. The work is linear in the number of factors and bounded by
 * ::PCF_SEARCH_MAX_TERMS words of ::PCF_SEARCH_MAX_TEXT bytes.
 *
 * @param[in] text      the words to find; "" lists everything that passes the filters.
 * @param[in] category  only this category, or NULL.
 * @param[in] region    only this region and its sub-regions by code prefix ("CN" also finds
 *                      "CN-FJ"), or NULL.
 * @param[in] dim       only factors per a unit of this dimension, or ::PCF_DIM_NONE.
 * @param[in] limit     at most this many results; 0 means no limit. pcf_factor_list_total()
 *                      says how many matched.
 * @param[out] out      the results (possibly empty). Ownership: caller owns, release with
 *                      pcf_factor_list_destroy().
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for NULL, text that is not UTF-8, or text past the
 *         limits above (the message names the limit); ::PCF_ERR_DATABASE; ::PCF_ERR_NOMEM. On
 *         failure *out is NULL.
 * Thread-safety: one thread at a time per @p db.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_db_search(pcf_db *db, const char *text, const char *category,
                                               const char *region, pcf_dimension dim, size_t limit,
                                               pcf_factor_list **out, pcf_error *err);

/**
 * How many factors matched the search that made @p list, before its limit: "50 of 96 shown".
 * 0 for NULL. @since 0.1
 */
PCF_API size_t pcf_factor_list_total(const pcf_factor_list *list);

/** Candidate factors for one line of a bill of materials, ranked. Immutable — share freely. */
typedef struct pcf_suggestion_list pcf_suggestion_list;

/**
 * Ranks the factors that fit a line of a bill of materials or a meter: its text (a description
 * in Chinese or English, "PP颗粒 注塑级", "卡车运输"), its unit and its region, each candidate
 * with a score in [0, 1] and the reason in words. Unlike pcf_db_search() a factor need not
 * match every word: the score is 0.6 × the share of the words matched (words no factor has do
 * not count), + 0.25 when it is the synonym table's preferred factor for a word and matches
 * every word, + 0.15 × how near its region is in @p region's fallback chain (docs/matching.md).
 *
 * @param[in]  text       the description; at most ::PCF_SEARCH_MAX_TERMS words.
 * @param[in]  unit       the line's unit ("kg", "kWh", "t.km"): only factors per a unit of its
 *                        dimension are candidates; NULL or "" for any.
 * @param[in]  region     where the activity happens ("CN-FJ"): nearer regions of its fallback
 *                        chain rank higher; NULL or "" for none.
 * @param[in]  categories only these categories, separated by commas ("material,packaging"), at
 *                        most 8; NULL or "" for all.
 * @param[in]  max        at most this many candidates; 0 for all.
 * @param[out] out        the candidates, best first (possibly none). Ownership: caller owns,
 *                        release with pcf_suggestion_list_destroy().
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for NULL, text that is not UTF-8, has no words or is
 *         past the limits, or more than 8 categories; ::PCF_ERR_NOT_FOUND for an unknown unit;
 *         ::PCF_ERR_DATABASE; ::PCF_ERR_NOMEM. On failure *out is NULL.
 * Thread-safety: one thread at a time per @p db.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_factor_suggest(pcf_db *db, const char *text, const char *unit,
                                                    const char *region, const char *categories,
                                                    size_t max, pcf_suggestion_list **out,
                                                    pcf_error *err);

/** Number of candidates in @p list (0 for NULL). @since 0.1 */
PCF_API size_t pcf_suggestion_count(const pcf_suggestion_list *list);

/** Candidate @p index, or NULL when out of range. Borrowed from @p list. @since 0.1 */
PCF_API const pcf_factor *pcf_suggestion_factor(const pcf_suggestion_list *list, size_t index);

/** Score of candidate @p index in [0, 1]; 0 when out of range. @since 0.1 */
PCF_API double pcf_suggestion_score(const pcf_suggestion_list *list, size_t index);

/**
 * Why candidate @p index was suggested: for each word how it matched (in the name, a synonym, a
 * category, a region, a proxy, or not), whether it is the table's preferred factor, its region
 * against the fallback chain and its unit. @p lang "zh" for Chinese, else English. "" when out of
 * range. Borrowed from @p list.
 * @since 0.1
 */
PCF_API const char *pcf_suggestion_reason(const pcf_suggestion_list *list, size_t index,
                                          const char *lang);

/**
 * 1 when candidate @p index matched a word only through a stand-in of the synonym table (no
 * specific factor exists, e.g. ABS → average rigid plastic), else 0.
 * @since 0.1
 */
PCF_API int pcf_suggestion_is_proxy(const pcf_suggestion_list *list, size_t index);

/**
 * 1 when the best candidate is a clear match: not a proxy, it matches every word that any factor
 * matches, and it scores at least 0.05 above the second. A program binding lines on its own
 * (`pcf init`) should bind only clear matches and show the others to a person.
 * @since 0.1
 */
PCF_API int pcf_suggestion_clear(const pcf_suggestion_list *list);

/** Releases @p list and its factors. Accepts NULL. @since 0.1 */
PCF_API void pcf_suggestion_list_destroy(pcf_suggestion_list *list);

/** Number of factors in @p list (0 for NULL). @since 0.1 */
PCF_API size_t pcf_factor_list_count(const pcf_factor_list *list);

/**
 * Factor @p index of @p list, or NULL when out of range.
 * Ownership: borrowed, valid until @p list is destroyed (use pcf_factor_clone() to keep one).
 * @since 0.1
 */
PCF_API const pcf_factor *pcf_factor_list_at(const pcf_factor_list *list, size_t index);

/** Releases @p list and its factors. Accepts NULL. @since 0.1 */
PCF_API void pcf_factor_list_destroy(pcf_factor_list *list);

/**
 * Number of factors in the default layer (@p layer 0) or an attached layer.
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for NULL or a layer out of range; ::PCF_ERR_DATABASE.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_db_factor_count(pcf_db *db, size_t layer, size_t *out,
                                                     pcf_error *err);

/**
 * Imports a CSV file into the default layer, in one transaction: either every row is written or,
 * on the first bad row, nothing is and the file is left byte-for-byte unchanged.
 *
 * The kind of file is told by its header:
 * - factors: `code,dataset,category,name_en,name_zh,region,value,unit,scope,gwp_set,year,gases,`
 *   `uncertainty,unc_p1,unc_p2,unc_p3,dq,source,license,notes` (the columns may come in any
 *   order; `code, category, name_en, region, value, unit, source, license` are required, the rest
 *   optional);
 * - datasets: `dataset,name,version,publisher,license,url,date,attribution`;
 * - regions: `region,parent,name_en,name_zh`.
 *
 * Each factor's `unit` is an emission-rate unit as pcf_unit_parse_rate() reads it ("kgCO2e/kWh",
 * "tCO2e/short ton", "gCO2e/kWh"); a qualifier after the activity unit, in parentheses or as
 * trailing words ("kgCO2e/kWh (net CV)", "tCO2e/tonne product"), is kept as the unit qualifier.
 * `gases` lists per-gas amounts in the numerator's mass unit per the same activity unit:
 * `co2_fossil=2.1;ch4_fossil=0.0001`. `uncertainty` is a pcf_dist_name(); its parameters are in
 * the unit of `value` (a lognormal's GSD is unitless).
 *
 * @param[in]  path     the CSV file, UTF-8, comma-separated, RFC 4180 quoting, with a header.
 * @param[out] rows_out number of rows imported (may be NULL).
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for NULL; ::PCF_ERR_READ_ONLY when @p db was opened
 *         read-only; ::PCF_ERR_IO when the file cannot be read; ::PCF_ERR_PARSE for a malformed
 *         row (wrong column count, bad UTF-8, a value that is not a number or is negative, an
 *         unknown unit, a duplicate code...), with err->file, err->line and err->column set and
 *         the column's name in the message; ::PCF_ERR_DATABASE; ::PCF_ERR_NOMEM.
 * Thread-safety: one thread at a time per @p db.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_db_import_csv(pcf_db *db, const char *path, size_t *rows_out,
                                                   pcf_error *err);

/**
 * Writes the default layer's factors as CSV text (the factors header of pcf_db_import_csv(),
 * ordered by code), which re-imports to identical rows.
 * @param[out] out the CSV text. Ownership: caller owns, release with pcf_free().
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG; ::PCF_ERR_DATABASE; ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_db_export_csv(pcf_db *db, char **out, pcf_error *err);

/** The tables of a factor database, for pcf_db_export_table_csv(). Values are fixed. */
typedef enum pcf_db_table {
    PCF_DB_TABLE_FACTORS = 0,  /**< the factors (what pcf_db_export_csv() writes) */
    PCF_DB_TABLE_DATASETS = 1, /**< the dataset descriptions, ordered by key */
    PCF_DB_TABLE_REGIONS = 2   /**< the regions and their parents, ordered by code */
} pcf_db_table;

/**
 * Writes one table of the default layer as CSV text with the header pcf_db_import_csv() reads
 * for it, so the three exports together rebuild the layer (`pcf db build OUT factors.csv
 * datasets.csv regions.csv`).
 * @param[out] out the CSV text. Ownership: caller owns, release with pcf_free().
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for NULL or an unknown table; ::PCF_ERR_DATABASE;
 *         ::PCF_ERR_NOMEM.
 * Thread-safety: one thread at a time per @p db.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_db_export_table_csv(pcf_db *db, pcf_db_table table, char **out,
                                                         pcf_error *err);

/**
 * Number of datasets described in all layers (0 for NULL).
 * Thread-safety: one thread at a time per @p db.
 * @since 0.1
 */
PCF_API size_t pcf_db_dataset_count(const pcf_db *db);

/**
 * Dataset @p index, or NULL when out of range.
 * Ownership: borrowed, valid until @p db is closed, attached to or imported into.
 * @since 0.1
 */
PCF_API const pcf_dataset *pcf_db_dataset_at(const pcf_db *db, size_t index);

/** The dataset's key as factor rows name it ("desnz-2025"). "" for NULL. @since 0.1 */
PCF_API const char *pcf_dataset_key(const pcf_dataset *ds);
/** The dataset's full name. "" for NULL. @since 0.1 */
PCF_API const char *pcf_dataset_name(const pcf_dataset *ds);
/** The dataset's version or edition. "" for NULL. @since 0.1 */
PCF_API const char *pcf_dataset_version(const pcf_dataset *ds);
/** The publisher. "" for NULL. @since 0.1 */
PCF_API const char *pcf_dataset_publisher(const pcf_dataset *ds);
/** The licence. "" for NULL. @since 0.1 */
PCF_API const char *pcf_dataset_license(const pcf_dataset *ds);
/** The source URL. "" for NULL. @since 0.1 */
PCF_API const char *pcf_dataset_url(const pcf_dataset *ds);
/** The publication date as published. "" for NULL. @since 0.1 */
PCF_API const char *pcf_dataset_date(const pcf_dataset *ds);
/** The attribution text the licence requires ("" when none). "" for NULL. @since 0.1 */
PCF_API const char *pcf_dataset_attribution(const pcf_dataset *ds);
/** The layer the dataset is described in. "" for NULL. @since 0.1 */
PCF_API const char *pcf_dataset_layer(const pcf_dataset *ds);
/** Number of factor rows of this dataset in its layer. 0 for NULL. @since 0.1 */
PCF_API size_t pcf_dataset_factor_count(const pcf_dataset *ds);

/* ---- one factor --------------------------------------------------------------------------- */
/* Every string accessor returns "" (never NULL) for NULL or for a field the row leaves empty.
 * Ownership of every string: borrowed, valid until the factor is destroyed. */

/** Releases @p f. Accepts NULL. @since 0.1 */
PCF_API void pcf_factor_destroy(pcf_factor *f);

/**
 * An independent copy of @p f.
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG; ::PCF_ERR_NOMEM. Ownership: caller owns *out.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_factor_clone(const pcf_factor *f, pcf_factor **out,
                                                  pcf_error *err);

/** The stable code ("desnz-2025:1_100_1000_15_1"). @since 0.1 */
PCF_API const char *pcf_factor_code(const pcf_factor *f);
/** The English name. @since 0.1 */
PCF_API const char *pcf_factor_name_en(const pcf_factor *f);
/** The Chinese name (simplified characters), or "". @since 0.1 */
PCF_API const char *pcf_factor_name_zh(const pcf_factor *f);
/** The category ("electricity", "material", "cbam_default", ...). @since 0.1 */
PCF_API const char *pcf_factor_category(const pcf_factor *f);
/** The region of the row that served the lookup ("CN", "GB", "GLO"). @since 0.1 */
PCF_API const char *pcf_factor_region(const pcf_factor *f);
/** The region asked for (for a lookup by code or a search: the row's region). @since 0.1 */
PCF_API const char *pcf_factor_region_requested(const pcf_factor *f);
/** 1 when the region used differs from the region requested, else 0. @since 0.1 */
PCF_API int pcf_factor_fallback_taken(const pcf_factor *f);

/** kg CO2e (or kg CO2 when pcf_factor_co2_only()) per ONE pcf_factor_unit(). 0 for NULL. */
PCF_API double pcf_factor_kg_co2e(const pcf_factor *f);
/** The activity unit the factor is per ("kWh", "t", "tkm"). NULL for NULL. @since 0.1 */
PCF_API const pcf_unit *pcf_factor_unit(const pcf_factor *f);
/** Text that qualifies the unit ("net CV", "product"), or "". @since 0.1 */
PCF_API const char *pcf_factor_unit_qualifier(const pcf_factor *f);
/** 1 when the factor counts CO2 only (not CO2e), else 0. @since 0.1 */
PCF_API int pcf_factor_co2_only(const pcf_factor *f);
/**
 * The GWP set the CO2e was computed with, when the source states an IPCC report (AR4/AR5/AR6);
 * 0 when it is mixed, unstated or not applicable (see pcf_factor_gwp_text()).
 * @since 0.1
 */
PCF_API int pcf_factor_gwp_set(const pcf_factor *f);
/** The GWP basis exactly as the CSV states it ("AR5 (DESNZ 2025 ...)"). @since 0.1 */
PCF_API const char *pcf_factor_gwp_text(const pcf_factor *f);
/** Number of per-gas amounts (0 when the source gives none). @since 0.1 */
PCF_API size_t pcf_factor_gas_count(const pcf_factor *f);
/** Gas @p index (::PCF_GAS_CO2_FOSSIL when out of range). @since 0.1 */
PCF_API pcf_gas pcf_factor_gas_at(const pcf_factor *f, size_t index);
/** kg of gas @p index per ONE pcf_factor_unit() (0 when out of range). @since 0.1 */
PCF_API double pcf_factor_gas_kg_at(const pcf_factor *f, size_t index);
/** The boundary ("cradle-to-gate", "TTW", "WTT", ...) as the CSV states it. @since 0.1 */
PCF_API const char *pcf_factor_scope(const pcf_factor *f);
/** The reference year as a number (the first four digits of the CSV's year), or 0. */
PCF_API int pcf_factor_year(const pcf_factor *f);
/** The reference year exactly as in the CSV ("2025 (2022 data)"). @since 0.1 */
PCF_API const char *pcf_factor_year_text(const pcf_factor *f);
/** The value exactly as in the CSV ("3033.38067"). @since 0.1 */
PCF_API const char *pcf_factor_published_value(const pcf_factor *f);
/** The unit exactly as in the CSV ("kgCO2e/tonne"). @since 0.1 */
PCF_API const char *pcf_factor_published_unit(const pcf_factor *f);
/** The dataset key ("desnz-2025"). @since 0.1 */
PCF_API const char *pcf_factor_dataset(const pcf_factor *f);
/** The dataset's name, when the layer describes the dataset, else "". @since 0.1 */
PCF_API const char *pcf_factor_dataset_name(const pcf_factor *f);
/** The dataset's version, when the layer describes the dataset, else "". @since 0.1 */
PCF_API const char *pcf_factor_dataset_version(const pcf_factor *f);
/** The row's licence. @since 0.1 */
PCF_API const char *pcf_factor_license(const pcf_factor *f);
/** The row's source (publisher, edition, table or row, URL). @since 0.1 */
PCF_API const char *pcf_factor_source(const pcf_factor *f);
/** The row's notes. @since 0.1 */
PCF_API const char *pcf_factor_notes(const pcf_factor *f);
/** Data-quality indicators as the CSV states them, or "". @since 0.1 */
PCF_API const char *pcf_factor_dq(const pcf_factor *f);
/** The layer that served the factor ("default" or an attached layer's name). @since 0.1 */
PCF_API const char *pcf_factor_layer(const pcf_factor *f);

/**
 * The factor's uncertainty as a distribution around pcf_factor_kg_co2e(), with parameters in
 * kg CO2e per ONE pcf_factor_unit() (a lognormal's GSD is unitless), following pcf/mc.h.
 * ::PCF_DIST_FIXED with zero parameters when the source gives none: pcf never invents
 * uncertainty.
 * Any out-pointer may be NULL. For NULL @p f: fixed, zeros.
 * @since 0.1
 */
PCF_API void pcf_factor_uncertainty(const pcf_factor *f, pcf_dist *kind, double *p1, double *p2,
                                    double *p3);

/**
 * The factor as one JSON object on one line, every accessor above by name: "code", "name_en",
 * "name_zh", "category", "region", "region_requested", "fallback_taken", "kg_co2e" (per ONE
 * "unit", the symbol of pcf_factor_unit()), "unit_qualifier", "co2_only", "gwp_set" ("AR4",
 * "AR5", "AR6" or null), "gwp_text", "gases" ({gas key: kg per unit}), "scope", "year" (0 when
 * unknown), "year_text", "published_value" and "published_unit" (exactly as published),
 * "uncertainty" ({"distribution", "p1", "p2", "p3"}), "dq", "dataset", "dataset_name",
 * "dataset_version", "license", "source", "notes", "layer". Numbers are the shortest text that
 * reads back to the same double.
 * @param[out] out the JSON text. Ownership: caller owns, release with pcf_free().
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for NULL; ::PCF_ERR_NOMEM.
 * Thread-safety: safe from any thread (the factor is not changed).
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_factor_to_json(const pcf_factor *f, char **out,
                                                    pcf_error *err);

PCF_END_DECLS

#endif /* PCF_DB_H */
