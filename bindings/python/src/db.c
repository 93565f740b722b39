/*
 * pcf._pcf — pcf.Db, an open factor database (one SQLite file plus attached layers), and
 * factors as dicts.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "pcfpy.h"

#include <string.h>

/* ---------------------------------------------------------------- factors */

static PyObject *factor_dict(const pcf_factor *f)
{
    PyObject *d = PyDict_New();
    if (!d)
        return NULL;
    int gwp_set = pcf_factor_gwp_set(f);
    const char *gwp_name = gwp_set ? pcf_gwp_set_name((pcf_gwp_set)gwp_set) : NULL;
    pcf_dist kind;
    double p1, p2, p3;
    pcf_factor_uncertainty(f, &kind, &p1, &p2, &p3);
    PyObject *gases = PyDict_New();
    int bad = !gases;
    for (size_t i = 0; !bad && i < pcf_factor_gas_count(f); i++)
        bad = pcfpy_put(gases, pcf_gas_key(pcf_factor_gas_at(f, i)),
                        PyFloat_FromDouble(pcf_factor_gas_kg_at(f, i))) < 0;
    bad =
        bad || pcfpy_put(d, "code", PyUnicode_FromString(pcf_factor_code(f))) < 0 ||
        pcfpy_put(d, "name_en", PyUnicode_FromString(pcf_factor_name_en(f))) < 0 ||
        pcfpy_put(d, "name_zh", PyUnicode_FromString(pcf_factor_name_zh(f))) < 0 ||
        pcfpy_put(d, "category", PyUnicode_FromString(pcf_factor_category(f))) < 0 ||
        pcfpy_put(d, "region", PyUnicode_FromString(pcf_factor_region(f))) < 0 ||
        pcfpy_put(d, "region_requested", PyUnicode_FromString(pcf_factor_region_requested(f))) <
            0 ||
        pcfpy_put(d, "fallback_taken", PyBool_FromLong(pcf_factor_fallback_taken(f))) < 0 ||
        pcfpy_put(d, "kg_co2e", PyFloat_FromDouble(pcf_factor_kg_co2e(f))) < 0 ||
        pcfpy_put(d, "unit", PyUnicode_FromString(pcf_unit_symbol(pcf_factor_unit(f)))) < 0 ||
        pcfpy_put(d, "unit_qualifier", PyUnicode_FromString(pcf_factor_unit_qualifier(f))) < 0 ||
        pcfpy_put(d, "co2_only", PyBool_FromLong(pcf_factor_co2_only(f))) < 0 ||
        pcfpy_put(d, "gwp_set", gwp_name ? PyUnicode_FromString(gwp_name) : Py_NewRef(Py_None)) <
            0 ||
        pcfpy_put(d, "gwp_text", PyUnicode_FromString(pcf_factor_gwp_text(f))) < 0 ||
        PyDict_SetItemString(d, "gases", gases) < 0 ||
        pcfpy_put(d, "scope", PyUnicode_FromString(pcf_factor_scope(f))) < 0 ||
        pcfpy_put(d, "year", PyLong_FromLong(pcf_factor_year(f))) < 0 ||
        pcfpy_put(d, "year_text", PyUnicode_FromString(pcf_factor_year_text(f))) < 0 ||
        pcfpy_put(d, "published_value", PyUnicode_FromString(pcf_factor_published_value(f))) < 0 ||
        pcfpy_put(d, "published_unit", PyUnicode_FromString(pcf_factor_published_unit(f))) < 0 ||
        pcfpy_put(d, "dataset", PyUnicode_FromString(pcf_factor_dataset(f))) < 0 ||
        pcfpy_put(d, "dataset_name", PyUnicode_FromString(pcf_factor_dataset_name(f))) < 0 ||
        pcfpy_put(d, "dataset_version", PyUnicode_FromString(pcf_factor_dataset_version(f))) < 0 ||
        pcfpy_put(d, "license", PyUnicode_FromString(pcf_factor_license(f))) < 0 ||
        pcfpy_put(d, "source", PyUnicode_FromString(pcf_factor_source(f))) < 0 ||
        pcfpy_put(d, "notes", PyUnicode_FromString(pcf_factor_notes(f))) < 0 ||
        pcfpy_put(d, "dq", PyUnicode_FromString(pcf_factor_dq(f))) < 0 ||
        pcfpy_put(d, "layer", PyUnicode_FromString(pcf_factor_layer(f))) < 0 ||
        pcfpy_put(d, "uncertainty",
                  Py_BuildValue("{s:s,s:d,s:d,s:d}", "distribution", pcf_dist_name(kind), "p1", p1,
                                "p2", p2, "p3", p3)) < 0;
    Py_XDECREF(gases);
    if (bad) {
        Py_DECREF(d);
        return NULL;
    }
    return d;
}

