"""The scavengers system: walkers pick waste, smuggle hazardous loads into caches and tap power lines.

Every step works on whole columns of the agent store (no per-agent Python). A walker heads for a
target picked with `world.rng` (a waste pile, metal and e-waste first; a power-line tile; its camp;
a cache site on ruins or undercity near the camp) and re-picks when it arrives or its timer runs
out. Walkers near a patrolling security drone break off and head home. Caches pollute their tile;
taps siphon kW from the line's network, which the power system subtracts on the next tick. Once a
day each tribe grows or shrinks with food and pollution, and its unrest moves with policy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from game.sim import kernels
from game.sim.agents import (
    HIDE,
    HOME,
    MAX_TRIBE_MEMBERS,
    PATROL,
    SEEK,
    TAP,
    TribeRestless,
)
from game.sim.cadence import ROUND_TICKS, TURN_AGENTS, errand_round, on_errand_round, on_turn, turn_rows, turns_for
from game.sim.state import saturated_funds
from game.sim.systems.collection import deliver_loads, home_tiles
from game.sim.terrain import RUINS, UNDERCITY, WATER
from game.sim.waste import WASTE_TYPES

if TYPE_CHECKING:
    from game.sim.agents import Agents, AgentStore
    from game.sim.components import Cache, Tribe
    from game.sim.world import World

HAZARDOUS = WASTE_TYPES.index("hazardous")
METAL = WASTE_TYPES.index("metal")
VALUABLE = np.array([WASTE_TYPES.index(name) for name in ("metal", "ewaste")])
# What a walker takes from a pile, first to last, by the errand it is on (SCRAP, SMUGGLING, COLLECTING); a type its
# errand leaves gets a False in `TAKES`. Metal and e-waste sell, hazardous pays to hide; organic
# and plastic are worth nothing on the street, so only paid collectors take them.
PICK_ORDERS = np.array([
    [WASTE_TYPES.index(name) for name in names]
    for names in (
        ("metal", "ewaste", "hazardous", "plastic", "organic"),  # scrap: what sells first
        ("hazardous", "metal", "ewaste", "plastic", "organic"),  # smuggling: hazardous to hide
        ("hazardous", "ewaste", "metal", "plastic", "organic"),  # collecting under amnesty: what Ecolife neglects first
    )
])
TAKES = np.array([[True, True, True, False, False], [True, True, True, False, False], [True] * 5])
_PICK_ORDERS_FLAT, _TAKES_FLAT = PICK_ORDERS.astype(np.int64).reshape(-1), TAKES.reshape(-1)  # as kernels.pick_up takes them
HOME_TIMER = 10_000  # ticks: going home ends on arrival, not on a timer
SCRAP, SMUGGLING, COLLECTING = 0, 1, 2  # a seeking walker's errand (its `load_type` says scrap or hazardous)
MAX_PATIENCE = 200_000  # ticks: the most a walker's timer is set to (game.sim.agents.MAX_TIMER bounds it in a save)
CACHE_DRAWS = 4  # tiles drawn for a new cache site, the first hideout among them taken
CACHE_SPACING = 3  # tiles: the least distance from its camp at which a tribe hides its drums
CANDIDATE_SAMPLES = 4  # random candidate targets a walker compares, taking the nearest
# A new errand (see _retarget: scrap, smuggling, collecting, a tap): the state it puts a walker in, and what it is after.
ERRAND_STATES = np.array([SEEK, SEEK, SEEK, TAP], np.int8)
ERRAND_WANTS = np.array([METAL, HAZARDOUS, HAZARDOUS, 0], np.int8)
TAP_ERRAND = 3
NO_ERRAND = 4  # nothing to go for: the walker rests at its camp


def start_day(world: World) -> None:
    """At midnight: today's street figures become yesterday's and join the game's totals."""
    agents = world.agents
    if world.tick:
        agents.start_day()
    else:  # the first day has no yesterday
        agents.today = dict.fromkeys(agents.today, 0)


def move(world: World) -> None:
    """Step every agent one tick towards its target; note who arrived or timed out, and the kWh the taps drew."""
    agents = world.agents
    agents.due = _move(world, agents)
    agents.due_version = agents.store.version
    power = world.power
    if power.siphoned_kw.shape == power.supply_kw.shape:  # what a tap draws, its network can give (a tick is an hour)
        # (in plain Python: a city has a few networks, far fewer than the numpy calls would cost)
        agents.today["tapped_kwh"] += sum(map(min, power.siphoned_kw.tolist(), power.supply_kw.tolist()))


