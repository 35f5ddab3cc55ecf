"""The one place that names the order in which systems run each tick."""

from __future__ import annotations

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
