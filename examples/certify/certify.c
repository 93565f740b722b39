/*
 * pcf-certify — the footprint certification platform's batch run.
 *
 *   pcf-certify keygen NAME
 *   pcf-certify [--db FILE] [--out DIR] [--mc N] [--seed S] [--pcr FILE] [--sign KEY]
 *               MODEL|DIR|MANIFEST...
 *   pcf-certify --verify [--db FILE] [--pubkey PUB] RECORD|DIR...
 *
 * Batch mode computes every model (a JSON file, every *.json of a directory, or the paths listed
 * in a manifest: one per line, '#' comments, relative to the manifest) and writes one
 * certificate record per model, OUT/<product id>.cert.json: product, declared unit, boundary,
 * total and per-stage CO2e, fossil/biogenic split, uncertainty, a data-quality summary, the factor
 * datasets and versions used, the library version, and SHA-256 digests computed with GNU
 * Nettle: over the canonical inputs (the model as the library writes it, and every factor
 * used), over the model file's bytes, over the factor database file and over each of its
 * datasets (version, description and every factor row), over a product category rules document
 * (--pcr) if one is named, and over the record itself.
 *
 * With --sign KEY the record is signed with Ed25519 (RFC 8032; a key from `keygen`): the
 * signature covers the RFC 8785 canonical form (JCS, jcs.c) of the whole record except the
 * signature value, and the record names the key by its fingerprint (SHA-256 of the public key),
 * so a verifier holding the public key can tell that nothing was changed after signing.
 *
 * Verify mode checks the signature against --pubkey PUB, then recomputes each record from its
 * model and the factor database, and reports every field that differs by name (an edited total
 * gives "total_kg_co2e", an edited model "digest.model_sha256", a changed factor
 * "factor_database.datasets.<key>.sha256" and the factor's value). Exit status: 0 all good,
 * 1 a model failed or a record did not verify, 2 misuse or an unusable key.
 *
 * An ordinary user of the library: includes only <pcf/pcf.h>, plus jansson for the record,
 * Nettle for the digests and GSL's error header (to turn GSL's aborting handler off). Build:
 *   cc certify.c jcs.c keys.c $(pkg-config --cflags --libs pcf jansson nettle hogweed gsl) -lm
 * GPL-3.0-or-later; see LICENSE.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* strdup, gmtime_r, opendir */
#endif
#include <pcf/pcf.h>

#include "jcs.h"
#include "keys.h"

#include <dirent.h>
#include <errno.h>
#include <gsl/gsl_errno.h>
#include <jansson.h>
#include <math.h>
#include <nettle/sha2.h>
#include <nettle/version.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* 2: signed records (signature), raw model, database, dataset and PCR digests, JCS. */
#define RECORD_FORMAT 2

typedef struct options {
    const char *db_path;
    const char *out_dir;
    long mc_iterations;
    unsigned long long seed;
    int verify;
    const char *pcr_path; /* --pcr: product category rules document to digest */
    const char *sign_key; /* --sign: private key file */
    const char *pubkey;   /* --pubkey: public key file for --verify */
    json_t *factor_db;    /* digests of the factor database, computed once per run */
} options;

/* ---- small helpers ------------------------------------------------------------------------ */

static void sha256_hex(const char *text, size_t len, char hex[2 * SHA256_DIGEST_SIZE + 1])
{
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, len, (const uint8_t *)text);
    sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
    for (size_t i = 0; i < SHA256_DIGEST_SIZE; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
}

/*
 * Reals are written with 15 significant digits, in the record file and in every digest: a decimal
 * of at most 15 digits survives the trip to a double and back, so a verifier that reads the
 * record gets the very text that was sealed.
 */
#define REAL_DIGITS JSON_REAL_PRECISION(15)

/* Canonical text of a JSON value: RFC 8785 (jcs.c). */
static char *canonical(const json_t *value)
{
    char why[160];
    char *text = jcs_canonical(value, why, sizeof why);
    if (!text)
        fprintf(stderr, "pcf-certify: cannot canonicalise a record: %s\n", why);
    return text;
}

/* SHA-256 of a whole file in hex; -1 with errno set when it cannot be read. */
static int file_sha256(const char *path, char hex[2 * SHA256_DIGEST_SIZE + 1])
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    uint8_t chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        sha256_update(&ctx, n, chunk);
    int bad = ferror(f);
    fclose(f);
    if (bad)
        return -1;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
    hex_encode(digest, SHA256_DIGEST_SIZE, hex);
    return 0;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static char *join_path(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    size_t n = (size_t)(slash - path);
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, path, n);
        d[n] = '\0';
    }
    return d;
}

static void report_error(const char *what, const char *subject, const pcf_error *err)
{
    fprintf(stderr, "pcf-certify: %s %s: %s", what, subject, err->message);
    if (err->path[0])
        fprintf(stderr, " (%s)", err->path);
    fprintf(stderr, "\n");
}

/* A growable list of owned strings. */
typedef struct strlist {
    char **items;
    size_t count, cap;
} strlist;

static int strlist_add(strlist *l, char *owned)
{
    if (!owned)
        return -1;
    if (l->count == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        char **items = realloc(l->items, cap * sizeof *items);
        if (!items) {
            free(owned);
            return -1;
        }
        l->items = items;
        l->cap = cap;
    }
    l->items[l->count++] = owned;
    return 0;
}

static void strlist_free(strlist *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->items[i]);
    free(l->items);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every file of @p dir ending in @p suffix, sorted by name so batch output is reproducible. */
