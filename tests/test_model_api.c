/*
 * The model builder's public API (include/pcf/model.h, lib/model.c): every refusal of every
 * setter and adder with its exact status and message, the getters on NULL and on models that
 * do not say, and that a refused option leaves the model as it was (no half-built activity).
 * test_model.c builds and round-trips models; this file walks the error paths.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "testutil.h"

#include <pcf/pcf.h>

/* A model with one product "x" (index 0). */
static pcf_model *one_product(void)
{
    pcf_model *m = NULL;
    pcf_error err;
    size_t p = 9;
    assert_int_equal(pcf_model_create(&m, &err), PCF_OK);
    assert_int_equal(pcf_model_add_product(m, "x", NULL, &p, &err), PCF_OK);
    assert_int_equal(p, 0);
    return m;
}

/* Asserts status and exact message. */
#define assert_refused(call, status, text)                                                         \
    do {                                                                                           \
        pcf_status st_ = (call);                                                                   \
        if (st_ != (status) || strcmp(err.message, (text)) != 0)                                   \
            fail_msg("%s: %s \"%s\", expected %s \"%s\"", #call, pcf_status_name(st_),             \
                     err.message, pcf_status_name(status), (text));                                \
    } while (0)

static void model_setters_on_null_and_bad_values(void **state)
{
    (void)state;
    pcf_error err;
    assert_refused(pcf_model_set_boundary(NULL, PCF_BOUNDARY_CRADLE_TO_GATE, &err),
                   PCF_ERR_INVALID_ARG, "pcf_model_set_boundary: invalid argument");
    assert_refused(pcf_model_set_gwp(NULL, PCF_GWP_AR6, &err), PCF_ERR_INVALID_ARG,
                   "pcf_model_set_gwp: invalid argument");
    assert_refused(pcf_model_set_region(NULL, "CN", &err), PCF_ERR_INVALID_ARG,
                   "pcf_model_set_region: model is NULL");
    assert_refused(pcf_model_set_recycling_method(NULL, PCF_RECYCLING_CFF, &err),
                   PCF_ERR_INVALID_ARG, "pcf_model_set_recycling_method: invalid argument");
    assert_refused(pcf_model_set_description(NULL, "d", &err), PCF_ERR_INVALID_ARG,
                   "pcf_model_set_description: model is NULL");
    assert_refused(pcf_model_add_product(NULL, "x", NULL, NULL, &err), PCF_ERR_INVALID_ARG,
                   "pcf_model_add_product: model is NULL");
    assert_refused(pcf_model_validate(NULL, NULL, &err), PCF_ERR_INVALID_ARG,
                   "pcf_model_validate: model is NULL");
    /* getters on NULL: the defaults */
    assert_string_equal(pcf_model_filename(NULL), "");
    assert_int_equal(pcf_model_boundary(NULL), PCF_BOUNDARY_CRADLE_TO_GRAVE);
    assert_int_equal(pcf_model_gwp(NULL), PCF_GWP_DEFAULT);
    assert_int_equal(pcf_model_product_count(NULL), 0);
    assert_null(pcf_model_product_id(NULL, 0));
    assert_int_equal(pcf_model_activity_count(NULL), 0);
    assert_null(pcf_model_activity_path(NULL, 0));

    pcf_model *m = one_product();
    assert_string_equal(pcf_model_filename(m), ""); /* built in memory: no file */
    assert_null(pcf_model_product_id(m, 1));
    assert_null(pcf_model_activity_path(m, 0));
    /* enum values outside the lists */
    assert_refused(pcf_model_set_boundary(m, (pcf_boundary)7, &err), PCF_ERR_INVALID_ARG,
                   "pcf_model_set_boundary: invalid argument");
    assert_refused(pcf_model_set_gwp(m, (pcf_gwp_set)99, &err), PCF_ERR_INVALID_ARG,
                   "pcf_model_set_gwp: invalid argument");
    assert_refused(pcf_model_set_recycling_method(m, (pcf_recycling_method)-1, &err),
                   PCF_ERR_INVALID_ARG, "pcf_model_set_recycling_method: invalid argument");
    /* text must be UTF-8; NULL removes the key */
    assert_refused(pcf_model_set_region(m, "CN\xff", &err), PCF_ERR_INVALID_ARG,
                   "region is not valid UTF-8");
    assert_int_equal(pcf_model_set_description(m, "d", &err), PCF_OK);
    assert_int_equal(pcf_model_set_description(m, NULL, &err), PCF_OK);
    char *json = NULL;
    assert_int_equal(pcf_model_write_string(m, &json, &err), PCF_OK);
    assert_null(strstr(json, "description"));
    pcf_free(json);
    /* boundary and GWP read back; a GWP text the parser does not know reads as the default */
    assert_int_equal(pcf_model_set_boundary(m, PCF_BOUNDARY_CRADLE_TO_GATE, &err), PCF_OK);
    assert_int_equal(pcf_model_boundary(m), PCF_BOUNDARY_CRADLE_TO_GATE);
    assert_int_equal(pcf_model_set_gwp(m, PCF_GWP_AR4, &err), PCF_OK);
    assert_int_equal(pcf_model_gwp(m), PCF_GWP_AR4);
    pcf_model_destroy(m);
    pcf_model *r = NULL;
    assert_int_equal(pcf_model_read_string("{\"pcf_model\": 1, \"gwp\": \"AR9\", \"products\": []}",
                                           "g.json", &r, &err),
                     PCF_OK);
    assert_int_equal(pcf_model_gwp(r), PCF_GWP_DEFAULT);
    assert_string_equal(pcf_model_filename(r), "g.json");
    pcf_model_destroy(r);
}

