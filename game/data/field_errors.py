"""Field paths (`buildings[3].kind`) and one-line messages for schema errors, in the game's words.

pydantic's own wording (`Input should be ...`, with a link to its documentation) never reaches the
user: every error type a model can raise is worded here, and one nobody foresaw gets a generic line.
"""

from __future__ import annotations

import datetime
import difflib
import re
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
MAX_SHOWN_CHARS = 40  # characters of a user's value quoted back in a message
MAX_SHOWN_DIGITS = 19  # a longer integer is described by its length: 4,000 digits would flood the line
MAX_KNOWN_CHARS = 300  # characters of a `known: a, b, c` list before the rest are only counted
KEY_MARKER = "[key]"  # what pydantic appends to the location of an error in a table's key


def field_path(location: Sequence[str | int]) -> str:
    """Return a location as written in messages: `buildings[3].kind`, `policies."priority.hazardous"`."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        elif len(part) <= MAX_SHOWN_CHARS and _BARE_KEY.match(part):
            text += f".{part}" if text else part
        else:
            key = '"' + quoted(part)[1:-1].replace("\\'", "'").replace('"', '\\"') + '"'  # as TOML quotes it
            text += f".{key}" if text else key
    return text


def quoted(text: str) -> str:
    """Return `text` in single quotes with escapes, shortened to MAX_SHOWN_CHARS once escaped, safe on one line."""
    pieces: list[str] = []
    length = 0
    for index, char in enumerate(text[:MAX_SHOWN_CHARS]):
        piece = _escaped(char)
        # The bound is on what is shown: forty newlines are 240 characters once escaped.
        if length + len(piece) > MAX_SHOWN_CHARS - (index + 1 < len(text)):
            return "'" + "".join(pieces) + "…'"
        pieces.append(piece)
        length += len(piece)
    return "'" + "".join(pieces) + "'"


def _escaped(char: str) -> str:
    """Return one character as `quoted` shows it: escaped if it is a quote, a backslash or unprintable."""
    if char in "\\'":
        return "\\" + char
    return char if char.isprintable() else f"\\u{ord(char):04x}"


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
        return _too_long_to_show(value) or f"the integer {value}"
    if isinstance(value, float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the string {quoted(value)}"
    if isinstance(value, (list, tuple)):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, datetime.datetime):  # TOML has date and time values of its own
        return "a date and time"
    if isinstance(value, datetime.date):
        return "a date"
    if isinstance(value, datetime.time):
        return "a time of day"
    return f"a {type(value).__name__}"


def shown_number(value: Any) -> str:
    """Return a number as messages show it: `1,500`, or `a 4,000-digit number` when it is too long to show."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return describe_value(value)
    return (_too_long_to_show(value) if isinstance(value, int) else None) or f"{value:,}"


def _too_long_to_show(value: int) -> str | None:
    """Return `a 4,000-digit number` for an integer too long to quote on one line, else None."""
    if abs(value) < 10**MAX_SHOWN_DIGITS:
        return None
    sign = "negative " if value < 0 else ""
    if value.bit_length() >= 14_000:  # str() refuses ints beyond sys.get_int_max_str_digits() (4,300)
        return f"a {sign}number of over 4,000 digits"
    return f"a {sign}{len(str(abs(value))):,}-digit number"


def known_list(names: Sequence[str]) -> str:
    """Return names as `a, b, c`, the ones beyond MAX_KNOWN_CHARS characters counted: `a, b and 12 more`."""
    shown: list[str] = []
    length = 0
    for name in names:
        written = quoted(name)[1:-1] if len(name) > MAX_SHOWN_CHARS else name
        length += len(written) + 2
        if length > MAX_KNOWN_CHARS:
            return ", ".join(shown) + f" and {len(names) - len(shown)} more"
        shown.append(written)
    return ", ".join(shown)


