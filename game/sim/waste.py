"""Waste types, in the fixed order of the first axis of the waste grid."""

from __future__ import annotations

from typing import Final

WASTE_TYPES: Final[tuple[str, ...]] = ("organic", "plastic", "metal", "ewaste", "hazardous")
WASTE_INDEX: Final[dict[str, int]] = {name: i for i, name in enumerate(WASTE_TYPES)}
WASTE_LABELS: Final[dict[str, str]] = {
    "organic": "Organic",
    "plastic": "Plastic",
    "metal": "Metal",
    "ewaste": "E-waste",
    "hazardous": "Hazardous",
}
HAZARDOUS: Final = WASTE_INDEX["hazardous"]
# Most units of one waste type a tile holds (the waste grid and the cache grid are int32): waste
# made on a full tile is counted as generated but lies nowhere, so the piles saturate, never wrap.
MAX_WASTE_PER_TILE: Final = 1_000_000_000
RESOURCES: Final[tuple[str, ...]] = ("food", "fuel", "materials")
