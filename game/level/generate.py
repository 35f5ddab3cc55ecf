"""The sandbox's map generator: a city's land made from options and a seed, as a Scenario.

Pure and deterministic: one `numpy.random.Generator` seeded from the options draws everything, in
a fixed order, so the same options give an identical Scenario. The land is shaped from smooth
value noise: a meandering river (or a coast, when there is much water) with canals off it, old
factory districts of ruins in blocky clusters, and sunken undercity districts. Each terrain takes
exactly its share of the map: the tiles scoring best for it, counted with `numpy.argpartition`.

A small district on open ground starts the city: housing with residents, a fuel plant and a solar
farm on one power line, and a drone hub. Its buildings are checked with the level loader's own
placement checks and the camps with its camp check, so a generated level is always a valid one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

import numpy as np

from game.data.field_errors import quoted, suggestion
from game.level.errors import InputError
from game.level.loader import camp_problem
from game.level.placement import placement_problems
from game.level.schema import MAX_DAYS, MAX_GOAL_VALUE, MAX_SEED, MAX_STOCK
from game.level.winnable import unwinnable
from game.level.writer import level_toml
from game.sim.scenario import GOAL_METRICS, Camp, Goals, GoalTarget, PlacedBuilding, PoliticsSetup, Scenario, goal_metric
from game.sim.terrain import GROUND, RUINS, UNDERCITY, WATER

MIN_SIDE: Final = 32  # tiles: room for the starting district and some land around it
MAX_SIDE: Final = 512
MAX_SHARE: Final = {"water": 60, "ruins": 50, "undercity": 50}  # percent of the map, each
MIN_GROUND_PERCENT: Final = 20  # what the three shares must leave as open ground
MAX_CAMPS: Final = 16
ELECTION_EVERY_DAYS: Final = 30  # with elections on: one a month, the debate three days before
DEBATE_DAYS_BEFORE: Final = 3
CAMP_NAMES: Final = (
    "Rustmouth", "Lantern Row", "The Cisterns", "Slagtown", "Copperwick", "The Drains", "Tinker's Hollow",
    "Ashfall", "Gutterlight", "The Boiler Rooms", "Cinder Steps", "Wirewood", "The Deep Market",
    "Scrapjack", "Low Furnace", "Mothlamp",
)
TARGET_PATTERN: Final = re.compile(r"^\s*([A-Za-z_]+)\s*(>=|<=)\s*(-?\d+)\s*$")


@dataclass(frozen=True, slots=True)
class SandboxOptions:
    """What a free-play map is made from: size, seed, terrain shares (percent), camps, funds, elections, goals."""

    width: int = 96
    height: int = 96
    seed: int = 1
    water: int = 15
    ruins: int = 12
    undercity: int = 10
    camps: int = 3
    funds: int = 50_000
    elections: bool = True
    targets: tuple[GoalTarget, ...] = ()  # the goals the player picked: none for open-ended play
    deadline_day: int = 0  # 0: no deadline

    def problems(self) -> list[tuple[str, str]]:
        """Return (option, what is wrong) for each option out of range, in the order the options are listed.

        The option is a field's name, or "shares" for the three terrain shares together.
        """
        found = [(side, f"must be {MIN_SIDE} to {MAX_SIDE}")
                 for side, value in (("width", self.width), ("height", self.height)) if not MIN_SIDE <= value <= MAX_SIDE]
        if not 0 <= self.seed <= MAX_SEED:
            found.append(("seed", f"must be 0 to {MAX_SEED}"))
        found.extend((share, f"must be 0 to {most} percent") for share, most in MAX_SHARE.items() if not 0 <= getattr(self, share) <= most)
        total = self.water + self.ruins + self.undercity
        if total > 100 - MIN_GROUND_PERCENT:
            found.append(("shares", f"add up to {total}%; they must leave at least {MIN_GROUND_PERCENT}% open ground"))
        found.extend(self._camp_problems())
        if not 0 <= self.funds <= MAX_STOCK:
            found.append(("funds", f"must be 0 to {MAX_STOCK:,}"))
        found.extend(self._goal_problems())
        return found

    def _camp_problems(self) -> list[tuple[str, str]]:
        """Return the camps count's problems: out of range, or more camps than tiles to pitch them on."""
        if not 0 <= self.camps <= MAX_CAMPS:
            return [("camps", f"must be 0 to {MAX_CAMPS}")]
        if self.camps > camp_tiles(self):
            return [("camps", f"{self.camps} camps need more ruins or undercity to stand on")]
        return []

    def _goal_problems(self) -> list[tuple[str, str]]:
        """Return the goals' problems: a deadline out of range or without a target, unknown metrics."""
        found = []
        if not 0 <= self.deadline_day <= MAX_DAYS:
            found.append(("deadline", f"must be 0 to {MAX_DAYS:,}"))
        elif self.deadline_day and not self.targets:
            found.append(("deadline", "a deadline needs at least one target"))
        for target in self.targets:
            if target.metric not in GOAL_METRICS:
                found.append(("target", f"unknown metric {quoted(target.metric)}{suggestion(target.metric, GOAL_METRICS)}"))
        return found


