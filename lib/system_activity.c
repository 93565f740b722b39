/*
 * pcf — resolver: activities (materials, processes, direct emissions, transport amounts, and
 * the dispatch to legs and end-of-life routes) and purchased parts with a supplier PCF.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "system_resolve.h"

#include "eol.h"
#include "transport.h"

#include <math.h>
#include <string.h>

/* kg CO2 per kg C: molar masses 44.0095 / 12.011 rounded as PACT and GHG Protocol use them. */
#define PCF__CO2_PER_C (44.0 / 12.0)

/* ---- activities ---- */

static int parse_flow(pcf__res_ctx *c, json_t *act, const char *path)
{
    const char *f = pcf__res_get_str(c, act, "flow", path, 0);
    if (!f)
        return PCF_FLOW_FOSSIL;
    static const struct {
        const char *name;
        int flow;
    } flows[] = {{"fossil", PCF_FLOW_FOSSIL},
                 {"biogenic", PCF_FLOW_BIOGENIC},
                 {"dluc", PCF_FLOW_DLUC},
                 {"aircraft", PCF_FLOW_AIRCRAFT}};
    for (size_t i = 0; i < sizeof flows / sizeof flows[0]; i++)
        if (strcmp(f, flows[i].name) == 0)
            return flows[i].flow;
    char p[PCF_ERROR_PATH_SIZE];
    pcf__res_sub(p, sizeof p, path, "flow");
    ERR(c, PCF_ERR_INVALID_MODEL, p,
        "flow \"%s\" is not one of fossil, biogenic, dluc, aircraft (removals are computed from "
        "biogenic_carbon)",
        f);
    return PCF_FLOW_FOSSIL;
}

/* Activity k of a stage of pf (or its purchased part k: is_part); unit is static text (a unit's
 * symbol or a literal), which the record points at. */
static void new_activity(pcf__res_ctx *c, const pcf__res_product *pf, const char *name, size_t k,
                         int is_part, int stage, int included, double amount, const char *unit,
                         int primary)
{
    if (!c->build)
        return;
    if (!PCF__GROW(c->acts, c->n_acts, c->cap_acts)) {
        c->ds.nomem = 1;
        return;
    }
    pcf__activity_info *a = &c->acts[c->n_acts++];
    memset(a, 0, sizeof *a);
    a->name = pcf__res_keep(c, name);
    a->product = (uint32_t)pf->index;
    a->path_index = (uint32_t)k;
    a->is_part = is_part != 0;
    a->unit = unit ? unit : ""; /* a unit's symbol (static, units.c) or a literal: not copied */
    a->stage = (unsigned)stage & 7u;
    a->included = included != 0;
    a->primary = primary != 0;
    a->amount = amount;
    a->dq = PCF__NO_DQ;
}

/* The pedigree scores of @p u ({"pedigree": [5 or 6 integers 1..5]}) into @p dq; 0 when absent
 * or malformed (get_uncertainty reports that). */
static int pedigree_scores(json_t *u, double dq[5])
{
    json_t *ped = json_object_get(u, "pedigree");
    size_t n = json_array_size(ped);
    if (n != 5 && n != 6)
        return 0;
    for (size_t i = 0; i < 5; i++) {
        json_t *v = json_array_get(ped, i);
        if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 5)
            return 0;
    }
    for (size_t i = 0; i < 5; i++) /* reliability, completeness, temporal, geographical, tech. */
        dq[i] = (double)json_integer_value(json_array_get(ped, i));
    return 1;
}

/* The activity's data-quality scores: the pedigree of its amount, else of its own factor. */
static void activity_dq(pcf__res_ctx *c, json_t *act)
{
    if (!c->build || c->n_acts == 0)
        return;
    json_t *u = pcf__res_member(c, act, "uncertainty"), *f = pcf__res_member(c, act, "factor");
    if (!u && !json_is_object(f))
        return; /* most activities: no scores, and no call to look for them */
    pcf__dq_scores q;
    if (!pedigree_scores(u, q.s) && !pedigree_scores(json_object_get(f, "uncertainty"), q.s))
        return;
    if (c->n_dq >= PCF__NO_DQ || !PCF__GROW(c->dq, c->n_dq, c->cap_dq)) {
        c->ds.nomem = 1;
        return;
    }
    c->dq[c->n_dq] = q;
    c->acts[c->n_acts - 1].dq = (uint32_t)c->n_dq++;
}

