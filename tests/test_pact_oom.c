/*
 * Out-of-memory paths of the pact module and the HTML report: the static
 * library is linked with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc and the Nth allocation
 * fails, for N = 0, 1, 2, ... until the call succeeds. Every failure must return PCF_ERR_NOMEM
 * and leak nothing (checked by ASan in `meson test --setup=asan`). Only allocations made by pcf's
 * own code fail; jansson and glibc allocate on their own.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "testutil.h"
#include "oom.h"

#include <pcf/pcf.h>

#include <stdlib.h>

#ifndef PACT_DATA_DIR
#error "PACT_DATA_DIR must name tests/data/pact"
#endif

typedef pcf_status (*op_fn)(void *ctx);

/* Runs op with the Nth allocation failing, for every N until it succeeds. */
static void exhaust(op_fn op, void *ctx, const char *what)
{
    for (long n = 0;; n++) {
        oom_fail_at(n);
        pcf_status st = op(ctx);
        long used = oom_allocations();
        oom_fail_at(-1);
        if (used <= n) {
            if (st != PCF_OK)
                fail_msg("%s: failed with status %d without an allocation failure", what, st);
            return;
        }
        if (st != PCF_ERR_NOMEM)
            fail_msg("%s: allocation %ld failed but the call returned %s", what, n,
                     pcf_status_name(st));
    }
}

static pcf_status op_read(void *ctx)
{
    pcf_diag *d = NULL;
    pcf_status st = pcf_diag_create(&d);
    pcf_pact_footprint *fp = NULL;
    char *out = NULL;
    if (st == PCF_OK)
        st = pcf_pact_read(ctx, d, &fp, NULL);
    if (st == PCF_OK)
        st = pcf_pact_footprint_to_json(fp, pcf_pact_footprint_spec_major(fp), &out, NULL);
    pcf_free(out);
    pcf_pact_footprint_destroy(fp);
    pcf_diag_destroy(d);
    return st;
}

/* A broken document: every violation goes into the diag list, which needs memory. */
static pcf_status op_read_broken(void *ctx)
{
    (void)ctx;
    pcf_diag *d = NULL;
    pcf_status st = pcf_diag_create(&d);
    if (st == PCF_OK) {
        st = pcf_pact_validate("{\"specVersion\": \"3.0.0\", \"id\": \"x\", \"pcf\": {}}", d, NULL);
        if (st == PCF_ERR_PARSE)
            st = pcf_diag_count(d) > 5 ? PCF_OK : PCF_ERR_INTERNAL;
    }
    pcf_diag_destroy(d);
    return st;
}

static pcf_status op_options(void *ctx)
{
    pcf_pact_options *o = NULL;
    pcf_status st = pcf_pact_options_create(&o);
    if (st == PCF_OK)
        st = pcf_pact_options_from_model_json(o, ctx, "model-bottle.json", NULL);
    pcf_pact_options_destroy(o);
    return st;
}

typedef struct write_ctx {
    const pcf_result *result;
    const char *model_json;
    int version;
} write_ctx;

static pcf_status op_write(void *ctx)
{
    write_ctx *w = ctx;
    pcf_pact_options *o = NULL;
    char *out = NULL;
    pcf_status st = pcf_pact_options_create(&o);
    if (st == PCF_OK)
        st = pcf_pact_options_from_model_json(o, w->model_json, NULL, NULL);
    if (st == PCF_OK)
        st = pcf_pact_write(w->result, o, w->version, &out, NULL);
    pcf_free(out);
    pcf_pact_options_destroy(o);
    return st;
}

/* The writer making the id, "created" and the product's names itself (the options leave them
 * out): each of those copies can fail too. */
static pcf_status op_write_fresh(void *ctx)
{
    write_ctx *w = ctx;
    pcf_pact_options *o = NULL;
    char *out = NULL;
    pcf_status st = pcf_pact_options_create(&o);
    if (st == PCF_OK)
        st = pcf_pact_options_from_model_json(o, w->model_json, NULL, NULL);
    static const char *const fresh[] = {"id", "created", "productNameCompany",
                                        "productDescription"};
    for (size_t i = 0; i < sizeof fresh / sizeof fresh[0] && st == PCF_OK; i++)
        st = pcf_pact_options_set(o, fresh[i], NULL, NULL);
    if (st == PCF_OK)
        st = pcf_pact_write(w->result, o, w->version, &out, NULL);
    pcf_free(out);
    pcf_pact_options_destroy(o);
    return st;
}

