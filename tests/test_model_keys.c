/*
 * The one table of model keys (lib/model_keys.c) against docs/model.schema.json: every key the
 * schema allows in an object is in the table for that object with the same type, range and
 * values, and every key the table allows is in the schema. The schema cannot say in which stage
 * an activity key is allowed, so activities are compared as one object (the union of stages).
 * argv[1] is the schema. GPL-3.0-or-later; see LICENSE.
 */
#include "testutil.h"
#include "../lib/model_keys.h"

#include <jansson.h>
#include <math.h>

static const char *schema_path;
static json_t *schema;

/* A key as the schema describes it, in the table's terms. */
typedef struct desc {
    pcf__key_type type;
    double lo, hi;
    int lo_open, hi_open;
    json_t *values; /* enum values (borrowed) */
} desc;

static json_t *definition(const char *name)
{
    json_t *d = json_object_get(json_object_get(schema, "definitions"), name);
    if (!d)
        fail_msg("the schema has no definition %s", name);
    return d;
}

static desc describe(json_t *p, const char *key)
{
    desc d = {PCF__KEY_STRING, -INFINITY, INFINITY, 1, 1, NULL};
    const char *ref = json_string_value(json_object_get(p, "$ref"));
    if (ref) {
        const char *name = ref + strlen("#/definitions/");
        if (strcmp(name, "unit") == 0)
            d.type = PCF__KEY_UNIT;
        else if (strcmp(name, "rate_unit") == 0)
            d.type = PCF__KEY_RATE_UNIT;
        else if (strcmp(name, "factor_ref") == 0)
            d.type = PCF__KEY_FACTOR;
        else
            d = describe(definition(name), key);
        return d;
    }
    if (json_object_get(p, "const")) {
        d.type = PCF__KEY_INTEGER;
        d.lo = d.hi = json_number_value(json_object_get(p, "const"));
        d.lo_open = d.hi_open = 0;
        return d;
    }
    if (json_object_get(p, "enum")) {
        d.type = PCF__KEY_ENUM;
        d.values = json_object_get(p, "enum");
        return d;
    }
    if (json_object_get(p, "oneOf")) {
        d.type = PCF__KEY_NAME; /* the one oneOf of a key: a string or {"en", "zh"} */
        return d;
    }
    const char *t = json_string_value(json_object_get(p, "type"));
    if (!t)
        fail_msg("schema key %s has no type", key);
    if (strcmp(t, "number") == 0 || strcmp(t, "integer") == 0) {
        d.type = t[0] == 'n' ? PCF__KEY_NUMBER : PCF__KEY_INTEGER;
        json_t *v;
        if ((v = json_object_get(p, "minimum")))
            d.lo = json_number_value(v), d.lo_open = 0;
        if ((v = json_object_get(p, "exclusiveMinimum")))
            d.lo = json_number_value(v), d.lo_open = 1;
        if ((v = json_object_get(p, "maximum")))
            d.hi = json_number_value(v), d.hi_open = 0;
        if ((v = json_object_get(p, "exclusiveMaximum")))
            d.hi = json_number_value(v), d.hi_open = 1;
    } else if (strcmp(t, "string") == 0) {
        d.type = PCF__KEY_STRING;
    } else if (strcmp(t, "boolean") == 0) {
        d.type = PCF__KEY_BOOL;
    } else if (strcmp(t, "object") == 0) {
        d.type = PCF__KEY_OBJECT;
    } else if (strcmp(t, "array") == 0) {
        d.type = PCF__KEY_ARRAY;
    } else {
        fail_msg("schema key %s has type %s", key, t);
    }
    return d;
}

/* 0 when the row and the schema agree; prints the difference otherwise. */
static int differ(const char *ctx, const char *key, const pcf__model_key *k, const desc *d)
{
    if (k->type != d->type) {
        print_message("%s.%s: table type %d, schema type %d\n", ctx, key, (int)k->type,
                      (int)d->type);
        return 1;
    }
    if (k->type == PCF__KEY_NUMBER || k->type == PCF__KEY_INTEGER) {
        int lo_ok = k->lo == d->lo && (isinf(k->lo) || k->lo_open == d->lo_open);
        int hi_ok = k->hi == d->hi && (isinf(k->hi) || k->hi_open == d->hi_open);
        if (!lo_ok || !hi_ok) {
            print_message("%s.%s: table range %c%g, %g%c, schema %c%g, %g%c\n", ctx, key,
                          k->lo_open ? '(' : '[', k->lo, k->hi, k->hi_open ? ')' : ']',
                          d->lo_open ? '(' : '[', d->lo, d->hi, d->hi_open ? ')' : ']');
            return 1;
        }
    }
    if (k->type == PCF__KEY_ENUM) {
        size_t n = 0;
        while (k->values[n])
            n++;
        int same = n == json_array_size(d->values);
        for (size_t i = 0; same && i < n; i++)
            same = strcmp(k->values[i], json_string_value(json_array_get(d->values, i))) == 0;
        if (!same) {
            print_message("%s.%s: the table's values differ from the schema's enum\n", ctx, key);
            return 1;
        }
    }
    return 0;
}

