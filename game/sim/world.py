"""The world: everything a city is at one tick boundary (resources, grids, esper entities, agent tables).

Systems are functions of the world (`run(world)`); the runner in game.sim.simulation steps them.
"""

from __future__ import annotations

import dataclasses
from typing import NoReturn

import numpy as np
import numpy.typing as npt

from game.sim.agents import Agents
from game.sim.buildings import BUILDING_INDEX, BUILDING_TYPES, BuildingType
from game.sim.cadence import TICKS_PER_DAY
from game.sim.commands import Command, Result
from game.sim.components import Sabotaged, building_components
from game.sim.ecs import EntityStore
from game.sim.events import Event
from game.sim.layout import PROJECTED, Layout
from game.sim.layout import build as build_layout
from game.sim.layout import version_of as layout_version_of
from game.sim.layout import with_buildings as layout_with_buildings
from game.sim.layout import without_row as layout_without_row
from game.sim.policies import default_policies
from game.sim.politics import Politics
from game.sim.scenario import Scenario
from game.sim.state import MAX_STOCK, BuildingPlacement, Counters, Ledger, Outcome, PowerState, Streaks
from game.sim.story import Story
from game.sim.table import BuildingTable
from game.sim.waste import RESOURCES, WASTE_TYPES

_NO_ROWS: npt.NDArray[np.int64] = np.zeros(0, np.int64)
_NO_ROWS.setflags(write=False)  # shared by every world: nobody may write to it


