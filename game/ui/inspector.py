"""What the player learns by hovering the map: the nearest agent, camp or dug-up cache, else the tile's building and terrain.

`describe_point` picks the thing under the cursor, nearest first: a walker or drone (its tribe or
hub, its errand and load), a camp (its tribe, members and mood), a cache security drones dug up,
then the tile's building, pollution, waste and terrain (`describe_tile`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.render.overlays import DARK_BELOW_PERMILLE, SERVED_FULL_PERMILLE
from game.sim.terrain import TERRAIN_TYPES
from game.sim.waste import HAZARDOUS, WASTE_TYPES

if TYPE_CHECKING:
    from game.sim.view import AgentRecord, BuildingRecord, CampRecord, CityView
    from game.ui.finds import FoundCaches

Line = tuple[str, str]  # (text, tone): tone is "title", "normal", "dim", "good", "warn" or "bad"


PICK_TILES = 0.6  # how near the cursor (tiles from its middle) an agent or camp must be to be named
AGENT_NAMES = {"scavenger": "Scavenger", "collection_drone": "Collection drone", "security_drone": "Security drone"}


def describe_point(city: CityView, point: tuple[float, float], radius: float = PICK_TILES, finds: FoundCaches | None = None) -> list[Line]:
    """Return the lines describing what lies at `point` (in tiles, fractions included), nearest first; nothing off the map."""
    x, y = int(point[0] // 1), int(point[1] // 1)
    if not (0 <= x < city.width and 0 <= y < city.height):
        return []
    tile_line = _terrain_line(city, x, y)
    agents = city.agents_near(point[0], point[1], radius)
    camp = _camp_near(city, point, radius)
    if agents and (camp is None or _distance(point, agents[0]) < _distance(point, camp)):  # a walker resting at camp: the camp
        lines = describe_agent(city, agents[0])
        if len(agents) > 1:
            lines.append((f"{len(agents) - 1} more here", "dim"))
        return [*lines, tile_line]
    if camp is not None:
        return [*describe_camp(city, camp), tile_line]
    found = finds.at(x, y) if finds is not None else None
    if found is not None:
        owner = f", hidden by {found.tribe}" if found.tribe else ""
        return [
            ("Cache dug up by security drones", "title"),
            (f"{found.units:,} units of hazardous waste seized on day {found.day}{owner}", "warn"),
            *describe_tile(city, x, y),
        ]
    return describe_tile(city, x, y)


def _distance(point: tuple[float, float], thing: AgentRecord | CampRecord) -> float:
    """Return the distance in tiles from `point` to the middle of the thing's tile."""
    return float(((thing.x + 0.5 - point[0]) ** 2 + (thing.y + 0.5 - point[1]) ** 2) ** 0.5)


def _camp_near(city: CityView, point: tuple[float, float], radius: float) -> CampRecord | None:
    """Return the camp whose tile holds `point` or lies nearest within `radius`, or None."""
    camps = city.camps_near(point[0], point[1], radius)
    return min(camps, key=lambda camp: _distance(point, camp), default=None)


def describe_agent(city: CityView, agent: AgentRecord) -> list[Line]:
    """Return what a walker or drone is, whose it is, what it is doing and what it carries."""
    if agent.kind == "scavenger":
        return _walker_lines(agent)
    hub = city.building(agent.owner)
    base = f"{hub.btype.name} at ({hub.x}, {hub.y})" if hub is not None else "a hub that is gone"
    lines: list[Line] = [(AGENT_NAMES.get(agent.kind, agent.kind), "title"), (f"from the {base}", "dim")]
    lines.append(_drone_task(city, agent))
    if agent.kind == "collection_drone":
        lines.append(_load_line(agent))
    return lines


def _walker_lines(agent: AgentRecord) -> list[Line]:
    """Return a scavenger's tribe, errand and load; a collector's work for pay under the amnesty."""
    tribe = agent.tribe or "no known tribe"
    if agent.collector:
        lines: list[Line] = [(f"Collector · {tribe}", "title"), ("paid to bring waste in, under the amnesty", "good")]
    else:
        lines = [(f"Scavenger · {tribe}", "title")]
    errand = {
        "scavenging": f"looking for {agent.waste_type} waste to pick up" if not agent.load else f"picking up {agent.waste_type} waste",
        "homeward": "heading back to camp" if not agent.collector else "bringing the load in to camp, for the depot",
        "resting": "resting at camp",
    }.get(agent.errand, "going about their own business")
    lines.append((errand, "normal"))
    lines.append(_load_line(agent))
    return lines


