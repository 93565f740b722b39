/*
 * pcf — PACT export of a calculated result, and a supplier's PACT footprint as a purchased part.
 * GPL-3.0-or-later; see LICENSE.
 *
 * Mapping between pcf's reporting flows (pcf/calc.h) and PACT (PACT Technical Specifications v2.3
 * and v3.0):
 *
 *   pcfIncludingBiogenicUptake (v3) = pCfIncludingBiogenic (v2) = total
 *   pcfExcludingBiogenicUptake (v3)  = total − biogenic removals
 *   pCfExcludingBiogenic (v2)        = total − biogenic removals − biogenic CO2 released
 *   biogenicCO2Uptake / biogenicCarbonWithdrawal = biogenic removals (≤ 0)
 *   fossilGhgEmissions               = fossil + aircraft (aircraft is fossil combustion)
 *   landUseChangeGhgEmissions / dLucGhgEmissions = dLUC
 *   biogenicNonCO2Emissions / otherBiogenicGhgEmissions = biogenic CH4 in CO2e
 *   aircraftGhgEmissions             = aircraft
 *   biogenicCarbonContent            = the result's biogenic carbon content
 *   primaryDataShare                 = 100 × the result's primary-data share
 */
#include "pact_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* pcf unit symbols of the declared unit and their PACT names; v2.3 lacks the last two. */
static const struct {
    const char *symbol, *pact;
    int v3_only;
} declared_units[] = {
    {"kg", "kilogram", 0},       {"L", "liter", 0},      {"m3", "cubic meter", 0},
    {"kWh", "kilowatt hour", 0}, {"MJ", "megajoule", 0}, {"tkm", "ton kilometer", 0},
    {"m2", "square meter", 0},   {"item", "piece", 1},   {"h", "hour", 1},
};
#define N_DECLARED_UNITS (sizeof declared_units / sizeof declared_units[0])

static pcf_status refuse(pcf_error *err, int version, const char *field, const char *key)
{
    pcf__error(err, PCF_ERR_DATA_MISSING,
               "PACT v%s needs %s, which the model does not give: set %s in the model",
               version >= 3 ? "3.0" : "2.3", field, key);
    return PCF_ERR_DATA_MISSING;
}

/*
 * Declared unit: a PACT unit of the same dimension, with the amount converted into it; *amount_out
 * is how many of those PACT units the model's declared unit holds. v2.3 states every figure per
 * ONE declared unit (unitaryProductAmount says how many make the product); v3.0 per
 * declaredUnitAmount × declaredUnitOfMeasurement (its car door: 80 kilogram, figures per door).
 */
static pcf_status declared_unit(const pcf_result *res, int version, pcf_pact_footprint *r,
                                double *amount_out, pcf_error *err)
{
    *amount_out = 1;
    const char *unit = pcf_result_declared_unit(res);
    double amount = pcf_result_declared_amount(res);
    const pcf_unit *u = NULL;
    if (!unit || pcf_unit_parse(unit, &u, NULL) != PCF_OK || !(amount > 0))
        return refuse(err, version, "declaredUnitOfMeasurement and declaredUnitAmount",
                      "products[0].declared_unit");
    for (size_t i = 0; i < N_DECLARED_UNITS; i++) {
        const pcf_unit *pu = NULL;
        if (pcf_unit_parse(declared_units[i].symbol, &pu, NULL) != PCF_OK ||
            pcf_unit_dimension(pu) != pcf_unit_dimension(u))
            continue;
        if (declared_units[i].v3_only && version < 3) {
            /* v2.3 has no piece: a product declared per item is declared per its mass instead,
             * as PACT's own car-door example does (80 kilogram = one door). */
            double mass = pcf_result_mass_kg(res);
            if (strcmp(declared_units[i].symbol, "item") != 0)
                return pcf__error(err, PCF_ERR_UNSUPPORTED,
                                  "PACT v2.3 has no declared unit \"%s\" (the model declares "
                                  "the product per %s); write PACT v3.0 (--pact-version 3.0)",
                                  declared_units[i].pact, unit);
            if (!(isfinite(mass) && mass > 0))
                return pcf__error(err, PCF_ERR_DATA_MISSING,
                                  "PACT v2.3 has no declared unit \"piece\": a product declared "
                                  "per %s is written per its mass, but the model gives none; set "
                                  "products[0].mass and mass_unit, or write PACT v3.0",
                                  unit);
            if (pcf__pact_set_text(r, PACT_T_DECLARED_UNIT, "kilogram") != PCF_OK)
                return pcf__error(err, PCF_ERR_NOMEM, "out of memory");
            pcf__pact_set_value(r, PCF_PACT_DECLARED_UNIT_AMOUNT, mass);
            *amount_out = mass;
            return PCF_OK;
        }
        double x;
        pcf_status st = pcf_unit_convert(amount, unit, declared_units[i].symbol, &x, err);
        if (st != PCF_OK)
            return st;
        if (pcf__pact_set_text(r, PACT_T_DECLARED_UNIT, declared_units[i].pact) != PCF_OK)
            return pcf__error(err, PCF_ERR_NOMEM, "out of memory");
        pcf__pact_set_value(r, PCF_PACT_DECLARED_UNIT_AMOUNT, x);
        *amount_out = x;
        return PCF_OK;
    }
    return pcf__error(err, PCF_ERR_UNSUPPORTED,
                      "PACT has no declared unit for %s (products[0].declared_unit); declare the "
                      "product per kilogram, liter, cubic meter, kilowatt hour, megajoule, ton "
                      "kilometer, square meter, piece or hour",
                      unit);
}

