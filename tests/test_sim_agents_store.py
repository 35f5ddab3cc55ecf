"""The agents' store, their save and restore, and determinism."""

from __future__ import annotations

import numpy as np
import pytest

from game.sim.agents import SCAVENGER, AgentStore
from game.sim.checks import SnapshotError
from game.sim.scenario import Camp
from game.sim.snapshot import capture, restore
from tests.worlds import at

MAP = ["RRRR........", "RRRR........", "............", "............",
       "............", "............", "............", "............"]


def camp_world(make_world, seed: int = 3, **kwargs):
    """Return a tiny world with a camp, a hub on a fuel plant and two blocks with waste."""
    sim = make_world(MAP, at("fuel_plant", 5, 0), at("drone_hub", 8, 0), at("housing", 5, 4, 100), at("housing", 8, 5, 100),
                     camps=(Camp("Rust Rats", 1, 1, members=20),), fuel=5_000, seed=seed, **kwargs)
    return sim


def test_removing_rows_keeps_the_survivors_in_their_order():
    store = AgentStore(capacity=4)
    store.add(6, kind=SCAVENGER, x=np.arange(6, dtype=np.int32))
    store.keep(np.array([True, False, True, True, False, True]))
    assert store.col("x").tolist() == [0, 2, 3, 5]


def test_store_grows_past_its_capacity_keeping_every_row():
    store = AgentStore(capacity=2)
    for index in range(5):
        store.add(1, x=index, owner=10 * index)
    assert store.count == 5
    assert store.col("owner").tolist() == [0, 10, 20, 30, 40]


def test_a_tribe_shows_a_handful_of_walkers(make_world):
    sim = camp_world(make_world)
    assert sim.agents.counts()["scavengers"] == 3  # 20 members, 8 a walker, rounded up


@pytest.mark.parametrize("ticks", [30, 31])  # walkers act on even ticks, drones on odd ones
def test_restored_game_continues_to_the_same_hash(make_world, ticks):
    sim = camp_world(make_world)
    sim.waste[2, 4:6, 5:7] = 30  # metal for the walkers
    sim.step(ticks)
    meta, arrays = capture(sim)
    copy = restore(meta, arrays)
    sim.step(40)
    copy.step(40)
    assert copy.state_hash() == sim.state_hash()
    copy.close()


def test_same_seed_gives_the_same_hash_and_another_seed_does_not(make_world):
    hashes = []
    for seed in (3, 3, 4):
        sim = camp_world(make_world, seed=seed)
        sim.waste[2, 4:6, 5:7] = 30  # metal for the walkers
        sim.step(50)
        hashes.append(sim.state_hash())
    assert hashes[0] == hashes[1]
    assert hashes[0] != hashes[2]


def test_a_damaged_agent_column_is_refused_naming_it(make_world):
    sim = camp_world(make_world)
    sim.step(5)
    meta, arrays = capture(sim)
    arrays["agents_col_x"] = arrays["agents_col_x"].copy()
    arrays["agents_col_x"][0] = 9_999
    with pytest.raises(SnapshotError, match=r"^arrays\.agents_col_x: holds 9,999, above the most allowed 11"):
        restore(meta, arrays)


def test_a_tribe_with_impossible_unrest_is_refused_naming_it(make_world):
    sim = camp_world(make_world)
    meta, arrays = capture(sim)
    meta["society"]["agents"]["tribes"][0]["unrest"] = 140
    with pytest.raises(SnapshotError, match=r"^society\.agents\.tribes\[0\]\.unrest: 140 is above the most allowed 100"):
        restore(meta, arrays)


def test_agent_columns_of_different_lengths_are_refused(make_world):
    sim = camp_world(make_world)
    meta, arrays = capture(sim)
    arrays["agents_col_y"] = arrays["agents_col_y"][:-1].copy()
    with pytest.raises(SnapshotError, match=r"^arrays\.agents_col_y: shape"):
        restore(meta, arrays)
