"""The minimap (issue 15): bottom-right of the map, clear of the warnings; press or drag it to move the view; rebuilt only when the layout changes."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest
from worlds import at, blank

from game.app import App
from game.sim.commands import Place
from game.ui.interface import map_area

SCREEN = (1280, 720)


@pytest.fixture
def display(screen):
    """The shared dummy 1280x720 display with fonts (conftest's `screen`)."""
    return screen


def window(make_world) -> App:
    """Return a window on a 96 x 64 map with a fuel plant at (10, 10)."""
    sim = make_world(blank(96, 64), at("fuel_plant", 10, 10), fuel=1_000)
    return App(sim, pygame.display.get_surface())


def click(app: App, kind: int, position: tuple[int, int], button: int = 1) -> None:
    """Send one mouse event through the interface and apply what it asks."""
    if kind == pygame.MOUSEMOTION:
        event = pygame.event.Event(kind, pos=position, rel=(0, 0), buttons=(1, 0, 0))
    else:
        event = pygame.event.Event(kind, pos=position, button=button)
    for request in app.interface.handle(event, app.city):
        app.apply(request)


def test_the_minimap_sits_in_the_bottom_right_corner_with_the_maps_shape(display, make_world):
    app = window(make_world)
    interface = app.interface
    area = map_area(SCREEN, interface.scale)
    box = interface.minimap.rect(area, interface.map_tiles)
    assert area.contains(box) and box.right > area.centerx and box.bottom > area.centery
    assert abs(box.width / box.height - 96 / 64) < 0.05
    assert not interface.over_map(box.center)  # the map beneath takes no clicks there


def test_pressing_and_dragging_the_minimap_moves_the_view_there(display, make_world):
    app = window(make_world)
    interface = app.interface
    area = map_area(SCREEN, interface.scale)
    box = interface.minimap.rect(area, interface.map_tiles)
    click(app, pygame.MOUSEBUTTONDOWN, (box.left + box.width // 4, box.top + box.height // 2))
    middle = interface.camera.point_at(interface.camera.viewport.center)
    assert middle[0] == pytest.approx(96 / 4, abs=2) or interface.camera.visible_tiles()[0] == 0  # a view wider than a quarter stops at the edge
    click(app, pygame.MOUSEMOTION, (box.right - 2, box.bottom - 2))
    _, _, x1, y1 = interface.camera.visible_tiles()
    assert (x1, y1) == (96, 64)  # dragged to the far corner
    click(app, pygame.MOUSEBUTTONUP, (box.right - 2, box.bottom - 2))
    assert not interface.minimap.dragging
    before = interface.camera.point_at(interface.camera.viewport.center)
    click(app, pygame.MOUSEMOTION, (200, 300))
    assert interface.camera.point_at(interface.camera.viewport.center) == before  # released: moving the mouse pans no more


def test_a_press_on_the_minimap_builds_nothing_beneath_it(display, make_world):
    app = window(make_world)
    interface = app.interface
    area = map_area(SCREEN, interface.scale)
    box = interface.minimap.rect(area, interface.map_tiles)
    interface.controller.select(next(tool for tool in interface.tools if tool.name == "garden"))
    count = app.city.building_count
    click(app, pygame.MOUSEBUTTONDOWN, box.center)
    click(app, pygame.MOUSEBUTTONUP, box.center)
    app.sim.step(1)
    assert app.city.building_count == count


def test_the_minimap_is_rebuilt_only_when_the_layout_changes_and_m_hides_it(display, make_world):
    app = window(make_world)
    minimap = app.interface.minimap
    app.draw()
    app.draw()
    assert minimap.builds == 1
    app.sim.step(3)
    app.draw()
    assert minimap.builds == 1
    assert app.sim.execute(Place("garden", 40, 40)).ok
    app.draw()
    assert minimap.builds == 2
    area = map_area(SCREEN, app.interface.scale)
    box = minimap.rect(area, app.interface.map_tiles)
    shown = pygame.image.tobytes(app.screen.subsurface(box), "RGB")
    app.interface.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_m, mod=0, unicode="m"), app.city)
    assert not app.interface.state.minimap
    app.draw()
    assert pygame.image.tobytes(app.screen.subsurface(box), "RGB") != shown
    assert app.interface.over_map(box.center)


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_the_minimap_grows_with_the_ui_scale_and_stays_clear_of_the_warnings(display, make_world, scale):
    from game.settings import Settings
    from game.ui.interface import WARNING_WIDTH, Interface

    app = window(make_world)
    interface = Interface(app.context.art, SCREEN, (96, 64), settings=Settings(ui_scale=scale))
    area = map_area(SCREEN, interface.scale)
    frame = interface.minimap.frame(area, interface.map_tiles)
    warnings_right = area.left + min(area.width // 2, interface.theme.px(WARNING_WIDTH))
    assert frame.left > warnings_right
    assert frame.width >= interface.theme.px(100)


@pytest.mark.parametrize("overlay", ["pollution", "power", "waste", "contentment"])
@pytest.mark.parametrize(("size", "scale"), [((1280, 720), 1.5), ((1920, 1080), 2.0), ((1280, 720), 1.0)])
def test_the_minimap_keeps_below_an_overlay_legend_at_every_scale(display, make_world, size, scale, overlay):
    from game.settings import Settings
    from game.ui.interface import Interface

    app = window(make_world)
    interface = Interface(app.context.art, size, (96, 64), settings=Settings(ui_scale=scale))
    interface.controller.state.overlay = overlay
    area = map_area(size, interface.scale)
    corner = interface.minimap_area(area)
    if corner is None:  # no room under this legend: the minimap steps aside, and clicks go to the map
        assert interface.switches.column(area, overlay).bottom > area.bottom - interface.theme.px(100)
        return
    frame = interface.minimap.frame(corner, interface.map_tiles)
    column = interface.switches.column(area, overlay)
    assert not frame.colliderect(column), (frame, column)
    assert frame.bottom <= area.bottom and max(frame.size) >= interface.theme.px(48)
