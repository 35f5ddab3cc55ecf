"""`neo-terra sweep --dask`: the same sweep on a Dask cluster gives the process pool's table, files and runs.

One LocalCluster of two worker processes serves the module (a cluster takes seconds to start); the
sweeps are short (First Light, a few seeds and days).
"""

from __future__ import annotations

import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import distributed  # in the test extra, as the cluster extra has it
import pytest

from game.cli import main
from game.level import find_level
from game.sweep import StrategySpec, sweep

ARGV = ("--level", "first_light", "--strategies", "idle", "builder", "crackdown", "--seeds", "3", "--days", "3")


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """Yield the address of a LocalCluster's scheduler with two single-threaded worker processes."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40) as cluster:
        yield cluster.scheduler_address


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run `neo-terra sweep ARGV` in this process; return its exit status, stdout and stderr."""
    status = main(["sweep", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_a_sweep_on_a_dask_cluster_writes_the_same_table_csv_and_json_as_the_process_pool(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, scheduler: str,
) -> None:
    for suffix in ("csv", "json"):
        pooled = run_cli(capsys, *ARGV, "--jobs", "2", "--out", str(tmp_path / f"pool.{suffix}"))
        clustered = run_cli(capsys, *ARGV, "--dask", scheduler, "--out", str(tmp_path / f"dask.{suffix}"))
        assert pooled == clustered and pooled[0] == 0
        assert (tmp_path / f"dask.{suffix}").read_bytes() == (tmp_path / f"pool.{suffix}").read_bytes()


def test_the_clusters_runs_are_the_pools_in_strategy_and_seed_order(scheduler: str) -> None:
    level = str(find_level("first_light"))
    specs = [StrategySpec("idle", built_in="idle"), StrategySpec("balanced", built_in="balanced")]
    done: list[int] = []
    clustered = sweep(level, specs, [9, 2, 5], days=3, dask=scheduler, progress=done.append)
    assert clustered == sweep(level, specs, [9, 2, 5], days=3, jobs=1)
    assert [(run.strategy, run.seed) for run in clustered] == [(s.label, seed) for s in specs for seed in (9, 2, 5)]
    assert done[-1] == 6 and done == sorted(done)


def test_dask_local_starts_its_own_cluster_and_prints_the_same_table(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ("--level", "first_light", "--strategies", "idle", "amnesty", "--seeds", "3", "--days", "2", "--jobs", "1")
    assert run_cli(capsys, *argv, "--dask", "local") == run_cli(capsys, *argv)  # a cluster of one worker process, against this process


def test_without_dask_installed_dask_asks_for_the_cluster_extra(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed raises ImportError
    status, out, err = run_cli(capsys, "--level", "first_light", "--seeds", "1", "--days", "1", "--dask", "local")
    assert (status, out) == (2, "")
    assert len(err.splitlines()) == 1 and "install neo-terra[cluster]" in err


def test_a_scheduler_that_is_not_there_is_one_line_and_exit_status_2(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import game.sweep_cluster

    monkeypatch.setattr(game.sweep_cluster, "CONNECT_TIMEOUT_SECONDS", 1)
    with socket.socket() as unused:  # a port nothing listens on once this closes
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    status, out, err = run_cli(capsys, "--level", "first_light", "--seeds", "1", "--days", "1", "--dask", f"tcp://127.0.0.1:{port}")
    assert (status, out) == (2, "")
    assert len(err.splitlines()) == 1 and f"cannot reach a Dask scheduler at 'tcp://127.0.0.1:{port}'" in err


def test_an_address_that_is_no_address_is_one_line_and_exit_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run_cli(capsys, "--level", "first_light", "--seeds", "1", "--days", "1", "--dask", "my-cluster")
    assert (status, out) == (2, "")
    assert len(err.splitlines()) == 1 and "--dask takes 'local' or a scheduler's address" in err
