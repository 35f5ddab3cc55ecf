"""The Neo-Terra arc: five shipped levels that tell its story in order, each a different situation.

The balance sweeps (tests/test_balance.py) show each is lost by doing nothing and won by several
mixes; these tests pin what each level is about and what its own story events do.
"""

from __future__ import annotations

from game.level import load_level, shipped_levels
from game.sim import Simulation
from game.sim.commands import SetPolicy
from game.sim.scenario import Scenario
from game.sim.simulation import TICKS_PER_DAY

LEVELS = {path.stem: path for path in shipped_levels()}
NEW_LEVELS = ("03_blackout", "04_debate", "05_factories")


def left_alone(level: str, days: int) -> Simulation:
    """Return a simulation of the shipped `level` played with no commands until it ends or `days` days pass."""
    sim = Simulation(load_level(LEVELS[level]))
    while sim.outcome.status == "running" and sim.day < days:
        sim.step(TICKS_PER_DAY)
    return sim


def fired(sim: Simulation) -> list[str]:
    """Return the ids of the story events that fired, in order."""
    return [event for _, event in sim.story.fired]


def test_the_neo_terra_arc_is_told_in_five_levels_in_play_order_each_with_its_endings() -> None:
    arc: list[Scenario] = [load_level(path) for path in shipped_levels() if load_level(path).arc == "Neo-Terra"]
    assert [scenario.name for scenario in arc] == ["First Light", "Neo-Terra", "The Blackout", "The Debate", "The Old Factories"]
    for scenario in arc:
        assert scenario.description and scenario.ending_won and scenario.ending_lost, scenario.name
        assert scenario.ending_won != scenario.ending_lost


def test_the_new_levels_are_small_maps_with_a_short_deadline_and_their_own_events() -> None:
    for level in NEW_LEVELS:
        scenario = load_level(LEVELS[level])
        assert min(scenario.terrain.shape) >= 64 and max(scenario.terrain.shape) <= 128, level
        assert 30 <= scenario.goals.deadline_day <= 60, level
        assert len(scenario.events.custom) >= 2, level


def test_the_blackout_starts_lit_then_goes_dark_when_its_fuel_runs_out_and_is_lost_left_alone() -> None:
    sim = left_alone("03_blackout", 40)
    try:
        served = sim.history["served_percent"]
        assert min(served[:2]) >= 90  # the crisis comes as the tanks run dry, not at tick 0
        assert sim.history["fuel"][-1] == 0
        assert sim.outcome.status == "lost" and "dark" in sim.outcome.reason
        assert sim.day < 20
        assert "failing_plant" in fired(sim)  # the worn plant gives out (left to its default: two days idle)
    finally:
        sim.close()


def test_the_debate_leaks_the_ledger_before_the_first_vote_and_is_voted_out_left_alone() -> None:
    sim = left_alone("04_debate", 40)
    try:
        events = fired(sim)
        assert events.index("campaign") < events.index("ledger") < events.index("debate")
        assert len(sim.politics.scandals) >= 1  # denied, and the papers print it anyway
        assert sim.outcome.status == "lost" and sim.outcome.reason.startswith("voted out on day 20")
    finally:
        sim.close()


def test_the_old_factories_have_no_ecolife_so_nothing_is_collected_until_the_city_collects_it() -> None:
    scenario = load_level(LEVELS["05_factories"])
    assert scenario.rules.collection_base == 0
    assert "drone_hub" not in {building.kind for building in scenario.buildings}
    sim = left_alone("05_factories", 10)
    try:
        assert int(sim.counters.collected.sum()) == 0
        assert sim.history["recycled_total"][-1] == 0
        assert "assembly" in fired(sim)
    finally:
        sim.close()


def test_the_old_factories_sorting_points_bring_waste_to_the_plants_without_any_drone() -> None:
    sim = Simulation(load_level(LEVELS["05_factories"]))
    try:
        assert sim.execute(SetPolicy("community_recycling", 1)).ok
        sim.step(3 * TICKS_PER_DAY)
        assert int(sim.counters.collected.sum()) > 0
        assert sim.history["recycled_total"][-1] > 0  # the yard's compost works gets the sorted scraps
    finally:
        sim.close()

