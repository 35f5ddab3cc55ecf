"""Save files: a ZIP of a JSON header, JSON state and a numpy .npz of the grids; never pickle.

Layout (format version 7; 1 to 6 had the same entries):
  header.json  {"format": "neo-terra-save", "version": 7, "game_version", "checksum", "level_name", "tick",
                optional "front_end": {"tutorial": {"step", "saw_pollution", "changed_policy", "dismissed"}},
                optional "thumbnail": {"width", "height", "rgb"}}
               checksum = sha256 of state.json bytes followed by arrays.npz bytes; the two optional
               sections are the window's (game.level.front_end), not the game's, and are not checked by it
  state.json   the simulation's plain-data state (game.sim.snapshot.capture, snapshot version 6)
  arrays.npz   the grids and building columns, loaded with allow_pickle=False

Format version 6 (read through `upgrade_6_to_7`): as version 7 without the header's `front_end`
  and `thumbnail`: such a save loads with the tutorial from its first step and lists without a picture.

Format version 5 (read through `upgrade_5_to_6`): as version 6, but security drones never found a
  power tap: the agents kept no found taps (`society.agents.taps`) and no `taps_found` day figure,
  and the state no `tap_draws` (where the taps drew at the last share-out; an old game's taps all
  count as unexplained loss until the walkers next draw); the agents' day figures and totals had no
  `inspections` and `neglect_fined` (criminalised neglect had no inspectors yet); and a tribe's food
  was the rule `scavenger_food_per_member`, per 10 members (now `scavenger_food_per_100_members`).

Format version 4 (read through `upgrade_4_to_5`): as version 5, but the agents kept no totals
  over the game and their day figures had no `tapped_kwh` and `fined`; the history had no
  `tapped_kwh` and `cached_units` series (they read as 0 for the days before the upgrade).

Format version 3 (read through `upgrade_3_to_4`): as version 4, but the residents' contentment was
  called `approval` (in the state and its history series) and so was the goal metric of the voters'
  approval, now `voter_approval`.

Format version 2 (read through `upgrade_2_to_3`): as version 3, but collection drones' loads were
  for show and the agents' day figures had no `drone_collected`.

Format version 0 (older games; read through `upgrade_0_to_1`, never written):
  header.json  {"format", "version": 0, "checksum"} only
  state.json   no `snapshot_version`; `funds` kept inside `resources`; `served_tally` as
               {"percent_sum", "ticks"}; each `command_log` entry a [tick, command, outcome] triple
  arrays.npz   as in version 1

Writing goes through a temporary file and a rename, so a failed save leaves the last one whole.
Loading checks sizes, the format, the checksum, the schema of state.json and the array headers
(every declared size is bounded before anything is allocated) before it builds a simulation.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
import zlib
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Final, Literal, NotRequired

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from typing_extensions import TypedDict

from game import __version__
from game.data.field_errors import field_path, quoted, schema_problems
from game.data.models import MAX_NAME_CHARS, Name
from game.files import write_atomic
from game.level.commands_file import MAX_COMMAND_INT, MAX_COMMAND_TEXT, entry_model
from game.level.errors import InputError, capped
from game.level.front_end import MAX_THUMBNAIL_SIDE, FrontEnd, Thumbnail, TutorialRecord, draw_thumbnail
from game.level.loader import camp_problem
from game.level.map_grid import MAX_MAP_SIDE
from game.level.schema import MAX_ARC_CHARS, MAX_BUILDINGS, MAX_DAYS, MAX_DESCRIPTION_CHARS, MAX_RULE, MAX_SEED
from game.level.source import json_size_problem, open_regular
from game.sim.agents import TOTAL_FIGURES
from game.sim.buildings import BUILDING_INDEX, BUILDING_TYPES
from game.sim.commands import COMMAND_LOG_LIMIT, COMMAND_TYPES, MAX_COMMAND_TILES, Command, command_fields, command_tiles
from game.sim.policies import POLICY_INDEX, default_policies
from game.sim.rules import Rules
from game.sim.scenario import GOAL_METRICS, Scenario, goal_metric
from game.sim.simulation import Simulation
from game.sim.snapshot import SnapshotError, capture, restore, scenario_to_dict
from game.sim.state import MAX_FUNDS, MAX_STOCK, MAX_STREAK_DAYS, MAX_TALLY
from game.sim.table import MAX_BUILDING_ID, MAX_KW
from game.sim.terrain import TERRAIN_TYPES

SAVE_FORMAT: Final = "neo-terra-save"
SAVE_VERSION: Final = 7
GAME_VERSION: Final = __version__
ENTRIES: Final = ("header.json", "state.json", "arrays.npz")

# Size limits, all checked before the bytes they bound are read or allocated.
MAX_SAVE_BYTES: Final = 128 * 1024 * 1024  # the file on disk
MAX_HEADER_BYTES: Final = 64 * 1024  # header.json, uncompressed
MAX_STATE_BYTES: Final = 64 * 1024 * 1024  # state.json, uncompressed: history and command log dominate
MAX_ARRAYS_BYTES: Final = 96 * 1024 * 1024  # arrays.npz and everything inside it, uncompressed
MAX_ARRAY_COUNT: Final = 96  # arrays in arrays.npz (the game writes about 40)
MAX_NPY_HEADER_BYTES: Final = 4096
_COMPRESSIONS: Final = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # the only ones zipfile inflates in bounded steps
MAX_TICK: Final = 10_000_000  # a little over 1,100 game years, as for commands files
MAX_AMOUNT: Final = MAX_FUNDS  # credits and resource units, either sign where money can be owed
MAX_LOG_COMMANDS: Final = COMMAND_LOG_LIMIT  # applied and refused commands kept in a save (the game keeps no more)
MAX_PENDING: Final = 10_000  # commands queued for the next tick
MAX_HISTORY_SERIES: Final = 64
MAX_TEXT: Final = 600  # characters of a result detail, a reason or a series name
MAX_SOURCE_CHARS: Final = 4096  # the level path a game came from
MAX_NETWORKS: Final = MAX_MAP_SIDE * MAX_MAP_SIDE

_STRICT = ConfigDict(strict=True, extra="forbid")

Amount = Annotated[int, Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT)]
Count = Annotated[int, Field(ge=0, le=MAX_AMOUNT)]
Days = Annotated[int, Field(ge=0, le=MAX_DAYS)]
Text = Annotated[str, Field(max_length=MAX_TEXT)]
Tick = Annotated[int, Field(ge=0, le=MAX_TICK)]
Stock = Annotated[int, Field(ge=0, le=MAX_STOCK)]  # the simulation's stocks saturate there
Streak = Annotated[int, Field(ge=0, le=MAX_STREAK_DAYS)]  # the simulation's streaks saturate there
Tally = Annotated[int, Field(ge=-MAX_TALLY, le=MAX_TALLY)]  # a day's figure in the history: running totals grow for ever
CommandData = Annotated[dict[Name, int | Name], Field(max_length=8)]  # one command, as commands files write it


class _HeaderV0(BaseModel):
    """header.json of format version 0."""

    model_config = _STRICT

    format: Literal["neo-terra-save"]
    version: Literal[0]
    checksum: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class _HeaderV6(BaseModel):
    """header.json of format version 6: what a save menu shows without loading the game."""

    model_config = _STRICT

    format: Literal["neo-terra-save"]
    version: Literal[6]
    game_version: Annotated[str, Field(max_length=40)]
    checksum: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    level_name: Annotated[str, Field(max_length=MAX_NAME_CHARS)]
    tick: Tick


class _HeaderV1(_HeaderV6):
    """header.json of format version 1: the same fields."""

    version: Literal[1]  # type: ignore[assignment]


class _HeaderV2(_HeaderV6):
    """header.json of format version 2: the same fields."""

    version: Literal[2]  # type: ignore[assignment]


class _HeaderV3(_HeaderV6):
    """header.json of format version 3: the same fields."""

    version: Literal[3]  # type: ignore[assignment]


class _HeaderV4(_HeaderV6):
    """header.json of format version 4: the same fields."""

    version: Literal[4]  # type: ignore[assignment]


class _HeaderV5(_HeaderV6):
    """header.json of format version 5: the same fields."""

    version: Literal[5]  # type: ignore[assignment]


class _Tutorial(BaseModel):
    """The tutorial's progress in a save's front-end section."""

    model_config = _STRICT

    step: Annotated[int, Field(ge=0, le=64)]
    saw_pollution: bool
    changed_policy: bool
    dismissed: bool


class _FrontEnd(BaseModel):
    """The window's own section of a save header (game.level.front_end.FrontEnd)."""

    model_config = _STRICT

    tutorial: _Tutorial | None = None


