"""`neo-terra sweep`: every strategy on every seed of a level, summarised as outcome rates.

These test the tool's own behaviour (its table, files, errors, determinism and the strategies'
legality); the balance the sweeps should show is asserted once the rules are retuned.
"""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest

from game.cli import main
from game.level import find_level, load_commands, new_simulation
from game.sim.commands import Place, Rejected
from game.sim.view import CityView
from game.strategies import BUILT_IN
from game.sweep import SUMMARY_COLUMNS, RunResult, StrategySpec, summarise, sweep
from game.sweep_progress import progress_line

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
    return RunResult(strategy, seed, status, reason.split(":")[0], reason, 30, 720, funds, 100, 50, 40, 10, 5, "hash", "level", "")


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
    (["--level", "first_light", "--chart", "chart.jpg"], "must end in .png"),
    (["--merge", "a.json", "--level", "first_light"], "--merge cannot be combined with --level"),
    (["--verify", "a.json", "b.json"], "--verify N must be a whole number, not 'a.json'"),
    (["--verify", "2", "a.json", "--out", "c.json"], "--verify cannot be combined with --out"),
    (["--level", "first_light", "--progress", "--quiet"], "not allowed with argument"),
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


def sweep_file(capsys: pytest.CaptureFixture[str], path: Path, *argv: str) -> dict:
    """Sweep First Light for 3 days with idle and builder (and `argv`), write its JSON to `path` and return it."""
    status, _out, err = run_cli(capsys, "--level", "first_light", "--strategies", "idle", "builder", "--days", "3", "--jobs", "1",
                                *argv, "--out", str(path))
    assert (status, err) == (0, "")
    return json.loads(path.read_text())