/* "Cradle-to-gate (partial CFP): materials, production, transport; excluded: use, ..." */
static char *boundary_text(const pcf_result *res)
{
    pcf__buf b;
    pcf__buf_init(&b);
    int gate = pcf_result_boundary(res) == PCF_BOUNDARY_CRADLE_TO_GATE;
    pcf__buf_puts(&b, gate ? "Cradle-to-gate (partial CFP, ISO 14067 / GB/T 24067). Included: "
                           : "Cradle-to-grave (full CFP, ISO 14067 / GB/T 24067). Included: ");
    const char *sep = "";
    for (int s = 0; s < PCF_STAGE_COUNT; s++)
        if (pcf_result_stage_included(res, (pcf_stage)s)) {
            pcf__buf_puts(&b, sep);
            pcf__buf_puts(&b, pcf_stage_name((pcf_stage)s));
            sep = ", ";
        }
    sep = ". Excluded: ";
    for (int s = 0; s < PCF_STAGE_COUNT; s++)
        if (!pcf_result_stage_included(res, (pcf_stage)s)) {
            pcf__buf_puts(&b, sep);
            pcf__buf_puts(&b, pcf_stage_name((pcf_stage)s));
            sep = ", ";
        }
    pcf__buf_puts(&b, ".");
    return pcf__buf_steal(&b);
}

static double gas_co2e(const pcf_result *res, pcf_gas gas)
{
    double sum = 0;
    for (size_t i = 0; i < pcf_result_gas_count(res); i++) {
        const pcf_gas_result *g = pcf_result_gas_at(res, i);
        if (g && g->gas == gas)
            sum += g->kg_co2e;
    }
    return sum;
}

#define PACT_NOMEM(err) pcf__error((err), PCF_ERR_NOMEM, "out of memory writing a PACT document")

