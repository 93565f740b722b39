/*
 * pcf._pcf — the CPython extension under the pure-Python package `pcf` (STYLE.md rule 39).
 * GPL-3.0-or-later; see LICENSE.
 *
 * A thin layer: one Python type per opaque handle, each calling the C destructor from tp_dealloc
 * and from close(). Every pcf_status other than PCF_OK raises a pcf.Error subclass that carries
 * the library's message and location. Richer shaping (dicts, defaults, PCF_DB) is done in
 * pcf/__init__.py, where it is easier to read and test.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <pythread.h>

#include <pcf/pcf.h>

#include <string.h>

/* ---------------------------------------------------------------- errors */

/* One exception class per status; index = pcf_status value. Created once at import. */
#define N_STATUS 15

static const struct {
    const char *name; /* class name under pcf. */
    const char *doc;  /* docstring */
    int extra_base;   /* 1: also a ValueError, 2: also a LookupError, 3: MemoryError */
} error_classes[N_STATUS] = {
    {NULL, NULL, 0}, /* PCF_OK */
    {"InvalidArgument", "An argument is missing, out of range, NaN or infinite.", 1},
    {"OutOfMemory", "Memory could not be allocated.", 3},
    {"IoError", "A file could not be opened, read or written.", 0},
    {"NotFound", "A named thing (factor, unit, gas, region, key) does not exist.", 2},
    {"ParseError", "Text (JSON, CSV, a number, a unit) is malformed.", 1},
    {"UnitError", "Units of different dimensions were combined.", 1},
    {"DataMissing", "Input needed for the calculation was not given.", 0},
    {"Cancelled", "A callback asked to stop.", 0},
    {"InternalError", "A bug in pcf; please report it.", 0},
    {"DatabaseError", "The factor database failed (SQLite error, corrupt file).", 0},
    {"VersionError", "A file was written by a newer, incompatible version.", 0},
    {"InvalidModel", "A product model breaks a rule (shares, cycles, boundary).", 0},
    {"ReadOnly", "A write was attempted on something opened read-only.", 0},
    {"Unsupported", "The request is valid but this build or format cannot do it.", 0},
};

/* Module-lifetime references, set in PyInit__pcf (single-phase init: one interpreter). */
static PyObject *Error;
static PyObject *status_exc[N_STATUS];

/* Raises the exception for st with err's message and location; returns NULL. */
static PyObject *raise_status(pcf_status st, const pcf_error *err)
{
    int code = (int)st;
    PyObject *cls = (code > 0 && code < N_STATUS) ? status_exc[code] : Error;
    const char *msg = (err && err->message[0]) ? err->message : pcf_status_str(code);
    const char *file = err ? err->file : "";
    const char *path = err ? err->path : "";
    long line = err ? (long)err->line : 0;
    long column = err ? (long)err->column : 0;

    /* str(exc): the message, then where, like the CLI prints it. */
    PyObject *text;
    if (file[0] || path[0] || line) {
        text = PyUnicode_FromFormat("%s (%s%s%s", msg, file, (file[0] && path[0]) ? " " : "", path);
        if (text && line) {
            PyObject *more =
                column ? PyUnicode_FromFormat("%sline %ld, column %ld",
                                              (file[0] || path[0]) ? " " : "", line, column)
                       : PyUnicode_FromFormat("%sline %ld", (file[0] || path[0]) ? " " : "", line);
            PyUnicode_AppendAndDel(&text, more);
        }
        if (text)
            PyUnicode_AppendAndDel(&text, PyUnicode_FromString(")"));
    } else {
        text = PyUnicode_FromString(msg);
    }
    if (!text)
        return NULL;
    PyObject *exc = PyObject_CallOneArg(cls, text);
    Py_DECREF(text);
    if (!exc)
        return NULL;
    int bad = 0;
    PyObject *v;
#define SETATTR(name, expr)                                                                        \
    do {                                                                                           \
        v = (expr);                                                                                \
        bad = bad || !v || PyObject_SetAttrString(exc, name, v) < 0;                               \
        Py_XDECREF(v);                                                                             \
    } while (0)
    SETATTR("message", PyUnicode_FromString(msg));
    SETATTR("code", PyLong_FromLong(code));
    SETATTR("status", PyUnicode_FromString(pcf_status_name(code)));
    SETATTR("file", PyUnicode_FromString(file));
    SETATTR("path", PyUnicode_FromString(path));
    SETATTR("line", PyLong_FromLong(line));
    SETATTR("column", PyLong_FromLong(column));
#undef SETATTR
    if (bad) {
        Py_DECREF(exc);
        return NULL;
    }
    PyErr_SetObject(cls, exc);
    Py_DECREF(exc);
    return NULL;
}

/* Builds the exception classes and adds them to module m. 0 on success. */
static int make_errors(PyObject *m)
{
    PyObject *dict = Py_BuildValue("{s:s,s:i,s:s,s:s,s:s,s:i,s:i}", "message", "", "code", 0,
                                   "status", "", "file", "", "path", "", "line", 0, "column", 0);
    if (!dict)
        return -1;
    Error = PyErr_NewExceptionWithDoc(
        "pcf.Error",
        "A pcf library error. Attributes: message, code (the pcf_status number), status (its "
        "name), file, path (a JSON path such as $.stages.transport[2].distance), line, column.",
        NULL, dict);
    Py_DECREF(dict);
    if (!Error || PyModule_AddObjectRef(m, "Error", Error) < 0)
        return -1;
    for (int i = 1; i < N_STATUS; i++) {
        PyObject *extra = error_classes[i].extra_base == 1   ? PyExc_ValueError
                          : error_classes[i].extra_base == 2 ? PyExc_LookupError
                          : error_classes[i].extra_base == 3 ? PyExc_MemoryError
                                                             : NULL;
        PyObject *bases = extra ? PyTuple_Pack(2, Error, extra) : PyTuple_Pack(1, Error);
        if (!bases)
            return -1;
        char qual[64];
        snprintf(qual, sizeof qual, "pcf.%s", error_classes[i].name);
        status_exc[i] = PyErr_NewExceptionWithDoc(qual, error_classes[i].doc, bases, NULL);
        Py_DECREF(bases);
        if (!status_exc[i] || PyModule_AddObjectRef(m, error_classes[i].name, status_exc[i]) < 0)
            return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------- units, gwp, numbers */

static PyObject *py_version(PyObject *self, PyObject *noargs)
{
    (void)self;
    (void)noargs;
    return PyUnicode_FromString(pcf_version_string());
}

static PyObject *py_status_name(PyObject *self, PyObject *arg)
{
    (void)self;
    long code = PyLong_AsLong(arg);
    if (code == -1 && PyErr_Occurred())
        return NULL;
    return PyUnicode_FromString(pcf_status_name((int)code));
}

static PyObject *py_convert(PyObject *self, PyObject *args)
{
    (void)self;
    double value, out;
    const char *from, *to;
    if (!PyArg_ParseTuple(args, "dss:convert", &value, &from, &to))
        return NULL;
    pcf_error err;
    pcf_status st = pcf_unit_convert(value, from, to, &out, &err);
    if (st != PCF_OK)
        return raise_status(st, &err);
    return PyFloat_FromDouble(out);
}

static PyObject *unit_dict(const pcf_unit *u)
{
    return Py_BuildValue("{s:s,s:s,s:s,s:d}", "symbol", pcf_unit_symbol(u), "name",
                         pcf_unit_name(u), "dimension", pcf_dimension_name(pcf_unit_dimension(u)),
                         "to_base", pcf_unit_to_base(u));
}

static PyObject *py_unit(PyObject *self, PyObject *args)
{
    (void)self;
    const char *text;
    if (!PyArg_ParseTuple(args, "s:unit", &text))
        return NULL;
    const pcf_unit *u;
    pcf_error err;
    pcf_status st = pcf_unit_parse(text, &u, &err);
    if (st != PCF_OK)
        return raise_status(st, &err);
    return unit_dict(u);
}

static PyObject *py_units(PyObject *self, PyObject *noargs)
{
    (void)self;
    (void)noargs;
    size_t n = pcf_unit_count();
    PyObject *list = PyList_New((Py_ssize_t)n);
    if (!list)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        PyObject *d = unit_dict(pcf_unit_at(i));
        if (!d) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, d);
    }
    return list;
}

static PyObject *py_parse_quantity(PyObject *self, PyObject *args)
{
    (void)self;
    const char *text;
    if (!PyArg_ParseTuple(args, "s:parse_quantity", &text))
        return NULL;
    double v;
    const pcf_unit *u;
    pcf_error err;
    pcf_status st = pcf_quantity_parse(text, &v, &u, &err);
    if (st != PCF_OK)
        return raise_status(st, &err);
    return Py_BuildValue("(ds)", v, pcf_unit_symbol(u));
}

static PyObject *py_parse_number(PyObject *self, PyObject *args)
{
    (void)self;
    const char *text;
    if (!PyArg_ParseTuple(args, "s:parse_number", &text))
        return NULL;
    double v;
    pcf_error err;
    pcf_status st = pcf_number_parse(text, &v, &err);
    if (st != PCF_OK)
        return raise_status(st, &err);
    return PyFloat_FromDouble(v);
}

static PyObject *py_format_number(PyObject *self, PyObject *args)
{
    (void)self;
    double v;
    if (!PyArg_ParseTuple(args, "d:format_number", &v))
        return NULL;
    char buf[64];
    pcf_number_format(v, buf, sizeof buf);
    return PyUnicode_FromString(buf);
}

/* Parses a gas and a GWP set name; 0 on success, -1 with an exception set. */
static int parse_gas_set(const char *gas_text, const char *set_text, pcf_gas *gas, pcf_gwp_set *set)
{
    pcf_error err;
    pcf_status st = pcf_gwp_set_parse(set_text, set, &err);
    if (st == PCF_OK && gas_text)
        st = pcf_gas_parse(gas_text, gas, &err);
    if (st != PCF_OK) {
        raise_status(st, &err);
        return -1;
    }
    return 0;
}

static PyObject *py_gwp(PyObject *self, PyObject *args)
{
    (void)self;
    const char *gas_text, *set_text = "AR6";
    if (!PyArg_ParseTuple(args, "s|s:gwp", &gas_text, &set_text))
        return NULL;
    pcf_gas gas;
    pcf_gwp_set set;
    if (parse_gas_set(gas_text, set_text, &gas, &set) < 0)
        return NULL;
    double v;
    pcf_error err;
    pcf_status st = pcf_gwp_value(set, gas, &v, &err);
    if (st != PCF_OK)
        return raise_status(st, &err);
    return PyFloat_FromDouble(v);
}

static PyObject *py_gwp_source(PyObject *self, PyObject *args)
{
    (void)self;
    const char *gas_text, *set_text = "AR6";
    if (!PyArg_ParseTuple(args, "s|s:gwp_source", &gas_text, &set_text))
        return NULL;
    pcf_gas gas;
    pcf_gwp_set set;
    if (parse_gas_set(gas_text, set_text, &gas, &set) < 0)
        return NULL;
    const char *src = pcf_gwp_source(set, gas);
    return PyUnicode_FromString(src ? src : "");
}

static PyObject *py_gwp_set_name(PyObject *self, PyObject *args)
{
    (void)self;
    const char *set_text;
    if (!PyArg_ParseTuple(args, "s:gwp_set_name", &set_text))
        return NULL;
    pcf_gwp_set set;
    if (parse_gas_set(NULL, set_text, NULL, &set) < 0)
        return NULL;
    return PyUnicode_FromString(pcf_gwp_set_name(set));
}

static PyObject *py_gases(PyObject *self, PyObject *noargs)
{
    (void)self;
    (void)noargs;
    size_t n = pcf_gas_count();
    PyObject *list = PyList_New((Py_ssize_t)n);
    if (!list)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        pcf_gas g = (pcf_gas)i;
        PyObject *d = Py_BuildValue("{s:s,s:s,s:s,s:O}", "key", pcf_gas_key(g), "formula",
                                    pcf_gas_formula(g), "name", pcf_gas_name(g), "biogenic",
                                    pcf_gas_is_biogenic(g) ? Py_True : Py_False);
        if (!d) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, d);
    }
    return list;
}

