/*
 * pcf — internals of the LCI engine shared by lib/lci_import.c, lib/lci.c and lib/lci_flowmap.c.
 * Not installed. GPL-3.0-or-later; see LICENSE.
 */
#ifndef PCF_LCI_INTERNAL_H
#define PCF_LCI_INTERNAL_H

#include "db_internal.h"

#include "pcf/lci.h"

/* How an elementary flow counts (data/lci-flowmap.csv, column `kind`). */
typedef enum pcf__lci_kind {
    PCF__LCI_UNMAPPED = 0, /* no row: not counted; listed by info when it looks like a GHG */
    PCF__LCI_FOSSIL,
    PCF__LCI_BIOGENIC,
    PCF__LCI_DLUC,
    PCF__LCI_REMOVAL,
    PCF__LCI_NOGWP, /* a greenhouse gas without a GWP100 in data/gwp.csv: not counted */
    PCF__LCI_NONE   /* looks like a greenhouse gas by its name but is not one */
} pcf__lci_kind;

enum { PCF__LCI_PARTS = 5 };

/* An elementary flow of B with its classification. */
typedef struct pcf__lci_flow {
    char *id;
    pcf__lci_kind kind;
    pcf_gas gas;
    double gwp; /* kg CO2e per kg in the chosen set; 0 when not counted */
} pcf__lci_flow;

/* The solved system (lib/lci.c); lib/lci_mc.c samples it. */
struct pcf_lci {
    char *name;
    char *source;
    pcf_gwp_set set;
    size_t n;
    char **id, **pname, **loc, **unit;
    double *scale; /* 1 published reference unit in the flow's reference unit */
    /* A, compressed columns (UMFPACK's int interface) */
    int *Ap, *Ai;
    double *Ax;
    size_t nnz;
    void *symbolic, *numeric;
    /* B by flow (compressed rows): entries Bj/Bx of flow f at Bp[f]..Bp[f+1] */
    size_t nf;
    pcf__lci_flow *flows;
    int *Bp, *Bj;
    double *Bx;
    double *direct;  /* n: kg CO2e of each process's own exchanges, per its activity level */
    double *res;     /* PCF__LCI_PARTS × n */
    double *gas_res; /* gas count × n */
    double *work;    /* 2 × n scratch for solves */
    /* the exchanges Monte Carlo samples (lib/lci_mc.c), loaded by pcf_lci_open */
    struct pcf__lci_draw *draws;
    size_t n_draws;
    char *draw_error; /* the first exchange whose uncertainty cannot be sampled, or NULL */
};

/* Classifies an elementary flow by its @id (rows with a UUID), else its name and category path
 * ("air/unspecified"): the kind, and for counted kinds the gas. Name comparison ignores ASCII
 * case, leading and trailing white space, and runs of white space. */
pcf__lci_kind pcf__lci_classify(const char *id, const char *name, const char *category,
                                pcf_gas *gas);

/* The compartment of a category path: "air", "water", "soil", "resource" or "unspecified". */
const char *pcf__lci_compartment(const char *category);

/* 1 when an elementary flow's name looks like a greenhouse gas (the test `pcf lci info` uses to
 * list unmapped flows), else 0. Water and soil flows never do. */
int pcf__lci_looks_ghg(const char *name, const char *category);

/* Checks the name of an imported database (letters, digits, '-', '_'; 1..32). */
pcf_status pcf__lci_check_name(const char *name, pcf_error *err);

/* 1 when the connection's main schema has the lci tables (schema version 2 or later). */
int pcf__lci_has_tables(pcf_db *db);

/* Deletes the factor rows (and their search entries) that pcf_lci_store_factors() wrote for the
 * LCI database `name`; inside the caller's transaction. */
pcf_status pcf__lci_drop_factors(pcf_db *db, const char *name, pcf_error *err);

/* Reads the exchanges that carry a distribution or a pedigree into lci->draws (lib/lci_mc.c);
 * lci's A, B and flows are loaded. Only out-of-memory and SQL errors fail: an exchange whose
 * uncertainty cannot be sampled is named in lci->draw_error, which pcf_lci_mc() reports. */
pcf_status pcf__lci_load_draws(pcf_db *db, pcf_lci *lci, pcf_error *err);

/* Frees what pcf__lci_load_draws() allocated. */
void pcf__lci_free_draws(pcf_lci *lci);

#endif /* PCF_LCI_INTERNAL_H */
