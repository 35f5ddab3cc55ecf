"""Floating panels over the map: overlay switches and legend, tile inspector, messages, help, banners."""

from __future__ import annotations

import pygame

from game.render.overlays import OVERLAY_INDEX, OVERLAYS
from game.render.text import Text
from game.ui.messages import Message
from game.ui.theme import FONT, FONT_LARGE, FONT_SMALL, Theme
from game.ui.tools import Tool
from game.ui.widgets import lines_size, panel, text_lines, tone_colour

PAD = 8  # px inside panels
OVERLAY_KEYS = {"pollution": "P", "power": "O", "waste": "I"}
SWITCH_WIDTH = 118
SWITCH_HEIGHT = 24
LEGEND_ROW = 18  # px per legend entry
LEGEND_GAP = 6  # px between the switches and the legend
FADE_SECONDS = 1.0  # messages fade out over their last second


class OverlaySwitches:
    """A column of overlay buttons in the map's top-right corner, with the active overlay's legend."""

    def __init__(self, text: Text, theme: Theme) -> None:
        self._text = text
        self._theme = theme

    def buttons(self, area: pygame.Rect) -> list[tuple[str, pygame.Rect]]:
        """Return (overlay name, button rect) pairs for a map area."""
        x = area.right - SWITCH_WIDTH - PAD
        return [
            (overlay.name, pygame.Rect(x, area.top + PAD + i * (SWITCH_HEIGHT + 4), SWITCH_WIDTH, SWITCH_HEIGHT))
            for i, overlay in enumerate(OVERLAYS)
        ]

    def column(self, area: pygame.Rect, active: str | None) -> pygame.Rect:
        """Return the rectangle the switches and the active overlay's legend cover."""
        buttons = self.buttons(area)
        top = buttons[0][1].top
        bottom = buttons[-1][1].bottom
        if active:
            bottom += LEGEND_GAP + self._legend_height(active)
        return pygame.Rect(buttons[0][1].left, top, SWITCH_WIDTH, bottom - top)

    @staticmethod
    def _legend_height(name: str) -> int:
        """Return the legend's height in px for overlay `name`."""
        return PAD * 2 + LEGEND_ROW * (len(OVERLAY_INDEX[name].legend) + 1)

    def overlay_at(self, area: pygame.Rect, position: tuple[int, int]) -> str | None:
        """Return the overlay whose button is under `position`, or None."""
        for name, rect in self.buttons(area):
            if rect.collidepoint(position):
                return name
        return None

    def draw(self, target: pygame.Surface, area: pygame.Rect, active: str | None, mouse: tuple[int, int]) -> None:
        """Draw the switches and, under them, the legend of the active overlay."""
        theme = self._theme
        bottom = area.top
        for overlay, (name, rect) in zip(OVERLAYS, self.buttons(area)):
            on = name == active
            fill = theme.button_selected if on else theme.button_hover if rect.collidepoint(mouse) else theme.button
            target.fill(fill, rect)
            pygame.draw.rect(target, theme.accent if on else theme.bar_edge, rect, 1)
            label = f"{OVERLAY_KEYS[name]}  {overlay.title.split()[-1].capitalize()}"
            self._text.draw(target, label, FONT_SMALL, theme.text if on else theme.text_dim, (rect.x + 8, rect.centery), "midleft")
            bottom = rect.bottom
        if active:
            self._draw_legend(target, active, (area.right - SWITCH_WIDTH - PAD, bottom + LEGEND_GAP))

    def _draw_legend(self, target: pygame.Surface, name: str, topleft: tuple[int, int]) -> None:
        """Draw overlay `name`'s colour swatches and labels in a panel."""
        overlay = OVERLAY_INDEX[name]
        row = LEGEND_ROW
        box = pygame.Rect(topleft, (SWITCH_WIDTH, self._legend_height(name)))
        panel(target, box, self._theme)
        self._text.draw(target, overlay.title, FONT_SMALL, self._theme.text, (box.x + PAD, box.y + PAD))
        for i, (colour, label) in enumerate(overlay.legend):
            y = box.y + PAD + row * (i + 1)
            swatch = pygame.Rect(box.x + PAD, y + 2, 14, 12)
            target.fill(colour[:3], swatch)
            pygame.draw.rect(target, self._theme.bar, swatch, 1)
            self._text.draw(target, label, FONT_SMALL, self._theme.text_dim, (swatch.right + 6, y + 1))


