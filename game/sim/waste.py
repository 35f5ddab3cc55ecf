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
RESOURCES: Final[tuple[str, ...]] = ("food", "fuel", "materials")
