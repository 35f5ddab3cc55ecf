"""Scavenger tribes, their agents and caches, and the drones: the state the street-level systems share.

Agents live in a struct-of-arrays store (`AgentStore`): one row per walker or drone, columns of
numpy integers, so the scavenger and drone systems move thousands of them with whole-array steps.
Rows are kept in a stable order: new agents go to the end and removing some compacts the rest
without reordering them, so iteration (and therefore the random draws) is deterministic.

Agent `state` values (int8):
  scavengers        0 SEEK (walking to a waste pile), 1 HOME (to the camp, maybe loaded, or resting there),
                    2 HIDE (to a cache site with hazardous waste), 3 TAP (to a line tile, then siphoning on it)
  collection drones 0 GROUNDED (landed where it was: its hub is unpowered), 1 OUT (to a street of blocks),
                    2 BACK (a load to a plant or the hub, or empty to the hub, or idle there)
  security drones   0 GROUNDED, 4 PATROL (circling the hub)
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, Final

import numpy as np

from game.sim.components import Cache, Tap, Tribe
from game.sim.layout import CacheSites, Layout, Roster, TapSites, build_cache_sites, build_roster, build_tap_sites, with_caches
from game.sim.rules_agents import AGENT_RULE_MAXIMA
from game.sim.state import add_to_tally
from game.sim.waste import HAZARDOUS, MAX_WASTE_PER_TILE, WASTE_TYPES

if TYPE_CHECKING:
    from game.sim.world import World

AGENT_KINDS: Final = ("scavenger", "collection_drone", "security_drone")
SCAVENGER, COLLECTION_DRONE, SECURITY_DRONE = 0, 1, 2

SEEK, HOME, HIDE, TAP, PATROL = 0, 1, 2, 3, 4
GROUNDED, OUT, BACK = 0, 1, 2

# Column name -> dtype. Tiles, waste units, ticks.
COLUMNS: Final[dict[str, type]] = {
    "kind": np.int8,  # index into AGENT_KINDS
    "x": np.int32,  # tile now
    "y": np.int32,
    "px": np.int32,  # tile at the start of this tick, for a renderer to interpolate
    "py": np.int32,
    "tx": np.int32,  # target tile
    "ty": np.int32,
    "load": np.int32,  # waste units carried
    "load_type": np.int8,  # index into WASTE_TYPES of what is carried (an empty seeking walker: what it is after)
    "owner": np.int32,  # tribe index for scavengers, hub building id for drones
    "state": np.int8,  # see the module docstring
    "timer": np.int32,  # ticks until the agent re-picks its target
}
DAY_FIGURES: Final = (
    "smuggled", "seized", "intercepted", "picked_up", "delivered", "tapped_kw", "drone_collected", "tapped_kwh", "fined",
    "inspections", "neglect_fined", "taps_found",
)
# The day figures that add up over a game (tapped_kw is a reading, the kW taps draw at the moment):
# `Agents.totals` keeps them summed over the days before today.
TOTAL_FIGURES: Final = tuple(name for name in DAY_FIGURES if name != "tapped_kw")
MAX_TOTAL: Final = 2**62  # a game's running total saturates here, as the waste tallies do
MAX_AGENTS: Final = 1_000_000  # rows of the agent store: MAX_DRONES and at most MAX_TRIBES camps of walkers
MAX_TRIBES: Final = 64  # one a camp, and a level has at most 64 camps
MAX_DRONES: Final = 600_000  # the hubs first built get their drones first; MAX_TRIBES times the largest camp cap is the rest
MAX_TRIBE_MEMBERS: Final = 10_000_000  # a tribe grows no larger, whatever its food and the rules
# Waste units one agent carries at most: the larger of the two carry rules' maxima.
MAX_LOAD: Final = max(AGENT_RULE_MAXIMA["scavenger_carry"], AGENT_RULE_MAXIMA["drone_carry"])
# Ticks an agent's timer holds either way in a save: it counts down one a tick and is reset to at
# most 200,000 ticks, so one loaded within this range runs 2**30 ticks (122,000 game years) before int32 ends.
MAX_TIMER: Final = 2**30
MAX_FIGURE: Final = 10**15  # a tribe's or a day's tally (units fed, seized, kW tapped ...)


@dataclass(frozen=True, slots=True)
class CacheSeized:
    """Security drones found hidden hazardous waste: proof of what went uncollected."""

    units: int
    caches: int
    today: int = 0  # units seized so far today, these included
    sites: tuple[tuple[int, int, int, int], ...] = ()  # each cache found: (x, y, units, its tribe's place + 1, 0 unknown)

    @property
    def message(self) -> str:
        """One sentence for the player."""
        found = f"{self.caches} hidden cache{'s' * (self.caches != 1)}: {self.units} unit{'s' * (self.units != 1)}"
        tally = f" ({self.today:,} seized today)" if self.today > self.units else ""
        return f"Security drones dug up {found} of hazardous waste nobody collected{tally}."


@dataclass(frozen=True, slots=True)
class TapsFound:
    """Security drones found power taps on the lines: where the grid's unexplained loss went."""

    taps: int
    kw: int  # what they draw now
    cut: bool = False  # under a crackdown, cut at once
    today: int = 0  # taps found so far today, these included

    @property
    def message(self) -> str:
        """One sentence for the player."""
        found = f"{self.taps} illegal tap{'s' * (self.taps != 1)} on the power lines"
        tally = f" ({self.today:,} found today)" if self.today > self.taps else ""
        if self.cut:
            back = f": {self.kw:,} kW back for the buildings" if self.kw else ""
            return f"Security drones traced and cut {found}{back}{tally}."
        if self.kw == 0:  # a grid short of supply gives its taps nothing this hour
            return f"Security drones traced {found}; they draw nothing while the grid is short{tally}."
        return f"Security drones traced {found}, drawing {self.kw:,} kW the grid could not account for{tally}."


