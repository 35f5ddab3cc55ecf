"""Tunable rules of the simulation; a level may override any of them by name.

Every rule is an integer so that the state stays exact and hashable.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any


@dataclass(frozen=True, slots=True)
class Rules:
    """The numbers that drive the systems, with their units."""

    # Waste generation, thousandths of a unit per resident per tick, by waste type.
    waste_organic_milli: int = 25
    waste_plastic_milli: int = 12
    waste_metal_milli: int = 5
    waste_ewaste_milli: int = 2
    waste_hazardous_milli: int = 2
    # Ecolife's own collection capacity in waste units per tick, before drone hubs.
    collection_base: int = 60
    # Collected waste waiting for a plant, units per waste type before the overflow goes to landfill.
    depot_capacity: int = 400
    # Pollution emitted by uncollected waste: thousandths of a unit per waste unit per tick.
    emission_organic_milli: int = 8
    emission_plastic_milli: int = 6
    emission_metal_milli: int = 3
    emission_ewaste_milli: int = 20
    emission_hazardous_milli: int = 150
    # Pollution of a landfill: units per tick per 10,000 units stored.
    landfill_emission_per_10k: int = 6
    # Pollution decay and diffusion, thousandths per tick.
    pollution_decay_milli: int = 15
    pollution_diffusion_milli: int = 200
    pollution_cap: int = 60_000
    # Economy: a resident earns this many credits a day; the tax rate policy takes its percentage.
    income_per_resident: int = 12
    food_per_resident_milli: int = 40
    price_food: int = 3
    price_fuel: int = 6
    price_materials: int = 9
    reserve_food: int = 2_000
    reserve_fuel: int = 600
    reserve_materials: int = 800
    # Population: a day's growth and shrink as a percentage of a block's capacity.
    growth_percent: int = 8
    shrink_percent: int = 5
    pollution_uncomfortable: int = 300
    pollution_unlivable: int = 1_200
    # Losing: days in a row under each condition before the level is lost (0 disables).
    bankrupt_days: int = 7
    dark_days: int = 4
    dark_served_percent: int = 50
    pollution_catastrophe_mean: int = 1_500
    funds_low_warning: int = 2_000

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """Return every rule name in declaration order."""
        return tuple(f.name for f in fields(cls))

    def with_overrides(self, overrides: dict[str, int]) -> Rules:
        """Return a copy with `overrides` applied; names must be rule names."""
        return replace(self, **overrides)

    def as_dict(self) -> dict[str, Any]:
        """Return the rules as a plain dictionary."""
        return {name: getattr(self, name) for name in self.names()}
