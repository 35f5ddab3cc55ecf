"""What the player learns by hovering a tile: terrain, pollution, waste and the building's state."""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.render.overlays import DARK_BELOW_PERMILLE, SERVED_FULL_PERMILLE
from game.sim.agents import COLLECTION_DRONE
from game.sim.buildings import BuildingType
from game.sim.terrain import TERRAIN_TYPES
from game.sim.waste import HAZARDOUS

if TYPE_CHECKING:
    from game.sim.simulation import Simulation

Line = tuple[str, str]  # (text, tone): tone is "title", "normal", "dim", "good", "warn" or "bad"



def describe_tile(sim: Simulation, x: int, y: int) -> list[Line]:
    """Return the lines describing tile (x, y), or nothing when it is off the map."""
    if not (0 <= x < sim.width and 0 <= y < sim.height):
        return []
    terrain = TERRAIN_TYPES[int(sim.terrain[y, x])]
    waste = int(sim.waste[:, y, x].sum())
    hazardous = int(sim.waste[HAZARDOUS, y, x])
    pollution = int(sim.pollution[y, x])
    waste_text = f"waste {waste:,}" + (f" ({hazardous:,} hazardous)" if hazardous else "")
    lines: list[Line] = []
    building_id = sim.building_at(x, y)
    if building_id:
        lines.extend(describe_building(sim, building_id))
    lines.append((f"Pollution {pollution:,} · {waste_text}", _pollution_tone(sim, pollution)))
    lines.append((f"{terrain.label}  ({x}, {y})", "dim"))
    return lines


def _pollution_tone(sim: Simulation, pollution: int) -> str:
    """Return the tone for a pollution level, by the rules' comfort thresholds."""
    if pollution > sim.rules.pollution_unlivable:
        return "bad"
    if pollution > sim.rules.pollution_uncomfortable:
        return "warn"
    return "normal"


def describe_building(sim: Simulation, building_id: int) -> list[Line]:
    """Return the building's name, what it is doing and how well it is powered."""
    row = sim.buildings.row_of(building_id)
    btype = sim.building_type_at_row(row)
    lines: list[Line] = [(btype.name, "title")]
    activity = _activity(sim, btype, row)
    if activity:
        lines.append(activity)
    lines.append(_power_line(sim, btype, row))
    return lines


def _column(sim: Simulation, name: str, row: int) -> int:
    """Return one integer from the building table."""
    return int(sim.buildings.col(name)[row])


def _activity(sim: Simulation, btype: BuildingType, row: int) -> Line | None:
    """Return what the building is doing, in its own terms."""
    output = _column(sim, "output_permille", row) // 10
    served = _column(sim, "served_permille", row)
    if btype.is_plant:
        tone = "good" if output >= 50 else "warn" if output > 0 else "bad"
        return (f"producing {output}% of capacity", tone)
    if btype.power_supply_kw:
        available = _column(sim, "supply_kw", row)
        return (f"output {output}% · {available:,} of {btype.power_supply_kw:,} kW available", "normal")
    if btype.housing_capacity:
        occupants = _column(sim, "occupants", row)
        return (f"{occupants:,} / {btype.housing_capacity:,} residents", "normal")
    if btype.landfill_capacity:
        stored = _column(sim, "stored", row)
        tone = "bad" if stored >= btype.landfill_capacity else "normal"
        return (f"holds {stored:,} / {btype.landfill_capacity:,} units of waste", tone)
    if btype.drone_range:
        store = sim.agents.store
        mine = (store.col("kind") == COLLECTION_DRONE) & (store.col("owner") == _column(sim, "id", row))
        on_board = int(store.col("load")[mine].sum())
        if not served:
            return (f"{int(mine.sum())} drones landed: no power · {on_board} units on board", "bad")
        return (f"{int(mine.sum())} drones serve blocks within {btype.drone_range} tiles · {on_board} units on board", "good")
    if btype.absorption:
        return (f"absorbs {btype.absorption} pollution an hour within {btype.radius} tiles", "good")
    return None


def _power_line(sim: Simulation, btype: BuildingType, row: int) -> Line:
    """Return how the building's power stands, naming a brownout or a dead network."""
    network = _column(sim, "network", row)
    if network == 0:
        return ("Power: connects when time runs", "dim")  # networks are labelled at the next tick
    supply = int(sim.power.supply_kw[network]) if network < sim.power.supply_kw.size else 0
    demand = int(sim.power.demand_kw[network]) if network < sim.power.demand_kw.size else 0
    grid = f"grid {network}: {supply:,} kW supply, {demand:,} kW demand"
    wants = _column(sim, "demand_kw", row)
    if wants == 0 and not btype.power_demand_kw:
        return (grid, "dim")
    if wants == 0:
        return ("Power: needs none while empty", "dim")
    served = _column(sim, "served_permille", row)
    percent = served // 10
    if served >= SERVED_FULL_PERMILLE:
        return (f"Power: {percent}% of {wants:,} kW — {grid}", "good")
    if supply == 0:
        return ("Power: dark — no plant feeds this grid", "bad")
    if served >= DARK_BELOW_PERMILLE:
        return (f"Power: {percent}% of {wants:,} kW — network browned out", "warn")
    return (f"Power: {percent}% of {wants:,} kW — network blacked out", "bad")
