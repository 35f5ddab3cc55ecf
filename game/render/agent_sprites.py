"""Agent sprites drawn by code, once per size: walkers, collectors with their carts, both kinds of drone, camps and found caches.

Every shape is laid out on a 12 x 12 grid of units and drawn with pygame.draw at the size asked
for, so a sprite is sharp at every zoom. Each kind has its own silhouette and colour so a glance
tells them apart: a scavenger is a figure in its tribe's colour with a sack on its back; a
collector (a tribe working under an amnesty) pushes a hi-vis cart; a security drone is a dark
quadcopter with a red beacon; a collection drone is Ecolife's teal twin-rotor carrier with a crate
slung under it. Drones fly: their shadow falls below and to the right of them. Loads show as a
full sack, cart or crate, hazardous waste in hazard yellow.
"""

from __future__ import annotations

import pygame

Rgb = tuple[int, int, int]

GRID = 12  # units a sprite is laid out on, either way
DETAIL_PX = 24  # below this many pixels a sprite is drawn at this size and smoothed down
INK: Rgb = (13, 15, 20)
SKIN: Rgb = (200, 160, 120)
SACK: Rgb = (128, 100, 71)  # an empty sack
LOADED: Rgb = (168, 110, 52)  # a load of ordinary waste
HAZARD_LOAD: Rgb = (238, 194, 26)  # hazardous waste on board
CART: Rgb = (255, 138, 20)  # a collector's hi-vis cart and vest stripe
SECURITY_HULL: Rgb = (38, 48, 84)
SECURITY_BEACON: Rgb = (232, 52, 48)
ROTOR: tuple[int, int, int, int] = (205, 215, 220, 190)
COLLECTION_HULL: Rgb = (53, 203, 192)
COLLECTION_TRIM: Rgb = (230, 237, 228)
SHADOW: tuple[int, int, int, int] = (0, 0, 0, 90)
CACHE_STRIPE: Rgb = (98, 70, 138)
# A tribe's colour, by its place among the tribes modulo the table: distinct from each other and from the drones'.
TRIBE_COLOURS: tuple[Rgb, ...] = (
    (96, 160, 226), (120, 176, 72), (160, 110, 210), (222, 104, 160),
    (224, 196, 96), (196, 196, 186), (168, 72, 60), (132, 128, 58),
)
LOAD_STATES = 3  # empty, carrying waste, carrying hazardous waste


class Pen:
    """Draws on a sprite surface in grid units (GRID x GRID over the surface)."""

    def __init__(self, size: int) -> None:
        self.surface = pygame.Surface((size, size), pygame.SRCALPHA)
        self.unit = size / GRID

    def at(self, x: float, y: float) -> tuple[int, int]:
        """Return the pixel of grid point (x, y)."""
        return round(x * self.unit), round(y * self.unit)

    def length(self, units: float) -> int:
        """Return `units` as whole pixels, at least one."""
        return max(1, round(units * self.unit))

    def ellipse(self, colour: tuple[int, ...], cx: float, cy: float, width: float, height: float, outline: bool = False) -> None:
        """Fill an ellipse centred on (cx, cy); with `outline`, ring it in ink."""
        rect = pygame.Rect(0, 0, self.length(width), self.length(height))
        rect.center = self.at(cx, cy)
        if len(colour) == 4:
            layer = pygame.Surface(rect.size, pygame.SRCALPHA)
            pygame.draw.ellipse(layer, colour, layer.get_rect())
            self.surface.blit(layer, rect)
        else:
            pygame.draw.ellipse(self.surface, colour, rect)
        if outline:
            pygame.draw.ellipse(self.surface, INK, rect, self.length(0.5))

    def circle(self, colour: tuple[int, ...], cx: float, cy: float, radius: float, outline: bool = True) -> None:
        """Fill a circle of `radius` units at (cx, cy), ringed in ink."""
        self.ellipse(colour, cx, cy, radius * 2, radius * 2, outline)

    def polygon(self, colour: Rgb, points: tuple[tuple[float, float], ...], outline: bool = True) -> None:
        """Fill a polygon through grid points, edged in ink."""
        pixels = [self.at(x, y) for x, y in points]
        pygame.draw.polygon(self.surface, colour, pixels)
        if outline:
            pygame.draw.polygon(self.surface, INK, pixels, self.length(0.5))

    def box(self, colour: Rgb, x: float, y: float, width: float, height: float, outline: bool = True) -> None:
        """Fill a rectangle from grid point (x, y), edged in ink."""
        self.polygon(colour, ((x, y), (x + width, y), (x + width, y + height), (x, y + height)), outline)

    def line(self, colour: Rgb, start: tuple[float, float], end: tuple[float, float], width: float) -> None:
        """Draw a straight line `width` units thick."""
        pygame.draw.line(self.surface, colour, self.at(*start), self.at(*end), self.length(width))


