"""Every number a file can hold has a range the simulation handles for any number of ticks.

Each rule and each saved grid, column and figure is driven to both ends of its range: the game
runs on without a traceback, no stock or grid goes negative, the agent store and the grids stay
within their stated bounds, and the save it writes loads again. One step past either end is refused
when the file is read, in one line naming the file and the field.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from worlds import BUSY_MAP, at, world

from game.level import InputError, load_level
from game.level.save import SAVE_VERSION, SaveState, _Ledger, _Milli, _Stocks, _Streaks, load_game, pack_entries, save_bytes
from game.level.schema import MAX_CAMPS, MAX_RULE
from game.sim import Simulation
from game.sim.agents import MAX_AGENTS, MAX_DRONES, MAX_LOAD, MAX_TIMER, MAX_TRIBE_MEMBERS, MAX_TRIBES
from game.sim.buildings import BUILDING_INDEX, BUILDING_TYPES
from game.sim.cadence import TICKS_PER_DAY
from game.sim.checks import SAVED_INT_LIMIT
from game.sim.commands import Place, PlaceLine, Rejected
from game.sim.rules import RULE_MAXIMA, Rules
from game.sim.scenario import Camp
from game.sim.snapshot import capture
from game.sim.state import MAX_FUNDS, MAX_STOCK, MAX_STREAK_DAYS, MAX_TALLY
from game.sim.table import COLUMN_RANGES, MAX_BUILDING_ID, MAX_KW
from game.sim.waste import MAX_WASTE_PER_TILE

# A small city where every system has work: blocks, plants, a landfill, a hub, lines, two camps.
BUILDINGS = (
    at("solar_farm", 0, 0), at("housing", 3, 0, 200), at("housing", 3, 2, 200), at("compost_works", 5, 0),
    at("fuel_plant", 8, 0), at("landfill", 11, 0), at("garden", 0, 10), at("drone_hub", 8, 7),
    at("hazard_treatment", 12, 3), at("power_line", 7, 4), at("power_line", 7, 5),
)
CAMPS = (Camp("Drum Alley", 1, 7, 5_000, 50), Camp("Wire Yard", 2, 9, 5_000, 90))
TICKS = TICKS_PER_DAY + 5  # a day's end (growth, the economy, the goals) and a round after it


def city(rules: dict[str, int] | None = None) -> Simulation:
    """Return the busy little city with `rules` overridden."""
    return world(BUSY_MAP, *BUILDINGS, seed=5, rules=rules, camps=CAMPS)


def assert_sound(sim: Simulation) -> None:
    """Assert that nothing went negative or past its bound."""
    w = sim.world
    assert int(w.waste.min()) >= 0 and int(w.waste.max()) <= MAX_WASTE_PER_TILE
    assert int(w.pollution.min()) >= 0 and int(w.pollution.max()) <= w.rules.pollution_cap
    assert int(w.depot.min()) >= 0 and min(w.resources.values()) >= 0
    for name in ("generated", "collected", "recycled", "landfilled"):
        assert int(getattr(w.counters, name).min()) >= 0 and int(getattr(w.counters, name).max()) <= MAX_TALLY
    assert -MAX_FUNDS <= w.funds <= MAX_FUNDS
    store = w.agents.store
    assert store.count <= MAX_AGENTS and int((store.col("kind") != 0).sum()) <= MAX_DRONES
    assert store.count == 0 or (int(store.col("load").min()) >= 0 and int(store.col("load").max()) <= MAX_LOAD)
    assert store.count == 0 or (int(store.col("timer").min()) >= -MAX_TIMER and int(store.col("timer").max()) <= MAX_TIMER)
    assert all(0 <= tribe.members <= MAX_TRIBE_MEMBERS for tribe in w.agents.tribes)


def reloaded(sim: Simulation, tmp_path: Path) -> Simulation:
    """Return the game `sim` saves, loaded again from a file."""
    path = tmp_path / "game.neoterra"
    path.write_bytes(save_bytes(sim))
    return load_game(path)


def played(sim: Simulation, tmp_path: Path) -> None:
    """Run `sim` (saving it mid-day too), check it, save it, load it, run and check the loaded game; close both."""
    try:
        sim.step(TICKS_PER_DAY // 2)
        assert_sound(sim)
        reloaded(sim, tmp_path).close()
        sim.step(TICKS - TICKS_PER_DAY // 2)
        assert_sound(sim)
        again = reloaded(sim, tmp_path)
        try:
            again.step(ROUND)
            assert_sound(again)
            assert reloaded(again, tmp_path).close() is None
        finally:
            again.close()
    finally:
        sim.close()


ROUND = 4


# --- rules ------------------------------------------------------------------------------------

def test_the_agent_store_bound_holds_every_walker_and_drone_the_rules_allow() -> None:
    assert MAX_TRIBES == MAX_CAMPS
    assert MAX_TRIBES * Rules.maximum("scavengers_per_camp_cap") + MAX_DRONES <= MAX_AGENTS


def test_every_rule_has_its_own_maximum_within_the_level_format() -> None:
    assert set(RULE_MAXIMA) == set(Rules.names())
    assert all(0 < RULE_MAXIMA[name] <= MAX_RULE and getattr(Rules(), name) <= RULE_MAXIMA[name] for name in Rules.names())


def brimming(sim: Simulation) -> Simulation:
    """Return `sim` with some tiles' pollution and waste at their caps, as a long neglect leaves them."""
    sim.world.pollution[::2, ::2] = sim.world.rules.pollution_cap
    sim.world.waste[:, ::3, ::3] = MAX_WASTE_PER_TILE
    return sim


