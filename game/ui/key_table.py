"""The key table of the settings, shared by the main menu and the game menu: click an action, press its new key.

A key another action uses, a fixed key (Esc, panning, zooming) or one the game cannot bind is
refused with the reason on the table's note line; Esc stops waiting. The table only returns new
settings; the menus apply and store them as any other settings change.
"""

from __future__ import annotations

import pygame

from game.bindings import ACTION_INDEX, ACTIONS, binding_problem, bindings, key_label, overrides_of
from game.settings import Settings
from game.ui.gui import Gui, GuiEvent, Pressed
from game.ui.keys import key_name

ROW = 28  # UI units per action row
COLUMN = 270  # UI units per column of actions
KEY_BUTTON = 84  # UI units of the key button at a row's right
PREFIX = "keys.action."


class KeyTable:
    """The table's state: which action waits for its new key, and the line that says what happened."""

    def __init__(self) -> None:
        self.waiting: str | None = None  # the action whose new key the next key press gives
        self.note = "Click an action's key, then press the new key."
        self.page = 0  # which page of actions shows when they do not all fit

    def build(self, gui: Gui, parent: str, origin: tuple[float, float], size: tuple[float, float], settings: Settings) -> None:
        """Lay the table out from `origin` in `parent`, in as many columns as `size` (UI units) needs."""
        x, y = origin
        width, height = size
        current = bindings(settings.keys)
        gui.label((x, y, width - 300, 30), "Keys", parent, tone="heading")
        gui.button("keys.reset", (x + width - 290, y, 150, 30), "Reset to defaults", parent, enabled=bool(settings.keys))
        gui.button("keys.back", (x + width - 130, y, 120, 30), "Back", parent)
        gui.label((x, y + 34, width, 24), self.note, parent, tone="accent" if self.waiting else "bad" if self.note.startswith("Refused") else "dim", name="keys.note")
        top = y + 64
        per_column = max(1, int((height - 64) // ROW))
        columns = max(1, int(width // COLUMN))
        if per_column * columns < len(ACTIONS):  # pages, the last row holding the page buttons
            per_column = max(1, per_column - 1)
        per_page = per_column * columns
        pages = -(-len(ACTIONS) // per_page)
        self.page = min(self.page, pages - 1)
        if pages > 1:
            bottom = top + per_column * ROW + 2
            gui.button("keys.earlier", (x, bottom, 90, ROW - 3), "Earlier", parent, enabled=self.page > 0)
            gui.label((x + 96, bottom, 80, ROW - 3), f"{self.page + 1} of {pages}", parent, tone="dim", name="keys.page")
            gui.button("keys.later", (x + 180, bottom, 90, ROW - 3), "Later", parent, enabled=self.page < pages - 1)
        first = self.page * per_page
        for index, action in enumerate(ACTIONS[first : first + per_page]):
            column, row = divmod(index, per_column)
            left, at = x + column * COLUMN, top + row * ROW
            gui.label((left, at, COLUMN - KEY_BUTTON - 8, ROW - 2), action.label, parent)
            text = "…" if self.waiting == action.id else key_label(current[action.id])
            gui.button(f"{PREFIX}{action.id}", (left + COLUMN - KEY_BUTTON - 8, at, KEY_BUTTON, ROW - 3), text, parent, selected=self.waiting == action.id)

    @staticmethod
    def height_for(columns: int) -> float:
        """Return the UI units the table takes in `columns` columns."""
        return 64 + -(-len(ACTIONS) // columns) * ROW + 8

    def on_gui(self, event: GuiEvent, settings: Settings) -> Settings | str | None:
        """Return new settings (reset), "rebuild" (waiting for a key now), "back", or None when the event is not the table's."""
        if not isinstance(event, Pressed):
            return None
        if event.name == "keys.back":
            self.waiting = None
            return "back"
        if event.name in ("keys.earlier", "keys.later"):
            self.page += -1 if event.name == "keys.earlier" else 1
            return "rebuild"
        if event.name == "keys.reset":
            self.waiting = None
            self.note = "Every key is back to its default."
            return settings.with_changes(keys=())
        if event.name.startswith(PREFIX):
            self.waiting = event.name[len(PREFIX):]
            self.note = f"Press the new key for {ACTION_INDEX[self.waiting].label.lower()} (Esc: keep it as it is)."
            return "rebuild"
        return None

    def on_key(self, event: pygame.event.Event, settings: Settings) -> Settings | str | None:
        """While an action waits: return new settings, "rebuild" (refused or cancelled, the note says why); None when not waiting."""
        if self.waiting is None or event.type != pygame.KEYDOWN:
            return None
        action, self.waiting = self.waiting, None
        label = ACTION_INDEX[action].label
        if event.key == pygame.K_ESCAPE:
            self.note = f"{label}: kept as it was."
            return "rebuild"
        name = key_name(event.key)
        current = bindings(settings.keys)
        problem = f"{pygame.key.name(event.key) or 'that key'} cannot be bound" if name is None else binding_problem(current, action, name)
        if problem is not None or name is None:
            self.note = f"Refused: {problem}."
            return "rebuild"
        current[action] = name
        self.note = f"{label}: {key_label(name)}."
        return settings.with_changes(keys=overrides_of(current))
