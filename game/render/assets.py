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
    looks: MapLooks | None = None  # how buildings and tiles show their state on the map

    def map_looks(self) -> MapLooks:
        """Return the map's looks (art loaded without them has none)."""
        if self.looks is None:
            raise AssetError(f"{ASSET_DIR / 'looks'}: the map's looks were not loaded; {RESTORE_HINT}")
        return self.looks

    def colour(self, name: str) -> tuple[int, int, int]:
        """Return the palette colour `name`."""
        return self.palette[name]


@dataclass(frozen=True)
class MapLooks:
    """The map's state-dependent art (tools/make_assets.py, the looks section): see game.render.looks."""

    day: dict[str, pygame.Surface]  # look name (a kind, or housing_t<tier>_f<facade>) -> sprite by day
    dark: dict[str, pygame.Surface]  # the same, its power not served
    lights: dict[str, pygame.Surface]  # look, overlay or decoration name -> what shines at night
    smoke: dict[str, pygame.Surface]  # kind -> plume laid over it while it runs
    sabotage: dict[tuple[int, int], pygame.Surface]  # footprint (w, h) in tiles -> hazard tape and sparks
    lanes: tuple[pygame.Surface, ...]  # service lane piece by lane-neighbour mask N=1 E=2 S=4 W=8
    lamp: pygame.Surface  # a lamp post on a lane tile
    waste: tuple[pygame.Surface, ...]  # waste piles, small to large
    camp: pygame.Surface  # a scavengers' camp, three tiles square, centred on its tile
    terrain_lights: tuple[tuple[pygame.Surface | None, ...], ...]  # [terrain code][variant] -> night glow or None


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


def read_palette(path: Path) -> dict[str, tuple[int, int, int]]:
    """Read palette.json into colour name -> RGB."""
    try:
        raw = json.loads(path.read_text())
    except (OSError, ValueError) as error:
        raise AssetError(f"{path}: cannot read the palette ({error})") from None
    return {name: (int(v[1:3], 16), int(v[3:5], 16), int(v[5:7], 16)) for name, v in raw.items()}


def load_looks(root: Path = ASSET_DIR) -> MapLooks:
    """Load the map's looks under `root`; raises AssetError naming the first missing file."""
    day: dict[str, pygame.Surface] = {}
    dark: dict[str, pygame.Surface] = {}
    for path in sorted((root / "looks").glob("*.png")):
        name = path.stem
        if name.endswith("_dark"):
            dark[name.removesuffix("_dark")] = _image(path)
        else:
            day[name] = _image(path)
    if not day or set(day) != set(dark):
        raise AssetError(f"{root / 'looks'}: building looks missing or unpaired; {RESTORE_HINT}")
    lights = {path.stem: _image(path) for path in sorted((root / "lights").glob("*.png"))}
    sizes = {(b.width, b.height) for b in BUILDING_TYPES if b.kind != LINE_KIND}
    terrain_lights = tuple(
        tuple(lights.get(path.stem) for path in sorted((root / "tiles").glob(f"{t.name}_*.png")))
        for t in TERRAIN_TYPES
    )
    return MapLooks(
        day=day, dark=dark, lights=lights,
        smoke={path.stem.removeprefix("smoke_"): _image(path) for path in sorted((root / "decor").glob("smoke_*.png"))},
        sabotage={size: _image(root / "decor" / f"sabotage_{size[0]}x{size[1]}.png") for size in sizes},
        lanes=tuple(_image(root / "lanes" / f"lane_{mask:02d}.png") for mask in range(16)),
        lamp=_image(root / "lanes" / "lamp.png"),
        waste=tuple(_image(root / "decor" / f"waste_{size}.png") for size in (1, 2, 3)),
        camp=_image(root / "decor" / "camp.png"),
        terrain_lights=terrain_lights,
    )


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
        palette=read_palette(root / "palette.json"),
        looks=load_looks(root),
    )
