"""Killing the game during a save: the save on disk is always the previous one or the new one, whole.

A worker process (forked, so it starts in milliseconds instead of re-importing the game) loads the
save, plays on and saves again and again to the same place, telling the test through a pipe which
tick and state hash it is about to save and which saves finished. The test SIGKILLs it at random
moments and at the worst fixed moments (mid-write, before the rename, before old saves are rotated
out), then checks the file: it loads, and holds the last finished save or the one being written.
"""

from __future__ import annotations

import errno
import os
import random
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from game.autosave import Saved, SaveFailed, SaveSlots
from game.files import is_temporary, remove_stale_temporaries, remove_stale_temporaries_in, temporaries_of, write_atomic, writer_pid
from game.level import DEFAULT_LEVEL, load_level
from game.level.save import load_game, save_game
from game.sim import Simulation
from game.sim.commands import SetPolicy
from game.ui.saves import SaveFolder as WindowSaves

KILLS = 12  # random kill moments per test
TIME_LIMIT = 6.0  # seconds of killing per test at most, however slow the machine
TICKS_PER_SAVE = 5


def _say(pipe: int, line: str) -> None:
    os.write(pipe, (line + "\n").encode())


def _play_and_save(pipe: int, start: Path, save: Callable[[Simulation], None]) -> None:
    """The worker: load `start`, then forever change a policy, play a few ticks, announce and save."""
    sim = load_game(start)
    round_number = 0
    while True:
        round_number += 1
        sim.execute(SetPolicy("tax_rate", 8 + round_number % 7))  # the command log grows every save
        sim.step(TICKS_PER_SAVE)
        _say(pipe, f"about {sim.tick} {sim.state_hash()}")
        save(sim)
        _say(pipe, f"saved {sim.tick}")


def _fork_worker(body: Callable[[int], None]) -> tuple[int, int]:
    """Run `body(pipe)` in a forked process; return its pid and the read end of its pipe."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: never return into pytest
        status = 0
        try:
            os.close(read_end)
            body(write_end)
        except BaseException:  # noqa: BLE001 - the parent sees the status
            status = 3
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, read_end


def _read_line(pipe: int, deadline: float) -> str:
    """Return the next line from the worker (blocking up to `deadline`), or '' at its end."""
    data = b""
    while not data.endswith(b"\n"):
        ready, _, _ = select.select([pipe], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            raise AssertionError("the worker stopped talking")
        chunk = os.read(pipe, 1)
        if not chunk:
            return ""
        data += chunk
    return data.decode().strip()


def _kill_after(pid: int, pipe: int, delay: float) -> list[str]:
    """Wait for the worker's first finished save, let it run `delay` s more, SIGKILL it; return its lines."""
    lines = []
    deadline = time.monotonic() + 20
    while not any(line.startswith("saved") for line in lines):
        line = _read_line(pipe, deadline)
        if not line:
            break
        lines.append(line)
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    while line := _read_line(pipe, deadline):
        lines.append(line)
    os.close(pipe)
    killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    died_on_purpose = os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    assert killed or died_on_purpose, f"the worker failed on its own (status {status}): {lines[-3:]}"
    return lines


def _possible(lines: list[str], before: tuple[int, str]) -> set[tuple[int, str]]:
    """Return the (tick, hash) pairs the save may hold: the last finished save or the one in flight."""
    finished, in_flight = before, None
    announced: dict[int, str] = {}
    for line in lines:
        word, tick, *rest = line.split()
        if word == "about":
            announced[int(tick)] = rest[0]
            in_flight = (int(tick), rest[0])
        else:
            finished, in_flight = (int(tick), announced[int(tick)]), None
    return {finished} | ({in_flight} if in_flight else set())


def _state(path: Path) -> tuple[int, str]:
    sim = load_game(path)
    try:
        return sim.tick, sim.state_hash()
    finally:
        sim.close()


