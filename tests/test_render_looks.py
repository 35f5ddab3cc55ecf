"""The map's looks: housing tiers and facades, dark and sabotaged buildings, smoke, lanes, waste piles and the hour's light."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import numpy as np
import pygame

from game.render.assets import TILE_PX
from game.render.lighting import DAYLIGHT, HOURS, draw_light, light_at
from game.render.looks import (
    DARK,
    RUNNING,
    SABOTAGED,
    facades,
    housing_tiers,
    lane_masks,
    lane_tiles,
    look_codes,
    tile_kinds,
    waste_tiers,
)
from game.render.map_cache import MapCache
from game.sim import Simulation
from game.sim.scenario import Camp, PlacedBuilding, Scenario
from game.sim.terrain import GROUND, RUINS, UNDERCITY, WATER
from game.sim.view import CityView

ROOT = Path(__file__).resolve().parents[1]


def powered_block(fuel: int, occupants: int = 150) -> Simulation:
    """Return a fuel plant feeding a housing block through a line, run one tick; with no fuel the block is dark."""
    terrain = np.full((20, 24), GROUND, np.uint8)
    buildings = (PlacedBuilding("fuel_plant", 1, 1), PlacedBuilding("power_line", 4, 2), PlacedBuilding("housing", 5, 2, occupants=occupants))
    sim = Simulation(Scenario(name="looks", terrain=terrain, funds=10_000_000, materials=100_000, fuel=fuel, buildings=buildings))
    sim.step(1)
    return sim


def pixels(surface: pygame.Surface) -> np.ndarray:
    """Return a copy of a surface's RGB pixels indexed [y, x]."""
    return pygame.surfarray.array3d(surface).transpose(1, 0, 2).copy()


def footprint(x: int, y: int, width: int, height: int) -> tuple[slice, slice]:
    """Return the pixel slices [y, x] of a building's footprint inside chunk (0, 0)."""
    return slice(y * TILE_PX, (y + height) * TILE_PX), slice(x * TILE_PX, (x + width) * TILE_PX)


def test_housing_grows_a_tier_at_30_60_and_85_percent_full():
    occupants = np.array([0, 59, 60, 119, 120, 169, 170, 200])
    assert housing_tiers(occupants, np.full(8, 200)).tolist() == [0, 0, 1, 1, 2, 2, 3, 3]


def test_blocks_in_a_row_do_not_repeat_one_facade():
    for spacing in (2, 3):
        row = facades(np.arange(0, 20 * spacing, spacing), np.full(20, 7)).tolist()
        assert set(row) == {0, 1, 2}, spacing
        assert sum(a != b for a, b in zip(row, row[1:])) >= 10, (spacing, row)  # most neighbours differ


def test_a_fuller_block_is_drawn_as_a_taller_look(art):
    low, full = powered_block(5000, occupants=20), powered_block(5000, occupants=190)
    assert look_codes(CityView(low))[2] & 3 == 0 and look_codes(CityView(full))[2] & 3 == 3
    box = footprint(5, 2, 2, 2)
    assert (pixels(MapCache(art, CityView(low)).chunk(0, 0))[box] != pixels(MapCache(art, CityView(full)).chunk(0, 0))[box]).any()


def test_an_unserved_block_looks_dark_by_day_and_shows_no_lights_at_night(art):
    served, dark = CityView(powered_block(5000)), CityView(powered_block(0))
    assert not look_codes(served)[2] & DARK and look_codes(dark)[2] & DARK
    box = footprint(5, 2, 2, 2)
    served_cache, dark_cache = MapCache(art, served), MapCache(art, dark)
    served_pixels, dark_pixels = pixels(served_cache.chunk(0, 0))[box], pixels(dark_cache.chunk(0, 0))[box]
    assert (served_pixels != dark_pixels).any()
    assert served_pixels.sum() > dark_pixels.sum()  # darker, not just different
    served_lights = pixels(served_cache.lights_chunk(0, 0))[box].max(axis=2)
    dark_lights = pixels(dark_cache.lights_chunk(0, 0))[box].max(axis=2)
    assert (served_lights > 200).sum() > 10 and (dark_lights > 0).sum() == 0


