"""Power taps: security drones find them, a crackdown cuts them, and the grid's loss is split in two.

A walker in state TAP standing on the line tile it went for draws `scavenger_tap_kw` from that
tile's network (game.sim.systems.scavengers notes where, `PowerState.tap_tiles`). Until somebody
finds it, that power simply never arrives: the unexplained loss. When security drones search the
cells they patrol for caches (drones.guard, same cells, same cadence), every tile in those cells
with such a walker on it becomes a found tap, an esper entity with a `Tap`, on record for as long
as its tile holds a power line. Under a crackdown (policy `scavenger_stance` -1) a found tap is
cut: its draw stops at once, the walkers going for it head home, and walkers choosing a line skip
it. Under tolerance or amnesty it goes on drawing, but the loss is now explained.

`balance` is the one formula the front ends and the report read: per network, supply, what
reached the buildings, the draw at found taps and at unfound ones, and the spare supply.
Finding draws nothing from the RNG, so outside a crackdown a game plays as it did before taps
could be found.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from game.sim.agents import TAP, TapsFound
from game.sim.systems.scavengers import _head_home, _line_tiles, cell_of, tribe_arrays

if TYPE_CHECKING:
    from game.sim.agents import Agents
    from game.sim.world import World


def run(world: World) -> None:
    """Every tick, before the walkers draw: drop found taps whose line is gone; under a crackdown, cut the found ones."""
    agents = world.agents
    sites = agents.taps
    if sites.tiles.size == 0:
        return
    on_line = world.layout.derive(_line_mask, world)[sites.tiles]
    if np.count_nonzero(on_line) < on_line.size:  # (far cheaper than any() on a few taps)
        agents.drop_taps(np.flatnonzero(~on_line))
        sites = agents.taps
    if sites.tiles.size and crackdown(world):
        _cut(world, agents, sites.occupied)


def crackdown(world: World) -> bool:
    """Return whether found taps are cut: the scavenger stance is a crackdown."""
    return world.policies.get("scavenger_stance", 0) < 0


def find(world: World, agents: Agents, flags: np.ndarray) -> int:
    """Put on record the taps of walkers standing on their line tile in a cell a drone searches (`flags`: see danger_cells); return how many are new.

    Called by the security drones' cache search. Under a crackdown the found taps are cut at once.
    """
    store = agents.store
    tapping = (store.col("state") == TAP).nonzero()[0]  # (only walkers have this state)
    if tapping.size == 0:
        return 0
    x, y = store.col("x")[tapping], store.col("y")[tapping]
    seen = flags[cell_of(world, x, y)]  # (the searched cells first: a few of many, so the rest looks at few walkers)
    if np.count_nonzero(seen) == 0:  # (the usual search: nobody siphons in a searched cell; cheaper than any())
        return 0
    tapping, x, y = tapping[seen], x[seen], y[seen]
    standing = (x == store.col("tx")[tapping]) & (y == store.col("ty")[tapping])
    tiles = y[standing].astype(np.int64) * world.width + x[standing]
    tiles = tiles[world.layout.derive(_line_mask, world)[tiles]]
    tiles = tiles[~agents.taps.occupied[tiles]]
    if tiles.size == 0:  # (the usual search: before np.unique, which costs several plain calls even on nothing)
        return 0
    tiles = np.unique(tiles)
    agents.record_taps(tiles, world.tick)
    agents.today["taps_found"] += int(tiles.size)
    sites = agents.taps
    kw = int(balance(world).tap_kw[np.isin(sites.tiles, tiles)].sum())
    cut = crackdown(world)
    if cut:
        _cut(world, agents, sites.occupied)
    world.emit(TapsFound(int(tiles.size), kw, cut, agents.today["taps_found"]))
    return int(tiles.size)


def _cut(world: World, agents: Agents, found: np.ndarray) -> None:
    """Cut the taps on the flat tiles `found` flags: their draws stop now and the walkers going for them head home."""
    store = agents.store
    tapping = (store.col("state") == TAP).nonzero()[0]
    targets = store.col("ty")[tapping].astype(np.int64) * world.width + store.col("tx")[tapping]
    going = tapping[found[targets]]
    if going.size:
        camps_x, camps_y, _ = tribe_arrays(agents)
        _head_home(store, going, camps_x, camps_y)
    power = world.power
    stopped = found[power.tap_tiles]
    if not stopped.any():
        return
    networks = world.network.reshape(-1)[power.tap_tiles[stopped]]
    siphoned = power.siphoned_kw.copy()
    known = networks < siphoned.size
    np.subtract.at(siphoned, networks[known], power.tap_kw[stopped][known])
    power.siphoned_kw = np.maximum(siphoned, 0)
    power.tap_tiles, power.tap_kw = power.tap_tiles[~stopped], power.tap_kw[~stopped]
    agents.today["tapped_kw"] = int(power.siphoned_kw.sum())


def _line_mask(world: World) -> np.ndarray:
    """Return, per flat tile of the map, whether a power line stands there (built once per layout)."""
    mask = np.zeros(world.width * world.height, bool)
    mask[_line_tiles(world)] = True
    return mask


@dataclass(frozen=True, slots=True)
class PowerBalance:
    """Where each network's power went last tick, by network id (0: no network), in kW.

    supply = delivered + found + unexplained + spare on every network: the taps' draw (at most the
    supply) is split between the taps on record and those nobody has found.
    """

    supply_kw: np.ndarray  # what the plants gave
    demand_kw: np.ndarray  # what the buildings asked for
    delivered_kw: np.ndarray  # what reached the buildings
    found_kw: np.ndarray  # drawn at found taps
    unexplained_kw: np.ndarray  # drawn at taps nobody has found: lost without explanation
    spare_kw: np.ndarray  # supply nobody used
    tap_kw: np.ndarray  # per found tap (in `Agents.taps` order): what it draws now
    tap_networks: np.ndarray  # per found tap: its network


def balance(world: World) -> PowerBalance:
    """Return where each network's power went last tick, the taps' draw split between found and unfound taps."""
    power = world.power
    supply, demand = power.supply_kw, power.demand_kw
    size = supply.size
    siphoned = power.siphoned_kw if power.siphoned_kw.size == size else np.zeros(size, np.int64)
    drawn = np.minimum(siphoned, supply)  # taps take what the network gives, at most its supply
    usable = supply - drawn
    delivered = np.minimum(usable, demand)
    sites = world.agents.taps
    networks = world.network.reshape(-1)[sites.tiles].astype(np.int64)
    networks[networks >= size] = 0  # (labelled since the last share-out: nothing drawn there yet)
    at = np.minimum(np.searchsorted(power.tap_tiles, sites.tiles), max(power.tap_tiles.size - 1, 0))
    asked = np.where(power.tap_tiles[at] == sites.tiles, power.tap_kw[at], 0) if power.tap_tiles.size else np.zeros(sites.tiles.size, np.int64)
    asked[networks == 0] = 0
    tap_kw = asked.astype(np.int64)
    short = (drawn < siphoned).nonzero()[0]
    if short.size and tap_kw.size:  # a network that gives less than its taps ask: each tap gets its share
        for index in np.isin(networks, short).nonzero()[0].tolist():
            network = int(networks[index])
            tap_kw[index] = int(asked[index]) * int(drawn[network]) // int(siphoned[network])
    found = np.zeros(size, np.int64)
    np.add.at(found, networks, tap_kw)
    found[0] = 0
    found = np.minimum(found, drawn)
    return PowerBalance(
        supply_kw=supply, demand_kw=demand, delivered_kw=delivered, found_kw=found, unexplained_kw=drawn - found,
        spare_kw=usable - delivered, tap_kw=tap_kw, tap_networks=networks,
    )