@pytest.mark.parametrize("end", ["least", "most"])
@pytest.mark.parametrize("name", Rules.names())
def test_a_rule_at_either_end_of_its_range_plays_and_saves(name: str, end: str, tmp_path: Path) -> None:
    played(brimming(city({name: 0 if end == "least" else Rules.maximum(name)})), tmp_path)


def test_every_rule_at_its_maximum_at_once_plays_and_saves(tmp_path: Path) -> None:
    played(brimming(city(dict(RULE_MAXIMA))), tmp_path)


def test_the_readme_lists_every_rule_with_its_default_and_its_maximum() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for name in Rules.names():
        assert f"| `{name}` | {getattr(Rules(), name):,} | {Rules.maximum(name):,} |" in readme, name


LEVEL = """\
format = 2
name = "Limits"
[map]
rows = ["....", "...."]
[rules]
{rule} = {value}
"""


@pytest.mark.parametrize("name", Rules.names())
def test_a_rule_past_its_maximum_is_refused_in_one_line_naming_the_file_and_the_field(name: str, tmp_path: Path) -> None:
    path = tmp_path / "level.toml"
    path.write_text(LEVEL.format(rule=name, value=Rules.maximum(name)), encoding="utf-8")
    assert load_level(path).rules.as_dict()[name] == Rules.maximum(name)
    for value in (Rules.maximum(name) + 1, -1):
        path.write_text(LEVEL.format(rule=name, value=value), encoding="utf-8")
        with pytest.raises(InputError) as caught:
            load_level(path)
        [problem] = caught.value.problems
        assert re.match(rf"{re.escape(str(path))}:\d+:\d+: rules\.{name}: ", problem) and "\n" not in problem


# Any mix of rules, each at an end of its range, its default or anywhere between: a few examples,
# each a day's play, a save and a load (the parametrized tests above take each rule to its ends alone).
RULE_VALUES = st.fixed_dictionaries({}, optional={
    name: st.sampled_from([0, getattr(Rules(), name), Rules.maximum(name)]) | st.integers(0, Rules.maximum(name))
    for name in Rules.names()
})


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rules=RULE_VALUES)
def test_any_mix_of_rules_within_their_ranges_plays_and_saves(rules: dict[str, int], tmp_path: Path) -> None:
    played(city(rules), tmp_path)


def test_every_hub_gets_its_drones_while_the_store_bound_allows() -> None:
    hubs = tuple(at("drone_hub", x, y) for y in range(0, 40, 2) for x in range(0, 40, 2))
    sim = world(["." * 40] * 40, *hubs, rules={"drone_collection_per_hub": 64, "drone_security_per_hub": 64})
    try:
        from game.sim.systems import drones

        drones.match_hubs(sim.world, sim.world.agents)
        assert int((sim.world.agents.store.col("kind") != 0).sum()) == len(hubs) * 128
    finally:
        sim.close()