class _Thumbnail(BaseModel):
    """A save's picture of the map: raw RGB bytes in base64 (their count is checked against the size on reading)."""

    model_config = _STRICT

    width: Annotated[int, Field(ge=1, le=MAX_THUMBNAIL_SIDE)]
    height: Annotated[int, Field(ge=1, le=MAX_THUMBNAIL_SIDE)]
    rgb: Annotated[str, Field(max_length=4 * MAX_THUMBNAIL_SIDE * MAX_THUMBNAIL_SIDE)]  # base64 of at most 64 x 64 x 3 bytes


class SaveHeader(_HeaderV6):
    """header.json of the current format: the version-6 fields and the window's optional sections."""

    version: Literal[7]  # type: ignore[assignment]
    front_end: _FrontEnd | None = None
    thumbnail: _Thumbnail | None = None


class _Placed(BaseModel):
    model_config = _STRICT

    kind: Name
    x: Annotated[int, Field(ge=0, lt=MAX_MAP_SIDE)]
    y: Annotated[int, Field(ge=0, lt=MAX_MAP_SIDE)]
    occupants: Annotated[int, Field(ge=0, le=1_000_000)] | None


class _Target(BaseModel):
    model_config = _STRICT

    metric: Name
    at_least: Amount | None
    at_most: Amount | None


class _Goals(BaseModel):
    model_config = _STRICT

    deadline_day: Days
    hold_days: Annotated[int, Field(ge=1, le=MAX_DAYS)]
    targets: Annotated[list[_Target], Field(max_length=32)]


class _Scenario(BaseModel):
    model_config = _STRICT

    name: Annotated[str, Field(min_length=1, max_length=MAX_NAME_CHARS)]
    description: Annotated[str, Field(max_length=MAX_DESCRIPTION_CHARS)]
    source: Annotated[str, Field(max_length=MAX_SOURCE_CHARS)]
    arc: Annotated[str, Field(max_length=MAX_ARC_CHARS)] = ""  # saves made before the campaign have none
    ending_won: Annotated[str, Field(max_length=MAX_DESCRIPTION_CHARS)] = ""
    ending_lost: Annotated[str, Field(max_length=MAX_DESCRIPTION_CHARS)] = ""
    seed: Annotated[int, Field(ge=0, le=MAX_SEED)]
    funds: Count
    food: Count
    fuel: Count
    materials: Count
    rules: Annotated[dict[Name, Annotated[int, Field(ge=0, le=MAX_RULE)]], Field(max_length=256)]
    policies: Annotated[list[Annotated[list[Name | int], Field(min_length=2, max_length=2)]], Field(max_length=64)]
    buildings: Annotated[list[_Placed], Field(max_length=MAX_BUILDINGS)]
    goals: _Goals
    camps: Annotated[list[_Camp], Field(max_length=64)]
    politics: _Politics
    events: _Events


class _Camp(BaseModel):
    model_config = _STRICT

    name: Annotated[str, Field(max_length=MAX_NAME_CHARS)]
    x: Annotated[int, Field(ge=0, lt=MAX_MAP_SIDE)]
    y: Annotated[int, Field(ge=0, lt=MAX_MAP_SIDE)]
    members: Annotated[int, Field(ge=0, le=100_000)]
    unrest: Annotated[int, Field(ge=0, le=100)]


class _FactionSetup(BaseModel):
    model_config = _STRICT

    name: Name
    share: Annotated[int, Field(ge=0, le=100)] | None
    approval: Annotated[int, Field(ge=0, le=100)] | None


class _Politics(BaseModel):
    model_config = _STRICT

    election_every_days: Days
    first_election_day: Days
    debate_days_before: Days
    lose_on_defeat: bool
    factions: Annotated[list[_FactionSetup], Field(max_length=16)]


class _Events(BaseModel):
    model_config = _STRICT

    enabled: Annotated[list[Name], Field(max_length=256)] | None
    disabled: Annotated[list[Name], Field(max_length=256)]
    custom: Annotated[list[dict[Name, Any]], Field(max_length=64)]  # each checked by game.sim.story


