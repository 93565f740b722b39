/*
 * Out-of-memory paths of the model builder (lib/model.c): every edit of a model is run with its
 * Nth allocation failing, N = 0, 1, 2, ... until it succeeds, the allocations of pcf and of
 * jansson alike (oom_route_jansson()). A failed edit returns PCF_ERR_NOMEM with its message,
 * leaves the model exactly as it was (the same JSON, the same activities and paths) and leaks
 * nothing (ASan: meson test --setup=asan). Once every edit has succeeded, the model is the one
 * built without any failure. GPL-3.0-or-later; see LICENSE.
 */
#include "testutil.h"
#include "oom.h"

#include <pcf/pcf.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    size_t part, act, leg, route; /* activities made by earlier edits */
} ctx;

/* One edit: one call of the builder, which must succeed or leave the model as it was. */
#define EDIT(name, call)                                                                           \
    static pcf_status name(pcf_model *m, ctx *c, pcf_error *err)                                   \
    {                                                                                              \
        (void)c;                                                                                   \
        return call;                                                                               \
    }

EDIT(boundary, pcf_model_set_boundary(m, PCF_BOUNDARY_CRADLE_TO_GATE, err))
EDIT(gwp, pcf_model_set_gwp(m, PCF_GWP_AR5, err))
EDIT(region, pcf_model_set_region(m, "CN-FJ", err))
EDIT(recycling, pcf_model_set_recycling_method(m, PCF_RECYCLING_FIFTY_FIFTY, err))
EDIT(description, pcf_model_set_description(m, "灯具 luminaire", err))
EDIT(product_lamp, pcf_model_add_product(m, "lamp", "Lamp", NULL, err))
EDIT(product_driver, pcf_model_add_product(m, "driver", NULL, NULL, err))
/* product 0 has {"en": ...}; product 1 has no name yet */
EDIT(name_zh, pcf_model_product_set_name(m, 0, "zh", "灯", err))
EDIT(name_new, pcf_model_product_set_name(m, 1, "en", "Driver", err))
EDIT(declared_unit, pcf_model_product_set_declared_unit(m, 0, 1, "item", "one lamp", err))
EDIT(reference_flow, pcf_model_product_set_reference_flow(m, 0, 2.5, "kg", NULL, err))
EDIT(mass, pcf_model_product_set_mass(m, 0, 0.75, "kg", err))
EDIT(service_life, pcf_model_product_set_service_life(m, 0, 10, "year", err))
EDIT(allocation, pcf_model_product_set_allocation(m, 0, "economic", 0.8, err))
EDIT(subassembly, pcf_model_add_subassembly(m, 0, "driver", 1, err))
EDIT(material, pcf_model_add_material(m, 0, "aluminium", 0.5, "kg", "al-primary", &c->act, err))
EDIT(activity, pcf_model_add_activity(m, 1, PCF_STAGE_PRODUCTION, "assembly", 0, NULL, NULL, err))
EDIT(transport, pcf_model_add_transport_leg(m, 0, "truck", "road", 120, "km", 0.75, "kg",
                                            "truck-eu", &c->leg, err))
EDIT(emission,
     pcf_model_add_emission(m, 0, PCF_STAGE_PRODUCTION, "leak", "HFC-134a", 2, "g", NULL, err))
EDIT(eol_route,
     pcf_model_add_eol_route(m, 0, "recycling", "recycling", 0.6, "al-recycling", &c->route, err))
EDIT(lookup, pcf_model_activity_set_factor_lookup(m, c->act, "recycled_factor", "metals",
                                                  "aluminium", "CN", err))
EDIT(own_factor, pcf_model_activity_set_own_factor(m, c->leg, "wtt_factor", 0.0125, "kgCO2e/tkm",
                                                   "supplier EPD", err))
