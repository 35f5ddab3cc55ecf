"""The settings form, shared by the main menu and the in-game menu: window, UI scale, sound, autosaves and event pauses."""

from __future__ import annotations

from game.settings import (
    AUTOSAVE_DAYS,
    UI_SCALES,
    WINDOW_SIZES,
    Settings,
    effective_ui_scale,
    scale_needs,
)
from game.ui.gui import Gui, GuiEvent, Moved, Pressed

ROW = 40  # UI units per form row
FORM_WIDTH = 420
FORM_HEIGHT = 312  # UI units: eight rows and the UI scale note


def _window_label(settings: Settings) -> str:
    """Return the window size button's text."""
    return f"Window size: {settings.width} × {settings.height}"


def autosave_label(days: int) -> str:
    """Return the autosave button's text for an interval of `days` game days (0: off)."""
    if days == 0:
        return "Autosave: off"
    return "Autosave: every game day" if days == 1 else f"Autosave: every {days} game days"


def next_autosave_days(days: int) -> int:
    """Return the autosave interval after `days` in AUTOSAVE_DAYS (wrapping; an unlisted one starts over)."""
    if days in AUTOSAVE_DAYS:
        return AUTOSAVE_DAYS[(AUTOSAVE_DAYS.index(days) + 1) % len(AUTOSAVE_DAYS)]
    return AUTOSAVE_DAYS[0]


def next_window_size(settings: Settings) -> tuple[int, int]:
    """Return the window size after the current one in WINDOW_SIZES (wrapping)."""
    current = (settings.width, settings.height)
    if current in WINDOW_SIZES:
        return WINDOW_SIZES[(WINDOW_SIZES.index(current) + 1) % len(WINDOW_SIZES)]
    return WINDOW_SIZES[0]


def build_settings_form(gui: Gui, parent: str | None, origin: tuple[float, float], settings: Settings) -> None:
    """Lay out the settings widgets from `origin` inside `parent`."""
    x, y = origin
    gui.label((x, y, FORM_WIDTH, 30), "Display", parent, tone="heading")
    gui.button("settings.window", (x, y + ROW, 260, 32), _window_label(settings), parent, tooltip="Click to step through the sizes", enabled=not settings.fullscreen)
    gui.button("settings.fullscreen", (x + 270, y + ROW, 150, 32), f"Fullscreen: {'on' if settings.fullscreen else 'off'}", parent)
    gui.label((x, y + 2 * ROW, 100, 32), "UI scale", parent)
    for i, scale in enumerate(UI_SCALES):
        gui.button(f"settings.scale.{scale:g}", (x + 110 + i * 100, y + 2 * ROW, 92, 32), f"{scale:g}×", parent, selected=scale == settings.ui_scale)
    gui.label((x, y + 2 * ROW + 34, FORM_WIDTH, 24), scale_note(settings.ui_scale, gui.screen_size), parent, tone="dim", name="settings.scale_note")
    y += 30  # below the note
    gui.label((x, y + 3 * ROW, FORM_WIDTH, 30), "Sound and saves", parent, tone="heading")
    gui.label((x, y + 4 * ROW, 100, 30), f"Volume {settings.volume}%", parent, name="settings.volume_label")
    gui.slider("settings.volume", (x + 110, y + 4 * ROW, 200, 28), settings.volume, 0, 100, parent, step=10)
    gui.button("settings.mute", (x + 320, y + 4 * ROW, 100, 30), "Unmute" if settings.muted else "Mute", parent)
    gui.button("settings.autosave", (x, y + 5 * ROW, 260, 32), autosave_label(settings.autosave_days), parent, tooltip="Click to step through: off, every 1, 2, 5 or 10 game days")
    gui.button(
        "settings.pause_events", (x + 270, y + 5 * ROW, 150, 32), f"Events pause: {'on' if settings.pause_on_events else 'off'}", parent,
        tooltip="On: the clock stops while a story event waits for your answer. Off: it runs, and Ecolife answers when time is up.",
    )
    changed = f" ({len(settings.keys)} changed)" if settings.keys else ""
    gui.button("settings.keys", (x, y + 6 * ROW, 260, 32), f"Keys…{changed}", parent, tooltip="Change which key does what")


def scale_note(ui_scale: float, screen_size: tuple[int, int]) -> str:
    """Return the line under the UI scale buttons: what the scale does, or why a smaller one is in use."""
    used = effective_ui_scale(ui_scale, screen_size)
    if used == ui_scale:
        return "Makes every panel and text larger for high-resolution screens."
    width, height = scale_needs(ui_scale)
    return f"{ui_scale:g}× needs a {width}×{height} window; using {used:g}× here."


def settings_change(event: GuiEvent, settings: Settings) -> Settings | None:
    """Return the settings after a form event, or None when the event is not the form's."""
    if isinstance(event, Moved) and event.name == "settings.volume":
        return settings.with_changes(volume=max(0, min(100, event.value)))
    if not isinstance(event, Pressed):
        return None
    if event.name == "settings.window":
        width, height = next_window_size(settings)
        return settings.with_changes(width=width, height=height)
    if event.name == "settings.fullscreen":
        return settings.with_changes(fullscreen=not settings.fullscreen)
    if event.name == "settings.autosave":
        return settings.with_changes(autosave_days=next_autosave_days(settings.autosave_days))
    if event.name == "settings.pause_events":
        return settings.with_changes(pause_on_events=not settings.pause_on_events)
    if event.name == "settings.mute":
        return settings.with_changes(muted=not settings.muted)
    if event.name.startswith("settings.scale."):
        return settings.with_changes(ui_scale=float(event.name[len("settings.scale."):]))
    return None
