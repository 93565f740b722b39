/*
 * pcf — product carbon footprints (ISO 14067, GB/T 24067-2024).
 * Copyright (C) 2026 the pcf authors. GPL-3.0-or-later; see LICENSE.
 */

/**
 * @file pcf/gwp.h
 * @brief Greenhouse gases and their 100-year global warming potentials (IPCC AR4, AR5, AR6).
 *
 * The values are compiled in from data/gwp.csv (openclimatedata/globalwarmingpotentials, CC0;
 * AR4 and AR5 as the GHG Protocol's 2016 table, AR6 from IPCC AR6 WGI Table 7.SM.7, methane
 * fossil 29.8 and non-fossil 27.0 from Table 7.15), each with its source string. AR6 is the
 * default, as PACT asks for the latest IPCC report.
 *
 * Carbon dioxide and methane come in fossil and biogenic kinds because ISO 14067 §6.4.9 and
 * GB/T 24067 ask for fossil and biogenic GHG to be reported apart. Unspecified "CH4" is read as
 * fossil methane, the conservative choice.
 *
 * All data here is static: every function is safe from any thread.
 */
#ifndef PCF_GWP_H
#define PCF_GWP_H

#include "pcf/common.h"

PCF_BEGIN_DECLS

/** A greenhouse gas. Values are fixed; new gases are only appended. */
typedef enum pcf_gas {
    PCF_GAS_CO2_FOSSIL = 0,
    PCF_GAS_CO2_BIOGENIC = 1,
    PCF_GAS_CH4_FOSSIL = 2,
    PCF_GAS_CH4_BIOGENIC = 3,
    PCF_GAS_N2O = 4,
    PCF_GAS_SF6 = 5,
    PCF_GAS_NF3 = 6,
    PCF_GAS_HFC_23 = 7,
    PCF_GAS_HFC_32 = 8,
    PCF_GAS_HFC_125 = 9,
    PCF_GAS_HFC_134A = 10,
    PCF_GAS_HFC_143A = 11,
    PCF_GAS_HFC_152A = 12,
    PCF_GAS_HFC_227EA = 13,
    PCF_GAS_HFC_236FA = 14,
    PCF_GAS_HFC_245FA = 15,
    PCF_GAS_HFC_365MFC = 16,
    PCF_GAS_HFC_43_10MEE = 17,
    PCF_GAS_PFC_14 = 18,    /**< CF4 */
    PCF_GAS_PFC_116 = 19,   /**< C2F6 */
    PCF_GAS_PFC_218 = 20,   /**< C3F8 */
    PCF_GAS_PFC_318 = 21,   /**< c-C4F8 */
    PCF_GAS_PFC_31_10 = 22, /**< C4F10 */
    PCF_GAS_PFC_51_14 = 23, /**< C6F14 */
    PCF_GAS_HCFC_22 = 24,
    PCF_GAS_HCFC_141B = 25,
    PCF_GAS_HCFC_142B = 26,
    PCF_GAS_CFC_11 = 27,
    PCF_GAS_CFC_12 = 28
} pcf_gas;

/** A set of GWP100 values. The value is the IPCC assessment report's number. */
typedef enum pcf_gwp_set { PCF_GWP_AR4 = 4, PCF_GWP_AR5 = 5, PCF_GWP_AR6 = 6 } pcf_gwp_set;

/** The default set: AR6. */
#define PCF_GWP_DEFAULT PCF_GWP_AR6

/** Number of gases; valid ::pcf_gas values are 0 .. pcf_gas_count()-1. @since 0.1 */
PCF_API size_t pcf_gas_count(void);

/** Stable lower-case key of a gas ("co2_fossil", "hfc_134a"), or NULL for an invalid value. */
PCF_API const char *pcf_gas_key(pcf_gas gas);

/** Chemical formula ("CO2", "CH2FCF3"), or NULL for an invalid value. @since 0.1 */
PCF_API const char *pcf_gas_formula(pcf_gas gas);

/** English name ("Methane, biogenic"), or NULL for an invalid value. @since 0.1 */
PCF_API const char *pcf_gas_name(pcf_gas gas);

/** 1 for biogenic CO2 and biogenic CH4, 0 otherwise. @since 0.1 */
PCF_API int pcf_gas_is_biogenic(pcf_gas gas);

/**
 * Parses a gas by key ("ch4_biogenic"), formula ("N2O", "SF6"; "CO2" and "CH4" mean fossil),
 * common name ("HFC-134a", "R-134a", "PFC-14") or English name, ignoring ASCII case.
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for NULL; ::PCF_ERR_NOT_FOUND for an unknown gas.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_gas_parse(const char *text, pcf_gas *out, pcf_error *err);

/** "AR4", "AR5" or "AR6"; NULL for an invalid value. @since 0.1 */
PCF_API const char *pcf_gwp_set_name(pcf_gwp_set set);

/**
 * Parses "AR4", "AR5" or "AR6" (ASCII case ignored).
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for NULL; ::PCF_ERR_NOT_FOUND for another name.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_gwp_set_parse(const char *text, pcf_gwp_set *out,
                                                   pcf_error *err);

/**
 * The GWP100 of @p gas in @p set (kg CO2e per kg of gas).
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for an invalid gas or set. On failure *out is 0.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_gwp_value(pcf_gwp_set set, pcf_gas gas, double *out,
                                               pcf_error *err);

/** Where the value of @p gas in @p set comes from (static text), or NULL when invalid. */
PCF_API const char *pcf_gwp_source(pcf_gwp_set set, pcf_gas gas);

/**
 * CO2e of a per-gas inventory: Σ kg[i] × GWP100(gases[i]).
 * @param[in]  gases   @p n gases (repeats allowed).
 * @param[in]  kg      @p n masses in kg; finite, may be negative (removals).
 * @param[out] kg_co2e_out the total in kg CO2e.
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for NULL arrays with n > 0, an invalid gas or set, or a
 *         non-finite mass (the message names the index).
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_gwp_co2e(pcf_gwp_set set, const pcf_gas *gases,
                                              const double *kg, size_t n, double *kg_co2e_out,
                                              pcf_error *err);

PCF_END_DECLS

#endif /* PCF_GWP_H */
