"""The story_events system: each tick a waiting event past its deadline takes its default choice
(`timeouts`), and an event just answered fires its first sequel whose trigger holds (`sequels`);
at day end, the first event (in table order) whose trigger holds fires, if none is waiting and the
gap since the last answer is over (`run`). An event fires offering the choices whose
`offered_when` conditions hold then. A sequel (an event that `follows` another) fires only as one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.sim.cadence import TICKS_PER_DAY
from game.sim.story import StoryEvent, StoryEventFired
from game.sim.story_effects import holds, offered

if TYPE_CHECKING:
    from game.sim.world import World


def timeouts(world: World) -> None:
    """A waiting event past its deadline takes its default choice."""
    story = world.story
    if story.active is not None and world.tick >= story.active.deadline_tick:
        default = story.definition(story.active.event_id).default
        story.take(world, default, "timeout")


def sequels(world: World) -> None:
    """Fire at once the first sequel of the event answered this tick whose trigger holds: no day end, no gap."""
    story = world.story
    if story.active is not None or not story.choices or not world.outcome.goes_on:
        return
    tick, answered, _choice, _how = story.choices[-1]
    if tick != world.tick:
        return
    for event in story.sequels(answered):
        if _ready(world, event):
            _fire(world, event)
            return


def run(world: World) -> None:
    """At day end, fire the first event whose trigger holds, if none is waiting."""
    story = world.story
    if story.active is not None or not world.outcome.goes_on:
        return
    if story.choices and world.tick < story.choices[-1][0] + world.rules.event_gap_days * TICKS_PER_DAY:
        return
    for event in story.events:
        if not event.follows and _ready(world, event):
            _fire(world, event)
            return


def _ready(world: World, event: StoryEvent) -> bool:
    """Return whether `event` may fire now and every condition of its trigger holds."""
    return world.story.may_fire(event, world.tick) and all(holds(world, condition) for condition in event.trigger)


def _fire(world: World, event: StoryEvent) -> None:
    """Make `event` the one waiting, offering what its choices' conditions allow now, and announce it."""
    active = world.story.fire(event, world.tick, _timeout(world), offered(world, event))
    world.emit(StoryEventFired(event.id, event.title, active.deadline_tick))


def _timeout(world: World) -> int:
    """Return how long an event fired now waits: never past the eve of the next election's count.

    The vote is counted at the election day's last tick; an answer (or its default) must be in
    by the tick before, or a debate stance would only count for the next campaign.
    """
    timeout = world.rules.event_timeout_ticks
    election_day = world.politics.next_election_day()
    if election_day is not None:
        timeout = min(timeout, election_day * TICKS_PER_DAY - 2 - world.tick)
    return max(1, timeout)
