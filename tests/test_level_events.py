"""The level's [events] section: shipped events enabled or disabled, custom events, one-line problems."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from game.data.field_errors import known_list
from game.level import load_level
from game.level.events_section import events_setup
from game.level.problems import Problems
from game.sim.scenario import GOAL_METRICS
from game.sim.story import EVENTS, Condition, Effect

CUSTOM = '''
[events]
disable = ["tycoon"]

[[events.custom]]
id = "audit"
title = "The auditor calls"
text = "An auditor wants the hazardous waste books."
cast = ["Ahmad"]
trigger = [{kind = "metric", metric = "caches", at_least = 50}, {kind = "chose", event = "discovery", choice = "bury"}]

[[events.custom.choices]]
id = "pay"
label = "Pay the fine"
explanation = "Settle quietly."
effects = [{kind = "funds", amount = -2000}, {kind = "policy", policy = "transparency", value = 1}]

[[events.custom.choices]]
id = "stall"
label = "Stall"
explanation = "Ask for time."
default = true
effects = [{kind = "sabotage", building = "compost_works", ticks = 24}, {kind = "approval", faction = "activists", amount = -3}]
'''


def setup_of(text: str) -> tuple[object, list[str]]:
    """Return (events_setup's result, its problems) for the [events] section in `text`."""
    problems = Problems("level.toml", text)
    result = events_setup(tomllib.loads(text).get("events", {}), problems)
    return result, problems.lines


def test_a_custom_event_is_read_with_its_trigger_choices_and_default() -> None:
    setup, problems = setup_of(CUSTOM)
    assert problems == []
    assert setup.enabled is None and setup.disabled == ("tycoon",)
    (event,) = setup.custom
    assert event.id == "audit" and event.default == "stall" and event.cast == ("Ahmad",)
    assert event.trigger == (Condition("metric", "caches", 50, None), Condition("chose", "discovery.bury"))
    assert event.choices[0].effects == (Effect("funds", "", -2000), Effect("policy", "transparency", 1))
    assert event.choices[1].effects == (Effect("sabotage", "compost_works", 24), Effect("approval", "activists", -3))


def test_an_empty_section_runs_every_shipped_event() -> None:
    setup, problems = setup_of("")
    assert problems == [] and setup.enabled is None and setup.disabled == () and setup.custom == ()


def test_enable_lists_only_the_shipped_events_to_run() -> None:
    setup, problems = setup_of('[events]\nenable = ["debate", "cache"]\n')
    assert problems == [] and setup.enabled == ("debate", "cache")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('kind = "funds", amount = -2000', 'kind = "explode", amount = -2000',
         ("level.toml:16:20: events.custom[0].choices[0].effects[0].kind: unknown effect 'explode'; known: funds, policy, "
         "approval, unrest, tribe_members, security_off, power_cut, sabotage, expose, seize_caches, stance, "
         "pollution; did you mean 'expose'?")),
        ('metric = "caches"', 'metric = "cachez"',
         "level.toml:10:39: events.custom[0].trigger[0].metric: unknown metric 'cachez'; known: "
         + known_list(GOAL_METRICS) + "; did you mean 'caches'?"),
        ('kind = "funds", amount = -2000', 'kind = "funds"',
         "level.toml:16:12: events.custom[0].choices[0].effects[0].amount: required for a 'funds effect'"),
        ('policy = "transparency", value = 1', 'policy = "transparency", value = 4',
         "level.toml:16:97: events.custom[0].choices[0].effects[1].value: Transparency must be between 0 and 1, got 4"),
        ('choice = "bury"', 'choice = "hide"',
         "level.toml:10:112: events.custom[0].trigger[1].choice: unknown choice of 'discovery' 'hide'; known: reprioritise, publish, bury"),
        ('disable = ["tycoon"]', 'disable = ["tycon"]',
         "level.toml:3:12: events.disable[0]: unknown event 'tycon'; known: "
         + ", ".join(event.id for event in EVENTS) + "; did you mean 'tycoon'?"),
        ('id = "audit"', 'id = "cache"',
         "level.toml:6:6: events.custom[0].id: 'cache' is already the id of another event"),
        ('default = true\n', '',
         "level.toml:5:1: events.custom[0].choices: exactly one choice must have default = true, found 0"),
        ('cast = ["Ahmad"]', 'cast = "Ahmad"',
         "level.toml:9:8: events.custom[0].cast: expected an array, got the string 'Ahmad'"),
        ('ticks = 24', 'ticks = 24, colour = "red"',
         "level.toml:23:81: events.custom[0].choices[1].effects[0].colour: unknown field"),
        ('id = "audit"', 'id = "Audit!"',
         "level.toml:6:6: events.custom[0].id: must be made of lower-case letters a-z, digits and _ only, got the string 'Audit!'"),
        ('trigger = [{kind = "metric", metric = "caches", at_least = 50}, {kind = "chose", event = "discovery", choice = "bury"}]',
         "trigger = []",
         "level.toml:10:11: events.custom[0].trigger: has 0 entries; at least 1 needed"),
        ("default = true", 'default = "yes"',
         "level.toml:22:11: events.custom[0].choices[1].default: expected true or false, got the string 'yes'"),
        ('title = "The auditor calls"', 'title = "' + "t" * 5000 + '"',
         "level.toml:7:9: events.custom[0].title: is 5,000 characters long; at most 200 allowed"),
        ("default = true\n", 'default = true\noffered_when = [{kind = "day_at_least", at_least = 3}]\n',
         "level.toml:23:16: events.custom[0].choices[1].offered_when: the default choice is always offered (it is taken "
         "when time runs out): it cannot have offered_when conditions"),
        ('explanation = "Settle quietly."', 'explanation = "Settle quietly."\noffered_when = [{kind = "luck", at_least = 3}]',
         "level.toml:16:25: events.custom[0].choices[0].offered_when[0].kind: unknown condition 'luck'; known: metric, "
         "day_at_least, days_to_election_at_most, policy, tribe_unrest_at_least, hidden_at_least, fired, chose"),
        ('explanation = "Settle quietly."', 'explanation = "Settle quietly."\noffered_when = [{kind = "metric", metric = "funds"}]',
         "level.toml:16:17: events.custom[0].choices[0].offered_when[0].at_least: a metric condition needs at_least, at_most or both"),
    ],
)
def test_a_broken_custom_event_gives_one_exact_line(old: str, new: str, expected: str) -> None:
    assert old in CUSTOM
    setup, problems = setup_of(CUSTOM.replace(old, new, 1))
    assert setup is None
    assert problems == [expected]


