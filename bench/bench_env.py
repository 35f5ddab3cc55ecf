"""Benchmark: `NeoTerra-v0` environment steps per second, one city against the standard vector wrappers and the native batch.

Run: python bench/bench_env.py [--steps N] [--level first_light] [--batch 8]
Every environment waits each step (one game day of the level, ticks_per_step 24), with autoreset
starting a new game when one ends. The scenarios: one city (`gymnasium.make`), `make_vec` with
`vectorization_mode="sync"` and the native batch's number of cities, `"async"` with two worker
processes, and the native batch (`"vector_entry_point"`). Prints, per scenario, a BENCH line of the
milliseconds per environment step (a vector step's time divided by its cities; bench_report.py)
and the environment steps per second.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import gymnasium  # noqa: E402
from bench_report import report  # noqa: E402

import game.research  # noqa: E402, F401 - registers NeoTerra-v0
from game.research.env import ENV_ID  # noqa: E402


def time_single(level: str, steps: int) -> list[float]:
    """Return ms per step of one city, resetting when an episode ends."""
    env = gymnasium.make(ENV_ID, level=level)
    env.reset(seed=1)
    wait = np.zeros_like(env.action_space.sample())
    samples = []
    for _ in range(steps):
        start = time.perf_counter()
        _obs, _reward, terminated, truncated, _info = env.step(wait)
        if terminated or truncated:
            env.reset()
        samples.append((time.perf_counter() - start) * 1000)
    env.close()
    return samples


def time_vector(level: str, steps: int, num_envs: int, mode: str, **vector: Any) -> list[float]:
    """Return ms per environment step of `num_envs` cities under `make_vec`'s `mode` (a vector step's time / num_envs)."""
    envs = gymnasium.make_vec(ENV_ID, num_envs=num_envs, vectorization_mode=mode, level=level, **vector)
    envs.reset(seed=1)
    wait = np.zeros_like(envs.action_space.sample())
    samples = []
    for _ in range(steps):
        start = time.perf_counter()
        envs.step(wait)
        samples.append((time.perf_counter() - start) * 1000 / num_envs)
    envs.close()
    return samples


def main(argv: list[str] | None = None) -> int:
    """Time every scenario and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=200, help="steps timed per scenario (default 200)")
    parser.add_argument("--level", default="first_light", help="level id or file (default first_light)")
    parser.add_argument("--batch", type=int, default=8, help="cities in the native batch and the sync wrapper (default 8)")
    args = parser.parse_args(argv)
    if args.steps < 1 or args.batch < 1:
        parser.error("--steps and --batch must be at least 1")
    scenarios = [  # name, label, cities, make_vec's mode ("": one city from gymnasium.make)
        ("env_single", "one city (gymnasium.make)", 1, ""),
        (f"env_sync_{args.batch}", f"SyncVectorEnv, {args.batch} cities", args.batch, "sync"),
        ("env_async_2", "AsyncVectorEnv, 2 workers", 2, "async"),
        (f"env_native_{args.batch}", f"native batch, {args.batch} cities", args.batch, "vector_entry_point"),
    ]
    rates = []
    for name, label, cities, mode in scenarios:
        samples = time_vector(args.level, args.steps, cities, mode) if mode else time_single(args.level, args.steps)
        report(name, f"{label:<28}", samples)
        rates.append((label, 1000 / statistics.fmean(samples)))
    print(f"\n{'environment steps per second':<28} (level {args.level}, one game day a step)")
    for label, rate in rates:
        print(f"{label:<28} {rate:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
