"""Recycling: powered plants turn depot waste into resources; the depot's overflow goes to landfill."""

from __future__ import annotations

from worlds import at, blank, step_to_day_end

from game.sim.buildings import building_type
from game.sim.commands import Demolish
from game.sim.events import LandfillFull, PlantStalled
from game.sim.rules import Rules
from game.sim.systems import power, recycling
from game.sim.waste import WASTE_INDEX

ORGANIC = WASTE_INDEX["organic"]
HAZARDOUS = WASTE_INDEX["hazardous"]
COMPOST = building_type("compost_works")


def powered(make_world, plant: str, **fields):
    """Return a world at 10 am with `plant` at (3, 0) fed by a solar farm at (0, 0)."""
    sim = make_world(blank(10, 8), at("solar_farm", 0, 0), at(plant, 3, 0), **fields)
    sim.tick = 10
    return sim


def test_a_plant_without_power_produces_nothing(make_world):
    sim = make_world(blank(10, 8), at("compost_works", 3, 0))
    sim.depot[ORGANIC] = 100
    sim.tick = 10
    sim.step(5)
    assert sim.depot[ORGANIC] == 100
    assert sim.resources["food"] == 500
    assert not sim.counters.recycled.any()
    assert sim.buildings.col("output_permille")[sim.row_of(sim.building_at(3, 0))] == 0


def test_a_powered_plant_converts_at_its_capacity_and_yield(make_world):
    sim = powered(make_world, "compost_works")
    sim.depot[ORGANIC] = 1_000
    sim.step(5)
    processed = 5 * COMPOST.capacity
    (resource, per_unit_milli), = COMPOST.yields
    assert sim.depot[ORGANIC] == 1_000 - processed
    assert sim.counters.recycled[ORGANIC] == processed
    assert sim.resources[resource] * 1000 + sim.resource_milli[resource] == 500 * 1000 + processed * per_unit_milli


def test_a_plant_processes_only_what_it_accepts(make_world):
    sim = powered(make_world, "metal_foundry")
    sim.depot[:] = [50, 50, 4, 3, 50]
    sim.step()
    assert sim.depot.tolist() == [50, 50, 0, 0, 50]
    assert sim.counters.recycled.tolist() == [0, 0, 4, 3, 0]


def test_plants_of_one_kind_add_up_their_capacity(make_world):
    sim = make_world(blank(10, 8), at("compost_works", 0, 0), at("solar_farm", 3, 0), at("compost_works", 6, 0))
    sim.depot[ORGANIC] = 1_000
    sim.tick = 12
    sim.step()
    assert sim.counters.recycled[ORGANIC] == 2 * COMPOST.capacity


def test_a_browned_out_plant_works_in_proportion_to_its_power(make_world):
    sim = powered(make_world, "compost_works")
    sim.depot[ORGANIC] = 1_000
    sim.tick = 0  # midnight: the farm gives a trickle
    power.run(sim)
    permille = int(sim.buildings.col("served_permille")[1])
    assert 0 < permille < 1000
    recycling.run(sim)
    assert sim.counters.recycled[ORGANIC] == COMPOST.capacity * permille // 1000


def test_hazard_treatment_charges_its_fee_per_unit(make_world):
    treatment = building_type("hazard_treatment")
    sim = powered(make_world, "hazard_treatment")
    sim.depot[HAZARDOUS] = 1_000
    sim.step(5)
    treated = 5 * treatment.capacity
    assert sim.counters.recycled[HAZARDOUS] == treated
    assert sim.ledger.fees == treated * treatment.fee_per_unit
    step_to_day_end(sim)
    funds = sim.funds
    sim.step()
    # The evening sun browns the plant out, so count what it really treated today.
    assert sim.last_ledger.fees == int(sim.counters.recycled[HAZARDOUS]) * treatment.fee_per_unit
    upkeep = treatment.upkeep + building_type("solar_farm").upkeep
    assert funds - sim.funds == sim.last_ledger.fees + upkeep - sim.last_ledger.sales - sim.last_ledger.taxes


def test_depot_overflow_goes_to_landfill(make_world):
    sim = make_world(blank(10, 8), at("landfill", 0, 0))
    sim.depot[ORGANIC] = Rules().depot_capacity + 100
    recycling.run(sim)
    assert sim.depot[ORGANIC] == Rules().depot_capacity
    assert sim.buildings.col("stored")[0] == 100
    assert sim.counters.landfilled.sum() == 100
    assert not [e for e in sim.drain_events() if isinstance(e, LandfillFull)]


def test_overflow_without_a_landfill_stays_in_the_depot_and_is_announced(make_world):
    sim = make_world(blank(10, 8))
    sim.depot[ORGANIC] = Rules().depot_capacity + 100
    recycling.run(sim)
    assert sim.depot[ORGANIC] == Rules().depot_capacity + 100  # nothing vanishes
    assert sim.counters.landfilled.sum() == 0
    assert sim.drain_events() == [LandfillFull(100)]


def test_a_filling_landfill_takes_what_fits_then_reports_full(make_world):
    sim = make_world(blank(10, 8), at("landfill", 0, 0))
    room = building_type("landfill").landfill_capacity
    sim.buildings.col("stored")[0] = room - 30
    sim.depot[ORGANIC] = Rules().depot_capacity + 100
    recycling.run(sim)
    assert sim.buildings.col("stored")[0] == room
    assert sim.counters.landfilled.sum() == 30
    assert sim.depot[ORGANIC] == Rules().depot_capacity + 70
    assert sim.drain_events() == [LandfillFull(70)]


def test_a_working_plant_that_loses_power_is_reported_stalled(make_world):
    sim = powered(make_world, "compost_works")
    sim.depot[ORGANIC] = 1_000
    sim.step()
    plant_id = sim.building_at(3, 0)
    sim.drain_events()
    assert sim.execute(Demolish(0, 0)).ok  # the solar farm
    sim.step()
    stalled = [e for e in sim.drain_events() if isinstance(e, PlantStalled)]
    assert stalled == [PlantStalled(plant_id, "compost_works")]
    sim.step()
    assert not [e for e in sim.drain_events() if isinstance(e, PlantStalled)]  # said once


def test_a_plant_works_as_hard_as_the_depot_lets_it(make_world):
    sim = powered(make_world, "compost_works")
    sim.depot[ORGANIC] = COMPOST.capacity + 5
    plant = sim.row_of(sim.building_at(3, 0))
    output = sim.buildings.col("output_permille")
    sim.step()
    assert output[plant] == 1000
    sim.step()  # only 5 units left
    assert output[plant] == 5 * 1000 // COMPOST.capacity
    sim.step()  # nothing left
    assert output[plant] == 0
