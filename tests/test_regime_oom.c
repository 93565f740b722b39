/*
 * Out-of-memory paths of the site module (lib/site.c, lib/site_report.c), the CBAM regime
 * (lib/cbam*.c), the EU battery declaration (lib/battery.c) and one batch line (lib/batch.c): the
 * static library is linked with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc and the Nth
 * allocation made by pcf fails, for N = 0, 1, 2, ... until the whole operation succeeds. Every
 * failure must return PCF_ERR_NOMEM and leak nothing (ASan: meson test --setup=asan), and the run
 * that succeeds must give the same figures as without failures. jansson's allocations are routed
 * through the same counter (oom_route_jansson); SQLite allocates through its own shared-library
 * references, which the wrap does not touch.
 * Usage: test_regime_oom FACTORS_DB SOURCE_ROOT
 * GPL-3.0-or-later; see LICENSE.
 */
#define _POSIX_C_SOURCE 200809L /* fmemopen, open_memstream, mkdtemp */
#include "testutil.h"
#include "oom.h"

#include <pcf/pcf.h>

#include <stdlib.h>

static const char *g_db, *g_root;
static pcf_db *g_handle;

typedef pcf_status (*op_fn)(const void *ctx, double *figure);

/* An operation's figure as text ("%.17g": the same text is the same double), so that
 * oom_sweep_text() checks it. */
typedef struct figure_op {
    op_fn op;
    const void *ctx;
} figure_op;

static pcf_status figure_text(const void *ctx, char **text)
{
    const figure_op *f = ctx;
    double v = NAN;
    pcf_status st = f->op(f->ctx, &v);
    *text = NULL;
    if (st == PCF_OK && !(*text = malloc(32)))
        st = PCF_ERR_NOMEM;
    if (st == PCF_OK)
        snprintf(*text, 32, "%.17g", v);
    return st;
}

/* Runs op with the Nth allocation failing, for every N until it succeeds (oom_sweep_text): each
 * run fails with PCF_ERR_NOMEM or gives exactly the figure of an unhindered run. */
static void exhaust(op_fn op, const void *ctx, const char *what)
{
    figure_op f = {op, ctx};
    oom_sweep_text(figure_text, &f, what);
}

static char *slurp_example(const char *rel)
{
    return testutil_slurp(g_root, rel);
}

/* ---- site: read, calculate, every writer, the stage and its application ------------------- */

typedef struct site_ctx {
    const char *text;
    pcf_model *model; /* changed by each run */
    const char *product;
} site_ctx;

static pcf_status op_site(const void *ctx, double *figure)
{
    const site_ctx *c = ctx;
    pcf_diag *d = NULL;
    pcf_site *s = NULL;
    pcf_site_result *r = NULL;
    char *out = NULL;
    pcf_status st = pcf_diag_create(&d) == PCF_OK ? PCF_OK : PCF_ERR_NOMEM;
    if (st == PCF_OK)
        st = pcf_site_read_string(c->text, "site.json", &s, d, NULL);
    if (st == PCF_OK)
        st = pcf_site_calculate(s, g_handle, d, &r, NULL);
    static const char *const langs[] = {"en", "zh"};
    for (int i = 0; i < 2 && st == PCF_OK; i++) {
        st = pcf_site_result_text(r, langs[i], &out, NULL);
        pcf_free(out);
        out = NULL;
        if (st == PCF_OK)
            st = pcf_site_result_html(r, g_handle, langs[i], &out, NULL);
        pcf_free(out);
        out = NULL;
    }
    if (st == PCF_OK)
        st = pcf_site_result_json(r, &out, NULL);
    pcf_free(out);
    out = NULL;
    if (st == PCF_OK)
        st = pcf_site_result_stage_json(r, c->product, &out, NULL);
    pcf_free(out);
    if (st == PCF_OK)
        st = pcf_site_result_apply(r, c->product, c->model, 0, NULL);
    if (st == PCF_OK)
        *figure = pcf_site_result_total(r, PCF_SITE_GATE_TO_GATE);
    pcf_site_result_destroy(r);
    pcf_site_destroy(s);
    pcf_diag_destroy(d);
    return st;
}

