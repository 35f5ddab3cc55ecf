"""The opinion system, once a day after population: factions' approval drifts, activists dig, elections are held.

Everything happens at the day's last tick (see `Politics.day_end`); other ticks return at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.sim.world import World


def run(world: World) -> None:
    """Settle the day's politics at the day's last tick while the level is running."""
    if not world.outcome.goes_on:
        return
    world.politics.day_end(world)
