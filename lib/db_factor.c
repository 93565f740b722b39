/*
 * pcf — the factors the database hands out: reading one from a query row, copies, accessors and
 * factor lists.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "db_internal.h"

#include <stdlib.h>
#include <string.h>

/* ---- factors ------------------------------------------------------------------------------ */

enum {
    F_CODE,
    F_DATASET,
    F_CATEGORY,
    F_NAME_EN,
    F_NAME_ZH,
    F_REGION,
    F_VALUE,
    F_UNIT,
    F_SCOPE,
    F_GWP,
    F_YEAR,
    F_GASES,
    F_UNC,
    F_UP1,
    F_UP2,
    F_UP3,
    F_DQ,
    F_SOURCE,
    F_LICENSE,
    F_NOTES,
    F_QUALIFIER,
    F_DS_NAME,
    F_DS_VERSION,
    F_LAYER,
    F_REGION_REQ,
    F_N
};

struct pcf_factor {
    char *s[F_N]; /* all point into block */
    char *block;
    size_t block_len;
    double kg_co2e;
    const pcf_unit *unit;
    int co2_only, gwp, year, fallback;
    pcf_dist dist;
    double p1, p2, p3;
    size_t n_gases;
    pcf_gas *gases;
    double *gas_kg;
};

void pcf_factor_destroy(pcf_factor *f)
{
    if (!f)
        return;
    free(f->block);
    free(f->gases);
    free(f->gas_kg);
    free(f);
}

const char *pcf__db_col_text(sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    return t ? (const char *)t : "";
}

/* The unit of a per-unit symbol stored by the importer, parsed once per handle. */
static const pcf_unit *unit_of(pcf_db *db, const char *symbol)
{
    for (size_t i = 0; i < db->n_units; i++)
        if (strcmp(db->units[i].symbol, symbol) == 0)
            return db->units[i].unit;
    const pcf_unit *u = NULL;
    if (pcf_unit_parse(symbol, &u, NULL) != PCF_OK)
        return NULL;
    if (db->n_units < sizeof db->units / sizeof db->units[0] &&
        strlen(symbol) < sizeof db->units[0].symbol) {
        pcf__strlcpy_utf8(db->units[db->n_units].symbol, symbol, sizeof db->units[0].symbol);
        db->units[db->n_units++].unit = u;
    }
    return u;
}

pcf_status pcf__db_factor_from_row(pcf_db *db, sqlite3_stmt *st, const pcf__layer *layer,
                                   const char *region_req, pcf_factor **out, pcf_error *err)
{
    *out = NULL;
    /* kg_co2e is column 20, dist, p1, p2, p3 columns 26 to 29 of PCF__DB_FACTOR_COLS */
    pcf_status s = pcf__db_check_row(st, 20, 26, layer->path, err);
    if (s != PCF_OK)
        return s;
    const char *text[F_N];
    for (int i = 0; i <= F_NOTES; i++)
        text[i] = pcf__db_col_text(st, i);
    text[F_QUALIFIER] = pcf__db_col_text(st, 22);
    text[F_DS_NAME] = pcf__db_col_text(st, 31);
    text[F_DS_VERSION] = pcf__db_col_text(st, 32);
    text[F_LAYER] = layer->name;
    text[F_REGION_REQ] = region_req ? region_req : text[F_REGION];
    size_t len[F_N], total = 0;
    for (int i = 0; i < F_N; i++)
        total += (len[i] = strlen(text[i])) + 1;
    pcf_factor *f = calloc(1, sizeof *f);
    char *block = f ? malloc(total) : NULL;
    if (!block) {
        free(f);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory reading a factor");
    }
    f->block = block;
    f->block_len = total;
    for (int i = 0; i < F_N; i++) {
        memcpy(block, text[i], len[i] + 1);
        f->s[i] = block;
        block += len[i] + 1;
    }
    f->kg_co2e = sqlite3_column_double(st, 20);
    const char *per = pcf__db_col_text(st, 21);
    f->unit = unit_of(db, per);
    if (!f->unit) {
        pcf__error(err, PCF_ERR_DATABASE,
                   "factor \"%s\" is stored per unit \"%s\", which this library does not know; "
                   "rebuild the database with this version of pcf",
                   f->s[F_CODE], per);
        pcf_factor_destroy(f);
        return PCF_ERR_DATABASE;
    }
    f->co2_only = sqlite3_column_int(st, 23);
    f->gwp = sqlite3_column_int(st, 24);
    f->year = sqlite3_column_int(st, 25);
    f->dist = (pcf_dist)sqlite3_column_int(st, 26);
    f->p1 = sqlite3_column_double(st, 27);
    f->p2 = sqlite3_column_double(st, 28);
    f->p3 = sqlite3_column_double(st, 29);
    f->fallback = strcmp(f->s[F_REGION], f->s[F_REGION_REQ]) != 0;
    s = pcf__db_parse_gases(pcf__db_col_text(st, 30), &f->gases, &f->gas_kg, &f->n_gases, err);
    if (s != PCF_OK) {
        pcf_factor_destroy(f);
        return s == PCF_ERR_NOMEM ? s
                                  : pcf__error(err, PCF_ERR_DATABASE,
                                               "factor \"%s\" has corrupt per-gas data; rebuild "
                                               "the database",
                                               pcf__db_col_text(st, 0));
    }
    *out = f;
    return PCF_OK;
}

