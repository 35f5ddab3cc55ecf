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
    daily_cost: int = 0  # credits a day for each step the value costs (see cost_steps)
    labels: tuple[str, ...] = ()  # names of the values from minimum up, for switches and stances

    def cost_steps(self, value: int) -> int:
        """Return how many steps of `daily_cost` `value` runs up: away from 0 for a stance, above the default otherwise."""
        return abs(value) if self.minimum < 0 else max(0, value - self.default)

    def value_label(self, value: int) -> str:
        """Return how the player reads `value`: its name for switches and stances, else number and unit."""
        if self.labels:
            return self.labels[value - self.minimum]
        return f"{value}{self.unit}"


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
    Policy(
        "transparency", "Transparency", 0, 1, 0, "",
        "Publish the true waste figures instead of Ecolife's report. Voters punish what they learn now; "
        "a scandal later hurts far less, because nothing was hidden.",
        daily_cost=150, labels=("Ecolife's report", "true figures"),
    ),
    Policy(
        "scavenger_stance", "Scavengers", -1, 1, 0, "",
        "Crackdown: security drones seize loads and caches and fine tribes; smuggling falls, unrest rises. "
        "Amnesty: willing tribes become paid collectors who bring waste to the plants.",
        daily_cost=100, labels=("crackdown", "tolerate", "amnesty"),
    ),
    Policy(
        "criminalise_neglect", "Criminalise hazardous neglect", 0, 1, 0, "",
        "Make leaving hazardous waste uncollected a crime: Ecolife must collect it, inspectors check "
        "the landfills. Its corporate backers do not like it.",
        daily_cost=60, labels=("off", "on"),
    ),
    Policy(
        "patrol_intensity", "Drone patrols", 0, 3, 1, "",
        "How hard security drones patrol around their hubs: wider and faster rounds find more caches "
        "and taps, and frighten more people.",
        daily_cost=80, labels=("grounded", "light", "regular", "heavy"),
    ),
    Policy(
        "community_recycling", "Community recycling", 0, 1, 0, "",
        "Neighbourhood sorting points and paid collection rounds: part of every block's waste is "
        "sorted at the door, and the undercity gets honest work.",
        daily_cost=200, labels=("off", "on"),
    ),
)

POLICY_INDEX: Final[dict[str, Policy]] = {p.name: p for p in POLICIES}


def default_policies() -> dict[str, int]:
    """Return every policy at its default value."""
    return {p.name: p.default for p in POLICIES}
