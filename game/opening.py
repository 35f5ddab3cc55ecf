"""Opening a save or a level for a front end: a damaged file of any kind is one line, never a crash.

`load_game` and `load_level` refuse what they recognise as damaged with an InputError. A file can be
damaged in ways no check foresaw, and then their readers (zipfile, zlib, json, numpy, pydantic, the
snapshot's restore) raise what they raise: OSError, ValueError, KeyError, zipfile.BadZipFile,
MemoryError... The window and the command line open files only through here, so that each shows one
line and carries on (the window keeps its current game running).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from game.level.errors import one_line

if TYPE_CHECKING:
    from game.level.front_end import FrontEnd
    from game.sim import Simulation


@dataclass(frozen=True, slots=True)
class Unopened:
    """A file that could not be opened, and why: one line or more, each naming it (the first says enough)."""

    problems: tuple[str, ...]

    @property
    def reason(self) -> str:
        """The first problem: what a one-line message shows."""
        return self.problems[0]


def open_save(path: str | Path) -> Simulation | Unopened:
    """Return the game saved at `path`, or why it cannot be loaded."""
    from game.level.save import load_game

    try:
        return load_game(path)
    except Exception as error:  # anything a damaged file can cause: see the module docstring
        return unopened(path, error)


def saved_front_end(path: str | Path) -> FrontEnd | None:
    """Return the window's section of the save at `path` (the tutorial's progress), or None when it has none or cannot be read."""
    from game.level.save import read_save_info

    try:
        return read_save_info(path).front_end
    except Exception:  # the game itself loaded or was refused already; the window's extras are optional
        return None


def open_level(path: str | Path, seed: int | None = None) -> Simulation | Unopened:
    """Return a new game on the level at `path` (with `seed`, else the level's), or why it cannot start."""
    from game.level import load_level
    from game.sim import Simulation

    try:
        return Simulation(load_level(path), seed=seed)
    except Exception as error:  # see the module docstring
        return unopened(path, error)


def unopened(path: str | Path, error: Exception) -> Unopened:
    """Return why `path` could not be opened: the problems the game's checks found, or what its reader raised."""
    from game.level import InputError

    if isinstance(error, InputError):
        return Unopened(tuple(one_line(problem) for problem in error.problems) or (f"{path}: cannot be opened",))
    if isinstance(error, MemoryError):
        return Unopened((one_line(f"{path}: cannot be opened: too large to read into memory"),))
    detail = str(error) or type(error).__name__
    return Unopened((one_line(f"{path}: cannot be opened, the file is damaged ({type(error).__name__}: {detail})"),))
