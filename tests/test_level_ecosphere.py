"""The EcoSphere arc's two levels: what each city hides, and the story beats its cast plays out.

The balance of both (lost by doing nothing, won by three mixes) is tests/test_balance.py's, which
sweeps every shipped level with a deadline; these tests pin what makes each level its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pytest
from test_scenarios import LEVELS

from game.level import load_level
from game.sim import Simulation
from game.sim.commands import Choose
from game.sim.politics import concealed
from game.sim.simulation import TICKS_PER_DAY
from game.sim.waste import WASTE_TYPES

ECOSPHERE = "06_ecosphere.toml"
REFORM = "07_reform.toml"
CAST = {"Lila", "Ravi", "Tara", "Victor"}
HAZARDOUS = WASTE_TYPES.index("hazardous")


@dataclass(frozen=True)
class Story:
    """What one play of a level left behind: the outcome, the events fired (in order) and the city's secrets."""

    status: str
    reason: str
    fired: tuple[str, ...]
    chosen: tuple[tuple[str, str], ...]  # (event, choice) in the order taken
    landfilled_hazardous: int  # units buried in the landfills
    hidden: int  # hazardous units the corporation's report leaves out
    policies: tuple[tuple[str, int], ...]


@cache
def play(level: str, days: int, answers: tuple[tuple[str, str], ...] = ()) -> Story:
    """Play `level` for up to `days` days building nothing, answering the events named in `answers` (event, choice) at once."""
    wanted = dict(answers)
    sim = Simulation(load_level(LEVELS[level]))
    try:
        while sim.tick < days * TICKS_PER_DAY and sim.outcome.status == "running":
            waiting = sim.story.active
            if waiting is not None and waiting.event_id in wanted:
                assert sim.execute(Choose(waiting.event_id, wanted[waiting.event_id])).ok
            sim.step()
        return Story(
            status=sim.outcome.status, reason=sim.outcome.reason,
            fired=tuple(event for _, event in sim.story.fired),
            chosen=tuple((event, choice) for _, event, choice, _ in sim.story.choices),
            landfilled_hazardous=int(sim.counters.landfilled[HAZARDOUS]), hidden=concealed(sim),
            policies=tuple(sorted(sim.policies.items())),
        )
    finally:
        sim.close()


@pytest.mark.parametrize("level", [ECOSPHERE, REFORM])
def test_each_level_of_the_arc_tells_its_own_story_with_the_whole_cast(level: str) -> None:
    scenario = load_level(LEVELS[level])
    assert scenario.arc == "EcoSphere"
    assert scenario.ending_won and scenario.ending_lost and scenario.ending_won != scenario.ending_lost
    assert scenario.events.enabled == ()  # none of Neo-Terra's shipped events: only the EcoSphere's own people
    cast = {name for event in scenario.events.custom for name in event.cast}
    assert cast == CAST
    assert 30 <= scenario.goals.deadline_day <= 60 and 64 <= scenario.width <= 128


def test_the_two_levels_have_their_own_maps_endings_and_goals() -> None:
    ecosphere, reform = (load_level(LEVELS[level]) for level in (ECOSPHERE, REFORM))
    assert not (ecosphere.terrain == reform.terrain).all()  # the wrecked yards at the quay's end
    assert ecosphere.ending_won != reform.ending_won
    assert {t.metric for t in ecosphere.goals.targets} != {t.metric for t in reform.goals.targets}


def test_the_ecosphere_left_alone_buries_its_sludge_at_the_quay_and_its_report_hides_it() -> None:
    story = play(ECOSPHERE, 20)
    assert story.landfilled_hazardous > 1_000  # the algorithm's 'clean material', waiting for the barges
    assert story.hidden > 2_000
    assert story.fired[:2] == ("ledger", "algorithm")  # Lila finds the gap in the ledger, then Ravi the weights...
    assert "barges" in story.fired  # ...and together they follow the drums to the quay
    assert ("barges", "sail") in story.chosen  # nobody answered: the barges sail


def test_the_ecosphere_left_alone_loses_the_shareholders_vote() -> None:
    story = play(ECOSPHERE, 45)
    assert story.status == "lost" and story.reason.startswith("voted out on day 45")


def test_rewriting_the_algorithm_puts_the_sludge_and_the_scraps_first_and_buries_less() -> None:
    story = play(ECOSPHERE, 20, (("algorithm", "reprioritise"),))
    policies = dict(story.policies)
    assert (policies["priority.hazardous"], policies["priority.organic"]) == (80, 60)
    assert story.landfilled_hazardous > play(ECOSPHERE, 20).landfilled_hazardous  # more collected, and no plant treats it yet


def test_in_the_reform_the_rally_leads_to_the_yards_and_the_drones_stand_off_with_the_volunteers() -> None:
    story = play(REFORM, 20)
    assert story.fired[:5] == ("rally", "reconnaissance", "drone_standoff", "victor_reform", "open_research")
    assert ("drone_standoff", "hold") in story.chosen  # left to the drones, they hold the line


def test_in_the_reform_easing_the_patrols_at_the_rally_means_no_standoff_yet_victor_still_changes_sides() -> None:
    story = play(REFORM, 20, (("rally", "listen"),))
    assert dict(story.policies)["patrol_intensity"] == 1
    assert story.fired.index("reconnaissance") < story.fired.index("victor_reform")
    assert "drone_standoff" not in story.fired


def test_the_reform_left_alone_loses_the_reform_vote() -> None:
    story = play(REFORM, 40)
    assert story.status == "lost" and story.reason.startswith("voted out on day 40")
