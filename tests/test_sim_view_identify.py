"""The view names what is on the map (issue 15): agents near a point with their task and load, and the camps; never a hidden cache."""

from __future__ import annotations

import dataclasses

import numpy as np
from worlds import at, blank

from game.sim.agents import BACK, COLLECTION_DRONE, GROUNDED, HIDE, HOME, OUT, PATROL, SCAVENGER, SECURITY_DRONE, SEEK, TAP
from game.sim.scenario import Camp
from game.sim.view import AgentRecord, CityView
from game.sim.waste import WASTE_TYPES

METAL, HAZARDOUS = WASTE_TYPES.index("metal"), WASTE_TYPES.index("hazardous")


def street(make_world, **kwargs):
    """Return a world of a fuel plant powering a drone hub at (3, 0), a block at (8, 3) and the Rust Rats' camp at (1, 6)."""
    return make_world(blank(14, 10), at("fuel_plant", 0, 0), at("drone_hub", 3, 0), at("housing", 8, 3, 100),
                      camps=(Camp("Rust Rats", 1, 6, members=20, unrest=30),), fuel=5_000, seed=9, **kwargs)


def only(sim, **values) -> int:
    """Replace every agent by one with these column values; return its row."""
    store = sim.agents.store
    store.keep(np.zeros(store.count, bool))
    x, y = values.pop("x"), values.pop("y")
    store.add(1, x=x, y=y, px=x, py=y, **values)
    return 0


def test_agents_near_a_point_come_nearest_first_and_only_within_the_radius(make_world):
    sim = street(make_world)
    store = sim.agents.store
    store.keep(np.zeros(store.count, bool))
    xs = np.array([5, 7, 6, 12], np.int32)
    store.add(4, kind=SCAVENGER, x=xs, y=5, px=xs, py=5, owner=0)
    near = CityView(sim).agents_near(5.5, 5.5, 2.0)
    assert [(agent.x, agent.y) for agent in near] == [(5, 5), (6, 5), (7, 5)]
    assert CityView(sim).agents_near(0.5, 0.5, 1.0) == ()


def test_a_walker_is_named_with_its_tribe_its_errand_and_what_it_carries(make_world):
    sim = street(make_world)
    only(sim, kind=SCAVENGER, x=6, y=5, owner=0, state=HOME, load=4, load_type=METAL)
    walker = CityView(sim).agents_near(6.5, 5.5, 0.5)[0]
    assert (walker.kind, walker.tribe, walker.errand, walker.load, walker.waste_type) == ("scavenger", "Rust Rats", "homeward", 4, "metal")
    assert not walker.collector
    sim.agents.store.col("state")[0] = SEEK
    assert CityView(sim).agents_near(6.5, 5.5, 0.5)[0].errand == "scavenging"
    sim.agents.store.col("x")[0], sim.agents.store.col("y")[0], sim.agents.store.col("load")[0] = 1, 6, 0
    sim.agents.store.col("state")[0] = HOME
    assert CityView(sim).agents_near(1.5, 6.5, 0.5)[0].errand == "resting"  # at its camp, empty-handed


def test_a_walker_on_a_secret_errand_is_only_seen_wandering_and_its_target_is_never_told(make_world):
    sim = street(make_world)
    cache_site = (11, 9)
    for state in (HIDE, TAP):
        only(sim, kind=SCAVENGER, x=6, y=5, tx=cache_site[0], ty=cache_site[1], owner=0, state=state, load=5, load_type=HAZARDOUS)
        walker = CityView(sim).agents_near(6.5, 5.5, 0.5)[0]
        assert walker.errand == "wandering"
        assert {field.name for field in dataclasses.fields(AgentRecord)}.isdisjoint({"tx", "ty", "target"})


def test_a_security_drone_tells_its_task_patrolling_grounded_hacked_or_stood_down(make_world):
    sim = street(make_world)
    sim.step(1)  # the power system labels the grid: the hub is served
    hub = sim.building_at(3, 0)
    only(sim, kind=SECURITY_DRONE, x=5, y=2, owner=hub, state=PATROL)
    view = CityView(sim)
    assert view.agents_near(5.5, 2.5, 0.5)[0].errand == "patrolling"
    sim.agents.store.col("state")[0] = GROUNDED
    assert view.agents_near(5.5, 2.5, 0.5)[0].errand == "launching"  # powered, about to take off
    sim.agents.disable_security(sim.world, 30)
    assert view.agents_near(5.5, 2.5, 0.5)[0].errand == "hacked"
    sim.agents.security_off_until = 0
    sim.world.policies["patrol_intensity"] = 0
    assert view.agents_near(5.5, 2.5, 0.5)[0].errand == "stood down"


def test_a_collection_drone_tells_where_it_takes_its_load(make_world):
    sim = street(make_world)
    sim.step(1)
    hub, plant = sim.building_at(3, 0), sim.building_at(0, 0)
    only(sim, kind=COLLECTION_DRONE, x=6, y=4, tx=0, ty=0, owner=hub, state=BACK, load=7, load_type=METAL)
    view = CityView(sim)
    drone = view.agents_near(6.5, 4.5, 0.5)[0]
    assert (drone.kind, drone.errand, drone.load, drone.waste_type, drone.goes_to) == ("collection_drone", "delivering", 7, "metal", plant)
    sim.agents.store.col("load")[0] = 0
    sim.agents.store.col("tx")[0], sim.agents.store.col("ty")[0] = 3, 0
    assert (view.agents_near(6.5, 4.5, 0.5)[0].errand, view.agents_near(6.5, 4.5, 0.5)[0].goes_to) == ("returning", hub)
    sim.agents.store.col("state")[0] = OUT
    assert view.agents_near(6.5, 4.5, 0.5)[0].errand == "collecting"
    sim.agents.store.col("state")[0] = GROUNDED
    sim.world.buildings.col("served_permille")[sim.world.row_of(hub)] = 0
    assert view.agents_near(6.5, 4.5, 0.5)[0].errand == "grounded"


def test_camps_name_their_tribe_members_mood_and_walkers(make_world):
    sim = street(make_world)
    view = CityView(sim)
    (camp,) = view.camps()
    walkers = int((sim.agents.store.col("kind") == SCAVENGER).sum())
    assert (camp.name, camp.x, camp.y, camp.members, camp.unrest, camp.walkers) == ("Rust Rats", 1, 6, 20, 30, walkers)
    assert walkers > 0
    assert view.camp_at(1, 6) == camp
    assert view.camp_at(2, 6) is None


def test_no_accessor_of_the_view_gives_away_a_hidden_cache(make_world):
    sim = street(make_world)
    store = sim.agents.store
    store.keep(np.zeros(store.count, bool))
    sim.agents.hide(np.array([9 * sim.width + 11]), np.array([1]), np.array([40]))
    view = CityView(sim)
    assert sim.agents.cache_total() == 40
    assert view.agents_near(11.5, 9.5, 3.0) == ()
    assert view.camp_at(11, 9) is None
    assert all((camp.x, camp.y) != (11, 9) for camp in view.camps())
