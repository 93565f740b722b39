/*
 * pcf — the EU CBAM regime: specific embedded emissions of an installation's goods
 * (Implementing Regulation (EU) 2023/1773, Annex III). See include/pcf/cbam.h and
 * docs/cbam-format.md. GPL-3.0-or-later; see LICENSE.
 *
 * The input document is kept as its jansson tree (like pcf_model), parsed into plain records by
 * one walk that serves both pcf_cbam_validate() (no database) and pcf_cbam_calculate(), so the
 * two cannot disagree. The result owns copies of everything it reports. This file holds the
 * sectors, the mark-ups, the document, the walk's helpers, the calculation and the entry points;
 * the walk of the production processes is in cbam_walk.c, the accessors and writers in
 * cbam_write.c.
 */
#include "cbam_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- sectors and CN codes (Regulation (EU) 2023/956, Annex I) ---- */

const char *const pcf__cbam_sector_names[] = {"cement",      "iron_steel", "aluminium",
                                              "fertilisers", "hydrogen",   "electricity"};

const char *pcf_cbam_sector_name(pcf_cbam_sector s)
{
    return (int)s >= 0 && (int)s < 6 ? pcf__cbam_sector_names[s] : NULL;
}

int pcf__cbam_sector_parse(const char *s)
{
    for (int i = 0; i < 6; i++) /* s: a process's "sector", never NULL */
        if (strcmp(s, pcf__cbam_sector_names[i]) == 0)
            return i;
    return -1;
}

/* Leading digits of the CN codes of each sector. Coarse on purpose: the Annex lists a few
 * exceptions inside chapters 72 and 31 that pcf does not refuse (docs/cbam-format.md). */
static const struct {
    const char *prefix;
    pcf_cbam_sector sector;
} cn_prefixes[] = {
    {"250700", PCF_CBAM_CEMENT},    {"2523", PCF_CBAM_CEMENT},
    {"2716", PCF_CBAM_ELECTRICITY}, {"2808", PCF_CBAM_FERTILISERS},
    {"2814", PCF_CBAM_FERTILISERS}, {"283421", PCF_CBAM_FERTILISERS},
    {"3102", PCF_CBAM_FERTILISERS}, {"3105", PCF_CBAM_FERTILISERS},
    {"280410", PCF_CBAM_HYDROGEN},  {"260112", PCF_CBAM_IRON_STEEL},
    {"72", PCF_CBAM_IRON_STEEL},    {"73", PCF_CBAM_IRON_STEEL},
    {"76", PCF_CBAM_ALUMINIUM},
};

/* Copies the digits of a CN code ("7208 10 00" → "72081000"); 0 unless 4..10 digits. */
int pcf__cbam_cn_digits(const char *in, char out[12])
{
    size_t n = 0;
    for (const char *p = in; *p; p++) {
        if (*p == ' ')
            continue;
        if (*p < '0' || *p > '9' || n >= 10)
            return 0;
        out[n++] = *p;
    }
    out[n] = '\0';
    return n >= 4;
}