static int list_dir(const char *dir, const char *suffix, strlist *out)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "pcf-certify: cannot open directory %s\n", dir);
        return -1;
    }
    size_t first = out->count;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || !ends_with(e->d_name, suffix))
            continue;
        if (strlist_add(out, join_path(dir, e->d_name)) != 0) {
            closedir(d);
            return -1;
        }
    }
    closedir(d);
    qsort(out->items + first, out->count - first, sizeof *out->items, cmp_str);
    return 0;
}

/* One model path per line, relative to the manifest; blank lines and '#' comments skipped. */
static int read_manifest(const char *path, strlist *out)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "pcf-certify: cannot open manifest %s\n", path);
        return -1;
    }
    char *base = dir_of(path);
    char line[4096];
    int rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        char *s = line;
        while (*s == ' ' || *s == '\t')
            s++;
        size_t n = strcspn(s, "\r\n");
        s[n] = '\0';
        while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
            s[--n] = '\0';
        if (n == 0 || s[0] == '#')
            continue;
        rc = strlist_add(out, s[0] == '/' ? strdup(s) : join_path(base, s));
    }
    free(base);
    fclose(f);
    return rc;
}

/* ---- the factor database's digests -------------------------------------------------------- */

/* The end of the CSV record starting at @p p (after its line break; RFC 4180 quoting). */
static const char *csv_record_end(const char *p)
{
    int quoted = 0;
    for (; *p; p++) {
        if (*p == '"')
            quoted = !quoted; /* "" inside quotes toggles twice */
        else if (*p == '\n' && !quoted)
            return p + 1;
    }
    return p;
}

/* Field @p index of the CSV record [p, end), unquoted, into @p out (truncated to @p size). */
static void csv_field(const char *p, const char *end, int index, char *out, size_t size)
{
    size_t n = 0;
    int quoted = 0, field = 0;
    for (; p < end && *p != '\n' && *p != '\r'; p++) {
        if (*p == '"') {
            if (quoted && p + 1 < end && p[1] == '"') {
                p++;
            } else {
                quoted = !quoted;
                continue;
            }
        } else if (*p == ',' && !quoted) {
            if (field++ == index)
                break;
            continue;
        }
        if (field == index && n + 1 < size)
            out[n++] = *p;
    }
    out[n] = '\0';
}

/* Adds every record of @p csv whose field @p key_field is @p key to @p ctx. */
static void digest_rows(struct sha256_ctx *ctx, const char *csv, int key_field, const char *key)
{
    const char *p = csv_record_end(csv); /* skip the header */
    while (*p) {
        const char *end = csv_record_end(p);
        char field[256];
        csv_field(p, end, key_field, field, sizeof field);
        if (strcmp(field, key) == 0)
            sha256_update(ctx, (size_t)(end - p), (const uint8_t *)p);
        p = end;
    }
}

/*
 * Digests of the factor database: the file's bytes, and per dataset its description row and all
 * its factor rows as pcf_db_export_csv() writes them (ordered by code, so the digest does not
 * depend on how SQLite laid the file out). A verifier with another database sees which dataset
 * differs, not only that the file does.
 */
static json_t *factor_db_digests(pcf_db *db, const char *path)
{
    char file_hex[2 * SHA256_DIGEST_SIZE + 1];
    if (file_sha256(path, file_hex) != 0) {
        fprintf(stderr, "pcf-certify: cannot read %s: %s\n", path, strerror(errno));
        return NULL;
    }
    pcf_error err;
    char *factors = NULL, *datasets = NULL;
    if (pcf_db_export_csv(db, &factors, &err) != PCF_OK ||
        pcf_db_export_table_csv(db, PCF_DB_TABLE_DATASETS, &datasets, &err) != PCF_OK) {
        report_error("cannot export", path, &err);
        pcf_free(factors);
        return NULL;
    }
    json_t *by_key = json_object();
    for (size_t i = 0; i < pcf_db_dataset_count(db); i++) {
        const pcf_dataset *ds = pcf_db_dataset_at(db, i);
        struct sha256_ctx ctx;
        uint8_t digest[SHA256_DIGEST_SIZE];
        char hex[2 * SHA256_DIGEST_SIZE + 1];
        sha256_init(&ctx);
        digest_rows(&ctx, datasets, 0, pcf_dataset_key(ds));
        digest_rows(&ctx, factors, 1, pcf_dataset_key(ds));
        sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
        hex_encode(digest, SHA256_DIGEST_SIZE, hex);
        json_object_set_new(by_key, pcf_dataset_key(ds),
                            json_pack("{s:s, s:s, s:I, s:s}", "name", pcf_dataset_name(ds),
                                      "version", pcf_dataset_version(ds), "factors",
                                      (json_int_t)pcf_dataset_factor_count(ds), "sha256", hex));
    }
    pcf_free(factors);
    pcf_free(datasets);
    return json_pack("{s:s, s:o}", "sha256", file_hex, "datasets", by_key);
}

/* ---- building a record -------------------------------------------------------------------- */

typedef struct keyed {
    char *key;
    json_t *value;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    return strcmp(((const keyed *)a)->key, ((const keyed *)b)->key);
}

/*
 * The factors a result used, one entry per distinct (origin, code or name, unit, value), sorted by
 * their canonical text so that the list — and the digest over it — does not depend on the order
 * of activities in the model.
 */
