/*
 * Tests of pcf_model_file_open(), pcf_model_file_regime(), pcf_model_file_model(),
 * pcf_model_file_close() and pcf_system_resolve_file() (pcf/model.h, pcf/system.h): a model
 * file resolved one activity at a time from its text gives the same system as the model read in
 * full, the same problems with the same path, line and column, the same refusals with the same
 * wording as pcf_model_read_file(), and frees everything on every outcome (the ASan and
 * valgrind runs would report a leak). GPL-3.0-or-later; see LICENSE.
 */
#include "testutil.h"

#include <pcf/pcf.h>

#include <stdlib.h>
#include <unistd.h>

#define N_PAIRS 5000

static char dir[] = "/tmp/pcf-file-XXXXXX";

/* Two products: the main one has N_PAIRS pairs of materials (1.5 kg and 1.5 t of a material
 * with an own factor of 2 kg CO2e/kg) under a stage key written with an escape
 * ("materi\u0061ls" is "materials"), and one part "sub" (a sub-assembly, 2 per item) whose
 * transport stage has one activity of 10 kg at 0.5 kg CO2e/kg. */
static const char *write_big(void)
{
    size_t cap = 1024 + (size_t)N_PAIRS * 2 * 128, n = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    n += (size_t)snprintf(s + n, cap - n,
                          "{\"pcf_model\": 1, \"products\": [{\"id\": \"p\", \"name\": \"P\", "
                          "\"declared_unit\": {\"amount\": 1, \"unit\": \"item\"}, "
                          "\"components\": [{\"product\": \"sub\", \"quantity\": 2}], "
                          "\"stages\": {\"materi\\u0061ls\": [");
    for (int i = 0; i < 2 * N_PAIRS; i++)
        n += (size_t)snprintf(s + n, cap - n,
                              "%s{\"name\": \"m%d\", \"amount\": 1.5, \"unit\": \"%s\", "
                              "\"factor\": {\"value\": 2, \"unit\": \"kgCO2e/kg\"}}",
                              i ? ",\n" : "", i, i % 2 ? "t" : "kg");
    snprintf(s + n, cap - n,
             "]}}, {\"id\": \"sub\", \"name\": \"S\", \"declared_unit\": {\"amount\": 1, "
             "\"unit\": \"item\"}, \"stages\": {\"production\": [], \"materials\": [{\"name\": "
             "\"t\", \"amount\": 10, \"unit\": \"kg\", \"factor\": {\"value\": 0.5, \"unit\": "
             "\"kgCO2e/kg\"}}]}}]}\n");
    const char *path = testutil_path(dir, "big.json");
    testutil_write(path, s, strlen(s));
    free(s);
    return path;
}

static pcf_model_file *open_ok(const char *path)
{
    pcf_model_file *f = NULL;
    pcf_error err;
    if (pcf_model_file_open(path, &f, &err) != PCF_OK)
        fail_msg("open: %s", err.message);
    return f;
}

