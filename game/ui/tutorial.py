"""Tutorial hints for the first level: one step at a time, each done by what the player actually does.

Keyed by the level's file name (or its name, for a save of it), so the level format needs no
tutorial section. The hints read the simulation and the view state; they never change either.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from game.bindings import bindings, key_label
from game.level.front_end import TutorialRecord
from game.sim.buildings import BUILDING_INDEX
from game.sim.events import Event, PolicyChanged

if TYPE_CHECKING:
    from game.sim.view import CityView

TUTORIAL_FILES = ("01_first_light.toml",)
TUTORIAL_NAMES = ("First Light",)
PLANT_KIND = "compost_works"
FUEL_KIND = "plastics_refinery"
_KEY_NAME = re.compile(r"\{([a-z_.]+)\}")  # a binding's action id in a step's text, replaced by its key
FAIR_TAX_PERCENT = 14  # the most residents pay before they start to leave


@dataclass(slots=True)
class Progress:
    """What the player has done so far that the hints care about."""

    saw_pollution: bool = False
    changed_policy: bool = False


@dataclass(frozen=True, slots=True)
class Step:
    """One hint: a title, what to do, and when it is done."""

    title: str
    text: str
    done: Callable[[CityView, Progress], bool]


def _plant_rows(city: CityView) -> np.ndarray:
    """Return a row mask of the compost works in the building table."""
    return city.column("kind") == BUILDING_INDEX[PLANT_KIND]


def _has_plant(city: CityView) -> bool:
    """True when a compost works stands."""
    return bool(_plant_rows(city).any())


def _plant_powered(city: CityView) -> bool:
    """True when a compost works is on a grid and gets some power."""
    powered = (city.column("network") > 0) & (city.column("served_permille") > 0)
    return bool((_plant_rows(city) & powered).any())


def _kind_powered(city: CityView, kind: str) -> bool:
    """True when a building of `kind` is on a grid and gets some power."""
    powered = (city.column("network") > 0) & (city.column("served_permille") > 0)
    return bool(((city.column("kind") == BUILDING_INDEX[kind]) & powered).any())


def _answered(city: CityView) -> bool:
    """True once the player answered a story event (read from the level's `events_answered` goal)."""
    return any(target.metric == "events_answered" and target.value > 0 for target in city.goals().targets)


STEPS: tuple[Step, ...] = (
    Step(
        "Build a compost works",
        "Press {tool.compost_works} (or pick Compost on the toolbar) and click open ground near the housing. "
        "Green means the spot is fine; red says why not.",
        lambda city, progress: _has_plant(city),
    ),
    Step(
        "Connect it to power",
        "A plant without power does nothing. Press {tool.power_line} and drag a power line from the plant to the "
        "line that feeds the houses. Let time run (Space) to see it light up.",
        lambda city, progress: _plant_powered(city),
    ),
    Step(
        "Fuel the nights",
        "The old generator's tanks are nearly dry, and solar gives nothing after dark. Press {tool.plastics_refinery} and build "
        "a plastics refinery on the grid: it turns the district's plastic into fuel.",
        lambda city, progress: _kind_powered(city, FUEL_KIND),
    ),
    Step(
        "Bring the tax down",
        "Above 15% people move away. Press {window.policies} to open the policies and set the tax rate to 14% or less.",
        lambda city, progress: city.policy("tax_rate") <= FAIR_TAX_PERCENT,
    ),
    Step(
        "Look at the pollution",
        "Press {overlay.pollution} (or the Pollution switch on the right) to see where the air is bad. Press it again to hide it.",
        lambda city, progress: progress.saw_pollution,
    ),
    Step(
        "Answer the district",
        "When somebody needs a decision, a dialog opens: pick an answer yourself (1-3, or click). "
        "Left waiting, it takes its default and does not count for your goals (J lists them).",
        lambda city, progress: _answered(city),
    ),
)


def is_tutorial(source: str, name: str) -> bool:
    """True when a level (by file path or name) is the tutorial."""
    return Path(source).name in TUTORIAL_FILES or name in TUTORIAL_NAMES


class Tutorial:
    """Tracks the player's progress through the steps."""

    def __init__(self, keys: dict[str, str] | None = None) -> None:
        self.keys = {action: key_label(key) for action, key in bindings(()).items()} if keys is None else {a: key_label(k) for a, k in keys.items()}
        self.progress = Progress()
        self.step = 0
        self.dismissed = False

    @property
    def finished(self) -> bool:
        """True once every step is done."""
        return self.step >= len(STEPS)

    def record(self) -> TutorialRecord:
        """Return the progress as a save keeps it."""
        return TutorialRecord(self.step, self.progress.saw_pollution, self.progress.changed_policy, self.dismissed)

    @classmethod
    def resumed(cls, record: TutorialRecord, keys: dict[str, str] | None = None) -> Tutorial:
        """Return a tutorial that goes on from a saved record (a step past the last reads as finished), naming keys as `keys` binds them."""
        tutorial = cls(keys)
        tutorial.step = min(record.step, len(STEPS))
        tutorial.progress = Progress(record.saw_pollution, record.changed_policy)
        tutorial.dismissed = record.dismissed
        return tutorial

    def observe(self, city: CityView, overlay: str | None, events: list[Event]) -> None:
        """Take in this frame's view state and events, then move past every step that is done."""
        if overlay == "pollution":
            self.progress.saw_pollution = True
        if any(isinstance(event, PolicyChanged) for event in events):
            self.progress.changed_policy = True
        while not self.finished and STEPS[self.step].done(city, self.progress):
            self.step += 1

    def lines(self) -> list[tuple[str, str]]:
        """Return the hint panel's (text, tone) lines, or nothing when there is nothing to show."""
        if self.dismissed:
            return []
        if self.finished:
            return [
                ("Tutorial complete", "good"),
                ("Keep the plants powered and the district will grow; win its vote on day 30.", "normal"),
                ("Reach the goals before the deadline (F1 lists every key).", "dim"),
            ]
        step = STEPS[self.step]
        text = _KEY_NAME.sub(lambda found: self.keys[found[1]], step.text)  # "{tool.power_line}" names a bound key
        return [(f"Step {self.step + 1} of {len(STEPS)}: {step.title}", "accent"), (text, "normal"), (f"{self.keys['hints']} hides these hints", "dim")]
