"""Small state records the simulation owns: components, ledgers, counters and power figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

import numpy as np
import numpy.typing as npt

from game.sim.waste import WASTE_TYPES

# Credits the treasury and each line of the day's ledger hold at most either way (debt): every change
# saturates here (`saturated_funds`), so a save holds them whatever the stocks and the rules.
MAX_FUNDS: Final = 10**15
MAX_STOCK: Final = 10**15  # units of food, fuel or materials in store at most: production past it is lost


# The most a running total (the waste counters, the depot) holds: each addition saturates here
# (`add_to_tally`), and no addition comes near it (under the rules' maxima a city of 65,536 full
# blocks makes 65,536 * 200 residents * 1 unit = 1.3e7 units of a waste type a tick), so the sum
# before the clamp stays within int64. A save holds totals and history figures within it.
MAX_TALLY: Final = 2**62


# Days a streak counts at most: no rule waits longer (bankrupt_days, dark_days, a level's hold_days).
MAX_STREAK_DAYS: Final = 100_000


def add_to_tally(total: np.ndarray, amounts: npt.ArrayLike) -> None:
    """Add `amounts` (each below MAX_TALLY) to running totals `total` in place, saturating at MAX_TALLY."""
    total += amounts
    np.minimum(total, MAX_TALLY, out=total)


def saturated_funds(credits: int) -> int:
    """Return `credits` held within the treasury's range, -MAX_FUNDS to MAX_FUNDS."""
    return min(MAX_FUNDS, max(-MAX_FUNDS, credits))


@dataclass(frozen=True, slots=True)
class BuildingPlacement:
    """What a building is and where, for front ends and reports (the truth is its esper entity)."""

    building_id: int
    kind: str
    x: int
    y: int


RUNNING = "running"
WON = "won"
LOST = "lost"
PLAYING_ON = "playing_on"  # won, and the city runs on without goals (the KeepPlaying command)


@dataclass(slots=True)
class Outcome:
    """Whether the level is still running, won or lost (or won and played on), and why."""

    status: str = RUNNING
    reason: str = ""  # why it ended; a city played on keeps the reason it was won

    @property
    def goes_on(self) -> bool:
        """True while the city runs: the level is being played, or was won and is played on without goals."""
        return self.status in (RUNNING, PLAYING_ON)


@dataclass(slots=True)
class Ledger:
    """Money in and out over one game day, in credits."""

    taxes: int = 0
    sales: int = 0
    upkeep: int = 0
    fees: int = 0
    policies: int = 0  # the running costs of the policies in force
    fines: int = 0  # collected from tribes caught by security drones and from Ecolife's contractors caught neglecting hazardous waste
    wages: int = 0  # paid to amnestied collectors for waste they deliver
    events: int = 0  # money story events brought in (negative: cost)

    @property
    def net(self) -> int:
        """Income minus spending."""
        income = self.taxes + self.sales + self.fines + self.events
        return income - self.upkeep - self.fees - self.policies - self.wages


@dataclass(slots=True)
class Counters:
    """Running totals since the level started, in waste units (int64, 0 to MAX_TALLY in a save)."""

    generated: np.ndarray = field(default_factory=lambda: np.zeros(len(WASTE_TYPES), np.int64))
    collected: np.ndarray = field(default_factory=lambda: np.zeros(len(WASTE_TYPES), np.int64))
    recycled: np.ndarray = field(default_factory=lambda: np.zeros(len(WASTE_TYPES), np.int64))
    landfilled: np.ndarray = field(default_factory=lambda: np.zeros(len(WASTE_TYPES), np.int64))


@dataclass(slots=True)
class PowerState:
    """Per-network power figures from the last tick, indexed by network id (0 = no network)."""

    supply_kw: np.ndarray = field(default_factory=lambda: np.zeros(1, np.int64))
    demand_kw: np.ndarray = field(default_factory=lambda: np.zeros(1, np.int64))
    siphoned_kw: np.ndarray = field(default_factory=lambda: np.zeros(1, np.int64))
    served_permille: np.ndarray = field(default_factory=lambda: np.zeros(1, np.int32))
    network_count: int = 0
    dirty: bool = True
    blackout: set[int] = field(default_factory=set)
    served_percent_sum: int = 0  # sum of each tick's city-wide served percentage since midnight
    ticks_counted: int = 0
    # Deliberate outages: [x, y, until_tick] — the network under tile (x, y) delivers nothing
    # before until_tick (the blackout device, story events).
    cuts: list[list[int]] = field(default_factory=list)
    # Where the taps drew at the last share-out (scavengers.act): the flat line tiles, ascending, and
    # the kW the walkers on each drew; `siphoned_kw` is their sum per network. The split of that loss
    # into found and unexplained taps reads them (game.sim.systems.taps).
    tap_tiles: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    tap_kw: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))


@dataclass(slots=True)
class Streaks:
    """Days in a row that a losing or winning condition has held."""

    bankrupt: int = 0
    dark: int = 0
    goals: int = 0
