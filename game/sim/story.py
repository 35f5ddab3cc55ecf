"""Story events: their definitions (conditions, choices, effects as plain data), and the Story state.

Conditions and effects are a small closed set of kinds with numbers, never code read from a file;
game/sim/story_effects.py evaluates and applies them. `EVENTS` (at the end) is the shipped table,
read from game/data/events.toml with the schema a level's own events use (game/data/events.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from game.data.events import (
    MAX_CHOICES,
    MAX_ITEMS,
    TICKS_EFFECTS,
    ConditionEntry,
    EffectEntry,
    EventsFile,
    EventVocabulary,
    PolicyRange,
    StoryEventEntry,
    events_problems,
)
from game.data.loader import content_error, read_table
from game.data.models import MAX_TEXT
from game.sim.buildings import BUILDING_INDEX
from game.sim.cadence import TICKS_PER_DAY
from game.sim.checks import (
    SnapshotError,
    checked_dict,
    checked_int,
    checked_list,
    checked_str,
)
from game.sim.components import ActiveEvent
from game.sim.policies import POLICIES
from game.sim.politics import FACTION_IDS, STANCE_IDS
from game.sim.scenario import GOAL_METRIC_ALIASES, GOAL_METRICS, goal_metric

if TYPE_CHECKING:
    from game.sim.ecs import EntityStore
    from game.sim.world import World

# Condition kinds: what `subject`, `at_least` and `at_most` mean for each.
CONDITION_KINDS: tuple[str, ...] = (
    "metric",  # subject: a World.metric name; at_least and/or at_most
    "day_at_least",  # at_least: whole days completed
    "days_to_election_at_most",  # at_most: days (None: the level's debate_days_before)
    "policy",  # subject: a policy name; at_least and/or at_most its value
    "tribe_unrest_at_least",  # at_least: the most restless tribe's unrest, 0..100
    "hidden_at_least",  # at_least: hazardous units Ecolife's report hides (politics figures)
    "fired",  # subject: an event id that has fired before
    "chose",  # subject: "event_id.choice_id", a choice taken before
)

# Effect kinds: what `target` and `amount` mean for each.
EFFECT_KINDS: tuple[str, ...] = (
    "funds",  # amount: credits (negative: cost), booked in today's ledger line `events`
    "policy",  # target: policy name; amount: its new value
    "approval",  # target: faction id ("": all); amount: points
    "unrest",  # target: tribe name ("": all, "restless": the most restless); amount: points
    "tribe_members",  # target as for unrest; amount: members (negative: they leave)
    "security_off",  # amount: ticks the security drones stay grounded
    "power_cut",  # target as for unrest (whose camp's nearest line); amount: ticks
    "sabotage",  # target: building kind; amount: ticks it produces nothing
    "expose",  # target: the cause, as the scandal will name it
    "seize_caches",  # every hidden cache found and moved to the depot
    "stance",  # target: a debate stance id (politics.STANCES)
    "pollution",  # target as for unrest (at that camp; "": map centre); amount: pollution units
)

EVENTS_FILE = "events.toml"  # the shipped events, in game/data
MAX_EVENTS = 64  # custom events a level or save may carry
MAX_RECORDS = 10_000  # fired events and choices a save may list


@dataclass(frozen=True, slots=True)
class Condition:
    """One test of the city's state; a trigger holds when all its conditions hold."""

    kind: str
    subject: str = ""
    at_least: int | None = None
    at_most: int | None = None

    def describe(self) -> str:
        """Return the condition as a short phrase for the player, e.g. `a tribe's unrest at least 50`."""
        low, high = self.at_least, self.at_most
        if self.kind in ("metric", "policy"):
            name = self.subject.replace("_", " ").replace(".", " ")
            if low is not None and high is not None:
                return f"{name} between {low:,} and {high:,}"
            return f"{name} at least {low:,}" if low is not None else f"{name} at most {high or 0:,}"
        if self.kind == "day_at_least":
            return f"day {low or 0} reached"
        if self.kind == "days_to_election_at_most":
            return "the election near" if high is None else f"the election at most {high} days away"
        if self.kind == "tribe_unrest_at_least":
            return f"a tribe's unrest at least {low or 0}"
        if self.kind == "hidden_at_least":
            return f"at least {low or 0:,} hazardous units hidden from the report"
        if self.kind == "fired":
            return f"'{self.subject}' has happened"
        event, _, choice = self.subject.partition(".")
        return f"'{event}' was answered with '{choice}'"


