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
from game.sim.politics import FACTION_INDEX, FACTIONS, STANCES
from game.sim.state import saturated_funds

if TYPE_CHECKING:
    from game.sim.story import Condition, Effect, StoryEvent
    from game.sim.world import World


# --- reading the city ------------------------------------------------------------------------------
def metric(world: World, name: str) -> int:
    """Return `world.metric(name)` (the level loader accepts only known metric names)."""
    return int(world.metric(name))


def days_to_election(world: World) -> int | None:
    """Return whole days until the next election, or None when no election is coming."""
    return world.politics.days_to_election(world)


def tribes(world: World) -> list[Any]:
    """Return the tribes of the level's camps."""
    return list(world.agents.tribes)


def unrest_max(world: World) -> int:
    """Return the most restless tribe's unrest (0 without tribes)."""
    return world.agents.unrest_max()


def hidden(world: World) -> int:
    """Return the hazardous units Ecolife's report hides."""
    return int(world.politics.figures(world)["hidden"])


def _within(value: int | None, at_least: int | None, at_most: int | None) -> bool:
    """Return whether `value` is known and inside the bounds given."""
    if value is None:
        return False
    return (at_least is None or value >= at_least) and (at_most is None or value <= at_most)


def holds(world: World, condition: Condition) -> bool:
    """Return whether `condition` holds in the city now."""
    kind = condition.kind
    if kind == "metric":
        return _within(metric(world, condition.subject), condition.at_least, condition.at_most)
    if kind == "day_at_least":
        return world.day >= (condition.at_least or 0)
    if kind == "days_to_election_at_most":
        limit = condition.at_most if condition.at_most is not None else world.scenario.politics.debate_days_before
        days = days_to_election(world)
        return days is not None and 0 < days <= limit
    if kind == "policy":
        return _within(world.policies.get(condition.subject), condition.at_least, condition.at_most)
    if kind == "tribe_unrest_at_least":
        return bool(tribes(world)) and unrest_max(world) >= (condition.at_least or 0)
    if kind == "hidden_at_least":
        return hidden(world) >= (condition.at_least or 0)
    if kind == "fired":
        return world.story.has_fired(condition.subject)
    if kind == "chose":
        event, _, choice = condition.subject.partition(".")
        return world.story.has_chosen(event, choice)
    return False


def offered(world: World, event: StoryEvent) -> tuple[str, ...]:
    """Return the ids of `event`'s choices whose `offered_when` conditions all hold now, in order (the default always)."""
    return tuple(
        choice.id for choice in event.choices
        if choice.id == event.default or all(holds(world, condition) for condition in choice.offered_when)
    )


# --- changing the city -----------------------------------------------------------------------------
def _tribe_index(world: World, target: str) -> int | None:
    """Return the tribe `target` names ("restless": the most restless; "" or unknown: None = all)."""
    known = tribes(world)
    if target == "restless" and known:
        return max(range(len(known)), key=lambda i: (known[i].unrest, -i))
    for index, tribe in enumerate(known):
        if tribe.name == target:
            return index
    return None


def _place(world: World, target: str) -> tuple[int, int]:
    """Return the camp tile of the tribe `target` names, or the map centre."""
    index = _tribe_index(world, target or "restless")
    if index is None:
        return world.width // 2, world.height // 2
    tribe = tribes(world)[index]
    return int(tribe.x), int(tribe.y)


def _nearest_line(world: World, x: int, y: int) -> tuple[int, int] | None:
    """Return the tile of the powered building nearest (x, y), or None when no network exists."""
    ys, xs = np.nonzero(world.network)
    if xs.size == 0:
        return None
    distance = (xs - x) ** 2 + (ys - y) ** 2
    best = int(np.argmin(distance))  # argmin takes the first of equals: row-major, deterministic
    return int(xs[best]), int(ys[best])


def _plant_of_kind(world: World, kind: str) -> int:
    """Return the id of the oldest building of `kind` (or of any producing plant), 0 if none."""
    ids = world.buildings.col("id")
    kinds = world.layout.kinds
    wanted = BUILDING_INDEX.get(kind)
    rows = np.nonzero(kinds == wanted)[0] if wanted is not None else np.array([], np.int64)
    if rows.size == 0:
        plants = [i for i, btype in enumerate(BUILDING_TYPES) if btype.yields or btype.power_supply_kw]
        rows = np.nonzero(np.isin(kinds, plants))[0]
    return int(ids[rows].min()) if rows.size else 0


