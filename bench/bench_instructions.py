"""Benchmark: CPU instructions per tick of the 128x128 benchmark city, counted by valgrind.

Run: python bench/bench_instructions.py [--ticks N] [--warm-up N]
Wall time on a shared machine moves by two or three times within an hour; the number of
instructions a tick executes does not, so it tells two versions of the code apart where the
BENCH lines cannot. The city is stepped under `valgrind --tool=callgrind` twice, for the warm-up
alone and for the warm-up and `--ticks` more; the difference of the two totals over `--ticks` is
what one tick costs, start-up and level load cancelling out. Both runs fix the interpreter's hash
seed; what is left of the spread between runs of the same code is about 50,000 instructions.
Needs valgrind on the PATH (Debian: apt-get install valgrind); takes about a minute and a half.
Prints a readable line and one `INSTRUCTIONS name=... per_tick=... ticks=...` line.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COLLECTED = re.compile(r"Collected : (\d+)")
# What each run executes: the benchmark level stepped for argv[1] ticks.
STEPS = (
    "import sys; from game.level import load_level; from game.sim import Simulation; "
    "Simulation(load_level(sys.argv[2]), seed=1).step(int(sys.argv[1]))"
)
LEVEL = ROOT / "bench" / "levels" / "bench_128.toml"


def instructions(ticks: int, valgrind: str) -> int:
    """Return the instructions a whole run stepping the benchmark city `ticks` ticks executes."""
    with tempfile.TemporaryDirectory() as scratch:
        run = subprocess.run(
            [valgrind, "--tool=callgrind", f"--callgrind-out-file={Path(scratch) / 'out'}",
             sys.executable, "-c", STEPS, str(ticks), str(LEVEL)],
            capture_output=True, text=True, cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(ROOT)},
            check=False,
        )
    found = COLLECTED.search(run.stderr)
    if run.returncode != 0 or found is None:
        last = (run.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"bench_instructions: valgrind failed on a run of {ticks} ticks: {last}", file=sys.stderr)
        raise SystemExit(2)
    return int(found.group(1))


def main(argv: list[str] | None = None) -> int:
    """Count and print the instructions per tick; exit status 2 without valgrind or with a bad argument."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ticks", type=int, default=400, help="ticks counted after the warm-up (default 400)")
    parser.add_argument("--warm-up", type=int, default=48, help="ticks stepped first, not counted (default 48: two days)")
    args = parser.parse_args(argv)
    if args.ticks < 1 or args.warm_up < 0:
        parser.error("--ticks must be at least 1 and --warm-up at least 0")
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        print("bench_instructions: valgrind is not on the PATH (Debian: apt-get install valgrind)", file=sys.stderr)
        return 2
    per_tick = (instructions(args.warm_up + args.ticks, valgrind) - instructions(args.warm_up, valgrind)) // args.ticks
    print(f"128x128 benchmark level, ticks {args.warm_up}..{args.warm_up + args.ticks}: {per_tick:,} instructions a tick")
    print(f"INSTRUCTIONS name=tick_128_agents per_tick={per_tick} ticks={args.ticks}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
