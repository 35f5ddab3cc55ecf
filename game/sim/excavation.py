"""Buried hazardous waste: where it lies among the landfills, and digging it back out into the depot.

A landfill's heap is one number (the buildings' `stored` column); what of it is hazardous is not
kept per landfill. The city keeps how much hazardous waste its landfills took (`counters.landfilled`,
less what was dug out since), and this module lays that count over the standing landfills, oldest
first, each holding at most its heap, as the overflow fills them oldest first. The projection is
stable under digging: taking n units from one landfill lowers its share by n and no other's.
Hazardous waste in the heap of a demolished landfill was hauled away and still counts as
untreated; what the standing landfills can hold of it can be dug out of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from game.sim.components import Landfill
from game.sim.waste import HAZARDOUS

if TYPE_CHECKING:
    from game.sim.world import World


def buried_hazardous(world: World) -> tuple[np.ndarray, np.ndarray]:
    """Return the landfills' rows, oldest first, and the hazardous units each holds of its heap."""
    rows = world.layout.rows(Landfill)
    heaps = world.buildings.col("stored")[rows].astype(np.int64)
    buried = int(world.counters.landfilled[HAZARDOUS])
    before = np.concatenate(([0], np.cumsum(heaps)[:-1])) if rows.size else heaps
    return rows, np.clip(buried - before, 0, heaps)


def buried_in(world: World, building_id: int) -> int:
    """Return the hazardous units buried in landfill `building_id` (0 for another building or none)."""
    rows, units = buried_hazardous(world)
    row = world.row_of(building_id)
    found = np.flatnonzero(rows == row)
    return int(units[found[0]]) if found.size else 0


def depot_room(world: World) -> int:
    """Return the hazardous units the depot takes before its overflow goes back to a landfill."""
    return max(0, world.rules.depot_capacity - int(world.depot[HAZARDOUS]))


def dig_out(world: World, building_id: int, units: int) -> None:
    """Move `units` hazardous units from landfill `building_id` into the depot (checked by the caller)."""
    row = world.row_of(building_id)
    world.buildings.col("stored")[row] -= units
    world.counters.landfilled[HAZARDOUS] -= units
    world.depot[HAZARDOUS] += units
