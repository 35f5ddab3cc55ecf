"""The world: esper holds the discrete things, the layout projects them, one snapshot saves and hashes them."""

from __future__ import annotations

import copy
import pickle

import numpy as np
import pytest

from game.level import new_simulation
from game.sim.commands import Demolish, PlaceLine
from game.sim.components import Building, Cache, DroneHub, Housing, Position, PowerSource, Sabotaged, Tribe
from game.sim.layout import ATTRIBUTES, Layout, build, build_cache_sites
from game.sim.snapshot import RECORD_ONLY, capture, digest


def test_every_building_is_an_esper_entity_with_its_role_components_and_the_layout_projects_them() -> None:
    sim = new_simulation("neo_terra", seed=1)
    entities = sim.world.entities
    buildings = sorted((b.building_id, e) for e, b in entities.each(Building))
    layout = sim.world.layout
    assert [building_id for building_id, _ in buildings] == layout.ids.tolist() == sim.buildings.col("id").tolist()
    for row, (building_id, entity) in enumerate(buildings):
        record = sim.world.building(building_id)
        assert record is not None
        position = entities.component(entity, Position)
        assert (position.x, position.y) == (record.x, record.y) == (int(layout.x[row]), int(layout.y[row]))
        assert entities.has(entity, Housing) == (record.kind == "housing") == bool(layout.mask(Housing)[row])
        assert entities.has(entity, DroneHub) == (record.kind == "drone_hub")
        assert entities.has(entity, PowerSource) == (record.kind in ("solar_farm", "fuel_plant"))
    sim.close()


def test_the_layout_is_rebuilt_when_a_projected_entity_comes_or_goes_and_not_otherwise() -> None:
    sim = new_simulation("neo_terra", seed=1)
    world = sim.world
    before = world.layout
    assert world.layout is before  # nothing changed: the same projection
    plant = int(before.ids[before.rows(PowerSource)[0]])
    assert world.sabotage(plant, 10)  # Sabotaged is not projected: the layout and what hangs off it stay
    assert world.layout is before
    assert world.sabotaged == {plant: world.tick + 10}
    entity = int(before.entities[before.row_of(plant)])
    assert world.entities.component(entity, Sabotaged).until == world.tick + 10
    assert sim.execute(Demolish(int(before.x[0]), int(before.y[0]))).ok
    after = world.layout
    assert after is not before and after.version > before.version and after.count == before.count - 1
    sim.close()


def test_derived_data_is_keyed_by_a_module_level_builder_not_a_closure() -> None:
    sim = new_simulation("first_light")
    with pytest.raises(AssertionError, match="module-level"):
        sim.world.layout.derive(lambda world: world.width, sim.world)
    assert isinstance(sim.world.layout, Layout)
    sim.close()


def test_tribes_are_esper_entities_and_a_fork_has_its_own() -> None:
    sim = new_simulation("neo_terra", seed=2)
    tribes = [tribe for _, tribe in sim.world.entities.each(Tribe)]
    assert tribes and list(sim.agents.tribes) == tribes
    unrest = tribes[0].unrest
    fork = sim.fork()
    fork.agents.tribes[0].unrest = unrest + 1
    assert sim.agents.tribes[0].unrest == unrest
    assert next(tribe for _, tribe in fork.world.entities.each(Tribe)).unrest == unrest + 1
    sim.close()
    fork.close()


def test_every_saved_field_but_the_record_is_hashed() -> None:
    sim = new_simulation("neo_terra", seed=3)
    sim.step(30)
    meta, arrays = capture(sim.world)
    base = digest(meta, arrays)
    for name, array in arrays.items():
        if array.size == 0:
            continue
        changed = {**arrays, name: array.copy()}
        changed[name].reshape(-1)[0] ^= 1
        assert digest(meta, changed) != base, f"arrays.{name} is saved but not hashed"
    for key, value in meta.items():
        other = {**value, "changed": True} if isinstance(value, dict) else "something else"
        if key in RECORD_ONLY:
            assert digest({**meta, key: other}, arrays) == base, f"{key} is record only"
        else:
            assert digest({**meta, key: other}, arrays) != base, f"{key} is saved but not hashed"
    for key in meta["scenario"]:  # the level's own fields: all hashed but the path it was read from
        other = {**meta, "scenario": {**meta["scenario"], key: "something else"}}
        assert (digest(other, arrays) == base) == (f"scenario.{key}" in RECORD_ONLY), key
    sim.close()


