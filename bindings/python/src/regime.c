/*
 * pcf._pcf — the exporters' regimes (pcf/cbam.h, pcf/battery.h): pcf._pcf.CbamResult (the
 * specific embedded emissions of an installation's goods), pcf._pcf.BatteryDecl (the EU battery
 * carbon-footprint declaration) and the module functions that make them. pcf.CbamResult and
 * pcf.BatteryDeclaration wrap them with dicts. GPL-3.0-or-later; see LICENSE.
 */
#include "pcfpy.h"

/* ---------------------------------------------------------------- CbamResult */

static void cbam_result_destroy(void *ptr)
{
    pcf_cbam_result_destroy(ptr);
}

/* pcf_cbam_result is immutable and only read with the GIL held: no lock. */
static const pcfpy_kind cbam_result_kind = {"CbamResult", cbam_result_destroy, 0};

typedef pcfpy_handle CbamResultObject;

static PyObject *CbamResult_write(CbamResultObject *self, int csv)
{
    const pcf_cbam_result *r = pcfpy_handle_get(self);
    if (!r)
        return NULL;
    char *text = NULL;
    pcf_error err;
    pcf_status st =
        csv ? pcf_cbam_result_to_csv(r, &text, &err) : pcf_cbam_result_to_json(r, &text, &err);
    return pcfpy_text_out(st, text, &err);
}

static PyObject *CbamResult_to_json(CbamResultObject *self, PyObject *noargs)
{
    (void)noargs;
    return CbamResult_write(self, 0);
}

static PyObject *CbamResult_to_csv(CbamResultObject *self, PyObject *noargs)
{
    (void)noargs;
    return CbamResult_write(self, 1);
}

/* The figures straight from the accessors: year, processes (id, SEE, attributed emissions,
 * default share) and goods (CN code, process index). */
static PyObject *CbamResult_summary(CbamResultObject *self, PyObject *noargs)
{
    const pcf_cbam_result *r = pcfpy_handle_get(self);
    if (!r)
        return NULL;
    (void)noargs;
    size_t np = pcf_cbam_result_process_count(r), ng = pcf_cbam_result_good_count(r);
    PyObject *procs = PyList_New((Py_ssize_t)np), *goods = PyList_New((Py_ssize_t)ng);
    int bad = !procs || !goods;
    for (size_t i = 0; !bad && i < np; i++) {
        PyObject *d = Py_BuildValue(
            "{s:s,s:d,s:d,s:d,s:d,s:d}", "id", pcf_cbam_result_process_id(r, i), "see_direct",
            pcf_cbam_result_see_direct(r, i), "see_indirect", pcf_cbam_result_see_indirect(r, i),
            "attributed_direct_t", pcf_cbam_result_attributed_direct(r, i), "attributed_indirect_t",
            pcf_cbam_result_attributed_indirect(r, i), "default_share",
            pcf_cbam_result_default_share(r, i));
        bad = !d;
        if (d)
            PyList_SET_ITEM(procs, (Py_ssize_t)i, d);
    }
    for (size_t i = 0; !bad && i < ng; i++) {
        PyObject *d = Py_BuildValue("{s:s,s:n}", "cn_code", pcf_cbam_result_good_cn_code(r, i),
                                    "process", (Py_ssize_t)pcf_cbam_result_good_process(r, i));
        bad = !d;
        if (d)
            PyList_SET_ITEM(goods, (Py_ssize_t)i, d);
    }
    if (bad) {
        Py_XDECREF(procs);
        Py_XDECREF(goods);
        return NULL;
    }
    return Py_BuildValue("{s:i,s:N,s:N}", "year", pcf_cbam_result_year(r), "processes", procs,
                         "goods", goods);
}

