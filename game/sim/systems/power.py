"""Power: plants feed the network they touch; within a network supply is shared proportionally.

Every building and power line conducts, and tiles that touch edge to edge form one network. The
network labels are recomputed only when the layout changes; supply and demand every tick.

Most per-building figures change far more rarely than every tick: supply only with the hour and the
fuel share, demand only when residents move. `_Memo` keeps them for one layout, keyed by the inputs
that decide them, so a usual tick only does the per-network arithmetic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from scipy import ndimage

from game.sim import kernels
from game.sim.components import Housing, PowerSink, PowerSource
from game.sim.events import BlackoutEnded, BlackoutStarted

if TYPE_CHECKING:
    from game.sim.world import World

# Solar output by hour of day, thousandths of peak: dark at night, full around noon.
SOLAR_PERMILLE = np.array(
    [50, 50, 50, 50, 50, 80, 200, 400, 600, 800, 950, 1000,
     1000, 1000, 950, 800, 600, 400, 200, 80, 50, 50, 50, 50],
    np.int64,
)
BLACKOUT_BELOW_PERMILLE = 500
SUPPLY_MEMO_ENTRIES = 48  # (hour, fuel share) supplies kept per layout: a day at two fuel shares


def relabel(world: World) -> None:
    """Recompute the network id grid and each building's network from the layout."""
    table = world.buildings
    # A blackout goes on through a relabel: follow each dark network by one of its buildings.
    old_networks = table.col("network")
    witnesses = [int(np.argmax(old_networks == network)) for network in sorted(world.power.blackout) if (old_networks == network).any()]
    count = ndimage.label(world.occupancy > 0, output=world.network)
    table.col("network")[:] = world.network[world.layout.y, world.layout.x]
    world.power.network_count = int(count)
    world.power.dirty = False
    world.power.blackout = {int(table.col("network")[row]) for row in witnesses}


def plant_fuel(world: World) -> np.ndarray:
    """Return the fuel each fuel plant burns a tick at full output, in the order of their table rows."""
    fuel_plants = world.layout.rows(PowerSource, "fuel_per_tick")
    return world.layout.values(PowerSource, "fuel_per_tick")[fuel_plants]


