"""The game window: a fixed-timestep loop that runs the simulation, reads input and draws.

The only module that calls `pygame.init()`. Real time decides how many ticks run (by speed, with
an accumulator, as in "Fix Your Timestep"); the simulation itself never sees the clock. Player
commands go through `sim.execute` between ticks, so building works while paused.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

import pygame

from game.render.assets import AssetError, load_art
from game.render.world_view import WorldView
from game.ui.controller import ChangeSpeed, Execute, Quit, Request, TogglePause
from game.ui.interface import Interface

if TYPE_CHECKING:
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
BLINK_SECONDS = 0.5  # status markers blink on and off at this half-period
AUTOQUIT_ENV = "NEO_TERRA_AUTOQUIT_FRAMES"
SCREENSHOT_ENV = "NEO_TERRA_SCREENSHOT"
TITLE = "Neo-Terra"


class App:
    """One game session in a window: the simulation, the world view and the interface."""

    def __init__(self, sim: Simulation, screen: pygame.Surface) -> None:
        self.sim = sim
        self.screen = screen
        art = load_art()
        self.world = WorldView(art, sim)
        self.interface = Interface(art, screen.get_size(), (sim.width, sim.height))
        self._look_at_the_city()
        self.speed = START_SPEED
        self._resume_speed = START_SPEED
        self.accumulator = 0.0  # real seconds not yet turned into ticks
        self.clock_seconds = 0.0  # real seconds since the window opened, for blinking only
        self.running = True
        self.frames = 0

    def _look_at_the_city(self) -> None:
        """Point the camera at the middle of what is built, if anything is."""
        table = self.sim.buildings
        if table.count:
            xs, ys = table.col("x"), table.col("y")
            self.interface.camera.center_on((int(xs.min()) + int(xs.max()) + 2) / 2, (int(ys.min()) + int(ys.max()) + 2) / 2)

    @property
    def speed_label(self) -> str:
        """The current speed's name."""
        return SPEEDS[self.speed].label

    def frame(self, seconds: float) -> bool:
        """Run one frame that took `seconds` of real time; return False once the player quits."""
        for event in pygame.event.get():
            if event.type == pygame.VIDEORESIZE:
                self.screen = pygame.display.get_surface()
                self.interface.resize(self.screen.get_size())
                continue
            for request in self.interface.handle(event, self.sim):
                self.apply(request)
        self.clock_seconds += seconds
        self.interface.update(seconds)
        self.advance(seconds)
        for event in self.sim.drain_events():
            self.interface.notify_event(event)
        self.draw()
        self.frames += 1
        return self.running

    def apply(self, request: Request) -> None:
        """Carry out one request from the interface."""
        if isinstance(request, Execute):
            self.interface.notify_result(self.sim.execute(request.command))
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

    def advance(self, seconds: float) -> int:
        """Run the ticks that `seconds` of real time add up to at the current speed; return how many."""
        rate = SPEEDS[self.speed].ticks_per_second
        if rate == 0 or self.sim.outcome.status != "running":
            self.accumulator = 0.0
            return 0
        self.accumulator += min(seconds, MAX_FRAME_SECONDS)
        step = 1.0 / rate
        ticks = 0
        while self.accumulator >= step:
            self.sim.step()
            self.accumulator -= step
            ticks += 1
        return ticks

    def draw(self) -> None:
        """Draw the world and the interface, then show the frame."""
        blink_on = int(self.clock_seconds / BLINK_SECONDS) % 2 == 0
        self.world.draw(self.screen, self.interface.camera, self.interface.state.overlay, blink_on)
        self.interface.draw(self.screen, self.sim, self.speed_label, paused=self.speed == 0)
        pygame.display.flip()


def run_window(
    level_path: str | None = None,
    width: int = 1280,
    height: int = 720,
    *,
    load_path: str | None = None,
    seed: int | None = None,
) -> int:
    """Open the game window on a level (or a saved game) and play until the player quits."""
    from game.level import DEFAULT_LEVEL, InputError, load_level
    from game.sim import Simulation

    try:
        if load_path is not None:
            from game.level.save import load_game

            sim = load_game(load_path)
        else:
            sim = Simulation(load_level(level_path or DEFAULT_LEVEL), seed=seed)
    except InputError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return EXIT_USAGE
    return run_simulation_window(sim, width, height)


def run_simulation_window(
    sim: Simulation,
    width: int = 1280,
    height: int = 720,
    script: Callable[[int, App], None] | None = None,
    frame_seconds: float | None = None,
) -> int:
    """Play `sim` in a window; `script(frame, app)` runs before each frame (tests post events there).

    With `frame_seconds` every frame counts as that much real time instead of the measured time,
    so scripted runs are repeatable.
    """
    autoquit = _autoquit_frames()
    if isinstance(autoquit, str):
        print(autoquit, file=sys.stderr)
        return EXIT_USAGE
    pygame.init()
    try:
        screen = pygame.display.set_mode((width, height), pygame.RESIZABLE)
        pygame.display.set_caption(f"{TITLE} — {sim.scenario.name}")
        try:
            app = App(sim, screen)
        except AssetError as error:
            print(error, file=sys.stderr)
            return EXIT_ERROR
        clock = pygame.time.Clock()
        seconds = 0.0
        while app.running:
            if script is not None:
                script(app.frames, app)
            app.frame(seconds if frame_seconds is None else frame_seconds)
            if autoquit is not None and app.frames >= autoquit:
                app.running = False
            seconds = clock.tick(MAX_FPS) / 1000.0
        screenshot = os.environ.get(SCREENSHOT_ENV)
        if screenshot:
            pygame.image.save(screen, screenshot)
        return EXIT_OK
    finally:
        pygame.quit()


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
