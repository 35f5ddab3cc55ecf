"""Statistics history, once a day: one sample of the city's key figures per day, for charts.

The history is bounded so that a game of any age keeps flat memory and writes saves it loads again:
the last `RECENT_DAYS` samples stay at daily resolution, and once a series holds more than
`HISTORY_LIMIT` samples every second one of the older part is dropped (the first day always stays).
Older days thin out each time the limit is reached again, so the far past is kept coarsely; the
`day` series says which day each sample is. A history within the limit is never touched, so games
shorter than `HISTORY_LIMIT` days (and their state hashes) are as they were before the bound.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from game.sim.world import World

RECENT_DAYS: Final = 3_650  # ten game years kept at daily resolution
HISTORY_LIMIT: Final = 2 * RECENT_DAYS  # samples per series at most; about 4 MB for all series

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
    "tapped_kwh",
    "cached_units",
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
        "tapped_kwh": world.agents.today["tapped_kwh"],  # what the taps drew today
        "cached_units": world.agents.cache_total(),  # hazardous waste hidden in caches now
    }


def run(world: World) -> None:
    """Append today's sample to the history at the day's last tick."""
    for name, value in sample(world).items():
        values = world.history.setdefault(name, [])
        values.append(value)
        if len(values) > HISTORY_LIMIT:
            world.history[name] = thinned(values)


def thinned(values: list[int]) -> list[int]:
    """Return `values` within `HISTORY_LIMIT`: the recent days whole, every second older one kept."""
    while len(values) > HISTORY_LIMIT:
        older, recent = values[:-RECENT_DAYS], values[-RECENT_DAYS:]
        values = older[::2] + recent
    return values
