"""The level editor's screen: paint terrain, place buildings and camps, set the level up, play-test, save.

The editor edits a `game.level.draft.LevelDraft`. The map is drawn by the game's own renderer
from a simulation built on the draft (never ticked), rebuilt once an edit is done; while a brush
stroke is under way the painted tiles are drawn straight from the terrain art, so painting stays
smooth. The problems strip shows what the loader says of the draft written as a level file,
checked a moment after the last edit. F5 plays the level (the loader's reading of it); Esc there
comes back to the editor with the draft as it was.
"""

from __future__ import annotations

import html
import re
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from game.editor.panel import CAMP, ERASE, PANEL_UNITS, TAB_KEYS, TERRAIN_KEYS, EditorPanel, EditorState
from game.files import write_atomic
from game.level.catalogue import LEVEL_SUFFIX, user_levels_dir
from game.level.draft import LevelDraft, checked_level
from game.render.assets import TILE_PX
from game.render.camera import DEFAULT_ZOOM_INDEX, ZOOM_LEVELS, Camera
from game.render.lighting import DAYLIGHT
from game.render.world_view import WorldView
from game.settings import effective_ui_scale
from game.sim.buildings import BUILDING_INDEX, building_type
from game.sim.terrain import TERRAIN_BY_NAME, TERRAIN_TYPES
from game.sim.view import CityView
from game.ui.controller import PAN_KEYS, PAN_SPEED_PX, ZOOM_IN_KEYS, ZOOM_OUT_KEYS
from game.ui.gui import Gui, Pressed, Submitted
from game.ui.requests import QuitGame, ToMenu
from game.ui.saves import clean_name
from game.ui.theme import Theme

if TYPE_CHECKING:
    from game.app import Context
    from game.sim.scenario import Scenario
    from game.sim.simulation import Simulation

BAR_UNITS = 40  # the top bar's height
STRIP_UNITS = 92  # the problems strip's height, under the map
CLOSEST_FIT_ZOOM = 1  # a map too big to fit opens at half size, its tiles still big enough to paint (the wheel zooms out)
CHECK_DELAY_SECONDS = 0.35  # problems are checked this long after the last edit, so painting stays smooth
SAVE_WINDOW = "editor.save_window"
BAR_BUTTONS = (
    ("undo", "Undo", "Undo the last edit  [Ctrl+Z]"),
    ("redo", "Redo", "Redo what was undone  [Ctrl+Y]"),
    ("play", "Play-test", "Play the level as it stands  [F5]; Esc comes back to the editor"),
    ("save", "Save", "Save the level as a TOML file  [Ctrl+S]"),
    ("menu", "Menu", "Back to the main menu  [Esc]"),
)
TOOL_KEYS = {
    **{getattr(pygame, f"K_{key}"): name for name, key in TERRAIN_KEYS.items()},
    pygame.K_c: CAMP, pygame.K_x: ERASE,
}
TAB_BY_KEY = {getattr(pygame, f"K_{key}"): tab for tab, key in TAB_KEYS.items()}
_FILE_WORD = re.compile(r"[^a-z0-9]+")


class ProblemCheck:
    """The loader's check of a snapshot of the draft, run on a worker thread so the window never waits for it (150 ms at 256x256)."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="level-check")
        self._future: Future[Scenario | list[str]] | None = None
        self.version = -1  # the draft version of the check under way or last started

    @property
    def busy(self) -> bool:
        """True while a check is under way or its answer is not yet taken."""
        return self._future is not None

    def start(self, draft: LevelDraft, label: str) -> None:
        """Check the draft as it stands now (a snapshot: later edits do not reach the check)."""
        self.version = draft.version
        self._future = self._pool.submit(checked_level, draft.to_scenario(), draft.events_for_file(), label)

    def finished(self) -> tuple[int, list[str]] | None:
        """Return the draft version checked and its problems once the check is done (once), else None."""
        if self._future is None or not self._future.done():
            return None
        return self.wait()

    def wait(self) -> tuple[int, list[str]] | None:
        """Wait for the check under way and return its version and problems; None when none is under way."""
        future, self._future = self._future, None
        if future is None:
            return None
        result = future.result()
        return self.version, result if isinstance(result, list) else []

    def close(self) -> None:
        """Stop the worker thread (a check under way finishes first)."""
        self._pool.shutdown(wait=True, cancel_futures=True)


def file_stem(name: str) -> str:
    """Return a level's name as a file name without suffix: "Dry Canal!" -> "dry_canal"."""
    return _FILE_WORD.sub("_", name.lower()).strip("_") or "level"


