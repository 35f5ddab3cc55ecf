"""Factions, their approval, reported versus true figures, scandals, the debate's stances and elections.

Each faction's approval (0..100) drifts a few points a day towards a target the city sets: 50 plus
its base, plus its weights times the city's pressures (each -100..100, see `pressures`), plus a
memory of scandals, stances and events that fades day by day. The vote is the share-weighted
approval. Ecolife reports only the hazardous waste it collected; the rest (left at the blocks,
buried in landfills, hidden in scavenger caches) is hidden until transparency publishes it or a
scandal exposes it.

The factions and the debate's stances are game/data/factions.toml and stances.toml; what each stance
does (it reads the city's record) is a function here, in `_STANCE_EFFECTS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import numpy as np

from game.data import read_table
from game.data.models import FactionsFile, StancesFile
from game.sim.buildings import BUILDING_INDEX
from game.sim.checks import (
    SnapshotError,
    checked_array,
    checked_dict,
    checked_int,
    checked_list,
    checked_str,
)
from game.sim.components import Housing
from game.sim.policies import POLICY_INDEX
from game.sim.waste import WASTE_TYPES

if TYPE_CHECKING:
    from game.sim.world import World

HAZARDOUS: Final = WASTE_TYPES.index("hazardous")

# What factions react to, each a pressure from -100 to 100 computed by `pressures` (bad things positive).
PRESSURES: Final[tuple[str, ...]] = (
    "pollution",  # pollution at the housing blocks, 0..100
    "blackouts",  # share of power demand unmet today, 0..100
    "waste",  # uncollected waste lying about per resident, 0..100
    "hazard",  # true untreated hazardous waste, 0..100
    "hidden",  # hazardous waste hidden and not yet exposed, 0..100
    "contentment",  # residents' contentment about the middle, -100..100
    "funds",  # treasury, -100 (deep debt)..100
    "transparency",  # 100 when the true figures are published
    "amnesty",  # 100 under scavenger amnesty
    "crackdown",  # 100 under a crackdown, plus what the drones seized yesterday
    "criminalise",  # 100 when hazardous neglect is a crime
    "patrols",  # drone patrol intensity, 0..99
    "community",  # 100 with the community recycling programme
    "tax",  # tax above (positive) or below the default, -50..100
    "reform",  # how much of Ecolife's attention goes to hazardous waste, 0..100
    "unrest",  # the tribes' mean unrest, 0..100
)


@dataclass(frozen=True, slots=True)
class Faction:
    """A bloc of voters: default vote share, base mood and what moves it (weights in percent of each pressure)."""

    id: str
    label: str
    share: int  # percent of the vote, the defaults sum to 100
    base: int  # points above or below 50 the faction sits at in a quiet city
    description: str
    weights: tuple[tuple[str, int], ...]  # (pressure, percent of it added to the target approval)
    scandal_percent: int  # how hard a scandal hits this faction, percent of the scandal's hit


FACTIONS: Final[tuple[Faction, ...]] = tuple(Faction(**entry.record()) for entry in read_table("factions.toml", FactionsFile).factions)
FACTION_INDEX: Final[dict[str, int]] = {faction.id: index for index, faction in enumerate(FACTIONS)}
FACTION_IDS: Final[tuple[str, ...]] = tuple(faction.id for faction in FACTIONS)


@dataclass(frozen=True, slots=True)
class Stance:
    """A position the player can take in the televised debate."""

    id: str
    label: str
    explanation: str


STANCES: Final[tuple[Stance, ...]] = tuple(Stance(**entry.record()) for entry in read_table("stances.toml", StancesFile).stances)
STANCE_IDS: Final[tuple[str, ...]] = tuple(stance.id for stance in STANCES)

MAX_RECORDS = 10_000  # scandals, elections or stances a save may list
MAX_CAUSE = 120  # characters of a scandal's cause kept on record


@dataclass(frozen=True, slots=True)
class Scandal:
    """Hidden waste came out: on `day`, by `cause`, `hidden` units exposed, `hit` approval points."""

    day: int
    cause: str
    hidden: int
    hit: int


@dataclass(frozen=True, slots=True)
class Election:
    """A vote held at the end of `day`: the player's share of the vote and each faction's approval then."""

    day: int
    won: bool
    vote_percent: int
    by_faction: dict[str, int]
    stances: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ScandalBroke:
    """Hidden hazardous waste was exposed and voters turned on the city."""

    cause: str
    hidden: int
    hit: int

    @property
    def message(self) -> str:
        """One sentence for the player."""
        if self.hit == 0:
            return f"{self.cause[:1].upper()}{self.cause[1:]} found {self.hidden:,} more units of hazardous waste; your published figures took the sting out."
        return f"Scandal: {self.cause} exposed {self.hidden:,} units of hidden hazardous waste; approval fell by up to {self.hit} points."


@dataclass(frozen=True, slots=True)
class FiguresPublished:
    """Transparency published the true figures, hidden waste included."""

    hidden: int
    hit: int

    @property
    def message(self) -> str:
        """One sentence for the player."""
        if self.hidden == 0:
            return "The true waste figures are now published; nothing more was hidden."
        return f"The true figures are out: {self.hidden:,} hidden units of hazardous waste; approval fell by up to {self.hit} points."


@dataclass(frozen=True, slots=True)
class ElectionHeld:
    """The city voted."""

    day: int
    won: bool
    vote_percent: int

    @property
    def message(self) -> str:
        """One sentence for the player."""
        verdict = "re-elected" if self.won else "voted out"
        return f"Election on day {self.day}: you took {self.vote_percent}% of the vote and are {verdict}."


def _pressure_scaled(value: int, full: int) -> int:
    """Return `value` as a pressure 0..100 where `full` counts as 100."""
    return int(min(100, max(0, value) * 100 // max(full, 1)))


def full_hit(world: World, hidden: int) -> int:
    """Return the approval points (0..100) exposing `hidden` units costs when nothing softens it."""
    rules = world.rules
    hit = min(rules.scandal_hit_max, rules.scandal_hit_base + hidden * rules.scandal_hit_per_1000 // 1000)
    return max(0, min(100, hit))


def concealed(world: World, true_total: int | None = None) -> int:
    """Return the hazardous units Ecolife's own report leaves out, whatever the transparency policy.

    `true_total` is `true_hazardous(world)` when the caller already counted it (the count scans the
    whole waste grid, so the day end counts once).
    """
    if true_total is None:
        true_total = true_hazardous(world)
    return max(0, true_total - int(world.depot[HAZARDOUS]))


def true_hazardous(world: World) -> int:
    """Return the true untreated hazardous units: on the ground, in the depot, buried, cached."""
    return int(world.metric("hazardous_untreated"))  # (the caches included)


def yesterday_figure(world: World, name: str) -> int:
    """Return the agents' figure `name` for the last complete day."""
    return int(world.agents.yesterday.get(name, 0))


