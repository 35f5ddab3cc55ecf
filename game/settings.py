"""The player's settings (window, UI scale, sound) and the folders the game keeps its files in.

Settings are JSON in the user's config folder (XDG_CONFIG_HOME, else ~/.config, then
`neo-terra/settings.json`); saves live in the data folder (XDG_DATA_HOME, else ~/.local/share,
then `neo-terra/saves`). A damaged or half-valid settings file never stops the game: every field
that cannot be read falls back to its default, and the loader says which.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from game.bindings import DEFAULT_BINDINGS, binding_problem, bindings, overrides_of
from game.files import write_atomic

APP_FOLDER = "neo-terra"
SETTINGS_FILE = "settings.json"
UI_SCALES = (1.0, 1.5, 2.0)
WINDOW_SIZES = ((1280, 720), (1600, 900), (1920, 1080), (2560, 1440))
MIN_WINDOW = (800, 500)  # px: below this the bars no longer fit
MIN_UI_AREA = (800, 450)  # screen px divided by the UI scale: the panels need this much room
MAX_WINDOW = (7680, 4320)
MAX_SETTINGS_BYTES = 64 * 1024
AUTOSAVE_DAYS = (0, 1, 2, 5, 10)  # the choices the settings form steps through; 0 turns autosaves off
MAX_AUTOSAVE_DAYS = 365


@dataclass(frozen=True, slots=True)
class Settings:
    """What the player chose: window (px), fullscreen, UI scale, volume 0..100, mute, autosave interval (days, 0 off), and
    whether a story event's dialog stops the clock while it waits for an answer."""

    width: int = 1280
    height: int = 720
    fullscreen: bool = False
    ui_scale: float = 1.0
    volume: int = 70
    muted: bool = False
    autosave_days: int = 1
    pause_on_events: bool = True
    keys: tuple[tuple[str, str], ...] = ()  # (action id, key name) where the player changed a key (game.bindings)

    def with_changes(self, **changes: Any) -> Settings:
        """Return a copy with some fields changed."""
        return replace(self, **changes)

    @property
    def effective_volume(self) -> float:
        """Return the mixer volume 0.0..1.0, zero when muted."""
        return 0.0 if self.muted else self.volume / 100


def effective_ui_scale(ui_scale: float, screen_size: tuple[int, int]) -> float:
    """Return the largest UI scale up to `ui_scale` that leaves the panels MIN_UI_AREA of room on the screen."""
    fitting = [scale for scale in UI_SCALES if scale <= ui_scale and screen_size[0] / scale >= MIN_UI_AREA[0] and screen_size[1] / scale >= MIN_UI_AREA[1]]
    return max(fitting, default=UI_SCALES[0])


def scale_needs(ui_scale: float) -> tuple[int, int]:
    """Return the smallest screen in px on which `ui_scale` is used as chosen."""
    return round(MIN_UI_AREA[0] * ui_scale), round(MIN_UI_AREA[1] * ui_scale)


def config_dir() -> Path:
    """Return the folder for the settings file (not created here)."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / APP_FOLDER


def data_dir() -> Path:
    """Return the folder for saved games and other player data (not created here)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP_FOLDER


def settings_path() -> Path:
    """Return where the settings file lives."""
    return config_dir() / SETTINGS_FILE


def load_settings(path: Path | None = None) -> tuple[Settings, list[str]]:
    """Read the settings file; return the settings and one line per problem (defaults used for those)."""
    target = settings_path() if path is None else path
    if not target.exists():
        return Settings(), []
    try:
        if target.stat().st_size > MAX_SETTINGS_BYTES:
            return Settings(), [f"{target}: too large to be a settings file; using the defaults"]
        raw = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        return Settings(), [f"{target}: cannot read ({_first_line(error)}); using the defaults"]
    if not isinstance(raw, dict):
        return Settings(), [f"{target}: expected a JSON object; using the defaults"]
    return _from_dict(raw, target)


def _first_line(error: Exception) -> str:
    """Return the first line of an error's message."""
    return (str(error).splitlines() or [type(error).__name__])[0]


def _from_dict(raw: dict, target: Path) -> tuple[Settings, list[str]]:
    """Take each known field that has a valid value; report the others."""
    defaults = Settings()
    values: dict[str, Any] = {}
    problems: list[str] = []
    for field in fields(Settings):
        if field.name not in raw:
            continue
        if field.name == "keys":
            values["keys"], found = _keys(raw["keys"], target)
            problems.extend(found)
            continue
        value = raw[field.name]
        problem = _check(field.name, value)
        if problem:
            problems.append(f"{target}: {field.name}: {problem}; using {getattr(defaults, field.name)!r}")
        else:
            values[field.name] = float(value) if field.name == "ui_scale" else value
    return Settings(**values), problems


def _keys(raw: object, target: Path) -> tuple[tuple[tuple[str, str], ...], list[str]]:
    """Take each key binding that names a known action and a free, bindable key; report the others (their default stays)."""
    if not isinstance(raw, dict):
        return (), [f"{target}: keys: expected an object of action = key; using the default keys"]
    current = bindings(())
    for action in raw:
        if action in current:
            current[action] = ""  # changed keys may swap: each is checked against the others' new keys
    problems = []
    for action, key in raw.items():
        problem = "expected a key name such as \"b\" or \"f5\"" if not isinstance(key, str) else binding_problem(current, str(action), key)
        if problem is None:
            current[str(action)] = str(key)
        else:
            default = f"using {DEFAULT_BINDINGS[action]!r}" if action in current else "ignored"
            if action in current:
                current[action] = DEFAULT_BINDINGS[action]
            problems.append(f"{target}: keys.{action}: {problem}; {default}")
    return overrides_of(current), problems


def _check(name: str, value: object) -> str | None:
    """Return what is wrong with a settings value, or None when it is fine."""
    if name in ("fullscreen", "muted", "pause_on_events"):
        return None if isinstance(value, bool) else "expected true or false"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "expected a number"
    if name == "ui_scale":
        return None if float(value) in UI_SCALES else f"expected one of {', '.join(f'{s:g}' for s in UI_SCALES)}"
    if not isinstance(value, int):
        return "expected a whole number"
    if name == "volume":
        return None if 0 <= value <= 100 else "expected 0 to 100"
    if name == "autosave_days":
        return None if 0 <= value <= MAX_AUTOSAVE_DAYS else f"expected 0 (off) to {MAX_AUTOSAVE_DAYS} days"
    low, high = (MIN_WINDOW[0], MAX_WINDOW[0]) if name == "width" else (MIN_WINDOW[1], MAX_WINDOW[1])
    return None if low <= value <= high else f"expected {low} to {high} px"


def save_settings(settings: Settings, path: Path | None = None) -> str | None:
    """Write the settings atomically; return a one-line problem instead of raising when it fails."""
    target = settings_path() if path is None else path
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        data = {**asdict(settings), "keys": dict(settings.keys)}
        write_atomic(target, (json.dumps(data, indent=2) + "\n").encode())
    except OSError as error:
        return f"{target}: cannot save the settings ({_first_line(error)})"
    return None
