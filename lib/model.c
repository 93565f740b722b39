/*
 * pcf — product models: names of the enums and the C builder, which edits the model's JSON
 * document (see model_internal.h for why). GPL-3.0-or-later; see LICENSE.
 */
#include "model_internal.h"
#include "model_keys.h"
#include "util.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const pcf__stage_keys[6] = {"materials", "production", "transport",
                                        "storage",   "use",        "end_of_life"};

const char *pcf_stage_name(pcf_stage stage)
{
    if ((int)stage < 0 || stage >= PCF_STAGE_COUNT)
        return NULL;
    return pcf__stage_keys[stage];
}

const char *pcf_flow_name(pcf_flow flow)
{
    static const char *const names[] = {"fossil", "biogenic", "biogenic_removal", "dluc",
                                        "aircraft"};
    if ((int)flow < 0 || flow >= PCF_FLOW_COUNT)
        return NULL;
    return names[flow];
}

const char *pcf_boundary_name(pcf_boundary boundary)
{
    switch (boundary) {
    case PCF_BOUNDARY_CRADLE_TO_GRAVE:
        return "cradle-to-grave";
    case PCF_BOUNDARY_CRADLE_TO_GATE:
        return "cradle-to-gate";
    }
    return NULL;
}

const char *pcf_recycling_method_name(pcf_recycling_method method)
{
    switch (method) {
    case PCF_RECYCLING_CUT_OFF:
        return "cut-off";
    case PCF_RECYCLING_AVOIDED_BURDEN:
        return "avoided-burden";
    case PCF_RECYCLING_FIFTY_FIFTY:
        return "50/50";
    case PCF_RECYCLING_CFF:
        return "cff";
    }
    return NULL;
}

void pcf_supplier_pcf_init(pcf_supplier_pcf *pcf)
{
    if (!pcf)
        return;
    pcf->struct_size = sizeof *pcf;
    pcf->kg_co2e_per_unit = 0.0;
    pcf->declared_unit = NULL;
    pcf->fossil = NAN;
    pcf->biogenic = NAN;
    pcf->biogenic_removal = NAN;
    pcf->dluc = NAN;
    pcf->aircraft = NAN;
    pcf->primary_data_share = NAN;
    pcf->supplier = NULL;
    pcf->source = NULL;
    pcf->biogenic_carbon = NAN;
}

/* ---- construction ---- */

pcf_status pcf__model_wrap(json_t *root, const char *filename, pcf_model **out, pcf_error *err)
{
    pcf_model *m = calloc(1, sizeof *m);
    char *fn = pcf__strdup(filename ? filename : "");
    if (!m || !fn) {
        free(m);
        free(fn);
        json_decref(root);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory creating a model");
    }
    m->root = root;
    m->filename = fn;
    atomic_init(&m->paths, NULL);
    *out = m;
    return PCF_OK;
}

pcf_status pcf_model_create(pcf_model **out, pcf_error *err)
{
    if (!out)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_model_create: out is NULL");
    *out = NULL;
    json_t *root = json_object();
    if (!root || json_object_set_new(root, "pcf_model", json_integer(1)) ||
        json_object_set_new(root, "products", json_array())) {
        json_decref(root);
        return pcf__error(err, PCF_ERR_NOMEM, "out of memory creating a model");
    }
    pcf_status st = pcf__model_wrap(root, NULL, out, err);
    return st == PCF_OK ? pcf__ok(err) : st;
}

void pcf_model_destroy(pcf_model *model)
{
    if (!model)
        return;
    json_decref(model->root);
    free(model->filename);
    free(model->source);
    free(model->source_file);
    free(model->acts);
    free(atomic_load(&model->paths));
    free(model);
}

const char *pcf_model_filename(const pcf_model *model)
{
    return model && model->filename ? model->filename : "";
}

static pcf_status nomem(pcf_error *err)
{
    return pcf__error(err, PCF_ERR_NOMEM, "out of memory editing the model");
}

/* The activities changed: the path texts made for pcf_model_activity_path() go. */
static void drop_paths(pcf_model *m)
{
    free(atomic_exchange(&m->paths, NULL));
}

/* Makes room for one more activity in the index, before the document is changed; 0 when out of
 * memory. */
static int reserve_act(pcf_model *m)
{
    return PCF__GROW(m->acts, m->n_acts, m->cap_acts);
}

/* Indexes an activity; the room for it was reserved. */
static void push_act(pcf_model *m, json_t *obj, size_t product, int stage, size_t index)
{
    drop_paths(m);
    pcf__activity_ref *r = &m->acts[m->n_acts++];
    r->obj = obj;
    r->product = (uint32_t)product;
    r->stage = stage;
    r->index = index;
}

pcf_status pcf__model_index(pcf_model *m)
{
    m->n_acts = 0;
    drop_paths(m);
    json_t *products = json_object_get(m->root, "products"); /* an array (check_shape) */
    /* counted first, so the index is one allocation of its exact size */
    size_t n = 0;
    for (size_t p = 0; p < json_array_size(products); p++) {
        json_t *prod = json_array_get(products, p);
        json_t *stages = json_object_get(prod, "stages");
        for (int s = 0; s < PCF_STAGE_COUNT && json_is_object(stages); s++)
            n += json_array_size(json_object_get(stages, pcf__stage_keys[s]));
        n += json_array_size(json_object_get(prod, "components"));
    }
    if (!PCF__RESERVE(m->acts, m->cap_acts, n))
        return PCF_ERR_NOMEM;
    for (size_t p = 0; p < json_array_size(products); p++) {
        json_t *prod = json_array_get(products, p);
        json_t *stages = json_object_get(prod, "stages");
        for (int s = 0; s < PCF_STAGE_COUNT && json_is_object(stages); s++) {
            json_t *arr = json_object_get(stages, pcf__stage_keys[s]);
            for (size_t i = 0; json_is_array(arr) && i < json_array_size(arr); i++)
                push_act(m, json_array_get(arr, i), p, s, i);
        }
        json_t *comps = json_object_get(prod, "components");
        for (size_t i = 0; json_is_array(comps) && i < json_array_size(comps); i++) {
            json_t *c = json_array_get(comps, i);
            if (json_object_get(c, "supplier_pcf"))
                push_act(m, c, p, -1, i);
        }
    }
    return PCF_OK;
}

