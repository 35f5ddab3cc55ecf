"""Drones: collection drones fly waste from the blocks in reach to the depot; security drones patrol, catch and seize."""

from __future__ import annotations

import numpy as np

from game.sim.agents import (
    BACK,
    COLLECTION_DRONE,
    GROUNDED,
    SECURITY_DRONE,
    CacheSeized,
)
from game.sim.buildings import building_type
from game.sim.commands import Demolish, Place
from game.sim.scenario import Camp
from game.sim.systems import drones
from game.sim.waste import WASTE_TYPES
from tests.worlds import at, blank, run_system

HAZARDOUS, METAL, ORGANIC = WASTE_TYPES.index("hazardous"), WASTE_TYPES.index("metal"), WASTE_TYPES.index("organic")
NO_CREWS = {"collection_base": 0}  # only the drones collect
MAP = ["............"] * 6 + ["RRRRRRRRRRRR"] * 2


def hub_world(make_world, **kwargs):
    """Return a tiny world: a fuel plant powering a drone hub at (3, 0), a block at (8, 3)."""
    return make_world(MAP, at("fuel_plant", 0, 0), at("drone_hub", 3, 0), at("housing", 8, 3, 100), fuel=5_000, seed=9, **kwargs)


def drones_of(sim, kind):
    """Return the store rows of drones of `kind`."""
    return np.flatnonzero(sim.agents.store.col("kind") == kind)


def test_each_hub_keeps_its_drones(make_world):
    sim = hub_world(make_world, rules={"drone_collection_per_hub": 3, "drone_security_per_hub": 2})
    sim.step(1)
    assert sim.agents.counts() == {"scavengers": 0, "collection_drones": 3, "security_drones": 2}


def test_a_security_drone_seizes_a_cache_in_range(make_world):
    seized = {}
    for intensity in (0, 1):
        sim = hub_world(make_world, policies={"patrol_intensity": intensity})
        sim.agents.hide(np.array([3 * sim.width + 5]), np.array([0]), np.array([12]))  # no tribe known
        collected_before = int(sim.counters.collected[HAZARDOUS])
        sim.step(20)
        seized[intensity] = sim.agents.today["seized"]  # evidence of what Ecolife ignored
        found = [event for event in sim.drain_events() if isinstance(event, CacheSeized)]
        assert sum(event.units for event in found) == seized[intensity]
        assert sim.agents.cache_total() == 12 - seized[intensity]
        assert int(sim.counters.collected[HAZARDOUS]) - collected_before >= seized[intensity]
    assert seized == {0: 0, 1: 12}  # grounded at intensity 0; found at once on patrol


def test_hacked_security_drones_stay_grounded_and_find_nothing(make_world):
    sim = hub_world(make_world)
    sim.agents.hide(np.array([3 * sim.width + 5]), np.array([0]), np.array([12]))  # no tribe known
    sim.agents.disable_security(sim, 30)
    sim.step(20)
    security = drones_of(sim, SECURITY_DRONE)
    assert (sim.agents.store.col("state")[security] == GROUNDED).all()
    assert sim.agents.cache_total() == 12


def drone_world(make_world, *extra, block_x: int = 8, rules=None, **kwargs):
    """Return a world of a fuel plant powering a drone hub at (3, 0) and an empty block at (block_x, 3): no crews, no new waste."""
    return make_world(blank(block_x + 4, 8), at("fuel_plant", 0, 0), at("drone_hub", 3, 0), at("housing", block_x, 3, 0), *extra,
                      fuel=5_000, seed=9, rules={**NO_CREWS, **(rules or {})}, **kwargs)


def waste_accounted(sim) -> np.ndarray:
    """Return, per waste type, what lies on the map, rides on drones and was collected, less what was made."""
    return sim.waste.sum(axis=(1, 2)) + sim.agents.carried() + sim.counters.collected - sim.counters.generated


def only(waste: int, weight: int = 100) -> dict[str, int]:
    """Return priority weights that send drones for `waste` only."""
    return {f"priority.{name}": weight if index == waste else 0 for index, name in enumerate(WASTE_TYPES)}


