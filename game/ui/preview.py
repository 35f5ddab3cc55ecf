"""What the current tool would do at the cursor: the same checks as the command, nothing applied."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.sim.buildings import building_type
from game.sim.commands import Command, Demolish, Place, PlaceLine, Rejected
from game.sim.view import RUINS_SURCHARGE_PERCENT, line_tiles
from game.ui.tools import Tool

if TYPE_CHECKING:
    from game.sim.view import CityView

TileRect = tuple[int, int, int, int]  # (x, y, width, height) in tiles


@dataclass(frozen=True, slots=True)
class Preview:
    """The tiles a command would touch, whether it would pass, and the cost or the reason."""

    command: Command
    tiles: tuple[TileRect, ...]
    ok: bool
    text: str
    kind: str | None = None  # building to ghost over the tiles
    demolish: bool = False  # tint as a warning rather than as a go-ahead
    reach: TileRect | None = None  # the square a drone hub's drones would serve, outlined around it


def footprint_origin(kind: str, tile: tuple[int, int]) -> tuple[int, int]:
    """Return the top-left tile that puts a building's footprint centred on `tile`."""
    btype = building_type(kind)
    return tile[0] - (btype.width - 1) // 2, tile[1] - (btype.height - 1) // 2


def cost_text(funds: int, materials: int) -> str:
    """Return a price as the player reads it."""
    text = f"{funds:,} cr"
    return f"{text} + {materials:,} materials" if materials else text


def preview_for(city: CityView, tool: Tool, tile: tuple[int, int], drag_start: tuple[int, int] | None = None) -> Preview | None:
    """Return what `tool` would do at `tile` (dragging from `drag_start` for lines), or None."""
    if tool.kind is None:
        return _demolish_preview(city, tile)
    if tool.is_line:
        start = drag_start if drag_start is not None else tile
        command: Command = PlaceLine(start[0], start[1], tile[0], tile[1])
        tiles = tuple((x, y, 1, 1) for x, y in line_tiles(*start, *tile))
    else:
        x, y = footprint_origin(tool.kind, tile)
        command = Place(tool.kind, x, y)
        btype = building_type(tool.kind)
        tiles = ((x, y, btype.width, btype.height),)
    plan = city.plan(command)
    if isinstance(plan, Rejected):
        return Preview(command, tiles, False, plan.reason, tool.kind)
    count = len(plan.sites)
    text = cost_text(plan.funds, plan.materials)
    if plan.funds > building_type(tool.kind).cost * count:
        text += f" (+{RUINS_SURCHARGE_PERCENT}% to clear the ruins)"
    if tool.is_line:
        text = f"{count} tile{'s' if count != 1 else ''} of line: {text}"
    reach = _drone_reach(city, tool.kind, tiles[0]) if not tool.is_line else None
    if reach is not None:
        blocks, unserved = city.drones_in_reach(tiles[0][0], tiles[0][1])
        text = f"{text} · drones reach {blocks} block{'s' if blocks != 1 else ''}, {unserved} not served yet"
    return Preview(command, tiles, True, text, tool.kind, reach=reach)


def _drone_reach(city: CityView, kind: str, footprint: TileRect) -> TileRect | None:
    """Return the square of map a drone hub with this footprint would serve (clipped to the map), or None for other kinds."""
    reach = building_type(kind).drone_range
    if not reach:
        return None
    x, y, width, height = footprint
    left, top = max(0, x + width // 2 - reach), max(0, y + height // 2 - reach)
    right, bottom = min(city.width, x + width // 2 + reach + 1), min(city.height, y + height // 2 + reach + 1)
    return (left, top, right - left, bottom - top)


def _demolish_preview(city: CityView, tile: tuple[int, int]) -> Preview | None:
    """Return the demolish preview for the building at `tile`, or None on open ground; the figure is what the command pays."""
    record = city.building(city.building_at(*tile))
    if record is None:
        return None
    command = Demolish(*tile)
    plan = city.plan(command)
    if isinstance(plan, Rejected):
        return Preview(command, (record.footprint,), False, plan.reason, demolish=True)
    name = record.btype.name
    text = f"demolish {name}: clearing it costs {plan.funds:,} cr" if plan.funds > 0 else f"demolish {name}: {-plan.funds:,} cr back"
    return Preview(command, (record.footprint,), True, text, demolish=True)