/* ---- model-level setters ---- */

static pcf_status set_str(json_t *obj, const char *key, const char *value, pcf_error *err)
{
    if (!value) {
        json_object_del(obj, key);
        return pcf__ok(err);
    }
    if (!pcf__utf8_valid(value, strlen(value)))
        return pcf__error(err, PCF_ERR_INVALID_ARG, "%s is not valid UTF-8", key);
    if (json_object_set_new(obj, key, json_string(value)))
        return nomem(err);
    return pcf__ok(err);
}

static pcf_status set_num(json_t *obj, const char *key, double value, pcf_error *err)
{
    json_t *v = (value == floor(value) && fabs(value) < 9e15) ? json_integer((json_int_t)value)
                                                              : json_real(value);
    if (!v || json_object_set_new(obj, key, v))
        return nomem(err);
    return pcf__ok(err);
}

pcf_status pcf_model_set_boundary(pcf_model *model, pcf_boundary boundary, pcf_error *err)
{
    const char *name = pcf_boundary_name(boundary);
    if (!model || !name)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_model_set_boundary: invalid argument");
    return set_str(model->root, "boundary", name, err);
}

pcf_boundary pcf_model_boundary(const pcf_model *model)
{
    const char *b = model ? json_string_value(json_object_get(model->root, "boundary")) : NULL;
    return b && strcmp(b, "cradle-to-gate") == 0 ? PCF_BOUNDARY_CRADLE_TO_GATE
                                                 : PCF_BOUNDARY_CRADLE_TO_GRAVE;
}

pcf_status pcf_model_set_gwp(pcf_model *model, pcf_gwp_set set, pcf_error *err)
{
    const char *name = pcf_gwp_set_name(set);
    if (!model || !name)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_model_set_gwp: invalid argument");
    return set_str(model->root, "gwp", name, err);
}

pcf_gwp_set pcf_model_gwp(const pcf_model *model)
{
    const char *g = model ? json_string_value(json_object_get(model->root, "gwp")) : NULL;
    pcf_gwp_set set = PCF_GWP_DEFAULT;
    if (g && pcf_gwp_set_parse(g, &set, NULL) != PCF_OK)
        set = PCF_GWP_DEFAULT;
    return set;
}

pcf_status pcf_model_set_region(pcf_model *model, const char *region, pcf_error *err)
{
    if (!model)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_model_set_region: model is NULL");
    return set_str(model->root, "region", region, err);
}

pcf_status pcf_model_set_recycling_method(pcf_model *model, pcf_recycling_method method,
                                          pcf_error *err)
{
    const char *name = pcf_recycling_method_name(method);
    if (!model || !name)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "pcf_model_set_recycling_method: invalid argument");
    return set_str(model->root, "recycling_method", name, err);
}

pcf_status pcf_model_set_description(pcf_model *model, const char *description, pcf_error *err)
{
    if (!model)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_model_set_description: model is NULL");
    return set_str(model->root, "description", description, err);
}

/* ---- products ---- */

static json_t *products_of(const pcf_model *m)
{
    return json_object_get(m->root, "products");
}

static json_t *product_at(const pcf_model *m, size_t product, pcf_error *err)
{
    json_t *p = m ? json_array_get(products_of(m), product) : NULL;
    if (!p)
        pcf__error(err, PCF_ERR_INVALID_ARG, "product index %zu is out of range (%zu products)",
                   product, m ? json_array_size(products_of(m)) : 0);
    return p;
}

static int id_valid(const char *id)
{
    if (!id || !*id)
        return 0;
    for (const char *c = id; *c; c++) {
        unsigned char u = (unsigned char)*c;
        if (!((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
              u == '-' || u == '_' || u == '.'))
            return 0;
    }
    return 1;
}

pcf_status pcf_model_add_product(pcf_model *model, const char *id, const char *name,
                                 size_t *index_out, pcf_error *err)
{
    if (index_out)
        *index_out = 0;
    if (!model)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_model_add_product: model is NULL");
    if (!id_valid(id))
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "product id \"%.64s\" is empty or has characters other than letters, "
                          "digits, '-', '_' and '.'",
                          id ? id : "");
    json_t *products = products_of(model);
    if (!json_is_array(products)) {
        products = json_array();
        if (!products || json_object_set_new(model->root, "products", products))
            return nomem(err);
    }
    for (size_t i = 0; i < json_array_size(products); i++) {
        const char *other = json_string_value(json_object_get(json_array_get(products, i), "id"));
        if (other && strcmp(other, id) == 0)
            return pcf__error(err, PCF_ERR_INVALID_ARG,
                              "a product with id \"%s\" already exists (products[%zu])", id, i);
    }
    if (name && !pcf__utf8_valid(name, strlen(name)))
        return pcf__error(err, PCF_ERR_INVALID_ARG, "product name is not valid UTF-8");
    json_t *p = json_object();
    if (!p || json_object_set_new(p, "id", json_string(id)) ||
        (name && json_object_set_new(p, "name", json_pack("{s:s}", "en", name)))) {
        json_decref(p);
        return nomem(err);
    }
    if (json_array_append_new(products, p))
        return nomem(err);
    if (index_out)
        *index_out = json_array_size(products) - 1;
    return pcf__ok(err);
}

