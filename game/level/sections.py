"""Which type validates each top-level section of a level file: one table the loader and the JSON Schema both read.

The loader validates a section as `shape`; an array section is then validated entry by entry as
`entry`, so that one broken entry does not hide the problems of the others. The names a section
uses (building kinds, rules, policies, metrics...) are checked against the game's tables after
that, by the loader, and written into the JSON Schema as enums by game/level/json_schema.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Final

from pydantic import BaseModel

from game.level.events_section import EventsSection
from game.level.schema import (
    BuildingEntry,
    BuildingList,
    CampEntry,
    CampList,
    EndingSection,
    GoalsSection,
    MapSection,
    PoliciesSection,
    PoliticsSection,
    RulesSection,
    StartSection,
)


@dataclass(frozen=True, slots=True)
class Section:
    """How one top-level section is validated: as a whole, then (for arrays) each entry."""

    shape: Any  # a pydantic model or an annotated type a TypeAdapter validates
    entry: type[BaseModel] | None = None  # the model of each entry of an array section


# In the order the loader reads them; Header names each of these as a field of type Any.
SECTIONS: Final[Mapping[str, Section]] = MappingProxyType({
    "map": Section(MapSection),
    "start": Section(StartSection),
    "buildings": Section(BuildingList, BuildingEntry),
    "rules": Section(RulesSection),
    "policies": Section(PoliciesSection),
    "goals": Section(GoalsSection),
    "camps": Section(CampList, CampEntry),
    "politics": Section(PoliticsSection),
    "events": Section(EventsSection),
    "ending": Section(EndingSection),
})
