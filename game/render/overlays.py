"""Data overlays: one small RGBA surface per map (one pixel per tile) built with numpy, at most once a tick.

Each overlay turns a simulation grid into colours through a lookup table, so the colours mean
the same thing everywhere and a legend can show them. The world view scales the visible part up
to the tile size and blends it over the map.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pygame

from game.sim.buildings import BUILDING_INDEX
from game.sim.view import BLACKOUT_BELOW_PERMILLE
from game.sim.waste import HAZARDOUS

if TYPE_CHECKING:
    from game.sim.view import CityView

Rgba = tuple[int, int, int, int]
LUT_SIZE = 256


@dataclass(frozen=True, slots=True)
class Overlay:
    """One data layer: its key, its title and the legend entries from low to high."""

    name: str
    title: str
    legend: tuple[tuple[Rgba, str], ...]
    build: Callable[[CityView], np.ndarray]  # -> uint8 RGBA array (height, width, 4)


def gradient(stops: tuple[tuple[float, Rgba], ...], size: int = LUT_SIZE) -> np.ndarray:
    """Return a (size, 4) uint8 lookup table interpolating colour stops at positions 0..1."""
    positions = np.linspace(0.0, 1.0, size)
    where = np.array([p for p, _ in stops])
    colours = np.array([c for _, c in stops], np.float64)
    table = np.stack([np.interp(positions, where, colours[:, channel]) for channel in range(4)], axis=1)
    return table.round().astype(np.uint8)


# Pollution colours sit on the rules' thresholds: faint pale traces, "uncomfortable" in amber,
# "unlivable" in red, and toxic purple at TOXIC_FACTOR times the unlivable level. Each step is
# darker than the last, so the ramp reads by lightness too (tests/test_colour_vision.py).
POLLUTION_STOPS: tuple[tuple[float, Rgba], ...] = (
    (0.0, (210, 235, 140, 0)),
    (0.12, (210, 235, 140, 90)),
    (0.32, (245, 175, 40, 150)),  # rules.pollution_uncomfortable
    (0.63, (205, 50, 40, 185)),  # rules.pollution_unlivable
    (1.0, (105, 20, 100, 215)),
)
TRACE_FRACTION = 0.25  # of the uncomfortable level: where the faint pale stop sits
TOXIC_FACTOR = 2.5
POLLUTION_LUT = gradient(POLLUTION_STOPS)

WASTE_FULL_SCALE = 400  # waste units on a tile drawn at full strength
WASTE_STOPS: tuple[tuple[float, Rgba], ...] = (
    (0.0, (150, 120, 70, 0)),
    (0.05, (170, 140, 80, 110)),
    (0.5, (200, 140, 50, 175)),
    (1.0, (140, 80, 30, 215)),
)
WASTE_LUT = gradient(WASTE_STOPS)
HAZARD_COLOUR: Rgba = (200, 60, 230, 220)  # any hazardous waste on the tile

# Power, by building: what share of its demand it gets, or whether it feeds or just carries.
# Powered is blue and dark a deep orange-red, not green and red: the pair stays far apart under
# protanopia and deuteranopia, as every pair of the legend stays apart (tests/test_colour_vision.py).
POWER_SERVED: Rgba = (25, 80, 245, 175)
POWER_BROWNOUT: Rgba = (245, 215, 30, 175)
POWER_DARK: Rgba = (225, 75, 20, 200)
POWER_SOURCE: Rgba = (215, 250, 225, 185)
POWER_LIVE: Rgba = (120, 200, 255, 100)  # a line or unpowered building on a network with supply
POWER_DEAD: Rgba = (140, 138, 110, 120)  # on a network with no supply at all
POWER_LOSING: Rgba = (140, 120, 255, 175)  # a line on a network losing power to taps nobody has found
POWER_TAP: Rgba = (220, 25, 155, 245)  # a line tile where security drones found a tap
POWER_COLOURS = np.array(
    [(0, 0, 0, 0), POWER_SERVED, POWER_BROWNOUT, POWER_DARK, POWER_SOURCE, POWER_LIVE, POWER_DEAD, POWER_LOSING, POWER_TAP], np.uint8,
)
TAP_CLASS = 8  # the index of POWER_TAP: a found tap outranks every other power class on its tile
LOSING_CLASS = 7  # the index of POWER_LOSING
LIVE_CLASS = 5  # the index of POWER_LIVE
SERVED_FULL_PERMILLE = 950  # at or above this a building counts as fully served
DARK_BELOW_PERMILLE = BLACKOUT_BELOW_PERMILLE  # below this it counts as dark, as for blackouts


def scaled_index(values: np.ndarray, full_scale: int) -> np.ndarray:
    """Map non-negative values linearly to lookup-table indices, full at `full_scale`."""
    fraction = np.minimum(values.astype(np.float32) / full_scale, 1.0)
    return (fraction * (LUT_SIZE - 1)).astype(np.intp)


def pollution_positions(city: CityView, pollution: np.ndarray) -> np.ndarray:
    """Map pollution units to 0..1 legend positions, piecewise linear between the rules' thresholds."""
    rules = city.rules
    levels = [0, rules.pollution_uncomfortable * TRACE_FRACTION, rules.pollution_uncomfortable,
              rules.pollution_unlivable, rules.pollution_unlivable * TOXIC_FACTOR]
    return np.interp(pollution, levels, [position for position, _ in POLLUTION_STOPS])


