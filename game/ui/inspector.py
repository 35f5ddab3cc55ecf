"""What the player learns by hovering a tile: terrain, pollution, waste and the building's state."""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.render.overlays import DARK_BELOW_PERMILLE, SERVED_FULL_PERMILLE
from game.sim.terrain import TERRAIN_TYPES
from game.sim.waste import HAZARDOUS

if TYPE_CHECKING:
    from game.sim.view import BuildingRecord, CityView

Line = tuple[str, str]  # (text, tone): tone is "title", "normal", "dim", "good", "warn" or "bad"


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
