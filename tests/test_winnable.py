"""Levels whose goals can never be met are refused with the reason, at the goal's line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.level import InputError, load_level
from game.level.winnable import elections_held_by
from game.sim import Simulation
from game.sim.scenario import PoliticsSetup

LEVEL = '''format = 2
name = "Goal Town"
seed = 1

[map]
rows = """
..........
..........
.....~~...
"""
'''


def _problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "level.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_level(path)
    return [line.replace(str(path), "{p}") for line in caught.value.problems]


def test_elections_held_by_a_day_count_the_first_and_each_interval_after() -> None:
    assert elections_held_by(PoliticsSetup(election_every_days=10), 29) == 2
    assert elections_held_by(PoliticsSetup(election_every_days=10), 30) == 3
    assert elections_held_by(PoliticsSetup(election_every_days=10, first_election_day=5), 14) == 1
    assert elections_held_by(PoliticsSetup(election_every_days=10), 9) == 0
    assert elections_held_by(PoliticsSetup(), 100) == 0


def test_more_elections_won_than_are_held_by_the_deadline_is_refused(tmp_path: Path) -> None:
    text = LEVEL + '''
[politics]
election_every_days = 10

[goals]
deadline_day = 25
[[goals.targets]]
metric = "elections_won"
at_least = 3
'''
    assert _problems(tmp_path, text) == [
        "{p}:17:1: goals.targets[0]: elections won at least 3 can never be met: "
        "only 2 elections are held by the deadline on day 25"
    ]
    path = tmp_path / "ok.toml"
    path.write_text(text.replace("at_least = 3", "at_least = 2"), encoding="utf-8")
    assert load_level(path).goals.targets[0].at_least == 2


def test_an_election_target_without_elections_is_refused(tmp_path: Path) -> None:
    text = LEVEL + '[goals]\n[[goals.targets]]\nmetric = "elections_won"\nat_least = 1\n'
    [problem] = _problems(tmp_path, text)
    assert problem.startswith("{p}:12:1: goals.targets[0]: ") and "the level holds no elections" in problem


def test_a_day_after_the_deadline_and_too_many_held_days_are_refused(tmp_path: Path) -> None:
    text = LEVEL + '[goals]\ndeadline_day = 20\nhold_days = 21\n[[goals.targets]]\nmetric = "day"\nat_least = 30\n'
    problems = _problems(tmp_path, text)
    assert [line.split(": ")[1] for line in problems] == ["goals.hold_days", "goals.targets[0]"]
    assert "the level ends on day 20, its deadline" in problems[1]


def test_a_population_the_map_cannot_house_is_refused(tmp_path: Path) -> None:
    text = LEVEL + '[goals]\n[[goals.targets]]\nmetric = "population"\nat_least = 1000000\n'
    [problem] = _problems(tmp_path, text)
    assert "the map has room to house at most" in problem


def test_the_day_metric_lets_a_goal_say_survive_until_day_n(tmp_path: Path) -> None:
    path = tmp_path / "level.toml"
    path.write_text(LEVEL + '[start]\nfunds = 50000\n[goals]\n[[goals.targets]]\nmetric = "day"\nat_least = 3\n', encoding="utf-8")
    sim = Simulation(load_level(path))
    sim.step(24 * 2)
    assert sim.outcome.status == "running" and sim.world.metric("day") == 3
    sim.step(24)
    assert sim.outcome.status == "won" and "day at least 3" in sim.outcome.reason
