"""The runner: a world, the schedule that steps it, and the commands, events and copies around it.

`Simulation` is what front ends, scripts and tests hold. The state lives in its `World`
(game.sim.world); the runner owns only the schedule and steps it. For scripts the world's state
reads and writes through the simulation too (`sim.funds` is `sim.world.funds`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, NoReturn

from game.sim import schedule
from game.sim.cadence import TICKS_PER_DAY
from game.sim.commands import Command, Result
from game.sim.events import Event
from game.sim.scenario import Scenario
from game.sim.world import World

__all__ = ["TICKS_PER_DAY", "Simulation"]


class Simulation:
    """One running city: build it from a scenario and a seed, then `step()` it tick by tick."""

    __slots__ = ("_tick_parts", "check_access", "world")
    world: World
    check_access: bool
    _tick_parts: Iterator[None] | None  # the rest of a tick `step_within` began, or None between ticks

    def __init__(self, scenario: Scenario, seed: int | None = None) -> None:
        object.__setattr__(self, "world", World(scenario, seed))
        # True: every system runs behind a guard that refuses what its schedule entry does not declare.
        object.__setattr__(self, "check_access", False)
        object.__setattr__(self, "_tick_parts", None)

    @classmethod
    def from_world(cls, world: World) -> Simulation:
        """Return a runner for an existing world (a restored snapshot)."""
        runner = cls.__new__(cls)
        object.__setattr__(runner, "world", world)
        object.__setattr__(runner, "check_access", False)
        object.__setattr__(runner, "_tick_parts", None)
        return runner

    # The world's state, read and written through the runner for scripts and tests.
    def __getattr__(self, name: str) -> Any:
        return getattr(object.__getattribute__(self, "world"), name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in Simulation.__slots__:
            object.__setattr__(self, name, value)
        else:
            setattr(self.world, name, value)

    def step(self, ticks: int = 1) -> None:
        """Run `ticks` ticks of the schedule (first the rest of a tick `step_within` began, which does not count)."""
        self.finish_tick()
        for _ in range(ticks):
            schedule.run_tick(self.world, checked=self.check_access)

    def step_within(self, out_of_time: Callable[[], bool]) -> bool:
        """Run the systems of one tick until it ends (True) or `out_of_time()`, asked after each system, says stop (False).

        The next call goes on where this one stopped; so a front end spreads a heavy tick (a
        day's end on a big map) over frames. The result is the one `step()` gives: anything
        that reads or changes the whole state (a command, a hash, a save, a fork) first
        finishes the tick. The world may be read in between; it is then part-way through a tick.
        """
        if self._tick_parts is None:
            object.__setattr__(self, "_tick_parts", schedule.tick_in_parts(self.world, self.check_access))
        parts = self._tick_parts
        assert parts is not None
        for _ in parts:
            if out_of_time():
                return False
        object.__setattr__(self, "_tick_parts", None)
        return True

    @property
    def mid_tick(self) -> bool:
        """True while a tick `step_within` began is not finished."""
        return self._tick_parts is not None

    def finish_tick(self) -> None:
        """Run the rest of a tick `step_within` began, if one is under way."""
        parts = self._tick_parts
        if parts is not None:
            for _ in parts:
                pass
            object.__setattr__(self, "_tick_parts", None)

    # --- commands and events ----------------------------------------------------------------
    def submit(self, command: Command) -> None:
        """Queue a command for the start of the next tick."""
        self.world.submit(command)

    def execute(self, command: Command) -> Result:
        """Apply a command now, at this tick boundary, log it and return its result."""
        from game.sim.systems import apply_commands

        self.finish_tick()
        return apply_commands.execute(self.world, command)

    def drain_events(self) -> list[Event]:
        """Return and clear the events since the last drain."""
        return self.world.drain_events()

    # --- the snapshot: hash and copies ---------------------------------------------------------
    def state_hash(self) -> str:
        """Return a hex digest of the snapshot a save is made of: what is saved is what is hashed."""
        from game.sim.snapshot import capture, digest

        self.finish_tick()
        return digest(*capture(self.world, record=False))

    def fork(self) -> Simulation:
        """Return an independent copy that goes on exactly as this one would, with its own esper world.

        It goes through the snapshot a save is made of, so a fork holds what a save holds and no
        array, table or entity of the original: changing one never changes the other.
        """
        import copy

        from game.sim.snapshot import capture, restore

        self.finish_tick()
        meta, arrays = capture(self.world)
        return restore(copy.deepcopy(meta), {name: array.copy() for name, array in arrays.items()})

    def __copy__(self) -> Simulation:
        """`copy.copy` gives a fork: a shallow copy would share the grids and the esper world."""
        return self.fork()

    def __deepcopy__(self, memo: dict[int, object]) -> Simulation:
        """`copy.deepcopy` gives a fork, through the snapshot (deep-copying the esper world's handle would share it)."""
        return self.fork()

    def __reduce__(self) -> NoReturn:
        """Refuse pickling in one line: saves are the game's own format, never pickle."""
        raise TypeError("a Simulation cannot be pickled: save it with game.level.save.save_bytes (or save_game), copy it with fork()")

    def close(self) -> None:
        """Release the esper world."""
        self.world.close()
