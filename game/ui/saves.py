"""Where saved games go: quick-save files in rotation and named saves, in the player's data folder.

Only paths and names live here; writing and reading the files is `game.level.save`'s job, which
the app calls with the paths this module picks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

SAVE_SUFFIX = ".ntsave"
QUICK_PREFIX = "quick-"
QUICK_SLOTS = 3  # quick-saves kept; the oldest is overwritten
MAX_NAME = 40
_UNSAFE = re.compile(r"[^A-Za-z0-9 _.-]+")


@dataclass(frozen=True, slots=True)
class SaveFile:
    """One saved game on disk: its path, the name to show and when it was written (seconds since epoch)."""

    path: Path
    name: str
    modified: float

    @property
    def quick(self) -> bool:
        """True for a quick-save slot."""
        return self.path.name.startswith(QUICK_PREFIX)

    def label(self) -> str:
        """Return the name with the date and time it was written, for lists."""
        when = datetime.fromtimestamp(self.modified).strftime("%d %b %H:%M")
        return f"{self.name}  ·  {when}"


def clean_name(name: str) -> str | None:
    """Return a file-safe save name from what the player typed, or None if nothing usable is left."""
    cleaned = _UNSAFE.sub("", name).strip(" .")[:MAX_NAME].strip()
    return cleaned or None


class SaveSlots:
    """The saves folder: picks paths for quick and named saves and lists what is there."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def ensure(self) -> str | None:
        """Create the folder if needed; return a one-line problem when that fails."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            return f"{self.folder}: cannot create the saves folder ({error.strerror or error})"
        return None

    def all(self) -> list[SaveFile]:
        """Return every save, newest first."""
        if not self.folder.is_dir():
            return []
        found = []
        for path in self.folder.glob(f"*{SAVE_SUFFIX}"):
            try:
                modified = path.stat().st_mtime
            except OSError:
                continue
            found.append(SaveFile(path, self._display_name(path), modified))
        return sorted(found, key=lambda save: (save.modified, save.path.name), reverse=True)

    def latest(self) -> SaveFile | None:
        """Return the newest save of any kind, for Continue."""
        saves = self.all()
        return saves[0] if saves else None

    def latest_quick(self) -> SaveFile | None:
        """Return the newest quick-save, for quick-load."""
        return next((save for save in self.all() if save.quick), None)

    def next_quick(self) -> Path:
        """Return the quick-save slot to write next: an empty one, else the oldest."""
        slots = [self.folder / f"{QUICK_PREFIX}{n}{SAVE_SUFFIX}" for n in range(1, QUICK_SLOTS + 1)]
        empty = [slot for slot in slots if not slot.exists()]
        if empty:
            return empty[0]
        return min(slots, key=lambda slot: (slot.stat().st_mtime, slot.name))

    def named(self, name: str) -> Path | None:
        """Return the path for a save called `name`, or None when the name has nothing usable."""
        cleaned = clean_name(name)
        if cleaned is None:
            return None
        return self.folder / f"{cleaned}{SAVE_SUFFIX}"

    @staticmethod
    def _display_name(path: Path) -> str:
        """Return the name to show for a save file."""
        stem = path.name[: -len(SAVE_SUFFIX)]
        if stem.startswith(QUICK_PREFIX):
            return f"Quick-save {stem[len(QUICK_PREFIX):]}"
        return stem
