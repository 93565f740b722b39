/*
 * pcf — internals of the CBAM regime shared by lib/cbam*.c: the records one walk of the input
 * document fills, the walk's context, and the helpers that read members and report problems at
 * their JSON path. Not installed.
 * GPL-3.0-or-later; see LICENSE.
 */
#ifndef PCF_CBAM_INTERNAL_H
#define PCF_CBAM_INTERNAL_H

#include "pcf/cbam.h"

#include "internal.h"
#include "model_internal.h"

#include <jansson.h>

/* The sector names, indexed by pcf_cbam_sector (cbam.c). */
extern const char *const pcf__cbam_sector_names[6];

/* The sector named `s`, or -1. */
int pcf__cbam_sector_parse(const char *s);

/* Copies the digits of a CN code ("7208 10 00" → "72081000"); 0 unless 4..10 digits. */
int pcf__cbam_cn_digits(const char *in, char out[12]);

/* Where the mark-ups pcf_cbam_markup() applies come from. */
#define PCF__CBAM_MARKUP_SOURCE                                                                    \
    "Implementing Regulation (EU) 2025/2621 (definitive-period default values, which include a "   \
    "mark-up, recitals (3)-(4)): +10 % in 2026, +20 % in 2027, +30 % from 2028 as third-party "    \
    "summaries of the regulation give them; the article setting them was not read from the "       \
    "Official Journal (docs/cbam-format.md)"

/* ---- the document and its records ---- */

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
    pcf__diag_sink ds; /* the problems found, located in the document text */
    pcf_db *db;        /* NULL when validating */
    int use_db;
    int year;
    pcf_cbam_result *r;
} cx;
#define BAD(c, path, ...)                                                                          \
    pcf__sink_add(&(c)->ds, PCF_SEVERITY_ERROR, PCF_ERR_INVALID_MODEL, (path), __VA_ARGS__)

/* out = base + "." + key (base alone when that does not fit). */
void pcf__cbam_sub(char *out, size_t size, const char *base, const char *key);

/* out = base + "." + key + "[i]". */
void pcf__cbam_sub_i(char *out, size_t size, const char *base, const char *key, size_t i);

/* A copy of s ("" for NULL); NULL with c->nomem set when out of memory. */
char *pcf__cbam_dup(cx *c, const char *s);

/* A text member; NULL (with an error when required) when absent or not a non-empty string. */
const char *pcf__cbam_get_text(cx *c, const json_t *obj, const char *key, const char *path,
                               int required);

/* A number member ≥ 0; returns 1 when present and valid. */
int pcf__cbam_get_num(cx *c, const json_t *obj, const char *key, const char *path, int required,
                      double *out);

/* Adds a note to the result. */
void pcf__cbam_note(cx *c, const char *text);

/* Parses production process `index` (pj) into p, resolving default values and electricity
 * factors in the database when c->use_db (cbam_walk.c). */
void pcf__cbam_parse_process(cx *c, const json_t *pj, cb_proc *p, size_t index);

/* Frees what a parsed process owns (not p itself). */
void pcf__cbam_proc_free(cb_proc *p);

#endif /* PCF_CBAM_INTERNAL_H */