size_t pcf_model_product_count(const pcf_model *model)
{
    return model ? json_array_size(products_of(model)) : 0;
}

const char *pcf_model_product_id(const pcf_model *model, size_t product)
{
    json_t *p = model ? json_array_get(products_of(model), product) : NULL;
    return p ? json_string_value(json_object_get(p, "id")) : NULL;
}

pcf_status pcf_model_product_set_name(pcf_model *model, size_t product, const char *lang,
                                      const char *name, pcf_error *err)
{
    json_t *p = product_at(model, product, err);
    if (!p)
        return PCF_ERR_INVALID_ARG;
    if (!lang || !*lang || !name || !pcf__utf8_valid(name, strlen(name)))
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "pcf_model_product_set_name: language and UTF-8 name are required");
    json_t *names = json_object_get(p, "name");
    if (json_is_object(names))
        return set_str(names, lang, name, err);
    /* a plain name is the English one; the new object replaces it once it is complete */
    json_t *o =
        json_is_string(names) ? json_pack("{s:s}", "en", json_string_value(names)) : json_object();
    if (!o || json_object_set_new(o, lang, json_string(name))) {
        json_decref(o);
        return nomem(err);
    }
    if (json_object_set_new(p, "name", o))
        return nomem(err);
    return pcf__ok(err);
}

/* Checks a finite number and a unit of an expected dimension (PCF_DIM_NONE = any). */
static pcf_status check_qty(double value, int positive, const char *unit, pcf_dimension dim,
                            const char *what, pcf_error *err)
{
    if (!isfinite(value) || value < 0 || (positive && value <= 0))
        return pcf__error(err, PCF_ERR_INVALID_ARG, "%s must be a finite number %s", what,
                          positive ? "> 0" : ">= 0");
    const pcf_unit *u = NULL;
    pcf_status st = pcf_unit_parse(unit, &u, err);
    if (st != PCF_OK)
        return st;
    if (dim != PCF_DIM_NONE && pcf_unit_dimension(u) != dim)
        return pcf__error(err, PCF_ERR_UNIT, "%s unit \"%s\" is a unit of %s, not of %s", what,
                          unit, pcf_dimension_name(pcf_unit_dimension(u)), pcf_dimension_name(dim));
    return PCF_OK;
}

static pcf_status set_flow_obj(json_t *p, const char *key, double amount, const char *unit,
                               const char *description, pcf_error *err)
{
    json_t *o = json_object();
    if (!o || set_num(o, "amount", amount, NULL) != PCF_OK ||
        json_object_set_new(o, "unit", json_string(unit)) ||
        (description && json_object_set_new(o, "description", json_string(description)))) {
        json_decref(o);
        return nomem(err);
    }
    if (json_object_set_new(p, key, o))
        return nomem(err);
    return pcf__ok(err);
}

/* The declared unit and the reference flow are both an amount, a unit and a description. */
static pcf_status set_product_flow(pcf_model *model, size_t product, const char *key,
                                   const char *what, double amount, const char *unit,
                                   const char *description, pcf_error *err)
{
    json_t *p = product_at(model, product, err);
    if (!p)
        return PCF_ERR_INVALID_ARG;
    pcf_status st = check_qty(amount, 1, unit, PCF_DIM_NONE, what, err);
    if (st != PCF_OK)
        return st;
    if (description && !pcf__utf8_valid(description, strlen(description)))
        return pcf__error(err, PCF_ERR_INVALID_ARG, "description is not valid UTF-8");
    return set_flow_obj(p, key, amount, unit, description, err);
}

pcf_status pcf_model_product_set_declared_unit(pcf_model *model, size_t product, double amount,
                                               const char *unit, const char *description,
                                               pcf_error *err)
{
    return set_product_flow(model, product, "declared_unit", "declared unit amount", amount, unit,
                            description, err);
}

pcf_status pcf_model_product_set_reference_flow(pcf_model *model, size_t product, double amount,
                                                const char *unit, const char *description,
                                                pcf_error *err)
{
    return set_product_flow(model, product, "reference_flow", "reference flow amount", amount, unit,
                            description, err);
}

static pcf_status set_pair(pcf_model *model, size_t product, const char *key, double value,
                           const char *unit, pcf_dimension dim, pcf_error *err)
{
    json_t *p = product_at(model, product, err);
    if (!p)
        return PCF_ERR_INVALID_ARG;
    pcf_status st = check_qty(value, 0, unit, dim, key, err);
    if (st != PCF_OK)
        return st;
    char ukey[32];
    snprintf(ukey, sizeof ukey, "%s_unit", key);
    /* two keys: the value set first is put back when the unit cannot be set (replacing a value
     * or deleting a key allocates nothing) */
    json_t *old = json_incref(json_object_get(p, key));
    if (set_num(p, key, value, NULL) != PCF_OK) {
        json_decref(old);
        return nomem(err);
    }
    if (json_object_set_new(p, ukey, json_string(unit))) {
        if (old)
            json_object_set_new(p, key, old);
        else
            json_object_del(p, key);
        return nomem(err);
    }
    json_decref(old);
    return pcf__ok(err);
}

