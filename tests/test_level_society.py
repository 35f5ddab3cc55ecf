"""Level format 2: camps, politics and events sections, the upgrade from format 1, the shipped levels."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.level import InputError, load_level, shipped_levels
from game.sim import Simulation

LEVEL = '''format = 2
name = "Test Town"
seed = 1

[map]
rows = """
..........
..~~~.....
..##......
..uuu.....
..........
"""
[map.legend]
"." = "ground"
"~" = "water"
"#" = "ruins"
"u" = "undercity"
'''


def _load(tmp_path: Path, text: str):
    path = tmp_path / "level.toml"
    path.write_text(text)
    return load_level(path), str(path)


def _problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "level.toml"
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        load_level(path)
    return [line.replace(str(path), "{p}") for line in caught.value.problems]


def test_camps_and_politics_reach_the_scenario(tmp_path: Path) -> None:
    text = LEVEL + '''
[politics]
election_every_days = 20
debate_days_before = 2
lose_on_defeat = false

[[politics.factions]]
name = "undercity"
approval = 70

[[camps]]
name = "Drum Alley"
x = 3
y = 3
members = 30
unrest = 60
'''
    scenario, _ = _load(tmp_path, text)
    assert [(c.name, c.x, c.y, c.members, c.unrest) for c in scenario.camps] == [("Drum Alley", 3, 3, 30, 60)]
    assert scenario.politics.election_every_days == 20 and scenario.politics.debate_days_before == 2
    assert scenario.politics.lose_on_defeat is False
    assert [(f.name, f.share, f.approval) for f in scenario.politics.factions] == [("undercity", None, 70)]


@pytest.mark.parametrize(
    ("addition", "expected"),
    [
        ('[[camps]]\nname = "A"\nx = 0\ny = 0\n',
         ["{p}:18:1: camps[0]: (0, 0) is not ruins or undercity; tribes camp only there"]),
        ('[[camps]]\nname = "A"\nx = 30\ny = 2\n', ["{p}:18:1: camps[0]: (30, 2) lies off the 10x5 map"]),
        ('[[camps]]\nname = "A"\nx = 2\ny = 2\n[[camps]]\nname = "A"\nx = 3\ny = 2\n',
         ["{p}:23:8: camps[1].name: a second camp named 'A'; camp names must differ"]),
        ('[[camps]]\nname = "A"\nx = 2\ny = 2\nunrest = 101\n', ["{p}:22:10: camps[0].unrest: must be at most 100, got 101"]),
        ('[politics]\nelection_every_days = 10\ndebate_days_before = 10\n',
         ["{p}:20:22: politics.debate_days_before: the debate must come after the previous election: make it smaller than election_every_days"]),
        ('[[politics.factions]]\nname = "pirates"\n', ["{p}:19:8: politics.factions[0].name: unknown faction 'pirates'; known factions: "]),
    ],
    ids=["camp on ground", "camp off the map", "two camps one name", "unrest too high", "debate too early", "unknown faction"],
)
def test_broken_society_sections_give_one_line_each(tmp_path: Path, addition: str, expected: list[str]) -> None:
    problems = _problems(tmp_path, LEVEL + addition)
    assert len(problems) == len(expected)
    for line, want in zip(problems, expected):
        assert line.startswith(want), line


def test_a_format_1_level_still_loads_without_tribes_elections_or_story(tmp_path: Path) -> None:
    scenario, _ = _load(tmp_path, LEVEL.replace("format = 2", "format = 1"))
    assert scenario.camps == () and scenario.politics.election_every_days == 0
    assert scenario.events.enabled == ()  # an old level asked for no story; it gets none
    sim = Simulation(scenario)
    sim.step(24 * 5)
    assert sim.story.fired == [] and sim.politics.elections == []
    sim.close()


@pytest.mark.parametrize("level", shipped_levels(), ids=lambda p: p.stem)
def test_every_shipped_level_is_format_2_with_tribes(level: Path) -> None:
    scenario = load_level(level)
    assert scenario.camps, "every shipped level has at least one scavenger camp"
    assert scenario.politics.election_every_days > 0, "story levels hold elections"


def test_the_readme_example_level_is_valid(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    start = readme.index("```toml\nformat = 2") + len("```toml\n")
    example = readme[start : readme.index("\n```", start)]
    scenario, _ = _load(tmp_path, example)
    assert scenario.camps and scenario.politics.election_every_days == 30
    assert [event.id for event in scenario.events.custom] == ["audit"] and "tycoon" in scenario.events.disabled