def camp_tiles(options: SandboxOptions) -> int:
    """Return how many ruins and undercity tiles a map of `options` has: where camps can be pitched."""
    return _share_tiles(options, options.ruins) + _share_tiles(options, options.undercity)


def parse_target(text: str) -> GoalTarget:
    """Return the goal target `METRIC>=VALUE` or `METRIC<=VALUE` names; ValueError saying why when it is not one."""
    match = TARGET_PATTERN.match(text)
    if match is None:
        raise ValueError(f"{quoted(text)} is not METRIC>=VALUE or METRIC<=VALUE")
    name, relation, number = match.groups()
    metric = goal_metric(name)
    if metric not in GOAL_METRICS:
        hint = suggestion(name, GOAL_METRICS) or "; metrics: " + ", ".join(GOAL_METRICS)
        raise ValueError(f"unknown metric {quoted(name)}{hint}")
    value = int(number)
    if abs(value) > MAX_GOAL_VALUE:
        raise ValueError(f"{value:,} is beyond {MAX_GOAL_VALUE:,}")
    return GoalTarget(metric, at_least=value) if relation == ">=" else GoalTarget(metric, at_most=value)


def level_file_name(options: SandboxOptions) -> str:
    """Return the file name a generated level is saved under in the player's levels folder."""
    return f"free_play_{options.width}x{options.height}_seed_{options.seed}.toml"


def level_file_text(scenario: Scenario) -> str:
    """Return a generated scenario as the text of its level file, saying at the top how it was made."""
    return level_toml(scenario, comment=f"Generated by `neo-terra generate` (or Free play in the menu) from seed {scenario.seed}.")


def generate(options: SandboxOptions) -> Scenario:
    """Return the free-play scenario `options` describe; InputError listing the problems of options out of range."""
    wrong = options.problems()
    if wrong:
        raise InputError([f"{option}: {message}" for option, message in wrong])
    rng = np.random.default_rng(options.seed)
    terrain, district = generate_terrain(options, rng)
    buildings = starting_district(*district)
    camps = place_camps(terrain, options.camps, district, rng)
    goals = Goals(options.targets, options.deadline_day)
    politics = PoliticsSetup(ELECTION_EVERY_DAYS, debate_days_before=DEBATE_DAYS_BEFORE) if options.elections else PoliticsSetup()
    _check(terrain, buildings, camps, goals, politics)
    return Scenario(
        name=f"Free play {options.width}x{options.height}, seed {options.seed}",
        terrain=terrain,
        buildings=buildings,
        funds=options.funds,
        goals=goals,
        camps=camps,
        politics=politics,
        description=_description(options),
        seed=options.seed,
    )


def _description(options: SandboxOptions) -> str:
    """Return the generated level's description: what the map is and what the player is to do."""
    aim = (
        "Goals of your choosing: " + "; ".join(target.describe() for target in options.targets)
        + (f", by day {options.deadline_day}." if options.deadline_day else ".")
        if options.targets else "No goals: build the city you want for as long as it holds together."
    )
    votes = f"The city votes every {ELECTION_EVERY_DAYS} days." if options.elections else "No elections."
    return f"A generated {options.width} by {options.height} city (seed {options.seed}) around a small district. {votes} {aim}"


def _check(terrain: np.ndarray, buildings: tuple[PlacedBuilding, ...], camps: tuple[Camp, ...], goals: Goals, politics: PoliticsSetup) -> None:
    """Run the level loader's checks on what was generated; InputError listing what fails (the player's goals, or a bug)."""
    found = placement_problems(buildings, terrain)
    found += [f"generated level: camp {camp.name}: {why}" for camp in camps if (why := camp_problem(camp.x, camp.y, terrain)) is not None]
    found += [why for _location, why in unwinnable(goals, politics, terrain)]
    if found:
        raise InputError(found)


# --- terrain ---------------------------------------------------------------------------------------

District = tuple[int, int]  # (x, y) of the starting district's top-left corner
DISTRICT_WIDTH: Final = 14
DISTRICT_HEIGHT: Final = 8
DISTRICT_MARGIN: Final = 1  # tiles of open ground kept around the district