static PyMethodDef CbamResult_methods[] = {
    PCFPY_HANDLE_METHODS("close(): frees the result now."),
    {"to_json", (PyCFunction)CbamResult_to_json, METH_NOARGS,
     "to_json($self, /)\n--\n\n"
     "to_json() -> str: the communication template's data (pcf_cbam_result_to_json)."},
    {"to_csv", (PyCFunction)CbamResult_to_csv, METH_NOARGS,
     "to_csv($self, /)\n--\n\n"
     "to_csv() -> str: one row per good (pcf_cbam_result_to_csv)."},
    {"summary", (PyCFunction)CbamResult_summary, METH_NOARGS,
     "summary($self, /)\n--\n\n"
     "summary() -> dict(year, processes, goods) from the accessors."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef CbamResult_getset[] = {
    PCFPY_HANDLE_GETSET,
    PCFPY_HANDLE_DIAGNOSTICS,
    {NULL, NULL, NULL, NULL, NULL},
};

PyTypeObject pcfpy_CbamResult_Type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "pcf._pcf.CbamResult",
    .tp_basicsize = sizeof(CbamResultObject),
    .tp_dealloc = pcfpy_handle_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "CBAM embedded emissions (C layer; pcf.CbamResult wraps it with dicts).",
    .tp_methods = CbamResult_methods,
    .tp_getset = CbamResult_getset,
};

/* ---------------------------------------------------------------- BatteryDecl */

static void battery_decl_destroy(void *ptr)
{
    pcf_battery_decl_destroy(ptr);
}

/* pcf_battery_decl is immutable: no lock. */
static const pcfpy_kind battery_decl_kind = {"BatteryDecl", battery_decl_destroy, 0};

typedef pcfpy_handle BatteryDeclObject;

static PyObject *BatteryDecl_to_json(BatteryDeclObject *self, PyObject *noargs)
{
    const pcf_battery_decl *d = pcfpy_handle_get(self);
    if (!d)
        return NULL;
    (void)noargs;
    char *text = NULL;
    pcf_error err;
    pcf_status st = pcf_battery_decl_to_json(d, &text, &err);
    return pcfpy_text_out(st, text, &err);
}

/* The figures from the accessors: lifetime energy, kg CO2e/kWh in total and per declared stage
 * (Battery Pass names), kg CO2e of one battery, the use stage left out. */
static PyObject *BatteryDecl_summary(BatteryDeclObject *self, PyObject *noargs)
{
    const pcf_battery_decl *d = pcfpy_handle_get(self);
    if (!d)
        return NULL;
    (void)noargs;
    PyObject *stages = PyDict_New();
    for (int s = 0; stages && s < PCF_BATTERY_STAGE_COUNT; s++)
        if (pcfpy_put(stages, pcf_battery_stage_name((pcf_battery_stage)s),
                      PyFloat_FromDouble(
                          pcf_battery_decl_stage_kg_co2e_per_kwh(d, (pcf_battery_stage)s))) < 0)
            Py_CLEAR(stages);
    if (!stages)
        return NULL;
    return Py_BuildValue("{s:d,s:d,s:N,s:d,s:d}", "lifetime_kwh", pcf_battery_decl_lifetime_kwh(d),
                         "kg_co2e_per_kwh", pcf_battery_decl_kg_co2e_per_kwh(d), "stages", stages,
                         "absolute_kg_co2e", pcf_battery_decl_absolute_kg_co2e(d),
                         "use_excluded_kg_co2e", pcf_battery_decl_use_excluded_kg_co2e(d));
}

static PyMethodDef BatteryDecl_methods[] = {
    PCFPY_HANDLE_METHODS("close(): frees the declaration now."),
    {"to_json", (PyCFunction)BatteryDecl_to_json, METH_NOARGS,
     "to_json($self, /)\n--\n\n"
     "to_json() -> str: the Battery Pass attributes (pcf_battery_decl_to_json)."},
    {"summary", (PyCFunction)BatteryDecl_summary, METH_NOARGS,
     "summary($self, /)\n--\n\n"
     "summary() -> dict(lifetime_kwh, kg_co2e_per_kwh, stages, absolute_kg_co2e, "
     "use_excluded_kg_co2e)."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef BatteryDecl_getset[] = {
    PCFPY_HANDLE_GETSET,
    PCFPY_HANDLE_DIAGNOSTICS,
    {NULL, NULL, NULL, NULL, NULL},
};

PyTypeObject pcfpy_BatteryDecl_Type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "pcf._pcf.BatteryDecl",
    .tp_basicsize = sizeof(BatteryDeclObject),
    .tp_dealloc = pcfpy_handle_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "An EU battery declaration (C layer; pcf.BatteryDeclaration wraps it).",
    .tp_methods = BatteryDecl_methods,
    .tp_getset = BatteryDecl_getset,
};

/* ---------------------------------------------------------------- functions */

/* Reads (from @p json text or the file @p path) and calculates a CBAM document with the GIL
 * released, the database locked. */
static pcf_status cbam_run(const char *json, const char *path, const char *filename, pcf_db *db,
                           int year, pcf_diag *diag, pcf_cbam_result **out, pcf_error *err)
{
    pcf_cbam *doc = NULL;
    pcf_status st = path ? pcf_cbam_read_file(path, &doc, err)
                         : pcf_cbam_read_string(json, filename, &doc, err);
    if (st == PCF_OK)
        st = pcf_cbam_calculate(doc, db, year, diag, out, err);
    pcf_cbam_destroy(doc);
    return st;
}

/* _cbam_calculate(json=None, path=None, db=None, year=0, filename=None) -> CbamResult */
static PyObject *py_cbam_calculate(PyObject *self, PyObject *args, PyObject *kwds)
{
    (void)self;
    static char *kwlist[] = {KW("json"), KW("path"), KW("db"), KW("year"), KW("filename"), NULL};
    const char *json = NULL, *filename = NULL;
    PyObject *path_obj = NULL, *db_obj = NULL;
    int year = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|zO&Oiz:_cbam_calculate", kwlist, &json,
                                     PyUnicode_FSConverter, &path_obj, &db_obj, &year, &filename))
        return NULL;
    pcfpy_handle *db = NULL;
    pcf_diag *diag = NULL;
    if ((!json) == (!path_obj)) {
        Py_XDECREF(path_obj);
        PyErr_SetString(PyExc_TypeError, "_cbam_calculate: give one of json and path");
        return NULL;
    }
    if (pcfpy_db_arg(db_obj, &db) < 0 || (db && pcfpy_handle_acquire(db) < 0)) {
        Py_XDECREF(path_obj);
        return NULL;
    }
    if (pcf_diag_create(&diag) != PCF_OK) {
        if (db)
            pcfpy_handle_release(db);
        Py_XDECREF(path_obj);
        return PyErr_NoMemory();
    }
    pcf_cbam_result *r = NULL;
    pcf_error err;
    const char *path = path_obj ? PyBytes_AS_STRING(path_obj) : NULL;
    PyThreadState *ts = PyEval_SaveThread();
    pcf_status st = cbam_run(json, path, filename, db ? db->ptr : NULL, year, diag, &r, &err);
    PyEval_RestoreThread(ts);
    if (db)
        pcfpy_handle_release(db);
    Py_XDECREF(path_obj);
    if (st != PCF_OK) {
        pcfpy_raise_with_diag(st, &err, diag);
        pcf_diag_destroy(diag);
        return NULL;
    }
    PyObject *diagnostics = pcfpy_diag_list(diag);
    pcf_diag_destroy(diag);
    if (!diagnostics) {
        pcf_cbam_result_destroy(r);
        return NULL;
    }
    return pcfpy_handle_new(&pcfpy_CbamResult_Type, &cbam_result_kind, r, diagnostics);
}