def load_colour(load_state: int, empty: Rgb) -> Rgb:
    """Return the colour of a sack, cart or crate: `empty`, ordinary waste or hazardous waste."""
    return (empty, LOADED, HAZARD_LOAD)[load_state]


def scavenger(size: int, tribe: Rgb, load_state: int) -> pygame.Surface:
    """Return a walker in its tribe's colour with a sack on its back, full when it carries something."""
    pen = Pen(size)
    pen.ellipse(SHADOW, 6, 11, 6, 1.6)
    pen.box(INK, 4.6, 8.2, 1.1, 2.8, outline=False)
    pen.box(INK, 6.3, 8.2, 1.1, 2.8, outline=False)
    sack = 1.4 if load_state == 0 else 2.3
    pen.circle(load_colour(load_state, SACK), 8.6, 5.6, sack)
    pen.polygon(tribe, ((4.2, 4.4), (7.8, 4.4), (8.4, 8.8), (3.6, 8.8)))
    pen.circle(SKIN, 6, 2.8, 1.6)
    pen.polygon(tribe, ((4.3, 2.6), (6, 0.9), (7.7, 2.6), (7.2, 1.9), (4.8, 1.9)), outline=False)  # the hood
    return pen.surface


def collector(size: int, tribe: Rgb, load_state: int) -> pygame.Surface:
    """Return a walker of an amnestied tribe in a hi-vis vest, pushing a cart (heaped when loaded)."""
    pen = Pen(size)
    pen.ellipse(SHADOW, 6.5, 11, 9, 1.6)
    pen.box(INK, 2.4, 8.2, 1.0, 2.8, outline=False)
    pen.box(INK, 4.0, 8.2, 1.0, 2.8, outline=False)
    pen.polygon(tribe, ((2.0, 4.4), (5.4, 4.4), (5.9, 8.8), (1.5, 8.8)))
    pen.box(CART, 1.8, 6.0, 3.8, 1.0, outline=False)  # the vest's stripe
    pen.circle(SKIN, 3.7, 2.8, 1.5)
    pen.line(INK, (5.4, 5.6), (7.0, 6.6), 0.7)  # the handle
    if load_state:
        pen.circle(load_colour(load_state, SACK), 9.2, 5.8, 1.9)
    pen.polygon(CART, ((6.6, 6.2), (11.6, 6.2), (11.0, 9.2), (7.2, 9.2)))
    pen.circle(INK, 8.0, 10.0, 0.9, outline=False)
    pen.circle(INK, 10.2, 10.0, 0.9, outline=False)
    return pen.surface


def security_drone(size: int) -> pygame.Surface:
    """Return a dark quadcopter with a red beacon, its shadow below and to the right."""
    pen = Pen(size)
    pen.ellipse(SHADOW, 7.6, 10.2, 7.5, 2.6)
    pen.line(INK, (2.6, 2.6), (9.4, 9.4), 1.0)
    pen.line(INK, (9.4, 2.6), (2.6, 9.4), 1.0)
    for x, y in ((2.6, 2.6), (9.4, 2.6), (2.6, 9.4), (9.4, 9.4)):
        pen.circle(ROTOR, x, y, 2.0)
    pen.circle(SECURITY_HULL, 6, 6, 2.3)
    pen.circle(SECURITY_BEACON, 6, 6, 1.1, outline=False)
    return pen.surface