def test_the_drones_of_all_hubs_never_pass_max_drones(monkeypatch: pytest.MonkeyPatch) -> None:
    from game.sim.systems import drones

    monkeypatch.setattr(drones, "MAX_DRONES", 100)
    sim = world(["." * 12] * 8, at("drone_hub", 0, 0), at("drone_hub", 4, 0), rules={"drone_collection_per_hub": 64})
    try:
        sim.step(ROUND)
        kinds = sim.world.agents.store.col("kind")
        assert int((kinds != 0).sum()) == 100
    finally:
        sim.close()


def test_a_tribe_fed_on_the_fastest_growth_stops_at_its_bound(tmp_path: Path) -> None:
    sim = city({"scavenger_growth_permille": 1_000, "scavenger_capacity_permille": 10_000_000, "scavenger_food_per_100_members": 0})
    for tribe in sim.world.agents.tribes:
        tribe.members = MAX_TRIBE_MEMBERS - 1
    sim.step(2 * TICKS_PER_DAY)
    assert [tribe.members for tribe in sim.world.agents.tribes] == [MAX_TRIBE_MEMBERS] * len(CAMPS)
    played(sim, tmp_path)


def test_waste_piles_saturate_at_their_cap_instead_of_wrapping() -> None:
    sim = city({"waste_organic_milli": 1_000})
    try:
        sim.world.waste[:] = MAX_WASTE_PER_TILE - 1
        sim.step(2 * ROUND)
        # Full piles stay full (walkers may take a load or two off some): none wraps below zero.
        assert MAX_WASTE_PER_TILE - 1_000 <= int(sim.world.waste.max()) <= MAX_WASTE_PER_TILE and int(sim.world.waste.min()) >= 0
    finally:
        sim.close()


# --- building ids -------------------------------------------------------------------------------

def test_a_placement_past_the_last_building_id_is_refused_as_a_command(tmp_path: Path) -> None:
    sim = city()
    sim.world.next_building_id = MAX_BUILDING_ID
    sim.submit(Place("housing", 12, 9))
    sim.step()
    for command in (Place("housing", 14, 9), PlaceLine(13, 6, 15, 6)):
        sim.submit(command)
        sim.step()
        outcome = sim.world.command_log[-1][2]
        assert isinstance(outcome, Rejected) and "building ids" in outcome.reason
    assert sim.world.next_building_id == MAX_BUILDING_ID + 1
    played(sim, tmp_path)


# --- saved fields -------------------------------------------------------------------------------

