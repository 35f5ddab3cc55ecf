"""The level file's shape as pydantic models: strict types (no bool for an int), no unknown fields.

Each section is its own model so that a mistake in one section does not hide the problems of the
others. Cross-field and cross-section checks (map, placement, names) live in their own modules.
"""

from __future__ import annotations

from dataclasses import fields as dataclass_fields
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from game.sim.scenario import Scenario

STRICT = ConfigDict(strict=True, extra="forbid")

MAX_SEED = 2**63 - 1
MAX_STOCK = 1_000_000_000  # funds and resources a level may start with
MAX_RULE = 1_000_000_000  # a generous cap that keeps every rule within int64 arithmetic
MAX_COORDINATE = 1_000_000  # beyond any map; the bounds check names the real limit
MAX_OCCUPANTS = 1_000_000
MAX_DAYS = 100_000
MAX_GOAL_VALUE = 10**15
MAX_TARGETS = 32
MAX_BUILDINGS = 512 * 512
MAX_NAME_CHARS = 60
MAX_DESCRIPTION_CHARS = 600
MAX_NAME_FIELD_CHARS = 100  # building kinds, terrain, metric, rule and policy names: all far shorter

_SCENARIO_DEFAULTS = {f.name: f.default for f in dataclass_fields(Scenario)}

Stock = Annotated[int, Field(ge=0, le=MAX_STOCK)]
# A name the game looks up in its tables (a building kind, a rule, a table's key): bounded, so that
# a long one is refused by its length in one line rather than carried into every later check.
Name = Annotated[str, Field(max_length=MAX_NAME_FIELD_CHARS)]
# A name the player reads: a level's, a camp's, a person's in a story event.
Title = Annotated[str, Field(min_length=1, max_length=MAX_NAME_CHARS)]
GoalValue = Annotated[int, Field(ge=-MAX_GOAL_VALUE, le=MAX_GOAL_VALUE)]


class Header(BaseModel):
    """The top level: metadata, with each section left for its own model."""

    model_config = STRICT

    format: int
    name: Title
    description: Annotated[str, Field(max_length=MAX_DESCRIPTION_CHARS)] = ""
    seed: Annotated[int, Field(ge=0, le=MAX_SEED)] = 0
    map: Any
    start: Any = None
    buildings: Any = None
    rules: Any = None
    policies: Any = None
    goals: Any = None
    camps: Any = None
    politics: Any = None
    events: Any = None


class MapSection(BaseModel):
    """`[map]`: the rows of tiles (one string, or an array of strings) and the legend."""

    model_config = STRICT

    rows: Any
    legend: dict[Name, Any] = Field(default_factory=dict)


class LegendEntry(BaseModel):
    """A legend entry written as a table: the terrain under the tile and a 1x1 building on it."""

    model_config = STRICT

    terrain: Name
    building: Name | None = None


class StartSection(BaseModel):
    """`[start]`: what the city has on day one."""

    model_config = STRICT

    funds: Stock = _SCENARIO_DEFAULTS["funds"]
    food: Stock = _SCENARIO_DEFAULTS["food"]
    fuel: Stock = _SCENARIO_DEFAULTS["fuel"]
    materials: Stock = _SCENARIO_DEFAULTS["materials"]


class BuildingEntry(BaseModel):
    """One `[[buildings]]` entry: a building standing at the start, top-left corner at (x, y)."""

    model_config = STRICT

    kind: Name
    x: Annotated[int, Field(ge=0, le=MAX_COORDINATE)]
    y: Annotated[int, Field(ge=0, le=MAX_COORDINATE)]
    occupants: Annotated[int, Field(ge=0, le=MAX_OCCUPANTS)] | None = None


class TargetEntry(BaseModel):
    """One `[[goals.targets]]` entry."""

    model_config = STRICT

    metric: Name
    at_least: GoalValue | None = None
    at_most: GoalValue | None = None


class GoalsSection(BaseModel):
    """`[goals]`: targets to hold for `hold_days` day-ends in a row, before `deadline_day` (0: none)."""

    model_config = STRICT

    deadline_day: Annotated[int, Field(ge=0, le=MAX_DAYS)] = 0
    hold_days: Annotated[int, Field(ge=1, le=MAX_DAYS)] = 1
    targets: Annotated[list[TargetEntry], Field(max_length=MAX_TARGETS)] = Field(default_factory=list)


# `[rules]` and `[policies]` are tables of integers; their names are checked against the game's tables.
RulesSection = dict[Name, Annotated[int, Field(ge=0, le=MAX_RULE)]]
PoliciesSection = dict[Name, int]
BuildingList = Annotated[list[Any], Field(max_length=MAX_BUILDINGS)]


MAX_CAMPS = 64
MAX_CAMP_MEMBERS = 100_000
Percent = Annotated[int, Field(ge=0, le=100)]


class CampEntry(BaseModel):
    """One `[[camps]]` entry: a scavenger tribe's camp on ruins or undercity, at tile (x, y)."""

    model_config = STRICT

    name: Title
    x: Annotated[int, Field(ge=0, le=MAX_COORDINATE)]
    y: Annotated[int, Field(ge=0, le=MAX_COORDINATE)]
    members: Annotated[int, Field(ge=0, le=MAX_CAMP_MEMBERS)] = 20
    unrest: Percent = 20


class FactionEntry(BaseModel):
    """One `[[politics.factions]]` entry: a faction's vote share (percent) and starting approval."""

    model_config = STRICT

    name: Name
    share: Percent | None = None
    approval: Percent | None = None


class PoliticsSection(BaseModel):
    """`[politics]`: when elections come (every N days, 0: none), the debate before them, the factions."""

    model_config = STRICT

    election_every_days: Annotated[int, Field(ge=0, le=MAX_DAYS)] = 0
    first_election_day: Annotated[int, Field(ge=0, le=MAX_DAYS)] = 0
    debate_days_before: Annotated[int, Field(ge=0, le=30)] = 3
    lose_on_defeat: bool = True
    factions: Annotated[list[FactionEntry], Field(max_length=16)] = Field(default_factory=list)


CampList = Annotated[list[Any], Field(max_length=MAX_CAMPS)]
