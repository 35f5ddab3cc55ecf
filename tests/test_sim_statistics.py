"""Statistics: one sample of every series per day, taken at the day's end."""

from __future__ import annotations

from worlds import TICKS_PER_DAY, at, blank

from game.sim.systems import statistics


def test_one_sample_per_day_of_every_series(make_world):
    sim = make_world(blank(8, 8), at("solar_farm", 0, 0), at("housing", 3, 0, 100))
    sim.step(TICKS_PER_DAY - 1)
    assert sum(len(values) for values in sim.history.values()) == 0
    sim.step()
    assert set(sim.history) == set(statistics.SERIES)
    assert all(len(values) == 1 for values in sim.history.values())
    sim.step(2 * TICKS_PER_DAY)
    assert all(len(values) == 3 for values in sim.history.values())
    assert sim.history["day"] == [1, 2, 3]


def test_samples_are_integers_and_match_the_city_at_the_day_end(make_world):
    sim = make_world(blank(8, 8), at("solar_farm", 0, 0), at("housing", 3, 0, 100))
    sim.step(TICKS_PER_DAY)
    for name, values in sim.history.items():
        assert all(type(value) is int for value in values), name
    assert sim.history["funds"][-1] == sim.funds
    assert sim.history["population"][-1] == sim.population
    assert sim.history["resident_contentment"][-1] == sim.resident_contentment
    assert sim.history["waste_uncollected"][-1] == int(sim.waste.sum())
    assert sim.history["power_demand_kw"][-1] == int(sim.power.demand_kw.sum())
    assert sim.history["food"][-1] == sim.resources["food"]


def test_sample_names_are_the_series(make_world):
    sim = make_world(blank(4, 4))
    assert tuple(statistics.sample(sim)) == statistics.SERIES


def test_a_history_within_the_limit_is_kept_whole(make_world):
    sim = make_world(blank(4, 4))
    sim.history = {"day": list(range(1, statistics.HISTORY_LIMIT))}
    sim.tick = (statistics.HISTORY_LIMIT - 1) * TICKS_PER_DAY
    sim.step(TICKS_PER_DAY)
    assert sim.history["day"] == list(range(1, statistics.HISTORY_LIMIT + 1))


def test_past_the_limit_recent_days_stay_daily_and_older_ones_thin_out(make_world):
    sim = make_world(blank(4, 4))
    sim.history = {name: list(range(1, statistics.HISTORY_LIMIT + 1)) for name in statistics.SERIES}
    sim.tick = statistics.HISTORY_LIMIT * TICKS_PER_DAY
    sim.step(TICKS_PER_DAY)
    days = sim.history["day"]
    assert len(days) <= statistics.HISTORY_LIMIT
    assert days[0] == 1 and days[-1] == statistics.HISTORY_LIMIT + 1
    assert days[-statistics.RECENT_DAYS:] == list(range(statistics.HISTORY_LIMIT + 2 - statistics.RECENT_DAYS, statistics.HISTORY_LIMIT + 2))
    assert days[1] - days[0] == 2  # the older part keeps every second day
    assert all(len(values) == len(days) for values in sim.history.values())


def test_a_history_of_any_length_is_thinned_within_the_limit():
    days = list(range(1, 400_001))
    kept = statistics.thinned(days)
    assert len(kept) <= statistics.HISTORY_LIMIT
    assert kept[0] == 1 and kept[-statistics.RECENT_DAYS:] == days[-statistics.RECENT_DAYS:]
    assert kept == sorted(set(kept))