/* The schema's "properties" of one object of the model, and the table's name for it. */
typedef struct context {
    const char *name;
    uint32_t where;
    json_t *props;
} context;

static json_t *at(json_t *o, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *tok = strtok(buf, "/"); tok && o; tok = strtok(NULL, "/")) {
        if (*tok >= '0' && *tok <= '9')
            o = json_array_get(o, (size_t)atoi(tok));
        else
            o = json_object_get(o, tok);
    }
    if (!o)
        fail_msg("the schema has no %s", path);
    return o;
}

static size_t contexts(context *c)
{
    json_t *d = json_object_get(schema, "definitions");
    json_t *product = at(d, "product/properties");
    json_t *allocation = at(product, "allocation/properties");
    context all[] = {
        {"model", PCF__IN_TOP, at(schema, "properties")},
        {"product", PCF__IN_PRODUCT, product},
        {"flow_amount", PCF__IN_FLOW_AMOUNT, at(d, "flow_amount/properties")},
        {"allocation", PCF__IN_ALLOCATION, allocation},
        {"coproduct", PCF__IN_COPRODUCT, at(allocation, "coproducts/items/properties")},
        {"stages", PCF__IN_STAGES, at(product, "stages/properties")},
        {"activity", PCF__IN_ACTIVITY, at(d, "activity/properties")},
        {"lookup", PCF__IN_LOOKUP, at(d, "factor_ref/oneOf/1/properties")},
        {"own factor", PCF__IN_OWN_FACTOR, at(d, "factor_ref/oneOf/2/properties")},
        {"uncertainty", PCF__IN_UNCERTAINTY, at(d, "uncertainty/properties")},
        {"supplier_pcf", PCF__IN_SUPPLIER_PCF, at(d, "supplier_pcf/properties")},
        {"sub-assembly", PCF__IN_SUBASSEMBLY, at(d, "component/oneOf/0/properties")},
        {"purchased part", PCF__IN_PART, at(d, "component/oneOf/1/properties")},
    };
    memcpy(c, all, sizeof all);
    return sizeof all / sizeof all[0];
}

static void schema_keys_are_in_the_table(void **state)
{
    (void)state;
    context c[16];
    size_t n = contexts(c), bad = 0, checked = 0;
    for (size_t i = 0; i < n; i++) {
        const char *key;
        json_t *p;
        json_object_foreach(c[i].props, key, p)
        {
            const pcf__model_key *k = pcf__model_key_find(key, c[i].where);
            if (!k) {
                print_message("%s.%s is in the schema but not in the key table\n", c[i].name, key);
                bad++;
                continue;
            }
            desc d = describe(p, key);
            bad += (size_t)differ(c[i].name, key, k, &d);
            checked++;
        }
    }
    assert_int_equal(bad, 0);
    /* 11 model keys (regime, allow_out_of_regime and battery), 12 product, 3 flow amount,
     * 3 allocation, 2 co-product, 6 stages, 36 activity, 3 lookup, 6 own factor, 8 uncertainty,
     * 11 supplier PCF (with biogenic_carbon), 3 sub-assembly, 5 purchased part (counted in
     * docs/model.schema.json) */
    assert_int_equal(checked, 11 + 12 + 3 + 3 + 2 + 6 + 36 + 3 + 6 + 8 + 11 + 3 + 5);
}

static void table_keys_are_in_the_schema(void **state)
{
    (void)state;
    context c[16];
    size_t n = contexts(c), bad = 0;
    uint32_t covered = 0;
    for (size_t i = 0; i < n; i++)
        covered |= c[i].where;
    for (size_t r = 0; r < pcf__model_key_count; r++) {
        const pcf__model_key *k = &pcf__model_keys[r];
        if (k->where & ~covered) {
            print_message("%s: the table allows it in an object the schema does not have\n",
                          k->name);
            bad++;
        }
        for (size_t i = 0; i < n; i++) {
            if (!(k->where & c[i].where))
                continue;
            json_t *p = json_object_get(c[i].props, k->name);
            if (!p) {
                print_message("%s.%s is in the key table but not in the schema\n", c[i].name,
                              k->name);
                bad++;
                continue;
            }
            /* the row the schema's key finds must be this one (one row per key and object) */
            if (pcf__model_key_find(k->name, c[i].where) != k) {
                print_message("%s.%s has two rows in the key table\n", c[i].name, k->name);
                bad++;
            }
        }
    }
    assert_int_equal(bad, 0);
}

/* Name ids: one per name, shared by its rows, so that the resolver can look a key up once per
 * activity object and ask by id afterwards. */
