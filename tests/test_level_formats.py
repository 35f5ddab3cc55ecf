"""Old level files keep loading: one fixture per earlier format, each upgraded on load and played."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.level import load_level
from game.level.formats import LEVEL_FORMAT, UPGRADES, supported_formats
from game.sim import Simulation

FIXTURES = Path(__file__).parent / "fixtures" / "levels"


def test_there_is_a_fixture_for_every_earlier_format() -> None:
    earlier = [number for number in supported_formats() if number != LEVEL_FORMAT]
    assert earlier == sorted(UPGRADES)
    assert all((FIXTURES / f"format_{number}.toml").is_file() for number in earlier)


@pytest.mark.parametrize("number", sorted(UPGRADES))
def test_an_earlier_formats_fixture_upgrades_on_load_and_plays(number: int) -> None:
    path = FIXTURES / f"format_{number}.toml"
    assert f"format = {number}\n" in path.read_text(encoding="utf-8")
    scenario = load_level(path)
    assert scenario.goals.targets[0].metric == "voter_approval"  # the old metric name still loads
    if number == 1:  # format 2 added camps, politics and story events: a format-1 level has none of them
        assert scenario.camps == () and scenario.politics.election_every_days == 0 and scenario.events.enabled == ()
    sim = Simulation(scenario)
    sim.step(24 * 3)
    assert sim.day == 3 and sim.population > 0
    sim.close()
