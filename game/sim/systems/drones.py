"""The drones system: each drone hub's collection and security drones.

Collection drones do a hub's collecting, in streets: the housing blocks whose middles share one
square of the map. Once a round, on its hub's turn (the dispatch), the drones that arrived act: a drone at a street
loads its trip's waste type from the street's tiles, up to its carry; a loaded drone flies to the
nearest powered plant within its hub's reach that takes the load, or else to its hub, whose trucks
take it on, and unloads into the depot the plants draw from (counted as collected); an empty drone
draws a waste type by Ecolife's priority weights and flies to that type's best unclaimed street in
reach, or home when there is nothing worth a flight. A drone whose hub loses power lands where it
is, keeping its load, and flies on when the power is back; the waste on board is counted by
`Agents.carried` until it is unloaded. When a hub goes, its drones hand in their loads.
Security drones patrol around their hub (radius and speed grow with the patrol intensity; 0 keeps
them grounded, as does an event that hacks them until `agents.security_off_until`). A loaded walker
in the square a drone searches may be caught: its load goes to the depot and its tribe is fined.
Every few ticks they also search for caches: what they find goes to the depot as seized hazardous
waste, evidence of what Ecolife ignored. The same search finds power taps (game.sim.systems.taps).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from game.sim import kernels
from game.sim.agents import (
    BACK,
    COLLECTION_DRONE,
    GROUNDED,
    HOME,
    MAX_DRONES,
    MAX_FIGURE,
    OUT,
    PATROL,
    SCAVENGER,
    SECURITY_DRONE,
    CacheSeized,
)
from game.sim.buildings import BUILDING_INDEX, BUILDING_TYPES
from game.sim.cadence import DRONES_FIRST, ROUND_TICKS, TURN_HUBS, on_turn, turn_rows, turns_for
from game.sim.components import DroneHub, Housing, Recycler
from game.sim.state import saturated_funds
from game.sim.systems.collection import (
    deliver_loads,
    home_tiles,
    landfill_room,
    neglect_is_criminal,
    waste_weights,
)
from game.sim.systems.scavengers import (
    cell_of,
    danger_cells,
    tribe_arrays,
    walkers,
)
from game.sim.systems.taps import find as find_taps
from game.sim.waste import WASTE_TYPES

if TYPE_CHECKING:
    from game.sim.agents import Agents, AgentStore
    from game.sim.world import World

HAZARDOUS = WASTE_TYPES.index("hazardous")
WORTHWHILE_PART = 8  # a drone flies for a pile of at least this part of its load...
FULLER_PART = 4  # ...but only for types with piles of this part of a load while there are any
OUT_OF_REACH = -(1 << 40)  # what a street out of a hub's reach offers its drones: less than any street in reach
# Which waste types each building kind takes in, by kind index (plants only).
ACCEPTS = np.array([[name in btype.accepts for name in WASTE_TYPES] for btype in BUILDING_TYPES], bool)

# Hot paths here call array methods and ufunc reductions (`mask.nonzero()[0]`, `a.argmin(axis=1)`,
# `np.add.reduce`) rather than the np.* wrappers (`np.flatnonzero`, `np.argmin`, `a.sum`): on arrays
# of a few dozen entries the wrappers' Python layer costs more than the work.


def fly(world: World) -> None:
    """Every tick: match drones to hubs, land or launch them with power; the hubs whose turn it is send their collection drones.

    A hub's turn comes once a round, on the tick its place among the hubs gives (from the round's
    second tick, `cadence.DRONES_FIRST`: a small city's walkers have the first), so in a big city
    each tick carries a quarter of the dispatch; a drone that arrived waits at its street or
    drop-off till then.
    """
    agents = world.agents
    if not agents.roster.derive(_matched, world, world.layout.version):  # (known until drones or buildings come or go)
        match_hubs(world, agents)
    fleet = fleet_of(world, agents)
    if fleet.rows.size == 0:
        return
    turn = turn_rows(world.tick, fleet.turns, DRONES_FIRST)
    served = world.buildings.col("served_permille")[fleet.hub_list]
    everywhere = all(served.tolist())  # (plain Python: faster than .all() on a handful)
    if turn is None and everywhere:
        return  # every drone may fly, and no hub has its turn this tick
    guarding = _guarding(world, agents)
    if not everywhere or not guarding:
        _land_stopped(world, agents, fleet, served > 0, guarding)
    if turn is None:
        return
    collection = fleet.collection
    state = agents.store.col("state")[collection.rows]
    collectors = _ready(agents, collection.rows, state)
    if not everywhere:
        collectors &= (served > 0)[collection.hubs]
    if fleet.turns > 1:
        collectors &= on_turn(collection.hubs, world.tick, fleet.turns, DRONES_FIRST)
    ready = collectors.nonzero()[0]  # (then `take`: cheaper than indexing by the mask, above all along the homes' second axis)
    if ready.size:
        out = ~collectors & (state == OUT)
        _collect(world, agents, turn, collection.rows.take(ready), collection.homes.take(ready, axis=1), collection.hubs.take(ready),
                 state.take(ready), collection.rows[out])


def patrol(world: World) -> None:
    """Once a round: security drones that arrived take a new patrol leg (they hover a moment at each point)."""
    agents = world.agents
    fleet = fleet_of(world, agents)
    guards = fleet.guards
    if guards.rows.size == 0 or not _guarding(world, agents):
        return
    patrolling = (_ready(agents, guards.rows, agents.store.col("state")[guards.rows]) & _powered(world, fleet)[guards.hubs]).nonzero()[0]
    if patrolling.size:
        _patrol(world, agents, guards.rows.take(patrolling), guards.homes.take(patrolling, axis=1), int(world.policies.get("patrol_intensity", 1)))


def guard(world: World) -> None:
    """Once a round: security drones catch loaded walkers near them, and every few rounds search for caches."""
    agents = world.agents
    fleet = fleet_of(world, agents)
    if fleet.guards.rows.size == 0 or not _guarding(world, agents):
        return
    if not _powered(world, fleet)[fleet.guards.hubs].any():
        return
    flags = danger_cells(world, agents)  # (the intercepts and the search look at the same cells)
    if flags is None:
        return
    _intercept(world, agents, flags)
    if world.tick // ROUND_TICKS % max(1, world.rules.drone_search_ticks // ROUND_TICKS) == 0:
        search_caches(world, agents, flags)
        find_taps(world, agents, flags)  # the same cells: a walker siphoning on a line there is found (game.sim.systems.taps)


def _guarding(world: World, agents: Agents) -> bool:
    """Return whether security drones may fly: patrols are on and no event grounded them."""
    return int(world.policies.get("patrol_intensity", 1)) > 0 and world.tick >= agents.security_off_until


def _powered(world: World, fleet: Fleet) -> np.ndarray:
    """Return which hubs (in `Fleet.hub_list`) have power: their drones may fly (guards also need patrols on)."""
    powered: np.ndarray = world.buildings.col("served_permille")[fleet.hub_list] > 0
    return powered


def _land_stopped(world: World, agents: Agents, fleet: Fleet, powered: np.ndarray, guarding: bool) -> None:
    """Ground the drones that may not fly: those of hubs not `powered`, and guards unless `guarding` (see `_guarding`)."""
    flying = powered[fleet.hubs]
    if not guarding:
        flying &= ~fleet.security
    if not flying.all():
        store = agents.store
        stopped = ~flying & fleet.security
        hub_rows = fleet.hub_rows[stopped]
        _ground(store, fleet.rows[stopped], world.layout.x[hub_rows], world.layout.y[hub_rows])
        _land(store, fleet.rows[~flying & ~fleet.security])


def _ready(agents: Agents, rows: np.ndarray, state: np.ndarray) -> np.ndarray:
    """Return which drones of `rows` (their `state`) are free to take their next leg: grounded (so free to launch) or arrived this tick."""
    store = agents.store
    ready: np.ndarray = state == GROUNDED
    if getattr(agents, "due_version", -1) == store.version:
        due = np.zeros(store.count, bool)
        due[agents.due] = True
        ready |= due[rows]
    return ready


@dataclass(frozen=True, slots=True)
class Squad:
    """One kind of drone's store rows and hubs (a part of the `Fleet`)."""

    rows: np.ndarray  # store rows, ascending
    hub_rows: np.ndarray  # building-table row of each one's hub
    hubs: np.ndarray  # index of each one's hub among the hubs' rows (as in `Reach.hubs`)
    homes: np.ndarray  # (2, drones): the x and y of each one's hub


