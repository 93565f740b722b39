/*
 * Out-of-memory paths of the mc module: the static library is linked with
 * -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc, and the Nth allocation made by pcf fails, for
 * N = 1, 2, ... until the call succeeds. Every failure must return PCF_ERR_NOMEM, leave *out NULL
 * and leak nothing (checked under ASan: meson test --setup=asan). GSL and libc allocate through
 * their own shared-library references, which the wrap does not touch.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "testutil.h"
#include "oom.h"

#include "mc_internal.h"

#include <stdlib.h>

static void build(pcf__param *p, pcf__term *t, pcf__system_core *core)
{
    memset(p, 0, 4 * sizeof *p);
    memset(t, 0, 3 * sizeof *t);
    p[0] = (pcf__param){.value = 2.0,
                        .dist = PCF_DIST_LOGNORMAL,
                        .p = {1.5, 0, 0},
                        .kind = PCF__PARAM_FACTOR,
                        .label = 0};
    p[1] = (pcf__param){.value = 3.0,
                        .dist = PCF_DIST_TRIANGULAR,
                        .p = {1, 3, 4},
                        .kind = PCF__PARAM_AMOUNT,
                        .label = 0};
    p[2] = (pcf__param){.value = 1.0,
                        .dist = PCF_DIST_UNIFORM,
                        .p = {0.5, 1.5, 0},
                        .kind = PCF__PARAM_AMOUNT,
                        .label = 1};
    p[3] = (pcf__param){.value = 0.2,
                        .dist = PCF_DIST_NORMAL,
                        .p = {0.01, 0, 0},
                        .kind = PCF__PARAM_FACTOR,
                        .label = 1};
    t[0] = (pcf__term){1.0, 1, 0, 0, 0, 0};
    t[1] = (pcf__term){2.0, 2, 3, 1, 2, 0};
    t[2] = (pcf__term){-0.5, PCF__NO_PARAM, 0, 2, 5, 0};
    core->n_params = 4;
    core->params = p;
    core->n_terms = 3;
    core->terms = t;
    core->n_activities = 3;
}

static void test_run_oom(void **state)
{
    (void)state;
    pcf__param p[4];
    pcf__term t[3];
    pcf__system_core core;
    build(p, t, &core);
    const double pct[] = {5, 95};
    int succeeded = 0;
    for (long n = 0; n < 10000 && !succeeded; n++) {
        pcf_error err;
        pcf_mc_options *o = NULL;
        pcf_mc *mc = NULL;
        char *json = NULL;
        oom_fail_at(n);
        pcf_status st = pcf_mc_options_create(&o, &err);
        if (st == PCF_OK)
            st = pcf_mc_options_set_percentiles(o, pct, 2, &err);
        if (st == PCF_OK) {
            assert_int_equal(pcf_mc_options_set_iterations(o, 300, NULL), PCF_OK);
            assert_int_equal(pcf_mc_options_set_threads(o, 2, NULL), PCF_OK);
            assert_int_equal(pcf_mc_options_set_keep_samples(o, 1, NULL), PCF_OK);
            st = pcf__mc_run_core(&core, o, &mc, &err);
        }
        if (st == PCF_OK) {
            double v;
            st = pcf_mc_total_percentile(mc, 90, &v, &err);
        }
        if (st == PCF_OK)
            st = pcf_mc_to_json(mc, &json, &err);
        oom_fail_at(-1);
        if (st == PCF_OK) {
            assert_false(oom_failed());
            succeeded = 1;
        } else {
            assert_true(oom_failed());
            assert_int_equal(st, PCF_ERR_NOMEM);
            assert_contains(err.message, "memory");
            assert_null(json);
        }
        pcf_free(json);
        pcf_mc_destroy(mc);
        pcf_mc_options_destroy(o);
    }
    assert_true(succeeded);
}

int main(void)
{
    oom_route_jansson(); /* jansson's allocations fail in turn too */
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_run_oom)};
    return cmocka_run_group_tests_name("mc_oom", tests, NULL, NULL);
}
