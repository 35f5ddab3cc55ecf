"""The window driven by posted events: build with hotkeys and clicks, pause, speeds, overlays, quitting."""

from __future__ import annotations

import os
import sys
import types

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import numpy as np
import pygame
import pytest

from game import app as app_module
from game.app import SPEEDS, App, run_simulation_window, run_window
from game.sim import Simulation
from game.sim.commands import Rejected
from game.sim.scenario import PlacedBuilding, Scenario
from game.sim.terrain import WATER

FRAME = 1 / 60
SCREEN = (960, 600)


def make_sim() -> Simulation:
    """Return a 48x40 city on ground with a canal at columns 30-31 and one powered housing block."""
    terrain = np.zeros((40, 48), np.uint8)
    terrain[:, 30:32] = WATER
    buildings = (PlacedBuilding("fuel_plant", 2, 2), PlacedBuilding("housing", 5, 2, occupants=120))
    return Simulation(Scenario(name="window test", terrain=terrain, buildings=buildings, funds=200_000, materials=2_000, fuel=3_000))


@pytest.fixture
def app():
    """An app on a dummy display, its event queue empty."""
    pygame.display.init()
    pygame.font.init()
    screen = pygame.display.set_mode(SCREEN)
    instance = App(make_sim(), screen)
    pygame.event.clear()
    yield instance
    instance.sim.close()
    pygame.display.quit()


def key(app: App, code: int) -> None:
    """Press and release a key, one frame."""
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=code, mod=0, unicode=""))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=code, mod=0, unicode=""))
    app.frame(FRAME)


def centre_of(app: App, x: int, y: int) -> tuple[int, int]:
    """Return the screen point at the middle of tile (x, y), scrolling the camera to show it."""
    camera = app.interface.camera
    if not camera.viewport.collidepoint(camera.tile_rect(x, y).center):
        camera.center_on(x, y)
    return camera.tile_rect(x, y).center


def move(app: App, point: tuple[int, int], buttons: tuple[int, int, int] = (0, 0, 0)) -> None:
    """Move the mouse to `point`, one frame."""
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=point, rel=(0, 0), buttons=buttons))
    app.frame(FRAME)


def click(app: App, point: tuple[int, int], button: int = 1) -> None:
    """Move to `point` and click there, one frame."""
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=point, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=point, button=button))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=point, button=button))
    app.frame(FRAME)


def kind_at(app: App, x: int, y: int) -> str | None:
    """Return the kind of building on tile (x, y), or None."""
    record = app.sim.building(app.sim.building_at(x, y))
    return None if record is None else record.kind


def test_a_hotkey_and_a_click_build_a_solar_farm_centred_on_the_cursor(app):
    key(app, pygame.K_5)
    assert app.interface.state.tool.kind == "solar_farm"
    funds = app.sim.funds
    click(app, centre_of(app, 20, 20))
    assert kind_at(app, 19, 19) == "solar_farm"
    assert kind_at(app, 21, 21) == "solar_farm"
    assert app.sim.funds == funds - 8_000
    assert app.interface.messages.messages[-1].tone == "good"


def test_clicking_a_toolbar_button_picks_its_tool(app):
    buttons = app.interface.toolbar.buttons(SCREEN)
    index = next(i for i, tool in enumerate(app.interface.tools) if tool.kind == "garden")
    click(app, buttons[index].center)
    assert app.interface.state.tool.kind == "garden"


def test_a_refused_placement_changes_nothing_and_says_why(app):
    key(app, pygame.K_0)  # housing
    count = app.sim.buildings.count
    click(app, centre_of(app, 30, 10))  # on the canal
    assert app.sim.buildings.count == count
    message = app.interface.messages.messages[-1]
    assert message.tone == "bad" and "water" in message.text.lower()


def test_the_preview_agrees_with_the_command_check(app):
    key(app, pygame.K_0)
    move(app, centre_of(app, 30, 10))
    assert not app.interface.controller.preview(app.city).ok
    move(app, centre_of(app, 12, 12))
    preview = app.interface.controller.preview(app.city)
    assert preview.ok and preview.tiles == ((12, 12, 2, 2),)


