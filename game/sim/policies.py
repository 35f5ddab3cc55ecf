"""Policies the player sets: a table of integer-valued settings with ranges and explanations (game/data/policies.toml)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from game.data import read_table
from game.data.field_errors import shown_number
from game.data.models import PoliciesFile


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

    def range_problem(self, value: int) -> str | None:
        """Return why `value` is no setting of this policy (`must be between 0 and 30, got 99`), or None when it is one."""
        if self.minimum <= value <= self.maximum:
            return None
        return f"must be between {self.minimum} and {self.maximum}, got {shown_number(value)}"

    def value_label(self, value: int) -> str:
        """Return how the player reads `value`: its name for switches and stances, else number and unit."""
        if self.labels:
            return self.labels[value - self.minimum]
        return f"{value}{self.unit}"


POLICIES: Final[tuple[Policy, ...]] = tuple(Policy(**entry.record()) for entry in read_table("policies.toml", PoliciesFile).policies)
POLICY_INDEX: Final[dict[str, Policy]] = {p.name: p for p in POLICIES}


def default_policies() -> dict[str, int]:
    """Return every policy at its default value."""
    return {p.name: p.default for p in POLICIES}
