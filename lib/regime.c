/*
 * pcf — regimes: names, the regimes a factor is valid in, a model's regime (pcf/regime.h).
 * GPL-3.0-or-later; see LICENSE.
 */
#include "pcf/regime.h"

#include "internal.h"
#include "model_internal.h"

#include <string.h>

static const char *const names[] = {"iso14067", "cbam", "eu-battery"};

const char *pcf_regime_name(pcf_regime r)
{
    return (int)r >= 0 && (int)r < 3 ? names[r] : NULL;
}

pcf_status pcf_regime_parse(const char *name, pcf_regime *out, pcf_error *err)
{
    if (!name || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_regime_parse: NULL argument");
    for (int i = 0; i < 3; i++)
        if (strcmp(name, names[i]) == 0) {
            *out = (pcf_regime)i;
            return pcf__ok(err);
        }
    return pcf__error(err, PCF_ERR_NOT_FOUND,
                      "regime \"%.40s\" is not iso14067, cbam or eu-battery", name);
}

#define BIT(r) (1u << (r))

unsigned pcf_factor_regimes(const pcf_factor *f)
{
    if (!f)
        return 0;
    const char *cat = pcf_factor_category(f);
    if (strcmp(cat, "cbam_default") == 0)
        return BIT(PCF_REGIME_CBAM);
    if (strcmp(cat, "electricity") == 0)
        return BIT(PCF_REGIME_ISO14067) | BIT(PCF_REGIME_CBAM) | BIT(PCF_REGIME_EU_BATTERY);
    return BIT(PCF_REGIME_ISO14067) | BIT(PCF_REGIME_EU_BATTERY);
}

const char *pcf_factor_regimes_text(const pcf_factor *f)
{
    switch (pcf_factor_regimes(f)) {
    case BIT(PCF_REGIME_CBAM):
        return "cbam";
    case BIT(PCF_REGIME_ISO14067) | BIT(PCF_REGIME_CBAM) | BIT(PCF_REGIME_EU_BATTERY):
        return "iso14067,cbam,eu-battery";
    case BIT(PCF_REGIME_ISO14067) | BIT(PCF_REGIME_EU_BATTERY):
        return "iso14067,eu-battery";
    default:
        return "";
    }
}

pcf_status pcf_model_set_regime(pcf_model *model, pcf_regime regime, int allow, pcf_error *err)
{
    if (!model || !pcf_regime_name(regime))
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_model_set_regime: bad argument");
    if (regime == PCF_REGIME_CBAM)
        return pcf__error(err, PCF_ERR_UNSUPPORTED,
                          "the cbam regime takes an installation document (pcf cbam calc, "
                          "docs/cbam-format.md), not a product model");
    if (json_object_set_new(model->root, "regime", json_string(names[regime])) != 0)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory setting the regime");
    if (allow) {
        if (json_object_set_new(model->root, "allow_out_of_regime", json_true()) != 0)
            return pcf__error(err, PCF_ERR_NOMEM, "out of memory setting the regime");
    } else {
        json_object_del(model->root, "allow_out_of_regime");
    }
    return pcf__ok(err);
}

pcf_regime pcf_model_regime(const pcf_model *model)
{
    pcf_regime r = PCF_REGIME_ISO14067;
    const char *s = model ? json_string_value(json_object_get(model->root, "regime")) : NULL;
    if (s && pcf_regime_parse(s, &r, NULL) != PCF_OK)
        r = PCF_REGIME_ISO14067;
    return r;
}
