/*
 * pcf._pcf — module initialisation: the types, the functions and the exception classes.
 * GPL-3.0-or-later; see LICENSE.
 */
#include "pcfpy.h"

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT,
    "pcf._pcf",
    "C layer of the pcf package; use `import pcf`.",
    -1,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
};

/* The types, under their names in pcf._pcf. A new type adds one line. */
static const struct {
    const char *name;
    PyTypeObject *type;
} types[] = {
    {"Db", &pcfpy_Db_Type},
    {"Model", &pcfpy_Model_Type},
    {"System", &pcfpy_System_Type},
    {"Result", &pcfpy_Result_Type},
    {"Mc", &pcfpy_Mc_Type},
    {"CbamResult", &pcfpy_CbamResult_Type},
    {"BatteryDecl", &pcfpy_BatteryDecl_Type},
    {"Lci", &pcfpy_Lci_Type},
};

/* The module-level functions, one table per file. A new file adds one line. */
static PyMethodDef *const function_tables[] = {
    pcfpy_functions,
    pcfpy_pact_functions,
    pcfpy_regime_functions,
    pcfpy_lci_functions,
};

PyMODINIT_FUNC PyInit__pcf(void);
PyMODINIT_FUNC PyInit__pcf(void)
{
    PyObject *m = PyModule_Create(&module_def);
    if (!m)
        return NULL;
    int bad = 0;
    for (size_t i = 0; !bad && i < sizeof types / sizeof types[0]; i++)
        bad = PyType_Ready(types[i].type) < 0 ||
              PyModule_AddObjectRef(m, types[i].name, (PyObject *)types[i].type) < 0;
    for (size_t i = 0; !bad && i < sizeof function_tables / sizeof function_tables[0]; i++)
        bad = PyModule_AddFunctions(m, function_tables[i]) < 0;
    if (bad || pcfpy_make_errors(m) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
