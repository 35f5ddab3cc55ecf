"""Benchmark: loading each shipped level, and start-up of the game window to its first frame.

Run: python bench/bench_load.py
Start-up is measured as the whole `python main.py --level L` process with the SDL dummy driver,
quitting after the first frame (NEO_TERRA_AUTOQUIT_FRAMES=1): an upper bound on time to first frame.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.level import load_level, shipped_levels  # noqa: E402


def time_load(path: Path, repeats: int = 15) -> float:
    """Return the median ms to read, check and build the scenario of the level at `path`."""
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        load_level(path)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def time_startup(path: Path, repeats: int = 3) -> float:
    """Return the median seconds for the window process to start, draw one frame and exit."""
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", NEO_TERRA_AUTOQUIT_FRAMES="1")
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "main.py"), "--level", str(path)], env=env, check=True, capture_output=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    """Print the figures."""
    for path in shipped_levels():
        scenario = load_level(path)
        print(f"load {path.name:22s} {scenario.width}x{scenario.height}: {time_load(path):6.1f} ms   (bar 50 ms for 128x128)")
    levels = shipped_levels()
    print(f"start-up to first frame ({levels[0].name}): {time_startup(levels[0]):.2f} s   (bar 1.5 s)")


if __name__ == "__main__":
    main()
