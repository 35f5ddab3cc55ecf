"""Terrain types: a read-only table indexed by the small integers stored in the terrain grid."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class TerrainType:
    """One kind of ground a tile can be."""

    code: int
    name: str
    label: str
    description: str


GROUND: Final = 0
WATER: Final = 1
RUINS: Final = 2
UNDERCITY: Final = 3

TERRAIN_TYPES: Final[tuple[TerrainType, ...]] = (
    TerrainType(GROUND, "ground", "Open ground", "Cleared land; anything can be built here."),
    TerrainType(WATER, "water", "Water", "Canals and the old harbour; nothing can be built here."),
    TerrainType(RUINS, "ruins", "Factory ruins", "Shells of the old factories; costs extra to clear and build on."),
    TerrainType(UNDERCITY, "undercity", "Undercity", "The sunken districts under the towers, where the scavengers live."),
)

TERRAIN_BY_NAME: Final[dict[str, int]] = {t.name: t.code for t in TERRAIN_TYPES}
