"""The story drives play: hidden waste, taps, the underground economy and every policy move the numbers.

Each test plays a shipped level headless (the level's own seed unless it says otherwise) and
asserts on the figures the report gives: the society totals, the history, the power readings.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
from test_scenarios import BENCH, FIRST_LIGHT, LEVELS, NEO_TERRA

from game.level import load_level
from game.sim import Simulation
from game.sim.cadence import TICKS_PER_DAY
from game.sim.commands import Place, SetPolicy
from game.sim.waste import WASTE_TYPES

HAZARDOUS = WASTE_TYPES.index("hazardous")


@cache
def neo_terra(days: int, *policies: tuple[str, int], builds: tuple[Place, ...] = ()) -> dict:
    """Play Neo-Terra for `days` days past its end with `policies` set and `builds` placed at tick 0; return its figures."""
    sim = Simulation(load_level(LEVELS[NEO_TERRA]))
    try:
        for name, value in policies:
            assert sim.execute(SetPolicy(name, value)).ok
        for build in builds:
            assert sim.execute(build).ok, build
        siphoned, supply, hotspots = [], [], []
        for day in range(days):
            sim.step(TICKS_PER_DAY)
            siphoned.append(int(sim.power.siphoned_kw.sum()))
            supply.append(int(sim.power.supply_kw.sum()))
            caches = sim.agents.sites.caches
            hottest = max((int(sim.pollution[c.y, c.x]) for c in caches), default=0)
            hotspots.append((day, hottest, int(sim.pollution.max())))
        return {
            "totals": sim.agents.so_far(), "cached": sim.agents.cache_total(), "caches": len(sim.agents.sites.caches),
            "ground_hazardous": int(sim.waste[HAZARDOUS].sum()), "generated": sim.counters.generated.copy(),
            "collected": sim.counters.collected.copy(), "landfilled": sim.counters.landfilled.copy(),
            "siphoned": siphoned, "supply": supply, "hotspots": hotspots, "fired": [event for _, event in sim.story.fired],
            "tribes": [(tribe.members, tribe.unrest) for tribe in sim.agents.tribes], "founders": [camp.members for camp in sim.scenario.camps],
            "fines": sim.last_ledger.fines,
        }
    finally:
        sim.close()


# --- hidden waste -------------------------------------------------------------------------------

def test_left_alone_the_tribes_hide_more_than_a_tenth_of_the_hazardous_waste_nobody_collects() -> None:
    run = neo_terra(60)
    smuggled = run["totals"]["smuggled"]
    assert smuggled >= (run["ground_hazardous"] + smuggled) // 10  # of what lies about or was hidden
    assert run["cached"] == smuggled  # nobody found any


def test_caches_become_the_citys_worst_pollution_hotspots_within_a_few_weeks_and_the_cache_event_follows() -> None:
    run = neo_terra(60)
    days_hottest = [day for day, at_cache, worst in run["hotspots"] if at_cache >= worst * 9 // 10]
    assert days_hottest and days_hottest[0] <= 28  # a cache is (nearly) the hottest tile on the map by the fourth week
    assert "cache" in run["fired"]


def test_a_tribe_piles_its_drums_into_few_caches_not_one_a_trip() -> None:
    run = neo_terra(30)
    assert run["cached"] // max(run["caches"], 1) >= 100


def test_drone_hubs_in_the_undercity_with_heavy_patrols_find_caches_and_the_finds_go_to_the_depot() -> None:
    hubs = (Place("drone_hub", 20, 64),)
    found = neo_terra(30, ("patrol_intensity", 3), builds=hubs)
    assert found["totals"]["seized"] > 0
    assert found["cached"] < neo_terra(30)["cached"]


# --- taps ---------------------------------------------------------------------------------------

def test_tolerated_tribes_siphon_several_percent_of_the_supply() -> None:
    run = neo_terra(30)
    share = sum(run["siphoned"]) * 1000 // sum(run["supply"])
    assert share >= 20  # at least 2 % of supply, day-end readings over a month
    assert run["totals"]["tapped_kwh"] > 0


def test_collectors_under_amnesty_never_tap() -> None:
    assert sum(neo_terra(30, ("scavenger_stance", 1))["siphoned"][5:]) == 0  # once the tribes have turned collectors


# --- the underground economy ----------------------------------------------------------------------

def test_collectors_under_amnesty_deliver_as_much_as_a_drone_hub() -> None:
    run = neo_terra(30, ("scavenger_stance", 1))
    hubs = 2  # Ecolife's two uptown hubs
    assert run["totals"]["delivered"] >= run["totals"]["drone_collected"] // hubs // 3  # within a factor of three of a hub
    assert run["totals"]["smuggled"] < neo_terra(30)["totals"]["smuggled"] // 10


def test_a_crackdown_cuts_smuggling_and_costs_unrest() -> None:
    tolerated, crackdown = neo_terra(30), neo_terra(30, ("scavenger_stance", -1))
    assert crackdown["totals"]["smuggled"] < tolerated["totals"]["smuggled"] * 3 // 4
    assert sum(unrest for _, unrest in crackdown["tribes"]) > sum(unrest for _, unrest in tolerated["tribes"])


# Every stance on the story levels; the benchmark city (ten camps of 900, no story) tolerated.
@pytest.mark.sweep
@pytest.mark.parametrize(("level", "stance"), [
    *((level, stance) for level in (FIRST_LIGHT, NEO_TERRA) for stance in (-1, 0, 1)), (BENCH, 0),
])
def test_tribes_neither_starve_to_nothing_nor_explode_over_200_days(level: str, stance: int) -> None:
    sim = Simulation(load_level(LEVELS[level]))
    try:
        sim.execute(SetPolicy("scavenger_stance", stance))
        sim.step(200 * TICKS_PER_DAY)
        for tribe, camp in zip(sim.agents.tribes, sim.scenario.camps):
            floor = camp.members * sim.rules.scavenger_floor_permille // 1000
            assert floor <= tribe.members <= camp.members * sim.rules.scavenger_capacity_permille // 1000, (tribe.name, tribe.members)
            assert tribe.members > 0
    finally:
        sim.close()


# --- every policy does what its text says ---------------------------------------------------------

def test_community_recycling_lowers_the_waste_generated() -> None:
    on, off = neo_terra(10, ("community_recycling", 1)), neo_terra(10)
    # Repair and swap shops keep a tenth of it from being thrown away (hazardous waste is never kept).
    assert int(on["generated"][:HAZARDOUS].sum()) <= int(off["generated"][:HAZARDOUS].sum()) * 91 // 100


def test_criminalised_neglect_makes_ecolife_collect_hazardous_waste_keeps_it_out_of_landfills_and_fines_it() -> None:
    treatment = (Place("hazard_treatment", 61, 40), Place("hazard_treatment", 64, 40))
    on = neo_terra(20, ("criminalise_neglect", 1), builds=treatment)
    off = neo_terra(20, builds=treatment)
    assert int(on["collected"][HAZARDOUS]) > int(off["collected"][HAZARDOUS]) * 3 // 2
    untreated_on, untreated_off = neo_terra(30, ("criminalise_neglect", 1)), neo_terra(30)  # no treatment plant: the depot fills
    assert int(untreated_on["landfilled"][HAZARDOUS]) == 0 < int(untreated_off["landfilled"][HAZARDOUS])
    assert on["totals"]["inspections"] == 20 * 2  # the one landfill and the blocks, every day
    assert on["totals"]["neglect_fined"] > 0 and off["totals"]["neglect_fined"] == off["totals"]["inspections"] == 0


def test_the_ground_crews_share_their_rounds_by_the_same_weights_as_the_drones() -> None:
    from game.sim.systems.collection import waste_weights

    sim = Simulation(load_level(LEVELS[NEO_TERRA]))
    try:
        assert waste_weights(sim.world)[HAZARDOUS] == 2
        sim.execute(SetPolicy("criminalise_neglect", 1))
        weights = waste_weights(sim.world)
        assert weights[HAZARDOUS] == int(np.ceil(max(weights) * sim.rules.neglect_hazard_weight_percent / 100))
    finally:
        sim.close()
