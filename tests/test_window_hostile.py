"""The window never dies from a file: damaged saves and levels from the menu, F9 or the command line are one message."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest

import game.level.save
from game.app import App, Context, MenuScreen, run_window
from game.level import DEFAULT_LEVEL, load_level
from game.level.save import save_game
from game.render.assets import load_art
from game.settings import Settings, data_dir
from game.sim import Simulation
from game.ui.requests import LoadSave, StartLevel
from game.ui.saves import SaveFolder
from game.ui.sound import Sound

FRAME = 1 / 60
# What a damaged file's readers can raise past the save's own checks.
RAISED = [OSError(5, "Input/output error"), ValueError("bad\x00 value"), KeyError("state.json"), zipfile.BadZipFile("File is not a zip file"),
          MemoryError(), RecursionError("maximum recursion depth exceeded"), EOFError(), TypeError("x" * 100_000)]


@pytest.fixture
def context() -> Context:
    """A silent context whose saves live in the test's data folder."""
    folder = SaveFolder(data_dir() / "saves", 1)
    assert folder.ensure() is None
    return Context(Settings(), folder, Sound.silent(), load_art())


def hostile_saves(tmp_path: Path) -> list[Path]:
    """Return save files damaged in ways a disk, a download or a hand can damage them."""
    sim = Simulation(load_level(DEFAULT_LEVEL), seed=2)
    sim.step(30)
    good = tmp_path / "good.save"
    save_game(sim, good)
    sim.close()
    whole = good.read_bytes()
    files = {"garbage": b"\x00\xff" * 500, "empty": b"", "truncated": whole[: len(whole) // 2]}
    paths = []
    for name, data in files.items():
        path = tmp_path / f"{name}.save"
        path.write_bytes(data)
        paths.append(path)
    folder = tmp_path / "folder.save"
    folder.mkdir()
    return [*paths, folder, tmp_path / "missing.save"]


def hostile_level(tmp_path: Path) -> Path:
    """Return a level whose custom story event's title holds a NUL."""
    text = Path(DEFAULT_LEVEL).read_text(encoding="utf-8") + '''
[[events.custom]]
id = "leak"
title = "A Leak\\u0000"
text = "Drums are weeping."
trigger = [{kind = "day", at_least = 1}]
[[events.custom.choices]]
id = "quiet"
label = "Keep it quiet"
explanation = "Nothing is spent."
default = true
'''
    path = tmp_path / "nul.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_damaged_save_from_the_load_menu_is_one_problem_and_the_menu_stays(screen, context, tmp_path):
    menu = MenuScreen(screen, context)
    for path in hostile_saves(tmp_path):
        menu.apply(LoadSave(str(path)))
        assert menu.started is None and menu.running, path
        assert len(menu.menu.problems) == 1 and "\n" not in menu.menu.problems[0], path
        menu.frame(FRAME)


def test_a_level_with_a_nul_in_an_event_is_one_problem_in_the_menu(screen, context, tmp_path):
    menu = MenuScreen(screen, context)
    menu.apply(StartLevel(str(hostile_level(tmp_path))))
    assert menu.started is None and menu.running
    assert len(menu.menu.problems) == 1 and "events.custom[0].title" in menu.menu.problems[0]


@pytest.mark.parametrize("raised", RAISED, ids=lambda error: type(error).__name__)
def test_any_failure_of_a_save_reader_is_one_message_in_the_menu_and_on_f9(screen, context, tmp_path, monkeypatch, raised):
    def damaged(_path: object) -> Simulation:
        raise raised

    monkeypatch.setattr(game.level.save, "load_game", damaged)
    menu = MenuScreen(screen, context)
    menu.apply(LoadSave(str(tmp_path / "any.save")))
    assert menu.started is None and len(menu.menu.problems) == 1 and len(menu.menu.problems[0]) <= 1_000
    sim = Simulation(load_level(DEFAULT_LEVEL), seed=5)
    app = App(sim, screen, context)
    assert context.quicksave(sim).ok
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_F9, mod=0, unicode="", scancode=0))
    for _ in range(3):
        app.frame(FRAME)
    assert app.running and app.sim is sim
    failures = [m.text for m in app.interface.messages.messages if m.tone == "bad"]
    assert len(failures) == 1 and failures[0].startswith("Could not load")
    sim.close()


def test_f9_on_a_damaged_quick_save_keeps_the_game_running(screen, context, tmp_path):
    sim = Simulation(load_level(DEFAULT_LEVEL), seed=5)
    app = App(sim, screen, context)
    app.speed = 3
    assert context.quicksave(sim).ok
    latest = context.saves.latest_quick()
    assert latest is not None
    for damaged in hostile_saves(tmp_path)[:3]:
        latest.path.write_bytes(damaged.read_bytes())
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_F9, mod=0, unicode="", scancode=0))
        for _ in range(3):
            app.frame(FRAME)
        assert app.running and app.sim is sim, damaged
    assert sum(m.text.startswith("Could not load") for m in app.interface.messages.messages) >= 1
    sim.close()


@pytest.mark.parametrize("raised", RAISED[:4], ids=lambda error: type(error).__name__)
def test_a_damaged_save_named_on_the_command_line_is_one_line_and_status_2(tmp_path, monkeypatch, capsys, raised):
    def damaged(_path: object) -> Simulation:
        raise raised

    monkeypatch.setattr(game.level.save, "load_game", damaged)
    assert run_window(load_path=str(tmp_path / "any.save")) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "any.save" in err


def test_the_window_s_start_removes_temporaries_left_by_killed_saves(context):
    import subprocess
    import sys

    from game.app import remove_leftovers

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    leftover = context.saves.folder / f".quick 1.ntsave.pid{gone.pid}.abcd.tmp"
    leftover.write_bytes(b"half a save")
    running = context.saves.folder / f".quick 2.ntsave.pid{os.getpid()}.abcd.tmp"  # a save this process is writing
    running.write_bytes(b"half a save")
    remove_leftovers(context)
    assert not leftover.exists() and running.exists()


def test_a_level_of_the_player_s_own_whose_reader_fails_is_listed_with_why(monkeypatch):
    import game.level
    from game.app import level_choices
    from game.level import user_levels_dir

    user_levels_dir().mkdir(parents=True, exist_ok=True)
    (user_levels_dir() / "mine.toml").write_text("format = 2\n", encoding="utf-8")

    def damaged(_path: object) -> None:
        raise ValueError("unforeseen")

    monkeypatch.setattr(game.level, "read_level", damaged)
    (mine,) = [choice for choice in level_choices() if choice.origin == "user"]
    assert len(mine.problems) == 1 and "unforeseen" in mine.problems[0]
