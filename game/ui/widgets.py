"""Small drawing helpers every panel uses: framed boxes, tone colours and lines of text."""

from __future__ import annotations

import pygame

from game.render.text import Text
from game.ui.theme import PANEL_ALPHA, Colour, Theme


def tone_colour(theme: Theme, tone: str) -> Colour:
    """Return the text colour for a tone name."""
    return {
        "title": theme.text,
        "normal": theme.text,
        "dim": theme.text_dim,
        "good": theme.good,
        "warn": theme.warn,
        "bad": theme.bad,
        "accent": theme.accent,
    }.get(tone, theme.text)


def panel(target: pygame.Surface, rect: pygame.Rect, theme: Theme, alpha: int = PANEL_ALPHA, edge: Colour | None = None) -> None:
    """Draw a translucent panel with a one-pixel edge."""
    if alpha >= 255:
        target.fill(theme.panel, rect)
    else:
        _fill_alpha(target, rect, theme.panel, alpha)
    pygame.draw.rect(target, edge or theme.panel_edge, rect, 1)


def _fill_alpha(target: pygame.Surface, rect: pygame.Rect, colour: Colour, alpha: int) -> None:
    """Fill `rect` with `colour` at `alpha` opacity."""
    layer = pygame.Surface(rect.size, pygame.SRCALPHA)
    layer.fill((*colour, alpha))
    target.blit(layer, rect)


def text_lines(target: pygame.Surface, text: Text, theme: Theme, lines: list[tuple[str, str]], topleft: tuple[int, int], size: int, spacing: int = 3) -> int:
    """Draw (text, tone) lines downwards from `topleft`; return the y below the last line."""
    x, y = topleft
    step = text.font(size).get_height() + spacing
    for line, tone in lines:
        text.draw(target, line, size, tone_colour(theme, tone), (x, y))
        y += step
    return y - spacing


def lines_size(text: Text, lines: list[tuple[str, str]], size: int, spacing: int = 3) -> tuple[int, int]:
    """Return the width and height `text_lines` would take for `lines`."""
    height = len(lines) * (text.font(size).get_height() + spacing) - spacing if lines else 0
    width = max((text.width(line, size) for line, _ in lines), default=0)
    return width, height
