"""Render benchmark: median CPU ms per frame (map, overlay, HUD) at 1280x720 with the dummy driver.

Builds a city in code (terrain with canals, ruins and undercity; housing districts, plants and
power lines placed through commands), lets it run a few days so pollution and waste show, then
times frames in two ways: the camera still (the composed view is reused) and the camera panning
every frame (the view is recomposed from the chunk cache each frame). Both with the pollution
overlay on and the mouse over the map. Run: `python bench/bench_render.py [--frames N]`.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import numpy as np  # noqa: E402
import pygame  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_report import report  # noqa: E402

from game.sim import Simulation  # noqa: E402
from game.sim.commands import Place, PlaceLine  # noqa: E402
from game.sim.scenario import Scenario  # noqa: E402
from game.sim.terrain import GROUND, RUINS, UNDERCITY, WATER  # noqa: E402


def smooth_noise(rng: np.random.Generator, size: int, cell: int) -> np.ndarray:
    """Return a (size, size) field in 0..1 of blobs about `cell` tiles across."""
    coarse = rng.random((size // cell + 2, size // cell + 2))
    field = np.kron(coarse, np.ones((cell, cell)))[:size, :size]
    for _ in range(3):  # box blur, so blobs have soft, irregular edges
        field = (field + np.roll(field, 1, 0) + np.roll(field, -1, 0) + np.roll(field, 1, 1) + np.roll(field, -1, 1)) / 5
    return (field - field.min()) / (np.ptp(field) or 1)


def city_terrain(size: int, seed: int) -> np.ndarray:
    """Return a terrain grid: a winding canal, a harbour, factory ruins and a sunken undercity."""
    rng = np.random.default_rng(seed)
    terrain = np.full((size, size), GROUND, np.uint8)
    ys = np.arange(size)
    centre = size * 0.42 + size * 0.08 * np.sin(ys / size * 7.0) + size * 0.03 * np.sin(ys / size * 19.0)
    half_width = 1.5 + (size / 128)
    xs = np.arange(size)[None, :]
    terrain[np.abs(xs - centre[:, None]) <= half_width] = WATER
    harbour = size // 6
    terrain[size - harbour:, size - harbour * 2:] = WATER
    ruins = smooth_noise(rng, size, max(4, size // 16)) > 0.62
    ruins[:, : int(size * 0.55)] = False
    terrain[ruins & (terrain == GROUND)] = RUINS
    under = smooth_noise(rng, size, max(4, size // 12)) > 0.66
    under[: int(size * 0.5), :] = False
    terrain[under & (terrain == GROUND)] = UNDERCITY
    return terrain


def build_city(size: int = 128, seed: int = 7, warm_days: int = 3) -> Simulation:
    """Return a running city on a `size` x `size` map, built through commands and run `warm_days`."""
    scenario = Scenario(
        name=f"Benchmark city {size}", terrain=city_terrain(size, seed),
        funds=500_000_000, materials=10_000_000, fuel=5_000, seed=seed,
    )
    sim = Simulation(scenario)
    rng = np.random.default_rng(seed + 1)
    spacing = 24  # a district every 24 tiles
    for district_y in range(4, size - 20, spacing):
        for district_x in range(4, size - 20, spacing):
            _district(sim, rng, district_x, district_y)
    # Trunk lines tie the districts together along the district grid.
    for y in range(2, size - 2, spacing):
        sim.execute(PlaceLine(2, y, size - 3, y))
    for x in range(2, size - 2, spacing):
        sim.execute(PlaceLine(x, 2, x, size - 3))
    for _ in range(warm_days * 24):
        sim.step()
    sim.drain_events()
    return sim


def _district(sim: Simulation, rng: np.random.Generator, x0: int, y0: int) -> None:
    """Fill one 20x20 district: a power plant, a recycling plant, housing rows and a garden."""
    plants = ["solar_farm", "solar_farm", "fuel_plant"]
    recyclers = ["compost_works", "plastics_refinery", "metal_foundry", "hazard_treatment", "landfill"]
    sim.execute(Place(str(rng.choice(plants)), x0, y0))
    sim.execute(Place(str(rng.choice(recyclers)), x0 + 3, y0))
    sim.execute(Place("drone_hub", x0 + 6, y0 + 1))
    sim.execute(PlaceLine(x0 - 2, y0 + 3, x0 + 16, y0 + 3))  # feeds the rows from the plants and the trunk
    for row in range(4):
        y = y0 + 4 + row * 3
        for column in range(8):
            kind = "garden" if rng.random() < 0.12 else "housing"
            sim.execute(Place(kind, x0 + column * 2, y))
        sim.execute(PlaceLine(x0, y + 2, x0 + 15, y + 2))
    sim.execute(PlaceLine(x0 + 16, y0 - 2, x0 + 16, y0 + 16))


def time_frames(sim: Simulation, frames: int, pan: bool, zoom: float, overlay: str = "pollution", screen_size: tuple[int, int] = (1280, 720), ui_scale: float = 1.0) -> list[float]:
    """Return the CPU ms of each of `frames` frames at `zoom`, panning the camera each frame if `pan`."""
    from game.app import App, Context
    from game.render.camera import ZOOM_LEVELS

    screen = pygame.display.set_mode(screen_size)
    context = Context.default()
    context.settings = context.settings.with_changes(width=screen_size[0], height=screen_size[1], ui_scale=ui_scale)
    app = App(sim, screen, context)
    app.speed = 0  # time frames of drawing, not of the simulation
    app.interface.camera.zoom_by(ZOOM_LEVELS.index(zoom) - app.interface.camera.zoom_index)
    app.interface.controller.toggle_overlay(overlay)
    mouse = app.interface.camera.viewport.center
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=mouse, rel=(0, 0), buttons=(0, 0, 0)))
    for _ in range(10):  # warm the chunk cache and the text cache
        app.frame(1 / 60)
    samples = []
    direction = 1
    for i in range(frames):
        if pan:
            if i % 60 == 0:
                direction = -direction
            app.interface.camera.pan(7 * direction, 3 * direction)
        start = time.process_time()
        app.frame(1 / 60)
        samples.append((time.process_time() - start) * 1000)
    return samples


def add_agents(sim: Simulation, count: int, seed: int = 5) -> None:
    """Put `count` scavengers and drones on random tiles, each a step from where it was, some loaded."""
    rng = np.random.default_rng(seed)
    xs = rng.integers(1, sim.width - 1, count).astype(np.int32)
    ys = rng.integers(1, sim.height - 1, count).astype(np.int32)
    loads = np.where(rng.random(count) < 0.3, 5, 0).astype(np.int32)
    sim.agents.store.add(count, kind=rng.integers(0, 3, count).astype(np.int8), x=xs, y=ys, px=xs - 1, py=ys, load=loads)


def main() -> int:
    """Build the benchmark cities and print the median frame times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=300)
    parser.add_argument("--overlay", default="pollution", help="pollution, power, waste or approval")
    parser.add_argument("--ui-scale", type=float, default=1.0, help="UI scale (1, 1.5, 2); 2 is timed at 2560x1440")
    parser.add_argument("--agents", type=int, default=1_000, help="scavengers and drones on the map (added to the city's own)")
    args = parser.parse_args()
    screen_size = {1.0: (1280, 720), 1.5: (1920, 1080), 2.0: (2560, 1440)}.get(args.ui_scale, (1280, 720))
    pygame.init()
    for size in (128, 512):
        started = time.perf_counter()
        sim = build_city(size)
        add_agents(sim, max(0, args.agents - sim.agents.store.count))
        built = time.perf_counter() - started
        buildings = sim.buildings.count
        print(f"{size}x{size} map, {buildings} buildings, {sim.agents.store.count:,} agents (built and run in {built:.1f} s), {args.overlay} overlay on, "
              f"{screen_size[0]}x{screen_size[1]} at UI scale {args.ui_scale:g}:")
        for pan, zoom in ((False, 2.0), (True, 2.0), (True, 1.0), (True, 0.25)):
            samples = time_frames(sim, args.frames, pan, zoom, args.overlay, screen_size, args.ui_scale)
            label = f"{'panning' if pan else 'still'} at {zoom:g}x"
            report(f"frame_{size}_{'pan' if pan else 'still'}_{zoom:g}x", f"  {label:<17} per frame: ", samples)
    pygame.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
