"""Reading an input file safely: size cap before reading, UTF-8 only, TOML syntax errors as file:line:col."""

from __future__ import annotations

import json
import os
import re
import stat
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import numpy as np

from game.level.errors import InputError

MAX_LEVEL_BYTES = 2 * 1024 * 1024  # bytes; level and commands files are small hand-edited text
_TOML_POSITION = re.compile(r"^(?P<message>.*) \(at line (?P<line>\d+), column (?P<column>\d+)\)$", re.DOTALL)
_TOML_AT_END = " (at end of document)"
_MAX_DIGITS = sys.get_int_max_str_digits()
_T = TypeVar("_T")

# JSON documents (saves' state and header, replays) are bounded before json.loads builds them: an
# empty object costs Python about 100 bytes against its 3 bytes of text, and json has no limits.
MAX_JSON_VALUES = 3_000_000  # objects, arrays and values; a full save (100,000 logged commands, ten years of history) holds about 1.2 million
MAX_JSON_DEPTH = 64  # nested objects and arrays; the game writes at most about 8
_JSON_SCAN_BYTES = 1 << 22  # the JSON scan reads this much at a time, so its own memory stays a few MB

# TOML keys are bounded before tomllib reads them: it spends time and memory quadratic in the parts
# of a dotted key (a 40 KB key of 20,000 parts: 12 s and 1.6 GB), and about 5 us on each key.
MAX_TOML_KEY_PARTS = 32  # parts of one dotted key or table name; levels use 3 (map.legend.".")
MAX_TOML_KEYS = 250_000  # keys and table headers; tomllib reads this many in about a second
_TOML_STRING_OR_COMMENT = re.compile(
    r'"""(?:[^\\]|\\.)*?"""|\'\'\'.*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*', re.DOTALL
)
_TOML_LONG_KEY = re.compile(rf"(?<![\w-])(?:[\w-]++[ \t]*+\.[ \t]*+){{{MAX_TOML_KEY_PARTS}}}[\w-]")


def read_text(path: str | Path, what: str = "level file", limit: int = MAX_LEVEL_BYTES) -> str:
    """Return the UTF-8 text of `path`, or raise InputError saying why it cannot be read."""
    return decode_utf8(read_bytes(path, what, limit), str(path))


def read_bytes(path: str | Path, what: str, limit: int) -> bytes:
    """Return the bytes of the regular file `path`, at most `limit` of them, or raise InputError."""
    with open_regular(path, what, limit) as stream:
        try:
            data = stream.read(limit + 1)  # the file may have grown since it was opened
        except OSError as error:
            raise InputError([f"{path}: cannot read the file: {_reason(error)}"]) from None
    if data is None:  # a file of /proc that would wait for data (/proc/kmsg) says so at once
        raise InputError([f"{path}: cannot read the file: it has nothing to read yet, so it cannot be a {what}"])
    if len(data) > limit:
        raise InputError([_too_big(str(path), what, limit)])
    return data


def open_regular(path: str | Path, what: str, limit: int) -> BinaryIO:
    """Open `path` for reading if it is a regular file of at most `limit` bytes; InputError in one line if not.

    A FIFO blocks its opener until a writer comes, and a device may never end: both are refused
    before opening (os.stat), and again on what was opened (os.fstat), in case the path was swapped
    in between; the open itself never waits (O_NONBLOCK), and neither do reads of the file it gives.
    """
    label = str(path)
    _check_regular(label, _stat(label, lambda: os.stat(path)), what, limit)
    descriptor = _stat(label, lambda: os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)))
    try:
        _check_regular(label, _stat(label, lambda: os.fstat(descriptor)), what, limit)
    except InputError:
        os.close(descriptor)
        raise
    return open(descriptor, "rb")  # builtin open, not os.fdopen: the kill tests patch that one to die mid-write


def _stat(label: str, call: Callable[[], _T]) -> _T:
    """Return `call()` (a stat or an open of the file `label`), its OSError as a one-line InputError."""
    try:
        return call()
    except FileNotFoundError:
        raise InputError([f"{label}: no such file"]) from None
    except PermissionError:
        raise InputError([f"{label}: cannot read the file: permission denied"]) from None
    except (OSError, ValueError) as error:
        raise InputError([f"{label}: cannot read the file: {_reason(error)}"]) from None


def _check_regular(label: str, info: os.stat_result, what: str, limit: int) -> None:
    """Refuse a directory, a device, a FIFO or a socket, and a regular file over `limit` bytes."""
    if stat.S_ISDIR(info.st_mode):
        raise InputError([f"{label}: is a directory, not a {what}"])
    if not stat.S_ISREG(info.st_mode):
        raise InputError([f"{label}: is not a regular file, so it cannot be a {what}"])
    if info.st_size > limit:
        raise InputError([_too_big(label, what, limit)])


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
    _check_toml_keys(text, label)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError([_syntax_problem(str(error), text, label)]) from None
    except RecursionError:
        raise InputError([f"{label}: TOML syntax error: arrays or tables nested too deeply"]) from None
    except ValueError:  # tomllib lets int() refuse an integer of more digits than Python converts
        raise InputError([f"{label}: TOML syntax error: an integer with more than {_MAX_DIGITS:,} digits"]) from None


