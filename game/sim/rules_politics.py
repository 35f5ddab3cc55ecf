"""Tunable rules of factions, reported figures, scandals, policies' effects and elections; part of `game.sim.rules.Rules`, overridable by name from a level."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class PoliticsRules:
    """The numbers of factions, reported figures, scandals, policies' effects and elections, with their units (all integers, all with defaults)."""

    # Days between elections when the level does not say (0: no elections).
    election_every_days_default: int = 0
    # Vote share (percent) the player needs to win an election.
    election_win_percent: int = 50
    # Approval points a faction moves towards its target each day: policies act over days, not at once.
    faction_drift_per_day: int = 3
    # Percent of a faction's remembered grievance or gratitude (scandals, stances, events) that fades each day.
    faction_memory_fade_percent: int = 5
    # Pollution at housing (pollution units) that voters feel as the worst (pressure 100).
    faction_pollution_full: int = 600
    # Uncollected waste lying in the city per 100 residents (units) that voters feel as the worst mess
    # (pressure 100): about three weeks of everything they throw away.
    faction_waste_full_per_100: int = 500
    # Untreated hazardous waste (units) the activists count as the worst neglect (pressure 100).
    faction_hazard_full: int = 5_000
    # Treasury (credits) at which the backers' confidence is full; debt counts against it the same way.
    faction_funds_full: int = 100_000
    # Scandal hit in approval points: a base plus points per 1,000 hidden hazardous units, capped.
    scandal_hit_base: int = 3
    scandal_hit_per_1000: int = 6
    scandal_hit_max: int = 30
    # Percent of a scandal's hit that lands while transparency is on: the city hid nothing it knew.
    scandal_transparent_percent: int = 25
    # Percent of a scandal's hit voters take when transparency publishes the hidden waste themselves.
    scandal_reveal_percent: int = 50
    # Fewest newly hidden hazardous units that make a story worth a headline.
    scandal_min_hidden: int = 20
    # Activists' daily chance of finding hidden waste, per mille: per 1,000 hidden units, plus per seized cache unit, capped.
    # (0 per seized unit by default: a tribe's cache holds hundreds of units, and the city that digs
    # them up should not be the one exposed for it; what is still hidden is what tips them off.)
    scandal_discovery_per_1000: int = 40
    scandal_discovery_per_seized: int = 0
    scandal_discovery_max_permille: int = 400
    # Hidden hazardous units below which a promise of transparency still sounds honest.
    scandal_stance_small_hidden: int = 300


# The largest value of each rule above (every rule's least is 0): percents up to 100, approval
# points up to its scale of 100, shares per mille up to 1,000, amounts far above any city's.
POLITICS_RULE_MAXIMA: Final[dict[str, int]] = {
    "election_every_days_default": 100_000,
    "election_win_percent": 100,
    "faction_drift_per_day": 100,
    "faction_memory_fade_percent": 100,
    "faction_pollution_full": 1_000_000,
    "faction_waste_full_per_100": 1_000_000_000,
    "faction_hazard_full": 1_000_000_000,
    "faction_funds_full": 1_000_000_000,
    "scandal_hit_base": 100,
    "scandal_hit_per_1000": 100,
    "scandal_hit_max": 100,
    "scandal_transparent_percent": 100,
    "scandal_reveal_percent": 100,
    "scandal_min_hidden": 1_000_000_000,
    "scandal_discovery_per_1000": 1_000,
    "scandal_discovery_per_seized": 1_000,
    "scandal_discovery_max_permille": 1_000,
    "scandal_stance_small_hidden": 1_000_000_000,
}
