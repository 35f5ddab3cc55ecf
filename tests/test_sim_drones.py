"""Drones: collection drones carry their hub's capacity; security drones patrol, catch and seize."""

from __future__ import annotations

import numpy as np

from game.sim.agents import COLLECTION_DRONE, GROUNDED, SECURITY_DRONE, CacheSeized
from game.sim.commands import Demolish
from game.sim.scenario import Camp
from game.sim.systems import drones
from game.sim.waste import WASTE_TYPES
from tests.worlds import at, run_system

HAZARDOUS, METAL = WASTE_TYPES.index("hazardous"), WASTE_TYPES.index("metal")
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
        sim.agents.caches[3, 5] = 12
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
    sim.agents.caches[3, 5] = 12
    sim.agents.disable_security(sim, 30)
    sim.step(20)
    security = drones_of(sim, SECURITY_DRONE)
    assert (sim.agents.store.col("state")[security] == GROUNDED).all()
    assert sim.agents.cache_total() == 12


def test_collection_drones_land_and_stop_when_their_hub_loses_power(make_world):
    sim = hub_world(make_world)
    sim.waste[METAL, 3:5, 8:10] = 40
    sim.step(6)
    store = sim.agents.store
    collectors = drones_of(sim, COLLECTION_DRONE)
    assert (store.col("state")[collectors] != GROUNDED).any()
    sim.execute(Demolish(1, 1))  # the fuel plant
    sim.step(2)
    positions = (store.col("x")[collectors].copy(), store.col("y")[collectors].copy())
    sim.step(5)
    assert (store.col("state")[collectors] == GROUNDED).all()
    assert (store.col("load")[collectors] == 0).all()
    assert (store.col("x")[collectors] == 3).all() and (store.col("y")[collectors] == 0).all()
    assert (store.col("x")[collectors] == positions[0]).all() and (store.col("y")[collectors] == positions[1]).all()


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
        run_system(sim, drones, 2)  # tick 5: a catching tick
        caught[stance] = sim.agents.today["intercepted"]
        assert sim.ledger.fines == caught[stance] * sim.rules.drone_fine
        assert sim.agents.tribes[0].intercepted == caught[stance]
        assert int(store.col("load").sum()) == 3 * (walkers.size - caught[stance])
        assert sim.agents.tribes[0].unrest == unrest  # unrest moves at day end
    assert 0 < caught[0] < caught[-1]
