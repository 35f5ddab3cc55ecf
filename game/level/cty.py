"""Importing a classic Micropolis / SimCity city file (`.cty`) as a level.

A `.cty` file is 27,120 bytes of big-endian 16-bit words (a Mac copy may carry a 128-byte
MacBinary header first): six 240-word history arrays, 120 words of miscellaneous data (funds in
words 50-51, the city clock in words 8-9, 48 ticks a year from 1900), then the 120x100 map stored
column by column, word x * 100 + y for tile (x, y). Each map word keeps the tile number in its low
ten bits (LOMASK) and flags above them; ZONEBIT marks a zone's centre tile, one in from its
top-left corner. The city's name is not in the file: the file's name stands for it.

How the city becomes Neo-Terra (levels/README.md has the same table):

| Micropolis | Neo-Terra |
|---|---|
| dirt, woods, trees, parks, flood water, roads, rails | ground |
| rivers, lakes, channels; roads and rails over water | water |
| rubble, fire, radioactive ground | factory ruins |
| residential zone | a housing block (2x2) at the zone's corner, its occupants from the zone's density (none where no plant's power reaches) |
| commercial zone, hospital, church, fire and police stations | ground (the shops and halls are gone) |
| industrial zone, seaport, airport, stadium | factory ruins |
| coal or nuclear power plant | a fuel power plant (3x3) at the plant's corner |
| power line (on land, under a road or rail) | a power line |
| power line over water | a power line on a one-tile causeway of ground |

Micropolis carries power through every tile of a zone; our smaller buildings leave some of a
zone's tiles bare, so power lines are laid on just enough of them to connect whatever the city's
wires and zones connected. A zone's tiles are land whatever the file drew under them; what still
cannot be placed (zones that overlap, which only a damaged or hand-made file has) is dropped and counted. Scavenger tribes camp in the three largest stretches of
ruins, if they are large enough. Funds are clamped to a level's limits; the fuel and food in
store are a grace period for the old plants and the residents while the player builds recycling.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Final

import numpy as np
from scipy import ndimage

from game.level.errors import InputError
from game.level.schema import MAX_STOCK
from game.level.source import read_bytes
from game.sim.buildings import BuildingType, building_type
from game.sim.rules import Rules
from game.sim.scenario import Camp, PlacedBuilding, Scenario
from game.sim.terrain import GROUND, RUINS, TERRAIN_TYPES, WATER

WORLD_W: Final = 120  # Micropolis map width in tiles
WORLD_H: Final = 100  # ...and height
HISTORY_WORDS: Final = 6 * 240  # residential, commercial, industrial, crime, pollution and money histories
MISC_WORDS: Final = 120
MAP_OFFSET: Final = 2 * (HISTORY_WORDS + MISC_WORDS)  # bytes before the map: 3,120
CTY_BYTES: Final = MAP_OFFSET + 2 * WORLD_W * WORLD_H  # 27,120
MAC_HEADER_BYTES: Final = 128  # a MacBinary header, kept by files copied off a Mac
MULTI_CITY_BYTES: Final = (99_120, 219_120)  # the 2x2 and 3x3 cities of Micropolis's multi-player version
READ_LIMIT: Final = 1024 * 1024  # bytes read at most: enough to tell every size apart and name it
FUNDS_WORD: Final = 50  # misc words 50-51: the treasury, a 32-bit number, high word first
TIME_WORD: Final = 8  # misc words 8-9: the city clock, 48 ticks a year
TICKS_PER_YEAR: Final = 48
STARTING_YEAR: Final = 1900

LOMASK: Final = 0x03FF  # the tile number
ZONEBIT: Final = 0x0400  # the tile is a zone's centre
LAST_TILE: Final = 1018  # the last tile of the set (the seventh church); 1019-1023 are unused

# Zone centres by tile number -> what stands there. A zone's footprint starts one tile up and left of it.
RESIDENTIAL: Final = "residential"
COMMERCIAL: Final = "commercial"
INDUSTRIAL: Final = "industrial"
CIVIC: Final = "civic"  # hospital, church, fire and police stations: land cleared to ground
DERELICT: Final = "derelict"  # seaport, airport, stadium: left standing as ruins
POWER_PLANT: Final = "power plant"
FREE_RESIDENTIAL: Final = 244  # an empty residential zone, perhaps with single houses round it
HOUSES: Final = range(249, 261)  # single houses of an empty residential zone
DEVELOPED_RESIDENTIAL: Final = range(265, 401, 9)  # 4 land values x 4 densities
DENSITY_LEVELS: Final = 4
ZONE_CENTRES: Final[dict[int, tuple[str, int]]] = {
    FREE_RESIDENTIAL: (RESIDENTIAL, 3),
    **{tile: (RESIDENTIAL, 3) for tile in DEVELOPED_RESIDENTIAL},
    409: (CIVIC, 3),  # hospital
    418: (CIVIC, 3),  # church
    **{tile: (CIVIC, 3) for tile in range(960, 1015, 9)},  # the later churches
    427: (COMMERCIAL, 3),
    **{tile: (COMMERCIAL, 3) for tile in range(436, 608, 9)},
    616: (INDUSTRIAL, 3),
    **{tile: (INDUSTRIAL, 3) for tile in range(625, 689, 9)},
    698: (DERELICT, 4),  # seaport
    716: (DERELICT, 6),  # airport
    750: (POWER_PLANT, 4),  # coal
    765: (CIVIC, 3),  # fire station
    774: (CIVIC, 3),  # police station
    784: (DERELICT, 4),  # stadium
    800: (DERELICT, 4),  # stadium with a game on
    816: (POWER_PLANT, 4),  # nuclear
}
ZONE_KINDS: Final = {RESIDENTIAL: "housing", POWER_PLANT: "fuel_plant"}
ZONE_TERRAIN: Final = {INDUSTRIAL: RUINS, DERELICT: RUINS}  # every other zone stands on ground
# Population units of a zone (Micropolis counts 8 residents a unit): single houses count one each, a
# developed zone 16 + 8 per density level; the densest (40) fills a housing block.
DENSEST_UNITS: Final = 40

POWER_LINE: Final = "power_line"
WIRES_OVER_WATER: Final = (208, 209)
WIRES: Final = frozenset({*WIRES_OVER_WATER, *range(210, 223), 77, 78, 239})  # lines, and lines crossing roads and rails
MAX_NAME_CHARS: Final = 60  # a level's name
CAMP_NAMES: Final = ("Cold Furnace", "Slag Hollow", "The Smokestacks")  # one camp each in the largest stretches of ruins
CAMP_MIN_RUINS: Final = 18  # tiles of ruins a camp needs round it: two old factories' worth
CAMP_MEMBERS_PER_TILE: Final = 2
CAMP_MAX_MEMBERS: Final = 400
GRACE_DAYS: Final = 10  # days of fuel for the plants and food for the residents the city starts with


def _tile_terrain() -> np.ndarray:
    """Return the terrain code of every tile number (LOMASK + 1 entries)."""
    table = np.full(LOMASK + 1, GROUND, np.uint8)
    water = [range(2, 21), range(224, 226), range(828, 832), range(948, 952)]  # rivers, rails and raised bridges over water
    ruins = [range(44, 48), [52], range(56, 64), range(612, 745), range(779, 811), range(832, 916), range(932, 948)]
    for spans, code in ((water, WATER), (ruins, RUINS)):
        for span in spans:
            table[list(span)] = code
    roads = np.arange(64, 208)
    table[roads[np.isin((roads - 64) & 0xF, (0, 1, 15))]] = WATER  # bridges, with or without traffic
    table[list(WIRES)] = GROUND  # a wire over water becomes a causeway: our lines cannot stand in water
    return table


TILE_TERRAIN: Final = _tile_terrain()


@dataclass(frozen=True, slots=True)
class Zone:
    """One zone of the city: what it is, its footprint's top-left corner and side, its centre's tile number."""

    use: str
    x: int
    y: int
    size: int
    centre_tile: int


@dataclass(frozen=True, slots=True)
class CtyCity:
    """What a `.cty` file says: its map words indexed [y, x], the treasury and the city clock."""

    name: str
    tiles: np.ndarray  # uint16 (WORLD_H, WORLD_W): tile number in the low ten bits, flags above
    funds: int
    city_time: int  # Micropolis ticks, 48 a year
    zones: tuple[Zone, ...]  # in reading order

    @property
    def year(self) -> int:
        """The city's year, as Micropolis shows it."""
        return STARTING_YEAR + max(0, self.city_time) // TICKS_PER_YEAR


