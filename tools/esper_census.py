"""Count the esper calls each scheduled system makes: `python tools/esper_census.py [--level PATH] [--ticks N] [--seed S]`.

The esper functions game.sim.ecs calls on entities are wrapped with counters, then the schedule
runs system by system as `game.sim.schedule.run_tick` runs it, and each call is put down to the
system running. A layout rebuild asks esper for every building's components: it counts against
the system that first reads `world.layout` after an entity or a component came or went. Calls
made while the level is loaded into a world count as outside systems. Defaults: the shipped level
levels/02_neo_terra.toml, 240 ticks (ten days), seed 1.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import esper  # noqa: E402

from game.level import load_level  # noqa: E402
from game.sim import Simulation  # noqa: E402
from game.sim.schedule import SCHEDULE  # noqa: E402
from game.sim.world import World  # noqa: E402

DEFAULT_LEVEL = Path(__file__).resolve().parents[1] / "levels" / "02_neo_terra.toml"
OUTSIDE = "(outside systems)"
# The esper functions game.sim.ecs calls on a world's entities; switching worlds is not counted.
COUNTED = (
    "get_component", "get_components", "component_for_entity", "has_component",
    "create_entity", "delete_entity", "add_component", "remove_component",
)


@dataclass
class Census:
    """esper calls by the system that made them, then by function name, and how often each system ran."""

    running: str = OUTSIDE
    calls: dict[str, Counter[str]] = field(default_factory=dict)
    runs: Counter[str] = field(default_factory=Counter)
    ticks: int = 0

    def count(self, function: str) -> None:
        """Put one call of esper's `function` down to the system running."""
        self.calls.setdefault(self.running, Counter())[function] += 1


def _counted(census: Census, name: str, original: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        census.count(name)
        return original(*args, **kwargs)

    return wrapper


@contextmanager
def counting(census: Census) -> Iterator[None]:
    """Count esper's calls into `census` while the block runs; the original functions come back after."""
    originals = {name: getattr(esper, name) for name in COUNTED}
    for name, original in originals.items():
        setattr(esper, name, _counted(census, name, original))
    try:
        yield
    finally:
        for name, original in originals.items():
            setattr(esper, name, original)


def step_counted(world: World, census: Census, ticks: int) -> None:
    """Run `ticks` ticks of the schedule as run_tick does, telling `census` which system is running."""
    for _ in range(ticks):
        tick = world.tick
        for system in SCHEDULE:
            if system.cadence.due(tick):
                census.running = system.name
                census.runs[system.name] += 1
                try:
                    system.run(world)
                finally:
                    census.running = OUTSIDE
        world.tick = tick + 1
        census.ticks += 1


def take_census(level: Path, ticks: int, seed: int) -> Census:
    """Load `level` with `seed`, run it `ticks` ticks and return its esper calls."""
    census = Census()
    with counting(census):
        sim = Simulation(load_level(level), seed=seed)
        try:
            step_counted(sim.world, census, ticks)
        finally:
            sim.close()
    return census


def format_table(census: Census) -> str:
    """Return the census as a table: a row per system in schedule order, their total, then the calls outside systems.

    Columns are two or more spaces apart; only the esper functions called at all get a column.
    Calls outside systems (loading the level) are a one-off, so they get no per-tick rate.
    """
    used = [name for name in COUNTED if any(calls[name] for calls in census.calls.values())]
    header = ["system", "cadence", "runs", *used, "calls", "per tick"]
    rows = [header]
    total: Counter[str] = Counter()

    def row(name: str, cadence: str, runs: str, calls: Counter[str], per_tick: bool = True) -> list[str]:
        count = sum(calls.values())
        rate = f"{count / max(1, census.ticks):.2f}" if per_tick else ""
        return [name, cadence, runs, *(str(calls[kind]) for kind in used), str(count), rate]

    for system in SCHEDULE:
        calls = census.calls.get(system.name, Counter())
        total.update(calls)
        rows.append(row(system.name, system.cadence.label, str(census.runs[system.name]), calls))
    rows.append(row("all systems", "", "", total))
    rows.append(row(OUTSIDE, "", "", census.calls.get(OUTSIDE, Counter()), per_tick=False))
    widths = [max(len(line[column]) for line in rows) for column in range(len(header))]
    lines = []
    for line in rows:
        cells = [cell.ljust(width) if column < 2 else cell.rjust(width) for column, (cell, width) in enumerate(zip(line, widths))]
        lines.append("  ".join(cells).rstrip())
    never = [name for name in COUNTED if name not in used]
    if never:
        lines.append("never called: " + ", ".join(never))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, take the census and print it."""
    parser = argparse.ArgumentParser(description="Count the esper calls each scheduled system makes, per tick.")
    parser.add_argument("--level", type=Path, default=DEFAULT_LEVEL, help="level file (default: levels/02_neo_terra.toml)")
    parser.add_argument("--ticks", type=int, default=240, help="ticks to run (default: 240, ten days)")
    parser.add_argument("--seed", type=int, default=1, help="seed (default: 1)")
    args = parser.parse_args(argv)
    if args.ticks < 1:
        parser.error("--ticks must be at least 1")
    census = take_census(args.level, args.ticks, args.seed)
    print(f"esper calls on {args.level.name}, seed {args.seed}, {census.ticks} ticks (outside systems: loading the level)")
    print(format_table(census))
    return 0


if __name__ == "__main__":
    sys.exit(main())
