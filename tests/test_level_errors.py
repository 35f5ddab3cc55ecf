"""Broken level files: each problem is one exact line naming the file and the line:column or field."""

from __future__ import annotations

import os
import typing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from pydantic_core.core_schema import ErrorType

from game.data.field_errors import schema_problems
from game.level import MAX_LEVEL_BYTES, InputError, load_level, source, validate_level
from game.level.errors import MAX_PROBLEMS
from game.level.schema import Header

# Lines 1-12 of every case below; the map's first row is on line 7.
BASE = '''format = 1
name = "Test Town"
seed = 1

[map]
rows = """
..........
..~~~.....
..##......
..........
..........
"""
'''

# (case id, file text, expected problems with {p} standing for the path)
CASES = [
    ("syntax error", 'format = 1\nname = "Test Town\n', ["{p}:2:18: TOML syntax error: illegal character '\\n'"]),
    ("syntax error at end", 'format = 1\nname = """open\n', ["{p}:3:1: TOML syntax error: unterminated string"]),
    ("missing format", BASE.replace("format = 1\n", ""),
     ["{p}: format: missing; add `format = 2` at the top (this game reads format 1, 2)"]),
    ("future format", BASE.replace("format = 1", "format = 3"),
     ["{p}:1:10: format: level format 3 is not supported (made by a newer version of the game?); this game reads format 1, 2"]),
    ("format zero", BASE.replace("format = 1", "format = 0"),
     ["{p}:1:10: format: level format 0 is not supported; this game reads format 1, 2"]),
    ("format as text", BASE.replace("format = 1", 'format = "1"'),
     ["{p}:1:10: format: expected an integer, got the string '1'"]),
    ("missing name", BASE.replace('name = "Test Town"\n', ""), ["{p}: name: required field is missing"]),
    ("empty name", BASE.replace('"Test Town"', '""'), ["{p}:2:8: name: must not be empty"]),
    ("name too long", BASE.replace('"Test Town"', '"' + "N" * 61 + '"'),
     ["{p}:2:8: name: is 61 characters long; at most 60 allowed"]),
    ("name on two lines", BASE.replace('"Test Town"', '"Test\\nTown"'), ["{p}:2:8: name: must be one line of printable text, got the string 'Test\\u000aTown'"]),
    ("unknown top-level field", BASE.replace("seed = 1", "seed = 1\ncolour = 3"), ["{p}:4:10: colour: unknown field"]),
    ("unknown map field", BASE + "colour = 3\n", ["{p}:13:10: map.colour: unknown field"]),
    ("misspelt field", BASE.replace("seed = 1", "sed = 1"), ["{p}:3:7: sed: unknown field; did you mean 'seed'?"]),
    ("seed out of range", BASE.replace("seed = 1", "seed = -1"), ["{p}:3:8: seed: must be at least 0, got -1"]),
    ("missing map", 'format = 1\nname = "Test Town"\n', ["{p}: map: required field is missing"]),
    ("map without rows", 'format = 1\nname = "T"\n[map]\n', ["{p}:3:1: map.rows: required field is missing"]),
    ("empty map", 'format = 1\nname = "T"\n[map]\nrows = """\n\n"""\n',
     ["{p}:4:8: map.rows: the map is empty; give at least one row of tiles"]),
    ("rows of the wrong type", 'format = 1\nname = "T"\n[map]\nrows = 5\n',
     ["{p}:4:8: map.rows: expected a multi-line string or an array of strings, one per row of tiles"]),
    ("a row that is not a string", 'format = 1\nname = "T"\n[map]\nrows = ["..", 3]\n',
     ["{p}:4:15: map.rows[1]: expected a string of map tiles"]),
    ("ragged row in a string", BASE.replace("..##......", "..##..."), ["{p}:9:1: row 3 is 7 tiles wide, expected 10"]),
    ("ragged row in an array", 'format = 1\nname = "T"\n[map]\nrows = [\n  "....",\n    "...",\n]\n',
     ["{p}:6:6: row 2 is 3 tiles wide, expected 4"]),
    ("unknown tile in a string", BASE.replace("..##......", "..##...Q.."), ["{p}:9:8: unknown tile 'Q'"]),
    ("unknown tile in an array", 'format = 1\nname = "T"\n[map]\nrows = [\n  "....",\n  "..Q.",\n]\n',
     ["{p}:6:6: unknown tile 'Q'"]),
    ("unknown tile after an escape", 'format = 1\nname = "T"\n[map]\nrows = ["....", "\\u002e.Q."]\n',
     ["{p}:4:25: unknown tile 'Q'"]),
    ("unknown tile in a literal string", "format = 1\nname = 'T'\n[map]\nrows = '''\n....\n.Q..\n'''\n",
     ["{p}:6:2: unknown tile 'Q'"]),
    ("unknown tile with windows line ends", BASE.replace("\n", "\r\n").replace("..##......", "..##...Q.."),
     ["{p}:9:8: unknown tile 'Q'"]),
    ("unknown tile in a tab-indented array", 'format = 1\nname = "T"\n[map]\nrows = [\n\t"....",\n\t\t"Q...",\n]\n',
     ["{p}:6:4: unknown tile 'Q'"]),
    ("unknown tile in a dotted key", 'format = 1\nname = "T"\nmap.rows = ["....", "..Q."]\n',
     ["{p}:3:24: unknown tile 'Q'"]),
    ("unknown tile repeated", BASE.replace("..........\n..~~~", "Q.......Q.\n..~~~"),
     ["{p}:7:1: unknown tile 'Q' (and 1 more like it)"]),
    ("unprintable tile", BASE.replace("..##......", "..##\\t....."),
     ["{p}:9:5: unknown tile U+0009"]),
    ("map too wide", 'format = 1\nname = "T"\n[map]\nrows = """\n' + "." * 600 + '\n"""\n',
     ["{p}:5:513: the map is 600 tiles wide; at most 512 allowed"]),
    ("map too high", 'format = 1\nname = "T"\n[map]\nrows = """\n' + ".\n" * 513 + '"""\n',
     ["{p}:517:1: the map is 513 rows high; at most 512 allowed"]),
    ("legend key of two characters", BASE + '[map.legend]\n"ab" = "ground"\n',
     ['{p}:14:8: map.legend.ab: a legend key is exactly one character, not 2']),
    ("legend unknown terrain", BASE + '[map.legend]\n"L" = "lava"\n',
     ["{p}:14:7: map.legend.L: unknown terrain 'lava'; known terrains: ground, water, ruins, undercity"]),
    ("legend unknown building", BASE + '[map.legend]\n"t" = { terrain = "ground", building = "tower" }\n',
     ["{p}:14:40: map.legend.t.building: unknown building kind 'tower'"]),
    ("legend building bigger than a tile", BASE + '[map.legend]\n"h" = { terrain = "ground", building = "housing" }\n',
     ["{p}:14:40: map.legend.h.building: only 1x1 buildings can be drawn on the map; housing is 2x2, place it under [[buildings]]"]),
    ("legend building on water", BASE + '[map.legend]\n"w" = { terrain = "water", building = "power_line" }\n',
     ["{p}:14:39: map.legend.w.building: power_line cannot stand on water; it needs ground, ruins or undercity"]),
    ("legend entry of the wrong type", BASE + '[map.legend]\n"x" = 4\n',
     ['{p}:14:7: map.legend.x: expected a terrain name or a table like { terrain = "ground", building = "power_line" }']),
    ("legend table with an unknown field", BASE + '[map.legend]\n"x" = { terain = "ground" }\n',
     ["{p}:14:7: map.legend.x.terrain: required field is missing",
      "{p}:14:18: map.legend.x.terain: unknown field; did you mean 'terrain'?"]),
    ("unknown building kind", BASE + '[[buildings]]\nkind = "tower"\nx = 0\ny = 0\n',
     ["{p}:14:8: buildings[0].kind: unknown building kind 'tower'"]),
    ("misspelt building kind", BASE + '[[buildings]]\nkind = "hosing"\nx = 0\ny = 0\n',
     ["{p}:14:8: buildings[0].kind: unknown building kind 'hosing'; did you mean 'housing'?"]),
    ("building out of bounds", BASE + '[[buildings]]\nkind = "solar_farm"\nx = 8\ny = 0\n',
     ["{p}:13:1: buildings[0]: solar_farm at (8, 0) does not fit on the 10x5 map (it is 3x3)"]),
    ("building on water", BASE + '[[buildings]]\nkind = "housing"\nx = 2\ny = 0\n',
     ["{p}:13:1: buildings[0]: housing at (2, 0) cannot stand on water; it needs ground, ruins or undercity"]),
    ("overlapping buildings", BASE + '[[buildings]]\nkind = "housing"\nx = 6\ny = 2\n'
     '[[buildings]]\nkind = "solar_farm"\nx = 5\ny = 1\n',
     ["{p}:17:1: buildings[1]: solar_farm at (5, 1) overlaps buildings[0] (housing at (6, 2))"]),
    ("drawn building under a listed one", BASE.replace("..##......", "..##....=.") + '[[buildings]]\nkind = "housing"\nx = 7\ny = 2\n',
     ["{p}:9:9: the power_line drawn at (8, 2) overlaps buildings[0] (housing at (7, 2))"]),
    ("negative coordinate", BASE + '[[buildings]]\nkind = "housing"\nx = -1\ny = 0\n',
     ["{p}:15:5: buildings[0].x: must be at least 0, got -1"]),
    ("missing coordinate", BASE + '[[buildings]]\nkind = "housing"\nx = 1\n', ["{p}:13:1: buildings[0].y: required field is missing"]),
    ("bool for an int", BASE + '[[buildings]]\nkind = "housing"\nx = true\ny = 0\n',
     ["{p}:15:5: buildings[0].x: expected an integer, got the boolean true"]),
    ("float for an int", BASE + '[[buildings]]\nkind = "housing"\nx = 1.5\ny = 0\n',
     ["{p}:15:5: buildings[0].x: expected an integer, got the number 1.5"]),
    ("occupants on a plant", BASE + '[[buildings]]\nkind = "solar_farm"\nx = 5\ny = 0\noccupants = 5\n',
     ["{p}:17:13: buildings[0].occupants: only housing has occupants, not solar_farm"]),
    ("too many occupants", BASE + '[[buildings]]\nkind = "housing"\nx = 0\ny = 0\noccupants = 201\n',
     ["{p}:17:13: buildings[0].occupants: 201 is more than a housing block holds (200)"]),
    ("buildings not an array", BASE.replace("seed = 1", "seed = 1\nbuildings = 3"),
     ["{p}:4:13: buildings: expected an array, got the integer 3"]),
    ("negative funds", BASE + "[start]\nfunds = -5\n", ["{p}:14:9: start.funds: must be at least 0, got -5"]),
    ("absurd funds", BASE + "[start]\nfunds = 99999999999\n",
     ["{p}:14:9: start.funds: must be at most 1,000,000,000, got 99,999,999,999"]),
    ("bool for funds", BASE + "[start]\nfunds = false\n", ["{p}:14:9: start.funds: expected an integer, got the boolean false"]),
    ("start of the wrong type", BASE.replace("seed = 1", 'seed = 1\nstart = "rich"'),
     ["{p}:4:9: start: expected a table, got the string 'rich'"]),
    ("unknown rule", BASE + "[rules]\ncollection_bas = 5\n",
     ["{p}:14:18: rules.collection_bas: unknown rule; did you mean 'collection_base'?"]),
    ("negative rule", BASE + "[rules]\ncollection_base = -5\n", ["{p}:14:19: rules.collection_base: must be at least 0, got -5"]),
    ("share above the whole", BASE + "[rules]\npollution_decay_milli = 5000\n",
     ["{p}:14:25: rules.pollution_decay_milli: must be at most 1,000, got 5,000"]),
    ("unknown policy", BASE + "[policies]\ncurfew = 1\n", ["{p}:14:10: policies.curfew: unknown policy"]),
    ("policy out of range", BASE + '[policies]\n"priority.hazardous" = 101\n',
     ['{p}:14:24: policies."priority.hazardous": must be between 0 and 100, got 101']),
    ("target without bounds", BASE + '[goals]\n[[goals.targets]]\nmetric = "population"\n',
     ["{p}:14:1: goals.targets[0]: give at_least, at_most or both"]),
    ("target that can never hold", BASE + '[goals]\n[[goals.targets]]\nmetric = "funds"\nat_least = 10\nat_most = 5\n',
     ["{p}:14:1: goals.targets[0]: at_least 10 is above at_most 5, so it can never hold"]),
    ("unknown metric", BASE + '[goals]\n[[goals.targets]]\nmetric = "happiness"\nat_least = 1\n',
     ["{p}:15:10: goals.targets[0].metric: unknown metric 'happiness'; known metrics: population, funds, pollution_mean, "
      "pollution_max, hazardous_untreated, recycled_total, recycled_organic, recycled_plastic, recycled_metal, recycled_ewaste, "
      "recycled_hazardous, events_answered, food, fuel, materials, served_percent, voter_approval, elections_won, elections_lost, "
      "scandals, caches, unrest_max, day"]),
    ("deadline without targets", BASE + "[goals]\ndeadline_day = 30\n",
     ["{p}:14:16: goals.deadline_day: a deadline needs at least one target in [[goals.targets]]"]),
    ("hold days of zero", BASE + "[goals]\nhold_days = 0\n", ["{p}:14:13: goals.hold_days: must be at least 1, got 0"]),
    ("long terrain name in the legend", BASE + '[map.legend]\n"L" = "' + "l" * 101 + '"\n',
     ["{p}:14:7: map.legend.L: is 101 characters long; at most 100 allowed"]),
    ("long unknown field", BASE.replace("seed = 1", "seed = 1\n" + "k" * 1000 + " = 3"),
     ['{p}:4:1004: "' + "k" * 39 + '…": unknown field']),
    ("long rule name", BASE + "[rules]\n" + "r" * 101 + " = 1\n",
     ['{p}:14:105: rules."' + "r" * 39 + '…": the key is 101 characters long; at most 100 allowed']),
    ("long policy name of line breaks", BASE + '[policies]\n"' + "p\\n" * 60 + '" = 1\n',
     ['{p}:14:186: policies."' + "p\\u000a" * 5 + 'p…": the key is 120 characters long; at most 100 allowed']),
    ("line breaks quoted back shortened", BASE + '[[buildings]]\nkind = "' + "\\n" * 50 + '"\nx = 0\ny = 0\n',
     ["{p}:14:8: buildings[0].kind: unknown building kind '" + "\\u000a" * 6 + "…'"]),
    ("date for a name", BASE.replace('name = "Test Town"', "name = 1979-05-27"), ["{p}:2:8: name: expected a string, got a date"]),
    ("text for a boolean", BASE + '[politics]\nlose_on_defeat = "yes"\n',
     ["{p}:14:18: politics.lose_on_defeat: expected true or false, got the string 'yes'"]),
    ("a number of 4,000 digits", BASE.replace("seed = 1", "seed = " + "9" * 4000),
     ["{p}:3:8: seed: must be at most 9,223,372,036,854,775,807, got a 4,000-digit number"]),
    ("a policy of 4,000 digits", BASE + "[policies]\ntax_rate = -" + "9" * 4000 + "\n",
     ["{p}:14:12: policies.tax_rate: must be between 0 and 30, got a negative 4,000-digit number"]),
    ("an integer too long to read", BASE.replace("seed = 1", "seed = " + "9" * 5000),
     ["{p}: TOML syntax error: an integer with more than 4,300 digits"]),
    ("every problem at once", BASE.replace("..##......", "..##..Q...").replace("seed = 1", "seed = true")
     + '[start]\nfood = -1\n[[buildings]]\nkind = "tower"\nx = 0\ny = 0\n',
     ["{p}:3:8: seed: expected an integer, got the boolean true", "{p}:9:7: unknown tile 'Q'",
      "{p}:14:8: start.food: must be at least 0, got -1", "{p}:16:8: buildings[0].kind: unknown building kind 'tower'"]),
]


