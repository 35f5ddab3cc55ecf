"""Tunable rules of story events: timeouts, cooldowns; part of `game.sim.rules.Rules`, overridable by name from a level."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class StoryRules:
    """The numbers of story events: timeouts, cooldowns, with their units (all integers, all with defaults)."""

    # Hours an event waits for the player's answer before its default choice is taken.
    event_timeout_ticks: int = 48
    # Whole days after an event is answered before the next one may fire (0: the next day end).
    event_gap_days: int = 1


# The largest value of each rule above (every rule's least is 0).
STORY_RULE_MAXIMA: Final[dict[str, int]] = {
    "event_timeout_ticks": 100_000,
    "event_gap_days": 100_000,
}