def draw_inspector(target: pygame.Surface, text: Text, theme: Theme, lines: list[tuple[str, str]], area: pygame.Rect, mouse: tuple[int, int]) -> None:
    """Draw the hovered tile's description in the map's bottom-right corner, or top-left if the mouse is there."""
    if not lines:
        return
    width, height = lines_size(text, lines, FONT_SMALL)
    box = pygame.Rect(0, 0, width + 2 * PAD, height + 2 * PAD)
    box.bottomright = (area.right - PAD, area.bottom - PAD)
    if box.inflate(2 * PAD, 2 * PAD).collidepoint(mouse):
        box.topleft = (area.left + PAD, area.top + PAD)
    panel(target, box, theme)
    text_lines(target, text, theme, lines, (box.x + PAD, box.y + PAD), FONT_SMALL)


def draw_messages(target: pygame.Surface, text: Text, theme: Theme, messages: list[Message], area: pygame.Rect) -> None:
    """Draw the recent messages in the map's bottom-left corner, newest at the bottom, fading out."""
    y = area.bottom - PAD
    for message in reversed(messages):
        surface = text.render(message.text, FONT_SMALL, tone_colour(theme, message.tone))
        box = pygame.Rect(area.x + PAD, 0, surface.get_width() + 2 * PAD, surface.get_height() + PAD)
        box.bottom = y
        alpha = int(255 * min(1.0, message.seconds_left / FADE_SECONDS))
        panel(target, box, theme, alpha=min(alpha, 215))
        surface.set_alpha(alpha)
        target.blit(surface, (box.x + PAD, box.y + PAD // 2 + 1))
        surface.set_alpha(None)
        y = box.top - 3


def draw_tooltip(target: pygame.Surface, text: Text, theme: Theme, lines: list[tuple[str, str]], anchor: pygame.Rect) -> None:
    """Draw lines in a panel just above `anchor`, kept on screen."""
    width, height = lines_size(text, lines, FONT_SMALL)
    box = pygame.Rect(0, 0, width + 2 * PAD, height + 2 * PAD)
    box.midbottom = (anchor.centerx, anchor.top - 6)
    box.clamp_ip(target.get_rect())
    panel(target, box, theme, alpha=245, edge=theme.accent)
    text_lines(target, text, theme, lines, (box.x + PAD, box.y + PAD), FONT_SMALL)


def draw_cursor_label(target: pygame.Surface, text: Text, theme: Theme, label: str, tone: str, position: tuple[int, int], area: pygame.Rect) -> None:
    """Draw a one-line label just below and right of the mouse pointer, kept inside `area`."""
    surface = text.render(label, FONT_SMALL, tone_colour(theme, tone))
    box = pygame.Rect(position[0] + 18, position[1] + 18, surface.get_width() + 2 * PAD, surface.get_height() + PAD)
    box.clamp_ip(area)
    panel(target, box, theme, alpha=235, edge=tone_colour(theme, tone))
    target.blit(surface, (box.x + PAD, box.y + PAD // 2 + 1))


def help_lines(tools: tuple[Tool, ...]) -> list[tuple[str, str]]:
    """Return the full controls list shown by F1."""
    lines = [
        ("Controls", "title"),
        ("Space  pause / resume      ,  slower      .  faster", "normal"),
        ("Arrows or WASD  pan      right-drag  pan      wheel, Q / E, + / PgUp PgDn  zoom", "normal"),
        ("P  pollution      O  power      I  uncollected waste   (press again to hide)", "normal"),
        ("Left click  build with the chosen tool      X then click  demolish", "normal"),
        ("Power line: press and drag to lay a run with one corner", "normal"),
        ("L  policies      G  history charts      Tab  tutorial hints      F1  this help", "normal"),
        ("F5  quick-save      F9  quick-load      Esc  game menu (save, load, settings, quit)", "normal"),
        ("Right click or Esc  put the tool away; Esc closes the open window first", "normal"),
        ("", "normal"),
        ("Build tools", "title"),
    ]
    for tool in tools:
        lines.append((f"{tool.hotkey.upper():>2}   {tool.label}", "dim"))
    lines.append(("", "normal"))
    lines.append(("Building works while paused too. Hover a tile to see what is happening there.", "accent"))
    return lines


def draw_help(target: pygame.Surface, text: Text, theme: Theme, tools: tuple[Tool, ...], area: pygame.Rect) -> None:
    """Draw the help panel in the middle of the map."""
    lines = help_lines(tools)
    width, height = lines_size(text, lines, FONT_SMALL, spacing=4)
    box = pygame.Rect(0, 0, width + 4 * PAD, height + 4 * PAD)
    box.center = area.center
    panel(target, box, theme, alpha=240, edge=theme.accent)
    text_lines(target, text, theme, lines, (box.x + 2 * PAD, box.y + 2 * PAD), FONT_SMALL, spacing=4)


def draw_badge(target: pygame.Surface, text: Text, theme: Theme, label: str, tone: str, midtop: tuple[int, int]) -> None:
    """Draw a small framed label, such as the pause notice, hanging from `midtop`."""
    surface = text.render(label, FONT_SMALL, tone_colour(theme, tone))
    box = pygame.Rect(0, 0, surface.get_width() + 3 * PAD, surface.get_height() + PAD)
    box.midtop = midtop
    panel(target, box, theme, alpha=235, edge=tone_colour(theme, tone))
    target.blit(surface, surface.get_rect(center=box.center))


def draw_banner(target: pygame.Surface, text: Text, theme: Theme, title: str, detail: str, tone: str, area: pygame.Rect) -> None:
    """Draw a large centred announcement, such as the end of the level."""
    title_width = text.width(title, FONT_LARGE)
    detail_width = text.width(detail, FONT)
    box = pygame.Rect(0, 0, max(title_width, detail_width) + 6 * PAD, 90)
    box.midtop = (area.centerx, area.top + 60)
    panel(target, box, theme, alpha=240, edge=tone_colour(theme, tone))
    text.draw(target, title, FONT_LARGE, tone_colour(theme, tone), (box.centerx, box.top + 28), "center")
    text.draw(target, detail, FONT, theme.text, (box.centerx, box.top + 62), "center")


def draw_alerts(target: pygame.Surface, text: Text, theme: Theme, messages: list[Message], area: pygame.Rect) -> None:
    """Draw important notifications centred at the top of the map, newest first, fading out."""
    y = area.top + 40
    for message in reversed(messages):
        colour = tone_colour(theme, message.tone)
        surface = text.render(message.text, FONT, colour)
        box = pygame.Rect(0, y, surface.get_width() + 5 * PAD, surface.get_height() + PAD + 2)
        box.centerx = area.centerx
        alpha = int(255 * min(1.0, message.seconds_left / FADE_SECONDS))
        panel(target, box, theme, alpha=min(alpha, 235), edge=colour)
        pygame.draw.rect(target, colour, (box.x, box.y, 4, box.height))  # a stripe in the tone's colour
        surface.set_alpha(alpha)
        target.blit(surface, surface.get_rect(center=(box.centerx + 2, box.centery + 1)))
        surface.set_alpha(None)
        y = box.bottom + 4


def draw_hints(target: pygame.Surface, text: Text, theme: Theme, lines: list[tuple[str, str]], area: pygame.Rect, top: int) -> None:
    """Draw the tutorial hint card in the map's top-left corner, below the window buttons."""
    width = min(380, area.width // 3)
    wrapped: list[tuple[str, str]] = []
    for line, tone in lines:
        wrapped.extend((part, tone) for part in wrap(text, line, FONT_SMALL, width - 2 * PAD))
    _, height = lines_size(text, wrapped, FONT_SMALL)
    box = pygame.Rect(area.left + PAD, top + PAD, width, height + 2 * PAD)
    panel(target, box, theme, alpha=235, edge=theme.accent)
    text_lines(target, text, theme, wrapped, (box.x + PAD, box.y + PAD), FONT_SMALL)


def wrap(text: Text, line: str, size: int, width: int) -> list[str]:
    """Return `line` broken at spaces into pieces no wider than `width` pixels."""
    pieces: list[str] = []
    current = ""
    for word in line.split(" "):
        trial = f"{current} {word}" if current else word
        if current and text.width(trial, size) > width:
            pieces.append(current)
            current = word
        else:
            current = trial
    pieces.append(current)
    return pieces
