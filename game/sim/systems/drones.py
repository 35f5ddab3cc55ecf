"""The drones system: each drone hub's collection and security drones.

Collection drones are the visible carriers of a hub's collection capacity (the collection system
moves the waste): they fly to housing blocks with waste, picking the block's waste type by
Ecolife's priority weights, and back to the hub with the load the hub's capacity gives them. A hub
without power grounds its drones: they land at the hub and stop.
Security drones patrol around their hub (radius and speed grow with the patrol intensity; 0 keeps
them grounded, as does an event that hacks them until `agents.security_off_until`). A loaded walker
in the square a drone searches may be caught: its load goes to the depot and its tribe is fined.
Every few ticks they also search for caches: what they find goes to the depot as seized hazardous
waste, evidence of what Ecolife ignored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from game.sim.agents import (
    BACK,
    COLLECTION_DRONE,
    GROUNDED,
    OUT,
    PATROL,
    SCAVENGER,
    SECURITY_DRONE,
    CacheSeized,
)
from game.sim.systems.collection import footprint_tiles
from game.sim.systems.scavengers import HOME, cell_of, danger_cells, tribe_arrays
from game.sim.waste import WASTE_ROUND_TICKS, WASTE_TYPES

if TYPE_CHECKING:
    from game.sim.agents import Agents, AgentStore
    from game.sim.simulation import Simulation

HAZARDOUS = WASTE_TYPES.index("hazardous")
LAUNCH_CADENCE = 8  # ticks between the collection drones' departures from their hubs (one look at the blocks)
HAZARD_FLOOR_WEIGHT = 50  # least priority weight hazardous waste gets while neglect is criminal


def run(sim: Simulation) -> None:
    """Match drones to hubs, ground or launch them with power, give arrived ones their next leg."""
    agents = sim.agents
    if agents.drones_layout != sim.layout_version:
        match_hubs(sim, agents)
    drones, hub_rows = drone_rows(sim, agents)
    if drones.size == 0:
        return
    store = agents.store
    table = sim.buildings
    security = store.col("kind")[drones] == SECURITY_DRONE
    intensity = int(sim.policies.get("patrol_intensity", 1))
    guarding = intensity > 0 and sim.tick >= agents.security_off_until
    flying = table.col("served_permille")[hub_rows] > 0
    if not guarding:
        flying &= ~security
    landed = drones[~flying]
    if landed.size:
        _ground(store, landed, table.col("x")[hub_rows[~flying]], table.col("y")[hub_rows[~flying]])
    if sim.tick % 2 == 0:
        return  # drones take new legs, catch and search on odd ticks; walkers act on even ones
    # Drones that arrived (or were grounded and may fly again) take their next leg.
    due = np.zeros(store.count, bool)
    if getattr(agents, "due_version", -1) == store.version:
        due[agents.due] = True
    due[drones[store.col("state")[drones] == GROUNDED]] = True
    ready = flying & due[drones]
    collectors = ready & ~security
    if collectors.any():
        _fly_collectors(sim, agents, drones[collectors], hub_rows[collectors])
    patrol = ready & security
    if sim.tick % 4 == 1 and patrol.any():  # patrols hover a moment at each point before the next
        _patrol(sim, agents, drones[patrol], hub_rows[patrol], intensity)
    if guarding and (flying & security).any():
        if sim.tick % 4 == 1:
            _intercept(sim, agents)
        if sim.tick // 2 % max(1, sim.rules.drone_search_ticks) == 0:
            search_caches(sim, agents)


def drone_rows(sim: Simulation, agents: Agents) -> tuple[np.ndarray, np.ndarray]:
    """Return the store rows of every drone and the building-table row of each one's hub (cached)."""
    key = (agents.store.version, sim.layout_version)
    cached = agents.derived.get("drones")
    if cached is None or cached[0] != key:
        store = agents.store
        drones = np.flatnonzero(store.col("kind") != SCAVENGER)
        hubs = sim.rows_with("collection_per_tick")
        hub_rows = hubs[np.searchsorted(sim.buildings.col("id")[hubs], store.col("owner")[drones])] if hubs.size else drones[:0]
        cached = (key, drones, hub_rows)
        agents.derived["drones"] = cached
    return cached[1], cached[2]


