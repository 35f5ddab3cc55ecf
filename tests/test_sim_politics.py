"""Factions, reported versus true figures, scandals, transparency, the debate's stances and the politics save."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from worlds import TICKS_PER_DAY, at, blank, run_system, step_to_day_end

from game.sim import Simulation
from game.sim.checks import SnapshotError
from game.sim.politics import (
    FACTIONS,
    PRESSURES,
    STANCES,
    FiguresPublished,
    Politics,
    ScandalBroke,
    pressures,
)
from game.sim.scenario import EventSetup, PoliticsSetup
from game.sim.snapshot import capture, restore
from game.sim.systems import opinion
from game.sim.waste import WASTE_TYPES

HAZARDOUS = WASTE_TYPES.index("hazardous")
QUIET = EventSetup(enabled=())  # no story events: only politics moves approval
# Ecolife collects nothing, so waste dumped on the ground stays there, hidden from its report.
NO_COLLECTION = {"collection_base": 0, "scandal_discovery_per_1000": 0, "scandal_discovery_per_seized": 0}


def city(make_world: Callable[..., Simulation], rules: dict[str, int] | None = None, **policies: int) -> Simulation:
    """Return a small housed city where nothing collects waste and the activists do not dig unless told."""
    return make_world(
        blank(12, 8), at("solar_farm", 0, 0), at("housing", 3, 0, 150),
        rules={**NO_COLLECTION, **(rules or {})}, policies=policies, events=QUIET,
    )


def dump(sim: Simulation, units: int) -> None:
    """Leave `units` of hazardous waste lying at a tile Ecolife does not report."""
    sim.waste[HAZARDOUS, 6, 10] += units


def faction(name: str) -> int:
    """Return the index of faction `name`."""
    return [f.id for f in FACTIONS].index(name)


def test_faction_table_names_the_four_blocs_with_shares_summing_to_a_hundred() -> None:
    ids = [f.id for f in FACTIONS]
    assert {"uptown", "undercity", "activists", "backers"} <= set(ids)
    assert sum(f.share for f in FACTIONS) == 100
    for entry in FACTIONS:
        assert entry.label and entry.description
        assert all(name in PRESSURES for name, _ in entry.weights)


def test_every_pressure_moves_some_faction_and_stays_in_range(make_world: Callable[..., Simulation]) -> None:
    used = {name for f in FACTIONS for name, _ in f.weights}
    assert used == set(PRESSURES)
    sim = city(make_world)
    values = pressures(sim, 0)
    assert set(values) == set(PRESSURES)
    assert all(-100 <= value <= 100 for value in values.values())


def test_report_hides_uncollected_hazardous_waste_until_transparency(make_world: Callable[..., Simulation]) -> None:
    sim = city(make_world)
    dump(sim, 800)
    figures = sim.politics.figures(sim)
    assert figures["true_hazardous_untreated"] == sim.metric("hazardous_untreated") >= 800
    assert figures["hidden"] == figures["true_hazardous_untreated"] - figures["reported_hazardous_untreated"] >= 800
    sim.policies["transparency"] = 1
    published = sim.politics.figures(sim)
    assert published["reported_hazardous_untreated"] == published["true_hazardous_untreated"]
    assert published["hidden"] == 0


def test_scavenger_caches_count_in_the_true_figures_and_are_hidden_from_the_report(make_world: Callable[..., Simulation]) -> None:
    sim = city(make_world)
    before = sim.politics.figures(sim)
    sim.agents.hide(np.array([5 * sim.width + 9]), np.array([1]), np.array([300]))
    after = sim.politics.figures(sim)
    assert after["true_hazardous_untreated"] == before["true_hazardous_untreated"] + 300
    assert after["hidden"] == before["hidden"] + 300
    assert after["reported_hazardous_untreated"] == before["reported_hazardous_untreated"]


def test_exposing_a_hidden_dump_is_a_scandal_that_hits_every_faction_once(make_world: Callable[..., Simulation]) -> None:
    sim = city(make_world)
    sim.politics.approval[:] = 60
    dump(sim, 3_000)
    scandal = sim.politics.expose(sim, "a leaked memo")
    assert scandal is not None and scandal.hidden >= 3_000 and scandal.hit > 0
    assert sim.politics.scandals == [scandal]
    assert (sim.politics.approval < 60).all()
    [event] = [e for e in sim.drain_events() if isinstance(e, ScandalBroke)]
    assert "leaked memo" in event.message
    assert sim.politics.expose(sim, "the same memo again") is None  # already known
    dump(sim, 500)
    again = sim.politics.expose(sim, "a second dump")
    assert again is not None and again.hidden == 500


def test_nothing_hidden_means_no_scandal(make_world: Callable[..., Simulation]) -> None:
    sim = city(make_world)
    sim.waste[HAZARDOUS] = 0
    assert sim.politics.expose(sim, "a rumour") is None
    assert sim.politics.scandals == []


def test_activists_discover_a_hidden_dump(make_world: Callable[..., Simulation]) -> None:
    sim = city(make_world, {"scandal_discovery_per_1000": 1_000, "scandal_discovery_max_permille": 1_000})
    dump(sim, 2_000)
    sim.step(TICKS_PER_DAY)
    [scandal] = sim.politics.scandals
    assert scandal.cause == "the eco-activists" and scandal.hidden >= 2_000
    assert sim.metric("scandals") == 1


def test_activists_find_nothing_when_nothing_is_hidden(make_world: Callable[..., Simulation]) -> None:
    sim = make_world(
        blank(12, 8), rules={"scandal_discovery_per_1000": 1_000, "scandal_discovery_max_permille": 1_000}, events=QUIET
    )
    sim.step(5 * TICKS_PER_DAY)
    assert sim.politics.scandals == []


def test_seized_caches_lead_the_activists_to_hidden_waste(make_world: Callable[..., Simulation]) -> None:
    rules = {"scandal_discovery_per_seized": 1_000, "scandal_discovery_max_permille": 1_000}
    quiet, raided = city(make_world, rules), city(make_world, rules)
    for sim in (quiet, raided):
        dump(sim, 2_000)
    for sim in (quiet, raided):
        step_to_day_end(sim)
    # What the security drones took from caches over the last day, as the agents report it.
    raided.agents.yesterday = {**getattr(raided.agents, "yesterday", {}), "seized": 40}
    for sim in (quiet, raided):
        run_system(sim, opinion, 1)
    assert quiet.politics.scandals == []
    [scandal] = raided.politics.scandals
    assert scandal.cause == "seized caches"


def test_published_figures_leave_the_activists_nothing_to_find(make_world: Callable[..., Simulation]) -> None:
    sim = city(make_world, {"scandal_discovery_per_1000": 1_000, "scandal_discovery_max_permille": 1_000}, transparency=1)
    dump(sim, 2_000)
    sim.step(3 * TICKS_PER_DAY)
    assert sim.politics.scandals == []
    assert sim.politics.figures(sim)["hidden"] == 0


def scandal_after(make_world: Callable[..., Simulation], transparency: int) -> tuple[int, int, int]:
    """Return (overall approval after day 1, hidden units and hit of a later scandal) with transparency set from the start."""
    sim = city(make_world)
    sim.politics.approval[:] = 60
    dump(sim, 3_000)
    sim.policies["transparency"] = transparency
    sim.step(TICKS_PER_DAY)
    overall = sim.politics.overall()
    published = [e for e in sim.drain_events() if isinstance(e, FiguresPublished)]
    assert len(published) == transparency
    assert all(event.hidden >= 3_000 and event.hit > 0 for event in published)  # voters learn it all at once
    sim.politics.expose(sim, "an old leak")  # whatever the voters have not heard of yet comes out
    dump(sim, 3_000)
    scandal = sim.politics.expose(sim, "a whistle-blower")
    assert scandal is not None
    return overall, scandal.hidden, scandal.hit


def test_transparency_costs_approval_now_and_softens_the_later_scandal(make_world: Callable[..., Simulation]) -> None:
    secret_overall, secret_hidden, secret_hit = scandal_after(make_world, 0)
    open_overall, open_hidden, open_hit = scandal_after(make_world, 1)
    assert open_overall < secret_overall
    assert open_hidden == secret_hidden  # the same new dump...
    assert open_hit < secret_hit  # ...hurts less when the city publishes its figures


def test_crackdown_turns_the_undercity_away_over_days_not_at_once(make_world: Callable[..., Simulation]) -> None:
    calm = city(make_world)
    harsh = city(make_world, scavenger_stance=-1)
    undercity = faction("undercity")
    for sim in (calm, harsh):  # both start where a quiet city's voters settle
        sim.politics.approval[:] = calm.politics.targets(calm)
    calm.step(TICKS_PER_DAY)
    harsh.step(TICKS_PER_DAY)
    first_gap = int(calm.politics.approval[undercity] - harsh.politics.approval[undercity])
    assert 0 < first_gap <= 2 * calm.rules.faction_drift_per_day  # each moved at most a day's drift
    calm.step(5 * TICKS_PER_DAY)
    harsh.step(5 * TICKS_PER_DAY)
    assert int(calm.politics.approval[undercity] - harsh.politics.approval[undercity]) > first_gap


def test_promise_of_transparency_is_believed_only_when_true(make_world: Callable[..., Simulation]) -> None:
    honest = city(make_world, transparency=1)
    liar = city(make_world)
    for sim in (honest, liar):
        dump(sim, 3_000)
        sim.politics.approval[:] = 50
    honest_text = honest.politics.take_stance(honest, "promise_transparency")
    liar_text = liar.politics.take_stance(liar, "promise_transparency")
    activists = faction("activists")
    assert honest.politics.approval[activists] > 50 > liar.politics.approval[activists]
    assert honest_text != liar_text


def test_defending_ecolife_costs_uptown_only_when_it_hides_a_lot(make_world: Callable[..., Simulation]) -> None:
    clean = city(make_world)
    dirty = city(make_world)
    clean.waste[HAZARDOUS] = 0
    dump(dirty, 3_000)
    for sim in (clean, dirty):
        sim.politics.approval[:] = 50
        sim.politics.take_stance(sim, "defend_ecolife")
    uptown, backers = faction("uptown"), faction("backers")
    assert clean.politics.approval[backers] > 50 and dirty.politics.approval[backers] > 50
    assert clean.politics.approval[uptown] > 50 > dirty.politics.approval[uptown]


def test_acknowledging_the_underground_depends_on_the_scavenger_policy(make_world: Callable[..., Simulation]) -> None:
    amnesty = city(make_world, scavenger_stance=1)
    crackdown = city(make_world, scavenger_stance=-1)
    for sim in (amnesty, crackdown):
        sim.politics.approval[:] = 50
        sim.politics.take_stance(sim, "acknowledge_underground")
    undercity = faction("undercity")
    assert amnesty.politics.approval[undercity] > 50 > crackdown.politics.approval[undercity]


def test_promising_the_clean_up_needs_a_treatment_plant(make_world: Callable[..., Simulation]) -> None:
    empty = city(make_world)
    treating = make_world(
        blank(12, 8), at("housing", 0, 0, 150), at("hazard_treatment", 6, 4), rules=NO_COLLECTION, events=QUIET
    )
    for sim in (empty, treating):
        dump(sim, 3_000)
        sim.politics.approval[:] = 50
        sim.politics.take_stance(sim, "promise_cleanup")
    activists = faction("activists")
    assert treating.politics.approval[activists] > 50 > empty.politics.approval[activists]


def test_promising_a_crackdown_during_an_amnesty_costs_the_undercity_more(make_world: Callable[..., Simulation]) -> None:
    tolerant = city(make_world)
    amnesty = city(make_world, scavenger_stance=1)
    for sim in (tolerant, amnesty):
        sim.politics.approval[:] = 50
        sim.politics.take_stance(sim, "promise_crackdown")
    undercity, uptown = faction("undercity"), faction("uptown")
    assert amnesty.politics.approval[undercity] < tolerant.politics.approval[undercity] < 50
    assert tolerant.politics.approval[uptown] > amnesty.politics.approval[uptown] > 50


def test_every_stance_has_an_effect_and_counts_once_a_campaign(make_world: Callable[..., Simulation]) -> None:
    sim = city(make_world)
    for stance in STANCES:
        before = sim.politics.approval.copy()
        assert sim.politics.take_stance(sim, stance.id)
        assert (sim.politics.approval != before).any(), stance.id
        assert stance.label and stance.explanation
    before = sim.politics.approval.copy()
    sim.politics.take_stance(sim, STANCES[0].id)
    assert (sim.politics.approval == before).all()
    assert [taken for _, taken in sim.politics.campaign] == [s.id for s in STANCES]
    assert "no stance" in sim.politics.take_stance(sim, "promise_the_moon")


def test_adjust_moves_approval_now_and_the_memory_fades_over_days(make_world: Callable[..., Simulation]) -> None:
    sim = city(make_world)
    step_to_day_end(sim)
    sim.step()
    baseline = sim.politics.targets(sim).copy()
    sim.politics.adjust(None, -20)
    assert (sim.politics.targets(sim) < baseline).all()
    sim.step(60 * TICKS_PER_DAY)
    assert (sim.politics.memory == 0).all()


def busy_politics(make_world: Callable[..., Simulation]) -> Simulation:
    """Return a city three days in, with an election, a scandal and a stance on record."""
    politics = PoliticsSetup(election_every_days=2, lose_on_defeat=False)
    sim = make_world(
        blank(12, 8), at("housing", 0, 0, 150), rules=NO_COLLECTION, events=QUIET, politics=politics
    )
    dump(sim, 1_000)
    sim.step(TICKS_PER_DAY)
    sim.politics.expose(sim, "a tip-off")
    sim.politics.take_stance(sim, "promise_crackdown")
    sim.step(2 * TICKS_PER_DAY + 5)
    sim.politics.take_stance(sim, "defend_ecolife")
    return sim


def test_capture_and_restore_round_trip_to_the_same_hash(make_world: Callable[..., Simulation]) -> None:
    sim = busy_politics(make_world)
    assert sim.politics.elections and sim.politics.scandals and sim.politics.campaign
    meta, arrays = capture(sim)
    copy = restore(meta, arrays)
    try:
        assert copy.state_hash() == sim.state_hash()
        sim.step(3 * TICKS_PER_DAY)
        copy.step(3 * TICKS_PER_DAY)
        assert copy.state_hash() == sim.state_hash()
        assert copy.politics.elections == sim.politics.elections
        assert copy.politics.capture()[0] == sim.politics.capture()[0]
    finally:
        copy.close()


def test_politics_hash_covers_approval_and_records(make_world: Callable[..., Simulation]) -> None:
    sim = busy_politics(make_world)
    before = sim.state_hash()
    sim.politics.approval[0] += 1
    assert sim.state_hash() != before


@pytest.mark.parametrize(
    ("damage", "path"),
    [
        (lambda m, a: m["elections"][0].update(vote_percent=140), "society.politics.elections[0].vote_percent"),
        (lambda m, a: m["elections"][0].update(won="yes"), "society.politics.elections[0].won"),
        (lambda m, a: m["elections"][0]["by_faction"].update(martians=3), "society.politics.elections[0].by_faction"),
        (lambda m, a: m["scandals"][0].pop("cause"), "society.politics.scandals[0].cause"),
        (lambda m, a: m["campaign"][0].__setitem__(1, "bribe_everyone"), "society.politics.campaign[0].stance"),
        (lambda m, a: m.update(next_day=-1), "society.politics.next_day"),
        (lambda m, a: m.update(scandals="many"), "society.politics.scandals"),
        (lambda m, a: a["approval"].__setitem__(0, 140), "society.politics.arrays.approval"),
        (lambda m, a: a.pop("share"), "society.politics.arrays.share"),
        (lambda m, a: a.__setitem__("share", np.array([100, 100, 0, 0], np.int32)), "society.politics.arrays.share"),
    ],
)
def test_damaged_politics_save_is_refused_naming_the_field(
    make_world: Callable[..., Simulation], damage: Callable[[dict, dict], object], path: str
) -> None:
    sim = busy_politics(make_world)
    meta, arrays = sim.politics.capture()
    damage(meta, arrays)
    with pytest.raises(SnapshotError) as caught:
        Politics.restore(sim, meta, arrays)
    assert str(caught.value).startswith(path)


def test_damaged_politics_in_a_whole_snapshot_is_refused_naming_the_field(make_world: Callable[..., Simulation]) -> None:
    sim = busy_politics(make_world)
    meta, arrays = capture(sim)
    meta["society"]["politics"]["elections"][0]["day"] = "yesterday"
    with pytest.raises(SnapshotError, match=r"^society\.politics\.elections\[0\]\.day: expected an integer"):
        restore(meta, arrays).close()
