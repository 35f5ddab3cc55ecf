"""Evaluating story conditions and applying story effects, through the other parts' hooks.

Effects reach the city only through the agents', politics' and simulation's public hooks, so a
story event changes nothing the systems do not already know how to change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

import numpy as np

from game.sim.buildings import BUILDING_INDEX, BUILDING_TYPES
from game.sim.policies import POLICY_INDEX

if TYPE_CHECKING:
    from game.sim.simulation import Simulation
    from game.sim.story import Condition, Effect


# --- reading the city ------------------------------------------------------------------------------
def metric(sim: Simulation, name: str) -> int:
    """Return `sim.metric(name)` (the level loader accepts only known metric names)."""
    return int(sim.metric(name))


def days_to_election(sim: Simulation) -> int | None:
    """Return whole days until the next election, or None when no election is coming."""
    return sim.politics.days_to_election(sim)


def tribes(sim: Simulation) -> list[Any]:
    """Return the tribes of the level's camps."""
    return list(sim.agents.tribes)


def unrest_max(sim: Simulation) -> int:
    """Return the most restless tribe's unrest (0 without tribes)."""
    return sim.agents.unrest_max()


def hidden(sim: Simulation) -> int:
    """Return the hazardous units Ecolife's report hides."""
    return int(sim.politics.figures(sim)["hidden"])


def _within(value: int | None, at_least: int | None, at_most: int | None) -> bool:
    """Return whether `value` is known and inside the bounds given."""
    if value is None:
        return False
    return (at_least is None or value >= at_least) and (at_most is None or value <= at_most)


def holds(sim: Simulation, condition: Condition) -> bool:
    """Return whether `condition` holds in the city now."""
    kind = condition.kind
    if kind == "metric":
        return _within(metric(sim, condition.subject), condition.at_least, condition.at_most)
    if kind == "day_at_least":
        return sim.day >= (condition.at_least or 0)
    if kind == "days_to_election_at_most":
        limit = condition.at_most if condition.at_most is not None else sim.scenario.politics.debate_days_before
        days = days_to_election(sim)
        return days is not None and 0 < days <= limit
    if kind == "policy":
        return _within(sim.policies.get(condition.subject), condition.at_least, condition.at_most)
    if kind == "tribe_unrest_at_least":
        return bool(tribes(sim)) and unrest_max(sim) >= (condition.at_least or 0)
    if kind == "hidden_at_least":
        return hidden(sim) >= (condition.at_least or 0)
    if kind == "fired":
        return sim.story.has_fired(condition.subject)
    if kind == "chose":
        event, _, choice = condition.subject.partition(".")
        return sim.story.has_chosen(event, choice)
    return False


# --- changing the city -----------------------------------------------------------------------------
def _tribe_index(sim: Simulation, target: str) -> int | None:
    """Return the tribe `target` names ("restless": the most restless; "" or unknown: None = all)."""
    known = tribes(sim)
    if target == "restless" and known:
        return max(range(len(known)), key=lambda i: (known[i].unrest, -i))
    for index, tribe in enumerate(known):
        if tribe.name == target:
            return index
    return None


def _place(sim: Simulation, target: str) -> tuple[int, int]:
    """Return the camp tile of the tribe `target` names, or the map centre."""
    index = _tribe_index(sim, target or "restless")
    if index is None:
        return sim.width // 2, sim.height // 2
    tribe = tribes(sim)[index]
    return int(tribe.x), int(tribe.y)


def _nearest_line(sim: Simulation, x: int, y: int) -> tuple[int, int] | None:
    """Return the tile of the powered building nearest (x, y), or None when no network exists."""
    ys, xs = np.nonzero(sim.network)
    if xs.size == 0:
        return None
    distance = (xs - x) ** 2 + (ys - y) ** 2
    best = int(np.argmin(distance))  # argmin takes the first of equals: row-major, deterministic
    return int(xs[best]), int(ys[best])


