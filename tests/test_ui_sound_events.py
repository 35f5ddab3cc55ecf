"""Which game events make a sound: the society's news is heard as well as read."""

from __future__ import annotations

from game.sim.events import BuildingPlaced
from game.sim.politics import ElectionHeld
from game.ui.sound import event_sound


def test_an_election_sounds_like_winning_or_losing() -> None:
    assert event_sound(ElectionHeld(30, True, 56)) == "win"
    assert event_sound(ElectionHeld(30, False, 44)) == "lose"


def test_routine_events_stay_quiet() -> None:
    assert event_sound(BuildingPlaced(1, "garden", 0, 0)) is None