def match_hubs(sim: Simulation, agents: Agents) -> None:
    """Remove the drones of hubs that are gone and give every hub its drones (new ones at the hub)."""
    store = agents.store
    table = sim.buildings
    hubs = sim.rows_with("collection_per_tick")
    ids = table.col("id")[hubs]
    kind = store.col("kind")
    drone = kind != SCAVENGER
    store.keep(~drone | np.isin(store.col("owner"), ids))
    kind, owner = store.col("kind"), store.col("owner")
    for hub_id, row in zip(ids.tolist(), hubs.tolist()):
        x, y = int(table.col("x")[row]), int(table.col("y")[row])
        for drone_kind, wanted in ((COLLECTION_DRONE, sim.rules.drone_collection_per_hub), (SECURITY_DRONE, sim.rules.drone_security_per_hub)):
            have = int(((kind == drone_kind) & (owner == hub_id)).sum())
            if wanted > have:
                store.add(wanted - have, kind=drone_kind, x=x, y=y, px=x, py=y, tx=x, ty=y, owner=hub_id, state=GROUNDED)
                kind, owner = store.col("kind"), store.col("owner")
    agents.drones_layout = sim.layout_version


def _ground(store: AgentStore, rows: np.ndarray, hub_x: np.ndarray, hub_y: np.ndarray) -> None:
    """Land drones `rows` at their hubs: empty, stopped."""
    if rows.size == 0:
        return
    store.col("x")[rows] = hub_x
    store.col("y")[rows] = hub_y
    store.col("tx")[rows] = hub_x
    store.col("ty")[rows] = hub_y
    store.col("load")[rows] = 0
    store.col("state")[rows] = GROUNDED
    store.col("timer")[rows] = 10_000


def waste_weights(sim: Simulation) -> np.ndarray:
    """Return Ecolife's priority weight per waste type; neglect criminalised puts a floor under hazardous."""
    weights = np.array([sim.policies.get(f"priority.{name}", 0) for name in WASTE_TYPES], np.int64)
    if sim.policies.get("criminalise_neglect", 0):
        weights[HAZARDOUS] = max(int(weights[HAZARDOUS]), HAZARD_FLOOR_WEIGHT)
    return weights


