"""Tunable rules of the simulation; a level may override any of them by name.

Every rule is an integer so that the state stays exact and hashable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from types import MappingProxyType
from typing import Any, Final

from game.sim.rules_agents import AGENT_RULE_MAXIMA, AgentRules
from game.sim.rules_politics import POLITICS_RULE_MAXIMA, PoliticsRules
from game.sim.rules_story import STORY_RULE_MAXIMA, StoryRules


@dataclass(frozen=True, slots=True)
class Rules(AgentRules, PoliticsRules, StoryRules):
    """The numbers that drive the systems, with their units (society's rules come from the bases)."""

    # Waste generation, thousandths of a unit per resident per tick, by waste type. A full block
    # (200 residents) makes 2 units a tick; a district of ~6,000 residents makes ~60 a tick, which
    # a drone hub collects and a handful of plants (2 compost, 1 refinery, 1 foundry, 1 treatment) handle.
    waste_organic_milli: int = 5
    waste_plastic_milli: int = 2
    waste_metal_milli: int = 1
    waste_ewaste_milli: int = 1
    waste_hazardous_milli: int = 1
    # Community recycling: percent of each block's non-hazardous waste sorted at the door straight
    # to the depot while the policy is on.
    community_sorted_percent: int = 25
    # ...and percent of it the neighbourhoods' repair and swap shops keep from being thrown away at all.
    community_reduced_percent: int = 10
    # Ecolife's ground crews' collection capacity in waste units per tick, city-wide: enough for a
    # small town, so a mid-size city outgrows it and needs drone hubs near its blocks.
    collection_base: int = 40
    # Collected waste waiting for a plant, units per waste type before the overflow goes to landfill;
    # about a day of a mid-size city's waste, so a plant built a little late still gets the backlog.
    depot_capacity: int = 1_000
    # Criminalised neglect: hazardous waste weighs at least this percent of Ecolife's heaviest
    # priority, and the inspectors fine its contractors thousandths of a credit a day for each unit
    # of hazardous waste they find left lying on the blocks.
    neglect_hazard_weight_percent: int = 60
    neglect_fine_milli: int = 200
    # Pollution emitted by uncollected waste: thousandths of a unit per waste unit per tick.
    # Hazardous waste dominates: a month of a city's neglected drums makes its blocks uncomfortable.
    emission_organic_milli: int = 20
    emission_plastic_milli: int = 12
    emission_metal_milli: int = 6
    emission_ewaste_milli: int = 80
    emission_hazardous_milli: int = 600
    # Pollution of a landfill: units per tick per 10,000 units stored (a full one stinks like a small plant).
    landfill_emission_per_10k: int = 20
    # Digging buried hazardous waste out of a landfill back into the depot, for a hazard treatment
    # plant to treat: credits a unit (three times the hauling of a demolished landfill's heap, per
    # unit), and the most units one order digs (half the depot, so a plant has room to work).
    excavation_cost_per_unit: int = 3
    excavation_max_units: int = 500
    # Pollution decay and diffusion, thousandths per tick. Slow decay (half-life ~3.6 days) makes
    # neglect pile up; a chimney's smoke reaches about three tiles.
    pollution_decay_milli: int = 8  # thousandths of a tile's pollution that fade each tick (rounded up)
    pollution_diffusion_milli: int = 200  # thousandths a tile passes to its neighbours each tick (spread once a round of four ticks)
    pollution_cap: int = 60_000  # most pollution units one tile holds
    # Economy: a resident earns this many credits a day; the tax rate policy takes its percentage.
    # At 10% a 20,000-resident city takes in 4,000 a day, so a plant costs days of income.
    income_per_resident: int = 2
    food_per_resident_milli: int = 40  # thousandths of a food unit a resident eats a day
    price_food: int = 2  # credits a unit of food above the reserve sells for at the day's end
    price_fuel: int = 4  # credits a unit of fuel above the reserve sells for at the day's end
    price_materials: int = 5  # credits a unit of materials above the reserve sells for at the day's end
    reserve_food: int = 2_000  # food units kept in store, not sold
    reserve_fuel: int = 600  # fuel units kept in store, not sold
    reserve_materials: int = 800  # materials units kept in store, not sold
    # Population: a day's growth and shrink as a percentage of a block's capacity (4 residents a
    # block a day), so a city changes by a few percent a day, not by thousands.
    growth_percent: int = 2
    shrink_percent: int = 2
    # Pollution a block's residents tolerate, in pollution units at the block.
    pollution_uncomfortable: int = 300
    pollution_unlivable: int = 1_000
    # Losing: days in a row under each condition before the level is lost (0 disables).
    bankrupt_days: int = 7
    dark_days: int = 4
    dark_served_percent: int = 50  # percent of the power demand served below which a day counts as dark
    # Mean over the whole map, water and wasteland included: reached only when whole districts
    # have been left to rot for weeks.
    pollution_catastrophe_mean: int = 120  # pollution units, mean over the map, at which the level is lost (0 disables)
    funds_low_warning: int = 2_000  # credits below which the player is warned that funds are low

    @classmethod
    def maximum(cls, name: str) -> int:
        """Return the largest value rule `name` may take (every rule's least is 0)."""
        return RULE_MAXIMA[name]

    @classmethod
    def default(cls, name: str) -> int:
        """Return the value rule `name` has unless a level overrides it."""
        value: int = getattr(_DEFAULTS, name)
        return value

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """Return every rule name in declaration order."""
        return tuple(f.name for f in fields(cls))

    @classmethod
    def problem(cls, name: str, value: int) -> str | None:
        """Return what is wrong with setting rule `name` to `value` (a whole number >= 0), or None."""
        if name not in RULE_MAXIMA:
            return "unknown rule"
        if value < 0:
            return f"must be at least 0, got {value:,}"
        if value > RULE_MAXIMA[name]:
            return f"must be at most {RULE_MAXIMA[name]:,}, got {value:,}"
        return None

    def with_overrides(self, overrides: Mapping[str, int]) -> Rules:
        """Return a copy with `overrides` applied; names must be rule names."""
        return replace(self, **overrides)

    def overrides(self) -> dict[str, int]:
        """Return the rules that differ from the defaults, by name in declaration order (what a level file writes)."""
        return {name: getattr(self, name) for name in self.names() if getattr(self, name) != getattr(_DEFAULTS, name)}

    def as_dict(self) -> dict[str, Any]:
        """Return the rules as a plain dictionary."""
        return {name: getattr(self, name) for name in self.names()}


# The largest value of each rule of the city (the society's are in their own modules). Each is far
# above any playable setting and small enough that the sums and products the systems form stay in
# their dtypes for any number of ticks: a tile's waste and pollution saturate at their caps
# (game.sim.waste.MAX_WASTE_PER_TILE, `pollution_cap`), pollution times a thousandth share stays in
# int32, and a day's money and stock changes stay far from the save's bound of 10**15 units.
_CITY_RULE_MAXIMA: Final = {
    "waste_organic_milli": 1_000,  # one unit a resident a tick
    "waste_plastic_milli": 1_000,
    "waste_metal_milli": 1_000,
    "waste_ewaste_milli": 1_000,
    "waste_hazardous_milli": 1_000,
    "community_sorted_percent": 100,
    "community_reduced_percent": 100,
    "collection_base": 1_000_000,
    "depot_capacity": 1_000_000_000,
    "neglect_hazard_weight_percent": 100,  # as heavy as the heaviest
    "neglect_fine_milli": 1_000_000,  # a thousand credits a unit
    "emission_organic_milli": 100_000,  # 100 pollution units a waste unit a tick
    "emission_plastic_milli": 100_000,
    "emission_metal_milli": 100_000,
    "emission_ewaste_milli": 100_000,
    "emission_hazardous_milli": 100_000,
    "landfill_emission_per_10k": 100_000,
    "excavation_cost_per_unit": 1_000_000,
    "excavation_max_units": 1_000_000_000,  # no more than the depot's capacity can take at once anyway
    "pollution_decay_milli": 1_000,  # a share: above it, pollution would fall below zero
    "pollution_diffusion_milli": 1_000,
    "pollution_cap": 1_000_000,  # times a share in thousandths, still within int32
    "income_per_resident": 1_000,
    "food_per_resident_milli": 1_000_000,
    "price_food": 1_000_000,
    "price_fuel": 1_000_000,
    "price_materials": 1_000_000,
    "reserve_food": 1_000_000_000,
    "reserve_fuel": 1_000_000_000,
    "reserve_materials": 1_000_000_000,
    "growth_percent": 100,
    "shrink_percent": 100,
    "pollution_uncomfortable": 1_000_000,  # the most pollution a tile can hold
    "pollution_unlivable": 1_000_000,
    "bankrupt_days": 100_000,
    "dark_days": 100_000,
    "dark_served_percent": 100,
    "pollution_catastrophe_mean": 1_000_000,
    "funds_low_warning": 1_000_000_000,
}
RULE_MAXIMA: Final[Mapping[str, int]] = MappingProxyType(
    {**_CITY_RULE_MAXIMA, **AGENT_RULE_MAXIMA, **POLITICS_RULE_MAXIMA, **STORY_RULE_MAXIMA}
)
_DEFAULTS: Final = Rules()
