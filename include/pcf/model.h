/*
 * pcf — product carbon footprints (ISO 14067, GB/T 24067-2024).
 * Copyright (C) 2026 the pcf authors. GPL-3.0-or-later; see LICENSE.
 */

/**
 * @file pcf/model.h
 * @brief Product models: what the user describes, built through this API or read from JSON.
 *
 * A model holds one or more products. The first product added (the first of the JSON
 * "products" array) is the **main product**, the one pcf computes; the others are sub-assemblies
 * that a product lists among its components. Each product has a declared unit, a reference flow,
 * an optional mass and service life, and activities grouped by life-cycle stage. The JSON form is
 * documented in docs/model-format.md (schema: docs/model.schema.json); this API edits the same
 * document, so a model built here writes out as JSON and reads back unchanged.
 *
 * Activities are addressed by an index returned when they are added (0, 1, 2, ... in the order
 * of addition over the whole model, across products and stages). Options that only some stages
 * use (recycled content, load factor, end-of-life route, ...) are set by their JSON key with
 * pcf_model_activity_set_number() and pcf_model_activity_set_text(), so the C API and the file
 * format cannot drift apart.
 *
 * Amounts are checked where they enter: NaN, infinity and negative amounts are refused at once;
 * rules that involve several fields (shares summing to 1, cycles between sub-assemblies,
 * dimensions of units) are checked by pcf_model_validate(), which reports every problem in one
 * pass, and again by resolution (pcf/system.h).
 *
 * Thread-safety: a pcf_model is used by one thread at a time.
 */
#ifndef PCF_MODEL_H
#define PCF_MODEL_H

#include "pcf/common.h"
#include "pcf/gwp.h"
#include "pcf/dist.h"

PCF_BEGIN_DECLS

/** A product model. One thread at a time. */
typedef struct pcf_model pcf_model;

/** Life-cycle stages, in report order. Values are fixed. */
typedef enum pcf_stage {
    PCF_STAGE_MATERIALS = 0,   /**< Raw material acquisition and pre-processing; components. */
    PCF_STAGE_PRODUCTION = 1,  /**< Energy, fuels, process emissions, co-product allocation. */
    PCF_STAGE_TRANSPORT = 2,   /**< Transport legs (ISO 14083 / GLEC). */
    PCF_STAGE_STORAGE = 3,     /**< Warehousing energy, refrigerant leakage. */
    PCF_STAGE_USE = 4,         /**< Energy over the service life, consumables, emissions. */
    PCF_STAGE_END_OF_LIFE = 5, /**< Treatment routes and recycling. */
    PCF_STAGE_COUNT = 6        /**< Number of stages (not a stage). */
} pcf_stage;

/** The system boundary. Values are fixed. */
typedef enum pcf_boundary {
    /** Every stage (a full CFP in GB/T 24067 terms). The default. */
    PCF_BOUNDARY_CRADLE_TO_GRAVE = 0,
    /** Materials, production, transport and storage up to the factory gate or the customer; use
     * and end-of-life are excluded (a partial CFP). */
    PCF_BOUNDARY_CRADLE_TO_GATE = 1
} pcf_boundary;

/**
 * How recycling is accounted for, on the input side (recycled content) and at end of life
 * (ISO 14067:2018 6.3; GHG Protocol Product Standard 2011 ch. 9; Commission Recommendation (EU)
 * 2021/2279 Annex I, 4.4.8). Values are fixed.
 */
typedef enum pcf_recycling_method {
    /** Cut-off / recycled content / 100:0 (CFF with A = 1; energy recovery keeps its burden,
     * without credit). The default. */
    PCF_RECYCLING_CUT_OFF = 0,
    /** Avoided burden / end-of-life recycling / 0:100 (CFF with A = 0, B = 0). */
    PCF_RECYCLING_AVOIDED_BURDEN = 1,
    /** 50/50 (CFF with A = 0.5, B = 0.5). */
    PCF_RECYCLING_FIFTY_FIFTY = 2,
    /** EU PEF Circular Footprint Formula, A and B given per material and route. */
    PCF_RECYCLING_CFF = 3
} pcf_recycling_method;

