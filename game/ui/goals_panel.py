"""The goals window (key J and its bar button): what wins the level, each target's figure now, and the deadline.

Everything comes from the city view's `goals()`, judged as the goals system judges them; a target
whose metric needs explaining (hazardous waste counts what is buried in landfills, and that can be
dug out) carries its note.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from game.ui.gui import Gui
from game.ui.theme import Theme
from game.ui.window_panel import WindowPanel, centred

if TYPE_CHECKING:
    from game.sim.view import CityView, GoalFigure, GoalsFigures

WINDOW = "goals"
WIDTH = 560  # UI units
ROW_H = 28  # UI units of a target's line
CHAR_UNITS = 7.2  # UI units an average character of the body font takes (as the story dialog reckons)
LINE_UNITS = 25  # UI units per line of a text box


def note_height(note: str, width: float) -> int:
    """Return the UI units a text box `width` wide needs to show `note` without scrolling (0 for none)."""
    if not note:
        return 0
    lines = int(-(-len(note) * CHAR_UNITS // (width - 40)))
    return max(1, lines) * LINE_UNITS + 14


def target_line(target: GoalFigure) -> str:
    """Return one target as the window lists it, e.g. `Not yet · population at least 25,000 (now 21,310; 3,690 more needed)`."""
    if target.met:
        return f"Met · {target.description} (now {target.value:,})"
    needed = f"{target.shortfall:,} {'more' if target.rising else 'less'} needed"
    return f"Not yet · {target.description} (now {target.value:,}; {needed})"


def deadline_line(goals: GoalsFigures, day: int) -> str:
    """Return when the level must be won by and how long the targets must hold, for day `day` (from 1)."""
    hold = "at a day's end" if goals.hold_days <= 1 else f"for {goals.hold_days} day-ends in a row (held {goals.streak} so far)"
    if not goals.deadline_day:
        return f"No deadline: every target must hold {hold}."
    left = max(0, goals.deadline_day - day)
    when = "today" if left == 0 else "tomorrow" if left == 1 else f"in {left} days"
    return f"By day {goals.deadline_day} ({when}) every target must hold {hold}."


class GoalsPanel(WindowPanel):
    """Keeps a pygame_gui window of the level's goals up to date."""

    window = WINDOW

    def __init__(self, gui: Gui, theme: Theme) -> None:
        super().__init__(gui)
        self.theme = theme


    def open(self, city: CityView) -> None:
        """Open (or rebuild) the window with today's figures."""
        gui = self.gui
        goals = city.goals()
        if gui.has(WINDOW):
            gui.remove(WINDOW)
        screen_w = gui.size[0]
        width = min(WIDTH, screen_w - 8)
        rows = [(target, note_height(target.note, width - 34)) for target in goals.targets]
        content = 40 + sum(ROW_H + noted for _, noted in rows) + 16
        gui.window(WINDOW, centred(gui, width, content + 40), "Goals")
        inner_w, _ = gui.inner_size(WINDOW)
        gui.label((14, 8, inner_w - 28, 26), deadline_line(goals, city.day + 1), WINDOW, tone="accent", name="goals.deadline")
        if not rows:
            gui.label((14, 40, inner_w - 28, 24), "This level sets no goals: play as long as you like.", WINDOW, tone="dim")
        dim = "".join(f"{c:02x}" for c in self.theme.text_dim)
        y = 40
        for index, (target, noted) in enumerate(rows):
            gui.label((14, y, inner_w - 28, 24), target_line(target), WINDOW, tone="good" if target.met else "warn", name=f"goals.target.{index}")
            y += ROW_H
            if noted:
                gui.text_box((20, y - 4, inner_w - 34, noted), f"<font color='#{dim}'>{html.escape(target.note)}</font>", WINDOW,
                             name=f"goals.note.{index}")
                y += noted
        self._shown_key = self._key(city)


    @staticmethod
    def _key(city: CityView) -> tuple[object, ...]:
        """Return what the window shows: the day and every target's figure."""
        goals = city.goals()
        return city.day, goals.streak, tuple(target.value for target in goals.targets)