def act(world: World) -> None:
    """The walkers whose turn it is (by row; in a big city a quarter a tick) and who are due act; taps siphon.

    Taps siphon the same kW from one turn to the next.
    """
    agents = world.agents
    turns = turns_for(agents.store.count, TURN_AGENTS)
    if turn_rows(world.tick, turns) is None:
        return
    if agents.due.size and agents.tribes:
        _act(world, agents, turns)
    siphoned = np.zeros(world.power.network_count + 1, np.int64)
    _siphon(world, agents, siphoned)
    world.power.siphoned_kw = siphoned
    agents.today["tapped_kw"] = sum(siphoned.tolist())  # (a few networks: a Python sum is cheaper than numpy's)


def cache_emission(world: World) -> None:
    """Once a round, the caches emit the round's pollution."""
    emit_caches(world, world.agents, ROUND_TICKS)


def settle(world: World) -> None:
    """At day end, each tribe grows or shrinks and its unrest moves."""
    if world.agents.tribes:
        settle_tribes(world, world.agents)


def _siphon(world: World, agents: Agents, siphoned: np.ndarray) -> None:
    """Add the kW each walker standing on the line tile it went for siphons from that tile's network; note the tiles they draw at."""
    store = agents.store
    power = world.power
    tapping = (store.col("state") == TAP).nonzero()[0]  # (only walkers have this state)
    if tapping.size == 0:
        if power.tap_tiles.size:
            power.tap_tiles, power.tap_kw = power.tap_tiles[:0], power.tap_kw[:0]
        return
    x, y = store.col("x")[tapping], store.col("y")[tapping]
    on_line = (x == store.col("tx")[tapping]) & (y == store.col("ty")[tapping])
    tiles = y[on_line].astype(np.int64) * world.width + x[on_line]
    networks = world.network.reshape(-1)[tiles]
    siphoned += np.bincount(networks, minlength=siphoned.size)[: siphoned.size] * world.rules.scavenger_tap_kw
    siphoned[0] = 0
    # Where they draw, for telling found taps from unfound ones (game.sim.systems.taps).
    tiles, drawing = _tile_counts(tiles[networks > 0] if world.rules.scavenger_tap_kw else tiles[:0])
    power.tap_tiles, power.tap_kw = tiles, drawing.astype(np.int64) * world.rules.scavenger_tap_kw


def speeds(world: World, agents: Agents) -> np.ndarray:
    """Return each agent's speed in tiles per tick along each axis (security drones: faster on patrol)."""
    return agents.roster.derive(_speeds, world, int(world.policies.get("patrol_intensity", 1)))


def _speeds(world: World, intensity: int) -> np.ndarray:
    rules = world.rules
    table = np.array([rules.scavenger_speed, rules.drone_speed, rules.drone_speed + max(0, intensity - 1)], np.int32)
    speed: np.ndarray = table[world.agents.store.col("kind")]
    return speed


def _move(world: World, agents: Agents) -> np.ndarray:
    """Step every agent towards its target; return the rows that arrived or whose timer ran out.

    Drones fly; people walk round the canals: a walker whose step ends in water keeps one axis of
    the step if that is dry, else stays (a blocked walker's timer runs out and it picks anew). One
    compiled loop over the table (game.sim.kernels.move): a tick's every agent, each tick.
    """
    store = agents.store
    if store.count == 0:
        return np.zeros(0, np.int64)
    due = np.empty(store.count, np.int64)
    arrived = kernels.move(
        store.col("x"), store.col("y"), store.col("px"), store.col("py"), store.col("tx"), store.col("ty"), store.col("timer"),
        speeds(world, agents), walkers(agents), world.layout.derive(_water, world).reshape(-1), due, world.width,
    )
    return due[:arrived]


