"""Goals and outcome, once a day: losing conditions first, then the level's targets and deadline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.sim.events import LevelEnded

if TYPE_CHECKING:
    from game.sim.simulation import Simulation


def _end(sim: Simulation, status: str, reason: str) -> None:
    sim.outcome.status = status
    sim.outcome.reason = reason
    sim.emit(LevelEnded(status, reason))


def losing_reason(sim: Simulation) -> str | None:
    """Update the losing streaks and return why the level is lost, or None."""
    rules = sim.rules
    sim.streaks.bankrupt = sim.streaks.bankrupt + 1 if sim.funds < 0 else 0
    dark = sim.served_percent_today() < rules.dark_served_percent
    sim.streaks.dark = sim.streaks.dark + 1 if dark else 0
    if rules.bankrupt_days and sim.streaks.bankrupt >= rules.bankrupt_days:
        return f"bankrupt: the treasury was in debt for {sim.streaks.bankrupt} days"
    if rules.dark_days and sim.streaks.dark >= rules.dark_days:
        return f"the city was left dark for {sim.streaks.dark} days"
    defeat = sim.politics.lost_election()
    if defeat is not None and sim.scenario.politics.lose_on_defeat:
        return f"voted out on day {defeat.day}: {defeat.vote_percent}% of the vote"
    if rules.pollution_catastrophe_mean and sim.metric("pollution_mean") >= rules.pollution_catastrophe_mean:
        return f"pollution catastrophe: mean pollution reached {sim.metric('pollution_mean')}"
    return None


def run(sim: Simulation) -> None:
    """Decide at each day's end whether the level is won or lost."""
    if not sim.is_day_end or sim.outcome.status != "running":
        return
    reason = losing_reason(sim)
    if reason is not None:
        _end(sim, "lost", reason)
        return
    goals = sim.scenario.goals
    day = sim.day + 1  # the day now ending, counted from 1
    if goals.targets:
        if all(target.holds(sim.metric(target.metric)) for target in goals.targets):
            sim.streaks.goals += 1
        else:
            sim.streaks.goals = 0
        if sim.streaks.goals >= goals.hold_days:
            met = "; ".join(target.describe() for target in goals.targets)
            _end(sim, "won", f"goals met on day {day}: {met}")
            return
    if goals.deadline_day and day >= goals.deadline_day:
        _end(sim, "lost", f"day {goals.deadline_day} came and the goals were not met")
