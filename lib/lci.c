/*
 * pcf — the LCI solver: technology matrix A and intervention matrix B from the lci_* tables, one
 * sparse LU factorisation of A (SuiteSparse UMFPACK), every process's characterised result by
 * solves with Aᵀ, inventories, contributions, and the results stored as factor rows.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "lci_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <umfpack.h>

/* ---- small helpers ------------------------------------------------------------------------ */

static char *col_dup(sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    return pcf__strdup(t ? (const char *)t : "");
}

void pcf_lci_destroy(pcf_lci *lci)
{
    if (!lci)
        return;
    for (size_t i = 0; i < lci->n; i++) {
        if (lci->id)
            free(lci->id[i]);
        if (lci->pname)
            free(lci->pname[i]);
        if (lci->loc)
            free(lci->loc[i]);
        if (lci->unit)
            free(lci->unit[i]);
    }
    free(lci->id);
    free(lci->pname);
    free(lci->loc);
    free(lci->unit);
    free(lci->scale);
    free(lci->Ap);
    free(lci->Ai);
    free(lci->Ax);
    if (lci->symbolic)
        umfpack_di_free_symbolic(&lci->symbolic);
    if (lci->numeric)
        umfpack_di_free_numeric(&lci->numeric);
    for (size_t f = 0; f < lci->nf; f++)
        free(lci->flows[f].id);
    free(lci->flows);
    free(lci->Bp);
    free(lci->Bj);
    free(lci->Bx);
    free(lci->direct);
    free(lci->res);
    free(lci->gas_res);
    free(lci->work);
    pcf__lci_free_draws(lci);
    free(lci->name);
    free(lci->source);
    free(lci);
}

static pcf_status nomem(pcf_error *err)
{
    return pcf__error(err, PCF_ERR_NOMEM, "out of memory building the LCI matrices");
}

static pcf_status prepare(pcf_db *db, const char *sql, const char *name, sqlite3_stmt **st,
                          pcf_error *err)
{
    int rc = sqlite3_prepare_v2(db->sql, sql, -1, st, NULL);
    if (rc != SQLITE_OK)
        return pcf__db_sql_error(db, rc, err, "reading the LCI database");
    sqlite3_bind_text(*st, 1, name, -1, SQLITE_STATIC);
    return PCF_OK;
}

/* ---- loading ------------------------------------------------------------------------------ */

static pcf_status load_processes(pcf_db *db, pcf_lci *L, pcf_error *err)
{
    sqlite3_stmt *st = NULL;
    pcf_status s = prepare(db,
                           "SELECT id, name, location, ref_unit, ref_to_flow_unit FROM "
                           "lci_processes WHERE lcidb = ?1 ORDER BY idx",
                           L->name, &st, err);
    size_t cap = 0;
    int rc = SQLITE_DONE;
    while (s == PCF_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (L->n == cap) {
            cap = cap ? 2 * cap : 1024;
            char **a = realloc(L->id, cap * sizeof *a);
            if (a)
                L->id = a;
            char **b = a ? realloc(L->pname, cap * sizeof *b) : NULL;
            if (b)
                L->pname = b;
            char **c = b ? realloc(L->loc, cap * sizeof *c) : NULL;
            if (c)
                L->loc = c;
            char **d = c ? realloc(L->unit, cap * sizeof *d) : NULL;
            if (d)
                L->unit = d;
            double *e = d ? realloc(L->scale, cap * sizeof *e) : NULL;
            if (e)
                L->scale = e;
            if (!e) {
                s = nomem(err);
                break;
            }
        }
        size_t i = L->n;
        L->id[i] = col_dup(st, 0);
        L->pname[i] = col_dup(st, 1);
        L->loc[i] = col_dup(st, 2);
        L->unit[i] = col_dup(st, 3);
        L->scale[i] = sqlite3_column_double(st, 4);
        L->n++;
        if (!L->id[i] || !L->pname[i] || !L->loc[i] || !L->unit[i])
            s = nomem(err);
    }
    if (s == PCF_OK && rc != SQLITE_DONE)
        s = pcf__db_sql_error(db, rc, err, "reading the LCI processes");
    sqlite3_finalize(st);
    if (s == PCF_OK && L->n == 0)
        s = pcf__error(err, PCF_ERR_NOT_FOUND,
                       "no LCI database named \"%s\" is imported; import one with `pcf lci import "
                       "DB SOURCE --name %s`",
                       L->name, L->name);
    if (s == PCF_OK && L->n > 100000000)
        s = pcf__error(err, PCF_ERR_UNSUPPORTED, "more than 10^8 processes");
    return s;
}