pcf_status pcf_model_product_set_mass(pcf_model *model, size_t product, double value,
                                      const char *unit, pcf_error *err)
{
    return set_pair(model, product, "mass", value, unit, PCF_DIM_MASS, err);
}

pcf_status pcf_model_product_set_service_life(pcf_model *model, size_t product, double value,
                                              const char *unit, pcf_error *err)
{
    return set_pair(model, product, "service_life", value, unit, PCF_DIM_TIME, err);
}

pcf_status pcf_model_product_set_allocation(pcf_model *model, size_t product, const char *basis,
                                            double share, pcf_error *err)
{
    json_t *p = product_at(model, product, err);
    if (!p)
        return PCF_ERR_INVALID_ARG;
    if (!basis || (strcmp(basis, "mass") && strcmp(basis, "economic") && strcmp(basis, "physical")))
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "allocation basis must be \"mass\", \"economic\" or \"physical\"");
    if (!isfinite(share) || share <= 0 || share > 1)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "allocation share must be in (0, 1]");
    json_t *o = json_object();
    if (!o || json_object_set_new(o, "basis", json_string(basis)) ||
        set_num(o, "share", share, NULL) != PCF_OK) {
        json_decref(o);
        return nomem(err);
    }
    if (json_object_set_new(p, "allocation", o))
        return nomem(err);
    return pcf__ok(err);
}

/* Appends v (taken) to the array obj[key], made when missing; on failure obj is unchanged and v
 * released (also when obj is NULL). */
static int append_to(json_t *obj, const char *key, json_t *v)
{
    json_t *a = json_object_get(obj, key);
    if (json_is_array(a))
        return json_array_append_new(a, v);
    a = json_array();
    if (json_array_append_new(a, v)) {
        json_decref(a);
        return -1;
    }
    return json_object_set_new(obj, key, a);
}

pcf_status pcf_model_add_subassembly(pcf_model *model, size_t product, const char *component_id,
                                     double quantity, pcf_error *err)
{
    json_t *p = product_at(model, product, err);
    if (!p)
        return PCF_ERR_INVALID_ARG;
    if (!id_valid(component_id))
        return pcf__error(err, PCF_ERR_INVALID_ARG, "sub-assembly id is empty or invalid");
    if (!isfinite(quantity) || quantity < 0)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "sub-assembly quantity must be a finite number >= 0");
    json_t *c = json_object();
    if (!c || json_object_set_new(c, "product", json_string(component_id)) ||
        set_num(c, "quantity", quantity, NULL) != PCF_OK) {
        json_decref(c);
        return nomem(err);
    }
    if (append_to(p, "components", c))
        return nomem(err);
    return pcf__ok(err);
}

pcf_status pcf_model_add_purchased_part(pcf_model *model, size_t product, const char *name,
                                        double quantity, const char *unit,
                                        const pcf_supplier_pcf *pcf, size_t *activity_out,
                                        pcf_error *err)
{
    if (activity_out)
        *activity_out = 0;
    json_t *p = product_at(model, product, err);
    if (!p)
        return PCF_ERR_INVALID_ARG;
    if (!name || !*name || !pcf__utf8_valid(name, strlen(name)) || !pcf)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "a purchased part needs a UTF-8 name and a supplier PCF");
    /* The first record ended at `source`; `biogenic_carbon` was appended. A record of either
     * size is read as far as it goes; a larger size comes from newer headers, whose extra fields
     * this library does not know and so cannot honour. */
    const size_t first_size = offsetof(pcf_supplier_pcf, biogenic_carbon);
    if (pcf->struct_size != sizeof *pcf && pcf->struct_size != first_size)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "supplier_pcf.struct_size is %zu, expected %zu: fill the record with "
                          "pcf_supplier_pcf_init() before setting its fields",
                          pcf->struct_size, sizeof *pcf);
    double carbon = pcf->struct_size == sizeof *pcf ? pcf->biogenic_carbon : NAN;
    pcf_status st = check_qty(quantity, 0, unit, PCF_DIM_NONE, "purchased part quantity", err);
    if (st != PCF_OK)
        return st;
    if (!isfinite(pcf->kg_co2e_per_unit))
        return pcf__error(err, PCF_ERR_INVALID_ARG, "supplier_pcf.kg_co2e must be finite");
    const pcf_unit *du = NULL;
    if ((st = pcf_unit_parse(pcf->declared_unit ? pcf->declared_unit : "", &du, err)) != PCF_OK)
        return st;
    struct {
        const char *key;
        double v;
        int sign; /* +1: >= 0, -1: <= 0 */
    } parts[] = {{"fossil", pcf->fossil, 1},
                 {"biogenic", pcf->biogenic, 1},
                 {"biogenic_removal", pcf->biogenic_removal, -1},
                 {"dluc", pcf->dluc, 1},
                 {"aircraft", pcf->aircraft, 1},
                 {"primary_data_share", pcf->primary_data_share, 1},
                 {"biogenic_carbon", carbon, 1}};
    const size_t n_parts = sizeof parts / sizeof parts[0];
    for (size_t i = 0; i < n_parts; i++)
        if (!isnan(parts[i].v) &&
            (!isfinite(parts[i].v) || parts[i].v * parts[i].sign < 0 || (i == 5 && parts[i].v > 1)))
            return pcf__error(err, PCF_ERR_INVALID_ARG, "supplier_pcf.%s must be %s", parts[i].key,
                              i == 5 ? "in [0, 1]" : (parts[i].sign < 0 ? "<= 0" : ">= 0"));
    if ((pcf->supplier && !pcf__utf8_valid(pcf->supplier, strlen(pcf->supplier))) ||
        (pcf->source && !pcf__utf8_valid(pcf->source, strlen(pcf->source))))
        return pcf__error(err, PCF_ERR_INVALID_ARG, "supplier_pcf.%s is not valid UTF-8",
                          pcf->source && !pcf__utf8_valid(pcf->source, strlen(pcf->source))
                              ? "source"
                              : "supplier");
    /* the part is made whole, then added to the document and the index in steps that cannot
     * fail half-way */
    if (!reserve_act(model))
        return nomem(err);
    json_t *s = json_object();
    int bad = !s || set_num(s, "kg_co2e", pcf->kg_co2e_per_unit, NULL) != PCF_OK ||
              json_object_set_new(s, "declared_unit", json_string(pcf->declared_unit));
    for (size_t i = 0; i < n_parts && !bad; i++)
        bad = !isnan(parts[i].v) && set_num(s, parts[i].key, parts[i].v, NULL) != PCF_OK;
    bad = bad ||
          (pcf->supplier && json_object_set_new(s, "supplier", json_string(pcf->supplier))) ||
          (pcf->source && json_object_set_new(s, "source", json_string(pcf->source)));
    json_t *c = bad ? NULL : json_object();
    if (!c || json_object_set_new(c, "name", json_string(name)) ||
        set_num(c, "quantity", quantity, NULL) != PCF_OK ||
        json_object_set_new(c, "unit", json_string(unit))) {
        json_decref(c);
        json_decref(s);
        return nomem(err);
    }
    if (json_object_set_new(c, "supplier_pcf", s)) {
        json_decref(c);
        return nomem(err);
    }
    if (append_to(p, "components", c))
        return nomem(err);
    push_act(model, c, product, -1, json_array_size(json_object_get(p, "components")) - 1);
    if (activity_out)
        *activity_out = model->n_acts - 1;
    return pcf__ok(err);
}

