"""The briefing a level opens with, election night, and the event log (R)."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest
from window_input import FRAME, click, key, paused_window
from worlds import Goals, GoalTarget, blank

from game.app import App
from game.sim.commands import Place
from game.ui.controller import Execute

GOALS = Goals(targets=(GoalTarget("population", at_least=5_000), GoalTarget("funds", at_least=10_000)), deadline_day=40)


def text(app: App, name: str) -> str:
    """Return the text of the widget called `name`."""
    return str(app.interface.gui._by_name[name].text)


@pytest.fixture
def started(make_world):
    """A window on a level started afresh, with a description and goals, at 1x."""
    pygame.display.init()
    pygame.font.init()
    screen = pygame.display.set_mode((1280, 720))
    sim = make_world(blank(40, 30), goals=GOALS, description="The harbour district: the drums are stacking up.")
    app = App(sim, screen, briefing=True)
    pygame.event.clear()
    yield app
    pygame.display.quit()


def test_a_level_started_afresh_opens_with_its_briefing_and_waits(started) -> None:
    gui = started.interface.gui
    assert gui.has("briefing")
    assert "drums are stacking up" in gui._by_name["briefing.text"].html_text
    lines = [text(started, f"briefing.line.{i}") for i in range(4)]
    assert lines[1] == "·  population at least 5,000" and lines[3] == "By day 40."
    tick = started.sim.tick
    for _ in range(60):
        started.frame(FRAME)
    assert started.sim.tick == tick and started.speed_label == "Briefing"


def test_start_closes_the_briefing_and_the_clock_runs(started) -> None:
    started.frame(FRAME)
    click(started, "briefing.start")
    assert not started.interface.gui.has("briefing")
    tick = started.sim.tick
    for _ in range(60):
        started.frame(FRAME)
    assert started.sim.tick > tick


def test_a_game_under_way_opens_without_a_briefing(make_world) -> None:
    sim = make_world(blank(40, 30), goals=GOALS)
    sim.step(3)
    pygame.display.init()
    try:
        app = App(sim, pygame.display.set_mode((1280, 720)), briefing=True)
        assert not app.interface.gui.has("briefing")
    finally:
        pygame.display.quit()


def test_election_night_shows_each_blocs_vote_adding_up_to_the_result_and_holds_the_clock(make_world) -> None:
    sim = make_world(blank(40, 30))
    app = paused_window(sim)
    try:
        sim.politics.hold_election(sim.world)
        app.speed = 1
        app.frame(FRAME)
        gui = app.interface.gui
        assert gui.has("election")
        election = sim.politics.elections[-1]
        assert text(app, "election.verdict").endswith(f"{election.vote_percent}% of the vote")
        factions = app.city.factions()
        points = [float(text(app, f"election.faction.{i}").rsplit(", ", 1)[1].split()[0]) for i in range(len(factions))]
        assert abs(sum(points) - election.vote_percent) <= 1
        tick = sim.tick
        app.frame(FRAME)
        assert sim.tick == tick and app.speed_label == "Election"
        click(app, "election.close")
        assert not gui.has("election")
    finally:
        pygame.display.quit()


def test_the_event_log_keeps_what_the_player_was_told_with_the_day_and_a_way_back_to_the_place(make_world) -> None:
    sim = make_world(blank(120, 120))
    app = paused_window(sim)
    try:
        sim.world.tick = 24 * 2 + 5  # day 3, 05:00
        app.frame(FRAME)
        app.apply(Execute(Place("garden", 90, 90)))
        app.frame(FRAME)
        app.interface.show("Saved the game", "good")
        key(app, pygame.K_r)
        gui = app.interface.gui
        assert gui.has("log")
        assert text(app, "log.entry.0") == "Saved the game"
        assert "Vertical Garden" in text(app, "log.entry.1")
        assert [entry.day for entry in app.interface.panels.log.entries] == [3, 3]
        assert not app.interface.gui.has("log.show.0")  # the save happened nowhere
        click(app, "log.show.1")
        camera = app.interface.camera
        x, y = camera.tile_at(camera.viewport.center)
        assert abs(x - 90) <= 2 and abs(y - 90) <= 2
    finally:
        pygame.display.quit()
