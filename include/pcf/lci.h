/**
 * @file lci.h
 * @brief Life-cycle inventory databases: import (openLCA JSON-LD), linking, and the solution of
 *        the technology matrix with a sparse LU factorisation (SuiteSparse KLU).
 *
 * An imported database lives in the factor database (tables `lci_*`, schema version 2) under a
 * name ("uslci"). pcf_lci_open() builds its technology matrix A (products × processes) and
 * intervention matrix B (elementary flows × processes) from those tables, factorises A once and
 * computes, for every process, the cradle-to-gate result per ONE unit of its reference flow
 * (Heijungs & Suh 2002, "The Computational Structure of Life Cycle Assessment", ch. 2:
 * s = A⁻¹ f, g = B s). The rules are in docs/lci.md.
 *
 * GPL-3.0-or-later; see LICENSE.
 */
#ifndef PCF_LCI_H
#define PCF_LCI_H

#include "common.h"
#include "db.h"
#include "gwp.h"
#include "mc.h"

PCF_BEGIN_DECLS

/** A linked, factorised LCI system with every process's characterised result. Opaque. */
typedef struct pcf_lci pcf_lci;

/** pcf_lci_import() flag: replace a database already imported under the same name. */
#define PCF_LCI_REPLACE 0x1u

/**
 * Imports an openLCA JSON-LD database (a .zip file or an unpacked folder with `processes/`,
 * `flows/`, `flow_properties/`, `unit_groups/`) into @p db under @p name, links it (docs/lci.md:
 * reference flows, providers, cut-offs, unit conversions, allocation) and stores the decisions,
 * in one transaction: on any error the database is unchanged.
 *
 * @param[in] name     letters, digits, '-' and '_', 1..32 characters ("uslci"); it becomes the
 *                     dataset key of the solved factors ("uslci:<process id>").
 * @param[in] source   the zip file or folder.
 * @param[in] choices  NULL, or a CSV file `flow,process` (the @id of a product flow and the @id
 *                     of the process that shall supply it), overriding the default provider rule.
 * @param[in] flags    0 or ::PCF_LCI_REPLACE.
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG; ::PCF_ERR_READ_ONLY; ::PCF_ERR_IO (unreadable source);
 *         ::PCF_ERR_PARSE (a file that is not valid JSON-LD: err->file is the file in the source,
 *         the message names the @id and the key); ::PCF_ERR_UNIT (an exchange whose unit cannot be
 *         converted: the message names process, exchange and both units); ::PCF_ERR_NOT_FOUND (a
 *         reference to a unit, flow or property that is not in the source); ::PCF_ERR_DATABASE;
 *         ::PCF_ERR_NOMEM.
 * Thread-safety: one thread at a time per @p db.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_lci_import(pcf_db *db, const char *name, const char *source,
                                                const char *choices, unsigned flags,
                                                pcf_error *err);

/**
 * What the import decided, as a JSON document: counts (processes, flows, exchanges, links,
 * cut-offs), `ambiguous` (every product flow with several candidate providers and the one
 * chosen), `cutoffs`, `conversions` (links that needed a unit conversion), `allocation` (lists
 * of allocation factors not applied), `unmapped_ghg` (elementary flows that look like
 * greenhouse gases but have no row in the flow map) and `no_gwp` (greenhouse gases of the flow
 * map with no GWP100 in data/gwp.csv, with their exchange counts).
 * @param[out] out the JSON text. Ownership: caller owns, release with pcf_free().
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG; ::PCF_ERR_NOT_FOUND (nothing imported under @p name);
 *         ::PCF_ERR_DATABASE; ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_lci_info_json(pcf_db *db, const char *name, char **out,
                                                   pcf_error *err);

/**
 * Loads the imported database @p name, builds A and B, factorises A once (KLU) and computes
 * the characterised result of every process with GWP100 set @p set.
 * @return ::PCF_OK; ::PCF_ERR_NOT_FOUND (no such import); ::PCF_ERR_DATA_MISSING (A is singular
 *         or near-singular: the message names the processes involved); ::PCF_ERR_DATABASE;
 *         ::PCF_ERR_NOMEM. On failure *out is NULL.
 * Thread-safety: one thread at a time per @p db. The returned object is read-only afterwards;
 * its accessors may be called from several threads at once, the solving functions
 * (pcf_lci_inventory(), pcf_lci_contributions()) one thread at a time.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_lci_open(pcf_db *db, const char *name, pcf_gwp_set set,
                                              pcf_lci **out, pcf_error *err);

/** Releases @p lci. Accepts NULL. @since 0.1 */
PCF_API void pcf_lci_destroy(pcf_lci *lci);