/* Sets the id (a new UUID), "created" (now) and the product's names where the model gives none. */
static pcf_status set_identity(const pcf_result *res, const pcf_pact_options *opts,
                               pcf_pact_footprint *r, pcf_error *err)
{
    pcf_status st;
    if (!r->text[PACT_T_ID]) {
        char id[PCF_PACT_UUID_LEN + 1];
        st = opts && opts->has_random ? pcf_pact_uuid_format(opts->random, id, sizeof id, err)
                                      : pcf_pact_uuid_random(id, sizeof id, err);
        if (st != PCF_OK)
            return st;
        if (pcf__pact_set_text(r, PACT_T_ID, id) != PCF_OK)
            return PACT_NOMEM(err);
    }
    if (!r->text[PACT_T_CREATED]) {
        time_t now = time(NULL);
        struct tm tm;
        char ts[32];
        if (now == (time_t)-1 || !gmtime_r(&now, &tm) ||
            strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
            return pcf__error(err, PCF_ERR_IO,
                              "the clock gave no time for \"created\"; set created in the "
                              "model's \"pact\" object");
        if (pcf__pact_set_text(r, PACT_T_CREATED, ts) != PCF_OK)
            return PACT_NOMEM(err);
    }
    const char *name = pcf_result_product_name(res, "en");
    if (!r->text[PACT_T_PRODUCT_NAME_COMPANY] && name && *name &&
        pcf__pact_set_text(r, PACT_T_PRODUCT_NAME_COMPANY, name) != PCF_OK)
        return PACT_NOMEM(err);
    if (!r->text[PACT_T_PRODUCT_DESCRIPTION] && name && *name &&
        pcf__pact_set_text(r, PACT_T_PRODUCT_DESCRIPTION, name) != PCF_OK)
        return PACT_NOMEM(err);

    return PCF_OK;
}

/* Sets the emission figures (per `per` of the result), the DQRs (v3) and the primary-data share. */
static pcf_status set_figures(const pcf_result *res, int version, double per, pcf_pact_footprint *r,
                              pcf_error *err)
{
    double total = pcf_result_total_kg_co2e(res) / per;
    double removal = pcf_result_flow_kg_co2e(res, PCF_FLOW_BIOGENIC_REMOVAL) / per;
    double fossil = pcf_result_flow_kg_co2e(res, PCF_FLOW_FOSSIL) / per;
    double aircraft = pcf_result_flow_kg_co2e(res, PCF_FLOW_AIRCRAFT) / per;
    double dluc = pcf_result_flow_kg_co2e(res, PCF_FLOW_DLUC) / per;
    double biogenic = pcf_result_flow_kg_co2e(res, PCF_FLOW_BIOGENIC) / per;
    double bio_ch4 = gas_co2e(res, PCF_GAS_CH4_BIOGENIC) / per;
    if (bio_ch4 < 0)
        bio_ch4 = 0;
    double bio_co2 = biogenic - bio_ch4;
    if (fossil + aircraft < 0) {
        pcf__numbuf nb;
        return pcf__error(err, PCF_ERR_UNSUPPORTED,
                          "fossil emissions are negative (%s kg CO2e) because of recycling "
                          "credits, but PACT fossilGhgEmissions must be >= 0; calculate with "
                          "\"recycling_method\": \"cut-off\" for PACT",
                          pcf__num(&nb, fossil + aircraft));
    }
    pcf__pact_set_value(r, PCF_PACT_PCF_INCLUDING_BIOGENIC, total);
    pcf__pact_set_value(r, PCF_PACT_PCF_EXCLUDING_BIOGENIC,
                        version >= 3 ? total - removal : total - removal - bio_co2);
    pcf__pact_set_value(r, PCF_PACT_BIOGENIC_CO2_UPTAKE, removal);
    pcf__pact_set_value(r, PCF_PACT_FOSSIL_GHG_EMISSIONS, fossil + aircraft);
    pcf__pact_set_value(r, PCF_PACT_DLUC_GHG_EMISSIONS, dluc);
    pcf__pact_set_value(r, PCF_PACT_BIOGENIC_NON_CO2, bio_ch4);
    pcf__pact_set_value(r, PCF_PACT_AIRCRAFT_GHG_EMISSIONS, aircraft);
    if (version < 3 && !r->has[PCF_PACT_LAND_MANAGEMENT_GHG_EMISSIONS])
        /* The model format has no land-management flow: the calculated amount is zero. */
        pcf__pact_set_value(r, PCF_PACT_LAND_MANAGEMENT_GHG_EMISSIONS, 0);
    double bc = pcf_result_biogenic_carbon_kg(res) / per;
    if (!r->has[PCF_PACT_BIOGENIC_CARBON_CONTENT] && isfinite(bc) && bc >= 0)
        pcf__pact_set_value(r, PCF_PACT_BIOGENIC_CARBON_CONTENT, bc);
    /* v3 DQRs (1..5, "weighted average of all inputs"): the result's emission-weighted
     * ratings when the model scores its activities and the fields do not give them. v2.3 rates
     * 1..3 on another matrix, which pcf does not map to. */
    static const struct {
        pcf_pact_value v;
        pcf_dq_indicator ind;
    } dqr[] = {{PCF_PACT_DQI_TECHNOLOGICAL, PCF_DQ_TECHNOLOGICAL},
               {PCF_PACT_DQI_TEMPORAL, PCF_DQ_TEMPORAL},
               {PCF_PACT_DQI_GEOGRAPHICAL, PCF_DQ_GEOGRAPHICAL}};
    for (size_t i = 0; version >= 3 && i < sizeof dqr / sizeof dqr[0]; i++) {
        double x = pcf_result_dq_rating(res, dqr[i].ind);
        if (!r->has[dqr[i].v] && isfinite(x))
            pcf__pact_set_value(r, dqr[i].v, x);
    }
    double share = pcf_result_primary_data_share(res);
    if (isfinite(share))
        pcf__pact_set_value(r, PCF_PACT_PRIMARY_DATA_SHARE, 100 * share);

    return PCF_OK;
}

/* Sets the IPCC characterisation factors, the standards, the biogenic method (v2.3), the
 * boundary text and the secondary data sources. */
static pcf_status set_method(const pcf_result *res, int version, pcf_pact_footprint *r,
                             pcf_error *err)
{
    pcf_status st;
    /* The GWP set used is the one IPCC report of every characterisation factor. */
    for (size_t i = 0; i < r->list[PACT_L_IPCC].n; i++)
        free(r->list[PACT_L_IPCC].items[i]);
    r->list[PACT_L_IPCC].n = 0;
    if (pcf__pact_list_add(r, PACT_L_IPCC, pcf_gwp_set_name(pcf_result_gwp(res))) != PCF_OK)
        return PACT_NOMEM(err);
    /* pcf computes by ISO 14067: the default standard and biogenic accounting. */
    if (r->list[PACT_L_STANDARDS].n == 0 && pcf__pact_list_add(r, PACT_L_STANDARDS, "ISO14067"))
        return PACT_NOMEM(err);
    if (version < 3 && !r->text[PACT_T_BIOGENIC_METHOD] &&
        pcf__pact_set_text(r, PACT_T_BIOGENIC_METHOD, "ISO") != PCF_OK)
        return PACT_NOMEM(err);
    if (!r->text[PACT_T_BOUNDARY]) {
        char *b = boundary_text(res);
        if (!b)
            return PACT_NOMEM(err);
        st = pcf__pact_set_text(r, PACT_T_BOUNDARY, b);
        free(b);
        if (st != PCF_OK)
            return PACT_NOMEM(err);
    }
    for (size_t i = 0; i < pcf_result_dataset_count(res); i++) {
        const pcf_dataset_ref *d = pcf_result_dataset_at(res, i);
        if (!d || !d->name || !*d->name)
            continue;
        if (pcf__pact_list_add(r, PACT_L_SOURCE_NAMES, d->name) != PCF_OK ||
            pcf__pact_list_add(r, PACT_L_SOURCE_VERSIONS,
                               d->version && *d->version ? d->version : "unversioned") != PCF_OK)
            return PACT_NOMEM(err);
    }
    return PCF_OK;
}

static pcf_status build(const pcf_result *res, const pcf_pact_options *opts, int version,
                        pcf_pact_footprint *r, pcf_error *err)
{
    r->major = version;
    pcf_status st = set_identity(res, opts, r, err);
    if (st != PCF_OK)
        return st;
    double units = 1;
    st = declared_unit(res, version, r, &units, err);
    if (st != PCF_OK)
        return st;
    /* What the figures are per: v2.3 one declared unit, v3.0 the whole declared amount (see
     * declared_unit), so v2.3 divides the result (per the model's declared unit) by the amount. */
    const double per = version >= 3 ? 1 : units;
    double mass = pcf_result_mass_kg(res);
    if (isfinite(mass) && mass >= 0)
        pcf__pact_set_value(r, PCF_PACT_PRODUCT_MASS_KG, mass / per);
    else if (version >= 3)
        return refuse(err, version, "productMassPerDeclaredUnit",
                      "products[0].mass and mass_unit (0 for energy, transport and services)");
    if ((st = set_figures(res, version, per, r, err)) != PCF_OK)
        return st;
    return set_method(res, version, r, err);
}

pcf_status pcf_pact_write(const pcf_result *result, const pcf_pact_options *opts, int version,
                          char **out, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!result || !out || (version != 2 && version != 3))
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "pcf_pact_write: needs a result, an output and version 2 or 3");
    pcf_pact_footprint r;
    pcf_status st = pcf__pact_record_copy(&r, opts ? &opts->rec : NULL);
    if (st != PCF_OK)
        return pcf__error(err, st, "out of memory writing a PACT document");
    st = build(result, opts, version, &r, err);
    char *text = NULL;
    if (st == PCF_OK)
        st = pcf__pact_write(&r, version, 1, &text, err);
    pcf__pact_record_free(&r);
    if (st != PCF_OK)
        return st;
    /* What pcf writes must pass pcf's own validator; a value from the model's "pact" object
     * (an exempted share of 7% in v2.3, say) can still break a rule. */
    pcf_error verr;
    pcf_status vst = pcf_pact_validate(text, NULL, &verr);
    if (vst == PCF_ERR_NOMEM) { /* the check could not run: not a fault of the model */
        free(text);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory checking the PACT document");
    }
    if (vst != PCF_OK) {
        free(text);
        pcf__error(err, PCF_ERR_INVALID_MODEL,
                   "the PACT document would break a rule at %s: %s; fix the model's \"pact\" "
                   "object",
                   verr.path, verr.message);
        pcf__error_where(err, NULL, verr.path, 0, 0);
        return PCF_ERR_INVALID_MODEL;
    }
    *out = text;
    return pcf__ok(err);
}