/**
 * The reporting bucket an emission belongs to, so that fossil and biogenic GHG, removals, dLUC and
 * aircraft emissions can be reported apart (ISO 14067 §6.4.9, GB/T 24067, PACT). The buckets do
 * not overlap: the total is their sum. Values are fixed.
 */
typedef enum pcf_flow {
    PCF_FLOW_FOSSIL = 0,           /**< Fossil GHG (combustion, process, fugitive); the default. */
    PCF_FLOW_BIOGENIC = 1,         /**< Biogenic GHG emissions (biogenic CO2 and CH4 released). */
    PCF_FLOW_BIOGENIC_REMOVAL = 2, /**< Biogenic CO2 uptake (negative). */
    PCF_FLOW_DLUC = 3,             /**< Direct land-use change emissions. */
    PCF_FLOW_AIRCRAFT = 4,         /**< Fossil GHG from aircraft, excluding radiative forcing. */
    PCF_FLOW_COUNT = 5             /**< Number of flows (not a flow). */
} pcf_flow;

/** "materials", "production", "transport", "storage", "use", "end_of_life"; NULL if invalid. */
PCF_API const char *pcf_stage_name(pcf_stage stage);

/** "fossil", "biogenic", "biogenic_removal", "dluc", "aircraft"; NULL if invalid. @since 0.1 */
PCF_API const char *pcf_flow_name(pcf_flow flow);

/** "cradle-to-grave" or "cradle-to-gate"; NULL if invalid. @since 0.1 */
PCF_API const char *pcf_boundary_name(pcf_boundary boundary);

/** "cut-off", "avoided-burden", "50/50" or "cff"; NULL if invalid. @since 0.1 */
PCF_API const char *pcf_recycling_method_name(pcf_recycling_method method);

/**
 * Creates an empty model: no products, boundary cradle-to-grave, GWP set AR6, no default region,
 * recycling method cut-off.
 * @param[out] out the model. Ownership: caller owns, release with pcf_model_destroy().
 * @param[out] err optional error record.
 * @return ::PCF_OK, ::PCF_ERR_INVALID_ARG, ::PCF_ERR_NOMEM.
 * Thread-safety: safe from any thread.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_model_create(pcf_model **out, pcf_error *err);

/** Releases a model. Accepts NULL. @since 0.1 */
PCF_API void pcf_model_destroy(pcf_model *model);

/**
 * Reads a model from a JSON file (docs/model-format.md). Only the syntax and the shape of the
 * document are checked here (a malformed number, an unknown stage, a string where a number must
 * be); call pcf_model_validate() for every rule.
 * @param[in]  path UTF-8 file name; it is recorded in every later error about the model.
 * @param[out] out  the model. Ownership: caller owns, release with pcf_model_destroy().
 * @param[out] err  optional error record: file, line and column for a syntax error, file and JSON
 *                  path (such as "$.products[0].stages.transport[2].distance") otherwise.
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG; ::PCF_ERR_IO when the file cannot be read;
 *         ::PCF_ERR_PARSE for malformed JSON; ::PCF_ERR_INVALID_MODEL for a document that is
 *         not a pcf model; ::PCF_ERR_VERSION for a newer format version; ::PCF_ERR_NOMEM.
 *         Files longer than ::PCF_MODEL_MAX_BYTES are refused with ::PCF_ERR_IO.
 * Thread-safety: safe from any thread.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_model_read_file(const char *path, pcf_model **out,
                                                     pcf_error *err);

/** The largest model file pcf_model_read_file() reads: 512 MiB (a model of about four million
 * activities). Use pcf_model_read_file_max() to read a larger one or to refuse smaller ones. */
#define PCF_MODEL_MAX_BYTES ((size_t)512 * 1024 * 1024)

/**
 * Reads a model as pcf_model_read_file() does, refusing a file longer than @p max_bytes.
 * A file that grows without end (a device such as /dev/zero, a pipe) stops being read at the limit.
 * @param[in] max_bytes the limit in bytes; 0 means ::PCF_MODEL_MAX_BYTES.
 * @return as pcf_model_read_file(); ::PCF_ERR_IO names the file and the limit when it is passed.
 * Thread-safety: safe from any thread.
 * @since 0.2
 */