/** Number of processes (0 for NULL). @since 0.1 */
PCF_API size_t pcf_lci_process_count(const pcf_lci *lci);
/** Number of non-zeros of the technology matrix (0 for NULL). @since 0.1 */
PCF_API size_t pcf_lci_matrix_nonzeros(const pcf_lci *lci);
/** The process's @id; "" when out of range. Borrowed, valid until @p lci is destroyed. */
PCF_API const char *pcf_lci_process_id(const pcf_lci *lci, size_t index);
/** The process's name; "" when out of range. @since 0.1 */
PCF_API const char *pcf_lci_process_name(const pcf_lci *lci, size_t index);
/** The process's location code ("US", "RNA"); "" when none or out of range. @since 0.1 */
PCF_API const char *pcf_lci_process_location(const pcf_lci *lci, size_t index);
/** The unit of the process's reference flow, as published ("kg", "t*km"). @since 0.1 */
PCF_API const char *pcf_lci_process_unit(const pcf_lci *lci, size_t index);

/**
 * Finds a process by @id, or by exact name when no @id matches.
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG; ::PCF_ERR_NOT_FOUND (the message suggests names that
 *         contain the text).
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_lci_find(const pcf_lci *lci, const char *id_or_name,
                                              size_t *index, pcf_error *err);

/** The parts of a result. Values are fixed. */
typedef enum pcf_lci_part {
    PCF_LCI_TOTAL = 0,    /**< all of the below */
    PCF_LCI_FOSSIL = 1,   /**< fossil CO2, fossil CH4 and every other gas */
    PCF_LCI_BIOGENIC = 2, /**< biogenic CO2 and CH4 emissions */
    PCF_LCI_DLUC = 3,     /**< CO2 from land transformation */
    PCF_LCI_REMOVALS = 4  /**< CO2 taken up from air (negative) */
} pcf_lci_part;

/** kg CO2e per ONE reference unit of process @p index, part @p part; 0 when out of range. */
PCF_API double pcf_lci_co2e(const pcf_lci *lci, size_t index, pcf_lci_part part);
/**
 * Cumulative kg of gas @p gas per ONE reference unit of process @p index (emissions minus
 * uptakes mapped to that gas); 0 when out of range.
 * @since 0.1
 */
PCF_API double pcf_lci_gas_kg(const pcf_lci *lci, size_t index, pcf_gas gas);

/**
 * The cumulative inventory of elementary flow @p flow_id (its @id) for every process at once,
 * per ONE reference unit of each, in the flow's reference unit; outputs positive, inputs
 * negative. One solve with Aᵀ (Heijungs & Suh 2002, §8.2 on the adjoint form).
 * @param[out] out an array of pcf_lci_process_count() doubles.
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG; ::PCF_ERR_NOT_FOUND (no such elementary flow);
 *         ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_lci_inventory(pcf_lci *lci, const char *flow_id, double *out,
                                                   pcf_error *err);

/** One upstream contribution to a process's result, for pcf_lci_contributions(). */
typedef struct pcf_lci_contribution {
    size_t process; /**< index of the contributing process */
    double scaling; /**< how much of it one reference unit of the studied process needs */
    double kg_co2e; /**< its direct emissions (and removals) times scaling, in kg CO2e */
} pcf_lci_contribution;

