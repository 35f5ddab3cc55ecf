"""The campaign: shipped levels in file order by arc, each opened by a win of the one before; best results kept in campaign.json."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from game.campaign import (
    CAMPAIGN_FILE,
    CampaignLevel,
    Progress,
    Result,
    arc_runs,
    campaign_level_at,
    campaign_levels,
    campaign_of,
    is_shipped,
    load_progress,
    next_level,
    progress_json,
    progress_path,
    save_progress,
    unlocked_by,
)
from game.level import shipped_levels
from game.level.catalogue import LevelFile, level_id
from game.level.loader import Level, read_level
from game.settings import data_dir
from game.sim.scenario import Scenario

LEVEL = '''format = 2
name = "{name}"
description = "A test level."
{arc}
[map]
rows = """
........
........
"""
[ending]
won = "{name} is won."
lost = "{name} is lost."
'''


def write_levels(folder: Path, *levels: tuple[str, str, str]) -> list[Path]:
    """Write level files `(file stem, name, arc line)` into `folder`; return their paths in order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for stem, name, arc in levels:
        path = folder / f"{stem}.toml"
        path.write_text(LEVEL.format(name=name, arc=arc))
        paths.append(path)
    return paths


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """A shipped levels folder of five: two Neo-Terra levels, one outside the campaign, two EcoSphere, and a measuring level."""
    folder = tmp_path / "levels"
    paths = write_levels(
        folder,
        ("01_dawn", "Dawn", 'arc = "Neo-Terra"'), ("02_dusk", "Dusk", 'arc = "Neo-Terra"'), ("03_sandbox", "Sandbox", ""),
        ("04_dome", "Dome", 'arc = "EcoSphere"'), ("05_council", "Council", 'arc = "EcoSphere"'),
        ("06_meter", "Meter", 'arc = "EcoSphere"\npurpose = "benchmark"'),
    )
    monkeypatch.setattr("game.level.catalogue.package_folder", lambda name: folder)
    return paths


def campaign_here(*arcs: str) -> list[CampaignLevel]:
    """Return a campaign of one level per arc given, named L0, L1, ..."""
    return [CampaignLevel(f"l{i}", Path(f"/levels/0{i}_l{i}.toml"), f"L{i}", arc) for i, arc in enumerate(arcs)]


def won(day: int, funds: int = 0) -> Result:
    """Return a win on `day` with `funds`."""
    return Result("won", day, funds, f"goals met on day {day}")


def lost(day: int, funds: int = 0) -> Result:
    """Return a loss on `day` with `funds`."""
    return Result("lost", day, funds, "voted out")


# --- the order and the locks -----------------------------------------------------------------------
def test_the_campaign_is_the_shipped_play_levels_with_an_arc_in_file_order(shipped: list[Path]) -> None:
    campaign = campaign_levels()
    assert [(level.id, level.name, level.arc) for level in campaign] == [
        ("dawn", "Dawn", "Neo-Terra"), ("dusk", "Dusk", "Neo-Terra"), ("dome", "Dome", "EcoSphere"), ("council", "Council", "EcoSphere"),
    ]
    assert [level.path for level in campaign] == [shipped[0], shipped[1], shipped[3], shipped[4]]
    assert arc_runs(campaign) == [("Neo-Terra", [0, 1]), ("EcoSphere", [2, 3])]


def test_the_real_campaign_is_every_shipped_play_level_that_names_an_arc() -> None:
    expected = [level_id(path) for path in shipped_levels() if read_level(path).purpose == "play" and read_level(path).scenario.arc]
    assert [level.id for level in campaign_levels()] == expected
    assert all(level.arc in ("Neo-Terra", "EcoSphere") for level in campaign_levels())


def test_a_shipped_level_that_cannot_be_read_is_left_out_of_the_campaign(shipped: list[Path]) -> None:
    shipped[1].write_text("format = 2\nname = ")
    assert [level.id for level in campaign_levels()] == ["dawn", "dome", "council"]


def test_the_first_level_is_open_and_each_next_opens_when_the_one_before_is_won() -> None:
    campaign = campaign_here("Neo-Terra", "Neo-Terra", "EcoSphere")
    progress = Progress()
    assert [unlocked_by(campaign, progress, i) for i in range(3)] == [None, campaign[0], campaign[1]]
    progress = progress.with_result("l0", lost(20))
    assert unlocked_by(campaign, progress, 1) == campaign[0]  # a loss opens nothing
    progress = progress.with_result("l0", won(25))
    assert [unlocked_by(campaign, progress, i) for i in range(3)] == [None, None, campaign[1]]
    progress = progress.with_result("l1", won(40))
    assert [unlocked_by(campaign, progress, i) for i in range(3)] == [None, None, None]  # the next arc follows the last level of the one before