def test_pause_stops_time_but_building_still_works(app):
    key(app, pygame.K_SPACE)
    assert SPEEDS[app.speed].ticks_per_second == 0
    tick = app.sim.tick
    for _ in range(120):
        app.frame(FRAME)
    assert app.sim.tick == tick
    key(app, pygame.K_9)  # garden
    click(app, centre_of(app, 15, 25))
    assert kind_at(app, 15, 25) == "garden"
    assert app.sim.tick == tick
    key(app, pygame.K_SPACE)
    for _ in range(60):
        app.frame(FRAME)
    assert app.sim.tick > tick


@pytest.mark.parametrize("speed", range(1, len(SPEEDS)))
def test_each_speed_runs_its_ticks_per_real_second(app, speed):
    app.speed = speed
    tick = app.sim.tick
    for _ in range(60):
        app.frame(FRAME)
    assert abs(app.sim.tick - tick - SPEEDS[speed].ticks_per_second) <= 1


def test_speed_keys_step_through_the_speeds_and_stop_at_the_ends(app):
    for _ in range(len(SPEEDS) + 2):
        key(app, pygame.K_PERIOD)
    assert app.speed == len(SPEEDS) - 1
    for _ in range(len(SPEEDS) + 2):
        key(app, pygame.K_COMMA)
    assert app.speed == 0


def test_a_long_hitch_is_not_caught_up_all_at_once(app):
    app.speed = len(SPEEDS) - 1
    tick = app.sim.tick
    app.frame(30.0)
    assert app.sim.tick - tick <= SPEEDS[-1].ticks_per_second * app_module.MAX_FRAME_SECONDS + 1


def test_overlay_keys_toggle_their_overlay_on_and_off(app):
    app.sim.pollution[10:14, 10:14] = 3 * app.sim.rules.pollution_unlivable
    point = centre_of(app, 12, 12)
    app.frame(FRAME)
    plain = app.screen.get_at(point)
    key(app, pygame.K_p)
    assert app.interface.state.overlay == "pollution"
    assert app.screen.get_at(point) != plain
    key(app, pygame.K_o)
    assert app.interface.state.overlay == "power"
    key(app, pygame.K_o)
    assert app.interface.state.overlay is None
    assert app.screen.get_at(point) == plain


def test_dragging_the_power_line_tool_lays_an_l_shaped_run(app):
    app.speed = 0
    key(app, pygame.K_7)
    start, end = centre_of(app, 10, 20), centre_of(app, 16, 24)
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=start, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=start, button=1))
    app.frame(FRAME)
    move(app, end, buttons=(1, 0, 0))
    preview = app.interface.controller.preview(app.city)
    assert preview.ok and len(preview.tiles) == 7 + 4
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=end, button=1))
    app.frame(FRAME)
    assert all(kind_at(app, x, 20) == "power_line" for x in range(10, 17))
    assert all(kind_at(app, 16, y) == "power_line" for y in range(20, 25))
    assert kind_at(app, 10, 24) is None


def test_x_then_click_demolishes_and_refunds(app):
    funds = app.sim.funds
    key(app, pygame.K_x)
    click(app, centre_of(app, 6, 3))
    assert kind_at(app, 5, 2) is None
    assert app.sim.funds > funds


def test_right_click_and_escape_put_the_tool_away_before_escape_opens_the_game_menu(app):
    key(app, pygame.K_1)
    click(app, centre_of(app, 20, 20), button=3)
    assert app.interface.state.tool is None
    key(app, pygame.K_1)
    key(app, pygame.K_ESCAPE)
    assert app.interface.state.tool is None and not app.interface.panels.is_open("game_menu")
    key(app, pygame.K_ESCAPE)
    assert app.interface.panels.is_open("game_menu") and app.running
    key(app, pygame.K_ESCAPE)
    assert not app.interface.panels.is_open("game_menu")


