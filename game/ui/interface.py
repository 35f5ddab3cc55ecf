"""The interface as one object: the app's only way in to input handling, panels and the camera.

Bars, previews and the inspector are drawn with plain pygame (they change every frame and must
stay cheap); windows, dialogs, buttons and tooltips are pygame_gui widgets behind `game.ui.gui`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from game.bindings import TOOL_PREFIX, key_label
from game.level.front_end import FrontEnd
from game.render.agents_layer import FoundCacheMarks
from game.render.assets import Art
from game.render.camera import Camera
from game.render.text import Text
from game.settings import Settings, effective_ui_scale
from game.sim.commands import Result, SetPolicy
from game.sim.events import Event
from game.sim.view import CacheSeized, ElectionHeld, FiguresPublished, ScandalBroke, StoryChoiceTaken, StoryEventFired, TapsFound
from game.ui.controller import CentreOn, Controller, Inspect, Request, Toggle, UiState
from game.ui.finds import FoundCaches
from game.ui.game_panels import WINDOWS, GamePanels
from game.ui.gui import Gui
from game.ui.hud import Hud, bar_height
from game.ui.inspector import PICK_TILES, describe_agent, describe_point
from game.ui.keys import KeyMap
from game.ui.messages import (
    ALERT_SECONDS,
    NOTE_SECONDS,
    MessageLog,
    describe_event,
    describe_result,
    is_alert,
)
from game.ui.minimap import Minimap
from game.ui.panels import (
    PAD,
    OverlaySwitches,
    draw_alerts,
    draw_badge,
    draw_cursor_label,
    draw_help,
    draw_hints,
    draw_inspector,
    draw_messages,
    draw_note,
    draw_tooltip,
)
from game.ui.placement import PlacementView
from game.ui.saves import SaveFolder
from game.ui.theme import HELP_LINE_HEIGHT, TOOLBAR_HEIGHT, Theme
from game.ui.toolbar import Toolbar, help_line, tool_details
from game.ui.tools import Tool, build_tools
from game.ui.tutorial import Tutorial
from game.ui.warnings import WarningStrip

if TYPE_CHECKING:
    from game.sim.view import CityView

WARNING_WIDTH = 560  # UI units the warnings in the map's corner may take, at most half the map
PANEL_ACTIONS = {"window.factions": "factions", "window.goals": "goals", "window.budget": "budget", "window.log": "log"}  # game.bindings ids
SOCIETY_ALERTS = (StoryEventFired, ScandalBroke, FiguresPublished, ElectionHeld)
PICK_MIN_PX = 8  # screen px round the cursor within which an agent or camp is named, however far out the zoom
TALLIED_EVENTS = (CacheSeized, TapsFound)  # frequent news of a running tally: one line, kept up to date


def map_area(screen_size: tuple[int, int], scale: float = 1.0) -> pygame.Rect:
    """Return the part of the screen between the top bar and the toolbar at UI scale `scale`."""
    width, height = screen_size
    top = bar_height(width, scale)
    bottom = round(TOOLBAR_HEIGHT * scale) + round(HELP_LINE_HEIGHT * scale)
    return pygame.Rect(0, top, width, max(1, height - top - bottom))


def event_tile(event: object, city: CityView) -> tuple[int, int] | None:
    """Return the tile an event happened at (its x and y, or its building's corner), or None when it happened nowhere."""
    x, y = getattr(event, "x", None), getattr(event, "y", None)
    if isinstance(x, int) and isinstance(y, int):
        return x, y
    building_id = getattr(event, "building_id", None)
    record = city.building(building_id) if isinstance(building_id, int) else None
    return None if record is None else (record.x, record.y)


def story_key(event_id: str) -> str:
    """Return the message key of the alert announcing story event `event_id`, taken down once it is answered."""
    return f"story.{event_id}"


def society_notice(event: object) -> tuple[str, str, bool] | None:
    """Return (line, tone, is_alert) for an event that carries its own `message` (the society parts' events), else None.

    Story events, scandals, published figures and elections are alerts at the top of the map.
    """
    message = getattr(event, "message", None)
    if not isinstance(message, str) or not message:
        return None
    if isinstance(event, ElectionHeld):
        tone = "good" if event.won else "bad"
    elif isinstance(event, ScandalBroke):
        tone = "bad"
    elif isinstance(event, (StoryEventFired, FiguresPublished)):
        tone = "warn"
    else:
        tone = "normal"
    return message[:1].upper() + message[1:], tone, isinstance(event, SOCIETY_ALERTS)


class Interface:
    """Owns the camera and every panel; turns events into requests and draws over the world."""

    def __init__(
        self,
        art: Art,
        screen_size: tuple[int, int],
        map_tiles: tuple[int, int],
        saves: SaveFolder | None = None,
        settings: Settings | None = None,
        tutorial: bool = False,
    ) -> None:
        self.settings = settings or Settings()
        self.text = Text()
        self.scale = effective_ui_scale(self.settings.ui_scale, screen_size)
        self.theme = Theme.from_palette(art.palette, self.scale)
        self.gui = Gui(screen_size, self.theme, self.scale)
        self.gui.top_band = bar_height(screen_size[0], self.scale) / self.scale
        self.panels = GamePanels(self.gui, self.theme, self.text, saves or SaveFolder(Path(".")), self.settings)
        self.keys = KeyMap(self.settings)
        self.tutorial = Tutorial(self.keys.keys) if tutorial else None
        self.alerts = MessageLog(seconds=ALERT_SECONDS, limit=3)
        self._end_shown = False
        self.tools = tuple(replace(tool, hotkey=self.keys.keys[f"{TOOL_PREFIX}{tool.name}"]) for tool in build_tools())
        self.hud = Hud(self.text, self.theme, art.icons)
        self.toolbar = Toolbar(self.text, self.theme, art, self.tools)
        self.toolbar.help_line = help_line(self.keys.keys)
        self.switches = OverlaySwitches(self.text, self.theme)
        self.switches.key_labels = {name: key_label(self.keys.keys[f"overlay.{name}"]) for name in self.switches.key_labels}
        self.placement = PlacementView(art, self.theme)
        self.messages = MessageLog()
        self.warnings = WarningStrip(self.text, self.theme)  # what is breaking the city, bottom-left of the map
        self.finds, self.found_marks = FoundCaches(), FoundCacheMarks()  # caches security drones dug up, marked for a few days
        self.minimap, self.map_tiles = Minimap(art, self.theme), map_tiles  # bottom-right of the map; M shows or hides it
        self._hovered_key: tuple[object, ...] | None = None  # what the inspector's lines were made for
        self._hovered: list[tuple[str, str]] = []
        self.pinned: tuple[int, int] | tuple[float, float] | None = None  # a clicked agent (row, store version) or camp/cache point
        self._pinned_agent = False
        self._note = ""  # a small passing remark such as "Autosaved", shown for NOTE_SECONDS
        self._note_seconds = 0.0
        self.screen_size = screen_size
        self.camera = Camera(map_area(screen_size, self.scale), map_tiles)
        self.controller = Controller(self.camera, self.tools, self, self.keys)
        self.panels.story.reopen_key = self.keys.code("reopen_event")
        self.panels.build_bar(bar_height(screen_size[0], self.scale))

    def front_end(self) -> FrontEnd:
        """Return what a save keeps of the window: the tutorial's progress."""
        return FrontEnd(None if self.tutorial is None else self.tutorial.record())

    def resume(self, front_end: FrontEnd | None) -> None:
        """Take up a saved game's window section: the tutorial goes on from its saved step (only on the tutorial level)."""
        if self.tutorial is not None and front_end is not None and front_end.tutorial is not None:
            self.tutorial = Tutorial.resumed(front_end.tutorial, self.keys.keys)

    @property
    def state(self) -> UiState:
        """The interface's view state: tool, overlay, help, mouse."""
        return self.controller.state

    def resize(self, screen_size: tuple[int, int]) -> None:
        """Lay everything out again for a new window size."""
        self.screen_size = screen_size
        self.camera.resize(map_area(screen_size, self.scale))
        self.gui.resize(screen_size)
        self.gui.top_band = bar_height(screen_size[0], self.scale) / self.scale
        self.gui.clear()
        self.panels.build_bar(bar_height(screen_size[0], self.scale))

    # --- the app's calls ------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event, city: CityView) -> list[Request]:
        """Take one pygame event; return what the app should do about it."""
        rebound = self.panels.on_key(event, city)  # the settings' key table waits for a new key: every key is its
        if rebound is not None:
            return [r for request in rebound for r in self._view_request(request, city)]
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE and not self.gui.typing():
            for name in WINDOWS:
                if self.panels.is_open(name):
                    self.panels.close(name)
                    if name == "game_menu":
                        self.panels.menu_view = "main"
                    return []
        consumed, widget_events = self.gui.handle(event)
        if widget_events:
            requests: list[Request] = []
            for widget_event in widget_events:
                for request in self.panels.on_gui(widget_event, city):
                    requests.extend(self._view_request(request, city))
            return requests
        if consumed:
            if event.type == pygame.MOUSEMOTION:
                self.controller.state.mouse = tuple(event.pos)
            return []
        if self._pin(event, city):
            return []
        corner = self.minimap_area(map_area(self.screen_size, self.scale))
        if corner is not None and self.minimap.handle(event, self.camera, corner, self.map_tiles):
            self.controller.state.mouse = tuple(getattr(event, "pos", self.controller.state.mouse))
            return []
        society = self._society_key(event, city)
        if society is not None:
            return society
        requests = []
        for request in self.controller.handle(event, city):
            requests.extend(self._view_request(request, city))
        return requests

    def _society_key(self, event: pygame.event.Event, city: CityView) -> list[Request] | None:
        """The keys and clicks of the society windows: 1-5 answer the story dialog, N reopens it, V J B R toggle the factions, goals,
        budget and log; a click on a top-bar figure opens its window, on a warning jumps to its place. None: not ours."""
        answered = self.panels.story.on_key(event, city)
        if answered is not None:
            return list(answered)
        if event.type == pygame.KEYDOWN and self.keys.action(event.key) in PANEL_ACTIONS:
            self.panels.toggle(PANEL_ACTIONS[self.keys.action(event.key) or ""], city)
            return []
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and self.hud.rect(self.screen_size).collidepoint(event.pos):
            field = self.hud.field_at(event.pos)  # a figure that opens its window; the rest of the bar takes the click
            if field is not None and field.opens is not None:
                self.panels.toggle(field.opens, city)
            return []
        warning = self.warnings.warning_at(event.pos) if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 else None
        if warning is not None:
            if warning.opens is not None:
                self.panels.open(warning.opens, city)
            return [] if warning.tile is None else self._view_request(CentreOn(*warning.tile), city)
        return None

    def _view_request(self, request: object, city: CityView) -> list[Request]:
        """Carry out the view-only part of a request here; pass on what the app must do."""
        if request == "help":
            self.state.help_visible = not self.state.help_visible
            return []
        if request == "game_menu":
            request = Toggle("game_menu")
        if request == "resume":
            return []
        if isinstance(request, Inspect):
            self.panels.inspect(city, city.building_at(request.x, request.y))
            return []
        if isinstance(request, CentreOn):
            self.camera.center_on(request.x + 0.5, request.y + 0.5)
            if request.overlay is not None:
                self.state.overlay = request.overlay
            return []
        if isinstance(request, Toggle):
            if request.name == "hints":
                if self.tutorial is not None:
                    self.tutorial.dismissed = not self.tutorial.dismissed
                return []
            self.panels.toggle(request.name, city)
            return []
        return [request]  # type: ignore[list-item]

    @property
    def holds_time(self) -> bool:
        """True while a window that stops the clock is open: the game menu, the briefing, or a story event or election night (unless the settings say not)."""
        return self.panels.holding_window is not None

    @property
    def hold_label(self) -> str:
        """What the speed field says while the clock is held: which window holds it."""
        return self.panels.holding_window or ""

    def update(self, seconds: float, city: CityView | None = None) -> None:
        """Advance view-only animation (panning, message fading, widgets) by `seconds` of real time."""
        self.controller.update(seconds)
        self.messages.update(seconds)
        self.alerts.update(seconds)
        self._note_seconds = max(0.0, self._note_seconds - seconds)
        self.gui.update(seconds)
        self.panels.story.update(seconds)
        area = map_area(self.screen_size, self.scale)
        self.panels.story.avoid, self.panels.story.top_px = self.switches.column(area, self.state.overlay), area.top
        if city is not None:
            self.panels.update(city)
            if not city.running and not self._end_shown:
                self._end_shown = True
                self.panels.open("end", city)

    def observe(self, city: CityView, events: list[Event]) -> None:
        """Take in this frame's simulation events: messages, alerts and tutorial progress."""
        self.panels.log.now = (city.day + 1, city.clock.hour)
        self.finds.observe(city, events)
        for event in events:
            self.notify_event(event, event_tile(event, city))
            if isinstance(event, ElectionHeld):
                self.panels.open("election", city)
        if self.tutorial is not None:
            self.tutorial.observe(city, self.state.overlay, events)

    def notify_command(self, command: object, result: Result) -> None:
        """Tell the player what a command did, in the window it came from."""
        if isinstance(command, SetPolicy):
            self.panels.policy_result(command.name, command.value, result)
            if not result.ok:
                self.notify_result(result)
            return
        x, y = getattr(command, "x", None), getattr(command, "y", None)
        self.notify_result(result, (x, y) if isinstance(x, int) and isinstance(y, int) and result.ok else None)

    def show(self, text: str, tone: str) -> None:
        """Put a line in the message feed (saving, loading and other app news)."""
        self._tell(self.messages, text, tone)

    def _tell(self, feed: MessageLog, text: str, tone: str, key: str | None = None, tile: tuple[int, int] | None = None) -> None:
        """Put a line in `feed` (the messages or the alerts) and in the event log."""
        feed.add(text, tone, key)
        self.panels.log.add(text, tone, tile, key)

    def note(self, text: str) -> None:
        """Show a small remark that passes by itself (autosaves), outside the message feed."""
        self._note, self._note_seconds = text, NOTE_SECONDS

    def notify_result(self, result: Result, tile: tuple[int, int] | None = None) -> None:
        """Tell the player what their command did (at `tile`, for the event log)."""
        self._tell(self.messages, *describe_result(result), tile=tile)

    def notify_event(self, event: Event, tile: tuple[int, int] | None = None) -> None:
        """Tell the player about a simulation event, if it is one they should hear about; `tile`: where it happened."""
        line = describe_event(event)
        if line is None:
            if isinstance(event, StoryChoiceTaken):
                self.alerts.drop(story_key(event.event_id))  # "a decision is waiting" is no longer true
            society = society_notice(event)  # society: events that carry their own `message`
            if society is not None:
                text, tone, alert = society
                key = type(event).__name__ if isinstance(event, TALLIED_EVENTS) else None
                if isinstance(event, StoryEventFired):
                    key = story_key(event.event_id)
                self._tell(self.alerts if alert else self.messages, text, tone, key, tile)
            return
        self._tell(self.alerts if is_alert(event) else self.messages, *line, tile=tile)

    def draw(self, target: pygame.Surface, city: CityView, speed_label: str, paused: bool = False) -> None:
        """Draw the preview, the panels and the bars over the already drawn world."""
        state = self.state
        area = map_area(self.screen_size, self.scale)
        preview = self.controller.preview(city)
        tile = self.controller.hovered_tile()
        if preview is not None:
            self.placement.draw(target, self.camera, preview)
        elif tile is not None and (record := city.building(city.building_at(*tile))) is not None:
            self.placement.highlight(target, self.camera, record.footprint, self.theme.accent)
        self.found_marks.draw(target, self.camera, self.finds.tiles)
        self.warnings.refresh(city)
        warnings_top = self.warnings.draw(target, area, state.mouse, min(area.width // 2, self.theme.px(WARNING_WIDTH)))
        draw_messages(target, self.text, self.theme, self.messages.messages, area.clip(pygame.Rect(area.left, area.top, area.width, warnings_top - area.top)))
        inspector_area = area
        if (corner := self.minimap_area(area)) is not None:
            self.minimap.draw(target, city, self.camera, corner)
            inspector_area = pygame.Rect(area.left, area.top, area.width, self.minimap.frame(corner, self.map_tiles).top - area.top)
        pinned = self.pinned_lines(city)
        if pinned is not None and self._pinned_agent and self.pinned is not None and (agent := city.agent(int(self.pinned[0]))) is not None:
            target.set_clip(area)  # a ring round the agent whose card is pinned
            pygame.draw.circle(target, self.theme.accent, self.camera.tile_rect(agent.x, agent.y).center, max(6, self.camera.tile_px * 2 // 3), 2)
            target.set_clip(None)
        if pinned is not None and not state.help_visible:
            draw_inspector(target, self.text, self.theme, pinned, inspector_area, state.mouse, self.switches.column(area, state.overlay))
        elif tile is not None and not state.help_visible:
            draw_inspector(target, self.text, self.theme, self.describe_hovered(city), inspector_area, state.mouse, self.switches.column(area, state.overlay))
        self.switches.draw(target, area, state.overlay, state.mouse)
        pad = self.theme.px(PAD)
        column = self.switches.column(area, state.overlay)
        # The strip along the map's top between the window buttons and the overlay column.
        top_lane = (max(area.left, self.panels.bar_right_px()) + pad, column.left - pad)
        if self._note_seconds > 0:
            note = draw_note(target, self.text, self.theme, self._note, (top_lane[1], area.top + pad), self._note_seconds)
            top_lane = (top_lane[0], note.left - pad)
        paused_badge = paused and city.outcome.status == "running"
        if paused_badge:
            draw_badge(target, self.text, self.theme, "Paused · building still works", "warn", area.top + pad, top_lane)
        self.hud.draw(target, city, speed_label)
        self.toolbar.draw(target, city, state.tool, state.mouse)
        hovered_tool = self.tool_at(state.mouse)
        if hovered_tool is not None:
            button = self.toolbar.buttons(self.screen_size)[self.tools.index(hovered_tool)]
            draw_tooltip(target, self.text, self.theme, tool_details(hovered_tool), button)
        if preview is not None:
            tone = "warn" if preview.demolish and preview.ok else "good" if preview.ok else "bad"
            draw_cursor_label(target, self.text, self.theme, preview.text, tone, state.mouse, area)
        hint_lines = self.tutorial.lines() if self.tutorial is not None else []
        alert_left = area.left + pad
        if hint_lines and not state.help_visible:
            alert_left = draw_hints(target, self.text, self.theme, hint_lines, area, self.panels.bar_bottom_px()).right + pad
        if self.panels.story.hidden_event(city) and not paused_badge:
            draw_badge(target, self.text, self.theme, "A decision is waiting · N to answer", "warn", area.top + pad, top_lane)
        draw_alerts(target, self.text, self.theme, self.alerts.messages, area, (alert_left, column.left - pad))
        if not city.running and not self.panels.is_open("end"):
            won = city.outcome.status == "won"
            label = ("Level won" if won else "Level lost") + " · Esc for the game menu"
            draw_badge(target, self.text, self.theme, label, "good" if won else "bad", area.top + pad, top_lane)
        self.gui.draw(target)
        if state.help_visible:
            draw_help(target, self.text, self.theme, self.tools, area, self.keys.keys)
        self._draw_hud_tooltip(target)

    def _pin(self, event: pygame.event.Event, city: CityView) -> bool:
        """A left click with no tool on an agent, camp or dug-up cache keeps its card shown (following an agent); Esc or a click elsewhere lets go."""
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE and self.pinned is not None:
            self.pinned = None
            return True
        if event.type != pygame.MOUSEBUTTONDOWN or event.button != 1 or self.state.tool is not None or not self.over_map(event.pos):
            return False
        point = self.camera.point_at(event.pos)
        radius = max(PICK_TILES, PICK_MIN_PX / self.camera.tile_px)
        agents = city.agents_near(point[0], point[1], radius)
        lines = describe_point(city, point, radius, self.finds)
        self.pinned, self._pinned_agent = None, False
        if agents and lines[:1] == describe_agent(city, agents[0])[:1]:
            self.pinned, self._pinned_agent = (agents[0].row, city.agents_version), True
        elif lines and (lines[0][0].startswith("Camp ·") or self.finds.at(int(point[0] // 1), int(point[1] // 1)) is not None):
            self.pinned = point
        return self.pinned is not None

    def pinned_lines(self, city: CityView) -> list[tuple[str, str]] | None:
        """Return the card of the clicked thing, or None when nothing is pinned (or the agent is gone)."""
        if self.pinned is None:
            return None
        letting_go = ("click elsewhere or Esc to let go", "dim")
        if self._pinned_agent:
            row, version = self.pinned
            agent = city.agent(int(row)) if version == city.agents_version else None
            if agent is None:
                self.pinned = None
                return None
            return [*describe_agent(city, agent), letting_go]
        radius = max(PICK_TILES, PICK_MIN_PX / self.camera.tile_px)
        return [*describe_point(city, (float(self.pinned[0]), float(self.pinned[1])), radius, self.finds), letting_go]

    def describe_hovered(self, city: CityView) -> list[tuple[str, str]]:
        """Return the inspector's lines for what lies under the mouse: the nearest agent, camp or dug-up cache, else the tile."""
        radius = max(PICK_TILES, PICK_MIN_PX / self.camera.tile_px)  # zoomed far out, a few pixels still pick
        point = self.camera.point_at(self.state.mouse)
        # What lies under a still mouse changes only with a tick, a building, a find or a policy: kept till then.
        key = (point, radius, city.tick, city.layout_version, len(self.finds.tiles), tuple(city.policies.values()))
        if key != self._hovered_key:
            self._hovered_key, self._hovered = key, describe_point(city, point, radius, self.finds)
        return self._hovered

    def _draw_hud_tooltip(self, target: pygame.Surface) -> None:
        """Say what the top-bar figure under the mouse means, over everything else."""
        field = self.hud.field_at(self.state.mouse)
        span = None if field is None or not field.tooltip else self.hud.span_of(field)
        if field is not None and span is not None:
            draw_tooltip(target, self.text, self.theme, [(field.label, "title"), (field.tooltip, "normal")], span, below=True)

    # --- HitTest ---------------------------------------------------------------------------------
    def over_map(self, position: tuple[int, int]) -> bool:
        """True when `position` is on the map and not on a panel or window."""
        area = map_area(self.screen_size, self.scale)
        if not area.collidepoint(position) or self.gui.covers(position) or self.warnings.warning_at(position) is not None:
            return False
        corner = self.minimap_area(area)
        if corner is not None and self.minimap.frame(corner, self.map_tiles).collidepoint(position):
            return False
        return not self.switches.column(area, self.state.overlay).collidepoint(position)

    def minimap_area(self, area: pygame.Rect) -> pygame.Rect | None:
        """Return the map `area` for the minimap's corner, the minimap kept below the overlay column and its legend; None when hidden.

        On a short screen at a large UI scale a tall legend reaches down to the corner: the
        minimap then grows smaller to stay under it, and steps aside while there is no room.
        """
        if not self.state.minimap:
            return None
        self.minimap.ceiling = self.switches.column(area, self.state.overlay).bottom + self.theme.px(4)
        return area if self.minimap.fits(area) else None

    def tool_at(self, position: tuple[int, int]) -> Tool | None:
        """Return the tool whose toolbar button is under `position`."""
        return self.toolbar.tool_at(self.screen_size, position)

    def overlay_at(self, position: tuple[int, int]) -> str | None:
        """Return the overlay whose switch is under `position`."""
        return self.switches.overlay_at(map_area(self.screen_size, self.scale), position)
