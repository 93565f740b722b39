/*
 * pcf — internals of the factor database shared by lib/db*.c. Not installed.
 * GPL-3.0-or-later; see LICENSE.
 */
#ifndef PCF_DB_INTERNAL_H
#define PCF_DB_INTERNAL_H

#include "internal.h"

#include <sqlite3.h>

/* Statements prepared once per layer and kept for the life of the handle (rule: prepared
 * statements per handle, so lookups do not re-parse SQL). */
enum { PCF__STMT_BY_CODE, PCF__STMT_RESOLVE, PCF__STMT_COUNT_ };

typedef struct pcf__layer {
    char *name;   /* "default" or the attached layer's name */
    char *schema; /* SQLite schema name: "main" or "l_<name>" */
    char *path;   /* the file, as given to open or attach (named in errors) */
    sqlite3_stmt *stmt[PCF__STMT_COUNT_];
} pcf__layer;

struct pcf_dataset {
    char *key, *name, *version, *publisher, *license, *url, *date, *attribution, *layer;
    size_t factor_count;
};

/* The regions of every layer, kept in memory (a few hundred rows at most) so that building a
 * fallback chain costs no SQL. A region in a higher layer hides the same code below. */
typedef struct pcf__region {
    char *code;
    char *parent;
} pcf__region;

/* Per-unit symbols already parsed, so that reading a factor does not re-parse its unit. */
typedef struct pcf__unit_memo {
    char symbol[32];
    const pcf_unit *unit;
} pcf__unit_memo;

struct pcf_db {
    sqlite3 *sql;
    int read_only;
    char *path;
    pcf__layer *layers; /* layers[0] is the default; the last one wins lookups */
    size_t n_layers;
    struct pcf_dataset *datasets;
    size_t n_datasets;
    pcf__region *regions;
    size_t n_regions;
    pcf__unit_memo units[32];
    size_t n_units;
};

/* Longest region code accepted in a request; a fallback chain is at most CHAIN_MAX steps long (a
 * cycle in a user's regions table must not loop forever). */
#define PCF__REGION_MAX 64
#define PCF__CHAIN_MAX  16

struct pcf_factor_list {
    pcf_factor **items;
    size_t n, cap;
    size_t total; /* matches before the limit (pcf_factor_list_total) */
};

/* Appends f to list (taking it; destroyed on failure). */
pcf_status pcf__db_list_push(pcf_factor_list *list, pcf_factor *f, pcf_error *err);

/* The columns every factor query selects, in the order pcf__db_factor_from_row() reads them: the 20
 * published columns, then the derived ones, then the dataset's name and version. */
#define PCF__DB_FACTOR_COLS                                                                        \
    "f.code, f.dataset, f.category, f.name_en, f.name_zh, f.region, f.value, f.unit, f.scope, "    \
    "f.gwp_set, f.year, f.gases, f.uncertainty, f.unc_p1, f.unc_p2, f.unc_p3, f.dq, f.source, "    \
    "f.license, f.notes, f.kg_co2e, f.per_unit, f.unit_qualifier, f.co2_only, f.gwp, f.year_num, " \
    "f.dist, f.p1, f.p2, f.p3, f.gas_kg, d.name, d.version"

/* The text of column `col` of the current row, "" for NULL. */
const char *pcf__db_col_text(sqlite3_stmt *st, int col);

/* Builds the factor of the current row of a statement selecting PCF__DB_FACTOR_COLS, found in
 * layer `layer` for the requested region `region_req` (NULL: looked up by code) (db_factor.c). */
pcf_status pcf__db_factor_from_row(pcf_db *db, sqlite3_stmt *st, const pcf__layer *layer,
                                   const char *region_req, pcf_factor **out, pcf_error *err);

/* The region `code` of the regions tables of the layers, or NULL (db.c). */
const pcf__region *pcf__db_region_find(const pcf_db *db, const char *code);

/* Reads factor `code` from layer li; PCF_ERR_NOT_FOUND (without touching err) when absent. */
pcf_status pcf__db_fetch(pcf_db *db, size_t li, const char *code, const char *region_req,
                         pcf_factor **out, pcf_error *err);