@dataclass(slots=True)
class Import:
    """A city mapped onto our map: the scenario and what could not be placed."""

    scenario: Scenario
    dropped: dict[str, int] = field(default_factory=dict)

    def note(self) -> str:
        """Return the one-line note about what was dropped ('' when nothing was)."""
        if not self.dropped:
            return ""
        parts = ", ".join(f"{count} {kind}" for kind, count in sorted(self.dropped.items()))
        return f"{self.scenario.name}: dropped what could not be placed: {parts}"


def imported_level(path: str | Path, name: str | None = None) -> tuple[Import, str]:
    """Import the city file at `path` and return it with its level text, after every check a level file gets (problems name the city file).

    `neo-terra import-cty` writes that text; `--level city.cty` and the menu's Open level file
    play the import without writing anything. Raises InputError, one line a problem.
    """
    from game.level.loader import scenario_from_document
    from game.level.source import parse_toml
    from game.level.writer import level_toml

    imported = cty_scenario(read_cty(path), name)
    comment = f"Imported from the Micropolis city file {Path(path).name} by `neo-terra import-cty`; edit freely."
    text = level_toml(imported.scenario, comment=comment)
    label = str(path)
    checked = scenario_from_document(parse_toml(text, label), text, label)
    return Import(replace(checked, source=str(path)), imported.dropped), text