def _plant_of_kind(sim: Simulation, kind: str) -> int:
    """Return the id of the oldest building of `kind` (or of any producing plant), 0 if none."""
    ids = sim.buildings.col("id")
    kinds = sim.buildings.col("kind")
    wanted = BUILDING_INDEX.get(kind)
    rows = np.nonzero(kinds == wanted)[0] if wanted is not None else np.array([], np.int64)
    if rows.size == 0:
        plants = [i for i, btype in enumerate(BUILDING_TYPES) if btype.yields or btype.power_supply_kw]
        rows = np.nonzero(np.isin(kinds, plants))[0]
    return int(ids[rows].min()) if rows.size else 0


def apply_effect(sim: Simulation, effect: Effect) -> str:
    """Apply one effect now and return a short phrase of what it did ('' when nothing to say)."""
    handler = _HANDLERS.get(effect.kind)
    return handler(sim, effect) if handler is not None else ""


def _funds(sim: Simulation, effect: Effect) -> str:
    # Booked on today's ledger; the economy settles it into sim.funds at day end.
    sim.ledger.events += effect.amount
    return f"{effect.amount:+,} credits"


def _policy(sim: Simulation, effect: Effect) -> str:
    policy = POLICY_INDEX.get(effect.target)
    if policy is None:
        return ""
    value = min(max(effect.amount, policy.minimum), policy.maximum)
    sim.policies[effect.target] = value
    return f"{policy.label}: {policy.value_label(value)}"


def _approval(sim: Simulation, effect: Effect) -> str:
    sim.politics.adjust(effect.target or None, effect.amount)
    who = effect.target or "everyone"
    return f"approval {effect.amount:+} with {who}"


def _unrest(sim: Simulation, effect: Effect) -> str:
    if not tribes(sim):
        return ""
    sim.agents.adjust_unrest(_tribe_index(sim, effect.target), effect.amount)
    return f"unrest {effect.amount:+}"


def _members(sim: Simulation, effect: Effect) -> str:
    if not tribes(sim):
        return ""
    sim.agents.grow_tribe(_tribe_index(sim, effect.target), effect.amount)
    return f"{effect.amount:+} scavengers"


def _security_off(sim: Simulation, effect: Effect) -> str:
    sim.agents.disable_security(sim, effect.amount)
    return f"security drones grounded for {effect.amount} hours"


def _power_cut(sim: Simulation, effect: Effect) -> str:
    x, y = _place(sim, effect.target)
    site = _nearest_line(sim, x, y)
    if site is None or sim.cut_power(site[0], site[1], effect.amount) == 0:
        return ""
    return f"a grid section dark for {effect.amount} hours"


def _sabotage(sim: Simulation, effect: Effect) -> str:
    building_id = _plant_of_kind(sim, effect.target)
    if building_id == 0 or not sim.sabotage(building_id, effect.amount):
        return ""
    kind = sim.building(building_id).kind
    return f"a {BUILDING_TYPES[BUILDING_INDEX[kind]].name.lower()} idle for {effect.amount} hours"


def _expose(sim: Simulation, effect: Effect) -> str:
    scandal = sim.politics.expose(sim, effect.target or "a story event")
    return "a scandal breaks" if scandal is not None else "nothing was hidden to expose"


def _seize(sim: Simulation, effect: Effect) -> str:
    return f"{int(sim.agents.seize_caches(sim)):,} hidden units seized"


def _stance(sim: Simulation, effect: Effect) -> str:
    return str(sim.politics.take_stance(sim, effect.target)).rstrip(".")


def _pollution(sim: Simulation, effect: Effect) -> str:
    x, y = _place(sim, effect.target)
    sim.pollution[y, x] = min(sim.rules.pollution_cap, max(0, int(sim.pollution[y, x]) + effect.amount))
    return f"pollution {effect.amount:+,} near ({x}, {y})"


_HANDLERS: Final[dict[str, Callable[[Simulation, Effect], str]]] = {
    "funds": _funds, "policy": _policy, "approval": _approval, "unrest": _unrest, "tribe_members": _members,
    "security_off": _security_off, "power_cut": _power_cut, "sabotage": _sabotage, "expose": _expose,
    "seize_caches": _seize, "stance": _stance, "pollution": _pollution,
}
