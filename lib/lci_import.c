/*
 * pcf — import of openLCA JSON-LD databases (zip via libzip, or a folder) into the lci_* tables of
 * a factor database, and the linking rules of docs/lci.md. One transaction per import.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "lci_internal.h"
#include "model_internal.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zip.h>

/* A JSON-LD file larger than this is refused (USLCI's largest process is ~200 kB). */
#define FILE_MAX_BYTES (64u * 1024u * 1024u)

/* The folders read, in the order they are read. */
static const char *const folders[] = {"categories", "unit_groups", "flow_properties", "flows",
                                      "processes"};
enum { N_FOLDERS = 5, F_PROCESSES = 4, F_FLOWS = 3 };

enum {
    S_CATEGORY,
    S_UNIT_GROUP,
    S_UNIT,
    S_PROPERTY,
    S_FLOW,
    S_FLOW_FACTOR,
    S_PROCESS,
    S_EXCHANGE,
    S_COUNT_
};

typedef struct import_ctx {
    pcf_db *db;
    const char *name;
    sqlite3_stmt *st[S_COUNT_];
    size_t counts[N_FOLDERS];
    size_t n_exchanges;
} import_ctx;

pcf_status pcf__lci_check_name(const char *name, pcf_error *err)
{
    size_t n = name ? strlen(name) : 0;
    int ok = n >= 1 && n <= 32;
    for (size_t i = 0; ok && i < n; i++) {
        char c = name[i];
        ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '-' || c == '_';
    }
    if (!ok)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "the LCI database name \"%.40s\" must be 1 to 32 letters, digits, '-' "
                          "or '_' (for example \"uslci\")",
                          name ? name : "");
    return PCF_OK;
}

pcf_status pcf__lci_tables(pcf_db *db, int *found, pcf_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(
        db->sql, "SELECT 1 FROM main.sqlite_master WHERE name = 'lci_processes'", -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    sqlite3_finalize(st);
    *found = rc == SQLITE_ROW;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return pcf__db_sql_error(db, rc, err, "reading the schema of the factor database");
    return PCF_OK;
}

/* ---- JSON helpers: every error names the file, the @id and the key ------------------------- */

static pcf_status bad_key(pcf_error *err, const char *file, const char *id, const char *key,
                          const char *what)
{
    pcf_status s = pcf__error(err, PCF_ERR_PARSE, "%s (@id \"%.60s\"): key \"%s\" %s", file,
                              id ? id : "?", key, what);
    pcf__error_where(err, file, key, 0, 0);
    return s;
}

static const char *get_str(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* obj[key]["@id"] */
static const char *get_ref(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_object(v) ? get_str(v, "@id") : NULL;
}

static pcf_status need_str(const char *file, const char *id, json_t *obj, const char *key,
                           const char **out, pcf_error *err)
{
    *out = get_str(obj, key);
    if (!*out)
        return bad_key(err, file, id, key, "is missing or not a string");
    return PCF_OK;
}

static pcf_status need_num(const char *file, const char *id, json_t *obj, const char *key,
                           double *out, pcf_error *err)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_number(v))
        return bad_key(err, file, id, key, "is missing or not a number");
    *out = json_number_value(v);
    return PCF_OK;
}

static pcf_status step(import_ctx *c, sqlite3_stmt *st, const char *file, const char *id,
                       pcf_error *err)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc == SQLITE_DONE)
        return PCF_OK;
    if ((rc & 0xff) == SQLITE_CONSTRAINT) {
        pcf_status s = pcf__error(err, PCF_ERR_PARSE,
                                  "%s: @id \"%.60s\" occurs twice in the source; every @id must be "
                                  "unique within its folder",
                                  file, id);
        pcf__error_where(err, file, "@id", 0, 0);
        return s;
    }
    return pcf__db_sql_error(c->db, rc, err, "storing the LCI database");
}

static void bind_s(sqlite3_stmt *st, int i, const char *s)
{
    sqlite3_bind_text(st, i, s ? s : "", -1, SQLITE_TRANSIENT);
}

/* ---- one file per kind -------------------------------------------------------------------- */

/* The "@id" and "name" every kind of file has. */
static pcf_status need_id_name(const char *file, json_t *doc, const char **id, const char **name,
                               pcf_error *err)
{
    pcf_status s = need_str(file, NULL, doc, "@id", id, err);
    return s == PCF_OK ? need_str(file, *id, doc, "name", name, err) : s;
}

static pcf_status read_unit_group(import_ctx *c, const char *file, json_t *doc, pcf_error *err)
{
    const char *id, *name;
    pcf_status s = need_id_name(file, doc, &id, &name, err);
    if (s != PCF_OK)
        return s;
    json_t *units = json_object_get(doc, "units");
    if (!json_is_array(units) || json_array_size(units) == 0)
        return bad_key(err, file, id, "units", "is missing or empty");
    const char *ref = NULL;
    size_t i;
    json_t *u;
    json_array_foreach(units, i, u)
    {
        char key[64];
        const char *uid, *uname;
        double f = 0;
        snprintf(key, sizeof key, "units[%zu].@id", i);
        if (!(uid = get_str(u, "@id")))
            return bad_key(err, file, id, key, "is missing or not a string");
        snprintf(key, sizeof key, "units[%zu].name", i);
        if (!(uname = get_str(u, "name")))
            return bad_key(err, file, id, key, "is missing or not a string");
        snprintf(key, sizeof key, "units[%zu].conversionFactor", i);
        if ((s = need_num(file, id, u, "conversionFactor", &f, err)) != PCF_OK)
            return bad_key(err, file, id, key, "is missing or not a number");
        if (!(f > 0))
            return bad_key(err, file, id, key, "must be a positive number");
        if (json_is_true(json_object_get(u, "referenceUnit")))
            ref = uname;
        sqlite3_stmt *st = c->st[S_UNIT];
        bind_s(st, 1, c->name);
        bind_s(st, 2, uid);
        bind_s(st, 3, id);
        bind_s(st, 4, uname);
        sqlite3_bind_double(st, 5, f);
        if ((s = step(c, st, file, uid, err)) != PCF_OK)
            return s;
    }
    if (!ref)
        return bad_key(err, file, id, "units[].referenceUnit", "is true for no unit");
    sqlite3_stmt *st = c->st[S_UNIT_GROUP];
    bind_s(st, 1, c->name);
    bind_s(st, 2, id);
    bind_s(st, 3, name);
    bind_s(st, 4, ref);
    return step(c, st, file, id, err);
}