static void product_setters_refuse(void **state)
{
    (void)state;
    pcf_error err;
    pcf_model *m = one_product();
    size_t p = 7;
    assert_refused(pcf_model_add_product(m, NULL, NULL, &p, &err), PCF_ERR_INVALID_ARG,
                   "product id \"\" is empty or has characters other than letters, digits, '-', "
                   "'_' and '.'");
    assert_int_equal(p, 0);
    assert_refused(pcf_model_add_product(m, "", NULL, &p, &err), PCF_ERR_INVALID_ARG,
                   "product id \"\" is empty or has characters other than letters, digits, '-', "
                   "'_' and '.'");
    assert_refused(pcf_model_add_product(m, "y", "bad\xc3", &p, &err), PCF_ERR_INVALID_ARG,
                   "product name is not valid UTF-8");
    /* ids of every allowed character class */
    assert_int_equal(pcf_model_add_product(m, "aZ09-_.", "Y", &p, &err), PCF_OK);
    assert_int_equal(p, 1);
    assert_string_equal(pcf_model_product_id(m, 1), "aZ09-_.");
    /* a product index past the end: the message counts the products */
    assert_refused(pcf_model_product_set_name(m, 2, "en", "n", &err), PCF_ERR_INVALID_ARG,
                   "product index 2 is out of range (2 products)");
    assert_refused(pcf_model_product_set_name(NULL, 0, "en", "n", &err), PCF_ERR_INVALID_ARG,
                   "product index 0 is out of range (0 products)");
    static const char *const need = "pcf_model_product_set_name: language and UTF-8 name are "
                                    "required";
    assert_refused(pcf_model_product_set_name(m, 0, NULL, "n", &err), PCF_ERR_INVALID_ARG, need);
    assert_refused(pcf_model_product_set_name(m, 0, "", "n", &err), PCF_ERR_INVALID_ARG, need);
    assert_refused(pcf_model_product_set_name(m, 0, "en", NULL, &err), PCF_ERR_INVALID_ARG, need);
    assert_refused(pcf_model_product_set_name(m, 0, "en", "\xff", &err), PCF_ERR_INVALID_ARG, need);
    /* a name given as a string becomes {"en": ...} when a second language is added */
    pcf_model *r = NULL;
    assert_int_equal(pcf_model_read_string("{\"pcf_model\": 1, \"products\": [{\"id\": \"a\", "
                                           "\"name\": \"Lamp\"}]}",
                                           NULL, &r, &err),
                     PCF_OK);
    assert_int_equal(pcf_model_product_set_name(r, 0, "zh", "灯", &err), PCF_OK);
    char *json = NULL;
    assert_int_equal(pcf_model_write_string(r, &json, &err), PCF_OK);
    assert_contains(json,
                    "\"name\": {\n        \"en\": \"Lamp\",\n        \"zh\": \"灯\"\n      }");
    pcf_free(json);
    pcf_model_destroy(r);

    assert_refused(pcf_model_product_set_declared_unit(m, 0, INFINITY, "item", NULL, &err),
                   PCF_ERR_INVALID_ARG, "declared unit amount must be a finite number > 0");
    assert_refused(pcf_model_product_set_reference_flow(m, 0, -1, "item", NULL, &err),
                   PCF_ERR_INVALID_ARG, "reference flow amount must be a finite number > 0");
    assert_refused(pcf_model_product_set_declared_unit(m, 0, 1, "item", "\xfe", &err),
                   PCF_ERR_INVALID_ARG, "description is not valid UTF-8");
    assert_refused(pcf_model_product_set_service_life(m, 0, 10, "kg", &err), PCF_ERR_UNIT,
                   "service_life unit \"kg\" is a unit of mass, not of time");
    assert_refused(pcf_model_product_set_mass(m, 0, NAN, "kg", &err), PCF_ERR_INVALID_ARG,
                   "mass must be a finite number >= 0");
    assert_refused(pcf_model_product_set_allocation(m, 9, "mass", 0.5, &err), PCF_ERR_INVALID_ARG,
                   "product index 9 is out of range (2 products)");
    assert_refused(pcf_model_product_set_allocation(m, 0, NULL, 0.5, &err), PCF_ERR_INVALID_ARG,
                   "allocation basis must be \"mass\", \"economic\" or \"physical\"");
    assert_refused(pcf_model_product_set_allocation(m, 0, "physical", 0, &err), PCF_ERR_INVALID_ARG,
                   "allocation share must be in (0, 1]");
    assert_refused(pcf_model_product_set_allocation(m, 0, "economic", NAN, &err),
                   PCF_ERR_INVALID_ARG, "allocation share must be in (0, 1]");
    assert_int_equal(pcf_model_product_set_allocation(m, 0, "physical", 1, &err), PCF_OK);
    /* sub-assemblies */
    assert_refused(pcf_model_add_subassembly(m, 5, "y", 1, &err), PCF_ERR_INVALID_ARG,
                   "product index 5 is out of range (2 products)");
    assert_refused(pcf_model_add_subassembly(m, 0, "a b", 1, &err), PCF_ERR_INVALID_ARG,
                   "sub-assembly id is empty or invalid");
    assert_refused(pcf_model_add_subassembly(m, 0, "y", -2, &err), PCF_ERR_INVALID_ARG,
                   "sub-assembly quantity must be a finite number >= 0");
    assert_refused(pcf_model_add_subassembly(m, 0, "y", NAN, &err), PCF_ERR_INVALID_ARG,
                   "sub-assembly quantity must be a finite number >= 0");
    pcf_model_destroy(m);
}

