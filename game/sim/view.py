"""The read-only port the front ends use: `CityView` over one simulation, plus the typed events out.

The window, the renderer and the interface read the city only through a `CityView` and the events
the simulation emits, and change it only by sending commands. Grids and columns come back as
read-only numpy views of the live arrays (no copies), figures as integers and small frozen records.
Every figure the view offers is computed by the simulation's own code, called from here: the view
never re-implements a formula, so a preview's price or refund is what the command pays and the
overlay's contentment is the contentment residents move by.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

import numpy as np

from game.sim import agents as street  # identify (issue 15): the agents' kinds and states
from game.sim.agents import AGENT_KINDS, COLLECTION_DRONE, CacheSeized, TapsFound, TribeRestless
from game.sim.buildings import BUILDING_TYPES, BuildingType
from game.sim.cadence import TICKS_PER_DAY
from game.sim.commands import Command, Demolish, Excavate, Rejected
from game.sim.components import Sabotaged, Upkeep
from game.sim.excavation import buried_in
from game.sim.policies import POLICIES
from game.sim.politics import FACTIONS, Election, ElectionHeld, FiguresPublished, Scandal, ScandalBroke, pressures
from game.sim.rules import Rules
from game.sim.state import PLAYING_ON, Ledger
from game.sim.story import Choice, StoryChoiceTaken, StoryEvent, StoryEventFired
from game.sim.story_effects import foresee_effect
from game.sim.systems import apply_commands, population
from game.sim.systems import goals as goals_system
from game.sim.systems.apply_commands import DEMOLISH_REFUND_PERCENT, RUINS_SURCHARGE_PERCENT, Plan, line_tiles
from game.sim.systems.drones import blocks_in_reach
from game.sim.systems.power import BLACKOUT_BELOW_PERMILLE
from game.sim.systems.taps import balance
from game.sim.waste import WASTE_TYPES  # identify (issue 15)

if TYPE_CHECKING:
    from game.sim.simulation import Simulation
    from game.sim.world import World

# Re-exported for the front ends, which import nothing from game.sim.systems or the society modules.
__all__ = [
    "AGENT_KINDS", "BLACKOUT_BELOW_PERMILLE", "COLLECTION_DRONE", "DEMOLISH_REFUND_PERCENT", "RUINS_SURCHARGE_PERCENT",
    "AgentPositions", "BudgetFigures", "BuildingRecord", "CacheSeized", "Choice", "CityView", "Clock", "Election", "ElectionHeld",
    "FactionFigures", "FiguresPublished", "FoundTap", "GoalFigure", "GoalsFigures", "LevelOutcome", "Plan", "PowerFigures", "Scandal",
    "ScandalBroke", "StoryChoiceTaken", "StoryEventFired", "TapsFound", "TribeRestless", "WaitingEvent", "foresee_effect", "line_tiles", "read_only",
]


def read_only(array: np.ndarray) -> np.ndarray:
    """Return a view of `array` that cannot be written through (the array itself stays writable)."""
    view = array.view()
    view.setflags(write=False)
    return view


@dataclass(frozen=True, slots=True)
class Clock:
    """The game time: ticks since the start, whole days completed and the hour of the day (0..23)."""

    tick: int
    day: int
    hour: int


@dataclass(frozen=True, slots=True)
class LevelOutcome:
    """Whether the level is running, won or lost, and why."""

    status: str
    reason: str


@dataclass(frozen=True, slots=True)
class PowerFigures:
    """City-wide power last tick in kW: supply, demand, the percentage of demand met, and where the supply went.

    supply_kw = delivered_kw + found_tap_kw + unexplained_kw + spare_kw (game.sim.systems.taps.balance).
    """

    supply_kw: int
    demand_kw: int
    served_percent: int
    delivered_kw: int  # what reached the buildings
    unexplained_kw: int  # drawn at taps nobody has found: power that vanishes without explanation
    found_taps: int  # taps security drones found, on record while their lines stand
    found_tap_kw: int  # what those draw now
    spare_kw: int  # supply nobody used


@dataclass(frozen=True, slots=True)
class FoundTap:
    """A power tap security drones found: its line tile, the tick it was found, its network and the kW it draws now."""

    x: int
    y: int
    found_tick: int
    network: int
    kw: int

    @property
    def found_day(self) -> int:
        """Whole game days completed when it was found (the day shown to the player is this + 1, as `Clock.day`)."""
        return self.found_tick // TICKS_PER_DAY


@dataclass(frozen=True, slots=True)
class BuildingRecord:
    """One building as the inspector shows it: identity, footprint and last tick's figures."""

    building_id: int
    kind: str
    x: int
    y: int
    btype: BuildingType
    occupants: int  # residents of a housing block
    stored: int  # waste units in a landfill
    buried_hazardous: int  # of those, hazardous units (game.sim.excavation): counted as untreated, can be dug out
    output_permille: int  # share of capacity produced
    served_permille: int  # share of its power demand met
    supply_kw: int  # power a source has available
    demand_kw: int  # power it wants now
    network: int  # power network id, 0 until the power system has seen it

    @property
    def footprint(self) -> tuple[int, int, int, int]:
        """Return (x, y, width, height) in tiles."""
        return self.x, self.y, self.btype.width, self.btype.height