def test_a_choice_may_be_offered_only_under_conditions() -> None:
    text = CUSTOM.replace('explanation = "Settle quietly."', 'explanation = "Settle quietly."\n'
                          'offered_when = [{kind = "metric", metric = "funds", at_least = 2000}, {kind = "fired", event = "study"}]')
    setup, problems = setup_of(text)
    assert problems == []
    (event,) = setup.custom
    assert event.choices[0].offered_when == (Condition("metric", "funds", 2000, None), Condition("fired", "study"))
    assert event.choices[1].offered_when == ()


def choice_text(index: int) -> str:
    """Return one more choice of the audit event, as a level writes it."""
    return f'[[events.custom.choices]]\nid = "more_{index}"\nlabel = "More {index}"\nexplanation = "Another way."\n'


def test_an_event_may_have_five_choices_and_no_more() -> None:
    five = CUSTOM + "".join(choice_text(index) for index in range(3))
    setup, problems = setup_of(five)
    assert problems == [] and len(setup.custom[0].choices) == 5
    _, problems = setup_of(five + choice_text(3))
    assert problems == ["level.toml:5:1: events.custom[0].choices: has 6 entries; at most 5 allowed"]


def test_a_custom_event_may_follow_another_and_fire_when_it_is_answered() -> None:
    setup, problems = setup_of(CUSTOM.replace('cast = ["Ahmad"]', 'cast = ["Ahmad"]\nfollows = "debate"'))
    assert problems == [] and setup.custom[0].follows == "debate"
    _, problems = setup_of(CUSTOM.replace('cast = ["Ahmad"]', 'cast = ["Ahmad"]\nfollows = "audit"'))
    assert problems == ["level.toml:10:11: events.custom[0].follows: an event cannot follow itself"]
    _, problems = setup_of(CUSTOM.replace('cast = ["Ahmad"]', 'cast = ["Ahmad"]\nfollows = "debat"'))
    assert len(problems) == 1 and problems[0].startswith("level.toml:10:11: events.custom[0].follows: unknown event 'debat'; known: debate, ")
    assert problems[0].endswith("did you mean 'debate'?")


