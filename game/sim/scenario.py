"""The plain-data description a simulation starts from; `game.level` builds it from a level file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from game.sim.rules import Rules

# Metrics a goal can test, with what they read; the goals system evaluates them.
GOAL_METRICS: tuple[str, ...] = (
    "population",
    "funds",
    "pollution_mean",
    "pollution_max",
    "hazardous_untreated",
    "recycled_total",
    "recycled_organic",  # units of each waste type recycled (or treated) so far
    "recycled_plastic",
    "recycled_metal",
    "recycled_ewaste",
    "recycled_hazardous",
    "events_answered",  # story events the player answered (not left to time out)
    "food",
    "fuel",
    "materials",
    "served_percent",
    "voter_approval",  # the voters' weighted approval, 0..100 (level files may still say "approval")
    "elections_won",
    "elections_lost",
    "scandals",
    "caches",  # hazardous waste units hidden in scavenger caches
    "unrest_max",  # the most restless tribe's unrest, 0..100
    "day",  # the game day, counted from 1: "day at_least 30" is surviving to the end of day 30
)
# What a goal on a metric counts, where the name alone does not say it, for the goals window.
GOAL_NOTES: Mapping[str, str] = MappingProxyType({
    "hazardous_untreated": (
        "Counts hazardous waste lying about, on board the drones, waiting in the depot, buried in landfills "
        "and hidden in the scavengers' caches. Buried waste can be dug out at a landfill (click it), and "
        "security drones on patrol find caches, for a hazard treatment plant to treat."
    ),
    "recycled_organic": "Organic waste the compost works have made into food so far.",
    "recycled_plastic": "Plastic the refineries have made into fuel so far.",
    "recycled_metal": "Scrap metal the foundries have made into materials so far.",
    "recycled_ewaste": "E-waste the foundries have stripped into materials so far.",
    "recycled_hazardous": "Hazardous waste the treatment plants have neutralised so far.",
    "events_answered": "Story events you answered yourself; one left to run out of time takes its default and does not count.",
    "caches": "Hazardous waste the scavenger tribes hid in their caches; drones seize caches they find.",
    "served_percent": "The day's average share of the power demand met.",
    "day": "The game day, counted from 1: reaching it means keeping the city going (no bankruptcy, no lost vote) until it ends.",
    "voter_approval": "The factions' approval weighted by their share of the vote, as an election counts it.",
})
# Old metric names level files may still use, and the metric each now means.
GOAL_METRIC_ALIASES: Mapping[str, str] = MappingProxyType({"approval": "voter_approval"})


def goal_metric(name: str) -> str:
    """Return the goal metric `name` stands for: itself, or the current name of an old one."""
    return GOAL_METRIC_ALIASES.get(name, name)


@dataclass(frozen=True, slots=True)
class PlacedBuilding:
    """A building a level places at start, top-left corner at (x, y)."""

    kind: str
    x: int
    y: int
    occupants: int | None = None


@dataclass(frozen=True, slots=True)
class GoalTarget:
    """One condition of winning: `metric` at least or at most a value."""

    metric: str
    at_least: int | None = None
    at_most: int | None = None

    def holds(self, value: int) -> bool:
        """Return whether `value` meets this target."""
        if self.at_least is not None and value < self.at_least:
            return False
        return self.at_most is None or value <= self.at_most

    def shortfall(self, value: int) -> int:
        """Return how far `value` is from meeting this target (0 when it holds): what is still needed, up or down."""
        if self.at_least is not None and value < self.at_least:
            return self.at_least - value
        return value - self.at_most if self.at_most is not None and value > self.at_most else 0

    @property
    def note(self) -> str:
        """Return what the target's metric counts, when its name does not say it ('' otherwise)."""
        return GOAL_NOTES.get(self.metric, "")

    def describe(self) -> str:
        """Return a short human sentence for this target."""
        name = self.metric.replace("_", " ")
        if self.at_least is not None and self.at_most is not None:
            return f"{name} between {self.at_least:,} and {self.at_most:,}"
        if self.at_least is not None:
            return f"{name} at least {self.at_least:,}"
        return f"{name} at most {self.at_most:,}"


@dataclass(frozen=True, slots=True)
class Goals:
    """Win when every target holds for `hold_days` day-ends in a row, by `deadline_day` (0: none)."""

    targets: tuple[GoalTarget, ...] = ()
    deadline_day: int = 0
    hold_days: int = 1


@dataclass(frozen=True, slots=True)
class Camp:
    """A scavenger camp the level places on ruins or undercity: its tribe starts with `members`."""

    name: str
    x: int
    y: int
    members: int = 20
    unrest: int = 20  # 0..100


@dataclass(frozen=True, slots=True)
class FactionSetup:
    """A level's override of one faction's vote share (percent) and starting approval (0..100)."""

    name: str
    share: int | None = None
    approval: int | None = None


@dataclass(frozen=True, slots=True)
class PoliticsSetup:
    """Elections: every `election_every_days` days (0: none), the debate `debate_days_before` them."""

    election_every_days: int = 0
    first_election_day: int = 0  # 0: after the first interval
    debate_days_before: int = 3
    lose_on_defeat: bool = True
    factions: tuple[FactionSetup, ...] = ()


@dataclass(frozen=True, slots=True)
class EventSetup:
    """Which story events run: all shipped ones unless `enabled` lists some; minus `disabled`; plus `custom`."""

    enabled: tuple[str, ...] | None = None
    disabled: tuple[str, ...] = ()
    custom: tuple[Any, ...] = ()  # game.sim.story.StoryEvent definitions from the level


@dataclass(frozen=True, slots=True)
class Scenario:
    """Everything a simulation needs to start: map, buildings, resources, rules and goals."""

    name: str
    terrain: np.ndarray  # uint8 (height, width), codes from game.sim.terrain
    buildings: tuple[PlacedBuilding, ...] = ()
    funds: int = 50_000
    food: int = 500
    fuel: int = 200
    materials: int = 600
    rules: Rules = field(default_factory=Rules)
    policies: tuple[tuple[str, int], ...] = ()
    goals: Goals = field(default_factory=Goals)
    camps: tuple[Camp, ...] = ()
    politics: PoliticsSetup = field(default_factory=PoliticsSetup)
    events: EventSetup = field(default_factory=EventSetup)
    description: str = ""
    seed: int = 0
    source: str = ""
    arc: str = ""  # the campaign's story arc the level belongs to ("": not in the campaign)
    ending_won: str = ""  # what the end screen tells when the level is won ("": the game's own words)
    ending_lost: str = ""  # ...and when it is lost

    @property
    def width(self) -> int:
        """Map width in tiles."""
        return int(self.terrain.shape[1])

    @property
    def height(self) -> int:
        """Map height in tiles."""
        return int(self.terrain.shape[0])