static void file_matches_read(void **state)
{
    (void)state;
    const char *path = write_big();
    pcf_model *m = NULL;
    pcf_error err;
    assert_int_equal(pcf_model_read_file(path, &m, &err), PCF_OK);
    pcf_system *a = NULL, *b = NULL;
    assert_int_equal(pcf_system_resolve(m, NULL, (pcf_gwp_set)0, NULL, &a, &err), PCF_OK);
    pcf_model_destroy(m);
    assert_int_equal(pcf_system_resolve_file(open_ok(path), NULL, (pcf_gwp_set)0, NULL, &b, &err),
                     PCF_OK);
    assert_int_equal(pcf_system_activity_count(b), 2 * N_PAIRS + 1);
    assert_int_equal(pcf_system_activity_count(a), pcf_system_activity_count(b));
    assert_int_equal(pcf_system_param_count(a), pcf_system_param_count(b));
    pcf_result *ra = NULL, *rb = NULL;
    assert_int_equal(pcf_calculate(a, &ra, &err), PCF_OK);
    assert_int_equal(pcf_calculate(b, &rb, &err), PCF_OK);
    pcf_system_destroy(a);
    pcf_system_destroy(b);
    /* a pair: 1.5 kg × 2 + 1.5 t × 1000 kg/t × 2 = 3003 kg CO2e; the part: 2 × 10 kg × 0.5 */
    assert_double_close(pcf_result_total_kg_co2e(rb), 3003.0 * N_PAIRS + 10.0, 0, 0);
    assert_double_close(pcf_result_total_kg_co2e(ra), pcf_result_total_kg_co2e(rb), 0, 0);
    for (size_t i = 0; i < pcf_result_activity_count(ra); i++) {
        const pcf_activity_result *x = pcf_result_activity_at(ra, i),
                                  *y = pcf_result_activity_at(rb, i);
        assert_string_equal(x->path, y->path);
        assert_string_equal(x->name, y->name);
        assert_string_equal(x->unit, y->unit);
        assert_double_close(x->kg_co2e, y->kg_co2e, 0, 0);
    }
    const pcf_activity_result *last = pcf_result_activity_at(rb, 2 * N_PAIRS - 1);
    assert_string_equal(last->path, "$.products[0].stages.materials[9999]");
    assert_double_close(last->kg_co2e, 3000.0, 0, 0); /* 1.5 t × 2 */
    const pcf_activity_result *part = pcf_result_activity_at(rb, 2 * N_PAIRS);
    assert_string_equal(part->path, "$.products[1].stages.materials[0]");
    assert_double_close(part->kg_co2e, 10.0, 0, 0);
    pcf_result_destroy(ra);
    pcf_result_destroy(rb);

    /* the model of the opened file is the model read in full: the same document */
    pcf_model *full = NULL;
    assert_int_equal(pcf_model_read_file(path, &m, &err), PCF_OK);
    assert_int_equal(pcf_model_file_model(open_ok(path), &full, &err), PCF_OK);
    assert_int_equal(pcf_model_activity_count(full), 2 * N_PAIRS + 1);
    char *t1 = NULL, *t2 = NULL;
    assert_int_equal(pcf_model_write_string(m, &t1, &err), PCF_OK);
    assert_int_equal(pcf_model_write_string(full, &t2, &err), PCF_OK);
    assert_string_equal(t1, t2);
    free(t1);
    free(t2);
    pcf_model_destroy(m);
    pcf_model_destroy(full);
    unlink(path);
}

static pcf_diag *resolve_diag(int by_file, const char *path, pcf_status want)
{
    pcf_diag *d = NULL;
    assert_int_equal(pcf_diag_create(&d), PCF_OK);
    pcf_error err;
    pcf_system *sys = (pcf_system *)&err; /* set to NULL on failure */
    pcf_status st;
    if (by_file) {
        st = pcf_system_resolve_file(open_ok(path), NULL, (pcf_gwp_set)0, d, &sys, &err);
    } else {
        pcf_model *m = NULL;
        assert_int_equal(pcf_model_read_file(path, &m, &err), PCF_OK);
        st = pcf_system_resolve_take(m, NULL, (pcf_gwp_set)0, d, &sys, &err);
    }
    assert_int_equal(st, want);
    if (want != PCF_OK)
        assert_null(sys);
    pcf_system_destroy(want == PCF_OK ? sys : NULL);
    return d;
}

