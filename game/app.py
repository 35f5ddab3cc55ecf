"""The game window: a fixed-timestep loop that runs the simulation, reads input and draws.

The only module that calls `pygame.init()`. Real time decides how many ticks run (by speed, with
an accumulator, as in "Fix Your Timestep"); the simulation itself never sees the clock. Player
commands go through `sim.execute` between ticks, so building works while paused. The world view
and the interface read the city through one `CityView` per simulation, and its drained events.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from game.autosave import SaveResult, SaveWriter
from game.bindings import key_label
from game.campaign import (
    CampaignLevel,
    Progress,
    Result,
    campaign_level_at,
    campaign_levels,
    campaign_of,
    is_shipped,
    load_progress,
    next_level,
    save_progress,
    unlocked_by,
)
from game.forecast import Forecaster
from game.level.catalogue import user_levels_dir
from game.level.front_end import FrontEnd
from game.render.assets import Art, AssetError, load_art
from game.render.world_view import WorldView
from game.settings import (
    Settings,
    data_dir,
    effective_ui_scale,
    load_settings,
    save_settings,
)
from game.sim.commands import Demolish, Place, PlaceLine
from game.sim.view import CityView
from game.ui.controller import AskForecast, ChangeSpeed, Execute, Quit, Request, TogglePause
from game.ui.gui import Gui
from game.ui.interface import Interface
from game.ui.menu import LevelChoice, MainMenu
from game.ui.requests import (
    ApplySettings,
    EditLevel,
    ExportReplay,
    LoadSave,
    QuickLoad,
    QuickSave,
    QuitGame,
    Retry,
    SaveAs,
    SaveGenerated,
    StartGenerated,
    StartLevel,
    ToMenu,
)
from game.ui.saves import SaveFolder, clean_name
from game.ui.sound import Sound, event_sound, open_mixer
from game.ui.theme import Theme
from game.ui.tutorial import is_tutorial

if TYPE_CHECKING:
    from game.editor import EditorScreen
    from game.level.catalogue import LevelFile
    from game.level.loader import Level
    from game.sim.simulation import Simulation

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


@dataclass(frozen=True, slots=True)
class Speed:
    """A game speed: its name on the HUD and how many ticks (game hours) run per real second."""

    label: str
    ticks_per_second: int


# 1x shows a game day in 12 real seconds; fast runs a day in 1.5 s for waiting out the nights.
SPEEDS: tuple[Speed, ...] = (
    Speed("Paused", 0),
    Speed("1×", 2),
    Speed("2×", 4),
    Speed("Fast", 16),
)
START_SPEED = 1
MAX_FPS = 60
MAX_FRAME_SECONDS = 0.25  # a longer hitch is not caught up: the game slows rather than spirals
# At most this many ticks run in one frame, the rest carried to the next frames: at Fast (16 a
# second) a 60 fps frame needs a quarter of one, so two keep the speed right down to 8 fps and a
# burst of owed ticks is spread over frames instead of stalling one (a 512x512 tick takes ~10 ms).
MAX_TICKS_PER_FRAME = 2
# The simulation time a frame may spend: at 60 fps a frame has 16.7 ms, and drawing a 512x512 city
# with its interface takes 6-9 ms. A tick's systems run until this is spent and the rest of the
# tick runs in the next frames: at Fast a frame owes a quarter of a tick, so even a 16 ms day end
# (over four frames) keeps the speed.
TICK_BUDGET_SECONDS = 0.005
MAX_BACKLOG_TICKS = 4  # ticks owed beyond this are dropped: a machine too slow for the speed plays slower, never spirals
BLINK_SECONDS = 0.5  # status markers blink on and off at this half-period
AUTOQUIT_ENV = "NEO_TERRA_AUTOQUIT_FRAMES"
SCREENSHOT_ENV = "NEO_TERRA_SCREENSHOT"
SCRIPT_ENV = "NEO_TERRA_SCRIPT"  # scripted input for smoke tests: see game.ui.script
TITLE = "Neo-Terra"


@dataclass
class Context:
    """What outlives one game: the player's settings, the saves folder, the sound, the art and the save writer."""

    settings: Settings
    saves: SaveFolder
    sound: Sound
    art: Art
    writer: SaveWriter = field(default_factory=SaveWriter)  # autosaves are written on its worker thread
    campaign: list[CampaignLevel] | None = None  # the shipped levels played in order, read when a shipped level first needs them
    # The player's campaign progress, read from campaign.json (a window that did not pass its own never writes over the file's).
    progress: Progress = field(default_factory=lambda: load_progress()[0])
    forecaster: Forecaster = field(default_factory=Forecaster)  # what-if forecasts are played in its worker process

    @classmethod
    def default(cls) -> Context:
        """Return a context with default settings, the user's saves folder and no sound."""
        settings = Settings()
        return cls(settings, SaveFolder(data_dir() / "saves", settings.autosave_days), Sound.silent(), load_art())

    def quicksave(self, sim: Simulation, front_end: FrontEnd | None = None) -> SaveResult:
        """Write the next quick-save in rotation, with the window's `front_end` section."""
        return self.saves.slots.quicksave(sim, front_end)

    def maybe_autosave(self, sim: Simulation, front_end: FrontEnd | None = None) -> SaveResult | None:
        """Autosave when one is due (see `game.autosave.SaveSlots.due`); None when none was, or autosaves are off."""
        if self.saves.autosave_days == 0:
            return None
        return self.saves.slots.maybe_autosave(sim, front_end)

    def autosave_due(self, sim: Simulation) -> bool:
        """True, once, when `sim` has just reached a tick due an autosave (never when autosaves are off)."""
        return self.saves.autosave_days != 0 and self.saves.slots.claim_autosave(sim)

    def autosave_in_background(self, sim: Simulation, front_end: FrontEnd | None = None) -> None:
        """Capture `sim` (with the window's `front_end` section) now and have the writer's thread write it as the newest autosave."""
        self.writer.write(self.saves.slots, self.writer.capture(sim, front_end), "autosave")

    def use_settings(self, settings: Settings) -> str | None:
        """Adopt new settings (volume, autosave interval) and store them; return a one-line problem if storing failed."""
        self.settings = settings
        self.sound.set_volume(settings.effective_volume)
        if settings.autosave_days != self.saves.autosave_days:
            self.saves = SaveFolder(self.saves.folder, settings.autosave_days)
        return save_settings(settings)

    def campaign_level(self, source: str) -> CampaignLevel | None:
        """Return the campaign level whose file is `source`, or None; the campaign is read the first time a shipped level asks."""
        if not is_shipped(source):
            return None
        if self.campaign is None:
            self.campaign = campaign_levels()
        return campaign_level_at(self.campaign, source)

    def record_end(self, source: str, result: Result) -> str | None:
        """Keep `result` as one more play of the campaign level whose file is `source` (any other level: nothing); a one-line problem if it could not be stored."""
        level = self.campaign_level(source)
        if level is None:
            return None
        self.progress = self.progress.with_result(level.id, result)
        return save_progress(self.progress)

    def next_after(self, source: str) -> CampaignLevel | None:
        """Return the campaign level after the one whose file is `source`, or None (the last one, or no campaign level)."""
        level = self.campaign_level(source)
        return None if level is None or self.campaign is None else next_level(self.campaign, level.id)

    @property
    def replays_folder(self) -> Path:
        """Return where exported replays go: beside the saves folder."""
        return self.saves.folder.parent / "replays"