def pollution_colours(city: CityView) -> np.ndarray:
    """Colour each tile by its pollution: clear when clean, pale, amber, then red, then purple."""
    positions = pollution_positions(city, city.pollution)
    return POLLUTION_LUT[(positions * (LUT_SIZE - 1)).astype(np.intp)]


def waste_colours(city: CityView) -> np.ndarray:
    """Colour each tile by its uncollected waste; any hazardous waste shows in violet."""
    waste = city.waste
    colours = WASTE_LUT[scaled_index(waste.sum(axis=0), WASTE_FULL_SCALE)]
    colours[waste[HAZARDOUS] > 0] = HAZARD_COLOUR
    return colours


def power_classes(city: CityView) -> np.ndarray:
    """Return, per building row, an index into POWER_COLOURS.

    Lines on a network that loses power to unfound taps show as losing power; a line tile where a
    tap was found shows as a found tap.
    """
    demand = city.column("demand_kw")
    served = city.column("served_permille")
    network = city.column("network")
    supply_by_network = city.network_supply_kw
    live = np.zeros(city.building_count, bool)
    known = network < supply_by_network.size
    live[known] = supply_by_network[network[known]] > 0
    classes = np.where(live, 5, 6)
    classes = np.where(demand > 0, np.where(served >= SERVED_FULL_PERMILLE, 1, np.where(served >= DARK_BELOW_PERMILLE, 2, 3)), classes)
    classes = np.where(city.type_column("power_supply_kw") > 0, 4, classes)
    losses = city.network_unexplained_kw
    losing = np.zeros(city.building_count, bool)
    known = network < losses.size
    losing[known] = losses[network[known]] > 0
    losing &= city.column("kind") == BUILDING_INDEX["power_line"]  # the lines carry the leak, not the buildings on them
    classes = np.where(losing & (classes == LIVE_CLASS), LOSING_CLASS, classes)
    classes = np.where(city.found_tap_tiles[city.column("y"), city.column("x")], TAP_CLASS, classes)
    # Network 0: placed since the last tick, not yet seen by the power system.
    return np.where(network > 0, classes, 6).astype(np.uint8)


def power_colours(city: CityView) -> np.ndarray:
    """Colour every built tile by how well its building is powered; open ground stays clear.

    A grid losing power to unfound taps is drawn dashed, every other tile in the losing colour and
    the rest as the live grid it still is: it reads as a leak without hiding the network's state.
    """
    ids = city.column("id")
    by_id = np.zeros(int(ids.max()) + 1 if ids.size else 1, np.uint8)
    by_id[ids] = power_classes(city)
    classes = by_id[city.occupancy]
    if (by_id == LOSING_CLASS).any():
        y, x = np.indices(classes.shape, sparse=True)
        classes[(classes == LOSING_CLASS) & ((x + y) % 2 == 1)] = LIVE_CLASS
    return POWER_COLOURS[classes]