def foresee_effect(effect: Effect) -> str:
    """Return what `effect` will do, as the dialog shows it before the pick (e.g. `-2,000 credits`, `Activists approval +5`)."""
    amount, target = effect.amount, effect.target
    tribe = {"": "every tribe", "restless": "the most restless tribe"}.get(target, target)
    if effect.kind == "funds":
        return f"{amount:+,} credits"
    if effect.kind == "policy":
        policy = POLICY_INDEX.get(target)
        return "" if policy is None else f"{policy.label}: {policy.value_label(min(max(amount, policy.minimum), policy.maximum))}"
    if effect.kind == "approval":
        who = FACTIONS[FACTION_INDEX[target]].label if target in FACTION_INDEX else "every faction"
        return f"{who} approval {amount:+}"
    if effect.kind == "unrest":
        return f"unrest {amount:+} in {tribe}"
    if effect.kind == "tribe_members":
        return f"{amount:+} scavengers in {tribe}"
    if effect.kind == "security_off":
        return f"security drones grounded {amount} h"
    if effect.kind == "power_cut":
        return f"a grid section dark {amount} h"
    if effect.kind == "sabotage":
        index = BUILDING_INDEX.get(target)
        return f"{'a plant' if index is None else 'a ' + BUILDING_TYPES[index].name.lower()} idle {amount} h"
    if effect.kind == "expose":
        return "a scandal breaks if anything is hidden"
    if effect.kind == "seize_caches":
        return "every hidden cache seized"
    if effect.kind == "stance":
        stance = next((s for s in STANCES if s.id == target), None)
        return f"stance: {target if stance is None else stance.label}"
    if effect.kind == "pollution":
        return f"pollution {amount:+,} {'at the map centre' if not target else 'near ' + tribe}"
    return ""


def apply_effect(world: World, effect: Effect) -> str:
    """Apply one effect now and return a short phrase of what it did ('' when nothing to say)."""
    handler = _HANDLERS.get(effect.kind)
    return handler(world, effect) if handler is not None else ""


def _funds(world: World, effect: Effect) -> str:
    # Booked on today's ledger; the economy settles it into world.funds at day end.
    world.ledger.events = saturated_funds(world.ledger.events + effect.amount)
    return f"{effect.amount:+,} credits"


def _policy(world: World, effect: Effect) -> str:
    policy = POLICY_INDEX.get(effect.target)
    if policy is None:
        return ""
    value = min(max(effect.amount, policy.minimum), policy.maximum)
    world.policies[effect.target] = value
    return f"{policy.label}: {policy.value_label(value)}"


def _approval(world: World, effect: Effect) -> str:
    world.politics.adjust(effect.target or None, effect.amount)
    who = effect.target or "everyone"
    return f"approval {effect.amount:+} with {who}"


def _unrest(world: World, effect: Effect) -> str:
    if not tribes(world):
        return ""
    world.agents.adjust_unrest(_tribe_index(world, effect.target), effect.amount)
    return f"unrest {effect.amount:+}"


def _members(world: World, effect: Effect) -> str:
    if not tribes(world):
        return ""
    world.agents.grow_tribe(_tribe_index(world, effect.target), effect.amount)
    return f"{effect.amount:+} scavengers"


def _security_off(world: World, effect: Effect) -> str:
    world.agents.disable_security(world, effect.amount)
    return f"security drones grounded for {effect.amount} hours"


def _power_cut(world: World, effect: Effect) -> str:
    x, y = _place(world, effect.target)
    site = _nearest_line(world, x, y)
    if site is None or world.cut_power(site[0], site[1], effect.amount) == 0:
        return ""
    return f"a grid section dark for {effect.amount} hours"


def _sabotage(world: World, effect: Effect) -> str:
    building_id = _plant_of_kind(world, effect.target)
    building = world.building(building_id)
    if building is None or not world.sabotage(building_id, effect.amount):
        return ""
    return f"a {BUILDING_TYPES[BUILDING_INDEX[building.kind]].name.lower()} idle for {effect.amount} hours"


def _expose(world: World, effect: Effect) -> str:
    scandal = world.politics.expose(world, effect.target or "a story event")
    return "a scandal breaks" if scandal is not None else "nothing was hidden to expose"


def _seize(world: World, effect: Effect) -> str:
    return f"{int(world.agents.seize_caches(world)):,} hidden units seized"


def _stance(world: World, effect: Effect) -> str:
    return str(world.politics.take_stance(world, effect.target)).rstrip(".")


def _pollution(world: World, effect: Effect) -> str:
    x, y = _place(world, effect.target)
    world.pollution[y, x] = min(world.rules.pollution_cap, max(0, int(world.pollution[y, x]) + effect.amount))
    return f"pollution {effect.amount:+,} near ({x}, {y})"


_HANDLERS: Final[dict[str, Callable[[World, Effect], str]]] = {
    "funds": _funds, "policy": _policy, "approval": _approval, "unrest": _unrest, "tribe_members": _members,
    "security_off": _security_off, "power_cut": _power_cut, "sabotage": _sabotage, "expose": _expose,
    "seize_caches": _seize, "stance": _stance, "pollution": _pollution,
}
