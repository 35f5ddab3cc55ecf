"""Capture a simulation as plain data (JSON-ready dict + numpy arrays) and restore it exactly.

No I/O here: game.level.save writes and reads the files and validates the schema first;
`restore` still checks every array's dtype and shape before it trusts it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, fields, replace
from typing import Any, Final, cast

import numpy as np

from game.sim.buildings import BUILDING_TYPES
from game.sim.checks import SnapshotError, checked_array
from game.sim.commands import COMMAND_TYPES, Applied, Command, Rejected, Result, command_to_dict, result_to_dict
from game.sim.rules import Rules
from game.sim.scenario import Camp, EventSetup, FactionSetup, Goals, GoalTarget, PlacedBuilding, PoliticsSetup, Scenario
from game.sim.simulation import Simulation
from game.sim.state import MAX_TALLY, Ledger
from game.sim.story import event_from_data, event_to_data
from game.sim.table import COLUMN_RANGES, COLUMNS, MAX_KW
from game.sim.terrain import TERRAIN_TYPES
from game.sim.waste import MAX_WASTE_PER_TILE, WASTE_TYPES
from game.sim.world import World

SNAPSHOT_VERSION = 6
MAX_SIDE = 512  # tiles; the largest map the game supports
MILLI = 999  # thousandths carried to the next whole unit
# The fields of the scenario's placed buildings and camps, all primitives: they are written out as
# asdict would, without its deep copy (asdict made capturing a 16,000-building 512x512 city's
# scenario cost 160 ms of an autosave; this takes about 10 ms).
_PLACED_FIELDS: Final = tuple(field.name for field in fields(PlacedBuilding))
_CAMP_FIELDS: Final = tuple(field.name for field in fields(Camp))


def scenario_to_dict(scenario: Scenario) -> dict[str, Any]:
    """Return a scenario without its terrain as plain data."""
    return {
        "name": scenario.name,
        "description": scenario.description,
        "source": scenario.source,
        "arc": scenario.arc,
        "ending_won": scenario.ending_won,
        "ending_lost": scenario.ending_lost,
        "seed": scenario.seed,
        "funds": scenario.funds,
        "food": scenario.food,
        "fuel": scenario.fuel,
        "materials": scenario.materials,
        "rules": scenario.rules.as_dict(),
        "policies": [list(pair) for pair in scenario.policies],
        "buildings": [{name: getattr(b, name) for name in _PLACED_FIELDS} for b in scenario.buildings],
        "goals": {
            "deadline_day": scenario.goals.deadline_day,
            "hold_days": scenario.goals.hold_days,
            "targets": [asdict(t) for t in scenario.goals.targets],
        },
        "camps": [{name: getattr(camp, name) for name in _CAMP_FIELDS} for camp in scenario.camps],
        "politics": asdict(scenario.politics),
        "events": {
            "enabled": None if scenario.events.enabled is None else list(scenario.events.enabled),
            "disabled": list(scenario.events.disabled),
            "custom": [event_to_data(event) for event in scenario.events.custom],
        },
    }


def scenario_from_dict(data: dict[str, Any], terrain: np.ndarray) -> Scenario:
    """Return the scenario described by `scenario_to_dict` output and its terrain grid."""
    goals = data["goals"]
    events = data["events"]
    return Scenario(
        name=data["name"],
        terrain=terrain,
        buildings=tuple(PlacedBuilding(**b) for b in data["buildings"]),
        funds=data["funds"],
        food=data["food"],
        fuel=data["fuel"],
        materials=data["materials"],
        rules=Rules().with_overrides(data["rules"]),
        policies=tuple((name, value) for name, value in data["policies"]),
        goals=Goals(
            targets=tuple(GoalTarget(**t) for t in goals["targets"]),
            deadline_day=goals["deadline_day"],
            hold_days=goals["hold_days"],
        ),
        camps=tuple(Camp(**camp) for camp in data["camps"]),
        politics=PoliticsSetup(
            **{**data["politics"], "factions": tuple(FactionSetup(**f) for f in data["politics"]["factions"])}
        ),
        events=EventSetup(
            enabled=None if events["enabled"] is None else tuple(events["enabled"]),
            disabled=tuple(events["disabled"]),
            custom=tuple(event_from_data(event, f"scenario.events.custom[{index}]") for index, event in enumerate(events["custom"])),
        ),
        description=data["description"],
        seed=data["seed"],
        source=data["source"],
        arc=data.get("arc", ""),
        ending_won=data.get("ending_won", ""),
        ending_lost=data.get("ending_lost", ""),
    )


def command_from_dict(data: dict[str, Any]) -> Command:
    """Return the command described by `command_to_dict` output."""
    fields = dict(data)
    # COMMAND_TYPES holds only the Command classes, but game.sim.commands types its values as plain `type`.
    command_type = cast("type[Command]", COMMAND_TYPES[fields.pop("type")])
    return command_type(**fields)


def _result_from_dict(data: dict[str, Any]) -> Result:
    return Applied(data.get("detail", "")) if data["result"] == "applied" else Rejected(data["reason"])


def capture(world: World, record: bool = True, scenario: bool = True) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """Return (meta, arrays): everything needed to continue `world` exactly.

    Without `record`, the command log comes out empty: what a state hash digests (RECORD_ONLY
    leaves it out) at a cost that does not grow with the log. Without `scenario`, meta's
    "scenario" is None, for the caller to fill in with `scenario_to_dict(world.scenario)` later
    (the scenario never changes, so a background save turns it into data off the main thread).
    """
    meta: dict[str, Any] = {
        "snapshot_version": SNAPSHOT_VERSION,
        "scenario": scenario_to_dict(world.scenario) if scenario else None,
        "seed": world.seed,
        "tick": world.tick,
        "rng": world.rng.bit_generator.state,
        "funds": world.funds,
        "resources": dict(world.resources),
        "resource_milli": dict(world.resource_milli),
        "policies": dict(world.policies),
        "population": world.population,
        "resident_contentment": world.resident_contentment,
        "food_short": world.food_short,
        "landfill_full": world.landfill_full,
        "served_tally": [world.power.served_percent_sum, world.power.ticks_counted],
        "streaks": asdict(world.streaks),
        "ledger": asdict(world.ledger),
        "last_ledger": asdict(world.last_ledger),
        "outcome": asdict(world.outcome),
        "history": {name: list(values) for name, values in world.history.items()},
        "next_building_id": world.next_building_id,
        "network_count": world.power.network_count,
        "power_dirty": world.power.dirty,
        "blackout": sorted(world.power.blackout),
        "power_cuts": [list(cut) for cut in world.power.cuts],
        "tap_draws": [[tile % world.width, tile // world.width, kw] for tile, kw in zip(world.power.tap_tiles.tolist(), world.power.tap_kw.tolist())],
        "sabotaged": [[building_id, until] for building_id, until in sorted(world.sabotaged.items())],
        "command_log": [
            {"tick": tick, "command": command_to_dict(command), "outcome": result_to_dict(result)}
            for tick, command, result in (world.command_log if record else ())
        ],
        "command_log_dropped": world.command_log_dropped,
        "pending": [command_to_dict(command) for command in world.pending],
        "society": {},
    }
    part_arrays: dict[str, np.ndarray] = {}
    for name, part in world.parts.items():
        part_meta, arrays_of_part = part.capture()
        meta["society"][name] = part_meta
        part_arrays.update({f"{name}_{key}": array for key, array in arrays_of_part.items()})
    arrays = {
        **part_arrays,
        "terrain": world.terrain,
        "occupancy": world.occupancy,
        "pollution": world.pollution,
        "emission_carry": world.emission_carry,
        "waste": world.waste,
        "network": world.network,
        "depot": world.depot,
        "generated": world.counters.generated,
        "collected": world.counters.collected,
        "recycled": world.counters.recycled,
        "landfilled": world.counters.landfilled,
        "power_supply_kw": world.power.supply_kw,
        "power_demand_kw": world.power.demand_kw,
        "power_siphoned_kw": world.power.siphoned_kw,
        "power_served_permille": world.power.served_permille,
        # What each building is and where comes from its entity (through the layout); the rest from its table row.
        "building_kind": world.layout.kinds,
        "building_x": world.layout.x,
        "building_y": world.layout.y,
        **{f"building_{name}": column for name, column in world.buildings.columns().items()},
    }
    return meta, {name: np.ascontiguousarray(array) for name, array in arrays.items()}


# Saved but not hashed: the record of how the world got here, which no system reads (the schedule's
# declared access says so), so two worlds that differ only there go on alike. The command log
# (replays are exported from it; a refused command leaves the hash as it was) with the count of its
# oldest entries let go (game.sim.commands.COMMAND_LOG_LIMIT), and the path the level
# was read from (the same level read through another path is the same city).
# What a save records but a state hash leaves out: the log, and the scenario's words that no rule reads.
RECORD_ONLY: Final = ("command_log", "command_log_dropped", "scenario.source",
                      "scenario.arc", "scenario.ending_won", "scenario.ending_lost")


# Which world attribute each saved field comes from (None: the snapshot's own, or split by part).
_META_OWNERS: Final[dict[str, str | None]] = {
    "snapshot_version": None, "society": None, "command_log_dropped": "command_log",
    "served_tally": "power", "network_count": "power", "power_dirty": "power", "blackout": "power", "power_cuts": "power",
    "tap_draws": "power",
}
_ARRAY_PREFIXES: Final = (("power_", "power"), ("building_", "buildings"), ("agents_", "agents"),
                          ("politics_", "politics"), ("story_", "story"))
_COUNTERS: Final = ("generated", "collected", "recycled", "landfilled")


def owner_of(key: str, array: bool = False) -> str | None:
    """Return the world attribute a saved meta field (or, with `array`, a saved array) belongs to."""
    if not array:
        return _META_OWNERS.get(key, key)
    if key in _COUNTERS:
        return "counters"
    return next((owner for prefix, owner in _ARRAY_PREFIXES if key.startswith(prefix)), key)


def digest(meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> str:
    """Return the hex digest of a snapshot: its meta as canonical JSON, then each array by name, dtype, shape and bytes."""
    hasher = hashlib.blake2b(digest_size=16)
    state = {key: value for key, value in meta.items() if key not in RECORD_ONLY}
    state["scenario"] = {key: value for key, value in meta["scenario"].items() if f"scenario.{key}" not in RECORD_ONLY}
    hasher.update(json.dumps(state, sort_keys=True, separators=(",", ":")).encode())
    for name in sorted(arrays):
        array = np.ascontiguousarray(arrays[name])
        hasher.update(f"{name}:{array.dtype.str}:{array.shape}".encode())
        hasher.update(array.tobytes())
    return hasher.hexdigest()


def restore(meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> Simulation:
    """Return a simulation that continues exactly where `capture` left it; SnapshotError if not."""
    terrain = arrays.get("terrain")
    if terrain is None or terrain.ndim != 2 or terrain.dtype != np.uint8 or 0 in terrain.shape:
        raise SnapshotError("arrays.terrain: missing or not a 2-D uint8 grid")
    height, width = terrain.shape
    if max(height, width) > MAX_SIDE:
        raise SnapshotError(f"arrays.terrain: {width}x{height} tiles; at most {MAX_SIDE} a side")
    if int(terrain.max()) >= len(TERRAIN_TYPES):
        raise SnapshotError(f"arrays.terrain: unknown terrain code {int(terrain.max())}")
    grid = (height, width)
    scenario = scenario_from_dict(meta["scenario"], terrain.copy())
    world = World(_without_buildings(scenario), seed=meta["seed"])
    try:
        _fill(world, meta, arrays, grid)
    except BaseException:
        world.close()
        raise
    world.scenario = scenario
    return Simulation.from_world(world)


def _fill(world: World, meta: dict[str, Any], arrays: dict[str, np.ndarray], grid: tuple[int, int]) -> None:
    world.rng.bit_generator.state = meta["rng"]
    world.tick = meta["tick"]
    world.funds = meta["funds"]
    world.resources = dict(meta["resources"])
    world.resource_milli = dict(meta["resource_milli"])
    world.policies = dict(meta["policies"])
    world.population = meta["population"]
    world.resident_contentment = meta["resident_contentment"]
    world.food_short = meta["food_short"]
    world.landfill_full = meta["landfill_full"]
    world.power.served_percent_sum, world.power.ticks_counted = meta["served_tally"]
    for name, value in meta["streaks"].items():
        setattr(world.streaks, name, value)
    world.ledger = Ledger(**meta["ledger"])
    world.last_ledger = Ledger(**meta["last_ledger"])
    world.outcome.status = meta["outcome"]["status"]
    world.outcome.reason = meta["outcome"]["reason"]
    world.history = {name: list(values) for name, values in meta["history"].items()}
    networks = meta["network_count"] + 1
    world.pollution[:] = checked_array(arrays, "pollution", np.int32, grid, 0, world.rules.pollution_cap)
    world.emission_carry[:] = checked_array(arrays, "emission_carry", np.int32, grid, 0, MILLI)
    world.waste[:] = checked_array(arrays, "waste", np.int32, (len(WASTE_TYPES), *grid), 0, MAX_WASTE_PER_TILE)
    world.network[:] = checked_array(arrays, "network", np.int32, grid, 0, networks - 1)
    world.depot[:] = checked_array(arrays, "depot", np.int64, (len(WASTE_TYPES),), 0, MAX_TALLY)
    for name in ("generated", "collected", "recycled", "landfilled"):
        getattr(world.counters, name)[:] = checked_array(arrays, name, np.int64, (len(WASTE_TYPES),), 0, MAX_TALLY)
    world.power.network_count = meta["network_count"]
    world.power.supply_kw = checked_array(arrays, "power_supply_kw", np.int64, (networks,), 0, MAX_KW)
    world.power.demand_kw = checked_array(arrays, "power_demand_kw", np.int64, (networks,), 0, MAX_KW)
    world.power.siphoned_kw = checked_array(arrays, "power_siphoned_kw", np.int64, (networks,), 0, MAX_KW)
    world.power.served_permille = checked_array(arrays, "power_served_permille", np.int32, (networks,), 0, 1000)
    world.power.blackout = set(meta["blackout"])
    world.power.cuts = [list(cut) for cut in meta.get("power_cuts", [])]
    for x, y, _until in world.power.cuts:
        if not (0 <= x < grid[1] and 0 <= y < grid[0]):
            raise SnapshotError(f"power_cuts: ({x}, {y}) lies off the map")
    world.power.tap_tiles, world.power.tap_kw = _tap_draws(meta.get("tap_draws"), grid)
    _restore_buildings(world, arrays, grid, networks)
    world.power.dirty = meta["power_dirty"]
    for building_id, until in meta.get("sabotaged", []):
        if not world.sabotage(int(building_id), int(until) - world.tick):
            raise SnapshotError(f"sabotaged: building {int(building_id)} does not exist")
    world.next_building_id = meta["next_building_id"]
    world.command_log = [
        (entry["tick"], command_from_dict(entry["command"]), _result_from_dict(entry["outcome"]))
        for entry in meta["command_log"]
    ]
    world.command_log_dropped = meta.get("command_log_dropped", 0)
    for command in meta["pending"]:
        world.submit(command_from_dict(command))
    _restore_parts(world, meta.get("society"), arrays)


def _tap_draws(draws: Any, grid: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """Return the saved tap draws ([x, y, kW] each, by tile, ascending) as flat tiles and kW; SnapshotError naming a damaged one."""
    height, width = grid
    if not isinstance(draws, list) or len(draws) > height * width:
        raise SnapshotError(f"tap_draws: expected a list of at most {height * width:,} [x, y, kW] entries")
    tiles: list[int] = []
    kws: list[int] = []
    for index, entry in enumerate(draws):
        where = f"tap_draws[{index}]"
        if not isinstance(entry, list) or len(entry) != 3 or not all(isinstance(v, int) and not isinstance(v, bool) for v in entry):
            raise SnapshotError(f"{where}: expected [x, y, kW], three integers")
        x, y, kw = entry
        if not (0 <= x < width and 0 <= y < height):
            raise SnapshotError(f"{where}: ({x}, {y}) lies off the map")
        if not 0 < kw <= MAX_KW:
            raise SnapshotError(f"{where}: {kw:,} kW; expected 1 to {MAX_KW:,}")
        tile = y * width + x
        if tiles and tile <= tiles[-1]:
            raise SnapshotError(f"{where}: tiles must be listed once each, in map order")
        tiles.append(tile)
        kws.append(kw)
    return np.array(tiles, np.int64), np.array(kws, np.int64)


def _restore_parts(world: World, society: dict[str, Any] | None, arrays: dict[str, np.ndarray]) -> None:
    """Restore each society part from its meta and `<part>_`-prefixed arrays; None (an older save): start it fresh."""
    if society is None:
        return  # the parts made by World() from the scenario stand
    for name, part in world.parts.items():
        if not isinstance(society.get(name), dict):
            raise SnapshotError(f"society.{name}: missing")
        prefix = f"{name}_"
        own = {key.removeprefix(prefix): array for key, array in arrays.items() if key.startswith(prefix)}
        setattr(world, name, type(part).restore(world, society[name], own))


def _without_buildings(scenario: Scenario) -> Scenario:
    return replace(scenario, buildings=())


def _restore_buildings(world: World, arrays: dict[str, np.ndarray], grid: tuple[int, int], networks: int) -> None:
    ids = arrays.get("building_id")
    if ids is None or ids.ndim != 1:
        raise SnapshotError("arrays.building_id: missing or not a list")
    count = ids.shape[0]
    ranges = {**COLUMN_RANGES, "network": (0, networks - 1)}
    columns = {
        name: checked_array(arrays, f"building_{name}", dtype, (count, *shape), *ranges[name])
        for name, (dtype, shape) in COLUMNS.items()
    }
    if count and (np.any(np.diff(columns["id"]) <= 0) or columns["id"][0] <= 0):
        raise SnapshotError("arrays.building_id: ids must be positive and increasing")
    kinds = checked_array(arrays, "building_kind", np.int16, (count,))
    where = {axis: checked_array(arrays, f"building_{axis}", np.int32, (count,)) for axis in ("x", "y")}
    if count and (kinds.min() < 0 or kinds.max() >= len(BUILDING_TYPES)):
        raise SnapshotError("arrays.building_kind: unknown building kind")
    for name, field, what in (("occupants", "housing_capacity", "residents"), ("stored", "landfill_capacity", "waste")):
        capacity = np.array([getattr(btype, field) for btype in BUILDING_TYPES], np.int64)[kinds]
        if count and (columns[name] > capacity).any():
            raise SnapshotError(f"arrays.building_{name}: more {what} than the building holds")
    occupancy = checked_array(arrays, "occupancy", np.int32, grid)
    world.rebuild_layout_later()
    for row in range(count):
        btype = BUILDING_TYPES[int(kinds[row])]
        x, y = int(where["x"][row]), int(where["y"][row])
        if not (0 <= x <= grid[1] - btype.width and 0 <= y <= grid[0] - btype.height):
            raise SnapshotError(f"arrays.building_x: building {int(columns['id'][row])} lies off the map")
        world.restore_building(int(columns["id"][row]), btype.kind, x, y)
    if not np.array_equal(occupancy, world.occupancy):
        raise SnapshotError("arrays.occupancy: does not match the buildings")
    for name, column in columns.items():
        world.buildings.col(name)[:] = column