def _act(world: World, agents: Agents, turns: int) -> None:
    """Walkers whose turn it is that arrived or timed out act: pick up, hide, deliver, or pick a new errand."""
    store = agents.store
    due = agents.due
    if turns > 1:  # (in one turn every row's turn is now)
        due = due[on_turn(due, world.tick, turns)]
    rows = due[walkers(agents)[due]]
    camps_x, camps_y, collectors = tribe_arrays(agents)
    _flee(world, agents, turns, camps_x, camps_y)
    if rows.size == 0:
        return
    rules = world.rules
    state, load, timer = store.col("state")[rows], store.col("load")[rows], store.col("timer")[rows]
    # (on the whole columns, then the rows': cheaper than gathering four columns' rows)
    arrived = store.col("x") == store.col("tx")
    arrived &= store.col("y") == store.col("ty")
    arrived = arrived[rows]
    _pick_up(world, agents, rows[arrived & (state == SEEK)], camps_x, camps_y, collectors)
    _hide(world, agents, rows[arrived & (state == HIDE)], camps_x, camps_y)
    home = arrived & (state == HOME)
    _deliver(world, agents, rows[home & (load > 0)], collectors)
    # Home empty-handed from an errand cut short: rest a little before the next one.
    back = rows[home & (load == 0) & (timer > rules.scavenger_retarget_ticks)]
    store.col("timer")[back] = rules.scavenger_retarget_ticks // 2
    if not errand_round(world.tick, turns):
        return
    idle = rows[on_errand_round(rows, world.tick, turns) & (store.col("timer")[rows] <= 0)]
    if idle.size:
        _retarget(world, agents, idle, camps_x, camps_y, collectors)


def tribe_arrays(agents: Agents) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the camps' x, y and whether each tribe works as collectors, per tribe index."""
    tribes = agents.tribes
    layout = agents.layout
    return layout.camps_x, layout.camps_y, np.array([tribe.collectors for tribe in tribes], bool)  # (from a list: cheaper than np.fromiter on ten tribes)


def danger_cells(world: World, agents: Agents) -> np.ndarray | None:
    """Return a flag per search cell with a patrolling security drone in it, or None if there is none."""
    store = agents.store
    guards = agents.roster.guards
    patrolling = guards[store.col("state")[guards] == PATROL]
    if patrolling.size == 0:
        return None
    flags = np.zeros(cell_count(world), bool)
    flags[cell_of(world, store.col("x")[patrolling], store.col("y")[patrolling])] = True
    return flags


