"""The event log (key R): every line the window told the player, stamped with the game day and hour, newest first.

The message feed and the alerts fade; the log keeps the last MAX_ENTRIES lines of the session, so a
player who looked away can read what happened. An entry that happened somewhere (a building placed,
a plant stalled) has a Show button that centres the map on it.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.ui.gui import Gui
from game.ui.window_panel import WindowPanel, centred

if TYPE_CHECKING:
    from game.sim.view import CityView

WINDOW = "log"
MAX_ENTRIES = 500  # lines the log keeps
SHOWN = 120  # lines the window lists, newest first
WIDTH = 680  # UI units
ROW_H = 24
SHOW_W = 64  # UI units of an entry's Show button
SHOW_PREFIX = "log.show."


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One line the player was told, when (game day from 1, hour) and where, if anywhere."""

    day: int
    hour: int
    text: str
    tone: str
    tile: tuple[int, int] | None = None
    key: str | None = None  # a running tally's name: a newer line of it the same day replaces this one

    def stamp(self) -> str:
        """Return when it happened, e.g. `Day 3 14:00`."""
        return f"Day {self.day} {self.hour:02d}:00"


class EventLog(WindowPanel):
    """Keeps the lines and a pygame_gui window listing them."""

    window = WINDOW

    def __init__(self, gui: Gui) -> None:
        super().__init__(gui)
        self.entries: deque[LogEntry] = deque(maxlen=MAX_ENTRIES)
        self.now = (1, 0)  # the game day (from 1) and hour new lines are stamped with
        self._added = 0  # lines ever added, so the open window knows when to rebuild

    def add(self, text: str, tone: str, tile: tuple[int, int] | None = None, key: str | None = None) -> None:
        """Record a line told to the player now; a repeat of the latest line is not recorded twice, a tally's news replaces its last."""
        latest = self.entries[-1] if self.entries else None
        if latest is not None and latest.text == text and (latest.day, latest.hour) == self.now:
            return
        if latest is not None and key is not None and latest.key == key and latest.day == self.now[0]:
            self.entries.pop()
        self.entries.append(LogEntry(*self.now, text, tone, tile, key))
        self._added += 1

    def open(self, city: CityView) -> None:
        """Open (or rebuild) the window with the newest lines first."""
        gui = self.gui
        shown = list(reversed(self.entries))[:SHOWN]
        content = 12 + max(1, len(shown)) * ROW_H + 12
        screen_w, screen_h = gui.size
        width = min(WIDTH, screen_w - 8)
        height = min(content + 44, screen_h - 8)
        gui.scrolling_window(WINDOW, centred(gui, width, height), "Event log", content)
        inner_w = gui.inner_size(WINDOW)[0] - 24
        if not shown:
            gui.label((14, 12, inner_w - 28, ROW_H), "Nothing has happened yet.", WINDOW, tone="dim")
        for index, entry in enumerate(shown):
            y = 12 + index * ROW_H
            gui.label((10, y, 100, ROW_H), entry.stamp(), WINDOW, tone="dim")
            text_w = inner_w - 120 - (SHOW_W + 6 if entry.tile else 0)
            gui.label((112, y, text_w, ROW_H), entry.text, WINDOW, tone=entry.tone if entry.tone != "normal" else None, name=f"log.entry.{index}")
            if entry.tile is not None:
                gui.button(f"{SHOW_PREFIX}{index}", (inner_w - SHOW_W, y + 1, SHOW_W, ROW_H - 2), "Show", WINDOW, tooltip=f"Centre the map on {entry.tile}")
        self._shown_key = self._key(city)

    def tile_of(self, name: str) -> tuple[int, int] | None:
        """Return the tile of the entry whose Show button is called `name`, or None."""
        index = int(name[len(SHOW_PREFIX):])
        shown = list(reversed(self.entries))[:SHOWN]
        return shown[index].tile if 0 <= index < len(shown) else None

    def _key(self, city: CityView) -> tuple[object, ...]:
        """Return what the window shows: how many lines were ever added."""
        return (self._added,)