class World:
    """One city's state: build it from a scenario and a seed; `game.sim.simulation.Simulation` steps it."""

    def __init__(self, scenario: Scenario, seed: int | None = None) -> None:
        self.scenario = scenario
        self.seed = scenario.seed if seed is None else int(seed)
        self.rng = np.random.Generator(np.random.PCG64(self.seed))
        self.rules = scenario.rules
        self.tick = 0
        height, width = scenario.terrain.shape
        self.height, self.width = int(height), int(width)  # tiles
        shape = (self.height, self.width)
        # Grids, all indexed [y, x].
        self.terrain = scenario.terrain.astype(np.uint8, copy=True)  # codes from game.sim.terrain
        self.terrain.setflags(write=False)
        self.occupancy = np.zeros(shape, np.int32)  # id of the building on a tile, 0 for none
        self.pollution = np.zeros(shape, np.int32)  # pollution units, 0..rules.pollution_cap
        self.waste = np.zeros((len(WASTE_TYPES), *shape), np.int32)  # uncollected units by type
        self.network = np.zeros(shape, np.int32)  # power network id, 0 for no network
        self.emission_carry = np.zeros(shape, np.int32)  # thousandths of a pollution unit owed by waste
        # The city's stocks.
        self.funds = int(scenario.funds)
        self.resources = {"food": scenario.food, "fuel": scenario.fuel, "materials": scenario.materials}
        self.resource_milli = {name: 0 for name in RESOURCES}  # thousandths not yet a whole unit
        self.depot = np.zeros(len(WASTE_TYPES), np.int64)  # collected waste waiting for a plant
        self.policies = default_policies()
        self.policies.update(dict(scenario.policies))
        self.population = 0
        self.resident_contentment = 50  # residents' average contentment, 0..100 (not the voters' approval)
        self.food_short = False
        self.landfill_full = False  # collected waste found no room last tick
        self.counters = Counters()
        self.power = PowerState()
        self.streaks = Streaks()
        self.ledger = Ledger()
        self.last_ledger = Ledger()
        self.outcome = Outcome()
        self.history: dict[str, list[int]] = {}
        self.buildings = BuildingTable()  # the per-tick figures of the buildings, one row per layout row
        self.entities = EntityStore(watched=PROJECTED)
        self._layout = build_layout(self.entities, self.width)
        self._unprojected: list[int] = []  # buildings created since the layout was current, in order
        self._unprojected_version = -1  # the entities' version once the last of them was created
        self.next_building_id = 1
        self.rebuild_layout_later()  # the level's buildings: one rebuild at the first read, not one insert each
        self.command_log: list[tuple[int, Command, Result]] = []  # the newest COMMAND_LOG_LIMIT at most
        self.command_log_dropped = 0  # the oldest entries let go to keep it so (then no replay from the start)
        self.pending: list[Command] = []  # submitted, applied at the start of the next tick
        self._events: list[Event] = []
        for placed in scenario.buildings:
            building_id = self.add_building(placed.kind, placed.x, placed.y)
            if placed.occupants is not None:
                self.buildings.col("occupants")[self.buildings.row_of(building_id)] = placed.occupants
        self.population = int(self.buildings.col("occupants").sum())
        # Society: the street (tribes, agents, caches), the vote, the story. Each part captures and
        # restores itself for the snapshot (see `parts`), which the state hash is the digest of.
        self.agents = Agents.from_scenario(self)
        self.politics = Politics.from_scenario(self)
        self.story = Story.from_scenario(self)

    @property
    def parts(self) -> dict[str, Agents | Politics | Story]:
        """The society's state parts by name, in the order they are saved and hashed."""
        return {"agents": self.agents, "politics": self.politics, "story": self.story}

    # --- time -----------------------------------------------------------------------------
    @property
    def day(self) -> int:
        """Whole game days completed."""
        return self.tick // TICKS_PER_DAY

    @property
    def hour(self) -> int:
        """Hour of the current day, 0..23."""
        return self.tick % TICKS_PER_DAY

    @property
    def is_day_end(self) -> bool:
        """True during the last tick of a day, when daily systems run."""
        return self.hour == TICKS_PER_DAY - 1

    # --- commands and events ----------------------------------------------------------------
    def submit(self, command: Command) -> None:
        """Queue a command for the start of the next tick."""
        self.pending.append(command)

    def take_pending(self) -> list[Command]:
        """Return and clear the queued commands."""
        pending, self.pending = self.pending, []
        return pending

    def emit(self, event: Event) -> None:
        """Record an event for front ends to drain."""
        self._events.append(event)

    def drain_events(self) -> list[Event]:
        """Return and clear the events since the last drain."""
        events, self._events = self._events, []
        return events

    # --- buildings ---------------------------------------------------------------------------
    def add_building(self, kind: str, x: int, y: int) -> int:
        """Put a building on the map without checks or costs and return its id (use commands)."""
        building_id = self.next_building_id
        self.next_building_id += 1
        self.restore_building(building_id, kind, x, y)
        return building_id

    def restore_building(self, building_id: int, kind: str, x: int, y: int) -> None:
        """Put a building with a known id on the map (ids must increase); used by add and load."""
        btype = BUILDING_TYPES[BUILDING_INDEX[kind]]
        self.occupancy[y : y + btype.height, x : x + btype.width] = building_id
        self.buildings.append(building_id)
        version = layout_version_of(self.entities)
        current = self._layout.version == version or (bool(self._unprojected) and self._unprojected_version == version)
        entity = self.entities.create(*building_components(building_id, btype, x, y))
        if current:  # buildings more: project them in at the next read, rather than rebuild from every entity
            self._unprojected.append(entity)
            self._unprojected_version = layout_version_of(self.entities)
        else:
            self._unprojected = []
        self.power.dirty = True

    def remove_building(self, building_id: int) -> BuildingPlacement:
        """Take a building off the map and return what it was."""
        record = self.building(building_id)
        if record is None:
            raise KeyError(building_id)
        layout = self.layout
        row = layout.row_of(building_id)
        self.entities.delete(int(layout.entities[row]))
        self._layout = layout_without_row(layout, self.entities, row)
        self.buildings.remove(building_id)
        btype = BUILDING_TYPES[BUILDING_INDEX[record.kind]]
        self.occupancy[record.y : record.y + btype.height, record.x : record.x + btype.width] = 0
        self.population = int(self.buildings.col("occupants").sum())  # residents leave with the block
        self.power.dirty = True
        return record

    def rebuild_layout_later(self) -> None:
        """Before placing many buildings at once: let the next read rebuild the layout once (a hint for speed only)."""
        self._layout = dataclasses.replace(self._layout, version=-1)
        self._unprojected = []

    @property
    def layout(self) -> Layout:
        """The buildings as frozen columns, rebuilt whenever an entity or component came or went."""
        version = self.entities.watched_version  # (layout.version_of, read inline: asked many times a tick)
        if self._unprojected:
            if self._unprojected_version == version:
                self._layout = layout_with_buildings(self._layout, self.entities, self._unprojected)
            self._unprojected = []
        if self._layout.version != version:
            self._layout = build_layout(self.entities, self.width)
        return self._layout

    @property
    def layout_version(self) -> int:
        """Moves whenever the layout does (for front ends that redraw what the buildings look like)."""
        return self.layout.version

    def row_of(self, building_id: int) -> int:
        """Return the building table and layout row of building `building_id`, or -1."""
        return self.layout.row_of(building_id)

    def building(self, building_id: int) -> BuildingPlacement | None:
        """Return what building `building_id` is and where, or None."""
        layout = self.layout
        row = layout.row_of(building_id)
        return None if row < 0 else self._record(layout, row)

    def building_at(self, x: int, y: int) -> int:
        """Return the id of the building covering tile (x, y), or 0."""
        if 0 <= x < self.width and 0 <= y < self.height:
            return int(self.occupancy[y, x])
        return 0

    def each_building(self) -> list[BuildingPlacement]:
        """Return every building's record in id order."""
        layout = self.layout
        return [self._record(layout, row) for row in range(layout.count)]

    @staticmethod
    def _record(layout: Layout, row: int) -> BuildingPlacement:
        kind = BUILDING_TYPES[int(layout.kinds[row])].kind
        return BuildingPlacement(int(layout.ids[row]), kind, int(layout.x[row]), int(layout.y[row]))

    def building_type_at_row(self, row: int) -> BuildingType:
        """Return the type of the building in layout row `row`."""
        return BUILDING_TYPES[int(self.layout.kinds[row])]

    # --- outages -------------------------------------------------------------------------------
    def cut_power(self, x: int, y: int, ticks: int) -> int:
        """Cut the power network under tile (x, y) for `ticks` ticks; return its id, or 0 if none is there."""
        network = int(self.network[y, x]) if 0 <= x < self.width and 0 <= y < self.height else 0
        if network and ticks > 0:
            self.power.cuts.append([int(x), int(y), self.tick + int(ticks)])
        return network

    def sabotage(self, building_id: int, ticks: int) -> bool:
        """Put building `building_id` out of action for `ticks` ticks; False if there is no such building."""
        row = self.row_of(building_id)
        if row < 0 or ticks <= 0:
            return False
        entity = int(self.layout.entities[row])
        until = self.tick + int(ticks)
        if self.entities.has(entity, Sabotaged):
            until = max(until, self.entities.component(entity, Sabotaged).until)
        self.entities.add(entity, Sabotaged(until))
        return True

    @property
    def sabotaged(self) -> dict[int, int]:
        """Building id -> the tick until which it produces nothing, for every sabotaged building (a copy)."""
        marks = list(self.entities.each(Sabotaged))
        if not marks:
            return {}  # the usual case: no rows to look up (building them costs 3 ms a save at 16,000 buildings)
        ids = self.layout.ids
        rows = {int(entity): row for row, entity in enumerate(self.layout.entities.tolist())}
        return {int(ids[rows[entity]]): mark.until for entity, mark in marks}

    def out_of_action(self) -> npt.NDArray[np.int64]:
        """Return the rows of the buildings still out of action, repairing those whose sabotage ran out."""
        marks = list(self.entities.each(Sabotaged))
        for entity, mark in marks:
            if mark.until <= self.tick:
                self.entities.remove(entity, Sabotaged)
        if not marks:
            return _NO_ROWS
        acting = [entity for entity, mark in marks if mark.until > self.tick]
        rows: npt.NDArray[np.int64] = np.isin(self.layout.entities, acting).nonzero()[0].astype(np.int64)
        return rows

    # --- resources ---------------------------------------------------------------------------
    def add_resource_milli(self, name: str, amount_milli: int) -> None:
        """Add thousandths of a resource unit, carrying the fraction to the next call."""
        total = self.resource_milli[name] + int(amount_milli)
        self.resources[name] = min(MAX_STOCK, self.resources[name] + total // 1000)
        self.resource_milli[name] = total % 1000

    # --- figures -----------------------------------------------------------------------------
    def metric(self, name: str) -> int:
        """Return one of the goal metrics (see game.sim.scenario.GOAL_METRICS) as an integer."""
        if name == "population":
            return self.population
        if name == "funds":
            return self.funds
        if name == "pollution_mean":
            # What numpy's mean computes (an exact float sum over the count), without its overhead.
            return int(int(self.pollution.sum()) / self.pollution.size)
        if name == "pollution_max":
            return int(self.pollution.max())
        if name == "hazardous_untreated":
            # Untreated means lying about, on board a drone, waiting in the depot, buried in a landfill
            # or hidden in a scavengers' cache: everything made and not yet treated.
            hazardous = WASTE_TYPES.index("hazardous")
            on_ground = int(self.waste[hazardous].sum()) + int(self.agents.carried()[hazardous])
            return on_ground + int(self.depot[hazardous]) + int(self.counters.landfilled[hazardous]) + self.agents.cache_total()
        if name == "recycled_total":
            return int(self.counters.recycled.sum())
        if name.startswith("recycled_") and name[len("recycled_"):] in WASTE_TYPES:
            return int(self.counters.recycled[WASTE_TYPES.index(name[len("recycled_"):])])
        if name == "events_answered":
            return sum(1 for *_, how in self.story.choices if how == "player")
        if name in self.resources:
            return self.resources[name]
        if name == "served_percent":
            return self.served_percent_today()
        if name == "voter_approval":
            return self.politics.overall()
        if name == "elections_won":
            return sum(1 for election in self.politics.elections if election.won)
        if name == "elections_lost":
            return sum(1 for election in self.politics.elections if not election.won)
        if name == "scandals":
            return len(self.politics.scandals)
        if name == "caches":
            return self.agents.cache_total()
        if name == "unrest_max":
            return self.agents.unrest_max()
        if name == "day":
            return self.day + 1
        raise KeyError(name)

    def served_percent(self) -> int:
        """City-wide share of power demand met last tick, 0..100 (100 with no demand)."""
        demand = int(self.power.demand_kw.sum())
        if demand == 0:
            return 100
        delivered = int(np.minimum(self.power.supply_kw - self.power.siphoned_kw, self.power.demand_kw).clip(0).sum())
        return delivered * 100 // demand

    def served_percent_today(self) -> int:
        """Average city-wide served percentage over the ticks of the day so far (100 before any)."""
        if self.power.ticks_counted == 0:
            return 100
        return self.power.served_percent_sum // self.power.ticks_counted

    def __copy__(self) -> World:
        """Refuse: a copy would share the esper world; fork the simulation instead."""
        raise TypeError("a World cannot be copied (it would share its esper world): use Simulation.fork()")

    def __deepcopy__(self, memo: dict[int, object]) -> World:
        """Refuse, as `__copy__` does."""
        return self.__copy__()

    def __reduce__(self) -> NoReturn:
        """Refuse pickling in one line: saves are the game's own format, never pickle."""
        raise TypeError("a World cannot be pickled: save its Simulation with game.level.save.save_bytes, copy it with fork()")

    def close(self) -> None:
        """Release the esper world."""
        self.entities.close()