def _load_line(agent: AgentRecord) -> Line:
    """Return what the agent carries: nothing, or so many units of a waste type (hazardous waste as a warning)."""
    walker = agent.kind == "scavenger"
    if not agent.load:
        return ("empty-handed" if walker else "nothing on board", "dim")
    load = f"{agent.load:,} units of {agent.waste_type} waste"
    tone = "warn" if agent.waste_type == WASTE_TYPES[HAZARDOUS] else "normal"
    return (f"carrying {load}" if walker else f"{load} on board", tone)


def _drone_task(city: CityView, agent: AgentRecord) -> Line:
    """Return a drone's task in words, with where it flies."""
    target = city.building(agent.goes_to) if agent.goes_to else None
    where = f"the {target.btype.name}" if target is not None else "its hub"
    tasks: dict[str, Line] = {
        "patrolling": ("patrolling: searching the streets for loaded walkers, caches and taps", "good"),
        "launching": ("taking off", "normal"),
        "grounded": ("grounded: its hub has no power", "bad"),
        "hacked": ("grounded: hacked, its controls are dead for now", "bad"),
        "stood down": ("grounded: drone patrols are off (policy)", "warn"),
        "collecting": (f"flying out to collect {agent.waste_type} waste", "good"),
        "delivering": (f"delivering to {where}", "good"),
        "returning": (f"returning to {where}", "normal"),
        "idle": ("idle at its hub: nothing worth a flight", "dim"),
    }
    return tasks.get(agent.errand, (agent.errand, "normal"))


def describe_camp(city: CityView, camp: CampRecord) -> list[Line]:
    """Return a camp's tribe, its members and walkers, its mood and today's figures."""
    lines: list[Line] = [(f"Camp · {camp.name}", "title")]
    lines.append((f"{camp.members:,} members · {camp.walkers} out on the streets", "normal"))
    lines.append(_mood_line(city, camp))
    if camp.collectors:
        lines.append(("collecting for pay under the amnesty", "good"))
    today = f"brought home {camp.fed:,} units today" + (f" · {camp.intercepted} loads or caches seized" if camp.intercepted else "")
    lines.append((today, "warn" if camp.intercepted else "dim"))
    return lines


def _mood_line(city: CityView, camp: CampRecord) -> Line:
    """Return the tribe's mood by its unrest, on the rules' own marks: seething, too angry for an amnesty, uneasy or calm."""
    unrest = f"unrest {camp.unrest} of 100"
    if camp.unrest >= city.restless_unrest:
        return (f"seething: {unrest}", "bad")
    if camp.unrest >= city.amnesty_below:
        return (f"restless, too angry to take an amnesty: {unrest}", "warn")
    if camp.unrest >= city.amnesty_below // 2:
        return (f"uneasy: {unrest}", "normal")
    return (f"calm: {unrest}", "good")


def _terrain_line(city: CityView, x: int, y: int) -> Line:
    """Return the tile's terrain and coordinates, as the last, dim line."""
    return (f"{TERRAIN_TYPES[int(city.terrain[y, x])].label}  ({x}, {y})", "dim")


def describe_tile(city: CityView, x: int, y: int) -> list[Line]:
    """Return the lines describing tile (x, y), or nothing when it is off the map."""
    if not (0 <= x < city.width and 0 <= y < city.height):
        return []
    terrain = TERRAIN_TYPES[int(city.terrain[y, x])]
    waste_grid = city.waste
    waste = int(waste_grid[:, y, x].sum())
    hazardous = int(waste_grid[HAZARDOUS, y, x])
    pollution = int(city.pollution[y, x])
    waste_text = f"waste {waste:,}" + (f" ({hazardous:,} hazardous)" if hazardous else "")
    lines: list[Line] = []
    building_id = city.building_at(x, y)
    if building_id:
        lines.extend(describe_building(city, building_id))
    if city.found_tap_tiles[y, x]:
        lines.append(_tap_line(city, x, y))
    lines.append((f"Pollution {pollution:,} · {waste_text}", _pollution_tone(city, pollution)))
    lines.append((f"{terrain.label}  ({x}, {y})", "dim"))
    return lines