def test_collection_drones_fly_a_blocks_waste_to_the_depot(make_world):
    sim = drone_world(make_world)
    sim.waste[METAL, 3:5, 8:10] = 100
    before = waste_accounted(sim)
    seen_carried = 0
    for _ in range(30):
        sim.step()
        seen_carried = max(seen_carried, int(sim.agents.carried()[METAL]))
        assert (waste_accounted(sim) == before).all()  # nothing made or lost on the way
        assert int(sim.agents.store.col("load").max()) <= sim.rules.drone_carry
    assert seen_carried > 0
    assert int(sim.waste[METAL].sum()) == 0 and int(sim.counters.collected[METAL]) == 400
    assert sim.agents.today["drone_collected"] + sim.agents.yesterday["drone_collected"] == 400  # the day ended at tick 24


def test_a_drone_loads_only_its_trips_waste_type_and_no_more_than_it_carries(make_world):
    sim = drone_world(make_world, rules={"drone_collection_per_hub": 1}, policies=only(METAL))
    sim.waste[METAL, 3, 8] = 500
    sim.waste[ORGANIC, 3, 8] = 500
    store = sim.agents.store
    sim.step()
    drone = drones_of(sim, COLLECTION_DRONE)
    for _ in range(20):
        sim.step()
        assert int(store.col("load")[drone][0]) <= sim.rules.drone_carry
    assert int(sim.counters.collected[METAL]) % sim.rules.drone_carry == 0 and int(sim.counters.collected[METAL]) > 0
    assert int(sim.waste[ORGANIC, 3, 8]) == 500 and int(sim.counters.collected[ORGANIC]) == 0  # a weight of 0: never fetched


def test_blocks_beyond_a_hubs_reach_are_left_to_the_ground_crews(make_world):
    far_x = 4 + building_type("drone_hub").drone_range + 2
    sim = drone_world(make_world, block_x=far_x)
    sim.waste[METAL, 3:5, far_x:far_x + 2] = 40
    sim.step(30)
    assert int(sim.waste[METAL].sum()) == 160 and int(sim.counters.collected.sum()) == 0
    store = sim.agents.store
    collectors = drones_of(sim, COLLECTION_DRONE)
    assert (store.col("x")[collectors] == 3).all() and (store.col("y")[collectors] == 0).all()  # idle at home


def test_priority_weights_share_out_the_trips(make_world):
    flown = []
    for favourite, other in ((METAL, HAZARDOUS), (HAZARDOUS, METAL)):
        weights = {**only(favourite, 90), f"priority.{WASTE_TYPES[other]}": 10}
        sim = drone_world(make_world, rules={"depot_capacity": 100_000, "drone_collection_per_hub": 8}, policies=weights)
        sim.waste[[METAL, HAZARDOUS], 3:5, 8:10] = 10_000
        sim.step(120)  # some 60 trips
        flown.append((int(sim.counters.collected[favourite]), int(sim.counters.collected[other])))
    for favourite_units, other_units in flown:
        assert favourite_units > 3 * other_units > 0


def test_drones_leave_small_piles_while_another_type_has_a_quarter_load_waiting(make_world):
    weights = {**only(METAL, 99), "priority.organic": 1}
    sim = drone_world(make_world, rules={"drone_collection_per_hub": 2}, policies=weights)
    quarter = sim.rules.drone_carry // 4
    sim.waste[ORGANIC, 3, 8] = 10 * quarter
    sim.waste[METAL, 3, 8] = quarter - 1  # worth a trip on its own, but smaller than a quarter load
    sim.step(12)
    assert int(sim.counters.collected[ORGANIC]) > 0  # a weight of 1 still wins the trips...
    assert int(sim.counters.collected[METAL]) == 0  # ...while metal waits for a quarter load or for less to do
    sim.step(40)
    assert int(sim.waste[METAL].sum()) == 0


