"""Apply player commands at a tick boundary: validate, cost, then change everything or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.sim.buildings import BUILDING_INDEX, BUILDING_TYPES, BuildingType
from game.sim.commands import (
    COMMAND_LOG_LIMIT,
    MAX_LINE_TILES,
    Applied,
    Choose,
    Command,
    Demolish,
    Excavate,
    KeepPlaying,
    Place,
    PlaceLine,
    Rejected,
    Result,
    SetPolicy,
)
from game.sim.events import BuildingDemolished, BuildingPlaced, PolicyChanged
from game.sim.excavation import buried_in, depot_room, dig_out
from game.sim.policies import POLICY_INDEX
from game.sim.state import PLAYING_ON, WON, saturated_funds
from game.sim.table import MAX_BUILDING_ID
from game.sim.terrain import RUINS, TERRAIN_TYPES

if TYPE_CHECKING:
    from game.sim.world import World

RUINS_SURCHARGE_PERCENT = 25  # clearing factory ruins adds this to a building's price
DEMOLISH_REFUND_PERCENT = 25
LANDFILL_CLEARING_PER_UNIT = 1  # credits to haul away each unit a demolished landfill holds


@dataclass(frozen=True, slots=True)
class Plan:
    """A command that passed its checks: what it will cost and which tiles it will build on."""

    funds: int
    materials: int
    sites: tuple[tuple[int, int], ...] = ()
    units: int = 0  # waste units the command moves (an excavation's, fewer than asked when less is there or fits)


def run(world: World) -> None:
    """Apply the commands queued since the last tick, in the order they came."""
    for command in world.take_pending():
        execute(world, command)


def execute(world: World, command: Command) -> Result:
    """Check and apply one command now; log it with the current tick and return the result."""
    result = _apply(world, command)
    log = world.command_log
    log.append((world.tick, command, result))
    if len(log) > COMMAND_LOG_LIMIT:  # the oldest tenth goes at once, so the list seldom shifts
        dropped = len(log) - COMMAND_LOG_LIMIT + COMMAND_LOG_LIMIT // 10
        del log[:dropped]
        world.command_log_dropped += dropped
    return result


def check(world: World, command: Command) -> Plan | Rejected:
    """Return what `command` would cost, or why it is refused, without changing anything."""
    if isinstance(command, KeepPlaying):
        return _check_keep_playing(world)
    if not world.outcome.goes_on:
        return Rejected(f"the level is over ({world.outcome.status})")
    if isinstance(command, Place):
        return _check_place(world, command.kind, command.x, command.y)
    if isinstance(command, PlaceLine):
        return _check_line(world, command)
    if isinstance(command, Demolish):
        return _check_demolish(world, command)
    if isinstance(command, SetPolicy):
        policy = POLICY_INDEX.get(command.name)
        if policy is None:
            return Rejected(f"unknown policy '{command.name}'")
        if not policy.minimum <= command.value <= policy.maximum:
            return Rejected(f"{policy.label} must be between {policy.minimum} and {policy.maximum}")
        return Plan(funds=0, materials=0)
    if isinstance(command, Choose):
        refusal = world.story.check_choice(world, command.event, command.choice)
        return Plan(funds=0, materials=0) if refusal is None else Rejected(refusal)
    if isinstance(command, Excavate):
        return _check_excavate(world, command)
    return Rejected(f"unknown command {type(command).__name__}")


def _apply(world: World, command: Command) -> Result:
    plan = check(world, command)
    if isinstance(plan, Rejected):
        return plan
    world.funds = saturated_funds(world.funds - plan.funds)
    world.resources["materials"] -= plan.materials
    if isinstance(command, (Place, PlaceLine)):
        kind = command.kind if isinstance(command, Place) else "power_line"
        for x, y in plan.sites:
            building_id = world.add_building(kind, x, y)
            world.emit(BuildingPlaced(building_id, kind, x, y))
        label = BUILDING_TYPES[BUILDING_INDEX[kind]].name
        count = f"{len(plan.sites)} × " if len(plan.sites) > 1 else ""
        return Applied(f"built {count}{label} for {plan.funds:,} credits")
    if isinstance(command, Demolish):
        building_id = world.building_at(command.x, command.y)
        record = world.remove_building(building_id)
        world.emit(BuildingDemolished(building_id, record.kind, record.x, record.y))
        label = BUILDING_TYPES[BUILDING_INDEX[record.kind]].name
        if plan.funds > 0:
            return Applied(f"demolished {label}; clearing it cost {plan.funds:,} credits")
        return Applied(f"demolished {label}, {-plan.funds:,} credits back")
    if isinstance(command, Choose):
        return Applied(world.story.answer(world, command.event, command.choice))
    if isinstance(command, Excavate):
        dig_out(world, command.building, plan.units)
        return Applied(
            f"dug {plan.units:,} units of hazardous waste out of the landfill for {plan.funds:,} credits; "
            "they wait in the depot for a hazard treatment plant"
        )
    if isinstance(command, KeepPlaying):
        world.outcome.status = PLAYING_ON
        return Applied("the city plays on without goals: nothing more is won or lost")
    assert isinstance(command, SetPolicy)
    world.policies[command.name] = command.value
    world.emit(PolicyChanged(command.name, command.value))
    policy = POLICY_INDEX[command.name]
    return Applied(f"{policy.label} set to {policy.value_label(command.value)}")


def site_problem(world: World, btype: BuildingType, x: int, y: int) -> str | None:
    """Return why `btype` cannot stand with its top-left corner at (x, y), or None if it can."""
    if x < 0 or y < 0 or x + btype.width > world.width or y + btype.height > world.height:
        return f"{btype.name} does not fit on the map at ({x}, {y})"
    if world.occupancy[y : y + btype.height, x : x + btype.width].any():
        return f"the site at ({x}, {y}) is already built on"
    allowed = {TERRAIN_TYPES[code].name for code in range(len(TERRAIN_TYPES))} & set(btype.terrain)
    footprint = world.terrain[y : y + btype.height, x : x + btype.width]
    for code in {int(c) for c in footprint.ravel()}:
        if TERRAIN_TYPES[code].name not in allowed:
            return f"{btype.name} cannot be built on {TERRAIN_TYPES[code].label.lower()}"
    return None


def site_price(world: World, btype: BuildingType, x: int, y: int) -> int:
    """Return the credits `btype` costs at (x, y), with the surcharge for clearing ruins."""
    footprint = world.terrain[y : y + btype.height, x : x + btype.width]
    if (footprint == RUINS).any():
        return btype.cost * (100 + RUINS_SURCHARGE_PERCENT) // 100
    return btype.cost


def _affordable(world: World, plan: Plan) -> Plan | Rejected:
    if plan.funds > world.funds:
        return Rejected(f"not enough funds: needs {plan.funds:,} credits, the city has {world.funds:,}")
    if plan.materials > world.resources["materials"]:
        return Rejected(
            f"not enough materials: needs {plan.materials:,}, the city has {world.resources['materials']:,}"
        )
    return plan


def _check_place(world: World, kind: str, x: int, y: int) -> Plan | Rejected:
    index = BUILDING_INDEX.get(kind)
    if index is None:
        return Rejected(f"unknown building kind '{kind}'")
    btype = BUILDING_TYPES[index]
    problem = site_problem(world, btype, x, y) or _ids_problem(world, 1)
    if problem is not None:
        return Rejected(problem)
    return _affordable(world, Plan(site_price(world, btype, x, y), btype.cost_materials, ((x, y),)))


def _check_keep_playing(world: World) -> Plan | Rejected:
    """Only a won level can be played on, and only once."""
    status = world.outcome.status
    if status == WON:
        return Plan(funds=0, materials=0)
    if status == PLAYING_ON:
        return Rejected("the city already plays on without goals")
    if status == "lost":
        return Rejected("the level was lost: only a won level can be played on")
    return Rejected("the level is still being played: win it first")


def _check_demolish(world: World, command: Demolish) -> Plan | Rejected:
    """A demolition refunds part of the price; clearing a landfill's heap costs per unit stored."""
    building_id = world.building_at(command.x, command.y)
    if building_id == 0:
        return Rejected(f"nothing to demolish at ({command.x}, {command.y})")
    row = world.buildings.row_of(building_id)
    btype = world.building_type_at_row(row)
    refund = demolish_refund(btype)
    clearing = int(world.buildings.col("stored")[row]) * LANDFILL_CLEARING_PER_UNIT
    return _affordable(world, Plan(funds=clearing - refund, materials=0, sites=((command.x, command.y),)))