static pcf_status read_property(import_ctx *c, const char *file, json_t *doc, pcf_error *err)
{
    const char *id, *name, *group;
    pcf_status s = need_id_name(file, doc, &id, &name, err);
    if (s != PCF_OK)
        return s;
    if (!(group = get_ref(doc, "unitGroup")))
        return bad_key(err, file, id, "unitGroup.@id", "is missing or not a string");
    sqlite3_stmt *st = c->st[S_PROPERTY];
    bind_s(st, 1, c->name);
    bind_s(st, 2, id);
    bind_s(st, 3, name);
    bind_s(st, 4, group);
    return step(c, st, file, id, err);
}

/* A category: kept in a temporary table to build the flows' paths ("air/unspecified"). */
static pcf_status read_category(import_ctx *c, const char *file, json_t *doc, pcf_error *err)
{
    const char *id, *name;
    pcf_status s = need_id_name(file, doc, &id, &name, err);
    if (s != PCF_OK)
        return s;
    sqlite3_stmt *st = c->st[S_CATEGORY];
    bind_s(st, 1, id);
    bind_s(st, 2, name);
    bind_s(st, 3, get_ref(doc, "category"));
    return step(c, st, file, id, err);
}

/* The leaf name of a process's category. */
static const char *category_of(json_t *doc)
{
    json_t *cat = json_object_get(doc, "category");
    const char *n = json_is_object(cat) ? get_str(cat, "name") : NULL;
    return n ? n : "";
}

static pcf_status read_flow(import_ctx *c, const char *file, json_t *doc, pcf_error *err)
{
    const char *id, *name, *type;
    pcf_status s = need_id_name(file, doc, &id, &name, err);
    if (s == PCF_OK)
        s = need_str(file, id, doc, "flowType", &type, err);
    if (s != PCF_OK)
        return s;
    json_t *props = json_object_get(doc, "flowProperties");
    if (!json_is_array(props) || json_array_size(props) == 0)
        return bad_key(err, file, id, "flowProperties", "is missing or empty");
    const char *ref = NULL;
    size_t i;
    json_t *p;
    json_array_foreach(props, i, p)
    {
        char key[64];
        const char *pid = get_ref(p, "flowProperty");
        double f = 0;
        snprintf(key, sizeof key, "flowProperties[%zu].flowProperty.@id", i);
        if (!pid)
            return bad_key(err, file, id, key, "is missing or not a string");
        snprintf(key, sizeof key, "flowProperties[%zu].conversionFactor", i);
        if (need_num(file, id, p, "conversionFactor", &f, err) != PCF_OK || !(f > 0))
            return bad_key(err, file, id, key, "is missing or not a positive number");
        if (json_is_true(json_object_get(p, "referenceFlowProperty")))
            ref = pid;
        sqlite3_stmt *st = c->st[S_FLOW_FACTOR];
        bind_s(st, 1, c->name);
        bind_s(st, 2, id);
        bind_s(st, 3, pid);
        sqlite3_bind_double(st, 4, f);
        if ((s = step(c, st, file, id, err)) != PCF_OK)
            return s;
    }
    if (!ref)
        return bad_key(err, file, id, "flowProperties[].referenceFlowProperty",
                       "is true for no property");
    /* The compartment: openLCA 1.5 names the leaf category only; the path is rebuilt from
     * categories/ after reading (the leaf alone when the source has no category files). */
    json_t *cat = json_object_get(doc, "category");
    const char *cat_id = json_is_object(cat) ? get_str(cat, "@id") : NULL;
    if (cat_id) {
        sqlite3_stmt *cs = c->st[S_CATEGORY];
        bind_s(cs, 1, cat_id);
        bind_s(cs, 2, category_of(doc));
        if ((s = step(c, cs, file, id, err)) != PCF_OK)
            return s;
    }
    sqlite3_stmt *st = c->st[S_FLOW];
    bind_s(st, 1, c->name);
    bind_s(st, 2, id);
    bind_s(st, 3, name);
    bind_s(st, 4, type);
    bind_s(st, 5, cat_id);
    bind_s(st, 6, ref);
    return step(c, st, file, id, err);
}

static void bind_uncertainty(sqlite3_stmt *st, json_t *ex)
{
    json_t *u = json_object_get(ex, "uncertainty");
    const char *d = json_is_object(u) ? get_str(u, "distributionType") : NULL;
    static const struct {
        const char *type, *k1, *k2, *k3;
    } kinds[] = {
        {"LOG_NORMAL_DISTRIBUTION", "geomMean", "geomSd", NULL},
        {"NORMAL_DISTRIBUTION", "mean", "sd", NULL},
        {"TRIANGLE_DISTRIBUTION", "minimum", "mode", "maximum"},
        {"UNIFORM_DISTRIBUTION", "minimum", "maximum", NULL},
    };
    bind_s(st, 14, d);
    for (size_t k = 0; d && k < sizeof kinds / sizeof kinds[0]; k++) {
        if (strcmp(d, kinds[k].type) != 0)
            continue;
        const char *keys[3] = {kinds[k].k1, kinds[k].k2, kinds[k].k3};
        for (int j = 0; j < 3; j++) {
            json_t *v = keys[j] ? json_object_get(u, keys[j]) : NULL;
            if (json_is_number(v))
                sqlite3_bind_double(st, 15 + j, json_number_value(v));
        }
    }
    bind_s(st, 18, get_str(ex, "pedigreeUncertainty"));
}

/* The allocation factor of the reference product under the process's default method, or 1.
 * openLCA applies allocation only when a process names a default method; USLCI names none. */
