"""A thin adapter over pygame_gui: named widgets in UI units, and our own small event types.

Everything else in the game builds menus, panels and dialogs through `Gui` and reads back
`Pressed`/`Submitted`/`Moved`/`Closed`, so pygame_gui is imported here and nowhere else.
Rectangles are given in UI units: one unit is `scale` screen pixels, so a layout written once
reads the same at 1x, 1.5x and 2x UI scale. Fonts scale with it.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import (
    UIButton,
    UIHorizontalSlider,
    UIImage,
    UILabel,
    UIPanel,
    UIScrollingContainer,
    UITextBox,
    UITextEntryLine,
    UIWindow,
)

from game.render.text import shown
from game.ui.theme import Colour, Theme

BASE_FONT_PX = 15  # pygame_gui font size at 1x for window titles; titles and headings are larger
TOOLTIP_WIDTH = 260  # UI units a tooltip wraps at
BODY_FONT_PX = 14  # buttons, labels, entries, text boxes and tooltips at 1x
TITLE_FONT_PX = 34
HEADING_FONT_PX = 19
TONES = ("title", "heading", "dim", "good", "warn", "bad", "accent")
TOOLTIP_DELAY_SECONDS = 0.35
SCROLLBAR_UNITS = 20  # UI units a scrolling window's vertical bar takes


@dataclass(frozen=True, slots=True)
class Pressed:
    """The button called `name` was clicked."""

    name: str


@dataclass(frozen=True, slots=True)
class Submitted:
    """Enter was pressed in the text entry called `name`."""

    name: str
    text: str


@dataclass(frozen=True, slots=True)
class Moved:
    """The slider called `name` now stands at `value`."""

    name: str
    value: int


@dataclass(frozen=True, slots=True)
class Closed:
    """The window called `name` was closed with its close button."""

    name: str


GuiEvent = Pressed | Submitted | Moved | Closed
Rect = tuple[float, float, float, float]  # x, y, width, height in UI units


def _hex(colour: Colour, alpha: int | None = None) -> str:
    """Return `#rrggbb` (or `#rrggbbaa`) for an RGB colour."""
    text = "#{:02x}{:02x}{:02x}".format(*colour)
    return text if alpha is None else f"{text}{alpha:02x}"


def gui_theme(theme: Theme, scale: float) -> dict[str, Any]:
    """Return a pygame_gui theme in our palette with fonts sized for the UI scale."""

    def font(size: int, bold: bool = False) -> dict[str, str]:
        return {"name": "noto_sans", "size": str(round(size * scale)), "bold": "1" if bold else "0"}

    colours = {
        "normal_bg": _hex(theme.button), "hovered_bg": _hex(theme.button_hover),
        "disabled_bg": _hex(theme.bar), "selected_bg": _hex(theme.button_selected),
        "active_bg": _hex(theme.button_selected), "dark_bg": _hex(theme.panel),
        "normal_text": _hex(theme.text), "hovered_text": _hex(theme.text),
        "disabled_text": _hex(theme.text_dim), "selected_text": _hex(theme.text),
        "active_text": _hex(theme.text), "normal_border": _hex(theme.panel_edge),
        "hovered_border": _hex(theme.accent), "disabled_border": _hex(theme.bar_edge),
        "selected_border": _hex(theme.accent), "active_border": _hex(theme.accent),
        "text_cursor": _hex(theme.accent), "link_text": _hex(theme.accent),
        "filled_bar": _hex(theme.accent), "unfilled_bar": _hex(theme.bar),
    }
    tone_colours = {
        "title": theme.accent, "heading": theme.text, "dim": theme.text_dim, "good": theme.good,
        "warn": theme.warn, "bad": theme.bad, "accent": theme.accent,
    }
    shape = {"shape": "rectangle", "border_width": "1", "shadow_width": "0", "tool_tip_delay": str(TOOLTIP_DELAY_SECONDS)}
    # pygame_gui takes only colours from "defaults"; every kind of widget with text names its font.
    base = font(BODY_FONT_PX)
    data: dict[str, Any] = {
        "defaults": {"colours": colours, "font": base, "misc": shape},
        "button": {"font": base, "misc": {**shape, "text_horiz_alignment_padding": str(round(8 * scale))}},
        "text_entry_line": {"font": base},
        "window": {"colours": {"dark_bg": _hex(theme.panel), "normal_border": _hex(theme.accent)}, "misc": {"shadow_width": "0", "title_bar_height": str(round(28 * scale))}},
        "window.#title_bar": {"font": font(BASE_FONT_PX + 1, bold=True), "colours": {"normal_bg": _hex(theme.bar), "hovered_bg": _hex(theme.bar), "active_bg": _hex(theme.bar)}},
        "panel": {"colours": {"dark_bg": _hex(theme.panel)}, "misc": {"shadow_width": "0"}},
        "text_box": {"font": base, "colours": {"dark_bg": _hex(theme.panel)}, "misc": {"padding": f"{round(6 * scale)},{round(4 * scale)}", "border_width": "0"}},
        "tool_tip": {"misc": {"rect_width": str(round(TOOLTIP_WIDTH * scale))}},  # pygame_gui's 170 px is not scaled
        "tool_tip.text_box": {"font": base, "colours": {"dark_bg": _hex(theme.bar), "normal_border": _hex(theme.accent)}, "misc": {"border_width": "1"}},
        "label": {"font": base, "misc": {"text_horiz_alignment": "left"}},
        "#centred": {"misc": {"text_horiz_alignment": "center"}},
    }
    data["#won"] = {"colours": {"normal_text": _hex(theme.good)}, "font": font(HEADING_FONT_PX + 7, bold=True)}
    data["#lost"] = {"colours": {"normal_text": _hex(theme.bad)}, "font": font(HEADING_FONT_PX + 7, bold=True)}
    for tone in TONES:
        size = TITLE_FONT_PX if tone == "title" else HEADING_FONT_PX if tone == "heading" else BASE_FONT_PX
        data[f"#{tone}"] = {"colours": {"normal_text": _hex(tone_colours[tone])}, "font": font(size, bold=tone in ("title", "heading"))}
    return data


def _fit_label(font: Any, text: str, width: int) -> str:
    """Return `text`, shortened with an ellipsis if needed, to fit `width` pixels in pygame_gui's `font`."""
    if font.get_rect(text).width <= width:
        return text
    low, high = 0, len(text)  # the longest prefix that fits with the ellipsis, by bisection
    while low < high:
        middle = (low + high + 1) // 2
        if font.get_rect(text[:middle].rstrip() + "…").width <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def whole_number(text: str) -> int | None:
    """Return an entry's text as a whole number (thousands separators allowed), or None when it is not one.

    Only ASCII digits count: "²" is a digit to `str.isdigit` but not to `int`.
    """
    cleaned = text.strip().replace(",", "").replace("_", "")
    digits = cleaned[1:] if cleaned.startswith("-") else cleaned
    if not digits or not digits.isascii() or not digits.isdigit():
        return None
    return int(cleaned)


