"""The instruction benchmark: per tick is the difference of two valgrind runs over the ticks counted."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCH_INSTRUCTIONS = ROOT / "bench" / "bench_instructions.py"


def _bench_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_instructions", BENCH_INSTRUCTIONS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_tick_costs_the_difference_of_the_two_runs_over_the_ticks_counted(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    bench = _bench_module()
    runs: list[list[str]] = []

    def fake_run(command: list[str], **options: Any) -> subprocess.CompletedProcess[str]:
        runs.append(command)
        ticks = int(command[-2])
        assert options["env"]["PYTHONHASHSEED"] == "0"  # the hash seed is fixed for both runs
        return subprocess.CompletedProcess(command, 0, "", f"==1== Collected : {1_000_000 + ticks * 2_000}\n")

    monkeypatch.setattr(bench.shutil, "which", lambda name: "/usr/bin/valgrind")
    monkeypatch.setattr(bench.subprocess, "run", fake_run)
    assert bench.main(["--ticks", "100", "--warm-up", "10"]) == 0
    assert sorted(int(command[-2]) for command in runs) == [10, 110]
    assert all(command[:2] == ["/usr/bin/valgrind", "--tool=callgrind"] for command in runs)
    assert "INSTRUCTIONS name=tick_128_agents per_tick=2000 ticks=100" in capsys.readouterr().out


def test_a_failed_valgrind_run_is_one_line_and_status_2(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    bench = _bench_module()
    monkeypatch.setattr(bench.shutil, "which", lambda name: "/usr/bin/valgrind")
    monkeypatch.setattr(bench.subprocess, "run", lambda command, **options: subprocess.CompletedProcess(command, 1, "", "valgrind: no such tool\n"))
    with pytest.raises(SystemExit) as stopped:
        bench.main([])
    assert stopped.value.code == 2
    assert capsys.readouterr().err == "bench_instructions: valgrind failed on a run of 448 ticks: valgrind: no such tool\n"


def test_without_valgrind_it_says_so_in_one_line_and_exits_2() -> None:
    run = subprocess.run(
        [sys.executable, str(BENCH_INSTRUCTIONS)], capture_output=True, text=True, timeout=60, cwd=ROOT,
        env={**os.environ, "PATH": str(ROOT / "no-such-directory")},
    )
    assert run.returncode == 2
    assert run.stderr == "bench_instructions: valgrind is not on the PATH (Debian: apt-get install valgrind)\n"
    assert run.stdout == ""
