"""The levels that ship with the game, in the repository's `levels/` folder."""

from __future__ import annotations

from pathlib import Path
from typing import Final

LEVELS_DIR: Final = Path(__file__).resolve().parents[2] / "levels"
DEFAULT_LEVEL: Final = LEVELS_DIR / "01_first_light.toml"


def shipped_levels() -> list[Path]:
    """Return the shipped level files, sorted by name (their numbers give the play order)."""
    return sorted(LEVELS_DIR.glob("*.toml"))