def test_a_working_plant_smokes_and_an_idle_one_does_not():
    assert look_codes(CityView(powered_block(5000)))[0] & RUNNING
    assert not look_codes(CityView(powered_block(0)))[0] & RUNNING


def test_a_sabotaged_plant_is_redrawn_with_its_hazard_look(art):
    sim = powered_block(5000)
    city = CityView(sim)
    cache = MapCache(art, city)
    before = pixels(cache.chunk(0, 0))
    plant = int(city.column("id")[0])
    assert sim.world.sabotage(plant, 10)
    sim.step(1)
    assert city.sabotaged_ids.tolist() == [plant]
    assert look_codes(city)[0] & SABOTAGED and not look_codes(city)[0] & RUNNING
    areas = cache.sync()
    assert areas and areas[0][:2] == (0, 0)  # the plant's footprint at (1, 1) with its ring
    assert (pixels(cache.chunk(0, 0))[footprint(1, 1, 3, 3)] != before[footprint(1, 1, 3, 3)]).any()


def test_redrawing_looks_tick_by_tick_matches_drawing_afresh(art):
    sim = powered_block(5000, occupants=40)
    cache = MapCache(art, CityView(sim))
    cache.chunk(0, 0)
    cache.lights_chunk(0, 0)
    for _ in range(30):
        sim.step(1)
        cache.sync()
    fresh = MapCache(art, CityView(sim))
    np.testing.assert_array_equal(pixels(cache.chunk(0, 0)), pixels(fresh.chunk(0, 0)))
    np.testing.assert_array_equal(pixels(cache.lights_chunk(0, 0)), pixels(fresh.lights_chunk(0, 0)))


def test_lanes_run_round_blocks_but_not_on_water_or_under_buildings():
    terrain = np.full((10, 12), GROUND, np.uint8)
    terrain[:, 9] = WATER
    sim = Simulation(Scenario(name="lanes", terrain=terrain, buildings=(PlacedBuilding("housing", 2, 2), PlacedBuilding("housing", 5, 2), PlacedBuilding("garden", 7, 5))))
    city = CityView(sim)
    occupancy = np.asarray(city.occupancy)
    lanes = lane_tiles(city.terrain, occupancy, tile_kinds(city, occupancy))
    assert lanes[2:4, 4].all()  # the one-tile gap between the two blocks is a lane
    assert lanes[1, 1:7].all() and lanes[4, 1:5].all()  # and so is the ring round them
    assert not lanes[occupancy > 0].any() and not lanes[:, 9].any() and not lanes[8, 0]
    masks = lane_masks(lanes)
    assert masks[2, 4] & 16 and masks[2, 4] & 1 and masks[2, 4] & 4 and not masks[2, 4] & 2  # runs north-south between the blocks
    assert masks[0, 0] == 0


def test_waste_shows_as_piles_of_three_sizes():
    waste = np.zeros((5, 1, 5), np.int32)
    waste[0, 0] = [0, 3, 4, 12, 20]
    waste[4, 0, 4] = 10
    assert waste_tiers(waste).tolist() == [[0, 0, 1, 2, 3]]


def test_the_view_reports_camps_and_no_sabotage_by_default():
    terrain = np.full((12, 12), RUINS, np.uint8)
    sim = Simulation(Scenario(name="camps", terrain=terrain, camps=(Camp("Drumhollow", 3, 4), Camp("The Sump", 8, 9))))
    city = CityView(sim)
    assert city.camp_sites == ((3, 4), (8, 9))
    assert city.sabotaged_ids.size == 0


def test_a_camp_is_drawn_on_the_map_with_its_fire_at_night(art):
    terrain = np.full((12, 12), RUINS, np.uint8)
    plain = MapCache(art, CityView(Simulation(Scenario(name="none", terrain=terrain))))
    camped = MapCache(art, CityView(Simulation(Scenario(name="camp", terrain=terrain, camps=(Camp("Drumhollow", 5, 5),)))))
    box = footprint(4, 4, 3, 3)
    assert (pixels(plain.chunk(0, 0))[box] != pixels(camped.chunk(0, 0))[box]).any()
    assert (pixels(camped.lights_chunk(0, 0))[box] > 0).any()


