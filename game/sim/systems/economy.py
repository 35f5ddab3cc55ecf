"""Economy, once a day: taxes in, residents eat, surplus sold, upkeep and treatment fees out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.sim.events import FundsLow
from game.sim.policies import POLICIES
from game.sim.state import Ledger
from game.sim.waste import RESOURCES

if TYPE_CHECKING:
    from game.sim.simulation import Simulation


def run(sim: Simulation) -> None:
    """Settle the day's accounts at the day's last tick."""
    if not sim.is_day_end:
        return
    rules = sim.rules
    ledger = sim.ledger
    ledger.taxes = sim.population * rules.income_per_resident * sim.policies["tax_rate"] // 100
    eaten = sim.population * rules.food_per_resident_milli // 1000
    sim.food_short = eaten > sim.resources["food"]
    sim.resources["food"] = max(0, sim.resources["food"] - eaten)
    for resource in RESOURCES:
        surplus = sim.resources[resource] - getattr(rules, f"reserve_{resource}")
        if surplus > 0:
            sim.resources[resource] -= surplus
            ledger.sales += surplus * getattr(rules, f"price_{resource}")
    ledger.upkeep = int(sim.type_column("upkeep").sum())
    ledger.policies = policy_costs(sim.policies)
    was_above = sim.funds >= rules.funds_low_warning
    sim.funds += ledger.net
    if was_above and sim.funds < rules.funds_low_warning:
        sim.emit(FundsLow(sim.funds))
    sim.last_ledger = ledger
    sim.ledger = Ledger()


def policy_costs(policies: dict[str, int]) -> int:
    """Return the credits a day the policies in force cost."""
    return sum(policy.daily_cost * policy.cost_steps(policies[policy.name]) for policy in POLICIES)