class _PcgState(BaseModel):
    model_config = _STRICT

    state: Annotated[int, Field(ge=0, lt=2**128)]
    inc: Annotated[int, Field(ge=0, lt=2**128)]


class _Rng(BaseModel):
    model_config = _STRICT

    bit_generator: Literal["PCG64"]
    state: _PcgState
    has_uint32: Annotated[int, Field(ge=0, le=1)]
    uinteger: Annotated[int, Field(ge=0, lt=2**32)]


class _Stocks(BaseModel):
    model_config = _STRICT

    food: Stock
    fuel: Stock
    materials: Stock


class _Milli(BaseModel):
    model_config = _STRICT

    food: Annotated[int, Field(ge=0, le=999)]
    fuel: Annotated[int, Field(ge=0, le=999)]
    materials: Annotated[int, Field(ge=0, le=999)]


class _Streaks(BaseModel):
    model_config = _STRICT

    bankrupt: Streak
    dark: Streak
    goals: Streak


class _Ledger(BaseModel):
    model_config = _STRICT

    taxes: Amount
    sales: Amount
    upkeep: Amount
    fees: Amount
    policies: Amount
    fines: Amount
    wages: Amount
    events: Amount


class _Outcome(BaseModel):
    model_config = _STRICT

    status: Literal["running", "won", "lost", "playing_on"]
    reason: Text


# A save's log may hold COMMAND_LOG_LIMIT entries: typed dicts, which pydantic checks in half the
# time of models (no object is made for each).
class _Result(TypedDict):
    __pydantic_config__ = _STRICT  # type: ignore[misc]  # pydantic reads a typed dict's config here

    result: Literal["applied", "rejected"]
    detail: NotRequired[Text | None]
    reason: NotRequired[Text | None]


class _LogEntry(TypedDict):
    __pydantic_config__ = _STRICT  # type: ignore[misc]

    tick: Tick
    command: CommandData
    outcome: _Result


class SaveState(BaseModel):
    """state.json of the current format; cross-field checks follow in `_state_problems`."""

    model_config = _STRICT

    snapshot_version: Literal[6]
    scenario: _Scenario
    seed: Annotated[int, Field(ge=0, le=MAX_SEED)]
    tick: Tick
    rng: _Rng
    funds: Amount
    resources: _Stocks
    resource_milli: _Milli
    policies: Annotated[dict[Name, int], Field(max_length=64)]
    population: Count
    resident_contentment: Annotated[int, Field(ge=0, le=100)]
    food_short: bool
    landfill_full: bool
    served_tally: Annotated[list[Count], Field(min_length=2, max_length=2)]  # sum of served percentages and ticks counted since midnight
    streaks: _Streaks
    ledger: _Ledger
    last_ledger: _Ledger
    outcome: _Outcome
    history: Annotated[
        dict[Annotated[str, Field(max_length=MAX_TEXT)], Annotated[list[Tally], Field(max_length=MAX_DAYS, fail_fast=True)]],
        Field(max_length=MAX_HISTORY_SERIES),
    ]
    next_building_id: Annotated[int, Field(ge=1, le=MAX_BUILDING_ID + 1)]  # one past the last id given
    network_count: Annotated[int, Field(ge=0, le=MAX_NETWORKS)]
    power_dirty: bool
    blackout: Annotated[list[Annotated[int, Field(ge=0, le=MAX_NETWORKS)]], Field(max_length=MAX_NETWORKS)]
    power_cuts: Annotated[list[Annotated[list[Annotated[int, Field(ge=0, le=MAX_TICK + MAX_TICK)]], Field(min_length=3, max_length=3)]], Field(max_length=64)]
    sabotaged: Annotated[list[Annotated[list[Annotated[int, Field(ge=0, le=MAX_BUILDING_ID)]], Field(min_length=2, max_length=2)]], Field(max_length=256)]
    # [x, y, kW] per line tile where taps drew at the last share-out, in map order (the tiles are checked against the map on restoring).
    tap_draws: Annotated[list[Annotated[list[Annotated[int, Field(ge=0, le=MAX_KW)]], Field(min_length=3, max_length=3)]], Field(max_length=MAX_NETWORKS, fail_fast=True)]
    command_log: Annotated[list[_LogEntry], Field(max_length=MAX_LOG_COMMANDS, fail_fast=True)]  # fail_fast: one error, not one per entry
    command_log_dropped: Annotated[int, Field(ge=0, le=MAX_TICK * MAX_PENDING)] = 0  # the oldest log entries let go (0 in saves from before the log was bounded)
    pending: Annotated[list[CommandData], Field(max_length=MAX_PENDING, fail_fast=True)]
    # Tribes, agents, factions, elections and story by part; each part checks its own fields
    # (game.sim.checks). None: a save from before society, whose parts start fresh.
    society: dict[Literal["agents", "politics", "story"], dict[Name, Any]] | None


Document = dict[str, Any]

# Version N -> a function turning a version-N (header, state) pair into a version-(N+1) one. When
# the layout changes, bump SAVE_VERSION, add the step from the previous number and keep a fixture
# of the old version in tests/fixtures/saves/.
def upgrade_0_to_1(header: Document, state: Document) -> tuple[Document, Document]:
    """Return a version-0 header and state in the version-1 layout."""
    state = dict(state)
    resources = state.get("resources")
    if isinstance(resources, dict) and "funds" in resources:
        resources = dict(resources)
        state["funds"] = resources.pop("funds")
        state["resources"] = resources
    tally = state.pop("served_tally", None)
    if isinstance(tally, dict):
        state["served_tally"] = [tally.get("percent_sum"), tally.get("ticks")]
    log = state.get("command_log")
    if isinstance(log, list):
        state["command_log"] = [
            {"tick": entry[0], "command": entry[1], "outcome": entry[2]}
            if isinstance(entry, list) and len(entry) == 3 else entry
            for entry in log
        ]
    state["snapshot_version"] = 1
    scenario = state.get("scenario")
    name = scenario.get("name") if isinstance(scenario, dict) else None
    header = {
        **header,
        "version": 1,
        "game_version": "unknown",
        "level_name": name if isinstance(name, str) else "",
        "tick": state.get("tick"),
    }
    return header, state


