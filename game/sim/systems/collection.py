"""Ecolife's ground crews: a city-wide capacity shared among waste types by priority weights.

Ecolife collects at housing blocks only; waste dropped anywhere else (caches, spills) is not its
business. Each waste type's share is taken from every block in proportion to its pile, with the
units that do not divide evenly going to the biggest remainders, so nothing is lost to rounding.
Drone hubs add no capacity here: their drones fly the waste in themselves (`systems/drones.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from game.sim.waste import WASTE_ROUND_TICKS, WASTE_TYPES

if TYPE_CHECKING:
    from game.sim.simulation import Simulation


def deliver_loads(sim: Simulation, kinds: np.ndarray, loads: np.ndarray) -> np.ndarray:
    """Put loads of waste types `kinds` into the depot, counted as collected; return the units per type."""
    per_type = np.bincount(kinds, weights=loads, minlength=len(WASTE_TYPES)).astype(np.int64)
    sim.depot += per_type
    sim.counters.collected += per_type
    return per_type


def landfill_room(sim: Simulation) -> int:
    """Return the units all landfills can still take."""
    fills = sim.kind_mask("landfill_capacity")
    return int((sim.type_column("landfill_capacity")[fills] - sim.buildings.col("stored")[fills]).sum())


def share_by_weight(total: int, weights: np.ndarray, limits: np.ndarray) -> np.ndarray:
    """Split `total` units by `weights`, never giving an entry more than its limit; integers."""
    shares = np.zeros(len(weights), np.int64)
    remaining = int(total)
    open_ = (weights > 0) & (limits > 0)
    while remaining > 0 and open_.any():
        weight_sum = int(weights[open_].sum())
        offer = np.where(open_, remaining * weights // weight_sum, 0)
        if not offer.any():  # too little left to split: the heaviest open entry takes one unit
            offer[int(np.argmax(np.where(open_, weights, -1)))] = 1
        offer = np.minimum(offer, limits - shares)
        shares += offer
        remaining -= int(offer.sum())
        open_ &= shares < limits
    return shares


def take_proportionally(piles: np.ndarray, amount: int) -> np.ndarray:
    """Return how much to take from each pile so that the takes sum to `amount` (≤ piles' sum)."""
    return take_rows_proportionally(piles[None, :], np.array([amount]))[0]


def take_rows_proportionally(piles: np.ndarray, amounts: np.ndarray) -> np.ndarray:
    """Return, for each row of piles, how much to take from each pile so that the row's takes sum to its amount.

    Each pile gives its share rounded down; the units left over go to the largest remainders,
    ties to the first piles. A partition finds each row's cut-off remainder (a value, the same on
    every machine); the tied piles at the cut-off are taken in order, since the order in which a
    partition returns tied entries follows the CPU's vector width.
    """
    totals = piles.sum(axis=1, dtype=np.int64)
    amounts = np.minimum(np.asarray(amounts, np.int64), totals)
    exact = piles.astype(np.int64) * amounts[:, None]
    divisor = np.maximum(totals, 1)[:, None]
    taken = exact // divisor
    short = amounts - taken.sum(axis=1)
    rows = np.flatnonzero(short)
    if rows.size:
        remainders = exact[rows] % divisor[rows]
        cuts = remainders.shape[1] - short[rows]
        cut = np.partition(remainders, np.unique(cuts), axis=1)[np.arange(rows.size), cuts][:, None]
        above = remainders > cut
        tied = remainders == cut
        wanted = (short[rows] - above.sum(axis=1))[:, None]
        taken[rows] += above | (tied & (np.cumsum(tied, axis=1) <= wanted))
    return taken


def footprint_tiles(sim: Simulation, rows: np.ndarray) -> np.ndarray:
    """Return the flat indices of every tile covered by the buildings in `rows`."""
    tiles = [
        np.arange(y, y + h)[:, None] * sim.width + np.arange(x, x + w)[None, :]
        for x, y, w, h in zip(
            sim.buildings.col("x")[rows].tolist(),
            sim.buildings.col("y")[rows].tolist(),
            sim.type_column("width")[rows].tolist(),
            sim.type_column("height")[rows].tolist(),
        )
    ]
    return np.concatenate([t.ravel() for t in tiles]) if tiles else np.zeros(0, np.int64)


def footprint_owners(sim: Simulation, rows: np.ndarray) -> np.ndarray:
    """Return, for each tile of `footprint_tiles(sim, rows)`, the position in `rows` it belongs to."""
    sizes = sim.type_column("width")[rows] * sim.type_column("height")[rows]
    return np.repeat(np.arange(rows.size), sizes)


def run(sim: Simulation) -> None:
    """On each round, the ground crews move waste from the blocks' piles to the depot, as capacity and room allow."""
    if sim.tick % WASTE_ROUND_TICKS:
        return
    homes = sim.rows_with("housing_capacity")
    if homes.size == 0:
        return
    tiles = sim.per_layout(("collection", "tiles"), lambda: footprint_tiles(sim, homes))
    flat_waste = sim.waste.reshape(len(WASTE_TYPES), -1)
    piles = flat_waste[:, tiles]  # (types, tiles)
    available = piles.sum(axis=1).astype(np.int64)
    if not available.any():
        return
    depot_room = np.maximum(sim.rules.depot_capacity - sim.depot, 0)
    spare_landfill = landfill_room(sim)
    # Any type may spill into landfill, but the landfill space is counted once for all of them.
    total_room = int(depot_room.sum()) + spare_landfill
    weights = np.array([sim.policies[f"priority.{name}"] for name in WASTE_TYPES], np.int64)
    limits = np.minimum(available, depot_room + spare_landfill)
    shares = share_by_weight(min(sim.rules.collection_base * WASTE_ROUND_TICKS, total_room), weights, limits)
    flat_waste[:, tiles] -= take_rows_proportionally(piles, shares).astype(np.int32)  # blocks never share tiles
    sim.depot += shares
    sim.counters.collected += shares
