"""Story events: triggers, answers, timeouts, determinism and saving, and the shipped table's shape."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from worlds import TICKS_PER_DAY, at, step_to_day_end

from game.data.events import MAX_CHOICES
from game.sim import Simulation
from game.sim.checks import SnapshotError
from game.sim.commands import Choose, SetPolicy
from game.sim.scenario import Camp, EventSetup, PoliticsSetup
from game.sim.snapshot import capture, restore
from game.sim.story import (
    CONDITION_KINDS,
    EFFECT_KINDS,
    EVENTS,
    Choice,
    Condition,
    Effect,
    StoryChoiceTaken,
    StoryEvent,
    StoryEventFired,
    event_from_data,
    event_to_data,
)
from game.sim.waste import WASTE_TYPES

HAZARDOUS = WASTE_TYPES.index("hazardous")

# A level's own event on core figures only, so it runs whatever the other parts do.
AUDIT = StoryEvent(
    id="audit",
    title="The auditor calls",
    cast=("Ahmad",),
    text="An auditor wants to see the hazardous waste books.",
    trigger=(Condition("metric", "hazardous_untreated", at_least=500), Condition("day_at_least", at_least=1)),
    choices=(
        Choice("pay", "Pay the fine", "Settle quietly.", (Effect("funds", "", -700), Effect("policy", "transparency", 1))),
        Choice("stall", "Stall", "Ask for more time.", (Effect("funds", "", -100),)),
    ),
    default="stall",
)


# Hazardous waste left lying about pollutes a tiny map fast; keep the level running for these tests.
CALM = {"pollution_catastrophe_mean": 1_000_000}


def story_world(make_world: Callable[..., Simulation], **fields: Any) -> Simulation:
    """Return a tiny world running only the AUDIT event (unless `events` says otherwise)."""
    fields.setdefault("events", EventSetup(enabled=(), custom=(AUDIT,)))
    fields["rules"] = {**CALM, **fields.get("rules", {})}
    return make_world(None, at("solar_farm", 0, 0), at("power_line", 3, 1), **fields)


def dump_hazardous(sim: Simulation, units: int) -> None:
    """Leave `units` of hazardous waste lying on one tile."""
    sim.waste[HAZARDOUS, 5, 8] += units


def fire_audit(sim: Simulation) -> None:
    """Make the audit's trigger hold and run to the end of day 1, when it fires."""
    dump_hazardous(sim, 5_000)
    sim.step(TICKS_PER_DAY)
    step_to_day_end(sim)
    sim.step(1)


def test_event_fires_when_its_condition_holds_and_not_before(make_world: Callable[..., Simulation]) -> None:
    sim = story_world(make_world)
    sim.step(3 * TICKS_PER_DAY)
    assert sim.story.active is None and sim.story.fired == []
    dump_hazardous(sim, 5_000)
    step_to_day_end(sim)
    assert sim.story.active is None  # conditions are checked at day end only
    sim.step(1)
    assert sim.story.active is not None and sim.story.active.event_id == "audit"
    assert sim.story.fired == [(sim.tick - 1, "audit")]
    fired = [event for event in sim.drain_events() if isinstance(event, StoryEventFired)]
    assert [event.event_id for event in fired] == ["audit"] and "auditor" in fired[0].message.lower()


def test_answering_applies_the_effects_and_logs_the_choice(make_world: Callable[..., Simulation]) -> None:
    sim = story_world(make_world)
    fire_audit(sim)
    events_before = sim.ledger.events
    result = sim.execute(Choose("audit", "pay"))
    assert result.ok, result
    assert sim.ledger.events == events_before - 700
    assert sim.policies["transparency"] == 1
    assert sim.story.active is None
    assert sim.story.choices == [(sim.tick, "audit", "pay", "player")]
    taken = [event for event in sim.drain_events() if isinstance(event, StoryChoiceTaken)]
    assert [(event.choice_id, event.how) for event in taken] == [("pay", "player")]