def test_hovering_a_building_describes_it(app):
    from game.ui.inspector import describe_tile

    app.sim.step(2)
    lines = [text for text, _ in describe_tile(app.city, 5, 2)]
    assert lines[0] == "Housing Block"
    assert any("residents" in line for line in lines)
    assert any(line.startswith("Power: 100%") for line in lines)


def test_closing_the_window_returns_zero():
    def script(frame: int, app: App) -> None:
        if frame == 3:
            pygame.event.post(pygame.event.Event(pygame.QUIT))

    frames = []
    status = run_simulation_window(make_sim(), 640, 400, script=lambda f, a: (frames.append(f), script(f, a)), frame_seconds=FRAME)
    assert status == 0
    assert frames[-1] == 3


def test_autoquit_and_screenshot_variables_stop_and_save_the_last_frame(tmp_path, monkeypatch):
    target = tmp_path / "shot.png"
    monkeypatch.setenv("NEO_TERRA_AUTOQUIT_FRAMES", "4")
    monkeypatch.setenv("NEO_TERRA_SCREENSHOT", str(target))
    assert run_simulation_window(make_sim(), 640, 400) == 0
    pygame.display.init()
    image = pygame.image.load(str(target))
    assert image.get_size() == (640, 400)
    pygame.display.quit()


def test_a_bad_autoquit_value_is_one_line_and_status_2(monkeypatch, capsys):
    monkeypatch.setenv("NEO_TERRA_AUTOQUIT_FRAMES", "soon")
    assert run_simulation_window(make_sim(), 640, 400) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_a_level_that_fails_to_load_prints_its_problems_and_returns_2(monkeypatch, capsys):
    class InputError(Exception):
        def __init__(self, problems: list[str]) -> None:
            super().__init__(problems[0])
            self.problems = problems

    def load_level(path: str) -> Scenario:
        raise InputError([f"{path}:3:1: unknown tile 'Q'", f"{path}: goals.deadline_day: must be positive"])

    fake = types.ModuleType("game.level")
    fake.InputError, fake.load_level, fake.DEFAULT_LEVEL = InputError, load_level, "levels/default.toml"
    monkeypatch.setitem(sys.modules, "game.level", fake)
    assert run_window("levels/broken.toml") == 2
    assert capsys.readouterr().err.splitlines() == [
        "levels/broken.toml:3:1: unknown tile 'Q'",
        "levels/broken.toml: goals.deadline_day: must be positive",
    ]


def test_rejections_from_the_simulation_reach_the_player(app):
    app.interface.notify_result(Rejected("not enough funds"))
    assert "not enough funds" in app.interface.messages.messages[-1].text


def test_with_no_level_the_window_opens_on_the_main_menu_and_draws_it(monkeypatch, tmp_path):
    target = tmp_path / "menu.png"
    monkeypatch.setenv("NEO_TERRA_AUTOQUIT_FRAMES", "3")
    monkeypatch.setenv("NEO_TERRA_SCREENSHOT", str(target))
    assert run_window(width=800, height=480) == 0
    pygame.display.init()
    shot = pygame.image.load(str(target))
    # Something was drawn: the frame is far from a single flat colour.
    colours = {tuple(shot.get_at((x, y))) for x in range(0, 800, 37) for y in range(0, 480, 29)}
    pygame.display.quit()
    assert len(colours) > 20


def test_resting_the_mouse_at_the_window_edge_pans_the_map_until_it_leaves(app):
    camera = app.interface.camera
    camera.center_on(app.sim.width // 2, app.sim.height // 2)
    width, height = pygame.display.get_surface().get_size()
    start = (camera.left, camera.top)
    move(app, (width - 1, height // 2))
    for _ in range(5):
        app.frame(FRAME)
    assert camera.left > start[0] and camera.top == start[1]
    pygame.event.post(pygame.event.Event(pygame.WINDOWLEAVE))
    app.frame(FRAME)
    stopped = (camera.left, camera.top)
    for _ in range(5):
        app.frame(FRAME)
    assert (camera.left, camera.top) == stopped
