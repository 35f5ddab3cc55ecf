"""One row of a load list: the map's thumbnail beside a button naming the save, its level, game day and hour, and when it was written."""

from __future__ import annotations

import numpy as np
import pygame

from game.level.front_end import Thumbnail
from game.ui.gui import Gui
from game.ui.saves import SaveFile, SaveFolder

ROW_UNITS = 50  # UI units a row takes, its gap included
THUMB_UNITS = 44  # the thumbnail's side in UI units
EMPTY_RGB = (23, 26, 34)  # a save without a thumbnail (an older one) shows a dark square


def thumbnail_surface(thumbnail: Thumbnail | None, side_px: int) -> pygame.Surface:
    """Return the thumbnail scaled to fit a square of `side_px` pixels (centred), or a dark square for none."""
    square = pygame.Surface((side_px, side_px))
    square.fill(EMPTY_RGB)
    if thumbnail is None:
        return square
    picture = pygame.surfarray.make_surface(np.ascontiguousarray(thumbnail.pixels().transpose(1, 0, 2)))
    fit = side_px / max(thumbnail.width, thumbnail.height)
    size = (max(1, round(thumbnail.width * fit)), max(1, round(thumbnail.height * fit)))
    scaled = pygame.transform.scale(picture, size)
    square.blit(scaled, ((side_px - size[0]) // 2, (side_px - size[1]) // 2))
    return square


def row_text(save: SaveFile, saves: SaveFolder) -> str:
    """Return the row's label: the save's name, its level and game time, and when it was written."""
    details = saves.details(save)
    level = f"  ·  {details.line()}" if details is not None else "  ·  cannot be read"
    return f"{save.name}{level}  ·  {save.label().split('  ·  ', 1)[1]}"


def add_save_row(gui: Gui, name: str, origin: tuple[float, float], width: float, save: SaveFile, saves: SaveFolder, parent: str) -> None:
    """Add the row for `save` at `origin` (UI units in `parent`): its thumbnail, then a button called `name`."""
    x, y = origin
    details = saves.details(save)
    gui.image(f"{name}.thumb", (x, y, THUMB_UNITS, THUMB_UNITS), thumbnail_surface(details.thumbnail if details else None, gui.px(THUMB_UNITS)), parent)
    gui.button(name, (x + THUMB_UNITS + 8, y + 2, width - THUMB_UNITS - 8, THUMB_UNITS - 4), row_text(save, saves), parent)
