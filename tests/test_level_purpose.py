"""A level's `purpose`: "benchmark" levels measure the game and stay out of the player's level menu."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pytest

from game.app import level_choices
from game.level import InputError, find_level, shipped_levels
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


def test_benchmark_city_is_a_measuring_level_and_the_menu_does_not_offer_it() -> None:
    purposes = {path.name: read_level(path).purpose for path in shipped_levels()}
    assert purposes == {**dict.fromkeys(purposes, "play"), "bench_128.toml": "benchmark"}
    names = [choice.name for choice in level_choices()]
    assert "Benchmark City" not in names and names[:2] == ["First Light", "Neo-Terra"]


def test_the_command_line_still_finds_a_benchmark_level_by_name() -> None:
    assert read_level(find_level("bench_128")).scenario.name == "Benchmark City"


def test_a_level_without_a_purpose_is_for_play(tmp_path: Path) -> None:
    assert read_level(_level(tmp_path, "")).purpose == "play"


def test_an_unknown_purpose_is_one_line_naming_the_field(tmp_path: Path) -> None:
    path = _level(tmp_path, 'purpose = "demo"')
    with pytest.raises(InputError) as refused:
        read_level(path)
    assert refused.value.problems == [f"{path}:3:11: purpose: expected 'play' or 'benchmark', got the string 'demo'"]
