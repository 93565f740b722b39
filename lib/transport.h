/*
 * pcf — transport legs per ISO 14083:2023 / GLEC Framework v3.
 * Not installed. GPL-3.0-or-later; see LICENSE.
 */
#ifndef PCF_TRANSPORT_H
#define PCF_TRANSPORT_H

#include "internal.h"

/* Transport activity in t·km: distance [km] × mass [kg] / 1000 (iLEAP transportActivity). */
double pcf__transport_tkm(double distance_km, double mass_kg);

/*
 * Vehicle-km allocated to a shipment when the factor is per vehicle-km:
 *   distance ÷ (1 − empty_running) × mass ÷ (payload × load_factor)
 * The vehicle runs distance/(1-e) km in all (emptyDistanceFactor e = empty/(loaded+empty)); on
 * the loaded distance it carries payload × load_factor tonnes, of which the shipment is mass, so
 * the shipment's share of the vehicle's tonne-km is mass/(payload·LF).
 */
double pcf__transport_vkm(double distance_km, double mass_t, double payload_t, double load_factor,
                          double empty_running);

/* 1 when the mode is "air" (reported apart as aircraft emissions, PACT). */
int pcf__transport_is_air(const char *mode);

#endif
