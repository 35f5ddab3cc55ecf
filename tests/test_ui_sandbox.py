"""The main menu's free-play form: it starts a generated game, saves it as a level file, and fits every size and scale."""

from __future__ import annotations

import pygame
import pytest
from window_input import click_at, key

from game.app import Context, MenuScreen
from game.level import load_level, user_levels_dir
from game.level.generate import SandboxOptions, generate
from game.render.assets import load_art
from game.settings import Settings, data_dir
from game.ui.requests import SaveGenerated, StartGenerated
from game.ui.saves import SaveFolder
from game.ui.sound import Sound

FORM_WIDGETS = (
    "sandbox.size", "sandbox.seed", "sandbox.random_seed", "sandbox.water", "sandbox.ruins", "sandbox.undercity",
    "sandbox.camps", "sandbox.funds", "sandbox.elections", "sandbox.goal", "sandbox.goal_value", "sandbox.deadline",
    "sandbox.play", "sandbox.save", "sandbox.message",
)


def free_play_menu(size: tuple[int, int] = (1280, 720), ui_scale: float = 1.0) -> MenuScreen:
    """Open the main menu in a window of `size` and go to its Free play view."""
    pygame.display.init()
    pygame.font.init()
    screen = pygame.display.set_mode(size)
    settings = Settings(width=size[0], height=size[1], ui_scale=ui_scale)
    menu = MenuScreen(screen, Context(settings, SaveFolder(data_dir() / "saves"), Sound.silent(), load_art()))
    pygame.event.clear()
    press(menu, "menu.free")
    return menu


def press(menu: MenuScreen, name: str) -> None:
    """Click the middle of the menu's widget called `name`."""
    click_at(menu, menu.menu.gui.pixel_rect(name).center)  # type: ignore[arg-type]