def upgrade_1_to_2(header: Document, state: Document) -> tuple[Document, Document]:
    """Return a version-1 header and state in the version-2 layout: a city without society yet.

    Version 2 added the society (tribes, agents, factions, story), the level's camps, politics
    and events, and the ledger's policy, fine, wage and event lines; an old game gets none of them.
    """
    state = {**state, "snapshot_version": 2, "society": None, "power_cuts": [], "sabotaged": []}
    scenario = state.get("scenario")
    if isinstance(scenario, dict):
        state["scenario"] = {
            **scenario,
            "camps": [],
            "politics": {
                "election_every_days": 0, "first_election_day": 0, "debate_days_before": 3,
                "lose_on_defeat": True, "factions": [],
            },
            "events": {"enabled": [], "disabled": [], "custom": []},
        }
    if isinstance(state.get("policies"), dict):
        state["policies"] = {**default_policies(), **state["policies"]}  # the new policies at their defaults
    for key in ("ledger", "last_ledger"):
        if isinstance(state.get(key), dict):
            state[key] = {**state[key], "policies": 0, "fines": 0, "wages": 0, "events": 0}
    return {**header, "version": 2}, state


def upgrade_2_to_3(header: Document, state: Document) -> tuple[Document, Document]:
    """Return a version-2 header and state in the version-3 layout, where collection drones carry waste.

    Version 2's collection drones carried loads for show (the hubs' capacity did the collecting),
    so their loads were never taken from a block: the drones are emptied, to fly on from where they
    are. Version 3 also counts, per day, the units collection drones delivered.
    """
    state = {**state, "snapshot_version": 3}
    society = state.get("society")
    agents = society.get("agents") if isinstance(society, dict) else None
    if isinstance(agents, dict):
        agents = {**agents, "empty_collection_drones": True}
        for name in ("today", "yesterday"):
            if isinstance(agents.get(name), dict):
                agents[name] = {**agents[name], "drone_collected": 0}
        state["society"] = {**society, "agents": agents}
    return {**header, "version": 3}, state


def upgrade_3_to_4(header: Document, state: Document) -> tuple[Document, Document]:
    """Return a version-3 header and state in the version-4 layout, where the two approvals have distinct names.

    The residents' contentment (state and history series `approval`) becomes `resident_contentment`;
    goal targets and custom events' metric conditions on `approval` (the voters') test `voter_approval`.
    """
    state = {**state, "snapshot_version": 4}
    if "approval" in state:
        state["resident_contentment"] = state.pop("approval")
    history = state.get("history")
    if isinstance(history, dict) and "approval" in history:
        state["history"] = {("resident_contentment" if name == "approval" else name): values for name, values in history.items()}
    scenario = state.get("scenario")
    if isinstance(scenario, dict):
        state["scenario"] = _renamed_metrics(scenario)
    return {**header, "version": 4}, state


def upgrade_4_to_5(header: Document, state: Document) -> tuple[Document, Document]:
    """Return a version-4 header and state in the version-5 layout, where the agents keep the game's totals.

    Version 4 kept the street figures of today and yesterday only: the totals start from
    yesterday's (what came before is not known), the new day figures `tapped_kwh` and `fined` and the
    new history series `tapped_kwh` and `cached_units` read 0 for the days before.
    """
    state = {**state, "snapshot_version": 5}
    society = state.get("society")
    agents = society.get("agents") if isinstance(society, dict) else None
    if isinstance(agents, dict):
        agents = dict(agents)
        for name in ("today", "yesterday"):
            if isinstance(agents.get(name), dict):
                agents[name] = {**agents[name], "tapped_kwh": 0, "fined": 0}
        yesterday = agents.get("yesterday")
        agents["totals"] = {name: (yesterday.get(name, 0) if isinstance(yesterday, dict) else 0) for name in TOTAL_FIGURES}
        state["society"] = {**society, "agents": agents}
    history = state.get("history")
    if isinstance(history, dict) and isinstance(history.get("day"), list):
        days = len(history["day"])
        state["history"] = {**history, **{name: [0] * days for name in ("tapped_kwh", "cached_units") if name not in history}}
    return {**header, "version": 5}, state


def upgrade_5_to_6(header: Document, state: Document) -> tuple[Document, Document]:
    """Return a version-5 header and state in the version-6 layout: found power taps, inspections and neglect fines.

    A version-5 game had found no tap: the agents get an empty record of found taps and the new
    day figure `taps_found` reads 0 (today, yesterday and over the game). Where its taps drew at the
    last share-out was not kept (`tap_draws` is empty), so until the walkers next draw, a few ticks
    on, all of their loss counts as unexplained, as it was. Neglect was never inspected before:
    `inspections` and `neglect_fined` read 0 too. A tribe's food need, counted per 10 members, is
    counted per 100 now.
    """
    state = {**state, "snapshot_version": 6, "tap_draws": []}
    scenario = state.get("scenario")
    rules = scenario.get("rules") if isinstance(scenario, dict) else None
    if isinstance(rules, dict) and "scavenger_food_per_member" in rules:
        per_10 = rules["scavenger_food_per_member"]
        rules = {name: value for name, value in rules.items() if name != "scavenger_food_per_member"}
        rules["scavenger_food_per_100_members"] = per_10 * 10 if isinstance(per_10, int) and not isinstance(per_10, bool) else per_10
        state["scenario"] = {**scenario, "rules": rules}
    society = state.get("society")
    agents = society.get("agents") if isinstance(society, dict) else None
    if isinstance(agents, dict):
        agents = {**agents, "taps": []}
        for name in ("today", "yesterday", "totals"):
            if isinstance(agents.get(name), dict):
                agents[name] = {"inspections": 0, "neglect_fined": 0, "taps_found": 0, **agents[name]}
        state["society"] = {**society, "agents": agents}
    return {**header, "version": 6}, state


def upgrade_6_to_7(header: Document, state: Document) -> tuple[Document, Document]:
    """Return a version-6 header and state in the version-7 layout: the same game, without the window's sections.

    Version 7 only added the header's optional `front_end` (the tutorial's progress) and
    `thumbnail`; the state is unchanged (its snapshot version stays 6, and so does its hash).
    """
    return {**header, "version": 7}, state


