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

/*
 * One Monte Carlo iteration of an LCI database (lib/lci_mc.c), the unit pcf_lci_mc() and a
 * product model's Monte Carlo (lib/mc.c, dependent sampling) are built of. A workspace belongs to
 * one thread; the pcf_lci is shared read-only.
 */
typedef struct pcf__lci_mc_work {
    double *Ax;        /* the drawn technology matrix (A's pattern) */
    double *d;         /* the drawn direct CO2e of each process */
    double *y;         /* after an iteration: Aᵀ y = d, the CO2e per activity of each process */
    void *rng;         /* gsl_rng *, reseeded for every iteration */
    double rcond;      /* the solver's reciprocal condition estimate of the last iteration */
    int solver_status; /* the solver's status of the last iteration */
} pcf__lci_mc_work;

/* Allocates a workspace for L: PCF_OK or PCF_ERR_NOMEM (then nothing is held). */
pcf_status pcf__lci_mc_work_init(const pcf_lci *L, pcf__lci_mc_work *w);
/* Frees a workspace (one that failed to initialise, too). */
void pcf__lci_mc_work_free(pcf__lci_mc_work *w);
/* PCF_OK when L's uncertainties can be sampled, else PCF_ERR_DATA_MISSING naming the exchange. */
pcf_status pcf__lci_mc_ready(const pcf_lci *L, pcf_error *err);
/*
 * Iteration `it` of a run seeded `seed`: draws every sampled exchange from the stream
 * pcf__mc_chunk_seed(seed, it), refactorises A with the symbolic analysis of pcf_lci_open() and
 * solves once with Aᵀ into w->y. PCF_OK; PCF_ERR_DATA_MISSING (a singular draw);
 * PCF_ERR_NOMEM; PCF_ERR_INTERNAL. Nothing is reported: pcf__lci_mc_failure() words it.
 */
pcf_status pcf__lci_mc_iterate(const pcf_lci *L, uint64_t seed, size_t it, pcf__lci_mc_work *w);
/* kg CO2e per ONE published reference unit of process `index` in the last iteration of w. */
double pcf__lci_mc_value(const pcf_lci *L, const pcf__lci_mc_work *w, size_t index);
/* The error of a failed iteration `it` (status st from pcf__lci_mc_iterate, details in w). */
pcf_status pcf__lci_mc_failure(const pcf_lci *L, size_t it, pcf_status st,
                               const pcf__lci_mc_work *w, pcf_error *err);

#endif /* PCF_LCI_INTERNAL_H */
