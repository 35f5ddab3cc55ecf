"""Input: pygame events become view changes (camera, overlay, tool) or requests for the app.

Nothing here changes the simulation. Building goes out as an `Execute(command)` request that the
app hands to `sim.execute` at the tick boundary; speed and quitting are requests too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import pygame

from game.bindings import TOOL_PREFIX
from game.render.camera import Camera
from game.sim.commands import Command, PlaceLine
from game.ui.keys import KeyMap
from game.ui.preview import Preview, preview_for
from game.ui.requests import QuickLoad, QuickSave
from game.ui.tools import Tool

if TYPE_CHECKING:
    from game.sim.view import CityView


@dataclass(frozen=True, slots=True)
class Execute:
    """Apply this command now."""

    command: Command


@dataclass(frozen=True, slots=True)
class ChangeSpeed:
    """Go `step` speeds faster (positive) or slower (negative)."""

    step: int


@dataclass(frozen=True, slots=True)
class TogglePause:
    """Pause, or resume at the speed before the pause."""


@dataclass(frozen=True, slots=True)
class Quit:
    """Close the window."""


@dataclass(frozen=True, slots=True)
class Inspect:
    """Show the building on tile (x, y) in a window of its own, if it has one (a landfill); view-only."""

    x: int
    y: int


@dataclass(frozen=True, slots=True)
class Toggle:
    """Open or close a view-only thing: a window ("game_menu", "policies", "charts") or the hints."""

    name: str


@dataclass(frozen=True, slots=True)
class CentreOn:
    """Move the camera so tile (x, y) is in the middle of the map, showing `overlay` if one is named."""

    x: int
    y: int
    overlay: str | None = None


@dataclass(frozen=True, slots=True)
class AskForecast:
    """Forecast making `commands` now against leaving the city as it is (`change` says what, in words; no commands: nothing to try)."""

    commands: tuple[Command, ...]
    change: str


Request = Execute | AskForecast | ChangeSpeed | TogglePause | Quit | Toggle | Inspect | QuickSave | QuickLoad

PAN_SPEED_PX = 900  # screen pixels per real second while a pan key is held
EDGE_PX = 6  # the mouse this close to the window's edge pans the map, as in most city builders
CLICK_SLOP_PX = 4  # a right-button drag shorter than this is a click (put the tool away)
PAN_KEYS: dict[int, tuple[int, int]] = {
    pygame.K_LEFT: (-1, 0), pygame.K_a: (-1, 0),
    pygame.K_RIGHT: (1, 0), pygame.K_d: (1, 0),
    pygame.K_UP: (0, -1), pygame.K_w: (0, -1),
    pygame.K_DOWN: (0, 1), pygame.K_s: (0, 1),
}
ZOOM_IN_KEYS = {pygame.K_e, pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS, pygame.K_PAGEUP}
ZOOM_OUT_KEYS = {pygame.K_q, pygame.K_KP_MINUS, pygame.K_PAGEDOWN}
OVERLAY_PREFIX = "overlay."  # actions "overlay.pollution" ... show that overlay (game.bindings)
WINDOW_ACTIONS = {"window.policies": "policies", "window.charts": "charts", "window.power": "power", "hints": "hints"}


@dataclass(slots=True)
class UiState:
    """Everything the interface remembers between frames; none of it is simulation state."""

    tool: Tool | None = None
    overlay: str | None = None
    help_visible: bool = False
    mouse: tuple[int, int] = (-1, -1)
    drag_start: tuple[int, int] | None = None  # tile where a power line drag began
    panning: bool = False
    pan_travel: int = 0  # px the mouse moved while the right button was down
    held: set[int] = field(default_factory=set)  # pan keys currently down
    mouse_inside: bool = False  # the pointer is in the window (edge panning only then)
    minimap: bool = True  # the minimap shows in the map's bottom-right corner (M toggles it)


class Controller:
    """Turns events into state changes and requests; asks the interface where its panels are."""

    def __init__(self, camera: Camera, tools: tuple[Tool, ...], hit_test: HitTest, keys: KeyMap | None = None) -> None:
        self.camera = camera
        self.state = UiState()
        self._tools = tools
        self._by_name = {tool.name: tool for tool in tools}
        self.keys = keys or KeyMap()  # every rebindable key is read through this table
        self._hit = hit_test

    # --- queries --------------------------------------------------------------------------------
    def hovered_tile(self) -> tuple[int, int] | None:
        """Return the map tile under the mouse, or None when the mouse is over a panel or off the map."""
        if not self._hit.over_map(self.state.mouse):
            return None
        return self.camera.tile_at(self.state.mouse)

    def preview(self, city: CityView) -> Preview | None:
        """Return what the current tool would do at the hovered tile."""
        tile = self.hovered_tile()
        if self.state.tool is None or tile is None:
            return None
        return preview_for(city, self.state.tool, tile, self.state.drag_start)

    # --- events ---------------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event, city: CityView) -> list[Request]:
        """Update the interface state for one event and return the requests it makes."""
        if event.type == pygame.QUIT:
            return [Quit()]
        if event.type == pygame.KEYDOWN:
            return self._key_down(event, city)
        if event.type == pygame.KEYUP:
            self.state.held.discard(event.key)
        elif event.type == pygame.MOUSEMOTION:
            self._motion(event)
        elif event.type == pygame.MOUSEBUTTONDOWN:
            return self._button_down(event, city)
        elif event.type == pygame.MOUSEBUTTONUP:
            return self._button_up(event)
        elif event.type == pygame.MOUSEWHEEL and self._hit.over_map(self.state.mouse):
            self.camera.zoom_by(1 if event.y > 0 else -1 if event.y < 0 else 0, self.state.mouse)
        elif event.type in (pygame.WINDOWFOCUSLOST, pygame.WINDOWLEAVE):
            self.state.held.clear()
            self.state.panning = False
            self.state.mouse_inside = False
        return []

    def update(self, seconds: float) -> None:
        """Pan the camera for the pan keys held, or the mouse resting at a window edge, over `seconds`."""
        edge_x, edge_y = self._edge_direction()
        # Arrows, WASD and the edge may all push at once: each axis moves at most at full speed.
        dx = max(-1, min(1, edge_x + sum(PAN_KEYS[key][0] for key in self.state.held)))
        dy = max(-1, min(1, edge_y + sum(PAN_KEYS[key][1] for key in self.state.held)))
        if dx or dy:
            self.camera.pan(dx * PAN_SPEED_PX * seconds, dy * PAN_SPEED_PX * seconds)

    def _edge_direction(self) -> tuple[int, int]:
        """Return the (dx, dy) pan the mouse asks for by resting at the edge of the window."""
        surface = pygame.display.get_surface()
        if not self.state.mouse_inside or self.state.panning or surface is None:
            return 0, 0
        width, height = surface.get_size()
        x, y = self.state.mouse
        dx = -1 if x < EDGE_PX else 1 if x >= width - EDGE_PX else 0
        dy = -1 if y < EDGE_PX else 1 if y >= height - EDGE_PX else 0
        return dx, dy

    def select(self, tool: Tool | None) -> None:
        """Pick up `tool`, or put the current one away when it is picked again."""
        state = self.state
        state.tool = None if tool is None or tool == state.tool else tool
        state.drag_start = None

    def toggle_overlay(self, name: str) -> None:
        """Show overlay `name`, or hide it when it is already shown."""
        self.state.overlay = None if self.state.overlay == name else name

    def _forecast_request(self, city: CityView) -> AskForecast:
        """Ask what the current tool would do at the hovered tile, if it can be done there."""
        from game.ui.forecast_window import describe

        preview = self.preview(city)
        if preview is None or not preview.ok:
            return AskForecast((), "")
        return AskForecast((preview.command,), describe(preview.command, city))

    def _key_down(self, event: pygame.event.Event, city: CityView) -> list[Request]:
        """Handle a key press: tools, overlays, windows, saving, speed, help, zoom and panning."""
        state = self.state
        key = event.key
        action = self.keys.action(key) or ""
        if key == pygame.K_ESCAPE:
            if state.help_visible:
                state.help_visible = False
            elif state.tool is not None:
                self.select(None)
            else:
                return [Toggle("game_menu")]
        elif action == "help":
            state.help_visible = not state.help_visible
        elif action == "quick_save":
            return [QuickSave()]
        elif action == "forecast":
            return [self._forecast_request(city)]
        elif action == "quick_load":
            return [QuickLoad()]
        elif action in WINDOW_ACTIONS:
            return [Toggle(WINDOW_ACTIONS[action])]
        elif action == "pause":
            return [TogglePause()]
        elif action in ("slower", "faster"):
            return [ChangeSpeed(1 if action == "faster" else -1)]
        elif action.startswith(OVERLAY_PREFIX):
            self.toggle_overlay(action[len(OVERLAY_PREFIX):])
        elif action == "minimap":
            state.minimap = not state.minimap
        elif action.startswith(TOOL_PREFIX) and action[len(TOOL_PREFIX):] in self._by_name:
            self.select(self._by_name[action[len(TOOL_PREFIX):]])
        elif key in PAN_KEYS:
            state.held.add(key)
        elif key in ZOOM_IN_KEYS or key in ZOOM_OUT_KEYS:
            self.camera.zoom_by(1 if key in ZOOM_IN_KEYS else -1)
        return []

    def _motion(self, event: pygame.event.Event) -> None:
        """Track the mouse, and pan while the right button is held."""
        state = self.state
        state.mouse = tuple(event.pos)
        state.mouse_inside = True
        if state.panning:
            self.camera.pan(-event.rel[0], -event.rel[1])
            state.pan_travel += abs(event.rel[0]) + abs(event.rel[1])

    def _button_down(self, event: pygame.event.Event, city: CityView) -> list[Request]:
        """Handle a press: pick a tool or an overlay, start a line drag, build or demolish, or with no tool inspect a building."""
        state = self.state
        state.mouse = tuple(event.pos)
        if event.button == 3:
            state.panning = True
            state.pan_travel = 0
            return []
        if event.button != 1:
            return []
        tool = self._hit.tool_at(state.mouse)
        if tool is not None:
            self.select(tool)
            return []
        overlay = self._hit.overlay_at(state.mouse)
        if overlay is not None:
            self.toggle_overlay(overlay)
            return []
        tile = self.hovered_tile()
        if tile is None:
            return []
        if state.tool is None:
            return [Inspect(*tile)] if city.building_at(*tile) else []
        if state.tool.is_line:
            state.drag_start = tile
            return []
        preview = preview_for(city, state.tool, tile)
        return [Execute(preview.command)] if preview is not None else []

    def _button_up(self, event: pygame.event.Event) -> list[Request]:
        """Handle a release: finish a line drag, or end a right-button pan (a short one puts the tool away)."""
        state = self.state
        state.mouse = tuple(event.pos)
        if event.button == 3:
            state.panning = False
            if state.pan_travel < CLICK_SLOP_PX and state.tool is not None:
                self.select(None)
            return []
        if event.button != 1 or state.drag_start is None:
            return []
        start, state.drag_start = state.drag_start, None
        tile = self.hovered_tile()
        if tile is None:  # let go over a panel: the run is called off
            return []
        return [Execute(PlaceLine(start[0], start[1], tile[0], tile[1]))]


class HitTest(Protocol):
    """Where the panels are: which screen points belong to the map, a tool button or an overlay switch."""

    def over_map(self, position: tuple[int, int]) -> bool:
        """True when `position` is on the map and not under a panel."""

    def tool_at(self, position: tuple[int, int]) -> Tool | None:
        """Return the tool whose button is under `position`."""

    def overlay_at(self, position: tuple[int, int]) -> str | None:
        """Return the overlay whose switch is under `position`."""
