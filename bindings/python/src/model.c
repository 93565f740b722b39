/*
 * pcf._pcf — pcf._pcf.Model (pcf.Model subclasses it): a product model, its builder and
 * setters, JSON, validation, and resolve/calculate against a database.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "pcfpy.h"

/* ---------------------------------------------------------------- Model */

static void model_destroy(void *ptr)
{
    pcf_model_destroy(ptr);
}

/* pcf_model: one thread at a time, so the handle carries a lock. */
static const pcfpy_kind model_kind = {"Model", model_destroy, 1};

typedef pcfpy_handle ModelObject;

/* The model of an acquired handle. */
static pcf_model *model_of(ModelObject *self)
{
    return self->ptr;
}

static PyObject *Model_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwds, ":Model", kwlist))
        return NULL;
    pcf_model *model = NULL;
    pcf_error err;
    pcf_status st = pcf_model_create(&model, &err);
    if (st != PCF_OK)
        return pcfpy_raise_status(st, &err);
    return pcfpy_handle_new(type, &model_kind, model, NULL);
}

static PyObject *Model_from_file(PyTypeObject *type, PyObject *args)
{
    PyObject *path_obj;
    if (!PyArg_ParseTuple(args, "O&:from_file", PyUnicode_FSConverter, &path_obj))
        return NULL;
    pcf_model *model = NULL;
    pcf_error err;
    pcf_status st;
    const char *path = PyBytes_AS_STRING(path_obj);
    PyThreadState *ts_ = PyEval_SaveThread();
    st = pcf_model_read_file(path, &model, &err);
    PyEval_RestoreThread(ts_);
    Py_DECREF(path_obj);
    if (st != PCF_OK)
        return pcfpy_raise_status(st, &err);
    return pcfpy_handle_new(type, &model_kind, model, NULL);
}

static PyObject *Model_from_string(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {KW("json"), KW("filename"), NULL};
    const char *json, *filename = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "s|z:from_string", kwlist, &json, &filename))
        return NULL;
    pcf_model *model = NULL;
    pcf_error err;
    pcf_status st = pcf_model_read_string(json, filename, &model, &err);
    if (st != PCF_OK)
        return pcfpy_raise_status(st, &err);
    return pcfpy_handle_new(type, &model_kind, model, NULL);
}

static PyObject *Model_to_json(ModelObject *self, PyObject *noargs)
{
    (void)noargs;
    char *text = NULL;
    PCFPY_CALL(self, pcf_model_write_string(model_of(self), &text, err));
    PyObject *s = PyUnicode_FromString(text);
    pcf_free(text);
    return s;
}

static PyObject *Model_write(ModelObject *self, PyObject *args)
{
    PyObject *path_obj;
    if (!PyArg_ParseTuple(args, "O&:write", PyUnicode_FSConverter, &path_obj))
        return NULL;
    if (pcfpy_handle_acquire(self) < 0) {
        Py_DECREF(path_obj);
        return NULL;
    }
    pcf_error err;
    pcf_status st = pcf_model_write_file(model_of(self), PyBytes_AS_STRING(path_obj), &err);
    pcfpy_handle_release(self);
    Py_DECREF(path_obj);
    if (st != PCF_OK)
        return pcfpy_raise_status(st, &err);
    Py_RETURN_NONE;
}

static PyObject *Model_validate(ModelObject *self, PyObject *noargs)
{
    (void)noargs;
    pcf_diag *diag = NULL;
    pcf_error err;
    pcf_status st = pcf_diag_create(&diag);
    if (st != PCF_OK)
        return PyErr_NoMemory();
    if (pcfpy_handle_acquire(self) < 0) {
        pcf_diag_destroy(diag);
        return NULL;
    }
    st = pcf_model_validate(model_of(self), diag, &err);
    pcfpy_handle_release(self);
    PyObject *out = NULL;
    /* Problems are data here: the caller decides. Only a failure that listed nothing raises. */
    if (st == PCF_OK || pcf_diag_error_count(diag) > 0)
        out = pcfpy_diag_list(diag);
    else
        pcfpy_raise_status(st, &err);
    pcf_diag_destroy(diag);
    return out;
}

