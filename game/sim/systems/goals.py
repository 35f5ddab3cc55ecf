"""Goals and outcome, once a day: losing conditions first, then the level's targets and deadline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.sim.events import LevelEnded
from game.sim.state import MAX_STREAK_DAYS

if TYPE_CHECKING:
    from game.sim.world import World


def _end(world: World, status: str, reason: str) -> None:
    world.outcome.status = status
    world.outcome.reason = reason
    world.emit(LevelEnded(status, reason))


def losing_reason(world: World) -> str | None:
    """Update the losing streaks and return why the level is lost, or None."""
    rules = world.rules
    world.streaks.bankrupt = min(MAX_STREAK_DAYS, world.streaks.bankrupt + 1) if world.funds < 0 else 0
    dark = world.served_percent_today() < rules.dark_served_percent
    world.streaks.dark = min(MAX_STREAK_DAYS, world.streaks.dark + 1) if dark else 0
    if rules.bankrupt_days and world.streaks.bankrupt >= rules.bankrupt_days:
        return f"bankrupt: the treasury was in debt for {world.streaks.bankrupt} days"
    if rules.dark_days and world.streaks.dark >= rules.dark_days:
        return f"the city was left dark for {world.streaks.dark} days"
    defeat = world.politics.lost_election()
    if defeat is not None and world.scenario.politics.lose_on_defeat:
        return f"voted out on day {defeat.day}: {defeat.vote_percent}% of the vote"
    if rules.pollution_catastrophe_mean and world.metric("pollution_mean") >= rules.pollution_catastrophe_mean:
        return f"pollution catastrophe: mean pollution reached {world.metric('pollution_mean')}"
    return None


def run(world: World) -> None:
    """Decide at each day's end whether the level is won or lost."""
    if world.outcome.status != "running":
        return
    reason = losing_reason(world)
    if reason is not None:
        _end(world, "lost", reason)
        return
    goals = world.scenario.goals
    day = world.day + 1  # the day now ending, counted from 1
    if goals.targets:
        if all(target.holds(world.metric(target.metric)) for target in goals.targets):
            world.streaks.goals += 1
        else:
            world.streaks.goals = 0
        if world.streaks.goals >= goals.hold_days:
            met = "; ".join(target.describe() for target in goals.targets)
            _end(world, "won", f"goals met on day {day}: {met}")
            return
    if goals.deadline_day and day >= goals.deadline_day:
        _end(world, "lost", f"day {goals.deadline_day} came and the goals were not met")