static json_t *factor_list(const pcf_result *res)
{
    size_t n = pcf_result_line_count(res);
    keyed *items = calloc(n ? n : 1, sizeof *items);
    json_t *arr = json_array();
    if (!items || !arr) {
        free(items);
        json_decref(arr);
        return NULL;
    }
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        const pcf_audit_line *l = pcf_result_line_at(res, i);
        if (l->origin == PCF_ORIGIN_CARBON)
            continue; /* 44/12 kg CO2 per kg C is physics, not a factor */
        json_t *o = json_pack(
            "{s:s, s:s, s:s, s:s, s:s, s:s, s:f}", "origin", pcf_factor_origin_name(l->origin),
            "code", l->factor_code ? l->factor_code : "", "name",
            l->factor_name ? l->factor_name : "", "dataset", l->dataset ? l->dataset : "",
            "dataset_version", l->dataset_version ? l->dataset_version : "", "unit",
            l->factor_unit ? l->factor_unit : "", "kg_co2e_per_unit", l->factor_kg_co2e);
        if (!o)
            continue;
        if (l->origin == PCF_ORIGIN_DATABASE) {
            json_object_set_new(o, "region", json_string(l->region_used ? l->region_used : ""));
            json_object_set_new(o, "layer", json_string(l->layer ? l->layer : ""));
        }
        char *key = canonical(o);
        if (!key) {
            json_decref(o);
            continue;
        }
        items[count].key = key;
        items[count].value = o;
        count++;
    }
    qsort(items, count, sizeof *items, cmp_keyed);
    for (size_t i = 0; i < count; i++) {
        if (i > 0 && strcmp(items[i].key, items[i - 1].key) == 0)
            json_decref(items[i].value);
        else
            json_array_append_new(arr, items[i].value);
    }
    for (size_t i = 0; i < count; i++)
        free(items[i].key);
    free(items);
    return arr;
}

static json_t *data_quality(const pcf_result *res, const pcf_diag *diag)
{
    size_t n_act = pcf_result_activity_count(res), primary = 0;
    for (size_t i = 0; i < n_act; i++)
        if (pcf_result_activity_at(res, i)->primary)
            primary++;
    size_t by_origin[5] = {0}, fallbacks = 0, n_lines = pcf_result_line_count(res);
    for (size_t i = 0; i < n_lines; i++) {
        const pcf_audit_line *l = pcf_result_line_at(res, i);
        if ((unsigned)l->origin < 5)
            by_origin[l->origin]++;
        if (l->fallback_taken)
            fallbacks++;
    }
    size_t warnings = 0, notes = 0;
    for (size_t i = 0; i < pcf_diag_count(diag); i++) {
        pcf_severity s = pcf_diag_severity_at(diag, i);
        if (s == PCF_SEVERITY_WARNING)
            warnings++;
        else if (s == PCF_SEVERITY_NOTE)
            notes++;
    }
    json_t *result_notes = json_array();
    for (size_t i = 0; i < pcf_result_note_count(res); i++)
        json_array_append_new(result_notes, json_string(pcf_result_note_at(res, i)));
    return json_pack("{s:f, s:I, s:I, s:{s:I, s:I, s:I, s:I}, s:I, s:I, s:I, s:o}",
                     "primary_data_share", pcf_result_primary_data_share(res), "activities",
                     (json_int_t)n_act, "primary_activities", (json_int_t)primary, "factor_lines",
                     "database", (json_int_t)by_origin[PCF_ORIGIN_DATABASE], "own",
                     (json_int_t)by_origin[PCF_ORIGIN_OWN], "supplier_pcf",
                     (json_int_t)by_origin[PCF_ORIGIN_SUPPLIER_PCF], "gwp",
                     (json_int_t)by_origin[PCF_ORIGIN_GWP], "region_fallbacks",
                     (json_int_t)fallbacks, "resolve_warnings", (json_int_t)warnings,
                     "resolve_notes", (json_int_t)notes, "notes", result_notes);
}

static json_t *uncertainty(const pcf_system *sys, const options *opt)
{
    if (opt->mc_iterations <= 0)
        return json_pack("{s:b, s:s}", "available", 0, "reason",
                         "Monte Carlo not requested (run with --mc N)");
    pcf_error err;
    pcf_mc_options *mo = NULL;
    pcf_mc *mc = NULL;
    json_t *out = NULL;
    /* One thread: pcf gives the same numbers for any thread count with the same seed, and the
     * batch already runs one model after another. */
    if (pcf_mc_options_create(&mo, &err) != PCF_OK ||
        pcf_mc_options_set_iterations(mo, (size_t)opt->mc_iterations, &err) != PCF_OK ||
        pcf_mc_options_set_seed(mo, (uint64_t)opt->seed, &err) != PCF_OK ||
        pcf_mc_options_set_threads(mo, 1, &err) != PCF_OK ||
        pcf_mc_run(sys, mo, &mc, &err) != PCF_OK) {
        /* Keep what was asked, so that --verify asks the same. */
        out = json_pack("{s:b, s:s, s:I, s:I}", "available", 0, "reason", err.message, "iterations",
                        (json_int_t)opt->mc_iterations, "seed", (json_int_t)opt->seed);
    } else {
        double cv = pcf_mc_total_stat(mc, PCF_MC_CV);
        out = json_pack(
            "{s:b, s:s, s:I, s:I, s:s, s:f, s:f, s:f, s:f, s:f, s:o}", "available", 1, "method",
            "Monte Carlo", "iterations", (json_int_t)pcf_mc_iterations(mc), "seed",
            (json_int_t)pcf_mc_seed(mc), "generator", pcf_mc_generator(mc), "mean_kg_co2e",
            pcf_mc_total_stat(mc, PCF_MC_MEAN), "sd_kg_co2e", pcf_mc_total_stat(mc, PCF_MC_SD),
            "median_kg_co2e", pcf_mc_total_stat(mc, PCF_MC_MEDIAN), "p2_5_kg_co2e",
            pcf_mc_total_stat(mc, PCF_MC_P2_5), "p97_5_kg_co2e",
            pcf_mc_total_stat(mc, PCF_MC_P97_5), "cv", isfinite(cv) ? json_real(cv) : json_null());
        /* The 95% interval of each stage, so a reader sees where the spread comes from. */
        json_t *stages = json_object();
        for (size_t s = 0; s < pcf_mc_stage_count(mc) && s < PCF_STAGE_COUNT; s++) {
            double lo = pcf_mc_stage_stat(mc, s, PCF_MC_P2_5);
            double hi = pcf_mc_stage_stat(mc, s, PCF_MC_P97_5);
            json_object_set_new(
                stages, pcf_stage_name((pcf_stage)s),
                json_pack("{s:o, s:o}", "p2_5_kg_co2e", isfinite(lo) ? json_real(lo) : json_null(),
                          "p97_5_kg_co2e", isfinite(hi) ? json_real(hi) : json_null()));
        }
        json_object_set_new(out, "stages_95", stages);
    }
    pcf_mc_destroy(mc);
    pcf_mc_options_destroy(mo);
    return out;
}

