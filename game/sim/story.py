"""Story events: their definitions (conditions, choices, effects as plain data), and the Story state.

Conditions and effects are a small closed set of kinds with numbers, never code read from a file;
game/sim/story_effects.py evaluates and applies them. `EVENTS` (at the end) is the shipped table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from game.sim.checks import (
    SnapshotError,
    checked_dict,
    checked_int,
    checked_list,
    checked_str,
)

if TYPE_CHECKING:
    from game.sim.simulation import Simulation

# Condition kinds: what `subject`, `at_least` and `at_most` mean for each.
CONDITION_KINDS: tuple[str, ...] = (
    "metric",  # subject: a Simulation.metric name; at_least and/or at_most
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

MAX_EVENTS = 64  # custom events a level or save may carry
MAX_CHOICES = 3
MAX_ITEMS = 12  # conditions of a trigger, effects of a choice
MAX_TEXT = 1_000  # characters of an event's text or a choice's explanation
MAX_RECORDS = 10_000  # fired events and choices a save may list


@dataclass(frozen=True, slots=True)
class Condition:
    """One test of the city's state; a trigger holds when all its conditions hold."""

    kind: str
    subject: str = ""
    at_least: int | None = None
    at_most: int | None = None


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

    def choice(self, choice_id: str) -> Choice | None:
        """Return the choice with id `choice_id`, or None."""
        return next((choice for choice in self.choices if choice.id == choice_id), None)


