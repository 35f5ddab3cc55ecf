"""Scavenger tribes, their agents and caches, and the drones: the state the street-level systems share.

Placeholder shape for the society work: the scavenger and drone systems fill it in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from game.sim.simulation import Simulation


class Agents:
    """Everything that walks or flies over the map."""

    def __init__(self, height: int, width: int) -> None:
        self.caches = np.zeros((height, width), np.int32)  # hazardous units hidden per tile

    @classmethod
    def from_scenario(cls, sim: Simulation) -> Agents:
        """Return the agents a new game starts with."""
        return cls(sim.height, sim.width)

    def capture(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        """Return (meta, arrays) from which `restore` rebuilds this state exactly."""
        return {}, {"caches": self.caches}

    @classmethod
    def restore(cls, sim: Simulation, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> Agents:
        """Return the state `capture` described; SnapshotError naming the field if it is damaged."""
        from game.sim.checks import checked_array

        agents = cls(sim.height, sim.width)
        agents.caches[:] = checked_array(arrays, "caches", np.int32, (sim.height, sim.width))
        return agents

    def hash_update(self, digest: Any) -> None:
        """Feed everything that decides the future into `digest`."""
        digest.update(self.caches.tobytes())