def test_the_next_level_follows_in_file_order_across_arcs_and_ends_after_the_last() -> None:
    campaign = campaign_here("Neo-Terra", "EcoSphere")
    assert next_level(campaign, "l0") == campaign[1]
    assert next_level(campaign, "l1") is None
    assert next_level(campaign, "someone_elses") is None


def test_a_game_is_a_campaign_level_only_when_its_file_is_one(shipped: list[Path], tmp_path: Path) -> None:
    campaign = campaign_levels()
    assert campaign_level_at(campaign, str(shipped[1])) == campaign[1]
    copy = tmp_path / "elsewhere" / shipped[1].name
    copy.parent.mkdir()
    copy.write_text(shipped[1].read_text())
    assert campaign_level_at(campaign, str(copy)) is None  # a user's copy of a campaign file is not the campaign
    assert campaign_level_at(campaign, str(shipped[2])) is None  # shipped, but outside the campaign
    assert campaign_level_at(campaign, "") is None


def test_only_shipped_play_levels_with_an_arc_are_kept() -> None:
    def level(name: str, purpose: str, arc: str, origin: str = "shipped") -> tuple[LevelFile, Level]:
        """Return a level read from a file called `name`."""
        scenario = Scenario(name=name.upper(), terrain=np.zeros((2, 2), np.uint8), arc=arc)
        return LevelFile(name, Path(f"{name}.toml"), origin), Level(scenario, purpose)  # type: ignore[arg-type]

    given = [level("a", "play", "Neo-Terra"), level("b", "benchmark", "Neo-Terra"), level("c", "play", ""), level("d", "play", "EcoSphere"), level("e", "play", "EcoSphere", "user")]
    assert [(found.id, found.name, found.arc) for found in campaign_of(given)] == [("a", "A", "Neo-Terra"), ("d", "D", "EcoSphere")]


def test_only_the_shipped_files_themselves_are_shipped(shipped: list[Path], tmp_path: Path) -> None:
    assert is_shipped(str(shipped[0])) and is_shipped(str(shipped[0].parent / ".." / "levels" / shipped[0].name))
    assert not is_shipped(str(tmp_path / shipped[0].name)) and not is_shipped("")


# --- best results ----------------------------------------------------------------------------------
def test_a_win_beats_a_loss_and_an_earlier_win_beats_a_later_one() -> None:
    progress = Progress().with_result("l0", lost(30))
    progress = progress.with_result("l0", won(50, 1_000))
    assert progress.best("l0") == won(50, 1_000)
    progress = progress.with_result("l0", won(40, 10))
    assert progress.best("l0") == won(40, 10)
    assert progress.records["l0"].played == 3


def test_a_worse_result_does_not_replace_a_better_one() -> None:
    progress = Progress().with_result("l0", won(40, 5_000))
    for worse in (lost(90, 10**9), won(41, 10**9), won(40, 4_999)):
        progress = progress.with_result("l0", worse)
        assert progress.best("l0") == won(40, 5_000)
    assert progress.records["l0"].played == 4


def test_among_losses_the_one_that_lasted_longer_is_best_and_a_tie_keeps_the_first() -> None:
    progress = Progress().with_result("l0", lost(30)).with_result("l0", lost(12))
    assert progress.best("l0") == lost(30)
    progress = progress.with_result("l0", Result("lost", 30, 0, "bankrupt"))
    assert progress.best("l0").reason == "voted out"


def test_a_result_says_in_a_few_words_how_the_level_ended() -> None:
    assert won(21, 12_400).summary() == "won on day 21 · 12,400 cr"
    assert lost(45).summary() == "lost on day 45" and won(21, 12_400).headline() == "won on day 21"
    assert Result.of("lost", 3, 7, "x" * 10_000).reason == "x" * 400  # a game's long reason is cut to what the file keeps


# --- the file --------------------------------------------------------------------------------------
def test_progress_lives_in_the_data_folder_and_round_trips() -> None:
    assert progress_path() == data_dir() / CAMPAIGN_FILE
    progress = Progress().with_result("dawn", won(21, 12_400)).with_result("dawn", lost(3)).with_result("dusk", lost(45, -200))
    assert save_progress(progress) is None
    assert load_progress() == (progress, [])
    kept = json.loads(progress_path().read_text())
    assert kept["format"] == 1 and kept["levels"]["dawn"] == {"played": 2, "best": {"outcome": "won", "day": 21, "funds": 12_400, "reason": "goals met on day 21"}}