def cell_count(world: World) -> int:
    """Return the number of search cells on the map."""
    cell = max(1, world.rules.drone_detect_cell)
    return int(-(-world.width // cell) * -(-world.height // cell))


def cell_of(world: World, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Return the search cell index of tiles (x, y)."""
    cell = max(1, world.rules.drone_detect_cell)
    cells: np.ndarray = (y // cell) * -(-world.width // cell) + x // cell
    return cells


def walkers(agents: Agents) -> np.ndarray:
    """Return a mask of the store rows that are scavengers."""
    return agents.roster.walkers


def _flee(world: World, agents: Agents, turns: int, camps_x: np.ndarray, camps_y: np.ndarray) -> None:
    """Walkers out on the map in a cell a security drone patrols break off and head for their camp."""
    flags = danger_cells(world, agents)
    if flags is None:
        return
    store = agents.store
    turn = turn_rows(world.tick, turns)
    assert turn is not None
    # (the cells of all the turn's rows, on the columns' slices: cheaper than gathering the walkers' x and y first)
    danger = flags[cell_of(world, store.col("x")[turn], store.col("y")[turn])]
    danger &= walkers(agents)[turn]
    danger &= store.col("state")[turn] != HOME  # out on the map
    fleeing = danger.nonzero()[0]
    if turns > 1:  # from the turn's rows back to the table's
        fleeing = fleeing * turns + turn.start
    _head_home(store, fleeing, camps_x, camps_y)


def _pick_up(world: World, agents: Agents, rows: np.ndarray, camps_x: np.ndarray, camps_y: np.ndarray, collectors: np.ndarray) -> None:
    """Walkers at a pile take up to a load, in their errand's order; then head home, or to their tribe's cache with hazardous waste.

    One walker per pile and tick, the first in row order. Its errand is collecting if its tribe
    collects, else smuggling if it went for hazardous waste, else scrap; it takes the first type in
    its errand's `PICK_ORDERS` that lies on its tile and `TAKES` allows. Nothing there: it picks
    anew next tick. One compiled loop over the walkers (kernels.pick_up); the caches, found in
    plain Python, come after it.
    """
    if rows.size == 0:
        return
    store = agents.store
    hiding = np.empty(rows.size, np.int64)
    picked, hidden = kernels.pick_up(
        rows, store.col("x"), store.col("y"), store.col("owner"), store.col("load"), store.col("load_type"), store.col("state"),
        store.col("tx"), store.col("ty"), store.col("timer"), world.waste.reshape(-1), collectors, camps_x, camps_y,
        _PICK_ORDERS_FLAT, _TAKES_FLAT, hiding, world.width, world.rules.scavenger_carry, HAZARDOUS, HOME, HOME_TIMER,
    )
    agents.today["picked_up"] += picked
    if hidden:
        hide_rows = hiding[:hidden]
        sx, sy = cache_targets(world, agents, store.col("owner")[hide_rows])
        store.col("state")[hide_rows] = HIDE
        store.col("tx")[hide_rows] = sx
        store.col("ty")[hide_rows] = sy


def cache_targets(world: World, agents: Agents, tribes: np.ndarray) -> tuple[list[int], list[int]]:
    """Return where each walker of `tribes` hides its load: its tribe's fullest cache near the camp with room, else one new site a tribe.

    A tribe piles its drums into one cache until it holds `cache_full_units`, so caches grow into
    the hotspots the undercity knows; a cache found or full sends the tribe to a new site.
    """
    camps = agents.tribes
    reach = max(1, world.rules.scavenger_range // 3)
    full = world.rules.cache_full_units
    # Per tribe of `tribes` its fullest cache with room, ties to the first tile (the caches are in tile order). In
    # plain Python: a city has tens of caches and tribes, fewer than the numpy calls would cost.
    best: dict[int, Cache] = {}
    wanted = tribes.tolist()
    needed = set(wanted)  # (an unknown owner's caches, tribe -1, are nobody's)
    for cache in agents.sites.caches:
        tribe = cache.owner - 1
        if tribe in needed and cache.units < full:
            camp = camps[tribe]
            if max(abs(cache.x - camp.x), abs(cache.y - camp.y)) <= reach and (tribe not in best or cache.units > best[tribe].units):
                best[tribe] = cache
    targets = {tribe: (cache.x, cache.y) for tribe, cache in best.items()}
    new = sorted(needed.difference(targets))  # one new site a tribe without a cache, drawn in tribe order
    if new:
        sites_x, sites_y = cache_sites(world, [camps[tribe].x for tribe in new], [camps[tribe].y for tribe in new])
        targets.update(zip(new, zip(sites_x, sites_y)))
    return [targets[tribe][0] for tribe in wanted], [targets[tribe][1] for tribe in wanted]


def _tile_counts(tiles: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the distinct `tiles`, ascending, and how often each occurs (as np.unique's return_counts, at half its cost)."""
    ordered = np.sort(tiles)
    last = np.empty(ordered.size, bool)
    last[-1:] = True
    np.not_equal(ordered[:-1], ordered[1:], out=last[:-1])
    ends = last.nonzero()[0]
    counts = ends + 1
    np.subtract(ends[1:], ends[:-1], out=counts[1:])
    return ordered[ends], counts


def _head_home(store: AgentStore, rows: np.ndarray, camps_x: np.ndarray, camps_y: np.ndarray) -> None:
    """Send walkers `rows` back to their camps."""
    if rows.size == 0:
        return
    tribes = store.col("owner")[rows]
    store.col("state")[rows] = HOME
    store.col("tx")[rows] = camps_x[tribes]
    store.col("ty")[rows] = camps_y[tribes]
    store.col("timer")[rows] = HOME_TIMER


def cache_sites(world: World, camps_x: list[int], camps_y: list[int]) -> tuple[list[int], list[int]]:
    """Return a ruins or undercity tile near each camp but not at it (the camp itself when every draw misses).

    A few tiles are drawn for each camp, `scavenger_range // 3` about it at most and
    CACHE_SPACING from it at least (nobody sleeps beside the drums); the first that is a hideout is taken.
    """
    reach = max(CACHE_SPACING, world.rules.scavenger_range // 3)
    shape = (CACHE_DRAWS, len(camps_x))
    draws_x = world.rng.integers(-reach, reach + 1, shape).T.tolist()  # per camp its draws
    draws_y = world.rng.integers(-reach, reach + 1, shape).T.tolist()
    hideouts = world.layout.derive(_hideouts, world)
    last_x, last_y = world.width - 1, world.height - 1
    sites_x, sites_y = list(camps_x), list(camps_y)
    # In plain Python: a few camps draw a few tiles each, far fewer than the numpy calls would cost.
    for camp, (camp_x, camp_y, across, down) in enumerate(zip(camps_x, camps_y, draws_x, draws_y)):
        for dx, dy in zip(across, down):
            x, y = min(max(camp_x + dx, 0), last_x), min(max(camp_y + dy, 0), last_y)
            if hideouts[y, x] and max(abs(x - camp_x), abs(y - camp_y)) >= CACHE_SPACING:
                sites_x[camp], sites_y[camp] = x, y
                break
    return sites_x, sites_y


def _hide(world: World, agents: Agents, rows: np.ndarray, camps_x: np.ndarray, camps_y: np.ndarray) -> None:
    """Walkers at a cache site leave their hazardous load there and head home."""
    if rows.size == 0:
        return
    store = agents.store
    owners, load = store.col("owner")[rows], store.col("load")[rows]
    agents.hide(store.col("y")[rows].astype(np.int64) * world.width + store.col("x")[rows], owners + 1, load)
    _feed(agents, owners, load)  # hiding it is paid work: it feeds the tribe
    agents.today["smuggled"] += sum(load.tolist())  # (a few walkers: cheaper than numpy's sum)
    store.col("load")[rows] = 0
    _head_home(store, rows, camps_x, camps_y)


def _deliver(world: World, agents: Agents, rows: np.ndarray, collectors: np.ndarray) -> None:
    """Walkers home with a load: it feeds the tribe; collectors' loads go on to the depot, paid."""
    store = agents.store
    if rows.size:
        tribes = store.col("owner")[rows]
        load = store.col("load")[rows]
        _feed(agents, tribes, load)
        paid = collectors[tribes]
        if np.count_nonzero(paid):  # (cheaper than any())
            units = int(deliver_loads(world, store.col("load_type")[rows][paid], load[paid]).sum())
            agents.today["delivered"] += units
            world.ledger.wages = saturated_funds(world.ledger.wages + units * world.rules.scavenger_wage)
        store.col("load")[rows] = 0
        store.col("timer")[rows] = 0


def _feed(agents: Agents, tribes: np.ndarray, units: np.ndarray) -> None:
    """Add the `units` walkers brought to their tribes' food (`tribes`: each walker's tribe index)."""
    fed = np.bincount(tribes, weights=units, minlength=len(agents.tribes))
    for tribe, amount in zip(agents.tribes, fed.tolist()):
        if amount:
            tribe.fed += int(amount)


def _retarget(world: World, agents: Agents, rows: np.ndarray, camps_x: np.ndarray, camps_y: np.ndarray, collectors: np.ndarray) -> None:
    """Give idle walkers a new errand: a power line (some, never collectors), hazardous waste to hide (some), or scrap.

    Collectors under amnesty go for any pile, the hazardous ones first; the others go for metal
    and e-waste, or for hazardous waste when they smuggle. A crackdown halves the smuggling.
    """
    store = agents.store
    rules = world.rules
    load = store.col("load")[rows]
    if np.count_nonzero(load):  # (far cheaper than masking when, as mostly, nobody idle is loaded)
        loaded = load > 0
        _head_home(store, rows[loaded], camps_x, camps_y)
        rows = rows[~loaded]
        if rows.size == 0:
            return
    crackdown = world.policies.get("scavenger_stance", 0) < 0
    lines = _line_tiles(world)
    if crackdown and agents.taps.tiles.size:
        lines = lines[~agents.taps.occupied[lines]]  # a crackdown cuts the taps drones found (game.sim.systems.taps)
    draws = world.rng.integers(0, 1000, (2, rows.size))
    hazards = _hazard_tiles(world)
    scrap = _pile_tiles(world)
    # Each walker's case, 0 to 7: drew a tap (1), drew smuggling (2), its tribe collects (4); then one look-up
    # in the table of the cases' errands gives its errand (numpy calls, not walkers, are the cost here).
    case = (draws[1] < rules.scavenger_smuggle_permille // (2 if crackdown else 1)) * 2
    case += draws[0] < rules.scavenger_tap_permille
    errands = [
        TAP_ERRAND if tap and lines.size else SMUGGLING if smuggle and hazards.size else SCRAP if scrap.size else NO_ERRAND
        for smuggle in (False, True)
        for tap in (False, True)
    ]
    piles = scrap
    if any(tribe.collectors for tribe in agents.tribes):
        collecting = collectors[store.col("owner")[rows]]
        case += collecting * 4
        if collecting.any():
            piles = _any_pile_tiles(world)
        errands += [COLLECTING if piles.size else NO_ERRAND] * 4
    errand = np.array(errands, np.int8).take(case)
    # By errand (ERRAND_STATES' order, then nothing to go for), each errand's walkers in row order.
    counts = np.bincount(errand, minlength=NO_ERRAND + 1).tolist()
    order = errand.argsort(kind="stable")
    ranked = rows[order]
    sent = ranked[: rows.size - counts[NO_ERRAND]]
    # Candidates are drawn errand by errand, as the random draws always came; the rest is one pass over everyone sent.
    drawn = [
        candidates.take(world.rng.integers(0, candidates.size, (count, CANDIDATE_SAMPLES)))
        for count, candidates in zip(counts, (scrap, hazards, piles, lines))
        if count
    ]
    if sent.size:
        errand = errand[order[: sent.size]]
        x, y = store.col("x")[sent], store.col("y")[sent]
        ty, tx = np.divmod(_nearest_of(np.concatenate(drawn), x, y, world.width), world.width)
        store.col("state")[sent] = ERRAND_STATES.take(errand)
        store.col("tx")[sent] = tx
        store.col("ty")[sent] = ty
        store.col("load_type")[sent] = ERRAND_WANTS.take(errand)  # what an empty walker is after
        # Patience: the walk there, then `scavenger_retarget_ticks` (and a tap's stay on the line: the taps come last).
        patience = np.maximum(np.abs(tx - x), np.abs(ty - y)) // max(1, rules.scavenger_speed)
        patience += rules.scavenger_retarget_ticks
        patience[sent.size - counts[TAP_ERRAND] :] += rules.scavenger_tap_ticks
        store.col("timer")[sent] = np.minimum(patience, MAX_PATIENCE)
    waiting = ranked[sent.size :]  # nothing to go for: rest at the camp
    _head_home(store, waiting, camps_x, camps_y)
    store.col("timer")[waiting] = rules.scavenger_retarget_ticks


def _nearest_of(drawn: np.ndarray, x: np.ndarray, y: np.ndarray, width: int) -> np.ndarray:
    """Return, per walker at (x, y), the nearest of its row of candidate tiles `drawn` (flat, on a map `width` wide)."""
    along_y, along_x = np.divmod(drawn, width)
    along_x -= x[:, None]
    along_y -= y[:, None]
    distance = np.abs(along_x, out=along_x)
    distance += np.abs(along_y, out=along_y)
    nearest: np.ndarray = drawn.take(distance.argmin(axis=1) + np.arange(0, drawn.size, drawn.shape[1]))  # (take: cheaper than [every, argmin])
    return nearest


def _pile_tiles(world: World) -> np.ndarray:
    """Return the flat indices of housing tiles with scrap worth taking: metal or e-waste piles, else hazardous ones."""
    tiles = home_tiles(world)
    flat = world.waste.reshape(len(WASTE_TYPES), -1)
    # One plane at a time with take, OR-ed: piles are never negative, so a non-zero OR is a pile
    # (several times faster than fancy indexing the planes and tiles together).
    found = flat[VALUABLE[0]].take(tiles)
    for kind in VALUABLE[1:].tolist():
        found |= flat[kind].take(tiles)
    valuable: np.ndarray = tiles[found > 0]
    if valuable.size:
        return valuable
    return _hazard_tiles(world)


def _hazard_tiles(world: World) -> np.ndarray:
    """Return the flat indices of housing tiles with hazardous waste lying on them."""
    tiles = home_tiles(world)
    hazardous: np.ndarray = tiles[world.waste[HAZARDOUS].reshape(-1).take(tiles) > 0]
    return hazardous


def _any_pile_tiles(world: World) -> np.ndarray:
    """Return the flat indices of housing tiles with any waste lying on them."""
    tiles = home_tiles(world)
    flat = world.waste.reshape(len(WASTE_TYPES), -1)
    found = flat[0].take(tiles)
    for kind in range(1, len(WASTE_TYPES)):
        found |= flat[kind].take(tiles)
    piles: np.ndarray = tiles[found > 0]
    return piles


def _line_tiles(world: World) -> np.ndarray:
    """Return the flat indices of every power-line tile."""
    return world.layout.derive(_power_line_tiles, world)


def _power_line_tiles(world: World) -> np.ndarray:
    from game.sim.buildings import BUILDING_INDEX

    return _kind_tiles(world, BUILDING_INDEX["power_line"])


def _water(world: World) -> np.ndarray:
    water: np.ndarray = world.terrain == WATER
    return water


def _hideouts(world: World) -> np.ndarray:
    return np.isin(world.terrain, (RUINS, UNDERCITY))


def _kind_tiles(world: World, kind: int) -> np.ndarray:
    """Return the flat indices of the top-left tiles of every building of `kind`."""
    rows = np.flatnonzero(world.layout.kinds == kind)
    tiles: np.ndarray = (world.layout.y[rows] * world.width + world.layout.x[rows]).astype(np.int64)
    return tiles


def emit_caches(world: World, agents: Agents, ticks: int) -> None:
    """Add what the caches emit over `ticks` ticks to the pollution grid, carrying thousandths exactly."""
    sites = agents.sites
    caches = sites.caches
    if not caches:
        return
    units = np.fromiter((cache.units for cache in caches), np.int64, len(caches))
    owed = np.fromiter((cache.milli for cache in caches), np.int64, len(caches))
    owed += units * world.rules.cache_emission_milli * ticks
    flat = world.pollution.reshape(-1)
    flat[sites.tiles] = np.minimum(flat[sites.tiles] + owed // 1000, world.rules.pollution_cap)
    for cache, carry in zip(caches, (owed % 1000).tolist()):
        cache.milli = carry


def settle_tribes(world: World, agents: Agents) -> None:
    """Grow or shrink each tribe with food and pollution, move its unrest, then match its walkers.

    A fed tribe grows, more slowly as its camp fills up to `scavenger_capacity_permille` of its
    founders; a hungry or poisoned one loses members, but never its core (`scavenger_floor_permille`
    of the founders), who have nowhere else to go.
    """
    rules = world.rules
    stance = world.policies.get("scavenger_stance", 0)
    community = bool(world.policies.get("community_recycling", 0))
    calm = rules.scavenger_community_calm if community else 0
    founders = [camp.members for camp in world.scenario.camps]
    for index, tribe in enumerate(agents.tribes):
        founded = founders[index] if index < len(founders) else tribe.members
        need = (tribe.members * rules.scavenger_food_per_100_members + 99) // 100
        if community:  # community recycling's paid rounds: honest work that feeds part of the undercity
            tribe.fed += need * rules.scavenger_community_food_percent // 100
        delta = -calm + min(tribe.intercepted * rules.scavenger_intercept_unrest, rules.scavenger_seized_unrest_max)
        if stance < 0:
            delta += rules.scavenger_crackdown_unrest
        elif stance > 0:
            delta -= rules.scavenger_amnesty_calm
        if tribe.fed < need:
            delta += rules.scavenger_hunger_unrest
            _lose_members(tribe, rules.scavenger_starve_permille, founded * rules.scavenger_floor_permille // 1000)
        else:
            tribe.members += _growth(tribe.members, max(1, founded * rules.scavenger_capacity_permille // 1000), rules.scavenger_growth_permille)
        if int(world.pollution[tribe.y, tribe.x]) > rules.scavenger_pollution_limit:
            delta += rules.scavenger_pollution_unrest
            _lose_members(tribe, 20, founded * rules.scavenger_floor_permille // 1000)
        tribe.members = min(MAX_TRIBE_MEMBERS, max(0, tribe.members))
        was = tribe.unrest
        tribe.unrest = min(100, max(0, tribe.unrest + delta))
        if was < rules.scavenger_restless_unrest <= tribe.unrest:
            world.emit(TribeRestless(tribe.name, tribe.unrest))
        tribe.collectors = stance > 0 and tribe.unrest < rules.scavenger_amnesty_below
        tribe.fed = 0
        tribe.intercepted = 0
    agents.match_all(world)


def _growth(members: int, capacity: int, permille: int) -> int:
    """Return the members a fed tribe gains in a day: `permille` of its members, scaled by the room left in its camp (logistic)."""
    room = capacity - members
    if room <= 0:
        return 0
    return min(room, max(1, members * permille * room // (1000 * capacity)))


def _lose_members(tribe: Tribe, permille: int, core: int) -> None:
    """Take `permille` of a tribe's members (at least one) away, never below its `core` (a tribe already smaller keeps what it has)."""
    if tribe.members <= core:
        return
    tribe.members = max(core, tribe.members - max(1, tribe.members * permille // 1000))