pcf_status pcf_cbam_sector_of_cn(const char *cn_code, pcf_cbam_sector *out, pcf_error *err)
{
    if (!cn_code || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_cbam_sector_of_cn: NULL argument");
    char d[12];
    if (!pcf__cbam_cn_digits(cn_code, d))
        return pcf__error(err, PCF_ERR_PARSE,
                          "CN code \"%.40s\" is not 4 to 8 digits (e.g. \"25231000\")", cn_code);
    for (size_t i = 0; i < sizeof cn_prefixes / sizeof cn_prefixes[0]; i++)
        if (strncmp(d, cn_prefixes[i].prefix, strlen(cn_prefixes[i].prefix)) == 0) {
            *out = cn_prefixes[i].sector;
            return pcf__ok(err);
        }
    return pcf__error(err, PCF_ERR_NOT_FOUND,
                      "CN code %s is not a CBAM good (Regulation (EU) 2023/956, Annex I: cement, "
                      "iron and steel, aluminium, fertilisers, hydrogen, electricity)",
                      d);
}

/* ---- mark-ups ---- */

pcf_status pcf_cbam_markup(pcf_cbam_sector sector, int year, double *fraction_out, pcf_error *err)
{
    if (!fraction_out || (int)sector < 0 || (int)sector > 5)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_cbam_markup: bad argument");
    if (sector == PCF_CBAM_FERTILISERS || sector == PCF_CBAM_ELECTRICITY)
        return pcf__error(
            err, PCF_ERR_DATA_MISSING,
            "pcf ships no mark-up for %s default values; give \"markup\" (a fraction, "
            "0.01 = 1 %%) and \"markup_source\" in the input",
            pcf__cbam_sector_names[sector]);
    if (year < 2026)
        return pcf__error(err, PCF_ERR_DATA_MISSING,
                          "year %d is before the definitive period (2026): no mark-up applies; "
                          "give \"markup\" in the input if one is meant",
                          year);
    *fraction_out = year == 2026 ? 0.10 : year == 2027 ? 0.20 : 0.30;
    return pcf__ok(err);
}

/* ---- the walk's helpers ---- */

void pcf__cbam_sub(char *out, size_t size, const char *base, const char *key)
{
    size_t n = strlen(base), k = strlen(key);
    if (n >= size)
        n = size - 1;
    memmove(out, base, n);
    out[n] = '\0';
    if (n + 1 + k < size) {
        out[n] = '.';
        memcpy(out + n + 1, key, k + 1);
    }
}

void pcf__cbam_sub_i(char *out, size_t size, const char *base, const char *key, size_t i)
{
    char k[64];
    size_t n = strlen(key);
    if (n > 40)
        n = 40;
    memcpy(k, key, n);
    k[n] = '[';
    size_t m = n + 1;
    char digits[24];
    size_t nd = 0;
    do {
        digits[nd++] = (char)('0' + i % 10);
        i /= 10;
    } while (i && nd < sizeof digits);
    while (nd)
        k[m++] = digits[--nd];
    k[m++] = ']';
    k[m] = '\0';
    pcf__cbam_sub(out, size, base, k);
}

char *pcf__cbam_dup(cx *c, const char *s)
{
    char *d = pcf__strdup(s ? s : "");
    if (!d)
        c->ds.nomem = 1;
    return d;
}

/* A text member; NULL (with an error when required) when absent or not a non-empty string. */
const char *pcf__cbam_get_text(cx *c, const json_t *obj, const char *key, const char *path,
                               int required)
{
    json_t *v = json_object_get(obj, key);
    char p[128];
    pcf__cbam_sub(p, sizeof p, path, key);
    if (!v) {
        if (required)
            BAD(c, path, "\"%s\" is missing: give it as text", key);
        return NULL;
    }
    if (!json_is_string(v) || json_string_length(v) == 0) {
        BAD(c, p, "\"%s\" must be non-empty text", key);
        return NULL;
    }
    return json_string_value(v);
}

/* A number member ≥ 0; returns 1 when present and valid. */
int pcf__cbam_get_num(cx *c, const json_t *obj, const char *key, const char *path, int required,
                      double *out)
{
    json_t *v = json_object_get(obj, key);
    char p[128];
    pcf__cbam_sub(p, sizeof p, path, key);
    *out = 0;
    if (!v) {
        if (required)
            BAD(c, path, "\"%s\" is missing: give it as a number", key);
        return 0;
    }
    if (!json_is_number(v) || !isfinite(json_number_value(v)) || json_number_value(v) < 0) {
        BAD(c, p, "\"%s\" must be a number ≥ 0", key);
        return 0;
    }
    *out = json_number_value(v);
    return 1;
}

void pcf_cbam_result_destroy(pcf_cbam_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_procs; i++)
        pcf__cbam_proc_free(&r->procs[i]);
    free(r->procs);
    for (size_t i = 0; i < r->n_goods; i++) {
        free(r->goods[i].cn_code);
        free(r->goods[i].name);
    }
    free(r->goods);
    for (size_t i = 0; i < r->n_notes; i++)
        free(r->notes[i]);
    free(r->notes);
    json_decref(r->installation);
    json_decref(r->period);
    free(r);
}

