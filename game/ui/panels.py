"""Floating panels over the map: overlay switches and legend, tile inspector, messages, help, banners.

Sizes are 1x pixels, turned into screen pixels with the theme's UI scale (`theme.px`, `theme.font`).
"""

from __future__ import annotations

import pygame

from game.bindings import bindings, key_label
from game.render.overlays import OVERLAY_INDEX, OVERLAYS
from game.render.text import Text
from game.ui.messages import Message
from game.ui.theme import FONT, FONT_LARGE, FONT_SMALL, Theme
from game.ui.tools import Tool
from game.ui.widgets import lines_size, panel, text_lines, tone_colour

PAD = 8  # px inside panels
OVERLAY_KEYS = {"pollution": "P", "power": "O", "waste": "I", "contentment": "U"}
SWITCH_WIDTH = 118  # wide enough for the longest legend label at 1x
SWITCH_HEIGHT = 24
LEGEND_ROW = 18  # px per legend entry
LEGEND_GAP = 6  # px between the switches and the legend
FADE_SECONDS = 1.0  # messages fade out over their last second


class OverlaySwitches:
    """A column of overlay buttons in the map's top-right corner, with the active overlay's legend."""

    def __init__(self, text: Text, theme: Theme) -> None:
        self._text = text
        self._theme = theme
        self._width: int | None = None  # the text and the theme never change: measured once
        self.key_labels = dict(OVERLAY_KEYS)  # overlay -> the label of its key, as the bindings say (set by the interface)

    def width(self) -> int:
        """Return the column's width in screen px: the 1x width or the widest legend line, whichever is more."""
        if self._width is None:
            self._width = self._measured_width()
        return self._width

    def _measured_width(self) -> int:
        """Measure the column's width (see `width`): every overlay's legend lines and titles, four times a frame."""
        theme = self._theme
        small = theme.font(FONT_SMALL)
        widest = max(
            self._text.width(label, small) + theme.px(14 + 6) for overlay in OVERLAYS for _, label in overlay.legend
        )
        titles = max(self._text.width(overlay.title, small) for overlay in OVERLAYS)
        return max(theme.px(SWITCH_WIDTH), widest + 2 * theme.px(PAD), titles + 2 * theme.px(PAD))

    def buttons(self, area: pygame.Rect) -> list[tuple[str, pygame.Rect]]:
        """Return (overlay name, button rect) pairs for a map area."""
        theme = self._theme
        width, height, pad = self.width(), theme.px(SWITCH_HEIGHT), theme.px(PAD)
        x = area.right - width - pad
        return [
            (overlay.name, pygame.Rect(x, area.top + pad + i * (height + theme.px(4)), width, height))
            for i, overlay in enumerate(OVERLAYS)
        ]

    def column(self, area: pygame.Rect, active: str | None) -> pygame.Rect:
        """Return the rectangle the switches and the active overlay's legend cover."""
        buttons = self.buttons(area)
        top = buttons[0][1].top
        bottom = buttons[-1][1].bottom
        if active:
            bottom += self._theme.px(LEGEND_GAP) + self._legend_height(active)
        return pygame.Rect(buttons[0][1].left, top, buttons[0][1].width, bottom - top)

    def _legend_height(self, name: str) -> int:
        """Return the legend's height in screen px for overlay `name`."""
        return self._theme.px(PAD * 2 + LEGEND_ROW * (len(OVERLAY_INDEX[name].legend) + 1))

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
            label = f"{self.key_labels[name]}  {overlay.title.split()[-1].capitalize()}"
            self._text.draw(target, label, theme.font(FONT_SMALL), theme.text if on else theme.text_dim, (rect.x + theme.px(8), rect.centery), "midleft")
            bottom = rect.bottom
        if active:
            left = self.buttons(area)[0][1].left
            self._draw_legend(target, active, (left, bottom + theme.px(LEGEND_GAP)))

    def _draw_legend(self, target: pygame.Surface, name: str, topleft: tuple[int, int]) -> None:
        """Draw overlay `name`'s colour swatches and labels in a panel."""
        theme = self._theme
        overlay = OVERLAY_INDEX[name]
        row, pad, small = theme.px(LEGEND_ROW), theme.px(PAD), theme.font(FONT_SMALL)
        box = pygame.Rect(topleft, (self.width(), self._legend_height(name)))
        panel(target, box, theme)
        self._text.draw(target, overlay.title, small, theme.text, (box.x + pad, box.y + pad))
        for i, (colour, label) in enumerate(overlay.legend):
            y = box.y + pad + row * (i + 1)
            swatch = pygame.Rect(box.x + pad, y + theme.px(2), theme.px(14), theme.px(12))
            target.fill(colour[:3], swatch)
            pygame.draw.rect(target, theme.bar, swatch, 1)
            self._text.draw(target, label, small, theme.text_dim, (swatch.right + theme.px(6), y + theme.px(1)))