/* Keyword lists: Python 3.11 takes char *[]; string literals are const under -Wwrite-strings. */
#define KW(s) ((char *)(s))

/* ---------------------------------------------------------------- locks */

/*
 * pcf_db and pcf_model are "one thread at a time" (STYLE.md rule 20). While the GIL is released
 * around long work, a second Python thread could enter the same handle, so each object carries a
 * lock. Taking it never blocks with the GIL held: try first, else wait with the GIL released.
 */
/* The GIL is released with PyEval_SaveThread()/PyEval_RestoreThread(), what
 * Py_BEGIN/END_ALLOW_THREADS expand to, written out so that clang-format can lay the code out. */
static void lock_take(PyThread_type_lock lock)
{
    if (PyThread_acquire_lock(lock, NOWAIT_LOCK))
        return;
    PyThreadState *ts_ = PyEval_SaveThread();
    PyThread_acquire_lock(lock, WAIT_LOCK);
    PyEval_RestoreThread(ts_);
}

static PyObject *raise_closed(const char *what)
{
    PyErr_Format(PyExc_ValueError, "I/O operation on a closed pcf.%s", what);
    return NULL;
}

/* Parses None, a dimension name ("mass") or a unit ("kg": its dimension). 0 or -1. */
static int parse_dimension(PyObject *o, pcf_dimension *out)
{
    *out = PCF_DIM_NONE;
    if (o == NULL || o == Py_None)
        return 0;
    const char *text = PyUnicode_AsUTF8(o);
    if (!text)
        return -1;
    for (int d = 1; d <= 32; d++) {
        if (!pcf_dimension_base((pcf_dimension)d))
            break;
        if (strcmp(pcf_dimension_name((pcf_dimension)d), text) == 0) {
            *out = (pcf_dimension)d;
            return 0;
        }
    }
    const pcf_unit *u;
    pcf_error err;
    pcf_status st = pcf_unit_parse(text, &u, &err);
    if (st != PCF_OK) {
        raise_status(st, &err);
        return -1;
    }
    *out = pcf_unit_dimension(u);
    return 0;
}

/* ---------------------------------------------------------------- factors */

/* Sets d[key] = v and drops v; returns -1 when v is NULL or the set fails. */
static int put(PyObject *d, const char *key, PyObject *v)
{
    if (!v)
        return -1;
    int rc = PyDict_SetItemString(d, key, v);
    Py_DECREF(v);
    return rc;
}

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
        bad = put(gases, pcf_gas_key(pcf_factor_gas_at(f, i)),
                  PyFloat_FromDouble(pcf_factor_gas_kg_at(f, i))) < 0;
    bad = bad || put(d, "code", PyUnicode_FromString(pcf_factor_code(f))) < 0 ||
          put(d, "name_en", PyUnicode_FromString(pcf_factor_name_en(f))) < 0 ||
          put(d, "name_zh", PyUnicode_FromString(pcf_factor_name_zh(f))) < 0 ||
          put(d, "category", PyUnicode_FromString(pcf_factor_category(f))) < 0 ||
          put(d, "region", PyUnicode_FromString(pcf_factor_region(f))) < 0 ||
          put(d, "region_requested", PyUnicode_FromString(pcf_factor_region_requested(f))) < 0 ||
          put(d, "fallback_taken", PyBool_FromLong(pcf_factor_fallback_taken(f))) < 0 ||
          put(d, "kg_co2e", PyFloat_FromDouble(pcf_factor_kg_co2e(f))) < 0 ||
          put(d, "unit", PyUnicode_FromString(pcf_unit_symbol(pcf_factor_unit(f)))) < 0 ||
          put(d, "unit_qualifier", PyUnicode_FromString(pcf_factor_unit_qualifier(f))) < 0 ||
          put(d, "co2_only", PyBool_FromLong(pcf_factor_co2_only(f))) < 0 ||
          put(d, "gwp_set", gwp_name ? PyUnicode_FromString(gwp_name) : Py_NewRef(Py_None)) < 0 ||
          put(d, "gwp_text", PyUnicode_FromString(pcf_factor_gwp_text(f))) < 0 ||
          PyDict_SetItemString(d, "gases", gases) < 0 ||
          put(d, "scope", PyUnicode_FromString(pcf_factor_scope(f))) < 0 ||
          put(d, "year", PyLong_FromLong(pcf_factor_year(f))) < 0 ||
          put(d, "year_text", PyUnicode_FromString(pcf_factor_year_text(f))) < 0 ||
          put(d, "published_value", PyUnicode_FromString(pcf_factor_published_value(f))) < 0 ||
          put(d, "published_unit", PyUnicode_FromString(pcf_factor_published_unit(f))) < 0 ||
          put(d, "dataset", PyUnicode_FromString(pcf_factor_dataset(f))) < 0 ||
          put(d, "dataset_name", PyUnicode_FromString(pcf_factor_dataset_name(f))) < 0 ||
          put(d, "dataset_version", PyUnicode_FromString(pcf_factor_dataset_version(f))) < 0 ||
          put(d, "license", PyUnicode_FromString(pcf_factor_license(f))) < 0 ||
          put(d, "source", PyUnicode_FromString(pcf_factor_source(f))) < 0 ||
          put(d, "notes", PyUnicode_FromString(pcf_factor_notes(f))) < 0 ||
          put(d, "dq", PyUnicode_FromString(pcf_factor_dq(f))) < 0 ||
          put(d, "layer", PyUnicode_FromString(pcf_factor_layer(f))) < 0 ||
          put(d, "uncertainty",
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

typedef struct {
    PyObject_HEAD pcf_db *db;
    PyThread_type_lock lock;
} DbObject;

static PyTypeObject Db_Type;

static PyObject *Db_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {KW("path"), KW("writable"), KW("create"), NULL};
    PyObject *path_obj;
    int writable = 0, create = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O&|$pp:Db", kwlist, PyUnicode_FSConverter,
                                     &path_obj, &writable, &create))
        return NULL;
    DbObject *self = (DbObject *)type->tp_alloc(type, 0);
    if (!self) {
        Py_DECREF(path_obj);
        return NULL;
    }
    self->lock = PyThread_allocate_lock();
    if (!self->lock) {
        Py_DECREF(path_obj);
        Py_DECREF(self);
        return PyErr_NoMemory();
    }
    uint32_t flags = create     ? (PCF_DB_READ_WRITE | PCF_DB_CREATE)
                     : writable ? PCF_DB_READ_WRITE
                                : PCF_DB_READ_ONLY;
    const char *path = PyBytes_AS_STRING(path_obj);
    pcf_error err;
    pcf_status st;
    PyThreadState *ts_ = PyEval_SaveThread();
    st = pcf_db_open(path, flags, &self->db, &err);
    PyEval_RestoreThread(ts_);
    Py_DECREF(path_obj);
    if (st != PCF_OK) {
        Py_DECREF(self);
        return raise_status(st, &err);
    }
    return (PyObject *)self;
}

static void Db_dealloc(DbObject *self)
{
    pcf_db_close(self->db);
    if (self->lock)
        PyThread_free_lock(self->lock);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* Takes the lock and checks the handle is open; 0 or -1 (lock not held, exception set). */
static int Db_enter(DbObject *self)
{
    lock_take(self->lock);
    if (!self->db) {
        PyThread_release_lock(self->lock);
        raise_closed("Db");
        return -1;
    }
    return 0;
}

static void Db_leave(DbObject *self)
{
    PyThread_release_lock(self->lock);
}

static PyObject *Db_close(DbObject *self, PyObject *noargs)
{
    (void)noargs;
    lock_take(self->lock);
    pcf_db_close(self->db);
    self->db = NULL;
    PyThread_release_lock(self->lock);
    Py_RETURN_NONE;
}

static PyObject *Db_exit(DbObject *self, PyObject *args)
{
    (void)args;
    return Db_close(self, NULL);
}

static PyObject *Db_enter_ctx(DbObject *self, PyObject *noargs)
{
    (void)noargs;
    if (!self->db)
        return raise_closed("Db");
    return Py_NewRef(self);
}

static PyObject *Db_get_closed(DbObject *self, void *closure)
{
    (void)closure;
    return PyBool_FromLong(self->db == NULL);
}

static PyObject *Db_attach(DbObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {KW("path"), KW("name"), NULL};
    PyObject *path_obj;
    const char *name;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O&s:attach", kwlist, PyUnicode_FSConverter,
                                     &path_obj, &name))
        return NULL;
    if (Db_enter(self) < 0) {
        Py_DECREF(path_obj);
        return NULL;
    }
    pcf_error err;
    pcf_status st;
    const char *path = PyBytes_AS_STRING(path_obj);
    PyThreadState *ts_ = PyEval_SaveThread();
    st = pcf_db_attach(self->db, path, name, &err);
    PyEval_RestoreThread(ts_);
    Db_leave(self);
    Py_DECREF(path_obj);
    if (st != PCF_OK)
        return raise_status(st, &err);
    Py_RETURN_NONE;
}

static PyObject *Db_layers(DbObject *self, PyObject *noargs)
{
    (void)noargs;
    if (Db_enter(self) < 0)
        return NULL;
    size_t n = pcf_db_layer_count(self->db);
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list && i < n; i++) {
        PyObject *s = PyUnicode_FromString(pcf_db_layer_name(self->db, i));
        if (!s) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, s);
    }
    Db_leave(self);
    return list;
}

static PyObject *Db_factor(DbObject *self, PyObject *args)
{
    const char *code;
    if (!PyArg_ParseTuple(args, "s:factor", &code))
        return NULL;
    if (Db_enter(self) < 0)
        return NULL;
    pcf_factor *f = NULL;
    pcf_error err;
    pcf_status st;
    PyThreadState *ts_ = PyEval_SaveThread();
    st = pcf_db_get_factor(self->db, code, &f, &err);
    PyEval_RestoreThread(ts_);
    Db_leave(self);
    if (st != PCF_OK)
        return raise_status(st, &err);
    PyObject *d = factor_dict(f);
    pcf_factor_destroy(f);
    return d;
}

static PyObject *Db_resolve(DbObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {KW("category"), KW("name"), KW("region"), KW("dimension"), NULL};
    const char *category, *name, *region = NULL;
    PyObject *dim_obj = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "ss|zO:resolve", kwlist, &category, &name, &region,
                                     &dim_obj))
        return NULL;
    pcf_dimension dim;
    if (parse_dimension(dim_obj, &dim) < 0)
        return NULL;
    if (Db_enter(self) < 0)
        return NULL;
    pcf_factor *f = NULL;
    pcf_error err;
    pcf_status st;
    PyThreadState *ts_ = PyEval_SaveThread();
    st = pcf_db_resolve_dim(self->db, category, name, region, dim, &f, &err);
    PyEval_RestoreThread(ts_);
    Db_leave(self);
    if (st != PCF_OK)
        return raise_status(st, &err);
    PyObject *d = factor_dict(f);
    pcf_factor_destroy(f);
    return d;
}

static PyObject *Db_search(DbObject *self, PyObject *args, PyObject *kwds)
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
    if (parse_dimension(dim_obj, &dim) < 0)
        return NULL;
    if (Db_enter(self) < 0)
        return NULL;
    pcf_factor_list *list = NULL;
    pcf_error err;
    pcf_status st;
    PyThreadState *ts_ = PyEval_SaveThread();
    st = pcf_db_search(self->db, text, category, region, dim, (size_t)limit, &list, &err);
    PyEval_RestoreThread(ts_);
    Db_leave(self);
    if (st != PCF_OK)
        return raise_status(st, &err);
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

static PyObject *Db_factor_count(DbObject *self, PyObject *args)
{
    Py_ssize_t layer = 0;
    if (!PyArg_ParseTuple(args, "|n:factor_count", &layer))
        return NULL;
    if (layer < 0) {
        PyErr_SetString(PyExc_ValueError, "layer must be >= 0");
        return NULL;
    }
    if (Db_enter(self) < 0)
        return NULL;
    size_t n = 0;
    pcf_error err;
    pcf_status st = pcf_db_factor_count(self->db, (size_t)layer, &n, &err);
    Db_leave(self);
    if (st != PCF_OK)
        return raise_status(st, &err);
    return PyLong_FromSize_t(n);
}