def generate_terrain(options: SandboxOptions, rng: np.random.Generator) -> tuple[np.ndarray, District]:
    """Return the terrain grid (uint8, codes of game.sim.terrain) and where the starting district stands."""
    shape = (options.height, options.width)
    wet = water_score(shape, options.water, rng)
    canals = canal_tiles(wet, options.water, rng)
    wanted = _share_tiles(options, options.water)
    district = district_site(_lowest(wet, wanted - int(canals.sum()), canals) | canals)  # where the water leaves most room
    reserved = _district_ground(shape, district)
    canals &= ~reserved
    water = _lowest(wet, wanted - int(canals.sum()), canals | reserved) | canals  # what the district took goes elsewhere
    ruins = _lowest(-factory_score(shape, wet, rng), _share_tiles(options, options.ruins), water | reserved)
    sunken = -smooth_noise(shape, max(6, min(shape) // 5), rng, octaves=3)
    undercity = _lowest(sunken, _share_tiles(options, options.undercity), water | reserved | ruins)
    terrain = np.full(shape, GROUND, np.uint8)
    terrain[water], terrain[ruins], terrain[undercity] = WATER, RUINS, UNDERCITY
    return terrain, district


def _district_ground(shape: tuple[int, int], district: District) -> np.ndarray:
    """Return a mask of the district's rectangle and its margin: kept open ground."""
    x, y = district
    margin = DISTRICT_MARGIN
    reserved = np.zeros(shape, bool)
    reserved[max(0, y - margin) : y + DISTRICT_HEIGHT + margin, max(0, x - margin) : x + DISTRICT_WIDTH + margin] = True
    return reserved


def _share_tiles(options: SandboxOptions, percent: int) -> int:
    """Return how many tiles `percent` of the map is."""
    return options.width * options.height * percent // 100


def _lowest(score: np.ndarray, count: int, excluded: np.ndarray) -> np.ndarray:
    """Return a mask of the `count` tiles of lowest `score` that are not `excluded` (fewer if too few are left)."""
    mask = np.zeros(score.shape, bool)
    free = np.flatnonzero(~excluded)
    count = max(0, min(count, free.size))
    if count:
        chosen = free[np.argpartition(score.ravel()[free], count - 1)[:count]]
        mask.ravel()[chosen] = True
    return mask


def smooth_noise(shape: tuple[int, int], cell: int, rng: np.random.Generator, octaves: int = 2) -> np.ndarray:
    """Return value noise over `shape` (float64, about 0..1): random values every `cell` tiles, smoothly blended, plus finer octaves."""
    total = np.zeros(shape)
    weight = 0.0
    amplitude = 1.0
    for _ in range(octaves):
        total += amplitude * _value_noise(shape, max(2, cell), rng)
        weight += amplitude
        cell //= 2
        amplitude /= 2
    return total / weight


def _value_noise(shape: tuple[int, int], cell: int, rng: np.random.Generator) -> np.ndarray:
    """Return one octave of value noise: a coarse random grid blended with smoothstep between its points."""
    height, width = shape
    coarse = rng.random((height // cell + 2, width // cell + 2))
    ys, xs = np.arange(height) / cell, np.arange(width) / cell
    y0, x0 = ys.astype(np.intp), xs.astype(np.intp)
    fy, fx = _smoothstep(ys - y0)[:, None], _smoothstep(xs - x0)[None, :]
    top = coarse[y0][:, x0] * (1 - fx) + coarse[y0][:, x0 + 1] * fx
    bottom = coarse[y0 + 1][:, x0] * (1 - fx) + coarse[y0 + 1][:, x0 + 1] * fx
    blended: np.ndarray = top * (1 - fy) + bottom * fy
    return blended


def _smoothstep(t: np.ndarray) -> np.ndarray:
    """Return 3t² - 2t³: a blend with no kink at the grid points."""
    eased: np.ndarray = t * t * (3 - 2 * t)
    return eased


def water_score(shape: tuple[int, int], percent: int, rng: np.random.Generator) -> np.ndarray:
    """Return how readily each tile is water (lowest first): near a meandering river, or a coast when water is plentiful."""
    across = rng.random() < 0.5  # the river runs down the map, or across it
    height, width = shape if not across else shape[::-1]
    meander = _value_noise((height, 1), max(4, height // 4), rng)[:, 0] - 0.5
    centre = width * (0.3 + 0.4 * rng.random()) + meander * width * 0.5
    river = np.abs(np.arange(width)[None, :] - centre[:, None]) / max(1.0, width * 0.06)
    inland = np.arange(width) if rng.random() < 0.5 else width - 1 - np.arange(width)  # from the coast's edge
    shore = (_value_noise((height, 1), max(4, height // 6), rng)[:, 0] - 0.5) * width * 0.2
    coast = (inland[None, :] - shore[:, None]) / max(1.0, width * 0.08) + (2.5 if percent < 25 else 0.0)
    score = np.minimum(river, coast)
    if across:
        score = score.T
    return score + 1.5 * smooth_noise(shape, max(4, min(shape) // 8), rng, octaves=3)


def canal_tiles(wet: np.ndarray, percent: int, rng: np.random.Generator) -> np.ndarray:
    """Return a mask of straight canals, one tile wide, dug from the wettest tile of a row or column out across the land."""
    canals = np.zeros(wet.shape, bool)
    if percent < 8:  # a little water is the river alone
        return canals
    for _ in range(1 + min(wet.shape) // 48):
        down = rng.random() < 0.5  # a canal along a column, else along a row
        lines, view = (wet.T, canals.T) if down else (wet, canals)
        row = int(rng.integers(lines.shape[0]))
        start = int(np.argmin(lines[row]))
        length = int(rng.integers(lines.shape[1] // 6, lines.shape[1] // 3 + 1))
        if rng.random() < 0.5:
            view[row, max(0, start - length) : start + 1] = True
        else:
            view[row, start : start + length] = True
    return canals


def factory_score(shape: tuple[int, int], wet: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Return how readily each tile is ruins (highest first): blocky clusters, drawn to the waterside like old factories."""
    height, width = shape
    block = 4  # the ruins' clusters are squared off in 4x4 blocks, like factory yards
    coarse = smooth_noise(((height + block - 1) // block, (width + block - 1) // block), max(3, min(shape) // 24), rng)
    blocky = np.kron(coarse, np.ones((block, block)))[:height, :width]
    waterside = np.clip(1.0 - wet / 6.0, 0.0, 1.0)
    return blocky + 0.25 * waterside + 0.04 * smooth_noise(shape, 3, rng, octaves=1)


def district_site(water: np.ndarray) -> District:
    """Return the top-left corner of the district's rectangle: the one with least water, nearest the map's middle."""
    height, width = water.shape
    span_y, span_x = DISTRICT_HEIGHT + 2 * DISTRICT_MARGIN, DISTRICT_WIDTH + 2 * DISTRICT_MARGIN
    summed = np.zeros((height + 1, width + 1), np.int64)
    summed[1:, 1:] = water.cumsum(0).cumsum(1)
    wet = summed[span_y:, span_x:] - summed[:-span_y, span_x:] - summed[span_y:, :-span_x] + summed[:-span_y, :-span_x]
    ys, xs = np.indices(wet.shape)
    off_middle = np.hypot(ys - (wet.shape[0] - 1) / 2, xs - (wet.shape[1] - 1) / 2)
    best = np.unravel_index(int(np.argmin(wet * (height + width) * 4 + off_middle)), wet.shape)
    return int(best[1]) + DISTRICT_MARGIN, int(best[0]) + DISTRICT_MARGIN


def starting_district(x: int, y: int) -> tuple[PlacedBuilding, ...]:
    """Return the district's buildings from (x, y): two plants on a power line, eleven housing blocks and a drone hub, all touching.

    The power line comes last, so that a level file draws it on the map (game/level/writer.py).
    """
    plants = (PlacedBuilding("fuel_plant", x, y), PlacedBuilding("solar_farm", x + 3, y))
    line = tuple(PlacedBuilding("power_line", x + dx, y + 3) for dx in range(DISTRICT_WIDTH))
    housing = tuple(PlacedBuilding("housing", x + dx, y + 4, occupants=100) for dx in range(0, 12, 2))
    housing += tuple(PlacedBuilding("housing", x + dx, y + 6, occupants=100) for dx in range(0, 10, 2))
    hub = (PlacedBuilding("drone_hub", x + 12, y + 4),)
    return plants + housing + hub + line


def place_camps(terrain: np.ndarray, count: int, district: District, rng: np.random.Generator) -> tuple[Camp, ...]:
    """Return `count` camps on ruins or undercity, spread apart and away from the district."""
    if count == 0:
        return ()
    ys, xs = np.nonzero((terrain == RUINS) | (terrain == UNDERCITY))
    order = rng.permutation(ys.size)[: 64 * count]
    ys, xs = ys[order], xs[order]
    centre_x, centre_y = district[0] + DISTRICT_WIDTH // 2, district[1] + DISTRICT_HEIGHT // 2
    nearest = np.hypot(xs - centre_x, ys - centre_y)  # distance to the district or the nearest camp so far
    camps = []
    for number in range(count):
        pick = int(np.argmax(nearest))
        x, y = int(xs[pick]), int(ys[pick])
        camps.append(Camp(CAMP_NAMES[number], x, y, members=int(rng.integers(12, 31)), unrest=int(rng.integers(10, 36))))
        nearest = np.minimum(nearest, np.hypot(xs - x, ys - y))
        nearest[pick] = -1.0  # never twice on one tile
    return tuple(camps)