static PyObject *Model_get_section(ModelObject *self, PyObject *args)
{
    const char *key;
    if (!PyArg_ParseTuple(args, "s:get_section", &key))
        return NULL;
    char *text = NULL;
    PCFPY_CALL(self, pcf_model_get_section(model_of(self), key, &text, err));
    PyObject *out = PyUnicode_FromString(text);
    pcf_free(text);
    return out;
}

static PyObject *Model_set_section(ModelObject *self, PyObject *args)
{
    const char *key, *json;
    if (!PyArg_ParseTuple(args, "sz:set_section", &key, &json))
        return NULL;
    PCFPY_CALL(self, pcf_model_set_section(model_of(self), key, json, err));
    Py_RETURN_NONE;
}

static PyObject *Model_filename(ModelObject *self, PyObject *noargs)
{
    (void)noargs;
    if (pcfpy_handle_acquire(self) < 0)
        return NULL;
    PyObject *s = PyUnicode_DecodeFSDefault(pcf_model_filename(model_of(self)));
    pcfpy_handle_release(self);
    return s;
}

static PyObject *Model_set_boundary(ModelObject *self, PyObject *args)
{
    const char *text;
    int v;
    if (!PyArg_ParseTuple(args, "s:set_boundary", &text) ||
        pcfpy_parse_enum("boundary", text, pcfpy_boundary_name, 2, &v) < 0)
        return NULL;
    PCFPY_CALL(self, pcf_model_set_boundary(model_of(self), (pcf_boundary)v, err));
    Py_RETURN_NONE;
}

static PyObject *Model_boundary(ModelObject *self, PyObject *noargs)
{
    (void)noargs;
    if (pcfpy_handle_acquire(self) < 0)
        return NULL;
    pcf_boundary b = pcf_model_boundary(model_of(self));
    pcfpy_handle_release(self);
    return PyUnicode_FromString(pcf_boundary_name(b));
}

static PyObject *Model_set_gwp(ModelObject *self, PyObject *args)
{
    PyObject *o;
    pcf_gwp_set set;
    if (!PyArg_ParseTuple(args, "U:set_gwp", &o) || pcfpy_parse_gwp_opt(o, &set) < 0)
        return NULL;
    PCFPY_CALL(self, pcf_model_set_gwp(model_of(self), set, err));
    Py_RETURN_NONE;
}

static PyObject *Model_gwp(ModelObject *self, PyObject *noargs)
{
    (void)noargs;
    if (pcfpy_handle_acquire(self) < 0)
        return NULL;
    pcf_gwp_set set = pcf_model_gwp(model_of(self));
    pcfpy_handle_release(self);
    return PyUnicode_FromString(pcf_gwp_set_name(set));
}

static PyObject *Model_set_region(ModelObject *self, PyObject *args)
{
    const char *region;
    if (!PyArg_ParseTuple(args, "z:set_region", &region))
        return NULL;
    PCFPY_CALL(self, pcf_model_set_region(model_of(self), region, err));
    Py_RETURN_NONE;
}

static PyObject *Model_set_recycling_method(ModelObject *self, PyObject *args)
{
    const char *text;
    int v;
    if (!PyArg_ParseTuple(args, "s:set_recycling_method", &text) ||
        pcfpy_parse_enum("recycling method", text, pcfpy_recycling_name, 4, &v) < 0)
        return NULL;
    PCFPY_CALL(self, pcf_model_set_recycling_method(model_of(self), (pcf_recycling_method)v, err));
    Py_RETURN_NONE;
}

static PyObject *Model_set_description(ModelObject *self, PyObject *args)
{
    const char *text;
    if (!PyArg_ParseTuple(args, "z:set_description", &text))
        return NULL;
    PCFPY_CALL(self, pcf_model_set_description(model_of(self), text, err));
    Py_RETURN_NONE;
}

static PyObject *Model_add_product(ModelObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {KW("id"), KW("name"), NULL};
    const char *id, *name = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "s|z:add_product", kwlist, &id, &name))
        return NULL;
    size_t index = 0;
    PCFPY_CALL(self, pcf_model_add_product(model_of(self), id, name, &index, err));
    return PyLong_FromSize_t(index);
}

