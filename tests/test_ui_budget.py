"""The budget window (B, or a click on the treasury) and the top bar's labels, tooltips, goals and layout."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest
from window_input import click_at, key, paused_window
from worlds import Goals, GoalTarget, at, blank

from game.app import App, Context
from game.settings import Settings
from game.ui.budget_panel import WINDOW, budget_rows
from game.ui.hud import hud_fields

GOALS = Goals(targets=(GoalTarget("population", at_least=5_000), GoalTarget("funds", at_least=10_000)), deadline_day=40)


@pytest.fixture
def app(make_world):
    """A window on a small city with a fuel plant, a refinery and housing, a day played; time paused."""
    sim = make_world(blank(40, 30), at("fuel_plant", 1, 1), at("plastics_refinery", 5, 1), at("housing", 10, 1, 100), goals=GOALS)
    sim.step(25)
    yield paused_window(sim)
    pygame.display.quit()


def text(app: App, name: str) -> str:
    """Return the text of the widget called `name`."""
    return str(app.interface.gui._by_name[name].text)


def field_point(app: App, label: str) -> tuple[int, int]:
    """Return the middle of the top-bar figure called `label` as last drawn."""
    app.frame(1 / 60)
    span = next(span for field, span in app.interface.hud._spans if field.label == label)
    return span.center


def test_b_opens_the_budget_with_yesterdays_ledger_line_by_line(app) -> None:
    key(app, pygame.K_b)
    assert app.interface.gui.has(WINDOW)
    ledger = app.sim.world.last_ledger
    rows = budget_rows(app.city.budget())
    labels = [row[0] for row in rows]
    assert text(app, f"budget.yesterday.{labels.index('Taxes')}") == f"{ledger.taxes:,} cr"
    assert text(app, f"budget.yesterday.{labels.index('Upkeep')}") == f"{-ledger.upkeep:,} cr"
    assert text(app, f"budget.yesterday.{labels.index('Net')}") == f"{ledger.net:,} cr"
    assert ledger.taxes > 0 and ledger.upkeep > 0
    key(app, pygame.K_b)
    assert not app.interface.gui.has(WINDOW)


def test_the_upkeep_by_building_adds_up_to_the_upkeep_line(app) -> None:
    budget = app.city.budget()
    assert {name for name, _, _ in budget.upkeep_by_kind} == {"Fuel Power Plant", "Plastics Refinery"}
    assert sum(credits for _, _, credits in budget.upkeep_by_kind) == budget.yesterday["upkeep"]
    key(app, pygame.K_b)
    assert text(app, "budget.kind.0") == "1 × Fuel Power Plant"


def test_a_click_on_the_treasury_opens_the_budget_and_on_the_goals_opens_the_goals(app) -> None:
    click_at(app, field_point(app, "Funds"))
    assert app.interface.gui.has(WINDOW)
    click_at(app, field_point(app, "Goals"))
    assert app.interface.gui.has("goals")


def test_every_figure_on_the_bar_has_a_label_or_icon_and_a_tooltip(app) -> None:
    for field in hud_fields(app.city, "1×"):
        assert field.label or field.icon
        assert len(field.tooltip) > 20, field.label


def test_the_goals_figure_counts_the_targets_met_and_names_what_is_missing(app) -> None:
    goals = {field.label: field for field in hud_fields(app.city, "1×")}["Goals"]
    assert goals.value == "1/2 · day 40"
    assert "population at least 5,000" in goals.tooltip and "funds" not in goals.tooltip.split("Still to reach:")[1]


def test_the_bar_keeps_its_layout_when_a_figure_shrinks(app) -> None:
    app.frame(1 / 60)
    before = [span.copy() for _, span in app.interface.hud._spans]
    app.sim.world.funds = 7
    app.frame(1 / 60)
    assert [span.x for _, span in app.interface.hud._spans] == [span.x for span in before]


@contextlib.contextmanager
def paused_app_at(sim, size: tuple[int, int], ui_scale: float) -> Iterator[App]:
    """Yield a paused window of `size` at `ui_scale` on `sim`, one frame drawn; the display closes after."""
    pygame.display.init()
    pygame.font.init()
    try:
        screen = pygame.display.set_mode(size)
        context = Context.default()
        context.settings = Settings(width=size[0], height=size[1], ui_scale=ui_scale)
        app = App(sim, screen, context)
        app.speed = 0
        app.frame(1 / 60)
        yield app
    finally:
        pygame.display.quit()


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080), (2560, 1440)])
@pytest.mark.parametrize("ui_scale", [1.0, 1.5, 2.0])
def test_every_figure_fits_on_the_bar_without_overlapping(make_world, size, ui_scale) -> None:
    sim = make_world(blank(40, 30), at("housing", 10, 1, 100), goals=GOALS)
    sim.world.funds = 12_345_678  # a long figure
    with paused_app_at(sim, size, ui_scale) as app:
        bar = app.interface.hud.rect(size)
        spans = [span for _, span in app.interface.hud._spans]
        assert len(spans) == len(hud_fields(app.city, "Paused"))
        assert all(bar.contains(span) for span in spans)
        assert not any(a.colliderect(b) for i, a in enumerate(spans) for b in spans[i + 1:])
        assert app.interface.camera.viewport.top >= bar.bottom  # the map starts below the bar, however many rows it has


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080), (2560, 1440)])
@pytest.mark.parametrize("ui_scale", [1.0, 1.5, 2.0])
def test_the_windows_open_below_the_bar_so_its_figures_stay_in_sight(make_world, size, ui_scale) -> None:
    sim = make_world(blank(40, 30), at("housing", 10, 1, 100), goals=GOALS)
    with paused_app_at(sim, size, ui_scale) as app:
        bar = app.interface.hud.rect(size)
        for window in ("goals", "budget", "power", "factions", "policies"):
            app.interface.panels.open(window, app.city)
            app.frame(1 / 60)
            rect = app.interface.gui._roots[app.interface.gui.top_window()].get_abs_rect()
            assert rect.top >= bar.bottom and rect.bottom <= size[1], (window, rect, bar)
            app.interface.panels.close(window)
