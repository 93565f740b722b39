/*
 * pcf — product carbon footprints (ISO 14067, GB/T 24067-2024).
 * Copyright (C) 2026 the pcf authors. GPL-3.0-or-later; see LICENSE.
 */

/**
 * @file pcf/regime.h
 * @brief Regimes: the rule set a calculation follows, and the regimes a factor is valid in.
 *
 * A calculation follows one regime: an ISO 14067 / GB/T 24067 footprint (the default), the EU
 * CBAM embedded emissions of an installation's goods (pcf/cbam.h), or the EU Battery
 * Regulation's carbon-footprint declaration (pcf/battery.h). A product model names its regime
 * in `"regime"`; `pcf calc --regime` overrides it.
 *
 * The regimes a database factor is valid in follow from its category (docs/regimes.md): a
 * `cbam_default` row is a CBAM default value (direct and indirect embedded emissions by CBAM's
 * boundary, not a cradle-to-gate footprint), valid in `cbam` only; an `electricity` row is valid
 * in every regime (CBAM's indirect emissions use grid factors); every other row is a footprint
 * factor, valid in `iso14067` and `eu-battery`. Using a factor outside the calculation's regime
 * is an error naming the activity and the factor, unless the model says
 * `"allow_out_of_regime": true`, which turns it into a warning recorded in the result's notes.
 */
#ifndef PCF_REGIME_H
#define PCF_REGIME_H

#include "pcf/common.h"
#include "pcf/db.h"
#include "pcf/model.h"

PCF_BEGIN_DECLS

/** A calculation's regime. Values are fixed. */
typedef enum pcf_regime {
    PCF_REGIME_ISO14067 = 0,  /**< "iso14067": ISO 14067 / GB/T 24067-2024 product footprint. */
    PCF_REGIME_CBAM = 1,      /**< "cbam": EU CBAM embedded emissions (pcf/cbam.h). */
    PCF_REGIME_EU_BATTERY = 2 /**< "eu-battery": EU 2023/1542 battery declaration. */
} pcf_regime;

/** "iso14067", "cbam" or "eu-battery"; NULL when invalid. Ownership: static. @since 0.1 */
PCF_API const char *pcf_regime_name(pcf_regime regime);

/**
 * Parses a regime name (as pcf_regime_name() spells it).
 * @return ::PCF_OK, ::PCF_ERR_NOT_FOUND (the message lists the names), ::PCF_ERR_INVALID_ARG.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_regime_parse(const char *name, pcf_regime *out,
                                                  pcf_error *err);

/**
 * The regimes @p factor is valid in, as a bit set: bit (1u << regime) for each. 0 for NULL.
 * @since 0.1
 */
PCF_API unsigned pcf_factor_regimes(const pcf_factor *factor);

/**
 * The regimes of a factor as text: "cbam", "iso14067,eu-battery", "iso14067,cbam,eu-battery".
 * Ownership: static. @since 0.1
 */
PCF_API const char *pcf_factor_regimes_text(const pcf_factor *factor);

/**
 * Sets the model's regime (`"regime"`) and whether factors outside it are allowed with a
 * warning (`"allow_out_of_regime"`, written only when nonzero). ::PCF_REGIME_CBAM is refused:
 * CBAM takes an installation document (pcf_cbam_read_file()), not a product model.
 * @return ::PCF_OK, ::PCF_ERR_INVALID_ARG, ::PCF_ERR_UNSUPPORTED, ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_model_set_regime(pcf_model *model, pcf_regime regime,
                                                      int allow_out_of_regime, pcf_error *err);

/** The model's regime (::PCF_REGIME_ISO14067 when it names none or an unknown one). @since 0.1 */
PCF_API pcf_regime pcf_model_regime(const pcf_model *model);

/** The regime of an opened model file (pcf_model_file_open()), as pcf_model_regime() gives it
 * for the model read in full. @since 0.2 */
PCF_API pcf_regime pcf_model_file_regime(const pcf_model_file *file);

PCF_END_DECLS

#endif /* PCF_REGIME_H */