/* A from the reference and linked exchanges (duplicates summed by UMFPACK's conversion). */
static pcf_status load_a(pcf_db *db, pcf_lci *L, pcf_error *err)
{
    sqlite3_stmt *st = NULL;
    pcf_status s =
        prepare(db,
                "SELECT p.idx, q.idx, e.role, e.input, e.amount_ref FROM lci_exchanges e "
                "JOIN lci_processes p ON p.lcidb = e.lcidb AND p.id = e.process JOIN "
                "lci_processes q ON q.lcidb = e.lcidb AND q.id = CASE e.role WHEN "
                "'reference' THEN e.process ELSE e.provider END WHERE e.lcidb = ?1 AND "
                "e.role IN ('reference', 'linked')",
                L->name, &st, err);
    size_t cap = 0, nt = 0;
    int *Ti = NULL, *Tj = NULL;
    double *Tx = NULL;
    int rc = SQLITE_DONE;
    while (s == PCF_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (nt == cap) {
            cap = cap ? 2 * cap : 4096;
            int *a = realloc(Ti, cap * sizeof *a);
            if (a)
                Ti = a;
            int *b = a ? realloc(Tj, cap * sizeof *b) : NULL;
            if (b)
                Tj = b;
            double *c = b ? realloc(Tx, cap * sizeof *c) : NULL;
            if (c)
                Tx = c;
            if (!c) {
                s = nomem(err);
                break;
            }
        }
        int is_ref = strcmp((const char *)sqlite3_column_text(st, 2), "reference") == 0;
        double v = sqlite3_column_double(st, 4);
        Tj[nt] = sqlite3_column_int(st, 0);
        Ti[nt] = sqlite3_column_int(st, 1);
        /* outputs of the product count positive, inputs negative */
        Tx[nt] = is_ref ? v : (sqlite3_column_int(st, 3) ? -v : v);
        nt++;
    }
    if (s == PCF_OK && rc != SQLITE_DONE)
        s = pcf__db_sql_error(db, rc, err, "reading the LCI exchanges");
    sqlite3_finalize(st);
    if (s == PCF_OK) {
        L->Ap = malloc((L->n + 1) * sizeof *L->Ap);
        L->Ai = malloc((nt ? nt : 1) * sizeof *L->Ai);
        L->Ax = malloc((nt ? nt : 1) * sizeof *L->Ax);
        if (!L->Ap || !L->Ai || !L->Ax)
            s = nomem(err);
    }
    if (s == PCF_OK) {
        int n = (int)L->n;
        int st2 = umfpack_di_triplet_to_col(n, n, (int)nt, Ti, Tj, Tx, L->Ap, L->Ai, L->Ax, NULL);
        if (st2 != UMFPACK_OK)
            s = st2 == UMFPACK_ERROR_out_of_memory
                    ? nomem(err)
                    : pcf__error(err, PCF_ERR_INTERNAL, "UMFPACK triplet conversion failed (%d)",
                                 st2);
        else
            L->nnz = (size_t)L->Ap[n];
    }
    free(Ti);
    free(Tj);
    free(Tx);
    return s;
}