@dataclass(frozen=True, slots=True)
class AgentPositions:
    """Every agent's kind (index into AGENT_KINDS), tile last tick and now, and load; read-only columns."""

    kind: np.ndarray
    previous_x: np.ndarray
    previous_y: np.ndarray
    x: np.ndarray
    y: np.ndarray
    load: np.ndarray


@dataclass(frozen=True, slots=True)
class FactionFigures:
    """One faction as the factions window shows it, with its pull per pressure (approval points)."""

    faction_id: str
    label: str
    description: str
    share: int  # percent of the vote
    approval: int  # 0..100
    pulls: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class GoalFigure:
    """One target of the level's goals as the goals window shows it: what it asks, the figure now, whether it holds."""

    description: str  # e.g. "hazardous untreated at most 1,500"
    metric: str
    value: int
    met: bool
    note: str  # what the metric counts, when its name does not say it ('' otherwise)
    shortfall: int = 0  # how far the figure is from meeting the target (0 when met)
    rising: bool = True  # whether meeting it needs the figure to rise (an at-least target) or fall


@dataclass(frozen=True, slots=True)
class GoalsFigures:
    """The level's goals now: every target, the deadline (0: none), the day-ends they must hold and have held in a row."""

    targets: tuple[GoalFigure, ...]
    deadline_day: int
    hold_days: int
    streak: int


@dataclass(frozen=True, slots=True)
class BudgetFigures:
    """The city's money by ledger line (credits; costs as positive numbers), yesterday's whole day and today so far.

    `upkeep_by_kind` is (building name, how many stand, credits a day) for every kind that costs upkeep,
    dearest first; `policy_costs` is (policy label, credits a day) for every policy that costs now.
    """

    income_lines: tuple[str, ...]
    cost_lines: tuple[str, ...]
    yesterday: Mapping[str, int]
    today: Mapping[str, int]
    upkeep_by_kind: tuple[tuple[str, int, int], ...]
    policy_costs: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class WaitingEvent:
    """The story event that waits for the player's answer."""

    event_id: str
    fired_tick: int
    deadline_tick: int
    definition: StoryEvent
    offered: tuple[Choice, ...]  # the choices the player may take, in the event's order (the simulation decided when it fired)


INCOME_LINES = ("taxes", "sales", "fines", "events")  # the ledger's lines of money in, as the budget window lists them
COST_LINES = ("upkeep", "fees", "policies", "wages")  # and of money out


def ledger_lines(ledger: Ledger) -> dict[str, int]:
    """Return a day's ledger as line -> credits, with `net`; a story event that cost money shows as a negative `events`."""
    lines = {name: int(getattr(ledger, name)) for name in INCOME_LINES + COST_LINES}
    lines["net"] = int(ledger.net)
    return lines