/* Problems keep their path, line and column, found in the text the activities are read from. */
static void file_reports_problems(void **state)
{
    (void)state;
    const char *path = testutil_path(dir, "bad.json");
    const char *text = "{\"pcf_model\": 1, \"products\": [{\"id\": \"p\", \"name\": \"P\",\n"
                       "\"declared_unit\": {\"amount\": 1, \"unit\": \"item\"},\n"
                       "\"stages\": {\"materials\": [\n"
                       "{\"name\": \"a\", \"amount\": 1, \"unit\": \"kg\", \"x-n\": 1,\n"
                       " \"factor\": {\"value\": 2, \"unit\": \"kgCO2e/kg\"}}, 7,\n"
                       "{\"name\": \"b\", \"amount\": 1, \"unit\": \"furlong\", \"colour\": 1,\n"
                       " \"factor\": {\"value\": 2, \"unit\": \"kgCO2e/kg\"}}]}}]}\n";
    testutil_write(path, text, strlen(text));
    pcf_diag *a = resolve_diag(0, path, PCF_ERR_INVALID_MODEL);
    pcf_diag *b = resolve_diag(1, path, PCF_ERR_INVALID_MODEL);
    /* the element 7 is not an object; "colour" is unknown (a warning); "furlong" is no unit */
    assert_int_equal(pcf_diag_count(b), 3);
    assert_int_equal(pcf_diag_count(a), pcf_diag_count(b));
    for (size_t i = 0; i < pcf_diag_count(b); i++) {
        const pcf_error *x = pcf_diag_at(a, i), *y = pcf_diag_at(b, i);
        assert_string_equal(x->message, y->message);
        assert_string_equal(x->path, y->path);
        assert_string_equal(x->file, y->file);
        assert_int_equal(x->line, y->line);
        assert_int_equal(x->column, y->column);
    }
    const pcf_error *e = pcf_diag_at(b, 2);
    assert_string_equal(e->path, "$.products[0].stages.materials[2].unit");
    /* "furlong" is on line 6, its opening quote at byte 36 of the line (35 bytes before it) */
    assert_int_equal(e->line, 6);
    assert_int_equal(e->column, 36);
    assert_contains(e->message, "furlong");
    e = pcf_diag_at(b, 0);
    assert_string_equal(e->path, "$.products[0].stages.materials[1]");
    assert_int_equal(e->line, 5); /* the 7 after the first activity */
    pcf_diag_destroy(a);
    pcf_diag_destroy(b);
    unlink(path);
}

/* Text the full reader refuses is refused with its words, line and column, wherever in a stage
 * array the fault is. */
static void file_refuses_as_read(void **state)
{
    (void)state;
    static const char *const stage_texts[] = {
        "[{\"name\": \"a\", \"name\": \"b\"}]",       /* a duplicate key */
        "[{\"name\": \"a\", \"n\\u0061me\": \"b\"}]", /* the same, escaped */
        "[{\"amount\": 1e999}]",                      /* a real too large */
        "[{\"amount\": 123456789012345678901}]",      /* an integer too large */
        "[{\"amount\": 01}]",                         /* a leading zero */
        "[{\"name\": \"\\ud800\"}]",                  /* a lone surrogate */
        "[{\"name\": \"\\u0000\"}]",                  /* a NUL */
        "[{\"name\": \"a\"},]",                       /* a trailing comma */
        "[], \"materials\": []",                      /* the stage twice */
        "[{\"amount\": tru}]",
    };
    for (size_t i = 0; i < sizeof stage_texts / sizeof *stage_texts; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "{\"pcf_model\": 1, \"products\": [{\"id\": \"p\", \"name\": \"P\",\n"
                 "\"declared_unit\": {\"amount\": 1, \"unit\": \"item\"},\n"
                 "\"stages\": {\"materials\": %s}}]}\n",
                 stage_texts[i]);
        const char *path = testutil_path(dir, "refused.json");
        testutil_write(path, text, strlen(text));
        pcf_model *m = NULL;
        pcf_model_file *f = (pcf_model_file *)&m; /* set to NULL on failure */
        pcf_error e1, e2;
        assert_int_equal(pcf_model_read_file(path, &m, &e1), PCF_ERR_PARSE);
        assert_int_equal(pcf_model_file_open(path, &f, &e2), PCF_ERR_PARSE);
        assert_null(f);
        assert_string_equal(e1.message, e2.message);
        assert_int_equal(e1.line, e2.line);
        assert_int_equal(e1.column, e2.column);
        assert_int_equal(e2.line, 3);
        unlink(path);
    }
    pcf_error err;
    pcf_model_file *f = NULL;
    assert_int_equal(pcf_model_file_open(testutil_path(dir, "none.json"), &f, &err), PCF_ERR_IO);
    assert_int_equal(pcf_model_file_open(NULL, &f, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "pcf_model_file_open: NULL argument");
    /* not a pcf model: the same words as pcf_model_read_file */
    const char *path = testutil_path(dir, "other.json");
    testutil_write(path, "{\"products\": []}", 16);
    assert_int_equal(pcf_model_file_open(path, &f, &err), PCF_ERR_INVALID_MODEL);
    assert_contains(err.message, "it has no \"pcf_model\" key");
    unlink(path);
}

