/*
 * pcf — transport legs per ISO 14083:2023 / GLEC v3 (../shared/standards.md §4). The GLEC and
 * ISO equations were not readable; these follow from the iLEAP definitions of transportActivity,
 * loadFactor and emptyDistanceFactor quoted there. GPL-3.0-or-later; see LICENSE.
 */
#include "transport.h"

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
