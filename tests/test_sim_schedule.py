"""The schedule: one place names the order of the systems, and this test pins it."""

from __future__ import annotations

from game.sim import schedule


def test_systems_run_in_the_documented_order():
    names = [system.__name__.rsplit(".", 1)[-1] for system in schedule.SYSTEMS]
    assert names == [
        "apply_commands",
        "waste_generation",
        "collection",
        "power",
        "recycling",
        "scavengers",
        "drones",
        "pollution",
        "economy",
        "population",
        "opinion",
        "story_events",
        "goals",
        "statistics",
    ]


def test_every_system_has_a_documented_run_function():
    for system in schedule.SYSTEMS:
        assert callable(system.run), system.__name__
        assert system.run.__doc__, system.__name__
        assert system.__doc__, system.__name__
