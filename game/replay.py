"""Replays: a level, a seed and the command log, with state hashes at checkpoints to check a re-run.

A replay file is JSON:
  {"format": "neo-terra-replay", "version": 1,
   "level": "../levels/01_first_light.toml",   # relative to the replay file's folder, or absolute
   "level_sha256": "<sha256 of the level file's bytes>",
   "seed": 7, "ticks": 240, "checkpoint_every": 24,
   "commands": [{"tick": 3, "type": "place", "kind": "garden", "x": 4, "y": 5}, ...],
   "checkpoints": [{"tick": 0, "state_hash": "<32 hex digits>"}, ..., {"tick": 240, ...}]}

A checkpoint at tick T is the state hash once the commands logged at tick T are applied, before
that tick runs; the last checkpoint is at `ticks`, where the recorded game stopped. Commands are
listed in the order the game applied them (the order matters within a tick).

Exporting re-runs the game from its level and seed to take the checkpoints, and refuses when the
re-run does not reach the live game's state (the level file was edited since the game began).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, ClassVar, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from game.data.field_errors import field_path, schema_problems
from game.files import write_atomic
from game.level.errors import InputError, capped
from game.level.loader import read_level_source, scenario_from_text
from game.level.save import MAX_LOG_COMMANDS, MAX_SOURCE_CHARS, CommandData, command_from_data, command_problems
from game.level.schema import MAX_SEED
from game.level.source import read_json
from game.sim.commands import COMMAND_LOG_LIMIT, MAX_COMMAND_TILES, Command, command_tiles, command_to_dict
from game.sim.scenario import Scenario
from game.sim.simulation import TICKS_PER_DAY, Simulation

REPLAY_FORMAT: Final = "neo-terra-replay"
REPLAY_VERSION: Final = 1
DEFAULT_CHECKPOINT_TICKS: Final = TICKS_PER_DAY
MAX_REPLAY_BYTES: Final = 64 * 1024 * 1024
MAX_REPLAY_TICKS: Final = 24 * 2_000  # two thousand game days: about 3 s of re-running the tutorial's map
# A tick's work grows with the map: a replay may ask for at most this many tiles times ticks, each map
# counted as at least SMALL_MAP_TILES (the tutorial's map is smaller), some 5 s of re-running.
SMALL_MAP_TILES: Final = 4_096
MAX_REPLAY_TILE_TICKS: Final = MAX_REPLAY_TICKS * SMALL_MAP_TILES
MAX_CHECKPOINTS: Final = 100_000


class _Checkpoint(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")

    tick: Annotated[int, Field(ge=0, le=MAX_REPLAY_TICKS)]
    state_hash: Annotated[str, Field(pattern=r"^[0-9a-f]{32}$")]


class _ReplayFile(BaseModel):
    """The replay file's shape; command fields are checked by `command_problems`."""

    model_config = ConfigDict(strict=True, extra="forbid")

    format: Literal["neo-terra-replay"]
    version: Literal[1]
    level: Annotated[str, Field(min_length=1, max_length=MAX_SOURCE_CHARS)]
    level_sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    seed: Annotated[int, Field(ge=0, le=MAX_SEED)]
    ticks: Annotated[int, Field(ge=0, le=MAX_REPLAY_TICKS)]
    checkpoint_every: Annotated[int, Field(ge=1, le=MAX_REPLAY_TICKS)]
    commands: Annotated[list[CommandData], Field(max_length=MAX_LOG_COMMANDS, fail_fast=True)]
    checkpoints: Annotated[list[_Checkpoint], Field(min_length=1, max_length=MAX_CHECKPOINTS, fail_fast=True)]


@dataclass(frozen=True, slots=True)
class Replay:
    """A checked replay: where its level is, the run's seed and length, its commands and checkpoints."""

    label: str
    level: Path
    scenario: Scenario
    level_sha256: str
    seed: int
    ticks: int
    commands: tuple[tuple[int, Command], ...]
    checkpoints: tuple[tuple[int, str], ...]


@dataclass(frozen=True, slots=True)
class Matched:
    """Every checkpoint of the replay matched."""

    checkpoints: int
    ticks: int
    state_hash: str

    ok: ClassVar[bool] = True


@dataclass(frozen=True, slots=True)
class Diverged:
    """The re-run's state differed from the recording first at checkpoint `tick`."""

    tick: int
    expected: str
    actual: str

    ok: ClassVar[bool] = False


@dataclass(frozen=True, slots=True)
class Exported:
    """A replay of `ticks` ticks with `checkpoints` checkpoints was written to `path`."""

    path: Path
    ticks: int
    checkpoints: int

    ok: ClassVar[bool] = True


