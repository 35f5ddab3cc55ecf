"""The level editor's draft: edits, undo and redo, the loader's own problems, and files that load back."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from game.level import DEFAULT_LEVEL, load_level, validate_level
from game.level.draft import MAX_UNDO_BYTES, MAX_UNDO_STEPS, LevelDraft
from game.level.errors import InputError
from game.level.loader import level_from_document
from game.level.source import parse_toml
from game.sim.scenario import EventSetup, Goals, GoalTarget, PoliticsSetup, Scenario
from game.sim.terrain import GROUND, RUINS, UNDERCITY, WATER


def test_a_blank_draft_is_open_ground_and_a_sound_level() -> None:
    draft = LevelDraft.blank(30, 20)
    assert draft.terrain.shape == (20, 30) and draft.terrain.dtype == np.uint8
    assert (draft.terrain == GROUND).all()
    assert draft.problems() == []


def test_paint_fills_the_box_clipped_to_the_map_and_says_what_changed() -> None:
    draft = LevelDraft.blank(10, 10)
    assert draft.paint(8, 8, 14, 14, "water") == (8, 8, 10, 10)
    assert (draft.terrain[8:, 8:] == WATER).all() and int((draft.terrain == WATER).sum()) == 4
    assert draft.paint(8, 8, 10, 10, WATER) is None  # already water: nothing changes, no undo step
    assert draft.paint(-5, -5, 0, 3, "ruins") is None  # wholly off the map
    with pytest.raises(ValueError, match="unknown terrain"):
        draft.paint(0, 0, 1, 1, "lava")


def test_place_refuses_overlaps_and_wrong_ground_with_a_reason_and_changes_nothing() -> None:
    draft = LevelDraft.blank(20, 20)
    draft.paint(10, 0, 20, 20, "water")
    assert draft.place("housing", 2, 2) is None
    version = draft.version
    assert "overlaps the housing at (2, 2)" in (draft.place("compost_works", 1, 1) or "")
    assert "cannot stand on water" in (draft.place("solar_farm", 9, 0) or "")
    assert "does not fit on the 20x20 map" in (draft.place("landfill", 18, 18) or "")
    assert draft.place("castle", 0, 0) is not None
    assert draft.version == version and len(draft.facts.buildings) == 1
    assert draft.building_at(3, 3) == 0 and draft.building_at(4, 4) is None


def test_camps_go_on_ruins_or_undercity_with_names_of_their_own() -> None:
    draft = LevelDraft.blank(12, 12)
    draft.paint(0, 0, 4, 4, "ruins")
    draft.paint(8, 8, 12, 12, "undercity")
    assert "not ruins or undercity" in (draft.add_camp(6, 6) or "")
    assert draft.add_camp(1, 1) is None and draft.add_camp(9, 9) is None
    assert [camp.name for camp in draft.facts.camps] == ["Tribe 1", "Tribe 2"]
    assert draft.add_camp(1, 1) is not None  # one camp a tile
    assert "camp names must differ" in (draft.add_camp(2, 2, name="Tribe 1") or "")
    assert draft.remove_camp("Tribe 1") and not draft.remove_camp("Tribe 1")
    assert [camp.name for camp in draft.facts.camps] == ["Tribe 2"]


def test_remove_at_takes_a_camp_first_then_the_building_under_the_tile() -> None:
    draft = LevelDraft.blank(12, 12)
    draft.paint(0, 0, 6, 6, "ruins")
    draft.place("housing", 0, 0)
    draft.add_camp(1, 1)
    assert draft.remove_at(1, 1) == "camp Tribe 1"
    assert draft.remove_at(1, 1) == "housing"
    assert draft.remove_at(1, 1) == "" and draft.facts.buildings == () and draft.facts.camps == ()


def test_undo_and_redo_walk_every_kind_of_edit_back_and_forth() -> None:
    draft = LevelDraft.blank(16, 16)
    states = [(draft.terrain.copy(), draft.facts)]
    draft.paint(0, 0, 4, 4, "ruins")
    states.append((draft.terrain.copy(), draft.facts))
    draft.place("housing", 6, 6)
    states.append((draft.terrain.copy(), draft.facts))
    draft.add_camp(1, 1)
    states.append((draft.terrain.copy(), draft.facts))
    draft.set_start(funds=1234)
    draft.set_goals(Goals((GoalTarget("population", at_least=300),), deadline_day=20))
    draft.set_politics(PoliticsSetup(election_every_days=30))
    draft.set_event("tycoon", False)
    draft.set_header(name="Canal Row", seed=9)
    states.append((draft.terrain.copy(), draft.facts))
    for _ in range(5):
        assert draft.undo()
    for terrain, facts in reversed(states[:-1]):
        assert np.array_equal(draft.terrain, terrain) and draft.facts == facts
        if not draft.undo():
            break
    assert not draft.undo() and not draft.can_undo
    assert np.array_equal(draft.terrain, states[0][0]) and draft.facts == states[0][1]
    while draft.redo():
        pass
    assert np.array_equal(draft.terrain, states[-1][0]) and draft.facts == states[-1][1]
    assert draft.facts.funds == 1234 and draft.facts.name == "Canal Row" and not draft.event_on("tycoon")


def test_a_stroke_undoes_as_one_step_and_keeps_only_the_box_it_touched() -> None:
    draft = LevelDraft.blank(200, 200)
    draft.begin_stroke()
    for x in range(10, 40):
        draft.paint(x, 50, x + 3, 53, "water")
    draft.place("power_line", 60, 60)
    draft.place("power_line", 61, 60)
    draft.end_stroke()
    step = draft._undo[-1]
    assert step.box == (10, 50, 42, 53) and step.terrain_before is not None and step.terrain_before.shape == (3, 32)
    assert len(draft.facts.buildings) == 2
    assert draft.undo() and (draft.terrain == GROUND).all() and draft.facts.buildings == ()
    assert not draft.can_undo
    assert draft.redo() and int((draft.terrain == WATER).sum()) == 32 * 3 and len(draft.facts.buildings) == 2


def test_a_new_edit_forgets_what_was_undone_and_old_steps_are_let_go() -> None:
    draft = LevelDraft.blank(8, 8)
    draft.set_start(funds=1)
    draft.undo()
    draft.set_start(food=2)
    assert not draft.can_redo and draft.facts.funds != 1
    for funds in range(MAX_UNDO_STEPS + 20):
        draft.set_start(funds=funds)
    assert len(draft._undo) == MAX_UNDO_STEPS


def test_whole_map_strokes_on_a_big_map_keep_the_undo_history_within_its_memory_bound() -> None:
    draft = LevelDraft.blank(512, 512)
    for stroke in range(80):  # each keeps the whole map twice: half a megabyte
        draft.paint(0, 0, 512, 512, ("water", "ruins")[stroke % 2])
    kept = len(draft._undo)
    assert 1 < kept < 80 and sum(step.nbytes for step in draft._undo) <= MAX_UNDO_BYTES
    for _ in range(kept):
        assert draft.undo()
    assert not draft.undo() and (draft.terrain == RUINS).all()  # back to what the oldest kept stroke found


def test_events_switch_off_and_on_whether_the_level_lists_enabled_ones_or_not() -> None:
    draft = LevelDraft.blank(8, 8)
    draft.set_event("cache", False)
    assert not draft.event_on("cache") and draft.facts.events.disabled == ("cache",)
    draft.set_event("cache", True)
    assert draft.event_on("cache") and draft.facts.events.disabled == ()
    steps = draft.version
    draft.set_goals(draft.facts.goals)  # no change: no step
    assert draft.version == steps
    draft = LevelDraft.from_scenario(Scenario(name="only some", terrain=draft.terrain, events=EventSetup(enabled=("study",))))
    assert not draft.event_on("cache")
    draft.set_event("cache", True)
    assert draft.facts.events.enabled == ("study", "cache") and draft.event_on("cache")
    draft.set_event("study", False)
    assert draft.facts.events.enabled == ("cache",)


def test_problems_are_the_loaders_own_lines_for_the_written_draft() -> None:
    draft = LevelDraft.blank(20, 20)
    draft.paint(0, 0, 5, 5, "ruins")
    draft.place("housing", 10, 10)
    draft.add_camp(2, 2)
    draft.paint(10, 10, 12, 12, "water")  # under the housing block
    draft.paint(0, 0, 5, 5, "ground")  # under the camp
    draft.set_goals(Goals((GoalTarget("popularity", at_least=5),), deadline_day=10))
    draft.set_politics(PoliticsSetup(election_every_days=3, debate_days_before=3))
    text = draft.toml()
    with pytest.raises(InputError) as raised:
        level_from_document(parse_toml(text, "mine.toml"), text, "mine.toml")
    found = draft.problems("mine.toml")
    assert found == raised.value.problems
    assert len(found) == 4
    assert any("housing at (10, 10) cannot stand on water" in line for line in found)
    assert any("(2, 2) is not ruins or undercity" in line for line in found)
    assert any("unknown metric 'popularity'" in line for line in found)
    assert any("debate must come after" in line for line in found)
    assert all(line.startswith("mine.toml:") for line in found)


def test_the_saved_file_validates_and_loads_back_as_the_draft(tmp_path) -> None:
    draft = LevelDraft.blank(40, 30, name="Dry Canal")
    draft.paint(0, 0, 8, 8, "ruins")
    draft.paint(30, 0, 40, 30, "undercity")
    draft.paint(20, 0, 22, 30, "water")
    for x in range(5, 15):
        draft.place("power_line", x, 12)
    draft.place("solar_farm", 2, 11)
    draft.place("housing", 10, 13)
    draft.add_camp(3, 3, members=12, unrest=40)
    draft.set_start(funds=20_000, food=300, fuel=100, materials=400)
    draft.set_goals(Goals((GoalTarget("population", at_least=150), GoalTarget("pollution_max", at_most=60)), deadline_day=40, hold_days=2))
    draft.set_politics(PoliticsSetup(election_every_days=30, debate_days_before=3, lose_on_defeat=False))
    draft.set_event("tycoon", False)
    draft.set_header(description="A district split by a dry canal.", seed=11)
    path = tmp_path / "dry_canal.toml"
    path.write_text(draft.toml())
    assert validate_level(path) == []
    loaded = load_level(path)
    wanted = draft.to_scenario()
    assert np.array_equal(loaded.terrain, wanted.terrain)
    for name in ("name", "description", "seed", "funds", "food", "fuel", "materials", "goals", "politics", "events", "camps"):
        assert getattr(loaded, name) == getattr(wanted, name), name
    assert sorted(loaded.buildings, key=lambda b: (b.kind, b.x, b.y)) == sorted(wanted.buildings, key=lambda b: (b.kind, b.x, b.y))
    assert int((loaded.terrain == RUINS).sum()) == 64 and int((loaded.terrain == UNDERCITY).sum()) == 300


def test_a_shipped_level_goes_round_from_scenario_to_scenario_unchanged() -> None:
    scenario = load_level(DEFAULT_LEVEL)
    draft = LevelDraft.open(DEFAULT_LEVEL)
    again = draft.to_scenario()
    assert np.array_equal(again.terrain, scenario.terrain)
    assert again.buildings == scenario.buildings and again.camps == scenario.camps
    assert (again.rules, again.policies, again.goals, again.politics, again.events) == (scenario.rules, scenario.policies, scenario.goals, scenario.politics, scenario.events)
    assert draft.problems() == []
    rebuilt = LevelDraft.from_scenario(again).to_scenario()
    assert rebuilt.buildings == scenario.buildings and rebuilt.name == scenario.name


def test_opening_a_broken_level_file_raises_its_problems(tmp_path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("format = 2\nname = 3\n")
    with pytest.raises(InputError) as raised:
        LevelDraft.open(path)
    assert all(str(path) in line for line in raised.value.problems)


def test_a_level_saved_unfinished_opens_again_as_it_was_saved_with_its_problems(tmp_path: Path) -> None:
    # Painted over after placing: a block and a camp on water, and a goal the map can never meet.
    draft = LevelDraft.blank(20, 20)
    draft.paint(14, 14, 20, 20, "ruins")
    assert draft.place("housing", 2, 2) is None and draft.place("solar_farm", 8, 2) is None and draft.add_camp(16, 16) is None
    draft.set_goals(Goals(deadline_day=10, targets=(GoalTarget("elections_won", at_least=1),)))
    draft.paint(2, 2, 3, 3, "water")
    draft.paint(16, 16, 17, 17, "water")
    path = tmp_path / "unfinished.toml"
    path.write_text(draft.toml())
    with pytest.raises(InputError) as raised:  # it is no level yet: the game will not play it
        load_level(path)
    assert len(raised.value.problems) == 3
    opened = LevelDraft.open(path)  # but the editor opens it to finish it
    assert opened.facts == draft.facts and (opened.terrain == draft.terrain).all()
    assert opened.toml() == draft.toml()
    assert [line.split(": ", 1)[1] for line in opened.problems()] == [line.split(": ", 1)[1] for line in draft.problems()]
    assert len(opened.problems()) == 3


def test_starting_policies_are_set_undone_written_and_played(tmp_path: Path) -> None:
    from game.sim import Simulation

    draft = LevelDraft.blank(20, 20)
    assert draft.set_policy("tax_rate", 14) is None and draft.set_policy("transparency", 1) is None
    assert "must be between 0 and 30, got 99" in (draft.set_policy("tax_rate", 99) or "")
    assert draft.set_policy("castle_tax", 1) is not None
    assert draft.facts.policies == (("tax_rate", 14), ("transparency", 1))
    assert draft.set_policy("tax_rate", 10) is None and draft.facts.policies == (("transparency", 1),)  # the usual: not written
    assert draft.undo() and draft.policy("tax_rate") == 14
    path = tmp_path / "policies.toml"
    path.write_text(draft.toml())
    assert LevelDraft.open(path).facts.policies == draft.facts.policies
    sim = Simulation(load_level(path))
    assert (sim.policies["tax_rate"], sim.policies["transparency"], sim.policies["scavenger_stance"]) == (14, 1, 0)
    sim.close()


def test_rules_are_overridden_refused_out_of_range_undone_written_and_played(tmp_path: Path) -> None:
    from game.sim import Simulation
    from game.sim.rules import Rules

    draft = LevelDraft.blank(20, 20)
    assert draft.rule("depot_capacity") == Rules.default("depot_capacity") == 1_000
    assert draft.set_rule("depot_capacity", 2_500) is None and draft.set_rule("growth_percent", 5) is None
    maximum = Rules.maximum("growth_percent")
    assert draft.set_rule("growth_percent", maximum + 1) == f"growth_percent: must be at most {maximum:,}, got {maximum + 1:,}"
    assert draft.set_rule("castle_tax", 1) == "castle_tax: unknown rule"
    # In declaration order whatever the order of the edits (as the writer puts them in the file).
    assert draft.facts.rules == (("depot_capacity", 2_500), ("growth_percent", 5))
    assert draft.set_rule("growth_percent", Rules.default("growth_percent")) is None and draft.facts.rules == (("depot_capacity", 2_500),)
    assert draft.undo() and draft.rule("growth_percent") == 5
    path = tmp_path / "rules.toml"
    path.write_text(draft.toml())
    assert "[rules]" in path.read_text() and LevelDraft.open(path).facts.rules == draft.facts.rules
    sim = Simulation(load_level(path))
    assert (sim.world.rules.depot_capacity, sim.world.rules.growth_percent, sim.world.rules.shrink_percent) == (2_500, 5, Rules.default("shrink_percent"))
    sim.close()


def test_an_opened_measuring_level_is_written_back_as_one_and_a_city_file_opens(tmp_path: Path) -> None:
    from test_cty import river_town
    from worlds import BENCH_128

    draft = LevelDraft.open(BENCH_128)
    assert draft.purpose == "benchmark" and 'purpose = "benchmark"' in draft.toml()
    city = river_town().write(tmp_path / "rivertown.cty")
    imported = LevelDraft.open(city)
    assert imported.purpose == "play" and imported.facts.name == "Rivertown" and imported.problems() == []
    assert imported.to_scenario().buildings == load_level(city).buildings
