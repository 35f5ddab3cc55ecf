"""Scripted input for smoke tests: NEO_TERRA_SCRIPT lists input events to post at given frames.

Format: entries separated by `;`, each `FRAME:ACTION:ARGS`, for example
`5:key:1; 8:click:640,400; 12:key:p; 20:down:600,300; 24:up:640,300; 40:key:f5; 60:quit`.
Actions: `key` (a pygame key name), `move`, `click`, `down`, `up` (x,y in window pixels, left
button) and `quit`. The events go through SDL's queue, the same way real input arrives.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

ACTIONS = ("key", "move", "click", "down", "up", "quit")
MAX_ENTRIES = 1_000


@dataclass(frozen=True, slots=True)
class Scripted:
    """One scripted input: at `frame`, do `action` with `argument`."""

    frame: int
    action: str
    argument: str = ""


def parse_script(text: str) -> list[Scripted] | str:
    """Parse NEO_TERRA_SCRIPT; return the entries or a one-line problem."""
    entries: list[Scripted] = []
    for number, raw in enumerate(part.strip() for part in text.split(";")):
        if not raw:
            continue
        pieces = raw.split(":", 2)
        if len(pieces) < 2 or not pieces[0].strip().isdigit():
            return f"NEO_TERRA_SCRIPT entry {number + 1} '{raw}': expected FRAME:ACTION[:ARGS]"
        action = pieces[1].strip().lower()
        argument = pieces[2].strip() if len(pieces) == 3 else ""
        if action not in ACTIONS:
            return f"NEO_TERRA_SCRIPT entry {number + 1} '{raw}': unknown action '{action}' (use {', '.join(ACTIONS)})"
        if action == "key":
            try:
                pygame.key.key_code(argument)
            except ValueError:
                return f"NEO_TERRA_SCRIPT entry {number + 1} '{raw}': unknown key '{argument}'"
        elif action != "quit" and _point(argument) is None:
            return f"NEO_TERRA_SCRIPT entry {number + 1} '{raw}': expected x,y"
        entries.append(Scripted(int(pieces[0]), action, argument))
        if len(entries) > MAX_ENTRIES:
            return f"NEO_TERRA_SCRIPT: more than {MAX_ENTRIES} entries"
    return entries


def _point(text: str) -> tuple[int, int] | None:
    """Return `x,y` as a point, or None."""
    parts = text.split(",")
    if len(parts) != 2 or not all(p.strip().lstrip("-").isdigit() for p in parts):
        return None
    return int(parts[0]), int(parts[1])


class InputScript:
    """Posts each scripted entry's events when its frame comes."""

    def __init__(self, entries: list[Scripted]) -> None:
        self._entries = sorted(entries, key=lambda entry: entry.frame)
        self._next = 0

    def post(self, frame: int) -> None:
        """Post the events of every entry due at or before `frame`."""
        while self._next < len(self._entries) and self._entries[self._next].frame <= frame:
            for event in events_for(self._entries[self._next]):
                pygame.event.post(event)
            self._next += 1


def events_for(entry: Scripted) -> list[pygame.event.Event]:
    """Return the pygame events one scripted entry stands for."""
    if entry.action == "quit":
        return [pygame.event.Event(pygame.QUIT)]
    if entry.action == "key":
        code = pygame.key.key_code(entry.argument)
        return [
            pygame.event.Event(pygame.KEYDOWN, key=code, mod=0, unicode="", scancode=0),
            pygame.event.Event(pygame.KEYUP, key=code, mod=0, unicode="", scancode=0),
        ]
    point = _point(entry.argument)
    assert point is not None  # checked when parsed
    motion = pygame.event.Event(pygame.MOUSEMOTION, pos=point, rel=(0, 0), buttons=(0, 0, 0))
    down = pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=point, button=1)
    up = pygame.event.Event(pygame.MOUSEBUTTONUP, pos=point, button=1)
    return {"move": [motion], "click": [motion, down, up], "down": [motion, down], "up": [motion, up]}[entry.action]