@dataclass(frozen=True, slots=True)
class ExportFailed:
    """No replay was written, because of `reason` (one line)."""

    reason: str

    ok: ClassVar[bool] = False


# --- recording -------------------------------------------------------------------------------


def export_replay(sim: Simulation, path: str | Path, checkpoint_every: int = DEFAULT_CHECKPOINT_TICKS) -> Exported | ExportFailed:
    """Write a replay of the game `sim` has played so far to `path` (for the window and the CLI)."""
    document = replay_document(sim, path, checkpoint_every)
    if isinstance(document, ExportFailed):
        return document
    try:
        write_atomic(path, (json.dumps(document, indent=1) + "\n").encode())
    except OSError as error:
        reason = error.strerror.lower() if error.strerror else str(error)
        return ExportFailed(f"{path}: cannot write the replay: {reason}")
    return Exported(Path(path), document["ticks"], len(document["checkpoints"]))


def replay_document(sim: Simulation, path: str | Path, checkpoint_every: int = DEFAULT_CHECKPOINT_TICKS) -> dict[str, Any] | ExportFailed:
    """Return the replay file's content for `sim`, to be written at `path`, by re-running its game."""
    if not 1 <= checkpoint_every <= MAX_REPLAY_TICKS:
        return ExportFailed(f"checkpoints must be 1 to {MAX_REPLAY_TICKS:,} ticks apart")
    if sim.tick > MAX_REPLAY_TICKS:
        return ExportFailed(f"the game is {sim.tick:,} ticks long; a replay holds at most {MAX_REPLAY_TICKS:,}")
    if not sim.scenario.source:
        return ExportFailed("this game did not start from a level file, so it cannot be replayed")
    if sim.command_log_dropped:
        return ExportFailed(
            f"this game's log let its oldest {sim.command_log_dropped:,} commands go (it keeps the newest {COMMAND_LOG_LIMIT:,}), "
            "so it cannot be replayed from its start"
        )
    too_long = _too_long(sim.tick, sim.scenario)
    if too_long is not None:
        return ExportFailed(too_long)
    level = Path(sim.scenario.source).resolve()
    try:
        scenario, digest = _read_level(str(level))
    except InputError as error:
        return ExportFailed(f"cannot replay from the level: {error.problems[0]}")
    commands = [(tick, command) for tick, command, _result in sim.command_log]
    tiles = sum(command_tiles(command) for _tick, command in commands)
    if tiles > MAX_COMMAND_TILES:  # what loading the replay refuses, said before the re-run
        return ExportFailed(f"re-running this game's commands would check {tiles:,} map tiles; a replay may check at most {MAX_COMMAND_TILES:,}")
    every = _every(checkpoint_every, sim.tick)
    checkpoints: list[dict[str, Any]] = []
    rerun = Simulation(scenario, seed=sim.seed)
    try:
        for tick, state_hash in _run(rerun, commands, sim.tick, every):
            checkpoints.append({"tick": tick, "state_hash": state_hash})
        for command in sim.pending:  # queued for the next tick: part of the live state, not of the replay
            rerun.submit(command)
        if rerun.state_hash() != sim.state_hash():
            return ExportFailed(
                f"re-running {level} does not reach this game's state; was the level file edited since the game began?"
            )
    finally:
        rerun.close()
    return {
        "format": REPLAY_FORMAT,
        "version": REPLAY_VERSION,
        "level": _relative_to(level, Path(path).resolve().parent),
        "level_sha256": digest,
        "seed": sim.seed,
        "ticks": sim.tick,
        "checkpoint_every": checkpoint_every,
        "commands": [{"tick": tick, **command_to_dict(command)} for tick, command in commands],
        "checkpoints": checkpoints,
    }


def _every(interval: int, end: int) -> Callable[[int], bool]:
    """Return the test of whether a tick takes a checkpoint: every `interval` ticks and at `end`."""
    return lambda tick: tick % interval == 0 or tick == end


def _relative_to(target: Path, folder: Path) -> str:
    """Return `target` relative to `folder` when it can be, else absolute, with forward slashes."""
    try:
        return Path(os.path.relpath(target, folder)).as_posix()
    except ValueError:  # another drive on Windows
        return target.as_posix()


# --- running ---------------------------------------------------------------------------------


def _run(sim: Simulation, commands: list[tuple[int, Command]], end: int, checkpoint: Callable[[int], bool]) -> Iterator[tuple[int, str]]:
    """Run `sim` to tick `end`, applying each command at its tick; yield (tick, hash) at checkpoints."""
    cursor = 0
    while True:
        while cursor < len(commands) and commands[cursor][0] == sim.tick:
            sim.execute(commands[cursor][1])
            cursor += 1
        if checkpoint(sim.tick):
            yield sim.tick, sim.state_hash()
        if sim.tick >= end:
            return
        sim.step()


