/*
 * The simulation's compiled kernels: loops over the agent tables that numpy would spread over
 * dozens of whole-column calls, each paying its dispatch on a table of a thousand rows.
 *
 * Each kernel does exactly what the numpy code it replaced did, on the same integer types, so the
 * state hashes did not move. Python calls them through game.sim.kernels, which documents each;
 * the arrays are numpy columns passed through the buffer protocol (no numpy headers needed), and
 * every argument's type, length and every index read is checked, so a wrong call raises a
 * ValueError instead of touching memory it should not.
 *
 * Built by tools/packaging/native.py (the wheel's build hook, `python main.py`'s first run, or by
 * hand); NATIVE_SOURCE_DIGEST is this file's digest at the build.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#ifndef NATIVE_SOURCE_DIGEST
#define NATIVE_SOURCE_DIGEST ""
#endif

/* One array argument: its buffer and what it must be. */
typedef struct {
    Py_buffer view;
    int held;
} Array;

/* Acquire `obj` as a C-contiguous one-dimensional array of `itemsize`-byte items of `kind`
 * ('i' signed integer, '?' bool), writable if asked, of `length` items (or any, if -1). */
static int take(PyObject *obj, Array *array, const char *name, char kind, Py_ssize_t itemsize, int writable, Py_ssize_t length) {
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, &array->view, flags) != 0) {
        PyErr_Format(PyExc_ValueError, "%s: expected a contiguous%s array", name, writable ? " writable" : "");
        return 0;
    }
    array->held = 1;
    const char *format = array->view.format ? array->view.format : "B";
    if (*format == '<' || *format == '=' || *format == '@') format++;
    int kind_ok = kind == '?' ? strcmp(format, "?") == 0 : (strlen(format) == 1 && strchr("bhilq", format[0]) != NULL);
    if (!kind_ok || array->view.itemsize != itemsize || array->view.ndim > 1) {
        PyErr_Format(PyExc_ValueError, "%s: expected a one-dimensional array of %zd-byte %s", name, itemsize,
                     kind == '?' ? "bools" : "integers");
        return 0;
    }
    Py_ssize_t items = array->view.len / itemsize;
    if (length >= 0 && items != length) {
        PyErr_Format(PyExc_ValueError, "%s: expected %zd items, got %zd", name, length, items);
        return 0;
    }
    return 1;
}

static void release(Array *arrays, int count) {
    for (int i = 0; i < count; i++) {
        if (arrays[i].held) PyBuffer_Release(&arrays[i].view);
        arrays[i].held = 0;
    }
}

static Py_ssize_t items(const Array *array) { return array->view.len / array->view.itemsize; }

static int32_t clamp32(int32_t value, int32_t low, int32_t high) { return value < low ? low : value > high ? high : value; }

/*
 * move(x, y, px, py, tx, ty, timer, speed, walking, water, width, due) -> int
 *
 * Every agent steps towards its target (tx, ty) by at most speed tiles along each axis, from
 * (x, y), which (px, py) keep. A walker (walking) whose step ends in water (the flat bool map
 * `water`, `width` tiles wide) keeps the step's y part alone if the x part alone ends in water and
 * the y part alone does not, else keeps its x part alone if that is dry, else stays. Each timer
 * counts down one. The rows that stand on their target or whose timer ran out are written to
 * `due` (int64, room for every row) in row order; returns how many.
 */
static PyObject *move(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (nargs != 12) {
        PyErr_SetString(PyExc_TypeError, "move() takes 12 arguments");
        return NULL;
    }
    Py_ssize_t width = PyLong_AsSsize_t(args[10]);
    if (width == -1 && PyErr_Occurred()) return NULL;
    Array a[11] = {0};
    PyObject *result = NULL;
    if (!take(args[0], &a[0], "x", 'i', 4, 1, -1)) goto done;
    Py_ssize_t n = items(&a[0]);
    static const char *names[] = {"x", "y", "px", "py", "tx", "ty", "timer", "speed"};
    static const int writable[] = {1, 1, 1, 1, 0, 0, 1, 0};
    for (int i = 1; i < 8; i++)
        if (!take(args[i], &a[i], names[i], 'i', 4, writable[i], n)) goto done;
    if (!take(args[8], &a[8], "walking", '?', 1, 0, n)) goto done;
    if (!take(args[9], &a[9], "water", '?', 1, 0, -1)) goto done;
    if (!take(args[11], &a[10], "due", 'i', 8, 1, -1)) goto done;
    if (items(&a[10]) < n) {
        PyErr_Format(PyExc_ValueError, "due: room for %zd rows needed, got %zd", n, items(&a[10]));
        goto done;
    }
    Py_ssize_t tiles = items(&a[9]);
    if (width <= 0 || tiles % width != 0) {
        PyErr_Format(PyExc_ValueError, "width %zd does not divide the water map's %zd tiles", width, tiles);
        goto done;
    }
    Py_ssize_t height = tiles / width;
    int32_t *x = a[0].view.buf, *y = a[1].view.buf, *px = a[2].view.buf, *py = a[3].view.buf, *timer = a[6].view.buf;
    const int32_t *tx = a[4].view.buf, *ty = a[5].view.buf, *speed = a[7].view.buf;
    const char *walking = a[8].view.buf, *water = a[9].view.buf;
    int64_t *due = a[10].view.buf;
    Py_ssize_t count = 0, outside = -1;
    for (Py_ssize_t i = 0; i < n; i++) {
        int32_t from_x = x[i], from_y = y[i], reach = speed[i];
        px[i] = from_x;
        py[i] = from_y;
        int32_t to_x = from_x + clamp32(tx[i] - from_x, -reach, reach);
        int32_t to_y = from_y + clamp32(ty[i] - from_y, -reach, reach);
        if (walking[i]) {
            if (to_x < 0 || to_x >= width || to_y < 0 || to_y >= height || from_x < 0 || from_x >= width || from_y < 0 || from_y >= height) {
                outside = i;
                break;
            }
            if (water[to_y * width + to_x]) {
                int x_blocked = water[from_y * width + to_x] != 0;  /* the x part of the step alone ends in water too */
                int y_kept = x_blocked && !water[to_y * width + from_x];  /* then keep the y part if that is dry */
                if (x_blocked) to_x = from_x;
                if (!y_kept) to_y = from_y;
            }
        }
        x[i] = to_x;
        y[i] = to_y;
        int32_t left = --timer[i];
        if ((to_x == tx[i] && to_y == ty[i]) || left <= 0) due[count++] = i;
    }
    if (outside >= 0)
        PyErr_Format(PyExc_ValueError, "walker row %zd steps off the %zdx%zd map", outside, width, height);
    else
        result = PyLong_FromSsize_t(count);
done:
    release(a, 11);
    return result;
}

static PyMethodDef methods[] = {
    {"move", (PyCFunction)(void (*)(void))move, METH_FASTCALL, "Step every agent towards its target (see game.sim.kernels)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef native_module = {
    PyModuleDef_HEAD_INIT, "game.sim._native", "The simulation's compiled kernels (see game.sim.kernels).", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__native(void) {
    PyObject *module = PyModule_Create(&native_module);
    if (module != NULL && PyModule_AddStringConstant(module, "SOURCE_DIGEST", NATIVE_SOURCE_DIGEST) != 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