@pytest.mark.parametrize(
    ("event", "choice", "reason"),
    [
        ("audit", "explode", "has no choice 'explode'; its choices: pay, stall"),
        ("debate", "defend", "event 'debate' is not the one waiting; 'audit' is"),
    ],
)
def test_a_wrong_event_or_choice_is_rejected_and_changes_nothing(
    make_world: Callable[..., Simulation], event: str, choice: str, reason: str
) -> None:
    sim = story_world(make_world)
    fire_audit(sim)
    before = sim.state_hash()
    result = sim.execute(Choose(event, choice))
    assert not result.ok and reason in result.reason
    assert sim.story.choices == [] and sim.story.active is not None
    assert sim.policies["transparency"] == 0 and sim.ledger.events == 0
    # The command log grows with the refusal; nothing else may differ.
    sim.command_log.pop()
    assert sim.state_hash() == before


def test_choosing_with_nothing_waiting_is_rejected(make_world: Callable[..., Simulation]) -> None:
    sim = story_world(make_world)
    result = sim.execute(Choose("audit", "pay"))
    assert not result.ok and result.reason == "no event 'audit' is waiting for an answer"


def test_an_unanswered_event_times_out_to_its_default(make_world: Callable[..., Simulation]) -> None:
    sim = story_world(make_world, rules={"event_timeout_ticks": 10})
    fire_audit(sim)
    fired_tick = sim.story.active.fired_tick
    sim.step(fired_tick + 10 - sim.tick)  # systems have run up to the tick before the deadline
    assert sim.story.active is not None
    sim.step(1)
    assert sim.story.active is None
    assert sim.story.choices == [(fired_tick + 10, "audit", "stall", "timeout")]
    assert sim.policies["transparency"] == 0


def test_a_once_event_fires_only_once(make_world: Callable[..., Simulation]) -> None:
    sim = story_world(make_world, rules={"event_timeout_ticks": 2})
    fire_audit(sim)
    sim.step(5 * TICKS_PER_DAY)
    assert [event for _, event in sim.story.fired] == ["audit"]


