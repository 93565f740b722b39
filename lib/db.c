/*
 * pcf — the emission-factor database: open/attach layers, lookup by code, resolution with the
 * region fallback chain, full-text search, dataset metadata, and the factor copies handed out.
 * CSV import and export live in db_csv.c.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "db_internal.h"

#include "schema_sql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef PCF_DB_DEFAULT_PATH
#define PCF_DB_DEFAULT_PATH "/usr/local/share/pcf/factors.db"
#endif

#define REGION_MAX PCF__REGION_MAX
#define CHAIN_MAX  PCF__CHAIN_MAX
/* The regions of a chain are bound to ?10..?25; unused places are NULL and match nothing. */
#define REGION_IN "(?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)"

int pcf_db_schema_version(void)
{
    return PCF_DB_SCHEMA_VERSION;
}

const char *pcf_db_default_path(void)
{
    return PCF_DB_DEFAULT_PATH;
}

const char *pcf__db_schema_sql(void)
{
    return pcf__schema_sql;
}

pcf_status pcf__db_sql_error(pcf_db *db, int rc, pcf_error *err, const char *what)
{
    const char *msg = db && db->sql ? sqlite3_errmsg(db->sql) : sqlite3_errstr(rc);
    int prim = rc & 0xff;
    pcf_status st = PCF_ERR_DATABASE;
    if (prim == SQLITE_NOMEM)
        st = PCF_ERR_NOMEM;
    else if (prim == SQLITE_READONLY)
        st = PCF_ERR_READ_ONLY;
    else if (prim == SQLITE_CANTOPEN)
        st = PCF_ERR_IO;
    return pcf__error(err, st, "%s: %s (SQLite error %d)", what, msg, rc);
}

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

/* The columns every factor query selects, in the order factor_from_row() reads them: the 20
 * published columns, then the derived ones, then the dataset's name and version. */
#define FACTOR_COLS                                                                                \
    "f.code, f.dataset, f.category, f.name_en, f.name_zh, f.region, f.value, f.unit, f.scope, "    \
    "f.gwp_set, f.year, f.gases, f.uncertainty, f.unc_p1, f.unc_p2, f.unc_p3, f.dq, f.source, "    \
    "f.license, f.notes, f.kg_co2e, f.per_unit, f.unit_qualifier, f.co2_only, f.gwp, f.year_num, " \
    "f.dist, f.p1, f.p2, f.p3, f.gas_kg, d.name, d.version"

void pcf_factor_destroy(pcf_factor *f)
{
    if (!f)
        return;
    free(f->block);
    free(f->gases);
    free(f->gas_kg);
    free(f);
}

static const char *col_text(sqlite3_stmt *st, int col)
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

static pcf_status factor_from_row(pcf_db *db, sqlite3_stmt *st, const char *layer,
                                  const char *region_req, pcf_factor **out, pcf_error *err)
{
    *out = NULL;
    const char *text[F_N];
    for (int i = 0; i <= F_NOTES; i++)
        text[i] = col_text(st, i);
    text[F_QUALIFIER] = col_text(st, 22);
    text[F_DS_NAME] = col_text(st, 31);
    text[F_DS_VERSION] = col_text(st, 32);
    text[F_LAYER] = layer;
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
    const char *per = col_text(st, 21);
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
    pcf_status s = pcf__db_parse_gases(col_text(st, 30), &f->gases, &f->gas_kg, &f->n_gases, err);
    if (s != PCF_OK) {
        pcf_factor_destroy(f);
        return s == PCF_ERR_NOMEM ? s
                                  : pcf__error(err, PCF_ERR_DATABASE,
                                               "factor \"%s\" has corrupt per-gas data; rebuild "
                                               "the database",
                                               col_text(st, 0));
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
        return f && f->s[idx] ? f->s[idx] : "";                                                    \
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

/* ---- datasets ----------------------------------------------------------------------------- */

static void datasets_free(pcf_db *db)
{
    for (size_t i = 0; i < db->n_datasets; i++) {
        struct pcf_dataset *d = &db->datasets[i];
        free(d->key);
        free(d->name);
        free(d->version);
        free(d->publisher);
        free(d->license);
        free(d->url);
        free(d->date);
        free(d->attribution);
        free(d->layer);
    }
    free(db->datasets);
    db->datasets = NULL;
    db->n_datasets = 0;
}

static void regions_free(pcf_db *db)
{
    for (size_t i = 0; i < db->n_regions; i++) {
        free(db->regions[i].code);
        free(db->regions[i].parent);
    }
    free(db->regions);
    db->regions = NULL;
    db->n_regions = 0;
}

static const pcf__region *region_find(const pcf_db *db, const char *code)
{
    for (size_t i = 0; i < db->n_regions; i++)
        if (strcmp(db->regions[i].code, code) == 0)
            return &db->regions[i];
    return NULL;
}

static pcf_status load_regions(pcf_db *db, pcf_error *err)
{
    regions_free(db);
    for (size_t li = db->n_layers; li-- > 0;) {
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT region, parent FROM %s.regions ORDER BY region",
                 db->layers[li].schema);
        sqlite3_stmt *st = NULL;
        int rc = sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL);
        if (rc != SQLITE_OK)
            return pcf__db_sql_error(db, rc, err, "reading the regions table");
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            if (region_find(db, col_text(st, 0)))
                continue; /* a higher layer defines it */
            pcf__region *p = realloc(db->regions, (db->n_regions + 1) * sizeof *p);
            if (!p) {
                sqlite3_finalize(st);
                return pcf__error(err, PCF_ERR_NOMEM, "out of memory reading regions");
            }
            db->regions = p;
            pcf__region *r = &p[db->n_regions++];
            r->code = pcf__strdup(col_text(st, 0));
            r->parent = pcf__strdup(col_text(st, 1));
            if (!r->code || !r->parent) {
                sqlite3_finalize(st);
                return pcf__error(err, PCF_ERR_NOMEM, "out of memory reading regions");
            }
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE)
            return pcf__db_sql_error(db, rc, err, "reading the regions table");
    }
    return PCF_OK;
}

