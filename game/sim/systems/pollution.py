"""Pollution: emission from uncollected waste, landfills and plants; diffusion; decay; gardens.

The grid holds integer pollution units. Each tick a share of every tile's pollution flows equally to
its four neighbours (what flows off the map edge is gone), then a share decays, rounded up so that
traces clear, then gardens absorb their fixed amount around them.

The grid is small and the work is a handful of whole-grid numpy operations, so the code counts them:
each costs a few microseconds. Rates are reduced to their lowest terms (a share of 200/4000 is a
plain division by 20) and rows are flattened so that every shift is one contiguous add.
"""

from __future__ import annotations

from math import gcd
from typing import TYPE_CHECKING

import numpy as np

from game.sim.waste import WASTE_TYPES

if TYPE_CHECKING:
    from game.sim.rules import Rules
    from game.sim.simulation import Simulation

# Piles change slowly, so what waste emits is counted every few ticks, that many ticks at once.
WASTE_EMISSION_CADENCE = 4
INT32_LIMIT = 2**31 - 1


def waste_emission_milli(sim: Simulation) -> np.ndarray:
    """Return thousandths of a pollution unit per tick that one unit of each waste type emits."""
    return np.array([getattr(sim.rules, f"emission_{name}_milli") for name in WASTE_TYPES], np.int64)


def rebuild_absorption(sim: Simulation) -> None:
    """Recompute the absorption grid from the gardens (call when the layout changes)."""
    sim.absorption[:] = 0
    gardens = sim.rows_with("absorption")
    for row in gardens:
        btype = sim.building_type_at_row(int(row))
        x = int(sim.buildings.col("x")[row])
        y = int(sim.buildings.col("y")[row])
        reach = btype.radius
        y0, y1 = max(0, y - reach), min(sim.height, y + btype.height + reach)
        x0, x1 = max(0, x - reach), min(sim.width, x + btype.width + reach)
        sim.absorption[y0:y1, x0:x1] += btype.absorption


def rows_with_waste(waste: np.ndarray) -> np.ndarray:
    """Return the indices of the rows (y) where any tile holds waste of any type."""
    width = waste.shape[-1]
    # Pairs of int32 tiles read as one int64 halve the work; piles are never negative.
    wide = waste.view(np.int64) if width % 2 == 0 and waste.flags.c_contiguous else waste
    return np.bitwise_or.reduce(np.bitwise_or.reduce(wide, axis=0), axis=1).nonzero()[0]


def add_waste_emission(sim: Simulation, grid: np.ndarray, ticks: int) -> None:
    """Add to `grid` the whole pollution units uncollected waste emits per tile over `ticks` ticks.

    The fraction below a whole unit is carried per tile, so small piles pollute too, slowly.
    Only the rows with waste are worked: elsewhere nothing is emitted and the carry, always below
    a whole unit, stays as it is.
    """
    rows = rows_with_waste(sim.waste)
    if rows.size == 0:
        return
    per_unit = waste_emission_milli(sim) * ticks
    piles = sim.waste[:, rows]
    # int32 sums are twice as fast as int64 ones; they are exact while the largest pile cannot overflow them.
    if 999 + int(piles.max()) * int(per_unit.sum()) > INT32_LIMIT:
        piles = piles.astype(np.int64)
    emitted_milli = np.einsum("k,kyx->yx", per_unit.astype(piles.dtype), piles)
    emitted_milli += sim.emission_carry[rows]
    whole = emitted_milli // 1000
    sim.emission_carry[rows] = emitted_milli - whole * 1000
    grid[rows] += whole.astype(np.int32, copy=False)


def emission(sim: Simulation) -> np.ndarray:
    """Return this tick's pollution units emitted per tile (a new grid)."""
    total = np.zeros_like(sim.pollution)
    emit(sim, total)
    return total


