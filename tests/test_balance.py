"""Balance: the city's numbers make choices matter, and every shipped level rewards and punishes them.

The strategy runs come from tests/test_scenarios.py (`play` keeps each run, so the two files share
them); the smaller checks build what they need here.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from test_scenarios import BENCH, LEVELS, NEO_TERRA, STRATEGIES, Run, play
from worlds import TICKS_PER_DAY, at, blank

from game.level import load_level, shipped_levels
from game.sim import Simulation
from game.sim.buildings import building_type
from game.sim.commands import Place
from game.strategies import BUILT_IN

DAYS = 60  # long enough for every deadline of the shipped levels
WITH_DEADLINE = [path for path in shipped_levels() if load_level(path).goals.deadline_day > 0]


def outcome_kind(run: Run) -> str:
    """Return how a run ended in a word or two: won, running, bankrupt, catastrophe, dark or deadline."""
    if run.status != "lost":
        return run.status
    for kind, words in (("bankrupt", "bankrupt"), ("catastrophe", "catastrophe"), ("dark", "dark"), ("voted out", "voted out")):
        if words in run.reason:
            return kind
    return "deadline"


def undercity_blocks(sim: Simulation) -> np.ndarray:
    """Return the table rows of Neo-Terra's undercity housing blocks (the sunken south-west)."""
    homes = np.flatnonzero(sim.layout.attribute("housing_capacity"))
    xs = sim.layout.x[homes]
    ys = sim.layout.y[homes]
    return homes[(xs <= 40) & (ys >= 64)]


SEEDS = tuple(range(1, 6))  # five seeds a level, as the balance sweep plays them
SINGLE_LEVERS = ("idle", "builder", "amnesty", "crackdown", "four_policies", "one_plant")  # none of these may win
MIXES = ("planner", "reformer", "enforcer", "whistleblower")  # building, drones, a fair tax and a stance on society


@cache
def swept(level: str, strategies: tuple[str, ...]) -> dict[str, dict[str, int]]:
    """Return the balance sweep's row per strategy (game.sweep.summarise) for the shipped `level` over SEEDS."""
    from game.sweep import StrategySpec, default_days, summarise, sweep

    path = str(LEVELS[level])
    results = sweep(path, [StrategySpec(name, name) for name in strategies], SEEDS, default_days(path), jobs=2)
    return {row["strategy"]: row for row in summarise(results)}


@pytest.mark.sweep
@pytest.mark.parametrize("path", WITH_DEADLINE, ids=lambda path: path.stem)
def test_no_single_lever_wins_a_story_level_on_any_seed(path: Path) -> None:
    rows = swept(path.name, SINGLE_LEVERS)
    assert {name: row["won_percent"] for name, row in rows.items()} == dict.fromkeys(SINGLE_LEVERS, 0)
    assert rows["idle"]["lost_percent"] == 100  # doing nothing loses


@pytest.mark.sweep
@pytest.mark.parametrize("path", WITH_DEADLINE, ids=lambda path: path.stem)
def test_each_story_level_is_won_by_at_least_three_different_mixes(path: Path) -> None:
    rows = swept(path.name, MIXES)
    winners = [name for name, row in rows.items() if row["won_percent"] >= 60]
    assert len(winners) >= 3, {name: row["won_percent"] for name, row in rows.items()}
    # No one lever carries them all: one winner does without an amnesty, one without transparency.
    openings = {name: dict(BUILT_IN[name]().opening) for name in winners}
    assert any(opening.get("scavenger_stance", 0) <= 0 for opening in openings.values()), openings
    assert any(not opening.get("transparency", 0) for opening in openings.values()), openings


@pytest.mark.sweep
def test_in_neo_terra_the_four_policies_without_building_lose_the_first_vote() -> None:
    row = swept(NEO_TERRA, SINGLE_LEVERS)["four_policies"]
    assert row["won_percent"] == 0 and row["mean_day"] == 30 and "voted out on day 30" in row["lost_causes"]


def test_the_benchmark_city_rewards_more_drone_hubs_with_a_plant_and_punishes_reckless_spending() -> None:
    nothing, good, reckless = (play(BENCH, name, DAYS) for name in ("nothing", "good", "reckless"))
    assert nothing.status == good.status == "running"
    assert good.waste_uncollected < nothing.waste_uncollected // 2
    assert outcome_kind(reckless) == "bankrupt"