static PyObject *Db_import_csv(DbObject *self, PyObject *args)
{
    PyObject *path_obj;
    if (!PyArg_ParseTuple(args, "O&:import_csv", PyUnicode_FSConverter, &path_obj))
        return NULL;
    if (Db_enter(self) < 0) {
        Py_DECREF(path_obj);
        return NULL;
    }
    size_t rows = 0;
    pcf_error err;
    pcf_status st;
    const char *path = PyBytes_AS_STRING(path_obj);
    PyThreadState *ts_ = PyEval_SaveThread();
    st = pcf_db_import_csv(self->db, path, &rows, &err);
    PyEval_RestoreThread(ts_);
    Db_leave(self);
    Py_DECREF(path_obj);
    if (st != PCF_OK)
        return raise_status(st, &err);
    return PyLong_FromSize_t(rows);
}

static PyObject *Db_export_csv(DbObject *self, PyObject *args)
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
    if (Db_enter(self) < 0)
        return NULL;
    char *text = NULL;
    pcf_error err;
    pcf_status st;
    PyThreadState *ts_ = PyEval_SaveThread();
    st = pcf_db_export_table_csv(self->db, (pcf_db_table)table, &text, &err);
    PyEval_RestoreThread(ts_);
    Db_leave(self);
    if (st != PCF_OK)
        return raise_status(st, &err);
    PyObject *s = PyUnicode_FromString(text);
    pcf_free(text);
    return s;
}

static PyObject *Db_datasets(DbObject *self, PyObject *noargs)
{
    (void)noargs;
    if (Db_enter(self) < 0)
        return NULL;
    size_t n = pcf_db_dataset_count(self->db);
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list && i < n; i++) {
        const pcf_dataset *ds = pcf_db_dataset_at(self->db, i);
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
    Db_leave(self);
    return list;
}

static PyObject *Db_repr(DbObject *self)
{
    lock_take(self->lock); /* another thread may be attaching with the GIL released */
    if (!self->db) {
        PyThread_release_lock(self->lock);
        return PyUnicode_FromString("<pcf.Db closed>");
    }
    PyObject *layers = PyUnicode_FromString("");
    size_t n = pcf_db_layer_count(self->db);
    for (size_t i = 0; layers && i < n; i++)
        PyUnicode_AppendAndDel(
            &layers, PyUnicode_FromFormat("%s%s", i ? ", " : "", pcf_db_layer_name(self->db, i)));
    PyThread_release_lock(self->lock);
    if (!layers)
        return NULL;
    PyObject *out = PyUnicode_FromFormat("<pcf.Db layers: %U>", layers);
    Py_DECREF(layers);
    return out;
}

static PyMethodDef Db_methods[] = {
    {"close", (PyCFunction)Db_close, METH_NOARGS,
     "close($self, /)\n--\n\n"
     "close(): closes the database now (also done when the object is collected)."},
    {"__enter__", (PyCFunction)Db_enter_ctx, METH_NOARGS, NULL},
    {"__exit__", (PyCFunction)Db_exit, METH_VARARGS, NULL},
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
    {"closed", (getter)Db_get_closed, NULL, "True once close() was called.", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject Db_Type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "pcf.Db",
    .tp_basicsize = sizeof(DbObject),
    .tp_dealloc = (destructor)Db_dealloc,
    .tp_repr = (reprfunc)Db_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = "Db(path, *, writable=False, create=False): an open factor database "
              "(one SQLite file, plus attached layers). Use pcf.open_db().",
    .tp_methods = Db_methods,
    .tp_getset = Db_getset,
    .tp_new = Db_new,
};

static PyObject *py_db_default_path(PyObject *self, PyObject *noargs)
{
    (void)self;
    (void)noargs;
    return PyUnicode_DecodeFSDefault(pcf_db_default_path());
}

static PyObject *py_db_schema_version(PyObject *self, PyObject *noargs)
{
    (void)self;
    (void)noargs;
    return PyLong_FromLong(pcf_db_schema_version());
}

/* ---------------------------------------------------------------- names of enums */

/* Finds text among name(0..n-1); 0 and *out set, or -1 with InvalidArgument naming the choices. */
static int parse_enum(const char *what, const char *text, const char *(*name)(int), int n, int *out)
{
    for (int i = 0; i < n; i++) {
        if (name(i) && strcmp(name(i), text) == 0) {
            *out = i;
            return 0;
        }
    }
    char choices[256] = "";
    size_t len = 0;
    for (int i = 0; i < n && len < sizeof choices - 40; i++)
        len += (size_t)snprintf(choices + len, sizeof choices - len, "%s\"%s\"", i ? ", " : "",
                                name(i));
    pcf_error err;
    memset(&err, 0, sizeof err);
    err.code = PCF_ERR_INVALID_ARG;
    snprintf(err.message, sizeof err.message, "unknown %s \"%.100s\": use one of %s", what, text,
             choices);
    raise_status(PCF_ERR_INVALID_ARG, &err);
    return -1;
}

static const char *stage_name_i(int i)
{
    return pcf_stage_name((pcf_stage)i);
}
static const char *boundary_name_i(int i)
{
    return pcf_boundary_name((pcf_boundary)i);
}
static const char *recycling_name_i(int i)
{
    return pcf_recycling_method_name((pcf_recycling_method)i);
}
static const char *dist_name_i(int i)
{
    return pcf_dist_name((pcf_dist)i);
}

/* Parses a GWP set name, or None -> 0 ("the model's own"). 0 or -1. */
static int parse_gwp_opt(PyObject *o, pcf_gwp_set *out)
{
    *out = (pcf_gwp_set)0;
    if (!o || o == Py_None)
        return 0;
    const char *text = PyUnicode_AsUTF8(o);
    if (!text)
        return -1;
    pcf_error err;
    pcf_status st = pcf_gwp_set_parse(text, out, &err);
    if (st != PCF_OK) {
        raise_status(st, &err);
        return -1;
    }
    return 0;
}

/* The diagnostics list as Python dicts. */
static PyObject *diag_list(const pcf_diag *diag)
{
    static const char *sev[] = {"error", "warning", "note"};
    size_t n = pcf_diag_count(diag);
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list && i < n; i++) {
        const pcf_error *e = pcf_diag_at(diag, i);
        int s = (int)pcf_diag_severity_at(diag, i);
        PyObject *d = Py_BuildValue(
            "{s:s,s:i,s:s,s:s,s:s,s:s,s:i,s:i}", "severity", (s >= 0 && s < 3) ? sev[s] : "error",
            "code", (int)e->code, "status", pcf_status_name(e->code), "message", e->message, "file",
            e->file, "path", e->path, "line", (int)e->line, "column", (int)e->column);
        if (!d) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, d);
    }
    return list;
}

/* raise_status, then attaches diag's entries as exc.problems. Returns NULL. */
static PyObject *raise_with_diag(pcf_status st, const pcf_error *err, const pcf_diag *diag)
{
    raise_status(st, err);
    if (!diag)
        return NULL;
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    PyObject *problems = diag_list(diag);
    if (problems && value) {
        if (PyObject_SetAttrString(value, "problems", problems) < 0)
            PyErr_Clear();
    } else {
        PyErr_Clear();
    }
    Py_XDECREF(problems);
    PyErr_Restore(type, value, tb);
    return NULL;
}

/* ---------------------------------------------------------------- Model */

typedef struct {
    PyObject_HEAD pcf_model *model;
    PyThread_type_lock lock;
} ModelObject;

static PyTypeObject Model_Type;
static PyTypeObject System_Type;
static PyTypeObject Result_Type;

/* A new Model object of @p type owning @p model (taken over, also on failure). */
static PyObject *Model_wrap(PyTypeObject *type, pcf_model *model)
{
    ModelObject *self = (ModelObject *)type->tp_alloc(type, 0);
    if (!self) {
        pcf_model_destroy(model);
        return NULL;
    }
    self->lock = PyThread_allocate_lock();
    if (!self->lock) {
        pcf_model_destroy(model);
        Py_DECREF(self);
        return PyErr_NoMemory();
    }
    self->model = model;
    return (PyObject *)self;
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
        return raise_status(st, &err);
    return Model_wrap(type, model);
}

static void Model_dealloc(ModelObject *self)
{
    pcf_model_destroy(self->model);
    if (self->lock)
        PyThread_free_lock(self->lock);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int Model_enter(ModelObject *self)
{
    lock_take(self->lock);
    if (!self->model) {
        PyThread_release_lock(self->lock);
        raise_closed("Model");
        return -1;
    }
    return 0;
}

static void Model_leave(ModelObject *self)
{
    PyThread_release_lock(self->lock);
}

/* Runs `call` (which may use `err`) with the model locked; raises on a status other than OK. */
#define MODEL_DO(call)                                                                             \
    do {                                                                                           \
        if (Model_enter(self) < 0)                                                                 \
            return NULL;                                                                           \
        pcf_error err_;                                                                            \
        pcf_error *err = &err_;                                                                    \
        pcf_status st_ = (call);                                                                   \
        Model_leave(self);                                                                         \
        if (st_ != PCF_OK)                                                                         \
            return raise_status(st_, err);                                                         \
    } while (0)

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
        return raise_status(st, &err);
    return Model_wrap(type, model);
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
        return raise_status(st, &err);
    return Model_wrap(type, model);
}

static PyObject *Model_close(ModelObject *self, PyObject *noargs)
{
    (void)noargs;
    lock_take(self->lock);
    pcf_model_destroy(self->model);
    self->model = NULL;
    PyThread_release_lock(self->lock);
    Py_RETURN_NONE;
}

static PyObject *Model_exit(ModelObject *self, PyObject *args)
{
    (void)args;
    return Model_close(self, NULL);
}

static PyObject *Model_enter_ctx(ModelObject *self, PyObject *noargs)
{
    (void)noargs;
    if (!self->model)
        return raise_closed("Model");
    return Py_NewRef(self);
}

static PyObject *Model_get_closed(ModelObject *self, void *closure)
{
    (void)closure;
    return PyBool_FromLong(self->model == NULL);
}

static PyObject *Model_to_json(ModelObject *self, PyObject *noargs)
{
    (void)noargs;
    char *text = NULL;
    MODEL_DO(pcf_model_write_string(self->model, &text, err));
    PyObject *s = PyUnicode_FromString(text);
    pcf_free(text);
    return s;
}

static PyObject *Model_write(ModelObject *self, PyObject *args)
{
    PyObject *path_obj;
    if (!PyArg_ParseTuple(args, "O&:write", PyUnicode_FSConverter, &path_obj))
        return NULL;
    if (Model_enter(self) < 0) {
        Py_DECREF(path_obj);
        return NULL;
    }
    pcf_error err;
    pcf_status st = pcf_model_write_file(self->model, PyBytes_AS_STRING(path_obj), &err);
    Model_leave(self);
    Py_DECREF(path_obj);
    if (st != PCF_OK)
        return raise_status(st, &err);
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
    if (Model_enter(self) < 0) {
        pcf_diag_destroy(diag);
        return NULL;
    }
    st = pcf_model_validate(self->model, diag, &err);
    Model_leave(self);
    PyObject *out = NULL;
    /* Problems are data here: the caller decides. Only a failure that listed nothing raises. */
    if (st == PCF_OK || pcf_diag_error_count(diag) > 0)
        out = diag_list(diag);
    else
        raise_status(st, &err);
    pcf_diag_destroy(diag);
    return out;
}

static PyObject *Model_get_section(ModelObject *self, PyObject *args)
{
    const char *key;
    if (!PyArg_ParseTuple(args, "s:get_section", &key))
        return NULL;
    char *text = NULL;
    MODEL_DO(pcf_model_get_section(self->model, key, &text, err));
    PyObject *out = PyUnicode_FromString(text);
    pcf_free(text);
    return out;
}