static pcf_status op_html(void *ctx)
{
    char *out = NULL;
    pcf_status st = pcf_report_html(ctx, NULL, "zh", &out, NULL);
    pcf_free(out);
    return st;
}

/*
 * pcf_pact_convert reads each footprint and puts the PACT writer's document of it into the
 * response it builds. When it wrote that document to text and read it back with jansson's
 * json_loads, an allocation failure inside jansson's token buffer dropped one character of a long
 * string and the call still succeeded: a UUID or a decimal string one character short. Failing at
 * every allocation, pcf's and jansson's, each run must give exactly the text of a run without
 * failures, or PCF_ERR_NOMEM.
 */
typedef struct convert_ctx {
    const char *doc;
    const pcf_pact_options *fields;
    int version;
} convert_ctx;

static pcf_status op_convert(const void *ctx, char **text)
{
    const convert_ctx *c = ctx;
    return pcf_pact_convert(c->doc, c->fields, c->version, text, NULL);
}

static void test_convert_oom(void **state)
{
    (void)state;
    char *v2 = testutil_slurp(PACT_DATA_DIR, "v2-bioethanol.json");
    char *v3 = testutil_slurp(PACT_DATA_DIR, "v3-example-1.json");
    pcf_pact_options *fields = NULL;
    pcf_error err;
    assert_int_equal(pcf_pact_options_create(&fields), PCF_OK);
    /* ethanol's density at 20 °C, as test_pact.c's conversion uses */
    assert_int_equal(pcf_pact_options_set(fields, "productMassPerDeclaredUnit", "0.789", &err),
                     PCF_OK);
    const convert_ctx c[] = {{v2, NULL, 2}, {v2, fields, 3}, {v3, NULL, 3}};
    oom_sweep_text(op_convert, &c[0], "pcf_pact_convert v2 to v2");
    oom_sweep_text(op_convert, &c[1], "pcf_pact_convert v2 to v3");
    oom_sweep_text(op_convert, &c[2], "pcf_pact_convert v3 to v3");
    pcf_pact_options_destroy(fields);
    free(v3);
    free(v2);
}

static void test_oom(void **state)
{
    (void)state;
    char *v2 = testutil_slurp(PACT_DATA_DIR, "v2-bioethanol.json");
    char *v3 = testutil_slurp(PACT_DATA_DIR, "v3-example-4.json");
    char *model_json = testutil_slurp(PACT_DATA_DIR, "model-bottle.json");
    exhaust(op_read, v2, "pcf_pact_read v2");
    exhaust(op_read, v3, "pcf_pact_read v3");
    exhaust(op_read_broken, NULL, "pcf_pact_validate with violations");
    exhaust(op_options, model_json, "pcf_pact_options_from_model_json");

    pcf_model *m = NULL;
    pcf_result *r = NULL;
    pcf_error err;
    assert_int_equal(pcf_model_read_string(model_json, "model-bottle.json", &m, &err), PCF_OK);
    assert_int_equal(pcf_model_calculate(m, NULL, PCF_GWP_AR6, NULL, &r, &err), PCF_OK);
    write_ctx w2 = {r, model_json, 2}, w3 = {r, model_json, 3};
    exhaust(op_write, &w2, "pcf_pact_write v2.3");
    exhaust(op_write, &w3, "pcf_pact_write v3.0");
    exhaust(op_write_fresh, &w3, "pcf_pact_write v3.0 with a new id and created");
    exhaust(op_html, r, "pcf_report_html");
    pcf_result_destroy(r);
    pcf_model_destroy(m);
    free(model_json);
    free(v3);
    free(v2);
}

int main(void)
{
    /* jansson's allocations fail in turn too: the PACT reader, validator, options and writer
     * build and print their documents with it */
    oom_route_jansson();
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_oom),
                                       cmocka_unit_test(test_convert_oom)};
    return cmocka_run_group_tests_name("pact_oom", tests, NULL, NULL);
}