class CityView:
    """A read-only window on one simulation for the front ends; build one per simulation."""

    def __init__(self, sim: Simulation) -> None:
        self._sim = sim

    @property
    def _world(self) -> World:
        """The simulation's world, read each time so the view follows the live state, and typed."""
        # Reads through `Simulation` go by its `__getattr__`, typed Any; the runner's world is a World.
        world: World = self._sim.world
        return world

    # --- the level and the clock -----------------------------------------------------------------
    @property
    def level_name(self) -> str:
        """The level's name."""
        return self._world.scenario.name

    @property
    def level_description(self) -> str:
        """The level's briefing text, as its author wrote it ('' when it has none)."""
        return self._world.scenario.description

    @property
    def level_source(self) -> str:
        """The level file the game came from ("" when it was built in code)."""
        return self._world.scenario.source or ""

    @property
    def seed(self) -> int:
        """The seed the game runs on."""
        return self._world.seed

    @property
    def width(self) -> int:
        """The map's width in tiles."""
        return int(self._world.width)  # from the terrain grid's shape, which numpy types loosely

    @property
    def height(self) -> int:
        """The map's height in tiles."""
        return int(self._world.height)  # from the terrain grid's shape, which numpy types loosely

    @property
    def clock(self) -> Clock:
        """The game time now."""
        world = self._world
        return Clock(world.tick, world.day, world.hour)

    @property
    def tick(self) -> int:
        """Ticks (game hours) since the start."""
        return self._world.tick

    @property
    def day(self) -> int:
        """Whole game days completed."""
        return self._world.day

    @property
    def outcome(self) -> LevelOutcome:
        """Whether the level goes on, and how it ended."""
        return LevelOutcome(self._world.outcome.status, self._world.outcome.reason)

    @property
    def ending(self) -> str:
        """What the level's author tells at its end: the won or lost paragraph for how it ended ("" while it runs, or when none was written)."""
        scenario, status = self._world.scenario, self._world.outcome.status
        return scenario.ending_won if status == "won" else scenario.ending_lost if status == "lost" else ""

    @property
    def running(self) -> bool:
        """True while the city runs: the level neither won nor lost yet, or won and played on without goals."""
        return self._world.outcome.goes_on

    @property
    def playing_on(self) -> bool:
        """True once the level was won and the player chose to play on: the city runs with no goals, nothing more is won or lost."""
        return self._world.outcome.status == PLAYING_ON

    @property
    def rules(self) -> Rules:
        """The level's rules (frozen)."""
        return self._world.rules

    # --- the city's figures ----------------------------------------------------------------------
    @property
    def funds(self) -> int:
        """Credits in the treasury (negative in debt)."""
        return self._world.funds

    @property
    def resources(self) -> Mapping[str, int]:
        """Food, fuel and materials in stock."""
        return MappingProxyType(dict(self._world.resources))

    @property
    def population(self) -> int:
        """Residents in the city."""
        return self._world.population

    @property
    def resident_contentment(self) -> int:
        """The residents' average contentment 0..100, weighted by occupants (what makes them stay or go)."""
        return self._world.resident_contentment

    @property
    def voter_approval(self) -> int:
        """The voters' approval 0..100: the factions' approval weighted by vote share (what an election gives)."""
        return self._world.metric("voter_approval")

    @property
    def pollution_mean(self) -> int:
        """The mean pollution over the map, in pollution units."""
        return self._world.metric("pollution_mean")

    def policy(self, name: str) -> int:
        """Return the current value of policy `name`."""
        return int(self._world.policies[name])

    @property
    def policies(self) -> Mapping[str, int]:
        """Every policy's current value."""
        return MappingProxyType(dict(self._world.policies))

    @property
    def history_days(self) -> int:
        """How many daily samples the statistics history holds (fewer than the days played once it is thinned)."""
        return len(self._world.history.get("day", ()))

    def history(self) -> Mapping[str, tuple[int, ...]]:
        """Return the daily series the statistics keep, by name (see game.sim.systems.statistics)."""
        return MappingProxyType({name: tuple(values) for name, values in self._world.history.items()})

    # --- grids, all indexed [y, x] ----------------------------------------------------------------
    @property
    def terrain(self) -> np.ndarray:
        """Terrain codes (game.sim.terrain), uint8."""
        return read_only(self._world.terrain)

    @property
    def occupancy(self) -> np.ndarray:
        """The id of the building on each tile, 0 for none."""
        return read_only(self._world.occupancy)

    @property
    def pollution(self) -> np.ndarray:
        """Pollution units per tile, 0..rules.pollution_cap."""
        return read_only(self._world.pollution)

    @property
    def waste(self) -> np.ndarray:
        """Uncollected waste units per (type, y, x), types in game.sim.waste.WASTE_TYPES order."""
        return read_only(self._world.waste)

    @property
    def losing_streaks(self) -> tuple[int, int]:
        """Day-ends in a row the treasury has been in debt and the city dark (the rules' bankrupt_days and dark_days lose the level)."""
        streaks = self._world.streaks
        return int(streaks.bankrupt), int(streaks.dark)

    def budget(self) -> BudgetFigures:
        """Return the money by ledger line, yesterday and today so far, with upkeep by building kind and the policies' costs."""
        world = self._world
        upkeep = world.layout.values(Upkeep, "credits")
        kinds = world.layout.kinds
        by_kind = []
        for index in np.unique(kinds[upkeep > 0]):
            mask = kinds == index
            by_kind.append((BUILDING_TYPES[int(index)].name, int(mask.sum()), int(upkeep[mask].sum())))
        by_kind.sort(key=lambda row: (-row[2], row[0]))
        policies = tuple(
            (policy.label, policy.daily_cost * policy.cost_steps(world.policies[policy.name]))
            for policy in POLICIES if policy.daily_cost * policy.cost_steps(world.policies[policy.name])
        )
        return BudgetFigures(
            INCOME_LINES, COST_LINES, MappingProxyType(ledger_lines(world.last_ledger)), MappingProxyType(ledger_lines(world.ledger)),
            tuple(by_kind), policies,
        )

    @property
    def net_income_yesterday(self) -> int:
        """Credits the treasury gained (negative: lost) over the last whole day: income less upkeep, fees, policies and wages."""
        return int(self._world.last_ledger.net)

    @property
    def depot(self) -> np.ndarray:
        """Collected waste waiting for a plant, units per waste type (WASTE_TYPES order)."""
        return read_only(self._world.depot)

    @property
    def network(self) -> np.ndarray:
        """Power network id per tile, 0 for none."""
        return read_only(self._world.network)

    @property
    def layout_version(self) -> int:
        """A number that changes whenever a building appears or goes."""
        return self._world.layout_version

    # --- buildings -------------------------------------------------------------------------------
    @property
    def building_count(self) -> int:
        """How many buildings stand."""
        return self._world.buildings.count

    def column(self, name: str) -> np.ndarray:
        """Return one column of the buildings (id order), read-only: id, kind, x, y, occupants, served_permille..."""
        layout = self._world.layout
        placed: dict[str, np.ndarray] = {"kind": layout.kinds, "x": layout.x, "y": layout.y}
        return placed[name] if name in placed else read_only(self._world.buildings.col(name))

    def type_column(self, attribute: str) -> np.ndarray:
        """Return, per building row, its type's integer `attribute` (width, height, power_supply_kw...), read-only."""
        return self._world.layout.attribute(attribute)

    def rows_with(self, attribute: str) -> np.ndarray:
        """Return the building rows whose type has a non-zero `attribute`, read-only."""
        return np.flatnonzero(self._world.layout.attribute(attribute))

    def building_at(self, x: int, y: int) -> int:
        """Return the id of the building covering tile (x, y), or 0."""
        return self._world.building_at(x, y)

    def building(self, building_id: int) -> BuildingRecord | None:
        """Return building `building_id` as the inspector shows it, or None when there is none."""
        row = self._world.row_of(building_id)
        if row < 0:
            return None
        btype = self._world.building_type_at_row(row)
        figures = {name: int(self.column(name)[row]) for name in (
            "x", "y", "occupants", "stored", "output_permille", "served_permille", "supply_kw", "demand_kw", "network",
        )}
        buried = buried_in(self._world, building_id) if btype.landfill_capacity else 0
        return BuildingRecord(building_id, btype.kind, btype=btype, buried_hazardous=buried, **figures)

    def hub_drones(self, building_id: int) -> tuple[int, int]:
        """Return how many collection drones belong to hub `building_id` and the waste units they carry."""
        store = self._world.agents.store
        mine = (store.col("kind") == COLLECTION_DRONE) & (store.col("owner") == building_id)
        return int(mine.sum()), int(store.col("load")[mine].sum())

    # --- power -----------------------------------------------------------------------------------
    @property
    def power(self) -> PowerFigures:
        """City-wide power figures from the last tick, with where the supply went."""
        figures = balance(self._world)
        return PowerFigures(
            supply_kw=int(figures.supply_kw.sum()), demand_kw=int(figures.demand_kw.sum()), served_percent=self._world.served_percent(),
            delivered_kw=int(figures.delivered_kw.sum()), unexplained_kw=int(figures.unexplained_kw.sum()),
            found_taps=int(figures.tap_kw.size), found_tap_kw=int(figures.found_kw.sum()), spare_kw=int(figures.spare_kw.sum()),
        )

    def found_taps(self) -> tuple[FoundTap, ...]:
        """Return the power taps security drones found, in map order, with what each draws now."""
        figures = balance(self._world)
        return tuple(
            FoundTap(tap.x, tap.y, tap.found_tick, network, kw)
            for tap, network, kw in zip(self._world.agents.taps.taps, figures.tap_networks.tolist(), figures.tap_kw.tolist())
        )

    @property
    def found_tap_xy(self) -> tuple[np.ndarray, np.ndarray]:
        """The found power taps' tiles as x and y columns, in map order (for drawing marks)."""
        tiles = self._world.agents.taps.tiles
        return tiles % self._world.width, tiles // self._world.width

    @property
    def found_tap_tiles(self) -> np.ndarray:
        """Per tile, whether a found power tap lies there (bool, [y, x]), read-only."""
        return read_only(self._world.agents.taps.occupied.reshape(self.height, self.width))

    @property
    def network_unexplained_kw(self) -> np.ndarray:
        """kW each power network lost last tick to taps nobody has found, by network id, read-only."""
        return read_only(balance(self._world).unexplained_kw)

    @property
    def network_supply_kw(self) -> np.ndarray:
        """kW each power network could deliver last tick, by network id (0: none), read-only."""
        return read_only(self._world.power.supply_kw)

    @property
    def network_demand_kw(self) -> np.ndarray:
        """kW each power network was asked for last tick, by network id, read-only."""
        return read_only(self._world.power.demand_kw)

    # --- agents ------------------------------------------------------------------------------------
    @property
    def agents(self) -> AgentPositions:
        """Every agent's kind, tile last tick and now, and load, for drawing."""
        store = self._world.agents.store
        return AgentPositions(*(read_only(store.col(name)) for name in ("kind", "px", "py", "x", "y", "load")))

    # --- goals ------------------------------------------------------------------------------------
    def goals(self) -> GoalsFigures:
        """Return the level's goals with each target's figure now, as the goals system judges them."""
        world = self._world
        goals = world.scenario.goals
        targets = []
        for target in goals.targets:
            value = world.metric(target.metric)
            targets.append(GoalFigure(
                target.describe(), target.metric, value, target.holds(value), target.note, target.shortfall(value),
                target.at_least is not None and value < target.at_least,
            ))
        return GoalsFigures(tuple(targets), goals.deadline_day, goals.hold_days, world.streaks.goals)

    def goals_at_risk(self) -> tuple[tuple[str, str], ...]:
        """Return (metric, what the step is) for each goal target one step from being out of reach."""
        return tuple(goals_system.at_risk(self._world))

    # --- politics and the story --------------------------------------------------------------------
    def factions(self) -> tuple[FactionFigures, ...]:
        """Return every faction with its share, approval and its pull per pressure (weight x pressure / 100), in table order."""
        world = self._world
        politics = world.politics
        pressure = pressures(world, politics.undisclosed(world))
        return tuple(
            FactionFigures(
                faction.id, faction.label, faction.description, int(politics.share[index]), int(politics.approval[index]),
                MappingProxyType({name: weight * pressure.get(name, 0) // 100 for name, weight in faction.weights}),
            )
            for index, faction in enumerate(FACTIONS)
        )

    def days_to_election(self) -> int | None:
        """Return whole days to the next election (0: today), or None when the level holds none."""
        days = self._world.politics.days_to_election(self._world)
        return None if days is None else int(days)

    def next_election_day(self) -> int | None:
        """Return the day (from 1) at whose end the next election is held, or None."""
        return self._world.politics.next_election_day()

    @property
    def debate_days_before(self) -> int:
        """Days before each election the televised debate is held (0: none)."""
        return self._world.scenario.politics.debate_days_before

    @property
    def elections(self) -> tuple[Election, ...]:
        """The elections held so far, oldest first."""
        return tuple(self._world.politics.elections)

    @property
    def scandals(self) -> tuple[Scandal, ...]:
        """The scandals so far, oldest first."""
        return tuple(self._world.politics.scandals)

    def hazard_figures(self) -> Mapping[str, int]:
        """Return Ecolife's reported and the true untreated hazardous waste, and what the report hides."""
        return MappingProxyType({key: int(value) for key, value in self._world.politics.figures(self._world).items()})

    def waiting_event(self) -> WaitingEvent | None:
        """Return the story event waiting for the player's answer, or None."""
        story = self._world.story
        active = story.active
        if active is None:
            return None
        try:
            definition = story.definition(active.event_id)
        except KeyError:
            return None
        offered = tuple(choice for choice in definition.choices if choice.id in active.offered)
        return WaitingEvent(active.event_id, active.fired_tick, active.deadline_tick, definition, offered)

    # --- what a command would do --------------------------------------------------------------------
    def plan(self, command: Command) -> Plan | Rejected:
        """Return what `command` would cost now, or why it would be refused: the command's own checks, nothing applied."""
        return apply_commands.check(self._world, command)

    def demolish_refund(self, building_id: int) -> int | None:
        """Return the credits demolishing building `building_id` would bring back (negative: clearing it costs), None if refused."""
        record = self.building(building_id)
        plan = None if record is None else self.plan(Demolish(record.x, record.y))
        return None if plan is None or isinstance(plan, Rejected) else -plan.funds

    def excavation(self, building_id: int) -> Plan | Rejected:
        """Return what one order digging out landfill `building_id` would move and cost (`units`, `funds`), or why it is refused."""
        return self.plan(Excavate(building_id, self._world.rules.excavation_max_units))

    def drones_in_reach(self, x: int, y: int) -> tuple[int, int]:
        """Return how many housing blocks a drone hub at (x, y) would serve, and how many of them no hub serves yet."""
        return blocks_in_reach(self._world, x, y)

    # --- residents ---------------------------------------------------------------------------------
    def housing_contentment(self) -> tuple[np.ndarray, np.ndarray]:
        """Return the housing blocks' rows and each block's residents' contentment 0..100, as the population system judges it."""
        homes = self.rows_with("housing_capacity")
        if homes.size == 0:
            return homes, np.zeros(0, np.int64)
        return homes, read_only(population.contentment(self._world, homes))


    # --- map art (the `look` branch): read-only figures the map's looks follow ------------------------
    @property
    def sabotaged_ids(self) -> np.ndarray:
        """The ids of the buildings sabotage keeps out of action now, ascending (int64)."""
        world = self._world
        acting = [entity for entity, mark in world.entities.each(Sabotaged) if mark.until > world.tick]
        if not acting:  # the usual case, checked without walking every building (world.sabotaged does)
            return np.zeros(0, np.int64)
        layout = world.layout
        return np.sort(layout.ids[np.isin(layout.entities, acting)]).astype(np.int64)

    @property
    def camp_sites(self) -> tuple[tuple[int, int], ...]:
        """Each scavenger tribe's camp tile (x, y), in tribe order."""
        return tuple((int(tribe.x), int(tribe.y)) for tribe in self._world.agents.tribes)

    # === identify (issue 15): the agents, camps and found caches the inspector names ================
    # (A block of its own, to merge beside the other engineers' additions.)
    def agents_near(self, x: float, y: float, radius: float) -> tuple[AgentRecord, ...]:
        """Return the agents whose tile middle lies within `radius` tiles of point (x, y) in tiles, nearest first.

        What a walker is after is told only as the street sees it: one carrying waste off to hide it
        or heading for a power line to tap it is just wandering, so hovering never gives away a
        hidden cache or an unfound tap.
        """
        store = self._world.agents.store
        if store.count == 0:
            return ()
        xs, ys = store.col("x"), store.col("y")
        reach = int(radius) + 1  # whole tiles first: integer tests over every agent, distances over the few near
        rows = np.flatnonzero((np.abs(xs - int(x)) <= reach) & (np.abs(ys - int(y)) <= reach))
        distance = np.hypot(xs[rows] + 0.5 - x, ys[rows] + 0.5 - y)
        near = distance <= radius
        rows = rows[near][np.argsort(distance[near], kind="stable")][:MAX_AGENTS_NEAR]
        return tuple(self._agent_record(int(row)) for row in rows.tolist())

    def agent(self, row: int) -> AgentRecord | None:
        """Return agent `row` of the store as the inspector names it, or None when there is no such row."""
        return self._agent_record(row) if 0 <= row < self._world.agents.store.count else None

    @property
    def agents_version(self) -> int:
        """A number that changes whenever agents come or go (a row then may hold another agent)."""
        return self._world.agents.store.version

    def _agent_record(self, row: int) -> AgentRecord:
        """Return agent `row` of the store as the inspector names it."""
        world = self._world
        agents = world.agents
        store = agents.store
        kind = int(store.col("kind")[row])
        x, y, load = int(store.col("x")[row]), int(store.col("y")[row]), int(store.col("load")[row])
        owner, state = int(store.col("owner")[row]), int(store.col("state")[row])
        target = (int(store.col("tx")[row]), int(store.col("ty")[row]))
        waste_type = WASTE_TYPES[int(store.col("load_type")[row])]
        tribe, collector, errand, goes_to = "", False, "", 0
        if kind == street.SCAVENGER:
            tribes = agents.tribes
            if 0 <= owner < len(tribes):
                tribe, collector = tribes[owner].name, tribes[owner].collectors
                at_camp = (x, y) == (tribes[owner].x, tribes[owner].y)
            else:
                at_camp = False
            errand = {street.SEEK: "scavenging", street.HOME: "resting" if at_camp and not load else "homeward"}.get(state, "wandering")
        else:
            errand = self._drone_errand(kind, state, load, (x, y), target, owner)
            if errand in ("delivering", "returning"):
                goes_to = world.building_at(*target)
        return AgentRecord(row, AGENT_KINDS[kind], x, y, errand, load, waste_type, owner, tribe, collector, goes_to)

    def _drone_errand(self, kind: int, state: int, load: int, at: tuple[int, int], target: tuple[int, int], hub: int) -> str:
        """Return a drone's task: grounded (and why), patrolling, collecting, delivering, returning or idle."""
        world = self._world
        if state == street.GROUNDED:
            if kind == street.SECURITY_DRONE and world.tick < world.agents.security_off_until:
                return "hacked"
            if kind == street.SECURITY_DRONE and int(world.policies.get("patrol_intensity", 1)) <= 0:
                return "stood down"
            row = world.row_of(hub)
            dark = row < 0 or int(world.buildings.col("served_permille")[row]) == 0
            return "grounded" if dark else "launching"
        if kind == street.SECURITY_DRONE:
            return "patrolling"
        if state == street.OUT:
            return "collecting"
        if load:
            return "delivering"
        return "idle" if at == target else "returning"

    @property
    def agent_owners(self) -> np.ndarray:
        """Every agent's owner, in the store's order: its tribe's place for a scavenger, its hub's id for a drone; read-only."""
        return read_only(self._world.agents.store.col("owner"))

    @property
    def agent_load_types(self) -> np.ndarray:
        """Every agent's load type (index into WASTE_TYPES), in the store's order; read-only."""
        return read_only(self._world.agents.store.col("load_type"))

    @property
    def tribe_collectors(self) -> np.ndarray:
        """Per tribe (in the tribes' order), whether it collects for pay under an amnesty (bool)."""
        return np.fromiter((tribe.collectors for tribe in self._world.agents.tribes), bool, len(self._world.agents.tribes))

    @property
    def camp_xy(self) -> tuple[np.ndarray, np.ndarray]:
        """The camps' tiles as x and y columns, in the tribes' order (for drawing), read-only."""
        layout = self._world.layout
        return read_only(layout.camps_x), read_only(layout.camps_y)

    def camps(self) -> tuple[CampRecord, ...]:
        """Return every scavenger camp with its tribe's figures, in the tribes' order."""
        return self._camp_records(range(len(self._world.agents.tribes)))

    def camps_near(self, x: float, y: float, radius: float) -> tuple[CampRecord, ...]:
        """Return the camps on the tile holding point (x, y) or with their tile's middle within `radius` tiles of it, in the tribes' order."""
        xs, ys = self.camp_xy
        on_tile = (xs == int(x // 1)) & (ys == int(y // 1))
        near = np.flatnonzero(on_tile | ((xs + 0.5 - x) ** 2 + (ys + 0.5 - y) ** 2 <= radius * radius))
        return self._camp_records(near.tolist())

    def _camp_records(self, indices: Iterable[int]) -> tuple[CampRecord, ...]:
        """Return the camps of the tribes at `indices` with their figures."""
        agents = self._world.agents
        walkers = np.bincount(agents.store.col("owner")[agents.store.col("kind") == street.SCAVENGER], minlength=len(agents.tribes))
        records = []
        for index in indices:
            tribe = agents.tribes[index]
            records.append(CampRecord(index, tribe.name, tribe.x, tribe.y, tribe.members, tribe.unrest, tribe.collectors,
                                      int(walkers[index]), tribe.fed, tribe.intercepted))
        return tuple(records)

    def camp_at(self, x: int, y: int) -> CampRecord | None:
        """Return the camp on tile (x, y), or None."""
        return next((camp for camp in self.camps() if (camp.x, camp.y) == (x, y)), None)

    @property
    def restless_unrest(self) -> int:
        """Unrest (0..100) at which a tribe's mood is announced to the player as seething."""
        return self._world.rules.scavenger_restless_unrest

    @property
    def amnesty_below(self) -> int:
        """Unrest below which a tribe takes up paid collecting under an amnesty."""
        return self._world.rules.scavenger_amnesty_below


# === identify (issue 15): records of the agents and camps the inspector names =========================
MAX_AGENTS_NEAR = 8  # a crowd under the cursor: the inspector names the nearest few


@dataclass(frozen=True, slots=True)
class AgentRecord:
    """One walker or drone as the inspector names it: kind, tile, task, load and whose it is.

    `errand` is what the player sees it do: a scavenger is scavenging, homeward, resting or
    wandering; a drone is patrolling, collecting, delivering, returning, idle, launching, grounded
    (its hub is dark), hacked or stood down (patrols off). `owner` is the tribe's place for a
    scavenger, the hub's building id for a drone; `goes_to` the building a drone flies to (0: none).
    """

    row: int
    kind: str  # one of AGENT_KINDS
    x: int
    y: int
    errand: str
    load: int  # waste units carried
    waste_type: str  # what is carried (an empty scavenger: what it looks for)
    owner: int
    tribe: str  # a scavenger's tribe ('' for a drone)
    collector: bool  # a scavenger whose tribe collects for pay under an amnesty
    goes_to: int


@dataclass(frozen=True, slots=True)
class CampRecord:
    """One scavenger camp and its tribe's figures as the inspector shows them."""

    tribe: int  # the tribe's place among the tribes
    name: str
    x: int
    y: int
    members: int
    unrest: int  # 0..100
    collectors: bool  # working under an amnesty
    walkers: int  # its members out on the map, one walker standing for several
    fed: int  # waste units brought home today
    intercepted: int  # loads or caches of theirs seized today


__all__ += ["MAX_AGENTS_NEAR", "TICKS_PER_DAY", "AgentRecord", "CampRecord"]