def collection_drone(size: int, load_state: int) -> pygame.Surface:
    """Return Ecolife's teal twin-rotor carrier with a crate slung under it (filled when loaded), its shadow below."""
    pen = Pen(size)
    pen.ellipse(SHADOW, 7.4, 11.0, 7.0, 1.8)
    pen.line(INK, (2.2, 2.4), (4.0, 4.2), 0.8)
    pen.line(INK, (9.8, 2.4), (8.0, 4.2), 0.8)
    pen.ellipse(ROTOR, 2.2, 2.2, 4.0, 1.6, outline=True)
    pen.ellipse(ROTOR, 9.8, 2.2, 4.0, 1.6, outline=True)
    pen.line(INK, (6, 6.6), (6, 7.4), 0.6)
    pen.box(load_colour(load_state, (60, 66, 70)), 4.2, 7.2, 3.6, 2.6)
    pen.polygon(COLLECTION_HULL, ((3.4, 3.4), (8.6, 3.4), (9.4, 5.2), (8.6, 6.8), (3.4, 6.8), (2.6, 5.2)))
    pen.box(COLLECTION_TRIM, 4.6, 4.4, 2.8, 1.0, outline=False)
    return pen.surface


def camp(size: int, tribe: Rgb) -> pygame.Surface:
    """Return a scavenger camp for a whole tile: a patched tent in the tribe's colour beside a fire."""
    pen = Pen(size)
    pen.ellipse(SHADOW, 6, 10.6, 10, 2)
    pen.polygon(tribe, ((1.2, 10.2), (5.4, 2.4), (9.6, 10.2)))
    pen.polygon(INK, ((4.2, 10.2), (5.4, 6.2), (6.6, 10.2)), outline=False)  # the door
    pen.line(INK, (5.4, 2.4), (5.4, 1.2), 0.6)
    pen.circle((236, 132, 38), 10.2, 9.6, 1.1)  # the fire
    pen.circle((255, 213, 104), 10.2, 9.8, 0.5, outline=False)
    return pen.surface


def found_cache(size: int) -> pygame.Surface:
    """Return a dug-up hazard crate, lid off: where security drones found a cache."""
    pen = Pen(size)
    pen.ellipse(SHADOW, 6.5, 10.6, 10, 2)
    pen.box(HAZARD_LOAD, 1.6, 3.6, 8.8, 6.6)
    for x in (2.4, 4.8, 7.2):
        pen.polygon(CACHE_STRIPE, ((x, 4.0), (x + 1.2, 4.0), (x + 2.6, 9.8), (x + 1.4, 9.8)), outline=False)
    pen.box(INK, 1.6, 3.6, 8.8, 1.0, outline=False)
    pen.polygon(HAZARD_LOAD, ((6.0, 3.4), (11.2, 1.2), (11.6, 2.2), (6.4, 4.2)))  # the lid, prised off
    return pen.surface


def at_size(draw_size: int, size: int, surface: pygame.Surface) -> pygame.Surface:
    """Return `surface` (drawn at `draw_size`) at `size`, smoothed down when it was drawn larger."""
    return surface if draw_size == size else pygame.transform.smoothscale(surface, (size, size))


def agent_sheet(size: int) -> list[pygame.Surface]:
    """Return every agent sprite at `size` px in sheet order: see `sheet_index`."""
    draw = max(size, DETAIL_PX) if size < DETAIL_PX // 2 else size
    sheet = [scavenger(draw, colour, load) for colour in TRIBE_COLOURS for load in range(LOAD_STATES)]
    sheet += [collector(draw, colour, load) for colour in TRIBE_COLOURS for load in range(LOAD_STATES)]
    sheet += [collection_drone(draw, load) for load in range(LOAD_STATES)]
    sheet.append(security_drone(draw))
    return [at_size(draw, size, surface) for surface in sheet]


COLLECTOR_BASE = len(TRIBE_COLOURS) * LOAD_STATES  # the first collector in the sheet
COLLECTION_DRONE_BASE = 2 * COLLECTOR_BASE  # then the collection drones, one per load state
SECURITY_DRONE_INDEX = COLLECTION_DRONE_BASE + LOAD_STATES  # and last the security drone