@pytest.mark.parametrize(("text", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_broken_level_gives_exactly_the_expected_problems(tmp_path: Path, text: str, expected: list[str]) -> None:
    path = tmp_path / "level.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_level(path)
    assert caught.value.problems == [line.replace("{p}", str(path)) for line in expected]
    assert validate_level(path) == caught.value.problems


def test_the_base_of_the_broken_cases_is_itself_valid(tmp_path: Path) -> None:
    path = tmp_path / "level.toml"
    path.write_text(BASE)
    assert validate_level(path) == []


def test_error_text_joins_its_one_line_problems(tmp_path: Path) -> None:
    path = tmp_path / "level.toml"
    path.write_text(BASE + '[start]\nfunds = -1\nfood = -2\n[policies]\n"\\n\\nx" = 1\n')
    with pytest.raises(InputError) as caught:
        load_level(path)
    assert len(caught.value.problems) == 3
    assert str(caught.value) == "\n".join(caught.value.problems)
    assert all("\n" not in problem and "\r" not in problem for problem in caught.value.problems)
    assert caught.value.problems[2] == f'{path}:17:11: policies."\\u000a\\u000ax": unknown policy'


def test_a_flood_of_problems_is_cut_short_with_a_count(tmp_path: Path) -> None:
    path = tmp_path / "level.toml"
    path.write_text(BASE + "[rules]\n" + "".join(f"unknown_{index} = 1\n" for index in range(200)))
    problems = validate_level(path)
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1] == f"... and {200 - MAX_PROBLEMS} more"


def test_file_over_the_size_cap_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    with open(path, "wb") as stream:
        stream.truncate(MAX_LEVEL_BYTES + 1)  # sparse: costs no disk and no time
    assert validate_level(path) == [
        f"{path}: the file is too large; a level file may be at most 2,097,152 bytes (2 MiB)"
    ]


def test_binary_garbage_is_refused_as_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "garbage.toml"
    path.write_bytes(b"format = 1\n\x89PNG\r\n\x1a\n\x00\x00")
    assert validate_level(path) == [f"{path}:2:1: not valid UTF-8 text (byte 0x89); save the file as UTF-8"]


def test_text_with_a_nul_byte_is_a_syntax_error(tmp_path: Path) -> None:
    path = tmp_path / "nul.toml"
    path.write_bytes(b"format = 1\x00\n")
    assert validate_level(path) == [f"{path}:1:11: TOML syntax error: expected newline or end of document after a statement"]


def test_a_directory_is_not_a_level(tmp_path: Path) -> None:
    assert validate_level(tmp_path) == [f"{tmp_path}: is a directory, not a level file"]


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.toml"
    assert validate_level(path) == [f"{path}: no such file"]
    assert validate_level(str(path)) == [f"{path}: no such file"]


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "pipe.toml"
    os.mkfifo(path)
    assert validate_level(path) == [f"{path}: is not a regular file, so it cannot be a level file"]


def test_an_unreadable_file_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.toml"
    path.write_text(BASE)

    def refuse(*args: object, **kwargs: object) -> None:
        """Stand in for os.open() on a file the user may not read (chmod does not stop root)."""
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(source.os, "open", refuse)
    assert validate_level(path) == [f"{path}: cannot read the file: permission denied"]


def test_arrays_nested_too_deeply_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.toml"
    path.write_text("format = 1\nx = " + "[" * 5000)
    assert validate_level(path) == [f"{path}: TOML syntax error: arrays or tables nested too deeply"]


def _check_never_crashes(tmp_path: Path, data: bytes) -> None:
    """Write `data` as a level and check that loading it gives a Scenario or one-line problems."""
    path = tmp_path / "fuzz.toml"
    path.write_bytes(data)
    try:
        load_level(path)
    except InputError as error:
        assert error.problems
        assert all(problem and "\n" not in problem for problem in error.problems)
    assert isinstance(validate_level(path), list)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400))
