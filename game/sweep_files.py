"""Sweep JSON files read back: `neo-terra sweep --merge A.json B.json` and `--verify N SWEEP.json`.

A run is identified by its level's sha256, its strategy's label and schedule_sha256, and its seed
(within a sweep's days); its final state hash says what the game came to. Merging keeps one copy of
each run, refuses sweeps of another level file, other days or other commands under one label, and
reports runs whose state hashes disagree. Verifying re-plays some runs here and compares.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from game.data.field_errors import schema_problems
from game.level.errors import InputError, capped
from game.level.schema import MAX_SEED
from game.level.source import read_json
from game.sweep import MAX_SWEEP_DAYS, SWEEP_FORMAT, RunResult, StrategySpec, SweepLevel

MAX_SWEEP_BYTES = 64 * 1024 * 1024  # a sweep of 10,000 seeds of ten strategies is about 50 MB
MAX_RUNS = 1_000_000
_SHA256 = r"^[0-9a-f]{64}$"
_Text = Annotated[str, Field(max_length=4_096)]


class _Run(BaseModel):
    """One run as a sweep file holds it: RunResult's fields, strictly typed."""

    model_config = ConfigDict(strict=True, extra="forbid")

    strategy: Annotated[str, Field(min_length=1, max_length=4_096)]
    seed: Annotated[int, Field(ge=0, le=MAX_SEED)]
    status: Literal["running", "won", "lost"]
    cause: _Text
    reason: _Text
    day: Annotated[int, Field(ge=0)]
    ticks: Annotated[int, Field(ge=0)]
    funds: int
    population: Annotated[int, Field(ge=0)]
    resident_contentment: Annotated[int, Field(ge=0, le=100)]
    voter_approval: Annotated[int, Field(ge=0, le=100)]
    hazardous_untreated: Annotated[int, Field(ge=0)]
    recycled: Annotated[int, Field(ge=0)]
    state_hash: Annotated[str, Field(pattern=r"^[0-9a-f]{32}$")]
    level_sha256: Annotated[str, Field(pattern=_SHA256)]
    schedule_sha256: Annotated[str, Field(pattern=r"^([0-9a-f]{64})?$")]


class _SweepFile(BaseModel):
    """A sweep file's shape (its `strategies` table is worked out again from the runs)."""

    model_config = ConfigDict(strict=True, extra="forbid")

    format: Literal["neo-terra-sweep"]
    version: Literal[1]
    level: Annotated[str, Field(min_length=1, max_length=4_096)]
    level_id: _Text
    level_name: _Text
    level_sha256: Annotated[str, Field(pattern=_SHA256)]
    seeds: Annotated[list[Annotated[int, Field(ge=0, le=MAX_SEED)]], Field(min_length=1, max_length=MAX_RUNS)]
    days: Annotated[int, Field(ge=1, le=MAX_SWEEP_DAYS)]
    strategies: list[dict[str, Any]]
    runs: Annotated[list[_Run], Field(max_length=MAX_RUNS, fail_fast=True)]


@dataclass(frozen=True, slots=True)
class SweepFile:
    """A checked sweep file: where it came from, its level, seeds and days, and its runs."""

    label: str
    level: str
    level_id: str
    level_name: str
    level_sha256: str
    seeds: tuple[int, ...]
    days: int
    runs: tuple[RunResult, ...]


RunKey = tuple[str, str, int]  # (strategy, schedule_sha256, seed): a run within one level file and days


def run_key(run: RunResult) -> RunKey:
    """Return what identifies `run` within a sweep of one level file and days."""
    return run.strategy, run.schedule_sha256, run.seed


def load_sweep(path: str | Path) -> SweepFile:
    """Read and check the sweep JSON at `path` (as `sweep --out FILE.json` writes it); InputError naming the field."""
    label = str(path)
    document = read_json(path, "sweep file", MAX_SWEEP_BYTES)
    if not isinstance(document, dict) or document.get("format") != SWEEP_FORMAT:
        raise InputError([f"{label}: not a Neo-Terra sweep (format is not '{SWEEP_FORMAT}'; write one with sweep --out FILE.json)"])
    try:
        parsed = _SweepFile.model_validate(document)
    except ValidationError as error:
        raise InputError(capped([f"{label}: {where}: {message}" for where, message in schema_problems(error, (), _SweepFile)], 20)) from None
    names = [field.name for field in fields(RunResult)]
    runs = tuple(RunResult(**{name: getattr(run, name) for name in names}) for run in parsed.runs)
    for index, run in enumerate(runs):
        if run.level_sha256 != parsed.level_sha256:
            raise InputError([f"{label}: runs.{index}.level_sha256: differs from the sweep's level_sha256"])
    return SweepFile(label, parsed.level, parsed.level_id, parsed.level_name, parsed.level_sha256, tuple(parsed.seeds), parsed.days, runs)


