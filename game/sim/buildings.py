"""The building table: every kind of building, its footprint, costs, power and what it turns into what.

Units: costs and upkeep in credits (upkeep per game day), power in kW, waste in units, capacity in
waste units per tick at full power, yields in thousandths of a resource unit per waste unit,
emission in pollution units per tick at full output, absorption in pollution units per tile per tick.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Final

import numpy as np


@dataclass(frozen=True, slots=True)
class BuildingType:
    """Static data for one kind of building; instances live in `BUILDING_TYPES`."""

    kind: str
    name: str
    category: str
    description: str
    hotkey: str
    width: int
    height: int
    cost: int
    cost_materials: int = 0
    upkeep: int = 0
    power_supply_kw: int = 0
    power_demand_kw: int = 0
    accepts: tuple[str, ...] = ()
    capacity: int = 0
    yields: tuple[tuple[str, int], ...] = ()
    fee_per_unit: int = 0
    fuel_per_tick: int = 0
    solar: bool = False
    emission: int = 0
    absorption: int = 0
    radius: int = 0
    housing_capacity: int = 0
    landfill_capacity: int = 0
    drone_range: int = 0  # tiles from a drone hub its collection drones serve (Chebyshev)
    terrain: tuple[str, ...] = ("ground", "ruins")

    @property
    def is_plant(self) -> bool:
        """True for buildings that process waste."""
        return self.capacity > 0


CATEGORIES: Final[tuple[tuple[str, str], ...]] = (
    ("recycling", "Recycling"),
    ("power", "Power"),
    ("waste", "Waste"),
    ("city", "City"),
)

BUILDING_TYPES: Final[tuple[BuildingType, ...]] = (
    BuildingType(
        kind="compost_works", name="Compost Works", category="recycling", hotkey="1",
        description="Digests organic waste into food for the city.",
        width=3, height=3, cost=6_000, cost_materials=40, upkeep=180,
        power_demand_kw=120, accepts=("organic",), capacity=24,
        yields=(("food", 550),), emission=2,
    ),
    BuildingType(
        kind="plastics_refinery", name="Plastics Refinery", category="recycling", hotkey="2",
        description="Cracks plastic waste into fuel for the fuel plants.",
        width=3, height=3, cost=9_000, cost_materials=60, upkeep=260,
        power_demand_kw=220, accepts=("plastic",), capacity=14,
        yields=(("fuel", 600),), emission=5,
    ),
    BuildingType(
        kind="metal_foundry", name="Metal Foundry", category="recycling", hotkey="3",
        description="Melts scrap metal and strips e-waste into building materials.",
        width=3, height=3, cost=11_000, cost_materials=80, upkeep=320,
        power_demand_kw=300, accepts=("metal", "ewaste"), capacity=10,
        yields=(("materials", 600),), emission=6,
    ),
    BuildingType(
        kind="hazard_treatment", name="Hazard Treatment Plant", category="recycling", hotkey="4",
        description="Neutralises hazardous waste. Ecolife never built one: it earns nothing and costs a fee per unit.",
        width=3, height=3, cost=14_000, cost_materials=120, upkeep=320,
        power_demand_kw=260, accepts=("hazardous",), capacity=8,
        yields=(("materials", 100),), fee_per_unit=1, emission=1,
    ),
    BuildingType(
        kind="solar_farm", name="Solar Farm", category="power", hotkey="5",
        description="Clean power by day, a trickle at night. No fuel, no smoke.",
        width=3, height=3, cost=8_000, cost_materials=50, upkeep=90,
        power_supply_kw=900, solar=True,
    ),
    BuildingType(
        kind="fuel_plant", name="Fuel Power Plant", category="power", hotkey="6",
        description="Burns refinery fuel for steady power, day and night. Smoky.",
        width=3, height=3, cost=12_000, cost_materials=80, upkeep=400,
        power_supply_kw=1_600, fuel_per_tick=4, emission=600,
    ),
    BuildingType(
        kind="power_line", name="Power Line", category="power", hotkey="7",
        description="Carries power between plants and buildings. Drag to lay a run.",
        width=1, height=1, cost=40, upkeep=0,
        terrain=("ground", "ruins", "undercity"),
    ),
    BuildingType(
        kind="landfill", name="Landfill", category="waste", hotkey="8",
        description="Takes collected waste no plant can handle. Cheap, and it stinks as it fills.",
        width=3, height=3, cost=3_000, upkeep=60,
        landfill_capacity=30_000, emission=1,
    ),
    BuildingType(
        kind="garden", name="Vertical Garden", category="city", hotkey="9",
        description="Soaks up pollution around it and cheers the neighbours up.",
        width=2, height=2, cost=2_500, cost_materials=10, upkeep=40,
        absorption=2, radius=4, terrain=("ground", "ruins", "undercity"),
    ),
    BuildingType(
        kind="housing", name="Housing Block", category="city", hotkey="0",
        description="Homes for 200 people, who pay taxes and make waste. Needs power to fill up.",
        width=2, height=2, cost=1_500, cost_materials=20, upkeep=0,
        power_demand_kw=40, housing_capacity=200, terrain=("ground", "ruins", "undercity"),
    ),
    BuildingType(
        kind="drone_hub", name="Drone Hub", category="waste", hotkey="h",
        description="Base for Ecolife's collection drones: while powered they fetch waste from the blocks within reach.",
        width=2, height=2, cost=7_000, cost_materials=40, upkeep=220,
        power_demand_kw=150, drone_range=18, terrain=("ground", "ruins", "undercity"),
    ),
)

BUILDING_INDEX: Final[dict[str, int]] = {b.kind: i for i, b in enumerate(BUILDING_TYPES)}


def building_type(kind: str) -> BuildingType:
    """Return the building type named `kind`; raises KeyError for unknown kinds."""
    return BUILDING_TYPES[BUILDING_INDEX[kind]]


@cache
def type_array(attribute: str) -> np.ndarray:
    """Return a read-only int64 array of `attribute` for every building type, by type index."""
    values = np.array([int(getattr(b, attribute)) for b in BUILDING_TYPES], np.int64)
    values.setflags(write=False)
    return values