/* Time and count multipliers: amount × duration/per × times. NaN when invalid (reported). */
static double time_factor(pcf__res_ctx *c, json_t *act, const char *path,
                          const pcf__res_product *pf)
{
    double f = 1.0;
    double times = 1;
    if (pcf__res_get_num(c, act, "times", PCF__IN_ACTIVITY, path, 0, &times))
        f *= times;
    const pcf_unit *per = pcf__res_get_unit(c, act, "per", path, PCF_DIM_TIME, 0);
    double dur = 0;
    int has_dur = pcf__res_get_num(c, act, "duration", PCF__IN_ACTIVITY, path, 0, &dur);
    const pcf_unit *du = pcf__res_get_unit(c, act, "duration_unit", path, PCF_DIM_TIME, has_dur);
    if (pcf__res_member(c, act, "per") && !per)
        return NAN;
    if (!per) {
        if (has_dur)
            ERR(c, PCF_ERR_INVALID_MODEL, path,
                "\"duration\" needs \"per\": the time unit the amount is given per");
        return f;
    }
    double hours_per = pcf_unit_to_base(per);
    if (has_dur && du)
        return f * dur * pcf_unit_to_base(du) / hours_per;
    if (has_dur)
        return NAN;
    if (isnan(pf->life_h)) {
        ERR(c, PCF_ERR_DATA_MISSING, path,
            "the amount is per %s but there is no \"duration\" here and no \"service_life\" on "
            "product \"%s\"",
            pcf_unit_symbol(per), pf->id);
        return NAN;
    }
    return f * pf->life_h / hours_per;
}

