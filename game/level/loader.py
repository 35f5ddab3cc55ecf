"""Loading a level file into a Scenario, finding every problem it has along the way."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import ConfigDict, TypeAdapter, ValidationError

from game.data.field_errors import quoted, schema_errors, suggestion
from game.level.catalogue import CTY_SUFFIX
from game.level.errors import InputError
from game.level.formats import upgraded
from game.level.map_grid import RowPlaces, read_map
from game.level.placement import check_entry, place_all
from game.level.problems import Problems
from game.level.schema import BuildingEntry, Header
from game.level.sections import SECTIONS
from game.level.source import MAX_LEVEL_BYTES, decode_utf8, parse_toml, read_bytes, read_text
from game.level.winnable import unwinnable
from game.sim.policies import POLICY_INDEX
from game.sim.rules import Rules
from game.sim.scenario import (
    GOAL_METRICS,
    Camp,
    EventSetup,
    FactionSetup,
    Goals,
    GoalTarget,
    PoliticsSetup,
    Scenario,
    goal_metric,
)
from game.sim.terrain import TERRAIN_BY_NAME

# Each section is validated as SECTIONS says, the table the JSON Schema is built from too. The two
# plain tables are strict like the models: `tax_rate = true` is a mistake, not the number 1.
_RULES = TypeAdapter(SECTIONS["rules"].shape, config=ConfigDict(strict=True))
_POLICIES = TypeAdapter(SECTIONS["policies"].shape, config=ConfigDict(strict=True))
_BUILDING_LIST = TypeAdapter(SECTIONS["buildings"].shape)
_CAMP_LIST = TypeAdapter(SECTIONS["camps"].shape)
CAMP_TERRAIN = ("ruins", "undercity")


LevelPurpose = Literal["play", "benchmark"]


@dataclass(frozen=True, slots=True)
class Level:
    """A checked level file: the scenario a simulation starts from, and what the level is for (the menu offers only "play")."""

    scenario: Scenario
    purpose: LevelPurpose = "play"


def load_level(path: str | Path) -> Scenario:
    """Read, check and return the level at `path`; raise InputError listing every problem found."""
    return read_level(path).scenario


def read_level(path: str | Path, as_draft: bool = False) -> Level:
    """Read and check the level at `path` and return it with its purpose; raise InputError listing every problem found.

    `as_draft` reads it as the level editor opens a draft: see `level_from_document`.
    """
    if Path(path).suffix.lower() == CTY_SUFFIX:  # a classic SimCity city: imported as it is read
        from game.level.cty import imported_level

        return Level(imported_level(path)[0].scenario, "play")
    label = str(path)
    text = read_text(path, "level file")
    document = parse_toml(text, label)
    return level_from_document(document, text, label, as_draft)


def read_level_source(path: str | Path) -> tuple[str, str]:
    """Return the text of the level file at `path` and the sha256 of its bytes (read once: the digest is of the text parsed).

    A `.cty` city gives the level text its import writes, and the digest of the city file.
    """
    data = read_bytes(path, "level file", MAX_LEVEL_BYTES)
    if Path(path).suffix.lower() == CTY_SUFFIX:
        from game.level.cty import imported_level

        return imported_level(path)[1], hashlib.sha256(data).hexdigest()
    return decode_utf8(data, str(path)), hashlib.sha256(data).hexdigest()


def scenario_from_text(text: str, label: str) -> Scenario:
    """Check a level file's text (`label` names it in problems) and build its Scenario; InputError listing every problem."""
    return scenario_from_document(parse_toml(text, label), text, label)


def validate_level(path: str | Path) -> list[str]:
    """Return the problems of the level at `path`, one line each; empty when it is valid."""
    try:
        load_level(path)
    except InputError as error:
        return error.problems
    return []


def scenario_from_document(document: dict[str, Any], text: str, label: str) -> Scenario:
    """Check a parsed level document (its text gives positions) and build its Scenario."""
    return level_from_document(document, text, label).scenario