def _renamed_metrics(scenario: Document) -> Document:
    """Return a saved scenario whose goal targets and custom event conditions use today's metric names."""
    scenario = dict(scenario)
    goals = scenario.get("goals")
    if isinstance(goals, dict) and isinstance(goals.get("targets"), list):
        scenario["goals"] = {**goals, "targets": [
            {**target, "metric": goal_metric(target["metric"])} if isinstance(target, dict) and isinstance(target.get("metric"), str) else target
            for target in goals["targets"]
        ]}
    events = scenario.get("events")
    if isinstance(events, dict) and isinstance(events.get("custom"), list):
        scenario["events"] = {**events, "custom": [_renamed_trigger(event) for event in events["custom"]]}
    return scenario


def _renamed_trigger(event: Any) -> Any:
    """Return a saved custom event whose metric conditions use today's metric names."""
    if not isinstance(event, dict) or not isinstance(event.get("trigger"), list):
        return event
    trigger = [
        {**c, "subject": goal_metric(c["subject"])} if isinstance(c, dict) and c.get("kind") == "metric" and isinstance(c.get("subject"), str) else c
        for c in event["trigger"]
    ]
    return {**event, "trigger": trigger}


UPGRADES: Final[Mapping[int, Callable[[Document, Document], tuple[Document, Document]]]] = MappingProxyType(
    {0: upgrade_0_to_1, 1: upgrade_1_to_2, 2: upgrade_2_to_3, 3: upgrade_3_to_4, 4: upgrade_4_to_5, 5: upgrade_5_to_6, 6: upgrade_6_to_7}
)
_HEADER_MODELS: Final[Mapping[int, type[BaseModel]]] = MappingProxyType(
    {0: _HeaderV0, 1: _HeaderV1, 2: _HeaderV2, 3: _HeaderV3, 4: _HeaderV4, 5: _HeaderV5, 6: _HeaderV6, 7: SaveHeader}
)


@dataclass(frozen=True, slots=True)
class SaveInfo:
    """What a save menu lists about a save file without loading the game; the window's sections when it has them."""

    path: Path
    level_name: str
    tick: int
    version: int
    front_end: FrontEnd | None = None
    thumbnail: Thumbnail | None = None


@dataclass(frozen=True, slots=True)
class SaveSnapshot:
    """A game captured for saving: plain data and copied arrays that no later tick changes.

    Taken on the thread that steps the game (`capture_save`, cheap); turned into a file's bytes
    anywhere, later (`encode_save`, the costly part: JSON, compression, checksum). The scenario,
    which never changes, is turned into data only then.
    """

    meta: dict[str, Any]  # game.sim.snapshot.capture's, its "scenario" still None
    arrays: dict[str, np.ndarray]
    scenario: Scenario
    tick: int
    thumbnail: dict[str, Any]  # the header's picture of the map (Thumbnail.to_data)
    front_end: FrontEnd | None = None  # the window's own section of the header, if it gave one


def save_game(sim: Simulation, path: str | Path, front_end: FrontEnd | None = None) -> None:
    """Write `sim` (and the window's `front_end` section) to `path` atomically (temporary file in the same folder, flushed, renamed)."""
    write_atomic(path, save_bytes(sim, front_end))


def save_bytes(sim: Simulation, front_end: FrontEnd | None = None) -> bytes:
    """Return the bytes of a save file holding `sim`, with the window's `front_end` section when given one."""
    return encode_save(capture_save(sim, front_end=front_end))


def capture_save(sim: Simulation, reuse: Mapping[str, np.ndarray] | None = None, front_end: FrontEnd | None = None) -> SaveSnapshot:
    """Return what a save of `sim` (with the window's `front_end` section) holds, as it stands now, detached from the running game.

    The grids are the live ones, so they are copied, into `reuse`'s array of the same name where
    it has one of the same shape and type (a written snapshot's, no longer read by anyone): at
    512x512, 19 MB copy in 3.5 ms into memory already mapped, 13-25 ms into fresh memory.
    """
    sim.finish_tick()  # a save holds whole ticks
    meta, arrays = capture(sim.world, scenario=False)
    copies = {}
    for name, array in arrays.items():
        spare = reuse.get(name) if reuse is not None else None
        if spare is not None and spare.shape == array.shape and spare.dtype == array.dtype and spare is not array:
            np.copyto(spare, array)
            copies[name] = spare
        else:
            copies[name] = array.copy()
    return SaveSnapshot(meta, copies, sim.scenario, sim.tick, thumbnail_of(sim).to_data(), front_end)


def encode_save(snapshot: SaveSnapshot, scenario_json: str | None = None) -> bytes:
    """Return the bytes of a save file holding `snapshot` (safe on another thread: it reads only the snapshot).

    `scenario_json`: `scenario_json(snapshot.scenario)` made earlier, to reuse (the scenario never changes).
    """
    meta = dict(snapshot.meta)  # "scenario" keeps its place among the keys
    meta["scenario"] = _Encoded(scenario_json if scenario_json is not None else scenario_json_of(snapshot.scenario))
    state = json_in_pieces(meta)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, allow_pickle=False, **snapshot.arrays)
    packed = buffer.getvalue()
    header = {
        "format": SAVE_FORMAT,
        "version": SAVE_VERSION,
        "game_version": GAME_VERSION,
        "checksum": hashlib.sha256(state + packed).hexdigest(),
        "level_name": snapshot.scenario.name,
        "tick": snapshot.tick,
    }
    header["thumbnail"] = snapshot.thumbnail
    if snapshot.front_end is not None:
        header["front_end"] = _front_end_data(snapshot.front_end)
    return pack_entries(json.dumps(header, indent=1).encode(), state, packed)


def scenario_json_of(scenario: Scenario) -> str:
    """Return the compact JSON a save holds for `scenario` (30 ms and 16,000 dicts for a 512x512 grid city's)."""
    return json_in_pieces(scenario_to_dict(scenario)).decode()


@dataclass(frozen=True, slots=True)
class _Encoded:
    """JSON text made already, written as it is by `json_in_pieces`."""

    text: str


JSON_PIECE_ITEMS: Final = 1_000  # list items encoded at a time: about 1 ms of json.dumps each


def json_in_pieces(data: Any) -> bytes:
    """Return `json.dumps(data, separators=(",", ":")).encode()`, byte for byte, made a piece at a time.

    json.dumps holds the GIL until it is done (35 ms for a 512x512 city's 16,000 placed buildings);
    made in pieces of at most JSON_PIECE_ITEMS list items, a save written on a worker thread lets
    the thread that draws the frames run between them.
    """
    pieces: list[str] = []
    _json_pieces(data, pieces)
    return "".join(pieces).encode()


