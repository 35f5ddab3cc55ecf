"""write_atomic: regular files are replaced atomically, links are followed, special files written through.

Renaming a temporary over a symlink, a FIFO or /dev/stdout would replace it with a regular file (as
root, the system's /dev/stdout), so only regular files are replaced; everything else is opened and
written into. FIFO tests open the reading end without blocking first, so no test can hang on one.
"""

from __future__ import annotations

import errno
import os
import select
import stat
import sys
import threading
import time
from pathlib import Path

import pytest

from game.files import Replace, WriteThrough, destination, temporaries_of, write_atomic

posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and symlinks as on POSIX")
linux_only = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc/self/fd")
READ_TIMEOUT = 10.0  # seconds a FIFO reader waits at most, so a broken writer fails the test instead of hanging it


def _inode(path: Path) -> int:
    return os.stat(path).st_ino


def _open_reader(fifo: Path) -> int:
    """Open `fifo` for reading without waiting for a writer (so the writer's open does not wait either)."""
    return os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)


def _drain(reader: int, writer_done: threading.Event | None = None) -> bytes:
    """Read `reader` until its writer has come and gone (or READ_TIMEOUT passes); return the bytes."""
    chunks: list[bytes] = []
    deadline = time.monotonic() + READ_TIMEOUT
    while time.monotonic() < deadline:
        ready, _, _ = select.select([reader], [], [], 0.05)
        if not ready:
            continue
        try:
            chunk = os.read(reader, 65536)
        except BlockingIOError:
            continue
        if chunk:
            chunks.append(chunk)
        elif writer_done is None or writer_done.is_set():
            break  # no writer holds the FIFO open (any more): end of the bytes
        else:
            time.sleep(0.01)  # the writer has not opened it yet
    return b"".join(chunks)


def test_a_regular_file_is_replaced_atomically_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "city.save"
    target.write_bytes(b"old save")
    target.chmod(0o600)
    before = _inode(target)
    write_atomic(target, b"new save")
    assert target.read_bytes() == b"new save"
    assert _inode(target) != before  # a new file renamed into place, not the old one rewritten
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert temporaries_of(target) == []


def test_a_new_file_is_created(tmp_path: Path) -> None:
    target = tmp_path / "new.save"
    assert destination(target) == Replace(target)
    write_atomic(target, b"bytes")
    assert target.read_bytes() == b"bytes"