/* product_count(), activity_count(): a count of the locked model. */
static PyObject *model_count(ModelObject *self, size_t (*count)(const pcf_model *))
{
    if (pcfpy_handle_acquire(self) < 0)
        return NULL;
    size_t n = count(model_of(self));
    pcfpy_handle_release(self);
    return PyLong_FromSize_t(n);
}

/* product_id(i), activity_path(i): the text of item i, IndexError naming @p what when out of
 * range. */
static PyObject *model_item_text(ModelObject *self, PyObject *args, const char *format,
                                 const char *(*text)(const pcf_model *, size_t), const char *what)
{
    Py_ssize_t i;
    if (!PyArg_ParseTuple(args, format, &i))
        return NULL;
    if (pcfpy_handle_acquire(self) < 0)
        return NULL;
    const char *s = i >= 0 ? text(model_of(self), (size_t)i) : NULL;
    PyObject *out = s ? PyUnicode_FromString(s) : NULL;
    pcfpy_handle_release(self);
    if (!s)
        PyErr_Format(PyExc_IndexError, "%s %zd out of range", what, i);
    return out;
}

static PyObject *Model_product_count(ModelObject *self, PyObject *noargs)
{
    (void)noargs;
    return model_count(self, pcf_model_product_count);
}

static PyObject *Model_product_id(ModelObject *self, PyObject *args)
{
    return model_item_text(self, args, "n:product_id", pcf_model_product_id, "product");
}

static PyObject *Model_set_product_name(ModelObject *self, PyObject *args)
{
    Py_ssize_t p;
    const char *lang, *name;
    if (!PyArg_ParseTuple(args, "nss:set_product_name", &p, &lang, &name))
        return NULL;
    PCFPY_CALL(self, pcf_model_product_set_name(model_of(self), (size_t)p, lang, name, err));
    Py_RETURN_NONE;
}

static PyObject *Model_set_declared_unit(ModelObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {KW("product"), KW("amount"), KW("unit"), KW("description"), NULL};
    Py_ssize_t p;
    double amount;
    const char *unit, *desc = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "nds|z:set_declared_unit", kwlist, &p, &amount,
                                     &unit, &desc))
        return NULL;
    PCFPY_CALL(self, pcf_model_product_set_declared_unit(model_of(self), (size_t)p, amount, unit,
                                                         desc, err));
    Py_RETURN_NONE;
}

static PyObject *Model_set_reference_flow(ModelObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {KW("product"), KW("amount"), KW("unit"), KW("description"), NULL};
    Py_ssize_t p;
    double amount;
    const char *unit, *desc = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "nds|z:set_reference_flow", kwlist, &p, &amount,
                                     &unit, &desc))
        return NULL;
    PCFPY_CALL(self, pcf_model_product_set_reference_flow(model_of(self), (size_t)p, amount, unit,
                                                          desc, err));
    Py_RETURN_NONE;
}

static PyObject *Model_set_mass(ModelObject *self, PyObject *args)
{
    Py_ssize_t p;
    double v;
    const char *unit;
    if (!PyArg_ParseTuple(args, "nds:set_mass", &p, &v, &unit))
        return NULL;
    PCFPY_CALL(self, pcf_model_product_set_mass(model_of(self), (size_t)p, v, unit, err));
    Py_RETURN_NONE;
}

static PyObject *Model_set_service_life(ModelObject *self, PyObject *args)
{
    Py_ssize_t p;
    double v;
    const char *unit;
    if (!PyArg_ParseTuple(args, "nds:set_service_life", &p, &v, &unit))
        return NULL;
    PCFPY_CALL(self, pcf_model_product_set_service_life(model_of(self), (size_t)p, v, unit, err));
    Py_RETURN_NONE;
}

