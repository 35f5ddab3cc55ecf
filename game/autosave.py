"""Autosaves and quick-saves kept in rotation in one folder; a failed save never costs an older one.

The window owns one `SaveSlots` and calls `maybe_autosave(sim)` after every tick it runs and
`quicksave(sim)` when the player asks. Files are named `autosave-0001.save`, `quicksave-0001.save`
with a number that only grows, so the newest is the highest. Each file is written atomically by
`game.level.save.save_game`; only after it is safely on disk are the oldest beyond the limit removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Final, Literal

from game.level.front_end import FrontEnd
from game.level.save import save_game
from game.sim.simulation import TICKS_PER_DAY, Simulation

SlotKind = Literal["autosave", "quicksave"]
SLOT_KINDS: Final[tuple[SlotKind, ...]] = ("autosave", "quicksave")
SUFFIX: Final = ".save"
# Four digits or more: a number past 9,999 still sorts by value (a name is at most 255 bytes).
_SLOT_NAME: Final = re.compile(r"^(autosave|quicksave)-(\d{4,200})\.save$")


@dataclass(frozen=True, slots=True)
class Saved:
    """A save was written to `path`; `removed` are the older files rotated out."""

    path: Path
    removed: tuple[Path, ...] = ()

    ok: ClassVar[bool] = True


@dataclass(frozen=True, slots=True)
class SaveFailed:
    """Nothing was written (the older saves are untouched), because of `reason` (one line)."""

    reason: str

    ok: ClassVar[bool] = False


SaveResult = Saved | SaveFailed


class SaveSlots:
    """A folder of rotating autosaves and quick-saves.

    `every_days`: game days between autosaves (1 day = 24 ticks); `keep_autosaves` and
    `keep_quicksaves`: how many of each to keep, the newest first.
    """

    def __init__(self, folder: str | Path, every_days: int = 1, keep_autosaves: int = 3, keep_quicksaves: int = 3) -> None:
        """Use `folder` (created on the first save) with the given cadence and limits."""
        if every_days < 1 or keep_autosaves < 1 or keep_quicksaves < 1:
            raise ValueError("every_days and the numbers of saves to keep must be at least 1")
        self.folder = Path(folder)
        self.every_days = every_days
        self.keep = {"autosave": keep_autosaves, "quicksave": keep_quicksaves}
        self._last_autosave_tick = -1

    def due(self, sim: Simulation) -> bool:
        """True when `sim` stands at the start of a day that is due an autosave and has none yet."""
        interval = TICKS_PER_DAY * self.every_days
        return sim.tick > 0 and sim.tick % interval == 0 and sim.tick != self._last_autosave_tick

    def maybe_autosave(self, sim: Simulation, front_end: FrontEnd | None = None) -> SaveResult | None:
        """Autosave `sim` (with the window's `front_end` section) if one is due (see `due`); None when none was due."""
        if not self.due(sim):
            return None
        self._last_autosave_tick = sim.tick  # a failure is not retried every tick of the day
        return self.save(sim, "autosave", front_end)

    def quicksave(self, sim: Simulation, front_end: FrontEnd | None = None) -> SaveResult:
        """Write a quick-save of `sim` (with the window's `front_end` section) now."""
        return self.save(sim, "quicksave", front_end)

    def save(self, sim: Simulation, kind: SlotKind, front_end: FrontEnd | None = None) -> SaveResult:
        """Write `sim` (with the window's `front_end` section) as the newest save of `kind`, then drop the oldest beyond the limit."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            existing = self.saves(kind)
            number = _number(existing[0]) + 1 if existing else 1
            path = self.folder / f"{kind}-{number:04d}{SUFFIX}"
            save_game(sim, path, front_end)
        except OSError as error:
            return SaveFailed(f"could not save to {self.folder}: {_reason(error)}")
        removed = []
        try:
            surplus = self.saves(kind)[self.keep[kind]:]
        except OSError:
            surplus = []  # the folder cannot be listed now; the next save rotates instead
        for old in surplus:
            try:
                old.unlink()
                removed.append(old)
            except OSError:
                pass  # an old save that cannot be removed just stays; the new one is written
        return Saved(path, tuple(removed))

    def saves(self, kind: SlotKind | None = None) -> list[Path]:
        """Return the save files of `kind` (or of both kinds) in the folder, the newest first."""
        if not self.folder.is_dir():
            return []
        found = []
        for path in self.folder.iterdir():
            matched = _SLOT_NAME.match(path.name)
            if matched and (kind is None or matched[1] == kind) and path.is_file():
                found.append(path)
        if kind is None:
            return sorted(found, key=_modified, reverse=True)
        return sorted(found, key=_number, reverse=True)

    def latest(self, kind: SlotKind | None = None) -> Path | None:
        """Return the newest save of `kind` (or of either kind), or None."""
        found = self.saves(kind)
        return found[0] if found else None


def is_slot(path: Path) -> bool:
    """True when `path` is named as a file of the rotation (`autosave-0001.save`), not a save the player named."""
    return _SLOT_NAME.match(path.name) is not None


def _number(path: Path) -> int:
    """Return the rotation number in a slot file's name."""
    matched = _SLOT_NAME.match(path.name)
    return int(matched[2]) if matched else 0


def _modified(path: Path) -> int:
    """Return when `path` was last written (ns), or 0 if it vanished meanwhile (another game rotated it)."""
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def _reason(error: OSError) -> str:
    """Return why a file operation failed, in lower case."""
    return error.strerror.lower() if error.strerror else str(error) or type(error).__name__