# Contentment: each housing block by its residents' contentment 0..100 (the population system's own
# figure, through the view), deep orange when they want out, amber when uneasy, blue when happy:
# orange to blue rather than red to green, so it reads under the common colour-vision deficiencies.
CONTENTMENT_STOPS: tuple[tuple[float, Rgba], ...] = (
    (0.0, (190, 45, 25, 200)),
    (0.3, (235, 135, 40, 185)),
    (0.5, (240, 220, 140, 170)),
    (0.7, (120, 185, 240, 175)),
    (1.0, (40, 100, 230, 190)),
)
CONTENTMENT_MAX = 100
# Index 0 is open ground (clear); index 1 + c is contentment c.
CONTENTMENT_COLOURS = np.concatenate([np.zeros((1, 4), np.uint8), gradient(CONTENTMENT_STOPS, CONTENTMENT_MAX + 1)])


def contentment_colours(city: CityView) -> np.ndarray:
    """Colour every housing block's tiles by its residents' contentment; everything else stays clear."""
    homes, contentment = city.housing_contentment()
    ids = city.column("id")
    by_id = np.zeros(int(ids.max()) + 1 if ids.size else 1, np.uint8)
    if homes.size:
        by_id[ids[homes]] = 1 + contentment
    return CONTENTMENT_COLOURS[by_id[city.occupancy]]


OVERLAYS: tuple[Overlay, ...] = (
    Overlay(
        "pollution", "Pollution",
        ((POLLUTION_STOPS[1][1], "light"), (POLLUTION_STOPS[2][1], "unpleasant"),
         (POLLUTION_STOPS[3][1], "unlivable"), (POLLUTION_STOPS[4][1], "toxic")),
        pollution_colours,
    ),
    Overlay(
        "power", "Power",
        ((POWER_SOURCE, "plant"), (POWER_SERVED, "powered"), (POWER_BROWNOUT, "brownout"),
         (POWER_DARK, "dark"), (POWER_LIVE, "live grid"), (POWER_DEAD, "no supply"),
         (POWER_LOSING, "losing power"), (POWER_TAP, "tap found")),
        power_colours,
    ),
    Overlay(
        "waste", "Uncollected waste",
        ((WASTE_STOPS[1][1], "a little"), (WASTE_STOPS[2][1], "piling up"), (WASTE_STOPS[3][1], "heaps"),
         (HAZARD_COLOUR, "hazardous")),
        waste_colours,
    ),
    Overlay(
        "contentment", "Residents' contentment",
        ((CONTENTMENT_COLOURS[1 + 10], "want to leave"), (CONTENTMENT_COLOURS[1 + 40], "uneasy"),
         (CONTENTMENT_COLOURS[1 + 60], "content"), (CONTENTMENT_COLOURS[1 + 100], "happy")),
        contentment_colours,
    ),
)
OVERLAY_INDEX: dict[str, Overlay] = {overlay.name: overlay for overlay in OVERLAYS}


class OverlayLayer:
    """The current overlay's per-tile surface, rebuilt only when the tick or the layout moved on."""

    def __init__(self) -> None:
        self._surface: pygame.Surface | None = None
        self._key: tuple[str, int, int] | None = None
        self.builds = 0  # how many times a surface was built, for tests and benchmarks

    def key(self, name: str, city: CityView) -> tuple[str, int, int]:
        """Return what the surface for overlay `name` depends on."""
        return name, city.tick, city.layout_version

    def surface(self, name: str, city: CityView) -> pygame.Surface:
        """Return overlay `name` as a (width, height) RGBA surface, one pixel per tile."""
        key = self.key(name, city)
        if key != self._key or self._surface is None:
            colours = OVERLAY_INDEX[name].build(city)  # (height, width, 4)
            if self._surface is None or self._surface.get_size() != (city.width, city.height):
                self._surface = pygame.Surface((city.width, city.height), pygame.SRCALPHA)
            pygame.surfarray.pixels3d(self._surface)[...] = colours[..., :3].transpose(1, 0, 2)
            pygame.surfarray.pixels_alpha(self._surface)[...] = colours[..., 3].T
            self._key = key
            self.builds += 1
        return self._surface
