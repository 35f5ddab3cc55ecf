"""Population, at each day's end: lit, clean blocks fill up; dark or dirty ones empty; residents' contentment follows."""

from __future__ import annotations

import numpy as np
from worlds import TICKS_PER_DAY, at, blank

from game.sim.buildings import building_type
from game.sim.rules import Rules
from game.sim.systems import population, power

CAPACITY = building_type("housing").housing_capacity


def day_end(sim) -> None:
    """Put the clock on the day's last tick and run power, so blocks know if they are lit."""
    sim.tick = TICKS_PER_DAY - 1
    power.run(sim)


def lit_block(make_world, residents: int, **fields):
    """Return a world with one housing block at (3, 0) beside a solar farm, at the day's end."""
    sim = make_world(blank(8, 8), at("solar_farm", 0, 0), at("housing", 3, 0, residents), **fields)
    day_end(sim)
    return sim


def dark_block(make_world, residents: int, **fields):
    """Return a world with one housing block and no power, at the day's end."""
    sim = make_world(blank(8, 8), at("housing", 3, 0, residents), **fields)
    day_end(sim)
    return sim


def homes_of(sim) -> np.ndarray:
    """Return the table rows of the housing blocks."""
    return np.flatnonzero(sim.layout.attribute("housing_capacity"))


def occupants(sim) -> int:
    """Return the residents of the first housing block."""
    return int(sim.buildings.col("occupants")[homes_of(sim)[0]])


def growth_bounds(percent: int) -> tuple[int, int]:
    """Return the smallest and largest daily change for `percent` of capacity with the movers' jitter."""
    return CAPACITY * percent * 75 // 10_000, CAPACITY * percent * 125 // 10_000


def test_a_lit_clean_block_grows_and_its_residents_approve(make_world):
    sim = lit_block(make_world, 100)
    population.run(sim)
    low, high = growth_bounds(Rules().growth_percent)
    assert 100 + low <= occupants(sim) <= 100 + high
    assert sim.population == occupants(sim)
    assert sim.resident_contentment > 50


def test_a_dark_block_shrinks_and_its_residents_disapprove(make_world):
    sim = dark_block(make_world, 100)
    population.run(sim)
    low, high = growth_bounds(Rules().shrink_percent)
    assert 100 - high <= occupants(sim) <= 100 - low
    assert sim.resident_contentment < 50


def test_a_polluted_block_shrinks_even_with_power(make_world):
    sim = lit_block(make_world, 100)
    sim.pollution[0:2, 3:5] = Rules().pollution_unlivable + 1
    population.run(sim)
    assert occupants(sim) < 100


def test_a_block_buried_in_its_own_waste_likes_it_less(make_world):
    clean = lit_block(make_world, 100)
    messy = lit_block(make_world, 100)
    messy.waste[0, 1, 4] = 1_000  # on the block's bottom-right tile: piles may sit on any tile
    assert population.scores(messy, homes_of(messy))[0] < population.scores(
        clean, homes_of(clean)
    )[0]


def test_high_taxes_and_hunger_lower_contentment(make_world):
    content = lit_block(make_world, 100)
    taxed = lit_block(make_world, 100, policies={"tax_rate": 30})
    hungry = lit_block(make_world, 100)
    hungry.food_short = True
    homes = homes_of(content)
    base = population.scores(content, homes)[0]
    assert population.scores(taxed, homes)[0] < base
    assert population.scores(hungry, homes)[0] < base


def test_an_empty_block_without_power_stays_empty(make_world):
    sim = dark_block(make_world, 0)
    population.run(sim)
    assert occupants(sim) == 0


def test_a_block_never_overfills_or_goes_negative(make_world):
    full = lit_block(make_world, CAPACITY)
    population.run(full)
    assert occupants(full) == CAPACITY
    nearly_empty = dark_block(make_world, 2)
    population.run(nearly_empty)
    assert occupants(nearly_empty) == 0


def test_resident_contentment_is_the_residents_average_contentment(make_world):
    sim = make_world(blank(12, 8), at("solar_farm", 0, 0), at("housing", 3, 0, 150), at("housing", 8, 4, 50))
    day_end(sim)
    population.run(sim)
    homes = homes_of(sim)
    lit_score, dark_score = population.scores(sim, homes).tolist()
    assert lit_score > 0 > dark_score
    lit, dark = sim.buildings.col("occupants")[homes].tolist()
    contentment = [min(100, max(0, 50 + 10 * score)) for score in (lit_score, dark_score)]
    assert sim.resident_contentment == (contentment[0] * lit + contentment[1] * dark) // (lit + dark)


def test_population_only_changes_at_the_day_end(make_world):
    sim = make_world(blank(8, 8), at("housing", 3, 0, 100))
    sim.step(TICKS_PER_DAY - 1)
    assert occupants(sim) == 100
    sim.step()
    assert occupants(sim) < 100
