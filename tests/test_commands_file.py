"""Commands files for headless runs: [[command]] entries become (tick, command) pairs, or exact problems."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.level import MAX_LEVEL_BYTES, InputError, load_commands
from game.level.commands_file import MAX_COMMANDS, commands_from_document
from game.level.problems import Problems
from game.sim.commands import Demolish, Excavate, Place, PlaceLine, SetPolicy

GOOD = '''\
# Build a compost works and wire it up, then tax a little more.
[[command]]
tick = 30
type = "set_policy"
name = "tax_rate"
value = 12

[[command]]
tick = 0
type = "place"
kind = "compost_works"
x = 10
y = 12

[[command]]
tick = 0
type = "place_line"
x0 = 9
y0 = 13
x1 = 4
y1 = 20

[[command]]
tick = 48
type = "demolish"
x = 10
y = 12
'''


def _write(tmp_path: Path, text: str) -> Path:
    """Write `text` as a commands file and return its path."""
    path = tmp_path / "cmds.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _problems(tmp_path: Path, text: str) -> list[str]:
    """Return the problems of `text` as a commands file, with its path shortened to cmds.toml."""
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_commands(path)
    return [problem.replace(str(path), "cmds.toml") for problem in caught.value.problems]


def test_good_file_parses_into_the_commands_sorted_stably_by_tick(tmp_path: Path) -> None:
    assert load_commands(_write(tmp_path, GOOD)) == [
        (0, Place("compost_works", 10, 12)),
        (0, PlaceLine(9, 13, 4, 20)),
        (30, SetPolicy("tax_rate", 12)),
        (48, Demolish(10, 12)),
    ]


def test_inline_tables_are_the_same_as_array_of_tables(tmp_path: Path) -> None:
    text = 'command = [\n  { tick = 5, type = "demolish", x = 1, y = 2 },\n  { tick = 1, type = "set_policy", name = "tax_rate", value = 0 },\n]\n'
    assert load_commands(_write(tmp_path, text)) == [(1, SetPolicy("tax_rate", 0)), (5, Demolish(1, 2))]


def test_an_excavation_is_read_with_its_landfill_and_units(tmp_path: Path) -> None:
    text = '[[command]]\ntick = 500\ntype = "excavate"\nbuilding = 221\nunits = 500\n'
    assert load_commands(_write(tmp_path, text)) == [(500, Excavate(221, 500))]
    assert _problems(tmp_path, text.replace("units = 500", 'units = "all"')) == [
        "cmds.toml:5:9: command[0].units: expected an integer, got the string 'all'"
    ]
    assert _problems(tmp_path, text.replace("building = 221\n", "")) == ["cmds.toml:1:1: command[0].building: required field is missing"]


def test_an_empty_file_has_no_commands(tmp_path: Path) -> None:
    assert load_commands(_write(tmp_path, "")) == []
    assert load_commands(_write(tmp_path, "# nothing to do\ncommand = []\n")) == []


def test_commands_are_checked_by_the_simulation_not_the_file(tmp_path: Path) -> None:
    # An unknown building kind is a well-formed command that the simulation will reject.
    text = '[[command]]\ntick = 0\ntype = "place"\nkind = "castle"\nx = 0\ny = 0\n'
    assert load_commands(_write(tmp_path, text)) == [(0, Place("castle", 0, 0))]


ENTRY = '[[command]]\ntick = 0\ntype = "demolish"\nx = 1\ny = 2\n'

CASES = [
    ("syntax error", "[[command]\ntick = 0\n", ["cmds.toml:1:10: TOML syntax error: expected ']]' at the end of an array declaration"]),
    ("missing tick", ENTRY.replace("tick = 0\n", ""), ["cmds.toml:1:1: command[0].tick: required field is missing"]),
    ("missing type", ENTRY.replace('type = "demolish"\n', ""),
     ["cmds.toml:1:1: command[0].type: required field is missing; one of place, place_line, demolish, set_policy, choose, excavate, keep_playing"]),
    ("unknown type", ENTRY.replace('"demolish"', '"explode"'),
     ["cmds.toml:3:8: command[0].type: unknown command type 'explode'; known types: place, place_line, demolish, set_policy, choose, excavate, keep_playing"]),
    ("misspelt type", ENTRY.replace('"demolish"', '"demolsh"'),
     ["cmds.toml:3:8: command[0].type: unknown command type 'demolsh'; did you mean 'demolish'?"]),
    ("type not a string", ENTRY.replace('"demolish"', "7"),
     ["cmds.toml:3:8: command[0].type: expected a string, got the integer 7; one of place, place_line, demolish, set_policy, choose, excavate, keep_playing"]),
    ("missing field", ENTRY.replace("y = 2\n", ""), ["cmds.toml:1:1: command[0].y: required field is missing"]),
    ("extra field", ENTRY + "z = 3\n", ["cmds.toml:6:5: command[0].z: unknown field"]),
    ("field of another command", ENTRY + 'kind = "housing"\n', ["cmds.toml:6:8: command[0].kind: unknown field"]),
    ("bool for an int", ENTRY.replace("x = 1", "x = true"), ["cmds.toml:4:5: command[0].x: expected an integer, got the boolean true"]),
    ("string for an int", ENTRY.replace("x = 1", 'x = "1"'), ["cmds.toml:4:5: command[0].x: expected an integer, got the string '1'"]),
    ("int for a string", '[[command]]\ntick = 0\ntype = "set_policy"\nname = 3\nvalue = 1\n',
     ["cmds.toml:4:8: command[0].name: expected a string, got the integer 3"]),
    ("negative tick", ENTRY.replace("tick = 0", "tick = -1"), ["cmds.toml:2:8: command[0].tick: must be at least 0, got -1"]),
    ("tick too late", ENTRY.replace("tick = 0", "tick = 10000001"),
     ["cmds.toml:2:8: command[0].tick: must be at most 10,000,000, got 10,000,001"]),
    ("coordinate too far", ENTRY.replace("x = 1", "x = 99999999999"),
     ["cmds.toml:4:5: command[0].x: must be at most 1,000,000, got 99,999,999,999"]),
    ("kind too long", '[[command]]\ntick = 0\ntype = "place"\nkind = "' + "g" * 5000 + '"\nx = 1\ny = 1\n',
     ["cmds.toml:4:8: command[0].kind: is 5,000 characters long; at most 100 allowed"]),
    ("long unknown field", ENTRY + "k" * 100_000 + " = 3\n", ['cmds.toml:6:100004: command[0]."' + "k" * 39 + '…": unknown field']),
    ("entry not a table", "command = [3]\n", ["cmds.toml:1:12: command[0]: expected a table with tick, type and the command's fields"]),
    ("command not an array", "command = 3\n", ["cmds.toml:1:11: command: expected [[command]] entries (an array of tables)"]),
    ("unknown top-level key", "commands = []\n",
     ["cmds.toml:1:12: commands: unknown field; a commands file holds only [[command]] entries; did you mean 'command'?"]),
    ("problems in several entries", ENTRY + ENTRY.replace("x = 1", "x = 1.5") + ENTRY.replace("tick = 0", "tick = false"),
     ["cmds.toml:9:5: command[1].x: expected an integer, got the number 1.5",
      "cmds.toml:12:8: command[2].tick: expected an integer, got the boolean false"]),
]


@pytest.mark.parametrize(("text", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_broken_commands_file_gives_exactly_the_expected_problems(tmp_path: Path, text: str, expected: list[str]) -> None:
    assert _problems(tmp_path, text) == expected


def test_missing_commands_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "none.toml"
    with pytest.raises(InputError) as caught:
        load_commands(path)
    assert caught.value.problems == [f"{path}: no such file"]


def test_a_directory_is_not_a_commands_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_commands(tmp_path)
    assert caught.value.problems == [f"{tmp_path}: is a directory, not a commands file"]


def test_commands_file_over_the_size_cap_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    with open(path, "wb") as stream:
        stream.truncate(MAX_LEVEL_BYTES + 1)
    with pytest.raises(InputError) as caught:
        load_commands(path)
    assert caught.value.problems == [f"{path}: the file is too large; a commands file may be at most 2,097,152 bytes (2 MiB)"]


def test_more_commands_than_allowed_are_refused() -> None:
    # A file this long would pass the size cap only in a denser syntax, so the count is checked on its own.
    entry = {"tick": 0, "type": "demolish", "x": 0, "y": 0}
    problems = Problems("cmds.toml", "")
    assert commands_from_document({"command": [entry] * (MAX_COMMANDS + 1)}, problems) == []
    assert problems.lines == ["cmds.toml: command: 100,001 commands; at most 100,000 allowed"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300))
def test_random_bytes_give_input_errors_and_never_a_traceback(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.toml"
    path.write_bytes(data)
    try:
        result = load_commands(path)
    except InputError as error:
        assert error.problems
    else:
        assert isinstance(result, list)


_FIELDS = st.sampled_from(["tick", "type", "x", "y", "x0", "y0", "x1", "y1", "kind", "name", "value", "z"])
_SCALARS = st.one_of(
    st.integers(min_value=-(2**65), max_value=2**65), st.booleans(), st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["place", "place_line", "demolish", "set_policy", "housing", "tax_rate", ""]),
    st.lists(st.integers(), max_size=2),
)


@settings(max_examples=150, deadline=None)
@given(entries=st.lists(st.one_of(st.dictionaries(_FIELDS, _SCALARS, max_size=7), _SCALARS), max_size=6))
def test_random_entries_give_problems_or_commands_and_never_a_traceback(entries: list[object]) -> None:
    problems = Problems("cmds.toml", "")
    schedule = commands_from_document({"command": entries}, problems)
    assert len(schedule) + (1 if problems else 0) >= (1 if entries else 0)
    assert [tick for tick, _ in schedule] == sorted(tick for tick, _ in schedule)
    assert all(line.startswith("cmds.toml: command") for line in problems.lines)
