"""The binding table in pygame terms: key names to key codes, and which action a pressed key does."""

from __future__ import annotations

import pygame

from game.bindings import BINDABLE_KEYS, bindings
from game.settings import Settings

_NAMED: dict[str, int] = {"space": pygame.K_SPACE, "tab": pygame.K_TAB, **{f"f{n}": pygame.K_F1 + n - 1 for n in range(1, 13)}}


def key_code(name: str) -> int:
    """Return the pygame key code of a key name ("b", "space", "f5")."""
    # SDL key codes of printable keys are their unshifted characters ("a" is 97, "-" is 45).
    return _NAMED.get(name, ord(name) if len(name) == 1 else -1)


def key_name(code: int) -> str | None:
    """Return the name of a bindable key from its pygame code, or None when the key cannot be bound."""
    for name in BINDABLE_KEYS:
        if key_code(name) == code:
            return name
    return None


class KeyMap:
    """Which action each bound key does, from the settings' bindings (the defaults where unchanged)."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.keys = bindings(() if settings is None else settings.keys)  # action id -> key name
        self._actions = {key_code(key): action for action, key in self.keys.items()}

    def action(self, code: int) -> str | None:
        """Return the action the key with pygame code `code` is bound to, or None."""
        return self._actions.get(code)

    def code(self, action: str) -> int:
        """Return the pygame key code bound to `action`."""
        return key_code(self.keys[action])
