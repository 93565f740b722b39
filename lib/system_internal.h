/*
 * pcf — the flat, immutable form of a resolved product model.
 * Built by lib/system.c (model + db -> system); read by lib/calc.c (one deterministic pass) and by
 * lib/mc.c (Monte Carlo). Not installed. GPL-3.0-or-later; see LICENSE.
 *
 * The whole footprint is a sum of terms
 *
 *     kg CO2e = Σ_t  coef_t × value(amount_t) × value(factor_t)
 *
 * where amount_t and factor_t index the shared parameter array. Everything that does not vary
 * between Monte Carlo iterations (unit conversions, shares of end-of-life routes, allocation
 * shares, CFF coefficients such as (1-R1) or -(1-A)·R2·Qsout/Qp, multipliers of sub-assemblies)
 * is folded into coef_t, which may be negative (credits). A factor used by many activities is ONE
 * parameter, referenced by many terms, so Monte Carlo draws it once per iteration
 * (docs/ARCHITECTURE.md, Monte Carlo).
 *
 * Contract between calc and mc: the fields below keep their meaning; resolve may add fields
 * (activity metadata, per-gas splits, audit trail) after them.
 */
#ifndef PCF_SYSTEM_INTERNAL_H
#define PCF_SYSTEM_INTERNAL_H

#include "internal.h"

#include <stdint.h>

/* No parameter: the term's amount is 1 (the coefficient alone carries it). */
#define PCF__NO_PARAM UINT32_MAX

/* One uncertain (or fixed) number: an activity amount or a factor value. 40 bytes: a big model
 * has one per activity. */
typedef struct pcf__param {
    double value;   /* deterministic value (median for lognormal) in the unit the terms use */
    double p[3];    /* distribution parameters, same unit as value (see pcf/mc.h table) */
    uint32_t label; /* index of the activity (amount) or factor (factor) it describes */
    uint8_t dist;   /* pcf_dist */
    uint8_t kind;   /* PCF__PARAM_AMOUNT or PCF__PARAM_FACTOR, for sensitivity labels */
} pcf__param;

enum { PCF__PARAM_AMOUNT = 0, PCF__PARAM_FACTOR = 1 };

typedef struct pcf__term {
    double coef;       /* fixed multiplier, may be negative */
    uint32_t amount;   /* params index, or PCF__NO_PARAM */
    uint32_t factor;   /* params index, or PCF__NO_PARAM */
    uint32_t activity; /* index of the activity this term belongs to */
    uint16_t stage;    /* life-cycle stage index, 0 .. PCF__STAGE_COUNT-1 */
    uint16_t flow;     /* reporting bucket, 0 .. PCF__FLOW_COUNT-1 (fossil, biogenic, ...) */
} pcf__term;

/* Life-cycle stages, in report order. */
enum {
    PCF__STAGE_MATERIALS = 0,
    PCF__STAGE_PRODUCTION = 1,
    PCF__STAGE_TRANSPORT = 2,
    PCF__STAGE_STORAGE = 3,
    PCF__STAGE_USE = 4,
    PCF__STAGE_END_OF_LIFE = 5,
    PCF__STAGE_COUNT = 6
};

/*
 * The head of struct pcf_system that calc and mc rely on. lib/system.c defines struct pcf_system
 * with this as its FIRST member (named `core`), so `&sys->core` is always valid.
 */
typedef struct pcf__system_core {
    size_t n_params;
    pcf__param *params;
    size_t n_terms;
    pcf__term *terms;
    size_t n_activities;
} pcf__system_core;

/* Defined by lib/system.c: the core arrays of a resolved system (borrowed from sys). */
typedef struct pcf_system pcf_system;
const pcf__system_core *pcf__system_get_core(const pcf_system *sys);

/* Reporting buckets of pcf__term.flow: the values of pcf_flow (pcf/model.h). */
#define PCF__FLOW_COUNT PCF_FLOW_COUNT

/*
 * A readable label of parameter i of a resolved system, for sensitivity rankings: "amount of
 * <activity> (<JSON path>)" or "factor <code>: <name>". Writes at most size bytes including the
 * NUL and returns buf ("" for an index out of range). Implemented in lib/system.c.
 */
const char *pcf__system_param_label(const pcf_system *sys, size_t i, char *buf, size_t size);

#endif