def _fly_collectors(sim: Simulation, agents: Agents, rows: np.ndarray, hub_rows: np.ndarray) -> None:
    """Arrived collection drones: at a block they load up and turn home; at the hub they unload and go out."""
    store = agents.store
    state = store.col("state")
    table = sim.buildings
    out = state[rows] == OUT
    if out.any():
        # The load a drone shows is its share of its hub's capacity over one collection round.
        hubs = hub_rows[out]
        capacity = sim.type_column("collection_per_tick")[hubs] * table.col("served_permille")[hubs] // 1000
        store.col("load")[rows[out]] = capacity * WASTE_ROUND_TICKS // max(1, sim.rules.drone_collection_per_hub)
        _send(store, rows[out], table.col("x")[hubs], table.col("y")[hubs], BACK)
    home = rows[~out]
    if home.size and sim.tick % LAUNCH_CADENCE == 1:  # drones back at the hub set out together
        store.col("load")[home] = 0
        targets = _block_targets(sim, home.size)
        if targets is None:
            state[home] = BACK  # nothing to fetch: wait at the hub
            store.col("timer")[home] = sim.rules.scavenger_retarget_ticks
            return
        tiles, kinds = targets
        _send(store, home, tiles % sim.width, tiles // sim.width, OUT)
        store.col("load_type")[home] = kinds


def _send(store: AgentStore, rows: np.ndarray, tx: np.ndarray, ty: np.ndarray, state: int) -> None:
    """Give drones `rows` a new target and state; a long timer, since their legs end on arrival."""
    store.col("tx")[rows] = tx
    store.col("ty")[rows] = ty
    store.col("state")[rows] = state
    store.col("timer")[rows] = 10_000


def _block_targets(sim: Simulation, count: int) -> tuple[np.ndarray, np.ndarray] | None:
    """Return `count` housing tiles with waste and the waste type each is for, types drawn by priority."""
    homes = sim.rows_with("housing_capacity")
    if homes.size == 0:
        return None
    tiles = sim.per_layout(("collection", "tiles"), lambda: footprint_tiles(sim, homes))
    piles = sim.waste.reshape(len(WASTE_TYPES), -1)[:, tiles]
    present = piles.sum(axis=1) > 0
    weights = waste_weights(sim) * present
    if weights.sum() == 0:
        return None
    kinds = np.searchsorted(np.cumsum(weights), sim.rng.integers(0, int(weights.sum()), count), side="right")
    chosen = np.empty(count, np.int64)
    for kind in np.unique(kinds).tolist():
        where = np.flatnonzero(piles[kind] > 0)
        picks = kinds == kind
        chosen[picks] = tiles[where[sim.rng.integers(0, where.size, int(picks.sum()))]]
    return chosen, kinds.astype(np.int8)


def _patrol(sim: Simulation, agents: Agents, rows: np.ndarray, hub_rows: np.ndarray, intensity: int) -> None:
    """Send arrived security drones to a random point around their hubs; the radius grows with intensity."""
    table = sim.buildings
    reach = max(1, sim.rules.drone_patrol_radius * intensity)
    offsets = sim.rng.integers(-reach, reach + 1, (2, rows.size))
    # (minimum/maximum: np.clip costs several times more on arrays this small)
    tx = np.minimum(np.maximum(table.col("x")[hub_rows] + offsets[0], 0), sim.width - 1)
    ty = np.minimum(np.maximum(table.col("y")[hub_rows] + offsets[1], 0), sim.height - 1)
    _send(agents.store, rows, tx, ty, PATROL)


def _intercept(sim: Simulation, agents: Agents) -> None:
    """Loaded walkers (not amnestied collectors) in a searched cell may be caught: load seized, tribe fined."""
    flags = danger_cells(sim, agents)
    store = agents.store
    loaded = np.flatnonzero((store.col("kind") == SCAVENGER) & (store.col("load") > 0))
    if flags is None or loaded.size == 0:
        return
    seen = loaded[flags[cell_of(sim, store.col("x")[loaded], store.col("y")[loaded])]]
    if seen.size == 0:
        return
    _, _, collectors = tribe_arrays(agents)
    seen = seen[~collectors[store.col("owner")[seen]]]
    crackdown = sim.policies.get("scavenger_stance", 0) < 0
    chance = sim.rules.drone_crackdown_permille if crackdown else sim.rules.drone_intercept_permille
    caught = seen[sim.rng.integers(0, 1000, seen.size) < chance]
    if caught.size == 0:
        return
    per_type = np.bincount(store.col("load_type")[caught], weights=store.col("load")[caught], minlength=len(WASTE_TYPES)).astype(np.int64)
    sim.depot += per_type
    sim.counters.collected += per_type
    _charge(sim, agents, store.col("owner")[caught])
    agents.today["intercepted"] += int(caught.size)
    store.col("load")[caught] = 0
    tribes = store.col("owner")[caught]
    store.col("state")[caught] = HOME
    camps_x, camps_y, _ = tribe_arrays(agents)
    store.col("tx")[caught] = camps_x[tribes]
    store.col("ty")[caught] = camps_y[tribes]
    store.col("timer")[caught] = 10_000


def _charge(sim: Simulation, agents: Agents, tribes: np.ndarray) -> None:
    """Fine the tribes of seized loads or caches (one fine each) and count it against them."""
    counts = np.bincount(tribes, minlength=len(agents.tribes))
    for index in np.flatnonzero(counts).tolist():
        agents.tribes[index].intercepted += int(counts[index])
    sim.ledger.fines += int(counts.sum()) * sim.rules.drone_fine


def search_caches(sim: Simulation, agents: Agents) -> int:
    """Seize every cache in a cell a patrolling security drone searches; return the units found."""
    flags = danger_cells(sim, agents)
    tiles = np.flatnonzero(agents.caches)
    if flags is None or tiles.size == 0:
        return 0
    found = tiles[flags[cell_of(sim, tiles % sim.width, tiles // sim.width)]]
    if found.size == 0:
        return 0
    caches = agents.caches.reshape(-1)
    units = int(caches[found].sum())
    owners = agents.cache_owner.reshape(-1)[found]
    sim.depot[HAZARDOUS] += units
    sim.counters.collected[HAZARDOUS] += units
    _charge(sim, agents, owners[owners > 0] - 1)
    agents.today["seized"] += units
    sim.emit(CacheSeized(units, int(found.size)))
    caches[found] = 0
    agents.cache_owner.reshape(-1)[found] = 0
    agents.cache_milli.reshape(-1)[found] = 0
    return units
