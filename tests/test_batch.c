/*
 * Tests of pcf/batch.h: options and their refusals, the per-model seed against published test
 * vectors, one line into one record (numbers worked out by hand), and whole runs through
 * temporary files: order, error records, threads, resume, cancelling, a failing opener.
 * Byte equality with `pcf calc` on the shipped examples, kill-and-resume and 1% broken lines
 * are in tests/check-cli-batch.py.
 *
 * argv[1] is the built factors.db. GPL-3.0-or-later; see LICENSE.
 */
#define _POSIX_C_SOURCE 200809L /* fmemopen */
#include "testutil.h"

#include <pcf/pcf.h>

static const char *db_path;

/* 2 kg at an own factor of 1.5 kgCO2e/kg and 10 kWh at 0.5 kgCO2e/kWh: 2 x 1.5 + 10 x 0.5 = 8. */
#define MODEL(id)                                                                                  \
    "{\"pcf_model\": 1, \"products\": [{\"id\": \"" id "\", \"name\": \"P\", "                     \
    "\"declared_unit\": {\"amount\": 1, \"unit\": \"item\"}, \"stages\": {\"materials\": "         \
    "[{\"name\": \"Steel\", \"amount\": 2, \"unit\": \"kg\", \"factor\": {\"value\": 1.5, "        \
    "\"unit\": \"kgCO2e/kg\", \"source\": \"test value\"}, \"uncertainty\": {\"dist\": "           \
    "\"lognormal\", \"gsd\": 1.2}}], \"production\": [{\"name\": \"Power\", \"amount\": 10, "      \
    "\"unit\": \"kWh\", \"factor\": {\"value\": 0.5, \"unit\": \"kgCO2e/kWh\", \"source\": "       \
    "\"test value\"}}]}}]}"

static pcf_batch_options *opts_new(void)
{
    pcf_batch_options *o = NULL;
    assert_int_equal(pcf_batch_options_create(&o, NULL), PCF_OK);
    assert_int_equal(pcf_batch_options_set_db(o, db_path, NULL), PCF_OK);
    return o;
}