/* B by flow, with each flow's classification; and the characterised direct emissions. */
static pcf_status load_b(pcf_db *db, pcf_lci *L, pcf_error *err)
{
    sqlite3_stmt *st = NULL;
    pcf_status s = prepare(db,
                           "SELECT f.id, f.name, f.compartment, f.ref_unit, p.idx, e.input, "
                           "e.amount_ref FROM lci_exchanges e JOIN lci_flows f ON f.lcidb = "
                           "e.lcidb AND f.id = e.flow JOIN lci_processes p ON p.lcidb = e.lcidb "
                           "AND p.id = e.process WHERE e.lcidb = ?1 AND e.role = 'elementary' "
                           "ORDER BY f.id, p.idx",
                           L->name, &st, err);
    size_t cap = 0, fcap = 0, nb = 0;
    int rc = SQLITE_DONE;
    while (s == PCF_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *fid = (const char *)sqlite3_column_text(st, 0);
        if (L->nf == 0 || strcmp(L->flows[L->nf - 1].id, fid) != 0) {
            if (L->nf + 1 >= fcap) {
                fcap = fcap ? 2 * fcap : 1024;
                pcf__lci_flow *a = realloc(L->flows, fcap * sizeof *a);
                int *b = a ? realloc(L->Bp, (fcap + 1) * sizeof *b) : NULL;
                if (a)
                    L->flows = a;
                if (b)
                    L->Bp = b;
                if (!b) {
                    s = nomem(err);
                    break;
                }
            }
            pcf__lci_flow *F = &L->flows[L->nf];
            memset(F, 0, sizeof *F);
            L->Bp[L->nf] = (int)nb;
            L->nf++;
            if (!(F->id = pcf__strdup(fid))) {
                s = nomem(err);
                break;
            }
            F->kind = pcf__lci_classify(fid, (const char *)sqlite3_column_text(st, 1),
                                        (const char *)sqlite3_column_text(st, 2), &F->gas);
            /* Counted flows must be in kg (the mass group's reference unit). */
            if (F->kind >= PCF__LCI_FOSSIL && F->kind <= PCF__LCI_REMOVAL) {
                if (strcmp((const char *)sqlite3_column_text(st, 3), "kg") != 0)
                    F->kind = PCF__LCI_UNMAPPED;
                else if (pcf_gwp_value(L->set, F->gas, &F->gwp, err) != PCF_OK)
                    s = PCF_ERR_INTERNAL;
            }
        }
        if (nb == cap) {
            cap = cap ? 2 * cap : 4096;
            int *a = realloc(L->Bj, cap * sizeof *a);
            double *b = a ? realloc(L->Bx, cap * sizeof *b) : NULL;
            if (a)
                L->Bj = a;
            if (b)
                L->Bx = b;
            if (!b) {
                s = nomem(err);
                break;
            }
        }
        double v = sqlite3_column_double(st, 6);
        L->Bj[nb] = sqlite3_column_int(st, 4);
        L->Bx[nb] = sqlite3_column_int(st, 5) ? -v : v;
        nb++;
    }
    if (s == PCF_OK && rc != SQLITE_DONE)
        s = pcf__db_sql_error(db, rc, err, "reading the LCI elementary flows");
    sqlite3_finalize(st);
    if (s == PCF_OK && !L->Bp && !(L->Bp = malloc(sizeof *L->Bp)))
        s = nomem(err);
    if (s == PCF_OK)
        L->Bp[L->nf] = (int)nb;
    return s;
}

/* ---- factorisation and solves ------------------------------------------------------------- */

/* Names up to five processes with the smallest pivots when A is (near-)singular. */
static pcf_status singular_error(pcf_lci *L, double rcond, pcf_error *err)
{
    int lnz, unz, nr, nc, nzud;
    size_t n = L->n;
    int *P = malloc(n * sizeof *P), *Q = malloc(n * sizeof *Q);
    double *D = malloc(n * sizeof *D);
    pcf__buf b;
    pcf__buf_init(&b);
    if (P && Q && D && umfpack_di_get_lunz(&lnz, &unz, &nr, &nc, &nzud, L->numeric) == UMFPACK_OK &&
        umfpack_di_get_numeric(NULL, NULL, NULL, NULL, NULL, NULL, P, Q, D, NULL, NULL,
                               L->numeric) == UMFPACK_OK) {
        double dmax = 0;
        for (size_t k = 0; k < n; k++)
            dmax = fmax(dmax, fabs(D[k]));
        int listed = 0;
        for (size_t k = 0; k < n && listed < 5; k++) {
            if (fabs(D[k]) <= 1e-13 * dmax) {
                size_t j = (size_t)Q[k];
                pcf__buf_printf(&b, "%s\"%.80s\" (%s)", listed ? ", " : "", L->pname[j], L->id[j]);
                listed++;
            }
        }
    }
    free(P);
    free(Q);
    free(D);
    pcf__numbuf nb;
    pcf_status s = pcf__error(err, PCF_ERR_DATA_MISSING,
                              "the technology matrix of \"%s\" is %s (reciprocal condition "
                              "estimate %s), so the processes cannot be scaled to their demand; "
                              "the processes involved: %s. Check their reference amounts and the "
                              "loops they form (a loop that consumes at least as much as it "
                              "makes has no solution)",
                              L->name, rcond == 0 ? "singular" : "near-singular",
                              pcf__num(&nb, rcond), b.data && b.len ? b.data : "(not identified)");
    pcf__buf_free(&b);
    return s;
}

