"""The top bar and the tile inspector: the figures a player needs, coloured by how they stand."""

from __future__ import annotations

import numpy as np

from game.sim import Simulation
from game.sim.buildings import BUILDING_TYPES
from game.sim.scenario import PlacedBuilding, Scenario
from game.sim.view import CityView
from game.ui.hud import hud_fields
from game.ui.inspector import describe_tile
from game.ui.tools import build_tools, hotkey_map


def make_sim(funds: int = 50_000, buildings: tuple[PlacedBuilding, ...] = ()) -> Simulation:
    """Return a small city on ground."""
    terrain = np.zeros((20, 20), np.uint8)
    return Simulation(Scenario(name="hud test", terrain=terrain, buildings=buildings, funds=funds, fuel=2_000))


def test_the_bar_shows_time_speed_stocks_power_people_contentment_and_pollution():
    sim = make_sim(buildings=(PlacedBuilding("fuel_plant", 1, 1), PlacedBuilding("housing", 4, 1, occupants=100)))
    sim.step(30)
    fields = {field.label: field for field in hud_fields(CityView(sim), "2×")}
    assert fields["Day 2"].value == "06:00"
    assert fields["Speed"].value == "2×"
    assert fields["Funds"].value == f"{sim.funds:,} cr"
    for stock in ("Food", "Fuel", "Materials"):
        assert fields[stock].value == f"{sim.resources[stock.lower()]:,}"
    supply, demand = int(sim.power.supply_kw.sum()), int(sim.power.demand_kw.sum())
    assert fields["Power use"].value == f"{demand:,} / {supply:,} kW"
    assert fields["Served"].value == "100%" and fields["Served"].tone == "good"
    assert fields["Pop."].value == f"{sim.population:,}"
    assert fields["Contentment"].value == f"{sim.resident_contentment}%"
    assert fields["Pollution"].value == f"{sim.metric('pollution_mean'):,}"
    sim.close()


def test_debt_and_a_dark_city_are_shown_in_red():
    sim = make_sim(funds=-10, buildings=(PlacedBuilding("housing", 4, 1, occupants=100),))
    sim.step()
    fields = {field.label: field for field in hud_fields(CityView(sim), "Paused")}
    assert fields["Funds"].tone == "bad"
    assert fields["Served"].tone == "bad"
    assert fields["Speed"].tone == "warn"
    sim.close()


def test_a_browned_out_plant_says_how_hard_it_works_and_why():
    # One solar farm at night cannot carry a refinery: the network browns out.
    sim = make_sim(buildings=(PlacedBuilding("solar_farm", 1, 1), PlacedBuilding("plastics_refinery", 4, 1)))
    sim.step()
    lines = describe_tile(CityView(sim), 5, 2)
    texts = [text for text, _ in lines]
    assert texts[0] == "Plastics Refinery"
    assert texts[1].startswith("producing ") and texts[1].endswith("% of capacity")
    power_text, power_tone = lines[2]
    assert "blacked out" in power_text or "browned out" in power_text
    assert power_tone in ("warn", "bad")
    sim.close()


def test_a_drone_hub_tells_its_drones_reach_and_load_and_when_they_are_grounded():
    sim = make_sim(buildings=(PlacedBuilding("fuel_plant", 1, 1), PlacedBuilding("drone_hub", 4, 1), PlacedBuilding("housing", 9, 1)))
    sim.waste[2, 1:3, 9:11] = 50  # metal at the block
    sim.step(12)
    store = sim.agents.store
    on_board = int(store.col("load")[store.col("kind") == 1].sum())
    text, tone = describe_tile(CityView(sim), 4, 1)[1]
    assert text == f"{sim.rules.drone_collection_per_hub} drones serve blocks within 18 tiles · {on_board} units on board"
    assert tone == "good"
    sim.resources["fuel"] = 0  # the fuel plant stops: the hub goes dark
    sim.step(2)
    text, tone = describe_tile(CityView(sim), 4, 1)[1]
    assert text.startswith(f"{sim.rules.drone_collection_per_hub} drones landed: no power") and tone == "bad"
    sim.close()


def test_open_ground_shows_terrain_pollution_and_waste():
    sim = make_sim()
    sim.pollution[3, 4] = 1_500
    sim.waste[4, 3, 4] = 7  # hazardous
    texts = [text for text, _ in describe_tile(CityView(sim), 4, 3)]
    assert texts == ["Pollution 1,500 · waste 7 (7 hazardous)", "Open ground  (4, 3)"]
    assert describe_tile(CityView(sim), -1, 3) == []
    sim.close()


def test_every_building_has_a_tool_with_its_own_hotkey():
    tools = build_tools()
    assert {tool.kind for tool in tools if tool.kind} == {b.kind for b in BUILDING_TYPES}
    assert len(hotkey_map(tools)) == len(tools)


def test_the_bar_tells_the_residents_contentment_from_the_voters_approval():
    sim = make_sim(buildings=(PlacedBuilding("housing", 4, 1, occupants=100),))
    sim.resident_contentment = 30
    sim.politics.approval[:] = 80
    fields = {field.label: field for field in hud_fields(CityView(sim), "1×")}
    assert (fields["Contentment"].value, fields["Voter approval"].value) == ("30%", "80%")
    assert "Not the voters' approval" in fields["Contentment"].tooltip
    assert "Not the residents' contentment" in fields["Voter approval"].tooltip
    sim.close()
