/*
 * pcf._pcf — pcf.Lci, a solved life-cycle inventory database (pcf/lci.h), and the module
 * functions lci_import, lci_info and lci_open. The matrices come out as raw compressed arrays;
 * pcf/__init__.py makes scipy.sparse matrices of them.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "pcfpy.h"

static void lci_destroy(void *ptr)
{
    pcf_lci_destroy(ptr);
}

/* Inventories and contributions use the object's scratch arrays: one thread at a time. */
static const pcfpy_kind lci_kind = {"Lci", lci_destroy, 1};

typedef pcfpy_handle LciObject;

static pcf_lci *lci_of(LciObject *self)
{
    return self->ptr;
}

/* ---------------------------------------------------------------- module functions */

static PyObject *py_lci_import(PyObject *mod, PyObject *args, PyObject *kwds)
{
    (void)mod;
    static char *kwlist[] = {KW("db"),      KW("name"),    KW("source"),
                             KW("choices"), KW("replace"), NULL};
    PyObject *db_obj, *src, *choices_obj = Py_None, *choices = NULL;
    const char *name;
    int replace = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OsO&|O$p:lci_import", kwlist, &db_obj, &name,
                                     PyUnicode_FSConverter, &src, &choices_obj, &replace))
        return NULL;
    if (choices_obj != Py_None && !PyUnicode_FSConverter(choices_obj, &choices)) {
        Py_DECREF(src);
        return NULL;
    }
    pcfpy_handle *db = NULL;
    if (pcfpy_db_required(db_obj, "lci_import", &db) < 0) {
        Py_DECREF(src);
        Py_XDECREF(choices);
        return NULL;
    }
    const char *s = PyBytes_AS_STRING(src), *c = choices ? PyBytes_AS_STRING(choices) : NULL;
    unsigned flags = replace ? PCF_LCI_REPLACE : 0u;
    if (pcfpy_handle_acquire(db) < 0) {
        Py_DECREF(src);
        Py_XDECREF(choices);
        return NULL;
    }
    pcf_error err;
    PyThreadState *ts = PyEval_SaveThread();
    pcf_status st = pcf_lci_import(db->ptr, name, s, c, flags, &err);
    PyEval_RestoreThread(ts);
    pcfpy_handle_release(db);
    Py_DECREF(src);
    Py_XDECREF(choices);
    if (st != PCF_OK)
        return pcfpy_raise_status(st, &err);
    Py_RETURN_NONE;
}

static PyObject *py_lci_info(PyObject *mod, PyObject *args, PyObject *kwds)
{
    (void)mod;
    static char *kwlist[] = {KW("db"), KW("name"), NULL};
    PyObject *db_obj;
    const char *name;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "Os:lci_info", kwlist, &db_obj, &name))
        return NULL;
    pcfpy_handle *db = NULL;
    if (pcfpy_db_required(db_obj, "lci_info", &db) < 0)
        return NULL;
    char *text = NULL;
    PCFPY_CALL_NOGIL(db, pcf_lci_info_json(db->ptr, name, &text, err));
    PyObject *r = PyUnicode_FromString(text);
    pcf_free(text);
    return r;
}

static PyObject *py_lci_open(PyObject *mod, PyObject *args, PyObject *kwds)
{
    (void)mod;
    static char *kwlist[] = {KW("db"), KW("name"), KW("gwp"), NULL};
    PyObject *db_obj, *gwp_obj = Py_None;
    const char *name;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "Os|O:lci_open", kwlist, &db_obj, &name, &gwp_obj))
        return NULL;
    pcf_gwp_set set;
    if (pcfpy_parse_gwp_opt(gwp_obj, &set) < 0)
        return NULL;
    if (set == 0)
        set = PCF_GWP_DEFAULT;
    pcfpy_handle *db = NULL;
    if (pcfpy_db_required(db_obj, "lci_open", &db) < 0)
        return NULL;
    pcf_lci *lci = NULL;
    PCFPY_CALL_NOGIL(db, pcf_lci_open(db->ptr, name, set, &lci, err));
    return pcfpy_handle_new(&pcfpy_Lci_Type, &lci_kind, lci, NULL);
}

PyMethodDef pcfpy_lci_functions[] = {
    {"lci_import", METH_KW(py_lci_import),
     "lci_import(db, name, source, choices=None, *, replace=False)\n--\n\n"
     "Imports an openLCA JSON-LD zip or folder into db under name (pcf lci import)."},
    {"lci_info", METH_KW(py_lci_info),
     "lci_info(db, name)\n--\n\nWhat the linker decided, as JSON text (pcf lci info)."},
    {"lci_open", METH_KW(py_lci_open),
     "lci_open(db, name, gwp=None)\n--\n\nLinks, factorises and solves an imported database."},
    {NULL, NULL, 0, NULL},
};

