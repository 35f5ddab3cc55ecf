"""Where values sit in a TOML document's text, so that messages can point at a line and column.

tomllib gives values but no positions. `TomlPositions` walks a document that tomllib has already
accepted and records the character offset where each value starts, keyed by its path (table keys
as strings, array and array-of-tables indices as ints). It can then decode a string value again,
character by character, keeping the offset every decoded character came from. A path it cannot
find gives None, and callers fall back to naming the field.
"""

from __future__ import annotations

import contextlib
import re
from types import MappingProxyType

PathKey = tuple[str | int, ...]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SCALAR_END = re.compile(r"[,\]}#\r\n]")
_ESCAPES = MappingProxyType({"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\", "e": "\x1b"})
_BASIC_SPECIAL = re.compile(r"\\")
_BASIC_MULTI_SPECIAL = re.compile(r"\\|\r\n")
_LITERAL_MULTI_SPECIAL = re.compile(r"\r\n")
MAX_DEPTH = 100  # nesting the scanner follows; tomllib refuses much deeper documents anyway


class TomlPositions:
    """Offsets of the values of one TOML document that tomllib accepted."""

    def __init__(self, text: str) -> None:
        """Keep the document's text; it is scanned the first time a position is asked for."""
        self.text = text
        self._values: dict[PathKey, int] = {}
        self._scanned = False

    def value_offset(self, path: PathKey) -> int | None:
        """Return the offset where the value at `path` starts, or None if it cannot be found."""
        if not self._scanned:
            self._scanned = True
            with contextlib.suppress(IndexError, ValueError):  # keep what was found before the scanner lost its way
                _Scanner(self.text, self._values).document()
        return self._values.get(path)

    def nearest_offset(self, path: PathKey) -> int | None:
        """Return the offset of the value at `path`, or of the nearest enclosing table or value found."""
        for end in range(len(path), 0, -1):
            offset = self.value_offset(path[:end])
            if offset is not None:
                return offset
        return None

    def string_offsets(self, path: PathKey, limit: int | None = None) -> tuple[str, list[int]] | None:
        """Return the string at `path` decoded again (its first `limit` characters) and each one's offset."""
        offset = self.value_offset(path)
        if offset is None or self.text[offset : offset + 1] not in ('"', "'"):
            return None
        try:
            return decode_string(self.text, offset, limit)
        except (IndexError, ValueError):
            return None

    def line_and_column(self, offset: int) -> tuple[int, int]:
        """Return the 1-based line and column (in characters) of `offset`."""
        line = self.text.count("\n", 0, offset) + 1
        return line, offset - (self.text.rfind("\n", 0, offset) + 1) + 1


def string_end(text: str, start: int) -> int:
    """Return the offset just past the TOML string that opens at `start`."""
    quote = text[start]
    if text.startswith(quote * 3, start):
        if quote == "'":
            close = text.index("'''", start + 3)
        else:
            close = _find_unescaped(text, start + 3, '"""')
        end = close + 3
        while text.startswith(quote, end) and end - close < 5:  # up to two quotes may end the content
            end += 1
        return end
    if quote == "'":
        return text.index("'", start + 1) + 1
    return _find_unescaped(text, start + 1, '"') + 1


def decode_string(text: str, start: int, limit: int | None = None) -> tuple[str, list[int]]:
    """Return the TOML string opening at `start` (its first `limit` characters) and each one's source offset."""
    quote = text[start]
    end = string_end(text, start)
    multi = text.startswith(quote * 3, start)
    if multi:
        begin, close = start + 3, end - 3
        if text.startswith("\r\n", begin):
            begin += 2
        elif text.startswith("\n", begin):
            begin += 1
        special = _BASIC_MULTI_SPECIAL if quote == '"' else _LITERAL_MULTI_SPECIAL
    else:
        begin, close = start + 1, end - 1
        special = _BASIC_SPECIAL if quote == '"' else None
    parts: list[str] = []
    offsets: list[int] = []
    position = begin
    while special is not None and (limit is None or len(offsets) < limit):
        # One character past the limit still finds an escape or a \r\n that starts inside it.
        stop = close if limit is None else min(close, position + limit - len(offsets) + 1)
        found = special.search(text, position, stop)
        if found is None:
            break
        at = found.start()
        parts.append(text[position:at])
        offsets.extend(range(position, at))
        if found.group() == "\r\n":
            parts.append("\n")
            offsets.append(at)
            position = at + 2
            continue
        position = _decode_escape(text, at, close, parts, offsets)
    if limit is not None:
        close = max(position, min(close, position + limit - len(offsets)))
    parts.append(text[position:close])
    offsets.extend(range(position, close))
    if limit is not None and len(offsets) > limit:
        return "".join(parts)[:limit], offsets[:limit]
    return "".join(parts), offsets


def _decode_escape(text: str, at: int, close: int, parts: list[str], offsets: list[int]) -> int:
    """Decode the escape at `at` (a backslash) into `parts`; return the offset after it."""
    code = text[at + 1]
    if code in _ESCAPES:
        parts.append(_ESCAPES[code])
        offsets.append(at)
        return at + 2
    if code in "uUx":
        digits = {"u": 4, "U": 8, "x": 2}[code]
        parts.append(chr(int(text[at + 2 : at + 2 + digits], 16)))
        offsets.append(at)
        return at + 2 + digits
    # A backslash at the end of a line joins it to the next non-blank character.
    position = at + 1
    while position < close and text[position] in " \t\r\n":
        position += 1
    return position


def _find_unescaped(text: str, position: int, closing: str) -> int:
    """Return the offset of the first `closing` at or after `position` that no backslash escapes."""
    close = text.find(closing, position)
    while True:
        if close < 0:
            raise ValueError("unterminated string")
        backslash = text.find("\\", position, close)
        if backslash < 0:
            return close
        position = backslash + 2
        if position > close:  # the escape reached the candidate; look again only then, or a string of
            close = text.find(closing, position)  # many escapes costs a scan to its end for each one


class _Scanner:
    """A recursive walk over an accepted TOML document, noting where each value starts."""

    def __init__(self, text: str, values: dict[PathKey, int]) -> None:
        """Prepare to walk `text`, recording value offsets into `values`."""
        self.text = text
        self.values = values
        self.position = 0
        self.array_tables: dict[PathKey, int] = {}  # resolved path -> entries seen so far

    def document(self) -> None:
        """Walk the whole document."""
        text = self.text
        current: PathKey = ()
        while True:
            self.skip_blank()
            if self.position >= len(text):
                return
            start = self.position
            if text.startswith("[[", self.position):
                self.position += 2
                key = self.key()
                path = (*self.resolve(key[:-1]), key[-1])
                self.expect("]]")
                count = self.array_tables.get(path, 0)
                self.array_tables[path] = count + 1
                current = (*path, count)
                self.values.setdefault(current, start)
            elif text[self.position] == "[":
                self.position += 1
                current = self.resolve(self.key())
                self.expect("]")
                self.values.setdefault(current, start)
            else:
                key = self.key()
                self.expect("=")
                self.value((*current, *key), 0)

    def resolve(self, key: PathKey) -> PathKey:
        """Return the path of a table header, stepping into the latest entry of arrays of tables."""
        path: PathKey = ()
        for part in key:
            path = (*path, part)
            if path in self.array_tables:
                path = (*path, self.array_tables[path] - 1)
        return path

    def key(self) -> PathKey:
        """Read a dotted key and return its parts."""
        parts: list[str | int] = []
        while True:
            self.skip_spaces()
            text = self.text
            if text[self.position] in "\"'":
                end = string_end(text, self.position)
                parts.append(decode_string(text, self.position)[0])
                self.position = end
            else:
                found = _BARE_KEY.match(text, self.position)
                if found is None:
                    raise ValueError("expected a key")
                parts.append(found.group())
                self.position = found.end()
            self.skip_spaces()
            if not text.startswith(".", self.position):
                return tuple(parts)
            self.position += 1

    def value(self, path: PathKey, depth: int) -> None:
        """Read one value, recording where it and everything inside it starts."""
        if depth > MAX_DEPTH:
            raise ValueError("nested too deeply")
        self.skip_spaces()
        text = self.text
        self.values[path] = self.position
        first = text[self.position]
        if first in "\"'":
            self.position = string_end(text, self.position)
        elif first == "[":
            self.position += 1
            self.items(path, depth, "]", keyed=False)
        elif first == "{":
            self.position += 1
            self.items(path, depth, "}", keyed=True)
        else:
            found = _SCALAR_END.search(text, self.position)
            self.position = len(text) if found is None else found.start()

    def items(self, path: PathKey, depth: int, closing: str, keyed: bool) -> None:
        """Read the entries of an array or an inline table up to `closing`."""
        index = 0
        while True:
            self.skip_blank()
            if self.text.startswith(closing, self.position):
                self.position += 1
                return
            if keyed:
                key = self.key()
                self.expect("=")
                self.value((*path, *key), depth + 1)
            else:
                self.value((*path, index), depth + 1)
                index += 1
            self.skip_blank()
            if self.text.startswith(",", self.position):
                self.position += 1

    def expect(self, token: str) -> None:
        """Skip spaces and then `token`."""
        self.skip_spaces()
        if not self.text.startswith(token, self.position):
            raise ValueError(f"expected {token!r}")
        self.position += len(token)

    def skip_spaces(self) -> None:
        """Skip spaces and tabs."""
        text = self.text
        while self.position < len(text) and text[self.position] in " \t":
            self.position += 1

    def skip_blank(self) -> None:
        """Skip spaces, line breaks and comments."""
        text = self.text
        while self.position < len(text):
            char = text[self.position]
            if char in " \t\r\n":
                self.position += 1
            elif char == "#":
                newline = text.find("\n", self.position)
                self.position = len(text) if newline < 0 else newline + 1
            else:
                return