static PyObject *Model_set_section(ModelObject *self, PyObject *args)
{
    const char *key, *json;
    if (!PyArg_ParseTuple(args, "sz:set_section", &key, &json))
        return NULL;
    MODEL_DO(pcf_model_set_section(self->model, key, json, err));
    Py_RETURN_NONE;
}

static PyObject *Model_filename(ModelObject *self, PyObject *noargs)
{
    (void)noargs;
    if (Model_enter(self) < 0)
        return NULL;
    PyObject *s = PyUnicode_DecodeFSDefault(pcf_model_filename(self->model));
    Model_leave(self);
    return s;
}

static PyObject *Model_set_boundary(ModelObject *self, PyObject *args)
{
    const char *text;
    int v;
    if (!PyArg_ParseTuple(args, "s:set_boundary", &text) ||
        parse_enum("boundary", text, boundary_name_i, 2, &v) < 0)
        return NULL;
    MODEL_DO(pcf_model_set_boundary(self->model, (pcf_boundary)v, err));
    Py_RETURN_NONE;
}

static PyObject *Model_boundary(ModelObject *self, PyObject *noargs)
{
    (void)noargs;
    if (Model_enter(self) < 0)
        return NULL;
    pcf_boundary b = pcf_model_boundary(self->model);
    Model_leave(self);
    return PyUnicode_FromString(pcf_boundary_name(b));
}

static PyObject *Model_set_gwp(ModelObject *self, PyObject *args)
{
    PyObject *o;
    pcf_gwp_set set;
    if (!PyArg_ParseTuple(args, "U:set_gwp", &o) || parse_gwp_opt(o, &set) < 0)
        return NULL;
    MODEL_DO(pcf_model_set_gwp(self->model, set, err));
    Py_RETURN_NONE;
}

static PyObject *Model_gwp(ModelObject *self, PyObject *noargs)
{
    (void)noargs;
    if (Model_enter(self) < 0)
        return NULL;
    pcf_gwp_set set = pcf_model_gwp(self->model);
    Model_leave(self);
    return PyUnicode_FromString(pcf_gwp_set_name(set));
}

static PyObject *Model_set_region(ModelObject *self, PyObject *args)
{
    const char *region;
    if (!PyArg_ParseTuple(args, "z:set_region", &region))
        return NULL;
    MODEL_DO(pcf_model_set_region(self->model, region, err));
    Py_RETURN_NONE;
}

static PyObject *Model_set_recycling_method(ModelObject *self, PyObject *args)
{
    const char *text;
    int v;
    if (!PyArg_ParseTuple(args, "s:set_recycling_method", &text) ||
        parse_enum("recycling method", text, recycling_name_i, 4, &v) < 0)
        return NULL;
    MODEL_DO(pcf_model_set_recycling_method(self->model, (pcf_recycling_method)v, err));
    Py_RETURN_NONE;
}

static PyObject *Model_set_description(ModelObject *self, PyObject *args)
{
    const char *text;
    if (!PyArg_ParseTuple(args, "z:set_description", &text))
        return NULL;
    MODEL_DO(pcf_model_set_description(self->model, text, err));
    Py_RETURN_NONE;
}

static PyObject *Model_add_product(ModelObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {KW("id"), KW("name"), NULL};
    const char *id, *name = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "s|z:add_product", kwlist, &id, &name))
        return NULL;
    size_t index = 0;
    MODEL_DO(pcf_model_add_product(self->model, id, name, &index, err));
    return PyLong_FromSize_t(index);
}

static PyObject *Model_product_count(ModelObject *self, PyObject *noargs)
{
    (void)noargs;
    if (Model_enter(self) < 0)
        return NULL;
    size_t n = pcf_model_product_count(self->model);
    Model_leave(self);
    return PyLong_FromSize_t(n);
}

static PyObject *Model_product_id(ModelObject *self, PyObject *args)
{
    Py_ssize_t i;
    if (!PyArg_ParseTuple(args, "n:product_id", &i))
        return NULL;
    if (Model_enter(self) < 0)
        return NULL;
    const char *id = i >= 0 ? pcf_model_product_id(self->model, (size_t)i) : NULL;
    PyObject *s = id ? PyUnicode_FromString(id) : NULL;
    Model_leave(self);
    if (!id)
        PyErr_Format(PyExc_IndexError, "product %zd out of range", i);
    return s;
}

static PyObject *Model_set_product_name(ModelObject *self, PyObject *args)
{
    Py_ssize_t p;
    const char *lang, *name;
    if (!PyArg_ParseTuple(args, "nss:set_product_name", &p, &lang, &name))
        return NULL;
    MODEL_DO(pcf_model_product_set_name(self->model, (size_t)p, lang, name, err));
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
    MODEL_DO(pcf_model_product_set_declared_unit(self->model, (size_t)p, amount, unit, desc, err));
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
    MODEL_DO(pcf_model_product_set_reference_flow(self->model, (size_t)p, amount, unit, desc, err));
    Py_RETURN_NONE;
}

static PyObject *Model_set_mass(ModelObject *self, PyObject *args)
{
    Py_ssize_t p;
    double v;
    const char *unit;
    if (!PyArg_ParseTuple(args, "nds:set_mass", &p, &v, &unit))
        return NULL;
    MODEL_DO(pcf_model_product_set_mass(self->model, (size_t)p, v, unit, err));
    Py_RETURN_NONE;
}

static PyObject *Model_set_service_life(ModelObject *self, PyObject *args)
{
    Py_ssize_t p;
    double v;
    const char *unit;
    if (!PyArg_ParseTuple(args, "nds:set_service_life", &p, &v, &unit))
        return NULL;
    MODEL_DO(pcf_model_product_set_service_life(self->model, (size_t)p, v, unit, err));
    Py_RETURN_NONE;
}

static PyObject *Model_set_allocation(ModelObject *self, PyObject *args)
{
    Py_ssize_t p;
    const char *basis;
    double share;
    if (!PyArg_ParseTuple(args, "nsd:set_allocation", &p, &basis, &share))
        return NULL;
    MODEL_DO(pcf_model_product_set_allocation(self->model, (size_t)p, basis, share, err));
    Py_RETURN_NONE;
}

static PyObject *Model_add_subassembly(ModelObject *self, PyObject *args)
{
    Py_ssize_t p;
    const char *id;
    double q;
    if (!PyArg_ParseTuple(args, "nsd:add_subassembly", &p, &id, &q))
        return NULL;
    MODEL_DO(pcf_model_add_subassembly(self->model, (size_t)p, id, q, err));
    Py_RETURN_NONE;
}

/* None -> NaN ("not given"), else a float. 0 or -1. */
static int opt_double(PyObject *o, double *out)
{
    if (!o || o == Py_None) {
        *out = Py_NAN;
        return 0;
    }
    *out = PyFloat_AsDouble(o);
    return (*out == -1.0 && PyErr_Occurred()) ? -1 : 0;
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
    if (opt_double(fossil, &pcf.fossil) < 0 || opt_double(bio, &pcf.biogenic) < 0 ||
        opt_double(removal, &pcf.biogenic_removal) < 0 || opt_double(dluc, &pcf.dluc) < 0 ||
        opt_double(air, &pcf.aircraft) < 0 || opt_double(share, &pcf.primary_data_share) < 0)
        return NULL;
    size_t index = 0;
    MODEL_DO(
        pcf_model_add_purchased_part(self->model, (size_t)p, name, qty, unit, &pcf, &index, err));
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
        parse_enum("stage", stage_text, stage_name_i, PCF_STAGE_COUNT, &stage) < 0)
        return NULL;
    size_t index = 0;
    MODEL_DO(pcf_model_add_activity(self->model, (size_t)p, (pcf_stage)stage, name, amount, unit,
                                    &index, err));
    return PyLong_FromSize_t(index);
}

static PyObject *Model_activity_count(ModelObject *self, PyObject *noargs)
{
    (void)noargs;
    if (Model_enter(self) < 0)
        return NULL;
    size_t n = pcf_model_activity_count(self->model);
    Model_leave(self);
    return PyLong_FromSize_t(n);
}

static PyObject *Model_activity_path(ModelObject *self, PyObject *args)
{
    Py_ssize_t a;
    if (!PyArg_ParseTuple(args, "n:activity_path", &a))
        return NULL;
    if (Model_enter(self) < 0)
        return NULL;
    const char *path = a >= 0 ? pcf_model_activity_path(self->model, (size_t)a) : NULL;
    PyObject *s = path ? PyUnicode_FromString(path) : NULL;
    Model_leave(self);
    if (!path)
        PyErr_Format(PyExc_IndexError, "activity %zd out of range", a);
    return s;
}

static PyObject *Model_set_factor_code(ModelObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {KW("activity"), KW("code"), KW("slot"), NULL};
    Py_ssize_t a;
    const char *code, *slot = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "ns|z:set_factor_code", kwlist, &a, &code, &slot))
        return NULL;
    MODEL_DO(pcf_model_activity_set_factor_code(self->model, (size_t)a, slot, code, err));
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
    MODEL_DO(pcf_model_activity_set_factor_lookup(self->model, (size_t)a, slot, category, name,
                                                  region, err));
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
    MODEL_DO(
        pcf_model_activity_set_own_factor(self->model, (size_t)a, slot, value, unit, source, err));
    Py_RETURN_NONE;
}

static PyObject *Model_set_number(ModelObject *self, PyObject *args)
{
    Py_ssize_t a;
    const char *key;
    double v;
    if (!PyArg_ParseTuple(args, "nsd:set_number", &a, &key, &v))
        return NULL;
    MODEL_DO(pcf_model_activity_set_number(self->model, (size_t)a, key, v, err));
    Py_RETURN_NONE;
}

static PyObject *Model_set_text(ModelObject *self, PyObject *args)
{
    Py_ssize_t a;
    const char *key, *v;
    if (!PyArg_ParseTuple(args, "nss:set_text", &a, &key, &v))
        return NULL;
    MODEL_DO(pcf_model_activity_set_text(self->model, (size_t)a, key, v, err));
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
        parse_enum("distribution", dist_text, dist_name_i, 5, &dist) < 0)
        return NULL;
    MODEL_DO(pcf_model_activity_set_uncertainty(self->model, (size_t)a, (pcf_dist)dist, p1, p2, p3,
                                                err));
    Py_RETURN_NONE;
}

/* Locks the model and (when given) the db, in that order; -1 with an exception on failure. */
static int model_db_enter(ModelObject *self, PyObject *db_obj, DbObject **db_out)
{
    *db_out = NULL;
    if (db_obj && db_obj != Py_None) {
        if (!PyObject_TypeCheck(db_obj, &Db_Type)) {
            PyErr_Format(PyExc_TypeError, "db must be a pcf.Db or None, not %.100s",
                         Py_TYPE(db_obj)->tp_name);
            return -1;
        }
        *db_out = (DbObject *)db_obj;
    }
    if (Model_enter(self) < 0)
        return -1;
    if (*db_out && Db_enter(*db_out) < 0) {
        Model_leave(self);
        return -1;
    }
    return 0;
}

static void model_db_leave(ModelObject *self, DbObject *db)
{
    if (db)
        Db_leave(db);
    Model_leave(self);
}

typedef struct {
    PyObject_HEAD pcf_system *sys;
    PyObject *diagnostics; /* list of dicts: warnings and notes of resolution */
    /* Threads inside calculate/monte_carlo with the GIL released. close() while users > 0 only
     * marks the object closed; the last user destroys the system. Changed with the GIL held. */
    int users;
    int closed;
} SystemObject;

typedef struct {
    PyObject_HEAD pcf_result *result;
    PyObject *diagnostics;
} ResultObject;

