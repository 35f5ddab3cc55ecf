"""The levels a player can name: those shipped with the game and those in the user's levels folder.

A level's id is its file name without `.toml` and without the play-order number in front
(`01_first_light.toml` is `first_light`), so `neo-terra --level first_light` plays it from any
folder. The user's own levels live in `$XDG_DATA_HOME/neo-terra/levels` (by default
`~/.local/share/neo-terra/levels`) and appear in the menu beside the shipped ones; a shipped level
keeps its id when a user level has the same one (the user level is still playable by its path).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal

from game.data.field_errors import quoted, suggestion
from game.level.errors import InputError
from game.resources import LEVELS, package_folder
from game.settings import data_dir

if TYPE_CHECKING:
    from game.sim import Simulation

LEVEL_SUFFIX: Final = ".toml"
CTY_SUFFIX: Final = ".cty"  # a classic Micropolis / SimCity city file, imported as it is opened (game.level.cty)
_PLAY_ORDER = re.compile(r"^\d+_")  # "01_" in front of a shipped level's name gives the menu's order
MAX_USER_LEVELS: Final = 200  # a folder holding more is listed up to this many, by name


@dataclass(frozen=True, slots=True)
class LevelFile:
    """A level the player can name: its id, its file, and whether it ships with the game or is the user's."""

    id: str
    path: Path
    origin: Literal["shipped", "user"]


def level_id(path: Path) -> str:
    """Return the id a level file is named by: `01_first_light.toml` -> `first_light`."""
    return _PLAY_ORDER.sub("", path.stem) or path.stem


def shipped_levels() -> list[Path]:
    """Return the shipped level files, sorted by name (their numbers give the play order)."""
    return sorted(package_folder(LEVELS).glob(f"*{LEVEL_SUFFIX}"))


def user_levels_dir() -> Path:
    """Return the folder for the player's own level files (not created here)."""
    return data_dir() / LEVELS


def user_levels(folder: Path | None = None) -> list[Path]:
    """Return the level files in the user's levels folder, sorted by name; none when it is absent or unreadable."""
    folder = user_levels_dir() if folder is None else folder
    try:
        found = sorted(entry for entry in folder.iterdir() if entry.suffix == LEVEL_SUFFIX and not entry.name.startswith("."))
    except OSError:
        return []
    return [path for path in found if path.is_file()][:MAX_USER_LEVELS]


def level_catalogue(user_folder: Path | None = None) -> list[LevelFile]:
    """Return every level the player can name: the shipped ones in play order, then the user's."""
    catalogue = [LevelFile(level_id(path), path, "shipped") for path in shipped_levels()]
    catalogue += [LevelFile(level_id(path), path, "user") for path in user_levels(user_folder)]
    return catalogue


def find_level(name: str, user_folder: Path | None = None) -> Path:
    """Return the level file `name` means: a path to a file, else a level's id (`first_light`).

    Anything that looks like a path (a folder separator or the .toml suffix) is taken as one, so
    its problems are the file's own; a bare word names a level or gets one line listing the ids.
    """
    if os.sep in name or (os.altsep and os.altsep in name) or name.lower().endswith((LEVEL_SUFFIX, CTY_SUFFIX)) or Path(name).is_file():
        return Path(name)
    catalogue = level_catalogue(user_folder)
    for level in catalogue:
        if name in (level.id, level.path.stem):
            return level.path
    known = list(dict.fromkeys(level.id for level in catalogue))
    hint = suggestion(name, known) or f"; levels: {', '.join(known)} (or give a level file's path)"
    raise InputError([f"--level: no level named {quoted(name)}{hint}"])


def new_simulation(level: str | Path, seed: int | None = None) -> Simulation:
    """Return a new game of `level` (an id such as `first_light`, or a level file's path) with `seed`.

    The seed defaults to the level's own. Raises InputError listing the level's problems.
    """
    from game.level.loader import load_level
    from game.sim import Simulation

    return Simulation(load_level(find_level(str(level))), seed=seed)


DEFAULT_LEVEL: Final = package_folder(LEVELS) / "01_first_light.toml"
