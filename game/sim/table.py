"""Struct-of-arrays storage for the buildings' per-tick figures, rows sorted by building id.

What a building is and where lives in its esper entity (game.sim.components) and the layout's
columns; these are the numbers the systems change tick by tick, one row per layout row.
"""

from __future__ import annotations

from typing import Final

import numpy as np

from game.sim.waste import WASTE_TYPES

# Column name -> (dtype, trailing shape). Units: kW, thousandths, waste units.
MAX_BUILDING_ID: Final = 2**31 - 1  # ids fill the int32 occupancy grid; a city that used them all builds no more

COLUMNS: Final[dict[str, tuple[type, tuple[int, ...]]]] = {
    "id": (np.int64, ()),  # the building the row belongs to
    "occupants": (np.int32, ()),  # residents of a housing block
    "waste_milli": (np.int64, (len(WASTE_TYPES),)),  # generated waste not yet a whole unit
    "network": (np.int32, ()),  # power network id, 0 when not on one
    "supply_kw": (np.int64, ()),  # power this building produced last tick
    "demand_kw": (np.int64, ()),  # power this building asked for last tick
    "served_permille": (np.int32, ()),  # share of its demand it got, 0..1000
    "served_day_sum": (np.int64, ()),  # served_permille added up over the ticks since midnight
    "output_permille": (np.int32, ()),  # how hard it worked last tick, 0..1000
    "stored": (np.int64, ()),  # waste units in a landfill
}
MAX_KW: Final = 10**15  # kW a building or a network supplies or asks for, far above every building's
# The range of each column a save may hold (None: checked against the building's type or the networks).
# Each stays in range as the game runs: kW and permilles are recomputed every tick, sums reset at midnight.
COLUMN_RANGES: Final[dict[str, tuple[int, int | None]]] = {
    "id": (1, MAX_BUILDING_ID),
    "occupants": (0, None),  # at most the building type's housing capacity
    "waste_milli": (0, 999),
    "network": (0, None),  # at most the number of networks
    "supply_kw": (0, MAX_KW),
    "demand_kw": (0, MAX_KW),
    "served_permille": (0, 1000),
    "served_day_sum": (0, 1000 * 24),  # a day's ticks at most, reset at midnight
    "output_permille": (0, 1000),
    "stored": (0, None),  # at most the building type's landfill capacity
}


class BuildingTable:
    """Rows of per-building numbers; `col(name)` is the live view of one column."""

    def __init__(self, capacity: int = 64) -> None:
        self._capacity = capacity
        self.count = 0
        self._data: dict[str, np.ndarray] = {
            name: np.zeros((capacity, *shape), dtype=dtype) for name, (dtype, shape) in COLUMNS.items()
        }

    def col(self, name: str) -> np.ndarray:
        """Return the live view of column `name` over the used rows."""
        return self._data[name][: self.count]

    def append(self, building_id: int) -> int:
        """Add a row for a new building and return its row index; ids must increase."""
        if self.count == self._capacity:
            self._grow()
        row = self.count
        for array in self._data.values():
            array[row] = 0
        self._data["id"][row] = building_id
        self.count += 1
        return row

    def row_of(self, building_id: int) -> int:
        """Return the row of `building_id`, or -1 when there is none."""
        ids = self.col("id")
        row = int(np.searchsorted(ids, building_id))
        return row if row < self.count and ids[row] == building_id else -1

    def remove(self, building_id: int) -> None:
        """Delete the row of `building_id`, keeping the others in id order."""
        row = self.row_of(building_id)
        if row < 0:
            raise KeyError(building_id)
        for array in self._data.values():
            array[row : self.count - 1] = array[row + 1 : self.count]
        self.count -= 1

    def _grow(self) -> None:
        self._capacity *= 2
        for name, array in self._data.items():
            grown = np.zeros((self._capacity, *array.shape[1:]), dtype=array.dtype)
            grown[: self.count] = array[: self.count]
            self._data[name] = grown

    def columns(self) -> dict[str, np.ndarray]:
        """Return every column's used rows, for hashing and saving."""
        return {name: self.col(name) for name in COLUMNS}