def test_a_load_goes_to_the_nearest_powered_plant_that_takes_it(make_world):
    # The compost works touches the hub, so it is powered and within reach; it takes organic waste only.
    sim = drone_world(make_world, at("compost_works", 5, 0), rules={"drone_collection_per_hub": 1})
    sim.waste[ORGANIC, 3:5, 8:10] = 100
    store = sim.agents.store
    sim.step()
    drone = drones_of(sim, COLLECTION_DRONE)
    drop_offs = set()
    for _ in range(20):
        sim.step()
        if store.col("load")[drone][0] > 0 and store.col("state")[drone][0] == BACK:
            drop_offs.add((int(store.col("tx")[drone][0]), int(store.col("ty")[drone][0])))
    assert drop_offs == {(6, 1)}  # the works' middle tile, not the hub at (3, 0)
    assert int(sim.counters.collected[ORGANIC]) > 0


def test_collection_drones_land_where_they_are_without_power_and_fly_on_with_it(make_world):
    sim = drone_world(make_world, block_x=18)
    sim.waste[METAL, 3:5, 18:20] = 400
    store = sim.agents.store
    sim.step()
    collectors = drones_of(sim, COLLECTION_DRONE)
    for _ in range(20):  # until a drone is on its way home with a load
        sim.step()
        if sim.agents.carried().any() and ((store.col("state")[collectors] == BACK) & (store.col("load")[collectors] > 0)).any():
            break
    before = waste_accounted(sim)
    sim.execute(Demolish(1, 1))  # the fuel plant
    sim.step(1)
    positions = (store.col("x")[collectors].copy(), store.col("y")[collectors].copy())
    loads = store.col("load")[collectors].copy()
    assert loads.sum() > 0
    sim.step(5)
    assert (store.col("state")[collectors] == GROUNDED).all()
    assert (store.col("x")[collectors] == positions[0]).all() and (store.col("y")[collectors] == positions[1]).all()
    assert (store.col("load")[collectors] == loads).all()  # landed with their loads, nothing dropped
    assert (waste_accounted(sim) == before).all()
    collected = int(sim.counters.collected.sum())
    sim.execute(Place("fuel_plant", 0, 0))
    sim.step(12)
    assert int(sim.counters.collected.sum()) >= collected + int(loads.sum())  # flown on and unloaded
    assert (waste_accounted(sim) == before).all()


def test_a_razed_hubs_drones_hand_in_their_loads(make_world):
    sim = drone_world(make_world, block_x=18)
    sim.waste[METAL, 3:5, 18:20] = 400
    for _ in range(20):
        sim.step()
        if sim.agents.carried().any():
            break
    carried = int(sim.agents.carried().sum())
    collected = int(sim.counters.collected.sum())
    before = waste_accounted(sim)
    assert carried > 0
    sim.execute(Demolish(3, 0))
    sim.step(1)
    assert sim.agents.counts()["collection_drones"] == 0 and not sim.agents.carried().any()
    assert int(sim.counters.collected.sum()) == collected + carried
    assert (waste_accounted(sim) == before).all()


def test_drones_fetch_nothing_the_depot_and_landfills_have_no_room_for(make_world):
    sim = drone_world(make_world, rules={"depot_capacity": 10})
    sim.depot[:] = 10  # full, and no landfill
    sim.waste[METAL, 3:5, 8:10] = 40
    sim.step(20)
    assert int(sim.waste[METAL].sum()) == 160 and sim.agents.today["drone_collected"] == 0
    sim.execute(Place("landfill", 0, 4))
    sim.step(20)
    assert int(sim.waste[METAL].sum()) < 160  # room again: the drones go


def test_drones_leave_with_their_hub(make_world):
    sim = hub_world(make_world)
    sim.step(2)
    sim.execute(Demolish(3, 0))
    sim.step(1)
    assert sim.agents.counts()["collection_drones"] == 0
    assert sim.agents.counts()["security_drones"] == 0