@dataclass(frozen=True, slots=True)
class Fleet:
    """Every drone's store row and hub, worked out once per roster and layout."""

    hub_list: np.ndarray  # building rows of the hubs, ascending (as `Reach.hubs`)
    rows: np.ndarray  # store rows of the drones, ascending
    hub_rows: np.ndarray  # building-table row of each one's hub
    hubs: np.ndarray  # index of each one's hub among the hubs' rows (as in `Reach.hubs`)
    security: np.ndarray  # whether each is a security drone
    turns: int  # into how many turns a round splits the hubs' dispatch (see `cadence.turns_for`)
    collection: Squad  # the collection drones
    guards: Squad  # the security drones


def fleet_of(world: World, agents: Agents) -> Fleet:
    """Return the drones' rows and hubs (built once per roster and layout)."""
    return agents.roster.derive(_fleet, world, world.layout.version)


def _fleet(world: World, layout_version: int) -> Fleet:
    store = world.agents.store
    drones = world.agents.roster.drones
    hubs = world.layout.rows(DroneHub)
    index = np.searchsorted(world.layout.ids[hubs], store.col("owner")[drones]) if hubs.size else drones[:0]
    hub_rows, security = hubs[index], store.col("kind")[drones] == SECURITY_DRONE
    homes = np.empty((2, drones.size), np.int64)
    homes[0], homes[1] = world.layout.x[hub_rows], world.layout.y[hub_rows]
    # (each squad's entries by index, with `take`: cheaper than a mask, above all along the homes' second axis)
    collection, guards = (~security).nonzero()[0], security.nonzero()[0]
    return Fleet(
        hubs, drones, hub_rows, index, security, turns_for(hubs.size, TURN_HUBS),
        Squad(drones.take(collection), hub_rows.take(collection), index.take(collection), homes.take(collection, axis=1)),
        Squad(drones.take(guards), hub_rows.take(guards), index.take(guards), homes.take(guards, axis=1)),
    )


