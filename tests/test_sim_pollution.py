"""Pollution: emission from waste and chimneys, diffusion to neighbours, decay, gardens, the cap."""

from __future__ import annotations

import numpy as np
from worlds import TICKS_PER_DAY, at, blank, run_system

from game.sim import schedule
from game.sim.buildings import building_type
from game.sim.cadence import ROUND_TICKS
from game.sim.rules import Rules
from game.sim.systems import pollution
from game.sim.waste import WASTE_TYPES

NO_SPREAD = {"pollution_diffusion_milli": 0, "pollution_decay_milli": 0}


def test_uncollected_waste_emits_and_hazardous_emits_most(make_world):
    sim = make_world(blank(12, 4))
    for index in range(len(WASTE_TYPES)):
        sim.waste[index, 1, 2 * index + 1] = 1_000
    # Waste is counted once a round, for the round's ticks: add up a whole day.
    emitted = np.zeros_like(sim.pollution)
    for tick in range(TICKS_PER_DAY):
        sim.tick = tick
        before = sim.pollution.copy()
        if tick % ROUND_TICKS == 0:
            pollution.waste_emission(sim.world)
        emitted += sim.pollution - before
        sim.pollution[...] = before
    per_type = [int(emitted[1, 2 * index + 1]) for index in range(len(WASTE_TYPES))]
    rules = Rules()
    assert per_type == [TICKS_PER_DAY * 1_000 * getattr(rules, f"emission_{name}_milli") // 1000 for name in WASTE_TYPES]
    assert max(per_type) == per_type[WASTE_TYPES.index("hazardous")]
    assert all(value > 0 for value in per_type)
    assert int(emitted.sum()) == sum(per_type)  # clean tiles emit nothing


def test_a_working_chimney_smokes_at_its_centre_in_proportion_to_output(make_world):
    sim = make_world(blank(8, 8), at("fuel_plant", 2, 2))
    sim.buildings.col("output_permille")[0] = 500
    emitted = pollution.emission(sim)
    assert emitted[3, 3] == building_type("fuel_plant").emission * 500 // 1000
    assert int(emitted.sum()) == int(emitted[3, 3])
    sim.buildings.col("output_permille")[0] = 0
    assert not pollution.emission(sim).any()


def test_a_landfill_stinks_more_as_it_fills(make_world):
    sim = make_world(blank(8, 8), at("landfill", 0, 0))
    empty = int(pollution.emission(sim)[1, 1])
    sim.buildings.col("stored")[0] = 20_000
    full = int(pollution.emission(sim)[1, 1])
    assert empty == building_type("landfill").emission
    assert full == empty + 20_000 * Rules().landfill_emission_per_10k // 10_000


def test_diffusion_spreads_to_the_four_neighbours_and_conserves_inside_the_map():
    grid = np.zeros((5, 5), np.int32)
    grid[2, 2] = 1_000
    pollution.diffuse(grid, 200)
    assert grid[2, 2] == 800
    assert [grid[1, 2], grid[3, 2], grid[2, 1], grid[2, 3]] == [50, 50, 50, 50]
    assert grid[1, 1] == 0  # not diagonally
    assert int(grid.sum()) == 1_000


def test_diffusion_loses_what_flows_off_the_edge():
    grid = np.zeros((5, 5), np.int32)
    grid[0, 0] = 1_000  # a corner: two of its four neighbours are off the map
    pollution.diffuse(grid, 200)
    assert int(grid.sum()) == 900
    edge = np.zeros((5, 5), np.int32)
    edge[0, 2] = 1_000  # one neighbour off the map
    pollution.diffuse(edge, 200)
    assert int(edge.sum()) == 950


def test_decay_reduces_and_clears_traces(make_world):
    sim = make_world(blank(6, 6), rules={"pollution_diffusion_milli": 0})
    sim.pollution[2, 2] = 1_000
    sim.pollution[4, 4] = 1
    run_system(sim, pollution, ROUND_TICKS)  # a round: the pollution spreads once
    decay = Rules().pollution_decay_milli
    expected = 1_000
    for _ in range(ROUND_TICKS):  # tick by tick, each tick's decay rounded up
        expected -= -(-expected * decay // 1000)
    assert sim.pollution[2, 2] == expected < 1_000
    assert sim.pollution[4, 4] == 0  # rounded up, so a trace clears


def test_pollution_spreads_once_a_round_on_the_phase_the_schedule_gives(make_world):
    sim = make_world(blank(7, 7))
    sim.pollution[3, 3] = 1_000
    (spreading,) = [entry for entry in schedule.systems_of(pollution) if entry.run is pollution.spread_round]
    for tick in range(2 * ROUND_TICKS):
        before = sim.pollution.copy()
        run_system(sim, pollution)
        assert (sim.pollution != before).any() == spreading.cadence.due(tick), tick
    assert sim.pollution[3, 4] > 0


def test_gardens_absorb_within_their_radius(make_world):
    garden = building_type("garden")
    sim = make_world(blank(20, 6), at("garden", 0, 0), rules=NO_SPREAD)
    inside = garden.width + garden.radius - 1
    outside = garden.width + garden.radius
    sim.pollution[0, inside] = 100
    sim.pollution[0, outside] = 100
    sim.pollution[1, 1] = 2  # less than the garden can take: it ends clean, never negative
    run_system(sim, pollution, ROUND_TICKS)  # a round: the gardens take the round's worth at once
    assert sim.pollution[0, inside] == 100 - ROUND_TICKS * garden.absorption
    assert sim.pollution[0, outside] == 100
    assert sim.pollution[1, 1] == 0
    assert sim.pollution.min() >= 0


def test_pollution_never_exceeds_the_cap(make_world):
    sim = make_world(blank(6, 6), rules={"pollution_cap": 500, "pollution_decay_milli": 0})
    sim.waste[4, 2, 2] = 100_000  # a hazardous dump emitting far more than the cap per tick
    pollution.waste_emission(sim.world)
    assert sim.pollution[2, 2] == 500  # emission fills the tile to the cap, no further
    peaks = []
    for _ in range(8):
        run_system(sim, pollution)
        peaks.append(int(sim.pollution.max()))
    assert max(peaks) <= 500


def test_pollution_only_diffuses_decays_and_absorbs_without_sources(make_world):
    sim = make_world(blank(9, 9), at("garden", 7, 7))
    sim.pollution[4, 4] = 5_000
    totals = []
    for _ in range(30):
        run_system(sim, pollution)
        totals.append(int(sim.pollution.sum()))
    assert totals == sorted(totals, reverse=True)
    assert sim.pollution[3, 4] > 0  # it spread


def test_the_decay_table_leaves_what_decaying_tick_by_tick_leaves(make_world):
    sim = make_world(None, rules={"pollution_decay_milli": 37})
    values = np.arange(5_000, dtype=np.int32)
    table = pollution.decay_table(sim, 4, int(values.max()))
    stepped = values.copy()
    for _ in range(4):
        pollution.decay(stepped, 37, int(values.max()))
    assert table is not None and table.size > values.max()
    assert table[values].tolist() == stepped.tolist()
    assert pollution.decay_table(sim, 4, None) is None  # no bound on the tiles: no table
