/*
 * pcf — product carbon footprints (ISO 14067, GB/T 24067-2024).
 * Copyright (C) 2026 the pcf authors. GPL-3.0-or-later; see LICENSE.
 */

/**
 * @file pcf/pact.h
 * @brief PACT Pathfinder (WBCSD PACT Technical Specifications v2.3 and v3.0) ProductFootprint
 *        documents: validation, import as a supplier's PCF, and export of a calculated result.
 *
 * A ProductFootprint is a JSON document describing one product's carbon footprint per declared
 * unit (WBCSD PACT Technical Specifications v2.3 and v3.0). pcf speaks both data models:
 *
 * | quantity | v2.3 field | v3.0 field |
 * | --- | --- | --- |
 * | declared unit | declaredUnit | declaredUnitOfMeasurement |
 * | amount of it | unitaryProductAmount | declaredUnitAmount |
 * | PCF without biogenic uptake | pCfExcludingBiogenic | pcfExcludingBiogenicUptake |
 * | PCF with biogenic uptake | pCfIncludingBiogenic | pcfIncludingBiogenicUptake |
 * | biogenic CO2 uptake (≤ 0) | biogenicCarbonWithdrawal | biogenicCO2Uptake |
 * | direct land-use change | dLucGhgEmissions | landUseChangeGhgEmissions |
 * | biogenic non-CO2 | otherBiogenicGhgEmissions | biogenicNonCO2Emissions |
 *
 * Emissions are kg CO2e per declared unit amount; carbon contents are kg C per declared unit
 * amount. Decimal values travel as JSON strings, as the specification writes them.
 *
 * Thread-safety: a ::pcf_pact_footprint is immutable once read (share freely); a
 * ::pcf_pact_options is one thread at a time. Every other function is safe from any thread.
 */
#ifndef PCF_PACT_H
#define PCF_PACT_H

#include "pcf/common.h"
#include "pcf/calc.h"
#include "pcf/model.h"

PCF_BEGIN_DECLS

/** Length of a UUID in text form ("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx"), without the NUL. */
#define PCF_PACT_UUID_LEN 36

