"""Neo-Terra: a city-management game about waste, power and politics."""

# This file is read by Python versions far older than the game supports (main.py and `python -m
# game` call require_python() before anything else is imported), so it keeps to the oldest syntax
# (types go in a type comment).
import sys

__version__ = "0.1.0"
MIN_PYTHON = (3, 11)
EXIT_USAGE = 2


def require_python(version=None):  # type: (tuple[int, ...] | None) -> None
    """Exit with one line and status 2 when this interpreter is older than the game needs."""
    found = tuple(sys.version_info[:3] if version is None else version)
    if found[:2] < MIN_PYTHON:
        sys.stderr.write(
            "neo-terra: needs Python %d.%d or newer; this is Python %s (%s)\n"
            % (MIN_PYTHON[0], MIN_PYTHON[1], ".".join(str(part) for part in found), sys.executable)
        )
        raise SystemExit(EXIT_USAGE)
