/*
 * pcf — recycling and end-of-life formulas (Circular Footprint Formula, Commission Recommendation
 * (EU) 2021/2279 Annex I, 4.4.8). GPL-3.0-or-later.
 *
 * The Circular Footprint Formula (Zampori & Pant 2019, Eq. 3; Commission Recommendation (EU)
 * 2021/2279) per unit of material:
 *
 *   Material = (1-R1)·Ev + R1·(A·Erecycled + (1-A)·Ev·Qsin/Qp)
 *              + (1-A)·R2·(ErecyclingEoL − E*v·Qsout/Qp)
 *   Energy   = (1-B)·R3·(EER − LHV·XER,heat·ESE,heat − LHV·XER,elec·ESE,elec)
 *   Disposal = (1-R2-R3)·ED
 *
 * Avoided burden and 50/50 are the special cases A = B = 0 and 0.5; cut-off is A = 1 on the
 * material side and at recycling (derived here from the formula, not quoted from the methods'
 * own texts), while energy recovery under cut-off keeps its burden and drops its credit
 * (pcf__cutoff_energy_recovery()).
 */
#include "eol.h"

#include "system_resolve.h"

#include <math.h>
#include <string.h>

double pcf__eol_allocation(pcf_recycling_method method, double given)
{
    switch (method) {
    case PCF_RECYCLING_CUT_OFF:
        return 1.0;
    case PCF_RECYCLING_AVOIDED_BURDEN:
        return 0.0;
    case PCF_RECYCLING_FIFTY_FIFTY:
        return 0.5;
    case PCF_RECYCLING_CFF:
        return given;
    }
    return given;
}

pcf__cff_material pcf__cff_material_coefs(double r1, double a, double q_sin_qp)
{
    pcf__cff_material c;
    c.virgin = (1.0 - r1) + r1 * (1.0 - a) * q_sin_qp;
    c.recycled = r1 * a;
    return c;
}

pcf__cff_route pcf__cff_route_coefs(pcf__route_kind kind, double a_or_b, double credit_amount,
                                    double q_sout_qp)
{
    pcf__cff_route c = {1.0, 0.0};
    switch (kind) {
    case PCF__ROUTE_RECYCLING:
        c.treatment = 1.0 - a_or_b;
        c.credit = -(1.0 - a_or_b) * credit_amount * q_sout_qp;
        break;
    case PCF__ROUTE_ENERGY_RECOVERY:
        c.treatment = 1.0 - a_or_b;
        c.credit = -(1.0 - a_or_b) * credit_amount;
        break;
    case PCF__ROUTE_DISPOSAL:
        break;
    }
    return c;
}

pcf__cff_route pcf__cutoff_energy_recovery(void)
{
    pcf__cff_route c = {1.0, 0.0};
    return c;
}

double pcf__cff_per_kg(const pcf__cff_params *p)
{
    pcf__cff_material m = pcf__cff_material_coefs(p->r1, p->a, p->q_sin_qp);
    double material = m.virgin * p->ev + m.recycled * p->erecycled +
                      (1.0 - p->a) * p->r2 * (p->erecycling_eol - p->ev_star * p->q_sout_qp);
    double energy = (1.0 - p->b) * p->r3 * (p->eer - p->e_se_total);
    double disposal = (1.0 - p->r2 - p->r3) * p->ed;
    return material + energy + disposal;
}

/* ---- end-of-life routes in the resolver (system_resolve.h) ---- */

static int route_kind(const char *route)
{
    if (strcmp(route, "recycling") == 0)
        return PCF__ROUTE_RECYCLING;
    if (strcmp(route, "energy_recovery") == 0)
        return PCF__ROUTE_ENERGY_RECOVERY;
    if (strcmp(route, "incineration") == 0 || strcmp(route, "landfill") == 0 ||
        strcmp(route, "other") == 0)
        return PCF__ROUTE_DISPOSAL;
    return -1;
}

