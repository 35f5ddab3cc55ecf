"""The `[map]` section: rows of characters and a legend turned into the terrain grid.

Rows are one multi-line string (empty lines at its start and end are ignored) or an array of
strings. Each character is looked up in the legend, which extends the default legend below; a
legend entry names a terrain, or is a table with a terrain and a 1x1 building standing on it.
Problems with the rows point at the exact line and column of the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Final

import numpy as np
from pydantic import ValidationError

from game.data.field_errors import either, quoted, schema_errors, shown_char, suggestion
from game.level.problems import Problems
from game.level.schema import LegendEntry, MapSection
from game.sim.buildings import BUILDING_INDEX, BUILDING_TYPES
from game.sim.terrain import TERRAIN_BY_NAME

MAX_MAP_SIDE: Final = 512  # tiles, both width and height

DEFAULT_LEGEND: Final[Mapping[str, Any]] = MappingProxyType({
    ".": "ground",
    "~": "water",
    "#": "ruins",
    "u": "undercity",
    "=": {"terrain": "ground", "building": "power_line"},
})

ROWS: Final = ("map", "rows")
_LOCATED_ROWS: Final = MAX_MAP_SIDE + 1  # no report points further down: the shape check stops a taller map


@dataclass(frozen=True, slots=True)
class Tile:
    """What one legend character stands for."""

    terrain: int
    building: str | None = None


@dataclass(frozen=True, slots=True)
class MapTiles:
    """The map read from a level: its terrain and the buildings drawn on it, in row-major order."""

    terrain: np.ndarray  # uint8 (height, width), codes from game.sim.terrain
    buildings: tuple[tuple[str, int, int], ...]  # (kind, x, y) of each building drawn with the legend


def read_map(raw: Any, problems: Problems) -> MapTiles | None:
    """Return the map of a `[map]` section, or None after adding its problems to `problems`."""
    try:
        section = MapSection.model_validate(raw)
    except ValidationError as error:
        problems.extend(schema_errors(error, ("map",), MapSection))
        return None
    legend, broken = read_legend(section.legend, problems)
    rows = _rows(section.rows, problems)
    if rows is None:
        return None
    places = RowPlaces(section.rows, problems)
    if not _check_shape(rows, places, problems):
        return None
    tiles = _tiles(rows, legend, broken, places)
    return None if broken else tiles


def read_legend(entries: dict[str, Any], problems: Problems) -> tuple[dict[str, Tile], set[str]]:
    """Return the legend (defaults plus the file's entries) and the keys whose entry is wrong."""
    legend: dict[str, Tile] = {}
    broken: set[str] = set()
    for key, value in {**DEFAULT_LEGEND, **entries}.items():
        tile = _legend_tile(key, value, ("map", "legend", key), problems)
        if tile is None:
            broken.add(key)
        else:
            legend[key] = tile
    return legend, broken


def _legend_tile(key: str, value: Any, location: tuple[str, ...], problems: Problems) -> Tile | None:
    """Return what one legend entry stands for, or None after adding its problem."""
    if len(key) != 1:
        problems.at_field(location, f"a legend key is exactly one character, not {len(key)}")
        return None
    if isinstance(value, (str, dict)):
        try:
            entry = LegendEntry.model_validate({"terrain": value} if isinstance(value, str) else value)
        except ValidationError as error:
            found = schema_errors(error, location, LegendEntry)
            if isinstance(value, str):  # the file wrote the terrain as the entry itself, not under `terrain`
                found = [(location, message) for _, message in found]
            problems.extend(found)
            return None
    else:
        example = '{ terrain = "ground", building = "power_line" }'
        problems.at_field(location, f"expected a terrain name or a table like {example}")
        return None
    terrain = TERRAIN_BY_NAME.get(entry.terrain)
    if terrain is None:
        where = location if isinstance(value, str) else (*location, "terrain")
        known = ", ".join(TERRAIN_BY_NAME)
        problems.at_field(where, f"unknown terrain {quoted(entry.terrain)}; known terrains: {known}")
        return None
    if entry.building is None:
        return Tile(terrain)
    where = (*location, "building")
    if entry.building not in BUILDING_INDEX:
        hint = suggestion(entry.building, BUILDING_INDEX)
        problems.at_field(where, f"unknown building kind {quoted(entry.building)}{hint}")
        return None
    btype = BUILDING_TYPES[BUILDING_INDEX[entry.building]]
    if (btype.width, btype.height) != (1, 1):
        problems.at_field(
            where,
            f"only 1x1 buildings can be drawn on the map; {btype.kind} is {btype.width}x{btype.height}, "
            "place it under [[buildings]]",
        )
        return None
    if entry.terrain not in btype.terrain:
        problems.at_field(where, f"{btype.kind} cannot stand on {entry.terrain}; it needs {either(btype.terrain)}")
        return None
    return Tile(terrain, btype.kind)


def split_rows(text: str, limit: int | None = None) -> list[tuple[int, str]]:
    """Return (start index, row) for the lines of a multi-line map (the first `limit`), less empty ones at either end."""
    lines = text.split("\n")
    first, last = _content(lines)
    if limit is not None:
        last = min(last, first + limit)
    rows = []
    start = first  # every line before it is empty, one character of line break each
    for line in lines[first:last]:
        rows.append((start, line))
        start += len(line) + 1
    return rows


def _content(lines: list[str]) -> tuple[int, int]:
    """Return the index of the first line that is not empty and the index just past the last such line."""
    first, last = 0, len(lines)
    while last > first and lines[last - 1] == "":
        last -= 1
    while first < last and lines[first] == "":
        first += 1  # counted, not popped: popping the front of a million blank lines took minutes
    return first, last


def _rows(value: Any, problems: Problems) -> list[str] | None:
    """Return the map's rows as strings, or None after adding why they cannot be read."""
    if isinstance(value, str):
        lines = value.split("\n")
        first, last = _content(lines)
        rows = lines[first:last]
    elif isinstance(value, list):
        rows = []
        for index, row in enumerate(value):
            if not isinstance(row, str):
                problems.at_field((*ROWS, index), "expected a string of map tiles")
                return None
            rows.append(row)
    else:
        problems.at_field(ROWS, "expected a multi-line string or an array of strings, one per row of tiles")
        return None
    if not rows or not any(rows):
        problems.at_field(ROWS, "the map is empty; give at least one row of tiles")
        return None
    return rows


class RowPlaces:
    """Where each map character sits in the file, worked out only when a problem needs it."""

    def __init__(self, value: str | list[str], problems: Problems) -> None:
        """Remember the rows as given; their places are found on the first report."""
        self._value = value  # the rows exactly as the file gave them
        self._problems = problems
        self._row_offsets: list[tuple[list[int], int | None]] | None = None

    def report(self, row: int, column: int, message: str) -> None:
        """Add `message` at the character (row, column) of the map, both counted from 0."""
        offset = self.offset(row, column)
        if offset is None:
            self._problems.at_field(ROWS, f"row {row + 1}, column {column + 1}: {message}")
        else:
            self._problems.at_offset(offset, message)

    def offset(self, row: int, column: int) -> int | None:
        """Return the file offset of map character (row, column), or of where it would be."""
        if self._row_offsets is None:
            self._row_offsets = self._locate()
        if row >= len(self._row_offsets):
            return None
        offsets, after = self._row_offsets[row]
        if column < len(offsets):
            return offsets[column]
        return after

    def _locate(self) -> list[tuple[list[int], int | None]]:
        """Return for each row the offsets of its characters and the offset just after it."""
        positions = self._problems.positions
        if isinstance(self._value, str):
            rows = split_rows(self._value, _LOCATED_ROWS)
            if not rows:
                return []
            # Decoding only what a sound map can span keeps a ten-million-character row from costing
            # seconds; a place past it is reported by row and column instead.
            decoded = positions.string_offsets(ROWS, rows[0][0] + _LOCATED_ROWS * (MAX_MAP_SIDE + 1) + 1)
            if decoded is None or not self._value.startswith(decoded[0]):
                return []
            offsets = decoded[1]
            located = []
            for start, row in rows:
                end = start + len(row)
                located.append((offsets[start:end], offsets[end] if end < len(offsets) else None))
            return located
        located = []
        for index, row in enumerate(self._value[:_LOCATED_ROWS]):
            decoded = positions.string_offsets((*ROWS, index))
            if decoded is None or decoded[0] != row:
                return located
            located.append((decoded[1], positions.value_offset((*ROWS, index))))
        return located


def _check_shape(rows: list[str], places: RowPlaces, problems: Problems) -> bool:
    """Check the map's size and that every row is as wide as the first; True when it is sound."""
    width = len(rows[0])
    if width > MAX_MAP_SIDE:
        places.report(0, MAX_MAP_SIDE, f"the map is {width:,} tiles wide; at most {MAX_MAP_SIDE} allowed")
        return False
    if len(rows) > MAX_MAP_SIDE:
        places.report(MAX_MAP_SIDE, 0, f"the map is {len(rows):,} rows high; at most {MAX_MAP_SIDE} allowed")
        return False
    ok = True
    for index, row in enumerate(rows):
        if len(row) != width:
            places.report(index, 0, f"row {index + 1} is {len(row):,} tiles wide, expected {width}")
            ok = False
    return ok


def _tiles(rows: list[str], legend: dict[str, Tile], broken: set[str], places: RowPlaces) -> MapTiles | None:
    """Return the map's tiles, or None after reporting the characters the legend does not know."""
    height, width = len(rows), len(rows[0])
    points = np.frombuffer("".join(rows).encode("utf-32-le"), np.uint32)  # one code point per tile
    distinct, inverse = np.unique(points, return_inverse=True)
    inverse = inverse.reshape(height, width)
    terrain_of = np.zeros(len(distinct), np.uint8)
    ok = True
    for index, point in enumerate(distinct.tolist()):
        tile = legend.get(chr(point))
        if tile is not None:
            terrain_of[index] = tile.terrain
            continue
        ok = False
        if chr(point) in broken:
            continue  # its legend entry is already reported
        where = np.flatnonzero(inverse == index)
        row, column = divmod(int(where[0]), width)
        others = f" (and {len(where) - 1:,} more like it)" if len(where) > 1 else ""
        places.report(row, column, f"unknown tile {shown_char(chr(point))}{others}")
    if not ok:
        return None
    placed: list[tuple[int, str]] = []  # (row-major tile order, kind)
    for index, point in enumerate(distinct.tolist()):
        kind = legend[chr(point)].building
        if kind is not None:
            placed.extend((int(order), kind) for order in np.flatnonzero(inverse == index))
    placed.sort()
    return MapTiles(terrain_of[inverse], tuple((kind, order % width, order // width) for order, kind in placed))