def _check_excavate(world: World, command: Excavate) -> Plan | Rejected:
    """Digging out buried hazardous waste: as many units as asked, the landfill holds and the depot takes, at a price a unit."""
    most = world.rules.excavation_max_units
    if not 1 <= command.units <= most:
        return Rejected(f"an excavation digs 1 to {most:,} units an order, not {command.units:,}")
    row = world.row_of(command.building)
    if row < 0:
        return Rejected(f"there is no building with id {command.building}")
    btype = world.building_type_at_row(row)
    if not btype.landfill_capacity:
        return Rejected(f"only a landfill can be dug out, and building {command.building} is a {btype.name}")
    buried = buried_in(world, command.building)
    if buried == 0:
        return Rejected("this landfill holds no hazardous waste to dig out")
    room = depot_room(world)
    if room == 0:
        return Rejected(
            f"the depot is full of hazardous waste ({world.rules.depot_capacity:,} units): "
            "a hazard treatment plant must work it down first"
        )
    units = min(command.units, buried, room)
    return _affordable(world, Plan(funds=units * world.rules.excavation_cost_per_unit, materials=0, units=units))


def demolish_refund(btype: BuildingType) -> int:
    """Return the credits demolishing a building of type `btype` gives back (before any clearing cost)."""
    return btype.cost * DEMOLISH_REFUND_PERCENT // 100