static void test_options(void **state)
{
    (void)state;
    pcf_error err;
    assert_int_equal(pcf_batch_options_create(NULL, &err), PCF_ERR_INVALID_ARG);
    pcf_batch_options *o = opts_new();
    assert_int_equal(pcf_batch_options_set_threads(o, 0, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "from 1 to 256");
    assert_int_equal(pcf_batch_max_threads(), 256);
    assert_int_equal(pcf_batch_options_set_threads(o, 257, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_batch_options_set_threads(o, 2, &err), PCF_OK);
    assert_int_equal(pcf_batch_options_set_gwp(o, (pcf_gwp_set)99, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_batch_options_set_gwp(o, PCF_GWP_AR5, &err), PCF_OK);
    assert_int_equal(pcf_batch_options_set_mc(o, pcf_mc_max_iterations() + 1, 1, &err),
                     PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_batch_options_set_mc(o, 10, 1, &err), PCF_OK);
    assert_int_equal(pcf_batch_options_set_db(o, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_batch_options_set_base_dir(o, NULL, &err), PCF_OK);
    assert_int_equal(pcf_batch_options_set_base_dir(o, "/tmp", &err), PCF_OK);
    assert_int_equal(pcf_batch_options_set_input_name(o, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_batch_options_set_input_name(o, "x.jsonl", &err), PCF_OK);
    assert_int_equal(pcf_batch_options_set_sync_every(o, 0, &err), PCF_OK);
    assert_int_equal(pcf_batch_options_set_progress(o, NULL, NULL, &err), PCF_OK);
    assert_int_equal(pcf_batch_options_set_db_opener(o, NULL, NULL, &err), PCF_OK);
    assert_int_equal(pcf_batch_options_set_threads(NULL, 1, &err), PCF_ERR_INVALID_ARG);
    pcf_batch_options_destroy(o);
    pcf_batch_options_destroy(NULL);

    pcf_batch_stats s;
    memset(&s, 0xff, sizeof s);
    pcf_batch_stats_init(&s);
    assert_int_equal(s.struct_size, sizeof s);
    assert_int_equal(s.lines + s.ok + s.failed + s.skipped + s.skipped_failed, 0);
}

static void test_seed(void **state)
{
    (void)state;
    /* SplitMix64's first output from state 0 is 0xe220a8397b1dcdaf (Vigna's splitmix64.c).
     * The seed is splitmix(fnv1a(id) ^ seed), so a seed equal to fnv1a(id) reaches it:
     * fnv1a("") is the FNV-1a 64 offset basis 0xcbf29ce484222325, and fnv1a("a") is
     * 0xaf63dc4c8601ec8c (a test vector of the FNV reference code). */
    assert_true(pcf_batch_model_seed(0xcbf29ce484222325u, "") == 0xe220a8397b1dcdafu);
    assert_true(pcf_batch_model_seed(0xaf63dc4c8601ec8cu, "a") == 0xe220a8397b1dcdafu);
    assert_true(pcf_batch_model_seed(1, "a") != pcf_batch_model_seed(2, "a"));
    assert_true(pcf_batch_model_seed(1, "a") != pcf_batch_model_seed(1, "b"));
    assert_true(pcf_batch_model_seed(1, NULL) == pcf_batch_model_seed(1, ""));
}

static void test_compute_line(void **state)
{
    (void)state;
    pcf_db *db = NULL;
    assert_int_equal(pcf_db_open(db_path, PCF_DB_READ_ONLY, &db, NULL), PCF_OK);
    pcf_batch_options *o = opts_new();
    char *rec = NULL;
    int failed = -1;
    const char *m = MODEL("w1") "\n";
    assert_int_equal(pcf_batch_compute_line(o, db, m, strlen(m), 7, &rec, &failed, NULL), PCF_OK);
    assert_int_equal(failed, 0);
    assert_non_null(strstr(rec, "{\"line\":7,\"id\":\"w1\",\"status\":\"ok\",\"result\":{"));
    assert_contains(rec, "\"total_kg_co2e\":8.0,"); /* 2 x 1.5 + 10 x 0.5 */
    assert_null(strchr(rec, '\n'));
    pcf_free(rec);

    /* Monte Carlo: the record names the derived seed, as a string like the mc JSON. */
    assert_int_equal(pcf_batch_options_set_mc(o, 100, 5, NULL), PCF_OK);
    assert_int_equal(pcf_batch_compute_line(o, db, m, strlen(m), 1, &rec, &failed, NULL), PCF_OK);
    char want[64];
    snprintf(want, sizeof want, "\"seed\":\"%llu\"",
             (unsigned long long)pcf_batch_model_seed(5, "w1"));
    assert_contains(rec, want);
    assert_contains(rec, "\"monte_carlo\":{\"iterations\":100,");
    pcf_free(rec);

    /* A broken line: an error record naming the input's line and column, and PCF_OK. */
    assert_int_equal(pcf_batch_options_set_input_name(o, "in.jsonl", NULL), PCF_OK);
    const char *bad = "{\"pcf_model\": 1,";
    assert_int_equal(pcf_batch_compute_line(o, db, bad, strlen(bad), 3, &rec, &failed, NULL),
                     PCF_OK);
    assert_int_equal(failed, 1);
    assert_contains(rec, "{\"line\":3,\"id\":null,\"status\":\"error\",\"error\":{\"code\":"
                         "\"PCF_ERR_PARSE\"");
    assert_contains(rec, "\"file\":\"in.jsonl\",\"line\":3,");
    pcf_free(rec);

    /* {"path": ...} to a file that is not there names the file, from the base directory. */
    assert_int_equal(pcf_batch_options_set_base_dir(o, "/tmp", NULL), PCF_OK);
    const char *path = "{\"path\": \"no-such-model.json\"}";
    assert_int_equal(pcf_batch_compute_line(o, db, path, strlen(path), 4, &rec, &failed, NULL),
                     PCF_OK);
    assert_int_equal(failed, 1);
    assert_contains(rec, "/tmp/no-such-model.json");
    pcf_free(rec);

    pcf_error err;
    assert_int_equal(pcf_batch_compute_line(o, NULL, m, 1, 1, &rec, &failed, &err),
                     PCF_ERR_INVALID_ARG);
    assert_null(rec);
    pcf_batch_options_destroy(o);
    pcf_db_close(db);
}

/* Writes text into a new temporary file, rewound. */
static FILE *file_with(const char *text)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    fputs(text, f);
    rewind(f);
    return f;
}

/* The whole content of f (malloc'ed). */
static char *content(FILE *f)
{
    long n = ftell(f);
    rewind(f);
    char *s = calloc(1, (size_t)n + 1);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    return s;
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static int stop_after_one(void *user, const pcf_batch_stats *s)
{
    (void)user;
    return s->ok + s->failed >= 1;
}

static pcf_status failing_opener(void *user, pcf_db **out, pcf_error *err)
{
    (void)user;
    *out = NULL;
    pcf_error_clear(err);
    if (err) {
        err->code = PCF_ERR_DATABASE;
        snprintf(err->message, sizeof err->message, "test opener refuses");
    }
    return PCF_ERR_DATABASE;
}

static void test_run(void **state)
{
    (void)state;
    const char *input = MODEL("a") "\nnot json\n" MODEL("c") "\n";
    char *outs[2];
    for (size_t t = 1; t <= 2; t++) {
        pcf_batch_options *o = opts_new();
        assert_int_equal(pcf_batch_options_set_threads(o, t, NULL), PCF_OK);
        FILE *in = file_with(input), *out = tmpfile();
        pcf_batch_stats s;
        pcf_batch_stats_init(&s);
        pcf_error err;
        assert_int_equal(pcf_batch_run(o, in, out, NULL, &s, &err), PCF_OK);
        assert_true(s.lines == 3 && s.ok == 2 && s.failed == 1 && s.skipped == 0);
        outs[t - 1] = content(out);
        fclose(in);
        fclose(out);
        pcf_batch_options_destroy(o);
    }
    assert_string_equal(outs[0], outs[1]);
    assert_int_equal(count_lines(outs[0]), 3);
    const char *l2 = strchr(outs[0], '\n') + 1, *l3 = strchr(l2, '\n') + 1;
    assert_true(strncmp(outs[0], "{\"line\":1,\"id\":\"a\",\"status\":\"ok\"", 32) == 0);
    assert_true(strncmp(l2, "{\"line\":2,\"id\":null,\"status\":\"error\"", 36) == 0);
    assert_true(strncmp(l3, "{\"line\":3,\"id\":\"c\",\"status\":\"ok\"", 32) == 0);

    /* Resume: the first two records are done; only line 3 is computed and written. */
    pcf_batch_options *o = opts_new();
    char *head = strdup(outs[0]);
    head[l3 - outs[0]] = '\0';
    FILE *in = file_with(input), *done = file_with(head), *out = tmpfile();
    pcf_batch_stats s;
    pcf_batch_stats_init(&s);
    assert_int_equal(pcf_batch_run(o, in, out, done, &s, NULL), PCF_OK);
    assert_true(s.lines == 3 && s.ok == 1 && s.failed == 0 && s.skipped == 2);
    assert_int_equal(s.skipped_failed, 1);
    char *rest = content(out);
    assert_string_equal(rest, l3);
    free(rest);
    fclose(in);
    fclose(done);
    fclose(out);

    /* ... an output of another input is refused. */
    in = file_with(MODEL("zz") "\n");
    done = file_with(head);
    out = tmpfile();
    pcf_error err;
    assert_int_equal(pcf_batch_run(o, in, out, done, &s, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "another input");
    fclose(in);
    fclose(done);
    fclose(out);

    /* Cancelling from the progress callback keeps what was written. */
    assert_int_equal(pcf_batch_options_set_progress(o, stop_after_one, NULL, NULL), PCF_OK);
    in = file_with(input);
    out = tmpfile();
    assert_int_equal(pcf_batch_run(o, in, out, NULL, &s, &err), PCF_ERR_CANCELLED);
    assert_int_equal(s.ok, 1);
    char *one = content(out);
    assert_int_equal(count_lines(one), 1);
    free(one);
    fclose(in);
    fclose(out);

    /* A database that cannot be opened stops the run before any line. */
    assert_int_equal(pcf_batch_options_set_db_opener(o, failing_opener, NULL, NULL), PCF_OK);
    in = file_with(input);
    out = tmpfile();
    assert_int_equal(pcf_batch_run(o, in, out, NULL, &s, &err), PCF_ERR_DATABASE);
    assert_contains(err.message, "test opener refuses");
    assert_int_equal(ftell(out), 0);
    fclose(in);
    fclose(out);

    /* Stats not initialised are refused. */
    pcf_batch_stats raw;
    memset(&raw, 0, sizeof raw);
    assert_int_equal(pcf_batch_run(o, stdin, stdout, NULL, &raw, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "pcf_batch_stats_init");
    pcf_batch_options_destroy(o);
    free(head);
    free(outs[0]);
    free(outs[1]);
}

/* Every options setter refuses a NULL options object with its own name. */
static void test_options_null(void **state)
{
    (void)state;
    pcf_error err;
    assert_int_equal(pcf_batch_options_set_db(NULL, "x", &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_batch_options_set_db: NULL argument");
    assert_int_equal(pcf_batch_options_set_db_opener(NULL, NULL, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_batch_options_set_db_opener: NULL argument");
    assert_int_equal(pcf_batch_options_set_gwp(NULL, PCF_GWP_AR6, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_batch_options_set_gwp: NULL argument");
    assert_int_equal(pcf_batch_options_set_mc(NULL, 1, 1, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_batch_options_set_mc: NULL argument");
    assert_int_equal(pcf_batch_options_set_base_dir(NULL, "/", &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_batch_options_set_base_dir: NULL argument");
    assert_int_equal(pcf_batch_options_set_input_name(NULL, "i", &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_batch_options_set_input_name: NULL argument");
    assert_int_equal(pcf_batch_options_set_sync_every(NULL, 1, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_batch_options_set_sync_every: NULL argument");
    assert_int_equal(pcf_batch_options_set_progress(NULL, NULL, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_batch_options_set_progress: NULL argument");
    assert_int_equal(pcf_batch_options_set_threads(NULL, 1, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_batch_options_set_threads: NULL argument");
    assert_int_equal(pcf_batch_options_set_input_name(NULL, NULL, &err), PCF_ERR_INVALID_ARG);
    pcf_batch_stats_init(NULL); /* nothing to do, no crash */
    pcf_batch_stats s;
    pcf_batch_stats_init(&s);
    assert_int_equal(pcf_batch_run(NULL, stdin, stdout, NULL, &s, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_batch_run: NULL argument");
}

/* One line into its record, for the forms of a line the other tests do not write. */
static char *record_of(pcf_batch_options *o, pcf_db *db, const char *text, size_t len,
                       uint64_t line_no, int want_failed)
{
    char *rec = NULL;
    int failed = -1;
    pcf_error err;
    assert_int_equal(pcf_batch_compute_line(o, db, text, len, line_no, &rec, &failed, &err),
                     PCF_OK);
    assert_int_equal(failed, want_failed);
    return rec;
}

static void test_line_forms(void **state)
{
    (void)state;
    pcf_db *db = NULL;
    assert_int_equal(pcf_db_open(db_path, PCF_DB_READ_ONLY, &db, NULL), PCF_OK);
    pcf_batch_options *o = opts_new();
    assert_int_equal(pcf_batch_options_set_input_name(o, "in.jsonl", NULL), PCF_OK);
    /* an empty line (only its CR LF) */
    char *rec = record_of(o, db, "\r\n", 2, 5, 1);
    assert_string_equal(rec, "{\"line\":5,\"id\":null,\"status\":\"error\",\"error\":{\"code\":"
                             "\"PCF_ERR_PARSE\",\"message\":\"empty line: each line holds a "
                             "model document or {\\\"path\\\": FILE}\",\"file\":\"in.jsonl\"}}");
    pcf_free(rec);
    /* a NUL byte inside the line */
    rec = record_of(o, db, "{\"a\"\0}\n", 7, 6, 1);
    assert_string_equal(rec, "{\"line\":6,\"id\":null,\"status\":\"error\",\"error\":{\"code\":"
                             "\"PCF_ERR_PARSE\",\"message\":\"the line holds a NUL byte; JSON has "
                             "none\",\"file\":\"in.jsonl\"}}");
    pcf_free(rec);
    /* {"path": 3}: not a file name; the path is $.path and no input file is named */
    const char *p = "{\"path\": 3}";
    rec = record_of(o, db, p, strlen(p), 7, 1);
    assert_string_equal(rec, "{\"line\":7,\"id\":null,\"status\":\"error\",\"error\":{\"code\":"
                             "\"PCF_ERR_PARSE\",\"message\":\"\\\"path\\\" must be a non-empty "
                             "string naming a model file\",\"path\":\"$.path\"}}");
    pcf_free(rec);
    /* an absolute path and a relative one without a base directory are read as given */
    p = "{\"path\": \"/nonexistent/m.json\"}";
    rec = record_of(o, db, p, strlen(p), 8, 1);
    assert_contains(rec, "\"code\":\"PCF_ERR_IO\"");
    assert_contains(rec, "\"file\":\"/nonexistent/m.json\"");
    pcf_free(rec);
    p = "{\"path\": \"nonexistent-dir/m.json\"}";
    rec = record_of(o, db, p, strlen(p), 9, 1);
    assert_contains(rec, "\"file\":\"nonexistent-dir/m.json\"");
    pcf_free(rec);
    /* a JSON array is neither a model nor a path: the model reader's refusal */
    rec = record_of(o, db, "[1]", 3, 10, 1);
    assert_string_equal(rec, "{\"line\":10,\"id\":null,\"status\":\"error\",\"error\":{\"code\":"
                             "\"PCF_ERR_INVALID_MODEL\",\"message\":\"a pcf model is a JSON "
                             "object with \\\"pcf_model\\\": 1 and \\\"products\\\"\",\"file\":"
                             "\"in.jsonl\",\"path\":\"$\"}}");
    pcf_free(rec);
    /* broken JSON at column 17 of line 1 of the model is line 4 of the input; a line number
     * past INT32_MAX stays in the record but cannot be the error's line */
    const char *cut = "{\"pcf_model\": 1,";
    rec = record_of(o, db, cut, strlen(cut), 4, 1);
    assert_contains(rec, "\"file\":\"in.jsonl\",\"line\":4,\"column\":");
    pcf_free(rec);
    rec = record_of(o, db, cut, strlen(cut), 3000000000u, 1);
    assert_contains(rec, "{\"line\":3000000000,\"id\":null,");
    assert_contains(rec, "\"file\":\"in.jsonl\",\"column\":");
    pcf_free(rec);
    /* a model the resolver refuses keeps its id, and its problems are listed */
    const char *bad =
        "{\"pcf_model\": 1, \"products\": [{\"id\": \"u\", \"declared_unit\": "
        "{\"amount\": 1, \"unit\": \"item\"}, \"stages\": {\"materials\": [{\"name\": "
        "\"Steel\", \"amount\": 2, \"unit\": \"parsec\"}]}}]}";
    rec = record_of(o, db, bad, strlen(bad), 11, 1);
    assert_contains(rec, "{\"line\":11,\"id\":\"u\",\"status\":\"error\",\"error\":{");
    assert_contains(rec, "\"problems\":[{\"severity\":\"error\",");
    assert_contains(rec, "\"path\":\"$.products[0].stages.materials[0].unit\"");
    pcf_free(rec);
    /* "A" without recycling method cff: an ok record with its warning; 2 × 1.5 = 3 */
    const char *warn = "{\"pcf_model\": 1, \"products\": [{\"id\": \"w\", \"declared_unit\": "
                       "{\"amount\": 1, \"unit\": \"item\"}, \"stages\": {\"materials\": "
                       "[{\"name\": \"Steel\", \"amount\": 2, \"unit\": \"kg\", \"factor\": "
                       "{\"value\": 1.5, \"unit\": \"kgCO2e/kg\"}, \"A\": 0.2}]}}]}";
    rec = record_of(o, db, warn, strlen(warn), 12, 0);
    assert_contains(rec, "{\"line\":12,\"id\":\"w\",\"status\":\"ok\",\"warnings\":[{\"severity\":"
                         "\"warning\",\"message\":\"\\\"A\\\" is used only with recycling_method "
                         "cff; cut-off implies A = 1\",\"file\":\"in.jsonl\",\"path\":"
                         "\"$.products[0].stages.materials[0]\",\"line\":12,");
    assert_contains(rec, "\"total_kg_co2e\":3.0,");
    pcf_free(rec);
    pcf_batch_options_destroy(o);
    pcf_db_close(db);
}

static pcf_status null_opener(void *user, pcf_db **out, pcf_error *err)
{
    (void)user;
    *out = NULL;
    pcf_error_clear(err);
    return PCF_OK;
}

/* Writing: a stream that cannot be written, fsync after every record on a file, on /dev/null
 * (fsync says EINVAL: nothing to sync) and on a memory stream (no descriptor); an opener that
 * returns no database; resume against outputs that are not records or are torn. */
static void test_run_edges(void **state)
{
    (void)state;
    const char *input = MODEL("a") "\n" MODEL("b") "\n";
    pcf_batch_options *o = opts_new();
    pcf_batch_stats s;
    pcf_error err;
    /* a read-only stream */
    FILE *in = file_with(input), *ro = fopen("/dev/null", "r");
    assert_non_null(ro);
    pcf_batch_stats_init(&s);
    assert_int_equal(pcf_batch_run(o, in, ro, NULL, &s, &err), PCF_ERR_IO);
    assert_contains(err.message, "cannot write the record of line 1: ");
    fclose(in);
    fclose(ro);
    /* fsync after every record, on a file, /dev/null and a memory stream */
    assert_int_equal(pcf_batch_options_set_sync_every(o, 1, NULL), PCF_OK);
    char mem[8192];
    FILE *outs[3] = {tmpfile(), fopen("/dev/null", "w"), fmemopen(mem, sizeof mem, "w")};
    for (int i = 0; i < 3; i++) {
        assert_non_null(outs[i]);
        in = file_with(input);
        pcf_batch_stats_init(&s);
        assert_int_equal(pcf_batch_run(o, in, outs[i], NULL, &s, &err), PCF_OK);
        assert_true(s.lines == 2 && s.ok == 2 && s.failed == 0);
        fclose(in);
    }
    fflush(outs[2]);
    assert_true(strncmp(mem, "{\"line\":1,\"id\":\"a\",\"status\":\"ok\"", 32) == 0);
    for (int i = 0; i < 3; i++)
        fclose(outs[i]);
    /* an opener that says PCF_OK without a database */
    assert_int_equal(pcf_batch_options_set_db_opener(o, null_opener, NULL, NULL), PCF_OK);
    in = file_with(input);
    FILE *out = tmpfile();
    assert_int_equal(pcf_batch_run(o, in, out, NULL, &s, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message,
                        "the batch's database opener returned PCF_OK without a database");
    fclose(in);
    fclose(out);
    assert_int_equal(pcf_batch_options_set_db_opener(o, NULL, NULL, NULL), PCF_OK);
    /* resume: an earlier output that is not batch records */
    in = file_with(input);
    FILE *done = file_with("{\"x\": 1}\n");
    out = tmpfile();
    assert_int_equal(pcf_batch_run(o, in, out, done, &s, &err), PCF_ERR_PARSE);
    assert_string_equal(err.message, "cannot resume: a line of the earlier output is not a batch "
                                     "record with \"line\" and \"id\" (members missing)");
    fclose(in);
    fclose(done);
    fclose(out);
    /* ... a record for another line */
    in = file_with(input);
    done = file_with("{\"line\": 2, \"id\": \"a\"}\n");
    out = tmpfile();
    assert_int_equal(pcf_batch_run(o, in, out, done, &s, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "cannot resume: record 1 of the earlier output is for line 2; "
                                     "the file belongs to another input (write to a new file)");
    fclose(in);
    fclose(done);
    fclose(out);
    /* ... a record with "id": null where the input's line has an id */
    in = file_with(input);
    done = file_with("{\"line\": 1, \"id\": null, \"status\": \"error\"}\n");
    out = tmpfile();
    assert_int_equal(pcf_batch_run(o, in, out, done, &s, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(
        err.message, "cannot resume: line 1 of the output has id null but the input's line 1 "
                     "has \"a\"; the output file belongs to another input (write to a new file)");
    fclose(in);
    fclose(done);
    fclose(out);
    /* ... a torn last record (the earlier run was killed while writing it): line 1 is skipped,
     * line 2 computed again */
    in = file_with(input);
    done = file_with("{\"line\": 1, \"id\": \"a\", \"status\": \"ok\"}\n{\"line\": 2, \"id\"");
    out = tmpfile();
    pcf_batch_stats_init(&s);
    assert_int_equal(pcf_batch_run(o, in, out, done, &s, &err), PCF_OK);
    assert_true(s.lines == 2 && s.ok == 1 && s.skipped == 1 && s.skipped_failed == 0);
    char *rest = content(out);
    assert_true(strncmp(rest, "{\"line\":2,\"id\":\"b\",\"status\":\"ok\"", 32) == 0);
    free(rest);
    fclose(in);
    fclose(done);
    fclose(out);
    pcf_batch_options_destroy(o);
}

/* pcf_batch_compute_line and pcf_batch_run refuse each missing argument and clear what they
 * return; a line that is an object without "pcf_model" or "path" is read as a model (and
 * refused as one), and {"path": ""} names no file. */
static void test_line_argument_edges(void **state)
{
    (void)state;
    pcf_db *db = NULL;
    assert_int_equal(pcf_db_open(db_path, PCF_DB_READ_ONLY, &db, NULL), PCF_OK);
    pcf_batch_options *o = opts_new();
    const char *m = MODEL("n");
    char *rec = (char *)m;
    int failed = 5;
    pcf_error err;
    assert_int_equal(pcf_batch_compute_line(o, db, m, strlen(m), 1, NULL, &failed, &err),
                     PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_batch_compute_line: NULL argument");
    assert_int_equal(failed, 0);
    assert_int_equal(pcf_batch_compute_line(o, db, m, strlen(m), 1, &rec, NULL, &err),
                     PCF_ERR_INVALID_ARG);
    assert_null(rec);
    assert_int_equal(pcf_batch_compute_line(o, NULL, m, strlen(m), 1, &rec, &failed, &err),
                     PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_batch_compute_line(NULL, db, m, strlen(m), 1, &rec, &failed, &err),
                     PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_batch_compute_line(o, db, NULL, 0, 1, &rec, &failed, &err),
                     PCF_ERR_INVALID_ARG);
    /* {"path": ""} */
    const char *p = "{\"path\": \"\"}";
    rec = record_of(o, db, p, strlen(p), 2, 1);
    assert_string_equal(rec, "{\"line\":2,\"id\":null,\"status\":\"error\",\"error\":{\"code\":"
                             "\"PCF_ERR_PARSE\",\"message\":\"\\\"path\\\" must be a non-empty "
                             "string naming a model file\",\"path\":\"$.path\"}}");
    pcf_free(rec);
    /* {"x": 1}: no path, so the model reader has it and misses "pcf_model" */
    p = "{\"x\": 1}";
    rec = record_of(o, db, p, strlen(p), 3, 1);
    assert_contains(rec, "{\"line\":3,\"id\":null,\"status\":\"error\",\"error\":{\"code\":"
                         "\"PCF_ERR_INVALID_MODEL\",");
    pcf_free(rec);
    FILE *in = file_with(MODEL("a") "\n");
    assert_int_equal(pcf_batch_run(o, in, stdout, NULL, NULL, &err), PCF_ERR_INVALID_ARG);
    assert_string_equal(err.message, "pcf_batch_run: NULL argument");
    assert_int_equal(pcf_batch_run(o, NULL, stdout, NULL, NULL, &err), PCF_ERR_INVALID_ARG);
    fclose(in);
    pcf_batch_options_destroy(o);
    pcf_db_close(db);
}

int main(int argc, char **argv)
{
    db_path = argc > 1 ? argv[1] : NULL;
    if (!db_path) {
        fprintf(stderr, "usage: test_batch FACTORS_DB\n");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_options),      cmocka_unit_test(test_seed),
        cmocka_unit_test(test_compute_line), cmocka_unit_test(test_run),
        cmocka_unit_test(test_options_null), cmocka_unit_test(test_line_forms),
        cmocka_unit_test(test_run_edges),    cmocka_unit_test(test_line_argument_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