/* ---- activities ---- */

pcf_status pcf_model_add_activity(pcf_model *model, size_t product, pcf_stage stage,
                                  const char *name, double amount, const char *unit,
                                  size_t *activity_out, pcf_error *err)
{
    if (activity_out)
        *activity_out = 0;
    json_t *p = product_at(model, product, err);
    if (!p)
        return PCF_ERR_INVALID_ARG;
    if (!pcf_stage_name(stage))
        return pcf__error(err, PCF_ERR_INVALID_ARG, "invalid stage %d", (int)stage);
    if (!name || !*name || !pcf__utf8_valid(name, strlen(name)))
        return pcf__error(err, PCF_ERR_INVALID_ARG, "an activity needs a non-empty UTF-8 name");
    if (!isfinite(amount) || amount < 0)
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "activity \"%.64s\": amount must be a finite number >= 0", name);
    if (unit) {
        const pcf_unit *u = NULL;
        pcf_status st = pcf_unit_parse(unit, &u, err);
        if (st != PCF_OK)
            return st;
    }
    /* the activity is made whole, then added to the document and the index in steps that cannot
     * fail half-way */
    if (!reserve_act(model))
        return nomem(err);
    json_t *a = json_object();
    if (!a || json_object_set_new(a, "name", json_string(name)) ||
        (unit && (set_num(a, "amount", amount, NULL) != PCF_OK ||
                  json_object_set_new(a, "unit", json_string(unit))))) {
        json_decref(a);
        return nomem(err);
    }
    const char *key = pcf__stage_keys[stage];
    json_t *stages = json_object_get(p, "stages");
    if (json_is_object(stages)) {
        if (append_to(stages, key, a))
            return nomem(err);
    } else {
        stages = json_object();
        if (append_to(stages, key, a)) { /* a is released, also when stages is NULL */
            json_decref(stages);
            return nomem(err);
        }
        if (json_object_set_new(p, "stages", stages))
            return nomem(err);
    }
    push_act(model, a, product, (int)stage, json_array_size(json_object_get(stages, key)) - 1);
    if (activity_out)
        *activity_out = model->n_acts - 1;
    return pcf__ok(err);
}

/* What of a product's stage existed before an activity was added to it: 2 its array, 1 only the
 * "stages" object, 0 neither. */
static int stage_had(const pcf_model *m, size_t product, pcf_stage stage)
{
    json_t *stages = json_object_get(json_array_get(products_of(m), product), "stages");
    if (!json_is_object(stages))
        return 0;
    return json_is_array(json_object_get(stages, pcf__stage_keys[stage])) ? 2 : 1;
}

/* Removes a half-built activity after a failed option (the last one added), and the stage array
 * and "stages" object made for it (`had`: stage_had() before it was added). */
static void drop_last(pcf_model *m, size_t product, pcf_stage stage, int had)
{
    json_t *p = json_array_get(products_of(m), product);
    json_t *stages = json_object_get(p, "stages");
    json_t *arr = json_object_get(stages, pcf__stage_keys[stage]);
    json_array_remove(arr, json_array_size(arr) - 1);
    if (had < 2)
        json_object_del(stages, pcf__stage_keys[stage]);
    if (had < 1)
        json_object_del(p, "stages");
    m->n_acts--;
    drop_paths(m);
}

