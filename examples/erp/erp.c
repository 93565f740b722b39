/*
 * pcf-erp — a nightly ERP job: footprints of every finished product, written back to the ERP.
 *
 *   pcf-erp ERP.db [--init SCRIPT.sql]... [--exec SCRIPT.sql]... [--factors FACTORS.db]
 *                  [--region CODE] [--models DIR] [--force]
 *
 * Opens an ERP-style SQLite database (items, bills of materials, suppliers with their parts'
 * PCFs, shipments, energy meters; see erp-schema.sql), builds each finished product's model
 * through the pcf C API — materials from the BOM, in-house assemblies as sub-assemblies,
 * purchased parts with their supplier's PCF, electricity from the line's meter, outbound
 * shipments — computes it, and writes the footprints and their stage breakdown into
 * pcf_results / pcf_result_stages in ONE transaction.
 *
 * A product is recomputed only when its inputs changed: the job stores a SHA-256 digest of the
 * model it built (the library's own JSON of it, which holds every BOM line, meter reading and
 * supplier PCF that feeds the product, sub-assemblies included) together with the factor
 * datasets and the library version, and skips products whose digest is unchanged.
 *
 * --init runs a script before anything else (create the database), --exec runs one after it
 * (apply a change, as the ERP's users would). Exit status: 0 every product computed or unchanged,
 * 1 a product failed (the others are still written), 2 misuse.
 *
 * An ordinary user of the library: includes only <pcf/pcf.h>, uses SQLite directly for the ERP
 * tables and Nettle for the digest. Build:
 *   cc erp.c $(pkg-config --cflags --libs pcf sqlite3 nettle)
 * GPL-3.0-or-later; see LICENSE.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* strdup, gmtime_r, opendir */
#endif
#include <pcf/pcf.h>

#include <errno.h>
#include <math.h>
#include <nettle/sha2.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define MAX_SCRIPTS 16
#define MAX_DEPTH   16

typedef struct job {
    sqlite3 *erp;
    pcf_db *factors;
    const char *region;
    char datasets[4096]; /* the factor datasets and versions, part of every digest */
} job;

/* One computed product, kept until the write transaction. */
typedef struct computed {
    char *item_id;
    char digest[2 * SHA256_DIGEST_SIZE + 1];
    char declared_unit[64];
    double total, fossil, biogenic;
    double stages[PCF_STAGE_COUNT];
} computed;

static int run_script(sqlite3 *db, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "pcf-erp: cannot open %s\n", path);
        return -1;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *sql = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (!sql || fread(sql, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        free(sql);
        fprintf(stderr, "pcf-erp: cannot read %s\n", path);
        return -1;
    }
    fclose(f);
    sql[n] = '\0';
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    free(sql);
    if (rc != SQLITE_OK) {
        fprintf(stderr, "pcf-erp: %s: %s\n", path, msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static sqlite3_stmt *prepare(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "pcf-erp: %s\n", sqlite3_errmsg(db));
        return NULL;
    }
    return st;
}

static const char *text_or(sqlite3_stmt *st, int col, const char *fallback)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    return t ? (const char *)t : fallback;
}

static int fail(const char *item, const pcf_error *err)
{
    fprintf(stderr, "pcf-erp: %s: %s%s%s\n", item, err->message, err->path[0] ? " at " : "",
            err->path);
    return -1;
}

/* ---- building a model from the ERP tables -------------------------------------------------- */

static int find_product(const pcf_model *model, const char *id, size_t *index)
{
    for (size_t i = 0; i < pcf_model_product_count(model); i++)
        if (strcmp(pcf_model_product_id(model, i), id) == 0) {
            *index = i;
            return 1;
        }
    return 0;
}

/* Electricity and fuels from the production line's meters: reading ÷ units produced. */
static int add_energy(job *j, pcf_model *model, size_t product, const char *item)
{
    sqlite3_stmt *st = prepare(j->erp, "SELECT meter_id, carrier, factor_code, period, reading, "
                                       "reading_unit, units_produced FROM energy_meters "
                                       "WHERE item_id = ?1 ORDER BY meter_id");
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, item, -1, SQLITE_STATIC);
    int rc = 0;
    pcf_error err;
    while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
        char name[256];
        snprintf(name, sizeof name, "%s, meter %s (%s)", text_or(st, 1, "energy"),
                 text_or(st, 0, "?"), text_or(st, 3, "?"));
        double per_unit = sqlite3_column_double(st, 4) / (double)sqlite3_column_int64(st, 6);
        size_t act;
        if (pcf_model_add_activity(model, product, PCF_STAGE_PRODUCTION, name, per_unit,
                                   text_or(st, 5, "kWh"), &act, &err) != PCF_OK ||
            pcf_model_activity_set_factor_code(model, act, "factor", text_or(st, 2, ""), &err) !=
                PCF_OK ||
            pcf_model_activity_set_text(model, act, "primary", "true", &err) != PCF_OK)
            rc = fail(item, &err);
    }
    sqlite3_finalize(st);
    return rc;
}