/* ---------------------------------------------------------------- Db */

static void db_destroy(void *ptr)
{
    pcf_db_close(ptr);
}

/* pcf_db: one thread at a time, so the handle carries a lock. */
static const pcfpy_kind db_kind = {"Db", db_destroy, 1};

/* The database of an acquired handle. */
static pcf_db *db_of(pcfpy_handle *self)
{
    return self->ptr;
}

static PyObject *Db_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {KW("path"), KW("writable"), KW("create"), NULL};
    PyObject *path_obj;
    int writable = 0, create = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O&|$pp:Db", kwlist, PyUnicode_FSConverter,
                                     &path_obj, &writable, &create))
        return NULL;
    uint32_t flags = create     ? (PCF_DB_READ_WRITE | PCF_DB_CREATE)
                     : writable ? PCF_DB_READ_WRITE
                                : PCF_DB_READ_ONLY;
    const char *path = PyBytes_AS_STRING(path_obj);
    pcf_db *db = NULL;
    pcf_error err;
    pcf_status st;
    PyThreadState *ts_ = PyEval_SaveThread();
    st = pcf_db_open(path, flags, &db, &err);
    PyEval_RestoreThread(ts_);
    Py_DECREF(path_obj);
    if (st != PCF_OK)
        return pcfpy_raise_status(st, &err);
    return pcfpy_handle_new(type, &db_kind, db, NULL);
}

int pcfpy_db_arg(PyObject *o, pcfpy_handle **out)
{
    *out = NULL;
    if (!o || o == Py_None)
        return 0;
    if (!PyObject_TypeCheck(o, &pcfpy_Db_Type)) {
        PyErr_Format(PyExc_TypeError, "db must be a pcf.Db or None, not %.100s",
                     Py_TYPE(o)->tp_name);
        return -1;
    }
    *out = (pcfpy_handle *)o;
    return 0;
}

static PyObject *Db_attach(pcfpy_handle *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {KW("path"), KW("name"), NULL};
    PyObject *path_obj;
    const char *name;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O&s:attach", kwlist, PyUnicode_FSConverter,
                                     &path_obj, &name))
        return NULL;
    if (pcfpy_handle_acquire(self) < 0) {
        Py_DECREF(path_obj);
        return NULL;
    }
    pcf_error err;
    pcf_status st;
    const char *path = PyBytes_AS_STRING(path_obj);
    PyThreadState *ts_ = PyEval_SaveThread();
    st = pcf_db_attach(db_of(self), path, name, &err);
    PyEval_RestoreThread(ts_);
    pcfpy_handle_release(self);
    Py_DECREF(path_obj);
    if (st != PCF_OK)
        return pcfpy_raise_status(st, &err);
    Py_RETURN_NONE;
}

static PyObject *Db_layers(pcfpy_handle *self, PyObject *noargs)
{
    (void)noargs;
    if (pcfpy_handle_acquire(self) < 0)
        return NULL;
    size_t n = pcf_db_layer_count(db_of(self));
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list && i < n; i++) {
        PyObject *s = PyUnicode_FromString(pcf_db_layer_name(db_of(self), i));
        if (!s) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, s);
    }
    pcfpy_handle_release(self);
    return list;
}

static PyObject *Db_factor(pcfpy_handle *self, PyObject *args)
{
    const char *code;
    if (!PyArg_ParseTuple(args, "s:factor", &code))
        return NULL;
    pcf_factor *f = NULL;
    PCFPY_CALL_NOGIL(self, pcf_db_get_factor(db_of(self), code, &f, err));
    PyObject *d = factor_dict(f);
    pcf_factor_destroy(f);
    return d;
}

static PyObject *Db_resolve(pcfpy_handle *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {KW("category"), KW("name"), KW("region"), KW("dimension"), NULL};
    const char *category, *name, *region = NULL;
    PyObject *dim_obj = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "ss|zO:resolve", kwlist, &category, &name, &region,
                                     &dim_obj))
        return NULL;
    pcf_dimension dim;
    if (pcfpy_parse_dimension(dim_obj, &dim) < 0)
        return NULL;
    pcf_factor *f = NULL;
    PCFPY_CALL_NOGIL(self, pcf_db_resolve_dim(db_of(self), category, name, region, dim, &f, err));
    PyObject *d = factor_dict(f);
    pcf_factor_destroy(f);
    return d;
}