/*
 * The digest of the canonical inputs: the model as the library writes it (so formatting and key
 * order of the file do not matter), re-serialised with sorted keys; then every factor used and
 * the GWP set. 0 with hex set, or -1 (reported when the model cannot be written).
 */
static int inputs_digest(const pcf_model *model, const char *model_path, const json_t *factors,
                         const char *gwp, char hex[2 * SHA256_DIGEST_SIZE + 1])
{
    pcf_error err;
    char *model_text = NULL;
    if (pcf_model_write_string(model, &model_text, &err) != PCF_OK) {
        report_error("cannot write", model_path, &err);
        return -1;
    }
    json_error_t jerr;
    json_t *model_json = json_loads(model_text, 0, &jerr);
    pcf_free(model_text);
    if (!model_json)
        return -1;
    char *cm = canonical(model_json), *cf = canonical(factors);
    json_decref(model_json);
    hex[0] = '\0';
    if (cm && cf) {
        size_t n = strlen(cm) + strlen(cf) + strlen(gwp) + 64;
        char *buf = malloc(n);
        if (buf) {
            int len = snprintf(buf, n, "pcf-certificate-inputs/1\n%s\n%s\n%s\n", cm, cf, gwp);
            sha256_hex(buf, (size_t)len, hex);
            free(buf);
        }
    }
    free(cm);
    free(cf);
    return hex[0] ? 0 : -1;
}

/* The factor datasets the result used: name, version and how many lines. */
static json_t *dataset_list(const pcf_result *res)
{
    json_t *datasets = json_array();
    for (size_t i = 0; i < pcf_result_dataset_count(res); i++) {
        const pcf_dataset_ref *d = pcf_result_dataset_at(res, i);
        json_array_append_new(datasets, json_pack("{s:s, s:s, s:I}", "name", d->name, "version",
                                                  d->version, "lines", (json_int_t)d->lines));
    }
    return datasets;
}

/* The product's names, {"en": ..., "zh": ...}, those it has. */
static json_t *product_name(const pcf_result *res)
{
    const char *name_en = pcf_result_product_name(res, "en");
    const char *name_zh = pcf_result_product_name(res, "zh");
    json_t *name = json_object();
    if (name_en && name_en[0])
        json_object_set_new(name, "en", json_string(name_en));
    if (name_zh && name_zh[0])
        json_object_set_new(name, "zh", json_string(name_zh));
    return name;
}

/* The product category rules the study follows: named and pinned by digest, so a verifier can
 * tell the rules document is the one the practitioner used. 0, or -1 after printing why. */
static int add_pcr(json_t *record, const char *pcr_path)
{
    char pcr_hex[2 * SHA256_DIGEST_SIZE + 1];
    if (file_sha256(pcr_path, pcr_hex) != 0) {
        fprintf(stderr, "pcf-certify: cannot read PCR %s: %s\n", pcr_path, strerror(errno));
        return -1;
    }
    const char *slash = strrchr(pcr_path, '/');
    json_object_set_new(
        record, "pcr",
        json_pack("{s:s, s:s}", "file", slash ? slash + 1 : pcr_path, "sha256", pcr_hex));
    return 0;
}

/*
 * Computes the certificate record of one model. Returns NULL after printing why (a missing factor,
 * an invalid model); resolve warnings are printed to stderr and counted in the record.
 */
