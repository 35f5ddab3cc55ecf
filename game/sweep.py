"""Balance sweeps: every strategy on every seed of one level, summarised as outcome rates.

A run is a (strategy, seed) pair played from a fresh game until the level ends or its ticks run
out. Runs are independent and deterministic, so where they are played (in this process, a local
process pool, or a Dask cluster: game/sweep_cluster.py) changes only how fast the table comes,
never what it says: results are put back in (strategy, seed) order before anything reads them.

Each run names what it played: the sha256 of the level file's bytes, the strategy's label and, for
a commands file, the sha256 of its schedule (`schedule_sha256`), the seed, and the final state
hash, so a run can be re-played to check it and sweeps made on different machines can merge.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.sim.cadence import TICKS_PER_DAY
from game.sim.commands import Command, command_to_dict

if TYPE_CHECKING:
    from game.sim.scenario import Scenario
    from game.strategies import Strategy


MAX_SWEEP_DAYS = 2_000  # days a run may play at most: --days and a sweep file alike
DEFAULT_DAYS = 60  # for a level without a deadline
TOP_CAUSES = 2  # losing causes the table names per strategy
MAX_BATCH = 8  # runs one task plays: few enough that progress moves and workers share the end evenly
BATCHES_PER_WORKER = 4
SWEEP_FORMAT = "neo-terra-sweep"
SWEEP_VERSION = 1

Progress = Callable[[int], None]  # called with the number of runs done so far, as batches finish


@dataclass(frozen=True, slots=True)
class StrategySpec:
    """A strategy as a sweep names it: a built-in's name, or a commands file's path and its schedule."""

    label: str
    built_in: str = ""  # a key of game.strategies.BUILT_IN, or "" for a commands file
    schedule: tuple[tuple[int, Command], ...] = ()

    def schedule_sha256(self) -> str:
        """Return the sha256 of the schedule (its (tick, command) pairs as canonical JSON); "" for a built-in."""
        if self.built_in:
            return ""
        entries = [{"tick": tick, **command_to_dict(command)} for tick, command in self.schedule]
        return hashlib.sha256(json.dumps(entries, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class SweepLevel:
    """The level a sweep plays, as its tasks carry it to any worker: its path (the name it goes by), text and sha256."""

    path: str
    text: str
    sha256: str


@dataclass(frozen=True, slots=True)
class RunResult:
    """How one (strategy, seed) run ended and the city's final figures, as the headless report gives them."""

    strategy: str
    seed: int
    status: str  # running, won or lost
    cause: str  # the reason's head ("voted out on day 30", "bankrupt"), "" while running
    reason: str
    day: int
    ticks: int
    funds: int
    population: int
    resident_contentment: int
    voter_approval: int
    hazardous_untreated: int
    recycled: int
    state_hash: str
    level_sha256: str  # of the level file's bytes
    schedule_sha256: str  # StrategySpec.schedule_sha256: "" for a built-in


# The mean final figures the table shows, by RunResult field.
FIGURES = ("funds", "population", "resident_contentment", "voter_approval", "hazardous_untreated", "recycled")
SUMMARY_COLUMNS = ("strategy", "runs", "won_percent", "lost_percent", "running_percent", "lost_causes", "mean_day",
                   *(f"mean_{name}" for name in FIGURES))


def default_days(level_path: str | Path) -> int:
    """Return the days a sweep of the level at `level_path` plays by default: its deadline, else DEFAULT_DAYS."""
    return days_for(sweep_scenario(read_sweep_level(level_path)))


def days_for(scenario: Scenario) -> int:
    """Return the days a sweep of `scenario` plays by default: its deadline, else DEFAULT_DAYS."""
    deadline: int = scenario.goals.deadline_day
    return deadline or DEFAULT_DAYS


def read_sweep_level(level_path: str | Path) -> SweepLevel:
    """Return the level file at `level_path` as a sweep's tasks carry it; InputError if it cannot be read."""
    from game.level.loader import read_level_source

    text, digest = read_level_source(level_path)
    return SweepLevel(str(level_path), text, digest)


@lru_cache(maxsize=4)  # a long-lived cluster worker serves many sweeps: keep the last few levels, not every one
def sweep_scenario(level: SweepLevel) -> Scenario:
    """Return the Scenario of `level`'s text, once per process and level (a Scenario is frozen, so games share it; the key is the whole text)."""
    from game.level.loader import scenario_from_text

    return scenario_from_text(level.text, level.path)


