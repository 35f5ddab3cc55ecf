"""Key rebinding: the settings' key table, the bindings kept in the settings file, and the game reading keys through them."""

from __future__ import annotations

import json
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame

from game.app import App, Context, MenuScreen
from game.bindings import ACTIONS, DEFAULT_BINDINGS
from game.level import DEFAULT_LEVEL, load_level
from game.render.assets import load_art
from game.settings import Settings, data_dir, load_settings, save_settings, settings_path
from game.sim import Simulation
from game.ui.gui import Pressed
from game.ui.requests import ApplySettings
from game.ui.saves import SaveFolder
from game.ui.sound import Sound


def _key(code: int) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=code, mod=0, unicode="", scancode=0)


def test_every_key_the_game_names_is_in_the_table_once_and_the_defaults_do_not_clash() -> None:
    ids = [action.id for action in ACTIONS]
    assert len(ids) == len(set(ids))
    assert {"window.budget", "window.log", "window.goals", "window.factions", "pause", "overlay.pollution", "tool.compost_works"} <= set(ids)
    assert len(set(DEFAULT_BINDINGS.values())) == len(DEFAULT_BINDINGS)


def test_a_bad_binding_in_the_settings_file_is_one_line_naming_it_and_its_default_stays(tmp_path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"volume": 40, "keys": {
        "window.budget": "y", "window.log": "p", "window.goals": 7, "teleport": "t", "pause": "w",
    }}))
    settings, problems = load_settings(path)
    assert settings.volume == 40 and dict(settings.keys) == {"window.budget": "y"}
    assert problems == [
        f"{path}: keys.window.log: P is already the key for pollution overlay; using 'r'",
        f"{path}: keys.window.goals: expected a key name such as \"b\" or \"f5\"; using 'j'",
        f"{path}: keys.teleport: unknown action 'teleport'; ignored",
        f"{path}: keys.pause: W is kept for panning; using 'space'",
    ]


def test_two_keys_may_swap_and_the_changes_persist(tmp_path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"keys": {"window.budget": "r", "window.log": "b"}}))
    settings, problems = load_settings(path)
    assert problems == [] and dict(settings.keys) == {"window.budget": "r", "window.log": "b"}
    assert save_settings(settings, path) is None
    assert load_settings(path) == (settings, [])


def test_the_key_table_rebinds_refuses_a_taken_key_and_resets(screen) -> None:
    context = Context(Settings(), SaveFolder(data_dir() / "saves"), Sound.silent(), load_art())
    menu = MenuScreen(screen, context).menu
    menu.on_gui(Pressed("menu.settings"))
    menu.on_gui(Pressed("settings.keys"))
    assert menu.view == "keys" and menu.gui.has("keys.action.window.budget")
    menu.on_gui(Pressed("keys.action.window.budget"))
    assert menu.key_table.waiting == "window.budget"
    assert menu.on_key(_key(pygame.K_p)) == []  # the pollution overlay's key
    assert menu.key_table.note == "Refused: P is already the key for pollution overlay." and menu.settings.keys == ()
    menu.on_gui(Pressed("keys.action.window.budget"))
    (request,) = menu.on_key(_key(pygame.K_y))
    assert isinstance(request, ApplySettings) and request.settings.keys == (("window.budget", "y"),)
    assert menu.gui._by_name["keys.action.window.budget"].text == "Y"
    (reset,) = menu.on_gui(Pressed("keys.reset"))
    assert isinstance(reset, ApplySettings) and reset.settings.keys == ()


def test_the_game_reads_its_keys_through_the_bindings(screen) -> None:
    settings = Settings(keys=(("window.budget", "y"), ("pause", "f2")))
    context = Context(settings, SaveFolder(data_dir() / "saves"), Sound.silent(), load_art())
    app = App(Simulation(load_level(DEFAULT_LEVEL), seed=1), screen, context)
    app.interface.panels.close("briefing")
    for request in app.interface.handle(_key(pygame.K_b), app.city):
        app.apply(request)
    assert not app.interface.panels.is_open("budget")
    app.interface.handle(_key(pygame.K_y), app.city)
    assert app.interface.panels.is_open("budget")
    assert "Y budget" in app.interface.toolbar.help_line and "F2 pause" in app.interface.toolbar.help_line
    from game.ui.panels import help_lines

    assert any("Y  budget" in line for line, _ in help_lines(app.interface.tools, app.interface.keys.keys))
    speed = app.speed
    for request in app.interface.handle(_key(pygame.K_F2), app.city):
        app.apply(request)
    assert app.speed == 0 and speed > 0
    app.sim.close()


def test_a_key_changed_in_the_game_menu_is_stored_in_the_settings_file(screen) -> None:
    context = Context(Settings(), SaveFolder(data_dir() / "saves"), Sound.silent(), load_art())
    app = App(Simulation(load_level(DEFAULT_LEVEL), seed=1), screen, context)
    panels = app.interface.panels
    panels.menu_view = "settings"
    panels.open("game_menu", app.city)
    for event in (Pressed("settings.keys"), Pressed("keys.action.window.goals")):
        for request in panels.on_gui(event, app.city):
            app.apply(request)
    for request in app.interface.handle(_key(pygame.K_y), app.city):
        app.apply(request)
    assert dict(app.context.settings.keys) == {"window.goals": "y"}
    assert dict(json.loads(settings_path().read_text())["keys"]) == {"window.goals": "y"}
    assert app.interface.keys.action(pygame.K_y) == "window.goals"
    app.sim.close()


def test_a_key_table_too_big_for_its_pane_pages_through_every_action(screen) -> None:
    from game.ui.key_table import PREFIX, KeyTable

    context = Context(Settings(), SaveFolder(data_dir() / "saves"), Sound.silent(), load_art())
    gui = MenuScreen(screen, context).menu.gui
    table = KeyTable()
    seen: set[str] = set()
    for _ in range(len(ACTIONS)):
        gui.clear()
        table.build(gui, None, (0, 0), (300, 250), Settings())
        seen |= {action.id for action in ACTIONS if gui.has(f"{PREFIX}{action.id}")}
        if not gui.has("keys.later") or table.on_gui(Pressed("keys.later"), Settings()) != "rebuild":
            break
    assert gui.has("keys.page") and seen == {action.id for action in ACTIONS}


def test_the_tutorial_names_the_keys_the_player_bound() -> None:
    from game.bindings import bindings
    from game.ui.tutorial import Tutorial

    tutorial = Tutorial(bindings((("tool.compost_works", "c"), ("hints", "f3"))))
    (_, _), (text, _), (hint, _) = tutorial.lines()
    assert text.startswith("Press C (or pick Compost") and hint == "F3 hides these hints"
    tutorial.step = 1
    assert "Press 7 and drag a power line" in tutorial.lines()[1][0]
