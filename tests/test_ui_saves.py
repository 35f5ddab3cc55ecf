"""The window's saves: one rotation (game.autosave) for quick-saves and autosaves, Continue, replay export."""

from __future__ import annotations

import json
import os
from dataclasses import replace

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
from worlds import at, blank

from game.app import App, Context, MenuScreen
from game.level import DEFAULT_LEVEL, load_level
from game.level.save import load_game, save_game
from game.render.assets import load_art
from game.replay import Matched, load_replay, verify
from game.settings import Settings, data_dir, load_settings
from game.sim import Simulation
from game.sim.commands import Place
from game.sim.simulation import TICKS_PER_DAY
from game.sim.view import CityView
from game.ui.gui import Pressed
from game.ui.requests import ApplySettings, LoadSave
from game.ui.saves import SaveFolder, display_name
from game.ui.settings_form import scale_note, settings_change
from game.ui.sound import Sound
from game.ui.tutorial import _plant_powered

FRAME = 1 / 60


def make_context(autosave_days: int = 1) -> Context:
    """Return a silent context whose saves live in the test's data folder."""
    settings = Settings(autosave_days=autosave_days)
    return Context(settings, SaveFolder(data_dir() / "saves", autosave_days), Sound.silent(), load_art())


def tutorial_app(screen, context: Context) -> App:
    """Return the tutorial level in a window at full speed."""
    app = App(Simulation(load_level(DEFAULT_LEVEL), seed=5), screen, context)
    app.speed = 3
    return app


def run_ticks(app: App, ticks: int) -> None:
    """Run frames until `ticks` more ticks have passed."""
    end = app.sim.tick + ticks
    while app.sim.tick < end:
        app.frame(min(0.25, (end - app.sim.tick) / 16))


def press(app: App, name: str) -> None:
    """Click the game-window widget called `name` and let its event arrive."""
    point = app.interface.gui.pixel_rect(name).center
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=point, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=point, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=point, button=1))
    for _ in range(3):
        app.frame(FRAME)


def test_the_window_autosaves_at_each_new_day_with_a_small_note(screen):
    context = make_context(autosave_days=1)
    app = tutorial_app(screen, context)
    run_ticks(app, TICKS_PER_DAY * 2 + 1)
    app.finish()  # autosaves are written on a worker thread: wait for it, as quitting does
    autosaves = context.saves.slots.saves("autosave")
    assert [path.name for path in autosaves] == ["autosave-0002.save", "autosave-0001.save"]
    assert load_game(autosaves[0]).tick == 2 * TICKS_PER_DAY
    assert app.interface._note.startswith("Autosaved")
    app.sim.close()


def test_autosaves_every_n_days_follow_the_setting_and_zero_turns_them_off(screen):
    every_two = make_context(autosave_days=2)
    app = tutorial_app(screen, every_two)
    run_ticks(app, TICKS_PER_DAY * 3)
    app.finish()
    assert [load_game(path).tick for path in every_two.saves.slots.saves("autosave")] == [2 * TICKS_PER_DAY]
    app.sim.close()
    off = Context(Settings(autosave_days=0), SaveFolder(data_dir() / "other saves", 0), Sound.silent(), load_art())
    app = tutorial_app(screen, off)
    run_ticks(app, TICKS_PER_DAY * 2)
    app.finish()
    assert off.saves.all() == []
    app.sim.close()


def test_a_failed_autosave_is_a_message_and_the_game_plays_on(screen, tmp_path):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    context = Context(Settings(), SaveFolder(blocker / "saves", 1), Sound.silent(), load_art())
    app = tutorial_app(screen, context)
    run_ticks(app, TICKS_PER_DAY + 2)
    app.finish()
    assert app.running and app.sim.tick >= TICKS_PER_DAY + 2
    assert any(m.tone == "bad" and m.text.startswith("Autosave failed") for m in app.interface.messages.messages)
    app.sim.close()


def test_continue_loads_the_newest_save_of_any_kind(screen):
    context = make_context()
    folder = context.saves
    sim = Simulation(load_level(DEFAULT_LEVEL), seed=3)
    folder.ensure()
    sim.step(5)
    save_game(sim, folder.named("older named"))
    sim.step(5)
    assert context.quicksave(sim).ok
    sim.step(TICKS_PER_DAY - 10)
    assert context.maybe_autosave(sim).ok  # the newest: an autosave at tick 24
    newest_tick = sim.tick
    paths = [save.path for save in folder.all()]
    os.utime(paths[0], (2_000_000_000, 2_000_000_000))  # the autosave, surely newest on any clock
    menu = MenuScreen(screen, context)
    assert menu.menu.view == "continue"
    requests = menu.menu.on_gui(Pressed("menu.continue"))
    assert requests == [LoadSave(str(folder.slots.latest("autosave")))]
    menu.apply(requests[0])
    assert menu.started is not None and menu.started.tick == newest_tick
    menu.started.close()
    sim.close()


def test_the_load_list_names_every_kind_of_save():
    folder = SaveFolder(data_dir() / "saves")
    assert display_name(folder.folder / "quicksave-0003.save") == "Quick-save 3"
    assert display_name(folder.folder / "autosave-0012.save") == "Autosave 12"
    assert display_name(folder.named("My city!")) == "My city"


