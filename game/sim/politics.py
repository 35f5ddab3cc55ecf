"""Factions, their approval, reported versus true figures, scandals and elections.

Placeholder shape for the society work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from game.sim.simulation import Simulation


class Politics:
    """Factions, their approval, reported versus true figures, scandals and elections."""

    @classmethod
    def from_scenario(cls, sim: Simulation) -> Politics:
        """Return the state a new game starts with."""
        return cls()

    def capture(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        """Return (meta, arrays) from which `restore` rebuilds this state exactly."""
        return {}, {}

    @classmethod
    def restore(cls, sim: Simulation, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> Politics:
        """Return the state `capture` described; SnapshotError naming the field if it is damaged."""
        return cls()

    def hash_update(self, digest: Any) -> None:
        """Feed everything that decides the future into `digest`."""
