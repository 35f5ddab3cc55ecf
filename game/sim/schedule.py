"""The one place that names the order in which systems run each tick.

Most systems run every tick. The occasional work keeps one rhythm, a round of four ticks, so that
most ticks stay light: on the round's first tick the housing puts its waste out and the ground
crews collect (waste generation, collection), the piles' and caches' emission is counted
(pollution, scavengers), the walkers act (those who see a security drone flee), the collection
drones set out for the fresh piles and the security drones catch loaded walkers and search for
caches, all with one look at where the drones are; on its second the security drones take new
patrol legs. On the other two ticks agents only move. Day-end work (tribes, population, opinion, statistics) runs on the last tick
of each day.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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
    waste_generation,
)

if TYPE_CHECKING:
    from game.sim.world import World

SYSTEMS = (
    apply_commands,
    waste_generation,
    collection,
    power,
    recycling,
    scavengers,
    drones,
    pollution,
    economy,
    population,
    opinion,
    story_events,
    goals,
    statistics,
)


def run_tick(world: World, checked: bool = False) -> None:
    """Run one tick: every system in order, then advance the clock."""
    for system in SYSTEMS:
        system.run(world)
    world.tick += 1
