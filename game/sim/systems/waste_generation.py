"""Housing makes waste by population; each block piles it on one of its own tiles."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from game.sim.waste import WASTE_ROUND_TICKS, WASTE_TYPES

if TYPE_CHECKING:
    from game.sim.simulation import Simulation


def rates_milli(sim: Simulation) -> np.ndarray:
    """Return thousandths of a waste unit per resident per tick, by waste type."""
    return np.array([getattr(sim.rules, f"waste_{name}_milli") for name in WASTE_TYPES], np.int64)


def run(sim: Simulation) -> None:
    """Every few ticks, add the waste of every housing block since the last time to its pile."""
    if sim.tick % WASTE_ROUND_TICKS:
        return
    homes = sim.rows_with("housing_capacity")
    if homes.size == 0:
        return
    table = sim.buildings
    occupants = table.col("occupants")[homes].astype(np.int64)
    per_resident = rates_milli(sim) * WASTE_ROUND_TICKS
    accumulated = table.col("waste_milli")[homes] + occupants[:, None] * per_resident[None, :]
    whole = accumulated // 1000
    table.col("waste_milli")[homes] = accumulated % 1000
    if not whole.any():
        return
    sim.counters.generated += whole.sum(axis=0)
    if sim.policies["community_recycling"]:
        whole = _sort_at_the_door(sim, whole)
    # Residents leave their bags on a random tile of the block's footprint.
    width = sim.type_column("width")[homes]
    spot = sim.rng.integers(0, width * sim.type_column("height")[homes])
    xs = table.col("x")[homes] + spot % width
    ys = table.col("y")[homes] + spot // width
    # Blocks never share tiles, so each tile index appears once and plain fancy adds are exact.
    sim.waste.reshape(len(WASTE_TYPES), -1)[:, ys * sim.width + xs] += whole.T.astype(np.int32)


def _sort_at_the_door(sim: Simulation, whole: np.ndarray) -> np.ndarray:
    """Send the community programme's share of each block's sortable waste to the depot; return what is left.

    Neighbourhood sorting points take organic, plastic, metal and e-waste, never hazardous waste.
    """
    sorted_share = whole * sim.rules.community_sorted_percent // 100
    sorted_share[:, WASTE_TYPES.index("hazardous")] = 0
    taken = sorted_share.sum(axis=0)
    sim.depot += taken
    sim.counters.collected += taken
    return whole - sorted_share
