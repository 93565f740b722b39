/*
 * pcf — recycling and end-of-life formulas: the EU PEF Circular Footprint Formula and the
 * cut-off, avoided-burden and 50/50 methods as its special cases (Commission Recommendation (EU)
 * 2021/2279 Annex I, 4.4.8). Pure functions of numbers; resolution (system.c) turns them into term
 * coefficients. Not installed. GPL-3.0-or-later; see LICENSE.
 */
#ifndef PCF_EOL_H
#define PCF_EOL_H

#include "internal.h"

/* The A (or B) factor a method implies; for PCF_RECYCLING_CFF the given value is used. */
double pcf__eol_allocation(pcf_recycling_method method, double given);

/*
 * Material (input) side, per kg of material input (Recommendation (EU) 2021/2279 Annex I, 4.4.8):
 *   (1-R1)·Ev + R1·(A·Erec + (1-A)·Ev·Qsin/Qp)
 * as coefficients on Ev (virgin) and Erec (recycled).
 */
typedef struct pcf__cff_material {
    double virgin;   /* (1-R1) + R1·(1-A)·Qsin/Qp */
    double recycled; /* R1·A */
} pcf__cff_material;
pcf__cff_material pcf__cff_material_coefs(double r1, double a, double q_sin_qp);

/*
 * End-of-life side, per kg treated by a route:
 *   recycling:        (1-A)·(E_recyclingEoL − credit·E*v·Qsout/Qp)
 *   energy recovery:  (1-B)·(E_ER − credit·E_SE)
 *   disposal:         E_D
 * as a coefficient on the treatment factor and one on the credit factor (negative).
 */
typedef struct pcf__cff_route {
    double treatment;
    double credit;
} pcf__cff_route;

typedef enum {
    PCF__ROUTE_RECYCLING = 0,
    PCF__ROUTE_ENERGY_RECOVERY = 1,
    PCF__ROUTE_DISPOSAL = 2
} pcf__route_kind;

pcf__cff_route pcf__cff_route_coefs(pcf__route_kind kind, double a_or_b, double credit_amount,
                                    double q_sout_qp);

/*
 * Energy recovery under cut-off: the waste's producer carries the incineration (E_ER) and gets
 * no credit for the energy, which leaves the system burden-free (the recycled-content / cut-off
 * approach: avoided emissions are not deducted, GHG Protocol Product Standard 2011 ch. 9). Not the
 * CFF with B = 1, which would move the incineration itself to the energy's user.
 */
pcf__cff_route pcf__cutoff_energy_recovery(void);

/*
 * The whole CFF per kg of material (Recommendation (EU) 2021/2279 Annex I, 4.4.8), for tests and
 * documentation: Material + Energy + Disposal with energy credits already combined into e_se_total
 * (LHV·X_heat·E_SE,heat + LHV·X_elec·E_SE,elec).
 */
typedef struct pcf__cff_params {
    double a, b, r1, r2, r3;
    double q_sin_qp, q_sout_qp;
    double ev, erecycled, erecycling_eol, ev_star, eer, e_se_total, ed;
} pcf__cff_params;
double pcf__cff_per_kg(const pcf__cff_params *p);

#endif