/* ---------------------------------------------------------------- Lci methods */

static PyObject *process_dict(pcf_lci *l, size_t i)
{
    return Py_BuildValue("{s:s,s:s,s:s,s:s}", "id", pcf_lci_process_id(l, i), "name",
                         pcf_lci_process_name(l, i), "location", pcf_lci_process_location(l, i),
                         "unit", pcf_lci_process_unit(l, i));
}

static PyObject *Lci_processes(LciObject *self, PyObject *noargs)
{
    (void)noargs;
    if (pcfpy_handle_acquire(self) < 0)
        return NULL;
    pcf_lci *l = lci_of(self);
    size_t n = pcf_lci_process_count(l);
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list && i < n; i++) {
        PyObject *d = process_dict(l, i);
        if (!d) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, d);
    }
    pcfpy_handle_release(self);
    return list;
}

static PyObject *Lci_find(LciObject *self, PyObject *args)
{
    const char *text;
    if (!PyArg_ParseTuple(args, "s:find", &text))
        return NULL;
    size_t i = 0;
    PCFPY_CALL(self, pcf_lci_find(lci_of(self), text, &i, err));
    return PyLong_FromSize_t(i);
}

/* Raises IndexError unless i < the process count. 0 or -1. */
static int check_index(LciObject *self, Py_ssize_t i)
{
    if (i < 0 || (size_t)i >= pcf_lci_process_count(lci_of(self))) {
        PyErr_Format(PyExc_IndexError, "process index %zd out of range", i);
        return -1;
    }
    return 0;
}

static PyObject *Lci_result(LciObject *self, PyObject *args)
{
    Py_ssize_t i;
    if (!PyArg_ParseTuple(args, "n:result", &i))
        return NULL;
    if (pcfpy_handle_acquire(self) < 0)
        return NULL;
    pcf_lci *l = lci_of(self);
    PyObject *d = NULL, *gases = NULL;
    if (check_index(self, i) == 0 && (gases = PyDict_New()) != NULL) {
        int bad = 0;
        for (size_t g = 0; !bad && g < pcf_gas_count(); g++) {
            double v = pcf_lci_gas_kg(l, (size_t)i, (pcf_gas)g);
            if (v != 0)
                bad = pcfpy_put(gases, pcf_gas_key((pcf_gas)g), PyFloat_FromDouble(v)) < 0;
        }
        if (!bad)
            d = Py_BuildValue("{s:d,s:d,s:d,s:d,s:d,s:O}", "total",
                              pcf_lci_co2e(l, (size_t)i, PCF_LCI_TOTAL), "fossil",
                              pcf_lci_co2e(l, (size_t)i, PCF_LCI_FOSSIL), "biogenic",
                              pcf_lci_co2e(l, (size_t)i, PCF_LCI_BIOGENIC), "dluc",
                              pcf_lci_co2e(l, (size_t)i, PCF_LCI_DLUC), "removals",
                              pcf_lci_co2e(l, (size_t)i, PCF_LCI_REMOVALS), "gases", gases);
    }
    Py_XDECREF(gases);
    pcfpy_handle_release(self);
    return d;
}

static PyObject *Lci_inventory(LciObject *self, PyObject *args)
{
    const char *flow;
    if (!PyArg_ParseTuple(args, "s:inventory", &flow))
        return NULL;
    size_t n = pcf_lci_process_count(lci_of(self));
    double *x = PyMem_Malloc((n ? n : 1) * sizeof *x);
    if (!x)
        return PyErr_NoMemory();
    if (pcfpy_handle_acquire(self) < 0) {
        PyMem_Free(x);
        return NULL;
    }
    pcf_error err;
    pcf_status st = pcf_lci_inventory(lci_of(self), flow, x, &err);
    pcfpy_handle_release(self);
    PyObject *r = st == PCF_OK ? pcfpy_doubles_list(x, n) : pcfpy_raise_status(st, &err);
    PyMem_Free(x);
    return r;
}

static PyObject *Lci_contributions(LciObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {KW("index"), KW("top"), NULL};
    Py_ssize_t i, top = 10;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "n|n:contributions", kwlist, &i, &top))
        return NULL;
    if (top < 0)
        return PyErr_Format(PyExc_ValueError, "top must be >= 0, got %zd", top);
    pcf_lci_contribution *c = NULL;
    size_t n = 0;
    double rest = 0;
    PCFPY_CALL(self, pcf_lci_contributions(lci_of(self), i < 0 ? SIZE_MAX : (size_t)i, (size_t)top,
                                           &c, &n, &rest, err));
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t k = 0; list && k < n; k++) {
        PyObject *d = Py_BuildValue("{s:n,s:s,s:d,s:d}", "process", (Py_ssize_t)c[k].process,
                                    "name", pcf_lci_process_name(lci_of(self), c[k].process),
                                    "scaling", c[k].scaling, "kg_co2e", c[k].kg_co2e);
        if (!d) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)k, d);
    }
    pcf_free(c);
    if (!list)
        return NULL;
    return Py_BuildValue("{s:N,s:d}", "contributions", list, "remainder", rest);
}