def level_from_document(document: dict[str, Any], text: str, label: str, as_draft: bool = False) -> Level:
    """Check a parsed level document (its text gives positions) and return its Scenario and purpose.

    `as_draft` reads it as the level editor opens a draft, one it may have saved unfinished: the
    misfits of where things stand (a building on water or over another, a camp off the ruins,
    goals the map cannot meet) are let through as written, for the editor to show and the author
    to fix; every other problem still stops it.
    """
    problems = Problems(label, text)
    misfits = Problems(label, text) if as_draft else problems
    current = upgraded(document)
    if isinstance(current, str):
        problems.at_field(("format",), current.removeprefix("format: "))
        raise InputError(problems.lines)
    header = _validated(Header, current, (), problems)
    if header is not None and (len(header.name.splitlines()) != 1 or not header.name.isprintable()):
        problems.at_field(("name",), "must be one line of printable text")
    tiles = read_map(current["map"], problems) if "map" in current else None
    start = _validated(SECTIONS["start"].shape, current.get("start", {}), ("start",), problems)
    entries = _building_entries(current.get("buildings", []), problems)
    buildings = ()
    if tiles is not None and entries is not None:
        places = RowPlaces(current["map"]["rows"], problems)
        buildings = place_all(entries, tiles, places, misfits, keep_misfits=as_draft)
    rules = _rules(current.get("rules", {}), problems)
    policies = _policies(current.get("policies", {}), problems)
    goals = _goals(current.get("goals", {}), problems)
    camps = _camps(current.get("camps", []), tiles, problems, misfits, keep_misfits=as_draft)
    politics = _politics(current.get("politics", {}), problems)
    events = _events(current.get("events", {}), problems)
    ending = _validated(SECTIONS["ending"].shape, current.get("ending", {}), ("ending",), problems)
    if goals is not None and tiles is not None:
        misfits.extend(list(unwinnable(goals, politics or PoliticsSetup(), tiles.terrain)))
    problems.raise_if_any()
    assert header is not None and tiles is not None and start is not None
    assert rules is not None and policies is not None and goals is not None and ending is not None
    scenario = Scenario(
        name=header.name,
        terrain=tiles.terrain,
        buildings=buildings,
        funds=start.funds,
        food=start.food,
        fuel=start.fuel,
        materials=start.materials,
        rules=rules,
        policies=policies,
        goals=goals,
        camps=camps or (),
        politics=politics or PoliticsSetup(),
        events=events or EventSetup(),
        description=header.description,
        seed=header.seed,
        source=label,
        arc=header.arc,
        ending_won=ending.won,
        ending_lost=ending.lost,
    )
    return Level(scenario, header.purpose)


def _validated(model: Any, raw: Any, location: tuple[str, ...], problems: Problems) -> Any:
    """Return `raw` validated as `model`, or None after adding its problems."""
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        problems.extend(schema_errors(error, location, model))
        return None


def _building_entries(raw: Any, problems: Problems) -> list[tuple[int, BuildingEntry]] | None:
    """Return the sound `[[buildings]]` entries with their index, or None if any is wrong."""
    try:
        _BUILDING_LIST.validate_python(raw)
    except ValidationError as error:
        problems.extend(schema_errors(error, ("buildings",), SECTIONS["buildings"].shape))
        return None
    entries = []
    ok = True
    for index, item in enumerate(raw):
        entry = _validated(SECTIONS["buildings"].entry, item, ("buildings", index), problems)
        if entry is None or not check_entry(index, entry, problems):
            ok = False
            continue
        entries.append((index, entry))
    return entries if ok else None


def _rules(raw: Any, problems: Problems) -> Rules | None:
    """Return the rules with the level's overrides, or None after adding their problems."""
    try:
        overrides = _RULES.validate_python(raw)
    except ValidationError as error:
        problems.extend(schema_errors(error, ("rules",), SECTIONS["rules"].shape))
        return None
    known = Rules.names()
    wrong = [(name, Rules.problem(name, value)) for name, value in overrides.items()]
    wrong = [(name, problem) for name, problem in wrong if problem is not None]
    for name, problem in wrong:
        hint = suggestion(name, known) if name not in known else ""
        problems.at_field(("rules", name), problem + hint)
    return None if wrong else Rules().with_overrides(overrides)


def _policies(raw: Any, problems: Problems) -> tuple[tuple[str, int], ...] | None:
    """Return the level's starting policies as (name, value) pairs, or None after adding their problems."""
    try:
        values = _POLICIES.validate_python(raw)
    except ValidationError as error:
        problems.extend(schema_errors(error, ("policies",), SECTIONS["policies"].shape))
        return None
    ok = True
    for name, value in values.items():
        policy = POLICY_INDEX.get(name)
        if policy is None:
            problems.at_field(("policies", name), "unknown policy" + suggestion(name, POLICY_INDEX))
            ok = False
        elif (problem := policy.range_problem(value)) is not None:
            problems.at_field(("policies", name), problem)
            ok = False
    return tuple(values.items()) if ok else None