/**
 * Checks a ProductFootprint document against the rules of the version its `specVersion` names
 * (2.x or 3.x): mandatory fields, UUID and URN formats, the specVersion pattern, decimal strings,
 * signs of the fields that must be ≥ 0 or ≤ 0, ranges (DQRs 1..3 in v2 and 1..5 in v3,
 * exemptedEmissionsPercent 0..5 in v2, percentages 0..100), the declared-unit enumeration,
 * referencePeriodStart before referencePeriodEnd, and at most one geography field. Every
 * violation is reported in one pass.
 *
 * @param[in] json the document, UTF-8 JSON.
 * @param[in,out] diag when not NULL, receives one ::PCF_SEVERITY_ERROR entry per violation, with
 *        code ::PCF_ERR_PARSE, the JSON path (e.g. "$.pcf.declaredUnitAmount") and the rule broken.
 * @param[out] err on failure, the first violation and the number found.
 * @return ::PCF_OK when the document conforms; ::PCF_ERR_PARSE when it is not JSON or breaks a
 *         rule; ::PCF_ERR_INVALID_ARG for a NULL @p json; ::PCF_ERR_NOMEM.
 * Ownership: nothing is kept.
 * Thread-safety: safe from any thread (with a diag list used by one thread).
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_pact_validate(const char *json, pcf_diag *diag,
                                                   pcf_error *err);

/**
 * Formats 16 random bytes as a version-4 UUID (RFC 9562 §5.4): the version and variant bits are
 * set, the other 122 bits are taken from @p random.
 *
 * @param[in] random 16 bytes from a cryptographic source (getrandom(2), /dev/urandom), or fixed
 *        bytes for reproducible test output.
 * @param[out] out at least PCF_PACT_UUID_LEN + 1 bytes; receives lower-case text.
 * @param[in] size the size of @p out.
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for NULL or a buffer that is too small.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_pact_uuid_format(const uint8_t random[16], char *out,
                                                      size_t size, pcf_error *err);

/**
 * Makes a random version-4 UUID with bytes from the kernel (getrandom(2)); never from rand().
 * @param[out] out at least PCF_PACT_UUID_LEN + 1 bytes.
 * @param[in] size the size of @p out.
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG; ::PCF_ERR_IO when the kernel gives no random bytes.
 * Thread-safety: safe from any thread.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_pact_uuid_random(char *out, size_t size, pcf_error *err);

/** A number a ProductFootprint carries, whatever the version's field name. Values are fixed. */
typedef enum pcf_pact_value {
    PCF_PACT_DECLARED_UNIT_AMOUNT = 0,    /**< unitaryProductAmount / declaredUnitAmount (> 0) */
    PCF_PACT_PRODUCT_MASS_KG = 1,         /**< productMassPerDeclaredUnit, kg */
    PCF_PACT_PCF_EXCLUDING_BIOGENIC = 2,  /**< pCfExcludingBiogenic / pcfExcludingBiogenicUptake */
    PCF_PACT_PCF_INCLUDING_BIOGENIC = 3,  /**< pCfIncludingBiogenic / pcfIncludingBiogenicUptake */
    PCF_PACT_FOSSIL_GHG_EMISSIONS = 4,    /**< fossilGhgEmissions */
    PCF_PACT_FOSSIL_CARBON_CONTENT = 5,   /**< fossilCarbonContent, kg C */
    PCF_PACT_BIOGENIC_CARBON_CONTENT = 6, /**< biogenicCarbonContent, kg C */
    PCF_PACT_BIOGENIC_CO2_UPTAKE = 7, /**< biogenicCarbonWithdrawal / biogenicCO2Uptake, ≤ 0 */
    PCF_PACT_DLUC_GHG_EMISSIONS = 8,  /**< dLucGhgEmissions / landUseChangeGhgEmissions */
    PCF_PACT_BIOGENIC_NON_CO2 = 9,    /**< otherBiogenicGhgEmissions / biogenicNonCO2Emissions */
    PCF_PACT_AIRCRAFT_GHG_EMISSIONS = 10,        /**< aircraftGhgEmissions */
    PCF_PACT_PACKAGING_GHG_EMISSIONS = 11,       /**< packagingGhgEmissions */
    PCF_PACT_PRIMARY_DATA_SHARE = 12,            /**< primaryDataShare, percent 0..100 */
    PCF_PACT_EXEMPTED_EMISSIONS_PERCENT = 13,    /**< exemptedEmissionsPercent */
    PCF_PACT_DQI_COVERAGE_PERCENT = 14,          /**< dqi.coveragePercent */
    PCF_PACT_DQI_TECHNOLOGICAL = 15,             /**< dqi.technologicalDQR */
    PCF_PACT_DQI_TEMPORAL = 16,                  /**< dqi.temporalDQR */
    PCF_PACT_DQI_GEOGRAPHICAL = 17,              /**< dqi.geographicalDQR */
    PCF_PACT_DQI_COMPLETENESS = 18,              /**< dqi.completenessDQR */
    PCF_PACT_DQI_RELIABILITY = 19,               /**< dqi.reliabilityDQR */
    PCF_PACT_LAND_MANAGEMENT_GHG_EMISSIONS = 20, /**< landManagementGhgEmissions (v2) or the sum
                                                    of v3's three landManagement* fields */
    PCF_PACT_ILUC_GHG_EMISSIONS = 21,            /**< iLucGhgEmissions (v2 only) */
    PCF_PACT_VALUE_COUNT_ = 22                   /**< Number of values; not a value. */
} pcf_pact_value;

/** The v3 field name of a value ("pcfExcludingBiogenicUptake"), or NULL when out of range. */
PCF_API const char *pcf_pact_value_name(pcf_pact_value value);

/**
 * A ProductFootprint read from JSON: the numbers and texts a customer's model needs to use a
 * supplier's PCF as a purchased component.
 * Thread-safety: immutable — share freely.
 */
typedef struct pcf_pact_footprint pcf_pact_footprint;

/**
 * Validates (as pcf_pact_validate()) and reads a ProductFootprint of version 2.x or 3.x.
 *
 * @param[in] json the document.
 * @param[in,out] diag when not NULL, receives every rule violation.
 * @param[out] out the footprint. Ownership: caller owns, release with pcf_pact_footprint_destroy().
 * @return ::PCF_OK; ::PCF_ERR_PARSE for malformed JSON or a document that breaks a rule;
 *         ::PCF_ERR_INVALID_ARG; ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_pact_read(const char *json, pcf_diag *diag,
                                               pcf_pact_footprint **out, pcf_error *err);

/** Releases a footprint. Accepts NULL. @since 0.1 */
PCF_API void pcf_pact_footprint_destroy(pcf_pact_footprint *fp);