def test_siphoned_power_is_in_the_hash_it_carries_into_the_next_tick() -> None:
    sim = new_simulation("neo_terra", seed=3)
    sim.step(5)
    twin = sim.fork()
    twin.power.siphoned_kw = twin.power.siphoned_kw.copy()
    twin.power.siphoned_kw[1] += 50
    assert twin.state_hash() != sim.state_hash()
    sim.close()
    twin.close()


@pytest.mark.parametrize("duplicate", [copy.copy, copy.deepcopy, pickle.dumps], ids=["copy", "deepcopy", "pickle"])
def test_a_world_refuses_to_be_copied_or_pickled_in_one_line(duplicate) -> None:
    sim = new_simulation("first_light")
    with pytest.raises(TypeError) as refused:
        duplicate(sim.world)
    assert "fork()" in str(refused.value) and "\n" not in str(refused.value)
    sim.close()


def test_two_simulations_never_share_esper_state() -> None:
    one, two = new_simulation("first_light"), new_simulation("first_light")
    assert np.array_equal(one.world.layout.ids, two.world.layout.ids)
    assert one.execute(Demolish(8, 12)).ok  # a housing block
    assert one.building_at(8, 12) == 0 and two.building_at(8, 12) != 0
    assert len(list(two.world.entities.each(Building))) == len(list(one.world.entities.each(Building))) + 1
    one.close()
    two.close()


def test_caches_are_esper_entities_that_pollute_until_seized() -> None:
    sim = new_simulation("neo_terra", seed=2)
    agents = sim.agents
    tile = 7 * sim.width + 9
    agents.hide(np.array([tile, tile]), np.array([1, 2]), np.array([30, 12]))
    sites = [cache for _, cache in sim.world.entities.each(Cache)]
    assert [(c.x, c.y, c.units, c.owner) for c in sites] == [(9, 7, 42, 2)]  # one cache a tile; the last to hide marks it
    assert agents.cache_total() == 42 and agents.cache_grids()["caches"][7, 9] == 42
    fork = sim.fork()
    assert agents.seize_caches(sim.world) == 42
    assert not list(sim.world.entities.each(Cache)) and fork.agents.cache_total() == 42
    sim.close()
    fork.close()


def test_hidden_caches_are_projected_as_a_full_rebuild_would() -> None:
    sim = new_simulation("neo_terra", seed=2)
    agents, width = sim.agents, sim.width
    first = np.array([5 * width + 3, 40 * width + 60])
    agents.hide(first, np.array([1, 2]), np.array([10, 20]))
    # New tiles before, between and after the first caches, one tile twice, and an old tile again.
    later = np.array([2 * width + 1, 20 * width + 7, 20 * width + 7, 40 * width + 60, 70 * width + 5])
    agents.hide(later, np.array([3, 1, 2, 2, 1]), np.array([5, 6, 7, 8, 9]))
    projected = agents.sites
    rebuilt = build_cache_sites(sim.world.entities, width, width * sim.height)
    assert projected.version == rebuilt.version
    for name in ("tiles", "entities", "occupied"):
        assert np.array_equal(getattr(projected, name), getattr(rebuilt, name)), name
    assert projected.caches == rebuilt.caches and [cache.units for cache in projected.caches] == [5, 10, 13, 28, 9]
    sim.close()


def test_a_build_or_demolition_projects_the_layout_as_a_full_rebuild_would() -> None:
    sim = new_simulation("neo_terra", seed=1)
    world = sim.world
    assert world.layout.count  # current now: the next changes are projected in, row by row
    row = 3
    for command in (PlaceLine(40, 39, 45, 39), Demolish(int(world.layout.x[row]), int(world.layout.y[row]))):
        assert sim.execute(command).ok
        projected, rebuilt = world.layout, build(world.entities, world.width)
        assert projected.version == rebuilt.version
        for name in ("ids", "entities", "kinds", "x", "y", "width", "height"):
            assert np.array_equal(getattr(projected, name), getattr(rebuilt, name)), name
        for role, field in ATTRIBUTES.values():
            assert np.array_equal(projected.values(role, field), rebuilt.values(role, field)), (role, field)
            assert np.array_equal(projected.mask(role), rebuilt.mask(role)), role
    sim.close()
