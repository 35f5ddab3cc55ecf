"""The world as the camera sees it: cached map chunks and the active overlay, composed once per change.

Composing (scaling chunks and the overlay to the zoom) happens only when the camera, the map or
the overlay changed; every other frame is a single blit of the composed viewport. Markers that
blink (unpowered buildings) are drawn on top each frame, and so are rings round the found power
taps while the power overlay shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pygame

from game.render.agents_layer import AgentsLayer
from game.render.assets import TILE_PX, Art, opaque_surface
from game.render.camera import Camera
from game.render.lighting import DAYLIGHT, Light, draw_light, light_at
from game.render.map_cache import CHUNK_TILES, MapCache
from game.render.overlays import DARK_BELOW_PERMILLE, POWER_TAP, OverlayLayer

if TYPE_CHECKING:
    from game.sim.view import CityView

MARKER_MIN_TILE_PX = 8  # below this zoom markers would hide the map
REDRAW_BUDGET_SECONDS = 0.002  # map redraws a frame may spend; more changes wait for the next frames
TAP_RING_MIN_PX = 9  # radius of the ring round a found tap on the power overlay, however far out the zoom


class WorldView:
    """Draws the map, an optional overlay and status markers into the camera's viewport."""

    def __init__(self, art: Art, city: CityView) -> None:
        self._art = art
        self._city = city
        self.map = MapCache(art, city)
        self.overlays = OverlayLayer()
        self._composed: pygame.Surface | None = None  # the view at screen resolution
        self._art_canvas: pygame.Surface | None = None  # the view at art resolution, when zoomed in
        self._composed_key: tuple | None = None
        self._background = art.colour("night")
        self._markers: dict[int, pygame.Surface] = {}
        self.compositions = 0  # how many times the view was recomposed, for tests and benchmarks
        self.agents = AgentsLayer()  # society: scavengers and drones, drawn every frame
        self.light = DAYLIGHT  # the hour's light (game.render.lighting), part of what the composed view depends on
        self.redraw_budget_seconds: float | None = REDRAW_BUDGET_SECONDS  # None: redraw every change at once
        self.fixed_light: Light | None = None  # a light to draw in whatever the hour (the level editor's daylight)

    def draw(self, target: pygame.Surface, camera: Camera, overlay: str | None, blink_on: bool = True, alpha: float = 1.0) -> None:
        """Draw the visible world into `target` at the camera's viewport; agents `alpha` of the way into the next tick."""
        self.map.sync(self.redraw_budget_seconds)
        overlay_key = self.overlays.key(overlay, self._city) if overlay else None
        self.light = self.fixed_light or light_at(self._city.clock.hour)
        key = (camera.key(), self.map.version, overlay_key, self.light)
        if key != self._composed_key or self._composed is None:
            self._compose(camera, overlay)
            self._composed_key = key
        target.blit(self._composed, camera.viewport.topleft, pygame.Rect((0, 0), camera.viewport.size))
        self.agents.draw(target, camera, self._city, alpha)  # society: moving agents over the map
        if blink_on and camera.tile_px >= MARKER_MIN_TILE_PX:
            self._draw_markers(target, camera)
        if overlay == "power":
            self._draw_tap_rings(target, camera)

    def _compose(self, camera: Camera, overlay: str | None) -> None:
        """Redraw the composed view from the map chunks and the overlay.

        Zoomed in, the view is first drawn at art resolution (16 px per tile) and then scaled once,
        which costs a quarter or less of scaling and blending at screen resolution.
        """
        step = camera.pixel_step
        view_width, view_height = camera.viewport.size
        art_size = (-(-view_width // step), -(-view_height // step))
        composed_size = (art_size[0] * step, art_size[1] * step)
        if self._composed is None or self._composed.get_size() != composed_size:
            self._composed = opaque_surface(composed_size)
        origin_x, origin_y = camera.origin()
        # The map's top-left corner relative to the composed surface, in screen pixels.
        origin = (origin_x - camera.viewport.x, origin_y - camera.viewport.y)
        if step == 1:
            self._draw_tiles(self._composed, origin, camera.tile_px, camera.visible_tiles(), overlay)
        else:
            if self._art_canvas is None or self._art_canvas.get_size() != art_size:
                self._art_canvas = opaque_surface(art_size)
            art_origin = (origin[0] // step, origin[1] // step)  # exact: the origin is snapped
            self._draw_tiles(self._art_canvas, art_origin, TILE_PX, camera.visible_tiles(), overlay)
            pygame.transform.scale(self._art_canvas, composed_size, self._composed)
        self.compositions += 1

    def _draw_tiles(self, surface: pygame.Surface, origin: tuple[int, int], tile_px: int, visible: tuple[int, int, int, int], overlay: str | None) -> None:
        """Fill `surface` with the visible chunks (at most 16 px per tile) and the overlay over them."""
        surface.fill(self._background)
        x0, y0, x1, y1 = visible
        if x0 >= x1 or y0 >= y1:
            return
        for chunk_y in range(y0 // CHUNK_TILES, (y1 - 1) // CHUNK_TILES + 1):
            for chunk_x in range(x0 // CHUNK_TILES, (x1 - 1) // CHUNK_TILES + 1):
                image = self.map.chunk(chunk_x, chunk_y, tile_px)
                surface.blit(image, (origin[0] + chunk_x * CHUNK_TILES * tile_px, origin[1] + chunk_y * CHUNK_TILES * tile_px))
        draw_light(surface, self.map, origin, tile_px, visible, self.light)  # the hour's tint and night lights, under the overlay
        if overlay:
            tiles = self.overlays.surface(overlay, self._city).subsurface(pygame.Rect(x0, y0, x1 - x0, y1 - y0))
            scaled = pygame.transform.scale(tiles, ((x1 - x0) * tile_px, (y1 - y0) * tile_px))
            surface.blit(scaled, (origin[0] + x0 * tile_px, origin[1] + y0 * tile_px))

    def _draw_markers(self, target: pygame.Surface, camera: Camera) -> None:
        """Draw a warning marker over each visible building that wants power and gets too little."""
        city = self._city
        if city.building_count == 0:
            return
        # Network 0 means the power system has not seen the building yet (placed since the last tick).
        dark = (city.column("demand_kw") > 0) & (city.column("served_permille") < DARK_BELOW_PERMILLE) & (city.column("network") > 0)
        if not dark.any():
            return
        x0, y0, x1, y1 = camera.visible_tiles()
        xs = city.column("x")
        ys = city.column("y")
        widths = city.type_column("width")
        heights = city.type_column("height")
        shown = dark & (xs + widths > x0) & (xs < x1) & (ys + heights > y0) & (ys < y1)
        marker = self._marker(camera.tile_px)
        origin_x, origin_y = camera.origin()
        size = camera.tile_px
        target.set_clip(camera.viewport)
        for row in np.flatnonzero(shown).tolist():
            centre = (origin_x + int(xs[row] * 2 + widths[row]) * size // 2, origin_y + int(ys[row] * 2 + heights[row]) * size // 2)
            target.blit(marker, marker.get_rect(center=centre))
        target.set_clip(None)

    def _draw_tap_rings(self, target: pygame.Surface, camera: Camera) -> None:
        """Ring each found power tap in the overlay's tap colour, big enough to spot when zoomed far out."""
        xs, ys = self._city.found_tap_xy
        if xs.size == 0:
            return
        size = camera.tile_px
        radius = max(size, TAP_RING_MIN_PX)
        origin_x, origin_y = camera.origin()
        target.set_clip(camera.viewport)
        for x, y in zip(xs.tolist(), ys.tolist()):
            centre = (origin_x + x * size + size // 2, origin_y + y * size + size // 2)
            pygame.draw.circle(target, POWER_TAP[:3], centre, radius, max(2, size // 12))
        target.set_clip(None)

    def _marker(self, tile_px: int) -> pygame.Surface:
        """Return the no-power marker at a size that suits the zoom."""
        factor = 2 if tile_px >= 2 * TILE_PX else 1
        marker = self._markers.get(factor)
        if marker is None:
            marker = pygame.transform.scale_by(self._art.icons["no_power"], factor)
            self._markers[factor] = marker
        return marker