def _json_pieces(data: Any, pieces: list[str]) -> None:
    """Append the compact JSON of `data` to `pieces`, big lists and string-keyed tables item by item."""
    if isinstance(data, _Encoded):
        pieces.append(data.text)
    elif isinstance(data, dict) and data and all(isinstance(key, str) for key in data):
        pieces.append("{")
        for index, (key, value) in enumerate(data.items()):
            pieces.append(("," if index else "") + json.dumps(key) + ":")
            _json_pieces(value, pieces)
        pieces.append("}")
    elif isinstance(data, list) and len(data) > JSON_PIECE_ITEMS:
        pieces.append("[")
        for start in range(0, len(data), JSON_PIECE_ITEMS):
            piece = json.dumps(data[start : start + JSON_PIECE_ITEMS], separators=(",", ":"))
            pieces.append(("," if start else "") + piece[1:-1])
        pieces.append("]")
    else:
        pieces.append(json.dumps(data, separators=(",", ":")))


def pack_entries(header: bytes, state: bytes, arrays: bytes) -> bytes:
    """Return a save archive of the three entries (also used by tests to build old or odd saves)."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("header.json", header)
        zipped.writestr("state.json", state)
        zipped.writestr("arrays.npz", arrays, compress_type=zipfile.ZIP_STORED)
    return archive.getvalue()


def load_game(path: str | Path) -> Simulation:
    """Read a save and return the simulation it holds; InputError (one line a problem) if it is not sound."""
    label = str(path)
    entries = _read_entries(label, path)
    header = _header_document(label, entries["header.json"])
    checksum = header.get("checksum")
    if hashlib.sha256(entries["state.json"] + entries["arrays.npz"]).hexdigest() != checksum:
        raise _fail(label, "checksum mismatch: the save is damaged")
    state = _json(label, "state.json", entries["state.json"])
    if not isinstance(state, dict):
        raise _fail(label, "state.json: expected a JSON object")
    header, state = _upgraded(header, state)
    parsed = _check_header(label, header)
    _check_state(label, state)
    if parsed.tick != state["tick"]:
        raise _fail(label, f"header.json: tick {parsed.tick:,} does not match the game's tick {state['tick']:,}")
    arrays = _arrays(label, entries["arrays.npz"])
    try:
        sim = restore(state, arrays)
    except SnapshotError as error:
        # It names an array (`arrays.terrain: ...`) or a field of the state (`society.agents.totals: ...`).
        problem = str(error)
        raise _fail(label, f"arrays.npz: {problem.removeprefix('arrays.')}" if problem.startswith("arrays.") else f"state.json: {problem}") from None
    problems = [f"{label}: state.json: {path}: {message}" for path, message in _restored_problems(sim)]
    if problems:
        sim.close()
        raise InputError(capped(problems, 20))
    return sim


def read_save_info(path: str | Path) -> SaveInfo:
    """Return the level name, tick, version and the window's sections of a save from its header alone; InputError if unreadable."""
    label = str(path)
    entries = _read_entries(label, path, names=("header.json",))
    header = _header_document(label, entries["header.json"])
    if header.get("version") == 0:
        return SaveInfo(Path(path), "", 0, 0)
    parsed = _validated(label, "header.json", _HEADER_MODELS[header["version"]], header)  # an older format lists too
    if not isinstance(parsed, SaveHeader):
        return SaveInfo(Path(path), parsed.level_name, parsed.tick, parsed.version)
    thumbnail = None
    if parsed.thumbnail is not None:
        picture = Thumbnail.from_data(parsed.thumbnail.width, parsed.thumbnail.height, parsed.thumbnail.rgb)
        if isinstance(picture, str):
            raise _fail(label, f"header.json: thumbnail.{picture}")
        thumbnail = picture
    front_end = None
    if parsed.front_end is not None:
        tutorial = parsed.front_end.tutorial
        front_end = FrontEnd(None if tutorial is None else TutorialRecord(**tutorial.model_dump()))
    return SaveInfo(Path(path), parsed.level_name, parsed.tick, parsed.version, front_end, thumbnail)


def thumbnail_of(sim: Simulation) -> Thumbnail:
    """Return the small picture of `sim`'s map a save header carries for the save lists."""
    layout = sim.layout
    lines = layout.kinds == BUILDING_INDEX["power_line"]  # power lines cover one tile each
    line_mask = np.zeros((sim.height, sim.width), bool)
    line_mask[layout.y[lines], layout.x[lines]] = True
    return draw_thumbnail(sim.terrain, sim.occupancy, line_mask)


def _front_end_data(front_end: FrontEnd) -> dict[str, Any]:
    """Return the window's section of a header as plain data."""
    tutorial = front_end.tutorial
    return {"tutorial": None if tutorial is None else asdict(tutorial)}


def _fail(label: str, message: str) -> InputError:
    return InputError([f"{label}: {message}"])


def _read_entries(label: str, path: str | Path, names: tuple[str, ...] = ENTRIES) -> dict[str, bytes]:
    """Return the archive's entries named `names`, refusing anything oversized before reading it."""
    try:
        with open_regular(path, "save file", MAX_SAVE_BYTES) as stream, zipfile.ZipFile(stream) as zipped:
            infos = zipped.infolist()
            if sorted(info.filename for info in infos) != sorted(ENTRIES):
                raise _fail(label, "not a Neo-Terra save (unexpected contents)")
            limits = {"header.json": MAX_HEADER_BYTES, "state.json": MAX_STATE_BYTES, "arrays.npz": MAX_ARRAYS_BYTES}
            return {name: _member(label, zipped, zipped.getinfo(name), limits[name]) for name in names}
    except InputError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, zlib.error):
        raise _fail(label, "not a Neo-Terra save, or the file is damaged") from None
    except (OSError, RuntimeError, ValueError, OverflowError) as error:
        raise _fail(label, f"cannot read the save: {_reason(error)}") from None