static void material(pcf__res_ctx *c, const pcf__res_act *a, const pcf_unit *u)
{
    json_t *act = a->obj;
    const char *path = a->path;
    double loss = 0, r1 = 0, a_given = NAN, q = 1, carbon = 0;
    pcf__res_get_num(c, act, "loss_rate", PCF__IN_MATERIALS, path, 0, &loss);
    pcf__res_get_num(c, act, "recycled_content", PCF__IN_MATERIALS, path, 0, &r1);
    int has_a = pcf__res_get_num(c, act, "A", PCF__IN_MATERIALS, path, 0, &a_given);
    pcf__res_get_num(c, act, "quality", PCF__IN_MATERIALS, path, 0, &q);
    int has_c = pcf__res_get_num(c, act, "biogenic_carbon", PCF__IN_MATERIALS, path, 0, &carbon);
    if (c->method == PCF_RECYCLING_CFF && r1 > 0 && !has_a)
        ERR(c, PCF_ERR_DATA_MISSING, path,
            "recycling method cff needs \"A\" (the allocation factor, 0..1) on a material with "
            "recycled_content > 0");
    if (has_a && c->method != PCF_RECYCLING_CFF)
        WARN(c, path, "\"A\" is used only with recycling_method cff; %s implies A = %s",
             pcf_recycling_method_name(c->method),
             c->method == PCF_RECYCLING_CUT_OFF          ? "1"
             : c->method == PCF_RECYCLING_AVOIDED_BURDEN ? "0"
                                                         : "0.5");
    /* CFF material term (Recommendation (EU) 2021/2279 Annex I, 4.4.8): (1-R1)·Ev + R1·(A·Erec +
     * (1-A)·Ev·Qsin/Qp) */
    double alloc = pcf__eol_allocation(c->method, has_a ? a_given : 1.0);
    pcf__cff_material mc = pcf__cff_material_coefs(r1, alloc, q);
    int needs_recycled = mc.recycled > 0;
    if (needs_recycled && !pcf__res_member(c, act, "recycled_factor"))
        ERR(c, PCF_ERR_DATA_MISSING, path,
            "recycled_content > 0 needs \"recycled_factor\", the factor of the recycled material");
    if (has_c && u && pcf_unit_dimension(u) != PCF_DIM_MASS) {
        char p[PCF_ERROR_PATH_SIZE];
        pcf__res_sub(p, sizeof p, path, "biogenic_carbon");
        ERR(c, PCF_ERR_UNIT, p,
            "biogenic_carbon is kg C per kg, so the amount must be a mass, not %s",
            pcf_unit_symbol(u));
        has_c = 0;
    }
    pcf_dimension dim = u ? pcf_unit_dimension(u) : PCF_DIM_NONE;
    double prim_v = a->prim, prim_r = a->prim;
    if (!pcf__res_member(c, act, "factor"))
        ERR(c, PCF_ERR_INVALID_MODEL, path, "\"factor\" (or \"gas\") is required here");
    uint32_t fv = pcf__res_resolve_slot(c, act, "factor", path, dim, a->prim, &prim_v);
    uint32_t fr = UINT32_MAX;
    if (pcf__res_member(c, act, "recycled_factor"))
        fr = pcf__res_resolve_slot(c, act, "recycled_factor", path, dim, a->prim, &prim_r);
    if (!a->emit || !u)
        return;
    /* process loss: the input needed is amount / (1 - loss rate) */
    double input = a->mult / (1.0 - loss);
    if (fv != UINT32_MAX && (mc.virgin > 0 || r1 == 0)) {
        double k = pcf__res_to_factor_unit(c, u, fv, path, "factor");
        if (!isnan(k))
            pcf__res_add_term(c, input * mc.virgin * k, a->ap, fv, PCF__STAGE_MATERIALS, a->flow,
                              r1 > 0 ? "virgin" : "activity", prim_v, 0, 0);
    }
    if (fr != UINT32_MAX && needs_recycled) {
        double k = pcf__res_to_factor_unit(c, u, fr, path, "recycled_factor");
        if (!isnan(k))
            pcf__res_add_term(c, input * mc.recycled * k, a->ap, fr, PCF__STAGE_MATERIALS, a->flow,
                              "recycled", prim_r, 0, 0);
    }
    if (has_c && carbon > 0) {
        /* carbon in the product (net amount): uptake -C·44/12 kg CO2 (ISO 14067 §6.4.9.2, PACT
         * biogenicCO2Uptake); released at end of life when the boundary includes it */
        double kg = a->mult * pcf_unit_to_base(u);
        uint32_t cf = pcf__res_carbon_factor(c);
        if (cf == UINT32_MAX)
            return;
        pcf__res_add_term(c, -kg * carbon * PCF__CO2_PER_C, a->ap, cf, PCF__STAGE_MATERIALS,
                          PCF_FLOW_BIOGENIC_REMOVAL, "biogenic uptake", a->prim, 0, 0);
        c->d->biogenic_carbon_kg += kg * carbon * c->params[a->ap].value;
        if (c->boundary == PCF_BOUNDARY_CRADLE_TO_GRAVE)
            pcf__res_add_term(c, kg * carbon * PCF__CO2_PER_C, a->ap, cf, PCF__STAGE_END_OF_LIFE,
                              PCF_FLOW_BIOGENIC, "biogenic release", a->prim, 0, 0);
    }
}

/* The mode of a transport activity; air turns a fossil flow into aircraft emissions. */
static int transport_mode(pcf__res_ctx *c, json_t *act, const char *path, int flow)
{
    const char *mode = pcf__res_get_str(c, act, "mode", path, 0);
    const pcf__model_key *k = pcf__model_key_find("mode", PCF__IN_TRANSPORT);
    if (mode && !pcf__model_key_value_ok(k, mode)) {
        char p[PCF_ERROR_PATH_SIZE], values[256];
        pcf__res_sub(p, sizeof p, path, "mode");
        ERR(c, PCF_ERR_INVALID_MODEL, p, "mode \"%s\" is not one of %s", mode,
            pcf__model_key_values_text(k, values, sizeof values));
    }
    if (pcf__transport_is_air(mode) && flow == PCF_FLOW_FOSSIL)
        flow = PCF_FLOW_AIRCRAFT; /* PACT aircraftGhgEmissions, reported apart */
    return flow;
}

/* The amount parameter of an activity: amount, distance (legs) or share (routes). */
typedef struct amount_read {
    double value, route_kg;
    const pcf_unit *u;
    const char *unit_text;
    int ok;
} amount_read;

