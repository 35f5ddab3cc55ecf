"""Checks for restoring state from plain data: every problem is a SnapshotError naming its field.

The save loader validates the file's schema first; these checks still guard each value a part of
the simulation reads back, so a damaged or hand-edited save is refused with the field's path.
"""

from __future__ import annotations

from typing import Any

import numpy as np


class SnapshotError(ValueError):
    """The data does not describe a simulation; the message names the field."""


# What "unbounded" (None) allows a saved integer either way: within it, a sum of a few of them, or
# one plus a lifetime of ticks, still fits in int64 where numpy takes it up.
SAVED_INT_LIMIT = 2**62


def checked_array(
    arrays: dict[str, np.ndarray], name: str, dtype: Any, shape: tuple[int, ...], low: int | None = 0, high: int | None = None
) -> np.ndarray:
    """Return a copy of arrays[name] after checking its dtype, shape and value range (None: ±SAVED_INT_LIMIT)."""
    array = arrays.get(name)
    if array is None:
        raise SnapshotError(f"arrays.{name}: missing")
    if array.dtype != np.dtype(dtype):
        raise SnapshotError(f"arrays.{name}: dtype {array.dtype}, expected {np.dtype(dtype)}")
    if array.shape != shape:
        raise SnapshotError(f"arrays.{name}: shape {array.shape}, expected {shape}")
    low = -SAVED_INT_LIMIT if low is None else low
    high = SAVED_INT_LIMIT if high is None else high
    if array.size and int(array.min()) < low:
        raise SnapshotError(f"arrays.{name}: holds {int(array.min()):,}, below the least allowed {low:,}")
    if array.size and int(array.max()) > high:
        raise SnapshotError(f"arrays.{name}: holds {int(array.max()):,}, above the most allowed {high:,}")
    return array.copy()


def checked_int(data: dict[str, Any], key: str, path: str, low: int | None = 0, high: int | None = None) -> int:
    """Return data[key] as an int within [low, high] (None: ±SAVED_INT_LIMIT), or raise naming `path.key`."""
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise SnapshotError(f"{path}.{key}: expected an integer, got {type(value).__name__}")
    low = -SAVED_INT_LIMIT if low is None else low
    high = SAVED_INT_LIMIT if high is None else high
    if value < low:
        raise SnapshotError(f"{path}.{key}: {value:,} is below the least allowed {low:,}")
    if value > high:
        raise SnapshotError(f"{path}.{key}: {value:,} is above the most allowed {high:,}")
    return value


def checked_str(data: dict[str, Any], key: str, path: str, choices: tuple[str, ...] | None = None, max_length: int = 200) -> str:
    """Return data[key] as a string (one of `choices` when given), or raise naming `path.key`."""
    value = data.get(key)
    if not isinstance(value, str) or len(value) > max_length:
        raise SnapshotError(f"{path}.{key}: expected text of at most {max_length} characters")
    if choices is not None and value not in choices:
        raise SnapshotError(f"{path}.{key}: '{value[:40]}' is not one of {', '.join(choices)}")
    return value


def checked_list(data: dict[str, Any], key: str, path: str, max_length: int) -> list[Any]:
    """Return data[key] as a list of at most `max_length` items, or raise naming `path.key`."""
    value = data.get(key)
    if not isinstance(value, list) or len(value) > max_length:
        raise SnapshotError(f"{path}.{key}: expected a list of at most {max_length:,} items")
    return value


def checked_dict(data: dict[str, Any], key: str, path: str) -> dict[str, Any]:
    """Return data[key] as a dict, or raise naming `path.key`."""
    value = data.get(key)
    if not isinstance(value, dict):
        raise SnapshotError(f"{path}.{key}: expected a table")
    return value