pcf_status pcf_factor_clone(const pcf_factor *f, pcf_factor **out, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!f || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_factor_clone: an argument is NULL");
    pcf_factor *c = calloc(1, sizeof *c);
    char *block = c ? malloc(f->block_len) : NULL;
    pcf_gas *gases = f->n_gases ? malloc(f->n_gases * sizeof *gases) : NULL;
    double *gas_kg = f->n_gases ? malloc(f->n_gases * sizeof *gas_kg) : NULL;
    if (!c || !block || (f->n_gases && (!gases || !gas_kg))) {
        free(c);
        free(block);
        free(gases);
        free(gas_kg);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory copying a factor");
    }
    *c = *f;
    memcpy(block, f->block, f->block_len);
    c->block = block;
    for (int i = 0; i < F_N; i++)
        c->s[i] = block + (f->s[i] - f->block);
    if (f->n_gases) {
        memcpy(gases, f->gases, f->n_gases * sizeof *gases);
        memcpy(gas_kg, f->gas_kg, f->n_gases * sizeof *gas_kg);
    }
    c->gases = gases;
    c->gas_kg = gas_kg;
    *out = c;
    return pcf__ok(err);
}

#define STR_ACCESSOR(fn, idx)                                                                      \
    const char *fn(const pcf_factor *f)                                                            \
    {                                                                                              \
        return f ? f->s[idx] : "";                                                                 \
    }
STR_ACCESSOR(pcf_factor_code, F_CODE)
STR_ACCESSOR(pcf_factor_name_en, F_NAME_EN)
STR_ACCESSOR(pcf_factor_name_zh, F_NAME_ZH)
STR_ACCESSOR(pcf_factor_category, F_CATEGORY)
STR_ACCESSOR(pcf_factor_region, F_REGION)
STR_ACCESSOR(pcf_factor_region_requested, F_REGION_REQ)
STR_ACCESSOR(pcf_factor_unit_qualifier, F_QUALIFIER)
STR_ACCESSOR(pcf_factor_gwp_text, F_GWP)
STR_ACCESSOR(pcf_factor_scope, F_SCOPE)
STR_ACCESSOR(pcf_factor_year_text, F_YEAR)
STR_ACCESSOR(pcf_factor_published_value, F_VALUE)
STR_ACCESSOR(pcf_factor_published_unit, F_UNIT)
STR_ACCESSOR(pcf_factor_dataset, F_DATASET)
STR_ACCESSOR(pcf_factor_dataset_name, F_DS_NAME)
STR_ACCESSOR(pcf_factor_dataset_version, F_DS_VERSION)
STR_ACCESSOR(pcf_factor_license, F_LICENSE)
STR_ACCESSOR(pcf_factor_source, F_SOURCE)
STR_ACCESSOR(pcf_factor_notes, F_NOTES)
STR_ACCESSOR(pcf_factor_dq, F_DQ)
STR_ACCESSOR(pcf_factor_layer, F_LAYER)
#undef STR_ACCESSOR

int pcf_factor_fallback_taken(const pcf_factor *f)
{
    return f ? f->fallback : 0;
}

double pcf_factor_kg_co2e(const pcf_factor *f)
{
    return f ? f->kg_co2e : 0.0;
}

const pcf_unit *pcf_factor_unit(const pcf_factor *f)
{
    return f ? f->unit : NULL;
}

int pcf_factor_co2_only(const pcf_factor *f)
{
    return f ? f->co2_only : 0;
}

int pcf_factor_gwp_set(const pcf_factor *f)
{
    return f ? f->gwp : 0;
}

size_t pcf_factor_gas_count(const pcf_factor *f)
{
    return f ? f->n_gases : 0;
}

pcf_gas pcf_factor_gas_at(const pcf_factor *f, size_t index)
{
    return f && index < f->n_gases ? f->gases[index] : PCF_GAS_CO2_FOSSIL;
}

double pcf_factor_gas_kg_at(const pcf_factor *f, size_t index)
{
    return f && index < f->n_gases ? f->gas_kg[index] : 0.0;
}

int pcf_factor_year(const pcf_factor *f)
{
    return f ? f->year : 0;
}

void pcf_factor_uncertainty(const pcf_factor *f, pcf_dist *kind, double *p1, double *p2, double *p3)
{
    if (kind)
        *kind = f ? f->dist : PCF_DIST_FIXED;
    if (p1)
        *p1 = f ? f->p1 : 0.0;
    if (p2)
        *p2 = f ? f->p2 : 0.0;
    if (p3)
        *p3 = f ? f->p3 : 0.0;
}

size_t pcf_factor_list_count(const pcf_factor_list *list)
{
    return list ? list->n : 0;
}

size_t pcf_factor_list_total(const pcf_factor_list *list)
{
    return list ? list->total : 0;
}

const pcf_factor *pcf_factor_list_at(const pcf_factor_list *list, size_t index)
{
    return list && index < list->n ? list->items[index] : NULL;
}

void pcf_factor_list_destroy(pcf_factor_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->n; i++)
        pcf_factor_destroy(list->items[i]);
    free(list->items);
    free(list);
}

pcf_status pcf__db_list_push(pcf_factor_list *list, pcf_factor *f, pcf_error *err)
{
    if (list->n == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 16;
        pcf_factor **p = realloc(list->items, cap * sizeof *p);
        if (!p) {
            pcf_factor_destroy(f);
            return pcf__error(err, PCF_ERR_NOMEM, "out of memory collecting search results");
        }
        list->items = p;
        list->cap = cap;
    }
    list->items[list->n++] = f;
    return PCF_OK;
}
