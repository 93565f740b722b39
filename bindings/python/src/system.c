/*
 * pcf._pcf — pcf._pcf.System: a resolved model (immutable), its calculation and Monte
 * Carlo run.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "pcfpy.h"

/* ---------------------------------------------------------------- System */

static void system_destroy(void *ptr)
{
    pcf_system_destroy(ptr);
}

/* pcf_system is immutable: no lock; threads calculating it at once are counted. */
static const pcfpy_kind system_kind = {"System", system_destroy, 0};

typedef pcfpy_handle SystemObject;

PyObject *pcfpy_system_new(pcf_system *sys, PyObject *diagnostics)
{
    return pcfpy_handle_new(&pcfpy_System_Type, &system_kind, sys, diagnostics);
}

/* The system of an acquired handle. */
static pcf_system *system_of(SystemObject *self)
{
    return self->ptr;
}

static PyObject *System_info(SystemObject *self, PyObject *noargs)
{
    (void)noargs;
    const pcf_system *sys = pcfpy_handle_get(self);
    if (!sys)
        return NULL;
    return Py_BuildValue("{s:n,s:n,s:s}", "activities", (Py_ssize_t)pcf_system_activity_count(sys),
                         "params", (Py_ssize_t)pcf_system_param_count(sys), "gwp",
                         pcf_gwp_set_name(pcf_system_gwp(sys)));
}

static PyObject *System_calculate(SystemObject *self, PyObject *noargs)
{
    (void)noargs;
    /* A system is immutable: no lock, and other threads may calculate it at the same time. */
    if (pcfpy_handle_acquire(self) < 0)
        return NULL;
    pcf_result *result = NULL;
    pcf_error err;
    pcf_status st;
    PyThreadState *ts_ = PyEval_SaveThread();
    st = pcf_calculate(system_of(self), &result, &err);
    PyEval_RestoreThread(ts_);
    pcfpy_handle_release(self);
    if (st != PCF_OK)
        return pcfpy_raise_status(st, &err);
    return pcfpy_result_new(result, Py_NewRef(self->diagnostics));
}

/* ---------------------------------------------------------------- Monte Carlo */

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
    if (!pcfpy_handle_get(self))
        return NULL;
    static char *kwlist[] = {KW("iterations"),  KW("seed"),         KW("threads"),
                             KW("percentiles"), KW("keep_samples"), KW("sensitivity"),
                             KW("progress"),    KW("lci"),          NULL};
    Py_ssize_t iterations = 10000, threads = 1;
    unsigned long long seed = 1;
    PyObject *percentiles = NULL, *progress = NULL, *lci_obj = NULL;
    int keep = 0, sens = 1;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|nKnOppOO:monte_carlo", kwlist, &iterations,
                                     &seed, &threads, &percentiles, &keep, &sens, &progress,
                                     &lci_obj))
        return NULL;
    pcfpy_handle *lci_db = NULL; /* the Db whose LCI databases are sampled once per iteration */
    if (pcfpy_db_arg(lci_obj, &lci_db) < 0)
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
    if (st == PCF_OK && lci_db) {
        if (pcfpy_handle_acquire(lci_db) < 0) {
            pcf_mc_options_destroy(opts);
            return NULL;
        }
        PyThreadState *t = PyEval_SaveThread();
        st = pcf_mc_options_open_lci(opts, system_of(self), lci_db->ptr, NULL, &err);
        PyEval_RestoreThread(t);
        pcfpy_handle_release(lci_db);
    }
    if (st != PCF_OK) {
        pcf_mc_options_destroy(opts);
        return pcfpy_raise_status(st, &err);
    }
    if (pcfpy_handle_acquire(self) < 0) {
        pcf_mc_options_destroy(opts);
        return NULL;
    }
    pcf_mc *mc = NULL;
    PyThreadState *ts_ = PyEval_SaveThread();
    st = pcf_mc_run(system_of(self), opts, &mc, &err);
    PyEval_RestoreThread(ts_);
    pcfpy_handle_release(self);
    pcf_mc_options_destroy(opts);
    if (ctx.exc_type) { /* the callback raised (or Ctrl-C): that exception wins */
        pcf_mc_destroy(mc);
        PyErr_Restore(ctx.exc_type, ctx.exc_value, ctx.exc_tb);
        return NULL;
    }
    if (st != PCF_OK)
        return pcfpy_raise_status(st, &err);
    return pcfpy_mc_new(mc);
}

static PyMethodDef System_methods[] = {
    PCFPY_HANDLE_METHODS(
        "close(): frees the system now (after any calculation still running in another thread)."),
    {"info", (PyCFunction)System_info, METH_NOARGS,
     "info($self, /)\n--\n\n"
     "info() -> dict(activities, params, gwp)."},
    {"calculate", (PyCFunction)System_calculate, METH_NOARGS,
     "calculate($self, /)\n--\n\n"
     "calculate() -> C Result (GIL released; a system may be calculated from many threads)."},
    {"monte_carlo", METH_KW(System_monte_carlo),
     "monte_carlo($self, iterations=10000, seed=1, threads=1, percentiles=None, "
     "keep_samples=False, sensitivity=True, progress=None, lci=None)\n--\n\n"
     "monte_carlo(iterations=10000, seed=1, threads=1, percentiles=None, keep_samples=False, "
     "sensitivity=True, progress=None, lci=None) -> Mc. progress(done, total) returning True "
     "cancels. lci: a Db whose LCI databases (those the factors are solved processes of) are "
     "sampled once per iteration, shared by every activity (pcf_mc_options_open_lci)."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef System_getset[] = {
    PCFPY_HANDLE_GETSET,
    PCFPY_HANDLE_DIAGNOSTICS,
    {NULL, NULL, NULL, NULL, NULL},
};

PyTypeObject pcfpy_System_Type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "pcf.System",
    .tp_basicsize = sizeof(SystemObject),
    .tp_dealloc = pcfpy_handle_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A resolved model (immutable; share between threads freely).",
    .tp_methods = System_methods,
    .tp_getset = System_getset,
};
