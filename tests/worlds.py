"""Tiny worlds built in code for the simulation tests: a text map, a few buildings, a scenario.

A map is a list of text rows, one character per tile: `.` ground, `~` water, `R` factory ruins,
`U` undercity. Buildings are `PlacedBuilding(kind, x, y, occupants)` with (x, y) the top-left tile.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from game.sim import Simulation, schedule
from game.sim.cadence import TICKS_PER_DAY
from game.sim.commands import Command, Demolish, Place, PlaceLine, SetPolicy
from game.sim.rules import Rules
from game.sim.scenario import Goals, GoalTarget, PlacedBuilding, Scenario
from game.sim.terrain import GROUND, RUINS, UNDERCITY, WATER

# The most a hostile file of any size under the caps may take to be refused or handled (issue 13):
# the tests that hold a bound on work check against it, generously, so that a slow machine never
# fails them while a quadratic blow-up (tens of seconds or more) always does.
HOSTILE_SECONDS = 5.0

LEGEND = {".": GROUND, "~": WATER, "R": RUINS, "U": UNDERCITY}
# The measuring levels live outside the player's lists (issue 16): the tests read them from the checkout.
BENCH_LEVELS = sorted((Path(__file__).resolve().parents[1] / "bench" / "levels").glob("*.toml"))
BENCH_128 = BENCH_LEVELS[0]  # the dense 128x128 city the tick benchmarks measure

__all__ = [
    "BENCH_128",
    "BENCH_LEVELS",
    "BUSY_BUILDINGS",
    "BUSY_MAP",
    "HOSTILE_SECONDS",
    "LINE_Y",
    "TAP_KW",
    "TAP_MAP",
    "TAP_RULES",
    "TAP_X",
    "TICKS_PER_DAY",
    "GoalTarget",
    "Goals",
    "PlacedBuilding",
    "at",
    "blank",
    "busy_city",
    "busy_commands",
    "run_busy_city",
    "run_system",
    "scenario",
    "step_to_day_end",
    "tap_grid",
    "tap_the_line",
    "terrain",
    "world",
]


def terrain(rows: Sequence[str]) -> np.ndarray:
    """Return the uint8 terrain grid drawn by `rows` (see LEGEND); rows must be equally long."""
    if len({len(row) for row in rows}) != 1:
        raise ValueError("map rows must all have the same length")
    return np.array([[LEGEND[char] for char in row] for row in rows], np.uint8)


def blank(width: int, height: int) -> list[str]:
    """Return the rows of an all-ground map `width` tiles wide and `height` tiles high."""
    return ["." * width] * height


def at(kind: str, x: int, y: int, occupants: int | None = None) -> PlacedBuilding:
    """Return a building of `kind` placed with its top-left corner at (x, y)."""
    return PlacedBuilding(kind, x, y, occupants)


def scenario(
    rows: Sequence[str] | None = None,
    *buildings: PlacedBuilding,
    rules: dict[str, int] | None = None,
    policies: dict[str, int] | None = None,
    **fields: Any,
) -> Scenario:
    """Return a scenario on `rows` (default 12x8 ground) with `buildings`, rule and policy overrides."""
    base = Scenario(
        name="tiny",
        terrain=terrain(rows if rows is not None else blank(12, 8)),
        buildings=tuple(buildings),
        rules=Rules().with_overrides(rules or {}),
        policies=tuple((policies or {}).items()),
    )
    return replace(base, **fields)


def world(
    rows: Sequence[str] | None = None,
    *buildings: PlacedBuilding,
    seed: int | None = None,
    rules: dict[str, int] | None = None,
    policies: dict[str, int] | None = None,
    **fields: Any,
) -> Simulation:
    """Return a simulation of `scenario(...)`; close it when done (the `make_world` fixture does)."""
    return Simulation(scenario(rows, *buildings, rules=rules, policies=policies, **fields), seed=seed)


def run_system(sim: Simulation, system: ModuleType, ticks: int = 1) -> None:
    """Run one system module's scheduled systems for `ticks` ticks, each when its cadence is due, advancing the clock as `Simulation.step` does."""
    entries = schedule.systems_of(system)
    assert entries, f"{system.__name__} has nothing in the schedule"
    for _ in range(ticks):
        for entry in entries:
            if entry.cadence.due(sim.tick):
                entry.run(sim.world)
        sim.world.tick += 1


