"""Saving from the window: F5 mid-game, then the save continues headless exactly like the window did.

The window is driven by posted events under SDL's dummy driver; every frame counts as a fixed
quarter second, so the run is repeatable.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest

from game.app import App, Context, run_simulation_window, run_window
from game.cli import main
from game.level import DEFAULT_LEVEL, load_level
from game.level.save import load_game, save_bytes
from game.render.assets import load_art
from game.settings import Settings, data_dir
from game.sim import Simulation
from game.sim.commands import Command, Place, Rejected, command_to_dict
from game.sim.systems.apply_commands import check
from game.ui.saves import SaveFolder
from game.ui.sound import Sound

FRAME_SECONDS = 0.25  # at the fastest speed, 4 ticks a frame
QUICK_SAVE_FRAME = 5
QUIT_FRAME = 12


def _key(code: int) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=code, mod=0, unicode="", scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=code, mod=0, unicode="", scancode=0))


def _click_tile(app: App, x: int, y: int) -> None:
    camera = app.interface.camera
    camera.center_on(x, y)
    point = camera.tile_rect(x, y).center
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=point, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=point, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=point, button=1))


def _free_tile(sim: Simulation, kind: str, skip: int = 0) -> tuple[int, int]:
    """Return a tile where a 2x2 `kind` fits whichever corner of it the cursor picks."""
    found = [
        (x, y)
        for y in range(2, sim.height - 2)
        for x in range(2, sim.width - 2)
        if not any(isinstance(check(sim, Place(kind, x - dx, y - dy)), Rejected) for dx in (0, 1) for dy in (0, 1))
    ]
    return found[skip]


def _apply_until(sim: Simulation, commands: list[tuple[int, Command]], end: int) -> None:
    """Step `sim` to tick `end`, executing each command at the start of its tick, as the window did."""
    cursor = 0
    while sim.tick < end:
        while cursor < len(commands) and commands[cursor][0] == sim.tick:
            sim.execute(commands[cursor][1])
            cursor += 1
        sim.step()
    assert cursor == len(commands)


# The frame's budget for ticking: the window's own, and none at all, which cuts every tick after its
# first system so that the save, the clicks and the quit all come part-way through a tick.
@pytest.mark.parametrize("tick_budget", [None, 0.0], ids=["whole ticks", "ticks cut into parts"])
def test_a_quick_save_from_the_window_continues_headless_to_the_same_hash(tmp_path: Path, tick_budget: float | None, monkeypatch: pytest.MonkeyPatch) -> None:
    if tick_budget is not None:
        monkeypatch.setattr("game.app.TICK_BUDGET_SECONDS", tick_budget)
    sim = Simulation(load_level(DEFAULT_LEVEL), seed=21)
    at_save: dict[str, object] = {}

    def script(frame: int, app: App) -> None:
        if frame == 0:
            _key(pygame.K_ESCAPE)  # the level's briefing holds the clock until it is closed
            _key(pygame.K_PERIOD)
            _key(pygame.K_PERIOD)  # up to the fastest speed
        elif frame == 2:
            _key(pygame.K_9)  # a garden before the save
            _click_tile(app, *_free_tile(app.sim, "garden"))
        elif frame == QUICK_SAVE_FRAME:
            state_hash = app.sim.state_hash()  # first: it finishes a tick under way, as the save will
            at_save.update(tick=app.sim.tick, hash=state_hash, logged=len(app.sim.command_log))
            _key(pygame.K_F5)
        elif frame == 7:
            _key(pygame.K_0)  # housing after it, which the headless run must repeat
            _click_tile(app, *_free_tile(app.sim, "housing", skip=40))
        elif frame == QUIT_FRAME:
            pygame.event.post(pygame.event.Event(pygame.QUIT))

    assert run_simulation_window(sim, 960, 600, script=script, frame_seconds=FRAME_SECONDS) == 0
    end_hash = sim.state_hash()  # (finishing a tick the window left under way)
    end_tick = sim.tick
    assert end_tick > at_save["tick"] > 0
    played_after = [(tick, command) for tick, command, _ in sim.command_log[at_save["logged"]:]]
    assert any(result.ok and isinstance(command, Place) for _, command, result in sim.command_log[: at_save["logged"]])
    assert any(isinstance(command, Place) for _, command in played_after)
    sim.close()

    quick = SaveFolder(data_dir() / "saves").latest_quick()
    assert quick is not None
    resumed = load_game(quick.path)
    assert (resumed.tick, resumed.state_hash()) == (at_save["tick"], at_save["hash"])
    _apply_until(resumed, played_after, end_tick)
    assert resumed.state_hash() == end_hash
    resumed.close()

    # The same through the command line: --load, --commands with the window's later commands, --ticks.
    commands_file = tmp_path / "after-save.toml"
    tables = []
    for tick, command in played_after:
        fields = {"tick": tick, **command_to_dict(command)}
        tables.append("[[command]]\n" + "".join(f"{name} = {json.dumps(value)}\n" for name, value in fields.items()))
    commands_file.write_text("\n".join(tables))
    report = tmp_path / "report.json"
    status = main([
        "--headless", "--load", str(quick.path), "--ticks", str(end_tick - at_save["tick"]),
        "--commands", str(commands_file), "--report", str(report),
    ])
    assert status == 0
    assert json.loads(report.read_text())["state_hash"] == end_hash


@pytest.fixture
def app() -> App:
    """The tutorial level in a window on the dummy display, saves in the test's folder."""
    pygame.display.init()
    pygame.font.init()
    screen = pygame.display.set_mode((960, 600))
    context = Context(Settings(), SaveFolder(data_dir() / "saves"), Sound.silent(), load_art())
    instance = App(Simulation(load_level(DEFAULT_LEVEL), seed=2), screen, context)
    pygame.event.clear()
    yield instance
    instance.sim.close()
    pygame.display.quit()