/* An end-of-life route; kg_per_amount converts the amount parameter to kg treated. */
void pcf__res_eol_route(pcf__res_ctx *c, const pcf__res_act *a, double kg_per_amount,
                        const char *route)
{
    json_t *act = a->obj;
    const char *path = a->path;
    int kind = route_kind(route);
    if (kind < 0) {
        char p[PCF_ERROR_PATH_SIZE];
        pcf__res_sub(p, sizeof p, path, "route");
        ERR(c, PCF_ERR_INVALID_MODEL, p,
            "route \"%s\" is not one of recycling, energy_recovery, incineration, landfill, other",
            route);
        return;
    }
    double a_given = NAN, b_given = NAN, q = 1, credit_amount = 1;
    int has_a = pcf__res_get_num(c, act, "A", PCF__IN_END_OF_LIFE, path, 0, &a_given);
    int has_b = pcf__res_get_num(c, act, "B", PCF__IN_END_OF_LIFE, path, 0, &b_given);
    pcf__res_get_num(c, act, "quality", PCF__IN_END_OF_LIFE, path, 0, &q);
    pcf__res_get_num(c, act, "credit_amount", PCF__IN_END_OF_LIFE, path, 0, &credit_amount);
    const pcf_unit *cu = pcf__res_member(c, act, "credit_unit")
                             ? pcf__res_get_unit(c, act, "credit_unit", path, PCF_DIM_NONE, 0)
                             : pcf__res_unit_of("kg");
    double ab = 1;
    if (kind == PCF__ROUTE_RECYCLING) {
        if (c->method == PCF_RECYCLING_CFF && !has_a)
            ERR(c, PCF_ERR_DATA_MISSING, path,
                "recycling method cff needs \"A\" (0..1) on a recycling route");
        ab = pcf__eol_allocation(c->method, has_a ? a_given : 1.0);
    } else if (kind == PCF__ROUTE_ENERGY_RECOVERY) {
        ab = pcf__eol_allocation(c->method, has_b ? b_given : 0.0); /* PEF's default B is 0 */
    }
    pcf__cff_route rc = pcf__cff_route_coefs((pcf__route_kind)kind, ab, credit_amount, q);
    if (kind == PCF__ROUTE_ENERGY_RECOVERY && c->method == PCF_RECYCLING_CUT_OFF)
        rc = pcf__cutoff_energy_recovery();
    if (kind == PCF__ROUTE_DISPOSAL && !pcf__res_member(c, act, "factor"))
        ERR(c, PCF_ERR_INVALID_MODEL, path, "a %s route needs \"factor\" (the disposal burden)",
            route);
    double pt = a->prim, pc = a->prim;
    uint32_t ft = UINT32_MAX, fc = UINT32_MAX;
    /* look a factor up only when it counts; otherwise check its shape */
    int saved = c->build;
    if (pcf__res_member(c, act, "factor")) {
        c->build = saved && rc.treatment != 0;
        ft = pcf__res_resolve_slot(c, act, "factor", path, PCF_DIM_MASS, a->prim, &pt);
        c->build = saved;
    }
    if (pcf__res_member(c, act, "credit_factor")) {
        c->build = saved && rc.credit != 0;
        fc = pcf__res_resolve_slot(c, act, "credit_factor", path,
                                   cu ? pcf_unit_dimension(cu) : PCF_DIM_NONE, a->prim, &pc);
        c->build = saved;
    }
    if (kind != PCF__ROUTE_DISPOSAL && rc.treatment == 0 && rc.credit == 0 && c->build)
        NOTE(c, path,
             "%s: the %s route carries neither burden nor credit (they go to the user of the "
             "recovered material or energy)",
             pcf_recycling_method_name(c->method), route);
    if (!a->emit)
        return;
    if (ft != UINT32_MAX) {
        double k = pcf__res_to_factor_unit(c, pcf__res_unit_of("kg"), ft, path, "factor");
        if (!isnan(k))
            pcf__res_add_term(c, kg_per_amount * rc.treatment * k, a->ap, ft,
                              PCF__STAGE_END_OF_LIFE, a->flow, "treatment", pt, 0, 0);
    }
    if (fc != UINT32_MAX && cu) {
        double k = pcf__res_to_factor_unit(c, cu, fc, path, "credit_factor");
        if (!isnan(k))
            pcf__res_add_term(c, kg_per_amount * rc.credit * k, a->ap, fc, PCF__STAGE_END_OF_LIFE,
                              a->flow, "credit", pc, 1, 0);
    }
}