def test_every_run_names_its_level_file_strategy_and_seed_and_its_final_state(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    commands = tmp_path / "plan.toml"
    commands.write_text(COMMANDS)
    document = sweep_file(capsys, tmp_path / "a.json", "--seed-list", "3")
    level_digest = hashlib.sha256(find_level("first_light").read_bytes()).hexdigest()
    assert document["level_sha256"] == level_digest and document["level_id"] == "first_light"
    assert {(run["level_sha256"], run["schedule_sha256"]) for run in document["runs"]} == {(level_digest, "")}
    first = StrategySpec(str(commands), schedule=tuple(load_commands(commands)))
    commands.write_text(COMMANDS.replace("value = 12", "value = 13"))
    second = StrategySpec(str(commands), schedule=tuple(load_commands(commands)))
    assert len(first.schedule_sha256()) == 64 and first.schedule_sha256() != second.schedule_sha256()
    assert StrategySpec("idle", built_in="idle").schedule_sha256() == ""


def test_merged_sweeps_hold_each_run_once_and_equal_one_sweep_of_all_their_seeds(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    sweep_file(capsys, tmp_path / "a.json", "--seed-list", "1,2,3")
    sweep_file(capsys, tmp_path / "b.json", "--seed-list", "5,3,4")
    whole = sweep_file(capsys, tmp_path / "whole.json", "--seeds", "5")
    status, out, err = run_cli(capsys, "--merge", str(tmp_path / "a.json"), str(tmp_path / "b.json"), "--out", str(tmp_path / "merged.json"))
    assert (status, err) == (0, "")
    merged = json.loads((tmp_path / "merged.json").read_text())
    assert merged["runs"] == whole["runs"] and merged["strategies"] == whole["strategies"] and merged["seeds"] == [1, 2, 3, 4, 5]
    assert out == run_cli(capsys, "--merge", str(tmp_path / "whole.json"))[1]  # the same table as the whole sweep's


def test_merged_sweeps_of_other_strategies_say_the_seeds_are_not_each_ones(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    sweep_file(capsys, tmp_path / "a.json", "--seed-list", "1,2")
    status, _out, err = run_cli(capsys, "--level", "first_light", "--strategies", "planner", "--days", "3", "--jobs", "1",
                                "--seed-list", "3", "--out", str(tmp_path / "b.json"))
    assert (status, err) == (0, "")
    status, out, err = run_cli(capsys, "--merge", str(tmp_path / "a.json"), str(tmp_path / "b.json"))
    assert (status, err) == (0, "")
    assert out.splitlines()[0] == "First Light: 3 seeds (1..3) in all, not every strategy on each (see runs), up to 3 days; " \
        "means over runs, figures at the level's end"
    status, out, _err = run_cli(capsys, "--merge", str(tmp_path / "a.json"))
    assert out.splitlines()[0].startswith("First Light: 2 seeds (1..2), up to 3 days;")


def test_merging_sweeps_of_another_version_of_the_level_file_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    edited = tmp_path / "01_first_light.toml"
    edited.write_text(find_level("first_light").read_text() + "\n# an edit\n")
    sweep_file(capsys, tmp_path / "a.json", "--seeds", "1")
    status, _out, _err = run_cli(capsys, "--level", str(edited), "--strategies", "idle", "--seeds", "1", "--days", "3", "--jobs", "1",
                                 "--out", str(tmp_path / "b.json"))
    assert status == 0
    status, out, err = run_cli(capsys, "--merge", str(tmp_path / "a.json"), str(tmp_path / "b.json"), "--out", str(tmp_path / "c.json"))
    assert (status, out) == (2, "") and not (tmp_path / "c.json").exists()
    assert len(err.splitlines()) == 1 and "b.json: level 'first_light' is another version" in err


def test_a_run_whose_state_hash_disagrees_is_flagged_and_nothing_is_written(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    document = sweep_file(capsys, tmp_path / "a.json", "--seeds", "2")
    document["runs"][3]["state_hash"] = "0" * 32  # builder seed 2, as another machine might have played it
    (tmp_path / "b.json").write_text(json.dumps(document))
    status, out, err = run_cli(capsys, "--merge", str(tmp_path / "a.json"), str(tmp_path / "b.json"), "--out", str(tmp_path / "c.json"))
    assert (status, out) == (1, "") and not (tmp_path / "c.json").exists()
    played = json.loads((tmp_path / "a.json").read_text())["runs"][3]["state_hash"]
    assert err.splitlines()[0] == f"{tmp_path / 'b.json'}: builder seed 2: state hash {'0' * 32}, but {tmp_path / 'a.json'} has {played}"
    assert len(err.splitlines()) == 2


def test_verify_replays_runs_and_finds_a_state_hash_that_differs(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    document = sweep_file(capsys, tmp_path / "a.json", "--seeds", "3")
    assert run_cli(capsys, "--verify", "2", str(tmp_path / "a.json"), "--jobs", "1") == (0, f"{tmp_path / 'a.json'}: re-played 2 of 6 runs: all match\n", "")
    document["runs"][4]["state_hash"] = "f" * 32
    (tmp_path / "b.json").write_text(json.dumps(document))
    status, out, _err = run_cli(capsys, "--verify", "6", str(tmp_path / "b.json"), "--jobs", "1")
    assert status == 1
    assert out.splitlines()[0].startswith(f"{tmp_path / 'b.json'}: builder seed 2: state hash {'f' * 32}, re-played ")
    assert out.splitlines()[1].endswith("re-played 6 of 6 runs: 1 differs")


def test_verify_refuses_a_level_file_that_is_not_the_one_swept(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    sweep_file(capsys, tmp_path / "a.json", "--seeds", "1")
    edited = tmp_path / "edited.toml"
    edited.write_text(find_level("first_light").read_text() + "\n")
    status, out, err = run_cli(capsys, "--verify", "1", str(tmp_path / "a.json"), "--level", str(edited))
    assert (status, out) == (2, "")
    assert len(err.splitlines()) == 1 and "is not the file swept" in err


@pytest.mark.parametrize(("text", "message"), [
    ("{", "not valid JSON"),
    ('{"format": "other"}', "not a Neo-Terra sweep"),
    ("REPLACE_DAYS", "days"),
])
def test_a_broken_sweep_file_is_one_line_naming_the_file_and_field(capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, message: str) -> None:
    if text == "REPLACE_DAYS":
        document = sweep_file(capsys, tmp_path / "good.json", "--seeds", "1")
        text = json.dumps({**document, "days": "three"})
    (tmp_path / "bad.json").write_text(text)
    status, out, err = run_cli(capsys, "--merge", str(tmp_path / "bad.json"))
    assert (status, out) == (2, "")
    assert len(err.splitlines()) == 1 and err.startswith(f"{tmp_path / 'bad.json'}: ") and message in err


def test_the_progress_line_gives_games_done_rate_and_time_left() -> None:
    assert progress_line(12, 48, 6.0) == "[######------------------] 12/48 games  2.0 games/s  18 s left"
    assert progress_line(0, 48, 0.0) == "[------------------------]  0/48 games  0.0 games/s  time left unknown"
    assert progress_line(48, 48, 150.0).endswith("48/48 games  0.3 games/s  done in 2 min 30 s")
    assert progress_line(1, 10_000, 1.0).endswith("1.0 games/s  2 h 46 min left")


def test_progress_draws_the_bar_in_place_on_standard_error_only_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ("--level", "first_light", "--strategies", "idle", "--seeds", "3", "--days", "1", "--jobs", "1")
    status, out, err = run_cli(capsys, *argv, "--progress")
    assert status == 0 and out.startswith("First Light: 3 seeds")
    assert err.startswith("\r[") and err.endswith("\n") and "\n" not in err[:-1]
    assert err.rstrip().split("\r")[-1].startswith("[########################] 3/3 games") and "done in" in err
    assert run_cli(capsys, *argv)[2] == ""  # standard error is no terminal here: no bar by default
    assert run_cli(capsys, *argv, "--quiet")[2] == ""


def test_the_chart_is_a_png_whose_bars_show_the_outcome_rates(tmp_path: Path) -> None:
    import pygame

    from game.render.assets import read_palette
    from game.sweep_chart import chart_png, chart_size

    rows = [{"strategy": "mostly won", "won_percent": 75, "lost_percent": 25, "running_percent": 0},
            {"strategy": "never won", "won_percent": 0, "lost_percent": 60, "running_percent": 40}]
    data = chart_png("First Light: outcome rates per strategy", "4 seeds (1..4), up to 45 days", rows)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "chart.png").write_bytes(data)
    image = pygame.image.load(str(tmp_path / "chart.png"))
    assert image.get_size() == chart_size(2)
    pixels = pygame.surfarray.pixels3d(image)
    palette = read_palette()

    def count(colour: str) -> int:
        return int((pixels == palette[colour]).all(axis=2).sum())

    won, lost, running = count("leaf_light"), count("red"), count("concrete")
    assert won > 0 and running > 0
    # 75 of the first bar and 0 of the second won; 25 + 60 lost; 40 running (the legend's swatches are alike in size)
    assert abs(won / (won + lost + running) - 75 / 200) < 0.03
    assert abs(lost / (won + lost + running) - 85 / 200) < 0.03


def test_chart_out_draws_the_sweeps_table(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import pygame

    from game.sweep_chart import chart_size

    status, _out, _err = run_cli(capsys, "--level", "first_light", "--strategies", "idle", "one_plant", "balanced", "--seeds", "2", "--days", "2",
                                 "--jobs", "1", "--chart", str(tmp_path / "sweep.png"))
    assert status == 0
    assert pygame.image.load(str(tmp_path / "sweep.png")).get_size() == chart_size(3)