static amount_read read_amount(pcf__res_ctx *c, const pcf__res_product *pf, json_t *act,
                               const char *path, int is_leg, const char *route,
                               double *eol_share_sum, int *eol_shares)
{
    double value = 0, route_kg = 1.0;
    const pcf_unit *u = NULL;
    const char *unit_text = NULL;
    int ok_amount = 0;
    if (is_leg) {
        ok_amount = pcf__res_get_num(c, act, "distance", PCF__IN_TRANSPORT, path, 1, &value);
        u = pcf__res_get_unit(c, act, "distance_unit", path, PCF_DIM_LENGTH, 1);
        unit_text = u ? pcf_unit_symbol(u) : NULL;
        if (pcf__res_member(c, act, "amount"))
            ERR(c, PCF_ERR_INVALID_MODEL, path,
                "give a leg either \"distance\" (and mass) or \"amount\" in t·km, not both");
    } else if (route && pcf__res_member(c, act, "share")) {
        ok_amount = pcf__res_get_num(c, act, "share", PCF__IN_END_OF_LIFE, path, 1, &value);
        if (ok_amount) {
            *eol_share_sum += value;
            *eol_shares += 1;
        }
        if (pcf__res_member(c, act, "amount"))
            ERR(c, PCF_ERR_INVALID_MODEL, path,
                "give a route either \"share\" of the product mass or \"amount\", not both");
        if (isnan(pf->mass_kg)) {
            ERR(c, PCF_ERR_DATA_MISSING, path,
                "a route given as \"share\" needs the \"mass\" of product \"%s\"",
                pf->id ? pf->id : "");
            ok_amount = 0;
        }
        route_kg = pf->mass_kg;
        unit_text = "share of mass";
    } else {
        ok_amount = pcf__res_get_num(c, act, "amount", PCF__IN_ACTIVITY, path, 1, &value);
        u = pcf__res_get_unit(c, act, "unit", path, route ? PCF_DIM_MASS : PCF_DIM_NONE, 1);
        unit_text = u ? pcf_unit_symbol(u) : NULL;
        if (route && u)
            route_kg = pcf_unit_to_base(u);
    }
    amount_read r = {value, route_kg, u, unit_text, ok_amount};
    return r;
}

/* A direct emission of a gas: the amount is a mass of it. */
static void direct_emission(pcf__res_ctx *c, const pcf__res_act *a, const pcf_unit *u,
                            const char *gas_name, pcf_gas gas)
{
    const char *path = a->path;
    if (u && pcf_unit_dimension(u) != PCF_DIM_MASS) {
        char p[PCF_ERROR_PATH_SIZE];
        pcf__res_sub(p, sizeof p, path, "unit");
        ERR(c, PCF_ERR_UNIT, p, "a direct emission of %s is a mass; \"%s\" is a unit of %s",
            gas_name, pcf_unit_symbol(u), pcf_dimension_name(pcf_unit_dimension(u)));
    } else if (a->emit && u) {
        uint32_t gf = pcf__res_gwp_factor(c, gas);
        if (gf != UINT32_MAX)
            pcf__res_add_term(c, a->mult * pcf_unit_to_base(u), a->ap, gf, a->stage,
                              pcf_gas_is_biogenic(gas) ? PCF_FLOW_BIOGENIC : a->flow,
                              "direct emission", a->prim, 0, 0);
    }
}

/*
 * An activity with its own amount; in the transport stage that amount is the transport activity
 * itself (t·km), whose factor may be TTW with a WTT factor beside it.
 */
static void own_amount(pcf__res_ctx *c, const pcf__res_act *a, const pcf_unit *u)
{
    json_t *act = a->obj;
    const char *path = a->path;
    int stage = a->stage;
    pcf_dimension udim = u ? pcf_unit_dimension(u) : PCF_DIM_NONE;
    int transport = stage == PCF_STAGE_TRANSPORT;
    int ttw = transport ? pcf__res_transport_scope(c, act, path) : 0;
    const char *slots[2] = {"factor", "wtt_factor"};
    for (int i = 0; i < (transport ? 2 : 1); i++) {
        double prim = a->prim;
        uint32_t fi = pcf__res_resolve_slot(c, act, slots[i], path, udim, a->prim, &prim);
        if (!a->emit || fi == UINT32_MAX || !u)
            continue;
        double k = pcf__res_to_factor_unit(c, u, fi, path, slots[i]);
        if (isnan(k))
            continue;
        const char *role = !transport ? "activity" : i == 1 ? "wtt" : ttw ? "ttw" : "wtw";
        pcf__res_add_term(c, a->mult * k, a->ap, fi, stage, a->flow, role, prim, 0, i == 0 && ttw);
    }
}

