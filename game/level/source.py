"""Reading an input file safely: size cap before reading, UTF-8 only, TOML syntax errors as file:line:col."""

from __future__ import annotations

import os
import re
import stat
import sys
import tomllib
from pathlib import Path
from typing import Any

from game.level.errors import InputError

MAX_LEVEL_BYTES = 2 * 1024 * 1024  # bytes; level and commands files are small hand-edited text
_TOML_POSITION = re.compile(r"^(?P<message>.*) \(at line (?P<line>\d+), column (?P<column>\d+)\)$", re.DOTALL)
_TOML_AT_END = " (at end of document)"
_MAX_DIGITS = sys.get_int_max_str_digits()


def read_text(path: str | Path, what: str = "level file", limit: int = MAX_LEVEL_BYTES) -> str:
    """Return the UTF-8 text of `path`, or raise InputError saying why it cannot be read."""
    label = str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError([f"{label}: no such file"]) from None
    except PermissionError:
        raise InputError([f"{label}: cannot read the file: permission denied"]) from None
    except (OSError, ValueError) as error:
        raise InputError([f"{label}: cannot read the file: {_reason(error)}"]) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError([f"{label}: is a directory, not a {what}"])
    if not stat.S_ISREG(info.st_mode):
        raise InputError([f"{label}: is not a regular file, so it cannot be a {what}"])
    if info.st_size > limit:
        raise InputError([_too_big(label, what, limit)])
    try:
        with open(path, "rb") as stream:
            data = stream.read(limit + 1)  # the file may have grown since stat
    except PermissionError:
        raise InputError([f"{label}: cannot read the file: permission denied"]) from None
    except OSError as error:
        raise InputError([f"{label}: cannot read the file: {_reason(error)}"]) from None
    if len(data) > limit:
        raise InputError([_too_big(label, what, limit)])
    return decode_utf8(data, label)


def decode_utf8(data: bytes, label: str) -> str:
    """Return `data` decoded as UTF-8 (a leading byte-order mark is dropped), or raise InputError."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        line = data.count(b"\n", 0, error.start) + 1
        column = len(data[line_start : error.start].decode("utf-8", "replace")) + 1
        raise InputError(
            [f"{label}:{line}:{column}: not valid UTF-8 text (byte 0x{data[error.start]:02x}); save the file as UTF-8"]
        ) from None


def parse_toml(text: str, label: str) -> dict[str, Any]:
    """Return the TOML document in `text`, or raise InputError with the syntax error's line and column."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError([_syntax_problem(str(error), text, label)]) from None
    except RecursionError:
        raise InputError([f"{label}: TOML syntax error: arrays or tables nested too deeply"]) from None
    except ValueError:  # tomllib lets int() refuse an integer of more digits than Python converts
        raise InputError([f"{label}: TOML syntax error: an integer with more than {_MAX_DIGITS:,} digits"]) from None


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """Return the 1-based line and column (in characters) of `offset` in `text`."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _syntax_problem(message: str, text: str, label: str) -> str:
    """Return tomllib's message as `file:line:col: TOML syntax error: ...`."""
    found = _TOML_POSITION.match(message)
    if found is not None:
        return f"{label}:{found['line']}:{found['column']}: TOML syntax error: {_lower_first(found['message'])}"
    if message.endswith(_TOML_AT_END):
        line, column = line_and_column(text, len(text))
        return f"{label}:{line}:{column}: TOML syntax error: {_lower_first(message[: -len(_TOML_AT_END)])}"
    return f"{label}: TOML syntax error: {_lower_first(message)}"


def _lower_first(message: str) -> str:
    """Return `message` with its first letter in lower case, to follow a colon."""
    return message[:1].lower() + message[1:]


def _too_big(label: str, what: str, limit: int) -> str:
    """Return the problem of a file over the size cap."""
    return f"{label}: the file is too large; a {what} may be at most {limit:,} bytes ({limit // (1024 * 1024)} MiB)"


def _reason(error: BaseException) -> str:
    """Return why an operating-system call failed, in lower case."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return str(error) or type(error).__name__