EDIT(code, pcf_model_activity_set_factor_code(m, c->route, "credit_factor", "al-credit", err))
EDIT(number, pcf_model_activity_set_number(m, c->act, "recycled_content", 0.25, err))
EDIT(text, pcf_model_activity_set_text(m, c->act, "comment", "ingot", err))
EDIT(text_bool, pcf_model_activity_set_text(m, c->act, "primary", "true", err))
EDIT(text_enum, pcf_model_activity_set_text(m, c->leg, "factor_scope", "ttw", err))
EDIT(text_unit, pcf_model_activity_set_text(m, c->leg, "payload_unit", "t", err))
EDIT(text_gas, pcf_model_activity_set_text(m, c->act, "gas", "CH4 non-fossil", err))
EDIT(lognormal, pcf_model_activity_set_uncertainty(m, c->act, PCF_DIST_LOGNORMAL, 1.5, 0, 0, err))
EDIT(triangular,
     pcf_model_activity_set_uncertainty(m, c->leg, PCF_DIST_TRIANGULAR, 100, 120, 150, err))
EDIT(uniform, pcf_model_activity_set_uncertainty(m, c->route, PCF_DIST_UNIFORM, 0.5, 0.7, 0, err))
EDIT(normal, pcf_model_activity_set_uncertainty(m, c->part, PCF_DIST_NORMAL, 0.25, 0, 0, err))
EDIT(fixed, pcf_model_activity_set_uncertainty(m, c->act, PCF_DIST_FIXED, 0, 0, 0, err))
/* sections of any JSON: a number of 16 significant digits is longer than jansson's first token
 * buffer (16 bytes), which json_loads grew while reading it: a failed allocation there dropped a
 * digit and the section was set all the same */
EDIT(section_object, pcf_model_set_section(m, "x-erp", "{\"cost\": 3.059657706795925}", err))
EDIT(section_number, pcf_model_set_section(m, "x-n", "3.059657706795925", err))

static pcf_status purchased_part(pcf_model *m, ctx *c, pcf_error *err)
{
    pcf_supplier_pcf s;
    pcf_supplier_pcf_init(&s);
    s.kg_co2e_per_unit = 3.5;
    s.declared_unit = "item";
    s.fossil = 3;
    s.biogenic = 0.75;
    s.biogenic_removal = -0.25;
    s.dluc = 0;
    s.aircraft = 0;
    s.primary_data_share = 0.5;
    s.supplier = "ACME";
    s.source = "PACT urn:1";
    s.biogenic_carbon = 0.1;
    return pcf_model_add_purchased_part(m, 0, "LED board", 2, "item", &s, &c->part, err);
}

#define E(name)                                                                                    \
    {                                                                                              \
#name, name                                                                                \
    }
static const struct {
    const char *name;
    pcf_status (*edit)(pcf_model *, ctx *, pcf_error *);
} edits[] = {
    E(boundary),       E(gwp),           E(region),         E(recycling),
    E(description),    E(product_lamp),  E(product_driver), E(name_zh),
    E(name_new),       E(declared_unit), E(reference_flow), E(mass),
    E(service_life),   E(allocation),    E(subassembly),    E(purchased_part),
    E(material),       E(activity),      E(transport),      E(emission),
    E(eol_route),      E(lookup),        E(own_factor),     E(code),
    E(number),         E(text),          E(text_bool),      E(text_enum),
    E(text_unit),      E(text_gas),      E(lognormal),      E(triangular),
    E(uniform),        E(normal),        E(fixed),          E(section_object),
    E(section_number),
};
#define N_EDITS (sizeof edits / sizeof edits[0])

static char *text_of(const pcf_model *m)
{
    char *s = NULL;
    pcf_error err;
    assert_int_equal(pcf_model_write_string(m, &s, &err), PCF_OK);
    return s;
}

/* The paths of all activities, one per line. */
static char *paths_of(const pcf_model *m)
{
    size_t n = pcf_model_activity_count(m), len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(pcf_model_activity_path(m, i)) + 1;
    char *s = calloc(1, len);
    assert_non_null(s);
    for (size_t i = 0; i < n; i++) {
        strcat(s, pcf_model_activity_path(m, i));
        strcat(s, "\n");
    }
    return s;
}

static pcf_model *built_without_failure(void)
{
    pcf_model *m = NULL;
    pcf_error err;
    ctx c = {0};
    assert_int_equal(pcf_model_create(&m, &err), PCF_OK);
    for (size_t i = 0; i < N_EDITS; i++)
        if (edits[i].edit(m, &c, &err) != PCF_OK)
            fail_msg("%s: %s", edits[i].name, err.message);
    return m;
}

