"""Benchmark: a long headless soak, showing that memory stays flat however old the game gets.

Run: python bench/bench_soak.py [--ticks N] [--level PATH]
Steps the level for N ticks (default 500,000: about 20,800 game days, a minute or two, well past
the statistics history's bound, so its thinning is exercised) and prints the process's resident memory (peak RSS from
getrusage, current RSS from /proc where there is one) at the start, every tenth of the run and at the
end, the history's length, and the tick-time figures with a BENCH line (bench_report.py).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from array import array
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_report import report  # noqa: E402

from game.level import load_level  # noqa: E402
from game.sim import Simulation  # noqa: E402

LEVEL = Path(__file__).resolve().parent.parent / "levels" / "01_first_light.toml"
CHECKPOINTS = 10  # memory lines printed over the run


def resident_mb() -> float:
    """Return this process's current resident memory in MB (peak RSS where /proc is missing)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_mb()


def peak_mb() -> float:
    """Return this process's peak resident memory in MB (getrusage reports KB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    """Run the soak and print memory and tick figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ticks", type=int, default=500_000)
    parser.add_argument("--level", type=Path, default=LEVEL)
    args = parser.parse_args()
    sim = Simulation(load_level(args.level), seed=1)
    sim.step(48)  # warm up: caches, first networks, a couple of day ends
    # Tick times go into a buffer allocated before the first memory figure, so they add nothing to growth.
    samples = array("d", bytes(8 * args.ticks))
    start_mb = resident_mb()
    print(f"level            {args.level.name} ({sim.width}x{sim.height}), {args.ticks:,} ticks")
    print(f"start            rss {start_mb:.1f} MB, peak {peak_mb():.1f} MB")
    every = max(1, args.ticks // CHECKPOINTS)
    for done in range(1, args.ticks + 1):
        begun = time.perf_counter()
        sim.step()
        samples[done - 1] = (time.perf_counter() - begun) * 1000
        if done % every == 0:
            days = len(sim.history.get("day", ()))
            print(f"tick {sim.tick:>9,}  rss {resident_mb():7.1f} MB  history {days:,} samples")
    end_mb = resident_mb()
    print(f"end              rss {end_mb:.1f} MB, peak {peak_mb():.1f} MB, growth {end_mb - start_mb:+.1f} MB")
    report("soak", "tick             ", samples.tolist())
    sim.close()


if __name__ == "__main__":
    main()
