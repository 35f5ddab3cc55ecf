"""Tunable rules of scavenger tribes, drones, caches and taps; part of `game.sim.rules.Rules`, overridable by name from a level."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AgentRules:
    """The numbers of scavenger tribes, drones, caches and taps, with their units (all integers, all with defaults)."""

    # Agents a camp's tribe has per member count: filled in with the scavenger and drone systems.
    scavengers_per_camp_cap: int = 400
