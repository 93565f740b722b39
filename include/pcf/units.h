/*
 * pcf — product carbon footprints (ISO 14067, GB/T 24067-2024).
 * Copyright (C) 2026 the pcf authors. GPL-3.0-or-later; see LICENSE.
 */

/**
 * @file pcf/units.h
 * @brief Units of measure: parsing, dimensions and conversion.
 *
 * Every amount in pcf travels with its unit. A unit belongs to exactly one dimension (mass,
 * energy, volume, ...); conversion is allowed only inside a dimension and is a multiplication by
 * a constant. Conversions that need a property of a material (energy ↔ mass of a fuel through its
 * heating value, volume ↔ mass through density) are not units' business and are refused.
 *
 * Unit handles point into a table compiled into the library: they are never freed, never change
 * and may be shared between threads freely.
 *
 * Text is parsed without regard to the process locale: "1.5 kg" is 1.5 kilograms even when the
 * host has set a decimal comma.
 */
#ifndef PCF_UNITS_H
#define PCF_UNITS_H

#include "pcf/common.h"

PCF_BEGIN_DECLS

/** The physical dimension of a unit. Values are fixed; new ones are only appended. */
typedef enum pcf_dimension {
    PCF_DIM_NONE = 0,               /**< Not a dimension (an unknown unit). */
    PCF_DIM_MASS = 1,               /**< Base unit kg. */
    PCF_DIM_ENERGY = 2,             /**< Base unit kWh. */
    PCF_DIM_VOLUME = 3,             /**< Base unit m3. */
    PCF_DIM_LENGTH = 4,             /**< Base unit km. */
    PCF_DIM_FREIGHT = 5,            /**< Mass × distance; base unit tkm (tonne-kilometre). */
    PCF_DIM_PASSENGER_DISTANCE = 6, /**< Base unit pkm (passenger-kilometre). */
    PCF_DIM_VEHICLE_DISTANCE = 7,   /**< Base unit vkm (vehicle-kilometre). */
    PCF_DIM_ITEMS = 8,              /**< A number of items, named "count"; base unit item. */
    PCF_DIM_AREA = 9,               /**< Base unit m2. */
    PCF_DIM_TIME = 10               /**< Base unit h (hour); a year is 365 days = 8760 h. */
} pcf_dimension;

/** A unit of measure. Points into a static table: never freed, shareable between threads. */
typedef struct pcf_unit pcf_unit;

/**
 * Parses a unit symbol or name: "kg", "tonne", "t·km", "kWh", "m³", "short ton-mile", "pcs", ...
 * Spaces, "·", "*", "-" and "." between parts are ignored; words are matched without regard to
 * ASCII case, but short symbols are case-sensitive ("MWh" is not "mWh").
 *
 * @param[in]  text the unit, UTF-8.
 * @param[out] out  the unit. Ownership: static, never freed.
 * @param[out] err  optional error record.
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for NULL arguments; ::PCF_ERR_NOT_FOUND for an unknown
 *         unit (the message names it and suggests the nearest known spelling).
 * Thread-safety: safe from any thread.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_unit_parse(const char *text, const pcf_unit **out,
                                                pcf_error *err);

/** The canonical symbol of @p unit ("kg", "tkm"), or "" for NULL. @since 0.1 */
PCF_API const char *pcf_unit_symbol(const pcf_unit *unit);

/** The English name of @p unit ("kilogram"), or "" for NULL. @since 0.1 */
PCF_API const char *pcf_unit_name(const pcf_unit *unit);

/** The dimension of @p unit, or ::PCF_DIM_NONE for NULL. @since 0.1 */
PCF_API pcf_dimension pcf_unit_dimension(const pcf_unit *unit);

/**
 * How many base units of its dimension one @p unit is (1 t → 1000, since the base of mass is kg).
 * 0 for NULL.
 * @since 0.1
 */
PCF_API double pcf_unit_to_base(const pcf_unit *unit);

/** Number of units the library knows. @since 0.1 */
PCF_API size_t pcf_unit_count(void);

/** Unit @p index of the table (for listing), or NULL when out of range. @since 0.1 */
PCF_API const pcf_unit *pcf_unit_at(size_t index);

