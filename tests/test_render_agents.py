"""The agents layer: scavengers and drones drawn between last tick's tile and this tick's, culled to the view."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import numpy as np
import pygame
import pytest
from worlds import blank

from game.app import App
from game.render.agent_sprites import COLLECTOR_BASE, SECURITY_BEACON, TRIBE_COLOURS, agent_sheet
from game.render.agents_layer import AgentsLayer, interpolated, sheet_indices
from game.render.camera import Camera
from game.sim.agents import COLLECTION_DRONE, SCAVENGER, SECURITY_DRONE
from game.sim.scenario import Camp
from game.sim.view import CityView
from game.sim.waste import WASTE_TYPES

SCREEN = (640, 400)
RED = SECURITY_BEACON  # the security drone's beacon, at the middle of its sprite
BACKGROUND = (1, 2, 3)


@pytest.fixture
def display():
    """A dummy display (and fonts, for the window test) to convert sprites for."""
    pygame.display.init()
    pygame.font.init()
    pygame.display.set_mode(SCREEN)
    yield
    pygame.display.quit()


def draw(sim, camera: Camera, alpha: float) -> tuple[pygame.Surface, AgentsLayer]:
    """Draw the agents alone on a flat background; return the picture and the layer."""
    target = pygame.Surface(SCREEN)
    target.fill(BACKGROUND)
    layer = AgentsLayer()
    layer.draw(target, camera, CityView(sim), alpha)
    return target, layer


def test_a_drone_is_drawn_halfway_between_its_tiles_at_alpha_one_half(display, make_world):
    sim = make_world(blank(40, 30))
    sim.agents.store.add(1, kind=SECURITY_DRONE, x=12, y=10, px=10, py=10)
    camera = Camera(pygame.Rect((0, 0), SCREEN), (sim.width, sim.height))
    camera.center_on(11, 10)
    picture, _ = draw(sim, camera, 0.5)
    assert tuple(picture.get_at(camera.tile_rect(11, 10).center))[:3] == RED
    assert tuple(picture.get_at(camera.tile_rect(10, 10).center))[:3] == BACKGROUND
    assert tuple(picture.get_at(camera.tile_rect(12, 10).center))[:3] == BACKGROUND
    at_end, _ = draw(sim, camera, 1.0)
    assert tuple(at_end.get_at(camera.tile_rect(12, 10).center))[:3] == RED


def test_interpolation_moves_in_straight_steps_and_stays_between_the_ends():
    previous, current = np.array([4, 10], np.int32), np.array([6, 7], np.int32)
    assert interpolated(previous, current, 0.0).tolist() == [4.0, 10.0]
    assert interpolated(previous, current, 0.5).tolist() == [5.0, 8.5]
    assert interpolated(previous, current, 3.0).tolist() == [6.0, 7.0]


def test_only_agents_inside_the_view_are_drawn(display, make_world):
    sim = make_world(blank(120, 90))
    xs = np.arange(0, 120, 2, dtype=np.int32)
    sim.agents.store.add(xs.size, kind=SCAVENGER, x=xs, y=45, px=xs, py=45)
    camera = Camera(pygame.Rect((0, 0), SCREEN), (sim.width, sim.height))
    camera.center_on(60, 45)
    x0, _, x1, _ = camera.visible_tiles()
    _, layer = draw(sim, camera, 1.0)
    inside = int(((xs >= x0) & (xs < x1)).sum())
    assert 0 < layer.drawn < xs.size
    assert inside - 1 <= layer.drawn <= inside + 1  # a sprite half over the view's edge may count either way


def test_each_kind_tribe_and_load_has_its_own_sprite(display):
    sheet = [pygame.image.tobytes(sprite, "RGBA") for sprite in agent_sheet(24)]
    assert len(set(sheet)) == len(sheet)


def test_a_walker_of_an_amnestied_tribe_is_drawn_as_a_collector_and_a_load_changes_the_sprite(display, make_world):
    sim = make_world(blank(40, 30), camps=(Camp("Rust Rats", 1, 1, members=1), Camp("Wire Eaters", 3, 1, members=1)))
    store = sim.agents.store
    store.keep(np.zeros(store.count, bool))
    store.add(3, kind=np.array([SCAVENGER, SCAVENGER, COLLECTION_DRONE], np.int8), owner=np.array([0, 1, 5]), x=10, y=10, px=10, py=10)
    city = CityView(sim)
    first = sheet_indices(city).tolist()
    assert len(set(first)) == 3  # two tribes' walkers in their colours and a drone
    sim.agents.tribes[1].collectors = True
    store.col("load")[:] = 5
    store.col("load_type")[2] = WASTE_TYPES.index("hazardous")
    second = sheet_indices(city).tolist()
    assert all(before != after for before, after in zip(first, second))
    assert second[1] >= COLLECTOR_BASE > second[0]


def test_a_collection_drone_with_a_load_is_drawn_differently(display, make_world):
    sim = make_world(blank(40, 30))
    sim.agents.store.add(1, kind=COLLECTION_DRONE, x=10, y=10, px=10, py=10)
    camera = Camera(pygame.Rect((0, 0), SCREEN), (sim.width, sim.height))
    camera.center_on(10, 10)
    empty, _ = draw(sim, camera, 1.0)
    sim.agents.store.col("load")[0] = 5
    loaded, _ = draw(sim, camera, 1.0)
    assert pygame.image.tobytes(empty, "RGB") != pygame.image.tobytes(loaded, "RGB")


def test_a_camp_is_drawn_on_its_tile(display, make_world):
    sim = make_world(blank(40, 30), camps=(Camp("Rust Rats", 10, 10, members=0),))
    camera = Camera(pygame.Rect((0, 0), SCREEN), (sim.width, sim.height))
    camera.center_on(10, 10)
    picture, _ = draw(sim, camera, 1.0)
    tile = camera.tile_rect(10, 10)
    colours = {tuple(picture.get_at((x, y)))[:3] for x in range(tile.left, tile.right) for y in range(tile.top, tile.bottom)}
    assert TRIBE_COLOURS[0] in colours
    assert tuple(picture.get_at(camera.tile_rect(14, 10).center))[:3] == BACKGROUND


def test_the_window_draws_agents_by_the_loops_alpha(display, make_world):
    sim = make_world(blank(40, 30))
    sim.agents.store.add(1, kind=SECURITY_DRONE, x=12, y=10, px=10, py=10)
    app = App(sim, pygame.display.get_surface())
    app.speed = 0  # keep the clock still; set the accumulator by hand
    camera = app.interface.camera
    camera.center_on(11, 10)
    app.draw()
    assert tuple(app.screen.get_at(camera.tile_rect(12, 10).center))[:3] == RED  # paused: where it is now
    app.speed = 1
    app.accumulator = 0.5 / 2  # half a tick at 2 ticks a second
    assert app.alpha == pytest.approx(0.5)
    app.draw()
    assert tuple(app.screen.get_at(camera.tile_rect(11, 10).center))[:3] == RED


def test_hidden_caches_are_never_drawn(display, make_world):
    sim = make_world(blank(40, 30))
    camera = Camera(pygame.Rect((0, 0), SCREEN), (sim.width, sim.height))
    camera.center_on(10, 10)
    before, _ = draw(sim, camera, 1.0)
    ys, xs = np.mgrid[8:12, 8:12]
    tiles = (ys * sim.width + xs).ravel()
    sim.agents.hide(tiles, np.ones(tiles.size, np.int64), np.full(tiles.size, 500))
    after, layer = draw(sim, camera, 1.0)
    assert layer.drawn == 0
    assert pygame.image.tobytes(before, "RGB") == pygame.image.tobytes(after, "RGB")
