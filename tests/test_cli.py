"""The command line contract: headless runs, reports, validation and one-line errors (exit 2)."""

from __future__ import annotations

import json
import os
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
                "waste", "power", "pollution", "agents", "approval", "elections", "events"):
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
