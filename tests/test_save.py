"""Save files: an exact round trip, atomic writes, and damaged files refused with one line."""

from __future__ import annotations

import io
import json
import os
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from game.level import DEFAULT_LEVEL, InputError, load_level
from game.level.save import SAVE_VERSION, load_game, save_game
from game.sim import Simulation
from game.sim.commands import Place, SetPolicy


@pytest.fixture()
def city() -> Simulation:
    """The tutorial city a day and a half in, with a plant built and a policy changed."""
    sim = Simulation(load_level(DEFAULT_LEVEL), seed=5)
    sim.step(20)
    sim.execute(SetPolicy("tax_rate", 14))
    sim.step(16)
    yield sim
    sim.close()


def test_save_then_load_continues_exactly_like_the_run_that_never_stopped(city: Simulation, tmp_path: Path) -> None:
    path = tmp_path / "city.save"
    save_game(city, path)
    loaded = load_game(path)
    assert loaded.state_hash() == city.state_hash()
    assert loaded.command_log[-1][1] == SetPolicy("tax_rate", 14)
    city.step(50)
    loaded.step(50)
    assert loaded.state_hash() == city.state_hash()
    assert loaded.history == city.history


def test_a_failed_write_leaves_the_previous_save_whole(city: Simulation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "city.save"
    save_game(city, path)
    before = path.read_bytes()
    city.step(30)

    def disk_full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OSError):
        save_game(city, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["city.save"]  # no temporary file left behind


def _rewrite(path: Path, entry: str, change) -> None:  # noqa: ANN001 - a bytes -> bytes function
    with zipfile.ZipFile(path) as zipped:
        entries = {name: zipped.read(name) for name in zipped.namelist()}
    entries[entry] = change(entries[entry])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        for name, data in entries.items():
            zipped.writestr(name, data)
    path.write_bytes(buffer.getvalue())


@pytest.mark.parametrize(
    ("damage", "needle"),
    [
        (lambda p: p.write_bytes(p.read_bytes()[:500]), "damaged"),
        (lambda p: p.write_bytes(b"not a zip at all"), "not a Neo-Terra save"),
        (lambda p: p.write_bytes(b""), "not a Neo-Terra save"),
        (lambda p: _rewrite(p, "state.json", lambda d: d.replace(b'"funds":', b'"funds":1')), "checksum"),
        (lambda p: _rewrite(p, "header.json", lambda d: d.replace(f'"version": {SAVE_VERSION}'.encode(), b'"version": 99')), "newer"),
        (lambda p: _rewrite(p, "header.json", lambda d: b"[1, 2"), "header"),
    ],
)
def test_a_damaged_save_is_refused_with_one_line(city: Simulation, tmp_path: Path, damage, needle: str) -> None:  # noqa: ANN001
    path = tmp_path / "city.save"
    save_game(city, path)
    damage(path)
    with pytest.raises(InputError) as caught:
        load_game(path)
    assert len(caught.value.problems) == 1
    assert str(path) in caught.value.problems[0] and needle in caught.value.problems[0]


@pytest.mark.parametrize("rules", [{"no_such_rule": 1}, {"pollution_diffusion_milli": 5000}])
def test_a_consistent_but_hostile_state_is_refused_not_crashed(city: Simulation, tmp_path: Path, rules: dict) -> None:
    """Someone edits state.json and fixes the checksum: the loader still checks what it builds."""
    import hashlib

    path = tmp_path / "city.save"
    save_game(city, path)
    with zipfile.ZipFile(path) as zipped:
        entries = {name: zipped.read(name) for name in zipped.namelist()}
    state = json.loads(entries["state.json"])
    state["scenario"]["rules"] = rules
    entries["state.json"] = json.dumps(state).encode()
    header = json.loads(entries["header.json"])
    header["checksum"] = hashlib.sha256(entries["state.json"] + entries["arrays.npz"]).hexdigest()
    entries["header.json"] = json.dumps(header).encode()
    with zipfile.ZipFile(path, "w") as zipped:
        for name, data in entries.items():
            zipped.writestr(name, data)
    with pytest.raises(InputError) as caught:
        load_game(path)
    assert len(caught.value.problems) == 1 and "state.json" in caught.value.problems[0]
    assert f"scenario.rules.{next(iter(rules))}" in caught.value.problems[0]


def test_loading_a_missing_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nothing\.save: no such file"):
        load_game(tmp_path / "nothing.save")


def test_a_plant_built_before_saving_is_still_there_after_loading(city: Simulation, tmp_path: Path) -> None:
    result = city.execute(Place("garden", 1, 1))
    assert result.ok, result
    path = tmp_path / "city.save"
    save_game(city, path)
    loaded = load_game(path)
    assert [(b.kind, b.x, b.y) for b in loaded.each_building()] == [(b.kind, b.x, b.y) for b in city.each_building()]


# --- every shipped level, several ticks each, with commands waiting in the queue -----------------

from game.level import shipped_levels  # noqa: E402
from game.sim.commands import Command, Demolish, PlaceLine  # noqa: E402

SAVE_TICKS = (0, 13, 38, 71)  # start, mid-day, mid-day with commands queued, the last hour of day 3
CONTINUE_TICKS = 30


def _script(sim: Simulation) -> dict[int, list[Command]]:
    """Commands submitted at the end of these ticks (so queued if the game is saved then)."""
    return {
        10: [SetPolicy("tax_rate", 13), Place("garden", 1, 1)],
        38: [PlaceLine(0, sim.height - 1, 5, sim.height - 1), SetPolicy("priority.hazardous", 60)],
        50: [Demolish(1, 1)],
    }


def _play(sim: Simulation, until: int, script: dict[int, list[Command]]) -> None:
    """Step `sim` to tick `until`, submitting the script's commands at the end of their ticks."""
    while sim.tick < until:
        sim.step()
        for command in script.get(sim.tick, []):
            sim.submit(command)


@pytest.mark.parametrize("level", shipped_levels(), ids=lambda p: p.stem)
def test_every_shipped_level_continues_exactly_after_saving_at_any_tick(level: Path, tmp_path: Path) -> None:
    straight = Simulation(load_level(level), seed=11)
    script = _script(straight)
    for command in script.get(0, []):
        straight.submit(command)
    resumed_hashes = {}
    for save_tick in SAVE_TICKS:
        _play(straight, save_tick, script)
        path = tmp_path / f"at-{save_tick}.save"
        save_game(straight, path)
        loaded = load_game(path)
        assert loaded.state_hash() == straight.state_hash()
        assert loaded.pending == straight.pending
        _play(loaded, save_tick + CONTINUE_TICKS, script)
        resumed_hashes[save_tick] = loaded.state_hash()
        loaded.close()
    reference = Simulation(load_level(level), seed=11)
    for save_tick in SAVE_TICKS:
        _play(reference, save_tick + CONTINUE_TICKS, script)
        assert resumed_hashes[save_tick] == reference.state_hash(), f"diverged after a save at tick {save_tick}"
    assert any(result.ok for _, _, result in reference.command_log)
    straight.close()
    reference.close()


def forged_save(city: Simulation, path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    """Save `city` at `path`, apply `change` to its state.json and fix the checksum, as a forger would."""
    import hashlib

    from game.level.save import pack_entries

    save_game(city, path)
    with zipfile.ZipFile(path) as zipped:
        entries = {name: zipped.read(name) for name in zipped.namelist()}
    state = json.loads(entries["state.json"])
    change(state)
    data = json.dumps(state).encode()
    header = {**json.loads(entries["header.json"]), "checksum": hashlib.sha256(data + entries["arrays.npz"]).hexdigest()}
    path.write_bytes(pack_entries(json.dumps(header).encode(), data, entries["arrays.npz"]))
    return path


def test_a_forged_state_names_the_file_entry_and_field_of_each_problem(city: Simulation, tmp_path: Path) -> None:
    def change(state: dict[str, Any]) -> None:
        state["resources"]["food"] = -5
        state["resident_contentment"] = "high"

    path = forged_save(city, tmp_path / "city.save", change)
    with pytest.raises(InputError) as caught:
        load_game(path)
    assert caught.value.problems == [
        f"{path}: state.json: resources.food: must be at least 0, got -5",
        f"{path}: state.json: resident_contentment: expected an integer, got the string 'high'",
    ]


def test_a_forged_society_field_is_named_in_state_json_where_it_lies(city: Simulation, tmp_path: Path) -> None:
    def change(state: dict[str, Any]) -> None:
        state["society"]["agents"]["totals"]["tapped_kwh"] = -5

    path = forged_save(city, tmp_path / "city.save", change)
    with pytest.raises(InputError) as caught:
        load_game(path)
    assert caught.value.problems == [f"{path}: state.json: society.agents.totals.tapped_kwh: -5 is below the least allowed 0"]


@pytest.mark.parametrize(
    ("taps", "draws", "problem"),
    [
        ([[4, 4, 10], [4, 4, 12]], [], "society.agents.taps[1]: a second tap on tile (4, 4)"),
        ([[4, 999, 10]], [], "society.agents.taps[0].y: 999 is above the most allowed 29"),
        ([["4", 4, 10]], [], "society.agents.taps[0].x: expected an integer, got str"),
        ([[4, 4, 10**6]], [], "society.agents.taps[0].found_tick: 1,000,000 is above the most allowed 36"),
        ([[4, 4]], [], "society.agents.taps[0]: expected [x, y, found tick]"),
        ([], [[999, 2, 5]], "tap_draws[0]: (999, 2) lies off the map"),
        ([], [[3, 2, 5], [1, 2, 5]], "tap_draws[1]: tiles must be listed once each, in map order"),
        ([], [[3, 2, 0]], "tap_draws[0]: 0 kW; expected 1 to 1,000,000,000,000,000"),
    ],
)
def test_a_forged_found_tap_or_tap_draw_is_refused_naming_it(city: Simulation, tmp_path: Path, taps, draws, problem: str) -> None:  # noqa: ANN001
    # The city is 40x30 tiles at tick 36: no tap can have been found later.
    def change(state: dict[str, Any]) -> None:
        state["society"]["agents"]["taps"] = taps
        state["tap_draws"] = draws

    path = forged_save(city, tmp_path / "city.save", change)
    with pytest.raises(InputError) as caught:
        load_game(path)
    assert caught.value.problems == [f"{path}: state.json: {problem}"]


def test_a_save_holds_at_most_one_found_tap_a_tile(city: Simulation, tmp_path: Path) -> None:
    def change(state: dict[str, Any]) -> None:
        state["society"]["agents"]["taps"] = [[0, 0, 1]] * (city.width * city.height + 1)

    path = forged_save(city, tmp_path / "city.save", change)
    with pytest.raises(InputError) as caught:
        load_game(path)
    assert caught.value.problems == [f"{path}: state.json: society.agents.taps: expected a list of at most {city.width * city.height:,} items"]


def test_long_strings_and_values_of_neither_type_in_a_forged_state_are_one_line_each(city: Simulation, tmp_path: Path) -> None:
    def change(state: dict[str, Any]) -> None:
        state["scenario"]["name"] = "n" * 10_000_000
        state["scenario"]["rules"] = {"r" * 5000: 1}
        state["scenario"]["policies"][0] = ["tax_rate", 1.5]  # a name or a value: pydantic reported each member
        state["scenario"]["buildings"][0]["x"] = 600
        state["rng"]["bit_generator"] = "MT19937"
        state["pending"] = [{"type": "place", "kind": "garden", "x": 1.5, "y": 1}]

    path = forged_save(city, tmp_path / "city.save", change)
    with pytest.raises(InputError) as caught:
        load_game(path)
    assert caught.value.problems == [
        f"{path}: state.json: scenario.name: is 10,000,000 characters long; at most 60 allowed",
        f'{path}: state.json: scenario.rules."{"r" * 39}…": the key is 5,000 characters long; at most 100 allowed',
        f"{path}: state.json: scenario.policies[0][1]: expected a string or an integer, got the number 1.5",
        f"{path}: state.json: scenario.buildings[0].x: must be less than 512, got 600",
        f"{path}: state.json: rng.bit_generator: expected 'PCG64', got the string 'MT19937'",
        f"{path}: state.json: pending[0].x: expected an integer or a string, got the number 1.5",
    ]


def test_a_game_older_than_the_history_bound_saves_a_file_that_loads_again(city: Simulation, tmp_path: Path) -> None:
    days = 150_000  # past the 100,000 days a save may hold, and past the history the game keeps
    city.history = {name: [index % 1000 for index in range(days)] for name in city.history}
    city.tick = days * 24
    city.step(24)
    path = tmp_path / "old.save"
    save_game(city, path)
    loaded = load_game(path)
    assert loaded.history == city.history
    assert loaded.state_hash() == city.state_hash()


def test_found_taps_and_where_the_taps_drew_come_back_from_a_save(city: Simulation, tmp_path: Path) -> None:
    import numpy as np

    city.agents.record_taps(np.array([5 * city.width + 7, 2 * city.width + 3]), city.tick)
    city.power.tap_tiles, city.power.tap_kw = np.array([2 * city.width + 3], np.int64), np.array([10], np.int64)
    save_game(city, tmp_path / "city.save")
    loaded = load_game(tmp_path / "city.save")
    assert [(tap.x, tap.y, tap.found_tick) for tap in loaded.agents.taps.taps] == [(3, 2, 36), (7, 5, 36)]
    assert loaded.power.tap_tiles.tolist() == [2 * city.width + 3] and loaded.power.tap_kw.tolist() == [10]
    assert loaded.state_hash() == city.state_hash()
    loaded.agents.drop_taps(np.array([0]))
    assert loaded.state_hash() != city.state_hash()  # found taps are part of the hash
    loaded.close()