def line_tiles(x0: int, y0: int, x1: int, y1: int) -> list[tuple[int, int]]:
    """Return the tiles of an L-shaped run: along x from (x0, y0), then along y to (x1, y1)."""
    step_x = 1 if x1 >= x0 else -1
    step_y = 1 if y1 >= y0 else -1
    tiles = [(x, y0) for x in range(x0, x1 + step_x, step_x)]
    tiles += [(x1, y) for y in range(y0 + step_y, y1 + step_y, step_y)]
    return tiles


def _check_line(world: World, command: PlaceLine) -> Plan | Rejected:
    if abs(command.x1 - command.x0) + abs(command.y1 - command.y0) + 1 > MAX_LINE_TILES:
        return Rejected(f"a power line run is at most {MAX_LINE_TILES} tiles")
    btype = BUILDING_TYPES[BUILDING_INDEX["power_line"]]
    sites = []
    price = 0
    for x, y in line_tiles(command.x0, command.y0, command.x1, command.y1):
        if world.building_at(x, y):
            continue  # every building carries power: the run passes through
        problem = site_problem(world, btype, x, y)
        if problem is not None:
            return Rejected(problem)  # the first tile that cannot take a line refuses the run
        sites.append((x, y))
        price += site_price(world, btype, x, y)
    if not sites:
        return Rejected("the whole run is already connected")
    problem = _ids_problem(world, len(sites))
    if problem is not None:
        return Rejected(problem)
    return _affordable(world, Plan(price, 0, tuple(sites)))


def _ids_problem(world: World, buildings: int) -> str | None:
    """Return why `buildings` more buildings cannot get ids, or None while ids are left."""
    left = MAX_BUILDING_ID + 1 - world.next_building_id
    if buildings > left:
        return f"the city has used up its building ids ({left:,} left, {buildings:,} needed)"
    return None