static json_t *build_record(const char *model_path, pcf_db *db, const options *opt)
{
    pcf_error err;
    pcf_model *model = NULL;
    pcf_diag *diag = NULL;
    pcf_system *sys = NULL;
    pcf_result *res = NULL;
    json_t *record = NULL, *factors = NULL;

    if (pcf_model_read_file(model_path, &model, &err) != PCF_OK) {
        report_error("cannot read", model_path, &err);
        goto done;
    }
    if (pcf_diag_create(&diag) != PCF_OK)
        goto done;
    pcf_status st = pcf_system_resolve(model, db, (pcf_gwp_set)0, diag, &sys, &err);
    for (size_t i = 0; i < pcf_diag_count(diag); i++) {
        pcf_severity sev = pcf_diag_severity_at(diag, i);
        if (sev == PCF_SEVERITY_NOTE)
            continue;
        const pcf_error *e = pcf_diag_at(diag, i);
        fprintf(stderr, "%s: %s: %s%s%s\n", model_path,
                sev == PCF_SEVERITY_ERROR ? "error" : "warning", e->message,
                e->path[0] ? " at " : "", e->path);
    }
    if (st != PCF_OK) {
        report_error("cannot resolve", model_path, &err);
        goto done;
    }
    if (pcf_calculate(sys, &res, &err) != PCF_OK) {
        report_error("cannot calculate", model_path, &err);
        goto done;
    }

    factors = factor_list(res);
    const char *gwp = pcf_gwp_set_name(pcf_result_gwp(res));
    char inputs_hex[2 * SHA256_DIGEST_SIZE + 1] = "";
    if (!factors || inputs_digest(model, model_path, factors, gwp, inputs_hex) != 0)
        goto done;

    json_t *stages = json_object(), *included = json_array();
    for (int s = 0; s < PCF_STAGE_COUNT; s++) {
        json_object_set_new(stages, pcf_stage_name((pcf_stage)s),
                            json_real(pcf_result_stage_kg_co2e(res, (pcf_stage)s)));
        if (pcf_result_stage_included(res, (pcf_stage)s))
            json_array_append_new(included, json_string(pcf_stage_name((pcf_stage)s)));
    }
    json_t *flows = json_object();
    for (int f = 0; f < PCF_FLOW_COUNT; f++)
        json_object_set_new(flows, pcf_flow_name((pcf_flow)f),
                            json_real(pcf_result_flow_kg_co2e(res, (pcf_flow)f)));

    char nettle_version[32];
    snprintf(nettle_version, sizeof nettle_version, "GNU Nettle %d.%d", nettle_version_major(),
             nettle_version_minor());
    char model_hex[2 * SHA256_DIGEST_SIZE + 1];
    if (file_sha256(model_path, model_hex) != 0) {
        fprintf(stderr, "pcf-certify: cannot read %s: %s\n", model_path, strerror(errno));
        goto done;
    }
    record = json_pack(
        "{s:i, s:s, s:{s:s, s:o}, s:{s:f, s:s, s:s}, s:s, s:o, s:s, s:s, s:f, s:o, s:o, s:f, "
        "s:o, s:o, s:o, s:o, s:s, s:{s:s, s:s, s:s, s:s, s:s}}",
        "pcf_certificate", RECORD_FORMAT, "model_file", model_path, "product", "id",
        pcf_result_product_id(res), "name", product_name(res), "declared_unit", "amount",
        pcf_result_declared_amount(res), "unit", pcf_result_declared_unit(res), "description",
        pcf_result_declared_unit_description(res), "boundary",
        pcf_boundary_name(pcf_result_boundary(res)), "stages_included", included, "gwp", gwp,
        "recycling_method", pcf_recycling_method_name(pcf_result_recycling_method(res)),
        "total_kg_co2e", pcf_result_total_kg_co2e(res), "stages_kg_co2e", stages, "flows_kg_co2e",
        flows, "credits_kg_co2e", pcf_result_credits_kg_co2e(res), "uncertainty",
        uncertainty(sys, opt), "data_quality", data_quality(res, diag), "factor_datasets",
        dataset_list(res), "factors", factors, "library_version", pcf_version_string(), "digest",
        "algorithm", "SHA-256", "library", nettle_version, "canonicalization", "RFC 8785 (JCS)",
        "inputs_sha256", inputs_hex, "model_sha256", model_hex);
    factors = NULL; /* stolen by "o" */
    if (!record)
        goto done;
    json_object_set_new(record, "factor_database", json_deep_copy(opt->factor_db));
    if (opt->pcr_path && add_pcr(record, opt->pcr_path) != 0) {
        json_decref(record);
        record = NULL;
    }

done:
    json_decref(factors);
    pcf_result_destroy(res);
    pcf_system_destroy(sys);
    pcf_diag_destroy(diag);
    pcf_model_destroy(model);
    return record;
}

/* ---- sealing and signing ------------------------------------------------------------------ */

/* SHA-256 (hex) of the canonical record without digest.record_sha256 and without signature. */
static int record_digest(const json_t *record, char hex[2 * SHA256_DIGEST_SIZE + 1])
{
    json_t *copy = json_deep_copy(record);
    json_object_del(json_object_get(copy, "digest"), "record_sha256");
    json_object_del(copy, "signature");
    char *text = canonical(copy);
    json_decref(copy);
    if (!text)
        return -1;
    sha256_hex(text, strlen(text), hex);
    free(text);
    return 0;
}

/* The canonical text a signature covers: the record without signature.value. */
static char *signed_text(const json_t *record)
{
    json_t *copy = json_deep_copy(record);
    json_object_del(json_object_get(copy, "signature"), "value");
    char *text = canonical(copy);
    json_decref(copy);
    return text;
}

/*
 * Seals @p record (consumed) and, with @p key, signs it. The record is first put through the
 * text it will be stored as (reals to 15 digits) and read back, so the digest and the signature
 * are over exactly the numbers a verifier reads from the file. Returns the sealed record, or NULL.
 */