/* -------------------------------------------------- supplier PCF import ---- */

pcf_status pcf_pact_footprint_supplier_pcf(const pcf_pact_footprint *fp, pcf_supplier_pcf *out,
                                           pcf_error *err)
{
    if (!fp || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_pact_footprint_supplier_pcf: %s is NULL",
                          !fp ? "fp" : "out");
    pcf_supplier_pcf_init(out);
    const char *sym = pcf_pact_footprint_unit_symbol(fp);
    if (!sym)
        return pcf__error(err, PCF_ERR_UNIT, "the supplier's declared unit \"%s\" has no pcf unit",
                          fp->text[PACT_T_DECLARED_UNIT] ? fp->text[PACT_T_DECLARED_UNIT] : "");
    const double *v = fp->val;
    const unsigned char *has = fp->has;
    double per = pcf__pact_per_units(fp);
    double removal = has[PCF_PACT_BIOGENIC_CO2_UPTAKE] ? v[PCF_PACT_BIOGENIC_CO2_UPTAKE] : 0;
    /* The total including biogenic uptake; v3 defines it as excluding + uptake. */
    double total = has[PCF_PACT_PCF_INCLUDING_BIOGENIC]
                       ? v[PCF_PACT_PCF_INCLUDING_BIOGENIC]
                       : v[PCF_PACT_PCF_EXCLUDING_BIOGENIC] + removal;
    double fossil_all = v[PCF_PACT_FOSSIL_GHG_EMISSIONS];
    double dluc = has[PCF_PACT_DLUC_GHG_EMISSIONS] ? v[PCF_PACT_DLUC_GHG_EMISSIONS] : 0;
    double aircraft = has[PCF_PACT_AIRCRAFT_GHG_EMISSIONS] ? v[PCF_PACT_AIRCRAFT_GHG_EMISSIONS] : 0;
    /* What the total holds besides fossil, dLUC and uptake is biogenic emissions (biogenic CO2
     * and CH4, land management); rounding in a supplier's figures can make it slightly negative. */
    double biogenic = total - removal - fossil_all - dluc;
    if (biogenic < 0)
        biogenic = 0;
    if (aircraft > fossil_all)
        aircraft = fossil_all;
    out->declared_unit = sym;
    out->kg_co2e_per_unit = total / per;
    out->biogenic_removal = removal / per;
    out->dluc = dluc / per;
    out->aircraft = aircraft / per;
    out->biogenic = biogenic / per;
    /* fossil (without aircraft) takes the rest, so the split adds up exactly */
    out->primary_data_share =
        has[PCF_PACT_PRIMARY_DATA_SHARE] ? v[PCF_PACT_PRIMARY_DATA_SHARE] / 100 : NAN;
    out->biogenic_carbon =
        has[PCF_PACT_BIOGENIC_CARBON_CONTENT] ? v[PCF_PACT_BIOGENIC_CARBON_CONTENT] / per : NAN;
    out->supplier = fp->text[PACT_T_COMPANY_NAME];
    out->source = fp->source[0] ? fp->source : NULL;
    return pcf__ok(err);
}

