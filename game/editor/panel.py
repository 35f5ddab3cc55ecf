"""The level editor's side panel: tools, the level's header and start, goals, elections, story events, starting policies and rules.

Built from pygame_gui widgets through `Gui`, in seven tabs. `on_gui` turns a widget event into an
edit of the `LevelDraft` (or a change of tool) and returns a one-line note for the status line;
the draft itself refuses what cannot be, with the reason the note then gives.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from game.level.code_comments import field_comments
from game.level.draft import LevelDraft
from game.level.events_section import SHIPPED_IDS
from game.sim.buildings import BUILDING_TYPES, building_type
from game.sim.policies import POLICIES, POLICY_INDEX
from game.sim.politics import FACTIONS
from game.sim.rules import Rules
from game.sim.scenario import GOAL_METRICS, FactionSetup, GoalTarget
from game.sim.story import EVENTS
from game.sim.terrain import TERRAIN_BY_NAME, TERRAIN_TYPES
from game.ui.gui import Gui, GuiEvent, Pressed, Submitted, whole_number

PANEL = "editor.panel"
PANEL_UNITS = 310  # width of the side panel
TABS = ("tools", "level", "goals", "vote", "events", "policies", "rules")
TAB_LABELS = {"tools": "Tools", "level": "Level", "goals": "Goals", "vote": "Vote", "policies": "Policy", "events": "Story", "rules": "Rules"}
TAB_KEYS = {"tools": "F1", "level": "F2", "goals": "F3", "vote": "F4", "policies": "F7", "events": "F6", "rules": "F8"}
TERRAIN_KEYS = {"ground": "1", "water": "2", "ruins": "3", "undercity": "4"}
CAMP, ERASE = "camp", "erase"
BRUSH_SIZES = (1, 2, 3, 5, 8, 12)
MAX_BUTTON_CHARS = 18  # a longer building name is cut to its first words on its button (the tooltip has it all)
ROW = 30  # UI units from one row of widgets to the next
TOP = 40  # UI units from the panel's top to a tab's first widgets, below the tab buttons
START_FIELDS = ("funds", "food", "fuel", "materials")
VOTE_FIELDS = ("election_every_days", "first_election_day", "debate_days_before")
VOTE_LABELS = {
    "election_every_days": "Elections every (days, 0: none)",
    "first_election_day": "First election on day (0: after one interval)",
    "debate_days_before": "Debate days before each election",
}
EVENT_TITLES = {event.id: event.title for event in EVENTS}
RULE_ROW = 26  # UI units from one rule's row to the next
ENDING_UNITS = 8 + 24 + 2 * (ROW + 2)  # the end screen's two boxes below the goals
PARAGRAPH = "¶"  # stands for a line break in a one-line box


@dataclass
class EditorState:
    """What the editor's controls stand at: the tab shown, the tool and brush, and the goal target being made."""

    tab: str = "tools"
    tool: str = "ground"  # a terrain name, a building kind, CAMP or ERASE
    brush: int = 2  # index into BRUSH_SIZES: 3x3 tiles
    metric: int = 0  # index into GOAL_METRICS of the target being made
    at_most: bool = False  # the target being made is an upper bound
    camp_members: int = 20  # the tribe a new camp starts with
    camp_unrest: int = 20  # and its unrest, percent
    rules_found: str = ""  # what the rules tab lists only the rules matching ('' for all)
    rules_page: int = 0  # the page of those it shows

    @property
    def brush_tiles(self) -> int:
        """The side of the terrain brush in tiles."""
        return BRUSH_SIZES[self.brush]

    @property
    def terrain(self) -> str | None:
        """The terrain the tool paints, or None when it paints none."""
        return self.tool if self.tool in TERRAIN_BY_NAME else None

    def tool_label(self) -> str:
        """Return the tool's name for the status line."""
        if self.terrain is not None:
            return f"Paint {self.tool} ({self.brush_tiles}x{self.brush_tiles})"
        if self.tool == CAMP:
            return "Place a scavenger camp"
        if self.tool == ERASE:
            return "Erase buildings and camps"
        return f"Place {building_type(self.tool).name}"


# Every rule, the city's first and then the society's, as game/sim/rules.py and its bases declare them.
LISTED_RULES = tuple(name for owner in Rules.__mro__[:-1] for name in vars(owner).get("__annotations__", {}))


def one_line(text: str) -> str:
    """Return `text` for a one-line box: each line break shown as PARAGRAPH."""
    return text.replace("\n", f" {PARAGRAPH} ")