def verify(replay: Replay) -> Matched | Diverged:
    """Re-run `replay` from its level and seed and compare the state hash at each checkpoint."""
    expected = dict(replay.checkpoints)
    sim = Simulation(replay.scenario, seed=replay.seed)
    try:
        actual = ""
        for tick, actual in _run(sim, list(replay.commands), replay.ticks, expected.__contains__):
            if actual != expected[tick]:
                return Diverged(tick, expected[tick], actual)
        return Matched(len(expected), replay.ticks, actual)
    finally:
        sim.close()


# --- reading ---------------------------------------------------------------------------------


def load_replay(path: str | Path) -> Replay:
    """Read and check the replay at `path` and its level; InputError with one line per problem."""
    label = str(path)
    data = read_json(path, "replay file", MAX_REPLAY_BYTES)
    if not isinstance(data, dict) or data.get("format") != REPLAY_FORMAT:
        raise InputError([f"{label}: not a Neo-Terra replay (format is not '{REPLAY_FORMAT}')"])
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int):  # strict: true is no version 1
        raise InputError([f"{label}: version: expected an integer"])
    if version > REPLAY_VERSION:
        raise InputError([f"{label}: replay version {version} is newer than this game understands ({REPLAY_VERSION})"])
    try:
        parsed = _ReplayFile.model_validate(data)
    except ValidationError as error:
        raise InputError(capped([f"{label}: {p}: {m}" for p, m in schema_problems(error, (), _ReplayFile)], 20)) from None
    problems = [f"{label}: {p}: {m}" for p, m in _problems(parsed)]
    if problems:
        raise InputError(capped(problems, 20))
    level = Path(parsed.level)
    if not level.is_absolute():
        level = Path(os.path.normpath(Path(path).resolve().parent / level))
    try:
        scenario, digest = _read_level(str(level))
    except InputError as error:
        # Name the replay first, so the user knows which file sent us to the broken level.
        raise InputError([f"{label}: level: {problem}" for problem in error.problems]) from None
    if digest != parsed.level_sha256:
        raise InputError([f"{label}: level: {level} has changed since the replay was recorded (its sha256 differs)"])
    too_long = _too_long(parsed.ticks, scenario)
    if too_long is not None:
        raise InputError([f"{label}: ticks: {too_long}"])
    commands = tuple((entry["tick"], command_from_data({k: v for k, v in entry.items() if k != "tick"})) for entry in parsed.commands)
    tiles = sum(command_tiles(command) for _tick, command in commands)
    if tiles > MAX_COMMAND_TILES:
        raise InputError([f"{label}: commands: would check {tiles:,} map tiles; at most {MAX_COMMAND_TILES:,}"])
    checkpoints = tuple((point.tick, point.state_hash) for point in parsed.checkpoints)
    return Replay(label, level, scenario, digest, parsed.seed, parsed.ticks, commands, checkpoints)


def _too_long(ticks: int, scenario: Scenario) -> str | None:
    """Return why re-running `ticks` ticks of `scenario` is more work than a replay may ask, or None."""
    height, width = scenario.terrain.shape
    most = MAX_REPLAY_TILE_TICKS // max(width * height, SMALL_MAP_TILES)
    if ticks <= most:
        return None
    return f"{ticks:,} ticks on a {width}x{height} map are more than a replay may re-run there (at most {most:,})"


def _problems(replay: _ReplayFile) -> list[tuple[str, str]]:
    """Return (field path, message) for what the schema cannot see: commands, orders and bounds."""
    found: list[tuple[str, str]] = []
    previous = 0
    for index, entry in enumerate(replay.commands):
        tick = entry.get("tick")
        if isinstance(tick, str) or tick is None or not previous <= tick <= replay.ticks:
            found.append((field_path(("commands", index, "tick")), f"expected a tick from {previous:,} to {replay.ticks:,}"))
        else:
            previous = tick
        found.extend(command_problems({k: v for k, v in entry.items() if k != "tick"}, ("commands", index)))
    previous = -1
    for index, point in enumerate(replay.checkpoints):
        if not previous < point.tick <= replay.ticks:
            found.append((field_path(("checkpoints", index, "tick")), f"expected a tick after {previous:,}, up to {replay.ticks:,}"))
        previous = max(previous, point.tick)
    if replay.checkpoints[-1].tick != replay.ticks:
        found.append(("checkpoints", f"the last checkpoint must be at the final tick {replay.ticks:,}"))
    return found[:100]


def _read_level(path: str) -> tuple[Scenario, str]:
    """Return the level at `path` and the sha256 of its bytes; InputError naming the level's problems."""
    text, digest = read_level_source(path)
    return scenario_from_text(text, path), digest