static PyObject *Model_set_allocation(ModelObject *self, PyObject *args)
{
    Py_ssize_t p;
    const char *basis;
    double share;
    if (!PyArg_ParseTuple(args, "nsd:set_allocation", &p, &basis, &share))
        return NULL;
    PCFPY_CALL(self,
               pcf_model_product_set_allocation(model_of(self), (size_t)p, basis, share, err));
    Py_RETURN_NONE;
}

static PyObject *Model_add_subassembly(ModelObject *self, PyObject *args)
{
    Py_ssize_t p;
    const char *id;
    double q;
    if (!PyArg_ParseTuple(args, "nsd:add_subassembly", &p, &id, &q))
        return NULL;
    PCFPY_CALL(self, pcf_model_add_subassembly(model_of(self), (size_t)p, id, q, err));
    Py_RETURN_NONE;
}

static PyObject *Model_add_purchased_part(ModelObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {KW("product"),
                             KW("name"),
                             KW("quantity"),
                             KW("unit"),
                             KW("kg_co2e_per_unit"),
                             KW("declared_unit"),
                             KW("fossil"),
                             KW("biogenic"),
                             KW("biogenic_removal"),
                             KW("dluc"),
                             KW("aircraft"),
                             KW("primary_data_share"),
                             KW("supplier"),
                             KW("source"),
                             NULL};
    Py_ssize_t p;
    const char *name, *unit, *declared;
    double qty;
    pcf_supplier_pcf pcf;
    pcf_supplier_pcf_init(&pcf);
    PyObject *fossil = NULL, *bio = NULL, *removal = NULL, *dluc = NULL, *air = NULL, *share = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "nsdsds|$OOOOOOzz:add_purchased_part", kwlist, &p,
                                     &name, &qty, &unit, &pcf.kg_co2e_per_unit, &declared, &fossil,
                                     &bio, &removal, &dluc, &air, &share, &pcf.supplier,
                                     &pcf.source))
        return NULL;
    pcf.declared_unit = declared;
    if (pcfpy_opt_double(fossil, &pcf.fossil) < 0 || pcfpy_opt_double(bio, &pcf.biogenic) < 0 ||
        pcfpy_opt_double(removal, &pcf.biogenic_removal) < 0 ||
        pcfpy_opt_double(dluc, &pcf.dluc) < 0 || pcfpy_opt_double(air, &pcf.aircraft) < 0 ||
        pcfpy_opt_double(share, &pcf.primary_data_share) < 0)
        return NULL;
    size_t index = 0;
    PCFPY_CALL(self, pcf_model_add_purchased_part(model_of(self), (size_t)p, name, qty, unit, &pcf,
                                                  &index, err));
    return PyLong_FromSize_t(index);
}

static PyObject *Model_add_activity(ModelObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {KW("product"), KW("stage"), KW("name"),
                             KW("amount"),  KW("unit"),  NULL};
    Py_ssize_t p;
    const char *stage_text, *name, *unit = NULL;
    double amount = 0.0;
    int stage;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "nss|dz:add_activity", kwlist, &p, &stage_text,
                                     &name, &amount, &unit) ||
        pcfpy_parse_enum("stage", stage_text, pcfpy_stage_name, PCF_STAGE_COUNT, &stage) < 0)
        return NULL;
    size_t index = 0;
    PCFPY_CALL(self, pcf_model_add_activity(model_of(self), (size_t)p, (pcf_stage)stage, name,
                                            amount, unit, &index, err));
    return PyLong_FromSize_t(index);
}

static PyObject *Model_activity_count(ModelObject *self, PyObject *noargs)
{
    (void)noargs;
    return model_count(self, pcf_model_activity_count);
}

static PyObject *Model_activity_path(ModelObject *self, PyObject *args)
{
    return model_item_text(self, args, "n:activity_path", pcf_model_activity_path, "activity");
}

static PyObject *Model_set_factor_code(ModelObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {KW("activity"), KW("code"), KW("slot"), NULL};
    Py_ssize_t a;
    const char *code, *slot = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "ns|z:set_factor_code", kwlist, &a, &code, &slot))
        return NULL;
    PCFPY_CALL(self,
               pcf_model_activity_set_factor_code(model_of(self), (size_t)a, slot, code, err));
    Py_RETURN_NONE;
}

