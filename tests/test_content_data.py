"""Content as data: game/data's TOML files load, a damaged one fails in one line, and every entry is used and consistent."""

from __future__ import annotations

import ast
import dataclasses
import tomllib
from importlib.resources import files
from pathlib import Path

import pytest
from pydantic import BaseModel

from game.data import ContentError, read_table
from game.data.events import CONDITION_FIELDS, EFFECT_FIELDS, EventsFile, StoryEventEntry
from game.data.loader import content_text
from game.data.models import (
    BuildingDefinition,
    BuildingsFile,
    ContentFile,
    FactionsFile,
    PoliciesFile,
    PolicyDefinition,
    StancesFile,
)
from game.level.events_section import EventsSection, events_setup
from game.level.problems import Problems
from game.sim import politics
from game.sim.buildings import BUILDING_TYPES, CATEGORIES, BuildingType
from game.sim.policies import POLICIES, POLICY_INDEX, Policy
from game.sim.politics import FACTION_IDS, FACTIONS, PRESSURES, STANCE_IDS
from game.sim.scenario import GOAL_METRICS
from game.sim.story import CONDITION_KINDS, EFFECT_KINDS, EVENTS, shipped_events
from game.sim.terrain import TERRAIN_TYPES
from game.sim.waste import RESOURCES, WASTE_TYPES

ROOT = Path(__file__).resolve().parent.parent
FILES: dict[str, type[ContentFile]] = {
    "buildings.toml": BuildingsFile,
    "policies.toml": PoliciesFile,
    "factions.toml": FactionsFile,
    "stances.toml": StancesFile,
    "events.toml": EventsFile,
}


def damaged(file_name: str, old: str, new: str) -> str:
    """Return the shipped text of `file_name` with its first `old` replaced by `new`."""
    text = content_text(file_name)
    assert old in text, old
    return text.replace(old, new, 1)


def refusal(file_name: str, text: str) -> str:
    """Return the one-line ContentError loading `text` as `file_name` raises (events: with the game's tables)."""
    with pytest.raises(ContentError) as error:
        if file_name == "events.toml":
            shipped_events(text)
        else:
            read_table(file_name, FILES[file_name], text)
    return str(error.value)


# --- the files load ---------------------------------------------------------------------------------
def test_every_toml_file_of_the_package_is_a_content_file_with_a_model() -> None:
    shipped = sorted(item.name for item in files("game.data").iterdir() if item.name.endswith(".toml"))
    assert shipped == sorted(FILES)


@pytest.mark.parametrize("file_name", sorted(FILES))
def test_every_content_file_loads(file_name: str) -> None:
    table = read_table(file_name, FILES[file_name])
    assert table.problems() == []


def test_the_simulations_tables_are_the_files_entries_in_order() -> None:
    buildings = read_table("buildings.toml", BuildingsFile)
    assert [b.kind for b in BUILDING_TYPES] == [entry.kind for entry in buildings.buildings]
    assert tuple((c.id, c.label) for c in buildings.categories) == CATEGORIES
    assert [p.name for p in POLICIES] == [entry.name for entry in read_table("policies.toml", PoliciesFile).policies]
    assert list(FACTION_IDS) == [entry.id for entry in read_table("factions.toml", FactionsFile).factions]
    assert list(STANCE_IDS) == [entry.id for entry in read_table("stances.toml", StancesFile).stances]
    assert [e.id for e in EVENTS] == [entry.id for entry in read_table("events.toml", EventsFile).events]
    assert isinstance(BUILDING_TYPES[0].accepts, tuple) and isinstance(BUILDING_TYPES[0].yields[0], tuple)


@pytest.mark.parametrize(("model", "record"), [(BuildingDefinition, BuildingType), (PolicyDefinition, Policy)])
def test_a_field_a_file_leaves_out_takes_the_records_own_default(model: type[BaseModel], record: type) -> None:
    defaults = {f.name: f.default for f in dataclasses.fields(record) if f.default is not dataclasses.MISSING}
    for name, field in model.model_fields.items():
        if not field.is_required():
            value = field.get_default(call_default_factory=True)
            written = tuple(value) if isinstance(value, list) else tuple(value.items()) if isinstance(value, dict) else value
            if (record, name) == (Policy, "unit"):
                continue  # Policy.unit has no default of its own; a file may leave it out for a unitless policy
            assert defaults[name] == written, name


