"""The desktop game driven by posted events: menu, save and load, policies, charts, end screen, hints."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import numpy as np
import pygame
import pytest

from game.app import App, Context, MenuScreen
from game.level import DEFAULT_LEVEL, load_level
from game.level.save import load_game
from game.render.assets import load_art
from game.settings import Settings, data_dir
from game.sim import Simulation
from game.sim.scenario import Goals, GoalTarget, PlacedBuilding, Scenario
from game.ui.saves import SaveFolder
from game.ui.sound import Sound

FRAME = 1 / 60
SCREEN = (1280, 720)


@pytest.fixture
def context():
    """A context with a silent recorder for sounds and the test's saves folder."""
    return Context(Settings(), SaveFolder(data_dir() / "saves"), Sound.silent(), load_art())


def tiny_sim(goal_population: int = 1) -> Simulation:
    """Return a 20x16 city with a powered housing block and a goal it meets on the first day."""
    terrain = np.zeros((16, 20), np.uint8)
    buildings = (PlacedBuilding("fuel_plant", 1, 1), PlacedBuilding("housing", 4, 1, occupants=50))
    goals = Goals(targets=(GoalTarget("population", at_least=goal_population),), deadline_day=0, hold_days=1)
    return Simulation(Scenario(name="tiny", terrain=terrain, buildings=buildings, funds=100_000, fuel=5_000, goals=goals, seed=11))


def frames(screen_object, count: int = 2) -> None:
    """Run a few frames (widget events arrive on the frame after the click)."""
    for _ in range(count):
        screen_object.frame(FRAME)


def press(screen_object, gui, name: str) -> None:
    """Click the widget called `name` and let its event arrive."""
    point = gui.pixel_rect(name).center
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=point, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=point, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=point, button=1))
    frames(screen_object, 3)


def key(screen_object, code: int) -> None:
    """Press and release a key."""
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=code, mod=0, unicode="", scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=code, mod=0, unicode="", scancode=0))
    frames(screen_object, 2)


def test_the_menu_lists_every_shipped_level_and_starts_the_chosen_one(screen, context):
    menu = MenuScreen(screen, context)
    names = [level.name for level in menu.menu.levels]
    assert "First Light" in names and all(level.description for level in menu.menu.levels)
    press(menu, menu.menu.gui, "menu.new")
    press(menu, menu.menu.gui, "menu.play")
    assert not menu.running
    assert menu.started is not None and menu.started.scenario.name == menu.menu.levels[0].name
    menu.started.close()


def test_the_players_own_levels_are_listed_after_the_shipped_ones_and_a_broken_one_says_why(screen, context):
    folder = data_dir() / "levels"
    folder.mkdir(parents=True)
    (folder / "canal_street.toml").write_text(DEFAULT_LEVEL.read_text().replace('name = "First Light"', 'name = "Canal Street"'))
    (folder / "half_done.toml").write_text('format = 2\nname = "Half done"\n')
    menu = MenuScreen(screen, context)
    levels = menu.menu.levels
    assert [level.origin for level in levels[-2:]] == ["user", "user"]
    assert [level.name for level in levels[-2:]] == ["Canal Street", "half_done"]
    assert "your level" in levels[-2].facts and levels[-2].playable
    assert not levels[-1].playable and any("map" in problem for problem in levels[-1].problems)
    press(menu, menu.menu.gui, "menu.new")
    assert menu.menu.gui.has("menu.levels_hint")
    for _ in range(len(levels)):  # the campaign's rows come first and page: walk down to the last level
        key(menu, pygame.K_DOWN)
    press(menu, menu.menu.gui, f"menu.level.{len(levels) - 1}")
    assert menu.menu.gui.has("menu.level_problems") and not menu.menu.gui.has("menu.play")
    key(menu, pygame.K_RETURN)  # Enter plays only a playable level
    assert menu.running and menu.started is None
    assert levels[-1].problems[0].startswith("half_done.toml:")  # the file's name, not its whole path
    key(menu, pygame.K_UP)  # the arrow keys walk the list
    assert menu.menu.chosen_level == len(levels) - 2
    press(menu, menu.menu.gui, "menu.play")
    assert menu.started is not None and menu.started.scenario.name == "Canal Street"
    menu.started.close()