typedef struct {
    PyObject_HEAD pcf_mc *mc;
} McObject;

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
    if (parse_gwp_opt(gwp_obj, &gwp) < 0)
        return -1;
    pcf_diag *diag = NULL;
    pcf_error err;
    pcf_status st = pcf_diag_create(&diag);
    if (st != PCF_OK) {
        PyErr_NoMemory();
        return -1;
    }
    DbObject *db;
    if (model_db_enter(self, db_obj, &db) < 0) {
        pcf_diag_destroy(diag);
        return -1;
    }
    pcf_system *sys = NULL;
    pcf_result *result = NULL;
    PyThreadState *ts_ = PyEval_SaveThread();
    if (calculate)
        st = pcf_model_calculate(self->model, db ? db->db : NULL, gwp, diag, &result, &err);
    else
        st = pcf_system_resolve(self->model, db ? db->db : NULL, gwp, diag, &sys, &err);
    PyEval_RestoreThread(ts_);
    model_db_leave(self, db);
    if (st != PCF_OK) {
        raise_with_diag(st, &err, diag);
        pcf_diag_destroy(diag);
        return -1;
    }
    *diagnostics = diag_list(diag);
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
    SystemObject *out = PyObject_New(SystemObject, &System_Type);
    if (!out) {
        pcf_system_destroy(sys);
        Py_DECREF(diagnostics);
        return NULL;
    }
    out->sys = sys;
    out->users = 0;
    out->closed = 0;
    out->diagnostics = diagnostics;
    return (PyObject *)out;
}

static PyObject *Model_calculate(ModelObject *self, PyObject *args, PyObject *kwds)
{
    void *result;
    PyObject *diagnostics;
    if (model_run(self, args, kwds, "|OO:calculate", 1, &result, &diagnostics) < 0)
        return NULL;
    ResultObject *out = PyObject_New(ResultObject, &Result_Type);
    if (!out) {
        pcf_result_destroy(result);
        Py_DECREF(diagnostics);
        return NULL;
    }
    out->result = result;
    out->diagnostics = diagnostics;
    return (PyObject *)out;
}

#define METH_KW(f) (PyCFunction)(void (*)(void))(f), METH_VARARGS | METH_KEYWORDS

static PyObject *Model_add_pact_part(ModelObject *self, PyObject *args, PyObject *kwds);

static PyMethodDef Model_methods[] = {
    {"from_file", (PyCFunction)Model_from_file, METH_VARARGS | METH_CLASS,
     "from_file($type, path, /)\n--\n\n"
     "Model.from_file(path) -> Model: reads a JSON model (docs/model-format.md)."},
    {"from_string", METH_KW(Model_from_string) | METH_CLASS,
     "from_string($type, json, filename=None)\n--\n\n"
     "Model.from_string(json, filename=None) -> Model."},
    {"close", (PyCFunction)Model_close, METH_NOARGS,
     "close($self, /)\n--\n\n"
     "close(): frees the model now."},
    {"__enter__", (PyCFunction)Model_enter_ctx, METH_NOARGS, NULL},
    {"__exit__", (PyCFunction)Model_exit, METH_VARARGS, NULL},
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
    {"closed", (getter)Model_get_closed, NULL, "True once close() was called.", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject Model_Type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "pcf._pcf.Model",
    .tp_basicsize = sizeof(ModelObject),
    .tp_dealloc = (destructor)Model_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = "A product model (C layer; use pcf.Model).",
    .tp_methods = Model_methods,
    .tp_getset = Model_getset,
    .tp_new = Model_new,
};

/* ---------------------------------------------------------------- System */

static void System_dealloc(SystemObject *self)
{
    pcf_system_destroy(self->sys);
    Py_XDECREF(self->diagnostics);
    PyObject_Free(self);
}

/* Ends one use; destroys the system when close() was called meanwhile. GIL held. */
static void System_release(SystemObject *self)
{
    if (--self->users == 0 && self->closed) {
        pcf_system_destroy(self->sys);
        self->sys = NULL;
    }
}

static PyObject *System_close(SystemObject *self, PyObject *noargs)
{
    (void)noargs;
    self->closed = 1;
    if (self->users == 0) {
        pcf_system_destroy(self->sys);
        self->sys = NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *System_get_closed(SystemObject *self, void *closure)
{
    (void)closure;
    return PyBool_FromLong(self->closed);
}

static PyObject *Result_close(ResultObject *self, PyObject *noargs)
{
    (void)noargs;
    pcf_result_destroy(self->result);
    self->result = NULL;
    Py_RETURN_NONE;
}

static PyObject *Result_get_closed(ResultObject *self, void *closure)
{
    (void)closure;
    return PyBool_FromLong(self->result == NULL);
}

static PyObject *Mc_close(McObject *self, PyObject *noargs)
{
    (void)noargs;
    pcf_mc_destroy(self->mc);
    self->mc = NULL;
    Py_RETURN_NONE;
}

static PyObject *Mc_get_closed(McObject *self, void *closure)
{
    (void)closure;
    return PyBool_FromLong(self->mc == NULL);
}

/* __enter__ returns self; __exit__ calls close(). */
static PyObject *ctx_enter(PyObject *self, PyObject *noargs)
{
    (void)noargs;
    PyObject *closed = PyObject_GetAttrString(self, "closed");
    if (!closed)
        return NULL;
    int is_closed = PyObject_IsTrue(closed);
    Py_DECREF(closed);
    if (is_closed)
        return is_closed < 0 ? NULL : raise_closed(Py_TYPE(self)->tp_name + 9); /* "pcf._pcf." */
    return Py_NewRef(self);
}

static PyObject *ctx_exit(PyObject *self, PyObject *args)
{
    (void)args;
    return PyObject_CallMethod(self, "close", NULL);
}

static PyObject *System_info(SystemObject *self, PyObject *noargs)
{
    if (self->closed)
        return raise_closed("System");
    (void)noargs;
    return Py_BuildValue("{s:n,s:n,s:s}", "activities",
                         (Py_ssize_t)pcf_system_activity_count(self->sys), "params",
                         (Py_ssize_t)pcf_system_param_count(self->sys), "gwp",
                         pcf_gwp_set_name(pcf_system_gwp(self->sys)));
}

static PyObject *System_calculate(SystemObject *self, PyObject *noargs)
{
    if (self->closed)
        return raise_closed("System");
    (void)noargs;
    pcf_result *result = NULL;
    pcf_error err;
    pcf_status st;
    /* A system is immutable: no lock, and other threads may calculate it at the same time. */
    self->users++;
    PyThreadState *ts_ = PyEval_SaveThread();
    st = pcf_calculate(self->sys, &result, &err);
    PyEval_RestoreThread(ts_);
    System_release(self);
    if (st != PCF_OK)
        return raise_status(st, &err);
    ResultObject *out = PyObject_New(ResultObject, &Result_Type);
    if (!out) {
        pcf_result_destroy(result);
        return NULL;
    }
    out->result = result;
    out->diagnostics = Py_NewRef(self->diagnostics);
    return (PyObject *)out;
}

/* ---------------------------------------------------------------- Monte Carlo */

static PyTypeObject Mc_Type;

/* The progress callback runs on the thread that called pcf_mc_run(), which released the GIL:
 * take it back, call the Python function, and cancel on an exception or a true return value
 * (Ctrl-C included: signals are checked here). */
typedef struct {
    PyObject *fn; /* may be NULL: only signal checks */
    PyObject *exc_type, *exc_value, *exc_tb;
} progress_ctx;

static int progress_cb(size_t done, size_t total, void *userdata)
{
    progress_ctx *ctx = userdata;
    PyGILState_STATE g = PyGILState_Ensure();
    int stop = 0;
    if (PyErr_CheckSignals() < 0) {
        stop = 1;
    } else if (ctx->fn) {
        PyObject *r = PyObject_CallFunction(ctx->fn, "nn", (Py_ssize_t)done, (Py_ssize_t)total);
        if (!r) {
            stop = 1;
        } else {
            stop = PyObject_IsTrue(r);
            if (stop < 0)
                stop = 1;
            Py_DECREF(r);
        }
    }
    if (PyErr_Occurred() && !ctx->exc_type)
        PyErr_Fetch(&ctx->exc_type, &ctx->exc_value, &ctx->exc_tb);
    PyErr_Clear();
    PyGILState_Release(g);
    return stop;
}

static PyObject *System_monte_carlo(SystemObject *self, PyObject *args, PyObject *kwds)
{
    if (self->closed)
        return raise_closed("System");
    static char *kwlist[] = {
        KW("iterations"),   KW("seed"),        KW("threads"),  KW("percentiles"),
        KW("keep_samples"), KW("sensitivity"), KW("progress"), NULL};
    Py_ssize_t iterations = 10000, threads = 1;
    unsigned long long seed = 1;
    PyObject *percentiles = NULL, *progress = NULL;
    int keep = 0, sens = 1;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|nKnOppO:monte_carlo", kwlist, &iterations, &seed,
                                     &threads, &percentiles, &keep, &sens, &progress))
        return NULL;
    if (iterations < 0 || threads < 0) {
        PyErr_SetString(PyExc_ValueError, "iterations and threads must be positive");
        return NULL;
    }
    if (progress == Py_None)
        progress = NULL;
    if (progress && !PyCallable_Check(progress)) {
        PyErr_SetString(PyExc_TypeError, "progress must be callable(done, total) or None");
        return NULL;
    }
    double pct[64];
    size_t npct = 0;
    if (percentiles && percentiles != Py_None) {
        PyObject *seq = PySequence_Fast(percentiles, "percentiles must be a sequence of numbers");
        if (!seq)
            return NULL;
        Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
        if (n > 64) {
            Py_DECREF(seq);
            PyErr_SetString(PyExc_ValueError, "at most 64 percentiles");
            return NULL;
        }
        for (Py_ssize_t i = 0; i < n; i++) {
            pct[i] = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(seq, i));
            if (pct[i] == -1.0 && PyErr_Occurred()) {
                Py_DECREF(seq);
                return NULL;
            }
        }
        npct = (size_t)n;
        Py_DECREF(seq);
    }
    pcf_mc_options *opts = NULL;
    pcf_error err;
    pcf_status st = pcf_mc_options_create(&opts, &err);
    if (st == PCF_OK)
        st = pcf_mc_options_set_iterations(opts, (size_t)iterations, &err);
    if (st == PCF_OK)
        st = pcf_mc_options_set_seed(opts, (uint64_t)seed, &err);
    if (st == PCF_OK)
        st = pcf_mc_options_set_threads(opts, (size_t)threads, &err);
    if (st == PCF_OK)
        st = pcf_mc_options_set_percentiles(opts, npct ? pct : NULL, npct, &err);
    if (st == PCF_OK)
        st = pcf_mc_options_set_keep_samples(opts, keep, &err);
    if (st == PCF_OK)
        st = pcf_mc_options_set_sensitivity(opts, sens, &err);
    progress_ctx ctx = {progress, NULL, NULL, NULL};
    if (st == PCF_OK)
        st = pcf_mc_options_set_progress(opts, progress_cb, &ctx, &err);
    if (st != PCF_OK) {
        pcf_mc_options_destroy(opts);
        return raise_status(st, &err);
    }
    pcf_mc *mc = NULL;
    self->users++;
    PyThreadState *ts_ = PyEval_SaveThread();
    st = pcf_mc_run(self->sys, opts, &mc, &err);
    PyEval_RestoreThread(ts_);
    System_release(self);
    pcf_mc_options_destroy(opts);
    if (ctx.exc_type) { /* the callback raised (or Ctrl-C): that exception wins */
        pcf_mc_destroy(mc);
        PyErr_Restore(ctx.exc_type, ctx.exc_value, ctx.exc_tb);
        return NULL;
    }
    if (st != PCF_OK)
        return raise_status(st, &err);
    McObject *out = PyObject_New(McObject, &Mc_Type);
    if (!out) {
        pcf_mc_destroy(mc);
        return NULL;
    }
    out->mc = mc;
    return (PyObject *)out;
}

static PyObject *System_get_diagnostics(SystemObject *self, void *closure)
{
    (void)closure;
    return Py_NewRef(self->diagnostics);
}