static void every_edit_fails_cleanly(void **state)
{
    (void)state;
    pcf_model *ref = built_without_failure();
    pcf_model *m = NULL;
    pcf_error err;
    ctx c = {0};
    assert_int_equal(pcf_model_create(&m, &err), PCF_OK);
    long failures = 0;
    for (size_t i = 0; i < N_EDITS; i++) {
        char *before = text_of(m);
        char *paths_before = paths_of(m);
        size_t acts_before = pcf_model_activity_count(m);
        long n;
        for (n = 0; n < 10000; n++) {
            ctx c_try = c;
            oom_fail_at(n);
            pcf_status st = edits[i].edit(m, &c_try, &err);
            oom_fail_at(-1);
            if (st == PCF_OK) {
                assert_false(oom_failed());
                c = c_try;
                break;
            }
            if (st != PCF_ERR_NOMEM)
                fail_msg("%s, allocation %ld: %s: %s", edits[i].name, n, pcf_status_name(st),
                         err.message);
            assert_string_equal(err.message, "out of memory editing the model");
            /* the model is as it was */
            char *after = text_of(m);
            char *paths_after = paths_of(m);
            if (strcmp(after, before) != 0)
                fail_msg("%s, allocation %ld changed the model:\n%s\nwas:\n%s", edits[i].name, n,
                         after, before);
            assert_int_equal(pcf_model_activity_count(m), acts_before);
            assert_string_equal(paths_after, paths_before);
            pcf_free(after);
            free(paths_after);
            failures++;
        }
        /* every edit allocates, except deleting the uncertainty (PCF_DIST_FIXED) */
        if (n == 0 && strcmp(edits[i].name, "fixed") != 0)
            fail_msg("%s made no allocation", edits[i].name);
        pcf_free(before);
        free(paths_before);
    }
    char *got = text_of(m), *want = text_of(ref);
    assert_string_equal(got, want);
    char *pg = paths_of(m), *pw = paths_of(ref);
    assert_string_equal(pg, pw);
    print_message("%zu edits, %ld failed allocations\n", N_EDITS, failures);
    pcf_free(got);
    pcf_free(want);
    free(pg);
    free(pw);
    pcf_model_destroy(m);
    pcf_model_destroy(ref);
}

/* pcf_model_create fails cleanly at each of its allocations. */
static void create_fails_cleanly(void **state)
{
    (void)state;
    long n;
    for (n = 0; n < 1000; n++) {
        pcf_model *m = (pcf_model *)1;
        pcf_error err;
        oom_fail_at(n);
        pcf_status st = pcf_model_create(&m, &err);
        oom_fail_at(-1);
        if (st == PCF_OK) {
            pcf_model_destroy(m);
            break;
        }
        assert_int_equal(st, PCF_ERR_NOMEM);
        assert_null(m);
        assert_string_equal(err.message, "out of memory creating a model");
    }
    assert_true(n >= 4); /* the root, the products array, the version number, the model */
}

/* pcf_model_activity_path() makes all paths at once; when that fails it returns NULL, and the
 * next call makes them. */
static void activity_path_fails_cleanly(void **state)
{
    (void)state;
    pcf_model *m = built_without_failure();
    oom_fail_at(0);
    const char *p = pcf_model_activity_path(m, 0);
    oom_fail_at(-1);
    assert_true(oom_failed());
    assert_null(p);
    /* the builder numbers activities in the order they were added: the purchased part first */
    assert_string_equal(pcf_model_activity_path(m, 0), "$.products[0].components[1]");
    assert_string_equal(pcf_model_activity_path(m, 1), "$.products[0].stages.materials[0]");
    pcf_model_destroy(m);
}

/* A model file opened for one resolution (pcf_model_file_open(), the stage arrays left in the
 * text) and resolved one activity at a time (pcf_system_resolve_file()), with the Nth
 * allocation failing: each run gives out of memory or the exact total, and leaks nothing (the
 * file is taken by the resolution whatever its outcome). Total by hand: steel 2 kg × 2 = 4,
 * glass 0.5 kg × 1.5 = 0.75, electricity 3 kWh × 0.5 = 1.5, transport 0.01 t × 100 km × 0.1 =
 * 0.1: 6.35 kg CO2e. */
