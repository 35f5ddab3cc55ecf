"""Frame pacing benchmark: the real game loop at Fast, autosaving every game day, per-frame CPU time.

Run: python bench/bench_frames.py [--frames N] [--side S] [--camps N] [--members N]
Drives the real `game.app.App` (its input, interface update, `advance`, event drain and draw, each
frame) on the SDL dummy driver with a fake frame clock: every frame counts as 1/60 s, so at Fast
(16 ticks a second) a tick runs every 3.75 frames. Autosaves go to a temporary folder every game day
(24 ticks, the shortest interval the settings offer), so a run of 900 frames autosaves about ten
times. Two scenarios: the story level (02_neo_terra) and a SxS city (bench_tick.grid_city, 512 by
default) with ruins every 32 rows and as many camps as the 512x512 tick bench (bench_agents.city_512:
250 camps of 3,600, about 100,000 walkers). Story events do not stop the clock (as with the
"Events pause: off" setting), so time keeps running.

Each frame is timed by `time.thread_time()`: the CPU time of the main thread, the one that draws
(work handed to a worker thread is not the frame's). The readable table also gives each frame's
wall time (`time.perf_counter()`), which also shows any wait for a lock or the GIL. The BENCH line
of each scenario gives the frames' CPU figures, and `ticks` the simulation ticks they ran.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_agents import camps_on  # noqa: E402
from bench_report import percentile  # noqa: E402
from bench_tick import grid_city  # noqa: E402

from game.level import load_level  # noqa: E402
from game.sim import Simulation  # noqa: E402
from game.sim.scenario import Scenario  # noqa: E402
from game.sim.terrain import RUINS  # noqa: E402

STORY_LEVEL = Path(__file__).resolve().parent.parent / "levels" / "02_neo_terra.toml"
FRAME_SECONDS = 1 / 60  # the fake frame clock: a 60 fps display
FAST = 3  # index of "Fast" in game.app.SPEEDS
SCREEN = (1280, 720)
WARM_UP_FRAMES = 30  # caches filled and the first tick run before timing starts
CAMPS_512 = 250  # as bench_agents.city_512
MEMBERS_512 = 3_600
BIG_WARM_UP_TICKS = 48  # run headless first, as bench_agents does: the walkers are out and spread


@dataclass(frozen=True, slots=True)
class FrameRun:
    """What a timed run measured: each frame's main-thread CPU and wall ms, ticks run and autosaves written."""

    cpu_ms: list[float]
    wall_ms: list[float]
    ticks: int
    autosaves: int


def big_city(side: int, camps: int, members: int) -> Scenario:
    """Return `grid_city(side)` with a row of ruins every 32 rows (between the blocks), `camps` camps on them, and the funds to last."""
    city = grid_city(side)
    terrain = city.terrain.copy()
    terrain[3::32, :] = RUINS  # rows 3 mod 4 hold no building in grid_city
    # Funds as bench_tick gives its 512 city: the grid has no income to pay 16,000 buildings' upkeep.
    return replace(city, name=f"{city.name} with camps", terrain=terrain, funds=10**9, camps=camps_on(terrain, camps, members, seed=2) if camps else ())


def run_frames(sim: Simulation, frames: int, saves_folder: Path) -> FrameRun:
    """Play `sim` at Fast in the real App loop for `frames` timed frames; return the figures."""
    from game.app import App, Context
    from game.render.assets import load_art
    from game.settings import Settings
    from game.ui.saves import SaveFolder
    from game.ui.sound import Sound

    settings = Settings(width=SCREEN[0], height=SCREEN[1], autosave_days=1, pause_on_events=False)
    context = Context(settings, SaveFolder(saves_folder, settings.autosave_days), Sound.silent(), load_art())
    screen = pygame.display.set_mode(SCREEN)
    app = App(sim, screen, context)
    app.speed = FAST
    mouse = app.interface.camera.viewport.center
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=mouse, rel=(0, 0), buttons=(0, 0, 0)))
    for _ in range(WARM_UP_FRAMES):
        app.frame(FRAME_SECONDS)
    first_tick = sim.tick
    cpu_ms, wall_ms = [], []
    for _ in range(frames):
        wall, cpu = time.perf_counter(), time.thread_time()
        app.frame(FRAME_SECONDS)
        cpu_ms.append((time.thread_time() - cpu) * 1000)
        wall_ms.append((time.perf_counter() - wall) * 1000)
    ticks = sim.tick - first_tick
    finish = getattr(app, "finish", None)
    if callable(finish):
        finish()  # wait for a save still being written, as quitting does
    newest = context.saves.slots.latest("autosave")
    autosaves = int(newest.stem.split("-")[1]) if newest else 0  # numbered from 1; the folder keeps only the newest
    return FrameRun(cpu_ms, wall_ms, ticks, autosaves)


def print_run(name: str, title: str, run: FrameRun) -> None:
    """Print a scenario's readable table and its one BENCH line."""
    print(title)
    print(f"  {len(run.cpu_ms)} frames, {run.ticks} ticks, {run.autosaves} autosaves written")
    print(f"  {'ms per frame':<22}{'mean':>9}{'p50':>9}{'p99':>9}{'max':>9}")
    for label, samples in (("CPU (main thread)", run.cpu_ms), ("wall", run.wall_ms)):
        figures = (statistics.fmean(samples), statistics.median(samples), percentile(samples, 0.99), max(samples))
        print(f"  {label:<22}" + "".join(f"{figure:9.2f}" for figure in figures))
    over = sum(1 for sample in run.cpu_ms if sample > 1000 / 60)
    print(f"  frames over 16.7 ms CPU: {over}")
    samples = run.cpu_ms
    print(
        f"BENCH name={name} mean_ms={statistics.fmean(samples):.4f} p50_ms={statistics.median(samples):.4f} "
        f"p99_ms={percentile(samples, 0.99):.4f} max_ms={max(samples):.4f} ticks={run.ticks}"
    )


def main() -> int:
    """Run both scenarios and print their figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=900, help="frames timed in each scenario (60 a second of play)")
    parser.add_argument("--side", type=int, default=512, help="side of the big city in tiles")
    parser.add_argument("--camps", type=int, default=CAMPS_512, help="camps in the big city")
    parser.add_argument("--members", type=int, default=MEMBERS_512, help="members of each camp's tribe")
    args = parser.parse_args()
    pygame.display.init()
    pygame.font.init()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-frames-") as folder:
            story = Simulation(load_level(STORY_LEVEL))
            run = run_frames(story, args.frames, Path(folder) / "story")
            print_run("frames_story", f"story level {STORY_LEVEL.stem} ({story.width}x{story.height}) at Fast, autosave every day:", run)
            story.close()
            started = time.perf_counter()
            big = Simulation(big_city(args.side, args.camps, args.members))
            big.step(BIG_WARM_UP_TICKS)
            built = time.perf_counter() - started
            agents = big.agents.store.count
            run = run_frames(big, args.frames, Path(folder) / "big")
            title = (f"{args.side}x{args.side} city ({big.buildings.count:,} buildings, {agents:,} agents at the start, "
                     f"{big.agents.store.count:,} at the end; built and run 48 ticks in {built:.1f} s) at Fast, autosave every day:")
            print_run(f"frames_{args.side}", title, run)
            big.close()
    finally:
        pygame.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
