"""Statistics history, once a day: one sample of the city's key figures per day, for charts."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.sim.world import World

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


def sample(world: World) -> dict[str, int]:
    """Return today's figures, one integer per series."""
    return {
        "day": world.day + 1,
        "funds": world.funds,
        "population": world.population,
        "resident_contentment": world.resident_contentment,
        "pollution_mean": world.metric("pollution_mean"),
        "pollution_max": world.metric("pollution_max"),
        "power_supply_kw": int(world.power.supply_kw.sum()),
        "power_demand_kw": int(world.power.demand_kw.sum()),
        "served_percent": world.served_percent_today(),
        "food": world.resources["food"],
        "fuel": world.resources["fuel"],
        "materials": world.resources["materials"],
        "waste_uncollected": int(world.waste.sum()),
        "hazardous_untreated": world.metric("hazardous_untreated"),
        "recycled_total": world.metric("recycled_total"),
    }


def run(world: World) -> None:
    """Append today's sample to the history at the day's last tick."""
    for name, value in sample(world).items():
        world.history.setdefault(name, []).append(value)
