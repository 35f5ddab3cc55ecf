"""The one schema of story events: game/data/events.toml's shipped events and a level's `[[events.custom]]` alike.

An event as either file writes it (a level nests it under `[[events.custom]]`):

    [[events]]
    id = "audit"
    title = "The auditor calls"
    text = "..."
    cast = ["Ahmad"]
    trigger = [{kind = "metric", metric = "caches", at_least = 50}, {kind = "day_at_least", at_least = 5}]
    follows = "debate"  # optional: fire as soon as the debate is answered (if the trigger holds), not at a day end

    [[events.choices]]
    id = "pay"
    label = "Pay"
    explanation = "..."
    offered_when = [{kind = "metric", metric = "funds", at_least = 2000}]  # optional; never on the default
    effects = [{kind = "funds", amount = -2000}, {kind = "policy", policy = "transparency", value = 1}]

    [[events.choices]]
    id = "stall"
    label = "Stall"
    explanation = "..."
    default = true

pydantic checks each field (`StoryEventEntry`); `events_problems` then checks what needs the game's
tables (kinds, metrics, policies and their ranges, factions, stances, building kinds, other events),
which the caller passes in as an `EventVocabulary`: this package imports nothing of game/sim.
game/sim/story.py turns a checked entry into the simulation's `StoryEvent`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated

from pydantic import BaseModel, Field

from game.data.field_errors import quoted, unknown
from game.data.models import STRICT, ContentFile, Found, Id, Label, Location, Name, Text, Title

MAX_CHOICES = 5  # the story dialog lays out at most this many buttons
MAX_ITEMS = 12  # conditions of a trigger, effects of a choice, names in a cast
MAX_COOLDOWN_DAYS = 10_000
Number = Annotated[int, Field(ge=-10_000_000, le=10_000_000)]

# Which entry field names the subject or carries the number, per kind.
CONDITION_FIELDS: dict[str, tuple[str, ...]] = {
    "metric": ("metric",),
    "day_at_least": ("at_least",),
    "days_to_election_at_most": (),  # at_most optional: the level's debate_days_before
    "policy": ("policy",),
    "tribe_unrest_at_least": ("at_least",),
    "hidden_at_least": ("at_least",),
    "fired": ("event",),
    "chose": ("event", "choice"),
}
EFFECT_FIELDS: dict[str, tuple[str, ...]] = {
    "funds": ("amount",),
    "policy": ("policy", "value"),
    "approval": ("amount",),
    "unrest": ("amount",),
    "tribe_members": ("amount",),
    "security_off": ("ticks",),
    "power_cut": ("ticks",),
    "sabotage": ("building", "ticks"),
    "expose": (),
    "seize_caches": (),
    "stance": ("stance",),
    "pollution": ("amount",),
}
TICKS_EFFECTS: tuple[str, ...] = ("security_off", "power_cut", "sabotage")  # their number is `ticks`, not `amount`


class ConditionEntry(BaseModel):
    """One condition of a trigger or of a choice's `offered_when`: its kind, and the fields that kind reads."""

    model_config = STRICT

    kind: Name
    """What the condition tests; each kind reads its own fields."""
    metric: Name | None = None
    """For a `metric` condition: the city figure."""
    policy: Name | None = None
    """For a `policy` condition: the policy whose value is tested."""
    event: Name | None = None
    """For `fired` and `chose`: the id of a shipped or custom event."""
    choice: Name | None = None
    """For `chose`: the id of the choice that was taken."""
    at_least: Number | None = None
    """The lower bound: of the metric or policy, whole days (day_at_least), unrest (tribe_unrest_at_least), hidden units."""
    at_most: Number | None = None
    """The upper bound: of the metric or policy, or days to the election (omitted: the level's debate_days_before)."""


class EffectEntry(BaseModel):
    """One effect of a choice: its kind, and the fields that kind reads."""

    model_config = STRICT

    kind: Name
    """What the effect does; each kind reads its own fields."""
    amount: Number | None = None
    """How much: credits (funds, negative a cost), points (approval, unrest), members or pollution units."""
    value: Number | None = None
    """For a `policy` effect: the policy's new value."""
    ticks: Annotated[int, Field(ge=1, le=10_000)] | None = None
    """For security_off, power_cut and sabotage: how many ticks (game hours) it lasts."""
    policy: Name | None = None
    """For a `policy` effect: the policy to set."""
    faction: Name | None = None
    """For an `approval` effect: the faction (omitted: every faction)."""
    tribe: Name | None = None
    """For unrest, tribe_members, power_cut, pollution: the tribe's name (omitted: all; `restless`: the most restless)."""
    building: Name | None = None
    """For a `sabotage` effect: the kind of building that produces nothing for `ticks`."""
    cause: Name | None = None
    """For an `expose` effect: the cause the scandal names."""
    stance: Name | None = None
    """For a `stance` effect: the debate stance taken."""