static void file_refusals_and_regime(void **state)
{
    (void)state;
    const char *path = testutil_path(dir, "small.json");
    const char *text = "{\"pcf_model\": 1, \"regime\": \"cbam\", \"products\": [{\"id\": \"p\", "
                       "\"name\": \"P\", \"declared_unit\": {\"amount\": 1, \"unit\": \"item\"}, "
                       "\"stages\": {}}]}";
    testutil_write(path, text, strlen(text));
    pcf_error err;
    pcf_system *sys = NULL;
    pcf_model *m = NULL;
    pcf_model_file *f = open_ok(path);
    assert_int_equal(pcf_model_file_regime(f), PCF_REGIME_CBAM);
    assert_int_equal(pcf_model_file_regime(NULL), PCF_REGIME_ISO14067);
    pcf_model_file_close(f);
    pcf_model_file_close(NULL);
    assert_int_equal(pcf_system_resolve_file(NULL, NULL, (pcf_gwp_set)0, NULL, &sys, &err),
                     PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "pcf_system_resolve_file: NULL argument");
    assert_int_equal(pcf_system_resolve_file(open_ok(path), NULL, (pcf_gwp_set)0, NULL, NULL, &err),
                     PCF_ERR_INVALID_ARG);
    assert_int_equal(
        pcf_system_resolve_file(open_ok(path), NULL, (pcf_gwp_set)9999, NULL, &sys, &err),
        PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "invalid GWP set 9999");
    assert_null(sys);
    assert_int_equal(pcf_model_file_model(NULL, &m, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_model_file_model(open_ok(path), NULL, &err), PCF_ERR_INVALID_ARG);
    unlink(path);
}

/* A model in the eu-battery regime is read in full: the battery rules see its activities and
 * report what pcf_system_resolve_take() reports. */
static void file_battery_read_in_full(void **state)
{
    (void)state;
    const char *path = testutil_path(dir, "battery.json");
    const char *text =
        "{\"pcf_model\": 1, \"regime\": \"eu-battery\", \"products\": [{\"id\": "
        "\"p\", \"name\": \"P\", \"declared_unit\": {\"amount\": 1, \"unit\": "
        "\"kWh\"}, \"stages\": {\"materials\": [{\"name\": \"cell\", \"amount\": 2, "
        "\"unit\": \"kg\", \"factor\": {\"value\": 3, \"unit\": \"kgCO2e/kg\"}}]}}]}";
    testutil_write(path, text, strlen(text));
    pcf_model_file *f = open_ok(path);
    assert_int_equal(pcf_model_file_regime(f), PCF_REGIME_EU_BATTERY);
    pcf_model_file_close(f);
    pcf_diag *a = NULL, *b = NULL;
    assert_int_equal(pcf_diag_create(&a), PCF_OK);
    assert_int_equal(pcf_diag_create(&b), PCF_OK);
    pcf_error e1, e2;
    pcf_system *s1 = NULL, *s2 = NULL;
    pcf_model *m = NULL;
    assert_int_equal(pcf_model_read_file(path, &m, &e1), PCF_OK);
    pcf_status st1 = pcf_system_resolve_take(m, NULL, (pcf_gwp_set)0, a, &s1, &e1);
    pcf_status st2 = pcf_system_resolve_file(open_ok(path), NULL, (pcf_gwp_set)0, b, &s2, &e2);
    assert_int_equal(st1, st2);
    assert_true(pcf_diag_count(a) > 0); /* the declaration's rules had something to say */
    assert_int_equal(pcf_diag_count(a), pcf_diag_count(b));
    for (size_t i = 0; i < pcf_diag_count(a); i++)
        assert_string_equal(pcf_diag_at(a, i)->message, pcf_diag_at(b, i)->message);
    pcf_system_destroy(s1);
    pcf_system_destroy(s2);
    pcf_diag_destroy(a);
    pcf_diag_destroy(b);
    unlink(path);
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(file_matches_read),         cmocka_unit_test(file_reports_problems),
        cmocka_unit_test(file_refuses_as_read),      cmocka_unit_test(file_refusals_and_regime),
        cmocka_unit_test(file_battery_read_in_full),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
