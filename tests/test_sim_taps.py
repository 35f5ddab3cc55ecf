"""Power taps: unexplained loss until security drones find them, then on record; a crackdown cuts them."""

from __future__ import annotations

import numpy as np

from game.level.save import load_game, save_game
from game.report import build_report
from game.sim.agents import HOME, SCAVENGER, TAP, TapsFound
from game.sim.commands import Demolish, SetPolicy
from game.sim.systems import taps
from game.sim.view import CityView
from tests.worlds import LINE_Y, TAP_KW, TAP_X, TICKS_PER_DAY, tap_the_line
from tests.worlds import tap_grid as grid

# The tap world (tests/worlds.py, `tap_grid`): one line along row 3, a drone hub whose patrols search
# the whole map, and walkers that stay home unless `tap_the_line` sends one to tap it.


def found_events(sim) -> list[TapsFound]:
    """Return the TapsFound events since the last drain."""
    return [event for event in sim.drain_events() if isinstance(event, TapsFound)]


def test_a_tap_nobody_found_is_unexplained_loss_on_its_network(make_world):
    sim = grid(make_world, policies={"patrol_intensity": 0})  # no patrols: nobody looks
    tap_the_line(sim)
    sim.step(1)  # the walkers act on the round's first tick: the tap draws
    network = int(sim.network[LINE_Y, TAP_X])
    figures = taps.balance(sim.world)
    assert int(sim.power.siphoned_kw[network]) == TAP_KW
    assert int(figures.unexplained_kw[network]) == TAP_KW and int(figures.found_kw.sum()) == 0
    assert sim.power.tap_tiles.tolist() == [LINE_Y * sim.width + TAP_X] and sim.power.tap_kw.tolist() == [TAP_KW]
    sim.step(3 * TICKS_PER_DAY)
    assert sim.agents.taps.tiles.size == 0 and sim.agents.so_far()["taps_found"] == 0
    # Where the supply went adds up on every network.
    figures = taps.balance(sim.world)
    np.testing.assert_array_equal(figures.delivered_kw + figures.found_kw + figures.unexplained_kw + figures.spare_kw, figures.supply_kw)


def test_a_security_drone_patrolling_the_cell_finds_the_tap(make_world):
    sim = grid(make_world)
    tap_the_line(sim)
    sim.step(3)  # tick 0 the tap draws, tick 1 the drones take a patrol leg, tick 2 they search
    tile = LINE_Y * sim.width + TAP_X
    sites = sim.agents.taps
    assert sites.tiles.tolist() == [tile] and [(tap.x, tap.y, tap.found_tick) for tap in sites.taps] == [(TAP_X, LINE_Y, 2)]
    assert found_events(sim) == [TapsFound(1, TAP_KW, cut=False, today=1)]
    assert sim.agents.today["taps_found"] == 1 and sim.agents.so_far()["taps_found"] == 1
    network = int(sim.network[LINE_Y, TAP_X])
    figures = taps.balance(sim.world)
    assert int(figures.found_kw[network]) == TAP_KW and int(figures.unexplained_kw.sum()) == 0
    assert figures.tap_kw.tolist() == [TAP_KW] and figures.tap_networks.tolist() == [network]
    assert int(sim.power.siphoned_kw[network]) == TAP_KW  # tolerated: it goes on drawing, known now
    report = build_report(sim, "tiny", sim.tick, [])
    assert report["society_totals"]["taps_found"] == 1
    assert report["power"]["found_taps"] == 1 and report["power"]["found_tap_kw"] == TAP_KW and report["power"]["unexplained_loss_kw"] == 0
    sim.step(TICKS_PER_DAY)
    assert sim.agents.taps.tiles.tolist() == [tile]  # on record while the line stands
    assert sim.agents.yesterday["taps_found"] == 1 and not found_events(sim)  # found once, not again


def test_a_walker_on_its_way_to_the_line_is_not_a_found_tap(make_world):
    sim = grid(make_world, rules={"scavenger_speed": 1})
    row = tap_the_line(sim)
    sim.agents.store.col("tx")[row] = TAP_X + 5  # still walking to the tile it will tap, a tile a tick
    sim.step(3)
    assert sim.agents.taps.tiles.size == 0 and not found_events(sim)


def test_under_a_crackdown_a_found_tap_is_cut_and_walkers_leave_its_tile_alone(make_world):
    sim = grid(make_world, rules={"scavenger_tap_permille": 1000}, policies={"scavenger_stance": -1})
    row = tap_the_line(sim)
    store = sim.agents.store
    others = np.flatnonzero(store.col("kind") == SCAVENGER)[1:]
    store.col("timer")[others] = 500  # resting at the camp for now
    sim.step(3)
    assert found_events(sim) == [TapsFound(1, TAP_KW, cut=True, today=1)]
    assert store.col("state")[row] == HOME  # sent home at once
    assert int(sim.power.siphoned_kw.sum()) == 0 and sim.power.tap_tiles.size == 0  # the draw stopped
    assert int(taps.balance(sim.world).unexplained_kw.sum()) == 0
    sim.execute(SetPolicy("patrol_intensity", 0))  # no more finds: the walkers tap what they like
    store.col("timer")[others] = 0
    targets = set()
    for _ in range(2 * TICKS_PER_DAY):
        sim.step()
        tapping = (store.col("kind") == SCAVENGER) & (store.col("state") == TAP)
        targets |= set(zip(store.col("tx")[tapping].tolist(), store.col("ty")[tapping].tolist()))
    assert targets and (TAP_X, LINE_Y) not in targets and sim.agents.taps.tiles.size == 1