static pcf_status load_datasets(pcf_db *db, pcf_error *err)
{
    datasets_free(db);
    for (size_t li = db->n_layers; li-- > 0;) {
        const pcf__layer *L = &db->layers[li];
        char sql[512];
        snprintf(sql, sizeof sql,
                 "SELECT d.dataset, d.name, d.version, d.publisher, d.license, d.url, d.date, "
                 "d.attribution, (SELECT count(*) FROM %s.factors f WHERE f.dataset = d.dataset) "
                 "FROM %s.datasets d ORDER BY d.dataset",
                 L->schema, L->schema);
        sqlite3_stmt *st = NULL;
        int rc = sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL);
        if (rc != SQLITE_OK)
            return pcf__db_sql_error(db, rc, err, "reading the datasets table");
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            struct pcf_dataset *p =
                realloc(db->datasets, (db->n_datasets + 1) * sizeof *db->datasets);
            if (!p) {
                sqlite3_finalize(st);
                return pcf__error(err, PCF_ERR_NOMEM, "out of memory reading datasets");
            }
            db->datasets = p;
            struct pcf_dataset *d = &p[db->n_datasets++];
            memset(d, 0, sizeof *d);
            d->key = pcf__strdup(col_text(st, 0));
            d->name = pcf__strdup(col_text(st, 1));
            d->version = pcf__strdup(col_text(st, 2));
            d->publisher = pcf__strdup(col_text(st, 3));
            d->license = pcf__strdup(col_text(st, 4));
            d->url = pcf__strdup(col_text(st, 5));
            d->date = pcf__strdup(col_text(st, 6));
            d->attribution = pcf__strdup(col_text(st, 7));
            d->layer = pcf__strdup(L->name);
            d->factor_count = (size_t)sqlite3_column_int64(st, 8);
            if (!d->key || !d->name || !d->version || !d->publisher || !d->license || !d->url ||
                !d->date || !d->attribution || !d->layer) {
                sqlite3_finalize(st);
                return pcf__error(err, PCF_ERR_NOMEM, "out of memory reading datasets");
            }
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE)
            return pcf__db_sql_error(db, rc, err, "reading the datasets table");
    }
    return PCF_OK;
}

pcf_status pcf__db_reload(pcf_db *db, pcf_error *err)
{
    pcf_status s = load_datasets(db, err);
    return s == PCF_OK ? load_regions(db, err) : s;
}

size_t pcf_db_dataset_count(const pcf_db *db)
{
    return db ? db->n_datasets : 0;
}

const pcf_dataset *pcf_db_dataset_at(const pcf_db *db, size_t index)
{
    return db && index < db->n_datasets ? &db->datasets[index] : NULL;
}

#define DS_ACCESSOR(fn, field)                                                                     \
    const char *fn(const pcf_dataset *ds)                                                          \
    {                                                                                              \
        return ds && ds->field ? ds->field : "";                                                   \
    }
DS_ACCESSOR(pcf_dataset_key, key)
DS_ACCESSOR(pcf_dataset_name, name)
DS_ACCESSOR(pcf_dataset_version, version)
DS_ACCESSOR(pcf_dataset_publisher, publisher)
DS_ACCESSOR(pcf_dataset_license, license)
DS_ACCESSOR(pcf_dataset_url, url)
DS_ACCESSOR(pcf_dataset_date, date)
DS_ACCESSOR(pcf_dataset_attribution, attribution)
DS_ACCESSOR(pcf_dataset_layer, layer)
#undef DS_ACCESSOR