class ChoiceEntry(BaseModel):
    """One choice of a story event (`[[events.custom.choices]]` in a level)."""

    model_config = STRICT

    id: Id
    """The choice's id, lower-case letters, digits and _; a `chose` condition names it."""
    label: Label
    """The text of the choice's button."""
    explanation: Text
    """What the choice means, shown with its button."""
    default: bool = False
    """Taken when nobody answers in time; exactly one choice of an event is the default."""
    offered_when: Annotated[list[ConditionEntry], Field(max_length=MAX_ITEMS)] = Field(default_factory=list)
    """Conditions (the kinds of a trigger) that must all hold when the event fires for this choice to be offered; the default takes none."""
    effects: Annotated[list[EffectEntry], Field(max_length=MAX_ITEMS)] = Field(default_factory=list)
    """What happens when the choice is taken, in order."""


class StoryEventEntry(BaseModel):
    """One story event (`[[events.custom]]` in a level): what sets it off, and the player's choices."""

    model_config = STRICT

    id: Id
    """The event's id, lower-case letters, digits and _, unlike any other event's."""
    title: Label
    """The title of the event's window."""
    text: Text
    """The story the event tells."""
    cast: Annotated[list[Title], Field(max_length=MAX_ITEMS)] = Field(default_factory=list)
    """The characters who appear in the event."""
    trigger: Annotated[list[ConditionEntry], Field(min_length=1, max_length=MAX_ITEMS)]
    """Conditions that must all hold at a day's end for the event to fire."""
    choices: Annotated[list[ChoiceEntry], Field(min_length=1, max_length=MAX_CHOICES)]
    """The player's options; exactly one has default = true."""
    once: bool = True
    """Whether the event fires at most once a game (false: again after `cooldown_days`)."""
    cooldown_days: Annotated[int, Field(ge=0, le=MAX_COOLDOWN_DAYS)] = 0
    """For an event that is not `once`: whole days after it fires before it may fire again."""
    follows: Id | None = None
    """The id of an event whose answer (the player's, or the default at time-out) fires this one at once if its trigger holds; such an event fires only so."""


class EventsFile(ContentFile):
    """game/data/events.toml: the shipped story events, in trigger order."""

    events: Annotated[list[StoryEventEntry], Field(min_length=1)]
    """The events; when two could fire at one day's end, the first in the file does."""


@dataclass(frozen=True, slots=True)
class PolicyRange:
    """What an event's policy condition or effect needs to know of a policy."""

    label: str
    minimum: int
    maximum: int


@dataclass(frozen=True, slots=True)
class EventVocabulary:
    """The names story events may use: the kinds the simulation knows and its tables' ids (game/sim/story.py builds it)."""

    condition_kinds: tuple[str, ...]
    effect_kinds: tuple[str, ...]
    metrics: tuple[str, ...]
    policies: Mapping[str, PolicyRange]
    factions: tuple[str, ...]
    stances: tuple[str, ...]
    buildings: tuple[str, ...]
    events: Mapping[str, tuple[str, ...]]  # every event a trigger may name -> the ids of its choices
    metric_aliases: Mapping[str, str] = field(default_factory=dict)  # old metric names still read -> their names now


def events_problems(
    entries: Sequence[StoryEventEntry], where: Location, vocabulary: EventVocabulary, taken: Sequence[str] = (),
) -> Found:
    """Return the problems of the events `entries` (the list at `where`): ids new (not `taken`, not repeated), names known."""
    found: Found = []
    ids = [entry.id for entry in entries]
    for index, entry in enumerate(entries):
        at = (*where, index)
        if entry.id in taken or entry.id in ids[:index]:
            found.append(((*at, "id"), f"{quoted(entry.id)} is already the id of another event"))
        found += event_problems(entry, at, vocabulary)
    return found