static pcf_status allocation_of(const char *file, const char *id, json_t *doc, const char *ref_flow,
                                double *alloc, int *listed, pcf_error *err)
{
    *alloc = 1;
    json_t *af = json_object_get(doc, "allocationFactors");
    *listed = json_is_array(af) && json_array_size(af) > 0;
    const char *method = get_str(doc, "defaultAllocationMethod");
    if (!method || strcmp(method, "NO_ALLOCATION") == 0)
        return PCF_OK;
    if (strcmp(method, "PHYSICAL_ALLOCATION") != 0 && strcmp(method, "ECONOMIC_ALLOCATION") != 0) {
        pcf_status s = pcf__error(err, PCF_ERR_UNSUPPORTED,
                                  "%s (@id \"%.60s\"): defaultAllocationMethod \"%.40s\" is not "
                                  "supported; pcf applies physical or economic allocation "
                                  "factors (docs/lci.md)",
                                  file, id, method);
        pcf__error_where(err, file, "defaultAllocationMethod", 0, 0);
        return s;
    }
    size_t i;
    json_t *a;
    json_array_foreach(af, i, a)
    {
        const char *type = get_str(a, "allocationType");
        const char *prod = get_ref(a, "product");
        json_t *v = json_object_get(a, "value");
        if (type && strcmp(type, method) == 0 && prod && strcmp(prod, ref_flow) == 0 &&
            json_is_number(v)) {
            *alloc = json_number_value(v);
            if (!(*alloc > 0 && *alloc <= 1))
                return bad_key(err, file, id, "allocationFactors[].value",
                               "must be in (0, 1] for the reference product");
            *listed = 0;
            return PCF_OK;
        }
    }
    return bad_key(err, file, id, "allocationFactors",
                   "has no factor of the default method for the reference product");
}

static pcf_status read_exchange(import_ctx *c, const char *file, const char *pid, json_t *ex,
                                size_t n, pcf_error *err)
{
    char key[64];
    const char *flow = get_ref(ex, "flow");
    const char *unit = get_ref(ex, "unit");
    const char *prop = get_ref(ex, "flowProperty");
    json_t *unit_o = json_object_get(ex, "unit");
    const char *unit_name = json_is_object(unit_o) ? get_str(unit_o, "name") : NULL;
    json_t *amount = json_object_get(ex, "amount");
    snprintf(key, sizeof key, "exchanges[%zu].%s", n,
             !flow   ? "flow.@id"
             : !unit ? "unit.@id"
             : !prop ? "flowProperty.@id"
                     : "amount");
    if (!flow || !unit || !prop)
        return bad_key(err, file, pid, key, "is missing or not a string");
    /* a number out of the range of a double is already a parse error (jansson: "real number
     * overflow"), so every number here is finite */
    if (!json_is_number(amount))
        return bad_key(err, file, pid, key, "is missing or not a number");
    sqlite3_stmt *st = c->st[S_EXCHANGE];
    bind_s(st, 1, c->name);
    bind_s(st, 2, pid);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)n);
    bind_s(st, 4, get_str(ex, "@id"));
    bind_s(st, 5, flow);
    sqlite3_bind_int(st, 6, json_is_true(json_object_get(ex, "input")));
    sqlite3_bind_double(st, 7, json_number_value(amount));
    bind_s(st, 8, unit_name ? unit_name : unit);
    bind_s(st, 9, unit);
    bind_s(st, 10, prop);
    bind_s(st, 11, json_is_true(json_object_get(ex, "quantitativeReference")) ? "reference" : "");
    bind_uncertainty(st, ex);
    c->n_exchanges++;
    return step(c, st, file, pid, err);
}

static pcf_status read_process(import_ctx *c, const char *file, json_t *doc, pcf_error *err)
{
    const char *id, *name;
    pcf_status s = need_id_name(file, doc, &id, &name, err);
    if (s != PCF_OK)
        return s;
    json_t *exs = json_object_get(doc, "exchanges");
    if (!json_is_array(exs))
        return bad_key(err, file, id, "exchanges", "is missing or not an array");
    json_t *ref = NULL;
    size_t i;
    json_t *ex;
    json_array_foreach(exs, i, ex)
    {
        if (!json_is_object(ex)) {
            char key[48];
            snprintf(key, sizeof key, "exchanges[%zu]", i);
            return bad_key(err, file, id, key, "is not an object");
        }
        if (json_is_true(json_object_get(ex, "quantitativeReference"))) {
            if (ref)
                return bad_key(err, file, id, "exchanges[].quantitativeReference",
                               "is true for two exchanges; a process has one reference flow");
            ref = ex;
        }
        if ((s = read_exchange(c, file, id, ex, i, err)) != PCF_OK)
            return s;
    }
    if (!ref)
        return bad_key(err, file, id, "exchanges[].quantitativeReference",
                       "is true for no exchange; a process needs one reference flow");
    if (json_is_true(json_object_get(ref, "input")))
        return bad_key(err, file, id, "exchanges[].quantitativeReference",
                       "marks an input; pcf links processes whose reference flow is an output");
    double ref_amount = json_number_value(json_object_get(ref, "amount"));
    if (!(ref_amount != 0))
        return bad_key(err, file, id, "exchanges[].amount",
                       "of the reference flow is zero; the process cannot be scaled");
    const char *ref_flow = get_ref(ref, "flow");
    double alloc;
    int listed;
    if ((s = allocation_of(file, id, doc, ref_flow, &alloc, &listed, err)) != PCF_OK)
        return s;
    json_t *loc = json_object_get(doc, "location");
    const char *loc_name = json_is_object(loc) ? get_str(loc, "code") : NULL;
    if (!loc_name && json_is_object(loc))
        loc_name = get_str(loc, "name");
    sqlite3_stmt *st = c->st[S_PROCESS];
    bind_s(st, 1, c->name);
    bind_s(st, 2, id);
    bind_s(st, 3, name);
    bind_s(st, 4, loc_name);
    bind_s(st, 5, category_of(doc));
    bind_s(st, 6, ref_flow);
    sqlite3_bind_double(st, 7, ref_amount);
    sqlite3_bind_double(st, 8, alloc);
    bind_s(st, 9, file);
    sqlite3_bind_int(st, 10, listed);
    sqlite3_bind_int64(st, 11, -1 - (sqlite3_int64)c->counts[F_PROCESSES]);
    return step(c, st, file, id, err);
}

