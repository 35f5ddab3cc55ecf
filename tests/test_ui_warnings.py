"""Warnings: what breaks the city (food, debt, a plant off the grid, a full landfill, a near deadline) and where a click jumps."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
from window_input import click_at, paused_window
from worlds import Goals, GoalTarget, at, blank

from game.sim.view import CityView
from game.ui.warnings import city_warnings


def keys(sim) -> dict[str, object]:
    """Return the warnings that hold for `sim`, by key."""
    return {warning.key: warning for warning in city_warnings(CityView(sim))}


def test_a_refinery_with_no_plant_on_its_grid_is_off_the_grid_and_the_warning_points_at_it(make_world) -> None:
    sim = make_world(blank(30, 20), at("fuel_plant", 1, 1), at("housing", 4, 1, 100), at("plastics_refinery", 20, 10))
    sim.step(2)
    off = keys(sim)["off_grid"]
    assert off.tile == (20, 10) and off.tone == "bad"
    assert off.text == "Off the grid: the Plastics Refinery at (20, 10) has no power plant on its grid. A gap in a line?"


def test_a_wired_city_has_no_power_warning(make_world) -> None:
    sim = make_world(blank(30, 20), at("fuel_plant", 1, 1), at("housing", 4, 1, 100))
    sim.step(2)
    assert not {"off_grid", "dark", "idle_plant"} & keys(sim).keys()


def test_a_plant_alone_feeds_nothing(make_world) -> None:
    sim = make_world(blank(30, 20), at("solar_farm", 10, 10))
    sim.step(12)
    assert keys(sim)["idle_plant"].tile == (10, 10)


def test_no_food_with_residents_warns(make_world) -> None:
    sim = make_world(blank(30, 20), at("fuel_plant", 1, 1), at("housing", 4, 1, 100))
    assert "food" not in keys(sim)
    sim.resources["food"] = 0
    assert keys(sim)["food"].tone == "bad"


def test_a_full_landfill_warns_and_points_at_it(make_world) -> None:
    sim = make_world(blank(30, 20), at("landfill", 12, 4))
    sim.step(1)
    assert "landfill_full" not in keys(sim)
    row = sim.world.row_of(sim.world.building_at(12, 4))
    sim.world.buildings.col("stored")[row] = sim.world.building_type_at_row(row).landfill_capacity
    assert keys(sim)["landfill_full"].tile == (12, 4)


def test_debt_warns_with_the_days_left_and_opens_the_budget(make_world) -> None:
    sim = make_world(blank(30, 20), funds=-500, rules={"bankrupt_days": 5})
    debt = keys(sim)["debt"]
    assert debt.opens == "budget" and "5 more day-ends in debt" in debt.text


def test_the_deadline_warns_in_its_last_week_while_goals_are_unmet(make_world) -> None:
    goals = Goals(targets=(GoalTarget("population", at_least=9_999),), deadline_day=6)
    sim = make_world(blank(30, 20), goals=goals)
    assert keys(sim)["deadline"].opens == "goals"
    far = make_world(blank(30, 20), goals=Goals(targets=(GoalTarget("population", at_least=9_999),), deadline_day=60))
    assert "deadline" not in keys(far)


def test_clicking_a_warning_centres_the_map_on_its_place(make_world) -> None:
    sim = make_world(blank(200, 200), at("fuel_plant", 1, 1), at("housing", 5, 1, 100), at("plastics_refinery", 100, 100))
    sim.step(2)
    app = paused_window(sim)
    try:
        app.frame(1 / 60)
        strip = app.interface.warnings
        box = next(box for warning, box in strip._boxes if warning.key == "off_grid")
        click_at(app, box.center)
        camera = app.interface.camera
        centre = camera.tile_at(camera.viewport.center)
        assert abs(centre[0] - 100.5) <= 1 and abs(centre[1] - 100.5) <= 1
        assert app.sim.buildings.count == 3  # the click built nothing
    finally:
        pygame.display.quit()


def test_a_solar_grid_at_night_is_not_off_the_grid(make_world) -> None:
    sim = make_world(blank(30, 20), at("solar_farm", 1, 1), at("housing", 4, 1, 100))
    sim.step(2)  # 02:00: the farm gives next to nothing
    assert "off_grid" not in keys(sim)


def test_nothing_is_said_about_power_before_the_first_hour_has_run(make_world) -> None:
    sim = make_world(blank(30, 20), at("fuel_plant", 1, 1), at("housing", 4, 1, 100))
    assert not {"off_grid", "dark", "idle_plant"} & keys(sim).keys()


def test_a_goal_one_scandal_from_out_of_reach_warns_and_opens_the_goals(make_world) -> None:
    sim = make_world(blank(30, 20), goals=Goals(targets=(GoalTarget("scandals", at_most=0),), deadline_day=60))
    risk = keys(sim)["goal_risk.0"]
    assert risk.opens == "goals" and "one more and it can no longer be met" in risk.text
    lax = make_world(blank(30, 20), goals=Goals(targets=(GoalTarget("scandals", at_most=2),), deadline_day=60))
    assert not any(key.startswith("goal_risk") for key in keys(lax))


def test_a_goal_that_needs_every_election_left_warns_in_the_week_before_a_vote(make_world) -> None:
    from game.sim.scenario import PoliticsSetup

    goals = Goals(targets=(GoalTarget("elections_won", at_least=2),), deadline_day=60)
    sim = make_world(blank(30, 20), goals=goals, politics=PoliticsSetup(election_every_days=30))
    assert not any(key.startswith("goal_risk") for key in keys(sim))  # day 1: the vote is a month away
    sim.world.tick = 24 * 25
    assert "every election left must be won" in keys(sim)["goal_risk.0"].text
    roomy = make_world(blank(30, 20), goals=goals, politics=PoliticsSetup(election_every_days=15))
    assert not any(key.startswith("goal_risk") for key in keys(roomy))
