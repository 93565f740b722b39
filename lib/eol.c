/*
 * pcf — recycling and end-of-life formulas (../shared/standards.md §3). GPL-3.0-or-later.
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
 * material side and at recycling (standards.md §3.3: derived there, not quoted from the methods'
 * own texts), while energy recovery under cut-off keeps its burden and drops its credit
 * (pcf__cutoff_energy_recovery()).
 */
#include "eol.h"

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
