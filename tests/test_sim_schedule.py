"""The schedule: one place names the systems, their order, cadences and declared access; this pins them.

Changing the schedule means changing the table below on purpose, with the reason in the commit.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import numpy as np
import pytest
from worlds import busy_city, busy_commands

from game.sim import schedule
from game.sim.access import AccessError
from game.sim.cadence import (
    DRONES_FIRST,
    ROUND_TICKS,
    TICKS_PER_DAY,
    TURN_AGENTS,
    WALKERS_FIRST,
    errand_round,
    on_errand_round,
    on_turn,
    turn_rows,
    turns_for,
)

SYSTEMS_DIR = Path(schedule.__file__).parent / "systems"

# name, cadence, reads, writes (world attributes, sorted).
PINNED = [
    ("apply_commands", "every tick", "buildings height layout occupancy outcome rules terrain tick width", "agents buildings command_log counters depot funds ledger next_building_id occupancy pending policies politics pollution population power resources sabotaged story"),
    ("power.start_day", "day start", "", "buildings power"),
    ("scavengers.start_day", "day start", "tick", "agents"),
    ("waste_generation", "round phase 0", "buildings height layout policies rules width", "buildings counters rng waste"),
    ("power", "every tick", "buildings layout occupancy sabotaged tick", "buildings network power resource_milli resources sabotaged"),
    ("recycling", "every tick", "buildings layout rules", "buildings counters depot landfill_full ledger resource_milli resources"),
    ("scavengers.move", "every tick", "layout policies power rules terrain width", "agents"),
    ("taps", "every tick", "layout network policies width", "agents power"),
    ("scavengers.act", "every tick", "buildings height layout network policies rules terrain tick width", "agents counters depot ledger power rng waste"),
    ("scavengers.cache_emission", "round phase 0", "rules", "agents pollution"),
    ("scavengers.settle", "day end", "policies pollution rules scenario", "agents"),
    ("drones.fly", "every tick", "buildings height layout policies rules tick width", "agents counters depot rng waste"),
    ("drones.patrol", "round phase 1", "buildings height layout policies rules tick width", "agents rng"),
    ("drones.guard", "round phase 2", "buildings height layout network policies rules tick width", "agents counters depot ledger power rng"),
    ("collection", "round phase 2", "buildings height layout policies rules width", "counters depot waste"),
    ("collection.inspect", "day end", "buildings height layout policies rules waste width", "agents ledger"),
    ("pollution.waste_emission", "round phase 0", "rules waste", "emission_carry pollution"),
    ("pollution", "every tick", "buildings height layout rules width", "pollution"),
    ("pollution.spread_round", "round phase 1", "height layout rules width", "pollution"),
    ("economy", "day end", "layout policies population rules", "food_short funds last_ledger ledger resources"),
    ("population", "day end", "buildings food_short height layout policies pollution power rules tick waste width", "buildings population resident_contentment rng"),
    ("opinion", "day end", "agents depot funds layout outcome policies pollution population resident_contentment rules tick waste", "politics rng"),
    ("story_events.timeouts", "every tick", "agents counters depot funds ledger policies politics pollution power sabotaged story tick", "agents counters depot funds ledger policies politics pollution power sabotaged story"),
    ("story_events.sequels", "every tick", "agents depot outcome policies politics rules scenario story tick", "story"),
    ("story_events", "day end", "agents depot outcome policies politics rules scenario story tick", "story"),
    ("goals", "day end", "funds outcome politics rules scenario streaks tick", "outcome streaks"),
    ("statistics", "day end", "agents funds history population power resident_contentment resources tick waste", "history"),
]


def test_the_schedule_is_the_pinned_table_of_order_cadence_and_access():
    actual = [(s.name, s.cadence.label, " ".join(sorted(s.reads)), " ".join(sorted(s.writes))) for s in schedule.SCHEDULE]
    assert actual == PINNED


def test_every_scheduled_system_is_a_documented_function_of_the_world():
    for system in schedule.SCHEDULE:
        assert callable(system.run) and system.run.__doc__, system.name
        assert list(system.run.__code__.co_varnames[: system.run.__code__.co_argcount]) == ["world"], system.name


def test_no_system_module_keeps_a_cadence_of_its_own():
    # The schedule says when a system runs: no clock tests and no cadence constants in the systems.
    clock = re.compile(r"tick %|\.hour ==|is_day_end|_CADENCE|_PHASE\b")
    for path in sorted(SYSTEMS_DIR.glob("*.py")):
        found = [line.strip() for line in path.read_text().splitlines() if clock.search(line)]
        assert not found, f"{path.name}: {found}"


def test_the_heavy_round_work_is_spread_over_the_round_not_piled_on_one_tick():
    phases: dict[int, list[str]] = {}
    for system in schedule.SCHEDULE:
        if system.cadence.every == ROUND_TICKS:
            phases.setdefault(system.cadence.phase, []).append(system.name)
    assert len(phases) >= 3, phases
    assert max(len(names) for names in phases.values()) <= 3, phases
    assert not phases.get((TICKS_PER_DAY - 1) % ROUND_TICKS), "the day's end falls on a round phase that should stay light"


def _played(checked: bool, ticks: int = 3 * TICKS_PER_DAY) -> str:
    sim = busy_city(7)
    sim.check_access = checked
    plan = dict(busy_commands())
    try:
        for _ in range(ticks):
            if sim.tick in plan:
                sim.submit(plan[sim.tick])
            sim.step()
        return sim.state_hash()
    finally:
        sim.close()


def test_every_system_keeps_to_its_declared_access_over_three_busy_days():
    assert _played(checked=True) == _played(checked=False)


def _with(name: str, **change: frozenset[str]) -> tuple[schedule.System, ...]:
    return tuple(dataclasses.replace(s, **change) if s.name == name else s for s in schedule.SCHEDULE)


def _entry(name: str) -> schedule.System:
    return next(s for s in schedule.SCHEDULE if s.name == name)


@pytest.mark.parametrize(
    ("name", "change", "message"),
    [
        ("economy", {"reads": _entry("economy").reads - {"population"}}, "economy read world.population but its schedule entry does not declare it"),
        ("collection", {"reads": _entry("collection").reads | {"depot"}, "writes": _entry("collection").writes - {"depot"}},
         "collection changed world.depot but its schedule entry does not declare writing it"),
        ("recycling", {"reads": _entry("recycling").reads | {"counters"}, "writes": _entry("recycling").writes - {"counters"}},
         "recycling changed world.counters but its schedule entry does not declare writing it"),
    ],
)
def test_the_access_check_catches_a_system_that_strays_from_its_entry(monkeypatch, name, change, message):
    monkeypatch.setattr(schedule, "SCHEDULE", _with(name, **change))
    with pytest.raises(AccessError, match=re.escape(message)):
        _played(checked=True)


def test_a_small_city_acts_at_once_and_a_big_one_a_turn_at_a_time():
    rows = np.arange(20_000)
    assert turns_for(1_100, TURN_AGENTS) == 1 and turns_for(100_000, TURN_AGENTS) == ROUND_TICKS
    # One turn: every walker acts on the round's first tick and picks errands on even rounds only.
    assert turn_rows(0, 1) == slice(0, None, 1) and all(turn_rows(tick, 1) is None for tick in (1, 2, 3))
    # The drones' turns start a tick later: in one turn they all fly on the round's second tick.
    assert [tick for tick in range(ROUND_TICKS) if turn_rows(tick, 1, DRONES_FIRST) is not None] == [DRONES_FIRST] != [WALKERS_FIRST]
    assert [tick for tick in range(ROUND_TICKS) if on_turn(np.arange(4), tick, 2, DRONES_FIRST).any()] == [1, 2]
    assert on_errand_round(rows, 0, 1).all() and not on_errand_round(rows, ROUND_TICKS, 1).any()
    assert errand_round(0, 1) and not errand_round(ROUND_TICKS, 1)
    # Four turns: a quarter of the rows act each tick, and half of them may pick an errand each round.
    acting = [rows[turn_rows(tick, ROUND_TICKS)] for tick in range(ROUND_TICKS)]
    assert sorted(np.concatenate(acting).tolist()) == rows.tolist()
    for tick in (0, ROUND_TICKS):
        assert errand_round(tick, ROUND_TICKS) and on_errand_round(rows, tick, ROUND_TICKS).mean() == 0.5
    assert (on_errand_round(rows, 0, ROUND_TICKS) ^ on_errand_round(rows, ROUND_TICKS, ROUND_TICKS)).all()
