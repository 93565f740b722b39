/*
 * The result's activity records and audit lines made on demand (issue 17): a result holds its
 * system, so it may outlive the caller's handle; pcf_result_line_at() and
 * pcf_result_activity_at() make their arrays once, also when several threads ask first at once.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "testutil.h"

#include <pcf/pcf.h>

#include <pthread.h>

/* 2 kg of steel at 3 kg CO2e/kg = 6; 0.5 kg of paint at 4 kg CO2e/kg = 2; a 100 km leg of the
 * 2 kg product = 0.2 tkm, at 0.1 kg CO2e/tkm tank-to-wheel (0.02) and 0.02 well-to-tank
 * (0.004). Total 6 + 2 + 0.02 + 0.004 = 8.024 kg CO2e. */
static const char *small_model =
    "{\"pcf_model\": 1, \"products\": [{\"id\": \"p\", \"name\": \"P\", \"declared_unit\": "
    "{\"amount\": 1, \"unit\": \"item\"}, \"mass\": 2, \"mass_unit\": \"kg\", \"stages\": {"
    "\"materials\": [{\"name\": \"steel\", \"amount\": 2, \"unit\": \"kg\", \"factor\": "
    "{\"value\": 3, \"unit\": \"kgCO2e/kg\"}}, {\"name\": \"paint\", \"amount\": 0.5, \"unit\": "
    "\"kg\", \"factor\": {\"value\": 4, \"unit\": \"kgCO2e/kg\"}}],"
    "\"transport\": [{\"name\": \"truck\", \"distance\": 100, \"distance_unit\": \"km\", "
    "\"factor\": {\"value\": 0.1, \"unit\": \"kgCO2e/tkm\"}, \"factor_scope\": \"ttw\", "
    "\"wtt_factor\": {\"value\": 0.02, \"unit\": \"kgCO2e/tkm\"}}]}}]}";

static pcf_system *resolve(const char *json)
{
    pcf_error err;
    pcf_model *m = NULL;
    pcf_system *sys = NULL;
    assert_int_equal(pcf_model_read_string(json, "lazy.json", &m, &err), PCF_OK);
    assert_int_equal(pcf_system_resolve(m, NULL, (pcf_gwp_set)0, NULL, &sys, &err), PCF_OK);
    pcf_model_destroy(m);
    return sys;
}

/* The system handle goes first; the result still builds every record from it. */
static void records_outlive_the_system(void **state)
{
    (void)state;
    pcf_error err;
    pcf_system *sys = resolve(small_model);
    pcf_result *r = NULL;
    assert_int_equal(pcf_calculate(sys, &r, &err), PCF_OK);
    pcf_system_destroy(sys);
    assert_double_close(pcf_result_total_kg_co2e(r), 8.024, 1e-12, 0);
    assert_int_equal(pcf_result_line_count(r), 4);
    assert_int_equal(pcf_result_activity_count(r), 3);
    const pcf_audit_line *l = pcf_result_line_at(r, 1);
    assert_non_null(l);
    /* the paint: 0.5 kg x 4 kg CO2e/kg = 2 */
    assert_int_equal(l->activity, 1);
    assert_double_close(l->quantity, 0.5, 1e-15, 0);
    assert_double_close(l->factor_kg_co2e, 4, 1e-15, 0);
    assert_double_close(l->kg_co2e, 2, 1e-15, 0);
    assert_string_equal(l->factor_unit, "kg");
    assert_int_equal(l->origin, PCF_ORIGIN_OWN);
    assert_int_equal(l->stage, PCF_STAGE_MATERIALS);
    /* made once: the same record on every call */
    assert_ptr_equal(pcf_result_line_at(r, 1), l);
    assert_ptr_equal(pcf_result_line_at(r, 0) + 1, l);
    assert_null(pcf_result_line_at(r, 4));
    const pcf_activity_result *steel = pcf_result_activity_at(r, 0);
    const pcf_activity_result *truck = pcf_result_activity_at(r, 2);
    assert_non_null(steel);
    assert_non_null(truck);
    assert_string_equal(steel->name, "steel");
    assert_string_equal(steel->path, "$.products[0].stages.materials[0]");
    assert_double_close(steel->kg_co2e, 6, 1e-15, 0);
    assert_true(isnan(steel->ttw_kg_co2e)); /* not a transport leg */
    assert_string_equal(truck->name, "truck");
    /* the leg: 0.02 tank-to-wheel + 0.004 well-to-tank = 0.024, of which TTW 0.02 */
    assert_double_close(truck->kg_co2e, 0.024, 1e-12, 0);
    assert_double_close(truck->ttw_kg_co2e, 0.02, 1e-12, 0);
    assert_double_close(pcf_result_transport_ttw_kg_co2e(r), 0.02, 1e-12, 0);
    assert_true(pcf_result_transport_ttw_complete(r));
    assert_ptr_equal(pcf_result_activity_at(r, 2), truck);
    assert_null(pcf_result_activity_at(r, 3));
    size_t top[2];
    assert_int_equal(pcf_result_top_activities(r, 2, top), 2);
    assert_int_equal(top[0], 0); /* steel 6 */
    assert_int_equal(top[1], 1); /* paint 2 */
    /* the system it holds: 3 activities; 4 parameters (2 amounts and 2 own factors of the
     * materials) plus the leg's distance and its two factors = 7 */
    const pcf_system *held = pcf_result_system(r);
    assert_non_null(held);
    assert_int_equal(pcf_system_activity_count(held), 3);
    assert_int_equal(pcf_system_param_count(held), 7);
    assert_null(pcf_result_system(NULL));
    pcf_result_destroy(r);
}

