"""`python main.py` on an interpreter without the game's packages: set up .venv, or one clear line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from game import bootstrap

ROOT = Path(__file__).resolve().parent.parent


def test_with_every_package_present_nothing_happens() -> None:
    assert bootstrap.missing_packages() == []
    bootstrap.ensure_dependencies(["main.py"])  # returns instead of re-running anything


def test_without_the_packages_and_without_bootstrap_it_is_one_line_and_exit_2() -> None:
    # -S hides site-packages: this interpreter then has none of the game's packages.
    env = dict(os.environ, NEO_TERRA_NO_BOOTSTRAP="1")
    done = subprocess.run(
        [sys.executable, "-S", str(ROOT / "main.py"), "--validate", str(ROOT / "levels" / "01_first_light.toml")],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "missing Python packages" in lines[0] and "esper" in lines[0]
    assert "Traceback" not in done.stderr


def test_a_second_attempt_in_the_same_run_does_not_loop() -> None:
    env = dict(os.environ, NEO_TERRA_BOOTSTRAPPED="1")
    done = subprocess.run(
        [sys.executable, "-S", str(ROOT / "main.py"), "--help"], capture_output=True, text=True, env=env, timeout=60,
    )
    assert done.returncode == 2 and "missing Python packages" in done.stderr