static void activity(pcf__res_ctx *c, const pcf__res_product *pf, int stage, json_t *act,
                     const char *path, size_t k, double *eol_share_sum, int *eol_shares)
{
    if (!json_is_object(act)) {
        ERR(c, PCF_ERR_INVALID_MODEL, path, "an activity must be a JSON object");
        return;
    }
    pcf__res_check_keys(c, act, path, PCF__IN_STAGE(stage));
    const char *name = pcf__res_get_str(c, act, "name", path, 1);
    int included = !(c->boundary == PCF_BOUNDARY_CRADLE_TO_GATE &&
                     (stage == PCF_STAGE_USE || stage == PCF_STAGE_END_OF_LIFE));
    int flow = parse_flow(c, act, path);
    json_t *prim_v = pcf__res_member(c, act, "primary");
    if (prim_v && !json_is_boolean(prim_v)) {
        char p[PCF_ERROR_PATH_SIZE];
        pcf__res_sub(p, sizeof p, path, "primary");
        ERR(c, PCF_ERR_INVALID_MODEL, p, "\"primary\" must be true or false");
    }
    const char *route =
        stage == PCF_STAGE_END_OF_LIFE ? pcf__res_get_str(c, act, "route", path, 0) : NULL;
    int is_leg = stage == PCF_STAGE_TRANSPORT && pcf__res_member(c, act, "distance");
    const char *gas_name = pcf__res_get_str(c, act, "gas", path, 0);
    pcf_gas gas = PCF_GAS_CO2_FOSSIL;
    if (gas_name) {
        pcf_error e;
        if (pcf_gas_parse(gas_name, &gas, &e) != PCF_OK) {
            char p[PCF_ERROR_PATH_SIZE];
            pcf__res_sub(p, sizeof p, path, "gas");
            ERR(c, PCF_ERR_NOT_FOUND, p, "%s", e.message);
            gas_name = NULL;
        } else if (pcf__res_member(c, act, "factor")) {
            ERR(c, PCF_ERR_INVALID_MODEL, path,
                "give either \"gas\" (a direct emission) or \"factor\", not both");
        }
        if (route || is_leg)
            ERR(c, PCF_ERR_INVALID_MODEL, path,
                "a transport leg or an end-of-life route cannot be a direct gas emission");
    }
    if (stage == PCF_STAGE_TRANSPORT)
        flow = transport_mode(c, act, path, flow);

    amount_read am = read_amount(c, pf, act, path, is_leg, route, eol_share_sum, eol_shares);
    double value = am.value;
    const pcf_unit *u = am.u;
    pcf_dist dist;
    double dp[3];
    pcf__res_get_uncertainty(c, act, path, value, &dist, dp);
    double tf = time_factor(c, act, path, pf);

    int prim = json_is_true(prim_v);
    new_activity(c, pf, name ? name : "", k, 0, stage, included, value, am.unit_text, prim);
    activity_dq(c, act);
    pcf__res_act a = {.pf = pf,
                      .obj = act,
                      .path = path,
                      .stage = stage,
                      .flow = flow,
                      .prim = prim ? 1.0 : 0.0,
                      .ap = PCF__NO_PARAM,
                      .mult = pf->mult * (stage == PCF_STAGE_PRODUCTION ? pf->alloc : 1.0) * tf,
                      .emit = 0};
    if (c->build && am.ok) {
        a.ap = pcf__res_add_param(c, value, dist, dp, PCF__PARAM_AMOUNT, (uint32_t)(c->n_acts - 1));
        if (a.ap == PCF__NO_PARAM)
            return;
    }
    /* an excluded stage is checked but not looked up */
    int saved = c->build;
    c->build = saved && included;
    a.emit = c->build && a.ap != PCF__NO_PARAM && !isnan(tf);

    if (route) {
        pcf__res_eol_route(c, &a, a.mult * am.route_kg, route);
    } else if (is_leg) {
        pcf__res_leg(c, &a, u);
    } else if (stage == PCF_STAGE_MATERIALS && !gas_name) {
        material(c, &a, u);
    } else if (gas_name) {
        direct_emission(c, &a, u, gas_name, gas);
    } else if (!pcf__res_member(c, act, "factor")) {
        ERR(c, PCF_ERR_INVALID_MODEL, path, "\"factor\" (or \"gas\") is required here");
    } else {
        own_amount(c, &a, u);
    }
    c->build = saved;
}

