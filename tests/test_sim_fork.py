"""Copies of a simulation: fork(), copy.copy and copy.deepcopy give independent games; pickle refuses."""

from __future__ import annotations

import copy
import pickle

import pytest

from game.level import new_simulation
from game.sim.commands import Demolish, Place, PlaceLine


def test_a_fork_goes_on_exactly_as_the_original() -> None:
    sim = new_simulation("neo_terra", seed=4)
    sim.step(30)
    fork = sim.fork()
    assert fork.state_hash() == sim.state_hash()
    sim.step(50)
    fork.step(50)
    assert fork.state_hash() == sim.state_hash()
    sim.close()
    fork.close()


def test_demolishing_in_a_fork_leaves_the_original_standing() -> None:
    sim = new_simulation("first_light")
    fork = sim.fork()
    before = sim.state_hash()
    assert fork.execute(Demolish(8, 12)).ok  # a housing block
    assert sim.building_at(8, 12) != 0 and fork.building_at(8, 12) == 0
    assert len(sim.each_building()) == len(fork.each_building()) + 1
    assert sim.state_hash() == before
    fork.step(24)
    assert sim.state_hash() == before and sim.tick == 0
    sim.close()
    fork.close()


@pytest.mark.parametrize("duplicate", [copy.copy, copy.deepcopy], ids=["copy", "deepcopy"])
def test_copy_and_deepcopy_are_forks_with_their_own_world(duplicate) -> None:
    sim = new_simulation("first_light")
    twin = duplicate(sim)
    assert twin.entities is not sim.entities and twin.pollution is not sim.pollution
    assert twin.execute(Place("compost_works", 26, 17)).ok and twin.execute(PlaceLine(26, 16, 26, 16)).ok
    assert sim.building_at(26, 17) == 0  # the original has no such building
    twin.step(48)
    sim.step(48)
    assert twin.state_hash() != sim.state_hash()
    twin.close()  # closing the copy leaves the original's world working
    sim.step(1)
    assert len(sim.each_building()) > 0
    sim.close()


def test_pickling_a_simulation_is_refused_in_one_line() -> None:
    sim = new_simulation("first_light")
    with pytest.raises(TypeError) as refused:
        pickle.dumps(sim)
    assert "cannot be pickled" in str(refused.value) and "\n" not in str(refused.value)
    sim.close()
