"""The one exception bad input raises: every problem found, each a single line naming file and place."""

from __future__ import annotations

from collections.abc import Iterable

MAX_PROBLEMS = 50  # problems listed before the rest are summed up in one line
MAX_LINE_CHARS = 1_000  # characters of one printed problem: a file's own text quoted back never floods the screen


class InputError(Exception):
    """A level, commands or save file (or argument) the game cannot use; `problems` says why."""

    def __init__(self, problems: Iterable[str]) -> None:
        """Keep `problems`, each made safe to print on one line."""
        self.problems: list[str] = [one_line(problem) for problem in problems]
        super().__init__("\n".join(self.problems))


def one_line(text: str) -> str:
    """Return `text` with line breaks escaped and cut to MAX_LINE_CHARS with an ellipsis: one short line."""
    return bounded(text.replace("\r", "\\r").replace("\n", "\\n"))


def bounded(text: str, limit: int = MAX_LINE_CHARS) -> str:
    """Return `text` if it has at most `limit` characters, else its first `limit - 1` and an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def capped(problems: list[str], limit: int = MAX_PROBLEMS) -> list[str]:
    """Return at most `limit` problems, then one line counting the ones left out."""
    if len(problems) <= limit:
        return list(problems)
    return [*problems[:limit], f"... and {len(problems) - limit} more"]
