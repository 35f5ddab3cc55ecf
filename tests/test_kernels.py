"""The compiled kernels (game/sim/_native.c): the same results as the numpy they replaced, refusals of bad calls, and their build."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.sim import kernels

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("neo_terra_native_build", ROOT / "tools" / "packaging" / "native.py")
assert spec is not None and spec.loader is not None
native = importlib.util.module_from_spec(spec)
spec.loader.exec_module(native)


def numpy_move(table: dict[str, np.ndarray], speed: np.ndarray, walking: np.ndarray, water: np.ndarray, width: int) -> np.ndarray:
    """The step as whole-column numpy (what scavengers._move did before the kernel): the reference."""
    x, y, px, py, tx, ty, timer = (table[name] for name in ("x", "y", "px", "py", "tx", "ty", "timer"))
    px[:] = x
    py[:] = y
    for now, target in ((x, tx), (y, ty)):
        now += np.clip(target - now, -speed, speed)
    flat = water.reshape(-1)
    wet = (flat[y * width + x] & walking).nonzero()[0]
    wet_x, wet_y, from_x, from_y = x[wet], y[wet], px[wet], py[wet]
    x_blocked = flat[from_y * width + wet_x]
    y_kept = x_blocked & ~flat[wet_y * width + from_x]
    x[wet] = np.where(x_blocked, from_x, wet_x)
    y[wet] = np.where(y_kept, wet_y, from_y)
    timer -= 1
    return (((x == tx) & (y == ty)) | (timer <= 0)).nonzero()[0]


def random_table(seed: int, rows: int, width: int, height: int) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    table = {
        "x": rng.integers(0, width, rows, dtype=np.int32), "y": rng.integers(0, height, rows, dtype=np.int32),
        "px": np.zeros(rows, np.int32), "py": np.zeros(rows, np.int32),
        "tx": rng.integers(0, width, rows, dtype=np.int32), "ty": rng.integers(0, height, rows, dtype=np.int32),
        "timer": rng.integers(-2, 6, rows, dtype=np.int32),
    }
    speed = rng.integers(1, 4, rows, dtype=np.int32)
    walking = rng.random(rows) < 0.7
    water = rng.random((height, width)) < 0.3
    return table, speed, walking, water


def kernel_move(table: dict[str, np.ndarray], speed: np.ndarray, walking: np.ndarray, water: np.ndarray, width: int) -> np.ndarray:
    due = np.empty(table["x"].size, np.int64)
    count = kernels.move(*(table[name] for name in ("x", "y", "px", "py", "tx", "ty", "timer")), speed, walking, water.reshape(-1), due, width)
    return due[:count]


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), rows=st.integers(0, 300), width=st.integers(1, 40), height=st.integers(1, 40))
def test_move_steps_every_agent_as_the_numpy_columns_did(seed: int, rows: int, width: int, height: int) -> None:
    table, speed, walking, water = random_table(seed, rows, width, height)
    expected = {name: column.copy() for name, column in table.items()}
    expected_due = numpy_move(expected, speed, walking, water, width)
    due = kernel_move(table, speed, walking, water, width)
    np.testing.assert_array_equal(due, expected_due)
    for name in table:
        np.testing.assert_array_equal(table[name], expected[name], err_msg=name)


def test_a_walker_stepping_into_a_canal_keeps_the_dry_part_of_its_step_and_a_drone_flies_over() -> None:
    water = np.zeros((3, 3), bool)
    water[1, 1] = water[1, 0] = True  # the middle row's left and centre tiles are canal
    table = {name: np.array([0, 0], np.int32) for name in ("x", "y", "px", "py")}
    table["tx"], table["ty"] = np.array([2, 2], np.int32), np.array([2, 2], np.int32)
    table["timer"] = np.array([9, 9], np.int32)
    due = kernel_move(table, np.array([1, 1], np.int32), np.array([True, False]), water, 3)
    assert (table["x"].tolist(), table["y"].tolist()) == ([1, 1], [0, 1])  # the walker keeps its x step; the drone is over the water
    assert (table["px"].tolist(), table["py"].tolist(), table["timer"].tolist()) == ([0, 0], [0, 0], [8, 8])
    assert due.tolist() == []


def test_move_refuses_a_wrong_call_in_one_line_instead_of_touching_memory() -> None:
    table, speed, walking, water = random_table(1, 10, 8, 8)
    columns = [table[name] for name in ("x", "y", "px", "py", "tx", "ty", "timer")]
    due = np.empty(10, np.int64)
    with pytest.raises(ValueError, match="y: expected 10 items, got 9"):
        kernels.move(columns[0], columns[1][:9], *columns[2:], speed, walking, water.reshape(-1), due, 8)
    with pytest.raises(ValueError, match="timer: expected an array of 4-byte integers"):
        kernels.move(*columns[:6], columns[6].astype(np.int64), speed, walking, water.reshape(-1), due, 8)
    with pytest.raises(ValueError, match="walking: expected an array of 1-byte bools"):
        kernels.move(*columns, speed, walking.astype(np.int8), water.reshape(-1), due, 8)
    with pytest.raises(ValueError, match="x: expected a contiguous writable array"):
        frozen = columns[0].copy()
        frozen.setflags(write=False)
        kernels.move(frozen, *columns[1:], speed, walking, water.reshape(-1), due, 8)
    with pytest.raises(ValueError, match="due: room for 10 rows needed, got 9"):
        kernels.move(*columns, speed, walking, water.reshape(-1), due[:9], 8)
    with pytest.raises(ValueError, match="width 7 does not divide the water map's 64 tiles"):
        kernels.move(*columns, speed, walking, water.reshape(-1), due, 7)
    columns[0][walking.argmax()] = 99  # a walker off the map
    with pytest.raises(ValueError, match="steps off the 8x8 map"):
        kernels.move(*columns, speed, walking, water.reshape(-1), due, 8)
    with pytest.raises(TypeError, match="takes 12 arguments"):
        kernels.move(*columns)  # type: ignore[call-arg]


def test_the_module_is_built_from_the_source_beside_it() -> None:
    assert native.is_current()
    assert native.digest() == kernels.SOURCE_DIGEST


def test_a_changed_source_makes_the_built_module_stale_until_it_is_rebuilt(tmp_path: Path) -> None:
    source = tmp_path / "_native.c"
    source.write_bytes(native.SOURCE.read_bytes())
    native.build(tmp_path, source)
    assert native.is_current(tmp_path, source)
    source.write_text(source.read_text() + "\n/* an edit */\n")
    assert not native.is_current(tmp_path, source)
    native.build(tmp_path, source)
    assert native.is_current(tmp_path, source)
    assert not list(tmp_path.glob("*.part"))  # only whole modules are left


def test_a_failed_build_is_one_line_naming_the_cause(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "_native.c"
    broken.write_text("this is not C\n")
    with pytest.raises(native.BuildError, match=r"compiling .*_native.c failed: .*error"):
        native.build(tmp_path, broken)
    monkeypatch.setenv("LDSHARED", "no-such-compiler-here -shared")
    with pytest.raises(native.BuildError, match=r"cannot run the C compiler 'no-such-compiler-here'.*install one"):
        native.build(tmp_path)
    assert not list(tmp_path.glob("_native*.so*"))


def test_the_builder_run_by_hand_builds_in_place_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(native, "build", lambda: tmp_path / native.module_name())
    assert native.main() == 0
    assert native.module_name() in capsys.readouterr().out
    monkeypatch.setattr(native, "build", lambda: (_ for _ in ()).throw(native.BuildError("no compiler")))
    assert native.main() == 2
    assert capsys.readouterr().err == "native: no compiler\n"
    assert sys.modules.get("game.sim._native") is not None


def numpy_share_power(net_supply: np.ndarray, siphoned: np.ndarray, demand_rows: np.ndarray, row_networks: np.ndarray, rated_rows: np.ndarray,
                      broken: np.ndarray, supply_rows: np.ndarray, producers: np.ndarray, rated: np.ndarray, fuel_per_network: np.ndarray) -> dict[str, object]:
    """The share-out as whole-array numpy (what power.run did before the kernel): the reference."""
    demand = np.bincount(row_networks, weights=demand_rows, minlength=net_supply.size).astype(np.int64)
    usable = np.maximum(net_supply - siphoned, 0)
    usable_milli = usable * 1000
    delivered_milli = np.minimum(usable_milli, demand * 1000)
    served = np.minimum(usable_milli // np.maximum(demand, 1), 1000).astype(np.int32)
    load = delivered_milli // np.maximum(usable, 1)
    served_rows = np.where(rated_rows, served[row_networks], 1000)
    served_rows[broken] = 0
    with np.errstate(divide="ignore"):
        output = supply_rows[producers] * load[row_networks[producers]] // rated
    return {"served": served, "load": load, "dark": usable_milli < demand * 500, "served_rows": served_rows, "output": output,
            "fuel_load": int(fuel_per_network.dot(load)), "delivered_milli": int(delivered_milli.sum())}


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), networks=st.integers(1, 6), rows=st.integers(1, 80))
def test_share_power_shares_every_network_as_the_numpy_arrays_did(seed: int, networks: int, rows: int) -> None:
    rng = np.random.default_rng(seed)
    row_networks = rng.integers(0, networks, rows, dtype=np.int32)
    producers = np.flatnonzero(rng.random(rows) < 0.3).astype(np.int64)
    rated = rng.integers(0, 3, producers.size) * rng.integers(1, 500, producers.size)  # some rated at nothing
    supply_rows = np.zeros(rows, np.int64)
    supply_rows[producers] = rng.integers(0, 2, producers.size) * rated
    net_supply = np.bincount(row_networks, weights=supply_rows, minlength=networks).astype(np.int64)
    siphoned = rng.integers(0, 3, networks) * rng.integers(0, 400, networks)  # at times more than the supply
    demand_rows = rng.integers(0, 2, rows) * rng.integers(0, 300, rows)
    rated_rows = rng.random(rows) < 0.8
    broken = np.flatnonzero(rng.random(rows) < 0.1).astype(np.int64)
    fuel_per_network = rng.integers(0, 5, networks)
    expected = numpy_share_power(net_supply, siphoned, demand_rows, row_networks, rated_rows, broken, supply_rows, producers, rated, fuel_per_network)
    demand = np.bincount(row_networks, weights=demand_rows, minlength=networks).astype(np.int64)
    served, dark, load = np.empty(networks, np.int32), np.empty(networks, bool), np.empty(networks, np.int64)
    columns = {"supply_kw": np.zeros(rows, np.int64), "demand_kw": np.zeros(rows, np.int64), "served_permille": np.zeros(rows, np.int32),
               "served_day_sum": np.full(rows, 7, np.int64), "output_permille": np.full(rows, -1, np.int32)}
    fuel_load, delivered_milli, dark_count = kernels.share_power(
        net_supply, siphoned, demand * 1000, np.maximum(demand, 1), demand * 500, fuel_per_network, served, dark, load,
        row_networks, rated_rows, broken, supply_rows, demand_rows, *columns.values(),
        producers, row_networks[producers], supply_rows[producers], rated,
    )
    np.testing.assert_array_equal(served, expected["served"])
    np.testing.assert_array_equal(load, expected["load"])
    np.testing.assert_array_equal(dark, expected["dark"])
    assert (fuel_load, delivered_milli, dark_count) == (expected["fuel_load"], expected["delivered_milli"], int(np.count_nonzero(expected["dark"])))
    np.testing.assert_array_equal(columns["supply_kw"], supply_rows)
    np.testing.assert_array_equal(columns["demand_kw"], demand_rows)
    np.testing.assert_array_equal(columns["served_permille"], expected["served_rows"])
    np.testing.assert_array_equal(columns["served_day_sum"], 7 + expected["served_rows"])
    output = np.full(rows, -1, np.int64)
    output[producers] = np.where(rated > 0, expected["output"], 0)  # (numpy's floor division by zero gives 0 too)
    np.testing.assert_array_equal(columns["output_permille"], output)


def test_share_power_refuses_an_index_off_its_tables() -> None:
    one = np.ones(1, np.int64)
    args = [one, one * 0, one * 1000, one, one * 500, one, np.empty(1, np.int32), np.empty(1, bool), np.empty(1, np.int64),
            np.zeros(2, np.int32), np.ones(2, bool), np.array([5], np.int64), np.zeros(2, np.int64), np.zeros(2, np.int64),
            np.zeros(2, np.int64), np.zeros(2, np.int64), np.zeros(2, np.int32), np.zeros(2, np.int64), np.zeros(2, np.int32),
            np.zeros(0, np.int64), np.zeros(0, np.int32), np.zeros(0, np.int64), np.zeros(0, np.int64)]
    with pytest.raises(ValueError, match="index out of range"):
        kernels.share_power(*args)  # a broken row 5 of a two-row table
    args[11], args[3] = np.zeros(0, np.int64), one * 0
    with pytest.raises(ValueError, match="divisor is not positive"):
        kernels.share_power(*args)
    args[3] = one
    with pytest.raises(ValueError, match="demand_kw: expected 2 items, got 3"):
        kernels.share_power(*args[:15], np.zeros(3, np.int64), *args[16:])
    assert kernels.share_power(*args) == (1000, 1000, 0)  # one kW for one kW of demand: all delivered, plants at full load, not dark


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), plants=st.integers(0, 12), landfills=st.integers(0, 3))
def test_emit_pollution_adds_what_the_numpy_arrays_did(seed: int, plants: int, landfills: int) -> None:
    rng = np.random.default_rng(seed)
    rows, cap = 40, 5_000
    grid = rng.integers(0, cap + 1, 16 * 16, dtype=np.int32)
    centres = rng.choice(grid.size, plants + landfills, replace=False).astype(np.intp)  # buildings never share a tile
    output, stored = rng.integers(0, 1001, rows, dtype=np.int32), rng.integers(0, 200_000, rows).astype(np.int64)
    plant_rows, landfill_rows = rng.integers(0, rows, plants).astype(np.intp), rng.integers(0, rows, landfills).astype(np.intp)
    plant_emission, landfill_emission = rng.integers(0, 300, plants, dtype=np.int32), rng.integers(0, 50, landfills).astype(np.int64)
    expected = grid.copy()  # the reference: what pollution.emit did with take, put and a Python list for the landfills
    piles = expected.take(centres)
    piles[:plants] += output.take(plant_rows) * plant_emission // 1000
    piles[plants:] += np.array([int(empty) + int(units) * 20 // 10_000 for empty, units in zip(landfill_emission, stored.take(landfill_rows))], np.int64)
    expected.put(centres, np.minimum(piles, cap))
    kernels.emit_pollution(grid, centres, output, plant_rows, plant_emission, stored, landfill_rows, landfill_emission, 20, cap)
    np.testing.assert_array_equal(grid, expected)


def test_emit_pollution_refuses_a_tile_off_the_map() -> None:
    rows = np.zeros(1, np.intp)
    with pytest.raises(ValueError, match="index out of range"):
        kernels.emit_pollution(np.zeros(4, np.int32), np.array([4], np.intp), np.zeros(1, np.int32), rows, np.ones(1, np.int32),
                               np.zeros(1, np.int64), rows[:0], np.zeros(0, np.int64), 20, 100)


def numpy_pick_up(table: dict[str, np.ndarray], rows: np.ndarray, waste: np.ndarray, collectors: np.ndarray, camps_x: np.ndarray,
                  camps_y: np.ndarray, width: int, carry: int) -> tuple[int, list[int]]:
    """Walkers at piles, as whole-array numpy (what scavengers._pick_up did before the kernel): the reference."""
    from game.sim.agents import HOME
    from game.sim.systems.scavengers import HAZARDOUS, PICK_ORDERS, TAKES

    tiles = table["y"][rows] * width + table["x"][rows]
    order = tiles.argsort(kind="stable")
    ordered = tiles[order]
    first = np.ones(ordered.size, bool)
    first[1:] = ordered[1:] != ordered[:-1]
    tiles, rows = ordered[first], rows[order[first]]
    collecting = collectors[table["owner"][rows]]
    errand = np.where(collecting, 2, table["load_type"][rows] == HAZARDOUS)
    cells = PICK_ORDERS[errand] * waste[0].size + tiles[:, None]
    flat = waste.reshape(-1)
    piles = flat[cells] * TAKES[errand]
    choice = (piles > 0).argmax(axis=1)
    every = np.arange(rows.size)
    kinds, chosen = PICK_ORDERS[errand][every, choice], piles[every, choice]
    amounts = np.minimum(chosen, carry)
    flat[cells[every, choice]] -= amounts
    table["load"][rows], table["load_type"][rows] = amounts, kinds
    hiding = (chosen > 0) & (kinds == HAZARDOUS) & ~collecting
    home = rows[(chosen > 0) & ~hiding]
    tribes = table["owner"][home]
    table["state"][home], table["tx"][home], table["ty"][home], table["timer"][home] = HOME, camps_x[tribes], camps_y[tribes], 10_000
    table["timer"][rows[chosen == 0]] = 0
    return int(amounts.sum()), sorted(rows[hiding].tolist())


@settings(max_examples=80, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), walkers=st.integers(1, 60), tribes=st.integers(1, 4))
def test_pick_up_takes_from_the_piles_as_the_numpy_arrays_did(seed: int, walkers: int, tribes: int) -> None:
    from game.sim.agents import HOME
    from game.sim.systems import scavengers

    rng = np.random.default_rng(seed)
    side, rows_in_table = 6, walkers + 5
    table = {
        "x": rng.integers(0, side, rows_in_table, dtype=np.int32), "y": rng.integers(0, side, rows_in_table, dtype=np.int32),
        "owner": rng.integers(0, tribes, rows_in_table, dtype=np.int32), "load": np.zeros(rows_in_table, np.int32),
        "load_type": rng.integers(0, 5, rows_in_table).astype(np.int8), "state": np.zeros(rows_in_table, np.int8),
        "tx": np.full(rows_in_table, -1, np.int32), "ty": np.full(rows_in_table, -1, np.int32), "timer": np.full(rows_in_table, 5, np.int32),
    }
    rows = np.sort(rng.choice(rows_in_table, walkers, replace=False)).astype(np.int64)
    waste = (rng.random((5, side, side)) < 0.4) * rng.integers(0, 40, (5, side, side)).astype(np.int32)  # several walkers share tiles
    collectors = rng.random(tribes) < 0.3
    camps_x, camps_y = rng.integers(0, side, tribes, dtype=np.int32), rng.integers(0, side, tribes, dtype=np.int32)
    expected_table, expected_waste = {name: column.copy() for name, column in table.items()}, waste.copy()
    expected = numpy_pick_up(expected_table, rows, expected_waste, collectors, camps_x, camps_y, side, 12)
    hiding = np.empty(rows.size, np.int64)
    picked, hidden = kernels.pick_up(
        rows, *(table[name] for name in ("x", "y", "owner", "load", "load_type", "state", "tx", "ty", "timer")), waste.reshape(-1),
        collectors, camps_x, camps_y, scavengers._PICK_ORDERS_FLAT, scavengers._TAKES_FLAT, hiding, side, 12, scavengers.HAZARDOUS, HOME, 10_000,
    )
    assert (picked, sorted(hiding[:hidden].tolist())) == expected
    np.testing.assert_array_equal(waste, expected_waste)
    for name in table:
        np.testing.assert_array_equal(table[name], expected_table[name], err_msg=name)


@settings(max_examples=80, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), kinds=st.integers(1, 4), plants=st.integers(1, 10))
def test_recycle_shares_the_depot_out_as_the_python_did(seed: int, kinds: int, plants: int) -> None:
    from game.sim.systems.recycling import split_proportionally

    rng = np.random.default_rng(seed)
    depot = rng.integers(0, 3, 5) * rng.integers(0, 400, 5)
    accepted = [sorted(rng.choice(5, rng.integers(1, 4), replace=False).tolist()) for _ in range(kinds)]  # kinds may share piles
    capacity = rng.integers(0, 2, kinds) * rng.integers(0, 300, kinds)
    served, slots = rng.integers(0, 1001, plants).astype(np.int32), rng.integers(0, kinds, plants)
    divisor, rows = np.maximum(capacity, 1)[slots], rng.choice(20, plants, replace=False)
    recycled = rng.integers(0, 50, 5)
    # The reference: what recycling.run did in Python, kind by kind.
    left, done = depot.tolist(), []
    for piles, most in zip(accepted, capacity.tolist()):
        amount = min(most, sum(left[index] for index in piles))
        if amount:
            for index, units in zip(piles, split_proportionally([left[index] for index in piles], amount)):
                left[index] -= units
        done.append(amount)
    expected_output = np.full(20, -1, np.int32)
    expected_output[rows] = served * np.array(done)[slots] // divisor
    expected_recycled = np.minimum(recycled + (depot - left), 60) if any(done) else recycled
    output, done_out, recycled_out, depot_out = np.full(20, -1, np.int32), np.empty(kinds, np.int64), recycled.copy(), depot.copy()
    worked = kernels.recycle(
        depot_out, capacity, np.array([index for piles in accepted for index in piles], np.int64),
        np.cumsum([0] + [len(piles) for piles in accepted], dtype=np.int64), done_out, recycled_out, served, slots, divisor, rows, output, 60,
    )
    assert worked == any(done)
    assert (done_out.tolist(), depot_out.tolist()) == (done, left)
    np.testing.assert_array_equal(output, expected_output)
    np.testing.assert_array_equal(recycled_out, expected_recycled)


def test_recycle_splits_what_does_not_divide_to_the_largest_remainders_first_pile_first() -> None:
    depot = np.array([1, 1, 1, 0, 0], np.int64)
    done = np.empty(1, np.int64)
    one = np.ones(1, np.int64)
    kernels.recycle(depot, one * 2, np.array([0, 1, 2], np.int64), np.array([0, 3], np.int64), done, np.zeros(5, np.int64),
                    np.zeros(1, np.int32), np.zeros(1, np.int64), one, np.zeros(1, np.int64), np.zeros(1, np.int32), 10)
    assert (done.tolist(), depot.tolist()) == ([2], [0, 0, 1, 0, 0])  # three equal piles, two units: the first two piles give one each
    with pytest.raises(ValueError, match="the plants' tables disagree"):
        kernels.recycle(depot, one, np.array([7], np.int64), np.array([0, 1], np.int64), done, np.zeros(5, np.int64),
                        np.zeros(1, np.int32), np.zeros(1, np.int64), one, np.zeros(1, np.int64), np.zeros(1, np.int32), 10)


def test_recycle_splits_piles_near_the_end_of_int64_as_python_ints_do() -> None:
    from game.sim.systems.recycling import split_proportionally

    big = [2**62 - 1, 2**62 - 7, 3]
    amount = 2**62 + 5
    depot = np.array(big + [0, 0], np.int64)
    done = np.empty(1, np.int64)
    one = np.ones(1, np.int64)
    kernels.recycle(depot, one * amount, np.array([0, 1, 2], np.int64), np.array([0, 3], np.int64), done, np.zeros(5, np.int64),
                    np.zeros(1, np.int32), np.zeros(1, np.int64), one, np.zeros(1, np.int64), np.zeros(1, np.int32), 2**62)
    assert depot[:3].tolist() == [pile - taken for pile, taken in zip(big, split_proportionally(big, amount))]


@settings(max_examples=80, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), drones=st.integers(1, 30), streets=st.integers(1, 6))
def test_load_drones_takes_from_the_streets_as_the_numpy_arrays_did(seed: int, drones: int, streets: int) -> None:
    rng = np.random.default_rng(seed)
    side, types, length, carry = 8, 5, 4, 30
    street_of_tile = rng.integers(-1, streets, side * side)
    # Each street's tiles for a type (rows kind * (streets + 1) + street + 1), padded by repeating the last real one.
    street_tiles = np.zeros((types * (streets + 1), length), np.int64)
    street_real = np.zeros((types * (streets + 1), length), np.int32)
    for street in range(streets):
        own = np.flatnonzero(street_of_tile == street)[:length]
        if own.size == 0:
            continue
        for kind in range(types):
            entry = kind * (streets + 1) + street + 1
            street_tiles[entry] = kind * side * side + np.concatenate((own, np.repeat(own[-1:], length - own.size)))
            street_real[entry, : own.size] = 1
    x, y = rng.integers(0, side, drones, dtype=np.int32), rng.integers(0, side, drones, dtype=np.int32)
    kind, load = rng.integers(0, types, drones), rng.integers(0, carry + 5, drones, dtype=np.int32)
    arriving = rng.random(drones) < 0.8
    waste = rng.integers(0, 25, types * side * side, dtype=np.int32)
    # The reference: drones._load as it was, in numpy.
    expected_waste, expected_load = waste.copy(), load.copy()
    at = np.where(arriving, street_of_tile[y * side + x], -1)
    keys = kind * (streets + 1) + at + 1
    _, first_of_key = np.unique(keys, return_index=True)
    first = np.zeros(drones, bool)
    first[first_of_key] = True
    first = (first & (at >= 0)).nonzero()[0]
    if first.size:
        tiles = street_tiles[keys[first]]
        piles = expected_waste[tiles]
        upto = np.add.accumulate(piles * street_real[keys[first]], axis=1, dtype=np.int64)
        had = expected_load[first]
        room = np.maximum(carry - had, 0)
        expected_waste[tiles] = np.minimum(np.maximum(upto - room[:, None], 0), piles)
        expected_load[first] = had + np.minimum(room, upto[:, -1])
    kernels.load_drones(x, y, kind, load, arriving, street_of_tile, street_tiles, street_real, waste, side, carry, streets)
    np.testing.assert_array_equal(waste, expected_waste)
    np.testing.assert_array_equal(load, expected_load)


def test_load_drones_refuses_street_tables_that_do_not_fit_the_map() -> None:
    one = np.zeros(1, np.int32)
    args = (one, one, np.zeros(1, np.int64), one.copy(), np.ones(1, bool))
    with pytest.raises(ValueError, match="the streets' tables disagree with the map"):  # no map at all: no division by its size
        kernels.load_drones(*args, np.zeros(0, np.int64), np.zeros((5, 2), np.int64), np.zeros((5, 2), np.int32), np.zeros(5, np.int32), 1, 10, 0)
    with pytest.raises(ValueError, match="the streets' tables disagree with the map"):  # 14 rows: not a row per type for each of one street and no street
        kernels.load_drones(*args, np.zeros(1, np.int64), np.zeros((14, 2), np.int64), np.zeros((14, 2), np.int32), np.zeros(5, np.int32), 1, 10, 1)


@settings(max_examples=80, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), drones=st.integers(1, 20), plants=st.integers(1, 8), hubs=st.integers(1, 3))
def test_drop_offs_point_drones_at_the_nearest_open_plant_as_the_numpy_arrays_did(seed: int, drones: int, plants: int, hubs: int) -> None:
    rng = np.random.default_rng(seed)
    types = 5
    x, y = rng.integers(0, 30, drones, dtype=np.int32), rng.integers(0, 30, drones, dtype=np.int32)
    hub, kind = rng.integers(0, hubs, drones), rng.integers(0, types, drones)
    flags = rng.random((hubs * types, plants)) < 0.5
    served = rng.integers(0, 2, 12, dtype=np.int32) * 1000
    plant_rows = rng.choice(12, plants, replace=False).astype(np.int64)
    plant_x, plant_y = rng.integers(0, 30, plants, dtype=np.int32), rng.integers(0, 30, plants, dtype=np.int32)
    tx, ty = np.full(drones + 3, -1, np.int64), np.full(drones + 3, -2, np.int64)
    at = rng.choice(drones + 3, drones, replace=False).astype(np.int64)
    expected_x, expected_y = tx.copy(), ty.copy()  # the reference: drones._drop_offs as it was, in numpy
    open_ = flags[hub * types + kind] & (served[plant_rows] > 0)
    distance = np.where(open_, np.maximum(np.abs(x[:, None] - plant_x), np.abs(y[:, None] - plant_y)), 1 << 30)
    found, nearest = open_.any(axis=1), distance.argmin(axis=1)
    expected_x[at[found]], expected_y[at[found]] = plant_x[nearest[found]], plant_y[nearest[found]]
    kernels.drop_offs(x, y, hub, kind, at, tx, ty, flags, served, plant_rows, plant_x, plant_y, types)
    np.testing.assert_array_equal(tx, expected_x)
    np.testing.assert_array_equal(ty, expected_y)
