"""Warnings: what is breaking the city now, each with the place (or the window) a click on it jumps to.

`city_warnings` reads the city view and returns the warnings that hold this hour, most urgent first:
no food, debt, buildings on a grid with no plant (a gap in a line), buildings a grid cannot carry,
plants feeding nothing, full landfills, the goals' deadline near and a vote about to be lost. The
strip along the map's bottom-left corner draws them; a warning stays while its cause stays and goes
when the cause is gone, so nothing stale stays on screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pygame

from game.render.text import Text
from game.sim.buildings import BUILDING_TYPES
from game.sim.view import BLACKOUT_BELOW_PERMILLE
from game.ui.theme import FONT_SMALL, Theme
from game.ui.widgets import tone_colour

if TYPE_CHECKING:
    from game.sim.view import CityView

FULL_LANDFILL_PERCENT = 95  # a landfill this full warns: the next day's waste has nowhere to go
DEADLINE_WARNING_DAYS = 7  # days before the goals' deadline a level with unmet targets warns
ELECTION_WARNING_DAYS = 7  # days before a vote the city would lose it warns
MAX_SHOWN = 4  # warnings on screen at once; the most urgent ones
PAD = 6  # px (at 1x) inside and between the warning boxes


@dataclass(frozen=True, slots=True)
class CityWarning:
    """One thing breaking the city: its text, its tone, and where a click jumps (a tile, or a window to open)."""

    key: str  # what it is about, stable while the cause lasts (e.g. "off_grid")
    text: str
    tone: str  # "bad" or "warn"
    tile: tuple[int, int] | None = None
    opens: str | None = None


def _at(city: CityView, row: int) -> tuple[str, tuple[int, int]]:
    """Return building row `row`'s name and top-left tile."""
    kind = int(city.column("kind")[row])
    return BUILDING_TYPES[kind].name, (int(city.column("x")[row]), int(city.column("y")[row]))


def _some(count: int, name: str, where: tuple[int, int], one: str, many: str) -> str:
    """Return `the Plastics Refinery at (5, 1) {one}` or `3 buildings {many}, a plastics refinery at (5, 1) among them`."""
    if count == 1:
        return f"the {name} at {where} {one}"
    return f"{count} buildings {many}, a {name.lower()} at {where} among them"


def _capital(text: str) -> str:
    """Return `text` with its first letter in capitals."""
    return text[:1].upper() + text[1:]


def power_warnings(city: CityView) -> list[CityWarning]:
    """Return the warnings about power: buildings on grids with no plant, grids that cannot carry their buildings, idle plants."""
    if not city.building_count:
        return []
    network = city.column("network")
    demand = city.type_column("power_demand_kw")
    supply = city.type_column("power_supply_kw")
    served = city.column("served_permille")
    # Judged by what stands on each grid, not by this hour's supply: a solar grid at night is still a grid.
    has_plant = np.bincount(network[supply > 0], minlength=int(network.max()) + 1) > 0
    has_load = np.bincount(network[demand > 0], minlength=int(network.max()) + 1) > 0
    found: list[CityWarning] = []
    wanting = demand > 0
    no_plant = np.flatnonzero(wanting & ~has_plant[network])
    if no_plant.size:
        # Plants (recyclers) first: an idle plant costs more than a dark block.
        first = int(no_plant[np.argmax(city.type_column("capacity")[no_plant])])
        name, where = _at(city, first)
        found.append(CityWarning("off_grid", "Off the grid: " + _some(no_plant.size, name, where, "has no power plant on its grid", "have no power plant on their grid") + ". A gap in a line?", "bad", where))
    dark = np.flatnonzero(wanting & has_plant[network] & (served < BLACKOUT_BELOW_PERMILLE)) if city.tick else np.array([], np.intp)
    if dark.size:
        name, where = _at(city, int(dark[0]))
        found.append(CityWarning("dark", "Dark: " + _some(dark.size, name, where, "gets under half its power", "get under half their power") + ". Build plants or cut demand.", "bad", where))
    idle = np.flatnonzero((supply > 0) & ~has_load[network])
    if idle.size:
        name, where = _at(city, int(idle[0]))
        found.append(CityWarning("idle_plant", _capital(_some(idle.size, name, where, "feeds no building", "feed no building")) + ". Connect it with a power line.", "warn", where))
    return found


