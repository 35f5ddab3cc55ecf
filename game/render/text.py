"""Text drawing with a cache: the HUD shows the same few strings frame after frame."""

from __future__ import annotations

import unicodedata
from collections import OrderedDict

import pygame

MAX_CACHED = 1_024  # rendered strings kept; the HUD and toolbar use a few dozen
MAX_WIDTHS = 4_096  # measured widths kept; the HUD and the panels measure about a hundred a frame
REPLACEMENT = "\ufffd"  # what a control character is drawn as: visible, and harmless to every font
LINE_BREAKS = ("\r\n", "\r")  # read as "\n" in a text that may wrap onto several lines


def shown(text: str, lines: bool = False) -> str:
    """Return `text` safe to draw: each control character (NUL raises in pygame's fonts) drawn as U+FFFD.

    With `lines`, line breaks stay (as "\\n"); otherwise they are control characters like the rest.
    Levels and saves refuse control characters already; this is the window's own guard for text from
    anywhere else (a file name, a message), so no text can stop it.
    """
    if text.isprintable():
        return text
    if lines:
        for line_break in LINE_BREAKS:
            text = text.replace(line_break, "\n")
    return "".join(
        char if (lines and char == "\n") or unicodedata.category(char) != "Cc" else REPLACEMENT for char in text
    )


class Text:
    """Fonts by size, an LRU cache of rendered strings and a cache of measured widths."""

    def __init__(self) -> None:
        self._fonts: dict[int, pygame.font.Font] = {}
        self._cache: OrderedDict[tuple[str, int, tuple[int, ...]], pygame.Surface] = OrderedDict()
        self._widths: dict[tuple[str, int], int] = {}

    def font(self, size: int) -> pygame.font.Font:
        """Return pygame's bundled font at `size` points."""
        font = self._fonts.get(size)
        if font is None:
            font = pygame.font.Font(None, size)
            self._fonts[size] = font
        return font

    def render(self, text: str, size: int, colour: tuple[int, ...]) -> pygame.Surface:
        """Return `text` rendered antialiased in `colour` on a transparent background."""
        text = shown(text)
        key = (text, size, tuple(colour))
        surface = self._cache.get(key)
        if surface is None:
            surface = self.font(size).render(text, True, colour)
            self._cache[key] = surface
            while len(self._cache) > MAX_CACHED:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        return surface

    def width(self, text: str, size: int) -> int:
        """Return the width in pixels `text` takes at `size`."""
        key = (text, size)
        width = self._widths.get(key)
        if width is None:
            # Measuring is a font layout each time: 15,000 a second of the frame's time at 60 fps.
            if len(self._widths) >= MAX_WIDTHS:
                self._widths.clear()
            width = self._widths[key] = self.font(size).size(shown(text))[0]
        return width

    def draw(self, target: pygame.Surface, text: str, size: int, colour: tuple[int, ...], position: tuple[int, int], anchor: str = "topleft") -> pygame.Rect:
        """Draw `text` with the given rectangle attribute (topleft, midleft, center...) at `position`."""
        surface = self.render(text, size, colour)
        rect = surface.get_rect(**{anchor: position})
        target.blit(surface, rect)
        return rect

    def fit(self, text: str, size: int, max_width: int) -> str:
        """Return `text`, shortened with an ellipsis if needed, to fit in `max_width` pixels."""
        if self.width(text, size) <= max_width:
            return text
        while text and self.width(text + "…", size) > max_width:
            text = text[:-1]
        return text.rstrip() + "…"