/* A broken site document: each of its problems goes into the diag list, which needs memory. */
static pcf_status op_site_broken(const void *ctx, double *figure)
{
    (void)ctx;
    pcf_diag *d = NULL;
    pcf_site *s = NULL;
    pcf_status st = pcf_diag_create(&d) == PCF_OK ? PCF_OK : PCF_ERR_NOMEM;
    if (st == PCF_OK) {
        st = pcf_site_read_string("{\"pcf_site\": 1, \"site\": {}, \"fuels\": [1, 2]}", "b.json",
                                  &s, d, NULL);
        /* "name", "region", "year" missing, two fuels not objects, no products: 6 errors */
        if (st == PCF_ERR_INVALID_MODEL)
            st = pcf_diag_error_count(d) == 6 ? PCF_OK : PCF_ERR_INTERNAL;
        *figure = (double)pcf_diag_error_count(d);
    }
    pcf_site_destroy(s);
    pcf_diag_destroy(d);
    return st;
}

/* A site document that is not JSON, or not a site document, read without an error record: the
 * one problem goes into the diag list (PCF_ERR_PARSE / PCF_ERR_INVALID_MODEL, one error), which
 * needs memory. Before the reader kept a record of its own, adding a NULL record to the list
 * failed and the call said out of memory. */
static pcf_status op_site_refused(const void *ctx, double *figure)
{
    (void)ctx;
    static const char *const docs[] = {"{\"pcf_site\": 1,", "{\"pcf_model\": 1}"};
    static const pcf_status want[] = {PCF_ERR_PARSE, PCF_ERR_INVALID_MODEL};
    pcf_status st = PCF_OK;
    *figure = 0;
    for (int i = 0; i < 2 && st == PCF_OK; i++) {
        pcf_diag *d = NULL;
        pcf_site *s = NULL;
        st = pcf_diag_create(&d);
        if (st == PCF_OK) {
            st = pcf_site_read_string(docs[i], "b.json", &s, d, NULL);
            if (st == want[i])
                st = pcf_diag_error_count(d) == 1 && !s ? PCF_OK : PCF_ERR_INTERNAL;
            *figure += (double)pcf_diag_error_count(d);
        }
        pcf_site_destroy(s);
        pcf_diag_destroy(d);
    }
    return st;
}

/* A site run on each shipped example, and on doc (with its product id), into a model of one
 * bare product that each run's stage is applied to. */
static void site_exhaust(const char *doc, const char *product, const char *what)
{
    pcf_error err;
    pcf_model *m = NULL;
    assert_int_equal(pcf_model_read_string("{\"pcf_model\": 1, \"products\": [{\"id\": \"p\", "
                                           "\"declared_unit\": {\"amount\": 1, \"unit\": "
                                           "\"item\"}}]}",
                                           "m.json", &m, &err),
                     PCF_OK);
    site_ctx c = {doc, m, product};
    exhaust(op_site, &c, what);
    pcf_model_destroy(m);
}

static void test_site_oom(void **state)
{
    (void)state;
    static const char *const examples[] = {"examples/sme/moulding/site.json",
                                           "examples/sme/tea/site.json"};
    static const char *const products[] = {"bracket", "green-tea-250g"};
    for (int i = 0; i < 2; i++) {
        char *text = slurp_example(examples[i]);
        site_exhaust(text, products[i], examples[i]);
        free(text);
    }
    exhaust(op_site_broken, NULL, "a broken site document");
    exhaust(op_site_refused, NULL, "a site document refused whole");
    /* A fuel amount of 16 significant digits as the document's first token longer than
     * jansson's first token buffer (16 bytes): read with json_loadb, a failed allocation while
     * the buffer grew dropped a digit and the site still calculated (8993.4383837225632 for the
     * product instead of 8993.4383837224905). The fuel and amount are test inputs. */
    site_exhaust(
        "{\"pcf_site\": 1, \"site\": {\"name\": \"S\", \"region\": \"CN-FJ\", \"year\": 2025}, "
        "\"fuels\": [{\"name\": \"LPG\", \"amount\": 3.059657706795925, \"unit\": \"t\"}], "
        "\"products\": [{\"id\": \"a\", \"output\": 1, \"unit\": \"item\"}]}",
        "a", "a site with a 16-digit fuel amount");
}

/* ---- CBAM: read, validate, calculate, every writer ---------------------------------------- */

