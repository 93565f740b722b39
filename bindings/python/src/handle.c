/*
 * pcf._pcf — the one lifecycle of every Python type: creation, acquire/release around a use,
 * close(), with-blocks, `closed`, dealloc (see pcfpy.h). GPL-3.0-or-later; see LICENSE.
 */
#include "pcfpy.h"

/*
 * Takes @p lock without ever blocking while holding the GIL: try first, else wait with the GIL
 * released (another thread may hold the lock while working with the GIL released).
 * PyEval_SaveThread()/PyEval_RestoreThread() are what Py_BEGIN/END_ALLOW_THREADS expand to,
 * written out so that clang-format can lay the code out.
 */
static void lock_take(PyThread_type_lock lock)
{
    if (PyThread_acquire_lock(lock, NOWAIT_LOCK))
        return;
    PyThreadState *ts = PyEval_SaveThread();
    PyThread_acquire_lock(lock, WAIT_LOCK);
    PyEval_RestoreThread(ts);
}

PyObject *pcfpy_handle_new(PyTypeObject *type, const pcfpy_kind *kind, void *ptr,
                           PyObject *diagnostics)
{
    pcfpy_handle *h = (pcfpy_handle *)type->tp_alloc(type, 0);
    if (!h) {
        kind->destroy(ptr);
        Py_XDECREF(diagnostics);
        return NULL;
    }
    h->kind = kind;
    h->diagnostics = diagnostics;
    if (kind->locked) {
        h->lock = PyThread_allocate_lock();
        if (!h->lock) {
            kind->destroy(ptr);
            Py_DECREF(h);
            return PyErr_NoMemory();
        }
    }
    h->ptr = ptr;
    return (PyObject *)h;
}

void pcfpy_handle_dealloc(PyObject *self)
{
    pcfpy_handle *h = (pcfpy_handle *)self;
    if (h->ptr)
        h->kind->destroy(h->ptr);
    if (h->lock)
        PyThread_free_lock(h->lock);
    Py_CLEAR(h->diagnostics);
    Py_TYPE(self)->tp_free(self);
}

int pcfpy_handle_acquire(pcfpy_handle *h)
{
    if (h->lock)
        lock_take(h->lock);
    if (h->closed) {
        if (h->lock)
            PyThread_release_lock(h->lock);
        pcfpy_raise_closed(h->kind->name);
        return -1;
    }
    if (!h->lock)
        h->users++;
    return 0;
}

void pcfpy_handle_release(pcfpy_handle *h)
{
    if (h->lock) {
        PyThread_release_lock(h->lock);
        return;
    }
    if (--h->users == 0 && h->closed) { /* close() came meanwhile: the last user frees */
        h->kind->destroy(h->ptr);
        h->ptr = NULL;
    }
}

void *pcfpy_handle_get(pcfpy_handle *h)
{
    if (h->closed)
        return pcfpy_raise_closed(h->kind->name);
    return h->ptr;
}

PyObject *pcfpy_handle_close(PyObject *self, PyObject *noargs)
{
    (void)noargs;
    pcfpy_handle *h = (pcfpy_handle *)self;
    if (h->lock)
        lock_take(h->lock);
    h->closed = 1;
    if (h->users == 0) {
        h->kind->destroy(h->ptr);
        h->ptr = NULL;
    }
    if (h->lock)
        PyThread_release_lock(h->lock);
    Py_RETURN_NONE;
}

PyObject *pcfpy_handle_enter(PyObject *self, PyObject *noargs)
{
    (void)noargs;
    pcfpy_handle *h = (pcfpy_handle *)self;
    if (h->closed)
        return pcfpy_raise_closed(h->kind->name);
    return Py_NewRef(self);
}

PyObject *pcfpy_handle_exit(PyObject *self, PyObject *args)
{
    (void)args;
    return pcfpy_handle_close(self, NULL);
}

PyObject *pcfpy_handle_get_closed(PyObject *self, void *closure)
{
    (void)closure;
    return PyBool_FromLong(((pcfpy_handle *)self)->closed);
}

PyObject *pcfpy_handle_get_diagnostics(PyObject *self, void *closure)
{
    (void)closure;
    PyObject *d = ((pcfpy_handle *)self)->diagnostics;
    return d ? Py_NewRef(d) : PyList_New(0);
}