# --- a damaged file is one line naming the file and the field ---------------------------------------
@pytest.mark.parametrize(
    ("file_name", "old", "new", "expected"),
    [
        ("buildings.toml", "cost = 6000", 'cost = "6000"',
         "game/data/buildings.toml: buildings[0].cost: expected an integer, got the string '6000'"),
        ("buildings.toml", "emission = 2\n", 'emission = 2\ncolour = "green"\n',
         "game/data/buildings.toml: buildings[0].colour: unknown field"),
        ("buildings.toml", 'kind = "plastics_refinery"', 'kind = "compost_works"',
         "game/data/buildings.toml: buildings[1].kind: 'compost_works' is already the kind of another building"),
        ("buildings.toml", 'hotkey = "2"', 'hotkey = "1"',
         "game/data/buildings.toml: buildings[1].hotkey: '1' is already the hotkey of another building"),
        ("buildings.toml", 'category = "power"', 'category = "powr"',
         "game/data/buildings.toml: buildings[4].category: unknown category 'powr'; known: recycling, power, waste, city; "
         "did you mean 'power'?"),
        ("policies.toml", 'name = "transparency"', 'name = "tax_rate"',
         "game/data/policies.toml: policies[6].name: 'tax_rate' is already the name of another policy"),
        ("policies.toml", "default = 10", "default = 40",
         "game/data/policies.toml: policies[0].default: must be between 0 and 30, got 40"),
        ("policies.toml", 'labels = ["off", "on"]', 'labels = ["off"]',
         "game/data/policies.toml: policies[8].labels: has 1 labels for 2 values"),
        ("factions.toml", "share = 35", "share = 36",
         "game/data/factions.toml: factions: the shares add up to 101, not 100"),
        ("stances.toml", 'id = "defend_ecolife"', 'id = "promise_transparency"',
         "game/data/stances.toml: stances[2].id: 'promise_transparency' is already the id of another stance"),
        ("events.toml", 'faction = "backers"', 'faction = "pirates"',
         "game/data/events.toml: events[1].choices[0].effects[2].faction: unknown faction 'pirates'; "
         "known: uptown, undercity, activists, backers"),
        ("events.toml", 'policy = "transparency", value = 1', 'policy = "transparancy", value = 1',
         "game/data/events.toml: events[2].choices[1].effects[0].policy: unknown policy 'transparancy'; known: "
         + ", ".join(POLICY_INDEX) + "; did you mean 'transparency'?"),
        ("events.toml", 'id = "cache"', 'id = "debate"',
         "game/data/events.toml: events[3].id: 'debate' is already the id of another event"),
        ("events.toml", "cooldown_days = 4", "cooldown_days = true",
         "game/data/events.toml: events[0].cooldown_days: expected an integer, got the boolean true"),
        ("events.toml", "[[events]]", "[[events]\n",
         "game/data/events.toml: not valid TOML: Expected ']]' at the end of an array declaration (at line 8, column 9)"),
    ],
)
def test_a_damaged_content_file_fails_in_one_line_naming_file_and_field(file_name: str, old: str, new: str, expected: str) -> None:
    assert refusal(file_name, damaged(file_name, old, new)) == expected


def test_a_file_with_several_problems_names_the_first_and_counts_the_rest() -> None:
    text = damaged("buildings.toml", 'hotkey = "2"', 'hotkey = "1"').replace('hotkey = "4"', 'hotkey = "3"')
    line = refusal("buildings.toml", text)
    assert line == "game/data/buildings.toml: buildings[1].hotkey: '1' is already the hotkey of another building (and 1 more)"


# --- one story-event schema -------------------------------------------------------------------------
def test_shipped_events_and_a_levels_own_events_share_one_model() -> None:
    assert EventsFile.model_fields["events"].annotation == list[StoryEventEntry]
    assert EventsSection.model_fields["custom"].annotation == list[StoryEventEntry]


