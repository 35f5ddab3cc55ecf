"""The window's saves folder: named saves and the list of every save, over `game.autosave`'s rotation.

Quick-saves and autosaves (numbered files kept in rotation) belong to `game.autosave.SaveSlots`;
this module adds what only the window needs: a file name for a save the player names, the list
the load menus show, and the newest save for Continue. Writing and reading the files is
`game.level.save`'s job.

Every save ends in `.save` (game.autosave.SUFFIX): `quicksave-0003.save`, `autosave-0012.save` and
`My city.save`. Named saves written before the game had one extension end in `.ntsave`; they
are still listed and loaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from game import autosave
from game.autosave import SUFFIX as SLOT_SUFFIX
from game.level.front_end import Thumbnail

HOURS_PER_DAY = 24  # a tick is a game hour

SAVE_SUFFIX = SLOT_SUFFIX  # every save, named or rotating, ends in the one suffix
OLD_SUFFIXES = (".ntsave",)  # named saves of older games: listed and loaded, never written
MAX_NAME = 40
_UNSAFE = re.compile(r"[^A-Za-z0-9 _.-]+")
_SLOT_NAME = re.compile(r"^(autosave|quicksave)-0*(\d+)$")
_SLOT_TITLES = {"autosave": "Autosave", "quicksave": "Quick-save"}


@dataclass(frozen=True, slots=True)
class SaveFile:
    """One saved game on disk: its path, the name to show and when it was written (seconds since epoch)."""

    path: Path
    name: str
    modified: float

    @property
    def quick(self) -> bool:
        """True for a quick-save slot."""
        return self.path.name.startswith("quicksave-")

    def label(self) -> str:
        """Return the name with the date and time it was written, for lists."""
        when = datetime.fromtimestamp(self.modified).strftime("%d %b %H:%M")
        return f"{self.name}  ·  {when}"


@dataclass(frozen=True, slots=True)
class SaveDetails:
    """What a save's header says about its game: the level's title, the tick it was saved at and its thumbnail (None: an older save)."""

    level_name: str
    tick: int
    thumbnail: Thumbnail | None = None

    def line(self) -> str:
        """Return the level and the game time, e.g. `Neo-Terra · day 4, 06:00`."""
        day, hour = divmod(self.tick, HOURS_PER_DAY)
        return f"{self.level_name or 'Unknown level'} · day {day + 1}, {hour:02d}:00"


def clean_name(name: str) -> str | None:
    """Return a file-safe save name from what the player typed, or None if nothing usable is left."""
    cleaned = _UNSAFE.sub("", name).strip(" .")[:MAX_NAME].strip()
    return cleaned or None


def display_name(path: Path) -> str:
    """Return the name to show for a save file: "Quick-save 3", "Autosave 12" or the player's name."""
    stem = path.stem
    matched = _SLOT_NAME.match(stem) if path.suffix == SLOT_SUFFIX and autosave.is_slot(path) else None
    if matched:
        return f"{_SLOT_TITLES[matched[1]]} {int(matched[2])}"
    return stem


class SaveFolder:
    """The saves folder: rotating quick-saves and autosaves (via `slots`), named saves, and the list of all.

    `autosave_days`: game days between autosaves, 0 for none.
    """

    def __init__(self, folder: Path, autosave_days: int = 1) -> None:
        self.folder = Path(folder)
        self.autosave_days = max(0, autosave_days)
        self.slots = autosave.SaveSlots(self.folder, every_days=max(1, autosave_days))
        self._details: dict[tuple[Path, float], SaveDetails | None] = {}  # by path and when it was written

    def ensure(self) -> str | None:
        """Create the folder if needed; return a one-line problem when that fails."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            return f"{self.folder}: cannot create the saves folder ({error.strerror or error})"
        return None

    def all(self) -> list[SaveFile]:
        """Return every save, named or rotating, newest first."""
        try:
            paths = [path for suffix in (SAVE_SUFFIX, *OLD_SUFFIXES) for path in self.folder.glob(f"*{suffix}") if path.is_file()]
        except OSError:
            return []
        found = []
        for path in paths:
            try:
                modified = path.stat().st_mtime
            except OSError:
                continue  # rotated away meanwhile
            found.append(SaveFile(path, display_name(path), modified))
        return sorted(found, key=lambda save: (save.modified, save.path.name), reverse=True)

    def details(self, save: SaveFile) -> SaveDetails | None:
        """Return what the save's header says (read once per version of the file), or None when it cannot be read."""
        key = (save.path, save.modified)
        if key not in self._details:
            from game.level import InputError
            from game.level.save import read_save_info

            try:
                info = read_save_info(save.path)
                self._details[key] = SaveDetails(info.level_name, info.tick, info.thumbnail)
            except (InputError, OSError):
                self._details[key] = None  # listed by name; loading it says what is wrong
        return self._details[key]

    def latest(self) -> SaveFile | None:
        """Return the newest save of any kind, for Continue."""
        saves = self.all()
        return saves[0] if saves else None

    def latest_quick(self) -> SaveFile | None:
        """Return the newest quick-save, for quick-load."""
        path = self.slots.latest("quicksave")
        if path is None:
            return None
        try:
            return SaveFile(path, display_name(path), path.stat().st_mtime)
        except OSError:
            return None

    def named(self, name: str) -> Path | None:
        """Return the path for a save called `name`, or None when the name has nothing usable."""
        cleaned = clean_name(name)
        if cleaned is None:
            return None
        if _SLOT_NAME.match(cleaned):  # "autosave-0001" would join the rotation and be rotated away
            cleaned = cleaned.replace("-", " ", 1)
        return self.folder / f"{cleaned}{SAVE_SUFFIX}"