class App:
    """One game session in a window: the simulation, the world view and the interface.

    `loaded_from`: the save `sim` was read from, if it was; a loaded game starts paused, its
    tutorial where the save left it.
    """

    def __init__(
        self, sim: Simulation, screen: pygame.Surface, context: Context | None = None, briefing: bool = False, loaded_from: str | Path | None = None,
        playtest: bool = False,
    ) -> None:
        self.context = context or Context.default()
        self.playtest = playtest  # a level editor's play-test: Esc goes back to the editor
        self._briefing = briefing  # a level started afresh opens with its briefing
        self.screen = screen
        self.speed = START_SPEED
        self._resume_speed = START_SPEED
        self.accumulator = 0.0  # real seconds not yet turned into ticks
        self.autosave_pending = False  # a tick due an autosave has run: it is captured before the next one
        self.tick_budget_seconds = TICK_BUDGET_SECONDS  # the simulation time one frame may spend
        self._writing: deque[str] = deque()  # the kind of each save handed to the writer, in order, for its message
        self.clock_seconds = 0.0  # real seconds since the window opened, for blinking only
        self.running = True
        self.frames = 0
        self.leave: ToMenu | QuitGame | ApplySettings | None = None  # what the window loop must do next
        self._use(sim)
        if loaded_from is not None:
            self._resume_loaded(loaded_from)
        if playtest:
            self.interface.show("Play-test: Esc goes back to the level editor", "good")
        settle_memory()

    def _use(self, sim: Simulation) -> None:
        """Play `sim` from now on: a new city view, world view and interface around it."""
        self.sim = sim
        self.city = CityView(sim)
        art = self.context.art
        self.world = WorldView(art, self.city)
        tutorial = is_tutorial(self.city.level_source, self.city.level_name)
        self.interface = Interface(art, self.screen.get_size(), (self.city.width, self.city.height), self.context.saves, self.context.settings, tutorial)
        self.end_recorded = not self.city.running  # a game that comes in ended (a save) was recorded when it ended
        if self.end_recorded:
            self._offer_next_level()
        self.accumulator = 0.0
        self._look_at_the_city()
        if self._briefing and sim.tick == 0:
            self.interface.panels.open("briefing", self.city)

    def _offer_next_level(self) -> None:
        """Tell the end screen which campaign level follows this one, if any (offered after a win): once the game has ended."""
        following = self.context.next_after(self.city.level_source)
        self.interface.panels.next_level = None if following is None else (following.name, str(following.path))

    def record_end(self) -> None:
        """Once the level is won or lost, keep the result in the campaign progress (campaign levels only), once per game."""
        outcome = self.city.outcome
        if self.end_recorded or outcome.status not in ("won", "lost"):
            return
        self.end_recorded = True
        if self.playtest:  # an editor's play-test is not a play of the campaign
            self._offer_next_level()
            return
        result = Result.of("won" if outcome.status == "won" else "lost", self.city.day + 1, self.city.funds, outcome.reason)
        problem = self.context.record_end(self.city.level_source, result)
        self._offer_next_level()
        if problem:
            self.interface.show(problem, "bad")

    def _resume_loaded(self, path: str | Path) -> None:
        """A game just read from `path` waits paused (resuming at the speed before), its tutorial at the saved step."""
        from game.opening import saved_front_end

        if self.speed:
            self._resume_speed = self.speed
        self.speed = 0
        self.accumulator = 0.0
        self.interface.resume(saved_front_end(path))

    def replace(self, sim: Simulation) -> None:
        """Swap in another simulation (a load or a retry), closing the old one (after capturing the autosave it still owes)."""
        if self.autosave_pending:
            self.autosave()
        old = self.sim
        self._use(sim)
        if old is not sim:
            old.close()
        settle_memory()

    def _look_at_the_city(self) -> None:
        """Point the camera at the middle of what is built, if anything is."""
        if self.city.building_count:
            xs, ys = self.city.column("x"), self.city.column("y")
            self.interface.camera.center_on((int(xs.min()) + int(xs.max()) + 2) / 2, (int(ys.min()) + int(ys.max()) + 2) / 2)

    @property
    def speed_label(self) -> str:
        """The current speed's name."""
        if self.interface.holds_time:
            return self.interface.hold_label
        return SPEEDS[self.speed].label

    def frame(self, seconds: float) -> bool:
        """Run one frame that took `seconds` of real time; return False once the player quits."""
        for event in pygame.event.get():
            if event.type == pygame.VIDEORESIZE:
                self.resize(pygame.display.get_surface())
                continue
            if self.playtest and event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE and not self.interface.gui.typing():
                self.apply(ToMenu())  # back to the editor that started the play-test
                break
            for request in self.interface.handle(event, self.city):
                self.apply(request)
                if not self.running:
                    break
        self.clock_seconds += seconds
        self.record_end()  # before the interface opens the end screen, which offers the next level
        self.interface.update(seconds, self.city)
        self.context.sound.update(seconds)
        self.advance(seconds)
        self.report_saves()
        self.report_forecast()
        events = self.sim.drain_events()
        self.interface.observe(self.city, events)
        for event in events:
            name = event_sound(event)
            if name:
                self.context.sound.play(name)
        self.draw()
        self.frames += 1
        return self.running

    def resize(self, screen: pygame.Surface) -> None:
        """Follow a new window surface; a size that changes the usable UI scale rebuilds the interface."""
        self.screen = screen
        if effective_ui_scale(self.context.settings.ui_scale, screen.get_size()) != self.interface.scale:
            self._rebuild_interface(open_menu=False)
        else:
            self.interface.resize(screen.get_size())

    def apply(self, request: Request | object) -> None:
        """Carry out one request from the interface."""
        if isinstance(request, Execute):
            result = self.sim.execute(request.command)
            self.interface.notify_command(request.command, result)
            if result.ok and isinstance(request.command, (Place, PlaceLine)):
                self.context.sound.play("build")
            elif result.ok and isinstance(request.command, Demolish):
                self.context.sound.play("demolish")
        elif isinstance(request, AskForecast):
            self.ask_forecast(request)
        elif isinstance(request, TogglePause):
            if self.speed == 0:
                self.speed = self._resume_speed
            else:
                self._resume_speed, self.speed = self.speed, 0
        elif isinstance(request, ChangeSpeed):
            self.speed = max(0, min(len(SPEEDS) - 1, self.speed + request.step))
            if self.speed:
                self._resume_speed = self.speed
        elif isinstance(request, Quit):
            self.running = False
        elif isinstance(request, (QuickSave, SaveAs)):
            self.save(request)
        elif isinstance(request, ExportReplay):
            self.export_replay()
        elif isinstance(request, (QuickLoad, LoadSave)):
            self.load(request)
        elif isinstance(request, StartLevel):
            self.start_level(request.path)
        elif isinstance(request, Retry):
            from game.sim import Simulation

            self.replace(Simulation(self.sim.scenario, seed=self.sim.seed))
            self.interface.show(f"Restarted {self.city.level_name}", "good")
        elif isinstance(request, (ToMenu, QuitGame)):
            self.leave = request
            self.running = False
        elif isinstance(request, ApplySettings):
            self.apply_settings(request.settings)

    def start_level(self, path: str) -> None:
        """Replace the game with a new one on the level file at `path` (the next campaign level), opening on its briefing."""
        from game.opening import Unopened, open_level

        sim = open_level(path)
        if isinstance(sim, Unopened):
            self.interface.show(f"Could not start the level: {sim.reason}", "bad")
            return
        self._briefing = True
        self.replace(sim)
        pygame.display.set_caption(f"{TITLE} — {sim.scenario.name}")

    def ask_forecast(self, request: AskForecast) -> None:
        """Start playing a what-if forecast in the background and open its window; say what to point at when there is nothing to try."""
        if not request.commands:
            key = key_label(self.interface.keys.keys["forecast"])
            self.interface.show(f"Pick a build tool and point at a site it can build on, then press {key} for a forecast", "warn")
            return
        self.context.forecaster.ask(self.sim, request.commands, request.change)
        self.interface.panels.forecast.waiting(request)

    def report_forecast(self) -> None:
        """Show the forecast the worker finished since the last frame, or why it failed."""
        forecaster = self.context.forecaster
        finished = forecaster.poll()
        if finished is not None:
            self.interface.panels.forecast.show(finished, self.city)
        elif forecaster.error:
            self.interface.show(forecaster.error, "bad")
            forecaster.clear_error()
            self.interface.panels.close("forecast")

    def save(self, request: QuickSave | SaveAs) -> None:
        """Write the game to the quick-save rotation or a named save; say how it went."""
        from game.level.save import save_game

        saves = self.context.saves
        if isinstance(request, QuickSave):  # captured now, written on the writer's thread (see report_saves)
            writer = self.context.writer
            writer.write(saves.slots, writer.capture(self.sim, self.interface.front_end()), "quicksave")
            self._writing.append("quicksave")
            return
        problem = saves.ensure()
        path = saves.named(request.name)
        if problem is None and path is None:
            problem = "Type a name with letters or digits to save"
        if problem is not None or path is None:
            self.interface.show(problem or "", "bad")
            return
        try:
            save_game(self.sim, path, self.interface.front_end())
        except OSError as error:
            self.interface.show(f"Could not save to {path}: {error.strerror or error}", "bad")
            return
        self.interface.show(f"Saved: {path.name}", "good")

    def autosave(self) -> None:
        """Capture the game for the autosave its last tick was due; the writer's thread writes it (see `report_saves`)."""
        self.autosave_pending = False
        self.context.autosave_in_background(self.sim, self.interface.front_end())
        self._writing.append("autosave")

    def report_saves(self, wait: bool = False) -> None:
        """Say how the background writes finished since the last frame (with `wait`, all of them, waiting)."""
        writer = self.context.writer
        for result in writer.wait() if wait else writer.finished():
            kind = self._writing.popleft() if self._writing else "autosave"
            if kind == "quicksave":
                if result.ok:
                    self.interface.show(f"Quick-saved: {result.path.name}", "good")
                else:
                    self.interface.show(f"Quick-save failed: {result.reason}", "bad")
            elif result.ok:
                self.interface.note(f"Autosaved · {result.path.name}")
            else:
                self.interface.show(f"Autosave failed: {result.reason}", "bad")

    def finish(self) -> None:
        """Take the autosave still owed and wait for every write still going, reporting them: before quitting or leaving."""
        if self.autosave_pending:
            self.autosave()
        self.report_saves(wait=True)

    def export_replay(self) -> None:
        """Write a replay of the game so far into the replays folder; say how it went."""
        from game.replay import export_replay

        folder = self.context.replays_folder
        city = self.city
        name = clean_name(city.level_name) or "game"
        path = folder / f"{name.replace(' ', '-').lower()}-seed{city.seed}-tick{city.tick}.replay.json"
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            self.interface.show(f"Could not export the replay: {folder}: {error.strerror or error}", "bad")
            return
        result = export_replay(self.sim, path)
        if result.ok:
            self.interface.show(f"Replay exported: {result.path.name} ({result.ticks:,} ticks) in {folder}", "good")
        else:
            self.interface.show(f"Could not export the replay: {result.reason}", "bad")

    def load(self, request: QuickLoad | LoadSave) -> None:
        """Replace the game with a saved one; a damaged save leaves the current game running."""
        from game.opening import Unopened, open_save

        self.report_saves(wait=True)  # a save still being written is whole, and listed, before any save is read
        if isinstance(request, QuickLoad):
            latest = self.context.saves.latest_quick()
            if latest is None:
                key = key_label(self.interface.keys.keys["quick_save"])
                self.interface.show(f"No quick-save yet: press {key} to make one", "warn")
                return
            path = str(latest.path)
        else:
            path = request.path
        sim = open_save(path)
        if isinstance(sim, Unopened):
            self.interface.show(f"Could not load: {sim.reason}", "bad")
            return
        self.replace(sim)
        self._resume_loaded(path)
        self.interface.show(f"Loaded {Path(path).name} ({sim.scenario.name}, day {sim.day + 1}) · paused, Space to go on", "good")

    def apply_settings(self, settings: Settings) -> None:
        """Use new settings now: sound at once, display and UI scale by rebuilding the interface."""
        old = self.context.settings
        problem = self.context.use_settings(settings)
        if (settings.width, settings.height, settings.fullscreen) != (old.width, old.height, old.fullscreen):
            self.screen = set_display(settings)
        if settings != old:
            self._rebuild_interface(open_menu=True)
        if problem:
            self.interface.show(problem, "bad")

    def _rebuild_interface(self, open_menu: bool) -> None:
        """Make the interface anew (size, UI scale or settings changed), keeping the view and the tutorial."""
        state = self.interface.state
        overlay, menu_view = state.overlay, self.interface.panels.menu_view
        camera = self.interface.camera
        zoom, centre = camera.zoom_index, camera.tile_at(camera.viewport.center)
        tutorial = self.interface.tutorial
        key_table = self.interface.panels.key_table
        self.interface = Interface(self.context.art, self.screen.get_size(), (self.city.width, self.city.height), self.context.saves, self.context.settings, tutorial is not None)
        self.interface.tutorial = tutorial
        self.interface.state.overlay = overlay
        self.interface.camera.zoom_by(zoom - self.interface.camera.zoom_index)
        self.interface.camera.center_on(*centre)
        self.interface.panels.menu_view = menu_view
        self.interface.panels.key_table = key_table
        if self.end_recorded:
            self._offer_next_level()
        if open_menu:
            self.interface.panels.open("game_menu", self.city)

    def advance(self, seconds: float) -> int:
        """Run the ticks that `seconds` of real time add up to at the current speed; return how many.

        At most MAX_TICKS_PER_FRAME a frame, the rest carried in the accumulator (up to
        MAX_BACKLOG_TICKS), and no more of a tick's systems than fit in `tick_budget_seconds`:
        a tick that does not fit goes on in the next frame, with the same result. A tick due an autosave ends the frame's ticks; the next frame captures
        the game for it instead of ticking, so no frame carries both a tick and a capture.
        """
        capturing = self.autosave_pending
        if capturing:
            self.autosave()  # the game still stands at the tick the autosave was due
        rate = SPEEDS[self.speed].ticks_per_second
        if rate == 0 or not self.city.running or self.interface.holds_time:
            self.sim.finish_tick()  # a paused city stands between two ticks
            self.accumulator = 0.0
            return 0
        step = 1.0 / rate
        self.accumulator = min(self.accumulator + min(seconds, MAX_FRAME_SECONDS), MAX_BACKLOG_TICKS * step)
        if capturing:
            return 0  # the capture was this frame's work: its time is carried to the next frames
        started = time.perf_counter()
        budget = self.tick_budget_seconds

        def out_of_time() -> bool:
            return time.perf_counter() - started > budget

        ticks = 0
        while self.accumulator >= step and self.city.running and ticks < MAX_TICKS_PER_FRAME:
            if ticks and out_of_time():
                break
            if not self.sim.step_within(out_of_time):
                break  # a heavy tick (a day's end on a big map): its other systems run in the next frame
            self.accumulator -= step
            ticks += 1
            if self.context.autosave_due(self.sim):
                self.autosave_pending = True
                break
        return ticks

    @property
    def alpha(self) -> float:
        """How far (0..1) real time has gone into the next tick: agents are drawn that far along."""
        rate = SPEEDS[self.speed].ticks_per_second
        return 1.0 if rate == 0 else min(1.0, self.accumulator * rate)

    def draw(self) -> None:
        """Draw the world and the interface, then show the frame."""
        blink_on = int(self.clock_seconds / BLINK_SECONDS) % 2 == 0
        self.world.draw(self.screen, self.interface.camera, self.interface.state.overlay, blink_on, self.alpha)
        self.interface.draw(self.screen, self.city, self.speed_label, paused=self.speed == 0)
        pygame.display.flip()