/* _cbam_validate(json, filename=None) -> list of problems ([] when valid) */
static PyObject *py_cbam_validate(PyObject *self, PyObject *args, PyObject *kwds)
{
    (void)self;
    static char *kwlist[] = {KW("json"), KW("filename"), NULL};
    const char *json, *filename = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "s|z:_cbam_validate", kwlist, &json, &filename))
        return NULL;
    pcf_cbam *doc = NULL;
    pcf_error err;
    pcf_status st = pcf_cbam_read_string(json, filename, &doc, &err);
    if (st != PCF_OK)
        return pcfpy_raise_status(st, &err);
    pcf_diag *diag = NULL;
    if (pcf_diag_create(&diag) != PCF_OK) {
        pcf_cbam_destroy(doc);
        return PyErr_NoMemory();
    }
    st = pcf_cbam_validate(doc, diag, &err);
    pcf_cbam_destroy(doc);
    PyObject *list = st == PCF_OK || st == PCF_ERR_INVALID_MODEL ? pcfpy_diag_list(diag)
                                                                 : pcfpy_raise_status(st, &err);
    pcf_diag_destroy(diag);
    return list;
}

static const char *sector_name(int i)
{
    return pcf_cbam_sector_name((pcf_cbam_sector)i);
}

/* cbam_sector(cn_code) -> "cement", "iron_steel", ... */
static PyObject *py_cbam_sector(PyObject *self, PyObject *args)
{
    (void)self;
    const char *cn;
    if (!PyArg_ParseTuple(args, "s:cbam_sector", &cn))
        return NULL;
    pcf_cbam_sector s;
    pcf_error err;
    pcf_status st = pcf_cbam_sector_of_cn(cn, &s, &err);
    if (st != PCF_OK)
        return pcfpy_raise_status(st, &err);
    return PyUnicode_FromString(pcf_cbam_sector_name(s));
}

/* cbam_markup(sector, year) -> fraction */
static PyObject *py_cbam_markup(PyObject *self, PyObject *args)
{
    (void)self;
    const char *sector_text;
    int year, sector;
    if (!PyArg_ParseTuple(args, "si:cbam_markup", &sector_text, &year) ||
        pcfpy_parse_enum("CBAM sector", sector_text, sector_name, PCF_CBAM_ELECTRICITY + 1,
                         &sector) < 0)
        return NULL;
    double m;
    pcf_error err;
    pcf_status st = pcf_cbam_markup((pcf_cbam_sector)sector, year, &m, &err);
    if (st != PCF_OK)
        return pcfpy_raise_status(st, &err);
    return PyFloat_FromDouble(m);
}