def _matched(world: World, layout_version: int) -> bool:
    """Return whether every hub has its drones and every drone its hub (so `match_hubs` has nothing to do)."""
    agents = world.agents
    rules = world.rules
    hubs = world.layout.ids[world.layout.rows(DroneHub)]
    if rules.drone_collection_per_hub + rules.drone_security_per_hub <= 0:
        hubs = hubs[:0]
    owners = agents.store.col("owner")[agents.roster.drones]
    return set(owners.tolist()) == set(hubs.tolist())  # (plain Python sets: cheaper than np.unique on a few dozen drones)


def match_hubs(world: World, agents: Agents) -> None:
    """Remove the drones of hubs that are gone (their loads handed in) and give every hub its drones."""
    store = agents.store
    table = world.buildings
    hubs = world.layout.rows(DroneHub)
    ids = table.col("id")[hubs]
    kind = store.col("kind")
    orphans = (kind != SCAVENGER) & ~np.isin(store.col("owner"), ids)
    if orphans.any():
        agents.today["drone_collected"] += int(deliver_loads(world, store.col("load_type")[orphans], store.col("load")[orphans]).sum())
        store.keep(~orphans)
    kind, owner = store.col("kind"), store.col("owner")
    spare = MAX_DRONES - int((kind != SCAVENGER).sum())  # the agent store stays bounded however many hubs stand
    for hub_id, row in zip(ids.tolist(), hubs.tolist()):
        x, y = int(world.layout.x[row]), int(world.layout.y[row])
        for drone_kind, wanted in ((COLLECTION_DRONE, world.rules.drone_collection_per_hub), (SECURITY_DRONE, world.rules.drone_security_per_hub)):
            have = int(((kind == drone_kind) & (owner == hub_id)).sum())
            added = min(wanted - have, spare)
            if added > 0:
                store.add(added, kind=drone_kind, x=x, y=y, px=x, py=y, tx=x, ty=y, owner=hub_id, state=GROUNDED)
                kind, owner = store.col("kind"), store.col("owner")
                spare -= added


def _ground(store: AgentStore, rows: np.ndarray, hub_x: np.ndarray, hub_y: np.ndarray) -> None:
    """Land security drones `rows` at their hubs, stopped."""
    if rows.size == 0:
        return
    store.col("x")[rows] = hub_x
    store.col("y")[rows] = hub_y
    _send(store, rows, hub_x, hub_y, GROUNDED)


def _land(store: AgentStore, rows: np.ndarray) -> None:
    """Land collection drones `rows` where they are, keeping their loads, until the power is back."""
    if rows.size:
        _send(store, rows, store.col("x")[rows], store.col("y")[rows], GROUNDED)


