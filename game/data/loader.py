"""Reading a content file from the package: TOML, checked by its model, or one line naming the file and the field.

The files are resources of `game.data` (`importlib.resources`), so a wheel, an editable install
and a checkout read the same bytes. game/sim's content modules call `read_table` when they are
first imported and build their frozen records from the entries.
"""

from __future__ import annotations

import tomllib
from importlib.resources import files
from typing import TypeVar

from pydantic import ValidationError

from game.data.field_errors import field_path, schema_problems
from game.data.models import ContentFile, Found

PACKAGE = "game.data"
File = TypeVar("File", bound=ContentFile)


class ContentError(ValueError):
    """A shipped content file is damaged: the message is one line, `game/data/<file>: <field>: <problem>`."""


def label(file_name: str) -> str:
    """Return how messages name the content file `file_name`: its path in the repository."""
    return f"game/data/{file_name}"


def content_text(file_name: str) -> str:
    """Return the text of the content file `file_name` (ContentError if the package lacks it)."""
    resource = files(PACKAGE).joinpath(file_name)
    try:
        return resource.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ContentError(f"{label(file_name)}: cannot be read ({error.__class__.__name__}); reinstall the game") from error


def read_table(file_name: str, model: type[File], text: str | None = None) -> File:
    """Return the content file `file_name` (or `text` in its place) checked by `model`; ContentError in one line if damaged."""
    if text is None:
        text = content_text(file_name)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ContentError(f"{label(file_name)}: not valid TOML: {error}") from None
    try:
        table = model.model_validate(data)
    except ValidationError as error:
        raise ContentError(one_line(file_name, [(path, message) for path, message in schema_problems(error, (), model)])) from None
    found = table.problems()
    if found:
        raise content_error(file_name, found)
    return table


def content_error(file_name: str, found: Found) -> ContentError:
    """Return the ContentError for problems (location, message) found in the content file `file_name`."""
    return ContentError(one_line(file_name, [(field_path(location), message) for location, message in found]))


def one_line(file_name: str, problems: list[tuple[str, str]]) -> str:
    """Return the first (field path, message) problem as the error's line, counting the others."""
    path, message = problems[0]
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"{label(file_name)}: {path}: {message}{more}" if path else f"{label(file_name)}: {message}{more}"
