"""The briefing: the window a level opens with, saying what the city is, what wins it and by when.

It shows the level's own description (its author's words), every goal target, the deadline and
the next election, and stops the clock until the player starts. The goals stay one key away (J)
after it is closed.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from game.ui.goals_panel import note_height
from game.ui.gui import Gui
from game.ui.theme import Theme
from game.ui.window_panel import WindowPanel, centred

if TYPE_CHECKING:
    from game.sim.view import CityView

WINDOW = "briefing"
WIDTH = 620  # UI units
ROW_H = 26


def briefing_lines(city: CityView) -> list[tuple[str, str]]:
    """Return the goals part of the briefing as (text, tone): each target, the deadline, the vote."""
    goals = city.goals()
    lines: list[tuple[str, str]] = []
    if goals.targets:
        lines.append(("To win, at a day's end" + (f", {goals.hold_days} in a row:" if goals.hold_days > 1 else ":"), "heading"))
        lines += [(f"·  {target.description}", "normal") for target in goals.targets]
    else:
        lines.append(("This level sets no goals: build the city you want.", "heading"))
    if goals.deadline_day:
        lines.append((f"By day {goals.deadline_day}.", "accent"))
    election = city.next_election_day()
    if election is not None:
        lines.append((f"The city votes on day {election}: lose the vote and you lose the city.", "warn"))
    lines.append(("J shows the goals at any time, F1 the controls.", "dim"))
    return lines


class Briefing(WindowPanel):
    """The level's opening window."""

    window = WINDOW

    def __init__(self, gui: Gui, theme: Theme) -> None:
        super().__init__(gui)
        self.theme = theme

    def open(self, city: CityView) -> None:
        """Open the briefing for the city's level."""
        gui = self.gui
        screen_w, screen_h = gui.size
        width = min(WIDTH, screen_w - 8)
        text = city.level_description
        text_h = note_height(text, width)
        lines = briefing_lines(city)
        content = 12 + text_h + 10 + len(lines) * ROW_H + 50
        height = min(content + 44, screen_h - 8)
        gui.scrolling_window(WINDOW, centred(gui, width, height), city.level_name, content)
        inner_w = gui.inner_size(WINDOW)[0] - 24
        y = 12
        if text:
            colour = "".join(f"{c:02x}" for c in self.theme.text)
            gui.text_box((8, y, inner_w - 16, text_h), f"<font color='#{colour}'>{html.escape(text)}</font>", WINDOW, name="briefing.text")
            y += text_h + 10
        for index, (line, tone) in enumerate(lines):
            gui.label((14, y, inner_w - 28, ROW_H), line, WINDOW, tone=None if tone == "normal" else tone, name=f"briefing.line.{index}")
            y += ROW_H
        gui.button("briefing.start", (inner_w - 160, y + 10, 146, 34), "Start", WINDOW, tooltip="Close the briefing and start the clock")
        self._shown_key = self._key(city)

    def _key(self, city: CityView) -> tuple[object, ...]:
        """Return what the window shows: the level (it does not follow the city)."""
        return (city.level_name,)
