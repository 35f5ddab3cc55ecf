"""The camera: which part of the map the viewport shows, and at what zoom. View state, not a command."""

from __future__ import annotations

import pygame

from game.render.assets import TILE_PX

# Screen pixels per art pixel. Below 1 the map is drawn from smoothed, shrunken copies.
ZOOM_LEVELS: tuple[float, ...] = (0.25, 0.5, 1.0, 2.0, 3.0, 4.0)
DEFAULT_ZOOM_INDEX = 3  # 2x: 32 px tiles, big enough to read every sprite


class Camera:
    """Maps between screen pixels and map tiles; pans and zooms within the map's bounds."""

    def __init__(self, viewport: pygame.Rect, map_tiles: tuple[int, int], zoom_index: int = DEFAULT_ZOOM_INDEX) -> None:
        self.viewport = pygame.Rect(viewport)
        self.map_tiles = map_tiles  # (width, height) in tiles
        self.zoom_index = max(0, min(len(ZOOM_LEVELS) - 1, zoom_index))
        # Top-left corner of the view in art pixels (tile * TILE_PX); floats so slow pans add up.
        self.left = 0.0
        self.top = 0.0
        self.center_on(map_tiles[0] / 2, map_tiles[1] / 2)

    # --- derived figures ----------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        """Screen pixels per art pixel."""
        return ZOOM_LEVELS[self.zoom_index]

    @property
    def tile_px(self) -> int:
        """Screen pixels per tile at the current zoom."""
        return int(TILE_PX * self.zoom)

    @property
    def pixel_step(self) -> int:
        """Screen pixels per art pixel when zoomed in (1 otherwise): scrolling moves in these steps."""
        return max(1, self.tile_px // TILE_PX)

    def origin(self) -> tuple[int, int]:
        """Return the screen position of the map's top-left corner (tile 0, 0).

        Snapped to whole art pixels, so the view can be drawn at art resolution and scaled once.
        """
        step = self.pixel_step
        return (
            self.viewport.x - round(self.left * self.zoom / step) * step,
            self.viewport.y - round(self.top * self.zoom / step) * step,
        )

    def key(self) -> tuple[int, ...]:
        """Return a value that changes exactly when the drawn view would change."""
        origin_x, origin_y = self.origin()
        return (origin_x, origin_y, self.tile_px, *self.viewport)

    # --- conversions --------------------------------------------------------------------------
    def tile_at(self, position: tuple[int, int]) -> tuple[int, int]:
        """Return the tile under a screen position (may lie off the map)."""
        origin_x, origin_y = self.origin()
        size = self.tile_px
        return (position[0] - origin_x) // size, (position[1] - origin_y) // size

    def point_at(self, position: tuple[int, int]) -> tuple[float, float]:
        """Return the map point under a screen position in tiles, fractions included (may lie off the map)."""
        origin_x, origin_y = self.origin()
        size = self.tile_px
        return (position[0] - origin_x) / size, (position[1] - origin_y) / size

    def tile_rect(self, x: int, y: int, width: int = 1, height: int = 1) -> pygame.Rect:
        """Return the screen rectangle covering `width` x `height` tiles from tile (x, y)."""
        origin_x, origin_y = self.origin()
        size = self.tile_px
        return pygame.Rect(origin_x + x * size, origin_y + y * size, width * size, height * size)

    def visible_tiles(self) -> tuple[int, int, int, int]:
        """Return the tile range (x0, y0, x1, y1), end exclusive, that touches the viewport."""
        origin_x, origin_y = self.origin()
        size = self.tile_px
        width, height = self.map_tiles
        x0 = max(0, (self.viewport.left - origin_x) // size)
        y0 = max(0, (self.viewport.top - origin_y) // size)
        x1 = min(width, -(-(self.viewport.right - origin_x) // size))
        y1 = min(height, -(-(self.viewport.bottom - origin_y) // size))
        return x0, y0, max(x0, x1), max(y0, y1)

    # --- movement -----------------------------------------------------------------------------
    def pan(self, dx_px: float, dy_px: float) -> None:
        """Move the view by a distance given in screen pixels."""
        self.left += dx_px / self.zoom
        self.top += dy_px / self.zoom
        self.clamp()

    def center_on(self, tile_x: float, tile_y: float) -> None:
        """Put the point (tile_x, tile_y), in tiles, at the middle of the viewport."""
        self.left = tile_x * TILE_PX - self.viewport.width / 2 / self.zoom
        self.top = tile_y * TILE_PX - self.viewport.height / 2 / self.zoom
        self.clamp()

    def zoom_by(self, steps: int, anchor: tuple[int, int] | None = None) -> None:
        """Zoom in (steps > 0) or out by whole levels, keeping the map point under `anchor` still."""
        anchor = anchor if anchor is not None else self.viewport.center
        before = self.zoom
        # The art pixel under the anchor, which must stay under it after zooming.
        art_x = self.left + (anchor[0] - self.viewport.x) / before
        art_y = self.top + (anchor[1] - self.viewport.y) / before
        self.zoom_index = max(0, min(len(ZOOM_LEVELS) - 1, self.zoom_index + steps))
        self.left = art_x - (anchor[0] - self.viewport.x) / self.zoom
        self.top = art_y - (anchor[1] - self.viewport.y) / self.zoom
        self.clamp()

    def resize(self, viewport: pygame.Rect) -> None:
        """Give the camera a new viewport, keeping the same map point in the middle."""
        middle_x = (self.left + self.viewport.width / 2 / self.zoom) / TILE_PX
        middle_y = (self.top + self.viewport.height / 2 / self.zoom) / TILE_PX
        self.viewport = pygame.Rect(viewport)
        self.center_on(middle_x, middle_y)

    def clamp(self) -> None:
        """Keep the view on the map; a map smaller than the viewport sits in its middle."""
        self.left = _clamp_axis(self.left, self.map_tiles[0] * TILE_PX, self.viewport.width / self.zoom)
        self.top = _clamp_axis(self.top, self.map_tiles[1] * TILE_PX, self.viewport.height / self.zoom)


def _clamp_axis(start: float, world: float, view: float) -> float:
    """Clamp one axis of the view start (art px) so the view stays on a world of size `world`."""
    if view >= world:
        return -(view - world) / 2
    return min(max(start, 0.0), world - view)