/**
 * The processes whose direct emissions make up the result of process @p index, largest
 * absolute contribution first (the process itself included).
 * @param[in]  top       at most this many (0: all with a non-zero contribution).
 * @param[out] out       the list; caller owns, release with pcf_free().
 * @param[out] n_out     its length.
 * @param[out] remainder the sum of the contributions not listed (may be NULL).
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG; ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_lci_contributions(pcf_lci *lci, size_t index, size_t top,
                                                       pcf_lci_contribution **out, size_t *n_out,
                                                       double *remainder, pcf_error *err);

/**
 * Writes every process as a factor row of @p db's default layer (dataset = the import's name,
 * code = "<name>:<process id>", category "lci", name, region = location, value in kg CO2e per
 * reference unit in the GWP set of pcf_lci_open(), the fossil / biogenic / dLUC / removal parts in
 * the notes), replacing the rows a previous call wrote, in one transaction. Lookups by code or
 * name, `pcf factors search`, the audit trail and PACT export then use them like any other
 * factor. A process is skipped (and counted in @p skipped_out) when pcf has no unit for its
 * reference unit or its result is negative (a factor row holds a non-negative value).
 * @param[in]  license     the licence of the imported data ("MIT"), stored with every row.
 * @param[out] rows_out    number of factors written (may be NULL).
 * @param[out] skipped_out number of processes skipped (may be NULL).
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG; ::PCF_ERR_READ_ONLY; ::PCF_ERR_DATABASE;
 *         ::PCF_ERR_NOMEM.
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_lci_store_factors(pcf_lci *lci, pcf_db *db,
                                                       const char *license, size_t *rows_out,
                                                       size_t *skipped_out, pcf_error *err);

/**
 * Number of exchanges pcf_lci_mc() samples: linked inputs and counted greenhouse-gas exchanges
 * with a distribution that has a spread (lognormal with a geometric standard deviation above 1,
 * normal, triangle, uniform) or, without a distribution, a pedigree "(r;c;t;g;f)" (a lognormal
 * around the amount whose GSD pcf_dq_pedigree_gsd() gives with basic uncertainty 1). 0 for NULL.
 * @since 0.1
 */
PCF_API size_t pcf_lci_mc_parameter_count(const pcf_lci *lci);

/**
 * Monte Carlo over the exchanges' uncertainties (docs/lci.md, "Monte Carlo"): each iteration
 * draws every sampled exchange, refactorises the technology matrix numerically with the ordering
 * and pivot order of pcf_lci_open() (KLU) and solves for the kg CO2e (total, GWP set of
 * pcf_lci_open()) per ONE reference unit of process @p index.
 * @param iterations 1..pcf_mc_max_iterations().
 * @param seed       iteration i draws from its own stream derived from (seed, i), so the samples
 *                   are the same at any @p threads.
 * @param threads    1..pcf_mc_max_threads().
 * @param[out] samples @p iterations doubles, samples[i] the result of iteration i.
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG; ::PCF_ERR_DATA_MISSING (an exchange's distribution
 *         cannot be sampled: the message names process, exchange and flow; or an iteration drew
 *         a singular matrix: the message names the iteration); ::PCF_ERR_NOMEM.
 * Thread-safety: reads @p lci only; may run beside its accessors, not beside pcf_lci_destroy().
 * @since 0.1
 */
PCF_NODISCARD PCF_API pcf_status pcf_lci_mc(const pcf_lci *lci, size_t index, size_t iterations,
                                            uint64_t seed, size_t threads, double *samples,
                                            pcf_error *err);

/**
 * Dependent sampling in a product model's Monte Carlo (docs/lci.md): a run of pcf_mc_run() with
 * these options samples @p lci once per iteration (its exchanges from their distributions, one
 * refactorisation and one solve with Aᵀ, as pcf_lci_mc() does) and every factor of the system
 * that is a solved process of it (a row of pcf_lci_store_factors(), code "<name>:<process id>")
 * takes that iteration's kg CO2e per unit of its process: two activities using the same process,
 * or processes that share upstream exchanges, vary together. Iteration i of database "name" in a
 * run seeded s draws what pcf_lci_mc() seeded s XOR FNV-1a-64("name") draws in its iteration i,
 * whatever the thread count. Factors of databases not added stay as they are (fixed, as
 * published). pcf_mc_run() fails with ::PCF_ERR_DATA_MISSING when a factor's process is not in
 * @p lci or its row's value differs from @p lci's result (rows out of date), and with
 * ::PCF_ERR_INVALID_ARG when @p lci was opened in another GWP set than the rows were solved in.
 * @param[in] lci borrowed: keep it alive, and do not destroy it, while the options are used.
 * @return ::PCF_OK; ::PCF_ERR_INVALID_ARG for NULL arguments, a second database of the same
 *         name, or more than 16 databases.
 * Thread-safety: one thread at a time per @p opts.
 * @since 0.2
 */
