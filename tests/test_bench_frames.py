"""The frame pacing benchmark drives the real loop and prints one BENCH line per scenario."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_FRAMES = ROOT / "bench" / "bench_frames.py"
LINE = re.compile(r"^BENCH name=(\S+) mean_ms=([\d.]+) p50_ms=([\d.]+) p99_ms=([\d.]+) max_ms=([\d.]+) ticks=(\d+)$")


def test_the_frame_benchmark_prints_a_bench_line_for_the_story_level_and_the_big_city() -> None:
    environment = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    run = subprocess.run(
        [sys.executable, str(BENCH_FRAMES), "--frames", "12", "--side", "32", "--camps", "1", "--members", "20"],
        capture_output=True, text=True, timeout=300, env=environment, cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr
    lines = [LINE.match(line) for line in run.stdout.splitlines() if line.startswith("BENCH ")]
    assert all(lines), run.stdout
    found = {match[1]: match for match in lines if match}
    assert sorted(found) == ["frames_32", "frames_story"] and len(lines) == 2, run.stdout
    for match in found.values():
        mean, p50, p99, peak = (float(match[index]) for index in (2, 3, 4, 5))
        assert 0 < p50 <= p99 <= peak and mean <= peak
        assert int(match[6]) >= 3  # 12 frames of 1/60 s at 16 ticks a second: three ticks
    assert "CPU (main thread)" in run.stdout and "wall" in run.stdout
