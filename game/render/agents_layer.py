"""Scavengers and drones drawn every frame, each between last tick's tile and this tick's by the loop's alpha.

The simulation moves agents a whole tile per tick; the window runs many frames per tick, so each
agent is drawn at `p + (now - p) * alpha` (Fix Your Timestep's interpolation), where alpha is the
fraction of the next tick the loop's accumulator already holds. Positions, culling and sprite
choice are numpy over the agent columns; only the final blits are one call with a list.
Hidden caches are never drawn: the player does not know where they are. (The cache crate sprite
is ready for the day the sim reports found caches the waste overlay could mark.)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pygame

from game.render.assets import ASSET_DIR, TILE_PX, AssetError
from game.render.camera import Camera
from game.resources import RESTORE_HINT
from game.sim.view import AGENT_KINDS

if TYPE_CHECKING:
    from game.sim.view import AgentPositions

SPRITE_NAMES = tuple(AGENT_KINDS) + ("load", "cache")  # the store's `kind` column indexes the first three
SPRITE_PX = 8  # art pixels per agent sprite (half a tile at zoom 1)
MIN_SPRITE_PX = 3  # zoomed far out, agents stay visible as small marks rather than vanishing


def load_agent_sprites(root: Path = ASSET_DIR) -> dict[str, pygame.Surface]:
    """Load the agent sprites that tools/make_assets.py writes; AssetError naming the first missing one."""
    sprites = {}
    for name in SPRITE_NAMES:
        path = root / "agents" / f"{name}.png"
        try:
            image = pygame.image.load(str(path))
        except (FileNotFoundError, pygame.error) as error:
            raise AssetError(f"{path}: cannot load ({error}); {RESTORE_HINT}") from None
        sprites[name] = image.convert_alpha() if pygame.display.get_surface() is not None else image
    return sprites


def interpolated(previous: np.ndarray, current: np.ndarray, alpha: float) -> np.ndarray:
    """Return tile positions `alpha` of the way from `previous` to `current` (float32 tiles)."""
    alpha = min(1.0, max(0.0, alpha))
    return previous.astype(np.float32) + (current - previous).astype(np.float32) * np.float32(alpha)


class AgentsLayer:
    """Draws the agents over the composed map; sprites are scaled once per zoom level."""

    def __init__(self, sprites: dict[str, pygame.Surface] | None = None) -> None:
        self._sprites = sprites if sprites is not None else load_agent_sprites()
        self._scaled: dict[int, list[pygame.Surface]] = {}  # sprite px -> sprites in SPRITE_NAMES order
        self.drawn = 0  # agents drawn in the last frame, for tests and benchmarks

    def _at_size(self, size: int) -> list[pygame.Surface]:
        """Return the sprites scaled to `size` px (nearest neighbour keeps the pixel art sharp)."""
        scaled = self._scaled.get(size)
        if scaled is None:
            scaled = [pygame.transform.scale(self._sprites[name], (size, size)) for name in SPRITE_NAMES]
            self._scaled[size] = scaled
        return scaled

    def draw(self, target: pygame.Surface, camera: Camera, agents: AgentPositions, alpha: float = 1.0) -> None:
        """Draw every agent inside the camera's viewport at its interpolated position."""
        self.drawn = 0
        if agents.kind.size == 0:
            return
        kinds = agents.kind.astype(np.intp)
        xs = interpolated(agents.previous_x, agents.x, alpha)
        ys = interpolated(agents.previous_y, agents.y, alpha)
        tile_px = camera.tile_px
        size = max(MIN_SPRITE_PX, tile_px * SPRITE_PX // TILE_PX)
        origin_x, origin_y = camera.origin()
        # Sprite top-left in screen pixels: centred on the tile's middle.
        left = (origin_x + (xs + 0.5) * tile_px - size / 2).astype(np.int32)
        top = (origin_y + (ys + 0.5) * tile_px - size / 2).astype(np.int32)
        view = camera.viewport
        shown = (left + size > view.left) & (left < view.right) & (top + size > view.top) & (top < view.bottom)
        shown &= (kinds >= 0) & (kinds < len(AGENT_KINDS))
        rows = np.flatnonzero(shown)
        if rows.size == 0:
            return
        sprites = self._at_size(size)
        lefts, tops, kinds_shown = left[rows].tolist(), top[rows].tolist(), kinds[rows].tolist()
        batch = [(sprites[kind], (x, y)) for kind, x, y in zip(kinds_shown, lefts, tops)]
        loaded = np.flatnonzero(agents.load[rows] > 0)
        if loaded.size:
            sack = sprites[SPRITE_NAMES.index("load")]
            batch.extend((sack, (lefts[i], tops[i])) for i in loaded.tolist())
        target.set_clip(view)
        target.blits(batch, doreturn=False)
        target.set_clip(None)
        self.drawn = int(rows.size)