def test_no_file_is_no_progress() -> None:
    assert load_progress() == (Progress(), [])


def test_progress_is_written_atomically_beside_no_leftovers() -> None:
    save_progress(Progress().with_result("dawn", won(5)))
    save_progress(Progress().with_result("dawn", won(4)))
    assert sorted(path.name for path in data_dir().iterdir()) == [CAMPAIGN_FILE]


def test_a_progress_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("")
    problem = save_progress(Progress(), blocked / CAMPAIGN_FILE)
    assert problem is not None and problem.startswith(f"{blocked / CAMPAIGN_FILE}: cannot save the campaign progress") and "\n" not in problem


DAMAGED = [
    ("{", "not JSON"),
    ("[]", "expected a JSON object"),
    ('{"format": 7, "levels": {}}', "format: expected 1, got 7"),
    ('{"format": 1, "levels": []}', "levels: expected an object"),
    ('{"format": 1, "levels": {"dawn": 3}}', "levels.dawn: expected an object"),
    ('{"format": 1, "levels": {"dawn": {"played": 1}}}', "levels.dawn.best: expected an object"),
    ('{"format": 1, "levels": {"dawn": {"played": 1, "best": {"outcome": "draw", "day": 1, "funds": 0}}}}', "levels.dawn.best.outcome: expected \"won\" or \"lost\""),
    ('{"format": 1, "levels": {"dawn": {"played": 1, "best": {"outcome": "won", "day": -4, "funds": 0}}}}', "levels.dawn.best.day: expected a whole number"),
    ('{"format": 1, "levels": {"dawn": {"played": 1, "best": {"outcome": "won", "day": 2, "funds": 1.5}}}}', "levels.dawn.best.funds: expected a whole number"),
    ('{"format": 1, "levels": {"dawn": {"played": true, "best": {"outcome": "won", "day": 2, "funds": 1}}}}', "levels.dawn.played: expected a whole number"),
    ('{"format": 1, "levels": {"dawn": {"played": 1, "best": {"outcome": "won", "day": 2, "funds": 1, "reason": 5}}}}', "levels.dawn.best.reason: expected text"),
    ("[" * 100_000, "nested more than 64 deep"),
]


@pytest.mark.parametrize(("text", "said"), DAMAGED, ids=[said for _, said in DAMAGED])
def test_a_damaged_file_is_one_line_naming_the_file_and_field_and_is_kept_aside(text: str, said: str) -> None:
    path = progress_path()
    path.parent.mkdir(parents=True)
    path.write_text(text)
    progress, problems = load_progress()
    assert progress == Progress()
    assert len(problems) == 1 and "\n" not in problems[0]
    assert problems[0].startswith(f"{path}: ") and said in problems[0]
    assert problems[0].endswith(f"starting with no campaign progress (the file is kept as {CAMPAIGN_FILE}.bad)")
    assert not path.exists() and path.with_name(f"{CAMPAIGN_FILE}.bad").read_text() == text  # nothing lost


def test_a_second_damaged_file_does_not_replace_the_first_one_kept() -> None:
    path = progress_path()
    path.parent.mkdir(parents=True)
    for text in ("first {", "second {"):
        path.write_text(text)
        load_progress()
    assert path.with_name(f"{CAMPAIGN_FILE}.bad").read_text() == "first {"
    assert path.with_name(f"{CAMPAIGN_FILE}.bad.2").read_text() == "second {"


def test_a_file_too_large_or_not_a_file_is_refused_in_one_line() -> None:
    path = progress_path()
    path.parent.mkdir(parents=True)
    path.write_text(" " * (300 * 1024))
    _, problems = load_progress()
    assert len(problems) == 1 and problems[0].startswith(str(path)) and "kept as campaign.json.bad" in problems[0]
    os.mkfifo(path)
    _, problems = load_progress()
    assert len(problems) == 1 and problems[0].startswith(str(path)) and problems[0].endswith("campaign progress is not kept this time")


def test_levels_no_longer_shipped_keep_their_records() -> None:
    progress = Progress().with_result("retired_level", won(9))
    save_progress(progress.with_result("dawn", lost(2)))
    loaded, _ = load_progress()
    assert loaded.best("retired_level") == won(9)
    assert '"retired_level"' in progress_json(loaded)