static pcf_status op_cbam(const void *ctx, double *figure)
{
    pcf_diag *d = NULL;
    pcf_cbam *doc = NULL;
    pcf_cbam_result *r = NULL;
    char *out = NULL;
    pcf_status st = pcf_diag_create(&d) == PCF_OK ? PCF_OK : PCF_ERR_NOMEM;
    if (st == PCF_OK)
        st = pcf_cbam_read_string(ctx, "cbam.json", &doc, NULL);
    if (st == PCF_OK)
        st = pcf_cbam_validate(doc, d, NULL);
    if (st == PCF_OK)
        st = pcf_cbam_calculate(doc, g_handle, 0, d, &r, NULL);
    if (st == PCF_OK)
        st = pcf_cbam_result_to_json(r, &out, NULL);
    pcf_free(out);
    out = NULL;
    if (st == PCF_OK)
        st = pcf_cbam_result_to_csv(r, &out, NULL);
    pcf_free(out);
    out = NULL;
    static const char *const langs[] = {"en", "zh"};
    for (int i = 0; i < 2 && st == PCF_OK; i++) {
        st = pcf_cbam_result_report_text(r, langs[i], &out, NULL);
        pcf_free(out);
        out = NULL;
        if (st == PCF_OK)
            st = pcf_cbam_result_report_html(r, langs[i], &out, NULL);
        pcf_free(out);
        out = NULL;
    }
    if (st == PCF_OK)
        *figure =
            pcf_cbam_result_attributed_direct(r, 0) + pcf_cbam_result_attributed_indirect(r, 0);
    pcf_cbam_result_destroy(r);
    pcf_cbam_destroy(doc);
    pcf_diag_destroy(d);
    return st;
}

/* A batch line with a failed jansson allocation used to succeed with a shorter record (2364 or
 * 2358 characters instead of 2379: a member of the result or a warning's severity left out);
 * test_batch_oom catches it. */
static void test_cbam_oom(void **state)
{
    (void)state;
    static const char *const examples[] = {"examples/cbam/cement-xiamen.json",
                                           "examples/cbam/steel-xiamen.json"};
    for (int i = 0; i < 2; i++) {
        char *text = slurp_example(examples[i]);
        exhaust(op_cbam, text, examples[i]);
        free(text);
    }
}

/* ---- the EU battery declaration ----------------------------------------------------------- */

/* The n parts (pcf_free()d here) joined into one text, when st is PCF_OK; PCF_ERR_NOMEM when
 * that text cannot be had. */
static pcf_status join_parts(pcf_status st, char **part, int n, char **all)
{
    *all = NULL;
    if (st == PCF_OK) {
        size_t len = 1;
        for (int k = 0; k < n; k++)
            len += strlen(part[k]);
        if (!(*all = malloc(len)))
            st = PCF_ERR_NOMEM;
        for (size_t k = 0, at = 0; st == PCF_OK && k < (size_t)n; k++) {
            size_t len_k = strlen(part[k]);
            memcpy(*all + at, part[k], len_k + 1);
            at += len_k;
        }
    }
    for (int k = 0; k < n; k++)
        pcf_free(part[k]);
    return st;
}

typedef struct battery_ctx {
    const pcf_model *model;
    const pcf_result *result;
} battery_ctx;

/* The declaration's JSON and its report section (text and HTML, English and Chinese): every
 * member and figure of it must be there once the call succeeds. */
static pcf_status op_battery(const void *ctx, char **text)
{
    const battery_ctx *c = ctx;
    pcf_diag *d = NULL;
    pcf_battery_decl *decl = NULL;
    char *part[5] = {NULL, NULL, NULL, NULL, NULL};
    pcf_status st = pcf_diag_create(&d) == PCF_OK ? PCF_OK : PCF_ERR_NOMEM;
    if (st == PCF_OK)
        st = pcf_battery_validate(c->model, d, NULL);
    if (st == PCF_OK)
        st = pcf_battery_declare(c->model, c->result, g_handle, d, &decl, NULL);
    if (st == PCF_OK)
        st = pcf_battery_decl_to_json(decl, &part[0], NULL);
    static const char *const langs[] = {"en", "zh"};
    for (int i = 0; i < 2 && st == PCF_OK; i++) {
        st = pcf_battery_decl_report_text(decl, langs[i], &part[1 + 2 * i], NULL);
        if (st == PCF_OK)
            st = pcf_battery_decl_report_html(decl, langs[i], &part[2 + 2 * i], NULL);
    }
    pcf_battery_decl_destroy(decl);
    pcf_diag_destroy(d);
    return join_parts(st, part, 5, text);
}

