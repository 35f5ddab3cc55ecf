"""What a save keeps for the window beside the game: the tutorial's progress and a thumbnail of the map.

Neither is simulation state: they live in the save's header (format 7 on), are not hashed, and a
save without them (an older one, or one the headless runner wrote) loads just the same. The
thumbnail is a small raw RGB array, one pixel per block of tiles, so a save list can show the map
without loading the game; it is drawn from the terrain and the buildings with a fixed colour table.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Final

import numpy as np

MAX_THUMBNAIL_SIDE: Final = 64  # px a side
# Colours of the thumbnail (RGB), close to the map's palette: terrain by code, then anything built.
TERRAIN_COLOURS: Final = ((86, 68, 48), (23, 71, 79), (114, 57, 31), (51, 38, 74))
BUILT_COLOUR: Final = (185, 195, 193)
LINE_COLOUR: Final = (236, 132, 38)


@dataclass(frozen=True, slots=True)
class TutorialRecord:
    """How far the player got in the tutorial: the step they are on and what the hints have seen them do."""

    step: int = 0
    saw_pollution: bool = False
    changed_policy: bool = False
    dismissed: bool = False


@dataclass(frozen=True, slots=True)
class FrontEnd:
    """The window's own part of a save: the tutorial's progress (None: not the tutorial)."""

    tutorial: TutorialRecord | None = None


@dataclass(frozen=True, slots=True)
class Thumbnail:
    """A small picture of the map: `width` × `height` pixels of raw RGB bytes, row by row."""

    width: int
    height: int
    rgb: bytes

    def pixels(self) -> np.ndarray:
        """Return the picture as a (height, width, 3) uint8 array."""
        return np.frombuffer(self.rgb, np.uint8).reshape(self.height, self.width, 3)

    def to_data(self) -> dict[str, object]:
        """Return the thumbnail as the plain data a save header holds (the bytes in base64)."""
        return {"width": self.width, "height": self.height, "rgb": base64.b64encode(self.rgb).decode("ascii")}

    @classmethod
    def from_data(cls, width: int, height: int, rgb: str) -> Thumbnail | str:
        """Return the thumbnail of checked header fields, or what is wrong with its pixels."""
        try:
            raw = base64.b64decode(rgb, validate=True)
        except (binascii.Error, ValueError):
            return "rgb: not base64 data"
        if len(raw) != width * height * 3:
            return f"rgb: {len(raw):,} bytes; a {width}x{height} picture has {width * height * 3:,}"
        return cls(width, height, raw)


def draw_thumbnail(terrain: np.ndarray, occupancy: np.ndarray, line_mask: np.ndarray) -> Thumbnail:
    """Return a thumbnail of a map: its terrain colours, built tiles light and power lines orange, shrunk to fit.

    `terrain` holds terrain codes, `occupancy` a building id per tile (0: open), `line_mask` is True
    on tiles with a power line; all (height, width). A pixel shows its block's middle tile, lit when anything in the block is built.
    """
    height, width = terrain.shape
    step = max(1, -(-max(height, width) // MAX_THUMBNAIL_SIDE))  # tiles a pixel covers, rounded up
    rows, columns = -(-height // step), -(-width // step)
    middle_rows = np.minimum(np.arange(rows) * step + step // 2, height - 1)
    middle_columns = np.minimum(np.arange(columns) * step + step // 2, width - 1)
    codes = np.clip(terrain[np.ix_(middle_rows, middle_columns)], 0, len(TERRAIN_COLOURS) - 1)
    picture = np.array(TERRAIN_COLOURS, np.uint8)[codes]
    picture[_any_in_block(occupancy > 0, step)] = BUILT_COLOUR
    picture[_any_in_block(line_mask, step)] = LINE_COLOUR
    return Thumbnail(columns, rows, np.ascontiguousarray(picture).tobytes())


def _any_in_block(mask: np.ndarray, step: int) -> np.ndarray:
    """Return, per `step` × `step` block of `mask` (the last ones cut short), whether any tile in it is True."""
    height, width = mask.shape
    padded = np.zeros((-(-height // step) * step, -(-width // step) * step), bool)
    padded[:height, :width] = mask
    return np.asarray(padded.reshape(padded.shape[0] // step, step, padded.shape[1] // step, step).any(axis=(1, 3)))
