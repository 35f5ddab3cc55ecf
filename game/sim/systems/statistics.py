"""Statistics history, once a day: one sample of the city's key figures per day, for charts."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.sim.simulation import Simulation

SERIES = (
    "day",
    "funds",
    "population",
    "resident_contentment",
    "pollution_mean",
    "pollution_max",
    "power_supply_kw",
    "power_demand_kw",
    "served_percent",
    "food",
    "fuel",
    "materials",
    "waste_uncollected",
    "hazardous_untreated",
    "recycled_total",
)


def sample(sim: Simulation) -> dict[str, int]:
    """Return today's figures, one integer per series."""
    return {
        "day": sim.day + 1,
        "funds": sim.funds,
        "population": sim.population,
        "resident_contentment": sim.resident_contentment,
        "pollution_mean": sim.metric("pollution_mean"),
        "pollution_max": sim.metric("pollution_max"),
        "power_supply_kw": int(sim.power.supply_kw.sum()),
        "power_demand_kw": int(sim.power.demand_kw.sum()),
        "served_percent": sim.served_percent_today(),
        "food": sim.resources["food"],
        "fuel": sim.resources["fuel"],
        "materials": sim.resources["materials"],
        "waste_uncollected": int(sim.waste.sum()),
        "hazardous_untreated": sim.metric("hazardous_untreated"),
        "recycled_total": sim.metric("recycled_total"),
    }


def run(sim: Simulation) -> None:
    """Append today's sample to the history at the day's last tick."""
    if not sim.is_day_end:
        return
    for name, value in sample(sim).items():
        sim.history.setdefault(name, []).append(value)
