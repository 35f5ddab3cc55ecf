"""Economy, once a day: taxes in, residents eat, surplus sold, upkeep and treatment fees out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.sim.components import Upkeep
from game.sim.events import FundsLow
from game.sim.policies import POLICIES
from game.sim.state import Ledger, saturated_funds
from game.sim.waste import RESOURCES

if TYPE_CHECKING:
    from game.sim.world import World


def run(world: World) -> None:
    """Settle the day's accounts at the day's last tick."""
    rules = world.rules
    ledger = world.ledger
    # Each line saturates as the treasury does, so a save holds it whatever the stocks and rules.
    ledger.taxes = saturated_funds(world.population * rules.income_per_resident * world.policies["tax_rate"] // 100)
    eaten = world.population * rules.food_per_resident_milli // 1000
    world.food_short = eaten > world.resources["food"]
    world.resources["food"] = max(0, world.resources["food"] - eaten)
    for resource in RESOURCES:
        surplus = world.resources[resource] - getattr(rules, f"reserve_{resource}")
        if surplus > 0:
            world.resources[resource] -= surplus
            ledger.sales = saturated_funds(ledger.sales + surplus * getattr(rules, f"price_{resource}"))
    # Bulk, from the layout: asking esper for 16,384 blocks' upkeep took 35 ms at the 512 city's day end.
    ledger.upkeep = int(world.layout.values(Upkeep, "credits").sum())
    ledger.policies = policy_costs(world.policies)
    was_above = world.funds >= rules.funds_low_warning
    world.funds = saturated_funds(world.funds + ledger.net)
    if was_above and world.funds < rules.funds_low_warning:
        world.emit(FundsLow(world.funds))
    world.last_ledger = ledger
    world.ledger = Ledger()


def policy_costs(policies: dict[str, int]) -> int:
    """Return the credits a day the policies in force cost."""
    return sum(policy.daily_cost * policy.cost_steps(policies[policy.name]) for policy in POLICIES)
