"""The JSON Schema of level files: built from the loader's own models, accepting every level the loader
accepts, refusing the broken ones wherever JSON Schema can tell, and shipped up to date beside the levels."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_level_errors import BASE, CASES
from test_level_events import CUSTOM
from worlds import BENCH_LEVELS

from game.cli import main
from game.level import InputError, shipped_levels
from game.level.code_comments import field_comments, item_comments
from game.level.json_schema import DIALECT, REFRESH, SCHEMA_HEADER, SCHEMA_PATH, level_json_schema, schema_text
from game.level.loader import scenario_from_document
from game.level.schema import MAX_RULE, Header
from game.level.sections import SECTIONS
from game.sim.buildings import BUILDING_TYPES
from game.sim.policies import POLICIES
from game.sim.politics import FACTION_IDS
from game.sim.rules import Rules
from game.sim.scenario import GOAL_METRICS
from game.sim.story import EVENTS

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "levels").glob("*.toml"))
METADATA = ("format", "name", "description", "seed", "purpose", "arc")  # Header's own fields; every other one is a section


@cache
def validator() -> jsonschema.Draft202012Validator:
    """The schema's validator, built once."""
    return jsonschema.Draft202012Validator(level_json_schema())


def schema_errors(text: str) -> list[tuple[tuple[Any, ...], str]]:
    """Return (path, message) of each schema error of the level in `text`."""
    return [(tuple(error.absolute_path), error.message) for error in validator().iter_errors(tomllib.loads(text))]


def loader_problems(text: str) -> list[str]:
    """Return the loader's problems with the level in `text`; empty when it loads."""
    try:
        scenario_from_document(tomllib.loads(text), text, "level.toml")
    except InputError as error:
        return error.problems
    return []


def _parses(text: str) -> bool:
    """True when `text` is TOML; a syntax error is the editor's TOML parser's to report, not the schema's."""
    try:
        tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError):  # ValueError: an integer of more digits than Python converts
        return False
    return True


