/*
 * Tests of pcf/model.h: the C builder, JSON read/write round trip, and validation (every problem
 * in one pass, each with its exact status, JSON path and line/column).
 * GPL-3.0-or-later; see LICENSE.
 */
#include "testutil.h"

#include <pcf/pcf.h>

#include <stdlib.h>
#include <unistd.h>

static void names(void **state)
{
    (void)state;
    assert_string_equal(pcf_stage_name(PCF_STAGE_MATERIALS), "materials");
    assert_string_equal(pcf_stage_name(PCF_STAGE_END_OF_LIFE), "end_of_life");
    assert_null(pcf_stage_name(PCF_STAGE_COUNT));
    assert_null(pcf_stage_name((pcf_stage)-1));
    assert_string_equal(pcf_flow_name(PCF_FLOW_BIOGENIC_REMOVAL), "biogenic_removal");
    assert_string_equal(pcf_flow_name(PCF_FLOW_AIRCRAFT), "aircraft");
    assert_null(pcf_flow_name(PCF_FLOW_COUNT));
    assert_string_equal(pcf_boundary_name(PCF_BOUNDARY_CRADLE_TO_GATE), "cradle-to-gate");
    assert_string_equal(pcf_boundary_name(PCF_BOUNDARY_CRADLE_TO_GRAVE), "cradle-to-grave");
    assert_null(pcf_boundary_name((pcf_boundary)7));
    assert_string_equal(pcf_recycling_method_name(PCF_RECYCLING_FIFTY_FIFTY), "50/50");
    assert_string_equal(pcf_recycling_method_name(PCF_RECYCLING_CFF), "cff");
    assert_null(pcf_recycling_method_name((pcf_recycling_method)9));
    pcf_supplier_pcf s;
    pcf_supplier_pcf_init(&s);
    assert_true(isnan(s.fossil) && isnan(s.biogenic) && isnan(s.primary_data_share));
    assert_null(s.declared_unit);
    assert_int_equal(s.struct_size, sizeof s);
    pcf_supplier_pcf_init(NULL); /* no-op */

    /* A record not filled by pcf_supplier_pcf_init() (struct_size 0, or a size from other
     * headers) is refused rather than read past its end. */
    pcf_model *m = NULL;
    pcf_error err;
    size_t p;
    assert_int_equal(pcf_model_create(&m, &err), PCF_OK);
    assert_int_equal(pcf_model_add_product(m, "x", "X", &p, &err), PCF_OK);
    pcf_supplier_pcf raw;
    memset(&raw, 0, sizeof raw);
    raw.kg_co2e_per_unit = 1;
    raw.declared_unit = "item";
    assert_int_equal(pcf_model_add_purchased_part(m, p, "part", 1, "item", &raw, NULL, &err),
                     PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "pcf_supplier_pcf_init()");
    raw.struct_size = sizeof raw + 8;
    assert_int_equal(pcf_model_add_purchased_part(m, p, "part", 1, "item", &raw, NULL, &err),
                     PCF_ERR_INVALID_ARG);
    pcf_model_destroy(m);
}