PCF_NODISCARD PCF_API pcf_status pcf_mc_options_add_lci(pcf_mc_options *opts, const pcf_lci *lci,
                                                        pcf_error *err);

/**
 * Opens (pcf_lci_open()) every LCI database whose solved processes the factors of @p sys come
 * from, from the layer of @p db that served those factors (an attached layer is opened again
 * from its file, read-only), in the GWP set its rows were solved in, and adds it to @p opts as
 * pcf_mc_options_add_lci() does; the options own these and destroy them with themselves.
 * Databases the options already sample (by name) are skipped.
 * @param[out] opened how many were opened (may be NULL).
 * @return ::PCF_OK (also when @p sys uses no LCI factor); ::PCF_ERR_INVALID_ARG; the errors of
 *         pcf_lci_open(), with the message naming the factor and the layer.
 * Thread-safety: one thread at a time per @p opts and per @p db.
 * @since 0.2
 */
PCF_NODISCARD PCF_API pcf_status pcf_mc_options_open_lci(pcf_mc_options *opts,
                                                         const pcf_system *sys, pcf_db *db,
                                                         size_t *opened, pcf_error *err);

/**
 * The technology matrix A (products × processes, n = pcf_lci_process_count()) in compressed
 * columns, as factorised: column j holds rows @p rowidx[colptr[j] .. colptr[j+1]) with @p values;
 * amounts in each flow's reference unit per one activity of the process, its reference output
 * positive on the diagonal, linked inputs negative (docs/lci.md). Borrowed, valid until @p lci
 * is destroyed.
 * @return the number of non-zeros (0, with the pointers NULL, for NULL).
 * @since 0.1
 */
PCF_API size_t pcf_lci_technology(const pcf_lci *lci, const int **colptr, const int **rowidx,
                                  const double **values);

/** Number of elementary flows (rows of the intervention matrix); 0 for NULL. @since 0.1 */
PCF_API size_t pcf_lci_flow_count(const pcf_lci *lci);
/** The @id of elementary flow @p index (rows sorted by @id); "" when out of range. @since 0.1 */
PCF_API const char *pcf_lci_flow_id(const pcf_lci *lci, size_t index);

/**
 * The intervention matrix B (elementary flows × processes) in compressed rows: row f holds
 * columns @p colidx[rowptr[f] .. rowptr[f+1]) with @p values, in the flow's reference unit per
 * one activity of the process, emissions positive, resources and uptakes negative. Borrowed.
 * @return the number of non-zeros (0, with the pointers NULL, for NULL).
 * @since 0.1
 */
PCF_API size_t pcf_lci_intervention(const pcf_lci *lci, const int **rowptr, const int **colidx,
                                    const double **values);

/**
 * How many published reference units one activity of process @p index is (A's diagonal is in
 * the flow's reference unit; results are per published unit). 0 when out of range. @since 0.1
 */
PCF_API double pcf_lci_process_scale(const pcf_lci *lci, size_t index);

/** The GWP100 set the results were characterised with. ::PCF_GWP_DEFAULT for NULL. */
PCF_API pcf_gwp_set pcf_lci_gwp_set(const pcf_lci *lci);
/** The name the database was imported under ("uslci"); "" for NULL. @since 0.1 */
PCF_API const char *pcf_lci_name(const pcf_lci *lci);

PCF_END_DECLS

#endif /* PCF_LCI_H */
