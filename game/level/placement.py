"""The buildings a level starts with: known kinds, inside the map, on allowed terrain, not overlapping."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from game.data.field_errors import either, quoted, suggestion
from game.level.map_grid import MapTiles, RowPlaces
from game.level.problems import Problems
from game.level.schema import BuildingEntry
from game.sim.buildings import BUILDING_INDEX, BUILDING_TYPES
from game.sim.scenario import PlacedBuilding
from game.sim.terrain import TERRAIN_TYPES


def check_entry(index: int, entry: BuildingEntry, problems: Problems) -> bool:
    """Check what one `[[buildings]]` entry says on its own (kind, occupants); True when it is sound."""
    location = ("buildings", index)
    if entry.kind not in BUILDING_INDEX:
        hint = suggestion(entry.kind, BUILDING_INDEX)
        problems.at_field((*location, "kind"), f"unknown building kind {quoted(entry.kind)}{hint}")
        return False
    btype = BUILDING_TYPES[BUILDING_INDEX[entry.kind]]
    if entry.occupants is None:
        return True
    if btype.housing_capacity == 0:
        problems.at_field((*location, "occupants"), f"only housing has occupants, not {entry.kind}")
        return False
    if entry.occupants > btype.housing_capacity:
        problems.at_field(
            (*location, "occupants"),
            f"{entry.occupants:,} is more than a {entry.kind} block holds ({btype.housing_capacity:,})",
        )
        return False
    return True


def place_all(
    entries: list[tuple[int, BuildingEntry]], tiles: MapTiles, places: RowPlaces, problems: Problems, keep_misfits: bool = False
) -> tuple[PlacedBuilding, ...]:
    """Return the listed buildings then the ones drawn on the map, adding a problem for each misfit.

    With `keep_misfits` a listed building on the wrong ground or over another stays in (a draft's, see
    `loader.level_from_document`); else it is left out.
    """
    height, width = tiles.terrain.shape
    owner = np.zeros((height, width), np.int64)  # 1 + index of the [[buildings]] entry on a tile, 0 none
    placed = []
    for index, entry in entries:
        btype = BUILDING_TYPES[BUILDING_INDEX[entry.kind]]
        where = f"{entry.kind} at ({entry.x}, {entry.y})"
        location = ("buildings", index)
        misfit = ground_problem(entry.kind, entry.x, entry.y, tiles.terrain)
        footprint = np.s_[entry.y : entry.y + btype.height, entry.x : entry.x + btype.width]
        if misfit is None:  # on its ground (so on the map): over a building listed before it?
            taken = owner[footprint]
            if taken.any():
                misfit = f"{where} overlaps {_named(int(taken[taken > 0][0]) - 1, entries)}"
            else:
                owner[footprint] = index + 1
        if misfit is not None:
            problems.at_field(location, misfit)
            if not keep_misfits:
                continue
        placed.append(PlacedBuilding(entry.kind, entry.x, entry.y, entry.occupants))
    if tiles.buildings:
        xs = np.array([x for _, x, _ in tiles.buildings], np.int64)
        ys = np.array([y for _, _, y in tiles.buildings], np.int64)
        for number in np.flatnonzero(owner[ys, xs]).tolist():
            kind, x, y = tiles.buildings[number]
            other = int(owner[y, x]) - 1
            places.report(y, x, f"the {kind} drawn at ({x}, {y}) overlaps {_named(other, entries)}")
    placed.extend(PlacedBuilding(kind, x, y) for kind, x, y in tiles.buildings)
    return tuple(placed)


def placement_problems(buildings: Sequence[PlacedBuilding], terrain: np.ndarray, label: str = "generated level") -> list[str]:
    """Return what the level loader would find wrong with `buildings` standing on `terrain`, one line each (empty: all fit)."""
    problems = Problems(label, "")
    entries = [(index, BuildingEntry(kind=b.kind, x=b.x, y=b.y, occupants=b.occupants)) for index, b in enumerate(buildings)]
    sound = [(index, entry) for index, entry in entries if check_entry(index, entry, problems)]
    place_all(sound, MapTiles(terrain, ()), RowPlaces("", problems), problems)
    return problems.lines


def ground_problem(kind: str, x: int, y: int, terrain: np.ndarray) -> str | None:
    """Return why a `kind` building (a known kind) cannot stand with its corner at (x, y) on `terrain`, or None when it can."""
    btype = BUILDING_TYPES[BUILDING_INDEX[kind]]
    height, width = terrain.shape
    where = f"{kind} at ({x}, {y})"
    if x < 0 or y < 0 or x + btype.width > width or y + btype.height > height:
        return f"{where} does not fit on the {width}x{height} map (it is {btype.width}x{btype.height})"
    codes = sorted({int(code) for code in terrain[y : y + btype.height, x : x + btype.width].ravel()})
    refused = [TERRAIN_TYPES[code].name for code in codes if TERRAIN_TYPES[code].name not in btype.terrain]
    if refused:
        return f"{where} cannot stand on {' and '.join(refused)}; it needs {either(btype.terrain)}"
    return None


def _named(index: int, entries: list[tuple[int, BuildingEntry]]) -> str:
    """Return how messages name the `[[buildings]]` entry `index`."""
    entry = dict(entries)[index]
    return f"buildings[{index}] ({entry.kind} at ({entry.x}, {entry.y}))"