static PyMethodDef System_methods[] = {
    {"close", (PyCFunction)System_close, METH_NOARGS,
     "close($self, /)\n--\n\n"
     "close(): frees the system now (after any calculation still running in another thread)."},
    {"__enter__", ctx_enter, METH_NOARGS, NULL},
    {"__exit__", ctx_exit, METH_VARARGS, NULL},
    {"info", (PyCFunction)System_info, METH_NOARGS,
     "info($self, /)\n--\n\n"
     "info() -> dict(activities, params, gwp)."},
    {"calculate", (PyCFunction)System_calculate, METH_NOARGS,
     "calculate($self, /)\n--\n\n"
     "calculate() -> C Result (GIL released; a system may be calculated from many threads)."},
    {"monte_carlo", METH_KW(System_monte_carlo),
     "monte_carlo($self, iterations=10000, seed=1, threads=1, percentiles=None, "
     "keep_samples=False, sensitivity=True, progress=None)\n--\n\n"
     "monte_carlo(iterations=10000, seed=1, threads=1, percentiles=None, keep_samples=False, "
     "sensitivity=True, progress=None) -> Mc. progress(done, total) returning True cancels."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef System_getset[] = {
    {"closed", (getter)System_get_closed, NULL, "True once close() was called.", NULL},
    {"diagnostics", (getter)System_get_diagnostics, NULL,
     "Warnings and notes of resolution (region fallbacks, ...), as dicts.", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject System_Type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "pcf._pcf.System",
    .tp_basicsize = sizeof(SystemObject),
    .tp_dealloc = (destructor)System_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A resolved model (immutable; share between threads freely).",
    .tp_methods = System_methods,
    .tp_getset = System_getset,
};

static void Mc_dealloc(McObject *self)
{
    pcf_mc_destroy(self->mc);
    PyObject_Free(self);
}

static PyObject *Mc_to_json(McObject *self, PyObject *noargs)
{
    if (!self->mc)
        return raise_closed("Mc");
    (void)noargs;
    char *text = NULL;
    pcf_error err;
    pcf_status st = pcf_mc_to_json(self->mc, &text, &err);
    if (st != PCF_OK)
        return raise_status(st, &err);
    PyObject *s = PyUnicode_FromString(text);
    pcf_free(text);
    return s;
}

static const char *mc_stat_names[] = {"mean", "sd", "median", "p2_5", "p97_5", "cv", "min", "max"};

static PyObject *stats_dict(const pcf_mc *mc, int stage)
{
    PyObject *d = PyDict_New();
    for (int s = 0; d && s < 8; s++) {
        double v = stage < 0 ? pcf_mc_total_stat(mc, (pcf_mc_stat)s)
                             : pcf_mc_stage_stat(mc, (size_t)stage, (pcf_mc_stat)s);
        if (put(d, mc_stat_names[s], PyFloat_FromDouble(v)) < 0)
            Py_CLEAR(d);
    }
    return d;
}

/* stats(stage=None) -> dict of mean, sd, median, p2_5, p97_5, cv, min, max. */
static PyObject *Mc_stats(McObject *self, PyObject *args)
{
    if (!self->mc)
        return raise_closed("Mc");
    const char *stage_text = NULL;
    if (!PyArg_ParseTuple(args, "|z:stats", &stage_text))
        return NULL;
    int stage = -1;
    if (stage_text && parse_enum("stage", stage_text, stage_name_i, PCF_STAGE_COUNT, &stage) < 0)
        return NULL;
    return stats_dict(self->mc, stage);
}

static PyObject *Mc_percentile(McObject *self, PyObject *args)
{
    if (!self->mc)
        return raise_closed("Mc");
    double p;
    const char *stage_text = NULL;
    if (!PyArg_ParseTuple(args, "d|z:percentile", &p, &stage_text))
        return NULL;
    int stage = -1;
    if (stage_text && parse_enum("stage", stage_text, stage_name_i, PCF_STAGE_COUNT, &stage) < 0)
        return NULL;
    double v;
    pcf_error err;
    pcf_status st = stage < 0 ? pcf_mc_total_percentile(self->mc, p, &v, &err)
                              : pcf_mc_stage_percentile(self->mc, (size_t)stage, p, &v, &err);
    if (st != PCF_OK)
        return raise_status(st, &err);
    return PyFloat_FromDouble(v);
}

static PyObject *Mc_samples(McObject *self, PyObject *args)
{
    if (!self->mc)
        return raise_closed("Mc");
    const char *stage_text = NULL;
    if (!PyArg_ParseTuple(args, "|z:samples", &stage_text))
        return NULL;
    int stage = -1;
    if (stage_text && parse_enum("stage", stage_text, stage_name_i, PCF_STAGE_COUNT, &stage) < 0)
        return NULL;
    const double *x =
        stage < 0 ? pcf_mc_total_samples(self->mc) : pcf_mc_stage_samples(self->mc, (size_t)stage);
    if (!x)
        Py_RETURN_NONE;
    size_t n = pcf_mc_iterations(self->mc);
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list && i < n; i++) {
        PyObject *f = PyFloat_FromDouble(x[i]);
        if (!f) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, f);
    }
    return list;
}

static PyObject *Mc_sensitivity(McObject *self, PyObject *noargs)
{
    if (!self->mc)
        return raise_closed("Mc");
    (void)noargs;
    size_t n = pcf_mc_sensitivity_count(self->mc);
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t r = 0; list && r < n; r++) {
        const char *name = pcf_mc_sensitivity_name(self->mc, r);
        PyObject *d = Py_BuildValue(
            "{s:s,s:n,s:s,s:n,s:d,s:d}", "name", name ? name : "", "param",
            (Py_ssize_t)pcf_mc_sensitivity_param(self->mc, r), "kind",
            pcf_mc_sensitivity_kind(self->mc, r) == PCF_MC_PARAM_FACTOR ? "factor" : "amount",
            "label", (Py_ssize_t)pcf_mc_sensitivity_label(self->mc, r), "spearman",
            pcf_mc_sensitivity_spearman(self->mc, r), "variance_share",
            pcf_mc_sensitivity_share(self->mc, r));
        if (!d) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)r, d);
    }
    return list;
}

static PyObject *Mc_info(McObject *self, PyObject *noargs)
{
    if (!self->mc)
        return raise_closed("Mc");
    (void)noargs;
    return Py_BuildValue("{s:n,s:K,s:s,s:n}", "iterations", (Py_ssize_t)pcf_mc_iterations(self->mc),
                         "seed", (unsigned long long)pcf_mc_seed(self->mc), "generator",
                         pcf_mc_generator(self->mc), "stages",
                         (Py_ssize_t)pcf_mc_stage_count(self->mc));
}

