"""Collecting the problems of one input file, each formatted as `file:line:col: ...` or `file: field: ...`."""

from __future__ import annotations

from collections.abc import Sequence

from game.data.field_errors import field_path
from game.level.errors import InputError, capped
from game.level.toml_positions import TomlPositions


class Problems:
    """The problems found so far in one file, and where its values sit in its text."""

    def __init__(self, label: str, text: str) -> None:
        """Start with no problems for the file `label` whose text is `text`."""
        self.label = label
        self.lines: list[str] = []
        self._text = text
        self._positions: TomlPositions | None = None

    @property
    def positions(self) -> TomlPositions:
        """Value positions in the file's text, scanned the first time a message needs them."""
        if self._positions is None:
            self._positions = TomlPositions(self._text)
        return self._positions

    def at_field(self, location: Sequence[str | int], message: str) -> None:
        """Add a problem named by its field path, e.g. `buildings[3].kind`, after the line and column it sits at.

        A field the file does not write (one that is missing) is placed at the nearest table or
        value around it that the file does write; a file with none of them gives no position.
        """
        path = field_path(location)
        offset = self.positions.nearest_offset(tuple(location))
        where = self.label
        if offset is not None:
            line, column = self.positions.line_and_column(offset)
            where = f"{self.label}:{line}:{column}"
        self.lines.append(f"{where}: {path}: {message}" if path else f"{where}: {message}")

    def at_offset(self, offset: int, message: str) -> None:
        """Add a problem at a character offset of the file's text, as line and column."""
        line, column = self.positions.line_and_column(offset)
        self.lines.append(f"{self.label}:{line}:{column}: {message}")

    def extend(self, found: Sequence[tuple[Sequence[str | int], str]]) -> None:
        """Add (location, message) pairs."""
        for location, message in found:
            self.at_field(location, message)

    def __bool__(self) -> bool:
        """True when any problem was found."""
        return bool(self.lines)

    def raise_if_any(self) -> None:
        """Raise InputError listing the problems (capped), if there are any."""
        if self.lines:
            raise InputError(capped(self.lines))
