"""Waste generation: housing makes waste by residents, in exact thousandths carried over ticks."""

from __future__ import annotations

import numpy as np
import pytest
from worlds import TICKS_PER_DAY, at, run_system

from game.sim.cadence import ROUND_TICKS
from game.sim.rules import Rules
from game.sim.systems import waste_generation
from game.sim.waste import WASTE_TYPES


def footprint_waste(sim, x: int, y: int) -> np.ndarray:
    """Return the waste per type lying on the 2x2 block with top-left tile (x, y)."""
    return sim.waste[:, y : y + 2, x : x + 2].sum(axis=(1, 2))


@pytest.mark.parametrize("residents", [1, 37, 100, 200])
def test_a_block_makes_residents_times_rate_per_type_over_a_day(make_world, residents):
    sim = make_world(None, at("housing", 1, 1, residents), at("housing", 5, 1, 0))
    run_system(sim, waste_generation, TICKS_PER_DAY)
    rules = Rules()
    # Thousandths carry from tick to tick, so a day's whole units are the day's total rounded down.
    expected = np.array(
        [residents * getattr(rules, f"waste_{name}_milli") * TICKS_PER_DAY // 1000 for name in WASTE_TYPES]
    )
    assert footprint_waste(sim, 1, 1).tolist() == expected.tolist()
    assert sim.counters.generated.tolist() == expected.tolist()
    assert int(sim.waste.sum()) == int(expected.sum())  # nothing lands outside the block
    leftover = residents * np.array([getattr(rules, f"waste_{n}_milli") for n in WASTE_TYPES]) * TICKS_PER_DAY % 1000
    assert sim.buildings.col("waste_milli")[0].tolist() == leftover.tolist()


def test_rates_follow_the_rules(make_world):
    sim = make_world(None, at("housing", 1, 1, 10), rules={"waste_hazardous_milli": 500, "waste_organic_milli": 0})
    run_system(sim, waste_generation, 2 * ROUND_TICKS)  # two rounds of bags
    assert sim.counters.generated[WASTE_TYPES.index("hazardous")] == 10 * 500 * 2 * ROUND_TICKS // 1000
    assert sim.counters.generated[WASTE_TYPES.index("organic")] == 0


def test_an_empty_block_makes_no_waste(make_world):
    sim = make_world(None, at("housing", 1, 1, 0), at("solar_farm", 5, 1))
    rng_before = sim.rng.bit_generator.state
    run_system(sim, waste_generation, TICKS_PER_DAY * 3)
    assert not sim.waste.any()
    assert not sim.counters.generated.any()
    assert sim.rng.bit_generator.state == rng_before  # no waste, no dice


def test_only_housing_makes_waste(make_world):
    sim = make_world(None, at("compost_works", 0, 0), at("drone_hub", 4, 0), at("garden", 7, 0))
    run_system(sim, waste_generation, TICKS_PER_DAY)
    assert not sim.waste.any()


def test_community_recycling_sorts_a_share_of_non_hazardous_waste_straight_to_the_depot(make_world):
    sim = make_world(None, at("housing", 1, 1, 200))
    sim.policies["community_recycling"] = 1
    run_system(sim, waste_generation, TICKS_PER_DAY)
    generated = sim.counters.generated.copy()
    sorted_share = sim.depot.copy()
    hazardous = WASTE_TYPES.index("hazardous")
    assert sorted_share[hazardous] == 0 and sorted_share.sum() > 0
    assert (sorted_share <= generated * Rules().community_sorted_percent // 100).all()
    assert (footprint_waste(sim, 1, 1) + sorted_share).tolist() == generated.tolist()  # nothing lost
    assert sim.counters.collected.tolist() == sorted_share.tolist()


def test_community_sorting_takes_its_exact_share_of_the_citys_sortable_waste_from_the_blocks(make_world):
    sim = make_world()
    whole = np.zeros((7, len(WASTE_TYPES)), np.int64)
    whole[:, WASTE_TYPES.index("organic")] = 1  # a few units a block: a share of each block's own would round to 0
    whole[:, WASTE_TYPES.index("hazardous")] = 5
    whole[3, WASTE_TYPES.index("metal")] = 9
    depot = sim.depot.copy()
    left = waste_generation._sort_at_the_door(sim.world, whole.copy())
    taken = whole - left
    percent = sim.rules.community_sorted_percent
    assert (taken >= 0).all() and (left >= 0).all()
    assert taken.sum(axis=0).tolist() == [int(whole[:, k].sum()) * percent // 100 if name != "hazardous" else 0
                                          for k, name in enumerate(WASTE_TYPES)]
    assert taken[:, WASTE_TYPES.index("organic")].tolist() == [1, 0, 0, 0, 0, 0, 0]  # 7 x 25% = 1: the first block, on ties
    assert (sim.depot - depot).tolist() == taken.sum(axis=0).tolist()


def test_community_recycling_takes_a_quarter_of_the_sortable_waste_off_the_streets() -> None:
    from game.level import load_level
    from game.sim import Simulation
    from game.sim.commands import SetPolicy

    left = {}
    for on in (0, 1):
        sim = Simulation(load_level("levels/02_neo_terra.toml"), seed=2)
        assert sim.execute(SetPolicy("community_recycling", on)).ok
        sim.step(TICKS_PER_DAY * 10)
        left[on] = int(sim.waste.sum())
        sim.close()
    assert left[1] < left[0] * 0.85  # 17,821 units on the streets without it, 13,668 with it
