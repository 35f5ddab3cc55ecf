"""The one place that names the systems, their order, what each reads and writes, and when it runs.

Every tick the runner walks `SCHEDULE` in order and runs each system whose cadence is due. Most
systems run every tick. The heavy occasional work keeps one rhythm, the round of four ticks
(game.sim.cadence), and is spread over its phases as Micropolis spreads its scans over sixteen, so
that no tick carries it all:

  phase 0  housing puts its waste out; the piles and the caches emit the round's pollution
  phase 1  pollution spreads, decays and is absorbed; security drones take new patrol legs
  phase 2  the ground crews collect; security drones catch loaded walkers and search for caches
  phase 3  (the last tick of each day falls here) the daily systems settle the day

Mass agents are staggered by row instead: in a big city each tick the walkers of a quarter of the
agent table's rows act (`cadence.turn_rows`), and the drone hubs whose turn it is send their
collection drones. A small city's walkers all act on phase 0 and its drones all fly on phase 1
(`cadence.WALKERS_FIRST`, `DRONES_FIRST`), so the two never share a tick.

Each entry declares what it reads and writes: world attributes (resources, grids, the agent tables,
the society's parts, `entities` for a system that asks esper itself, `layout` for one that reads
the buildings' frozen projection). A test pins the whole table; `Simulation.check_access` checks at run
time that each system keeps to its entry (game.sim.access).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.sim.cadence import DAY_END, DAY_START, EVERY_TICK, Cadence, round_phase
from game.sim.systems import (
    apply_commands,
    collection,
    drones,
    economy,
    goals,
    opinion,
    pollution,
    population,
    power,
    recycling,
    scavengers,
    statistics,
    story_events,
    taps,
    waste_generation,
)

if TYPE_CHECKING:
    from game.sim.world import World


@dataclass(frozen=True, slots=True)
class System:
    """One scheduled system: its function of the world, when it runs, and what it may touch."""

    name: str
    run: Callable[[World], None]
    cadence: Cadence
    reads: frozenset[str]
    writes: frozenset[str]


def _system(run: Callable[[World], None], cadence: Cadence, reads: str, writes: str) -> System:
    module = run.__module__.rsplit(".", 1)[-1]
    name = module if run.__name__ == "run" else f"{module}.{run.__name__}"
    return System(name, run, cadence, frozenset(reads.split()), frozenset(writes.split()))


# What a story choice's effects may change (taken by a command or, at its deadline, by default).
_STORY_EFFECTS = "story funds policies politics agents power sabotaged pollution ledger depot counters "

SCHEDULE: tuple[System, ...] = (
    _system(apply_commands.run, EVERY_TICK,
            "tick width height rules terrain occupancy outcome layout buildings",
            "pending command_log resources buildings occupancy next_building_id population " + _STORY_EFFECTS),
    _system(power.start_day, DAY_START, "", "buildings power"),
    _system(scavengers.start_day, DAY_START, "tick", "agents"),
    _system(waste_generation.run, round_phase(0), "width height rules policies layout buildings", "buildings waste counters rng"),
    _system(power.run, EVERY_TICK, "tick occupancy layout buildings sabotaged",
            "power network buildings resources resource_milli sabotaged"),
    _system(recycling.run, EVERY_TICK, "rules layout buildings", "buildings depot counters resources resource_milli ledger landfill_full"),
    _system(scavengers.move, EVERY_TICK, "width rules terrain policies power layout", "agents"),
    _system(taps.run, EVERY_TICK, "width policies network layout", "agents power"),
    _system(scavengers.act, EVERY_TICK, "tick width height rules terrain network policies layout buildings",
            "agents waste depot counters ledger power rng"),
    _system(scavengers.cache_emission, round_phase(0), "rules", "agents pollution"),
    _system(scavengers.settle, DAY_END, "rules policies pollution scenario", "agents"),
    _system(drones.fly, EVERY_TICK, "tick width height rules policies layout buildings",
            "agents waste depot counters rng"),
    _system(drones.patrol, round_phase(1), "tick width height rules policies layout buildings", "agents rng"),
    _system(drones.guard, round_phase(2), "tick width height rules policies network layout buildings",
            "agents depot counters ledger power rng"),
    _system(collection.run, round_phase(2), "width height rules policies layout buildings", "waste depot counters"),
    _system(collection.inspect, DAY_END, "width height rules policies layout buildings waste", "agents ledger"),
    _system(pollution.waste_emission, round_phase(0), "rules waste", "pollution emission_carry"),
    _system(pollution.run, EVERY_TICK, "width height rules layout buildings", "pollution"),
    _system(pollution.spread_round, round_phase(1), "width height rules layout", "pollution"),
    _system(economy.run, DAY_END, "rules population policies layout", "funds resources food_short ledger last_ledger"),
    _system(population.run, DAY_END, "tick width height rules policies pollution power food_short waste layout buildings",
            "buildings population resident_contentment rng"),
    _system(opinion.run, DAY_END, "tick rules outcome policies pollution waste depot agents population resident_contentment funds layout",
            "politics rng"),
    _system(story_events.timeouts, EVERY_TICK, "tick " + _STORY_EFFECTS, _STORY_EFFECTS),
    _system(story_events.sequels, EVERY_TICK, "tick rules story outcome politics agents scenario policies depot", "story"),
    _system(story_events.run, DAY_END, "tick rules story outcome politics agents scenario policies depot", "story"),
    _system(goals.run, DAY_END, "tick rules scenario outcome streaks politics funds", "outcome streaks"),
    _system(statistics.run, DAY_END, "tick funds population resident_contentment resources power waste agents history", "history"),
)


def run_tick(world: World, checked: bool = False) -> None:
    """Run one tick: every system whose cadence is due, in order, then advance the clock.

    With `checked`, each runs behind the access check (slow: a debugging aid).
    """
    if checked:
        for _ in tick_in_parts(world, checked):
            pass
        return
    tick = world.tick
    for system in _due_on(tick):  # (a plain loop: the generator's resumptions cost a little every tick)
        system.run(world)
    world.tick = tick + 1


def tick_in_parts(world: World, checked: bool = False) -> Iterator[None]:
    """Run one tick as `run_tick` does, pausing after each system, so a front end can spread a heavy tick over frames.

    The clock advances after the last system. Between two parts nothing may change the world
    (the runner finishes a tick begun before any command, save, hash or copy), so the result
    is the same however the tick is cut.
    """
    tick = world.tick
    due = _due_on(tick)
    if checked:
        from game.sim.access import run_checked

        for system in due:
            run_checked(system, world)
            yield
    else:
        for system in due:
            system.run(world)
            yield
    world.tick = tick + 1


# The schedule's ticks laid out once: which systems are due on each tick of the cadences' common
# period (a day), so a tick asks no cadence. Rebuilt if `SCHEDULE` is replaced (tests do).
_plan: tuple[tuple[System, ...], int, tuple[tuple[System, ...], ...]] = ((), 1, ((),))


def _due_on(tick: int) -> tuple[System, ...]:
    """Return the systems due on `tick`, in schedule order."""
    global _plan
    planned, period, table = _plan
    if planned is not SCHEDULE:
        period = math.lcm(*(system.cadence.every for system in SCHEDULE))
        table = tuple(tuple(system for system in SCHEDULE if system.cadence.due(at)) for at in range(period))
        _plan = (SCHEDULE, period, table)
    return table[tick % period]


def systems_of(module: object) -> tuple[System, ...]:
    """Return the scheduled systems a system module provides, in schedule order."""
    prefix = getattr(module, "__name__", "")
    return tuple(system for system in SCHEDULE if system.run.__module__ == prefix)