def packed(meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> bytes:
    """Return a save file of a snapshot as the game writes one (tests change the snapshot first)."""
    state = json.dumps(meta, separators=(",", ":")).encode()
    buffer = io.BytesIO()
    np.savez_compressed(buffer, allow_pickle=False, **arrays)
    header = {
        "format": "neo-terra-save", "version": SAVE_VERSION, "game_version": "test",
        "checksum": hashlib.sha256(state + buffer.getvalue()).hexdigest(), "level_name": meta["scenario"]["name"],
        "tick": meta["tick"],
    }
    return pack_entries(json.dumps(header).encode(), state, buffer.getvalue())


Snapshot = tuple[dict[str, Any], dict[str, np.ndarray]]


def _array(name: str, value: int) -> Callable[[Snapshot], None]:
    def change(snapshot: Snapshot) -> None:
        array = snapshot[1][name]
        array[...] = value
    return change


def _meta(*path: str | int, value: int) -> Callable[[Snapshot], None]:
    def change(snapshot: Snapshot) -> None:
        target: Any = snapshot[0]
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


def _all(*changes: Callable[[Snapshot], None]) -> Callable[[Snapshot], None]:
    def change(snapshot: Snapshot) -> None:
        for one in changes:
            one(snapshot)
    return change


# In debt, and never lost for it: the bankrupt streak runs on.
IN_DEBT_FOR_EVER = (_meta("funds", value=-MAX_FUNDS), _meta("scenario", "rules", "bankrupt_days", value=0))


def _column(name: str, value: int) -> Callable[[Snapshot], None]:
    return _array(f"building_{name}", value)


def _at(name: str, value: int, where: tuple[int, ...]) -> Callable[[Snapshot], None]:
    def change(snapshot: Snapshot) -> None:
        snapshot[1][name][where] = value
    return change


def _of_kind(column: str, kind: str, value: int) -> Callable[[Snapshot], None]:
    def change(snapshot: Snapshot) -> None:
        arrays = snapshot[1]
        arrays[f"building_{column}"][arrays["building_kind"] == BUILDING_INDEX[kind]] = value
    return change


CAP = Rules().pollution_cap
HOUSING_CAPACITY = BUILDING_TYPES[BUILDING_INDEX["housing"]].housing_capacity
LANDFILL_CAPACITY = BUILDING_TYPES[BUILDING_INDEX["landfill"]].landfill_capacity
# Each saved field with its range: (name, change to the least, change to the most, change just past one end).
SAVED: dict[str, tuple[Callable[[Snapshot], None], Callable[[Snapshot], None], Callable[[Snapshot], None]]] = {
    "pollution": (_array("pollution", 0), _array("pollution", CAP), _array("pollution", CAP + 1)),
    "emission_carry": (_array("emission_carry", 0), _array("emission_carry", 999), _array("emission_carry", 1000)),
    "waste": (_array("waste", 0), _array("waste", MAX_WASTE_PER_TILE), _array("waste", MAX_WASTE_PER_TILE + 1)),
    "depot": (_array("depot", 0), _array("depot", MAX_TALLY), _array("depot", MAX_TALLY + 1)),
    **{
        name: (_array(name, 0), _array(name, MAX_TALLY), _array(name, MAX_TALLY + 1))
        for name in ("generated", "collected", "recycled", "landfilled")
    },
    **{
        f"power_{name}": (_array(f"power_{name}", 0), _array(f"power_{name}", MAX_KW), _array(f"power_{name}", MAX_KW + 1))
        for name in ("supply_kw", "demand_kw", "siphoned_kw")
    },
    **{
        f"building_{name}": (_column(name, low), _column(name, high), _column(name, high + 1))
        for name, (low, high) in COLUMN_RANGES.items()
        if high is not None and name != "id"
    },
    "building_occupants": (_column("occupants", 0), _of_kind("occupants", "housing", HOUSING_CAPACITY),
                           _of_kind("occupants", "housing", HOUSING_CAPACITY + 1)),
    "building_stored": (_column("stored", 0), _of_kind("stored", "landfill", LANDFILL_CAPACITY),
                        _of_kind("stored", "landfill", LANDFILL_CAPACITY + 1)),
    "agents_caches": (_array("agents_caches", 0), _at("agents_caches", MAX_WASTE_PER_TILE, (9, 1)),
                      _at("agents_caches", MAX_WASTE_PER_TILE + 1, (9, 1))),
    "agents_col_load": (_array("agents_col_load", 0), _array("agents_col_load", MAX_LOAD), _array("agents_col_load", MAX_LOAD + 1)),
    "agents_col_timer": (_array("agents_col_timer", -MAX_TIMER), _array("agents_col_timer", MAX_TIMER),
                         _array("agents_col_timer", -MAX_TIMER - 1)),
    "funds": (_meta("funds", value=-MAX_FUNDS), _meta("funds", value=MAX_FUNDS), _meta("funds", value=MAX_FUNDS + 1)),
    "resources": (_meta("resources", "food", value=0), _meta("resources", "food", value=MAX_STOCK),
                  _meta("resources", "food", value=MAX_STOCK + 1)),
    "streaks": (_meta("streaks", "bankrupt", value=0), _all(_meta("streaks", "bankrupt", value=MAX_STREAK_DAYS), *IN_DEBT_FOR_EVER),
                _meta("streaks", "dark", value=MAX_STREAK_DAYS + 1)),
    "next_building_id": (_meta("next_building_id", value=MAX_BUILDING_ID + 1), _meta("next_building_id", value=MAX_BUILDING_ID + 1),
                         _meta("next_building_id", value=MAX_BUILDING_ID + 2)),
    "scenario.buildings": (_meta("scenario", "buildings", value=[]), _meta("scenario", "buildings", 1, "occupants", value=HOUSING_CAPACITY),
                           _meta("scenario", "buildings", 1, "occupants", value=HOUSING_CAPACITY + 1)),
    "society.politics.next_day": (_meta("society", "politics", "next_day", value=0),
                                  _meta("society", "politics", "next_day", value=SAVED_INT_LIMIT),
                                  _meta("society", "politics", "next_day", value=SAVED_INT_LIMIT + 1)),
    "society.agents.tribes": (_meta("society", "agents", "tribes", 0, "members", value=0),
                              _meta("society", "agents", "tribes", 0, "members", value=MAX_TRIBE_MEMBERS),
                              _meta("society", "agents", "tribes", 0, "members", value=MAX_TRIBE_MEMBERS + 1)),
}


def _saved_with(change: Callable[[Snapshot], None], tmp_path: Path) -> Path:
    """Return the path of a save of the city, a day in, with `change` made to its snapshot."""
    sim = city({"pollution_cap": CAP})
    try:
        sim.step(TICKS_PER_DAY)
        meta, arrays = capture(sim.world)
    finally:
        sim.close()
    arrays = {name: array.copy() for name, array in arrays.items()}
    meta = json.loads(json.dumps(meta))
    change((meta, arrays))
    path = tmp_path / "changed.neoterra"
    path.write_bytes(packed(meta, arrays))
    return path


@pytest.mark.parametrize("end", [0, 1])
@pytest.mark.parametrize("name", list(SAVED))
def test_a_saved_field_at_either_end_of_its_range_loads_plays_and_saves_again(name: str, end: int, tmp_path: Path) -> None:
    played(load_game(_saved_with(SAVED[name][end], tmp_path)), tmp_path)


@pytest.mark.parametrize("name", list(SAVED))
def test_a_saved_field_past_its_range_is_refused_in_one_line_naming_the_file_and_the_field(name: str, tmp_path: Path) -> None:
    path = _saved_with(SAVED[name][2], tmp_path)
    with pytest.raises(InputError) as caught:
        load_game(path).close()
    [problem] = caught.value.problems
    field = name.split(".")[-1]
    assert problem.startswith(f"{path}: ") and field in problem and "\n" not in problem


def _saved_arrays() -> list[str]:
    sim = city()
    try:
        return sorted(capture(sim.world)[1])
    finally:
        sim.close()


@pytest.mark.parametrize("end", ["min", "max"])
@pytest.mark.parametrize("name", _saved_arrays())
def test_a_saved_array_at_its_dtypes_end_is_refused_in_one_line_or_plays_and_saves(name: str, end: str, tmp_path: Path) -> None:
    def change(snapshot: Snapshot) -> None:
        array = snapshot[1][name]
        info = np.iinfo(array.dtype)
        array[...] = info.min if end == "min" else info.max

    path = _saved_with(change, tmp_path)
    try:
        sim = load_game(path)
    except InputError as error:  # naming the array, or what it breaks (camps off their terrain)
        assert error.problems and all(problem.startswith(f"{path}: ") and "\n" not in problem for problem in error.problems)
        return
    played(sim, tmp_path)


def _bounds(model: type[BaseModel], name: str) -> tuple[int, int]:
    """Return the least and most the save's model allows in int field `name`."""
    metadata = model.model_fields[name].metadata
    low = next(m.ge for m in metadata if hasattr(m, "ge"))
    high = next(m.le for m in metadata if hasattr(m, "le"))
    return low, high


# The numbers of state.json the game counts with, by path; each model's own bounds are its range.
STATE_NUMBERS: list[tuple[tuple[str, ...], type[BaseModel], str]] = [
    *(((name,), SaveState, name) for name in ("funds", "population", "resident_contentment", "next_building_id")),
    *((("resources", name), _Stocks, name) for name in _Stocks.model_fields),
    *((("resource_milli", name), _Milli, name) for name in _Milli.model_fields),
    *(((ledger, name), _Ledger, name) for ledger in ("ledger", "last_ledger") for name in _Ledger.model_fields),
    *((("streaks", name), _Streaks, name) for name in _Streaks.model_fields),
]


@pytest.mark.parametrize("end", [0, 1, 2])
@pytest.mark.parametrize(("path", "model", "name"), STATE_NUMBERS, ids=[".".join(path) for path, _, _ in STATE_NUMBERS])
def test_a_number_of_the_state_at_its_models_ends_plays_and_one_past_is_refused(
    path: tuple[str, ...], model: type[BaseModel], name: str, end: int, tmp_path: Path
) -> None:
    low, high = _bounds(model, name)
    value = (low, high, high + 1)[end]
    if path == ("next_building_id",) and end == 0:
        value = MAX_BUILDING_ID + 1 - 1_000  # above the city's buildings' ids, as the loader asks
    saved = _saved_with(_meta(*path, value=value), tmp_path)
    if end < 2:
        played(load_game(saved), tmp_path)
        return
    with pytest.raises(InputError) as caught:
        load_game(saved).close()
    [problem] = caught.value.problems
    assert problem.startswith(f"{saved}: state.json: {'.'.join(path)}: "), problem