/** The major version of the document's specVersion (2 or 3). @since 0.1 */
PCF_API int pcf_pact_footprint_spec_major(const pcf_pact_footprint *fp);

/**
 * A text field of the footprint, by its v3 name: "id", "specVersion", "companyName",
 * "productNameCompany", "productDescription", "declaredUnitOfMeasurement" (v2's declaredUnit,
 * e.g. "kilogram"), "referencePeriodStart", "referencePeriodEnd", "geography" (whichever
 * geography field is set), "status". NULL when absent or unknown.
 * Ownership: borrowed, valid until @p fp is destroyed.
 * @since 0.1
 */
PCF_API const char *pcf_pact_footprint_text(const pcf_pact_footprint *fp, const char *field);

/**
 * The pcf unit symbol of the declared unit ("kg", "L", "m3", "kWh", "MJ", "tkm", "m2", "item",
 * "h"), for pcf_unit_parse(); NULL for a unit pcf has no symbol for ("megabit second").
 * Ownership: static.
 * @since 0.1
 */
PCF_API const char *pcf_pact_footprint_unit_symbol(const pcf_pact_footprint *fp);

/**
 * A number of the footprint as the document gives it (per declared unit amount).
 * @param[out] out the number; 0 on failure.
 * @return ::PCF_OK; ::PCF_ERR_NOT_FOUND when the document leaves it undefined (the message names
 *         the field); ::PCF_ERR_INVALID_ARG for NULL or an out-of-range @p value.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_pact_footprint_get(const pcf_pact_footprint *fp,
                                                        pcf_pact_value value, double *out,
                                                        pcf_error *err);

/**
 * A number of the footprint for @p amount of the product measured in @p unit, so that a
 * purchased component's amount (say "250 g") meets the supplier's declared unit (say 1 kilogram):
 * result = document value × amount_in_declared_unit / declared unit amount. Percentages and DQRs
 * (which do not scale) are refused with ::PCF_ERR_INVALID_ARG.
 *
 * @param[in] amount the component's amount, finite and ≥ 0.
 * @param[in] unit its unit ("g", "t", "L", "item"...), of the declared unit's dimension.
 * @param[out] out the scaled number (kg CO2e or kg C).
 * @return ::PCF_OK; ::PCF_ERR_UNIT when @p unit and the declared unit differ in dimension (the
 *         message names both); ::PCF_ERR_NOT_FOUND when the value is undefined;
 *         ::PCF_ERR_INVALID_ARG.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_pact_footprint_scale(const pcf_pact_footprint *fp,
                                                          pcf_pact_value value, double amount,
                                                          const char *unit, double *out,
                                                          pcf_error *err);

/**
 * Writes the footprint again as a document of PACT major @p version (2 → specVersion "2.3.0",
 * 3 → "3.0.0"), converting field names between the data models. Fields one version requires
 * and the source document lacks are refused with ::PCF_ERR_DATA_MISSING naming the field.
 * @param[out] out the JSON text. Ownership: caller owns, release with pcf_free().
 * @return ::PCF_OK; ::PCF_ERR_DATA_MISSING; ::PCF_ERR_INVALID_ARG; ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_pact_footprint_to_json(const pcf_pact_footprint *fp,
                                                            int version, char **out,
                                                            pcf_error *err);

/**
 * What a ProductFootprint needs that a calculation cannot know: who the company is, which
 * product ids it uses, the reference period, the geography, and the document's own id and
 * creation time. Read from the model's optional `pact` object (docs/model-format.md) or set by
 * the caller.
 * Thread-safety: one thread at a time.
 */
typedef struct pcf_pact_options pcf_pact_options;

/**
 * Creates empty options.
 * @param[out] out Ownership: caller owns, release with pcf_pact_options_destroy().
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG; ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_pact_options_create(pcf_pact_options **out);

/** Releases options. Accepts NULL. @since 0.1 */
PCF_API void pcf_pact_options_destroy(pcf_pact_options *opts);

