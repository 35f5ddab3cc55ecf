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
MAX_PLANTS_PER_KIND = 3
UPKEEP_MONTH = 30  # days of a new building's upkeep the treasury must cover beyond yesterday's net income
WORTH_DAYS = 2  # days of a plant's work that must wait for it before a builder builds one
MAX_TREATMENT_PLANTS = 6  # hazardous waste comes with every resident: a big city needs more of these
SITES_TRIED = 40  # candidate sites planned (view.plan) before a builder gives up for the day
HUB_SITE_STEP = 4  # tiles between the drone hub sites a builder compares
HUB_WORTH_BLOCKS = 12  # unserved housing blocks a new drone hub must reach to be worth building
FAIR_TAX = 14  # percent: the most residents pay before they start to leave
# The plant that treats each waste type (metal_foundry takes e-waste too).
PLANT_FOR_WASTE = {"organic": "compost_works", "plastic": "plastics_refinery", "metal": "metal_foundry",
                   "ewaste": "metal_foundry", "hazardous": "hazard_treatment"}
POWER_PLANT = "solar_farm"
NIGHT_PLANT = "fuel_plant"
FOOD_PLANT = "compost_works"
FOOD_LOW = 300  # food units in store under which, still falling, a planner builds another compost works
MAX_FOOD_PLANTS = 6
BUSY_PERMILLE = 900  # a plant working at this share of its capacity or more has no room for more
FUEL_MAKER = "plastics_refinery"
DARK_DAY_PERCENT = 95  # yesterday's served percent below which the nights were dark
FUEL_FOR_A_PLANT = 500  # fuel units in store that make a fuel plant worth building


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
    """Sets `opening` policies at tick 0, answers every story event with its default, and builds once a day when `builds`.

    A builder that `keeps_tax_fair` sets the tax to FAIR_TAX on the first day; one
    that `sends_drones` builds a drone hub where housing blocks no hub serves are, before plants.
    """

    def __init__(
        self, name: str, description: str, opening: tuple[tuple[str, int], ...] = (), builds: bool = False,
        keeps_tax_fair: bool = False, sends_drones: bool = False, answers: tuple[str, ...] = (),
    ) -> None:
        self.name = name
        self.description = description
        self.opening = opening
        self.builds = builds
        self.keeps_tax_fair = keeps_tax_fair
        self.sends_drones = sends_drones
        self.answers = answers  # choice ids this player takes when an event offers one, first first; else the default

    def act(self, city: CityView) -> list[Command]:
        """Open with the policies, answer a waiting event, and once a day consider one build."""
        commands: list[Command] = []
        if city.tick == 0:
            commands += [SetPolicy(name, value) for name, value in self.opening]
            if self.keeps_tax_fair and city.policy("tax_rate") != FAIR_TAX:
                commands.append(SetPolicy("tax_rate", FAIR_TAX))
        commands += answer_waiting_event(city, self.answers)
        if self.builds and city.tick % TICKS_PER_DAY == 0:
            built = build_hub(city) if self.sends_drones else []
            commands += built or next_build(city)
        return commands


class OnePlant(Strategy):
    """The known exploit of First Light: one compost works beside the grid at tick 0, then nothing."""

    name = "one_plant"
    description = "one compost works wired in at tick 0, then waits"

    def act(self, city: CityView) -> list[Command]:
        """Place the compost works on the first tick; afterwards do nothing."""
        return build_connected(city, "compost_works") if city.tick == 0 else []


def answer_waiting_event(city: CityView, preferred: tuple[str, ...] = ()) -> list[Command]:
    """Return a `Choose` for the waiting story event: the first of `preferred` it offers, else its default; nothing when none waits."""
    waiting = city.waiting_event()
    if waiting is None:
        return []
    offered = {choice.id for choice in waiting.offered}
    choice = next((choice_id for choice_id in preferred if choice_id in offered), waiting.definition.default)
    return [Choose(waiting.event_id, choice)]


