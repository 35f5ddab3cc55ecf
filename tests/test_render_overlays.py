"""Overlays: per-tile colours that follow the grids they show, rebuilt at most once a tick."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import numpy as np

from game.render.overlays import (
    CONTENTMENT_COLOURS,
    OVERLAYS,
    POWER_COLOURS,
    OverlayLayer,
    contentment_colours,
    pollution_colours,
    power_colours,
    waste_colours,
)
from game.sim import Simulation
from game.sim.rules import Rules
from game.sim.scenario import PlacedBuilding, Scenario
from game.sim.systems.population import contentment
from game.sim.view import CityView
from game.sim.waste import HAZARDOUS, WASTE_INDEX


def make_sim(buildings: tuple[PlacedBuilding, ...] = (), rules: Rules | None = None) -> Simulation:
    """Return a simulation on a 24x20 patch of ground."""
    terrain = np.zeros((20, 24), np.uint8)
    return Simulation(Scenario(name="overlay test", terrain=terrain, buildings=buildings, fuel=5_000, rules=rules or Rules()))


def over_grey(rgba: np.ndarray) -> np.ndarray:
    """Blend an RGBA colour over mid grey, as the overlay is blended over the map."""
    alpha = rgba[3] / 255
    return rgba[:3] * alpha + 128 * (1 - alpha)


def test_a_polluted_tile_is_redder_than_a_clean_one():
    sim = make_sim()
    sim.pollution[5, 7] = sim.rules.pollution_unlivable
    colours = pollution_colours(CityView(sim))
    polluted = over_grey(colours[5, 7].astype(float))
    clean = over_grey(colours[0, 0].astype(float))
    assert colours[0, 0, 3] == 0  # clean air is not tinted at all
    assert polluted[0] - polluted[1] > clean[0] - clean[1] + 60


def test_pollution_colours_sit_on_the_rules_thresholds():
    strict = make_sim(rules=Rules().with_overrides({"pollution_uncomfortable": 100, "pollution_unlivable": 400}))
    lenient = make_sim()
    for sim in (strict, lenient):
        sim.pollution[2, 2] = 400
    # 400 units is unlivable under the strict rules but only just unpleasant under the default ones.
    strict_red = pollution_colours(CityView(strict))[2, 2].astype(int)
    lenient_red = pollution_colours(CityView(lenient))[2, 2].astype(int)
    assert strict_red[0] - strict_red[1] > lenient_red[0] - lenient_red[1]


def test_hazardous_waste_stands_out_from_ordinary_waste():
    sim = make_sim()
    sim.waste[WASTE_INDEX["organic"], 3, 3] = 50
    sim.waste[HAZARDOUS, 4, 4] = 1
    colours = waste_colours(CityView(sim))
    assert colours[0, 0, 3] == 0
    assert colours[3, 3, 3] > 0
    organic, hazardous = colours[3, 3].astype(int), colours[4, 4].astype(int)
    assert hazardous[2] > organic[2] + 80  # the hazardous tile is violet, the organic one brown


def test_power_overlay_tells_served_buildings_from_dark_ones():
    # A fuel plant feeds the block touching it; the block far away has no plant on its grid.
    sim = make_sim((
        PlacedBuilding("fuel_plant", 1, 1),
        PlacedBuilding("housing", 4, 1, occupants=100),
        PlacedBuilding("housing", 15, 15, occupants=100),
    ))
    sim.step()
    colours = power_colours(CityView(sim))
    np.testing.assert_array_equal(colours[1, 4], POWER_COLOURS[1])  # powered
    np.testing.assert_array_equal(colours[15, 15], POWER_COLOURS[3])  # dark
    np.testing.assert_array_equal(colours[1, 1], POWER_COLOURS[4])  # a plant
    assert colours[10, 10, 3] == 0  # open ground stays clear


def test_buildings_placed_since_the_last_tick_are_not_shown_as_dark():
    sim = make_sim((PlacedBuilding("housing", 15, 15, occupants=100),))
    colours = power_colours(CityView(sim))  # no tick yet: the power system has not seen the block
    assert not np.array_equal(colours[15, 15], POWER_COLOURS[3])


def test_an_overlay_is_built_at_most_once_per_tick():
    sim = make_sim()
    layer = OverlayLayer()
    first = layer.surface("pollution", CityView(sim))
    layer.surface("pollution", CityView(sim))
    assert layer.builds == 1
    sim.step()
    layer.surface("pollution", CityView(sim))
    assert layer.builds == 2
    assert first.get_size() == (sim.width, sim.height)


def test_the_overlay_surface_matches_the_colours():
    sim = make_sim()
    sim.pollution[6, 9] = 2_000
    surface = OverlayLayer().surface("pollution", CityView(sim))
    expected = pollution_colours(CityView(sim))[6, 9]
    assert tuple(surface.get_at((9, 6))) == tuple(int(v) for v in expected)


def test_every_overlay_has_a_legend_and_a_unique_name():
    names = [overlay.name for overlay in OVERLAYS]
    assert len(names) == len(set(names)) == 4
    for overlay in OVERLAYS:
        assert overlay.legend and all(label for _, label in overlay.legend)


def test_contentment_colours_each_housing_block_by_its_residents_contentment():
    sim = make_sim((PlacedBuilding("housing", 2, 2, occupants=50), PlacedBuilding("housing", 14, 10, occupants=50)))
    sim.pollution[2, 2] = sim.rules.pollution_unlivable + 1  # the first block's anchor tile, where residents judge the air
    homes = np.flatnonzero(sim.layout.attribute("housing_capacity"))
    expected = contentment(sim, homes)  # the population system's own figure
    assert expected[0] < expected[1]
    colours = contentment_colours(CityView(sim))
    assert (colours[2:4, 2:4] == CONTENTMENT_COLOURS[1 + expected[0]]).all()
    assert (colours[10:12, 14:16] == CONTENTMENT_COLOURS[1 + expected[1]]).all()
    assert colours[0, 0, 3] == 0 and colours[15, 5, 3] == 0  # open ground stays clear
    sim.close()


def test_the_contentment_overlay_is_built_at_most_once_a_tick():
    sim = make_sim((PlacedBuilding("housing", 2, 2, occupants=50),))
    layer = OverlayLayer()
    layer.surface("contentment", CityView(sim))
    layer.surface("contentment", CityView(sim))
    assert layer.builds == 1
    sim.step()
    layer.surface("contentment", CityView(sim))
    assert layer.builds == 2
    sim.close()
