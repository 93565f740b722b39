/*
 * pcf — the resolver's walk over a model (model + factor database → system), shared by the files
 * that make it up. Not installed. GPL-3.0-or-later; see LICENSE.
 *
 *   system.c           the walk over settings, products and stages, and the entry points
 *   system_read.c      values and keys read from the JSON, problems reported with their path
 *   system_factor.c    parameters, factor slots and the database cache, terms
 *   system_activity.c  activities (material, process, direct emission) and purchased parts
 *   system_product.c   products, components, cycles and multipliers
 *   transport.c        transport legs and factor_scope
 *   eol.c              end-of-life routes
 */
#ifndef PCF_SYSTEM_RESOLVE_H
#define PCF_SYSTEM_RESOLVE_H

#include "model_internal.h"
#include "model_keys.h"
#include "system_data.h"
#include "util.h"

#include <assert.h>
#include <stdint.h>
#include <string.h>

typedef struct pcf__res_lookup {
    pcf_factor *f;    /* NULL when the lookup failed */
    uint32_t finfo;   /* its factor info, once made */
    unsigned regimes; /* pcf_factor_regimes(f), asked once, not per use */
    pcf_status st;
    char *message;
} pcf__res_lookup;

typedef struct pcf__res_product {
    const char *id;
    json_t *obj;
    size_t index;
    double scale;   /* declared ÷ reference (main product only; 1 otherwise) */
    double mass_kg; /* per reference flow; NaN when not given */
    double life_h;  /* service life in hours; NaN when not given */
    double alloc;   /* production allocation share */
    double mult;    /* reference flows per declared unit of the main product */
    int reachable;
    int color; /* cycle detection */
} pcf__res_product;

typedef struct pcf__res_ctx {
    const pcf_model *m;
    pcf_db *db;
    pcf__diag_sink ds; /* the problems found, located in the model text */
    int validate_only;
    int build; /* emit terms */
    pcf_gwp_set gwp;
    pcf_boundary boundary;
    pcf_recycling_method method;
    const char *region;
    int had_cycle;
    /* pcf_system_resolve_take(): each activity's object is freed once resolved */
    int consume;
    size_t consumed;
    /* pcf_system_resolve_file(): the stage arrays left in the model's text, else NULL */
    pcf__json_lazy *lazy;

    pcf__res_product *prods;
    size_t n_prods;

    /* output */
    pcf__sysdata *d;
    pcf__param *params;
    size_t n_params, cap_params;
    pcf__term *terms;
    pcf__term_info *tinfo;
    size_t n_terms, cap_terms, cap_tinfo;
    pcf__activity_info *acts;
    size_t n_acts, cap_acts;
    pcf__dq_scores *dq;
    size_t n_dq, cap_dq;
    pcf__factor_info *finfo;
    uint32_t *fparam; /* param index of each factor info */
    size_t n_finfo, cap_finfo, cap_fparam;
    pcf_gas *gas;
    double *gas_kg;
    size_t n_gas, cap_gas, cap_gas_kg;
    const char **notes;
    size_t n_notes, cap_notes;
    pcf__smap factor_keys; /* key → factor info index */
    pcf__smap code_keys;   /* factor code → lookups index */
    pcf__smap lookup_keys; /* category \x1f name \x1f region \x1f dimension → lookups index */
    pcf__smap prod_keys;   /* product id → index */
    pcf__res_lookup *lookups;
    size_t n_lookups, cap_lookups;
    size_t n_gwp_mixed;      /* factors published in another GWP set without a gas split */
    int regime;              /* pcf_regime of the calculation (the model's "regime") */
    int allow_out_of_regime; /* the model's "allow_out_of_regime": warn instead of refusing */
    size_t n_out_of_regime;  /* factor uses outside the regime, allowed with a warning */
    struct {
        char text[16]; /* a copy: the walk may free what it has read (consume); "" unused */
        const pcf_unit *unit;
        pcf_status st;       /* of the parse: a spelling that is no unit is remembered too, */
        const char *message; /* with its message (in the system's arena), else NULL */
    } units[8];              /* the last unit spellings parsed: models use a handful */
    unsigned next_unit;
    /* The members of the activity being resolved, by key-name id (pcf__model_key_name_id), read
     * in the one pass pcf__res_check_keys makes over its keys: the twenty-odd keys the resolver
     * asks an activity for, most of them absent, cost no hash lookup each (pcf__res_member). */
    struct {
        json_t *obj; /* the activity, NULL between activities */
        json_t *val[PCF__MODEL_KEY_ROWS_MAX];
        uint16_t set[PCF__MODEL_KEY_ROWS_MAX]; /* the ids of val that are not NULL */
        size_t n_set;
    } scan;
    /* key text → name id, by the address of the text (the resolver asks with literals), each
     * hit confirmed by comparing the text */
    struct {
        const char *key;
        int id;
    } key_ids[256]; /* the 255u of PCF__RES_KEY_SLOT */
} pcf__res_ctx;
/* What the stage functions need to know about the activity being resolved. */
typedef struct pcf__res_act {
    const pcf__res_product *pf;
    json_t *obj;
    const char *path;
    int stage;
    int flow;
    double prim; /* primary-data weight of the activity */
    uint32_t ap; /* amount parameter, or PCF__NO_PARAM */
    double mult; /* product multiplier × allocation × duration/per × times */
    int emit;    /* terms can be added */
} pcf__res_act;
typedef struct pcf__res_factor_spec {
    int origin;
    const char *code, *name, *unit, *dataset, *dataset_version, *layer;
    const char *region_requested, *region_used, *gwp_basis;
    int fallback_taken;
    double value; /* kg CO2e per unit in the system's GWP set */
    pcf_dist dist;
    double p[3];
    size_t n_gas;
    const pcf_gas *gases;
    const double *kg;
    const char *lci_db; /* the LCI database of a solved-process row, else NULL */
    int lci_gwp;        /* the GWP set that row was solved in */
} pcf__res_factor_spec;