static PyMethodDef Mc_methods[] = {
    {"close", (PyCFunction)Mc_close, METH_NOARGS,
     "close($self, /)\n--\n\n"
     "close(): frees the result now."},
    {"__enter__", ctx_enter, METH_NOARGS, NULL},
    {"__exit__", ctx_exit, METH_VARARGS, NULL},
    {"to_json", (PyCFunction)Mc_to_json, METH_NOARGS,
     "to_json($self, /)\n--\n\n"
     "to_json() -> str (pcf_mc_to_json)."},
    {"stats", (PyCFunction)Mc_stats, METH_VARARGS,
     "stats($self, stage=None, /)\n--\n\n"
     "stats(stage=None) -> dict(mean, sd, median, p2_5, p97_5, cv, min, max) in kg CO2e."},
    {"percentile", (PyCFunction)Mc_percentile, METH_VARARGS,
     "percentile($self, p, stage=None, /)\n--\n\n"
     "percentile(p, stage=None) -> float."},
    {"samples", (PyCFunction)Mc_samples, METH_VARARGS,
     "samples($self, stage=None, /)\n--\n\n"
     "samples(stage=None) -> list of per-iteration totals, or None when not kept."},
    {"sensitivity", (PyCFunction)Mc_sensitivity, METH_NOARGS,
     "sensitivity($self, /)\n--\n\n"
     "sensitivity() -> ranking, largest share first: list of dicts (name, param, kind, label, "
     "spearman, variance_share)."},
    {"info", (PyCFunction)Mc_info, METH_NOARGS,
     "info($self, /)\n--\n\n"
     "info() -> dict(iterations, seed, generator, stages)."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef Mc_getset[] = {
    {"closed", (getter)Mc_get_closed, NULL, "True once close() was called.", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject Mc_Type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "pcf._pcf.Mc",
    .tp_basicsize = sizeof(McObject),
    .tp_dealloc = (destructor)Mc_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A Monte Carlo result (immutable).",
    .tp_methods = Mc_methods,
    .tp_getset = Mc_getset,
};

/* ---------------------------------------------------------------- Result */

static void Result_dealloc(ResultObject *self)
{
    pcf_result_destroy(self->result);
    Py_XDECREF(self->diagnostics);
    PyObject_Free(self);
}

/* Wraps a writer returning caller-owned text. */
static PyObject *text_out(pcf_status st, char *text, const pcf_error *err)
{
    if (st != PCF_OK)
        return raise_status(st, err);
    PyObject *s = PyUnicode_FromString(text);
    pcf_free(text);
    return s;
}

static PyObject *Result_to_json(ResultObject *self, PyObject *noargs)
{
    if (!self->result)
        return raise_closed("Result");
    (void)noargs;
    char *text = NULL;
    pcf_error err;
    pcf_status st = pcf_result_to_json(self->result, &text, &err);
    return text_out(st, text, &err);
}

static PyObject *Result_report_text(ResultObject *self, PyObject *args)
{
    if (!self->result)
        return raise_closed("Result");
    Py_ssize_t top = 10;
    if (!PyArg_ParseTuple(args, "|n:report_text", &top))
        return NULL;
    if (top < 0) {
        PyErr_SetString(PyExc_ValueError, "top_n must be >= 0");
        return NULL;
    }
    char *text = NULL;
    pcf_error err;
    pcf_status st = pcf_report_text(self->result, (size_t)top, &text, &err);
    return text_out(st, text, &err);
}

static PyObject *Result_report_csv(ResultObject *self, PyObject *noargs)
{
    if (!self->result)
        return raise_closed("Result");
    (void)noargs;
    char *text = NULL;
    pcf_error err;
    pcf_status st = pcf_report_csv(self->result, &text, &err);
    return text_out(st, text, &err);
}

static PyObject *Result_total(ResultObject *self, PyObject *noargs)
{
    if (!self->result)
        return raise_closed("Result");
    (void)noargs;
    return PyFloat_FromDouble(pcf_result_total_kg_co2e(self->result));
}

/* The headline figures straight from the accessors, without building the JSON document. */
static PyObject *Result_summary(ResultObject *self, PyObject *noargs)
{
    if (!self->result)
        return raise_closed("Result");
    (void)noargs;
    const pcf_result *r = self->result;
    PyObject *stages = PyDict_New(), *included = PyDict_New(), *flows = PyDict_New();
    int bad = !stages || !included || !flows;
    for (int i = 0; !bad && i < PCF_STAGE_COUNT; i++) {
        const char *name = pcf_stage_name((pcf_stage)i);
        bad =
            put(stages, name, PyFloat_FromDouble(pcf_result_stage_kg_co2e(r, (pcf_stage)i))) < 0 ||
            put(included, name, PyBool_FromLong(pcf_result_stage_included(r, (pcf_stage)i))) < 0;
    }
    for (int i = 0; !bad && i < PCF_FLOW_COUNT; i++)
        bad = put(flows, pcf_flow_name((pcf_flow)i),
                  PyFloat_FromDouble(pcf_result_flow_kg_co2e(r, (pcf_flow)i))) < 0;
    if (bad) {
        Py_XDECREF(stages);
        Py_XDECREF(included);
        Py_XDECREF(flows);
        return NULL;
    }
    return Py_BuildValue("{s:d,s:d,s:N,s:N,s:N}", "total", pcf_result_total_kg_co2e(r),
                         "total_excluding_removals", pcf_result_total_excluding_removals_kg_co2e(r),
                         "stages", stages, "included", included, "flows", flows);
}

static PyObject *Result_get_diagnostics(ResultObject *self, void *closure)
{
    (void)closure;
    return Py_NewRef(self->diagnostics);
}

/* ---------------------------------------------------------------- PACT and HTML */

/* pact_validate(json) -> list of problem dicts ([] when the document conforms). */
static PyObject *py_pact_validate(PyObject *self, PyObject *args)
{
    (void)self;
    const char *json;
    if (!PyArg_ParseTuple(args, "s:pact_validate", &json))
        return NULL;
    pcf_diag *diag = NULL;
    if (pcf_diag_create(&diag) != PCF_OK)
        return PyErr_NoMemory();
    pcf_error err;
    pcf_status st = pcf_pact_validate(json, diag, &err);
    PyObject *out = NULL;
    if (st == PCF_OK || pcf_diag_error_count(diag) > 0)
        out = diag_list(diag);
    else if (st == PCF_ERR_PARSE) /* not JSON at all: one problem, with line and column */
        out = Py_BuildValue("[{s:s,s:i,s:s,s:s,s:s,s:s,s:i,s:i}]", "severity", "error", "code",
                            (int)err.code, "status", pcf_status_name(err.code), "message",
                            err.message, "file", err.file, "path", err.path, "line", (int)err.line,
                            "column", (int)err.column);
    else
        raise_status(st, &err);
    pcf_diag_destroy(diag);
    return out;
}

/* Reads a PACT document; NULL with the exception (and .problems) set on failure. */
static pcf_pact_footprint *pact_read(const char *json)
{
    pcf_diag *diag = NULL;
    if (pcf_diag_create(&diag) != PCF_OK) {
        PyErr_NoMemory();
        return NULL;
    }
    pcf_pact_footprint *fp = NULL;
    pcf_error err;
    pcf_status st = pcf_pact_read(json, diag, &fp, &err);
    if (st != PCF_OK)
        raise_with_diag(st, &err, diag);
    pcf_diag_destroy(diag);
    return st == PCF_OK ? fp : NULL;
}

/* pact_footprint(json) -> dict: spec_major, unit (pcf symbol or None), texts and values. */
static PyObject *py_pact_footprint(PyObject *self, PyObject *args)
{
    (void)self;
    static const char *fields[] = {"id",
                                   "specVersion",
                                   "companyName",
                                   "productNameCompany",
                                   "productDescription",
                                   "declaredUnitOfMeasurement",
                                   "referencePeriodStart",
                                   "referencePeriodEnd",
                                   "geography",
                                   "status"};
    const char *json;
    if (!PyArg_ParseTuple(args, "s:pact_footprint", &json))
        return NULL;
    pcf_pact_footprint *fp = pact_read(json);
    if (!fp)
        return NULL;
    PyObject *texts = PyDict_New(), *values = PyDict_New(), *out = NULL;
    int bad = !texts || !values;
    for (size_t i = 0; !bad && i < sizeof fields / sizeof fields[0]; i++) {
        const char *t = pcf_pact_footprint_text(fp, fields[i]);
        bad = put(texts, fields[i], t ? PyUnicode_FromString(t) : Py_NewRef(Py_None)) < 0;
    }
    for (int v = 0; !bad && v < PCF_PACT_VALUE_COUNT_; v++) {
        double x;
        pcf_error err;
        pcf_status st = pcf_pact_footprint_get(fp, (pcf_pact_value)v, &x, &err);
        bad = put(values, pcf_pact_value_name((pcf_pact_value)v),
                  st == PCF_OK ? PyFloat_FromDouble(x) : Py_NewRef(Py_None)) < 0;
    }
    const char *unit = pcf_pact_footprint_unit_symbol(fp);
    if (!bad)
        out = Py_BuildValue("{s:i,s:s,s:O,s:O}", "spec_major", pcf_pact_footprint_spec_major(fp),
                            "unit", unit, "texts", texts, "values", values);
    Py_XDECREF(texts);
    Py_XDECREF(values);
    pcf_pact_footprint_destroy(fp);
    return out;
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
    pcf_pact_footprint *fp = pact_read(json);
    if (!fp)
        return NULL;
    if (Model_enter(self) < 0) {
        pcf_pact_footprint_destroy(fp);
        return NULL;
    }
    size_t index = 0;
    pcf_error err;
    pcf_status st =
        pcf_pact_add_to_model(fp, self->model, (size_t)p, name, quantity, unit, &index, &err);
    Model_leave(self);
    pcf_pact_footprint_destroy(fp);
    if (st != PCF_OK)
        return raise_status(st, &err);
    return PyLong_FromSize_t(index);
}

/* Applies one "field": value or "field": [values] of a dict to PACT options. 0 or -1. */
static int pact_apply_fields(pcf_pact_options *opts, PyObject *fields)
{
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    while (PyDict_Next(fields, &pos, &key, &value)) {
        const char *field = PyUnicode_AsUTF8(key);
        if (!field)
            return -1;
        pcf_error err;
        pcf_status st = PCF_OK;
        if (PyList_Check(value) || PyTuple_Check(value)) {
            PyObject *seq = PySequence_Fast(value, "a list of texts");
            if (!seq)
                return -1;
            for (Py_ssize_t i = 0; st == PCF_OK && i < PySequence_Fast_GET_SIZE(seq); i++) {
                const char *item = PyUnicode_AsUTF8(PySequence_Fast_GET_ITEM(seq, i));
                if (!item) {
                    Py_DECREF(seq);
                    return -1;
                }
                st = pcf_pact_options_add(opts, field, item, &err);
            }
            Py_DECREF(seq);
        } else if (value == Py_None) {
            st = pcf_pact_options_set(opts, field, NULL, &err);
        } else {
            /* numbers and booleans as the text PACT writes them ("0.5", "true") */
            PyObject *text = PyBool_Check(value)
                                 ? PyUnicode_FromString(value == Py_True ? "true" : "false")
                                 : PyObject_Str(value);
            if (!text)
                return -1;
            const char *t = PyUnicode_AsUTF8(text);
            if (!t) {
                Py_DECREF(text);
                return -1;
            }
            st = pcf_pact_options_set(opts, field, t, &err);
            Py_DECREF(text);
        }
        if (st != PCF_OK) {
            raise_status(st, &err);
            return -1;
        }
    }
    return 0;
}

/* to_pact_json(version=3, model_json=None, model_file=None, fields=None, random=None) -> str */
static PyObject *Result_to_pact_json(ResultObject *self, PyObject *args, PyObject *kwds)
{
    if (!self->result)
        return raise_closed("Result");
    static char *kwlist[] = {KW("version"), KW("model_json"), KW("model_file"),
                             KW("fields"),  KW("random"),     NULL};
    int version = 3;
    const char *model_json = NULL, *model_file = NULL;
    PyObject *fields = NULL, *random_obj = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|izzOO:to_pact_json", kwlist, &version,
                                     &model_json, &model_file, &fields, &random_obj))
        return NULL;
    if (fields == Py_None)
        fields = NULL;
    if (fields && !PyDict_Check(fields)) {
        PyErr_SetString(PyExc_TypeError, "fields must be a dict of PACT field names to values");
        return NULL;
    }
    uint8_t random[16];
    if (random_obj != Py_None) {
        char *bytes;
        Py_ssize_t len;
        if (PyBytes_AsStringAndSize(random_obj, &bytes, &len) < 0)
            return NULL;
        if (len != 16) {
            PyErr_SetString(PyExc_ValueError, "random must be 16 bytes");
            return NULL;
        }
        memcpy(random, bytes, 16);
    }
    pcf_pact_options *opts = NULL;
    PyObject *out = NULL;
    pcf_error err;
    pcf_status st = pcf_pact_options_create(&opts);
    if (st != PCF_OK) {
        PyErr_NoMemory();
        goto done;
    }
    if (random_obj != Py_None)
        st = pcf_pact_options_set_random(opts, random, &err);
    if (st == PCF_OK && model_json)
        st = pcf_pact_options_from_model_json(opts, model_json, model_file, &err);
    if (st != PCF_OK) {
        raise_status(st, &err);
        goto done;
    }
    if (fields && pact_apply_fields(opts, fields) < 0)
        goto done;
    char *text = NULL;
    st = pcf_pact_write(self->result, opts, version, &text, &err);
    out = text_out(st, text, &err);
done:
    pcf_pact_options_destroy(opts);
    return out;
}

/* report_html(mc=None, db=None, lang='en') -> str */
static PyObject *Result_report_html(ResultObject *self, PyObject *args, PyObject *kwds)
{
    if (!self->result)
        return raise_closed("Result");
    static char *kwlist[] = {KW("mc"), KW("db"), KW("lang"), NULL};
    PyObject *mc_obj = Py_None, *db_obj = Py_None;
    const char *lang = "en";
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|OOz:report_html", kwlist, &mc_obj, &db_obj,
                                     &lang))
        return NULL;
    const pcf_mc *mc = NULL;
    if (mc_obj != Py_None) {
        if (!PyObject_TypeCheck(mc_obj, &Mc_Type)) {
            PyErr_SetString(PyExc_TypeError,
                            "mc must be a Monte Carlo result (System.monte_carlo)");
            return NULL;
        }
        mc = ((McObject *)mc_obj)->mc;
        if (!mc)
            return raise_closed("Mc");
    }
    DbObject *db = NULL;
    if (db_obj != Py_None) {
        if (!PyObject_TypeCheck(db_obj, &Db_Type)) {
            PyErr_SetString(PyExc_TypeError, "db must be a pcf.Db or None");
            return NULL;
        }
        db = (DbObject *)db_obj;
        if (Db_enter(db) < 0)
            return NULL;
    }
    char *text = NULL;
    pcf_error err;
    pcf_status st = pcf_report_html_db(self->result, mc, db ? db->db : NULL, lang, &text, &err);
    if (db)
        Db_leave(db);
    return text_out(st, text, &err);
}