static pcf_status factorise(pcf_lci *L, pcf_error *err)
{
    double control[UMFPACK_CONTROL], info[UMFPACK_INFO];
    umfpack_di_defaults(control);
    int n = (int)L->n;
    int st = umfpack_di_symbolic(n, n, L->Ap, L->Ai, L->Ax, &L->symbolic, control, info);
    if (st == UMFPACK_OK)
        st = umfpack_di_numeric(L->Ap, L->Ai, L->Ax, L->symbolic, &L->numeric, control, info);
    if (st == UMFPACK_ERROR_out_of_memory)
        return nomem(err);
    if (st == UMFPACK_WARNING_singular_matrix)
        return singular_error(L, 0, err);
    if (st != UMFPACK_OK)
        return pcf__error(err, PCF_ERR_INTERNAL, "UMFPACK factorisation failed (status %d)", st);
    double rcond = info[UMFPACK_RCOND];
    if (!(rcond > 1e-14))
        return singular_error(L, rcond, err);
    return PCF_OK;
}

/* Solves Aᵀ y = d (transposed = 1) or A x = d, into out. */
static pcf_status solve(pcf_lci *L, int transposed, const double *d, double *out, pcf_error *err)
{
    double control[UMFPACK_CONTROL], info[UMFPACK_INFO];
    umfpack_di_defaults(control);
    int st = umfpack_di_solve(transposed ? UMFPACK_At : UMFPACK_A, L->Ap, L->Ai, L->Ax, out, d,
                              L->numeric, control, info);
    if (st == UMFPACK_ERROR_out_of_memory)
        return nomem(err);
    if (st != UMFPACK_OK)
        return pcf__error(err, PCF_ERR_INTERNAL, "UMFPACK solve failed (status %d)", st);
    return PCF_OK;
}

/* out_j = (A⁻ᵀ d)_j × scale_j: the result per ONE published reference unit of every process. */
static pcf_status solve_all(pcf_lci *L, const double *d, double *out, pcf_error *err)
{
    pcf_status s = solve(L, 1, d, out, err);
    for (size_t j = 0; s == PCF_OK && j < L->n; j++)
        out[j] *= L->scale[j];
    return s;
}

static int part_of(pcf__lci_kind k)
{
    switch (k) {
    case PCF__LCI_FOSSIL:
        return PCF_LCI_FOSSIL;
    case PCF__LCI_BIOGENIC:
        return PCF_LCI_BIOGENIC;
    case PCF__LCI_DLUC:
        return PCF_LCI_DLUC;
    case PCF__LCI_REMOVAL:
        return PCF_LCI_REMOVALS;
    default:
        return -1;
    }
}

static pcf_status characterise(pcf_lci *L, pcf_error *err)
{
    size_t n = L->n, ng = pcf_gas_count();
    double *d = calloc((PCF__LCI_PARTS + ng) * n, sizeof *d);
    L->direct = calloc(n, sizeof *L->direct);
    L->res = calloc(PCF__LCI_PARTS * n, sizeof *L->res);
    L->gas_res = calloc(ng * n, sizeof *L->gas_res);
    L->work = calloc(2 * n, sizeof *L->work);
    if (!d || !L->direct || !L->res || !L->gas_res || !L->work) {
        free(d);
        return nomem(err);
    }
    for (size_t f = 0; f < L->nf; f++) {
        int part = part_of(L->flows[f].kind);
        if (part < 0)
            continue;
        for (int k = L->Bp[f]; k < L->Bp[f + 1]; k++) {
            size_t j = (size_t)L->Bj[k];
            double kg = L->Bx[k], e = kg * L->flows[f].gwp;
            d[j] += e;                                           /* total */
            d[(size_t)part * n + j] += e;                        /* part */
            d[(PCF__LCI_PARTS + L->flows[f].gas) * n + j] += kg; /* gas, kg */
        }
    }
    memcpy(L->direct, d, n * sizeof *d);
    pcf_status s = PCF_OK;
    for (size_t v = 0; s == PCF_OK && v < PCF__LCI_PARTS + ng; v++) {
        const double *dv = d + v * n;
        int any = 0;
        for (size_t j = 0; j < n && !any; j++)
            any = dv[j] != 0;
        if (any)
            s = solve_all(
                L, dv, v < PCF__LCI_PARTS ? L->res + v * n : L->gas_res + (v - PCF__LCI_PARTS) * n,
                err);
    }
    free(d);
    return s;
}