def press_right_arrow(menu: MenuScreen, slider: str) -> None:
    """Click the right-hand arrow of a slider: one step up."""
    rect = menu.menu.gui.pixel_rect(slider)
    click_at(menu, (rect.right - rect.height // 2, rect.centery))  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def close_display() -> None:
    """Close the window each test opened."""
    yield
    pygame.display.quit()


def test_play_starts_a_game_on_the_map_the_form_describes() -> None:
    menu = free_play_menu()
    press(menu, "menu.free")  # the view stays
    press(menu, "sandbox.play")
    assert not menu.running and menu.started is not None
    expected = generate(SandboxOptions(width=96, height=96))
    assert menu.started.scenario.name == expected.name
    assert (menu.started.scenario.terrain == expected.terrain).all()
    assert menu.started.scenario.goals.targets == ()
    menu.started.close()


def test_a_slider_step_changes_its_option_and_label_in_place() -> None:
    menu = free_play_menu()
    form = menu.menu.sandbox
    before = form.options.water
    press_right_arrow(menu, "sandbox.water")
    assert form.options.water == before + 5
    assert menu.menu.gui.has("sandbox.water_label")
    press_right_arrow(menu, "sandbox.size")
    assert (form.options.width, form.options.height) == (112, 112)


def test_the_preview_shows_the_map_once_the_sliders_rest_not_at_every_step() -> None:
    from game.ui.sandbox_form import PREVIEW_DELAY_SECONDS

    menu = free_play_menu()
    form, gui = menu.menu.sandbox, menu.menu.gui
    assert gui.has("sandbox.preview")
    made: list[int] = []
    picture = form._map_picture
    form._map_picture = lambda land: made.append(land.width) or picture(land)  # type: ignore[method-assign]
    for _ in range(3):
        press_right_arrow(menu, "sandbox.size")
    assert made == []  # dragging: nothing made yet
    menu.menu.update(PREVIEW_DELAY_SECONDS / 2)
    assert made == []
    menu.menu.update(PREVIEW_DELAY_SECONDS / 2)
    assert made == [144]  # at rest: the last size only, once
    menu.menu.update(1.0)
    assert made == [144]


def test_shares_that_leave_too_little_ground_are_refused_with_a_message() -> None:
    menu = free_play_menu()
    form = menu.menu.sandbox
    form.options = SandboxOptions(water=60, ruins=30, undercity=0)
    menu.menu.build()
    press(menu, "sandbox.play")
    assert menu.running and menu.started is None
    assert "add up to 90%" in (form.problem() or "")


def test_random_seed_and_r_pick_new_seeds_and_a_typed_seed_is_used() -> None:
    menu = free_play_menu()
    form = menu.menu.sandbox
    seeds = {form.options.seed}
    press(menu, "sandbox.random_seed")
    seeds.add(form.options.seed)
    key(menu, pygame.K_r)  # type: ignore[arg-type]
    seeds.add(form.options.seed)
    assert len(seeds) == 3
    assert form.request(True, " 4321 ") == StartGenerated(SandboxOptions(seed=4321, width=96, height=96))
    assert form.request(False, "many") is True and "whole number" in form.message


def test_a_chosen_goal_and_no_elections_are_the_games() -> None:
    menu = free_play_menu()
    press(menu, "sandbox.elections")
    press(menu, "sandbox.goal")
    assert menu.menu.gui.has("sandbox.goal_value") and menu.menu.gui.has("sandbox.deadline")
    press_right_arrow(menu, "sandbox.goal_value")
    key(menu, pygame.K_RETURN)  # type: ignore[arg-type]
    assert menu.started is not None
    scenario = menu.started.scenario
    assert scenario.politics.election_every_days == 0
    assert [(t.metric, t.at_least) for t in scenario.goals.targets] == [("population", 3_500)]
    assert scenario.goals.deadline_day == 90
    menu.started.close()


def test_save_as_level_file_writes_a_valid_level_the_new_game_list_offers() -> None:
    menu = free_play_menu()
    press(menu, "sandbox.save")
    path = user_levels_dir() / "free_play_96x96_seed_1.toml"
    assert path.is_file()
    assert load_level(path).name == "Free play 96x96, seed 1"
    assert any(level.origin == "user" and level.path == str(path) for level in menu.menu.levels)
    assert str(path) in menu.menu.sandbox.message
    assert menu.running and menu.started is None


def test_a_save_that_cannot_be_written_says_why_in_one_line() -> None:
    menu = free_play_menu()
    user_levels_dir().parent.mkdir(parents=True, exist_ok=True)
    user_levels_dir().write_text("a file where the folder should be")
    menu.apply(SaveGenerated(SandboxOptions()))
    assert len(menu.menu.problems) == 1 and "cannot write" in menu.menu.problems[0]


@pytest.mark.parametrize(
    ("size", "ui_scale"),
    [((1280, 720), 1.0), ((1280, 720), 1.5), ((1920, 1080), 1.5), ((1920, 1080), 2.0), ((2560, 1440), 1.0), ((2560, 1440), 2.0)],
)
def test_every_widget_of_the_form_lies_inside_the_pane(size: tuple[int, int], ui_scale: float) -> None:
    menu = free_play_menu(size, ui_scale)
    press(menu, "sandbox.goal")  # the goal's two sliders too
    gui = menu.menu.gui
    pane = gui.pixel_rect("pane")
    for name in FORM_WIDGETS:
        assert pane.contains(gui.pixel_rect(name)), name
    for view in ("continue", "quit"):
        assert gui.pixel_rect(f"menu.{view}").bottom <= size[1]
    if gui.has("sandbox.preview"):
        assert pane.contains(gui.pixel_rect("sandbox.preview"))
        assert not gui.pixel_rect("sandbox.preview").colliderect(gui.pixel_rect("sandbox.save"))


def test_the_choices_outlive_a_change_of_settings() -> None:
    from game.ui.requests import ApplySettings

    menu = free_play_menu()
    press_right_arrow(menu, "sandbox.water")
    chosen = menu.menu.sandbox.options
    menu.apply(ApplySettings(menu.context.settings.with_changes(volume=30)))
    assert menu.menu.sandbox.options == chosen and menu.menu.view == "free"