/* A broken battery section: each of its three problems goes into the diag list. */
static pcf_status op_battery_broken(const void *ctx, double *figure)
{
    pcf_diag *d = NULL;
    pcf_status st = pcf_diag_create(&d) == PCF_OK ? PCF_OK : PCF_ERR_NOMEM;
    if (st == PCF_OK) {
        st = pcf_battery_validate(ctx, d, NULL);
        /* no category, capacity or lifetime: three errors */
        if (st == PCF_ERR_INVALID_MODEL)
            st = pcf_diag_error_count(d) == 3 ? PCF_OK : PCF_ERR_INTERNAL;
        *figure = (double)pcf_diag_error_count(d);
    }
    pcf_diag_destroy(d);
    return st;
}

static void test_battery_oom(void **state)
{
    (void)state;
    char *text = slurp_example("examples/models/lfp-battery-pack-eu-battery.json");
    pcf_model *m = NULL;
    pcf_result *r = NULL;
    pcf_error err;
    assert_int_equal(pcf_model_read_string(text, "battery.json", &m, &err), PCF_OK);
    assert_int_equal(pcf_model_calculate(m, g_handle, (pcf_gwp_set)0, NULL, &r, &err), PCF_OK);
    battery_ctx c = {m, r};
    oom_sweep_text(op_battery, &c, "the EU battery declaration");
    pcf_model *broken = NULL;
    assert_int_equal(pcf_model_read_string("{\"pcf_model\": 1, \"regime\": \"eu-battery\", "
                                           "\"battery\": {\"manufacturer\": \"M\", \"model\": "
                                           "\"B\", \"plant\": \"P\", \"plant_country\": \"CN\", "
                                           "\"study_url\": \"u\"}, \"products\": [{\"id\": "
                                           "\"b\", \"declared_unit\": {\"amount\": 1, \"unit\": "
                                           "\"item\"}}]}",
                                           "b.json", &broken, &err),
                     PCF_OK);
    exhaust(op_battery_broken, broken, "a broken battery section");
    pcf_model_destroy(broken);
    pcf_result_destroy(r);
    pcf_model_destroy(m);
    free(text);
}

/* ---- the regimes' reports, text for text --------------------------------------------------- */

/* Writes the four reports of a CBAM result (text and HTML, English and Chinese) into one text. */
static pcf_status cbam_reports(const void *ctx, char **all)
{
    const pcf_cbam_result *r = ctx;
    static const char *const langs[] = {"en", "zh"};
    char *part[4] = {NULL, NULL, NULL, NULL};
    pcf_status st = PCF_OK;
    for (int i = 0; i < 2 && st == PCF_OK; i++) {
        st = pcf_cbam_result_report_text(r, langs[i], &part[2 * i], NULL);
        if (st == PCF_OK)
            st = pcf_cbam_result_report_html(r, langs[i], &part[2 * i + 1], NULL);
    }
    return join_parts(st, part, 4, all);
}

/* The CBAM reports write the result's JSON and read it back. Two silent losses used to pass
 * here: the JSON writer (lib/cbam_write.c) left out a member it could not add, and jansson's
 * reader, failing to grow its token buffer, dropped a digit of a number; either way the report
 * succeeded with a row or a figure missing or wrong. Now each failure is PCF_ERR_NOMEM, and once
 * nothing fails the text is exactly that of an unhindered run (the cement example). */
static void test_regime_report_text_exact(void **state)
{
    (void)state;
    char *text = slurp_example("examples/cbam/cement-xiamen.json");
    pcf_cbam *doc = NULL;
    pcf_cbam_result *r = NULL;
    assert_int_equal(pcf_cbam_read_string(text, "cbam.json", &doc, NULL), PCF_OK);
    assert_int_equal(pcf_cbam_calculate(doc, g_handle, 0, NULL, &r, NULL), PCF_OK);
    oom_sweep_text(cbam_reports, r, "the CBAM reports");
    pcf_cbam_result_destroy(r);
    pcf_cbam_destroy(doc);
    free(text);
}

/* ---- one batch line ------------------------------------------------------------------------ */