#define ERR(c, st, path, ...) pcf__sink_add(&(c)->ds, PCF_SEVERITY_ERROR, (st), (path), __VA_ARGS__)
#define WARN(c, path, ...)                                                                         \
    pcf__sink_add(&(c)->ds, PCF_SEVERITY_WARNING, PCF_OK, (path), __VA_ARGS__)
#define NOTE(c, path, ...) pcf__sink_add(&(c)->ds, PCF_SEVERITY_NOTE, PCF_OK, (path), __VA_ARGS__)

/* ---- system_read.c ---- */

/* snprintf that may truncate (paths, keys, messages). */
void pcf__res_fmt(char *out, size_t size, const char *f, ...) PCF__PRINTF(3, 4);
/* out = path.key */
void pcf__res_sub(char *out, size_t size, const char *path, const char *key);
/* out = path[k], truncated as snprintf would (without printf: this runs for every activity) */
void pcf__res_index(char *out, size_t size, const char *path, size_t k);
/* The paths base[0], base[1], ... of a walk over an array, in text: the base is written once and
 * the index counted up in its decimal digits (pcf__res_index for each would format it anew). */
typedef struct pcf__res_ipath {
    char text[PCF_ERROR_PATH_SIZE]; /* base[k] */
    size_t open, close;             /* the offsets of '[' and ']' */
} pcf__res_ipath;
/* text = base[0]; a base over PCF_ERROR_PATH_SIZE - 23 bytes is cut there, so that the index,
 * up to 20 digits, always shows (a stage's path, which the walk passes, is under 60) */
void pcf__res_ipath_start(pcf__res_ipath *p, const char *base);
/* text = base[k + 1] */
void pcf__res_ipath_next(pcf__res_ipath *p);
/* A copy of s in the system's string arena ("" when out of memory, which is flagged). */
const char *pcf__res_keep(pcf__res_ctx *c, const char *s);
/* The getters pcf__res_get_num, _str and _unit (below) are inline: an activity asks for twenty-odd
 * keys, most of them absent, and those cost a look-up in the scan, not a call. What they do with a
 * value given is out of line. */
