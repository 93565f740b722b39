/*
 * pcf._pcf — the module's functions: units, numbers, GWP, gases, database paths, pedigree,
 * distributions, names of stages and flows, Monte Carlo limits.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "pcfpy.h"

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
        return pcfpy_raise_status(st, &err);
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
        return pcfpy_raise_status(st, &err);
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
        return pcfpy_raise_status(st, &err);
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
        return pcfpy_raise_status(st, &err);
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

static PyObject *py_gwp(PyObject *self, PyObject *args)
{
    (void)self;
    const char *gas_text, *set_text = "AR6";
    if (!PyArg_ParseTuple(args, "s|s:gwp", &gas_text, &set_text))
        return NULL;
    pcf_gas gas;
    pcf_gwp_set set;
    if (pcfpy_parse_gas_set(gas_text, set_text, &gas, &set) < 0)
        return NULL;
    double v;
    pcf_error err;
    pcf_status st = pcf_gwp_value(set, gas, &v, &err);
    if (st != PCF_OK)
        return pcfpy_raise_status(st, &err);
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
    if (pcfpy_parse_gas_set(gas_text, set_text, &gas, &set) < 0)
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
    if (pcfpy_parse_gas_set(NULL, set_text, NULL, &set) < 0)
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
        return pcfpy_raise_status(st, &err);
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
    if (pcfpy_parse_gas_set(NULL, set_text, NULL, &set) < 0)
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
        if (pcfpy_parse_gas_set(name, set_text, &gases[i], &set) < 0)
            goto done;
        i++;
    }
    double total;
    pcf_error err;
    pcf_status st = pcf_gwp_co2e(set, gases, kg, (size_t)n, &total, &err);
    out = st == PCF_OK ? PyFloat_FromDouble(total) : pcfpy_raise_status(st, &err);
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
        return pcfpy_raise_status(st, &err);
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
        pcfpy_parse_enum("distribution", kind_text, pcfpy_dist_name, 5, &kind) < 0)
        return NULL;
    pcf_error err;
    pcf_status st = pcf_dist_check((pcf_dist)kind, value, p1, p2, p3, &err);
    if (st != PCF_OK)
        return pcfpy_raise_status(st, &err);
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

/* ---------------------------------------------------------------- the table */

PyMethodDef pcfpy_functions[] = {
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
    {"names", py_names, METH_NOARGS,
     "names($module, /)\n--\n\n"
     "names() -> dict(stages=[...], flows=[...]) in report order."},
    {"gases", py_gases, METH_NOARGS,
     "gases($module, /)\n--\n\n"
     "gases() -> list of gas dicts (key, formula, name)."},
    {NULL, NULL, 0, NULL},
};
