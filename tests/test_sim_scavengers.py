"""Scavenger tribes: walkers pick waste, hide hazardous loads, tap lines; tribes answer to policy."""

from __future__ import annotations

import numpy as np

from game.sim.agents import TribeRestless
from game.sim.scenario import Camp
from game.sim.systems import scavengers
from game.sim.waste import WASTE_TYPES
from tests.worlds import TICKS_PER_DAY, at, run_system

ORGANIC, METAL, HAZARDOUS = (WASTE_TYPES.index(name) for name in ("organic", "metal", "hazardous"))
MAP = ["RRRR........", "RRRR........", "RRRR........", "............",
       "............", "............", "............", "............"]


def street(make_world, seed: int = 5, **kwargs):
    """Return a tiny world: a camp in the ruins and one housing block (no power, no drones)."""
    return make_world(MAP, at("housing", 6, 4, 100), camps=(Camp("Rust Rats", 1, 1, members=20),), seed=seed, **kwargs)


def test_walkers_go_for_metal_before_organic_waste(make_world):
    sim = make_world(MAP, at("housing", 6, 4, 100), at("housing", 9, 4, 100), camps=(Camp("Rust Rats", 1, 1, members=20),), seed=5)
    sim.waste[METAL, 4:6, 6:8] = 50
    sim.waste[ORGANIC, 4:6, 9:11] = 50
    run_system(sim, scavengers, 40)
    assert 0 < sim.waste[METAL].sum() < 200
    assert sim.waste[ORGANIC].sum() == 200  # untouched while metal was left to take


def test_hazardous_loads_end_in_caches_that_pollute_their_tile(make_world):
    sim = street(make_world, rules={"cache_emission_milli": 1000})
    sim.waste[HAZARDOUS, 4:6, 6:8] = 10
    run_system(sim, scavengers, TICKS_PER_DAY - 1)  # one day: `today` holds it all
    hidden = sim.agents.cache_total()
    assert hidden > 0
    assert sim.agents.today["smuggled"] == hidden
    assert (sim.pollution.reshape(-1)[sim.agents.sites.tiles] > 0).all()


def test_amnesty_turns_a_calm_tribe_into_collectors_who_smuggle_nothing(make_world):
    smuggled = {}
    for stance in (0, 1):
        sim = street(make_world, policies={"scavenger_stance": stance})
        sim.waste[HAZARDOUS, 4:6, 6:8] = 10
        run_system(sim, scavengers, TICKS_PER_DAY - 1)
        smuggled[stance] = sim.agents.cache_total()
        if stance == 1:
            assert sim.agents.tribes[0].collectors
            assert sim.agents.today["delivered"] > 0
            assert sim.depot[HAZARDOUS] == sim.agents.today["delivered"]
    assert smuggled[0] > 0
    assert smuggled[1] == 0


def test_crackdown_raises_unrest_and_amnesty_lowers_it(make_world):
    unrest = {}
    for stance in (-1, 0, 1):
        sim = street(make_world, policies={"scavenger_stance": stance})
        sim.step(TICKS_PER_DAY)
        unrest[stance] = sim.agents.tribes[0].unrest
    assert unrest[-1] > unrest[0] > unrest[1]


def test_a_tap_shows_as_loss_on_the_lines_network(make_world):
    rows = ["RRRR............", "RRRR............", "RRRR............", "................",
            "................", "................", "................", "................"]
    served = {}
    for members in (0, 20):
        sim = make_world(rows, at("fuel_plant", 8, 0), at("housing", 12, 0, 200), *[at("power_line", x, 3) for x in range(4, 11)],
                         camps=(Camp("Wire Eaters", 1, 1, members=members),), fuel=5_000, seed=2,
                         rules={"scavenger_tap_permille": 1000, "scavenger_tap_kw": 800, "scavenger_tap_ticks": 40})
        sim.step(30)
        network = int(sim.network[3, 5])
        served[members] = int(sim.power.served_permille[network])
        if members:
            assert sim.power.siphoned_kw[network] > 0
            assert sim.agents.today["tapped_kw"] == int(sim.power.siphoned_kw.sum())
    assert served[20] < served[0]


def test_a_hungry_tribe_shrinks_and_shows_fewer_walkers(make_world):
    sim = make_world(MAP, camps=(Camp("Rust Rats", 1, 1, members=40),), seed=1, rules={"scavenger_members_per_agent": 1})
    assert sim.agents.counts()["scavengers"] == 40
    sim.step(3 * TICKS_PER_DAY)
    assert sim.agents.tribes[0].members < 40
    assert sim.agents.counts()["scavengers"] == sim.agents.tribes[0].members


