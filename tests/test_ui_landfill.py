"""The landfill in the window: the inspector names its buried hazardous waste; a click opens a window that digs it out."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest
from window_input import click_at, paused_window
from worlds import at, blank

from game.app import App
from game.sim.commands import Excavate
from game.sim.waste import HAZARDOUS
from game.ui.inspector import describe_building
from game.ui.landfill_window import DIG_BUTTON, WINDOW

FRAME = 1 / 60


@pytest.fixture
def app(make_world):
    """A window on a small city with a landfill (id 1) holding 800 buried hazardous units and a solar farm (id 2); time paused."""
    sim = make_world(blank(40, 30), at("landfill", 4, 4), at("solar_farm", 12, 4))
    sim.buildings.col("stored")[0] = 1_000
    sim.counters.landfilled[HAZARDOUS] = 800
    yield paused_window(sim)
    pygame.display.quit()


def frames(app: App, count: int = 3) -> None:
    """Run a few frames (widget events arrive on the frame after the click)."""
    for _ in range(count):
        app.frame(FRAME)


def click_tile(app: App, x: int, y: int) -> None:
    """Click the middle of map tile (x, y)."""
    click_at(app, app.interface.camera.tile_rect(x, y).center)


def text(app: App, name: str) -> str:
    """Return the text of the widget called `name`."""
    return str(app.interface.gui._by_name[name].text)


def test_the_inspector_names_the_buried_hazardous_waste_and_how_to_dig_it_out(app) -> None:
    lines = describe_building(app.city, 1)
    assert ("800 units of hazardous waste buried, still untreated · click to dig them out", "warn") in lines


def test_a_click_on_a_landfill_opens_its_window_with_the_price_the_simulation_gives(app) -> None:
    click_tile(app, 5, 5)
    gui = app.interface.gui
    assert gui.has(WINDOW)
    assert gui._by_name[WINDOW].window_display_title == "Landfill #1"
    assert text(app, "landfill.buried") == "Buried hazardous waste: 800 units"
    plan = app.city.excavation(1)
    assert text(app, DIG_BUTTON) == f"Dig out hazardous waste: {plan.units:,} units for {plan.funds:,} cr" == (
        "Dig out hazardous waste: 500 units for 1,500 cr"
    )
    assert gui._by_name[DIG_BUTTON].is_enabled


def test_the_dig_button_sends_the_command_and_the_window_follows_the_landfill(app) -> None:
    click_tile(app, 5, 5)
    click_at(app, app.interface.gui.pixel_rect(DIG_BUTTON).center)
    logged = [(command, result.ok) for _, command, result in app.sim.command_log]
    assert logged == [(Excavate(1, 500), True)]
    assert text(app, "landfill.buried") == "Buried hazardous waste: 300 units"
    assert text(app, DIG_BUTTON) == "Dig out hazardous waste: 300 units for 900 cr"


def test_a_refused_dig_disables_the_button_and_says_why(app) -> None:
    app.sim.depot[HAZARDOUS] = app.sim.rules.depot_capacity
    click_tile(app, 5, 5)
    assert not app.interface.gui._by_name[DIG_BUTTON].is_enabled
    assert "Cannot dig now: the depot is full of hazardous waste" in app.interface.gui._by_name["landfill.status"].html_text


def test_another_building_opens_no_window_and_the_landfill_window_closes_when_it_is_demolished(app) -> None:
    click_tile(app, 13, 5)
    assert not app.interface.gui.has(WINDOW)
    click_tile(app, 5, 5)
    assert app.interface.gui.has(WINDOW)
    app.sim.world.remove_building(1)
    frames(app)
    assert not app.interface.gui.has(WINDOW)


def test_escape_closes_the_landfill_window(app) -> None:
    click_tile(app, 5, 5)
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode="", scancode=0))
    frames(app)
    assert not app.interface.gui.has(WINDOW)
    assert not app.interface.panels.is_open("game_menu")


def test_the_line_under_the_button_says_what_limits_an_order(app) -> None:
    from game.ui.landfill_window import status_line

    record, plan = app.city.building(1), app.city.excavation(1)
    assert status_line(record, plan, 500) == ("One order digs at most 500 units; the rest waits for the next.", "dim")
    app.sim.depot[HAZARDOUS] = app.sim.rules.depot_capacity - 120
    assert status_line(record, app.city.excavation(1), 500)[0].startswith("The depot has room for 120 more hazardous units")
    app.sim.depot[HAZARDOUS] = 0
    app.sim.counters.landfilled[HAZARDOUS] = 40
    assert status_line(app.city.building(1), app.city.excavation(1), 500)[0] == "One order digs out all of it."