def test_a_shipped_event_copied_into_a_level_is_the_same_event() -> None:
    entry = next(e for e in tomllib.loads(content_text("events.toml"))["events"] if e["id"] == "debate")
    problems = Problems("level.toml", "")
    setup = events_setup({"disable": ["debate"], "custom": [{**entry, "id": "my_debate"}]}, problems)
    assert problems.lines == []
    (event,) = setup.custom
    assert event == dataclasses.replace(EVENTS[0], id="my_debate")
    assert (event.once, event.cooldown_days) == (False, 4)


def test_the_schema_knows_every_condition_and_effect_kind_the_simulation_does() -> None:
    assert tuple(CONDITION_FIELDS) == CONDITION_KINDS
    assert tuple(EFFECT_FIELDS) == EFFECT_KINDS


# --- every entry is used and consistent -------------------------------------------------------------
def test_every_building_kind_has_its_sprite_and_every_sprite_a_kind() -> None:
    sprites = {path.stem for path in (ROOT / "assets" / "buildings").glob("*.png")}
    assert sprites == {b.kind for b in BUILDING_TYPES}


def test_every_building_names_known_categories_wastes_resources_and_terrains_with_unique_hotkeys() -> None:
    terrains = {t.name for t in TERRAIN_TYPES}
    for building in BUILDING_TYPES:
        assert set(building.accepts) <= set(WASTE_TYPES), building.kind
        assert {resource for resource, _ in building.yields} <= set(RESOURCES), building.kind
        assert set(building.terrain) <= terrains, building.kind
        assert building.is_plant == bool(building.accepts), building.kind
    hotkeys = [b.hotkey for b in BUILDING_TYPES]
    assert len(set(hotkeys)) == len(hotkeys)
    assert {category for category, _ in CATEGORIES} == {b.category for b in BUILDING_TYPES}  # every category has a building


def test_every_waste_type_has_its_priority_policy_and_every_other_policy_is_read_by_the_simulation() -> None:
    priorities = {p.name for p in POLICIES if p.name.startswith("priority.")}
    assert priorities == {f"priority.{waste}" for waste in WASTE_TYPES}
    strings = set()
    for path in (ROOT / "game" / "sim").rglob("*.py"):
        tree = ast.parse(path.read_text())
        strings |= {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    unread = [p.name for p in POLICIES if p.name not in priorities and p.name not in strings]
    assert unread == []


def test_every_faction_weighs_known_pressures_and_every_pressure_moves_some_faction() -> None:
    weighed = set()
    for faction in FACTIONS:
        names = [name for name, _ in faction.weights]
        assert set(names) <= set(PRESSURES), faction.id
        weighed |= set(names)
    assert weighed == set(PRESSURES)


def test_every_stance_has_its_effect_and_the_stances_move_only_known_factions() -> None:
    assert set(politics._STANCE_EFFECTS) == set(STANCE_IDS)
    tree = ast.parse((ROOT / "game" / "sim" / "politics.py").read_text())
    moved = {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "adjust"
        and node.args and isinstance(node.args[0], ast.Constant)
    }
    assert moved and moved <= set(FACTION_IDS)


def test_every_shipped_event_names_only_what_exists() -> None:
    ids = [event.id for event in EVENTS]
    assert len(set(ids)) == len(ids)
    for event in EVENTS:
        assert event.choice(event.default) is not None, event.id
        for condition in event.trigger:
            if condition.kind == "metric":
                assert condition.subject in GOAL_METRICS, event.id
            if condition.kind == "policy":
                assert condition.subject in POLICY_INDEX, event.id
            if condition.kind == "fired":
                assert condition.subject in ids, event.id
        for choice in event.choices:
            for effect in choice.effects:
                if effect.kind == "policy":
                    policy = POLICY_INDEX[effect.target]
                    assert policy.minimum <= effect.amount <= policy.maximum, event.id
                if effect.kind == "approval" and effect.target:
                    assert effect.target in FACTION_IDS, event.id
                if effect.kind == "stance":
                    assert effect.target in STANCE_IDS, event.id
