"""Writing files so that a crash or a full disk never leaves half a file behind.

`write_atomic` follows the target's links to the file they end at. A regular file there (or none
yet) is replaced atomically: a temporary file `.NAME.XXXXXXXX.tmp` is written beside it, flushed
and fsynced, renamed over it and the folder fsynced, so after a crash (even SIGKILL or a power cut
once the call has returned) the file holds either the old bytes or the new ones, never a mix, and
the links that led there stay links. A pipe, a device or a link the kernel resolves by itself
(/dev/stdout, /proc/self/fd/N) cannot be replaced without breaking whoever reads it, so the bytes
are written through it instead. A process killed mid-write leaves its temporary behind; names
starting with a dot and ending in `.tmp` are never taken for saves. A temporary's name carries the
pid of the process writing it (`.city.save.pid4242.k3j9x_1a.tmp`), so a leftover is known stale as
soon as that process is gone: the next successful write of the same target removes it, and so does
the next start of the game (`remove_stale_temporaries_in`, for the window's folders and the command
line's outputs). One whose writer still runs is never removed unless older than `STALE_SECONDS`
(no write takes that long: its pid was reused); one without a pid (an older game's) only then.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Final, TextIO

TEMPORARY_SUFFIX: Final = ".tmp"
NEW_FILE_MODE: Final = 0o644  # readable by all, like any file the user writes by hand
STALE_SECONDS: Final = 3600  # a temporary this old belongs to no write still running: removed
WRITER_MARK: Final = "pid"  # a temporary's name holds `.pid<N>.`, the process writing it
MAX_LINKS: Final = 40  # links followed before giving up, Linux's own limit (ELOOP)


@dataclass(frozen=True, slots=True)
class Replace:
    """Write by renaming a temporary over `path`: a regular file, or none yet, where the links end."""

    path: Path


@dataclass(frozen=True, slots=True)
class WriteThrough:
    """Write by opening `path` and writing into it: a pipe, a device or a descriptor link."""

    path: Path


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write `data` to `path`: atomically replacing the regular file its links end at, else through it."""
    target = destination(path)
    if isinstance(target, WriteThrough):
        _write_through(target.path, data)
    else:
        _replace(target.path, data)


def unused_name(path: Path, numbered: str = "{stem}_{n}{suffix}", most: int = 100) -> Path:
    """Return `path` if nothing is there, else the first free of its numbered names (n = 2..most; the last if all are taken).

    `numbered` spells a name from the path's `stem`, `suffix`, `name` and `n`.
    """
    names = [path] + [path.with_name(numbered.format(stem=path.stem, suffix=path.suffix, name=path.name, n=n)) for n in range(2, most + 1)]
    return next((name for name in names if not name.exists()), names[-1])


def destination(path: str | Path) -> Replace | WriteThrough:
    """Return how `path` is written, following its links; OSError with a one-line reason if it cannot be."""
    given = Path(path)
    current = given
    for _ in range(MAX_LINKS):
        try:
            info = os.lstat(current)
        except (FileNotFoundError, NotADirectoryError):
            return Replace(_in_existing_folder(current, given))
        if stat.S_ISLNK(info.st_mode) and _is_descriptor_link(info):
            # /proc/self/fd/1 and kin lead to an open file by themselves; their text ('pipe:[123]', or a
            # name the file may have lost) is no path to follow, and what they reach must not be renamed.
            try:
                info = os.stat(current)
            except FileNotFoundError:
                raise FileNotFoundError(errno.ENOENT, f"'{given}' leads to a file that is gone") from None
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError(errno.EISDIR, f"'{given}' is a folder, not a file")
            return WriteThrough(current)
        if stat.S_ISLNK(info.st_mode):
            # Joined unresolved: the kernel resolves a relative link (and its '..') from the folder the
            # link really is in, even when `current.parent` is itself reached through links.
            current = current.parent / os.readlink(current)
            continue
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, f"'{given}' is a folder, not a file")
        if stat.S_ISREG(info.st_mode) and Path(os.path.realpath(current.parent)) != Path("/dev/fd"):
            return Replace(current)
        return WriteThrough(current)  # FIFO, device, socket, or a descriptor in /dev/fd (macOS, BSD)
    raise OSError(errno.ELOOP, f"'{given}' goes through more than {MAX_LINKS} links")


