"""The command line contract: headless runs, reports, validation and one-line errors (exit 2)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main

ROOT = Path(__file__).resolve().parent.parent

TINY_LEVEL = """\
format = 1
name = "Test Yard"
description = "A few blocks and a solar farm, for the command line tests."
seed = 3

[map]
rows = \"\"\"
....................
....................
....................
....................
....................
....................
....................
....................
....................
....................
\"\"\"
[map.legend]
"." = "ground"

[start]
funds = 30000

[[buildings]]
kind = "solar_farm"
x = 1
y = 1

[[buildings]]
kind = "housing"
x = 4
y = 1
occupants = 150
"""

COMMANDS = """\
[[command]]
tick = 0
type = "place"
kind = "compost_works"
x = 6
y = 1

[[command]]
tick = 2
type = "place"
kind = "compost_works"
x = 6
y = 1

[[command]]
tick = 5
type = "set_policy"
name = "tax_rate"
value = 12

[[command]]
tick = 999
type = "demolish"
x = 6
y = 1
"""


@pytest.fixture()
def level(tmp_path: Path) -> Path:
    """A tiny valid level file."""
    path = tmp_path / "yard.toml"
    path.write_text(TINY_LEVEL)
    return path


def run(*args: str) -> tuple[int, str, str]:
    """Run the command line in-process and return (status, stdout, stderr)."""
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    return status, out.getvalue(), err.getvalue()


def test_headless_run_prints_one_summary_line_and_writes_the_report(level: Path, tmp_path: Path) -> None:
    report_path = tmp_path / "report.json"
    commands = tmp_path / "cmds.toml"
    commands.write_text(COMMANDS)
    status, out, err = run("--headless", "--level", str(level), "--ticks", "72", "--commands", str(commands), "--report", str(report_path))
    assert (status, err) == (0, "")
    assert len(out.strip().splitlines()) == 1
    assert "Test Yard: day 3 tick 72" in out
    report = json.loads(report_path.read_text())
    for key in ("level", "seed", "ticks", "day", "state_hash", "outcome", "funds", "population", "resources",
                "waste", "power", "pollution", "agents", "resident_contentment", "voter_approval", "elections", "events"):
        assert key in report, key
    assert report["ticks"] == 72 and report["day"] == 3 and report["seed"] == 3
    assert report["state_hash"] in out
    assert set(report["waste"]) >= {"generated", "collected", "recycled", "hazardous_untreated"}
    assert set(report["power"]) >= {"supply_kw", "demand_kw", "served_fraction", "siphoned_kw"}
    assert report["waste"]["generated"] > 0
    results = [c["result"] for c in report["commands"]]
    assert results == ["applied", "rejected", "applied", "not_reached"]
    assert "already built on" in report["commands"][1]["reason"]
    assert report["policies"]["tax_rate"] == 12
    assert report["buildings"]["compost_works"] == 1


def test_seed_flag_overrides_the_level_seed_and_changes_the_run(level: Path, tmp_path: Path) -> None:
    hashes = []
    for seed in ("3", "3", "4"):
        report_path = tmp_path / f"r{len(hashes)}.json"
        assert run("--headless", "--level", str(level), "--ticks", "48", "--seed", seed, "--report", str(report_path))[0] == 0
        hashes.append(json.loads(report_path.read_text())["state_hash"])
    assert hashes[0] == hashes[1] != hashes[2]


def test_headless_save_then_load_continues_to_the_same_hash(level: Path, tmp_path: Path) -> None:
    straight = tmp_path / "straight.json"
    assert run("--headless", "--level", str(level), "--ticks", "60", "--report", str(straight))[0] == 0
    save = tmp_path / "game.save"
    assert run("--headless", "--level", str(level), "--ticks", "25", "--save", str(save))[0] == 0
    resumed = tmp_path / "resumed.json"
    assert run("--headless", "--load", str(save), "--ticks", "35", "--report", str(resumed))[0] == 0
    assert json.loads(resumed.read_text())["state_hash"] == json.loads(straight.read_text())["state_hash"]
    assert json.loads(resumed.read_text())["tick"] == 60


def test_validate_reports_ok_for_good_files_and_exit_2_for_bad(level: Path, tmp_path: Path) -> None:
    status, out, _ = run("--validate", str(level))
    assert status == 0 and "ok" in out
    bad = tmp_path / "bad.toml"
    bad.write_text(TINY_LEVEL.replace('kind = "housing"', 'kind = "castle"'))
    status, _, err = run("--validate", str(level), str(bad))
    assert status == 2
    assert err.strip().count("\n") == 0 and str(bad) in err and "castle" in err


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--headless", "--ticks", "5"], "--level"),
        (["--headless", "--level", "LEVEL"], "--ticks"),
        (["--headless", "--level", "LEVEL", "--ticks", "many"], "whole number"),
        (["--headless", "--level", "LEVEL", "--ticks", "-3"], "between"),
        (["--headless", "--level", "LEVEL", "--ticks", "5", "--seed", "x"], "whole number"),
        (["--headless", "--level", "LEVEL", "--ticks", "5", "--report", "/no/such/folder/r.json"], "does not exist"),
        (["--headless", "--level", "missing.toml", "--ticks", "5"], "missing.toml"),
        (["--headless", "--level", "odd\x1ename.toml", "--ticks", "5"], "odd\\u001ename.toml"),  # a line break to splitlines
        (["--headless", "--level", "LEVEL", "--ticks", "5", "--commands", "missing.toml"], "missing.toml"),
        (["--headless", "--load", "missing.save", "--ticks", "5"], "missing.save"),
        (["--ticks", "5"], "--headless"),
        (["--frobnicate"], "unrecognized"),
    ],
)
def test_bad_arguments_give_one_line_and_exit_2(level: Path, args: list[str], needle: str) -> None:
    args = [str(level) if a == "LEVEL" else a for a in args]
    status, out, err = run(*args)
    assert status == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert needle in err
    assert "Traceback" not in err


def test_report_is_not_written_when_the_input_is_bad(level: Path, tmp_path: Path) -> None:
    report_path = tmp_path / "r.json"
    commands = tmp_path / "cmds.toml"
    commands.write_text("[[command]]\ntick = 0\ntype = \"launch\"\n")
    status, _, err = run("--headless", "--level", str(level), "--ticks", "5", "--commands", str(commands), "--report", str(report_path))
    assert status == 2 and "launch" in err
    assert not report_path.exists()


def test_main_py_runs_headless_in_a_fresh_process(level: Path) -> None:
    env = dict(os.environ, PYTHONHASHSEED="123")
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--headless", "--level", str(level), "--ticks", "30"],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Test Yard" in done.stdout and done.stderr == ""


def test_a_report_that_cannot_be_written_is_one_line_and_exit_2(level: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import game.files

    report_path = tmp_path / "r.json"
    report_path.write_text("the previous report")

    def disk_full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(game.files.os, "fsync", disk_full)
    status, out, err = run("--headless", "--level", str(level), "--ticks", "5", "--report", str(report_path))
    assert status == 2 and out == ""
    assert err.strip() == f"neo-terra: {report_path}: cannot write: No space left on device"
    assert report_path.read_text() == "the previous report"


def test_a_new_report_is_readable_by_everyone_like_any_file(level: Path, tmp_path: Path) -> None:
    report_path = tmp_path / "r.json"
    assert run("--headless", "--level", str(level), "--ticks", "5", "--report", str(report_path))[0] == 0
    assert report_path.stat().st_mode & 0o777 == 0o644


def _main_py(*args: str, **popen: object) -> subprocess.CompletedProcess:
    """Run main.py in a fresh process (so its stdout is a real file or pipe) and return the result."""
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], timeout=120, **popen)  # type: ignore[call-overload]


def test_report_dash_puts_only_the_json_on_stdout_and_the_summary_on_stderr(level: Path) -> None:
    done = _main_py("--headless", "--level", str(level), "--ticks", "24", "--report", "-", capture_output=True)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["tick"] == 24
    summary = done.stderr.decode().splitlines()
    assert len(summary) == 1 and "Test Yard: day 1 tick 24" in summary[0] and report["state_hash"] in summary[0]


@pytest.mark.parametrize("stdout_link", ["/dev/stdout", "/proc/self/fd/1"])
def test_report_to_the_stdout_link_fills_the_redirected_file_and_the_link_stays(
    level: Path, tmp_path: Path, dev_stdout: str, stdout_link: str,
) -> None:
    out = tmp_path / "out.json"
    with out.open("wb") as stdout:  # like `> out.json`
        done = _main_py("--headless", "--level", str(level), "--ticks", "24", "--report", stdout_link, stdout=stdout, stderr=subprocess.PIPE)
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text())["tick"] == 24  # whole, and not overwritten by the summary line
    assert "Test Yard: day 1 tick 24" in done.stderr.decode()
    assert os.path.islink("/dev/stdout") and os.readlink("/dev/stdout") == dev_stdout


def test_report_to_dev_stdout_appends_to_a_log_and_reaches_a_pipe(level: Path, tmp_path: Path, dev_stdout: str) -> None:
    log = tmp_path / "runs.log"
    log.write_text("an earlier run\n")
    with log.open("ab") as stdout:  # like `>> runs.log`: appended, the earlier line kept
        assert _main_py("--headless", "--level", str(level), "--ticks", "5", "--report", "/dev/stdout", stdout=stdout, stderr=subprocess.DEVNULL).returncode == 0
    first, rest = log.read_text().split("\n", 1)
    assert first == "an earlier run" and json.loads(rest)["tick"] == 5
    piped = _main_py("--headless", "--level", str(level), "--ticks", "5", "--report", "/dev/stdout", capture_output=True)
    assert piped.returncode == 0 and json.loads(piped.stdout)["tick"] == 5
    assert os.path.islink("/dev/stdout") and os.readlink("/dev/stdout") == dev_stdout


def test_report_through_a_symlink_leaves_the_link_and_fills_its_target(level: Path, tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    link = tmp_path / "latest.json"
    link.symlink_to("reports/run.json")
    status, out, err = run("--headless", "--level", str(level), "--ticks", "5", "--report", str(link))
    assert (status, err) == (0, "") and "Test Yard" in out  # not stdout: the summary stays there
    assert link.is_symlink() and os.readlink(link) == "reports/run.json"
    assert json.loads((tmp_path / "reports" / "run.json").read_text())["tick"] == 5


def test_report_through_a_fifo_reaches_its_reader_and_the_fifo_stays(level: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # the run's open need not wait: no thread to hang
    try:
        status, out, err = run("--headless", "--level", str(level), "--ticks", "5", "--report", str(fifo))
        chunks = []
        while chunk := os.read(reader, 65536):  # a report fits the pipe's buffer; empty once the writer closed
            chunks.append(chunk)
    finally:
        os.close(reader)
    assert (status, err) == (0, "") and "Test Yard" in out
    assert json.loads(b"".join(chunks))["tick"] == 5
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and sorted(p.name for p in tmp_path.iterdir()) == ["report.fifo", "yard.toml"]


def test_a_run_with_bad_input_opens_no_fifo_and_no_device(level: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        status, _, err = run("--headless", "--level", str(level), "--ticks", "5", "--report", str(fifo), "--save", "/dev/null", "--seed", "x")
        assert status == 2 and "whole number" in err
        status, _, err = run("--headless", "--level", str(tmp_path / "missing.toml"), "--ticks", "5", "--report", str(fifo))
        assert status == 2 and "missing.toml" in err
        assert os.read(reader, 100) == b""
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.parametrize(
    ("flags", "needle"),
    [
        (["--report", "-", "--save", "-"], "--report and --save"),
        (["--report", "-", "--export-replay", "-"], "--report and --export-replay"),
        (["--report", "FOLDER"], "is a folder"),
        (["--save", "DANGLING"], "whose folder does not exist"),
    ],
)
def test_two_dashes_a_folder_or_a_link_into_no_folder_are_one_line_and_exit_2(
    level: Path, tmp_path: Path, flags: list[str], needle: str,
) -> None:
    (tmp_path / "dangling").symlink_to("nowhere/city.save")
    flags = [{"FOLDER": str(tmp_path), "DANGLING": str(tmp_path / "dangling")}.get(flag, flag) for flag in flags]
    before = sorted(p.name for p in tmp_path.iterdir())
    status, out, err = run("--headless", "--level", str(level), "--ticks", "5", *flags)
    assert (status, out) == (2, "")
    assert len(err.strip().splitlines()) == 1 and needle in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_export_replay_dash_writes_a_replay_that_verifies_from_the_current_folder(level: Path, tmp_path: Path) -> None:
    replay = tmp_path / "run.replay.json"
    with replay.open("wb") as stdout:  # `--export-replay - > run.replay.json`, run in the replay's folder
        done = _main_py("--headless", "--level", str(level), "--ticks", "30", "--export-replay", "-", stdout=stdout, stderr=subprocess.PIPE, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(replay.read_text())["level"] == "yard.toml"
    status, out, err = run("--headless", "--replay", str(replay))
    assert (status, err) == (0, "") and "replay matches" in out


def test_a_save_that_fails_on_a_full_disk_fails_the_run_before_any_report(level: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import game.files

    report_path, save_path = tmp_path / "r.json", tmp_path / "city.save"
    real_fsync = os.fsync

    def disk_full_for_saves(handle: int) -> None:
        if ".city.save." in os.readlink(f"/proc/self/fd/{handle}"):
            raise OSError(28, "No space left on device")
        real_fsync(handle)

    monkeypatch.setattr(game.files.os, "fsync", disk_full_for_saves)
    status, _out, err = run("--headless", "--level", str(level), "--ticks", "5", "--report", str(report_path), "--save", str(save_path))
    assert status == 2 and "No space left on device" in err
    assert not report_path.exists() and not save_path.exists()


def test_a_save_whose_reader_fails_in_any_way_is_one_line_and_exit_2(level: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile

    import game.level.save

    def damaged(_path: object) -> None:
        raise zipfile.BadZipFile("Bad CRC-32 for file 'state.json'")

    monkeypatch.setattr(game.level.save, "load_game", damaged)
    status, out, err = run("--headless", "--load", str(tmp_path / "any.save"), "--ticks", "5")
    assert status == 2 and out == ""
    assert len(err.splitlines()) == 1 and "any.save" in err and "Bad CRC-32" in err


def test_an_error_line_is_bounded_with_an_ellipsis(tmp_path: Path) -> None:
    from game.cli import one_line
    from game.level.errors import MAX_LINE_CHARS

    line = one_line(f"{tmp_path}/{'k' * 1_900_000}: unknown field")
    assert len(line) == MAX_LINE_CHARS and line.endswith("…")


def test_a_killed_run_s_leftover_temporary_is_removed_at_the_next_start(level: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import game.files

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    leftover = tmp_path / f".r.json.pid{gone.pid}.abcd.tmp"
    leftover.write_bytes(b"half a report")

    def disk_full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(game.files.os, "fsync", disk_full)  # this run's own write fails: only the start can clean
    status, _out, _err = run("--headless", "--level", str(level), "--ticks", "5", "--report", str(tmp_path / "r.json"))
    assert status == 2
    assert not leftover.exists()


def test_a_headless_run_stops_at_the_levels_end_unless_asked_to_go_on(tmp_path: Path) -> None:
    first_light = str(Path(__file__).resolve().parent.parent / "levels" / "01_first_light.toml")  # lost at the vote on day 30
    commands = tmp_path / "late.toml"
    commands.write_text('[[command]]\ntick = 1000\ntype = "set_policy"\nname = "tax_rate"\nvalue = 8\n')
    ended, going_on = tmp_path / "ended.json", tmp_path / "on.json"
    assert run("--headless", "--level", first_light, "--ticks", "2000", "--commands", str(commands), "--report", str(ended))[0] == 0
    assert run("--headless", "--level", first_light, "--ticks", "2000", "--continue-after-end", "--report", str(going_on))[0] == 0
    report, later = json.loads(ended.read_text()), json.loads(going_on.read_text())
    assert report["outcome"]["status"] == later["outcome"]["status"] == "lost"
    assert (report["ticks"], report["ticks_requested"], report["tick"]) == (720, 2000, 720)  # the vote of day 30 ended it
    assert report["commands"][0]["result"] == "not_reached"
    assert (later["ticks"], later["tick"]) == (2000, 2000) and later["population"] < report["population"]


def test_a_level_whose_goal_can_never_be_met_is_refused_before_it_is_played(tmp_path: Path) -> None:
    # (A goal that becomes out of reach during play ends the level at once: tests/test_sim_goals.py.)
    path = tmp_path / "hopeless.toml"
    path.write_text(TINY_LEVEL + '\n[goals]\ndeadline_day = 30\n[[goals.targets]]\nmetric = "elections_won"\nat_least = 1\n')
    status, out, err = run("--headless", "--level", str(path), "--ticks", "240")
    assert status == 2 and out == ""
    assert err.splitlines() == [
        f"{path}:{TINY_LEVEL.count(chr(10)) + 4}:1: goals.targets[0]: elections won at least 1 can never be met: "
        "the level holds no elections (set [politics] election_every_days)"
    ]
