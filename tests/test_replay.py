"""Replays: record a game, re-run it from its level and seed, and find the first tick it diverges."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import pytest

from game.cli import main
from game.level import DEFAULT_LEVEL, InputError, load_level
from game.level.save import load_game, save_game
from game.replay import Diverged, Exported, ExportFailed, Matched, export_replay, load_replay, verify
from game.sim import Simulation
from game.sim.commands import Place, SetPolicy

COMMANDS = """\
[[command]]
tick = 4
type = "set_policy"
name = "tax_rate"
value = 14

[[command]]
tick = 30
type = "place"
kind = "garden"
x = 1
y = 1

[[command]]
tick = 30
type = "place"
kind = "garden"
x = 1
y = 1
"""


def run(*args: str) -> tuple[int, str, str]:
    """Run the command line in-process and return (status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    return status, out.getvalue(), err.getvalue()


@pytest.fixture()
def level(tmp_path: Path) -> Path:
    """A copy of the tutorial level in its own folder, free to edit."""
    path = tmp_path / "levels" / "tutorial.toml"
    path.parent.mkdir()
    shutil.copy(DEFAULT_LEVEL, path)
    return path


@pytest.fixture()
def recorded(level: Path, tmp_path: Path) -> Path:
    """A replay of 80 ticks of the tutorial with three commands, recorded from the command line."""
    commands = tmp_path / "cmds.toml"
    commands.write_text(COMMANDS)
    path = tmp_path / "replays" / "game.json"
    path.parent.mkdir()
    status, _, err = run("--headless", "--level", str(level), "--ticks", "80", "--commands", str(commands),
                         "--export-replay", str(path), "--checkpoint-every", "10")
    assert (status, err) == (0, "")
    return path


def test_a_recorded_headless_run_replays_to_the_same_hashes(recorded: Path) -> None:
    document = json.loads(recorded.read_text())
    assert document["level"] == "../levels/tutorial.toml"  # relative to the replay's folder
    assert [c["tick"] for c in document["checkpoints"]] == [0, 10, 20, 30, 40, 50, 60, 70, 80]
    assert [c["tick"] for c in document["commands"]] == [4, 30, 30]  # the refused second garden too
    status, out, err = run("--headless", "--replay", str(recorded))
    assert (status, err) == (0, "")
    assert out.count("\n") == 1 and "matches" in out and "9 checkpoints" in out


def test_a_changed_checkpoint_is_reported_as_the_first_divergent_tick(recorded: Path) -> None:
    document = json.loads(recorded.read_text())
    document["checkpoints"][4]["state_hash"] = "0" * 32  # tick 40
    document["checkpoints"][6]["state_hash"] = "1" * 32
    recorded.write_text(json.dumps(document))
    status, out, err = run("--headless", "--replay", str(recorded))
    assert (status, err) == (1, "")
    assert out.count("\n") == 1 and "diverged at tick 40" in out


def test_a_changed_command_makes_the_replay_diverge_where_it_takes_effect(recorded: Path) -> None:
    document = json.loads(recorded.read_text())
    document["commands"][0]["value"] = 15
    recorded.write_text(json.dumps(document))
    replay = load_replay(recorded)
    verdict = verify(replay)
    assert isinstance(verdict, Diverged) and verdict.tick == 10  # the first checkpoint after tick 4


def test_a_replay_refuses_a_level_edited_since_it_was_recorded(recorded: Path, level: Path) -> None:
    level.write_text(level.read_text().replace("funds = ", "funds = 1"))
    status, out, err = run("--headless", "--replay", str(recorded))
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "has changed since the replay was recorded" in err


def test_a_game_played_interactively_and_saved_exports_a_replay_that_matches(level: Path, tmp_path: Path) -> None:
    sim = Simulation(load_level(level), seed=9)
    sim.step(5)
    sim.submit(SetPolicy("tax_rate", 18))
    sim.step(30)
    save = tmp_path / "game.save"
    save_game(sim, save)
    resumed = load_game(save)
    resumed.execute(Place("garden", 1, 1))
    resumed.step(20)
    resumed.submit(SetPolicy("tax_rate", 11))  # still queued when exported: not part of the replay
    path = tmp_path / "window.json"
    exported = export_replay(resumed, path, checkpoint_every=24)
    assert exported == Exported(path, 55, 4)  # ticks 0, 24, 48 and the end
    verdict = verify(load_replay(path))
    assert isinstance(verdict, Matched) and verdict.ticks == 55
    sim.close()
    resumed.close()


def test_export_refuses_when_the_level_no_longer_gives_the_same_game(level: Path, tmp_path: Path) -> None:
    sim = Simulation(load_level(level))
    sim.step(3)
    level.write_text(level.read_text().replace("funds = ", "funds = 1"))
    path = tmp_path / "r.json"
    result = export_replay(sim, path)
    assert isinstance(result, ExportFailed) and "edited" in result.reason
    assert not path.exists()
    sim.close()


def test_replay_refuses_run_options_it_takes_from_the_file(recorded: Path) -> None:
    status, out, err = run("--headless", "--replay", str(recorded), "--ticks", "5")
    assert status == 2 and out == "" and "--ticks" in err and err.count("\n") == 1


def test_a_replay_of_a_missing_level_names_the_level(recorded: Path, level: Path) -> None:
    level.unlink()
    with pytest.raises(InputError) as caught:
        load_replay(recorded)
    assert caught.value.problems == [f"{recorded}: level: {level}: no such file"]


def test_a_forged_replay_gets_the_games_words_one_line_a_problem(recorded: Path) -> None:
    document = json.loads(recorded.read_text())
    document["level_sha256"] = "not a digest"
    document["commands"][0]["value"] = 1.5  # an integer or a name: pydantic reported each member of the union
    document["commands"][1]["kind"] = "g" * 1_000_000
    document["checkpoints"] = []
    recorded.write_text(json.dumps(document))
    with pytest.raises(InputError) as caught:
        load_replay(recorded)
    assert caught.value.problems == [
        f"{recorded}: level_sha256: must be 64 hexadecimal digits (0-9, a-f), got the string 'not a digest'",
        f"{recorded}: commands[0].value: expected an integer or a string, got the number 1.5",  # the first bad command only
        f"{recorded}: checkpoints: has 0 entries; at least 1 needed",
    ]


DIG_OUT = """\
[[command]]
tick = 0
type = "set_policy"       # Ecolife collects hazardous waste, which fills the depot and spills into the landfill
name = "priority.hazardous"
value = 100

[[command]]
tick = 250
type = "place"
kind = "hazard_treatment"
x = 25
y = 41

[[command]]
tick = 250
type = "set_policy"       # stop collecting, so that the plant makes room in the depot
name = "priority.hazardous"
value = 0

[[command]]
tick = 270
type = "excavate"         # Neo-Terra's landfill
building = 221
units = 50
"""


def test_a_game_that_digs_out_a_landfill_replays_to_the_same_hashes(tmp_path: Path) -> None:
    level = tmp_path / "levels" / "neo_terra.toml"
    level.parent.mkdir()
    shutil.copy(Path(DEFAULT_LEVEL).parent / "02_neo_terra.toml", level)
    commands = tmp_path / "dig.toml"
    commands.write_text(DIG_OUT)
    path, report = tmp_path / "dig.json", tmp_path / "report.json"
    status, _, err = run("--headless", "--level", str(level), "--ticks", "280", "--commands", str(commands),
                         "--export-replay", str(path), "--report", str(report), "--checkpoint-every", "40")
    assert (status, err) == (0, "")
    logged = json.loads(report.read_text())["commands"][-1]
    assert logged["type"] == "excavate" and (logged["building"], logged["units"]) == (221, 50)
    assert logged["result"] == "applied" and logged["detail"].startswith("dug 50 units of hazardous waste")
    assert json.loads(path.read_text())["commands"][-1] == {"tick": 270, "type": "excavate", "building": 221, "units": 50}
    status, out, err = run("--headless", "--replay", str(path))
    assert (status, err) == (0, "") and "matches" in out