static int add_bom(job *j, pcf_model *model, size_t product, const char *item, int depth);

/* An in-house assembly becomes a sub-assembly product of the model, built once. */
static int add_assembly(job *j, pcf_model *model, size_t parent, const char *child,
                        const char *child_name, double quantity, int depth)
{
    pcf_error err;
    size_t index;
    if (!find_product(model, child, &index)) {
        if (pcf_model_add_product(model, child, child_name, &index, &err) != PCF_OK)
            return fail(child, &err);
        if (add_bom(j, model, index, child, depth + 1) != 0 ||
            add_energy(j, model, index, child) != 0)
            return -1;
    }
    if (pcf_model_add_subassembly(model, parent, child, quantity, &err) != PCF_OK)
        return fail(child, &err);
    return 0;
}

static int add_bom(job *j, pcf_model *model, size_t product, const char *item, int depth)
{
    if (depth > MAX_DEPTH) {
        fprintf(stderr, "pcf-erp: %s: bill of materials nested deeper than %d levels (a cycle?)\n",
                item, MAX_DEPTH);
        return -1;
    }
    sqlite3_stmt *st = prepare(
        j->erp, "SELECT b.child_id, b.quantity, i.name, i.item_type, i.unit, i.factor_code, "
                "i.supplier_pcf_kg_co2e, i.supplier_pcf_primary, s.name "
                "FROM bom_lines b JOIN items i ON i.item_id = b.child_id "
                "LEFT JOIN suppliers s ON s.supplier_id = i.supplier_id "
                "WHERE b.parent_id = ?1 ORDER BY b.child_id");
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, item, -1, SQLITE_STATIC);
    int rc = 0;
    pcf_error err;
    while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
        const char *child = text_or(st, 0, "");
        double qty = sqlite3_column_double(st, 1);
        const char *name = text_or(st, 2, child);
        const char *type = text_or(st, 3, "");
        const char *unit = text_or(st, 4, "kg");
        if (strcmp(type, "material") == 0) {
            size_t act;
            if (pcf_model_add_activity(model, product, PCF_STAGE_MATERIALS, name, qty, unit, &act,
                                       &err) != PCF_OK ||
                pcf_model_activity_set_factor_code(model, act, "factor", text_or(st, 5, ""),
                                                   &err) != PCF_OK)
                rc = fail(item, &err);
        } else if (strcmp(type, "purchased") == 0 && sqlite3_column_type(st, 6) == SQLITE_NULL) {
            /* A missing PCF must not count as zero. */
            fprintf(stderr,
                    "pcf-erp: %s: purchased part %s has no supplier PCF "
                    "(items.supplier_pcf_kg_co2e)\n",
                    item, child);
            rc = -1;
        } else if (strcmp(type, "purchased") == 0) {
            pcf_supplier_pcf sp;
            pcf_supplier_pcf_init(&sp);
            sp.kg_co2e_per_unit = sqlite3_column_double(st, 6);
            sp.declared_unit = unit;
            sp.primary_data_share = sqlite3_column_int(st, 7) ? 1.0 : 0.0;
            sp.supplier = text_or(st, 8, NULL);
            sp.source = "ERP table items.supplier_pcf_kg_co2e (illustrative primary data)";
            if (pcf_model_add_purchased_part(model, product, name, qty, unit, &sp, NULL, &err) !=
                PCF_OK)
                rc = fail(item, &err);
        } else {
            rc = add_assembly(j, model, product, child, name, qty, depth);
        }
    }
    sqlite3_finalize(st);
    return rc;
}

/* Outbound shipments of the finished product (only the root: a sub-assembly's own customer
 * shipments are not part of the product it goes into). */