class Gui:
    """Named pygame_gui widgets laid out in UI units; translates pygame_gui events into ours."""

    def __init__(self, screen_size: tuple[int, int], theme: Theme, scale: float = 1.0) -> None:
        self.scale = scale
        self.screen_size = screen_size
        self.top_band = 0.0  # UI units at the top that windows keep clear of (the game's top bar; 0 in the menus)
        self._manager = pygame_gui.UIManager(screen_size, gui_theme(theme, scale), enable_live_theme_updates=False)
        with warnings.catch_warnings():  # pygame_gui warns about fonts it already has; harmless
            warnings.simplefilter("ignore")
            self._manager.preload_fonts([
                {"name": "noto_sans", "point_size": round(size * scale), "style": style, "antialiased": "1"}
                for size in (BODY_FONT_PX, BASE_FONT_PX, BASE_FONT_PX + 1, HEADING_FONT_PX, TITLE_FONT_PX)
                for style in ("regular", "bold", "italic")
            ])
        self._by_name: dict[str, Any] = {}
        self._names: dict[int, str] = {}  # id(element) -> name
        self._roots: dict[str, Any] = {}  # top-level windows and panels, for hit tests
        self._scrolled: dict[str, Any] = {}  # scrolling window name -> the container its widgets go in

    # --- layout ----------------------------------------------------------------------------------
    @property
    def size(self) -> tuple[float, float]:
        """Return the screen size in UI units."""
        return self.screen_size[0] / self.scale, self.screen_size[1] / self.scale

    def px(self, units: float) -> int:
        """Return `units` UI units in screen pixels."""
        return round(units * self.scale)

    def _rect(self, rect: Rect) -> pygame.Rect:
        """Return a UI-unit rectangle in screen pixels."""
        x, y, width, height = rect
        return pygame.Rect(self.px(x), self.px(y), self.px(width), self.px(height))

    def resize(self, screen_size: tuple[int, int]) -> None:
        """Follow a new window size."""
        self.screen_size = screen_size
        self._manager.set_window_resolution(screen_size)

    # --- widgets ---------------------------------------------------------------------------------
    def _keep(self, name: str | None, element: Any) -> Any:
        """Remember `element` under `name`, replacing any widget of that name."""
        if name is not None:
            self.remove(name)
            self._by_name[name] = element
            self._names[id(element)] = name
        return element

    def _parent(self, parent: str | None) -> Any:
        """Return the container called `parent` (a scrolling window's scrolled area), or None for the screen."""
        return None if parent is None else self._scrolled.get(parent) or self._by_name[parent]

    def window(self, name: str, rect: Rect, title: str) -> None:
        """Open a movable window with a close button; widgets go in with `parent=name`."""
        element = UIWindow(self._rect(rect), self._manager, window_display_title=shown(title), resizable=False)
        self._keep(name, element)
        self._roots[name] = element
        self._scrolled.pop(name, None)

    def scrolling_window(self, name: str, rect: Rect, title: str, content_height: float) -> None:
        """Open a window like `window` whose widgets lie on an area `content_height` UI units tall, scrolled when taller than the window."""
        self.window(name, rect, title)
        width, height = self.inner_size(name)
        if content_height <= height:
            return
        area = UIScrollingContainer(
            pygame.Rect(0, 0, self.px(width), self.px(height)), self._manager, container=self._by_name[name], allow_scroll_x=False,
        )
        # The vertical bar takes SCROLLBAR_UNITS of the width; the content keeps the rest.
        area.set_scrollable_area_dimensions((self.px(width - SCROLLBAR_UNITS), self.px(content_height)))
        self._scrolled[name] = area

    def panel(self, name: str, rect: Rect, parent: str | None = None) -> None:
        """Add a plain framed panel; widgets go in with `parent=name`."""
        element = UIPanel(self._rect(rect), manager=self._manager, container=self._parent(parent))
        self._keep(name, element)
        if parent is None:
            self._roots[name] = element

    def button(self, name: str, rect: Rect, text: str, parent: str | None = None, tooltip: str | None = None, enabled: bool = True, selected: bool = False) -> None:
        """Add a button that reports `Pressed(name)`; text too long for it ends in an ellipsis."""
        text, tooltip = shown(text), None if tooltip is None else shown(tooltip, lines=True)
        pixels = self._rect(rect)
        element = UIButton(pixels, text, self._manager, container=self._parent(parent), tool_tip_text=tooltip)
        border = element.border_width if isinstance(element.border_width, int) else max(element.border_width.values())
        room = pixels.width - 2 * border  # centred text: no padding but the border
        fitted = _fit_label(element.font, text, room) if element.font is not None else text
        if fitted != text:  # too long for the button: it ends in an ellipsis (the tooltip can say it all)
            element.set_text(fitted)
        if not enabled:
            element.disable()
        if selected:
            element.select()
        self._keep(name, element)
        if parent is None:
            self._roots[name] = element

    def label(self, rect: Rect, text: str, parent: str | None = None, tone: str | None = None, name: str | None = None, centred: bool = False) -> None:
        """Add a one-line label, coloured and sized by tone (see TONES); text too long for it ends in an ellipsis."""
        text = shown(text)
        object_id = ObjectID(object_id=f"#{tone}" if tone else "#centred" if centred else None)
        pixels = self._rect(rect)
        with warnings.catch_warnings():  # the label is made to fit just below, so its "too small" warning is moot
            warnings.filterwarnings("ignore", message="Label Rect is too small")
            element = UILabel(pixels, text, self._manager, container=self._parent(parent), object_id=object_id)
            fitted = _fit_label(element.font, text, pixels.width) if element.font is not None else text
            if fitted != text:
                element.set_text(fitted)
        self._keep(name, element)

    def text_box(self, rect: Rect, html: str, parent: str | None = None, name: str | None = None) -> None:
        """Add a block of wrapped text (pygame_gui's HTML subset: <b>, <i>, <font color>, <br>)."""
        element = UITextBox(shown(html, lines=True), self._rect(rect), self._manager, container=self._parent(parent))
        self._keep(name, element)

    def entry(self, name: str, rect: Rect, text: str = "", parent: str | None = None, focus: bool = False) -> None:
        """Add a one-line text entry that reports `Submitted(name, text)` on Enter."""
        element = UITextEntryLine(self._rect(rect), self._manager, container=self._parent(parent), initial_text=text or None)
        if focus:
            element.focus()
        self._keep(name, element)

    def slider(self, name: str, rect: Rect, value: int, low: int, high: int, parent: str | None = None, step: int = 1) -> None:
        """Add a horizontal slider of whole numbers that reports `Moved(name, value)`."""
        element = UIHorizontalSlider(self._rect(rect), value, (low, high), self._manager, container=self._parent(parent), click_increment=step)
        self._keep(name, element)

    def image(self, name: str, rect: Rect, surface: pygame.Surface, parent: str | None = None) -> None:
        """Add a picture; replace it later with `set_image`."""
        element = UIImage(self._rect(rect), surface, self._manager, container=self._parent(parent))
        self._keep(name, element)

    def set_image(self, name: str, surface: pygame.Surface) -> None:
        """Show a new picture in the image called `name`."""
        self._by_name[name].set_image(surface)

    def set_text(self, name: str, text: str) -> None:
        """Change the text of a label, button or text box."""
        element = self._by_name[name]
        text = shown(text, lines=isinstance(element, UITextBox))
        if isinstance(element, UILabel) and element.font is not None:
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message="Label Rect is too small")
                element.set_text(_fit_label(element.font, text, element.relative_rect.width))
        else:
            element.set_text(text)

    def text_of(self, name: str) -> str:
        """Return what is typed in the entry called `name`."""
        return self._by_name[name].get_text()

    def pixel_rect(self, name: str) -> pygame.Rect:
        """Return where the widget called `name` is on screen, in pixels."""
        return pygame.Rect(self._by_name[name].get_abs_rect())

    def inner_size(self, name: str) -> tuple[float, float]:
        """Return the room inside a window or panel, in UI units."""
        element = self._by_name[name]
        container = element.get_container() if hasattr(element, "get_container") else element
        width, height = container.get_rect().size
        return width / self.scale, height / self.scale

    def has(self, name: str) -> bool:
        """True when a widget called `name` exists."""
        return name in self._by_name

    def remove(self, name: str) -> None:
        """Remove the widget called `name` (and, for a window or panel, everything in it)."""
        element = self._by_name.pop(name, None)
        if element is None:
            return
        self._roots.pop(name, None)
        self._scrolled.pop(name, None)
        self._names.pop(id(element), None)
        element.kill()
        self._forget_dead()

    def _forget_dead(self) -> None:
        """Forget widgets that died with their container."""
        for name, element in list(self._by_name.items()):
            if not element.alive():
                del self._by_name[name]
                self._names.pop(id(element), None)
                self._roots.pop(name, None)

    def clear(self) -> None:
        """Remove every widget."""
        for name in list(self._roots):
            self.remove(name)
        for name in list(self._by_name):
            self.remove(name)

    # --- the frame -------------------------------------------------------------------------------
    def covers(self, position: tuple[int, int]) -> bool:
        """True when a window, panel or top-level button is under the screen point `position`."""
        return any(element.visible and element.get_abs_rect().collidepoint(position) for element in self._roots.values())

    def top_window(self) -> str | None:
        """Return the name of the window in front of the others (the one with focus), or None."""
        stack = self._manager.get_window_stack().get_full_stack()
        return self._names.get(id(stack[-1])) if stack else None

    def typing(self) -> bool:
        """True while a text entry has the keyboard."""
        return any(isinstance(element, UITextEntryLine) and element.is_focused for element in self._by_name.values())

    def handle(self, event: pygame.event.Event) -> tuple[bool, list[GuiEvent]]:
        """Feed one pygame event; return whether a widget took it and the widget events it means."""
        # Widgets listen to each other's events too (a slider to its arrow buttons): pass them all on.
        consumed = bool(self._manager.process_events(event))
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            return True, self._named(event, Pressed)
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED:
            name = self._names.get(id(event.ui_element))
            return True, [] if name is None else [Submitted(name, event.text)]
        if event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED:
            name = self._names.get(id(event.ui_element))
            return True, [] if name is None else [Moved(name, round(event.value))]
        if event.type == pygame_gui.UI_WINDOW_CLOSE:
            name = self._names.get(id(event.ui_element))
            self._forget_dead()
            return True, [] if name is None else [Closed(name)]
        if hasattr(event, "ui_element"):
            return True, []
        if event.type in (pygame.KEYDOWN, pygame.KEYUP, pygame.TEXTINPUT) and self.typing():
            consumed = True
        return consumed, []

    def _named(self, event: pygame.event.Event, kind: type) -> list[GuiEvent]:
        """Return `kind(name)` for the element an event came from, when it is one of ours."""
        name = self._names.get(id(event.ui_element))
        return [] if name is None else [kind(name)]

    def update(self, seconds: float) -> None:
        """Advance hovering, tooltips and blinking cursors by `seconds` of real time."""
        self._manager.update(seconds)

    def draw(self, target: pygame.Surface) -> None:
        """Draw every widget."""
        self._manager.draw_ui(target)
