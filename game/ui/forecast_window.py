"""The what-if window: a change's forecast next to the city left as it is, as figures and small charts.

The player asks with F over a build (any tool, where its preview is green) or, with "Try first" on
in the policies window, by moving a policy's slider. The app plays the forecast in its worker
(game.forecast) while the game goes on; this window says it is working, then shows each figure as
it would be at the last day with and without the change, the difference, and four charts of the
days between. "Do it" makes the change now; the window says plainly that it is a forecast.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from game.forecast import CAVEAT, FIGURES, Forecast
from game.sim.buildings import building_type
from game.sim.commands import Command, Demolish, Place, PlaceLine, SetPolicy
from game.sim.policies import POLICY_INDEX
from game.ui.charts import Chart, draw_charts
from game.ui.controller import AskForecast, Execute
from game.ui.gui import SCROLLBAR_UNITS, Closed, Gui, GuiEvent, Pressed
from game.ui.theme import Theme, hex_colour
from game.ui.window_panel import centred

if TYPE_CHECKING:
    from game.render.text import Text
    from game.sim.view import CityView

WINDOW = "forecast"
APPLY = "forecast.apply"
CLOSE = "forecast.close"
SIZE = (640, 640)  # UI units, at most
HEAD_UNITS = 48  # the line and buttons above the table
ROW_UNITS = 22
CAVEAT_UNITS = 64
CHART_UNITS = 220
# The charts under the table: each plots one figure as is and with the change.
FORECAST_CHARTS: tuple[tuple[str, str, str], ...] = (
    ("funds", "Funds", " cr"),
    ("pollution_mean", "Pollution", ""),
    ("served_percent", "Power served", "%"),
    ("voter_approval", "Voters' approval", "%"),
)
LOWER_IS_BETTER = frozenset({"pollution_mean"})


def describe(command: Command, city: CityView) -> str:
    """Return a command as the window's title names it: "build a Compost works at (12, 30)"."""
    if isinstance(command, Place):
        return f"build a {building_type(command.kind).name} at ({command.x}, {command.y})"
    if isinstance(command, PlaceLine):
        return f"lay a power line from ({command.x0}, {command.y0}) to ({command.x1}, {command.y1})"
    if isinstance(command, Demolish):
        record = city.building(city.building_at(command.x, command.y))
        return f"demolish the {record.btype.name} at ({command.x}, {command.y})" if record else f"demolish at ({command.x}, {command.y})"
    if isinstance(command, SetPolicy):
        policy = POLICY_INDEX[command.name]
        return f"set {policy.label} to {policy.value_label(command.value)}"
    return type(command).__name__


def difference_text(name: str, difference: int) -> tuple[str, str]:
    """Return a difference as the table shows it and its tone: better, worse or none."""
    if difference == 0:
        return "no change", "dim"
    better = (difference < 0) if name in LOWER_IS_BETTER else (difference > 0)
    return f"{difference:+,}", "good" if better else "bad"


def ending_note(forecast: Forecast) -> str:
    """Return how the level ends within the forecast, with the change and without ("" when it goes on either way)."""
    parts = [
        f"{label} the level is {days[-1].outcome} on day {days[-1].day}"
        for label, days in (("as it is,", forecast.as_is), ("with the change,", forecast.what_if))
        if days and days[-1].outcome != "running"
    ]
    note = "; ".join(parts)
    return f"{note[:1].upper()}{note[1:]}." if note else ""


def forecast_history(forecast: Forecast) -> dict[str, list[int]]:
    """Return the forecast as the charts read a history: each chart's figure as is and with the change, by day."""
    days = forecast.compared
    history: dict[str, list[int]] = {"day": [day.day for day in forecast.as_is[:days]]}
    for key, _title, _unit in FORECAST_CHARTS:
        history[f"{key}.as_is"] = [day.value(key) for day in forecast.as_is[:days]]
        history[f"{key}.what_if"] = [day.value(key) for day in forecast.what_if[:days]]
    return history


CHARTS: tuple[Chart, ...] = tuple(
    Chart(title, ((f"{key}.as_is", "as is"), (f"{key}.what_if", "what if")), unit, from_zero=False) for key, title, unit in FORECAST_CHARTS
)