pcf_status pcf_lci_open(pcf_db *db, const char *name, pcf_gwp_set set, pcf_lci **out,
                        pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!db || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_lci_open: db and out must not be NULL");
    pcf_status s = pcf__lci_check_name(name, err);
    double g;
    if (s == PCF_OK)
        s = pcf_gwp_value(set, PCF_GAS_N2O, &g, err);
    if (s != PCF_OK)
        return s;
    if (!pcf__lci_has_tables(db))
        return pcf__error(err, PCF_ERR_NOT_FOUND,
                          "the factor database \"%s\" has no LCI tables; import a database with "
                          "`pcf lci import`",
                          db->path);
    pcf_lci *L = calloc(1, sizeof *L);
    if (!L || !(L->name = pcf__strdup(name))) {
        free(L);
        return nomem(err);
    }
    L->set = set;
    s = load_processes(db, L, err);
    if (s == PCF_OK)
        s = load_a(db, L, err);
    if (s == PCF_OK)
        s = load_b(db, L, err);
    if (s == PCF_OK)
        s = factorise(L, err);
    if (s == PCF_OK)
        s = characterise(L, err);
    if (s == PCF_OK)
        s = pcf__lci_load_draws(db, L, err);
    if (s != PCF_OK) {
        pcf_lci_destroy(L);
        return s;
    }
    *out = L;
    return pcf__ok(err);
}

/* ---- accessors ---------------------------------------------------------------------------- */

size_t pcf_lci_process_count(const pcf_lci *lci)
{
    return lci ? lci->n : 0;
}

pcf_gwp_set pcf_lci_gwp_set(const pcf_lci *lci)
{
    return lci ? lci->set : PCF_GWP_DEFAULT;
}

const char *pcf_lci_name(const pcf_lci *lci)
{
    return lci ? lci->name : "";
}

size_t pcf_lci_matrix_nonzeros(const pcf_lci *lci)
{
    return lci ? lci->nnz : 0;
}

#define PROC_STR(fn, field)                                                                        \
    const char *fn(const pcf_lci *lci, size_t index)                                               \
    {                                                                                              \
        return lci && index < lci->n ? lci->field[index] : "";                                     \
    }
PROC_STR(pcf_lci_process_id, id)
PROC_STR(pcf_lci_process_name, pname)
PROC_STR(pcf_lci_process_location, loc)
PROC_STR(pcf_lci_process_unit, unit)
#undef PROC_STR

size_t pcf_lci_technology(const pcf_lci *lci, const int **colptr, const int **rowidx,
                          const double **values)
{
    if (colptr)
        *colptr = lci ? lci->Ap : NULL;
    if (rowidx)
        *rowidx = lci ? lci->Ai : NULL;
    if (values)
        *values = lci ? lci->Ax : NULL;
    return lci ? lci->nnz : 0;
}

size_t pcf_lci_flow_count(const pcf_lci *lci)
{
    return lci ? lci->nf : 0;
}

const char *pcf_lci_flow_id(const pcf_lci *lci, size_t index)
{
    return lci && index < lci->nf ? lci->flows[index].id : "";
}

size_t pcf_lci_intervention(const pcf_lci *lci, const int **rowptr, const int **colidx,
                            const double **values)
{
    if (rowptr)
        *rowptr = lci ? lci->Bp : NULL;
    if (colidx)
        *colidx = lci ? lci->Bj : NULL;
    if (values)
        *values = lci ? lci->Bx : NULL;
    return lci ? (size_t)lci->Bp[lci->nf] : 0;
}

double pcf_lci_process_scale(const pcf_lci *lci, size_t index)
{
    return lci && index < lci->n ? lci->scale[index] : 0;
}

double pcf_lci_co2e(const pcf_lci *lci, size_t index, pcf_lci_part part)
{
    if (!lci || index >= lci->n || (int)part < 0 || (int)part >= PCF__LCI_PARTS)
        return 0;
    return lci->res[(size_t)part * lci->n + index];
}

