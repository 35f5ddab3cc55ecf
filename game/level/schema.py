"""The level file's shape as pydantic models: strict types (no bool for an int), no unknown fields.

The field types shared with the game's content files (STRICT, Name, Title) come from game/data/models.py.
Each section is its own model so that a mistake in one section does not hide the problems of the
others. Cross-field and cross-section checks (map, placement, names) live in their own modules.
"""

from __future__ import annotations

from dataclasses import fields as dataclass_fields
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from game.data.field_errors import LINES, ONE_LINE
from game.data.models import STRICT, Name, Title
from game.sim.scenario import Scenario

MAX_SEED = 2**63 - 1
MAX_STOCK = 1_000_000_000  # funds and resources a level may start with
MAX_RULE = 1_000_000_000  # a generous cap that keeps every rule within int64 arithmetic
MAX_COORDINATE = 1_000_000  # beyond any map; the bounds check names the real limit
MAX_OCCUPANTS = 1_000_000
MAX_DAYS = 100_000
MAX_GOAL_VALUE = 10**15
MAX_TARGETS = 32
MAX_BUILDINGS = 512 * 512
MAX_DESCRIPTION_CHARS = 600
MAX_ARC_CHARS = 40

_SCENARIO_DEFAULTS = {f.name: f.default for f in dataclass_fields(Scenario)}

Stock = Annotated[int, Field(ge=0, le=MAX_STOCK)]
GoalValue = Annotated[int, Field(ge=-MAX_GOAL_VALUE, le=MAX_GOAL_VALUE)]


class Header(BaseModel):
    """The top level: metadata, with each section left for its own model."""

    model_config = STRICT

    format: int
    """The level format of this file: 2. Format 1 still loads; it runs no story events unless it has an [events] section."""
    name: Title
    """The level's name in the level menu: one line of printable text."""
    description: Annotated[str, Field(max_length=MAX_DESCRIPTION_CHARS, pattern=LINES)] = ""
    """A paragraph about the level for the level menu."""
    seed: Annotated[int, Field(ge=0, le=MAX_SEED)] = 0
    """The default random seed; `--seed` overrides it."""
    purpose: Literal["play", "benchmark"] = "play"
    """What the level is for: "play" (the default) is offered in the level menu; "benchmark" measures the simulation and is left out of it (`--level` still plays it)."""
    arc: Annotated[str, Field(max_length=MAX_ARC_CHARS, pattern=ONE_LINE)] = ""
    """The campaign's story arc the level belongs to ("Neo-Terra" or "EcoSphere"); "" for a level outside the campaign."""
    map: Any
    """The tiles: `rows` of characters and the `legend` that says what each character stands for."""
    start: Any = None
    """What the city has on day one."""
    buildings: Any = None
    """The buildings standing at the start: an array before any [table], or [[buildings]] entries."""
    rules: Any = None
    """Overrides of the simulation's rules (game/sim/rules.py) by name."""
    policies: Any = None
    """The policies in force on day one, by name (quote a name with a dot: "priority.hazardous" = 5); the others at their defaults."""
    goals: Any = None
    """What wins the level: targets that must all hold for `hold_days` day-ends in a row, before `deadline_day`."""
    camps: Any = None
    """The scavenger tribes' camps, each on ruins or undercity."""
    politics: Any = None
    """Elections, the televised debate before each, and the factions' vote shares and approval."""
    events: Any = None
    """Which shipped story events run (`enable` or `disable`), and the level's own events (`custom`)."""
    ending: Any = None
    """What the end screen tells when the level is won (`won`) or lost (`lost`)."""


class EndingSection(BaseModel):
    """`[ending]`: the paragraphs the end screen shows; either may be left out for the game's own words."""

    model_config = STRICT

    won: Annotated[str, Field(max_length=MAX_DESCRIPTION_CHARS, pattern=LINES)] = ""
    """Shown when the level is won."""
    lost: Annotated[str, Field(max_length=MAX_DESCRIPTION_CHARS, pattern=LINES)] = ""
    """Shown when the level is lost."""


class MapSection(BaseModel):
    """`[map]`: the rows of tiles (one string, or an array of strings) and the legend."""

    model_config = STRICT

    rows: Any
    """The map, one character a tile: a multi-line string or an array of strings, each row as wide as the first."""
    legend: dict[Name, Any] = Field(default_factory=dict)
    """What each map character stands for, on top of the default legend: a terrain name, or a table of terrain and building."""