def test_export_replay_from_the_game_menu_writes_a_replay_that_verifies(screen):
    context = make_context(autosave_days=0)
    app = tutorial_app(screen, context)
    spot = next((x, y) for y in range(2, 26) for x in range(2, 28) if app.sim.execute(Place("compost_works", x, y)).ok)
    run_ticks(app, 30)
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode="", scancode=0))
    app.frame(FRAME)
    press(app, "gm.export_replay")
    written = list((data_dir() / "replays").glob("*.replay.json"))
    assert len(written) == 1, app.interface.messages.messages
    message = app.interface.messages.messages[-1]
    assert message.tone == "good" and written[0].name in message.text
    document = json.loads(written[0].read_text())
    assert document["ticks"] == app.sim.tick and spot
    assert isinstance(verify(load_replay(written[0])), Matched)
    app.sim.close()


def test_a_game_that_cannot_be_replayed_says_why_instead_of_exporting(screen):
    context = make_context(autosave_days=0)
    sim = Simulation(replace(load_level(DEFAULT_LEVEL), source=""))  # as if built in code, not from a level file
    app = App(sim, screen, context)
    app.export_replay()
    message = app.interface.messages.messages[-1]
    assert message.tone == "bad" and message.text.startswith("Could not export the replay")
    assert not list((data_dir() / "replays").glob("*"))
    app.sim.close()


def test_the_autosave_button_steps_through_the_intervals_and_the_choice_persists(screen):
    settings = Settings()
    seen = []
    for _ in range(5):
        settings = settings_change(Pressed("settings.autosave"), settings)
        seen.append(settings.autosave_days)
    assert seen == [2, 5, 10, 0, 1]
    context = make_context()
    menu = MenuScreen(screen, context)
    menu.apply(ApplySettings(Settings(autosave_days=5)))
    assert load_settings()[0].autosave_days == 5
    assert context.saves.autosave_days == 5


def test_a_scale_too_large_for_the_window_is_explained_in_the_settings():
    assert "using 1.5×" in scale_note(2.0, (1280, 720))
    assert "1600×900" in scale_note(2.0, (1280, 720))
    assert "using" not in scale_note(2.0, (2560, 1440))


def test_plant_powered_needs_a_compost_works_on_a_grid_that_gets_power(make_world):
    from game.sim.systems import power

    lone = make_world(blank(12, 6), at("compost_works", 6, 0))
    power.run(lone)
    assert not _plant_powered(CityView(lone))
    fed = make_world(blank(12, 6), at("fuel_plant", 0, 0), at("compost_works", 3, 0), fuel=5_000)
    power.run(fed)
    assert _plant_powered(CityView(fed))
    other_plant = make_world(blank(12, 6), at("fuel_plant", 0, 0), at("metal_foundry", 3, 0), fuel=5_000)
    power.run(other_plant)
    assert not _plant_powered(CityView(other_plant))


def test_every_save_the_window_writes_ends_in_dot_save_and_old_named_saves_still_list_and_load(screen):
    context = make_context()
    folder = context.saves
    folder.ensure()
    sim = Simulation(load_level(DEFAULT_LEVEL), seed=3)
    sim.step(TICKS_PER_DAY)
    named = folder.named("My city")
    save_game(sim, named)
    quick = context.quicksave(sim).path
    auto = context.maybe_autosave(sim).path
    old = folder.folder / "From before.ntsave"
    save_game(sim, old)
    assert {named.suffix, quick.suffix, auto.suffix} == {".save"}
    listed = {save.path.name: save.name for save in folder.all()}
    assert listed == {"My city.save": "My city", quick.name: "Quick-save 1", auto.name: "Autosave 1", "From before.ntsave": "From before"}
    menu = MenuScreen(screen, context)
    menu.apply(LoadSave(str(old)))
    assert menu.started is not None and menu.started.tick == TICKS_PER_DAY
    menu.started.close()
    sim.close()


def test_a_named_save_called_like_a_rotation_slot_is_not_rotated_away():
    folder = SaveFolder(data_dir() / "saves")
    path = folder.named("autosave-0001")
    assert path is not None and path.name == "autosave 0001.save" and display_name(path) == "autosave 0001"


def test_the_load_lists_show_each_saves_level_day_hour_and_thumbnail(screen):
    from game.ui.save_list import row_text

    context = make_context()
    folder = context.saves
    folder.ensure()
    sim = Simulation(load_level(DEFAULT_LEVEL), seed=3)
    sim.step(TICKS_PER_DAY * 2 + 6)
    save_game(sim, folder.named("Two days in"))
    (save,) = folder.all()
    details = folder.details(save)
    assert details is not None and details.line() == "First Light · day 3, 06:00"
    assert details.thumbnail is not None and details.thumbnail.pixels().shape[2] == 3
    assert row_text(save, folder).startswith("Two days in  ·  First Light · day 3, 06:00  ·  ")
    menu = MenuScreen(screen, context)
    menu.menu.on_gui(Pressed("menu.load"))
    gui = menu.menu.gui
    assert gui.has("menu.save.0.thumb") and "day 3, 06:00" in gui._by_name["menu.save.0"].text
    app = App(sim, screen, context)
    app.interface.panels.menu_view = "load"
    app.interface.panels.open("game_menu", app.city)
    assert app.interface.gui.has("gm.load.0.thumb") and "First Light" in app.interface.gui._by_name["gm.load.0"].text
    sim.close()


def test_a_save_whose_header_cannot_be_read_is_still_listed_by_name(screen):
    folder = make_context().saves
    folder.ensure()
    (folder.folder / "broken.save").write_bytes(b"not a zip")
    (save,) = folder.all()
    assert folder.details(save) is None
    from game.ui.save_list import row_text

    assert row_text(save, folder).startswith("broken  ·  cannot be read  ·  ")