def landfill_warnings(city: CityView) -> list[CityWarning]:
    """Return a warning when a landfill is (nearly) full."""
    capacity = city.type_column("landfill_capacity")
    rows = np.flatnonzero(capacity > 0)
    if not rows.size:
        return []
    stored = city.column("stored")[rows]
    full = rows[stored * 100 >= capacity[rows] * FULL_LANDFILL_PERCENT]
    if not full.size:
        return []
    name, where = _at(city, int(full[0]))
    return [CityWarning("landfill_full", _capital(_some(full.size, name, where, "is full", "are full")) + ": build a landfill or recycle more.", "bad", where)]


def city_warnings(city: CityView) -> list[CityWarning]:
    """Return the warnings that hold now, most urgent first."""
    found: list[CityWarning] = []
    if city.resources["food"] <= 0 and city.population > 0:
        found.append(CityWarning("food", "No food: the residents go hungry and move out. Compost works and gardens grow it.", "bad"))
    bankrupt_days, dark_days = city.losing_streaks
    rules = city.rules
    played_on = city.playing_on  # a won city played on: nothing more is lost, there are no goals to warn about
    if city.funds < 0:
        left = f"; {rules.bankrupt_days - bankrupt_days} more day-ends in debt and the city is bankrupt" if rules.bankrupt_days and not played_on else ""
        found.append(CityWarning("debt", f"In debt: {city.funds:,} cr{left}.", "bad", opens="budget"))
    found += power_warnings(city)
    if rules.dark_days and dark_days and not played_on:
        found.append(CityWarning("dark_days", f"The city has been dark {dark_days} day-ends running; at {rules.dark_days} the level is lost.", "bad", opens="power"))
    found += landfill_warnings(city)
    if played_on:
        return found
    goals = city.goals()
    unmet = sum(not target.met for target in goals.targets)
    if goals.deadline_day and unmet and 0 <= goals.deadline_day - (city.day + 1) <= DEADLINE_WARNING_DAYS:
        days = goals.deadline_day - (city.day + 1)
        found.append(CityWarning("deadline", f"The deadline is {days} days away and {unmet} goals are not met.", "warn", opens="goals"))
    days = city.days_to_election()
    for index, (metric, risk) in enumerate(city.goals_at_risk()):
        # An election goal is at risk all level long; it is worth a warning in the week before a vote.
        if not metric.startswith("elections_") or (days is not None and days <= ELECTION_WARNING_DAYS):
            found.append(CityWarning(f"goal_risk.{index}", f"A goal is at risk: {risk}.", "warn", opens="goals"))
    if days is not None and days <= ELECTION_WARNING_DAYS and city.voter_approval <= 50:
        found.append(CityWarning("election", f"The vote is in {days} days and the city would lose it at {city.voter_approval}%.", "warn", opens="factions"))
    return found


class WarningStrip:
    """Draws the most urgent warnings in the map's bottom-left corner and tells which one is under a point."""

    def __init__(self, text: Text, theme: Theme) -> None:
        self._text = text
        self._theme = theme
        self._boxes: list[tuple[CityWarning, pygame.Rect]] = []
        self._tick = -1
        self.warnings: list[CityWarning] = []

    def refresh(self, city: CityView) -> None:
        """Re-read the warnings once per game hour."""
        if city.tick != self._tick:
            self.warnings, self._tick = city_warnings(city), city.tick

    def draw(self, target: pygame.Surface, area: pygame.Rect, mouse: tuple[int, int], width: int) -> int:
        """Draw the boxes upward from the bottom-left of `area`, at most `width` px wide; return the y above the top one."""
        theme, small = self._theme, self._theme.font(FONT_SMALL)
        pad = theme.px(PAD)
        bottom = area.bottom - pad
        self._boxes = []
        for warning in self.warnings[:MAX_SHOWN]:
            text = self._text.fit(("» " if warning.tile or warning.opens else "") + warning.text, small, width - 2 * pad)
            face = self._text.render(text, small, tone_colour(theme, warning.tone))
            box = pygame.Rect(area.left + pad, 0, face.get_width() + 2 * pad, face.get_height() + pad)
            box.bottom = bottom
            hovered = box.collidepoint(mouse)
            target.fill(theme.button_hover if hovered else theme.bar, box)
            pygame.draw.rect(target, tone_colour(theme, warning.tone), box, 1)
            target.blit(face, face.get_rect(midleft=(box.left + pad, box.centery)))
            self._boxes.append((warning, box))
            bottom = box.top - pad // 2
        return bottom if self._boxes else area.bottom

    def warning_at(self, position: tuple[int, int]) -> CityWarning | None:
        """Return the warning drawn under `position`, or None."""
        return next((warning for warning, box in self._boxes if box.collidepoint(position)), None)