def event_problems(entry: StoryEventEntry, where: Location, vocabulary: EventVocabulary) -> Found:
    """Return the problems of one event at `where`: each condition's and effect's, then its choices'."""
    found: Found = []
    for index, condition in enumerate(entry.trigger):
        found += _condition_problems(condition, (*where, "trigger", index), vocabulary)
    for index, choice in enumerate(entry.choices):
        for number, condition in enumerate(choice.offered_when):
            found += _condition_problems(condition, (*where, "choices", index, "offered_when", number), vocabulary)
        if choice.default and choice.offered_when:
            found.append((
                (*where, "choices", index, "offered_when"),
                "the default choice is always offered (it is taken when time runs out): it cannot have offered_when conditions",
            ))
        for number, effect in enumerate(choice.effects):
            found += _effect_problems(effect, (*where, "choices", index, "effects", number), vocabulary)
    if entry.follows == entry.id:
        found.append(((*where, "follows"), "an event cannot follow itself"))
    elif entry.follows is not None and entry.follows not in vocabulary.events:
        found.append(((*where, "follows"), unknown("event", entry.follows, tuple(vocabulary.events))))
    defaults = [choice.id for choice in entry.choices if choice.default]
    if len(defaults) != 1:
        found.append(((*where, "choices"), f"exactly one choice must have default = true, found {len(defaults)}"))
    ids = [choice.id for choice in entry.choices]
    if len(set(ids)) != len(ids):
        found.append(((*where, "choices"), "two choices share an id"))
    return found


def _missing(entry: BaseModel, names: tuple[str, ...], what: str, where: Location) -> Found:
    """Return a problem for each of `names` missing from `entry`."""
    return [((*where, name), f"required for a {quoted(what)}") for name in names if getattr(entry, name) is None]


def _condition_problems(entry: ConditionEntry, where: Location, vocabulary: EventVocabulary) -> Found:
    """Return the first problem of one trigger condition (an empty list when it is sound)."""
    if entry.kind not in vocabulary.condition_kinds:
        return [((*where, "kind"), unknown("condition", entry.kind, vocabulary.condition_kinds))]
    missing = _missing(entry, CONDITION_FIELDS[entry.kind], f"{entry.kind} condition", where)
    if missing:
        return missing
    if entry.kind in ("metric", "policy") and entry.at_least is None and entry.at_most is None:
        return [((*where, "at_least"), f"a {entry.kind} condition needs at_least, at_most or both")]
    if entry.kind == "metric" and entry.metric not in vocabulary.metrics and entry.metric not in vocabulary.metric_aliases:
        return [((*where, "metric"), unknown("metric", entry.metric or "", vocabulary.metrics))]
    if entry.kind == "policy" and entry.policy not in vocabulary.policies:
        return [((*where, "policy"), unknown("policy", entry.policy or "", tuple(vocabulary.policies)))]
    if entry.kind in ("fired", "chose"):
        event = entry.event or ""
        if event not in vocabulary.events:
            return [((*where, "event"), unknown("event", event, tuple(vocabulary.events)))]
        choices = vocabulary.events[event]
        if entry.kind == "chose" and entry.choice not in choices:
            return [((*where, "choice"), unknown(f"choice of {quoted(event)}", entry.choice or "", choices))]
    return []


def _effect_problems(entry: EffectEntry, where: Location, vocabulary: EventVocabulary) -> Found:
    """Return the first problem of one effect (an empty list when it is sound)."""
    kind = entry.kind
    if kind not in vocabulary.effect_kinds:
        return [((*where, "kind"), unknown("effect", kind, vocabulary.effect_kinds))]
    missing = _missing(entry, EFFECT_FIELDS[kind], f"{kind} effect", where)
    if missing:
        return missing
    if kind == "policy":
        policy = vocabulary.policies.get(entry.policy or "")
        if policy is None:
            return [((*where, "policy"), unknown("policy", entry.policy or "", tuple(vocabulary.policies)))]
        if not policy.minimum <= (entry.value or 0) <= policy.maximum:
            return [((*where, "value"), f"{policy.label} must be between {policy.minimum} and {policy.maximum}, got {entry.value}")]
    if kind == "approval" and entry.faction and entry.faction not in vocabulary.factions:
        return [((*where, "faction"), unknown("faction", entry.faction, vocabulary.factions))]
    if kind == "stance" and entry.stance not in vocabulary.stances:
        return [((*where, "stance"), unknown("stance", entry.stance or "", vocabulary.stances))]
    if kind == "sabotage" and entry.building not in vocabulary.buildings:
        return [((*where, "building"), unknown("building kind", entry.building or "", vocabulary.buildings))]
    return []