size_t pcf_dataset_factor_count(const pcf_dataset *ds)
{
    return ds ? ds->factor_count : 0;
}

/* ---- open, attach, close ------------------------------------------------------------------ */

static void layer_free(pcf__layer *L)
{
    for (int i = 0; i < PCF__STMT_COUNT_; i++)
        sqlite3_finalize(L->stmt[i]);
    free(L->name);
    free(L->schema);
    memset(L, 0, sizeof *L);
}

void pcf_db_close(pcf_db *db)
{
    if (!db)
        return;
    for (size_t i = 0; i < db->n_layers; i++)
        layer_free(&db->layers[i]);
    free(db->layers);
    datasets_free(db);
    regions_free(db);
    sqlite3_close(db->sql);
    free(db->path);
    free(db);
}

static pcf_status prepare_layer(pcf_db *db, pcf__layer *L, pcf_error *err)
{
    for (int i = 0; i < PCF__STMT_COUNT_; i++) {
        char sql[2048];
        const char *sc = L->schema;
        if (i == PCF__STMT_BY_CODE)
            snprintf(sql, sizeof sql,
                     "SELECT " FACTOR_COLS " FROM %s.factors f LEFT JOIN %s.datasets d "
                     "ON d.dataset = f.dataset WHERE f.code = ?1",
                     sc, sc);
        else
            /* Two indexed halves instead of one OR (which SQLite answers with a scan), all the
             * regions of the fallback chain at once, and no ORDER BY (a sorter per call): the
             * caller ranks the few rows that match and reads the winner by code. */
            snprintf(sql, sizeof sql,
                     "SELECT f.code, f.year_num, f.region FROM %s.factors f WHERE "
                     "f.category = ?1 AND f.name_en = ?3 COLLATE NOCASE AND f.region IN " REGION_IN
                     " AND (?4 = 0 OR f.per_dim = ?4) UNION ALL "
                     "SELECT f.code, f.year_num, f.region FROM %s.factors f WHERE "
                     "f.category = ?1 AND f.name_zh = ?3 AND f.region IN " REGION_IN
                     " AND NOT (f.name_en = ?3 COLLATE NOCASE) AND (?4 = 0 OR f.per_dim = ?4)",
                     sc, sc);
        int rc = sqlite3_prepare_v3(db->sql, sql, -1, SQLITE_PREPARE_PERSISTENT, &L->stmt[i], NULL);
        if (rc != SQLITE_OK)
            return pcf__db_sql_error(db, rc, err, "preparing the factor queries");
    }
    return PCF_OK;
}

/* Upgrades the main schema of a file written by an older library, in one transaction: runs the
 * statements of data/schema.sql after each "-- @upgrade-to N" marker with N > version (each
 * block ends with its PRAGMA user_version). A file opened read-only is never upgraded; it keeps
 * working without the newer tables. */
static pcf_status upgrade_schema(pcf_db *db, int version, const char *path, pcf_error *err)
{
    static const char marker[] = "-- @upgrade-to ";
    const char *sql = pcf__schema_sql;
    const char *from = NULL;
    for (const char *p = strstr(sql, marker); p; p = strstr(p + 1, marker)) {
        int target = 0;
        for (const char *d = p + sizeof marker - 1; *d >= '0' && *d <= '9' && target < 1000; d++)
            target = target * 10 + (*d - '0');
        if (target > version) {
            from = p;
            break;
        }
    }
    if (!from)
        return PCF_OK;
    char *msg = NULL;
    int rc = sqlite3_exec(db->sql, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db->sql, from, NULL, NULL, &msg);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        pcf_status s = pcf__error(err, rc == SQLITE_READONLY ? PCF_ERR_READ_ONLY : PCF_ERR_DATABASE,
                                  "upgrading factor database \"%s\" from schema version %d to %d: "
                                  "%s (SQLite error %d); open it read-only to use it unchanged",
                                  path, version, PCF_DB_SCHEMA_VERSION,
                                  msg ? msg : sqlite3_errmsg(db->sql), rc);
        sqlite3_free(msg);
        sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
        return s;
    }
    return PCF_OK;
}