static PyObject *Model_set_factor_lookup(ModelObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {KW("activity"), KW("category"), KW("name"),
                             KW("region"),   KW("slot"),     NULL};
    Py_ssize_t a;
    const char *category, *name, *region = NULL, *slot = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "nss|zz:set_factor_lookup", kwlist, &a, &category,
                                     &name, &region, &slot))
        return NULL;
    PCFPY_CALL(self, pcf_model_activity_set_factor_lookup(model_of(self), (size_t)a, slot, category,
                                                          name, region, err));
    Py_RETURN_NONE;
}

static PyObject *Model_set_own_factor(ModelObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {KW("activity"), KW("value"), KW("unit"),
                             KW("source"),   KW("slot"),  NULL};
    Py_ssize_t a;
    double value;
    const char *unit, *source = NULL, *slot = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "nds|zz:set_own_factor", kwlist, &a, &value, &unit,
                                     &source, &slot))
        return NULL;
    PCFPY_CALL(self, pcf_model_activity_set_own_factor(model_of(self), (size_t)a, slot, value, unit,
                                                       source, err));
    Py_RETURN_NONE;
}

static PyObject *Model_set_number(ModelObject *self, PyObject *args)
{
    Py_ssize_t a;
    const char *key;
    double v;
    if (!PyArg_ParseTuple(args, "nsd:set_number", &a, &key, &v))
        return NULL;
    PCFPY_CALL(self, pcf_model_activity_set_number(model_of(self), (size_t)a, key, v, err));
    Py_RETURN_NONE;
}

static PyObject *Model_set_text(ModelObject *self, PyObject *args)
{
    Py_ssize_t a;
    const char *key, *v;
    if (!PyArg_ParseTuple(args, "nss:set_text", &a, &key, &v))
        return NULL;
    PCFPY_CALL(self, pcf_model_activity_set_text(model_of(self), (size_t)a, key, v, err));
    Py_RETURN_NONE;
}

static PyObject *Model_set_uncertainty(ModelObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {KW("activity"), KW("dist"), KW("p1"), KW("p2"), KW("p3"), NULL};
    Py_ssize_t a;
    const char *dist_text;
    double p1 = 0, p2 = 0, p3 = 0;
    int dist;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "ns|ddd:set_uncertainty", kwlist, &a, &dist_text,
                                     &p1, &p2, &p3) ||
        pcfpy_parse_enum("distribution", dist_text, pcfpy_dist_name, 5, &dist) < 0)
        return NULL;
    PCFPY_CALL(self, pcf_model_activity_set_uncertainty(model_of(self), (size_t)a, (pcf_dist)dist,
                                                        p1, p2, p3, err));
    Py_RETURN_NONE;
}

/* Locks the model and (when given) the db, in that order; -1 with an exception on failure. */
static int model_db_enter(ModelObject *self, PyObject *db_obj, pcfpy_handle **db)
{
    if (pcfpy_db_arg(db_obj, db) < 0 || pcfpy_handle_acquire(self) < 0)
        return -1;
    if (*db && pcfpy_handle_acquire(*db) < 0) {
        pcfpy_handle_release(self);
        return -1;
    }
    return 0;
}

static void model_db_leave(ModelObject *self, pcfpy_handle *db)
{
    if (db)
        pcfpy_handle_release(db);
    pcfpy_handle_release(self);
}

/*
 * Resolves (calculate == 0) or calculates the model against db=..., gwp=... with the GIL released,
 * holding the model's and the database's locks. On success *handle is the pcf_system or
 * pcf_result and *diagnostics the list of warnings and notes; on failure a pcf.Error is raised
 * (with every problem in .problems) and NULL returned for both.
 */