def test_noon_is_plain_daylight_and_midnight_is_darker_and_blue():
    assert light_at(12) == DAYLIGHT and light_at(12).is_day
    midnight = light_at(0)
    assert sum(midnight.tint) < sum(DAYLIGHT.tint) and midnight.tint[2] > midnight.tint[0] and midnight.lamps == 255
    assert len(HOURS) == 24 and light_at(24) == midnight
    assert light_at(18) != DAYLIGHT and light_at(6) != DAYLIGHT  # dusk and dawn have their own light


def test_the_night_tint_darkens_the_map_and_lights_shine_through(art):
    city = CityView(powered_block(5000))
    cache = MapCache(art, city)
    frames = {}
    for hour in (12, 0):
        surface = pygame.Surface((24 * TILE_PX, 20 * TILE_PX))
        surface.blit(cache.chunk(0, 0), (0, 0))
        draw_light(surface, cache, (0, 0), TILE_PX, (0, 0, 24, 20), light_at(hour))
        frames[hour] = pixels(surface)
    assert frames[12].sum() > frames[0].sum() * 1.5
    lit = pixels(cache.lights_chunk(0, 0))[:20 * TILE_PX, :24 * TILE_PX].max(axis=2) > 200
    assert lit.any()
    # A lit window keeps its full colour at night, brighter than the tinted wall round it.
    assert frames[0][lit].sum(axis=1).mean() > frames[0][~lit].sum(axis=1).mean() * 2


def test_make_assets_draws_the_looks_the_same_twice_in_the_palette():
    spec = importlib.util.spec_from_file_location("make_assets", ROOT / "tools" / "make_assets.py")
    assert spec is not None and spec.loader is not None
    make_assets = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_assets)
    first, second = make_assets.build_looks(), make_assets.build_looks()
    assert sorted(first) == sorted(second) and len(first) > 50
    for name, image in first.items():
        assert pygame.image.tobytes(image, "RGBA") == pygame.image.tobytes(second[name], "RGBA"), name
        assert not make_assets.off_palette(image), name
    assert set(make_assets.DIM) == set(make_assets.PALETTE) and set(make_assets.DIM.values()) <= set(make_assets.PALETTE)


def test_undercity_neon_does_not_shine_through_a_dark_block(art):
    terrain = np.full((12, 12), UNDERCITY, np.uint8)
    sim = Simulation(Scenario(name="under", terrain=terrain, buildings=(PlacedBuilding("housing", 3, 3, occupants=100),)))
    sim.step(1)  # no plant: the block is on a network of its own with nothing to serve it
    city = CityView(sim)
    assert look_codes(city)[0] & DARK
    lights = pixels(MapCache(art, city).lights_chunk(0, 0))
    assert lights[footprint(3, 3, 2, 2)].max() == 0
    assert lights[footprint(6, 0, 6, 12)].max() > 0  # the open undercity round it still glows


def test_a_redraw_budget_spreads_many_changes_over_calls_and_ends_at_the_same_picture(art):
    sim = powered_block(5000, occupants=40)
    cache = MapCache(art, CityView(sim))
    cache.chunk(0, 0)
    cache.lights_chunk(0, 0)
    owed = np.ones((cache.height, cache.width), bool)
    cache._pending |= owed  # as if every tile changed at once
    first = cache.sync(budget_seconds=0.0)  # no time at all: one box of REDRAW_BLOCK_TILES, the rest owed
    assert len(first) == 1 and cache._pending.any()
    calls = 1
    while cache._pending.any():
        assert cache.sync(budget_seconds=0.0)
        calls += 1
    assert calls > 1
    fresh = MapCache(art, CityView(sim))
    np.testing.assert_array_equal(pixels(cache.chunk(0, 0)), pixels(fresh.chunk(0, 0)))
    np.testing.assert_array_equal(pixels(cache.lights_chunk(0, 0)), pixels(fresh.lights_chunk(0, 0)))