/* Checks that schema `schema` of the connection is a pcf factor database this library can read. */
static pcf_status check_schema(pcf_db *db, const char *schema, const char *path, int may_init,
                               pcf_error *err)
{
    char sql[256];
    snprintf(sql, sizeof sql, "PRAGMA %s.user_version", schema);
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return pcf__db_sql_error(db, rc, err, "reading the schema version");
    int version = 0;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW) {
        if ((rc & 0xff) == SQLITE_NOTADB)
            return pcf__error(err, PCF_ERR_DATABASE,
                              "\"%s\" is not a SQLite file; give a factor database built with "
                              "`pcf db build`",
                              path);
        return pcf__db_sql_error(db, rc, err, "reading the schema version");
    }
    if (version < 0)
        return pcf__error(err, PCF_ERR_DATABASE,
                          "factor database \"%s\" has schema version %d, which no pcf writes; "
                          "the file is damaged or not a factor database (rebuild it with `pcf db "
                          "build`)",
                          path, version);
    if (version > PCF_DB_SCHEMA_VERSION)
        return pcf__error(err, PCF_ERR_VERSION,
                          "factor database \"%s\" has schema version %d, newer than the version "
                          "%d this pcf (%s) reads; upgrade pcf or rebuild the database with it",
                          path, version, PCF_DB_SCHEMA_VERSION, pcf_version_string());
    if (version == 0) {
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s.sqlite_master", schema);
        rc = sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL);
        if (rc != SQLITE_OK)
            return pcf__db_sql_error(db, rc, err, "reading the schema");
        int n = -1;
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW)
            n = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
        if (rc != SQLITE_ROW)
            return pcf__db_sql_error(db, rc, err, "reading the schema");
        if (n == 0 && may_init) {
            char *msg = NULL;
            rc = sqlite3_exec(db->sql, "BEGIN", NULL, NULL, NULL);
            if (rc == SQLITE_OK)
                rc = sqlite3_exec(db->sql, pcf__schema_sql, NULL, NULL, &msg);
            if (rc == SQLITE_OK)
                rc = sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL);
            if (rc != SQLITE_OK) {
                pcf_status s = pcf__db_sql_error(db, rc, err, "creating the schema");
                sqlite3_free(msg);
                sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
                return s;
            }
            return PCF_OK;
        }
        return pcf__error(err, PCF_ERR_DATABASE,
                          "\"%s\" is not a pcf factor database (no schema version); build one "
                          "with `pcf db build OUT CSV...`",
                          path);
    }
    if (version < PCF_DB_SCHEMA_VERSION && !db->read_only && strcmp(schema, "main") == 0)
        return upgrade_schema(db, version, path, err);
    return PCF_OK;
}

static pcf_status add_layer(pcf_db *db, const char *name, const char *schema, pcf_error *err)
{
    pcf__layer *p = realloc(db->layers, (db->n_layers + 1) * sizeof *p);
    if (!p)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory adding a layer");
    db->layers = p;
    pcf__layer *L = &p[db->n_layers];
    memset(L, 0, sizeof *L);
    L->name = pcf__strdup(name);
    L->schema = pcf__strdup(schema);
    if (!L->name || !L->schema) {
        layer_free(L);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory adding a layer");
    }
    pcf_status s = prepare_layer(db, L, err);
    if (s != PCF_OK) {
        layer_free(L);
        return s;
    }
    db->n_layers++;
    return PCF_OK;
}

pcf_status pcf_db_open(const char *path, uint32_t flags, pcf_db **out, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!path || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_db_open: path and out must not be NULL");
    if (flags & PCF_DB_CREATE)
        flags |= PCF_DB_READ_WRITE;
    if ((flags & ~(PCF_DB_READ_ONLY | PCF_DB_READ_WRITE | PCF_DB_CREATE)) != 0 ||
        (flags & (PCF_DB_READ_ONLY | PCF_DB_READ_WRITE)) == 0 ||
        (flags & PCF_DB_READ_ONLY && flags & PCF_DB_READ_WRITE))
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "pcf_db_open: flags must be PCF_DB_READ_ONLY, PCF_DB_READ_WRITE or "
                          "PCF_DB_READ_WRITE | PCF_DB_CREATE (got 0x%x)",
                          (unsigned)flags);
    if (!pcf__utf8_valid(path, strlen(path)))
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_db_open: the path is not UTF-8");
    if (sqlite3_threadsafe() == 0)
        return pcf__error(err, PCF_ERR_UNSUPPORTED,
                          "the SQLite library was built without thread support "
                          "(SQLITE_THREADSAFE=0); pcf needs at least multi-thread mode");

    pcf_db *db = calloc(1, sizeof *db);
    if (!db)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory opening \"%s\"", path);
    db->read_only = (flags & PCF_DB_READ_ONLY) != 0;
    db->path = pcf__strdup(path);
    if (!db->path) {
        pcf_db_close(db);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory opening \"%s\"", path);
    }
    int oflags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
    oflags |= db->read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (flags & PCF_DB_CREATE)
        oflags |= SQLITE_OPEN_CREATE;
    if (db->read_only) {
        pcf_status s = pcf__db_recover_journal(path, err);
        if (s != PCF_OK) {
            pcf_db_close(db);
            return s;
        }
    }
    int rc = sqlite3_open_v2(path, &db->sql, oflags, NULL);
    if (rc != SQLITE_OK) {
        pcf_status s;
        if ((rc & 0xff) == SQLITE_CANTOPEN)
            s = pcf__error(err, PCF_ERR_IO,
                           "cannot open factor database \"%s\": %s; check the path, build one "
                           "with `pcf db build`, or pass --db",
                           path, db->sql ? sqlite3_errmsg(db->sql) : sqlite3_errstr(rc));
        else
            s = pcf__db_sql_error(db, rc, err, "opening the factor database");
        pcf_db_close(db);
        return s;
    }
    sqlite3_extended_result_codes(db->sql, 1);
    sqlite3_busy_timeout(db->sql, 5000);
    pcf_status s = check_schema(db, "main", path, (flags & PCF_DB_CREATE) != 0, err);
    if (s == PCF_OK && db->read_only)
        s = pcf__db_check_file(db, "main", path, err);
    if (s == PCF_OK)
        s = add_layer(db, "default", "main", err);
    if (s == PCF_OK)
        s = pcf__db_reload(db, err);
    if (s != PCF_OK) {
        pcf_db_close(db);
        return s;
    }
    *out = db;
    return pcf__ok(err);
}

