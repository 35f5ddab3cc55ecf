"""Ecolife's ground crews: a city-wide capacity shared among waste types by priority weights.

Ecolife collects at housing blocks only; waste dropped anywhere else (caches, spills) is not its
business. Each waste type's share is taken from every block in proportion to its pile, with the
units that do not divide evenly going to the biggest remainders, so nothing is lost to rounding.
Drone hubs add no capacity here: their drones fly the waste in themselves (`systems/drones.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import numpy.typing as npt

from game.sim.cadence import ROUND_TICKS
from game.sim.components import Housing, Landfill
from game.sim.state import add_to_tally
from game.sim.waste import WASTE_TYPES

if TYPE_CHECKING:
    from game.sim.world import World

PRIORITY_POLICIES = tuple(f"priority.{name}" for name in WASTE_TYPES)
HAZARDOUS = WASTE_TYPES.index("hazardous")
INT32_LIMIT = 2**31 - 1

# Waste units: int32 on the grid, int64 in the depot and the drones' holds.
Units = npt.NDArray[np.integer[Any]]
_Int = TypeVar("_Int", bound=np.integer[Any])


def deliver_loads(world: World, kinds: np.ndarray, loads: np.ndarray) -> npt.NDArray[np.int64]:
    """Put loads of waste types `kinds` into the depot, counted as collected; return the units per type."""
    per_type = np.bincount(kinds, weights=loads, minlength=len(WASTE_TYPES)).astype(np.int64)
    add_to_tally(world.depot, per_type)
    add_to_tally(world.counters.collected, per_type)
    return per_type


def neglect_is_criminal(world: World) -> bool:
    """Return whether leaving hazardous waste uncollected is a crime (the `criminalise_neglect` policy)."""
    return bool(world.policies.get("criminalise_neglect", 0))


def waste_weights(world: World) -> list[int]:
    """Return Ecolife's priority weight per waste type, for the ground crews and the drones alike.

    While neglect is criminal, hazardous waste weighs at least `neglect_hazard_weight_percent` of
    the heaviest weight: Ecolife must collect it, whatever its settings say.
    """
    weights = [int(world.policies.get(name, 0)) for name in PRIORITY_POLICIES]
    if neglect_is_criminal(world):
        floor = -(-max(weights) * world.rules.neglect_hazard_weight_percent // 100)
        weights[HAZARDOUS] = max(weights[HAZARDOUS], floor)
    return weights


def landfill_room(world: World) -> int:
    """Return the units all landfills can still take."""
    fills = world.layout.rows(Landfill)
    if fills.size == 0:
        return 0
    return int(world.layout.derive(_landfill_capacity, world)) - int(world.buildings.col("stored").take(fills).sum())


def _landfill_capacity(world: World) -> np.ndarray:
    """Return the units all landfills hold when full (a 0-d array; built once per layout)."""
    return np.array(int(world.layout.values(Landfill, "capacity")[world.layout.rows(Landfill)].sum()), np.int64)


def share_by_weight(total: int, weights: Sequence[int], limits: Sequence[int]) -> npt.NDArray[np.int64]:
    """Split `total` units by `weights`, never giving an entry more than its limit; integers.

    A handful of entries: plain Python integers are several times faster here than numpy calls.
    """
    weights, limits = [int(weight) for weight in weights], [int(limit) for limit in limits]
    shares = [0] * len(weights)
    remaining = int(total)
    open_ = [weight > 0 and limit > 0 for weight, limit in zip(weights, limits)]
    while remaining > 0 and any(open_):
        weight_sum = sum(weight for weight, is_open in zip(weights, open_) if is_open)
        offer = [remaining * weight // weight_sum if is_open else 0 for weight, is_open in zip(weights, open_)]
        if not any(offer):  # too little left to split: the heaviest open entry (the first of equals) takes one unit
            offer[max((i for i, is_open in enumerate(open_) if is_open), key=weights.__getitem__)] = 1
        offer = [min(units, limit - share) for units, limit, share in zip(offer, limits, shares)]
        shares = [share + units for share, units in zip(shares, offer)]
        remaining -= sum(offer)
        open_ = [is_open and share < limit for is_open, share, limit in zip(open_, shares, limits)]
    return np.array(shares, np.int64)


def take_proportionally(piles: Units, amount: int) -> npt.NDArray[np.int64]:
    """Return how much to take from each pile so that the takes sum to `amount` (≤ piles' sum)."""
    return take_rows_proportionally(piles[None, :], np.array([amount]))[0, :]


def take_rows_proportionally(piles: Units, amounts: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Return, for each row of piles, how much to take from each pile so that the row's takes sum to its amount.

    Each pile gives its share rounded down; the units left over go to the largest remainders,
    ties to the first piles.
    """
    return _take_rows(piles, amounts, _row_sums(piles))


def _row_sums(piles: Units) -> npt.NDArray[np.int64]:
    """Return each row's sum (int64) of a 2-d array with at least one column.

    `reduceat` over the flat rows: numpy's reduction along the short axis of a few wide rows is
    several times slower.
    """
    if piles.shape[1] == 0:
        return np.zeros(piles.shape[0], np.int64)
    return np.add.reduceat(piles.reshape(-1), _row_starts(piles), dtype=np.int64)


def _row_starts(piles: Units) -> npt.NDArray[np.intp]:
    """Return where each row of a 2-d array starts in its flattened form."""
    return np.arange(0, piles.size, piles.shape[1])


def _take_rows(piles: Units, amounts: npt.NDArray[np.int64], totals: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Return `take_rows_proportionally(piles, amounts)`, given each row's total (int64)."""
    amounts = np.minimum(np.asarray(amounts, np.int64), totals)
    if piles.size:
        largest = np.maximum.reduceat(piles.reshape(-1), _row_starts(piles)).tolist()
        if _shares_round_to_nothing(largest, amounts.tolist(), totals.tolist()):
            return _units_to_largest(piles, amounts, max(largest))
    exact = piles * amounts[:, None]  # int64
    divisor = np.maximum(totals, 1)[:, None]
    taken = exact // divisor
    short = amounts - np.add.reduce(taken, axis=1)  # the ufunc itself: .sum() costs a wrapper
    rows = short.nonzero()[0]
    if rows.size == 0:
        return taken
    every_row = rows.size == short.size
    if not every_row:
        exact, divisor, short = exact[rows], divisor[rows], short[rows]
    remainders = exact - (taken if every_row else taken[rows]) * divisor
    chosen = _first_largest(remainders, short, int(np.maximum.reduce(divisor, axis=None)))
    if every_row:
        taken += chosen
    else:
        taken[rows] += chosen
    return taken


def _shares_round_to_nothing(largest: list[int], amounts: list[int], totals: list[int]) -> bool:
    """Return whether every pile's proportional share rounds down to zero, given each row's largest pile.

    That is the usual round: a few dozen units taken from hundreds of small piles.
    """
    return all(amount == 0 or amount * pile < total for amount, pile, total in zip(amounts, largest, totals))


def _units_to_largest(piles: Units, amounts: npt.NDArray[np.int64], largest: int) -> npt.NDArray[np.int64]:
    """Return takes of one unit from each of a row's `amounts[row]` largest piles (each at most `largest`), ties to the first.

    This is what `_take_rows` gives when every share rounds down to zero: each remainder is then
    pile * amount, ranked as the piles are, and the whole amount goes to the largest remainders.
    """
    rows = amounts.nonzero()[0]
    if rows.size == 0:
        return np.zeros(piles.shape, np.int64)
    width = piles.shape[1]
    every_row = rows.size == amounts.size
    # Pile then position as one key: no two tie. int32 keys are cheaper, while they fit (a pile is below 2**31).
    dtype = np.int32 if (largest + 1) * width <= INT32_LIMIT else np.int64
    keys = np.multiply(piles if every_row else piles[rows], width, dtype=dtype)
    keys += np.arange(width - 1, -1, -1, dtype=dtype)
    chosen = keys >= _largest(keys, amounts if every_row else amounts[rows])[:, None]
    if every_row:
        return chosen.astype(np.int64)
    taken = np.zeros(piles.shape, np.int64)
    taken[rows] = chosen
    return taken


def _first_largest(remainders: npt.NDArray[np.int64], counts: npt.NDArray[np.int64], bound: int) -> npt.NDArray[np.bool_]:
    """Mark, in each row of `remainders` (each below `bound`), its `counts[row]` largest; ties go to the first."""
    width: int = remainders.shape[1]
    if bound * width < 2**62:
        # Remainder then position as one key: no two piles tie, so the largest keys are the ones to mark.
        keys = remainders * width
        keys += np.arange(width - 1, -1, -1)
        return keys >= _largest(keys, counts)[:, None]
    # Keys would overflow: find the cut-off remainder and hand the tied piles out in order.
    cut = _largest(remainders, counts)[:, None]
    above = remainders > cut
    tied: npt.NDArray[np.bool_] = remainders == cut  # numpy's stubs type == as Any (ndarray.__eq__ overrides object's)
    wanted: npt.NDArray[np.int64] = (counts - above.sum(axis=1))[:, None]  # numpy's stubs type a sum along an axis as Any
    return above | (tied & (np.cumsum(tied, axis=1) <= wanted))


def _largest(values: npt.NDArray[_Int], ranks: npt.NDArray[np.int64]) -> npt.NDArray[_Int]:
    """Return, for each row of `values`, its `ranks[row]`-th largest value (ranks from 1, at least one).

    A partition sets each row's largest values apart (their values are the same on every machine,
    though the order of tied entries follows the CPU's vector width), and only those few are sorted.
    """
    width: int = values.shape[1]
    most: int = max(ranks.tolist())
    top = np.partition(values, width - most, axis=1)[:, width - most :]
    top.sort(axis=1)
    return top[np.arange(ranks.size), most - ranks]


def home_tiles(world: World) -> npt.NDArray[np.int64]:
    """Return the flat indices of every housing tile, block by block in layout order (built once per layout)."""
    return world.layout.derive(_home_tiles, world)


def _home_tiles(world: World) -> npt.NDArray[np.int64]:
    return footprint_tiles(world, world.layout.rows(Housing))


def footprint_tiles(world: World, rows: npt.NDArray[np.intp]) -> npt.NDArray[np.int64]:
    """Return the flat indices of every tile covered by the buildings in `rows`."""
    tiles = [
        np.arange(y, y + h)[:, None] * world.width + np.arange(x, x + w)[None, :]
        for x, y, w, h in zip(
            world.layout.x[rows].tolist(),
            world.layout.y[rows].tolist(),
            world.layout.width[rows].tolist(),
            world.layout.height[rows].tolist(),
        )
    ]
    return np.concatenate([t.ravel() for t in tiles]) if tiles else np.zeros(0, np.int64)


def _pile_cells(world: World) -> npt.NDArray[np.int64]:
    """Return the flat waste-grid index of every (waste type, housing footprint tile), one row per type."""
    tiles = home_tiles(world)
    return np.arange(len(WASTE_TYPES))[:, None] * (world.height * world.width) + tiles[None, :]


def footprint_owners(world: World, rows: npt.NDArray[np.intp]) -> npt.NDArray[np.intp]:
    """Return, for each tile of `footprint_tiles(world, rows)`, the position in `rows` it belongs to."""
    sizes = world.layout.width[rows] * world.layout.height[rows]
    return np.repeat(np.arange(rows.size), sizes)


def run(world: World) -> None:
    """On each round, the ground crews move waste from the blocks' piles to the depot, as capacity and room allow."""
    homes = world.layout.rows(Housing)
    if homes.size == 0:
        return
    cells = world.layout.derive(_pile_cells, world)
    flat_waste = world.waste.reshape(-1)
    piles = flat_waste.take(cells)  # (types, tiles)
    available = _row_sums(piles)
    # Five waste types: the bookkeeping runs on plain integers.
    if not any(available.tolist()):
        return
    depot_room = [max(world.rules.depot_capacity - units, 0) for units in world.depot.tolist()]
    spare_landfill = landfill_room(world)
    # Any type may spill into landfill (but hazardous waste while the inspectors keep it out), and
    # the landfill space is counted once for all of them.
    spill = [spare_landfill] * len(WASTE_TYPES)
    if neglect_is_criminal(world):
        spill[HAZARDOUS] = 0
    total_room = sum(depot_room) + spare_landfill
    limits = [min(units, room + spare) for units, room, spare in zip(available.tolist(), depot_room, spill)]
    shares = share_by_weight(min(world.rules.collection_base * ROUND_TICKS, total_room), waste_weights(world), limits)
    taken = _take_rows(piles, shares, available)
    # A round takes from a few piles: write back only those (blocks never share tiles). nonzero on a
    # boolean mask is several times cheaper than on the int64 takes themselves.
    changed = (taken.reshape(-1) != 0).nonzero()[0]
    flat_waste[cells.reshape(-1).take(changed)] -= taken.reshape(-1).take(changed)
    add_to_tally(world.depot, shares)
    add_to_tally(world.counters.collected, shares)


def inspect(world: World) -> None:
    """At day end, while neglect is criminal, the inspectors check every landfill and the blocks.

    The landfill inspections keep hazardous waste out of the landfills (the depot keeps it, and
    recycling sends none there); the blocks' inspection fines Ecolife's contractors for the
    hazardous waste left lying, `neglect_fine_milli` thousandths of a credit a unit, paid into the
    city's fines. Both are counted in the agents' day figures (`inspections`, `neglect_fined`).
    """
    if not neglect_is_criminal(world):
        return
    from game.sim.agents import MAX_FIGURE
    from game.sim.state import saturated_funds

    agents = world.agents
    agents.today["inspections"] = min(MAX_FIGURE, agents.today["inspections"] + int(world.layout.rows(Landfill).size) + 1)
    lying = int(world.waste[HAZARDOUS].reshape(-1).take(home_tiles(world)).sum())
    fine = lying * world.rules.neglect_fine_milli // 1000
    if fine:
        world.ledger.fines = saturated_funds(world.ledger.fines + fine)
        agents.today["neglect_fined"] = min(MAX_FIGURE, agents.today["neglect_fined"] + fine)
