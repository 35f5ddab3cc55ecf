"""Housing makes waste by population; each block piles it on one of its own tiles."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from game.sim.cadence import ROUND_TICKS
from game.sim.components import Housing
from game.sim.state import add_to_tally
from game.sim.systems.collection import home_tiles
from game.sim.waste import MAX_WASTE_PER_TILE, WASTE_TYPES

if TYPE_CHECKING:
    from game.sim.world import World


def rates_milli(world: World) -> npt.NDArray[np.int64]:
    """Return thousandths of a waste unit per resident per tick, by waste type."""
    return np.array([getattr(world.rules, f"waste_{name}_milli") for name in WASTE_TYPES], np.int64)


def run(world: World) -> None:
    """Once a round, add the waste of every housing block since the last time to its pile."""
    homes = world.layout.rows(Housing)
    if homes.size == 0:
        return
    table = world.buildings
    # Every row is worked, at a rate of zero for the buildings that are not housing (their carry,
    # always below a unit, stays as it is): whole columns are cheaper than gathering the housing
    # rows and scattering them back.
    per_round = world.layout.derive(_rates_by_row, world)
    accumulated = table.col("occupants")[:, None] * per_round  # int64
    accumulated += table.col("waste_milli")
    units = accumulated // 1000  # then the carry by a product: cheaper than divmod
    np.subtract(accumulated, units * 1000, out=table.col("waste_milli"))
    whole = units.take(homes, axis=0)  # take: several times cheaper than fancy indexing by rows
    generated = np.add.reduce(whole, axis=0)
    if not any(generated.tolist()):  # nothing is ever negative: no units at all
        return
    if world.policies["community_recycling"]:
        whole = whole - _city_share(whole, world.rules.community_reduced_percent)  # mended, swapped, never thrown away
        generated = np.add.reduce(whole, axis=0)
    add_to_tally(world.counters.generated, generated)
    if world.policies["community_recycling"]:
        whole = _sort_at_the_door(world, whole)
    # Residents leave their bags on a random tile of the block's footprint. The waste grid's type
    # planes lie one after another: one flat index per type and block (cheaper than a slice and an index).
    planes = world.layout.derive(_plane_starts, world)
    flat = world.waste.reshape(-1)
    drops = _drop_tiles(world, homes) + planes  # distinct: blocks do not overlap
    flat[drops] = np.minimum(flat[drops] + whole.T, MAX_WASTE_PER_TILE)


def _rates_by_row(world: World) -> npt.NDArray[np.int64]:
    """Return, per building row and waste type, thousandths of a unit a resident makes in a round (0 off housing)."""
    # The rules are fixed for a simulation's life, so the layout cache may keep what they give.
    return world.layout.mask(Housing)[:, None] * (rates_milli(world) * ROUND_TICKS)


def _drop_tiles(world: World, homes: np.ndarray) -> npt.NDArray[np.int64]:
    """Draw one random tile of each block's footprint; return their flat indices."""
    tiles = home_tiles(world)
    first: npt.NDArray[np.int64]  # unpacking an array's rows gives Any in numpy's stubs
    area: npt.NDArray[np.int64]
    first, area = world.layout.derive(_footprints, world)
    one_size = int(world.layout.derive(_one_size, world))
    # Blocks of one size: one bound draws the very numbers the per-block bounds would, with less work.
    spot = world.rng.integers(0, one_size, area.size) if one_size else world.rng.integers(0, area)
    # `home_tiles` lists each block's tiles row by row, as `spot` counts them.
    # numpy's stubs widen int64 + int64 to signedinteger[Any] and type indexing by that as Any.
    return tiles[first + spot]  # type: ignore[no-any-return]


def _plane_starts(world: World) -> np.ndarray:
    """Return where each waste type's plane starts in the flattened waste grid, as a column."""
    return (np.arange(len(WASTE_TYPES)) * (world.height * world.width))[:, None]


def _footprints(world: World) -> npt.NDArray[np.int64]:
    """Return where each block's tiles start in `home_tiles(world)`, and how many it has (int64)."""
    homes = world.layout.rows(Housing)
    area = world.layout.width[homes] * world.layout.height[homes]
    return np.array([np.cumsum(area) - area, area], np.int64).reshape(2, homes.size)


def _one_size(world: World) -> npt.NDArray[np.int64]:
    """Return the tiles every block has when all have as many, else 0 (a 0-d array)."""
    area = world.layout.derive(_footprints, world)[1]
    return np.array(int(area[0]) if area.size and (area == area[0]).all() else 0, np.int64)


def _sort_at_the_door(world: World, whole: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Send the community programme's share of the city's sortable waste to the depot; return what each block has left."""
    share = _city_share(whole, world.rules.community_sorted_percent)
    taken = np.add.reduce(share, axis=0)
    add_to_tally(world.depot, taken)
    add_to_tally(world.counters.collected, taken)
    left: npt.NDArray[np.int64] = whole - share
    return left


def _city_share(whole: npt.NDArray[np.int64], percent: int) -> npt.NDArray[np.int64]:
    """Return, per block and waste type, its part of `percent` of the organic, plastic, metal and e-waste the city puts out (never hazardous waste).

    Each block gives in proportion to its bags: the city-wide share is exact, and the units that do
    not divide evenly come from the blocks with the largest remainders, the first on ties (a block
    puts out a few units a round, so a share of each block's own would round to nothing).
    """
    put_out = np.add.reduce(whole, axis=0)
    wanted = put_out * percent // 100
    wanted[WASTE_TYPES.index("hazardous")] = 0
    if int(put_out.max()) * int(wanted.max()) < 2**62:
        share, remainder = np.divmod(whole * wanted, np.maximum(put_out, 1))
        short = wanted - np.add.reduce(share, axis=0)  # fewer than the blocks with a remainder
        order = np.argsort(-remainder, axis=0, kind="stable")
        rank = np.empty_like(order)
        np.put_along_axis(rank, order, np.arange(whole.shape[0])[:, None], axis=0)
        share += rank < short
    else:  # (piles this large only under the rules' extremes: each block's own share is exact enough)
        share = whole * percent // 100
        share[:, WASTE_TYPES.index("hazardous")] = 0
    shares: npt.NDArray[np.int64] = share
    return shares
