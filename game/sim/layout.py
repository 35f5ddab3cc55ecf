"""The layout: the one place that projects the esper entities into frozen numpy columns.

Bulk numeric work (power, waste, pollution, drones) reads rows, positions and component fields
from a `Layout` instead of asking esper each tick. `World.layout` rebuilds it whenever an entity
with a projected component, or such a component, comes or goes (`version_of`), so nothing derived
from the buildings can go stale. Rows are the buildings in id order, the rows of the building table.

Derived data a system builds from the layout (a power network's plant list, the streets a drone
hub serves) hangs off the layout through `derive(builder)`: the builder function itself is the
key, it must be a module-level function of the world that reads only the layout and what never
changes in a world (its size, terrain and rules), and its result lives exactly as long as the layout.
The tribes (entities with a `Tribe`) are projected too: their components in entity order, and
their camps as columns.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import numpy.typing as npt

from game.sim.components import (
    Building,
    DroneHub,
    Emitter,
    Footprint,
    Garden,
    Housing,
    Landfill,
    Position,
    PowerSink,
    PowerSource,
    Recycler,
    Tribe,
    Upkeep,
)

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    from game.sim.ecs import EntityStore
    from game.sim.world import World

T = TypeVar("T")

# The role components the layout projects, each field a column over all rows (0 where absent).
ROLES: tuple[type[DataclassInstance], ...] = (Upkeep, PowerSource, PowerSink, Recycler, Housing, Landfill, Garden, DroneHub, Emitter)


# A building type's attribute names as the front ends ask for them -> the component field that holds it.
ATTRIBUTES: dict[str, tuple[type, str]] = {
    "upkeep": (Upkeep, "credits"), "power_supply_kw": (PowerSource, "kw"), "solar": (PowerSource, "solar"),
    "fuel_per_tick": (PowerSource, "fuel_per_tick"), "power_demand_kw": (PowerSink, "kw"),
    "capacity": (Recycler, "capacity"), "housing_capacity": (Housing, "capacity"),
    "landfill_capacity": (Landfill, "capacity"), "absorption": (Garden, "absorption"), "radius": (Garden, "radius"),
    "drone_range": (DroneHub, "reach"), "emission": (Emitter, "emission"),
}


# Every component type the layout projects: it is rebuilt when an entity with one of them, or one of them, comes or goes.
PROJECTED: tuple[type, ...] = (Building, Position, Footprint, *ROLES, Tribe)


def version_of(store: EntityStore) -> int:
    """Return the version of what the layout projects in `store` (a layout of another version is stale).

    The store must watch `PROJECTED` (`EntityStore(watched=PROJECTED)`): then this is one read.
    """
    return store.watched_version


_Array = TypeVar("_Array", bound=np.ndarray)


def _frozen(array: _Array) -> _Array:
    array.setflags(write=False)
    return array


@dataclass(frozen=True)
class Layout:
    """The buildings as frozen columns, one row per building in id order."""

    version: int  # the version of the projected components it was built from (see `version_of`)
    width_tiles: int  # the map's size (for flat tile indices)
    ids: npt.NDArray[np.int64]  # building id per row
    entities: npt.NDArray[np.int64]  # esper entity per row
    kinds: npt.NDArray[np.int16]  # index into BUILDING_TYPES per row
    x: npt.NDArray[np.int32]  # top-left tile per row
    y: npt.NDArray[np.int32]
    width: npt.NDArray[np.int64]  # footprint per row
    height: npt.NDArray[np.int64]
    tribes: tuple[Tribe, ...]  # the tribes' components, in entity order
    camps_x: npt.NDArray[np.int32]  # each tribe's camp
    camps_y: npt.NDArray[np.int32]
    _masks: dict[type, npt.NDArray[np.bool_]]
    _values: dict[tuple[type, str], npt.NDArray[np.int64]]
    _rows: dict[tuple[type, str], npt.NDArray[np.intp]] = field(default_factory=dict)
    _derived: dict[Callable[..., Any], Any] = field(default_factory=dict)

    @property
    def count(self) -> int:
        """The number of buildings."""
        return int(self.ids.size)

    def mask(self, role: type, name: str | None = None) -> npt.NDArray[np.bool_]:
        """Return which rows have component `role` (with `name`: whose field `name` is non-zero)."""
        return self._masks[role] if name is None else self._values[(role, name)] != 0

    def rows(self, role: type, name: str | None = None) -> npt.NDArray[np.intp]:
        """Return the rows that have component `role` (with `name`: whose field `name` is non-zero), ascending."""
        key = (role, name or "")
        found = self._rows.get(key)
        if found is None:
            found = self._rows[key] = _frozen(np.flatnonzero(self.mask(role, name)))
        return found

    def values(self, role: type, name: str) -> npt.NDArray[np.int64]:
        """Return field `name` of component `role` per row, 0 on rows without it (int64)."""
        return self._values[(role, name)]

    def row_of(self, building_id: int) -> int:
        """Return the row of building `building_id`, or -1 when there is none."""
        row = int(np.searchsorted(self.ids, building_id))
        return row if row < self.ids.size and self.ids[row] == building_id else -1

    def corners(self, rows: npt.NDArray[np.intp]) -> npt.NDArray[np.int64]:
        """Return the flat tile index (y * width + x) of the top-left tile of each of `rows`."""
        return self.y[rows].astype(np.int64) * self.width_tiles + self.x[rows]

    def attribute(self, name: str) -> npt.NDArray[np.int64]:
        """Return a building type attribute per row by its name in game.sim.buildings (width, upkeep, housing_capacity...)."""
        if name in ("width", "height"):
            return self.width if name == "width" else self.height
        return self.values(*ATTRIBUTES[name])

    def derive(self, builder: Callable[[World], T], world: World) -> T:
        """Return `builder(world)`, built once for this layout (see the module docstring)."""
        if builder not in self._derived:
            assert "<" not in builder.__qualname__, f"{builder.__qualname__}: derive from module-level functions only"
            made = builder(world)
            if isinstance(made, np.ndarray):
                made.setflags(write=False)
            self._derived[builder] = made
        return self._derived[builder]  # type: ignore[no-any-return]


def build(store: EntityStore, width_tiles: int) -> Layout:
    """Project the building entities of `store` into a new layout."""
    from game.sim.buildings import BUILDING_INDEX

    found = sorted(((building.building_id, entity, building.kind) for entity, building in store.each(Building)))
    count = len(found)
    row_of_entity = {entity: row for row, (_, entity, _) in enumerate(found)}
    ids = np.fromiter((entry[0] for entry in found), np.int64, count)
    entities = np.fromiter((entry[1] for entry in found), np.int64, count)
    kinds = np.fromiter((BUILDING_INDEX[entry[2]] for entry in found), np.int16, count)
    x, y = np.zeros(count, np.int32), np.zeros(count, np.int32)
    for entity, position in store.each(Position):
        row = row_of_entity.get(entity)
        if row is not None:
            x[row], y[row] = position.x, position.y
    width, height = np.zeros(count, np.int64), np.zeros(count, np.int64)
    for entity, footprint in store.each(Footprint):
        row = row_of_entity[entity]
        width[row], height[row] = footprint.width, footprint.height
    masks: dict[type, npt.NDArray[np.bool_]] = {}
    values: dict[tuple[type, str], npt.NDArray[np.int64]] = {}
    for role in ROLES:
        mask = np.zeros(count, bool)
        names = [spec.name for spec in fields(role)]
        columns = {name: np.zeros(count, np.int64) for name in names}
        for entity, component in store.each(role):
            row = row_of_entity[entity]
            mask[row] = True
            for name in names:
                columns[name][row] = int(getattr(component, name))
        masks[role] = _frozen(mask)
        values.update({(role, name): _frozen(column) for name, column in columns.items()})
    tribes = tuple(tribe for _, tribe in store.each(Tribe))
    camps_x = np.fromiter((tribe.x for tribe in tribes), np.int32, len(tribes))
    camps_y = np.fromiter((tribe.y for tribe in tribes), np.int32, len(tribes))
    return Layout(
        version=version_of(store), tribes=tribes, camps_x=_frozen(camps_x), camps_y=_frozen(camps_y), width_tiles=width_tiles, ids=_frozen(ids), entities=_frozen(entities),
        kinds=_frozen(kinds), x=_frozen(x), y=_frozen(y), width=_frozen(width), height=_frozen(height),
        _masks=masks, _values=values,
    )


def with_buildings(layout: Layout, store: EntityStore, entities: list[int]) -> Layout:
    """Return `layout` (current until `entities` were created, in that order) with those new buildings projected in, as `build` would.

    A build in a big city then costs a few array inserts instead of a walk over every entity, and
    a batch of builds (a tick of many queued commands) costs the same few inserts, not a few each.
    """
    from game.sim.buildings import BUILDING_INDEX

    buildings = [store.component(entity, Building) for entity in entities]
    positions = [store.component(entity, Position) for entity in entities]
    footprints = [store.component(entity, Footprint) for entity in entities]
    ids = np.array([building.building_id for building in buildings], np.int64)
    rows = np.searchsorted(layout.ids, ids)  # new ids only grow, so equal rows keep the order of creation

    def inserted(column: np.ndarray, values: list[Any]) -> np.ndarray:
        return np.insert(column, rows, np.array(values, column.dtype))

    masks = {role: _frozen(inserted(mask, [store.has(entity, role) for entity in entities])) for role, mask in layout._masks.items()}
    values = {
        (role, name): _frozen(inserted(column, [int(getattr(store.component(entity, role), name)) if store.has(entity, role) else 0 for entity in entities]))
        for (role, name), column in layout._values.items()
    }
    return _replace(
        layout, store, masks, values,
        ids=inserted(layout.ids, list(ids)), entities=inserted(layout.entities, entities),
        kinds=inserted(layout.kinds, [BUILDING_INDEX[building.kind] for building in buildings]),
        x=inserted(layout.x, [position.x for position in positions]), y=inserted(layout.y, [position.y for position in positions]),
        width=inserted(layout.width, [footprint.width for footprint in footprints]),
        height=inserted(layout.height, [footprint.height for footprint in footprints]),
    )


def without_row(layout: Layout, store: EntityStore, row: int) -> Layout:
    """Return `layout` (current until the building in `row` was deleted) without that row."""
    masks = {role: _frozen(np.delete(mask, row)) for role, mask in layout._masks.items()}
    values = {key: _frozen(np.delete(column, row)) for key, column in layout._values.items()}
    columns = ("ids", "entities", "kinds", "x", "y", "width", "height")
    return _replace(layout, store, masks, values, **{name: np.delete(getattr(layout, name), row) for name in columns})


def _replace(layout: Layout, store: EntityStore, masks: dict[type, npt.NDArray[np.bool_]],
             values: dict[tuple[type, str], npt.NDArray[np.int64]], **columns: np.ndarray) -> Layout:
    """Return a new layout of `store`'s version with the building columns replaced (the tribes stay)."""
    frozen: dict[str, Any] = {name: _frozen(column) for name, column in columns.items()}
    # (new row memos and derived data: what hung off the old layout belongs to it)
    return dataclasses.replace(layout, version=version_of(store), _masks=masks, _values=values, _rows={}, _derived={}, **frozen)


