/*
 * pcf._pcf — pcf._pcf.Mc: a Monte Carlo result (immutable) and its statistics.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "pcfpy.h"

static void mc_destroy(void *ptr)
{
    pcf_mc_destroy(ptr);
}

/* pcf_mc is immutable and only read with the GIL held: no lock. */
static const pcfpy_kind mc_kind = {"Mc", mc_destroy, 0};

typedef pcfpy_handle McObject;

PyObject *pcfpy_mc_new(pcf_mc *mc)
{
    return pcfpy_handle_new(&pcfpy_Mc_Type, &mc_kind, mc, NULL);
}

static PyObject *Mc_to_json(McObject *self, PyObject *noargs)
{
    const pcf_mc *mc = pcfpy_handle_get(self);
    if (!mc)
        return NULL;
    (void)noargs;
    char *text = NULL;
    pcf_error err;
    pcf_status st = pcf_mc_to_json(mc, &text, &err);
    if (st != PCF_OK)
        return pcfpy_raise_status(st, &err);
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
        if (pcfpy_put(d, mc_stat_names[s], PyFloat_FromDouble(v)) < 0)
            Py_CLEAR(d);
    }
    return d;
}

/* stats(stage=None) -> dict of mean, sd, median, p2_5, p97_5, cv, min, max. */
static PyObject *Mc_stats(McObject *self, PyObject *args)
{
    const pcf_mc *mc = pcfpy_handle_get(self);
    if (!mc)
        return NULL;
    const char *stage_text = NULL;
    if (!PyArg_ParseTuple(args, "|z:stats", &stage_text))
        return NULL;
    int stage;
    if (pcfpy_parse_stage_opt(stage_text, &stage) < 0)
        return NULL;
    return stats_dict(mc, stage);
}

static PyObject *Mc_percentile(McObject *self, PyObject *args)
{
    const pcf_mc *mc = pcfpy_handle_get(self);
    if (!mc)
        return NULL;
    double p;
    const char *stage_text = NULL;
    if (!PyArg_ParseTuple(args, "d|z:percentile", &p, &stage_text))
        return NULL;
    int stage;
    if (pcfpy_parse_stage_opt(stage_text, &stage) < 0)
        return NULL;
    double v;
    pcf_error err;
    pcf_status st = stage < 0 ? pcf_mc_total_percentile(mc, p, &v, &err)
                              : pcf_mc_stage_percentile(mc, (size_t)stage, p, &v, &err);
    if (st != PCF_OK)
        return pcfpy_raise_status(st, &err);
    return PyFloat_FromDouble(v);
}

static PyObject *Mc_samples(McObject *self, PyObject *args)
{
    const pcf_mc *mc = pcfpy_handle_get(self);
    if (!mc)
        return NULL;
    const char *stage_text = NULL;
    if (!PyArg_ParseTuple(args, "|z:samples", &stage_text))
        return NULL;
    int stage;
    if (pcfpy_parse_stage_opt(stage_text, &stage) < 0)
        return NULL;
    const double *x =
        stage < 0 ? pcf_mc_total_samples(mc) : pcf_mc_stage_samples(mc, (size_t)stage);
    if (!x)
        Py_RETURN_NONE;
    return pcfpy_doubles_list(x, pcf_mc_iterations(mc));
}

static PyObject *Mc_sensitivity(McObject *self, PyObject *noargs)
{
    const pcf_mc *mc = pcfpy_handle_get(self);
    if (!mc)
        return NULL;
    (void)noargs;
    size_t n = pcf_mc_sensitivity_count(mc);
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t r = 0; list && r < n; r++) {
        const char *name = pcf_mc_sensitivity_name(mc, r);
        PyObject *d = Py_BuildValue(
            "{s:s,s:n,s:s,s:n,s:d,s:d}", "name", name ? name : "", "param",
            (Py_ssize_t)pcf_mc_sensitivity_param(mc, r), "kind",
            pcf_mc_sensitivity_kind(mc, r) == PCF_MC_PARAM_FACTOR ? "factor" : "amount", "label",
            (Py_ssize_t)pcf_mc_sensitivity_label(mc, r), "spearman",
            pcf_mc_sensitivity_spearman(mc, r), "variance_share", pcf_mc_sensitivity_share(mc, r));
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
    const pcf_mc *mc = pcfpy_handle_get(self);
    if (!mc)
        return NULL;
    (void)noargs;
    return Py_BuildValue("{s:n,s:K,s:s,s:n}", "iterations", (Py_ssize_t)pcf_mc_iterations(mc),
                         "seed", (unsigned long long)pcf_mc_seed(mc), "generator",
                         pcf_mc_generator(mc), "stages", (Py_ssize_t)pcf_mc_stage_count(mc));
}

static PyMethodDef Mc_methods[] = {
    PCFPY_HANDLE_METHODS("close(): frees the result now."),
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
    PCFPY_HANDLE_GETSET,
    {NULL, NULL, NULL, NULL, NULL},
};

PyTypeObject pcfpy_Mc_Type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "pcf.Mc",
    .tp_basicsize = sizeof(McObject),
    .tp_dealloc = pcfpy_handle_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A Monte Carlo result (immutable).",
    .tp_methods = Mc_methods,
    .tp_getset = Mc_getset,
};