static int add_shipments(job *j, pcf_model *model, size_t product, const char *item, double mass_kg)
{
    sqlite3_stmt *st = prepare(j->erp, "SELECT description, factor_code, distance_km, "
                                       "wtt_factor_code "
                                       "FROM shipments WHERE item_id = ?1 ORDER BY shipment_id");
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, item, -1, SQLITE_STATIC);
    int rc = 0;
    pcf_error err;
    while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
        /* An ISO 14083 leg: distance × mass carried, tank-to-wheel factor plus its
         * well-to-tank part when the ERP holds one (the leg is then well-to-wheel). */
        size_t act;
        int wtt = sqlite3_column_type(st, 3) != SQLITE_NULL;
        if (pcf_model_add_activity(model, product, PCF_STAGE_TRANSPORT, text_or(st, 0, "shipment"),
                                   0, NULL, &act, &err) != PCF_OK ||
            pcf_model_activity_set_number(model, act, "distance", sqlite3_column_double(st, 2),
                                          &err) != PCF_OK ||
            pcf_model_activity_set_text(model, act, "distance_unit", "km", &err) != PCF_OK ||
            pcf_model_activity_set_number(model, act, "mass", mass_kg, &err) != PCF_OK ||
            pcf_model_activity_set_text(model, act, "mass_unit", "kg", &err) != PCF_OK ||
            pcf_model_activity_set_text(model, act, "mode", "road", &err) != PCF_OK ||
            pcf_model_activity_set_factor_code(model, act, "factor", text_or(st, 1, ""), &err) !=
                PCF_OK ||
            (wtt &&
             (pcf_model_activity_set_text(model, act, "factor_scope", "ttw", &err) != PCF_OK ||
              pcf_model_activity_set_factor_code(model, act, "wtt_factor", text_or(st, 3, ""),
                                                 &err) != PCF_OK)))
            rc = fail(item, &err);
    }
    sqlite3_finalize(st);
    return rc;
}

static pcf_model *build_model(job *j, const char *item, const char *name, double mass_kg)
{
    pcf_error err;
    pcf_model *model = NULL;
    size_t product;
    if (pcf_model_create(&model, &err) != PCF_OK) {
        fail(item, &err);
        return NULL;
    }
    if (pcf_model_set_description(model,
                                  "Built by pcf-erp from the ERP tables (items, bom_lines, "
                                  "energy_meters, shipments, suppliers). Amounts illustrative.",
                                  &err) != PCF_OK ||
        pcf_model_set_boundary(model, PCF_BOUNDARY_CRADLE_TO_GATE, &err) != PCF_OK ||
        /* AR5: the basis the DESNZ factors are published in, so none needs restating. */
        pcf_model_set_gwp(model, PCF_GWP_AR5, &err) != PCF_OK ||
        pcf_model_set_region(model, j->region, &err) != PCF_OK ||
        pcf_model_add_product(model, item, name, &product, &err) != PCF_OK ||
        pcf_model_product_set_declared_unit(model, product, 1, "item", "one unit as shipped",
                                            &err) != PCF_OK ||
        pcf_model_product_set_mass(model, product, mass_kg, "kg", &err) != PCF_OK) {
        fail(item, &err);
        pcf_model_destroy(model);
        return NULL;
    }
    if (add_bom(j, model, product, item, 0) != 0 || add_energy(j, model, product, item) != 0 ||
        add_shipments(j, model, product, item, mass_kg) != 0) {
        pcf_model_destroy(model);
        return NULL;
    }
    return model;
}

/* ---- digest, compute, store ---------------------------------------------------------------- */

