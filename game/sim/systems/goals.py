"""Goals and outcome, once a day: losing conditions first, then the level's targets, what is out of reach, and the deadline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.sim.events import LevelEnded
from game.sim.scenario import GoalTarget
from game.sim.state import MAX_STREAK_DAYS

if TYPE_CHECKING:
    from game.sim.world import World

ELECTION_METRICS = ("elections_won", "elections_lost")  # grow by one at an election, never fall
# Metrics that only ever grow: past a target's at_most, nothing brings them back.
GROWING_METRICS = (*ELECTION_METRICS, "scandals", "recycled_total", "day")
OUT_OF_REACH = "a goal can no longer be met"  # how the reason of a level lost so begins


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


def out_of_reach(world: World, day: int) -> str | None:
    """Return why the level's goals can no longer all be met at the end of day `day` (from 1), or None while they can."""
    goals = world.scenario.goals
    deadline = goals.deadline_day
    for target in goals.targets:
        why = _target_out_of_reach(world, target, deadline)
        if why is not None:
            return f"{target.describe()}: {why}"
    if deadline and day < deadline:
        # The streak after this day end, plus one more for each day end up to the deadline's.
        best = world.streaks.goals + deadline - day
        if best < goals.hold_days:
            return (
                f"the goals must hold for {goals.hold_days} day-ends in a row, and at most {best} "
                f"can pass by the deadline on day {deadline}"
            )
    return None


def at_risk(world: World) -> list[tuple[str, str]]:
    """Return (metric, what the step is) for each target one step from out of reach (a scandal too many, an election lost)."""
    goals = world.scenario.goals
    risks = []
    for target in goals.targets:
        value = world.metric(target.metric)
        if target.metric in GROWING_METRICS and target.at_most is not None and value == target.at_most:
            risks.append((target.metric, f"{target.describe()}: one more and it can no longer be met"))
        if target.metric in ELECTION_METRICS and target.at_least is not None and value < target.at_least:
            left = world.politics.elections_due_by(goals.deadline_day) if goals.deadline_day else None
            if left is not None and left == target.at_least - value:
                risks.append((target.metric, f"{target.describe()}: every election left must be won"))
    return risks


def _target_out_of_reach(world: World, target: GoalTarget, deadline: int) -> str | None:
    """Return why `target` can never hold again before `deadline` (0: none), or None while it might."""
    value = world.metric(target.metric)
    if target.metric in GROWING_METRICS and target.at_most is not None and value > target.at_most:
        return f"it is already {value:,}, and it never goes down"
    if target.metric in ELECTION_METRICS and target.at_least is not None and value < target.at_least:
        politics = world.politics
        needed = target.at_least - value
        if deadline:
            left = politics.elections_due_by(deadline)
            before = f"before the deadline on day {deadline}"
        else:  # without a deadline the elections go on for ever, if there are any
            left = needed if politics.next_election_day() is not None else 0
            before = "in this level"
        if left < needed:
            elections = "no election is" if left == 0 else "only 1 election is" if left == 1 else f"only {left} elections are"
            return f"{value} so far and {needed} more needed, but {elections} left {before}"
    return None


def run(world: World) -> None:
    """Decide at each day's end whether the level is won or lost (never once it has ended, nor in a city played on)."""
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
        unreachable = out_of_reach(world, day)
        if unreachable is not None:
            _end(world, "lost", f"{OUT_OF_REACH} on day {day}: {unreachable}")
            return
    if goals.deadline_day and day >= goals.deadline_day:
        _end(world, "lost", f"day {goals.deadline_day} came and the goals were not met")
