"""Draw Neo-Terra's pixel-art tile set from code and save it as PNGs under assets/, and the sounds too.

Run `python tools/make_assets.py` after changing the art or the sounds: one command regenerates
every asset (the sound effects come from tools/make_sounds.py). The files are committed. Everything is
drawn at 16 px per tile with one palette (written to assets/palette.json); every opaque pixel
of every image is checked against it before anything is saved.

Output:
  assets/palette.json                    colour name -> "#rrggbb"
  assets/tiles/<terrain>_<n>.png         16x16 terrain variants (ground, water, ruins, undercity)
  assets/tiles/shore_<n|e|s|w>.png       foam edges laid over water next to land
  assets/buildings/<kind>.png            one sprite per building type, footprint x 16 px
  assets/lines/power_line_<mask>.png     power line pieces by neighbour mask (N=1, E=2, S=4, W=8)
  assets/icons/<name>.png                12x12 HUD and map icons
  assets/agents/<name>.png               8x8 sprites for scavengers, drones, loads and seized caches
  assets/sounds/<effect>.wav             short sound effects (see tools/make_sounds.py)
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import sys
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import numpy as np  # noqa: E402
import pygame  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game.sim.buildings import BUILDING_TYPES  # noqa: E402

TILE = 16  # pixels per map tile at zoom 1
ICON = 12  # pixels per HUD icon
# Variant 0 of each terrain is the plain tile; the others add details and appear less often.
TERRAIN_VARIANTS = {"ground": 4, "water": 4, "ruins": 5, "undercity": 4}
ASSET_DIR = Path(__file__).resolve().parents[1] / "assets"

# One palette for everything: a grimy green-tech megacity. Dark inks, concrete, moss and leaf,
# canal water, rust and ember, hazard yellow, solar blue, Ecolife cyan and undercity violet.
PALETTE: dict[str, str] = {
    "ink": "#0d0f14",
    "night": "#171a22",
    "shadow": "#22262e",
    "asphalt_dark": "#2b3034",
    "asphalt": "#363d40",
    "asphalt_light": "#444c4f",
    "concrete_dark": "#565f63",
    "concrete": "#717b7e",
    "concrete_light": "#97a2a3",
    "steel": "#b9c3c1",
    "white": "#e6ede4",
    "moss_dark": "#1d3526",
    "moss": "#2c5334",
    "leaf": "#447f38",
    "leaf_light": "#6fae45",
    "lime": "#b4dc62",
    "water_deep": "#0f2f3a",
    "water": "#17474f",
    "water_light": "#246a6e",
    "foam": "#6fa9a0",
    "rust_dark": "#432519",
    "rust": "#72391f",
    "rust_light": "#a8592a",
    "ember": "#ec8426",
    "glow": "#ffd568",
    "hazard": "#eec21a",
    "hazard_dark": "#9c7712",
    "solar_dark": "#14264a",
    "solar": "#22407a",
    "solar_light": "#4677bd",
    "sky": "#a4dcf5",
    "cyan_dark": "#17666b",
    "cyan": "#35cbc0",
    "purple_dark": "#1e1629",
    "purple": "#33264a",
    "violet": "#62468a",
    "pink": "#d05a9e",
    "red_dark": "#6e1c20",
    "red": "#d4413a",
    "soil_dark": "#3b2c20",
    "soil": "#5a4430",
    "soil_light": "#806447",
    "smoke": "#595b5f",
}

SHADOW_ALPHA = 110  # drop shadows are ink at this opacity, 0..255


def rgb(name: str) -> tuple[int, int, int]:
    """Return the palette colour `name` as an RGB tuple."""
    value = PALETTE[name]
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


# --- drawing helpers -----------------------------------------------------------------------------


def canvas(width: int, height: int) -> pygame.Surface:
    """Return a transparent surface of the given size."""
    surface = pygame.Surface((width, height), pygame.SRCALPHA)
    surface.fill((0, 0, 0, 0))
    return surface


def px(surface: pygame.Surface, x: int, y: int, colour: str) -> None:
    """Set one pixel, ignoring positions off the surface."""
    if 0 <= x < surface.get_width() and 0 <= y < surface.get_height():
        surface.set_at((x, y), rgb(colour))


def box(surface: pygame.Surface, x: int, y: int, width: int, height: int, colour: str) -> None:
    """Fill a rectangle."""
    pygame.draw.rect(surface, rgb(colour), (x, y, width, height))


def frame(surface: pygame.Surface, x: int, y: int, width: int, height: int, colour: str) -> None:
    """Draw a one-pixel rectangle outline."""
    pygame.draw.rect(surface, rgb(colour), (x, y, width, height), 1)


def line(surface: pygame.Surface, start: tuple[int, int], end: tuple[int, int], colour: str) -> None:
    """Draw a one-pixel line."""
    pygame.draw.line(surface, rgb(colour), start, end)


def disc(surface: pygame.Surface, cx: float, cy: float, radius: float, colour: str) -> None:
    """Fill a pixel disc centred on (cx, cy); half-pixel centres give even diameters."""
    for y in range(int(cy - radius - 1), int(cy + radius + 2)):
        for x in range(int(cx - radius - 1), int(cx + radius + 2)):
            if (x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= radius * radius:
                px(surface, x, y, colour)


def speckle(surface: pygame.Surface, rng: random.Random, area: tuple[int, int, int, int], colours: list[str], count: int) -> None:
    """Scatter `count` single pixels of the given colours inside `area` (x, y, w, h)."""
    x0, y0, width, height = area
    for _ in range(count):
        px(surface, x0 + rng.randrange(width), y0 + rng.randrange(height), rng.choice(colours))


def outline(surface: pygame.Surface, colour: str = "ink") -> None:
    """Give every opaque shape a one-pixel outline on its transparent neighbours."""
    alpha = pygame.surfarray.array_alpha(surface) > 200
    grown = alpha.copy()
    grown[1:, :] |= alpha[:-1, :]
    grown[:-1, :] |= alpha[1:, :]
    grown[:, 1:] |= alpha[:, :-1]
    grown[:, :-1] |= alpha[:, 1:]
    red, green, blue = rgb(colour)
    for x, y in zip(*np.nonzero(grown & ~alpha)):
        surface.set_at((int(x), int(y)), (red, green, blue, 255))


def with_shadow(body: pygame.Surface, offset: int = 2) -> pygame.Surface:
    """Return `body` outlined and laid over its own soft drop shadow, same size."""
    outline(body)
    result = canvas(*body.get_size())
    mask = pygame.mask.from_surface(body, 200)
    ink = (*rgb("ink"), SHADOW_ALPHA)
    shadow = mask.to_surface(setcolor=ink, unsetcolor=(0, 0, 0, 0))
    result.blit(shadow, (offset, offset))
    result.blit(body, (0, 0))
    return result


def hazard_stripes(surface: pygame.Surface, x: int, y: int, width: int, height: int) -> None:
    """Fill a rectangle with diagonal yellow and black warning stripes."""
    for dy in range(height):
        for dx in range(width):
            px(surface, x + dx, y + dy, "hazard" if ((dx + dy) // 2) % 2 == 0 else "ink")


# --- terrain -------------------------------------------------------------------------------------


def ground_tile(variant: int) -> pygame.Surface:
    """Worn city paving with grime, and now and then a crack, a drain or a tuft of moss."""
    rng = random.Random(100 + variant)
    tile = canvas(TILE, TILE)
    tile.fill(rgb("asphalt"))
    speckle(tile, rng, (0, 0, TILE, TILE), ["asphalt_dark", "asphalt_light"], 22)
    # Broken seams on the top and left edges make a faint paving grid across the map.
    for i in range(0, TILE, 4):
        line(tile, (i, 0), (i + 2, 0), "asphalt_dark")
        line(tile, (0, i + 1), (0, i + 3), "asphalt_dark")
    if variant == 1:
        for x, y in ((3, 4), (4, 5), (5, 5), (6, 6), (6, 7), (7, 8), (8, 8), (9, 8), (10, 9)):
            px(tile, x, y, "shadow")
    elif variant == 2:
        box(tile, 9, 10, 4, 3, "shadow")
        line(tile, (9, 10), (12, 10), "asphalt_dark")
        px(tile, 10, 11, "asphalt_dark")
        px(tile, 12, 11, "asphalt_dark")
    elif variant == 3:
        for x, y in ((10, 11), (11, 11), (11, 12), (12, 12), (10, 12), (3, 3), (4, 3)):
            px(tile, x, y, "moss")
        px(tile, 11, 10, "leaf")
        px(tile, 4, 2, "leaf")
    return tile


def water_tile(variant: int) -> pygame.Surface:
    """Dark canal water with ripples and now and then an oily sheen."""
    rng = random.Random(200 + variant)
    tile = canvas(TILE, TILE)
    tile.fill(rgb("water"))
    speckle(tile, rng, (0, 0, TILE, TILE), ["water_deep"], 18)
    for _ in range(2):
        x, y = rng.randrange(1, TILE - 5), rng.randrange(1, TILE - 1)
        line(tile, (x, y), (x + 3, y), "water_light")
    if variant == 3:
        px(tile, 9, 12, "violet")
        px(tile, 10, 12, "cyan_dark")
        px(tile, 11, 12, "violet")
    return tile


def ruins_tile(variant: int) -> pygame.Surface:
    """Rubble of the old factories: broken walls, rusted beams, scattered brick, chimney stumps."""
    rng = random.Random(300 + variant)
    tile = canvas(TILE, TILE)
    tile.fill(rgb("soil_dark"))
    speckle(tile, rng, (0, 0, TILE, TILE), ["soil", "asphalt", "rust_dark"], 40)
    for _ in range(2):  # a couple of loose chunks on every tile
        x, y = rng.randrange(1, TILE - 3), rng.randrange(1, TILE - 2)
        box(tile, x, y, 2, 2, "concrete_dark")
        px(tile, x, y, "concrete")
    if variant == 1:  # a broken wall corner
        box(tile, 2, 3, 9, 3, "concrete_dark")
        box(tile, 2, 3, 3, 9, "concrete_dark")
        line(tile, (2, 3), (10, 3), "concrete")
        line(tile, (2, 3), (2, 11), "concrete")
        px(tile, 10, 5, "soil_dark")
        px(tile, 4, 11, "soil_dark")
    elif variant == 2:  # a fallen rusty beam
        line(tile, (2, 12), (12, 4), "rust")
        line(tile, (3, 12), (13, 4), "rust_light")
        line(tile, (2, 13), (12, 5), "rust_dark")
    elif variant == 3:  # brick rubble
        for _ in range(5):
            x, y = rng.randrange(1, TILE - 4), rng.randrange(1, TILE - 3)
            box(tile, x, y, 3, 2, "rust_light")
            px(tile, x + 2, y + 1, "rust")
    elif variant == 4:  # the stump of a chimney
        disc(tile, 8, 8, 4, "rust_dark")
        disc(tile, 8, 8, 3, "rust")
        disc(tile, 8, 8, 1.5, "ink")
        px(tile, 6, 6, "rust_light")
    return tile


def undercity_tile(variant: int) -> pygame.Surface:
    """The sunken districts: violet steel grating over the dark, with a few stray lights."""
    rng = random.Random(400 + variant)
    tile = canvas(TILE, TILE)
    tile.fill(rgb("purple_dark"))
    for i in range(0, TILE, 4):
        line(tile, (i, 0), (i, TILE - 1), "purple")
        line(tile, (0, i), (TILE - 1, i), "purple")
    speckle(tile, rng, (0, 0, TILE, TILE), ["night"], 14)
    if variant == 1:
        px(tile, 10, 6, "cyan")
        px(tile, 10, 7, "cyan_dark")
    elif variant == 2:
        px(tile, 5, 10, "pink")
        px(tile, 6, 10, "violet")
    elif variant == 3:
        box(tile, 2, 9, 5, 5, "night")
        frame(tile, 2, 9, 5, 5, "violet")
    return tile


def shore_edges() -> dict[str, pygame.Surface]:
    """Return the foam strip along each side of a water tile that borders land."""
    edges = {}
    for side in "nesw":
        tile = canvas(TILE, TILE)
        for i in range(TILE):
            near, far = ("foam", "water_light") if i % 5 else ("water_light", "water_light")
            spots = {"n": ((i, 0), (i, 1)), "s": ((i, TILE - 1), (i, TILE - 2)),
                     "w": ((0, i), (1, i)), "e": ((TILE - 1, i), (TILE - 2, i))}[side]
            px(tile, *spots[0], near)
            px(tile, *spots[1], far)
        edges[side] = tile
    return edges


TERRAIN_DRAWERS: dict[str, Callable[[int], pygame.Surface]] = {
    "ground": ground_tile,
    "water": water_tile,
    "ruins": ruins_tile,
    "undercity": undercity_tile,
}


# --- buildings -----------------------------------------------------------------------------------
# Each drawer paints the body on a transparent footprint-sized canvas, leaving a 2 px margin at
# the right and bottom for the drop shadow `with_shadow` adds.


def compost_works(width: int, height: int) -> pygame.Surface:
    """Three green digester domes on a soil yard with a compost heap."""
    body = canvas(width, height)
    rng = random.Random(11)
    box(body, 1, 1, width - 4, height - 4, "soil")
    speckle(body, rng, (2, 2, width - 6, height - 6), ["soil_light", "soil_dark"], 60)
    for cx, cy, radius in ((14, 15, 10), (33, 13, 8), (31, 32, 9)):
        disc(body, cx, cy + 1, radius, "moss_dark")
        disc(body, cx, cy, radius, "moss")
        disc(body, cx - 1, cy - 1, radius - 2, "leaf")
        disc(body, cx - radius / 3, cy - radius / 3, radius / 3, "leaf_light")
        px(body, int(cx - radius / 2), int(cy - radius / 2), "lime")
        line(body, (int(cx - radius + 2), cy), (int(cx + radius - 2), cy), "moss")
    # The heap waiting to go in.
    for dy, (x0, x1) in enumerate(((8, 12), (6, 14), (5, 15), (5, 16))):
        line(body, (x0, 34 + dy), (x1, 34 + dy), "soil_light" if dy < 2 else "soil_dark")
    px(body, 9, 35, "leaf")
    px(body, 12, 36, "leaf_light")
    line(body, (22, 24), (25, 24), "concrete_light")
    return with_shadow(body)


def plastics_refinery(width: int, height: int) -> pygame.Surface:
    """White storage tanks with cyan bands, a cracking column and pipework."""
    body = canvas(width, height)
    box(body, 1, 1, width - 4, height - 4, "concrete_dark")
    for y in range(4, height - 4, 6):
        line(body, (2, y), (width - 5, y), "asphalt_light")
    # Pipe rack between the tanks.
    box(body, 4, 22, width - 10, 3, "steel")
    line(body, (4, 24), (width - 7, 24), "concrete")
    for cx, cy, radius in ((11, 11, 7), (11, 34, 7), (28, 33, 7)):
        disc(body, cx + 1, cy + 1, radius, "concrete_dark")
        disc(body, cx, cy, radius, "white")
        disc(body, cx, cy, radius - 2, "steel")
        disc(body, cx, cy, radius - 4, "white")
        disc(body, cx - 2, cy - 2, 1.5, "white")
        line(body, (int(cx - radius + 1), int(cy)), (int(cx + radius - 1), int(cy)), "cyan")
    # The cracking column: a tall tower seen from above with a flare tip.
    box(body, 27, 5, 12, 14, "cyan_dark")
    box(body, 28, 5, 10, 12, "cyan")
    line(body, (28, 5), (37, 5), "sky")
    for y in range(8, 16, 3):
        line(body, (28, y), (37, y), "cyan_dark")
    disc(body, 33, 11, 2, "white")
    px(body, 33, 11, "ember")
    return with_shadow(body)


def metal_foundry(width: int, height: int) -> pygame.Surface:
    """A rust-red shed with a ribbed roof, a glowing furnace mouth, a chimney and scrap."""
    body = canvas(width, height)
    # Ribbed roof.
    box(body, 1, 3, 30, 30, "rust")
    for x in range(2, 31, 3):
        line(body, (x, 3), (x, 28), "rust_light")
        line(body, (x + 1, 3), (x + 1, 28), "rust_dark")
    # Front wall with the furnace mouth.
    box(body, 1, 29, 30, 8, "rust_dark")
    box(body, 10, 31, 12, 6, "ember")
    box(body, 12, 32, 8, 5, "glow")
    line(body, (10, 31), (21, 31), "red")
    # Chimney, tall, seen from above: a dark ring with embers inside.
    disc(body, 38, 11, 6, "rust_dark")
    disc(body, 38, 11, 5, "rust_light")
    disc(body, 38, 11, 3.5, "ink")
    disc(body, 38, 11, 1.5, "ember")
    # Scrap pile.
    rng = random.Random(33)
    for _ in range(26):
        x, y = rng.randrange(33, 44), rng.randrange(23, 43)
        px(body, x, y, rng.choice(["steel", "concrete", "concrete_light", "rust_light", "cyan_dark"]))
    for x, y in ((34, 38), (35, 37), (36, 36), (37, 35)):
        px(body, x, y, "concrete_light")
    return with_shadow(body)


def hazard_treatment(width: int, height: int) -> pygame.Surface:
    """A sealed containment dome inside a yellow-and-black warning bund."""
    body = canvas(width, height)
    hazard_stripes(body, 1, 1, width - 4, height - 4)
    box(body, 5, 5, width - 12, height - 12, "concrete_dark")
    disc(body, 22, 22, 14, "hazard_dark")
    disc(body, 22, 21, 14, "hazard")
    disc(body, 20, 19, 10, "glow")
    # The warning symbol on the dome: a black triangle with a yellow exclamation mark.
    for row in range(12):
        line(body, (22 - row // 2, 14 + row), (22 + row // 2, 14 + row), "ink")
    line(body, (22, 17), (22, 22), "hazard")
    px(body, 22, 24, "hazard")
    # Vents on the corners of the bund.
    for x, y in ((7, 7), (35, 7), (7, 35), (35, 35)):
        box(body, x, y, 3, 3, "steel")
        px(body, x + 1, y + 1, "ink")
    return with_shadow(body)


def solar_farm(width: int, height: int) -> pygame.Surface:
    """Rows of blue solar panels catching a streak of light, with walkways between."""
    body = canvas(width, height)
    box(body, 1, 1, width - 4, height - 4, "concrete_dark")
    for row in range(3):
        y = 3 + row * 14
        for column in range(2):
            x = 3 + column * 20
            box(body, x, y, 18, 11, "solar_dark")
            box(body, x + 1, y, 16, 10, "solar")
            for cx in range(x + 4, x + 17, 4):
                line(body, (cx, y), (cx, y + 9), "solar_dark")
            line(body, (x + 1, y + 5), (x + 16, y + 5), "solar_dark")
            line(body, (x + 1, y), (x + 16, y), "solar_light")
            # A glint sliding diagonally across each panel.
            for i in range(4):
                px(body, x + 10 + i - row, y + 1 + i, "sky")
                px(body, x + 11 + i - row, y + 1 + i, "solar_light")
    return with_shadow(body)


def fuel_plant(width: int, height: int) -> pygame.Surface:
    """A grey turbine hall with two red-and-white striped smokestacks and a fuel tank."""
    body = canvas(width, height)
    box(body, 1, 12, 28, 26, "concrete")
    box(body, 1, 12, 28, 3, "concrete_light")
    for x in range(3, 28, 5):
        box(body, x, 17, 3, 3, "asphalt_dark")
        box(body, x, 24, 3, 3, "asphalt_dark")
    box(body, 1, 33, 28, 5, "asphalt_light")
    box(body, 11, 33, 8, 5, "red_dark")
    # Fuel tank.
    disc(body, 37, 34, 6.5, "concrete_dark")
    disc(body, 37, 33, 6.5, "steel")
    disc(body, 37, 33, 4, "concrete")
    px(body, 35, 31, "white")
    # Two stacks with banded tops.
    for cx, cy in ((10, 7), (24, 6)):
        disc(body, cx, cy, 5, "white")
        disc(body, cx, cy, 4, "red")
        disc(body, cx, cy, 2.5, "ink")
        disc(body, cx - 3, cy - 3, 0.8, "white")
    box(body, 32, 8, 9, 10, "asphalt_light")
    frame(body, 32, 8, 9, 10, "smoke")
    px(body, 34, 10, "red")
    px(body, 38, 10, "glow")
    return with_shadow(body)


def landfill(width: int, height: int) -> pygame.Surface:
    """A fenced heap of mixed rubbish with a little yellow bulldozer."""
    body = canvas(width, height)
    rng = random.Random(88)
    box(body, 1, 1, width - 4, height - 4, "soil_dark")
    for layer, colour in enumerate(("soil", "soil_light", "concrete_dark")):
        disc(body, 21, 21, 17 - layer * 5, colour)
    speckle(body, rng, (6, 6, 32, 32), ["concrete", "concrete_light", "rust_light", "cyan_dark", "pink", "white", "leaf", "solar_light"], 90)
    for x in range(1, width - 3, 3):
        px(body, x, 1, "steel")
        px(body, x, height - 4, "steel")
    for y in range(1, height - 3, 3):
        px(body, 1, y, "steel")
        px(body, width - 4, y, "steel")
    # Bulldozer.
    box(body, 31, 33, 8, 5, "hazard")
    box(body, 33, 31, 4, 3, "hazard_dark")
    line(body, (30, 33), (30, 38), "steel")
    line(body, (31, 38), (38, 38), "ink")
    return with_shadow(body)


def garden(width: int, height: int) -> pygame.Surface:
    """A vertical garden tower: stepped terraces overflowing with leaves and blossom."""
    body = canvas(width, height)
    rng = random.Random(99)
    box(body, 1, 1, width - 4, height - 4, "moss_dark")
    for step, colour in enumerate(("moss", "leaf", "leaf_light")):
        inset = 3 + step * 4
        box(body, inset, inset, width - 3 - 2 * inset, height - 3 - 2 * inset, colour)
        line(body, (inset, inset), (width - 4 - inset, inset), "lime" if step == 2 else "leaf_light")
    speckle(body, rng, (2, 2, width - 6, height - 6), ["lime", "leaf_light", "moss"], 40)
    for x, y in ((6, 8), (21, 6), (9, 22), (23, 20), (15, 4)):
        px(body, x, y, "pink")
        px(body, x + 1, y, "glow")
    box(body, 13, 13, 4, 4, "water_light")
    px(body, 14, 14, "foam")
    return with_shadow(body)


def housing(width: int, height: int) -> pygame.Surface:
    """An apartment tower veiled in greenery: roof garden and panels on top, lit windows on its face."""
    body = canvas(width, height)
    rng = random.Random(7)
    roof_bottom = 12
    # Roof: a garden bed on the left, a strip of solar panels on the right, a water tank between.
    box(body, 1, 1, width - 4, roof_bottom, "concrete_light")
    frame(body, 1, 1, width - 4, roof_bottom, "concrete")
    box(body, 3, 3, 10, 7, "moss")
    speckle(body, rng, (3, 3, 10, 7), ["leaf", "leaf_light", "moss_dark"], 22)
    px(body, 6, 5, "pink")
    px(body, 10, 7, "glow")
    box(body, 18, 3, 9, 7, "solar")
    for x in range(20, 27, 3):
        line(body, (x, 3), (x, 9), "solar_dark")
    line(body, (18, 3), (26, 3), "solar_light")
    disc(body, 15.5, 6, 1.6, "steel")
    # Face: concrete with a grid of windows, some lit; vines climb both edges.
    face_top = roof_bottom + 1
    box(body, 1, face_top, width - 4, height - 3 - face_top, "concrete_dark")
    line(body, (1, face_top), (width - 4, face_top), "concrete")
    for y in range(face_top + 2, height - 5, 3):
        for x in range(4, width - 7, 4):
            lit = rng.random()
            colour = "glow" if lit < 0.55 else "cyan" if lit < 0.62 else "asphalt_dark"
            line(body, (x, y), (x + 1, y), colour)
    for y in range(face_top + 1, height - 3):
        if rng.random() < 0.8:
            px(body, 1, y, rng.choice(["leaf", "moss", "leaf_light"]))
        if rng.random() < 0.8:
            px(body, width - 4, y, rng.choice(["leaf", "moss", "leaf_light"]))
        if rng.random() < 0.3:
            px(body, 2, y, "moss")
    box(body, 13, height - 6, 4, 3, "cyan_dark")
    px(body, 14, height - 6, "cyan")
    return with_shadow(body)


def drone_hub(width: int, height: int) -> pygame.Surface:
    """A landing pad with a cyan guide ring, corner beacons and a drone parked on it."""
    body = canvas(width, height)
    box(body, 1, 1, width - 4, height - 4, "asphalt_dark")
    disc(body, 14, 14, 11, "cyan")
    disc(body, 14, 14, 9.5, "asphalt")
    # A quad drone on the pad.
    for dx, dy in ((-4, -4), (4, -4), (-4, 4), (4, 4)):
        line(body, (14, 14), (14 + dx, 14 + dy), "steel")
        disc(body, 14 + dx, 14 + dy, 2, "concrete_light")
        px(body, 14 + dx, 14 + dy, "ink")
    box(body, 12, 12, 5, 5, "white")
    px(body, 14, 14, "cyan")
    for x, y in ((2, 2), (width - 6, 2), (2, height - 6), (width - 6, height - 6)):
        box(body, x, y, 2, 2, "cyan")
    return with_shadow(body, offset=1)


def power_line_piece(mask: int) -> pygame.Surface:
    """A pylon with wires towards the neighbours in `mask` (N=1, E=2, S=4, W=8)."""
    body = canvas(TILE, TILE)
    centre = 7
    reach = {1: ((centre, 0), (centre, centre)), 2: ((centre, centre), (TILE - 1, centre)),
             4: ((centre, centre), (centre, TILE - 1)), 8: ((0, centre), (centre, centre))}
    for bit, (start, end) in reach.items():
        if mask & bit:
            # Two conductors per run, a pixel apart, dark with a bright sag highlight.
            offset = (1, 0) if bit in (1, 4) else (0, 1)
            line(body, (start[0] - offset[0], start[1] - offset[1]), (end[0] - offset[0], end[1] - offset[1]), "ink")
            line(body, (start[0] + offset[0], start[1] + offset[1]), (end[0] + offset[0], end[1] + offset[1]), "ink")
            px(body, (start[0] + end[0]) // 2 + offset[0], (start[1] + end[1]) // 2 + offset[1], "concrete_light")
    box(body, centre - 2, centre - 2, 5, 5, "ink")
    box(body, centre - 1, centre - 1, 3, 3, "rust_light")
    px(body, centre - 1, centre - 1, "glow")
    px(body, centre + 1, centre + 1, "rust")
    return body


BUILDING_DRAWERS: dict[str, Callable[[int, int], pygame.Surface]] = {
    "compost_works": compost_works,
    "plastics_refinery": plastics_refinery,
    "metal_foundry": metal_foundry,
    "hazard_treatment": hazard_treatment,
    "solar_farm": solar_farm,
    "fuel_plant": fuel_plant,
    "power_line": lambda width, height: power_line_piece(0),
    "landfill": landfill,
    "garden": garden,
    "housing": housing,
    "drone_hub": drone_hub,
}


# --- looks: how a building shows its state on the map ---------------------------------------------
# Every building kind gets a day look, a dark look (its power not served: dimmed, windows out) and a
# lights layer (what shines at night while it is served). Housing has HOUSING_TIERS density tiers
# times FACADES facades; plants that burn or smelt get a smoke overlay for when they run, and every
# footprint a sabotage overlay (hazard tape and sparks) laid over its dark look.

HOUSING_TIERS = 4  # low block, mid-rise, tower, tower veiled in vertical gardens
FACADES = 3  # facade variants per tier: poured concrete, recycled patchwork, steel and glass
EMISSIVE = ("glow", "ember", "cyan", "pink")  # colours that are light sources: they shine at night
HALO_ALPHA = 70  # light spilling onto the pixels round a light source, 0..255
SMOKE_ALPHA = 190  # smoke is drawn see-through, so it never hides a building outright
# Where each smoking plant's stacks are on its sprite, in pixels (the plume drifts across the roof).
SMOKE_STACKS: dict[str, tuple[tuple[int, int], ...]] = {
    "fuel_plant": ((10, 7), (24, 6)),
    "metal_foundry": ((38, 11),),
    "plastics_refinery": ((33, 11),),
    "compost_works": ((22, 24),),
}

# What each palette colour becomes when its building's power fails: one or two steps darker.
DIM: dict[str, str] = {
    "ink": "ink", "night": "ink", "shadow": "night", "asphalt_dark": "shadow", "asphalt": "asphalt_dark",
    "asphalt_light": "asphalt", "concrete_dark": "asphalt_light", "concrete": "concrete_dark",
    "concrete_light": "concrete", "steel": "concrete", "white": "concrete_light", "moss_dark": "shadow",
    "moss": "moss_dark", "leaf": "moss", "leaf_light": "moss", "lime": "leaf", "water_deep": "night",
    "water": "water_deep", "water_light": "water", "foam": "water_light", "rust_dark": "shadow",
    "rust": "rust_dark", "rust_light": "rust", "ember": "rust", "glow": "hazard_dark", "hazard": "hazard_dark",
    "hazard_dark": "soil", "solar_dark": "night", "solar": "solar_dark", "solar_light": "solar",
    "sky": "solar_light", "cyan_dark": "water_deep", "cyan": "cyan_dark", "purple_dark": "night",
    "purple": "purple_dark", "violet": "purple", "pink": "violet", "red_dark": "rust_dark", "red": "red_dark",
    "soil_dark": "shadow", "soil": "soil_dark", "soil_light": "soil", "smoke": "asphalt",
}


def dimmed(surface: pygame.Surface) -> pygame.Surface:
    """Return a copy of `surface` with every opaque palette colour swapped for its DIM colour."""
    result = surface.copy()
    swap = {rgb(name): rgb(darker) for name, darker in DIM.items()}
    alpha = pygame.surfarray.array_alpha(surface)
    colours = pygame.surfarray.array3d(surface)
    for x, y in zip(*np.nonzero(alpha == 255)):
        colour = tuple(int(v) for v in colours[x, y])
        result.set_at((int(x), int(y)), (*swap.get(colour, colour), 255))  # type: ignore[arg-type]
    return result


def lights_of(surface: pygame.Surface, names: tuple[str, ...] = EMISSIVE) -> pygame.Surface:
    """Return only the light sources of `surface` (pixels in `names`), each with a faint halo round it."""
    sources = {rgb(name) for name in names}
    alpha = pygame.surfarray.array_alpha(surface)
    colours = pygame.surfarray.array3d(surface)
    width, height = surface.get_size()
    result = canvas(width, height)
    lit = [(int(x), int(y)) for x, y in zip(*np.nonzero(alpha == 255)) if tuple(int(v) for v in colours[x, y]) in sources]
    spots = set(lit)
    for x, y in lit:
        colour = tuple(int(v) for v in colours[x, y])
        for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            nx, ny = x + dx, y + dy
            if 0 <= nx < width and 0 <= ny < height and (nx, ny) not in spots and result.get_at((nx, ny)).a == 0:
                result.set_at((nx, ny), (*colour, HALO_ALPHA))
    for x, y in lit:
        result.set_at((x, y), (*(int(v) for v in colours[x, y]), 255))
    return result


FACADE_MATERIALS: tuple[dict[str, str], ...] = (
    {"wall": "concrete_dark", "trim": "concrete", "roof": "concrete_light", "edge": "concrete"},
    {"wall": "rust_dark", "trim": "rust_light", "roof": "asphalt_light", "edge": "soil_light"},
    {"wall": "asphalt_light", "trim": "steel", "roof": "steel", "edge": "concrete_light"},
)
PATCHES = ("rust", "soil_light", "concrete_dark", "cyan_dark", "concrete")  # salvaged panels of the patchwork facade
# Tier geometry in pixels on the 32 px housing footprint: body left, right, roof top, face top, ground.
TIER_SHAPES = ((3, 26, 8, 15, 23), (2, 27, 4, 13, 28), (5, 24, 1, 7, 28), (4, 25, 1, 7, 28))
LIT_SHARE = (0.5, 0.6, 0.7, 0.75)  # share of windows lit at night by tier: fuller blocks burn more lamps


def housing_look(tier: int, facade: int) -> tuple[pygame.Surface, pygame.Surface]:
    """Return a housing block's day look and its night lights at density `tier` with `facade`."""
    rng = random.Random(1000 + tier * 10 + facade)
    materials = FACADE_MATERIALS[facade]
    left, right, roof_top, face_top, ground = TIER_SHAPES[tier]
    body = canvas(TILE * 2, TILE * 2)
    night = canvas(TILE * 2, TILE * 2)
    # Roof, seen from above, with what the roof carries.
    box(body, left, roof_top, right - left + 1, face_top - roof_top, materials["roof"])
    frame(body, left, roof_top, right - left + 1, face_top - roof_top, materials["edge"])
    roof_inner = (left + 2, roof_top + 2, right - left - 3, face_top - roof_top - 4)
    if tier == 3:  # a roof forest
        for _ in range(6):
            disc(body, rng.uniform(left + 3, right - 3), rng.uniform(roof_top + 2, face_top - 2), rng.uniform(1.5, 2.8), rng.choice(["leaf", "moss", "leaf_light"]))
        speckle(body, rng, roof_inner, ["lime", "leaf_light"], 8)
    elif facade == 0 or tier == 0:
        box(body, *roof_inner, "moss")
        speckle(body, rng, roof_inner, ["leaf", "leaf_light", "moss_dark"], 12)
    elif facade == 1:
        disc(body, left + 5, roof_top + 4, 2.2, "steel")
        px(body, left + 5, roof_top + 4, "concrete")
        box(body, left + 9, roof_top + 2, right - left - 11, 3, "solar")
        line(body, (left + 9, roof_top + 2), (right - 3, roof_top + 2), "solar_light")
    else:
        box(body, left + 2, roof_top + 2, right - left - 3, face_top - roof_top - 4, "solar")
        for x in range(left + 4, right - 1, 3):
            line(body, (x, roof_top + 2), (x, face_top - 3), "solar_dark")
    # The face: wall, trim, windows in rows; the recycled facade is a patchwork of salvaged panels.
    box(body, left, face_top, right - left + 1, ground - face_top, materials["wall"])
    line(body, (left, face_top), (right, face_top), materials["trim"])
    if facade == 1:
        for y in range(face_top + 1, ground, 4):
            for x in range(left, right, 5):
                if rng.random() < 0.5:
                    box(body, x, y, min(5, right - x + 1), min(4, ground - y), rng.choice(PATCHES))
    column_step = 3 if facade == 2 else 4
    for y in range(face_top + 2, ground - 1, 3):
        for x in range(left + 2, right - 1, column_step):
            glass = rng.random()
            px(body, x, y, "sky" if glass < 0.12 else "solar" if glass < 0.4 else "solar_dark")
            px(body, x + 1, y, "solar_dark")
            if rng.random() < LIT_SHARE[tier]:
                colour = "cyan" if rng.random() < 0.12 else "glow"
                px(night, x, y, colour)
                px(night, x + 1, y, colour)
    if tier >= 2:  # setbacks of a tower: a darker band every few storeys
        for y in range(face_top + 7, ground - 2, 7):
            line(body, (left, y), (right, y), materials["trim"])
    if tier == 3:  # vertical gardens veil the face: strands of green hanging from every other storey's planters
        for y in range(face_top + 1, ground - 1, 6):
            line(body, (left, y), (right, y), "moss")
            line(body, (left, y - 1), (right, y - 1), "leaf")
        for x in range(left, right + 1):
            if x % 3 == 2:
                continue
            top = face_top + 1 + rng.randrange(0, 4)
            for y in range(top, top + rng.randrange(6, ground - face_top)):
                if y < ground:
                    px(body, x, y, "leaf_light" if x % 3 == 0 and y % 4 == 0 else "leaf" if x % 3 == 0 else "moss")
        for _ in range(5):
            px(body, rng.randrange(left + 1, right), rng.randrange(face_top + 1, ground - 1), "pink")
    else:  # vines on the edges, more as the block grows
        for y in range(face_top + 1, ground):
            if rng.random() < 0.25 + 0.2 * tier:
                px(body, left, y, rng.choice(["leaf", "moss"]))
            if rng.random() < 0.2 + 0.2 * tier:
                px(body, right, y, rng.choice(["leaf", "leaf_light"]))
    # The door, lit at night.
    door_x = (left + right) // 2 - 1
    box(body, door_x, ground - 3, 3, 3, "shadow")
    box(night, door_x, ground - 3, 3, 3, "glow")
    if tier == 0:  # a yard in front of a low block: bins and a planter
        box(body, left + 1, ground + 1, 3, 2, "cyan_dark")
        box(body, right - 4, ground + 1, 4, 2, "moss")
        px(body, right - 3, ground + 1, "leaf_light")
    day = with_shadow(body, offset=(1, 2, 3, 3)[tier])  # taller blocks cast longer shadows
    return day, lights_of(night)