@dataclass(frozen=True, slots=True)
class Reach:
    """Where a layout's collection drones go: the streets and plants within each hub's reach.

    A street is the housing blocks whose middles share one `drone_street_tiles`-wide square of the
    map: a drone empties a street of one waste type at one stop, and streets never overlap.
    """

    hubs: np.ndarray  # building rows of the drone hubs, ascending
    street_of_tile: np.ndarray  # flat tile index -> the street its block is in, -1 off the blocks
    street_blocks: np.ndarray  # per street: how many blocks it has
    pile_tiles: np.ndarray  # (types * housing tiles): flat index into the waste grids of each type's housing tiles, street by street
    pile_starts: np.ndarray  # (types * streets): where each type's street starts in `pile_tiles`
    piles: np.ndarray  # scratch: the waste at `pile_tiles`
    street_tiles: np.ndarray  # (types * (streets + 1), most blocks * footprint): row 1 + street of each type: the street's tiles (flat, into the waste grids), block by block; padding: its last tile again (row 0: no street)
    street_real: np.ndarray  # like `street_tiles`, in the waste's dtype: 1 for a real tile, 0 for the padding (see `_load`)
    stop_x: np.ndarray  # per street: the middle of its first block, where a drone stops
    stop_y: np.ndarray
    streets_near: np.ndarray  # (hubs, streets): the street's stop is within the hub's reach
    near: np.ndarray  # (hubs, most streets in a hub's reach): the streets in each hub's reach, padded with street 0
    near_offers: np.ndarray  # (hubs, types, most): each near street's entry in `offers`; padding: its last (see `_ranked`)
    offers: np.ndarray  # scratch, per (type, street): the waste no drone has claimed (see `_trips`), then OUT_OF_REACH
    plant_x: np.ndarray  # the tile at each plant's middle, where a drone unloads
    plant_y: np.ndarray
    plant_rows: np.ndarray  # building rows of the plants
    drop_offs: np.ndarray  # (hubs * types, plants): the plant is within the hub's reach and takes that type


def reach(world: World, agents: Agents) -> Reach:
    """Return the streets and plants each hub's collection drones serve (built once per layout)."""
    return world.layout.derive(_reach, world)