/* The fallback chain of a region: itself, its parents, ending with GLO (upper-cased). */
pcf_status pcf__db_region_chain(pcf_db *db, const char *region,
                                char chain[PCF__CHAIN_MAX][PCF__REGION_MAX], size_t *n_out,
                                pcf_error *err);

/* `pre` + s[0..n) with LIKE's wildcards escaped by '\\' + `post`, malloc'd; NULL when out of
 * memory. For "... LIKE ? ESCAPE '\\'". */
char *pcf__db_like_pattern(const char *pre, const char *s, size_t n, const char *post);

/* The region code a region word of data/synonyms.csv stands for ("UK" -> "GB", "福建" -> "CN-FJ"),
 * or NULL (db_search.c). */
const char *pcf__syn_region_code(const char *word);

/* Maps a SQLite failure to PCF_ERR_DATABASE (or NOMEM/READ_ONLY) with sqlite3_errmsg() copied at
 * once, before another call can overwrite it. */
pcf_status pcf__db_sql_error(pcf_db *db, int rc, pcf_error *err, const char *what);

/* Reloads the dataset metadata and regions of every layer (after open, attach and import). */
pcf_status pcf__db_reload(pcf_db *db, pcf_error *err);

/* The largest kg CO2e per one unit a stored factor may have: 1e12 kg (a million tonnes per kg,
 * kWh or item) is far above any published factor, so a larger value is a damaged or hostile file
 * or a unit mistake. The importer refuses it and opening a file checks it. */
#define PCF__DB_MAX_KG_CO2E 1e12

/* Checks a database file before use (schema `schema` of the connection, from file `path`): the
 * objects every query reads are tables, not views. PCF_ERR_DATABASE names the file and the object.
 */
pcf_status pcf__db_check_file(pcf_db *db, const char *schema, const char *path, pcf_error *err);

/* Checks the numbers of the current row of `st` (code in column 0, kg_co2e in column `kg_col`,
 * dist, p1, p2, p3 from column `dist_col` on) are ones the importer writes: finite, kg_co2e in 0
 * to PCF__DB_MAX_KG_CO2E, a known distribution with valid parameters. PCF_ERR_DATABASE names the
 * file `path`, the factor and the column. Every factor row is checked here when it is read. */
pcf_status pcf__db_check_row(sqlite3_stmt *st, int kg_col, int dist_col, const char *path,
                             pcf_error *err);

/* Rolls back the hot journal an interrupted write left beside the file `path`, which makes
 * every read-only connection fail, through a short-lived read-write connection. PCF_OK when there
 * was none or it was rolled back; PCF_ERR_DATABASE saying what to do when this user may not write
 * the file. Call it before a read-only open or attach. */
pcf_status pcf__db_recover_journal(const char *path, pcf_error *err);

/* The SQL text of the current schema (data/schema.sql, compiled in). */
const char *pcf__db_schema_sql(void);

/* Formats "CO2e per unit" strings for gases: parses a published `gases` text into parallel arrays
 * in kg per ONE published activity unit. *n_out is the count. Returns PCF_PARSE with a message
 * (no location) on bad text. The arrays are malloc'd (caller frees). */
pcf_status pcf__db_parse_gases(const char *text, pcf_gas **gases_out, double **kg_out,
                               size_t *n_out, pcf_error *err);

/* 1 when s is a region code as the regions table writes them: upper-case letters, digits and
 * '-', 1..63 characters ("CN-FJ", "US", "GLO"). */
int pcf__db_is_region_code(const char *s);

/* pcf_db_import_csv() on text already in memory; `path` names it in errors. With in_transaction
 * the caller has begun a transaction and commits (and reloads) itself. */
pcf_status pcf__db_import_csv_text(pcf_db *db, const char *path, const char *buf, size_t len,
                                   int in_transaction, size_t *rows_out, pcf_error *err);

#endif /* PCF_DB_INTERNAL_H */