def unrest_mean(world: World) -> int:
    """Return the tribes' mean unrest 0..100 (0 without tribes)."""
    return int(world.agents.unrest_mean())


def pressures(world: World, hidden_new: int, true_total: int | None = None) -> dict[str, int]:
    """Return the city's pressures on the voters (see PRESSURES), each an integer -100..100.

    `true_total` is `true_hazardous(world)` when the caller already counted it.
    """
    rules = world.rules
    policies = world.policies
    if true_total is None:
        true_total = true_hazardous(world)
    corners = world.layout.corners(world.layout.rows(Housing))
    if corners.size:
        # What numpy's mean computes (an exact float sum over the count), without its overhead.
        home_pollution = int(int(world.pollution.ravel()[corners].sum()) / corners.size)
    else:
        home_pollution = int(world.pollution.mean())
    weights = [policies.get(f"priority.{waste}", 0) for waste in WASTE_TYPES]
    hazard_share = weights[HAZARDOUS] * 100 // max(sum(weights), 1)  # percent of Ecolife's attention
    stance = policies.get("scavenger_stance", 0)
    seized = yesterday_figure(world, "seized") + yesterday_figure(world, "intercepted")
    default_tax = POLICY_INDEX["tax_rate"].default
    return {
        "pollution": _pressure_scaled(home_pollution, rules.faction_pollution_full),
        "blackouts": 100 - max(0, min(100, world.served_percent_today())),
        "waste": _pressure_scaled(int(world.waste.sum()) * 100 // max(world.population, 100), rules.faction_waste_full_per_100),
        "hazard": _pressure_scaled(true_total, rules.faction_hazard_full),
        "hidden": _pressure_scaled(hidden_new, rules.faction_hazard_full),
        "contentment": max(-100, min(100, (int(world.resident_contentment) - 50) * 2)),
        "funds": max(-100, min(100, int(world.funds) * 100 // max(rules.faction_funds_full, 1))),
        "transparency": 100 if policies.get("transparency", 0) else 0,
        "amnesty": 100 if stance > 0 else 0,
        "crackdown": min(100, (70 if stance < 0 else 0) + min(30, seized // 10)),
        "criminalise": 100 if policies.get("criminalise_neglect", 0) else 0,
        "patrols": 33 * max(0, min(3, policies.get("patrol_intensity", 1))),
        "community": 100 if policies.get("community_recycling", 0) else 0,
        "tax": max(-50, min(100, (policies.get("tax_rate", default_tax) - default_tax) * 5)),
        "reform": min(100, hazard_share * 3),
        "unrest": max(0, min(100, unrest_mean(world))),
    }


def normalised_shares(overrides: dict[str, int]) -> np.ndarray:
    """Return vote shares (percent, summing to 100) from the defaults with `overrides`, scaled deterministically."""
    raw = np.array([max(0, overrides.get(f.id, f.share)) for f in FACTIONS], np.int64)
    total = int(raw.sum())
    if total == 0:
        raw = np.array([f.share for f in FACTIONS], np.int64)
        total = int(raw.sum())
    shares = raw * 100 // total
    # Hand the rounding remainder to the largest remainders, ties to the earlier faction.
    remainders = raw * 100 % total
    order = sorted(range(len(FACTIONS)), key=lambda i: (-int(remainders[i]), i))
    for index in order[: 100 - int(shares.sum())]:
        shares[index] += 1
    return shares.astype(np.int32)


class Politics:
    """Factions, their approval, reported versus true figures, scandals and elections."""

    def __init__(self, interval: int, first_day: int) -> None:
        """Start with default shares, everyone at 50, nothing on record and the first vote on `first_day`."""
        count = len(FACTIONS)
        self.share = np.array([f.share for f in FACTIONS], np.int32)  # percent of the vote, sums to 100
        self.approval = np.full(count, 50, np.int32)  # 0..100 per faction
        self.memory = np.zeros(count, np.int32)  # lasting approval points from scandals, stances, events
        self.interval = interval  # days between elections, 0: none
        self.next_day = first_day if interval else 0  # day (from 1) at whose end the next vote is held; 0: none
        self.disclosed = 0  # hidden hazardous units voters already know about
        self.transparent = 0  # the transparency policy as last seen at a day end
        self.scandals: list[Scandal] = []
        self.elections: list[Election] = []
        self.campaign: list[tuple[int, str]] = []  # (tick, stance id) since the last election

    # --- creation, save, hash -------------------------------------------------------------------
    @classmethod
    def from_scenario(cls, world: World) -> Politics:
        """Return the state a new game starts with."""
        setup = world.scenario.politics
        interval = setup.election_every_days or world.rules.election_every_days_default
        first = setup.first_election_day or interval
        politics = cls(max(0, interval), max(0, first))
        overrides = {f.name: f.share for f in setup.factions if f.share is not None and f.name in FACTION_INDEX}
        politics.share = normalised_shares(overrides)
        for entry in setup.factions:
            if entry.approval is not None and entry.name in FACTION_INDEX:
                politics.approval[FACTION_INDEX[entry.name]] = max(0, min(100, entry.approval))
        politics.transparent = 1 if world.policies.get("transparency", 0) else 0
        return politics

    def capture(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        """Return (meta, arrays) from which `restore` rebuilds this state exactly."""
        meta = {
            "interval": self.interval,
            "next_day": self.next_day,
            "disclosed": self.disclosed,
            "transparent": self.transparent,
            "scandals": [{"day": s.day, "cause": s.cause, "hidden": s.hidden, "hit": s.hit} for s in self.scandals],
            "elections": [
                {"day": e.day, "won": e.won, "vote_percent": e.vote_percent, "by_faction": dict(e.by_faction), "stances": list(e.stances)}
                for e in self.elections
            ],
            "campaign": [[tick, stance] for tick, stance in self.campaign],
        }
        arrays = {"share": self.share.copy(), "approval": self.approval.copy(), "memory": self.memory.copy()}
        return meta, arrays

    @classmethod
    def restore(cls, world: World, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> Politics:
        """Return the state `capture` described; SnapshotError naming the field if it is damaged."""
        path = "society.politics"
        count = len(FACTIONS)
        politics = cls(checked_int(meta, "interval", path, 0, None), 0)
        politics.next_day = checked_int(meta, "next_day", path, 0, None)
        politics.disclosed = checked_int(meta, "disclosed", path, 0, None)
        politics.transparent = checked_int(meta, "transparent", path, 0, 1)
        try:
            politics.share = checked_array(arrays, "share", np.int32, (count,), 0, 100)
            politics.approval = checked_array(arrays, "approval", np.int32, (count,), 0, 100)
            politics.memory = checked_array(arrays, "memory", np.int32, (count,), -100, 100)
        except SnapshotError as error:
            raise SnapshotError(f"{path}.{error}") from None
        if int(politics.share.sum()) != 100:
            raise SnapshotError(f"{path}.arrays.share: shares add up to {int(politics.share.sum())}, not 100")
        for index, item in enumerate(checked_list(meta, "scandals", path, MAX_RECORDS)):
            where = f"{path}.scandals[{index}]"
            if not isinstance(item, dict):
                raise SnapshotError(f"{where}: expected a table")
            politics.scandals.append(Scandal(
                checked_int(item, "day", where, 0, None), checked_str(item, "cause", where),
                checked_int(item, "hidden", where, 0, None), checked_int(item, "hit", where, 0, 100),
            ))
        for index, item in enumerate(checked_list(meta, "elections", path, MAX_RECORDS)):
            politics.elections.append(_election_from(item, f"{path}.elections[{index}]"))
        for index, item in enumerate(checked_list(meta, "campaign", path, MAX_RECORDS)):
            where = f"{path}.campaign[{index}]"
            if not (isinstance(item, list) and len(item) == 2):
                raise SnapshotError(f"{where}: expected [tick, stance]")
            entry = {"tick": item[0], "stance": item[1]}
            politics.campaign.append((checked_int(entry, "tick", where, 0, None), checked_str(entry, "stance", where, STANCE_IDS)))
        return politics

    # --- reading ------------------------------------------------------------------------------
    def overall(self) -> int:
        """Return the share-weighted approval 0..100: the vote the player would get today."""
        return int((self.share.astype(np.int64) * self.approval).sum() // 100)

    def figures(self, world: World) -> dict[str, int]:
        """Return Ecolife's reported and the true untreated hazardous waste, and what the report hides."""
        true_total = true_hazardous(world)
        hidden = concealed(world, true_total)
        reported = true_total if world.policies.get("transparency", 0) else true_total - hidden
        return {
            "reported_hazardous_untreated": reported,
            "true_hazardous_untreated": true_total,
            "hidden": true_total - reported,
            "undisclosed": self.undisclosed(world, hidden),
        }

    def undisclosed(self, world: World, hidden: int | None = None) -> int:
        """Return hidden hazardous units voters do not know about yet (what a scandal could expose).

        `hidden` is `concealed(world)` when the caller already counted it.
        """
        return max(0, (concealed(world) if hidden is None else hidden) - self.disclosed)

    def next_election_day(self) -> int | None:
        """Return the day (counted from 1) at whose end the next election is held, or None."""
        return self.next_day or None

    def elections_due_by(self, last_day: int) -> int:
        """Return how many elections are still to be held at day ends up to day `last_day` (from 1)."""
        if not self.next_day or self.next_day > last_day:
            return 0
        return 1 + (last_day - self.next_day) // self.interval if self.interval else 1

    def days_to_election(self, world: World) -> int | None:
        """Return whole days from today to the next election (0: today), or None without one."""
        if not self.next_day:
            return None
        return max(0, self.next_day - (world.day + 1))

    def lost_election(self) -> Election | None:
        """Return the latest election if the player lost it, else None (the goals system ends the level)."""
        if self.elections and not self.elections[-1].won:
            return self.elections[-1]
        return None

    # --- effects ------------------------------------------------------------------------------
    def adjust(self, faction: str | None, delta: int) -> bool:
        """Move one faction's approval (None: every faction) by `delta` now, remembered for days after; False for an unknown faction."""
        if faction is not None and faction not in FACTION_INDEX:
            return False
        indices = range(len(FACTIONS)) if faction is None else [FACTION_INDEX[faction]]
        for index in indices:
            self.approval[index] = max(0, min(100, int(self.approval[index]) + delta))
            self.memory[index] = max(-100, min(100, int(self.memory[index]) + delta))
        return True

    def hit_for(self, world: World, hidden: int) -> int:
        """Return the approval points a scandal exposing `hidden` units costs (before each faction's weight)."""
        hit = full_hit(world, hidden)
        if world.policies.get("transparency", 0):
            hit = hit * world.rules.scandal_transparent_percent // 100
        return hit

    def _hit_every_faction(self, hit: int) -> None:
        """Take `hit` points (scaled by each faction's sensitivity) off every faction."""
        for faction in FACTIONS:
            self.adjust(faction.id, -(hit * faction.scandal_percent // 100))

    def expose(self, world: World, cause: str, concealed_now: int | None = None) -> Scandal | None:
        """Fire a scandal now if hidden waste voters do not know about exists; return it, or None.

        `concealed_now` is `concealed(world)` when the caller already counted it.
        """
        if concealed_now is None:
            concealed_now = concealed(world)
        hidden = self.undisclosed(world, concealed_now)
        if hidden <= 0:
            return None
        cause = cause[:MAX_CAUSE] or "an anonymous source"
        hit = self.hit_for(world, hidden)
        self._hit_every_faction(hit)
        self.disclosed = concealed_now
        scandal = Scandal(world.day + 1, cause, hidden, hit)
        self.scandals.append(scandal)
        world.emit(ScandalBroke(cause, hidden, hit))
        return scandal

    def publish(self, world: World, concealed_now: int | None = None) -> int:
        """Transparency was switched on: voters learn the hidden waste now; return the hit taken.

        `concealed_now` is `concealed(world)` when the caller already counted it.
        """
        if concealed_now is None:
            concealed_now = concealed(world)
        hidden = self.undisclosed(world, concealed_now)
        hit = full_hit(world, hidden) * world.rules.scandal_reveal_percent // 100 if hidden > 0 else 0
        if hit:
            self._hit_every_faction(hit)
        self.disclosed = concealed_now
        world.emit(FiguresPublished(hidden, hit))
        return hit

    def take_stance(self, world: World, stance: str) -> str:
        """Take a debate stance; its effect depends on the city's real record. Return what happened."""
        if stance not in STANCE_IDS:
            return f"There is no stance called '{stance[:40]}'."
        if any(taken == stance for _, taken in self.campaign):
            return "You said that already this campaign; nobody listened twice."
        self.campaign.append((world.tick, stance))
        return _STANCE_EFFECTS[stance](self, world)

    # --- the daily work -------------------------------------------------------------------------
    def day_end(self, world: World) -> None:
        """Settle a day: publish on transparency, activists dig, approval drifts, maybe an election."""
        # Nothing below moves waste, so one count of the true and the concealed figures serves throughout.
        true_total = true_hazardous(world)
        hidden = concealed(world, true_total)
        transparency = 1 if world.policies.get("transparency", 0) else 0
        if transparency and not self.transparent:
            self.publish(world, hidden)
        self.transparent = transparency
        # Published figures hide nothing; otherwise cleaned-up waste can be hidden anew.
        self.disclosed = hidden if transparency else min(self.disclosed, hidden)
        self._activists_dig(world, hidden)
        self._drift(world, true_total, hidden)
        if self.next_day and world.day + 1 >= self.next_day:
            self.hold_election(world)

    def _activists_dig(self, world: World, concealed_now: int) -> None:
        """Give the activists their daily chance of finding hidden waste (more hidden, more seizures: likelier)."""
        rules = world.rules
        hidden = self.undisclosed(world, concealed_now)
        if hidden < rules.scandal_min_hidden:
            return
        chance = hidden * rules.scandal_discovery_per_1000 // 1000
        chance += yesterday_figure(world, "seized") * rules.scandal_discovery_per_seized
        chance = min(rules.scandal_discovery_max_permille, chance)
        if chance > 0 and int(world.rng.integers(0, 1000)) < chance:
            cause = "seized caches" if yesterday_figure(world, "seized") else "the eco-activists"
            self.expose(world, cause, concealed_now)

    def targets(self, world: World, true_total: int | None = None, concealed_now: int | None = None) -> np.ndarray:
        """Return each faction's target approval 0..100 from today's city and its memory.

        `true_total` and `concealed_now` are `true_hazardous(world)` and `concealed(world)` when known.
        """
        if true_total is None:
            true_total = true_hazardous(world)
        if concealed_now is None:
            concealed_now = concealed(world, true_total)
        pressure = pressures(world, self.undisclosed(world, concealed_now), true_total)
        memory = self.memory.tolist()
        target = []
        for index, faction in enumerate(FACTIONS):
            pull = sum(weight * pressure[name] for name, weight in faction.weights) // 100
            target.append(max(0, min(100, 50 + faction.base + pull + memory[index])))
        return np.array(target, np.int32)

    def _drift(self, world: World, true_total: int, concealed_now: int) -> None:
        """Move approval a few points towards the targets and let memories fade."""
        rules = world.rules
        step = rules.faction_drift_per_day
        # Four factions: plain integers beat numpy's per-call overhead here.
        approval = [
            max(0, min(100, current + max(-step, min(step, target - current))))
            for current, target in zip(self.approval.tolist(), self.targets(world, true_total, concealed_now).tolist())
        ]
        memory = []
        for value in self.memory.tolist():
            fade = max(1, abs(value) * rules.faction_memory_fade_percent // 100)
            memory.append((1 if value > 0 else -1 if value < 0 else 0) * max(0, abs(value) - fade))
        self.approval = np.array(approval, np.int32)
        self.memory = np.array(memory, np.int32)

    def hold_election(self, world: World) -> Election:
        """Tally the vote now, record it, schedule the next one and tell the front end."""
        vote = self.overall()
        won = vote >= world.rules.election_win_percent
        by_faction = {f.id: int(self.approval[i]) for i, f in enumerate(FACTIONS)}
        stances = tuple(stance for _, stance in self.campaign)
        election = Election(world.day + 1, won, vote, by_faction, stances)
        self.elections.append(election)
        self.campaign = []
        self.next_day = self.next_day + self.interval if self.interval and self.next_day else 0
        while self.next_day and self.next_day <= world.day + 1:
            self.next_day += self.interval
        world.emit(ElectionHeld(election.day, won, vote))
        return election


def _election_from(item: Any, where: str) -> Election:
    """Return an Election read from save data; SnapshotError naming `where` if damaged."""
    if not isinstance(item, dict):
        raise SnapshotError(f"{where}: expected a table")
    won = item.get("won")
    if not isinstance(won, bool):
        raise SnapshotError(f"{where}.won: expected true or false")
    by_faction_raw = checked_dict(item, "by_faction", where)
    unknown = sorted(str(name) for name in by_faction_raw if name not in FACTION_INDEX)
    if unknown:
        raise SnapshotError(f"{where}.by_faction: unknown faction '{unknown[0][:40]}'")
    by_faction = {
        name: checked_int(by_faction_raw, name, f"{where}.by_faction", 0, 100) for name in FACTION_IDS if name in by_faction_raw
    }
    stances = checked_list(item, "stances", where, len(STANCES))
    for index, stance in enumerate(stances):
        checked_str({"stance": stance}, "stance", f"{where}.stances[{index}]", STANCE_IDS)
    return Election(
        checked_int(item, "day", where, 0, None), won, checked_int(item, "vote_percent", where, 0, 100),
        by_faction, tuple(stances),
    )


# --- the debate's stances: each reads the real record and returns what happened ----------------------
def _acknowledge_underground(politics: Politics, world: World) -> str:
    """Acknowledge the scavengers' work: believed under amnesty or community recycling, hollow under a crackdown."""
    stance = world.policies.get("scavenger_stance", 0)
    if stance < 0:
        politics.adjust("undercity", -5)
        politics.adjust("uptown", -2)
        return "Praising the scavengers while your drones hunt them: the undercity calls it hypocrisy."
    if stance > 0 or world.policies.get("community_recycling", 0):
        politics.adjust("undercity", 10)
        politics.adjust("activists", 3)
        politics.adjust("backers", -3)
        return "Your amnesty backs your words: the undercity cheers, Ecolife's backers frown."
    politics.adjust("undercity", 5)
    politics.adjust("uptown", -2)
    return "The undercity hears itself named for once; uptown wonders what you will do about it."


def _promise_transparency(politics: Politics, world: World) -> str:
    """Promise the true figures: honest if published or little is hidden, a lie the activists catch otherwise."""
    if world.policies.get("transparency", 0) or concealed(world) < world.rules.scandal_stance_small_hidden:
        politics.adjust("activists", 8)
        politics.adjust("uptown", 4)
        politics.adjust("backers", -3)
        return "The figures back you up: activists and uptown believe the promise of transparency."
    politics.adjust("activists", -8)
    politics.adjust("uptown", -3)
    return f"The activists hold up their own count of {concealed(world):,} hidden units: the promise sounds like a lie."


def _defend_ecolife(politics: Politics, world: World) -> str:
    """Stand by Ecolife: pleases the backers; costs uptown and the activists when it hides a lot."""
    politics.adjust("backers", 8)
    if concealed(world) >= world.rules.scandal_stance_small_hidden and not world.policies.get("transparency", 0):
        politics.adjust("uptown", -6)
        politics.adjust("activists", -8)
        return "The backers applaud, but everyone knows what Ecolife leaves in the streets: uptown and the activists turn away."
    politics.adjust("uptown", 2)
    politics.adjust("activists", -2)
    return "Ecolife's record is clean enough: the backers applaud and uptown nods along."


def _promise_crackdown(politics: Politics, world: World) -> str:
    """Promise a crackdown: uptown likes it, the undercity does not; hollow while an amnesty stands."""
    if world.policies.get("scavenger_stance", 0) > 0:
        politics.adjust("uptown", 2)
        politics.adjust("undercity", -10)
        return "A crackdown promised while your amnesty stands: uptown is unsure, the undercity feels betrayed."
    politics.adjust("uptown", 6)
    politics.adjust("backers", 3)
    politics.adjust("undercity", -8)
    if unrest_mean(world) >= 60:
        politics.adjust("undercity", -4)
        return "Uptown cheers the promise of order; in the angry tunnels below it sounds like a declaration of war."
    return "Uptown and the backers cheer the promise of order; the undercity remembers it."


def _promise_cleanup(politics: Politics, world: World) -> str:
    """Promise the hazardous clean-up: credible with treatment running or little left, empty otherwise."""
    treating = bool((world.layout.kinds == BUILDING_INDEX["hazard_treatment"]).any())
    if treating or true_hazardous(world) < world.rules.scandal_stance_small_hidden:
        politics.adjust("activists", 6)
        politics.adjust("uptown", 5)
        politics.adjust("backers", -2)
        return "With hazardous waste actually being treated, the promise of a clean-up is believed."
    politics.adjust("activists", -4)
    politics.adjust("uptown", 2)
    return "No treatment plant, thousands of drums: the activists call the clean-up promise empty words."


_STANCE_EFFECTS: Final = {
    "acknowledge_underground": _acknowledge_underground,
    "promise_transparency": _promise_transparency,
    "defend_ecolife": _defend_ecolife,
    "promise_crackdown": _promise_crackdown,
    "promise_cleanup": _promise_cleanup,
}