PCF_NODISCARD PCF_API pcf_status pcf_model_read_file_max(const char *path, size_t max_bytes,
                                                         pcf_model **out, pcf_error *err);

/**
 * A model file opened for one resolution (pcf_system_resolve_file()): its text, with the
 * settings and products read and the stages' activity arrays checked but left in the text, to
 * be read one activity at a time as they are resolved. A model of a million activities then
 * never holds its whole document tree.
 */
typedef struct pcf_model_file pcf_model_file;

/**
 * Opens a model file for pcf_system_resolve_file(), with the same checks and errors as
 * pcf_model_read_file() (syntax, shape, format version, ::PCF_MODEL_MAX_BYTES).
 * @param[out] out the opened file. Ownership: caller owns; pass it to pcf_system_resolve_file()
 *                 or pcf_model_file_model() (which take it), or release it with
 *                 pcf_model_file_close().
 * @return as pcf_model_read_file().
 * Thread-safety: safe from any thread.
 * @since 0.2
 */
PCF_NODISCARD PCF_API pcf_status pcf_model_file_open(const char *path, pcf_model_file **out,
                                                     pcf_error *err);

/**
 * The model of an opened file, read in full as pcf_model_read_file() would read it (for a use
 * other than one resolution: Monte Carlo, a report, a battery declaration). Takes @p file,
 * whatever the outcome.
 * @return as pcf_model_read_file(); *out is NULL on failure.
 * @since 0.2
 */
PCF_NODISCARD PCF_API pcf_status pcf_model_file_model(pcf_model_file *file, pcf_model **out,
                                                      pcf_error *err);

/** Releases an opened model file. Accepts NULL. @since 0.2 */
PCF_API void pcf_model_file_close(pcf_model_file *file);

/**
 * Reads a model from JSON text, as pcf_model_read_file() does.
 * @param[in] json     NUL-terminated UTF-8 JSON.
 * @param[in] filename name to report in errors, or NULL.
 * @return as pcf_model_read_file(), without ::PCF_ERR_IO.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_model_read_string(const char *json, const char *filename,
                                                       pcf_model **out, pcf_error *err);

/**
 * Writes the model as JSON (docs/model-format.md), indented, keys in a stable order. Reading the
 * text back gives an equal model.
 * @param[out] out the text. Ownership: caller owns, release with pcf_free().
 * @return ::PCF_OK, ::PCF_ERR_INVALID_ARG, ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_model_write_string(const pcf_model *model, char **out,
                                                        pcf_error *err);

/**
 * Writes the model as JSON to a file (replacing it).
 * @return ::PCF_OK, ::PCF_ERR_INVALID_ARG, ::PCF_ERR_IO, ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_model_write_file(const pcf_model *model, const char *path,
                                                      pcf_error *err);

/**
 * Checks every rule of the model format in one pass and appends one entry per problem to
 * @p diag, each with file, JSON path and a message naming the fix: required fields, units of the
 * right dimension, amounts finite and not negative, shares within [0, 1], end-of-life route
 * shares summing to 1, components naming existing products, cycles between sub-assemblies
 * (naming the cycle), distributions (pcf_dist_check()). Unknown keys are warnings. Factors are
 * not looked up here (resolution does that, see pcf/system.h).
 * @param[in,out] diag optional list that receives the problems (errors and warnings).
 * @param[out]    err  the first error, if any.
 * @return ::PCF_OK when there is no error (warnings allowed); ::PCF_ERR_INVALID_MODEL when there
 *         is at least one; ::PCF_ERR_INVALID_ARG; ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_model_validate(const pcf_model *model, pcf_diag *diag,
                                                    pcf_error *err);

/** The file the model was read from, or "" when built in memory. Ownership: borrowed. */
PCF_API const char *pcf_model_filename(const pcf_model *model);

