/*
 * Out-of-memory paths of model, resolve, calculate and the writers: the static
 * library is linked with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc, and the Nth allocation
 * made by pcf fails, for N = 0, 1, 2, ... until the whole pipeline succeeds. Every failure must
 * return PCF_ERR_NOMEM and leak nothing (checked under ASan: meson test --setup=asan). jansson
 * allocates through its own shared-library references, which the wrap does not touch.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "testutil.h"
#include "oom.h"

#include <pcf/pcf.h>

#include <stdlib.h>
#include <string.h>

/* Every stage, a sub-assembly shared twice, a purchased part, an own and a gas factor. */
static const char *model =
    "{\"pcf_model\": 1, \"recycling_method\": \"avoided-burden\", \"products\": ["
    "{\"id\": \"a\", \"name\": {\"en\": \"A\", \"zh\": \"甲\"}, \"declared_unit\": {\"amount\": 1, "
    "\"unit\": \"item\"}, \"mass\": 2, \"mass_unit\": \"kg\", \"service_life\": 2, "
    "\"service_life_unit\": \"year\", \"stages\": {"
    "\"materials\": [{\"name\": \"m\", \"amount\": 1, \"unit\": \"kg\", \"recycled_content\": 0.5, "
    "\"biogenic_carbon\": 0.2, \"factor\": {\"value\": 2, \"unit\": \"kgCO2e/kg\"}}],"
    "\"production\": [{\"name\": \"g\", \"gas\": \"N2O\", \"amount\": 1, \"unit\": \"g\"}],"
    "\"transport\": [{\"name\": \"t\", \"distance\": 100, \"distance_unit\": \"km\", \"factor\": "
    "{\"value\": 0.1, \"unit\": \"kgCO2e/tkm\"}, \"factor_scope\": \"ttw\", \"wtt_factor\": "
    "{\"value\": 0.02, \"unit\": \"kgCO2e/tkm\"}}],"
    "\"use\": [{\"name\": \"u\", \"amount\": 5, \"unit\": \"kWh\", \"per\": \"year\", \"factor\": "
    "{\"value\": 0.5, \"unit\": \"kgCO2e/kWh\"}}],"
    "\"end_of_life\": [{\"name\": \"r\", \"route\": \"recycling\", \"share\": 1, "
    "\"credit_factor\": "
    "{\"value\": 2, \"unit\": \"kgCO2e/kg\"}}]},"
    "\"components\": [{\"product\": \"b\", \"quantity\": 1}, {\"product\": \"c\", \"quantity\": 1},"
    "{\"name\": \"p\", \"quantity\": 2, \"unit\": \"item\", \"supplier_pcf\": {\"kg_co2e\": 1, "
    "\"declared_unit\": \"item\", \"biogenic\": 0.25}}]},"
    "{\"id\": \"c\", \"components\": [{\"product\": \"b\", \"quantity\": 2}]},"
    "{\"id\": \"b\", \"stages\": {\"storage\": [{\"name\": \"s\", \"amount\": 1, \"unit\": "
    "\"kWh\", "
    "\"factor\": {\"value\": 1, \"unit\": \"kgCO2e/kWh\"}}]}}]}";

