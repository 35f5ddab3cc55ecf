"""What if: fork the city, play the next days with and without a change, and compare the figures that matter.

A forecast runs two copies of the city made from one snapshot (the one a save is made of), so
they share nothing with the running game: the "as is" copy plays on untouched, the "what if" copy
first takes the change (a build, a demolition, a policy), and both play `days` game days with no
other command. Because the simulation is deterministic, a forecast is exactly what happens if
the player makes the change now and then does nothing else: its uncertainty is the rest of the
player's own decisions, and the randomness of the seed is already in it.

`Forecaster` runs forecasts in a worker process, so a forecast of a 512x512 city never takes a
frame's time from the window; `forecast` runs one in this process (tests, scripts, the sweep).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult, Pool
from typing import Any, Final

from game.sim import Simulation
from game.sim.cadence import TICKS_PER_DAY
from game.sim.commands import Command, Rejected
from game.sim.snapshot import capture, restore
from game.sim.view import CityView

FORECAST_DAYS: Final = 7
MAX_FORECAST_DAYS: Final = 60
# The figures a forecast compares, with how the window names them; factions come after these.
FIGURES: Final = (
    ("funds", "Funds"),
    ("pollution_mean", "Pollution"),
    ("served_percent", "Power served %"),
    ("voter_approval", "Voters' approval %"),
    ("resident_contentment", "Residents' contentment %"),
    ("population", "Population"),
    ("goals_met", "Goal targets met"),
)
CAVEAT: Final = (
    "A forecast: the city as it would go if you made this change now and nothing else, "
    "with the seed's randomness; what you do meanwhile changes it."
)


@dataclass(frozen=True, slots=True)
class DayFigures:
    """The figures that matter at one day's end: the city's, each faction's approval and the goals."""

    day: int
    values: tuple[int, ...]  # in FIGURES order
    factions: tuple[tuple[str, int], ...]  # (faction label, approval %)
    outcome: str  # running, won or lost

    def value(self, name: str) -> int:
        """Return the figure `name` (a FIGURES name or a faction's label)."""
        for (key, _label), value in zip(FIGURES, self.values, strict=True):
            if key == name:
                return value
        return dict(self.factions)[name]


@dataclass(frozen=True, slots=True)
class Forecast:
    """The next days with and without a change: one DayFigures per day end, from the same start."""

    change: str  # what was tried, in words
    start_tick: int
    days: int
    as_is: tuple[DayFigures, ...]
    what_if: tuple[DayFigures, ...]
    rejected: str = ""  # why the change could not be made ("": it was)

    def names(self) -> tuple[str, ...]:
        """Return every figure compared: FIGURES then the factions."""
        start = self.as_is[0] if self.as_is else None
        return tuple(key for key, _ in FIGURES) + (tuple(label for label, _ in start.factions) if start else ())

    @property
    def compared(self) -> int:
        """Return the days both futures reach: one may end sooner, when the level is won or lost on the way."""
        return min(len(self.as_is), len(self.what_if))

    def last(self) -> tuple[DayFigures, DayFigures] | None:
        """Return the figures as is and with the change on the last day both reach, or None when there is none."""
        days = self.compared
        return (self.as_is[days - 1], self.what_if[days - 1]) if days else None

    def difference(self, name: str) -> int:
        """Return how much the change moves figure `name` by the last day both futures reach: what if minus as is."""
        last = self.last()
        return 0 if last is None else last[1].value(name) - last[0].value(name)


def day_figures(city: CityView) -> DayFigures:
    """Return the city's figures now."""
    goals = city.goals()
    values = {
        "funds": city.funds,
        "pollution_mean": city.pollution_mean,
        "served_percent": city.power.served_percent,
        "voter_approval": city.voter_approval,
        "resident_contentment": city.resident_contentment,
        "population": city.population,
        "goals_met": sum(target.met for target in goals.targets),
    }
    factions = tuple((faction.label, faction.approval) for faction in city.factions())
    return DayFigures(city.day, tuple(values[key] for key, _ in FIGURES), factions, city.outcome.status)


def forecast(sim: Simulation, commands: Sequence[Command], change: str = "", days: int = FORECAST_DAYS) -> Forecast:
    """Return the forecast of making `commands` now in `sim` (which it does not change), `days` game days ahead."""
    return _forecast(sim.fork(), tuple(commands), change, days)