def next_build(city: CityView) -> list[Command]:
    """Return the commands of today's build: power when the nights were dark or it runs short, else the plant the waste needs most."""
    kind = needed_plant(city)
    supply = city.type_column("power_supply_kw")
    solar = city.type_column("solar").astype(bool)
    # Solar counts for half: it gives nothing at night.
    spare_kw = int(supply[~solar].sum()) + int(supply[solar].sum()) // 2 - city.power.demand_kw
    served = city.history().get("served_percent", ())
    dark_nights = bool(served) and served[-1] < DARK_DAY_PERCENT
    wanted_kw = BUILDING_TYPES[BUILDING_INDEX[kind]].power_demand_kw * 2 if kind is not None else 0
    if dark_nights and city.resources.get("fuel", 0) < FUEL_FOR_A_PLANT and fewer_than(city, FUEL_MAKER, MAX_PLANTS_PER_KIND):
        kind = FUEL_MAKER  # the fuel plants ran dry: make fuel from plastic
    elif dark_nights:
        kind = NIGHT_PLANT  # solar gives a trickle at night: steady power wants fuel
    elif kind is not None and spare_kw < wanted_kw:
        kind = POWER_PLANT  # keep twice the plant's demand spare
    return build_connected(city, kind) if kind is not None else []


def fewer_than(city: CityView, kind: str, most: int) -> bool:
    """Return whether the city has fewer than `most` buildings of `kind`."""
    return int((city.column("kind") == BUILDING_INDEX[kind]).sum()) < most


def needed_plant(city: CityView) -> str | None:
    """Return the plant kind to build next: the biggest backlog (lying about or in the depot) that more plants would clear, if affordable.

    Hazardous waste gets more plants than the others (MAX_TREATMENT_PLANTS): a city makes it in
    proportion to its people, and nothing else takes it.
    """
    kinds = city.column("kind")
    compost = BUILDING_TYPES[BUILDING_INDEX[FOOD_PLANT]]
    food_plants = int((kinds == BUILDING_INDEX[FOOD_PLANT]).sum())
    food = city.history().get("food", ())
    running_out = len(food) >= 2 and food[-1] < min(FOOD_LOW, food[-2])  # low, and lower than the day before
    busy = food_plants > 0 and int(city.column("output_permille")[kinds == BUILDING_INDEX[FOOD_PLANT]].min()) >= BUSY_PERMILLE
    if running_out and busy and food_plants < MAX_FOOD_PLANTS and affordable(city, compost):
        return FOOD_PLANT  # people leave a hungry city whose compost works are all busy: another one before anything else
    piles = city.waste.sum(axis=(1, 2)) + city.depot  # what lies about and what waits for a plant
    for index in np.argsort(-piles, kind="stable"):
        if piles[index] <= 0:
            break
        plant = PLANT_FOR_WASTE[WASTE_TYPES[index]]
        btype = BUILDING_TYPES[BUILDING_INDEX[plant]]
        have = int((kinds == BUILDING_INDEX[plant]).sum())
        most = MAX_TREATMENT_PLANTS if plant == PLANT_FOR_WASTE["hazardous"] else MAX_PLANTS_PER_KIND
        # Worth one more while the backlog is more than the plants there are (and the new one) clear in WORTH_DAYS.
        # Once the city treats hazardous waste, it keeps up: what waits counts against it.
        days = 1 if plant == PLANT_FOR_WASTE["hazardous"] and have else WORTH_DAYS
        if have < most and piles[index] >= (have + 1) * btype.capacity * TICKS_PER_DAY * days and affordable(city, btype):
            return plant
    return None


def affordable(city: CityView, btype: BuildingType) -> bool:
    """Return whether the city can keep `btype` running: its upkeep within yesterday's net income and a month of the treasury."""
    return btype.upkeep <= city.net_income_yesterday + (city.funds - btype.cost) // UPKEEP_MONTH


def build_hub(city: CityView) -> list[Command]:
    """Return the commands of a drone hub on the powered site that reaches the most housing blocks no hub serves, if it is worth one."""
    btype = BUILDING_TYPES[BUILDING_INDEX["drone_hub"]]
    powered = powered_tiles(city)
    if not powered.any() or city.funds - btype.cost < RESERVE_FUNDS or not affordable(city, btype):
        return []
    best: tuple[int, int, int] | None = None
    for x, y in hub_sites(city, btype, powered):
        unserved = city.drones_in_reach(x, y)[1]
        if unserved >= HUB_WORTH_BLOCKS and (best is None or unserved > best[0]):
            best = (unserved, x, y)
    if best is None:
        return []
    command = Place("drone_hub", best[1], best[2])
    return [command] if isinstance(city.plan(command), Plan) else []