/**
 * The JSON text of an extension section of the model: the top-level "pact" object (fields for the
 * PACT writer, pcf/pact.h) or any top-level key starting with "x-".
 * @param[out] json_out the section as JSON text. Ownership: caller owns, release with pcf_free().
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG (NULL, or a key that is not "pact" or "x-..."),
 *         ::PCF_ERR_NOT_FOUND (the model has no such section), ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_model_get_section(const pcf_model *model, const char *key,
                                                       char **json_out, pcf_error *err);

/**
 * Sets (or, with @p json NULL, removes) an extension section: "pact" or an "x-..." key, given as
 * JSON text (any JSON value).
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG (NULL model, bad key); ::PCF_ERR_PARSE (the text is not
 *         JSON, with line and column); ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_model_set_section(pcf_model *model, const char *key,
                                                       const char *json, pcf_error *err);

/** Sets the system boundary. @return ::PCF_OK, ::PCF_ERR_INVALID_ARG. @since 0.1 */
PCF_NODISCARD PCF_API pcf_status pcf_model_set_boundary(pcf_model *model, pcf_boundary boundary,
                                                        pcf_error *err);

/** The system boundary (cradle-to-grave for NULL). @since 0.1 */
PCF_API pcf_boundary pcf_model_boundary(const pcf_model *model);

/** Sets the GWP set. @return ::PCF_OK, ::PCF_ERR_INVALID_ARG. @since 0.1 */
PCF_NODISCARD PCF_API pcf_status pcf_model_set_gwp(pcf_model *model, pcf_gwp_set set,
                                                   pcf_error *err);

/** The model's GWP set (AR6 when not set or for NULL). @since 0.1 */
PCF_API pcf_gwp_set pcf_model_gwp(const pcf_model *model);

/**
 * Sets the default region for factor lookups ("CN-FJ", "GB", "GLO"); NULL removes it.
 * @return ::PCF_OK, ::PCF_ERR_INVALID_ARG (also for invalid UTF-8), ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_model_set_region(pcf_model *model, const char *region,
                                                      pcf_error *err);

/** Sets the recycling method. @return ::PCF_OK, ::PCF_ERR_INVALID_ARG. @since 0.1 */
PCF_NODISCARD PCF_API pcf_status pcf_model_set_recycling_method(pcf_model *model,
                                                                pcf_recycling_method method,
                                                                pcf_error *err);

/** Sets the model's free-text description; NULL removes it. @since 0.1 */
PCF_NODISCARD PCF_API pcf_status pcf_model_set_description(pcf_model *model,
                                                           const char *description, pcf_error *err);

/**
 * Adds a product. The first product added is the main product; later ones are sub-assemblies.
 * @param[in]  id        unique identifier (letters, digits, '-', '_', '.'), used by components.
 * @param[in]  name      English name, or NULL.
 * @param[out] index_out optional: the product's index (0 for the main product).
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG (empty or duplicate id, with a message saying which);
 *         ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_model_add_product(pcf_model *model, const char *id,
                                                       const char *name, size_t *index_out,
                                                       pcf_error *err);

/** Number of products (0 for NULL). @since 0.1 */
PCF_API size_t pcf_model_product_count(const pcf_model *model);

/** Id of product @p product, or NULL when out of range. Ownership: borrowed. @since 0.1 */
PCF_API const char *pcf_model_product_id(const pcf_model *model, size_t product);