static void file_resolve_fails_cleanly(void **state)
{
    (void)state;
    static const char text[] =
        "{\"pcf_model\": 1, \"products\": [{\"id\": \"lamp\", \"name\": \"Lamp\", "
        "\"declared_unit\": {\"amount\": 1, \"unit\": \"item\"}, \"stages\": {"
        "\"materials\": [{\"name\": \"Steel\", \"amount\": 2, \"unit\": \"kg\", \"factor\": "
        "{\"value\": 2, \"unit\": \"kgCO2e/kg\", \"source\": \"test\"}}, {\"name\": \"Glass\", "
        "\"amount\": 0.5, \"unit\": \"kg\", \"factor\": {\"value\": 1.5, \"unit\": "
        "\"kgCO2e/kg\", \"source\": \"test\"}}], \"production\": [{\"name\": \"Electricity\", "
        "\"amount\": 3, \"unit\": \"kWh\", \"factor\": {\"value\": 0.5, \"unit\": "
        "\"kgCO2e/kWh\", \"source\": \"test\"}}], \"transport\": [{\"name\": \"Truck\", "
        "\"amount\": 1, \"unit\": \"tkm\", \"factor\": {\"value\": 0.1, \"unit\": "
        "\"kgCO2e/tkm\", \"source\": \"test\"}}]}}]}";
    char path[] = "/tmp/pcf-model-oom-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
    close(fd);
    long n;
    long nomem = 0;
    for (n = 0;; n++) {
        pcf_error err;
        pcf_model_file *f = NULL;
        pcf_system *sys = NULL;
        pcf_result *r = NULL;
        oom_fail_at(n);
        pcf_status st = pcf_model_file_open(path, &f, &err);
        if (st == PCF_OK)
            st = pcf_system_resolve_file(f, NULL, PCF_GWP_AR6, NULL, &sys, &err);
        if (st == PCF_OK)
            st = pcf_calculate(sys, &r, &err);
        oom_fail_at(-1);
        int failed = oom_failed();
        pcf_system_destroy(sys);
        if (st != PCF_OK) {
            if (st != PCF_ERR_NOMEM)
                fail_msg("allocation %ld: status %d, %s", n, (int)st, err.message);
            assert_true(failed);
            assert_true(err.message[0] != '\0');
            nomem++;
            continue;
        }
        assert_double_close(pcf_result_total_kg_co2e(r), 6.35, 1e-12, 0);
        pcf_result_destroy(r);
        if (!failed)
            break;
    }
    assert_true(nomem > 10);
    /* the same file turned into a whole model (pcf_model_file_model(), which takes the file):
     * out of memory, or the model with its four activities, the third at its JSON path */
    for (n = 0, nomem = 0;; n++) {
        pcf_error err;
        pcf_model_file *f = NULL;
        pcf_model *m = NULL;
        oom_fail_at(n);
        pcf_status st = pcf_model_file_open(path, &f, &err);
        if (st == PCF_OK)
            st = pcf_model_file_model(f, &m, &err);
        oom_fail_at(-1);
        int failed = oom_failed();
        if (st != PCF_OK) {
            if (st != PCF_ERR_NOMEM)
                fail_msg("allocation %ld: status %d, %s", n, (int)st, err.message);
            assert_null(m);
            nomem++;
            continue;
        }
        assert_int_equal(pcf_model_activity_count(m), 4);
        /* disarmed: the path, made on demand, must come */
        assert_string_equal(pcf_model_activity_path(m, 2), "$.products[0].stages.production[0]");
        pcf_model_destroy(m);
        if (!failed)
            break;
    }
    unlink(path);
    assert_true(nomem > 10);
}

int main(void)
{
    oom_route_jansson();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_edit_fails_cleanly),
        cmocka_unit_test(create_fails_cleanly),
        cmocka_unit_test(activity_path_fails_cleanly),
        cmocka_unit_test(file_resolve_fails_cleanly),
    };
    return cmocka_run_group_tests_name("model-oom", tests, NULL, NULL);
}
