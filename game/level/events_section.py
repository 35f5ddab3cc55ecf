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

Every problem is one line naming its field path, e.g.
`events.custom[1].choices[0].effects[2].kind: unknown effect 'explode'; known: funds, policy, ...`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from pydantic import BaseModel, Field, ValidationError

from game.level.field_errors import known_list, quoted, schema_problems, suggestion
from game.level.problems import Problems
from game.level.schema import MAX_NAME_CHARS, STRICT, Name, Title
from game.sim.buildings import BUILDING_INDEX
from game.sim.policies import POLICY_INDEX
from game.sim.scenario import GOAL_METRICS, EventSetup, goal_metric
from game.sim.story import (
    CONDITION_KINDS,
    EFFECT_KINDS,
    EVENTS,
    MAX_CHOICES,
    MAX_EVENTS,
    MAX_ITEMS,
    MAX_TEXT,
    Choice,
    Condition,
    Effect,
    StoryEvent,
)

Id = Annotated[str, Field(min_length=1, max_length=MAX_NAME_CHARS, pattern=r"^[a-z0-9_]+$")]
Label = Annotated[str, Field(min_length=1, max_length=200)]
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
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


class ConditionEntry(BaseModel):
    """One trigger condition: its kind, and the fields that kind reads."""

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
    """One `[[events.custom.choices]]` entry."""

    model_config = STRICT

    id: Id
    """The choice's id, lower-case letters, digits and _; a `chose` condition names it."""
    label: Label
    """The text of the choice's button."""
    explanation: Text
    """What the choice means, shown with its button."""
    default: bool = False
    """Taken when nobody answers in time; exactly one choice of an event is the default."""
    effects: Annotated[list[EffectEntry], Field(max_length=MAX_ITEMS)] = Field(default_factory=list)
    """What happens when the choice is taken, in order."""


class CustomEvent(BaseModel):
    """One `[[events.custom]]` entry: a level's own story event."""

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


class EventsSection(BaseModel):
    """`[events]`: shipped events enabled (only these) or disabled, and the level's own."""

    model_config = STRICT

    enable: Annotated[list[Name], Field(max_length=MAX_EVENTS)] | None = None
    """Run only these shipped events (an empty array: none of them)."""
    disable: Annotated[list[Name], Field(max_length=MAX_EVENTS)] = Field(default_factory=list)
    """Shipped events not to run."""
    custom: Annotated[list[CustomEvent], Field(max_length=MAX_EVENTS)] = Field(default_factory=list)
    """The level's own story events."""


SHIPPED_IDS: tuple[str, ...] = tuple(event.id for event in EVENTS)


def events_setup(section: Any, problems: Problems) -> EventSetup | None:
    """Return which story events this level runs, or None after adding each problem (one line, field path first)."""
    try:
        parsed = EventsSection.model_validate({} if section is None else section)
    except ValidationError as error:
        problems.extend(schema_problems(error, ("events",), EventsSection))
        return None
    found: list[tuple[Sequence[str | int], str]] = []
    for key, ids in (("enable", parsed.enable or []), ("disable", parsed.disable)):
        for index, event_id in enumerate(ids):
            if event_id not in SHIPPED_IDS:
                found.append((("events", key, index), _unknown("event", event_id, SHIPPED_IDS)))
    custom_ids = [event.id for event in parsed.custom]
    known_ids = SHIPPED_IDS + tuple(custom_ids)
    custom: list[StoryEvent] = []
    for index, entry in enumerate(parsed.custom):
        where = ("events", "custom", index)
        if entry.id in SHIPPED_IDS or entry.id in custom_ids[:index]:
            found.append(((*where, "id"), f"{quoted(entry.id)} is already the id of another event"))
        event = _event(entry, where, known_ids, {e.id: e for e in parsed.custom}, found)
        if event is not None:
            custom.append(event)
    for location, message in found:
        problems.at_field(location, message)
    if found:
        return None
    enabled = None if parsed.enable is None else tuple(parsed.enable)
    return EventSetup(enabled=enabled, disabled=tuple(parsed.disable), custom=tuple(custom))


def _unknown(what: str, name: str, known: Sequence[str]) -> str:
    """Return `unknown <what> 'name'; known: a, b, c` (and a suggestion when it looks misspelt)."""
    return f"unknown {what} {quoted(name)}; known: {known_list(known)}" + suggestion(name, known)


def _event(
    entry: CustomEvent, where: tuple[str | int, ...], known_ids: tuple[str, ...],
    custom: dict[str, CustomEvent], found: list[tuple[Sequence[str | int], str]],
) -> StoryEvent | None:
    """Return the StoryEvent `entry` describes, or None after adding its problems to `found`."""
    before = len(found)
    trigger = [_condition(c, (*where, "trigger", i), known_ids, custom, found) for i, c in enumerate(entry.trigger)]
    choices = [_choice(c, (*where, "choices", i), found) for i, c in enumerate(entry.choices)]
    defaults = [choice.id for choice in entry.choices if choice.default]
    if len(defaults) != 1:
        found.append(((*where, "choices"), f"exactly one choice must have default = true, found {len(defaults)}"))
    ids = [choice.id for choice in entry.choices]
    if len(set(ids)) != len(ids):
        found.append(((*where, "choices"), "two choices share an id"))
    if len(found) > before:
        return None
    return StoryEvent(
        id=entry.id, title=entry.title, cast=tuple(entry.cast), text=entry.text,
        trigger=tuple(c for c in trigger if c is not None), choices=tuple(c for c in choices if c is not None),
        default=defaults[0],
    )


