"""Shared test fixtures: headless SDL for anything that touches pygame, and tiny simulations."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest

# Tests run without a display or sound card; set before any test module imports pygame.
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from game.bootstrap import ensure_kernels  # noqa: E402

ensure_kernels()  # a checkout's compiled kernels, rebuilt if older than their source, before anything loads them

from worlds import world  # noqa: E402

from game.sim import Simulation  # noqa: E402  (after the SDL settings on purpose)


@pytest.fixture
def screen() -> Iterator[Any]:
    """A dummy 1280x720 display with fonts, as the window would have (a module may keep its own)."""
    import pygame

    pygame.display.init()
    pygame.font.init()
    surface = pygame.display.set_mode((1280, 720))
    pygame.event.clear()
    yield surface
    pygame.display.quit()


@pytest.fixture(scope="module")
def art() -> Iterator[Any]:
    """The game's art, loaded once per module with a dummy display, as the game does."""
    import pygame

    from game.render.assets import load_art

    pygame.display.init()
    pygame.display.set_mode((64, 64))
    yield load_art()
    pygame.display.quit()


@pytest.fixture(autouse=True)
def user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test's settings, saves and replays out of the real home folder."""
    home = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))


@pytest.fixture
def make_world() -> Iterator[Callable[..., Simulation]]:
    """Build simulations with `worlds.world(...)` arguments and close each one after the test."""
    made: list[Simulation] = []

    def make(*args: Any, **kwargs: Any) -> Simulation:
        """Return a new simulation of a tiny world (see tests/worlds.py)."""
        sim = world(*args, **kwargs)
        made.append(sim)
        return sim

    yield make
    for sim in made:
        sim.close()


@pytest.fixture
def dev_stdout() -> Iterator[str]:
    """Yield where the /dev/stdout link points; put it back after the test if something replaced it.

    A writer that renames a file over /dev/stdout (write_atomic did, run as root) breaks stdout for
    every later process on the machine, so a test that catches one must not leave it broken.
    """
    if not os.path.islink("/dev/stdout"):
        pytest.skip("/dev/stdout is not a link on this system")
    before = os.readlink("/dev/stdout")
    yield before
    if os.path.islink("/dev/stdout") and os.readlink("/dev/stdout") == before:
        return
    repair = "/dev/.stdout.repair"
    os.symlink(before, repair)
    os.replace(repair, "/dev/stdout")
