"""Built-in scripted strategies for balance sweeps: players in code that read the city and send commands.

A strategy reads the city only through a `CityView` and answers with commands, as the window does;
`game.sweep` calls its `act` at the start of every tick and executes what it returns, in order.
Each is deterministic: the same city gives the same commands, so a sweep's table depends only on
its level, strategies, seeds and days. They aim to be plausible players, not good ones: the sweep
tells how a level treats a kind of play, and a level that a simple rule wins too easily shows up.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy import ndimage

from game.sim.buildings import BUILDING_INDEX, BUILDING_TYPES, BuildingType
from game.sim.cadence import TICKS_PER_DAY
from game.sim.commands import Choose, Command, Place, PlaceLine, Rejected, SetPolicy
from game.sim.terrain import TERRAIN_TYPES
from game.sim.view import CityView, Plan
from game.sim.waste import WASTE_TYPES

RESERVE_FUNDS = 5_000  # credits a builder keeps in hand for upkeep, policies and bad days
SATURATED_PERMILLE = 900  # a kind's plants all producing at least this share of capacity: build another
MAX_PLANTS_PER_KIND = 3
SITES_TRIED = 40  # candidate sites planned (view.plan) before a builder gives up for the day
# The plant that treats each waste type (metal_foundry takes e-waste too).
PLANT_FOR_WASTE = {"organic": "compost_works", "plastic": "plastics_refinery", "metal": "metal_foundry",
                   "ewaste": "metal_foundry", "hazardous": "hazard_treatment"}
POWER_PLANT = "solar_farm"


class Strategy:
    """A player in code: `act` sees the city at the start of each tick and returns the commands to execute."""

    name = ""
    description = ""

    def act(self, city: CityView) -> list[Command]:
        """Return the commands to execute now (none by default)."""
        return []


class Idle(Strategy):
    """Does nothing at all: story events take their default choice when their time runs out."""

    name = "idle"
    description = "does nothing; story events time out to their defaults"


class Scripted(Strategy):
    """Sets `opening` policies at tick 0, answers every story event with its default, and builds once a day when `builds`."""

    def __init__(self, name: str, description: str, opening: tuple[tuple[str, int], ...] = (), builds: bool = False) -> None:
        self.name = name
        self.description = description
        self.opening = opening
        self.builds = builds

    def act(self, city: CityView) -> list[Command]:
        """Open with the policies, answer a waiting event, and once a day consider one build."""
        commands: list[Command] = []
        if city.tick == 0:
            commands += [SetPolicy(name, value) for name, value in self.opening]
        commands += answer_waiting_event(city)
        if self.builds and city.tick % TICKS_PER_DAY == 0:
            commands += next_build(city)
        return commands


class OnePlant(Strategy):
    """The known exploit of First Light: one compost works beside the grid at tick 0, then nothing."""

    name = "one_plant"
    description = "one compost works wired in at tick 0, then waits"

    def act(self, city: CityView) -> list[Command]:
        """Place the compost works on the first tick; afterwards do nothing."""
        return build_connected(city, "compost_works") if city.tick == 0 else []


def answer_waiting_event(city: CityView) -> list[Command]:
    """Return a `Choose` of the waiting story event's default choice, or nothing when none waits."""
    waiting = city.waiting_event()
    return [] if waiting is None else [Choose(waiting.event_id, waiting.definition.default)]


def next_build(city: CityView) -> list[Command]:
    """Return the commands of today's build: a solar farm when power runs short, else the plant the waste needs most."""
    kind = needed_plant(city)
    if kind is None:
        return []
    spare_kw = int(city.type_column("power_supply_kw").sum()) - int(city.type_column("power_demand_kw").sum())
    if city.power.served_percent < 100 or spare_kw < BUILDING_TYPES[BUILDING_INDEX[kind]].power_demand_kw * 2:
        kind = POWER_PLANT  # solar gives a trickle at night: keep twice the plant's demand spare
    return build_connected(city, kind)


def needed_plant(city: CityView) -> str | None:
    """Return the plant kind to build next: one for each waste type there is (biggest pile first), then more of a saturated kind."""
    kinds = city.column("kind")
    output = city.column("output_permille")
    piles = city.waste.sum(axis=(1, 2))
    for index in np.argsort(-piles, kind="stable"):
        if piles[index] <= 0:
            break
        plant = PLANT_FOR_WASTE[WASTE_TYPES[index]]
        rows = np.flatnonzero(kinds == BUILDING_INDEX[plant])
        if rows.size == 0 or (rows.size < MAX_PLANTS_PER_KIND and int(output[rows].min()) >= SATURATED_PERMILLE):
            return plant
    return None