def run_forecast(meta: dict[str, Any], arrays: dict[str, Any], commands: tuple[Command, ...], change: str, days: int) -> Forecast:
    """Return the forecast from a snapshot (`capture`'s output, which it plays from); the worker's entry point."""
    return _forecast(restore(meta, arrays), commands, change, days)


def _forecast(as_is: Simulation, commands: tuple[Command, ...], change: str, days: int) -> Forecast:
    """Play `as_is` (a copy of the city, taken over here) and a fork of it with `commands` made first, `days` days each."""
    if not 1 <= days <= MAX_FORECAST_DAYS:
        raise ValueError(f"days: a forecast looks 1 to {MAX_FORECAST_DAYS} days ahead, got {days}")
    what_if = as_is.fork()
    for command in commands:
        result = what_if.execute(command)
        if isinstance(result, Rejected):
            return Forecast(change, as_is.world.tick, days, (), (), result.reason)
    return Forecast(change, as_is.world.tick, days, _play(as_is, days), _play(what_if, days))


def _play(sim: Simulation, days: int) -> tuple[DayFigures, ...]:
    """Play `days` days from now (stopping early when the level ends) and return the figures at each day's end."""
    city = CityView(sim)
    found = []
    for _ in range(days):
        sim.step(TICKS_PER_DAY - sim.world.tick % TICKS_PER_DAY)
        found.append(day_figures(city))
        if not city.running and not city.playing_on:
            break
    return tuple(found)


class Forecaster:
    """Runs forecasts in a worker process, one question at a time: a new question drops the answer to the one before.

    The worker starts on the first question (about a second to import the game) and stays for the
    next; `close` stops it at once, even mid-forecast. `poll` returns a finished forecast once, without waiting.
    """

    def __init__(self) -> None:
        self._pool: Pool | None = None
        self._job: AsyncResult[Forecast] | None = None
        self._next: tuple[Any, ...] | None = None  # the newest question asked while the worker was busy
        self._error = ""

    def ask(self, sim: Simulation, commands: Sequence[Command], change: str, days: int = FORECAST_DAYS) -> None:
        """Ask for a forecast of `commands` on `sim` now; the snapshot is taken here, the days are played in the worker.

        While the worker plays an earlier question this one waits, replacing any other that waits
        (a slider dragged over ten values asks ten times, and only the last is played after the one under way).
        """
        sim.finish_tick()
        meta, arrays = capture(sim.world)
        self._error = ""
        self._next = (meta, arrays, tuple(commands), change, days)
        if not self.busy:
            self._submit_next()

    def _submit_next(self) -> None:
        """Give the worker the question that waits."""
        if self._pool is None:
            self._pool = multiprocessing.get_context("spawn").Pool(1)
        question, self._next = self._next, None
        assert question is not None
        self._job = self._pool.apply_async(run_forecast, question)

    @property
    def busy(self) -> bool:
        """True while a forecast is being played."""
        return self._job is not None and not self._job.ready()

    @property
    def error(self) -> str:
        """Why the last forecast failed ("" when none did)."""
        return self._error

    def clear_error(self) -> None:
        """Forget the last failure, once it has been told."""
        self._error = ""

    def poll(self) -> Forecast | None:
        """Return the forecast just finished, once; None while one is under way or none was asked."""
        job = self._job
        if job is None or not job.ready():
            return None
        self._job = None
        if self._next is not None:  # answered a question since replaced: play the newest instead
            self._submit_next()
            return None
        try:
            return job.get()
        except Exception as error:  # the worker died or the snapshot would not restore: say so, keep playing
            self._error = f"The forecast failed: {error}"
            return None

    def wait(self, timeout: float | None = None) -> bool:
        """Wait up to `timeout` seconds for the forecast under way (tests, scripts); return whether one is ready for `poll`."""
        while self._job is not None:
            self._job.wait(timeout)
            if not self._job.ready() or self._next is None:
                break
            self._job = None
            self._submit_next()
        return self._job is not None and self._job.ready()

    def close(self) -> None:
        """Stop the worker now (a forecast under way is dropped)."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
        self._job, self._next = None, None