@dataclass(frozen=True)
class Roster:
    """The agent table's rows by kind, rebuilt whenever rows come or go (the table's version moves)."""

    version: int  # the agent table's version it was built from
    walkers: np.ndarray  # per row: a scavenger
    guards: np.ndarray  # rows of the security drones
    drones: np.ndarray  # rows of every drone
    _derived: dict[tuple[Any, ...], Any] = field(default_factory=dict)

    def derive(self, builder: Callable[..., T], world: World, *depends: Any) -> T:
        """Return `builder(world, *depends)`, built once for these rows and `depends` (what else it reads that may change)."""
        key = (builder, *depends)
        if key not in self._derived:
            assert "<" not in builder.__qualname__, f"{builder.__qualname__}: derive from module-level functions only"
            if len(self._derived) > 64:  # a handful of keys are live; the rest only pile up
                self._derived.clear()
            self._derived[key] = builder(world, *depends)
        return self._derived[key]  # type: ignore[no-any-return]


def build_roster(kinds: np.ndarray, version: int) -> Roster:
    """Project the agent table's kind column (see game.sim.agents) into a new roster."""
    from game.sim.agents import SCAVENGER, SECURITY_DRONE

    return Roster(
        version=version,
        walkers=_frozen(kinds == SCAVENGER),
        guards=_frozen(np.flatnonzero(kinds == SECURITY_DRONE)),
        drones=_frozen(np.flatnonzero(kinds != SCAVENGER)),
    )