def test_a_repeating_event_waits_out_its_cooldown(make_world: Callable[..., Simulation]) -> None:
    repeating = replace(AUDIT, once=False, cooldown_days=3)
    sim = story_world(make_world, rules={"event_timeout_ticks": 2}, events=EventSetup(enabled=(), custom=(repeating,)))
    dump_hazardous(sim, 50_000)
    sim.step(8 * TICKS_PER_DAY)
    days = [tick // TICKS_PER_DAY for tick, _ in sim.story.fired]
    assert days == [1, 4, 7]


def test_events_fire_in_table_order_one_at_a_time(make_world: Callable[..., Simulation]) -> None:
    second = replace(AUDIT, id="second", title="Second")
    sim = story_world(make_world, rules={"event_timeout_ticks": 2}, events=EventSetup(enabled=(), custom=(AUDIT, second)))
    fire_audit(sim)
    assert sim.story.active.event_id == "audit"
    sim.step(3 * TICKS_PER_DAY)
    assert [event for _, event in sim.story.fired] == ["audit", "second"]


def test_the_level_can_disable_a_shipped_event(make_world: Callable[..., Simulation]) -> None:
    everything = story_world(make_world, events=EventSetup())
    assert "discovery" in [event.id for event in everything.story.events]
    without = story_world(make_world, events=EventSetup(disabled=("discovery",)))
    assert "discovery" not in [event.id for event in without.story.events]
    assert len(without.story.events) == len(EVENTS) - 1


def test_the_discovery_fires_on_untreated_hazardous_waste(make_world: Callable[..., Simulation]) -> None:
    sim = story_world(make_world, events=EventSetup(enabled=("discovery",)))
    sim.step(3 * TICKS_PER_DAY)
    assert sim.story.fired == []
    dump_hazardous(sim, 5_000)
    sim.step(TICKS_PER_DAY)
    assert sim.story.active is not None and sim.story.active.event_id == "discovery"
    assert sim.execute(Choose("discovery", "reprioritise")).ok
    assert sim.policies["priority.hazardous"] == 90


def run_with_answer(seed: int, answer_at: int | None) -> str:
    """Run the audit world 4 days, answering at tick `answer_at` (None: let it time out); return the hash."""
    from worlds import world

    sim = world(None, at("solar_farm", 0, 0), seed=seed, rules=CALM, events=EventSetup(enabled=(), custom=(AUDIT,)))
    try:
        dump_hazardous(sim, 5_000)
        for tick in range(4 * TICKS_PER_DAY):
            if tick == answer_at:
                sim.submit(Choose("audit", "pay"))
            if tick == 30:
                sim.submit(SetPolicy("patrol_intensity", 2))
            sim.step(1)
        return sim.state_hash()
    finally:
        sim.close()


def test_the_same_seed_and_commands_give_the_same_hash() -> None:
    assert run_with_answer(3, 50) == run_with_answer(3, 50)
    assert run_with_answer(3, 50) != run_with_answer(3, None)


def test_capture_and_restore_mid_event_continue_to_the_same_hash(make_world: Callable[..., Simulation]) -> None:
    sim = story_world(make_world)
    fire_audit(sim)
    sim.step(3)
    assert sim.story.active is not None
    meta, arrays = capture(sim)
    copy = restore(meta, arrays)
    try:
        assert copy.state_hash() == sim.state_hash()
        assert copy.story.active == sim.story.active and copy.story.fired == sim.story.fired
        for twin in (sim, copy):
            twin.submit(Choose("audit", "pay"))
            twin.step(2 * TICKS_PER_DAY)
        assert copy.story.choices == sim.story.choices != []
        assert copy.state_hash() == sim.state_hash()
    finally:
        copy.close()


def test_a_damaged_story_in_a_save_names_its_field(make_world: Callable[..., Simulation]) -> None:
    sim = story_world(make_world)
    fire_audit(sim)
    meta, arrays = capture(sim)
    meta["society"]["story"]["active"]["event"] = "nonsense"
    with pytest.raises(SnapshotError, match=r"^society\.story\.active\.event: 'nonsense' is not one of audit$"):
        restore(meta, arrays)
    meta["society"]["story"]["active"] = {"event": "audit", "fired_tick": 30, "deadline_tick": 5}
    with pytest.raises(SnapshotError, match=r"^society\.story\.active\.deadline_tick: 5 is below the least allowed 30$"):
        restore(meta, arrays)


def test_the_choices_a_waiting_event_offers_are_saved_with_it(make_world: Callable[..., Simulation]) -> None:
    sim = story_world(make_world)
    fire_audit(sim)
    assert sim.story.active is not None and sim.story.active.offered == ("pay", "stall")
    sim.story.fire(AUDIT, sim.tick, 31, offered=("stall",))
    meta, arrays = capture(sim)
    assert meta["society"]["story"]["active"]["offered"] == ["stall"]
    copy = restore(meta, arrays)
    try:
        assert copy.story.active == sim.story.active and copy.story.active.offered == ("stall",)
    finally:
        copy.close()


def test_a_save_from_before_withheld_choices_offers_every_choice(make_world: Callable[..., Simulation]) -> None:
    sim = story_world(make_world)
    fire_audit(sim)
    meta, arrays = capture(sim)
    del meta["society"]["story"]["active"]["offered"]
    copy = restore(meta, arrays)
    try:
        assert copy.story.active is not None and copy.story.active.offered == ("pay", "stall")
    finally:
        copy.close()


@pytest.mark.parametrize(
    ("offered", "message"),
    [
        (["pay"], r"^society\.story\.active\.offered: the default choice 'stall' must be offered$"),
        (["stall", "flee"], r"^society\.story\.active\.offered\[1\]: expected one of pay, stall$"),
        (["stall", "stall"], r"^society\.story\.active\.offered: a choice is listed twice$"),
        ("stall", r"^society\.story\.active\.offered: expected a list of at most \d+ items$"),
    ],
)
def test_a_damaged_list_of_offered_choices_names_its_field(
    make_world: Callable[..., Simulation], offered: Any, message: str
) -> None:
    sim = story_world(make_world)
    fire_audit(sim)
    meta, arrays = capture(sim)
    meta["society"]["story"]["active"]["offered"] = offered
    with pytest.raises(SnapshotError, match=message):
        restore(meta, arrays)


def test_events_round_trip_through_plain_data() -> None:
    for event in (*EVENTS, AUDIT):
        assert event_from_data(event_to_data(event), "x") == event


def test_broken_event_data_names_the_field() -> None:
    data = event_to_data(AUDIT)
    data["choices"][1]["effects"][0]["kind"] = "explode"
    with pytest.raises(SnapshotError, match=r"^custom\[0\]\.choices\[1\]\.effects\[0\]\.kind: 'explode' is not one of funds, "):
        event_from_data(data, "custom[0]")
    data = event_to_data(AUDIT)
    data["default"] = "flee"
    with pytest.raises(SnapshotError, match=r"^e\.default: 'flee' is not one of pay, stall$"):
        event_from_data(data, "e")


def test_every_shipped_event_has_text_two_to_five_choices_and_a_default_among_them() -> None:
    assert len(EVENTS) >= 12
    assert len({event.id for event in EVENTS}) == len(EVENTS)
    for event in EVENTS:
        assert event.title and len(event.text) > 80 and event.cast, event.id
        assert 2 <= len(event.choices) <= MAX_CHOICES, event.id
        assert not event.choice(event.default).offered_when, event.id
        assert event.default in [choice.id for choice in event.choices], event.id
        assert event.trigger, event.id
        for choice in event.choices:
            assert choice.label and choice.explanation and choice.effects, (event.id, choice.id)
            assert all(effect.kind in EFFECT_KINDS for effect in choice.effects), (event.id, choice.id)
        assert all(condition.kind in CONDITION_KINDS for condition in event.trigger), event.id


def test_the_debate_offers_stances_before_elections() -> None:
    debate = next(event for event in EVENTS if event.id == "debate")
    assert [condition.kind for condition in debate.trigger] == ["days_to_election_at_most"]
    assert not debate.once
    assert {effect.kind for choice in debate.choices for effect in choice.effects} == {"stance"}


def test_power_cut_and_sabotage_effects_reach_the_grid(make_world: Callable[..., Simulation]) -> None:
    from game.sim.story_effects import apply_effect

    sim = story_world(make_world)
    sim.step(2)
    assert apply_effect(sim, Effect("power_cut", "", 12)) != ""
    assert sim.power.cuts and sim.power.cuts[-1][2] == sim.tick + 12
    assert apply_effect(sim, Effect("sabotage", "hazard_treatment", 20)) != ""  # no such plant: the solar farm
    assert list(sim.sabotaged.values()) == [sim.tick + 20]


def test_shipped_effects_name_real_factions_stances_policies_and_values() -> None:
    from game.sim.buildings import BUILDING_INDEX
    from game.sim.policies import POLICY_INDEX
    from game.sim.politics import FACTION_IDS, STANCE_IDS

    for event in EVENTS:
        for choice in event.choices:
            for effect in choice.effects:
                where = (event.id, choice.id, effect)
                if effect.kind == "approval" and effect.target:
                    assert effect.target in FACTION_IDS, where
                if effect.kind == "stance":
                    assert effect.target in STANCE_IDS, where
                if effect.kind == "policy":
                    policy = POLICY_INDEX[effect.target]
                    assert policy.minimum <= effect.amount <= policy.maximum, where
                if effect.kind == "sabotage":
                    assert effect.target in BUILDING_INDEX, where


def society_world(make_world: Callable[..., Simulation], enabled: tuple[str, ...], **fields: Any) -> Simulation:
    """Return a tiny world with one tribe on the ruins and elections every 8 days, running `enabled` events."""
    rows = ["............"] * 6 + ["RRRR........", "RRRR........"]
    return make_world(
        rows, at("solar_farm", 4, 0), at("power_line", 7, 1),
        rules={**CALM, **fields.pop("rules", {})},
        camps=(Camp("Rustbelt", 1, 6, members=20, unrest=55),),
        politics=PoliticsSetup(election_every_days=8, debate_days_before=3),
        events=EventSetup(enabled=enabled),
        **fields,
    )


def test_the_organisers_amnesty_calms_the_tribe_and_sets_the_policy(make_world: Callable[..., Simulation]) -> None:
    sim = society_world(make_world, ("organiser",))
    sim.step(2 * TICKS_PER_DAY)
    assert sim.story.fired == []  # the offer waits for day 3
    sim.step(2 * TICKS_PER_DAY)
    assert sim.story.active is not None and sim.story.active.event_id == "organiser"
    unrest = sim.agents.tribes[0].unrest
    assert sim.execute(Choose("organiser", "amnesty")).ok
    assert sim.policies["scavenger_stance"] == 1 and sim.policies["community_recycling"] == 1
    assert sim.agents.tribes[0].unrest == max(0, unrest - 15)


def test_the_debate_fires_in_the_days_before_the_election_and_takes_a_stance(make_world: Callable[..., Simulation]) -> None:
    sim = society_world(make_world, ("debate",))
    election_day = sim.politics.next_election_day()
    assert election_day is not None
    while sim.story.active is None and sim.day < election_day:
        sim.step(TICKS_PER_DAY)
    assert sim.story.active is not None and sim.story.active.event_id == "debate"
    days_left = sim.politics.days_to_election(sim)
    assert 0 < days_left <= 3
    result = sim.execute(Choose("debate", "transparency"))
    assert result.ok and result.detail.startswith("The televised debate: Promise the true figures (")


def run_to_the_debate(sim: Simulation, unrest: int, hazardous: int) -> None:
    """Step day by day until the debate fires, with the tribe's unrest and the hazardous waste lying about as given at each day end."""
    while sim.story.active is None:
        step_to_day_end(sim)
        sim.agents.tribes[0].unrest = unrest
        sim.waste[HAZARDOUS] = 0
        sim.waste[HAZARDOUS, 1, 10] = hazardous
        sim.step(1)
    assert sim.story.active.event_id == "debate"


def offered_in(sim: Simulation) -> tuple[str, ...]:
    """Return the ids of the choices the waiting event offers, as the window sees them."""
    from game.sim.view import CityView

    waiting = CityView(sim).waiting_event()
    assert waiting is not None
    return tuple(choice.id for choice in waiting.offered)


def test_the_debate_offers_a_crackdown_only_while_a_tribe_is_restless(make_world: Callable[..., Simulation]) -> None:
    calm, restless = society_world(make_world, ("debate",)), society_world(make_world, ("debate",))
    run_to_the_debate(calm, unrest=20, hazardous=0)
    run_to_the_debate(restless, unrest=90, hazardous=0)
    assert offered_in(calm) == ("acknowledge", "transparency", "defend")
    assert offered_in(restless) == ("acknowledge", "transparency", "defend", "crackdown")


def test_the_debate_offers_the_clean_up_only_while_hazardous_waste_lies_untreated(make_world: Callable[..., Simulation]) -> None:
    sim = society_world(make_world, ("debate",))
    run_to_the_debate(sim, unrest=20, hazardous=5_000)
    assert offered_in(sim) == ("acknowledge", "transparency", "defend", "cleanup")
    result = sim.execute(Choose("debate", "cleanup"))
    assert result.ok and "clean-up" in result.detail
    assert sim.politics.campaign[-1][1] == "promise_cleanup"


def test_every_debate_stance_can_be_offered() -> None:
    from game.sim.politics import STANCE_IDS

    debate = next(event for event in EVENTS if event.id == "debate")
    stances = [effect.target for choice in debate.choices for effect in choice.effects if effect.kind == "stance"]
    assert sorted(stances) == sorted(STANCE_IDS)


def test_a_choice_not_offered_is_rejected_with_what_it_needs_and_changes_nothing(make_world: Callable[..., Simulation]) -> None:
    sim = society_world(make_world, ("debate",))
    run_to_the_debate(sim, unrest=20, hazardous=0)
    before = sim.state_hash()
    result = sim.execute(Choose("debate", "crackdown"))
    assert not result.ok
    assert result.reason == (
        "choice 'crackdown' of event 'debate' is not offered this time (it needs a tribe's unrest at least 50 "
        "when the event fires); offered: acknowledge, transparency, defend"
    )
    sim.command_log.pop()
    assert sim.state_hash() == before and sim.story.active is not None


def test_what_an_event_offers_is_decided_when_it_fires(make_world: Callable[..., Simulation]) -> None:
    sim = society_world(make_world, ("debate",))
    run_to_the_debate(sim, unrest=90, hazardous=0)
    sim.agents.tribes[0].unrest = 0  # the tunnels calm down while the studio waits
    sim.step(3)
    assert "crackdown" in offered_in(sim)
    assert sim.execute(Choose("debate", "crackdown")).ok



def test_offered_conditions_and_a_sequel_of_a_custom_event_round_trip_through_plain_data() -> None:
    condition = Condition("policy", "patrol_intensity", at_least=2)
    event = replace(AUDIT, choices=(replace(AUDIT.choices[0], offered_when=(condition,)), AUDIT.choices[1]), follows="debate")
    data = event_to_data(event)
    assert data["choices"][0]["offered_when"] == [{"kind": "policy", "subject": "patrol_intensity", "at_least": 2, "at_most": None}]
    assert data["follows"] == "debate"
    assert event_from_data(data, "x") == event
    del data["choices"][0]["offered_when"], data["follows"]  # saved before choices could be withheld, or events follow others
    assert event_from_data(data, "x") == replace(AUDIT, follows="")
    data = event_to_data(replace(AUDIT, choices=(AUDIT.choices[0], replace(AUDIT.choices[1], offered_when=(condition,)))))
    with pytest.raises(SnapshotError, match=r"^x\.default: the default choice 'stall' is always offered"):
        event_from_data(data, "x")


def test_nomar_walks_on_the_moment_the_debate_is_answered(make_world: Callable[..., Simulation]) -> None:
    sim = society_world(make_world, ("debate", "debate_device"))
    run_to_the_debate(sim, unrest=90, hazardous=5_000)
    sim.step(5)  # the debate waits a few hours; the answer comes mid-day, long before a day end
    assert sim.execute(Choose("debate", "acknowledge")).ok
    answered = sim.tick
    sim.drain_events()
    sim.step(1)
    assert sim.story.active is not None and sim.story.active.event_id == "debate_device"
    assert sim.story.fired[-1] == (answered, "debate_device")  # the same tick: no day end, no gap between events
    fired = [event for event in sim.drain_events() if isinstance(event, StoryEventFired)]
    assert [event.event_id for event in fired] == ["debate_device"]
    assert sim.story.active.deadline_tick < sim.politics.next_election_day() * TICKS_PER_DAY - 1  # answered before the count


def test_nomar_walks_on_when_the_debate_times_out(make_world: Callable[..., Simulation]) -> None:
    sim = society_world(make_world, ("debate", "debate_device"))
    run_to_the_debate(sim, unrest=90, hazardous=5_000)
    deadline = sim.story.active.deadline_tick
    sim.step(deadline - sim.tick)
    sim.agents.tribes[0].unrest = 90
    sim.step(1)
    assert sim.story.choices[-1] == (deadline, "debate", "defend", "timeout")
    assert sim.story.active is not None and sim.story.active.event_id == "debate_device"
    assert sim.story.fired[-1] == (deadline, "debate_device")


@pytest.mark.parametrize(("unrest", "hazardous"), [(20, 5_000), (90, 100)])
def test_nomar_stays_away_from_calm_tunnels_or_clean_streets(make_world: Callable[..., Simulation], unrest: int, hazardous: int) -> None:
    sim = society_world(make_world, ("debate", "debate_device"))
    run_to_the_debate(sim, unrest=unrest, hazardous=hazardous)
    assert sim.execute(Choose("debate", "defend")).ok
    sim.step(1)
    assert sim.story.active is None
    sim.agents.tribes[0].unrest = 90
    sim.waste[HAZARDOUS, 1, 10] = 5_000
    sim.step(2 * TICKS_PER_DAY)  # a sequel fires only as one, never at a later day end
    assert [event for _, event in sim.story.fired] == ["debate"]


def test_the_shipped_device_follows_the_debate_on_stated_conditions() -> None:
    device = next(event for event in EVENTS if event.id == "debate_device")
    assert device.follows == "debate"
    assert device.trigger == (Condition("tribe_unrest_at_least", at_least=50), Condition("metric", "hazardous_untreated", at_least=500))
    assert "unrest is 50 or more" in device.text and "500 or more units of hazardous waste" in device.text
