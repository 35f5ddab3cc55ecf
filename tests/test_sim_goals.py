"""Goals and outcome: won when the targets hold long enough; lost at the deadline or by disaster."""

from __future__ import annotations

from worlds import TICKS_PER_DAY, Goals, GoalTarget, at, blank

from game.sim.events import LevelEnded

RICH = GoalTarget("funds", at_least=10_000)


def end_day(sim) -> None:
    """Step through the rest of the current day, its last tick included."""
    sim.step(TICKS_PER_DAY - sim.hour)


def ended(sim) -> list[LevelEnded]:
    """Return the LevelEnded events since the last drain."""
    return [e for e in sim.drain_events() if isinstance(e, LevelEnded)]


def test_the_level_is_won_when_the_targets_hold_for_the_hold_days(make_world):
    sim = make_world(blank(6, 6), goals=Goals(targets=(RICH,), hold_days=3))
    end_day(sim)
    end_day(sim)
    assert sim.outcome.status == "running"
    assert ended(sim) == []
    end_day(sim)
    assert sim.outcome.status == "won"
    assert "day 3" in sim.outcome.reason
    assert ended(sim) == [LevelEnded("won", sim.outcome.reason)]


def test_a_broken_streak_starts_again(make_world):
    sim = make_world(blank(6, 6), goals=Goals(targets=(RICH,), hold_days=2))
    end_day(sim)
    sim.funds = 5_000  # below the target for day 2
    end_day(sim)
    sim.funds = 50_000
    end_day(sim)
    assert sim.outcome.status == "running"
    end_day(sim)
    assert sim.outcome.status == "won"


def test_every_target_must_hold(make_world):
    sim = make_world(
        blank(6, 6),
        goals=Goals(targets=(RICH, GoalTarget("population", at_least=1)), hold_days=1, deadline_day=3),
    )
    end_day(sim)
    assert sim.outcome.status == "running"


def test_the_level_is_lost_when_the_deadline_passes(make_world):
    sim = make_world(blank(6, 6), goals=Goals(targets=(GoalTarget("population", at_least=1),), deadline_day=2))
    end_day(sim)
    assert sim.outcome.status == "running"
    end_day(sim)
    assert sim.outcome.status == "lost"
    assert "day 2" in sim.outcome.reason


def test_meeting_the_targets_on_the_deadline_day_still_wins(make_world):
    sim = make_world(blank(6, 6), goals=Goals(targets=(RICH,), hold_days=2, deadline_day=2))
    end_day(sim)
    end_day(sim)
    assert sim.outcome.status == "won"


def test_a_treasury_in_debt_for_too_long_loses(make_world):
    sim = make_world(blank(6, 6), funds=-100, rules={"bankrupt_days": 2})
    end_day(sim)
    assert sim.outcome.status == "running"
    end_day(sim)
    assert sim.outcome.status == "lost"
    assert "bankrupt" in sim.outcome.reason


def test_a_city_left_dark_for_too_long_loses(make_world):
    sim = make_world(blank(6, 6), at("housing", 0, 0, 200), rules={"dark_days": 2})
    end_day(sim)
    assert sim.outcome.status == "running"
    end_day(sim)
    assert sim.outcome.status == "lost"
    assert "dark" in sim.outcome.reason


def test_a_pollution_catastrophe_loses(make_world):
    sim = make_world(blank(6, 6), rules={"pollution_catastrophe_mean": 1_000})
    sim.step(TICKS_PER_DAY - 1)
    sim.pollution[:] = 5_000
    sim.step()
    assert sim.outcome.status == "lost"
    assert "pollution" in sim.outcome.reason


def test_a_losing_condition_set_to_zero_is_off(make_world):
    sim = make_world(blank(6, 6), funds=-100, rules={"bankrupt_days": 0})
    for _ in range(5):
        end_day(sim)
    assert sim.outcome.status == "running"


def test_an_ended_level_stays_ended(make_world):
    sim = make_world(blank(6, 6), funds=-100, rules={"bankrupt_days": 1})
    end_day(sim)
    assert sim.outcome.status == "lost"
    reason = sim.outcome.reason
    sim.drain_events()
    sim.funds = 1_000_000
    end_day(sim)
    assert (sim.outcome.status, sim.outcome.reason) == ("lost", reason)
    assert ended(sim) == []