def test_a_long_level_list_pages_and_keeps_the_chosen_level_in_view(screen, context):
    folder = data_dir() / "levels"
    folder.mkdir(parents=True)
    for number in range(12):
        (folder / f"level_{number:02d}.toml").write_text(DEFAULT_LEVEL.read_text().replace('name = "First Light"', f'name = "Level {number}"'))
    menu = MenuScreen(screen, context)
    press(menu, menu.menu.gui, "menu.new")
    gui = menu.menu.gui
    assert gui.has("menu.levels_down") and not gui.has(f"menu.level.{len(menu.menu.levels) - 1}")
    for _ in range(len(menu.menu.levels)):
        key(menu, pygame.K_DOWN)
    assert menu.menu.chosen_level == len(menu.menu.levels) - 1 and menu.menu.gui.has(f"menu.level.{len(menu.menu.levels) - 1}")
    assert not menu.menu.gui.has("menu.level.0")
    offset = menu.menu.list_offset
    press(menu, menu.menu.gui, "menu.levels_up")  # paging leaves the choice where it is
    assert menu.menu.list_offset == offset - 1 and menu.menu.chosen_level == len(menu.menu.levels) - 1


def test_opening_a_level_file_that_does_not_exist_shows_the_problem_and_stays(screen, context, tmp_path):
    menu = MenuScreen(screen, context)
    press(menu, menu.menu.gui, "menu.open")
    missing = tmp_path / "nowhere.toml"
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=str(missing)))
    frames(menu)
    press(menu, menu.menu.gui, "menu.open_path")
    assert menu.running and menu.started is None
    assert menu.menu.problems and str(missing) in menu.menu.problems[0]


def test_quick_save_then_quick_load_restores_the_saved_moment(screen, context):
    app = App(tiny_sim(goal_population=10_000), screen, context)
    app.sim.step(5)
    saved_hash, saved_tick = app.sim.state_hash(), app.sim.tick
    key(app, pygame.K_F5)
    app.report_saves(wait=True)  # written on the writer's thread
    assert context.saves.latest_quick() is not None
    app.sim.step(30)
    assert app.sim.tick != saved_tick
    key(app, pygame.K_F9)
    assert app.sim.tick == saved_tick and app.sim.state_hash() == saved_hash
    app.sim.close()


def test_quick_saves_rotate_through_the_autosave_slots_keeping_the_newest_three(screen, context):
    app = App(tiny_sim(goal_population=10_000), screen, context)
    ticks = []
    for _ in range(5):
        app.sim.step(2)
        ticks.append(app.sim.tick)
        key(app, pygame.K_F5)
    app.report_saves(wait=True)  # quick-saves are written on the writer's thread, in order
    kept = context.saves.slots.saves("quicksave")
    assert [path.name for path in kept] == ["quicksave-0005.save", "quicksave-0004.save", "quicksave-0003.save"]
    assert load_game(context.saves.latest_quick().path).tick == ticks[-1]
    assert app.interface.messages.messages[-1].text == "Quick-saved: quicksave-0005.save"
    app.sim.close()


def test_a_damaged_save_is_refused_with_a_message_and_the_game_keeps_running(screen, context):
    app = App(tiny_sim(goal_population=10_000), screen, context)
    context.saves.ensure()
    broken = context.saves.folder / "broken.ntsave"
    broken.write_bytes(b"not a zip at all")
    tick = app.sim.tick
    key(app, pygame.K_ESCAPE)  # the game menu
    press(app, app.interface.gui, "gm.load")
    index = next(i for i, save in enumerate(context.saves.all()) if save.path == broken)
    press(app, app.interface.gui, f"gm.load.{index}")
    assert app.running and app.sim.tick == tick
    assert app.interface.messages.messages[-1].tone == "bad"
    assert "broken.ntsave" in app.interface.messages.messages[-1].text
    app.sim.close()


def test_a_named_save_from_the_game_menu_appears_in_the_load_list(screen, context):
    app = App(tiny_sim(goal_population=10_000), screen, context)
    key(app, pygame.K_ESCAPE)
    press(app, app.interface.gui, "gm.save")
    press(app, app.interface.gui, "gm.save_confirm")
    names = [save.name for save in context.saves.all()]
    assert names == ["tiny day 1"]
    assert not app.interface.panels.is_open("game_menu")
    app.sim.close()


def test_the_game_menu_holds_the_clock_while_it_is_open(screen, context):
    app = App(tiny_sim(goal_population=10_000), screen, context)
    key(app, pygame.K_ESCAPE)
    tick = app.sim.tick
    frames(app, 60)
    assert app.sim.tick == tick
    key(app, pygame.K_ESCAPE)
    frames(app, 60)
    assert app.sim.tick > tick
    app.sim.close()


def test_a_won_level_shows_the_end_screen_and_retry_restarts_with_the_same_seed(screen, context):
    app = App(tiny_sim(), screen, context)
    start_hash = app.sim.state_hash()
    app.sim.step(24)
    frames(app)
    assert app.sim.outcome.status == "won"
    assert app.interface.panels.is_open("end")
    assert "win" in context.sound.played
    press(app, app.interface.gui, "end.retry")
    assert app.sim.tick == 0 and app.sim.outcome.status == "running"
    assert app.sim.state_hash() == start_hash
    app.sim.close()


