"""Goals and outcome: won when the targets hold long enough; lost at the deadline or by disaster."""

from __future__ import annotations

from worlds import TICKS_PER_DAY, Goals, GoalTarget, at, blank

from game.sim.events import LevelEnded
from game.sim.politics import Scandal
from game.sim.scenario import PoliticsSetup

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


def test_an_election_goal_that_too_few_elections_remain_for_is_lost_at_once_with_the_reason(make_world):
    sim = make_world(
        blank(6, 6),
        goals=Goals(targets=(GoalTarget("elections_won", at_least=2),), deadline_day=25),
        politics=PoliticsSetup(election_every_days=10, lose_on_defeat=False),
    )
    sim.step(9 * TICKS_PER_DAY)
    sim.politics.approval[:] = 10  # the vote of day 10 is lost; only day 20's remains before the deadline
    end_day(sim)
    assert sim.politics.elections[-1].won is False
    assert sim.outcome.status == "lost"
    assert sim.outcome.reason == (
        "a goal can no longer be met on day 10: elections won at least 2: 0 so far and 2 more needed, "
        "but only 1 election is left before the deadline on day 25"
    )
    assert ended(sim) == [LevelEnded("lost", sim.outcome.reason)]


def test_an_election_goal_stays_open_while_enough_elections_remain(make_world):
    sim = make_world(
        blank(6, 6),
        goals=Goals(targets=(GoalTarget("elections_won", at_least=2),), deadline_day=30),
        politics=PoliticsSetup(election_every_days=10, lose_on_defeat=False),
    )
    sim.step(9 * TICKS_PER_DAY)
    sim.politics.approval[:] = 10
    end_day(sim)
    assert sim.politics.elections[-1].won is False and sim.outcome.status == "running"  # days 20 and 30 remain


def test_an_election_goal_in_a_level_without_elections_is_lost_on_the_first_day(make_world):
    sim = make_world(blank(6, 6), goals=Goals(targets=(GoalTarget("elections_won", at_least=1),)))
    end_day(sim)
    assert sim.outcome.status == "lost"
    assert sim.outcome.reason.endswith("elections won at least 1: 0 so far and 1 more needed, but no election is left in this level")


def test_goals_that_must_hold_longer_than_the_days_left_are_lost_at_once(make_world):
    sim = make_world(blank(6, 6), goals=Goals(targets=(RICH,), hold_days=5, deadline_day=3))
    end_day(sim)
    assert sim.outcome.status == "lost"
    assert sim.outcome.reason == (
        "a goal can no longer be met on day 1: the goals must hold for 5 day-ends in a row, "
        "and at most 3 can pass by the deadline on day 3"
    )


def test_a_broken_streak_too_close_to_the_deadline_is_lost_at_once(make_world):
    sim = make_world(blank(6, 6), goals=Goals(targets=(RICH,), hold_days=3, deadline_day=5))
    sim.funds = 5_000
    end_day(sim)
    end_day(sim)
    assert sim.outcome.status == "running"  # days 3, 4 and 5 can still make three in a row
    end_day(sim)
    assert sim.outcome.status == "lost"
    assert sim.outcome.reason == (
        "a goal can no longer be met on day 3: the goals must hold for 3 day-ends in a row, "
        "and at most 2 can pass by the deadline on day 5"
    )


def test_a_growing_metric_past_its_most_is_lost_at_once(make_world):
    sim = make_world(blank(6, 6), goals=Goals(targets=(GoalTarget("scandals", at_most=0), GoalTarget("population", at_least=1)), deadline_day=20))
    end_day(sim)
    assert sim.outcome.status == "running"
    sim.politics.scandals.append(Scandal(1, "a leak", 100, 5))
    end_day(sim)
    assert sim.outcome.status == "lost"
    assert sim.outcome.reason == "a goal can no longer be met on day 2: scandals at most 0: it is already 1, and it never goes down"


def test_hazardous_waste_past_its_most_can_still_come_down(make_world):
    sim = make_world(blank(6, 6), goals=Goals(targets=(GoalTarget("hazardous_untreated", at_most=10),), deadline_day=20))
    sim.counters.landfilled[4] = 500  # buried, and a landfill's hazardous waste can be dug out again
    end_day(sim)
    assert sim.outcome.status == "running"