static pcf_status op_batch(const void *ctx, double *figure)
{
    pcf_batch_options *o = NULL;
    char *rec = NULL;
    int failed = 0;
    pcf_status st = pcf_batch_options_create(&o, NULL);
    if (st == PCF_OK)
        st = pcf_batch_options_set_input_name(o, "in.jsonl", NULL);
    if (st == PCF_OK)
        st = pcf_batch_compute_line(o, g_handle, ctx, strlen(ctx), 1, &rec, &failed, NULL);
    /* a record either way: the figure is its length, the same in every successful run */
    if (st == PCF_OK)
        *figure = (double)strlen(rec) + failed;
    pcf_free(rec);
    pcf_batch_options_destroy(o);
    return st;
}

static void test_batch_oom(void **state)
{
    (void)state;
    /* an ok record with a warning ("A" without the cff method), and an error record */
    exhaust(op_batch,
            "{\"pcf_model\": 1, \"products\": [{\"id\": \"w\", \"declared_unit\": {\"amount\": "
            "1, \"unit\": \"item\"}, \"stages\": {\"materials\": [{\"name\": \"Steel\", "
            "\"amount\": 2, \"unit\": \"kg\", \"factor\": {\"value\": 1.5, \"unit\": "
            "\"kgCO2e/kg\"}, \"A\": 0.2}]}}]}",
            "an ok batch line");
    exhaust(op_batch,
            "{\"pcf_model\": 1, \"products\": [{\"id\": \"e\", \"declared_unit\": {\"amount\": "
            "1, \"unit\": \"item\"}, \"stages\": {\"materials\": [{\"name\": \"Steel\", "
            "\"amount\": 2, \"unit\": \"parsec\"}]}}]}",
            "a batch line with an error");
}

/*
 * The batch's own reading of JSON: a {"path": FILE} line and the records of an earlier output
 * (resume). Read with jansson's json_loadb, an allocation failure inside jansson gave NULL (the
 * path line then went to the model reader and became an error record; a resume stopped on "not
 * a batch record") or a string one character short (a path naming another file, an id that no
 * longer matched its line). Here every run gives exactly the text of a run without failures,
 * or PCF_ERR_NOMEM (oom_sweep_text).
 */

/* The record of one line ("failed" appended, so an error record never equals an ok one). */
static pcf_status op_batch_record(const void *ctx, char **text)
{
    pcf_batch_options *o = NULL;
    char *rec = NULL;
    int failed = 0;
    pcf_status st = pcf_batch_options_create(&o, NULL);
    if (st == PCF_OK)
        st = pcf_batch_compute_line(o, g_handle, ctx, strlen(ctx), 1, &rec, &failed, NULL);
    *text = NULL;
    if (st == PCF_OK) {
        size_t n = strlen(rec) + 16;
        *text = malloc(n);
        if (*text)
            snprintf(*text, n, "%s failed=%d", rec, failed);
        else
            st = PCF_ERR_NOMEM;
    }
    pcf_free(rec);
    pcf_batch_options_destroy(o);
    return st;
}

/* A whole run resumed from an earlier output that holds every line: each line is only checked
 * against its record's id. The text is the statistics and what was written (nothing). */
typedef struct resume_ctx {
    const char *input, *done;
} resume_ctx;

static pcf_status op_batch_resume(const void *ctx, char **text)
{
    const resume_ctx *c = ctx;
    FILE *in = fmemopen((void *)c->input, strlen(c->input), "r");
    FILE *done = fmemopen((void *)c->done, strlen(c->done), "r");
    FILE *out = tmpfile();
    assert_true(in && done && out);
    pcf_batch_options *o = NULL;
    pcf_batch_stats s;
    pcf_batch_stats_init(&s);
    pcf_status st = pcf_batch_options_create(&o, NULL);
    if (st == PCF_OK)
        st = pcf_batch_options_set_db(o, g_db, NULL);
    if (st == PCF_OK)
        st = pcf_batch_options_set_threads(o, 2, NULL);
    if (st == PCF_OK)
        st = pcf_batch_run(o, in, out, done, &s, NULL);
    pcf_batch_options_destroy(o);
    *text = NULL;
    if (st == PCF_OK && !(*text = malloc(128)))
        st = PCF_ERR_NOMEM;
    if (st == PCF_OK)
        snprintf(*text, 128, "lines %llu ok %llu failed %llu skipped %llu written %ld",
                 (unsigned long long)s.lines, (unsigned long long)s.ok,
                 (unsigned long long)s.failed, (unsigned long long)s.skipped, ftell(out));
    fclose(out);
    fclose(done);
    fclose(in);
    return st;
}

