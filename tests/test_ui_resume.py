"""A loaded game waits paused, and the tutorial goes on from the step the save was made at.

Every way in is covered: quick-load and the game menu's list (App.load), the main menu's Load and
Continue (MenuScreen), and a save opened from the command line (App's `loaded_from`).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from game.app import App, Context, MenuScreen
from game.level import DEFAULT_LEVEL, load_level
from game.level.front_end import FrontEnd, TutorialRecord
from game.level.save import read_save_info, save_game
from game.render.assets import load_art
from game.settings import Settings, data_dir
from game.sim import Simulation
from game.ui.controller import TogglePause
from game.ui.requests import LoadSave, QuickLoad, QuickSave
from game.ui.saves import SaveFolder
from game.ui.sound import Sound

FAST = 3
V6_FIXTURE = Path(__file__).parent / "fixtures" / "saves" / "neo_terra_v6.save"


def _context() -> Context:
    return Context(Settings(), SaveFolder(data_dir() / "saves"), Sound.silent(), load_art())


def _tutorial_at_step_three(screen, context: Context) -> App:
    """The tutorial at Fast with three steps done and the pollution overlay seen."""
    app = App(Simulation(load_level(DEFAULT_LEVEL), seed=4), screen, context)
    app.speed = FAST
    tutorial = app.interface.tutorial
    assert tutorial is not None
    tutorial.step, tutorial.progress.saw_pollution = 3, True
    return app


def test_a_quick_load_waits_paused_and_keeps_the_tutorials_step(screen) -> None:
    app = _tutorial_at_step_three(screen, _context())
    app.apply(QuickSave())
    app.report_saves(wait=True)  # written on the writer's thread
    quick = app.context.saves.latest_quick()
    assert quick is not None
    assert read_save_info(quick.path).front_end == FrontEnd(TutorialRecord(3, True, False, False))
    app.interface.tutorial.step = 0  # what a fresh tutorial would say
    app.apply(QuickLoad())
    assert app.speed == 0 and app.interface.tutorial is not None
    assert (app.interface.tutorial.step, app.interface.tutorial.progress.saw_pollution) == (3, True)
    tick = app.sim.tick
    for _ in range(10):
        app.frame(0.25)
    assert app.sim.tick == tick  # paused: nothing runs until the player says so
    app.apply(TogglePause())
    assert app.speed == FAST  # Space goes on at the speed the game had before the load
    app.sim.close()


def test_loading_from_the_main_menu_starts_paused_with_the_tutorial_where_it_was(screen) -> None:
    context = _context()
    app = _tutorial_at_step_three(screen, context)
    app.sim.step(30)
    path = context.saves.named("tutorial at three")
    context.saves.ensure()
    save_game(app.sim, path, app.interface.front_end())
    app.sim.close()
    menu = MenuScreen(screen, context)
    menu.apply(LoadSave(str(path)))
    assert menu.started is not None and menu.loaded_from == str(path)
    resumed = App(menu.started, screen, context, briefing=True, loaded_from=menu.loaded_from)
    assert resumed.speed == 0 and resumed.interface.tutorial is not None and resumed.interface.tutorial.step == 3
    resumed.sim.close()


def test_a_new_game_from_the_menu_still_runs_at_once(screen) -> None:
    app = App(Simulation(load_level(DEFAULT_LEVEL), seed=4), screen, _context(), briefing=True)
    assert app.speed > 0 and app.interface.tutorial is not None and app.interface.tutorial.step == 0
    app.sim.close()


def test_a_save_from_before_the_window_section_loads_paused_and_plays(screen, tmp_path: Path) -> None:
    old = tmp_path / "old.save"
    shutil.copy(V6_FIXTURE, old)
    context = _context()
    app = App(Simulation(load_level(DEFAULT_LEVEL), seed=4), screen, context)
    app.speed = FAST
    app.apply(LoadSave(str(old)))
    assert app.sim.scenario.name == "Neo-Terra" and app.speed == 0 and app.interface.tutorial is None
    app.apply(TogglePause())
    tick = app.sim.tick
    for _ in range(8):
        app.frame(0.25)
    assert app.sim.tick > tick
    app.sim.close()
