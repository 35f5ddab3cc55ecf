"""The clock's rhythms: the day, the round of four ticks, and when a scheduled system is due.

The lengths live here and the phases in game.sim.schedule, which says for every system when it
runs. A system that does a round's work at once reads `ROUND_TICKS` to know how many ticks it
covers; mass agents act on the tick of the round their table row gives (`turn_rows`), so in a big city
each tick carries a quarter of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np

TICKS_PER_DAY: Final = 24  # one tick is one game hour
ROUND_TICKS: Final = 4  # residents put their bags out, crews and walkers act, once a round
TURN_AGENTS: Final = 4_096  # the fewest agents worth a turn of their own (see turns_for)
TURN_HUBS: Final = 8  # the fewest drone hubs worth a turn of their own
# The round's phase the first turn of each kind of mass agent falls on. Walkers act from the round's
# first tick, the collection drones from the next, so a small city's walkers and drones, each all
# in one turn, act on different ticks.
WALKERS_FIRST: Final = 0
DRONES_FIRST: Final = 1


@dataclass(frozen=True, slots=True)
class Cadence:
    """Run on the ticks where `tick % every == phase`."""

    every: int
    phase: int = 0

    def due(self, tick: int) -> bool:
        """Return whether a system with this cadence runs on `tick`."""
        return tick % self.every == self.phase

    @property
    def label(self) -> str:
        """How the schedule reads: 'every tick', 'day end', 'round phase 2'..."""
        if self.every == 1:
            return "every tick"
        if self == DAY_END:
            return "day end"
        if self == DAY_START:
            return "day start"
        if self.every == ROUND_TICKS:
            return f"round phase {self.phase}"
        return f"every {self.every} ticks at phase {self.phase}"


EVERY_TICK: Final = Cadence(1)
DAY_START: Final = Cadence(TICKS_PER_DAY, 0)
DAY_END: Final = Cadence(TICKS_PER_DAY, TICKS_PER_DAY - 1)


def round_phase(phase: int) -> Cadence:
    """Return the cadence of work done once a round, on tick `phase` of it."""
    return Cadence(ROUND_TICKS, phase)


def turns_for(count: int, least: int) -> int:
    """Return into how many turns a round splits `count` actors: as many as hold `least` each, 1 to ROUND_TICKS.

    Staggering pays only for big work: a small city's walkers all act on the round's first tick.
    """
    return max(1, min(ROUND_TICKS, count // max(1, least)))


def turn_rows(tick: int, turns: int, first: int = WALKERS_FIRST) -> slice | None:
    """Return the table rows whose turn it is on `tick` (every `turns`-th row), or None when no turn falls on it.

    The turns fall on the round's phases from `first` on (see WALKERS_FIRST, DRONES_FIRST).
    """
    turn = (tick - first) % ROUND_TICKS
    return slice(turn, None, turns) if turn < turns else None


def on_turn(indices: np.ndarray, tick: int, turns: int, first: int = WALKERS_FIRST) -> np.ndarray:
    """Return a mask of which of `indices` (table rows, or hubs' places) have their turn on `tick` (`first`: see turn_rows)."""
    turn = (tick - first) % ROUND_TICKS
    return indices % turns == turn if turn < turns else np.zeros(indices.shape, bool)


def errand_round(tick: int, turns: int) -> bool:
    """Return whether any walker may pick a new errand this round: each may every other round.

    A small city's walkers (one turn) all pick on the even rounds, as they all act at once; in a
    big city half of them pick each round (`on_errand_round`), so no round carries them all.
    """
    return turns > 1 or tick // ROUND_TICKS % 2 == 0


def on_errand_round(indices: np.ndarray, tick: int, turns: int) -> np.ndarray:
    """Return a mask of which of `indices` may pick a new errand this round (see `errand_round`)."""
    if turns == 1:
        return np.full(indices.shape, errand_round(tick, turns))
    # numpy's stubs type an array's `==` as Any; the mask is a bool array.
    may_pick: np.ndarray = (tick // ROUND_TICKS + indices // turns) % 2 == 0
    return may_pick
