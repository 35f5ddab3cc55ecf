"""The placement preview: the same verdict as the command, over the tiles the command would use."""

from __future__ import annotations

import numpy as np

from game.sim import Simulation
from game.sim.buildings import building_type
from game.sim.commands import Demolish, Place, PlaceLine
from game.sim.scenario import PlacedBuilding, Scenario
from game.sim.systems import apply_commands
from game.sim.terrain import RUINS, WATER
from game.sim.view import CityView
from game.ui.placement import run_masks
from game.ui.preview import preview_for
from game.ui.tools import build_tools

TOOLS = {tool.name: tool for tool in build_tools()}


def make_sim(funds: int = 100_000) -> Simulation:
    """Return a 30x20 map with water in column 20 and a housing block at (2, 2)."""
    terrain = np.zeros((20, 30), np.uint8)
    terrain[:, 20] = WATER
    buildings = (PlacedBuilding("housing", 2, 2, occupants=10),)
    return Simulation(Scenario(name="preview test", terrain=terrain, buildings=buildings, funds=funds, materials=1_000))


def test_a_building_preview_is_centred_on_the_cursor_and_priced():
    sim = make_sim()
    preview = preview_for(CityView(sim), TOOLS["solar_farm"], (10, 10))
    assert preview.command == Place("solar_farm", 9, 9)
    assert preview.tiles == ((9, 9, 3, 3),)
    assert preview.ok and preview.text == "8,000 cr + 50 materials"
    sim.close()


def test_a_preview_on_ruins_shows_the_price_the_command_pays_and_why_it_is_more():
    terrain = np.zeros((20, 30), np.uint8)
    terrain[9:12, 9:12] = RUINS
    sim = Simulation(Scenario(name="ruins", terrain=terrain, funds=100_000, materials=1_000))
    preview = preview_for(CityView(sim), TOOLS["solar_farm"], (10, 10))
    price = building_type("solar_farm").cost * 125 // 100
    assert preview.ok and preview.text == f"{price:,} cr + 50 materials (+25% to clear the ruins)"
    funds = sim.funds
    sim.execute(preview.command)
    assert funds - sim.funds == price
    sim.close()


def test_a_drone_hub_preview_outlines_its_reach_and_counts_the_blocks_it_would_serve():
    sim = make_sim()
    reach = building_type("drone_hub").drone_range
    preview = preview_for(CityView(sim), TOOLS["drone_hub"], (10, 10))  # the hub's footprint starts at (10, 10)
    assert preview.ok and preview.command == Place("drone_hub", 10, 10)
    assert preview.reach == (0, 0, min(30, 11 + reach + 1), min(20, 11 + reach + 1))  # clipped to the map
    assert preview.text.endswith("drones reach 1 block, 1 not served yet")
    sim.execute(preview.command)
    assert preview_for(CityView(sim), TOOLS["drone_hub"], (16, 10)).text.endswith("drones reach 1 block, 0 not served yet")
    assert preview_for(CityView(sim), TOOLS["solar_farm"], (10, 16)).reach is None
    sim.close()


def test_a_refused_preview_carries_the_commands_reason():
    sim = make_sim()
    preview = preview_for(CityView(sim), TOOLS["solar_farm"], (20, 10))
    assert not preview.ok
    assert preview.text == apply_commands.check(sim, preview.command).reason
    poor = make_sim(funds=100)
    assert "not enough funds" in preview_for(CityView(poor), TOOLS["solar_farm"], (10, 10)).text
    sim.close()
    poor.close()


def test_a_line_preview_follows_the_drag_around_one_corner():
    sim = make_sim()
    preview = preview_for(CityView(sim), TOOLS["power_line"], (9, 8), drag_start=(5, 6))
    assert preview.command == PlaceLine(5, 6, 9, 8)
    assert [t[:2] for t in preview.tiles] == [(5, 6), (6, 6), (7, 6), (8, 6), (9, 6), (9, 7), (9, 8)]
    assert preview.ok and preview.text.startswith("7 tiles of line")
    sim.close()


def test_the_demolish_preview_outlines_the_whole_building_and_names_the_refund():
    sim = make_sim()
    preview = preview_for(CityView(sim), TOOLS["demolish"], (3, 3))
    assert preview.command == Demolish(3, 3)
    assert preview.tiles == ((2, 2, 2, 2),)
    assert preview.ok and preview.demolish and "Housing Block" in preview.text
    assert preview_for(CityView(sim), TOOLS["demolish"], (15, 15)) is None
    sim.close()


def test_a_run_joins_each_piece_to_the_next():
    tiles = [(5, 6), (6, 6), (7, 6), (7, 7)]
    assert run_masks(tiles) == [2, 2 | 8, 8 | 4, 1]
    assert run_masks([(3, 3)]) == [0]
