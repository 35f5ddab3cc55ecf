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
    count = kernels.move(*(table[name] for name in ("x", "y", "px", "py", "tx", "ty", "timer")), speed, walking, water.reshape(-1), width, due)
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
        kernels.move(columns[0], columns[1][:9], *columns[2:], speed, walking, water.reshape(-1), 8, due)
    with pytest.raises(ValueError, match="timer: expected a one-dimensional array of 4-byte integers"):
        kernels.move(*columns[:6], columns[6].astype(np.int64), speed, walking, water.reshape(-1), 8, due)
    with pytest.raises(ValueError, match="walking: expected a one-dimensional array of 1-byte bools"):
        kernels.move(*columns, speed, walking.astype(np.int8), water.reshape(-1), 8, due)
    with pytest.raises(ValueError, match="x: expected a contiguous writable array"):
        frozen = columns[0].copy()
        frozen.setflags(write=False)
        kernels.move(frozen, *columns[1:], speed, walking, water.reshape(-1), 8, due)
    with pytest.raises(ValueError, match="due: room for 10 rows needed, got 9"):
        kernels.move(*columns, speed, walking, water.reshape(-1), 8, due[:9])
    with pytest.raises(ValueError, match="width 7 does not divide the water map's 64 tiles"):
        kernels.move(*columns, speed, walking, water.reshape(-1), 7, due)
    columns[0][walking.argmax()] = 99  # a walker off the map
    with pytest.raises(ValueError, match="steps off the 8x8 map"):
        kernels.move(*columns, speed, walking, water.reshape(-1), 8, due)
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
