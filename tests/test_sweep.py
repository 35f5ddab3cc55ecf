"""`neo-terra sweep`: every strategy on every seed of a level, summarised as outcome rates.

These test the tool's own behaviour (its table, files, errors, determinism and the strategies'
legality); the balance the sweeps should show is asserted once the rules are retuned.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from game.cli import main
from game.level import find_level, new_simulation
from game.sim.commands import Place, Rejected
from game.sim.view import CityView
from game.strategies import BUILT_IN
from game.sweep import SUMMARY_COLUMNS, RunResult, StrategySpec, summarise, sweep

FIRST_LIGHT = "levels/01_first_light.toml"
NEO_TERRA = "levels/02_neo_terra.toml"
# First Light as the level asks: compost and a refinery on the grid, a fair tax, and the first story
# event (the scientist's study, waiting from tick 23 on seed 3) answered by the player.
COMMANDS = """
[[command]]
tick = 0
type = "place"
kind = "compost_works"
x = 26
y = 17

[[command]]
tick = 0
type = "place_line"
x0 = 26
y0 = 16
x1 = 26
y1 = 16

[[command]]
tick = 0
type = "place"
kind = "plastics_refinery"
x = 22
y = 16

[[command]]
tick = 0
type = "set_policy"
name = "tax_rate"
value = 12