static PyObject *Db_search(pcfpy_handle *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {KW("text"),      KW("category"), KW("region"),
                             KW("dimension"), KW("limit"),    NULL};
    const char *text = "", *category = NULL, *region = NULL;
    PyObject *dim_obj = NULL;
    Py_ssize_t limit = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|szzOn:search", kwlist, &text, &category, &region,
                                     &dim_obj, &limit))
        return NULL;
    if (limit < 0) {
        PyErr_SetString(PyExc_ValueError, "limit must be >= 0 (0: no limit)");
        return NULL;
    }
    pcf_dimension dim;
    if (pcfpy_parse_dimension(dim_obj, &dim) < 0)
        return NULL;
    pcf_factor_list *list = NULL;
    PCFPY_CALL_NOGIL(
        self, pcf_db_search(db_of(self), text, category, region, dim, (size_t)limit, &list, err));
    size_t n = pcf_factor_list_count(list);
    PyObject *out = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; out && i < n; i++) {
        PyObject *d = factor_dict(pcf_factor_list_at(list, i));
        if (!d) {
            Py_CLEAR(out);
            break;
        }
        PyList_SET_ITEM(out, (Py_ssize_t)i, d);
    }
    pcf_factor_list_destroy(list);
    return out;
}

static PyObject *Db_factor_count(pcfpy_handle *self, PyObject *args)
{
    Py_ssize_t layer = 0;
    if (!PyArg_ParseTuple(args, "|n:factor_count", &layer))
        return NULL;
    if (layer < 0) {
        PyErr_SetString(PyExc_ValueError, "layer must be >= 0");
        return NULL;
    }
    size_t n = 0;
    PCFPY_CALL(self, pcf_db_factor_count(db_of(self), (size_t)layer, &n, err));
    return PyLong_FromSize_t(n);
}

static PyObject *Db_import_csv(pcfpy_handle *self, PyObject *args)
{
    PyObject *path_obj;
    if (!PyArg_ParseTuple(args, "O&:import_csv", PyUnicode_FSConverter, &path_obj))
        return NULL;
    if (pcfpy_handle_acquire(self) < 0) {
        Py_DECREF(path_obj);
        return NULL;
    }
    size_t rows = 0;
    pcf_error err;
    pcf_status st;
    const char *path = PyBytes_AS_STRING(path_obj);
    PyThreadState *ts_ = PyEval_SaveThread();
    st = pcf_db_import_csv(db_of(self), path, &rows, &err);
    PyEval_RestoreThread(ts_);
    pcfpy_handle_release(self);
    Py_DECREF(path_obj);
    if (st != PCF_OK)
        return pcfpy_raise_status(st, &err);
    return PyLong_FromSize_t(rows);
}

static PyObject *Db_export_csv(pcfpy_handle *self, PyObject *args)
{
    static const char *tables[] = {"factors", "datasets", "regions"};
    const char *table_text = "factors";
    if (!PyArg_ParseTuple(args, "|s:export_csv", &table_text))
        return NULL;
    int table = -1;
    for (int i = 0; i < 3; i++)
        if (strcmp(table_text, tables[i]) == 0)
            table = i;
    if (table < 0) {
        PyErr_Format(PyExc_ValueError, "unknown table \"%s\": use factors, datasets or regions",
                     table_text);
        return NULL;
    }
    char *text = NULL;
    PCFPY_CALL_NOGIL(self, pcf_db_export_table_csv(db_of(self), (pcf_db_table)table, &text, err));
    PyObject *s = PyUnicode_FromString(text);
    pcf_free(text);
    return s;
}

