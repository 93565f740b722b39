/*
 * pcf — dependent sampling of LCI factors in a product model's Monte Carlo: the LCI databases a
 * run samples (pcf_mc_options_add_lci, pcf_mc_options_open_lci) and the links from the system's
 * factor parameters to their processes. The sampling itself is in lib/mc.c (run_chunk), one
 * iteration of a database in lib/lci_mc.c. The rules are in docs/lci.md ("In a product model's
 * Monte Carlo"). GPL-3.0-or-later; see LICENSE.
 */
#include "lci_internal.h"
#include "mc_internal.h"
#include "system_data.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void pcf__mc_options_free_lci(pcf_mc_options *o)
{
    for (size_t k = 0; k < o->n_lci; k++)
        if (o->lci[k].owned)
            pcf_lci_destroy((pcf_lci *)o->lci[k].lci);
    o->n_lci = 0;
}

/* The options' database named name, or SIZE_MAX. */
static size_t find_lci(const pcf_mc_options *o, const char *name)
{
    for (size_t k = 0; k < o->n_lci; k++)
        if (strcmp(pcf_lci_name(o->lci[k].lci), name) == 0)
            return k;
    return SIZE_MAX;
}

static pcf_status add(pcf_mc_options *o, const pcf_lci *lci, int owned, pcf_error *err)
{
    if (find_lci(o, pcf_lci_name(lci)) != SIZE_MAX)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "the Monte Carlo options already sample an LCI database named \"%s\"",
                          pcf_lci_name(lci));
    if (o->n_lci == PCF__MC_MAX_LCI)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "a Monte Carlo run samples at most %d LCI databases", PCF__MC_MAX_LCI);
    o->lci[o->n_lci].lci = lci;
    o->lci[o->n_lci].owned = owned;
    o->n_lci++;
    return pcf__ok(err);
}

pcf_status pcf_mc_options_add_lci(pcf_mc_options *opts, const pcf_lci *lci, pcf_error *err)
{
    if (!opts || !lci)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_mc_options_add_lci: %s is NULL",
                          !opts ? "opts" : "lci");
    return add(opts, lci, 0, err);
}

/* Opens LCI database name from layer `layer` of db in GWP set `set`. The default layer is db
 * itself; an attached layer is opened as a factor database of its own (read-only), since the
 * LCI tables are read from a connection's main schema. */
static pcf_status open_from_layer(pcf_db *db, const char *layer, const char *name, pcf_gwp_set set,
                                  pcf_lci **out, pcf_error *err)
{
    size_t li = 0;
    while (li < db->n_layers && strcmp(db->layers[li].name, layer) != 0)
        li++;
    if (li == 0 || li == db->n_layers) /* the default layer, or a factor not from a layer */
        return pcf_lci_open(db, name, set, out, err);
    const char *file = sqlite3_db_filename(db->sql, db->layers[li].schema);
    pcf_db *ldb = NULL;
    pcf_status s = pcf_db_open(file ? file : "", PCF_DB_READ_ONLY, &ldb, err);
    if (s == PCF_OK)
        s = pcf_lci_open(ldb, name, set, out, err);
    pcf_db_close(ldb);
    return s;
}

pcf_status pcf_mc_options_open_lci(pcf_mc_options *opts, const pcf_system *sys, pcf_db *db,
                                   size_t *opened, pcf_error *err)
{
    if (opened)
        *opened = 0;
    if (!opts || !sys || !db)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_mc_options_open_lci: %s is NULL",
                          !opts  ? "opts"
                          : !sys ? "sys"
                                 : "db");
    const pcf__sysdata *d = sys->data;
    for (size_t i = 0; i < d->n_factors; i++) {
        const pcf__factor_info *f = &d->factors[i];
        if (!f->lci_db || find_lci(opts, f->lci_db) != SIZE_MAX)
            continue;
        pcf_lci *lci = NULL;
        pcf_error e;
        pcf_status s = open_from_layer(db, f->layer ? f->layer : "", f->lci_db,
                                       (pcf_gwp_set)f->lci_gwp, &lci, &e);
        if (s != PCF_OK)
            return pcf__error(err, s,
                              "factor %s comes from the LCI database \"%s\" (layer %s), which "
                              "cannot be opened for the Monte Carlo run: %s",
                              f->code, f->lci_db, f->layer ? f->layer : "?", e.message);
        if ((s = add(opts, lci, 1, err)) != PCF_OK) {
            pcf_lci_destroy(lci);
            return s;
        }
        if (opened)
            (*opened)++;
    }
    return pcf__ok(err);
}

