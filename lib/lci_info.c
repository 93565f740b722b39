/*
 * pcf — what an LCI import decided (pcf_lci_info_json) and the solved processes written as
 * factor rows (pcf_lci_store_factors), so that models, search, audit and PACT use them unchanged.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "lci_internal.h"
#include "model_internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static pcf_status nomem(pcf_error *err)
{
    return pcf__error(err, PCF_ERR_NOMEM, "out of memory");
}

/* Runs one DELETE whose ?1 is the LCI database's name. */
static pcf_status run_delete(pcf_db *db, const char *sql, const char *name, pcf_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return pcf__db_sql_error(db, rc, err, "replacing the LCI factors");
    return PCF_OK;
}

pcf_status pcf__lci_drop_factors(pcf_db *db, const char *name, pcf_error *err)
{
    pcf_status s = run_delete(db,
                              "DELETE FROM factors_fts WHERE code IN (SELECT code FROM factors "
                              "WHERE dataset = ?1 AND category = 'lci')",
                              name, err);
    return s == PCF_OK
               ? run_delete(db, "DELETE FROM factors WHERE dataset = ?1 AND category = 'lci'", name,
                            err)
               : s;
}

/* Appends the rows of a query (text columns named by keys) to arr as objects. */
static pcf_status query_rows(pcf_db *db, const char *sql, const char *name, const char *const *keys,
                             int nkeys, json_t *arr, pcf_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return pcf__db_sql_error(db, rc, err, "reading the LCI notes");
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    pcf_status s = PCF_OK;
    while (s == PCF_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *o = json_object();
        if (!o || json_array_append_new(arr, o) != 0) {
            s = nomem(err);
            break;
        }
        for (int k = 0; k < nkeys; k++) {
            json_t *v = sqlite3_column_type(st, k) == SQLITE_INTEGER
                            ? json_integer(sqlite3_column_int64(st, k))
                            : json_string((const char *)sqlite3_column_text(st, k));
            if (!v || json_object_set_new(o, keys[k], v) != 0)
                s = nomem(err);
        }
    }
    if (s == PCF_OK && rc != SQLITE_DONE)
        s = pcf__db_sql_error(db, rc, err, "reading the LCI notes");
    sqlite3_finalize(st);
    return s;
}

/* Elementary flows that look like greenhouse gases: unmapped ones, and mapped ones without a
 * GWP100 (kind nogwp), with their exchange counts. */
static pcf_status ghg_lists(pcf_db *db, const char *name, json_t *unmapped, json_t *nogwp,
                            pcf_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->sql,
                                "SELECT f.id, f.name, f.compartment, count(*) FROM lci_exchanges e "
                                "JOIN lci_flows f ON f.lcidb = e.lcidb AND f.id = e.flow WHERE "
                                "e.lcidb = ?1 AND e.role = 'elementary' GROUP BY f.id ORDER BY "
                                "f.name, f.id",
                                -1, &st, NULL);
    if (rc != SQLITE_OK)
        return pcf__db_sql_error(db, rc, err, "reading the LCI flows");
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    pcf_status s = PCF_OK;
    while (s == PCF_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(st, 0);
        const char *fname = (const char *)sqlite3_column_text(st, 1);
        const char *cat = (const char *)sqlite3_column_text(st, 2);
        pcf_gas gas;
        pcf__lci_kind k = pcf__lci_classify(id, fname, cat, &gas);
        json_t *arr = k == PCF__LCI_NOGWP                                        ? nogwp
                      : k == PCF__LCI_UNMAPPED && pcf__lci_looks_ghg(fname, cat) ? unmapped
                                                                                 : NULL;
        if (!arr)
            continue;
        json_t *o = json_pack("{s:s, s:s, s:s, s:I}", "flow", id, "name", fname, "compartment", cat,
                              "exchanges", (json_int_t)sqlite3_column_int64(st, 3));
        if (!o || json_array_append_new(arr, o) != 0)
            s = nomem(err);
    }
    if (s == PCF_OK && rc != SQLITE_DONE)
        s = pcf__db_sql_error(db, rc, err, "reading the LCI flows");
    sqlite3_finalize(st);
    return s;
}