static json_t *seal_record(json_t *record, const cert_key *key)
{
    char *text = record ? json_dumps(record, JSON_COMPACT | REAL_DIGITS) : NULL;
    json_decref(record);
    json_error_t jerr;
    json_t *sealed = text ? json_loads(text, 0, &jerr) : NULL;
    free(text);
    char hex[2 * SHA256_DIGEST_SIZE + 1];
    if (!sealed || record_digest(sealed, hex) != 0) {
        json_decref(sealed);
        return NULL;
    }
    json_object_set_new(json_object_get(sealed, "digest"), "record_sha256", json_string(hex));
    if (!key)
        return sealed;
    char pub[2 * ED25519_KEY_SIZE + 1];
    hex_encode(key->pub, ED25519_KEY_SIZE, pub);
    json_object_set_new(sealed, "signature",
                        json_pack("{s:s, s:s, s:s, s:s}", "algorithm", "Ed25519",
                                  "canonicalization", "RFC 8785 (JCS)", "key_fingerprint",
                                  key->fingerprint, "public_key", pub));
    char *msg = signed_text(sealed);
    if (!msg) {
        json_decref(sealed);
        return NULL;
    }
    char sig[2 * ED25519_SIGNATURE_SIZE + 1];
    key_sign(key, msg, strlen(msg), sig);
    free(msg);
    json_object_set_new(json_object_get(sealed, "signature"), "value", json_string(sig));
    return sealed;
}

/* ---- batch mode --------------------------------------------------------------------------- */

static int write_record(const json_t *record, const char *out_dir, char **path_out)
{
    const char *id = json_string_value(json_object_get(json_object_get(record, "product"), "id"));
    size_t n = strlen(out_dir) + strlen(id ? id : "product") + 16;
    char *path = malloc(n);
    if (!path)
        return -1;
    snprintf(path, n, "%s/%s.cert.json", out_dir, id ? id : "product");
    if (json_dump_file(record, path, JSON_INDENT(2) | REAL_DIGITS) != 0) {
        fprintf(stderr, "pcf-certify: cannot write %s\n", path);
        free(path);
        return -1;
    }
    *path_out = path;
    return 0;
}

static int batch(const options *opt, pcf_db *db, strlist *models, const cert_key *key)
{
    int failed = 0;
    if (!is_dir(opt->out_dir) && mkdir(opt->out_dir, 0777) != 0) {
        fprintf(stderr, "pcf-certify: cannot create %s\n", opt->out_dir);
        return 1;
    }
    json_t *seen = json_object(); /* product id -> model path, within this batch */
    for (size_t i = 0; i < models->count; i++) {
        json_t *record = seal_record(build_record(models->items[i], db, opt), key);
        const char *id =
            json_string_value(json_object_get(json_object_get(record, "product"), "id"));
        const char *other = id ? json_string_value(json_object_get(seen, id)) : NULL;
        char *path = NULL;
        if (other) {
            /* One record per product: a second model of the same product would overwrite it. */
            printf("FAILED %s: product %s was already certified from %s\n", models->items[i], id,
                   other);
            failed++;
        } else if (!record || write_record(record, opt->out_dir, &path) != 0) {
            printf("FAILED %s\n", models->items[i]);
            failed++;
        } else {
            json_object_set_new(seen, id, json_string(models->items[i]));
            char total[32];
            pcf_number_format(json_real_value(json_object_get(record, "total_kg_co2e")), total,
                              sizeof total);
            const json_t *du = json_object_get(record, "declared_unit");
            printf("OK %s -> %s: %s kg CO2e per %s\n", models->items[i], path, total,
                   json_string_value(json_object_get(du, "unit")));
        }
        free(path);
        json_decref(record);
    }
    json_decref(seen);
    printf("certified %zu of %zu models\n", models->count - (size_t)failed, models->count);
    return failed ? 1 : 0;
}

/* ---- verify mode -------------------------------------------------------------------------- */

static int numbers_equal(double a, double b)
{
    /* Recomputation is deterministic; the tolerance only absorbs the rounding to 15 digits in
     * the record and a last-digit difference on another platform. An edited figure is far
     * outside it. */
    return a == b || fabs(a - b) <= 1e-9 * fmax(fabs(a), fabs(b));
}

/* Reports every difference between @p want (recomputed) and @p got (recorded) under @p path. */
static size_t compare(const char *path, const json_t *want, const json_t *got, const char *record)
{
    if (json_is_number(want) && json_is_number(got)) {
        if (numbers_equal(json_number_value(want), json_number_value(got)))
            return 0;
        char a[32], b[32];
        pcf_number_format(json_number_value(got), a, sizeof a);
        pcf_number_format(json_number_value(want), b, sizeof b);
        printf("MISMATCH %s: %s: recorded %s, recomputed %s\n", record, path, a, b);
        return 1;
    }
    if (json_is_object(want) && json_is_object(got)) {
        size_t n = 0;
        const char *key;
        json_t *v;
        json_object_foreach((json_t *)want, key, v)
        {
            char sub[512];
            snprintf(sub, sizeof sub, "%s%s%s", path, path[0] ? "." : "", key);
            json_t *g = json_object_get(got, key);
            if (!g) {
                printf("MISMATCH %s: %s: missing from the record\n", record, sub);
                n++;
            } else {
                n += compare(sub, v, g, record);
            }
        }
        json_object_foreach((json_t *)got, key, v)
        {
            if (!json_object_get(want, key)) {
                printf("MISMATCH %s: %s%s%s: not produced by the recomputation\n", record, path,
                       path[0] ? "." : "", key);
                n++;
            }
        }
        return n;
    }
    if (json_is_array(want) && json_is_array(got)) {
        if (json_array_size(want) != json_array_size(got)) {
            printf("MISMATCH %s: %s: recorded %zu entries, recomputed %zu\n", record, path,
                   json_array_size(got), json_array_size(want));
            return 1;
        }
        size_t n = 0;
        for (size_t i = 0; i < json_array_size(want); i++) {
            char sub[512];
            snprintf(sub, sizeof sub, "%s[%zu]", path, i);
            n += compare(sub, json_array_get(want, i), json_array_get(got, i), record);
        }
        return n;
    }
    if (json_equal((json_t *)want, (json_t *)got))
        return 0;
    char *a = json_dumps(got, JSON_ENCODE_ANY | JSON_COMPACT);
    char *b = json_dumps(want, JSON_ENCODE_ANY | JSON_COMPACT);
    printf("MISMATCH %s: %s: recorded %s, recomputed %s\n", record, path, a ? a : "?", b ? b : "?");
    free(a);
    free(b);
    return 1;
}

