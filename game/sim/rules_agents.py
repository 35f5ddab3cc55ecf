"""Tunable rules of scavenger tribes, drones, caches and taps; part of `game.sim.rules.Rules`, overridable by name from a level."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class AgentRules:
    """The numbers of scavenger tribes, drones, caches and taps, with their units (all integers, all with defaults)."""

    scavengers_per_camp_cap: int = 400  # most walkers one camp shows
    scavenger_members_per_agent: int = 8  # tribe members one walker stands for
    scavenger_speed: int = 2  # tiles a walker moves per tick along each axis
    scavenger_carry: int = 3  # waste units one walker carries
    scavenger_retarget_ticks: int = 12  # ticks before a walker gives up on its target and picks again
    scavenger_range: int = 24  # tiles from the camp a walker looks for waste, lines and cache sites
    scavenger_tap_permille: int = 100  # share of walkers that go for a power line instead of waste
    scavenger_tap_kw: int = 15  # kW one walker siphons while on a line tile
    scavenger_tap_ticks: int = 16  # ticks a walker stays on a line once it taps it
    scavenger_food_per_100_members: int = 6  # waste units a tribe needs a day per 100 members, or it goes hungry
    scavenger_hunger_unrest: int = 2  # unrest a day when a tribe brought home less than it needs
    scavenger_smuggle_permille: int = 400  # share of a tribe's waste errands that go for hazardous waste to hide (halved under a crackdown)
    scavenger_pollution_limit: int = 1500  # pollution units at the camp above which the tribe suffers (they live with what Ecolife leaves)
    scavenger_pollution_unrest: int = 1  # unrest a day while the camp is polluted
    scavenger_crackdown_unrest: int = 4  # unrest a day under a crackdown
    scavenger_intercept_unrest: int = 1  # unrest per load or cache of theirs seized...
    scavenger_seized_unrest_max: int = 2  # ...but at most this much a day
    scavenger_amnesty_calm: int = 3  # unrest falling a day under amnesty
    scavenger_community_calm: int = 2  # unrest falling a day with community recycling
    scavenger_community_food_percent: int = 50  # percent of a tribe's daily need community recycling's paid rounds give it
    scavenger_restless_unrest: int = 75  # unrest at which a tribe's mood is announced to the player
    scavenger_amnesty_below: int = 60  # tribes with unrest below this become collectors under amnesty
    scavenger_wage: int = 2  # credits paid per unit an amnestied collector delivers
    scavenger_growth_permille: int = 20  # members added a day when fed, thousandths of members (less as the camp fills)
    scavenger_capacity_permille: int = 4000  # members a camp holds at most, thousandths of the members it was founded with
    scavenger_starve_permille: int = 25  # members who leave a day when the tribe is hungry, thousandths of members
    scavenger_floor_permille: int = 200  # members who never leave their camp, thousandths of the founders
    cache_full_units: int = 400  # hazardous units a tribe piles into one cache before it starts another
    cache_emission_milli: int = 1000  # thousandths of a pollution unit a hidden unit emits per tick (leaking drums: more than a pile)
    drone_collection_per_hub: int = 12  # collection drones each drone hub keeps
    drone_carry: int = 100  # waste units a collection drone carries per trip (one type a trip)
    drone_street_tiles: int = 6  # side of the squares of map whose blocks make one street, which a collection drone empties at one stop
    drone_security_per_hub: int = 2  # security drones each drone hub keeps
    drone_speed: int = 4  # tiles a drone flies per tick along each axis
    drone_patrol_radius: int = 6  # tiles a security drone patrols from its hub per patrol intensity step
    drone_detect_cell: int = 8  # tiles a side of the square a security drone searches
    drone_intercept_permille: int = 300  # chance a loaded walker in sight is caught each tick (tolerate)
    drone_crackdown_permille: int = 700  # the same chance under a crackdown
    drone_fine: int = 40  # credits fined per load or cache seized
    drone_search_ticks: int = 4  # ticks between security drones' searches for caches (whole rounds of four)


# The largest value of each rule above (every rule's least is 0). Walkers and drones are rows of the
# agent store, so their counts are bounded: at most 64 camps of `scavengers_per_camp_cap` walkers
# and the drones of every hub, themselves bounded in all by game.sim.agents.MAX_DRONES. Tiles are
# bounded by the largest map side, shares by a thousand, unrest by its scale of 100.
AGENT_RULE_MAXIMA: Final[dict[str, int]] = {
    "scavengers_per_camp_cap": 5_000,
    "scavenger_members_per_agent": 100_000,
    "scavenger_speed": 512,  # the largest map side
    "scavenger_carry": 100_000,
    "scavenger_retarget_ticks": 100_000,
    "scavenger_range": 512,
    "scavenger_tap_permille": 1_000,
    "scavenger_tap_kw": 1_000_000,
    "scavenger_tap_ticks": 100_000,
    "scavenger_food_per_100_members": 100_000,
    "scavenger_hunger_unrest": 100,  # unrest runs from 0 to 100
    "scavenger_smuggle_permille": 1_000,
    "scavenger_pollution_limit": 1_000_000,  # the most pollution a tile can hold
    "scavenger_pollution_unrest": 100,
    "scavenger_crackdown_unrest": 100,
    "scavenger_intercept_unrest": 100,
    "scavenger_seized_unrest_max": 100,
    "scavenger_amnesty_calm": 100,
    "scavenger_community_calm": 100,
    "scavenger_community_food_percent": 1_000,
    "scavenger_restless_unrest": 100,
    "scavenger_amnesty_below": 100,
    "scavenger_wage": 1_000,
    "scavenger_growth_permille": 1_000,  # a tribe at most doubles a day, up to game.sim.agents.MAX_TRIBE_MEMBERS
    "scavenger_capacity_permille": 10_000_000,  # ten thousand times its founders, up to MAX_TRIBE_MEMBERS
    "scavenger_starve_permille": 1_000,
    "scavenger_floor_permille": 1_000,
    "cache_full_units": 1_000_000,  # game.sim.waste.MAX_WASTE_PER_TILE
    "cache_emission_milli": 100_000,
    "drone_collection_per_hub": 64,
    "drone_carry": 100_000,
    "drone_street_tiles": 512,
    "drone_security_per_hub": 64,
    "drone_speed": 512,
    "drone_patrol_radius": 512,
    "drone_detect_cell": 512,
    "drone_intercept_permille": 1_000,
    "drone_crackdown_permille": 1_000,
    "drone_fine": 1_000_000,
    "drone_search_ticks": 100_000,
}