/**
 * Number of dimensions: the valid ::pcf_dimension values are 1 to this number (::PCF_DIM_NONE,
 * 0, is none). A program built against an older header learns of dimensions added since.
 * @since 0.1
 */
PCF_API size_t pcf_dimension_count(void);

/** The English name of a dimension ("mass"); "unknown" for an invalid value. @since 0.1 */
PCF_API const char *pcf_dimension_name(pcf_dimension dim);

/** The base unit of a dimension, or NULL for ::PCF_DIM_NONE or an invalid value. @since 0.1 */
PCF_API const pcf_unit *pcf_dimension_base(pcf_dimension dim);

/**
 * The factor that converts an amount in @p from to an amount in @p to (value_to = value_from ×
 * factor).
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for NULL; ::PCF_ERR_UNIT when the dimensions differ
 *         (the message names both units and their dimensions). On failure *out is 0.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_unit_factor(const pcf_unit *from, const pcf_unit *to,
                                                 double *out, pcf_error *err);

/**
 * Converts @p value from the unit spelled @p from to the unit spelled @p to.
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for NULL, NaN or infinite values; ::PCF_ERR_NOT_FOUND
 *         for an unknown unit; ::PCF_ERR_UNIT across dimensions. On failure *out is 0.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_unit_convert(double value, const char *from, const char *to,
                                                  double *out, pcf_error *err);

/**
 * Parses a quantity such as "1.5 kg", "2e3 kWh" or "12 t·km": a number in the C locale's format,
 * optional spaces, then a unit.
 * @param[out] value_out the number.
 * @param[out] unit_out  the unit. Ownership: static.
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for NULL; ::PCF_ERR_PARSE for a malformed or non-finite
 *         number; ::PCF_ERR_NOT_FOUND for an unknown unit.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_quantity_parse(const char *text, double *value_out,
                                                    const pcf_unit **unit_out, pcf_error *err);

/**
 * Parses an emission-rate unit "<mass><substance>/<unit>" such as "kgCO2e/kWh", "tCO2e/tonne",
 * "gCO2e/kWh", "lbCO2/MWh", "kgCO2e/t·km" or "kg CO2e per kWh".
 *
 * @param[out] kg_out    kilograms per one unit of the numerator (1 for kg, 1000 for t, 0.001 for
 * g).
 * @param[out] per_out   the unit of activity the rate is per. Ownership: static.
 * @param[out] co2_only  1 when the numerator is "CO2" (a CO2-only factor), 0 for "CO2e".
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for NULL; ::PCF_ERR_PARSE when the text is not of that
 *         form; ::PCF_ERR_NOT_FOUND when the per-unit is unknown.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_unit_parse_rate(const char *text, double *kg_out,
                                                     const pcf_unit **per_out, int *co2_only,
                                                     pcf_error *err);

/**
 * Parses a finite decimal number without regard to the process locale ("1.5", "-2e-3").
 * Leading and trailing ASCII spaces are allowed; anything else is an error.
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for NULL; ::PCF_ERR_PARSE for malformed text, NaN,
 *         infinity or overflow. On failure *out is 0.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_number_parse(const char *text, double *out, pcf_error *err);

/**
 * Writes the shortest text that parses back to exactly @p value ("0.1", "1e+20"), with a '.'
 * whatever the locale. Writes at most @p size bytes including the NUL; 32 bytes always suffice.
 * The text is the first of printf's %.15g, %.16g and %.17g that reads back to the same double
 * (so %g's choice between "123.4" and "1.234e+15" at that precision, and subnormals keep 15
 * digits), computed by integer arithmetic (printf decides only exact ties). Zero of either sign is
 * written "0" (it reads back as +0, which compares equal to -0; a negative zero in a footprint
 * is an artefact such as a credit of nothing); NaN and infinities as "nan", "inf", "-inf".
 * @return the length the text needs (excluding the NUL), as snprintf does.
 * @since 0.1
 */
PCF_API size_t pcf_number_format(double value, char *buf, size_t size);

PCF_END_DECLS

#endif /* PCF_UNITS_H */
