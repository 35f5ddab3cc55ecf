"""The one place that names the order in which systems run each tick."""

from __future__ import annotations

from game.sim.systems import (
    apply_commands,
    collection,
    economy,
    goals,
    pollution,
    population,
    power,
    recycling,
    statistics,
    waste_generation,
)

SYSTEMS = (
    apply_commands,
    waste_generation,
    collection,
    power,
    recycling,
    pollution,
    economy,
    population,
    goals,
    statistics,
)
