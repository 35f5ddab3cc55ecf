"""Golden runs: each shipped level (and each measuring level in bench/levels) plus a scripted command log must end on the hash kept in the repo.

When the rules change on purpose, refresh the hashes and commit them with the change:
    NEO_TERRA_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from pathlib import Path

import pytest
from worlds import BENCH_LEVELS

from game.cli import main
from game.level import shipped_levels

GOLDEN = Path(__file__).resolve().parent / "golden"
HASHES = GOLDEN / "hashes.json"
COMMANDS = GOLDEN / "commands.toml"
TICKS = 120  # five game days: every daily system runs, and every scripted command is reached
SEED = 2024
UPDATE = os.environ.get("NEO_TERRA_UPDATE_GOLDEN") == "1"
GOLDEN_LEVELS = [*shipped_levels(), *BENCH_LEVELS]


def _golden_hash(level: Path, tmp_path: Path) -> str:
    """Run `level` headless with the scripted commands and return the final state hash."""
    report = tmp_path / f"{level.stem}.json"
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["--headless", "--level", str(level), "--ticks", str(TICKS), "--seed", str(SEED),
                       "--commands", str(COMMANDS), "--report", str(report)])
    assert (status, err.getvalue()) == (0, "")
    return json.loads(report.read_text())["state_hash"]


def _kept() -> dict[str, str]:
    """Return the kept hashes by level file name."""
    return json.loads(HASHES.read_text()) if HASHES.exists() else {}


@pytest.mark.parametrize("level", GOLDEN_LEVELS, ids=lambda p: p.stem)
def test_each_shipped_level_with_the_scripted_commands_ends_on_its_golden_hash(level: Path, tmp_path: Path) -> None:
    actual = _golden_hash(level, tmp_path)
    if UPDATE:
        kept = _kept()
        kept[level.name] = actual
        HASHES.write_text(json.dumps(dict(sorted(kept.items())), indent=1) + "\n")
    kept = _kept()
    assert level.name in kept, f"no golden hash for {level.name}; refresh with NEO_TERRA_UPDATE_GOLDEN=1"
    assert actual == kept[level.name], (
        f"{level.name} no longer ends on its golden hash; if the rules changed on purpose, refresh with "
        "NEO_TERRA_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py"
    )


def test_golden_hashes_are_kept_for_exactly_the_shipped_and_measuring_levels() -> None:
    if UPDATE:
        levels = {level.name for level in GOLDEN_LEVELS}
        HASHES.write_text(json.dumps({k: v for k, v in sorted(_kept().items()) if k in levels}, indent=1) + "\n")
    assert sorted(_kept()) == sorted(level.name for level in GOLDEN_LEVELS)
