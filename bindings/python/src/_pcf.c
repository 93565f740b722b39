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
    int bad = PyObject_SetAttrString(exc, "message", PyUnicode_FromString(msg)) < 0;
    PyObject *v;
#define SETATTR(name, expr)                                                                        \
    do {                                                                                           \
        v = (expr);                                                                                \
        bad = bad || !v || PyObject_SetAttrString(exc, name, v) < 0;                               \
        Py_XDECREF(v);                                                                             \
    } while (0)
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

/* ---------------------------------------------------------------- module */

static PyMethodDef module_methods[] = {
    {"version", py_version, METH_NOARGS, "version() -> str: the linked libpcf's version."},
    {"status_name", py_status_name, METH_O, "status_name(code) -> str: PCF_ERR_... name."},
    {"convert", py_convert, METH_VARARGS,
     "convert(value, from_unit, to_unit) -> float. Raises UnitError across dimensions."},
    {"unit", py_unit, METH_VARARGS, "unit(text) -> dict(symbol, name, dimension, to_base)."},
    {"units", py_units, METH_NOARGS, "units() -> list of unit dicts."},
    {"parse_quantity", py_parse_quantity, METH_VARARGS, "parse_quantity('1.5 kg') -> (1.5, 'kg')."},
    {"parse_number", py_parse_number, METH_VARARGS,
     "parse_number(text) -> float, independent of the locale."},
    {"format_number", py_format_number, METH_VARARGS,
     "format_number(x) -> str: the shortest text that reads back exactly, as the CLI prints."},
    {"gwp", py_gwp, METH_VARARGS, "gwp(gas, set='AR6') -> float: GWP100 of a gas."},
    {"gwp_source", py_gwp_source, METH_VARARGS, "gwp_source(gas, set='AR6') -> str."},
    {"gwp_set_name", py_gwp_set_name, METH_VARARGS, "gwp_set_name(text) -> 'AR4'|'AR5'|'AR6'."},
    {"gases", py_gases, METH_NOARGS, "gases() -> list of gas dicts (key, formula, name)."},
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
    if (make_errors(m) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
