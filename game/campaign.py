"""The campaign: the shipped levels in play order, arc by arc, and the player's progress through them.

The campaign is every shipped level whose `purpose` is "play" and whose `arc` names a story arc
("Neo-Terra", "EcoSphere"), in file order (`01_...`, `02_...`). The first is always open; each
next one opens when the one before it is won. The player's own levels are never part of it.

Progress is kept per level id: the best result (a win beats a loss; an earlier win beats a later
one, then more funds; a loss that lasted longer beats a shorter one) and how many times the level
was played to its end. It lives in `campaign.json` in the data folder, written atomically. A
damaged or hand-edited file never stops the game: the loader says in one line which file and field
is wrong, moves the file aside (`campaign.json.bad`, numbered when that exists) so nothing is lost,
and the game starts with no progress.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

from game.files import unused_name, write_atomic
from game.level.catalogue import LevelFile, level_id, shipped_levels
from game.level.errors import InputError
from game.level.loader import Level, read_level
from game.level.source import json_size_problem, read_bytes
from game.settings import data_dir

CAMPAIGN_FILE: Final = "campaign.json"
PROGRESS_FORMAT: Final = 1
MAX_PROGRESS_BYTES: Final = 256 * 1024  # a few hundred levels' records; anything bigger is not ours
MAX_LEVELS_KEPT: Final = 1000
MAX_REASON_CHARS: Final = 400
MAX_DAY: Final = 1_000_000
MAX_PLAYED: Final = 1_000_000_000
MAX_ABS_FUNDS: Final = 10**15
MAX_BAD_COPIES: Final = 100  # campaign.json.bad, .bad.2 ... .bad.100: after that the last of them is replaced
Outcome = Literal["won", "lost"]


@dataclass(frozen=True, slots=True)
class CampaignLevel:
    """A level of the campaign: its id (the file name without its number), file, name and story arc."""

    id: str
    path: Path
    name: str
    arc: str


@dataclass(frozen=True, slots=True)
class Result:
    """How one play of a level ended: won or lost, on which day (as the game shows it, from 1), with what funds and why."""

    outcome: Outcome
    day: int
    funds: int
    reason: str = ""

    @classmethod
    def of(cls, outcome: Outcome, day: int, funds: int, reason: str) -> Result:
        """Return the result of a game that ended so, its figures held to what a campaign file keeps."""
        return cls(outcome, max(0, min(MAX_DAY, day)), max(-MAX_ABS_FUNDS, min(MAX_ABS_FUNDS, funds)), reason[:MAX_REASON_CHARS])

    @property
    def won(self) -> bool:
        """True for a win."""
        return self.outcome == "won"

    @property
    def rank(self) -> tuple[int, int, int]:
        """Return the sort key of the result: greater is better (a win, then an earlier win or a longer loss, then more funds)."""
        return (1, -self.day, self.funds) if self.won else (0, self.day, self.funds)

    def summary(self) -> str:
        """Return the result in a few words: `won on day 21 · 12,400 cr`, `lost on day 45`."""
        return f"{self.headline()} · {self.funds:,} cr" if self.won else self.headline()

    def headline(self) -> str:
        """Return the result in the fewest words, for the level list: `won on day 21`."""
        return f"{self.outcome} on day {self.day}"


@dataclass(frozen=True, slots=True)
class Record:
    """What the player did on one level: the best result so far and how many times it was played to its end."""

    best: Result
    played: int = 1


@dataclass(frozen=True, slots=True)
class Progress:
    """The player's campaign progress: a record per level id (ids no longer shipped are kept, untouched)."""

    records: Mapping[str, Record] = field(default_factory=dict)

    def best(self, level_id: str) -> Result | None:
        """Return the best result on `level_id`, or None when it was never played to its end."""
        record = self.records.get(level_id)
        return None if record is None else record.best

    def won(self, level_id: str) -> bool:
        """True once `level_id` has been won."""
        best = self.best(level_id)
        return best is not None and best.won

    def with_result(self, level_id: str, result: Result) -> Progress:
        """Return the progress with one more play of `level_id` ending in `result`, kept as best only when better."""
        old = self.records.get(level_id)
        if old is None:
            record = Record(result)
        else:
            record = Record(result if result.rank > old.best.rank else old.best, old.played + 1)
        return Progress({**self.records, level_id: record})


