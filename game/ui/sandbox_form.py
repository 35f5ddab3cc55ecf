"""The main menu's free-play form: a generated map's size, seed, terrain, camps, funds, elections and goal.

`SandboxForm` keeps what the player chose. `build` lays the form out in the menu's pane; `on_gui`
takes its widgets' events: a slider moved updates its label in place (a rebuild would take the
slider from under the mouse) and, once the sliders have rested a moment, the map preview (`update`,
each frame: a 512x512 map takes some 50 ms to make); a button returns what the menu does next: lay
out again, or ask the app to play the map or save it as a level file.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pygame

from game.level.generate import ELECTION_EVERY_DAYS, MAX_CAMPS, MAX_SHARE, MAX_SIDE, MIN_SIDE, SandboxOptions, generate, parse_target
from game.level.schema import MAX_SEED
from game.sim.buildings import building_type
from game.ui.gui import Gui, GuiEvent, Moved, Pressed, Submitted, whole_number
from game.ui.requests import SaveGenerated, StartGenerated

ROW = 34  # UI units per form row
HEADING = 30
CONTROL_H = 28
COLUMN_GAP = 24
LABEL_W = 112  # UI units for the text beside a slider
SEED_LABEL_W = 44
RANDOM_W = 104  # the "Random seed" button
SIZE_STEP = 16  # tiles: the size slider's steps
MAX_FUNDS = 500_000  # the slider's top; the command line takes more
FUNDS_STEP = 5_000
MAX_DEADLINE = 360  # days; 0 is no deadline
DEADLINE_STEP = 10
MARK = (240, 240, 230)  # the preview's colour for buildings and camps
PREVIEW_DELAY_SECONDS = 0.15  # the preview is made again this long after the last slider step
RANDOM_SEEDS = 1_000_000  # "Random seed" picks one below this: short enough to note down and type again


@dataclass(frozen=True, slots=True)
class GoalChoice:
    """A goal the form offers: a metric held at least (or at most) a value the player picks on a slider."""

    metric: str
    label: str
    relation: str = ">="
    start: int = 0
    most: int = 0
    step: int = 1


GOAL_CHOICES: tuple[GoalChoice, ...] = (
    GoalChoice("", "none, play on"),
    GoalChoice("population", "population", start=3_000, most=50_000, step=500),
    GoalChoice("voter_approval", "voter approval", start=60, most=100, step=5),
    GoalChoice("recycled_total", "waste recycled", start=5_000, most=200_000, step=1_000),
    GoalChoice("funds", "funds", start=100_000, most=2_000_000, step=10_000),
    GoalChoice("hazardous_untreated", "hazardous waste", "<=", start=50, most=1_000, step=10),
)
SLIDERS: dict[str, tuple[str, int, int, int]] = {  # slider name: (option, low, high, step)
    "sandbox.size": ("size", MIN_SIDE, MAX_SIDE, SIZE_STEP),
    "sandbox.water": ("water", 0, MAX_SHARE["water"], 5),
    "sandbox.ruins": ("ruins", 0, MAX_SHARE["ruins"], 5),
    "sandbox.undercity": ("undercity", 0, MAX_SHARE["undercity"], 5),
    "sandbox.camps": ("camps", 0, MAX_CAMPS, 1),
    "sandbox.funds": ("funds", 0, MAX_FUNDS, FUNDS_STEP),
}
GOAL_SLIDERS = ("sandbox.goal_value", "sandbox.deadline")


class SandboxForm:
    """What the player chose for a free-play map, and the form's last message."""

    def __init__(self, colours: np.ndarray, random_seed: Callable[[], int] | None = None) -> None:
        """Start from the default options; `colours` are the preview's RGB rows by terrain code."""
        self.options = SandboxOptions(width=96, height=96)
        self.goal = 0  # index into GOAL_CHOICES
        self.goal_value = 0
        self.message = ""
        self.message_tone = "dim"
        self._colours = colours
        self._random_seed = random_seed or (lambda: secrets.randbelow(RANDOM_SEEDS))
        self._preview: tuple[SandboxOptions, pygame.Surface] | None = None
        self._preview_side = 0.0  # UI units; 0 when the pane has no room for the preview
        self._unsettled: float | None = None  # seconds since the last slider step the preview does not show yet

    # --- the options ---------------------------------------------------------------------------
    def chosen(self) -> SandboxOptions:
        """Return the options with the chosen goal: a target and a deadline, or none."""
        choice = GOAL_CHOICES[self.goal]
        if not choice.metric:
            return replace(self.options, targets=(), deadline_day=0)
        target = parse_target(f"{choice.metric}{choice.relation}{self.goal_value}")
        return replace(self.options, targets=(target,))

    def problem(self) -> str | None:
        """Return the first thing wrong with the chosen options, as the form shows it, or None."""
        wrong = self.chosen().problems()
        if not wrong:
            return None
        option, message = wrong[0]
        names = {"shares": "Water, ruins and undercity", "width": "Map size", "height": "Map size"}
        return f"{names.get(option, option.capitalize())} {message}."

    # --- layout --------------------------------------------------------------------------------
    def build(self, gui: Gui, parent: str, size: tuple[float, float]) -> None:
        """Lay the form out from the top left of `parent`, `size` UI units of room."""
        width, height = size
        column = min(420.0, (width - 12 - COLUMN_GAP) / 2)
        gui.label((12, 4, column * 2, HEADING), "Free play on a generated map", parent, tone="heading")
        top = 4 + HEADING + 4
        self._build_land(gui, parent, (12, top), column)
        right = 12 + column + COLUMN_GAP
        below = self._build_rules(gui, parent, (right, top), column)
        beside = right + column + COLUMN_GAP  # a third column, on a wide pane
        origin: tuple[float, float] = (beside, top) if width - beside >= column else (right, below)
        if width - beside >= column:
            self._preview_side = min(width - beside - 12, height - top - 12)
        else:
            self._preview_side = min(column, height - below - 8)
        if self._preview_side >= 80:
            gui.image("sandbox.preview", (*origin, self._preview_side, self._preview_side), self._preview_surface(gui), parent)

    def _build_land(self, gui: Gui, parent: str, origin: tuple[float, float], column: float) -> None:
        """The left column: map size, seed, the three terrain shares, camps and funds."""
        x, y = origin
        label_w = max(LABEL_W, column * 0.4)
        for row, (name, (option, low, high, step)) in enumerate(SLIDERS.items()):
            top = y + (row + (1 if row else 0)) * ROW  # the seed's row follows the size's
            gui.label((x, top, label_w, CONTROL_H), self._slider_label(name), parent, name=f"{name}_label")
            gui.slider(name, (x + label_w, top, column - label_w, CONTROL_H), self._slider_value(option), low, high, parent, step=step)
        entry_w = column - SEED_LABEL_W - 8 - RANDOM_W
        gui.label((x, y + ROW, SEED_LABEL_W, CONTROL_H), "Seed", parent)
        gui.entry("sandbox.seed", (x + SEED_LABEL_W, y + ROW, entry_w, CONTROL_H), str(self.options.seed), parent)
        gui.button(
            "sandbox.random_seed", (x + column - RANDOM_W, y + ROW, RANDOM_W, CONTROL_H), "Random seed", parent,
            tooltip="Pick a new seed at random (R). The same seed and options always make the same map.",
        )

    def _build_rules(self, gui: Gui, parent: str, origin: tuple[float, float], column: float) -> float:
        """The right column: elections, the goal, Play and Save, and the form's message; return the y below it."""
        x, y = origin
        votes = f"Elections: every {ELECTION_EVERY_DAYS} days" if self.options.elections else "Elections: off"
        gui.button(
            "sandbox.elections", (x, y, column, CONTROL_H), votes, parent,
            tooltip=f"On: the factions vote every {ELECTION_EVERY_DAYS} days, and losing a vote ends the game. Off: no elections.",
        )
        choice = GOAL_CHOICES[self.goal]
        gui.button(
            "sandbox.goal", (x, y + ROW, column, CONTROL_H), f"Goal: {choice.label}", parent,
            tooltip="Click to step through the goals you can set: none, or one target to reach and hold.",
        )
        rows = 2
        if choice.metric:
            half = max(LABEL_W, column * 0.4)
            gui.label((x, y + 2 * ROW, half, CONTROL_H), self._slider_label("sandbox.goal_value"), parent, name="sandbox.goal_value_label")
            gui.slider("sandbox.goal_value", (x + half, y + 2 * ROW, column - half, CONTROL_H), self.goal_value, choice.step, choice.most, parent, step=choice.step)
            gui.label((x, y + 3 * ROW, half, CONTROL_H), self._slider_label("sandbox.deadline"), parent, name="sandbox.deadline_label")
            gui.slider("sandbox.deadline", (x + half, y + 3 * ROW, column - half, CONTROL_H), self.options.deadline_day, 0, MAX_DEADLINE, parent, step=DEADLINE_STEP)
            rows = 4
        play_w = (column - 8) * 0.4
        gui.button("sandbox.play", (x, y + rows * ROW, play_w, CONTROL_H + 4), "Play", parent, tooltip="Generate this map and start playing it (Enter)")
        gui.button(
            "sandbox.save", (x + play_w + 8, y + rows * ROW, column - play_w - 8, CONTROL_H + 4), "Save as level file", parent,
            tooltip="Write this map into your levels folder, to play again from New game or edit by hand",
        )
        text, tone = self._message()
        gui.label((x, y + (rows + 1) * ROW + 6, column, 24), text, parent, tone=tone, name="sandbox.message")
        return y + (rows + 2) * ROW + 6

    def _message(self) -> tuple[str, str]:
        """Return the message line and its tone: what is wrong with the options, else the last message."""
        problem = self.problem()
        if problem is not None:
            return problem, "bad"
        return self.message or f"{self.options.width} × {self.options.height} tiles, seed {self.options.seed}", self.message_tone

    def _slider_value(self, option: str) -> int:
        """Return the value the slider for `option` stands at."""
        return self.options.width if option == "size" else int(getattr(self.options, option))

    def _slider_label(self, name: str) -> str:
        """Return the text beside the slider called `name`."""
        options = self.options
        if name == "sandbox.size":
            return f"Map {options.width} × {options.height}"
        if name in ("sandbox.water", "sandbox.ruins", "sandbox.undercity"):
            option = name.removeprefix("sandbox.")
            return f"{option.capitalize()} {getattr(options, option)}%"
        if name == "sandbox.camps":
            return f"Camps {options.camps}"
        if name == "sandbox.funds":
            return f"Funds {options.funds:,}"
        if name == "sandbox.goal_value":
            return f"{'At most' if GOAL_CHOICES[self.goal].relation == '<=' else 'At least'} {self.goal_value:,}"
        return f"By day {options.deadline_day}" if options.deadline_day else "No deadline"

    def _preview_surface(self, gui: Gui) -> pygame.Surface:
        """Return the preview of the chosen map, a pixel a tile scaled to fit, with the district and camps marked.

        It is made again only when an option that shapes the map changed (not funds, elections or goals).
        """
        land = replace(self.options, funds=0, elections=False, targets=(), deadline_day=0)
        side = gui.px(self._preview_side)
        if self._preview is None or self._preview[0] != land or self._preview[1].get_width() != side:
            self._preview = (land, pygame.transform.scale(self._map_picture(land), (side, side)))
        return self._preview[1]

    def _map_picture(self, land: SandboxOptions) -> pygame.Surface:
        """Return the map `land` makes, a pixel a tile: terrain colours, the district's buildings and the camps in white."""
        if land.problems():
            return pygame.Surface((1, 1))
        scenario = generate(land)
        colours = self._colours[scenario.terrain]
        for building in scenario.buildings:
            btype = building_type(building.kind)
            colours[building.y : building.y + btype.height, building.x : building.x + btype.width] = MARK
        for camp in scenario.camps:
            colours[camp.y, camp.x] = MARK
        return pygame.surfarray.make_surface(np.ascontiguousarray(colours.transpose(1, 0, 2)))

    # --- events --------------------------------------------------------------------------------
    def on_gui(self, event: GuiEvent, gui: Gui) -> StartGenerated | SaveGenerated | bool:
        """Take one widget event: return a request, True when the form must be laid out again, False otherwise."""
        if isinstance(event, Moved) and (event.name in SLIDERS or event.name in GOAL_SLIDERS):
            tone = self._message()[1]
            self._move(event.name, event.value)
            if self._message()[1] != tone:  # the message line changes colour: only a new label can
                return True
            self._refresh(gui, event.name)
            return False
        if isinstance(event, Submitted) and event.name == "sandbox.seed":
            self._read_seed(event.text)
            return True
        if not isinstance(event, Pressed) or not event.name.startswith("sandbox."):
            return False
        if event.name in ("sandbox.play", "sandbox.save"):
            return self.request(event.name == "sandbox.play", gui.text_of("sandbox.seed"))
        if event.name == "sandbox.random_seed":
            self.new_seed()
        elif event.name == "sandbox.elections":
            self.options = replace(self.options, elections=not self.options.elections)
        elif event.name == "sandbox.goal":
            self.goal = (self.goal + 1) % len(GOAL_CHOICES)
            choice = GOAL_CHOICES[self.goal]
            self.goal_value = choice.start
            self.options = replace(self.options, deadline_day=90 if choice.metric else 0)
        self.message = ""
        return True

    def new_seed(self) -> None:
        """Pick a new seed at random."""
        self.options = replace(self.options, seed=self._random_seed())
        self.message = ""

    def request(self, play: bool, typed_seed: str) -> StartGenerated | SaveGenerated | bool:
        """Return the request to play or save the chosen map (with the seed as typed), or True to lay out the form and show why not."""
        if not self._read_seed(typed_seed) or self.problem() is not None:
            return True
        options = self.chosen()
        return StartGenerated(options) if play else SaveGenerated(options)

    def saved(self, path: str) -> None:
        """Say where the map was saved as a level file."""
        self.message, self.message_tone = f"Saved as {path}", "good"

    def _read_seed(self, text: str) -> bool:
        """Take the typed seed and return True, or leave a message saying what a seed is and return False."""
        text = text.strip()
        seed = whole_number(text)
        if seed is not None and 0 <= seed <= MAX_SEED:
            self.options = replace(self.options, seed=seed)
            self.message, self.message_tone = "", "dim"
            return True
        self.message, self.message_tone = f"Seed: type a whole number from 0 to {MAX_SEED:,}", "bad"
        return False

    def _move(self, name: str, value: int) -> None:
        """Set the option the slider called `name` holds to `value`."""
        if name == "sandbox.goal_value":
            self.goal_value = value
        elif name == "sandbox.deadline":
            self.options = replace(self.options, deadline_day=value)
        else:
            option = SLIDERS[name][0]
            changes: dict[str, Any] = {"width": value, "height": value} if option == "size" else {option: value}
            self.options = replace(self.options, **changes)
        self.message, self.message_tone = "", "dim"

    def _refresh(self, gui: Gui, name: str) -> None:
        """Show a slider's new value and the message line without laying the form out again; the preview follows (`update`)."""
        gui.set_text(f"{name}_label", self._slider_label(name))
        gui.set_text("sandbox.message", self._message()[0])
        self._unsettled = 0.0

    def update(self, gui: Gui, seconds: float) -> None:
        """Each frame (`seconds` since the last): show the chosen map in the preview once the sliders have rested PREVIEW_DELAY_SECONDS."""
        if self._unsettled is None:
            return
        self._unsettled += seconds
        if self._unsettled >= PREVIEW_DELAY_SECONDS:
            self._unsettled = None
            if gui.has("sandbox.preview"):
                gui.set_image("sandbox.preview", self._preview_surface(gui))