class ForecastWindow:
    """Keeps the what-if window in step with the forecast asked for; turns "Do it" into the change's commands."""

    def __init__(self, gui: Gui, theme: Theme, text: Text) -> None:
        self.gui = gui
        self.theme = theme
        self.text = text
        self.asked: AskForecast | None = None  # the question under way or shown
        self.forecast: Forecast | None = None

    @property
    def is_open(self) -> bool:
        """True while the window is showing."""
        return self.gui.has(WINDOW)

    def waiting(self, question: AskForecast) -> None:
        """Open the window saying the forecast of `question` is being played."""
        self.asked, self.forecast = question, None
        width = self._frame(f"What if you {question.change}?", 160)
        self.gui.label((16, 12, width - 32, 28), "Playing the next days twice, with and without it…", WINDOW, tone="dim", name="forecast.status")
        self._caveat(48, width)

    def show(self, forecast: Forecast, city: CityView) -> None:
        """Show a finished forecast (one asked for before the last question is dropped)."""
        if self.asked is None or forecast.change != self.asked.change:
            return
        self.forecast = forecast
        gui = self.gui
        if forecast.rejected:
            width = self._frame(f"What if you {forecast.change}?", 120)
            gui.label((16, 12, width - 32, 28), f"It cannot be done now: {forecast.rejected}.", WINDOW, tone="bad", name="forecast.status")
            gui.button(CLOSE, (width - 136, 56, 120, 36), "Close", WINDOW)
            return
        rows = len(forecast.names())
        content = HEAD_UNITS + (rows + 1) * ROW_UNITS + 8 + CAVEAT_UNITS + CHART_UNITS + 8
        width = self._frame(f"What if you {forecast.change}?", content)
        last = forecast.last()
        day = last[0].day if last else city.day
        gui.label((16, 12, width - 380, 26), f"{forecast.compared} days on, at the end of day {day}:", WINDOW, name="forecast.status")
        gui.button(APPLY, (width - 356, 8, 200, 34), "Do it now", WINDOW, tooltip=f"{forecast.change[:1].upper()}{forecast.change[1:]} now")
        gui.button(CLOSE, (width - 146, 8, 130, 34), "Close", WINDOW, tooltip="Leave the city as it is")
        y = self._table(forecast, width, HEAD_UNITS)
        y = self._caveat(y, width, ending_note(forecast))
        picture = draw_charts((gui.px(width - 16), gui.px(CHART_UNITS)), forecast_history(forecast), self.text, self.theme, gui.scale, CHARTS)
        gui.image("forecast.charts", (8, y, width - 16, CHART_UNITS), picture, WINDOW)

    def _frame(self, title: str, content_height: float) -> float:
        """Open the window afresh with `title` around `content_height` units of widgets (scrolled if the screen is shorter); return its width for them."""
        gui = self.gui
        frame = 40  # the title bar and the borders
        rect = centred(gui, SIZE[0], content_height + frame)
        if gui.has(WINDOW):
            where = gui.pixel_rect(WINDOW)
            rect = (where.x / gui.scale, min(where.y / gui.scale, gui.size[1] - rect[3] - 4), rect[2], rect[3])
            gui.remove(WINDOW)
        gui.scrolling_window(WINDOW, rect, title, content_height)
        width = gui.inner_size(WINDOW)[0]
        return width - SCROLLBAR_UNITS if content_height > gui.inner_size(WINDOW)[1] else width

    def _table(self, forecast: Forecast, width: float, top: float) -> float:
        """Lay out figure | as is | what if | change rows from `top`; return the y under them."""
        gui = self.gui
        columns = (16, width * 0.44, width * 0.62, width * 0.80)
        for x, heading in zip(columns, ("", "as is", "what if", "change"), strict=True):
            gui.label((x, top, width * 0.18, ROW_UNITS), heading, WINDOW, tone="dim")
        last = forecast.last()
        assert last is not None  # a forecast with days to show
        as_is, what_if = last
        rows = [(key, label) for key, label in FIGURES] + [(name, f"{name}: approval %") for name in forecast.names()[len(FIGURES):]]
        for i, (key, label) in enumerate(rows):
            y = top + (i + 1) * ROW_UNITS
            change, tone = difference_text(key, forecast.difference(key))
            cells = (label, f"{as_is.value(key):,}", f"{what_if.value(key):,}", change)
            for x, cell, cell_tone in zip(columns, cells, (None, None, None, tone), strict=True):
                gui.label((x, y, width * 0.44 - 20 if x == 16 else width * 0.18, ROW_UNITS), cell, WINDOW, tone=cell_tone, name=f"forecast.{key}.{x:.0f}")
        return top + (len(rows) + 1) * ROW_UNITS + 8

    def _caveat(self, top: float, width: float, ending: str = "") -> float:
        """Put how the level ends, if it does, and the forecast's caveat at `top` across `width`; return the y under it."""
        dim, warn = hex_colour(self.theme.text_dim), hex_colour(self.theme.warn)
        told = f"<font color='{warn}'>{html.escape(ending)}</font> " if ending else ""
        self.gui.text_box((8, top, width - 16, CAVEAT_UNITS), f"{told}<font color='{dim}'>{html.escape(CAVEAT)}</font>", WINDOW, name="forecast.caveat")
        return top + CAVEAT_UNITS + 4

    def close(self) -> None:
        """Close the window and forget the question."""
        self.gui.remove(WINDOW)
        self.asked, self.forecast = None, None

    def on_gui(self, event: GuiEvent) -> Sequence[Execute] | None:
        """Turn "Do it" into the change's commands and close; None for an event that is not this window's."""
        if isinstance(event, Closed) and event.name == WINDOW:
            self.asked, self.forecast = None, None
            return []
        if not isinstance(event, Pressed) or event.name not in (APPLY, CLOSE):
            return None
        commands = self.asked.commands if self.asked is not None and event.name == APPLY else ()
        self.close()
        return [Execute(command) for command in commands]