def emit(sim: Simulation, grid: np.ndarray) -> None:
    """Add this tick's emission from waste, landfills and plants to `grid`, in place."""
    if sim.tick % WASTE_EMISSION_CADENCE == 0:
        add_waste_emission(sim, grid, WASTE_EMISSION_CADENCE)
    emitters = sim.per_layout(("pollution", "emitters"), lambda: _emitters(sim))
    if emitters.shape[1] == 0:
        return
    rows, centres, plant_emission, landfill_emission, landfill_per_10k = emitters
    table = sim.buildings
    # A plant smokes in proportion to how hard it worked; a landfill stinks, more as it fills.
    # Each coefficient is zero for the other kind, so one sum serves both.
    amount = plant_emission * table.col("output_permille")[rows] // 1000
    amount += landfill_emission
    amount += table.col("stored")[rows] * landfill_per_10k // 10_000
    grid.reshape(-1)[centres] += amount


def _emitters(sim: Simulation) -> np.ndarray:
    """Return, one per line, the emitting buildings' rows and centre tiles, and their coefficients (int64).

    The coefficients: a plant's emission at full output, a landfill's emission when empty, and what
    a landfill adds per 10,000 units stored (the rules are fixed for a simulation's life).
    """
    rows = sim.rows_with("emission")
    # Chimneys and heaps sit at the middle of the footprint; footprints never overlap.
    centre_x = sim.buildings.col("x")[rows] + sim.type_column("width")[rows] // 2
    centre_y = sim.buildings.col("y")[rows] + sim.type_column("height")[rows] // 2
    landfill = sim.kind_mask("landfill_capacity")[rows]
    emission = sim.type_column("emission")[rows]
    return np.array(
        [
            rows,
            centre_y * sim.width + centre_x,
            np.where(landfill, 0, emission),
            np.where(landfill, emission, 0),
            np.where(landfill, sim.rules.landfill_emission_per_10k, 0),
        ],
        np.int64,
    ).reshape(5, rows.size)


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


def decay(grid: np.ndarray, decay_milli: int) -> None:
    """Take `decay_milli` thousandths off every tile, rounded up so that traces clear, in place."""
    # g - ceil(g * d / 1000) == floor(g * (1000 - d) / 1000) for whole g: two passes instead of four.
    numerator, denominator = _lowest_terms(1000 - decay_milli, 1000)
    if numerator != denominator:
        grid *= numerator
        grid //= denominator


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
    With the band comes a bound no tile exceeds (the OR of all tiles), or None if a tile is negative.
    """
    height, width = grid.shape
    # Pairs of int32 tiles read as one int64 halve the work.
    wide = grid.view(np.int64) if width % 2 == 0 and grid.flags.c_contiguous else grid
    row_bits = np.bitwise_or.reduce(wide, axis=1)
    polluted = row_bits.nonzero()[0]
    if polluted.size == 0:
        return None
    band = slice(max(0, int(polluted[0]) - 1), min(height, int(polluted[-1]) + 2))
    bits = int(np.bitwise_or.reduce(row_bits))
    # A negative tile in the high half makes the pair negative, one in the low half sets bit 31.
    return band, (bits & 0xFFFFFFFF) | (bits >> 32) if bits >= 0 else None


def may_pass_cap(rules: Rules, ceiling: int | None) -> bool:
    """Return whether a tick could lift a tile, all at most `ceiling` before diffusion, above the cap.

    A tile keeps at most its own and gains at most a share from each of four neighbours; decay and
    absorption only take away while the rates stay below a whole tile per tick.
    """
    share = rules.pollution_diffusion_milli
    if ceiling is None or share > 1000 or rules.pollution_decay_milli > 1000:
        return True
    return ceiling + 4 * (ceiling * share // 4000) > rules.pollution_cap


def run(sim: Simulation) -> None:
    """Emit, diffuse, decay and absorb pollution for one tick."""
    if sim.absorption_version != sim.layout_version:
        rebuild_absorption(sim)
        sim.absorption_version = sim.layout_version
    emit(sim, sim.pollution)
    # Pollution usually covers a small part of the map: skip the clean tiles.
    polluted = polluted_rows(sim.pollution)
    if polluted is None:
        return
    window, ceiling = polluted
    grid = sim.pollution[window]
    rules = sim.rules
    diffuse(grid, rules.pollution_diffusion_milli)
    decay(grid, rules.pollution_decay_milli)
    if sim.rows_with("absorption").size:
        grid -= np.minimum(grid, sim.absorption[window])
    # Diffusion, rounded-up decay and capped absorption never drive a tile below zero.
    if may_pass_cap(rules, ceiling):
        np.minimum(grid, rules.pollution_cap, out=grid)
