"""The one exception bad input raises: every problem found, each a single line naming file and place."""

from __future__ import annotations

from collections.abc import Iterable

MAX_PROBLEMS = 50  # problems listed before the rest are summed up in one line


class InputError(Exception):
    """A level, commands or save file (or argument) the game cannot use; `problems` says why."""

    def __init__(self, problems: Iterable[str]) -> None:
        """Keep `problems`, each made safe to print on one line."""
        self.problems: list[str] = [one_line(problem) for problem in problems]
        super().__init__("\n".join(self.problems))


def one_line(text: str) -> str:
    """Return `text` with line breaks escaped, so that one problem always prints as one line."""
    return text.replace("\r", "\\r").replace("\n", "\\n")


def capped(problems: list[str], limit: int = MAX_PROBLEMS) -> list[str]:
    """Return at most `limit` problems, then one line counting the ones left out."""
    if len(problems) <= limit:
        return list(problems)
    return [*problems[:limit], f"... and {len(problems) - limit} more"]
