"""The campaign in the window: the menu's list by arc with locks and best results, the ending texts, Next level, progress kept."""

from __future__ import annotations

import json
import os
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest
from test_ui_game import frames, key, press, tiny_sim

from game.app import App, Context, MenuScreen, run_window
from game.campaign import CAMPAIGN_FILE, Progress, Result, load_progress, progress_path
from game.opening import open_level
from game.render.assets import load_art
from game.settings import Settings, data_dir
from game.ui.gui import Pressed
from game.ui.menu import LOCK_UNITS
from game.ui.saves import SaveFolder
from game.ui.sound import Sound

LEVELS = (  # file stem, name, arc
    ("01_dawn", "Dawn", "Neo-Terra"), ("02_dusk", "Dusk", "Neo-Terra"), ("03_sandbox", "Sandbox", ""), ("04_dome", "Dome", "EcoSphere"),
)


def campaign_level_text(name: str, arc: str) -> str:
    """Return a small level file named `name`, in `arc`, with a description and ending texts."""
    rows = "\n".join(["." * 20] * 16)
    return (
        f'format = 2\nname = "{name}"\ndescription = "The district of {name} waits for its waste authority."\narc = "{arc}"\n'
        f'[map]\nrows = """\n{rows}\n"""\n'
        f'[ending]\nwon = "{name} stands: the district cheers its new authority."\nlost = "{name} falls dark, and the river remembers."\n'
    )


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """A shipped levels folder holding three campaign levels over two arcs and one level outside the campaign."""
    folder = tmp_path / "levels"
    folder.mkdir()
    paths = []
    for stem, name, arc in LEVELS:
        path = folder / f"{stem}.toml"
        path.write_text(campaign_level_text(name, arc))
        paths.append(path)
    monkeypatch.setattr("game.level.catalogue.package_folder", lambda name: folder)
    return paths


@pytest.fixture
def context(shipped: list[Path]) -> Context:
    """A silent context on the test's shipped folder, its data folder and no progress yet."""
    return Context(Settings(), SaveFolder(data_dir() / "saves"), Sound.silent(), load_art())


def menu_at(context: Context, progress: Progress, size: tuple[int, int] = (1280, 720)) -> MenuScreen:
    """Return the menu on the new-game view with `progress`."""
    screen = pygame.display.set_mode(size)
    context.progress = progress
    menu = MenuScreen(screen, context)
    menu.menu.on_gui(Pressed("menu.new"))
    frames(menu)
    return menu


def test_the_list_shows_the_campaign_by_arc_then_the_other_levels_then_the_players(screen, context):
    folder = data_dir() / "levels"
    folder.mkdir(parents=True)
    (folder / "canal.toml").write_text(campaign_level_text("Canal Street", "Neo-Terra"))  # a user's level is never in the campaign
    menu = menu_at(context, Progress())
    levels = menu.menu.levels
    assert [(level.name, level.arc) for level in levels] == [("Dawn", "Neo-Terra"), ("Dusk", "Neo-Terra"), ("Dome", "EcoSphere"), ("Sandbox", ""), ("Canal Street", "")]
    assert menu.menu._level_rows() == ["Neo-Terra", 0, 1, "EcoSphere", 2, "More levels", 3, "Your levels", 4]
    assert [level.locked_by for level in levels] == ["", "Dawn", "Dusk", "", ""]


def test_a_locked_level_shows_its_lock_and_what_opens_it_and_cannot_be_started(screen, context):
    menu = menu_at(context, Progress().with_result("dawn", Result("won", 21, 12_400, "goals met on day 21")))
    gui = menu.menu.gui
    assert not gui.has("menu.lock.0") and not gui.has("menu.lock.1") and gui.has("menu.lock.2")
    assert gui.pixel_rect("menu.lock.2").width == gui.px(LOCK_UNITS)
    assert gui._by_name["menu.progress.0"].text == "Best: won on day 21"
    assert gui._by_name["menu.progress.1"].text == "Not finished yet"
    assert gui._by_name["menu.progress.2"].text == "Locked: win Dusk"
    assert gui._by_name["menu.level.2"].tool_tip_text == "Win Dusk to open this level"
    assert menu.menu.chosen_level == 1  # the list opens on the next level to play
    press(menu, gui, "menu.level.2")
    gui = menu.menu.gui
    assert gui._by_name["menu.level_progress"].text == "Win Dusk to open this level"
    assert not gui._by_name["menu.play"].is_enabled
    key(menu, pygame.K_RETURN)
    assert menu.running and menu.started is None
    assert menu.menu.problems == ["Dome is locked: win Dusk to open this level."]
    key(menu, pygame.K_UP)  # the arrow keys still walk the list, locked levels included
    assert menu.menu.chosen_level == 1
    key(menu, pygame.K_RETURN)
    assert not menu.running and menu.started is not None and menu.started.scenario.name == "Dusk"
    menu.started.close()


