"""First-run set-up for `python main.py` on an interpreter without the game's packages.

Standard library only: it runs before anything else is importable. When a required package is
missing, the game uses the project's own virtual environment (`.venv` beside main.py), creating it
and installing the project into it the first time, then runs itself again with that interpreter.
That is what the README's quick start does by hand. Set NEO_TERRA_NO_BOOTSTRAP=1 to get the plain
one-line error instead.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from typing import NoReturn

# Import names of the runtime dependencies in pyproject.toml.
REQUIRED = ("numpy", "scipy", "esper", "pydantic", "pygame", "pygame_gui")
ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements.lock"  # the exact versions the tests and golden hashes were made with
EXIT_USAGE = 2
_MARK = "NEO_TERRA_BOOTSTRAPPED"


def missing_packages() -> list[str]:
    """Return the required packages this interpreter cannot import (found without importing them)."""
    return [name for name in REQUIRED if importlib.util.find_spec(name) is None]


def requirements() -> list[str]:
    """Return the pip arguments for the runtime dependencies: pyproject.toml's ranges held to the lock's versions.

    main.py runs the game from this folder, so the packages it needs are all the first run installs:
    no build of the project and no byte-compiling (about 15 s instead of 35 s on the dev machine).
    """
    import tomllib

    with open(ROOT / "pyproject.toml", "rb") as file:
        ranges = list(tomllib.load(file)["project"]["dependencies"])
    return ["-c", str(LOCK), *ranges] if LOCK.is_file() else ranges


def ensure_kernels() -> None:
    """In a checkout, build game/sim/_native for this Python unless a module built from today's source is there.

    The command line (game.cli.main: `neo-terra`, `python main.py`, `python -m game`) and the test
    run ask before anything loads the module. The check reads two files and hashes one, well under
    a millisecond (tools/packaging/native.py); a build prints one line first, and a failed one is
    one line and exit status 2.
    """
    builder = ROOT / "tools" / "packaging" / "native.py"
    if not (ROOT / "pyproject.toml").is_file() or not builder.is_file():
        return  # an installed game: the wheel brought its kernels
    spec = importlib.util.spec_from_file_location("neo_terra_native_build", builder)
    assert spec is not None and spec.loader is not None
    native = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(native)
    try:
        native.ensure_current(lambda line: print(f"neo-terra: {line}", file=sys.stderr))
    except native.BuildError as error:
        _fail(f"the simulation's kernels: {error}")


def _venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _fail(message: str) -> NoReturn:
    print(f"neo-terra: {message}", file=sys.stderr)
    raise SystemExit(EXIT_USAGE)


def ensure_dependencies(argv: list[str]) -> None:
    """Return when the game's packages import; otherwise set up .venv and re-run `argv` in it."""
    missing = missing_packages()
    if not missing:
        return
    if not (ROOT / "pyproject.toml").is_file():  # an installed game, not a checkout: pip put it there
        _fail(f"missing Python packages ({', '.join(missing)}); reinstall with: pip install --force-reinstall neo-terra")
    setup = f"python3 -m venv .venv && .venv/bin/pip install -c {LOCK} -e {ROOT}"
    if os.environ.get("NEO_TERRA_NO_BOOTSTRAP") or os.environ.get(_MARK):
        _fail(f"missing Python packages ({', '.join(missing)}); set up with: {setup}")
    import subprocess
    import venv

    python = _venv_python()
    if not python.exists():
        print(f"neo-terra: first run: setting up {VENV} with the game's packages (once)...", file=sys.stderr)
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except (OSError, subprocess.CalledProcessError) as error:
            _fail(f"cannot create {VENV} ({error}); set up by hand with: {setup}")
    check = subprocess.run(
        [str(python), "-c", f"import importlib.util as u, sys; sys.exit(any(u.find_spec(n) is None for n in {REQUIRED!r}))"],
        capture_output=True, check=False,
    )
    if check.returncode != 0:
        installed = subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "--no-compile", "--disable-pip-version-check", *requirements()],
            capture_output=True, text=True, check=False,
        )
        if installed.returncode != 0:
            lines = [line for line in installed.stderr.splitlines() if line.strip() and "WARNING" not in line]
            _fail(f"installing the game's packages into {VENV} failed: {lines[-1] if lines else 'pip failed'}")
    os.environ[_MARK] = "1"
    try:
        os.execv(str(python), [str(python), *argv])
    except OSError as error:
        _fail(f"cannot start {python} ({error}); set up by hand with: {setup}")
