"""Policies the player sets: a table of integer-valued settings with ranges and explanations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from game.sim.waste import WASTE_LABELS, WASTE_TYPES


@dataclass(frozen=True, slots=True)
class Policy:
    """One setting: its allowed range, its default and what it does."""

    name: str
    label: str
    minimum: int
    maximum: int
    default: int
    unit: str
    explanation: str


# Ecolife's defaults favour what sells and neglect what is dangerous, as it does in the story.
_DEFAULT_PRIORITY: Final[dict[str, int]] = {
    "organic": 40,
    "plastic": 70,
    "metal": 90,
    "ewaste": 60,
    "hazardous": 2,
}

_WASTE_NOUNS: Final[dict[str, str]] = {
    "organic": "kitchen and garden scraps",
    "plastic": "plastic",
    "metal": "scrap metal",
    "ewaste": "discarded electronics",
    "hazardous": "hazardous waste (solvents, batteries, medical refuse)",
}

POLICIES: Final[tuple[Policy, ...]] = (
    Policy(
        "tax_rate", "Tax rate", 0, 30, 10, "%",
        "Share of residents' income taken as tax each day. From 15% up, people start to leave.",
    ),
    *(
        Policy(
            f"priority.{waste}", f"Ecolife priority: {WASTE_LABELS[waste]}", 0, 100,
            _DEFAULT_PRIORITY[waste], "",
            f"Ecolife's weight for {_WASTE_NOUNS[waste]} when it shares out its collection rounds. "
            "Only the ratios between the five weights matter.",
        )
        for waste in WASTE_TYPES
    ),
)

POLICY_INDEX: Final[dict[str, Policy]] = {p.name: p for p in POLICIES}


def default_policies() -> dict[str, int]:
    """Return every policy at its default value."""
    return {p.name: p.default for p in POLICIES}
