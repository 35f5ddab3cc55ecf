"""The build backend: hatchling's, after one check that the Python building the game can run it.

pip older than 24 (the pip that Python 3.10's venv brings) does not refuse a project whose
Requires-Python excludes it before resolving the dependencies, so a user on Python 3.10 got a page
about scipy versions instead of the reason. Building the wheel under the Python it is for, this
backend says the reason on one line first. Building an sdist works under any Python.
"""

import sys

from hatchling import build as _hatchling
from hatchling.build import build_sdist, get_requires_for_build_sdist  # noqa: F401 - the backend's hooks

MIN_PYTHON = (3, 11)  # as pyproject.toml's requires-python


def _require_python():
    """Stop with one line when this Python is older than the game needs."""
    if sys.version_info[:2] < MIN_PYTHON:
        found = ".".join(str(part) for part in sys.version_info[:3])
        sys.stderr.write("neo-terra needs Python %d.%d or newer; this is Python %s\n" % (MIN_PYTHON + (found,)))
        raise SystemExit(1)


def _checked(hook):
    """Return hatchling's `hook` behind the version check."""

    def run(*args, **kwargs):
        _require_python()
        return hook(*args, **kwargs)

    run.__name__ = run.__qualname__ = hook.__name__
    run.__doc__ = "Hatchling's %s, after the version check." % hook.__name__
    return run


# The hooks that build something to install; the optional ones only where this hatchling has them,
# since a frontend calls an optional hook only when the backend defines it.
for _name in (
    "get_requires_for_build_wheel", "prepare_metadata_for_build_wheel", "build_wheel",
    "get_requires_for_build_editable", "prepare_metadata_for_build_editable", "build_editable",
):
    if hasattr(_hatchling, _name):
        globals()[_name] = _checked(getattr(_hatchling, _name))
