/*
 * pcf — the emission-factor database: open and attach layers, the schema check and upgrade,
 * dataset and region metadata. The factor copies handed out live in db_factor.c, lookup by code
 * and resolution with the region fallback chain in db_resolve.c, full-text search in db_search.c,
 * CSV import and export in db_csv.c.
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

const pcf__region *pcf__db_region_find(const pcf_db *db, const char *code)
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
            if (pcf__db_region_find(db, pcf__db_col_text(st, 0)))
                continue; /* a higher layer defines it */
            pcf__region *p = realloc(db->regions, (db->n_regions + 1) * sizeof *p);
            if (!p) {
                sqlite3_finalize(st);
                return pcf__error(err, PCF_ERR_NOMEM, "out of memory reading regions");
            }
            db->regions = p;
            pcf__region *r = &p[db->n_regions++];
            r->code = pcf__strdup(pcf__db_col_text(st, 0));
            r->parent = pcf__strdup(pcf__db_col_text(st, 1));
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

/* PRAGMA schema.user_version into *out. */
static pcf_status schema_version(pcf_db *db, const char *schema, int *out, pcf_error *err)
{
    char sql[128];
    snprintf(sql, sizeof sql, "PRAGMA %s.user_version", schema);
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        *out = sqlite3_column_int(st, 0);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? PCF_OK : pcf__db_sql_error(db, rc, err, "reading the schema version");
}

static pcf_status load_datasets(pcf_db *db, pcf_error *err)
{
    datasets_free(db);
    for (size_t li = db->n_layers; li-- > 0;) {
        const pcf__layer *L = &db->layers[li];
        char sql[512];
        int version = 0;
        pcf_status vs = schema_version(db, L->schema, &version, err);
        if (vs != PCF_OK)
            return vs;
        /* From version 3 the counts are stored (kept by triggers); a read-only older file is
         * counted here, one scan of its factors per dataset. */
        if (version >= 3)
            snprintf(sql, sizeof sql,
                     "SELECT d.dataset, d.name, d.version, d.publisher, d.license, d.url, d.date, "
                     "d.attribution, d.factor_count FROM %s.datasets d ORDER BY d.dataset",
                     L->schema);
        else
            snprintf(sql, sizeof sql,
                     "SELECT d.dataset, d.name, d.version, d.publisher, d.license, d.url, d.date, "
                     "d.attribution, (SELECT count(*) FROM %s.factors f WHERE f.dataset = "
                     "d.dataset) FROM %s.datasets d ORDER BY d.dataset",
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
            d->key = pcf__strdup(pcf__db_col_text(st, 0));
            d->name = pcf__strdup(pcf__db_col_text(st, 1));
            d->version = pcf__strdup(pcf__db_col_text(st, 2));
            d->publisher = pcf__strdup(pcf__db_col_text(st, 3));
            d->license = pcf__strdup(pcf__db_col_text(st, 4));
            d->url = pcf__strdup(pcf__db_col_text(st, 5));
            d->date = pcf__strdup(pcf__db_col_text(st, 6));
            d->attribution = pcf__strdup(pcf__db_col_text(st, 7));
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
        return ds ? ds->field : "";                                                                \
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
    free(L->path);
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
                     "SELECT " PCF__DB_FACTOR_COLS " FROM %s.factors f LEFT JOIN %s.datasets d "
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

static pcf_status add_layer(pcf_db *db, const char *name, const char *schema, const char *path,
                            pcf_error *err)
{
    pcf__layer *p = realloc(db->layers, (db->n_layers + 1) * sizeof *p);
    if (!p)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory adding a layer");
    db->layers = p;
    pcf__layer *L = &p[db->n_layers];
    memset(L, 0, sizeof *L);
    L->name = pcf__strdup(name);
    L->schema = pcf__strdup(schema);
    L->path = pcf__strdup(path);
    if (!L->name || !L->schema || !L->path) {
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
        s = add_layer(db, "default", "main", path, err);
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
        s = add_layer(db, layer_name, schema, path, err);
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
