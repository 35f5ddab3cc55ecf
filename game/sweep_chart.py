"""A sweep's table as a chart: `neo-terra sweep --chart FILE.png`.

One horizontal bar per strategy, split into the shares of its runs won, lost and still running,
under a title naming the level, the seeds and the days; drawn with pygame on a plain Surface, so it
needs no display (and no plotting library).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
import pygame

from game.render.assets import read_palette
from game.render.text import shown

Colour = tuple[int, int, int]
CHART_WIDTH = 1200  # pixels; the height grows with the strategies
ROW_HEIGHT = 44  # pixels a strategy's bar and its gap take
BAR_HEIGHT = 30
TOP = 130  # title, subtitle and legend
LEGEND_TOP = 96
BOTTOM = 80  # the axis's ticks and its label
LEFT = 240  # strategy names
RIGHT = 48
TICKS = (0, 25, 50, 75, 100)  # percent marks on the axis
# (summary row key, legend name, palette colour) in the order the bar stacks them, left to right.
OUTCOMES = (("won_percent", "won", "leaf_light"), ("lost_percent", "lost", "red"), ("running_percent", "running", "concrete"))


def chart_size(strategies: int) -> tuple[int, int]:
    """Return the chart's (width, height) in pixels for `strategies` bars."""
    return CHART_WIDTH, TOP + max(1, strategies) * ROW_HEIGHT + BOTTOM


def chart_png(title: str, subtitle: str, rows: Sequence[dict[str, Any]]) -> bytes:
    """Return the PNG of the summary `rows`' outcome rates, one stacked bar per strategy, under `title` and `subtitle`."""
    import io

    surface = draw_chart(title, subtitle, rows)
    buffer = io.BytesIO()
    pygame.image.save(surface, buffer, "chart.png")
    return buffer.getvalue()


def draw_chart(title: str, subtitle: str, rows: Sequence[dict[str, Any]]) -> pygame.Surface:
    """Return the chart of `rows` drawn on a new Surface of chart_size."""
    pygame.font.init()
    palette = read_palette()
    surface = pygame.Surface(chart_size(len(rows)))
    surface.fill(palette["night"])
    fonts = {size: pygame.font.Font(None, size) for size in (22, 26, 40)}
    text = palette["white"]
    dim = palette["concrete_light"]
    _text(surface, fonts[40], title, text, (LEFT // 4, 24))
    _text(surface, fonts[26], subtitle, dim, (LEFT // 4, 64))
    _legend(surface, fonts[22], palette, text)
    plot = pygame.Rect(LEFT, TOP, CHART_WIDTH - LEFT - RIGHT, max(1, len(rows)) * ROW_HEIGHT)
    _axis(surface, fonts[22], plot, palette["asphalt_light"], dim)
    for index, row in enumerate(rows):
        _bar(surface, fonts, palette, plot, index, row)
    pygame.draw.line(surface, dim, plot.topleft, plot.bottomleft, 2)
    axis_label = fonts[26].render("share of runs (%)", True, text)
    surface.blit(axis_label, axis_label.get_rect(midtop=(plot.centerx, plot.bottom + 40)))
    strategy_label = pygame.transform.rotate(fonts[26].render("strategy", True, text), 90)
    surface.blit(strategy_label, strategy_label.get_rect(center=(18, plot.centery)))
    return surface


def _legend(surface: pygame.Surface, font: pygame.font.Font, palette: dict[str, Colour], colour: Colour) -> None:
    """Draw a swatch and the name of each outcome at the right, just above the bars."""
    x = CHART_WIDTH - RIGHT
    for _key, name, swatch in reversed(OUTCOMES):
        label = font.render(name, True, colour)
        x -= label.get_width()
        surface.blit(label, (x, LEGEND_TOP + 2))
        x -= 24
        pygame.draw.rect(surface, palette[swatch], (x, LEGEND_TOP, 18, 18))
        x -= 28


def _axis(surface: pygame.Surface, font: pygame.font.Font, plot: pygame.Rect, grid: Colour, colour: Colour) -> None:
    """Draw the percent grid lines over the plot and their marks under it."""
    for percent in TICKS:
        x = plot.left + plot.width * percent // 100
        pygame.draw.line(surface, grid, (x, plot.top), (x, plot.bottom + 6), 1)
        mark = font.render(f"{percent}%", True, colour)
        surface.blit(mark, mark.get_rect(midtop=(x, plot.bottom + 12)))


def _bar(surface: pygame.Surface, fonts: dict[int, pygame.font.Font], palette: dict[str, Colour], plot: pygame.Rect,
         index: int, row: dict[str, Any]) -> None:
    """Draw one strategy's name and its stacked won / lost / running bar, each share written on it when it fits."""
    top = plot.top + index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) // 2
    name = _fitted(fonts[26], str(row["strategy"]), LEFT - 56)
    label = fonts[26].render(name, True, palette["white"])
    surface.blit(label, label.get_rect(midright=(plot.left - 12, top + BAR_HEIGHT // 2)))
    x = plot.left
    shares = [(int(row[key]), swatch) for key, _name, swatch in OUTCOMES]
    ends = _segment_ends(plot.width, [share for share, _swatch in shares])
    for (share, swatch), end in zip(shares, ends):
        segment = pygame.Rect(x, top, plot.left + end - x, BAR_HEIGHT)
        if segment.width > 0:
            pygame.draw.rect(surface, palette[swatch], segment)
            figure = fonts[22].render(f"{share}%", True, palette["ink"])
            if figure.get_width() + 8 <= segment.width:
                surface.blit(figure, figure.get_rect(center=segment.center))
        x = segment.right


def _segment_ends(width: int, shares: Sequence[int]) -> list[int]:
    """Return where each stacked share ends, in pixels from the bar's start: cumulative, so rounding never leaves a gap."""
    total = max(1, sum(shares))
    ends = []
    running = 0
    for share in shares:
        running += share
        ends.append(width * running // total)
    return ends


def _fitted(font: pygame.font.Font, text: str, width: int) -> str:
    """Return `text` (made safe to draw), cut from the left with an ellipsis until it fits `width` (a path keeps its file name)."""
    text = shown(text)
    if font.size(text)[0] <= width:
        return text
    while text and font.size("…" + text)[0] > width:
        text = text[1:]
    return "…" + text


def _text(surface: pygame.Surface, font: pygame.font.Font, text: str, colour: Colour, where: tuple[int, int]) -> None:
    """Draw one line of `text` with its top left at `where`, cut to the chart's width."""
    surface.blit(font.render(_fitted(font, text, CHART_WIDTH - where[0] - RIGHT), True, colour), where)