def _member(label: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """Return the inflated bytes of one archive entry, refused once they pass `limit` whatever it declares.

    Only stored and deflated entries are read: zipfile inflates them in bounded steps, while it
    inflates a bzip2 or LZMA block whole, which lets a 1 MB entry claim gigabytes in one call.
    """
    if info.compress_type not in _COMPRESSIONS:
        raise _fail(label, f"{info.filename}: compressed in a way the game never writes (method {info.compress_type})")
    too_big = _fail(label, f"{info.filename} is larger than a save allows ({limit:,} bytes)")
    if info.file_size > limit:
        raise too_big
    with archive.open(info) as stream:
        data = stream.read(limit + 1)  # inflates at most this much, whatever the entry declares
    if len(data) > limit:
        raise too_big
    return data


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def _json(label: str, entry: str, raw: bytes) -> Any:
    problem = json_size_problem(raw)
    if problem is not None:
        raise _fail(label, f"{entry}: {problem}")
    try:
        return json.loads(raw)
    except RecursionError:
        raise _fail(label, f"{entry}: nested too deeply") from None
    except UnicodeDecodeError:
        raise _fail(label, f"{entry}: not UTF-8 text, the save is damaged") from None
    except ValueError as error:
        raise _fail(label, f"{entry}: not valid JSON ({_reason(error)})") from None


def _header_document(label: str, raw: bytes) -> Document:
    """Return header.json as a dict whose format and version this game reads; InputError if not."""
    header = _json(label, "header.json", raw)
    if not isinstance(header, dict) or header.get("format") != SAVE_FORMAT:
        raise _fail(label, "not a Neo-Terra save (header.json: format is not 'neo-terra-save')")
    version = header.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise _fail(label, "header.json: version: expected an integer")
    if version > SAVE_VERSION:
        raise _fail(label, f"save format {version} is newer than this game understands ({SAVE_VERSION}); update the game")
    if version not in _HEADER_MODELS:
        raise _fail(label, f"header.json: version: unknown save format {version}")
    _validated(label, "header.json", _HEADER_MODELS[version], header)
    return header


def _upgraded(header: Document, state: Document) -> tuple[Document, Document]:
    """Return header and state brought up to SAVE_VERSION through the upgrade steps."""
    version = header["version"]
    while version < SAVE_VERSION:
        header, state = UPGRADES[version](header, state)
        version += 1
    return header, state


def _validated(label: str, entry: str, model: type[BaseModel], data: Any) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = [f"{label}: {entry}: {path}: {message}" for path, message in schema_problems(error, (), model)]
        raise InputError(capped(problems, 20)) from None


def _check_header(label: str, header: Document) -> SaveHeader:
    return _validated(label, "header.json", SaveHeader, header)


def _check_state(label: str, state: Document) -> None:
    """Check state.json against the schema and the game's tables; InputError naming each bad field."""
    parsed: SaveState = _validated(label, "state.json", SaveState, state)
    problems = [f"{label}: state.json: {path}: {message}" for path, message in _state_problems(parsed)]
    if problems:
        raise InputError(capped(problems, 20))


def _state_problems(state: SaveState) -> list[tuple[str, str]]:
    """Return (field path, message) for what the schema cannot see: names, ranges, orders."""
    found: list[tuple[str, str]] = []
    for name, value in state.scenario.rules.items():
        problem = Rules.problem(name, value)
        if problem is not None:
            found.append((field_path(("scenario", "rules", name)), problem))
    for index, (name, value) in enumerate(state.scenario.policies):
        if not isinstance(name, str) or isinstance(value, str):
            found.append((field_path(("scenario", "policies", index)), "expected a [name, value] pair"))
        else:
            found.extend(_policy_problem(("scenario", "policies", index), name, value))
    for index, placed in enumerate(state.scenario.buildings):
        if placed.kind not in BUILDING_INDEX:
            found.append((field_path(("scenario", "buildings", index, "kind")), f"unknown building kind {quoted(placed.kind)}"))
    for index, target in enumerate(state.scenario.goals.targets):
        if target.metric not in GOAL_METRICS:
            found.append((field_path(("scenario", "goals", "targets", index, "metric")), f"unknown metric {quoted(target.metric)}"))
    if sorted(state.policies) != sorted(POLICY_INDEX):
        found.append(("policies", "expected exactly the game's policies: " + ", ".join(POLICY_INDEX)))
    else:
        for name, value in state.policies.items():
            found.extend(_policy_problem(("policies", name), name, value))
    days = state.tick // 24
    for name, values in state.history.items():
        if len(values) > days:
            found.append((field_path(("history", name)), f"{len(values):,} days of history after only {days:,} days"))
    previous = 0
    for index, entry in enumerate(state.command_log):
        location = ("command_log", index)
        tick = entry["tick"]
        if not previous <= tick <= state.tick:
            found.append((field_path((*location, "tick")), f"must be between {previous:,} and {state.tick:,}, got {tick:,}"))
        previous = max(previous, tick)
        found.extend(command_problems(entry["command"], (*location, "command")))
    for index, command in enumerate(state.pending):
        found.extend(command_problems(command, ("pending", index)))
    if not found:  # the tiles the queue's next tick would check (the log is record: never re-run on loading)
        tiles = sum(command_tiles(command_from_data(data)) if data["type"] == "place_line" else 1 for data in state.pending)
        if tiles > MAX_COMMAND_TILES:
            found.append(("pending", f"the commands would check {tiles:,} map tiles; at most {MAX_COMMAND_TILES:,}"))
    for index, network in enumerate(state.blackout):
        if not 1 <= network <= state.network_count:
            found.append((field_path(("blackout", index)), f"no power network {network}"))
    return found[:100]


def _restored_problems(sim: Simulation) -> list[tuple[str, str]]:
    """Return (field path, message) for what only the map and the buildings show.

    A game that loads but breaks later loses more than a refused file: new buildings must get
    fresh ids (or every later save is refused), and a restart rebuilds the level's own buildings.
    """
    found: list[tuple[str, str]] = []
    if sim.buildings.count and sim.next_building_id <= int(sim.buildings.col("id").max()):
        found.append(("next_building_id", f"must be above the highest building id {int(sim.buildings.col('id').max()):,}"))
    owner = np.zeros((sim.height, sim.width), np.int64)  # 1 + index of the scenario building on a tile
    for index, placed in enumerate(sim.scenario.buildings):
        location = field_path(("scenario", "buildings", index))
        btype = BUILDING_TYPES[BUILDING_INDEX[placed.kind]]
        if placed.x + btype.width > sim.width or placed.y + btype.height > sim.height:
            found.append((location, f"{placed.kind} at ({placed.x}, {placed.y}) does not fit on the {sim.width}x{sim.height} map"))
            continue
        if (placed.occupants or 0) > btype.housing_capacity:
            found.append((f"{location}.occupants", f"{placed.occupants:,} is more than a {placed.kind} holds ({btype.housing_capacity:,})"))
            continue
        footprint = np.s_[placed.y : placed.y + btype.height, placed.x : placed.x + btype.width]
        if any(TERRAIN_TYPES[int(code)].name not in btype.terrain for code in np.unique(sim.terrain[footprint])):
            found.append((location, f"{placed.kind} at ({placed.x}, {placed.y}) stands on terrain it cannot use"))
        elif owner[footprint].any():
            found.append((location, f"{placed.kind} at ({placed.x}, {placed.y}) overlaps another of the level's buildings"))
        else:
            owner[footprint] = index + 1
    for index, camp in enumerate(sim.scenario.camps):  # a restart builds the tribes from these
        problem = camp_problem(camp.x, camp.y, sim.terrain)
        if problem is not None:
            found.append((field_path(("scenario", "camps", index)), problem))
    return found[:100]


def _policy_problem(location: tuple[str | int, ...], name: str, value: int) -> list[tuple[str, str]]:
    policy = POLICY_INDEX.get(name)
    if policy is None:
        return [(field_path(location), f"unknown policy {quoted(name)}")]
    problem = policy.range_problem(value)
    return [] if problem is None else [(field_path(location), problem)]


def command_problems(data: Mapping[str, Any], location: tuple[str | int, ...]) -> list[tuple[str, str]]:
    """Return (field path, message) problems of one command written as plain data; empty if sound."""
    if _plainly_sound(data):
        return []  # the usual entry: no need for the model's own check, which costs far more a call
    type_name = data.get("type")
    if not isinstance(type_name, str) or type_name not in COMMAND_TYPES:
        return [(field_path((*location, "type")), "expected one of " + ", ".join(COMMAND_TYPES))]
    model = entry_model(type_name)
    try:
        model.model_validate({**data, "tick": 0})  # the entry model of commands files, minus its tick
    except ValidationError as error:
        return schema_problems(error, location, model)
    return []


_COMMAND_SHAPES: Final = MappingProxyType({name: command_fields(kind) for name, kind in COMMAND_TYPES.items()})


def _plainly_sound(data: Mapping[str, Any]) -> bool:
    """Return whether plain command data is certainly what `entry_model` accepts: its type's fields and no more,
    each a strict int within ±MAX_COMMAND_INT or a str of at most MAX_COMMAND_TEXT characters.

    A save's log may hold hundreds of thousands of commands; this says yes to a sound one at a
    fraction of a model call's cost (anything it doubts goes to the model, which words the problem).
    """
    type_name = data.get("type")
    shape = _COMMAND_SHAPES.get(type_name) if type(type_name) is str else None
    if shape is None or len(data) != len(shape) + 1:
        return False
    for name, kind in shape:
        value = data.get(name)
        if kind is int:
            if type(value) is not int or not -MAX_COMMAND_INT <= value <= MAX_COMMAND_INT:
                return False
        elif type(value) is not str or len(value) > MAX_COMMAND_TEXT:
            return False
    return True


def command_from_data(data: Mapping[str, Any]) -> Command:
    """Return the command described by checked plain data (see `command_problems`)."""
    command_class = COMMAND_TYPES[data["type"]]
    return command_class(**{name: data[name] for name, _ in command_fields(command_class)})


def _arrays(label: str, raw: bytes) -> dict[str, np.ndarray]:
    """Return the arrays of arrays.npz, checking every declared dtype and shape before loading it."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as npz:
            infos = npz.infolist()
            if len(infos) > MAX_ARRAY_COUNT:
                raise _fail(label, f"arrays.npz: {len(infos)} arrays; at most {MAX_ARRAY_COUNT} allowed")
            if sum(info.file_size for info in infos) > MAX_ARRAYS_BYTES:
                raise _fail(label, "arrays.npz: larger than a save allows")
            for info in infos:
                _check_array_header(label, npz, info)
        with np.load(io.BytesIO(raw), allow_pickle=False) as loaded:
            return {name: loaded[name] for name in loaded.files}
    except InputError:
        raise
    except (ValueError, OSError, EOFError, zipfile.BadZipFile, NotImplementedError, RuntimeError, OverflowError, zlib.error):
        raise _fail(label, "arrays.npz: damaged grid data") from None


def _check_array_header(label: str, npz: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Refuse an array whose declared dtype or shape is foreign or larger than its entry could hold."""
    name = info.filename.removesuffix(".npy")
    if not info.filename.endswith(".npy") or not name.replace("_", "").isalnum() or len(name) > 64:
        raise _fail(label, f"arrays.npz: unexpected entry {quoted(info.filename)}")
    if info.compress_type not in _COMPRESSIONS:  # zipfile inflates no more than `file_size` of these
        raise _fail(label, f"arrays.{name}: compressed in a way the game never writes (method {info.compress_type})")
    with npz.open(info) as stream:
        version = np.lib.format.read_magic(stream)
        if version == (1, 0):
            shape, _fortran, dtype = np.lib.format.read_array_header_1_0(stream, max_header_size=MAX_NPY_HEADER_BYTES)
        elif version == (2, 0):
            shape, _fortran, dtype = np.lib.format.read_array_header_2_0(stream, max_header_size=MAX_NPY_HEADER_BYTES)
        else:
            raise _fail(label, f"arrays.{name}: unsupported array format {version}")
    if dtype.hasobject or dtype.kind not in "biu" or len(shape) > 3:
        raise _fail(label, f"arrays.{name}: dtype {dtype} or {len(shape)} dimensions is not a game array")
    is_grid = len(shape) >= 2 and not name.startswith(("building_", "agents_col_"))  # (h, w) or (types, h, w)
    if any(side > MAX_BUILDINGS for side in shape) or (is_grid and max(shape[-2:]) > MAX_MAP_SIDE):
        raise _fail(label, f"arrays.{name}: shape {tuple(shape)} is larger than a {MAX_MAP_SIDE}x{MAX_MAP_SIDE} map allows")
    elements = 1
    for side in shape:
        elements *= side
    if elements * dtype.itemsize > info.file_size:
        raise _fail(label, f"arrays.{name}: declares more data than the save holds")
