"""Hovering the map names the nearest thing (issue 15): a walker, a drone, a camp, a dug-up cache, then the building and the ground."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import numpy as np
import pygame
import pytest
from worlds import at, blank

from game.app import App
from game.sim.agents import BACK, COLLECTION_DRONE, HIDE, HOME, PATROL, SCAVENGER, SECURITY_DRONE, SEEK, CacheSeized
from game.sim.scenario import Camp
from game.sim.view import CityView
from game.sim.waste import WASTE_TYPES
from game.ui.finds import KEEP_TICKS, FoundCaches
from game.ui.inspector import describe_point

METAL, HAZARDOUS = WASTE_TYPES.index("metal"), WASTE_TYPES.index("hazardous")


def street(make_world):
    """Return a world of a powered drone hub at (3, 0), a block at (8, 3) and the Rust Rats' camp at (1, 6), with no agents yet."""
    sim = make_world(blank(14, 10), at("fuel_plant", 0, 0), at("drone_hub", 3, 0), at("housing", 8, 3, 100),
                     camps=(Camp("Rust Rats", 1, 6, members=20, unrest=80),), fuel=5_000, seed=9)
    sim.step(1)
    store = sim.agents.store
    store.keep(np.zeros(store.count, bool))
    return sim


def put(sim, **values) -> None:
    """Add one agent with these column values, standing still."""
    x, y = values.pop("x"), values.pop("y")
    sim.agents.store.add(1, x=x, y=y, px=x, py=y, **values)


def texts(lines) -> str:
    """Return the lines' text, one a line."""
    return "\n".join(text for text, _ in lines)


def test_hovering_a_walker_names_its_tribe_errand_and_load(make_world):
    sim = street(make_world)
    put(sim, kind=SCAVENGER, x=6, y=6, owner=0, state=SEEK, load=3, load_type=METAL)
    lines = describe_point(CityView(sim), (6.5, 6.4))
    assert lines[0] == ("Scavenger · Rust Rats", "title")
    assert "carrying 3 units of metal waste" in texts(lines)
    assert lines[-1][0].startswith("Open ground")


def test_a_walker_hiding_waste_is_not_said_to_be_hiding_it(make_world):
    sim = street(make_world)
    put(sim, kind=SCAVENGER, x=6, y=6, tx=12, ty=9, owner=0, state=HIDE, load=5, load_type=HAZARDOUS)
    lines = describe_point(CityView(sim), (6.5, 6.5))
    assert ("carrying 5 units of hazardous waste", "warn") in lines
    assert "hid" not in texts(lines).lower() and "(12, 9)" not in texts(lines)


def test_hovering_a_drone_names_its_kind_hub_and_task(make_world):
    sim = street(make_world)
    hub = sim.building_at(3, 0)
    put(sim, kind=SECURITY_DRONE, x=6, y=2, owner=hub, state=PATROL)
    put(sim, kind=COLLECTION_DRONE, x=10, y=2, tx=0, ty=0, owner=hub, state=BACK, load=7, load_type=METAL)
    city = CityView(sim)
    security = describe_point(city, (6.5, 2.5))
    assert security[0] == ("Security drone", "title")
    assert security[1][0] == "from the Drone Hub at (3, 0)"
    assert security[2][0].startswith("patrolling")
    collection = describe_point(city, (10.5, 2.5))
    assert collection[0] == ("Collection drone", "title")
    assert "delivering to the Fuel Power Plant" in texts(collection)
    assert "7 units of metal waste on board" in texts(collection)


def test_hovering_a_camp_names_its_tribe_members_and_mood(make_world):
    sim = street(make_world)
    lines = describe_point(CityView(sim), (1.2, 6.8))
    assert lines[0] == ("Camp · Rust Rats", "title")
    assert lines[1][0].startswith("20 members")
    assert ("seething: unrest 80 of 100", "bad") in lines
    put(sim, kind=SCAVENGER, x=1, y=6, owner=0, state=HOME)  # a walker resting at its camp: the camp is named
    assert describe_point(CityView(sim), (1.5, 6.5))[0] == ("Camp · Rust Rats", "title")


