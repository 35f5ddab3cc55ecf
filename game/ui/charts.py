"""History charts: small line charts of the daily series the simulation's statistics keep."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

import pygame

from game.render.text import Text
from game.ui.theme import Colour, Theme

LABEL_PX = 16  # font size of chart titles and axis figures, before UI scale
MIN_POINTS = 2  # a line needs two days


@dataclass(frozen=True, slots=True)
class Chart:
    """One chart: a title, the series it plots (with a legend name) and how values read."""

    title: str
    series: tuple[tuple[str, str], ...]  # (history series name, legend label)
    unit: str = ""
    from_zero: bool = True  # the axis starts at 0 (False: at the lowest figure, for comparing close lines)


CHARTS: tuple[Chart, ...] = (
    Chart("Funds", (("funds", "funds"),), " cr"),
    Chart("Pollution", (("pollution_mean", "mean"), ("pollution_max", "worst tile"))),
    Chart("Power", (("power_supply_kw", "supply"), ("power_demand_kw", "demand")), " kW"),
    Chart("Residents' contentment", (("resident_contentment", "contentment"),), "%"),
    Chart("Population", (("population", "residents"),)),
)


def series_colours(theme: Theme) -> tuple[Colour, ...]:
    """Return the line colours, first series first."""
    return theme.accent, theme.warn, theme.good


def short_number(value: int) -> str:
    """Return a figure in a few characters: 950, 12.5k, 3.1M."""
    magnitude = abs(value)
    if magnitude >= 1_000_000:
        return f"{value / 1_000_000:.1f}M"
    if magnitude >= 10_000:
        return f"{value / 1000:.0f}k"
    if magnitude >= 1_000:
        return f"{value / 1000:.1f}k"
    return str(value)


def draw_charts(
    size: tuple[int, int], history: Mapping[str, Sequence[int]], text: Text, theme: Theme, scale: float = 1.0, charts: Sequence[Chart] = CHARTS,
) -> pygame.Surface:
    """Return a picture of `charts` (by default the history's) stacked in a grid filling `size` pixels."""
    surface = pygame.Surface(size)
    surface.fill(theme.panel)
    columns = 2 if size[0] >= 560 * scale else 1
    rows = -(-len(charts) // columns)
    cell_w, cell_h = size[0] // columns, size[1] // rows
    for i, chart in enumerate(charts):
        cell = pygame.Rect((i % columns) * cell_w, (i // columns) * cell_h, cell_w, cell_h).inflate(-round(12 * scale), -round(10 * scale))
        _draw_chart(surface, cell, chart, history, text, theme, scale)
    return surface


def _draw_chart(surface: pygame.Surface, cell: pygame.Rect, chart: Chart, history: Mapping[str, Sequence[int]], text: Text, theme: Theme, scale: float) -> None:
    """Draw one chart with its title, latest figures, axis range and lines inside `cell`."""
    font = round(LABEL_PX * scale)
    colours = series_colours(theme)
    title_rect = text.draw(surface, chart.title, font, theme.text, cell.topleft)
    x = title_rect.right + round(10 * scale)
    for (name, label), colour in zip(chart.series, colours):
        values = history.get(name, [])
        figure = f"{label} {short_number(values[-1])}{chart.unit}" if values else f"{label} —"
        x = text.draw(surface, figure, font, colour, (x, cell.top)).right + round(10 * scale)
    plot = pygame.Rect(cell.left + round(40 * scale), title_rect.bottom + round(4 * scale), cell.width - round(40 * scale), cell.bottom - title_rect.bottom - round(4 * scale))
    pygame.draw.rect(surface, theme.bar, plot)
    pygame.draw.rect(surface, theme.panel_edge, plot, 1)
    all_values = [v for name, _ in chart.series for v in history.get(name, [])]
    if len(history.get(chart.series[0][0], [])) < MIN_POINTS:
        text.draw(surface, "a line appears after two days", font, theme.text_dim, plot.center, "center")
        return
    low, high = (min(0, *all_values) if chart.from_zero else min(all_values)), max(all_values)
    if high == low:
        high = low + 1
    text.draw(surface, short_number(high), font, theme.text_dim, (plot.left - 4, plot.top), "topright")
    text.draw(surface, short_number(low), font, theme.text_dim, (plot.left - 4, plot.bottom), "bottomright")
    if low < 0 < high:  # a zero line, so debt reads as below it
        zero_y = plot.bottom - 1 - round((0 - low) / (high - low) * (plot.height - 3))
        pygame.draw.line(surface, theme.bad, (plot.left, zero_y), (plot.right - 1, zero_y))
    for (name, _), colour in zip(chart.series, colours):
        values = history.get(name, [])
        if len(values) < MIN_POINTS:
            continue
        days = sample_days(history, len(values))
        span = max(1, days[-1] - days[0])
        points = [
            (plot.left + 1 + round((day - days[0]) / span * (plot.width - 3)), plot.bottom - 2 - round((v - low) / (high - low) * (plot.height - 4)))
            for day, v in zip(days, values)
        ]
        pygame.draw.lines(surface, colour, False, points, max(1, round(2 * scale)))


def sample_days(history: Mapping[str, Sequence[int]], count: int) -> Sequence[int]:
    """Return the day of each of a series' `count` samples: the older days are thinned, so not evenly spaced."""
    days = history.get("day", ())
    if len(days) == count and all(earlier < later for earlier, later in pairwise(days)):
        return days
    return range(count)  # a history without its day series (a hand-made one): samples one day apart