def read_cty(path: str | Path) -> CtyCity:
    """Read and check the `.cty` file at `path`; InputError in one line naming the file (and byte or tile) if it is wrong."""
    label = str(path)
    data = read_bytes(path, "Micropolis city file", READ_LIMIT)
    name = Path(path).stem.replace("_", " ")
    name = name.title() if name.islower() else name
    if len(data) == CTY_BYTES + MAC_HEADER_BYTES:
        name = _mac_name(data, label) or name
        data = data[MAC_HEADER_BYTES:]
    elif len(data) != CTY_BYTES:
        raise InputError([_size_problem(label, len(data))])
    words = np.frombuffer(data, ">u2")
    misc = words[HISTORY_WORDS : HISTORY_WORDS + MISC_WORDS].astype(np.int64)
    tiles = words[HISTORY_WORDS + MISC_WORDS :].reshape(WORLD_W, WORLD_H).T.astype(np.uint16)
    _check_tiles(tiles, label)
    zones = tuple(zones_of(tiles, label))
    return CtyCity(_printable(name), tiles, _long(misc, FUNDS_WORD), _long(misc, TIME_WORD), zones)


def _size_problem(label: str, size: int) -> str:
    """Return why a file of `size` bytes is no classic city file."""
    if size in MULTI_CITY_BYTES:
        return f"{label}: {size:,} bytes is a multi-city map of Micropolis's multi-player version; only a classic 120x100 city ({CTY_BYTES:,} bytes) can be imported"
    if size < CTY_BYTES:
        return f"{label}: truncated: the file ends at byte {size:,} but a Micropolis city file holds {CTY_BYTES:,} bytes (its map starts at byte {MAP_OFFSET:,})"
    return f"{label}: {size:,} bytes is not a Micropolis city file, which holds {CTY_BYTES:,} bytes ({CTY_BYTES + MAC_HEADER_BYTES:,} with a Mac header)"


def _mac_name(data: bytes, label: str) -> str:
    """Return the Mac file name a MacBinary header gives, or InputError if the first 128 bytes are no such header."""
    length = data[1]
    if data[0] != 0 or data[74] != 0 or not 1 <= length <= 63:
        raise InputError([f"{label}: {len(data):,} bytes is a Micropolis city file with a Mac header only when its first {MAC_HEADER_BYTES} bytes are a MacBinary header, and they are not (byte 0 or 74 is not 0, or byte 1 is no name length)"])
    return data[2 : 2 + length].decode("mac_roman").removesuffix(".cty")


