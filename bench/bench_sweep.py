"""Benchmark: balance sweep games per second in one process, a pool of two and a Dask LocalCluster of two workers.

Run: python bench/bench_sweep.py [--seeds N] [--days D]
Plays First Light's sweep (four strategies on N seeds) each way, start-up included (the pool's and
the cluster's processes are part of what a sweep costs), and prints a table of games per second and
one BENCH line per way (bench_report.py): the ms per game are the time between finished batches
shared among their games, so they add up to the sweep's wall time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_report import bench_line, summary  # noqa: E402

from game.level import find_level  # noqa: E402
from game.sweep import MAX_SWEEP_DAYS, StrategySpec, sweep  # noqa: E402

STRATEGIES = ("idle", "builder", "balanced", "planner")
WAYS = (("jobs_1", "--jobs 1", 1, ""), ("jobs_2", "--jobs 2", 2, ""), ("dask_local_2", "--dask local, 2 workers", 2, "local"))


def time_sweep(level: str, seeds: list[int], days: int, jobs: int, dask: str) -> tuple[float, list[float]]:
    """Play the sweep one way; return its wall time in seconds and each game's share of it in ms."""
    specs = [StrategySpec(name, built_in=name) for name in STRATEGIES]
    samples: list[float] = []
    marks = {"time": time.perf_counter(), "done": 0}
    started = marks["time"]

    def finished(done: int) -> None:
        now = time.perf_counter()
        games = done - int(marks["done"])
        samples.extend([(now - marks["time"]) * 1000 / games] * games)
        marks.update(time=now, done=done)

    sweep(level, specs, seeds, days, jobs=jobs, dask=dask, progress=finished)
    return time.perf_counter() - started, samples


def main() -> None:
    """Time each way and print the table and the BENCH lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=4, help="seeds per strategy (default 4)")
    parser.add_argument("--days", type=int, default=45, help="days a game plays at most (default 45, First Light's deadline)")
    args = parser.parse_args()
    if args.seeds < 1 or not 1 <= args.days <= MAX_SWEEP_DAYS:
        parser.error(f"--seeds must be at least 1 and --days 1 to {MAX_SWEEP_DAYS}")
    level = str(find_level("first_light"))
    seeds = list(range(1, args.seeds + 1))
    games = len(STRATEGIES) * len(seeds)
    print(f"First Light sweep: {len(STRATEGIES)} strategies x {len(seeds)} seeds = {games} games of up to {args.days} days, start-up included")
    print(f"{'way':<24} {'wall s':>7} {'games/s':>8}  per game")
    lines = []
    for name, label, jobs, dask in WAYS:
        wall, samples = time_sweep(level, seeds, args.days, jobs, dask)
        print(f"{label:<24} {wall:>7.2f} {games / wall:>8.2f}  {summary(samples)}")
        lines.append(bench_line(f"sweep_{name}", samples))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
