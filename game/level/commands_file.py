"""Commands files for headless runs: `[[command]]` entries, each a tick, a type and that command's fields."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, ValidationError, create_model

from game.data.field_errors import describe_value, quoted, schema_errors, suggestion
from game.data.models import MAX_NAME_FIELD_CHARS, STRICT, Name
from game.level.problems import Problems
from game.level.source import parse_toml, read_text
from game.sim.commands import COMMAND_TYPES, MAX_COMMAND_TILES, Command, command_fields, command_tiles

MAX_COMMANDS = 100_000
MAX_TICK = 10_000_000  # a little over 1,100 game years
MAX_COMMAND_INT = 1_000_000  # coordinates and values; the simulation refuses what does not fit its map
MAX_COMMAND_TEXT = MAX_NAME_FIELD_CHARS  # characters in a kind or policy name


@cache
def entry_model(type_name: str) -> type[BaseModel]:
    """Return the pydantic model of one `[[command]]` entry of type `type_name`."""
    command_class = COMMAND_TYPES[type_name]
    fields: dict[str, Any] = {
        "tick": (Annotated[int, Field(ge=0, le=MAX_TICK)], ...),
        "type": (Literal[type_name], ...),  # type: ignore[valid-type]
    }
    for name, kind in command_fields(command_class):
        if kind is int:
            fields[name] = (Annotated[int, Field(ge=-MAX_COMMAND_INT, le=MAX_COMMAND_INT)], ...)
        else:
            fields[name] = (Name, ...)
    return create_model(f"{command_class.__name__}Entry", __config__=STRICT, **fields)


def load_commands(path: str | Path) -> list[tuple[int, Command]]:
    """Read the commands file at `path` as (tick, command) pairs sorted by tick (stable); raise InputError."""
    label = str(path)
    text = read_text(path, "commands file")
    document = parse_toml(text, label)
    problems = Problems(label, text)
    schedule = commands_from_document(document, problems)
    problems.raise_if_any()
    return schedule


def commands_from_document(document: dict[str, Any], problems: Problems) -> list[tuple[int, Command]]:
    """Return the commands of a parsed commands file, adding a problem for every bad entry."""
    for key in document:
        if key != "command":
            hint = suggestion(key, ["command"])
            problems.at_field((key,), f"unknown field; a commands file holds only [[command]] entries{hint}")
    entries = document.get("command", [])
    if not isinstance(entries, list):
        problems.at_field(("command",), "expected [[command]] entries (an array of tables)")
        return []
    if len(entries) > MAX_COMMANDS:
        problems.at_field(("command",), f"{len(entries):,} commands; at most {MAX_COMMANDS:,} allowed")
        return []
    schedule = []
    for index, entry in enumerate(entries):
        command = _command(index, entry, problems)
        if command is not None:
            schedule.append(command)
    tiles = sum(command_tiles(command) for _tick, command in schedule)
    if tiles > MAX_COMMAND_TILES:
        problems.at_field(("command",), f"the commands would check {tiles:,} map tiles; at most {MAX_COMMAND_TILES:,} (shorter power line runs)")
        return []
    schedule.sort(key=lambda pair: pair[0])  # sort is stable: same-tick commands keep file order
    return schedule


def _command(index: int, entry: Any, problems: Problems) -> tuple[int, Command] | None:
    """Return one entry's (tick, command), or None after adding its problems."""
    location = ("command", index)
    if not isinstance(entry, dict):
        problems.at_field(location, "expected a table with tick, type and the command's fields")
        return None
    known = ", ".join(COMMAND_TYPES)
    type_name = entry.get("type")
    if type_name is None:
        problems.at_field((*location, "type"), f"required field is missing; one of {known}")
        return None
    if not isinstance(type_name, str):
        problems.at_field((*location, "type"), f"expected a string, got {describe_value(type_name)}; one of {known}")
        return None
    if type_name not in COMMAND_TYPES:
        hint = suggestion(type_name, COMMAND_TYPES) or f"; known types: {known}"
        problems.at_field((*location, "type"), f"unknown command type {quoted(type_name)}{hint}")
        return None
    model = entry_model(type_name)
    try:
        values = model.model_validate(entry)
    except ValidationError as error:
        problems.extend(schema_errors(error, location, model))
        return None
    names = [name for name, _ in command_fields(COMMAND_TYPES[type_name])]
    command = COMMAND_TYPES[type_name](**{name: getattr(values, name) for name in names})
    return values.tick, command