static void key_name_ids(void **state)
{
    (void)state;
    assert_int_equal(pcf__model_key_name_id("no such key"), -1);
    assert_int_equal(pcf__model_key_name_id(NULL), -1);
    assert_null(pcf__model_key_of_id(-1, PCF__IN_ACTIVITY));
    assert_null(pcf__model_key_of_id((int)pcf__model_key_count, PCF__IN_ACTIVITY));
    size_t names = 0;
    for (size_t r = 0; r < pcf__model_key_count; r++) {
        const pcf__model_key *k = &pcf__model_keys[r];
        int id = pcf__model_key_name_id(k->name);
        /* the id is the first row of the name, and every row of the name has it */
        assert_true(id >= 0 && (size_t)id <= r);
        assert_string_equal(pcf__model_keys[id].name, k->name);
        for (int e = 0; e < id; e++)
            assert_string_not_equal(pcf__model_keys[e].name, k->name);
        names += (size_t)id == r;
        /* asking by id finds the row asking by name finds, in each object the row allows */
        assert_ptr_equal(pcf__model_key_of_id(id, k->where),
                         pcf__model_key_find(k->name, k->where));
    }
    assert_true(names <= pcf__model_key_count && pcf__model_key_count <= PCF__MODEL_KEY_ROWS_MAX);
    /* by length: what jansson gives of a key; the length decides, not a NUL */
    assert_int_equal(pcf__model_key_name_id_n("mode", 4), pcf__model_key_name_id("mode"));
    assert_int_equal(pcf__model_key_name_id_n("modes", 4), pcf__model_key_name_id("mode"));
    assert_int_equal(pcf__model_key_name_id_n("mode\0x", 6), -1);
    assert_int_equal(pcf__model_key_name_id_n("mode", 3), -1);
    assert_int_equal(pcf__model_key_name_id_n("", 0), -1);
    assert_int_equal(pcf__model_key_name_id_n(NULL, 4), -1);
    char long_name[300];
    memset(long_name, 'a', sizeof long_name);
    assert_int_equal(pcf__model_key_name_id_n(long_name, sizeof long_name), -1);
    for (size_t r = 0; r < pcf__model_key_count; r++) {
        const char *nm = pcf__model_keys[r].name;
        assert_true(strlen(nm) >= 1 && strlen(nm) <= 255); /* what the index keeps of a length */
        assert_int_equal(pcf__model_key_name_id_n(nm, strlen(nm)), pcf__model_key_name_id(nm));
    }
    /* "mode" has a row in transport activities (an enum) and one in uncertainty (a number) */
    int mode = pcf__model_key_name_id("mode");
    assert_int_equal(pcf__model_key_of_id(mode, PCF__IN_TRANSPORT)->type, PCF__KEY_ENUM);
    assert_int_equal(pcf__model_key_of_id(mode, PCF__IN_UNCERTAINTY)->type, PCF__KEY_NUMBER);
    assert_null(pcf__model_key_of_id(mode, PCF__IN_MATERIALS));
}

static void stages_of_activity_keys(void **state)
{
    (void)state;
    /* what the schema cannot say: which stage an activity key belongs to (docs/model-format.md) */
    assert_non_null(pcf__model_key_find("loss_rate", PCF__IN_MATERIALS));
    assert_null(pcf__model_key_find("loss_rate", PCF__IN_TRANSPORT));
    assert_non_null(pcf__model_key_find("distance", PCF__IN_TRANSPORT));
    assert_null(pcf__model_key_find("distance", PCF__IN_USE));
    assert_non_null(pcf__model_key_find("A", PCF__IN_END_OF_LIFE));
    assert_non_null(pcf__model_key_find("A", PCF__IN_MATERIALS));
    assert_null(pcf__model_key_find("A", PCF__IN_PRODUCTION));
    for (int s = 0; s < PCF_STAGE_COUNT; s++) {
        assert_non_null(pcf__model_key_find("amount", PCF__IN_STAGE(s)));
        assert_non_null(pcf__model_key_find("primary", PCF__IN_STAGE(s)));
    }
    /* the same name in two objects can mean two things */
    assert_int_equal(pcf__model_key_find("mode", PCF__IN_TRANSPORT)->type, PCF__KEY_ENUM);
    assert_int_equal(pcf__model_key_find("mode", PCF__IN_UNCERTAINTY)->type, PCF__KEY_NUMBER);
    const pcf__model_key *k = pcf__model_key_find("share", PCF__IN_ALLOCATION);
    assert_false(pcf__model_key_in_range(k, 0));
    assert_true(pcf__model_key_in_range(k, 1));
    k = pcf__model_key_find("share", PCF__IN_END_OF_LIFE);
    assert_true(pcf__model_key_in_range(k, 0));
    assert_false(pcf__model_key_in_range(k, NAN));
    char buf[64];
    assert_string_equal(
        pcf__model_key_values_text(pcf__model_key_find("factor_scope", PCF__IN_TRANSPORT), buf,
                                   sizeof buf),
        "wtw, ttw");
}

int main(int argc, char **argv)
{
    schema_path = argc > 1 ? argv[1] : "docs/model.schema.json";
    json_error_t e;
    schema = json_load_file(schema_path, 0, &e);
    if (!schema) {
        fprintf(stderr, "%s: %s\n", schema_path, e.text);
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(schema_keys_are_in_the_table),
        cmocka_unit_test(table_keys_are_in_the_schema),
        cmocka_unit_test(stages_of_activity_keys),
        cmocka_unit_test(key_name_ids),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    json_decref(schema);
    return rc;
}
