"""Benchmark: headless tick time on the 128x128 benchmark level and power recompute time.

Run: python bench/bench_tick.py [--ticks N]
Prints mean, median, p99 and max ms per tick and a BENCH line for each scenario (bench_report.py),
ticks per second, and the network relabel time on the benchmark level and on a 512x512 map.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_report import report  # noqa: E402

from game.level import load_level  # noqa: E402
from game.sim import Simulation  # noqa: E402
from game.sim.commands import Place  # noqa: E402
from game.sim.scenario import PlacedBuilding, Scenario  # noqa: E402
from game.sim.systems import power  # noqa: E402

LEVEL = Path(__file__).resolve().parent / "levels" / "bench_128.toml"  # a measuring level: outside the player's lists


def time_ticks(sim: Simulation, ticks: int) -> list[float]:
    """Return the wall time of each of `ticks` steps in milliseconds."""
    samples = []
    for _ in range(ticks):
        start = time.perf_counter()
        sim.step()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def grid_city(side: int) -> Scenario:
    """Return a side x side scenario tiled with housing blocks, lines and plants (a big network)."""
    terrain = np.zeros((side, side), np.uint8)
    buildings = []
    for y in range(0, side - 3, 4):
        for x in range(0, side - 3, 4):
            kind = "solar_farm" if (x // 4 + y // 4) % 7 == 0 else "housing"
            buildings.append(PlacedBuilding(kind, x, y))
    return Scenario(name=f"grid {side}", terrain=terrain, buildings=tuple(buildings))


def time_relabel(sim: Simulation, repeats: int) -> tuple[list[float], list[float]]:
    """Return the ms of a network recompute after each of `repeats` builds, and of each build with its recompute.

    The build projects its entity into the layout (at the layout's next read); the first list
    times the recompute alone, after that.
    """
    recompute, build = [], []
    for i in range(repeats):
        start = time.perf_counter()
        sim.execute(Place("power_line", 3 + 4 * (i % (sim.width // 4 - 1)), 3))
        sim.world.layout  # noqa: B018 - the build's projection, read here so that the recompute is timed alone
        built = time.perf_counter()
        power.relabel(sim.world)
        done = time.perf_counter()
        recompute.append((done - built) * 1000)
        build.append((done - start) * 1000)
    return recompute, build


def main() -> None:
    """Run the benchmarks and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ticks", type=int, default=2_000)
    args = parser.parse_args()
    scenario = load_level(LEVEL)
    sim = Simulation(scenario, seed=1)
    sim.step(48)  # warm up: caches, first networks, a couple of day ends
    samples = time_ticks(sim, args.ticks)
    print(f"level            {LEVEL.name} ({sim.width}x{sim.height}, {sim.buildings.count} buildings, population {sim.population:,})")
    report("tick_128", "tick             ", samples)
    print(f"ticks per second {1000 / statistics.mean(samples):,.0f}")
    recompute, build = time_relabel(sim, 20)
    report("power_recompute_128", f"power recompute on {sim.width}x{sim.height}: ", recompute)
    report("build_and_recompute_128", "  a build with it:  ", build)
    big = Simulation(grid_city(512), seed=1)
    big.funds = 10**9
    recompute, build = time_relabel(big, 10)
    report("power_recompute_512", f"power recompute on 512x512 ({big.buildings.count} buildings; bar 6 ms): ", recompute)
    report("build_and_recompute_512", "  a build with it:  ", build)


if __name__ == "__main__":
    main()