/* Reports key missing at path. */
void pcf__res_missing(pcf__res_ctx *c, const char *key, const char *path);
/* Number v of key: 1 with *out when it is a number in its row's range for where, else reported. */
int pcf__res_num_of(pcf__res_ctx *c, json_t *v, const char *key, uint32_t where, const char *path,
                    double *out);
/* Reports that key is not a string; NULL. */
const char *pcf__res_not_string(pcf__res_ctx *c, const char *key, const char *path);
/* The unit of the text s given for key, of dimension dim (PCF_DIM_NONE: any), else reported. */
const pcf_unit *pcf__res_unit_text(pcf__res_ctx *c, const char *s, const char *key,
                                   const char *path, pcf_dimension dim);

/* Conversion factor from one unit to another; NaN when the dimensions differ. */
double pcf__res_conv(const pcf_unit *from, const pcf_unit *to);
/* The unit of a symbol, or NULL. */
const pcf_unit *pcf__res_unit_of(const char *sym);
/* Warns about every key of obj that the key table does not allow in where ("x-" keys pass). An
 * activity's members (where within PCF__IN_ACTIVITY) are kept for pcf__res_member until
 * pcf__res_scan_end. */
void pcf__res_check_keys(pcf__res_ctx *c, json_t *obj, const char *path, uint32_t where);
/*
 * json_object_get(obj, key), answered from the scan when obj is the activity being resolved.
 * Like every getter here that takes a key, key must be text that does not change while the
 * resolver runs (a literal or a static table's entry): the key's name id is cached by the
 * text's address in c->key_ids (its home slot PCF__RES_KEY_SLOT, then probes). Debug builds (the
 * test suite) check that promise on every hit. Inline, since an activity asks twenty-odd keys:
 * the home slot answers here, probes and first look-ups in pcf__res_key_id_slow (system_read.c).
 */
#define PCF__RES_KEY_SLOT(key)                                                                     \
    ((size_t)(((uint64_t)(uintptr_t)(key)*UINT64_C(0x9E3779B97F4A7C15)) >> 40) & 255u)
int pcf__res_key_id_slow(pcf__res_ctx *c, const char *key);

/* The name id of key (pcf__model_key_name_id), -1 when no row has that name. */
static inline int pcf__res_key_id(pcf__res_ctx *c, const char *key)
{
    size_t h = PCF__RES_KEY_SLOT(key);
    if (key && c->key_ids[h].key == key) {
        assert(strcmp(pcf__model_keys[c->key_ids[h].id].name, key) == 0);
        return c->key_ids[h].id;
    }
    return pcf__res_key_id_slow(c, key);
}

static inline json_t *pcf__res_member(pcf__res_ctx *c, json_t *obj, const char *key)
{
    if (obj && obj == c->scan.obj) {
        int id = pcf__res_key_id(c, key);
        if (id >= 0)
            return c->scan.val[id];
    }
    return json_object_get(obj, key);
}

/* Reads an optional number; its range is its row in the key table (model_keys.h) for where.
 * Returns 1 when present and valid. */
static inline int pcf__res_get_num(pcf__res_ctx *c, json_t *obj, const char *key, uint32_t where,
                                   const char *path, int required, double *out)
{
    json_t *v = pcf__res_member(c, obj, key);
    if (v)
        return pcf__res_num_of(c, v, key, where, path, out);
    if (required)
        pcf__res_missing(c, key, path);
    return 0;
}

static inline const char *pcf__res_get_str(pcf__res_ctx *c, json_t *obj, const char *key,
                                           const char *path, int required)
{
    json_t *v = pcf__res_member(c, obj, key);
    if (json_is_string(v))
        return json_string_value(v);
    if (v)
        return pcf__res_not_string(c, key, path);
    if (required)
        pcf__res_missing(c, key, path);
    return NULL;
}

