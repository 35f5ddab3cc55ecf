"""The power window (K and its bar button), the HUD's power tooltip and the power overlay's tap marks."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import numpy as np
import pygame
import pytest
from window_input import click, key, paused_window
from worlds import LINE_Y, TAP_KW, TAP_X, tap_grid, tap_the_line

from game.app import App
from game.render.overlays import (
    LOSING_CLASS,
    OVERLAY_INDEX,
    POWER_COLOURS,
    POWER_LOSING,
    POWER_TAP,
    TAP_CLASS,
    power_classes,
    power_colours,
)
from game.sim.view import CityView, TapsFound
from game.ui.hud import hud_fields
from game.ui.panels import help_lines
from game.ui.power_panel import SHOW_PREFIX, WINDOW, power_rows, tap_lines

FRAME = 1 / 60
SCREEN = (1280, 720)


@pytest.fixture
def app(make_world):
    """A window on the tap world, one walker tapping the line; time paused."""
    sim = tap_grid(make_world, policies={"patrol_intensity": 0})  # nobody looks until a test says so
    tap_the_line(sim)
    sim.step(1)  # the tap draws
    yield paused_window(sim)
    pygame.display.quit()


def text_of(app: App, name: str) -> str:
    """Return the text of the label called `name`."""
    return app.interface.gui._by_name[name].text


def find_the_tap(app: App) -> None:
    """Let the security drones patrol until they find the tap (three ticks)."""
    app.sim.policies["patrol_intensity"] = 1
    app.sim.step(3)
    app.frame(FRAME)


def test_k_opens_the_power_window_naming_the_unexplained_loss_and_k_closes_it(app):
    key(app, pygame.K_k)
    gui = app.interface.gui
    assert gui.has(WINDOW)
    assert text_of(app, "power.name.unexplained") == "Unexplained loss"
    assert text_of(app, "power.value.unexplained") == f"{TAP_KW:,} kW"
    assert "reached any building" in text_of(app, "power.meaning.unexplained")
    assert text_of(app, "power.value.found") == "none yet"
    power = CityView(app.sim).power
    assert text_of(app, "power.value.supply") == f"{power.supply_kw:,} kW" and text_of(app, "power.value.delivered") == f"{power.delivered_kw:,} kW"
    assert "grid" in text_of(app, "power.losing") and f"{TAP_KW} kW" in text_of(app, "power.losing")
    key(app, pygame.K_k)
    assert not gui.has(WINDOW)


def test_the_bar_button_opens_the_power_window_and_escape_closes_it_first(app):
    click(app, "bar.power")
    assert app.interface.gui.has(WINDOW)
    key(app, pygame.K_ESCAPE)
    assert not app.interface.gui.has(WINDOW) and not app.interface.panels.is_open("game_menu")


def test_once_found_the_tap_is_listed_and_its_show_button_takes_the_camera_there(app):
    key(app, pygame.K_k)
    find_the_tap(app)
    assert text_of(app, "power.value.found") == f"1 tap · {TAP_KW:,} kW now"
    assert text_of(app, "power.value.unexplained") == "none"
    assert text_of(app, "power.tap.0").startswith(f"Line at ({TAP_X}, {LINE_Y})") and f"drawing {TAP_KW:,} kW" in text_of(app, "power.tap.0")
    click(app, f"{SHOW_PREFIX}0")
    assert app.interface.state.overlay == "power" and not app.interface.gui.has(WINDOW)


def test_show_centres_a_big_map_on_the_found_tap(make_world):
    from worlds import at, blank

    pygame.display.init()
    pygame.font.init()
    sim = make_world(blank(96, 96), at("power_line", 70, 80))
    sim.step(1)
    sim.agents.record_taps(np.array([80 * 96 + 70]), sim.tick)
    instance = App(sim, pygame.display.set_mode(SCREEN))
    instance.speed = 0
    camera = instance.interface.camera
    camera.center_on(10, 10)
    key(instance, pygame.K_k)
    assert text_of(instance, "power.tap.0").startswith("Line at (70, 80)") and "idle now" in text_of(instance, "power.tap.0")
    click(instance, f"{SHOW_PREFIX}0")
    assert camera.tile_at(camera.viewport.center) == (70, 80)
    pygame.display.quit()


def test_the_window_keeps_its_figures_current_while_open(app):
    key(app, pygame.K_k)
    before = text_of(app, "power.value.supply")
    app.sim.step(12)  # the fuel plant's supply holds, the demand moves with the residents
    app.frame(FRAME)
    assert text_of(app, "power.value.supply") == f"{CityView(app.sim).power.supply_kw:,} kW"
    assert before.endswith(" kW")


def test_the_hud_power_tooltip_names_the_unexplained_loss_only_when_there_is_one(app):
    city = CityView(app.sim)
    power_field = {field.label: field for field in hud_fields(city, "1×")}["Power use"]
    assert f"Unexplained loss: {TAP_KW:,} kW" in power_field.tooltip and power_field.tone == "warn"
    find_the_tap(app)
    power_field = {field.label: field for field in hud_fields(city, "1×")}["Power use"]
    assert "Unexplained loss" not in power_field.tooltip and "Taps found: 1" in power_field.tooltip
    assert power_field.tone == "normal"


def test_the_power_rows_explain_each_figure_and_the_crackdowns_cut(app):
    find_the_tap(app)
    city = CityView(app.sim)
    rows = {row.key: row for row in power_rows(city)}
    assert list(rows) == ["supply", "demand", "delivered", "unexplained", "found", "spare"]
    assert all(row.meaning.endswith(".") for row in rows.values())
    assert "tolerated" in rows["found"].meaning
    app.sim.policies["scavenger_stance"] = -1
    assert "cut" in {row.key: row for row in power_rows(city)}["found"].meaning
    app.sim.step(1)  # the crackdown cuts the tap
    assert tap_lines(city)[0][0].endswith("· cut") and city.power.found_tap_kw == 0


def test_the_power_overlay_marks_found_taps_and_the_grid_losing_power_to_unfound_ones(app):
    city = CityView(app.sim)
    line_rows = np.flatnonzero(city.type_column("width") == 1)  # (only power lines are one tile)
    assert (power_classes(city)[line_rows] == LOSING_CLASS).all()  # an unfound tap somewhere on this grid
    colours = power_colours(city)  # dashed: every other tile of the losing grid, the rest live
    np.testing.assert_array_equal(colours[LINE_Y, TAP_X + 2], POWER_LOSING)
    np.testing.assert_array_equal(colours[LINE_Y, TAP_X + 3], POWER_COLOURS[5])
    find_the_tap(app)
    classes = power_classes(city)
    tap_row = int(np.flatnonzero((city.column("x") == TAP_X) & (city.column("y") == LINE_Y))[0])
    assert classes[tap_row] == TAP_CLASS and POWER_COLOURS[TAP_CLASS].tolist() == list(POWER_TAP)
    assert (classes[line_rows[line_rows != tap_row]] == 5).all()  # the loss is explained now: a live line again
    np.testing.assert_array_equal(power_colours(city)[LINE_Y, TAP_X], POWER_TAP)
    assert (POWER_TAP, "tap found") in OVERLAY_INDEX["power"].legend and (POWER_LOSING, "losing power") in OVERLAY_INDEX["power"].legend


def test_found_taps_are_news_in_one_line_kept_up_to_date(app):
    app.interface.notify_event(TapsFound(1, 100, False, 1))
    count = len(app.interface.messages.messages)
    assert "1 illegal tap" in app.interface.messages.messages[-1].text
    app.interface.notify_event(TapsFound(2, 30, True, 3))
    assert len(app.interface.messages.messages) == count
    assert app.interface.messages.messages[-1].text.startswith("Security drones traced and cut 2 illegal taps")


def test_the_help_names_the_power_window_key():
    assert any("K  power grid" in line for line, _ in help_lines(()))


def test_hovering_a_found_tap_says_what_it_draws(app):
    from game.ui.inspector import describe_tile

    find_the_tap(app)
    lines = describe_tile(CityView(app.sim), TAP_X, LINE_Y)
    assert (f"Illegal tap, found on day 1 · drawing {TAP_KW:,} kW", "warn") in lines
    assert not any("Illegal tap" in text for text, _ in describe_tile(CityView(app.sim), TAP_X + 1, LINE_Y))


def test_the_power_overlay_rings_each_found_tap_so_it_shows_zoomed_far_out(app):
    find_the_tap(app)
    camera = app.interface.camera

    def ring_pixels() -> int:
        app.frame(FRAME)
        around = camera.tile_rect(TAP_X, LINE_Y).inflate(4 * camera.tile_px, 4 * camera.tile_px).clip(app.screen.get_rect())
        pixels = pygame.surfarray.pixels3d(app.screen.subsurface(around))
        return int((pixels == np.array(POWER_TAP[:3], np.uint8)).all(axis=2).sum())

    assert ring_pixels() == 0  # no overlay, no ring: found taps are the power overlay's business
    app.interface.state.overlay = "power"
    assert ring_pixels() > 0
    camera.zoom_by(-10)  # as far out as the camera goes
    assert ring_pixels() > 0