/**
 * Sets the product's name in a language ("en", "zh", any BCP 47 tag).
 * @return ::PCF_OK, ::PCF_ERR_INVALID_ARG, ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_model_product_set_name(pcf_model *model, size_t product,
                                                            const char *lang, const char *name,
                                                            pcf_error *err);

/**
 * Sets the declared unit the result is reported per, e.g. (1, "item", "one luminaire") or
 * (1, "kWh", "1 kWh delivered over the service life").
 * @param amount      > 0.
 * @param unit        a unit pcf_unit_parse() knows.
 * @param description free text, or NULL.
 * @return ::PCF_OK, ::PCF_ERR_INVALID_ARG (amount not > 0 or not finite), ::PCF_ERR_NOT_FOUND
 *         (unknown unit), ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_model_product_set_declared_unit(pcf_model *model,
                                                                     size_t product, double amount,
                                                                     const char *unit,
                                                                     const char *description,
                                                                     pcf_error *err);

/**
 * Sets the reference flow: how much of the declared unit the product's activities describe, e.g.
 * (28000, "kWh", "one pack: 2000 cycles of 14 kWh") for a battery declared per kWh. Defaults to
 * the declared unit. Its unit must have the dimension of the declared unit.
 * @return as pcf_model_product_set_declared_unit().
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_model_product_set_reference_flow(pcf_model *model,
                                                                      size_t product, double amount,
                                                                      const char *unit,
                                                                      const char *description,
                                                                      pcf_error *err);

/**
 * Sets the product's mass per reference flow (transport legs and end-of-life routes default to
 * it). @return ::PCF_OK, ::PCF_ERR_INVALID_ARG (negative or not finite), ::PCF_ERR_NOT_FOUND,
 * ::PCF_ERR_UNIT (not a mass unit), ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_model_product_set_mass(pcf_model *model, size_t product,
                                                            double value, const char *unit,
                                                            pcf_error *err);

/**
 * Sets the service life, the default duration of use-stage activities given per time.
 * @return ::PCF_OK, ::PCF_ERR_INVALID_ARG, ::PCF_ERR_NOT_FOUND, ::PCF_ERR_UNIT (not a time
 * unit), ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_model_product_set_service_life(pcf_model *model,
                                                                    size_t product, double value,
                                                                    const char *unit,
                                                                    pcf_error *err);

/**
 * Sets co-product allocation of the production stage: the share (0 < share ≤ 1) of the process
 * burdens this product carries, and the basis it was computed on ("mass", "economic" or
 * "physical"), recorded in the audit trail.
 * @return ::PCF_OK, ::PCF_ERR_INVALID_ARG, ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_model_product_set_allocation(pcf_model *model, size_t product,
                                                                  const char *basis, double share,
                                                                  pcf_error *err);

/**
 * Adds a sub-assembly: @p quantity reference flows of the product @p component_id of the same
 * model go into @p product (reported under each of their own stages). A sub-assembly used by
 * several products is resolved once. A cycle is reported by pcf_model_validate().
 * @return ::PCF_OK, ::PCF_ERR_INVALID_ARG (quantity negative or not finite), ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_model_add_subassembly(pcf_model *model, size_t product,
                                                           const char *component_id,
                                                           double quantity, pcf_error *err);

/**
 * A supplier's PCF of a purchased part (primary data, e.g. from a PACT ProductFootprint). Fill
 * with pcf_supplier_pcf_init(), then set what is known. The split fields are kg CO2e per declared
 * unit; NaN means "not given". When any split is given, the given splits must
 * add up to @ref kg_co2e_per_unit (fossil gets the rest when fossil itself is not given).
 * The caller allocates this record, so its size is part of the ABI: @ref struct_size, set by
 * pcf_supplier_pcf_init(), tells the library which version of the record it was given. Fields
 * are only ever appended; always start from pcf_supplier_pcf_init().
 */
typedef struct pcf_supplier_pcf {
    size_t struct_size;        /**< sizeof(pcf_supplier_pcf) as compiled; set by the init call. */
    double kg_co2e_per_unit;   /**< Total PCF per @ref declared_unit, including biogenic. */
    const char *declared_unit; /**< The supplier's declared unit ("item", "kg", "kWh"). */
    double fossil;             /**< Fossil GHG emissions (≥ 0), or NaN. */
    double biogenic;           /**< Biogenic emissions (≥ 0), or NaN. */
    double biogenic_removal;   /**< Biogenic CO2 uptake (≤ 0), or NaN. */
    double dluc;               /**< dLUC emissions (≥ 0), or NaN. */
    double aircraft;           /**< Aircraft emissions (≥ 0; a bucket of its own, not part of
                                    @ref fossil, as ::pcf_flow), or NaN. */
    double primary_data_share; /**< 0..1, the supplier's own primary-data share; NaN = 0. */
    const char *supplier;      /**< Supplier name, or NULL. */
    const char *source;        /**< Where the PCF comes from (PACT id, EPD number), or NULL. */
    double biogenic_carbon;    /**< Biogenic carbon content, kg C per @ref declared_unit (≥ 0;
                                    PACT biogenicCarbonContent), or NaN. Its CO2 (× 44/12) is
                                    released at end of life when the boundary includes it, as a
                                    material's carbon is; the uptake is in @ref biogenic_removal.
                                    Appended in 0.1; a record without it is still accepted. */
} pcf_supplier_pcf;

/**
 * Sets every field of @p pcf to "not given": numbers NaN (kg_co2e_per_unit 0), strings NULL.
 * Accepts NULL. Thread-safety: safe from any thread.
 * @since 0.1
 */