@dataclass(frozen=True)
class CacheSites:
    """The caches' tiles (flat, ascending) and entities, rebuilt whenever a cache is hidden on a new tile or found."""

    version: int
    tiles: np.ndarray
    entities: np.ndarray
    caches: tuple[Any, ...]  # their `Cache` components, in tile order (their figures change in place)
    occupied: np.ndarray  # per flat tile of the map: a cache lies there


def with_caches(sites: CacheSites, new: list[tuple[int, int, Any]], version: int) -> CacheSites:
    """Return `sites` with the caches `new` added: (flat tile, entity, `Cache`) each, on tiles no cache holds, ascending.

    What `build_cache_sites` would give at `version`, without walking every cache entity again.
    """
    tiles = np.fromiter((entry[0] for entry in new), np.int64, len(new))
    at = np.searchsorted(sites.tiles, tiles)
    caches = list(sites.caches)
    for place, (_, _, cache) in zip((at + np.arange(len(new))).tolist(), new):  # ascending: each lands past the ones before
        caches.insert(place, cache)
    occupied = sites.occupied.copy()
    occupied[tiles] = True
    return CacheSites(
        version=version,
        tiles=_frozen(np.insert(sites.tiles, at, tiles)),
        entities=_frozen(np.insert(sites.entities, at, np.fromiter((entry[1] for entry in new), np.int64, len(new)))),
        caches=tuple(caches),
        occupied=_frozen(occupied),
    )


