"""The key binding table: every action the window's keys do, its default key, and the player's changes.

Pure data (no pygame), so the settings loader can check a binding: a key is named by the text on
it, lower case ("b", "7", ",", "space", "tab", "f5"); game.ui.keys turns names into pygame key codes.
Escape (menus, putting a tool away), the arrows and WASD (panning), the zoom keys and 1-5 in a story
dialog are fixed and cannot be bound.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from game.sim.buildings import BUILDING_TYPES


@dataclass(frozen=True, slots=True)
class Action:
    """Something a key does: its id (as the settings file names it), what it does, its group and default key."""

    id: str
    label: str
    group: str
    default: str


TOOL_PREFIX: Final = "tool."
_FIXED_ACTIONS: Final = (
    Action("tool.demolish", "Demolish", "Tools", "x"),
    Action("pause", "Pause / resume", "Time", "space"),
    Action("slower", "Slower", "Time", ","),
    Action("faster", "Faster", "Time", "."),
    Action("overlay.pollution", "Pollution overlay", "Overlays", "p"),
    Action("overlay.power", "Power overlay", "Overlays", "o"),
    Action("overlay.waste", "Waste overlay", "Overlays", "i"),
    Action("overlay.contentment", "Contentment overlay", "Overlays", "u"),
    Action("minimap", "Show or hide the minimap", "Overlays", "m"),
    Action("window.policies", "Policies", "Windows", "l"),
    Action("window.charts", "History charts", "Windows", "g"),
    Action("window.power", "Power grid", "Windows", "k"),
    Action("window.budget", "Budget", "Windows", "b"),
    Action("window.log", "Event log", "Windows", "r"),
    Action("window.goals", "Goals", "Windows", "j"),
    Action("window.factions", "Factions and the vote", "Windows", "v"),
    Action("hints", "Tutorial hints", "Windows", "tab"),
    Action("reopen_event", "Reopen a story event", "Windows", "n"),
    Action("forecast", "What if: forecast the build under the cursor", "Game", "f"),
    Action("help", "Help with every key", "Game", "f1"),
    Action("quick_save", "Quick-save", "Game", "f5"),
    Action("quick_load", "Quick-load", "Game", "f9"),
)
ACTIONS: Final[tuple[Action, ...]] = (
    *(Action(f"{TOOL_PREFIX}{b.kind}", b.name, "Tools", b.hotkey.lower()) for b in BUILDING_TYPES),
    *_FIXED_ACTIONS,
)
ACTION_INDEX: Final[dict[str, Action]] = {action.id: action for action in ACTIONS}
DEFAULT_BINDINGS: Final[dict[str, str]] = {action.id: action.default for action in ACTIONS}
# Keys that can be bound: letters, digits, a few punctuation keys, space, tab and F1-F12.
BINDABLE_KEYS: Final[tuple[str, ...]] = (
    *"abcdefghijklmnopqrstuvwxyz0123456789",
    *",.-=;'/[]\\`",
    "space", "tab", *(f"f{n}" for n in range(1, 13)),
)
# Fixed keys: bound to nothing, and never given to an action (what each does cannot move).
FIXED_KEYS: Final[dict[str, str]] = {
    "w": "panning", "a": "panning", "s": "panning", "d": "panning", "q": "zooming out", "e": "zooming in",
}


def bindings(overrides: dict[str, str] | tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Return every action's key: the defaults with the player's `overrides` (action id -> key name)."""
    return {**DEFAULT_BINDINGS, **dict(overrides)}


def key_label(key: str) -> str:
    """Return a key's name as shown to the player: "B", "Space", "F5"."""
    return key.upper() if len(key) == 1 or key.startswith("f") else key.capitalize()


def binding_problem(current: dict[str, str], action: str, key: str) -> str | None:
    """Return why `action` cannot take `key` with the other keys as `current` binds them, or None when it can."""
    if action not in ACTION_INDEX:
        return f"unknown action '{action}'"
    if key not in BINDABLE_KEYS:
        return f"'{key}' is not a key the game can bind"
    if key in FIXED_KEYS:
        return f"{key_label(key)} is kept for {FIXED_KEYS[key]}"
    for other, bound in current.items():
        if bound == key and other != action:
            return f"{key_label(key)} is already the key for {ACTION_INDEX[other].label.lower()}"
    return None


def overrides_of(current: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """Return the bindings that differ from the defaults, in table order: what the settings file keeps."""
    return tuple((action.id, current[action.id]) for action in ACTIONS if current.get(action.id, action.default) != action.default)
