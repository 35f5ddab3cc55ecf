"""A level being edited: terrain, buildings, camps and settings that change in place, with undo and redo.

The editor's model, free of pygame: every operation either changes the draft and records one undo
step, or refuses with a reason and changes nothing. `problems()` writes the draft as a level file
(`game.level.writer.level_toml`) and checks that text with the loader, so the editor shows exactly
the messages `neo-terra --validate` would give the saved file.

An undo step keeps only what changed: the box of terrain a stroke touched (before and after) and,
for every other edit, the old and new `DraftFacts`, an immutable record shared by reference.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from game.level.errors import InputError
from game.level.loader import camp_problem, level_from_document, read_level
from game.level.placement import ground_problem
from game.level.source import parse_toml, read_text
from game.sim.buildings import BUILDING_INDEX, BUILDING_TYPES
from game.sim.policies import POLICIES, POLICY_INDEX
from game.sim.rules import Rules
from game.sim.scenario import Camp, EventSetup, Goals, PlacedBuilding, PoliticsSetup, Scenario
from game.sim.terrain import GROUND, TERRAIN_BY_NAME, TERRAIN_TYPES

MAX_UNDO_STEPS = 200  # older steps are let go...
MAX_UNDO_BYTES = 32 << 20  # ...and while the terrain they keep passes this (whole-map strokes on a 512x512 map), the newest always kept
DRAFT_LABEL = "draft.toml"  # how problems name a draft not yet saved
NEW_LEVEL_NAME = "A new level"

TileBox = tuple[int, int, int, int]  # (x0, y0, x1, y1) in tiles, end exclusive


@dataclass(frozen=True, slots=True)
class DraftFacts:
    """Everything of a draft but its terrain: immutable, so an undo step keeps it by reference."""

    name: str = NEW_LEVEL_NAME
    description: str = ""
    seed: int = 0
    buildings: tuple[PlacedBuilding, ...] = ()
    camps: tuple[Camp, ...] = ()
    funds: int = 50_000
    food: int = 500
    fuel: int = 200
    materials: int = 600
    goals: Goals = field(default_factory=Goals)
    politics: PoliticsSetup = field(default_factory=PoliticsSetup)
    events: EventSetup = field(default_factory=EventSetup)
    policies: tuple[tuple[str, int], ...] = ()  # the policies the level starts with, where not their usual setting
    rules: tuple[tuple[str, int], ...] = ()  # the rules the level overrides, where not their defaults, in declaration order
    ending_won: str = ""  # what the end screen tells when the level is won ("": the game's own words)
    ending_lost: str = ""  # ...and when it is lost


@dataclass(frozen=True, slots=True)
class Step:
    """One undoable edit: a terrain box before and after (or none), and the facts before and after."""

    box: TileBox | None
    terrain_before: np.ndarray | None
    terrain_after: np.ndarray | None
    facts_before: DraftFacts
    facts_after: DraftFacts

    @property
    def nbytes(self) -> int:
        """The bytes of terrain the step keeps."""
        return sum(terrain.nbytes for terrain in (self.terrain_before, self.terrain_after) if terrain is not None)


def terrain_code(terrain: int | str) -> int:
    """Return the terrain code for a code or a terrain name; ValueError for neither."""
    if isinstance(terrain, str):
        if terrain not in TERRAIN_BY_NAME:
            raise ValueError(f"unknown terrain {terrain!r}; known: {', '.join(TERRAIN_BY_NAME)}")
        return TERRAIN_BY_NAME[terrain]
    if not 0 <= terrain < len(TERRAIN_TYPES):
        raise ValueError(f"unknown terrain code {terrain}")
    return terrain


class LevelDraft:
    """A mutable level: paint, place, remove and set things; undo and redo; write it; ask for its problems."""

    def __init__(self, terrain: np.ndarray, facts: DraftFacts | None = None, base: Scenario | None = None, events_table: Mapping[str, Any] | None = None) -> None:
        self.terrain = np.array(terrain, dtype=np.uint8)  # (height, width), codes from game.sim.terrain
        self._facts = facts or DraftFacts()
        # What the editor does not change (the campaign arc a level belongs to) comes from the level it opened.
        self._base = base or Scenario(name=self._facts.name, terrain=self.terrain)
        self._events_table = dict(events_table) if events_table else None  # the file's own [events] table, kept for its custom events
        self._undo: list[Step] = []
        self._redo: list[Step] = []
        self._stroke: _Stroke | None = None  # the edit under way while a mouse button is held
        self._occupancy: np.ndarray | None = None
        self._occupancy_of: tuple[PlacedBuilding, ...] | None = None
        self.version = 0  # bumps with every change, undo and redo: views and problem checks follow it
        self.purpose = "play"  # the opened file's purpose, written back as it was (a measuring level stays one)

    # --- making one ------------------------------------------------------------------------------
    @classmethod
    def blank(cls, width: int, height: int, name: str = NEW_LEVEL_NAME) -> LevelDraft:
        """Return a draft of open ground, `width` x `height` tiles."""
        return cls(np.full((height, width), GROUND, np.uint8), DraftFacts(name=name))

    @classmethod
    def from_scenario(cls, scenario: Scenario, events_table: Mapping[str, Any] | None = None) -> LevelDraft:
        """Return a draft of `scenario`; `events_table` is its file's raw `[events]` table when it has custom events."""
        facts = DraftFacts(
            name=scenario.name, description=scenario.description, seed=scenario.seed,
            buildings=scenario.buildings, camps=scenario.camps,
            funds=scenario.funds, food=scenario.food, fuel=scenario.fuel, materials=scenario.materials,
            goals=scenario.goals, politics=scenario.politics, events=scenario.events, policies=scenario.policies,
            rules=tuple(scenario.rules.overrides().items()), ending_won=scenario.ending_won, ending_lost=scenario.ending_lost,
        )
        return cls(scenario.terrain, facts, scenario, events_table if scenario.events.custom else None)

    @classmethod
    def open(cls, path: str | Path) -> LevelDraft:
        """Return a draft of the level file at `path` (a `.cty` city is imported); raise InputError with its problems when it has any.

        A level saved unfinished opens as it was saved: buildings and camps where they stand,
        goals as set (`read_level`'s `as_draft`); its problems show once the draft is checked.
        """
        level = read_level(path, as_draft=True)
        events = None
        if level.scenario.events.custom:  # only a level file has events of its own: keep its table to write them back
            events = parse_toml(read_text(path, "level file"), str(path)).get("events")
        draft = cls.from_scenario(level.scenario, events if isinstance(events, dict) else None)
        draft.purpose = level.purpose
        return draft

    # --- reading ---------------------------------------------------------------------------------
    @property
    def facts(self) -> DraftFacts:
        """Everything but the terrain, as it stands."""
        return self._facts

    @property
    def width(self) -> int:
        """Map width in tiles."""
        return int(self.terrain.shape[1])

    @property
    def height(self) -> int:
        """Map height in tiles."""
        return int(self.terrain.shape[0])

    @property
    def can_undo(self) -> bool:
        """True when there is an edit to undo."""
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        """True when there is an undone edit to redo."""
        return bool(self._redo)

    def occupancy(self) -> np.ndarray:
        """Return, per tile, 1 + the index of the building standing there (0: none); rebuilt only when the buildings changed."""
        if self._occupancy is None or self._occupancy_of is not self._facts.buildings or self._occupancy.shape != self.terrain.shape:
            grid = np.zeros(self.terrain.shape, np.int32)
            for index, placed in enumerate(self._facts.buildings):
                btype = BUILDING_TYPES[BUILDING_INDEX[placed.kind]] if placed.kind in BUILDING_INDEX else None
                width, height = (btype.width, btype.height) if btype else (1, 1)
                grid[placed.y : placed.y + height, placed.x : placed.x + width] = index + 1
            self._occupancy, self._occupancy_of = grid, self._facts.buildings
        return self._occupancy

    def building_at(self, x: int, y: int) -> int | None:
        """Return the index of the building covering tile (x, y), or None."""
        if not (0 <= x < self.width and 0 <= y < self.height):
            return None
        owner = int(self.occupancy()[y, x])
        return owner - 1 if owner else None

    def camp_at(self, x: int, y: int) -> int | None:
        """Return the index of the camp on tile (x, y), or None."""
        return next((index for index, camp in enumerate(self._facts.camps) if (camp.x, camp.y) == (x, y)), None)

    def event_on(self, event_id: str) -> bool:
        """True when the shipped story event `event_id` runs in this level."""
        events = self._facts.events
        return (events.enabled is None or event_id in events.enabled) and event_id not in events.disabled

    # --- terrain ---------------------------------------------------------------------------------
    def begin_stroke(self) -> None:
        """Start a stroke (a drag of the brush, a run of power line): its edits until `end_stroke` undo as one step."""
        self.end_stroke()
        self._stroke = _Stroke(self.terrain.copy(), None, self._facts)

    def end_stroke(self) -> None:
        """Finish the stroke under way, recording what it changed as one undo step."""
        stroke, self._stroke = self._stroke, None
        if stroke is None:
            return
        box = stroke.box
        before = after = None
        if box is not None:
            x0, y0, x1, y1 = box
            before, after = stroke.terrain[y0:y1, x0:x1].copy(), self.terrain[y0:y1, x0:x1].copy()
            if np.array_equal(before, after):
                box = before = after = None
        if box is not None or stroke.facts != self._facts:
            self._record(Step(box, before, after, stroke.facts, self._facts))

    def paint(self, x0: int, y0: int, x1: int, y1: int, terrain: int | str) -> TileBox | None:
        """Paint the tiles x0 <= x < x1, y0 <= y < y1 (clipped to the map) with `terrain`; return the box changed, or None."""
        code = terrain_code(terrain)
        x0, x1 = max(0, min(x0, x1)), min(self.width, max(x0, x1))
        y0, y1 = max(0, min(y0, y1)), min(self.height, max(y0, y1))
        if x0 >= x1 or y0 >= y1 or bool((self.terrain[y0:y1, x0:x1] == code).all()):
            return None
        box = (x0, y0, x1, y1)
        if self._stroke is not None:
            self.terrain[y0:y1, x0:x1] = code
            self._stroke.box = box if self._stroke.box is None else _union(self._stroke.box, box)
        else:
            before = self.terrain[y0:y1, x0:x1].copy()
            self.terrain[y0:y1, x0:x1] = code
            self._record(Step(box, before, self.terrain[y0:y1, x0:x1].copy(), self._facts, self._facts))
        self.version += 1
        return box

    # --- buildings and camps ---------------------------------------------------------------------
    def placement_problem(self, kind: str, x: int, y: int) -> str | None:
        """Return why a `kind` building cannot have its corner at (x, y) now, or None when it can."""
        if kind not in BUILDING_INDEX:
            return f"unknown building kind '{kind}'"
        misfit = ground_problem(kind, x, y, self.terrain)
        if misfit is not None:
            return misfit
        btype = BUILDING_TYPES[BUILDING_INDEX[kind]]
        taken = self.occupancy()[y : y + btype.height, x : x + btype.width]
        if taken.any():
            other = self._facts.buildings[int(taken[taken > 0][0]) - 1]
            return f"{kind} at ({x}, {y}) overlaps the {other.kind} at ({other.x}, {other.y})"
        return None

    def place(self, kind: str, x: int, y: int, occupants: int | None = None) -> str | None:
        """Place a `kind` building with its corner at (x, y); return why not (nothing changes then), or None."""
        problem = self.placement_problem(kind, x, y)
        if problem is not None:
            return problem
        btype = BUILDING_TYPES[BUILDING_INDEX[kind]]
        if occupants is None and btype.housing_capacity:
            occupants = btype.housing_capacity // 2  # a block someone lives in; the loader lets it start empty too
        self._change(replace(self._facts, buildings=(*self._facts.buildings, PlacedBuilding(kind, x, y, occupants))))
        return None

    def add_camp(self, x: int, y: int, name: str | None = None, members: int = 20, unrest: int = 20) -> str | None:
        """Put a scavenger camp on tile (x, y); return why not (nothing changes then), or None."""
        problem = camp_problem(x, y, self.terrain)
        if problem is not None:
            return problem
        if self.camp_at(x, y) is not None:
            return f"({x}, {y}) has a camp already"
        names = {camp.name for camp in self._facts.camps}
        if name is None:
            name = next(f"Tribe {number}" for number in range(1, len(names) + 2) if f"Tribe {number}" not in names)
        elif name in names:
            return f"a camp named '{name}' is there already; camp names must differ"
        self._change(replace(self._facts, camps=(*self._facts.camps, Camp(name, x, y, members, unrest))))
        return None

    def remove_camp(self, name: str) -> bool:
        """Remove the camp called `name`; return whether there was one."""
        kept = tuple(camp for camp in self._facts.camps if camp.name != name)
        if len(kept) == len(self._facts.camps):
            return False
        self._change(replace(self._facts, camps=kept))
        return True

    def remove_at(self, x: int, y: int) -> str | None:
        """Remove the camp on tile (x, y), else the building covering it; return what was removed ('' for nothing)."""
        camp = self.camp_at(x, y)
        if camp is not None:
            name = self._facts.camps[camp].name
            self.remove_camp(name)
            return f"camp {name}"
        index = self.building_at(x, y)
        if index is None:
            return ""
        removed = self._facts.buildings[index]
        self._change(replace(self._facts, buildings=self._facts.buildings[:index] + self._facts.buildings[index + 1 :]))
        return removed.kind

    # --- settings --------------------------------------------------------------------------------
    def set_header(self, *, name: str | None = None, description: str | None = None, seed: int | None = None) -> None:
        """Change the level's name, description or seed (those given)."""
        self._change_given({"name": name, "description": description, "seed": seed})

    def set_start(self, *, funds: int | None = None, food: int | None = None, fuel: int | None = None, materials: int | None = None) -> None:
        """Change what the city has on day one (the stocks given)."""
        self._change_given({"funds": funds, "food": food, "fuel": fuel, "materials": materials})

    def set_ending(self, *, won: str | None = None, lost: str | None = None) -> None:
        """Change what the end screen tells when the level is won or lost (those given; "" for the game's own words)."""
        self._change_given({"ending_won": won, "ending_lost": lost})

    def _change_given(self, values: dict[str, Any]) -> None:
        """Change the facts named in `values` that are given (not None), as one undo step."""
        self._change(replace(self._facts, **{key: value for key, value in values.items() if value is not None}))

    def policy(self, name: str) -> int:
        """Return the setting the level starts policy `name` with."""
        return dict(self._facts.policies).get(name, POLICY_INDEX[name].default)

    def set_policy(self, name: str, value: int) -> str | None:
        """Start the level with policy `name` at `value`; return why not (nothing changes then), or None.

        A policy at its usual setting is not written.
        """
        policy = POLICY_INDEX.get(name)
        if policy is None:
            return f"unknown policy '{name}'"
        problem = policy.range_problem(value)
        if problem is not None:
            return f"{policy.label}: {problem}"
        chosen = dict(self._facts.policies) | {name: value}
        kept = tuple((other.name, chosen[other.name]) for other in POLICIES if chosen.get(other.name, other.default) != other.default)
        if kept != self._facts.policies:
            self._change(replace(self._facts, policies=kept))
        return None

    def rule(self, name: str) -> int:
        """Return the value the level gives rule `name` (its default unless the level overrides it)."""
        return dict(self._facts.rules).get(name, Rules.default(name))

    def set_rule(self, name: str, value: int) -> str | None:
        """Give rule `name` the value `value` in this level; return why not (nothing changes then), or None.

        A rule at its default is not written.
        """
        problem = Rules.problem(name, value)
        if problem is not None:
            return f"{name}: {problem}"
        kept = tuple(Rules().with_overrides(dict(self._facts.rules) | {name: value}).overrides().items())
        if kept != self._facts.rules:
            self._change(replace(self._facts, rules=kept))
        return None

    def set_goals(self, goals: Goals) -> None:
        """Give the level these goals."""
        self._change(replace(self._facts, goals=goals))

    def set_politics(self, politics: PoliticsSetup) -> None:
        """Give the level these elections."""
        self._change(replace(self._facts, politics=politics))

    def set_event(self, event_id: str, on: bool) -> None:
        """Run the shipped story event `event_id` in this level (`on`) or not."""
        events = self._facts.events
        disabled = tuple(name for name in events.disabled if name != event_id)
        enabled = events.enabled
        if on and enabled is not None and event_id not in enabled:
            enabled = (*enabled, event_id)
        elif not on:
            if enabled is not None:
                enabled = tuple(name for name in enabled if name != event_id)
            else:
                disabled = (*disabled, event_id)
        self._change(replace(self._facts, events=replace(events, enabled=enabled, disabled=disabled)))

    # --- undo ------------------------------------------------------------------------------------
    def undo(self) -> bool:
        """Take back the last edit; return whether there was one."""
        return self._replay(self._undo, self._redo, backwards=True)

    def redo(self) -> bool:
        """Make the last undone edit again; return whether there was one."""
        return self._replay(self._redo, self._undo, backwards=False)

    def _replay(self, source: list[Step], target: list[Step], backwards: bool) -> bool:
        """Move the newest step of `source` onto `target`, putting the draft as it stood before that step (`backwards`) or after it."""
        self.end_stroke()
        if not source:
            return False
        step = source.pop()
        patch, facts = (step.terrain_before, step.facts_before) if backwards else (step.terrain_after, step.facts_after)
        if step.box is not None and patch is not None:
            x0, y0, x1, y1 = step.box
            self.terrain[y0:y1, x0:x1] = patch
        self._facts = facts
        self.version += 1
        target.append(step)
        return True

    def _change(self, facts: DraftFacts) -> None:
        """Adopt new facts as one undo step (none when nothing changed; part of the stroke under way, if one is)."""
        if facts == self._facts:
            return
        if self._stroke is None:
            self._record(Step(None, None, None, self._facts, facts))
        self._facts = facts
        self.version += 1

    def _record(self, step: Step) -> None:
        """Keep `step` for undo; a new edit forgets what was undone."""
        self._undo.append(step)
        del self._undo[:-MAX_UNDO_STEPS]
        kept = sum(old.nbytes for old in self._undo)
        while kept > MAX_UNDO_BYTES and len(self._undo) > 1:
            kept -= self._undo.pop(0).nbytes
        self._redo.clear()

    # --- the level file --------------------------------------------------------------------------
    def to_scenario(self) -> Scenario:
        """Return the draft as a Scenario (unchecked: `problems()` says what the loader would refuse)."""
        facts = self._facts
        return replace(
            self._base, name=facts.name, description=facts.description, seed=facts.seed, terrain=self.terrain.copy(),
            buildings=facts.buildings, camps=facts.camps, funds=facts.funds, food=facts.food, fuel=facts.fuel,
            materials=facts.materials, goals=facts.goals, politics=facts.politics, events=facts.events, policies=facts.policies,
            rules=Rules().with_overrides(dict(facts.rules)), ending_won=facts.ending_won, ending_lost=facts.ending_lost,
        )

    def toml(self) -> str:
        """Return the draft as the text of a level file."""
        return written(self.to_scenario(), self.events_for_file(), self.purpose)

    def events_for_file(self) -> dict[str, Any] | None:
        """Return the raw `[events]` table to write: the opened file's (for its custom events) with the draft's choices, or None."""
        if self._events_table is None:
            return None
        table = {key: value for key, value in self._events_table.items() if key not in ("enable", "disable")}
        events = self._facts.events
        if events.enabled is not None:
            table["enable"] = list(events.enabled)
        if events.disabled:
            table["disable"] = list(events.disabled)
        return table

    def checked(self, label: str = DRAFT_LABEL) -> Scenario | list[str]:
        """Return the Scenario the loader reads from the draft written as a level file named `label`, or its problems (one line each)."""
        return checked_level(self.to_scenario(), self.events_for_file(), label)

    def problems(self, label: str = DRAFT_LABEL) -> list[str]:
        """Return what the loader says of the draft written as a level file named `label`: none when it is sound."""
        result = self.checked(label)
        return result if isinstance(result, list) else []


def written(scenario: Scenario, events: Mapping[str, Any] | None, purpose: str = "play") -> str:
    """Return the level file text the editor writes for `scenario` (with its file's raw `[events]` table, if it has one)."""
    from game.level.writer import level_toml

    return level_toml(scenario, purpose=purpose, comment="Made with the Neo-Terra level editor.", events=events)


def checked_level(scenario: Scenario, events: Mapping[str, Any] | None, label: str) -> Scenario | list[str]:
    """Return what the loader reads from `scenario` written as a level file named `label`, or its problems.

    Pure, and touching only its arguments: the editor runs it on a snapshot of the draft off the
    window's thread.
    """
    text = written(scenario, events)
    try:
        return level_from_document(parse_toml(text, label), text, label).scenario
    except InputError as error:
        return error.problems


@dataclass(slots=True)
class _Stroke:
    """An edit under way: the terrain and facts at its start, and the box of terrain it painted so far."""

    terrain: np.ndarray
    box: TileBox | None
    facts: DraftFacts


def _union(first: TileBox, second: TileBox) -> TileBox:
    """Return the smallest box holding both boxes."""
    return min(first[0], second[0]), min(first[1], second[1]), max(first[2], second[2]), max(first[3], second[3])
