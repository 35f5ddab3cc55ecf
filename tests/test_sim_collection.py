"""Collection: Ecolife's capacity is shared by priority weights and never creates or loses waste."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from worlds import TICKS_PER_DAY, at, blank, run_system

from game.sim.cadence import ROUND_TICKS
from game.sim.commands import SetPolicy
from game.sim.rules import Rules
from game.sim.systems import collection
from game.sim.waste import HAZARDOUS, WASTE_INDEX, WASTE_TYPES


def pile_up(sim, x: int, y: int, units: int) -> None:
    """Put `units` of every waste type on tile (x, y)."""
    sim.waste[:, y, x] = units


def round_capacity() -> int:
    """Waste units Ecolife collects in one round (every ROUND_TICKS ticks) without hubs."""
    return Rules().collection_base * ROUND_TICKS


def weights(**values: int) -> dict[str, int]:
    """Return priority policies: the named waste types at their values, the others at 0."""
    return {f"priority.{name}": values.get(name, 0) for name in WASTE_TYPES}


def test_capacity_is_shared_by_the_priority_weights(make_world):
    sim = make_world(None, at("housing", 1, 1, 0), policies=weights(organic=1, plastic=1, metal=2))
    pile_up(sim, 1, 1, 1_000)
    collection.run(sim)
    base = round_capacity()
    assert sim.depot.tolist() == [base // 4, base // 4, base // 2, 0, 0]
    assert sim.counters.collected.tolist() == sim.depot.tolist()
    assert sim.waste[:, 1, 1].tolist() == [1_000 - n for n in sim.depot.tolist()]


def test_hazardous_waste_is_neglected_under_the_default_weights(make_world):
    sim = make_world(None, at("housing", 1, 1, 0), rules={"depot_capacity": 100_000})
    pile_up(sim, 1, 1, 5_000)
    run_system(sim, collection, TICKS_PER_DAY)
    collected = sim.counters.collected
    assert collected.sum() == TICKS_PER_DAY * Rules().collection_base
    # Under 1% of the capacity goes to hazardous waste although there is as much of it as of the rest.
    assert collected[HAZARDOUS] * 100 < collected.sum()
    assert sim.waste[HAZARDOUS, 1, 1] > 4_950


def test_raising_the_hazardous_weight_gets_it_collected(make_world):
    sim = make_world(None, at("housing", 1, 1, 0))
    pile_up(sim, 1, 1, 5_000)
    assert sim.execute(SetPolicy("priority.hazardous", 100)).ok
    collection.run(sim)
    total_weight = sum(sim.policies[f"priority.{name}"] for name in WASTE_TYPES)
    fair_share = round_capacity() * 100 // total_weight
    assert fair_share > 0
    assert sim.depot[HAZARDOUS] >= fair_share


def test_a_type_with_less_waste_than_its_share_leaves_the_rest_to_the_others(make_world):
    sim = make_world(None, at("housing", 1, 1, 0), policies=weights(organic=1, metal=1))
    sim.waste[WASTE_INDEX["organic"], 1, 1] = 5
    sim.waste[WASTE_INDEX["metal"], 2, 2] = 1_000
    collection.run(sim)
    assert sim.depot[WASTE_INDEX["organic"]] == 5
    assert sim.depot[WASTE_INDEX["metal"]] == round_capacity() - 5


def test_waste_is_collected_from_every_tile_of_every_block(make_world):
    sim = make_world(None, at("housing", 1, 1, 0), at("housing", 5, 1, 0), policies=weights(organic=1))
    organic = WASTE_INDEX["organic"]
    for x, y in ((1, 1), (2, 2), (5, 2), (6, 1)):
        sim.waste[organic, y, x] = 10
    sim.waste[organic, 4, 4] = 10  # not at a block: not Ecolife's business
    collection.run(sim)
    assert sim.depot[organic] == 40
    assert sim.waste[organic].sum() == 10 and sim.waste[organic, 4, 4] == 10


def test_collection_stops_when_the_depot_and_the_landfills_are_full(make_world):
    sim = make_world(None, at("housing", 1, 1, 0), rules={"depot_capacity": 30}, policies=weights(plastic=1))
    pile_up(sim, 1, 1, 1_000)
    run_system(sim, collection, 3)
    assert sim.depot[WASTE_INDEX["plastic"]] == 30


@settings(max_examples=200, deadline=None)
@given(
    total=st.integers(0, 500),
    weights_and_limits=st.lists(st.tuples(st.integers(0, 100), st.integers(0, 400)), min_size=5, max_size=5),
)
def test_share_by_weight_never_exceeds_capacity_or_limits(total, weights_and_limits):
    weight = np.array([w for w, _ in weights_and_limits], np.int64)
    limit = np.array([lim for _, lim in weights_and_limits], np.int64)
    shares = collection.share_by_weight(total, weight, limit)
    assert (shares >= 0).all()
    assert (shares <= limit).all()
    assert (shares[weight == 0] == 0).all()
    # Capacity is used up unless every type that may be collected is exhausted.
    assert shares.sum() == min(total, int(limit[weight > 0].sum()))


@settings(max_examples=200, deadline=None)
@given(piles=st.lists(st.integers(0, 1_000), min_size=1, max_size=8), fraction=st.integers(0, 1_000))
def test_take_proportionally_takes_exactly_the_amount_and_no_more_than_a_pile(piles, fraction):
    pile = np.array(piles, np.int64)
    amount = int(pile.sum()) * fraction // 1_000
    taken = collection.take_proportionally(pile, amount)
    assert taken.sum() == amount
    assert (taken >= 0).all() and (taken <= pile).all()


def test_take_proportionally_gives_tied_leftover_units_to_the_first_piles():
    # 160 equal piles, 80 units: the remainders tie, and the first 80 piles take one each,
    # on every machine (a partition would break the tie by the CPU's vector width).
    taken = collection.take_proportionally(np.ones(160, np.int64), 80)
    assert taken.tolist() == [1] * 80 + [0] * 80


def test_ground_crews_collect_the_same_with_or_without_a_powered_hub(make_world):
    # A hub adds no ground capacity: its drones fly waste in themselves (tests/test_sim_drones.py).
    bare = make_world(None, at("housing", 1, 1, 0))
    served = make_world(None, at("housing", 1, 1, 0), at("drone_hub", 6, 1), at("solar_farm", 8, 1))
    for sim in (bare, served):
        pile_up(sim, 1, 1, 2_000)
        sim.tick = 12  # noon: the solar farm is at full power
        run_system(sim, collection, ROUND_TICKS)
        assert sim.counters.collected.sum() == round_capacity()


def test_waste_is_conserved_over_many_days(make_world):
    sim = make_world(
        blank(16, 10),
        at("housing", 0, 0, 200),
        at("housing", 2, 0, 150),
        at("housing", 0, 2, 180),
        at("solar_farm", 4, 0),
        at("compost_works", 7, 0),
        at("metal_foundry", 10, 0),
        at("landfill", 4, 4),
        at("drone_hub", 13, 0),
        rules={"depot_capacity": 25, "collection_base": 3},  # few ground crews: the drones fly most of it
        seed=3,
    )
    sim.execute(SetPolicy("priority.hazardous", 50))
    for _ in range(6 * TICKS_PER_DAY):
        sim.step()
        counters = sim.counters
        on_grid = sim.waste.sum(axis=(1, 2))
        assert (counters.generated == on_grid + sim.agents.carried() + counters.collected).all()
        assert counters.collected.sum() == sim.depot.sum() + counters.recycled.sum() + counters.landfilled.sum()
    assert counters.recycled.sum() > 0 and counters.landfilled.sum() > 0  # every path was exercised
    assert sim.agents.yesterday["drone_collected"] > 0  # the hub's drones too


def reference_takes(piles: list[int], amount: int) -> list[int]:
    """Largest remainders the slow, plain way: shares rounded down, leftover units to the largest remainders, ties first."""
    total = sum(piles)
    amount = min(amount, total)
    taken = [pile * amount // max(total, 1) for pile in piles]
    order = sorted(range(len(piles)), key=lambda i: (-(piles[i] * amount - taken[i] * max(total, 1)), i))
    for index in order[: amount - sum(taken)]:
        taken[index] += 1
    return taken


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(st.lists(st.integers(0, 300), min_size=40, max_size=40), min_size=1, max_size=5),
    amounts=st.lists(st.one_of(st.integers(0, 20), st.integers(0, 2_000)), min_size=5, max_size=5),
)
def test_take_rows_matches_the_plain_largest_remainders(rows, amounts):
    # Small amounts from many small piles take the path where every share rounds down to zero;
    # large ones the general path. Both must hand out exactly what the plain method does.
    piles = np.array(rows, np.int32)
    wanted = np.array(amounts[: len(rows)], np.int64)
    taken = collection.take_rows_proportionally(piles, wanted)
    assert taken.tolist() == [reference_takes(row, int(amount)) for row, amount in zip(rows, wanted)]
