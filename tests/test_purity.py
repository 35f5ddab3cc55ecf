"""Purity: game.sim never pulls in pygame, never reads the clock or global randomness, and only
game/sim/ecs.py talks to esper; outside game/sim it imports only its content, game.data, which imports
nothing else of the game."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
SIM = ROOT / "game" / "sim"
SIM_MODULES = sorted(SIM.rglob("*.py"))
DATA_MODULES = sorted((ROOT / "game" / "data").glob("*.py"))  # content: the simulation's one import outside game/sim

CLOCK_AND_CHANCE = {"time", "datetime", "random"}
FRONT_ENDS = {"pygame", "pygame_gui"}
INPUT_OUTPUT = {"os", "io", "pathlib", "shutil", "socket", "subprocess", "pickle", "tempfile"}


def imported_modules(path: Path) -> set[str]:
    """Return the top-level names of every module `path` imports, at any depth of its code."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def called_names(path: Path) -> set[str]:
    """Return the names of plain function calls in `path` (open(...), eval(...))."""
    tree = ast.parse(path.read_text(), filename=str(path))
    return {node.func.id for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}


def test_the_simulation_package_has_modules_to_check():
    assert len(SIM_MODULES) >= 10
    assert SIM / "systems" / "power.py" in SIM_MODULES


@pytest.mark.parametrize("path", SIM_MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_simulation_module_reads_the_clock_or_global_randomness(path):
    assert not imported_modules(path) & CLOCK_AND_CHANCE


@pytest.mark.parametrize("path", SIM_MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_simulation_module_imports_a_front_end_or_does_io(path):
    imports = imported_modules(path)
    assert not imports & FRONT_ENDS
    assert not imports & INPUT_OUTPUT
    assert not called_names(path) & {"open", "eval", "exec", "input", "print"}


def game_imports(path: Path) -> list[str]:
    """Return the game modules `path` imports (`game.sim.buildings`, `game.data`), at any depth of its code."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "game":
            found.append(node.module)
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.split(".")[0] == "game"]
    return found


def within(module: str, package: str) -> bool:
    """True when `module` is `package` or inside it."""
    return module == package or module.startswith(package + ".")


@pytest.mark.parametrize("path", SIM_MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_simulation_imports_nothing_of_the_game_outside_sim_but_its_content(path):
    for module in game_imports(path):
        assert within(module, "game.sim") or within(module, "game.data"), module


@pytest.mark.parametrize("path", DATA_MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_content_package_imports_nothing_of_the_game_outside_it_and_no_front_end(path):
    assert not imported_modules(path) & FRONT_ENDS
    assert all(within(module, "game.data") for module in game_imports(path)), game_imports(path)
    assert not called_names(path) & {"eval", "exec", "input", "print"}


def test_only_the_ecs_module_imports_esper():
    importers = sorted(
        str(path.relative_to(ROOT)) for path in (ROOT / "game").rglob("*.py") if "esper" in imported_modules(path)
    )
    assert importers == ["game/sim/ecs.py"]


def test_running_the_simulation_leaves_pygame_unloaded():
    script = (
        "import sys\n"
        f"sys.path.insert(0, {str(TESTS)!r})\n"
        "import game.sim\n"
        "from worlds import busy_city\n"
        "sim = busy_city()\n"
        "sim.step(30)\n"
        "sim.close()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygame', 'pygame_gui')))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'game'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    front_ends, game_modules = done.stdout.splitlines()
    assert front_ends == "[]"
    assert "'game.sim.systems.power'" in game_modules  # the simulation really ran
