/*
 * pcf._pcf — internals shared by the files of the CPython extension under the package `pcf`.
 * GPL-3.0-or-later; see LICENSE.
 *
 * One file per Python type (db.c, model.c, system.c, result.c, mc.c, lci.c; regime.c holds the
 * two regime results), the module-level functions (functions.c, pact.c, regime.c, lci.c), the
 * exception classes (errors.c), argument helpers (args.c) and the one handle helper every type is
 * built on (handle.c). Names shared between files start `pcfpy_`; everything else is static to its
 * file.
 */
#ifndef PCFPY_H
#define PCFPY_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <pythread.h>

#include <pcf/pcf.h>

/* Keyword lists: Python 3.11 takes char *[]; string literals are const under -Wwrite-strings. */
#define KW(s) ((char *)(s))

/* A PyMethodDef's function and flags for a METH_VARARGS | METH_KEYWORDS method. */
#define METH_KW(f) (PyCFunction)(void (*)(void))(f), METH_VARARGS | METH_KEYWORDS

/* ---------------------------------------------------------------- handles (handle.c) */

/*
 * Every Python type of the module wraps one C handle. What differs between them is described by a
 * kind; the lifecycle (close, with-blocks, closed, dealloc) is written once in handle.c.
 *
 * A *locked* kind (pcf_db, pcf_model: one thread at a time in C) carries a PyThread lock, taken
 * by pcfpy_handle_acquire() without blocking while the GIL is held. An *immutable* kind
 * (pcf_system, pcf_result, pcf_mc) has no lock: many threads may use it at once with the GIL
 * released; acquire counts them, and close() meanwhile only marks it closed, the last user
 * freeing it. A closed handle raises ValueError, like a closed file.
 */
typedef struct {
    const char *name;           /* "Db": in messages ("closed pcf.Db") */
    void (*destroy)(void *ptr); /* the C destructor; NULL-safe */
    int locked;                 /* 1: one thread at a time; 0: immutable */
} pcfpy_kind;

typedef struct {
    PyObject_HEAD void *ptr; /* the C handle; NULL once destroyed */
    const pcfpy_kind *kind;  /* set at creation */
    PyThread_type_lock lock; /* locked kinds only */
    int users;               /* immutable kinds: uses in progress (changed with the GIL held) */
    int closed;              /* close() was called */
    PyObject *diagnostics;   /* System, Result: warnings and notes of resolution (list of
                                dicts), kept after close(); NULL for the other kinds */
} pcfpy_handle;

/* A new object of @p type (whose instances are a pcfpy_handle) owning @p ptr and the reference
 * @p diagnostics (may be NULL), both taken over: dropped (kind->destroy) on failure. */
PyObject *pcfpy_handle_new(PyTypeObject *type, const pcfpy_kind *kind, void *ptr,
                           PyObject *diagnostics);

/* tp_dealloc of every type. */
void pcfpy_handle_dealloc(PyObject *self);

/* Takes the handle for one use: its lock (locked kinds) or a user count (immutable ones).
 * 0, or -1 with ValueError set when the handle is closed (nothing held then). GIL held. */
int pcfpy_handle_acquire(pcfpy_handle *h);

/* Ends the use begun by pcfpy_handle_acquire(). GIL held. */
void pcfpy_handle_release(pcfpy_handle *h);

/* The C handle of an immutable kind for use while the GIL stays held, or NULL with ValueError
 * when closed. */
void *pcfpy_handle_get(pcfpy_handle *h);

/* The shared methods and getter; PCFPY_HANDLE_METHODS and PCFPY_HANDLE_GETSET put them in a
 * type's tables. */
PyObject *pcfpy_handle_close(PyObject *self, PyObject *noargs);
PyObject *pcfpy_handle_enter(PyObject *self, PyObject *noargs);
PyObject *pcfpy_handle_exit(PyObject *self, PyObject *args);
PyObject *pcfpy_handle_get_closed(PyObject *self, void *closure);
PyObject *pcfpy_handle_get_diagnostics(PyObject *self, void *closure);

/*
 * The body of most methods: acquires handle @p h, evaluates @p call (a pcf_status expression that
 * may use `err`, a pcf_error *), releases @p h, and returns NULL from the enclosing function with
 * the pcf.Error raised when the call failed. PCFPY_CALL_NOGIL releases the GIL around the call,
 * for work that may take a while (database queries, files).
 */
#define PCFPY_CALL_(h, call, nogil)                                                                \
    do {                                                                                           \
        if (pcfpy_handle_acquire(h) < 0)                                                           \
            return NULL;                                                                           \
        pcf_error err_;                                                                            \
        pcf_error *err = &err_;                                                                    \
        PyThreadState *ts_ = (nogil) ? PyEval_SaveThread() : NULL;                                 \
        pcf_status st_ = (call);                                                                   \
        if (ts_)                                                                                   \
            PyEval_RestoreThread(ts_);                                                             \
        pcfpy_handle_release(h);                                                                   \
        if (st_ != PCF_OK)                                                                         \
            return pcfpy_raise_status(st_, err);                                                   \
    } while (0)
#define PCFPY_CALL(h, call)       PCFPY_CALL_(h, call, 0)
#define PCFPY_CALL_NOGIL(h, call) PCFPY_CALL_(h, call, 1)

#define PCFPY_HANDLE_METHODS(close_doc)                                                            \
    {"close", pcfpy_handle_close, METH_NOARGS, "close($self, /)\n--\n\n" close_doc},               \
        {"__enter__", pcfpy_handle_enter, METH_NOARGS, NULL},                                      \
    {                                                                                              \
        "__exit__", pcfpy_handle_exit, METH_VARARGS, NULL                                          \
    }