static int verify_one(const char *record_path, pcf_db *db, const options *base, const cert_key *key)
{
    json_error_t jerr;
    json_t *got = json_load_file(record_path, 0, &jerr);
    if (!got) {
        printf("INVALID %s: line %d: %s\n", record_path, jerr.line, jerr.text);
        return 1;
    }
    size_t bad = 0;
    if (json_integer_value(json_object_get(got, "pcf_certificate")) != RECORD_FORMAT) {
        printf("INVALID %s: pcf_certificate: not a version %d certificate record\n", record_path,
               RECORD_FORMAT);
        json_decref(got);
        return 1;
    }

    /* 1. The signature, over the canonical record: the record as signed, by the key given. */
    json_t *sig = json_object_get(got, "signature");
    if (sig) {
        const char *fp = json_string_value(json_object_get(sig, "key_fingerprint"));
        const char *value = json_string_value(json_object_get(sig, "value"));
        const char *alg = json_string_value(json_object_get(sig, "algorithm"));
        if (!key) {
            printf("UNVERIFIED %s: signature: signed by key %s; give --pubkey PUB to check the "
                   "signature\n",
                   record_path, fp ? fp : "(unnamed)");
            bad++;
        } else if (!alg || strcmp(alg, "Ed25519") != 0) {
            printf("MISMATCH %s: signature.algorithm: %s is not Ed25519\n", record_path,
                   alg ? alg : "(none)");
            bad++;
        } else if (!fp || strcmp(fp, key->fingerprint) != 0) {
            printf("MISMATCH %s: signature.key_fingerprint: signed by key %s, but --pubkey is key "
                   "%s\n",
                   record_path, fp ? fp : "(none)", key->fingerprint);
            bad++;
        } else {
            char *msg = signed_text(got);
            if (!msg || !value || !key_verify(key, msg, strlen(msg), value)) {
                printf("MISMATCH %s: signature.value: the signature does not match the record: "
                       "it was changed after it was signed\n",
                       record_path);
                bad++;
            }
            free(msg);
        }
    } else if (key) {
        printf("MISMATCH %s: signature: the record is not signed, --pubkey cannot apply\n",
               record_path);
        bad++;
    }

    /* 2. The seal: the record's own digest over everything but itself and the signature. */
    json_t *digest = json_object_get(got, "digest");
    const char *sealed = json_string_value(json_object_get(digest, "record_sha256"));
    char hex[2 * SHA256_DIGEST_SIZE + 1] = "";
    if (record_digest(got, hex) != 0 || !sealed || strcmp(sealed, hex) != 0) {
        printf("MISMATCH %s: digest.record_sha256: the record was changed after it was sealed\n",
               record_path);
        bad++;
    }

    /* 3. Recompute from the model and the factor database, with the record's own MC settings. */
    const char *model = json_string_value(json_object_get(got, "model_file"));
    /* The model as recorded (absolute, or relative to where the batch ran), else relative to the
     * record, else beside the record: a verifier may receive the two files side by side. */
    char *model_path = NULL;
    if (model && (model[0] == '/' || file_exists(model))) {
        model_path = strdup(model);
    } else if (model) {
        char *dir = dir_of(record_path);
        model_path = dir ? join_path(dir, model) : NULL;
        if (model_path && !file_exists(model_path)) {
            const char *slash = strrchr(model, '/');
            free(model_path);
            model_path = dir ? join_path(dir, slash ? slash + 1 : model) : NULL;
        }
        free(dir);
    }
    options opt = *base;
    /* The PCR document as --pcr names it, else the file the record names, beside the record. */
    const char *pcr_name = json_string_value(json_object_get(json_object_get(got, "pcr"), "file"));
    char *pcr_path = NULL;
    if (pcr_name && !opt.pcr_path) {
        char *dir = dir_of(record_path);
        pcr_path = dir ? join_path(dir, pcr_name) : NULL;
        free(dir);
        opt.pcr_path = pcr_path;
    }
    json_t *unc = json_object_get(got, "uncertainty");
    opt.mc_iterations = (long)json_integer_value(json_object_get(unc, "iterations"));
    opt.seed = (unsigned long long)json_integer_value(json_object_get(unc, "seed"));
    json_t *want =
        model_path && file_exists(model_path) ? build_record(model_path, db, &opt) : NULL;
    if (!want) {
        printf("MISMATCH %s: model_file: %s cannot be recomputed\n", record_path,
               model ? model : "(none)");
        bad++;
    } else {
        /* The model path is how the record was made, not a result; compare the rest. */
        json_object_set(want, "model_file", json_object_get(got, "model_file"));
        json_object_del(json_object_get(want, "digest"), "record_sha256");
        json_t *got_cmp = json_deep_copy(got);
        json_object_del(json_object_get(got_cmp, "digest"), "record_sha256");
        json_object_del(got_cmp, "signature");
        bad += compare("", want, got_cmp, record_path);
        json_decref(got_cmp);
    }
    if (!bad)
        printf("VERIFIED %s\n", record_path);
    json_decref(want);
    free(model_path);
    free(pcr_path);
    json_decref(got);
    return bad ? 1 : 0;
}

/* ---- main --------------------------------------------------------------------------------- */