def _goals(raw: Any, problems: Problems) -> Goals | None:
    """Return the level's goals, or None after adding their problems."""
    section = _validated(SECTIONS["goals"].shape, raw, ("goals",), problems)
    if section is None:
        return None
    ok = True
    targets = []
    for index, target in enumerate(section.targets):
        location = ("goals", "targets", index)
        metric = goal_metric(target.metric)
        if metric not in GOAL_METRICS:
            hint = suggestion(target.metric, GOAL_METRICS) or "; known metrics: " + ", ".join(GOAL_METRICS)
            problems.at_field((*location, "metric"), f"unknown metric {quoted(target.metric)}{hint}")
            ok = False
        if target.at_least is None and target.at_most is None:
            problems.at_field(location, "give at_least, at_most or both")
            ok = False
        elif target.at_least is not None and target.at_most is not None and target.at_least > target.at_most:
            problems.at_field(
                location, f"at_least {target.at_least:,} is above at_most {target.at_most:,}, so it can never hold"
            )
            ok = False
        targets.append(GoalTarget(metric, target.at_least, target.at_most))
    if section.deadline_day and not section.targets:
        problems.at_field(("goals", "deadline_day"), "a deadline needs at least one target in [[goals.targets]]")
        ok = False
    if not ok:
        return None
    return Goals(tuple(targets), section.deadline_day, section.hold_days)



def _camps(raw: Any, tiles: Any, problems: Problems, misfits: Problems, keep_misfits: bool = False) -> tuple[Camp, ...] | None:
    """Return the level's scavenger camps, or None after adding their problems.

    A camp on ground tribes cannot camp on is a problem added to `misfits`; with `keep_misfits`
    (a draft's, see `level_from_document`) the camp stays as written, else it is left out.
    """
    try:
        _CAMP_LIST.validate_python(raw)
    except ValidationError as error:
        problems.extend(schema_errors(error, ("camps",), SECTIONS["camps"].shape))
        return None
    camps = []
    names: set[str] = set()
    for index, item in enumerate(raw):
        entry = _validated(SECTIONS["camps"].entry, item, ("camps", index), problems)
        if entry is None:
            continue
        if entry.name in names:
            problems.at_field(("camps", index, "name"), f"a second camp named {quoted(entry.name)}; camp names must differ")
        names.add(entry.name)
        problem = None if tiles is None else camp_problem(entry.x, entry.y, tiles.terrain)
        if problem is not None:
            misfits.at_field(("camps", index), problem)
            if not keep_misfits:
                continue
        camps.append(Camp(entry.name, entry.x, entry.y, entry.members, entry.unrest))
    return tuple(camps)


def camp_problem(x: int, y: int, terrain: np.ndarray) -> str | None:
    """Return why a camp cannot stand at (x, y) on `terrain`, or None when it can."""
    height, width = terrain.shape
    if not (0 <= x < width and 0 <= y < height):
        return f"({x}, {y}) lies off the {width}x{height} map"
    if int(terrain[y, x]) not in {TERRAIN_BY_NAME[name] for name in CAMP_TERRAIN}:
        return f"({x}, {y}) is not ruins or undercity; tribes camp only there"
    return None


def _politics(raw: Any, problems: Problems) -> PoliticsSetup | None:
    """Return the level's elections and faction overrides, or None after adding their problems."""
    section = _validated(SECTIONS["politics"].shape, raw, ("politics",), problems)
    if section is None:
        return None
    from game.sim.politics import FACTIONS

    known = [faction.id for faction in FACTIONS]
    factions = []
    for index, entry in enumerate(section.factions):
        if entry.name not in known:
            hint = suggestion(entry.name, known) or "; known factions: " + ", ".join(known)
            problems.at_field(("politics", "factions", index, "name"), f"unknown faction {quoted(entry.name)}{hint}")
        factions.append(FactionSetup(entry.name, entry.share, entry.approval))
    if section.debate_days_before and section.election_every_days and section.debate_days_before >= section.election_every_days:
        problems.at_field(("politics", "debate_days_before"), "the debate must come after the previous election: make it smaller than election_every_days")
    return PoliticsSetup(
        section.election_every_days, section.first_election_day, section.debate_days_before,
        section.lose_on_defeat, tuple(factions),
    )


def _events(raw: Any, problems: Problems) -> EventSetup | None:
    """Return which story events run in this level, or None after adding their problems."""
    from game.level.events_section import events_setup

    return events_setup(raw, problems)