class MenuScreen:
    """The main menu in the window: turns its requests into a game, settings or quitting."""

    def __init__(self, screen: pygame.Surface, context: Context, notice: list[str] | None = None) -> None:
        self.screen = screen
        self.context = context
        self.running = True
        self.frames = 0
        self.started: Simulation | None = None  # the game to switch to, once one is chosen
        self.loaded_from: str | None = None  # the save `started` was read from, if it was
        self.leave: QuitGame | None = None
        self.editor: EditorScreen | None = None  # the level editor to switch to, once it is asked for
        self.menu = self._make_menu()
        if notice:
            self.menu.show_problems(notice)

    def _make_menu(self) -> MainMenu:
        """Build the menu at the current size and UI scale."""
        theme = Theme.from_palette(self.context.art.palette)
        gui = Gui(self.screen.get_size(), theme, effective_ui_scale(self.context.settings.ui_scale, self.screen.get_size()))
        levels = level_choices(self.context.progress)
        return MainMenu(gui, self.context.art, levels, self.context.saves, self.context.settings, str(user_levels_dir()))

    def frame(self, seconds: float) -> bool:
        """Run one frame of the menu; return False once it is done (a game chosen or quitting)."""
        for event in pygame.event.get():
            if event.type == pygame.QUIT:
                self.leave = QuitGame()
                self.running = False
                break
            if event.type == pygame.VIDEORESIZE:
                self.screen = pygame.display.get_surface()
                self.menu.resize(self.screen.get_size())
                continue
            consumed, widget_events = self.menu.gui.handle(event)
            requests = [r for e in widget_events for r in self.menu.on_gui(e)]
            if not consumed or self.menu.key_table.waiting is not None:  # a key the table waits for is its, focus or not
                requests.extend(self.menu.on_key(event))
            for request in requests:
                self.apply(request)
        self.menu.update(seconds)
        self.menu.gui.update(seconds)
        self.menu.draw_backdrop(self.screen)
        self.menu.gui.draw(self.screen)
        pygame.display.flip()
        self.frames += 1
        return self.running

    def apply(self, request: object) -> None:
        """Carry out one menu request."""
        from game.opening import Unopened, open_level, open_save

        if isinstance(request, QuitGame):
            self.leave = request
            self.running = False
        elif isinstance(request, ApplySettings):
            old = self.context.settings
            problem = self.context.use_settings(request.settings)
            if (request.settings.width, request.settings.height, request.settings.fullscreen) != (old.width, old.height, old.fullscreen):
                self.screen = set_display(request.settings)
            view, key_table, sandbox = self.menu.view, self.menu.key_table, self.menu.sandbox
            self.menu = self._make_menu()
            self.menu.view, self.menu.key_table, self.menu.sandbox = view, key_table, sandbox
            self.menu.build()
            if problem:
                self.menu.show_problems([problem])
        elif isinstance(request, EditLevel):
            editor = open_editor(self.screen, self.context, request)
            if isinstance(editor, list):
                self.menu.show_problems(editor)
                return
            self.editor = editor
            self.running = False
        elif isinstance(request, (StartLevel, LoadSave)):
            opened = open_level(request.path) if isinstance(request, StartLevel) else open_save(request.path)
            if isinstance(opened, Unopened):
                self.menu.show_problems(list(opened.problems))
                return
            self._start(opened, request.path if isinstance(request, LoadSave) else None)
        elif isinstance(request, (StartGenerated, SaveGenerated)):
            self._generated(request)

    def _start(self, sim: Simulation, loaded_from: str | None = None) -> None:
        """Leave the menu for the game `sim` (read from the save `loaded_from`, if it was)."""
        self.started = sim
        self.loaded_from = loaded_from
        self.context.sound.play("click")
        self.running = False

    def _generated(self, request: StartGenerated | SaveGenerated) -> None:
        """Generate the free-play map and start it, or write it into the player's levels folder and say where."""
        from game.files import unused_name, write_atomic
        from game.level import InputError
        from game.level.generate import generate, level_file_name, level_file_text
        from game.sim import Simulation

        try:
            scenario = generate(request.options)
        except InputError as error:  # goals the map can never let the player meet
            self.menu.show_problems(error.problems)
            return
        if isinstance(request, StartGenerated):
            self._start(Simulation(scenario))
            return
        path = unused_name(user_levels_dir() / level_file_name(request.options))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, level_file_text(scenario).encode())
        except OSError as error:
            self.menu.show_problems([f"{path}: cannot write: {error.strerror or error}"])
            return
        self.menu.levels = level_choices(self.context.progress)
        self.menu.sandbox.saved(str(path))
        self.menu.build()