/* Reads a unit key; dim PCF_DIM_NONE accepts any dimension. */
static inline const pcf_unit *pcf__res_get_unit(pcf__res_ctx *c, json_t *obj, const char *key,
                                                const char *path, pcf_dimension dim, int required)
{
    const char *s = pcf__res_get_str(c, obj, key, path, required);
    return s ? pcf__res_unit_text(c, s, key, path, dim) : NULL;
}

/* Forgets the scanned activity (before it may be freed). */
void pcf__res_scan_end(pcf__res_ctx *c);
/* Reads "uncertainty" into dist + parameters (checked around value). */
void pcf__res_get_uncertainty(pcf__res_ctx *c, json_t *obj, const char *path, double value,
                              pcf_dist *dist, double p[3]);

/* ---- system_factor.c ---- */

uint32_t pcf__res_add_param(pcf__res_ctx *c, double value, pcf_dist dist, const double p[3],
                            uint32_t kind, uint32_t label);
/* Returns the factor-info index for key, creating it from spec when new; UINT32_MAX on OOM. */
uint32_t pcf__res_add_factor(pcf__res_ctx *c, const char *key, const pcf__res_factor_spec *s);
/* Adds a term to the activity added last. */
void pcf__res_add_term(pcf__res_ctx *c, double coef, uint32_t amount, uint32_t finfo, int stage,
                       int flow, const char *role, double primary, int credit, int ttw);
/* The factor info of a direct emission of gas (its GWP in the system's set). */
uint32_t pcf__res_gwp_factor(pcf__res_ctx *c, pcf_gas gas);
/* The factor info of biogenic carbon as CO2 (1 kg CO2 per kg CO2). */
uint32_t pcf__res_carbon_factor(pcf__res_ctx *c);
/*
 * Resolves the factor slot `slot` of an activity. Returns the factor-info index, or UINT32_MAX
 * when it could not be resolved (the problem is reported). *primary gets the primary-data weight
 * of the terms with this factor: act_prim (the activity's) for a database factor; for an own
 * factor its own "primary", else the activity's explicit "primary", else 1. dim is the dimension
 * the activity quantity has (for lookups by name).
 */
uint32_t pcf__res_resolve_slot(pcf__res_ctx *c, json_t *act, const char *slot, const char *path,
                               pcf_dimension dim, double act_prim, double *primary);
/* Converts an activity unit to the factor's unit, reporting a mismatch. NaN on failure. */
double pcf__res_to_factor_unit(pcf__res_ctx *c, const pcf_unit *from, uint32_t fi, const char *path,
                               const char *slot);

/* ---- system_activity.c ---- */

/* Activity k of a stage, at path; route shares are summed into *eol_share_sum and *eol_shares. */
void pcf__res_activity(pcf__res_ctx *c, const pcf__res_product *pf, int stage, json_t *act,
                       const char *path, size_t k, double *eol_share_sum, int *eol_shares);
/* A purchased part with its supplier's PCF: component k of pf, at path. */
void pcf__res_purchased(pcf__res_ctx *c, const pcf__res_product *pf, json_t *comp, const char *path,
                        size_t index);

/* ---- system_product.c ---- */

/*
 * Reads the products: ids, facts, components, cycles, and the multipliers along a topological
 * order from the main product (c->prods). Returns 0 when there are none or memory ran out.
 */
int pcf__res_products(pcf__res_ctx *c);

/* ---- transport.c ---- */

/*
 * factor_scope and wtt_factor of a transport activity: checks them, marks the activity as
 * transport, and returns 1 when "factor" is tank-to-wheel.
 */
int pcf__res_transport_scope(pcf__res_ctx *c, json_t *act, const char *path);
/* A transport leg: the amount parameter is the distance in du. */
void pcf__res_leg(pcf__res_ctx *c, const pcf__res_act *a, const pcf_unit *du);

/* ---- eol.c ---- */

/* An end-of-life route; kg_per_amount converts the amount parameter to kg treated. */
void pcf__res_eol_route(pcf__res_ctx *c, const pcf__res_act *a, double kg_per_amount,
                        const char *route);

#endif
