"""Power: plants feed the network they touch; within a network supply is shared proportionally.

Every building and power line conducts, and tiles that touch edge to edge form one network. The
network labels are recomputed only when the layout changes; supply and demand every tick.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from scipy import ndimage

from game.sim.events import BlackoutEnded, BlackoutStarted

if TYPE_CHECKING:
    from game.sim.simulation import Simulation

# Solar output by hour of day, thousandths of peak: dark at night, full around noon.
SOLAR_PERMILLE = np.array(
    [50, 50, 50, 50, 50, 80, 200, 400, 600, 800, 950, 1000,
     1000, 1000, 950, 800, 600, 400, 200, 80, 50, 50, 50, 50],
    np.int64,
)
BLACKOUT_BELOW_PERMILLE = 500


def relabel(sim: Simulation) -> None:
    """Recompute the network id grid and each building's network from the layout."""
    table = sim.buildings
    # A blackout goes on through a relabel: follow each dark network by one of its buildings.
    old_networks = table.col("network")
    witnesses = [int(np.argmax(old_networks == network)) for network in sorted(sim.power.blackout) if (old_networks == network).any()]
    count = ndimage.label(sim.occupancy > 0, output=sim.network)
    table.col("network")[:] = sim.network[table.col("y"), table.col("x")]
    sim.power.network_count = int(count)
    sim.power.dirty = False
    sim.power.blackout = {int(table.col("network")[row]) for row in witnesses}


def plant_fuel(sim: Simulation) -> np.ndarray:
    """Return the fuel each fuel plant burns a tick at full output, in the order of their table rows."""
    fuel_plants = sim.rows_with("fuel_per_tick")
    return sim.per_layout(("power", "plant_fuel"), lambda: sim.type_column("fuel_per_tick")[fuel_plants])


def fuel_share_permille(sim: Simulation) -> int:
    """Return the share of their full fuel need the fuel plants can burn this tick, 0..1000."""
    need = int(plant_fuel(sim).sum())
    if need == 0:
        return 1000
    return min(1000, sim.resources["fuel"] * 1000 // need)


def demand_of(sim: Simulation) -> np.ndarray:
    """Return each building's power demand this tick in kW; housing asks in proportion to residents."""
    demand = sim.type_column("power_demand_kw").copy()
    homes = sim.rows_with("housing_capacity")
    capacity = sim.type_column("housing_capacity")[homes]
    occupants = sim.buildings.col("occupants")[homes]
    demand[homes] = (demand[homes] * occupants + capacity - 1) // capacity
    return demand


def run(sim: Simulation) -> None:
    """Recompute networks if needed, then share each network's supply among its demand."""
    if sim.power.dirty:
        relabel(sim)
    table = sim.buildings
    networks = table.col("network")
    size = sim.power.network_count + 1
    # Row indices, not masks: gathering a few rows by index is several times cheaper.
    fuel_plants = sim.rows_with("fuel_per_tick")
    solar = sim.rows_with("solar")
    producers = sim.rows_with("power_supply_kw")
    fuel_share = fuel_share_permille(sim)
    supply = sim.type_column("power_supply_kw").copy()
    supply[solar] = supply[solar] * SOLAR_PERMILLE[sim.hour] // 1000
    supply[fuel_plants] = supply[fuel_plants] * fuel_share // 1000
    broken = sim.out_of_action() if sim.sabotaged else None
    if broken is not None:
        supply[broken] = 0
    demand = demand_of(sim)
    producer_networks = networks[producers]
    producer_supply = supply[producers]
    net_supply = np.bincount(producer_networks, weights=producer_supply, minlength=size).astype(np.int64)
    if sim.power.cuts:
        _apply_cuts(sim, net_supply)
    net_demand = np.bincount(networks, weights=demand, minlength=size).astype(np.int64)
    siphoned = sim.power.siphoned_kw if sim.power.siphoned_kw.size == size else np.zeros(size, np.int64)
    usable = np.maximum(net_supply - siphoned, 0)
    # A network with no demand comes out at 1000 if it has usable supply and at 0 if it has none.
    served = np.minimum(usable * 1000 // np.maximum(net_demand, 1), 1000).astype(np.int32)
    # Plants only work as hard as their network needs: load is demand over usable supply.
    load = np.minimum(net_demand * 1000 // np.maximum(usable, 1), 1000)
    load[usable == 0] = 0
    fuel_load = load[networks[fuel_plants]]
    burned_milli = int((plant_fuel(sim) * fuel_share * fuel_load).sum()) // 1000
    sim.add_resource_milli("fuel", -burned_milli)
    table.col("supply_kw")[:] = supply
    table.col("demand_kw")[:] = demand
    # Served is judged against what a building is rated to draw, so an empty, unwired block is dark.
    served_permille = table.col("served_permille")
    np.take(served, networks, out=served_permille)
    served_permille[_unrated(sim)] = 1000
    if broken is not None:
        served_permille[broken] = 0  # a sabotaged plant or hub works as if dark
    served_day_sum = table.col("served_day_sum")
    if sim.hour == 0:
        served_day_sum[:] = served_permille
    else:
        served_day_sum += served_permille
    rated = sim.type_column("power_supply_kw")[producers]
    table.col("output_permille")[producers] = producer_supply * load[producer_networks] // rated
    _count_served_ticks(sim, usable, net_demand)
    sim.power.supply_kw = net_supply
    sim.power.demand_kw = net_demand
    sim.power.siphoned_kw = siphoned
    sim.power.served_permille = served
    _report_blackouts(sim, served, net_demand)


def _unrated(sim: Simulation) -> np.ndarray:
    """Return the table rows of the buildings rated to draw no power (they always count as served)."""
    return sim.per_layout(("power", "unrated"), lambda: np.flatnonzero(sim.type_column("power_demand_kw") <= 0))


def _apply_cuts(sim: Simulation, net_supply: np.ndarray) -> None:
    """Zero the supply of every network under an active cut and forget the cuts that ended."""
    sim.power.cuts = [cut for cut in sim.power.cuts if cut[2] > sim.tick]
    for x, y, _until in sim.power.cuts:
        net_supply[int(sim.network[y, x])] = 0  # network 0 (no network) supplies nothing anyway


def _count_served_ticks(sim: Simulation, usable: np.ndarray, demand: np.ndarray) -> None:
    """Add this tick's city-wide served percentage to the day's tally, restarting it at midnight."""
    if sim.hour == 0:
        sim.power.served_percent_sum = 0
        sim.power.ticks_counted = 0
    total_demand = int(demand.sum())
    delivered = int(np.minimum(usable, demand).sum())
    sim.power.served_percent_sum += 100 if total_demand == 0 else delivered * 100 // total_demand
    sim.power.ticks_counted += 1


def _report_blackouts(sim: Simulation, served: np.ndarray, demand: np.ndarray) -> None:
    """Emit an event for each network that went dark or came back, and remember the dark ones."""
    dark_networks = (demand > 0) & (served < BLACKOUT_BELOW_PERMILLE)
    if not sim.power.blackout and not dark_networks.any():
        return  # the usual case: no blackout before or now
    dark = set(dark_networks.nonzero()[0].tolist())
    for network in sorted(dark - sim.power.blackout):
        sim.emit(BlackoutStarted(network, int(served[network]) // 10))
    for network in sorted(sim.power.blackout - dark):
        sim.emit(BlackoutEnded(network))
    sim.power.blackout = dark