uint64_t pcf__mc_lci_seed(uint64_t seed, const char *name)
{
    uint64_t h = 0xcbf29ce484222325u; /* FNV-1a, 64 bits */
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        h = (h ^ *p) * 0x100000001b3u;
    return seed ^ h;
}

/* Links factor parameter j (factor info f) to process of lci, after the checks. */
static pcf_status link_one(const pcf__param *p, const pcf__factor_info *f, const pcf_lci *lci,
                           size_t *process, pcf_error *err)
{
    const char *id = f->code + strlen(f->lci_db) + 1;
    size_t idx = 0;
    if (pcf_lci_find(lci, id, &idx, NULL) != PCF_OK || strcmp(pcf_lci_process_id(lci, idx), id))
        return pcf__error(err, PCF_ERR_DATA_MISSING,
                          "factor %s: the LCI database \"%s\" given to the Monte Carlo run has no "
                          "process \"%s\"; its factor rows and the database differ (import and "
                          "solve it again)",
                          f->code, f->lci_db, id);
    if ((int)pcf_lci_gwp_set(lci) != f->lci_gwp)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "factor %s was solved in %s but the LCI database \"%s\" given to the "
                          "Monte Carlo run was opened in %s; open it in %s",
                          f->code, pcf_gwp_set_name((pcf_gwp_set)f->lci_gwp), f->lci_db,
                          pcf_gwp_set_name(pcf_lci_gwp_set(lci)),
                          pcf_gwp_set_name((pcf_gwp_set)f->lci_gwp));
    double v = pcf_lci_co2e(lci, idx, PCF_LCI_TOTAL);
    if (!(fabs(v - p->value) <= 1e-9 * fabs(p->value))) {
        pcf__numbuf a, b;
        return pcf__error(err, PCF_ERR_DATA_MISSING,
                          "factor %s holds %s kg CO2e per unit but its process in the LCI "
                          "database \"%s\" solves to %s: the factor rows are out of date; solve "
                          "the database again (pcf lci solve)",
                          f->code, pcf__num(&a, p->value), f->lci_db, pcf__num(&b, v));
    }
    *process = idx;
    return PCF_OK;
}

pcf_status pcf__mc_lci_links(const pcf_system *sys, const pcf_mc_options *opts,
                             pcf__mc_lci_link **links, size_t *n_links, pcf_error *err)
{
    *links = NULL;
    *n_links = 0;
    if (!opts || opts->n_lci == 0)
        return PCF_OK;
    const pcf__system_core *core = &sys->core;
    const pcf__sysdata *d = sys->data;
    pcf__mc_lci_link *l = NULL;
    size_t n = 0, cap = 0;
    for (size_t j = 0; j < core->n_params; j++) {
        const pcf__param *p = &core->params[j];
        if (p->kind != PCF__PARAM_FACTOR || p->label >= d->n_factors)
            continue;
        const pcf__factor_info *f = &d->factors[p->label];
        size_t k = f->lci_db ? find_lci(opts, f->lci_db) : SIZE_MAX;
        if (k == SIZE_MAX)
            continue; /* not an LCI factor, or its database is not sampled: as before */
        if (!PCF__GROW(l, n, cap)) {
            free(l);
            return pcf__error(err, PCF_ERR_NOMEM, "out of memory linking the LCI factors");
        }
        l[n].param = (uint32_t)j;
        l[n].lci = (uint32_t)k;
        pcf_status s = link_one(p, f, opts->lci[k].lci, &l[n].process, err);
        if (s != PCF_OK) {
            free(l);
            return s;
        }
        n++;
    }
    *links = l;
    *n_links = n;
    return PCF_OK;
}

pcf_status pcf__mc_check_links(const pcf__system_core *core, const pcf_mc_options *o,
                               const pcf__mc_lci_link *links, size_t n_links, pcf_error *err)
{
    for (size_t l = 0; l < n_links; l++) {
        const pcf__mc_lci_link *k = &links[l];
        if (k->param >= core->n_params || k->lci >= o->n_lci ||
            k->process >= pcf_lci_process_count(o->lci[k->lci].lci))
            return pcf__error(err, PCF_ERR_INVALID_ARG,
                              "LCI link %zu refers to parameter %u, database %u, process %zu: out "
                              "of range",
                              l, (unsigned)k->param, (unsigned)k->lci, k->process);
        for (size_t m = 0; m < l; m++)
            if (links[m].param == k->param)
                return pcf__error(err, PCF_ERR_INVALID_ARG,
                                  "parameter %u is linked to an LCI process twice",
                                  (unsigned)k->param);
        pcf_status st = pcf__lci_mc_ready(o->lci[k->lci].lci, err);
        if (st != PCF_OK)
            return st;
    }
    return PCF_OK;
}
