/*
 * pcf — the EU CBAM regime: specific embedded emissions of an installation's goods
 * (Implementing Regulation (EU) 2023/1773, Annex III). See include/pcf/cbam.h and
 * docs/cbam-format.md. GPL-3.0-or-later; see LICENSE.
 *
 * The input document is kept as its jansson tree (like pcf_model), parsed into plain records by
 * one walk that serves both pcf_cbam_validate() (no database) and pcf_cbam_calculate(), so the
 * two cannot disagree. The result owns copies of everything it reports.
 */
#include "pcf/cbam.h"

#include "internal.h"
#include "model_internal.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- sectors and CN codes (Regulation (EU) 2023/956, Annex I) ---- */

static const char *const sector_names[] = {"cement",      "iron_steel", "aluminium",
                                           "fertilisers", "hydrogen",   "electricity"};

const char *pcf_cbam_sector_name(pcf_cbam_sector s)
{
    return (int)s >= 0 && (int)s < 6 ? sector_names[s] : NULL;
}

static int sector_parse(const char *s)
{
    for (int i = 0; s && i < 6; i++)
        if (strcmp(s, sector_names[i]) == 0)
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
static int cn_digits(const char *in, char out[12])
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
    if (!cn_digits(cn_code, d))
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

#define MARKUP_SOURCE                                                                              \
    "Implementing Regulation (EU) 2025/2621 (definitive-period default values): +10 % in 2026, "   \
    "+20 % in 2027, +30 % from 2028"

pcf_status pcf_cbam_markup(pcf_cbam_sector sector, int year, double *fraction_out, pcf_error *err)
{
    if (!fraction_out || (int)sector < 0 || (int)sector > 5)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_cbam_markup: bad argument");
    if (sector == PCF_CBAM_FERTILISERS || sector == PCF_CBAM_ELECTRICITY)
        return pcf__error(
            err, PCF_ERR_DATA_MISSING,
            "pcf ships no mark-up for %s default values; give \"markup\" (a fraction, "
            "0.01 = 1 %%) and \"markup_source\" in the input",
            sector_names[sector]);
    if (year < 2026)
        return pcf__error(err, PCF_ERR_DATA_MISSING,
                          "year %d is before the definitive period (2026): no mark-up applies; "
                          "give \"markup\" in the input if one is meant",
                          year);
    *fraction_out = year == 2026 ? 0.10 : year == 2027 ? 0.20 : 0.30;
    return pcf__ok(err);
}

/* ---- the document ---- */

struct pcf_cbam {
    json_t *root;
    char *filename;
    char *source;
};

enum { PREC_PROCESS, PREC_ACTUAL, PREC_DEFAULT };

typedef struct cb_value {
    /* a default value: published figures, mark-up and what was applied */
    char *factor_code; /* database row, or NULL for a value typed in the input */
    char *source;
    double pub_dir, pub_ind;
    int ind_given;
    double markup;
    char *markup_source;
} cb_value;

typedef struct cb_prec {
    int kind;
    char *name, *cn_code, *process_ref, *source;
    size_t proc;
    int sector;
    double mass_t;
    double see_dir, see_ind;
    cb_value def;
    char path[96];
} cb_prec;

typedef struct cb_good {
    char *cn_code, *name;
    size_t proc;
} cb_good;

typedef struct cb_proc {
    char *id, *name, *category, *route;
    int sector;
    int is_default;
    cb_value def;
    double al, direct;
    double heat_imp_tj, heat_imp_ef, heat_exp_tj, heat_exp_ef;
    double wg_imp, wg_exp, el_exp_mwh, el_exp_ef;
    double el_mwh, el_ef;
    char *el_basis, *el_factor_code, *el_source, *el_evidence;
    cb_prec *precs;
    size_t n_precs;
    /* computed */
    double attr_dir, attr_ind, emb_dir, emb_ind, see_dir, see_ind, default_em, default_share;
    int state;
    char path[48];
} cb_proc;

struct pcf_cbam_result {
    int year;
    json_t *installation, *period; /* copies */
    cb_proc *procs;
    size_t n_procs;
    cb_good *goods;
    size_t n_goods;
    char **notes;
    size_t n_notes;
};

typedef struct cx {
    const pcf_cbam *doc;
    pcf_db *db; /* NULL when validating */
    int use_db;
    int year;
    pcf_diag *diag;
    pcf_error *err;
    pcf_status first;
    size_t n_errors;
    int nomem;
    pcf_cbam_result *r;
    pcf__json_loc *loc; /* locating diagnostics in the document text, built on first use */
} cx;

static void cx_add(cx *c, pcf_severity sev, pcf_status st, const char *path, const char *f, ...)
    PCF__PRINTF(5, 6);

static void cx_add(cx *c, pcf_severity sev, pcf_status st, const char *path, const char *f, ...)
{
    pcf_error e;
    va_list ap;
    va_start(ap, f);
    pcf__verror(&e, st, f, ap);
    va_end(ap);
    int line = 0, col = 0;
    if (path && c->doc->source)
        pcf__json_locate_fast(&c->loc, c->doc->source, path, &line, &col);
    pcf__error_where(&e, c->doc->filename, path, line, col);
    if (c->diag && pcf_diag_add(c->diag, sev, &e) != PCF_OK)
        c->nomem = 1;
    if (sev == PCF_SEVERITY_ERROR && c->n_errors++ == 0) {
        c->first = st;
        if (c->err)
            *c->err = e;
    }
}

#define BAD(c, path, ...)                                                                          \
    cx_add((c), PCF_SEVERITY_ERROR, PCF_ERR_INVALID_MODEL, (path), __VA_ARGS__)

static void sub(char *out, size_t size, const char *base, const char *key)
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

static void sub_i(char *out, size_t size, const char *base, const char *key, size_t i)
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
    sub(out, size, base, k);
}

