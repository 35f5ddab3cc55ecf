"""Balance sweeps: every strategy on every seed of one level, in a local process pool, summarised as outcome rates.

A run is a (strategy, seed) pair played from a fresh game until the level ends or its ticks run
out. Runs are independent and deterministic, so the pool's size changes only how fast the table
comes, never what it says: results are put back in (strategy, seed) order before anything reads them.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.sim.cadence import TICKS_PER_DAY
from game.sim.commands import Command

if TYPE_CHECKING:
    from game.strategies import Strategy


DEFAULT_DAYS = 60  # for a level without a deadline
TOP_CAUSES = 2  # losing causes the table names per strategy


@dataclass(frozen=True, slots=True)
class StrategySpec:
    """A strategy as a sweep names it: a built-in's name, or a commands file's path and its schedule."""

    label: str
    built_in: str = ""  # a key of game.strategies.BUILT_IN, or "" for a commands file
    schedule: tuple[tuple[int, Command], ...] = ()


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


# The mean final figures the table shows, by RunResult field.
FIGURES = ("funds", "population", "resident_contentment", "voter_approval", "hazardous_untreated", "recycled")
SUMMARY_COLUMNS = ("strategy", "runs", "won_percent", "lost_percent", "running_percent", "lost_causes", "mean_day",
                   *(f"mean_{name}" for name in FIGURES))


def default_days(level_path: str | Path) -> int:
    """Return the days a sweep plays by default: the level's deadline, else DEFAULT_DAYS."""
    deadline: int = level_scenario(str(level_path)).goals.deadline_day
    return deadline or DEFAULT_DAYS


@cache
def level_scenario(level_path: str) -> Any:
    """Return the parsed level at `level_path`, once per process (a Scenario is frozen, so games share it)."""
    from game.level import load_level

    return load_level(level_path)


def play(level_path: str, spec: StrategySpec, seed: int, ticks: int) -> RunResult:
    """Play one run of `spec` on `seed` for up to `ticks` ticks, stopping at the level's end."""
    from game.cli import run_commands
    from game.report import build_report
    from game.sim import Simulation
    from game.strategies import BUILT_IN

    sim = Simulation(level_scenario(level_path), seed=seed)
    if spec.built_in:
        ticks_run = play_strategy(sim, BUILT_IN[spec.built_in](), ticks)
    else:
        _results, ticks_run = run_commands(sim, list(spec.schedule), ticks, stop_at_end=True)
    report = build_report(sim, level_path, ticks_run, [], ticks_requested=ticks)
    outcome = report["outcome"]
    return RunResult(
        strategy=spec.label, seed=seed, status=outcome["status"], cause=outcome["reason"].split(":")[0],
        reason=outcome["reason"], day=report["day"], ticks=ticks_run, funds=report["funds"], population=report["population"],
        resident_contentment=report["resident_contentment"], voter_approval=report["voter_approval"]["overall"],
        hazardous_untreated=report["waste"]["hazardous_untreated"], recycled=report["waste"]["recycled"],
        state_hash=report["state_hash"],
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


def _play_task(task: tuple[str, StrategySpec, int, int]) -> RunResult:
    return play(*task)


def sweep(level_path: str, specs: Sequence[StrategySpec], seeds: Sequence[int], days: int, jobs: int = 1) -> list[RunResult]:
    """Play every strategy on every seed (in a pool of `jobs` processes, in-process for 1); results in (strategy, seed) order."""
    tasks = [(level_path, spec, seed, days * TICKS_PER_DAY) for spec in specs for seed in seeds]
    if jobs <= 1 or len(tasks) <= 1:
        return [_play_task(task) for task in tasks]
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks))) as pool:
        return list(pool.map(_play_task, tasks))  # map keeps the tasks' order, whichever worker finishes first


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
    lines = [f"{level_name}: {len(seeds)} seeds ({_seed_range(seeds)}), up to {days} days; means over runs, figures at the level's end"]
    for line in cells:
        padded = [text.ljust(widths[i]) if i in (0, len(columns) - 1) else text.rjust(widths[i]) for i, text in enumerate(line)]
        lines.append("  ".join(padded).rstrip())
    return "\n".join(lines) + "\n"


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


def json_text(level: str, seeds: Sequence[int], days: int, rows: Sequence[dict[str, Any]], results: Sequence[RunResult]) -> str:
    """Return the sweep as JSON: its level, seeds and days, the summary rows and every run."""
    document = {"level": level, "seeds": list(seeds), "days": days, "strategies": list(rows),
                "runs": [asdict(result) for result in results]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