pcf_status pcf_pact_add_to_model(const pcf_pact_footprint *fp, pcf_model *model, size_t product,
                                 const char *name, double quantity, const char *unit,
                                 size_t *activity_out, pcf_error *err)
{
    if (activity_out)
        *activity_out = 0;
    if (!fp || !model || !unit)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_pact_add_to_model: an argument is NULL");
    pcf_supplier_pcf s;
    pcf_status st = pcf_pact_footprint_supplier_pcf(fp, &s, err);
    if (st != PCF_OK)
        return st;
    const pcf_unit *cu = NULL, *su = NULL;
    if (pcf_unit_parse(unit, &cu, NULL) == PCF_OK &&
        pcf_unit_parse(s.declared_unit, &su, NULL) == PCF_OK &&
        pcf_unit_dimension(cu) != pcf_unit_dimension(su))
        return pcf__error(err, PCF_ERR_UNIT,
                          "the component's amount is in %s but the supplier's PCF is per %s "
                          "(%s); give the component's amount in a unit of the same kind",
                          unit, fp->text[PACT_T_DECLARED_UNIT], s.declared_unit);
    const char *label = name ? name : fp->text[PACT_T_PRODUCT_NAME_COMPANY];
    return pcf_model_add_purchased_part(model, product, label, quantity, unit, &s, activity_out,
                                        err);
}
