"""Benchmark: loading each shipped level and the measuring city, and start-up of the game window to its first frame.

Run: python bench/bench_load.py
Start-up is measured as the whole `python main.py --level L` process with the SDL dummy driver,
quitting after the first frame (NEO_TERRA_AUTOQUIT_FRAMES=1): an upper bound on time to first frame.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_report import report  # noqa: E402
from bench_tick import LEVEL as BENCH_128  # noqa: E402

from game.level import load_level, shipped_levels  # noqa: E402
from game.level.catalogue import level_id  # noqa: E402


def time_load(path: Path, repeats: int = 15) -> list[float]:
    """Return the ms of each of `repeats` reads, checks and builds of the scenario of the level at `path`."""
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        load_level(path)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def time_startup(path: Path, repeats: int = 3) -> list[float]:
    """Return the ms of each of `repeats` window processes to start, draw one frame and exit."""
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", NEO_TERRA_AUTOQUIT_FRAMES="1")
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "main.py"), "--level", str(path)], env=env, check=True, capture_output=True)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    """Print the figures."""
    for path in [*shipped_levels(), BENCH_128]:
        scenario = load_level(path)
        report(f"load_{level_id(path)}", f"load {path.name:22s} {scenario.width}x{scenario.height} (bar 50 ms for 128x128): ", time_load(path))
    levels = shipped_levels()
    report("startup_first_frame", f"start-up to first frame ({levels[0].name}; bar 1,500 ms): ", time_startup(levels[0]))


if __name__ == "__main__":
    main()
