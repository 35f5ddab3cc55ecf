"""What menus and dialogs ask the app to do; the app carries these out (files, screens, settings)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.settings import Settings

if TYPE_CHECKING:
    from game.level.generate import SandboxOptions


@dataclass(frozen=True, slots=True)
class StartLevel:
    """Start a new game on the level file at `path`."""

    path: str


@dataclass(frozen=True, slots=True)
class StartGenerated:
    """Start a new game on the map generated from `options` (free play: no file needed)."""

    options: SandboxOptions


@dataclass(frozen=True, slots=True)
class SaveGenerated:
    """Write the map generated from `options` as a level file into the player's levels folder."""

    options: SandboxOptions


@dataclass(frozen=True, slots=True)
class LoadSave:
    """Resume the saved game at `path`."""

    path: str


@dataclass(frozen=True, slots=True)
class QuickSave:
    """Save into the next quick-save slot."""


@dataclass(frozen=True, slots=True)
class QuickLoad:
    """Load the newest quick-save."""


@dataclass(frozen=True, slots=True)
class SaveAs:
    """Save under the name the player typed."""

    name: str


@dataclass(frozen=True, slots=True)
class ExportReplay:
    """Write a replay of the game so far into the replays folder."""


@dataclass(frozen=True, slots=True)
class Retry:
    """Start the same scenario again with the same seed."""


@dataclass(frozen=True, slots=True)
class ToMenu:
    """Leave the game for the main menu."""


@dataclass(frozen=True, slots=True)
class ApplySettings:
    """Use (and remember) these settings."""

    settings: Settings


@dataclass(frozen=True, slots=True)
class QuitGame:
    """Close the game."""
