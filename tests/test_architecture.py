"""The dependency rules of DESIGN.md section 4, checked on the import graph of game/**/*.py.

The front ends (game/render, game/ui) read the city through `game.sim.view.CityView` and the typed
events, and send commands: they import nothing else of the simulation but a few pure tables. Nothing
outside game/sim imports a system; what a front end needs from one is re-exported by the view.
"""

from __future__ import annotations

import ast
from pathlib import Path

GAME = Path(__file__).resolve().parent.parent / "game"

# What game/render and game/ui may import from game.sim: the port, the commands and events, and
# tables of constants that hold no simulation state and import nothing but each other.
FRONT_END_PORT = {"game.sim.view", "game.sim.commands", "game.sim.events"}
PURE_TABLES = {
    "game.sim.buildings",  # building types: sizes, costs, art keys
    "game.sim.terrain",  # terrain codes and labels
    "game.sim.waste",  # waste type names and indices
    "game.sim.policies",  # policy table: names, ranges, labels
}


def module_name(path: Path) -> str:
    """Return the dotted module name of a file under game/."""
    parts = path.relative_to(GAME.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """Return every module `path` imports anywhere (top level, functions, TYPE_CHECKING), `from a import b` as a.b when a.b is a module."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                if (GAME.parent / Path(*candidate.split("."))).with_suffix(".py").exists() or (GAME.parent / Path(*candidate.split("."))).is_dir():
                    names.add(candidate)
    return names


def graph() -> dict[str, set[str]]:
    """Return, for every module of the game, the game modules it imports."""
    return {
        module_name(path): {name for name in imported(path) if name == "game" or name.startswith("game.")}
        for path in sorted(GAME.rglob("*.py"))
    }


def is_system(name: str) -> bool:
    """True for game.sim.systems and its submodules."""
    return name == "game.sim.systems" or name.startswith("game.sim.systems.")


def test_the_graph_sees_the_modules_and_their_imports() -> None:
    modules = graph()
    assert "game.sim.view" in modules and "game.ui.hud" in modules and "game.render.overlays" in modules
    assert "game.sim.systems.apply_commands" in modules["game.sim.view"]


def test_nothing_outside_game_sim_imports_a_system() -> None:
    offenders = {
        module: sorted(name for name in names if is_system(name))
        for module, names in graph().items()
        if not module.startswith("game.sim") and any(is_system(name) for name in names)
    }
    assert offenders == {}


def test_the_front_ends_read_the_city_only_through_the_view_commands_events_and_pure_tables() -> None:
    allowed = FRONT_END_PORT | PURE_TABLES
    offenders = {
        module: sorted(name for name in names if name.startswith("game.sim") and name not in allowed)
        for module, names in graph().items()
        if module.startswith(("game.render", "game.ui"))
    }
    assert {module: names for module, names in offenders.items() if names} == {}


def test_the_pure_tables_import_nothing_of_the_simulation_but_each_other() -> None:
    modules = graph()
    for table in PURE_TABLES:
        imported = {name for name in modules[table] if name.startswith("game.") and not name.startswith("game.data")}
        assert imported <= PURE_TABLES, table  # (game.data: the content files the tables are read from)
