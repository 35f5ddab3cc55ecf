"""The landfill window: what a landfill holds, the hazardous waste buried in it, and a button to dig it out.

A click on a landfill with no tool in hand opens it. Everything it shows comes from the city view:
the buried units from the building's record, what one order digs and costs, or why it would be
refused, from `CityView.excavation` (the simulation's own check); the button sends
`Execute(Excavate(landfill, units))`. The window follows the landfill each frame and closes when it
is demolished.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from game.sim.commands import Excavate, Rejected
from game.ui.controller import Execute
from game.ui.gui import Closed, Gui, GuiEvent, Pressed
from game.ui.theme import Theme

if TYPE_CHECKING:
    from game.sim.view import BuildingRecord, CityView, Plan

WINDOW = "landfill"
DIG_BUTTON = "landfill.dig"
SIZE = (460, 280)  # UI units
EXPLANATION = "Buried hazardous waste still counts as untreated. Dig it out into the depot, where a hazard treatment plant treats it."


def dig_label(plan: Plan | Rejected) -> str:
    """Return the dig button's text: what one order moves and costs."""
    if isinstance(plan, Rejected):
        return "Dig out hazardous waste"
    return f"Dig out hazardous waste: {plan.units:,} units for {plan.funds:,} cr"


def status_line(record: BuildingRecord, plan: Plan | Rejected, most: int) -> tuple[str, str]:
    """Return the line under the button and its tone: why digging is refused, or what limits one order (`most` units at most)."""
    if isinstance(plan, Rejected):
        return f"Cannot dig now: {plan.reason}.", "warn" if record.buried_hazardous else "dim"
    if plan.units >= record.buried_hazardous:
        return "One order digs out all of it.", "dim"
    if plan.units >= most:
        return f"One order digs at most {most:,} units; the rest waits for the next.", "dim"
    return f"The depot has room for {plan.units:,} more hazardous units; dig again once the plant has treated some.", "dim"


class LandfillWindow:
    """Keeps a pygame_gui window in step with one landfill; turns the dig button into a command."""

    def __init__(self, gui: Gui, theme: Theme) -> None:
        self.gui = gui
        self.theme = theme
        self.building_id = 0  # the landfill shown, 0 for none
        self._shown: tuple[object, ...] | None = None  # the figures the window was built for

    @property
    def is_open(self) -> bool:
        """True while the window is showing."""
        return self.gui.has(WINDOW)

    def open(self, city: CityView, building_id: int) -> bool:
        """Show landfill `building_id`; return False (and show nothing) when it is not a landfill."""
        record = city.building(building_id)
        if record is None or not record.btype.landfill_capacity:
            return False
        self.building_id = building_id
        self._shown = None
        self.sync(city)
        return True

    def close(self) -> None:
        """Close the window."""
        self.gui.remove(WINDOW)
        self.building_id = 0
        self._shown = None

    def sync(self, city: CityView) -> None:
        """Rebuild the window when the landfill's figures changed, close it when the landfill is gone; call once a frame."""
        if not self.building_id:
            return
        record = city.building(self.building_id)
        if record is None or (not self.is_open and self._shown is not None):
            self.close()
            return
        plan = city.excavation(self.building_id)
        key = (record.stored, record.buried_hazardous, plan)
        if key != self._shown:
            self._build(record, plan, city.rules.excavation_max_units)
            self._shown = key

    def _build(self, record: BuildingRecord, plan: Plan | Rejected, most: int) -> None:
        """Lay out the window for `record`, where it was if it is open already."""
        gui = self.gui
        screen_w, screen_h = gui.size
        width, height = min(SIZE[0], screen_w - 8), min(SIZE[1], screen_h - 8)
        left, top = 12.0, max(4.0, (screen_h - height) / 2)
        if gui.has(WINDOW):
            where = gui.pixel_rect(WINDOW)
            left, top = where.x / gui.scale, where.y / gui.scale
            gui.remove(WINDOW)
        gui.window(WINDOW, (left, top, width, height), f"{record.btype.name} #{record.building_id}")
        inner_w = gui.inner_size(WINDOW)[0]
        capacity = record.btype.landfill_capacity
        gui.label((14, 8, inner_w - 28, 24), f"Holds {record.stored:,} / {capacity:,} units of waste", WINDOW, name="landfill.holds")
        buried_tone = "bad" if record.buried_hazardous else "good"
        gui.label((14, 34, inner_w - 28, 24), f"Buried hazardous waste: {record.buried_hazardous:,} units", WINDOW,
                  tone=buried_tone, name="landfill.buried")
        gui.text_box((8, 62, inner_w - 16, 64), self._html(EXPLANATION, self.theme.text_dim), WINDOW)
        gui.button(DIG_BUTTON, (14, 134, inner_w - 28, 38), dig_label(plan), WINDOW, enabled=not isinstance(plan, Rejected),
                   tooltip="Digs into the depot as much as one order may, the landfill holds and the depot has room for")
        line, tone = status_line(record, plan, most)
        colour = self.theme.warn if tone == "warn" else self.theme.text_dim
        gui.text_box((8, 178, inner_w - 16, 64), self._html(line, colour), WINDOW, name="landfill.status")

    @staticmethod
    def _html(text: str, colour: tuple[int, ...]) -> str:
        """Return `text` as a text box's HTML in `colour`."""
        return f"<font color='#{''.join(f'{c:02x}' for c in colour[:3])}'>{html.escape(text)}</font>"

    def on_gui(self, event: GuiEvent, city: CityView) -> list[Execute] | None:
        """Handle a widget event if it is the window's; None when it belongs to someone else."""
        if isinstance(event, Closed) and event.name == WINDOW:
            self.building_id = 0
            self._shown = None
            return []
        if isinstance(event, Pressed) and event.name == DIG_BUTTON:
            plan = city.excavation(self.building_id) if self.building_id else None
            if plan is None or isinstance(plan, Rejected):
                return []
            return [Execute(Excavate(self.building_id, city.rules.excavation_max_units))]
        return None