/* A model of n activities: activity i (0-based) is i+1 kg at 2 kg CO2e/kg. */
static char *ramp_model(int n)
{
    size_t cap = 200 + (size_t)n * 120, len = 0;
    char *json = malloc(cap);
    assert_non_null(json);
    len += (size_t)snprintf(json, cap,
                            "{\"pcf_model\": 1, \"products\": [{\"id\": \"p\", \"name\": \"P\", "
                            "\"declared_unit\": {\"amount\": 1, \"unit\": \"item\"}, \"stages\": "
                            "{\"materials\": [");
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(json + len, cap - len,
                                "%s{\"name\": \"m%d\", \"amount\": %d, \"unit\": \"kg\", "
                                "\"factor\": {\"value\": 2, \"unit\": \"kgCO2e/kg\"}}",
                                i ? ", " : "", i, i + 1);
    snprintf(json + len, cap - len, "]}}]}");
    return json;
}

enum { RAMP = 1000, THREADS = 4 };

/* Asks for the last line and the last activity (the first call makes the arrays) and hands back
 * where line 0 and activity 0 are. */
static void *ask_records(void *arg)
{
    const pcf_result *r = arg;
    const void **got = malloc(2 * sizeof *got);
    if (!got)
        return NULL;
    const pcf_audit_line *l = pcf_result_line_at(r, RAMP - 1);
    const pcf_activity_result *a = pcf_result_activity_at(r, RAMP - 1);
    /* the last activity: 1000 kg x 2 = 2000 kg CO2e */
    int right = l && a && l->kg_co2e == 2000 && a->kg_co2e == 2000;
    got[0] = right ? pcf_result_line_at(r, 0) : NULL;
    got[1] = right ? pcf_result_activity_at(r, 0) : NULL;
    return got;
}

/* Threads asking a fresh result for records at once all get the one array of each. */
static void first_calls_from_threads(void **state)
{
    (void)state;
    pcf_error err;
    char *json = ramp_model(RAMP);
    pcf_system *sys = resolve(json);
    free(json);
    pcf_result *r = NULL;
    assert_int_equal(pcf_calculate(sys, &r, &err), PCF_OK);
    pcf_system_destroy(sys);
    /* 2 x (1 + 2 + ... + 1000) = 2 x 500500 */
    assert_double_close(pcf_result_total_kg_co2e(r), 1001000, 1e-15, 0);
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_create(&t[i], NULL, ask_records, r), 0);
    const void *first[2] = {NULL, NULL};
    for (int i = 0; i < THREADS; i++) {
        void *ret = NULL;
        assert_int_equal(pthread_join(t[i], &ret), 0);
        const void **got = ret;
        assert_non_null(got);
        assert_non_null(got[0]);
        assert_non_null(got[1]);
        if (i == 0) {
            first[0] = got[0];
            first[1] = got[1];
        }
        assert_ptr_equal(got[0], first[0]);
        assert_ptr_equal(got[1], first[1]);
        free(got);
    }
    assert_ptr_equal(pcf_result_line_at(r, 0), first[0]);
    /* line 0: 1 kg x 2 kg CO2e/kg */
    assert_double_close(pcf_result_line_at(r, 0)->kg_co2e, 2, 1e-15, 0);
    pcf_result_destroy(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(records_outlive_the_system),
        cmocka_unit_test(first_calls_from_threads),
    };
    return cmocka_run_group_tests_name("calc-lazy", tests, NULL, NULL);
}