def smoke_overlay(width: int, height: int, stacks: tuple[tuple[int, int], ...]) -> pygame.Surface:
    """Return a see-through plume drifting from each stack across the roof, for a plant that runs."""
    puffs = canvas(width, height)
    for sx, sy in stacks:
        drift = 3 if sx < width // 2 else -3  # the plume leans along the roof, staying on the sprite
        for step in range(5):
            cx, cy = sx + step * drift, sy + 1 + step
            radius = 2.2 + step * 0.8
            disc(puffs, cx + 0.5, cy + 0.5, radius, "smoke")
            disc(puffs, cx - 0.5, cy - 0.5, radius * 0.6, "concrete" if step < 3 else "concrete_light")
    pixels = pygame.surfarray.pixels_alpha(puffs)
    pixels[pixels == 255] = SMOKE_ALPHA
    del pixels
    return puffs


def sabotage_overlay(width: int, height: int) -> tuple[pygame.Surface, pygame.Surface]:
    """Return hazard tape across a sabotaged building and the sparks that fly from it (day, night)."""
    rng = random.Random(width * 7 + height)
    tape = canvas(width, height)
    sparks = canvas(width, height)
    for y in (height // 3, 2 * height // 3):
        hazard_stripes(tape, 1, y, width - 4, 3)
    for _ in range(4 + width // 8):
        x, y = rng.randrange(2, width - 4), rng.randrange(2, height - 4)
        for dx, dy in ((0, 0), (1, -1), (-1, 1)):
            px(tape, x + dx, y + dy, "glow" if dx == 0 else "white")
        px(sparks, x, y, "glow")
        px(sparks, x + 1, y - 1, "ember")
    return tape, lights_of(sparks)


def lane_piece(mask: int) -> pygame.Surface:
    """A service lane joining its lane neighbours in `mask` (N=1, E=2, S=4, W=8): kerbs where it ends."""
    rng = random.Random(600 + mask)
    tile = canvas(TILE, TILE)
    tile.fill(rgb("asphalt_dark"))
    speckle(tile, rng, (0, 0, TILE, TILE), ["shadow", "asphalt"], 10)
    if mask in (5, 10):  # a straight run gets the dashed centre line
        for i in range(2, TILE, 6):
            if mask == 5:
                line(tile, (7, i), (7, i + 2), "concrete_dark")
            else:
                line(tile, (i, 7), (i + 2, 7), "concrete_dark")
    kerbs = {1: ((0, 0), (TILE - 1, 0)), 2: ((TILE - 1, 0), (TILE - 1, TILE - 1)), 4: ((0, TILE - 1), (TILE - 1, TILE - 1)), 8: ((0, 0), (0, TILE - 1))}
    for bit, (start, end) in kerbs.items():
        if not mask & bit:
            line(tile, start, end, "concrete_dark")
    return tile


def lamp() -> tuple[pygame.Surface, pygame.Surface]:
    """A street lamp on a lane's corner, and its pool of light at night."""
    post = canvas(TILE, TILE)
    box(post, 1, 1, 2, 2, "concrete_light")
    px(post, 2, 2, "ink")
    light = canvas(TILE, TILE)
    for y in range(TILE // 2):
        for x in range(TILE // 2):
            distance = ((x - 1.5) ** 2 + (y - 1.5) ** 2) ** 0.5
            if distance < 6:
                light.set_at((x, y), (*rgb("glow"), int(90 * (1 - distance / 6))))
    box(light, 1, 1, 2, 2, "glow")
    return post, light


def waste_pile(size: int) -> pygame.Surface:
    """Uncollected rubbish, half a tile wide: a few bags (1), a heap (2), a mound with a leaking drum (3)."""
    rng = random.Random(700 + size)
    body = canvas(TILE, TILE // 2 + 2)
    width = 4 + size * 3
    for dy, (x0, x1) in enumerate(((3, width - 2), (2, width - 1), (1, width), (1, width))):
        line(body, (x0, 2 + dy + (3 - size)), (x1, 2 + dy + (3 - size)), "soil_light" if dy < 2 else "soil")
    speckle(body, rng, (1, 5 - size, width, size + 2), ["concrete_light", "rust_light", "cyan", "pink", "white", "leaf_light", "solar_light"], 4 + size * 5)
    for _ in range(size + 1):  # bin bags
        x = rng.randrange(1, width - 1)
        box(body, x, 5, 2, 2, "cyan_dark" if x % 2 else "asphalt_light")
    if size == 3:
        box(body, width + 1, 1, 3, 5, "hazard")
        line(body, (width + 1, 3), (width + 3, 3), "ink")
        px(body, width + 1, 6, "lime")
        px(body, width + 2, 6, "lime")
    return with_shadow(body, offset=1)


def camp() -> tuple[pygame.Surface, pygame.Surface]:
    """A scavengers' camp, three tiles square: patched tents round a fire, drums and a tarp; and the firelight."""
    rng = random.Random(800)
    size = TILE * 3
    body = canvas(size, size)
    disc(body, 24, 24, 20, "soil_dark")
    speckle(body, rng, (6, 6, 36, 36), ["soil", "rust_dark", "asphalt"], 60)
    for cx, cy, colour in ((12, 12, "rust_light"), (35, 13, "cyan_dark"), (12, 34, "violet"), (34, 35, "soil_light")):
        for row in range(7):  # a tent seen from above: a triangle ridge
            line(body, (cx - row, cy - 3 + row), (cx + row, cy - 3 + row), colour)
        line(body, (cx, cy - 3), (cx, cy + 3), "ink")
        box(body, cx - 2, cy + 2, 2, 2, "rust")
    disc(body, 24, 24, 3.5, "asphalt_light")
    disc(body, 24, 24, 2.2, "ember")
    px(body, 24, 24, "glow")
    px(body, 23, 23, "glow")
    for x, y in ((30, 24), (31, 27), (18, 26)):
        box(body, x, y, 3, 3, "hazard_dark")
        px(body, x + 1, y + 1, "ink")
    outline(body)
    fire = canvas(size, size)
    for y in range(size):
        for x in range(size):
            distance = ((x - 24) ** 2 + (y - 24) ** 2) ** 0.5
            if distance < 14:
                fire.set_at((x, y), (*rgb("ember"), int(110 * (1 - distance / 14))))
    disc(fire, 24, 24, 2.2, "ember")
    px(fire, 24, 24, "glow")
    px(fire, 23, 23, "glow")
    return body, fire


def undercity_lights(variant: int) -> pygame.Surface:
    """What glows on an undercity tile at night: its stray neon, brighter."""
    return lights_of(undercity_tile(variant), ("cyan", "pink"))


def build_looks() -> dict[str, pygame.Surface]:
    """Draw every building look, overlay, lane piece and map decoration, keyed by path under assets/."""
    images: dict[str, pygame.Surface] = {}
    for tier in range(HOUSING_TIERS):
        for facade in range(FACADES):
            name = f"housing_t{tier}_f{facade}"
            day, lights = housing_look(tier, facade)
            images[f"looks/{name}.png"] = day
            images[f"looks/{name}_dark.png"] = dimmed(day)
            images[f"lights/{name}.png"] = lights
    sizes = set()
    for btype in BUILDING_TYPES:
        if btype.kind in ("housing", "power_line"):
            continue
        width, height = btype.width * TILE, btype.height * TILE
        day = BUILDING_DRAWERS[btype.kind](width, height)
        images[f"looks/{btype.kind}.png"] = day
        images[f"looks/{btype.kind}_dark.png"] = dimmed(day)
        images[f"lights/{btype.kind}.png"] = lights_of(day)
        if btype.kind in SMOKE_STACKS:
            images[f"decor/smoke_{btype.kind}.png"] = smoke_overlay(width, height, SMOKE_STACKS[btype.kind])
        sizes.add((btype.width, btype.height))
    sizes.add((2, 2))  # housing
    for width, height in sorted(sizes):
        tape, sparks = sabotage_overlay(width * TILE, height * TILE)
        images[f"decor/sabotage_{width}x{height}.png"] = tape
        images[f"lights/sabotage_{width}x{height}.png"] = sparks
    for mask in range(16):
        images[f"lanes/lane_{mask:02d}.png"] = lane_piece(mask)
    images["lanes/lamp.png"], images["lights/lamp.png"] = lamp()
    for size in (1, 2, 3):
        images[f"decor/waste_{size}.png"] = waste_pile(size)
    images["decor/camp.png"], images["lights/camp.png"] = camp()
    for variant in range(TERRAIN_VARIANTS["undercity"]):
        images[f"lights/undercity_{variant}.png"] = undercity_lights(variant)
    return images


# --- icons ---------------------------------------------------------------------------------------


def icon_from_rows(rows: list[str], colours: dict[str, str]) -> pygame.Surface:
    """Build a 12x12 icon from text rows where each letter names a palette colour in `colours`."""
    icon = canvas(ICON, ICON)
    for y, row in enumerate(rows):
        for x, letter in enumerate(row):
            if letter in colours:
                px(icon, x, y, colours[letter])
    return icon


ICONS: dict[str, tuple[list[str], dict[str, str]]] = {
    "funds": ([
        "...kkkkk....",
        "..kggggk....",
        ".kgyyyygk...",
        "kgyykyyygk..",
        "kgykkkyyyk..",
        "kgyyykkyyk..",
        "kgykkkyyyk..",
        "kgyyykyygk..",
        ".kgyyyygk...",
        "..kggggk....",
        "...kkkkk....",
        "............",
    ], {"k": "ink", "g": "hazard_dark", "y": "glow"}),
    "food": ([
        ".....kk.....",
        "....kllk....",
        "...kllk.....",
        "..kkkkkkk...",
        ".kgggggglk..",
        "kggggggglk..",
        "kggggggglk..",
        "kmgggggglk..",
        ".kmggggglk..",
        "..kmmmmmk...",
        "...kkkkk....",
        "............",
    ], {"k": "ink", "l": "lime", "g": "leaf", "m": "moss"}),
    "fuel": ([
        ".....k......",
        "....kek.....",
        "...keek.....",
        "...keeek....",
        "..keegeek...",
        ".keeggeeek..",
        ".keggggeek..",
        ".keggyggek..",
        ".kreggggrk..",
        "..krrrrrk...",
        "...kkkkk....",
        "............",
    ], {"k": "ink", "e": "ember", "g": "glow", "y": "white", "r": "rust_light"}),
    "materials": ([
        "............",
        "............",
        "...kkkkkkk..",
        "..kssssssk..",
        ".kwwwwwwsk..",
        "kkkkkkkksk..",
        "kssssssksk..",
        "kssssssksk..",
        "kccccccsk...",
        "kkkkkkkkk...",
        "............",
        "............",
    ], {"k": "ink", "s": "steel", "w": "white", "c": "concrete"}),
    "power": ([
        "......kkk...",
        ".....kyyk...",
        "....kyyk....",
        "...kyyk.....",
        "..kyyykkk...",
        "..kyyyyyk...",
        "..kkkyyk....",
        "....kyk.....",
        "...kyk......",
        "..kyk.......",
        "..kk........",
        "............",
    ], {"k": "ink", "y": "glow"}),
    "population": ([
        "...kkk......",
        "..kwwwk.....",
        "..kwwwk.kkk.",
        "...kkk.kcck.",
        ".kkkkkkkcck.",
        "kcccccckkk..",
        "kcccccckcck.",
        "kcccccckcck.",
        "kcckkcckcck.",
        "kcck.kcckk..",
        "kkk..kkk....",
        "............",
    ], {"k": "ink", "w": "steel", "c": "cyan"}),
    "contentment": ([
        "............",
        ".kkk..kkk...",
        "kpppkkpppk..",
        "kpwppppppk..",
        "kpppppppppk.",
        "kpppppppppk.",
        ".kpppppppk..",
        "..kpppppk...",
        "...kpppk....",
        "....kpk.....",
        ".....k......",
        "............",
    ], {"k": "ink", "p": "pink", "w": "white"}),
    "pollution": ([
        "............",
        "....kkk.....",
        "..kksssk....",
        ".kssssssk...",
        ".ksssmsskk..",
        "kssmmmssssk.",
        "ksmmmmmmssk.",
        "kmmmmmmmmsk.",
        ".kkkkkkkkk..",
        "..h.h..h....",
        ".h..h.h.....",
        "............",
    ], {"k": "ink", "s": "concrete_light", "m": "smoke", "h": "rust_light"}),
    "clock": ([
        "...kkkkk....",
        "..kwwwwwk...",
        ".kwwwkwwwk..",
        "kwwwwkwwwwk.",
        "kwwwwkwwwwk.",
        "kwwwwkkkwwk.",
        "kwwwwwwwwwk.",
        "kwwwwwwwwwk.",
        ".kwwwwwwwk..",
        "..kwwwwwk...",
        "...kkkkk....",
        "............",
    ], {"k": "ink", "w": "steel"}),
    "no_power": ([
        "..kkkkkkkk..",
        ".krrrrrrrrk.",
        "krrrrkkrrrrk",
        "krrrkyykrrrk",
        "krrkyykrrrrk",
        "krkyyyykkrrk",
        "krkkkyyyykrk",
        "krrrkyykkrrk",
        "krrkyykrrrrk",
        "krrkkkrrrrrk",
        ".krrrrrrrrk.",
        "..kkkkkkkk..",
    ], {"k": "ink", "r": "red", "y": "glow"}),
    "demolish": ([
        "............",
        ".kk......kk.",
        "krrk....krrk",
        ".krrk..krrk.",
        "..krrkkrrk..",
        "...krrrrk...",
        "...krrrrk...",
        "..krrkkrrk..",
        ".krrk..krrk.",
        "krrk....krrk",
        ".kk......kk.",
        "............",
    ], {"k": "ink", "r": "red"}),
    "lock": ([  # a campaign level not yet open, in the menu's level list
        "....kkkk....",
        "...kssssk...",
        "..ksk..ksk..",
        "..ksk..ksk..",
        "..ksk..ksk..",
        ".kkkkkkkkkk.",
        ".kyyyyyyyyk.",
        ".kyyykkyyyk.",
        ".kyyykkyyyk.",
        ".kyyyyyyyyk.",
        ".kkkkkkkkkk.",
        "............",
    ], {"k": "ink", "s": "steel", "y": "glow"}),
}


# --- agents (society) ----------------------------------------------------------------------------

AGENT = 8  # pixels per agent sprite: half a tile, so a crowd still shows the ground between people

# Scavengers read as people (hooded, earth and rust, a lamp), collection drones as Ecolife's (cyan
# rotors on steel), security drones as a threat (dark hull, red eye, hazard rim). A load is a small
# sack drawn at the carrier's shoulder; a seized cache is a hazard crate the waste overlay may show.
AGENT_SPRITES: dict[str, tuple[list[str], dict[str, str]]] = {
    "scavenger": ([
        "..kkk...",
        ".krrrk..",
        ".krwrk..",
        "..kkk...",
        ".krrrk..",
        "krsrsrk.",
        ".ks.sk..",
        ".kk.kk..",
    ], {"k": "ink", "r": "rust_light", "w": "glow", "s": "soil_light"}),
    "collection_drone": ([
        "kk....kk",
        "kck..kck",
        ".kkkkkk.",
        "..kwsk..",
        "..kssk..",
        ".kkkkkk.",
        "kck..kck",
        "kk....kk",
    ], {"k": "ink", "c": "cyan", "w": "white", "s": "steel"}),
    "security_drone": ([
        "..kkkk..",
        ".khhhhk.",
        "khkkkkhk",
        "hkkRRkkh",
        "hkkRRkkh",
        "khkkkkhk",
        ".khhhhk.",
        "..kkkk..",
    ], {"k": "ink", "h": "hazard", "R": "red"}),
    "load": ([
        "........",
        "........",
        "........",
        "........",
        "....kkk.",
        "...kyyyk",
        "...kyhyk",
        "....kkk.",
    ], {"k": "ink", "y": "hazard", "h": "hazard_dark"}),
    "cache": ([
        "kkkkkkkk",
        "kyhyhyhk",
        "khkkkkyk",
        "kyk..khk",
        "khk..kyk",
        "kykkkkhk",
        "khyhyhyk",
        "kkkkkkkk",
    ], {"k": "ink", "y": "hazard", "h": "violet"}),
}


def agent_sprite(rows: list[str], colours: dict[str, str]) -> pygame.Surface:
    """Build an 8x8 agent sprite from text rows where each letter names a palette colour in `colours`."""
    sprite = canvas(AGENT, AGENT)
    for y, row in enumerate(rows):
        for x, letter in enumerate(row):
            if letter in colours:
                px(sprite, x, y, colours[letter])
    return sprite


# --- checking and saving -------------------------------------------------------------------------


def off_palette(surface: pygame.Surface) -> set[tuple[int, int, int]]:
    """Return the colours of opaque pixels that are not in the palette (shadows excepted)."""
    allowed = {rgb(name) for name in PALETTE}
    pixels = pygame.surfarray.array3d(surface).reshape(-1, 3)
    alpha = pygame.surfarray.array_alpha(surface).reshape(-1)
    solid = {tuple(int(v) for v in p) for p in pixels[alpha == 255]}
    return solid - allowed


def build_all() -> dict[str, pygame.Surface]:
    """Draw every image and return them keyed by their path under assets/."""
    images: dict[str, pygame.Surface] = {}
    for terrain, draw in TERRAIN_DRAWERS.items():
        for variant in range(TERRAIN_VARIANTS[terrain]):
            images[f"tiles/{terrain}_{variant}.png"] = draw(variant)
    for side, tile in shore_edges().items():
        images[f"tiles/shore_{side}.png"] = tile
    missing = {b.kind for b in BUILDING_TYPES} - set(BUILDING_DRAWERS)
    if missing:
        raise SystemExit(f"make_assets: no sprite drawer for building kinds {sorted(missing)}")
    for btype in BUILDING_TYPES:
        images[f"buildings/{btype.kind}.png"] = BUILDING_DRAWERS[btype.kind](btype.width * TILE, btype.height * TILE)
    for mask in range(16):
        images[f"lines/power_line_{mask:02d}.png"] = power_line_piece(mask)
    for name, (rows, colours) in ICONS.items():
        images[f"icons/{name}.png"] = icon_from_rows(rows, colours)
    for name, (rows, colours) in AGENT_SPRITES.items():
        images[f"agents/{name}.png"] = agent_sprite(rows, colours)
    images.update(build_looks())
    return images


def main() -> int:
    """Draw, check and save every asset; return the exit status."""
    pygame.init()
    images = build_all()
    problems = [f"{path}: colours outside the palette {sorted(bad)}" for path, image in images.items() if (bad := off_palette(image))]
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    for path, image in images.items():
        target = ASSET_DIR / path
        target.parent.mkdir(parents=True, exist_ok=True)
        pygame.image.save(image, str(target))
    (ASSET_DIR / "palette.json").write_text(json.dumps(PALETTE, indent=2) + "\n")
    print(f"make_assets: wrote {len(images)} images and palette.json under {ASSET_DIR}")
    pygame.quit()
    return load_make_sounds().main(ASSET_DIR / "sounds")


def load_make_sounds():  # noqa: ANN201 - the tools/make_sounds.py module
    """Return tools/make_sounds.py as a module (tools/ is a folder of scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("make_sounds", Path(__file__).with_name("make_sounds.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


if __name__ == "__main__":
    sys.exit(main())
