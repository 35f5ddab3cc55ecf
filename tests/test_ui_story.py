"""The story dialog in the window: it opens for a waiting event, answers go out as Choose commands."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest
from worlds import blank

from game.app import App, Context
from game.settings import Settings
from game.sim.commands import Choose
from game.sim.story import Choice, Effect, Story, StoryChoiceTaken, StoryEvent, StoryEventFired
from game.ui.gui import Closed
from game.ui.interface import map_area
from game.ui.story_dialog import ARM_SECONDS, WINDOW, countdown_text, waiting

FRAME = 1 / 60
SCREEN = (1280, 720)
EVENT = StoryEvent(
    id="test_leak",
    title="A Leak Under Pier Nine",
    cast=("Ines Varga", "the dock foreman"),
    text="Drums are weeping into the canal. The foreman wants it kept quiet until after the vote.",
    trigger=(),
    choices=(
        Choice("clean", "Send a crew tonight", "Costs money now; the activists notice who acted.", (Effect("funds", amount=-2000), Effect("approval", "activists", 5))),
        Choice("quiet", "Keep it quiet", "Nothing is spent; if it comes out, it comes out worse."),
        Choice("blame", "Blame the scavengers", "Uptown believes it; the undercity will not forget."),
    ),
    default="quiet",
)


@pytest.fixture
def app(make_world):
    """A window on a small city whose story holds one event, fired and waiting; time paused."""
    pygame.display.init()
    pygame.font.init()
    screen = pygame.display.set_mode(SCREEN)
    sim = make_world(blank(40, 30))
    sim.story = Story((EVENT,), sim.world.entities)
    sim.story.fire(EVENT, sim.tick, 31)
    instance = App(sim, screen)
    instance.speed = 0
    pygame.event.clear()
    yield instance
    pygame.display.quit()


def frames(app: App, count: int = 2) -> None:
    """Run a few frames (widget events arrive on the frame after the click)."""
    for _ in range(count):
        app.frame(FRAME)


def read(app: App) -> None:
    """Let the dialog stay up long enough for its number keys to answer it."""
    frames(app, int(ARM_SECONDS / FRAME) + 2)


def press(app: App, name: str) -> None:
    """Click the widget called `name`."""
    point = app.interface.gui.pixel_rect(name).center
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=point, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=point, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=point, button=1))
    frames(app, 3)


def key(app: App, code: int) -> None:
    """Press and release a key."""
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=code, mod=0, unicode="", scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=code, mod=0, unicode="", scancode=0))
    frames(app, 2)


def choices_logged(app: App) -> list[Choose]:
    """Return the Choose commands the simulation logged."""
    return [command for _, command, _ in app.sim.command_log if isinstance(command, Choose)]


def test_the_dialog_opens_for_the_waiting_event_with_a_button_per_choice(app):
    frames(app)
    gui = app.interface.gui
    assert gui.has(WINDOW)
    assert all(gui.has(f"story.choice.{i}") for i in range(3))
    assert not gui.has("story.choice.3")
    assert "Ines Varga" in gui._by_name["story.cast"].text
    tooltips = [gui._by_name[f"story.choice.{i}"].tool_tip_text for i in range(3)]
    assert tooltips == [choice.explanation for choice in EVENT.choices]


def test_clicking_a_choice_sends_choose_and_closes_the_dialog(app):
    frames(app)
    press(app, "story.choice.0")
    assert choices_logged(app) == [Choose("test_leak", "clean")]
    assert app.sim.story.choices[-1][2:] == ("clean", "player")
    assert app.sim.story.active is None
    assert not app.interface.gui.has(WINDOW)


def test_a_number_key_answers_the_dialog_instead_of_picking_a_building_tool(app):
    read(app)
    key(app, pygame.K_3)
    assert choices_logged(app) == [Choose("test_leak", "blame")]
    assert app.interface.state.tool is None


def test_a_number_key_the_moment_a_dialog_opens_answers_nothing_and_picks_no_tool(app):
    frames(app)
    key(app, pygame.K_3)
    assert choices_logged(app) == []
    assert app.interface.state.tool is None
    assert app.interface.gui.has(WINDOW)


def test_number_keys_do_not_answer_the_dialog_while_another_window_is_in_front(app):
    read(app)
    app.interface.panels.open("policies", app.city)
    frames(app)
    key(app, pygame.K_1)
    assert choices_logged(app) == []


def test_each_choice_says_what_it_will_do_before_the_pick(app):
    frames(app)
    gui = app.interface.gui
    assert gui._by_name["story.effects.0"].text == "-2,000 credits · Eco-activists approval +5"
    assert gui._by_name["story.effects.1"].text == "No direct effect"
    for index in range(3):
        assert gui.pixel_rect(f"story.choice.{index}").bottom <= gui.pixel_rect(f"story.effects.{index}").top


def test_number_keys_pick_tools_again_once_nothing_waits(app):
    read(app)
    key(app, pygame.K_2)
    key(app, pygame.K_1)
    assert len(choices_logged(app)) == 1
    assert app.interface.state.tool is not None and app.interface.state.tool.kind == "compost_works"


def test_closing_the_dialog_hides_it_until_n_brings_it_back(app):
    frames(app)
    app.interface.gui.remove(WINDOW)  # what the close button does, then the event it reports
    app.interface.panels.story.on_gui(Closed(WINDOW), app.city)
    frames(app)
    assert not app.interface.gui.has(WINDOW)
    assert app.interface.panels.story.hidden_event(app.city)
    key(app, pygame.K_n)
    assert app.interface.gui.has(WINDOW)


def test_the_countdown_names_the_default_and_the_hours_left(app):
    event = waiting(app.city)
    assert countdown_text(event, app.sim.tick) == "Ecolife decides in 31 h of game time: Keep it quiet"
    assert countdown_text(event, app.sim.tick + 30) == "Ecolife decides in 1 h of game time: Keep it quiet"
    assert countdown_text(event, app.sim.tick, paused=True) == "The clock waits for you. Left 31 h unanswered, Ecolife picks: Keep it quiet"


def test_the_clock_stops_while_the_dialog_waits_and_the_speed_field_says_why(app):
    app.speed = 1
    tick = app.sim.tick
    frames(app, 60)
    assert app.sim.tick == tick
    assert app.speed_label == "Decision"
    assert app.interface.gui._by_name["story.countdown"].text.startswith("The clock waits for you")


def test_time_runs_while_the_dialog_waits_when_the_settings_say_events_do_not_pause(app):
    app.interface.panels.settings = app.interface.panels.settings.with_changes(pause_on_events=False)
    app.speed = 1
    tick = app.sim.tick
    frames(app, 60)
    assert app.sim.tick > tick
    assert app.interface.gui.has(WINDOW)
    assert app.interface.gui._by_name["story.countdown"].text.startswith("Ecolife decides in")


def test_a_hidden_dialog_lets_the_clock_run(app):
    frames(app)
    app.interface.gui.remove(WINDOW)
    app.interface.panels.story.on_gui(Closed(WINDOW), app.city)
    app.speed = 1
    tick = app.sim.tick
    frames(app, 60)
    assert app.sim.tick > tick


def test_a_fired_story_event_is_announced_at_the_top_of_the_map(app):
    app.interface.notify_event(StoryEventFired("test_leak", EVENT.title, 31))
    assert app.interface.alerts.messages[-1].text.startswith("A Leak Under Pier Nine")
    assert app.interface.alerts.messages[-1].tone == "warn"


def test_the_announcement_is_taken_down_once_the_event_is_answered(app):
    app.interface.notify_event(StoryEventFired("test_leak", EVENT.title, 31))
    app.interface.notify_event(StoryChoiceTaken("test_leak", "clean", "player", "A crew went out."))
    assert not any(message.text.startswith("A Leak Under Pier Nine") for message in app.interface.alerts.messages)


HOSTILE = StoryEvent(
    id="test_nul",
    title="A Leak\x00 Under Pier Nine",
    cast=("Ines\x00 Varga", "the \x1b[31mforeman"),
    text="Drums are weeping\x00 into the canal.\r\nThe foreman\x07 wants it kept quiet.",
    trigger=(),
    choices=(Choice("clean", "Send\x00 a crew", "Costs\x00 money."), Choice("quiet", "Keep it quiet", "Nothing\x00.")),
    default="quiet",
)


def test_control_characters_in_an_event_never_stop_the_window(make_world):
    pygame.display.init()
    pygame.font.init()
    try:
        screen = pygame.display.set_mode(SCREEN)
        sim = make_world(blank(40, 30))
        sim.story = Story((HOSTILE,), sim.world.entities)
        sim.story.fire(HOSTILE, sim.tick, 31)
        instance = App(sim, screen)
        instance.speed = 0
        frames(instance, 4)
        assert instance.running
        gui = instance.interface.gui
        assert gui.has(WINDOW) and gui.has("story.choice.1")
        assert "\x00" not in gui._by_name["story.cast"].text
    finally:
        pygame.display.quit()


DEBATE = StoryEvent(
    id="test_debate",
    title="The Televised Debate on the Harbour Drums",
    cast=("Lucia", "Kira", "Ahmad", "Nomar"),
    text=(
        "The studio lights come up. Lucia is asked, live, what the city really does with the waste it cannot sell. "
        "Kira and Ahmad sit in the front row with folders of figures, and somebody at the back is filming everything."
    ),
    trigger=(),
    choices=tuple(
        Choice(f"stance_{index}", f"Take the {word} line, and say so clearly on live television", "What it means.")
        for index, word in enumerate(("first", "second", "third", "fourth", "fifth"))
    ),
    default="stance_2",
)


def debate_app(make_world, size: tuple[int, int], ui_scale: float, offered: tuple[str, ...] | None) -> App:
    """Return a window of `size` at `ui_scale` whose story waits on DEBATE, offering `offered` (None: all five)."""
    pygame.display.init()
    pygame.font.init()
    screen = pygame.display.set_mode(size)
    sim = make_world(blank(40, 30))
    sim.story = Story((DEBATE,), sim.world.entities)
    sim.story.fire(DEBATE, sim.tick, 40, offered)
    context = Context.default()
    context.settings = Settings(width=size[0], height=size[1], ui_scale=ui_scale)
    instance = App(sim, screen, context)
    instance.speed = 0
    pygame.event.clear()
    read(instance)
    return instance


@pytest.mark.parametrize(("size", "ui_scale"), [((1280, 720), 1.0), ((1920, 1080), 1.5), ((2560, 1440), 2.0)])
def test_five_choices_fit_in_the_dialog_on_screen_one_below_the_other(make_world, size, ui_scale) -> None:
    try:
        app = debate_app(make_world, size, ui_scale, None)
        gui = app.interface.gui
        assert app.interface.scale == ui_scale
        window = gui.pixel_rect(WINDOW)
        assert window.width > 0 and pygame.Rect((0, 0), size).contains(window)
        buttons = [gui.pixel_rect(f"story.choice.{index}") for index in range(5)]
        text, countdown = gui.pixel_rect("story.text"), gui.pixel_rect("story.countdown")
        assert text.bottom <= buttons[0].top
        for upper, lower in zip(buttons, buttons[1:]):
            assert upper.bottom <= lower.top
        assert buttons[-1].bottom <= countdown.top and countdown.bottom <= window.bottom
        assert all(window.contains(button) for button in buttons)
        assert text.height >= 2 * 20 * ui_scale  # room for at least two lines of the story
    finally:
        pygame.display.quit()


def test_only_the_offered_choices_get_buttons_numbered_in_order(make_world) -> None:
    try:
        app = debate_app(make_world, SCREEN, 1.0, ("stance_0", "stance_3"))
        gui = app.interface.gui
        labels = [gui._by_name[f"story.choice.{index}"].text for index in range(3)]
        assert labels[0].startswith("1   Take the first line")
        assert labels[1].startswith("2   Take the third line") and labels[1].endswith("(default)")
        assert labels[2].startswith("3   Take the fourth line")
        assert not gui.has("story.choice.3")
        key(app, pygame.K_3)
        assert choices_logged(app) == [Choose("test_debate", "stance_3")]
    finally:
        pygame.display.quit()


def test_a_number_key_past_the_offered_choices_answers_nothing(make_world) -> None:
    try:
        app = debate_app(make_world, SCREEN, 1.0, ("stance_0",))
        key(app, pygame.K_5)
        key(app, pygame.K_3)
        assert choices_logged(app) == []
        key(app, pygame.K_2)
        assert choices_logged(app) == [Choose("test_debate", "stance_2")]
    finally:
        pygame.display.quit()


@pytest.mark.parametrize(("size", "ui_scale"), [((1280, 720), 1.0), ((1920, 1080), 1.5), ((2560, 1440), 2.0)])
def test_the_dialog_keeps_clear_of_the_overlay_switches(make_world, size, ui_scale) -> None:
    try:
        app = debate_app(make_world, size, ui_scale, None)
        interface = app.interface
        column = interface.switches.column(map_area(size, interface.scale), interface.state.overlay)
        assert not interface.gui.pixel_rect(WINDOW).colliderect(column)
    finally:
        pygame.display.quit()
