"""What if: a forecast is what then happens in the same seed, it changes nothing, and the window asks for it and makes it."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest
from window_input import click, key, paused_window
from worlds import at, blank

from game.app import App
from game.forecast import FIGURES, Forecaster, day_figures, forecast
from game.level import new_simulation
from game.sim import Simulation
from game.sim.cadence import TICKS_PER_DAY
from game.sim.commands import Place, SetPolicy
from game.sim.view import CityView
from game.ui.controller import AskForecast, Execute
from game.ui.forecast_window import APPLY, CLOSE, WINDOW, describe, difference_text, ending_note

FRAME = 1 / 60


def played(sim: Simulation, days: int) -> tuple:
    """Play `days` day-ends from now as a forecast does, and return the figures at each."""
    city = CityView(sim)
    found = []
    for _ in range(days):
        sim.step(TICKS_PER_DAY - sim.world.tick % TICKS_PER_DAY)
        found.append(day_figures(city))
    return tuple(found)


@pytest.fixture(scope="module")
def first_light() -> Simulation:
    """First Light ten hours in: a city with money, voters and goals."""
    sim = new_simulation("first_light")
    sim.step(10)
    return sim


def test_a_forecast_is_what_then_happens_with_the_change_and_without_it(first_light: Simulation) -> None:
    change = [Place("compost_works", 12, 20), SetPolicy("tax_rate", 12)]
    before = first_light.state_hash()
    found = forecast(first_light, change, "a compost works and a lower tax", days=5)
    assert first_light.state_hash() == before  # the running city is untouched
    assert [day.day for day in found.as_is] == [1, 2, 3, 4, 5] and not found.rejected
    assert played(first_light.fork(), 5) == found.as_is
    made = first_light.fork()
    for command in change:
        assert made.execute(command).ok
    assert played(made, 5) == found.what_if
    assert found.difference("funds") != 0  # the plant's price and the lower tax show
    assert found.difference("funds") == found.what_if[-1].value("funds") - found.as_is[-1].value("funds")


def test_a_change_that_cannot_be_made_is_a_forecast_of_nothing_with_the_reason(first_light: Simulation) -> None:
    found = forecast(first_light, [Place("compost_works", 10_000, 0)], "off the map")
    assert found.rejected and found.as_is == found.what_if == ()
    with pytest.raises(ValueError, match="1 to 60 days"):
        forecast(first_light, [], "too far", days=61)


def test_the_worker_process_forecasts_what_this_process_would(first_light: Simulation) -> None:
    forecaster = Forecaster()
    try:
        forecaster.ask(first_light, [SetPolicy("tax_rate", 20)], "tax 20", days=2)
        assert forecaster.wait(120)
        assert forecaster.poll() == forecast(first_light, [SetPolicy("tax_rate", 20)], "tax 20", days=2)
        assert forecaster.poll() is None  # told once
    finally:
        forecaster.close()
    assert not forecaster.busy


def test_differences_read_as_better_or_worse_by_the_figure() -> None:
    assert difference_text("funds", 500) == ("+500", "good")
    assert difference_text("pollution_mean", 3) == ("+3", "bad")
    assert difference_text("pollution_mean", -3) == ("-3", "good")
    assert difference_text("population", 0) == ("no change", "dim")
    assert {name for name, _ in FIGURES} >= {"funds", "pollution_mean", "served_percent", "voter_approval", "goals_met"}


@pytest.fixture
def window(make_world):
    """A paused window on a small powered city, with a worker that plays forecasts; closed after."""
    sim = make_world(blank(40, 30), at("solar_farm", 2, 2), at("housing", 8, 2, occupants=100))
    app = paused_window(sim)
    yield app
    app.context.forecaster.close()
    pygame.display.quit()


def hover(app: App, x: int, y: int) -> None:
    """Move the mouse over the middle of map tile (x, y)."""
    point = app.interface.camera.tile_rect(x, y).center
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=point, rel=(0, 0), buttons=(0, 0, 0)))
    app.frame(FRAME)


def wait_for_forecast(app: App) -> None:
    """Run frames until the forecast window shows a finished forecast."""
    app.context.forecaster.wait(120)
    app.report_forecast()
    for _ in range(2):
        app.frame(FRAME)


def test_f_over_a_build_forecasts_it_and_do_it_makes_it(window: App) -> None:
    key(window, pygame.K_1)  # the compost works
    hover(window, 20, 15)
    requests = window.interface.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_f, mod=0, unicode="f"), window.city)
    assert len(requests) == 1 and isinstance(requests[0], AskForecast)
    (command,) = requests[0].commands
    assert isinstance(command, Place) and command.kind == "compost_works"
    assert requests[0].change == describe(command, window.city) == f"build a Compost Works at ({command.x}, {command.y})"
    window.apply(requests[0])
    assert window.interface.gui.has(WINDOW) and window.interface.panels.forecast.asked == requests[0]
    wait_for_forecast(window)
    shown = window.interface.panels.forecast.forecast
    assert shown is not None and shown.change == requests[0].change and 1 <= len(shown.as_is) <= 7
    lost = [day for day in shown.as_is if day.outcome == "lost"]  # this unwired block loses within the week
    assert lost and ending_note(shown).startswith(f"As it is, the level is lost on day {lost[0].day}")
    assert window.sim.command_log == []  # nothing built yet
    click(window, APPLY)
    assert [logged for _, logged, result in window.sim.command_log if result.ok] == [command]
    assert not window.interface.gui.has(WINDOW)


def test_f_with_nothing_to_try_says_what_to_point_at(window: App) -> None:
    key(window, pygame.K_f)
    assert not window.interface.gui.has(WINDOW)
    assert "press F for a forecast" in window.interface.messages.messages[-1].text


def test_try_first_turns_a_policy_slider_into_a_question_and_close_leaves_the_policy(window: App) -> None:
    panels = window.interface.panels
    key(window, pygame.K_l)
    assert panels.on_gui(_pressed("policies.try_first"), window.city) == []  # the row under the cards, scrolled out of a 720p window
    assert panels.try_policies and "Try first: on" in window.interface.gui._by_name["policies.try_first"].text
    slider = window.interface.gui.pixel_rect("policy.tax_rate")
    point = (slider.right - 5, slider.centery)
    for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
        pygame.event.post(pygame.event.Event(kind, pos=point, button=1))
    for _ in range(4):
        window.frame(FRAME)
    before = window.sim.policies["tax_rate"]
    asked = panels.forecast.asked
    assert asked is not None and isinstance(asked.commands[0], SetPolicy) and asked.commands[0].value == before + 1
    assert asked.change.startswith("set Tax rate to")
    wait_for_forecast(window)
    assert panels.forecast.on_gui(_pressed(CLOSE)) == []
    assert window.sim.policies["tax_rate"] == before and window.sim.command_log == []
    panels.forecast.waiting(asked)
    assert panels.forecast.on_gui(_pressed(APPLY)) == [Execute(asked.commands[0])]


def _pressed(name: str):  # noqa: ANN202 - a game.ui.gui.Pressed
    from game.ui.gui import Pressed

    return Pressed(name)


def test_questions_asked_while_the_worker_is_busy_wait_and_only_the_newest_is_played(first_light: Simulation) -> None:
    forecaster = Forecaster()
    try:
        for rate in (11, 12, 13, 14):  # a slider dragged over four values
            forecaster.ask(first_light, [SetPolicy("tax_rate", rate)], f"tax {rate}", days=1)
        assert forecaster.wait(120)
        answer = forecaster.poll()
        assert answer is not None and answer.change == "tax 14"
        assert forecaster.poll() is None and not forecaster.busy
    finally:
        forecaster.close()