void pcf__cbam_note(cx *c, const char *text)
{
    pcf_cbam_result *r = c->r;
    char **n = realloc(r->notes, (r->n_notes + 1) * sizeof *n);
    if (!n) {
        c->ds.nomem = 1;
        return;
    }
    r->notes = n;
    if ((n[r->n_notes] = pcf__strdup(text)) != NULL)
        r->n_notes++;
    else
        c->ds.nomem = 1;
}

/* ---- the calculation ---- */

static void visit(cx *c, size_t i)
{
    cb_proc *p = &c->r->procs[i];
    if (p->state == 2)
        return;
    if (p->state == 1) {
        BAD(c, p->path, "process \"%s\" is its own precursor through a cycle", p->id);
        return;
    }
    p->state = 1;
    if (p->is_default) {
        p->see_dir = p->def.pub_dir * (1 + p->def.markup);
        p->see_ind = p->def.pub_ind * (1 + p->def.markup);
        p->emb_dir = p->see_dir * p->al;
        p->emb_ind = p->see_ind * p->al;
        p->default_em = p->emb_dir + p->emb_ind;
    } else {
        p->attr_dir = p->direct + p->heat_imp_tj * p->heat_imp_ef -
                      p->heat_exp_tj * p->heat_exp_ef + p->wg_imp - p->wg_exp -
                      p->el_exp_mwh * p->el_exp_ef;
        p->attr_ind = p->el_mwh * p->el_ef;
        p->emb_dir = p->attr_dir;
        p->emb_ind = p->attr_ind;
        p->default_em = 0;
        for (size_t k = 0; k < p->n_precs; k++) {
            cb_prec *q = &p->precs[k];
            if (q->kind == PREC_PROCESS) {
                visit(c, q->proc);
                const cb_proc *src = &c->r->procs[q->proc];
                q->see_dir = src->see_dir;
                q->see_ind = src->see_ind;
                double tot = src->see_dir + src->see_ind;
                if (tot != 0 && isfinite(src->default_share))
                    p->default_em += q->mass_t * tot * src->default_share;
            } else if (q->kind == PREC_DEFAULT) {
                p->default_em += q->mass_t * (q->see_dir + q->see_ind);
            }
            p->emb_dir += q->mass_t * q->see_dir;
            p->emb_ind += q->mass_t * q->see_ind;
        }
        if (p->attr_dir < 0)
            pcf__sink_add(
                &c->ds, PCF_SEVERITY_WARNING, PCF_OK, p->path,
                "the attributed direct emissions of \"%s\" are negative (more heat, waste "
                "gas or electricity exported than emitted): check the exports",
                p->id);
        p->see_dir = p->emb_dir / p->al;
        p->see_ind = p->emb_ind / p->al;
    }
    double emb = p->emb_dir + p->emb_ind;
    p->default_share = emb != 0 ? p->default_em / emb : NAN;
    p->state = 2;
}

static size_t find_proc(const pcf_cbam_result *r, const char *id)
{
    for (size_t i = 0; id && i < r->n_procs; i++)
        if (r->procs[i].id && strcmp(r->procs[i].id, id) == 0)
            return i;
    return (size_t)-1;
}

