"""Commands: validate, cost, then change everything or nothing; `check()` is a pure preview."""

from __future__ import annotations

import pytest
from worlds import Goals, GoalTarget, at, step_to_day_end

from game.sim.buildings import building_type
from game.sim.commands import Demolish, Place, PlaceLine, Rejected, SetPolicy
from game.sim.events import BuildingDemolished, BuildingPlaced, PolicyChanged
from game.sim.policies import POLICY_INDEX
from game.sim.systems import apply_commands
from game.sim.systems.apply_commands import DEMOLISH_REFUND_PERCENT, RUINS_SURCHARGE_PERCENT, check

# 10x6 map: water in the top-right corner, ruins bottom-left.
MAP = [
    "......~~~~",
    "......~~~~",
    "..........",
    "..........",
    "RRR.......",
    "RRR.......",
]


def snapshot(sim):
    """Return what a rejected command must leave untouched."""
    return sim.state_hash(), sim.funds, dict(sim.resources), dict(sim.policies), sim.layout_version


@pytest.mark.parametrize(
    ("command", "funds", "materials", "reason_word"),
    [
        (Place("housing", 9, 5), 50_000, 600, "fit"),  # 2x2 hanging off the bottom-right corner
        (Place("housing", -1, 2), 50_000, 600, "fit"),
        (Place("solar_farm", 5, 0), 50_000, 600, "water"),  # footprint reaches into the water
        (Place("garden", 3, 2), 50_000, 600, "built"),  # overlaps the housing block at (2, 2)
        (Place("fuel_plant", 4, 2), 11_999, 600, "funds"),
        (Place("fuel_plant", 4, 2), 50_000, 79, "materials"),
        (Place("skyscraper", 4, 2), 50_000, 600, "unknown"),
        (SetPolicy("free_beer", 1), 50_000, 600, "unknown"),
        (SetPolicy("tax_rate", 31), 50_000, 600, "between"),
        (SetPolicy("priority.hazardous", -1), 50_000, 600, "between"),
        (Demolish(8, 4), 50_000, 600, "nothing"),
        (PlaceLine(0, 2, 9, 0), 50_000, 600, "water"),  # the vertical leg crosses the water
    ],
)
def test_rejected_command_changes_nothing(make_world, command, funds, materials, reason_word):
    sim = make_world(MAP, at("housing", 2, 2, 0), funds=funds, materials=materials)
    before = snapshot(sim)
    result = sim.execute(command)
    assert isinstance(result, Rejected)
    assert not result.ok
    assert reason_word in result.reason
    assert snapshot(sim) == before
    assert sim.drain_events() == []


def test_placement_charges_the_price_and_materials(make_world):
    sim = make_world(MAP)
    solar = building_type("solar_farm")
    result = sim.execute(Place("solar_farm", 3, 2))
    assert result.ok
    assert sim.funds == 50_000 - solar.cost
    assert sim.resources["materials"] == 600 - solar.cost_materials
    new_id = sim.building_at(3, 2)
    assert new_id != 0
    assert sim.building_at(5, 4) == new_id  # the whole 3x3 footprint is taken
    assert sim.building_at(6, 4) == 0
    assert sim.drain_events() == [BuildingPlaced(new_id, "solar_farm", 3, 2)]


def test_placement_on_ruins_pays_the_clearing_surcharge(make_world):
    sim = make_world(MAP)
    housing = building_type("housing")
    assert sim.execute(Place("housing", 2, 3)).ok  # one tile of ruins under the 2x2 footprint
    assert sim.funds == 50_000 - housing.cost * (100 + RUINS_SURCHARGE_PERCENT) // 100
    assert RUINS_SURCHARGE_PERCENT > 0


def test_demolish_refunds_part_of_the_price_and_frees_the_tiles(make_world):
    sim = make_world(MAP, at("solar_farm", 3, 2))
    building_id = sim.building_at(4, 3)
    layout = sim.layout_version
    result = sim.execute(Demolish(5, 4))  # any tile of the footprint will do
    assert result.ok
    assert sim.funds == 50_000 + building_type("solar_farm").cost * DEMOLISH_REFUND_PERCENT // 100
    assert not sim.occupancy.any()
    assert sim.building(building_id) is None
    assert sim.row_of(building_id) == -1
    assert sim.layout_version > layout
    assert sim.drain_events() == [BuildingDemolished(building_id, "solar_farm", 3, 2)]
    assert sim.execute(Place("fuel_plant", 3, 2)).ok  # the site can be built on again


def test_demolishing_a_housing_block_moves_its_residents_out_at_once(make_world):
    sim = make_world(MAP, at("housing", 2, 2, 150), at("housing", 6, 3, 50))
    assert sim.population == 200
    assert sim.execute(Demolish(2, 2)).ok
    # Otherwise the day's taxes and the HUD would count people who no longer live anywhere.
    assert sim.population == 50