def _printable(name: str) -> str:
    """Return `name` as a level's name: its printable characters, at most 60 of them, or a stand-in when none is left."""
    kept = "".join(char for char in name if char.isprintable()).strip()[:MAX_NAME_CHARS].strip()
    return kept or "Imported city"


def _long(misc: np.ndarray, word: int) -> int:
    """Return the signed 32-bit number in misc words `word` (high) and `word + 1` (low)."""
    value = (int(misc[word]) << 16) | int(misc[word + 1])
    return value - (1 << 32) if value >= 1 << 31 else value


def _offset(x: int, y: int) -> int:
    """Return the byte offset of tile (x, y)'s word in a plain `.cty` file."""
    return MAP_OFFSET + 2 * (x * WORLD_H + y)


def _tile_problem(label: str, x: int, y: int, why: str) -> InputError:
    """Return the one-line error about tile (x, y)."""
    return InputError([f"{label}: byte {_offset(x, y):,}: tile ({x}, {y}) {why}"])


def _check_tiles(tiles: np.ndarray, label: str) -> None:
    """Refuse a map with a tile number no Micropolis tile has (the first found, column by column)."""
    numbers = tiles & LOMASK
    bad = np.argwhere((numbers > LAST_TILE).T)  # (x, y) pairs in file order
    if len(bad):
        x, y = (int(v) for v in bad[0])
        raise _tile_problem(label, x, y, f"is tile number {int(numbers[y, x])}, which no Micropolis tile has (they go up to {LAST_TILE})")


def zones_of(tiles: np.ndarray, label: str) -> Iterator[Zone]:
    """Yield every zone of the map in reading order; InputError if a centre flag is on no zone's centre or a zone spills off the map."""
    for y, x in np.argwhere(tiles & ZONEBIT).tolist():
        number = int(tiles[y, x]) & LOMASK
        if number not in ZONE_CENTRES:
            raise _tile_problem(label, x, y, f"is flagged as a zone's centre, but its tile number {number} is no zone's centre")
        use, size = ZONE_CENTRES[number]
        left, top = x - 1, y - 1
        if left < 0 or top < 0 or left + size > WORLD_W or top + size > WORLD_H:
            raise _tile_problem(label, x, y, f"is the centre of a {size}x{size} {use} zone that does not fit on the {WORLD_W}x{WORLD_H} map")
        yield Zone(use, left, top, size, number)