@dataclass(frozen=True, slots=True)
class TribeRestless:
    """A tribe's unrest crossed into the danger zone at day end."""

    tribe: str
    unrest: int

    @property
    def message(self) -> str:
        """One sentence for the player."""
        return f"The {self.tribe} camp is seething: unrest at {self.unrest} of 100."


class AgentStore:
    """Rows of per-agent numbers; `col(name)` is the live view of one column over the used rows."""

    def __init__(self, capacity: int = 64) -> None:
        self._capacity = max(1, capacity)
        self.count = 0
        self.version = 0  # bumps whenever rows are added or removed (for derived caches)
        self._data: dict[str, np.ndarray] = {name: np.zeros(self._capacity, dtype) for name, dtype in COLUMNS.items()}

    def col(self, name: str) -> np.ndarray:
        """Return the live view of column `name` over the used rows."""
        return self._data[name][: self.count]

    def add(self, n: int, **values: Any) -> slice:
        """Append `n` rows with the given column values (scalars or arrays); return their slice."""
        while self.count + n > self._capacity:
            self._grow()
        rows = slice(self.count, self.count + n)
        for name, array in self._data.items():
            array[rows] = values.get(name, 0)
        self.count += n
        self.version += 1
        return rows

    def keep(self, mask: np.ndarray) -> None:
        """Drop the rows where `mask` is False, keeping the survivors in their order."""
        kept = int(mask.sum())
        if kept == self.count:
            return
        for array in self._data.values():
            array[:kept] = array[: self.count][mask]
        self.count = kept
        self.version += 1

    def _grow(self) -> None:
        """Double the capacity, keeping the used rows."""
        self._capacity *= 2
        for name, array in self._data.items():
            grown = np.zeros(self._capacity, array.dtype)
            grown[: self.count] = array[: self.count]
            self._data[name] = grown

    def columns(self) -> dict[str, np.ndarray]:
        """Return every column's used rows, for hashing and saving."""
        return {name: self.col(name) for name in COLUMNS}


TRIBE_FIELDS: Final = ("name", "x", "y", "members", "unrest", "collectors", "fed", "intercepted")
_TRIBE_FIELDS: Final = tuple(field.name for field in fields(Tribe))  # all primitives: saved as asdict would, without its deep copy