@dataclass(frozen=True, slots=True)
class Merged:
    """Sweep files merged: their runs once each (strategies in first-seen order, then by seed), and the runs they disagree on."""

    sweep: SweepFile
    disagreements: tuple[str, ...]  # one line each: a run two files played to different state hashes


def merge_sweeps(sweeps: list[SweepFile]) -> Merged:
    """Merge `sweeps` of one level file and days; InputError in one line for sweeps that cannot merge."""
    first = sweeps[0]
    found: dict[RunKey, tuple[RunResult, str]] = {}
    schedules: dict[str, tuple[str, str]] = {}  # strategy -> (schedule_sha256, file) as first seen
    disagreements = []
    for sweep in sweeps:
        _check_mergeable(first, sweep)
        for run in sweep.runs:
            schedule, where = schedules.setdefault(run.strategy, (run.schedule_sha256, sweep.label))
            if schedule != run.schedule_sha256:
                raise InputError([f"{sweep.label}: strategy '{run.strategy}' has other commands than in {where} (its schedule_sha256 differs)"])
            seen = found.setdefault(run_key(run), (run, sweep.label))
            if seen[0].state_hash != run.state_hash:
                disagreements.append(f"{sweep.label}: {run.strategy} seed {run.seed}: state hash {run.state_hash}, "
                                     f"but {seen[1]} has {seen[0].state_hash}")
    order = {strategy: index for index, strategy in enumerate(schedules)}
    runs = sorted((run for run, _label in found.values()), key=lambda run: (order[run.strategy], run.seed))
    seeds = tuple(sorted({run.seed for run in runs} | {seed for sweep in sweeps for seed in sweep.seeds}))
    merged = SweepFile(first.label, first.level, first.level_id, first.level_name, first.level_sha256, seeds, first.days, tuple(runs))
    return Merged(merged, tuple(disagreements))


def _check_mergeable(first: SweepFile, other: SweepFile) -> None:
    """Raise InputError unless `other` swept the same level file as `first`, for as many days."""
    if other.level_id != first.level_id:
        raise InputError([f"{other.label}: a sweep of level '{other.level_id}', not '{first.level_id}' as {first.label}: they do not merge"])
    if other.level_sha256 != first.level_sha256:
        raise InputError([f"{other.label}: level '{other.level_id}' is another version of the file {first.label} swept (its level_sha256 differs)"])
    if other.days != first.days:
        raise InputError([f"{other.label}: days: {other.days}, but {first.label} played {first.days}: runs of other lengths do not merge"])


def strategy_for(run: RunResult) -> StrategySpec:
    """Return the strategy `run` played: a built-in by name, or its commands file, checked to be unchanged; InputError if not."""
    from game.level import load_commands
    from game.strategies import BUILT_IN

    if not run.schedule_sha256:
        if run.strategy not in BUILT_IN:
            raise InputError([f"strategy '{run.strategy}': not a built-in of this game ({', '.join(BUILT_IN)})"])
        return StrategySpec(run.strategy, built_in=run.strategy)
    spec = StrategySpec(run.strategy, schedule=tuple(load_commands(run.strategy)))
    if spec.schedule_sha256() != run.schedule_sha256:
        raise InputError([f"{run.strategy}: the commands file has changed since the sweep (its schedule_sha256 differs)"])
    return spec


def sample_runs(sweep: SweepFile, count: int, rng: random.Random) -> list[RunResult]:
    """Return `count` runs of `sweep` chosen at random (all of them if it has no more), in the sweep's order."""
    chosen = sorted(rng.sample(range(len(sweep.runs)), min(count, len(sweep.runs))))
    return [sweep.runs[index] for index in chosen]


def check_level(sweep: SweepFile, level: SweepLevel) -> None:
    """Raise InputError unless `level` is the file `sweep` played (the same sha256)."""
    if level.sha256 != sweep.level_sha256:
        raise InputError([f"{sweep.label}: level: {level.path} is not the file swept (its sha256 differs; edited since?)"])
