"""Elections: the vote tallies the factions' share-weighted approval; losing one ends the level when the level says so."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from worlds import TICKS_PER_DAY, at, blank, run_system

from game.sim import Simulation
from game.sim.politics import FACTIONS, ElectionHeld, normalised_shares
from game.sim.scenario import EventSetup, FactionSetup, PoliticsSetup
from game.sim.systems import opinion

QUIET = EventSetup(enabled=())  # no story events: nothing but the vote moves approval


def voting_world(make_world: Callable[..., Simulation], approval: int, **setup: Any) -> Simulation:
    """Return a small housed city whose factions all start at `approval`, with an election every 2 days."""
    factions = tuple(FactionSetup(f.id, None, approval) for f in FACTIONS)
    politics = PoliticsSetup(**{"election_every_days": 2, "factions": factions, **setup})
    return make_world(blank(12, 8), at("housing", 0, 0, 150), politics=politics, events=QUIET)


def test_election_with_approval_below_half_is_lost_recorded_and_ends_the_level(make_world: Callable[..., Simulation]) -> None:
    sim = voting_world(make_world, 15)
    sim.step(2 * TICKS_PER_DAY)
    [election] = sim.politics.elections
    assert election.day == 2
    assert not election.won
    assert election.vote_percent < 50
    assert sim.politics.lost_election() == election
    assert sim.metric("elections_lost") == 1
    assert sim.outcome.status == "lost"
    assert "voted out" in sim.outcome.reason
    held = [event for event in sim.drain_events() if isinstance(event, ElectionHeld)]
    assert held == [ElectionHeld(2, False, election.vote_percent)]
    assert "voted out" in held[0].message


def test_election_with_approval_above_half_is_won_and_the_next_is_scheduled(make_world: Callable[..., Simulation]) -> None:
    sim = voting_world(make_world, 90)
    sim.step(2 * TICKS_PER_DAY)
    [election] = sim.politics.elections
    assert election.won and election.vote_percent >= 50
    assert sim.politics.lost_election() is None
    assert sim.outcome.status == "running"
    assert sim.politics.next_election_day() == 4
    assert sim.politics.days_to_election(sim) == 1  # day 3 is under way


def test_vote_share_is_the_share_weighted_approval_of_the_factions(make_world: Callable[..., Simulation]) -> None:
    sim = voting_world(make_world, 60)
    sim.step(2 * TICKS_PER_DAY)
    [election] = sim.politics.elections
    shares = {f.id: int(sim.politics.share[i]) for i, f in enumerate(FACTIONS)}
    expected = sum(shares[name] * approval for name, approval in election.by_faction.items()) // 100
    assert election.vote_percent == expected


def test_lost_election_does_not_end_the_level_when_the_level_says_so(make_world: Callable[..., Simulation]) -> None:
    sim = voting_world(make_world, 15, lose_on_defeat=False)
    sim.step(2 * TICKS_PER_DAY + 1)
    assert sim.politics.lost_election() is not None
    assert sim.outcome.status == "running"


def test_first_election_day_and_interval_set_the_calendar(make_world: Callable[..., Simulation]) -> None:
    sim = voting_world(make_world, 90, election_every_days=3, first_election_day=1)
    assert sim.politics.next_election_day() == 1
    assert sim.politics.days_to_election(sim) == 0
    sim.step(5 * TICKS_PER_DAY)
    assert [election.day for election in sim.politics.elections] == [1, 4]
    assert sim.politics.next_election_day() == 7


def test_no_elections_when_the_level_sets_none(make_world: Callable[..., Simulation]) -> None:
    sim = make_world(blank(12, 8), at("housing", 0, 0, 150), events=QUIET)
    sim.step(4 * TICKS_PER_DAY)
    assert sim.politics.elections == []
    assert sim.politics.next_election_day() is None
    assert sim.politics.days_to_election(sim) is None


def test_rule_default_interval_applies_when_the_level_sets_none(make_world: Callable[..., Simulation]) -> None:
    sim = make_world(blank(12, 8), events=QUIET, rules={"election_every_days_default": 5})
    assert sim.politics.next_election_day() == 5


def test_stances_taken_in_the_campaign_are_recorded_with_the_election(make_world: Callable[..., Simulation]) -> None:
    sim = voting_world(make_world, 90)
    sim.step(TICKS_PER_DAY)
    sim.politics.take_stance(sim, "promise_crackdown")
    sim.politics.take_stance(sim, "defend_ecolife")
    sim.step(TICKS_PER_DAY)
    [election] = sim.politics.elections
    assert election.stances == ("promise_crackdown", "defend_ecolife")
    assert sim.politics.campaign == []


def test_faction_share_overrides_are_normalised_to_a_hundred_percent() -> None:
    raw = {"uptown": 10, "undercity": 10, "activists": 10, "backers": 3}
    shares = normalised_shares(raw)
    assert int(shares.sum()) == 100
    for index, faction in enumerate(FACTIONS):
        exact = raw[faction.id] * 100 / sum(raw.values())
        assert abs(int(shares[index]) - exact) < 1
    assert (normalised_shares(raw) == shares).all()


@given(st.dictionaries(st.sampled_from([f.id for f in FACTIONS]), st.integers(0, 1_000)))
def test_any_share_overrides_make_whole_percentages_summing_to_a_hundred(overrides: dict[str, int]) -> None:
    shares = normalised_shares(overrides)
    assert int(shares.sum()) == 100
    assert shares.min() >= 0
    assert (normalised_shares(overrides) == shares).all()


def test_level_share_overrides_reach_the_politics(make_world: Callable[..., Simulation]) -> None:
    factions = (FactionSetup("activists", 40, None), FactionSetup("backers", 5, 70))
    sim = make_world(blank(12, 8), politics=PoliticsSetup(factions=factions), events=QUIET)
    shares = dict(zip((f.id for f in FACTIONS), sim.politics.share.tolist()))
    assert sum(shares.values()) == 100
    assert shares["activists"] > shares["uptown"] > shares["backers"]
    assert int(sim.politics.approval[[f.id for f in FACTIONS].index("backers")]) == 70


def test_the_opinion_system_works_only_at_day_end(make_world: Callable[..., Simulation]) -> None:
    sim = voting_world(make_world, 15, election_every_days=1, first_election_day=1)
    before = sim.politics.approval.copy()
    run_system(sim, opinion, TICKS_PER_DAY - 1)
    assert sim.politics.elections == []
    assert (sim.politics.approval == before).all()
    run_system(sim, opinion, 1)
    assert len(sim.politics.elections) == 1
