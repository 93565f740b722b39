/*
 * pcf._pcf — pcf.Db, an open factor database (one SQLite file plus attached layers), and
 * factors as dicts.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "pcfpy.h"

#include <string.h>

/* ---------------------------------------------------------------- factors */

/* A factor as a dict: the library's document (pcf_factor_to_json), the same keys and values as
 * `pcf factors show --json`. */
static PyObject *factor_dict(const pcf_factor *f)
{
    char *text = NULL;
    pcf_error err;
    pcf_status st = pcf_factor_to_json(f, &text, &err);
    if (st != PCF_OK)
        return pcfpy_raise_status(st, &err);
    PyObject *json = PyImport_ImportModule("json");
    PyObject *d = json ? PyObject_CallMethod(json, "loads", "s", text) : NULL;
    Py_XDECREF(json);
    pcf_free(text);
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

int pcfpy_db_required(PyObject *o, const char *what, pcfpy_handle **out)
{
    *out = NULL;
    if (!o || !PyObject_TypeCheck(o, &pcfpy_Db_Type)) {
        PyErr_Format(PyExc_TypeError, "%s needs a pcf.Db, not %.100s", what,
                     o ? Py_TYPE(o)->tp_name : "nothing");
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

/* Db.suggest(): pcf_factor_suggest() as a dict {"clear": bool, "candidates": [factor dict +
 * "score", "proxy", "reason"]}; lang "zh" gives the reasons in Chinese. */
static PyObject *Db_suggest(pcfpy_handle *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {KW("text"),  KW("unit"), KW("region"), KW("categories"),
                             KW("limit"), KW("lang"), NULL};
    const char *text = NULL, *unit = NULL, *region = NULL, *cats = NULL, *lang = "en";
    Py_ssize_t limit = 3;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "s|zzzns:suggest", kwlist, &text, &unit, &region,
                                     &cats, &limit, &lang))
        return NULL;
    if (limit < 0) {
        PyErr_SetString(PyExc_ValueError, "limit must be >= 0 (0: all)");
        return NULL;
    }
    pcf_suggestion_list *list = NULL;
    PCFPY_CALL_NOGIL(
        self, pcf_factor_suggest(db_of(self), text, unit, region, cats, (size_t)limit, &list, err));
    size_t n = pcf_suggestion_count(list);
    PyObject *cands = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; cands && i < n; i++) {
        PyObject *d = factor_dict(pcf_suggestion_factor(list, i));
        PyObject *sc = d ? PyFloat_FromDouble(pcf_suggestion_score(list, i)) : NULL;
        PyObject *why = sc ? PyUnicode_FromString(pcf_suggestion_reason(list, i, lang)) : NULL;
        if (!why || PyDict_SetItemString(d, "score", sc) < 0 ||
            PyDict_SetItemString(d, "proxy",
                                 pcf_suggestion_is_proxy(list, i) ? Py_True : Py_False) < 0 ||
            PyDict_SetItemString(d, "reason", why) < 0) {
            Py_XDECREF(d);
            Py_XDECREF(sc);
            Py_XDECREF(why);
            Py_CLEAR(cands);
            break;
        }
        Py_DECREF(sc);
        Py_DECREF(why);
        PyList_SET_ITEM(cands, (Py_ssize_t)i, d);
    }
    PyObject *out =
        cands ? Py_BuildValue("{s:O,s:N}", "clear", pcf_suggestion_clear(list) ? Py_True : Py_False,
                              "candidates", cands)
              : NULL;
    pcf_suggestion_list_destroy(list);
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
    {"suggest", (PyCFunction)(void (*)(void))Db_suggest, METH_VARARGS | METH_KEYWORDS,
     "suggest($self, text, unit=None, region=None, categories=None, limit=3, lang=\"en\")\n--\n\n"
     "suggest(text, unit=None, region=None, categories=None, limit=3, lang='en') -> dict: "
     "{'clear': bool, 'candidates': [factor dict with 'score', 'proxy', 'reason']}, best first "
     "(pcf_factor_suggest; docs/matching.md)."},
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