/* Parses the whole document into c->r, resolving and computing when c->use_db. */
static void run(cx *c)
{
    const json_t *root = c->doc->root;
    json_t *inst = json_object_get(root, "installation");
    if (!json_is_object(inst)) {
        BAD(c, "$", "\"installation\" is missing: give at least its name and country");
    } else {
        pcf__cbam_get_text(c, inst, "name", "$.installation", 1);
        pcf__cbam_get_text(c, inst, "country", "$.installation", 1);
    }
    json_t *y = json_object_get(root, "year");
    if (c->year == 0) {
        if (!json_is_integer(y))
            BAD(c, "$",
                "\"year\" (the year of import, for the mark-up of default values) "
                "is missing or not an integer");
        else
            c->year = (int)json_integer_value(y);
    }
    c->r->year = c->year;
    if (json_object_get(root, "transport"))
        BAD(c, "$.transport",
            "transport is outside the CBAM boundary (IR (EU) 2023/1773, "
            "Annex II); leave it out");
    json_t *procs = json_object_get(root, "production_processes");
    size_t n = json_array_size(procs);
    if (!json_is_array(procs) || n == 0) {
        BAD(c, "$", "\"production_processes\" must list at least one production process");
        return;
    }
    size_t n_goods = 0;
    for (size_t i = 0; i < n; i++)
        n_goods += json_array_size(json_object_get(json_array_get(procs, i), "goods"));
    c->r->procs = calloc(n, sizeof *c->r->procs);
    c->r->goods = calloc(n_goods ? n_goods : 1, sizeof *c->r->goods);
    if (!c->r->procs || !c->r->goods) {
        c->ds.nomem = 1;
        return;
    }
    c->r->n_procs = n;
    for (size_t i = 0; i < n; i++)
        pcf__cbam_parse_process(c, json_array_get(procs, i), &c->r->procs[i], i);
    for (size_t i = 0; i < n; i++) {
        cb_proc *p = &c->r->procs[i];
        for (size_t j = 0; j < i && p->id; j++)
            if (c->r->procs[j].id && strcmp(c->r->procs[j].id, p->id) == 0)
                BAD(c, p->path, "process id \"%s\" is used twice", p->id);
        for (size_t k = 0; k < p->n_precs; k++) {
            cb_prec *q = &p->precs[k];
            if (q->kind != PREC_PROCESS || !q->process_ref)
                continue;
            q->proc = find_proc(c->r, q->process_ref);
            if (q->proc == (size_t)-1)
                BAD(c, q->path, "precursor process \"%s\" is not a production process here",
                    q->process_ref);
            else if (q->proc == i)
                BAD(c, q->path, "process \"%s\" names itself as a precursor", p->id);
        }
    }
    if (c->ds.n_errors || c->ds.nomem)
        return;
    for (size_t i = 0; i < n; i++)
        visit(c, i);
}

/* ---- public entry points ---- */

/* Makes the CBAM document of a parsed text (taking root and source, freed on failure). */
static pcf_status from_doc(json_t *root, char *source, const char *file, pcf_cbam **out,
                           pcf_error *err)
{
    json_t *ver = json_object_get(root, "pcf_cbam");
    if (!json_is_object(root) || !json_is_integer(ver) || json_integer_value(ver) != 1) {
        json_decref(root);
        free(source);
        pcf__error(err, PCF_ERR_INVALID_MODEL,
                   "not a CBAM input document: the top level must be an object with "
                   "\"pcf_cbam\": 1 (docs/cbam-format.md)");
        pcf__error_where(err, file, "$", 0, 0);
        return PCF_ERR_INVALID_MODEL;
    }
    pcf_cbam *c = calloc(1, sizeof *c);
    if (c) {
        c->root = root;
        c->source = source;
        c->filename = pcf__strdup(file);
    }
    if (!c || !c->filename) {
        if (!c) {
            json_decref(root);
            free(source);
        }
        pcf_cbam_destroy(c);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory reading a CBAM document");
    }
    *out = c;
    return pcf__ok(err);
}

