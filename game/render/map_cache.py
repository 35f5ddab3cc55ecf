"""The static map (terrain, service lanes, camps, buildings in their looks, waste piles) drawn once at 16 px per tile in square chunks.

Only chunks that have been on screen are drawn, so a 512x512 map never needs its full 8192 px
square in memory. When the layout changes the cache diffs the occupancy grid against its own copy
and redraws just the changed tiles (plus a one-tile ring, because power line pieces join their
neighbours, and lanes follow the blocks). After a tick it compares every building's look code
(game.render.looks: housing tier, power, sabotage, smoke) and, every few ticks, the waste piles,
and redraws only what changed. Each chunk has a twin holding, on black, what shines at night,
drawn the first time the night asks for it. Zoomed-out views use shrunken, smoothed copies of the
chunks, made on demand.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import TYPE_CHECKING

import numpy as np
import pygame

from game.render.assets import TILE_PX, Art, opaque_surface
from game.render.looks import (
    DARK,
    LINE_INDEX,
    RUNNING,
    SABOTAGED,
    lamp_spots,
    lane_masks,
    lane_tiles,
    look_codes,
    look_name,
    tile_kinds,
    waste_tiers,
)
from game.sim.buildings import BUILDING_TYPES
from game.sim.terrain import WATER

if TYPE_CHECKING:
    from game.sim.view import CityView

CHUNK_TILES = 32  # tiles per chunk side: a 512 px square at zoom 1
MAX_BASE_CHUNKS = 64  # full-size chunks kept, 1 MB each
MAX_SMALL_CHUNKS = 1024  # shrunken chunks kept for zoomed-out views
REDRAW_BLOCK_TILES = 8  # a frame with a redraw budget redraws changed tiles in boxes of at most this side
WASTE_CHECK_TICKS = 6  # waste piles are looked at every this many ticks: they grow slowly

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


def ringed(changed: np.ndarray) -> np.ndarray:
    """Return `changed` grown by one tile to the four sides."""
    ring = changed.copy()
    ring[1:, :] |= changed[:-1, :]
    ring[:-1, :] |= changed[1:, :]
    ring[:, 1:] |= changed[:, :-1]
    ring[:, :-1] |= changed[:, 1:]
    return ring


def dirty_areas(dirty: np.ndarray, block: int = CHUNK_TILES) -> list[TileArea]:
    """Return, per square of `block` tiles (a divisor of CHUNK_TILES, so each lies in one chunk), the tile box that holds every tile marked in `dirty`."""
    ys, xs = np.nonzero(dirty)
    if ys.size == 0:
        return []
    chunk_ids = (ys // block) * (dirty.shape[1] // block + 1) + xs // block
    # Grouped by square in one sort, each group's box by reduceat (a mask per square was
    # quadratic: 1.3 ms a frame with a few hundred changed tiles).
    order = np.argsort(chunk_ids, kind="stable")
    chunk_ids, xs, ys = chunk_ids[order], xs[order], ys[order]
    starts = np.flatnonzero(np.r_[True, chunk_ids[1:] != chunk_ids[:-1]])
    boxes = zip(
        np.minimum.reduceat(xs, starts).tolist(), np.minimum.reduceat(ys, starts).tolist(),
        (np.maximum.reduceat(xs, starts) + 1).tolist(), (np.maximum.reduceat(ys, starts) + 1).tolist(),
    )
    return [(x0, y0, x1, y1) for x0, y0, x1, y1 in boxes]


def changed_areas(before: np.ndarray, after: np.ndarray) -> list[TileArea]:
    """Return, per chunk, the tile box to redraw where `after` differs from `before`, plus a ring."""
    changed = before != after
    if not changed.any():
        return []
    return dirty_areas(ringed(changed))


def changed_looks(old_ids: np.ndarray, old_codes: np.ndarray, ids: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Return the ids of the buildings standing before and now whose look code changed."""
    if old_ids.shape == ids.shape and np.array_equal(old_ids, ids):  # the same buildings: a plain comparison (0.02 ms, not 0.5, at 14k)
        same: np.ndarray = ids[old_codes != codes]
        return same
    common, old_rows, rows = np.intersect1d(old_ids, ids, assume_unique=True, return_indices=True)
    restyled: np.ndarray = common[old_codes[old_rows] != codes[rows]]
    return restyled