@dataclass(frozen=True, slots=True)
class Effect:
    """One concrete consequence of a choice."""

    kind: str
    target: str = ""
    amount: int = 0


@dataclass(frozen=True, slots=True)
class Choice:
    """An answer the player can give to an event, and what it does."""

    id: str
    label: str
    explanation: str
    effects: tuple[Effect, ...] = ()
    offered_when: tuple[Condition, ...] = ()  # all must hold when the event fires for the choice to be offered


@dataclass(frozen=True, slots=True)
class StoryEvent:
    """An event of the story: fires when every trigger condition holds, waits for a choice."""

    id: str
    title: str
    cast: tuple[str, ...]
    text: str
    trigger: tuple[Condition, ...]
    choices: tuple[Choice, ...]
    default: str  # the choice taken when nobody answers in time
    once: bool = True
    cooldown_days: int = 0  # when not once: days before it may fire again
    follows: str = ""  # an event whose answer fires this one at once, if its trigger holds ("": it fires at a day end)

    def choice(self, choice_id: str) -> Choice | None:
        """Return the choice with id `choice_id`, or None."""
        return next((choice for choice in self.choices if choice.id == choice_id), None)


@dataclass(frozen=True, slots=True)
class StoryEventFired:
    """A story event happened and waits for the player's choice."""

    event_id: str
    title: str
    deadline_tick: int

    @property
    def message(self) -> str:
        """One sentence for the player."""
        return f"{self.title}: a decision is waiting for you."


@dataclass(frozen=True, slots=True)
class StoryChoiceTaken:
    """A choice was taken for a story event, by the player or by default when time ran out."""

    event_id: str
    choice_id: str
    how: str  # "player" or "timeout"
    outcome: str

    @property
    def message(self) -> str:
        """One sentence for the player."""
        if self.how == "timeout":
            return f"No answer came in time. {self.outcome}"
        return self.outcome


def run_events(scenario: Any) -> tuple[StoryEvent, ...]:
    """Return the events this scenario runs, in trigger order: shipped ones enabled and not disabled, then custom."""
    setup = scenario.events
    enabled = set(setup.enabled) if setup.enabled is not None else None
    disabled = set(setup.disabled)
    shipped = [e for e in EVENTS if (enabled is None or e.id in enabled) and e.id not in disabled]
    custom = [e for e in setup.custom if isinstance(e, StoryEvent) and e.id not in disabled]
    return tuple(shipped + custom)