/* Writes path as an SQLite URI "file:...?mode=ro", percent-encoding what a URI reserves. */
static char *path_uri(const char *path)
{
    pcf__buf b;
    pcf__buf_init(&b);
    /* "file:" then "//" would start an authority ("//tmp/x.db": host "tmp"): an absolute path
     * gets an empty authority, "file://" + "/...", which keeps any number of leading slashes. */
    pcf__buf_puts(&b, path[0] == '/' ? "file://" : "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#' || *p < 0x20)
            pcf__buf_printf(&b, "%%%02X", (unsigned)*p);
        else
            pcf__buf_append(&b, (const char *)p, 1);
    }
    pcf__buf_puts(&b, "?mode=ro");
    if (b.failed) {
        pcf__buf_free(&b);
        return NULL;
    }
    return pcf__buf_steal(&b);
}

static int layer_name_free(const pcf_db *db, const char *name)
{
    if (!*name || pcf__ascii_casecmp(name, "default") == 0 ||
        pcf__ascii_casecmp(name, "main") == 0 || pcf__ascii_casecmp(name, "temp") == 0)
        return 0;
    for (size_t i = 0; i < db->n_layers; i++)
        if (pcf__ascii_casecmp(db->layers[i].name, name) == 0)
            return 0;
    return 1;
}

/* A layer name from the file's name ("/data/acme-2026.db" -> "acme_2026": letters and digits
 * kept, anything else '_', up to the first '.', at most 32 bytes), or "layerN" (the first N from
 * the layer count up that is free) when that name is reserved or already in use. */
static void layer_name_from_path(const pcf_db *db, const char *path, char name[33])
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = 0;
    for (const char *p = base; *p && *p != '.' && n < 32; p++) {
        char c = *p;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        name[n++] = ok ? c : '_';
    }
    name[n] = '\0';
    for (size_t k = db->n_layers; !layer_name_free(db, name); k++)
        snprintf(name, 33, "layer%zu", k);
}

pcf_status pcf_db_attach(pcf_db *db, const char *path, const char *layer_name, pcf_error *err)
{
    if (!db || !path)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_db_attach: an argument is NULL");
    char auto_name[33];
    if (!layer_name) {
        layer_name_from_path(db, path, auto_name);
        layer_name = auto_name;
    }
    size_t n = strlen(layer_name);
    int ok = n > 0 && n <= 32;
    for (size_t i = 0; ok && i < n; i++) {
        char c = layer_name[i];
        ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
    if (!ok || pcf__ascii_casecmp(layer_name, "default") == 0 ||
        pcf__ascii_casecmp(layer_name, "main") == 0 || pcf__ascii_casecmp(layer_name, "temp") == 0)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "layer name \"%.64s\" is not allowed; use 1-32 letters, digits or '_', "
                          "other than \"default\", \"main\" and \"temp\"",
                          layer_name);
    for (size_t i = 0; i < db->n_layers; i++)
        if (pcf__ascii_casecmp(db->layers[i].name, layer_name) == 0)
            return pcf__error(err, PCF_ERR_INVALID_ARG,
                              "a layer named \"%s\" is already attached; choose another name",
                              layer_name);
    if (!pcf__utf8_valid(path, strlen(path)))
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_db_attach: the path is not UTF-8");
    FILE *probe = fopen(path, "rb");
    if (!probe)
        return pcf__error(err, PCF_ERR_IO,
                          "cannot open factor database \"%s\" for layer \"%s\"; check the path",
                          path, layer_name);
    fclose(probe);
    pcf_status s = pcf__db_recover_journal(path, err);
    if (s != PCF_OK)
        return s;

    char schema[48];
    snprintf(schema, sizeof schema, "l_%s", layer_name);
    char *uri = path_uri(path);
    if (!uri)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory attaching \"%s\"", path);
    char sql[96];
    snprintf(sql, sizeof sql, "ATTACH DATABASE ?1 AS %s", schema);
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, uri, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    free(uri);
    if (rc != SQLITE_OK)
        return pcf__db_sql_error(db, rc, err, "attaching a factor database layer");
    s = check_schema(db, schema, path, 0, err);
    if (s == PCF_OK)
        s = pcf__db_check_file(db, schema, path, err);
    if (s == PCF_OK)
        s = add_layer(db, layer_name, schema, err);
    if (s != PCF_OK) {
        snprintf(sql, sizeof sql, "DETACH DATABASE %s", schema);
        sqlite3_exec(db->sql, sql, NULL, NULL, NULL);
        return s;
    }
    s = pcf__db_reload(db, err);
    if (s != PCF_OK) {
        /* leave the handle as it was: without the layer, caches re-read (best effort) */
        layer_free(&db->layers[--db->n_layers]);
        snprintf(sql, sizeof sql, "DETACH DATABASE %s", schema);
        sqlite3_exec(db->sql, sql, NULL, NULL, NULL);
        pcf_status again = pcf__db_reload(db, NULL);
        (void)again;
        return s;
    }
    return pcf__ok(err);
}