@dataclass(frozen=True, slots=True)
class ActiveEvent:
    """The event waiting for the player's answer: since `fired_tick`, until `deadline_tick`."""

    event_id: str
    fired_tick: int
    deadline_tick: int


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

    def __init__(self, events: tuple[StoryEvent, ...]) -> None:
        """Start with the run's event table and nothing fired."""
        self.events = events
        self._index = {event.id: event for event in events}
        self.active: ActiveEvent | None = None
        self.fired: list[tuple[int, str]] = []
        self.choices: list[tuple[int, str, str, str]] = []
        self.cooldowns: dict[str, int] = {}  # event id -> tick from which it may fire again

    @classmethod
    def from_scenario(cls, sim: Simulation) -> Story:
        """Return the state a new game starts with."""
        return cls(run_events(sim.scenario))

    def definition(self, event_id: str) -> StoryEvent:
        """Return the event `event_id` of this run (KeyError if it is not one)."""
        return self._index[event_id]

    def has_fired(self, event_id: str) -> bool:
        """Return whether `event_id` has fired at least once."""
        return any(fired == event_id for _, fired in self.fired)

    def has_chosen(self, event_id: str, choice_id: str) -> bool:
        """Return whether `choice_id` was ever taken for `event_id`."""
        return any(e == event_id and c == choice_id for _, e, c, _ in self.choices)

    def may_fire(self, event: StoryEvent, tick: int) -> bool:
        """Return whether `event` is free to fire at `tick` (not spent, not cooling down)."""
        if event.once and self.has_fired(event.id):
            return False
        return tick >= self.cooldowns.get(event.id, 0)

    def fire(self, event: StoryEvent, tick: int, timeout_ticks: int) -> ActiveEvent:
        """Make `event` the one waiting for an answer, from `tick` for `timeout_ticks` ticks."""
        self.active = ActiveEvent(event.id, tick, tick + max(1, timeout_ticks))
        self.fired.append((tick, event.id))
        if not event.once:
            self.cooldowns[event.id] = tick + event.cooldown_days * 24
        return self.active

    # --- answering -------------------------------------------------------------------------------
    def check_choice(self, sim: Simulation, event: str, choice: str) -> str | None:
        """Return why answering `event` with `choice` is refused now, or None when it is allowed."""
        if self.active is None:
            return f"no event '{event[:40]}' is waiting for an answer"
        if self.active.event_id != event:
            return f"event '{event[:40]}' is not the one waiting; '{self.active.event_id}' is"
        definition = self.definition(event)
        if definition.choice(choice) is None:
            known = ", ".join(c.id for c in definition.choices)
            return f"event '{event}' has no choice '{choice[:40]}'; its choices: {known}"
        return None

    def answer(self, sim: Simulation, event: str, choice: str) -> str:
        """Take `choice` for the waiting `event` (checked first) and return what happened, for the player."""
        refusal = self.check_choice(sim, event, choice)
        if refusal is not None:
            raise ValueError(refusal)
        return self.take(sim, choice, "player")

    def take(self, sim: Simulation, choice_id: str, how: str) -> str:
        """Apply the waiting event's choice `choice_id`, log it, emit StoryChoiceTaken, and return the outcome."""
        from game.sim.story_effects import apply_effect

        assert self.active is not None
        definition = self.definition(self.active.event_id)
        choice = definition.choice(choice_id)
        assert choice is not None
        self.active = None
        self.choices.append((sim.tick, definition.id, choice.id, how))
        results = [apply_effect(sim, effect) for effect in choice.effects]
        details = "; ".join(result for result in results if result)
        outcome = f"{definition.title}: {choice.label}" + (f" ({details})." if details else ".")
        sim.emit(StoryChoiceTaken(definition.id, choice.id, how, outcome))
        return outcome

    # --- saving ----------------------------------------------------------------------------------
    def capture(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        """Return (meta, arrays) from which `restore` rebuilds this state exactly."""
        active = None if self.active is None else {
            "event": self.active.event_id, "fired_tick": self.active.fired_tick, "deadline_tick": self.active.deadline_tick,
        }
        meta = {
            "active": active,
            "fired": [{"tick": tick, "event": event} for tick, event in self.fired],
            "choices": [{"tick": t, "event": e, "choice": c, "how": h} for t, e, c, h in self.choices],
            "cooldowns": [{"event": event, "until": until} for event, until in sorted(self.cooldowns.items())],
        }
        return meta, {}

    @classmethod
    def restore(cls, sim: Simulation, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> Story:
        """Return the state `capture` described; SnapshotError naming the field if it is damaged."""
        path = "society.story"
        story = cls(run_events(sim.scenario))
        ids = tuple(event.id for event in story.events)
        if not isinstance(meta, dict):
            raise SnapshotError(f"{path}: expected a table")
        if meta.get("active") is not None:
            active = checked_dict(meta, "active", path)
            event = checked_str(active, "event", f"{path}.active", ids)
            fired_tick = checked_int(active, "fired_tick", f"{path}.active")
            deadline = checked_int(active, "deadline_tick", f"{path}.active", low=fired_tick)
            story.active = ActiveEvent(event, fired_tick, deadline)
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

    def hash_update(self, digest: Any) -> None:
        """Feed everything that decides the future into `digest`."""
        meta, _ = self.capture()
        meta["events"] = [event_to_data(event) for event in self.events]
        digest.update(json.dumps(meta, sort_keys=True).encode())


# --- plain data (saves) ----------------------------------------------------------------------------
def event_to_data(event: StoryEvent) -> dict[str, Any]:
    """Return a story event as plain JSON-ready data (for saves)."""
    return {
        "id": event.id,
        "title": event.title,
        "cast": list(event.cast),
        "text": event.text,
        "trigger": [
            {"kind": c.kind, "subject": c.subject, "at_least": c.at_least, "at_most": c.at_most} for c in event.trigger
        ],
        "choices": [
            {
                "id": choice.id, "label": choice.label, "explanation": choice.explanation,
                "effects": [{"kind": e.kind, "target": e.target, "amount": e.amount} for e in choice.effects],
            }
            for choice in event.choices
        ],
        "default": event.default,
        "once": event.once,
        "cooldown_days": event.cooldown_days,
    }


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
    return Choice(
        checked_str(data, "id", path, max_length=60), checked_str(data, "label", path),
        checked_str(data, "explanation", path, max_length=MAX_TEXT), tuple(effects),
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
    )


# --- the shipped events ----------------------------------------------------------------------------
def _c(kind: str, subject: str = "", at_least: int | None = None, at_most: int | None = None) -> Condition:
    """Shorthand for a Condition in the table below."""
    return Condition(kind, subject, at_least, at_most)


def _e(kind: str, target: str = "", amount: int = 0) -> Effect:
    """Shorthand for an Effect in the table below."""
    return Effect(kind, target, amount)


# Trigger order is table order: the debate comes first so it wins its window.
EVENTS: tuple[StoryEvent, ...] = (
    StoryEvent(
        "debate", "The televised debate", ("Lucia", "Kira", "Ahmad"),
        "The studio lights come up. Lucia is asked, live, what the city really does with the waste it "
        "cannot sell. Kira and Ahmad sit in the front row with folders of figures. What line does the "
        "city take tonight?",
        (_c("days_to_election_at_most"),),
        (
            Choice("acknowledge", "Admit the underground economy",
                   "Say out loud that the scavengers keep part of the city alive. Voters who know the truth respect it.",
                   (_e("stance", "acknowledge_underground"),)),
            Choice("transparency", "Promise the true figures",
                   "Pledge to publish what Ecolife really leaves behind. Worth more if the record backs it up.",
                   (_e("stance", "promise_transparency"),)),
            Choice("defend", "Defend Ecolife",
                   "Stand by the system and its numbers. Safe only if nothing is hidden.",
                   (_e("stance", "defend_ecolife"),)),
        ),
        "defend", once=False, cooldown_days=4,  # longer than the usual 3-day debate window: once per election
    ),
    StoryEvent(
        "debate_device", "A device on live television", ("Nomar", "Lucia"),
        "Halfway through the debate Nomar walks on stage holding a box of salvaged circuits wired to a "
        "drum of hazardous sludge. He says it can drain a district's grid, and that it will unless the "
        "undercity is heard.",
        (_c("fired", "debate"), _c("days_to_election_at_most", at_most=2), _c("tribe_unrest_at_least", at_least=50)),
        (
            Choice("listen", "Give him the microphone",
                   "Offer an amnesty on air. The tribes calm down; Ecolife's backers are furious.",
                   (_e("policy", "scavenger_stance", 1), _e("unrest", "", -15), _e("approval", "backers", -6),
                    _e("approval", "undercity", 8))),
            Choice("security", "Call security",
                   "Have him dragged off. He triggers the device on the way out.",
                   (_e("power_cut", "restless", 24), _e("unrest", "", 15), _e("approval", "uptown", 3))),
            Choice("cut_feed", "Cut the broadcast",
                   "Go to an advert break. Nobody sees the end of it, and everybody talks about that.",
                   (_e("approval", "", -4), _e("unrest", "restless", 5))),
        ),
        "cut_feed",
    ),
    StoryEvent(
        "discovery", "What Ecolife leaves behind", ("Kira",),
        "Testing a new sorting line, Kira finds that Ecolife's collection rounds skip hazardous waste "
        "almost entirely: it pays nothing to treat. Barrels are piling up in back streets, and she wants "
        "to know what you will do about it.",
        (_c("metric", "hazardous_untreated", at_least=150), _c("day_at_least", at_least=2)),
        (
            Choice("reprioritise", "Re-weight the rounds",
                   "Tell Ecolife to collect hazardous waste first. Less profit, fewer barrels.",
                   (_e("policy", "priority.hazardous", 90), _e("approval", "activists", 4), _e("approval", "backers", -3))),
            Choice("publish", "Publish her findings",
                   "Switch to the true figures now. The voters will not like what they read.",
                   (_e("policy", "transparency", 1), _e("approval", "activists", 8), _e("approval", "backers", -6))),
            Choice("bury", "File the report",
                   "Thank her and lock it away. Nothing changes, for now.",
                   (_e("approval", "backers", 3),)),
        ),
        "bury",
    ),
    StoryEvent(
        "cache", "Drums under the ruins", ("Nomar",),
        "A patrol maps a tunnel full of leaking drums: a scavenger cache, hazardous waste hidden where "
        "nobody counts it. Nomar's people guard it and say they kept it off the streets.",
        (_c("metric", "caches", at_least=40),),
        (
            Choice("seize", "Seize the drums",
                   "Send the drones in and take everything to the depot. The tribes will remember.",
                   (_e("seize_caches"), _e("unrest", "", 15), _e("approval", "uptown", 3))),
            Choice("buy", "Pay for the location of every cache",
                   "Buy the drums back at a fair price and carry them off without a fight.",
                   (_e("funds", "", -1500), _e("seize_caches"), _e("unrest", "", -8))),
            Choice("leave", "Leave them be",
                   "Look the other way. The drums keep leaking into the soil around the camp.",
                   (_e("pollution", "restless", 400),)),
        ),
        "leave",
    ),
    StoryEvent(
        "technician", "The technician's doubts", ("Ahmad",),
        "Ahmad keeps Ecolife's servers running. Tonight he asks to see you alone: the published figures "
        "are edited before they leave his desk, and he will not sign them much longer.",
        (_c("hidden_at_least", at_least=80), _c("day_at_least", at_least=4)),
        (
            Choice("hear", "Hear him out and publish",
                   "Let him release the unedited numbers. Honest, and expensive in votes today.",
                   (_e("policy", "transparency", 1), _e("approval", "activists", 6))),
            Choice("transfer", "Transfer him to the depot",
                   "Move him somewhere with no access. He will talk to someone else.",
                   (_e("approval", "backers", 2),)),
            Choice("pay", "Pay for his silence",
                   "A bonus and a non-disclosure agreement.",
                   (_e("funds", "", -2000),)),
        ),
        "transfer",
    ),
    StoryEvent(
        "organiser", "The organiser's offer", ("Tara",),
        "Tara has spent months in the camps. She offers a deal: legal status for the tribes, and in "
        "return they bring what they collect to the plants instead of hiding it.",
        (_c("tribe_unrest_at_least", at_least=40), _c("day_at_least", at_least=3)),
        (
            Choice("amnesty", "Accept: amnesty and collectors",
                   "Pay the tribes to collect. Smuggling falls, the budget shrinks, the undercity cheers.",
                   (_e("policy", "scavenger_stance", 1), _e("policy", "community_recycling", 1),
                    _e("unrest", "", -15), _e("funds", "", -1000), _e("approval", "undercity", 6))),
            Choice("decline", "Decline politely",
                   "Nothing changes, and the camps notice that nothing changes.",
                   (_e("unrest", "", 8),)),
            Choice("crackdown", "Answer with a crackdown",
                   "Heavy patrols and seizures. Uptown sleeps better; the camps do not.",
                   (_e("policy", "scavenger_stance", -1), _e("policy", "patrol_intensity", 3),
                    _e("unrest", "", 20), _e("approval", "uptown", 5), _e("approval", "undercity", -8))),
        ),
        "decline",
    ),
    StoryEvent(
        "study", "The scientist's study", ("Ravi",),
        "Ravi has been sampling soil near the hotspots, and the numbers disagree with Ecolife's. He "
        "wants money for a proper study whose data anyone can check.",
        (_c("metric", "pollution_max", at_least=600),),
        (
            Choice("open", "Fund an open study",
                   "Pay for it and publish everything. Costly, and trusted.",
                   (_e("funds", "", -3000), _e("approval", "activists", 8), _e("policy", "criminalise_neglect", 1))),
            Choice("internal", "Fund it in-house",
                   "Pay for a study whose results stay on Ecolife's servers.",
                   (_e("funds", "", -1200), _e("approval", "backers", 2))),
            Choice("refuse", "Refuse the grant",
                   "He will publish his rough numbers anyway.",
                   (_e("approval", "activists", -6),)),
        ),
        "refuse",
    ),
    StoryEvent(
        "tycoon", "The tycoon's offer", ("Victor",),
        "Victor, whose money built half of Ecolife, sees the city's accounts running dry. He offers "
        "a generous loan, provided the city keeps its waste figures to itself.",
        (_c("metric", "funds", at_most=12_000), _c("day_at_least", at_least=3)),
        (
            Choice("accept", "Take the money and his terms",
                   "Cash now; the true figures stay unpublished.",
                   (_e("funds", "", 8000), _e("policy", "transparency", 0), _e("approval", "backers", 8),
                    _e("approval", "activists", -8))),
            Choice("reform", "Take less, with conditions",
                   "A smaller loan, tied to criminalising hazardous neglect. He grumbles and signs.",
                   (_e("funds", "", 4000), _e("policy", "criminalise_neglect", 1), _e("approval", "backers", -3))),
            Choice("refuse", "Refuse",
                   "The city stays poor and free.",
                   (_e("approval", "backers", -5), _e("approval", "activists", 3))),
        ),
        "refuse",
    ),
    StoryEvent(
        "standoff", "The drone standoff", ("Tara", "Lila"),
        "Tara's volunteers have walked into a restricted yard to film what is stored there. Security "
        "drones circle them, lights on. Lila, an engineer who worked on the drones, says she can shut "
        "them down from her laptop.",
        (_c("policy", "patrol_intensity", at_least=2), _c("tribe_unrest_at_least", at_least=45)),
        (
            Choice("stand_down", "Order the drones to stand down",
                   "Let them film. The drones stay grounded for a day.",
                   (_e("security_off", "", 24), _e("unrest", "", -10), _e("approval", "backers", -4),
                    _e("approval", "activists", 5))),
            Choice("hold", "Hold the line",
                   "The drones scatter the crowd. Some leave the city for good.",
                   (_e("unrest", "", 15), _e("tribe_members", "restless", -5), _e("approval", "activists", -8))),
            Choice("hack", "Let Lila hack them",
                   "A quiet shutdown nobody has to order. It costs a repair bill.",
                   (_e("security_off", "", 48), _e("funds", "", -1000), _e("unrest", "", -5))),
        ),
        "hold",
    ),
    StoryEvent(
        "blackout_threat", "The blackout device", ("Nomar",),
        "A message arrives from the undercity: Nomar's device is clamped onto a main line. Meet the "
        "tribes' demands, or a district goes dark.",
        (_c("tribe_unrest_at_least", at_least=70),),
        (
            Choice("negotiate", "Negotiate",
                   "Pay for food and medicine for the camps. The device goes quiet.",
                   (_e("funds", "", -2500), _e("unrest", "", -20))),
            Choice("bluff", "Call his bluff",
                   "It is not a bluff. A district goes dark for a day and a half.",
                   (_e("power_cut", "restless", 36), _e("unrest", "", 5), _e("approval", "", -4))),
            Choice("raid", "Raid the camp",
                   "Drones take the device and whatever else they find. Families scatter.",
                   (_e("seize_caches"), _e("tribe_members", "restless", -8), _e("unrest", "", 20),
                    _e("approval", "undercity", -10))),
        ),
        "bluff",
    ),
    StoryEvent(
        "shipments", "Hidden shipments", ("Lila", "Ravi"),
        "Lila has traced trucks that leave at night, loaded with waste labelled as recycled material. "
        "Ravi confirms it: the city's zero-waste record is made of somebody else's landfill.",
        (_c("hidden_at_least", at_least=150),),
        (
            Choice("stop", "Stop the shipments",
                   "Treat the waste here, at a price, and make neglect a crime.",
                   (_e("funds", "", -3000), _e("policy", "criminalise_neglect", 1), _e("approval", "activists", 6))),
            Choice("continue", "Keep shipping",
                   "The contractor pays well. The dump near the camps grows.",
                   (_e("funds", "", 2000), _e("pollution", "restless", 600))),
            Choice("confess", "Announce it yourself",
                   "Come clean before someone else does.",
                   (_e("policy", "transparency", 1), _e("expose", "the city's own announcement"))),
        ),
        "continue",
    ),
    StoryEvent(
        "exposure_threat", "The tribes threaten to talk", ("Nomar", "Tara"),
        "The tribes have photographs of the barrels Ecolife never counts. They will hand them to the "
        "press unless the camps get clean water and the patrols ease off.",
        (_c("tribe_unrest_at_least", at_least=60), _c("hidden_at_least", at_least=50)),
        (
            Choice("come_clean", "Publish first",
                   "Switch to the true figures and take the blow on your own terms.",
                   (_e("policy", "transparency", 1), _e("expose", "the city's confession"), _e("unrest", "", -10))),
            Choice("buy", "Meet their demands",
                   "Water, filters and lighter patrols. Expensive, quiet.",
                   (_e("funds", "", -4000), _e("policy", "patrol_intensity", 1), _e("unrest", "", -12))),
            Choice("ignore", "Ignore them",
                   "They keep their word: the photographs are on every screen by morning.",
                   (_e("expose", "scavenger tribes"), _e("unrest", "", 5))),
        ),
        "ignore",
    ),
    StoryEvent(
        "sabotage", "Sabotage at the plant", ("Nomar",),
        "Night-shift guards find cut fences and loosened valves at the hazard treatment works. Someone "
        "in the camps is angry enough to stop the plant for good.",
        (_c("tribe_unrest_at_least", at_least=80),),
        (
            Choice("guard", "Post guards at every plant",
                   "Expensive overtime, and the camps feel watched.",
                   (_e("funds", "", -1500), _e("unrest", "", 8))),
            Choice("talk", "Send a mediator to the camps",
                   "Hear the grievances and promise food deliveries.",
                   (_e("funds", "", -1000), _e("unrest", "", -15))),
            Choice("ignore", "Do nothing",
                   "The saboteurs come back and finish the job: the plant stops for two days.",
                   (_e("sabotage", "hazard_treatment", 48), _e("unrest", "", -5))),
        ),
        "ignore",
    ),
    StoryEvent(
        "protest", "A rally for the truth", ("Tara",),
        "Thousands fill the square below the council: residents, activists and scavengers side by side. "
        "Their banners ask one question: where does the waste go?",
        (_c("metric", "voter_approval", at_most=40), _c("day_at_least", at_least=5)),
        (
            Choice("meet", "Go down and meet them",
                   "Promise the true figures, starting today.",
                   (_e("policy", "transparency", 1), _e("approval", "", 3))),
            Choice("disperse", "Disperse the rally",
                   "Drones clear the square. The footage travels far.",
                   (_e("approval", "activists", -8), _e("approval", "undercity", -8), _e("unrest", "", 10))),
            Choice("promise", "Promise a review",
                   "Vague words from a balcony.",
                   (_e("approval", "", -2),)),
        ),
        "promise",
    ),
    StoryEvent(
        "reform", "The reform", ("Victor", "Lucia", "Kira"),
        "With the true figures published and neglect a crime, Victor surprises everyone: he proposes a "
        "city council where engineers, scavengers and investors decide together how waste is handled.",
        (_c("policy", "transparency", at_least=1), _c("policy", "criminalise_neglect", at_least=1),
         _c("day_at_least", at_least=6)),
        (
            Choice("council", "Found the council",
                   "Share power and pay for a community recycling programme.",
                   (_e("funds", "", -2000), _e("policy", "community_recycling", 1), _e("approval", "", 6),
                    _e("unrest", "", -10))),
            Choice("cosmetic", "A council in name only",
                   "Meetings, photographs, no votes.",
                   (_e("approval", "", 1), _e("approval", "activists", -4))),
            Choice("shelve", "Shelve the idea",
                   "Thank Victor and change nothing.",
                   (_e("approval", "activists", -8), _e("approval", "backers", 2))),
        ),
        "shelve",
    ),
)