pcf_status pcf_model_add_material(pcf_model *model, size_t product, const char *name, double amount,
                                  const char *unit, const char *code, size_t *activity_out,
                                  pcf_error *err)
{
    size_t a = 0;
    if (activity_out)
        *activity_out = 0;
    if (code && !*code)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "the factor code is empty");
    int had = stage_had(model, product, PCF_STAGE_MATERIALS);
    pcf_status st =
        pcf_model_add_activity(model, product, PCF_STAGE_MATERIALS, name, amount, unit, &a, err);
    if (st == PCF_OK && code &&
        (st = pcf_model_activity_set_factor_code(model, a, NULL, code, err)) != PCF_OK)
        drop_last(model, product, PCF_STAGE_MATERIALS, had);
    if (st == PCF_OK && activity_out)
        *activity_out = a;
    return st;
}

pcf_status pcf_model_add_transport_leg(pcf_model *model, size_t product, const char *name,
                                       const char *mode, double distance, const char *distance_unit,
                                       double mass, const char *mass_unit, const char *code,
                                       size_t *activity_out, pcf_error *err)
{
    size_t a = 0;
    if (activity_out)
        *activity_out = 0;
    if (code && !*code)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "the factor code is empty");
    pcf_status st = check_qty(distance, 0, distance_unit, PCF_DIM_LENGTH, "distance", err);
    if (st == PCF_OK && mass_unit)
        st = check_qty(mass, 0, mass_unit, PCF_DIM_MASS, "mass", err);
    if (st != PCF_OK)
        return st;
    int had = stage_had(model, product, PCF_STAGE_TRANSPORT);
    st = pcf_model_add_activity(model, product, PCF_STAGE_TRANSPORT, name, 0, NULL, &a, err);
    if (st != PCF_OK)
        return st;
    if ((mode && (st = pcf_model_activity_set_text(model, a, "mode", mode, err)) != PCF_OK) ||
        (st = pcf_model_activity_set_number(model, a, "distance", distance, err)) != PCF_OK ||
        (st = pcf_model_activity_set_text(model, a, "distance_unit", distance_unit, err)) !=
            PCF_OK ||
        (mass_unit &&
         ((st = pcf_model_activity_set_number(model, a, "mass", mass, err)) != PCF_OK ||
          (st = pcf_model_activity_set_text(model, a, "mass_unit", mass_unit, err)) != PCF_OK)) ||
        (code && (st = pcf_model_activity_set_factor_code(model, a, NULL, code, err)) != PCF_OK)) {
        drop_last(model, product, PCF_STAGE_TRANSPORT, had);
        return st;
    }
    if (activity_out)
        *activity_out = a;
    return pcf__ok(err);
}

pcf_status pcf_model_add_emission(pcf_model *model, size_t product, pcf_stage stage,
                                  const char *name, const char *gas, double amount,
                                  const char *unit, size_t *activity_out, pcf_error *err)
{
    size_t a = 0;
    if (activity_out)
        *activity_out = 0;
    pcf_gas g;
    pcf_status st = pcf_gas_parse(gas, &g, err);
    if (st == PCF_OK)
        st = check_qty(amount, 0, unit, PCF_DIM_MASS, "emission", err);
    int had = stage_had(model, product, stage);
    if (st == PCF_OK)
        st = pcf_model_add_activity(model, product, stage, name, amount, unit, &a, err);
    if (st != PCF_OK)
        return st;
    if ((st = pcf_model_activity_set_text(model, a, "gas", gas, err)) != PCF_OK) {
        drop_last(model, product, stage, had);
        return st;
    }
    if (activity_out)
        *activity_out = a;
    return PCF_OK;
}

pcf_status pcf_model_add_eol_route(pcf_model *model, size_t product, const char *name,
                                   const char *route, double share, const char *code,
                                   size_t *activity_out, pcf_error *err)
{
    size_t a = 0;
    if (activity_out)
        *activity_out = 0;
    if (code && !*code)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "the factor code is empty");
    if (!isfinite(share) || share < 0 || share > 1)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "a route's share must be in [0, 1]");
    int had = stage_had(model, product, PCF_STAGE_END_OF_LIFE);
    pcf_status st =
        pcf_model_add_activity(model, product, PCF_STAGE_END_OF_LIFE, name, 0, NULL, &a, err);
    if (st != PCF_OK)
        return st;
    if ((st = pcf_model_activity_set_text(model, a, "route", route ? route : "", err)) != PCF_OK ||
        (st = pcf_model_activity_set_number(model, a, "share", share, err)) != PCF_OK ||
        (code && (st = pcf_model_activity_set_factor_code(model, a, NULL, code, err)) != PCF_OK)) {
        drop_last(model, product, PCF_STAGE_END_OF_LIFE, had);
        return st;
    }
    if (activity_out)
        *activity_out = a;
    return pcf__ok(err);
}

size_t pcf_model_activity_count(const pcf_model *model)
{
    return model ? model->n_acts : 0;
}

const char *pcf_model_activity_path(const pcf_model *model, size_t activity)
{
    if (!model || activity >= model->n_acts)
        return NULL;
    pcf_model *m = (pcf_model *)model; /* the cache only: the model itself is not changed */
    char *paths = atomic_load(&m->paths);
    if (!paths) {
        char *made = malloc(m->n_acts * PCF__ACT_PATH_SIZE);
        if (!made)
            return NULL;
        for (size_t i = 0; i < m->n_acts; i++) {
            const pcf__activity_ref *r = &m->acts[i];
            if (r->stage < 0)
                snprintf(made + i * PCF__ACT_PATH_SIZE, PCF__ACT_PATH_SIZE,
                         "$.products[%u].components[%zu]", (unsigned)r->product, r->index);
            else
                snprintf(made + i * PCF__ACT_PATH_SIZE, PCF__ACT_PATH_SIZE,
                         "$.products[%u].stages.%s[%zu]", (unsigned)r->product,
                         pcf__stage_keys[r->stage], r->index);
        }
        /* threads reading one model may race here: one copy wins, the others are freed */
        char *expected = NULL;
        if (atomic_compare_exchange_strong(&m->paths, &expected, made))
            paths = made;
        else {
            free(made);
            paths = expected;
        }
    }
    return paths + activity * PCF__ACT_PATH_SIZE;
}