def _tap_line(city: CityView, x: int, y: int) -> Line:
    """Return what the tap security drones found on tile (x, y) draws, and since when."""
    tap = next(tap for tap in city.found_taps() if (tap.x, tap.y) == (x, y))
    drawing = f"drawing {tap.kw:,} kW" if tap.kw else "idle now"
    return (f"Illegal tap, found on day {tap.found_day + 1} · {drawing}", "warn")


def _pollution_tone(city: CityView, pollution: int) -> str:
    """Return the tone for a pollution level, by the rules' comfort thresholds."""
    if pollution > city.rules.pollution_unlivable:
        return "bad"
    if pollution > city.rules.pollution_uncomfortable:
        return "warn"
    return "normal"


def describe_building(city: CityView, building_id: int) -> list[Line]:
    """Return the building's name, what it is doing and how well it is powered."""
    record = city.building(building_id)
    if record is None:
        return []
    lines: list[Line] = [(record.btype.name, "title")]
    activity = _activity(city, record)
    if activity:
        lines.append(activity)
    if record.btype.landfill_capacity:
        lines.append(_buried_line(record))
    lines.append(_power_line(city, record))
    return lines


def _activity(city: CityView, record: BuildingRecord) -> Line | None:
    """Return what the building is doing, in its own terms."""
    btype = record.btype
    output = record.output_permille // 10
    if btype.is_plant:
        tone = "good" if output >= 50 else "warn" if output > 0 else "bad"
        return (f"producing {output}% of capacity", tone)
    if btype.power_supply_kw:
        return (f"output {output}% · {record.supply_kw:,} of {btype.power_supply_kw:,} kW available", "normal")
    if btype.housing_capacity:
        return (f"{record.occupants:,} / {btype.housing_capacity:,} residents", "normal")
    if btype.landfill_capacity:
        tone = "bad" if record.stored >= btype.landfill_capacity else "normal"
        return (f"holds {record.stored:,} / {btype.landfill_capacity:,} units of waste", tone)
    if btype.drone_range:
        drones, on_board = city.hub_drones(record.building_id)
        if not record.served_permille:
            return (f"{drones} drones landed: no power · {on_board} units on board", "bad")
        return (f"{drones} drones serve blocks within {btype.drone_range} tiles · {on_board} units on board", "good")
    if btype.absorption:
        return (f"absorbs {btype.absorption} pollution an hour within {btype.radius} tiles", "good")
    return None


def _buried_line(record: BuildingRecord) -> Line:
    """Return the landfill's buried hazardous waste, which counts as untreated, and how to dig it out."""
    if not record.buried_hazardous:
        return ("no hazardous waste buried here", "dim")
    return (f"{record.buried_hazardous:,} units of hazardous waste buried, still untreated · click to dig them out", "warn")


def _power_line(city: CityView, record: BuildingRecord) -> Line:
    """Return how the building's power stands, naming a brownout or a dead network."""
    network = record.network
    if network == 0:
        return ("Power: connects when time runs", "dim")  # networks are labelled at the next tick
    supplies, demands = city.network_supply_kw, city.network_demand_kw
    supply = int(supplies[network]) if network < supplies.size else 0
    demand = int(demands[network]) if network < demands.size else 0
    grid = f"grid {network}: {supply:,} kW supply, {demand:,} kW demand"
    wants = record.demand_kw
    if wants == 0 and not record.btype.power_demand_kw:
        return (grid, "dim")
    if wants == 0:
        return ("Power: needs none while empty", "dim")
    served = record.served_permille
    percent = served // 10
    if served >= SERVED_FULL_PERMILLE:
        return (f"Power: {percent}% of {wants:,} kW — {grid}", "good")
    if supply == 0:
        return ("Power: dark — no plant feeds this grid", "bad")
    if served >= DARK_BELOW_PERMILLE:
        return (f"Power: {percent}% of {wants:,} kW — network browned out", "warn")
    return (f"Power: {percent}% of {wants:,} kW — network blacked out", "bad")
