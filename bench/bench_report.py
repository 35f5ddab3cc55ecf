"""How every benchmark reports a scenario: a readable summary and one machine-readable BENCH line.

    BENCH name=<scenario> mean_ms=<x> p50_ms=<x> p99_ms=<x> max_ms=<x> ticks=<n>

`ticks` is the number of samples: ticks stepped, frames drawn, or loads and start-ups timed. A tick
is judged by its mean and p99, not its median: fast forward feels the mean, a player the tail.
"""

from __future__ import annotations

import statistics


def percentile(samples: list[float], share: float) -> float:
    """Return the nearest-rank percentile `share` (0..1) of `samples`."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def summary(samples: list[float]) -> str:
    """Return 'mean / median / p99 / max' of millisecond samples, for the readable table."""
    return (
        f"mean {statistics.fmean(samples):.3f} ms, median {statistics.median(samples):.3f} ms, "
        f"p99 {percentile(samples, 0.99):.3f} ms, max {max(samples):.3f} ms"
    )


def bench_line(name: str, samples: list[float]) -> str:
    """Return the BENCH line of one scenario's millisecond samples."""
    return (
        f"BENCH name={name} mean_ms={statistics.fmean(samples):.4f} p50_ms={statistics.median(samples):.4f} "
        f"p99_ms={percentile(samples, 0.99):.4f} max_ms={max(samples):.4f} ticks={len(samples)}"
    )


def report(name: str, label: str, samples: list[float]) -> None:
    """Print the readable line `label: summary` and the scenario's BENCH line."""
    print(f"{label}{summary(samples)}")
    print(bench_line(name, samples))
