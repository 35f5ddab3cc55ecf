"""The caches security drones dug up, remembered by the interface for a few days so the map can mark and name them.

The simulation seizes a cache the moment a drone finds it and tells the front ends where it lay
in its `CacheSeized` event; hidden caches stay hidden (the view never shows them). View state:
not saved, so a loaded game starts with no marks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.sim.view import TICKS_PER_DAY, CacheSeized

if TYPE_CHECKING:
    from game.sim.view import CityView

KEEP_TICKS = 3 * TICKS_PER_DAY  # a dug-up site stays marked for three game days
MAX_FINDS = 500  # the marks kept at most, newest first (a crackdown on a huge map finds thousands)


@dataclass(frozen=True, slots=True)
class FoundCache:
    """A cache security drones dug up: its tile, the hazardous units seized, whose it was ('' unknown) and when."""

    x: int
    y: int
    units: int
    tribe: str
    tick: int

    @property
    def day(self) -> int:
        """The day it was found, counted from 1 as the clock shows it."""
        return self.tick // TICKS_PER_DAY + 1


class FoundCaches:
    """The dug-up caches of the last KEEP_TICKS ticks, by tile."""

    def __init__(self) -> None:
        self._by_tile: dict[tuple[int, int], FoundCache] = {}

    def observe(self, city: CityView, events: Iterable[object]) -> None:
        """Remember the sites in this frame's CacheSeized events and forget the ones found too long ago."""
        names = None
        for event in events:
            if not isinstance(event, CacheSeized):
                continue
            if names is None:
                names = [camp.name for camp in city.camps()]
            for x, y, units, owner in event.sites:
                tribe = names[owner - 1] if 0 < owner <= len(names) else ""
                self._by_tile.pop((x, y), None)
                self._by_tile[(x, y)] = FoundCache(x, y, units, tribe, city.tick)
        self._forget(city.tick)

    def _forget(self, tick: int) -> None:
        """Drop the sites older than KEEP_TICKS, and the oldest beyond MAX_FINDS."""
        stale = [tile for tile, found in self._by_tile.items() if tick - found.tick > KEEP_TICKS or found.tick > tick]
        for tile in stale:
            del self._by_tile[tile]
        while len(self._by_tile) > MAX_FINDS:
            del self._by_tile[next(iter(self._by_tile))]

    def at(self, x: int, y: int) -> FoundCache | None:
        """Return the dug-up cache on tile (x, y), or None."""
        return self._by_tile.get((x, y))

    @property
    def tiles(self) -> list[tuple[int, int]]:
        """The tiles of every remembered site, oldest first."""
        return list(self._by_tile)
