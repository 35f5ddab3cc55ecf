"""A tiny drawing surface for generating level maps: paint terrain, lay power lines, place buildings.

Used by the level generators in this folder; the .toml files they write are the source of truth.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.level.writer import LINE_CHARS as WRITER_LINE_CHARS
from game.level.writer import POWER_LINE
from game.level.writer import TERRAIN_CHARS as WRITER_TERRAIN_CHARS
from game.sim.buildings import building_type
from game.sim.terrain import TERRAIN_TYPES

# The characters are the level writer's (game/level/writer.py), by terrain name; the legend spells out every one.
TERRAIN_CHARS = {TERRAIN_TYPES[code].name: char for code, char in WRITER_TERRAIN_CHARS.items()}
LINE_CHARS = {TERRAIN_TYPES[code].name: char for code, char in WRITER_LINE_CHARS.items()}  # a power line drawn on that terrain
LEGEND = (
    *((f'"{char}"', f'"{name}"') for name, char in TERRAIN_CHARS.items()),
    *((f'"{char}"', f'{{ terrain = "{name}", building = "{POWER_LINE}" }}') for name, char in LINE_CHARS.items()),
)


@dataclass
class Canvas:
    """A map being drawn: terrain names per tile, power lines, and placed buildings by district."""

    width: int
    height: int
    terrain: list[list[str]] = field(default_factory=list)
    lines: set[tuple[int, int]] = field(default_factory=set)
    taken: set[tuple[int, int]] = field(default_factory=set)
    groups: list[tuple[str, list[str]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        """Start as open ground."""
        self.terrain = [["ground"] * self.width for _ in range(self.height)]

    def inside(self, x: int, y: int) -> bool:
        """True for tiles on the map."""
        return 0 <= x < self.width and 0 <= y < self.height

    def paint(self, x0: int, y0: int, x1: int, y1: int, name: str) -> None:
        """Set the terrain of the rectangle from (x0, y0) to (x1, y1) inclusive."""
        for y in range(max(0, y0), min(self.height - 1, y1) + 1):
            for x in range(max(0, x0), min(self.width - 1, x1) + 1):
                self.terrain[y][x] = name

    def paint_ellipse(self, cx: float, cy: float, rx: float, ry: float, name: str) -> None:
        """Set the terrain inside an ellipse."""
        for y in range(self.height):
            for x in range(self.width):
                if ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1.0:
                    self.terrain[y][x] = name

    def can_place(self, kind: str, x: int, y: int) -> bool:
        """True when `kind` fits at (x, y) on free tiles it may stand on."""
        btype = building_type(kind)
        for dy in range(btype.height):
            for dx in range(btype.width):
                tile = (x + dx, y + dy)
                if not self.inside(*tile) or tile in self.taken or tile in self.lines:
                    return False
                if self.terrain[tile[1]][tile[0]] not in btype.terrain:
                    return False
        return True

    def line(self, x0: int, y0: int, x1: int, y1: int) -> None:
        """Lay a straight run of power line, skipping water and built tiles."""
        steps = max(abs(x1 - x0), abs(y1 - y0))
        for step in range(steps + 1):
            x = x0 + (x1 - x0) * step // max(steps, 1)
            y = y0 + (y1 - y0) * step // max(steps, 1)
            if self.inside(x, y) and self.terrain[y][x] != "water" and (x, y) not in self.taken:
                self.lines.add((x, y))

    def group(self, comment: str) -> list[str]:
        """Start a commented group of buildings and return its entry list."""
        entries: list[str] = []
        self.groups.append((comment, entries))
        return entries

    def place(self, entries: list[str], kind: str, x: int, y: int, occupants: int | None = None) -> bool:
        """Place a building if it fits; return whether it did."""
        if not self.can_place(kind, x, y):
            return False
        btype = building_type(kind)
        for dy in range(btype.height):
            for dx in range(btype.width):
                self.taken.add((x + dx, y + dy))
        extra = "" if occupants is None else f", occupants = {occupants}"
        entries.append(f'  {{ kind = "{kind}", x = {x}, y = {y}{extra} }},')
        return True

    def rows(self) -> list[str]:
        """Return the map as text rows."""
        out = []
        for y in range(self.height):
            chars = []
            for x in range(self.width):
                name = self.terrain[y][x]
                chars.append(LINE_CHARS[name] if (x, y) in self.lines else TERRAIN_CHARS[name])
            out.append("".join(chars))
        return out

    def building_count(self) -> int:
        """Buildings placed with `place` (power lines drawn on the map not counted)."""
        return sum(len(entries) for _, entries in self.groups)

    def toml(self, metadata: str, tables: str) -> str:
        """Return the level file: top-level `metadata`, the buildings, the map, then the other `tables`.

        The buildings array comes before any [table] header, or TOML would put it inside that table.
        """
        parts = [metadata.rstrip("\n"), "", "# Buildings standing at the start: top-left corner at (x, y).", "buildings = ["]
        for comment, entries in self.groups:
            if entries:
                parts.append(f"  # {comment}")
                parts += entries
        parts += ["]", "", "[map]", "# One character per tile; x grows to the right and y downwards, both from 0.", 'rows = """']
        parts += self.rows()
        parts += ['"""', "", "[map.legend]"]
        parts += [f"{key} = {value}" for key, value in LEGEND]
        parts += ["", tables.strip("\n"), ""]
        return "\n".join(parts)