size_t pcf_db_layer_count(const pcf_db *db)
{
    return db ? db->n_layers : 0;
}

const char *pcf_db_layer_name(const pcf_db *db, size_t index)
{
    return db && index < db->n_layers ? db->layers[index].name : NULL;
}

pcf_status pcf_db_factor_count(pcf_db *db, size_t layer, size_t *out, pcf_error *err)
{
    if (out)
        *out = 0;
    if (!db || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_db_factor_count: an argument is NULL");
    if (layer >= db->n_layers)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "pcf_db_factor_count: layer %zu does not exist (the database has %zu)",
                          layer, db->n_layers);
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s.factors", db->layers[layer].schema);
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        *out = (size_t)sqlite3_column_int64(st, 0);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_OK)
        return pcf__db_sql_error(db, rc, err, "counting factors");
    return pcf__ok(err);
}

/* ---- lookup ------------------------------------------------------------------------------- */

/* Reads factor `code` from one layer; PCF_ERR_NOT_FOUND (without touching err) when absent. */
static pcf_status fetch_by_code(pcf_db *db, pcf__layer *L, const char *code, const char *region_req,
                                pcf_factor **out, pcf_error *err)
{
    sqlite3_stmt *st = L->stmt[PCF__STMT_BY_CODE];
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    pcf_status s = PCF_ERR_NOT_FOUND;
    if (rc == SQLITE_ROW)
        s = factor_from_row(db, st, L->name, region_req, out, err);
    else if (rc != SQLITE_DONE)
        s = pcf__db_sql_error(db, rc, err, "looking a factor up by code");
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return s;
}

pcf_status pcf__db_fetch(pcf_db *db, size_t li, const char *code, const char *region_req,
                         pcf_factor **out, pcf_error *err)
{
    return fetch_by_code(db, &db->layers[li], code, region_req, out, err);
}

pcf_status pcf_db_get_factor(pcf_db *db, const char *code, pcf_factor **out, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!db || !code || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_db_get_factor: an argument is NULL");
    for (size_t li = db->n_layers; li-- > 0;) {
        pcf_status s = fetch_by_code(db, &db->layers[li], code, NULL, out, err);
        if (s != PCF_ERR_NOT_FOUND)
            return s == PCF_OK ? pcf__ok(err) : s;
    }
    return pcf__error(err, PCF_ERR_NOT_FOUND,
                      "no factor with code \"%.200s\" in the factor database (%zu layer%s); find "
                      "codes with `pcf factors search TEXT`",
                      code, db->n_layers, db->n_layers == 1 ? "" : "s");
}

/* The parent of `region` for fallback; writes "" when region is GLO (the root). */
static pcf_status region_parent(pcf_db *db, const char *region, char parent[REGION_MAX],
                                pcf_error *err)
{
    parent[0] = '\0';
    if (strcmp(region, "GLO") == 0)
        return PCF_OK;
    (void)err;
    const pcf__region *r = region_find(db, region);
    if (r) {
        if (r->parent[0])
            pcf__strlcpy_utf8(parent, r->parent, REGION_MAX);
        else
            memcpy(parent, "GLO", 4);
        return PCF_OK;
    }
    /* Not in any regions table: fall back by code ("CN-XM" -> "CN"), then to GLO. */
    const char *dash = strrchr(region, '-');
    if (dash && dash != region) {
        size_t n = (size_t)(dash - region);
        memcpy(parent, region, n);
        parent[n] = '\0';
    } else {
        memcpy(parent, "GLO", 4);
    }
    return PCF_OK;
}

