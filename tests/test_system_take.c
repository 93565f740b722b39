/*
 * Tests of pcf_system_resolve_take() (pcf/system.h): the resolver that destroys the model as it
 * goes gives the same system as pcf_system_resolve(), reports the same problems with their
 * path, line and column (read again from the file after the activities' objects are gone), and
 * destroys the model on every outcome (the ASan and valgrind runs would report a leak).
 * GPL-3.0-or-later; see LICENSE.
 */
#include "testutil.h"

#include <pcf/pcf.h>

#include <stdlib.h>
#include <unistd.h>

/* More activities than the resolver frees before it first returns memory to the system (16,384),
 * so that step runs too. */
#define N_PAIRS 10000

/* One product whose materials alternate 1.5 kg and 1.5 t of a material with an own factor of
 * 2 kg CO2e/kg (unit texts alternate, so the resolver's unit cache sees each again after the
 * object that spelled it was freed). */
static char *big_model(void)
{
    size_t cap = 128 + (size_t)N_PAIRS * 2 * 128, n = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    n += (size_t)snprintf(s + n, cap - n,
                          "{\"pcf_model\": 1, \"products\": [{\"id\": \"p\", \"name\": \"P\", "
                          "\"declared_unit\": {\"amount\": 1, \"unit\": \"item\"}, "
                          "\"stages\": {\"materials\": [");
    for (int i = 0; i < 2 * N_PAIRS; i++)
        n += (size_t)snprintf(s + n, cap - n,
                              "%s{\"name\": \"m%d\", \"amount\": 1.5, \"unit\": \"%s\", "
                              "\"factor\": {\"value\": 2, \"unit\": \"kgCO2e/kg\"}}",
                              i ? ",\n" : "", i, i % 2 ? "t" : "kg");
    snprintf(s + n, cap - n, "]}}]}\n");
    return s;
}

static pcf_model *read_text(const char *text, const char *name)
{
    pcf_model *m = NULL;
    pcf_error err;
    if (pcf_model_read_string(text, name, &m, &err) != PCF_OK)
        fail_msg("read: %s", err.message);
    return m;
}

static void take_matches_resolve(void **state)
{
    (void)state;
    char *text = big_model();
    pcf_model *kept = read_text(text, "big.json"), *taken = read_text(text, "big.json");
    free(text);
    pcf_error err;
    pcf_system *a = NULL, *b = NULL;
    assert_int_equal(pcf_system_resolve(kept, NULL, (pcf_gwp_set)0, NULL, &a, &err), PCF_OK);
    assert_int_equal(pcf_system_resolve_take(taken, NULL, (pcf_gwp_set)0, NULL, &b, &err), PCF_OK);
    /* the model given to pcf_system_resolve is untouched: its activities are all still there */
    assert_int_equal(pcf_model_activity_count(kept), 2 * N_PAIRS);
    pcf_model_destroy(kept);
    assert_int_equal(pcf_system_activity_count(b), 2 * N_PAIRS);
    assert_int_equal(pcf_system_param_count(b), pcf_system_param_count(a));
    pcf_result *ra = NULL, *rb = NULL;
    assert_int_equal(pcf_calculate(a, &ra, &err), PCF_OK);
    assert_int_equal(pcf_calculate(b, &rb, &err), PCF_OK);
    pcf_system_destroy(a);
    pcf_system_destroy(b);
    /* a pair: 1.5 kg × 2 + 1.5 t × 1000 kg/t × 2 = 3 + 3000 = 3003 kg CO2e; 10,000 pairs */
    assert_double_close(pcf_result_total_kg_co2e(rb), 3003.0 * N_PAIRS, 0, 0);
    assert_double_close(pcf_result_total_kg_co2e(ra), pcf_result_total_kg_co2e(rb), 0, 0);
    /* the last activity, read after 19,999 objects before it were freed: 1.5 t × 2000 */
    const pcf_activity_result *last = pcf_result_activity_at(rb, 2 * N_PAIRS - 1);
    assert_string_equal(last->name, "m19999");
    assert_string_equal(last->unit, "t");
    assert_string_equal(last->path, "$.products[0].stages.materials[19999]");
    assert_double_close(last->kg_co2e, 3000.0, 0, 0);
    pcf_result_destroy(ra);
    pcf_result_destroy(rb);
}

/* A problem in an activity after others were freed keeps its path, line and column: the text is
 * read again from the file. */
static void take_reports_problems(void **state)
{
    (void)state;
    char dir[] = "/tmp/pcf-take-XXXXXX";
    assert_non_null(mkdtemp(dir));
    const char *path = testutil_path(dir, "bad.json");
    const char *text = "{\"pcf_model\": 1, \"products\": [{\"id\": \"p\", \"name\": \"P\",\n"
                       "\"declared_unit\": {\"amount\": 1, \"unit\": \"item\"},\n"
                       "\"stages\": {\"materials\": [\n"
                       "{\"name\": \"a\", \"amount\": 1, \"unit\": \"kg\",\n"
                       " \"factor\": {\"value\": 2, \"unit\": \"kgCO2e/kg\"}},\n"
                       "{\"name\": \"b\", \"amount\": 1, \"unit\": \"furlong\",\n"
                       " \"factor\": {\"value\": 2, \"unit\": \"kgCO2e/kg\"}}]}}]}\n";
    testutil_write(path, text, strlen(text));
    pcf_model *m = NULL;
    pcf_error err;
    assert_int_equal(pcf_model_read_file(path, &m, &err), PCF_OK);
    pcf_diag *d = NULL;
    assert_int_equal(pcf_diag_create(&d), PCF_OK);
    pcf_system *sys = (pcf_system *)&err; /* set to NULL on failure */
    assert_int_equal(pcf_system_resolve_take(m, NULL, (pcf_gwp_set)0, d, &sys, &err), PCF_ERR_UNIT);
    assert_null(sys);
    assert_int_equal(pcf_diag_error_count(d), 1);
    const pcf_error *e = pcf_diag_at(d, 0);
    assert_string_equal(e->path, "$.products[0].stages.materials[1].unit");
    /* the value "furlong" is on line 6, its opening quote at byte 36 of the line (35 bytes of
     * '{"name": "b", "amount": 1, "unit": ' before it) */
    assert_int_equal(e->line, 6);
    assert_int_equal(e->column, 36);
    assert_string_equal(e->file, path);
    assert_contains(e->message, "furlong");
    pcf_diag_destroy(d);
    unlink(path);
    rmdir(dir);
}

/* Refusals destroy the model all the same (nothing leaks under ASan and valgrind). */
static void take_refusals(void **state)
{
    (void)state;
    const char *text = "{\"pcf_model\": 1, \"products\": [{\"id\": \"p\", \"name\": \"P\", "
                       "\"declared_unit\": {\"amount\": 1, \"unit\": \"item\"}, \"stages\": {}}]}";
    pcf_error err;
    pcf_system *sys = NULL;
    assert_int_equal(pcf_system_resolve_take(NULL, NULL, (pcf_gwp_set)0, NULL, &sys, &err),
                     PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "pcf_system_resolve_take: NULL argument");
    assert_int_equal(
        pcf_system_resolve_take(read_text(text, NULL), NULL, (pcf_gwp_set)0, NULL, NULL, &err),
        PCF_ERR_INVALID_ARG);
    assert_int_equal(
        pcf_system_resolve_take(read_text(text, NULL), NULL, (pcf_gwp_set)9999, NULL, &sys, &err),
        PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "invalid GWP set 9999");
    assert_null(sys);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(take_matches_resolve),
        cmocka_unit_test(take_reports_problems),
        cmocka_unit_test(take_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
