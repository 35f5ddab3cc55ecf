"""Save files: a ZIP of a JSON header, JSON state and a numpy .npz of the grids; never pickle.

Layout (format version 1):
  header.json  {"format": "neo-terra-save", "version": 1, "checksum": sha256 of state.json+arrays.npz, ...}
  state.json   the simulation's plain-data state (game.sim.snapshot.capture)
  arrays.npz   the grids and building columns, loaded with allow_pickle=False

Writing goes through a temporary file and a rename, so a failed save leaves the last one whole.
Loading checks size limits, the format, the checksum and the schema before building anything.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, ValidationError

from game.files import write_atomic
from game.level.errors import InputError
from game.sim.simulation import Simulation
from game.sim.snapshot import SNAPSHOT_VERSION, SnapshotError, capture, restore

SAVE_FORMAT = "neo-terra-save"
SAVE_VERSION = 1
MAX_SAVE_BYTES = 256 * 1024 * 1024
MAX_ENTRY_BYTES = 1024 * 1024 * 1024  # uncompressed, per entry: a 512x512 map is ~10 MiB of grids
ENTRIES = ("header.json", "state.json", "arrays.npz")
GAME_VERSION = "0.1.0"


class _Header(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    format: str
    version: int
    game_version: str
    checksum: str
    level_name: str
    tick: int


def save_game(sim: Simulation, path: str | Path) -> None:
    """Write `sim` to `path` atomically."""
    meta, arrays = capture(sim)
    state = json.dumps(meta, separators=(",", ":")).encode()
    buffer = io.BytesIO()
    np.savez_compressed(buffer, allow_pickle=False, **arrays)
    packed = buffer.getvalue()
    header = {
        "format": SAVE_FORMAT,
        "version": SAVE_VERSION,
        "game_version": GAME_VERSION,
        "checksum": hashlib.sha256(state + packed).hexdigest(),
        "level_name": sim.scenario.name,
        "tick": sim.tick,
    }
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("header.json", json.dumps(header, indent=1))
        zipped.writestr("state.json", state)
        zipped.writestr("arrays.npz", packed, compress_type=zipfile.ZIP_STORED)
    write_atomic(path, archive.getvalue())


def _fail(path: str | Path, message: str) -> InputError:
    return InputError([f"{path}: {message}"])


def _read_entries(path: str | Path) -> dict[str, bytes]:
    target = Path(path)
    if not target.exists():
        raise _fail(path, "no such save file")
    if not target.is_file():
        raise _fail(path, "not a file")
    if target.stat().st_size > MAX_SAVE_BYTES:
        raise _fail(path, f"save file is larger than {MAX_SAVE_BYTES // (1024 * 1024)} MiB")
    try:
        with zipfile.ZipFile(target) as zipped:
            infos = {info.filename: info for info in zipped.infolist()}
            if sorted(infos) != sorted(ENTRIES):
                raise _fail(path, "not a Neo-Terra save (unexpected contents)")
            for info in infos.values():
                if info.file_size > MAX_ENTRY_BYTES:
                    raise _fail(path, f"{info.filename} is too large")
            return {name: zipped.read(name) for name in ENTRIES}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError):
        raise _fail(path, "not a Neo-Terra save, or the file is damaged") from None
    except (OSError, RuntimeError, ValueError) as error:
        raise _fail(path, f"cannot read the save: {error}") from None


def _header(path: str | Path, raw: bytes) -> _Header:
    try:
        header = _Header.model_validate(json.loads(raw))
    except (ValueError, ValidationError):
        raise _fail(path, "damaged save header") from None
    if header.format != SAVE_FORMAT:
        raise _fail(path, "not a Neo-Terra save")
    if header.version > SAVE_VERSION:
        raise _fail(path, f"save format {header.version} is newer than this game understands ({SAVE_VERSION})")
    if header.version < 1:
        raise _fail(path, f"unknown save format {header.version}")
    return header


def _arrays(path: str | Path, raw: bytes) -> dict[str, np.ndarray]:
    try:
        with np.load(io.BytesIO(raw), allow_pickle=False) as loaded:
            return {name: loaded[name] for name in loaded.files}
    except (ValueError, OSError, EOFError, zipfile.BadZipFile):
        raise _fail(path, "damaged grid data") from None


def load_game(path: str | Path) -> Simulation:
    """Read a save and return the simulation it holds; InputError with one line if it is not sound."""
    entries = _read_entries(path)
    header = _header(path, entries["header.json"])
    if hashlib.sha256(entries["state.json"] + entries["arrays.npz"]).hexdigest() != header.checksum:
        raise _fail(path, "checksum mismatch: the save is damaged")
    try:
        meta: Any = json.loads(entries["state.json"])
    except ValueError:
        raise _fail(path, "damaged game state") from None
    if not isinstance(meta, dict) or meta.get("snapshot_version") != SNAPSHOT_VERSION:
        raise _fail(path, "state.json: unsupported or missing snapshot_version")
    arrays = _arrays(path, entries["arrays.npz"])
    try:
        return restore(meta, arrays)
    except SnapshotError as error:
        raise _fail(path, str(error)) from None
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as error:
        raise _fail(path, f"state.json: damaged game state ({type(error).__name__}: {error})") from None
