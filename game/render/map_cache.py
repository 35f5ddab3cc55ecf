"""The static map (terrain and buildings) drawn once at 16 px per tile and kept in square chunks.

Only chunks that have been on screen are drawn, so a 512x512 map never needs its full 8192 px
square in memory. When the layout changes the cache diffs the occupancy grid against its own copy
and redraws just the changed tiles (plus a one-tile ring, because power line pieces join their
neighbours). Zoomed-out views use shrunken, smoothed copies of the chunks, made on demand.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

import numpy as np
import pygame

from game.render.assets import LINE_KIND, TILE_PX, Art, opaque_surface
from game.sim.buildings import BUILDING_INDEX, BUILDING_TYPES
from game.sim.terrain import WATER

if TYPE_CHECKING:
    from game.sim.view import CityView

CHUNK_TILES = 32  # tiles per chunk side: a 512 px square at zoom 1
MAX_BASE_CHUNKS = 64  # full-size chunks kept, 1 MB each
MAX_SMALL_CHUNKS = 1024  # shrunken chunks kept for zoomed-out views
LINE_INDEX = BUILDING_INDEX[LINE_KIND]

TileArea = tuple[int, int, int, int]  # (x0, y0, x1, y1) in tiles, end exclusive


def terrain_variants(terrain: np.ndarray, counts: list[int]) -> np.ndarray:
    """Return a stable pseudo-random variant index per tile, below each terrain's variant count."""
    height, width = terrain.shape
    ys, xs = np.mgrid[0:height, 0:width].astype(np.uint32)
    # A cheap integer hash of the position, so the same map always looks the same.
    mixed = (xs * np.uint32(73856093)) ^ (ys * np.uint32(19349663))
    mixed ^= mixed >> np.uint32(13)
    mixed = mixed * np.uint32(1274126177) >> np.uint32(16)
    # Variant 0 is the plain tile; details (cracks, rubble, lights) appear on about a quarter.
    plain = (mixed % np.uint32(100)) < 75
    limit = np.asarray(counts, np.uint32)[terrain]
    variants = np.where(plain, 0, 1 + (mixed >> np.uint32(4)) % np.maximum(limit - 1, 1))
    return np.where(limit > 1, variants, 0).astype(np.uint8)


def shore_mask(terrain: np.ndarray) -> np.ndarray:
    """Return, for each water tile, which sides touch land: north=1, east=2, south=4, west=8."""
    water = terrain == WATER
    land = ~water
    mask = np.zeros(terrain.shape, np.uint8)
    mask[1:, :] |= np.where(land[:-1, :], 1, 0).astype(np.uint8)
    mask[:, :-1] |= np.where(land[:, 1:], 2, 0).astype(np.uint8)
    mask[:-1, :] |= np.where(land[1:, :], 4, 0).astype(np.uint8)
    mask[:, 1:] |= np.where(land[:, :-1], 8, 0).astype(np.uint8)
    return np.where(water, mask, 0).astype(np.uint8)


