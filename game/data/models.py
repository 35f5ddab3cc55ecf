"""The content files' shape as pydantic models: building types, policies, factions and debate stances.

Each file is one model (`BuildingsFile`, ...) whose list holds one entry model per record. pydantic
checks each field; what needs the whole file (unique ids and hotkeys, known categories, a default
inside its range) is the file model's `problems`, each located at its field, so that the loader
reports a damaged file in one line naming the file and the field. The story events'
schema, shared with the levels' own events, is game/data/events.py. The field types here (STRICT,
Name, Title) are the ones the level models use too (game/level/schema.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from game.data.field_errors import LINES, ONE_LINE, quoted, unknown

# Attribute docstrings become the fields' descriptions: what an editor shows on hover (see game/level/json_schema.py).
STRICT = ConfigDict(strict=True, extra="forbid", use_attribute_docstrings=True)

MAX_NAME_CHARS = 60
MAX_NAME_FIELD_CHARS = 100  # building kinds, terrain, metric, rule and policy names: all far shorter
MAX_TEXT = 1_000  # characters of a description, an explanation or an event's text

# A name the game looks up in its tables (a building kind, a rule, a table's key): bounded, so that
# a long one is refused by its length in one line rather than carried into every later check.
Name = Annotated[str, Field(max_length=MAX_NAME_FIELD_CHARS)]  # never drawn unknown: a name not in its table is refused
# A name the player reads: a level's, a camp's, a person's in a story event.
Title = Annotated[str, Field(min_length=1, max_length=MAX_NAME_CHARS, pattern=ONE_LINE)]
# An id a table is keyed by: lower-case letters, digits and _ (policies add dots: `priority.organic`).
Id = Annotated[str, Field(min_length=1, max_length=MAX_NAME_CHARS, pattern=r"^[a-z0-9_]+$")]
Label = Annotated[str, Field(min_length=1, max_length=200, pattern=ONE_LINE)]
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT, pattern=LINES)]
Amount = Annotated[int, Field(ge=0, le=1_000_000_000)]
Points = Annotated[int, Field(ge=-100, le=200)]  # a faction's base (approval points) and weights (percent of a pressure)


Location = tuple[str | int, ...]
Found = list[tuple[Location, str]]  # (field location, message) of each problem


class ContentFile(BaseModel):
    """A content file's model: pydantic checks each field, `problems` what a field alone cannot tell."""

    model_config = STRICT

    def problems(self) -> Found:
        """Return the problems between the file's entries (a repeated id, an unknown category), none by default."""
        return []


def repeats(named: Iterable[tuple[Location, str]], noun: str) -> Found:
    """Return a problem for each (location, name) whose name an earlier one already has; `noun` names the entries."""
    seen: set[str] = set()
    found: Found = []
    for location, name in named:
        if name in seen:
            found.append((location, f"{quoted(name)} is already the {location[-1]} of another {noun}"))
        seen.add(name)
    return found


def _fields(model: BaseModel, tuples: tuple[str, ...] = (), pairs: tuple[str, ...] = ()) -> dict[str, Any]:
    """Return the entry's fields as a record's constructor takes them: arrays as tuples, tables as (key, value) pairs."""
    values = model.model_dump()
    for name in tuples:
        if name in values:
            values[name] = tuple(values[name])
    for name in pairs:
        if name in values:
            values[name] = tuple(values[name].items())
    return values


# --- buildings.toml ---------------------------------------------------------------------------------
class CategoryDefinition(BaseModel):
    """One `[[categories]]` entry: a group of buildings in the build menu."""

    model_config = STRICT

    id: Id
    """The category's id, which a building's `category` names."""
    label: Label
    """The category's name in the build menu."""


