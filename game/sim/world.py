"""The world: everything a city is at one tick boundary (resources, grids, esper entities, agent tables).

Systems are functions of the world (`run(world)`); the runner in game.sim.simulation steps them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import numpy as np

from game.sim.agents import Agents
from game.sim.buildings import BUILDING_INDEX, BUILDING_TYPES, BuildingType, type_array
from game.sim.cadence import TICKS_PER_DAY
from game.sim.commands import Command, Result
from game.sim.ecs import EntityStore
from game.sim.events import Event
from game.sim.policies import default_policies
from game.sim.politics import Politics
from game.sim.scenario import Scenario
from game.sim.state import Building, Counters, Ledger, Outcome, PowerState, Streaks
from game.sim.story import Story
from game.sim.table import BuildingTable
from game.sim.waste import RESOURCES, WASTE_TYPES

T = TypeVar("T")



class World:
    """One city's state: build it from a scenario and a seed; `game.sim.simulation.Simulation` steps it."""

    def __init__(self, scenario: Scenario, seed: int | None = None) -> None:
        self.scenario = scenario
        self.seed = scenario.seed if seed is None else int(seed)
        self.rng = np.random.Generator(np.random.PCG64(self.seed))
        self.rules = scenario.rules
        self.tick = 0
        self.height, self.width = scenario.terrain.shape
        shape = (self.height, self.width)
        # Grids, all indexed [y, x].
        self.terrain = scenario.terrain.astype(np.uint8, copy=True)  # codes from game.sim.terrain
        self.terrain.setflags(write=False)
        self.occupancy = np.zeros(shape, np.int32)  # id of the building on a tile, 0 for none
        self.pollution = np.zeros(shape, np.int32)  # pollution units, 0..rules.pollution_cap
        self.waste = np.zeros((len(WASTE_TYPES), *shape), np.int32)  # uncollected units by type
        self.network = np.zeros(shape, np.int32)  # power network id, 0 for no network
        self.absorption = np.zeros(shape, np.int32)  # pollution units gardens remove per tick
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
        self.buildings = BuildingTable()
        self.entities = EntityStore()
        self._entity_of: dict[int, int] = {}
        self.next_building_id = 1
        self.layout_version = 0  # bumps whenever a building appears or goes
        self.absorption_version = -1  # layout_version the absorption grid was built for
        self._layout_cache: dict[tuple[str, str], object] = {}
        self._layout_cache_version = -1
        self.sabotaged: dict[int, int] = {}  # building id -> tick until which it produces nothing
        self.command_log: list[tuple[int, Command, Result]] = []
        self.pending: list[Command] = []  # submitted, applied at the start of the next tick
        self._events: list[Event] = []
        for placed in scenario.buildings:
            building_id = self.add_building(placed.kind, placed.x, placed.y)
            if placed.occupants is not None:
                self.buildings.col("occupants")[self.buildings.row_of(building_id)] = placed.occupants
        self.population = int(self.buildings.col("occupants").sum())
        # Society: the street (tribes, agents, caches), the vote, the story. Each part captures,
        # restores and hashes itself (see `parts`).
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
        self.buildings.append(building_id, BUILDING_INDEX[kind], x, y)
        self._entity_of[building_id] = self.entities.create(Building(building_id, kind, x, y))
        self._layout_changed()

    def remove_building(self, building_id: int) -> Building:
        """Take a building off the map and return its component."""
        entity = self._entity_of.pop(building_id)
        record = self.entities.component(entity, Building)
        self.entities.delete(entity)
        self.buildings.remove(building_id)
        btype = BUILDING_TYPES[BUILDING_INDEX[record.kind]]
        self.occupancy[record.y : record.y + btype.height, record.x : record.x + btype.width] = 0
        self.population = int(self.buildings.col("occupants").sum())  # residents leave with the block
        self._layout_changed()
        return record

    def building(self, building_id: int) -> Building | None:
        """Return the component of building `building_id`, or None."""
        entity = self._entity_of.get(building_id)
        return None if entity is None else self.entities.component(entity, Building)

    def building_at(self, x: int, y: int) -> int:
        """Return the id of the building covering tile (x, y), or 0."""
        if 0 <= x < self.width and 0 <= y < self.height:
            return int(self.occupancy[y, x])
        return 0

    def each_building(self) -> list[Building]:
        """Return every building's component in id order."""
        return [record for _, record in self.entities.each(Building)]

    def kind_mask(self, attribute: str) -> np.ndarray:
        """Return a read-only row mask of the buildings whose type has a non-zero `attribute`."""
        return self.per_layout(("mask", attribute), lambda: self.type_column(attribute) != 0)

    def rows_with(self, attribute: str) -> np.ndarray:
        """Return the read-only row indices of the buildings whose type has a non-zero `attribute`."""
        return self.per_layout(("rows", attribute), lambda: np.flatnonzero(self.kind_mask(attribute)))

    def type_column(self, attribute: str) -> np.ndarray:
        """Return, per building row, the read-only integer `attribute` of its type (e.g. upkeep)."""
        return self.per_layout(("type", attribute), lambda: type_array(attribute)[self.buildings.col("kind")])

    def home_corners(self) -> np.ndarray:
        """Return the read-only flat grid index (y * width + x) of each housing block's corner tile, in `rows_with` order."""
        def make() -> np.ndarray:
            homes = self.rows_with("housing_capacity")
            return self.buildings.col("y")[homes] * self.width + self.buildings.col("x")[homes]

        return self.per_layout(("housing", "corners"), make)

    def per_layout(self, key: tuple[str, str], make: Callable[[], T]) -> T:
        """Return a derived array (read-only) or a system's memo object, cached until the next change of layout."""
        if self._layout_cache_version != self.layout_version:
            self._layout_cache.clear()
            self._layout_cache_version = self.layout_version
        derived = self._layout_cache.get(key)
        if derived is None:
            derived = make()
            if isinstance(derived, np.ndarray):
                derived.setflags(write=False)
            self._layout_cache[key] = derived
        return derived

    def _layout_changed(self) -> None:
        self.layout_version += 1
        self.power.dirty = True

    # --- outages -------------------------------------------------------------------------------
    def cut_power(self, x: int, y: int, ticks: int) -> int:
        """Cut the power network under tile (x, y) for `ticks` ticks; return its id, or 0 if none is there."""
        network = int(self.network[y, x]) if 0 <= x < self.width and 0 <= y < self.height else 0
        if network and ticks > 0:
            self.power.cuts.append([int(x), int(y), self.tick + int(ticks)])
        return network

    def sabotage(self, building_id: int, ticks: int) -> bool:
        """Put building `building_id` out of action for `ticks` ticks; False if there is no such building."""
        if self.building(building_id) is None or ticks <= 0:
            return False
        self.sabotaged[building_id] = max(self.sabotaged.get(building_id, 0), self.tick + int(ticks))
        return True

    def out_of_action(self) -> np.ndarray:
        """Return the table rows of sabotaged buildings that are still out of action (forgetting repaired ones)."""
        self.sabotaged = {bid: until for bid, until in self.sabotaged.items() if until > self.tick and self.building(bid)}
        return np.array([self.buildings.row_of(bid) for bid in sorted(self.sabotaged)], np.int64)

    # --- resources ---------------------------------------------------------------------------
    def add_resource_milli(self, name: str, amount_milli: int) -> None:
        """Add thousandths of a resource unit, carrying the fraction to the next call."""
        total = self.resource_milli[name] + int(amount_milli)
        self.resources[name] += total // 1000
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
            # Untreated means lying about, on board a drone, waiting in the depot, or buried in a landfill.
            hazardous = WASTE_TYPES.index("hazardous")
            on_ground = int(self.waste[hazardous].sum()) + int(self.agents.carried()[hazardous])
            return on_ground + int(self.depot[hazardous]) + int(self.counters.landfilled[hazardous])
        if name == "recycled_total":
            return int(self.counters.recycled.sum())
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

    def building_type_at_row(self, row: int) -> BuildingType:
        """Return the type of the building in table row `row`."""
        return BUILDING_TYPES[int(self.buildings.col("kind")[row])]

    def close(self) -> None:
        """Release the esper world."""
        self.entities.close()
