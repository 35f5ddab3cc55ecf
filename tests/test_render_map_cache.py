"""The cached map: drawn once per chunk, and after a change redrawn only where the layout changed."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import numpy as np
import pygame

from game.render.assets import TILE_PX
from game.render.map_cache import CHUNK_TILES, MapCache, changed_areas, shore_mask, terrain_variants
from game.sim import Simulation
from game.sim.commands import Demolish, Place
from game.sim.scenario import PlacedBuilding, Scenario
from game.sim.terrain import GROUND, RUINS, WATER
from game.sim.view import CityView


def make_sim(width: int = 40, height: int = 36, buildings: tuple[PlacedBuilding, ...] = ()) -> Simulation:
    """Return a simulation on ground with a strip of water and a patch of ruins."""
    terrain = np.full((height, width), GROUND, np.uint8)
    terrain[:, 20:22] = WATER
    terrain[25:30, 2:8] = RUINS
    return Simulation(Scenario(name="cache test", terrain=terrain, buildings=buildings, funds=10_000_000, materials=100_000))


def pixels(surface: pygame.Surface) -> np.ndarray:
    """Return a copy of a surface's RGB pixels indexed [y, x]."""
    return pygame.surfarray.array3d(surface).transpose(1, 0, 2).copy()


def tile_box(x0: int, y0: int, x1: int, y1: int) -> tuple[slice, slice]:
    """Return the pixel slices [y, x] of a tile box (end exclusive) inside chunk (0, 0)."""
    return slice(y0 * TILE_PX, y1 * TILE_PX), slice(x0 * TILE_PX, x1 * TILE_PX)


def test_placing_a_building_redraws_only_its_footprint_and_the_ring_around_it(art):
    sim = make_sim()
    cache = MapCache(art, CityView(sim))
    before = pixels(cache.chunk(0, 0))
    assert sim.execute(Place("solar_farm", 5, 6)).ok
    areas = cache.sync()
    after = pixels(cache.chunk(0, 0))
    changed = np.any(before != after, axis=2)
    assert changed[tile_box(5, 6, 8, 9)].any()
    outside = changed.copy()
    outside[tile_box(4, 5, 9, 10)] = False  # the 3x3 footprint plus a one-tile ring
    assert not outside.any()
    assert areas == [(4, 5, 9, 10)]


def test_demolishing_brings_back_the_ground_exactly(art):
    sim = make_sim()
    cache = MapCache(art, CityView(sim))
    before = pixels(cache.chunk(0, 0))
    sim.execute(Place("housing", 10, 10))
    cache.sync()
    assert (pixels(cache.chunk(0, 0)) != before).any()
    assert sim.execute(Demolish(10, 10)).ok
    cache.sync()
    np.testing.assert_array_equal(pixels(cache.chunk(0, 0)), before)


def test_a_power_line_is_redrawn_to_join_a_new_neighbour(art):
    sim = make_sim()
    sim.execute(Place("power_line", 10, 10))
    cache = MapCache(art, CityView(sim))
    line_tile = tile_box(10, 10, 11, 11)
    alone = pixels(cache.chunk(0, 0))[line_tile]
    sim.execute(Place("housing", 11, 10))  # east of the line
    cache.sync()
    joined = pixels(cache.chunk(0, 0))[line_tile]
    assert (alone != joined).any()


def test_redrawing_changes_gives_the_same_picture_as_drawing_afresh(art):
    sim = make_sim()
    cache = MapCache(art, CityView(sim))
    cache.chunk(0, 0)
    for command in (
        Place("solar_farm", 5, 6), Place("power_line", 8, 7), Place("power_line", 9, 7), Place("housing", 10, 6),
        Place("garden", 3, 26), Demolish(9, 7), Place("landfill", 12, 12), Demolish(5, 6),
    ):
        assert sim.execute(command).ok, command
        cache.sync()
    fresh = MapCache(art, CityView(sim))
    np.testing.assert_array_equal(pixels(cache.chunk(0, 0)), pixels(fresh.chunk(0, 0)))