def build_connected(city: CityView, kind: str) -> list[Command]:
    """Return a Place of `kind` on the nearest free site to the powered grid (plus a power line when it does not touch it), within funds."""
    btype = BUILDING_TYPES[BUILDING_INDEX[kind]]
    powered = powered_tiles(city)
    if not powered.any():
        return []
    for x, y, line in candidate_sites(city, btype, powered)[:SITES_TRIED]:
        commands: list[Command] = [Place(kind, x, y)]
        if line is not None:
            commands.append(line)
        plans = [city.plan(command) for command in commands]
        if any(isinstance(plan, Rejected) for plan in plans):
            continue
        cost = sum(plan.funds for plan in plans if isinstance(plan, Plan))
        if city.funds - cost < RESERVE_FUNDS:
            return []  # the nearest sites cost about the same: wait for funds rather than spend the reserve
        return commands
    return []


def powered_tiles(city: CityView) -> np.ndarray:
    """Return a bool grid of the tiles on a network that had supply last tick (before the first tick: every building)."""
    network = city.network
    if not network.any():
        return np.asarray(city.occupancy > 0)  # networks are labelled on the first tick; every building conducts
    supplied = np.flatnonzero(city.network_supply_kw > 0)
    return np.isin(network, supplied[supplied > 0])


def candidate_sites(city: CityView, btype: BuildingType, powered: np.ndarray) -> list[tuple[int, int, PlaceLine | None]]:
    """Return legal-looking corners for `btype`, nearest the grid first then nearest the housing, each with the line it needs."""
    height, width = btype.height, btype.width
    allowed = [terrain.code for terrain in TERRAIN_TYPES if terrain.name in btype.terrain]
    free = (city.occupancy == 0) & np.isin(city.terrain, allowed)
    if free.shape[0] < height or free.shape[1] < width:
        return []
    fits = sliding_window_view(free, (height, width)).all(axis=(2, 3))
    # Taxicab tiles from each tile to the nearest powered one, and which one that is.
    distance, (nearest_y, nearest_x) = ndimage.distance_transform_cdt(~powered, metric="taxicab", return_indices=True)
    windows = sliding_window_view(distance, (height, width)).reshape(*fits.shape, height * width)
    best = windows.argmin(axis=2)
    site_distance = np.take_along_axis(windows, best[..., None], axis=2)[..., 0]
    homes = city.rows_with("housing_capacity")
    home_x = float(city.column("x")[homes].mean()) if homes.size else city.width / 2
    home_y = float(city.column("y")[homes].mean()) if homes.size else city.height / 2
    ys, xs = np.nonzero(fits)
    order = np.lexsort((xs, ys, np.abs(xs + width / 2 - home_x) + np.abs(ys + height / 2 - home_y), site_distance[ys, xs]))
    sites: list[tuple[int, int, PlaceLine | None]] = []
    for i in order[:SITES_TRIED]:
        x, y = int(xs[i]), int(ys[i])
        line = None
        if site_distance[y, x] > 1:  # not touching the grid: a line from the nearest powered tile into the footprint
            tile_y, tile_x = divmod(int(best[y, x]), width)
            fx, fy = x + tile_x, y + tile_y
            line = PlaceLine(int(nearest_x[fy, fx]), int(nearest_y[fy, fx]), fx, fy)
        sites.append((x, y, line))
    return sites


def _builder(name: str, description: str, opening: tuple[tuple[str, int], ...] = ()) -> Callable[[], Strategy]:
    return lambda: Scripted(name, description, opening, builds=True)


def _policies(name: str, description: str, opening: tuple[tuple[str, int], ...]) -> Callable[[], Strategy]:
    return lambda: Scripted(name, description, opening, builds=False)


# Each built-in strategy by name: a factory, so every run starts from a fresh player.
BUILT_IN: dict[str, Callable[[], Strategy]] = {
    "idle": Idle,
    "builder": _builder("builder", "builds the plants the waste needs, wired to the grid, and solar when power runs short"),
    "amnesty": _policies("amnesty", "scavenger amnesty and community recycling from tick 0",
                         (("scavenger_stance", 1), ("community_recycling", 1))),
    "crackdown": _policies("crackdown", "scavenger crackdown with heavy drone patrols from tick 0",
                           (("scavenger_stance", -1), ("patrol_intensity", 3))),
    "balanced": _builder("balanced", "builder, plus community recycling and Ecolife told to collect hazardous waste",
                         (("community_recycling", 1), ("priority.hazardous", 40))),
    "one_plant": OnePlant,
}