@posix_only
def test_a_link_to_a_file_stays_a_link_and_its_target_gets_the_bytes(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_bytes(b"old")
    target.chmod(0o640)
    link = tmp_path / "report.json"
    link.symlink_to("real.json")
    before = _inode(target)
    write_atomic(link, b"new")
    assert link.is_symlink() and os.readlink(link) == "real.json"
    assert target.read_bytes() == b"new"
    assert _inode(target) != before  # the final target is still replaced atomically
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["real.json", "report.json"]


@posix_only
def test_a_chain_of_relative_and_absolute_links_is_followed_to_the_end(tmp_path: Path) -> None:
    (tmp_path / "deep").mkdir()
    final = tmp_path / "deep" / "final.json"
    final.write_bytes(b"old")
    (tmp_path / "deep" / "second").symlink_to("final.json")  # relative to deep/, not to the first link
    (tmp_path / "first").symlink_to(tmp_path / "deep" / "second")  # absolute
    (tmp_path / "start").symlink_to("first")
    write_atomic(tmp_path / "start", b"new")
    assert final.read_bytes() == b"new"
    assert all((tmp_path / name).is_symlink() for name in ("start", "first", "deep/second"))
    assert temporaries_of(final) == [] and temporaries_of(tmp_path / "start") == []


@posix_only
def test_a_link_in_a_linked_folder_is_read_from_the_folder_it_really_is_in(tmp_path: Path) -> None:
    # b/saves -> ../a/real, and a/real/city.save -> ../data/city.save: the link's '..' is a/, not b/.
    for folder in ("a/real", "a/data", "b/data"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "a" / "real" / "city.save").symlink_to("../data/city.save")
    (tmp_path / "b" / "saves").symlink_to("../a/real")
    write_atomic(tmp_path / "b" / "saves" / "city.save", b"saved")
    assert (tmp_path / "a" / "data" / "city.save").read_bytes() == b"saved"
    assert list((tmp_path / "b" / "data").iterdir()) == []
    assert (tmp_path / "a" / "real" / "city.save").is_symlink() and (tmp_path / "b" / "saves").is_symlink()
    assert sorted(p.name for p in (tmp_path / "a" / "data").iterdir()) == ["city.save"]  # the temporary was renamed


@posix_only
def test_a_dangling_link_creates_its_target_and_stays_a_link(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    link = tmp_path / "report.json"
    link.symlink_to("out/report.json")
    write_atomic(link, b"{}")
    assert link.is_symlink()
    assert (tmp_path / "out" / "report.json").read_bytes() == b"{}"
    assert stat.S_IMODE((tmp_path / "out" / "report.json").stat().st_mode) == 0o644


@posix_only
def test_a_dangling_link_into_a_missing_folder_is_one_line_naming_it(tmp_path: Path) -> None:
    link = tmp_path / "report.json"
    link.symlink_to("nowhere/report.json")
    with pytest.raises(FileNotFoundError) as raised:
        write_atomic(link, b"{}")
    assert str(link) in raised.value.strerror and "nowhere/report.json" in raised.value.strerror
    assert "\n" not in raised.value.strerror
    assert link.is_symlink() and sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_a_folder_or_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError, match="is a folder"):
        write_atomic(tmp_path, b"{}")
    with pytest.raises(FileNotFoundError, match="does not exist"):
        write_atomic(tmp_path / "missing" / "r.json", b"{}")
    (tmp_path / "a file").write_text("")
    with pytest.raises(NotADirectoryError, match="is not a folder"):
        write_atomic(tmp_path / "a file" / "r.json", b"{}")


@posix_only
def test_a_link_to_a_folder_is_refused_and_a_link_loop_too(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "to_folder").symlink_to("folder")
    with pytest.raises(IsADirectoryError):
        write_atomic(tmp_path / "to_folder", b"{}")
    (tmp_path / "ping").symlink_to("pong")
    (tmp_path / "pong").symlink_to("ping")
    with pytest.raises(OSError) as raised:
        write_atomic(tmp_path / "ping", b"{}")
    assert raised.value.errno == errno.ELOOP
    assert (tmp_path / "ping").is_symlink() and (tmp_path / "pong").is_symlink()


@posix_only
def test_a_fifo_gets_the_bytes_and_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    reader = _open_reader(fifo)
    try:
        assert destination(fifo) == WriteThrough(fifo)
        write_atomic(fifo, b'{"tick": 48}\n')  # fits the pipe's buffer: returns without a reader thread
        assert _drain(reader) == b'{"tick": 48}\n'
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.fifo"]


@posix_only
def test_a_fifo_behind_a_link_gets_more_than_a_pipe_holds_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "save.fifo"
    os.mkfifo(fifo)
    (tmp_path / "city.save").symlink_to("save.fifo")
    data = bytes(range(256)) * 8192  # 2 MiB: the writer waits for the reader again and again
    reader = _open_reader(fifo)
    done = threading.Event()
    failures: list[BaseException] = []

    def write() -> None:
        try:
            write_atomic(tmp_path / "city.save", data)
        except BaseException as error:  # noqa: BLE001 - handed to the test thread
            failures.append(error)
        finally:
            done.set()

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    try:
        received = _drain(reader, done)
    finally:
        os.close(reader)  # a writer still blocked now gets EPIPE and ends
        writer.join(READ_TIMEOUT)
    assert not writer.is_alive() and failures == []
    assert received == data
    assert (tmp_path / "city.save").is_symlink() and stat.S_ISFIFO(os.lstat(fifo).st_mode)


@posix_only
def test_dev_null_stays_a_character_device(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(_handle: int) -> None:
        raise OSError(errno.EINVAL, "Invalid argument")  # what fsync says for many devices and pipes

    monkeypatch.setattr(os, "fsync", refuse)
    assert destination("/dev/null") == WriteThrough(Path("/dev/null"))
    write_atomic("/dev/null", b"nothing to keep")
    link = tmp_path / "discard"
    link.symlink_to("/dev/null")
    write_atomic(link, b"nothing to keep")
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode) and link.is_symlink()
    assert temporaries_of(Path("/dev/null")) == []


def test_a_regular_file_whose_fsync_fails_is_still_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "city.save"
    target.write_bytes(b"old")

    def disk_full(_handle: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"


@linux_only
def test_a_descriptor_link_to_a_pipe_writes_into_the_pipe() -> None:
    read_end, write_end = os.pipe()
    try:
        link = f"/proc/self/fd/{write_end}"
        assert os.readlink(link).startswith("pipe:[")  # no path: following its text would find nothing
        assert destination(link) == WriteThrough(Path(link))
        write_atomic(link, b"through the pipe")
        os.close(write_end)
        write_end = -1
        assert os.read(read_end, 100) == b"through the pipe"
    finally:
        os.close(read_end)
        if write_end >= 0:
            os.close(write_end)


@linux_only
def test_a_descriptor_link_to_a_file_rewrites_that_file_in_place(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(b"a much longer previous content")
    before = _inode(target)
    handle = os.open(target, os.O_WRONLY)
    try:
        write_atomic(f"/dev/fd/{handle}", b"short")
    finally:
        os.close(handle)
    assert target.read_bytes() == b"short"  # truncated: no tail of the old bytes
    assert _inode(target) == before  # the open file itself, not a new one renamed over it
    assert temporaries_of(target) == []


@linux_only
def test_the_standard_output_link_is_written_through_our_own_stdout(tmp_path: Path, dev_stdout: str) -> None:
    # In a child whose stdout appends to a file: the file keeps what it held, then the bytes.
    import subprocess

    out = tmp_path / "out.log"
    out.write_bytes(b"earlier line\n")
    code = "from game.files import write_atomic; write_atomic('/dev/stdout', b'the document\\n')"
    with out.open("ab") as stdout:
        subprocess.run([sys.executable, "-c", code], stdout=stdout, check=True, timeout=60, cwd=Path(__file__).parent.parent)
    assert out.read_bytes() == b"earlier line\nthe document\n"
    assert os.path.islink("/dev/stdout") and os.readlink("/dev/stdout") == dev_stdout


def test_an_unused_name_numbers_past_the_files_already_there(tmp_path: Path) -> None:
    from game.files import unused_name

    level = tmp_path / "free_play.toml"
    assert unused_name(level) == level
    level.write_text("")
    (tmp_path / "free_play_2.toml").write_text("")
    assert unused_name(level) == tmp_path / "free_play_3.toml"
    bad = tmp_path / "campaign.json.bad"
    bad.write_text("")
    assert unused_name(bad, "{name}.{n}", 3) == tmp_path / "campaign.json.bad.2"
