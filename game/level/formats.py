"""Level format numbers: the one this game writes, and the upgrades that bring older ones up to it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, Final

from game.data.field_errors import describe_value

LEVEL_FORMAT: Final = 2

Document = dict[str, Any]

# Format N -> a function turning a format-N document into a format-(N+1) one. When the format
# changes, bump LEVEL_FORMAT and add the step from the previous number here; old files keep loading.
def upgrade_1_to_2(document: Document) -> Document:
    """Format 2 added `[[camps]]`, `[politics]` and `[events]`; a format-1 level has none, so
    it keeps playing as it was: no tribes, no elections and no story events."""
    return {**document, "events": {"enable": []}} if "events" not in document else document


UPGRADES: Final[Mapping[int, Callable[[Document], Document]]] = MappingProxyType({1: upgrade_1_to_2})


def supported_formats() -> tuple[int, ...]:
    """Return every format number this game can read, oldest first."""
    return (*sorted(UPGRADES), LEVEL_FORMAT)


def upgraded(document: Document) -> Document | str:
    """Return `document` brought up to LEVEL_FORMAT, or a message saying why its format is refused."""
    supported = ", ".join(str(number) for number in supported_formats())
    if "format" not in document:
        return f"format: missing; add `format = {LEVEL_FORMAT}` at the top (this game reads format {supported})"
    number = document["format"]
    if isinstance(number, bool) or not isinstance(number, int):
        return f"format: expected an integer, got {describe_value(number)}"
    if number != LEVEL_FORMAT and number not in UPGRADES:
        newer = " (made by a newer version of the game?)" if number > LEVEL_FORMAT else ""
        return f"format: level format {number} is not supported{newer}; this game reads format {supported}"
    while number != LEVEL_FORMAT:
        document = UPGRADES[number](document)
        number += 1
        document["format"] = number
    return document
