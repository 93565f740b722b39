/*
 * pcf — looking factors up in the database: by code through the layers, and by category, name and
 * region along the region fallback chain, with a NOT_FOUND message that points at the near names.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "db_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REGION_MAX PCF__REGION_MAX
#define CHAIN_MAX  PCF__CHAIN_MAX

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
        s = pcf__db_factor_from_row(db, st, L, region_req, out, err);
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
    const pcf__region *r = pcf__db_region_find(db, region);
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
                                pcf__db_col_text(st, 0));
        }
        sqlite3_finalize(st);
    }
    if (!found)
        return 0;
    const char *alias = region && region[0] ? pcf__syn_region_code(region) : NULL;
    if (alias)
        pcf__buf_printf(b, " (\"%.32s\" is written %s)", region, alias);
    else if (region && region[0] && !pcf__db_region_find(db, region))
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
                const char *zh = pcf__db_col_text(st, 1);
                const char *shown = chinese && zh[0] ? zh : pcf__db_col_text(st, 0);
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
                pcf__buf_printf(b, "%s %s", listed++ ? "," : "", pcf__db_col_text(st, 0));
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
            const char *code = pcf__db_col_text(st, 0), *reg = pcf__db_col_text(st, 2);
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
