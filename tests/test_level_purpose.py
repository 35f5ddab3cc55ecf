"""A level's `purpose`: "benchmark" levels measure the game; they live in bench/levels, outside the player's lists."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pytest
from worlds import BENCH_128, BENCH_LEVELS

from game.app import level_choices
from game.cli import main
from game.level import InputError, find_level, level_catalogue, shipped_levels
from game.level.loader import read_level

LEVEL = '''format = 2
name = "Test Yard"
{purpose}
[map]
rows = """
....
....
"""
'''


def _level(tmp_path: Path, purpose: str) -> Path:
    path = tmp_path / "yard.toml"
    path.write_text(LEVEL.format(purpose=purpose))
    return path


def test_the_measuring_levels_live_outside_the_shipped_ones_and_the_menu() -> None:
    assert {read_level(path).purpose for path in shipped_levels()} == {"play"}
    assert [path.name for path in BENCH_LEVELS] == ["bench_128.toml"]
    assert {read_level(path).purpose for path in BENCH_LEVELS} == {"benchmark"}
    names = [choice.name for choice in level_choices()]
    assert "Benchmark City" not in names and names[:2] == ["First Light", "Neo-Terra"]
    assert "bench_128" not in {level.id for level in level_catalogue()}


def test_the_command_line_plays_a_measuring_level_by_its_path(capsys: pytest.CaptureFixture[str]) -> None:
    assert find_level(str(BENCH_128)) == BENCH_128
    assert main(["--headless", "--level", str(BENCH_128), "--ticks", "2"]) == 0
    assert capsys.readouterr().out.startswith("Benchmark City: day 0 tick 2")


def test_a_level_without_a_purpose_is_for_play(tmp_path: Path) -> None:
    assert read_level(_level(tmp_path, "")).purpose == "play"


def test_an_unknown_purpose_is_one_line_naming_the_field(tmp_path: Path) -> None:
    path = _level(tmp_path, 'purpose = "demo"')
    with pytest.raises(InputError) as refused:
        read_level(path)
    assert refused.value.problems == [f"{path}:3:11: purpose: expected 'play' or 'benchmark', got the string 'demo'"]
