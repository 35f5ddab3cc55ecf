"""The level's `[events]` section (format 2): which shipped story events run, and the level's own events.

    [events]
    disable = ["tycoon"]              # or: enable = ["discovery", "cache"] (only these shipped ones)

    [[events.custom]]
    id = "audit"
    title = "The auditor calls"
    text = "..."
    cast = ["Ahmad"]
    trigger = [{kind = "metric", metric = "caches", at_least = 50}, {kind = "day_at_least", at_least = 5}]

    [[events.custom.choices]]
    id = "pay"
    label = "Pay"
    explanation = "..."
    default = true
    effects = [{kind = "funds", amount = -2000}, {kind = "policy", policy = "transparency", value = 1}]

A custom event has the schema of the shipped ones (game/data/events.py's StoryEventEntry, checked by
its `events_problems`), so it may also say `once = false` and `cooldown_days`; a level adds only
that its ids are new. Every problem is one line naming its
field path, e.g.
`events.custom[1].choices[0].effects[2].kind: unknown effect 'explode'; known: funds, policy, ...`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from pydantic import BaseModel, Field, ValidationError

from game.data.events import StoryEventEntry, events_problems
from game.data.field_errors import schema_errors, unknown
from game.data.models import STRICT, Name
from game.level.problems import Problems
from game.sim.scenario import EventSetup
from game.sim.story import EVENTS, MAX_EVENTS, event_from_entry, vocabulary


class EventsSection(BaseModel):
    """`[events]`: shipped events enabled (only these) or disabled, and the level's own."""

    model_config = STRICT

    enable: Annotated[list[Name], Field(max_length=MAX_EVENTS)] | None = None
    """Run only these shipped events (an empty array: none of them)."""
    disable: Annotated[list[Name], Field(max_length=MAX_EVENTS)] = Field(default_factory=list)
    """Shipped events not to run."""
    custom: Annotated[list[StoryEventEntry], Field(max_length=MAX_EVENTS)] = Field(default_factory=list)
    """The level's own story events, in the shipped events' schema (game/data/events.py)."""


SHIPPED_IDS: tuple[str, ...] = tuple(event.id for event in EVENTS)


def events_setup(section: Any, problems: Problems) -> EventSetup | None:
    """Return which story events this level runs, or None after adding each problem (one line, field path first)."""
    try:
        parsed = EventsSection.model_validate({} if section is None else section)
    except ValidationError as error:
        problems.extend(schema_errors(error, ("events",), EventsSection))
        return None
    found: list[tuple[Sequence[str | int], str]] = []
    for key, ids in (("enable", parsed.enable or []), ("disable", parsed.disable)):
        for index, event_id in enumerate(ids):
            if event_id not in SHIPPED_IDS:
                found.append((("events", key, index), unknown("event", event_id, SHIPPED_IDS)))
    choices = {event.id: tuple(choice.id for choice in event.choices) for event in EVENTS}
    choices.update({entry.id: tuple(choice.id for choice in entry.choices) for entry in parsed.custom})
    found += events_problems(parsed.custom, ("events", "custom"), vocabulary(choices), SHIPPED_IDS)
    for location, message in found:
        problems.at_field(location, message)
    if found:
        return None
    enabled = None if parsed.enable is None else tuple(parsed.enable)
    custom = tuple(event_from_entry(entry) for entry in parsed.custom)
    return EventSetup(enabled=enabled, disabled=tuple(parsed.disable), custom=custom)