def either(names: Sequence[str]) -> str:
    """Return names as `a, b or c`."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def suggestion(name: str, known: Iterable[str]) -> str:
    """Return `; did you mean 'x'?` when `name` looks like a misspelt known name, else ''."""
    candidates = list(known)
    # At the 0.6 cutoff no name over three times as long as every candidate can match, and difflib's
    # time grows with the name's length: a ten-million-character key took seconds.
    if len(name) > 3 * max((len(candidate) for candidate in candidates), default=0):
        return ""
    close = difflib.get_close_matches(name, candidates, n=3, cutoff=0.6)
    if not close:
        return ""
    # Among names as alike, the one that starts with the same word is meant: solar_plant is a misspelt solar_farm.
    first_word = name.split("_", 1)[0]
    best = max(close, key=lambda candidate: (candidate.split("_", 1)[0] == first_word, -close.index(candidate)))
    return f"; did you mean {quoted(best)}?"


def unknown(what: str, name: str, known: Sequence[str]) -> str:
    """Return `unknown <what> 'name'; known: a, b, c` (and a suggestion when it looks misspelt)."""
    return f"unknown {what} {quoted(name)}; known: {known_list(known)}" + suggestion(name, known)


def schema_problems(error: ValidationError, prefix: Sequence[str | int], model: Any) -> list[tuple[str, str]]:
    """Return (field path, message) pairs, one per problem pydantic found validating `model` at `prefix`."""
    return [(field_path(location), message) for location, message in schema_errors(error, prefix, model)]


def schema_errors(error: ValidationError, prefix: Sequence[str | int], model: Any) -> list[tuple[tuple[str | int, ...], str]]:
    """Return (location, message) pairs, one per problem pydantic found validating `model` at `prefix`.

    pydantic reports a value that fits no member of a union (an integer or a string) once per
    member; those errors are one problem here, as a mistake in a table's key is named as the key's.
    """
    grouped: dict[tuple[Any, ...], list[tuple[_Place, ErrorDetails]]] = {}
    for number, detail in enumerate(error.errors(include_url=False)):
        place = _place(model, tuple(detail["loc"]))
        group = ("union", place) if place.in_union else ("single", number)
        grouped.setdefault(group, []).append((place, detail))
    found = []
    for errors in grouped.values():
        place = errors[0][0]
        details = [detail for _, detail in errors]
        if len(details) == 1:
            message = _message(details[0], model, place.location)
        else:
            message = _union_message(details, model, place.location)
        if place.in_key:
            message = ("the key " if message.startswith(("is ", "must ", "has ")) else "the key: ") + message
        found.append(((*prefix, *place.location), message))
    return found


def known_fields(model: Any, location: Sequence[str | int]) -> tuple[str, ...]:
    """Return the field names of the model found by following `location` down from `model`."""
    current = model
    for part in location:
        current = _inner(_unwrap(current), part)
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return tuple(current.model_fields)
    return ()


@dataclass(frozen=True, slots=True)
class _Place:
    """Where in the input one pydantic error is."""

    location: tuple[str | int, ...]  # without pydantic's union member tags and key marker
    in_union: bool  # one member's error among those of a union at `location`
    in_key: bool  # the error is in the key at `location`, not in its value


def _place(model: Any, loc: tuple[str | int, ...]) -> _Place:
    """Return where an error at pydantic's `loc` is, following `loc` down `model`'s annotations."""
    current = model
    kept: list[str | int] = []
    in_union = False
    for index, part in enumerate(loc):
        current = _unwrap(current)
        members = _union_members(current)
        if members:  # `part` is pydantic's tag naming the member, not a place in the file
            in_union = True
            current = next((member for member in members if getattr(_unwrap(member), "__name__", None) == part), None)
            continue
        kept.append(part)
        at_mapping = current is None or current is dict or typing.get_origin(current) is dict
        if at_mapping and index == len(loc) - 2 and loc[-1] == KEY_MARKER:
            return _Place(tuple(kept), in_union, True)
        current = _inner(current, part)
    return _Place(tuple(kept), in_union, False)


def _inner(annotation: Any, part: str | int) -> Any:
    """Return the annotation of the value at `part` inside one of type `annotation`, or None if unknown."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        field = annotation.model_fields.get(part) if isinstance(part, str) else None
        return None if field is None else field.annotation
    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    if origin in (list, tuple, set, frozenset) and isinstance(part, int) and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    return None


def _union_members(annotation: Any) -> tuple[Any, ...]:
    """Return the members of a union of two or more types besides None, or () for any other annotation."""
    if typing.get_origin(annotation) not in (typing.Union, types.UnionType):
        return ()
    members = tuple(arg for arg in typing.get_args(annotation) if arg is not type(None))
    return members if len(members) > 1 else ()


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


