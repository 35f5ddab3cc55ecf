"""The components of the esper entities: small typed records, one concern each.

A building is an entity with `Building` (its id and kind), `Position` and `Footprint`, and one
component per role its type gives it (`PowerSource`, `PowerSink`, `Recycler`, `Housing`,
`Landfill`, `Garden`, `DroneHub`, `Emitter`), plus `Sabotaged` while it is out of action. A
scavenger tribe is an entity with a `Tribe`; its walkers are rows of the agent table (their
`owner` is the tribe's place among the tribes). A cache is an entity with a `Cache`; the story event waiting for an answer is an entity with an `ActiveEvent`. Building components are frozen: a change
replaces one (`EntityStore.add`), which the layout notices; a tribe's daily figures change in place.
The numbers that change every tick (power served, waste carried, a landfill's fill) live in the
building table's rows beside the layout, the documented fast path (game.sim.table).
"""

from __future__ import annotations

from dataclasses import dataclass

from game.sim.buildings import BuildingType


@dataclass(frozen=True, slots=True)
class Building:
    """What a building is: its stable id and kind."""

    building_id: int
    kind: str


@dataclass(frozen=True, slots=True)
class Position:
    """The top-left tile of a thing on the map."""

    x: int
    y: int


@dataclass(frozen=True, slots=True)
class Footprint:
    """The tiles a building covers from its position."""

    width: int
    height: int


@dataclass(frozen=True, slots=True)
class Upkeep:
    """Credits a day the building costs to run."""

    credits: int


@dataclass(frozen=True, slots=True)
class PowerSource:
    """A plant: rated output in kW, solar (by the hour) or burning fuel units a tick at full output."""

    kw: int
    solar: bool
    fuel_per_tick: int


@dataclass(frozen=True, slots=True)
class PowerSink:
    """A building that draws power: its rated demand in kW."""

    kw: int


@dataclass(frozen=True, slots=True)
class Recycler:
    """A plant that treats waste: units a tick at full power, and a fee per unit treated."""

    capacity: int
    fee_per_unit: int


@dataclass(frozen=True, slots=True)
class Housing:
    """Homes: how many residents the block holds."""

    capacity: int


@dataclass(frozen=True, slots=True)
class Landfill:
    """Where collected waste no plant takes is buried: its capacity in units."""

    capacity: int


@dataclass(frozen=True, slots=True)
class Garden:
    """Soaks up pollution units a tile a tick within a radius."""

    absorption: int
    radius: int


@dataclass(frozen=True, slots=True)
class DroneHub:
    """Base of collection and security drones: the reach of its collection drones in tiles."""

    reach: int


@dataclass(frozen=True, slots=True)
class Emitter:
    """Pollution units a tick at full output (a landfill: at full fill)."""

    emission: int


@dataclass(frozen=True, slots=True)
class Sabotaged:
    """Out of action (producing nothing, drawing nothing useful) before tick `until`."""

    until: int


@dataclass(slots=True)
class Tribe:
    """A scavenger tribe living at a camp tile; its figures move every day (the one mutable component)."""

    name: str
    x: int  # the camp
    y: int
    members: int
    unrest: int  # 0..100
    collectors: bool = False  # working under amnesty: no smuggling, no taps, loads go to the depot
    fed: int = 0  # waste units brought home or hidden for pay today (their food income)
    intercepted: int = 0  # loads or caches of theirs seized today


@dataclass(slots=True)
class Cache:
    """Hazardous waste a tribe hid on tile (x, y); it pollutes the tile until found.

    (It keeps its tile itself rather than in a `Position`, so that caches coming and going leave
    the buildings' layout, which projects positions, as it is.)
    """

    x: int
    y: int
    units: int
    owner: int  # the tribe's place among the tribes, + 1 (0: unknown)
    milli: int = 0  # thousandths of a pollution unit owed, carried to the next emission


@dataclass(frozen=True, slots=True)
class Tap:
    """A power tap security drones found on the line tile (x, y) at tick `found_tick`; on record while the line stands.

    (Like a `Cache`, it keeps its tile itself, so taps coming and going leave the buildings' layout as it is.)
    """

    x: int
    y: int
    found_tick: int


@dataclass(frozen=True, slots=True)
class ActiveEvent:
    """The story event waiting for the player's answer (on an entity of its own): since `fired_tick`, until `deadline_tick`.

    `offered` holds the ids of the choices the player may take, decided when the event fired (the
    default is always among them), in the event's order.
    """

    event_id: str
    fired_tick: int
    deadline_tick: int
    offered: tuple[str, ...]


def building_components(building_id: int, btype: BuildingType, x: int, y: int) -> list[object]:
    """Return the components of a new building of type `btype` at (x, y)."""
    components: list[object] = [
        Building(building_id, btype.kind), Position(x, y), Footprint(btype.width, btype.height), Upkeep(btype.upkeep),
    ]
    if btype.power_supply_kw:
        components.append(PowerSource(btype.power_supply_kw, btype.solar, btype.fuel_per_tick))
    if btype.power_demand_kw:
        components.append(PowerSink(btype.power_demand_kw))
    if btype.capacity:
        components.append(Recycler(btype.capacity, btype.fee_per_unit))
    if btype.housing_capacity:
        components.append(Housing(btype.housing_capacity))
    if btype.landfill_capacity:
        components.append(Landfill(btype.landfill_capacity))
    if btype.absorption:
        components.append(Garden(btype.absorption, btype.radius))
    if btype.drone_range:
        components.append(DroneHub(btype.drone_range))
    if btype.emission:
        components.append(Emitter(btype.emission))
    return components