/* Builds the fallback chain of a requested region: itself, its parents, ending with GLO. */
pcf_status pcf__db_region_chain(pcf_db *db, const char *region, char chain[CHAIN_MAX][REGION_MAX],
                                size_t *n_out, pcf_error *err)
{
    *n_out = 0;
    char cur[REGION_MAX];
    if (!region || !region[0])
        region = "GLO";
    size_t len = strlen(region);
    if (len >= REGION_MAX)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "region code \"%.80s...\" is too long", region);
    for (size_t i = 0; i <= len; i++) {
        char c = region[i];
        cur[i] = (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
    }
    size_t n = 0;
    while (cur[0] && n < CHAIN_MAX) {
        for (size_t k = 0; k < n; k++)
            if (strcmp(chain[k], cur) == 0)
                goto done; /* a cycle in a regions table */
        memcpy(chain[n++], cur, REGION_MAX);
        char parent[REGION_MAX];
        pcf_status s = region_parent(db, cur, parent, err);
        if (s != PCF_OK)
            return s;
        memcpy(cur, parent, REGION_MAX);
    }
done:
    *n_out = n;
    return PCF_OK;
}

/* When `name` exists in `category` but only outside the chain of the requested region (a region
 * typo, or a factor published for another country), says so and where it exists, instead of
 * suggesting the very name that was typed. Returns 1 when it wrote something. */
static int name_elsewhere(pcf_db *db, const char *category, const char *name, const char *region,
                          pcf__buf *b)
{
    size_t found = 0;
    for (size_t li = db->n_layers; li-- > 0 && found < 8;) {
        char sql[256];
        snprintf(sql, sizeof sql,
                 "SELECT DISTINCT region FROM %s.factors WHERE category = ?1 AND (name_en = ?2 "
                 "COLLATE NOCASE OR name_zh = ?2) ORDER BY region LIMIT 8",
                 db->layers[li].schema);
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) == SQLITE_OK) {
            sqlite3_bind_text(st, 1, category, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
            while (found < 8 && sqlite3_step(st) == SQLITE_ROW)
                pcf__buf_printf(b, "%s%s", found++ ? ", " : "; that name exists only for region ",
                                col_text(st, 0));
        }
        sqlite3_finalize(st);
    }
    if (!found)
        return 0;
    const char *alias = region && region[0] ? pcf__syn_region_code(region) : NULL;
    if (alias)
        pcf__buf_printf(b, " (\"%.32s\" is written %s)", region, alias);
    else if (region && region[0] && !region_find(db, region))
        pcf__buf_printf(b, " (\"%.32s\" is not a region of the database: a typo?)", region);
    return 1;
}

/* Up to three names near `name` in `category`, for a NOT_FOUND message: names containing its
 * first word (or, for Chinese, its first two characters); when the category has no factors at
 * all, the categories that exist. */
static void near_names(pcf_db *db, const char *category, const char *name, pcf__buf *b)
{
    size_t n = 0;
    if ((unsigned char)name[0] >= 0x80) {
        for (int chars = 0; name[n] && chars < 2; chars++)
            do
                n++;
            while (((unsigned char)name[n] & 0xC0) == 0x80);
    } else {
        while (name[n] && name[n] != ' ' && name[n] != ',' && name[n] != '(' && n < 40)
            n++;
    }
    char *pattern = pcf__db_like_pattern("%", name, n, "%");
    if (!pattern)
        return;
    int chinese = 0;
    for (const char *p = name; *p && !chinese; p++)
        chinese = (unsigned char)*p >= 0x80;
    size_t found = 0, in_category = 0;
    for (size_t li = db->n_layers; li-- > 0 && found < 3;) {
        char sql[320];
        snprintf(sql, sizeof sql,
                 "SELECT DISTINCT name_en, name_zh FROM %s.factors WHERE category = ?1 AND "
                 "(name_en LIKE ?2 ESCAPE '\\' OR name_zh LIKE ?2 ESCAPE '\\') AND name_en <> ?3 "
                 "COLLATE NOCASE AND name_zh <> ?3 ORDER BY name_en LIMIT 3",
                 db->layers[li].schema);
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) == SQLITE_OK) {
            sqlite3_bind_text(st, 1, category, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 2, pattern, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC); /* never the name typed */
            while (found < 3 && sqlite3_step(st) == SQLITE_ROW) {
                /* answer in the language of the question */
                const char *zh = col_text(st, 1);
                const char *shown = chinese && zh[0] ? zh : col_text(st, 0);
                pcf__buf_printf(b, "%s\"%s\"", found ? ", " : "; did you mean ", shown);
                found++;
            }
        }
        sqlite3_finalize(st);
        snprintf(sql, sizeof sql, "SELECT 1 FROM %s.factors WHERE category = ?1 LIMIT 1",
                 db->layers[li].schema);
        if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) == SQLITE_OK) {
            sqlite3_bind_text(st, 1, category, -1, SQLITE_STATIC);
            in_category += sqlite3_step(st) == SQLITE_ROW;
        }
        sqlite3_finalize(st);
    }
    free(pattern);
    if (found)
        pcf__buf_puts(b, "?");
    if (in_category)
        return;
    pcf__buf_printf(b, "; there is no category \"%.64s\", the categories are", category);
    size_t listed = 0;
    for (size_t li = db->n_layers; li-- > 0;) {
        char sql[160];
        snprintf(sql, sizeof sql, "SELECT DISTINCT category FROM %s.factors ORDER BY category",
                 db->layers[li].schema);
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) == SQLITE_OK)
            while (sqlite3_step(st) == SQLITE_ROW && listed < 40)
                pcf__buf_printf(b, "%s %s", listed++ ? "," : "", col_text(st, 0));
        sqlite3_finalize(st);
    }
}