/* ---- reading the source ------------------------------------------------------------------- */

static pcf_status read_doc(import_ctx *c, int folder, const char *file, const char *data,
                           size_t len, pcf_error *err)
{
    json_error_t je;
    json_t *doc = NULL;
    if (pcf__json_load_text(data, len, &doc, &je) == PCF_ERR_NOMEM)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory reading %s", file);
    if (!doc || !json_is_object(doc)) {
        pcf_status s = pcf__error(err, PCF_ERR_PARSE, "%s: %s", file,
                                  doc ? "the top level is not a JSON object" : je.text);
        pcf__error_where(err, file, NULL, doc ? 1 : je.line, doc ? 1 : je.column);
        json_decref(doc);
        return s;
    }
    pcf_status s;
    switch (folder) {
    case 0:
        s = read_category(c, file, doc, err);
        break;
    case 1:
        s = read_unit_group(c, file, doc, err);
        break;
    case 2:
        s = read_property(c, file, doc, err);
        break;
    case 3:
        s = read_flow(c, file, doc, err);
        break;
    default:
        s = read_process(c, file, doc, err);
        break;
    }
    json_decref(doc);
    if (s == PCF_OK)
        c->counts[folder]++;
    return s;
}

/* "processes/x.json" -> folder index, or -1 when the entry is not read. */
static int folder_of(const char *path)
{
    size_t n = strlen(path);
    if (n < 6 || strcmp(path + n - 5, ".json") != 0)
        return -1;
    const char *slash = strrchr(path, '/');
    if (!slash)
        return -1;
    const char *start = slash;
    while (start > path && start[-1] != '/')
        start--;
    for (int f = 0; f < N_FOLDERS; f++)
        if ((size_t)(slash - start) == strlen(folders[f]) &&
            strncmp(start, folders[f], (size_t)(slash - start)) == 0)
            return f;
    return -1;
}

