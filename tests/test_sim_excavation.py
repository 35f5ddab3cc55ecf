"""Digging buried hazardous waste out of a landfill: where it lies, what an order moves and costs, and refusals."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from worlds import TICKS_PER_DAY, at, blank

from game.sim import Simulation
from game.sim.commands import Excavate, Rejected
from game.sim.excavation import buried_hazardous, buried_in
from game.sim.view import CityView, Plan
from game.sim.waste import HAZARDOUS

# A landfill (id 1), and a second one (id 2) further along the row; nothing else, so nothing else moves waste.
LANDFILLS = (at("landfill", 0, 0), at("landfill", 4, 0))


def bury(sim: Simulation, heaps: tuple[int, ...], hazardous: int) -> None:
    """Give the landfills these heaps, of which the city buried `hazardous` units of hazardous waste."""
    sim.buildings.col("stored")[: len(heaps)] = heaps
    sim.counters.landfilled[HAZARDOUS] = hazardous


def landfill_world(make_world: Callable[..., Simulation], *buildings, **fields) -> Simulation:
    """Return a small world with the two landfills, `buildings` and `fields`, calm enough to run for days."""
    fields.setdefault("rules", {})["pollution_catastrophe_mean"] = 1_000_000
    return make_world(blank(16, 10), *LANDFILLS, *buildings, **fields)


def test_buried_hazardous_waste_lies_in_the_oldest_landfills_first(make_world: Callable[..., Simulation]) -> None:
    sim = landfill_world(make_world)
    bury(sim, (1_000, 1_000), 1_500)
    rows, units = buried_hazardous(sim.world)
    assert rows.tolist() == [0, 1] and units.tolist() == [1_000, 500]
    assert (buried_in(sim.world, 1), buried_in(sim.world, 2)) == (1_000, 500)
    bury(sim, (1_000, 1_000), 9_000)  # more than the heaps hold: the rest went with a demolished landfill
    assert buried_hazardous(sim.world)[1].tolist() == [1_000, 1_000]


def test_digging_out_moves_the_units_to_the_depot_and_charges_for_them(make_world: Callable[..., Simulation]) -> None:
    sim = landfill_world(make_world)
    bury(sim, (1_000, 0), 800)
    funds, untreated = sim.funds, sim.metric("hazardous_untreated")
    result = sim.execute(Excavate(1, 300))
    assert result.ok, result
    assert result.detail == (
        "dug 300 units of hazardous waste out of the landfill for 900 credits; they wait in the depot for a hazard treatment plant"
    )
    assert sim.funds == funds - 300 * sim.rules.excavation_cost_per_unit
    assert int(sim.depot[HAZARDOUS]) == 300 and int(sim.counters.landfilled[HAZARDOUS]) == 500
    assert int(sim.buildings.col("stored")[0]) == 700 and buried_in(sim.world, 1) == 500
    assert sim.metric("hazardous_untreated") == untreated  # still untreated, until a plant treats it


def test_dug_out_waste_is_treated_and_the_goal_metric_drops(make_world: Callable[..., Simulation]) -> None:
    sim = landfill_world(make_world, at("solar_farm", 8, 0), at("hazard_treatment", 8, 4), at("power_line", 9, 3))
    sim.step(12)  # midday: the solar farm powers the plant
    bury(sim, (2_000, 0), 2_000)
    before = sim.metric("hazardous_untreated")
    assert sim.execute(Excavate(1, 500)).ok
    sim.step(TICKS_PER_DAY)
    assert sim.metric("hazardous_untreated") < before
    assert int(sim.counters.recycled[HAZARDOUS]) > 0


def test_an_order_digs_no_more_than_the_landfill_holds_or_the_depot_takes(make_world: Callable[..., Simulation]) -> None:
    sim = landfill_world(make_world)
    bury(sim, (1_000, 1_000), 1_200)
    assert sim.execute(Excavate(2, 500)).ok  # the second landfill holds 200 of the 1,200
    assert int(sim.depot[HAZARDOUS]) == 200 and buried_in(sim.world, 2) == 0 and buried_in(sim.world, 1) == 1_000
    sim.depot[HAZARDOUS] = sim.rules.depot_capacity - 50
    assert sim.execute(Excavate(1, 500)).ok
    assert int(sim.depot[HAZARDOUS]) == sim.rules.depot_capacity and buried_in(sim.world, 1) == 950


@pytest.mark.parametrize(
    ("building", "units", "setup", "reason"),
    [
        (1, 100, "nothing buried", "this landfill holds no hazardous waste to dig out"),
        (1, 100, "depot full", "the depot is full of hazardous waste (1,000 units): a hazard treatment plant must work it down first"),
        (1, 100, "poor", "not enough funds: needs 300 credits, the city has 100"),
        (3, 100, "", "only a landfill can be dug out, and building 3 is a Solar Farm"),
        (99, 100, "", "there is no building with id 99"),
        (1, 0, "", "an excavation digs 1 to 500 units an order, not 0"),
        (1, 501, "", "an excavation digs 1 to 500 units an order, not 501"),
    ],
)
def test_an_excavation_that_cannot_be_done_is_refused_and_changes_nothing(
    make_world: Callable[..., Simulation], building: int, units: int, setup: str, reason: str
) -> None:
    sim = landfill_world(make_world, at("solar_farm", 8, 0))
    bury(sim, (1_000, 0), 0 if setup == "nothing buried" else 800)
    if setup == "depot full":
        sim.depot[HAZARDOUS] = sim.rules.depot_capacity
    if setup == "poor":
        sim.funds = 100
    before = sim.state_hash()
    result = sim.execute(Excavate(building, units))
    assert not result.ok and result.reason == reason
    sim.command_log.pop()
    assert sim.state_hash() == before


def test_the_view_tells_the_inspector_what_is_buried_and_what_an_order_would_cost(make_world: Callable[..., Simulation]) -> None:
    sim = landfill_world(make_world, rules={"excavation_cost_per_unit": 7})
    bury(sim, (1_000, 0), 800)
    city = CityView(sim)
    record = city.building(1)
    assert record is not None and (record.stored, record.buried_hazardous) == (1_000, 800)
    assert city.excavation(1) == Plan(funds=500 * 7, materials=0, units=500)
    assert city.excavation(2) == Rejected("this landfill holds no hazardous waste to dig out") == city.plan(Excavate(2, 500))
    sim.execute(Excavate(1, 500))
    assert city.excavation(1) == Plan(funds=300 * 7, materials=0, units=300)