def test_each_broken_event_is_reported_on_its_own_line() -> None:
    text = CUSTOM.replace('kind = "funds"', 'kind = "boom"').replace('metric = "caches"', 'metric = "nothing"')
    _, problems = setup_of(text)
    assert [line[:len("level.toml:10:39: events.custom[0].")] for line in problems] == [
        "level.toml:10:39: events.custom[0].", "level.toml:16:20: events.custom[0]."
    ]


def test_a_level_file_with_custom_events_loads_them(tmp_path: Path) -> None:
    level = tmp_path / "level.toml"
    level.write_text('format = 2\nname = "Story Town"\nseed = 1\n\n[map]\nrows = """\n......\n......\n"""\n' + CUSTOM)
    scenario = load_level(level)
    assert [event.id for event in scenario.events.custom] == ["audit"]
    assert scenario.events.disabled == ("tycoon",)
    assert "tycoon" in [event.id for event in EVENTS]


def test_an_approval_effect_must_name_a_real_faction() -> None:
    _, problems = setup_of(CUSTOM.replace('faction = "activists"', 'faction = "pirates"'))
    assert len(problems) == 1
    assert problems[0].startswith("level.toml:23:103: events.custom[0].choices[1].effects[1].faction: unknown faction 'pirates'; known: ")


def test_an_events_section_that_is_not_a_table_is_one_line() -> None:
    problems = Problems("level.toml", "events = 3\n")
    assert events_setup(3, problems) is None
    assert problems.lines == ["level.toml:1:10: events: expected a table, got the integer 3"]


def test_the_known_ids_a_message_lists_are_cut_short_however_many_the_level_adds() -> None:
    event = CUSTOM.split("[[events.custom]]", 1)[1]  # the audit with its choices
    events = "".join(
        "[[events.custom]]" + event.replace('id = "audit"', f'id = "{index:02d}{"e" * 58}"') for index in range(40)
    )
    _, problems = setup_of("[events]\n" + events.replace('event = "discovery"', 'event = "nowhere"', 1))
    assert len(problems) == 1, problems
    assert problems[0].startswith("level.toml:7:90: events.custom[0].trigger[1].event: unknown event 'nowhere'; known: ")
    assert len(problems[0]) < 450 and problems[0].endswith(" more"), problems[0]


@pytest.mark.parametrize(("original", "hostile", "field"), [
    ('title = "The auditor calls"', 'title = "The auditor\\u0000 calls"', "events.custom[0].title"),
    ('text = "An auditor', 'text = "An\\u0000 auditor', "events.custom[0].text"),
    ('cast = ["Ahmad"]', 'cast = ["Ah\\u001bmad"]', "events.custom[0].cast[0]"),
    ('label = "Pay the fine"', 'label = "Pay\\u0000 the fine"', "events.custom[0].choices[0].label"),
    ('explanation = "Ask for time."', 'explanation = "Ask\\u0007 for time."', "events.custom[0].choices[1].explanation"),
])
def test_a_control_character_in_a_custom_event_is_refused_in_one_line(original: str, hostile: str, field: str) -> None:
    _, problems = setup_of(CUSTOM.replace(original, hostile, 1))
    assert len(problems) == 1 and "\n" not in problems[0] and "\x00" not in problems[0]
    assert problems[0].startswith("level.toml") and field in problems[0] and "printable text" in problems[0]
