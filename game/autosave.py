"""Autosaves and quick-saves kept in rotation in one folder; a failed save never costs an older one.

The window owns one `SaveSlots`: after every tick it asks `claim_autosave(sim)` and, when one is
due, captures the game and has a `SaveWriter` write it on a worker thread; it calls `quicksave(sim)`
when the player asks. Files are named `autosave-0001.save`, `quicksave-0001.save` with a number
that only grows, so the newest is the highest. Each file is written atomically (temporary file,
renamed); only after it is safely on disk are the oldest beyond the limit removed.
"""

from __future__ import annotations

import re
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Final, Literal

import numpy as np

from game.files import write_atomic
from game.level.front_end import FrontEnd
from game.level.save import SaveSnapshot, capture_save, encode_save, scenario_json_of
from game.sim.scenario import Scenario
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

    def claim_autosave(self, sim: Simulation) -> bool:
        """True, once, when `sim` stands at a tick due an autosave (see `due`): the caller then writes it."""
        if not self.due(sim):
            return False
        self._last_autosave_tick = sim.tick  # a failure is not retried every tick of the day
        return True

    def maybe_autosave(self, sim: Simulation, front_end: FrontEnd | None = None) -> SaveResult | None:
        """Autosave `sim` (with the window's `front_end` section) if one is due (see `due`); None when none was due."""
        if not self.claim_autosave(sim):
            return None
        return self.save(sim, "autosave", front_end)

    def quicksave(self, sim: Simulation, front_end: FrontEnd | None = None) -> SaveResult:
        """Write a quick-save of `sim` (with the window's `front_end` section) now."""
        return self.save(sim, "quicksave", front_end)

    def save(self, sim: Simulation, kind: SlotKind, front_end: FrontEnd | None = None) -> SaveResult:
        """Write `sim` (with the window's `front_end` section) as the newest save of `kind`, then drop the oldest beyond the limit."""
        return self.write(capture_save(sim, front_end=front_end), kind)

    def write(self, snapshot: SaveSnapshot, kind: SlotKind, scenario_json: str | None = None) -> SaveResult:
        """Write a captured game as the newest save of `kind`, then drop the oldest beyond the limit.

        Safe on a worker thread (SaveWriter's) while the game plays on: it reads only the snapshot
        (and `scenario_json`, its scenario's JSON made earlier, if given: see `encode_save`).
        """
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            existing = self.saves(kind)
            number = _number(existing[0]) + 1 if existing else 1
            path = self.folder / f"{kind}-{number:04d}{SUFFIX}"
            write_atomic(path, encode_save(snapshot, scenario_json))
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


class SaveWriter:
    """Writes saves on one worker thread, one at a time in the order given, so no frame waits for the disk.

    The caller captures the game on its own thread (`capture`: a detached copy, cheap) and hands it
    over (`write`); the worker encodes, compresses and writes it atomically through
    `SaveSlots.write`. One worker means two writes never touch one slot at once. `finished()`
    returns the results of the writes done since it was last asked, in order, for the window to
    report on its next frame; an unexpected error in the worker comes back as a SaveFailed naming
    it. `close()` waits for what is still being written (quitting must not lose it).
    """

    def __init__(self) -> None:
        self._executor: ThreadPoolExecutor | None = None  # started with the first write
        self._pending: deque[Future[SaveResult]] = deque()
        self._spare: dict[str, np.ndarray] | None = None  # a written snapshot's arrays, for the next capture to copy into
        self._scenario_json: tuple[Scenario, str] | None = None  # the last scenario written and its JSON (used on the worker only)

    def capture(self, sim: Simulation, front_end: FrontEnd | None = None) -> SaveSnapshot:
        """Return `sim` (with the window's `front_end` section) captured for a save, copied into a written snapshot's memory when there is one."""
        spare, self._spare = self._spare, None
        return capture_save(sim, spare, front_end)

    def write(self, slots: SaveSlots, snapshot: SaveSnapshot, kind: SlotKind) -> None:
        """Have `snapshot` written as the newest save of `kind` in `slots`, after the writes already asked for."""
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="neo-terra-save")
        self._pending.append(self._executor.submit(self._write, slots, snapshot, kind))

    def _write(self, slots: SaveSlots, snapshot: SaveSnapshot, kind: SlotKind) -> SaveResult:
        """Write one snapshot (on the worker thread), then offer its arrays to the next capture."""
        # The scenario never changes: its JSON is made once a game, not once an autosave. Making
        # it (16,000 dicts at 512x512) is also where the worker kept the drawing thread waiting longest.
        if self._scenario_json is None or self._scenario_json[0] is not snapshot.scenario:
            self._scenario_json = (snapshot.scenario, scenario_json_of(snapshot.scenario))
        result = slots.write(snapshot, kind, self._scenario_json[1])
        self._spare = snapshot.arrays
        return result

    @property
    def busy(self) -> bool:
        """True while a write asked for has not yet been reported by `finished` or `wait`."""
        return bool(self._pending)

    def finished(self) -> list[SaveResult]:
        """Return the results of the writes done since the last call, in the order they were asked for."""
        done = []
        while self._pending and self._pending[0].done():
            done.append(_result_of(self._pending.popleft()))
        return done

    def wait(self) -> list[SaveResult]:
        """Wait for every write asked for; return the results not yet reported, in order."""
        done = []
        while self._pending:
            done.append(_result_of(self._pending.popleft()))
        return done

    def close(self) -> list[SaveResult]:
        """Wait for the writes still going (see `wait`), then stop the worker thread."""
        done = self.wait()
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None
        return done


def _result_of(future: Future[SaveResult]) -> SaveResult:
    """Return a write's result, waiting for it; a failure it did not expect becomes a SaveFailed that names it."""
    try:
        return future.result()
    except Exception as error:  # the worker must report whatever went wrong, never lose it
        return SaveFailed(f"{type(error).__name__}: {error}" if str(error) else type(error).__name__)


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