def test_a_crackdown_declared_later_cuts_the_taps_found_before(make_world):
    sim = grid(make_world)
    row = tap_the_line(sim)
    sim.step(3)
    assert sim.agents.taps.tiles.size == 1 and sim.agents.store.col("state")[row] == TAP
    sim.execute(SetPolicy("scavenger_stance", -1))
    sim.step(1)
    assert sim.agents.store.col("state")[row] == HOME and int(sim.power.siphoned_kw.sum()) == 0


def test_found_taps_come_back_from_a_save_and_a_fork_with_the_same_hash(make_world, tmp_path):
    sim = grid(make_world)
    tap_the_line(sim)
    sim.step(3)
    assert sim.agents.taps.tiles.size == 1
    save_game(sim, tmp_path / "taps.save")
    loaded, forked = load_game(tmp_path / "taps.save"), sim.fork()
    try:
        assert loaded.state_hash() == forked.state_hash() == sim.state_hash()
        assert [tap.found_tick for tap in loaded.agents.taps.taps] == [2]
        assert CityView(loaded).power == CityView(sim).power
        for game in (sim, loaded, forked):
            game.step(TICKS_PER_DAY)
        assert loaded.state_hash() == forked.state_hash() == sim.state_hash()
    finally:
        loaded.close()
        forked.close()


def test_demolishing_the_line_drops_the_found_tap(make_world):
    sim = grid(make_world)
    tap_the_line(sim)
    sim.step(3)
    assert sim.agents.taps.tiles.size == 1
    assert sim.execute(Demolish(TAP_X, LINE_Y)).ok
    sim.step(1)
    assert sim.agents.taps.tiles.size == 0
    assert int(taps.balance(sim.world).found_kw.sum()) == 0


def test_a_network_that_gives_less_than_its_taps_ask_shares_its_supply_among_them(make_world):
    sim = grid(make_world)
    tap_the_line(sim)
    sim.step(3)  # the tap at TAP_X is found
    network = int(sim.network[LINE_Y, TAP_X])
    power = sim.power
    # A second, unfound tap on the same line asks as much, and the network has only 150 kW to give.
    power.tap_tiles = np.array([LINE_Y * sim.width + TAP_X, LINE_Y * sim.width + TAP_X + 2], np.int64)
    power.tap_kw = np.array([TAP_KW, TAP_KW], np.int64)
    power.siphoned_kw, power.supply_kw = power.siphoned_kw.copy(), power.supply_kw.copy()  # (the power system's arrays are read-only)
    power.siphoned_kw[network] = 2 * TAP_KW
    power.supply_kw[network] = 150
    figures = taps.balance(sim.world)
    assert figures.tap_kw.tolist() == [75] and int(figures.found_kw[network]) == 75 and int(figures.unexplained_kw[network]) == 75
    assert int(figures.delivered_kw[network]) == int(figures.spare_kw[network]) == 0


def test_finding_and_cutting_taps_keep_to_the_schedules_declared_access(make_world):
    hashes = []
    for checked in (True, False):
        sim = grid(make_world, rules={"scavenger_tap_permille": 300})
        sim.check_access = checked
        tap_the_line(sim)
        sim.step(3)
        sim.execute(SetPolicy("scavenger_stance", -1))
        sim.step(TICKS_PER_DAY)
        assert sim.agents.so_far()["taps_found"] >= 1
        hashes.append(sim.state_hash())
    assert hashes[0] == hashes[1]


def test_the_views_power_figures_and_found_taps_are_the_simulations_numbers(make_world):
    from game.sim.view import FoundTap

    sim = grid(make_world, rules={"scavenger_tap_permille": 300})
    tap_the_line(sim)
    city = CityView(sim)
    unexplained_seen = found_seen = False
    for _ in range(2 * TICKS_PER_DAY):
        sim.step()
        figures, shown = taps.balance(sim.world), city.power
        assert (shown.supply_kw, shown.demand_kw, shown.served_percent) == (int(sim.power.supply_kw.sum()), int(sim.power.demand_kw.sum()), sim.served_percent())
        assert shown.delivered_kw == int(figures.delivered_kw.sum()) and shown.spare_kw == int(figures.spare_kw.sum())
        assert shown.unexplained_kw == int(figures.unexplained_kw.sum()) and shown.found_tap_kw == int(figures.found_kw.sum())
        assert shown.supply_kw == shown.delivered_kw + shown.found_tap_kw + shown.unexplained_kw + shown.spare_kw
        assert city.found_taps() == tuple(
            FoundTap(tap.x, tap.y, tap.found_tick, int(sim.network[tap.y, tap.x]), kw) for tap, kw in zip(sim.agents.taps.taps, figures.tap_kw.tolist())
        )
        assert shown.found_taps == len(city.found_taps()) == int(city.found_tap_tiles.sum())
        np.testing.assert_array_equal(city.network_unexplained_kw, figures.unexplained_kw)
        report = build_report(sim, "tiny", sim.tick, [])["power"]
        assert (report["delivered_kw"], report["unexplained_loss_kw"], report["found_tap_kw"]) == (shown.delivered_kw, shown.unexplained_kw, shown.found_tap_kw)
        unexplained_seen |= shown.unexplained_kw > 0
        found_seen |= shown.found_tap_kw > 0
    assert unexplained_seen and found_seen