def _reach(world: World) -> Reach:
    homes, hubs, plants = world.layout.rows(Housing), world.layout.rows(DroneHub), world.layout.rows(Recycler)
    area = int(world.layout.width[homes[0]] * world.layout.height[homes[0]]) if homes.size else 1
    block_tiles = home_tiles(world).reshape(homes.size, area)
    block_x, block_y = _middles(world, homes)
    side = max(1, world.rules.drone_street_tiles)
    cells = (block_y // side).astype(np.int64) * world.width + block_x // side
    _, street_of_block, sizes = np.unique(cells, return_inverse=True, return_counts=True)
    # Each street's blocks in block order: sort by street (stably), then rank within the street.
    order = np.argsort(street_of_block, kind="stable")
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    members = np.zeros((sizes.size, int(sizes.max(initial=1))), np.int64)
    real = np.zeros(members.shape, bool)
    rank = np.arange(homes.size) - starts[street_of_block[order]]
    members[street_of_block[order], rank] = order
    real[street_of_block[order], rank] = True
    street_of_tile = np.full(world.width * world.height, -1, np.int64)
    street_of_tile[block_tiles] = street_of_block[:, None]
    pile_tiles, pile_starts, street_tiles, street_real = _pile_index(world, block_tiles[members], np.repeat(real, area, axis=1), sizes * area)
    types = len(WASTE_TYPES)
    stop_x, stop_y = block_x[members[:, 0]], block_y[members[:, 0]]
    plant_x, plant_y = _middles(world, plants)
    hub_x, hub_y = _middles(world, hubs)
    hub_reach = world.layout.values(DroneHub, "reach")[hubs][:, None]
    plants_near = _chebyshev(hub_x, hub_y, plant_x, plant_y) <= hub_reach
    streets_near = _chebyshev(hub_x, hub_y, stop_x, stop_y) <= hub_reach
    near, real_near = _padded_rows(streets_near)
    return Reach(
        hubs=hubs,
        street_of_tile=street_of_tile,
        street_blocks=sizes,
        pile_tiles=pile_tiles,
        pile_starts=pile_starts,
        piles=np.zeros(pile_tiles.size, world.waste.dtype),
        street_tiles=np.ascontiguousarray(street_tiles),  # (C order: kernels.load_drones reads the rows one after another)
        street_real=np.ascontiguousarray(street_real),
        stop_x=stop_x,
        stop_y=stop_y,
        streets_near=streets_near,
        near=near,
        near_offers=np.where(real_near[:, None, :], np.arange(types)[:, None] * sizes.size + near[:, None, :], types * sizes.size),
        offers=np.concatenate((np.zeros(types * sizes.size, np.int64), [OUT_OF_REACH])),
        plant_x=plant_x,
        plant_y=plant_y,
        plant_rows=plants,
        drop_offs=np.ascontiguousarray((plants_near[:, None, :] & ACCEPTS[world.layout.kinds[plants]].T[None]).reshape(hubs.size * types, plants.size)),
    )


def _padded_rows(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return, per row of `mask`, the columns where it is True, padded with 0 to the longest (and which entries are real)."""
    counts = mask.sum(axis=1)
    real = np.arange(max(1, int(counts.max(initial=0))))[None, :] < counts[:, None]
    columns = np.zeros(real.shape, np.int64)
    columns[real] = mask.nonzero()[1]
    return columns, real


def _pile_index(
    world: World, street_tiles: np.ndarray, real: np.ndarray, counts: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Lay every street's tiles end to end, block by block, once per waste type: return `Reach`'s pile_tiles, pile_starts, street_tiles and street_real.

    `street_tiles` (streets, most blocks, footprint) are each street's blocks' tiles (padded where
    `real`, reshaped alike, is False); `counts` its real tiles. One gather then reads every pile in
    street order, and one reduceat totals the streets.
    """
    types, housing = len(WASTE_TYPES), int(counts.sum())
    street_tiles = street_tiles.reshape(real.shape)
    pile_tiles = (np.arange(types)[:, None] * (world.width * world.height) + street_tiles[real][None, :]).reshape(-1)
    pile_starts = (np.arange(types)[:, None] * housing + (np.cumsum(counts) - counts)[None, :]).reshape(-1)
    # The padding repeats each street's last tile (see `_load`): the tile at each entry's last real one.
    last = np.maximum.accumulate(np.where(real, np.arange(real.shape[1]), 0), axis=1)
    flat = np.arange(types)[:, None, None] * (world.width * world.height) + np.take_along_axis(street_tiles, last, axis=1)[None]
    # Each type's rows start with one for no street (never loaded from), so `_load`'s keys pick the rows.
    flat = np.concatenate((np.zeros((types, 1, real.shape[1]), flat.dtype), flat), axis=1)
    real = np.concatenate((np.zeros((1, real.shape[1]), bool), real))
    return pile_tiles, pile_starts, flat.reshape(-1, real.shape[1]), np.tile(real, (types, 1)).astype(world.waste.dtype)


def blocks_in_reach(world: World, x: int, y: int) -> tuple[int, int]:
    """Return how many housing blocks a drone hub placed at (x, y) would serve, and how many of those no hub serves yet."""
    btype = BUILDING_TYPES[BUILDING_INDEX["drone_hub"]]
    places = reach(world, world.agents)
    blocks = places.street_blocks
    centre = np.array([x + btype.width // 2]), np.array([y + btype.height // 2])
    mine = _chebyshev(*centre, places.stop_x, places.stop_y)[0] <= btype.drone_range
    served = places.streets_near.any(axis=0)
    return int(blocks[mine].sum()), int(blocks[mine & ~served].sum())


def _middles(world: World, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the tile at the middle of each building in `rows`."""
    x = world.layout.x[rows] + world.layout.width[rows] // 2
    y = world.layout.y[rows] + world.layout.height[rows] // 2
    return x.astype(np.int32), y.astype(np.int32)


def _chebyshev(x: np.ndarray, y: np.ndarray, to_x: np.ndarray, to_y: np.ndarray) -> np.ndarray:
    """Return the (len(x), len(to_x)) tile distances a drone flies (it moves along both axes at once)."""
    distance: np.ndarray = np.maximum(np.abs(x[:, None] - to_x[None, :]), np.abs(y[:, None] - to_y[None, :]))
    return distance


def _collect(
    world: World, agents: Agents, turn: slice, rows: np.ndarray, homes: np.ndarray, hubs: np.ndarray, state: np.ndarray, out: np.ndarray
) -> None:
    """Collection drones due this tick (their `state`): load at streets, unload at drop-offs, then take their next legs.

    `turn` picks the hubs whose turn it is (see `cadence.turn_rows`); `homes` are the drones' hubs'
    x and y (see `Squad.homes`), `hubs` their indices in `Reach.hubs`; `out` are the other drones
    still on their way to a street: what they will load is spoken for.
    The drones' columns are read once and written back once.
    """
    store = agents.store
    places = reach(world, agents)
    x, y = store.col("x")[rows], store.col("y")[rows]
    load, kind = store.col("load")[rows], store.col("load_type")[rows].astype(np.int64)  # (int64: kind keys streets)
    _load(world, places, x, y, kind, load, state == OUT)
    unloading = (state == BACK) & (load > 0)
    if unloading.any():
        agents.today["drone_collected"] += int(deliver_loads(world, kind[unloading], load[unloading]).sum())
        load[unloading] = 0
    tx, ty = homes  # home, unless...
    legs = np.empty(rows.size, np.int8)
    legs.fill(BACK)
    loaded = (load > 0).nonzero()[0]  # ...loaded: to a drop-off
    if loaded.size:
        _drop_offs(world, places, x[loaded], y[loaded], hubs[loaded], kind[loaded], tx, ty, loaded)
    empty = (load == 0).nonzero()[0]  # ...empty: to a street worth the flight
    if empty.size and places.stop_x.size:
        going, streets, kinds = _trips(world, store, places, turn, hubs[empty], state[empty] == OUT, kind[empty], out)
        sent = empty[going]
        tx[sent], ty[sent], legs[sent], kind[sent] = places.stop_x[streets], places.stop_y[streets], OUT, kinds
    store.col("tx")[rows], store.col("ty")[rows], store.col("state")[rows] = tx, ty, legs
    store.col("load")[rows], store.col("load_type")[rows] = load, kind
    store.col("timer")[rows] = 10_000  # legs end on arrival


def _load(world: World, places: Reach, x: np.ndarray, y: np.ndarray, kind: np.ndarray, load: np.ndarray, arriving: np.ndarray) -> None:
    """Let `arriving` drones at streets load their trips' waste types from the street's tiles, tile by tile up to their carry.

    `load` grows by what they take. Two drones at one street after one type: the first (in row
    order) loads, the other looks elsewhere. Only the loading streets' tiles are read and written
    (a few hundred of the thousands `Reach.pile_tiles` holds), by one compiled loop (kernels.load_drones).
    """
    kernels.load_drones(
        x, y, kind, load, arriving, places.street_of_tile, places.street_tiles, places.street_real, world.waste.reshape(-1),
        world.width, world.rules.drone_carry, places.stop_x.size,
    )


def _drop_offs(
    world: World, places: Reach, x: np.ndarray, y: np.ndarray, hubs: np.ndarray, kind: np.ndarray,
    tx: np.ndarray, ty: np.ndarray, at: np.ndarray,
) -> None:
    """Point loaded drones (entries `at` of tx, ty) at the nearest powered plant in their hub's reach that takes the load.

    Where there is none, tx, ty keep the hub. Ties go to the first plant (one compiled loop: kernels.drop_offs).
    """
    if places.plant_rows.size == 0:
        return
    kernels.drop_offs(
        x, y, hubs, kind, at, tx, ty, places.drop_offs, world.buildings.col("served_permille"), places.plant_rows,
        places.plant_x, places.plant_y, len(WASTE_TYPES),
    )


def _trips(
    world: World, store: AgentStore, places: Reach, turn: slice, hubs: np.ndarray, beaten: np.ndarray, kind: np.ndarray, out: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Choose empty drones' trips: return which go, and for those the street and the waste type.

    The type is drawn by Ecolife's priority weights among the types with a worthwhile street (an
    eighth of a load or more) in the hub's reach, or, while some have a quarter of a load waiting,
    among those: the weights share out the trips as they share out the ground crews' capacity,
    and nothing is fetched that neither the depot nor a landfill has room for. A drone `beaten` to
    its street by another keeps its type. Each trip claims a load from its street (`out` are the
    drones already on their way), and the drones of a hub after one type take that type's best
    streets one each, so they spread over the district. The streets' piles are read from
    the waste grids, as the drones that arrived left them. `turn`
    (see `cadence.turn_rows`) picks the hubs whose turn it is, `hubs` among them.
    """
    types, streets = len(WASTE_TYPES), places.stop_x.size
    carry = world.rules.drone_carry
    least = max(1, carry // WORTHWHILE_PART)
    offers = places.offers
    world.waste.reshape(-1).take(places.pile_tiles, out=places.piles, mode="wrap")  # ("wrap": the cheapest mode; every index is in range)
    np.add.reduceat(places.piles, places.pile_starts, out=offers[:-1])
    if out.size:
        claimed = places.street_of_tile[store.col("ty")[out] * world.width + store.col("tx")[out]]
        kept = claimed >= 0
        np.subtract.at(offers[:-1].reshape(types, streets), (store.col("load_type")[out][kept], claimed[kept]), carry)
    # The hubs whose turn it is are every `turns`-th from `turn.start`: `local` is each drone's hub among them.
    local = hubs // turn.step
    ranked = _ranked(places, turn)
    best = ranked[:, :, 0]  # (hubs, types): the key of the hub's best street for the type
    fuller = best < _offering(carry // FULLER_PART, streets)
    worthwhile = np.where(np.logical_or.reduce(fuller, axis=1, keepdims=True), fuller, best < _offering(least, streets))
    # (a handful of types: plain Python is faster than numpy calls here)
    full = [stock >= world.rules.depot_capacity for stock in world.depot.tolist()]
    if any(full) and landfill_room(world) > 0:  # what the depot has no room for spills to the landfills...
        full = [index == HAZARDOUS and full[index] and neglect_is_criminal(world) for index in range(types)]  # ...but the inspectors keep hazardous out
    type_weights = np.array([0 if no_room else weight for weight, no_room in zip(waste_weights(world), full)], np.int64)
    hub_weights = worthwhile * type_weights  # (hubs, types)
    shares = np.add.accumulate(hub_weights, axis=1).take(local, axis=0)  # (drones, types): the weights' running totals (`take`: cheaper than indexing rows)
    draws = world.rng.integers(0, 1 << 30, hubs.size) % np.maximum(shares[:, -1], 1)  # (one bound for all: much the faster draw)
    kinds = np.where(beaten, kind, (shares > draws[:, None]).argmax(axis=1))
    groups = local * types + kinds  # the drones of one hub after one type go to that type's best streets, one each
    wanted = hub_weights.reshape(-1)[groups] > 0
    chosen = ranked.reshape(-1, ranked.shape[2])[groups, _ranks(groups, wanted, ranked.shape[2] - 1)]
    going = wanted & (chosen < _offering(least, streets))
    return going, chosen[going] % streets, kinds[going]


def _ranked(places: Reach, hubs: slice) -> np.ndarray:
    """Rank the streets of `hubs` (a slice of `Reach.hubs`) per waste type by what they offer (`places.offers`), best first, ties to the first street.

    Only the streets in a hub's reach are ranked (a few dozen of thousands). Returns (hubs, types,
    most streets in a hub's reach) keys `street - offer * streets`: sorted, they give the order (a
    plain sort of distinct keys is the same on every machine), `key % streets` gives the street and
    `_offering` tells what it offers. The padding (street 0) offers OUT_OF_REACH: never a trip, and last.
    """
    keys = places.offers.take(places.near_offers[hubs])
    keys *= -places.stop_x.size
    keys += places.near[hubs][:, None, :]
    keys.sort(axis=2)
    ranked: np.ndarray = keys
    return ranked


def _offering(units: int, streets: int) -> int:
    """Return the bound under which a `_ranked` key's street offers at least `units`."""
    return (1 - units) * streets  # offer >= units <=> street - offer * streets < (1 - units) * streets, as 0 <= street < streets


def _ranks(groups: np.ndarray, wanted: np.ndarray, last: int) -> np.ndarray:
    """Return each wanted entry's rank among the wanted entries of its group, in order, at most `last` (others: anything in range).

    A stable sort puts each group's wanted entries together in order; an entry's rank is its
    place less where its group starts.
    """
    keys = np.where(wanted, groups, -1)  # the unwanted: one group of their own
    order = keys.argsort(kind="stable")
    ordered = keys[order]
    ranks = np.empty(keys.size, np.int64)
    ranks[order] = np.arange(keys.size) - ordered.searchsorted(ordered)
    return np.minimum(ranks, last, out=ranks)


def _send(store: AgentStore, rows: np.ndarray, tx: np.ndarray, ty: np.ndarray, state: int) -> None:
    """Give drones `rows` a new target and state; a long timer, since their legs end on arrival."""
    store.col("tx")[rows] = tx
    store.col("ty")[rows] = ty
    store.col("state")[rows] = state
    store.col("timer")[rows] = 10_000


def _patrol(world: World, agents: Agents, rows: np.ndarray, homes: np.ndarray, intensity: int) -> None:
    """Send arrived security drones (`homes`: their hubs' x and y, see `Squad.homes`) to a random point around their hubs; the radius grows with intensity."""
    reach = max(1, world.rules.drone_patrol_radius * intensity)
    targets = world.rng.integers(-reach, reach + 1, (2, rows.size))
    targets += homes
    # (minimum/maximum in place: np.clip costs several times more on arrays this small)
    np.maximum(targets, 0, out=targets)
    np.minimum(targets[0], world.width - 1, out=targets[0])
    np.minimum(targets[1], world.height - 1, out=targets[1])
    _send(agents.store, rows, targets[0], targets[1], PATROL)


def _intercept(world: World, agents: Agents, flags: np.ndarray) -> None:
    """Loaded walkers (not amnestied collectors) in a searched cell (`flags`: see danger_cells) may be caught: load seized, tribe fined."""
    store = agents.store
    loaded = (walkers(agents) & (store.col("load") > 0)).nonzero()[0]
    if loaded.size == 0:
        return
    seen = loaded[flags[cell_of(world, store.col("x")[loaded], store.col("y")[loaded])]]
    if seen.size == 0:
        return
    camps_x, camps_y, collectors = tribe_arrays(agents)
    if any(collectors.tolist()):  # (usually no tribe collects: then nobody seen is spared, and four numpy calls go)
        seen = seen[~collectors[store.col("owner")[seen]]]
    crackdown = world.policies.get("scavenger_stance", 0) < 0
    chance = world.rules.drone_crackdown_permille if crackdown else world.rules.drone_intercept_permille
    caught = seen[world.rng.integers(0, 1000, seen.size) < chance]
    if caught.size == 0:
        return
    deliver_loads(world, store.col("load_type")[caught], store.col("load")[caught])
    tribes = store.col("owner")[caught]
    _charge(world, agents, tribes)
    agents.today["intercepted"] += int(caught.size)
    store.col("load")[caught] = 0
    store.col("state")[caught] = HOME
    store.col("tx")[caught] = camps_x[tribes]
    store.col("ty")[caught] = camps_y[tribes]
    store.col("timer")[caught] = 10_000


def _charge(world: World, agents: Agents, tribes: np.ndarray) -> None:
    """Fine the tribes of seized loads or caches (one fine each) and count it against them."""
    known = agents.tribes
    for tribe in tribes.tolist():  # (a handful at a time: plain Python is faster than a bincount)
        known[tribe].intercepted += 1
    fine = int(tribes.size) * world.rules.drone_fine
    world.ledger.fines = saturated_funds(world.ledger.fines + fine)
    agents.today["fined"] = min(MAX_FIGURE, agents.today["fined"] + fine)


def _cell_tiles(world: World) -> tuple[np.ndarray, bool]:
    """Return the flat tiles of each search cell (cells, tiles a cell; -1 pads cells cut by the map's edge) and whether any are padded.

    Built from the map's size and the cell's side, which never change in a world.
    """
    cell = max(1, world.rules.drone_detect_cell)
    across, down = -(-world.width // cell), -(-world.height // cell)
    y, x = np.mgrid[0 : down * cell, 0 : across * cell]
    tiles = np.where((y < world.height) & (x < world.width), y * world.width + x, -1)
    # Cell index (y // cell) * across + x // cell, as `cell_of` numbers them; tiles row by row within.
    by_cell = tiles.reshape(down, cell, across, cell).transpose(0, 2, 1, 3).reshape(down * across, cell * cell)
    return by_cell, bool((by_cell < 0).any())


def search_caches(world: World, agents: Agents, flags: np.ndarray) -> int:
    """Seize every cache in a cell a patrolling security drone searches (`flags`: see danger_cells); return the units found."""
    searched, padded = world.layout.derive(_cell_tiles, world)
    tiles = searched.take(flags.nonzero()[0], axis=0).reshape(-1)  # a few searched cells: far fewer tiles than the map (`take`: cheaper than indexing rows)
    if padded:
        tiles = tiles[tiles >= 0]
    sites = agents.sites
    tiles = tiles[sites.occupied[tiles]]
    if tiles.size == 0:
        return 0
    found = np.searchsorted(sites.tiles, np.sort(tiles))
    places = tuple((cache.x, cache.y, cache.units, cache.owner) for cache in (sites.caches[index] for index in found.tolist()))
    units, owners = agents.seize(world, found)
    _charge(world, agents, owners[owners > 0] - 1)
    world.emit(CacheSeized(units, int(found.size), agents.today["seized"], places))
    return units
