"""The goals window (J and its bar button): each target with its figure now, the deadline, and what a goal counts."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest
from window_input import key, paused_window
from worlds import Goals, GoalTarget, blank

from game.app import App
from game.sim.waste import HAZARDOUS
from game.ui.goals_panel import WINDOW

FRAME = 1 / 60
GOALS = Goals(targets=(GoalTarget("hazardous_untreated", at_most=1_500), GoalTarget("funds", at_least=10_000)), deadline_day=60)


@pytest.fixture
def app(make_world):
    """A window on a small city whose goals are Neo-Terra's hazardous waste and some funds; time paused."""
    sim = make_world(blank(40, 30), goals=GOALS)
    sim.counters.landfilled[HAZARDOUS] = 2_000
    yield paused_window(sim)
    pygame.display.quit()


def text(app: App, name: str) -> str:
    """Return the text of the widget called `name`."""
    return str(app.interface.gui._by_name[name].text)


def test_j_opens_the_goals_with_each_figure_and_the_deadline(app) -> None:
    key(app, pygame.K_j)
    assert app.interface.gui.has(WINDOW)
    assert text(app, "goals.deadline") == "By day 60 (in 59 days) every target must hold at a day's end."
    assert text(app, "goals.target.0") == "Not yet · hazardous untreated at most 1,500 (now 2,000; 500 less needed)"
    assert text(app, "goals.target.1") == "Met · funds at least 10,000 (now 50,000)"
    key(app, pygame.K_j)
    assert not app.interface.gui.has(WINDOW)


def test_the_hazardous_goal_says_buried_waste_counts_and_can_be_dug_out(app) -> None:
    key(app, pygame.K_j)
    note = str(app.interface.gui._by_name["goals.note.0"].html_text)
    assert "buried in landfills" in note and "dug out at a landfill" in note
    assert not app.interface.gui.has("goals.note.1")


def test_the_goals_follow_the_city(app) -> None:
    key(app, pygame.K_j)
    app.sim.counters.landfilled[HAZARDOUS] = 1_000
    app.frame(FRAME)
    assert text(app, "goals.target.0") == "Met · hazardous untreated at most 1,500 (now 1,000)"
