"""The story dialog: the event waiting for an answer, its cast and text, one button per offered choice, the countdown.

It opens by itself when the city view's `waiting_event()` names a new event and closes when the event is answered
(by the player or by Ecolife when time runs out). While it shows, the clock stops (the `pause_on_events`
setting, on by default); with the setting off, time runs and the countdown says in game hours when
Ecolife answers instead. Only the choices the simulation offered when the event fired get a button
(the view's `offered`; the window never judges a condition itself), numbered 1 to 5 in the event's
order, each with what it will do written under it before the pick. A click on a choice, or its
number key, sends `Execute(Choose(event, choice))`, the same path as a policy slider's SetPolicy.
Number keys answer only while the dialog is the front window and has been up for ARM_SECONDS, so a
key meant for something else never answers an event nobody has read. Closing the window only hides
it (and lets the clock run); N brings it back while the event still waits.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import pygame

from game.sim.commands import Choose
from game.sim.view import foresee_effect
from game.ui.controller import Execute
from game.ui.gui import Closed, Gui, GuiEvent, Pressed
from game.ui.theme import Theme

if TYPE_CHECKING:
    from game.sim.view import Choice, CityView, WaitingEvent

WINDOW = "story"
DIALOG_WIDTH = 600  # UI units
WIDE_DIALOG_WIDTH = 760  # UI units the dialog may widen to on a short screen
CHOICE_H = 36
TITLE_BAR = 36  # UI units pygame_gui's window takes for its title bar and frame
CHAR_UNITS = 7.2  # UI units an average character of the body font takes
LINE_UNITS = 25  # UI units per line of the text box
CHOICE_GAP = 6  # UI units between two choice buttons
CONSEQUENCE_H = 22  # UI units of the line under a choice saying what it does
ARM_SECONDS = 0.6  # real seconds a new dialog shows before its number keys answer it
CHOICE_KEYS = {
    **{key: index for index, key in enumerate((pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4, pygame.K_5))},
    **{key: index for index, key in enumerate((pygame.K_KP1, pygame.K_KP2, pygame.K_KP3, pygame.K_KP4, pygame.K_KP5))},
}
REOPEN_KEY = pygame.K_n
TICKS_PER_DAY = 24


def waiting(city: CityView) -> WaitingEvent | None:
    """Return the event that waits for the player's answer, or None."""
    return city.waiting_event()


def countdown_text(event: WaitingEvent, tick: int, paused: bool = False) -> str:
    """Return who decides when, e.g. `Ecolife decides in 31 h: Keep quiet`; `paused`: the clock waits for the player."""
    hours = max(0, event.deadline_tick - tick)
    default = event.definition.choice(event.definition.default)
    label = default.label if default is not None else event.definition.default
    when = f"{hours} h" if hours < 2 * TICKS_PER_DAY else f"{hours // TICKS_PER_DAY} days {hours % TICKS_PER_DAY} h"
    if paused:
        return f"The clock waits for you. Left {when} unanswered, Ecolife picks: {label}"
    return f"Ecolife decides in {when} of game time: {label}"


def wrapped(text: str, width: int) -> list[str]:
    """Return `text` broken at spaces and ' · ' into lines of at most about `width` characters."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def consequences_text(choice: Choice) -> str:
    """Return what a choice will do, e.g. `-1,500 credits · every hidden cache seized`, or its explanation's lead."""
    phrases = [phrase for phrase in (foresee_effect(effect) for effect in choice.effects) if phrase]
    if not phrases:
        return "No direct effect"
    text = " · ".join(phrases)
    return text[:1].upper() + text[1:]


def cast_text(definition: Any) -> str:
    """Return the cast line, e.g. `With Mara Okafor and the tycoon`."""
    cast = list(definition.cast)
    if not cast:
        return ""
    names = cast[0] if len(cast) == 1 else ", ".join(cast[:-1]) + " and " + cast[-1]
    return f"With {names}"