def test_crackdown_catches_more_loaded_walkers_than_tolerance(make_world):
    caught = {}
    for stance in (0, -1):
        sim = make_world(MAP, at("fuel_plant", 0, 0), at("drone_hub", 3, 0), camps=(Camp("Rust Rats", 2, 6, members=200),),
                         fuel=5_000, seed=4, policies={"scavenger_stance": stance}, rules={"drone_detect_cell": 12})
        sim.step(4)  # the security drones take off
        store = sim.agents.store
        walkers = np.flatnonzero(store.col("kind") == 0)
        store.col("load")[walkers] = 3
        store.col("load_type")[walkers] = METAL
        unrest = sim.agents.tribes[0].unrest
        run_system(sim, drones, 3)  # through tick 6: the round's catching tick (drones.guard, round phase 2)
        caught[stance] = sim.agents.today["intercepted"]
        assert sim.ledger.fines == caught[stance] * sim.rules.drone_fine
        assert sim.agents.tribes[0].intercepted == caught[stance]
        assert int(store.col("load").sum()) == 3 * (walkers.size - caught[stance])
        assert sim.agents.tribes[0].unrest == unrest  # unrest moves at day end
    assert 0 < caught[0] < caught[-1]


def test_a_hub_with_no_housing_in_the_city_keeps_its_drones_home(make_world):
    sim = make_world(blank(12, 8), at("fuel_plant", 0, 0), at("drone_hub", 3, 0), fuel=5_000, seed=9, rules=NO_CREWS)
    sim.step(12)
    store = sim.agents.store
    collectors = drones_of(sim, COLLECTION_DRONE)
    assert collectors.size > 0 and not store.col("load")[collectors].any()
    assert (store.col("x")[collectors] == 3).all() and (store.col("y")[collectors] == 0).all()
    assert drones.blocks_in_reach(sim, 3, 0) == (0, 0)


def test_a_drone_empties_its_streets_blocks_in_order_up_to_its_carry(make_world):
    # Two blocks side by side make one street (its stop: the first block's middle).
    sim = drone_world(make_world, at("housing", 10, 3, 0), rules={"drone_collection_per_hub": 1, "drone_street_tiles": 12}, policies=only(METAL))
    carry = sim.rules.drone_carry
    sim.waste[METAL, 3:5, 8:10] = carry // 8  # the first block: half a load
    sim.waste[METAL, 3:5, 10:12] = carry // 4  # the second: a load in all
    store = sim.agents.store
    sim.step()
    drone = drones_of(sim, COLLECTION_DRONE)
    for _ in range(12):
        sim.step()
        if store.col("load")[drone][0] > 0:
            break
    assert int(store.col("load")[drone][0]) == carry
    assert int(sim.waste[METAL, 3:5, 8:10].sum()) == 0  # the first block went first...
    assert int(sim.waste[METAL, 3:5, 10:12].sum()) == 4 * (carry // 4) - (carry - 4 * (carry // 8))  # ...then the second, up to the carry


def test_two_drones_at_one_street_after_one_type_the_first_loads(make_world):
    sim = drone_world(make_world, rules={"drone_collection_per_hub": 2}, policies=only(METAL))
    sim.waste[METAL, 3, 8] = 10 * sim.rules.drone_carry  # one street: both drones fly to it
    store = sim.agents.store
    sim.step()
    collectors = drones_of(sim, COLLECTION_DRONE)
    for _ in range(16):
        sim.step()
        loads = store.col("load")[collectors]
        if loads.any():
            break
    assert sorted(loads.tolist()) == [0, sim.rules.drone_carry]  # the other was beaten to it and looks again
    assert int(sim.waste[METAL].sum()) == 9 * sim.rules.drone_carry


def test_the_news_of_a_seized_cache_names_where_it_lay_and_whose_it_was(make_world):
    sim = hub_world(make_world, camps=(Camp("Rust Rats", 1, 6, members=4),))
    sim.agents.hide(np.array([3 * sim.width + 5]), np.array([1]), np.array([12]))  # the Rust Rats' (tribe 0, + 1)
    sim.step(20)
    found = [event for event in sim.drain_events() if isinstance(event, CacheSeized)]
    assert [site for event in found for site in event.sites] == [(5, 3, 12, 1)]