def build_cache_sites(store: EntityStore, width_tiles: int, tiles_on_map: int) -> CacheSites:
    """Project the cache entities of `store` (on a map of `tiles_on_map` tiles, `width_tiles` wide)."""
    from game.sim.components import Cache

    found = sorted((cache.y * width_tiles + cache.x, entity, cache) for entity, cache in store.each(Cache))
    occupied = np.zeros(tiles_on_map, bool)
    occupied[[entry[0] for entry in found]] = True
    return CacheSites(
        occupied=_frozen(occupied),
        version=store.version_of(Cache),
        tiles=_frozen(np.fromiter((entry[0] for entry in found), np.int64, len(found))),
        entities=_frozen(np.fromiter((entry[1] for entry in found), np.int64, len(found))),
        caches=tuple(entry[2] for entry in found),
    )


@dataclass(frozen=True)
class TapSites:
    """The found taps' tiles (flat, ascending) and entities, rebuilt whenever a tap is found or dropped."""

    version: int
    tiles: np.ndarray
    entities: np.ndarray
    taps: tuple[Any, ...]  # their `Tap` components, in tile order
    occupied: np.ndarray  # per flat tile of the map: a found tap lies there


def build_tap_sites(store: EntityStore, width_tiles: int, tiles_on_map: int) -> TapSites:
    """Project the tap entities of `store` (on a map of `tiles_on_map` tiles, `width_tiles` wide)."""
    from game.sim.components import Tap

    found = sorted((tap.y * width_tiles + tap.x, entity, tap) for entity, tap in store.each(Tap))
    occupied = np.zeros(tiles_on_map, bool)
    occupied[[entry[0] for entry in found]] = True
    return TapSites(
        version=store.version_of(Tap),
        tiles=_frozen(np.fromiter((entry[0] for entry in found), np.int64, len(found))),
        entities=_frozen(np.fromiter((entry[1] for entry in found), np.int64, len(found))),
        taps=tuple(entry[2] for entry in found),
        occupied=_frozen(occupied),
    )
