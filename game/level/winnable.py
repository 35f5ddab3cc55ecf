"""Goals a level could never let the player meet, found before anyone plays it.

Each check gives (field location, why) for the loader to report at the field's line and column: an
election target with too few elections before the deadline, a day to reach after the deadline, more
held days than the deadline leaves, a population the map has no room to house.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from game.sim.buildings import BUILDING_TYPES
from game.sim.scenario import Goals, GoalTarget, PoliticsSetup
from game.sim.terrain import TERRAIN_BY_NAME

Found = tuple[tuple[str | int, ...], str]


def elections_held_by(politics: PoliticsSetup, last_day: int) -> int:
    """Return how many elections are held at day ends up to day `last_day` (from 1)."""
    every = politics.election_every_days
    if every == 0:
        return 0
    first = politics.first_election_day or every
    return 0 if first > last_day else 1 + (last_day - first) // every


def housing_room(terrain: np.ndarray) -> int:
    """Return the most residents the map could house: every tile housing may stand on, at the densest housing."""
    densest = 0.0
    tiles = 0
    for kind in BUILDING_TYPES:
        if kind.housing_capacity == 0:
            continue
        densest = max(densest, kind.housing_capacity / (kind.width * kind.height))
        codes = [TERRAIN_BY_NAME[name] for name in kind.terrain if name in TERRAIN_BY_NAME]
        tiles = max(tiles, int(np.isin(terrain, codes).sum()))
    return int(densest * tiles)


def unwinnable(goals: Goals, politics: PoliticsSetup, terrain: np.ndarray) -> Iterator[Found]:
    """Yield (location, reason) for each goal of the level that can never be met."""
    deadline = goals.deadline_day
    if deadline and goals.hold_days > deadline:
        yield ("goals", "hold_days"), (
            f"the goals must hold for {goals.hold_days} day ends but the deadline on day {deadline} leaves only {deadline}"
        )
    for index, target in enumerate(goals.targets):
        why = _target_unwinnable(target, deadline, politics, terrain)
        if why is not None:
            yield ("goals", "targets", index), f"{target.describe()} can never be met: {why}"


def _target_unwinnable(target: GoalTarget, deadline: int, politics: PoliticsSetup, terrain: np.ndarray) -> str | None:
    """Return why `target` can never hold before `deadline` (0: none), or None while it might."""
    need = target.at_least
    if need is None or need <= 0:
        return None
    if target.metric == "elections_won":
        if politics.election_every_days == 0:
            return "the level holds no elections (set [politics] election_every_days)"
        if deadline:
            held = elections_held_by(politics, deadline)
            if held < need:
                return f"only {held} election{'s are' if held != 1 else ' is'} held by the deadline on day {deadline}"
    if target.metric == "day" and deadline and need > deadline:
        return f"the level ends on day {deadline}, its deadline"
    if target.metric == "population":
        room = housing_room(terrain)
        if need > room:
            return f"the map has room to house at most {room:,} residents"
    return None
