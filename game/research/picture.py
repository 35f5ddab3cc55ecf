"""A small top-down picture of the map for `render_mode="rgb_array"`, built with numpy from the art's palette (no window).

Each tile is one colour: its terrain's, or its building class's (game.research.env.BUILDING_CLASSES),
dimmed when the building is short of power; pollution greys the tile towards smoke and waste lying
about tints it rust. The picture is `scale` pixels a tile.
"""

from __future__ import annotations

from functools import cache
from typing import Final

import numpy as np

from game.sim.view import CityView

TERRAIN_COLOURS: Final = {"ground": "concrete_dark", "water": "water", "ruins": "rust_dark", "undercity": "purple"}
CLASS_COLOURS: Final = ("steel", "glow", "leaf_light", "hazard_dark", "cyan")  # housing, power, plant, line, other
DARK_SHARE: Final = 0.45  # what is left of a dark building's colour
POLLUTION_TINT: Final = 0.6  # how far the most polluted tile turns to smoke
WASTE_TINT: Final = 0.5  # and a tile full of waste to rust


@cache
def colours() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return the terrain colours by code, the building class colours, smoke and rust, as float RGB rows, from the palette."""
    from game.render.assets import ASSET_DIR, read_palette
    from game.research.env import BUILDING_CLASSES
    from game.sim.terrain import TERRAIN_TYPES

    palette = read_palette(ASSET_DIR / "palette.json")
    terrain = np.array([palette[TERRAIN_COLOURS.get(kind.name, "concrete")] for kind in TERRAIN_TYPES], np.float32)
    classes = np.array([palette[name] for name in CLASS_COLOURS[: len(BUILDING_CLASSES)]], np.float32)
    return terrain, classes, np.array(palette["smoke"], np.float32), np.array(palette["rust_light"], np.float32)


def map_image(city: CityView, scale: int) -> np.ndarray:
    """Return the city's map as an RGB array [height * scale, width * scale, 3] of uint8."""
    from game.research.env import CHANNELS, KIND_CLASS, KIND_DEMANDS, tile_grids

    terrain_rgb, class_rgb, smoke, rust = colours()
    tiles = np.zeros((CHANNELS, city.height, city.width), np.float32)
    tile_kind = tile_grids(city, tiles)  # pollution, waste, power, the class masks, free
    built = tile_kind > 0
    served = np.where(KIND_DEMANDS[tile_kind], tiles[2], 1.0)  # a building that asks for no power is lit
    building_rgb = class_rgb[KIND_CLASS[tile_kind]] * (DARK_SHARE + (1 - DARK_SHARE) * served)[..., None]
    image = np.where(built[..., None], building_rgb, terrain_rgb[city.terrain])
    image += (smoke - image) * (tiles[0] * POLLUTION_TINT)[..., None]
    image += (rust - image) * (tiles[1] * WASTE_TINT * ~built)[..., None]
    picture = np.clip(image, 0, 255).astype(np.uint8)
    return np.repeat(np.repeat(picture, scale, axis=0), scale, axis=1)