static json_t *act_at(pcf_model *model, size_t activity, pcf_error *err)
{
    if (!model || activity >= model->n_acts) {
        pcf__error(err, PCF_ERR_INVALID_ARG, "activity index %zu is out of range (%zu activities)",
                   activity, model ? model->n_acts : 0);
        return NULL;
    }
    return model->acts[activity].obj;
}

static const char *slot_key(const char *slot, pcf_error *err)
{
    static const char *const slots[] = {"factor", "recycled_factor", "wtt_factor", "credit_factor"};
    if (!slot)
        return "factor";
    for (size_t i = 0; i < sizeof slots / sizeof slots[0]; i++)
        if (strcmp(slot, slots[i]) == 0)
            return slots[i];
    pcf__error(err, PCF_ERR_INVALID_ARG,
               "unknown factor slot \"%.64s\": use factor, recycled_factor, wtt_factor or "
               "credit_factor",
               slot);
    return NULL;
}

pcf_status pcf_model_activity_set_factor_code(pcf_model *model, size_t activity, const char *slot,
                                              const char *code, pcf_error *err)
{
    json_t *a = act_at(model, activity, err);
    if (!a)
        return PCF_ERR_INVALID_ARG;
    const char *key = slot_key(slot, err);
    if (!key)
        return PCF_ERR_INVALID_ARG;
    if (!code || !*code)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "factor code is empty");
    return set_str(a, key, code, err);
}

pcf_status pcf_model_activity_set_factor_lookup(pcf_model *model, size_t activity, const char *slot,
                                                const char *category, const char *name,
                                                const char *region, pcf_error *err)
{
    json_t *a = act_at(model, activity, err);
    if (!a)
        return PCF_ERR_INVALID_ARG;
    const char *key = slot_key(slot, err);
    if (!key)
        return PCF_ERR_INVALID_ARG;
    if (!category || !*category || !name || !*name ||
        !pcf__utf8_valid(category, strlen(category)) || !pcf__utf8_valid(name, strlen(name)) ||
        (region && !pcf__utf8_valid(region, strlen(region))))
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "a factor lookup needs a UTF-8 category and name");
    json_t *o = json_pack("{s:s,s:s}", "category", category, "name", name);
    if (!o || (region && json_object_set_new(o, "region", json_string(region)))) {
        json_decref(o);
        return nomem(err);
    }
    if (json_object_set_new(a, key, o))
        return nomem(err);
    return pcf__ok(err);
}

pcf_status pcf_model_activity_set_own_factor(pcf_model *model, size_t activity, const char *slot,
                                             double value, const char *rate_unit,
                                             const char *source, pcf_error *err)
{
    json_t *a = act_at(model, activity, err);
    if (!a)
        return PCF_ERR_INVALID_ARG;
    const char *key = slot_key(slot, err);
    if (!key)
        return PCF_ERR_INVALID_ARG;
    if (!isfinite(value))
        return pcf__error(err, PCF_ERR_INVALID_ARG, "own factor value must be finite");
    double kg = 0;
    const pcf_unit *per = NULL;
    int co2 = 0;
    pcf_status st = pcf_unit_parse_rate(rate_unit, &kg, &per, &co2, err);
    if (st != PCF_OK)
        return st;
    if (source && !pcf__utf8_valid(source, strlen(source)))
        return pcf__error(err, PCF_ERR_INVALID_ARG, "source is not valid UTF-8");
    json_t *o = json_object();
    if (!o || set_num(o, "value", value, NULL) != PCF_OK ||
        json_object_set_new(o, "unit", json_string(rate_unit)) ||
        (source && json_object_set_new(o, "source", json_string(source)))) {
        json_decref(o);
        return nomem(err);
    }
    if (json_object_set_new(a, key, o))
        return nomem(err);
    return pcf__ok(err);
}

/* The objects an activity's keys are looked up in (model_keys.h): its stage, or a purchased
 * part. */
static uint32_t act_where(const pcf_model *model, size_t activity)
{
    int stage = model->acts[activity].stage;
    return stage < 0 ? PCF__IN_PART : PCF__IN_STAGE(stage);
}

/* The row of key for this activity, or an error naming where the key belongs. */
static const pcf__model_key *act_key(const pcf_model *model, size_t activity, const char *key,
                                     int numeric, pcf_error *err)
{
    uint32_t where = act_where(model, activity);
    const pcf__model_key *k = pcf__model_key_find(key, where);
    int stage = model->acts[activity].stage;
    const char *kind = stage < 0 ? "a purchased part" : pcf__stage_keys[stage];
    if (!k) {
        if (key && pcf__model_key_find(key, PCF__IN_ACTIVITY | PCF__IN_PART))
            pcf__error(err, PCF_ERR_INVALID_ARG,
                       "\"%.64s\" is not a key of %s%s (see docs/model-format.md)", key, kind,
                       stage < 0 ? "" : " activities");
        else
            pcf__error(err, PCF_ERR_INVALID_ARG, "unknown %s activity key \"%.64s\"",
                       numeric ? "numeric" : "text", key ? key : "");
        return NULL;
    }
    int is_number = k->type == PCF__KEY_NUMBER;
    int is_text = k->type == PCF__KEY_STRING || k->type == PCF__KEY_ENUM ||
                  k->type == PCF__KEY_BOOL || k->type == PCF__KEY_UNIT;
    if (numeric ? !is_number : !is_text) {
        pcf__error(err, PCF_ERR_INVALID_ARG, "unknown %s activity key \"%.64s\"",
                   numeric ? "numeric" : "text", key);
        return NULL;
    }
    return k;
}