def test_a_tribe_pushed_past_the_restless_mark_is_announced(make_world):
    sim = make_world(MAP, camps=(Camp("Rust Rats", 1, 1, members=20, unrest=74),), seed=1, policies={"scavenger_stance": -1})
    sim.step(TICKS_PER_DAY)
    restless = [event for event in sim.drain_events() if isinstance(event, TribeRestless)]
    assert [event.tribe for event in restless] == ["Rust Rats"]
    assert "Rust Rats" in restless[0].message


def test_amnestied_collectors_are_paid_for_what_they_deliver(make_world):
    sim = street(make_world, policies={"scavenger_stance": 1})
    sim.waste[METAL, 4:6, 6:8] = 10
    run_system(sim, scavengers, TICKS_PER_DAY - 1)
    delivered = sim.agents.today["delivered"]
    assert delivered > 0
    assert sim.ledger.wages == delivered * sim.rules.scavenger_wage
    assert int(sim.counters.collected[METAL]) == delivered


def test_scavengers_walk_round_water_and_never_stand_in_it() -> None:
    from game.level import load_level
    from game.sim import Simulation
    from game.sim.agents import SCAVENGER
    from game.sim.terrain import WATER

    sim = Simulation(load_level("levels/02_neo_terra.toml"))  # camps across the canal from the blocks
    try:
        walked = 0
        for _ in range(10 * 24):
            sim.step()
            store = sim.agents.store
            walkers = store.col("kind") == SCAVENGER
            xs, ys = store.col("x")[walkers], store.col("y")[walkers]
            assert not (sim.terrain[ys, xs] == WATER).any(), f"a scavenger stands in water at tick {sim.tick}"
            walked += int(((xs != store.col("px")[walkers]) | (ys != store.col("py")[walkers])).sum())
        assert walked > 0
    finally:
        sim.close()


def test_the_games_street_totals_add_up_the_days_and_the_taps_kwh_add_up_the_ticks() -> None:
    import numpy as np

    from game.level import load_level
    from game.report import build_report
    from game.sim import Simulation
    from game.sim.agents import TOTAL_FIGURES
    from game.sim.commands import SetPolicy

    sim = Simulation(load_level("levels/02_neo_terra.toml"), seed=5)
    assert sim.execute(SetPolicy("scavenger_stance", -1)).ok and sim.execute(SetPolicy("patrol_intensity", 3)).ok  # fines
    days, drawn, fined = [], 0, 0
    for _ in range(TICKS_PER_DAY * 6 + 7):
        if sim.hour == 0 and sim.tick:
            days.append(dict(sim.agents.today))  # the day that ends at this midnight
            fined += sim.last_ledger.fines  # and the fines on its ledger
        taps = sim.power.siphoned_kw.copy()  # the taps this hour's share-out serves
        sim.step()
        if taps.shape == sim.power.supply_kw.shape:
            drawn += int(np.minimum(taps, sim.power.supply_kw).sum())  # what they drew (their network's supply at most)
    so_far = sim.agents.so_far()
    for name in TOTAL_FIGURES:
        assert sim.agents.totals[name] == sum(day[name] for day in days), name
        assert so_far[name] == sim.agents.totals[name] + sim.agents.today[name]
    assert so_far["tapped_kwh"] == drawn > 0 and so_far["picked_up"] > 0
    assert so_far["fined"] == fined + sim.ledger.fines > 0
    assert sim.history["tapped_kwh"][-1] == days[-1]["tapped_kwh"] and len(sim.history["cached_units"]) == len(sim.history["day"])
    report = build_report(sim, "level", sim.tick, [])
    assert report["society_totals"] == {**so_far, "cached_now": sim.agents.cache_total()}
    sim.close()


def test_tile_counts_match_numpys_unique_with_counts() -> None:
    for tiles in (np.array([7, 3, 7, 7, 1, 3, 9], np.int64), np.array([4], np.int64), np.zeros(0, np.int64)):
        distinct, counts = scavengers._tile_counts(tiles)
        expected = np.unique(tiles, return_counts=True)
        assert distinct.tolist() == expected[0].tolist() and counts.tolist() == expected[1].tolist()