def open_editor(screen: pygame.Surface, context: Context, request: EditLevel) -> EditorScreen | list[str]:
    """Return the level editor on the level `request` names (or a new map), or the problems that stop the level opening."""
    from game.editor import EditorScreen
    from game.level import InputError
    from game.level.draft import LevelDraft

    if not request.path:
        return EditorScreen(screen, context, LevelDraft.blank(request.width, request.height))
    try:
        return EditorScreen(screen, context, LevelDraft.open(request.path), Path(request.path))
    except InputError as error:
        return error.problems


def settle_memory() -> None:
    """Collect the garbage once and freeze what is left (the game just built or loaded) out of the collector's sight.

    A full collection walks every object: 90 ms with a 512x512 city's 280,000 of them, a stall
    in whichever frame (or save thread) happens to trigger it. Frozen, they are never walked again,
    and a full collection takes well under a millisecond. Unfrozen first, so a replaced game's
    objects can go.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def level_choices(progress: Progress | None = None) -> list[LevelChoice]:
    """Return the levels the menu offers: the campaign in order with its locks and best results, the other shipped levels, then the player's own.

    A shipped level that cannot be read is left out (the tests keep them sound); a level of the
    player's own that cannot be read is listed with its problems, so its author sees why. A level
    whose `purpose` is "benchmark" measures the game and is not offered (`--level PATH` still plays it).
    """
    from game.level import level_catalogue, read_level
    from game.opening import unopened

    progress = Progress() if progress is None else progress
    read: list[tuple[LevelFile, Level | Exception]] = []
    for level in level_catalogue():
        try:
            read.append((level, read_level(level.path)))
        except Exception as error:  # a damaged file may raise anything (game/opening.py)
            read.append((level, error))
    campaign = campaign_of((level, loaded) for level, loaded in read if not isinstance(loaded, Exception))
    place = {level.path: index for index, level in enumerate(campaign)}
    choices = []
    for level, loaded in read:
        whose = "your level · " if level.origin == "user" else ""
        if isinstance(loaded, Exception):
            if level.origin == "user":
                facts = f"{whose}cannot be played · {level.path.name}"
                found = unopened(level.path, loaded).problems
                problems = tuple(problem.replace(str(level.path), level.path.name, 1) for problem in found[:6])
                choices.append(LevelChoice(str(level.path), level.id, "", facts, level.origin, problems))
            continue
        if loaded.purpose != "play":
            continue
        scenario = loaded.scenario
        height, width = scenario.terrain.shape
        deadline = f"win by day {scenario.goals.deadline_day}" if scenario.goals.deadline_day else "no deadline"
        facts = f"{whose}{width}×{height} map · {deadline} · {level.path.name}"
        choice = LevelChoice(str(level.path), scenario.name, scenario.description, facts, level.origin)
        if level.path in place:
            choice = _in_campaign(choice, campaign, progress, place[level.path])
        choices.append(choice)
    return sorted(choices, key=lambda choice: 0 if choice.arc else 1 if choice.origin == "shipped" else 2)  # stable: file order within each


def _in_campaign(choice: LevelChoice, campaign: list[CampaignLevel], progress: Progress, index: int) -> LevelChoice:
    """Return `choice` as level `index` of the campaign: its arc, what opens it while locked, and its best result."""
    level = campaign[index]
    opener = unlocked_by(campaign, progress, index)
    record = progress.records.get(level.id)
    if record is None:
        return replace(choice, arc=level.arc, locked_by="" if opener is None else opener.name)
    return replace(choice, arc=level.arc, locked_by="" if opener is None else opener.name, best=record.best.summary(), best_short=record.best.headline(), best_reason=record.best.reason, played=record.played)


def remove_leftovers(context: Context) -> None:
    """Remove the temporaries killed writes left in the window's folders (saves, replays, settings)."""
    from game.files import remove_stale_temporaries_in
    from game.settings import config_dir

    for folder in (context.saves.folder, context.replays_folder, config_dir()):
        remove_stale_temporaries_in(folder)


