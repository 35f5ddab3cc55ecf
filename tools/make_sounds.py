"""Synthesise the game's short sound effects into assets/sounds/*.wav with numpy.

Run: `python tools/make_sounds.py`. Each effect is a few notes of simple waveforms with an
attack/decay envelope, so the files are small, deterministic and ours. 16-bit mono, 22,050 Hz.
"""

from __future__ import annotations

import sys
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np

RATE = 22_050  # samples per second
PEAK = 0.55  # fraction of full scale, leaves headroom when effects overlap
SOUND_DIR = Path(__file__).resolve().parents[1] / "assets" / "sounds"


def envelope(samples: int, attack_s: float = 0.005, release_s: float = 0.08) -> np.ndarray:
    """Return a linear attack then exponential-ish release shape, 0..1, `samples` long."""
    t = np.arange(samples) / RATE
    attack = np.clip(t / attack_s, 0.0, 1.0)
    tail = np.clip((samples / RATE - t) / release_s, 0.0, 1.0)
    return attack * tail * np.exp(-t * 3.0)


def tone(frequency_hz: float, seconds: float, shape: str = "sine", slide_to_hz: float | None = None) -> np.ndarray:
    """Return one note; `slide_to_hz` glides the pitch linearly over the note."""
    samples = int(RATE * seconds)
    end = frequency_hz if slide_to_hz is None else slide_to_hz
    frequency = np.linspace(frequency_hz, end, samples)
    phase = 2 * np.pi * np.cumsum(frequency) / RATE
    if shape == "square":
        wave_form = np.sign(np.sin(phase)) * 0.5
    elif shape == "triangle":
        wave_form = 2 / np.pi * np.arcsin(np.sin(phase))
    else:
        wave_form = np.sin(phase)
    return wave_form * envelope(samples)


def noise(seconds: float, seed: int, lowpass: int = 6) -> np.ndarray:
    """Return a burst of filtered noise (a moving average of `lowpass` samples softens it)."""
    rng = np.random.default_rng(seed)
    raw = rng.uniform(-1.0, 1.0, int(RATE * seconds))
    smooth = np.convolve(raw, np.ones(lowpass) / lowpass, mode="same")
    return smooth * envelope(raw.size, release_s=seconds * 0.8)


def sequence(*parts: tuple[float, np.ndarray]) -> np.ndarray:
    """Mix (start second, samples) parts into one track."""
    length = max(int(start * RATE) + len(samples) for start, samples in parts)
    track = np.zeros(length)
    for start, samples in parts:
        offset = int(start * RATE)
        track[offset:offset + len(samples)] += samples
    return track


def build() -> np.ndarray:
    """A solid two-note thunk with a little grit: something went up."""
    return sequence((0.0, 0.7 * tone(220, 0.12, "triangle")), (0.0, 0.3 * noise(0.06, 1)), (0.06, 0.6 * tone(330, 0.14, "triangle")))


def demolish() -> np.ndarray:
    """A falling rumble: something came down."""
    return sequence((0.0, 0.8 * noise(0.35, 2, lowpass=18)), (0.0, 0.5 * tone(160, 0.3, "square", slide_to_hz=60)))


def alert() -> np.ndarray:
    """Two high beeps: look at the city."""
    beep = tone(880, 0.09, "square")
    return sequence((0.0, 0.5 * beep), (0.14, 0.5 * beep))


def win() -> np.ndarray:
    """A rising major arpeggio."""
    notes = (523.25, 659.25, 783.99, 1046.5)
    return sequence(*((i * 0.12, 0.6 * tone(f, 0.35, "triangle")) for i, f in enumerate(notes)))


def lose() -> np.ndarray:
    """A slow falling minor line."""
    notes = (392.0, 311.13, 261.63, 196.0)
    return sequence(*((i * 0.18, 0.6 * tone(f, 0.4, "triangle")) for i, f in enumerate(notes)))


def click() -> np.ndarray:
    """A soft tick for menu buttons."""
    return 0.5 * tone(1200, 0.03, "sine")


EFFECTS: dict[str, Callable[[], np.ndarray]] = {
    "build": build, "demolish": demolish, "alert": alert, "win": win, "lose": lose, "click": click,
}


def to_pcm(track: np.ndarray) -> bytes:
    """Return the track normalised to PEAK as 16-bit little-endian samples."""
    peak = float(np.max(np.abs(track))) or 1.0
    return (track / peak * PEAK * 32767).astype("<i2").tobytes()


def write_wav(path: Path, track: np.ndarray) -> None:
    """Write a mono 16-bit WAV file."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(to_pcm(track))


def main(folder: Path = SOUND_DIR) -> int:
    """Write every effect into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, make in EFFECTS.items():
        write_wav(folder / f"{name}.wav", make())
    print(f"wrote {len(EFFECTS)} sounds to {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