class Story:
    """Story events: which fired, which waits for an answer, the choices taken."""

    def __init__(self, events: tuple[StoryEvent, ...], entities: EntityStore) -> None:
        """Start with the run's event table and nothing fired; the waiting event will be an entity of `entities`."""
        self.events = events
        self._index = {event.id: event for event in events}
        self._entities = entities
        self._seen: tuple[int, ActiveEvent | None] = (-1, None)  # (the store's ActiveEvent version, what it held then)
        self.active = None
        self.fired: list[tuple[int, str]] = []
        self.choices: list[tuple[int, str, str, str]] = []
        self.cooldowns: dict[str, int] = {}  # event id -> tick from which it may fire again

    @classmethod
    def from_scenario(cls, world: World) -> Story:
        """Return the state a new game starts with."""
        return cls(run_events(world.scenario), world.entities)

    @property
    def active(self) -> ActiveEvent | None:
        """The event waiting for the player's answer: an esper entity with an `ActiveEvent`, or None.

        Asked twice a tick: the query is made again only when an `ActiveEvent` came or went.
        """
        version, waiting = self._seen
        if version != self._entities.version_of(ActiveEvent):
            waiting = next((found for _, found in self._entities.each(ActiveEvent)), None)
            self._seen = (self._entities.version_of(ActiveEvent), waiting)
        return waiting

    @active.setter
    def active(self, waiting: ActiveEvent | None) -> None:
        for entity, _ in list(self._entities.each(ActiveEvent)):
            self._entities.delete(entity)
        if waiting is not None:
            self._entities.create(waiting)

    def definition(self, event_id: str) -> StoryEvent:
        """Return the event `event_id` of this run (KeyError if it is not one)."""
        return self._index[event_id]

    def has_fired(self, event_id: str) -> bool:
        """Return whether `event_id` has fired at least once."""
        return any(fired == event_id for _, fired in self.fired)

    def has_chosen(self, event_id: str, choice_id: str) -> bool:
        """Return whether `choice_id` was ever taken for `event_id`."""
        return any(e == event_id and c == choice_id for _, e, c, _ in self.choices)

    def sequels(self, event_id: str) -> tuple[StoryEvent, ...]:
        """Return the events that follow `event_id` (fire when it is answered), in table order."""
        return tuple(event for event in self.events if event.follows == event_id)

    def may_fire(self, event: StoryEvent, tick: int) -> bool:
        """Return whether `event` is free to fire at `tick` (not spent, not cooling down)."""
        if event.once and self.has_fired(event.id):
            return False
        return tick >= self.cooldowns.get(event.id, 0)

    def fire(self, event: StoryEvent, tick: int, timeout_ticks: int, offered: tuple[str, ...] | None = None) -> ActiveEvent:
        """Make `event` the one waiting for an answer, from `tick` for `timeout_ticks` ticks, offering `offered` (None: every choice)."""
        choices = tuple(choice.id for choice in event.choices)
        offered = choices if offered is None else tuple(choice for choice in choices if choice in offered or choice == event.default)
        self.active = ActiveEvent(event.id, tick, tick + max(1, timeout_ticks), offered)
        self.fired.append((tick, event.id))
        if not event.once:
            self.cooldowns[event.id] = tick + event.cooldown_days * TICKS_PER_DAY
        return self.active

    # --- answering -------------------------------------------------------------------------------
    def check_choice(self, world: World, event: str, choice: str) -> str | None:
        """Return why answering `event` with `choice` is refused now, or None when it is allowed."""
        if self.active is None:
            return f"no event '{event[:40]}' is waiting for an answer"
        if self.active.event_id != event:
            return f"event '{event[:40]}' is not the one waiting; '{self.active.event_id}' is"
        definition = self.definition(event)
        taken = definition.choice(choice)
        if taken is None:
            known = ", ".join(c.id for c in definition.choices)
            return f"event '{event}' has no choice '{choice[:40]}'; its choices: {known}"
        if choice not in self.active.offered:
            needs = " and ".join(condition.describe() for condition in taken.offered_when) or "conditions"
            offered = ", ".join(self.active.offered)
            return f"choice '{choice}' of event '{event}' is not offered this time (it needs {needs} when the event fires); offered: {offered}"
        return None

    def answer(self, world: World, event: str, choice: str) -> str:
        """Take `choice` for the waiting `event` (checked first) and return what happened, for the player."""
        refusal = self.check_choice(world, event, choice)
        if refusal is not None:
            raise ValueError(refusal)
        return self.take(world, choice, "player")

    def take(self, world: World, choice_id: str, how: str) -> str:
        """Apply the waiting event's choice `choice_id`, log it, emit StoryChoiceTaken, and return the outcome."""
        from game.sim.story_effects import apply_effect

        assert self.active is not None
        definition = self.definition(self.active.event_id)
        choice = definition.choice(choice_id)
        assert choice is not None
        self.active = None
        self.choices.append((world.tick, definition.id, choice.id, how))
        results = [apply_effect(world, effect) for effect in choice.effects]
        details = "; ".join(result for result in results if result)
        outcome = f"{definition.title}: {choice.label}" + (f" ({details})." if details else ".")
        world.emit(StoryChoiceTaken(definition.id, choice.id, how, outcome))
        return outcome

    # --- saving ----------------------------------------------------------------------------------
    def capture(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        """Return (meta, arrays) from which `restore` rebuilds this state exactly."""
        active = None if self.active is None else {
            "event": self.active.event_id, "fired_tick": self.active.fired_tick, "deadline_tick": self.active.deadline_tick,
            "offered": list(self.active.offered),
        }
        meta = {
            "active": active,
            "fired": [{"tick": tick, "event": event} for tick, event in self.fired],
            "choices": [{"tick": t, "event": e, "choice": c, "how": h} for t, e, c, h in self.choices],
            "cooldowns": [{"event": event, "until": until} for event, until in sorted(self.cooldowns.items())],
        }
        return meta, {}

    @classmethod
    def restore(cls, world: World, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> Story:
        """Return the state `capture` described; SnapshotError naming the field if it is damaged."""
        path = "society.story"
        story = cls(run_events(world.scenario), world.entities)
        ids = tuple(event.id for event in story.events)
        if not isinstance(meta, dict):
            raise SnapshotError(f"{path}: expected a table")
        if meta.get("active") is not None:
            active = checked_dict(meta, "active", path)
            event = checked_str(active, "event", f"{path}.active", ids)
            fired_tick = checked_int(active, "fired_tick", f"{path}.active")
            deadline = checked_int(active, "deadline_tick", f"{path}.active", low=fired_tick)
            story.active = ActiveEvent(event, fired_tick, deadline, _offered_from_data(active, story.definition(event), f"{path}.active"))
        for index, item in enumerate(checked_list(meta, "fired", path, MAX_RECORDS)):
            where = f"{path}.fired[{index}]"
            if not isinstance(item, dict):
                raise SnapshotError(f"{where}: expected a table")
            story.fired.append((checked_int(item, "tick", where), checked_str(item, "event", where, ids)))
        for index, item in enumerate(checked_list(meta, "choices", path, MAX_RECORDS)):
            where = f"{path}.choices[{index}]"
            if not isinstance(item, dict):
                raise SnapshotError(f"{where}: expected a table")
            event = checked_str(item, "event", where, ids)
            choice = checked_str(item, "choice", where, tuple(c.id for c in story.definition(event).choices))
            story.choices.append((checked_int(item, "tick", where), event, choice, checked_str(item, "how", where, ("player", "timeout"))))
        for index, item in enumerate(checked_list(meta, "cooldowns", path, MAX_EVENTS * 4)):
            where = f"{path}.cooldowns[{index}]"
            if not isinstance(item, dict):
                raise SnapshotError(f"{where}: expected a table")
            story.cooldowns[checked_str(item, "event", where, ids)] = checked_int(item, "until", where)
        return story



# --- plain data (saves) ----------------------------------------------------------------------------
def _offered_from_data(active: dict[str, Any], event: StoryEvent, path: str) -> tuple[str, ...]:
    """Return the saved ids of the choices the waiting `event` offers; every choice when the save has none.

    A save written before choices could be withheld lacks the list: its event offered every choice.
    """
    choices = tuple(choice.id for choice in event.choices)
    if active.get("offered") is None:
        return choices
    offered = checked_list(active, "offered", path, MAX_CHOICES)
    for index, choice in enumerate(offered):
        if not isinstance(choice, str) or choice not in choices:
            raise SnapshotError(f"{path}.offered[{index}]: expected one of {', '.join(choices)}")
    if event.default not in offered:
        raise SnapshotError(f"{path}.offered: the default choice '{event.default}' must be offered")
    if len(set(offered)) != len(offered):
        raise SnapshotError(f"{path}.offered: a choice is listed twice")
    return tuple(choice for choice in choices if choice in offered)


def event_to_data(event: StoryEvent) -> dict[str, Any]:
    """Return a story event as plain JSON-ready data (for saves)."""
    return {
        "id": event.id,
        "title": event.title,
        "cast": list(event.cast),
        "text": event.text,
        "trigger": [_condition_to_data(condition) for condition in event.trigger],
        "choices": [
            {
                "id": choice.id, "label": choice.label, "explanation": choice.explanation,
                "effects": [{"kind": e.kind, "target": e.target, "amount": e.amount} for e in choice.effects],
                "offered_when": [_condition_to_data(condition) for condition in choice.offered_when],
            }
            for choice in event.choices
        ],
        "default": event.default,
        "once": event.once,
        "cooldown_days": event.cooldown_days,
        "follows": event.follows,
    }


def _condition_to_data(condition: Condition) -> dict[str, Any]:
    """Return a condition as plain data."""
    return {"kind": condition.kind, "subject": condition.subject, "at_least": condition.at_least, "at_most": condition.at_most}


def _optional_int(data: dict[str, Any], key: str, path: str) -> int | None:
    """Return data[key] as an int or None, or raise naming `path.key`."""
    if data.get(key) is None:
        return None
    return checked_int(data, key, path, low=None)


def _condition_from_data(data: Any, path: str) -> Condition:
    """Return the Condition `data` describes, or raise naming `path`."""
    if not isinstance(data, dict):
        raise SnapshotError(f"{path}: expected a table")
    kind = checked_str(data, "kind", path, CONDITION_KINDS)
    return Condition(kind, checked_str(data, "subject", path), _optional_int(data, "at_least", path), _optional_int(data, "at_most", path))


def _choice_from_data(data: Any, path: str) -> Choice:
    """Return the Choice `data` describes, or raise naming `path`."""
    if not isinstance(data, dict):
        raise SnapshotError(f"{path}: expected a table")
    effects = []
    for index, item in enumerate(checked_list(data, "effects", path, MAX_ITEMS)):
        where = f"{path}.effects[{index}]"
        if not isinstance(item, dict):
            raise SnapshotError(f"{where}: expected a table")
        effects.append(Effect(
            checked_str(item, "kind", where, EFFECT_KINDS), checked_str(item, "target", where),
            checked_int(item, "amount", where, low=-10_000_000, high=10_000_000),
        ))
    # A choice saved before choices could be withheld has no list: it is always offered.
    offered_when = checked_list(data, "offered_when", path, MAX_ITEMS) if data.get("offered_when") is not None else []
    return Choice(
        checked_str(data, "id", path, max_length=60), checked_str(data, "label", path),
        checked_str(data, "explanation", path, max_length=MAX_TEXT), tuple(effects),
        tuple(_condition_from_data(item, f"{path}.offered_when[{i}]") for i, item in enumerate(offered_when)),
    )


def event_from_data(data: Any, path: str) -> StoryEvent:
    """Return the story event `event_to_data` described; SnapshotError naming `path` if damaged."""
    if not isinstance(data, dict):
        raise SnapshotError(f"{path}: expected a table")
    cast = checked_list(data, "cast", path, MAX_ITEMS)
    if not all(isinstance(name, str) and len(name) <= 60 for name in cast):
        raise SnapshotError(f"{path}.cast: expected a list of names")
    trigger = tuple(_condition_from_data(item, f"{path}.trigger[{i}]") for i, item in enumerate(checked_list(data, "trigger", path, MAX_ITEMS)))
    raw_choices = checked_list(data, "choices", path, MAX_CHOICES)
    if not raw_choices:
        raise SnapshotError(f"{path}.choices: expected at least one choice")
    choices = tuple(_choice_from_data(item, f"{path}.choices[{i}]") for i, item in enumerate(raw_choices))
    default = checked_str(data, "default", path, tuple(choice.id for choice in choices))
    if any(choice.offered_when for choice in choices if choice.id == default):
        raise SnapshotError(f"{path}.default: the default choice '{default}' is always offered and cannot have offered_when conditions")
    once = data.get("once")
    if not isinstance(once, bool):
        raise SnapshotError(f"{path}.once: expected true or false")
    return StoryEvent(
        id=checked_str(data, "id", path, max_length=60),
        title=checked_str(data, "title", path),
        cast=tuple(cast),
        text=checked_str(data, "text", path, max_length=MAX_TEXT),
        trigger=trigger,
        choices=choices,
        default=default,
        once=once,
        cooldown_days=checked_int(data, "cooldown_days", path, high=10_000),
        follows=checked_str(data, "follows", path, max_length=60) if data.get("follows") is not None else "",  # saved before sequels: ""
    )


# --- the one schema's entries (game/data/events.py), shipped and a level's own ------------------------
def event_from_entry(entry: StoryEventEntry) -> StoryEvent:
    """Return the StoryEvent a checked entry describes (`events_problems` found nothing wrong with it)."""
    return StoryEvent(
        id=entry.id, title=entry.title, cast=tuple(entry.cast), text=entry.text,
        trigger=tuple(_condition_from_entry(condition) for condition in entry.trigger),
        choices=tuple(
            Choice(
                choice.id, choice.label, choice.explanation, tuple(_effect_from_entry(effect) for effect in choice.effects),
                tuple(_condition_from_entry(condition) for condition in choice.offered_when),
            )
            for choice in entry.choices
        ),
        default=next(choice.id for choice in entry.choices if choice.default),
        once=entry.once, cooldown_days=entry.cooldown_days, follows=entry.follows or "",
    )


def _condition_from_entry(entry: ConditionEntry) -> Condition:
    """Return the Condition a checked entry describes: its subject from the field its kind reads."""
    subject = {"metric": goal_metric(entry.metric or ""), "policy": entry.policy, "fired": entry.event}.get(entry.kind) or ""
    if entry.kind == "chose":
        subject = f"{entry.event}.{entry.choice}"
    return Condition(entry.kind, subject, entry.at_least, entry.at_most)


def _effect_from_entry(entry: EffectEntry) -> Effect:
    """Return the Effect a checked entry describes: its target and amount from the fields its kind reads."""
    if entry.kind == "policy":
        return Effect(entry.kind, entry.policy or "", entry.value or 0)
    target = {
        "approval": entry.faction, "unrest": entry.tribe, "tribe_members": entry.tribe, "power_cut": entry.tribe,
        "pollution": entry.tribe, "sabotage": entry.building, "expose": entry.cause, "stance": entry.stance,
    }.get(entry.kind) or ""
    amount = entry.ticks if entry.kind in TICKS_EFFECTS else entry.amount
    return Effect(entry.kind, target, amount or 0)


def vocabulary(events: Mapping[str, tuple[str, ...]]) -> EventVocabulary:
    """Return the names story events may use; `events` maps each event a trigger may name to its choice ids."""
    return EventVocabulary(
        condition_kinds=CONDITION_KINDS, effect_kinds=EFFECT_KINDS, metrics=GOAL_METRICS,
        policies={policy.name: PolicyRange(policy.label, policy.minimum, policy.maximum) for policy in POLICIES},
        factions=FACTION_IDS, stances=STANCE_IDS, buildings=tuple(BUILDING_INDEX), events=dict(events),
        metric_aliases=GOAL_METRIC_ALIASES,
    )


def shipped_events(text: str | None = None) -> tuple[StoryEvent, ...]:
    """Return the events of game/data/events.toml (or of `text` in its place); ContentError in one line if damaged."""
    table = read_table(EVENTS_FILE, EventsFile, text)
    names = vocabulary({entry.id: tuple(choice.id for choice in entry.choices) for entry in table.events})
    found = events_problems(table.events, ("events",), names)
    if found:
        raise content_error(EVENTS_FILE, found)
    return tuple(event_from_entry(entry) for entry in table.events)


EVENTS: tuple[StoryEvent, ...] = shipped_events()  # in trigger order: the debate comes first so it wins its window