def play(level: SweepLevel, spec: StrategySpec, seed: int, ticks: int) -> RunResult:
    """Play one run of `spec` on `seed` for up to `ticks` ticks, stopping at the level's end."""
    from game.cli import run_commands
    from game.report import build_report
    from game.sim import Simulation
    from game.strategies import BUILT_IN

    sim = Simulation(sweep_scenario(level), seed=seed)
    try:
        if spec.built_in:
            ticks_run = play_strategy(sim, BUILT_IN[spec.built_in](), ticks)
        else:
            _results, ticks_run = run_commands(sim, list(spec.schedule), ticks, stop_at_end=True)
        report = build_report(sim, level.path, ticks_run, [], ticks_requested=ticks)
    finally:
        sim.close()
    outcome = report["outcome"]
    return RunResult(
        strategy=spec.label, seed=seed, status=outcome["status"], cause=outcome["reason"].split(":")[0],
        reason=outcome["reason"], day=report["day"], ticks=ticks_run, funds=report["funds"], population=report["population"],
        resident_contentment=report["resident_contentment"], voter_approval=report["voter_approval"]["overall"],
        hazardous_untreated=report["waste"]["hazardous_untreated"], recycled=report["waste"]["recycled"],
        state_hash=report["state_hash"], level_sha256=level.sha256, schedule_sha256=spec.schedule_sha256(),
    )


def play_strategy(sim: Any, strategy: Strategy, ticks: int) -> int:
    """Step `sim` up to `ticks` ticks, executing what `strategy` sends at the start of each, until the level ends; return the ticks run."""
    from game.cli import step_until_end
    from game.sim.view import CityView

    city = CityView(sim)

    def send() -> None:
        for command in strategy.act(city):
            sim.execute(command)

    return step_until_end(sim, ticks, send)


Batch = tuple[tuple[StrategySpec, int], ...]  # the (strategy, seed) runs one task plays, in order


def play_batch(level: SweepLevel, batch: Batch, ticks: int) -> list[RunResult]:
    """Play each (strategy, seed) run of `batch` for up to `ticks` ticks: a pure function of its arguments, for any worker."""
    return [play(level, spec, seed, ticks) for spec, seed in batch]


