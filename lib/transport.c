/*
 * pcf — transport legs per ISO 14083:2023 / GLEC v3. The GLEC and
 * ISO equations were not readable; these follow from the iLEAP definitions of transportActivity,
 * loadFactor and emptyDistanceFactor quoted there. GPL-3.0-or-later; see LICENSE.
 */
#include "transport.h"

#include "system_resolve.h"

#include <math.h>
#include <string.h>

double pcf__transport_tkm(double distance_km, double mass_kg)
{
    return distance_km * mass_kg / 1000.0;
}

double pcf__transport_vkm(double distance_km, double mass_t, double payload_t, double load_factor,
                          double empty_running)
{
    return distance_km / (1.0 - empty_running) * mass_t / (payload_t * load_factor);
}

int pcf__transport_is_air(const char *mode)
{
    return mode && strcmp(mode, "air") == 0;
}

/* ---- legs and factor scope in the resolver (system_resolve.h) ---- */

/*
 * factor_scope and wtt_factor of a transport activity, whether a leg (distance × mass) or an
 * amount of t·km: checks them, marks the activity as transport so its TTW part is reported, and
 * returns 1 when "factor" is tank-to-wheel (ISO 14083 reports WTW with the TTW part apart).
 */
int pcf__res_transport_scope(pcf__res_ctx *c, json_t *act, const char *path)
{
    const char *scope = pcf__res_get_str(c, act, "factor_scope", path, 0);
    int ttw = scope && strcmp(scope, "ttw") == 0;
    if (scope && !ttw && strcmp(scope, "wtw") != 0) {
        char p[PCF_ERROR_PATH_SIZE];
        pcf__res_sub(p, sizeof p, path, "factor_scope");
        ERR(c, PCF_ERR_INVALID_MODEL, p, "factor_scope must be \"wtw\" or \"ttw\"");
    }
    if (pcf__res_member(c, act, "wtt_factor") && !ttw)
        ERR(c, PCF_ERR_INVALID_MODEL, path,
            "\"wtt_factor\" is added to a tank-to-wheel factor: set \"factor_scope\": \"ttw\"");
    if (ttw && !pcf__res_member(c, act, "wtt_factor"))
        WARN(c, path,
             "this leg is tank-to-wheel only: add \"wtt_factor\" for well-to-wheel "
             "emissions (ISO 14083 asks for WTW)");
    if (c->build && c->n_acts) {
        c->acts[c->n_acts - 1].is_leg = 1;
        c->acts[c->n_acts - 1].ttw_known = ttw != 0;
    }
    return ttw;
}

/* A transport leg: the amount parameter is the distance in du. */
void pcf__res_leg(pcf__res_ctx *c, const pcf__res_act *a, const pcf_unit *du)
{
    json_t *act = a->obj;
    const char *path = a->path;
    double mass = 0;
    int has_mass = pcf__res_get_num(c, act, "mass", PCF__IN_TRANSPORT, path, 0, &mass);
    const pcf_unit *mu = pcf__res_get_unit(c, act, "mass_unit", path, PCF_DIM_MASS, has_mass);
    double mass_kg = NAN;
    if (has_mass && mu) {
        mass_kg = mass * pcf_unit_to_base(mu);
    } else if (!has_mass && !pcf__res_member(c, act, "mass")) {
        mass_kg = a->pf->mass_kg;
        if (isnan(mass_kg))
            ERR(c, PCF_ERR_DATA_MISSING, path,
                "the leg gives no \"mass\" and product \"%s\" has no \"mass\" to default to",
                a->pf->id);
    }
    double payload = 0, lf = 1, empty = 0;
    int per_vehicle = pcf__res_get_num(c, act, "payload", PCF__IN_TRANSPORT, path, 0, &payload);
    const pcf_unit *pu = pcf__res_get_unit(c, act, "payload_unit", path, PCF_DIM_MASS, per_vehicle);
    int has_lf = pcf__res_get_num(c, act, "load_factor", PCF__IN_TRANSPORT, path, 0, &lf);
    int has_e = pcf__res_get_num(c, act, "empty_running", PCF__IN_TRANSPORT, path, 0, &empty);
    if ((has_lf || has_e) && !per_vehicle)
        WARN(c, path,
             "load_factor and empty_running apply only to per-vehicle-km factors, "
             "which need \"payload\"; they are ignored for a per-t·km factor");
    int ttw = pcf__res_transport_scope(c, act, path);
    pcf_dimension dim = per_vehicle ? PCF_DIM_VEHICLE_DISTANCE : PCF_DIM_FREIGHT;
    double prims[2] = {a->prim, a->prim};
    if (!pcf__res_member(c, act, "factor"))
        ERR(c, PCF_ERR_INVALID_MODEL, path, "\"factor\" is required here");
    uint32_t fs[2] = {pcf__res_resolve_slot(c, act, "factor", path, dim, a->prim, &prims[0]),
                      UINT32_MAX};
    if (pcf__res_member(c, act, "wtt_factor"))
        fs[1] = pcf__res_resolve_slot(c, act, "wtt_factor", path, dim, a->prim, &prims[1]);
    if (!a->emit || isnan(mass_kg) || !du)
        return;
    double km = a->mult * pcf_unit_to_base(du); /* km per unit of the distance parameter */
    const char *slots[2] = {"factor", "wtt_factor"};
    for (int i = 0; i < 2; i++) {
        if (fs[i] == UINT32_MAX)
            continue;
        const pcf_unit *fu = c->finfo[fs[i]].per;
        pcf_dimension fd = pcf_unit_dimension(fu);
        double coef;
        if (fd == PCF_DIM_FREIGHT) {
            /* ISO 14083 transport activity: t·km = distance × mass */
            coef = pcf__transport_tkm(km, mass_kg) / pcf_unit_to_base(fu);
        } else if ((fd == PCF_DIM_VEHICLE_DISTANCE || fd == PCF_DIM_LENGTH) && per_vehicle && pu) {
            coef = pcf__transport_vkm(km, mass_kg / 1000.0, payload * pcf_unit_to_base(pu) / 1000.0,
                                      lf, empty) /
                   pcf_unit_to_base(fu);
        } else {
            char p[PCF_ERROR_PATH_SIZE];
            pcf__res_sub(p, sizeof p, path, slots[i]);
            ERR(c, PCF_ERR_UNIT, p,
                "a transport leg needs a factor per t·km, or per vehicle-km with \"payload\"; "
                "%s is per %s (%s)",
                *c->finfo[fs[i]].code ? c->finfo[fs[i]].code : c->finfo[fs[i]].name,
                c->finfo[fs[i]].unit, pcf_dimension_name(fd));
            continue;
        }
        pcf__res_add_term(c, coef, a->ap, fs[i], PCF__STAGE_TRANSPORT, a->flow,
                          i == 0 ? (ttw ? "ttw" : "wtw") : "wtt", prims[i], 0, i == 0 && ttw);
    }
}