class StoryDialog:
    """Keeps a pygame_gui window in step with the story's waiting event; turns answers into commands."""

    def __init__(self, gui: Gui, theme: Theme) -> None:
        self.gui = gui
        self.theme = theme
        self._shown: tuple[str, int] | None = None  # (event id, fired tick) the window was built for
        self._hidden: tuple[str, int] | None = None  # an event whose window the player closed
        self._countdown = ""
        self._open_seconds = 0.0  # real seconds the current dialog has been up
        self.pauses = True  # the clock stops while the dialog shows (the pause_on_events setting), so the countdown says so
        self.avoid: pygame.Rect | None = None  # screen px the dialog keeps clear of (the overlay switches), set by the interface
        self.top_px = 0  # screen y the dialog stays below (the top bar's bottom), set by the interface
        self.reopen_key = REOPEN_KEY  # the key that reopens a closed dialog, as the bindings say (set by the interface)

    @property
    def is_open(self) -> bool:
        """True while the dialog is showing."""
        return self.gui.has(WINDOW)

    @property
    def holds_time(self) -> bool:
        """True while the dialog shows and the player asked events to stop the clock."""
        return self.pauses and self.is_open

    @property
    def has_focus(self) -> bool:
        """True when the dialog is the front window and has been up long enough to have been read."""
        return self.is_open and self.gui.top_window() == WINDOW and self._open_seconds >= ARM_SECONDS

    def update(self, seconds: float) -> None:
        """Count how long the dialog has been up, in real seconds."""
        self._open_seconds = self._open_seconds + seconds if self.is_open else 0.0

    def hidden_event(self, city: CityView) -> bool:
        """True when an event waits but the player closed its window."""
        event = waiting(city)
        return event is not None and self._hidden == (event.event_id, event.fired_tick) and not self.is_open

    def sync(self, city: CityView) -> None:
        """Open, refresh or close the window to match the waiting event; call once a frame."""
        event = waiting(city)
        key = None if event is None else (event.event_id, event.fired_tick)
        if key is None or key == self._hidden:
            if self.is_open:
                self.gui.remove(WINDOW)
            self._shown = None
            if key is None:
                self._hidden = None
            return
        assert event is not None
        if key != self._shown or not self.is_open:
            self._build(event, city.tick)
            self._shown = key
            self._open_seconds = 0.0
        countdown = countdown_text(event, city.tick, self.holds_time)
        if countdown != self._countdown and self.gui.has("story.countdown"):
            self.gui.set_text("story.countdown", countdown)
            self._countdown = countdown

    def _build(self, event: WaitingEvent, tick: int) -> None:
        """Lay out the window for `event`."""
        gui, definition = self.gui, event.definition
        screen_w, screen_h = gui.size
        top_limit = self.top_px / gui.scale + 4  # below the top bar
        room = screen_h - top_limit - 4
        # The narrowest width whose layout fits the room (a short screen takes a wider, lower dialog).
        for width in sorted({min(DIALOG_WIDTH, screen_w - 8), min(WIDE_DIALOG_WIDTH, screen_w - 8), screen_w - 8}):
            # The text box is sized for the text: about CHAR_UNITS per character, LINE_UNITS per line.
            lines = int(-(-len(definition.text) * CHAR_UNITS // (width - 40))) + 1
            text_h = max(2, lines) * LINE_UNITS + 12
            effects = [wrapped(consequences_text(choice), int((width - 60) // CHAR_UNITS)) for choice in event.offered]
            buttons_h = sum(CHOICE_H + len(said) * CONSEQUENCE_H + CHOICE_GAP for said in effects)
            if TITLE_BAR + 34 + text_h + 6 + buttons_h + 34 <= room:
                break
        height = min(TITLE_BAR + 34 + text_h + 6 + buttons_h + 34, room)
        # Off-centre towards the right, so the city under it stays in view, and clear of the overlay switches.
        x, y = max(4, screen_w - width - 12), max(top_limit, (screen_h - height) / 2 - 20)
        if self.avoid is not None and pygame.Rect(gui.px(x), gui.px(y), gui.px(width), gui.px(height)).colliderect(self.avoid):
            left_of = self.avoid.left / gui.scale - width - 8
            if left_of >= 4:
                x = left_of
            else:
                y = max(top_limit, min(screen_h - height - 4, self.avoid.bottom / gui.scale + 8))
        gui.window(WINDOW, (x, y, width, height), definition.title)
        inner_w, inner_h = gui.inner_size(WINDOW)
        gui.label((14, 8, inner_w - 28, 24), cast_text(definition), WINDOW, tone="accent", name="story.cast")
        text_h = max(40, min(text_h, inner_h - 34 - 6 - buttons_h - 34))
        colour = "".join(f"{c:02x}" for c in self.theme.text)
        gui.text_box((8, 34, inner_w - 16, text_h), f"<font color='#{colour}'>{html.escape(definition.text)}</font>", WINDOW, name="story.text")
        y = 34 + text_h + 6
        for index, (choice, said) in enumerate(zip(event.offered, effects)):
            marker = " (default)" if choice.id == definition.default else ""
            gui.button(f"story.choice.{index}", (14, y, inner_w - 28, CHOICE_H), f"{index + 1}   {choice.label}{marker}", WINDOW, tooltip=choice.explanation)
            y += CHOICE_H
            for line_index, line in enumerate(said):
                name = f"story.effects.{index}" if line_index == 0 else f"story.effects.{index}.{line_index}"
                gui.label((22, y, inner_w - 36, CONSEQUENCE_H), line, WINDOW, tone="dim", name=name)
                y += CONSEQUENCE_H
            y += CHOICE_GAP
        self._countdown = countdown_text(event, tick, self.holds_time)
        gui.label((14, y, inner_w - 28, 24), self._countdown, WINDOW, tone="warn", name="story.countdown")

    def on_gui(self, event: GuiEvent, city: CityView) -> list[Execute] | None:
        """Handle a widget event if it is the dialog's; None when it belongs to someone else."""
        if isinstance(event, Closed) and event.name == WINDOW:
            waiting_now = waiting(city)
            self._hidden = None if waiting_now is None else (waiting_now.event_id, waiting_now.fired_tick)
            self._shown = None
            return []
        if isinstance(event, Pressed) and event.name.startswith("story.choice."):
            return self.choose(int(event.name.rsplit(".", 1)[1]), city)
        return None

    def on_key(self, event: pygame.event.Event, city: CityView) -> list[Execute] | None:
        """Number keys pick a choice while the dialog has focus; N reopens a hidden one. None: not ours."""
        if event.type != pygame.KEYDOWN:
            return None
        if event.key in CHOICE_KEYS and self.is_open and self.gui.top_window() == WINDOW:
            # Up too briefly to have been read: the key is swallowed, not passed on to the toolbar.
            return self.choose(CHOICE_KEYS[event.key], city) if self.has_focus else []
        if event.key == self.reopen_key and self.hidden_event(city):
            self._hidden = None
            self.sync(city)
            return []
        return None

    def choose(self, index: int, city: CityView) -> list[Execute]:
        """Return the command answering the waiting event with its `index`-th offered choice (nothing if there is none)."""
        event = waiting(city)
        if event is None or not 0 <= index < len(event.offered):
            return []
        return [Execute(Choose(event.event_id, event.offered[index].id))]
