"""Neo-Terra as a Python package: its resources, level ids, the user's levels folder, --version,
--list-levels, `python -m game`, the Python version check and the package metadata.

CI also builds the wheel and the sdist and plays each installed game from another folder
(`.ci/check_install`); these tests pin what that relies on from inside the checkout.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import game
from game import require_python
from game.cli import main
from game.level import DEFAULT_LEVEL, InputError, find_level, level_catalogue, load_level, shipped_levels, user_levels_dir
from game.level.catalogue import level_id
from game.resources import ASSETS, LEVELS, package_folder

ROOT = Path(__file__).resolve().parents[1]
FIRST_LIGHT = ROOT / "levels" / "01_first_light.toml"
OLD_PYTHONS = sorted(Path("/root/.pyenv/versions").glob("3.10*/bin/python3")) + sorted(Path("/usr/bin").glob("python3.10"))


def same_file(found: Path, expected: Path) -> bool:
    """True when `found` is `expected` (a checkout links them) or a copy of it (the sdist copies them)."""
    return found.read_bytes() == expected.read_bytes() and found.name == expected.name


def tree(folder: Path) -> dict[str, bytes]:
    """Return every file under `folder` by its relative path, with its bytes."""
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file() and "__pycache__" not in path.parts}


def test_the_resources_are_the_repository_folders_found_through_the_package() -> None:
    for name in (ASSETS, LEVELS):
        folder = package_folder(name)
        assert folder.is_dir() and tree(folder) == tree(ROOT / name)
        assert folder.parent == Path(game.__file__).parent  # found as game/<name>, not beside the sources
    assert same_file(DEFAULT_LEVEL, FIRST_LIGHT)
    assert [path.name for path in shipped_levels()] == sorted(path.name for path in (ROOT / "levels").glob("*.toml"))


def test_a_level_id_drops_the_play_order_number() -> None:
    assert level_id(Path("01_first_light.toml")) == "first_light"
    assert level_id(Path("bench_128.toml")) == "bench_128"
    assert level_id(Path("2077.toml")) == "2077"


def test_shipped_levels_are_found_by_id_and_paths_still_work(tmp_path: Path) -> None:
    assert same_file(find_level("first_light"), FIRST_LIGHT)
    assert same_file(find_level("01_first_light"), FIRST_LIGHT)
    assert find_level("neo_terra").name == "02_neo_terra.toml"
    assert find_level("levels/01_first_light.toml") == Path("levels/01_first_light.toml")
    assert find_level(str(tmp_path / "missing.toml")) == tmp_path / "missing.toml"  # its problem is the loader's


def test_an_unknown_level_id_is_one_line_naming_the_ids() -> None:
    with pytest.raises(InputError) as raised:
        find_level("first_lite")
    assert raised.value.problems == ["--level: no level named 'first_lite'; did you mean 'first_light'?"]
    with pytest.raises(InputError) as raised:
        find_level("nothing")
    assert len(raised.value.problems) == 1 and "first_light, neo_terra" in raised.value.problems[0]


def test_levels_in_the_user_folder_join_the_catalogue_after_the_shipped_ones(tmp_path: Path) -> None:
    folder = user_levels_dir()
    assert folder == Path(os.environ["XDG_DATA_HOME"]) / "neo-terra" / "levels"
    folder.mkdir(parents=True)
    (folder / "canal_street.toml").write_text(FIRST_LIGHT.read_text())
    (folder / "notes.txt").write_text("not a level")
    (folder / ".hidden.toml").write_text("")
    catalogue = level_catalogue()
    assert [level.origin for level in catalogue][-1] == "user"
    assert [level.id for level in catalogue if level.origin == "user"] == ["canal_street"]
    assert find_level("canal_street") == folder / "canal_street.toml"
    assert load_level(find_level("canal_street")).name == "First Light"


def test_a_shipped_id_wins_over_a_user_level_of_the_same_name() -> None:
    folder = user_levels_dir()
    folder.mkdir(parents=True)
    (folder / "first_light.toml").write_text("not even toml")
    assert same_file(find_level("first_light"), FIRST_LIGHT)


def test_no_user_folder_means_no_user_levels() -> None:
    assert not user_levels_dir().exists()
    assert all(level.origin == "shipped" for level in level_catalogue())


def test_headless_plays_a_level_named_by_id(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["--headless", "--level", "first_light", "--ticks", "24"]) == 0
    by_id = capsys.readouterr().out
    assert main(["--headless", "--level", str(FIRST_LIGHT), "--ticks", "24"]) == 0
    assert capsys.readouterr().out == by_id and by_id.startswith("First Light: day 1")


def test_list_levels_prints_ids_names_sizes_and_where_own_levels_go(capsys: pytest.CaptureFixture[str]) -> None:
    folder = user_levels_dir()
    folder.mkdir(parents=True)
    (folder / "broken.toml").write_text("format = 2\n")
    assert main(["--list-levels"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:4] == ["first_light", "First", "Light", "40x30"] and "shipped" in lines[0]
    broken = next(line for line in lines if line.startswith("broken"))
    assert "cannot be played" in broken and "user" in broken
    assert str(folder) in lines[-1]
    assert main(["--list-levels", "--headless"]) == 2


def test_version_is_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"neo-terra {game.__version__}\n"
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert pyproject["tool"]["hatch"]["version"]["path"] == "game/__init__.py"  # the one place it is written


def test_python_dash_m_game_is_the_command_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "game", "--headless", "--level", "first_light", "--ticks", "2"],
        cwd=ROOT / "tests", capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("First Light: day 0 tick 2")


@pytest.mark.parametrize("version", [(3, 10, 13), (3, 9, 0), (2, 7, 18)])
def test_an_old_python_gets_one_line_and_exit_2(version: tuple[int, int, int], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        require_python(version)
    assert exited.value.code == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "needs Python 3.11 or newer; this is Python " + ".".join(map(str, version)) in error


def test_a_new_enough_python_passes() -> None:
    require_python((3, 11, 0))
    require_python((3, 14, 1))


@pytest.mark.skipif(not OLD_PYTHONS, reason="no Python 3.10 interpreter on this machine to run main.py with")
@pytest.mark.parametrize("entry", [["main.py", "--help"], ["-m", "game", "--version"]])
def test_main_py_and_dash_m_under_python_3_10_say_so_in_one_line(entry: list[str]) -> None:
    done = subprocess.run([str(OLD_PYTHONS[0]), *entry], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stdout == "" and done.stderr.count("\n") == 1 and "needs Python 3.11 or newer" in done.stderr


def test_the_metadata_has_a_licence_ranges_and_a_lock_that_pins_them() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT" and (ROOT / "LICENSE").read_text().startswith("MIT License")
    locked = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            locked[name.lower().replace("_", "-")] = version
    for requirement in project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]:
        assert "==" not in requirement, f"{requirement}: the metadata gives ranges; exact versions go in requirements.lock"
        name = requirement.split(">=")[0].strip().lower().replace("_", "-")
        assert name in locked, f"{name} is not in requirements.lock"
        low = requirement.split(">=")[1].split(",")[0]
        assert tuple(map(int, locked[name].split("."))) >= tuple(map(int, low.split("."))), f"{name}: the lock is below the range"


def test_the_bootstrap_installs_the_locked_versions() -> None:
    from game.bootstrap import requirements

    arguments = requirements()
    assert arguments[:2] == ["-c", str(ROOT / "requirements.lock")]
    assert any(argument.startswith("numpy>=") for argument in arguments)
