"""The story_events system: each tick a waiting event past its deadline takes its default choice;
at day end, the first event (in table order) whose trigger holds fires, if none is waiting."""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.sim.story import StoryEventFired
from game.sim.story_effects import holds

if TYPE_CHECKING:
    from game.sim.simulation import Simulation


def run(sim: Simulation) -> None:
    """Advance this system by one tick."""
    story = sim.story
    if story.active is not None and sim.tick >= story.active.deadline_tick:
        default = story.definition(story.active.event_id).default
        story.take(sim, default, "timeout")
    if not sim.is_day_end or story.active is not None or sim.outcome.status != "running":
        return
    if story.choices and sim.tick < story.choices[-1][0] + sim.rules.event_gap_days * 24:
        return
    for event in story.events:
        if story.may_fire(event, sim.tick) and all(holds(sim, condition) for condition in event.trigger):
            active = story.fire(event, sim.tick, _timeout(sim))
            sim.emit(StoryEventFired(event.id, event.title, active.deadline_tick))
            return


def _timeout(sim: Simulation) -> int:
    """Return how long an event fired now waits: never past the eve of the next election's count.

    The vote is counted at the election day's last tick; an answer (or its default) must be in
    by the tick before, or a debate stance would only count for the next campaign.
    """
    timeout = sim.rules.event_timeout_ticks
    election_day = sim.politics.next_election_day()
    if election_day is not None:
        timeout = min(timeout, election_day * 24 - 2 - sim.tick)
    return max(1, timeout)