def changed_areas(before: np.ndarray, after: np.ndarray) -> list[TileArea]:
    """Return, per chunk, the tile box to redraw where `after` differs from `before`, plus a ring."""
    changed = before != after
    if not changed.any():
        return []
    ring = changed.copy()
    ring[1:, :] |= changed[:-1, :]
    ring[:-1, :] |= changed[1:, :]
    ring[:, 1:] |= changed[:, :-1]
    ring[:, :-1] |= changed[:, 1:]
    ys, xs = np.nonzero(ring)
    chunk_ids = (ys // CHUNK_TILES) * (after.shape[1] // CHUNK_TILES + 1) + xs // CHUNK_TILES
    areas = []
    for chunk in np.unique(chunk_ids):
        inside = chunk_ids == chunk
        areas.append((int(xs[inside].min()), int(ys[inside].min()), int(xs[inside].max()) + 1, int(ys[inside].max()) + 1))
    return areas


class MapCache:
    """Terrain and buildings pre-drawn in chunks; `sync()` after layout changes, `chunk()` to draw."""

    def __init__(self, art: Art, city: CityView) -> None:
        self._art = art
        self._city = city
        self.width = city.width
        self.height = city.height
        self._variants = terrain_variants(city.terrain, [len(tiles) for tiles in art.terrain])
        self._shore = shore_mask(city.terrain)
        self._occupancy = city.occupancy.copy()
        self._layout_version = city.layout_version
        self._base: OrderedDict[tuple[int, int], pygame.Surface] = OrderedDict()
        self._small: OrderedDict[tuple[int, int, int], pygame.Surface] = OrderedDict()
        self.version = 0  # bumps whenever a cached pixel changes, so composed views know to redo

    def sync(self) -> list[TileArea]:
        """Redraw whatever the layout changed since the last call; return the tile areas redrawn."""
        city = self._city
        if city.layout_version == self._layout_version:
            return []
        self._layout_version = city.layout_version
        occupancy = city.occupancy
        areas = changed_areas(self._occupancy, occupancy)
        self._occupancy[:] = occupancy
        for x0, y0, x1, y1 in areas:
            chunk_x, chunk_y = x0 // CHUNK_TILES, y0 // CHUNK_TILES
            surface = self._base.get((chunk_x, chunk_y))
            if surface is not None:
                self._draw_area(surface, chunk_x, chunk_y, (x0, y0, x1, y1))
            for key in [k for k in self._small if k[:2] == (chunk_x, chunk_y)]:
                del self._small[key]
        if areas:
            self.version += 1
        return areas

    def chunk(self, chunk_x: int, chunk_y: int, tile_px: int = TILE_PX) -> pygame.Surface:
        """Return chunk (chunk_x, chunk_y) drawn at `tile_px` pixels per tile (at most 16)."""
        if tile_px >= TILE_PX:
            return self._base_chunk(chunk_x, chunk_y)
        key = (chunk_x, chunk_y, tile_px)
        surface = self._small.get(key)
        if surface is None:
            base = self._base_chunk(chunk_x, chunk_y)
            size = (base.get_width() * tile_px // TILE_PX, base.get_height() * tile_px // TILE_PX)
            surface = pygame.transform.smoothscale(base, size)
            self._small[key] = surface
            while len(self._small) > MAX_SMALL_CHUNKS:
                self._small.popitem(last=False)
        else:
            self._small.move_to_end(key)
        return surface

    def chunk_tiles(self, chunk_x: int, chunk_y: int) -> TileArea:
        """Return the tile area chunk (chunk_x, chunk_y) covers, clipped to the map."""
        x0, y0 = chunk_x * CHUNK_TILES, chunk_y * CHUNK_TILES
        return x0, y0, min(self.width, x0 + CHUNK_TILES), min(self.height, y0 + CHUNK_TILES)

    def _base_chunk(self, chunk_x: int, chunk_y: int) -> pygame.Surface:
        """Return the full-size chunk, drawing it on first use and evicting the least recently used."""
        key = (chunk_x, chunk_y)
        surface = self._base.get(key)
        if surface is not None:
            self._base.move_to_end(key)
            return surface
        area = self.chunk_tiles(chunk_x, chunk_y)
        surface = opaque_surface(((area[2] - area[0]) * TILE_PX, (area[3] - area[1]) * TILE_PX))
        self._draw_area(surface, chunk_x, chunk_y, area)
        self._base[key] = surface
        while len(self._base) > MAX_BASE_CHUNKS:
            self._base.popitem(last=False)
        return surface

    def _draw_area(self, surface: pygame.Surface, chunk_x: int, chunk_y: int, area: TileArea) -> None:
        """Draw terrain, shores and buildings of a tile area into its chunk surface."""
        x0, y0, x1, y1 = area
        left, top = chunk_x * CHUNK_TILES, chunk_y * CHUNK_TILES
        surface.set_clip(pygame.Rect((x0 - left) * TILE_PX, (y0 - top) * TILE_PX, (x1 - x0) * TILE_PX, (y1 - y0) * TILE_PX))
        terrain = self._city.terrain
        tiles = self._art.terrain
        shore = self._art.shore
        blits = []
        for y in range(y0, y1):
            screen_y = (y - top) * TILE_PX
            codes = terrain[y, x0:x1].tolist()
            variants = self._variants[y, x0:x1].tolist()
            for offset, (code, variant) in enumerate(zip(codes, variants)):
                blits.append((tiles[code][variant], ((x0 + offset - left) * TILE_PX, screen_y)))
        for y, x in zip(*np.nonzero(self._shore[y0:y1, x0:x1])):
            sides = int(self._shore[y0 + y, x0 + x])
            position = ((x0 + x - left) * TILE_PX, (y0 + y - top) * TILE_PX)
            blits.extend((shore[bit], position) for bit in range(4) if sides >> bit & 1)
        surface.fblits(blits)
        self._draw_buildings(surface, left, top, area)
        surface.set_clip(None)

    def _draw_buildings(self, surface: pygame.Surface, left: int, top: int, area: TileArea) -> None:
        """Blit every building that overlaps `area`; the surface's clip keeps them inside it."""
        x0, y0, x1, y1 = area
        occupancy = self._occupancy
        ids = np.unique(occupancy[y0:y1, x0:x1])
        ids = ids[ids > 0]
        if ids.size == 0:
            return
        city = self._city
        rows = np.searchsorted(city.column("id"), ids)
        kinds = city.column("kind")[rows].tolist()
        xs = city.column("x")[rows].tolist()
        ys = city.column("y")[rows].tolist()
        blits = []
        for kind, x, y in zip(kinds, xs, ys):
            position = ((x - left) * TILE_PX, (y - top) * TILE_PX)
            if kind == LINE_INDEX:
                blits.append((self._art.line_pieces[self._line_mask(x, y)], position))
            else:
                blits.append((self._art.buildings[BUILDING_TYPES[kind].kind], position))
        surface.fblits(blits)

    def _line_mask(self, x: int, y: int) -> int:
        """Return which neighbours of a power line tile carry power: N=1, E=2, S=4, W=8."""
        occupancy = self._occupancy
        mask = 0
        if y > 0 and occupancy[y - 1, x]:
            mask |= 1
        if x + 1 < self.width and occupancy[y, x + 1]:
            mask |= 2
        if y + 1 < self.height and occupancy[y + 1, x]:
            mask |= 4
        if x > 0 and occupancy[y, x - 1]:
            mask |= 8
        return mask