static int model_run(ModelObject *self, PyObject *args, PyObject *kwds, const char *format,
                     int calculate, void **handle, PyObject **diagnostics)
{
    static char *kwlist[] = {KW("db"), KW("gwp"), NULL};
    PyObject *db_obj = NULL, *gwp_obj = NULL;
    *handle = NULL;
    *diagnostics = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, format, kwlist, &db_obj, &gwp_obj))
        return -1;
    pcf_gwp_set gwp;
    if (pcfpy_parse_gwp_opt(gwp_obj, &gwp) < 0)
        return -1;
    pcf_diag *diag = NULL;
    pcf_error err;
    pcf_status st = pcf_diag_create(&diag);
    if (st != PCF_OK) {
        PyErr_NoMemory();
        return -1;
    }
    pcfpy_handle *db;
    if (model_db_enter(self, db_obj, &db) < 0) {
        pcf_diag_destroy(diag);
        return -1;
    }
    pcf_system *sys = NULL;
    pcf_result *result = NULL;
    PyThreadState *ts_ = PyEval_SaveThread();
    if (calculate)
        st = pcf_model_calculate(model_of(self), db ? db->ptr : NULL, gwp, diag, &result, &err);
    else
        st = pcf_system_resolve(model_of(self), db ? db->ptr : NULL, gwp, diag, &sys, &err);
    PyEval_RestoreThread(ts_);
    model_db_leave(self, db);
    if (st != PCF_OK) {
        pcfpy_raise_with_diag(st, &err, diag);
        pcf_diag_destroy(diag);
        return -1;
    }
    *diagnostics = pcfpy_diag_list(diag);
    pcf_diag_destroy(diag);
    if (!*diagnostics) {
        pcf_system_destroy(sys);
        pcf_result_destroy(result);
        return -1;
    }
    *handle = calculate ? (void *)result : (void *)sys;
    return 0;
}

static PyObject *Model_resolve(ModelObject *self, PyObject *args, PyObject *kwds)
{
    void *sys;
    PyObject *diagnostics;
    if (model_run(self, args, kwds, "|OO:resolve", 0, &sys, &diagnostics) < 0)
        return NULL;
    return pcfpy_system_new(sys, diagnostics);
}

static PyObject *Model_calculate(ModelObject *self, PyObject *args, PyObject *kwds)
{
    void *result;
    PyObject *diagnostics;
    if (model_run(self, args, kwds, "|OO:calculate", 1, &result, &diagnostics) < 0)
        return NULL;
    return pcfpy_result_new(result, diagnostics);
}

static PyObject *Model_add_pact_part(ModelObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {KW("product"), KW("pact_json"), KW("quantity"),
                             KW("unit"),    KW("name"),      NULL};
    Py_ssize_t p;
    const char *json, *unit, *name = NULL;
    double quantity;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "nsds|z:add_pact_part", kwlist, &p, &json,
                                     &quantity, &unit, &name))
        return NULL;
    pcf_pact_footprint *fp = pcfpy_pact_read(json);
    if (!fp)
        return NULL;
    if (pcfpy_handle_acquire(self) < 0) {
        pcf_pact_footprint_destroy(fp);
        return NULL;
    }
    size_t index = 0;
    pcf_error err;
    pcf_status st =
        pcf_pact_add_to_model(fp, model_of(self), (size_t)p, name, quantity, unit, &index, &err);
    pcfpy_handle_release(self);
    pcf_pact_footprint_destroy(fp);
    if (st != PCF_OK)
        return pcfpy_raise_status(st, &err);
    return PyLong_FromSize_t(index);
}

