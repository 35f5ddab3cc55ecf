"""Frame pacing: a frame runs at most a couple of ticks, owes the rest to the next ones, and an autosave's capture gets a frame of its own."""

from __future__ import annotations

import gc
import os
import time

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest

from game import app as app_module
from game.app import SPEEDS, App, Context, run_simulation_window
from game.autosave import SaveResult, SaveSlots, SlotKind
from game.level import DEFAULT_LEVEL, load_level
from game.level.save import SaveSnapshot, load_game
from game.render.assets import load_art
from game.settings import Settings, data_dir
from game.sim import Simulation
from game.sim.simulation import TICKS_PER_DAY
from game.ui.saves import SaveFolder
from game.ui.sound import Sound

FAST = len(SPEEDS) - 1
STEP = 1 / SPEEDS[FAST].ticks_per_second  # real seconds a tick at Fast


def fast_app(screen: pygame.Surface, autosave_days: int = 0) -> App:
    """Return the tutorial level at Fast in a window, autosaving every `autosave_days` (0: never) into the test's folder."""
    context = Context(Settings(autosave_days=autosave_days), SaveFolder(data_dir() / "saves", autosave_days), Sound.silent(), load_art())
    app = App(Simulation(load_level(DEFAULT_LEVEL), seed=4), screen, context)
    app.speed = FAST
    app.tick_budget_seconds = float("inf")  # these tests count whole ticks; the budget has its own test
    return app


def ticks_of(app: App, seconds: float) -> int:
    """Run one frame that took `seconds` (the fake clock); return the ticks it ran."""
    before = app.sim.tick
    app.frame(seconds)
    return app.sim.tick - before


def test_a_slow_frame_runs_at_most_the_cap_and_the_next_frames_catch_up(screen: pygame.Surface) -> None:
    app = fast_app(screen)
    owed = 4  # a quarter-second frame at 16 ticks a second
    assert ticks_of(app, owed * STEP) == app_module.MAX_TICKS_PER_FRAME
    caught_up = [ticks_of(app, 0.0) for _ in range(3)]  # frames that took no time: only the owed ticks run
    assert sum(caught_up) == owed - app_module.MAX_TICKS_PER_FRAME
    assert max(caught_up) <= app_module.MAX_TICKS_PER_FRAME
    assert ticks_of(app, 0.0) == 0
    app.finish()
    app.sim.close()


def test_a_machine_too_slow_for_the_speed_plays_slower_instead_of_owing_ever_more(screen: pygame.Surface) -> None:
    app = fast_app(screen)
    for _ in range(40):  # every frame takes a quarter second: four ticks owed a frame, two run
        assert ticks_of(app, 0.25) == app_module.MAX_TICKS_PER_FRAME
        assert app.accumulator <= app_module.MAX_BACKLOG_TICKS * STEP + 1e-9
    drained = sum(ticks_of(app, 0.0) for _ in range(10))
    assert drained <= app_module.MAX_BACKLOG_TICKS  # what was owed beyond the bound was dropped, not caught up
    app.finish()
    app.sim.close()


@pytest.mark.parametrize("frame_seconds", [1 / 60, 1 / 20, 1 / 10])
def test_fast_keeps_its_speed_on_average_under_the_cap(screen: pygame.Surface, frame_seconds: float) -> None:
    app = fast_app(screen)
    frames = round(3 / frame_seconds)  # three seconds of play
    ran = sum(ticks_of(app, frame_seconds) for _ in range(frames))
    assert abs(ran - 3 * SPEEDS[FAST].ticks_per_second) <= 1
    app.finish()
    app.sim.close()


def test_an_autosave_is_captured_at_its_tick_in_a_frame_that_runs_no_tick(screen: pygame.Surface) -> None:
    app = fast_app(screen, autosave_days=1)
    ticks_per_frame = []
    while app.sim.tick < TICKS_PER_DAY:
        ticks_per_frame.append(ticks_of(app, 0.25))
    assert app.autosave_pending and app.sim.tick == TICKS_PER_DAY  # the due tick ended that frame's ticks
    assert ticks_of(app, 0.25) == 0  # the capture is the next frame's work
    assert not app.autosave_pending
    assert ticks_of(app, 0.25) == app_module.MAX_TICKS_PER_FRAME  # and the game goes on
    app.finish()
    (autosave,) = app.context.saves.slots.saves("autosave")
    assert load_game(autosave).tick == TICKS_PER_DAY
    assert app.interface._note.startswith("Autosaved · autosave-0001")
    app.sim.close()


def test_the_game_in_play_is_frozen_out_of_the_garbage_collectors_full_sweeps(screen: pygame.Surface) -> None:
    gc.unfreeze()
    app = fast_app(screen)
    assert gc.get_freeze_count() > 10_000  # the city, its view and the interface: a full collection no longer walks them
    app.replace(Simulation(load_level(DEFAULT_LEVEL), seed=9))
    assert gc.get_freeze_count() > 10_000
    app.sim.close()
    gc.unfreeze()


def test_quitting_waits_for_the_autosave_being_written(monkeypatch: pytest.MonkeyPatch) -> None:
    write = SaveSlots.write

    def slow_write(slots: SaveSlots, snapshot: SaveSnapshot, kind: SlotKind, scenario_json: str | None = None) -> SaveResult:
        time.sleep(0.3)  # a slow disk: the window is closed long before the file is written
        return write(slots, snapshot, kind, scenario_json)

    monkeypatch.setattr(SaveSlots, "write", slow_write)
    sim = Simulation(load_level(DEFAULT_LEVEL), seed=6)
    quit_at: dict[str, int] = {}

    def script(frame: int, app: object) -> None:
        assert isinstance(app, App)
        if frame == 0:
            app.interface.panels.close("briefing")  # the level's briefing holds the clock
            app.speed = FAST
        elif app.sim.tick >= TICKS_PER_DAY and not quit_at:
            quit_at["tick"] = app.sim.tick
            pygame.event.post(pygame.event.Event(pygame.QUIT))

    assert run_simulation_window(sim, 640, 400, script=script, frame_seconds=0.25) == 0
    assert quit_at["tick"] == TICKS_PER_DAY  # quit in the frame right after the due tick
    (autosave,) = SaveFolder(data_dir() / "saves").slots.saves("autosave")
    assert load_game(autosave).tick == TICKS_PER_DAY
    sim.close()


def test_a_tick_over_the_frame_budget_goes_on_in_the_next_frames_with_the_same_result(screen: pygame.Surface) -> None:
    app = fast_app(screen)
    app.tick_budget_seconds = 0.0  # every frame runs one system of a tick, then the next frame goes on
    twin = Simulation(load_level(DEFAULT_LEVEL), seed=4)
    frames = 0
    while app.sim.tick < TICKS_PER_DAY and frames < 10_000:
        app.frame(STEP)
        frames += 1
        assert app.sim.tick <= TICKS_PER_DAY
    assert frames > TICKS_PER_DAY * 3  # the ticks were cut into parts over many frames
    twin.step(app.sim.tick)
    assert app.sim.state_hash() == twin.state_hash()
    app.speed = 0
    app.frame(STEP)  # a paused city stands between two ticks
    assert not app.sim.mid_tick
    app.finish()
    app.sim.close()
    twin.close()
