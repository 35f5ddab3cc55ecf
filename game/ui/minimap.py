"""The minimap in the map's bottom-right corner: terrain, buildings, camps and the camera's view; click or drag it to move the view.

The map picture is one pixel per tile, built with numpy from the art's own colours (each terrain's
and building's average colour, the buildings lightened to stand out) and rebuilt only when the
layout changes (terrain never does); its scaled copy is kept per size. View state only: M shows
or hides it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pygame

from game.render.agent_sprites import TRIBE_COLOURS
from game.render.camera import Camera
from game.sim.buildings import BUILDING_TYPES
from game.ui.panels import PAD
from game.ui.widgets import panel

if TYPE_CHECKING:
    from game.render.assets import Art
    from game.sim.view import CityView
    from game.ui.theme import Theme

SIDE_UNITS = 200  # UI units the minimap's longer side takes at most...
MIN_SIDE_UNITS = 48  # ...and at least, or it steps aside (under a tall legend on a short screen)
MAP_SHARE = 4  # ...and at most a quarter of the map area's width (a third of its height)
BUILDING_LIGHTEN = 0.35  # how far a building's colour is moved towards white, to stand out from the ground
VIEW_EDGE = (255, 255, 255)


def average_colour(surface: pygame.Surface) -> tuple[int, int, int]:
    """Return the mean colour of a sprite's opaque pixels."""
    rgb = pygame.surfarray.array3d(surface).reshape(-1, 3).astype(np.float64)
    alpha = pygame.surfarray.array_alpha(surface).reshape(-1) if surface.get_flags() & pygame.SRCALPHA else np.full(rgb.shape[0], 255)
    opaque = alpha > 128
    mean = rgb[opaque].mean(axis=0) if opaque.any() else rgb.mean(axis=0)
    red, green, blue = (int(channel) for channel in mean.round())
    return red, green, blue


def palette_of(art: Art) -> tuple[np.ndarray, np.ndarray]:
    """Return (terrain colours by terrain code, building colours by building kind index), uint8 rows of RGB."""
    terrain = np.array([average_colour(variants[0]) for variants in art.terrain], np.uint8)
    buildings = np.array([average_colour(art.buildings[btype.kind]) for btype in BUILDING_TYPES], np.float64)
    lightened = buildings + (255 - buildings) * BUILDING_LIGHTEN
    return terrain, lightened.round().astype(np.uint8)