# --- the order and the locks -----------------------------------------------------------------------
def campaign_of(levels: Iterable[tuple[LevelFile, Level]]) -> list[CampaignLevel]:
    """Return the campaign among levels read in catalogue order: the shipped ones for play that name an arc."""
    return [
        CampaignLevel(level.id, level.path, read.scenario.name, read.scenario.arc)
        for level, read in levels if level.origin == "shipped" and read.purpose == "play" and read.scenario.arc
    ]


def campaign_levels() -> list[CampaignLevel]:
    """Read the shipped levels and return the campaign among them (a shipped level that cannot be read is left out)."""
    found = []
    for path in shipped_levels():
        try:
            found.append((LevelFile(level_id(path), path, "shipped"), read_level(path)))
        except Exception:  # a damaged file may raise anything (game/opening.py); the tests keep the shipped ones sound
            continue
    return campaign_of(found)


def is_shipped(source: str) -> bool:
    """True when `source` (a game's level file) is one of the shipped level files: only those can be campaign levels."""
    played = _resolved(source)
    return played is not None and any(path.resolve() == played for path in shipped_levels())


def _resolved(source: str) -> Path | None:
    """Return the real path of the level file `source`, or None for a game built in code or a path that cannot be resolved."""
    if not source:
        return None
    try:
        return Path(source).resolve()
    except (OSError, RuntimeError):
        return None


def unlocked_by(campaign: list[CampaignLevel], progress: Progress, index: int) -> CampaignLevel | None:
    """Return the level whose win opens level `index` of the campaign, or None when it is open already."""
    if index == 0 or progress.won(campaign[index - 1].id):
        return None
    return campaign[index - 1]


def next_level(campaign: list[CampaignLevel], level_id: str) -> CampaignLevel | None:
    """Return the campaign level after `level_id`, or None after the last one (or for a level outside the campaign)."""
    ids = [level.id for level in campaign]
    if level_id not in ids or ids.index(level_id) + 1 == len(ids):
        return None
    return campaign[ids.index(level_id) + 1]


def campaign_level_at(campaign: list[CampaignLevel], source: str) -> CampaignLevel | None:
    """Return the campaign level whose file is `source` (a game's level file), or None for any other level."""
    played = _resolved(source)
    return None if played is None else next((level for level in campaign if level.path.resolve() == played), None)


def arc_runs(campaign: list[CampaignLevel]) -> list[tuple[str, list[int]]]:
    """Return the campaign as runs of one arc each, in order: (arc, indices into `campaign`)."""
    runs: list[tuple[str, list[int]]] = []
    for index, level in enumerate(campaign):
        if not runs or runs[-1][0] != level.arc:
            runs.append((level.arc, []))
        runs[-1][1].append(index)
    return runs


# --- the file --------------------------------------------------------------------------------------
def progress_path() -> Path:
    """Return where the campaign progress lives (not created here)."""
    return data_dir() / CAMPAIGN_FILE


class _Damaged(ValueError):
    """A campaign file that cannot be taken: `where` is the field (or '' for the whole file), the message what is wrong."""

    def __init__(self, where: str, what: str) -> None:
        super().__init__(what)
        self.where = where


def load_progress(path: Path | None = None) -> tuple[Progress, list[str]]:
    """Read the campaign progress; a missing file is no progress, a damaged one is moved aside with one line saying why."""
    target = progress_path() if path is None else path
    if not target.exists():
        return Progress(), []
    try:
        data = read_bytes(target, "campaign file", MAX_PROGRESS_BYTES)
    except InputError as error:  # not a regular file, too large, or unreadable: its line names the file
        if not target.is_file():
            return Progress(), [f"{error.problems[0]}; campaign progress is not kept this time"]
        return Progress(), [f"{error.problems[0]}; starting with no campaign progress ({_set_aside(target)})"]
    try:
        too_big = json_size_problem(data)
        if too_big:
            raise _Damaged("", too_big)
        return _progress(json.loads(data.decode("utf-8"))), []
    except _Damaged as damaged:
        problem = f"{damaged.where}: {damaged}" if damaged.where else str(damaged)
    except ValueError as error:  # UnicodeDecodeError and json.JSONDecodeError are ValueErrors
        problem = f"not JSON ({_first_line(error)})"
    return Progress(), [f"{target}: {problem}; starting with no campaign progress ({_set_aside(target)})"]


