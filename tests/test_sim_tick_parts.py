"""A tick run in parts (a front end spreading a heavy tick over frames) gives the result of a whole tick."""

from __future__ import annotations

import pytest

from game.level import DEFAULT_LEVEL, load_level
from game.sim import Simulation
from game.sim.commands import SetPolicy
from game.sim.simulation import TICKS_PER_DAY


def _parted(sim: Simulation, ticks: int, every: int) -> None:
    """Run `ticks` ticks through step_within, stopping after every `every`-th system."""
    count = 0

    def out_of_time() -> bool:
        nonlocal count
        count += 1
        return count % every == 0

    done = 0
    while done < ticks:
        if sim.step_within(out_of_time):
            done += 1


@pytest.mark.parametrize("every", [1, 2, 5])
def test_a_day_of_ticks_in_parts_hashes_as_a_day_of_whole_ticks(every: int) -> None:
    scenario = load_level(DEFAULT_LEVEL)
    whole, parted = Simulation(scenario, seed=3), Simulation(scenario, seed=3)
    whole.step(TICKS_PER_DAY + 1)
    _parted(parted, TICKS_PER_DAY + 1, every)
    assert not parted.mid_tick and parted.tick == whole.tick
    assert parted.state_hash() == whole.state_hash()


def test_a_tick_under_way_stays_on_its_tick_and_is_finished_before_a_command_a_hash_or_a_fork() -> None:
    scenario = load_level(DEFAULT_LEVEL)
    whole, parted = Simulation(scenario, seed=3), Simulation(scenario, seed=3)
    assert parted.step_within(lambda: True) is False  # one system run, the rest owed
    assert parted.mid_tick and parted.tick == 0
    result = parted.execute(SetPolicy("tax_rate", 12))
    assert result.ok and not parted.mid_tick and parted.tick == 1
    whole.step()
    assert whole.execute(SetPolicy("tax_rate", 12)).ok
    assert parted.state_hash() == whole.state_hash()
    parted.step_within(lambda: True)
    fork = parted.fork()  # the fork holds whole ticks
    assert not parted.mid_tick and fork.tick == parted.tick == 2
    parted.step_within(lambda: True)
    parted.step(1)  # the owed rest does not count as one of the ticks asked for
    assert parted.tick == 4
