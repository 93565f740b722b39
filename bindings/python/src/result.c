/*
 * pcf._pcf — pcf._pcf.Result: a calculated footprint and its writers (JSON, text, CSV, PACT,
 * HTML); pcf.Result wraps it with dicts.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "pcfpy.h"

#include <string.h>

/* ---------------------------------------------------------------- Result */

static void result_destroy(void *ptr)
{
    pcf_result_destroy(ptr);
}

/* pcf_result is immutable and only read with the GIL held: no lock. */
static const pcfpy_kind result_kind = {"Result", result_destroy, 0};

typedef pcfpy_handle ResultObject;

PyObject *pcfpy_result_new(pcf_result *result, PyObject *diagnostics)
{
    return pcfpy_handle_new(&pcfpy_Result_Type, &result_kind, result, diagnostics);
}

/* Runs a writer of caller-owned text over the result. */
static PyObject *result_write(ResultObject *self,
                              pcf_status (*write)(const pcf_result *, char **, pcf_error *))
{
    const pcf_result *r = pcfpy_handle_get(self);
    if (!r)
        return NULL;
    char *text = NULL;
    pcf_error err;
    pcf_status st = write(r, &text, &err);
    return pcfpy_text_out(st, text, &err);
}

static PyObject *Result_to_json(ResultObject *self, PyObject *noargs)
{
    (void)noargs;
    return result_write(self, pcf_result_to_json);
}

static PyObject *Result_report_text(ResultObject *self, PyObject *args)
{
    const pcf_result *r = pcfpy_handle_get(self);
    if (!r)
        return NULL;
    Py_ssize_t top = 10;
    if (!PyArg_ParseTuple(args, "|n:report_text", &top))
        return NULL;
    if (top < 0) {
        PyErr_SetString(PyExc_ValueError, "top_n must be >= 0");
        return NULL;
    }
    char *text = NULL;
    pcf_error err;
    pcf_status st = pcf_report_text(r, (size_t)top, &text, &err);
    return pcfpy_text_out(st, text, &err);
}

static PyObject *Result_report_csv(ResultObject *self, PyObject *noargs)
{
    (void)noargs;
    return result_write(self, pcf_report_csv);
}

static PyObject *Result_total(ResultObject *self, PyObject *noargs)
{
    const pcf_result *r = pcfpy_handle_get(self);
    if (!r)
        return NULL;
    (void)noargs;
    return PyFloat_FromDouble(pcf_result_total_kg_co2e(r));
}

/* The headline figures straight from the accessors, without building the JSON document. */
static PyObject *Result_summary(ResultObject *self, PyObject *noargs)
{
    const pcf_result *r = pcfpy_handle_get(self);
    if (!r)
        return NULL;
    (void)noargs;
    PyObject *stages = PyDict_New(), *included = PyDict_New(), *flows = PyDict_New();
    int bad = !stages || !included || !flows;
    for (int i = 0; !bad && i < PCF_STAGE_COUNT; i++) {
        const char *name = pcf_stage_name((pcf_stage)i);
        bad = pcfpy_put(stages, name,
                        PyFloat_FromDouble(pcf_result_stage_kg_co2e(r, (pcf_stage)i))) < 0 ||
              pcfpy_put(included, name,
                        PyBool_FromLong(pcf_result_stage_included(r, (pcf_stage)i))) < 0;
    }
    for (int i = 0; !bad && i < PCF_FLOW_COUNT; i++)
        bad = pcfpy_put(flows, pcf_flow_name((pcf_flow)i),
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
            pcfpy_raise_status(st, &err);
            return -1;
        }
    }
    return 0;
}

/* to_pact_json(version=3, model_json=None, model_file=None, fields=None, random=None) -> str */
static PyObject *Result_to_pact_json(ResultObject *self, PyObject *args, PyObject *kwds)
{
    const pcf_result *r = pcfpy_handle_get(self);
    if (!r)
        return NULL;
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
        pcfpy_raise_status(st, &err);
        goto done;
    }
    if (fields && pact_apply_fields(opts, fields) < 0)
        goto done;
    char *text = NULL;
    st = pcf_pact_write(r, opts, version, &text, &err);
    out = pcfpy_text_out(st, text, &err);
done:
    pcf_pact_options_destroy(opts);
    return out;
}

/* report_html(mc=None, db=None, lang='en') -> str */
static PyObject *Result_report_html(ResultObject *self, PyObject *args, PyObject *kwds)
{
    const pcf_result *r = pcfpy_handle_get(self);
    if (!r)
        return NULL;
    static char *kwlist[] = {KW("mc"), KW("db"), KW("lang"), NULL};
    PyObject *mc_obj = Py_None, *db_obj = Py_None;
    const char *lang = "en";
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|OOz:report_html", kwlist, &mc_obj, &db_obj,
                                     &lang))
        return NULL;
    const pcf_mc *mc = NULL;
    if (mc_obj != Py_None) {
        if (!PyObject_TypeCheck(mc_obj, &pcfpy_Mc_Type)) {
            PyErr_SetString(PyExc_TypeError,
                            "mc must be a Monte Carlo result (System.monte_carlo)");
            return NULL;
        }
        mc = pcfpy_handle_get((pcfpy_handle *)mc_obj);
        if (!mc)
            return NULL;
    }
    pcfpy_handle *db;
    if (pcfpy_db_arg(db_obj, &db) < 0 || (db && pcfpy_handle_acquire(db) < 0))
        return NULL;
    char *text = NULL;
    pcf_error err;
    pcf_status st = pcf_report_html_db(r, mc, db ? db->ptr : NULL, lang, &text, &err);
    if (db)
        pcfpy_handle_release(db);
    return pcfpy_text_out(st, text, &err);
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
    PCFPY_HANDLE_METHODS("close(): frees the result now."),
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
    PCFPY_HANDLE_GETSET,
    PCFPY_HANDLE_DIAGNOSTICS,
    {NULL, NULL, NULL, NULL, NULL},
};

PyTypeObject pcfpy_Result_Type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "pcf._pcf.Result",
    .tp_basicsize = sizeof(ResultObject),
    .tp_dealloc = pcfpy_handle_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A calculated footprint (C layer; pcf.Result wraps it with dicts).",
    .tp_methods = Result_methods,
    .tp_getset = Result_getset,
};