static PyMethodDef Result_methods[] = {
    {"to_pact_json", METH_KW(Result_to_pact_json),
     "to_pact_json($self, version=3, model_json=None, model_file=None, fields=None, "
     "random=None)\n--\n\n"
     "to_pact_json(version=3, model_json=None, model_file=None, fields=None, random=None) -> "
     "str: a PACT ProductFootprint (v2.3 or v3.0)."},
    {"report_html", METH_KW(Result_report_html),
     "report_html($self, mc=None, db=None, lang=\"en\")\n--\n\n"
     "report_html(mc=None, db=None, lang='en') -> str: the self-contained HTML report."},
    {"close", (PyCFunction)Result_close, METH_NOARGS,
     "close($self, /)\n--\n\n"
     "close(): frees the result now."},
    {"__enter__", ctx_enter, METH_NOARGS, NULL},
    {"__exit__", ctx_exit, METH_VARARGS, NULL},
    {"to_json", (PyCFunction)Result_to_json, METH_NOARGS,
     "to_json($self, /)\n--\n\n"
     "to_json() -> str: the result JSON (as `pcf calc --format json`)."},
    {"report_text", (PyCFunction)Result_report_text, METH_VARARGS,
     "report_text($self, top_n=10, /)\n--\n\n"
     "report_text(top_n=10) -> str: the readable report with the audit trail."},
    {"report_csv", (PyCFunction)Result_report_csv, METH_NOARGS,
     "report_csv($self, /)\n--\n\n"
     "report_csv() -> str: one CSV row per audit line."},
    {"summary", (PyCFunction)Result_summary, METH_NOARGS,
     "summary($self, /)\n--\n\n"
     "summary() -> dict(total, total_excluding_removals, stages, included, flows)."},
    {"total_kg_co2e", (PyCFunction)Result_total, METH_NOARGS,
     "total_kg_co2e($self, /)\n--\n\n"
     "total_kg_co2e() -> float per declared unit."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef Result_getset[] = {
    {"closed", (getter)Result_get_closed, NULL, "True once close() was called.", NULL},
    {"diagnostics", (getter)Result_get_diagnostics, NULL,
     "Warnings and notes of resolution (region fallbacks, ...), as dicts.", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject Result_Type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "pcf._pcf.Result",
    .tp_basicsize = sizeof(ResultObject),
    .tp_dealloc = (destructor)Result_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A calculated footprint (C layer; pcf.Result wraps it with dicts).",
    .tp_methods = Result_methods,
    .tp_getset = Result_getset,
};

static PyObject *py_names(PyObject *self, PyObject *noargs)
{
    (void)self;
    (void)noargs;
    PyObject *stages = PyList_New(0), *flows = PyList_New(0);
    for (int i = 0; stages && i < PCF_STAGE_COUNT; i++) {
        PyObject *s = PyUnicode_FromString(pcf_stage_name((pcf_stage)i));
        if (!s || PyList_Append(stages, s) < 0)
            Py_CLEAR(stages);
        Py_XDECREF(s);
    }
    for (int i = 0; flows && i < PCF_FLOW_COUNT; i++) {
        PyObject *s = PyUnicode_FromString(pcf_flow_name((pcf_flow)i));
        if (!s || PyList_Append(flows, s) < 0)
            Py_CLEAR(flows);
        Py_XDECREF(s);
    }
    if (!stages || !flows) {
        Py_XDECREF(stages);
        Py_XDECREF(flows);
        return NULL;
    }
    return Py_BuildValue("{s:N,s:N}", "stages", stages, "flows", flows);
}

static PyObject *py_parse_rate(PyObject *self, PyObject *args)
{
    (void)self;
    const char *text;
    if (!PyArg_ParseTuple(args, "s:parse_rate", &text))
        return NULL;
    double kg;
    const pcf_unit *per;
    int co2_only;
    pcf_error err;
    pcf_status st = pcf_unit_parse_rate(text, &kg, &per, &co2_only, &err);
    if (st != PCF_OK)
        return raise_status(st, &err);
    return Py_BuildValue("{s:d,s:s,s:O}", "kg", kg, "per", pcf_unit_symbol(per), "co2_only",
                         co2_only ? Py_True : Py_False);
}

/* co2e({gas: kg, ...}, set='AR6') -> kg CO2e */
static PyObject *py_co2e(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *amounts;
    const char *set_text = "AR6";
    if (!PyArg_ParseTuple(args, "O!|s:co2e", &PyDict_Type, &amounts, &set_text))
        return NULL;
    pcf_gwp_set set;
    if (parse_gas_set(NULL, set_text, NULL, &set) < 0)
        return NULL;
    Py_ssize_t n = PyDict_Size(amounts);
    pcf_gas *gases = PyMem_Calloc((size_t)n + 1, sizeof *gases);
    double *kg = PyMem_Calloc((size_t)n + 1, sizeof *kg);
    PyObject *out = NULL;
    if (!gases || !kg) {
        PyErr_NoMemory();
        goto done;
    }
    PyObject *key, *value;
    Py_ssize_t pos = 0, i = 0;
    while (PyDict_Next(amounts, &pos, &key, &value)) {
        const char *name = PyUnicode_AsUTF8(key);
        if (!name)
            goto done;
        kg[i] = PyFloat_AsDouble(value);
        if (kg[i] == -1.0 && PyErr_Occurred())
            goto done;
        if (parse_gas_set(name, set_text, &gases[i], &set) < 0)
            goto done;
        i++;
    }
    double total;
    pcf_error err;
    pcf_status st = pcf_gwp_co2e(set, gases, kg, (size_t)n, &total, &err);
    out = st == PCF_OK ? PyFloat_FromDouble(total) : raise_status(st, &err);
done:
    PyMem_Free(gases);
    PyMem_Free(kg);
    return out;
}

/* pedigree_gsd(scores, basic_uncertainty=1.0) -> GSD; pedigree_sigma likewise -> sigma_ln */
static PyObject *pedigree(PyObject *args, const char *fmt, int want_gsd)
{
    PyObject *scores_obj;
    double basic = 1.0;
    if (!PyArg_ParseTuple(args, fmt, &scores_obj, &basic))
        return NULL;
    PyObject *seq = PySequence_Fast(scores_obj, "scores must be a sequence of 5 or 6 integers");
    if (!seq)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    int scores[6] = {0};
    if (n > 6) {
        Py_DECREF(seq);
        PyErr_SetString(PyExc_ValueError, "5 or 6 pedigree scores");
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        long v = PyLong_AsLong(PySequence_Fast_GET_ITEM(seq, i));
        if (v == -1 && PyErr_Occurred()) {
            Py_DECREF(seq);
            return NULL;
        }
        scores[i] = (v < -1000 || v > 1000) ? 1000 : (int)v; /* out of range either way */
    }
    Py_DECREF(seq);
    double out;
    pcf_error err;
    pcf_status st = want_gsd ? pcf_dq_pedigree_gsd(scores, (size_t)n, basic, &out, &err)
                             : pcf_dq_pedigree_sigma(scores, (size_t)n, basic, &out, &err);
    if (st != PCF_OK)
        return raise_status(st, &err);
    return PyFloat_FromDouble(out);
}

static PyObject *py_pedigree_gsd(PyObject *self, PyObject *args)
{
    (void)self;
    return pedigree(args, "O|d:pedigree_gsd", 1);
}

static PyObject *py_pedigree_sigma(PyObject *self, PyObject *args)
{
    (void)self;
    return pedigree(args, "O|d:pedigree_sigma", 0);
}

static PyObject *py_dist_check(PyObject *self, PyObject *args)
{
    (void)self;
    const char *kind_text;
    double value, p1 = 0, p2 = 0, p3 = 0;
    int kind;
    if (!PyArg_ParseTuple(args, "sd|ddd:dist_check", &kind_text, &value, &p1, &p2, &p3) ||
        parse_enum("distribution", kind_text, dist_name_i, 5, &kind) < 0)
        return NULL;
    pcf_error err;
    pcf_status st = pcf_dist_check((pcf_dist)kind, value, p1, p2, p3, &err);
    if (st != PCF_OK)
        return raise_status(st, &err);
    Py_RETURN_NONE;
}

static PyObject *py_mc_limits(PyObject *self, PyObject *noargs)
{
    (void)self;
    (void)noargs;
    return Py_BuildValue("{s:n,s:n,s:n}", "max_iterations", (Py_ssize_t)pcf_mc_max_iterations(),
                         "max_threads", (Py_ssize_t)pcf_mc_max_threads(), "chunk_size",
                         (Py_ssize_t)pcf_mc_chunk_size());
}

/* ---------------------------------------------------------------- module */

static PyMethodDef module_methods[] = {
    {"version", py_version, METH_NOARGS,
     "version($module, /)\n--\n\n"
     "version() -> str: the linked libpcf's version."},
    {"status_name", py_status_name, METH_O,
     "status_name($module, code, /)\n--\n\n"
     "status_name(code) -> str: PCF_ERR_... name."},
    {"convert", py_convert, METH_VARARGS,
     "convert($module, value, from_unit, to_unit, /)\n--\n\n"
     "convert(value, from_unit, to_unit) -> float. Raises UnitError across dimensions."},
    {"unit", py_unit, METH_VARARGS,
     "unit($module, text, /)\n--\n\n"
     "unit(text) -> dict(symbol, name, dimension, to_base)."},
    {"units", py_units, METH_NOARGS,
     "units($module, /)\n--\n\n"
     "units() -> list of unit dicts."},
    {"parse_quantity", py_parse_quantity, METH_VARARGS,
     "parse_quantity($module, text, /)\n--\n\n"
     "parse_quantity('1.5 kg') -> (1.5, 'kg')."},
    {"parse_number", py_parse_number, METH_VARARGS,
     "parse_number($module, text, /)\n--\n\n"
     "parse_number(text) -> float, independent of the locale."},
    {"format_number", py_format_number, METH_VARARGS,
     "format_number($module, x, /)\n--\n\n"
     "format_number(x) -> str: the shortest text that reads back exactly, as the CLI prints."},
    {"gwp", py_gwp, METH_VARARGS,
     "gwp($module, gas, set=\"AR6\", /)\n--\n\n"
     "gwp(gas, set='AR6') -> float: GWP100 of a gas."},
    {"gwp_source", py_gwp_source, METH_VARARGS,
     "gwp_source($module, gas, set=\"AR6\", /)\n--\n\n"
     "gwp_source(gas, set='AR6') -> str."},
    {"gwp_set_name", py_gwp_set_name, METH_VARARGS,
     "gwp_set_name($module, text, /)\n--\n\n"
     "gwp_set_name(text) -> 'AR4'|'AR5'|'AR6'."},
    {"db_default_path", py_db_default_path, METH_NOARGS,
     "db_default_path($module, /)\n--\n\n"
     "db_default_path() -> str: where the shipped factors.db is installed (compiled in)."},
    {"db_schema_version", py_db_schema_version, METH_NOARGS,
     "db_schema_version($module, /)\n--\n\n"
     "db_schema_version() -> int: the factor database schema this library reads."},
    {"parse_rate", py_parse_rate, METH_VARARGS,
     "parse_rate($module, text, /)\n--\n\n"
     "parse_rate('tCO2e/t') -> dict(kg=1000.0, per='t', co2_only=False)."},
    {"co2e", py_co2e, METH_VARARGS,
     "co2e($module, amounts, set=\"AR6\", /)\n--\n\n"
     "co2e({gas: kg, ...}, set='AR6') -> kg CO2e with GWP100 of the set."},
    {"pedigree_gsd", py_pedigree_gsd, METH_VARARGS,
     "pedigree_gsd($module, scores, basic_uncertainty=1.0, /)\n--\n\n"
     "pedigree_gsd(scores, basic_uncertainty=1.0) -> GSD from a pedigree matrix (dq)."},
    {"pedigree_sigma", py_pedigree_sigma, METH_VARARGS,
     "pedigree_sigma($module, scores, basic_uncertainty=1.0, /)\n--\n\n"
     "pedigree_sigma(scores, basic_uncertainty=1.0) -> sigma_ln of that lognormal."},
    {"dist_check", py_dist_check, METH_VARARGS,
     "dist_check($module, kind, value, p1=0, p2=0, p3=0, /)\n--\n\n"
     "dist_check(kind, value, p1=0, p2=0, p3=0): raises InvalidArgument naming the bad part."},
    {"mc_limits", py_mc_limits, METH_NOARGS,
     "mc_limits($module, /)\n--\n\n"
     "mc_limits() -> dict(max_iterations, max_threads, chunk_size)."},
    {"pact_validate", py_pact_validate, METH_VARARGS,
     "pact_validate($module, json, /)\n--\n\n"
     "pact_validate(json) -> list of problems (dicts with path and message); [] when valid."},
    {"pact_footprint", py_pact_footprint, METH_VARARGS,
     "pact_footprint($module, json, /)\n--\n\n"
     "pact_footprint(json) -> dict(spec_major, unit, texts, values) of a PACT document."},
    {"names", py_names, METH_NOARGS,
     "names($module, /)\n--\n\n"
     "names() -> dict(stages=[...], flows=[...]) in report order."},
    {"gases", py_gases, METH_NOARGS,
     "gases($module, /)\n--\n\n"
     "gases() -> list of gas dicts (key, formula, name)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT,
    "pcf._pcf",
    "C layer of the pcf package; use `import pcf`.",
    -1,
    module_methods,
    NULL,
    NULL,
    NULL,
    NULL,
};

PyMODINIT_FUNC PyInit__pcf(void);
PyMODINIT_FUNC PyInit__pcf(void)
{
    PyObject *m = PyModule_Create(&module_def);
    if (!m)
        return NULL;
    if (PyType_Ready(&Db_Type) < 0 || PyModule_AddObjectRef(m, "Db", (PyObject *)&Db_Type) < 0 ||
        PyType_Ready(&Model_Type) < 0 ||
        PyModule_AddObjectRef(m, "Model", (PyObject *)&Model_Type) < 0 ||
        PyType_Ready(&System_Type) < 0 ||
        PyModule_AddObjectRef(m, "System", (PyObject *)&System_Type) < 0 ||
        PyType_Ready(&Result_Type) < 0 ||
        PyModule_AddObjectRef(m, "Result", (PyObject *)&Result_Type) < 0 ||
        PyType_Ready(&Mc_Type) < 0 || PyModule_AddObjectRef(m, "Mc", (PyObject *)&Mc_Type) < 0 ||
        make_errors(m) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
