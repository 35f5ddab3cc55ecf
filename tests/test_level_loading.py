"""Shipped levels and valid level files load into the Scenario the simulation starts from."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from worlds import BENCH_128

from game.level import DEFAULT_LEVEL, LEVEL_FORMAT, MAX_LEVEL_BYTES, MAX_MAP_SIDE, load_level, shipped_levels, validate_level
from game.sim import Simulation
from game.sim.commands import Choose, Place, PlaceLine, SetPolicy
from game.sim.rules import Rules
from game.sim.scenario import GoalTarget, PlacedBuilding
from game.sim.terrain import GROUND, RUINS, WATER

FIXTURES = Path(__file__).parent / "fixtures" / "levels"
SHIPPED = shipped_levels()
BY_NAME = {path.name: path for path in SHIPPED}
NEO_TERRA = BY_NAME["02_neo_terra.toml"]


def test_the_shipped_levels_are_found_in_play_order_without_the_measuring_city() -> None:
    assert [path.name for path in SHIPPED] == [
        "01_first_light.toml", "02_neo_terra.toml", "03_blackout.toml", "04_debate.toml", "05_factories.toml",
        "06_ecosphere.toml", "07_reform.toml",
    ]
    assert BENCH_128.name not in {path.name for path in SHIPPED}
    assert DEFAULT_LEVEL in SHIPPED
    assert DEFAULT_LEVEL.name == "01_first_light.toml"


def test_public_limits_are_the_documented_ones() -> None:
    assert LEVEL_FORMAT == 2
    assert MAX_MAP_SIDE == 512
    assert MAX_LEVEL_BYTES == 2 * 1024 * 1024


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.name)
def test_shipped_level_loads_and_runs_two_days(path: Path) -> None:
    scenario = load_level(path)
    assert validate_level(path) == []
    assert scenario.source == str(path)
    sim = Simulation(scenario)
    sim.step(48)
    assert sim.day == 2
    assert sim.outcome.status == "running"
    assert sim.population > 0
    assert sim.served_percent() >= 90  # every shipped city starts lit, day and night
    assert sim.power.network_count >= 1
    sim.close()


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.name)
def test_every_building_of_a_shipped_level_is_on_the_main_power_network(path: Path) -> None:
    sim = Simulation(load_level(path))
    sim.step()
    networks = sim.buildings.col("network")
    assert len(set(networks.tolist())) == 1, "a building stands apart from the city's grid"
    sim.close()


def test_shipped_maps_have_the_promised_sizes() -> None:
    sizes = {path.name: load_level(path).terrain.shape for path in [*SHIPPED, BENCH_128]}
    assert sizes["01_first_light.toml"] == (30, 40)
    assert min(sizes["02_neo_terra.toml"]) >= 96
    assert sizes["bench_128.toml"] == (128, 128)


def test_benchmark_city_has_about_three_hundred_buildings_and_no_deadline() -> None:
    scenario = load_level(BENCH_128)
    assert 250 <= len(scenario.buildings) <= 350
    assert scenario.goals.deadline_day == 0
    kinds = {building.kind for building in scenario.buildings}
    assert {"housing", "garden", "drone_hub", "power_line", "fuel_plant", "solar_farm"} <= kinds


def test_neo_terra_neglects_hazardous_waste_and_sets_an_election_deadline() -> None:
    scenario = load_level(NEO_TERRA)
    assert dict(scenario.policies)["priority.hazardous"] <= 5
    assert scenario.goals.deadline_day > 0
    metrics = {target.metric for target in scenario.goals.targets}
    assert {"hazardous_untreated", "population"} <= metrics
    kinds = {building.kind for building in scenario.buildings}
    assert {"fuel_plant", "plastics_refinery", "landfill"} <= kinds
    assert "hazard_treatment" not in kinds
    assert set(np.unique(scenario.terrain).tolist()) == {0, 1, 2, 3}  # ground, water, ruins, undercity


def test_tutorial_is_won_by_compost_a_refinery_a_fair_tax_and_an_answered_event() -> None:
    sim = Simulation(load_level(DEFAULT_LEVEL))
    for command in (Place("compost_works", 26, 16), Place("plastics_refinery", 22, 16), SetPolicy("tax_rate", 12)):
        assert sim.execute(command).ok
    won_on = None
    for day in range(1, 36):
        for _ in range(24):
            waiting = sim.story.active
            if waiting is not None and not sim.story.choices:
                assert sim.execute(Choose(waiting.event_id, sim.story.definition(waiting.event_id).default)).ok
            sim.step()
        if won_on is None and sim.outcome.status == "won":
            won_on = day
    assert won_on is not None, sim.outcome.reason
    assert 30 <= won_on <= 35  # a month: the district re-elects you on day 30, then the goals are met
    sim.close()


def test_tutorial_district_goes_hungry_without_a_compost_works() -> None:
    sim = Simulation(load_level(DEFAULT_LEVEL))
    sim.step(20 * 24)  # the starting food lasts about two weeks; then people start to leave
    assert sim.resources["food"] == 0
    assert sim.history["population"][-1] < max(sim.history["population"])
    assert sim.outcome.status == "running"
    sim.close()


def test_a_power_line_run_connects_a_new_plant_in_the_tutorial() -> None:
    sim = Simulation(load_level(DEFAULT_LEVEL))
    assert sim.execute(Place("compost_works", 25, 18)).ok
    assert sim.execute(PlaceLine(24, 15, 24, 19)).ok
    sim.step(24)
    assert int(sim.counters.recycled.sum()) > 0
    sim.close()


def test_string_and_array_map_forms_give_the_same_scenario() -> None:
    from_string = load_level(FIXTURES / "string_rows.toml")
    from_array = load_level(FIXTURES / "array_rows.toml")
    assert np.array_equal(from_string.terrain, from_array.terrain)
    assert from_string.buildings == from_array.buildings
    assert from_string.goals == from_array.goals
    assert from_string.rules == from_array.rules
    assert from_string.policies == from_array.policies
    assert (from_string.funds, from_string.seed) == (from_array.funds, from_array.seed)


def test_a_level_file_becomes_the_scenario_it_describes() -> None:
    scenario = load_level(FIXTURES / "string_rows.toml")
    assert scenario.name == "String Rows"
    assert scenario.description == "A fixture for the level loader tests."
    assert scenario.seed == 11
    assert scenario.terrain.dtype == np.uint8
    assert scenario.terrain.shape == (4, 8)
    assert scenario.terrain[1, 1] == WATER and scenario.terrain[2, 2] == RUINS and scenario.terrain[0, 0] == GROUND
    assert scenario.funds == 12345
    assert scenario.food == 500  # not given: the Scenario default
    assert scenario.rules == Rules().with_overrides({"collection_base": 80})
    assert scenario.policies == (("priority.hazardous", 50),)
    assert scenario.goals.targets == (GoalTarget("population", at_least=300),)
    assert (scenario.goals.deadline_day, scenario.goals.hold_days) == (30, 2)


def test_buildings_drawn_on_the_map_follow_the_listed_ones_in_row_major_order(tmp_path: Path) -> None:
    path = tmp_path / "drawn.toml"
    path.write_text(
        'format = 1\nname = "Drawn"\n'
        '[map]\nrows = """\n...=.\n=...=\n"""\n'
        '[[buildings]]\nkind = "housing"\nx = 1\ny = 0\n'
    )
    scenario = load_level(path)
    assert scenario.buildings == (
        PlacedBuilding("housing", 1, 0),
        PlacedBuilding("power_line", 3, 0),
        PlacedBuilding("power_line", 0, 1),
        PlacedBuilding("power_line", 4, 1),
    )


def test_legend_in_the_file_overrides_the_default_legend(tmp_path: Path) -> None:
    path = tmp_path / "legend.toml"
    path.write_text('format = 1\nname = "Legend"\n[map]\nrows = ["..", ".."]\n[map.legend]\n"." = "water"\n')
    assert (load_level(path).terrain == WATER).all()


def test_a_byte_order_mark_and_windows_line_ends_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "windows.toml"
    text = 'format = 1\r\nname = "Windows"\r\n[map]\r\nrows = """\r\n..\r\n~~\r\n"""\r\n'
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert load_level(path).terrain.tolist() == [[GROUND, GROUND], [WATER, WATER]]


def test_a_level_of_the_largest_allowed_side_loads(tmp_path: Path) -> None:
    path = tmp_path / "largest.toml"
    row = "." * MAX_MAP_SIDE
    path.write_text('format = 1\nname = "Largest"\n[map]\nrows = """\n' + (row + "\n") * MAX_MAP_SIDE + '"""\n')
    assert load_level(path).terrain.shape == (MAX_MAP_SIDE, MAX_MAP_SIDE)


def test_neo_terra_stays_lit_and_lived_in_for_a_week_left_alone() -> None:
    sim = Simulation(load_level(NEO_TERRA))
    sim.step(7 * 24)
    assert sim.outcome.status == "running"
    assert min(sim.history["population"]) > 5_000
    assert min(sim.history["served_percent"]) >= 80  # sampled at night, when only the fuel plants run
    assert sim.history["hazardous_untreated"][-1] > 1_000  # Ecolife's neglect shows within the week
    sim.close()


def test_benchmark_city_keeps_running_lit_and_full_for_ten_days() -> None:
    sim = Simulation(load_level(BENCH_128))
    sim.step(10 * 24)
    assert sim.outcome.status == "running"
    assert min(sim.history["served_percent"]) == 100
    assert min(sim.history["population"]) > 20_000
    assert sim.history["population"][-1] > sim.history["population"][0]  # powered blocks fill up
    sim.close()


def test_the_old_metric_name_approval_still_loads_as_voter_approval(tmp_path: Path) -> None:
    # Level files written before the rename name the voters' approval "approval" in goals and triggers.
    path = tmp_path / "old_names.toml"
    path.write_text(
        'format = 1\nname = "Old names"\n[map]\nrows = ["..", ".."]\n'
        '[goals]\n[[goals.targets]]\nmetric = "approval"\nat_least = 60\n'
        '[[events.custom]]\nid = "poll"\ntitle = "A poll"\ntext = "The numbers are in."\n'
        'trigger = [{kind = "metric", metric = "approval", at_most = 40}]\n'
        '[[events.custom.choices]]\nid = "shrug"\nlabel = "Shrug"\nexplanation = "Nothing to do."\ndefault = true\n'
    )
    scenario = load_level(path)
    assert scenario.goals.targets == (GoalTarget("voter_approval", at_least=60),)
    assert scenario.events.custom[0].trigger[0].subject == "voter_approval"
    assert validate_level(path) == []