#define PCFPY_HANDLE_GETSET                                                                        \
    {                                                                                              \
        "closed", pcfpy_handle_get_closed, NULL, "True once close() was called.", NULL             \
    }

#define PCFPY_HANDLE_DIAGNOSTICS                                                                   \
    {                                                                                              \
        "diagnostics", pcfpy_handle_get_diagnostics, NULL,                                         \
            "Warnings and notes of resolution (region fallbacks, ...), as dicts.", NULL            \
    }

/* ---------------------------------------------------------------- types */

extern PyTypeObject pcfpy_Db_Type;
extern PyTypeObject pcfpy_Model_Type;
extern PyTypeObject pcfpy_System_Type;
extern PyTypeObject pcfpy_Result_Type;
extern PyTypeObject pcfpy_Mc_Type;
extern PyTypeObject pcfpy_CbamResult_Type;
extern PyTypeObject pcfpy_BatteryDecl_Type;
extern PyTypeObject pcfpy_Lci_Type;

/* A db= argument: *out the pcf.Db @p o (not yet acquired), or NULL for None. 0, or -1 with
 * TypeError. */
int pcfpy_db_arg(PyObject *o, pcfpy_handle **out);
/* A db argument that must be given: *out the pcf.Db @p o (not yet acquired). 0, or -1 with a
 * TypeError naming @p what (the function). */
int pcfpy_db_required(PyObject *o, const char *what, pcfpy_handle **out);

/* New objects taking over a C handle and a reference to the list of resolution diagnostics
 * (both dropped on failure). NULL with an exception on failure. */
PyObject *pcfpy_system_new(pcf_system *sys, PyObject *diagnostics);
PyObject *pcfpy_result_new(pcf_result *result, PyObject *diagnostics);
PyObject *pcfpy_mc_new(pcf_mc *mc);

/* ---------------------------------------------------------------- errors (errors.c) */

/* Raises the pcf.Error subclass for @p st with @p err's message and location; returns NULL. */
PyObject *pcfpy_raise_status(pcf_status st, const pcf_error *err);

/* pcfpy_raise_status, then attaches @p diag's entries as exc.problems. Returns NULL. */
PyObject *pcfpy_raise_with_diag(pcf_status st, const pcf_error *err, const pcf_diag *diag);

/* ValueError "I/O operation on a closed pcf.<what>"; returns NULL. */
PyObject *pcfpy_raise_closed(const char *what);

/* The diagnostics list as a Python list of dicts (severity, code, status, message, file, path,
 * line, column). */
PyObject *pcfpy_diag_list(const pcf_diag *diag);

/* Builds pcf.Error and one subclass per pcf_status and adds them to module @p m. 0 or -1. */
int pcfpy_make_errors(PyObject *m);

/* ---------------------------------------------------------------- arguments (args.c) */

/* Sets d[key] = v and drops v; -1 when v is NULL or the set fails. */
int pcfpy_put(PyObject *d, const char *key, PyObject *v);

/* A list of @p n floats copied from @p x (NULL with the exception set on failure). */
PyObject *pcfpy_doubles_list(const double *x, size_t n);

/* Wraps a writer's caller-owned text (freed here) as str, or raises for @p st. */
PyObject *pcfpy_text_out(pcf_status st, char *text, const pcf_error *err);

/* Finds @p text among name(0..n-1); 0 and *out set, or -1 with InvalidArgument naming the
 * choices. */
int pcfpy_parse_enum(const char *what, const char *text, const char *(*name)(int), int n, int *out);
const char *pcfpy_stage_name(int i);
const char *pcfpy_boundary_name(int i);
const char *pcfpy_recycling_name(int i);
const char *pcfpy_dist_name(int i);

/* A stage name or NULL (-> *stage -1: the total). 0 or -1. */
int pcfpy_parse_stage_opt(const char *text, int *stage);

/* None, a dimension name ("mass") or a unit ("kg": its dimension). 0 or -1. */
int pcfpy_parse_dimension(PyObject *o, pcf_dimension *out);

/* A GWP set name, or None -> 0 ("the model's own"). 0 or -1. */
int pcfpy_parse_gwp_opt(PyObject *o, pcf_gwp_set *out);

/* A gas (skipped when @p gas_text is NULL) and a GWP set name. 0 or -1. */
int pcfpy_parse_gas_set(const char *gas_text, const char *set_text, pcf_gas *gas, pcf_gwp_set *set);

/* None -> NaN ("not given"), else a float. 0 or -1. */
int pcfpy_opt_double(PyObject *o, double *out);

/* ---------------------------------------------------------------- PACT (pact.c) */

/* Reads a PACT document; NULL with the exception (and .problems) set on failure. */
pcf_pact_footprint *pcfpy_pact_read(const char *json);

/* ---------------------------------------------------------------- module functions */

/* Tables of module-level functions, added by module.c: units, GWP, numbers, database paths,
 * pedigree, names (functions.c); PACT documents (pact.c). */
extern PyMethodDef pcfpy_functions[];
extern PyMethodDef pcfpy_pact_functions[];
/* CBAM and the EU battery declaration (regime.c). */
extern PyMethodDef pcfpy_regime_functions[];
/* lci_import, lci_info, lci_open (lci.c). */
extern PyMethodDef pcfpy_lci_functions[];

#endif