/* Builds a small model through the C API; every setter is used once. */
static pcf_model *build_model(void)
{
    pcf_model *m = NULL;
    pcf_error err;
    size_t p = 99, sub = 99, a = 99;
    assert_int_equal(pcf_model_create(&m, &err), PCF_OK);
    assert_int_equal(pcf_model_set_boundary(m, PCF_BOUNDARY_CRADLE_TO_GRAVE, &err), PCF_OK);
    assert_int_equal(pcf_model_set_gwp(m, PCF_GWP_AR5, &err), PCF_OK);
    assert_int_equal(pcf_model_set_region(m, "CN-FJ", &err), PCF_OK);
    assert_int_equal(pcf_model_set_recycling_method(m, PCF_RECYCLING_CFF, &err), PCF_OK);
    assert_int_equal(pcf_model_set_description(m, "built in C", &err), PCF_OK);
    assert_int_equal(pcf_model_add_product(m, "lamp", "Lamp", &p, &err), PCF_OK);
    assert_int_equal(p, 0);
    assert_int_equal(pcf_model_product_set_name(m, p, "zh", "灯", &err), PCF_OK);
    assert_int_equal(pcf_model_product_set_declared_unit(m, p, 1, "item", "one lamp", &err),
                     PCF_OK);
    assert_int_equal(pcf_model_product_set_reference_flow(m, p, 1, "item", NULL, &err), PCF_OK);
    assert_int_equal(pcf_model_product_set_mass(m, p, 2, "kg", &err), PCF_OK);
    assert_int_equal(pcf_model_product_set_service_life(m, p, 5, "year", &err), PCF_OK);
    assert_int_equal(pcf_model_product_set_allocation(m, p, "economic", 0.9, &err), PCF_OK);
    assert_int_equal(pcf_model_add_product(m, "driver", NULL, &sub, &err), PCF_OK);
    assert_int_equal(sub, 1);
    assert_int_equal(pcf_model_add_subassembly(m, p, "driver", 2, &err), PCF_OK);
    assert_int_equal(
        pcf_model_add_activity(m, p, PCF_STAGE_MATERIALS, "steel", 1.5, "kg", &a, &err), PCF_OK);
    assert_int_equal(a, 0);
    assert_int_equal(pcf_model_activity_set_own_factor(m, a, NULL, 2, "kgCO2e/kg", "mill", &err),
                     PCF_OK);
    assert_int_equal(pcf_model_activity_set_number(m, a, "recycled_content", 0.25, &err), PCF_OK);
    assert_int_equal(
        pcf_model_activity_set_own_factor(m, a, "recycled_factor", 0.5, "kgCO2e/kg", NULL, &err),
        PCF_OK);
    assert_int_equal(pcf_model_activity_set_number(m, a, "A", 0.2, &err), PCF_OK);
    assert_int_equal(pcf_model_activity_set_uncertainty(m, a, PCF_DIST_LOGNORMAL, 1.1, 0, 0, &err),
                     PCF_OK);
    assert_int_equal(pcf_model_add_activity(m, p, PCF_STAGE_TRANSPORT, "truck", 0, NULL, &a, &err),
                     PCF_OK);
    assert_int_equal(a, 1);
    assert_int_equal(pcf_model_activity_set_number(m, a, "distance", 700, &err), PCF_OK);
    assert_int_equal(pcf_model_activity_set_text(m, a, "distance_unit", "km", &err), PCF_OK);
    assert_int_equal(pcf_model_activity_set_text(m, a, "mode", "road", &err), PCF_OK);
    assert_int_equal(pcf_model_activity_set_factor_code(m, a, NULL, "desnz:hgv", &err), PCF_OK);
    assert_int_equal(pcf_model_activity_set_factor_lookup(m, a, "wtt_factor", "transport",
                                                          "WTT HGV", "GB", &err),
                     PCF_OK);
    assert_int_equal(pcf_model_activity_set_text(m, a, "factor_scope", "ttw", &err), PCF_OK);
    assert_int_equal(pcf_model_activity_set_text(m, a, "primary", "true", &err), PCF_OK);
    pcf_supplier_pcf s;
    pcf_supplier_pcf_init(&s);
    s.kg_co2e_per_unit = 0.5;
    s.declared_unit = "item";
    s.fossil = 0.4;
    s.biogenic = 0.1;
    s.primary_data_share = 1;
    s.supplier = "Chip Co.";
    assert_int_equal(pcf_model_add_purchased_part(m, sub, "chip", 3, "item", &s, &a, &err), PCF_OK);
    assert_int_equal(a, 2);
    return m;
}

static void builder_and_round_trip(void **state)
{
    (void)state;
    pcf_model *m = build_model();
    pcf_error err;
    assert_int_equal(pcf_model_product_count(m), 2);
    assert_string_equal(pcf_model_product_id(m, 1), "driver");
    assert_null(pcf_model_product_id(m, 2));
    assert_int_equal(pcf_model_activity_count(m), 3);
    assert_string_equal(pcf_model_activity_path(m, 1), "$.products[0].stages.transport[0]");
    assert_string_equal(pcf_model_activity_path(m, 2), "$.products[1].components[0]");
    assert_null(pcf_model_activity_path(m, 3));
    /* the path texts are made on the first call; an activity added later gets its own */
    size_t added = 0;
    assert_int_equal(
        pcf_model_add_activity(m, 1, PCF_STAGE_PRODUCTION, "winding", 2, "kWh", &added, &err),
        PCF_OK);
    assert_int_equal(added, 3);
    assert_string_equal(pcf_model_activity_path(m, 3), "$.products[1].stages.production[0]");
    assert_string_equal(pcf_model_activity_path(m, 2), "$.products[1].components[0]");
    pcf_model_destroy(m);
    m = build_model();
    assert_int_equal(pcf_model_gwp(m), PCF_GWP_AR5);
    assert_int_equal(pcf_model_boundary(m), PCF_BOUNDARY_CRADLE_TO_GRAVE);
    assert_string_equal(pcf_model_filename(m), "");

    char *json = NULL;
    assert_int_equal(pcf_model_write_string(m, &json, &err), PCF_OK);
    assert_contains(json, "\"recycled_content\": 0.25");
    assert_contains(json, "\"zh\": \"灯\"");
    assert_contains(json, "\"gsd\": 1.1");
    /* read back and write again: identical text (the format round-trips exactly) */
    pcf_model *m2 = NULL;
    assert_int_equal(pcf_model_read_string(json, "mem.json", &m2, &err), PCF_OK);
    assert_string_equal(pcf_model_filename(m2), "mem.json");
    char *json2 = NULL;
    assert_int_equal(pcf_model_write_string(m2, &json2, &err), PCF_OK);
    assert_string_equal(json, json2);
    assert_int_equal(pcf_model_activity_count(m2), 3);
    assert_int_equal(pcf_model_gwp(m2), PCF_GWP_AR5);

    /* and through a file */
    char path[] = "/tmp/pcf_test_model_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(pcf_model_write_file(m2, path, &err), PCF_OK);
    pcf_model *m3 = NULL;
    assert_int_equal(pcf_model_read_file(path, &m3, &err), PCF_OK);
    char *json3 = NULL;
    assert_int_equal(pcf_model_write_string(m3, &json3, &err), PCF_OK);
    assert_string_equal(json, json3);
    remove(path);
    pcf_free(json);
    pcf_free(json2);
    pcf_free(json3);
    pcf_model_destroy(m);
    pcf_model_destroy(m2);
    pcf_model_destroy(m3);
    pcf_model_destroy(NULL);
}

