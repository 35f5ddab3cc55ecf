"""The developer tools under tools/ run and tell the truth (the asset tools have their own tests)."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import esper

from game.level import load_level
from game.sim import Simulation

ROOT = Path(__file__).resolve().parents[1]
CENSUS = ROOT / "tools" / "esper_census.py"
TINY_LEVEL = ROOT / "levels" / "01_first_light.toml"  # 40x30


def _census_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("esper_census", CENSUS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def _table_rows(output: str) -> dict[str, dict[str, str]]:
    """Return the census table's full rows (a system's) by system name, each as column name -> cell."""
    lines = output.splitlines()
    first = next(number for number, line in enumerate(lines) if line.startswith("system "))
    header = re.split(r"\s{2,}", lines[first])
    cells = (re.split(r"\s{2,}", line.strip()) for line in lines[first + 1 :])
    return {row[0]: dict(zip(header, row)) for row in cells if len(row) == len(header)}


def test_the_esper_census_names_the_power_systems_sabotage_query_once_a_tick() -> None:
    run = subprocess.run(
        [sys.executable, str(CENSUS), "--level", str(TINY_LEVEL), "--ticks", "24"], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    rows = _table_rows(run.stdout)
    power = rows["power"]
    assert (power["cadence"], power["runs"], power["get_component"]) == ("every tick", "24", "24"), run.stdout
    assert rows["economy"]["get_component"] == "0"  # the day's upkeep comes from the layout, in bulk
    assert "(outside systems)" in run.stdout and "all systems" in run.stdout
    assert "24 ticks" in run.stdout


def test_the_census_steps_the_world_as_the_runner_does_and_puts_esper_back() -> None:
    census_tool = _census_module()
    originals = {name: getattr(esper, name) for name in census_tool.COUNTED}
    scenario = load_level(TINY_LEVEL)
    counted, stepped = Simulation(scenario, seed=3), Simulation(scenario, seed=3)
    try:
        census = census_tool.Census()
        with census_tool.counting(census):
            census_tool.step_counted(counted.world, census, 48)
        stepped.step(48)
        assert counted.state_hash() == stepped.state_hash()
        assert census.calls["power"]["get_component"] == 48  # its sabotage check, once a tick
        assert {name: getattr(esper, name) for name in census_tool.COUNTED} == originals
    finally:
        counted.close()
        stepped.close()
