/*
 * pcf — reading a PACT ProductFootprint (validated by pact_validate.c's walker) and the values
 * a component takes from it. GPL-3.0-or-later; see LICENSE.
 */
#include "pact_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

pcf_status pcf_pact_read(const char *json, pcf_diag *diag, pcf_pact_footprint **out, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!json || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_pact_read: %s is NULL",
                          !json ? "json" : "out");
    pcf_pact_footprint *fp = malloc(sizeof *fp);
    if (!fp)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory reading a PACT document");
    pcf__pact_record_init(fp);
    pcf_status st = pcf__pact_walk(json, diag, fp, err);
    if (st != PCF_OK) {
        pcf_pact_footprint_destroy(fp);
        return st;
    }
    snprintf(fp->source, sizeof fp->source, "PACT %s", fp->text[PACT_T_ID]);
    *out = fp;
    return PCF_OK;
}

void pcf_pact_footprint_destroy(pcf_pact_footprint *fp)
{
    if (!fp)
        return;
    pcf__pact_record_free(fp);
    free(fp);
}

int pcf_pact_footprint_spec_major(const pcf_pact_footprint *fp)
{
    return fp ? fp->major : 0;
}

const char *pcf_pact_footprint_text(const pcf_pact_footprint *fp, const char *field)
{
    if (!fp || !field)
        return NULL;
    if (strcmp(field, "geography") == 0) {
        if (fp->text[PACT_T_GEO_SUBDIVISION])
            return fp->text[PACT_T_GEO_SUBDIVISION];
        if (fp->text[PACT_T_GEO_COUNTRY])
            return fp->text[PACT_T_GEO_COUNTRY];
        return fp->text[PACT_T_GEO_REGION];
    }
    if (strcmp(field, "declaredUnit") == 0)
        return fp->text[PACT_T_DECLARED_UNIT];
    for (int i = 0; i < PACT_T_COUNT; i++)
        if (strcmp(pcf__pact_text_names[i], field) == 0)
            return fp->text[i];
    return NULL;
}

static const struct {
    const char *pact, *symbol;
} unit_map[] = {
    {"liter", "L"},           {"kilogram", "kg"},  {"cubic meter", "m3"},
    {"kilowatt hour", "kWh"}, {"megajoule", "MJ"}, {"ton kilometer", "tkm"},
    {"square meter", "m2"},   {"piece", "item"},   {"hour", "h"},
};

static const char *unit_symbol(const char *pact)
{
    for (size_t i = 0; pact && i < sizeof unit_map / sizeof unit_map[0]; i++)
        if (strcmp(unit_map[i].pact, pact) == 0)
            return unit_map[i].symbol;
    return NULL;
}

const char *pcf_pact_footprint_unit_symbol(const pcf_pact_footprint *fp)
{
    return fp ? unit_symbol(fp->text[PACT_T_DECLARED_UNIT]) : NULL;
}

pcf_status pcf_pact_footprint_get(const pcf_pact_footprint *fp, pcf_pact_value value, double *out,
                                  pcf_error *err)
{
    if (out)
        *out = 0;
    if (!fp || !out || (int)value < 0 || value >= PCF_PACT_VALUE_COUNT_)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_pact_footprint_get: bad argument");
    if (!fp->has[value]) {
        const char *name = fp->major == 2 ? pcf__pact_values[value].v2 : pcf__pact_values[value].v3;
        return pcf__error(err, PCF_ERR_NOT_FOUND, "the PACT footprint %s leaves %s undefined",
                          fp->text[PACT_T_ID] ? fp->text[PACT_T_ID] : "",
                          name ? name : pcf_pact_value_name(value));
    }
    *out = fp->val[value];
    return pcf__ok(err);
}

double pcf__pact_per_units(const pcf_pact_footprint *fp)
{
    /* v2: every figure is per ONE declared unit (unitaryProductAmount only says how many make
     * the product); v3: per declaredUnitAmount x declaredUnitOfMeasurement. */
    if (fp->major >= 3 && fp->has[PCF_PACT_DECLARED_UNIT_AMOUNT] &&
        fp->val[PCF_PACT_DECLARED_UNIT_AMOUNT] > 0)
        return fp->val[PCF_PACT_DECLARED_UNIT_AMOUNT];
    return 1;
}

pcf_status pcf_pact_footprint_scale(const pcf_pact_footprint *fp, pcf_pact_value value,
                                    double amount, const char *unit, double *out, pcf_error *err)
{
    if (out)
        *out = 0;
    if (!fp || !unit || !out || !isfinite(amount) || amount < 0)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "pcf_pact_footprint_scale: needs a footprint, a unit and a finite "
                          "amount >= 0");
    if (value >= PCF_PACT_PRIMARY_DATA_SHARE && value <= PCF_PACT_DQI_RELIABILITY)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "%s is a percentage or a rating and does not scale with the amount",
                          pcf_pact_value_name(value));
    double x, per;
    pcf_status st = pcf_pact_footprint_get(fp, value, &x, err);
    if (st != PCF_OK)
        return st;
    st = pcf_pact_footprint_get(fp, PCF_PACT_DECLARED_UNIT_AMOUNT, &per, err);
    if (st != PCF_OK)
        return st;
    const char *decl = fp->text[PACT_T_DECLARED_UNIT];
    const char *sym = unit_symbol(decl);
    if (!sym)
        return pcf__error(err, PCF_ERR_UNIT,
                          "the supplier's declared unit \"%s\" has no pcf unit; the component "
                          "cannot be matched to it",
                          decl ? decl : "");
    double in_decl;
    pcf_error e2;
    st = pcf_unit_convert(amount, unit, sym, &in_decl, &e2);
    if (st == PCF_ERR_UNIT)
        return pcf__error(err, PCF_ERR_UNIT,
                          "the component's amount is in %s but the supplier's PCF is per %s %s "
                          "(%s); give the component's amount in a unit of the same kind",
                          unit, fp->text[PACT_T_DECLARED_UNIT], decl, sym);
    if (st != PCF_OK) {
        if (err)
            *err = e2;
        return st;
    }
    *out = x * in_decl / (fp->major >= 3 ? per : 1); /* pcf__pact_per_units() */
    return pcf__ok(err);
}