void pcf__res_activity(pcf__res_ctx *c, const pcf__res_product *pf, int stage, json_t *act,
                       const char *path, size_t k, double *eol_share_sum, int *eol_shares)
{
    activity(c, pf, stage, act, path, k, eol_share_sum, eol_shares);
    pcf__res_scan_end(c); /* the walk may free the activity now */
}

/* A part's biogenic carbon released at end of life while its supplier PCF (at sp) gives no
 * uptake: counting the release without the uptake it returns would add C × 44/12 that the
 * supplier's figure never took out (ISO 14067 6.4.9.2 counts both, or neither). */
static void warn_release_without_uptake(pcf__res_ctx *c, const char *sp, double carbon,
                                        const pcf_unit *du, int removal_given)
{
    char cp[PCF_ERROR_PATH_SIZE];
    pcf__numbuf b1, b2;
    pcf__res_sub(cp, sizeof cp, sp, "biogenic_carbon");
    WARN(c, cp,
         "the part's %s kg biogenic carbon per %s is released at end of life as %s kg "
         "CO2, but its supplier PCF gives no uptake (biogenic_removal %s): the release "
         "is counted without the removal it balances; give biogenic_removal (PACT "
         "biogenicCO2Uptake, v2 biogenicCarbonWithdrawal) unless the uptake belongs to "
         "another product's life cycle",
         pcf__num(&b1, carbon), du ? pcf_unit_symbol(du) : "declared unit",
         pcf__num(&b2, carbon * PCF__CO2_PER_C), removal_given ? "is 0" : "is not given");
}

