"""Sound effects: load the generated WAVs and play them by name; silent when there is no audio.

Opening the mixer is the only step that can fail on a machine without a sound card (or under
SDL_AUDIODRIVER=dummy with no mixer); then every `play` is a no-op. ALSA prints its complaints
straight to file descriptor 2, so the mixer is opened with stderr pointed at /dev/null.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pygame

from game.resources import ASSETS, package_folder
from game.sim.events import BlackoutStarted, Event, FundsLow, LandfillFull, LevelEnded, PlantStalled
from game.sim.view import ElectionHeld, ScandalBroke, StoryEventFired

SOUND_DIR = package_folder(ASSETS) / "sounds"
SOUND_NAMES = ("build", "demolish", "alert", "win", "lose", "click")
ALERT_GAP_SECONDS = 2.0  # alerts closer together than this play once


@contextmanager
def quiet_stderr() -> Iterator[None]:
    """Send file descriptor 2 to /dev/null for the duration (C libraries write there directly)."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def open_mixer() -> bool:
    """Start the audio mixer if the machine has audio; return whether it is running."""
    if pygame.mixer.get_init():
        return True
    try:
        with quiet_stderr():
            pygame.mixer.init(frequency=22_050, size=-16, channels=2, buffer=512)
    except pygame.error:
        return False
    return bool(pygame.mixer.get_init())


def event_sound(event: Event) -> str | None:
    """Return the effect an event deserves, or None."""
    if isinstance(event, LevelEnded):
        return "win" if event.outcome == "won" else "lose"
    if isinstance(event, (BlackoutStarted, PlantStalled, LandfillFull, FundsLow, StoryEventFired, ScandalBroke)):
        return "alert"
    if isinstance(event, ElectionHeld):
        return "win" if event.won else "lose"
    return None


class Sound:
    """The loaded effects and the volume; `play` does nothing when audio is unavailable or muted."""

    def __init__(self, enabled: bool, volume: float = 0.7, folder: Path = SOUND_DIR) -> None:
        self._effects: dict[str, pygame.mixer.Sound] = {}
        self.volume = volume
        self.played: list[str] = []  # names asked for, audible or not, for tests and debugging
        self._since_alert = ALERT_GAP_SECONDS
        if enabled:
            for name in SOUND_NAMES:
                try:
                    self._effects[name] = pygame.mixer.Sound(str(folder / f"{name}.wav"))
                except (pygame.error, FileNotFoundError):
                    continue  # a missing effect is silence, not a crash

    @classmethod
    def silent(cls) -> Sound:
        """Return a player that never makes a sound."""
        return cls(enabled=False)

    @property
    def audible(self) -> bool:
        """True when effects are loaded and the volume is above zero."""
        return bool(self._effects) and self.volume > 0

    def set_volume(self, volume: float) -> None:
        """Set the volume 0.0..1.0 (0 is mute)."""
        self.volume = max(0.0, min(1.0, volume))

    def update(self, seconds: float) -> None:
        """Let `seconds` of real time pass, for the alert spacing."""
        self._since_alert += seconds

    def play(self, name: str) -> None:
        """Play the effect called `name` once, if it can be heard."""
        if name == "alert":
            if self._since_alert < ALERT_GAP_SECONDS:
                return
            self._since_alert = 0.0
        self.played.append(name)
        del self.played[:-50]
        effect = self._effects.get(name)
        if effect is None or self.volume <= 0:
            return
        effect.set_volume(self.volume)
        effect.play()