def hub_sites(city: CityView, btype: BuildingType, powered: np.ndarray) -> list[tuple[int, int]]:
    """Return free corners for `btype` touching the powered grid, every HUB_SITE_STEP tiles across the map."""
    allowed = [terrain.code for terrain in TERRAIN_TYPES if terrain.name in btype.terrain]
    free = (city.occupancy == 0) & np.isin(city.terrain, allowed)
    if free.shape[0] < btype.height + 2 or free.shape[1] < btype.width + 2:
        return []
    fits = np.asarray(sliding_window_view(free, (btype.height, btype.width)).all(axis=(2, 3)))
    touching = np.asarray(sliding_window_view(np.pad(powered, 1), (btype.height + 2, btype.width + 2)).any(axis=(2, 3)))
    ok = fits & touching[: fits.shape[0], : fits.shape[1]]
    ys, xs = np.nonzero(ok[::HUB_SITE_STEP, ::HUB_SITE_STEP])
    return [(int(x) * HUB_SITE_STEP, int(y) * HUB_SITE_STEP) for x, y in zip(xs, ys)]


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


def _builder(
    name: str, description: str, opening: tuple[tuple[str, int], ...] = (), planner: bool = False, answers: tuple[str, ...] = (),
) -> Callable[[], Strategy]:
    return lambda: Scripted(name, description, opening, builds=True, keeps_tax_fair=planner, sends_drones=planner, answers=answers)


# How each planner answers the story, by choice id (an event offering none of them gets its default).
UNDERCITY_ANSWERS = ("amnesty", "listen", "stand_down", "negotiate", "talk", "council", "acknowledge", "buy", "reprioritise",
                     "stop", "internal", "refuse")
ORDER_ANSWERS = ("seize", "guard", "negotiate", "stand_down", "council", "internal", "cleanup", "buy", "promise")
TRUTH_ANSWERS = ("publish", "hear", "confess", "come_clean", "meet", "transparency", "internal", "seize", "talk",
                 "negotiate", "council", "stand_down", "refuse")


def _policies(name: str, description: str, opening: tuple[tuple[str, int], ...]) -> Callable[[], Strategy]:
    return lambda: Scripted(name, description, opening, builds=False)


# Each built-in strategy by name: a factory, so every run starts from a fresh player. The first ones
# pull one lever each (or none); the planners mix building, drones, a fair tax and a stance on society.
BUILT_IN: dict[str, Callable[[], Strategy]] = {
    "idle": Idle,
    "builder": _builder("builder", "builds the plants the waste needs, wired to the grid, and solar when power runs short"),
    "amnesty": _policies("amnesty", "scavenger amnesty and community recycling from tick 0",
                         (("scavenger_stance", 1), ("community_recycling", 1))),
    "crackdown": _policies("crackdown", "scavenger crackdown with heavy drone patrols from tick 0",
                           (("scavenger_stance", -1), ("patrol_intensity", 3))),
    "four_policies": _policies("four_policies", "amnesty, community recycling, transparency and criminalised neglect, and no building",
                               (("scavenger_stance", 1), ("community_recycling", 1), ("transparency", 1), ("criminalise_neglect", 1))),
    "balanced": _builder("balanced", "builder, plus community recycling and Ecolife told to collect hazardous waste",
                         (("community_recycling", 1), ("priority.hazardous", 40))),
    "one_plant": OnePlant,
    "planner": _builder("planner", "builds the plants worth their upkeep, drone hubs where none reach and sets a fair tax", planner=True),
    "reformer": _builder("reformer", "planner with an amnesty and community recycling, siding with the undercity in the story",
                         (("scavenger_stance", 1), ("community_recycling", 1)), planner=True, answers=UNDERCITY_ANSWERS),
    "enforcer": _builder("enforcer", "planner who keeps Ecolife's backers on side, patrols heavily after the caches and pays community rounds",
                         (("patrol_intensity", 3), ("community_recycling", 1)), planner=True, answers=ORDER_ANSWERS),
    "whistleblower": _builder("whistleblower", "planner who publishes the true figures, gives the tribes an amnesty and tells Ecolife to collect hazardous waste",
                              (("transparency", 1), ("scavenger_stance", 1), ("priority.hazardous", 60)), planner=True, answers=TRUTH_ANSWERS),
}