def fuel_share_permille(world: World, need: int) -> int:
    """Return the share of their full fuel need (`need` units a tick) the fuel plants can burn this tick, 0..1000."""
    if need == 0:
        return 1000
    return min(1000, world.resources["fuel"] * 1000 // need)


def demand_of(world: World) -> np.ndarray:
    """Return each building's power demand this tick in kW; housing asks in proportion to residents."""
    demand = world.layout.values(PowerSink, "kw").copy()
    homes = world.layout.rows(Housing)
    capacity = world.layout.values(Housing, "capacity")[homes]
    occupants = world.buildings.col("occupants")[homes]
    demand[homes] = (demand[homes] * occupants + capacity - 1) // capacity
    return demand


def supply_of(world: World, hour: int, fuel_share: int) -> np.ndarray:
    """Return each building's power supply in kW at `hour` with fuel plants burning `fuel_share`/1000."""
    supply = world.layout.values(PowerSource, "kw").copy()
    solar = world.layout.rows(PowerSource, "solar")
    fuel_plants = world.layout.rows(PowerSource, "fuel_per_tick")
    supply[solar] = supply[solar] * SOLAR_PERMILLE[hour] // 1000
    supply[fuel_plants] = supply[fuel_plants] * fuel_share // 1000
    return supply


class _Supply:
    """Supply per building, per producer (in `producers` order) and per network for one hour and fuel share."""

    __slots__ = ("buildings", "networks", "producers")

    def __init__(self, memo: _Memo, buildings: np.ndarray) -> None:
        self.buildings = buildings
        self.producers = buildings[memo.producers]
        self.networks = np.bincount(memo.producer_networks, weights=self.producers, minlength=memo.size).astype(np.int64)
        for array in (self.buildings, self.producers, self.networks):
            array.setflags(write=False)


class _Demand:
    """Demand per building and the per-network figures derived from it, for one set of occupants."""

    __slots__ = ("buildings", "dark_below", "divisor", "milli", "networks", "occupants", "total")

    def __init__(self, world: World, memo: _Memo, occupants: bytes) -> None:
        self.occupants = occupants
        self.buildings = demand_of(world)
        self.networks = np.bincount(memo.networks, weights=self.buildings, minlength=memo.size).astype(np.int64)
        self.total = int(self.networks.sum())
        self.divisor = np.maximum(self.networks, 1)  # a network with no demand divides by one
        self.milli = self.networks * 1000
        # served < BLACKOUT_BELOW_PERMILLE exactly when usable * 1000 < demand * BLACKOUT_BELOW_PERMILLE
        # (flooring cannot cross a whole number), and never on a network without demand.
        self.dark_below = self.networks * BLACKOUT_BELOW_PERMILLE
        for array in (self.buildings, self.networks, self.divisor, self.milli, self.dark_below):
            array.setflags(write=False)


class _Memo:
    """Power's derived arrays for one layout and its networks; dropped with the layout.

    Made after `relabel`, so the networks it reads are current. Entries that depend on inputs
    changing more often than the layout (hour, fuel, occupants, served shares) are keyed by them.
    """

    def __init__(self, world: World) -> None:
        table = world.buildings
        self.size = world.power.network_count + 1
        # The networks as `relabel` left them for this layout (they change only with the layout).
        self.networks = table.col("network").copy()
        self.networks.setflags(write=False)
        self.producers = world.layout.rows(PowerSource)
        self.producer_networks = self.networks[self.producers]
        self.rated = world.layout.values(PowerSource, "kw")[self.producers]
        fuel = plant_fuel(world)
        self.fuel_need = int(fuel.sum())
        # Fuel burned at full load per network: the burn is linear in load, so it adds up per network.
        fuel_networks = self.networks[world.layout.rows(PowerSource, "fuel_per_tick")]
        self.fuel_per_network = np.bincount(fuel_networks, weights=fuel, minlength=self.size).astype(np.int64)
        self.rated_rows = world.layout.values(PowerSink, "kw") > 0  # the rest count as served whatever their network gets
        self.supplies: dict[tuple[int, int], _Supply] = {}
        self.demand: _Demand | None = None

    def supply(self, world: World, fuel_share: int) -> _Supply:
        """Return the supply at this hour and fuel share."""
        key = (world.hour, fuel_share)
        entry = self.supplies.get(key)
        if entry is None:
            if len(self.supplies) >= SUPPLY_MEMO_ENTRIES:
                self.supplies.clear()  # fuel shares keep changing: start over rather than grow
            entry = self.supplies[key] = _Supply(self, supply_of(world, *key))
        return entry

    def demand_now(self, world: World) -> _Demand:
        """Return the demand for the residents living in the blocks now."""
        occupants = world.buildings.col("occupants").tobytes()
        if self.demand is None or self.demand.occupants != occupants:
            self.demand = _Demand(world, self, occupants)
        return self.demand


def start_day(world: World) -> None:
    """At midnight, before the day's first share-out: the day's served tallies start again."""
    world.buildings.col("served_day_sum")[:] = 0
    world.power.served_percent_sum = 0
    world.power.ticks_counted = 0


def run(world: World) -> None:
    """Recompute networks if needed, then share each network's supply among its demand."""
    if world.power.dirty:
        relabel(world)
    memo = world.layout.derive(_Memo, world)
    fuel_share = fuel_share_permille(world, memo.fuel_need)
    out_of_action = world.out_of_action()  # sabotaged plants and hubs: their rows
    if out_of_action.size == 0:
        supply = memo.supply(world, fuel_share)
    else:
        buildings = supply_of(world, world.hour, fuel_share)
        buildings[out_of_action] = 0
        supply = _Supply(memo, buildings)
    demand = memo.demand_now(world)
    net_supply = supply.networks
    if world.power.cuts:
        net_supply = net_supply.copy()
        _apply_cuts(world, net_supply)
    siphoned = world.power.siphoned_kw if world.power.siphoned_kw.size == memo.size else np.zeros(memo.size, np.int64)
    # The share-out, network by network and then row by row, is one compiled loop (kernels.share_power):
    # a network's usable supply serves its demand up to 1000 thousandths, and its plants work only as
    # hard as it needs (load: what it delivers over its usable supply); served is judged against what
    # a building is rated to draw, so an empty, unwired block is dark, and a sabotaged one works as if dark.
    served = np.empty(memo.size, np.int32)
    dark = np.empty(memo.size, bool)
    load = np.empty(memo.size, np.int64)
    table = world.buildings
    fuel_load, delivered_milli, dark_count = kernels.share_power(
        net_supply, siphoned, demand.milli, demand.divisor, demand.dark_below, memo.fuel_per_network, served, dark, load,
        memo.networks, memo.rated_rows, out_of_action, supply.buildings, demand.buildings,
        table.col("supply_kw"), table.col("demand_kw"), table.col("served_permille"), table.col("served_day_sum"),
        table.col("output_permille"), memo.producers, memo.producer_networks, supply.producers, memo.rated,
    )
    if memo.fuel_need:
        world.add_resource_milli("fuel", -(fuel_share * fuel_load // 1000))
    _count_served_ticks(world, delivered_milli // 1000, demand)
    world.power.supply_kw = net_supply
    world.power.demand_kw = demand.networks
    world.power.siphoned_kw = siphoned
    world.power.served_permille = served
    if world.power.blackout or dark_count:  # (the usual case is neither: no blackout before or now)
        _report_blackouts(world, served, dark)


def _apply_cuts(world: World, net_supply: np.ndarray) -> None:
    """Zero the supply of every network under an active cut and forget the cuts that ended."""
    world.power.cuts = [cut for cut in world.power.cuts if cut[2] > world.tick]
    for x, y, _until in world.power.cuts:
        net_supply[int(world.network[y, x])] = 0  # network 0 (no network) supplies nothing anyway


def _count_served_ticks(world: World, delivered: int, demand: _Demand) -> None:
    """Add this tick's city-wide served percentage (the networks delivered `delivered` kW in all) to the day's tally."""
    if demand.total == 0:
        world.power.served_percent_sum += 100
    else:
        world.power.served_percent_sum += delivered * 100 // demand.total
    world.power.ticks_counted += 1


def _report_blackouts(world: World, served: np.ndarray, dark_networks: np.ndarray) -> None:
    """Emit an event for each network that went dark or came back, and remember the dark ones."""
    dark = set(dark_networks.nonzero()[0].tolist())
    for network in sorted(dark - world.power.blackout):
        world.emit(BlackoutStarted(network, int(served[network]) // 10))
    for network in sorted(world.power.blackout - dark):
        world.emit(BlackoutEnded(network))
    world.power.blackout = dark