def _dying_at(point: str) -> Callable[[], None]:
    """Return a patch, applied inside the worker only, that kills it at `point` of its next write."""

    def die(*_args: object, **_kwargs: object) -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    def patch() -> None:
        if point == "mid-write":
            real_fdopen = os.fdopen

            def half_then_die(handle: int, *args: object, **kwargs: object):  # noqa: ANN202 - a file object
                stream = real_fdopen(handle, *args, **kwargs)

                class Dying:
                    def __enter__(self):  # noqa: ANN204
                        return self

                    def __exit__(self, *_exc: object) -> None:
                        stream.close()

                    def write(self, data: bytes) -> None:
                        stream.write(data[: len(data) // 2])
                        stream.flush()
                        die()

                    def flush(self) -> None:
                        stream.flush()

                    def fileno(self) -> int:
                        return stream.fileno()

                return Dying()

            os.fdopen = half_then_die
        elif point == "before-sync":
            os.fsync = die
        elif point == "before-rename":
            os.replace = die
        elif point == "before-rotation":
            Path.unlink = die

    return patch


@pytest.fixture
def first_save(tmp_path: Path) -> Path:
    """The tutorial city a few hours in, saved where the workers start from."""
    sim = Simulation(load_level(DEFAULT_LEVEL), seed=9)
    sim.step(3)
    path = tmp_path / "start" / "start.ntsave"
    path.parent.mkdir()
    save_game(sim, path)
    sim.close()
    return path


def test_killing_the_game_during_a_save_leaves_the_last_or_the_new_save_whole(tmp_path: Path, first_save: Path) -> None:
    folder = tmp_path / "saves"
    folder.mkdir()
    target = folder / "city.ntsave"
    target.write_bytes(first_save.read_bytes())
    chance = random.Random(20240605)
    moments = [("phase", point) for point in ("mid-write", "before-sync", "before-rename")]
    moments += [("random", chance.uniform(0.0, 0.04)) for _ in range(KILLS)]
    started = time.monotonic()
    changed = 0
    for kind, moment in moments:
        if time.monotonic() - started > TIME_LIMIT:
            break
        before = _state(target)
        patch = _dying_at(moment) if kind == "phase" else (lambda: None)

        def body(pipe: int) -> None:
            sim = load_game(target)
            sim.step(TICKS_PER_SAVE)
            _say(pipe, f"about {sim.tick} {sim.state_hash()}")
            save_game(sim, target)
            _say(pipe, f"saved {sim.tick}")
            patch()
            _play_and_save(pipe, target, lambda s: save_game(s, target))

        pid, pipe = _fork_worker(body)
        lines = _kill_after(pid, pipe, moment if kind == "random" else 0.0)
        after = _state(target)  # raises (and fails the test) if the file does not load
        assert after in _possible(lines, before), f"killed at {moment}: the save holds neither the last nor the new game"
        changed += after != before
        # Whatever the worker left behind, only the save itself is a save.
        leftovers = [entry for entry in folder.iterdir() if entry != target]
        assert all(is_temporary(entry) for entry in leftovers), leftovers
        assert [save.path for save in WindowSaves(folder).all()] == [target]
        assert SaveSlots(folder).saves() == []
    assert changed >= 3  # the workers really did save over the file, again and again


def test_a_kill_before_the_rename_keeps_the_old_save_and_the_leftover_is_cleared_later(tmp_path: Path, first_save: Path) -> None:
    target = tmp_path / "city.ntsave"
    target.write_bytes(first_save.read_bytes())
    before = _state(target)

    def body(pipe: int) -> None:
        _dying_at("before-rename")()
        sim = load_game(target)
        sim.step(TICKS_PER_SAVE)
        save_game(sim, target)
        _say(pipe, "saved?")

    pid, pipe = _fork_worker(body)
    os.close(pipe)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status)
    assert _state(target) == before
    leftovers = temporaries_of(target)
    assert len(leftovers) == 1 and leftovers[0].stat().st_size > 0  # the new save was written, never renamed
    assert writer_pid(leftovers[0]) == pid
    write_atomic(target, target.read_bytes())  # its writer is gone: cleared at once, however fresh
    assert temporaries_of(target) == []
    assert _state(target) == before


def test_killing_the_game_during_rotating_saves_keeps_every_listed_save_loadable(tmp_path: Path, first_save: Path) -> None:
    folder = tmp_path / "slots"
    keep = 2
    chance = random.Random(7)
    moments = [("phase", point) for point in ("mid-write", "before-rename", "before-rotation")]
    moments += [("random", chance.uniform(0.0, 0.05)) for _ in range(KILLS)]
    started = time.monotonic()
    start = first_save
    finished = _state(first_save)
    for kind, moment in moments:
        if time.monotonic() - started > TIME_LIMIT:
            break
        patch = _dying_at(moment) if kind == "phase" else (lambda: None)
        slots = SaveSlots(folder, every_days=1, keep_autosaves=keep, keep_quicksaves=keep)

        def quick(sim: Simulation) -> None:
            slots.maybe_autosave(sim)
            result = slots.quicksave(sim)
            assert isinstance(result, Saved), result

        def body(pipe: int, start: Path = start) -> None:
            sim = load_game(start)
            sim.step(TICKS_PER_SAVE)
            _say(pipe, f"about {sim.tick} {sim.state_hash()}")
            quick(sim)
            _say(pipe, f"saved {sim.tick}")
            patch()
            _play_and_save(pipe, start, quick)

        pid, pipe = _fork_worker(body)
        lines = _kill_after(pid, pipe, moment if kind == "random" else 0.0)
        listed = SaveSlots(folder).saves("quicksave")
        assert 1 <= len(listed) <= keep + 1  # one extra when killed between writing and rotating
        states = [_state(path) for path in listed]  # every listed save loads
        assert [tick for tick, _ in states] == sorted((tick for tick, _ in states), reverse=True)
        assert states[0] in _possible(lines, finished)
        for path in SaveSlots(folder).saves("autosave"):
            assert _state(path)[0] % 24 == 0
        others = [entry for entry in folder.iterdir() if entry not in SaveSlots(folder).saves()]
        assert all(is_temporary(entry) for entry in others), others
        finished = states[0]
        start = listed[0]  # the next worker plays on from the newest save, so the game keeps growing
    # After the kills, the next save carries on the numbering and trims the extras.
    sim = load_game(start)
    result = SaveSlots(folder, keep_quicksaves=keep).quicksave(sim)
    sim.close()
    assert isinstance(result, Saved)
    names = [path.name for path in SaveSlots(folder).saves("quicksave")]
    assert names[0] == result.path.name and len(names) == keep
    assert finished[0] > 20  # the game grew across the workers


# --- failures that are not kills ---------------------------------------------------------------


def _os_error(number: int, text: str) -> Callable[..., None]:
    def fail(*_args: object, **_kwargs: object) -> None:
        raise OSError(number, text)

    return fail


@pytest.mark.parametrize(
    ("where", "error", "reason"),
    [
        ("tempfile.mkstemp", PermissionError(errno.EACCES, "Permission denied"), "permission denied"),
        ("os.fsync", OSError(errno.ENOSPC, "No space left on device"), "no space left on device"),
        ("os.replace", OSError(errno.EROFS, "Read-only file system"), "read-only file system"),
    ],
)
def test_an_unwritable_folder_or_a_full_disk_keeps_the_last_saves_and_says_why_in_one_line(
    tmp_path: Path, first_save: Path, monkeypatch: pytest.MonkeyPatch, where: str, error: OSError, reason: str
) -> None:
    sim = load_game(first_save)
    folder = tmp_path / "saves"
    slots = SaveSlots(folder, keep_quicksaves=2)
    assert slots.quicksave(sim).ok and slots.quicksave(sim).ok
    named = folder / "mine.ntsave"
    save_game(sim, named)
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    sim.step(10)

    def fail(*_args: object, **_kwargs: object) -> None:
        raise error

    module, name = where.split(".")
    monkeypatch.setattr(__import__(module), name, fail)
    result = slots.quicksave(sim)
    with pytest.raises(OSError):
        save_game(sim, named)
    monkeypatch.undo()
    assert isinstance(result, SaveFailed) and reason in result.reason and "\n" not in result.reason
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before  # nothing lost, no leftovers
    assert _state(named)[0] == 3
    sim.close()


def test_ctrl_c_during_a_save_removes_the_temporary_and_keeps_the_old_save(tmp_path: Path, first_save: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "game" / "city.ntsave"
    target.parent.mkdir()
    target.write_bytes(first_save.read_bytes())
    sim = load_game(target)
    sim.step(7)

    def interrupted(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save_game(sim, target)
    monkeypatch.undo()
    assert [entry.name for entry in target.parent.iterdir()] == ["city.ntsave"]
    assert target.read_bytes() == first_save.read_bytes()
    sim.close()


def test_the_folder_is_synced_after_the_rename_so_the_new_name_survives_a_power_cut(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import stat

    synced: list[str] = []
    real_fsync = os.fsync
    renamed: list[bool] = []
    real_replace = os.replace

    def record_replace(*args: object) -> None:
        real_replace(*args)
        renamed.append(True)

    def record_fsync(handle: int) -> None:
        kind = "folder" if stat.S_ISDIR(os.fstat(handle).st_mode) else "file"
        synced.append(f"{kind} after rename" if renamed else f"{kind} before rename")
        real_fsync(handle)

    monkeypatch.setattr(os, "replace", record_replace)
    monkeypatch.setattr(os, "fsync", record_fsync)
    write_atomic(tmp_path / "city.ntsave", b"saved bytes")
    assert synced == ["file before rename", "folder after rename"]
    assert (tmp_path / "city.ntsave").read_bytes() == b"saved bytes"


def test_only_old_leftovers_are_removed(tmp_path: Path) -> None:
    target = tmp_path / "city.ntsave"
    fresh, stale = tmp_path / ".city.ntsave.aaaa.tmp", tmp_path / ".city.ntsave.bbbb.tmp"
    other = tmp_path / ".other.ntsave.cccc.tmp"
    for path in (fresh, stale, other):
        path.write_bytes(b"half a save")
    for path in (stale, other):
        os.utime(path, (1, 1))
    assert remove_stale_temporaries(target) == [stale]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([fresh.name, other.name])


def test_a_leftover_of_a_write_still_running_is_kept_until_it_is_an_hour_old(tmp_path: Path) -> None:
    target = tmp_path / "city.ntsave"
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        mine, theirs = tmp_path / f".city.ntsave.pid{os.getpid()}.aaaa.tmp", tmp_path / f".city.ntsave.pid{running.pid}.bbbb.tmp"
        for path in (mine, theirs):
            path.write_bytes(b"half a save")
        assert remove_stale_temporaries(target) == [] and remove_stale_temporaries_in(tmp_path) == []
        os.utime(theirs, (1, 1))
        assert remove_stale_temporaries_in(tmp_path) == [theirs]  # a write never takes an hour: its pid was reused
    finally:
        running.kill()
        running.wait()
    assert sorted(p.name for p in tmp_path.iterdir()) == [mine.name]


def test_a_leftover_of_a_killed_write_is_removed_at_the_next_start(tmp_path: Path) -> None:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    leftover = tmp_path / f".slot 3.ntsave.pid{gone.pid}.cccc.tmp"
    leftover.write_bytes(b"half a save")
    keep = tmp_path / ".notes.txt.tmp"  # no pid and fresh: perhaps an older game writing, kept
    keep.write_bytes(b"x")
    assert remove_stale_temporaries_in(tmp_path) == [leftover]
    assert [p.name for p in tmp_path.iterdir()] == [keep.name]