static pcf_status read_zip(import_ctx *c, const char *path, pcf_error *err)
{
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);
    if (!z) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        pcf_status s = pcf__error(err, PCF_ERR_IO, "cannot read the zip file \"%s\": %s", path,
                                  zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return s;
    }
    zip_int64_t n = zip_get_num_entries(z, 0);
    pcf_status s = PCF_OK;
    for (int f = 0; s == PCF_OK && f < N_FOLDERS; f++) {
        for (zip_int64_t i = 0; s == PCF_OK && i < n; i++) {
            const char *name = zip_get_name(z, (zip_uint64_t)i, 0);
            if (!name || folder_of(name) != f)
                continue;
            zip_stat_t zs;
            if (zip_stat_index(z, (zip_uint64_t)i, 0, &zs) != 0 || zs.size > FILE_MAX_BYTES) {
                s = pcf__error(err, PCF_ERR_IO,
                               "%s in \"%s\": cannot be read or is larger than "
                               "64 MB",
                               name, path);
                break;
            }
            char *buf = malloc(zs.size + 1);
            zip_file_t *zf = buf ? zip_fopen_index(z, (zip_uint64_t)i, 0) : NULL;
            zip_int64_t got = zf ? zip_fread(zf, buf, zs.size) : -1;
            /* a read past the end is what reports a CRC mismatch (libzip checks it at the end of
             * the entry, and the read that reaches the end still returns its bytes): without it
             * a changed byte in a stored entry is imported as data */
            if (got >= 0 && (zip_uint64_t)got == zs.size && zip_fread(zf, buf + zs.size, 1) != 0)
                got = -1;
            if (!buf)
                s = pcf__error(err, PCF_ERR_NOMEM, "out of memory reading %s", name);
            else if (got < 0 || (zip_uint64_t)got != zs.size)
                s = pcf__error(err, PCF_ERR_IO,
                               "%s in \"%s\" cannot be read (%s); the zip file is damaged", name,
                               path, zf ? zip_file_strerror(zf) : zip_strerror(z));
            else
                s = read_doc(c, f, name, buf, zs.size, err);
            if (zf)
                zip_fclose(zf);
            free(buf);
        }
    }
    zip_discard(z);
    return s;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static pcf_status read_folder(import_ctx *c, const char *root, int f, pcf_error *err)
{
    size_t plen = strlen(root) + strlen(folders[f]) + 2;
    char *dir = malloc(plen);
    if (!dir)
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory");
    snprintf(dir, plen, "%s/%s", root, folders[f]);
    DIR *d = opendir(dir);
    if (!d && f == 0) {
        free(dir);
        return PCF_OK; /* categories are optional */
    }
    if (!d) {
        pcf_status s = pcf__error(err, PCF_ERR_IO,
                                  "\"%s\" has no folder \"%s\"; give an openLCA JSON-LD export "
                                  "(zip or folder)",
                                  root, folders[f]);
        free(dir);
        return s;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    pcf_status s = PCF_OK;
    struct dirent *e;
    while (s == PCF_OK && (e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l < 6 || strcmp(e->d_name + l - 5, ".json") != 0)
            continue;
        if (n == cap) {
            char **p = realloc(names, (cap = cap ? cap * 2 : 256) * sizeof *p);
            if (!p) {
                s = pcf__error(err, PCF_ERR_NOMEM, "out of memory");
                break;
            }
            names = p;
        }
        if (!(names[n] = pcf__strdup(e->d_name)))
            s = pcf__error(err, PCF_ERR_NOMEM, "out of memory");
        else
            n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; s == PCF_OK && i < n; i++) {
        size_t fl = plen + strlen(names[i]) + 1;
        char *full = malloc(fl);
        char *buf = NULL;
        size_t len = 0;
        if (!full) {
            s = pcf__error(err, PCF_ERR_NOMEM, "out of memory");
            break;
        }
        snprintf(full, fl, "%s/%s", dir, names[i]);
        s = pcf__read_file(full, "JSON-LD file", FILE_MAX_BYTES, &buf, &len, err);
        if (s == PCF_OK)
            s = read_doc(c, f, full, buf, len, err);
        free(buf);
        free(full);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    free(dir);
    return s;
}

/* ---- linking (SQL over the rows just written) ---------------------------------------------- */

static pcf_status exec1(import_ctx *c, const char *sql, pcf_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(c->db->sql, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, c->name, -1, SQLITE_STATIC);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE && rc != SQLITE_OK)
        return pcf__db_sql_error(c->db, rc, err, "linking the LCI database");
    return PCF_OK;
}

/* Runs a query that lists problems; the first row (up to 6 text columns) becomes an error. The
 * formats are the constant table of check_refs(), each taking six strings. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static pcf_status first_problem(import_ctx *c, const char *sql, pcf_status code, const char *fmt,
                                pcf_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(c->db->sql, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return pcf__db_sql_error(c->db, rc, err, "checking the LCI database");
    sqlite3_bind_text(st, 1, c->name, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    pcf_status s = PCF_OK;
    if (rc == SQLITE_ROW) {
        const char *v[6];
        for (int i = 0; i < 6; i++) {
            const char *t =
                i < sqlite3_column_count(st) ? (const char *)sqlite3_column_text(st, i) : NULL;
            v[i] = t ? t : "";
        }
        s = pcf__error(err, code, fmt, v[0], v[1], v[2], v[3], v[4], v[5]);
        pcf__error_where(err, v[0], NULL, 0, 0);
    } else if (rc != SQLITE_DONE) {
        s = pcf__db_sql_error(c->db, rc, err, "checking the LCI database");
    }
    sqlite3_finalize(st);
    return s;
}
#pragma GCC diagnostic pop

static pcf_status check_refs(import_ctx *c, pcf_error *err)
{
    static const struct {
        const char *sql;
        pcf_status code;
        const char *fmt;
    } checks[] = {
        {"SELECT p.file, p.id, e.n, e.flow FROM lci_exchanges e JOIN lci_processes p ON "
         "p.lcidb = e.lcidb AND p.id = e.process WHERE e.lcidb = ?1 AND NOT EXISTS (SELECT 1 "
         "FROM lci_flows f WHERE f.lcidb = e.lcidb AND f.id = e.flow) LIMIT 1",
         PCF_ERR_NOT_FOUND, "%s (@id \"%s\"): exchanges[%s].flow.@id \"%s\" is not in flows/%s%s"},
        {"SELECT p.file, p.id, e.n, e.unit_id, e.unit FROM lci_exchanges e JOIN lci_processes p "
         "ON p.lcidb = e.lcidb AND p.id = e.process WHERE e.lcidb = ?1 AND NOT EXISTS (SELECT 1 "
         "FROM lci_units u WHERE u.lcidb = e.lcidb AND u.id = e.unit_id) LIMIT 1",
         PCF_ERR_NOT_FOUND,
         "%s (@id \"%s\"): exchanges[%s].unit.@id \"%s\" (%s) is not in any unit group%s"},
        {"SELECT p.file, p.id, e.n, e.property FROM lci_exchanges e JOIN lci_processes p ON "
         "p.lcidb = e.lcidb AND p.id = e.process WHERE e.lcidb = ?1 AND NOT EXISTS (SELECT 1 "
         "FROM lci_flow_factors ff WHERE ff.lcidb = e.lcidb AND ff.flow = e.flow AND "
         "ff.property = e.property) LIMIT 1",
         PCF_ERR_UNIT,
         "%s (@id \"%s\"): exchanges[%s].flowProperty \"%s\" is not a property of the "
         "exchange's flow; give the amount in a property the flow has%s%s"},
        {"SELECT f.id, f.name, ff.property FROM lci_flow_factors ff JOIN lci_flows f ON "
         "f.lcidb = ff.lcidb AND f.id = ff.flow WHERE ff.lcidb = ?1 AND NOT EXISTS (SELECT 1 "
         "FROM lci_flow_properties fp WHERE fp.lcidb = ff.lcidb AND fp.id = ff.property) LIMIT 1",
         PCF_ERR_NOT_FOUND,
         "flows/%s.json (\"%s\"): flowProperties[].flowProperty.@id \"%s\" is not in "
         "flow_properties/%s%s%s"},
        {"SELECT fp.id, fp.name, fp.unit_group FROM lci_flow_properties fp WHERE fp.lcidb = ?1 "
         "AND NOT EXISTS (SELECT 1 FROM lci_unit_groups g WHERE g.lcidb = fp.lcidb AND g.id = "
         "fp.unit_group) LIMIT 1",
         PCF_ERR_NOT_FOUND,
         "flow_properties/%s.json (\"%s\"): unitGroup.@id \"%s\" is not in unit_groups/%s%s%s"},
        /* An impossible conversion: the exchange's unit is not in its property's unit group. */
        {"SELECT p.file, p.id, e.n, e.unit, g.ref_unit, fp.name FROM lci_exchanges e JOIN "
         "lci_processes p ON p.lcidb = e.lcidb AND p.id = e.process JOIN lci_units u ON "
         "u.lcidb = e.lcidb AND u.id = e.unit_id JOIN lci_flow_properties fp ON fp.lcidb = "
         "e.lcidb AND fp.id = e.property JOIN lci_unit_groups g ON g.lcidb = e.lcidb AND g.id = "
         "fp.unit_group WHERE e.lcidb = ?1 AND u.unit_group <> fp.unit_group LIMIT 1",
         PCF_ERR_UNIT,
         "%s (@id \"%s\"): exchanges[%s] is in \"%s\", which cannot be converted to \"%s\" (the "
         "reference unit of its property \"%s\"); use a unit of that property"},
    };
    for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
        pcf_status s = first_problem(c, checks[i].sql, checks[i].code, checks[i].fmt, err);
        if (s != PCF_OK)
            return s;
    }
    return PCF_OK;
}

/* The statements that derive units, link inputs to providers and record notes, in order. The
 * temp table `lci_choice` holds the user's choices (flow, process). */
