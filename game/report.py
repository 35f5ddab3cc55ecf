"""The headless run report: a JSON-ready dictionary of the city's state and what happened."""

from __future__ import annotations

from typing import Any

from game.sim.commands import command_to_dict, result_to_dict
from game.sim.politics import FACTIONS
from game.sim.simulation import Simulation
from game.sim.state import PLAYING_ON, WON
from game.sim.view import CityView
from game.sim.waste import WASTE_TYPES

REPORT_VERSION = 1


def _by_type(values: Any) -> dict[str, int]:
    return {name: int(value) for name, value in zip(WASTE_TYPES, values)}


def build_report(
    sim: Simulation, level: str, ticks_run: int, commands: list[dict[str, Any]], ticks_requested: int | None = None
) -> dict[str, Any]:
    """Return the report of `sim` after a run of `ticks_run` ticks (of `ticks_requested`: fewer when the level ended), with each command's result."""
    power = sim.power
    demand = int(power.demand_kw.sum())
    return {
        "report_version": REPORT_VERSION,
        "level": level,
        "level_name": sim.scenario.name,
        "seed": sim.seed,
        "ticks": ticks_run,
        "ticks_requested": ticks_run if ticks_requested is None else ticks_requested,
        "tick": sim.tick,
        "day": sim.day,
        "hour": sim.hour,
        "state_hash": sim.state_hash(),
        "outcome": _outcome(sim.outcome.status, sim.outcome.reason),
        "funds": sim.funds,
        "ledger_last_day": {
            "taxes": sim.last_ledger.taxes,
            "sales": sim.last_ledger.sales,
            "upkeep": sim.last_ledger.upkeep,
            "fees": sim.last_ledger.fees,
            "policies": sim.last_ledger.policies,
            "fines": sim.last_ledger.fines,
            "wages": sim.last_ledger.wages,
            "events": sim.last_ledger.events,
            "net": sim.last_ledger.net,
        },
        "population": sim.population,
        "resources": dict(sim.resources),
        "waste": {
            "generated": int(sim.counters.generated.sum()),
            "collected": int(sim.counters.collected.sum()),
            "recycled": int(sim.counters.recycled.sum()),
            "landfilled": int(sim.counters.landfilled.sum()),
            "uncollected": int(sim.waste.sum()),
            "on_drones": int(sim.agents.carried().sum()),
            "in_depot": int(sim.depot.sum()),
            "hazardous_untreated": sim.metric("hazardous_untreated"),
            "by_type": {
                "generated": _by_type(sim.counters.generated),
                "collected": _by_type(sim.counters.collected),
                "recycled": _by_type(sim.counters.recycled),
                "landfilled": _by_type(sim.counters.landfilled),
                "uncollected": _by_type(sim.waste.sum(axis=(1, 2))),
                "on_drones": _by_type(sim.agents.carried()),
            },
        },
        "power": {
            "supply_kw": int(power.supply_kw.sum()),
            "demand_kw": demand,
            "served_fraction": round(sim.served_percent() / 100, 2),
            "siphoned_kw": int(power.siphoned_kw.sum()),
            "networks": power.network_count,
            **power_split(sim),
        },
        "pollution": {"mean": round(float(sim.pollution.mean()), 2), "max": int(sim.pollution.max())},
        "buildings": _building_counts(sim),
        **society_report(sim),
        "policies": dict(sim.policies),
        "commands": commands,
        "history": sim.history,
    }


def power_split(sim: Simulation) -> dict[str, Any]:
    """Return where the power went last tick: what reached the buildings, what the taps drew (found and not) and the spare supply."""
    power = CityView(sim).power  # (the simulation's own split, game.sim.systems.taps.balance)
    return {
        "delivered_kw": power.delivered_kw,
        "unexplained_loss_kw": power.unexplained_kw,  # drawn at taps nobody has found
        "found_taps": power.found_taps,
        "found_tap_kw": power.found_tap_kw,
        "spare_kw": power.spare_kw,
    }


def society_report(sim: Simulation) -> dict[str, Any]:
    """Return the report's agents, tribes, residents' contentment, voters' approval, figures, elections, scandals and story sections."""
    agents, politics, story = sim.agents, sim.politics, sim.story
    counts = agents.counts()
    return {
        "agents": {
            "scavengers": counts["scavengers"],
            "drones": {"collection": counts["collection_drones"], "security": counts["security_drones"]},
            "caches": agents.cache_total(),
            "tribes": [
                {"name": t.name, "members": t.members, "unrest": t.unrest, "collectors": t.collectors}
                for t in agents.tribes
            ],
            "last_day": dict(agents.yesterday),
        },
        # The underground economy over the whole game (game.sim.agents.TOTAL_FIGURES): units
        # smuggled into caches, seized from caches, loads intercepted, units picked up from the
        # streets, collectors' deliveries, drones' deliveries, kWh the taps drew, fines charged.
        "society_totals": {
            **agents.so_far(),
            "cached_now": agents.cache_total(),
        },
        "resident_contentment": sim.resident_contentment,
        "voter_approval": {
            "overall": sim.metric("voter_approval"),
            "factions": {faction.id: int(politics.approval[i]) for i, faction in enumerate(FACTIONS)},
        },
        "figures": {key: int(value) for key, value in politics.figures(sim).items()},
        "elections": [
            {"day": e.day, "result": "won" if e.won else "lost", "vote_share": e.vote_percent, "by_faction": dict(e.by_faction)}
            for e in politics.elections
        ],
        "next_election_day": politics.next_election_day(),
        "scandals": [{"day": s.day, "cause": s.cause, "hidden": s.hidden, "hit": s.hit} for s in politics.scandals],
        "events": [
            {"tick": tick, "day": tick // 24, "event": event_id, "title": story.definition(event_id).title}
            for tick, event_id in story.fired
        ],
        "choices": [
            {"tick": tick, "event": event_id, "choice": choice_id, "by": by}
            for tick, event_id, choice_id, by in story.choices
        ],
        "waiting_event": None if story.active is None else story.active.event_id,
    }


def _building_counts(sim: Simulation) -> dict[str, int]:
    counts: dict[str, int] = {}
    for record in sim.each_building():
        counts[record.kind] = counts.get(record.kind, 0) + 1
    return dict(sorted(counts.items()))


def command_entry(tick: int, command: Any, result: Any | None) -> dict[str, Any]:
    """Return the report entry of one scheduled command and its result (None: never reached)."""
    entry: dict[str, Any] = {"tick": tick, **command_to_dict(command)}
    if result is None:
        entry.update({"result": "not_reached", "reason": "the run ended before this tick (the level was over, or the run's ticks ran out)"})
    else:
        entry.update(result_to_dict(result))
    return entry


def _outcome(status: str, reason: str) -> dict[str, object]:
    """Return the report's outcome: running, won or lost and why; a won city played on is won, with `playing_on`."""
    if status == PLAYING_ON:
        return {"status": WON, "reason": reason, "playing_on": True}
    return {"status": status, "reason": reason}
