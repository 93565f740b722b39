/*
 * pcf — the LCI solver: technology matrix A and intervention matrix B from the lci_* tables, one
 * sparse LU factorisation of A (SuiteSparse KLU), every process's characterised result by
 * solves with Aᵀ, inventories, contributions, and the results stored as factor rows.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "lci_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <stdint.h>

/* ---- small helpers ------------------------------------------------------------------------ */

static const char *arena_col(pcf__arena *a, sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    return pcf__arena_strdup(a, t ? (const char *)t : "");
}

static int cmp_id(const void *key, const void *elem)
{
    return strcmp(*(const char *const *)key, *(const char *const *)elem);
}

size_t pcf__lci_find_id(const void *base, size_t n, size_t size, const char *id)
{
    const char *const *hit = n ? bsearch(&id, base, n, size, cmp_id) : NULL; /* base may be NULL */
    return hit ? (size_t)((const char *)hit - (const char *)base) / size : n;
}

/* Resizes the array *p to hold want elements of size elem; 0 when out of memory (*p unchanged). */
static int grow_to(void **p, size_t elem, size_t want)
{
    void *q = realloc(*p, want * elem);
    if (!q)
        return 0;
    *p = q;
    return 1;
}
#define GROW_TO(ptr, want) grow_to((void **)&(ptr), sizeof *(ptr), (want))