def _missing(entry: BaseModel, names: tuple[str, ...], what: str, where: tuple[str | int, ...], found: list) -> bool:
    """Add a problem for each of `names` missing from `entry`; return whether any was."""
    absent = [name for name in names if getattr(entry, name) is None]
    for name in absent:
        found.append(((*where, name), f"required for a {quoted(what)}"))
    return bool(absent)


def _condition(
    entry: ConditionEntry, where: tuple[str | int, ...], known_ids: tuple[str, ...],
    custom: dict[str, CustomEvent], found: list,
) -> Condition | None:
    """Return the Condition `entry` describes, or None after adding its problems."""
    if entry.kind not in CONDITION_KINDS:
        found.append(((*where, "kind"), _unknown("condition", entry.kind, CONDITION_KINDS)))
        return None
    if _missing(entry, CONDITION_FIELDS[entry.kind], f"{entry.kind} condition", where, found):
        return None
    if entry.kind in ("metric", "policy") and entry.at_least is None and entry.at_most is None:
        found.append(((*where, "at_least"), f"a {entry.kind} condition needs at_least, at_most or both"))
        return None
    subject = ""
    if entry.kind == "metric":
        subject = goal_metric(entry.metric or "")
        if subject not in GOAL_METRICS:
            found.append(((*where, "metric"), _unknown("metric", entry.metric, GOAL_METRICS)))
            return None
    elif entry.kind == "policy":
        if entry.policy not in POLICY_INDEX:
            found.append(((*where, "policy"), _unknown("policy", entry.policy, tuple(POLICY_INDEX))))
            return None
        subject = entry.policy
    elif entry.kind in ("fired", "chose"):
        if entry.event not in known_ids:
            found.append(((*where, "event"), _unknown("event", entry.event, known_ids)))
            return None
        subject = entry.event
        if entry.kind == "chose":
            choices = _choice_ids(entry.event, custom)
            if entry.choice not in choices:
                found.append(((*where, "choice"), _unknown(f"choice of {quoted(entry.event)}", entry.choice, choices)))
                return None
            subject = f"{entry.event}.{entry.choice}"
    return Condition(entry.kind, subject, entry.at_least, entry.at_most)


def _choice_ids(event_id: str, custom: dict[str, CustomEvent]) -> tuple[str, ...]:
    """Return the choice ids of the shipped or custom event `event_id`."""
    if event_id in custom:
        return tuple(choice.id for choice in custom[event_id].choices)
    shipped = next(event for event in EVENTS if event.id == event_id)
    return tuple(choice.id for choice in shipped.choices)


def _choice(entry: ChoiceEntry, where: tuple[str | int, ...], found: list) -> Choice | None:
    """Return the Choice `entry` describes, or None after adding its problems."""
    effects = [_effect(e, (*where, "effects", i), found) for i, e in enumerate(entry.effects)]
    if any(effect is None for effect in effects):
        return None
    return Choice(entry.id, entry.label, entry.explanation, tuple(e for e in effects if e is not None))


def _known(name: str) -> tuple[str, ...]:
    """Return the politics id table `name` (FACTION_IDS, STANCE_IDS), or () while politics has none."""
    from game.sim import politics

    return tuple(getattr(politics, name, ()))


def _effect(entry: EffectEntry, where: tuple[str | int, ...], found: list) -> Effect | None:
    """Return the Effect `entry` describes, or None after adding its problems."""
    if entry.kind not in EFFECT_KINDS:
        found.append(((*where, "kind"), _unknown("effect", entry.kind, EFFECT_KINDS)))
        return None
    if _missing(entry, EFFECT_FIELDS[entry.kind], f"{entry.kind} effect", where, found):
        return None
    kind = entry.kind
    if kind == "policy":
        policy = POLICY_INDEX.get(entry.policy or "")
        if policy is None:
            found.append(((*where, "policy"), _unknown("policy", entry.policy or "", tuple(POLICY_INDEX))))
            return None
        if not policy.minimum <= (entry.value or 0) <= policy.maximum:
            found.append(((*where, "value"), f"{policy.label} must be between {policy.minimum} and {policy.maximum}, got {entry.value}"))
            return None
        return Effect(kind, entry.policy or "", entry.value or 0)
    factions = _known("FACTION_IDS")
    if kind == "approval" and entry.faction and factions and entry.faction not in factions:
        found.append(((*where, "faction"), _unknown("faction", entry.faction, factions)))
        return None
    stances = _known("STANCE_IDS")
    if kind == "stance" and stances and entry.stance not in stances:
        found.append(((*where, "stance"), _unknown("stance", entry.stance or "", stances)))
        return None
    if kind == "sabotage" and entry.building not in BUILDING_INDEX:
        found.append(((*where, "building"), _unknown("building kind", entry.building or "", tuple(BUILDING_INDEX))))
        return None
    target = {
        "approval": entry.faction, "unrest": entry.tribe, "tribe_members": entry.tribe, "power_cut": entry.tribe,
        "pollution": entry.tribe, "sabotage": entry.building, "expose": entry.cause, "stance": entry.stance,
    }.get(kind) or ""
    amount = entry.ticks if kind in ("security_off", "power_cut", "sabotage") else entry.amount
    return Effect(kind, target, amount or 0)