class MapCache:
    """Terrain, lanes and buildings pre-drawn in chunks, with their night lights; `sync()` each frame, `chunk()` to draw."""

    def __init__(self, art: Art, city: CityView) -> None:
        self._art = art
        self._looks = art.map_looks()
        self._city = city
        self.width = city.width
        self.height = city.height
        self._variants = terrain_variants(city.terrain, [len(tiles) for tiles in art.terrain])
        self._shore = shore_mask(city.terrain)
        lit_terrain = [[image is not None for image in variants] for variants in self._looks.terrain_lights]
        self._terrain_glows = np.array([
            [lit[int(v)] if int(v) < len(lit) else False for v in range(max(map(len, lit_terrain)))] for lit in lit_terrain
        ], bool)[city.terrain, self._variants]
        self._occupancy = city.occupancy.copy()
        self._layout_version = city.layout_version
        self._kinds = tile_kinds(city, self._occupancy)
        self._lanes = lane_masks(lane_tiles(city.terrain, self._occupancy, self._kinds))
        self._lamps = lamp_spots(self._lanes > 0)
        self._ids = city.column("id").copy()
        self._codes = look_codes(city)
        self._tick = city.tick
        self._waste_step = city.tick // WASTE_CHECK_TICKS
        self._waste = waste_tiers(city.waste)
        self._camps = city.camp_sites
        self._base: OrderedDict[tuple[int, int], pygame.Surface] = OrderedDict()
        self._small: OrderedDict[tuple[int, int, int], pygame.Surface] = OrderedDict()
        self._lights: OrderedDict[tuple[int, int], pygame.Surface] = OrderedDict()
        self._small_lights: OrderedDict[tuple[int, int, int], pygame.Surface] = OrderedDict()
        self.version = 0  # bumps whenever a cached pixel changes, so composed views know to redo
        self._pending = np.zeros((self.height, self.width), bool)  # tiles changed but not yet redrawn

    def sync(self, budget_seconds: float | None = None) -> list[TileArea]:
        """Redraw whatever the layout, the buildings' looks or the waste piles changed; return the tile areas redrawn.

        With `budget_seconds`, the redraw stops once that time is spent (after at least one box of
        REDRAW_BLOCK_TILES) and the rest waits for the next calls: many blocks changing their look
        at once (a tick that fills half the city's housing) are spread over frames, not one stall.
        """
        city = self._city
        dirty = self._layout_changes() if city.layout_version != self._layout_version else None
        if dirty is None and city.tick == self._tick:
            return self._redraw(None, budget_seconds) if self._pending.any() else []
        self._tick = city.tick
        ids, codes = city.column("id"), look_codes(city)
        restyled = changed_looks(self._ids, self._codes, ids, codes)
        self._ids, self._codes = ids.copy(), codes
        if restyled.size:  # with a ring: the lamps on the lanes round a building follow its power
            looks = ringed(np.isin(self._occupancy, restyled))
            dirty = looks if dirty is None else dirty | looks
        if city.tick // WASTE_CHECK_TICKS != self._waste_step:
            self._waste_step = city.tick // WASTE_CHECK_TICKS
            waste = waste_tiers(city.waste)
            piles = waste != self._waste
            self._waste = waste
            blocks = np.unique(self._occupancy[piles])
            blocks = blocks[blocks > 0]
            if blocks.size:  # a block's pile is drawn out front, over the lane: redraw the block and its ring
                piles |= ringed(np.isin(self._occupancy, blocks))
            dirty = piles if dirty is None else dirty | piles
        return self._redraw(dirty, budget_seconds)

    def _redraw(self, dirty: np.ndarray | None, budget_seconds: float | None) -> list[TileArea]:
        """Redraw the tiles marked in `dirty` and those still owed, within `budget_seconds` if given; return the areas redrawn."""
        if dirty is not None:
            self._pending |= dirty
        if budget_seconds is None:
            areas = dirty_areas(self._pending)
        else:
            areas = dirty_areas(self._pending, REDRAW_BLOCK_TILES)
            started = time.perf_counter()
        drawn: list[TileArea] = []
        for x0, y0, x1, y1 in areas:
            if budget_seconds is not None and drawn and time.perf_counter() - started > budget_seconds:
                break
            drawn.append((x0, y0, x1, y1))
            self._pending[y0:y1, x0:x1] = False
            chunk_x, chunk_y = x0 // CHUNK_TILES, y0 // CHUNK_TILES
            surface = self._base.get((chunk_x, chunk_y))
            if surface is not None:
                self._draw_area(surface, chunk_x, chunk_y, (x0, y0, x1, y1))
            lights = self._lights.get((chunk_x, chunk_y))
            if lights is not None:
                self._draw_lights(lights, chunk_x, chunk_y, (x0, y0, x1, y1))
            for cache in (self._small, self._small_lights):
                for key in [k for k in cache if k[:2] == (chunk_x, chunk_y)]:
                    del cache[key]
        if drawn:
            self.version += 1
        return drawn

    def _layout_changes(self) -> np.ndarray:
        """Follow a new layout: return the tiles whose buildings, line joins or lanes changed."""
        city = self._city
        self._layout_version = city.layout_version
        occupancy = city.occupancy
        dirty = ringed(self._occupancy != occupancy)  # the ring: power line pieces join their neighbours
        self._occupancy[:] = occupancy
        self._kinds = tile_kinds(city, self._occupancy)
        lanes = lane_masks(lane_tiles(city.terrain, self._occupancy, self._kinds))
        dirty |= lanes != self._lanes
        self._lanes = lanes
        self._lamps = lamp_spots(lanes > 0)
        return dirty

    def adopt(self, old: MapCache) -> int:
        """Take over the chunks `old` has drawn wherever every tile they show is drawn the same here; return how many were taken.

        For a map rebuilt after a small change (the level editor's preview after an edit): only
        the chunks near what changed are drawn again. A tile counts as changed when its terrain,
        shore, lane, lamp, waste pile, camp or building (kind, corner, look) differs; two rings
        round each, for what a tile's neighbours draw over it (line joins, lamps by lit blocks,
        camp sprites, piles out front).
        """
        if (old.width, old.height) != (self.width, self.height) or self._pending.any():
            return 0
        changed = self._city.terrain != old._city.terrain
        for mine, theirs in zip(self._drawn_tiles(), old._drawn_tiles()):
            changed |= mine != theirs
        changed = ringed(ringed(changed))
        taken = 0
        for cache, own in ((old._base, self._base), (old._lights, self._lights), (old._small, self._small), (old._small_lights, self._small_lights)):
            for key, surface in cache.items():
                x0, y0, x1, y1 = self.chunk_tiles(key[0], key[1])
                if not changed[y0:y1, x0:x1].any():
                    own[key] = surface  # type: ignore[index]
                    taken += 1
        return taken

    def _drawn_tiles(self) -> tuple[np.ndarray, ...]:
        """Return per-tile grids of what a chunk draws: shore, lanes, lamps, waste, camps, and each building's kind, corner and look."""
        corner_x = np.full(self._occupancy.shape, -1, np.int64)
        corner_y = corner_x.copy()
        codes = np.zeros(self._occupancy.shape, np.int64)
        built = self._occupancy > 0
        if built.any():
            rows = np.searchsorted(self._city.column("id"), self._occupancy[built])
            corner_x[built] = self._city.column("x")[rows]
            corner_y[built] = self._city.column("y")[rows]
            if self._codes.size == self._city.building_count:
                codes[built] = self._codes[rows]
        camps = np.zeros(self._occupancy.shape, bool)
        for x, y in self._camps:
            camps[y, x] = True
        return self._shore, self._lanes, self._lamps, self._waste, camps, self._kinds, corner_x, corner_y, codes

    def chunk(self, chunk_x: int, chunk_y: int, tile_px: int = TILE_PX) -> pygame.Surface:
        """Return chunk (chunk_x, chunk_y) drawn at `tile_px` pixels per tile (at most 16)."""
        return self._cached(self._base, self._small, chunk_x, chunk_y, tile_px, opaque=True)

    def lights_chunk(self, chunk_x: int, chunk_y: int, tile_px: int = TILE_PX) -> pygame.Surface:
        """Return what shines at night in chunk (chunk_x, chunk_y) on black, to be added over the map, at `tile_px` per tile."""
        return self._cached(self._lights, self._small_lights, chunk_x, chunk_y, tile_px, opaque=False)

    def chunk_tiles(self, chunk_x: int, chunk_y: int) -> TileArea:
        """Return the tile area chunk (chunk_x, chunk_y) covers, clipped to the map."""
        x0, y0 = chunk_x * CHUNK_TILES, chunk_y * CHUNK_TILES
        return x0, y0, min(self.width, x0 + CHUNK_TILES), min(self.height, y0 + CHUNK_TILES)

    def _cached(
        self, base: OrderedDict[tuple[int, int], pygame.Surface], small: OrderedDict[tuple[int, int, int], pygame.Surface],
        chunk_x: int, chunk_y: int, tile_px: int, opaque: bool,
    ) -> pygame.Surface:
        """Return a chunk of the map (`opaque`) or of its lights (on black) from its caches, drawing and shrinking it on first use."""
        if tile_px >= TILE_PX:
            return self._full_size(base, chunk_x, chunk_y, opaque)
        key = (chunk_x, chunk_y, tile_px)
        surface = small.get(key)
        if surface is None:
            full = self._full_size(base, chunk_x, chunk_y, opaque)
            size = (full.get_width() * tile_px // TILE_PX, full.get_height() * tile_px // TILE_PX)
            surface = pygame.transform.smoothscale(full, size)
            small[key] = surface
            while len(small) > MAX_SMALL_CHUNKS:
                small.popitem(last=False)
        else:
            small.move_to_end(key)
        return surface

    def _full_size(self, cache: OrderedDict[tuple[int, int], pygame.Surface], chunk_x: int, chunk_y: int, opaque: bool) -> pygame.Surface:
        """Return a full-size chunk, drawing it on first use and evicting the least recently used."""
        key = (chunk_x, chunk_y)
        surface = cache.get(key)
        if surface is not None:
            cache.move_to_end(key)
            return surface
        area = self.chunk_tiles(chunk_x, chunk_y)
        size = ((area[2] - area[0]) * TILE_PX, (area[3] - area[1]) * TILE_PX)
        surface = opaque_surface(size)
        if opaque:
            self._draw_area(surface, chunk_x, chunk_y, area)
        else:
            self._draw_lights(surface, chunk_x, chunk_y, area)
        cache[key] = surface
        while len(cache) > MAX_BASE_CHUNKS:
            cache.popitem(last=False)
        return surface

    def _draw_area(self, surface: pygame.Surface, chunk_x: int, chunk_y: int, area: TileArea) -> None:
        """Draw terrain, shores, lanes, camps, buildings and waste piles of a tile area into its chunk surface."""
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
        looks = self._looks
        lanes = self._lanes[y0:y1, x0:x1]
        for y, x in zip(*np.nonzero(lanes)):
            blits.append((looks.lanes[int(lanes[y, x]) & 15], ((x0 + x - left) * TILE_PX, (y0 + y - top) * TILE_PX)))
        for y, x in zip(*np.nonzero(self._lamps[y0:y1, x0:x1])):
            blits.append((looks.lamp, ((x0 + x - left) * TILE_PX, (y0 + y - top) * TILE_PX)))
        blits.extend((looks.camp, position) for position in self._camp_positions(left, top, area))
        surface.fblits(blits)
        self._draw_buildings(surface, left, top, area)
        surface.fblits([(looks.waste[size - 1], (x - left * TILE_PX, y - top * TILE_PX)) for size, x, y in self._piles_near(area)])
        surface.set_clip(None)

    def _piles_near(self, area: TileArea) -> list[tuple[int, int, int]]:
        """Return (size, map pixel x, y) of the waste piles that may reach into `area`.

        A pile on open ground lies on its tile; a pile on a building's tile is put out front, on the
        lane along the building's bottom edge, so it never sits on a roof.
        """
        x0, y0, x1, y1 = area
        # Two tiles of margin: a block's pile reaches a tile below the block.
        mx0, my0, mx1, my1 = max(0, x0 - 2), max(0, y0 - 2), min(self.width, x1 + 2), min(self.height, y1 + 2)
        piles = self._waste[my0:my1, mx0:mx1]
        ys, xs = np.nonzero(piles)
        if ys.size == 0:
            return []
        ys, xs = ys + my0, xs + mx0
        sizes = self._waste[ys, xs].astype(np.int64)
        px_x, px_y = xs * TILE_PX, ys * TILE_PX + TILE_PX // 2
        built = self._occupancy[ys, xs] > 0
        if built.any():
            rows = np.searchsorted(self._city.column("id"), self._occupancy[ys, xs][built])
            px_x[built] = self._city.column("x")[rows] * TILE_PX + 1
            px_y[built] = (self._city.column("y")[rows] + self._city.type_column("height")[rows]) * TILE_PX - TILE_PX // 4
        return list(zip(sizes.tolist(), px_x.tolist(), px_y.tolist()))

    def _camp_positions(self, left: int, top: int, area: TileArea) -> list[tuple[int, int]]:
        """Return where each camp overlapping `area` is drawn, its sprite's corner one tile up and left of its tile."""
        x0, y0, x1, y1 = area
        return [
            ((x - 1 - left) * TILE_PX, (y - 1 - top) * TILE_PX)
            for x, y in self._camps if x + 2 > x0 and x - 1 < x1 and y + 2 > y0 and y - 1 < y1
        ]

    def _buildings_in(self, area: TileArea) -> tuple[list[int], list[int], list[int], list[int]]:
        """Return the type index, corner x and y and look code of every building overlapping `area`."""
        x0, y0, x1, y1 = area
        ids = np.unique(self._occupancy[y0:y1, x0:x1])
        ids = ids[ids > 0]
        if ids.size == 0:
            return [], [], [], []
        city = self._city
        rows = np.searchsorted(city.column("id"), ids)
        codes = self._codes[rows] if self._codes.size == city.building_count else np.zeros(rows.size, np.uint8)
        return city.column("kind")[rows].tolist(), city.column("x")[rows].tolist(), city.column("y")[rows].tolist(), codes.tolist()

    def _draw_buildings(self, surface: pygame.Surface, left: int, top: int, area: TileArea) -> None:
        """Blit every building that overlaps `area` in its look; the surface's clip keeps them inside it."""
        looks = self._looks
        blits = []
        for kind, x, y, code in zip(*self._buildings_in(area)):
            position = ((x - left) * TILE_PX, (y - top) * TILE_PX)
            if kind == LINE_INDEX:
                blits.append((self._art.line_pieces[self._line_mask(x, y)], position))
                continue
            name = look_name(kind, code, x, y)
            blits.append(((looks.dark if code & (DARK | SABOTAGED) else looks.day)[name], position))
            btype = BUILDING_TYPES[kind]
            if code & RUNNING and btype.kind in looks.smoke:
                blits.append((looks.smoke[btype.kind], position))
            if code & SABOTAGED:
                blits.append((looks.sabotage[(btype.width, btype.height)], position))
        surface.fblits(blits)

    def _draw_lights(self, surface: pygame.Surface, chunk_x: int, chunk_y: int, area: TileArea) -> None:
        """Draw what shines at night in a tile area: served buildings' windows, lamps by them, camp fires, undercity neon."""
        x0, y0, x1, y1 = area
        left, top = chunk_x * CHUNK_TILES, chunk_y * CHUNK_TILES
        clip = pygame.Rect((x0 - left) * TILE_PX, (y0 - top) * TILE_PX, (x1 - x0) * TILE_PX, (y1 - y0) * TILE_PX)
        surface.fill((0, 0, 0), clip)  # black adds nothing: the lights are added onto the tinted map
        surface.set_clip(clip)
        looks = self._looks
        terrain = self._city.terrain
        blits = []
        open_ground = (self._occupancy[y0:y1, x0:x1] == 0) & (self._lanes[y0:y1, x0:x1] == 0)  # no neon shows through a roof or a lane
        for y, x in zip(*np.nonzero(self._terrain_glows[y0:y1, x0:x1] & open_ground)):
            glow = looks.terrain_lights[int(terrain[y0 + y, x0 + x])][int(self._variants[y0 + y, x0 + x])]
            if glow is not None:
                blits.append((glow, ((x0 + x - left) * TILE_PX, (y0 + y - top) * TILE_PX)))
        lamp = looks.lights.get("lamp")
        if lamp is not None:
            for y, x in zip(*np.nonzero(self._lamps[y0:y1, x0:x1] & self._lit_nearby(area))):
                blits.append((lamp, ((x0 + x - left) * TILE_PX, (y0 + y - top) * TILE_PX)))
        fire = looks.lights.get("camp")
        if fire is not None:
            blits.extend((fire, position) for position in self._camp_positions(left, top, area))
        for kind, x, y, code in zip(*self._buildings_in(area)):
            if kind == LINE_INDEX:
                continue
            btype = BUILDING_TYPES[kind]
            name = f"sabotage_{btype.width}x{btype.height}" if code & SABOTAGED else None if code & DARK else look_name(kind, code, x, y)
            image = looks.lights.get(name) if name else None
            if image is not None:
                blits.append((image, ((x - left) * TILE_PX, (y - top) * TILE_PX)))
        surface.fblits(blits)
        surface.set_clip(None)

    def _lit_nearby(self, area: TileArea) -> np.ndarray:
        """Return, for each tile of `area`, whether a building with its lights on touches it (four sides)."""
        x0, y0, x1, y1 = area
        # One tile of margin round the area, so the edge tiles see their outer neighbours.
        mx0, my0, mx1, my1 = max(0, x0 - 1), max(0, y0 - 1), min(self.width, x1 + 1), min(self.height, y1 + 1)
        occupancy = self._occupancy[my0:my1, mx0:mx1]
        lit = np.zeros(occupancy.shape, bool)
        built = (occupancy > 0) & (self._kinds[my0:my1, mx0:mx1] != LINE_INDEX)
        if built.any() and self._codes.size == self._city.building_count:
            rows = np.searchsorted(self._city.column("id"), occupancy[built])
            lit[built] = (self._codes[rows] & (DARK | SABOTAGED)) == 0
        near = ringed(lit)
        return near[y0 - my0:y1 - my0, x0 - mx0:x1 - mx0]

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