def batches(runs: Sequence[tuple[StrategySpec, int]], workers: int) -> list[Batch]:
    """Split `runs` in order into batches: about BATCHES_PER_WORKER a worker, at most MAX_BATCH runs each."""
    size = max(1, min(MAX_BATCH, len(runs) // max(1, workers * BATCHES_PER_WORKER)))
    return [tuple(runs[start:start + size]) for start in range(0, len(runs), size)]


def sweep(
    level_path: str, specs: Sequence[StrategySpec], seeds: Sequence[int], days: int, jobs: int = 1,
    *, dask: str = "", progress: Progress | None = None,
) -> list[RunResult]:
    """Play every strategy on every seed, in (strategy, seed) order; return the results in that order.

    The runs are played in this process (`jobs` 1), a pool of `jobs` processes, or, with `dask`
    ("local" or a scheduler's address), on a Dask cluster; `progress` hears the count of runs done.
    """
    level = read_sweep_level(level_path)
    runs = [(spec, seed) for spec in specs for seed in seeds]
    return play_runs(level, runs, days * TICKS_PER_DAY, jobs, dask=dask, progress=progress)


def play_runs(
    level: SweepLevel, runs: Sequence[tuple[StrategySpec, int]], ticks: int, jobs: int = 1,
    *, dask: str = "", progress: Progress | None = None,
) -> list[RunResult]:
    """Play `runs` of `level` for up to `ticks` ticks where `sweep` says; return their results in the runs' order."""
    if dask:
        from game.sweep_cluster import play_on_cluster

        return play_on_cluster(dask, jobs, level, runs, ticks, progress)
    if jobs <= 1 or len(runs) <= 1:
        return gathered(((index, play_batch(level, batch, ticks)) for index, batch in enumerate(batches(runs, 1))), progress)
    with ProcessPoolExecutor(max_workers=min(jobs, len(runs))) as pool:
        futures = {pool.submit(play_batch, level, batch, ticks): index for index, batch in enumerate(batches(runs, jobs))}
        try:
            return gathered(_as_completed(futures), progress)
        except BaseException:  # a failed game or Ctrl-C: drop the batches not begun rather than play them all first
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _as_completed(futures: dict[Future[list[RunResult]], int]) -> Iterator[tuple[int, list[RunResult]]]:
    """Yield (batch index, results) for each future as it finishes, whichever worker played it."""
    waiting = set(futures)
    while waiting:
        done, waiting = wait(waiting, return_when=FIRST_COMPLETED)
        for future in done:
            yield futures[future], future.result()


def gathered(finished: Iterator[tuple[int, list[RunResult]]], progress: Progress | None) -> list[RunResult]:
    """Return the results of batches that finish in any order, put back in batch order; tell `progress` as each comes."""
    by_batch: dict[int, list[RunResult]] = {}
    done = 0
    for index, results in finished:
        by_batch[index] = results
        done += len(results)
        if progress is not None:
            progress(done)
    return [result for index in sorted(by_batch) for result in by_batch[index]]


def summarise(results: Sequence[RunResult]) -> list[dict[str, Any]]:
    """Return one summary row per strategy (in first-seen order): outcome rates, commonest losing causes, mean day and figures."""
    by_strategy: dict[str, list[RunResult]] = {}
    for result in results:
        by_strategy.setdefault(result.strategy, []).append(result)
    rows = []
    for strategy, runs in by_strategy.items():
        statuses = Counter(run.status for run in runs)
        causes = Counter(run.cause for run in runs if run.status == "lost")
        # most_common breaks ties by first seen, which follows the seeds' order: deterministic.
        named = "; ".join(f"{cause} ×{count}" for cause, count in causes.most_common(TOP_CAUSES))
        row: dict[str, Any] = {
            "strategy": strategy,
            "runs": len(runs),
            "won_percent": _percent(statuses["won"], len(runs)),
            "lost_percent": _percent(statuses["lost"], len(runs)),
            "running_percent": _percent(statuses["running"], len(runs)),
            "lost_causes": named,
            "mean_day": _mean([run.day for run in runs]),
        }
        row.update({f"mean_{name}": _mean([getattr(run, name) for run in runs]) for name in FIGURES})
        rows.append(row)
    return rows


def _percent(count: int, total: int) -> int:
    return round(100 * count / total) if total else 0


def _mean(values: Sequence[int]) -> int:
    return round(sum(values) / len(values)) if values else 0


TABLE_HEADINGS = {
    "strategy": "strategy", "runs": "runs", "won_percent": "won", "lost_percent": "lost", "running_percent": "running",
    "mean_day": "day", "mean_funds": "funds", "mean_population": "population", "mean_resident_contentment": "content",
    "mean_voter_approval": "approval", "mean_hazardous_untreated": "hazardous", "mean_recycled": "recycled",
    "lost_causes": "commonest losing causes",
}


def table_text(level_name: str, seeds: Sequence[int], days: int, rows: Sequence[dict[str, Any]]) -> str:
    """Return the summary as an aligned text table: one line per strategy, the losing causes last."""
    columns = [name for name in SUMMARY_COLUMNS if name != "lost_causes"] + ["lost_causes"]
    cells = [[TABLE_HEADINGS[name] for name in columns]]
    for row in rows:
        cells.append([_cell(name, row[name]) for name in columns])
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
    lines = [f"{level_name}: {sweep_heading(seeds, days, rows)}; means over runs, figures at the level's end"]
    for line in cells:
        padded = [text.ljust(widths[i]) if i in (0, len(columns) - 1) else text.rjust(widths[i]) for i, text in enumerate(line)]
        lines.append("  ".join(padded).rstrip())
    return "\n".join(lines) + "\n"


def sweep_heading(seeds: Sequence[int], days: int, rows: Sequence[dict[str, Any]] = ()) -> str:
    """Return what a sweep played, as the table's heading and the chart's subtitle say it: `5 seeds (1..5), up to 45 days`.

    With the summary's `rows`: when a strategy played fewer runs than there are seeds (sweeps of
    other strategies merged), the heading says the seeds are those of all the strategies together.
    """
    played = f"{len(seeds)} seeds ({_seed_range(seeds)})"
    if any(row["runs"] != len(seeds) for row in rows):
        played += " in all, not every strategy on each (see runs)"
    return f"{played}, up to {days} days"


def _cell(name: str, value: Any) -> str:
    if name.endswith("_percent"):
        return f"{value}%"
    if name in ("mean_resident_contentment", "mean_voter_approval"):
        return f"{value}%"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value) or "-"


def _seed_range(seeds: Sequence[int]) -> str:
    if list(seeds) == list(range(seeds[0], seeds[0] + len(seeds))):
        return f"{seeds[0]}..{seeds[-1]}"
    return ", ".join(str(seed) for seed in seeds)


def csv_text(rows: Sequence[dict[str, Any]]) -> str:
    """Return the summary rows as CSV with a header of SUMMARY_COLUMNS."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=SUMMARY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def json_text(level_path: str, level_sha256: str, level_name: str, seeds: Sequence[int], days: int, rows: Sequence[dict[str, Any]],
              results: Sequence[RunResult]) -> str:
    """Return the sweep as JSON: its format, level (path, id, name and sha256), seeds and days, the summary rows and every run."""
    from game.level.catalogue import level_id

    document = {"format": SWEEP_FORMAT, "version": SWEEP_VERSION, "level": level_path, "level_id": level_id(Path(level_path)),
                "level_name": level_name, "level_sha256": level_sha256, "seeds": list(seeds), "days": days,
                "strategies": list(rows), "runs": [asdict(result) for result in results]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
