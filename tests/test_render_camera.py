"""The camera: zoom clamps to its levels, pans stay on the map, and screen and tiles convert both ways."""

from __future__ import annotations

import pygame
import pytest

from game.render.assets import TILE_PX
from game.render.camera import ZOOM_LEVELS, Camera

VIEWPORT = pygame.Rect(0, 30, 800, 500)


def test_zoom_stops_at_the_closest_and_the_farthest_level():
    camera = Camera(VIEWPORT, (128, 128))
    camera.zoom_by(100)
    assert camera.zoom == ZOOM_LEVELS[-1]
    camera.zoom_by(1)
    assert camera.zoom == ZOOM_LEVELS[-1]
    camera.zoom_by(-100)
    assert camera.zoom == ZOOM_LEVELS[0]
    camera.zoom_by(-1)
    assert camera.zoom == ZOOM_LEVELS[0]


def test_zooming_keeps_the_tile_under_the_cursor_still():
    camera = Camera(VIEWPORT, (200, 200), zoom_index=2)
    cursor = (300, 200)
    before = camera.tile_at(cursor)
    camera.zoom_by(1, cursor)
    assert camera.tile_at(cursor) == before


def test_panning_past_the_edge_stops_at_the_edge():
    camera = Camera(VIEWPORT, (100, 100), zoom_index=3)
    camera.pan(-100_000, -100_000)
    assert camera.visible_tiles()[:2] == (0, 0)
    assert camera.origin() == VIEWPORT.topleft
    camera.pan(100_000, 100_000)
    _, _, x1, y1 = camera.visible_tiles()
    assert (x1, y1) == (100, 100)
    assert camera.tile_rect(99, 99).bottomright == VIEWPORT.bottomright


def test_a_map_smaller_than_the_view_sits_in_its_middle():
    camera = Camera(VIEWPORT, (10, 8), zoom_index=2)
    map_rect = camera.tile_rect(0, 0, 10, 8)
    assert abs(map_rect.centerx - VIEWPORT.centerx) <= 1
    assert abs(map_rect.centery - VIEWPORT.centery) <= 1
    camera.pan(500, 500)
    assert camera.tile_rect(0, 0, 10, 8) == map_rect


@pytest.mark.parametrize("zoom_index", range(len(ZOOM_LEVELS)))
def test_tile_at_finds_the_tile_whose_rectangle_holds_the_point(zoom_index):
    camera = Camera(VIEWPORT, (300, 300), zoom_index=zoom_index)
    camera.pan(37, 11)
    for point in ((5, 40), (400, 300), (799, 529)):
        tile = camera.tile_at(point)
        assert camera.tile_rect(*tile).collidepoint(point)


def test_zoomed_in_scrolling_moves_in_whole_art_pixels():
    camera = Camera(VIEWPORT, (300, 300), zoom_index=ZOOM_LEVELS.index(4.0))
    for _ in range(7):
        camera.pan(3, 1)
        origin_x, origin_y = camera.origin()
        assert (origin_x - VIEWPORT.x) % 4 == 0 and (origin_y - VIEWPORT.y) % 4 == 0
    assert camera.tile_px == 4 * TILE_PX


@pytest.mark.parametrize("cursor", [(120, 90), (400, 280), (760, 500)])
def test_zooming_through_every_level_keeps_the_map_point_under_the_cursor(cursor):
    camera = Camera(VIEWPORT, (400, 400), zoom_index=0)
    camera.center_on(200, 200)
    point = camera.point_at(cursor)
    for steps in (1,) * (len(ZOOM_LEVELS) - 1) + (-1,) * (len(ZOOM_LEVELS) - 1):
        camera.zoom_by(steps, cursor)
        now = camera.point_at(cursor)
        # The origin snaps to whole art pixels: the point may move by at most one of them.
        slack = camera.pixel_step / camera.tile_px
        assert abs(now[0] - point[0]) <= slack and abs(now[1] - point[1]) <= slack


def test_the_mouse_wheel_zooms_at_the_mouse_and_the_zoom_keys_at_the_middle():
    from game.ui.controller import Controller

    class OverMap:
        """Every point is on the map; no panels."""

        def over_map(self, position):
            return True

        def tool_at(self, position):
            return None

        def overlay_at(self, position):
            return None

    camera = Camera(VIEWPORT, (400, 400), zoom_index=2)
    camera.center_on(200, 200)
    controller = Controller(camera, (), OverMap())
    mouse = (150, 120)
    controller.handle(pygame.event.Event(pygame.MOUSEMOTION, pos=mouse, rel=(0, 0), buttons=(0, 0, 0)), None)
    under_mouse = camera.point_at(mouse)
    controller.handle(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1, flipped=False), None)
    assert camera.zoom_index == 3
    assert camera.point_at(mouse) == pytest.approx(under_mouse, abs=camera.pixel_step / camera.tile_px)
    middle = camera.point_at(VIEWPORT.center)
    controller.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_e, mod=0, unicode="e"), None)
    assert camera.zoom_index == 4
    assert camera.point_at(VIEWPORT.center) == pytest.approx(middle, abs=camera.pixel_step / camera.tile_px)
    assert camera.point_at(mouse) != pytest.approx(under_mouse, abs=0.5)