def readme_level() -> str:
    """Return the example level of the README's Levels section."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("```toml\nformat = 2") + len("```toml\n")
    return readme[start : readme.index("\n```", start)] + "\n"


# --- the schema comes from the loader's models ----------------------------------------------


def test_the_section_table_covers_every_section_field_of_the_header() -> None:
    sections = [name for name, field in Header.model_fields.items() if field.annotation is Any]
    assert sections == list(SECTIONS), "add the section to game/level/sections.py SECTIONS"
    assert [name for name in Header.model_fields if name not in SECTIONS] == list(METADATA)


def test_every_section_of_the_schema_is_the_schema_of_its_model() -> None:
    schema = level_json_schema()
    assert set(schema["properties"]) == set(Header.model_fields)
    for name, section in SECTIONS.items():
        if section.entry is not None:
            assert schema["properties"][name]["items"] == {"$ref": f"#/$defs/{section.entry.__name__}"}
        elif isinstance(section.shape, type):
            assert schema["properties"][name]["$ref"] == f"#/$defs/{section.shape.__name__}"
        assert schema["properties"][name]["description"] == Header.model_fields[name].description


def test_the_schema_is_valid_draft_2020_12_with_a_title_and_a_description() -> None:
    schema = level_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == DIALECT == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] and schema["description"]
    assert schema["additionalProperties"] is False and schema["required"] == ["format", "name", "map"]


def test_every_field_has_a_description_for_the_editor_to_show() -> None:
    schema = level_json_schema()
    tables = [schema, *schema["$defs"].values(), schema["properties"]["rules"], schema["properties"]["policies"]]
    missing = [name for table in tables for name, field in table.get("properties", {}).items() if not field.get("description")]
    assert missing == []


def test_every_rule_is_described_by_its_comment_and_bounded_as_the_loader_bounds_it() -> None:
    rules = level_json_schema()["properties"]["rules"]
    comments = field_comments(Rules)
    assert list(rules["properties"]) == list(Rules.names()) and rules["additionalProperties"] is False
    for name, rule in rules["properties"].items():
        assert name in comments, f"give the rule {name} a comment with its unit in game/sim/rules*.py"
        assert rule["default"] == getattr(Rules(), name) and rule["minimum"] == 0
        assert Rules.problem(name, rule["maximum"]) is None
        assert rule["maximum"] <= MAX_RULE and Rules.problem(name, rule["maximum"] + 1) is not None


def test_every_policy_has_its_range_and_default() -> None:
    policies = level_json_schema()["properties"]["policies"]["properties"]
    assert [(name, p["minimum"], p["maximum"], p["default"]) for name, p in policies.items()] == [
        (p.name, p.minimum, p.maximum, p.default) for p in POLICIES
    ]


# --- what the schema accepts -------------------------------------------------------------------


@pytest.mark.parametrize("path", [*shipped_levels(), *BENCH_LEVELS, *FIXTURES], ids=lambda p: p.name)
def test_every_shipped_level_and_fixture_matches_the_schema(path: Path) -> None:
    validator().validate(tomllib.loads(path.read_text(encoding="utf-8")))


def test_the_readme_example_and_the_levels_of_the_loader_tests_match_the_schema() -> None:
    with_events = 'format = 2\nname = "Story Town"\n[map]\nrows = """\n......\n"""\n' + CUSTOM
    for text in (readme_level(), BASE, with_events):
        assert loader_problems(text) == []
        assert schema_errors(text) == []


_RICH = readme_level()
_LINES = [i for i, line in enumerate(_RICH.splitlines()) if " = " in line and not line.lstrip().startswith("#")]
_NAMES = [b.kind for b in BUILDING_TYPES] + list(GOAL_METRICS) + [p.name for p in POLICIES] + list(FACTION_IDS) + [e.id for e in EVENTS]
_VALUES = st.one_of(
    st.sampled_from([0, 1, -1, 2, 3, 30, 31, 100, 101, 200, 201, 1000, 1001, True, "", "ground", "ruins", "water", "x" * 61]),
    st.sampled_from(_NAMES),
    st.integers(-5, 50),
    st.lists(st.sampled_from(_NAMES), max_size=2),
)


def _toml(value: Any) -> str:
    """Return `value` as an inline TOML value."""
    return json.dumps(value) if not isinstance(value, list) else "[" + ", ".join(map(_toml, value)) + "]"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(line=st.sampled_from(_LINES), value=_VALUES)
def test_the_schema_never_refuses_a_level_the_loader_accepts(line: int, value: Any) -> None:
    lines = _RICH.splitlines()
    key = lines[line].partition(" = ")[0]
    lines[line] = f"{key} = {_toml(value)}"
    text = "\n".join(lines) + "\n"
    if _parses(text) and loader_problems(text) == []:
        assert schema_errors(text) == [], lines[line]


# --- what the schema refuses -------------------------------------------------------------------

# Loader checks no JSON Schema can make: tiles against the legend and the size of a map given as one
# string, buildings against the map, and one field against another.
BEYOND_THE_SCHEMA = {
    "ragged row in a string", "ragged row in an array", "unknown tile in a string", "unknown tile in an array",
    "unknown tile after an escape", "unknown tile in a literal string", "unknown tile with windows line ends",
    "unknown tile in a tab-indented array", "unknown tile in a dotted key", "unknown tile repeated", "unprintable tile",
    "map too wide", "map too high", "building out of bounds", "building on water", "overlapping buildings",
    "drawn building under a listed one", "target that can never hold",
}


_PARSED_CASES = [case[:2] for case in CASES if _parses(case[1])]


@pytest.mark.parametrize(("case", "text"), _PARSED_CASES, ids=[case[0] for case in _PARSED_CASES])
def test_the_schema_refuses_each_broken_level_of_the_loader_tests_it_can_tell(case: str, text: str) -> None:
    assert loader_problems(text) != []
    if case in BEYOND_THE_SCHEMA:
        assert schema_errors(text) == [], "the schema tells this one now: take it off BEYOND_THE_SCHEMA"
    else:
        assert schema_errors(text) != []


_TOWN = BASE.replace("format = 1", "format = 2")
BROKEN = [
    # (case, level text, the path of the schema error)
    ("unknown field", _TOWN.replace("seed = 1", "seed = 1\ncolour = 3"), ()),
    ("unknown field in a section", _TOWN + "[start]\nfunds = 100\ngold = 5\n", ("start",)),
    ("wrong type", _TOWN.replace("seed = 1", 'seed = "one"'), ("seed",)),
    ("bool for an integer", _TOWN + "[start]\nfunds = true\n", ("start", "funds")),
    ("bool for a rule", _TOWN + "[rules]\ncollection_base = true\n", ("rules", "collection_base")),
    ("bool for a policy", _TOWN + "[policies]\ntax_rate = false\n", ("policies", "tax_rate")),
    ("unknown building kind", _TOWN + '[[buildings]]\nkind = "tower"\nx = 0\ny = 0\n', ("buildings", 0, "kind")),
    ("occupants on a plant", _TOWN + '[[buildings]]\nkind = "landfill"\nx = 0\ny = 0\noccupants = 3\n', ("buildings", 0)),
    ("unknown terrain", _TOWN + '[map.legend]\n"L" = "lava"\n', ("map", "legend", "L")),
    ("a 2x2 building in the legend", _TOWN + '[map.legend]\n"h" = { terrain = "ground", building = "housing" }\n',
     ("map", "legend", "h")),
    ("unknown rule", _TOWN + "[rules]\ncolection_base = 80\n", ("rules",)),
    ("out-of-range rule", _TOWN + "[rules]\npollution_diffusion_milli = 1001\n", ("rules", "pollution_diffusion_milli")),
    ("negative rule", _TOWN + "[rules]\ncollection_base = -1\n", ("rules", "collection_base")),
    ("unknown policy", _TOWN + "[policies]\ncurfew = 1\n", ("policies",)),
    ("bad policy value", _TOWN + "[policies]\ntax_rate = 31\n", ("policies", "tax_rate")),
    ("bad stance value", _TOWN + "[policies]\nscavenger_stance = -2\n", ("policies", "scavenger_stance")),
    ("unquoted dotted policy", _TOWN + "[policies]\npriority.hazardous = 5\n", ("policies",)),
    ("unknown metric", _TOWN + '[goals]\n[[goals.targets]]\nmetric = "happiness"\nat_least = 1\n', ("goals", "targets", 0, "metric")),
    ("target without a bound", _TOWN + '[goals]\n[[goals.targets]]\nmetric = "funds"\n', ("goals", "targets", 0)),
    ("deadline without a target", _TOWN + "[goals]\ndeadline_day = 9\n", ("goals",)),
    ("unknown faction", _TOWN + '[[politics.factions]]\nname = "pirates"\n', ("politics", "factions", 0, "name")),
    ("unrest above 100", _TOWN + '[[camps]]\nname = "A"\nx = 2\ny = 2\nunrest = 101\n', ("camps", 0, "unrest")),
    ("future format", _TOWN.replace("format = 2", "format = 3"), ("format",)),
    ("name on two lines", _TOWN.replace('"Test Town"', '"Test\\nTown"'), ("name",)),
    ("unknown shipped event", _TOWN + CUSTOM.replace('disable = ["tycoon"]', 'disable = ["tycon"]'), ("events", "disable", 0)),
    ("custom id of a shipped event", _TOWN + CUSTOM.replace('id = "audit"', 'id = "cache"'), ("events", "custom", 0, "id")),
    ("no default choice", _TOWN + CUSTOM.replace("default = true\n", ""), ("events", "custom", 0, "choices")),
    ("unknown effect", _TOWN + CUSTOM.replace('kind = "funds"', 'kind = "explode"'),
     ("events", "custom", 0, "choices", 0, "effects", 0, "kind")),
    ("effect without its field", _TOWN + CUSTOM.replace('kind = "funds", amount = -2000', 'kind = "funds"'),
     ("events", "custom", 0, "choices", 0, "effects", 0)),
    ("policy effect out of range", _TOWN + CUSTOM.replace("value = 1", "value = 4"),
     ("events", "custom", 0, "choices", 0, "effects", 1, "value")),
    ("unknown metric in a trigger", _TOWN + CUSTOM.replace('metric = "caches"', 'metric = "cachez"'),
     ("events", "custom", 0, "trigger", 0, "metric")),
    ("unknown faction in an effect", _TOWN + CUSTOM.replace('faction = "activists"', 'faction = "pirates"'),
     ("events", "custom", 0, "choices", 1, "effects", 1, "faction")),
]


@pytest.mark.parametrize(("text", "where"), [case[1:] for case in BROKEN], ids=[case[0] for case in BROKEN])
def test_a_broken_level_is_refused_by_the_loader_and_by_the_schema_at_the_same_field(text: str, where: tuple[Any, ...]) -> None:
    assert loader_problems(text) != []
    found = schema_errors(text)
    assert found, "the schema accepted a broken level"
    assert where in [path for path, _ in found], found


# --- the shipped copy, the levels' header, the command line -------------------------------------


def test_the_shipped_schema_is_the_generated_one() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), f"{SCHEMA_PATH.name} is stale: refresh it with `{REFRESH}`"


def test_the_schema_text_is_sorted_and_ends_with_a_newline() -> None:
    text = schema_text()
    assert text.endswith("}\n") and text == json.dumps(json.loads(text), indent=2, sort_keys=True) + "\n"


@pytest.mark.parametrize("level", [*shipped_levels(), *BENCH_LEVELS], ids=lambda p: p.stem)
def test_every_shipped_level_points_editors_at_the_schema_on_its_first_line(level: Path) -> None:
    first = level.read_text(encoding="utf-8").splitlines()[0]
    if level not in BENCH_LEVELS:
        assert first == SCHEMA_HEADER
        assert (level.parent / first.removeprefix("#:schema ")).samefile(SCHEMA_PATH)
        return
    # A measuring level's path to the schema climbs out of bench/levels to the top-level levels/
    # (the checkout's link target; in an sdist a copy of the package's).
    assert first == "#:schema ../../levels/level.schema.json"
    assert (level.parent / first.removeprefix("#:schema ")).read_bytes() == SCHEMA_PATH.read_bytes()


def test_schema_level_prints_the_schema_and_exits_0() -> None:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["--schema", "level"])
    assert (status, out.getvalue(), err.getvalue()) == (0, schema_text(), "")


def test_schema_of_an_unknown_kind_is_one_line_and_exit_2() -> None:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["--schema", "save"])
    assert status == 2 and out.getvalue() == ""
    assert err.getvalue().startswith("neo-terra: argument --schema: invalid choice: 'save'") and err.getvalue().count("\n") == 1


# --- comments as descriptions ---------------------------------------------------------------------


@dataclasses.dataclass
class _Commented:
    """A dataclass whose comments follow each of the rules."""

    # Both of these, in metres.
    width: int = 1
    height: int = 2
    depth: int = 3  # its own comment wins

    colour: str = "red"


def test_a_field_takes_its_own_comment_else_the_block_above_until_a_blank_line() -> None:
    assert field_comments(_Commented) == {"width": "Both of these, in metres.", "height": "Both of these, in metres.",
                                          "depth": "its own comment wins"}


def test_a_tuple_item_takes_the_comment_on_its_line() -> None:
    from game.sim import scenario

    assert item_comments(scenario, "GOAL_METRICS")["caches"] == "hazardous waste units hidden in scavenger caches"
