"""The message feed: command results and simulation events as short lines that fade after a while."""

from __future__ import annotations

from dataclasses import dataclass

from game.sim.buildings import building_type
from game.sim.commands import Applied, Rejected, Result
from game.sim.events import (
    BlackoutEnded,
    BlackoutStarted,
    Event,
    FundsLow,
    LandfillFull,
    LevelEnded,
    PlantStalled,
)

MESSAGE_SECONDS = 6.0  # real seconds a message stays up
MAX_MESSAGES = 5
ALERT_SECONDS = 9.0  # important events stay up longer, at the top of the map
NOTE_SECONDS = 2.5  # real seconds a passing remark ("Autosaved") stays up
ALERT_EVENTS = (BlackoutStarted, PlantStalled, LandfillFull, FundsLow, LevelEnded)


@dataclass(slots=True)
class Message:
    """One line of feedback with its tone ("good", "warn", "bad", "normal") and remaining life."""

    text: str
    tone: str
    seconds_left: float = MESSAGE_SECONDS
    key: str | None = None  # news of one running tally: a newer line with the same key replaces it


def describe_result(result: Result) -> tuple[str, str]:
    """Return the line and tone telling the player what their command did."""
    if isinstance(result, Applied):
        return result.detail[:1].upper() + result.detail[1:], "good"
    assert isinstance(result, Rejected)
    return "Can't: " + result.reason, "bad"


def describe_event(event: Event) -> tuple[str, str] | None:
    """Return the line and tone for an event worth telling the player about, or None."""
    if isinstance(event, BlackoutStarted):
        return f"Grid {event.network} is blacking out: only {event.served_percent}% of demand met", "bad"
    if isinstance(event, BlackoutEnded):
        return f"Grid {event.network} has its power back", "good"
    if isinstance(event, PlantStalled):
        return f"A {building_type(event.kind).name} stalled for lack of power", "warn"
    if isinstance(event, LandfillFull):
        return f"Nowhere to dump {event.overflow:,} units of waste: build a landfill or a plant", "bad"
    if isinstance(event, FundsLow):
        return f"The treasury is running dry: {event.funds:,} cr left", "warn"
    if isinstance(event, LevelEnded):
        return ("The city is yours: " if event.outcome == "won" else "It's over: ") + event.reason, "good" if event.outcome == "won" else "bad"
    return None


def is_alert(event: Event) -> bool:
    """True for the events that deserve a notification at the top of the map (and a sound)."""
    return isinstance(event, ALERT_EVENTS)


class MessageLog:
    """The most recent messages, newest last; repeats of the latest line refresh it instead.

    A line added with a `key` (a running tally, such as today's seized caches) replaces the latest
    line if that has the same key, so frequent small news stays one line.
    """

    def __init__(self, seconds: float = MESSAGE_SECONDS, limit: int = MAX_MESSAGES) -> None:
        self.messages: list[Message] = []
        self._seconds = seconds
        self._limit = limit

    def add(self, text: str, tone: str, key: str | None = None) -> None:
        """Show a new line."""
        if self.messages and (self.messages[-1].text == text or (key is not None and self.messages[-1].key == key)):
            self.messages[-1].text, self.messages[-1].tone = text, tone
            self.messages[-1].seconds_left = self._seconds
            return
        self.messages.append(Message(text, tone, self._seconds, key))
        del self.messages[:-self._limit]

    def drop(self, key: str) -> None:
        """Take down the lines added with `key` (news that is no longer true)."""
        self.messages = [message for message in self.messages if message.key != key]

    def update(self, seconds: float) -> None:
        """Age the messages by `seconds` of real time and drop the expired ones."""
        for message in self.messages:
            message.seconds_left -= seconds
        self.messages = [m for m in self.messages if m.seconds_left > 0]