def test_nothing_is_redrawn_while_the_layout_and_the_looks_stay_the_same(art):
    sim = make_sim(buildings=(PlacedBuilding("garden", 3, 3), PlacedBuilding("solar_farm", 9, 3)))
    cache = MapCache(art, CityView(sim))
    cache.chunk(0, 0)
    version = cache.version
    sim.step(5)
    assert cache.sync() == []
    assert cache.version == version


def test_a_building_across_a_chunk_border_appears_in_both_chunks(art):
    sim = make_sim(width=70, height=40)
    cache = MapCache(art, CityView(sim))
    left_before = pixels(cache.chunk(0, 0))
    right_before = pixels(cache.chunk(1, 0))
    sim.execute(Place("solar_farm", CHUNK_TILES - 1, 4))  # columns 31, 32 and 33
    cache.sync()
    assert (pixels(cache.chunk(0, 0)) != left_before).any()
    assert (pixels(cache.chunk(1, 0)) != right_before).any()


def test_zoomed_out_copies_follow_a_change(art):
    sim = make_sim()
    cache = MapCache(art, CityView(sim))
    small_before = pixels(cache.chunk(0, 0, tile_px=4))
    sim.execute(Place("solar_farm", 5, 6))
    cache.sync()
    small_after = pixels(cache.chunk(0, 0, tile_px=4))
    assert small_after.shape == (CHUNK_TILES * 4, CHUNK_TILES * 4, 3)
    assert (small_after != small_before).any()


def test_changed_areas_are_split_by_chunk():
    before = np.zeros((40, 70), np.int32)
    after = before.copy()
    after[5, CHUNK_TILES - 1] = 7
    after[5, CHUNK_TILES] = 7
    assert changed_areas(before, after) == [(CHUNK_TILES - 2, 4, CHUNK_TILES, 7), (CHUNK_TILES, 4, CHUNK_TILES + 2, 7)]


def test_shores_face_the_land():
    terrain = np.zeros((3, 4), np.uint8)
    terrain[:, 1:3] = WATER
    mask = shore_mask(terrain)
    assert mask[1, 1] == 8  # land to the west only
    assert mask[1, 2] == 2  # land to the east only
    assert mask[0, 1] == 8  # the map edge is not land
    assert mask[1, 0] == 0  # land tiles have no shore


def test_terrain_variants_are_stable_and_within_each_terrains_count():
    terrain = np.random.default_rng(3).integers(0, 4, (50, 60)).astype(np.uint8)
    counts = [4, 1, 5, 3]
    variants = terrain_variants(terrain, counts)
    np.testing.assert_array_equal(variants, terrain_variants(terrain, counts))
    assert (variants < np.array(counts)[terrain]).all()
    assert (variants[terrain == WATER] == 0).all()
    assert 0.6 < (variants == 0).mean() < 0.9  # mostly plain tiles, with details sprinkled in


def test_a_rebuilt_map_adopts_the_drawn_chunks_away_from_what_changed_and_they_match_a_fresh_draw(art):
    old_sim = make_sim(96, 64, (PlacedBuilding("housing", 70, 40),))
    old = MapCache(art, CityView(old_sim))
    for chunk_x in range(3):
        for chunk_y in range(2):
            old.chunk(chunk_x, chunk_y)
    new_sim = make_sim(96, 64, (PlacedBuilding("housing", 70, 40), PlacedBuilding("solar_farm", 5, 6)))
    new = MapCache(art, CityView(new_sim))
    assert new.adopt(old) == 5  # every drawn chunk but (0, 0), where the solar farm went
    fresh = MapCache(art, CityView(new_sim))
    for chunk_x in range(3):
        for chunk_y in range(2):
            assert np.array_equal(pixels(new.chunk(chunk_x, chunk_y)), pixels(fresh.chunk(chunk_x, chunk_y))), (chunk_x, chunk_y)
    assert new.chunk(1, 0) is old.chunk(1, 0) and new.chunk(0, 0) is not old.chunk(0, 0)
    other = MapCache(art, CityView(make_sim(40, 36)))
    assert other.adopt(old) == 0  # another map's size: nothing to take
    for sim in (old_sim, new_sim):
        sim.close()
