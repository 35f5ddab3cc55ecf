"""Recycling: plants turn collected waste into food, fuel and materials, limited by served power.

All plants of one kind draw from the shared depot; their capacity is scaled by the power each
one gets. What the depot cannot hold goes to landfills, oldest first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from game.sim.buildings import BUILDING_TYPES
from game.sim.events import LandfillFull, PlantStalled
from game.sim.systems.collection import take_proportionally
from game.sim.waste import WASTE_INDEX

if TYPE_CHECKING:
    from game.sim.simulation import Simulation


def run(sim: Simulation) -> None:
    """Process depot waste in every plant, then send the depot's overflow to landfill."""
    table = sim.buildings
    kinds = table.col("kind")
    served = table.col("served_permille")
    output = table.col("output_permille")
    for kind_index, btype in enumerate(BUILDING_TYPES):
        if not btype.is_plant:
            continue
        rows = np.flatnonzero(kinds == kind_index)
        if rows.size == 0:
            continue
        was_working = output[rows] > 0
        capacity = btype.capacity * served[rows].astype(np.int64) // 1000
        accepted = np.array([WASTE_INDEX[name] for name in btype.accepts])
        processed = take_proportionally(sim.depot[accepted], min(int(capacity.sum()), int(sim.depot[accepted].sum())))
        done = int(processed.sum())
        sim.depot[accepted] -= processed
        sim.counters.recycled[accepted] += processed
        for resource, per_unit_milli in btype.yields:
            sim.add_resource_milli(resource, done * per_unit_milli)
        sim.ledger.fees += done * btype.fee_per_unit
        # Each plant worked in proportion to its share of the kind's power-scaled capacity.
        total_capacity = int(capacity.sum())
        output[rows] = served[rows] * done // total_capacity if total_capacity else 0
        for row in rows[was_working & (served[rows] == 0)]:
            sim.emit(PlantStalled(int(table.col("id")[row]), btype.kind))
    _landfill_overflow(sim)


def _landfill_overflow(sim: Simulation) -> None:
    overflow = np.maximum(sim.depot - sim.rules.depot_capacity, 0)
    total = int(overflow.sum())
    if total == 0:
        sim.landfill_full = False
        return
    fills = sim.rows_with("landfill_capacity")
    stored = sim.buildings.col("stored")
    room = sim.type_column("landfill_capacity")[fills] - stored[fills]
    placed = 0
    for row, space in zip(fills, room):
        put = min(int(space), total - placed)
        stored[row] += put
        placed += put
        if placed == total:
            break
    taken = take_proportionally(overflow, placed)
    sim.depot -= taken
    sim.counters.landfilled += taken
    if placed < total and not sim.landfill_full:
        sim.emit(LandfillFull(total - placed))
    sim.landfill_full = placed < total
