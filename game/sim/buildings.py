"""The building table: every kind of building, its footprint, costs, power and what it turns into what.

The table is game/data/buildings.toml, read when this module is first imported.

Units: costs and upkeep in credits (upkeep per game day), power in kW, waste in units, capacity in
waste units per tick at full power, yields in thousandths of a resource unit per waste unit,
emission in pollution units per tick at full output, absorption in pollution units per tile per tick.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Final

import numpy as np

from game.data import read_table
from game.data.models import BuildingsFile


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


_TABLE: Final = read_table("buildings.toml", BuildingsFile)
CATEGORIES: Final[tuple[tuple[str, str], ...]] = tuple((category.id, category.label) for category in _TABLE.categories)
BUILDING_TYPES: Final[tuple[BuildingType, ...]] = tuple(BuildingType(**entry.record()) for entry in _TABLE.buildings)
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
