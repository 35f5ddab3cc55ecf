"""Tunable rules of factions, reported figures, scandals, policies' effects and elections; part of `game.sim.rules.Rules`, overridable by name from a level."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PoliticsRules:
    """The numbers of factions, reported figures, scandals, policies' effects and elections, with their units (all integers, all with defaults)."""

    # Days between elections when the level does not say (0: no elections).
    election_every_days_default: int = 0
