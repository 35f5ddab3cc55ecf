"""Pollution: emission from uncollected waste, landfills and plants; diffusion; decay; gardens.

The grid holds integer pollution units, never above the cap. Plants and landfills emit every tick,
uncollected waste once a round (four ticks' worth, on the phase the schedule gives). Once a round
(on the next phase) the pollution spreads for the round's ticks at once:
four ticks' share of every tile flows equally to its four neighbours (what flows off the map edge is
gone), then a share decays tick by tick, rounded up so that traces clear, then gardens absorb four
ticks' worth around them.

The grid is small and the work is a handful of whole-grid numpy operations, so the code counts them:
each costs a few microseconds. Rates are reduced to their lowest terms (a share of 200/4000 is a
plain division by 20) and rows are flattened so that every shift is one contiguous add.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import gcd
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from game.sim import kernels
from game.sim.cadence import ROUND_TICKS
from game.sim.components import Emitter, Garden, Landfill
from game.sim.waste import WASTE_TYPES

if TYPE_CHECKING:
    from game.sim.world import World

INT32_LIMIT = 2**31 - 1
DECAY_TABLE_LIMIT = 1 << 20  # entries: a bigger bound on the tiles decays without a table
# The rules giving thousandths of a pollution unit per tick that one unit of each waste type emits.
EMISSION_RULES = tuple(f"emission_{name}_milli" for name in WASTE_TYPES)


def absorption(world: World) -> np.ndarray:
    """Return the pollution units the gardens take from each tile a tick (read-only; built once per layout)."""
    return world.layout.derive(_absorption_grid, world)


def _absorption_grid(world: World) -> np.ndarray:
    layout = world.layout
    grid = np.zeros((world.height, world.width), np.int32)
    for row in layout.rows(Garden).tolist():
        x, y = int(layout.x[row]), int(layout.y[row])
        reach = int(layout.values(Garden, "radius")[row])
        y0, y1 = max(0, y - reach), min(world.height, y + int(layout.height[row]) + reach)
        x0, x1 = max(0, x - reach), min(world.width, x + int(layout.width[row]) + reach)
        grid[y0:y1, x0:x1] += int(layout.values(Garden, "absorption")[row])
    return grid


def add_waste_emission(world: World, grid: np.ndarray, ticks: int) -> None:
    """Add to `grid` the whole pollution units uncollected waste emits per tile over `ticks` ticks, up to the cap.

    The fraction below a whole unit is carried per tile, so small piles pollute too, slowly.
    Only the rows with waste are worked: elsewhere nothing is emitted and the carry, always below
    a whole unit, stays as it is.
    """
    row_bits = _row_bits(world.waste)
    rows = row_bits.nonzero()[0]
    if rows.size == 0:
        return
    # Five waste types: the rates stay plain integers up to the sum (this system reads no layout to keep them on).
    per_unit = [getattr(world.rules, name) * ticks for name in EMISSION_RULES]
    largest = _largest_tile(int(np.bitwise_or.reduce(row_bits)))
    # int32 sums are twice as fast as int64 ones; they are exact while the largest pile cannot overflow them.
    exact_in_int32 = largest is not None and 999 + largest * sum(per_unit) <= INT32_LIMIT
    # take: several times cheaper than fancy indexing by rows.
    piles = world.waste.take(rows, axis=1)
    if exact_in_int32:
        emitted_milli = np.einsum("k,kyx->yx", np.array(per_unit, np.int32), piles)
    else:
        emitted_milli = np.einsum("k,kyx->yx", np.array(per_unit, np.int64), piles.astype(np.int64))
    emitted_milli += world.emission_carry.take(rows, axis=0)
    whole = emitted_milli // 1000  # then the carry in place: a division and a product beat divmod
    emitted_milli -= whole * 1000
    world.emission_carry[rows] = emitted_milli
    whole += grid.take(rows, axis=0)
    grid[rows] = np.minimum(whole, world.rules.pollution_cap, out=whole)


def _row_bits(planes: np.ndarray) -> npt.NDArray[np.signedinteger[Any]]:
    """Return, for each row (y) of one grid or a stack of grids, the bitwise OR of its tiles in every grid.

    A row is zero exactly when all its tiles are. Pairs of int32 tiles are read as one int64 when
    the rows allow it, which halves the work. Every row of every grid is OR-ed in one `reduceat`
    over the flat tiles (several times cheaper than reducing along the rows), then the grids' rows.
    """
    wide = planes.view(np.int64) if planes.shape[-1] % 2 == 0 and planes.flags.c_contiguous else planes
    width = wide.shape[-1]
    bits = np.bitwise_or.reduceat(wide.reshape(-1), np.arange(0, wide.size, width)).reshape(-1, wide.shape[-2])
    return bits[0] if len(bits) == 1 else np.bitwise_or.reduce(bits, axis=0)  # type: ignore[no-any-return]  # numpy's stubs type ufunc.reduce as Any


def _largest_tile(bits: int) -> int | None:
    """Return a bound on every tile, from the OR of all `_row_bits`, or None when a tile may be negative.

    The OR of non-negative numbers is at least their largest. Of a pair read as one int64, a
    negative high tile makes the pair negative and a negative low tile sets bit 31 (so the bound
    is then above any int32 value).
    """
    return (bits & 0xFFFFFFFF) | (bits >> 32) if bits >= 0 else None


def emission(world: World) -> np.ndarray:
    """Return this tick's pollution units emitted by plants and landfills per tile (a new grid)."""
    total = np.zeros_like(world.pollution)
    emit(world, total)
    return total


