"""The art the renderer draws with, loaded once from the PNGs that tools/make_assets.py writes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pygame

from game.resources import ASSETS, RESTORE_HINT, package_folder
from game.sim.buildings import BUILDING_TYPES
from game.sim.terrain import TERRAIN_TYPES

ASSET_DIR = package_folder(ASSETS)
TILE_PX = 16  # pixels per map tile at zoom 1: every sprite is drawn on this grid
LINE_KIND = "power_line"
SHORE_SIDES = "nesw"  # order of the shore bits: north=1, east=2, south=4, west=8
ICON_NAMES = (
    "funds", "food", "fuel", "materials", "power", "population", "contentment", "pollution",
    "clock", "no_power", "demolish",
)


class AssetError(Exception):
    """The art on disk is missing or unreadable; the message is one line for the player."""


@dataclass(frozen=True)
class Art:
    """Every image the renderer needs, converted for fast blitting, plus the palette."""

    terrain: tuple[tuple[pygame.Surface, ...], ...]  # [terrain code][variant]
    shore: tuple[pygame.Surface, ...]  # foam edge per side, in SHORE_SIDES order
    buildings: dict[str, pygame.Surface]  # kind -> sprite at footprint size
    line_pieces: tuple[pygame.Surface, ...]  # power line piece by neighbour mask N=1 E=2 S=4 W=8
    icons: dict[str, pygame.Surface]
    palette: dict[str, tuple[int, int, int]]

    def colour(self, name: str) -> tuple[int, int, int]:
        """Return the palette colour `name`."""
        return self.palette[name]


def opaque_surface(size: tuple[int, int]) -> pygame.Surface:
    """Return a surface without alpha, in the display's pixel format when there is a display."""
    surface = pygame.Surface(size)
    return surface.convert() if pygame.display.get_surface() is not None else surface


def _image(path: Path) -> pygame.Surface:
    """Load one PNG, converted for fast blits when a display exists."""
    try:
        image = pygame.image.load(str(path))
    except (FileNotFoundError, pygame.error) as error:
        raise AssetError(f"{path}: cannot load ({error}); {RESTORE_HINT}") from None
    return image.convert_alpha() if pygame.display.get_surface() is not None else image


def _palette(path: Path) -> dict[str, tuple[int, int, int]]:
    """Read palette.json into colour name -> RGB."""
    try:
        raw = json.loads(path.read_text())
    except (OSError, ValueError) as error:
        raise AssetError(f"{path}: cannot read the palette ({error})") from None
    return {name: (int(v[1:3], 16), int(v[3:5], 16), int(v[5:7], 16)) for name, v in raw.items()}


def load_art(root: Path = ASSET_DIR) -> Art:
    """Load every asset under `root`; raises AssetError naming the first missing file."""
    terrain = []
    for terrain_type in TERRAIN_TYPES:
        paths = sorted((root / "tiles").glob(f"{terrain_type.name}_*.png"))
        if not paths:
            raise AssetError(f"{root / 'tiles'}: no {terrain_type.name} tiles; {RESTORE_HINT}")
        terrain.append(tuple(_image(path) for path in paths))
    return Art(
        terrain=tuple(terrain),
        shore=tuple(_image(root / "tiles" / f"shore_{side}.png") for side in SHORE_SIDES),
        buildings={b.kind: _image(root / "buildings" / f"{b.kind}.png") for b in BUILDING_TYPES},
        line_pieces=tuple(_image(root / "lines" / f"{LINE_KIND}_{mask:02d}.png") for mask in range(16)),
        icons={name: _image(root / "icons" / f"{name}.png") for name in ICON_NAMES},
        palette=_palette(root / "palette.json"),
    )
