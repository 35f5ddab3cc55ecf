"""Camps, scavengers and drones drawn every frame, each agent between last tick's tile and this tick's by the loop's alpha.

The simulation moves agents a whole tile per tick; the window runs many frames per tick, so each
agent is drawn at `p + (now - p) * alpha` (Fix Your Timestep's interpolation), where alpha is the
fraction of the next tick the loop's accumulator already holds. Positions, culling and sprite
choice are numpy over the agent columns; only the final blits are one call with a list. The
sprites (game.render.agent_sprites) are drawn once per size and kept.
Hidden caches are never drawn: the player does not know where they are. The caches security
drones dug up are, where the interface remembers them (`FoundCacheMarks`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import pygame

from game.render.agent_sprites import (
    COLLECTION_DRONE_BASE,
    COLLECTOR_BASE,
    LOAD_STATES,
    SECURITY_DRONE_INDEX,
    TRIBE_COLOURS,
    agent_sheet,
    camp,
    found_cache,
)
from game.render.camera import Camera
from game.sim.view import AGENT_KINDS
from game.sim.waste import WASTE_TYPES

if TYPE_CHECKING:
    from game.sim.view import CityView

SCAVENGER, COLLECTION_DRONE, SECURITY_DRONE = (AGENT_KINDS.index(name) for name in ("scavenger", "collection_drone", "security_drone"))
HAZARDOUS = WASTE_TYPES.index("hazardous")
SPRITE_PARTS = 4  # an agent sprite is three quarters of a tile across...
SPRITE_OF_TILE = 3
MIN_SPRITE_PX = 5  # ...but zoomed far out agents stay visible as small marks rather than vanishing


def interpolated(previous: np.ndarray, current: np.ndarray, alpha: float) -> np.ndarray:
    """Return tile positions `alpha` of the way from `previous` to `current` (float32 tiles)."""
    alpha = min(1.0, max(0.0, alpha))
    return previous.astype(np.float32) + (current - previous).astype(np.float32) * np.float32(alpha)


def sprite_size(tile_px: int) -> int:
    """Return the agent sprite's size in screen px for tiles of `tile_px`."""
    return max(MIN_SPRITE_PX, tile_px * SPRITE_OF_TILE // SPRITE_PARTS)


def sheet_indices(city: CityView, rows: np.ndarray | None = None) -> np.ndarray:
    """Return, per agent (of `rows`, or all), its sprite's place in `agent_sheet`: by kind, tribe colour, collecting, and load."""
    agents = city.agents
    every = slice(None) if rows is None else rows
    kinds = agents.kind[every]
    load_state = np.where(agents.load[every] > 0, np.where(city.agent_load_types[every] == HAZARDOUS, 2, 1), 0)
    owners = city.agent_owners[every]
    collectors = city.tribe_collectors
    walker = kinds == SCAVENGER
    tribe = np.where(walker, owners, 0)
    collecting = np.zeros(kinds.size, bool)
    if collectors.size:
        collecting[walker] = collectors[np.clip(owners[walker], 0, collectors.size - 1)]
    walker_index = np.where(collecting, COLLECTOR_BASE, 0) + (tribe % len(TRIBE_COLOURS)) * LOAD_STATES + load_state
    indices = np.where(walker, walker_index, np.where(kinds == COLLECTION_DRONE, COLLECTION_DRONE_BASE + load_state, SECURITY_DRONE_INDEX))
    return indices.astype(np.intp)


class AgentsLayer:
    """Draws the camps and the agents over the composed map; sprites are drawn once per size."""

    def __init__(self) -> None:
        self._sheets: dict[int, list[pygame.Surface]] = {}  # sprite px -> the agent sheet
        self._camps: dict[tuple[int, int], pygame.Surface] = {}  # (tile px, tribe colour) -> tent
        self.drawn = 0  # agents drawn in the last frame, for tests and benchmarks

    def sheet(self, size: int) -> list[pygame.Surface]:
        """Return the agent sprites at `size` px, drawing them the first time."""
        sheet = self._sheets.get(size)
        if sheet is None:
            sheet = self._sheets[size] = agent_sheet(size)
        return sheet

    def draw(self, target: pygame.Surface, camera: Camera, city: CityView, alpha: float = 1.0) -> None:
        """Draw the camps, then every agent inside the camera's viewport at its interpolated position."""
        self.drawn = 0
        target.set_clip(camera.viewport)
        self._draw_camps(target, camera, city)
        self._draw_agents(target, camera, city, alpha)
        target.set_clip(None)

    def _draw_camps(self, target: pygame.Surface, camera: Camera, city: CityView) -> None:
        """Draw each camp's tent on its tile, in its tribe's colour."""
        xs, ys = city.camp_xy
        if xs.size == 0:
            return
        size = max(MIN_SPRITE_PX + 2, camera.tile_px)
        offset = (camera.tile_px - size) // 2
        x0, y0, x1, y1 = camera.visible_tiles()
        seen = np.flatnonzero((xs >= x0 - 1) & (xs < x1 + 1) & (ys >= y0 - 1) & (ys < y1 + 1))  # a tent may overhang its tile
        origin_x, origin_y = camera.origin()
        tile_px = camera.tile_px
        batch = []
        for tribe, x, y in zip(seen.tolist(), xs[seen].tolist(), ys[seen].tolist()):
            colour = tribe % len(TRIBE_COLOURS)
            tent = self._camps.get((size, colour))
            if tent is None:
                tent = self._camps[(size, colour)] = camp(size, TRIBE_COLOURS[colour])
            batch.append((tent, (origin_x + x * tile_px + offset, origin_y + y * tile_px + offset)))
        target.blits(batch, doreturn=False)

    def _draw_agents(self, target: pygame.Surface, camera: Camera, city: CityView, alpha: float) -> None:
        """Draw every agent inside the viewport, `alpha` of the way from last tick's tile to this one's."""
        agents = city.agents
        if agents.kind.size == 0:
            return
        # First the agents within a tile of the view by their whole tiles (a cheap cut of 100,000
        # at 512x512), then the exact test on their drawn positions.
        x0, y0, x1, y1 = camera.visible_tiles()
        near = np.flatnonzero((agents.x >= x0 - 1) & (agents.x < x1 + 1) & (agents.y >= y0 - 1) & (agents.y < y1 + 1))
        kinds = agents.kind[near]
        xs = interpolated(agents.previous_x[near], agents.x[near], alpha)
        ys = interpolated(agents.previous_y[near], agents.y[near], alpha)
        tile_px = camera.tile_px
        size = sprite_size(tile_px)
        origin_x, origin_y = camera.origin()
        # Sprite top-left in screen pixels: centred on the tile's middle.
        left = (origin_x + (xs + 0.5) * tile_px - size / 2).astype(np.int32)
        top = (origin_y + (ys + 0.5) * tile_px - size / 2).astype(np.int32)
        view = camera.viewport
        shown = (left + size > view.left) & (left < view.right) & (top + size > view.top) & (top < view.bottom)
        shown &= (kinds >= 0) & (kinds < len(AGENT_KINDS))
        picked = np.flatnonzero(shown)
        rows = near[picked]
        if rows.size == 0:
            return
        kinds, left, top = kinds[picked], left[picked], top[picked]
        sheet = self.sheet(size)
        indices = sheet_indices(city, rows)
        # Walkers first, drones last: the drones fly over the street.
        order = np.argsort(kinds != SCAVENGER, kind="stable")
        batch = [(sheet[index], (x, y)) for index, x, y in zip(indices[order].tolist(), left[order].tolist(), top[order].tolist())]
        target.blits(batch, doreturn=False)
        self.drawn = int(rows.size)


class FoundCacheMarks:
    """Marks the tiles where security drones dug up a cache with an opened hazard crate; crates drawn once per size."""

    def __init__(self) -> None:
        self._crates: dict[int, pygame.Surface] = {}  # crate px -> crate

    def draw(self, target: pygame.Surface, camera: Camera, tiles: Iterable[tuple[int, int]]) -> None:
        """Draw a crate on each of `tiles` inside the camera's viewport."""
        size = max(MIN_SPRITE_PX + 2, camera.tile_px * SPRITE_OF_TILE // SPRITE_PARTS)
        crate = self._crates.get(size)
        if crate is None:
            crate = self._crates[size] = found_cache(size)
        target.set_clip(camera.viewport)
        for x, y in tiles:
            target.blit(crate, crate.get_rect(center=camera.tile_rect(x, y).center))
        target.set_clip(None)