pcf_status pcf_cbam_read_string(const char *json, const char *filename, pcf_cbam **out,
                                pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!json || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_cbam_read_string: NULL argument");
    const char *file = filename ? filename : "";
    json_t *root;
    char *source;
    pcf_status st = pcf__json_doc_parse(json, strlen(json), file, &root, &source, err);
    return st != PCF_OK ? st : from_doc(root, source, file, out, err);
}

pcf_status pcf_cbam_read_file(const char *path, pcf_cbam **out, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!path || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_cbam_read_file: NULL argument");
    json_t *root;
    char *source;
    pcf_status st = pcf__json_doc_read(path, "CBAM file", 0, &root, &source, err);
    return st != PCF_OK ? st : from_doc(root, source, path, out, err);
}

void pcf_cbam_destroy(pcf_cbam *c)
{
    if (!c)
        return;
    json_decref(c->root);
    free(c->filename);
    free(c->source);
    free(c);
}

/* The sink of a document's checks: diagnostics located in its text. */
static pcf__diag_sink doc_sink(const pcf_cbam *cbam, pcf_diag *diag, pcf_error *err)
{
    pcf__diag_sink ds = {.file = cbam->filename, .source = cbam->source, .diag = diag, .err = err};
    return ds;
}

static pcf_status finish(cx *c, pcf_error *err)
{
    pcf__sink_free(&c->ds);
    if (c->ds.nomem)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory in the CBAM calculation");
    if (c->ds.n_errors) {
        if (c->ds.n_errors > 1 && err)
            pcf__strlcpy_utf8(err->message + strlen(err->message), " (and more problems)",
                              sizeof err->message - strlen(err->message));
        return c->ds.first;
    }
    return pcf__ok(err);
}

pcf_status pcf_cbam_validate(const pcf_cbam *cbam, pcf_diag *diag, pcf_error *err)
{
    if (!cbam)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_cbam_validate: NULL argument");
    pcf_cbam_result *r = calloc(1, sizeof *r);
    if (!r)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory validating a CBAM document");
    cx c = {.doc = cbam, .ds = doc_sink(cbam, diag, err), .r = r, .year = 0};
    pcf_error_clear(err);
    run(&c);
    pcf_cbam_result_destroy(r);
    return finish(&c, err);
}

pcf_status pcf_cbam_calculate(const pcf_cbam *cbam, pcf_db *db, int year, pcf_diag *diag,
                              pcf_cbam_result **out, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!cbam || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_cbam_calculate: NULL argument");
    pcf_cbam_result *r = calloc(1, sizeof *r);
    if (!r)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory in the CBAM calculation");
    cx c = {
        .doc = cbam, .ds = doc_sink(cbam, diag, err), .db = db, .use_db = 1, .r = r, .year = year};
    pcf_error_clear(err);
    if (!db) {
        /* Without a database a factor code cannot be read: say which one. */
        c.use_db = 0;
    }
    run(&c);
    if (!db && !c.ds.n_errors) {
        for (size_t i = 0; i < r->n_procs; i++) {
            cb_proc *p = &r->procs[i];
            if (p->el_factor_code || (p->is_default && p->def.factor_code))
                BAD(&c, p->path, "process \"%s\" names a factor code but no database was given",
                    p->id ? p->id : "");
            for (size_t k = 0; k < p->n_precs; k++)
                if (p->precs[k].def.factor_code)
                    BAD(&c, p->precs[k].path, "a default factor code needs a database");
        }
    }
    r->installation = json_deep_copy(json_object_get(cbam->root, "installation"));
    r->period = json_deep_copy(json_object_get(cbam->root, "reporting_period"));
    pcf__cbam_note(&c,
                   "Transport of goods and precursors is outside the boundary (IR (EU) 2023/1773, "
                   "Annex II) and not counted.");
    pcf_status st = finish(&c, err);
    if (st != PCF_OK) {
        pcf_cbam_result_destroy(r);
        return st;
    }
    *out = r;
    return PCF_OK;
}