def test_back_to_the_menu_from_the_end_screen(screen, context):
    app = App(tiny_sim(), screen, context)
    app.sim.step(24)
    frames(app)
    press(app, app.interface.gui, "end.menu")
    assert not app.running and type(app.leave).__name__ == "ToMenu"
    app.sim.close()


def test_moving_a_policy_slider_sets_the_policy_through_the_simulation(screen, context):
    app = App(tiny_sim(goal_population=10_000), screen, context)
    key(app, pygame.K_l)
    assert app.interface.panels.is_open("policies")
    slider = app.interface.gui.pixel_rect("policy.tax_rate")
    point = (slider.right - 5, slider.centery)  # the slider's right arrow: one step up
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=point, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=point, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=point, button=1))
    frames(app, 4)
    default = 10
    assert app.sim.policies["tax_rate"] != default
    assert "Tax rate set to" in app.interface.panels._policy_status
    app.sim.close()


def test_the_charts_window_redraws_when_a_day_is_recorded(screen, context):
    app = App(tiny_sim(goal_population=10_000), screen, context)
    key(app, pygame.K_g)
    assert app.interface.panels.is_open("charts")
    days = app.interface.panels._charts_days
    app.sim.step(48)
    frames(app)
    assert app.interface.panels._charts_days == days + 2
    app.sim.close()


def test_building_plays_the_build_sound_and_a_blackout_raises_an_alert(screen, context):
    app = App(tiny_sim(goal_population=10_000), screen, context)
    key(app, pygame.K_9)  # garden
    point = app.interface.camera.tile_rect(10, 10).center
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=point, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=point, button=1))
    frames(app, 1)
    assert context.sound.played[-1] == "build"
    from game.sim.events import BlackoutStarted

    app.interface.observe(app.city, [BlackoutStarted(network=1, served_percent=20)])
    assert app.interface.alerts.messages and app.interface.alerts.messages[-1].tone == "bad"
    app.sim.close()


def test_tutorial_hints_follow_what_the_player_does(screen, context):
    app = App(Simulation(load_level(DEFAULT_LEVEL)), screen, context)
    tutorial = app.interface.tutorial
    assert tutorial is not None and tutorial.step == 0
    key(app, pygame.K_p)
    assert tutorial.progress.saw_pollution
    assert tutorial.step == 0  # steps go in order: the plant first
    app.speed = 0
    from game.sim.commands import Place

    free = next((x, y) for y in range(2, 26) for x in range(2, 28) if app.sim.execute(Place("compost_works", x, y)).ok)
    frames(app, 1)
    assert tutorial.step >= 1 and free
    app.sim.close()


def test_hints_only_appear_on_the_tutorial_level(screen, context):
    app = App(tiny_sim(), screen, context)
    assert app.interface.tutorial is None
    app.sim.close()


def test_the_charts_place_a_thinned_history_by_its_days(screen):
    from game.render.assets import load_art
    from game.render.text import Text
    from game.sim.systems import statistics
    from game.ui.charts import draw_charts, sample_days
    from game.ui.theme import Theme

    days = statistics.thinned(list(range(1, 3 * statistics.HISTORY_LIMIT)))
    history = {name: days for name in statistics.SERIES}
    assert sample_days(history, len(days)) == days  # x follows the day: older samples sit further apart
    assert sample_days({"funds": [1, 2, 3]}, 3) == range(3)  # no day series: one day apart
    picture = draw_charts((800, 600), history, Text(), Theme.from_palette(load_art().palette))
    assert picture.get_size() == (800, 600)


def test_the_tutorial_walks_through_every_lesson_first_light_asks_for(screen, context):
    from game.sim.commands import Choose, Place, SetPolicy

    app = App(Simulation(load_level(DEFAULT_LEVEL)), screen, context)
    tutorial = app.interface.tutorial
    app.speed = 0
    assert app.sim.execute(Place("compost_works", 26, 16)).ok
    app.sim.step(1)
    frames(app, 1)
    assert tutorial.step == 2  # built and powered: next, the night's fuel
    assert app.sim.execute(Place("plastics_refinery", 22, 16)).ok
    app.sim.step(1)
    frames(app, 1)
    assert tutorial.step == 3  # next, the tax
    assert app.sim.execute(SetPolicy("tax_rate", 12)).ok
    key(app, pygame.K_p)
    assert tutorial.step == 5  # the tax and the pollution overlay seen: next, an answer
    app.sim.step(24)
    waiting = app.sim.story.active
    assert waiting is not None and app.sim.execute(Choose(waiting.event_id, app.sim.story.definition(waiting.event_id).default)).ok
    frames(app, 1)
    assert tutorial.finished
    app.sim.close()