class LegendEntry(BaseModel):
    """A legend entry written as a table: the terrain under the tile and a 1x1 building on it."""

    model_config = STRICT

    terrain: Name
    """The terrain under the tile."""
    building: Name | None = None
    """A 1x1 building standing on the tile, placed after the [[buildings]] entries in reading order."""


class StartSection(BaseModel):
    """`[start]`: what the city has on day one."""

    model_config = STRICT

    funds: Stock = _SCENARIO_DEFAULTS["funds"]
    """Credits in the treasury on day one."""
    food: Stock = _SCENARIO_DEFAULTS["food"]
    """Units of food in store on day one; the residents eat it every day."""
    fuel: Stock = _SCENARIO_DEFAULTS["fuel"]
    """Units of fuel in store on day one; the fuel plants burn it."""
    materials: Stock = _SCENARIO_DEFAULTS["materials"]
    """Units of building materials in store on day one; some buildings cost materials."""


class BuildingEntry(BaseModel):
    """One `[[buildings]]` entry: a building standing at the start, top-left corner at (x, y)."""

    model_config = STRICT

    kind: Name
    """The kind of building."""
    x: Annotated[int, Field(ge=0, le=MAX_COORDINATE)]
    """The column of its top-left corner, from 0 at the left edge."""
    y: Annotated[int, Field(ge=0, le=MAX_COORDINATE)]
    """The row of its top-left corner, from 0 at the top edge."""
    occupants: Annotated[int, Field(ge=0, le=MAX_OCCUPANTS)] | None = None
    """Residents living there at the start: housing only (omitted: it starts empty)."""


class TargetEntry(BaseModel):
    """One `[[goals.targets]]` entry."""

    model_config = STRICT

    metric: Name
    """The city figure the target measures."""
    at_least: GoalValue | None = None
    """The figure must be at least this."""
    at_most: GoalValue | None = None
    """The figure must be at most this."""


class GoalsSection(BaseModel):
    """`[goals]`: targets to hold for `hold_days` day-ends in a row, before `deadline_day` (0: none)."""

    model_config = STRICT

    deadline_day: Annotated[int, Field(ge=0, le=MAX_DAYS)] = 0
    """The day by whose end the targets must hold, or the level is lost (0: no deadline; a deadline needs a target)."""
    hold_days: Annotated[int, Field(ge=1, le=MAX_DAYS)] = 1
    """Day-ends in a row the targets must all hold to win the level."""
    targets: Annotated[list[TargetEntry], Field(max_length=MAX_TARGETS)] = Field(default_factory=list)
    """The targets, each with at_least, at_most or both."""


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
    """The tribe's name, shown on the map; no two camps share one."""
    x: Annotated[int, Field(ge=0, le=MAX_COORDINATE)]
    """The column of the camp's tile, which must be ruins or undercity."""
    y: Annotated[int, Field(ge=0, le=MAX_COORDINATE)]
    """The row of the camp's tile, which must be ruins or undercity."""
    members: Annotated[int, Field(ge=0, le=MAX_CAMP_MEMBERS)] = 20
    """People in the tribe at the start."""
    unrest: Percent = 20
    """The tribe's unrest at the start, in percent (0: calm)."""


class FactionEntry(BaseModel):
    """One `[[politics.factions]]` entry: a faction's vote share (percent) and starting approval."""

    model_config = STRICT

    name: Name
    """The faction."""
    share: Percent | None = None
    """Its percent of the vote; the shares are scaled to add up to 100 (omitted: the faction's usual share)."""
    approval: Percent | None = None
    """Its approval at the start, in percent (omitted: 50)."""


class PoliticsSection(BaseModel):
    """`[politics]`: when elections come (every N days, 0: none), the debate before them, the factions."""

    model_config = STRICT

    election_every_days: Annotated[int, Field(ge=0, le=MAX_DAYS)] = 0
    """Days between elections (0: the rule election_every_days_default, itself 0: no elections)."""
    first_election_day: Annotated[int, Field(ge=0, le=MAX_DAYS)] = 0
    """The day of the first election (0: after the first interval)."""
    debate_days_before: Annotated[int, Field(ge=0, le=30)] = 3
    """Days before each election that the televised debate is held; fewer than election_every_days."""
    lose_on_defeat: bool = True
    """Whether losing an election loses the level."""
    factions: Annotated[list[FactionEntry], Field(max_length=16)] = Field(default_factory=list)
    """Changes to the factions' vote shares and starting approval."""


CampList = Annotated[list[Any], Field(max_length=MAX_CAMPS)]
