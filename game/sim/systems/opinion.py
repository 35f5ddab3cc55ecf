"""The opinion system (placeholder until the society work fills it in)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.sim.simulation import Simulation


def run(sim: Simulation) -> None:
    """Advance this system by one tick."""