def zone_occupants(tiles: np.ndarray, zone: Zone, capacity: int) -> int:
    """Return the residents of a housing block standing for residential `zone`: its population units scaled to `capacity`."""
    if zone.centre_tile == FREE_RESIDENTIAL:
        footprint = tiles[zone.y : zone.y + zone.size, zone.x : zone.x + zone.size] & LOMASK
        units = int(np.isin(footprint, HOUSES).sum())
    else:
        density = (zone.centre_tile - DEVELOPED_RESIDENTIAL.start) // 9 % DENSITY_LEVELS
        units = 16 + 8 * density
    return min(capacity, units * capacity // DENSEST_UNITS)


def cty_scenario(city: CtyCity, name: str | None = None) -> Import:
    """Return the level a city file maps to (see the module's table), with what could not be placed."""
    terrain = TILE_TERRAIN[city.tiles & LOMASK]
    zones = city.zones
    for zone in zones:
        terrain[zone.y : zone.y + zone.size, zone.x : zone.x + zone.size] = ZONE_TERRAIN.get(zone.use, GROUND)
    builder = _Builder(terrain)
    for zone in zones:
        if zone.use in ZONE_KINDS:
            builder.place(ZONE_KINDS[zone.use], zone, city.tiles)
    numbers = city.tiles & LOMASK
    wires = np.isin(numbers, list(WIRES))
    conductors = wires.copy()
    for zone in zones:
        conductors[zone.y : zone.y + zone.size, zone.x : zone.x + zone.size] = True
    tiles = sorted(_line_tiles(conductors, wires, builder.owner > 0, builder.line_terrain()))  # reading order
    lines = [PlacedBuilding(POWER_LINE, x, y) for y, x in tiles]
    occupied = _occupancy([*builder.buildings, *lines], terrain.shape)
    buildings = _dark_homes_emptied(builder.buildings, occupied)
    scenario = _scenario(city, name or city.name, terrain, buildings, lines)
    return Import(replace(scenario, camps=_camps(terrain, occupied)), builder.dropped)


def _occupancy(buildings: list[PlacedBuilding], shape: tuple[int, ...]) -> np.ndarray:
    """Return where `buildings` stand: bool `shape`."""
    occupied = np.zeros(shape, bool)
    for building in buildings:
        btype = building_type(building.kind)
        occupied[building.y : building.y + btype.height, building.x : building.x + btype.width] = True
    return occupied


def _dark_homes_emptied(buildings: list[PlacedBuilding], occupied: np.ndarray) -> list[PlacedBuilding]:
    """Return `buildings` with no residents in the blocks no power plant's network reaches (`occupied`: where all buildings stand).

    Micropolis lets a zone cut off from the grid keep its people for a while; here they would ask
    for power nobody can send, and a city half of whose demand goes unmet is dark (and soon lost). A
    dark block starts empty and fills once the player connects it.
    """
    networks, _count = ndimage.label(occupied)
    powered = {int(networks[b.y, b.x]) for b in buildings if building_type(b.kind).power_supply_kw}
    return [b if b.occupants is None or int(networks[b.y, b.x]) in powered else replace(b, occupants=0) for b in buildings]


class _Builder:
    """Places buildings on the imported map, refusing what the terrain or an earlier building forbids."""

    def __init__(self, terrain: np.ndarray) -> None:
        self.terrain = terrain
        self.owner = np.zeros(terrain.shape, np.int32)  # 1 + index of the building on a tile, 0 none
        self.buildings: list[PlacedBuilding] = []
        self.dropped: dict[str, int] = {}

    def place(self, kind: str, zone: Zone, tiles: np.ndarray) -> None:
        """Place a `kind` at `zone`'s corner, or count it dropped."""
        btype = building_type(kind)
        footprint = np.s_[zone.y : zone.y + btype.height, zone.x : zone.x + btype.width]
        if self.owner[footprint].any() or not self._allowed(btype, self.terrain[footprint]):
            self.dropped[kind] = self.dropped.get(kind, 0) + 1
            return
        occupants = zone_occupants(tiles, zone, btype.housing_capacity) if btype.housing_capacity else None
        self.buildings.append(PlacedBuilding(kind, zone.x, zone.y, occupants))
        self.owner[footprint] = len(self.buildings)

    def line_terrain(self) -> np.ndarray:
        """Return where a power line may stand: bool (height, width)."""
        btype = building_type(POWER_LINE)
        return np.isin(self.terrain, [terrain.code for terrain in TERRAIN_TYPES if terrain.name in btype.terrain])

    @staticmethod
    def _allowed(btype: BuildingType, codes: np.ndarray) -> bool:
        """True when every terrain code in `codes` is one `btype` may stand on."""
        return all(TERRAIN_TYPES[int(code)].name in btype.terrain for code in np.unique(codes))


def _line_tiles(conductors: np.ndarray, wires: np.ndarray, built: np.ndarray, allowed: np.ndarray) -> set[tuple[int, int]]:
    """Return the (y, x) tiles to lay power lines on: every wire, and the bare zone tiles that link the buildings.

    Within each 4-connected patch of conducting tiles (wires, zones) a tree of cheapest paths is
    grown from one building, a bare tile costing one and a building's or wire's nothing; the bare
    tiles kept are those on the paths from every building back to that root, so the buildings of a
    patch stay one network with few extra lines.
    """
    usable = conductors & allowed
    free = usable & (built | wires)
    lines = {(int(y), int(x)) for y, x in np.argwhere(wires & allowed & ~built)}
    parent: dict[tuple[int, int], tuple[int, int] | None] = {}
    for root_y, root_x in np.argwhere(usable & built).tolist():
        if (root_y, root_x) not in parent:
            patch = _cheapest_paths((root_y, root_x), usable, free, parent)
            kept: set[tuple[int, int]] = set()
            for tile in (tile for tile in patch if built[tile]):
                step: tuple[int, int] | None = tile
                while step is not None and step not in kept:
                    kept.add(step)
                    step = parent[step]
            lines |= {tile for tile in kept if not built[tile]}
    return lines


def _cheapest_paths(
    root: tuple[int, int], usable: np.ndarray, free: np.ndarray, parent: dict[tuple[int, int], tuple[int, int] | None]
) -> list[tuple[int, int]]:
    """Fill `parent` with the cheapest paths from `root` over the `usable` tiles (a `free` tile costs
    nothing, another one: a 0-1 breadth-first search) and return the tiles reached."""
    height, width = usable.shape
    cost = {root: 0}
    parent[root] = None
    queue = deque([root])
    while queue:
        y, x = queue.popleft()
        for near in ((y - 1, x), (y, x - 1), (y, x + 1), (y + 1, x)):
            if not (0 <= near[0] < height and 0 <= near[1] < width and usable[near]):
                continue
            step = 0 if free[near] else 1
            if cost[(y, x)] + step < cost.get(near, height * width):
                cost[near] = cost[(y, x)] + step
                parent[near] = (y, x)
                if step:
                    queue.append(near)
                else:
                    queue.appendleft(near)
    return list(cost)


def _camps(terrain: np.ndarray, occupied: np.ndarray) -> tuple[Camp, ...]:
    """Return a scavenger camp in each of the largest stretches of ruins (old industry), on the free tile nearest its middle."""
    patches, count = ndimage.label(terrain == RUINS)
    sizes = np.bincount(patches.ravel(), minlength=count + 1)[1:]
    largest = [int(label) + 1 for label in np.argsort(-sizes, kind="stable") if sizes[label] >= CAMP_MIN_RUINS][: len(CAMP_NAMES)]
    camps = []
    for name, label in zip(CAMP_NAMES, largest, strict=False):
        ys, xs = np.nonzero((patches == label) & ~occupied)
        if len(ys):
            middle = int(np.argmin((ys - ys.mean()) ** 2 + (xs - xs.mean()) ** 2))
            members = min(CAMP_MAX_MEMBERS, CAMP_MEMBERS_PER_TILE * int(sizes[label - 1]))
            camps.append(Camp(name, int(xs[middle]), int(ys[middle]), members))
    return tuple(camps)


def _scenario(city: CtyCity, name: str, terrain: np.ndarray, buildings: list[PlacedBuilding], lines: list[PlacedBuilding]) -> Scenario:
    """Return the scenario: the map, the buildings then the lines, funds clamped, a grace period of fuel and food."""
    rules = Rules()
    fuel_need = GRACE_DAYS * 24 * sum(building_type(b.kind).fuel_per_tick for b in buildings)
    residents = sum(b.occupants or 0 for b in buildings)
    food_need = GRACE_DAYS * residents * rules.food_per_resident_milli // 1000
    defaults = Scenario(name="", terrain=terrain)
    fuel = min(MAX_STOCK, max(defaults.fuel, fuel_need))
    food = min(MAX_STOCK, max(defaults.food, food_need))
    # Stock above a reserve is sold at each day's end: the reserves hold the grace period in store.
    rules = replace(rules, reserve_fuel=max(rules.reserve_fuel, fuel), reserve_food=max(rules.reserve_food, food))
    kinds = [b.kind for b in buildings]
    plants = kinds.count("fuel_plant")
    fuelled = f" with fuel for about {GRACE_DAYS} days" if plants else ""
    ruined = " Its industry is factory ruins now, where scavengers camp." if any(zone.use == INDUSTRIAL for zone in city.zones) else ""
    description = (
        f"{name}, a Micropolis city of the year {city.year}, brought to Neo-Terra: {kinds.count('housing')} housing blocks "
        f"home to {residents:,} residents and {plants} old power plants{fuelled}.{ruined} "
        "Build the recycling that keeps the city fed and lit. Free play: no goals."
    )
    return Scenario(
        name=_printable(name),
        terrain=terrain,
        buildings=(*buildings, *lines),  # the lines last, in reading order, so the map draws them
        funds=min(MAX_STOCK, max(0, city.funds)),
        food=food,
        fuel=fuel,
        rules=rules,
        description=description[:600],
    )