static PyObject *Db_datasets(pcfpy_handle *self, PyObject *noargs)
{
    (void)noargs;
    if (pcfpy_handle_acquire(self) < 0)
        return NULL;
    size_t n = pcf_db_dataset_count(db_of(self));
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list && i < n; i++) {
        const pcf_dataset *ds = pcf_db_dataset_at(db_of(self), i);
        PyObject *d = Py_BuildValue("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:n}", "key",
                                    pcf_dataset_key(ds), "name", pcf_dataset_name(ds), "version",
                                    pcf_dataset_version(ds), "publisher", pcf_dataset_publisher(ds),
                                    "license", pcf_dataset_license(ds), "url", pcf_dataset_url(ds),
                                    "date", pcf_dataset_date(ds), "attribution",
                                    pcf_dataset_attribution(ds), "layer", pcf_dataset_layer(ds),
                                    "factor_count", (Py_ssize_t)pcf_dataset_factor_count(ds));
        if (!d) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, d);
    }
    pcfpy_handle_release(self);
    return list;
}

static PyObject *Db_repr(pcfpy_handle *self)
{
    /* acquire: another thread may be attaching with the GIL released */
    if (pcfpy_handle_acquire(self) < 0) {
        if (!self->closed)
            return NULL;
        PyErr_Clear();
        return PyUnicode_FromString("<pcf.Db closed>");
    }
    PyObject *layers = PyUnicode_FromString("");
    size_t n = pcf_db_layer_count(db_of(self));
    for (size_t i = 0; layers && i < n; i++)
        PyUnicode_AppendAndDel(&layers, PyUnicode_FromFormat("%s%s", i ? ", " : "",
                                                             pcf_db_layer_name(db_of(self), i)));
    pcfpy_handle_release(self);
    if (!layers)
        return NULL;
    PyObject *out = PyUnicode_FromFormat("<pcf.Db layers: %U>", layers);
    Py_DECREF(layers);
    return out;
}

static PyMethodDef Db_methods[] = {
    PCFPY_HANDLE_METHODS(
        "close(): closes the database now (also done when the object is collected)."),
    {"attach", (PyCFunction)(void (*)(void))Db_attach, METH_VARARGS | METH_KEYWORDS,
     "attach($self, path, name)\n--\n\n"
     "attach(path, name): lays a company factor database over this one; it wins lookups."},
    {"layers", (PyCFunction)Db_layers, METH_NOARGS,
     "layers($self, /)\n--\n\n"
     "layers() -> list of layer names, 'default' first, the winning layer last."},
    {"factor", (PyCFunction)Db_factor, METH_VARARGS,
     "factor($self, code, /)\n--\n\n"
     "factor(code) -> dict: one factor by its stable code. Raises NotFound."},
    {"resolve", (PyCFunction)(void (*)(void))Db_resolve, METH_VARARGS | METH_KEYWORDS,
     "resolve($self, category, name, region=None, dimension=None)\n--\n\n"
     "resolve(category, name, region=None, dimension=None) -> dict, with the region fallback."},
    {"search", (PyCFunction)(void (*)(void))Db_search, METH_VARARGS | METH_KEYWORDS,
     "search($self, text=\"\", category=None, region=None, dimension=None, limit=0)\n--\n\n"
     "search(text='', category=None, region=None, dimension=None, limit=0) -> list of dicts."},
    {"factor_count", (PyCFunction)Db_factor_count, METH_VARARGS,
     "factor_count($self, layer=0, /)\n--\n\n"
     "factor_count(layer=0) -> int."},
    {"import_csv", (PyCFunction)Db_import_csv, METH_VARARGS,
     "import_csv($self, path, /)\n--\n\n"
     "import_csv(path) -> rows imported (database opened writable)."},
    {"export_csv", (PyCFunction)Db_export_csv, METH_VARARGS,
     "export_csv($self, table=\"factors\", /)\n--\n\n"
     "export_csv(table='factors') -> str: a table of the default layer as CSV ('factors', "
     "'datasets' or 'regions'), in the form import_csv() reads."},
    {"datasets", (PyCFunction)Db_datasets, METH_NOARGS,
     "datasets($self, /)\n--\n\n"
     "datasets() -> list of dataset dicts (name, version, publisher, licence, attribution)."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef Db_getset[] = {
    PCFPY_HANDLE_GETSET,
    {NULL, NULL, NULL, NULL, NULL},
};

PyTypeObject pcfpy_Db_Type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "pcf.Db",
    .tp_basicsize = sizeof(pcfpy_handle),
    .tp_dealloc = pcfpy_handle_dealloc,
    .tp_repr = (reprfunc)Db_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = "Db(path, *, writable=False, create=False): an open factor database "
              "(one SQLite file, plus attached layers). Use pcf.open_db().",
    .tp_methods = Db_methods,
    .tp_getset = Db_getset,
    .tp_new = Db_new,
};