static void builder_errors(void **state)
{
    (void)state;
    pcf_model *m = NULL;
    pcf_error err;
    size_t p, a;
    assert_int_equal(pcf_model_create(NULL, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_model_create(&m, &err), PCF_OK);
    assert_int_equal(pcf_model_add_product(m, "bad id!", NULL, &p, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "bad id!");
    assert_int_equal(pcf_model_add_product(m, "x", NULL, &p, &err), PCF_OK);
    assert_int_equal(pcf_model_add_product(m, "x", NULL, &p, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "already exists");
    assert_int_equal(pcf_model_product_set_mass(m, 0, -1, "kg", &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_model_product_set_mass(m, 0, 1, "kWh", &err), PCF_ERR_UNIT);
    assert_contains(err.message, "energy");
    assert_int_equal(pcf_model_product_set_mass(m, 5, 1, "kg", &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "out of range");
    assert_int_equal(pcf_model_product_set_declared_unit(m, 0, 0, "item", NULL, &err),
                     PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_model_product_set_declared_unit(m, 0, 1, "widgets", NULL, &err),
                     PCF_ERR_NOT_FOUND);
    assert_int_equal(pcf_model_product_set_allocation(m, 0, "mass", 1.5, &err),
                     PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_model_product_set_allocation(m, 0, "price", 0.5, &err),
                     PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_model_add_activity(m, 0, PCF_STAGE_USE, "x", NAN, "kWh", &a, &err),
                     PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "finite");
    assert_int_equal(pcf_model_add_activity(m, 0, PCF_STAGE_USE, "x", -1, "kWh", &a, &err),
                     PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_model_add_activity(m, 0, PCF_STAGE_USE, "x", 1, "kWhh", &a, &err),
                     PCF_ERR_NOT_FOUND);
    assert_int_equal(pcf_model_add_activity(m, 0, PCF_STAGE_COUNT, "x", 1, "kWh", &a, &err),
                     PCF_ERR_INVALID_ARG);
    /* keys are checked against the key table: range, values, and the stage they belong to */
    size_t mat = 0, leg = 0;
    assert_int_equal(pcf_model_add_activity(m, 0, PCF_STAGE_MATERIALS, "x", 1, "kg", &mat, &err),
                     PCF_OK);
    assert_int_equal(pcf_model_add_activity(m, 0, PCF_STAGE_TRANSPORT, "x", 1, "tkm", &leg, &err),
                     PCF_OK);
    assert_int_equal(pcf_model_add_activity(m, 0, PCF_STAGE_USE, "x", 1, "kWh", &a, &err), PCF_OK);
    assert_int_equal(pcf_model_activity_set_number(m, mat, "loss_rate", 1.0, &err),
                     PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "loss_rate = 1 is out of range");
    assert_int_equal(pcf_model_activity_set_number(m, leg, "load_factor", INFINITY, &err),
                     PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_model_activity_set_number(m, a, "loss_rate", 0.1, &err),
                     PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "\"loss_rate\" is not a key of use activities");
    assert_int_equal(pcf_model_activity_set_number(m, a, "colour", 1, &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "colour");
    assert_int_equal(pcf_model_activity_set_text(m, leg, "mode", "teleport", &err),
                     PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "teleport");
    assert_int_equal(pcf_model_activity_set_text(m, a, "mode", "road", &err), PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "\"mode\" is not a key of use activities");
    assert_int_equal(pcf_model_activity_set_text(m, leg, "distance_unit", "kg", &err),
                     PCF_ERR_UNIT);
    assert_contains(err.message, "length");
    assert_int_equal(pcf_model_activity_set_text(m, a, "gas", "unobtainium", &err),
                     PCF_ERR_NOT_FOUND);
    assert_int_equal(pcf_model_activity_set_factor_code(m, a, "bogus_slot", "c", &err),
                     PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "bogus_slot");
    assert_int_equal(pcf_model_activity_set_factor_code(m, 42, NULL, "c", &err),
                     PCF_ERR_INVALID_ARG);
    assert_int_equal(
        pcf_model_activity_set_own_factor(m, a, NULL, 1, "kgCO2e per nothing", NULL, &err),
        PCF_ERR_NOT_FOUND);
    assert_int_equal(pcf_model_activity_set_uncertainty(m, a, PCF_DIST_LOGNORMAL, 0.5, 0, 0, &err),
                     PCF_ERR_INVALID_ARG);
    pcf_supplier_pcf s;
    pcf_supplier_pcf_init(&s);
    s.kg_co2e_per_unit = 1;
    s.declared_unit = "item";
    s.biogenic_removal = 0.5; /* must be <= 0 */
    assert_int_equal(pcf_model_add_purchased_part(m, 0, "p", 1, "item", &s, &a, &err),
                     PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "biogenic_removal");
    pcf_model_destroy(m);
}

static void read_errors(void **state)
{
    (void)state;
    pcf_model *m = NULL;
    pcf_error err;
    /* a syntax error carries line and column: "x" on line 2 column 13 */
    assert_int_equal(
        pcf_model_read_string("{\"pcf_model\": 1,\n  \"products\": x}", "bad.json", &m, &err),
        PCF_ERR_PARSE);
    assert_null(m);
    assert_string_equal(err.file, "bad.json");
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 15);
    assert_int_equal(pcf_model_read_string("[1, 2]", NULL, &m, &err), PCF_ERR_INVALID_MODEL);
    assert_int_equal(pcf_model_read_string("{\"products\": []}", NULL, &m, &err),
                     PCF_ERR_INVALID_MODEL);
    assert_contains(err.message, "pcf_model");
    assert_int_equal(pcf_model_read_string("{\"pcf_model\": 2, \"products\": []}", NULL, &m, &err),
                     PCF_ERR_VERSION);
    assert_string_equal(err.path, "$.pcf_model");
    assert_int_equal(pcf_model_read_string("{\"pcf_model\": 1, \"pcf_model\": 1}", NULL, &m, &err),
                     PCF_ERR_PARSE);
    assert_int_equal(pcf_model_read_file("/nonexistent/model.json", &m, &err), PCF_ERR_IO);
    assert_string_equal(err.file, "/nonexistent/model.json");
    assert_contains(err.message, "cannot open the model file \"/nonexistent/model.json\"");
    /* A directory opens but cannot be read: an I/O error naming it, not a crash or a parse error.
     */
    assert_int_equal(pcf_model_read_file("/", &m, &err), PCF_ERR_IO);
    assert_contains(err.message, "cannot read the model file \"/\"");
    assert_int_equal(pcf_model_read_file(NULL, &m, &err), PCF_ERR_INVALID_ARG);
}

/* A file that never ends (/dev/zero) stops at the limit with an error naming the file and the
 * limit; it used to be read until memory ran out and then spin. A file within the limit reads. */
static void read_file_limit(void **state)
{
    (void)state;
    pcf_model *m = NULL;
    pcf_error err;
    assert_int_equal(pcf_model_read_file_max("/dev/zero", 1 << 20, &m, &err), PCF_ERR_IO);
    assert_null(m);
    assert_string_equal(err.file, "/dev/zero");
    assert_contains(err.message, "larger than the limit of 1048576 bytes");
    /* The default limit applies to pcf_model_read_file(): it ends too. */
    assert_int_equal(pcf_model_read_file("/dev/zero", &m, &err), PCF_ERR_IO);
    assert_contains(err.message, "limit of 536870912 bytes");

    char path[] = "/tmp/pcf-test-limit-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *doc = "{\"pcf_model\": 1, \"products\": []}";
    assert_int_equal(write(fd, doc, strlen(doc)), (ssize_t)strlen(doc));
    close(fd);
    /* One byte short of the document: refused; exactly its length: read (and then judged). */
    assert_int_equal(pcf_model_read_file_max(path, strlen(doc) - 1, &m, &err), PCF_ERR_IO);
    pcf_status st = pcf_model_read_file_max(path, strlen(doc), &m, &err);
    assert_int_not_equal(st, PCF_ERR_IO);
    pcf_model_destroy(m);
    unlink(path);
}

/* A model with seven problems; validation reports all of them, each at its place. */
static const char *bad_model =
    "{\n"
    "  \"pcf_model\": 1,\n"
    "  \"products\": [\n"
    "    {\"id\": \"a\", \"declared_unit\": {\"amount\": 1, \"unit\": \"item\"}, \"mass\": 1,\n"
    "     \"mass_unit\": \"kg\",\n"
    "     \"stages\": {\n"
    "       \"materials\": [{\"name\": \"steel\", \"amount\": -2, \"unit\": \"kg\",\n"
    "                      \"factor\": \"s\"}],\n"
    "       \"transport\": [{\"name\": \"leg\", \"distance\": 5, \"distance_unit\": \"kg\",\n"
    "                      \"factor\": \"t\"}],\n"
    "       \"end_of_life\": [{\"name\": \"r\", \"route\": \"recycling\", \"share\": 0.5},\n"
    "                       {\"name\": \"l\", \"route\": \"landfill\", \"share\": 0.3,\n"
    "                        \"factor\": \"l\"}]},\n"
    "     \"components\": [{\"product\": \"b\", \"quantity\": 1}, {\"product\": \"zz\", "
    "\"quantity\": 1}]},\n"
    "    {\"id\": \"b\", \"components\": [{\"product\": \"c\", \"quantity\": 1}]},\n"
    "    {\"id\": \"c\", \"colour\": \"red\", \"components\": [{\"product\": \"a\", "
    "\"quantity\": 2}]}\n"
    "  ]\n"
    "}\n";

static int find(const pcf_diag *d, pcf_status st, const char *path, const char *text)
{
    for (size_t i = 0; i < pcf_diag_count(d); i++) {
        const pcf_error *e = pcf_diag_at(d, i);
        if (e->code == (int)st && strcmp(e->path, path) == 0 && strstr(e->message, text))
            return (int)i;
    }
    for (size_t i = 0; i < pcf_diag_count(d); i++)
        print_message("  [%d] %s: %s\n", pcf_diag_at(d, i)->code, pcf_diag_at(d, i)->path,
                      pcf_diag_at(d, i)->message);
    fail_msg("no diagnostic %s at %s containing \"%s\"", pcf_status_name(st), path, text);
    return -1;
}

/* A diagnostic deep in a big model still carries its exact line and column (they are found
 * through an index of the text built once, not by re-scanning it per diagnostic). */
static void locate_deep_in_big_model(void **state)
{
    (void)state;
    enum { N = 3000 };
    const char *head =
        "{\n"
        "  \"pcf_model\": 1,\n"
        "  \"products\": [\n"
        "    {\"id\": \"a\", \"declared_unit\": {\"amount\": 1, \"unit\": \"item\"},\n"
        "     \"stages\": {\"materials\": [\n";
    size_t cap = strlen(head) + (size_t)N * 96 + 64, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    len += (size_t)snprintf(text + len, cap - len, "%s", head);
    for (int k = 0; k < N; k++)
        len += (size_t)snprintf(text + len, cap - len,
                                "      {\"name\": \"m%d\", \"amount\": 1, \"unit\": \"kg\", "
                                "\"factor\": \"s\", \"colour\": \"red\"}%s\n",
                                k, k + 1 < N ? "," : "");
    len += (size_t)snprintf(text + len, cap - len, "     ]}}\n  ]\n}\n");
    pcf_model *m = NULL;
    pcf_error err;
    assert_int_equal(pcf_model_read_string(text, "big.json", &m, &err), PCF_OK);
    pcf_diag *d = NULL;
    assert_int_equal(pcf_diag_create(&d), PCF_OK);
    assert_int_equal(pcf_model_validate(m, d, &err), PCF_OK);
    /* Activity k sits on line 6 + k (five header lines); its "colour" value starts after
     * `      {"name": "m<k>", "amount": 1, "unit": "kg", "factor": "s", "colour": ` — 6 spaces
     * + 66 characters + the digits of k, so at column 73 + digits(k). Every one is checked. */
    size_t seen = 0;
    for (size_t i = 0; i < pcf_diag_count(d); i++) {
        const pcf_error *e = pcf_diag_at(d, i);
        int k = -1;
        if (sscanf(e->path, "$.products[0].stages.materials[%d].colour", &k) != 1 ||
            !strstr(e->path, "colour"))
            continue;
        int digits = k < 10 ? 1 : k < 100 ? 2 : k < 1000 ? 3 : 4;
        /* the whole path, so that the index counted from 9 to 10, 99 to 100 ... reads right */
        char want[64];
        snprintf(want, sizeof want, "$.products[0].stages.materials[%d].colour", k);
        assert_string_equal(e->path, want);
        assert_int_equal(e->line, 6 + k);
        assert_int_equal(e->column, 73 + digits);
        seen++;
    }
    assert_int_equal(seen, N);
    int i = find(d, PCF_OK, "$.products[0].stages.materials[2999].colour", "unknown key");
    assert_int_equal(pcf_diag_at(d, (size_t)i)->line, 3005);
    assert_int_equal(pcf_diag_at(d, (size_t)i)->column, 77);
    pcf_diag_destroy(d);
    pcf_model_destroy(m);
    free(text);
}

/* A spelling that is no unit is parsed once and remembered while it repeats: every activity
 * that writes it still gets its own error, with the message a parse of its own gives. */
static void unknown_units_repeated(void **state)
{
    (void)state;
    static const char *const units[] = {"furlong", "furlong", "kg",  "kgg",    "furlong",
                                        "kgg",     "kWh",     "kgg", "furlong"};
    enum { N = sizeof units / sizeof units[0] };
    char text[4096];
    size_t len = (size_t)snprintf(text, sizeof text,
                                  "{\"pcf_model\": 1, \"products\": [{\"id\": \"p\", "
                                  "\"declared_unit\": {\"amount\": 1, \"unit\": \"item\"}, "
                                  "\"stages\": {\"materials\": [");
    for (size_t k = 0; k < N; k++)
        len += (size_t)snprintf(text + len, sizeof text - len,
                                "%s{\"name\": \"m%zu\", \"amount\": 1, \"unit\": \"%s\", "
                                "\"factor\": {\"value\": 2, \"unit\": \"kgCO2e/kg\"}}",
                                k ? ", " : "", k, units[k]);
    snprintf(text + len, sizeof text - len, "]}}]}");
    pcf_model *m = NULL;
    pcf_error err;
    assert_int_equal(pcf_model_read_string(text, "units.json", &m, &err), PCF_OK);
    pcf_diag *d = NULL;
    assert_int_equal(pcf_diag_create(&d), PCF_OK);
    assert_int_not_equal(pcf_model_validate(m, d, &err), PCF_OK);
    size_t errors = 0;
    for (size_t k = 0; k < N; k++) {
        char path[96];
        snprintf(path, sizeof path, "$.products[0].stages.materials[%zu].unit", k);
        const pcf_unit *u = NULL;
        pcf_error want;
        if (pcf_unit_parse(units[k], &u, &want) == PCF_OK) {
            /* kg is the factor's unit; kWh is a unit, of energy, which the factor is not per */
            continue;
        }
        int i = find(d, PCF_ERR_UNIT, path, units[k]);
        assert_string_equal(pcf_diag_at(d, (size_t)i)->message, want.message);
        errors++;
    }
    assert_int_equal(errors, 7); /* four furlong, three kgg */
    pcf_diag_destroy(d);
    pcf_model_destroy(m);
}

static void validate_all_problems(void **state)
{
    (void)state;
    pcf_model *m = NULL;
    pcf_error err;
    assert_int_equal(pcf_model_read_string(bad_model, "bad.json", &m, &err), PCF_OK);
    pcf_diag *d = NULL;
    assert_int_equal(pcf_diag_create(&d), PCF_OK);
    assert_int_equal(pcf_model_validate(m, d, &err), PCF_ERR_INVALID_MODEL);
    assert_true(pcf_diag_error_count(d) >= 5);
    /* negative amount, with its line and column (line 7, the value -2 at column 50) */
    int i = find(d, PCF_ERR_INVALID_ARG, "$.products[0].stages.materials[0].amount", "negative");
    assert_int_equal(pcf_diag_at(d, (size_t)i)->line, 7);
    assert_int_equal(pcf_diag_at(d, (size_t)i)->column, 50);
    assert_string_equal(pcf_diag_at(d, (size_t)i)->file, "bad.json");
    /* a distance in kg */
    find(d, PCF_ERR_UNIT, "$.products[0].stages.transport[0].distance_unit", "mass");
    /* route shares 0.5 + 0.3 */
    find(d, PCF_ERR_INVALID_MODEL, "$.products[0].stages.end_of_life", "add up to 0.8");
    /* unknown sub-assembly */
    find(d, PCF_ERR_NOT_FOUND, "$.products[0].components[1].product", "\"zz\"");
    /* the cycle a → b → c → a, named */
    find(d, PCF_ERR_INVALID_MODEL, "$.products[2].components[0].product", "a → b → c → a");
    /* an unknown key is a warning, not an error */
    i = find(d, PCF_OK, "$.products[2].colour", "unknown key");
    assert_int_equal(pcf_diag_severity_at(d, (size_t)i), PCF_SEVERITY_WARNING);
    /* err holds the first problem and says how many more there are */
    assert_contains(err.message, "more problems");
    pcf_diag_destroy(d);
    /* without a diag list the status is the same */
    assert_int_equal(pcf_model_validate(m, NULL, &err), PCF_ERR_INVALID_MODEL);
    assert_int_equal(pcf_model_validate(NULL, NULL, &err), PCF_ERR_INVALID_ARG);
    pcf_model_destroy(m);
}

static void sections(void **state)
{
    (void)state;
    pcf_model *m = build_model();
    pcf_error err;
    char *out = NULL;
    assert_int_equal(pcf_model_get_section(m, "pact", &out, &err), PCF_ERR_NOT_FOUND);
    assert_null(out);
    assert_int_equal(pcf_model_set_section(m, "pact", "{\"companyName\": \"ACME\"}", &err), PCF_OK);
    assert_int_equal(pcf_model_set_section(m, "x-erp", "[1, 2]", &err), PCF_OK);
    assert_int_equal(pcf_model_set_section(m, "products", "[]", &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_model_set_section(m, "x-bad", "{oops", &err), PCF_ERR_PARSE);
    assert_int_equal(err.line, 1);
    assert_int_equal(pcf_model_get_section(m, "pact", &out, &err), PCF_OK);
    assert_string_equal(out, "{\n  \"companyName\": \"ACME\"\n}");
    pcf_free(out);
    assert_int_equal(pcf_model_get_section(m, "x-erp", &out, &err), PCF_OK);
    assert_string_equal(out, "[1, 2]");
    pcf_free(out);
    /* any one JSON value, read as pcf's reader reads [text]: a scalar with blanks around it is
     * one; nothing, two values, or a second value after a bracket are not (jansson's wording) */
    assert_int_equal(pcf_model_set_section(m, "x-s", " \"s\"\n", &err), PCF_OK);
    assert_int_equal(pcf_model_get_section(m, "x-s", &out, &err), PCF_OK);
    assert_string_equal(out, "\"s\"");
    pcf_free(out);
    static const char *const not_one[] = {"", " ", "1, 2", "1] [2", "{}]", "{\"a\": 1, \"a\": 2}"};
    for (size_t i = 0; i < sizeof not_one / sizeof not_one[0]; i++) {
        assert_int_equal(pcf_model_set_section(m, "x-bad", not_one[i], &err), PCF_ERR_PARSE);
        assert_contains(err.message, "section \"x-bad\" is not JSON: ");
    }
    assert_int_equal(pcf_model_get_section(m, "x-bad", &out, &err), PCF_ERR_NOT_FOUND);
    /* sections are part of the document: validation does not warn about them */
    pcf_diag *d = NULL;
    assert_int_equal(pcf_diag_create(&d), PCF_OK);
    assert_int_equal(pcf_model_validate(m, d, &err), PCF_OK);
    assert_int_equal(pcf_diag_count(d), 0);
    pcf_diag_destroy(d);
    assert_int_equal(pcf_model_set_section(m, "pact", NULL, &err), PCF_OK);
    assert_int_equal(pcf_model_get_section(m, "pact", &out, &err), PCF_ERR_NOT_FOUND);
    pcf_model_destroy(m);
}

static void shortcuts(void **state)
{
    (void)state;
    pcf_model *m = NULL;
    pcf_error err;
    size_t p, a;
    assert_int_equal(pcf_model_create(&m, &err), PCF_OK);
    assert_int_equal(pcf_model_add_product(m, "x", "X", &p, &err), PCF_OK);
    assert_int_equal(pcf_model_product_set_declared_unit(m, p, 1, "item", NULL, &err), PCF_OK);
    assert_int_equal(pcf_model_product_set_mass(m, p, 2, "kg", &err), PCF_OK);
    assert_int_equal(pcf_model_add_material(m, p, "alu", 0.9, "kg", "ademe:alu", &a, &err), PCF_OK);
    assert_int_equal(a, 0);
    assert_int_equal(pcf_model_add_transport_leg(m, p, "truck", "road", 700, "km", 230, "kg",
                                                 "desnz:hgv", &a, &err),
                     PCF_OK);
    assert_int_equal(a, 1);
    assert_int_equal(
        pcf_model_add_transport_leg(m, p, "ship", "sea", 1000, "mi", 0, NULL, NULL, &a, &err),
        PCF_OK);
    assert_int_equal(
        pcf_model_add_emission(m, p, PCF_STAGE_PRODUCTION, "leak", "HFC-134a", 2, "g", &a, &err),
        PCF_OK);
    assert_int_equal(
        pcf_model_add_eol_route(m, p, "landfill", "landfill", 1, "desnz:fill", &a, &err), PCF_OK);
    assert_int_equal(a, 4);
    char *json = NULL;
    assert_int_equal(pcf_model_write_string(m, &json, &err), PCF_OK);
    /* compare without the layout's spaces and line breaks */
    char *q = json;
    for (const char *c = json; *c; c++)
        if (*c != ' ' && *c != '\n')
            *q++ = *c;
    *q = '\0';
    assert_contains(json,
                    "{\"name\":\"alu\",\"amount\":0.9,\"unit\":\"kg\",\"factor\":\"ademe:alu\"}");
    assert_contains(json, "{\"name\":\"truck\",\"mode\":\"road\",\"distance\":700,"
                          "\"distance_unit\":\"km\",\"mass\":230,\"mass_unit\":\"kg\","
                          "\"factor\":\"desnz:hgv\"}");
    assert_contains(json, "{\"name\":\"ship\",\"mode\":\"sea\",\"distance\":1000,"
                          "\"distance_unit\":\"mi\"}");
    assert_contains(json, "{\"name\":\"leak\",\"amount\":2,\"unit\":\"g\",\"gas\":\"HFC-134a\"}");
    assert_contains(json, "{\"name\":\"landfill\",\"route\":\"landfill\",\"share\":1,"
                          "\"factor\":\"desnz:fill\"}");
    pcf_free(json);
    /* errors leave nothing half-built behind */
    assert_int_equal(
        pcf_model_add_transport_leg(m, p, "x", "rocket", 1, "km", 1, "kg", NULL, &a, &err),
        PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "rocket");
    assert_int_equal(
        pcf_model_add_transport_leg(m, p, "x", "road", 1, "kg", 1, "kg", NULL, &a, &err),
        PCF_ERR_UNIT);
    assert_int_equal(pcf_model_add_emission(m, p, PCF_STAGE_USE, "x", "N2O", 1, "kWh", &a, &err),
                     PCF_ERR_UNIT);
    assert_int_equal(pcf_model_add_emission(m, p, PCF_STAGE_USE, "x", "XYZ-9", 1, "kg", &a, &err),
                     PCF_ERR_NOT_FOUND);
    assert_int_equal(pcf_model_add_eol_route(m, p, "x", "compost", 0.5, NULL, &a, &err),
                     PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_model_add_eol_route(m, p, "x", "landfill", 1.5, NULL, &a, &err),
                     PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_model_add_material(m, p, "x", 1, "kg", "", &a, &err), PCF_ERR_INVALID_ARG);
    assert_int_equal(pcf_model_activity_count(m), 5);
    pcf_diag *d = NULL;
    assert_int_equal(pcf_diag_create(&d), PCF_OK);
    /* the ship's factor was left for later: validation says so, then it is set */
    assert_int_equal(pcf_model_validate(m, d, &err), PCF_ERR_INVALID_MODEL);
    assert_string_equal(err.path, "$.products[0].stages.transport[1]");
    assert_contains(err.message, "\"factor\" is required");
    assert_int_equal(pcf_model_activity_set_factor_code(m, 2, NULL, "desnz:ship", &err), PCF_OK);
    pcf_diag_clear(d);
    assert_int_equal(pcf_model_validate(m, d, &err), PCF_OK);
    assert_int_equal(pcf_diag_error_count(d), 0);
    pcf_diag_destroy(d);
    pcf_model_destroy(m);
}

static void validate_ok_model(void **state)
{
    (void)state;
    pcf_model *m = build_model();
    pcf_error err;
    pcf_diag *d = NULL;
    assert_int_equal(pcf_diag_create(&d), PCF_OK);
    assert_int_equal(pcf_model_validate(m, d, &err), PCF_OK);
    assert_int_equal(pcf_diag_error_count(d), 0);
    pcf_diag_destroy(d);
    pcf_model_destroy(m);
}

/* The writer escapes strings as RFC 8259 section 7 asks, and byte for byte as jansson's
 * json_dumps() does (it wrote them before): quote, backslash and the short forms \b \t \n \f
 * \r; other control characters as \u00XX with upper-case hex digits; '/', DEL and UTF-8 as they
 * are. */
static void write_escapes(void **state)
{
    (void)state;
    pcf_model *m = NULL;
    assert_int_equal(pcf_model_create(&m, NULL), PCF_OK);
    assert_int_equal(pcf_model_set_description(m, "a\"b\\c/d\be\tf\ng\fh\ri\x01j\x1f\x7f中", NULL),
                     PCF_OK);
    char *out = NULL;
    assert_int_equal(pcf_model_write_string(m, &out, NULL), PCF_OK);
    assert_non_null(strstr(out, "\"a\\\"b\\\\c/d\\be\\tf\\ng\\fh\\ri\\u0001j\\u001F\x7f中\""));
    pcf_free(out);
    pcf_model_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names),
        cmocka_unit_test(builder_and_round_trip),
        cmocka_unit_test(builder_errors),
        cmocka_unit_test(read_errors),
        cmocka_unit_test(read_file_limit),
        cmocka_unit_test(validate_all_problems),
        cmocka_unit_test(unknown_units_repeated),
        cmocka_unit_test(sections),
        cmocka_unit_test(shortcuts),
        cmocka_unit_test(validate_ok_model),
        cmocka_unit_test(locate_deep_in_big_model),
        cmocka_unit_test(write_escapes),
    };
    return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
