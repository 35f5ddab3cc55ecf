"""Autosaves written on a worker thread: captured at once and detached from the game, written in order, failures reported."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from game.autosave import Saved, SaveFailed, SaveSlots, SaveWriter
from game.level import DEFAULT_LEVEL, load_level
from game.level.save import capture_save, encode_save, json_in_pieces, load_game, save_bytes, scenario_json_of
from game.sim import Simulation
from game.sim.snapshot import capture


@pytest.fixture()
def sim() -> Simulation:
    """The tutorial city, a day and a half in."""
    city = Simulation(load_level(DEFAULT_LEVEL), seed=8)
    city.step(36)
    yield city
    city.close()


def test_a_save_written_in_the_background_holds_the_game_as_it_was_when_captured(sim: Simulation, tmp_path: Path) -> None:
    slots, writer = SaveSlots(tmp_path), SaveWriter()
    captured_hash, captured_tick = sim.state_hash(), sim.tick
    writer.write(slots, writer.capture(sim), "autosave")
    sim.step(30)  # the game plays on (its grids change) while the file is written
    (result,) = writer.close()
    assert isinstance(result, Saved) and result.path.name == "autosave-0001.save"
    loaded = load_game(result.path)
    assert (loaded.tick, loaded.state_hash()) == (captured_tick, captured_hash)
    loaded.close()


def test_writes_come_out_in_order_into_the_next_slots_and_a_capture_reuses_a_written_ones_memory(sim: Simulation, tmp_path: Path) -> None:
    slots, writer = SaveSlots(tmp_path, keep_autosaves=2), SaveWriter()
    hashes = []
    for _ in range(3):
        snapshot = writer.capture(sim)
        hashes.append(sim.state_hash())
        writer.write(slots, snapshot, "autosave")
        sim.step(5)
        writer.wait()  # the next capture copies into this one's arrays, now written
    assert writer.capture(sim).arrays["pollution"] is snapshot.arrays["pollution"]
    writer.close()
    kept = slots.saves("autosave")
    assert [path.name for path in kept] == ["autosave-0003.save", "autosave-0002.save"]
    assert [load_game(path).state_hash() for path in reversed(kept)] == hashes[1:]


def test_a_write_that_fails_is_reported_and_the_writer_goes_on(sim: Simulation, tmp_path: Path) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    writer = SaveWriter()
    writer.write(SaveSlots(blocker / "saves"), writer.capture(sim), "autosave")
    writer.write(SaveSlots(tmp_path / "saves"), writer.capture(sim), "autosave")
    failed, saved = writer.close()
    assert isinstance(failed, SaveFailed) and "could not save to" in failed.reason
    assert isinstance(saved, Saved)


def test_an_unexpected_error_in_the_writer_comes_back_as_a_failure_naming_it(sim: Simulation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(slots: SaveSlots, snapshot: object, kind: str, scenario_json: str | None = None) -> Saved:
        raise ValueError("the encoder broke")

    monkeypatch.setattr(SaveSlots, "write", broken)
    writer = SaveWriter()
    writer.write(SaveSlots(tmp_path), writer.capture(sim), "autosave")
    assert writer.busy
    assert writer.close() == [SaveFailed("ValueError: the encoder broke")]
    assert not writer.busy and writer.finished() == []


def test_a_capture_shares_no_array_with_the_running_game(sim: Simulation) -> None:
    live = capture(sim.world)[1]
    snapshot = capture_save(sim)
    assert all(not any(copy is array for array in live.values()) for copy in snapshot.arrays.values())
    assert snapshot.meta["scenario"] is None  # the scenario never changes: made into data when encoded


def test_a_captured_save_holds_what_saving_at_once_holds(sim: Simulation) -> None:
    entries = []
    for data in (encode_save(capture_save(sim)), save_bytes(sim)):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:  # the archives' own times may differ by a second
            entries.append((archive.read("state.json"), np.load(io.BytesIO(archive.read("arrays.npz")), allow_pickle=False)))
    (state, arrays), (state_at_once, arrays_at_once) = entries
    assert state == state_at_once
    assert sorted(arrays.files) == sorted(arrays_at_once.files)
    assert all(np.array_equal(arrays[name], arrays_at_once[name]) for name in arrays.files)


def test_json_made_in_pieces_is_byte_for_byte_what_json_dumps_writes(sim: Simulation) -> None:
    meta = capture(sim.world)[0]
    meta["long"] = [{"kind": "housing", "x": x, "y": -x, "ratio": x / 7} for x in range(2_500)]
    meta["odd keys"] = {1: "one", "two": [None, True, "é"]}
    assert json_in_pieces(meta) == json.dumps(meta, separators=(",", ":")).encode()


def test_a_save_made_with_its_scenarios_json_made_earlier_holds_the_same_state(sim: Simulation) -> None:
    snapshot = capture_save(sim)
    states = []
    for data in (encode_save(snapshot), encode_save(snapshot, scenario_json_of(sim.scenario))):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            states.append(archive.read("state.json"))
    assert states[0] == states[1] and json.loads(states[0])["scenario"]["name"] == sim.scenario.name