class Agents:
    """Everything that walks or flies over the map."""

    def __init__(self, world: World) -> None:
        width = world.width
        self._world = world  # the tribes are its esper entities (read through its layout)
        self._sites = build_cache_sites(world.entities, width, width * world.height)
        self._taps = build_tap_sites(world.entities, width, width * world.height)
        self.store = AgentStore()
        self.security_off_until = 0
        self.today = dict.fromkeys(DAY_FIGURES, 0)
        self.yesterday = dict.fromkeys(DAY_FIGURES, 0)
        self.totals = dict.fromkeys(TOTAL_FIGURES, 0)  # summed over the days before today
        # Scratch of one tick, never saved: the rows that arrived or timed out in this tick's move
        # (the walkers' and drones' systems act on them), and the store version they were taken at.
        self.due = np.zeros(0, np.int64)
        self.due_version = -1
        self._roster = build_roster(self.store.col("kind"), -1)

    @property
    def roster(self) -> Roster:
        """The agent table's rows by kind (game.sim.layout), rebuilt whenever rows came or went."""
        if self._roster.version != self.store.version:
            self._roster = build_roster(self.store.col("kind"), self.store.version)
        return self._roster

    @property
    def layout(self) -> Layout:
        """The world's layout, where the tribes are projected."""
        return self._world.layout

    @property
    def tribes(self) -> tuple[Tribe, ...]:
        """The tribes, in the order of their esper entities (a walker's `owner` is its tribe's place here)."""
        return self.layout.tribes

    def add_tribe(self, tribe: Tribe) -> None:
        """Found a tribe: a new esper entity with its `Tribe` component."""
        self._world.entities.create(tribe)

    @classmethod
    def from_scenario(cls, world: World) -> Agents:
        """Return the agents a new game starts with: one tribe per camp, its walkers at the camp."""
        agents = cls(world)
        amnesty = world.policies.get("scavenger_stance", 0) > 0
        for camp in world.scenario.camps:
            collectors = amnesty and camp.unrest < world.rules.scavenger_amnesty_below
            agents.add_tribe(Tribe(camp.name, camp.x, camp.y, camp.members, camp.unrest, collectors))
        agents.match_all(world)
        return agents

    # --- the contract ---------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        """Return how many agents of each kind exist."""
        per_kind = np.bincount(self.store.col("kind"), minlength=len(AGENT_KINDS))
        return {"scavengers": int(per_kind[0]), "collection_drones": int(per_kind[1]), "security_drones": int(per_kind[2])}

    def carried(self) -> np.ndarray:
        """Return the waste units on board collection drones, per waste type (collected once unloaded)."""
        store = self.store
        drones = store.col("kind") == COLLECTION_DRONE
        loads = np.bincount(store.col("load_type")[drones], weights=store.col("load")[drones], minlength=len(WASTE_TYPES))
        return loads.astype(np.int64)

    # --- caches: esper entities with a Cache ---------------------------------------------------
    @property
    def sites(self) -> CacheSites:
        """The caches' tiles and entities (game.sim.layout), rebuilt whenever a cache appears or goes."""
        entities = self._world.entities
        if self._sites.version != entities.version_of(Cache):
            self._sites = build_cache_sites(entities, self._world.width, self._world.width * self._world.height)
        return self._sites

    # --- found taps: esper entities with a Tap -------------------------------------------------
    @property
    def taps(self) -> TapSites:
        """The found taps' tiles and entities (game.sim.layout), rebuilt whenever a tap is found or dropped."""
        entities = self._world.entities
        if self._taps.version != entities.version_of(Tap):
            self._taps = build_tap_sites(entities, self._world.width, self._world.width * self._world.height)
        return self._taps

    def record_taps(self, tiles: np.ndarray, tick: int) -> int:
        """Put the taps on flat `tiles` on record as found at `tick` (a tile already on record stays as it was); return how many are new."""
        width = self._world.width
        new = [tile for tile in np.unique(tiles).tolist() if not self.taps.occupied[tile]]
        for tile in new:
            self._world.entities.create(Tap(tile % width, tile // width, tick))
        return len(new)

    def drop_taps(self, places: np.ndarray) -> None:
        """Take the found taps at places `places` (in `taps`) off the record."""
        for entity in self.taps.entities[places].tolist():
            self._world.entities.delete(entity)

    def start_day(self) -> None:
        """At midnight: today's figures become yesterday's and join the game's totals."""
        for name in TOTAL_FIGURES:
            self.totals[name] = min(MAX_TOTAL, self.totals[name] + self.today[name])
        self.yesterday = dict(self.today)
        self.today = dict.fromkeys(DAY_FIGURES, 0)

    def so_far(self) -> dict[str, int]:
        """Return the game's totals of the figures that add up, today's included."""
        return {name: min(MAX_TOTAL, self.totals[name] + self.today[name]) for name in TOTAL_FIGURES}

    def cache_total(self) -> int:
        """Return the hazardous units hidden in caches over the whole map."""
        return sum(cache.units for cache in self.sites.caches)

    def hide(self, tiles: np.ndarray, owners: np.ndarray, units: np.ndarray) -> None:
        """Add `units` to the caches on flat `tiles` (a new cache where there is none), each marked as its `owners`' (tribe + 1); the last on a tile marks it."""
        sites = self.sites
        width = self._world.width
        # Per tile the units added and the last owner, in plain Python: a batch is a few walkers, far fewer than numpy calls cost.
        added: dict[int, int] = {}
        last_owner: dict[int, int] = {}
        for tile, owner, amount in zip(tiles.tolist(), owners.tolist(), units.tolist()):
            added[tile] = added.get(tile, 0) + amount
            last_owner[tile] = owner
        placed = sorted(added)
        held = sites.occupied[placed].tolist()
        new: list[tuple[int, int, Cache]] = []
        for tile, place, there in zip(placed, np.searchsorted(sites.tiles, placed).tolist(), held):
            amount = added[tile]
            if there:
                cache = sites.caches[place]
                cache.units = min(MAX_WASTE_PER_TILE, cache.units + amount)
                cache.owner = last_owner[tile]
            elif amount > 0:
                cache = Cache(tile % width, tile // width, min(MAX_WASTE_PER_TILE, amount), last_owner[tile])
                new.append((tile, self._world.entities.create(cache), cache))
        if new:
            self._sites = with_caches(sites, new, self._world.entities.version_of(Cache))

    def seize(self, world: World, found: np.ndarray) -> tuple[int, np.ndarray]:
        """Move the caches at places `found` (in `sites`) to the depot's hazardous pile; return the units and the owners (tribe + 1)."""
        sites = self.sites
        caches = [sites.caches[index] for index in found.tolist()]
        units = sum(cache.units for cache in caches)
        owners = np.array([cache.owner for cache in caches], np.int64)
        for entity in sites.entities[found].tolist():
            world.entities.delete(entity)
        add_to_tally(world.depot[HAZARDOUS : HAZARDOUS + 1], units)
        add_to_tally(world.counters.collected[HAZARDOUS : HAZARDOUS + 1], units)
        self.today["seized"] += units
        return units, owners

    def cache_grids(self) -> dict[str, np.ndarray]:
        """Return the caches as grids (units, owner, thousandths owed per tile), as saves keep them."""
        height, width = self._world.height, self._world.width
        grids = {name: np.zeros(height * width, np.int32) for name in ("caches", "cache_owner", "cache_milli")}
        sites = self.sites
        for name, field in (("caches", "units"), ("cache_owner", "owner"), ("cache_milli", "milli")):
            grids[name][sites.tiles] = [getattr(cache, field) for cache in sites.caches]
        return {name: grid.reshape(height, width) for name, grid in grids.items()}

    def unrest_max(self) -> int:
        """Return the highest unrest of any tribe (0 with no tribes)."""
        return max((tribe.unrest for tribe in self.tribes), default=0)

    def unrest_mean(self) -> int:
        """Return the tribes' mean unrest, rounded down (0 with no tribes)."""
        return sum(tribe.unrest for tribe in self.tribes) // len(self.tribes) if self.tribes else 0

    def adjust_unrest(self, tribe: int | None, delta: int) -> None:
        """Move one tribe's unrest (None: every tribe's) by `delta`, kept within 0..100."""
        for index in self._indices(tribe):
            self.tribes[index].unrest = min(100, max(0, self.tribes[index].unrest + delta))

    def grow_tribe(self, tribe: int | None, members: int) -> None:
        """Add `members` to one tribe (None: every tribe); negative shrinks, never below zero."""
        for index in self._indices(tribe):
            self.tribes[index].members = min(MAX_TRIBE_MEMBERS, max(0, self.tribes[index].members + members))

    def disable_security(self, world: World, ticks: int) -> None:
        """Ground every security drone for `ticks` ticks from now."""
        self.security_off_until = max(self.security_off_until, world.tick + max(0, ticks))

    def seize_caches(self, world: World) -> int:
        """Find every cache: move its units to the depot's hazardous pile; return the units."""
        return self.seize(world, np.arange(self.sites.tiles.size))[0]

    def _indices(self, tribe: int | None) -> range:
        if tribe is None:
            return range(len(self.tribes))
        return range(tribe, tribe + 1) if 0 <= tribe < len(self.tribes) else range(0)

    # --- walkers --------------------------------------------------------------------------------
    def match_all(self, world: World) -> None:
        """Add walkers at their camps, or remove each tribe's last ones, so each tribe shows its members."""
        store = self.store
        count = len(self.tribes)
        per = max(1, world.rules.scavenger_members_per_agent)
        members = np.fromiter((tribe.members for tribe in self.tribes), np.int64, count)
        want = np.minimum(world.rules.scavengers_per_camp_cap, (members + per - 1) // per)
        scavengers = store.col("kind") == SCAVENGER
        owners = store.col("owner")[scavengers]
        have = np.bincount(owners, minlength=count)[:count]
        if (have > want).any():
            # Rank each walker within its tribe (stable: the first rows rank lowest); drop the tail.
            order = np.argsort(owners, kind="stable")
            starts = np.concatenate(([0], np.cumsum(have)[:-1]))
            rank = np.empty(owners.size, np.int64)
            rank[order] = np.arange(owners.size) - starts[owners[order]]
            keep = np.ones(store.count, bool)
            keep[np.flatnonzero(scavengers)[rank >= want[owners]]] = False
            store.keep(keep)
        short = np.maximum(want - have, 0)
        if short.any():
            tribes = np.repeat(np.arange(count), short)
            camps_x = np.fromiter((tribe.x for tribe in self.tribes), np.int32, count)[tribes]
            camps_y = np.fromiter((tribe.y for tribe in self.tribes), np.int32, count)[tribes]
            store.add(tribes.size, kind=SCAVENGER, x=camps_x, y=camps_y, px=camps_x, py=camps_y,
                      tx=camps_x, ty=camps_y, owner=tribes, state=HOME)

    # --- save and hash --------------------------------------------------------------------------
    def capture(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        """Return (meta, arrays) from which `restore` rebuilds this state exactly."""
        meta = {
            "tribes": [{name: getattr(tribe, name) for name in _TRIBE_FIELDS} for tribe in self.tribes],
            "security_off_until": self.security_off_until,
            "today": dict(self.today),
            "yesterday": dict(self.yesterday),
            "totals": dict(self.totals),
            "taps": [[tap.x, tap.y, tap.found_tick] for tap in self.taps.taps],  # in tile order
        }
        arrays = self.cache_grids()
        arrays.update({f"col_{name}": column.copy() for name, column in self.store.columns().items()})
        return meta, arrays

    @classmethod
    def restore(cls, world: World, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> Agents:
        """Return the state `capture` described; SnapshotError naming the field if it is damaged."""
        from game.sim.checks import (
            SnapshotError,
            checked_dict,
            checked_int,
            checked_list,
            checked_str,
        )

        path = "society.agents"
        for entity, _ in list(world.entities.each(Tribe)):  # the tribes a new world founded from the scenario
            world.entities.delete(entity)
        agents = cls(world)
        grid = (world.height, world.width)
        tribes = checked_list(meta, "tribes", path, MAX_TRIBES)
        units = _own_array(arrays, "caches", np.int32, grid, 0, MAX_WASTE_PER_TILE)
        owners = _own_array(arrays, "cache_owner", np.int32, grid, 0, len(tribes))
        milli = _own_array(arrays, "cache_milli", np.int32, grid, 0, 999)
        for y, x in zip(*np.nonzero(units | owners | milli)):
            world.entities.create(Cache(int(x), int(y), int(units[y, x]), int(owners[y, x]), int(milli[y, x])))
        for index, raw in enumerate(tribes):
            where = f"{path}.tribes[{index}]"
            if not isinstance(raw, dict):
                raise SnapshotError(f"{where}: expected a table")
            collectors = raw.get("collectors")
            if not isinstance(collectors, bool):
                raise SnapshotError(f"{where}.collectors: expected true or false")
            agents.add_tribe(Tribe(
                name=checked_str(raw, "name", where),
                x=checked_int(raw, "x", where, 0, world.width - 1),
                y=checked_int(raw, "y", where, 0, world.height - 1),
                members=checked_int(raw, "members", where, 0, MAX_TRIBE_MEMBERS),
                unrest=checked_int(raw, "unrest", where, 0, 100),
                collectors=collectors,
                fed=checked_int(raw, "fed", where, 0, MAX_FIGURE),
                intercepted=checked_int(raw, "intercepted", where, 0, MAX_FIGURE),
            ))
        agents.security_off_until = checked_int(meta, "security_off_until", path, 0, None)
        for name in ("today", "yesterday"):
            figures = checked_dict(meta, name, path)
            setattr(agents, name, {key: checked_int(figures, key, f"{path}.{name}", 0, MAX_FIGURE) for key in DAY_FIGURES})
        totals = checked_dict(meta, "totals", path)
        agents.totals = {key: checked_int(totals, key, f"{path}.totals", 0, MAX_TOTAL) for key in TOTAL_FIGURES}
        _restore_taps(world, checked_list(meta, "taps", path, world.width * world.height), f"{path}.taps")
        kind = arrays.get("col_kind")
        count = kind.shape[0] if isinstance(kind, np.ndarray) and kind.ndim == 1 else -1
        if not 0 <= count <= MAX_AGENTS:
            raise SnapshotError("arrays.agents_col_kind: missing or not a 1-D list of agents")
        limits = {"kind": (0, len(AGENT_KINDS) - 1), "x": (0, world.width - 1), "px": (0, world.width - 1),
                  "tx": (0, world.width - 1), "y": (0, world.height - 1), "py": (0, world.height - 1),
                  "ty": (0, world.height - 1), "load": (0, MAX_LOAD), "load_type": (0, 4), "owner": (0, None),
                  "state": (0, PATROL), "timer": (-MAX_TIMER, MAX_TIMER)}
        columns = {name: _own_array(arrays, f"col_{name}", dtype, (count,), *limits[name]) for name, dtype in COLUMNS.items()}
        scavengers = columns["kind"] == SCAVENGER
        if count and scavengers.any() and int(columns["owner"][scavengers].max()) >= len(agents.tribes):
            raise SnapshotError("arrays.agents_col_owner: a scavenger belongs to a tribe that does not exist")
        if meta.get("empty_collection_drones") is True:  # set by the upgrade of a version-2 save
            columns["load"][columns["kind"] == COLLECTION_DRONE] = 0
        agents.store.add(count, **columns)
        return agents


def _restore_taps(world: World, taps: list[Any], path: str) -> None:
    """Put the saved found taps ([x, y, found tick] each, at most one a tile) back on record; SnapshotError naming a damaged one.

    A tap may lie on a tile whose line was demolished since the last tick (a command applied
    between ticks): the taps system drops it on the next tick, as it would have.
    """
    from game.sim.checks import SnapshotError, checked_int

    seen: set[tuple[int, int]] = set()
    for index, raw in enumerate(taps):
        where = f"{path}[{index}]"
        if not isinstance(raw, list) or len(raw) != 3:
            raise SnapshotError(f"{where}: expected [x, y, found tick]")
        fields = dict(zip(("x", "y", "found_tick"), raw))
        x = checked_int(fields, "x", where, 0, world.width - 1)
        y = checked_int(fields, "y", where, 0, world.height - 1)
        found_tick = checked_int(fields, "found_tick", where, 0, world.tick)
        if (x, y) in seen:
            raise SnapshotError(f"{where}: a second tap on tile ({x}, {y})")
        seen.add((x, y))
        world.entities.create(Tap(x, y, found_tick))


def _own_array(arrays: dict[str, np.ndarray], name: str, dtype: Any, shape: tuple[int, ...], low: int | None, high: int | None) -> np.ndarray:
    """Return a checked copy of one of the agents' arrays; the error names it as saved (`agents_<name>`)."""
    from game.sim.checks import SnapshotError, checked_array

    try:
        return checked_array(arrays, name, dtype, shape, low, high)
    except SnapshotError as error:
        raise SnapshotError(str(error).replace(f"arrays.{name}", f"arrays.agents_{name}", 1)) from None