static PyObject *Lci_store_factors(LciObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {KW("db"), KW("license"), NULL};
    PyObject *db_obj;
    const char *license;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "Os:store_factors", kwlist, &db_obj, &license))
        return NULL;
    pcfpy_handle *db = NULL;
    if (pcfpy_db_required(db_obj, "store_factors", &db) < 0)
        return NULL;
    size_t rows = 0, skipped = 0;
    if (pcfpy_handle_acquire(self) < 0)
        return NULL;
    if (pcfpy_handle_acquire(db) < 0) {
        pcfpy_handle_release(self);
        return NULL;
    }
    pcf_error err;
    PyThreadState *ts = PyEval_SaveThread();
    pcf_status st = pcf_lci_store_factors(lci_of(self), db->ptr, license, &rows, &skipped, &err);
    PyEval_RestoreThread(ts);
    pcfpy_handle_release(db);
    pcfpy_handle_release(self);
    if (st != PCF_OK)
        return pcfpy_raise_status(st, &err);
    return Py_BuildValue("(nn)", (Py_ssize_t)rows, (Py_ssize_t)skipped);
}

static PyObject *Lci_monte_carlo(LciObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {KW("index"), KW("iterations"), KW("seed"), KW("threads"), NULL};
    Py_ssize_t i, iterations = 1000, threads = 1;
    unsigned long long seed = 1;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "n|nKn:monte_carlo", kwlist, &i, &iterations,
                                     &seed, &threads))
        return NULL;
    if (iterations < 1 || threads < 1)
        return PyErr_Format(PyExc_ValueError, "iterations and threads must be >= 1");
    double *x = PyMem_Malloc((size_t)iterations * sizeof *x);
    if (!x)
        return PyErr_NoMemory();
    if (pcfpy_handle_acquire(self) < 0) {
        PyMem_Free(x);
        return NULL;
    }
    pcf_error err;
    PyThreadState *ts = PyEval_SaveThread();
    pcf_status st = pcf_lci_mc(lci_of(self), i < 0 ? SIZE_MAX : (size_t)i, (size_t)iterations, seed,
                               (size_t)threads, x, &err);
    PyEval_RestoreThread(ts);
    pcfpy_handle_release(self);
    PyObject *r =
        st == PCF_OK ? pcfpy_doubles_list(x, (size_t)iterations) : pcfpy_raise_status(st, &err);
    PyMem_Free(x);
    return r;
}

static PyObject *ints_list(const int *x, size_t n)
{
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list && i < n; i++) {
        PyObject *v = PyLong_FromLong(x[i]);
        if (!v) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, v);
    }
    return list;
}

/* _arrays() -> (A colptr, A rowidx, A values, B rowptr, B colidx, B values, flow ids, scale) */
static PyObject *Lci_arrays(LciObject *self, PyObject *noargs)
{
    (void)noargs;
    if (pcfpy_handle_acquire(self) < 0)
        return NULL;
    pcf_lci *l = lci_of(self);
    size_t n = pcf_lci_process_count(l), nf = pcf_lci_flow_count(l);
    const int *ap, *ai, *bp, *bj;
    const double *ax, *bx;
    size_t na = pcf_lci_technology(l, &ap, &ai, &ax), nb = pcf_lci_intervention(l, &bp, &bj, &bx);
    PyObject *flows = PyList_New((Py_ssize_t)nf);
    for (size_t f = 0; flows && f < nf; f++) {
        PyObject *s = PyUnicode_FromString(pcf_lci_flow_id(l, f));
        if (!s) {
            Py_CLEAR(flows);
            break;
        }
        PyList_SET_ITEM(flows, (Py_ssize_t)f, s);
    }
    double *scale = PyMem_Malloc((n ? n : 1) * sizeof *scale);
    for (size_t j = 0; scale && j < n; j++)
        scale[j] = pcf_lci_process_scale(l, j);
    PyObject *r = NULL;
    if (flows && scale)
        r = Py_BuildValue("(NNNNNNNN)", ints_list(ap, n + 1), ints_list(ai, na),
                          pcfpy_doubles_list(ax, na), ints_list(bp, nf + 1), ints_list(bj, nb),
                          pcfpy_doubles_list(bx, nb), flows, pcfpy_doubles_list(scale, n));
    else
        Py_XDECREF(flows);
    PyMem_Free(scale);
    pcfpy_handle_release(self);
    if (!r && !PyErr_Occurred())
        PyErr_NoMemory();
    return r;
}