/* battery_lifetime_energy(capacity_kwh, cycles_per_year, years) -> kWh */
static PyObject *py_battery_lifetime_energy(PyObject *self, PyObject *args)
{
    (void)self;
    double capacity, cycles, years, kwh;
    if (!PyArg_ParseTuple(args, "ddd:battery_lifetime_energy", &capacity, &cycles, &years))
        return NULL;
    pcf_error err;
    pcf_status st = pcf_battery_lifetime_energy(capacity, cycles, years, &kwh, &err);
    if (st != PCF_OK)
        return pcfpy_raise_status(st, &err);
    return PyFloat_FromDouble(kwh);
}

/* _battery_declare(model, result, db=None) -> BatteryDecl. Locks the model, then the db (the
 * order Model.calculate takes them in); the result is immutable. */
static PyObject *py_battery_declare(PyObject *self, PyObject *args, PyObject *kwds)
{
    (void)self;
    static char *kwlist[] = {KW("model"), KW("result"), KW("db"), NULL};
    PyObject *model_obj, *result_obj, *db_obj = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O!O!|O:_battery_declare", kwlist,
                                     &pcfpy_Model_Type, &model_obj, &pcfpy_Result_Type, &result_obj,
                                     &db_obj))
        return NULL;
    pcfpy_handle *model = (pcfpy_handle *)model_obj, *result = (pcfpy_handle *)result_obj, *db;
    if (pcfpy_db_arg(db_obj, &db) < 0 || pcfpy_handle_acquire(model) < 0)
        return NULL;
    if (pcfpy_handle_acquire(result) < 0) {
        pcfpy_handle_release(model);
        return NULL;
    }
    if (db && pcfpy_handle_acquire(db) < 0) {
        pcfpy_handle_release(result);
        pcfpy_handle_release(model);
        return NULL;
    }
    pcf_diag *diag = NULL;
    pcf_battery_decl *decl = NULL;
    pcf_error err;
    pcf_status st = pcf_diag_create(&diag);
    if (st == PCF_OK) {
        PyThreadState *ts = PyEval_SaveThread();
        st = pcf_battery_declare(model->ptr, result->ptr, db ? db->ptr : NULL, diag, &decl, &err);
        PyEval_RestoreThread(ts);
    }
    if (db)
        pcfpy_handle_release(db);
    pcfpy_handle_release(result);
    pcfpy_handle_release(model);
    if (!diag)
        return PyErr_NoMemory();
    if (st != PCF_OK) {
        pcfpy_raise_with_diag(st, &err, diag);
        pcf_diag_destroy(diag);
        return NULL;
    }
    PyObject *diagnostics = pcfpy_diag_list(diag);
    pcf_diag_destroy(diag);
    if (!diagnostics) {
        pcf_battery_decl_destroy(decl);
        return NULL;
    }
    return pcfpy_handle_new(&pcfpy_BatteryDecl_Type, &battery_decl_kind, decl, diagnostics);
}

PyMethodDef pcfpy_regime_functions[] = {
    {"_cbam_calculate", METH_KW(py_cbam_calculate),
     "_cbam_calculate(json=None, path=None, db=None, year=0, filename=None)\n--\n\n"
     "_cbam_calculate(...) -> C CbamResult (pcf_cbam_read_*, pcf_cbam_calculate)."},
    {"_cbam_validate", METH_KW(py_cbam_validate),
     "_cbam_validate(json, filename=None)\n--\n\n"
     "_cbam_validate(json, filename=None) -> list of problem dicts ([] when valid)."},
    {"cbam_sector", py_cbam_sector, METH_VARARGS,
     "cbam_sector(cn_code, /)\n--\n\n"
     "cbam_sector(cn_code) -> the CBAM sector of a CN code (4 to 8 digits): 'cement', "
     "'iron_steel', 'aluminium', 'fertilisers', 'hydrogen' or 'electricity'. Raises NotFound "
     "for a code that is not a CBAM good (Regulation (EU) 2023/956, Annex I)."},
    {"cbam_markup", py_cbam_markup, METH_VARARGS,
     "cbam_markup(sector, year, /)\n--\n\n"
     "cbam_markup(sector, year) -> the mark-up on default values used in that year, as a "
     "fraction (0.1 = +10 %). Raises DataMissing where pcf ships none (fertilisers, electricity, "
     "years before 2026): the document must then give 'markup' and 'markup_source'."},
    {"battery_lifetime_energy", py_battery_lifetime_energy, METH_VARARGS,
     "battery_lifetime_energy(capacity_kwh, cycles_per_year, years, /)\n--\n\n"
     "battery_lifetime_energy(capacity_kwh, cycles_per_year, years) -> kWh the battery provides "
     "over its service life (capacity × cycles per year × years)."},
    {"_battery_declare", METH_KW(py_battery_declare),
     "_battery_declare(model, result, db=None)\n--\n\n"
     "_battery_declare(model, result, db=None) -> C BatteryDecl (pcf_battery_declare)."},
    {NULL, NULL, 0, NULL},
};