pcf_status pcf_model_activity_set_number(pcf_model *model, size_t activity, const char *key,
                                         double value, pcf_error *err)
{
    json_t *a = act_at(model, activity, err);
    if (!a)
        return PCF_ERR_INVALID_ARG;
    const pcf__model_key *k = act_key(model, activity, key, 1, err);
    if (!k)
        return PCF_ERR_INVALID_ARG;
    if (!pcf__model_key_in_range(k, value)) {
        pcf__numbuf v, lo, hi;
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "%s = %s is out of range; it must be a finite number in %c%s, %s%c", key,
                          pcf__num(&v, value), k->lo_open ? '(' : '[',
                          isinf(k->lo) ? "-inf" : pcf__num(&lo, k->lo),
                          isinf(k->hi) ? "inf" : pcf__num(&hi, k->hi), k->hi_open ? ')' : ']');
    }
    return set_num(a, key, value, err);
}

pcf_status pcf_model_activity_set_text(pcf_model *model, size_t activity, const char *key,
                                       const char *value, pcf_error *err)
{
    json_t *a = act_at(model, activity, err);
    if (!a)
        return PCF_ERR_INVALID_ARG;
    if (!value || !pcf__utf8_valid(value, strlen(value)))
        return pcf__error(err, PCF_ERR_INVALID_ARG, "value of \"%.64s\" is NULL or not UTF-8",
                          key ? key : "");
    const pcf__model_key *k = act_key(model, activity, key, 0, err);
    if (!k)
        return PCF_ERR_INVALID_ARG;
    if (k->type == PCF__KEY_BOOL) {
        if (strcmp(value, "true") != 0 && strcmp(value, "false") != 0)
            return pcf__error(err, PCF_ERR_INVALID_ARG,
                              "%s is \"true\" or \"false\", not \"%.64s\"", key, value);
        if (json_object_set_new(a, key, json_boolean(strcmp(value, "true") == 0)))
            return nomem(err);
        return pcf__ok(err);
    }
    if (k->type == PCF__KEY_ENUM && !pcf__model_key_value_ok(k, value)) {
        char values[256];
        return pcf__error(err, PCF_ERR_INVALID_ARG,
                          "\"%.64s\" is not a valid value of %s (one of %s; see "
                          "docs/model-format.md)",
                          value, key, pcf__model_key_values_text(k, values, sizeof values));
    }
    if (k->type == PCF__KEY_UNIT) {
        const pcf_unit *u = NULL;
        pcf_status st = pcf_unit_parse(value, &u, err);
        if (st != PCF_OK)
            return st;
        if (k->dim != PCF_DIM_NONE && pcf_unit_dimension(u) != k->dim)
            return pcf__error(err, PCF_ERR_UNIT, "%s \"%.64s\" is a unit of %s; it needs one of %s",
                              key, value, pcf_dimension_name(pcf_unit_dimension(u)),
                              pcf_dimension_name(k->dim));
    }
    if (strcmp(key, "gas") == 0) {
        pcf_gas g;
        pcf_status st = pcf_gas_parse(value, &g, err);
        if (st != PCF_OK)
            return st;
    }
    return set_str(a, key, value, err);
}

pcf_status pcf_model_activity_set_uncertainty(pcf_model *model, size_t activity, pcf_dist dist,
                                              double p1, double p2, double p3, pcf_error *err)
{
    json_t *a = act_at(model, activity, err);
    if (!a)
        return PCF_ERR_INVALID_ARG;
    /* the amount parameter: amount, a leg's distance, a route's share, a part's quantity */
    static const char *const keys[] = {"amount", "distance", "share", "quantity"};
    double amount = 0;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (json_object_get(a, keys[i])) {
            amount = json_number_value(json_object_get(a, keys[i]));
            break;
        }
    pcf_status st = pcf_dist_check(dist, amount, p1, p2, p3, err);
    if (st != PCF_OK)
        return st;
    json_t *u = NULL;
    switch (dist) {
    case PCF_DIST_FIXED:
        json_object_del(a, "uncertainty");
        return pcf__ok(err);
    case PCF_DIST_LOGNORMAL:
        u = json_pack("{s:s,s:f}", "dist", "lognormal", "gsd", p1);
        break;
    case PCF_DIST_NORMAL:
        u = json_pack("{s:s,s:f}", "dist", "normal", "sd", p1);
        break;
    case PCF_DIST_TRIANGULAR:
        u = json_pack("{s:s,s:f,s:f,s:f}", "dist", "triangular", "min", p1, "mode", p2, "max", p3);
        break;
    case PCF_DIST_UNIFORM:
        u = json_pack("{s:s,s:f,s:f}", "dist", "uniform", "min", p1, "max", p2);
        break;
    }
    if (!u || json_object_set_new(a, "uncertainty", u))
        return nomem(err);
    return pcf__ok(err);
}

pcf_status pcf_model_validate(const pcf_model *model, pcf_diag *diag, pcf_error *err)
{
    if (!model)
        return pcf__error(err, PCF_ERR_INVALID_ARG, "pcf_model_validate: model is NULL");
    return pcf__model_check(model, diag, err);
}
