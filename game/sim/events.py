"""What the simulation tells its front ends: typed, past-tense events, drained once per frame.

The society's events (the street's, the vote's and the story's) are defined beside the state that
raises them; `Event` names them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from game.sim.agents import CacheSeized, TapsFound, TribeRestless
    from game.sim.politics import ElectionHeld, FiguresPublished, ScandalBroke
    from game.sim.story import StoryChoiceTaken, StoryEventFired


@dataclass(frozen=True, slots=True)
class BuildingPlaced:
    """A building went up."""

    building_id: int
    kind: str
    x: int
    y: int


@dataclass(frozen=True, slots=True)
class BuildingDemolished:
    """A building came down."""

    building_id: int
    kind: str
    x: int
    y: int


@dataclass(frozen=True, slots=True)
class PolicyChanged:
    """A policy was set to a new value."""

    name: str
    value: int


@dataclass(frozen=True, slots=True)
class BlackoutStarted:
    """A power network with demand started getting less than half of it."""

    network: int
    served_percent: int


@dataclass(frozen=True, slots=True)
class BlackoutEnded:
    """A network that was in blackout is served again."""

    network: int


@dataclass(frozen=True, slots=True)
class PlantStalled:
    """A waste plant stopped working for lack of power."""

    building_id: int
    kind: str


@dataclass(frozen=True, slots=True)
class LandfillFull:
    """Collected waste has nowhere to go: every landfill is full or there is none."""

    overflow: int


@dataclass(frozen=True, slots=True)
class FundsLow:
    """The treasury fell below the warning level."""

    funds: int


@dataclass(frozen=True, slots=True)
class DayStarted:
    """A new game day began."""

    day: int


@dataclass(frozen=True, slots=True)
class LevelEnded:
    """The level was won or lost."""

    outcome: str
    reason: str


# Every event the simulation emits. The alias is a string so that this module, which the world
# imports, need not import the society modules (and their data tables) to name their events.
Event: TypeAlias = (
    "BuildingPlaced | BuildingDemolished | PolicyChanged | BlackoutStarted | BlackoutEnded"
    " | PlantStalled | LandfillFull | FundsLow | DayStarted | LevelEnded"
    " | CacheSeized | TapsFound | TribeRestless | ScandalBroke | FiguresPublished | ElectionHeld"
    " | StoryEventFired | StoryChoiceTaken"
)