double pcf_lci_gas_kg(const pcf_lci *lci, size_t index, pcf_gas gas)
{
    if (!lci || index >= lci->n || (size_t)gas >= pcf_gas_count())
        return 0;
    return lci->gas_res[(size_t)gas * lci->n + index];
}

pcf_status pcf_lci_find(const pcf_lci *lci, const char *id_or_name, size_t *index, pcf_error *err)
{
    if (!lci || !id_or_name || !index)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_lci_find: arguments must not be NULL");
    for (size_t i = 0; i < lci->n; i++)
        if (strcmp(lci->id[i], id_or_name) == 0) {
            *index = i;
            return pcf__ok(err);
        }
    for (size_t i = 0; i < lci->n; i++)
        if (strcmp(lci->pname[i], id_or_name) == 0) {
            *index = i;
            return pcf__ok(err);
        }
    pcf__buf b;
    pcf__buf_init(&b);
    int near = 0;
    for (size_t i = 0; i < lci->n && near < 5; i++) {
        /* case-insensitive substring */
        const char *h = lci->pname[i];
        size_t nl = strlen(id_or_name);
        for (; *h; h++) {
            size_t k = 0;
            while (k < nl && h[k] && pcf__ascii_lower(h[k]) == pcf__ascii_lower(id_or_name[k]))
                k++;
            if (k == nl)
                break;
        }
        if (*h && nl) {
            pcf__buf_printf(&b, "%s\"%.80s\"", near ? ", " : "", lci->pname[i]);
            near++;
        }
    }
    pcf_status s = pcf__error(
        err, PCF_ERR_NOT_FOUND, "no process of \"%s\" has the @id or name \"%.80s\"%s%s", lci->name,
        id_or_name, near ? "; did you mean " : "", near && b.data ? b.data : "");
    pcf__buf_free(&b);
    return s;
}

pcf_status pcf_lci_inventory(pcf_lci *lci, const char *flow_id, double *out, pcf_error *err)
{
    if (!lci || !flow_id || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "pcf_lci_inventory: arguments must not be NULL");
    size_t f = 0;
    while (f < lci->nf && strcmp(lci->flows[f].id, flow_id) != 0)
        f++;
    if (f == lci->nf)
        return pcf__error(err, PCF_ERR_NOT_FOUND,
                          "no exchange of \"%s\" has the elementary flow \"%.80s\"", lci->name,
                          flow_id);
    double *d = lci->work;
    memset(d, 0, lci->n * sizeof *d);
    for (int k = lci->Bp[f]; k < lci->Bp[f + 1]; k++)
        d[lci->Bj[k]] += lci->Bx[k];
    return solve_all(lci, d, out, err);
}

static int cmp_contrib(const void *a, const void *b)
{
    const pcf_lci_contribution *x = a, *y = b;
    double ax = fabs(x->kg_co2e), ay = fabs(y->kg_co2e);
    if (ax != ay)
        return ax < ay ? 1 : -1;
    return x->process < y->process ? -1 : x->process > y->process;
}

pcf_status pcf_lci_contributions(pcf_lci *lci, size_t index, size_t top, pcf_lci_contribution **out,
                                 size_t *n_out, double *remainder, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (n_out)
        *n_out = 0;
    if (remainder)
        *remainder = 0;
    if (!lci || !out || !n_out || index >= (lci ? lci->n : 0))
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "pcf_lci_contributions: NULL argument or process index out of range");
    size_t n = lci->n;
    double *f = lci->work, *x = lci->work + n;
    memset(f, 0, n * sizeof *f);
    f[index] = lci->scale[index];
    pcf_status s = solve(lci, 0, f, x, err);
    if (s != PCF_OK)
        return s;
    size_t m = 0;
    pcf_lci_contribution *c = malloc((n ? n : 1) * sizeof *c);
    if (!c)
        return nomem(err);
    for (size_t j = 0; j < n; j++) {
        double v = x[j] * lci->direct[j];
        if (v != 0)
            c[m++] = (pcf_lci_contribution){j, x[j], v};
    }
    qsort(c, m, sizeof *c, cmp_contrib);
    size_t keep = top && top < m ? top : m;
    double rest = 0;
    for (size_t k = keep; k < m; k++)
        rest += c[k].kg_co2e;
    if (remainder)
        *remainder = rest;
    *out = c;
    *n_out = keep;
    return pcf__ok(err);
}