def set_display(settings: Settings) -> pygame.Surface:
    """Open (or change) the window for the settings' size and fullscreen choice."""
    if settings.fullscreen:
        return pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
    return pygame.display.set_mode((settings.width, settings.height), pygame.RESIZABLE)


def run_window(
    level_path: str | None = None,
    width: int | None = None,
    height: int | None = None,
    *,
    load_path: str | None = None,
    seed: int | None = None,
    edit: EditLevel | None = None,
) -> int:
    """Open the game window: on a level or a save when given one, in the level editor with `edit`, else on the main menu."""
    from game.level import DEFAULT_LEVEL  # noqa: F401 - DEFAULT_LEVEL kept for callers
    from game.opening import Unopened, open_level, open_save

    sim: Simulation | Unopened | None = None
    if load_path is not None:
        sim = open_save(load_path)
    elif level_path is not None:
        sim = open_level(level_path, seed=seed)
    if isinstance(sim, Unopened):
        for problem in sim.problems:
            print(problem, file=sys.stderr)
        return EXIT_USAGE
    settings, problems = load_settings()
    progress, damaged = load_progress()
    problems += damaged
    for problem in problems:
        print(problem, file=sys.stderr)
    if width is not None and height is not None:
        settings = settings.with_changes(width=width, height=height, fullscreen=False)
    return _run(sim, settings, notice=problems, loaded_from=load_path, edit=edit, progress=progress)


