"""Benchmark: whole-tick time with scavengers and drones on the map.

Run: python bench/bench_agents.py [--ticks N] [--big-ticks N]
Two scenarios:
  - the 128x128 benchmark level (bench/levels/bench_128.toml) with its ten camps: about 1,000 agents
    (bar: mean ≤ 0.30 ms and p99 ≤ 1.0 ms a tick for the whole simulation);
  - a 512x512 city built here with 250 camps and 100 drone hubs: about 100,000 agents (bar: mean
    ≤ 6 ms and p99 ≤ 16 ms a tick, one frame at 60 frames a second).
Prints mean, median, p99 and max ms per tick and a BENCH line for each (bench_report.py), the agent
counts, and the two agent systems' own share.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_report import report
from bench_tick import LEVEL, time_ticks

from game.level import load_level
from game.sim import Simulation
from game.sim.scenario import Camp, PlacedBuilding, Scenario
from game.sim.systems import drones, scavengers
from game.sim.terrain import RUINS, UNDERCITY

WARM_UP_TICKS = 48  # two days: walkers spread out and the first tribe settlement is done


def time_agent_systems(sim: Simulation, ticks: int) -> list[float]:
    """Return, per tick, the milliseconds the scavenger and drone systems took together."""
    samples = []
    from game.sim import schedule

    agent_systems = schedule.systems_of(scavengers) + schedule.systems_of(drones)
    world = sim.world
    for _ in range(ticks):
        spent = 0.0
        for system in schedule.SCHEDULE:
            if not system.cadence.due(world.tick):
                continue
            start = time.perf_counter()
            system.run(world)
            if system in agent_systems:
                spent += time.perf_counter() - start
        world.tick += 1
        samples.append(spent * 1000)
    return samples


def camps_on(terrain: np.ndarray, count: int, members: int, seed: int) -> tuple[Camp, ...]:
    """Return `count` camps on distinct ruins or undercity tiles drawn with `seed`."""
    ys, xs = np.nonzero(np.isin(terrain, (RUINS, UNDERCITY)))
    picks = np.random.default_rng(seed).choice(ys.size, count, replace=False)
    return tuple(Camp(f"Camp {i + 1}", int(xs[p]), int(ys[p]), members=members) for i, p in enumerate(picks))


def city_128() -> Scenario:
    """Return the 128x128 benchmark level: its ten camps of 900 members make about 100 walkers each."""
    return load_level(LEVEL)


def city_512() -> Scenario:
    """Return a 512x512 city: bands of housing wired to solar farms and drone hubs, ruins between.

    Each 32-row band holds two rows of housing blocks wall to wall (so each row is one network),
    a solar farm and a drone hub at the start of each 64-tile stretch, and a power line under the
    blocks; the four rows between bands are ruins where the camps sit.
    """
    side = 512
    terrain = np.zeros((side, side), np.uint8)
    buildings: list[PlacedBuilding] = []
    hubs = 0
    for band in range(0, side, 32):
        terrain[band + 28 : band + 32, :] = RUINS
        for row_y in (band + 4, band + 14):
            for x0 in range(0, side, 64):
                buildings.append(PlacedBuilding("solar_farm", x0, row_y))
                if hubs < 100:
                    buildings.append(PlacedBuilding("drone_hub", x0 + 3, row_y))
                    hubs += 1
                else:
                    buildings.append(PlacedBuilding("housing", x0 + 3, row_y, occupants=40))
                for x in range(x0 + 5, x0 + 63, 2):
                    buildings.append(PlacedBuilding("housing", x, row_y, occupants=40))
                buildings.extend(PlacedBuilding("power_line", x, row_y + 3) for x in range(x0, x0 + 63))
    base = Scenario(name="agents 512", terrain=terrain, buildings=tuple(buildings), funds=10_000_000)
    return replace(base, camps=camps_on(terrain, 250, 3600, seed=2))


def main() -> int:
    """Measure both scenarios and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ticks", type=int, default=1000, help="ticks measured on the 128x128 city")
    parser.add_argument("--big-ticks", type=int, default=100, help="ticks measured on the 512x512 city")
    args = parser.parse_args()

    sim = Simulation(city_128())
    sim.step(WARM_UP_TICKS)
    print(f"128x128 benchmark level, {sim.agents.counts()}")
    report("tick_128_agents", "  whole tick:               ", time_ticks(sim, args.ticks))
    report("agent_systems_128", "  scavengers + drones only: ", time_agent_systems(sim, args.ticks))
    without = Simulation(replace(city_128(), camps=()))
    without.step(WARM_UP_TICKS)
    report("tick_128_no_camps", "  whole tick, no camps:     ", time_ticks(without, args.ticks))

    start = time.perf_counter()
    big = Simulation(city_512())
    built = time.perf_counter() - start
    big.step(WARM_UP_TICKS)
    counts = big.agents.counts()
    print(f"512x512 city ({built:.1f} s to build), {sum(counts.values()):,} agents {counts}")
    report("tick_512_agents", "  whole tick:               ", time_ticks(big, args.big_ticks))
    report("agent_systems_512", "  scavengers + drones only: ", time_agent_systems(big, args.big_ticks))
    return 0


if __name__ == "__main__":
    sys.exit(main())