def from_one_line(text: str) -> str:
    """Return what a one-line box's `text` stands for: each PARAGRAPH a line break (the inverse of `one_line`)."""
    return "\n".join(part.strip() for part in text.split(PARAGRAPH)) if PARAGRAPH in text else text.strip()


@cache
def rule_notes() -> dict[str, str]:
    """Return what each rule means and counts in, by name: the comments beside them in game/sim/rules*.py."""
    return field_comments(Rules)


def matching_rules(found: str) -> tuple[str, ...]:
    """Return the rules whose name or note holds `found` (spaces match underscores; any case), in the order listed."""
    wanted = found.strip().lower().replace(" ", "_")
    notes = rule_notes()
    return tuple(name for name in LISTED_RULES if wanted in name or wanted.replace("_", " ") in notes.get(name, "").lower())


def short_name(name: str) -> str:
    """Return a building's name short enough for a tool button: its first two words when it is long ("Hazard Treatment")."""
    return " ".join(name.split()[:2]) if len(name) > MAX_BUTTON_CHARS else name


class EditorPanel:
    """The side panel's tabs, laid out in `Gui` and edited through the draft."""

    def __init__(self, gui: Gui, state: EditorState) -> None:
        self.gui = gui
        self.state = state

    # --- layout ----------------------------------------------------------------------------------
    def build(self, draft: LevelDraft, top: float) -> None:
        """Lay the panel out again, below `top` UI units, for the tab shown."""
        gui = self.gui
        width, height = gui.size
        gui.panel(PANEL, (width - PANEL_UNITS, top, PANEL_UNITS, height - top))
        inner = PANEL_UNITS - 16
        tab_width = inner / len(TABS)
        for index, tab in enumerate(TABS):
            gui.button(
                f"editor.tab.{tab}", (4 + index * tab_width, 4, tab_width - 2, 28), TAB_LABELS[tab], PANEL,
                tooltip=f"{TAB_LABELS[tab]}  [{TAB_KEYS[tab]}]", selected=tab == self.state.tab,
            )
        builder = {"tools": self._tools, "level": self._level, "goals": self._goals, "vote": self._vote, "policies": self._policies, "events": self._events, "rules": self._rules}
        builder[self.state.tab](draft, inner, height - top - 44)

    def _tools(self, draft: LevelDraft, width: float, height: float) -> None:
        """Terrain brushes and their size, a button per building kind, the camp and the eraser."""
        gui, state = self.gui, self.state
        y = TOP
        gui.label((6, y, width, 22), "Terrain", PANEL, tone="heading")
        y += 26
        half = (width - 6) / 2
        for index, terrain in enumerate(TERRAIN_TYPES):
            x = 6 + (index % 2) * (half + 4)
            gui.button(
                f"editor.tool.{terrain.name}", (x, y + (index // 2) * ROW, half - 4, ROW - 4), f"{terrain.label.split()[-1].capitalize()}  {TERRAIN_KEYS[terrain.name]}",
                PANEL, tooltip=f"{terrain.label}  [{TERRAIN_KEYS[terrain.name]}]: {terrain.description} Drag to paint.", selected=state.tool == terrain.name,
            )
        y += 2 * ROW
        size = state.brush_tiles
        gui.button("editor.brush_down", (6, y, 36, ROW - 4), "-", PANEL, tooltip="Smaller brush  [ [ ]", enabled=state.brush > 0)
        gui.label((46, y, width - 92, ROW - 4), f"Brush {size}x{size} tiles", PANEL, centred=True, name="editor.brush_label")
        gui.button("editor.brush_up", (width - 36, y, 36, ROW - 4), "+", PANEL, tooltip="Bigger brush  [ ] ]", enabled=state.brush < len(BRUSH_SIZES) - 1)
        y += ROW + 4
        gui.label((6, y, width, 22), "Buildings", PANEL, tone="heading")
        y += 26
        for index, btype in enumerate(BUILDING_TYPES):
            x = 6 + (index % 2) * (half + 4)
            tip = f"{btype.name} ({btype.width}x{btype.height}): {btype.description} Stands on {', '.join(btype.terrain)}."
            gui.button(f"editor.tool.{btype.kind}", (x, y + (index // 2) * ROW, half - 4, ROW - 4), short_name(btype.name), PANEL, tooltip=tip, selected=state.tool == btype.kind)
        y += -(-len(BUILDING_TYPES) // 2) * ROW
        gui.button("editor.tool.camp", (6, y, half - 4, ROW - 4), "Camp  C", PANEL, tooltip="A scavenger tribe's camp  [C]: on ruins or undercity only.", selected=state.tool == CAMP)
        gui.button("editor.tool.erase", (10 + half, y, half - 4, ROW - 4), "Erase  X", PANEL, tooltip="Erase  [X]: click or drag over buildings and camps to remove them.", selected=state.tool == ERASE)
        y += ROW + 2
        gui.label((6, y + 4, width * 0.46, 24), "Size / unrest %", PANEL, tone="dim")  # of the camps placed next
        for field, left, value in (("camp_members", 0.46, state.camp_members), ("camp_unrest", 0.73, state.camp_unrest)):
            gui.entry(f"editor.{field}", (6 + width * left, y, width * 0.27 - 6, 28), str(value), PANEL)

    def _level(self, draft: LevelDraft, width: float, height: float) -> None:
        """The level's name, description, seed and start stocks."""
        gui, facts = self.gui, draft.facts
        y = TOP
        gui.label((6, y, width, 24), f"Map {draft.width}x{draft.height} · Enter applies a box", PANEL, tone="dim")
        y += 28
        gui.label((6, y, width, 22), "Name", PANEL)
        gui.entry("editor.name", (6, y + 22, width - 6, 28), facts.name, PANEL)
        y += 56
        gui.label((6, y, width, 22), "Description", PANEL)
        gui.entry("editor.description", (6, y + 22, width - 6, 28), facts.description, PANEL)
        y += 60
        for field, value in (("seed", facts.seed), *((name, getattr(facts, name)) for name in START_FIELDS)):
            label = "Random seed" if field == "seed" else f"Start {field}"
            gui.label((6, y + 4, width * 0.55, 24), label, PANEL)
            gui.entry(f"editor.{field}", (6 + width * 0.55, y, width * 0.45 - 6, 28), str(value), PANEL)
            y += ROW + 4

    def _goals(self, draft: LevelDraft, width: float, height: float) -> None:
        """The deadline, the days to hold, the targets (each removable) and a row to add one."""
        gui, goals, state = self.gui, draft.facts.goals, self.state
        y = TOP
        for field, label, value in (("deadline_day", "Deadline day (0: none)", goals.deadline_day), ("hold_days", "Hold for day-ends", goals.hold_days)):
            gui.label((6, y + 4, width * 0.6, 24), label, PANEL)
            gui.entry(f"editor.{field}", (6 + width * 0.6, y, width * 0.4 - 6, 28), str(value), PANEL)
            y += ROW + 4
        gui.label((6, y, width, 22), "Targets", PANEL, tone="heading")
        y += 26
        room = max(1, int((height - y - 2 * ROW - 40 - ENDING_UNITS) // ROW))
        for index, target in enumerate(goals.targets[:room]):
            gui.label((6, y + 2, width - 44, 24), target.describe(), PANEL, name=f"editor.target.{index}")
            gui.button(f"editor.remove_target.{index}", (width - 34, y, 34, ROW - 4), "x", PANEL, tooltip="Remove this target")
            y += ROW
        if len(goals.targets) > room:
            gui.label((6, y, width, 24), f"... and {len(goals.targets) - room} more", PANEL, tone="dim")
            y += ROW
        if not goals.targets:
            gui.label((6, y, width, 24), "None yet: the level is played for as long as you like.", PANEL, tone="dim")
            y += ROW
        y += 6
        metric = GOAL_METRICS[state.metric]
        gui.button("editor.metric_back", (6, y, 28, ROW - 4), "<", PANEL, tooltip="The metric before")
        gui.button("editor.metric", (36, y, width - 72, ROW - 4), metric.replace("_", " "), PANEL, tooltip="The metric the new target tests; click for the next")
        gui.button("editor.metric_next", (width - 34, y, 28, ROW - 4), ">", PANEL, tooltip="The next metric")
        y += ROW
        gui.button("editor.bound", (6, y, 96, ROW - 4), "at most" if state.at_most else "at least", PANEL, tooltip="Whether the metric must stay at least or at most the value")
        gui.entry("editor.target_value", (106, y, width - 190, 28), "", PANEL)
        gui.button("editor.add_target", (width - 80, y, 80, ROW - 4), "Add", PANEL, tooltip="Add the target (or press Enter in the value box)")
        y += ROW + 8
        gui.label((6, y, width, 22), f"Words at the end ({PARAGRAPH}: new paragraph)", PANEL, tone="dim")
        y += 24
        for field, label in (("ending_won", "Won"), ("ending_lost", "Lost")):
            gui.label((6, y + 4, 44, 24), label, PANEL)
            gui.entry(f"editor.{field}", (50, y, width - 56, 28), one_line(getattr(draft.facts, field)), PANEL)
            y += ROW + 2

    def _vote(self, draft: LevelDraft, width: float, height: float) -> None:
        """Elections: how often, the first, the debate before them, and whether a defeat loses the level."""
        gui, politics = self.gui, draft.facts.politics
        y = TOP
        for field in VOTE_FIELDS:
            gui.label((6, y + 4, width * 0.7, 24), VOTE_LABELS[field], PANEL)
            gui.entry(f"editor.{field}", (6 + width * 0.7, y, width * 0.3 - 6, 28), str(getattr(politics, field)), PANEL)
            y += ROW + 6
        label = "A lost election loses the level" if politics.lose_on_defeat else "A lost election is survived"
        gui.button("editor.lose_on_defeat", (6, y, width - 6, ROW - 2), label, PANEL, tooltip="Click to switch", selected=politics.lose_on_defeat)
        y += ROW + 8
        gui.label((6, y, width * 0.52, 22), "Faction", PANEL, tone="heading")
        gui.label((6 + width * 0.52, y, width * 0.24, 22), "vote %", PANEL, tone="dim")
        gui.label((6 + width * 0.76, y, width * 0.24, 22), "approval", PANEL, tone="dim")
        y += 24
        given = {setup.name: setup for setup in politics.factions}
        for faction in FACTIONS:
            setup = given.get(faction.id)
            gui.label((6, y + 4, width * 0.52, 24), faction.label, PANEL)
            for field, left in (("share", 0.52), ("approval", 0.76)):
                value = getattr(setup, field) if setup is not None else None
                gui.entry(f"editor.faction.{field}.{faction.id}", (6 + width * left, y, width * 0.24 - 6, 28), "" if value is None else str(value), PANEL)
            y += ROW
        gui.label((6, y + 2, width, 22), "Empty: the usual vote share, 50 approval", PANEL, tone="dim")

    def _policies(self, draft: LevelDraft, width: float, height: float) -> None:
        """The policies the level starts with: a switch for those with named settings, a box for the numbers."""
        gui = self.gui
        y = float(TOP)
        step = min(ROW, max(22, (height - 70) / len(POLICIES)))
        for policy in POLICIES:
            value = draft.policy(policy.name)
            usual = " (usual)" if value == policy.default else ""
            tip = f"{policy.explanation} Usual: {policy.value_label(policy.default)}."
            if policy.labels:
                gui.button(f"editor.policy.{policy.name}", (6, y, width - 6, step - 2), f"{policy.label}: {policy.value_label(value)}{usual}",
                           PANEL, tooltip=f"{tip} Click for the next setting.", selected=value != policy.default)
            else:
                gui.label((6, y + 2, width * 0.7, step - 4), f"{policy.label.removeprefix('Ecolife ').capitalize()}{usual}", PANEL)
                gui.entry(f"editor.policy.{policy.name}", (6 + width * 0.7, y, width * 0.3 - 6, step - 2), str(value), PANEL)
            y += step
        gui.label((6, y + 2, width, 22), "Boxes: type a number, Enter applies it", PANEL, tone="dim")

    def _events(self, draft: LevelDraft, width: float, height: float) -> None:
        """A switch per shipped story event."""
        gui = self.gui
        y = float(TOP)
        step = min(ROW - 4, max(20, (height - 44) / len(SHIPPED_IDS)))
        for event_id in SHIPPED_IDS:
            on = draft.event_on(event_id)
            gui.button(
                f"editor.event.{event_id}", (6, y, width - 6, step - 2), f"{'On' if on else 'Off'}: {EVENT_TITLES[event_id]}", PANEL,
                tooltip=f"The story event '{event_id}': click to {'leave it out' if on else 'let it run'}", selected=on,
            )
            y += step
        if draft.facts.events.custom:
            gui.label((6, y + 4, width, 24), f"and {len(draft.facts.events.custom)} of the level's own (kept as written)", PANEL, tone="dim")

    def _rules(self, draft: LevelDraft, width: float, height: float) -> None:
        """The rules the level may override, a page at a time: a name (click: back to its default) and a box each, and a box to find them."""
        gui, state = self.gui, self.state
        y = float(TOP)
        gui.label((6, y + 4, 44, 24), "Find", PANEL)
        gui.entry("editor.rules_found", (50, y, width - 56, 28), state.rules_found, PANEL)
        y += ROW + 4
        shown = matching_rules(state.rules_found)
        per_page = max(1, int((height - y - ROW - 30) // RULE_ROW))
        pages = max(1, -(-len(shown) // per_page))
        state.rules_page = min(state.rules_page, pages - 1)
        first = state.rules_page * per_page
        changed = len(draft.facts.rules)
        gui.button("editor.rules_back", (6, y, 28, ROW - 4), "<", PANEL, tooltip="The page before  [PgUp]", enabled=state.rules_page > 0)
        where = f"{first + 1}-{min(first + per_page, len(shown))} of {len(shown)}" if shown else "none match"
        gui.label((36, y, width - 72, ROW - 4), f"{where} · {changed} changed", PANEL, centred=True, name="editor.rules_where")
        gui.button("editor.rules_next", (width - 34, y, 28, ROW - 4), ">", PANEL, tooltip="The next page  [PgDn]", enabled=state.rules_page < pages - 1)
        y += ROW
        notes = rule_notes()
        for name in shown[first : first + per_page]:
            value, usual = draft.rule(name), Rules.default(name)
            tip = f"[rules] {name}: {notes.get(name, 'a rule of the simulation')}. Default {usual:,}, at most {Rules.maximum(name):,}."
            if value != usual:
                tip += " Click to set it back to the default."
            gui.button(f"editor.rule_name.{name}", (6, y, width - 82, RULE_ROW - 3), name.replace("_", " "), PANEL, tooltip=tip, selected=value != usual)
            gui.entry(f"editor.rule.{name}", (width - 72, y, 72, RULE_ROW - 3), str(value), PANEL)
            y += RULE_ROW
        gui.label((6, y + 4, width, 22), "Enter applies a box · lit: changed", PANEL, tone="dim")

    def step_rules_page(self, step: int) -> None:
        """Show the rules' page `step` pages on (or back); the layout keeps it in range."""
        self.state.rules_page = max(0, self.state.rules_page + step)

    # --- events ----------------------------------------------------------------------------------
    def on_gui(self, event: GuiEvent, draft: LevelDraft) -> tuple[bool, str]:
        """Carry out one widget event; return whether the panel must be laid out again and a note ('' for none)."""
        if isinstance(event, Submitted):
            return self._submitted(event.name, event.text, draft)
        if not isinstance(event, Pressed):
            return False, ""
        name, state = event.name, self.state
        if name.startswith("editor.tab."):
            state.tab = name.removeprefix("editor.tab.")
            return True, ""
        if name.startswith("editor.tool."):
            state.tool = name.removeprefix("editor.tool.")
            return True, state.tool_label()
        if name in ("editor.brush_down", "editor.brush_up"):
            self.step_brush(-1 if name == "editor.brush_down" else 1)
            return True, state.tool_label()
        if name in ("editor.metric", "editor.metric_next", "editor.metric_back"):
            state.metric = (state.metric + (-1 if name == "editor.metric_back" else 1)) % len(GOAL_METRICS)
            return True, ""
        if name == "editor.bound":
            state.at_most = not state.at_most
            return True, ""
        if name == "editor.add_target":
            return self._add_target(self.gui.text_of("editor.target_value"), draft)
        if name.startswith("editor.remove_target."):
            index = int(name.rsplit(".", 1)[1])
            goals = draft.facts.goals
            draft.set_goals(replace(goals, targets=goals.targets[:index] + goals.targets[index + 1 :]))
            return True, "Target removed"
        if name == "editor.lose_on_defeat":
            politics = draft.facts.politics
            draft.set_politics(replace(politics, lose_on_defeat=not politics.lose_on_defeat))
            return True, ""
        if name.startswith("editor.policy."):
            policy = POLICY_INDEX[name.removeprefix("editor.policy.")]
            value = draft.policy(policy.name) + 1
            draft.set_policy(policy.name, value if value <= policy.maximum else policy.minimum)
            return True, f"{policy.label}: {policy.value_label(draft.policy(policy.name))}"
        if name in ("editor.rules_back", "editor.rules_next"):
            self.step_rules_page(-1 if name == "editor.rules_back" else 1)
            return True, ""
        if name.startswith("editor.rule_name."):
            rule = name.removeprefix("editor.rule_name.")
            draft.set_rule(rule, Rules.default(rule))
            return True, f"{rule}: the default, {Rules.default(rule):,}"
        if name.startswith("editor.event."):
            event_id = name.removeprefix("editor.event.")
            draft.set_event(event_id, not draft.event_on(event_id))
            return True, f"{EVENT_TITLES[event_id]}: {'on' if draft.event_on(event_id) else 'off'}"
        return False, ""

    def step_brush(self, step: int) -> None:
        """Make the brush `step` sizes bigger (or smaller)."""
        self.state.brush = max(0, min(len(BRUSH_SIZES) - 1, self.state.brush + step))

    def _submitted(self, name: str, text: str, draft: LevelDraft) -> tuple[bool, str]:
        """Apply what was typed into the entry called `name`."""
        field = name.removeprefix("editor.")
        if field in ("ending_won", "ending_lost"):
            ending = from_one_line(text)
            draft.set_ending(won=ending) if field == "ending_won" else draft.set_ending(lost=ending)
            words = "set" if ending else "the game's own"
            return True, f"The words when the level is {field.removeprefix('ending_')}: {words}"
        if field in ("name", "description"):
            draft.set_header(name=text.strip()) if field == "name" else draft.set_header(description=text.strip())
            return True, f"{field.capitalize()} set"
        if field == "target_value":
            return self._add_target(text, draft)
        if field.startswith("faction."):
            return self._faction(field, text, draft)
        if field == "rules_found":
            self.state.rules_found, self.state.rules_page = text.strip(), 0
            found = len(matching_rules(text))
            return True, f"{found} rule{'s' * (found != 1)} match '{text.strip()}'" if text.strip() else "Every rule listed"
        if field.startswith("rule."):
            rule = field.removeprefix("rule.")
            value = whole_number(text)
            why = f"{rule}: type a whole number" if value is None else draft.set_rule(rule, value)
            return True, why or f"{rule} set to {value:,}"
        if field.startswith("policy."):
            policy = POLICY_INDEX[field.removeprefix("policy.")]
            value = whole_number(text)
            why = f"{policy.label}: type a whole number" if value is None else draft.set_policy(policy.name, value)
            return True, why or f"{policy.label} starts at {value}{policy.unit}"
        value = whole_number(text)
        if value is None:
            return True, f"{field.replace('_', ' ')}: type a whole number"
        changes: dict[str, Any] = {field: value}
        if field == "seed":
            draft.set_header(seed=value)
        elif field in START_FIELDS:
            draft.set_start(**changes)
        elif field in ("deadline_day", "hold_days"):
            draft.set_goals(replace(draft.facts.goals, **changes))
        elif field in VOTE_FIELDS:
            draft.set_politics(replace(draft.facts.politics, **changes))
        elif field in ("camp_members", "camp_unrest"):
            setattr(self.state, field, value)
        else:
            return False, ""
        return True, f"{field.replace('_', ' ')} set to {value:,}"

    def _faction(self, field: str, text: str, draft: LevelDraft) -> tuple[bool, str]:
        """Set a faction's vote share or starting approval (`field` is faction.share.ID or faction.approval.ID); empty text: its usual one."""
        _, which, faction_id = field.split(".", 2)
        value = whole_number(text)
        if text.strip() and value is None:
            return True, f"{which}: type a whole number, or leave it empty for the usual one"
        politics = draft.facts.politics
        setups = {setup.name: setup for setup in politics.factions}
        setup = replace(setups.get(faction_id, FactionSetup(faction_id)), **{which: value})
        setups[faction_id] = setup
        kept = tuple(entry for entry in setups.values() if entry.share is not None or entry.approval is not None)
        draft.set_politics(replace(politics, factions=kept))
        label = next(faction.label for faction in FACTIONS if faction.id == faction_id)
        return True, f"{label}: {which} {'the usual' if value is None else value}"

    def _add_target(self, text: str, draft: LevelDraft) -> tuple[bool, str]:
        """Add the goal target made in the panel's last rows, its value typed as `text`."""
        value = whole_number(text)
        if value is None:
            return False, "Type the target's value as a whole number first"
        metric = GOAL_METRICS[self.state.metric]
        target = GoalTarget(metric, at_most=value) if self.state.at_most else GoalTarget(metric, at_least=value)
        goals = draft.facts.goals
        draft.set_goals(replace(goals, targets=(*goals.targets, target)))
        return True, f"Target added: {target.describe()}"
