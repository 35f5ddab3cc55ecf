"""The interface as one object: the app's only way in to input handling, panels and the camera.

Keeping this boundary thin lets the plain pygame panels be replaced (pygame_gui is next) without
touching the app loop or the renderer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.render.assets import Art
from game.render.camera import Camera
from game.render.text import Text
from game.sim.buildings import building_type
from game.sim.commands import Result
from game.sim.events import Event
from game.ui.controller import Controller, Request, UiState
from game.ui.hud import Hud
from game.ui.inspector import describe_tile
from game.ui.messages import MessageLog, describe_event, describe_result
from game.ui.panels import (
    OverlaySwitches,
    draw_badge,
    draw_banner,
    draw_cursor_label,
    draw_help,
    draw_inspector,
    draw_messages,
    draw_tooltip,
)
from game.ui.placement import PlacementView
from game.ui.theme import HELP_LINE_HEIGHT, HUD_HEIGHT, TOOLBAR_HEIGHT, Theme
from game.ui.toolbar import Toolbar, tool_details
from game.ui.tools import Tool, build_tools

if TYPE_CHECKING:
    from game.sim.simulation import Simulation


def map_area(screen_size: tuple[int, int]) -> pygame.Rect:
    """Return the part of the screen between the top bar and the toolbar."""
    width, height = screen_size
    return pygame.Rect(0, HUD_HEIGHT, width, max(1, height - HUD_HEIGHT - TOOLBAR_HEIGHT - HELP_LINE_HEIGHT))


class Interface:
    """Owns the camera and every panel; turns events into requests and draws over the world."""

    def __init__(self, art: Art, screen_size: tuple[int, int], map_tiles: tuple[int, int]) -> None:
        self.text = Text()
        self.theme = Theme.from_palette(art.palette)
        self.tools = build_tools()
        self.hud = Hud(self.text, self.theme, art.icons)
        self.toolbar = Toolbar(self.text, self.theme, art, self.tools)
        self.switches = OverlaySwitches(self.text, self.theme)
        self.placement = PlacementView(art, self.theme)
        self.messages = MessageLog()
        self.screen_size = screen_size
        self.camera = Camera(map_area(screen_size), map_tiles)
        self.controller = Controller(self.camera, self.tools, self)

    @property
    def state(self) -> UiState:
        """The interface's view state: tool, overlay, help, mouse."""
        return self.controller.state

    def resize(self, screen_size: tuple[int, int]) -> None:
        """Lay everything out again for a new window size."""
        self.screen_size = screen_size
        self.camera.resize(map_area(screen_size))

    # --- the app's calls ------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event, sim: Simulation) -> list[Request]:
        """Take one pygame event; return what the app should do about it."""
        return self.controller.handle(event, sim)

    def update(self, seconds: float) -> None:
        """Advance view-only animation (panning, message fading) by `seconds` of real time."""
        self.controller.update(seconds)
        self.messages.update(seconds)

    def notify_result(self, result: Result) -> None:
        """Tell the player what their command did."""
        self.messages.add(*describe_result(result))

    def notify_event(self, event: Event) -> None:
        """Tell the player about a simulation event, if it is one they should hear about."""
        line = describe_event(event)
        if line is not None:
            self.messages.add(*line)

    def draw(self, target: pygame.Surface, sim: Simulation, speed_label: str, paused: bool = False) -> None:
        """Draw the preview, the panels and the bars over the already drawn world."""
        state = self.state
        area = map_area(self.screen_size)
        preview = self.controller.preview(sim)
        tile = self.controller.hovered_tile()
        if preview is not None:
            self.placement.draw(target, self.camera, preview)
        elif tile is not None and sim.building_at(*tile):
            record = sim.building(sim.building_at(*tile))
            btype = building_type(record.kind)
            self.placement.highlight(target, self.camera, (record.x, record.y, btype.width, btype.height), self.theme.accent)
        draw_messages(target, self.text, self.theme, self.messages.messages, area)
        if tile is not None and not state.help_visible:
            draw_inspector(target, self.text, self.theme, describe_tile(sim, *tile), area, state.mouse)
        self.switches.draw(target, area, state.overlay, state.mouse)
        if paused and sim.outcome.status == "running":
            draw_badge(target, self.text, self.theme, "Paused · building still works", "warn", (area.centerx, area.top + 8))
        self.hud.draw(target, sim, speed_label)
        self.toolbar.draw(target, sim, state.tool, state.mouse)
        hovered_tool = self.tool_at(state.mouse)
        if hovered_tool is not None:
            button = self.toolbar.buttons(self.screen_size)[self.tools.index(hovered_tool)]
            draw_tooltip(target, self.text, self.theme, tool_details(hovered_tool), button)
        if preview is not None:
            tone = "warn" if preview.demolish and preview.ok else "good" if preview.ok else "bad"
            draw_cursor_label(target, self.text, self.theme, preview.text, tone, state.mouse, area)
        if state.help_visible:
            draw_help(target, self.text, self.theme, self.tools, area)
        if sim.outcome.status != "running":
            won = sim.outcome.status == "won"
            title = "The city is yours" if won else "The city is lost"
            draw_banner(target, self.text, self.theme, title, sim.outcome.reason, "good" if won else "bad", area)

    # --- HitTest ---------------------------------------------------------------------------------
    def over_map(self, position: tuple[int, int]) -> bool:
        """True when `position` is on the map and not on a panel."""
        area = map_area(self.screen_size)
        return area.collidepoint(position) and not self.switches.column(area, self.state.overlay).collidepoint(position)

    def tool_at(self, position: tuple[int, int]) -> Tool | None:
        """Return the tool whose toolbar button is under `position`."""
        return self.toolbar.tool_at(self.screen_size, position)

    def overlay_at(self, position: tuple[int, int]) -> str | None:
        """Return the overlay whose switch is under `position`."""
        return self.switches.overlay_at(map_area(self.screen_size), position)