# What the value should have been, for each error pydantic raises when its type is wrong.
_EXPECTED: Mapping[str, str] = MappingProxyType({
    **dict.fromkeys(("int_type", "int_parsing", "int_parsing_size", "int_from_float"), "an integer"),
    **dict.fromkeys(("float_type", "float_parsing", "decimal_type", "decimal_parsing"), "a number"),
    **dict.fromkeys(("string_type", "string_unicode", "bytes_type"), "a string"),
    **dict.fromkeys(("bool_type", "bool_parsing"), "true or false"),
    **dict.fromkeys(
        ("list_type", "tuple_type", "set_type", "frozen_set_type", "deque_type", "iterable_type", "iteration_error"),
        "an array",
    ),
    **dict.fromkeys(
        ("dict_type", "mapping_type", "frozen_dict_type", "ordered_dict_type", "counter_type", "model_type",
         "model_attributes_type", "dataclass_type", "dataclass_exact_type", "arguments_type"),
        "a table",
    ),
    **dict.fromkeys(("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"), "a date"),
    **dict.fromkeys(
        ("datetime_type", "datetime_parsing", "datetime_object_invalid", "datetime_from_date_parsing"), "a date and time"
    ),
    **dict.fromkeys(("time_type", "time_parsing"), "a time of day"),
    "none_required": "nothing (leave the field out)",
})
# How each bound pydantic checks is worded, and the key of its limit in the error's context.
_BOUNDS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "greater_than_equal": ("at least", "ge"), "greater_than": ("more than", "gt"), "less_than_equal": ("at most", "le"),
    "less_than": ("less than", "lt"), "multiple_of": ("a multiple of", "multiple_of"),
})
# Text the window draws holds no control character (a NUL stops pygame's fonts): one line has none at
# all, a text that wraps may keep its tabs and line breaks. The models' patterns (game/data/models.py).
ONE_LINE = r"^[^\x00-\x1f\x7f]*$"
LINES = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"

# The patterns the game's models use, in words (hexadecimal digests are worded by _HEX_PATTERN).
_PATTERN_WORDS: Mapping[str, str] = MappingProxyType({
    r"^[a-z0-9_]+$": "made of lower-case letters a-z, digits and _ only",
    ONE_LINE: "one line of printable text",
    LINES: "printable text (tabs and line breaks allowed)",
})
_HEX_PATTERN = re.compile(r"^\^\[0-9a-f\]\{(?P<digits>\d+)\}\$$")


def _message(detail: ErrorDetails, model: Any, location: tuple[str | int, ...]) -> str:
    """Return the game's one-line wording of one pydantic error at `location` (never pydantic's own `msg`)."""
    kind = detail["type"]
    value = detail.get("input")
    context = detail.get("ctx") or {}
    got = describe_value(value)
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        name = str(location[-1]) if location else ""
        return "unknown field" + suggestion(name, known_fields(model, location[:-1]))
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, got {got}"
    if kind in _BOUNDS and _BOUNDS[kind][1] in context:
        words, name = _BOUNDS[kind]
        return f"must be {words} {shown_number(context[name])}, got {shown_number(value)}"
    if kind == "finite_number":
        return f"must be a finite number, got {got}"
    length = len(value) if isinstance(value, (str, list, tuple, dict, set)) else int(context.get("actual_length") or 0)
    if kind == "string_too_short":
        least = int(context.get("min_length", 1))
        return "must not be empty" if least <= 1 else f"is {_counted(length, 'character')} long; at least {least:,} needed"
    if kind == "string_too_long" and "max_length" in context:
        return f"is {_counted(length, 'character')} long; at most {context['max_length']:,} allowed"
    if kind == "too_short" and "min_length" in context:
        return f"has {_counted(length, 'entry')}; at least {context['min_length']:,} needed"
    if kind == "too_long" and "max_length" in context:
        return f"has {_counted(length, 'entry')}; at most {context['max_length']:,} allowed"
    if kind == "string_pattern_mismatch":
        return f"must be {_pattern_words(str(context.get('pattern', '')))}, got {got}"
    if kind in ("literal_error", "enum") and "expected" in context:
        return f"expected {context['expected']}, got {got}"  # the allowed values, as the game's models list them
    if kind in ("recursion_loop", "recursion_depth_exceeded"):
        return "nested too deeply"
    return f"cannot use {got} here"


def _union_message(details: list[ErrorDetails], model: Any, location: tuple[str | int, ...]) -> str:
    """Return one message for the errors of a union's members: the one the value came closest to."""
    fitting = [detail for detail in details if detail["type"] not in _EXPECTED]
    if fitting:  # the value had one member's type but broke its bounds: say which
        return _message(fitting[0], model, location)
    expected = list(dict.fromkeys(_EXPECTED[detail["type"]] for detail in details))
    return f"expected {either(expected)}, got {describe_value(details[0].get('input'))}"


def _counted(count: int, noun: str) -> str:
    """Return `1 entry`, `5 entries`, `1 character` or `5,000 characters`."""
    if count == 1:
        return f"1 {noun}"
    return f"{count:,} " + (noun[:-1] + "ies" if noun.endswith("y") else noun + "s")


def _pattern_words(pattern: str) -> str:
    """Return what a field with this pattern must be, in words."""
    digest = _HEX_PATTERN.match(pattern)
    if digest is not None:
        return f"{digest['digits']} hexadecimal digits (0-9, a-f)"
    return _PATTERN_WORDS.get(pattern, "in the form this field takes")
