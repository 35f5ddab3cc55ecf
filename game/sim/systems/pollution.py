"""Pollution: emission from uncollected waste, landfills and plants; diffusion; decay; gardens.

The grid holds integer pollution units. Each tick a share of every tile's pollution flows equally to
its four neighbours (what flows off the map edge is gone), then a share decays, rounded up so that
traces clear, then gardens absorb their fixed amount around them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from game.sim.waste import WASTE_TYPES

if TYPE_CHECKING:
    from game.sim.simulation import Simulation

# Piles change slowly, so what waste emits is counted every few ticks, that many ticks at once.
WASTE_EMISSION_CADENCE = 4


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


def add_waste_emission(sim: Simulation, grid: np.ndarray, ticks: int) -> None:
    """Add to `grid` the whole pollution units uncollected waste emits per tile over `ticks` ticks.

    The fraction below a whole unit is carried per tile, so small piles pollute too, slowly.
    Only the rows with waste are worked: elsewhere nothing is emitted and the carry, always below
    a whole unit, stays as it is.
    """
    rows = np.flatnonzero(np.bitwise_or.reduce(sim.waste, axis=0).any(axis=1))
    if rows.size == 0:
        return
    per_unit = waste_emission_milli(sim) * ticks
    emitted_milli = sim.emission_carry[rows].astype(np.int64)
    for index in range(len(WASTE_TYPES)):
        emitted_milli += sim.waste[index, rows] * per_unit[index]
    sim.emission_carry[rows] = emitted_milli % 1000
    grid[rows] += (emitted_milli // 1000).astype(np.int32)


def emission(sim: Simulation) -> np.ndarray:
    """Return this tick's pollution units emitted per tile (a new grid)."""
    total = np.zeros_like(sim.pollution)
    emit(sim, total)
    return total


def emit(sim: Simulation, grid: np.ndarray) -> None:
    """Add this tick's emission from waste, landfills and plants to `grid`, in place."""
    if sim.tick % WASTE_EMISSION_CADENCE == 0:
        add_waste_emission(sim, grid, WASTE_EMISSION_CADENCE)
    rows = sim.rows_with("emission")
    if rows.size == 0:
        return
    table = sim.buildings
    btype_emission = sim.type_column("emission")[rows]
    landfill = table.col("stored")[rows] * sim.rules.landfill_emission_per_10k // 10_000
    working = btype_emission * table.col("output_permille")[rows] // 1000
    amount = np.where(sim.kind_mask("landfill_capacity")[rows], btype_emission + landfill, working)
    # Chimneys and heaps sit at the middle of the footprint; footprints never overlap.
    centres = sim.per_layout(("pollution", "centres"), lambda: _centres(sim, rows))
    grid.reshape(-1)[centres] += amount.astype(np.int32)


def _centres(sim: Simulation, rows: np.ndarray) -> np.ndarray:
    centre_x = sim.buildings.col("x")[rows] + sim.type_column("width")[rows] // 2
    centre_y = sim.buildings.col("y")[rows] + sim.type_column("height")[rows] // 2
    return centre_y * sim.width + centre_x


def diffuse(grid: np.ndarray, share_milli: int) -> None:
    """Move `share_milli` thousandths of every tile to its four neighbours, in place."""
    quarter = grid * share_milli // 4000
    grid -= 4 * quarter
    grid[1:, :] += quarter[:-1, :]
    grid[:-1, :] += quarter[1:, :]
    grid[:, 1:] += quarter[:, :-1]
    grid[:, :-1] += quarter[:, 1:]


def polluted_rows(grid: np.ndarray) -> slice | None:
    """Return the band of rows holding every non-zero tile plus a one-row margin (clipped to the map), or None.

    Outside it every tile is zero and stays zero through diffusion, decay, absorption and the cap,
    and the margin catches what the edge rows pass on, so working on the band alone is exact.
    """
    polluted = grid.any(axis=1)
    top = int(polluted.argmax())
    if not polluted[top]:
        return None
    bottom = grid.shape[0] - int(polluted[::-1].argmax())
    return slice(max(0, top - 1), min(grid.shape[0], bottom + 1))


def run(sim: Simulation) -> None:
    """Emit, diffuse, decay and absorb pollution for one tick."""
    if sim.absorption_version != sim.layout_version:
        rebuild_absorption(sim)
        sim.absorption_version = sim.layout_version
    emit(sim, sim.pollution)
    # Pollution usually covers a small part of the map: skip the clean tiles.
    window = polluted_rows(sim.pollution)
    if window is None:
        return
    grid = sim.pollution[window]
    diffuse(grid, sim.rules.pollution_diffusion_milli)
    grid -= (grid * sim.rules.pollution_decay_milli + 999) // 1000
    if sim.rows_with("absorption").size:
        grid -= np.minimum(grid, sim.absorption[window])
    # Diffusion, rounded-up decay and capped absorption never drive a tile below zero.
    np.minimum(grid, sim.rules.pollution_cap, out=grid)