def test_the_nearest_thing_is_named_first_and_the_building_when_nothing_walks_there(make_world):
    sim = street(make_world)
    put(sim, kind=SCAVENGER, x=8, y=3, owner=0, state=SEEK)
    city = CityView(sim)
    assert describe_point(city, (8.5, 3.5))[0][0] == "Scavenger · Rust Rats"  # over the block, the walker comes first
    assert describe_point(city, (9.8, 4.8))[0][0] == city.building(sim.building_at(9, 4)).btype.name
    assert describe_point(city, (40.0, 2.0)) == []


def test_a_hidden_cache_is_never_named_and_a_dug_up_one_is(make_world):
    sim = street(make_world)
    sim.agents.hide(np.array([9 * sim.width + 12]), np.array([1]), np.array([40]))
    city = CityView(sim)
    finds = FoundCaches()
    assert "cache" not in texts(describe_point(city, (12.5, 9.5), finds=finds)).lower()
    finds.observe(city, [CacheSeized(40, 1, 40, ((12, 9, 40, 1),))])
    lines = describe_point(city, (12.5, 9.5), finds=finds)
    assert lines[0] == ("Cache dug up by security drones", "title")
    assert lines[1][0] == "40 units of hazardous waste seized on day 1, hidden by Rust Rats"
    assert finds.tiles == [(12, 9)]


def test_dug_up_caches_are_forgotten_after_a_few_days(make_world):
    sim = street(make_world)
    city = CityView(sim)
    finds = FoundCaches()
    finds.observe(city, [CacheSeized(5, 1, 5, ((4, 4, 5, 0),))])
    sim.step(KEEP_TICKS)
    finds.observe(city, [])
    assert finds.tiles == [(4, 4)]
    sim.step(1)
    finds.observe(city, [])
    assert finds.tiles == []


@pytest.fixture
def display():
    """A dummy display and fonts for the window."""
    pygame.display.init()
    pygame.font.init()
    pygame.display.set_mode((1280, 720))
    yield
    pygame.display.quit()


def test_the_window_names_the_drone_under_the_mouse_and_marks_a_dug_up_cache(display, make_world):
    sim = street(make_world)
    put(sim, kind=SECURITY_DRONE, x=6, y=2, owner=sim.building_at(3, 0), state=PATROL)
    app = App(sim, pygame.display.get_surface())
    camera = app.interface.camera
    app.interface.state.mouse = camera.tile_rect(6, 2).center
    assert app.interface.describe_hovered(app.city)[0] == ("Security drone", "title")
    app.draw()
    before = pygame.image.tobytes(app.screen, "RGB")
    app.interface.observe(app.city, [CacheSeized(9, 1, 9, ((11, 8, 9, 1),))])
    app.draw()
    assert pygame.image.tobytes(app.screen, "RGB") != before
    app.interface.state.mouse = camera.tile_rect(11, 8).center
    assert app.interface.describe_hovered(app.city)[0] == ("Cache dug up by security drones", "title")


def press(app: App, position: tuple[int, int]) -> None:
    """Press and release the left button at `position` through the interface."""
    for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
        for request in app.interface.handle(pygame.event.Event(kind, pos=position, button=1), app.city):
            app.apply(request)


def test_clicking_a_drone_keeps_its_card_shown_as_it_flies_until_esc_or_a_click_elsewhere(display, make_world):
    sim = street(make_world)
    put(sim, kind=SECURITY_DRONE, x=6, y=2, owner=sim.building_at(3, 0), state=PATROL)
    app = App(sim, pygame.display.get_surface())
    interface, camera = app.interface, app.interface.camera
    press(app, camera.tile_rect(6, 2).center)
    assert interface.pinned_lines(app.city)[0] == ("Security drone", "title")
    sim.agents.store.col("x")[0] = 9  # it flies on: the card follows it
    interface.state.mouse = camera.tile_rect(12, 8).center
    lines = interface.pinned_lines(app.city)
    assert lines[0] == ("Security drone", "title") and lines[-1] == ("click elsewhere or Esc to let go", "dim")
    app.draw()  # the card and its ring draw
    interface.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode=""), app.city)
    assert interface.pinned_lines(app.city) is None
    assert not interface.panels.is_open("game_menu")  # Esc let go of the card first
    press(app, camera.tile_rect(1, 6).center)
    assert interface.pinned_lines(app.city)[0] == ("Camp · Rust Rats", "title")
    press(app, camera.tile_rect(11, 8).center)  # open ground: let go
    assert interface.pinned_lines(app.city) is None