static const char *const link_sql[] = {
    "UPDATE lci_flows SET compartment = coalesce((WITH RECURSIVE up(id, parent, path, depth) AS "
    "(SELECT id, parent, name, 0 FROM temp.lci_cat WHERE id = lci_flows.compartment UNION ALL "
    "SELECT c.id, c.parent, c.name || '/' || up.path, up.depth + 1 FROM temp.lci_cat c JOIN up ON "
    "c.id = up.parent WHERE up.depth < 32) SELECT path FROM up ORDER BY depth DESC LIMIT 1), '') "
    "WHERE lcidb = ?1",
    "UPDATE lci_flows SET ref_unit = (SELECT g.ref_unit FROM lci_flow_properties fp JOIN "
    "lci_unit_groups g ON g.lcidb = fp.lcidb AND g.id = fp.unit_group WHERE fp.lcidb = "
    "lci_flows.lcidb AND fp.id = lci_flows.ref_property) WHERE lcidb = ?1",
    /* amount in the flow's reference unit: amount × unit factor ÷ property factor, times the
     * allocation factor for every exchange but the reference (one pass over the exchanges) */
    "UPDATE lci_exchanges SET amount_ref = amount * (SELECT u.factor FROM lci_units u WHERE "
    "u.lcidb = lci_exchanges.lcidb AND u.id = lci_exchanges.unit_id) / (SELECT ff.factor FROM "
    "lci_flow_factors ff WHERE ff.lcidb = lci_exchanges.lcidb AND ff.flow = lci_exchanges.flow "
    "AND ff.property = lci_exchanges.property) * CASE WHEN role = 'reference' THEN 1 ELSE "
    "(SELECT p.allocation FROM lci_processes p WHERE p.lcidb = lci_exchanges.lcidb AND p.id = "
    "lci_exchanges.process) END WHERE lcidb = ?1",
    "UPDATE lci_processes SET (ref_unit, ref_to_flow_unit) = (SELECT e.unit, e.amount_ref / "
    "e.amount FROM lci_exchanges e WHERE e.lcidb = lci_processes.lcidb AND e.process = "
    "lci_processes.id AND e.role = 'reference') WHERE lcidb = ?1",
    /* columns in @id order: one sort (a count of the smaller @ids per process was quadratic) */
    "UPDATE lci_processes SET idx = o.i FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS "
    "i FROM lci_processes WHERE lcidb = ?1) o WHERE lci_processes.lcidb = ?1 AND "
    "lci_processes.id = o.id",
    /* providers: the chosen one, else the smallest @id among the processes with that
     * reference flow; keyed by flow, so each exchange finds its provider by the index (a scan
     * per exchange took minutes on 300,000 exchanges) */
    "CREATE TEMP TABLE lci_provider (flow TEXT PRIMARY KEY, chosen TEXT NOT NULL, n INTEGER, "
    "candidates TEXT)",
    "INSERT INTO lci_provider SELECT ref_flow, min(id), count(*), group_concat(id, ' ') FROM "
    "(SELECT ref_flow, id FROM lci_processes WHERE lcidb = ?1 ORDER BY id) GROUP BY ref_flow",
    "UPDATE lci_provider SET chosen = (SELECT process FROM lci_choice c WHERE c.flow = "
    "lci_provider.flow) WHERE flow IN (SELECT flow FROM lci_choice)",
    /* the role of every other exchange, in one pass: an elementary flow; else a product output
     * (co-product); else an input linked to its provider; else an input cut off */
    "UPDATE lci_exchanges SET (role, provider) = (SELECT CASE WHEN f.type = 'ELEMENTARY_FLOW' "
    "THEN 'elementary' WHEN lci_exchanges.input = 0 THEN 'coproduct' WHEN p.chosen IS NOT NULL "
    "THEN 'linked' ELSE 'cutoff' END, CASE WHEN f.type IS NOT 'ELEMENTARY_FLOW' AND "
    "lci_exchanges.input <> 0 THEN coalesce(p.chosen, '') ELSE '' END FROM (SELECT 1) LEFT JOIN "
    "lci_flows f ON f.lcidb = ?1 AND f.id = lci_exchanges.flow LEFT JOIN lci_provider p ON "
    "p.flow = lci_exchanges.flow) WHERE lcidb = ?1 AND role = ''",
    "UPDATE lci_exchanges SET link_factor = (amount_ref / amount) / (SELECT p.ref_to_flow_unit "
    "FROM lci_processes p WHERE p.lcidb = lci_exchanges.lcidb AND p.id = lci_exchanges.provider) "
    "WHERE lcidb = ?1 AND role = 'linked' AND amount <> 0",
    /* notes */
    "INSERT INTO lci_notes (lcidb, kind, process, flow, detail) SELECT ?1, 'ambiguous', "
    "p.chosen, p.flow, 'candidates: ' || p.candidates || CASE WHEN p.flow IN (SELECT flow FROM "
    "lci_choice) THEN '; chosen by the choice file' ELSE '; chosen: the smallest @id' END FROM "
    "lci_provider p WHERE p.n > 1 ORDER BY p.flow",
    "INSERT INTO lci_notes (lcidb, kind, process, flow, detail) SELECT ?1, 'cutoff', e.process, "
    "e.flow, 'input with no provider: ' || e.amount || ' ' || e.unit FROM lci_exchanges e WHERE "
    "e.lcidb = ?1 AND e.role = 'cutoff' ORDER BY e.process, e.n",
    "INSERT INTO lci_notes (lcidb, kind, process, flow, detail) SELECT ?1, 'conversion', "
    "e.process, e.flow, e.unit || ' -> ' || p.ref_unit || ' x ' || e.link_factor || ' (provider "
    "' || e.provider || ')' FROM lci_exchanges e JOIN lci_processes p ON p.lcidb = e.lcidb AND "
    "p.id = e.provider WHERE e.lcidb = ?1 AND e.role = 'linked' AND e.unit <> p.ref_unit "
    "ORDER BY e.process, e.n",
    "INSERT INTO lci_notes (lcidb, kind, process, flow, detail) SELECT ?1, 'coproduct', "
    "e.process, e.flow, 'product output other than the reference flow: ignored (no allocation)' "
    "FROM lci_exchanges e WHERE e.lcidb = ?1 AND e.role = 'coproduct' ORDER BY e.process, e.n",
};

