"""Economy, at each day's end: taxes in, residents eat, surplus sold, upkeep and fees out."""

from __future__ import annotations

import pytest
from worlds import TICKS_PER_DAY, at, blank, run_system

from game.sim.buildings import building_type
from game.sim.events import FundsLow
from game.sim.rules import Rules
from game.sim.systems import economy


def settle(sim) -> None:
    """Run the economy once at the last tick of the current day."""
    sim.tick = sim.day * TICKS_PER_DAY + TICKS_PER_DAY - 1
    economy.run(sim)


@pytest.mark.parametrize(("residents", "tax_rate"), [(200, 10), (200, 20), (100, 20), (150, 0)])
def test_taxes_scale_with_tax_rate_and_population(make_world, residents, tax_rate):
    sim = make_world(blank(8, 8), at("housing", 0, 0, residents), policies={"tax_rate": tax_rate})
    funds = sim.funds
    settle(sim)
    expected = residents * Rules().income_per_resident * tax_rate // 100
    assert sim.last_ledger.taxes == expected
    assert sim.funds - funds == expected  # housing has no upkeep and nothing is sold
    assert sim.last_ledger.net == expected


def test_upkeep_is_charged_once_a_day(make_world):
    sim = make_world(blank(10, 8), at("solar_farm", 0, 0), at("compost_works", 3, 0), at("power_line", 6, 0))
    upkeep = sum(building_type(kind).upkeep for kind in ("solar_farm", "compost_works", "power_line"))
    funds = sim.funds
    sim.tick = 5
    run_system(sim, economy)  # tick 5 is not the day's end: nothing happens
    assert sim.funds == funds
    settle(sim)
    assert sim.last_ledger.upkeep == upkeep
    assert sim.funds == funds - upkeep
    sim.tick += 1
    sim.step(TICKS_PER_DAY)  # the next whole day through the schedule charges it exactly once more
    assert sim.funds == funds - 2 * upkeep - sim.last_ledger.fees + sim.last_ledger.sales + sim.last_ledger.taxes


def test_surplus_above_the_reserve_is_sold(make_world):
    rules = Rules()
    sim = make_world(blank(8, 8), food=rules.reserve_food + 500, fuel=rules.reserve_fuel - 1, materials=rules.reserve_materials + 7)
    funds = sim.funds
    settle(sim)
    assert sim.resources == {"food": rules.reserve_food, "fuel": rules.reserve_fuel - 1, "materials": rules.reserve_materials}
    assert sim.last_ledger.sales == 500 * rules.price_food + 7 * rules.price_materials
    assert sim.funds == funds + sim.last_ledger.sales


def test_residents_eat_and_go_short_when_food_runs_out(make_world):
    rules = Rules()
    sim = make_world(blank(8, 8), at("housing", 0, 0, 200), food=100, policies={"tax_rate": 0})
    settle(sim)
    eaten = 200 * rules.food_per_resident_milli // 1000
    assert sim.resources["food"] == 100 - eaten
    assert not sim.food_short
    sim.resources["food"] = eaten - 1
    settle(sim)
    assert sim.food_short
    assert sim.resources["food"] == 0


def test_falling_below_the_warning_level_is_announced_once(make_world):
    warning = Rules().funds_low_warning
    upkeep = building_type("fuel_plant").upkeep
    sim = make_world(blank(8, 8), at("fuel_plant", 0, 0), funds=warning + upkeep // 2)
    settle(sim)
    assert sim.drain_events() == [FundsLow(warning + upkeep // 2 - upkeep)]
    sim.tick += 1
    settle(sim)
    assert sim.drain_events() == []


def test_a_new_ledger_starts_each_day(make_world):
    sim = make_world(blank(8, 8), at("housing", 0, 0, 200))
    sim.ledger.fees = 123
    settle(sim)
    assert sim.last_ledger.fees == 123
    assert sim.ledger.fees == 0 and sim.ledger.taxes == 0
