"""The behaviour the in-game windows built from the city share: open, close, toggle, and rebuild when their figures move."""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.ui.gui import Gui

if TYPE_CHECKING:
    from game.sim.view import CityView


def centred(gui: Gui, width: float, height: float) -> tuple[float, float, float, float]:
    """Return a window rectangle (UI units) of at most that size in the middle of the screen, kept on it and below the top bar."""
    screen_w, screen_h = gui.size
    top = gui.top_band + 4  # the top bar's figures stay in sight
    width, height = min(width, screen_w - 8), min(height, screen_h - top - 4)
    return (screen_w - width) / 2, max(top, (screen_h - height) / 2), width, height


class WindowPanel:
    """A pygame_gui window named `window`, built by `open` from the city and rebuilt while open whenever `_key` changes."""

    window = ""  # the window's name in the GUI adapter (each panel sets its own)

    def __init__(self, gui: Gui) -> None:
        self.gui = gui
        self._shown_key: tuple[object, ...] | None = None  # what the open window was built from

    @property
    def is_open(self) -> bool:
        """True while the window shows."""
        return self.gui.has(self.window)

    def open(self, city: CityView) -> None:
        """Open (or rebuild) the window with today's figures (each panel builds its own)."""
        raise NotImplementedError

    def close(self) -> None:
        """Close the window."""
        self.gui.remove(self.window)

    def toggle(self, city: CityView) -> None:
        """Open the window, or close it when it is open."""
        if self.is_open:
            self.close()
        else:
            self.open(city)

    def update(self, city: CityView) -> None:
        """Rebuild the open window when what it shows moved (its `_key`)."""
        if self.is_open and self._key(city) != self._shown_key:
            self.open(city)

    def _key(self, city: CityView) -> tuple[object, ...]:
        """Return what the window's figures depend on (each panel says)."""
        raise NotImplementedError