static PyObject *Lci_get_name(LciObject *self, void *closure)
{
    (void)closure;
    if (pcfpy_handle_acquire(self) < 0)
        return NULL;
    PyObject *r = PyUnicode_FromString(pcf_lci_name(lci_of(self)));
    pcfpy_handle_release(self);
    return r;
}

static PyObject *Lci_get_gwp(LciObject *self, void *closure)
{
    (void)closure;
    if (pcfpy_handle_acquire(self) < 0)
        return NULL;
    PyObject *r = PyUnicode_FromString(pcf_gwp_set_name(pcf_lci_gwp_set(lci_of(self))));
    pcfpy_handle_release(self);
    return r;
}

static PyObject *Lci_get_counts(LciObject *self, void *closure)
{
    if (pcfpy_handle_acquire(self) < 0)
        return NULL;
    pcf_lci *l = lci_of(self);
    size_t v = closure == NULL ? pcf_lci_matrix_nonzeros(l) : pcf_lci_mc_parameter_count(l);
    pcfpy_handle_release(self);
    return PyLong_FromSize_t(v);
}

static Py_ssize_t Lci_len(LciObject *self)
{
    if (pcfpy_handle_acquire(self) < 0)
        return -1;
    size_t n = pcf_lci_process_count(lci_of(self));
    pcfpy_handle_release(self);
    return (Py_ssize_t)n;
}

static PyObject *Lci_repr(LciObject *self)
{
    if (self->closed || !self->ptr)
        return PyUnicode_FromString("<pcf.Lci closed>");
    return PyUnicode_FromFormat("<pcf.Lci \"%s\", %zu processes>", pcf_lci_name(self->ptr),
                                pcf_lci_process_count(self->ptr));
}

static PyMethodDef Lci_methods[] = {
    {"processes", (PyCFunction)Lci_processes, METH_NOARGS,
     "processes($self, /)\n--\n\nEvery process as a dict: id, name, location, unit."},
    {"find", (PyCFunction)Lci_find, METH_VARARGS,
     "find($self, id_or_name, /)\n--\n\nIndex of a process by @id or exact name."},
    {"result", (PyCFunction)Lci_result, METH_VARARGS,
     "result($self, index, /)\n--\n\nkg CO2e per reference unit: total, fossil, biogenic, dluc, "
     "removals, and gases (kg)."},
    {"inventory", (PyCFunction)Lci_inventory, METH_VARARGS,
     "inventory($self, flow_id, /)\n--\n\nCumulative amount of an elementary flow, every "
     "process."},
    {"contributions", METH_KW(Lci_contributions),
     "contributions($self, /, index, top=10)\n--\n\nUpstream contributions and the remainder."},
    {"store_factors", METH_KW(Lci_store_factors),
     "store_factors($self, /, db, license)\n--\n\nWrites every process as a factor row; returns "
     "(rows, skipped)."},
    {"monte_carlo", METH_KW(Lci_monte_carlo),
     "monte_carlo($self, /, index, iterations=1000, seed=1, threads=1)\n--\n\nkg CO2e per "
     "iteration (pcf_lci_mc); the same seed gives the same list at any thread count."},
    {"_arrays", (PyCFunction)Lci_arrays, METH_NOARGS, NULL},
    PCFPY_HANDLE_METHODS("Releases the solved system."),
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef Lci_getset[] = {
    {"name", (getter)Lci_get_name, NULL, "The name the database was imported under.", NULL},
    {"gwp", (getter)Lci_get_gwp, NULL, "The GWP100 set of the results.", NULL},
    {"nonzeros", (getter)Lci_get_counts, NULL, "Non-zeros of the technology matrix.", NULL},
    {"mc_parameters", (getter)Lci_get_counts, NULL, "Exchanges Monte Carlo draws.", (void *)"mc"},
    PCFPY_HANDLE_GETSET,
    {NULL, NULL, NULL, NULL, NULL},
};

static PySequenceMethods Lci_sequence = {.sq_length = (lenfunc)Lci_len};

PyTypeObject pcfpy_Lci_Type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "pcf.Lci",
    .tp_basicsize = sizeof(pcfpy_handle),
    .tp_dealloc = pcfpy_handle_dealloc,
    .tp_repr = (reprfunc)Lci_repr,
    .tp_as_sequence = &Lci_sequence,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A solved life-cycle inventory database (pcf.lci_open()).",
    .tp_methods = Lci_methods,
    .tp_getset = Lci_getset,
};