void pcf_lci_destroy(pcf_lci *lci)
{
    if (!lci)
        return;
    free(lci->id);
    free(lci->pname);
    free(lci->loc);
    free(lci->unit);
    free(lci->scale);
    free(lci->Ap);
    free(lci->Ai);
    free(lci->Ax);
    if (lci->numeric)
        klu_free_numeric(&lci->numeric, &lci->common);
    if (lci->symbolic)
        klu_free_symbolic(&lci->symbolic, &lci->common);
    free(lci->flows);
    free(lci->Bp);
    free(lci->Bj);
    free(lci->Bx);
    free(lci->direct);
    free(lci->res);
    free(lci->gas_res);
    free(lci->work);
    free(lci->gwp);
    pcf__lci_free_draws(lci);
    pcf__arena_free(&lci->strings);
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

/* A row that the import would never have written (the tables were changed by hand). */
static pcf_status corrupt(const pcf_lci *L, pcf_error *err, const char *what, const char *id)
{
    return pcf__error(err, PCF_ERR_DATABASE,
                      "the LCI tables of \"%s\" are inconsistent: %s \"%.80s\"; import the "
                      "database again (`pcf lci import DB SOURCE --name %s --replace`)",
                      L->name, what, id, L->name);
}

/* ---- loading ------------------------------------------------------------------------------
 * Three reads, each one pass over a primary key in its own order (no join, no sort): the
 * processes by @id, the elementary flows by @id, the exchanges by (process, n). A process's
 * column is the rank of its @id (the import numbers them so), so the exchanges arrive column by
 * column; providers and flows are found by binary search in the @id-ordered arrays. */

static pcf_status load_processes(pcf_db *db, pcf_lci *L, pcf_error *err)
{
    sqlite3_stmt *st = NULL;
    pcf_status s = prepare(db,
                           "SELECT id, idx, name, location, ref_unit, ref_to_flow_unit FROM "
                           "lci_processes WHERE lcidb = ?1 ORDER BY id",
                           L->name, &st, err);
    size_t cap = 0;
    int rc = SQLITE_DONE;
    while (s == PCF_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        size_t i = L->n;
        if (i == cap) {
            cap = cap ? 2 * cap : 1024;
            if (!GROW_TO(L->id, cap) || !GROW_TO(L->pname, cap) || !GROW_TO(L->loc, cap) ||
                !GROW_TO(L->unit, cap) || !GROW_TO(L->scale, cap)) {
                s = nomem(err);
                break;
            }
        }
        L->id[i] = arena_col(&L->strings, st, 0);
        L->pname[i] = arena_col(&L->strings, st, 2);
        L->loc[i] = arena_col(&L->strings, st, 3);
        L->unit[i] = arena_col(&L->strings, st, 4);
        L->scale[i] = sqlite3_column_double(st, 5);
        L->n++;
        if (!L->id[i] || !L->pname[i] || !L->loc[i] || !L->unit[i])
            s = nomem(err);
        else if (sqlite3_column_int64(st, 1) != (sqlite3_int64)i)
            s = corrupt(L, err, "the matrix column (idx) is not the rank of the @id of process",
                        L->id[i]);
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

/* The elementary flows of the database (all of them; B keeps those with exchanges). */
typedef struct eflows {
    size_t n, cap;
    const char **id, **name, **comp, **unit; /* in `strings` */
    size_t *uses;                            /* exchanges per flow, then B's row or SIZE_MAX */
    pcf__arena strings;
} eflows;

static void eflows_free(eflows *F)
{
    free(F->id);
    free(F->name);
    free(F->comp);
    free(F->unit);
    free(F->uses);
    pcf__arena_free(&F->strings);
}

static pcf_status load_flows(pcf_db *db, pcf_lci *L, eflows *F, pcf_error *err)
{
    sqlite3_stmt *st = NULL;
    pcf_status s = prepare(db,
                           "SELECT id, name, compartment, ref_unit FROM lci_flows WHERE lcidb = "
                           "?1 AND type = 'ELEMENTARY_FLOW' ORDER BY id",
                           L->name, &st, err);
    int rc = SQLITE_DONE;
    while (s == PCF_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        size_t i = F->n;
        if (i == F->cap) {
            F->cap = F->cap ? 2 * F->cap : 1024;
            if (!GROW_TO(F->id, F->cap) || !GROW_TO(F->name, F->cap) || !GROW_TO(F->comp, F->cap) ||
                !GROW_TO(F->unit, F->cap) || !GROW_TO(F->uses, F->cap)) {
                s = nomem(err);
                break;
            }
        }
        F->id[i] = arena_col(&F->strings, st, 0);
        F->name[i] = arena_col(&F->strings, st, 1);
        F->comp[i] = arena_col(&F->strings, st, 2);
        F->unit[i] = arena_col(&F->strings, st, 3);
        F->uses[i] = 0;
        F->n++;
        if (!F->id[i] || !F->name[i] || !F->comp[i] || !F->unit[i])
            s = nomem(err);
    }
    if (s == PCF_OK && rc != SQLITE_DONE)
        s = pcf__db_sql_error(db, rc, err, "reading the LCI elementary flows");
    sqlite3_finalize(st);
    return s;
}

/* What the pass over the exchanges collects: A's columns in place (L->Ap/Ai/Ax) and B as
 * triplets (flow in F, process, value), in process order. */
typedef struct scan {
    size_t na, acap;
    size_t nb, bcap;
    size_t *bf;
    int *bj;
    double *bx;
} scan;

/* Sorts column j's entries Ai/Ax[Ap[j]..na) by row (stable) and sums duplicates. */
static void close_column(pcf_lci *L, scan *S, size_t j)
{
    size_t lo = (size_t)L->Ap[j], out = lo;
    for (size_t k = lo + 1; k < S->na; k++) {
        int r = L->Ai[k];
        double v = L->Ax[k];
        size_t m = k;
        while (m > lo && L->Ai[m - 1] > r) {
            L->Ai[m] = L->Ai[m - 1];
            L->Ax[m] = L->Ax[m - 1];
            m--;
        }
        L->Ai[m] = r;
        L->Ax[m] = v;
    }
    for (size_t k = lo; k < S->na; k++) {
        if (out > lo && L->Ai[out - 1] == L->Ai[k])
            L->Ax[out - 1] += L->Ax[k];
        else {
            L->Ai[out] = L->Ai[k];
            L->Ax[out++] = L->Ax[k];
        }
    }
    S->na = out;
    L->Ap[j + 1] = (int)out;
}

/* One exchange row (process, role, input, amount_ref, provider, flow) of column j. */
static pcf_status take_exchange(pcf_lci *L, eflows *F, scan *S, sqlite3_stmt *st, size_t j,
                                pcf_error *err)
{
    const char *role = (const char *)sqlite3_column_text(st, 1);
    double v = sqlite3_column_double(st, 3);
    int input = sqlite3_column_int(st, 2);
    if (role[0] == 'e') {
        const char *fid = (const char *)sqlite3_column_text(st, 5);
        size_t f = pcf__lci_find_id(F->id, F->n, sizeof *F->id, fid);
        if (f == F->n)
            return corrupt(L, err, "an elementary exchange names a flow that is not elementary",
                           fid);
        if (S->nb == S->bcap) {
            S->bcap = S->bcap ? 2 * S->bcap : 4096;
            if (!GROW_TO(S->bf, S->bcap) || !GROW_TO(S->bj, S->bcap) || !GROW_TO(S->bx, S->bcap))
                return nomem(err);
        }
        S->bf[S->nb] = f;
        S->bj[S->nb] = (int)j;
        S->bx[S->nb++] = input ? -v : v;
        F->uses[f]++;
        return PCF_OK;
    }
    /* the reference output on the diagonal, positive; a linked exchange in its provider's row,
     * inputs negative */
    size_t row = j;
    if (role[0] == 'l') {
        const char *prov = (const char *)sqlite3_column_text(st, 4);
        row = pcf__lci_find_id(L->id, L->n, sizeof *L->id, prov);
        if (row == L->n)
            return corrupt(L, err, "a linked exchange names a provider that is not a process",
                           prov);
        v = input ? -v : v;
    }
    if (S->na > INT_MAX - 1)
        return pcf__error(err, PCF_ERR_UNSUPPORTED, "more than 2^31 matrix entries");
    if (S->na == S->acap) {
        S->acap = S->acap ? 2 * S->acap : 4096;
        if (!GROW_TO(L->Ai, S->acap) || !GROW_TO(L->Ax, S->acap))
            return nomem(err);
    }
    L->Ai[S->na] = (int)row;
    L->Ax[S->na++] = v;
    return PCF_OK;
}

static pcf_status scan_exchanges(pcf_db *db, pcf_lci *L, eflows *F, scan *S, pcf_error *err)
{
    sqlite3_stmt *st = NULL;
    pcf_status s = prepare(db,
                           "SELECT process, role, input, amount_ref, provider, flow FROM "
                           "lci_exchanges WHERE lcidb = ?1 AND role IN ('reference', 'linked', "
                           "'elementary') ORDER BY process, n",
                           L->name, &st, err);
    if (s == PCF_OK && !(L->Ap = malloc((L->n + 1) * sizeof *L->Ap)))
        s = nomem(err);
    if (s == PCF_OK)
        L->Ap[0] = 0;
    size_t j = 0;
    int rc = SQLITE_DONE;
    while (s == PCF_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *p = (const char *)sqlite3_column_text(st, 0);
        while (j < L->n && strcmp(L->id[j], p) != 0)
            close_column(L, S, j++);
        if (j == L->n)
            s = corrupt(L, err, "an exchange belongs to a process that is not listed", p);
        else
            s = take_exchange(L, F, S, st, j, err);
    }
    if (s == PCF_OK && rc != SQLITE_DONE)
        s = pcf__db_sql_error(db, rc, err, "reading the LCI exchanges");
    sqlite3_finalize(st);
    for (; s == PCF_OK && j < L->n; j++)
        close_column(L, S, j);
    if (s == PCF_OK)
        L->nnz = S->na;
    return s;
}

/* B by flow (compressed rows) from the triplets, with each flow's classification. */
static pcf_status build_b(pcf_lci *L, eflows *F, scan *S, pcf_error *err)
{
    size_t nf = 0;
    for (size_t f = 0; f < F->n; f++)
        nf += F->uses[f] > 0;
    L->flows = calloc(nf ? nf : 1, sizeof *L->flows);
    L->Bp = malloc((nf + 1) * sizeof *L->Bp);
    L->Bj = malloc((S->nb ? S->nb : 1) * sizeof *L->Bj);
    L->Bx = malloc((S->nb ? S->nb : 1) * sizeof *L->Bx);
    if (!L->flows || !L->Bp || !L->Bj || !L->Bx)
        return nomem(err);
    size_t at = 0;
    for (size_t f = 0; f < F->n; f++) {
        if (!F->uses[f]) {
            F->uses[f] = SIZE_MAX;
            continue;
        }
        pcf__lci_flow *E = &L->flows[L->nf];
        L->Bp[L->nf] = (int)at;
        at += F->uses[f];
        F->uses[f] = L->nf++;
        if (!(E->id = pcf__arena_strdup(&L->strings, F->id[f])))
            return nomem(err);
        E->kind = pcf__lci_classify(F->id[f], F->name[f], F->comp[f], &E->gas);
        /* Counted flows must be in kg (the mass group's reference unit). */
        if (E->kind >= PCF__LCI_FOSSIL && E->kind <= PCF__LCI_REMOVAL) {
            if (strcmp(F->unit[f], "kg") != 0)
                E->kind = PCF__LCI_UNMAPPED;
            else
                E->gwp = L->gwp[E->gas];
        }
    }
    L->Bp[L->nf] = (int)at;
    /* a stable counting sort: within a flow, entries stay in process order */
    int *next = malloc((L->nf ? L->nf : 1) * sizeof *next);
    if (!next)
        return nomem(err);
    memcpy(next, L->Bp, L->nf * sizeof *next);
    for (size_t k = 0; k < S->nb; k++) {
        int pos = next[F->uses[S->bf[k]]]++;
        L->Bj[pos] = S->bj[k];
        L->Bx[pos] = S->bx[k];
    }
    free(next);
    return PCF_OK;
}

static pcf_status load_matrices(pcf_db *db, pcf_lci *L, pcf_error *err)
{
    eflows F;
    scan S;
    memset(&F, 0, sizeof F);
    memset(&S, 0, sizeof S);
    pcf_status s = load_processes(db, L, err);
    if (s == PCF_OK)
        s = load_flows(db, L, &F, err);
    if (s == PCF_OK)
        s = scan_exchanges(db, L, &F, &S, err);
    if (s == PCF_OK)
        s = build_b(L, &F, &S, err);
    eflows_free(&F);
    free(S.bf);
    free(S.bj);
    free(S.bx);
    return s;
}

/* ---- factorisation and solves ------------------------------------------------------------- */

/* Names up to five processes whose pivots are (near) zero when A is (near-)singular. */
static pcf_status singular_error(pcf_lci *L, double rcond, pcf_error *err)
{
    size_t n = L->n;
    const double *D = L->numeric->Udiag;
    const int *Q = L->symbolic->Q;
    double dmax = 0;
    for (size_t k = 0; k < n; k++)
        if (isfinite(D[k]))
            dmax = fmax(dmax, fabs(D[k]));
    pcf__buf b;
    pcf__buf_init(&b);
    int listed = 0;
    for (size_t k = 0; k < n && listed < 5; k++) {
        /* a zero pivot leaves NaN or infinite pivots after it in the same block: named too */
        if (!(fabs(D[k]) > 1e-13 * dmax) || !isfinite(D[k])) {
            size_t j = (size_t)Q[k];
            pcf__buf_printf(&b, "%s\"%.80s\" (%s)", listed ? ", " : "", L->pname[j], L->id[j]);
            listed++;
        }
    }
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

void pcf__lci_klu_defaults(klu_common *c)
{
    klu_defaults(c);
    c->btf = 1;      /* block triangular form: an LCA matrix is mostly triangular */
    c->ordering = 0; /* AMD within each block */
    /* keep the Numeric object of a singular matrix: its zero pivots name the processes */
    c->halt_if_singular = 0;
}

static pcf_status factorise(pcf_lci *L, pcf_error *err)
{
    klu_common *c = &L->common;
    pcf__lci_klu_defaults(c);
    L->symbolic = klu_analyze((int)L->n, L->Ap, L->Ai, c);
    if (L->symbolic)
        L->numeric = klu_factor(L->Ap, L->Ai, L->Ax, L->symbolic, c);
    if (!L->numeric) /* A is valid and a singular one still gives its factors: out of memory */
        return pcf__error(err, PCF_ERR_NOMEM,
                          "out of memory factorising the technology matrix (KLU status %d)",
                          c->status);
    /* klu_rcond: min |U(k,k)| / max |U(k,k)|, 0 with a zero pivot (the estimate UMFPACK and
     * MATLAB's condest start from) */
    klu_rcond(L->symbolic, L->numeric, c);
    L->rcond = c->rcond;
    if (!(L->rcond > 1e-14))
        return singular_error(L, L->rcond, err);
    return PCF_OK;
}

/* Solves, in place, Aᵀ Y = X (transposed) or A Y = X for nrhs columns of length n. KLU checks
 * only its arguments, which are valid here, so it cannot fail. */
static void solve(pcf_lci *L, int transposed, double *x, int nrhs)
{
    if (transposed)
        (void)klu_tsolve(L->symbolic, L->numeric, (int)L->n, nrhs, x, &L->common);
    else
        (void)klu_solve(L->symbolic, L->numeric, (int)L->n, nrhs, x, &L->common);
}

/* x ← A⁻ᵀ x, then x_j × scale_j: the result per ONE published reference unit of every process,
 * for nrhs right-hand sides at once. */
static void solve_all(pcf_lci *L, double *x, int nrhs)
{
    solve(L, 1, x, nrhs);
    for (size_t v = 0; v < (size_t)nrhs; v++)
        for (size_t j = 0; j < L->n; j++)
            x[v * L->n + j] *= L->scale[j];
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
    L->work = calloc(n, sizeof *L->work);
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
    /* the non-zero right-hand sides, moved to the front, in one solve with Aᵀ */
    size_t nv = PCF__LCI_PARTS + ng, used = 0;
    size_t *which = malloc(nv * sizeof *which);
    if (!which) {
        free(d);
        return nomem(err);
    }
    for (size_t v = 0; v < nv; v++) {
        const double *dv = d + v * n;
        int any = 0;
        for (size_t j = 0; j < n && !any; j++)
            any = dv[j] != 0;
        if (any) {
            if (used != v)
                memcpy(d + used * n, dv, n * sizeof *d);
            which[used++] = v;
        }
    }
    if (used)
        solve_all(L, d, (int)used);
    for (size_t u = 0; u < used; u++) {
        size_t v = which[u];
        memcpy(v < PCF__LCI_PARTS ? L->res + v * n : L->gas_res + (v - PCF__LCI_PARTS) * n,
               d + u * n, n * sizeof *d);
    }
    free(which);
    free(d);
    return PCF_OK;
}

pcf_status pcf_lci_open(pcf_db *db, const char *name, pcf_gwp_set set, pcf_lci **out,
                        pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!db || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_lci_open: db and out must not be NULL");
    pcf_status s = pcf__lci_check_name(name, err);
    int found = 0;
    if (s == PCF_OK)
        s = pcf__lci_tables(db, &found, err);
    if (s != PCF_OK)
        return s;
    if (!found)
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
    /* every gas's GWP100 in the set (which this checks), for the flows' classification */
    size_t ng = pcf_gas_count();
    if (!(L->gwp = malloc(ng * sizeof *L->gwp)))
        s = nomem(err);
    for (size_t g = 0; s == PCF_OK && g < ng; g++)
        s = pcf_gwp_value(set, (pcf_gas)g, &L->gwp[g], err);
    if (s == PCF_OK)
        s = load_matrices(db, L, err);
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
    memset(out, 0, lci->n * sizeof *out);
    for (int k = lci->Bp[f]; k < lci->Bp[f + 1]; k++)
        out[lci->Bj[k]] += lci->Bx[k];
    solve_all(lci, out, 1);
    return pcf__ok(err);
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
    double *x = lci->work;
    memset(x, 0, n * sizeof *x);
    x[index] = lci->scale[index];
    solve(lci, 0, x, 1);
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
