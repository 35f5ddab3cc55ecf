"""Hostile input: broken and adversarial level, save, commands and replay files.

Each must end in exit status 2 with one line per problem naming the file, no traceback, no hang,
and nothing written (the --report and --save targets stay absent). A file the mutation happened
to leave valid must instead run normally: the property is "refused cleanly or played", never a crash.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import re
import subprocess
import sys
import time
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from worlds import HOSTILE_SECONDS

from game.cli import main
from game.data.field_errors import field_path
from game.level import DEFAULT_LEVEL, InputError, load_level, validate_level
from game.level.loader import scenario_from_document
from game.level.save import pack_entries, save_bytes
from game.replay import replay_document
from game.sim import Simulation
from game.sim.commands import Place, SetPolicy

ROOT = Path(__file__).resolve().parent.parent
FAST = settings(max_examples=40, deadline=5_000, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

LEVEL = """\
format = 1
name = "Hostile Yard"
seed = 3

[map]
rows = \"\"\"
..........
..~~......
..........
..........
..........
..........
\"\"\"
[map.legend]
"." = "ground"

[start]
funds = 30000

[[buildings]]
kind = "housing"
x = 4
y = 1
occupants = 150

[rules]
collection_base = 80

[policies]
tax_rate = 12

[goals]
deadline_day = 9
[[goals.targets]]
metric = "population"
at_least = 100
"""

# Values no field of any file accepts where a different kind is expected, and numbers out of every range.
HOSTILE_VALUES = st.one_of(
    st.sampled_from([None, True, -1, -(2**70), 2**70, 10**400 if False else 2**200, 1.5, float("nan"), "", "x" * 5000, [], {}, [[[[]]]]]),
    st.text(max_size=30),
    st.integers(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


def run(*args: str) -> tuple[int, str, str]:
    """Run the command line in-process and return (status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    return status, out.getvalue(), err.getvalue()


def assert_refused_or_played(status: int, out: str, err: str, label: Path, written: list[Path]) -> None:
    """Either a clean refusal (2, one line a problem naming `label`, nothing written) or a normal run."""
    assert "Traceback" not in err + out
    if status == 2:
        assert out == ""
        lines = err.splitlines()
        assert lines and all(line.startswith((str(label), "neo-terra:")) for line in lines), err
        assert len(lines) <= 51, "problems beyond 50 are summed up in one line"
        for target in written:
            assert not target.exists(), f"{target} was written for bad input"
    else:
        assert status == 0, (status, err)
        assert err == "" and out.count("\n") == 1


def headless(tmp: Path, *args: str) -> tuple[int, str, str, list[Path]]:
    """Run a short headless game with --report and --save targets; return them with the result."""
    report, save = tmp / "report.json", tmp / "out.save"
    for target in (report, save):
        target.unlink(missing_ok=True)
    status, out, err = run("--headless", "--ticks", "3", "--report", str(report), "--save", str(save), *args)
    return status, out, err, [report, save]


def _toml_value(value: Any) -> str:
    """Return `value` written as TOML (inline), to splice into a level file."""
    if value is None:
        return '"none"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "nan" if value != value else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"


# --- level files -----------------------------------------------------------------------------

LEVEL_LINES = [i for i, line in enumerate(LEVEL.splitlines()) if " = " in line and not line.startswith('"')]


@FAST
@given(line=st.sampled_from(LEVEL_LINES), value=HOSTILE_VALUES)
def test_a_level_field_with_a_hostile_value_is_refused_cleanly(tmp_path: Path, line: int, value: Any) -> None:
    lines = LEVEL.splitlines()
    key = lines[line].split(" = ")[0]
    lines[line] = f"{key} = {_toml_value(value)}"
    path = tmp_path / "level.toml"
    path.write_text("\n".join(lines) + "\n")
    status, out, err, written = headless(tmp_path, "--level", str(path))
    assert_refused_or_played(status, out, err, path, written)


@FAST
@given(data=st.one_of(
    st.binary(max_size=2000),
    st.integers(0, len(LEVEL.encode())).map(lambda n: LEVEL.encode()[:n]),
    st.integers(1, 5000).map(lambda depth: b"a = " + b"[" * depth + b"]" * depth),
    st.integers(1, 5000).map(lambda depth: b"a = " + b"{b = " * depth + b"1" + b"}" * depth),
    st.tuples(st.integers(1, 700), st.integers(1, 700)).map(
        lambda wh: LEVEL.encode().split(b"[map]")[0] + b'[map]\nrows = """\n' + (b"." * wh[0] + b"\n") * wh[1] + b'"""\n'),
    st.lists(st.integers(1, 14), min_size=2, max_size=8).map(
        lambda widths: LEVEL.encode().split(b"[map]")[0] + b'[map]\nrows = """\n' + b"".join(b"." * w + b"\n" for w in widths) + b'"""\n'),
    st.dictionaries(st.from_regex(r"[a-z_]{1,12}", fullmatch=True), st.integers(), min_size=1, max_size=3).map(
        lambda extra: LEVEL.encode() + b"".join(f"\n[{k}]\nvalue = {v}\n".encode() for k, v in extra.items())),
))
def test_garbage_truncated_deep_huge_ragged_or_unknown_level_files_are_refused_cleanly(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "level.toml"
    path.write_bytes(data)
    status, out, err, written = headless(tmp_path, "--level", str(path))
    assert_refused_or_played(status, out, err, path, written)


def test_a_level_too_large_to_read_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "level.toml"
    path.write_bytes(b"#" * (3 * 1024 * 1024))
    status, out, err, written = headless(tmp_path, "--level", str(path))
    assert status == 2 and "too large" in err
    assert_refused_or_played(status, out, err, path, written)


# --- commands files --------------------------------------------------------------------------

COMMAND_FIELDS = {"tick": 1, "type": "place", "kind": "garden", "x": 1, "y": 1}


@FAST
@given(field=st.sampled_from([*COMMAND_FIELDS, "unknown"]), value=HOSTILE_VALUES)
def test_a_command_entry_with_a_hostile_value_is_refused_cleanly(tmp_path: Path, field: str, value: Any) -> None:
    level = tmp_path / "level.toml"
    level.write_text(LEVEL)
    entry = {**COMMAND_FIELDS, field: value}
    commands = tmp_path / "cmds.toml"
    commands.write_text("[[command]]\n" + "".join(f"{k} = {_toml_value(v)}\n" for k, v in entry.items()))
    status, out, err, written = headless(tmp_path, "--level", str(level), "--commands", str(commands))
    assert_refused_or_played(status, out, err, commands, written)


# --- save files ------------------------------------------------------------------------------


@functools.cache
def _valid_save() -> bytes:
    """A sound save of the tutorial two days in, with a building placed and a command queued."""
    sim = Simulation(load_level(DEFAULT_LEVEL), seed=4)
    sim.step(30)
    sim.execute(Place("garden", 1, 1))
    sim.step(20)
    sim.submit(SetPolicy("tax_rate", 20))
    data = save_bytes(sim)
    sim.close()
    return data


def _entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zipped:
        return {name: zipped.read(name) for name in zipped.namelist()}


def _resealed(header: dict[str, Any], state: bytes, arrays: bytes) -> bytes:
    """Return a save whose checksum matches its (possibly hostile) content, as a careful forger makes it."""
    header = {**header, "checksum": hashlib.sha256(state + arrays).hexdigest()}
    return pack_entries(json.dumps(header).encode(), state, arrays)


def _paths(document: Any, prefix: tuple = ()) -> list[tuple]:
    """Return the path of every value in a JSON document (lists: first three items)."""
    found = [prefix] if prefix else []
    if isinstance(document, dict):
        for key, value in document.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(document, list):
        for index, value in enumerate(document[:3]):
            found += _paths(value, (*prefix, index))
    return found


@functools.cache
def _state_paths() -> list[tuple]:
    return [p for p in _paths(json.loads(_entries(_valid_save())["state.json"])) if p[:2] != ("scenario", "rules")][:400]


def _replace(document: Any, path: tuple, value: Any, delete: bool) -> None:
    for part in path[:-1]:
        document = document[part]
    if delete:
        del document[path[-1]]
    else:
        document[path[-1]] = value


def _load_and_play(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "game.save"
    path.write_bytes(data)
    status, out, err, written = headless(tmp_path, "--load", str(path))
    assert_refused_or_played(status, out, err, path, written)


@FAST
@given(index=st.integers(0, 10**6), value=HOSTILE_VALUES, delete=st.booleans())
def test_a_forged_save_with_a_hostile_field_is_refused_or_plays_on(tmp_path: Path, index: int, value: Any, delete: bool) -> None:
    entries = _entries(_valid_save())
    state = json.loads(entries["state.json"])
    paths = _state_paths()
    _replace(state, paths[index % len(paths)], value, delete)
    forged = _resealed(json.loads(entries["header.json"]), json.dumps(state).encode(), entries["arrays.npz"])
    _load_and_play(tmp_path, forged)


@FAST
@given(data=st.data())
def test_damaged_truncated_or_garbage_saves_are_refused(tmp_path: Path, data: st.DataObject) -> None:
    good = _valid_save()
    damage = data.draw(st.sampled_from(["truncate", "flip", "garbage", "header"]))
    if damage == "truncate":
        bad = good[: data.draw(st.integers(0, len(good) - 1))]
    elif damage == "flip":
        at = data.draw(st.integers(0, len(good) - 1))
        bad = good[:at] + bytes([good[at] ^ data.draw(st.integers(1, 255))]) + good[at + 1:]
    elif damage == "garbage":
        bad = data.draw(st.binary(max_size=3000))
    else:
        entries = _entries(good)
        header = json.loads(entries["header.json"])
        header[data.draw(st.sampled_from([*header, "extra"]))] = data.draw(HOSTILE_VALUES)
        bad = pack_entries(json.dumps(header).encode(), entries["state.json"], entries["arrays.npz"])
    path = tmp_path / "game.save"
    path.write_bytes(bad)
    status, out, err, written = headless(tmp_path, "--load", str(path))
    if bad == good:
        return
    # Only a flip in an unchecked byte (zip metadata) or a harmless header label may go unnoticed.
    assert status == 2 or damage in ("flip", "header")
    assert_refused_or_played(status, out, err, path, written)


def _npz(arrays: dict[str, np.ndarray]) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, allow_pickle=False, **arrays)
    return buffer.getvalue()


def test_an_array_declaring_a_huge_shape_is_refused_before_it_is_allocated(tmp_path: Path) -> None:
    entries = _entries(_valid_save())
    packed = bytearray(_npz({"terrain": np.zeros((4, 4), np.uint8)}))
    declared = b"(4, 4)"
    at = packed.index(declared)
    packed[at:at + len(declared)] = b"(9**9,)"[: len(declared)].ljust(len(declared))
    packed = bytes(packed).replace(b"(9**9,", b"(99999")  # a header claiming far more data than the file holds
    forged = _resealed(json.loads(entries["header.json"]), entries["state.json"], packed)
    path = tmp_path / "game.save"
    path.write_bytes(forged)
    status, out, err, written = headless(tmp_path, "--load", str(path))
    assert status == 2 and "arrays" in err
    assert_refused_or_played(status, out, err, path, written)


def test_a_map_larger_than_the_game_allows_is_refused_from_the_array_header(tmp_path: Path) -> None:
    entries = _entries(_valid_save())
    with np.load(io.BytesIO(entries["arrays.npz"])) as loaded:
        arrays = {name: loaded[name] for name in loaded.files}
    arrays["terrain"] = np.zeros((600, 4), np.uint8)
    forged = _resealed(json.loads(entries["header.json"]), entries["state.json"], _npz(arrays))
    path = tmp_path / "game.save"
    path.write_bytes(forged)
    status, _out, err, _written = headless(tmp_path, "--load", str(path))
    assert status == 2 and "larger than a 512x512 map allows" in err and err.count("\n") == 1


def test_an_object_array_is_refused_without_unpickling(tmp_path: Path) -> None:
    entries = _entries(_valid_save())
    buffer = io.BytesIO()
    np.savez(buffer, allow_pickle=True, terrain=np.array([{"a": 1}], dtype=object))
    forged = _resealed(json.loads(entries["header.json"]), entries["state.json"], buffer.getvalue())
    path = tmp_path / "game.save"
    path.write_bytes(forged)
    status, _out, err, _written = headless(tmp_path, "--load", str(path))
    assert status == 2 and "not a game array" in err


# --- replay files ----------------------------------------------------------------------------


@functools.cache
def _valid_replay(folder: str) -> dict[str, Any]:
    """A sound replay document of the tutorial, written as if it lived in `folder`."""
    sim = Simulation(load_level(DEFAULT_LEVEL), seed=2)
    sim.step(5)
    sim.execute(SetPolicy("tax_rate", 20))
    sim.step(25)
    document = replay_document(sim, Path(folder) / "r.json", 10)
    sim.close()
    assert isinstance(document, dict)
    return document


@FAST
@given(index=st.integers(0, 10**6), value=HOSTILE_VALUES, delete=st.booleans())
def test_a_replay_with_a_hostile_field_is_refused_cleanly_or_checked(tmp_path: Path, index: int, value: Any, delete: bool) -> None:
    document = json.loads(json.dumps(_valid_replay(str(tmp_path.parent))))
    document["level"] = str(DEFAULT_LEVEL)
    paths = _paths(document)
    _replace(document, paths[index % len(paths)], value, delete)
    path = tmp_path / "r.json"
    path.write_text(json.dumps(document))
    status, out, err = run("--headless", "--replay", str(path))
    assert "Traceback" not in out + err
    if status == 2:
        assert out == "" and err and all(line.startswith((str(path), str(DEFAULT_LEVEL), "neo-terra:")) for line in err.splitlines())
    else:
        assert status in (0, 1) and err == "" and out.count("\n") == 1


@FAST
@given(data=st.one_of(
    st.binary(max_size=2000),
    st.integers(1, 100_000).map(lambda depth: b"[" * depth + b"]" * depth),
    st.integers(1, 100_000).map(lambda depth: b'{"a":' * depth + b"1" + b"}" * depth),
    st.integers(0, 400).map(lambda n: json.dumps(_valid_replay("/tmp")).encode()[:n]),
    st.just(b'{"format": "neo-terra-replay", "version": 1, "seed": ' + b"9" * 5000 + b"}"),
))
def test_garbage_deep_or_truncated_replays_exit_2_with_one_line(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(data)
    status, out, err = run("--headless", "--replay", str(path))
    assert status == 2 and out == "" and err.count("\n") == 1 and err.startswith(str(path)), err


# --- a few through a real process ------------------------------------------------------------


def test_hostile_files_through_main_py_exit_2_with_one_line_and_no_traceback(tmp_path: Path) -> None:
    level = tmp_path / "deep.toml"
    level.write_bytes(b"a = " + b"[" * 50_000 + b"]" * 50_000)
    save = tmp_path / "garbage.save"
    save.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)
    replay = tmp_path / "deep.json"
    replay.write_bytes(b"[" * 200_000 + b"]" * 200_000)
    for args in (["--headless", "--level", str(level), "--ticks", "5"], ["--headless", "--load", str(save), "--ticks", "5"],
                 ["--headless", "--replay", str(replay)]):
        done = subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, timeout=60)
        assert done.returncode == 2, done.stderr
        assert done.stdout == "" and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


# --- strings of any length in any field ------------------------------------------------------

# A valid level that uses every string field the format has and every kind of key: fields of each
# section, table keys chosen by the author (legend characters, rule and policy names) and entries
# of arrays of strings.
FULL_LEVEL: dict[str, Any] = {
    "format": 2,
    "name": "Every Field",
    "description": "A level with a value in each string field.",
    "seed": 3,
    "map": {
        "rows": "\n..........\n..~~......\n..##......\n..uu......\n..........\n..=.......\n",
        "legend": {".": "ground", "%": {"terrain": "ground", "building": "power_line"}},
    },
    "start": {"funds": 30000},
    "buildings": [{"kind": "housing", "x": 4, "y": 1, "occupants": 150}],
    "rules": {"collection_base": 80},
    "policies": {"tax_rate": 12},
    "goals": {"deadline_day": 9, "targets": [{"metric": "population", "at_least": 100}]},
    "camps": [{"name": "Rust", "x": 2, "y": 2}],
    "politics": {"election_every_days": 20, "factions": [{"name": "activists", "share": 30}]},
    "events": {
        "disable": ["tycoon"],
        "custom": [{
            "id": "audit", "title": "The auditor calls", "text": "An auditor wants the books.", "cast": ["Ahmad"],
            "trigger": [
                {"kind": "metric", "metric": "caches", "at_least": 50},
                {"kind": "chose", "event": "discovery", "choice": "bury"},
                {"kind": "policy", "policy": "transparency", "at_least": 1},
            ],
            "choices": [
                {"id": "pay", "label": "Pay", "explanation": "Settle.", "default": True, "effects": [
                    {"kind": "funds", "amount": -2000}, {"kind": "policy", "policy": "transparency", "value": 1},
                    {"kind": "approval", "faction": "activists", "amount": -3}, {"kind": "unrest", "tribe": "Rust", "amount": 2},
                    {"kind": "expose", "cause": "audit"}, {"kind": "stance", "stance": "promise_cleanup"},
                ]},
                {"id": "stall", "label": "Stall", "explanation": "Wait.",
                 "effects": [{"kind": "sabotage", "building": "compost_works", "ticks": 24}]},
            ],
        }],
    },
}
LONG_STRINGS = {
    "letters": "k" * 100_000,  # a bare key, as long as any field's limit many times over
    "mixed": ("line\n\x00\t😀 \\u0041 \"'" * 5_000)[:50_000],  # breaks, NULs, emoji, quotes and escapes
}
MAX_MESSAGE_CHARS = 400  # after the file name: the longest line the game writes is a list of known names


def _toml_string(text: str) -> str:
    """Return `text` as a TOML basic string (json escapes are TOML escapes; emoji stay as they are)."""
    return json.dumps(text, ensure_ascii=False)


def _toml_level(document: dict[str, Any]) -> str:
    """Return a level document as TOML, one top-level key a line and everything under it inline."""

    def value(item: Any) -> str:
        if isinstance(item, str):
            return _toml_string(item)
        if isinstance(item, list):
            return "[" + ", ".join(value(entry) for entry in item) + "]"
        if isinstance(item, dict):
            return "{" + ", ".join(f"{_toml_string(key)} = {value(entry)}" for key, entry in item.items()) + "}"
        return _toml_value(item)

    return "".join(f"{_toml_string(key)} = {value(item)}\n" for key, item in document.items())


def _string_places(document: Any, prefix: tuple = ()) -> list[tuple[tuple, bool]]:
    """Return (path, is a key) for every string value and every key in `document`."""
    found: list[tuple[tuple, bool]] = []
    if isinstance(document, dict):
        for key, item in document.items():
            found.append(((*prefix, key), True))
            found += _string_places(item, (*prefix, key))
    elif isinstance(document, list):
        for index, item in enumerate(document):
            found += _string_places(item, (*prefix, index))
    elif isinstance(document, str):
        found.append((prefix, False))
    return found


def _with_string(document: dict[str, Any], path: tuple, is_key: bool, text: str) -> dict[str, Any]:
    """Return a copy of `document` with the value (or the key) at `path` replaced by `text`."""
    changed = json.loads(json.dumps(document))
    parent = changed
    for part in path[:-1]:
        parent = parent[part]
    if is_key:
        items = list(parent.items())
        parent.clear()
        parent.update((text if key == path[-1] else key, item) for key, item in items)
    else:
        parent[path[-1]] = text
    return changed


ARRAY_ROWS_LEVEL = {**FULL_LEVEL, "map": {**FULL_LEVEL["map"], "rows": FULL_LEVEL["map"]["rows"].split()}}
STRING_PLACES = [(FULL_LEVEL, *place) for place in _string_places(FULL_LEVEL)] + [
    (ARRAY_ROWS_LEVEL, path, False) for path, is_key in _string_places(ARRAY_ROWS_LEVEL) if path[:2] == ("map", "rows") and not is_key
][:2]  # the first and second row of a map written as an array of strings


@pytest.mark.parametrize("level", [FULL_LEVEL, ARRAY_ROWS_LEVEL], ids=["string rows", "array rows"])
def test_the_level_with_every_string_field_is_itself_valid(tmp_path: Path, level: dict[str, Any]) -> None:
    path = tmp_path / "level.toml"
    path.write_text(_toml_level(level), encoding="utf-8")
    assert run("--validate", str(path)) == (0, f"{path}: ok\n", "")


@pytest.mark.parametrize("kind", LONG_STRINGS)
@pytest.mark.parametrize(
    ("level", "place", "is_key"), STRING_PLACES, ids=[f"{'key' if k else 'value'}:{field_path(p)}" for _, p, k in STRING_PLACES]
)
def test_a_very_long_string_in_any_field_or_key_is_refused_in_one_line_a_problem(
    tmp_path: Path, level: dict[str, Any], place: tuple, is_key: bool, kind: str
) -> None:
    path = tmp_path / "level.toml"
    path.write_text(_toml_level(_with_string(level, place, is_key, LONG_STRINGS[kind])), encoding="utf-8")
    status, out, err = run("--validate", str(path))
    assert status == 2 and out == "", err
    lines = err.splitlines()
    assert lines and len(set(lines)) == len(lines)
    for line in lines:
        assert line.startswith(f"{path}:"), line
        assert len(line) - len(str(path)) <= MAX_MESSAGE_CHARS, line
        assert not any(word in line.lower() for word in ("pydantic", "http", "traceback", " should ")), line
    if not is_key:  # the long value is the one problem, named by its field (map rows: by line and column)
        named = rf"{re.escape(str(path))}:\d+:\d+: "
        if place[:2] != ("map", "rows"):
            named += re.escape(f"{field_path(place)}: ")
        assert len(lines) == 1 and re.match(named, lines[0]), lines
    else:  # the long key is refused as a key or an unknown field; a required field it renamed is missing
        assert len(lines) <= 2, lines


def test_a_huge_string_in_a_level_document_is_refused_in_well_under_a_second() -> None:
    """A level file is at most 2 MiB, but the document check meets ten million characters just as fast."""
    huge = "x" * 10_000_000
    for document in (
        {**FULL_LEVEL, "name": huge},
        {**FULL_LEVEL, huge: 1},  # difflib looked for a misspelling of it for seconds
        {**FULL_LEVEL, "rules": {huge: 1}},
        {**FULL_LEVEL, "map": {**FULL_LEVEL["map"], "rows": huge}},
    ):
        text = _toml_level(document)
        started = time.perf_counter()
        with pytest.raises(InputError) as caught:
            scenario_from_document(tomllib.loads(text), text, "level.toml")
        assert time.perf_counter() - started < HOSTILE_SECONDS
        assert len(caught.value.problems) == 1 and len(caught.value.problems[0]) < 200


@pytest.mark.parametrize("rows", [
    '"""\n' + "\n" * 1_500_000 + 'Q\n"""',  # blank lines were popped one by one from the front: 254 s
    '"' + "\\n" * 600_000 + 'Q"',  # the scanner looked for the closing quote again after each escape: 23 s
    '"""\n' + ".\n" * 900_000 + '"""',
    "[" + '".",' * 400_000 + "]",
])
def test_a_level_of_a_huge_map_string_is_refused_quickly(tmp_path: Path, rows: str) -> None:
    path = tmp_path / "level.toml"
    path.write_text(f'format = 2\nname = "Huge"\n[map]\nrows = {rows}\n')
    assert path.stat().st_size < 2 * 1024 * 1024
    started = time.perf_counter()
    problems = validate_level(path)
    assert time.perf_counter() - started < HOSTILE_SECONDS
    assert len(problems) == 1 and ("unknown tile 'Q'" in problems[0] or "rows high; at most 512 allowed" in problems[0])


def test_long_strings_through_main_py_exit_2_with_one_line_and_no_traceback(tmp_path: Path) -> None:
    cases = {
        "legend.toml": _toml_level(_with_string(FULL_LEVEL, ("map", "legend", "."), False, "g" * 10_000)),  # was a traceback
        "key.toml": _toml_level(_with_string(FULL_LEVEL, ("name",), True, "k" * 1_000_000)),  # and name is then missing
        "number.toml": _toml_level(FULL_LEVEL).replace('"seed" = 3', '"seed" = ' + "9" * 5_000),  # more digits than int() reads
    }
    for name, text in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--headless", "--level", str(path), "--ticks", "10"],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 2, done.stderr
        assert done.stdout == "" and "Traceback" not in done.stderr and "pydantic" not in done.stderr
        lines = done.stderr.splitlines()
        assert all(line.startswith(str(path)) and len(line) < len(str(path)) + 200 for line in lines), lines
        assert len(lines) == (2 if name == "key.toml" else 1), lines