static char *dup_or_nomem(cx *c, const char *s)
{
    char *d = pcf__strdup(s ? s : "");
    if (!d)
        c->nomem = 1;
    return d;
}

/* A text member; NULL (with an error when required) when absent or not a non-empty string. */
static const char *get_text(cx *c, const json_t *obj, const char *key, const char *path,
                            int required)
{
    json_t *v = json_object_get(obj, key);
    char p[128];
    sub(p, sizeof p, path, key);
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
static int get_num(cx *c, const json_t *obj, const char *key, const char *path, int required,
                   double *out)
{
    json_t *v = json_object_get(obj, key);
    char p[128];
    sub(p, sizeof p, path, key);
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

static void note(cx *c, const char *text);

/* ---- default values ---- */

/* Finds "key=NUMBER" or "key=null" in a database row's notes; 1 number, 0 null, -1 absent. */
static int note_value(const char *notes, const char *key, double *out)
{
    const char *p = notes;
    size_t k = strlen(key);
    while ((p = strstr(p, key)) != NULL) {
        if ((p == notes || p[-1] == ' ' || p[-1] == ';' || p[-1] == ',') && p[k] == '=') {
            p += k + 1;
            if (strncmp(p, "null", 4) == 0)
                return 0;
            char num[32];
            size_t n = 0;
            while (n < sizeof num - 1 &&
                   (p[n] == '.' || p[n] == '-' || (p[n] >= '0' && p[n] <= '9')))
                n++;
            memcpy(num, p, n);
            num[n] = '\0';
            return n && pcf_number_parse(num, out, NULL) == PCF_OK ? 1 : -1;
        }
        p += k;
    }
    return -1;
}

/* Reads a database default row into v (published direct and indirect, t CO2e per t). */
static void default_from_db(cx *c, const char *code, const char *path, cb_value *v)
{
    pcf_factor *f = NULL;
    pcf_error e;
    if (pcf_db_get_factor(c->db, code, &f, &e) != PCF_OK) {
        cx_add(c, PCF_SEVERITY_ERROR, (pcf_status)e.code, path, "default value %s: %s", code,
               e.message);
        return;
    }
    if (strcmp(pcf_factor_category(f), "cbam_default") != 0) {
        BAD(c, path,
            "factor %s is in category \"%s\", not a CBAM default value (category "
            "\"cbam_default\"); name a cbam-cn-2026 row or give the default as {\"direct\", "
            "\"indirect\", \"source\"}",
            code, pcf_factor_category(f));
        pcf_factor_destroy(f);
        return;
    }
    const pcf_unit *u = pcf_factor_unit(f);
    double total = pcf_factor_kg_co2e(f) / pcf_unit_to_base(u); /* kg per kg = t per t */
    double d = 0, i = 0;
    int hd = note_value(pcf_factor_notes(f), "direct", &d);
    int hi = note_value(pcf_factor_notes(f), "indirect", &i);
    if (pcf_unit_dimension(u) != PCF_DIM_MASS || hd != 1 || hi < 0) {
        BAD(c, path,
            "default row %s gives no direct/indirect split per tonne (its notes must hold "
            "\"direct=…, indirect=…\"); give the default as {\"direct\", \"indirect\", \"source\"}",
            code);
        pcf_factor_destroy(f);
        return;
    }
    if (hi == 0) {
        i = 0;
        pcf__buf b;
        pcf__buf_init(&b);
        pcf__buf_printf(&b,
                        "Default value %s gives no indirect value; its indirect SEE is taken as 0 "
                        "(for iron and steel, aluminium and hydrogen only direct emissions count, "
                        "Regulation (EU) 2023/956, Annex II).",
                        code);
        char *t = pcf__buf_steal(&b);
        if (t)
            note(c, t);
        else
            c->nomem = 1;
        free(t);
    }
    if (fabs(d + i - total) > 1e-9 * (1 + total)) {
        pcf__numbuf a, b;
        BAD(c, path, "default row %s: direct + indirect = %s differs from its value %s", code,
            pcf__num(&a, d + i), pcf__num(&b, total));
    }
    v->factor_code = dup_or_nomem(c, code);
    v->source = dup_or_nomem(c, pcf_factor_source(f));
    v->pub_dir = d;
    v->pub_ind = i;
    v->ind_given = hi == 1;
    pcf_factor_destroy(f);
}

/* "default": CODE | {"direct", "indirect", "source"}, with optional "markup"/"markup_source" in
 * holder. sector: the good's sector, for the mark-up. */
static void parse_default(cx *c, const json_t *holder, const char *path, int sector, cb_value *v)
{
    json_t *d = json_object_get(holder, "default");
    char p[128];
    sub(p, sizeof p, path, "default");
    if (json_is_string(d)) {
        if (c->use_db)
            default_from_db(c, json_string_value(d), p, v);
        else
            v->factor_code = dup_or_nomem(c, json_string_value(d));
    } else if (json_is_object(d)) {
        get_num(c, d, "direct", p, 1, &v->pub_dir);
        v->ind_given = get_num(c, d, "indirect", p, 0, &v->pub_ind);
        const char *src = get_text(c, d, "source", p, 1);
        v->source = dup_or_nomem(c, src);
    } else {
        BAD(c, p,
            "\"default\" must be a factor code (\"cbam-cn-2026:pig-iron\") or {\"direct\": t/t, "
            "\"indirect\": t/t, \"source\": text}");
    }
    if (json_object_get(holder, "markup")) {
        get_num(c, holder, "markup", path, 1, &v->markup);
        v->markup_source = dup_or_nomem(c, get_text(c, holder, "markup_source", path, 1));
        return;
    }
    if (sector < 0)
        return;
    pcf_error e;
    if (pcf_cbam_markup((pcf_cbam_sector)sector, c->year, &v->markup, &e) != PCF_OK) {
        cx_add(c, PCF_SEVERITY_ERROR, (pcf_status)e.code, p, "%s", e.message);
        return;
    }
    v->markup_source = dup_or_nomem(c, MARKUP_SOURCE);
}

static void value_free(cb_value *v)
{
    free(v->factor_code);
    free(v->source);
    free(v->markup_source);
}

/* ---- the walk ---- */

static int cn_sector(cx *c, const char *cn, const char *path)
{
    pcf_cbam_sector s;
    pcf_error e;
    pcf_status st = pcf_cbam_sector_of_cn(cn, &s, &e);
    if (st != PCF_OK) {
        cx_add(c, PCF_SEVERITY_ERROR, st, path, "%s", e.message);
        return -1;
    }
    return (int)s;
}

static void parse_electricity(cx *c, const json_t *proc, cb_proc *p)
{
    json_t *el = json_object_get(proc, "electricity");
    if (!el)
        return;
    char path[96];
    sub(path, sizeof path, p->path, "electricity");
    if (!json_is_object(el)) {
        BAD(c, path, "\"electricity\" must be an object {\"mwh\", \"factor\" or \"ef_t_per_mwh\"}");
        return;
    }
    get_num(c, el, "mwh", path, 1, &p->el_mwh);
    const char *basis = json_object_get(el, "basis") ? get_text(c, el, "basis", path, 1) : "grid";
    p->el_basis = dup_or_nomem(c, basis ? basis : "grid");
    const char *code = json_object_get(el, "factor") ? get_text(c, el, "factor", path, 1) : NULL;
    int has_ef = json_object_get(el, "ef_t_per_mwh") != NULL;
    char fp[128];
    sub(fp, sizeof fp, path, "factor");
    if (basis && strcmp(basis, "grid") != 0 && strcmp(basis, "direct_link") != 0 &&
        strcmp(basis, "ppa") != 0) {
        char bp[128];
        sub(bp, sizeof bp, path, "basis");
        BAD(c, bp, "\"basis\" must be \"grid\", \"direct_link\" or \"ppa\"");
    }
    if (!!code == has_ef) {
        BAD(c, path,
            "give exactly one of \"factor\" (a database code) or \"ef_t_per_mwh\" with "
            "\"source\"");
        return;
    }
    if (basis && strcmp(basis, "grid") != 0) {
        /* A direct technical link or a PPA replaces the grid factor only with the actual
         * factor of the generating unit, and only with evidence (IR 2023/1773, Annex III). */
        if (code)
            BAD(c, fp,
                "with basis \"%s\" the factor is the generating installation's own: give "
                "\"ef_t_per_mwh\" and \"source\", not a grid factor code",
                basis);
        p->el_evidence = dup_or_nomem(c, get_text(c, el, "evidence", path, 1));
    }
    if (has_ef) {
        get_num(c, el, "ef_t_per_mwh", path, 1, &p->el_ef);
        p->el_source = dup_or_nomem(c, get_text(c, el, "source", path, 1));
        return;
    }
    p->el_factor_code = dup_or_nomem(c, code);
    if (!c->use_db || !code)
        return;
    pcf_factor *f = NULL;
    pcf_error e;
    if (pcf_db_get_factor(c->db, code, &f, &e) != PCF_OK) {
        cx_add(c, PCF_SEVERITY_ERROR, (pcf_status)e.code, fp, "%s", e.message);
        return;
    }
    const pcf_unit *u = pcf_factor_unit(f);
    if (strcmp(pcf_factor_category(f), "electricity") != 0 ||
        pcf_unit_dimension(u) != PCF_DIM_ENERGY) {
        BAD(c, fp, "factor %s is not an electricity factor per unit of energy", code);
    } else {
        p->el_ef = pcf_factor_kg_co2e(f) / pcf_unit_to_base(u); /* kg per kWh = t per MWh */
        pcf__buf b;
        pcf__buf_init(&b);
        pcf__buf_printf(&b, "%s (%s %s)", pcf_factor_name_en(f), pcf_factor_dataset_name(f),
                        pcf_factor_dataset_version(f));
        if (b.failed)
            c->nomem = 1;
        free(p->el_source);
        p->el_source = pcf__buf_steal(&b);
    }
    pcf_factor_destroy(f);
}

/* A {"tj", "ef_t_per_tj"} or {"mwh", "ef_t_per_mwh"} pair. */
static void parse_pair(cx *c, const json_t *proc, const char *key, const char *amount,
                       const char *ef, const char *base, double *a, double *e)
{
    json_t *o = json_object_get(proc, key);
    if (!o)
        return;
    char path[96];
    sub(path, sizeof path, base, key);
    if (!json_is_object(o)) {
        BAD(c, path, "\"%s\" must be an object {\"%s\", \"%s\", \"source\"}", key, amount, ef);
        return;
    }
    get_num(c, o, amount, path, 1, a);
    get_num(c, o, ef, path, 1, e);
    get_text(c, o, "source", path, 1);
}

static void parse_precursor(cx *c, const json_t *pj, cb_prec *q, const char *path)
{
    snprintf(q->path, sizeof q->path, "%s", path);
    q->sector = -1;
    if (!json_is_object(pj)) {
        BAD(c, path, "a precursor must be an object");
        return;
    }
    get_num(c, pj, "mass_t", path, 1, &q->mass_t);
    q->name = dup_or_nomem(c, get_text(c, pj, "name", path, 0));
    const char *cn = get_text(c, pj, "cn_code", path, 0);
    q->cn_code = dup_or_nomem(c, cn);
    if (cn) {
        char cp[128];
        sub(cp, sizeof cp, path, "cn_code");
        q->sector = cn_sector(c, cn, cp);
    }
    int has_proc = json_object_get(pj, "process") != NULL;
    int has_act = json_object_get(pj, "see_direct") != NULL;
    int has_def = json_object_get(pj, "default") != NULL;
    if (has_proc + has_act + has_def != 1) {
        BAD(c, path,
            "a precursor gives exactly one of \"process\" (made in this installation), "
            "\"see_direct\" (the supplier's actual values) or \"default\"");
        return;
    }
    if (has_proc) {
        q->kind = PREC_PROCESS;
        q->process_ref = dup_or_nomem(c, get_text(c, pj, "process", path, 1));
    } else if (has_act) {
        q->kind = PREC_ACTUAL;
        get_num(c, pj, "see_direct", path, 1, &q->see_dir);
        get_num(c, pj, "see_indirect", path, 1, &q->see_ind);
        q->source = dup_or_nomem(c, get_text(c, pj, "source", path, 1));
        if (!cn)
            BAD(c, path, "\"cn_code\" is missing: a purchased precursor names its CN code");
    } else {
        q->kind = PREC_DEFAULT;
        if (!cn)
            BAD(c, path, "\"cn_code\" is missing: a default value is for a CN code");
        parse_default(c, pj, path, q->sector, &q->def);
        q->see_dir = q->def.pub_dir * (1 + q->def.markup);
        q->see_ind = q->def.pub_ind * (1 + q->def.markup);
    }
}

static const char *const actual_keys[] = {
    "direct_emissions_t", "electricity",          "precursors",           "heat_imported",
    "heat_exported",      "waste_gas_imported_t", "waste_gas_exported_t", "electricity_exported"};

static void parse_process(cx *c, const json_t *pj, cb_proc *p, size_t index)
{
    sub_i(p->path, sizeof p->path, "$", "production_processes", index);
    p->sector = -1;
    if (!json_is_object(pj)) {
        BAD(c, p->path, "a production process must be an object");
        return;
    }
    p->id = dup_or_nomem(c, get_text(c, pj, "id", p->path, 1));
    p->name = dup_or_nomem(c, get_text(c, pj, "name", p->path, 0));
    p->category = dup_or_nomem(c, get_text(c, pj, "aggregated_goods_category", p->path, 1));
    p->route = dup_or_nomem(c, get_text(c, pj, "route", p->path, 0));
    if (json_object_get(pj, "transport")) {
        char tp[96];
        sub(tp, sizeof tp, p->path, "transport");
        BAD(c, tp,
            "transport is outside the CBAM boundary of a production process (IR (EU) 2023/1773, "
            "Annex II); leave it out");
    }
    const char *sec = get_text(c, pj, "sector", p->path, 0);
    if (sec) {
        p->sector = sector_parse(sec);
        if (p->sector < 0) {
            char sp[96];
            sub(sp, sizeof sp, p->path, "sector");
            BAD(c, sp, "\"sector\" must be cement, iron_steel, aluminium, fertilisers or hydrogen");
        }
    }
    json_t *goods = json_object_get(pj, "goods");
    char gp[96];
    sub(gp, sizeof gp, p->path, "goods");
    if (!json_is_array(goods) || json_array_size(goods) == 0)
        BAD(c, json_is_array(goods) ? gp : p->path,
            "\"goods\" must list the goods (CN codes) this process makes");
    for (size_t g = 0; json_is_array(goods) && g < json_array_size(goods); g++) {
        char path[128];
        sub_i(path, sizeof path, p->path, "goods", g);
        json_t *gj = json_array_get(goods, g);
        const char *cn = get_text(c, gj, "cn_code", path, 1);
        if (!cn)
            continue;
        char cp[160];
        sub(cp, sizeof cp, path, "cn_code");
        int s = cn_sector(c, cn, cp);
        if (s == PCF_CBAM_ELECTRICITY)
            cx_add(c, PCF_SEVERITY_ERROR, PCF_ERR_UNSUPPORTED, cp,
                   "electricity as a good (CN 2716) is not computed by pcf");
        else if (s >= 0 && p->sector < 0)
            p->sector = s;
        else if (s >= 0 && s != p->sector)
            BAD(c, cp,
                "CN code %s is in sector %s but the process is %s: one process makes goods of "
                "one aggregated goods category",
                cn, sector_names[s], sector_names[p->sector]);
        if (c->r) {
            cb_good *gd = &c->r->goods[c->r->n_goods++];
            char d[12];
            gd->cn_code = dup_or_nomem(c, cn_digits(cn, d) ? d : cn);
            gd->name = dup_or_nomem(c, get_text(c, gj, "name", path, 0));
            gd->proc = index;
        }
    }
    get_num(c, pj, "activity_level_t", p->path, 1, &p->al);
    if (json_object_get(pj, "activity_level_t") && p->al <= 0) {
        char ap[96];
        sub(ap, sizeof ap, p->path, "activity_level_t");
        BAD(c, ap, "\"activity_level_t\" (tonnes produced in the period) must be > 0");
    }
    if (json_object_get(pj, "default")) {
        p->is_default = 1;
        for (size_t k = 0; k < sizeof actual_keys / sizeof actual_keys[0]; k++)
            if (json_object_get(pj, actual_keys[k])) {
                char kp[96];
                sub(kp, sizeof kp, p->path, actual_keys[k]);
                BAD(c, kp,
                    "a process computed from a default value takes no actual data (\"%s\"): "
                    "drop one or the other",
                    actual_keys[k]);
            }
        parse_default(c, pj, p->path, p->sector, &p->def);
        return;
    }
    get_num(c, pj, "direct_emissions_t", p->path, 1, &p->direct);
    parse_pair(c, pj, "heat_imported", "tj", "ef_t_per_tj", p->path, &p->heat_imp_tj,
               &p->heat_imp_ef);
    parse_pair(c, pj, "heat_exported", "tj", "ef_t_per_tj", p->path, &p->heat_exp_tj,
               &p->heat_exp_ef);
    parse_pair(c, pj, "electricity_exported", "mwh", "ef_t_per_mwh", p->path, &p->el_exp_mwh,
               &p->el_exp_ef);
    get_num(c, pj, "waste_gas_imported_t", p->path, 0, &p->wg_imp);
    get_num(c, pj, "waste_gas_exported_t", p->path, 0, &p->wg_exp);
    parse_electricity(c, pj, p);
    json_t *precs = json_object_get(pj, "precursors");
    if (precs && !json_is_array(precs)) {
        char pp[96];
        sub(pp, sizeof pp, p->path, "precursors");
        BAD(c, pp, "\"precursors\" must be an array");
        return;
    }
    size_t n = json_array_size(precs);
    p->precs = n ? calloc(n, sizeof *p->precs) : NULL;
    if (n && !p->precs) {
        c->nomem = 1;
        return;
    }
    p->n_precs = n;
    for (size_t i = 0; i < n; i++) {
        char path[96];
        sub_i(path, sizeof path, p->path, "precursors", i);
        parse_precursor(c, json_array_get(precs, i), &p->precs[i], path);
    }
}

static void proc_free(cb_proc *p)
{
    free(p->id);
    free(p->name);
    free(p->category);
    free(p->route);
    free(p->el_basis);
    free(p->el_factor_code);
    free(p->el_source);
    free(p->el_evidence);
    value_free(&p->def);
    for (size_t i = 0; i < p->n_precs; i++) {
        cb_prec *q = &p->precs[i];
        free(q->name);
        free(q->cn_code);
        free(q->process_ref);
        free(q->source);
        value_free(&q->def);
    }
    free(p->precs);
}

void pcf_cbam_result_destroy(pcf_cbam_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_procs; i++)
        proc_free(&r->procs[i]);
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

static void note(cx *c, const char *text)
{
    pcf_cbam_result *r = c->r;
    char **n = realloc(r->notes, (r->n_notes + 1) * sizeof *n);
    if (!n) {
        c->nomem = 1;
        return;
    }
    r->notes = n;
    if ((n[r->n_notes] = pcf__strdup(text)) != NULL)
        r->n_notes++;
    else
        c->nomem = 1;
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
            cx_add(c, PCF_SEVERITY_WARNING, PCF_OK, p->path,
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
        get_text(c, inst, "name", "$.installation", 1);
        get_text(c, inst, "country", "$.installation", 1);
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
        c->nomem = 1;
        return;
    }
    c->r->n_procs = n;
    for (size_t i = 0; i < n; i++)
        parse_process(c, json_array_get(procs, i), &c->r->procs[i], i);
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
    if (c->n_errors || c->nomem)
        return;
    for (size_t i = 0; i < n; i++)
        visit(c, i);
}

/* ---- public entry points ---- */

static pcf_status from_text(const char *text, size_t len, const char *file, pcf_cbam **out,
                            pcf_error *err)
{
    json_error_t jerr;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        pcf__error(err, PCF_ERR_PARSE, "malformed JSON: %s", jerr.text);
        pcf__error_where(err, file, NULL, jerr.line, jerr.column);
        return PCF_ERR_PARSE;
    }
    json_t *ver = json_object_get(root, "pcf_cbam");
    if (!json_is_object(root) || !json_is_integer(ver) || json_integer_value(ver) != 1) {
        json_decref(root);
        pcf__error(err, PCF_ERR_INVALID_MODEL,
                   "not a CBAM input document: the top level must be an object with "
                   "\"pcf_cbam\": 1 (docs/cbam-format.md)");
        pcf__error_where(err, file, "$", 0, 0);
        return PCF_ERR_INVALID_MODEL;
    }
    pcf_cbam *c = calloc(1, sizeof *c);
    if (c) {
        c->root = root;
        c->filename = pcf__strdup(file);
        c->source = malloc(len + 1);
    }
    if (!c || !c->filename || !c->source) {
        json_decref(root);
        pcf_cbam_destroy(c);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory reading a CBAM document");
    }
    memcpy(c->source, text, len);
    c->source[len] = '\0';
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
    return from_text(json, strlen(json), filename ? filename : "", out, err);
}

pcf_status pcf_cbam_read_file(const char *path, pcf_cbam **out, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!path || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_cbam_read_file: NULL argument");
    char *text;
    size_t len;
    pcf_status st = pcf__read_file(path, "CBAM file", 0, &text, &len, err);
    if (st != PCF_OK)
        return st;
    st = from_text(text, len, path, out, err);
    free(text);
    return st;
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

static pcf_status finish(cx *c, pcf_error *err)
{
    pcf__json_loc_free(c->loc);
    c->loc = NULL;
    if (c->nomem)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory in the CBAM calculation");
    if (c->n_errors) {
        if (c->n_errors > 1 && err)
            pcf__strlcpy_utf8(err->message + strlen(err->message), " (and more problems)",
                              sizeof err->message - strlen(err->message));
        return c->first;
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
    cx c = {.doc = cbam, .diag = diag, .err = err, .r = r, .year = 0};
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
    cx c = {.doc = cbam, .db = db, .use_db = 1, .diag = diag, .err = err, .r = r, .year = year};
    pcf_error_clear(err);
    if (!db) {
        /* Without a database a factor code cannot be read: say which one. */
        c.use_db = 0;
    }
    run(&c);
    if (!db && !c.n_errors) {
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
    note(&c, "Transport of goods and precursors is outside the boundary (IR (EU) 2023/1773, "
             "Annex II) and not counted.");
    pcf_status st = finish(&c, err);
    if (st != PCF_OK) {
        pcf_cbam_result_destroy(r);
        return st;
    }
    *out = r;
    return PCF_OK;
}

/* ---- accessors ---- */

int pcf_cbam_result_year(const pcf_cbam_result *r)
{
    return r ? r->year : 0;
}

size_t pcf_cbam_result_process_count(const pcf_cbam_result *r)
{
    return r ? r->n_procs : 0;
}

#define PROC_FIELD(fn, field)                                                                      \
    double fn(const pcf_cbam_result *r, size_t i)                                                  \
    {                                                                                              \
        return r && i < r->n_procs ? r->procs[i].field : NAN;                                      \
    }

const char *pcf_cbam_result_process_id(const pcf_cbam_result *r, size_t i)
{
    return r && i < r->n_procs ? r->procs[i].id : NULL;
}

PROC_FIELD(pcf_cbam_result_see_direct, see_dir)
PROC_FIELD(pcf_cbam_result_see_indirect, see_ind)
PROC_FIELD(pcf_cbam_result_attributed_direct, attr_dir)
PROC_FIELD(pcf_cbam_result_attributed_indirect, attr_ind)
PROC_FIELD(pcf_cbam_result_default_share, default_share)

size_t pcf_cbam_result_good_count(const pcf_cbam_result *r)
{
    return r ? r->n_goods : 0;
}

const char *pcf_cbam_result_good_cn_code(const pcf_cbam_result *r, size_t i)
{
    return r && i < r->n_goods ? r->goods[i].cn_code : NULL;
}

size_t pcf_cbam_result_good_process(const pcf_cbam_result *r, size_t i)
{
    return r && i < r->n_goods ? r->goods[i].proc : (size_t)-1;
}

/* ---- writers ---- */

static json_t *num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *str_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

/* Cement and fertilisers count direct and indirect emissions, iron and steel, aluminium and
 * hydrogen direct only (Regulation (EU) 2023/956, Annex II). */
static int counts_indirect(int sector)
{
    return sector == PCF_CBAM_CEMENT || sector == PCF_CBAM_FERTILISERS;
}

static json_t *value_json(const cb_value *v)
{
    json_t *o = json_object();
    json_object_set_new(o, "factor_code", str_or_null(v->factor_code));
    json_object_set_new(o, "source", str_or_null(v->source));
    json_object_set_new(o, "published_direct", num(v->pub_dir));
    json_object_set_new(o, "published_indirect", v->ind_given ? num(v->pub_ind) : json_null());
    json_object_set_new(o, "markup", num(v->markup));
    json_object_set_new(o, "markup_source", str_or_null(v->markup_source));
    return o;
}

static const char *basis_of(const cb_proc *p)
{
    if (p->is_default)
        return "default";
    return p->default_em > 0 ? "actual with default precursors" : "actual";
}

static json_t *process_json(const pcf_cbam_result *r, const cb_proc *p)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(p->id));
    json_object_set_new(o, "name", str_or_null(p->name));
    json_object_set_new(o, "sector", json_string(sector_names[p->sector]));
    json_object_set_new(o, "aggregated_goods_category", json_string(p->category));
    json_object_set_new(o, "route", str_or_null(p->route));
    json_object_set_new(o, "activity_level_t", num(p->al));
    json_object_set_new(o, "data_basis", json_string(basis_of(p)));
    if (p->is_default) {
        json_object_set_new(o, "default_value", value_json(&p->def));
    } else {
        json_t *a = json_object();
        json_object_set_new(a, "direct_emissions_t", num(p->direct));
        json_object_set_new(a, "heat_imported_t", num(p->heat_imp_tj * p->heat_imp_ef));
        json_object_set_new(a, "heat_exported_t", num(p->heat_exp_tj * p->heat_exp_ef));
        json_object_set_new(a, "waste_gas_imported_t", num(p->wg_imp));
        json_object_set_new(a, "waste_gas_exported_t", num(p->wg_exp));
        json_object_set_new(a, "electricity_exported_t", num(p->el_exp_mwh * p->el_exp_ef));
        json_object_set_new(a, "attributed_direct_t", num(p->attr_dir));
        json_object_set_new(a, "attributed_indirect_t", num(p->attr_ind));
        json_object_set_new(o, "attributed_emissions", a);
        json_t *e = json_object();
        json_object_set_new(e, "consumed_mwh", num(p->el_mwh));
        json_object_set_new(e, "emission_factor_t_per_mwh", num(p->el_ef));
        json_object_set_new(e, "basis", json_string(p->el_basis ? p->el_basis : "grid"));
        json_object_set_new(e, "factor_code", str_or_null(p->el_factor_code));
        json_object_set_new(e, "source", str_or_null(p->el_source));
        json_object_set_new(e, "evidence", str_or_null(p->el_evidence));
        json_object_set_new(e, "specific_consumption_mwh_per_t", num(p->el_mwh / p->al));
        json_object_set_new(o, "electricity", e);
    }
    json_t *precs = json_array();
    for (size_t k = 0; k < p->n_precs; k++) {
        const cb_prec *q = &p->precs[k];
        json_t *x = json_object();
        const char *nm = q->name;
        if ((!nm || !*nm) && q->kind == PREC_PROCESS)
            nm = r->procs[q->proc].name;
        json_object_set_new(x, "name", str_or_null(nm));
        json_object_set_new(x, "cn_code", str_or_null(q->cn_code));
        json_object_set_new(x, "process",
                            q->kind == PREC_PROCESS ? json_string(q->process_ref) : json_null());
        json_object_set_new(x, "mass_t", num(q->mass_t));
        json_object_set_new(x, "see_direct", num(q->see_dir));
        json_object_set_new(x, "see_indirect", num(q->see_ind));
        json_object_set_new(x, "data_basis",
                            json_string(q->kind == PREC_DEFAULT ? "default" : "actual"));
        json_object_set_new(x, "source", str_or_null(q->source));
        if (q->kind == PREC_DEFAULT)
            json_object_set_new(x, "default_value", value_json(&q->def));
        json_array_append_new(precs, x);
    }
    json_object_set_new(o, "precursors", precs);
    json_object_set_new(o, "embedded_emissions_direct_t", num(p->emb_dir));
    json_object_set_new(o, "embedded_emissions_indirect_t", num(p->emb_ind));
    json_object_set_new(o, "see_direct", num(p->see_dir));
    json_object_set_new(o, "see_indirect", num(p->see_ind));
    json_object_set_new(o, "see_total", num(p->see_dir + p->see_ind));
    json_object_set_new(o, "default_share", num(p->default_share));
    return o;
}

pcf_status pcf_cbam_result_to_json(const pcf_cbam_result *r, char **out, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!r || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_cbam_result_to_json: NULL argument");
    json_t *root = json_object();
    if (!root)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory writing the CBAM result");
    json_object_set_new(root, "pcf_cbam_communication", json_integer(1));
    json_object_set_new(root, "library_version", json_string(pcf_version_string()));
    json_object_set_new(root, "regime", json_string("cbam"));
    json_object_set_new(root, "year", json_integer(r->year));
    json_object_set_new(root, "reporting_period", r->period ? json_incref(r->period) : json_null());
    json_object_set_new(root, "installation", json_incref(r->installation));
    json_t *procs = json_array();
    for (size_t i = 0; i < r->n_procs; i++)
        json_array_append_new(procs, process_json(r, &r->procs[i]));
    json_object_set_new(root, "production_processes", procs);
    json_t *goods = json_array();
    for (size_t i = 0; i < r->n_goods; i++) {
        const cb_good *g = &r->goods[i];
        const cb_proc *p = &r->procs[g->proc];
        json_t *o = json_object();
        json_object_set_new(o, "cn_code", json_string(g->cn_code));
        json_object_set_new(o, "name", str_or_null(g->name));
        json_object_set_new(o, "process", json_string(p->id));
        json_object_set_new(o, "sector", json_string(sector_names[p->sector]));
        json_object_set_new(o, "aggregated_goods_category", json_string(p->category));
        json_object_set_new(o, "route", str_or_null(p->route));
        json_object_set_new(o, "see_direct", num(p->see_dir));
        json_object_set_new(o, "see_indirect", num(p->see_ind));
        json_object_set_new(o, "see_total", num(p->see_dir + p->see_ind));
        json_object_set_new(o, "emissions_counted",
                            json_string(counts_indirect(p->sector) ? "direct+indirect" : "direct"));
        json_object_set_new(o, "see_counted",
                            num(counts_indirect(p->sector) ? p->see_dir + p->see_ind : p->see_dir));
        json_object_set_new(o, "data_basis", json_string(basis_of(p)));
        json_object_set_new(o, "default_share", num(p->default_share));
        json_array_append_new(goods, o);
    }
    json_object_set_new(root, "goods", goods);
    json_t *notes = json_array();
    for (size_t i = 0; i < r->n_notes; i++)
        json_array_append_new(notes, json_string(r->notes[i]));
    json_object_set_new(root, "notes", notes);
    pcf__buf b;
    pcf__buf_init(&b);
    pcf__json_write(&b, root, 0);
    pcf__buf_puts(&b, "\n");
    json_decref(root);
    if (b.failed) {
        pcf__buf_free(&b);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory writing the CBAM result");
    }
    *out = pcf__buf_steal(&b);
    return pcf__ok(err);
}

/* A CSV field, quoted when it holds a comma, quote or line break (RFC 4180). */
static void csv_text(pcf__buf *b, const char *s)
{
    s = s ? s : "";
    if (!strpbrk(s, ",\"\r\n")) {
        pcf__buf_puts(b, s);
        return;
    }
    pcf__buf_puts(b, "\"");
    for (; *s; s++) {
        pcf__buf_append(b, s, 1);
        if (*s == '"')
            pcf__buf_puts(b, "\"");
    }
    pcf__buf_puts(b, "\"");
}

static void csv_num(pcf__buf *b, double v)
{
    pcf__buf_puts(b, ",");
    if (isfinite(v))
        pcf__buf_num(b, v);
}

pcf_status pcf_cbam_result_to_csv(const pcf_cbam_result *r, char **out, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!r || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_cbam_result_to_csv: NULL argument");
    pcf__buf b;
    pcf__buf_init(&b);
    pcf__buf_puts(&b, "year,installation,cn_code,good,process,sector,aggregated_goods_category,"
                      "route,activity_level_t,see_direct,see_indirect,see_total,"
                      "emissions_counted,see_counted,electricity_mwh_per_t,"
                      "electricity_factor_t_per_mwh,electricity_basis,data_basis,"
                      "default_share\n");
    const char *inst = json_string_value(json_object_get(r->installation, "name"));
    for (size_t i = 0; i < r->n_goods; i++) {
        const cb_good *g = &r->goods[i];
        const cb_proc *p = &r->procs[g->proc];
        pcf__buf_printf(&b, "%d,", r->year);
        csv_text(&b, inst);
        pcf__buf_puts(&b, ",");
        csv_text(&b, g->cn_code);
        pcf__buf_puts(&b, ",");
        csv_text(&b, g->name);
        pcf__buf_puts(&b, ",");
        csv_text(&b, p->id);
        pcf__buf_puts(&b, ",");
        csv_text(&b, sector_names[p->sector]);
        pcf__buf_puts(&b, ",");
        csv_text(&b, p->category);
        pcf__buf_puts(&b, ",");
        csv_text(&b, p->route);
        csv_num(&b, p->al);
        csv_num(&b, p->see_dir);
        csv_num(&b, p->see_ind);
        csv_num(&b, p->see_dir + p->see_ind);
        pcf__buf_puts(&b, counts_indirect(p->sector) ? ",direct+indirect" : ",direct");
        csv_num(&b, counts_indirect(p->sector) ? p->see_dir + p->see_ind : p->see_dir);
        csv_num(&b, p->is_default ? NAN : p->el_mwh / p->al);
        csv_num(&b, p->is_default ? NAN : p->el_ef);
        pcf__buf_puts(&b, ",");
        csv_text(&b, p->is_default ? "" : p->el_basis);
        pcf__buf_puts(&b, ",");
        csv_text(&b, basis_of(p));
        csv_num(&b, p->default_share);
        pcf__buf_puts(&b, "\n");
    }
    if (b.failed) {
        pcf__buf_free(&b);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory writing the CBAM CSV");
    }
    *out = pcf__buf_steal(&b);
    return pcf__ok(err);
}