def test_a_mid_size_city_makes_more_waste_than_ecolife_collects_but_not_a_mountain() -> None:
    run = play(NEO_TERRA, "nothing", DAYS)
    assert run.collected < run.generated * 4 // 5  # hubs and plants are worth building...
    day_30 = run.history["waste_uncollected"][29]
    assert 10_000 < day_30 < 100_000  # ...yet a month of neglect leaves piles, not a million units


def test_a_plant_costs_days_of_income_and_a_big_city_runs_a_modest_surplus() -> None:
    neglected = play(NEO_TERRA, "nothing", DAYS).history["funds"][:20]
    daily_gain = statistics.median(b - a for a, b in zip(neglected, neglected[1:]))
    assert daily_gain > 0
    assert 3 * daily_gain <= building_type("hazard_treatment").cost <= 15 * daily_gain
    bench = play(BENCH, "nothing", DAYS).history["funds"][30:]
    assert all(abs(b - a) <= 5_000 for a, b in zip(bench, bench[1:]))  # a full 37,000-resident city


def test_population_moves_by_a_few_percent_of_its_room_a_day() -> None:
    for level in STRATEGIES:
        for name in ("nothing", "good"):
            run = play(level, name, DAYS)
            days = run.history["population"]
            swing = max(abs(b - a) for a, b in zip(days, days[1:]))
            assert swing <= run.capacity * 3 // 100, (level, name, swing)


def test_gardens_keep_a_neglected_district_liveable() -> None:
    scenario = load_level(LEVELS[NEO_TERRA])
    bare, green = Simulation(scenario), Simulation(scenario)
    try:
        # Fourteen gardens on the undercity's alleys, in the middle of its blocks.
        for x in (6, 10, 14, 24, 28, 32, 36):
            for y in (70, 78):
                assert green.execute(Place("garden", x, y)).ok
        bare.step(30 * TICKS_PER_DAY)
        green.step(30 * TICKS_PER_DAY)
        blocks = undercity_blocks(bare)
        assert np.array_equal(blocks, undercity_blocks(green))

        def pollution(sim: Simulation) -> int:
            """Return the mean pollution at the undercity blocks."""
            return int(sim.pollution[sim.layout.y[blocks], sim.layout.x[blocks]].mean())

        def residents(sim: Simulation) -> int:
            """Return the undercity's residents."""
            return int(sim.buildings.col("occupants")[blocks].sum())

        assert pollution(bare) > bare.rules.pollution_uncomfortable  # neglect makes the undercity unpleasant
        assert pollution(green) < pollution(bare) * 3 // 5  # (the tribes' caches of drums give more than gardens take)
        assert residents(green) > residents(bare) * 6 // 5
    finally:
        bare.close()
        green.close()


def test_a_block_beside_a_fuel_plant_stays_empty_while_one_away_from_the_smoke_fills() -> None:
    sim = Simulation(load_level(LEVELS[NEO_TERRA]))
    try:
        # A plant east of uptown's street line, a new block touching its east side, another up the street.
        for command in (Place("fuel_plant", 53, 25), Place("housing", 56, 25), Place("housing", 53, 20)):
            assert sim.execute(command).ok
        beside, away = sim.building_at(56, 25), sim.building_at(53, 20)
        sim.step(12 * TICKS_PER_DAY)
        occupants = sim.buildings.col("occupants")
        assert sim.pollution[25, 56] > sim.rules.pollution_uncomfortable
        assert occupants[sim.row_of(beside)] < 20
        assert occupants[sim.row_of(away)] > 2 * occupants[sim.row_of(beside)]
    finally:
        sim.close()


def served_for_a_day(make_world: Callable[..., Simulation], *power: tuple[str, int, int]) -> int:
    """Return the day's average served percentage of ten full blocks powered by `power` (kind, x, y)."""
    homes = [at("housing", x, 0, occupants=200) for x in range(0, 20, 2)]
    sim = make_world(blank(50, 6), *homes, *(at(kind, x, y) for kind, x, y in power))
    sim.step(TICKS_PER_DAY)
    return sim.served_percent_today()


def test_solar_alone_lights_a_district_by_day_but_not_through_the_night(make_world: Callable[..., Simulation]) -> None:
    one_farm = served_for_a_day(make_world, ("solar_farm", 20, 0))
    many_farms = served_for_a_day(make_world, *(("solar_farm", x, 0) for x in range(20, 47, 3)))
    fuel_plant = served_for_a_day(make_world, ("fuel_plant", 20, 0))
    assert 40 <= one_farm < 90  # useful on average, yet the blocks would not grow on it
    assert many_farms >= 90  # nine farms for what one fuel plant does
    assert fuel_plant == 100
