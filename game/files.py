"""Writing files so that a crash or a full disk never leaves half a file behind.

`write_atomic` writes a temporary file `.NAME.XXXXXXXX.tmp` beside the target, flushes and fsyncs
it, renames it over the target and fsyncs the folder, so after a crash (even SIGKILL or a power
cut once the call has returned) the target holds either the old bytes or the new ones, never a
mix. A process killed mid-write leaves its temporary behind; names starting with a dot and ending
in `.tmp` are never taken for saves, and the next successful write of the same target removes
those left over for longer than `STALE_SECONDS`.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Final

TEMPORARY_SUFFIX: Final = ".tmp"
NEW_FILE_MODE: Final = 0o644  # readable by all, like any file the user writes by hand
STALE_SECONDS: Final = 3600  # a temporary this old belongs to no write still running: removed


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write `data` to `path` via a flushed temporary file in the same folder, then rename."""
    target = Path(path)
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


def _mode_for(target: Path) -> int:
    """Return the permission bits a new version of `target` should have."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        return NEW_FILE_MODE


def temporary_prefix(target: Path) -> str:
    """Return how the names of `target`'s temporary files begin."""
    return f".{target.name}."


def is_temporary(path: Path) -> bool:
    """True for a temporary file `write_atomic` made (and perhaps left behind when killed)."""
    return path.name.startswith(".") and path.name.endswith(TEMPORARY_SUFFIX)


def temporaries_of(target: str | Path) -> list[Path]:
    """Return the temporary files of `target` in its folder (left by killed or running writes)."""
    target = Path(target)
    prefix = temporary_prefix(target)
    try:
        return sorted(
            entry for entry in target.parent.iterdir()
            if entry.name.startswith(prefix) and entry.name.endswith(TEMPORARY_SUFFIX)
        )
    except OSError:
        return []


def remove_stale_temporaries(target: str | Path, older_than_seconds: float = STALE_SECONDS) -> list[Path]:
    """Remove `target`'s temporaries last modified over `older_than_seconds` ago; return those removed."""
    removed = []
    now = time.time()
    for leftover in temporaries_of(target):
        try:
            if now - leftover.stat().st_mtime > older_than_seconds:
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