static int model_digest(const job *j, const pcf_model *model, char hex[2 * SHA256_DIGEST_SIZE + 1])
{
    pcf_error err;
    char *text = NULL;
    if (pcf_model_write_string(model, &text, &err) != PCF_OK)
        return fail("model", &err);
    struct sha256_ctx ctx;
    uint8_t d[SHA256_DIGEST_SIZE];
    const char *lib = pcf_version_string();
    sha256_init(&ctx);
    sha256_update(&ctx, strlen(text), (const uint8_t *)text);
    sha256_update(&ctx, 1, (const uint8_t *)"\n");
    sha256_update(&ctx, strlen(j->datasets), (const uint8_t *)j->datasets);
    sha256_update(&ctx, strlen(lib), (const uint8_t *)lib);
    sha256_digest(&ctx, SHA256_DIGEST_SIZE, d);
    pcf_free(text);
    for (size_t i = 0; i < SHA256_DIGEST_SIZE; i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
    return 0;
}

static int stored_digest_equals(job *j, const char *item, const char *hex)
{
    sqlite3_stmt *st = prepare(j->erp, "SELECT input_digest FROM pcf_results WHERE item_id = ?1");
    if (!st)
        return 0;
    sqlite3_bind_text(st, 1, item, -1, SQLITE_STATIC);
    int same = sqlite3_step(st) == SQLITE_ROW && strcmp(text_or(st, 0, ""), hex) == 0;
    sqlite3_finalize(st);
    return same;
}

static int compute(job *j, const pcf_model *model, const char *item, computed *out)
{
    pcf_error err;
    pcf_diag *diag = NULL;
    pcf_result *res = NULL;
    if (pcf_diag_create(&diag) != PCF_OK)
        return -1;
    pcf_status st = pcf_model_calculate(model, j->factors, (pcf_gwp_set)0, diag, &res, &err);
    for (size_t i = 0; i < pcf_diag_count(diag); i++) {
        if (pcf_diag_severity_at(diag, i) == PCF_SEVERITY_NOTE)
            continue;
        const pcf_error *e = pcf_diag_at(diag, i);
        fprintf(stderr, "pcf-erp: %s: %s: %s%s%s\n", item,
                pcf_diag_severity_at(diag, i) == PCF_SEVERITY_ERROR ? "error" : "warning",
                e->message, e->path[0] ? " at " : "", e->path);
    }
    pcf_diag_destroy(diag);
    if (st != PCF_OK)
        return fail(item, &err);
    out->total = pcf_result_total_kg_co2e(res);
    out->fossil = pcf_result_flow_kg_co2e(res, PCF_FLOW_FOSSIL);
    out->biogenic = pcf_result_flow_kg_co2e(res, PCF_FLOW_BIOGENIC);
    for (int s = 0; s < PCF_STAGE_COUNT; s++)
        out->stages[s] = pcf_result_stage_kg_co2e(res, (pcf_stage)s);
    snprintf(out->declared_unit, sizeof out->declared_unit, "%s", pcf_result_declared_unit(res));
    pcf_result_destroy(res);
    return 0;
}

/*
 * All results in one transaction: the ERP sees every product of a run, or none. Results of items
 * that are no longer finished goods (discontinued, deleted) go in the same transaction.
 */
static int store(job *j, const computed *c, size_t n, size_t *removed)
{
    char now[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);

    if (sqlite3_exec(j->erp, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
        fprintf(stderr, "pcf-erp: %s\n", sqlite3_errmsg(j->erp));
        return -1;
    }
    sqlite3_stmt *res = prepare(j->erp, "INSERT OR REPLACE INTO pcf_results (item_id, "
                                        "input_digest, declared_unit, total_kg_co2e, "
                                        "fossil_kg_co2e, biogenic_kg_co2e, library_version, "
                                        "computed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    sqlite3_stmt *del = prepare(j->erp, "DELETE FROM pcf_result_stages WHERE item_id = ?1");
    sqlite3_stmt *stg = prepare(j->erp, "INSERT INTO pcf_result_stages (item_id, stage, kg_co2e) "
                                        "VALUES (?1, ?2, ?3)");
    int ok = res && del && stg;
    for (size_t i = 0; ok && i < n; i++) {
        sqlite3_bind_text(res, 1, c[i].item_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(res, 2, c[i].digest, -1, SQLITE_STATIC);
        sqlite3_bind_text(res, 3, c[i].declared_unit, -1, SQLITE_STATIC);
        sqlite3_bind_double(res, 4, c[i].total);
        sqlite3_bind_double(res, 5, c[i].fossil);
        sqlite3_bind_double(res, 6, c[i].biogenic);
        sqlite3_bind_text(res, 7, pcf_version_string(), -1, SQLITE_STATIC);
        sqlite3_bind_text(res, 8, now, -1, SQLITE_STATIC);
        ok = sqlite3_step(res) == SQLITE_DONE;
        sqlite3_reset(res);
        sqlite3_bind_text(del, 1, c[i].item_id, -1, SQLITE_STATIC);
        ok = ok && sqlite3_step(del) == SQLITE_DONE;
        sqlite3_reset(del);
        for (int s = 0; ok && s < PCF_STAGE_COUNT; s++) {
            sqlite3_bind_text(stg, 1, c[i].item_id, -1, SQLITE_STATIC);
            sqlite3_bind_text(stg, 2, pcf_stage_name((pcf_stage)s), -1, SQLITE_STATIC);
            sqlite3_bind_double(stg, 3, c[i].stages[s]);
            ok = sqlite3_step(stg) == SQLITE_DONE;
            sqlite3_reset(stg);
        }
    }
    static const char stale[] = "DELETE FROM pcf_result_stages WHERE item_id NOT IN "
                                "(SELECT item_id FROM items WHERE item_type = 'finished');"
                                "DELETE FROM pcf_results WHERE item_id NOT IN "
                                "(SELECT item_id FROM items WHERE item_type = 'finished');";
    ok = ok && sqlite3_exec(j->erp, stale, NULL, NULL, NULL) == SQLITE_OK;
    *removed = ok ? (size_t)sqlite3_changes(j->erp) : 0;
    if (!ok)
        fprintf(stderr, "pcf-erp: writing results: %s\n", sqlite3_errmsg(j->erp));
    sqlite3_finalize(res);
    sqlite3_finalize(del);
    sqlite3_finalize(stg);
    if (sqlite3_exec(j->erp, ok ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL) != SQLITE_OK) {
        fprintf(stderr, "pcf-erp: %s\n", sqlite3_errmsg(j->erp));
        ok = 0;
    }
    return ok ? 0 : -1;
}

/* --models DIR: created when it does not exist (its parent must), as pcf-certify does with its
 * --out DIR; anything else at that path is an error that names it, before any product is built. */
static int prepare_models_dir(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return 0;
        fprintf(stderr, "pcf-erp: --models %s: exists and is not a directory (name a directory)\n",
                dir);
        return -1;
    }
    if (mkdir(dir, 0777) == 0)
        return 0;
    int e = errno;
    fprintf(stderr, "pcf-erp: --models %s: cannot create the directory: %s%s\n", dir, strerror(e),
            e == ENOENT ? " (create its parent directory first)" : "");
    return -1;
}

/* --models DIR: the model of each product as JSON, for pcf calc or the certification platform. */
static int write_model(const pcf_model *model, const char *dir, const char *item)
{
    char path[4096];
    pcf_error err;
    int n = snprintf(path, sizeof path, "%s/%s.json", dir, item);
    if (n < 0 || (size_t)n >= sizeof path) {
        fprintf(stderr, "pcf-erp: %s: path too long\n", item);
        return -1;
    }
    if (pcf_model_write_file(model, path, &err) != PCF_OK)
        return fail(item, &err);
    return 0;
}

static void describe_datasets(job *j)
{
    size_t used = 0;
    j->datasets[0] = '\0';
    for (size_t i = 0; i < pcf_db_dataset_count(j->factors); i++) {
        const pcf_dataset *d = pcf_db_dataset_at(j->factors, i);
        int n = snprintf(j->datasets + used, sizeof j->datasets - used, "%s=%s@%s;",
                         pcf_dataset_key(d), pcf_dataset_version(d), pcf_dataset_layer(d));
        if (n < 0 || (size_t)n >= sizeof j->datasets - used)
            break;
        used += (size_t)n;
    }
}

static int usage(FILE *f, int rc)
{
    fprintf(f, "usage: pcf-erp ERP.db [--init SCRIPT.sql]... [--exec SCRIPT.sql]... "
               "[--factors FACTORS.db] [--region CODE] [--models DIR] [--force]\n\n"
               "Computes the footprint of every finished item whose inputs changed since the\n"
               "last run and writes pcf_results and pcf_result_stages in one transaction.\n"
               "--models DIR also writes each product's model as DIR/<item>.json (DIR is created\n"
               "when it does not exist).\n");
    return rc;
}

typedef struct options {
    const char *init[MAX_SCRIPTS], *exec[MAX_SCRIPTS];
    size_t n_init, n_exec;
    const char *erp_path, *factors_path, *models_dir;
    int force;
} options;

/* Returns -1 when the arguments are good, else the exit status (after usage). */
static int parse_args(int argc, char **argv, options *o, job *j)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return usage(stdout, 0);
        if (strcmp(argv[i], "--force") == 0)
            o->force = 1;
        else if (i + 1 < argc && strcmp(argv[i], "--init") == 0 && o->n_init < MAX_SCRIPTS)
            o->init[o->n_init++] = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--exec") == 0 && o->n_exec < MAX_SCRIPTS)
            o->exec[o->n_exec++] = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--factors") == 0)
            o->factors_path = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--region") == 0)
            j->region = argv[++i];
        else if (i + 1 < argc && strcmp(argv[i], "--models") == 0)
            o->models_dir = argv[++i];
        else if (argv[i][0] != '-' && !o->erp_path)
            o->erp_path = argv[i];
        else
            return usage(stderr, 2);
    }
    return o->erp_path ? -1 : usage(stderr, 2);
}

/* Opens the ERP database, runs --init and --exec scripts, opens the factors. 0 or -1. */
static int open_job(job *j, const options *o)
{
    if (sqlite3_open_v2(o->erp_path, &j->erp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        fprintf(stderr, "pcf-erp: cannot open %s: %s\n", o->erp_path, sqlite3_errmsg(j->erp));
        return -1;
    }
    sqlite3_exec(j->erp, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
    for (size_t i = 0; i < o->n_init; i++)
        if (run_script(j->erp, o->init[i]) != 0)
            return -1;
    for (size_t i = 0; i < o->n_exec; i++)
        if (run_script(j->erp, o->exec[i]) != 0)
            return -1;

    pcf_error err;
    const char *factors_path = o->factors_path ? o->factors_path : pcf_db_default_path();
    if (pcf_db_open(factors_path, PCF_DB_READ_ONLY, &j->factors, &err) != PCF_OK) {
        fprintf(stderr, "pcf-erp: cannot open factor database %s: %s\n", factors_path, err.message);
        return -1;
    }
    describe_datasets(j);
    return 0;
}

typedef struct run_state {
    size_t products, unchanged, failed, n_done, cap;
    computed *done;
} run_state;

/* One finished item: build, digest, (write,) compute unless unchanged. */
static void run_product(job *j, const options *o, run_state *r, const char *item, const char *name,
                        double mass_kg)
{
    r->products++;
    pcf_model *model = build_model(j, item, name, mass_kg);
    char hex[2 * SHA256_DIGEST_SIZE + 1];
    if (!model || model_digest(j, model, hex) != 0 ||
        (o->models_dir && write_model(model, o->models_dir, item) != 0)) {
        r->failed++;
        pcf_model_destroy(model);
        return;
    }
    if (!o->force && stored_digest_equals(j, item, hex)) {
        r->unchanged++;
        printf("unchanged  %s\n", item);
        pcf_model_destroy(model);
        return;
    }
    if (r->n_done == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 8;
        computed *grown = realloc(r->done, cap * sizeof *grown);
        if (!grown) {
            pcf_model_destroy(model);
            r->failed++;
            return;
        }
        r->done = grown;
        r->cap = cap;
    }
    computed *c = &r->done[r->n_done];
    memset(c, 0, sizeof *c);
    memcpy(c->digest, hex, sizeof hex);
    c->item_id = strdup(item);
    if (!c->item_id || compute(j, model, item, c) != 0) {
        free(c->item_id);
        r->failed++;
    } else {
        char total[32];
        pcf_number_format(c->total, total, sizeof total);
        printf("recomputed %s: %s kg CO2e per %s\n", item, total, c->declared_unit);
        r->n_done++;
    }
    pcf_model_destroy(model);
}

int main(int argc, char **argv)
{
    options o = {0};
    job j = {NULL, NULL, "CN-FJ", ""};
    int rc = parse_args(argc, argv, &o, &j);
    if (rc >= 0)
        return rc;
    if (open_job(&j, &o) != 0 || (o.models_dir && prepare_models_dir(o.models_dir) != 0)) {
        pcf_db_close(j.factors);
        sqlite3_close(j.erp);
        return 1;
    }

    sqlite3_stmt *st = prepare(j.erp, "SELECT item_id, name, mass_kg FROM items "
                                      "WHERE item_type = 'finished' ORDER BY item_id");
    run_state r = {0};
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        const char *item = text_or(st, 0, "");
        run_product(&j, &o, &r, item, text_or(st, 1, item), sqlite3_column_double(st, 2));
    }
    sqlite3_finalize(st);

    size_t removed = 0;
    rc = store(&j, r.done, r.n_done, &removed);
    printf("products %zu, recomputed %zu, unchanged %zu, failed %zu, removed %zu\n", r.products,
           r.n_done, r.unchanged, r.failed, removed);
    for (size_t i = 0; i < r.n_done; i++)
        free(r.done[i].item_id);
    free(r.done);
    pcf_db_close(j.factors);
    sqlite3_close(j.erp);
    return rc != 0 || r.failed ? 1 : 0;
}
