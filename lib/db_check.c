/*
 * Factor database files are input like any other: a company layer is a file someone sent you.
 * Before a file is used, check that its tables are tables (a view named "factors" could run an
 * endless recursive query on every lookup); when a factor row is read, check that every stored
 * number is one the importer could have written (finite, not negative, a known distribution with
 * valid parameters), naming the file and the row that is wrong. The rows are checked where they
 * are read, not all at open: a check of every row read the whole factors table (about 460 pages
 * of the shipped file) on every start, for a calculation that reads a dozen.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "db_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The objects every query reads, and the kind each must be. */
static const struct {
    const char *name;
    const char *must_contain; /* in its CREATE statement, or NULL */
} required[] = {
    {"datasets", NULL},
    {"regions", NULL},
    {"factors", NULL},
    {"factors_fts", "fts5"},
};

pcf_status pcf__db_check_file(pcf_db *db, const char *schema, const char *path, pcf_error *err)
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT type, sql FROM %s.sqlite_master WHERE name = ?1", schema);
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return pcf__db_sql_error(db, rc, err, "reading the schema");
    pcf_status s = PCF_OK;
    for (size_t i = 0; i < sizeof required / sizeof required[0] && s == PCF_OK; i++) {
        sqlite3_bind_text(st, 1, required[i].name, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            const char *type = (const char *)sqlite3_column_text(st, 0);
            const char *text = (const char *)sqlite3_column_text(st, 1);
            if (!type || strcmp(type, "table") != 0 ||
                (required[i].must_contain && (!text || !strstr(text, required[i].must_contain))))
                s = pcf__error(err, PCF_ERR_DATABASE,
                               "factor database \"%s\": \"%s\" is a %s, not the table pcf "
                               "creates; the file was not built by pcf (rebuild it with `pcf db "
                               "build`)",
                               path, required[i].name, type ? type : "broken object");
        } else if (rc == SQLITE_DONE) {
            s = pcf__error(err, PCF_ERR_DATABASE,
                           "factor database \"%s\" has no table \"%s\"; rebuild it with `pcf db "
                           "build`",
                           path, required[i].name);
        } else {
            s = pcf__db_sql_error(db, rc, err, "reading the schema");
        }
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return s;
}

static int finite_real(sqlite3_stmt *st, int col)
{
    int t = sqlite3_column_type(st, col);
    return (t == SQLITE_FLOAT || t == SQLITE_INTEGER) && isfinite(sqlite3_column_double(st, col));
}

/* One row's numbers (kg_co2e in column `kg`, then dist, p1, p2, p3 from column `dist` on); a
 * message into `why` when they are not what the importer writes. */
static int row_ok(sqlite3_stmt *st, int kg_col, int dist_col, char *why, size_t size)
{
    pcf__numbuf a;
    if (!finite_real(st, kg_col)) {
        snprintf(why, size, "kg_co2e is not a finite number");
        return 0;
    }
    double kg = sqlite3_column_double(st, kg_col);
    if (kg < 0 || kg > PCF__DB_MAX_KG_CO2E) {
        snprintf(why, size,
                 "kg_co2e %s is outside 0 to %g kg CO2e per unit (negative, or larger than any "
                 "real emission factor)",
                 pcf__num(&a, kg), PCF__DB_MAX_KG_CO2E);
        return 0;
    }
    int dist = sqlite3_column_int(st, dist_col);
    if (sqlite3_column_type(st, dist_col) != SQLITE_INTEGER || !pcf_dist_name((pcf_dist)dist)) {
        const unsigned char *t = sqlite3_column_text(st, dist_col);
        snprintf(why, size, "dist %.40s is not a distribution pcf knows",
                 t ? (const char *)t : "NULL");
        return 0;
    }
    for (int k = 1; k <= 3; k++)
        if (!finite_real(st, dist_col + k)) {
            snprintf(why, size, "p%d is not a finite number", k);
            return 0;
        }
    pcf_error inner;
    if (pcf_dist_check((pcf_dist)dist, kg, sqlite3_column_double(st, dist_col + 1),
                       sqlite3_column_double(st, dist_col + 2),
                       sqlite3_column_double(st, dist_col + 3), &inner) != PCF_OK) {
        snprintf(why, size, "its uncertainty: %.300s", inner.message);
        return 0;
    }
    return 1;
}

pcf_status pcf__db_check_row(sqlite3_stmt *st, int kg_col, int dist_col, const char *path,
                             pcf_error *err)
{
    char why[400];
    if (row_ok(st, kg_col, dist_col, why, sizeof why))
        return PCF_OK;
    return pcf__error(err, PCF_ERR_DATABASE,
                      "factor database \"%s\", factor \"%.120s\": %s; the file is damaged or "
                      "was not written by pcf (rebuild it with `pcf db build`)",
                      path, pcf__db_col_text(st, 0), why);
}

/* A write that was interrupted (a killed `pcf db import`, a full disk at COMMIT) leaves a hot
 * journal beside the file. SQLite rolls it back on the next read, but a read-only connection may
 * not, and fails with SQLITE_READONLY_ROLLBACK for every reader until someone opens the file for
 * writing. Do that here: when a journal is there, open the file read-write for a moment so SQLite
 * rolls it back and the file is as it was before the interrupted write; if that is not allowed,
 * say what to do. (A journal that is not hot is left alone by SQLite: the probe costs nothing.) */
pcf_status pcf__db_recover_journal(const char *path, pcf_error *err)
{
    char journal[4200];
    int n = snprintf(journal, sizeof journal, "%s-journal", path);
    if (n < 0 || (size_t)n >= sizeof journal || access(journal, F_OK) != 0)
        return PCF_OK;
    sqlite3 *rw = NULL;
    int rc = sqlite3_open_v2(path, &rw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_busy_timeout(rw, 5000);
        rc = sqlite3_exec(rw, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
    }
    sqlite3_close(rw);
    if (rc != SQLITE_OK && access(journal, F_OK) == 0)
        return pcf__error(err, PCF_ERR_DATABASE,
                          "factor database \"%s\" was left half-written by an interrupted write "
                          "(its journal \"%s\" is still there), and this user may not roll it "
                          "back: run any pcf command on it once as a user who may write the file "
                          "and its folder (pcf rolls the journal back itself), or restore the file "
                          "from a copy",
                          path, journal);
    return PCF_OK;
}