def test_place_line_lays_an_l_shaped_run_horizontal_leg_first(make_world):
    sim = make_world(MAP)
    line = building_type("power_line")
    assert sim.execute(PlaceLine(1, 0, 4, 3)).ok
    expected = {(1, 0), (2, 0), (3, 0), (4, 0), (4, 1), (4, 2), (4, 3)}
    built = {(x, y) for y in range(sim.height) for x in range(sim.width) if sim.building_at(x, y)}
    assert built == expected
    assert sim.funds == 50_000 - line.cost * len(expected)
    assert all(b.kind == "power_line" for b in sim.each_building())


def test_place_line_passes_through_existing_buildings_without_charging_for_them(make_world):
    sim = make_world(MAP, at("housing", 3, 2, 0))
    line = building_type("power_line")
    funds = sim.funds
    assert sim.execute(PlaceLine(0, 2, 6, 2)).ok
    # Tiles 3 and 4 of the run belong to the housing block: five new line tiles, not seven.
    assert len([b for b in sim.each_building() if b.kind == "power_line"]) == 5
    assert sim.funds == funds - 5 * line.cost


def test_place_line_pays_the_surcharge_on_each_ruined_tile(make_world):
    sim = make_world(MAP)
    line = building_type("power_line")
    assert sim.execute(PlaceLine(0, 4, 4, 4)).ok  # three ruins tiles, then two ground tiles
    assert sim.funds == 50_000 - 3 * (line.cost * (100 + RUINS_SURCHARGE_PERCENT) // 100) - 2 * line.cost


def test_place_line_refuses_a_run_that_is_blocked_or_already_built(make_world):
    sim = make_world(MAP, at("power_line", 3, 3))
    before = snapshot(sim)
    assert not sim.execute(PlaceLine(0, 1, 8, 1)).ok  # runs into the water at x = 6
    assert not sim.execute(PlaceLine(3, 3, 3, 3)).ok  # nothing left to build
    assert not sim.execute(PlaceLine(8, 3, 12, 3)).ok  # leaves the map
    assert snapshot(sim) == before


def test_place_line_refuses_what_it_cannot_pay_for(make_world):
    sim = make_world(MAP, funds=building_type("power_line").cost * 3)
    before = snapshot(sim)
    result = sim.execute(PlaceLine(0, 2, 3, 2))  # four tiles, funds for three
    assert not result.ok and "funds" in result.reason
    assert snapshot(sim) == before


def test_set_policy_within_range_applies_and_is_announced(make_world):
    sim = make_world(MAP)
    top = POLICY_INDEX["priority.hazardous"].maximum
    assert sim.execute(SetPolicy("priority.hazardous", top)).ok
    assert sim.policies["priority.hazardous"] == top
    assert sim.drain_events() == [PolicyChanged("priority.hazardous", top)]


def test_submitted_commands_wait_for_the_next_tick(make_world):
    sim = make_world(MAP)
    sim.submit(Place("housing", 0, 2))
    assert sim.building_at(0, 2) == 0
    sim.step()
    assert sim.building_at(0, 2) != 0
    assert [entry[0] for entry in sim.command_log] == [0]


def test_commands_are_rejected_once_the_level_has_ended(make_world):
    goals = Goals(targets=(GoalTarget("funds", at_least=0),), hold_days=1)
    sim = make_world(MAP, goals=goals)
    step_to_day_end(sim)
    sim.step()
    assert sim.outcome.status == "won"
    before = snapshot(sim)
    for command in (Place("housing", 0, 2), SetPolicy("tax_rate", 5), PlaceLine(0, 3, 3, 3)):
        result = sim.execute(command)
        assert not result.ok and "over" in result.reason
    assert snapshot(sim) == before


@pytest.mark.parametrize(
    "command",
    [
        Place("solar_farm", 3, 2),
        Place("solar_farm", 6, 0),
        PlaceLine(0, 3, 5, 5),
        Demolish(2, 2),
        Demolish(9, 0),
        SetPolicy("tax_rate", 20),
        SetPolicy("tax_rate", 99),
    ],
)
def test_check_previews_without_changing_anything(make_world, command):
    sim = make_world(MAP, at("housing", 2, 2, 0))
    before = snapshot(sim)
    plan = check(sim, command)
    assert snapshot(sim) == before
    assert sim.drain_events() == []
    assert sim.command_log == []
    # The preview agrees with what executing the command then does.
    result = sim.execute(command)
    assert result.ok == (not isinstance(plan, Rejected))
    if result.ok and not isinstance(command, Demolish):
        assert before[1] - sim.funds == plan.funds


def test_check_reports_the_price_and_the_sites(make_world):
    sim = make_world(MAP)
    plan = check(sim, Place("housing", 1, 4))
    assert not isinstance(plan, Rejected)
    assert plan.sites == ((1, 4),)
    assert plan.funds == building_type("housing").cost * (100 + RUINS_SURCHARGE_PERCENT) // 100
    assert plan.materials == building_type("housing").cost_materials
    assert apply_commands.line_tiles(2, 2, 0, 0) == [(2, 2), (1, 2), (0, 2), (0, 1), (0, 0)]
