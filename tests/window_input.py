"""Real input for window tests: a key press, a click on a named widget or a point, each played for a few frames."""

from __future__ import annotations

import pygame

from game.app import App

FRAME = 1 / 60  # seconds a test frame lasts


def key(app: App, code: int) -> None:
    """Press and release a key, two frames."""
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=code, mod=0, unicode="", scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=code, mod=0, unicode="", scancode=0))
    app.frame(FRAME)
    app.frame(FRAME)


def click_at(app: App, point: tuple[int, int]) -> None:
    """Move to `point` and click it with the left button, three frames."""
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=point, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=point, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=point, button=1))
    for _ in range(3):
        app.frame(FRAME)


def click(app: App, name: str) -> None:
    """Click the middle of the widget called `name`, three frames."""
    click_at(app, app.interface.gui.pixel_rect(name).center)


def paused_window(sim: object, size: tuple[int, int] = (1280, 720)) -> App:
    """Open a real window of `size` on `sim`, time paused and no input waiting (close it with pygame.display.quit())."""
    pygame.display.init()
    pygame.font.init()
    screen = pygame.display.set_mode(size)
    app = App(sim, screen)  # type: ignore[arg-type]
    app.speed = 0
    pygame.event.clear()
    return app
