/*
 * pcf._pcf — PACT documents: validation and reading a supplier's ProductFootprint.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "pcfpy.h"

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
        out = pcfpy_diag_list(diag);
    else if (st == PCF_ERR_PARSE) /* not JSON at all: one problem, with line and column */
        out = Py_BuildValue("[{s:s,s:i,s:s,s:s,s:s,s:s,s:i,s:i}]", "severity", "error", "code",
                            (int)err.code, "status", pcf_status_name(err.code), "message",
                            err.message, "file", err.file, "path", err.path, "line", (int)err.line,
                            "column", (int)err.column);
    else
        pcfpy_raise_status(st, &err);
    pcf_diag_destroy(diag);
    return out;
}

/* Reads a PACT document; NULL with the exception (and .problems) set on failure. */
pcf_pact_footprint *pcfpy_pact_read(const char *json)
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
        pcfpy_raise_with_diag(st, &err, diag);
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
    pcf_pact_footprint *fp = pcfpy_pact_read(json);
    if (!fp)
        return NULL;
    PyObject *texts = PyDict_New(), *values = PyDict_New(), *out = NULL;
    int bad = !texts || !values;
    for (size_t i = 0; !bad && i < sizeof fields / sizeof fields[0]; i++) {
        const char *t = pcf_pact_footprint_text(fp, fields[i]);
        bad = pcfpy_put(texts, fields[i], t ? PyUnicode_FromString(t) : Py_NewRef(Py_None)) < 0;
    }
    for (int v = 0; !bad && v < PCF_PACT_VALUE_COUNT_; v++) {
        double x;
        pcf_error err;
        pcf_status st = pcf_pact_footprint_get(fp, (pcf_pact_value)v, &x, &err);
        bad = pcfpy_put(values, pcf_pact_value_name((pcf_pact_value)v),
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

PyMethodDef pcfpy_pact_functions[] = {
    {"pact_validate", py_pact_validate, METH_VARARGS,
     "pact_validate($module, json, /)\n--\n\n"
     "pact_validate(json) -> list of problems (dicts with path and message); [] when valid."},
    {"pact_footprint", py_pact_footprint, METH_VARARGS,
     "pact_footprint($module, json, /)\n--\n\n"
     "pact_footprint(json) -> dict(spec_major, unit, texts, values) of a PACT document."},
    {NULL, NULL, 0, NULL},
};
