"""The city view: read-only figures for the front ends, computed by the simulation's own code.

A preview's refund is what the demolish command pays; the overlay's contentment is the contentment
residents move by; the arrays the view hands out cannot be written through.
"""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import numpy as np
import pytest
from worlds import TICKS_PER_DAY, at, blank

from game.render.overlays import CONTENTMENT_COLOURS, contentment_colours
from game.sim.commands import Demolish
from game.sim.systems import population, power
from game.sim.view import CityView
from game.ui.preview import preview_for
from game.ui.tools import DEMOLISH, build_tools

DEMOLISH_TOOL = next(tool for tool in build_tools() if tool.name == DEMOLISH)


def funds_paid_by_demolishing(sim, x: int, y: int) -> int:
    """Demolish what stands at (x, y) and return the credits the treasury gained."""
    before = sim.funds
    assert sim.execute(Demolish(x, y)).ok
    return sim.funds - before


def test_the_demolish_preview_shows_the_refund_the_command_pays(make_world):
    sim = make_world(blank(10, 6), at("solar_farm", 1, 1), funds=1_000)
    city = CityView(sim)
    refund = city.demolish_refund(sim.building_at(1, 1))
    assert refund is not None and refund > 0
    assert preview_for(city, DEMOLISH_TOOL, (2, 2)).text.endswith(f": {refund:,} cr back")
    assert funds_paid_by_demolishing(sim, 2, 2) == refund


def test_the_demolish_preview_shows_what_clearing_a_full_landfill_costs(make_world):
    sim = make_world(blank(10, 6), at("landfill", 1, 1), funds=100_000)
    sim.buildings.col("stored")[sim.row_of(sim.building_at(1, 1))] = 40_000
    city = CityView(sim)
    refund = city.demolish_refund(sim.building_at(1, 1))
    assert refund is not None and refund < 0
    assert preview_for(city, DEMOLISH_TOOL, (1, 1)).text.endswith(f"clearing it costs {-refund:,} cr")
    assert funds_paid_by_demolishing(sim, 1, 1) == refund


def test_a_refused_demolition_has_no_refund(make_world):
    sim = make_world(blank(10, 6), at("solar_farm", 1, 1))
    sim.outcome.status = "lost"
    assert CityView(sim).demolish_refund(sim.building_at(1, 1)) is None
    assert CityView(sim).demolish_refund(0) is None


def test_the_overlays_contentment_is_what_the_residents_move_by(make_world):
    sim = make_world(blank(14, 8), at("solar_farm", 0, 0), at("housing", 3, 0, 150), at("housing", 8, 4, 50))
    sim.tick = TICKS_PER_DAY - 1
    power.run(sim)
    city = CityView(sim)
    homes, contentment = city.housing_contentment()
    assert np.array_equal(contentment, population.contentment(sim, homes))
    colours = contentment_colours(city)
    assert (colours[0:2, 3:5] == CONTENTMENT_COLOURS[1 + contentment[0]]).all()
    assert (colours[4:6, 8:10] == CONTENTMENT_COLOURS[1 + contentment[1]]).all()
    population.run(sim)
    weights = sim.buildings.col("occupants")[homes].astype(np.int64)
    assert city.resident_contentment == int((contentment * weights).sum() // weights.sum())


def test_the_two_approvals_are_told_apart(make_world):
    sim = make_world(blank(8, 8), at("housing", 3, 0, 100))
    sim.resident_contentment = 12
    sim.politics.approval[:] = 80
    city = CityView(sim)
    assert (city.resident_contentment, city.voter_approval) == (12, 80) == (sim.resident_contentment, sim.metric("voter_approval"))


@pytest.mark.parametrize("grid", ["terrain", "occupancy", "pollution", "waste", "network", "network_supply_kw"])
def test_the_views_grids_cannot_be_written_through(make_world, grid):
    sim = make_world(blank(8, 8), at("housing", 3, 0, 100))
    array = getattr(CityView(sim), grid)
    with pytest.raises(ValueError, match="read-only"):
        array.flat[0] = 1


def test_the_views_columns_and_agents_cannot_be_written_through(make_world):
    sim = make_world(blank(8, 8), at("housing", 3, 0, 100))
    city = CityView(sim)
    with pytest.raises(ValueError, match="read-only"):
        city.column("occupants")[0] = 0
    with pytest.raises(ValueError, match="read-only"):
        city.agents.x[...] = 0
    with pytest.raises(TypeError):
        city.resources["food"] = 0  # type: ignore[index]
    assert city.building(sim.building_at(3, 0)).occupants == 100
