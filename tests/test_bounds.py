"""Bounded input: every file is a regular file, and the work and memory it implies are capped before they are spent.

Each bound is shown with a hostile file built just under it (read or refused for another reason)
and just over it (refused in one line naming the file).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import time
import unittest.mock
import zipfile
from pathlib import Path

import pytest
from worlds import BENCH_128, HOSTILE_SECONDS

from game.cli import main
from game.level import DEFAULT_LEVEL, InputError, load_commands, load_level, validate_level
from game.level import save as save_module
from game.level.save import load_game, save_bytes
from game.level.source import MAX_JSON_DEPTH, MAX_JSON_VALUES, MAX_TOML_KEY_PARTS, MAX_TOML_KEYS, json_size_problem, parse_toml
from game.replay import MAX_REPLAY_TICKS, MAX_REPLAY_TILE_TICKS, ExportFailed, load_replay, replay_document
from game.sim import Simulation
from game.sim.commands import COMMAND_LOG_LIMIT, MAX_COMMAND_TILES, Applied, PlaceLine, SetPolicy, command_tiles


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("kind", ["fifo", "directory", "device"])
@pytest.mark.parametrize("flag", ["--validate", "--commands", "--load", "--replay"])
def test_a_path_that_is_no_regular_file_is_refused_at_once_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, flag: str
) -> None:
    path = {"fifo": lambda: str(_fifo(tmp_path)), "directory": lambda: str(tmp_path), "device": lambda: "/dev/zero"}[kind]()
    args = {
        "--validate": ["--validate", path],
        "--commands": ["--headless", "--level", str(DEFAULT_LEVEL), "--ticks", "1", "--commands", path],
        "--load": ["--headless", "--load", path, "--ticks", "1"],
        "--replay": ["--headless", "--replay", path],
    }[flag]
    assert main(args) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith(f"{path}: ") and ("regular file" in err[0] or "directory" in err[0])


def test_a_file_of_proc_that_waits_for_data_is_refused_at_once(tmp_path: Path) -> None:
    if not os.access("/proc/kmsg", os.R_OK):
        pytest.skip("/proc/kmsg is not readable here")
    for _ in range(2):  # the first read may drain what the kernel had queued
        with pytest.raises(InputError) as caught:
            load_commands("/proc/kmsg")
    assert caught.value.problems[0].startswith("/proc/kmsg: ")


def _replay_file(tmp_path: Path, level: str) -> Path:
    sim = Simulation(load_level(DEFAULT_LEVEL), seed=2)
    sim.step(3)
    document = replay_document(sim, tmp_path / "r.json", 24)
    sim.close()
    assert isinstance(document, dict)
    path = tmp_path / "r.json"
    path.write_text(json.dumps({**document, "level": level}))
    return path


def test_a_replay_naming_a_fifo_or_a_device_as_its_level_is_refused_at_once(tmp_path: Path) -> None:
    for level in (str(_fifo(tmp_path)), "/dev/zero", str(tmp_path)):
        path = _replay_file(tmp_path, level)
        with pytest.raises(InputError) as caught:
            load_replay(path)
        assert caught.value.problems == [caught.value.problems[0]]
        assert caught.value.problems[0].startswith(f"{path}: level: {level}: ")


# --- save archives ---------------------------------------------------------------------------


def _save_entries() -> dict[str, bytes]:
    sim = Simulation(load_level(DEFAULT_LEVEL), seed=4)
    sim.step(2)
    with zipfile.ZipFile(io.BytesIO(save_bytes(sim))) as zipped:
        entries = {name: zipped.read(name) for name in zipped.namelist()}
    sim.close()
    return entries


def _sealed(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    header = {**json.loads(entries["header.json"]), "checksum": hashlib.sha256(entries["state.json"] + entries["arrays.npz"]).hexdigest()}
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", compression) as zipped:
        zipped.writestr("header.json", json.dumps(header))
        zipped.writestr("state.json", entries["state.json"])
        zipped.writestr("arrays.npz", entries["arrays.npz"])
    return archive.getvalue()


@pytest.mark.parametrize("compression", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_a_save_entry_compressed_in_a_way_inflated_whole_is_refused(tmp_path: Path, compression: int) -> None:
    path = tmp_path / "bomb.save"
    path.write_bytes(_sealed(_save_entries(), compression))
    with pytest.raises(InputError, match=r"bomb.save: header.json: compressed in a way the game never writes"):
        load_game(path)


def _lying(data: bytes, name: str, declared: int) -> bytes:
    """Return the archive `data` with entry `name` declaring `declared` bytes in its central directory."""
    with zipfile.ZipFile(io.BytesIO(data)) as zipped:
        info = zipped.getinfo(name)
    record = data.index(b"PK\x01\x02")
    while data[record + 46 : record + 46 + len(name)] != name.encode():
        record = data.index(b"PK\x01\x02", record + 4)
    patched = bytearray(data)
    patched[record + 24 : record + 28] = declared.to_bytes(4, "little")
    return bytes(patched) if info.file_size != declared else data


def test_a_save_entry_inflating_past_its_cap_is_refused_whatever_it_declares(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(save_module, "MAX_STATE_BYTES", 100_000)
    entries = _save_entries()
    state = json.loads(entries["state.json"])
    for size, declared in ((100_000, 100_000), (100_001, 100_001), (100_001, 99_000)):
        padded = json.dumps(state).encode()
        padded = padded[:-1] + b" " * (size - len(padded)) + b"}"
        path = tmp_path / "padded.save"
        path.write_bytes(_lying(_sealed({**entries, "state.json": padded}), "state.json", declared))
        if size == declared <= 100_000:
            load_game(path).close()  # just under the cap: read and played
            continue
        with pytest.raises(InputError) as caught:
            load_game(path)
        assert caught.value.problems in (
            [f"{path}: state.json is larger than a save allows (100,000 bytes)"],
            [f"{path}: not a Neo-Terra save, or the file is damaged"],  # zipfile stops at the declared size
        )


# --- JSON documents ----------------------------------------------------------------------------


def _values(count: int) -> bytes:
    """A JSON array holding `count` values in all (itself, then count - 1 numbers), commas in strings aside."""
    return b'["a,b[{",' + b"0," * (count - 3) + b"0]"


def test_a_json_document_of_too_many_values_or_too_deep_is_refused_before_parsing() -> None:
    assert json_size_problem(_values(MAX_JSON_VALUES)) is None
    assert json_size_problem(_values(MAX_JSON_VALUES + 1)) == f"holds more than {MAX_JSON_VALUES:,} values"
    assert json_size_problem(b"[" * MAX_JSON_DEPTH + b'"]]]"' + b"]" * MAX_JSON_DEPTH) is None
    assert json_size_problem(b"[" * (MAX_JSON_DEPTH + 1) + b"]" * (MAX_JSON_DEPTH + 1)) == f"nested more than {MAX_JSON_DEPTH} deep"


def test_a_save_or_replay_of_too_many_values_is_refused_in_one_line(tmp_path: Path) -> None:
    entries = _save_entries()
    state = json.loads(entries["state.json"])
    state["society"] = {"agents": {"x": [{}] * (MAX_JSON_VALUES // 2)}}
    path = tmp_path / "many.save"
    path.write_bytes(_sealed({**entries, "state.json": json.dumps(state).encode()}))
    with pytest.raises(InputError) as caught:
        load_game(path)
    assert caught.value.problems == [f"{path}: state.json: holds more than {MAX_JSON_VALUES:,} values"]
    replay = _replay_file(tmp_path, str(DEFAULT_LEVEL))
    document = json.loads(replay.read_text())
    replay.write_text(json.dumps({**document, "commands": [{}] * (MAX_JSON_VALUES // 2)}))
    with pytest.raises(InputError) as caught:
        load_replay(replay)
    assert caught.value.problems == [f"{replay}: holds more than {MAX_JSON_VALUES:,} values"]


def test_a_save_with_a_bad_entry_in_every_place_reports_the_first_of_each_list_only(tmp_path: Path) -> None:
    entries = _save_entries()
    state = json.loads(entries["state.json"])
    state["command_log"] = [{}] * 20_000
    path = tmp_path / "bad.save"
    path.write_bytes(_sealed({**entries, "state.json": json.dumps(state).encode()}))
    with pytest.raises(InputError) as caught:
        load_game(path)
    assert len(caught.value.problems) <= 3 and "command_log[0]" in caught.value.problems[0]


def test_a_replay_whose_version_is_true_is_refused(tmp_path: Path) -> None:
    path = _replay_file(tmp_path, str(DEFAULT_LEVEL))
    load_replay(path)
    path.write_text(json.dumps({**json.loads(path.read_text()), "version": True}))
    with pytest.raises(InputError) as caught:
        load_replay(path)
    assert caught.value.problems == [f"{path}: version: expected an integer"]


# --- TOML levels and commands files ----------------------------------------------------------


def test_a_dotted_key_of_too_many_parts_is_refused_before_tomllib_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "deep.toml"
    path.write_text(DEFAULT_LEVEL.read_text() + "\n[extra]\n" + ".".join(["a"] * MAX_TOML_KEY_PARTS) + " = 1\n")
    problems = validate_level(path)
    assert problems and "dotted key" not in problems[0]  # just under: read, then refused as an unknown section
    path.write_text(DEFAULT_LEVEL.read_text() + "\n[extra]\n" + ".".join(["a"] * 20_000) + " = 1\n")
    started = time.perf_counter()
    problems = validate_level(path)
    line = DEFAULT_LEVEL.read_text().count("\n") + 3
    assert problems == [f"{path}:{line}:1: a dotted key of more than {MAX_TOML_KEY_PARTS} parts"]
    assert time.perf_counter() - started < HOSTILE_SECONDS


def test_a_dotted_key_inside_a_string_or_a_comment_is_no_key() -> None:
    dots = ".".join(["a"] * 100)
    assert parse_toml(f'x = "{dots}"\ny = \'{dots}\'\nz = """\n{dots}\n"""\n# {dots}\n', "f.toml")["y"] == dots


def test_a_toml_file_of_too_many_keys_is_refused_before_tomllib_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "many.toml"
    for count, refused in ((MAX_TOML_KEYS, False), (MAX_TOML_KEYS + 1, True)):
        path.write_text("command = [" + "{b=1}," * (count - 1) + "]\n")  # 6 bytes a key: the file is under 2 MiB
        with pytest.raises(InputError) as caught:
            load_commands(path)
        assert (caught.value.problems == [f"{path}: more than {MAX_TOML_KEYS:,} keys and tables"]) == refused


# --- work a file implies -----------------------------------------------------------------------


def test_a_tick_of_ten_thousand_queued_builds_is_fast_and_projects_as_a_rebuild_would() -> None:
    from game.sim.commands import Place
    from game.sim.layout import build

    sim = Simulation(load_level(DEFAULT_LEVEL), seed=1)
    sim.world.funds = 10**12
    for y in range(sim.world.height):
        for x in range(sim.world.width):
            sim.submit(Place("power_line", x, y))
    started = time.perf_counter()
    sim.step()
    assert time.perf_counter() - started < HOSTILE_SECONDS
    layout, rebuilt = sim.world.layout, build(sim.world.entities, sim.world.width)
    assert layout.count > 100 and layout.version == rebuilt.version
    for name in ("ids", "entities", "kinds", "x", "y", "width", "height"):
        assert getattr(layout, name).tolist() == getattr(rebuilt, name).tolist(), name
    assert {k: v.tolist() for k, v in layout._values.items()} == {k: v.tolist() for k, v in rebuilt._values.items()}
    assert {k: v.tolist() for k, v in layout._masks.items()} == {k: v.tolist() for k, v in rebuilt._masks.items()}
    sim.close()


def _runs(tiles: int) -> list[dict[str, object]]:
    """Power line runs (and places) that make the game check exactly `tiles` tiles."""
    runs = [{"type": "place_line", "x0": 0, "y0": 0, "x1": 1999, "y1": 0}] * (tiles // 2000)
    return [*runs, *[{"type": "place", "kind": "garden", "x": 1, "y": 1}] * (tiles % 2000)]


def test_a_commands_file_is_bounded_by_the_tiles_its_runs_make_the_game_check(tmp_path: Path) -> None:
    path = tmp_path / "runs.toml"
    for tiles, refused in ((MAX_COMMAND_TILES, False), (MAX_COMMAND_TILES + 1, True)):
        lines = ["[[command]]\ntick = 0\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in run.items()) for run in _runs(tiles)]
        path.write_text("".join(lines))
        if not refused:
            assert len(load_commands(path)) == len(lines)
            continue
        with pytest.raises(InputError) as caught:
            load_commands(path)
        assert caught.value.problems == [
            f"{path}: command: the commands would check {tiles:,} map tiles; at most {MAX_COMMAND_TILES:,} (shorter power line runs)"
        ]


def test_a_save_whose_queue_would_check_too_many_tiles_is_refused(tmp_path: Path) -> None:
    entries = _save_entries()
    state = json.loads(entries["state.json"])
    path = tmp_path / "queue.save"
    for tiles, refused in ((MAX_COMMAND_TILES, False), (MAX_COMMAND_TILES + 1, True)):
        state["pending"] = _runs(tiles)
        path.write_bytes(_sealed({**entries, "state.json": json.dumps(state).encode()}))
        if not refused:
            load_game(path).close()
            continue
        with pytest.raises(InputError) as caught:
            load_game(path)
        assert caught.value.problems == [f"{path}: state.json: pending: the commands would check {tiles:,} map tiles; at most {MAX_COMMAND_TILES:,}"]


def test_a_replay_is_bounded_by_its_ticks(tmp_path: Path) -> None:
    path = _replay_file(tmp_path, str(DEFAULT_LEVEL))
    document = json.loads(path.read_text())
    long = {**document, "ticks": MAX_REPLAY_TICKS, "checkpoints": [{"tick": MAX_REPLAY_TICKS, "state_hash": "0" * 32}]}
    path.write_text(json.dumps(long))
    assert load_replay(path).ticks == MAX_REPLAY_TICKS  # just under: read (re-running it would take seconds)
    path.write_text(json.dumps({**long, "ticks": MAX_REPLAY_TICKS + 1}))
    with pytest.raises(InputError) as caught:
        load_replay(path)
    assert caught.value.problems[0].startswith(f"{path}: ticks: ")
    commands = [{"tick": 0, "type": "set_policy", "name": "tax_rate", "value": 10}] * 15_000
    marks = [{"tick": tick, "state_hash": "0" * 32} for tick in range(1_000)]  # 15,000,000 logged commands behind the checkpoints
    path.write_text(json.dumps({**document, "ticks": 999, "commands": commands, "checkpoints": marks}))
    assert len(load_replay(path).commands) == len(commands)  # a checkpoint's hash leaves the log out: no bound on their product


def test_a_state_hash_costs_the_same_whatever_the_command_log_holds() -> None:
    sim = Simulation(load_level(DEFAULT_LEVEL), seed=1)
    sim.step(2)
    before = sim.state_hash()
    calls = []
    with unittest.mock.patch("game.sim.snapshot.command_to_dict", side_effect=lambda command: calls.append(command) or {}):
        sim.world.command_log.extend([(1, SetPolicy("tax_rate", 10), Applied(""))] * 50_000)
        assert sim.state_hash() == before  # the log is record: saved, never hashed...
    assert calls == []  # ...and not even written out for the hash
    sim.close()


def test_a_long_games_log_keeps_its_newest_commands_and_its_saves_load_again(tmp_path: Path) -> None:
    sim = Simulation(load_level(DEFAULT_LEVEL), seed=1)
    given = COMMAND_LOG_LIMIT + 5
    for value in range(given):
        sim.execute(SetPolicy("tax_rate", 5 + value % 5))
    assert len(sim.command_log) <= COMMAND_LOG_LIMIT and sim.command_log_dropped + len(sim.command_log) == given
    assert sim.command_log[-1][1] == SetPolicy("tax_rate", 5 + (given - 1) % 5)  # the newest are kept
    path = tmp_path / "long.sav"
    path.write_bytes(save_bytes(sim))
    started = time.perf_counter()
    loaded = load_game(path)
    assert time.perf_counter() - started < HOSTILE_SECONDS
    assert (len(loaded.command_log), loaded.command_log_dropped) == (len(sim.command_log), sim.command_log_dropped)
    assert loaded.state_hash() == sim.state_hash()
    exported = replay_document(loaded, tmp_path / "long.replay.json")
    assert isinstance(exported, ExportFailed) and "cannot be replayed from its start" in exported.reason
    sim.close()
    loaded.close()


def test_a_game_that_laid_many_lines_loads_again_though_its_replay_would_check_too_many_tiles(tmp_path: Path) -> None:
    sim = Simulation(load_level(DEFAULT_LEVEL), seed=1)
    run = PlaceLine(0, 0, sim.width - 1, 0)
    for _ in range(MAX_COMMAND_TILES // command_tiles(run) + 1):  # the log is record: it is never re-run on loading
        sim.world.command_log.append((0, run, Applied("")))
    path = tmp_path / "lines.sav"
    path.write_bytes(save_bytes(sim))
    loaded = load_game(path)
    assert len(loaded.command_log) == len(sim.command_log)
    exported = replay_document(loaded, tmp_path / "lines.replay.json")
    assert isinstance(exported, ExportFailed) and "map tiles; a replay may check at most" in exported.reason
    sim.close()
    loaded.close()


def test_a_replay_on_a_bigger_map_may_ask_for_fewer_ticks(tmp_path: Path) -> None:
    level = BENCH_128  # 128x128: a tick does about four times the tutorial's work
    most = MAX_REPLAY_TILE_TICKS // (128 * 128)
    assert most < MAX_REPLAY_TICKS
    for ticks, refused in ((most, False), (most + 1, True)):
        document = {
            "format": "neo-terra-replay", "version": 1, "level": str(level),
            "level_sha256": hashlib.sha256(level.read_bytes()).hexdigest(), "seed": 1, "ticks": ticks,
            "checkpoint_every": 24, "commands": [], "checkpoints": [{"tick": ticks, "state_hash": "0" * 32}],
        }
        path = tmp_path / "big.json"
        path.write_text(json.dumps(document))
        if not refused:
            assert load_replay(path).ticks == most  # just under: read (not re-run here)
            continue
        with pytest.raises(InputError) as caught:
            load_replay(path)
        assert caught.value.problems == [
            f"{path}: ticks: {most + 1:,} ticks on a 128x128 map are more than a replay may re-run there (at most {most:,})"
        ]
