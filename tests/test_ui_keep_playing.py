"""The victory window's "Keep playing": the city runs on, and a story dialog left open can still be answered."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest
from test_ui_story import EVENT, choices_logged, frames, press, read
from worlds import TICKS_PER_DAY, Goals, GoalTarget, blank

from game.app import App
from game.sim.commands import KeepPlaying
from game.sim.story import Story
from game.ui.story_dialog import WINDOW


@pytest.fixture
def app(make_world):
    """A small city won at the end of day 1 while a story event waits for an answer."""
    pygame.display.init()
    pygame.font.init()
    screen = pygame.display.set_mode((1280, 720))
    sim = make_world(blank(40, 30), goals=Goals(targets=(GoalTarget("funds", at_least=1),), hold_days=1))
    sim.story = Story((EVENT,), sim.world.entities)
    sim.step(TICKS_PER_DAY - 1)
    sim.story.fire(EVENT, sim.tick, 10 * TICKS_PER_DAY)
    sim.step()
    assert sim.outcome.status == "won" and sim.story.active is not None
    instance = App(sim, screen)
    pygame.event.clear()
    yield instance
    pygame.display.quit()


def test_keep_playing_sends_the_command_and_the_city_runs_on(app):
    frames(app)
    gui = app.interface.gui
    assert app.interface.panels.is_open("end") and gui._by_name["end.stay"].text == "Keep playing"
    tick = app.sim.tick
    frames(app, 10)
    assert app.sim.tick == tick  # a won level waits
    press(app, "end.stay")
    assert not app.interface.panels.is_open("end")
    assert app.sim.command_log[-1][1] == KeepPlaying() and app.sim.command_log[-1][2].ok
    assert app.city.playing_on and app.city.running
    read(app)
    press(app, "story.choice.0")  # the dialog that was waiting at the win takes its answer
    assert [command.choice for command in choices_logged(app)] == ["clean"] and not gui.has(WINDOW)
    app.speed = 3
    frames(app, 30)
    assert app.sim.tick > tick  # and the city runs on
    assert not app.interface.panels.is_open("end")  # the victory window does not come back


def test_a_lost_level_offers_only_a_look_around(app):
    app.sim.outcome.status, app.sim.outcome.reason = "lost", "bankrupt"
    frames(app)
    assert app.interface.gui._by_name["end.stay"].text == "Look around"
    press(app, "end.stay")
    assert not any(command == KeepPlaying() for _, command, _ in app.sim.command_log)