PCF_API void pcf_supplier_pcf_init(pcf_supplier_pcf *pcf);

/**
 * Adds a purchased part that arrives with its supplier's PCF (materials stage; primary data).
 * @param[in]  name         what the part is.
 * @param[in]  quantity     how many of the supplier's declared units go into one reference flow.
 * @param[in]  unit         unit of @p quantity (same dimension as the supplier's declared unit).
 * @param[in]  pcf          the supplier's PCF (copied).
 * @param[out] activity_out optional: the part's activity index.
 * @return ::PCF_OK, ::PCF_ERR_INVALID_ARG (a negative or non-finite number, naming the field),
 *         ::PCF_ERR_NOT_FOUND (unknown unit), ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_model_add_purchased_part(pcf_model *model, size_t product,
                                                              const char *name, double quantity,
                                                              const char *unit,
                                                              const pcf_supplier_pcf *pcf,
                                                              size_t *activity_out, pcf_error *err);

/**
 * Adds an activity to a stage of a product: @p amount of @p unit (kg of steel, kWh, t·km, ...).
 * Then say which factor it uses (pcf_model_activity_set_factor_code(),
 * pcf_model_activity_set_factor_lookup(), pcf_model_activity_set_own_factor(), or the text key
 * "gas" for a direct emission) and any stage option. A transport leg may instead give
 * "distance"/"distance_unit" and "mass"/"mass_unit" (pass amount 0 and unit NULL).
 * @param[out] activity_out optional: the activity's index.
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG (product out of range, amount negative or not finite,
 *         empty name); ::PCF_ERR_NOT_FOUND (unknown unit); ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_model_add_activity(pcf_model *model, size_t product,
                                                        pcf_stage stage, const char *name,
                                                        double amount, const char *unit,
                                                        size_t *activity_out, pcf_error *err);

/**
 * Shortcut: a material (materials stage) of @p amount @p unit with the database factor @p code
 * (NULL to set the factor later), e.g. ("Aluminium housing", 0.9, "kg",
 * "ademe-...:aluminium-virgin"). Options such as "recycled_content" or "loss_rate" go through
 * pcf_model_activity_set_number().
 * @return as pcf_model_add_activity(), and ::PCF_ERR_INVALID_ARG for an empty code.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_model_add_material(pcf_model *model, size_t product,
                                                        const char *name, double amount,
                                                        const char *unit, const char *code,
                                                        size_t *activity_out, pcf_error *err);

/**
 * Shortcut: a transport leg (ISO 14083) of @p distance @p distance_unit carrying @p mass
 * @p mass_unit (mass_unit NULL: the product's mass) by @p mode ("road", "rail", "sea",
 * "inland_waterway", "air", "pipeline", "other") with the well-to-wheel factor @p code per t·km
 * (NULL to set it later, e.g. a TTW factor with "factor_scope" and a "wtt_factor").
 * @return as pcf_model_add_activity(); ::PCF_ERR_INVALID_ARG for a bad mode or number;
 *         ::PCF_ERR_UNIT for a distance or mass unit of the wrong dimension.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_model_add_transport_leg(
    pcf_model *model, size_t product, const char *name, const char *mode, double distance,
    const char *distance_unit, double mass, const char *mass_unit, const char *code,
    size_t *activity_out, pcf_error *err);

/**
 * Shortcut: a direct emission of @p amount @p unit (a mass) of @p gas ("N2O", "HFC-134a",
 * "ch4_biogenic") in @p stage (process emissions, refrigerant leakage, use-phase emissions); its
 * factor is the gas's GWP100 in the model's set.
 * @return as pcf_model_add_activity(); ::PCF_ERR_NOT_FOUND for an unknown gas; ::PCF_ERR_UNIT
 *         when @p unit is not a mass.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_model_add_emission(pcf_model *model, size_t product,
                                                        pcf_stage stage, const char *name,
                                                        const char *gas, double amount,
                                                        const char *unit, size_t *activity_out,
                                                        pcf_error *err);

/**
 * Shortcut: an end-of-life route taking @p share (0..1) of the product's mass: @p route is
 * "recycling", "energy_recovery", "incineration", "landfill" or "other", @p code its treatment
 * factor (NULL for none, allowed for recycling and energy recovery). Credits go through
 * pcf_model_activity_set_factor_code(model, activity, "credit_factor", ...).
 * @return as pcf_model_add_activity(); ::PCF_ERR_INVALID_ARG for a bad route or share.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_model_add_eol_route(pcf_model *model, size_t product,
                                                         const char *name, const char *route,
                                                         double share, const char *code,
                                                         size_t *activity_out, pcf_error *err);

/** Number of activities over the whole model, purchased parts included (0 for NULL). */
PCF_API size_t pcf_model_activity_count(const pcf_model *model);

