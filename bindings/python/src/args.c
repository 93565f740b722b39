/*
 * pcf._pcf — argument helpers shared by the types and functions: enum names, dimensions,
 * GWP sets and gases, optional numbers, dict building, writer output.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "pcfpy.h"

#include <string.h>

/* Sets d[key] = v and drops v; returns -1 when v is NULL or the set fails. */
int pcfpy_put(PyObject *d, const char *key, PyObject *v)
{
    if (!v)
        return -1;
    int rc = PyDict_SetItemString(d, key, v);
    Py_DECREF(v);
    return rc;
}

PyObject *pcfpy_doubles_list(const double *x, size_t n)
{
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

/* Parses None, a dimension name ("mass") or a unit ("kg": its dimension). 0 or -1. */
int pcfpy_parse_dimension(PyObject *o, pcf_dimension *out)
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
        pcfpy_raise_status(st, &err);
        return -1;
    }
    *out = pcf_unit_dimension(u);
    return 0;
}

/* Parses a gas and a GWP set name; 0 on success, -1 with an exception set. */
int pcfpy_parse_gas_set(const char *gas_text, const char *set_text, pcf_gas *gas, pcf_gwp_set *set)
{
    pcf_error err;
    pcf_status st = pcf_gwp_set_parse(set_text, set, &err);
    if (st == PCF_OK && gas_text)
        st = pcf_gas_parse(gas_text, gas, &err);
    if (st != PCF_OK) {
        pcfpy_raise_status(st, &err);
        return -1;
    }
    return 0;
}

/* Finds text among name(0..n-1); 0 and *out set, or -1 with InvalidArgument naming the choices. */
int pcfpy_parse_enum(const char *what, const char *text, const char *(*name)(int), int n, int *out)
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
    pcfpy_raise_status(PCF_ERR_INVALID_ARG, &err);
    return -1;
}

const char *pcfpy_stage_name(int i)
{
    return pcf_stage_name((pcf_stage)i);
}
const char *pcfpy_boundary_name(int i)
{
    return pcf_boundary_name((pcf_boundary)i);
}
const char *pcfpy_recycling_name(int i)
{
    return pcf_recycling_method_name((pcf_recycling_method)i);
}
const char *pcfpy_dist_name(int i)
{
    return pcf_dist_name((pcf_dist)i);
}

int pcfpy_parse_stage_opt(const char *text, int *stage)
{
    *stage = -1;
    if (!text)
        return 0;
    return pcfpy_parse_enum("stage", text, pcfpy_stage_name, PCF_STAGE_COUNT, stage);
}

/* Parses a GWP set name, or None -> 0 ("the model's own"). 0 or -1. */
int pcfpy_parse_gwp_opt(PyObject *o, pcf_gwp_set *out)
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
        pcfpy_raise_status(st, &err);
        return -1;
    }
    return 0;
}

/* None -> NaN ("not given"), else a float. 0 or -1. */
int pcfpy_opt_double(PyObject *o, double *out)
{
    if (!o || o == Py_None) {
        *out = Py_NAN;
        return 0;
    }
    *out = PyFloat_AsDouble(o);
    return (*out == -1.0 && PyErr_Occurred()) ? -1 : 0;
}

/* Wraps a writer returning caller-owned text. */
PyObject *pcfpy_text_out(pcf_status st, char *text, const pcf_error *err)
{
    if (st != PCF_OK)
        return pcfpy_raise_status(st, err);
    PyObject *s = PyUnicode_FromString(text);
    pcf_free(text);
    return s;
}
