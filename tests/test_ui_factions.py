"""The factions window (V and its bar button), the HUD's voter approval and election countdown, society notices."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest
from window_input import key, paused_window
from worlds import blank

from game.app import App
from game.sim.agents import CacheSeized
from game.sim.politics import FACTIONS, Election, ElectionHeld, Scandal, ScandalBroke
from game.sim.scenario import PoliticsSetup
from game.sim.view import CityView
from game.ui.factions_panel import WINDOW, figures_text, why_text
from game.ui.hud import hud_fields
from game.ui.panels import help_lines

FRAME = 1 / 60


@pytest.fixture
def app(make_world):
    """A window on a small city that votes every 30 days; time paused."""
    sim = make_world(blank(40, 30), politics=PoliticsSetup(election_every_days=30))
    yield paused_window(sim)
    pygame.display.quit()


def text_of(app: App, name: str) -> str:
    """Return the text of the label called `name`."""
    return app.interface.gui._by_name[name].text


def test_v_opens_the_factions_window_with_four_factions_and_v_closes_it(app):
    key(app, pygame.K_v)
    gui = app.interface.gui
    assert gui.has(WINDOW)
    labels = [text_of(app, f"factions.label.{i}") for i in range(len(FACTIONS))]
    assert labels == [faction.label for faction in FACTIONS] and len(labels) >= 4
    assert all(text_of(app, f"factions.approval.{i}").endswith("%") for i in range(len(FACTIONS)))
    key(app, pygame.K_v)
    assert not gui.has(WINDOW)


def test_the_bar_button_opens_the_factions_window(app):
    point = app.interface.gui.pixel_rect("bar.factions").center
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=point, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=point, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=point, button=1))
    for _ in range(3):
        app.frame(FRAME)
    assert app.interface.gui.has(WINDOW)


def test_escape_closes_the_factions_window_before_the_game_menu(app):
    key(app, pygame.K_v)
    key(app, pygame.K_ESCAPE)
    assert not app.interface.gui.has(WINDOW)
    assert not app.interface.panels.is_open("game_menu")


def test_the_window_lists_the_next_election_past_votes_and_scandals(app):
    politics = app.sim.politics
    politics.elections.append(Election(day=30, won=False, vote_percent=44, by_faction={}))
    politics.scandals.append(Scandal(day=12, cause="the eco-activists", hidden=300, hit=9))
    key(app, pygame.K_v)
    assert text_of(app, "factions.election.0").startswith(f"Next election on day {politics.next_election_day()}")
    assert text_of(app, "factions.election.1") == "Day 30: lost with 44% of the vote"
    assert "the eco-activists" in text_of(app, "factions.scandal.0") and "300" in text_of(app, "factions.scandal.0")


def test_the_hud_shows_the_voters_approval_and_the_days_to_the_election(app):
    app.sim.politics.approval[:] = 70
    voters = {field.label: field for field in hud_fields(CityView(app.sim), "1×")}["Voter approval"]
    days = app.sim.politics.days_to_election(app.sim)
    assert voters.value == f"{app.sim.politics.overall()}% · election in {days} d" and voters.value.startswith("70%")
    assert voters.tone == "good"


def test_the_hud_warns_in_red_a_week_before_a_vote_the_city_would_lose(app):
    app.sim.politics.approval[:] = 45
    app.sim.politics.next_day = app.sim.day + 1 + 5  # five days to go
    voters = {field.label: field for field in hud_fields(CityView(app.sim), "1×")}["Voter approval"]
    assert voters.value == "45% · election in 5 d" and voters.tone == "bad"


def test_the_hud_has_no_election_countdown_when_the_level_holds_none(make_world):
    sim = make_world(blank(12, 8))
    voters = {field.label: field for field in hud_fields(CityView(sim), "1×")}["Voter approval"]
    assert voters.value == f"{sim.politics.overall()}%"


def test_the_true_hazard_figure_shows_only_with_transparency(app):
    hidden_text, tone = figures_text(CityView(app.sim))
    assert "Ecolife reports" in hidden_text and "not published" in hidden_text and tone == "warn"
    app.sim.policies["transparency"] = 1
    open_text, tone = figures_text(CityView(app.sim))
    assert "true figure" in open_text and "not published" not in open_text and tone == "good"


def test_a_factions_reason_names_its_strongest_pull_each_way():
    assert why_text({"pollution": -12, "amnesty": 9, "tax": 1}) == "Pleased by the amnesty (+9); angered by pollution at home (-12)"
    assert why_text({"tax": 1}) == "Nothing moves them much today"


def test_scandals_and_elections_appear_as_alerts_in_their_tone(app):
    app.interface.notify_event(ScandalBroke("the eco-activists", 300, 9))
    assert app.interface.alerts.messages[-1].tone == "bad" and "300" in app.interface.alerts.messages[-1].text
    app.interface.notify_event(ElectionHeld(30, True, 61))
    assert app.interface.alerts.messages[-1].tone == "good" and "61%" in app.interface.alerts.messages[-1].text


def test_cache_seizures_through_the_day_keep_one_line_with_the_running_tally(app):
    app.interface.notify_event(CacheSeized(1, 1, 1))
    first = app.interface.messages.messages[-1].text
    assert first == "Security drones dug up 1 hidden cache: 1 unit of hazardous waste nobody collected."
    count = len(app.interface.messages.messages)
    app.interface.notify_event(CacheSeized(4, 3, 5))
    assert len(app.interface.messages.messages) == count  # the same line, brought up to date
    assert app.interface.messages.messages[-1].text == (
        "Security drones dug up 3 hidden caches: 4 units of hazardous waste nobody collected (5 seized today)."
    )
    app.interface.notify_event(ScandalBroke("the eco-activists", 300, 9))  # an alert, not in the feed
    app.interface.show("Saved", "good")
    app.interface.notify_event(CacheSeized(2, 1, 7))  # news came between: a new line
    assert len(app.interface.messages.messages) == min(count + 2, 5)


def test_f1_help_lists_the_society_keys_with_the_controls() -> None:
    texts = " ".join(text for text, _ in help_lines(()))
    assert "V  factions" in texts and "1-5  answer" in texts and "N  reopen" in texts and "J  goals" in texts


def test_the_open_window_follows_a_transparency_switch_at_once(app):
    key(app, pygame.K_v)
    assert "not published" in text_of(app, "factions.figures")
    app.sim.policies["transparency"] = 1
    app.frame(FRAME)
    assert "true figure" in text_of(app, "factions.figures") and "not published" not in text_of(app, "factions.figures")


def test_a_switch_policy_reads_by_name_with_its_default_and_running_cost() -> None:
    from game.ui.game_panels import policy_value_text

    assert policy_value_text("scavenger_stance", 1) == "amnesty  (default tolerate) · 100 cr a day"
    assert policy_value_text("transparency", 0) == "Ecolife's report  (default Ecolife's report)"
    assert policy_value_text("tax_rate", 10) == "10%  (range 0–30%, default 10%)"