def is_standard_output(path: str | Path) -> bool:
    """True when `path` names the file open on this process's standard output."""
    return _standard_stream_of(Path(path)) is sys.stdout


def write_to_stream(stream: TextIO, data: bytes) -> None:
    """Write `data` to the binary side of `stream` (sys.stdout, say) after any text waiting in it."""
    stream.flush()
    stream.buffer.write(data)
    stream.buffer.flush()
    try:
        handle = stream.fileno()
    except (OSError, ValueError):
        return  # a stream with no file behind it (a test's capture) has nothing to sync
    _sync_if_a_file(handle)


def _replace(target: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `target`, flush it to disk, then rename it over `target`."""
    handle, temporary = tempfile.mkstemp(prefix=temporary_prefix(target), suffix=TEMPORARY_SUFFIX, dir=target.parent)
    try:
        # mkstemp makes the file private (0600); keep the mode of the file being replaced instead.
        os.fchmod(handle, _mode_for(target))
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:  # KeyboardInterrupt too: never leave the temporary behind
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)
    remove_stale_temporaries(target)


def _write_through(target: Path, data: bytes) -> None:
    """Write `data` into the pipe, device or descriptor `target`, never removing or replacing it."""
    stream = _standard_stream_of(target)
    if stream is not None:
        # Our own stdout or stderr: write through the open stream, which keeps its place and its
        # append mode (`>> log`); reopening /proc/self/fd/1 would start at byte 0, and fails for a socket.
        write_to_stream(stream, data)
        return
    # No O_CREAT: if the pipe or device vanished since `destination`, fail rather than make a file.
    # Opening a FIFO waits for its reader, as `echo > fifo` does.
    handle = os.open(target, os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0))
    try:
        if stat.S_ISREG(os.fstat(handle).st_mode):
            os.ftruncate(handle, 0)  # a descriptor link to a file (/dev/fd/3): its old tail must not outlive the write
        view = memoryview(data)
        while view:  # a pipe may take less than asked
            view = view[os.write(handle, view):]
        _sync_if_a_file(handle)
    finally:
        os.close(handle)


def _in_existing_folder(target: Path, given: Path) -> Path:
    """Return `target` (which does not exist) if its folder does; OSError naming `given` otherwise."""
    folder = target.parent
    try:
        is_folder = stat.S_ISDIR(os.stat(folder).st_mode)
    except (FileNotFoundError, NotADirectoryError):
        if target == given:
            raise FileNotFoundError(errno.ENOENT, f"folder '{folder}' does not exist") from None
        raise FileNotFoundError(errno.ENOENT, f"'{given}' links to '{target}', whose folder does not exist") from None
    if not is_folder:
        raise NotADirectoryError(errno.ENOTDIR, f"'{folder}' is not a folder")
    return target


def _is_descriptor_link(info: os.stat_result) -> bool:
    """True for a link (lstat `info`) in /proc, which the kernel follows by itself, not by its text."""
    try:
        return info.st_dev == os.stat("/proc").st_dev
    except OSError:
        return False  # no /proc (macOS, Windows): no such links


def _standard_stream_of(target: Path) -> TextIO | None:
    """Return sys.stdout or sys.stderr if `target` is the very file open on it, else None."""
    try:
        wanted = os.stat(target)
    except OSError:
        return None
    for stream in (sys.stdout, sys.stderr):
        try:
            if os.path.samestat(os.fstat(stream.fileno()), wanted):
                return stream
        except (AttributeError, OSError, ValueError):
            continue  # None (pythonw), closed, or a capture with no file behind it
    return None


def _sync_if_a_file(handle: int) -> None:
    """Flush `handle` to disk; pipes, terminals and devices refuse (EINVAL), which is no failure."""
    try:
        os.fsync(handle)
    except OSError:
        if stat.S_ISREG(os.fstat(handle).st_mode):
            raise


def _mode_for(target: Path) -> int:
    """Return the permission bits a new version of `target` should have."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        return NEW_FILE_MODE


def temporary_prefix(target: Path) -> str:
    """Return how the names of `target`'s temporary files begin (this process's own: with its pid)."""
    return f".{target.name}.{WRITER_MARK}{os.getpid()}."


def _target_prefix(target: Path) -> str:
    """Return how the names of every temporary of `target` begin, whoever writes them."""
    return f".{target.name}."


def writer_pid(temporary: Path) -> int | None:
    """Return the pid of the process that made `temporary`, or None for a name without one."""
    stem = temporary.name.removesuffix(TEMPORARY_SUFFIX)
    head, _, _random = stem.rpartition(".")
    _, _, mark = head.rpartition(".")
    digits = mark.removeprefix(WRITER_MARK)
    return int(digits) if mark.startswith(WRITER_MARK) and digits.isdigit() else None


def _writer_gone(pid: int | None) -> bool:
    """True when `pid` names no running process: its temporary can be written by no one."""
    if pid is None or pid == os.getpid() or os.name == "nt":  # Windows' os.kill would end the process
        return False
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return True
    except OSError:
        return False  # exists but is another user's (EPERM), or cannot be told: keep it
    return False


def is_temporary(path: Path) -> bool:
    """True for a temporary file `write_atomic` made (and perhaps left behind when killed)."""
    return path.name.startswith(".") and path.name.endswith(TEMPORARY_SUFFIX)


def temporaries_of(target: str | Path) -> list[Path]:
    """Return the temporary files of `target` in its folder (left by killed or running writes)."""
    target = Path(target)
    prefix = _target_prefix(target)
    try:
        return sorted(
            entry for entry in target.parent.iterdir()
            if entry.name.startswith(prefix) and entry.name.endswith(TEMPORARY_SUFFIX)
        )
    except OSError:
        return []


def remove_stale_temporaries(target: str | Path, older_than_seconds: float = STALE_SECONDS) -> list[Path]:
    """Remove `target`'s temporaries whose writer is gone or that are older than `older_than_seconds`; return them."""
    return _remove_stale(temporaries_of(target), older_than_seconds)


def remove_stale_temporaries_in(folder: str | Path, older_than_seconds: float = STALE_SECONDS) -> list[Path]:
    """Remove the stale temporaries of every file in `folder` (at a start, before any write); return them."""
    try:
        leftovers = sorted(entry for entry in Path(folder).iterdir() if is_temporary(entry))
    except OSError:
        return []  # no folder yet, or not ours to read: nothing to clean
    return _remove_stale(leftovers, older_than_seconds)


def _remove_stale(leftovers: list[Path], older_than_seconds: float) -> list[Path]:
    """Remove each regular file of `leftovers` whose writer is gone or older than `older_than_seconds`."""
    removed = []
    now = time.time()
    for leftover in leftovers:
        try:
            info = os.lstat(leftover)
            if stat.S_ISREG(info.st_mode) and (_writer_gone(writer_pid(leftover)) or now - info.st_mtime > older_than_seconds):
                leftover.unlink()
                removed.append(leftover)
        except OSError:
            continue  # gone already, or not ours to remove: harmless either way
    return removed


def _sync_folder(folder: Path) -> None:
    """Flush the folder's entry for the renamed file to disk, where the system allows it."""
    try:
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return  # Windows cannot open folders; its rename is already durable through NTFS's journal
    try:
        os.fsync(handle)
    except OSError:
        pass  # some file systems refuse to fsync a folder; the file itself is already on disk
    finally:
        os.close(handle)