/* 2 kg at an own factor of 1.5 kgCO2e/kg: 3 kgCO2e; the id is longer than jansson's first token
 * buffer (16 bytes), so reading it grows the buffer. */
#define BATCH_MODEL(id)                                                                            \
    "{\"pcf_model\": 1, \"products\": [{\"id\": \"" id "\", \"declared_unit\": {\"amount\": 1, "   \
    "\"unit\": \"item\"}, \"stages\": {\"materials\": [{\"name\": \"Steel\", \"amount\": 2, "      \
    "\"unit\": \"kg\", \"factor\": {\"value\": 1.5, \"unit\": \"kgCO2e/kg\"}}]}}]}"

static void test_batch_reads_exact_or_nomem(void **state)
{
    (void)state;
    /* a {"path": FILE} line naming a model file by a path longer than 16 bytes */
    char dir[] = "/tmp/pcf-batch-oom-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char file[128], line[256];
    snprintf(file, sizeof file, "%s/a-model-with-a-long-name.json", dir);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fputs(BATCH_MODEL("product-from-a-file"), f);
    assert_int_equal(fclose(f), 0);
    snprintf(line, sizeof line, "{\"path\": \"%s\"}", file);
    char *rec = NULL;
    assert_int_equal(op_batch_record(line, &rec), PCF_OK);
    /* the record names the file's product and its 2 x 1.5 = 3 kgCO2e */
    assert_true(strncmp(rec, "{\"line\":1,\"id\":\"product-from-a-file\",\"status\":\"ok\"", 49) ==
                0);
    assert_contains(rec, "\"total_kg_co2e\":3.0,");
    assert_contains(rec, " failed=0");
    free(rec);
    oom_sweep_text(op_batch_record, line, "a {\"path\": FILE} batch line");
    assert_int_equal(remove(file), 0);
    assert_int_equal(remove(dir), 0);

    /* resume: the earlier output is the records of a run without failures */
    static const char input[] = BATCH_MODEL("the-first-product-of-the-batch") "\n" BATCH_MODEL(
        "the-second-product-of-the-batch") "\n";
    char *done = NULL;
    size_t done_len = 0;
    FILE *mem = open_memstream(&done, &done_len);
    assert_non_null(mem);
    pcf_batch_options *o = NULL;
    pcf_batch_stats s;
    pcf_batch_stats_init(&s);
    FILE *in = fmemopen((void *)input, strlen(input), "r");
    assert_int_equal(pcf_batch_options_create(&o, NULL), PCF_OK);
    assert_int_equal(pcf_batch_options_set_db(o, g_db, NULL), PCF_OK);
    assert_int_equal(pcf_batch_run(o, in, mem, NULL, &s, NULL), PCF_OK);
    pcf_batch_options_destroy(o);
    fclose(in);
    assert_int_equal(fclose(mem), 0);
    assert_true(s.ok == 2);
    resume_ctx c = {input, done};
    char *stats = NULL;
    assert_int_equal(op_batch_resume(&c, &stats), PCF_OK);
    assert_string_equal(stats, "lines 2 ok 0 failed 0 skipped 2 written 0");
    free(stats);
    oom_sweep_text(op_batch_resume, &c, "a batch resumed from its whole output");
    free(done);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: test_regime_oom FACTORS_DB SOURCE_ROOT\n");
        return 2;
    }
    g_db = argv[1];
    g_root = argv[2];
    /* jansson's allocations fail in turn too, in every test: the site's production stage
     * (pcf_site_result_stage_json, pcf_site_result_apply) and the CBAM, battery and batch
     * documents are built with it. Routed, the site run found a leak: the x-site object of a
     * stage line was lost when the line's own object could not be made (lib/site.c stage_tree) */
    oom_route_jansson();
    pcf_error err;
    if (pcf_db_open(g_db, PCF_DB_READ_ONLY, &g_handle, &err) != PCF_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_site_oom),    cmocka_unit_test(test_cbam_oom),
        cmocka_unit_test(test_battery_oom), cmocka_unit_test(test_regime_report_text_exact),
        cmocka_unit_test(test_batch_oom),   cmocka_unit_test(test_batch_reads_exact_or_nomem),
    };
    int rc = cmocka_run_group_tests_name("regime-oom", tests, NULL, NULL);
    pcf_db_close(g_handle);
    return rc;
}