/**
 * Sets a text field by its PACT v3 name: "id" (a UUID; otherwise a random v4 UUID is made),
 * "created" (ISO 8601 UTC; otherwise the time of writing), "status", "companyName",
 * "productDescription", "productNameCompany", "productCategoryCpc" (v2), "comment",
 * "referencePeriodStart", "referencePeriodEnd", "geographyCountry",
 * "geographyCountrySubdivision", "geographyRegionOrSubregion", "boundaryProcessesDescription",
 * "exemptedEmissionsDescription", "biogenicAccountingMethodology", "allocationRulesDescription",
 * "uncertaintyAssessmentDescription", and the decimals "exemptedEmissionsPercent",
 * "fossilCarbonContent", "biogenicCarbonContent" (kg C per declared unit),
 * "landManagementGhgEmissions" (v2), the data-quality ratings "technologicalDQR",
 * "temporalDQR", "geographicalDQR", "completenessDQR", "reliabilityDQR" and "coveragePercent",
 * "packagingEmissionsIncluded" ("true"/"false") and "version" (v2).
 * NULL @p value removes the field.
 * Ownership: @p value is copied.
 * @return ::PCF_OK; ::PCF_ERR_NOT_FOUND for another field name; ::PCF_ERR_PARSE for a malformed
 *         UUID, timestamp or number; ::PCF_ERR_INVALID_ARG; ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_pact_options_set(pcf_pact_options *opts, const char *field,
                                                      const char *value, pcf_error *err);

/**
 * Appends to a list field: "companyIds", "productIds", "productClassifications" (URNs such as
 * "urn:pathfinder:company:customcode:vendor-assigned:acme"), or "crossSectoralStandards"
 * (v3 names, "ISO14067" when none is given).
 * Ownership: @p value is copied.
 * @return ::PCF_OK; ::PCF_ERR_PARSE for an id that is not a URN; ::PCF_ERR_NOT_FOUND;
 *         ::PCF_ERR_INVALID_ARG; ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_pact_options_add(pcf_pact_options *opts, const char *field,
                                                      const char *value, pcf_error *err);

/**
 * Sets the 16 bytes the document id is made from when "id" is not set, for reproducible output
 * (tests, golden files). Without it the id comes from getrandom(2).
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_pact_options_set_random(pcf_pact_options *opts,
                                                             const uint8_t random[16],
                                                             pcf_error *err);

/**
 * Reads the `pact` object of a model file's JSON text into @p opts (every key is a field name
 * accepted by pcf_pact_options_set() or pcf_pact_options_add(); lists as JSON arrays; numbers and
 * booleans as JSON numbers and booleans). The main product's `description` becomes
 * productDescription unless `pact` gives one. A model without a `pact` object leaves the other
 * fields unchanged.
 * @param[in] model_json the model file's text.
 * @param[in] file the file name for error messages, or NULL.
 * @return ::PCF_OK; ::PCF_ERR_PARSE with the JSON path of a bad entry; ::PCF_ERR_NOT_FOUND for
 *         an unknown key; ::PCF_ERR_INVALID_ARG; ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_pact_options_from_model_json(pcf_pact_options *opts,
                                                                  const char *model_json,
                                                                  const char *file, pcf_error *err);

/**
 * As pcf_pact_options_from_model_json(), from a model already in memory (read from a file or
 * built through the C API): its `pact` section and its main product's description.
 * @return as pcf_pact_options_from_model_json(); errors name the model's file when it has one.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_pact_options_from_model(pcf_pact_options *opts,
                                                             const pcf_model *model,
                                                             pcf_error *err);

/**
 * Writes a calculated result as a PACT ProductFootprint of major @p version (2 → "2.3.0",
 * 3 → "3.0.0"). Every number comes from the result: the totals with and without biogenic uptake,
 * fossil (aircraft included, as PACT counts it), dLUC, biogenic CH4, aircraft, biogenic carbon
 * content, product mass, declared unit and amount, the IPCC report of the GWP set used, the
 * datasets and versions used (secondaryEmissionFactorSources) and the primary-data share. What a
 * calculation cannot know comes from @p opts (the model's `pact` object); a field the document
 * needs and neither gives is refused with ::PCF_ERR_DATA_MISSING, naming the field and the model
 * key that supplies it. Nothing is invented. The document is checked with pcf_pact_validate()
 * before it is returned.
 *
 * Defaults, which are facts about pcf rather than about the product: status "Active", version 1
 * (v2), crossSectoralStandards ["ISO14067"], biogenicAccountingMethodology "ISO" (v2), a
 * boundaryProcessesDescription listing the stages the boundary includes and excludes, and v2's
 * landManagementGhgEmissions "0" (the model format has no land-management flow).
 *
 * @param[in] result the calculated footprint.
 * @param[in] opts company, product ids, reference period...; may be NULL (then the call fails
 *        naming the first missing field).
 * @param[in] version 2 or 3.
 * @param[out] out the JSON text. Ownership: caller owns, release with pcf_free().
 * A product declared per item is written as "piece" in v3.0; v2.3 has no piece, so there it is
 * declared per its mass ("kilogram", amount = the product's mass), as PACT's car-door example.
 *
 * @return ::PCF_OK; ::PCF_ERR_DATA_MISSING (a field neither the model nor @p opts gives);
 *         ::PCF_ERR_UNSUPPORTED (something this version cannot express: v2.3 has no "hour",
 *         only AR5/AR6, no negative fossil emissions); ::PCF_ERR_INVALID_MODEL (a `pact` value
 *         breaks a PACT rule, with its path); ::PCF_ERR_IO (no random bytes or clock for the id
 *         or creation time); ::PCF_ERR_INVALID_ARG; ::PCF_ERR_NOMEM.
 * Thread-safety: safe from any thread with @p opts not modified meanwhile.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_pact_write(const pcf_result *result,
                                                const pcf_pact_options *opts, int version,
                                                char **out, pcf_error *err);

/**
 * The supplier PCF a purchased part needs (pcf/model.h), from a footprint: per one declared unit
 * (the document's values ÷ its declared unit amount), total including biogenic uptake, the split
 * into biogenic uptake, dLUC, aircraft and biogenic emissions (fossil takes the rest, so the split
 * adds up), the primary-data share ÷ 100, the company as supplier and "PACT <id>" as source.
 * @param[out] out filled. Ownership: its strings are borrowed from @p fp (valid until destroyed).
 * @return ::PCF_OK; ::PCF_ERR_UNIT (a declared unit pcf cannot express); ::PCF_ERR_INVALID_ARG.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_pact_footprint_supplier_pcf(const pcf_pact_footprint *fp,
                                                                 pcf_supplier_pcf *out,
                                                                 pcf_error *err);

/**
 * Adds a supplier's footprint to @p model as a purchased part of product @p product:
 * @p quantity @p unit of it per reference flow (same dimension as the declared unit: 250 "g" of a
 * footprint per kilogram). Calls pcf_model_add_purchased_part().
 * @param[in] name the part's name, or NULL for the footprint's productNameCompany.
 * @param[out] activity_out optional: the part's activity index.
 * @return ::PCF_OK; ::PCF_ERR_UNIT (the dimensions differ, naming both units); what
 *         pcf_model_add_purchased_part() returns.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_pact_add_to_model(const pcf_pact_footprint *fp,
                                                       pcf_model *model, size_t product,
                                                       const char *name, double quantity,
                                                       const char *unit, size_t *activity_out,
                                                       pcf_error *err);

/**
 * Converts a PACT document to major @p version: one ProductFootprint, or every footprint of an
 * API response (`{"data": [...]}`, `{"data": {...}}`) or of a fulfilled-request event
 * (`{"data": {"pfs": [...]}}`), written back in the same shape (`{"data": [...]}` for a list or
 * an event, `{"data": {...}}` for one). Each footprint is validated first (pcf_pact_read()); its
 * figures move to the other version's reference (v2 states them per one declared unit, v3 per
 * declaredUnitAmount units); fields the target version needs and the source lacks come from
 * @p fields (e.g. pcf_pact_options_from_model_json() on a `{"pact": {...}}` file), which never
 * override what the source gives.
 * @param fields may be NULL. Ownership: borrowed for the call.
 * @param[out] out the JSON text. Ownership: caller owns, release with pcf_free().
 * @return ::PCF_OK; ::PCF_ERR_PARSE (not JSON, or a footprint breaks a rule: err->path names it
 *         under $.data[i]); ::PCF_ERR_DATA_MISSING naming every missing field at once;
 *         ::PCF_ERR_UNSUPPORTED (a value the target version cannot express);
 *         ::PCF_ERR_INVALID_ARG; ::PCF_ERR_NOMEM.
 * Thread-safety: safe from any thread; @p fields is only read.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_pact_convert(const char *json, const pcf_pact_options *fields,
                                                  int version, char **out, pcf_error *err);

PCF_END_DECLS

#endif /* PCF_PACT_H */
