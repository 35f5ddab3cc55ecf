"""The building table: consistent entries, and every field read by some part of the game."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest

from game.sim.buildings import BUILDING_INDEX, BUILDING_TYPES, CATEGORIES, BuildingType, building_type
from game.sim.terrain import TERRAIN_BY_NAME
from game.sim.waste import RESOURCES, WASTE_TYPES

GAME = Path(__file__).resolve().parent.parent / "game"
TABLE_FILE = GAME / "sim" / "buildings.py"


def game_sources_outside_the_table() -> str:
    """Return the text of every game module except the table that defines the fields."""
    return "\n".join(path.read_text() for path in sorted(GAME.rglob("*.py")) if path != TABLE_FILE)


@pytest.mark.parametrize("field_name", [f.name for f in fields(BuildingType)])
def test_every_building_field_is_read_somewhere(field_name):
    # Read as an attribute (btype.cost) or named as data (type_column("upkeep")).
    pattern = re.compile(rf"\.{field_name}\b|[\"']{field_name}[\"']")
    assert pattern.search(game_sources_outside_the_table()), f"BuildingType.{field_name} is never used"


def test_kinds_and_hotkeys_are_unique():
    kinds = [b.kind for b in BUILDING_TYPES]
    hotkeys = [b.hotkey for b in BUILDING_TYPES]
    assert len(set(kinds)) == len(kinds)
    assert len(set(hotkeys)) == len(hotkeys)
    assert all(len(key) == 1 for key in hotkeys)
    assert all(BUILDING_TYPES[BUILDING_INDEX[kind]].kind == kind for kind in kinds)
    assert building_type("garden").kind == "garden"


@pytest.mark.parametrize("btype", BUILDING_TYPES, ids=lambda b: b.kind)
def test_each_building_type_is_consistent(btype):
    assert btype.width > 0 and btype.height > 0
    assert btype.cost > 0
    assert btype.cost_materials >= 0 and btype.upkeep >= 0
    assert btype.name and btype.description
    assert btype.category in {key for key, _ in CATEGORIES}
    assert btype.terrain and set(btype.terrain) <= set(TERRAIN_BY_NAME)
    assert "water" not in btype.terrain
    assert set(btype.accepts) <= set(WASTE_TYPES)
    assert {resource for resource, _ in btype.yields} <= set(RESOURCES)
    assert all(per_unit > 0 for _, per_unit in btype.yields)
    assert (btype.capacity > 0) == bool(btype.accepts)  # a plant takes some waste, and only plants do
    if btype.is_plant:
        assert btype.power_demand_kw > 0
    if btype.solar or btype.fuel_per_tick:
        assert btype.power_supply_kw > 0
    assert (btype.radius > 0) == (btype.absorption > 0)
    numbers = [getattr(btype, f.name) for f in fields(BuildingType) if f.type in ("int", int)]
    assert all(type(value) is int and value >= 0 for value in numbers)


def test_every_category_has_buildings():
    assert {b.category for b in BUILDING_TYPES} == {key for key, _ in CATEGORIES}