def draw_inspector(
    target: pygame.Surface, text: Text, theme: Theme, lines: list[tuple[str, str]], area: pygame.Rect, mouse: tuple[int, int],
    avoid: pygame.Rect | None = None,
) -> None:
    """Draw the hovered tile's description in the map's bottom-right corner (left of `avoid`, the overlay column, where they would meet), or top-left if the mouse is there."""
    if not lines:
        return
    pad, small = theme.px(PAD), theme.font(FONT_SMALL)
    lines = fit_lines(text, lines, small, area.width // 2 - 2 * pad)
    width, height = lines_size(text, lines, small)
    box = pygame.Rect(0, 0, width + 2 * pad, height + 2 * pad)
    box.bottomright = (area.right - pad, area.bottom - pad)
    if avoid is not None and box.colliderect(avoid):
        box.right = avoid.left - pad
    if box.inflate(2 * pad, 2 * pad).collidepoint(mouse):
        box.topleft = (area.left + pad, area.top + pad)
    panel(target, box, theme)
    text_lines(target, text, theme, lines, (box.x + pad, box.y + pad), small)


def draw_messages(target: pygame.Surface, text: Text, theme: Theme, messages: list[Message], area: pygame.Rect) -> None:
    """Draw the recent messages in the map's bottom-left corner, newest at the bottom, fading out."""
    pad, small = theme.px(PAD), theme.font(FONT_SMALL)
    room = area.width * 2 // 3 - 2 * pad  # the right third is the inspector's
    y = area.bottom - pad
    for message in reversed(messages):
        surface = text.render(text.fit(message.text, small, room), small, tone_colour(theme, message.tone))
        box = pygame.Rect(area.x + pad, 0, surface.get_width() + 2 * pad, surface.get_height() + pad)
        box.bottom = y
        alpha = int(255 * min(1.0, message.seconds_left / FADE_SECONDS))
        panel(target, box, theme, alpha=min(alpha, 215))
        surface.set_alpha(alpha)
        target.blit(surface, (box.x + pad, box.y + pad // 2 + 1))
        surface.set_alpha(None)
        y = box.top - theme.px(3)


def draw_tooltip(target: pygame.Surface, text: Text, theme: Theme, lines: list[tuple[str, str]], anchor: pygame.Rect, below: bool = False) -> None:
    """Draw lines in a panel just above `anchor` (or below it), kept on screen."""
    pad, small = theme.px(PAD), theme.font(FONT_SMALL)
    lines = [(part, tone) for line, tone in lines for part in wrap(text, line, small, target.get_width() // 2)]
    width, height = lines_size(text, lines, small)
    box = pygame.Rect(0, 0, width + 2 * pad, height + 2 * pad)
    if below:
        box.midtop = (anchor.centerx, anchor.bottom + theme.px(6))
    else:
        box.midbottom = (anchor.centerx, anchor.top - theme.px(6))
    box.clamp_ip(target.get_rect())
    panel(target, box, theme, alpha=245, edge=theme.accent)
    text_lines(target, text, theme, lines, (box.x + pad, box.y + pad), small)


def draw_cursor_label(target: pygame.Surface, text: Text, theme: Theme, label: str, tone: str, position: tuple[int, int], area: pygame.Rect) -> None:
    """Draw a one-line label just below and right of the mouse pointer, kept inside `area`."""
    pad, small = theme.px(PAD), theme.font(FONT_SMALL)
    surface = text.render(text.fit(label, small, area.width - 2 * pad), small, tone_colour(theme, tone))
    offset = theme.px(18)  # clear of the pointer
    box = pygame.Rect(position[0] + offset, position[1] + offset, surface.get_width() + 2 * pad, surface.get_height() + pad)
    box.clamp_ip(area)
    panel(target, box, theme, alpha=235, edge=tone_colour(theme, tone))
    target.blit(surface, (box.x + pad, box.y + pad // 2 + 1))


def help_lines(tools: tuple[Tool, ...], keys: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """Return the full controls list shown by F1, with the keys as `keys` binds them (action id -> key name; the defaults)."""
    bound = bindings(()) if keys is None else keys

    def k(action: str) -> str:
        """Return the label of the key bound to `action`."""
        return key_label(bound[action])

    lines = [
        ("Controls", "title"),
        (f"{k('pause')}  pause / resume      {k('slower')}  slower      {k('faster')}  faster", "normal"),
        ("Arrows or WASD  pan      right-drag or window edge  pan      wheel, Q / E, + / PgUp PgDn  zoom", "normal"),
        (f"{k('overlay.pollution')}  pollution      {k('overlay.power')}  power      {k('overlay.waste')}  uncollected waste      "
         f"{k('overlay.contentment')}  residents' contentment   (again to hide)", "normal"),
        (f"{k('minimap')}  minimap (click or drag it to move the view)      hover anything on the map to see what it is", "normal"),
        (f"Left click  build with the chosen tool      {k('tool.demolish')} then click  demolish", "normal"),
        ("Power line: press and drag to lay a run with one corner", "normal"),
        (f"{k('window.policies')}  policies      {k('window.charts')}  history charts      {k('window.power')}  power grid and its taps      "
         f"{k('hints')}  tutorial hints      {k('help')}  this help", "normal"),
        (f"{k('quick_save')}  quick-save      {k('quick_load')}  quick-load      Esc  game menu (save, load, settings and its Keys…, quit)", "normal"),
        ("Right click or Esc  put the tool away; Esc closes the open window first", "normal"),
        (f"{k('window.factions')}  factions and the vote      {k('window.goals')}  goals      {k('window.budget')}  budget      "
         f"{k('window.log')}  event log      1-5  answer a story event      {k('reopen_event')}  reopen a closed event", "normal"),
        ("Click a figure on the top bar: the treasury opens the budget, power the grid, the vote the factions, goals the goals", "normal"),
        ("Left click a landfill (no tool)  what it holds, and dig out its buried hazardous waste", "normal"),
        ("", "normal"),
        ("Build tools", "title"),
    ]
    for tool in tools:
        lines.append((f"{tool.hotkey.upper():>2}   {tool.label}", "dim"))
    lines.append(("", "normal"))
    lines.append(("Building works while paused too. Hover a tile to see what is happening there.", "accent"))
    return lines


def draw_help(target: pygame.Surface, text: Text, theme: Theme, tools: tuple[Tool, ...], area: pygame.Rect, keys: dict[str, str] | None = None) -> None:
    """Draw the help panel in the middle of the map, with the keys as `keys` binds them."""
    pad, spacing = theme.px(PAD), theme.px(4)
    lines = help_lines(tools, keys)
    # Smaller type when the full list would not fit the map at this UI scale.
    size = theme.font(FONT_SMALL)
    while size > FONT_SMALL and lines_size(text, lines, size, spacing)[1] + 4 * pad > area.height:
        size -= 2
    if lines_size(text, lines, size, spacing)[1] + 4 * pad > area.height:
        tool_rows = [index for index, (_, tone) in enumerate(lines) if tone == "dim"]
        lines = lines[: tool_rows[0]] + [("Build tools: see the bottom bar; hover a button for details", "dim")] + lines[tool_rows[-1] + 1:]
    width, height = lines_size(text, lines, size, spacing)
    box = pygame.Rect(0, 0, width + 4 * pad, height + 4 * pad)
    box.center = area.center
    panel(target, box, theme, alpha=240, edge=theme.accent)
    text_lines(target, text, theme, lines, (box.x + 2 * pad, box.y + 2 * pad), size, spacing=spacing)


def draw_badge(target: pygame.Surface, text: Text, theme: Theme, label: str, tone: str, top: int, lane: tuple[int, int]) -> None:
    """Draw a small framed label, such as the pause notice, from `top`, centred in the x range `lane`."""
    pad, small = theme.px(PAD), theme.font(FONT_SMALL)
    surface = text.render(text.fit(label, small, lane[1] - lane[0] - 3 * pad), small, tone_colour(theme, tone))
    box = pygame.Rect(0, 0, surface.get_width() + 3 * pad, surface.get_height() + pad)
    box.midtop = ((lane[0] + lane[1]) // 2, top)
    panel(target, box, theme, alpha=235, edge=tone_colour(theme, tone))
    target.blit(surface, surface.get_rect(center=box.center))


def draw_banner(target: pygame.Surface, text: Text, theme: Theme, title: str, detail: str, tone: str, area: pygame.Rect) -> None:
    """Draw a large centred announcement, such as the end of the level."""
    large, normal = theme.font(FONT_LARGE), theme.font(FONT)
    title_width = text.width(title, large)
    detail_width = text.width(detail, normal)
    box = pygame.Rect(0, 0, max(title_width, detail_width) + 6 * theme.px(PAD), theme.px(90))
    box.midtop = (area.centerx, area.top + theme.px(60))
    panel(target, box, theme, alpha=240, edge=tone_colour(theme, tone))
    text.draw(target, title, large, tone_colour(theme, tone), (box.centerx, box.top + theme.px(28)), "center")
    text.draw(target, detail, normal, theme.text, (box.centerx, box.top + theme.px(62)), "center")


def draw_alerts(target: pygame.Surface, text: Text, theme: Theme, messages: list[Message], area: pygame.Rect, lane: tuple[int, int]) -> None:
    """Draw important notifications near the top of the map, centred in the x range `lane`, newest first, fading out."""
    pad, size = theme.px(PAD), theme.font(FONT)
    room = lane[1] - lane[0] - 5 * pad
    y = area.top + theme.px(40)
    for message in reversed(messages):
        colour = tone_colour(theme, message.tone)
        surface = text.render(text.fit(message.text, size, room), size, colour)
        box = pygame.Rect(0, y, surface.get_width() + 5 * pad, surface.get_height() + pad + theme.px(2))
        box.centerx = (lane[0] + lane[1]) // 2
        alpha = int(255 * min(1.0, message.seconds_left / FADE_SECONDS))
        panel(target, box, theme, alpha=min(alpha, 235), edge=colour)
        pygame.draw.rect(target, colour, (box.x, box.y, theme.px(4), box.height))  # a stripe in the tone's colour
        surface.set_alpha(alpha)
        target.blit(surface, surface.get_rect(center=(box.centerx + theme.px(2), box.centery + 1)))
        surface.set_alpha(None)
        y = box.bottom + theme.px(4)


def draw_hints(target: pygame.Surface, text: Text, theme: Theme, lines: list[tuple[str, str]], area: pygame.Rect, top: int) -> pygame.Rect:
    """Draw the tutorial hint card in the map's top-left corner, below the window buttons; return where it is."""
    pad, small = theme.px(PAD), theme.font(FONT_SMALL)
    width = min(theme.px(380), area.width // 3)
    wrapped: list[tuple[str, str]] = []
    for line, tone in lines:
        wrapped.extend((part, tone) for part in wrap(text, line, small, width - 2 * pad))
    _, height = lines_size(text, wrapped, small)
    box = pygame.Rect(area.left + pad, top + pad, width, height + 2 * pad)
    panel(target, box, theme, alpha=235, edge=theme.accent)
    text_lines(target, text, theme, wrapped, (box.x + pad, box.y + pad), small)
    return box


def draw_note(target: pygame.Surface, text: Text, theme: Theme, note: str, topright: tuple[int, int], seconds_left: float) -> pygame.Rect:
    """Draw a small dim remark (such as "Autosaved") hanging from `topright`, fading out over its last second; return where it is."""
    pad = theme.px(PAD)
    surface = text.render(note, theme.font(FONT_SMALL), theme.text_dim)
    box = pygame.Rect(0, 0, surface.get_width() + 2 * pad, surface.get_height() + pad)
    box.topright = topright
    alpha = int(255 * min(1.0, seconds_left / FADE_SECONDS))
    panel(target, box, theme, alpha=min(alpha, 200))
    surface.set_alpha(alpha)
    target.blit(surface, surface.get_rect(center=box.center))
    surface.set_alpha(None)
    return box


def fit_lines(text: Text, lines: list[tuple[str, str]], size: int, width: int) -> list[tuple[str, str]]:
    """Return (line, tone) pairs with each line shortened with an ellipsis to `width` pixels."""
    return [(text.fit(line, size, width), tone) for line, tone in lines]


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