pcf_status pcf_db_resolve_dim(pcf_db *db, const char *category, const char *name,
                              const char *region, pcf_dimension dim, pcf_factor **out,
                              pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!db || !category || !name || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "pcf_db_resolve: db, category, name and out must not be NULL");
    char chain[CHAIN_MAX][REGION_MAX];
    size_t n_chain = 0;
    pcf_status s = pcf__db_region_chain(db, region, chain, &n_chain, err);
    if (s != PCF_OK)
        return s;
    /* Rank every match: the top layer first (a company's factors win), then the most specific
     * region of the chain, then the latest reference year, then the smallest code. */
    char best[256] = "";
    size_t best_rank = CHAIN_MAX, best_layer = 0;
    int best_year = 0;
    for (size_t li = db->n_layers; li-- > 0;) {
        sqlite3_stmt *st = db->layers[li].stmt[PCF__STMT_RESOLVE];
        sqlite3_bind_text(st, 1, category, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 4, (int)dim);
        for (size_t ri = 0; ri < n_chain; ri++)
            sqlite3_bind_text(st, 10 + (int)ri, chain[ri], -1, SQLITE_STATIC);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            const char *code = col_text(st, 0), *reg = col_text(st, 2);
            int year = sqlite3_column_int(st, 1);
            size_t rank = 0;
            while (rank < n_chain && strcmp(chain[rank], reg) != 0)
                rank++;
            /* layers are visited top first, so a lower layer never beats a match above it */
            int better = !best[0] ||
                         (li == best_layer &&
                          (rank < best_rank ||
                           (rank == best_rank &&
                            (year > best_year || (year == best_year && strcmp(code, best) < 0)))));
            if (better) {
                pcf__strlcpy_utf8(best, code, sizeof best);
                best_rank = rank;
                best_layer = li;
                best_year = year;
            }
        }
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        if (rc != SQLITE_DONE)
            return pcf__db_sql_error(db, rc, err, "resolving a factor");
        if (best[0])
            break;
    }
    if (best[0]) {
        s = fetch_by_code(db, &db->layers[best_layer], best, chain[0], out, err);
        return s == PCF_OK ? pcf__ok(err) : s;
    }
    pcf__buf b;
    pcf__buf_init(&b);
    pcf__buf_printf(&b, "no factor named \"%.200s\" in category \"%.64s\"", name, category);
    if (dim != PCF_DIM_NONE)
        pcf__buf_printf(&b, " per a unit of %s", pcf_dimension_name(dim));
    pcf__buf_puts(&b, " for regions ");
    for (size_t i = 0; i < n_chain; i++)
        pcf__buf_printf(&b, "%s%s", i ? " -> " : "", chain[i]);
    if (!name_elsewhere(db, category, name, region, &b))
        near_names(db, category, name, &b);
    pcf__buf_puts(&b, " (list candidates with `pcf factors search`)");
    s = pcf__error(err, PCF_ERR_NOT_FOUND, "%s",
                   b.failed ? "no factor found (out of memory describing it)" : b.data);
    pcf__buf_free(&b);
    return s;
}

pcf_status pcf_db_resolve(pcf_db *db, const char *category, const char *name, const char *region,
                          pcf_factor **out, pcf_error *err)
{
    return pcf_db_resolve_dim(db, category, name, region, PCF_DIM_NONE, out, err);
}

/* Writes `pre` + s[0..n) with LIKE's wildcards escaped by '\\' + `post` into a new string, for
 * "... LIKE ? ESCAPE '\\'". */
char *pcf__db_like_pattern(const char *pre, const char *s, size_t n, const char *post)
{
    pcf__buf b;
    pcf__buf_init(&b);
    pcf__buf_puts(&b, pre);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%' || s[i] == '_' || s[i] == '\\')
            pcf__buf_append(&b, "\\", 1);
        pcf__buf_append(&b, s + i, 1);
    }
    pcf__buf_puts(&b, post);
    if (b.failed) {
        pcf__buf_free(&b);
        return NULL;
    }
    return pcf__buf_steal(&b);
}