def _frames(app: App, count: int) -> None:
    for _ in range(count):
        app.frame(FRAME_SECONDS)


def _forged_with_reused_ids(sim: Simulation) -> bytes:
    """A save whose checksum is right but whose next building id would repeat an existing one."""
    import hashlib
    import io
    import zipfile

    from game.level.save import pack_entries

    with zipfile.ZipFile(io.BytesIO(save_bytes(sim))) as zipped:
        entries = {name: zipped.read(name) for name in zipped.namelist()}
    state = json.loads(entries["state.json"])
    state["next_building_id"] = 1
    data = json.dumps(state).encode()
    header = {**json.loads(entries["header.json"]), "checksum": hashlib.sha256(data + entries["arrays.npz"]).hexdigest()}
    return pack_entries(json.dumps(header).encode(), data, entries["arrays.npz"])


@pytest.mark.parametrize("damage", ["truncated", "garbage", "reused ids"])
def test_quick_loading_a_damaged_save_shows_why_and_the_game_plays_on(app: App, damage: str) -> None:
    _frames(app, 2)
    _key(pygame.K_F5)
    _frames(app, 1)
    app.report_saves(wait=True)  # written on the writer's thread
    quick = app.context.saves.latest_quick()
    assert quick is not None and load_game(quick.path).tick > 0
    good = quick.path.read_bytes()
    if damage == "truncated":
        quick.path.write_bytes(good[: len(good) // 3])
    elif damage == "garbage":
        quick.path.write_bytes(os.urandom(len(good)))
    else:
        quick.path.write_bytes(_forged_with_reused_ids(app.sim))
    sim_before, tick_before = app.sim, app.sim.tick
    _key(pygame.K_F9)
    _frames(app, 1)
    message = app.interface.messages.messages[-1]
    assert message.tone == "bad" and quick.path.name in message.text and "\n" not in message.text
    assert app.running and app.sim is sim_before
    _frames(app, 4)
    assert app.sim.tick > tick_before  # the game kept running


def test_opening_a_damaged_save_from_the_command_line_is_one_line_and_status_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.ntsave"
    broken.write_bytes(b"PK\x03\x04 half a zip")
    assert run_window(load_path=str(broken)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(broken) in err