/**
 * Binds a factor slot of an activity to a factor-database code.
 * @param slot "factor" (or NULL) for the activity's main factor; "recycled_factor" (materials:
 *             the recycled-material factor), "wtt_factor" (transport: well-to-tank part),
 *             "credit_factor" (end of life: the substituted product or energy).
 * @return ::PCF_OK, ::PCF_ERR_INVALID_ARG (unknown slot or activity), ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_model_activity_set_factor_code(
    pcf_model *model, size_t activity, const char *slot, const char *code, pcf_error *err);

/**
 * Binds a factor slot to a lookup by category and name (English or Chinese) in a region, with
 * the database's region fallback (e.g. CN-FJ → CN → GLO). @p region NULL uses the model's.
 * @return as pcf_model_activity_set_factor_code().
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_model_activity_set_factor_lookup(
    pcf_model *model, size_t activity, const char *slot, const char *category, const char *name,
    const char *region, pcf_error *err);

/**
 * Gives a factor slot its own, supplier-specific value (primary data) instead of a database
 * factor: @p value in @p rate_unit such as "kgCO2e/kWh" or "tCO2e/t" (pcf_unit_parse_rate()).
 * @param source where the value comes from (supplier, contract, EPD); recorded in the audit trail.
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG (value not finite); ::PCF_ERR_PARSE /
 *         ::PCF_ERR_NOT_FOUND (bad rate unit); ::PCF_ERR_NOMEM.
 * @since 0.1
 */
/* clang-format off */
PCF_NODISCARD PCF_API pcf_status pcf_model_activity_set_own_factor(pcf_model *model,
    size_t activity, const char *slot, double value, const char *rate_unit, const char *source,
    pcf_error *err);
/* clang-format on */

/**
 * Sets a numeric option of an activity by its JSON key (docs/model-format.md), e.g.
 * "recycled_content", "loss_rate", "biogenic_carbon", "A", "B", "quality", "distance", "mass",
 * "payload", "load_factor", "empty_running", "share", "duration", "times", "credit_amount".
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG (unknown key, NaN, infinity, or a value out of the key's
 *         range, naming both); ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_model_activity_set_number(pcf_model *model, size_t activity,
                                                               const char *key, double value,
                                                               pcf_error *err);

/**
 * Sets a text option of an activity by its JSON key, e.g. "gas", "mode", "route", "flow", "per",
 * "duration_unit", "distance_unit", "mass_unit", "payload_unit", "credit_unit", "factor_scope",
 * "comment". "primary" takes "true"/"false".
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG (unknown key or value, naming it); ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_model_activity_set_text(pcf_model *model, size_t activity,
                                                             const char *key, const char *value,
                                                             pcf_error *err);

/**
 * Describes the uncertainty of the activity amount (pcf/mc.h conventions; parameters in the
 * amount's unit). Checked by pcf_dist_check().
 * @return ::PCF_OK, ::PCF_ERR_INVALID_ARG (with pcf_dist_check()'s message), ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_model_activity_set_uncertainty(pcf_model *model,
                                                                    size_t activity, pcf_dist dist,
                                                                    double p1, double p2, double p3,
                                                                    pcf_error *err);

/**
 * The JSON path of an activity, e.g. "$.products[0].stages.transport[2]", or NULL when out of
 * range (or out of memory: the texts are made on the first call, for all activities at once).
 * Ownership: borrowed, valid until the model changes.
 * @since 0.1
 */
PCF_API const char *pcf_model_activity_path(const pcf_model *model, size_t activity);

PCF_END_DECLS

#endif /* PCF_MODEL_H */