class EditorScreen:
    """The level editor: one draft, its map, the side panel, the problems strip; hands a play-test to the app."""

    city: CityView  # the preview's view, and the world view drawing it (both made by _refresh_preview)
    world: WorldView

    def __init__(self, screen: pygame.Surface, context: Context, draft: LevelDraft, path: Path | None = None) -> None:
        self.screen = screen
        self.context = context
        self.draft = draft
        self.path = path  # the file the draft was opened from or last saved to
        self.running = True
        self.frames = 0
        self.leave: ToMenu | QuitGame | None = None
        self.playtest: Simulation | None = None  # the game to play, once F5 asks for one
        self.state = EditorState()
        self.message = "Paint the map, place buildings and camps; the strip below says what a level file would lack."
        self.problems: list[str] = []
        self._checked_version = -1  # the draft version the problems are of
        self._edited_at = 0.0  # real seconds (of the editor's clock) of the last edit
        self._clock = 0.0
        self._stroking = False  # the left button is held over the map, with a tool
        self._last_tile: tuple[int, int] | None = None
        self._panning = False
        self._held: set[int] = set()
        self._mouse = (-1, -1)
        self._hover = ""  # what the hover label shows
        self._painted: list[tuple[int, int, int, int]] = []  # terrain boxes painted since the preview was built
        self._confirm: Path | None = None  # a file that exists, shown once: a second Save replaces it
        self._tile_art: dict[tuple[int, int], pygame.Surface] = {}
        self.preview: Simulation | None = None
        self._preview_version = -1
        self.camera = Camera(self._map_rect(), (draft.width, draft.height), fitting_zoom(self._map_rect().size, (draft.width, draft.height)))
        self.checker = ProblemCheck()
        self._make_gui()
        self._refresh_preview()
        self._check()

    # --- layout ----------------------------------------------------------------------------------
    def _make_gui(self) -> None:
        """Build the widgets at the current size and UI scale."""
        theme = Theme.from_palette(self.context.art.palette)
        self.gui = Gui(self.screen.get_size(), theme, effective_ui_scale(self.context.settings.ui_scale, self.screen.get_size()))
        self.panel = EditorPanel(self.gui, self.state)
        self.build()

    def _map_rect(self) -> pygame.Rect:
        """Return the map's viewport in screen pixels: left of the panel, between the bar and the strip."""
        scale = effective_ui_scale(self.context.settings.ui_scale, self.screen.get_size())
        width, height = self.screen.get_size()
        top, panel, strip = round(BAR_UNITS * scale), round(PANEL_UNITS * scale), round(STRIP_UNITS * scale)
        return pygame.Rect(0, top, max(1, width - panel), max(1, height - top - strip))

    def build(self) -> None:
        """Lay out the bar, the panel and the strip again."""
        gui = self.gui
        for name in ("editor.bar", "editor.panel", "editor.strip"):
            gui.remove(name)
        width, height = gui.size
        gui.panel("editor.bar", (0, 0, width, BAR_UNITS))
        x = width - 6
        for name, label, tooltip in reversed(BAR_BUTTONS):
            x -= 92
            enabled = {"undo": self.draft.can_undo, "redo": self.draft.can_redo}.get(name, True)
            gui.button(f"editor.{name}", (x, 4, 88, BAR_UNITS - 10), label, "editor.bar", tooltip=tooltip, enabled=enabled)
        gui.label((8, 6, x - 16, BAR_UNITS - 14), self._title(), "editor.bar", tone="heading", name="editor.title")
        self.panel.build(self.draft, BAR_UNITS)
        gui.panel("editor.strip", (0, height - STRIP_UNITS, width - PANEL_UNITS, STRIP_UNITS))
        gui.label((8, 4, width - PANEL_UNITS - 196, 22), self.message, "editor.strip", name="editor.message")
        gui.label((width - PANEL_UNITS - 184, 4, 176, 22), self.hover_text(), "editor.strip", tone="dim", name="editor.hover")
        gui.text_box((4, 26, width - PANEL_UNITS - 12, STRIP_UNITS - 30), self._problems_html(), "editor.strip", name="editor.problems")

    def _title(self) -> str:
        """Return the bar's title: the level's name and file."""
        where = self.path.name if self.path is not None else "not saved yet"
        return f"Level editor · {self.draft.facts.name} · {where}"

    def _problems_html(self) -> str:
        """Return the problems strip's text: the loader's lines, or that the level is sound."""
        art = self.context.art
        if not self.problems:
            colour = "#{:02x}{:02x}{:02x}".format(*art.colour("leaf_light"))
            return f"<font color='{colour}'>No problems: saved now, the level loads and plays.</font>"
        colour = "#{:02x}{:02x}{:02x}".format(*art.colour("red"))
        lines = "<br>".join(html.escape(line) for line in self.problems)
        return f"<font color='{colour}'>{len(self.problems)} problem{'s' if len(self.problems) > 1 else ''}:<br>{lines}</font>"

    def say(self, message: str) -> None:
        """Show `message` on the status line."""
        self.message = message
        if self.gui.has("editor.message"):
            self.gui.set_text("editor.message", message)

    def resize(self, screen: pygame.Surface) -> None:
        """Follow a new window surface."""
        self.screen = screen
        self.camera.resize(self._map_rect())
        self._make_gui()

    def resume(self, screen: pygame.Surface) -> None:
        """Come back from a play-test: the window may have changed, the draft has not."""
        self.running = True
        self.playtest = None
        self._held.clear()  # keys and buttons let go during the play-test told the game, not the editor
        self._panning = False
        if self._stroking:
            self._stroking = False
            self.draft.end_stroke()
        self.resize(screen)
        self.say("Back from the play-test: the draft is as you left it.")

    # --- the preview and the problems ------------------------------------------------------------
    def _refresh_preview(self) -> None:
        """Build the map's simulation again from the draft (not while a stroke is under way)."""
        from game.sim import Simulation

        scenario = self.draft.to_scenario()
        try:
            sim = Simulation(scenario)
        except Exception:  # a draft the loader would refuse may not make a city: show its ground alone
            sim = Simulation(replace(scenario, buildings=(), camps=()))
        old = self.preview
        self.preview = sim
        self.city = CityView(sim)
        world = WorldView(self.context.art, self.city)
        world.fixed_light = DAYLIGHT
        if old is not None:
            world.map.adopt(self.world.map)  # only the chunks near the edit are drawn again
            old.close()
        self.world = world
        self._preview_version = self.draft.version
        self._painted = []

    def _check(self) -> None:
        """Ask the loader about the draft as it stands, waiting for the answer, and show its problems."""
        self._show_problems(self.draft.version, self.draft.problems(self._label()))

    def _show_problems(self, version: int, problems: list[str]) -> None:
        """Show `problems`, the loader's answer for draft version `version`."""
        self.problems = problems
        self._checked_version = version
        if self.gui.has("editor.problems"):
            self.gui.set_text("editor.problems", self._problems_html())

    def wait_for_check(self) -> None:
        """Wait for the check under way, if any, and show its answer (tests; leaving the editor)."""
        answer = self.checker.wait()
        if answer is not None and answer[0] >= self._checked_version:
            self._show_problems(*answer)

    def _label(self) -> str:
        """Return the file name problems are told against."""
        return self.path.name if self.path is not None else f"{file_stem(self.draft.facts.name)}{LEVEL_SUFFIX}"

    def _edited(self) -> None:
        """Note that the draft (or a control) changed: lay out again; the preview and the problems follow soon."""
        self._edited_at = self._clock
        self.build()

    def _follow_draft(self) -> None:
        """Rebuild the preview once no stroke is under way, and check the problems (off this thread) a moment after the last edit."""
        answer = self.checker.finished()
        if answer is not None and answer[0] >= self._checked_version:  # an answer overtaken by a later one (a save's) is dropped
            self._show_problems(*answer)
        if self._stroking:
            return
        if self.draft.version != self._preview_version:
            self._refresh_preview()
        due = self._clock - self._edited_at >= CHECK_DELAY_SECONDS
        if due and not self.checker.busy and self.draft.version not in (self._checked_version, self.checker.version):
            self.checker.start(self.draft, self._label())

    def close(self) -> None:
        """Let go of the preview simulation and the checking thread: the editor is left for good."""
        self.checker.close()
        if self.preview is not None:
            self.preview.close()
            self.preview = None

    # --- the frame -------------------------------------------------------------------------------
    def frame(self, seconds: float) -> bool:
        """Run one frame of the editor; return False once it is done (a play-test, the menu or quitting)."""
        self._clock += seconds
        for event in pygame.event.get():
            if event.type == pygame.QUIT:
                self.leave = QuitGame()
                self.running = False
                break
            if event.type == pygame.VIDEORESIZE:
                self.resize(pygame.display.get_surface() or self.screen)
                continue
            self.handle(event)
            if not self.running:
                break
        self._pan(seconds)
        self._follow_draft()
        self.gui.update(seconds)
        self.draw()
        pygame.display.flip()
        self.frames += 1
        return self.running

    def handle(self, event: pygame.event.Event) -> None:
        """Handle one event: the widgets first, then the map and the keys."""
        consumed, widget_events = self.gui.handle(event)
        for widget_event in widget_events:
            self._on_widget(widget_event)
        if event.type == pygame.MOUSEMOTION:
            self._motion(event)
        elif event.type == pygame.MOUSEBUTTONUP:
            self._button_up(event)
        elif consumed:
            return
        elif event.type == pygame.KEYDOWN:
            self._key_down(event)
        elif event.type == pygame.KEYUP:
            self._held.discard(event.key)
        elif event.type == pygame.MOUSEBUTTONDOWN:
            self._button_down(event)
        elif event.type == pygame.MOUSEWHEEL and self._over_map(self._mouse):
            self.camera.zoom_by(1 if event.y > 0 else -1 if event.y < 0 else 0, self._mouse)

    def _on_widget(self, event: Pressed | Submitted | object) -> None:
        """Carry out a widget event: the bar's buttons, the save window, or the panel's."""
        if isinstance(event, Pressed) and event.name.startswith("editor.") and event.name[7:] in {name for name, _, _ in BAR_BUTTONS}:
            self.command(event.name[7:])
            return
        if (isinstance(event, Pressed) and event.name == "editor.save_file") or (isinstance(event, Submitted) and event.name == "editor.file_name"):
            self.save(self.gui.text_of("editor.file_name"))
            return
        if isinstance(event, (Pressed, Submitted)):
            before = self.draft.version
            relayout, note = self.panel.on_gui(event, self.draft)
            if note:
                self.say(note)
            if relayout or self.draft.version != before:
                self._edited()

    def command(self, name: str) -> None:
        """Carry out a bar command: undo, redo, play, save (opens the save window) or menu."""
        if name in ("undo", "redo"):
            done = self.draft.undo() if name == "undo" else self.draft.redo()
            self.say({"undo": "Undone", "redo": "Redone"}[name] if done else f"Nothing to {name}")
            self._edited()
        elif name == "play":
            self.play_test()
        elif name == "save":
            self.open_save_window()
        elif name == "menu":
            self.leave = ToMenu()
            self.running = False

    def _key_down(self, event: pygame.event.Event) -> None:
        """Keys: Ctrl+S, Ctrl+Z, Ctrl+Y, F5, the tools, the brush, the tabs, the rules' pages, panning and zoom, Esc."""
        key = event.key
        ctrl = bool(event.mod & pygame.KMOD_CTRL) if hasattr(event, "mod") else False
        if ctrl and key in (pygame.K_s, pygame.K_z, pygame.K_y):
            self.command({pygame.K_s: "save", pygame.K_z: "undo", pygame.K_y: "redo"}[key])
        elif key == pygame.K_F5:
            self.play_test()
        elif key == pygame.K_ESCAPE:
            if self.gui.has(SAVE_WINDOW):
                self.gui.remove(SAVE_WINDOW)
            else:
                self.command("menu")
        elif key in TOOL_KEYS:
            self.state.tool = TOOL_KEYS[key]
            self.say(self.state.tool_label())
            self.build()
        elif key in (pygame.K_LEFTBRACKET, pygame.K_RIGHTBRACKET):
            self.panel.step_brush(-1 if key == pygame.K_LEFTBRACKET else 1)
            self.say(self.state.tool_label())
            self.build()
        elif key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN) and self.state.tab == "rules":
            self.panel.step_rules_page(-1 if key == pygame.K_PAGEUP else 1)
            self.build()
        elif key in TAB_BY_KEY:
            self.state.tab = TAB_BY_KEY[key]
            self.build()
        elif key in PAN_KEYS:
            self._held.add(key)
        elif key in ZOOM_IN_KEYS or key in ZOOM_OUT_KEYS:
            self.camera.zoom_by(1 if key in ZOOM_IN_KEYS else -1)

    def _pan(self, seconds: float) -> None:
        """Pan the camera for the pan keys held."""
        dx = max(-1, min(1, sum(PAN_KEYS[key][0] for key in self._held)))
        dy = max(-1, min(1, sum(PAN_KEYS[key][1] for key in self._held)))
        if dx or dy:
            self.camera.pan(dx * PAN_SPEED_PX * seconds, dy * PAN_SPEED_PX * seconds)

    # --- the map ---------------------------------------------------------------------------------
    def _over_map(self, position: tuple[int, int]) -> bool:
        """True when `position` is on the map's viewport and under no widget."""
        return self.camera.viewport.collidepoint(position) and not self.gui.covers(position)

    def hovered_tile(self) -> tuple[int, int] | None:
        """Return the map tile under the mouse, or None off the map."""
        if not self._over_map(self._mouse):
            return None
        x, y = self.camera.tile_at(self._mouse)
        return (x, y) if 0 <= x < self.draft.width and 0 <= y < self.draft.height else None

    def _corner(self, tile: tuple[int, int]) -> tuple[int, int]:
        """Return where the tool's footprint has its corner with the mouse over `tile`: centred on it."""
        if self.state.tool in BUILDING_INDEX:
            btype = building_type(self.state.tool)
            return tile[0] - (btype.width - 1) // 2, tile[1] - (btype.height - 1) // 2
        size = self.state.brush_tiles if self.state.terrain else 1
        return tile[0] - (size - 1) // 2, tile[1] - (size - 1) // 2

    def _button_down(self, event: pygame.event.Event) -> None:
        """Left: use the tool (a stroke while held); right or middle: pan."""
        self._mouse = tuple(event.pos)
        if event.button in (2, 3):
            self._panning = True
            return
        tile = self.hovered_tile()
        if event.button != 1 or tile is None:
            return
        self.gui.remove(SAVE_WINDOW)
        self.draft.begin_stroke()
        self._stroking = True
        self._last_tile = None
        self._use_tool(tile)

    def _motion(self, event: pygame.event.Event) -> None:
        """Follow the mouse: pan while the right button is held, go on with the stroke while the left is."""
        self._mouse = tuple(event.pos)
        if self._panning:
            self.camera.pan(-event.rel[0], -event.rel[1])
            return
        tile = self.hovered_tile()
        hover = self.hover_text()
        if hover != self._hover and self.gui.has("editor.hover"):
            self._hover = hover
            self.gui.set_text("editor.hover", hover)
        if self._stroking and tile is not None and tile != self._last_tile:
            for step in _line(self._last_tile or tile, tile)[1:] if self._last_tile else [tile]:
                self._use_tool(step)

    def _button_up(self, event: pygame.event.Event) -> None:
        """End a pan or a stroke (one undo step)."""
        if event.button in (2, 3):
            self._panning = False
        if event.button == 1 and self._stroking:
            self._stroking = False
            self.draft.end_stroke()
            self._edited()

    def _use_tool(self, tile: tuple[int, int]) -> None:
        """Apply the tool at `tile` (a step of the stroke under way)."""
        first = self._last_tile is None
        self._last_tile = tile
        tool, draft = self.state.tool, self.draft
        x, y = self._corner(tile)
        if self.state.terrain is not None:
            size = self.state.brush_tiles
            box = draft.paint(x, y, x + size, y + size, self.state.terrain)
            if box is not None:
                self._painted.append(box)
            return
        if tool == ERASE:
            removed = draft.remove_at(*tile)
            if removed:
                self.say(f"Removed the {removed}")
            return
        problem = draft.add_camp(*tile, members=self.state.camp_members, unrest=self.state.camp_unrest) if tool == CAMP else draft.place(tool, x, y)
        if problem is None:
            self.say(f"Placed {'a camp' if tool == CAMP else building_type(tool).name} at ({tile[0]}, {tile[1]})")
        elif first:  # a drag over tiles already built on says nothing of each
            self.say(problem)

    # --- play-test and saving --------------------------------------------------------------------
    def play_test(self) -> None:
        """Start the level as the loader reads it; refuse, pointing at the strip, while it has problems."""
        from game.sim import Simulation

        checked = self.draft.checked(self._label())
        if isinstance(checked, list):
            self.problems = checked
            self._checked_version = self.draft.version
            self.build()
            self.say("Fix the problems below first: the play-test starts the level as its file would load.")
            return
        self.playtest = Simulation(checked)
        self.running = False

    def open_save_window(self) -> None:
        """Open the window that asks for the file name (in the player's levels folder)."""
        gui = self.gui
        folder = self._folder()
        stem = self.path.stem if self.path is not None and self.path.parent == folder else file_stem(self.draft.facts.name)
        width, height = gui.size
        gui.window(SAVE_WINDOW, ((width - 460) / 2, (height - 180) / 2, 460, 180), "Save level")
        gui.label((10, 8, 430, 24), f"Into {folder}", SAVE_WINDOW, tone="dim")
        gui.label((10, 36, 430, 24), "File name (Enter saves):", SAVE_WINDOW)
        gui.entry("editor.file_name", (10, 64, 300, 32), stem, SAVE_WINDOW, focus=True)
        gui.button("editor.save_file", (320, 64, 110, 32), "Save", SAVE_WINDOW, tooltip="Write the level file")
        gui.label((10, 104, 430, 24), "A level with problems is saved too; the strip lists them.", SAVE_WINDOW, tone="dim")
        self._confirm = None

    def _folder(self) -> Path:
        """Return the folder levels are saved into: the player's levels folder."""
        return user_levels_dir()

    def save(self, name: str) -> Path | None:
        """Write the draft as `name`.toml in the levels folder; a file there already is replaced only on a second try. Return the file written."""
        stem = clean_name(name.removesuffix(LEVEL_SUFFIX))
        if stem is None:
            self.say("Type a file name with letters or digits to save")
            return None
        target = self._folder() / f"{stem}{LEVEL_SUFFIX}"
        if target.exists() and self._confirm != target:
            self._confirm = target
            self.say(f"{target.name} exists: press Save again to replace it")
            if self.gui.has("editor.save_file"):
                self.gui.set_text("editor.save_file", "Replace")
            return None
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, self.draft.toml().encode("utf-8"))
        except OSError as error:
            self.say(f"Could not save to {target}: {error.strerror or error}")
            return None
        self.path = target
        self._confirm = None
        self.gui.remove(SAVE_WINDOW)
        self._check()
        problems = f" · {len(self.problems)} problem(s) to fix before it loads" if self.problems else " · it validates"
        self.say(f"Saved {target.name}{problems}")
        self.build()
        return target

    # --- drawing ---------------------------------------------------------------------------------
    def draw(self) -> None:
        """Draw the map, the strokes not yet in the preview, the tool's outline, and the widgets."""
        screen = self.screen
        screen.fill(self.context.art.colour("night"))
        self.world.draw(screen, self.camera, None)
        screen.set_clip(self.camera.viewport)
        self._draw_painted(screen)
        self._draw_outline(screen)
        screen.set_clip(None)
        self.gui.draw(screen)

    def _draw_painted(self, screen: pygame.Surface) -> None:
        """Draw the terrain painted since the preview was built, straight from the terrain art."""
        if not self._painted:
            return
        size = self.camera.tile_px
        x0, y0, x1, y1 = self.camera.visible_tiles()
        terrain = self.draft.terrain
        blits = []
        for bx0, by0, bx1, by1 in self._painted:
            for y in range(max(by0, y0), min(by1, y1)):
                for x in range(max(bx0, x0), min(bx1, x1)):
                    blits.append((self._tile(int(terrain[y, x]), size), self.camera.tile_rect(x, y).topleft))
        screen.fblits(blits)

    def _tile(self, code: int, size: int) -> pygame.Surface:
        """Return the plain tile of terrain `code` at `size` pixels."""
        key = (code, size)
        if key not in self._tile_art:
            self._tile_art[key] = pygame.transform.scale(self.context.art.terrain[code][0], (size, size))
        return self._tile_art[key]

    def _draw_outline(self, screen: pygame.Surface) -> None:
        """Outline what the tool would cover under the mouse: green when it can go there, red when not."""
        tile = self.hovered_tile()
        if tile is None:
            return
        tool = self.state.tool
        x, y = self._corner(tile)
        if tool in BUILDING_INDEX:
            btype = building_type(tool)
            width, height = btype.width, btype.height
            fits = self.draft.placement_problem(tool, x, y) is None
        elif tool == CAMP:
            width = height = 1
            fits = int(self.draft.terrain[tile[1], tile[0]]) in (TERRAIN_BY_NAME["ruins"], TERRAIN_BY_NAME["undercity"])
        else:
            width = height = self.state.brush_tiles if self.state.terrain else 1
            fits = True
        colour = self.context.art.colour("leaf_light" if fits else "red")
        pygame.draw.rect(screen, colour, self.camera.tile_rect(x, y, width, height), max(2, self.camera.tile_px // TILE_PX))

    def hover_text(self) -> str:
        """Return what the tile under the mouse holds, for tests and the status line."""
        tile = self.hovered_tile()
        if tile is None:
            return ""
        x, y = tile
        name = TERRAIN_TYPES[int(self.draft.terrain[y, x])].name
        index = self.draft.building_at(x, y)
        held = f" · {self.draft.facts.buildings[index].kind}" if index is not None else ""
        return f"({x}, {y}) {name}{held}"


def fitting_zoom(viewport: tuple[int, int], map_tiles: tuple[int, int]) -> int:
    """Return the closest zoom (at most the game's default) at which the whole map fits `viewport` pixels, else CLOSEST_FIT_ZOOM."""
    for index in range(DEFAULT_ZOOM_INDEX, CLOSEST_FIT_ZOOM, -1):
        tile_px = TILE_PX * ZOOM_LEVELS[index]
        if map_tiles[0] * tile_px <= viewport[0] and map_tiles[1] * tile_px <= viewport[1]:
            return index
    return CLOSEST_FIT_ZOOM


def _line(start: tuple[int, int], end: tuple[int, int]) -> list[tuple[int, int]]:
    """Return the tiles from `start` to `end` along a straight line, both ends included (a fast drag leaves no gaps)."""
    (x0, y0), (x1, y1) = start, end
    steps = max(abs(x1 - x0), abs(y1 - y0))
    if steps == 0:
        return [start]
    return [(round(x0 + (x1 - x0) * i / steps), round(y0 + (y1 - y0) * i / steps)) for i in range(steps + 1)]
