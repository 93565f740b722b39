/*
 * pcf._pcf — the exception classes (pcf.Error and one subclass per pcf_status), raising them with
 * the library's message and location, and diagnostics lists as Python data.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "pcfpy.h"

#include <string.h>

/* One exception class per status; index = pcf_status value. Created once at import. */
#define N_STATUS 15

static const struct {
    const char *name; /* class name under pcf. */
    const char *doc;  /* docstring */
    int extra_base;   /* 1: also a ValueError, 2: a LookupError, 3: a MemoryError, 4: an OSError */
} error_classes[N_STATUS] = {
    {NULL, NULL, 0}, /* PCF_OK */
    {"InvalidArgument", "An argument is missing, out of range, NaN or infinite.", 1},
    {"OutOfMemory", "Memory could not be allocated.", 3},
    {"IoError", "A file could not be opened, read or written (also an OSError).", 4},
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
PyObject *pcfpy_raise_status(pcf_status st, const pcf_error *err)
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

int pcfpy_make_errors(PyObject *m)
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
                          : error_classes[i].extra_base == 4 ? PyExc_OSError
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

PyObject *pcfpy_raise_closed(const char *what)
{
    PyErr_Format(PyExc_ValueError, "I/O operation on a closed pcf.%s", what);
    return NULL;
}

/* The diagnostics list as Python dicts. */
PyObject *pcfpy_diag_list(const pcf_diag *diag)
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

/* pcfpy_raise_status, then attaches diag's entries as exc.problems. Returns NULL. */
PyObject *pcfpy_raise_with_diag(pcf_status st, const pcf_error *err, const pcf_diag *diag)
{
    pcfpy_raise_status(st, err);
    if (!diag)
        return NULL;
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    PyObject *problems = pcfpy_diag_list(diag);
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