class Minimap:
    """The minimap's picture, place and input: where it sits, what it shows, where a click on it points."""

    def __init__(self, art: Art, theme: Theme) -> None:
        self._terrain_colours, self._building_colours = palette_of(art)
        self._theme = theme
        self._tiles: pygame.Surface | None = None  # one pixel per tile
        self._tiles_key: tuple[int, int, int] | None = None
        self._scaled: pygame.Surface | None = None
        self._scaled_key: tuple[object, ...] | None = None
        self.dragging = False
        self.builds = 0  # how many times the map picture was built, for tests
        self.ceiling = 0  # a screen y the minimap keeps below (0: none), set by the interface each frame

    # --- where it sits ----------------------------------------------------------------------------
    def rect(self, area: pygame.Rect, map_tiles: tuple[int, int]) -> pygame.Rect:
        """Return the screen rectangle of the map picture inside the bottom-right corner of `area`, the map's shape."""
        width, height = map_tiles
        pad = self._theme.px(PAD)
        side = min(self._theme.px(SIDE_UNITS), area.width // MAP_SHARE, area.height // 3)
        if self.ceiling:  # keep below what stands above the corner (the overlay legend)
            side = min(side, area.bottom - 4 * pad - self.ceiling)
        side = max(16, side)
        scale = side / max(width, height)
        size = (max(8, round(width * scale)), max(8, round(height * scale)))
        box = pygame.Rect((0, 0), size)
        box.bottomright = (area.right - 2 * pad, area.bottom - 2 * pad)
        return box

    def fits(self, area: pygame.Rect) -> bool:
        """True when the corner of `area` below the ceiling has room for a minimap worth showing (MIN_SIDE_UNITS)."""
        pad = self._theme.px(PAD)
        return not self.ceiling or area.bottom - 4 * pad - self.ceiling >= self._theme.px(MIN_SIDE_UNITS)

    def frame(self, area: pygame.Rect, map_tiles: tuple[int, int]) -> pygame.Rect:
        """Return the rectangle the minimap covers with its panel: what the map's clicks and the inspector keep off."""
        pad = self._theme.px(PAD)
        return self.rect(area, map_tiles).inflate(2 * pad, 2 * pad)

    def tile_at(self, position: tuple[int, int], area: pygame.Rect, map_tiles: tuple[int, int]) -> tuple[float, float]:
        """Return the map point (in tiles) under a screen position on the minimap, kept on the map."""
        box = self.rect(area, map_tiles)
        x = (min(max(position[0], box.left), box.right - 1) - box.left + 0.5) * map_tiles[0] / box.width
        y = (min(max(position[1], box.top), box.bottom - 1) - box.top + 0.5) * map_tiles[1] / box.height
        return x, y

    # --- what it shows ------------------------------------------------------------------------------
    def tiles(self, city: CityView) -> pygame.Surface:
        """Return the map as one pixel per tile (terrain, buildings over it), rebuilt when the layout changed."""
        key = (city.layout_version, city.width, city.height)
        if self._tiles is None or key != self._tiles_key:
            colours = self._terrain_colours[city.terrain]
            kinds = city.column("kind")
            ids = city.column("id")
            if ids.size:
                by_id = np.full(int(ids.max()) + 1, -1, np.int64)
                by_id[ids] = kinds
                kind_at = by_id[city.occupancy]
                built = kind_at >= 0
                colours[built] = self._building_colours[kind_at[built]]
            self._tiles = pygame.surfarray.make_surface(np.ascontiguousarray(colours.transpose(1, 0, 2)))
            self._tiles_key = key
            self.builds += 1
        return self._tiles

    def draw(self, target: pygame.Surface, city: CityView, camera: Camera, area: pygame.Rect) -> None:
        """Draw the minimap in its panel with the camps and the rectangle the camera shows."""
        map_tiles = (city.width, city.height)
        box = self.rect(area, map_tiles)
        panel(target, self.frame(area, map_tiles), self._theme, alpha=255)  # opaque: a plain fill, cheaper than blending
        picture = self.tiles(city)
        camps_x, camps_y = city.camp_xy
        sx, sy = box.width / city.width, box.height / city.height
        # The camps are drawn into the scaled picture, redone only when they or the picture change.
        key = (self._tiles_key, box.size, camps_x.tobytes(), camps_y.tobytes())
        if self._scaled is None or key != self._scaled_key:
            shrink = box.width < city.width
            self._scaled = pygame.transform.smoothscale(picture, box.size) if shrink else pygame.transform.scale(picture, box.size)
            dot = max(2, self._theme.px(3))
            for tribe, (x, y) in enumerate(zip(camps_x.tolist(), camps_y.tolist())):
                centre = (int((x + 0.5) * sx), int((y + 0.5) * sy))
                pygame.draw.circle(self._scaled, TRIBE_COLOURS[tribe % len(TRIBE_COLOURS)], centre, dot)
            self._scaled_key = key
        target.blit(self._scaled, box)
        x0, y0, x1, y1 = camera.visible_tiles()
        view = pygame.Rect(box.left + int(x0 * sx), box.top + int(y0 * sy), max(2, round((x1 - x0) * sx)), max(2, round((y1 - y0) * sy)))
        pygame.draw.rect(target, VIEW_EDGE, view.clip(box), max(1, self._theme.px(1.5)))

    # --- input --------------------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event, camera: Camera, area: pygame.Rect, map_tiles: tuple[int, int]) -> bool:
        """Centre the camera where the minimap is pressed or dragged; return True when the event was the minimap's."""
        frame = self.frame(area, map_tiles)
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and frame.collidepoint(event.pos):
            self.dragging = True
        elif event.type == pygame.MOUSEMOTION and self.dragging:
            pass
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self.dragging:
            self.dragging = False
            return True
        else:  # another button pressed on the minimap is swallowed, so it does not pan or build the map beneath
            return event.type == pygame.MOUSEBUTTONDOWN and frame.collidepoint(event.pos)
        camera.center_on(*self.tile_at(event.pos, area, map_tiles))
        return True