/* A purchased part with its supplier's PCF. */
void pcf__res_purchased(pcf__res_ctx *c, const pcf__res_product *pf, json_t *comp, const char *path,
                        size_t index)
{
    pcf__res_check_keys(c, comp, path, PCF__IN_PART);
    const char *name = pcf__res_get_str(c, comp, "name", path, 1);
    double qty = 0;
    int ok = pcf__res_get_num(c, comp, "quantity", PCF__IN_PART, path, 1, &qty);
    const pcf_unit *u = pcf__res_get_unit(c, comp, "unit", path, PCF_DIM_NONE, 1);
    char sp[PCF_ERROR_PATH_SIZE];
    pcf__res_sub(sp, sizeof sp, path, "supplier_pcf");
    json_t *s = json_object_get(comp, "supplier_pcf");
    if (!json_is_object(s)) {
        ERR(c, PCF_ERR_INVALID_MODEL, sp, "\"supplier_pcf\" must be an object");
        return;
    }
    pcf__res_check_keys(c, s, sp, PCF__IN_SUPPLIER_PCF);
    double total = 0;
    int ok_total = pcf__res_get_num(c, s, "kg_co2e", PCF__IN_SUPPLIER_PCF, sp, 1, &total);
    const pcf_unit *du = pcf__res_get_unit(c, s, "declared_unit", sp, PCF_DIM_NONE, 1);
    struct {
        const char *key;
        int flow;
        double v;
        int given;
    } parts[] = {{"fossil", PCF_FLOW_FOSSIL, 0, 0},
                 {"biogenic", PCF_FLOW_BIOGENIC, 0, 0},
                 {"biogenic_removal", PCF_FLOW_BIOGENIC_REMOVAL, 0, 0},
                 {"dluc", PCF_FLOW_DLUC, 0, 0},
                 {"aircraft", PCF_FLOW_AIRCRAFT, 0, 0}};
    double sum_given = 0;
    int any = 0;
    for (size_t i = 0; i < 5; i++) {
        parts[i].given =
            pcf__res_get_num(c, s, parts[i].key, PCF__IN_SUPPLIER_PCF, sp, 0, &parts[i].v);
        if (parts[i].given) {
            sum_given += parts[i].v;
            any = 1;
        }
    }
    double share = 1;
    pcf__res_get_num(c, s, "primary_data_share", PCF__IN_SUPPLIER_PCF, sp, 0, &share);
    double carbon = 0; /* kg C per declared unit of the part (PACT biogenicCarbonContent) */
    int has_c = pcf__res_get_num(c, s, "biogenic_carbon", PCF__IN_SUPPLIER_PCF, sp, 0, &carbon);
    if (ok_total) {
        pcf__numbuf b1, b2;
        if (!parts[0].given) {
            parts[0].v = total - sum_given;
            parts[0].given = 1;
            if (parts[0].v < -1e-9 * fabs(total) - 1e-12)
                ERR(c, PCF_ERR_INVALID_MODEL, sp,
                    "the given parts add up to %s, more than kg_co2e %s: fossil would be negative",
                    pcf__num(&b1, sum_given), pcf__num(&b2, total));
        } else if (any && fabs(sum_given - total) > 1e-6 * fabs(total) + 1e-12) {
            ERR(c, PCF_ERR_INVALID_MODEL, sp,
                "fossil + biogenic + biogenic_removal + dluc + aircraft = %s but kg_co2e is %s; "
                "the parts must add up to the total",
                pcf__num(&b1, sum_given), pcf__num(&b2, total));
        }
    }
    double k = (u && du) ? pcf__res_conv(u, du) : NAN;
    if (u && du && isnan(k)) {
        char up[PCF_ERROR_PATH_SIZE];
        pcf__res_sub(up, sizeof up, path, "unit");
        ERR(c, PCF_ERR_UNIT, up,
            "the part is counted in %s (%s) but its supplier PCF is per %s (%s)",
            pcf_unit_symbol(u), pcf_dimension_name(pcf_unit_dimension(u)), pcf_unit_symbol(du),
            pcf_dimension_name(pcf_unit_dimension(du)));
    }
    if (has_c && carbon > 0 && c->boundary == PCF_BOUNDARY_CRADLE_TO_GRAVE && !(parts[2].v < 0))
        warn_release_without_uptake(c, sp, carbon, du, parts[2].given);
    new_activity(c, pf, name ? name : "", index, 1, PCF_STAGE_MATERIALS, 1, qty,
                 u ? pcf_unit_symbol(u) : "", share > 0);
    if (!c->build || !ok || !ok_total || isnan(k))
        return;
    uint32_t ap = pcf__res_add_param(c, qty, PCF_DIST_FIXED, NULL, PCF__PARAM_AMOUNT,
                                     (uint32_t)(c->n_acts - 1));
    if (ap == PCF__NO_PARAM)
        return;
    const char *supplier = pcf__res_get_str(c, s, "supplier", sp, 0);
    const char *source = pcf__res_get_str(c, s, "source", sp, 0);
    static const char *const roles[] = {"supplier pcf fossil", "supplier pcf biogenic",
                                        "supplier pcf biogenic removal", "supplier pcf dluc",
                                        "supplier pcf aircraft"};
    for (size_t i = 0; i < 5; i++) {
        if (!parts[i].given || (parts[i].v == 0 && i > 0))
            continue;
        char nm[256];
        pcf__res_fmt(nm, sizeof nm, "%s%s%s (%s)", name ? name : "", supplier ? ", " : "",
                     supplier ? supplier : "", parts[i].key);
        pcf__res_factor_spec f = {.origin = PCF_ORIGIN_SUPPLIER_PCF,
                                  .code = source ? source : "",
                                  .name = nm,
                                  .unit = pcf_unit_symbol(du),
                                  .dataset = "supplier PCF",
                                  .value = parts[i].v};
        uint32_t fi = pcf__res_add_factor(c, NULL, &f);
        if (fi == UINT32_MAX)
            return;
        pcf__res_add_term(c, pf->mult * k, ap, fi, PCF__STAGE_MATERIALS, parts[i].flow, roles[i],
                          share, 0, 0);
    }
    if (has_c && carbon > 0) {
        /* The part's biogenic carbon: its uptake is in the supplier's figure (biogenic_removal);
         * like a material's carbon it counts in the product's content and its CO2 is released
         * at end of life when the boundary includes it (ISO 14067 6.4.9.2). */
        uint32_t cf = pcf__res_carbon_factor(c);
        if (cf == UINT32_MAX)
            return;
        c->d->biogenic_carbon_kg += pf->mult * k * carbon * qty;
        if (c->boundary == PCF_BOUNDARY_CRADLE_TO_GRAVE)
            pcf__res_add_term(c, pf->mult * k * carbon * PCF__CO2_PER_C, ap, cf,
                              PCF__STAGE_END_OF_LIFE, PCF_FLOW_BIOGENIC, "biogenic release", 0, 0,
                              0);
    }
}