static pcf_status read_choices(import_ctx *c, const char *path, pcf_error *err)
{
    pcf_status s =
        exec1(c, "CREATE TEMP TABLE lci_choice (flow TEXT PRIMARY KEY, process TEXT)", err);
    if (s != PCF_OK || !path)
        return s;
    char *buf = NULL;
    size_t len = 0;
    if ((s = pcf__read_file(path, "choice file", 1u << 24, &buf, &len, err)) != PCF_OK)
        return s;
    sqlite3_stmt *ins = NULL, *chk = NULL;
    int rc = sqlite3_prepare_v2(c->db->sql, "INSERT OR REPLACE INTO lci_choice VALUES (?1, ?2)", -1,
                                &ins, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(c->db->sql,
                                "SELECT 1 FROM lci_processes WHERE lcidb = ?1 AND id = ?2 AND "
                                "ref_flow = ?3",
                                -1, &chk, NULL);
    if (rc != SQLITE_OK)
        s = pcf__db_sql_error(c->db, rc, err, "reading the choice file");
    int line = 0;
    for (char *p = buf, *next; s == PCF_OK && p && *p; p = next) {
        line++;
        next = strchr(p, '\n');
        if (next)
            *next++ = '\0';
        size_t l = strlen(p);
        while (l && (p[l - 1] == '\r' || p[l - 1] == ' '))
            p[--l] = '\0';
        if (!l || p[0] == '#' || strcmp(p, "flow,process") == 0)
            continue;
        char *comma = strchr(p, ',');
        if (!comma) {
            s = pcf__error(err, PCF_ERR_PARSE, "%s line %d: expected \"flow @id,process @id\"",
                           path, line);
            pcf__error_where(err, path, NULL, line, 1);
            break;
        }
        *comma = '\0';
        sqlite3_bind_text(chk, 1, c->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(chk, 2, comma + 1, -1, SQLITE_STATIC);
        sqlite3_bind_text(chk, 3, p, -1, SQLITE_STATIC);
        rc = sqlite3_step(chk);
        sqlite3_reset(chk);
        if (rc != SQLITE_ROW) {
            s = pcf__error(err, PCF_ERR_NOT_FOUND,
                           "%s line %d: process \"%.60s\" does not have flow \"%.60s\" as its "
                           "reference flow, so it cannot supply it",
                           path, line, comma + 1, p);
            pcf__error_where(err, path, NULL, line, (int)(comma - p) + 2);
            break;
        }
        sqlite3_bind_text(ins, 1, p, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 2, comma + 1, -1, SQLITE_STATIC);
        rc = sqlite3_step(ins);
        sqlite3_reset(ins);
        if (rc != SQLITE_DONE)
            s = pcf__db_sql_error(c->db, rc, err, "reading the choice file");
    }
    sqlite3_finalize(ins);
    sqlite3_finalize(chk);
    free(buf);
    return s;
}

static pcf_status link_all(import_ctx *c, const char *choices, pcf_error *err)
{
    pcf_status s = check_refs(c, err);
    if (s == PCF_OK)
        s = read_choices(c, choices, err);
    for (size_t i = 0; s == PCF_OK && i < sizeof link_sql / sizeof link_sql[0]; i++)
        s = exec1(c, link_sql[i], err);
    if (s == PCF_OK)
        s = exec1(
            c,
            "INSERT INTO lci_notes (lcidb, kind, process, flow, detail) SELECT ?1, "
            "'allocation', id, ref_flow, 'allocation factors listed but no "
            "defaultAllocationMethod: not applied (as openLCA does)' FROM lci_processes WHERE "
            "lcidb = ?1 AND allocation_listed ORDER BY id",
            err);
    return s;
}

/* ---- the import ---------------------------------------------------------------------------- */

static const char *const insert_sql[S_COUNT_] = {
    "INSERT OR IGNORE INTO temp.lci_cat (id, name, parent) VALUES (?1, ?2, ?3)",
    "INSERT INTO lci_unit_groups (lcidb, id, name, ref_unit) VALUES (?1, ?2, ?3, ?4)",
    "INSERT INTO lci_units (lcidb, id, unit_group, name, factor) VALUES (?1, ?2, ?3, ?4, ?5)",
    "INSERT INTO lci_flow_properties (lcidb, id, name, unit_group) VALUES (?1, ?2, ?3, ?4)",
    "INSERT INTO lci_flows (lcidb, id, name, type, compartment, ref_property, ref_unit) VALUES "
    "(?1, ?2, ?3, ?4, ?5, ?6, '')",
    /* A property listed twice (one USLCI flow does, with the same factor): the first wins. */
    "INSERT OR IGNORE INTO lci_flow_factors (lcidb, flow, property, factor) VALUES (?1, ?2, ?3, "
    "?4)",
    "INSERT INTO lci_processes (lcidb, id, idx, name, location, category, ref_flow, ref_amount, "
    "ref_unit, ref_to_flow_unit, allocation, file, allocation_listed) VALUES (?1, ?2, ?11, ?3, "
    "?4, ?5, ?6, ?7, '', 1, ?8, ?9, ?10)",
    "INSERT INTO lci_exchanges (lcidb, process, n, id, flow, input, amount, unit, unit_id, "
    "property, amount_ref, role, dist, u1, u2, u3, pedigree) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
    "?8, ?9, ?10, 0, ?11, ?14, ?15, ?16, ?17, ?18)",
};

static const char *const delete_sql[] = {
    "DELETE FROM lci_notes WHERE lcidb = ?1",
    "DELETE FROM lci_exchanges WHERE lcidb = ?1",
    "DELETE FROM lci_processes WHERE lcidb = ?1",
    "DELETE FROM lci_flow_factors WHERE lcidb = ?1",
    "DELETE FROM lci_flows WHERE lcidb = ?1",
    "DELETE FROM lci_flow_properties WHERE lcidb = ?1",
    "DELETE FROM lci_units WHERE lcidb = ?1",
    "DELETE FROM lci_unit_groups WHERE lcidb = ?1",
    "DELETE FROM lci_databases WHERE lcidb = ?1",
};

static pcf_status import_body(import_ctx *c, const char *source, const char *choices,
                              unsigned flags, pcf_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(c->db->sql, "SELECT 1 FROM lci_databases WHERE lcidb = ?1", -1, &st,
                                NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, c->name, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
    }
    sqlite3_finalize(st);
    /* an I/O error here ends the transaction (SQLite rolls it back): going on would write every
     * row in a transaction of its own, and a failure half-way would keep half an import */
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return pcf__db_sql_error(c->db, rc, err, "reading the LCI databases");
    if (rc == SQLITE_ROW && !(flags & PCF_LCI_REPLACE))
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "an LCI database named \"%s\" is already imported; choose another name "
                          "or replace it (--replace)",
                          c->name);
    pcf_status s = exec1(c,
                         "CREATE TEMP TABLE lci_cat (id TEXT PRIMARY KEY, name TEXT, parent "
                         "TEXT)",
                         err);
    for (size_t i = 0; s == PCF_OK && i < sizeof delete_sql / sizeof delete_sql[0]; i++)
        s = exec1(c, delete_sql[i], err);
    if (s == PCF_OK)
        s = pcf__lci_drop_factors(c->db, c->name, err); /* what a previous `solve` stored */
    for (int i = 0; s == PCF_OK && i < S_COUNT_; i++) {
        rc = sqlite3_prepare_v2(c->db->sql, insert_sql[i], -1, &c->st[i], NULL);
        if (rc != SQLITE_OK)
            s = pcf__db_sql_error(c->db, rc, err, "preparing the LCI import");
    }
    if (s != PCF_OK)
        return s;
    struct stat sb;
    if (stat(source, &sb) != 0)
        return pcf__error(err, PCF_ERR_IO, "cannot read \"%s\": no such file or folder", source);
    if (S_ISDIR(sb.st_mode))
        for (int f = 0; s == PCF_OK && f < N_FOLDERS; f++)
            s = read_folder(c, source, f, err);
    else
        s = read_zip(c, source, err);
    if (s == PCF_OK && c->counts[F_PROCESSES] == 0)
        s = pcf__error(err, PCF_ERR_PARSE,
                       "\"%s\" has no processes/*.json; give an openLCA JSON-LD export", source);
    if (s == PCF_OK)
        s = link_all(c, choices, err);
    if (s == PCF_OK) {
        st = NULL;
        rc = sqlite3_prepare_v2(c->db->sql,
                                "INSERT INTO lci_databases (lcidb, source, format, processes, "
                                "flows, exchanges) VALUES (?1, ?2, 'openLCA JSON-LD', ?3, ?4, "
                                "?5)",
                                -1, &st, NULL);
        if (rc == SQLITE_OK) {
            sqlite3_bind_text(st, 1, c->name, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 2, source, -1, SQLITE_STATIC);
            sqlite3_bind_int64(st, 3, (sqlite3_int64)c->counts[F_PROCESSES]);
            sqlite3_bind_int64(st, 4, (sqlite3_int64)c->counts[F_FLOWS]);
            sqlite3_bind_int64(st, 5, (sqlite3_int64)c->n_exchanges);
            rc = sqlite3_step(st);
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE)
            s = pcf__db_sql_error(c->db, rc, err, "recording the LCI import");
    }
    return s;
}

/* Sets the page cache size (SQLite's PRAGMA cache_size units) and returns the previous one. */
static int cache_size(pcf_db *db, int size)
{
    sqlite3_stmt *st = NULL;
    int old = -2000; /* SQLite's default */
    if (sqlite3_prepare_v2(db->sql, "PRAGMA cache_size", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        old = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    char sql[48];
    snprintf(sql, sizeof sql, "PRAGMA cache_size = %d", size);
    sqlite3_exec(db->sql, sql, NULL, NULL, NULL);
    return old;
}

pcf_status pcf_lci_import(pcf_db *db, const char *name, const char *source, const char *choices,
                          unsigned flags, pcf_error *err)
{
    if (!db || !source)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "pcf_lci_import: db and source must not be "
                          "NULL");
    if (flags & ~PCF_LCI_REPLACE)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_lci_import: unknown flags 0x%x", flags);
    pcf_status s = pcf__lci_check_name(name, err);
    if (s != PCF_OK)
        return s;
    if (db->read_only)
        return pcf__error(err, PCF_ERR_READ_ONLY,
                          "the factor database \"%s\" was opened read-only; open it with "
                          "PCF_DB_READ_WRITE to import \"%s\"",
                          db->path, source);
    int found = 0;
    if ((s = pcf__lci_tables(db, &found, err)) != PCF_OK)
        return s;
    if (!found)
        return pcf__error(err, PCF_ERR_VERSION,
                          "the factor database \"%s\" has no LCI tables (schema version 1); open "
                          "it read-write with this pcf to upgrade it",
                          db->path);
    import_ctx c;
    memset(&c, 0, sizeof c);
    c.db = db;
    c.name = name;
    int rc = sqlite3_exec(db->sql, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return pcf__db_sql_error(db, rc, err, "starting the LCI import");
    /* A larger page cache while importing (restored after): the exchange table of an
     * ecoinvent-sized database (~30 MB) stays in memory through the linking passes instead of
     * spilling to the file. */
    int old_cache = cache_size(db, -65536);
    s = import_body(&c, source, choices, flags, err);
    for (int i = 0; i < S_COUNT_; i++)
        sqlite3_finalize(c.st[i]);
    /* the dataset list (a replaced database's factor rows are gone) is read back before COMMIT:
     * a failure after it would report an import that is in the file as failed */
    if (s == PCF_OK)
        s = pcf__db_reload(db, err);
    if (s == PCF_OK) {
        rc = sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL);
        if (rc != SQLITE_OK)
            s = pcf__db_sql_error(db, rc, err, "committing the LCI import");
    }
    if (s != PCF_OK)
        sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_exec(db->sql, "DROP TABLE IF EXISTS temp.lci_provider", NULL, NULL, NULL);
    sqlite3_exec(db->sql, "DROP TABLE IF EXISTS temp.lci_choice", NULL, NULL, NULL);
    sqlite3_exec(db->sql, "DROP TABLE IF EXISTS temp.lci_cat", NULL, NULL, NULL);
    cache_size(db, old_cache);
    if (s != PCF_OK) {
        (void)pcf__db_reload(db, NULL); /* the list as it was again (best effort) */
        return s;
    }
    return pcf__ok(err);
}