pcf_status pcf_lci_info_json(pcf_db *db, const char *name, char **out, pcf_error *err)
{
    if (out)
        *out = NULL;
    if (!db || !out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_lci_info_json: NULL argument");
    pcf_status s = pcf__lci_check_name(name, err);
    if (s != PCF_OK)
        return s;
    json_t *doc = json_object();
    if (!doc)
        return nomem(err);
    json_t *counts = json_array();
    static const char *const ckeys[] = {"source", "format", "processes", "flows", "exchanges"};
    if (!counts || json_object_set_new(doc, "database", counts) != 0)
        s = nomem(err);
    int found = 0;
    if (s == PCF_OK)
        s = pcf__lci_tables(db, &found, err);
    if (s == PCF_OK && found)
        s = query_rows(db,
                       "SELECT source, format, processes, flows, exchanges FROM lci_databases "
                       "WHERE lcidb = ?1",
                       name, ckeys, 5, counts, err);
    if (s == PCF_OK && json_array_size(counts) == 0)
        s = pcf__error(err, PCF_ERR_NOT_FOUND,
                       "no LCI database named \"%s\" is imported; import one with `pcf lci import "
                       "DB SOURCE --name %s`",
                       name, name);
    if (s == PCF_OK) {
        /* the one row replaces the array (no allocation); its name is added */
        json_t *one = json_incref(json_array_get(counts, 0));
        json_object_set_new(doc, "database", one);
        if (json_object_set_new(one, "name", json_string(name)) != 0)
            s = nomem(err);
    }
    static const char *const rkeys[] = {"role", "count"};
    json_t *roles = s == PCF_OK ? json_array() : NULL;
    if (s == PCF_OK && (!roles || json_object_set_new(doc, "exchange_roles", roles) != 0))
        s = nomem(err);
    if (s == PCF_OK)
        s = query_rows(db,
                       "SELECT role, count(*) FROM lci_exchanges WHERE lcidb = ?1 GROUP BY role "
                       "ORDER BY role",
                       name, rkeys, 2, roles, err);
    static const char *const kinds[] = {"ambiguous", "cutoff", "conversion", "allocation",
                                        "coproduct"};
    static const char *const nkeys[] = {"process", "process_name", "flow", "flow_name", "detail"};
    for (size_t k = 0; s == PCF_OK && k < sizeof kinds / sizeof kinds[0]; k++) {
        json_t *arr = json_array();
        if (!arr || json_object_set_new(doc, kinds[k], arr) != 0) {
            s = nomem(err);
            break;
        }
        char sql[512];
        snprintf(sql, sizeof sql,
                 "SELECT n.process, coalesce(p.name, ''), n.flow, coalesce(f.name, ''), n.detail "
                 "FROM lci_notes n LEFT JOIN lci_processes p ON p.lcidb = n.lcidb AND p.id = "
                 "n.process LEFT JOIN lci_flows f ON f.lcidb = n.lcidb AND f.id = n.flow WHERE "
                 "n.lcidb = ?1 AND n.kind = '%s' ORDER BY n.rowid",
                 kinds[k]);
        s = query_rows(db, sql, name, nkeys, 5, arr, err);
    }
    json_t *unmapped = NULL, *nogwp = NULL;
    if (s == PCF_OK) {
        unmapped = json_array();
        if (!unmapped || json_object_set_new(doc, "unmapped_ghg", unmapped) != 0)
            s = nomem(err);
    }
    if (s == PCF_OK) {
        nogwp = json_array();
        if (!nogwp || json_object_set_new(doc, "no_gwp", nogwp) != 0)
            s = nomem(err);
    }
    if (s == PCF_OK)
        s = ghg_lists(db, name, unmapped, nogwp, err);
    if (s == PCF_OK) {
        *out = pcf__json_dumps(doc, 0);
        if (!*out)
            s = nomem(err);
    }
    json_decref(doc);
    return s == PCF_OK ? pcf__ok(err) : s;
}

/* ---- results as factor rows --------------------------------------------------------------- */

static void csv_cell(pcf__buf *b, const char *s, int last)
{
    pcf__buf_puts(b, "\"");
    for (const char *p = s; *p; p++)
        pcf__buf_puts(b, *p == '"' ? "\"\"" : (char[2]){*p, '\0'});
    pcf__buf_puts(b, last ? "\"\n" : "\",");
}

/* pcf's unit for an openLCA reference unit name, or NULL. */
static const pcf_unit *unit_for(const char *olca)
{
    static const struct {
        const char *olca, *pcf;
    } alias[] = {{"Item(s)", "item"}, {"p*km", "pkm"}, {"v*km", "vkm"}, {"kg*km", "kgkm"}};
    const pcf_unit *u = NULL;
    if (pcf_unit_parse(olca, &u, NULL) == PCF_OK)
        return u;
    for (size_t i = 0; i < sizeof alias / sizeof alias[0]; i++)
        if (strcmp(olca, alias[i].olca) == 0 && pcf_unit_parse(alias[i].pcf, &u, NULL) == PCF_OK)
            return u;
    return NULL;
}

static pcf_status build_csv(pcf_lci *lci, const char *source, const char *license, pcf__buf *b,
                            size_t *rows, size_t *skipped)
{
    const char *name = pcf_lci_name(lci);
    const char *set = pcf_gwp_set_name(pcf_lci_gwp_set(lci));
    pcf__buf_puts(b, "code,dataset,category,name_en,region,value,unit,gwp_set,scope,source,"
                     "license,notes\n");
    for (size_t i = 0; i < pcf_lci_process_count(lci); i++) {
        const pcf_unit *u = unit_for(pcf_lci_process_unit(lci, i));
        double total = pcf_lci_co2e(lci, i, PCF_LCI_TOTAL);
        if (!u || !(total >= 0)) {
            (*skipped)++;
            continue;
        }
        pcf__numbuf n1, n2, n3, n4, n5;
        char code[160], unit[64], src[512], notes[512];
        snprintf(code, sizeof code, "%s:%s", name, pcf_lci_process_id(lci, i));
        snprintf(unit, sizeof unit, "kgCO2e/%s", pcf_unit_symbol(u));
        snprintf(src, sizeof src,
                 "%s, process %s, solved by pcf lci (cradle-to-gate, per 1 %s of the reference "
                 "flow; docs/lci.md) from %s",
                 name, pcf_lci_process_id(lci, i), pcf_lci_process_unit(lci, i), source);
        snprintf(notes, sizeof notes,
                 "kg CO2e per unit: fossil %s; biogenic %s; dLUC %s; removals %s (GWP100 %s)",
                 pcf__num(&n1, pcf_lci_co2e(lci, i, PCF_LCI_FOSSIL)),
                 pcf__num(&n2, pcf_lci_co2e(lci, i, PCF_LCI_BIOGENIC)),
                 pcf__num(&n3, pcf_lci_co2e(lci, i, PCF_LCI_DLUC)),
                 pcf__num(&n4, pcf_lci_co2e(lci, i, PCF_LCI_REMOVALS)), set);
        const char *loc = pcf_lci_process_location(lci, i);
        csv_cell(b, code, 0);
        csv_cell(b, name, 0);
        csv_cell(b, "lci", 0);
        csv_cell(b, pcf_lci_process_name(lci, i), 0);
        csv_cell(b, pcf__db_is_region_code(loc) ? loc : "GLO", 0);
        csv_cell(b, pcf__num(&n5, total), 0);
        csv_cell(b, unit, 0);
        csv_cell(b, set, 0);
        csv_cell(b, "cradle-to-gate", 0);
        csv_cell(b, src, 0);
        csv_cell(b, license, 0);
        csv_cell(b, notes, 1);
        (*rows)++;
    }
    return b->failed ? PCF_ERR_NOMEM : PCF_OK;
}

pcf_status pcf_lci_store_factors(pcf_lci *lci, pcf_db *db, const char *license, size_t *rows_out,
                                 size_t *skipped_out, pcf_error *err)
{
    if (rows_out)
        *rows_out = 0;
    if (skipped_out)
        *skipped_out = 0;
    if (!lci || !db || !license || !license[0])
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "pcf_lci_store_factors: lci, db and a non-empty licence are needed");
    if (db->read_only)
        return pcf__error(err, PCF_ERR_READ_ONLY,
                          "the factor database \"%s\" was opened read-only; open it with "
                          "PCF_DB_READ_WRITE to store the LCI results",
                          db->path);
    const char *name = pcf_lci_name(lci);
    char *source = NULL;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->sql, "SELECT source FROM lci_databases WHERE lcidb = ?1", -1,
                                &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
    }
    pcf_status s = PCF_OK;
    if (rc == SQLITE_ROW && !(source = pcf__strdup((const char *)sqlite3_column_text(st, 0))))
        s = nomem(err);
    else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        s = pcf__db_sql_error(db, rc, err, "reading the LCI database's source");
    sqlite3_finalize(st);
    if (s != PCF_OK)
        return s;
    size_t rows = 0, skipped = 0;
    pcf__buf b, d;
    pcf__buf_init(&b);
    pcf__buf_init(&d);
    /* The rows name the file the database was imported from, not where it sat on the machine
     * that imported it: an audit trail travels, a local path says nothing to its reader. */
    const char *from = source ? source : name;
    const char *slash = strrchr(from, '/');
    if (slash && slash[1])
        from = slash + 1;
    s = build_csv(lci, from, license, &b, &rows, &skipped);
    pcf__buf_puts(&d, "dataset,name,version,publisher,license,url,date,attribution\n");
    csv_cell(&d, name, 0);
    pcf__buf_printf(&d, "\"LCI database %s, every process solved by pcf lci\",,,", name);
    csv_cell(&d, license, 0);
    pcf__buf_puts(&d, ",,\n");
    free(source);
    if (s == PCF_OK && d.failed)
        s = PCF_ERR_NOMEM;
    if (s != PCF_OK) {
        pcf__buf_free(&b);
        pcf__buf_free(&d);
        return nomem(err);
    }
    rc = sqlite3_exec(db->sql, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        s = pcf__db_sql_error(db, rc, err, "storing the LCI factors");
    if (s == PCF_OK)
        s = pcf__lci_drop_factors(db, name, err);
    if (s == PCF_OK)
        s = run_delete(db, "DELETE FROM datasets WHERE dataset = ?1", name, err);
    if (s == PCF_OK)
        s = pcf__db_import_csv_text(db, "(LCI datasets)", d.data, d.len, 1, NULL, err);
    if (s == PCF_OK)
        s = pcf__db_import_csv_text(db, "(LCI factors)", b.data, b.len, 1, NULL, err);
    /* the dataset list is read back before COMMIT: a failure after it would report rows that
     * are in the file as not stored (as the CSV import does) */
    if (s == PCF_OK)
        s = pcf__db_reload(db, err);
    if (s == PCF_OK) {
        rc = sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL);
        if (rc != SQLITE_OK)
            s = pcf__db_sql_error(db, rc, err, "storing the LCI factors");
    }
    pcf__buf_free(&b);
    pcf__buf_free(&d);
    if (s != PCF_OK) {
        sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
        (void)pcf__db_reload(db, NULL); /* the list without the rows again (best effort) */
        return s;
    }
    if (rows_out)
        *rows_out = rows;
    if (skipped_out)
        *skipped_out = skipped;
    return pcf__ok(err);
}