def emit(world: World, grid: np.ndarray) -> None:
    """Add this tick's emission from landfills and plants to `grid` (C-contiguous), in place, up to the cap."""
    emitters = world.layout.derive(_emitters, world)
    if emitters.centres.size == 0:
        return
    table = world.buildings
    # A plant smokes in proportion to how hard it worked; a landfill stinks, more as it fills (one
    # compiled loop over the emitters: kernels.emit_pollution).
    kernels.emit_pollution(
        grid.reshape(-1), emitters.centres, table.col("output_permille"), emitters.plants, emitters.plant_emission,
        table.col("stored"), emitters.landfills, emitters.landfill_emission, emitters.landfill_per_10k, world.rules.pollution_cap,
    )


@dataclass(frozen=True)
class _Emitters:
    """The emitting buildings, plants (every emitter but landfills) then landfills (read-only arrays)."""

    plants: npt.NDArray[np.intp]  # building rows
    plant_emission: npt.NDArray[np.int32]  # at full output
    landfills: npt.NDArray[np.intp]
    landfill_emission: npt.NDArray[np.int64]  # when empty
    landfill_per_10k: int  # what a landfill adds per 10,000 units stored
    centres: npt.NDArray[np.intp]  # flat tiles, plants' then landfills'


def _emitters(world: World) -> _Emitters:
    """Return the emitting buildings and their coefficients (the rules are fixed for a simulation's life)."""
    layout = world.layout
    rows = layout.rows(Emitter)
    landfill = layout.mask(Landfill)[rows]
    emission = layout.values(Emitter, "emission")[rows].astype(np.int32)
    plants, landfills = rows[~landfill].astype(np.intp), rows[landfill].astype(np.intp)
    order = np.concatenate([plants, landfills])
    # Chimneys and heaps sit at the middle of the footprint; footprints never overlap.
    centres = (layout.y[order] + layout.height[order] // 2) * world.width + layout.x[order] + layout.width[order] // 2
    made = _Emitters(
        plants=plants,
        plant_emission=emission[~landfill],
        landfills=landfills,
        landfill_emission=emission[landfill].astype(np.int64),
        landfill_per_10k=world.rules.landfill_emission_per_10k,
        centres=centres.astype(np.intp),
    )
    for array in (made.plants, made.plant_emission, made.landfills, made.landfill_emission, made.centres):
        array.setflags(write=False)
    return made


def diffuse(grid: np.ndarray, share_milli: int) -> None:
    """Move `share_milli` thousandths of every tile to its four neighbours, in place (`grid` C-contiguous).

    The rows are worked as one flat line, so a tile's right neighbour is the next entry and the one
    below is a row further on; the shifts that wrap from a row's end to the next row's start carry
    what should flow off the map's side edges, and are taken back.
    """
    height, width = grid.shape
    flat = grid.reshape(-1)
    quarter = _scaled_down(flat, share_milli, 4000)
    flat -= quarter * 4
    flat[width:] += quarter[:-width]
    flat[:-width] += quarter[width:]
    flat[1:] += quarter[:-1]
    flat[:-1] += quarter[1:]
    edges = quarter.reshape(height, width)
    grid[1:, 0] -= edges[:-1, -1]
    grid[:-1, -1] -= edges[1:, 0]


def decay(grid: np.ndarray, decay_milli: int, ceiling: int | None = None) -> None:
    """Take `decay_milli` thousandths off every tile, rounded up so that traces clear, in place.

    With `ceiling`, a bound on every tile known to be non-negative, it takes two passes instead of four.
    """
    # g - ceil(g * d / 1000) == floor(g * (1000 - d) / 1000) for whole g, while the product fits in int32.
    keep, denominator = _lowest_terms(1000 - decay_milli, 1000)
    if ceiling is not None and keep >= 0 and ceiling * keep <= INT32_LIMIT:
        if keep != denominator:
            grid *= keep
            grid //= denominator
    else:
        grid -= (grid * decay_milli + 999) // 1000


def decay_table(world: World, ticks: int, ceiling: int | None) -> np.ndarray | None:
    """Return what `ticks` ticks of decay leave of each pollution value 0..ceiling (and beyond), or None.

    One lookup replaces two whole-band passes per tick. The table is kept until the layout changes
    (the rules are fixed for a simulation's life) and rebuilt larger when a tile may exceed it;
    None when no bound on the tiles is known or it is too large for a table.
    """
    decay_milli = world.rules.pollution_decay_milli
    if ceiling is None or not 0 <= decay_milli <= 1000 or ceiling >= DECAY_TABLE_LIMIT:
        return None
    tables = world.layout.derive(_decay_tables, world)
    table = tables.get(ticks)
    if table is None or table.size <= ceiling:
        values = np.arange(max(1024, 1 << int(ceiling).bit_length()), dtype=np.int64)
        for _ in range(ticks):
            values -= (values * decay_milli + 999) // 1000  # rounded up, as `decay` takes it
        table = tables[ticks] = values.astype(np.int32)
    return table


def _scaled_down(values: np.ndarray, numerator: int, denominator: int) -> np.ndarray:
    """Return values * numerator // denominator (a new array), in as few passes as the fraction allows."""
    numerator, denominator = _lowest_terms(numerator, denominator)
    return values // denominator if numerator == 1 else values * numerator // denominator


def _lowest_terms(numerator: int, denominator: int) -> tuple[int, int]:
    """Return the fraction numerator/denominator reduced; floors of the two are equal."""
    common = gcd(numerator, denominator) or 1
    return numerator // common, denominator // common


def polluted_rows(grid: np.ndarray) -> tuple[slice, int | None] | None:
    """Return the band of rows holding every non-zero tile plus a one-row margin (clipped to the map), or None.

    Outside it every tile is zero and stays zero through diffusion, decay, absorption and the cap,
    and the margin catches what the edge rows pass on, so working on the band alone is exact.
    With the band comes a bound on every tile (see `_largest_tile`).
    """
    row_bits = _row_bits(grid)
    polluted = row_bits.nonzero()[0]
    if polluted.size == 0:
        return None
    band = slice(max(0, int(polluted[0]) - 1), min(grid.shape[0], int(polluted[-1]) + 2))
    return band, _largest_tile(int(np.bitwise_or.reduce(row_bits)))


def ceiling_after_diffusion(share: int, ceiling: int | None) -> int | None:
    """Return a bound on every tile after diffusing `share`, given one before (None: unknown).

    A tile keeps at most its own and gains at most a share from each of its four neighbours.
    """
    return None if ceiling is None or share > 1000 else ceiling + 4 * (ceiling * share // 4000)


def _decay_tables(world: World) -> dict[int, np.ndarray]:
    """Return the (empty, then filled as needed) decay tables by ticks at once; the rules are fixed for a world's life."""
    return {}


def run(world: World) -> None:
    """Every tick: plants smoke and landfills stink."""
    emit(world, world.pollution)


def waste_emission(world: World) -> None:
    """Once a round: the piles lying about emit the round's pollution (piles change slowly)."""
    add_waste_emission(world, world.pollution, ROUND_TICKS)


def spread_round(world: World) -> None:
    """Once a round: pollution spreads, decays and is absorbed for the round's ticks at once."""
    spread(world, ROUND_TICKS)


def spread(world: World, ticks: int) -> None:
    """Diffuse, decay and absorb pollution for `ticks` ticks at once.

    Spreading once `ticks` times a share (at most all of a tile) spreads as wide as spreading that
    share `ticks` times. Decay runs tick by tick, so that each tick's rounding up clears traces;
    gardens take `ticks` times their amount.
    """
    # Pollution usually covers a small part of the map: skip the clean tiles.
    polluted = polluted_rows(world.pollution)
    if polluted is None:
        return
    window, ceiling = polluted
    grid = world.pollution[window]
    rules = world.rules
    share = min(rules.pollution_diffusion_milli * ticks, 1000)
    diffuse(grid, share)
    ceiling = ceiling_after_diffusion(share, ceiling)
    table = decay_table(world, ticks, ceiling)
    if table is not None:
        # In place, unbuffered (which mode="raise" is not): every tile lies within the table, from 0 to its bound.
        table.take(grid, out=grid, mode="clip")
    else:
        for _ in range(ticks):
            decay(grid, rules.pollution_decay_milli, ceiling)
    if world.layout.rows(Garden).size:
        grid -= np.minimum(grid, absorption(world)[window] * ticks)
    # Diffusion, rounded-up decay and capped absorption never drive a tile below zero, nor above
    # its bound while the decay stays within a whole tile: then only a bound above the cap needs the cap.
    if ceiling is None or rules.pollution_decay_milli > 1000 or ceiling > rules.pollution_cap:
        np.minimum(grid, rules.pollution_cap, out=grid)