static int usage(FILE *f, int rc)
{
    fprintf(f, "usage: pcf-certify keygen NAME\n"
               "       pcf-certify [--db FILE] [--out DIR] [--mc N] [--seed S] [--pcr FILE]\n"
               "                   [--sign KEY] MODEL.json|DIR|MANIFEST...\n"
               "       pcf-certify --verify [--db FILE] [--pubkey PUB] [--pcr FILE]\n"
               "                   RECORD.cert.json|DIR...\n\n"
               "keygen writes an Ed25519 key pair NAME.key (private) and NAME.pub (public), mode\n"
               "0600. The batch writes one certificate record per model (OUT/<product>.cert.json,\n"
               "default OUT is 'certificates'), signed with --sign KEY; --verify checks the\n"
               "signature against --pubkey, recomputes each record from its model and the factor\n"
               "database and reports every field that differs.\n");
    return rc;
}

static int keygen(const char *prefix)
{
    cert_key key;
    char why[512];
    if (key_generate(prefix, &key, why, sizeof why) != 0) {
        fprintf(stderr, "pcf-certify: %s\n", why);
        return 2;
    }
    printf("wrote %s.key (private: keep it secret) and %s.pub (public: give it to verifiers)\n"
           "fingerprint %s\n",
           prefix, prefix, key.fingerprint);
    memset(&key, 0, sizeof key);
    return 0;
}

int main(int argc, char **argv)
{
    /* Monte Carlo runs on GSL, whose default error handler aborts the process; pcf validates
     * before every GSL call, and a host program turns the handler off as the README asks. */
    gsl_set_error_handler_off();

    if (argc >= 2 && strcmp(argv[1], "keygen") == 0) {
        if (argc != 3)
            return usage(stderr, 2);
        return keygen(argv[2]);
    }

    options opt = {NULL, "certificates", 0, 1, 0, NULL, NULL, NULL, NULL};
    strlist inputs = {0};
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
            return usage(stdout, 0);
        if (strcmp(a, "--verify") == 0) {
            opt.verify = 1;
        } else if (i + 1 < argc && strcmp(a, "--db") == 0) {
            opt.db_path = argv[++i];
        } else if (i + 1 < argc && strcmp(a, "--out") == 0) {
            opt.out_dir = argv[++i];
        } else if (i + 1 < argc && strcmp(a, "--pcr") == 0) {
            opt.pcr_path = argv[++i];
        } else if (i + 1 < argc && strcmp(a, "--sign") == 0) {
            opt.sign_key = argv[++i];
        } else if (i + 1 < argc && strcmp(a, "--pubkey") == 0) {
            opt.pubkey = argv[++i];
        } else if (i + 1 < argc && strcmp(a, "--mc") == 0) {
            double v;
            if (pcf_number_parse(argv[++i], &v, NULL) != PCF_OK || v < 0 || v > 1e8)
                return usage(stderr, 2);
            opt.mc_iterations = (long)v;
        } else if (i + 1 < argc && strcmp(a, "--seed") == 0) {
            double v;
            if (pcf_number_parse(argv[++i], &v, NULL) != PCF_OK || v < 0 || v > 9e15)
                return usage(stderr, 2);
            opt.seed = (unsigned long long)v;
        } else {
            return usage(stderr, 2);
        }
    }
    if (i >= argc)
        return usage(stderr, 2);
    if ((opt.verify && opt.sign_key) || (!opt.verify && opt.pubkey)) {
        fprintf(stderr, "pcf-certify: --sign goes with a batch run, --pubkey with --verify\n");
        return 2;
    }

    /* The key first: a wrong or missing key stops the run before any work. */
    cert_key key;
    const cert_key *keyp = NULL;
    if (opt.sign_key || opt.pubkey) {
        char why[512];
        if (key_read(opt.sign_key ? opt.sign_key : opt.pubkey, opt.sign_key != NULL, &key, why,
                     sizeof why) != 0) {
            fprintf(stderr, "pcf-certify: %s\n", why);
            return 2;
        }
        keyp = &key;
    }

    for (; i < argc; i++) {
        int rc;
        if (is_dir(argv[i]))
            rc = list_dir(argv[i], opt.verify ? ".cert.json" : ".json", &inputs);
        else if (!opt.verify && (ends_with(argv[i], ".txt") || ends_with(argv[i], ".manifest")))
            rc = read_manifest(argv[i], &inputs);
        else
            rc = strlist_add(&inputs, strdup(argv[i]));
        if (rc != 0) {
            strlist_free(&inputs);
            return 2;
        }
    }

    pcf_error err;
    pcf_db *db = NULL;
    const char *db_path = opt.db_path ? opt.db_path : pcf_db_default_path();
    if (pcf_db_open(db_path, PCF_DB_READ_ONLY, &db, &err) != PCF_OK) {
        report_error("cannot open factor database", db_path, &err);
        strlist_free(&inputs);
        return 1;
    }
    opt.factor_db = factor_db_digests(db, db_path);
    if (!opt.factor_db) {
        pcf_db_close(db);
        strlist_free(&inputs);
        return 1;
    }

    int rc = 0;
    if (opt.verify) {
        size_t bad = 0;
        for (size_t k = 0; k < inputs.count; k++)
            bad += (size_t)verify_one(inputs.items[k], db, &opt, keyp);
        printf("verified %zu of %zu records\n", inputs.count - bad, inputs.count);
        rc = bad ? 1 : 0;
    } else {
        rc = batch(&opt, db, &inputs, keyp);
    }
    json_decref(opt.factor_db);
    memset(&key, 0, sizeof key);
    pcf_db_close(db);
    strlist_free(&inputs);
    return rc;
}