def read_json(path: str | Path, what: str, limit: int) -> Any:
    """Return the JSON document in the file `path` (at most `limit` bytes, bounded before it is built); InputError in one line if not."""
    label = str(path)
    data = read_bytes(path, what, limit)
    too_big = json_size_problem(data)
    if too_big is not None:
        raise InputError([f"{label}: {too_big}"])
    text = decode_utf8(data, label)
    del data  # a file may be tens of MiB: its bytes and its text are not kept both
    try:
        return json.loads(text)
    except RecursionError:
        raise InputError([f"{label}: nested too deeply"]) from None
    except ValueError as error:
        raise InputError([f"{label}: not valid JSON ({str(error).splitlines()[0]})"]) from None


def json_size_problem(data: bytes, max_values: int = MAX_JSON_VALUES, max_depth: int = MAX_JSON_DEPTH) -> str | None:
    """Return why the JSON text `data` holds too many values or nests too deeply to parse, or None.

    A linear scan with numpy, a few MB at a time whatever the size of `data`, at a fraction of
    the parse's cost; it counts an upper bound of the values (commas, `[` and `{` outside strings,
    and one), exact for a well-formed document.
    """
    values, depth, deepest, in_string = 1, 0, 0, 0
    start = 0
    while start < len(data):
        end = min(len(data), start + _JSON_SCAN_BYTES)
        while end < len(data) and data[end - 1] == 0x5C:  # never split a run of backslashes
            end += 1
        chunk = np.frombuffer(data, np.uint8, end - start, start)
        quotes = chunk == 0x22
        quotes[_escaped(chunk)] = False
        # A character is inside a string when the quotes so far (this one too: a quote is never
        # structure) are odd in number; uint8 sums wrap at 256, which keeps their parity.
        outside = ((np.cumsum(quotes, dtype=np.uint8) + in_string) & 1) == 0
        in_string = (in_string + int(np.count_nonzero(quotes))) & 1
        opening = ((chunk == 0x5B) | (chunk == 0x7B)) & outside
        closing = ((chunk == 0x5D) | (chunk == 0x7D)) & outside
        values += int(np.count_nonzero(opening)) + int(np.count_nonzero((chunk == 0x2C) & outside))
        if values > max_values:
            return f"holds more than {max_values:,} values"
        steps = opening.astype(np.int32) - closing
        if steps.size:
            running = np.cumsum(steps, dtype=np.int64)
            deepest = max(deepest, depth + int(running.max()))
            depth += int(running[-1])
        if deepest > max_depth:
            return f"nested more than {max_depth} deep"
        start = end
    return None


def _escaped(chunk: np.ndarray) -> np.ndarray:
    """Return the positions in `chunk` that a backslash escapes: each right after an odd run of backslashes."""
    slashes = np.flatnonzero(chunk == 0x5C)
    if slashes.size == 0:
        return slashes
    run_starts = np.flatnonzero(np.diff(slashes, prepend=-2) != 1)
    run_ends = np.append(run_starts[1:], slashes.size)
    odd = (run_ends - run_starts) % 2 == 1
    after = slashes[run_ends[odd] - 1] + 1
    return after[after < chunk.size]


def _check_toml_keys(text: str, label: str) -> None:
    """Refuse a dotted key of too many parts, or too many keys, before tomllib spends its time on them."""
    # Strings and comments become a 0 each: what is left is keys, values and punctuation, and a
    # quoted key part stays one part. A key of so many parts needs as many dots (most levels have few).
    bare = _TOML_STRING_OR_COMMENT.sub("0", text)
    if bare.count(".") >= MAX_TOML_KEY_PARTS and _TOML_LONG_KEY.search(bare) is not None:
        # Found: again with strings and comments as zeros of their own length, to say where.
        placed = _TOML_STRING_OR_COMMENT.sub(lambda found: re.sub(r"[^\n]", "0", found.group()), text)
        long_key = _TOML_LONG_KEY.search(placed)
        assert long_key is not None
        line, column = line_and_column(text, long_key.start())
        raise InputError([f"{label}:{line}:{column}: a dotted key of more than {MAX_TOML_KEY_PARTS} parts"])
    keys = bare.count("=") + bare.count("\n[") + bare.startswith("[")
    if keys > MAX_TOML_KEYS:
        raise InputError([f"{label}: more than {MAX_TOML_KEYS:,} keys and tables"])


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
