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
#include <stdlib.h>
#include <string.h>

#ifndef NATIVE_SOURCE_DIGEST
#define NATIVE_SOURCE_DIGEST ""
#endif

/* One array argument: its buffer and what it must be. */
typedef struct {
    Py_buffer view;
    int held;
} Array;

/* Acquire `obj` as a C-contiguous array of `itemsize`-byte items of `kind` ('i' signed integer,
 * '?' bool), writable if asked, of `length` items in all (or any, if -1); the kernels read a
 * table of several dimensions as its rows one after another. */
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
    if (!kind_ok || array->view.itemsize != itemsize) {
        PyErr_Format(PyExc_ValueError, "%s: expected an array of %zd-byte %s", name, itemsize,
                     kind == '?' ? "bools" : "integers");
        return 0;
    }
    Py_ssize_t got = array->view.len / itemsize;
    if (length >= 0 && got != length) {
        PyErr_Format(PyExc_ValueError, "%s: expected %zd items, got %zd", name, length, got);
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

/* What one array argument must be: its name, item kind and size, whether it is written, and its
 * length group: arguments of one group ('a'...'z') have one length, set by the group's first;
 * '*' is any length. */
typedef struct {
    const char *name;
    char kind;
    Py_ssize_t itemsize;
    int writable;
    char group;
} Spec;

/* Acquire args[0..count) as `specs` say, checking the length groups; fill lengths['a'..'z']. */
static int take_all(PyObject *const *args, const Spec *specs, int count, Array *arrays, Py_ssize_t *lengths) {
    for (int g = 0; g < 26; g++) lengths[g] = -1;
    for (int i = 0; i < count; i++) {
        const Spec *spec = &specs[i];
        Py_ssize_t *group = spec->group == '*' ? NULL : &lengths[spec->group - 'a'];
        if (!take(args[i], &arrays[i], spec->name, spec->kind, spec->itemsize, spec->writable, group ? *group : -1)) return 0;
        if (group && *group < 0) *group = items(&arrays[i]);
    }
    return 1;
}

/* One kernel call's arguments: `count` arrays as `specs` say (their length groups in `lengths`),
 * then `int_count` integers into `ints`; 0, with the exception set, when the call is wrong. */
static int parse(PyObject *const *args, Py_ssize_t nargs, const char *kernel, const Spec *specs, int count, Array *arrays,
                 Py_ssize_t *lengths, long long *ints, int int_count) {
    if (nargs != count + int_count) {
        PyErr_Format(PyExc_TypeError, "%s() takes %d arguments", kernel, count + int_count);
        return 0;
    }
    for (int i = 0; i < int_count; i++) {
        ints[i] = PyLong_AsLongLong(args[count + i]);
        if (ints[i] == -1 && PyErr_Occurred()) return 0;
    }
    return take_all(args, specs, count, arrays, lengths);
}

/* Whether every one of `count` indices lies in [0, bound). */
static int in_range64(const int64_t *index, Py_ssize_t count, Py_ssize_t bound) {
    for (Py_ssize_t i = 0; i < count; i++)
        if (index[i] < 0 || index[i] >= bound) return 0;
    return 1;
}

static int in_range32(const int32_t *index, Py_ssize_t count, Py_ssize_t bound) {
    for (Py_ssize_t i = 0; i < count; i++)
        if (index[i] < 0 || index[i] >= bound) return 0;
    return 1;
}

static inline int32_t clamp32(int32_t value, int32_t low, int32_t high) { return value < low ? low : value > high ? high : value; }

/*
 * move(x, y, px, py, tx, ty, timer, speed, walking, water, due, width) -> int
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
    enum { COUNT = 11 };
    static const Spec specs[COUNT] = {
        {"x", 'i', 4, 1, 'n'}, {"y", 'i', 4, 1, 'n'}, {"px", 'i', 4, 1, 'n'}, {"py", 'i', 4, 1, 'n'}, {"tx", 'i', 4, 0, 'n'},
        {"ty", 'i', 4, 0, 'n'}, {"timer", 'i', 4, 1, 'n'}, {"speed", 'i', 4, 0, 'n'}, {"walking", '?', 1, 0, 'n'},
        {"water", '?', 1, 0, '*'}, {"due", 'i', 8, 1, '*'},
    };
    Array a[COUNT] = {0};
    Py_ssize_t lengths[26];
    long long ints[1];
    PyObject *result = NULL;
    if (!parse(args, nargs, "move", specs, COUNT, a, lengths, ints, 1)) goto done;
    Py_ssize_t n = lengths['n' - 'a'], width = (Py_ssize_t)ints[0];
    if (items(&a[10]) < n) {
        PyErr_Format(PyExc_ValueError, "move: due: room for %zd rows needed, got %zd", n, items(&a[10]));
        goto done;
    }
    Py_ssize_t tiles = items(&a[9]);
    if (width <= 0 || tiles % width != 0) {
        PyErr_Format(PyExc_ValueError, "move: width %zd does not divide the water map's %zd tiles", width, tiles);
        goto done;
    }
    Py_ssize_t height = tiles / width;
    int32_t *x = a[0].view.buf, *y = a[1].view.buf, *px = a[2].view.buf, *py = a[3].view.buf, *timer = a[6].view.buf;
    const int32_t *tx = a[4].view.buf, *ty = a[5].view.buf, *speed = a[7].view.buf;
    const char *walking = a[8].view.buf, *water = a[9].view.buf;
    int64_t *due = a[10].view.buf;
    Py_ssize_t count = 0, outside = -1;
    /* (branch-free where the outcome varies from row to row, so that a table of 100,000 agents streams through) */
    for (Py_ssize_t i = 0; i < n; i++) {
        int32_t from_x = x[i], from_y = y[i], reach = speed[i];
        px[i] = from_x;
        py[i] = from_y;
        int32_t to_x = from_x + clamp32(tx[i] - from_x, -reach, reach);
        int32_t to_y = from_y + clamp32(ty[i] - from_y, -reach, reach);
        if (walking[i]) {
            if (((uint64_t)(uint32_t)to_x >= (uint64_t)width) | ((uint64_t)(uint32_t)to_y >= (uint64_t)height) |
                ((uint64_t)(uint32_t)from_x >= (uint64_t)width) | ((uint64_t)(uint32_t)from_y >= (uint64_t)height)) {
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
        int32_t left = timer[i] - 1;
        timer[i] = left;
        due[count] = i;  /* kept only if it is due: the next row's index goes over it otherwise */
        count += ((to_x == tx[i]) & (to_y == ty[i])) | (left <= 0);
    }
    if (outside >= 0)
        PyErr_Format(PyExc_ValueError, "move: walker row %zd steps off the %zdx%zd map", outside, width, height);
    else
        result = PyLong_FromSsize_t(count);
done:
    release(a, COUNT);
    return result;
}

/*
 * share_power(net_supply, siphoned, demand_milli, divisor, dark_below, fuel_per_network, served, dark, load,
 *             row_networks, rated_rows, broken, row_supply, row_demand,
 *             supply_kw, demand_kw, served_permille, served_day_sum, output_permille,
 *             producers, producer_networks, producer_supply, rated) -> (fuel_load, delivered_milli, dark_count)
 *
 * One tick's share-out of every network's supply among its demand (game.sim.systems.power.run):
 * per network (the first nine arguments) its usable supply, net of what taps siphon, serves its
 * demand up to 1000 thousandths (`served`), sets how hard its plants work (`load`, thousandths of
 * their usable supply) and whether it is dark (`dark`: served below the blackout line); per
 * building row the table's columns take the row's supply and demand, its served share (1000 for a
 * building rated to draw nothing, 0 for one in `broken`, sabotaged), the day's served tally, and
 * for each producer its output. Returns the fuel plants' load summed over their networks
 * (weighted by `fuel_per_network`), the thousandths of kW delivered in all, and the dark count.
 */
static PyObject *share_power(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    enum { COUNT = 23 };
    static const Spec specs[COUNT] = {
        {"net_supply", 'i', 8, 0, 'm'}, {"siphoned", 'i', 8, 0, 'm'}, {"demand_milli", 'i', 8, 0, 'm'},
        {"divisor", 'i', 8, 0, 'm'}, {"dark_below", 'i', 8, 0, 'm'}, {"fuel_per_network", 'i', 8, 0, 'm'},
        {"served", 'i', 4, 1, 'm'}, {"dark", '?', 1, 1, 'm'}, {"load", 'i', 8, 1, 'm'},
        {"row_networks", 'i', 4, 0, 'n'}, {"rated_rows", '?', 1, 0, 'n'}, {"broken", 'i', 8, 0, '*'},
        {"row_supply", 'i', 8, 0, 'n'}, {"row_demand", 'i', 8, 0, 'n'},
        {"supply_kw", 'i', 8, 1, 'n'}, {"demand_kw", 'i', 8, 1, 'n'}, {"served_permille", 'i', 4, 1, 'n'},
        {"served_day_sum", 'i', 8, 1, 'n'}, {"output_permille", 'i', 4, 1, 'n'},
        {"producers", 'i', 8, 0, 'p'}, {"producer_networks", 'i', 4, 0, 'p'}, {"producer_supply", 'i', 8, 0, 'p'},
        {"rated", 'i', 8, 0, 'p'},
    };
    Array a[COUNT] = {0};
    Py_ssize_t lengths[26];
    PyObject *result = NULL;
    if (!parse(args, nargs, "share_power", specs, COUNT, a, lengths, NULL, 0)) goto done;
    Py_ssize_t m = lengths['m' - 'a'], n = lengths['n' - 'a'], p = lengths['p' - 'a'], broken_count = items(&a[11]);
    const int64_t *net_supply = a[0].view.buf, *siphoned = a[1].view.buf, *demand_milli = a[2].view.buf;
    const int64_t *divisor = a[3].view.buf, *dark_below = a[4].view.buf, *fuel_per_network = a[5].view.buf;
    int32_t *served = a[6].view.buf;
    char *dark = a[7].view.buf;
    int64_t *load = a[8].view.buf;
    const int32_t *row_networks = a[9].view.buf;
    const char *rated_rows = a[10].view.buf;
    const int64_t *broken = a[11].view.buf, *row_supply = a[12].view.buf, *row_demand = a[13].view.buf;
    int64_t *supply_kw = a[14].view.buf, *demand_kw = a[15].view.buf, *served_day_sum = a[17].view.buf;
    int32_t *served_permille = a[16].view.buf, *output_permille = a[18].view.buf;
    const int64_t *producers = a[19].view.buf, *producer_supply = a[21].view.buf, *rated = a[22].view.buf;
    const int32_t *producer_networks = a[20].view.buf;
    if (!in_range32(row_networks, n, m) || !in_range32(producer_networks, p, m) || !in_range64(producers, p, n) ||
        !in_range64(broken, broken_count, n)) {
        PyErr_SetString(PyExc_ValueError, "share_power: a network or row index out of range");
        goto done;
    }
    for (Py_ssize_t k = 0; k < m; k++) if (divisor[k] <= 0) {
        PyErr_SetString(PyExc_ValueError, "share_power: a network's demand divisor is not positive");
        goto done;
    }
    int64_t fuel_load = 0, delivered_milli = 0, dark_count = 0;
    for (Py_ssize_t k = 0; k < m; k++) {
        int64_t usable = net_supply[k] - siphoned[k];
        if (usable < 0) usable = 0;
        int64_t usable_milli = usable * 1000;
        int64_t delivered = usable_milli < demand_milli[k] ? usable_milli : demand_milli[k];
        int64_t share = usable_milli / divisor[k];
        served[k] = (int32_t)(share < 1000 ? share : 1000);
        load[k] = delivered / (usable > 1 ? usable : 1);
        dark[k] = usable_milli < dark_below[k];
        dark_count += dark[k];
        fuel_load += fuel_per_network[k] * load[k];
        delivered_milli += delivered;
    }
    memcpy(supply_kw, row_supply, (size_t)n * sizeof(int64_t));
    memcpy(demand_kw, row_demand, (size_t)n * sizeof(int64_t));
    for (Py_ssize_t i = 0; i < n; i++) served_permille[i] = rated_rows[i] ? served[row_networks[i]] : 1000;
    for (Py_ssize_t j = 0; j < broken_count; j++) served_permille[broken[j]] = 0;  /* a sabotaged plant or hub works as if dark */
    for (Py_ssize_t i = 0; i < n; i++) served_day_sum[i] += served_permille[i];
    for (Py_ssize_t j = 0; j < p; j++)
        output_permille[producers[j]] = rated[j] > 0 ? (int32_t)(producer_supply[j] * load[producer_networks[j]] / rated[j]) : 0;
    result = Py_BuildValue("(LLL)", (long long)fuel_load, (long long)delivered_milli, (long long)dark_count);
done:
    release(a, COUNT);
    return result;
}

/*
 * emit_pollution(grid, centres, output_permille, plants, plant_emission, stored, landfills, landfill_emission,
 *                per_10k, cap) -> None
 *
 * One tick's smoke and stink (game.sim.systems.pollution.emit): each plant (`plants`, building
 * rows) adds to the flat pollution `grid` at its centre tile its emission at full output
 * (`plant_emission`) scaled by the thousandths it worked (`output_permille`, rounded down); each
 * landfill (`landfills`) adds its emission when empty (`landfill_emission`) and `per_10k` for each
 * 10,000 units it holds (`stored`, rounded down). `centres` holds the plants' tiles, then the
 * landfills'. A tile never goes above `cap`.
 */
static PyObject *emit_pollution(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    enum { COUNT = 8 };
    static const Spec specs[COUNT] = {
        {"grid", 'i', 4, 1, '*'}, {"centres", 'i', 8, 0, 'c'}, {"output_permille", 'i', 4, 0, 'n'}, {"plants", 'i', 8, 0, 'p'},
        {"plant_emission", 'i', 4, 0, 'p'}, {"stored", 'i', 8, 0, 'n'}, {"landfills", 'i', 8, 0, 'l'}, {"landfill_emission", 'i', 8, 0, 'l'},
    };
    Array a[COUNT] = {0};
    Py_ssize_t lengths[26];
    long long ints[2];
    PyObject *result = NULL;
    if (!parse(args, nargs, "emit_pollution", specs, COUNT, a, lengths, ints, 2)) goto done;
    long long per_10k = ints[0], cap = ints[1];
    Py_ssize_t tiles = items(&a[0]), n = lengths['n' - 'a'], p = lengths['p' - 'a'], l = lengths['l' - 'a'];
    int32_t *grid = a[0].view.buf;
    const int64_t *centres = a[1].view.buf, *plants = a[3].view.buf, *stored = a[5].view.buf, *landfills = a[6].view.buf;
    const int64_t *landfill_emission = a[7].view.buf;
    const int32_t *output = a[2].view.buf, *plant_emission = a[4].view.buf;
    if (lengths['c' - 'a'] != p + l || !in_range64(centres, p + l, tiles) || !in_range64(plants, p, n) || !in_range64(landfills, l, n)) {
        PyErr_SetString(PyExc_ValueError, "emit_pollution: a tile or row index out of range");
        goto done;
    }
    for (Py_ssize_t j = 0; j < p + l; j++) {
        int64_t added = j < p ? (int64_t)output[plants[j]] * plant_emission[j] / 1000
                              : landfill_emission[j - p] + stored[landfills[j - p]] * per_10k / 10000;
        int64_t level = grid[centres[j]] + added;
        grid[centres[j]] = (int32_t)(level < cap ? level : cap);
    }
    result = Py_NewRef(Py_None);
done:
    release(a, COUNT);
    return result;
}

/* A walker's row and its tile, for putting the walkers at a pile in tile order (ties: row order). */
typedef struct {
    int64_t tile, position;
} AtTile;

static int by_tile(const void *left, const void *right) {
    const AtTile *a = left, *b = right;
    return a->tile != b->tile ? (a->tile < b->tile ? -1 : 1) : (a->position < b->position ? -1 : a->position > b->position);
}

/*
 * pick_up(rows, x, y, owner, load, load_type, state, tx, ty, timer, waste, collectors, camps_x, camps_y,
 *         pick_orders, takes, hiding, width, carry, hazardous, home, home_timer) -> (picked, hidden)
 *
 * Walkers `rows` (ascending) standing at a pile pick it up (game.sim.systems.scavengers._pick_up):
 * one walker per tile, the first in row order. Its errand is 2 (collecting) if its tribe is of
 * the `collectors`, else 1 (smuggling) if it went for the `hazardous` type, else 0 (scrap); it
 * takes from the first waste type in its errand's row of `pick_orders` (3 errands x types, flat)
 * that `takes` allows and that lies on its tile of the flat `waste` planes (types x tiles), up to
 * `carry`, and loads it. A walker that found nothing gets timer 0 (it picks anew); one with
 * hazardous waste whose tribe does not collect is written to `hiding` (its caller sends it to a
 * cache); the rest head home: state `home`, target their tribe's camp, timer `home_timer`.
 * Returns the units picked in all and how many walkers hide.
 */
static PyObject *pick_up(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    enum { COUNT = 17 };
    static const Spec specs[COUNT] = {
        {"rows", 'i', 8, 0, '*'}, {"x", 'i', 4, 0, 'n'}, {"y", 'i', 4, 0, 'n'}, {"owner", 'i', 4, 0, 'n'},
        {"load", 'i', 4, 1, 'n'}, {"load_type", 'i', 1, 1, 'n'}, {"state", 'i', 1, 1, 'n'}, {"tx", 'i', 4, 1, 'n'},
        {"ty", 'i', 4, 1, 'n'}, {"timer", 'i', 4, 1, 'n'}, {"waste", 'i', 4, 1, '*'}, {"collectors", '?', 1, 0, 't'},
        {"camps_x", 'i', 4, 0, 't'}, {"camps_y", 'i', 4, 0, 't'}, {"pick_orders", 'i', 8, 0, 'o'}, {"takes", '?', 1, 0, 'o'},
        {"hiding", 'i', 8, 1, '*'},
    };
    Array a[COUNT] = {0};
    Py_ssize_t lengths[26];
    long long ints[5];
    PyObject *result = NULL;
    AtTile *walkers = NULL;
    if (!parse(args, nargs, "pick_up", specs, COUNT, a, lengths, ints, 5)) goto done;
    long long width = ints[0], carry = ints[1], hazardous = ints[2], home = ints[3], home_timer = ints[4];
    Py_ssize_t count = items(&a[0]), n = lengths['n' - 'a'], tribes = lengths['t' - 'a'], orders = lengths['o' - 'a'];
    Py_ssize_t cells = items(&a[10]);
    const int64_t *rows = a[0].view.buf, *pick_orders = a[14].view.buf;
    const int32_t *x = a[1].view.buf, *y = a[2].view.buf, *owner = a[3].view.buf, *camps_x = a[12].view.buf, *camps_y = a[13].view.buf;
    int32_t *load = a[4].view.buf, *tx = a[7].view.buf, *ty = a[8].view.buf, *timer = a[9].view.buf, *waste = a[10].view.buf;
    int8_t *load_type = a[5].view.buf, *state = a[6].view.buf;
    const char *collectors = a[11].view.buf, *takes = a[15].view.buf;
    int64_t *hiding = a[16].view.buf;
    Py_ssize_t types = orders / 3;
    if (orders != types * 3 || types == 0 || width <= 0 || cells % types != 0 || (cells / types) % width != 0 || items(&a[16]) < count ||
        !in_range64(rows, count, n) || !in_range64(pick_orders, orders, types)) {
        PyErr_SetString(PyExc_ValueError, "pick_up: the tables' shapes disagree (pick orders, waste planes, width, rows or room to hide)");
        goto done;
    }
    Py_ssize_t tiles = cells / types;
    walkers = PyMem_Malloc((size_t)(count > 0 ? count : 1) * sizeof(AtTile));
    if (walkers == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        int64_t row = rows[i];
        if (x[row] < 0 || x[row] >= width || y[row] < 0 || (int64_t)y[row] * width >= tiles || owner[row] < 0 || owner[row] >= tribes) {
            PyErr_Format(PyExc_ValueError, "pick_up: walker row %lld is off the map or of no tribe", (long long)row);
            goto done;
        }
        walkers[i].tile = (int64_t)y[row] * width + x[row];
        walkers[i].position = i;
    }
    qsort(walkers, (size_t)count, sizeof(AtTile), by_tile);
    int64_t picked = 0;
    Py_ssize_t hidden = 0;
    for (Py_ssize_t i = 0; i < count; i++) {
        if (i > 0 && walkers[i].tile == walkers[i - 1].tile) continue;  /* one walker per pile and tick */
        int64_t row = rows[walkers[i].position], tile = walkers[i].tile;
        int collecting = collectors[owner[row]] != 0;
        int errand = collecting ? 2 : load_type[row] == hazardous;
        const int64_t *order = pick_orders + errand * types;
        Py_ssize_t choice = 0;
        int64_t chosen = 0;
        for (Py_ssize_t k = 0; k < types; k++) {
            int64_t pile = takes[errand * types + k] ? waste[order[k] * tiles + tile] : 0;
            if (pile > 0) {
                choice = k;
                chosen = pile;
                break;
            }
        }
        int64_t amount = chosen < carry ? chosen : carry;
        waste[order[choice] * tiles + tile] -= (int32_t)amount;
        load[row] = (int32_t)amount;
        load_type[row] = (int8_t)order[choice];
        picked += amount;
        if (chosen <= 0) {
            timer[row] = 0;  /* an empty pile: pick another next tick */
        } else if (order[choice] == hazardous && !collecting) {
            hiding[hidden++] = row;
        } else {
            int32_t tribe = owner[row];
            state[row] = (int8_t)home;
            tx[row] = camps_x[tribe];
            ty[row] = camps_y[tribe];
            timer[row] = (int32_t)home_timer;
        }
    }
    result = Py_BuildValue("(Ln)", (long long)picked, hidden);
done:
    PyMem_Free(walkers);
    release(a, COUNT);
    return result;
}

/*
 * recycle(depot, capacity, accepted, accepted_starts, done, recycled, served, slots, divisor, rows, output_permille,
 *         max_tally) -> bool
 *
 * One tick of the plants (game.sim.systems.recycling.run): kind by kind, in order, the plants of a
 * kind take up to their power-scaled `capacity` from the depot piles they accept (`accepted`,
 * depot indices, kind k's from accepted_starts[k] to accepted_starts[k + 1]): all of them if
 * they hold no more, else in proportion to the piles, the units that do not divide evenly going
 * to the largest remainders, first pile first on ties (recycling.split_proportionally). `done`
 * gets each kind's units; each plant's output (`output_permille` at `rows`) is its served share
 * of its kind's work: served * done[slot] / divisor. If any kind worked, what left the depot is
 * added to the `recycled` tallies, which stop at `max_tally`. Returns whether any kind worked.
 */
static PyObject *recycle(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    enum { COUNT = 11 };
    static const Spec specs[COUNT] = {
        {"depot", 'i', 8, 1, 'd'}, {"capacity", 'i', 8, 0, 'k'}, {"accepted", 'i', 8, 0, '*'}, {"accepted_starts", 'i', 8, 0, '*'},
        {"done", 'i', 8, 1, 'k'}, {"recycled", 'i', 8, 1, 'd'}, {"served", 'i', 4, 0, 'p'}, {"slots", 'i', 8, 0, 'p'},
        {"divisor", 'i', 8, 0, 'p'}, {"rows", 'i', 8, 0, 'p'}, {"output_permille", 'i', 4, 1, '*'},
    };
    enum { MOST_PILES = 16 };
    Array a[COUNT] = {0};
    Py_ssize_t lengths[26];
    long long ints[1];
    PyObject *result = NULL;
    if (!parse(args, nargs, "recycle", specs, COUNT, a, lengths, ints, 1)) goto done;
    long long max_tally = ints[0];
    Py_ssize_t types = lengths['d' - 'a'], kinds = lengths['k' - 'a'], plants = lengths['p' - 'a'];
    int64_t *depot = a[0].view.buf, *done_by_kind = a[4].view.buf, *recycled = a[5].view.buf;
    const int64_t *capacity = a[1].view.buf, *accepted = a[2].view.buf, *starts = a[3].view.buf;
    const int64_t *slots = a[7].view.buf, *divisor = a[8].view.buf, *rows = a[9].view.buf;
    const int32_t *served = a[6].view.buf;
    int32_t *output = a[10].view.buf;
    int bad = items(&a[3]) != kinds + 1 || types > MOST_PILES || !in_range64(accepted, items(&a[2]), types) ||
              !in_range64(slots, plants, kinds) || !in_range64(rows, plants, items(&a[10]));
    for (Py_ssize_t k = 0; !bad && k < kinds; k++)
        bad = starts[k] < 0 || starts[k] > starts[k + 1] || starts[k + 1] > items(&a[2]) || starts[k + 1] - starts[k] > MOST_PILES;
    for (Py_ssize_t j = 0; !bad && j < plants; j++) bad = divisor[j] <= 0;
    if (bad) {
        PyErr_SetString(PyExc_ValueError, "recycle: the plants' tables disagree (accepted piles, slots, rows or divisors)");
        goto done;
    }
    int64_t before[MOST_PILES];
    memcpy(before, depot, (size_t)types * sizeof(int64_t));
    int worked = 0;
    for (Py_ssize_t k = 0; k < kinds; k++) {
        const int64_t *piles = accepted + starts[k];
        Py_ssize_t count = starts[k + 1] - starts[k];
        /* 128-bit sums and products: the plain Python this replaced had no overflow, and a save may hold piles near int64's end */
        __int128 total = 0;
        for (Py_ssize_t i = 0; i < count; i++) total += depot[piles[i]];
        int64_t amount = (__int128)capacity[k] < total ? capacity[k] : (int64_t)total;
        done_by_kind[k] = amount;
        if (amount <= 0) continue;
        worked = 1;
        if (amount >= total) {  /* room for everything: every pile goes */
            for (Py_ssize_t i = 0; i < count; i++) depot[piles[i]] = 0;
            continue;
        }
        int64_t taken[MOST_PILES], short_by = amount;
        __int128 remainder[MOST_PILES];
        char extra[MOST_PILES] = {0};
        for (Py_ssize_t i = 0; i < count; i++) {
            __int128 exact = (__int128)depot[piles[i]] * amount;
            taken[i] = (int64_t)(exact / total);
            remainder[i] = exact % total;
            short_by -= taken[i];
        }
        for (; short_by > 0; short_by--) {  /* the largest remainder not yet given one, first pile first on ties */
            Py_ssize_t best = -1;
            for (Py_ssize_t i = 0; i < count; i++)
                if (!extra[i] && (best < 0 || remainder[i] > remainder[best])) best = i;
            if (best < 0) break;  /* (cannot happen: fewer units are short than there are piles) */
            extra[best] = 1;
            taken[best] += 1;
        }
        for (Py_ssize_t i = 0; i < count; i++) depot[piles[i]] -= taken[i];
    }
    for (Py_ssize_t j = 0; j < plants; j++) output[rows[j]] = (int32_t)((int64_t)served[j] * done_by_kind[slots[j]] / divisor[j]);
    if (worked) {
        for (Py_ssize_t t = 0; t < types; t++) {
            __int128 tally = (__int128)recycled[t] + (before[t] - depot[t]);
            recycled[t] = tally < max_tally ? (int64_t)tally : max_tally;
        }
    }
    result = PyBool_FromLong(worked);
done:
    release(a, COUNT);
    return result;
}

/*
 * load_drones(x, y, kind, load, arriving, street_of_tile, street_tiles, street_real, waste, width, carry, streets) -> None
 *
 * Collection drones that arrived at a street load its waste of their trip's `kind`
 * (game.sim.systems.drones._load): the first drone (in order) after one type at one street loads,
 * the others look elsewhere. A drone at (x, y) is at street street_of_tile[y * width + x] (-1:
 * none); the street's tiles for a type are row `kind * (streets + 1) + street + 1` of
 * `street_tiles` (flat indices into the `waste` planes, rows of equal length; `street_real` is 0
 * on the padding that repeats a street's last tile). Tile by tile the drone takes what it has
 * room for (up to `carry` on board), `load` growing by what it took.
 */
static PyObject *load_drones(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    enum { COUNT = 9 };
    static const Spec specs[COUNT] = {
        {"x", 'i', 4, 0, 'n'}, {"y", 'i', 4, 0, 'n'}, {"kind", 'i', 8, 0, 'n'}, {"load", 'i', 4, 1, 'n'}, {"arriving", '?', 1, 0, 'n'},
        {"street_of_tile", 'i', 8, 0, '*'}, {"street_tiles", 'i', 8, 0, 's'}, {"street_real", 'i', 4, 0, 's'}, {"waste", 'i', 4, 1, '*'},
    };
    Array a[COUNT] = {0};
    Py_ssize_t lengths[26];
    long long ints[3];
    PyObject *result = NULL;
    char *claimed = NULL;
    int64_t *piles = NULL;
    if (!parse(args, nargs, "load_drones", specs, COUNT, a, lengths, ints, 3)) goto done;
    long long width = ints[0], carry = ints[1], streets = ints[2];
    Py_ssize_t n = lengths['n' - 'a'], cells = lengths['s' - 'a'], tiles = items(&a[5]), planes = items(&a[8]);
    const int32_t *x = a[0].view.buf, *y = a[1].view.buf, *street_real = a[7].view.buf;
    const int64_t *kind = a[2].view.buf, *street_of_tile = a[5].view.buf, *street_tiles = a[6].view.buf;
    int32_t *load = a[3].view.buf, *waste = a[8].view.buf;
    const char *arriving = a[4].view.buf;
    /* the rows of `street_tiles`: one per type and street, and one per type for no street */
    Py_ssize_t types = tiles > 0 ? planes / tiles : 0, entries = streets >= 0 ? (Py_ssize_t)(types * (streets + 1)) : 0;
    Py_ssize_t row_length = entries > 0 ? cells / entries : 0;
    if (width <= 0 || tiles <= 0 || planes % tiles != 0 || entries <= 0 || row_length <= 0 || row_length * entries != cells) {
        PyErr_SetString(PyExc_ValueError, "load_drones: the streets' tables disagree with the map");
        goto done;
    }
    claimed = PyMem_Calloc((size_t)entries, 1);
    piles = PyMem_Malloc((size_t)row_length * sizeof(int64_t));
    if (claimed == NULL || piles == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!arriving[i]) continue;
        int64_t tile = (int64_t)y[i] * width + x[i];
        if (x[i] < 0 || x[i] >= width || tile < 0 || tile >= tiles) {
            PyErr_Format(PyExc_ValueError, "load_drones: drone %zd is off the map", i);
            goto done;
        }
        int64_t street = street_of_tile[tile];
        if (street < 0) continue;  /* a razed block: nothing to load */
        int64_t entry = kind[i] * (streets + 1) + street + 1;
        if (street >= streets || entry < 0 || entry >= entries) {
            PyErr_Format(PyExc_ValueError, "load_drones: drone %zd is after a type or street the tables do not hold", i);
            goto done;
        }
        if (claimed[entry]) continue;  /* another drone got there first */
        claimed[entry] = 1;
        const int64_t *row = street_tiles + entry * row_length;
        const int32_t *real = street_real + entry * row_length;
        if (!in_range64(row, row_length, planes)) {  /* (the rows read, not the whole table: that is most of a big map) */
            PyErr_Format(PyExc_ValueError, "load_drones: street row %lld holds a tile off the map", (long long)entry);
            goto done;
        }
        for (Py_ssize_t j = 0; j < row_length; j++) piles[j] = waste[row[j]];  /* read the street whole, then write it */
        int64_t room = carry - load[i] > 0 ? carry - load[i] : 0, upto = 0;
        for (Py_ssize_t j = 0; j < row_length; j++) {
            upto += piles[j] * real[j];  /* what the street gives up to this tile */
            int64_t keeps = upto - room > 0 ? upto - room : 0;  /* a tile keeps what lies beyond the room, up to its own pile */
            waste[row[j]] = (int32_t)(keeps < piles[j] ? keeps : piles[j]);
        }
        load[i] = (int32_t)(load[i] + (room < upto ? room : upto));
    }
    result = Py_NewRef(Py_None);
done:
    PyMem_Free(claimed);
    PyMem_Free(piles);
    release(a, COUNT);
    return result;
}

/*
 * drop_offs(x, y, hubs, kind, at, tx, ty, drop_offs, served_permille, plant_rows, plant_x, plant_y, types) -> None
 *
 * Loaded collection drones (at x, y, of hub `hubs` carrying `kind`) head for the nearest powered
 * plant in their hub's reach that takes their load (game.sim.systems.drones._drop_offs): row
 * `hub * types + kind` of `drop_offs` (a flag per plant) says which may, a plant with no served
 * power may not, and ties go to the first plant; entry at[i] of (tx, ty) gets the plant's tile,
 * or keeps the hub's when there is none.
 */
static PyObject *drop_offs(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    enum { COUNT = 12 };
    static const Spec specs[COUNT] = {
        {"x", 'i', 4, 0, 'n'}, {"y", 'i', 4, 0, 'n'}, {"hubs", 'i', 8, 0, 'n'}, {"kind", 'i', 8, 0, 'n'}, {"at", 'i', 8, 0, 'n'},
        {"tx", 'i', 8, 1, 't'}, {"ty", 'i', 8, 1, 't'}, {"drop_offs", '?', 1, 0, '*'}, {"served_permille", 'i', 4, 0, '*'},
        {"plant_rows", 'i', 8, 0, 'p'}, {"plant_x", 'i', 4, 0, 'p'}, {"plant_y", 'i', 4, 0, 'p'},
    };
    Array a[COUNT] = {0};
    Py_ssize_t lengths[26];
    long long ints[1];
    PyObject *result = NULL;
    if (!parse(args, nargs, "drop_offs", specs, COUNT, a, lengths, ints, 1)) goto done;
    long long types = ints[0];
    Py_ssize_t n = lengths['n' - 'a'], targets = lengths['t' - 'a'], plants = lengths['p' - 'a'], flags = items(&a[7]);
    const int32_t *x = a[0].view.buf, *y = a[1].view.buf, *served = a[8].view.buf, *plant_x = a[10].view.buf, *plant_y = a[11].view.buf;
    const int64_t *hubs = a[2].view.buf, *kind = a[3].view.buf, *at = a[4].view.buf, *plant_rows = a[9].view.buf;
    int64_t *tx = a[5].view.buf, *ty = a[6].view.buf;
    const char *open = a[7].view.buf;
    if (types <= 0 || !in_range64(at, n, targets) || !in_range64(plant_rows, plants, items(&a[8])) || !in_range64(kind, n, types)) {
        PyErr_SetString(PyExc_ValueError, "drop_offs: an index out of range");
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        int64_t base = (hubs[i] * types + kind[i]) * plants;
        if (hubs[i] < 0 || base < 0 || base + plants > flags) {
            PyErr_Format(PyExc_ValueError, "drop_offs: drone %zd's hub is not in the table", i);
            goto done;
        }
        Py_ssize_t best = -1;
        int64_t nearest = 0;
        for (Py_ssize_t p = 0; p < plants; p++) {
            if (!open[base + p] || served[plant_rows[p]] <= 0) continue;
            int64_t across = llabs((long long)x[i] - plant_x[p]), down = llabs((long long)y[i] - plant_y[p]);
            int64_t distance = across > down ? across : down;  /* a drone flies along both axes at once */
            if (best < 0 || distance < nearest) {
                best = p;
                nearest = distance;
            }
        }
        if (best >= 0) {
            tx[at[i]] = plant_x[best];
            ty[at[i]] = plant_y[best];
        }
    }
    result = Py_NewRef(Py_None);
done:
    release(a, COUNT);
    return result;
}

static PyMethodDef methods[] = {  /* in the order they are defined above */
    {"move", (PyCFunction)(void (*)(void))move, METH_FASTCALL, "Step every agent towards its target (see game.sim.kernels)."},
    {"share_power", (PyCFunction)(void (*)(void))share_power, METH_FASTCALL, "Share every network's supply among its demand (see game.sim.kernels)."},
    {"emit_pollution", (PyCFunction)(void (*)(void))emit_pollution, METH_FASTCALL, "Add one tick's smoke and stink (see game.sim.kernels)."},
    {"pick_up", (PyCFunction)(void (*)(void))pick_up, METH_FASTCALL, "Walkers at piles pick them up (see game.sim.kernels)."},
    {"recycle", (PyCFunction)(void (*)(void))recycle, METH_FASTCALL, "One tick of the recycling plants (see game.sim.kernels)."},
    {"load_drones", (PyCFunction)(void (*)(void))load_drones, METH_FASTCALL, "Drones at streets load their waste (see game.sim.kernels)."},
    {"drop_offs", (PyCFunction)(void (*)(void))drop_offs, METH_FASTCALL, "Loaded drones head for the nearest plant (see game.sim.kernels)."},
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
