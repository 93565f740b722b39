/*
 * pcf — what a resolved system knows besides its core arrays: activity, factor and term metadata
 * for the audit trail, per-gas splits, product and method facts, notes. Built by system.c, read
 * by calc.c. The data block is reference-counted so that a pcf_result can outlive the system it
 * was calculated from without copying the strings. Not installed. GPL-3.0-or-later.
 */
#ifndef PCF_SYSTEM_DATA_H
#define PCF_SYSTEM_DATA_H

#include "system_internal.h"

#include "util.h"

#include <stdatomic.h>

/* Strings live in an arena (util.h) owned by the data block. */

/* Pedigree scores by pcf_dq_indicator (1 best .. 5). */
typedef struct pcf__dq_scores {
    double s[5];
} pcf__dq_scores;

/* No pedigree scores (pcf__activity_info.dq). */
#define PCF__NO_DQ UINT32_MAX

/* One per activity, so kept small (40 bytes on LP64): a million of them are resolved for a big
 * model. */
typedef struct pcf__activity_info {
    const char *name, *unit;
    double amount;
    /* its product, an index of pcf__sysdata.prod_ids and prod_mult, and where
     * it is: $.products[product].stages.<stage>[path_index], or for a purchased part
     * $.products[product].components[path_index] (pcf__activity_path) */
    uint32_t product, path_index;
    uint32_t dq;        /* index of its scores in pcf__sysdata.dq, or PCF__NO_DQ (most have none) */
    unsigned stage : 3; /* pcf_stage */
    unsigned included : 1;  /* its stage is inside the boundary */
    unsigned primary : 1;   /* primary data */
    unsigned is_leg : 1;    /* a transport leg: ttw_known is meaningful */
    unsigned ttw_known : 1; /* the leg's TTW part is known */
    unsigned is_part : 1;   /* a purchased part (a component), not an activity of a stage */
} pcf__activity_info;

typedef struct pcf__factor_info {
    int origin; /* pcf_factor_origin */
    const char *code, *name, *unit, *dataset, *dataset_version, *layer;
    const char *region_requested, *region_used, *gwp_basis;
    int fallback_taken;
    const pcf_unit *per; /* the unit the factor is per (parsed once) */
    size_t n_gas;
    size_t gas_off; /* into pcf__sysdata.gas / gas_kg */
    /* A solved process of an LCI database (a row of pcf_lci_store_factors, code "<db>:<id>"):
     * the database's name, else NULL; and the GWP set the row was solved in. Monte Carlo samples
     * such a factor from the database (lib/mc_lci.c). */
    const char *lci_db;
    int lci_gwp;
} pcf__factor_info;

/* The distinct role texts of a system's terms (static texts of the resolver: a dozen or so). */
#define PCF__ROLES_MAX 64

typedef struct pcf__term_info {
    double primary; /* weight 0..1 of primary data */
    uint32_t factor_info;
    uint8_t role;   /* index of pcf__sysdata.roles */
    uint8_t credit; /* a recycling or energy-recovery credit */
    uint8_t ttw;    /* the tank-to-wheel part of a leg */
} pcf__term_info;

typedef struct pcf__sysdata {
    atomic_size_t refs;
    pcf__arena strings;
    pcf__activity_info *acts; /* core.n_activities */
    pcf__dq_scores *dq;       /* the activities' pedigree scores, where given */
    /* per product of the model, in model order: its id, and its reference flows per declared
     * unit of the main product (what pcf_activity_result.multiplier shows) */
    const char **prod_ids;
    double *prod_mult;
    pcf__factor_info *factors;
    size_t n_factors;
    pcf__term_info *terms; /* core.n_terms */
    const char *roles[PCF__ROLES_MAX];
    size_t n_roles;
    pcf_gas *gas;
    double *gas_kg;
    size_t n_gas;
    const char **notes;
    size_t n_notes;
    /* main product */
    const char *product_id, *name_en, *name_zh, *declared_unit, *declared_description;
    double declared_amount, mass_kg; /* mass per declared unit, NaN when unknown */
    double biogenic_carbon_kg;       /* per declared unit */
    int boundary, gwp, method;
} pcf__sysdata;

struct pcf_system {
    pcf__system_core core; /* FIRST member: the contract with mc (system_internal.h) */
    pcf__sysdata *data;
    /* References: the caller's (dropped by pcf_system_destroy) and one per pcf_result calculated
     * from it, whose audit lines are built from the core arrays on demand (lib/calc.c). */
    atomic_size_t refs;
};

/* The JSON path of activity i into buf ("" when i is out of range); returns buf. Paths are made
 * when asked, not kept for every activity. Implemented in lib/system.c. */
const char *pcf__activity_path(const pcf__sysdata *d, size_t n_acts, size_t i, char *buf,
                               size_t size);

void pcf__sysdata_retain(pcf__sysdata *d);
void pcf__sysdata_release(pcf__sysdata *d);

/* Takes a reference to sys (immutable once resolved); pcf_system_destroy() drops one and frees
 * the system with the last. */
void pcf__system_retain(const pcf_system *sys);

#endif