def _first_line(error: Exception) -> str:
    """Return the first line of an error's message."""
    return (str(error).splitlines() or [type(error).__name__])[0]


def _set_aside(target: Path) -> str:
    """Move a damaged file to the first free `NAME.bad`, `NAME.bad.2`, ...; return what became of it, for the message."""
    kept = unused_name(target.with_name(f"{target.name}.bad"), "{name}.{n}", MAX_BAD_COPIES)
    try:
        os.replace(target, kept)
    except OSError as error:
        return f"it could not be moved aside: {error.strerror or error}"
    return f"the file is kept as {kept.name}"


def _progress(raw: object) -> Progress:
    """Return the progress in a parsed campaign file; _Damaged naming the first field that is wrong."""
    if not isinstance(raw, dict):
        raise _Damaged("", "expected a JSON object")
    if raw.get("format") != PROGRESS_FORMAT:
        raise _Damaged("format", f"expected {PROGRESS_FORMAT}, got {json.dumps(raw.get('format'))[:40]}")
    levels = raw.get("levels", {})
    if not isinstance(levels, dict):
        raise _Damaged("levels", "expected an object of level id = record")
    if len(levels) > MAX_LEVELS_KEPT:
        raise _Damaged("levels", f"more than {MAX_LEVELS_KEPT} levels")
    return Progress({level_id: _record(record, f"levels.{level_id}") for level_id, record in levels.items()})


def _record(raw: object, where: str) -> Record:
    """Return one level's record; _Damaged naming the field that is wrong."""
    if not isinstance(raw, dict):
        raise _Damaged(where, "expected an object with best and played")
    best = raw.get("best")
    if not isinstance(best, dict):
        raise _Damaged(f"{where}.best", "expected an object with outcome, day, funds and reason")
    outcome = best.get("outcome")
    if outcome not in ("won", "lost"):
        raise _Damaged(f"{where}.best.outcome", "expected \"won\" or \"lost\"")
    reason = best.get("reason", "")
    if not isinstance(reason, str) or len(reason) > MAX_REASON_CHARS:
        raise _Damaged(f"{where}.best.reason", f"expected text of at most {MAX_REASON_CHARS} characters")
    result = Result(outcome, _whole(best.get("day"), f"{where}.best.day", 0, MAX_DAY), _whole(best.get("funds"), f"{where}.best.funds", -MAX_ABS_FUNDS, MAX_ABS_FUNDS), reason)
    return Record(result, _whole(raw.get("played"), f"{where}.played", 1, MAX_PLAYED))


def _whole(value: object, where: str, low: int, high: int) -> int:
    """Return `value` when it is a whole number from `low` to `high`; _Damaged otherwise."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _Damaged(where, f"expected a whole number from {low:,} to {high:,}")
    return value


def progress_json(progress: Progress) -> str:
    """Return the campaign file's text for `progress`, levels sorted by id."""
    levels = {
        level_id: {"played": record.played, "best": {"outcome": record.best.outcome, "day": record.best.day, "funds": record.best.funds, "reason": record.best.reason}}
        for level_id, record in sorted(progress.records.items())
    }
    return json.dumps({"format": PROGRESS_FORMAT, "levels": levels}, indent=2) + "\n"


def save_progress(progress: Progress, path: Path | None = None) -> str | None:
    """Write the campaign progress atomically; return a one-line problem instead of raising when it fails."""
    target = progress_path() if path is None else path
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, progress_json(progress).encode())
    except OSError as error:
        return f"{target}: cannot save the campaign progress ({error.strerror or error})"
    return None