static PyMethodDef Model_methods[] = {
    {"from_file", (PyCFunction)Model_from_file, METH_VARARGS | METH_CLASS,
     "from_file($type, path, /)\n--\n\n"
     "Model.from_file(path) -> Model: reads a JSON model (docs/model-format.md)."},
    {"from_string", METH_KW(Model_from_string) | METH_CLASS,
     "from_string($type, json, filename=None)\n--\n\n"
     "Model.from_string(json, filename=None) -> Model."},
    PCFPY_HANDLE_METHODS("close(): frees the model now."),
    {"to_json", (PyCFunction)Model_to_json, METH_NOARGS,
     "to_json($self, /)\n--\n\n"
     "to_json() -> str: the model as JSON."},
    {"write", (PyCFunction)Model_write, METH_VARARGS,
     "write($self, path, /)\n--\n\n"
     "write(path): writes the model as JSON."},
    {"validate", (PyCFunction)Model_validate, METH_NOARGS,
     "validate($self, /)\n--\n\n"
     "validate() -> list of problem dicts (severity, message, path, ...); [] when clean."},
    {"get_section_json", (PyCFunction)Model_get_section, METH_VARARGS,
     "get_section_json($self, key, /)\n--\n\n"
     "get_section_json(key) -> str: the 'pact' or an 'x-...' section as JSON text."},
    {"set_section_json", (PyCFunction)Model_set_section, METH_VARARGS,
     "set_section_json($self, key, json, /)\n--\n\n"
     "set_section_json(key, json or None): sets or removes the 'pact' or an 'x-...' section."},
    {"filename", (PyCFunction)Model_filename, METH_NOARGS,
     "filename($self, /)\n--\n\n"
     "filename() -> str: the file the model was read from, or ''."},
    {"set_boundary", (PyCFunction)Model_set_boundary, METH_VARARGS,
     "set_boundary($self, boundary, /)\n--\n\n"
     "set_boundary('cradle-to-grave'|'cradle-to-gate')."},
    {"boundary", (PyCFunction)Model_boundary, METH_NOARGS,
     "boundary($self, /)\n--\n\n"
     "boundary() -> str."},
    {"set_gwp", (PyCFunction)Model_set_gwp, METH_VARARGS,
     "set_gwp($self, gwp, /)\n--\n\n"
     "set_gwp('AR4'|'AR5'|'AR6')."},
    {"gwp", (PyCFunction)Model_gwp, METH_NOARGS,
     "gwp($self, /)\n--\n\n"
     "gwp() -> str."},
    {"set_region", (PyCFunction)Model_set_region, METH_VARARGS,
     "set_region($self, region, /)\n--\n\n"
     "set_region(region or None): default region of factor lookups."},
    {"set_recycling_method", (PyCFunction)Model_set_recycling_method, METH_VARARGS,
     "set_recycling_method($self, method, /)\n--\n\n"
     "set_recycling_method('cut-off'|'avoided-burden'|'50/50'|'cff')."},
    {"set_description", (PyCFunction)Model_set_description, METH_VARARGS,
     "set_description($self, text, /)\n--\n\n"
     "set_description(text or None)."},
    {"add_product", METH_KW(Model_add_product),
     "add_product($self, id, name=None)\n--\n\n"
     "add_product(id, name=None) -> index; the first is the main product."},
    {"product_count", (PyCFunction)Model_product_count, METH_NOARGS,
     "product_count($self, /)\n--\n\n"
     "product_count() -> int."},
    {"product_id", (PyCFunction)Model_product_id, METH_VARARGS,
     "product_id($self, index, /)\n--\n\n"
     "product_id(index) -> str."},
    {"set_product_name", (PyCFunction)Model_set_product_name, METH_VARARGS,
     "set_product_name($self, product, lang, name, /)\n--\n\n"
     "set_product_name(product, lang, name)."},
    {"set_declared_unit", METH_KW(Model_set_declared_unit),
     "set_declared_unit($self, product, amount, unit, description=None)\n--\n\n"
     "set_declared_unit(product, amount, unit, description=None)."},
    {"set_reference_flow", METH_KW(Model_set_reference_flow),
     "set_reference_flow($self, product, amount, unit, description=None)\n--\n\n"
     "set_reference_flow(product, amount, unit, description=None)."},
    {"set_mass", (PyCFunction)Model_set_mass, METH_VARARGS,
     "set_mass($self, product, value, unit, /)\n--\n\n"
     "set_mass(product, value, unit)."},
    {"set_service_life", (PyCFunction)Model_set_service_life, METH_VARARGS,
     "set_service_life($self, product, value, unit, /)\n--\n\n"
     "set_service_life(product, value, unit)."},
    {"set_allocation", (PyCFunction)Model_set_allocation, METH_VARARGS,
     "set_allocation($self, product, basis, share, /)\n--\n\n"
     "set_allocation(product, basis, share)."},
    {"add_subassembly", (PyCFunction)Model_add_subassembly, METH_VARARGS,
     "add_subassembly($self, product, component_id, quantity, /)\n--\n\n"
     "add_subassembly(product, component_id, quantity)."},
    {"add_purchased_part", METH_KW(Model_add_purchased_part),
     "add_purchased_part($self, product, name, quantity, unit, kg_co2e_per_unit, declared_unit, *, "
     "fossil=None, biogenic=None, biogenic_removal=None, dluc=None, aircraft=None, "
     "primary_data_share=None, supplier=None, source=None)\n--\n\n"
     "add_purchased_part(product, name, quantity, unit, kg_co2e_per_unit, declared_unit, *, "
     "fossil=None, biogenic=None, biogenic_removal=None, dluc=None, aircraft=None, "
     "primary_data_share=None, supplier=None, source=None) -> activity index."},
    {"_add_pact_part", METH_KW(Model_add_pact_part),
     "_add_pact_part($self, product, pact_json, quantity, unit, name=None)\n--\n\n"
     "_add_pact_part(product, pact_json, quantity, unit, name=None) -> activity index: a "
     "supplier's PACT ProductFootprint as a purchased part."},
    {"add_activity", METH_KW(Model_add_activity),
     "add_activity($self, product, stage, name, amount=0, unit=None)\n--\n\n"
     "add_activity(product, stage, name, amount=0, unit=None) -> activity index."},
    {"activity_count", (PyCFunction)Model_activity_count, METH_NOARGS,
     "activity_count($self, /)\n--\n\n"
     "activity_count() -> int."},
    {"activity_path", (PyCFunction)Model_activity_path, METH_VARARGS,
     "activity_path($self, activity, /)\n--\n\n"
     "activity_path(activity) -> str, e.g. '$.products[0].stages.transport[2]'."},
    {"set_factor_code", METH_KW(Model_set_factor_code),
     "set_factor_code($self, activity, code, slot=None)\n--\n\n"
     "set_factor_code(activity, code, slot=None)."},
    {"set_factor_lookup", METH_KW(Model_set_factor_lookup),
     "set_factor_lookup($self, activity, category, name, region=None, slot=None)\n--\n\n"
     "set_factor_lookup(activity, category, name, region=None, slot=None)."},
    {"set_own_factor", METH_KW(Model_set_own_factor),
     "set_own_factor($self, activity, value, unit, source=None, slot=None)\n--\n\n"
     "set_own_factor(activity, value, unit, source=None, slot=None): primary data."},
    {"set_number", (PyCFunction)Model_set_number, METH_VARARGS,
     "set_number($self, activity, key, value, /)\n--\n\n"
     "set_number(activity, key, value): a numeric option by its JSON key."},
    {"set_text", (PyCFunction)Model_set_text, METH_VARARGS,
     "set_text($self, activity, key, value, /)\n--\n\n"
     "set_text(activity, key, value): a text option by its JSON key."},
    {"set_uncertainty", METH_KW(Model_set_uncertainty),
     "set_uncertainty($self, activity, dist, p1=0, p2=0, p3=0)\n--\n\n"
     "set_uncertainty(activity, dist, p1=0, p2=0, p3=0) (pcf/mc.h conventions)."},
    {"resolve", METH_KW(Model_resolve),
     "resolve($self, db=None, gwp=None)\n--\n\n"
     "resolve(db=None, gwp=None) -> System. Raises with .problems listing every issue."},
    {"_calculate", METH_KW(Model_calculate),
     "_calculate($self, db=None, gwp=None)\n--\n\n"
     "_calculate(db=None, gwp=None) -> C Result."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef Model_getset[] = {
    PCFPY_HANDLE_GETSET,
    {NULL, NULL, NULL, NULL, NULL},
};

PyTypeObject pcfpy_Model_Type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "pcf._pcf.Model",
    .tp_basicsize = sizeof(ModelObject),
    .tp_dealloc = pcfpy_handle_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = "A product model (C layer; use pcf.Model).",
    .tp_methods = Model_methods,
    .tp_getset = Model_getset,
    .tp_new = Model_new,
};
