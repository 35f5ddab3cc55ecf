"""Which look each building and tile wears on the map: housing tiers, facades, power, smoke, lanes, waste piles.

Pure numpy over what `CityView` offers; the map cache draws what these functions choose. A
building's look is a small integer code (`look_codes`), so the cache can tell by comparing codes
which buildings must be redrawn after a tick.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import numpy as np

from game.sim.buildings import BUILDING_INDEX, BUILDING_TYPES
from game.sim.terrain import WATER
from game.sim.view import BLACKOUT_BELOW_PERMILLE

if TYPE_CHECKING:
    from game.sim.view import CityView

# Housing grows in density tiers as it fills: percent of capacity at which each next tier starts.
TIER_STARTS_PERCENT: Final = (30, 60, 85)  # low block below 30 %, mid-rise, tower, garden tower from 85 %
FACADES: Final = 3  # facade variants per housing tier (tools/make_assets.py draws them)
SMOKING_KINDS: Final = ("fuel_plant", "metal_foundry", "plastics_refinery", "compost_works")  # have smoke overlays
WASTE_PILE_UNITS: Final = (4, 12, 30)  # uncollected units on a tile from which a small pile, a heap, a mound shows
LAMP_EVERY: Final = 4  # a street lamp on about one lane tile in this many

# Bits of a building's look code.
TIER_MASK: Final = 0b11
DARK: Final = 1 << 2  # wants power and is not served: dimmed by day, no lights at night
SABOTAGED: Final = 1 << 3  # out of action: hazard tape and sparks over its dark look
RUNNING: Final = 1 << 4  # a smoking plant at work: smoke over it

LINE_INDEX: Final = BUILDING_INDEX["power_line"]
HOUSING_INDEX: Final = BUILDING_INDEX["housing"]
_SMOKING = np.array([b.kind in SMOKING_KINDS for b in BUILDING_TYPES])


def housing_tiers(occupants: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """Return the density tier (0 low block .. 3 garden tower) of blocks with `occupants` of `capacity`."""
    percent = np.asarray(occupants, np.int64) * 100
    limit = np.maximum(np.asarray(capacity, np.int64), 1)
    tiers = np.zeros(percent.shape, np.uint8)
    for start in TIER_STARTS_PERCENT:
        tiers += percent >= start * limit
    return tiers


def position_hash(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Return a stable pseudo-random uint32 per position, so the same map always looks the same."""
    mixed = (np.asarray(xs).astype(np.uint32) * np.uint32(73856093)) ^ (np.asarray(ys).astype(np.uint32) * np.uint32(19349663))
    mixed ^= mixed >> np.uint32(13)
    mixed = mixed * np.uint32(1274126177)
    hashed: np.ndarray = mixed ^ (mixed >> np.uint32(16))
    return hashed


def facades(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Return the facade variant (0..FACADES-1) of the blocks whose corners are at (xs, ys)."""
    return (position_hash(xs, ys) % np.uint32(FACADES)).astype(np.uint8)


def look_codes(city: CityView) -> np.ndarray:
    """Return every building's look code (id order): tier bits, DARK, SABOTAGED and RUNNING."""
    if city.building_count == 0:
        return np.zeros(0, np.uint8)
    kinds = city.column("kind")
    codes = housing_tiers(city.column("occupants"), city.type_column("housing_capacity"))
    codes[kinds != HOUSING_INDEX] = 0
    dark = (city.column("demand_kw") > 0) & (city.column("served_permille") < BLACKOUT_BELOW_PERMILLE) & (city.column("network") > 0)
    sabotaged = np.isin(city.column("id"), city.sabotaged_ids)
    working = (city.column("output_permille") > 0) | (city.column("supply_kw") > 0)
    running = _SMOKING[kinds] & working & ~dark & ~sabotaged
    codes |= np.where(dark, DARK, 0).astype(np.uint8)
    codes |= np.where(sabotaged, SABOTAGED, 0).astype(np.uint8)
    codes |= np.where(running, RUNNING, 0).astype(np.uint8)
    return codes


def look_name(kind: int, code: int, x: int, y: int) -> str:
    """Return the art name of a building of type index `kind` with look `code` whose corner is (x, y)."""
    if kind == HOUSING_INDEX:
        facade = int(facades(np.array([x]), np.array([y]))[0])
        return f"housing_t{code & TIER_MASK}_f{facade}"
    return BUILDING_TYPES[kind].kind


def lane_tiles(terrain: np.ndarray, occupancy: np.ndarray, kinds_by_tile: np.ndarray) -> np.ndarray:
    """Return where service lanes run: open land or power-line tiles touching a building (8 neighbours).

    `kinds_by_tile` is the building type index per tile (-1 where none), as `tile_kinds` gives it.
    """
    blocks = (occupancy > 0) & (kinds_by_tile != LINE_INDEX)
    near = blocks.copy()
    near[1:, :] |= blocks[:-1, :]
    near[:-1, :] |= blocks[1:, :]
    grown = near.copy()
    grown[:, 1:] |= near[:, :-1]
    grown[:, :-1] |= near[:, 1:]
    lanes: np.ndarray = grown & ~blocks & (terrain != WATER)
    return lanes


def lane_masks(lanes: np.ndarray) -> np.ndarray:
    """Return, per tile, 0 where no lane runs, else 16 + which neighbours are lanes too (N=1, E=2, S=4, W=8)."""
    mask = np.zeros(lanes.shape, np.uint8)
    mask[1:, :] |= np.where(lanes[:-1, :], 1, 0).astype(np.uint8)
    mask[:, :-1] |= np.where(lanes[:, 1:], 2, 0).astype(np.uint8)
    mask[:-1, :] |= np.where(lanes[1:, :], 4, 0).astype(np.uint8)
    mask[:, 1:] |= np.where(lanes[:, :-1], 8, 0).astype(np.uint8)
    return np.where(lanes, mask | 16, 0).astype(np.uint8)


def lamp_spots(lanes: np.ndarray) -> np.ndarray:
    """Return the lane tiles that carry a street lamp: about one in LAMP_EVERY, spread by position."""
    height, width = lanes.shape
    ys, xs = np.mgrid[0:height, 0:width]
    spots: np.ndarray = lanes & (position_hash(xs, ys) % np.uint32(LAMP_EVERY) == 0)
    return spots


def tile_kinds(city: CityView, occupancy: np.ndarray) -> np.ndarray:
    """Return the building type index on each tile of `occupancy` (-1 where no building stands)."""
    kinds = np.full(occupancy.shape, -1, np.int16)
    built = occupancy > 0
    if built.any():
        rows = np.searchsorted(city.column("id"), occupancy[built])
        kinds[built] = city.column("kind")[rows]
    return kinds


def waste_tiers(waste: np.ndarray) -> np.ndarray:
    """Return the waste pile size per tile (0 none, 1..3) from the uncollected waste per (type, y, x)."""
    units = np.add.reduce(waste, axis=0, dtype=np.int64)
    tiers = np.zeros(units.shape, np.uint8)
    for start in WASTE_PILE_UNITS:
        tiers += units >= start
    return tiers
