"""The composed world view: the right pixels at every zoom, recomposed only when something changed."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import numpy as np
import pygame
import pytest

from game.render.assets import load_art
from game.render.camera import ZOOM_LEVELS, Camera
from game.render.world_view import WorldView
from game.sim import Simulation
from game.sim.commands import Place
from game.sim.scenario import PlacedBuilding, Scenario
from game.sim.view import CityView

SCREEN = (480, 320)
VIEWPORT = pygame.Rect(0, 20, 480, 280)


@pytest.fixture(scope="module")
def screen():
    """A dummy display, as the window would have."""
    pygame.display.init()
    yield pygame.display.set_mode(SCREEN)
    pygame.display.quit()


@pytest.fixture(scope="module")
def art(screen):
    """The game's art."""
    return load_art()


def make_sim() -> Simulation:
    """Return a 60x50 map with a solar farm and a housing block, at noon (the map in plain daylight)."""
    terrain = np.zeros((50, 60), np.uint8)
    buildings = (PlacedBuilding("solar_farm", 20, 20), PlacedBuilding("housing", 30, 22, occupants=50))
    sim = Simulation(Scenario(name="view test", terrain=terrain, buildings=buildings, funds=1_000_000, materials=10_000))
    sim.step(12)
    return sim


@pytest.mark.parametrize("zoom", [z for z in ZOOM_LEVELS if z >= 1])
def test_the_screen_shows_the_building_sprite_at_its_tile(screen, art, zoom):
    sim = make_sim()
    view = WorldView(art, CityView(sim))
    camera = Camera(VIEWPORT, (sim.width, sim.height), zoom_index=ZOOM_LEVELS.index(zoom))
    camera.center_on(21.5, 21.5)
    view.draw(screen, camera, None, blink_on=False)
    sprite = art.buildings["solar_farm"]
    corner = camera.tile_rect(20, 20).topleft
    step = camera.pixel_step
    for art_x, art_y in ((8, 8), (20, 30), (5, 40)):
        shown = screen.get_at((corner[0] + art_x * step + step // 2, corner[1] + art_y * step + step // 2))
        expected = sprite.get_at((art_x, art_y))
        assert expected.a == 255
        assert tuple(shown)[:3] == tuple(expected)[:3]


def test_the_view_is_recomposed_only_when_the_camera_the_map_or_the_overlay_changes(screen, art):
    sim = make_sim()
    view = WorldView(art, CityView(sim))
    camera = Camera(VIEWPORT, (sim.width, sim.height))
    view.draw(screen, camera, None)
    view.draw(screen, camera, None)
    assert view.compositions == 1
    camera.pan(40, 0)
    view.draw(screen, camera, None)
    assert view.compositions == 2
    sim.execute(Place("garden", 40, 40))
    view.draw(screen, camera, None)
    assert view.compositions == 3
    view.draw(screen, camera, "pollution")
    view.draw(screen, camera, "pollution")
    assert view.compositions == 4
    sim.step()
    view.draw(screen, camera, "pollution")
    assert view.compositions == 5


def test_the_pollution_overlay_reddens_the_view_where_the_air_is_bad(screen, art):
    sim = make_sim()
    sim.pollution[5:8, 5:8] = 2 * sim.rules.pollution_unlivable
    view = WorldView(art, CityView(sim))
    camera = Camera(VIEWPORT, (sim.width, sim.height), zoom_index=ZOOM_LEVELS.index(1.0))
    camera.center_on(10, 10)
    point = camera.tile_rect(6, 6).center
    view.draw(screen, camera, None)
    plain = screen.get_at(point)
    view.draw(screen, camera, "pollution")
    tinted = screen.get_at(point)
    assert tinted.r - tinted.g > plain.r - plain.g + 40


def test_a_building_placed_while_paused_shows_at_once(screen, art):
    sim = make_sim()
    view = WorldView(art, CityView(sim))
    camera = Camera(VIEWPORT, (sim.width, sim.height), zoom_index=ZOOM_LEVELS.index(2.0))
    camera.center_on(45, 10)
    point = camera.tile_rect(45, 10).move(12, 12).topleft
    view.draw(screen, camera, None)
    before = screen.get_at(point)
    assert sim.execute(Place("hazard_treatment", 44, 9)).ok
    view.draw(screen, camera, None)
    assert screen.get_at(point) != before


def test_zoomed_out_views_cover_the_whole_small_map(screen, art):
    sim = make_sim()
    view = WorldView(art, CityView(sim))
    camera = Camera(VIEWPORT, (sim.width, sim.height), zoom_index=0)
    view.draw(screen, camera, None)
    map_rect = camera.tile_rect(0, 0, sim.width, sim.height)
    assert VIEWPORT.contains(map_rect)
    background = art.colour("night")
    inside = screen.get_at(map_rect.move(2, 2).topleft)
    outside = screen.get_at((VIEWPORT.x + 1, VIEWPORT.y + 1))
    assert tuple(outside)[:3] == background
    assert tuple(inside)[:3] != background