class BuildingDefinition(BaseModel):
    """One `[[buildings]]` entry: a kind of building; the defaults are BuildingType's (a test checks they agree)."""

    model_config = STRICT

    kind: Id
    """The building's id; its sprite is assets/buildings/<kind>.png."""
    name: Label
    """The name the player reads."""
    category: Id
    """The build menu's category."""
    description: Text
    """What the building does, for the build menu."""
    hotkey: Annotated[str, Field(min_length=1, max_length=1)]
    """The key that picks it to build."""
    width: Annotated[int, Field(ge=1, le=16)]
    """Tiles across."""
    height: Annotated[int, Field(ge=1, le=16)]
    """Tiles down."""
    cost: Amount
    """Credits to build."""
    cost_materials: Amount = 0
    """Units of materials to build."""
    upkeep: Amount = 0
    """Credits a game day."""
    power_supply_kw: Amount = 0
    """kW it supplies at full output."""
    power_demand_kw: Amount = 0
    """kW it needs to run."""
    accepts: list[Name] = Field(default_factory=list)
    """The waste types a plant processes."""
    capacity: Amount = 0
    """Waste units a tick at full power (above 0: a plant)."""
    yields: dict[Name, Amount] = Field(default_factory=dict)
    """Resource: thousandths of a unit made from each waste unit."""
    fee_per_unit: Amount = 0
    """Credits paid for each waste unit treated."""
    fuel_per_tick: Amount = 0
    """Units of fuel burnt a tick at full output."""
    solar: bool = False
    """Whether its output follows daylight."""
    emission: Amount = 0
    """Pollution units a tick at full output."""
    absorption: Amount = 0
    """Pollution units a tile a tick it soaks up within `radius`."""
    radius: Amount = 0
    """Tiles its absorption reaches."""
    housing_capacity: Amount = 0
    """Residents it houses."""
    landfill_capacity: Amount = 0
    """Waste units it buries before it is full."""
    drone_range: Amount = 0
    """Tiles (Chebyshev) from the hub that its collection drones serve."""
    terrain: Annotated[list[Name], Field(min_length=1)] = Field(default_factory=lambda: ["ground", "ruins"])
    """The terrains it may stand on."""

    def record(self) -> dict[str, Any]:
        """Return the entry's fields as BuildingType takes them."""
        return _fields(self, tuples=("accepts", "terrain"), pairs=("yields",))


class BuildingsFile(ContentFile):
    """game/data/buildings.toml: the build menu's categories and every kind of building, in menu order."""

    model_config = STRICT

    categories: Annotated[list[CategoryDefinition], Field(min_length=1)]
    """The build menu's categories, in order."""
    buildings: Annotated[list[BuildingDefinition], Field(min_length=1)]
    """The kinds of building; the index of each is its number in the grids."""

    def problems(self) -> Found:
        """Return a repeated category, kind or hotkey, and a building whose category is not declared."""
        found = repeats(((("categories", index, "id"), c.id) for index, c in enumerate(self.categories)), "category")
        for field in ("kind", "hotkey"):
            found += repeats(((("buildings", index, field), getattr(b, field)) for index, b in enumerate(self.buildings)), "building")
        known = [category.id for category in self.categories]
        found += [
            (("buildings", index, "category"), unknown("category", building.category, known))
            for index, building in enumerate(self.buildings) if building.category not in known
        ]
        return found


# --- policies.toml ----------------------------------------------------------------------------------
class PolicyDefinition(BaseModel):
    """One `[[policies]]` entry: a setting the player changes, with its range and default."""

    model_config = STRICT

    name: Annotated[str, Field(min_length=1, max_length=MAX_NAME_CHARS, pattern=r"^[a-z0-9_.]+$")]
    """The policy's id, as levels, saves and commands name it."""
    label: Label
    """The name the player reads."""
    minimum: Annotated[int, Field(ge=-1_000, le=1_000)]
    """The lowest value."""
    maximum: Annotated[int, Field(ge=-1_000, le=1_000)]
    """The highest value."""
    default: Annotated[int, Field(ge=-1_000, le=1_000)]
    """The value a new game starts with."""
    unit: Annotated[str, Field(max_length=10)] = ""
    """Written after the value ("%"), unless it has labels."""
    explanation: Text
    """What the policy does."""
    daily_cost: Amount = 0
    """Credits a day for each step the value costs (see Policy.cost_steps)."""
    labels: list[Label] = Field(default_factory=list)
    """Names of the values from minimum up, for switches and stances; one per value, or none."""

    def record(self) -> dict[str, Any]:
        """Return the entry's fields as Policy takes them."""
        return _fields(self, tuples=("labels",))


