"""Field paths (`buildings[3].kind`) and one-line messages for schema errors, in the game's words."""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
MAX_SHOWN_CHARS = 40  # characters of a user's value quoted back in a message


def field_path(location: Sequence[str | int]) -> str:
    """Return a location as written in messages: `buildings[3].kind`, `policies."priority.hazardous"`."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _BARE_KEY.match(part):
            text += f".{part}" if text else part
        else:
            key = '"' + quoted(part)[1:-1].replace("\\'", "'").replace('"', '\\"') + '"'  # as TOML quotes it
            text += f".{key}" if text else key
    return text


def quoted(text: str) -> str:
    """Return `text` in single quotes with escapes, shortened if long, safe on one line."""
    shown = text if len(text) <= MAX_SHOWN_CHARS else text[: MAX_SHOWN_CHARS - 1] + "…"
    escaped = shown.replace("\\", "\\\\").replace("'", "\\'")
    return "'" + "".join(char if char.isprintable() else f"\\u{ord(char):04x}" for char in escaped) + "'"


def shown_char(char: str) -> str:
    """Return one map character as shown in messages: `'Q'`, or `U+0009` when it cannot be printed."""
    if char.isprintable() and char not in "'\\":
        return f"'{char}'"
    return f"U+{ord(char):04X}"


def describe_value(value: Any) -> str:
    """Return what a user's value is, for 'expected X, got Y' messages."""
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int):
        return f"the integer {value}"
    if isinstance(value, float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the string {quoted(value)}"
    if isinstance(value, (list, tuple)):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__}"


def either(names: Sequence[str]) -> str:
    """Return names as `a, b or c`."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def suggestion(name: str, known: Iterable[str]) -> str:
    """Return `; did you mean 'x'?` when `name` looks like a misspelt known name, else ''."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.7)
    return f"; did you mean {quoted(close[0])}?" if close else ""


def schema_problems(error: ValidationError, prefix: Sequence[str | int], model: type) -> list[tuple[str, str]]:
    """Return (field path, message) pairs for each error pydantic found validating `model` at `prefix`."""
    found = []
    for detail in error.errors(include_url=False):
        location = (*prefix, *detail["loc"])
        found.append((field_path(location), _message(detail, model)))
    return found


def known_fields(model: Any, location: Sequence[str | int]) -> tuple[str, ...]:
    """Return the field names of the model found by following `location` down from `model`."""
    current = model
    for part in location:
        current = _unwrap(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, BaseModel) and part in current.model_fields:
            current = current.model_fields[part].annotation
        else:
            return ()
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return tuple(current.model_fields)
    return ()


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated[...] and `X | None` down to the type inside."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation


def _message(detail: dict[str, Any], model: type) -> str:
    """Return the game's one-line wording of one pydantic error."""
    kind = detail["type"]
    value = detail.get("input")
    context = detail.get("ctx") or {}
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        name = str(detail["loc"][-1]) if detail["loc"] else ""
        return "unknown field" + suggestion(name, known_fields(model, detail["loc"][:-1]))
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected an integer, got {describe_value(value)}"
    if kind == "string_type":
        return f"expected a string, got {describe_value(value)}"
    if kind in ("list_type", "tuple_type"):
        return f"expected an array, got {describe_value(value)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a table, got {describe_value(value)}"
    if kind == "greater_than_equal":
        return f"must be at least {context['ge']:,}, got {value:,}"
    if kind == "less_than_equal":
        return f"must be at most {context['le']:,}, got {value:,}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is {len(value):,} characters long; at most {context['max_length']:,} allowed"
    if kind == "too_long":
        return f"has {len(value):,} entries; at most {context['max_length']:,} allowed"
    return str(detail.get("msg", kind))