def step_to_day_end(sim: Simulation) -> None:
    """Step the whole schedule up to (not through) the last tick of the current day."""
    sim.step(TICKS_PER_DAY - 1 - sim.hour)


# A small but busy city for determinism tests: every system has work and randomness matters
# (waste lands on random tiles, movers arrive in jittered groups). Rows are 16 tiles wide.
BUSY_MAP = [
    "................",
    "................",
    "................",
    "................",
    "........~~~.....",
    "........~~~.....",
    "RRR.............",
    "RRR.............",
    "UUUU............",
    "UUUU............",
    "................",
    "................",
]
BUSY_BUILDINGS = (
    PlacedBuilding("solar_farm", 0, 0),
    PlacedBuilding("housing", 3, 0, 120),
    PlacedBuilding("housing", 3, 2, 60),
    PlacedBuilding("housing", 0, 3, 0),
    PlacedBuilding("compost_works", 5, 0),
    PlacedBuilding("fuel_plant", 8, 0),
    PlacedBuilding("landfill", 11, 0),
    PlacedBuilding("garden", 0, 10),
)


def busy_commands() -> list[tuple[int, Command]]:
    """Return (tick, command) pairs that build, demolish and change policy over three days."""
    return [
        (5, Place("housing", 5, 3)),
        (9, SetPolicy("priority.hazardous", 60)),
        (20, PlaceLine(7, 4, 7, 8)),
        (30, Place("drone_hub", 8, 7)),
        (41, Demolish(1, 11)),
        (50, SetPolicy("tax_rate", 14)),
        (60, Place("hazard_treatment", 12, 3)),
        (61, Place("housing", 14, 9)),
    ]


def busy_city(seed: int = 7) -> Simulation:
    """Return a fresh simulation of the busy city with `seed`."""
    return world(BUSY_MAP, *BUSY_BUILDINGS, seed=seed, rules={"depot_capacity": 60})


def run_busy_city(seed: int = 7, ticks: int = 3 * TICKS_PER_DAY) -> list[str]:
    """Run the busy city with its commands and return the state hash after every day."""
    sim = busy_city(seed)
    schedule = dict(busy_commands())
    hashes = []
    try:
        for _ in range(ticks):
            if sim.tick in schedule:
                sim.submit(schedule[sim.tick])
            sim.step()
            if sim.tick % TICKS_PER_DAY == 0:
                hashes.append(sim.state_hash())
    finally:
        sim.close()
    return hashes


# The tap world: a fuel plant feeds a block and a drone hub, and a line runs west along row 3
# towards a camp in the ruins. One search cell covers the whole map, so a patrolling security
# drone searches everywhere; no walker goes for a line by itself (`tap_the_line` sends one).
TAP_MAP = ["RRRR................"] * 3 + ["...................."] * 7
LINE_Y = 3
TAP_X = 5
TAP_KW = 100
TAP_RULES = {"scavenger_tap_permille": 0, "scavenger_tap_kw": TAP_KW, "drone_detect_cell": 32, "drone_search_ticks": 4}


def tap_grid(make: Callable[..., Simulation], rules: dict[str, int] | None = None, **kwargs: Any) -> Simulation:
    """Return the tap world made with `make` (the `make_world` fixture), rule overrides on top of TAP_RULES."""
    from game.sim.scenario import Camp

    return make(
        TAP_MAP, at("fuel_plant", 8, 0), at("housing", 11, 0, 40), at("drone_hub", 13, 0), *[at("power_line", x, LINE_Y) for x in range(4, 11)],
        camps=(Camp("Wire Eaters", 1, 1, members=40),), fuel=50_000, seed=3, rules={**TAP_RULES, **(rules or {})}, **kwargs,
    )


def tap_the_line(sim: Simulation, x: int = TAP_X) -> int:
    """Put the first walker on line tile (x, LINE_Y), tapping it for a long while; return its row."""
    from game.sim.agents import SCAVENGER, TAP

    store = sim.agents.store
    row = int(np.flatnonzero(store.col("kind") == SCAVENGER)[0])
    for name, value in (("x", x), ("px", x), ("tx", x), ("y", LINE_Y), ("py", LINE_Y), ("ty", LINE_Y), ("state", TAP), ("timer", 500)):
        store.col(name)[row] = value
    return row