def test_random_bytes_give_input_errors_and_never_a_traceback(tmp_path: Path, data: bytes) -> None:
    _check_never_crashes(tmp_path, data)


_KEYS = st.sampled_from(
    ["format", "name", "seed", "map", "rows", "legend", "start", "funds", "buildings", "kind", "x", "y",
     "occupants", "rules", "policies", "goals", "targets", "metric", "at_least", "at_most", "terrain",
     "building", "housing", "tax_rate", "priority.hazardous", ".", "=", "Q", "description", "deadline_day"]
)
_SCALARS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70), st.booleans(), st.floats(allow_nan=False),
    st.text(alphabet=".~#u=Q \n\t\\\"'ab", max_size=30), st.sampled_from(["housing", "ground", "power_line", "population"]),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=5)),
    max_leaves=20,
)


def _toml_value(value: object) -> str:
    """Return `value` written as TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value).replace("inf", "inf")
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    assert isinstance(value, dict)
    return "{ " + ", ".join(f"{_toml_key(key)} = {_toml_value(item)}" for key, item in value.items()) + " }"


def _toml_key(key: str) -> str:
    """Return `key` written as a TOML key, quoted when it is not bare."""
    return key if key.replace("_", "").isalnum() else '"' + key + '"'


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=st.dictionaries(_KEYS, _VALUES, max_size=8), keep_format=st.booleans())
def test_random_documents_give_input_errors_and_never_a_traceback(
    tmp_path: Path, document: dict[str, object], keep_format: bool
) -> None:
    if keep_format:
        document = {"format": 1, **document}
    text = "\n".join(f"{_toml_key(key)} = {_toml_value(value)}" for key, value in document.items())
    _check_never_crashes(tmp_path, text.encode())


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.text(alphabet=".~#u=Q%\t", max_size=12), max_size=6), as_array=st.booleans())
def test_random_maps_give_input_errors_or_a_scenario(tmp_path: Path, rows: list[str], as_array: bool) -> None:
    if as_array:
        value = "[" + ", ".join('"' + row.replace("\t", "\\t") + '"' for row in rows) + "]"
    else:
        value = '"""\n' + "\n".join(rows) + '\n"""'
    text = f'format = 1\nname = "Fuzz"\n[map]\nrows = {value}\n'
    _check_never_crashes(tmp_path, text.encode())


# Values for every placeholder any pydantic error's own message has, so that each type can be raised.
_ERROR_CONTEXT = {
    "gt": 1, "ge": 1, "lt": 1, "le": 1, "multiple_of": 2, "min_length": 2, "max_length": 1, "actual_length": 3,
    "pattern": "^a$", "expected": "'a' or 'b'", "error": "boom", "field_type": "List", "class_name": "X", "class": "X",
    "tag": "t", "discriminator": "'kind'", "expected_tags": "'a'", "max_digits": 1, "decimal_places": 1,
    "whole_digits": 1, "expected_plural": "items", "attribute": "a", "context": "c", "reason": "r", "type_repr": "r",
    "tz_expected": 1, "tz_actual": 2, "expected_schemes": "'https'", "method_name": "m", "encoding": "utf-8",
    "encoding_error": "bad", "expected_version": 4,
}


@pytest.mark.parametrize("error_type", typing.get_args(ErrorType))
def test_every_pydantic_error_type_is_worded_by_the_game(error_type: str) -> None:
    """Not only the errors the models meet today: one a new field brings must not show pydantic's text."""
    error = ValidationError.from_exception_data(
        "Header", [{"type": error_type, "loc": ("name",), "input": "x" * 5000, "ctx": _ERROR_CONTEXT}]
    )
    (detail,) = error.errors(include_url=False)
    ((path, message),) = schema_problems(error, (), Header)
    assert path == "name" and message
    assert detail["msg"] not in message and "\n" not in message and len(message) < 150, message
    assert not any(word in message.lower() for word in ("pydantic", "http", "should", "input")), message
