/*
 * pcf — internals of the LCI engine shared by lib/lci_import.c, lib/lci.c and lib/lci_flowmap.c.
 * Not installed. GPL-3.0-or-later; see LICENSE.
 */
#ifndef PCF_LCI_INTERNAL_H
#define PCF_LCI_INTERNAL_H

#include "db_internal.h"
#include "util.h"

#include "pcf/lci.h"

#include <gsl/gsl_rng.h>
#include <klu.h>

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
    const char *id; /* in the pcf_lci's string arena */
    pcf__lci_kind kind;
    pcf_gas gas;
    double gwp; /* kg CO2e per kg in the chosen set; 0 when not counted */
} pcf__lci_flow;

/* The solved system (lib/lci.c); lib/lci_mc.c samples it. */
struct pcf_lci {
    char *name;
    char *source;
    pcf_gwp_set set;
    double *gwp; /* pcf_gas_count(): kg CO2e per kg of each gas in `set` */
    size_t n;
    /* the processes in column order, which is the byte order of their @id */
    const char **id, **pname, **loc, **unit; /* in `strings` */
    pcf__arena strings;
    double *scale; /* 1 published reference unit in the flow's reference unit */
    /* A, compressed columns, rows sorted within a column, duplicates summed */
    int *Ap, *Ai;
    double *Ax;
    size_t nnz;
    /* KLU: block triangular form + AMD per block (read-only once made, shared by the Monte
     * Carlo threads), the factors of the published A, and the settings (pcf__lci_klu_defaults)
     * with the statistics of the last call on `numeric` */
    klu_symbolic *symbolic;
    klu_numeric *numeric;
    klu_common common;
    double rcond; /* min |U(k,k)| / max |U(k,k)| of `numeric` */
    /* B by flow (compressed rows): entries Bj/Bx of flow f at Bp[f]..Bp[f+1] */
    size_t nf;
    pcf__lci_flow *flows;
    int *Bp, *Bj;
    double *Bx;
    double *direct;  /* n: kg CO2e of each process's own exchanges, per its activity level */
    double *res;     /* PCF__LCI_PARTS × n */
    double *gas_res; /* gas count × n */
    double *work;    /* n: scratch for pcf_lci_contributions */
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

/* *found = 1 when the connection's main schema has the lci tables (schema version 2 or later);
 * an error when the schema cannot be read. */
pcf_status pcf__lci_tables(pcf_db *db, int *found, pcf_error *err);

/* Deletes the factor rows (and their search entries) that pcf_lci_store_factors() wrote for the
 * LCI database `name`; inside the caller's transaction. */
pcf_status pcf__lci_drop_factors(pcf_db *db, const char *name, pcf_error *err);

/* Reads the exchanges that carry a distribution or a pedigree into lci->draws (lib/lci_mc.c);
 * lci's A, B and flows are loaded. Only out-of-memory and SQL errors fail: an exchange whose
 * uncertainty cannot be sampled is named in lci->draw_error, which pcf_lci_mc() reports. */
pcf_status pcf__lci_load_draws(pcf_db *db, pcf_lci *lci, pcf_error *err);

/* Index of @p id in the array base[0..n) of elements of @p size bytes that each begin with a
 * `const char *` (lci->id, lci->flows), sorted in byte order (SQLite's BINARY collation is
 * strcmp's order), by binary search; n when absent. */
size_t pcf__lci_find_id(const void *base, size_t n, size_t size, const char *id);

/* Frees what pcf__lci_load_draws() allocated. */
void pcf__lci_free_draws(pcf_lci *lci);

/* The KLU settings of every factorisation of an LCI matrix (lib/lci.c): BTF, AMD per block,
 * row scaling and the diagonal-preferring pivot tolerance of KLU's defaults, and a singular
 * matrix kept (not halted on) so that its zero pivots can be named. */
void pcf__lci_klu_defaults(klu_common *c);

/*
 * One Monte Carlo iteration of an LCI database (lib/lci_mc.c), the unit pcf_lci_mc() and a
 * product model's Monte Carlo (lib/mc.c, dependent sampling) are built of. A workspace belongs to
 * one thread; the pcf_lci is shared read-only:
 *
 *     pcf__lci_mc_work w;
 *     if (pcf__lci_mc_work_init(lci, &w) != PCF_OK) ...        out of memory
 *     for each iteration it of this thread:
 *         pcf_status st = pcf__lci_mc_iterate(lci, seed, it, &w);
 *         if (st != PCF_OK) return pcf__lci_mc_failure(lci, it, st, &w, err);
 *         kg CO2e per 1 reference unit of process j: pcf__lci_mc_value(lci, &w, j)
 *     pcf__lci_mc_work_free(&w);
 *
 * The numbers of an iteration depend only on (seed, it): every workspace refactorises with the
 * pivot order of the published A, never with one left by an earlier iteration, so a seeded run
 * is bit-identical at any thread count.
 */
typedef struct pcf__lci_mc_work {
    double *Ax;     /* nnz: the drawn technology matrix (A's pattern: L->Ap, L->Ai) */
    double *d;      /* n: the drawn direct CO2e of each process per activity level */
    double *y;      /* n: after an iteration, Aᵀ y = d: the CO2e per activity of each process */
    void *rng;      /* gsl_rng *, reseeded for every iteration */
    double rcond;   /* min |U(k,k)| / max |U(k,k)| of the last iteration's factors */
    int refactored; /* 1: the last iteration kept the published A's pivots (klu_refactor); 0: they
                       did not fit the drawn A and it was factorised anew with pivoting */
    klu_numeric *numeric; /* factors in the published A's pivot order */
    klu_common common;
} pcf__lci_mc_work;

/* Allocates a workspace for L, with its own factorisation of the published A (w->Ax, w->d hold
 * the published values): PCF_OK or PCF_ERR_NOMEM (then nothing is held). */
pcf_status pcf__lci_mc_work_init(const pcf_lci *L, pcf__lci_mc_work *w);
/* Frees a workspace (one that failed to initialise, or a zeroed one, too). */
void pcf__lci_mc_work_free(pcf__lci_mc_work *w);
/* PCF_OK when L's uncertainties can be sampled, else PCF_ERR_DATA_MISSING naming the exchange. */
pcf_status pcf__lci_mc_ready(const pcf_lci *L, pcf_error *err);
/*
 * Iteration `it` of a run seeded `seed`: draws every sampled exchange (in a fixed order) from
 * the stream pcf__mc_chunk_seed(seed, it) into w->Ax and w->d, starting from the published
 * values, then pcf__lci_mc_solve(). Nothing is reported: pcf__lci_mc_failure() words it.
 */
pcf_status pcf__lci_mc_iterate(const pcf_lci *L, uint64_t seed, size_t it, pcf__lci_mc_work *w);
/*
 * Factorises the A in w->Ax (klu_refactor: the published A's block form, ordering and pivot
 * order, values only; when that leaves the smallest pivot, relative to the largest, 1,000 times
 * smaller than in the published A, a new factorisation with pivoting for this call only) and
 * solves Aᵀ y = w->d into w->y. PCF_OK; PCF_ERR_DATA_MISSING (singular or near-singular:
 * w->rcond at most 1e-14); PCF_ERR_NOMEM.
 */
pcf_status pcf__lci_mc_solve(const pcf_lci *L, pcf__lci_mc_work *w);
/* kg CO2e per ONE published reference unit of process `index` in the last iteration of w. */
double pcf__lci_mc_value(const pcf_lci *L, const pcf__lci_mc_work *w, size_t index);
/* The error of a failed iteration `it` (status st from pcf__lci_mc_iterate, details in w). */
pcf_status pcf__lci_mc_failure(const pcf_lci *L, size_t it, pcf_status st,
                               const pcf__lci_mc_work *w, pcf_error *err);

#endif /* PCF_LCI_INTERNAL_H */
