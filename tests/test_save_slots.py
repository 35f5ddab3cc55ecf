"""Autosaves and quick-saves rotate in their folder, and a failed save keeps the older ones."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from game.autosave import Saved, SaveFailed, SaveSlots
from game.level import DEFAULT_LEVEL, load_level
from game.level.save import load_game
from game.sim import Simulation


@pytest.fixture()
def sim() -> Simulation:
    """The tutorial city, new."""
    city = Simulation(load_level(DEFAULT_LEVEL), seed=3)
    yield city
    city.close()


def _play_with_autosaves(sim: Simulation, slots: SaveSlots, ticks: int) -> list[int]:
    """Step `sim` tick by tick as the window does, autosaving when due; return the ticks saved at."""
    saved_at = []
    for _ in range(ticks):
        sim.step()
        result = slots.maybe_autosave(sim)
        if result is not None:
            assert isinstance(result, Saved), result
            saved_at.append(sim.tick)
    return saved_at


def test_autosaves_come_every_n_days_and_only_the_last_few_are_kept(sim: Simulation, tmp_path: Path) -> None:
    slots = SaveSlots(tmp_path / "saves", every_days=2, keep_autosaves=3)
    assert _play_with_autosaves(sim, slots, 24 * 10) == [48, 96, 144, 192, 240]
    kept = slots.saves("autosave")
    assert [p.name for p in kept] == ["autosave-0005.save", "autosave-0004.save", "autosave-0003.save"]
    assert load_game(kept[0]).tick == 240 and load_game(kept[-1]).tick == 144


def test_an_autosave_is_not_repeated_when_the_window_asks_twice_in_one_tick(sim: Simulation, tmp_path: Path) -> None:
    slots = SaveSlots(tmp_path, every_days=1)
    sim.step(24)
    assert isinstance(slots.maybe_autosave(sim), Saved)
    assert slots.maybe_autosave(sim) is None


def test_quicksaves_rotate_apart_from_autosaves(sim: Simulation, tmp_path: Path) -> None:
    slots = SaveSlots(tmp_path, keep_autosaves=1, keep_quicksaves=2)
    for _ in range(4):
        sim.step(5)
        assert slots.quicksave(sim).ok
    sim.step(4)
    assert slots.maybe_autosave(sim).ok
    assert [p.name for p in slots.saves("quicksave")] == ["quicksave-0004.save", "quicksave-0003.save"]
    assert slots.latest("autosave") == tmp_path / "autosave-0001.save"
    assert load_game(slots.latest("quicksave")).tick == 20


def test_a_failed_save_is_a_value_and_leaves_the_older_saves_whole(sim: Simulation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    slots = SaveSlots(tmp_path, keep_quicksaves=2)
    sim.step(3)
    slots.quicksave(sim)
    sim.step(3)
    slots.quicksave(sim)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def disk_full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    sim.step(3)
    result = slots.quicksave(sim)
    assert isinstance(result, SaveFailed) and "no space left on device" in result.reason
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # nothing rotated out, no temp file


def test_a_folder_that_cannot_be_created_gives_a_one_line_failure(sim: Simulation, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = SaveSlots(blocker / "saves").quicksave(sim)
    assert isinstance(result, SaveFailed) and "\n" not in result.reason


def test_other_files_in_the_folder_are_left_alone(sim: Simulation, tmp_path: Path) -> None:
    (tmp_path / "my-city.save").write_text("the player's own save")
    slots = SaveSlots(tmp_path, keep_quicksaves=1)
    for _ in range(3):
        slots.quicksave(sim)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my-city.save", "quicksave-0003.save"]