/* Runs the pipeline once; returns 1 when every step succeeded. */
static int pipeline(double *total)
{
    pcf_error err;
    pcf_model *m = NULL;
    pcf_diag *d = NULL;
    pcf_system *sys = NULL;
    pcf_result *r = NULL;
    char *a = NULL, *b = NULL, *c = NULL, *j = NULL;
    int ok = 0;
    pcf_status st;
#define STEP(call)                                                                                 \
    do {                                                                                           \
        st = (call);                                                                               \
        if (st != PCF_OK) {                                                                        \
            if (st != PCF_ERR_NOMEM)                                                               \
                fail_msg("%s returned %s: %s", #call, pcf_status_name(st), err.message);           \
            goto out;                                                                              \
        }                                                                                          \
    } while (0)
    STEP(pcf_model_read_string(model, "oom.json", &m, &err));
    STEP(pcf_diag_create(&d) == PCF_OK ? PCF_OK : PCF_ERR_NOMEM);
    STEP(pcf_model_validate(m, d, &err));
    STEP(pcf_system_resolve(m, NULL, (pcf_gwp_set)0, d, &sys, &err));
    STEP(pcf_calculate(sys, &r, &err));
    STEP(pcf_result_to_json(r, &a, &err));
    STEP(pcf_report_text(r, 3, &b, &err));
    STEP(pcf_report_csv(r, &c, &err));
    STEP(pcf_model_write_string(m, &j, &err));
    *total = pcf_result_total_kg_co2e(r);
    ok = 1;
out:
    pcf_free(a);
    pcf_free(b);
    pcf_free(c);
    pcf_free(j);
    pcf_result_destroy(r);
    pcf_system_destroy(sys);
    pcf_diag_destroy(d);
    pcf_model_destroy(m);
    return ok;
#undef STEP
}

static void every_allocation_fails_once(void **state)
{
    (void)state;
    double expected = 0, total = 0;
    oom_fail_at(-1);
    assert_true(pipeline(&expected));
    long n;
    for (n = 0; n < 100000; n++) {
        oom_fail_at(n);
        int ok = pipeline(&total);
        oom_fail_at(-1);
        if (ok)
            break;
    }
    assert_true(n > 10);
    assert_double_close(total, expected, 1e-12, 0);
    print_message("pipeline succeeded after failing allocations 0..%ld\n", n - 1);
}

/* The HTML report and the CFP study report (with a study object, in Chinese, with the
 * contribution tree) each fail cleanly at every allocation they make: PCF_ERR_NOMEM, no text,
 * nothing leaked (ASan); once nothing fails, the same text as without injection. */
static pcf_status html_reports(const pcf_result *r, char **html, char **study, pcf_error *err)
{
    static const char *study_json = "{\"report_id\": \"R-1\", \"cut_off_excluded\": [\"capital "
                                    "goods\"], \"verification\": {\"verifier\": \"V\"}}";
    *html = *study = NULL;
    pcf_status st = pcf_report_html(r, NULL, "zh", html, err);
    if (st == PCF_OK)
        st = pcf_report_study_html(r, NULL, NULL, study_json, "zh", study, err);
    if (st != PCF_OK) {
        pcf_free(*html);
        *html = NULL;
    }
    return st;
}

/* The model read and calculated with no allocation failing: the result, the model in *m. */
static pcf_result *calculated(pcf_model **m)
{
    pcf_error err;
    pcf_result *r = NULL;
    oom_fail_at(-1);
    assert_int_equal(pcf_model_read_string(model, "oom.json", m, &err), PCF_OK);
    assert_int_equal(pcf_model_calculate(*m, NULL, (pcf_gwp_set)0, NULL, &r, &err), PCF_OK);
    return r;
}

static void reports_fail_at_every_allocation(void **state)
{
    (void)state;
    pcf_error err;
    pcf_model *m = NULL;
    pcf_result *r = calculated(&m);
    char *html0 = NULL, *study0 = NULL;
    assert_int_equal(html_reports(r, &html0, &study0, &err), PCF_OK);
    long n;
    for (n = 0; n < 100000; n++) {
        char *html = NULL, *study = NULL;
        oom_fail_at(n);
        pcf_status st = html_reports(r, &html, &study, &err);
        oom_fail_at(-1);
        if (st == PCF_OK) {
            assert_string_equal(html, html0);
            assert_string_equal(study, study0);
            pcf_free(html);
            pcf_free(study);
            break;
        }
        if (st != PCF_ERR_NOMEM)
            fail_msg("allocation %ld: %s: %s", n, pcf_status_name(st), err.message);
        assert_null(html);
        assert_null(study);
    }
    assert_true(n > 2);
    print_message("the reports succeeded after failing allocations 0..%ld\n", n - 1);
    pcf_free(html0);
    pcf_free(study0);
    pcf_result_destroy(r);
    pcf_model_destroy(m);
}

/* jansson's allocations go through the injector (oom_route_jansson() in main): reading a model
 * fails cleanly at each allocation jansson makes for the tree, with the reader's message. */
static void jansson_allocation_fails_in_model_read(void **state)
{
    (void)state;
    long n, in_jansson = 0;
    for (n = 0; n < 100000; n++) {
        pcf_error err;
        pcf_model *m = NULL;
        oom_fail_at(n);
        pcf_status st = pcf_model_read_string(model, "oom.json", &m, &err);
        oom_fail_at(-1);
        if (st == PCF_OK) {
            assert_false(oom_failed());
            pcf_model_destroy(m);
            break;
        }
        assert_true(oom_failed());
        assert_int_equal(st, PCF_ERR_NOMEM);
        assert_null(m);
        if (oom_failed_in_jansson()) {
            in_jansson++;
            assert_string_equal(err.message, "out of memory reading \"oom.json\"");
        }
    }
    assert_true(in_jansson > 10);
    print_message("%ld of %ld failed allocations were jansson's\n", in_jansson, n);
}

/* A study text with a syntax error: pcf's reader refuses it and jansson words the error. An
 * allocation failure in pcf's reader is out of memory; one in jansson's wording of the error is
 * out of memory too, or (where jansson goes on with a token it could not store) still the parse
 * error the text deserves, with jansson's wording: never another status, never a leak. */
static void jansson_allocation_fails_in_study_syntax_error(void **state)
{
    (void)state;
    pcf_error err;
    pcf_model *m = NULL;
    pcf_result *r = NULL;
    assert_int_equal(pcf_model_read_string(model, "oom.json", &m, &err), PCF_OK);
    assert_int_equal(pcf_model_calculate(m, NULL, (pcf_gwp_set)0, NULL, &r, &err), PCF_OK);
    long n, nomem_in_jansson = 0;
    for (n = 0; n < 100000; n++) {
        char *out = NULL;
        oom_fail_at(n);
        pcf_status st =
            pcf_report_study_html(r, NULL, NULL, "{\"date\": [\"x\", }", "en", &out, &err);
        oom_fail_at(-1);
        assert_null(out);
        if (!oom_failed()) {
            assert_int_equal(st, PCF_ERR_PARSE);
            assert_string_equal(err.message,
                                "the study is not valid JSON: unexpected token near '}'");
            assert_string_equal(err.path, "$");
            assert_int_equal(err.line, 1);
            break;
        }
        if (st == PCF_ERR_PARSE && oom_failed_in_jansson()) {
            assert_true(strncmp(err.message, "the study is not valid JSON: ", 29) == 0);
            continue;
        }
        if (st != PCF_ERR_NOMEM)
            fail_msg("allocation %ld: %s: %s", n, pcf_status_name(st), err.message);
        assert_string_equal(err.message, "out of memory reading the study");
        nomem_in_jansson += oom_failed_in_jansson();
    }
    /* jansson's first allocation (its token buffer) fails before it reads a character */
    assert_true(nomem_in_jansson > 0);
    print_message("%ld of %ld failed allocations were jansson's and gave out of memory\n",
                  nomem_in_jansson, n);
    pcf_result_destroy(r);
    pcf_model_destroy(m);
}

/* The writers given a Monte Carlo run (200 iterations of an own factor with GSD 1.5 and an
 * amount with sd 0.1, with its ranking): the JSON report with its "monte_carlo" member, the
 * text report's uncertainty table, and the Chinese HTML and study reports with their histogram
 * and drivers. Each fails cleanly at every allocation, pcf's or jansson's: PCF_ERR_NOMEM, no
 * text, nothing leaked (ASan); once nothing fails, the same texts as without injection. The
 * JSON report always keeps its "monte_carlo" member: a document without it is never returned. */
static pcf_status mc_reports(const pcf_result *r, const pcf_mc *mc, char *out[4], pcf_error *err)
{
    out[0] = out[1] = out[2] = out[3] = NULL;
    pcf_status st = pcf_report_json_mc(r, mc, &out[0], err);
    if (st == PCF_OK)
        st = pcf_report_text_mc(r, mc, 3, &out[1], err);
    if (st == PCF_OK)
        st = pcf_report_html(r, mc, "zh", &out[2], err);
    if (st == PCF_OK)
        st = pcf_report_study_html(r, mc, NULL, NULL, "zh", &out[3], err);
    if (st != PCF_OK)
        for (int k = 0; k < 4; k++) {
            pcf_free(out[k]);
            out[k] = NULL;
        }
    return st;
}

static void monte_carlo_reports_fail_at_every_allocation(void **state)
{
    (void)state;
    static const char *mc_model =
        "{\"pcf_model\": 1, \"boundary\": \"cradle-to-gate\", \"products\": [{\"id\": \"x\", "
        "\"declared_unit\": {\"amount\": 1, \"unit\": \"item\"}, \"stages\": {\"materials\": ["
        "{\"name\": \"a0\", \"amount\": 1, \"unit\": \"kg\", \"factor\": {\"value\": 1, "
        "\"unit\": \"kgCO2e/kg\", \"uncertainty\": {\"dist\": \"lognormal\", \"gsd\": 1.5}}},"
        "{\"name\": \"a1\", \"amount\": 2, \"unit\": \"kg\", \"uncertainty\": {\"dist\": "
        "\"normal\", \"sd\": 0.1}, \"factor\": {\"value\": 1, \"unit\": \"kgCO2e/kg\"}}]}}]}";
    pcf_error err;
    pcf_model *m = NULL;
    pcf_system *sys = NULL;
    pcf_result *r = NULL;
    pcf_mc_options *o = NULL;
    pcf_mc *mc = NULL;
    oom_fail_at(-1);
    assert_int_equal(pcf_model_read_string(mc_model, "mc.json", &m, &err), PCF_OK);
    assert_int_equal(pcf_system_resolve(m, NULL, PCF_GWP_AR6, NULL, &sys, &err), PCF_OK);
    assert_int_equal(pcf_calculate(sys, &r, &err), PCF_OK);
    assert_int_equal(pcf_mc_options_create(&o, &err), PCF_OK);
    assert_int_equal(pcf_mc_options_set_iterations(o, 200, &err), PCF_OK);
    assert_int_equal(pcf_mc_options_set_seed(o, 3, &err), PCF_OK);
    assert_int_equal(pcf_mc_options_set_sensitivity(o, 1, &err), PCF_OK);
    assert_int_equal(pcf_mc_run(sys, o, &mc, &err), PCF_OK);
    char *want[4];
    assert_int_equal(mc_reports(r, mc, want, &err), PCF_OK);
    assert_contains(want[0], "\"monte_carlo\":");
    long n, in_jansson = 0;
    for (n = 0; n < 100000; n++) {
        char *got[4];
        oom_fail_at(n);
        pcf_status st = mc_reports(r, mc, got, &err);
        oom_fail_at(-1);
        if (st == PCF_OK) {
            assert_false(oom_failed());
            for (int k = 0; k < 4; k++) {
                assert_string_equal(got[k], want[k]);
                pcf_free(got[k]);
            }
            break;
        }
        assert_true(oom_failed());
        if (st != PCF_ERR_NOMEM)
            fail_msg("allocation %ld: %s: %s", n, pcf_status_name(st), err.message);
        assert_contains(err.message, "out of memory");
        in_jansson += oom_failed_in_jansson();
    }
    assert_true(in_jansson > 10);
    print_message("the Monte Carlo reports succeeded after failing allocations 0..%ld "
                  "(%ld of them jansson's)\n",
                  n - 1, in_jansson);
    for (int k = 0; k < 4; k++)
        pcf_free(want[k]);
    pcf_mc_destroy(mc);
    pcf_mc_options_destroy(o);
    pcf_result_destroy(r);
    pcf_system_destroy(sys);
    pcf_model_destroy(m);
}

/* The writers build each audit line and activity record as they write it: after the text
 * report, the CSV and the JSON document, the first pcf_result_line_at() and
 * pcf_result_activity_at() still have their arrays to make (an allocation failing then gives
 * NULL, and the next call makes it); once made, they allocate nothing more. */
static void writers_make_no_record_arrays(void **state)
{
    (void)state;
    pcf_error err;
    pcf_model *m = NULL;
    pcf_result *r = calculated(&m);
    char *text = NULL, *csv = NULL, *json = NULL;
    assert_int_equal(pcf_report_text(r, 3, &text, &err), PCF_OK);
    assert_int_equal(pcf_report_csv(r, &csv, &err), PCF_OK);
    assert_int_equal(pcf_result_to_json(r, &json, &err), PCF_OK);
    oom_fail_at(0);
    assert_null(pcf_result_line_at(r, 0));
    assert_true(oom_failed());
    oom_fail_at(0);
    assert_null(pcf_result_activity_at(r, 0));
    assert_true(oom_failed());
    oom_fail_at(-1);
    const pcf_audit_line *l = pcf_result_line_at(r, 0);
    const pcf_activity_result *a = pcf_result_activity_at(r, 0);
    assert_non_null(l);
    assert_non_null(a);
    oom_fail_at(0);
    assert_ptr_equal(pcf_result_line_at(r, 0), l);
    assert_ptr_equal(pcf_result_activity_at(r, 0), a);
    assert_int_equal(oom_allocations(), 0);
    oom_fail_at(-1);
    assert_string_equal(a->name, "m"); /* the model's first activity */
    assert_int_equal(l->activity, 0);
    pcf_free(text);
    pcf_free(csv);
    pcf_free(json);
    pcf_result_destroy(r);
    pcf_model_destroy(m);
}

int main(void)
{
    oom_route_jansson();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_allocation_fails_once),
        cmocka_unit_test(reports_fail_at_every_allocation),
        cmocka_unit_test(writers_make_no_record_arrays),
        cmocka_unit_test(jansson_allocation_fails_in_model_read),
        cmocka_unit_test(jansson_allocation_fails_in_study_syntax_error),
        cmocka_unit_test(monte_carlo_reports_fail_at_every_allocation),
    };
    return cmocka_run_group_tests_name("core-oom", tests, NULL, NULL);
}
