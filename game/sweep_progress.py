"""The progress bar of a long sweep: one line on standard error, redrawn in place as batches finish.

    [##########--------------]  40/96 games  3.2 games/s  18 s left
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

BAR_WIDTH = 24  # characters of the bar between its brackets
REDRAW_SECONDS = 0.1  # at most this often, so a fast sweep spends no time drawing


def progress_line(done: int, total: int, elapsed_seconds: float, width: int = BAR_WIDTH) -> str:
    """Return the bar for `done` of `total` games after `elapsed_seconds`: games done, games per second and time left."""
    filled = width * done // total if total else width
    rate = done / elapsed_seconds if elapsed_seconds > 0 else 0.0
    if done >= total:
        left = f"done in {duration(elapsed_seconds)}"
    elif rate > 0:
        left = f"{duration((total - done) / rate)} left"
    else:
        left = "time left unknown"
    digits = len(str(total))
    return f"[{'#' * filled}{'-' * (width - filled)}] {done:>{digits}}/{total} games  {rate:.1f} games/s  {left}"


def duration(seconds: float) -> str:
    """Return `seconds` as `42 s`, `3 min 05 s` or `2 h 07 min`."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    if whole < 3600:
        return f"{whole // 60} min {whole % 60:02d} s"
    return f"{whole // 3600} h {whole % 3600 // 60:02d} min"


class ProgressBar:
    """Draws progress_line on `stream` in place (a carriage return and the line), ending the line when the sweep is done."""

    def __init__(self, total: int, stream: TextIO, clock: Callable[[], float] = time.monotonic) -> None:
        self.total = total
        self.stream = stream
        self.clock = clock
        self.started = clock()
        self.drawn_at = float("-inf")
        self.width_drawn = 0

    def __call__(self, done: int) -> None:
        """Redraw the bar for `done` games (at most every REDRAW_SECONDS, and always at the end)."""
        now = self.clock()
        if done < self.total and now - self.drawn_at < REDRAW_SECONDS:
            return
        self.drawn_at = now
        line = progress_line(done, self.total, now - self.started)
        # Pad over the end of a longer line drawn before ("10 min 00 s left" then "9 min 59 s left").
        self.stream.write("\r" + line.ljust(self.width_drawn))
        self.width_drawn = len(line)
        if done >= self.total:
            self.stream.write("\n")
        self.stream.flush()