def run_simulation_window(
    sim: Simulation,
    width: int = 1280,
    height: int = 720,
    script: Callable[[int, object], None] | None = None,
    frame_seconds: float | None = None,
) -> int:
    """Play `sim` in a window; `script(frame, screen)` runs before each frame (tests post events there).

    With `frame_seconds` every frame counts as that much real time instead of the measured time,
    so scripted runs are repeatable.
    """
    return _run(sim, Settings(width=width, height=height), script=script, frame_seconds=frame_seconds, sound=False)


def _run(
    sim: Simulation | None,
    settings: Settings,
    *,
    script: Callable[[int, object], None] | None = None,
    frame_seconds: float | None = None,
    notice: list[str] | None = None,
    sound: bool = True,
    loaded_from: str | None = None,
    edit: EditLevel | None = None,
    progress: Progress | None = None,
) -> int:
    """Open the window and run the menu or the game (`sim`, read from the save `loaded_from` if it was) until the player quits."""
    autoquit = _autoquit_frames()
    if isinstance(autoquit, str):
        print(autoquit, file=sys.stderr)
        return EXIT_USAGE
    from game.editor import EditorScreen
    from game.ui.script import InputScript, parse_script

    pygame.display.init()
    pygame.font.init()
    context: Context | None = None
    try:
        scripted = parse_script(os.environ.get(SCRIPT_ENV, ""))
        if isinstance(scripted, str):
            print(scripted, file=sys.stderr)
            return EXIT_USAGE
        audio = sound and open_mixer()
        screen = set_display(settings)
        pygame.display.set_caption(TITLE if sim is None else f"{TITLE} — {sim.scenario.name}")
        try:
            art = load_art()
        except AssetError as error:
            print(error, file=sys.stderr)
            return EXIT_ERROR
        context = Context(settings, SaveFolder(data_dir() / "saves", settings.autosave_days), Sound(audio, settings.effective_volume), art)
        context.progress = load_progress()[0] if progress is None else progress
        remove_leftovers(context)
        current: App | MenuScreen | EditorScreen = App(sim, screen, context, briefing=True, loaded_from=loaded_from) if sim is not None else MenuScreen(screen, context, notice)
        editor: EditorScreen | None = None  # the editor waiting for its play-test to end
        if edit is not None:
            opened = open_editor(screen, context, edit)
            if isinstance(opened, list):
                for problem in opened:
                    print(problem, file=sys.stderr)
                return EXIT_USAGE
            current = opened
        player = InputScript(scripted) if scripted else None
        clock = pygame.time.Clock()
        seconds = 0.0
        frames = 0
        while True:
            if script is not None:
                script(frames, current)
            if player is not None:
                player.post(frames)
            current.frame(seconds if frame_seconds is None else frame_seconds)
            frames += 1
            if autoquit is not None and frames >= autoquit:
                break
            if not current.running:
                if isinstance(current, MenuScreen) and current.editor is not None:
                    current = current.editor
                elif isinstance(current, EditorScreen) and current.playtest is not None:
                    editor = current
                    current = App(current.playtest, current.screen, playtest_context(context), briefing=True, playtest=True)
                elif isinstance(current, EditorScreen) and isinstance(current.leave, ToMenu):
                    current.close()
                    current = MenuScreen(current.screen, context)
                elif isinstance(current, App) and editor is not None and isinstance(current.leave, ToMenu):
                    current.finish()
                    current.sim.close()
                    editor.resume(current.screen)
                    current, editor = editor, None
                elif isinstance(current, MenuScreen) and current.started is not None:
                    pygame.display.set_caption(f"{TITLE} — {current.started.scenario.name}")
                    current = App(current.started, current.screen, context, briefing=True, loaded_from=current.loaded_from)
                elif isinstance(current, App) and isinstance(current.leave, ToMenu):
                    current.finish()  # the menu lists the saves: the one being written is among them
                    current.sim.close()
                    pygame.display.set_caption(TITLE)
                    current = MenuScreen(current.screen, context)
                else:
                    break
            seconds = clock.tick(MAX_FPS) / 1000.0
        if isinstance(current, App):
            current.finish()  # quitting waits for the autosave being written
        for waiting in (current, editor):
            if isinstance(waiting, EditorScreen):
                waiting.close()
        screenshot = os.environ.get(SCREENSHOT_ENV)
        if screenshot:
            pygame.image.save(current.screen, screenshot)
        return EXIT_OK
    finally:
        if context is not None:
            context.writer.close()
            context.forecaster.close()
        pygame.quit()


def playtest_context(context: Context) -> Context:
    """Return `context` for a play-test: the same window, sound and art, but no autosaves (a test game is not kept)."""
    from dataclasses import replace

    return replace(context, saves=SaveFolder(context.saves.folder, 0))


def _autoquit_frames() -> int | str | None:
    """Return the frame count from NEO_TERRA_AUTOQUIT_FRAMES, None when unset, or a problem line."""
    raw = os.environ.get(AUTOQUIT_ENV)
    if raw is None or raw == "":
        return None
    try:
        frames = int(raw)
    except ValueError:
        return f"{AUTOQUIT_ENV}: expected a whole number of frames, got '{raw}'"
    if frames < 1:
        return f"{AUTOQUIT_ENV}: expected at least 1 frame, got {frames}"
    return frames