[[command]]
tick = 24
type = "choose"
event = "study"
choice = "internal"
"""


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run `neo-terra sweep ARGV` in this process; return its exit status, stdout and stderr."""
    status = main(["sweep", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def result(strategy: str, seed: int, status: str, reason: str = "", funds: int = 0) -> RunResult:
    """Return a made-up run's result, for the summary's arithmetic."""
    return RunResult(strategy, seed, status, reason.split(":")[0], reason, 30, 720, funds, 100, 50, 40, 10, 5, "hash")


def test_summary_gives_outcome_rates_commonest_causes_and_means_per_strategy() -> None:
    results = [
        result("a", 1, "won", "goals met on day 31: x", funds=100),
        result("a", 2, "lost", "voted out on day 30: 41% of the vote", funds=200),
        result("a", 3, "lost", "bankrupt: the treasury was in debt for 3 days", funds=301),
        result("a", 4, "lost", "voted out on day 30: 44% of the vote", funds=400),
        result("b", 1, "running"),
    ]
    rows = summarise(results)
    assert [row["strategy"] for row in rows] == ["a", "b"]
    first = rows[0]
    assert (first["runs"], first["won_percent"], first["lost_percent"], first["running_percent"]) == (4, 25, 75, 0)
    assert first["lost_causes"] == "voted out on day 30 ×2; bankrupt ×1"
    assert first["mean_funds"] == 250  # 1,001 / 4 rounded
    assert rows[1]["running_percent"] == 100 and rows[1]["lost_causes"] == ""
    assert list(first) == list(SUMMARY_COLUMNS)


def test_the_table_has_a_heading_and_one_line_per_strategy(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run_cli(capsys, "--level", "first_light", "--strategies", "idle", "one_plant", "--seeds", "5", "--jobs", "1")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith("First Light: 5 seeds (1..5), up to 45 days")
    assert lines[1].split()[:6] == ["strategy", "runs", "won", "lost", "running", "day"]
    assert [line.split()[0] for line in lines[2:]] == ["idle", "one_plant"]
    assert lines[2].split()[1:3] == ["5", "0%"]  # idle: five runs, none won


def test_idle_on_first_light_is_voted_out_on_day_30_on_every_seed() -> None:
    results = sweep(str(find_level("first_light")), [StrategySpec("idle", built_in="idle")], range(1, 6), days=45)
    assert [run.seed for run in results] == [1, 2, 3, 4, 5]
    assert {(run.status, run.cause, run.day) for run in results} == {("lost", "voted out on day 30", 30)}
    assert summarise(results)[0]["lost_percent"] == 100


def test_csv_out_holds_the_table_with_its_columns(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "sweep.csv"
    status, _out, _err = run_cli(capsys, "--level", "first_light", "--strategies", "idle", "builder", "--seeds", "5", "--days", "5", "--jobs", "1", "--out", str(out))
    assert status == 0
    with out.open(newline="") as file:
        rows = list(csv.DictReader(file))
    assert list(rows[0]) == list(SUMMARY_COLUMNS)
    assert [(row["strategy"], row["runs"], row["running_percent"]) for row in rows] == [("idle", "5", "100"), ("builder", "5", "100")]


def test_json_out_holds_the_table_and_every_run(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "sweep.json"
    status, _out, _err = run_cli(capsys, "--level", "first_light", "--strategies", "idle", "amnesty", "--seeds", "5", "--days", "3", "--jobs", "1", "--out", str(out))
    assert status == 0
    document = json.loads(out.read_text())
    assert (document["seeds"], document["days"]) == ([1, 2, 3, 4, 5], 3)
    assert [row["strategy"] for row in document["strategies"]] == ["idle", "amnesty"]
    assert [(run["strategy"], run["seed"]) for run in document["runs"]] == [(s, seed) for s in ("idle", "amnesty") for seed in range(1, 6)]
    assert set(document["runs"][0]) >= {"status", "cause", "reason", "day", "funds", "population", "resident_contentment",
                                        "voter_approval", "hazardous_untreated", "recycled", "state_hash"}


def test_json_on_standard_output_moves_the_table_to_standard_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run_cli(capsys, "--level", "first_light", "--strategies", "idle", "--seed-list", "4,9", "--days", "2", "--jobs", "1", "--out", "-")
    assert status == 0
    assert [run["seed"] for run in json.loads(out)["runs"]] == [4, 9]
    assert err.startswith("First Light: 2 seeds (4, 9)")


def test_the_pool_gives_the_same_runs_as_one_process() -> None:
    level = str(find_level("first_light"))
    specs = [StrategySpec("builder", built_in="builder"), StrategySpec("crackdown", built_in="crackdown")]
    alone = sweep(level, specs, range(1, 6), days=8, jobs=1)
    pooled = sweep(level, specs, range(1, 6), days=8, jobs=2)
    assert pooled == alone
    assert len({run.state_hash for run in alone}) == len(alone)  # each seed and strategy played its own game


def test_the_printed_table_is_the_same_whatever_jobs(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ("--level", FIRST_LIGHT, "--strategies", "idle", "balanced", "--seeds", "5", "--days", "4")
    alone = run_cli(capsys, *argv, "--jobs", "1")
    pooled = run_cli(capsys, *argv, "--jobs", "2")
    assert alone == pooled and alone[0] == 0


@pytest.mark.parametrize("level", [FIRST_LIGHT, NEO_TERRA])
def test_five_seeds_of_each_story_level_play_distinct_games_to_the_days_asked(level: str) -> None:
    specs = [StrategySpec("idle", built_in="idle"), StrategySpec("balanced", built_in="balanced")]
    results = sweep(level, specs, range(1, 6), days=6, jobs=1)
    assert [(run.strategy, run.seed) for run in results] == [(s.label, seed) for s in specs for seed in range(1, 6)]
    assert {(run.status, run.day, run.ticks) for run in results} == {("running", 6, 144)}
    assert len({run.state_hash for run in results}) == 10
    rows = summarise(results)
    assert [row["runs"] for row in rows] == [5, 5]
    assert rows[0]["mean_funds"] > rows[1]["mean_funds"]  # balanced spent on plants and policies; idle nothing


def test_a_commands_file_strategy_ends_as_the_headless_run_with_those_commands(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    commands = tmp_path / "compost.toml"
    commands.write_text(COMMANDS)
    report = tmp_path / "report.json"
    assert main(["--headless", "--level", "first_light", "--seed", "3", "--ticks", str(45 * 24), "--commands", str(commands), "--report", str(report)]) == 0
    out = tmp_path / "sweep.json"
    status, _out, _err = run_cli(capsys, "--level", "first_light", "--strategies", str(commands), "--seed-list", "3", "--jobs", "1", "--out", str(out))
    assert status == 0
    headless = json.loads(report.read_text())
    (run,) = json.loads(out.read_text())["runs"]
    assert run["strategy"] == str(commands)
    assert (run["status"], run["reason"], run["day"], run["ticks"], run["funds"], run["state_hash"]) == (
        headless["outcome"]["status"], headless["outcome"]["reason"], headless["day"], headless["ticks"], headless["funds"], headless["state_hash"],
    )
    assert headless["outcome"]["status"] == "won"


def test_a_folder_of_commands_files_gives_one_strategy_each_in_name_order(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "b.toml").write_text(COMMANDS)
    (tmp_path / "a.toml").write_text("")
    status, out, _err = run_cli(capsys, "--level", "first_light", "--strategies", str(tmp_path), "idle", "--seeds", "1", "--days", "1", "--jobs", "1")
    assert status == 0
    assert [line.split()[0] for line in out.splitlines()[2:]] == [str(tmp_path / "a.toml"), str(tmp_path / "b.toml"), "idle"]


@pytest.mark.parametrize(("argv", "message"), [
    (["--level", "first_light", "--strategies", "wizard"], "no strategy named 'wizard'"),
    (["--level", "no_such_level"], "no level named 'no_such_level'"),
    (["--level", "missing/level.toml"], "missing/level.toml"),
    (["--level", "first_light", "--seeds", "0"], "--seeds must be between 1"),
    (["--level", "first_light", "--jobs", "0"], "--jobs must be between 1"),
    (["--level", "first_light", "--out", "table.txt"], "must end in .csv or .json"),
    (["--level", "first_light", "--strategies", "idle", "idle"], "'idle' is named twice"),
    (["--strategies", "idle"], "--level"),
])
def test_bad_arguments_are_one_line_and_exit_status_2(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    status, out, err = run_cli(capsys, *argv)
    assert (status, out) == (2, "")
    assert len(err.splitlines()) == 1 and message in err


def test_a_bad_commands_file_strategy_is_refused_before_any_run(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[command]]\ntick = 0\ntype = "fly"\n')
    status, out, err = run_cli(capsys, "--level", "first_light", "--strategies", str(bad))
    assert (status, out) == (2, "")
    assert str(bad) in err


def test_flag_invocations_still_work_beside_the_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--headless", "--level", "first_light", "--ticks", "24"]) == 0
    assert capsys.readouterr().out.startswith("First Light: day 1")


def test_one_plant_places_a_legal_compost_works_on_the_grid_at_tick_0() -> None:
    sim = new_simulation("first_light", seed=1)
    city = CityView(sim)
    (place,) = BUILT_IN["one_plant"]().act(city)
    assert isinstance(place, Place) and place.kind == "compost_works"
    assert sim.execute(place).ok
    sim.step()
    works = city.building(city.building_at(place.x, place.y))
    assert works is not None and works.served_permille == 1000


def test_the_builder_builds_only_legal_plants_that_end_up_powered() -> None:
    sim = new_simulation("neo_terra", seed=2)
    city = CityView(sim)
    builder = BUILT_IN["builder"]()
    results = []
    for _ in range(10 * 24):
        for command in builder.act(city):
            results.append((command, sim.execute(command)))
        sim.step()
    placed = [command for command, outcome in results if isinstance(command, Place)]
    assert placed and all(not isinstance(outcome, Rejected) for _command, outcome in results)
    for command in placed:
        record = city.building(city.building_at(command.x, command.y))
        assert record is not None and record.kind == command.kind and record.network > 0
        assert record.served_permille > 0, command
