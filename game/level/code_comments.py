"""The comments beside a dataclass's fields or a tuple's items in the game's own source.

The units and meanings of the rules (game/sim/rules.py) and of the story's condition and effect
kinds live in comments next to their definitions; the JSON Schema of level files shows them to a
level author, so they are written once, where the values are.

A field's comment is the one at the end of its line; a field without one takes the block of
full-line comments above it, which speaks for every field after it up to the next block or blank line.
"""

from __future__ import annotations

import ast
import inspect
import io
import textwrap
import tokenize
from types import ModuleType

_SKIPPED = (tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER)


def field_comments(cls: type) -> dict[str, str]:
    """Return the comment of each dataclass field of `cls` and of its bases, by field name."""
    comments: dict[str, str] = {}
    for owner in reversed(cls.__mro__[:-1]):  # bases first, so a subclass's comment wins
        try:
            source = inspect.getsource(owner)
        except (OSError, TypeError):  # no source (a frozen build): the schema goes without
            continue
        comments.update(_line_comments(textwrap.dedent(source)))
    return comments


def item_comments(module: ModuleType, name: str) -> dict[str, str]:
    """Return the comment of each string item of the tuple assigned to `name` in `module`, by item."""
    try:
        source = inspect.getsource(module)
    except (OSError, TypeError):
        return {}
    for node in ast.parse(source).body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        if any(isinstance(target, ast.Name) and target.id == name for target in targets):
            lines = source.splitlines()[node.lineno - 1 : node.end_lineno]
            return _line_comments("\n".join(lines) + "\n")
    raise LookupError(f"{module.__name__} assigns no {name}")


def _line_comments(source: str) -> dict[str, str]:
    """Return the comment of each `name: type` field line and `"item",` line of `source`."""
    rows: dict[int, list[tokenize.TokenInfo]] = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in _SKIPPED:
            rows.setdefault(token.start[0], []).append(token)
    comments: dict[str, str] = {}
    block: list[str] = []  # the full-line comments that speak for the lines below
    in_block = False  # the line before was a full-line comment
    previous = 0
    for number in sorted(rows):
        tokens = rows[number]
        if number > previous + 1:
            block, in_block = [], False  # a blank line (or a multi-line string) ends a block's reach
        previous = number
        text = [_comment_text(t) for t in tokens if t.type == tokenize.COMMENT]
        code = [t for t in tokens if t.type != tokenize.COMMENT]
        if not code:
            block = [*block, *text] if in_block else text
            in_block = True
            continue
        in_block = False
        key = _key(code)
        if key is not None and (text or block):
            comments[key] = text[0] if text else " ".join(block)
    return comments


def _key(code: list[tokenize.TokenInfo]) -> str | None:
    """Return the field name of a `name: type` line or the item of a `"item",` line, else None."""
    first = code[0]
    if first.type == tokenize.NAME and len(code) > 1 and code[1].string == ":":
        return first.string
    if first.type == tokenize.STRING and [t.string for t in code[1:]] == [","]:
        item = ast.literal_eval(first.string)
        return item if isinstance(item, str) else None
    return None


def _comment_text(token: tokenize.TokenInfo) -> str:
    """Return a comment without its `#` and the spaces around it."""
    return token.string.lstrip("#").strip()