class PoliciesFile(ContentFile):
    """game/data/policies.toml: every policy, in the order the policy panel lists them."""

    model_config = STRICT

    policies: Annotated[list[PolicyDefinition], Field(min_length=1)]
    """The policies."""

    def problems(self) -> Found:
        """Return a repeated name, a default outside its range and labels that do not name every value."""
        found = repeats(((("policies", index, "name"), policy.name) for index, policy in enumerate(self.policies)), "policy")
        for index, policy in enumerate(self.policies):
            if not policy.minimum <= policy.default <= policy.maximum:
                found.append((("policies", index, "default"), f"must be between {policy.minimum} and {policy.maximum}, got {policy.default}"))
            values = policy.maximum - policy.minimum + 1
            if policy.labels and len(policy.labels) != values:
                found.append((("policies", index, "labels"), f"has {len(policy.labels)} labels for {values} values"))
        return found


# --- factions.toml and stances.toml -----------------------------------------------------------------
class FactionDefinition(BaseModel):
    """One `[[factions]]` entry: a bloc of voters, its usual vote share and what moves its approval."""

    model_config = STRICT

    id: Id
    """The faction's id, as levels and story effects name it."""
    label: Label
    """The name the player reads."""
    share: Annotated[int, Field(ge=0, le=100)]
    """Percent of the vote; the factions' shares add up to 100."""
    base: Points
    """Points above or below 50 the faction sits at in a quiet city."""
    description: Text
    """Who they are and what they want."""
    weights: dict[Name, Points]
    """Pressure (game/sim/politics.py's PRESSURES): percent of it added to the target approval."""
    scandal_percent: Annotated[int, Field(ge=0, le=1_000)]
    """How hard a scandal hits the faction, percent of the scandal's hit."""

    def record(self) -> dict[str, Any]:
        """Return the entry's fields as Faction takes them."""
        return _fields(self, pairs=("weights",))


class FactionsFile(ContentFile):
    """game/data/factions.toml: the factions, in the order the politics panel lists them."""

    model_config = STRICT

    factions: Annotated[list[FactionDefinition], Field(min_length=1, max_length=16)]
    """The factions."""

    def problems(self) -> Found:
        """Return a repeated id, and shares that do not add up to 100."""
        found = repeats(((("factions", index, "id"), faction.id) for index, faction in enumerate(self.factions)), "faction")
        total = sum(faction.share for faction in self.factions)
        if total != 100:
            found.append((("factions",), f"the shares add up to {total}, not 100"))
        return found


class StanceDefinition(BaseModel):
    """One `[[stances]]` entry: a position the player can take in the televised debate."""

    model_config = STRICT

    id: Id
    """The stance's id; game/sim/politics.py has the function that reads the record and applies it."""
    label: Label
    """The stance as the debate's button says it."""
    explanation: Text
    """What taking it means, and when it is believed."""

    def record(self) -> dict[str, Any]:
        """Return the entry's fields as Stance takes them."""
        return _fields(self)


class StancesFile(ContentFile):
    """game/data/stances.toml: the debate's stances, in the order the debate offers them."""

    model_config = STRICT

    stances: Annotated[list[StanceDefinition], Field(min_length=1)]
    """The stances."""

    def problems(self) -> Found:
        """Return a repeated id."""
        return repeats(((("stances", index, "id"), stance.id) for index, stance in enumerate(self.stances)), "stance")
