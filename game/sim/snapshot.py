"""Capture a simulation as plain data (JSON-ready dict + numpy arrays) and restore it exactly.

No I/O here: game.level.save writes and reads the files and validates the schema first;
`restore` still checks every array's dtype and shape before it trusts it.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import Any

import numpy as np

from game.sim.buildings import BUILDING_TYPES
from game.sim.checks import SnapshotError, checked_array
from game.sim.commands import COMMAND_TYPES, Applied, Command, Rejected, Result, command_to_dict, result_to_dict
from game.sim.rules import Rules
from game.sim.scenario import Camp, EventSetup, FactionSetup, Goals, GoalTarget, PlacedBuilding, PoliticsSetup, Scenario
from game.sim.simulation import Simulation
from game.sim.state import Ledger
from game.sim.story import event_from_data, event_to_data
from game.sim.table import COLUMNS
from game.sim.terrain import TERRAIN_TYPES
from game.sim.waste import WASTE_TYPES

SNAPSHOT_VERSION = 4
MAX_SIDE = 512  # tiles; the largest map the game supports
MILLI = 999  # thousandths carried to the next whole unit


def scenario_to_dict(scenario: Scenario) -> dict[str, Any]:
    """Return a scenario without its terrain as plain data."""
    return {
        "name": scenario.name,
        "description": scenario.description,
        "source": scenario.source,
        "seed": scenario.seed,
        "funds": scenario.funds,
        "food": scenario.food,
        "fuel": scenario.fuel,
        "materials": scenario.materials,
        "rules": scenario.rules.as_dict(),
        "policies": [list(pair) for pair in scenario.policies],
        "buildings": [asdict(b) for b in scenario.buildings],
        "goals": {
            "deadline_day": scenario.goals.deadline_day,
            "hold_days": scenario.goals.hold_days,
            "targets": [asdict(t) for t in scenario.goals.targets],
        },
        "camps": [asdict(camp) for camp in scenario.camps],
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
    )


def command_from_dict(data: dict[str, Any]) -> Command:
    """Return the command described by `command_to_dict` output."""
    fields = dict(data)
    return COMMAND_TYPES[fields.pop("type")](**fields)


def _result_from_dict(data: dict[str, Any]) -> Result:
    return Applied(data.get("detail", "")) if data["result"] == "applied" else Rejected(data["reason"])


def capture(sim: Simulation) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """Return (meta, arrays): everything needed to continue `sim` exactly."""
    meta = {
        "snapshot_version": SNAPSHOT_VERSION,
        "scenario": scenario_to_dict(sim.scenario),
        "seed": sim.seed,
        "tick": sim.tick,
        "rng": sim.rng.bit_generator.state,
        "funds": sim.funds,
        "resources": dict(sim.resources),
        "resource_milli": dict(sim.resource_milli),
        "policies": dict(sim.policies),
        "population": sim.population,
        "resident_contentment": sim.resident_contentment,
        "food_short": sim.food_short,
        "landfill_full": sim.landfill_full,
        "served_tally": [sim.power.served_percent_sum, sim.power.ticks_counted],
        "streaks": asdict(sim.streaks),
        "ledger": asdict(sim.ledger),
        "last_ledger": asdict(sim.last_ledger),
        "outcome": asdict(sim.outcome),
        "history": {name: list(values) for name, values in sim.history.items()},
        "next_building_id": sim.next_building_id,
        "network_count": sim.power.network_count,
        "power_dirty": sim.power.dirty,
        "blackout": sorted(sim.power.blackout),
        "power_cuts": [list(cut) for cut in sim.power.cuts],
        "sabotaged": [[building_id, until] for building_id, until in sorted(sim.sabotaged.items())],
        "command_log": [
            {"tick": tick, "command": command_to_dict(command), "outcome": result_to_dict(result)}
            for tick, command, result in sim.command_log
        ],
        "pending": [command_to_dict(command) for command in sim.pending],
        "society": {},
    }
    part_arrays: dict[str, np.ndarray] = {}
    for name, part in sim.parts.items():
        part_meta, arrays_of_part = part.capture()
        meta["society"][name] = part_meta
        part_arrays.update({f"{name}_{key}": array for key, array in arrays_of_part.items()})
    arrays = {
        **part_arrays,
        "terrain": sim.terrain,
        "occupancy": sim.occupancy,
        "pollution": sim.pollution,
        "emission_carry": sim.emission_carry,
        "waste": sim.waste,
        "network": sim.network,
        "depot": sim.depot,
        "generated": sim.counters.generated,
        "collected": sim.counters.collected,
        "recycled": sim.counters.recycled,
        "landfilled": sim.counters.landfilled,
        "power_supply_kw": sim.power.supply_kw,
        "power_demand_kw": sim.power.demand_kw,
        "power_siphoned_kw": sim.power.siphoned_kw,
        "power_served_permille": sim.power.served_permille,
        **{f"building_{name}": column for name, column in sim.buildings.columns().items()},
    }
    return meta, {name: np.ascontiguousarray(array) for name, array in arrays.items()}


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
    sim = Simulation(_without_buildings(scenario), seed=meta["seed"])
    try:
        _fill(sim, meta, arrays, grid)
    except BaseException:
        sim.close()
        raise
    sim.scenario = scenario
    return sim


def _fill(sim: Simulation, meta: dict[str, Any], arrays: dict[str, np.ndarray], grid: tuple[int, int]) -> None:
    sim.rng.bit_generator.state = meta["rng"]
    sim.tick = meta["tick"]
    sim.funds = meta["funds"]
    sim.resources = dict(meta["resources"])
    sim.resource_milli = dict(meta["resource_milli"])
    sim.policies = dict(meta["policies"])
    sim.population = meta["population"]
    sim.resident_contentment = meta["resident_contentment"]
    sim.food_short = meta["food_short"]
    sim.landfill_full = meta["landfill_full"]
    sim.power.served_percent_sum, sim.power.ticks_counted = meta["served_tally"]
    for name, value in meta["streaks"].items():
        setattr(sim.streaks, name, value)
    sim.ledger = Ledger(**meta["ledger"])
    sim.last_ledger = Ledger(**meta["last_ledger"])
    sim.outcome.status = meta["outcome"]["status"]
    sim.outcome.reason = meta["outcome"]["reason"]
    sim.history = {name: list(values) for name, values in meta["history"].items()}
    networks = meta["network_count"] + 1
    sim.pollution[:] = checked_array(arrays, "pollution", np.int32, grid)
    sim.emission_carry[:] = checked_array(arrays, "emission_carry", np.int32, grid)
    sim.waste[:] = checked_array(arrays, "waste", np.int32, (len(WASTE_TYPES), *grid))
    sim.network[:] = checked_array(arrays, "network", np.int32, grid, 0, networks - 1)
    sim.depot[:] = checked_array(arrays, "depot", np.int64, (len(WASTE_TYPES),))
    for name in ("generated", "collected", "recycled", "landfilled"):
        getattr(sim.counters, name)[:] = checked_array(arrays, name, np.int64, (len(WASTE_TYPES),))
    sim.power.network_count = meta["network_count"]
    sim.power.supply_kw = checked_array(arrays, "power_supply_kw", np.int64, (networks,))
    sim.power.demand_kw = checked_array(arrays, "power_demand_kw", np.int64, (networks,))
    sim.power.siphoned_kw = checked_array(arrays, "power_siphoned_kw", np.int64, (networks,))
    sim.power.served_permille = checked_array(arrays, "power_served_permille", np.int32, (networks,), 0, 1000)
    sim.power.blackout = set(meta["blackout"])
    sim.power.cuts = [list(cut) for cut in meta.get("power_cuts", [])]
    for x, y, _until in sim.power.cuts:
        if not (0 <= x < grid[1] and 0 <= y < grid[0]):
            raise SnapshotError(f"power_cuts: ({x}, {y}) lies off the map")
    _restore_buildings(sim, arrays, grid)
    sim.power.dirty = meta["power_dirty"]
    sim.sabotaged = {int(building_id): int(until) for building_id, until in meta.get("sabotaged", [])}
    if any(sim.building(building_id) is None for building_id in sim.sabotaged):
        raise SnapshotError("sabotaged: names a building that does not exist")
    sim.next_building_id = meta["next_building_id"]
    sim.command_log = [
        (entry["tick"], command_from_dict(entry["command"]), _result_from_dict(entry["outcome"]))
        for entry in meta["command_log"]
    ]
    for command in meta["pending"]:
        sim.submit(command_from_dict(command))
    _restore_parts(sim, meta.get("society"), arrays)


def _restore_parts(sim: Simulation, society: dict[str, Any] | None, arrays: dict[str, np.ndarray]) -> None:
    """Restore each society part from its meta and `<part>_`-prefixed arrays; None (an older save): start it fresh."""
    if society is None:
        return  # the parts made by Simulation() from the scenario stand
    for name, part in sim.parts.items():
        if not isinstance(society.get(name), dict):
            raise SnapshotError(f"society.{name}: missing")
        prefix = f"{name}_"
        own = {key.removeprefix(prefix): array for key, array in arrays.items() if key.startswith(prefix)}
        setattr(sim, name, type(part).restore(sim, society[name], own))


def _without_buildings(scenario: Scenario) -> Scenario:
    return replace(scenario, buildings=())


def _restore_buildings(sim: Simulation, arrays: dict[str, np.ndarray], grid: tuple[int, int]) -> None:
    ids = arrays.get("building_id")
    if ids is None or ids.ndim != 1:
        raise SnapshotError("arrays.building_id: missing or not a list")
    count = ids.shape[0]
    columns = {
        name: checked_array(arrays, f"building_{name}", dtype, (count, *shape)) for name, (dtype, shape) in COLUMNS.items()
    }
    if count and (np.any(np.diff(columns["id"]) <= 0) or columns["id"][0] <= 0):
        raise SnapshotError("arrays.building_id: ids must be positive and increasing")
    kinds = columns["kind"]
    if count and (kinds.min() < 0 or kinds.max() >= len(BUILDING_TYPES)):
        raise SnapshotError("arrays.building_kind: unknown building kind")
    occupancy = checked_array(arrays, "occupancy", np.int32, grid)
    for row in range(count):
        btype = BUILDING_TYPES[int(kinds[row])]
        x, y = int(columns["x"][row]), int(columns["y"][row])
        if not (0 <= x <= grid[1] - btype.width and 0 <= y <= grid[0] - btype.height):
            raise SnapshotError(f"arrays.building_x: building {int(columns['id'][row])} lies off the map")
        sim.restore_building(int(columns["id"][row]), btype.kind, x, y)
    if not np.array_equal(occupancy, sim.occupancy):
        raise SnapshotError("arrays.occupancy: does not match the buildings")
    for name, column in columns.items():
        sim.buildings.col(name)[:] = column
    sim.absorption_version = -1

