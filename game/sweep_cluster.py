"""Sweeps on a Dask distributed cluster: `neo-terra sweep --dask local` or `--dask tcp://host:port`.

The runs go to the cluster as tasks of small batches (game.sweep.play_batch: a pure function of the
level's text, the strategies, the seeds and the ticks, sharing nothing), and come back in any order;
game.sweep puts them back in (strategy, seed) order, so the table is the one a process pool gives.
dask.distributed is an optional extra (`pip install neo-terra[cluster]`), imported only here.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from game.sweep import Progress, RunResult, StrategySpec, SweepLevel, batches, gathered, play_batch

LOCAL = "local"  # --dask local: a LocalCluster on this machine
CONNECT_TIMEOUT_SECONDS = 10  # to reach a scheduler before --dask ADDRESS gives up
INSTALL_HINT = "--dask needs dask.distributed: install neo-terra[cluster] (pip install 'neo-terra[cluster]')"


class ClusterError(Exception):
    """The cluster cannot be used (dask missing, a bad address, no scheduler there), said in one line."""


def play_on_cluster(
    address: str, jobs: int, level: SweepLevel, runs: Sequence[tuple[StrategySpec, int]], ticks: int, progress: Progress | None,
) -> list[RunResult]:
    """Play `runs` on the cluster `address` names (a LocalCluster of `jobs` workers for "local"); results in the runs' order."""
    with cluster_client(address, jobs) as client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        shared = client.scatter(level, broadcast=True)  # the level's text travels to each worker once, not with every task
        futures = {client.submit(play_batch, shared, batch, ticks, pure=False): index for index, batch in enumerate(batches(runs, workers))}
        return gathered(_as_completed(futures), progress)


def _as_completed(futures: dict[Any, int]) -> Iterator[tuple[int, list[RunResult]]]:
    """Yield (batch index, results) for each Dask future as it finishes."""
    for future in _distributed().as_completed(list(futures)):
        yield futures[future], future.result()


@contextmanager
def cluster_client(address: str, jobs: int) -> Iterator[Any]:
    """Yield a distributed Client: of a new LocalCluster of `jobs` single-threaded worker processes, or connected to `address`."""
    distributed = _distributed()
    if address == LOCAL:
        cluster = distributed.LocalCluster(
            n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.ERROR,
        )
        with cluster, distributed.Client(cluster) as client:
            yield client
        return
    if "://" not in address:
        raise ClusterError(f"--dask takes '{LOCAL}' or a scheduler's address such as tcp://host:8786, not '{address}'")
    try:
        client = distributed.Client(address, timeout=f"{CONNECT_TIMEOUT_SECONDS}s")
    except (OSError, ValueError, TypeError) as error:  # TimeoutError is an OSError; an unknown scheme a ValueError
        first_line = (str(error).strip() or type(error).__name__).splitlines()[0]
        raise ClusterError(f"--dask: cannot reach a Dask scheduler at '{address}': {first_line}") from None
    with client:
        yield client


def _distributed() -> Any:
    """Return the dask.distributed module, or ClusterError saying how to install it."""
    try:
        import distributed
    except ImportError:
        raise ClusterError(INSTALL_HINT) from None
    return distributed
