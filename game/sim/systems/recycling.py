"""Recycling: plants turn collected waste into food, fuel and materials, limited by served power.

All plants of one kind draw from the shared depot; their capacity is scaled by the power each
one gets. What the depot cannot hold goes to landfills, oldest first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from game.sim.buildings import BUILDING_TYPES, BuildingType
from game.sim.events import LandfillFull, PlantStalled
from game.sim.systems.collection import take_proportionally  # numpy twin of split_proportionally, for the rare overflow
from game.sim.waste import WASTE_INDEX

if TYPE_CHECKING:
    from game.sim.simulation import Simulation


# Indices of the plant kinds in BUILDING_TYPES, in table order: the kinds share out the depot in this order.
PLANT_KINDS = tuple(index for index, btype in enumerate(BUILDING_TYPES) if btype.is_plant)


def run(sim: Simulation) -> None:
    """Process depot waste in every plant, then send the depot's overflow to landfill."""
    table = sim.buildings
    # The depot has five numbers: plain ints are far cheaper than numpy for arithmetic this small.
    depot = sim.depot.tolist()
    recycled = [0] * len(depot)
    rows = sim.rows_with("capacity")
    if rows.size:
        served = table.col("served_permille")[rows]
        kinds = table.col("kind")[rows]
        # Per kind: how many plants, and their served thousandths added up (exact in float64).
        count = np.bincount(kinds, minlength=len(BUILDING_TYPES)).tolist()
        served_sum = np.bincount(kinds, weights=served, minlength=len(BUILDING_TYPES)).astype(np.int64).tolist()
        done = [0] * len(BUILDING_TYPES)
        capacity = [0] * len(BUILDING_TYPES)
        for kind_index in PLANT_KINDS:
            if count[kind_index]:
                done[kind_index], capacity[kind_index] = _process(sim, BUILDING_TYPES[kind_index], served_sum[kind_index], depot, recycled)
        output = table.col("output_permille")
        stalled = rows[(output[rows] > 0) & (served == 0)]
        # Each plant worked in proportion to its share of its kind's power-scaled capacity.
        kind_done, kind_capacity = np.array(done)[kinds], np.array(capacity)[kinds]
        output[rows] = np.where(kind_capacity > 0, served * kind_done // np.maximum(kind_capacity, 1), 0)
        for row in sorted(stalled.tolist(), key=lambda r: int(table.col("kind")[r])):
            sim.emit(PlantStalled(int(table.col("id")[row]), BUILDING_TYPES[int(table.col("kind")[row])].kind))
    sim.depot[:] = depot
    sim.counters.recycled += recycled
    _landfill_overflow(sim)


def _process(sim: Simulation, btype: BuildingType, served_sum: int, depot: list[int], recycled: list[int]) -> tuple[int, int]:
    """Let every plant of one kind take its accepted waste from `depot`; return (units done, power-scaled capacity)."""
    total_capacity = btype.capacity * served_sum // 1000
    accepted = [WASTE_INDEX[name] for name in btype.accepts]
    piles = [depot[index] for index in accepted]
    taken = split_proportionally(piles, min(total_capacity, sum(piles)))
    done = sum(taken)
    for index, amount in zip(accepted, taken):
        depot[index] -= amount
        recycled[index] += amount
    for resource, per_unit_milli in btype.yields:
        sim.add_resource_milli(resource, done * per_unit_milli)
    sim.ledger.fees += done * btype.fee_per_unit
    return done, total_capacity


def split_proportionally(piles: list[int], amount: int) -> list[int]:
    """Return takes from `piles` in proportion to their size summing to `amount` (≤ their sum)."""
    total = sum(piles)
    if amount >= total:
        return list(piles)
    exact = [pile * amount for pile in piles]
    taken = [value // total for value in exact]
    short = amount - sum(taken)
    # The units that do not divide evenly go to the largest remainders, first pile first on ties.
    for index in sorted(range(len(piles)), key=lambda i: -(exact[i] % total))[:short]:
        taken[index] += 1
    return taken


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