/* A supplier PCF of 2 kg CO2e per item, nothing else given. */
static pcf_supplier_pcf two_kg_per_item(void)
{
    pcf_supplier_pcf s;
    pcf_supplier_pcf_init(&s);
    s.kg_co2e_per_unit = 2;
    s.declared_unit = "item";
    return s;
}

static void purchased_parts_refuse(void **state)
{
    (void)state;
    pcf_error err;
    pcf_model *m = one_product();
    size_t a = 7;
    pcf_supplier_pcf s = two_kg_per_item();
    assert_refused(pcf_model_add_purchased_part(m, 3, "p", 1, "item", &s, &a, &err),
                   PCF_ERR_INVALID_ARG, "product index 3 is out of range (1 products)");
    assert_int_equal(a, 0);
    static const char *const need = "a purchased part needs a UTF-8 name and a supplier PCF";
    assert_refused(pcf_model_add_purchased_part(m, 0, NULL, 1, "item", &s, &a, &err),
                   PCF_ERR_INVALID_ARG, need);
    assert_refused(pcf_model_add_purchased_part(m, 0, "", 1, "item", &s, &a, &err),
                   PCF_ERR_INVALID_ARG, need);
    assert_refused(pcf_model_add_purchased_part(m, 0, "p\xff", 1, "item", &s, &a, &err),
                   PCF_ERR_INVALID_ARG, need);
    assert_refused(pcf_model_add_purchased_part(m, 0, "p", 1, "item", NULL, &a, &err),
                   PCF_ERR_INVALID_ARG, need);
    assert_refused(pcf_model_add_purchased_part(m, 0, "p", -1, "item", &s, &a, &err),
                   PCF_ERR_INVALID_ARG, "purchased part quantity must be a finite number >= 0");
    s.kg_co2e_per_unit = INFINITY;
    assert_refused(pcf_model_add_purchased_part(m, 0, "p", 1, "item", &s, &a, &err),
                   PCF_ERR_INVALID_ARG, "supplier_pcf.kg_co2e must be finite");
    s.kg_co2e_per_unit = 2;
    s.declared_unit = NULL; /* read as "": no unit of that name */
    assert_int_equal(pcf_model_add_purchased_part(m, 0, "p", 1, "item", &s, &a, &err),
                     PCF_ERR_NOT_FOUND);
    s.declared_unit = "item";
    /* each split figure: its sign, the share in [0, 1] */
    static const struct {
        size_t off;
        double v;
        const char *message;
    } bad[] = {
        {offsetof(pcf_supplier_pcf, fossil), -1, "supplier_pcf.fossil must be >= 0"},
        {offsetof(pcf_supplier_pcf, dluc), INFINITY, "supplier_pcf.dluc must be >= 0"},
        {offsetof(pcf_supplier_pcf, primary_data_share), 1.5,
         "supplier_pcf.primary_data_share must be in [0, 1]"},
        {offsetof(pcf_supplier_pcf, primary_data_share), -0.5,
         "supplier_pcf.primary_data_share must be in [0, 1]"},
        {offsetof(pcf_supplier_pcf, biogenic_carbon), -0.1,
         "supplier_pcf.biogenic_carbon must be >= 0"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        pcf_supplier_pcf t = s;
        *(double *)((char *)&t + bad[i].off) = bad[i].v;
        assert_refused(pcf_model_add_purchased_part(m, 0, "p", 1, "item", &t, &a, &err),
                       PCF_ERR_INVALID_ARG, bad[i].message);
    }
    assert_int_equal(pcf_model_activity_count(m), 0);
    /* a record of a newer library's size: refused, naming both sizes */
    pcf_supplier_pcf big = s;
    big.struct_size = sizeof big + 8;
    pcf_status st = pcf_model_add_purchased_part(m, 0, "p", 1, "item", &big, &a, &err);
    assert_int_equal(st, PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "fill the record with pcf_supplier_pcf_init()");
    /* the first record's size (up to `source`): biogenic_carbon is not read, so its garbage
     * here does not matter; supplier and source are kept */
    pcf_supplier_pcf old = s;
    old.struct_size = offsetof(pcf_supplier_pcf, biogenic_carbon);
    old.biogenic_carbon = -5;
    old.supplier = "Acme";
    old.source = "EPD 42";
    assert_int_equal(pcf_model_add_purchased_part(m, 0, "p", 3, "item", &old, &a, &err), PCF_OK);
    assert_int_equal(a, 0);
    assert_string_equal(pcf_model_activity_path(m, 0), "$.products[0].components[0]");
    char *json = NULL;
    assert_int_equal(pcf_model_write_string(m, &json, &err), PCF_OK);
    assert_contains(json, "\"supplier\": \"Acme\"");
    assert_contains(json, "\"source\": \"EPD 42\"");
    assert_null(strstr(json, "biogenic_carbon"));
    pcf_free(json);
    pcf_model_destroy(m);
}

/* A supplier or source that is not UTF-8 is refused, naming the field: it was dropped silently
 * (jansson makes no string of it, and the unchecked set lost the field). */
static void purchased_part_text_not_utf8(void **state)
{
    (void)state;
    pcf_error err;
    pcf_model *m = one_product();
    size_t a = 7;
    pcf_supplier_pcf s = two_kg_per_item();
    s.supplier = "Acme\xff";
    assert_refused(pcf_model_add_purchased_part(m, 0, "p", 1, "item", &s, &a, &err),
                   PCF_ERR_INVALID_ARG, "supplier_pcf.supplier is not valid UTF-8");
    s.supplier = "Acme";
    s.source = "EPD \xc3";
    assert_refused(pcf_model_add_purchased_part(m, 0, "p", 1, "item", &s, &a, &err),
                   PCF_ERR_INVALID_ARG, "supplier_pcf.source is not valid UTF-8");
    assert_int_equal(pcf_model_activity_count(m), 0);
    char *json = NULL;
    assert_int_equal(pcf_model_write_string(m, &json, &err), PCF_OK);
    assert_null(strstr(json, "components"));
    pcf_free(json);
    pcf_model_destroy(m);
}

/* The convenience adders refuse before adding, or take back what they added. */
static void adders_refuse_and_take_back(void **state)
{
    (void)state;
    pcf_error err;
    pcf_model *m = one_product();
    size_t a = 7;
    assert_refused(pcf_model_add_activity(m, 0, PCF_STAGE_USE, NULL, 1, "kWh", &a, &err),
                   PCF_ERR_INVALID_ARG, "an activity needs a non-empty UTF-8 name");
    assert_refused(pcf_model_add_activity(m, 0, PCF_STAGE_USE, "", 1, "kWh", &a, &err),
                   PCF_ERR_INVALID_ARG, "an activity needs a non-empty UTF-8 name");
    assert_refused(pcf_model_add_activity(m, 0, PCF_STAGE_USE, "\xc0", 1, "kWh", &a, &err),
                   PCF_ERR_INVALID_ARG, "an activity needs a non-empty UTF-8 name");
    assert_refused(pcf_model_add_activity(m, 1, PCF_STAGE_USE, "u", 1, "kWh", &a, &err),
                   PCF_ERR_INVALID_ARG, "product index 1 is out of range (1 products)");
    assert_refused(pcf_model_add_activity(m, 0, (pcf_stage)-1, "u", 1, "kWh", &a, &err),
                   PCF_ERR_INVALID_ARG, "invalid stage -1");
    /* materials */
    assert_refused(pcf_model_add_material(m, 0, "steel", 1, "kg", "", &a, &err),
                   PCF_ERR_INVALID_ARG, "the factor code is empty");
    assert_int_equal(pcf_model_add_material(m, 0, "steel", 1, "kg", "desnz:steel", &a, &err),
                     PCF_OK);
    assert_int_equal(a, 0);
    assert_int_equal(pcf_model_add_material(m, 0, "glass", 2, "kg", NULL, NULL, &err), PCF_OK);
    assert_string_equal(pcf_model_activity_path(m, 1), "$.products[0].stages.materials[1]");
    /* transport legs: each option checked, a refused one leaves no leg behind */
    assert_refused(pcf_model_add_transport_leg(m, 0, "t", "road", 1, "km", 1, "kg", "", &a, &err),
                   PCF_ERR_INVALID_ARG, "the factor code is empty");
    assert_refused(pcf_model_add_transport_leg(m, 0, "t", "road", 1, "kg", 1, "kg", NULL, &a, &err),
                   PCF_ERR_UNIT, "distance unit \"kg\" is a unit of mass, not of length");
    assert_refused(pcf_model_add_transport_leg(m, 0, "t", "road", 1, "km", 1, "km", NULL, &a, &err),
                   PCF_ERR_UNIT, "mass unit \"km\" is a unit of length, not of mass");
    assert_refused(pcf_model_add_transport_leg(m, 1, "t", "road", 1, "km", 1, "kg", NULL, &a, &err),
                   PCF_ERR_INVALID_ARG, "product index 1 is out of range (1 products)");
    assert_int_equal(
        pcf_model_add_transport_leg(m, 0, "t", "teleport", 1, "km", 1, "kg", NULL, &a, &err),
        PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "\"teleport\" is not a valid value of mode");
    assert_int_equal(pcf_model_activity_count(m), 2);
    assert_int_equal(
        pcf_model_add_transport_leg(m, 0, "t", NULL, 100, "km", 0, NULL, "c:truck", &a, &err),
        PCF_OK);
    assert_int_equal(a, 2);
    assert_string_equal(pcf_model_activity_path(m, 2), "$.products[0].stages.transport[0]");
    /* direct emissions */
    assert_int_equal(
        pcf_model_add_emission(m, 0, PCF_STAGE_PRODUCTION, "e", "unobtainium", 1, "kg", &a, &err),
        PCF_ERR_NOT_FOUND);
    assert_refused(
        pcf_model_add_emission(m, 0, PCF_STAGE_PRODUCTION, "e", "N2O", 1, "kWh", &a, &err),
        PCF_ERR_UNIT, "emission unit \"kWh\" is a unit of energy, not of mass");
    assert_refused(pcf_model_add_emission(m, 0, PCF_STAGE_PRODUCTION, "", "N2O", 1, "g", &a, &err),
                   PCF_ERR_INVALID_ARG, "an activity needs a non-empty UTF-8 name");
    assert_int_equal(
        pcf_model_add_emission(m, 0, PCF_STAGE_PRODUCTION, "e", "N2O", 1, "g", &a, &err), PCF_OK);
    assert_int_equal(a, 3);
    /* end-of-life routes */
    assert_refused(pcf_model_add_eol_route(m, 0, "r", "landfill", 0.5, "", &a, &err),
                   PCF_ERR_INVALID_ARG, "the factor code is empty");
    assert_refused(pcf_model_add_eol_route(m, 0, "r", "landfill", 1.5, NULL, &a, &err),
                   PCF_ERR_INVALID_ARG, "a route's share must be in [0, 1]");
    assert_refused(pcf_model_add_eol_route(m, 0, "r", "landfill", NAN, NULL, &a, &err),
                   PCF_ERR_INVALID_ARG, "a route's share must be in [0, 1]");
    assert_refused(pcf_model_add_eol_route(m, 0, "", "landfill", 0.5, NULL, &a, &err),
                   PCF_ERR_INVALID_ARG, "an activity needs a non-empty UTF-8 name");
    assert_int_equal(pcf_model_add_eol_route(m, 0, "r", NULL, 0.5, NULL, &a, &err),
                     PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "\"\" is not a valid value of route");
    assert_int_equal(pcf_model_activity_count(m), 4);
    assert_int_equal(pcf_model_add_eol_route(m, 0, "r", "landfill", 0.5, "c:landfill", &a, &err),
                     PCF_OK);
    assert_int_equal(a, 4);
    char *json = NULL;
    assert_int_equal(pcf_model_write_string(m, &json, &err), PCF_OK);
    assert_null(strstr(json, "teleport"));
    assert_contains(json, "\"factor\": \"c:landfill\"");
    pcf_free(json);
    pcf_model_destroy(m);
}

static void activity_setters_refuse(void **state)
{
    (void)state;
    pcf_error err;
    pcf_model *m = one_product();
    size_t a = 0, leg = 0;
    assert_int_equal(pcf_model_add_activity(m, 0, PCF_STAGE_MATERIALS, "m", 2, "kg", &a, &err),
                     PCF_OK);
    assert_int_equal(pcf_model_add_activity(m, 0, PCF_STAGE_TRANSPORT, "t", 0, NULL, &leg, &err),
                     PCF_OK);
    /* activity index past the end */
    assert_refused(pcf_model_activity_set_factor_lookup(m, 2, NULL, "c", "n", NULL, &err),
                   PCF_ERR_INVALID_ARG, "activity index 2 is out of range (2 activities)");
    assert_refused(pcf_model_activity_set_own_factor(NULL, 0, NULL, 1, "kgCO2e/kg", NULL, &err),
                   PCF_ERR_INVALID_ARG, "activity index 0 is out of range (0 activities)");
    assert_refused(pcf_model_activity_set_number(m, 5, "amount", 1, &err), PCF_ERR_INVALID_ARG,
                   "activity index 5 is out of range (2 activities)");
    assert_refused(pcf_model_activity_set_text(m, 5, "unit", "kg", &err), PCF_ERR_INVALID_ARG,
                   "activity index 5 is out of range (2 activities)");
    assert_refused(pcf_model_activity_set_uncertainty(m, 5, PCF_DIST_FIXED, 0, 0, 0, &err),
                   PCF_ERR_INVALID_ARG, "activity index 5 is out of range (2 activities)");
    /* factor slots and values */
    assert_refused(pcf_model_activity_set_factor_code(m, a, NULL, "", &err), PCF_ERR_INVALID_ARG,
                   "factor code is empty");
    assert_refused(pcf_model_activity_set_factor_code(m, a, NULL, NULL, &err), PCF_ERR_INVALID_ARG,
                   "factor code is empty");
    assert_int_equal(pcf_model_activity_set_factor_lookup(m, a, "factorz", "c", "n", NULL, &err),
                     PCF_ERR_INVALID_ARG);
    assert_contains(err.message, "unknown factor slot \"factorz\"");
    assert_int_equal(pcf_model_activity_set_own_factor(m, a, "x", 1, "kgCO2e/kg", NULL, &err),
                     PCF_ERR_INVALID_ARG);
    static const char *const lookup = "a factor lookup needs a UTF-8 category and name";
    assert_refused(pcf_model_activity_set_factor_lookup(m, a, NULL, NULL, "n", NULL, &err),
                   PCF_ERR_INVALID_ARG, lookup);
    assert_refused(pcf_model_activity_set_factor_lookup(m, a, NULL, "", "n", NULL, &err),
                   PCF_ERR_INVALID_ARG, lookup);
    assert_refused(pcf_model_activity_set_factor_lookup(m, a, NULL, "c", NULL, NULL, &err),
                   PCF_ERR_INVALID_ARG, lookup);
    assert_refused(pcf_model_activity_set_factor_lookup(m, a, NULL, "c", "", NULL, &err),
                   PCF_ERR_INVALID_ARG, lookup);
    assert_refused(pcf_model_activity_set_factor_lookup(m, a, NULL, "c\xff", "n", NULL, &err),
                   PCF_ERR_INVALID_ARG, lookup);
    assert_refused(pcf_model_activity_set_factor_lookup(m, a, NULL, "c", "n\xff", NULL, &err),
                   PCF_ERR_INVALID_ARG, lookup);
    assert_refused(pcf_model_activity_set_factor_lookup(m, a, NULL, "c", "n", "CN\xff", &err),
                   PCF_ERR_INVALID_ARG, lookup);
    assert_int_equal(
        pcf_model_activity_set_factor_lookup(m, a, "factor", "steel", "Steel", NULL, &err), PCF_OK);
    assert_refused(pcf_model_activity_set_own_factor(m, a, NULL, NAN, "kgCO2e/kg", NULL, &err),
                   PCF_ERR_INVALID_ARG, "own factor value must be finite");
    assert_refused(pcf_model_activity_set_own_factor(m, a, NULL, 1, "kgCO2e/kg", "s\xff", &err),
                   PCF_ERR_INVALID_ARG, "source is not valid UTF-8");
    /* keys: type and kind */
    assert_refused(pcf_model_activity_set_number(m, a, "unit", 1, &err), PCF_ERR_INVALID_ARG,
                   "unknown numeric activity key \"unit\"");
    assert_refused(pcf_model_activity_set_text(m, a, "amount", "1", &err), PCF_ERR_INVALID_ARG,
                   "unknown text activity key \"amount\"");
    assert_refused(pcf_model_activity_set_number(m, a, NULL, 1, &err), PCF_ERR_INVALID_ARG,
                   "unknown numeric activity key \"\"");
    assert_refused(pcf_model_activity_set_text(m, a, "unit", NULL, &err), PCF_ERR_INVALID_ARG,
                   "value of \"unit\" is NULL or not UTF-8");
    assert_refused(pcf_model_activity_set_text(m, a, NULL, "\xff", &err), PCF_ERR_INVALID_ARG,
                   "value of \"\" is NULL or not UTF-8");
    /* booleans are "true" or "false" */
    assert_refused(pcf_model_activity_set_text(m, a, "primary", "yes", &err), PCF_ERR_INVALID_ARG,
                   "primary is \"true\" or \"false\", not \"yes\"");
    assert_int_equal(pcf_model_activity_set_text(m, a, "primary", "false", &err), PCF_OK);
    /* a unit key of any dimension ("unit") takes any known unit, and no unknown one */
    assert_int_equal(pcf_model_activity_set_text(m, a, "unit", "kWh", &err), PCF_OK);
    assert_int_equal(pcf_model_activity_set_text(m, a, "unit", "furlongs", &err),
                     PCF_ERR_NOT_FOUND);
    /* a range with an infinite end: load_factor in (0, 1], loss_rate in [0, 1) */
    assert_refused(pcf_model_activity_set_number(m, leg, "distance", -1, &err), PCF_ERR_INVALID_ARG,
                   "distance = -1 is out of range; it must be a finite number in [0, inf)");
    assert_refused(pcf_model_activity_set_number(m, leg, "load_factor", 0, &err),
                   PCF_ERR_INVALID_ARG,
                   "load_factor = 0 is out of range; it must be a finite number in (0, 1]");
    pcf_model_destroy(m);
}

/* Each distribution written as the model format's uncertainty object; FIXED removes it. The
 * amount the check is against is the activity's amount, a leg's distance, a route's share or a
 * part's quantity. */
static void uncertainty_forms(void **state)
{
    (void)state;
    pcf_error err;
    pcf_model *m = one_product();
    size_t a = 0, leg = 0, route = 0;
    assert_int_equal(pcf_model_add_activity(m, 0, PCF_STAGE_USE, "u", 10, "kWh", &a, &err), PCF_OK);
    assert_int_equal(
        pcf_model_add_transport_leg(m, 0, "t", "road", 100, "km", 0, NULL, NULL, &leg, &err),
        PCF_OK);
    assert_int_equal(pcf_model_add_eol_route(m, 0, "r", "landfill", 0.5, NULL, &route, &err),
                     PCF_OK);
    assert_int_equal(pcf_model_activity_set_uncertainty(m, a, PCF_DIST_NORMAL, 2, 0, 0, &err),
                     PCF_OK);
    /* triangular around the distance 100: 80 ≤ 100 ≤ 130 */
    assert_int_equal(
        pcf_model_activity_set_uncertainty(m, leg, PCF_DIST_TRIANGULAR, 80, 100, 130, &err),
        PCF_OK);
    assert_int_equal(
        pcf_model_activity_set_uncertainty(m, route, PCF_DIST_UNIFORM, 0.4, 0.6, 0, &err), PCF_OK);
    char *json = NULL;
    assert_int_equal(pcf_model_write_string(m, &json, &err), PCF_OK);
    assert_contains(json, "\"dist\": \"normal\"");
    assert_contains(json, "\"sd\": 2");
    assert_contains(json, "\"dist\": \"triangular\"");
    assert_contains(json, "\"mode\": 100");
    assert_contains(json, "\"dist\": \"uniform\"");
    assert_contains(json, "\"max\": 0.6");
    pcf_free(json);
    /* a uniform range that does not hold the share 0.5 is refused */
    assert_int_equal(
        pcf_model_activity_set_uncertainty(m, route, PCF_DIST_UNIFORM, 0.6, 0.7, 0, &err),
        PCF_ERR_INVALID_ARG);
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(pcf_model_activity_set_uncertainty(m, i, PCF_DIST_FIXED, 0, 0, 0, &err),
                         PCF_OK);
    assert_int_equal(pcf_model_write_string(m, &json, &err), PCF_OK);
    assert_null(strstr(json, "uncertainty"));
    pcf_free(json);
    pcf_model_destroy(m);
}

/* Reading, writing and the extension sections (lib/model_json.c's public functions): each
 * refusal with its message and place, and how each JSON value type is written back. */
static void reading_writing_sections(void **state)
{
    (void)state;
    pcf_error err;
    pcf_model *m = (pcf_model *)1;
    assert_refused(pcf_model_read_string(NULL, "a.json", &m, &err), PCF_ERR_INVALID_ARG,
                   "pcf_model_read_string: NULL argument");
    assert_null(m);
    assert_refused(pcf_model_read_string("{}", "a.json", NULL, &err), PCF_ERR_INVALID_ARG,
                   "pcf_model_read_string: NULL argument");
    assert_refused(pcf_model_read_file_max(NULL, 0, &m, &err), PCF_ERR_INVALID_ARG,
                   "pcf_model_read_file: NULL argument");
    /* the shape of the document, each with the path of the fault */
    assert_refused(
        pcf_model_read_string("{\"pcf_model\": \"1\", \"products\": []}", "a.json", &m, &err),
        PCF_ERR_INVALID_MODEL, "\"pcf_model\" must be the integer 1");
    assert_string_equal(err.path, "$.pcf_model");
    assert_string_equal(err.file, "a.json");
    assert_refused(pcf_model_read_string("{\"pcf_model\": 0, \"products\": []}", NULL, &m, &err),
                   PCF_ERR_INVALID_MODEL, "\"pcf_model\" must be the integer 1");
    assert_refused(pcf_model_read_string("{\"pcf_model\": 1, \"products\": {}}", NULL, &m, &err),
                   PCF_ERR_INVALID_MODEL,
                   "\"products\" must be an array of products (the first is the main product)");
    assert_string_equal(err.path, "$.products");
    assert_refused(pcf_model_read_string("{\"pcf_model\": 1}", NULL, &m, &err),
                   PCF_ERR_INVALID_MODEL,
                   "\"products\" must be an array of products (the first is the main product)");
    assert_string_equal(err.path, "$");
    /* writing */
    char *out = (char *)1;
    assert_refused(pcf_model_write_string(NULL, &out, &err), PCF_ERR_INVALID_ARG,
                   "pcf_model_write_string: NULL argument");
    assert_null(out);
    m = one_product();
    assert_refused(pcf_model_write_file(m, NULL, &err), PCF_ERR_INVALID_ARG,
                   "pcf_model_write_file: path is NULL");
    assert_refused(pcf_model_write_file(NULL, "/tmp/x.json", &err), PCF_ERR_INVALID_ARG,
                   "pcf_model_write_string: NULL argument");
    assert_refused(pcf_model_write_file(m, "/nonexistent-dir/m.json", &err), PCF_ERR_IO,
                   "cannot write the model file; check the directory exists");
    assert_string_equal(err.file, "/nonexistent-dir/m.json");
    /* a full disk: the write or the close fails, never a silent success */
    assert_refused(pcf_model_write_file(m, "/dev/full", &err), PCF_ERR_IO,
                   "cannot write the model file; check the directory exists");
    /* sections */
    static const char *const need = "pcf_model_get_section: a model, an out-pointer and the key "
                                    "\"pact\" or \"x-...\" are needed";
    assert_refused(pcf_model_get_section(NULL, "pact", &out, &err), PCF_ERR_INVALID_ARG, need);
    assert_refused(pcf_model_get_section(m, "pact", NULL, &err), PCF_ERR_INVALID_ARG, need);
    assert_refused(pcf_model_get_section(m, "x-", &out, &err), PCF_ERR_INVALID_ARG, need);
    assert_refused(pcf_model_get_section(m, NULL, &out, &err), PCF_ERR_INVALID_ARG, need);
    assert_refused(pcf_model_get_section(m, "x-mine", &out, &err), PCF_ERR_NOT_FOUND,
                   "the model has no \"x-mine\" section");
    assert_refused(pcf_model_set_section(m, "products", "[]", &err), PCF_ERR_INVALID_ARG,
                   "pcf_model_set_section: the key must be \"pact\" or start with \"x-\"");
    assert_refused(pcf_model_set_section(NULL, "x-a", "1", &err), PCF_ERR_INVALID_ARG,
                   "pcf_model_set_section: the key must be \"pact\" or start with \"x-\"");
    assert_int_equal(pcf_model_set_section(m, "x-a", "{\n\"k\": }", &err), PCF_ERR_PARSE);
    assert_contains(err.message, "section \"x-a\" is not JSON: ");
    assert_int_equal(err.line, 2);
    /* every value type written back: short scalar arrays on one line, longer ones and arrays of
     * objects one element a line, empty containers as {} and [] */
    assert_int_equal(pcf_model_set_section(m, "x-a",
                                           "{\"n\": null, \"f\": false, \"t\": true, \"r\": 1.5, "
                                           "\"e\": {}, \"l\": [], \"s\": [1, \"two\"], "
                                           "\"nine\": [1, 2, 3, 4, 5, 6, 7, 8, 9], "
                                           "\"o\": [{\"k\": 1}]}",
                                           &err),
                     PCF_OK);
    assert_int_equal(pcf_model_get_section(m, "x-a", &out, &err), PCF_OK);
    assert_string_equal(out, "{\n  \"n\": null,\n  \"f\": false,\n  \"t\": true,\n  \"r\": 1.5,\n"
                             "  \"e\": {},\n  \"l\": [],\n  \"s\": [1, \"two\"],\n  \"nine\": [\n"
                             "    1,\n    2,\n    3,\n    4,\n    5,\n    6,\n    7,\n    8,\n"
                             "    9\n  ],\n  \"o\": [\n    {\n      \"k\": 1\n    }\n  ]\n}");
    pcf_free(out);
    /* NULL removes the section */
    assert_int_equal(pcf_model_set_section(m, "x-a", NULL, &err), PCF_OK);
    assert_int_equal(pcf_model_get_section(m, "x-a", &out, &err), PCF_ERR_NOT_FOUND);
    pcf_model_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(model_setters_on_null_and_bad_values),
        cmocka_unit_test(product_setters_refuse),
        cmocka_unit_test(purchased_parts_refuse),
        cmocka_unit_test(purchased_part_text_not_utf8),
        cmocka_unit_test(adders_refuse_and_take_back),
        cmocka_unit_test(activity_setters_refuse),
        cmocka_unit_test(uncertainty_forms),
        cmocka_unit_test(reading_writing_sections),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
