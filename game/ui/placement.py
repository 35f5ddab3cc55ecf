"""Drawing the placement preview: a ghost of the building, a green, red or amber tint on its tiles, a hub's reach."""

from __future__ import annotations

import pygame

from game.render.assets import LINE_KIND, TILE_PX, Art
from game.render.camera import Camera
from game.ui.preview import Preview
from game.ui.theme import Colour, Theme

GHOST_ALPHA = 150  # the building-to-be shows through at this opacity, 0..255
TINT_ALPHA = 90
REACH_ALPHA = 28  # the wash over a drone hub's reach: enough to see, not enough to hide the map


def run_masks(tiles: list[tuple[int, int]]) -> list[int]:
    """Return, for each tile of a run in order, which of its sides the run continues from: N=1 E=2 S=4 W=8."""
    sides = {(0, -1): 1, (1, 0): 2, (0, 1): 4, (-1, 0): 8}
    masks = []
    for i, (x, y) in enumerate(tiles):
        mask = 0
        for j in (i - 1, i + 1):
            if 0 <= j < len(tiles):
                mask |= sides.get((tiles[j][0] - x, tiles[j][1] - y), 0)
        masks.append(mask)
    return masks


class PlacementView:
    """Draws a Preview over the map; keeps scaled ghosts and tint squares for reuse."""

    def __init__(self, art: Art, theme: Theme) -> None:
        self._art = art
        self._theme = theme
        self._ghosts: dict[tuple[str, int], pygame.Surface] = {}
        self._tints: dict[tuple[Colour, int], pygame.Surface] = {}

    def colour(self, preview: Preview) -> Colour:
        """Return the tint for a preview: green when it would pass, amber to demolish, red when refused."""
        if not preview.ok:
            return self._theme.bad_tint
        return self._theme.warn if preview.demolish else self._theme.ok_tint

    def draw(self, target: pygame.Surface, camera: Camera, preview: Preview) -> None:
        """Draw the ghost and the tinted footprint, clipped to the map's viewport."""
        colour = self.colour(preview)
        size = camera.tile_px
        target.set_clip(camera.viewport)
        square = self._tint(colour, size)
        if preview.kind == LINE_KIND:
            # A run: each tile tinted, with a ghost piece joined to its neighbours along the run.
            for (x, y, _, _), mask in zip(preview.tiles, run_masks([t[:2] for t in preview.tiles])):
                rect = camera.tile_rect(x, y)
                target.blit(square, rect)
                target.blit(self._ghost_line(mask, size), rect)
            target.set_clip(None)
            return
        if preview.reach is not None:  # where the hub's drones would fly: a faint wash with a clear edge
            area = camera.tile_rect(*preview.reach).clip(camera.viewport)
            wash = pygame.Surface(area.size, pygame.SRCALPHA)
            wash.fill((*self._theme.accent, REACH_ALPHA))
            target.blit(wash, area)
            pygame.draw.rect(target, self._theme.accent, camera.tile_rect(*preview.reach), 2)
        if preview.kind and not preview.demolish:
            x, y, _, _ = preview.tiles[0]
            target.blit(self._ghost(preview.kind, size), camera.tile_rect(x, y))
        for x, y, width, height in preview.tiles:
            for dy in range(height):
                for dx in range(width):
                    target.blit(square, camera.tile_rect(x + dx, y + dy))
            pygame.draw.rect(target, colour, camera.tile_rect(x, y, width, height), 2 if size >= 16 else 1)
        target.set_clip(None)

    def highlight(self, target: pygame.Surface, camera: Camera, tiles: tuple[int, int, int, int], colour: Colour) -> None:
        """Outline a tile rectangle (x, y, width, height), e.g. the building under the mouse."""
        target.set_clip(camera.viewport)
        pygame.draw.rect(target, colour, camera.tile_rect(*tiles), 2 if camera.tile_px >= 16 else 1)
        target.set_clip(None)

    def _ghost(self, kind: str, tile_px: int) -> pygame.Surface:
        """Return the building's sprite at the zoom, see-through."""
        return self._cached_ghost(kind, self._art.buildings[kind], tile_px)

    def _ghost_line(self, mask: int, tile_px: int) -> pygame.Surface:
        """Return the power line piece for `mask` at the zoom, see-through."""
        return self._cached_ghost(f"{LINE_KIND}:{mask}", self._art.line_pieces[mask], tile_px)

    def _cached_ghost(self, name: str, sprite: pygame.Surface, tile_px: int) -> pygame.Surface:
        """Return a see-through copy of `sprite` at the zoom, cached under `name`."""
        key = (name, tile_px)
        ghost = self._ghosts.get(key)
        if ghost is None:
            factor = tile_px / TILE_PX
            size = (round(sprite.get_width() * factor), round(sprite.get_height() * factor))
            ghost = pygame.transform.scale(sprite, size) if factor >= 1 else pygame.transform.smoothscale(sprite, size)
            ghost.set_alpha(GHOST_ALPHA)
            self._ghosts[key] = ghost
        return ghost

    def _tint(self, colour: Colour, tile_px: int) -> pygame.Surface:
        """Return a translucent square of `colour` one tile in size."""
        key = (colour, tile_px)
        square = self._tints.get(key)
        if square is None:
            square = pygame.Surface((tile_px, tile_px), pygame.SRCALPHA)
            square.fill((*colour, TINT_ALPHA))
            self._tints[key] = square
        return square