def test_the_chosen_campaign_level_shows_its_best_result_and_plays(screen, context):
    progress = Progress().with_result("dawn", Result("lost", 9, 100, "bankrupt")).with_result("dawn", Result("won", 30, 4_000, "goals met"))
    menu = menu_at(context, progress)
    press(menu, menu.menu.gui, "menu.level.0")
    assert menu.menu.gui._by_name["menu.level_progress"].text == "Best: won on day 30 · 4,000 cr · played 2 times"
    assert menu.menu.gui._by_name["menu.level.0"].tool_tip_text == "Goals met"


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080), (2560, 1440)])
@pytest.mark.parametrize("scale", [1.0, 1.5, 2.0])
def test_the_campaign_list_fits_its_pane_at_every_size_and_scale(screen, context, size, scale):
    context.settings = Settings(ui_scale=scale)
    menu = menu_at(context, Progress(), size)
    gui = menu.menu.gui
    pane = gui.pixel_rect("pane")
    shown = [index for index in range(len(menu.menu.levels)) if gui.has(f"menu.level.{index}")]
    assert shown and shown[0] == 0
    for index in shown:
        assert pane.contains(gui.pixel_rect(f"menu.level.{index}"))
        if gui.has(f"menu.progress.{index}"):
            assert pane.contains(gui.pixel_rect(f"menu.progress.{index}"))
            assert gui.pixel_rect(f"menu.progress.{index}").top >= gui.pixel_rect(f"menu.level.{index}").bottom - 2
    assert pane.contains(gui.pixel_rect("menu.play"))


def won_game(app: App) -> None:
    """End the game in `app` as a win at the next frames."""
    app.sim.outcome.status, app.sim.outcome.reason = "won", "goals met on day 1: all"


def test_a_won_campaign_level_tells_its_ending_records_the_win_and_offers_the_next_level(screen, context, shipped):
    app = App(open_level(str(shipped[0])), screen, context)
    won_game(app)
    frames(app, 3)
    gui = app.interface.gui
    assert app.interface.panels.is_open("end")
    assert "Dawn stands: the district cheers" in gui._by_name["end.ending"].html_text
    assert gui._by_name["end.next"].text == "Next level" and "Dusk" in gui._by_name["end.next"].tool_tip_text
    assert {gui._by_name[name].text for name in ("end.retry", "end.menu", "end.stay")} == {"Retry level", "Main menu", "Keep playing"}
    assert load_progress()[0].best("dawn") == Result("won", app.city.day + 1, app.city.funds, "goals met on day 1: all")
    frames(app, 5)
    assert load_progress()[0].records["dawn"].played == 1  # recorded once per game
    press(app, gui, "end.next")
    assert app.city.level_name == "Dusk" and app.sim.tick == 0
    assert app.interface.panels.is_open("briefing") and not app.interface.panels.is_open("end")
    following = app.context.next_after(app.city.level_source)
    assert following is not None and following.name == "Dome"  # across arcs
    app.sim.close()


def test_a_lost_campaign_level_tells_its_lost_ending_and_offers_no_next_level(screen, context, shipped):
    context.progress = Progress().with_result("dusk", Result("won", 10, 5, "goals met"))
    app = App(open_level(str(shipped[1])), screen, context)
    app.sim.outcome.status, app.sim.outcome.reason = "lost", "bankrupt"
    frames(app, 3)
    gui = app.interface.gui
    assert "Dusk falls dark" in gui._by_name["end.ending"].html_text and not gui.has("end.next")
    assert load_progress()[0].best("dusk") == Result("won", 10, 5, "goals met")  # the worse result is counted, not kept
    assert load_progress()[0].records["dusk"].played == 2
    app.sim.close()


def test_the_last_campaign_level_won_offers_no_next_level(screen, context, shipped):
    app = App(open_level(str(shipped[3])), screen, context)
    won_game(app)
    frames(app, 3)
    assert app.interface.panels.is_open("end") and not app.interface.gui.has("end.next")
    app.sim.close()


def test_a_level_outside_the_campaign_keeps_todays_end_screen_and_records_nothing(screen, context):
    app = App(tiny_sim(), screen, context)
    won_game(app)
    frames(app, 3)
    gui = app.interface.gui
    assert app.interface.panels.is_open("end") and not gui.has("end.ending") and not gui.has("end.next")
    assert not progress_path().exists()
    assert app.context.campaign is None  # a level that is not a shipped file never reads the campaign
    app.sim.close()


def test_a_save_of_an_ended_game_is_not_counted_again(screen, context, shipped):
    sim = open_level(str(shipped[0]))
    sim.outcome.status, sim.outcome.reason = "won", "goals met"
    app = App(sim, screen, context)
    frames(app, 3)
    assert not progress_path().exists() and app.interface.panels.is_open("end")
    app.sim.close()


def test_the_window_reads_a_damaged_campaign_file_as_no_progress_in_one_line_and_keeps_it(shipped, monkeypatch, capsys):
    path = progress_path()
    path.parent.mkdir(parents=True)
    path.write_text('{"format": 1, "levels": {"dawn": {"played": "many"}}}')
    monkeypatch.setenv("NEO_TERRA_AUTOQUIT_FRAMES", "2")
    assert run_window(width=800, height=480) == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [f"{path}: levels.dawn.best: expected an object with outcome, day, funds and reason; starting with no campaign progress (the file is kept as {CAMPAIGN_FILE}.bad)"]
    assert json.loads(path.with_name(f"{CAMPAIGN_FILE}.bad").read_text())["levels"]["dawn"]["played"] == "many"
