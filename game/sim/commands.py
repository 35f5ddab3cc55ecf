"""Player actions as frozen dataclasses with primitive fields, and their results."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, ClassVar


@dataclass(frozen=True, slots=True)
class Place:
    """Build one building of `kind` with its top-left corner at (x, y)."""

    type_name: ClassVar[str] = "place"
    kind: str
    x: int
    y: int


@dataclass(frozen=True, slots=True)
class PlaceLine:
    """Lay power lines along an L-shaped run from (x0, y0) to (x1, y1), horizontal leg first."""

    type_name: ClassVar[str] = "place_line"
    x0: int
    y0: int
    x1: int
    y1: int


@dataclass(frozen=True, slots=True)
class Demolish:
    """Tear down whatever building covers the tile (x, y)."""

    type_name: ClassVar[str] = "demolish"
    x: int
    y: int


@dataclass(frozen=True, slots=True)
class SetPolicy:
    """Set the policy `name` to the integer `value`."""

    type_name: ClassVar[str] = "set_policy"
    name: str
    value: int


@dataclass(frozen=True, slots=True)
class Choose:
    """Answer the story event `event` (its id) with the choice whose id is `choice`."""

    type_name: ClassVar[str] = "choose"
    event: str
    choice: str


@dataclass(frozen=True, slots=True)
class Excavate:
    """Dig up to `units` of buried hazardous waste out of the landfill `building` (its id) into the depot, at a price a unit."""

    type_name: ClassVar[str] = "excavate"
    building: int
    units: int


@dataclass(frozen=True, slots=True)
class KeepPlaying:
    """Play on in a won level's city without goals: nothing more is won or lost, and the city runs on."""

    type_name: ClassVar[str] = "keep_playing"


Command = Place | PlaceLine | Demolish | SetPolicy | Choose | Excavate | KeepPlaying
COMMAND_TYPES: dict[str, type] = {c.type_name: c for c in (Place, PlaceLine, Demolish, SetPolicy, Choose, Excavate, KeepPlaying)}


@dataclass(frozen=True, slots=True)
class Applied:
    """The command changed the world; `detail` says how, for the player."""

    detail: str = ""

    ok: ClassVar[bool] = True


@dataclass(frozen=True, slots=True)
class Rejected:
    """The command changed nothing, because of `reason`."""

    reason: str

    ok: ClassVar[bool] = False


Result = Applied | Rejected


_FIELD_NAMES: dict[str, tuple[str, ...]] = {name: tuple(f.name for f in fields(kind)) for name, kind in COMMAND_TYPES.items()}


def command_to_dict(command: Command) -> dict[str, Any]:
    """Return a command as plain data with its `type`, as written in command files."""
    # The fields are primitives, so this is asdict without its deep copy: a state hash writes out
    # the whole command log, and asdict made exporting a 200,000-command game's replay quadratic in time.
    return {"type": command.type_name, **{name: getattr(command, name) for name in _FIELD_NAMES[command.type_name]}}


def command_fields(command_class: type) -> tuple[tuple[str, type], ...]:
    """Return the (name, type) pairs a command class takes, in order."""
    hints = {"int": int, "str": str}
    return tuple((f.name, hints[f.type] if isinstance(f.type, str) else f.type) for f in fields(command_class))


def result_to_dict(result: Result) -> dict[str, Any]:
    """Return a command result as plain data for reports and logs."""
    if isinstance(result, Applied):
        return {"result": "applied", "detail": result.detail}
    return {"result": "rejected", "reason": result.reason}


MAX_LINE_TILES = 2_048
# Tiles the commands of one file, queue, log or replay may make the game check, about 5 us each:
# a file of power-line runs is bounded by the work it implies, not only by its count of commands.
MAX_COMMAND_TILES = 800_000
# Commands a game's log keeps, the newest: a long game's log (and its saves) stay bounded. A game
# that let older ones go can no longer be replayed from its start.
COMMAND_LOG_LIMIT = 100_000


def command_tiles(command: Command) -> int:
    """Return how many tiles checking `command` may walk: a power line run's length, else 1."""
    if not isinstance(command, PlaceLine):
        return 1
    tiles = abs(command.x1 - command.x0) + abs(command.y1 - command.y0) + 1
    return tiles if tiles <= MAX_LINE_TILES else 1  # a longer run is refused before its tiles are walked
