"""Story events: which fired, which waits for an answer, the choices taken.

Placeholder shape for the society work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from game.sim.simulation import Simulation


class Story:
    """Story events: which fired, which waits for an answer, the choices taken."""

    @classmethod
    def from_scenario(cls, sim: Simulation) -> Story:
        """Return the state a new game starts with."""
        return cls()

    def capture(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        """Return (meta, arrays) from which `restore` rebuilds this state exactly."""
        return {}, {}

    @classmethod
    def restore(cls, sim: Simulation, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> Story:
        """Return the state `capture` described; SnapshotError naming the field if it is damaged."""
        return cls()

    def check_choice(self, sim: Simulation, event: str, choice: str) -> str | None:
        """Return why answering `event` with `choice` is refused now, or None when it is allowed."""
        return f"no event '{event}' is waiting for an answer"

    def answer(self, sim: Simulation, event: str, choice: str) -> str:
        """Take `choice` for the waiting `event` (checked first) and return what happened, for the player."""
        raise ValueError(self.check_choice(sim, event, choice))

    def hash_update(self, digest: Any) -> None:
        """Feed everything that decides the future into `digest`."""


def event_to_data(event: Any) -> dict[str, Any]:
    """Return a level's custom story event as plain data (for saves)."""
    raise NotImplementedError("custom story events arrive with the story system")


def event_from_data(data: Any, path: str) -> Any:
    """Return the custom story event `event_to_data` described; SnapshotError naming `path` if damaged."""
    from game.sim.checks import SnapshotError

    raise SnapshotError(f"{path}: custom story events are not supported yet")
