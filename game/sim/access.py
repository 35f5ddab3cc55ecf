"""The debug check of the schedule's declared access: a system may touch only what its entry names.

`Simulation.check_access = True` runs every system on a `Guarded` world. Reading an attribute the
entry does not declare raises `AccessError` at once; what a system changed is found afterwards
by comparing the snapshot of the world before and after it, section by section (each saved field
belongs to one world attribute, see `game.sim.snapshot.owner_of`), so a write through a nested
object or an array view is caught as surely as an assignment. The world's methods and clock
properties (`day`, `hour`) pass freely; what a method changes is caught by the comparison.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from game.sim.schedule import System
    from game.sim.world import World

# Read through the world's properties: what each stands for.
PROPERTY_READS: dict[str, tuple[str, ...]] = {"day": ("tick",), "hour": ("tick",), "is_day_end": ("tick",), "parts": ()}


class AccessError(RuntimeError):
    """A system touched world state its schedule entry does not declare."""


class Guarded:
    """A world seen by one system: reads and assignments outside its declared access raise AccessError."""

    __slots__ = ("_system", "_world")

    def __init__(self, world: World, system: System) -> None:
        object.__setattr__(self, "_world", world)
        object.__setattr__(self, "_system", system)

    def __getattr__(self, name: str) -> Any:
        world = object.__getattribute__(self, "_world")
        system: System = object.__getattribute__(self, "_system")
        value = getattr(world, name)
        declared = system.reads | system.writes
        if name in PROPERTY_READS:
            missing = [part for part in PROPERTY_READS[name] if part not in declared]
            if missing:
                raise AccessError(f"{system.name} read world.{name} ({missing[0]}) but its schedule entry does not declare it")
        elif not callable(value) and name not in declared:
            raise AccessError(f"{system.name} read world.{name} but its schedule entry does not declare it")
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        system: System = object.__getattribute__(self, "_system")
        if name not in system.writes:
            raise AccessError(f"{system.name} set world.{name} but its schedule entry does not declare writing it")
        setattr(object.__getattribute__(self, "_world"), name, value)


def sections(world: World) -> dict[str, str]:
    """Return a digest of each world attribute's saved state, from the snapshot."""
    from game.sim.snapshot import capture, owner_of

    meta, arrays = capture(world)
    hashers: dict[str, Any] = {}
    for key in sorted(meta):
        _feed(hashers, owner_of(key), repr(meta[key]).encode())
    for key in sorted(meta.get("society", {})):
        _feed(hashers, key, repr(meta["society"][key]).encode())
    for name in sorted(arrays):
        _feed(hashers, owner_of(name, array=True), np.ascontiguousarray(arrays[name]).tobytes())
    return {owner: hasher.hexdigest() for owner, hasher in hashers.items()}


def _feed(hashers: dict[str, Any], owner: str | None, data: bytes) -> None:
    if owner is not None:
        hashers.setdefault(owner, hashlib.blake2b(digest_size=16)).update(data)


def run_checked(system: System, world: World) -> None:
    """Run `system` on a guarded world and raise AccessError if it changed what it does not declare writing."""
    before = sections(world)
    system.run(Guarded(world, system))  # type: ignore[arg-type]
    after = sections(world)
    changed = sorted(owner for owner in after if after[owner] != before.get(owner))
    undeclared = [owner for owner in changed if owner not in system.writes]
    if undeclared:
        raise AccessError(f"{system.name} changed world.{undeclared[0]} but its schedule entry does not declare writing it")
