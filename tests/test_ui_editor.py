"""The level editor driven by posted events: paint, place, set a goal, watch the problems, save, play-test and come back."""

from __future__ import annotations

import pygame
import pytest

from game.app import Context, MenuScreen, _run
from game.editor import EditorScreen
from game.editor.panel import TABS
from game.editor.screen import CHECK_DELAY_SECONDS, SAVE_WINDOW
from game.level import load_level, validate_level
from game.level.catalogue import user_levels_dir
from game.level.draft import LevelDraft
from game.render.assets import load_art
from game.settings import Settings, data_dir
from game.sim.politics import FACTIONS
from game.sim.scenario import FactionSetup
from game.sim.terrain import GROUND, RUINS, WATER
from game.ui.gui import Pressed
from game.ui.requests import EditLevel, ToMenu
from game.ui.saves import SaveFolder
from game.ui.sound import Sound

FRAME = 1 / 60
SETTLE_FRAMES = int(CHECK_DELAY_SECONDS / FRAME) + 3  # frames after an edit until the problems are checked


@pytest.fixture
def editor(screen) -> EditorScreen:
    """An editor on a new 40x30 map in a 1280x720 window."""
    context = Context(Settings(), SaveFolder(data_dir() / "saves"), Sound.silent(), load_art())
    made = EditorScreen(screen, context, LevelDraft.blank(40, 30))
    frames(made)
    return made


def settle(editor: EditorScreen) -> None:
    """Run frames until the problems of the last edit are due to be checked, and wait for the check (it runs on a worker thread)."""
    frames(editor, SETTLE_FRAMES)
    editor.wait_for_check()
    frames(editor, 1)


def frames(editor: EditorScreen, count: int = 2) -> None:
    """Run a few frames (widget events arrive on the frame after the click)."""
    for _ in range(count):
        editor.frame(FRAME)


def key(editor: EditorScreen, code: int, mod: int = 0) -> None:
    """Press and release a key, two frames."""
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=code, mod=mod, unicode="", scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=code, mod=mod, unicode="", scancode=0))
    frames(editor)


def press(editor: EditorScreen, name: str) -> None:
    """Click the widget called `name` and let its event arrive."""
    point = editor.gui.pixel_rect(name).center
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=point, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=point, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=point, button=1))
    frames(editor, 3)


def type_into(editor: EditorScreen, name: str, text: str) -> None:
    """Click the entry called `name`, replace its text with `text` and press Enter."""
    press(editor, name)
    for _ in range(len(editor.gui.text_of(name))):
        key(editor, pygame.K_BACKSPACE)
    key(editor, pygame.K_END)
    for _ in range(len(editor.gui.text_of(name))):
        key(editor, pygame.K_BACKSPACE)
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=text))
    frames(editor)
    key(editor, pygame.K_RETURN)


def tile_point(editor: EditorScreen, x: int, y: int) -> tuple[int, int]:
    """Return the screen point in the middle of tile (x, y)."""
    return editor.camera.tile_rect(x, y).center


def drag(editor: EditorScreen, start: tuple[int, int], end: tuple[int, int]) -> None:
    """Press the left button on tile `start`, move to tile `end` and let go there."""
    first, last = tile_point(editor, *start), tile_point(editor, *end)
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=first, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=first, button=1))
    frames(editor, 1)
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=last, rel=(last[0] - first[0], last[1] - first[1]), buttons=(1, 0, 0)))
    frames(editor, 1)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=last, button=1))
    frames(editor, 1)


def click_tile(editor: EditorScreen, x: int, y: int) -> None:
    """Click tile (x, y) with the left button."""
    drag(editor, (x, y), (x, y))


def test_a_brush_stroke_paints_a_band_that_undoes_and_redoes_as_one(editor) -> None:
    key(editor, pygame.K_2)  # water
    assert editor.state.tool == "water" and editor.state.brush_tiles == 3
    drag(editor, (5, 10), (15, 10))
    painted = editor.draft.terrain == WATER
    assert painted[9:12, 4:17].all() and int(painted.sum()) == 3 * 13
    assert (editor.city.terrain == WATER).sum() == painted.sum()  # the map's preview follows once the stroke ends
    key(editor, pygame.K_z, pygame.KMOD_CTRL)
    assert (editor.draft.terrain == GROUND).all()
    key(editor, pygame.K_y, pygame.KMOD_CTRL)
    assert int((editor.draft.terrain == WATER).sum()) == 3 * 13


def test_placing_buildings_and_a_camp_with_the_tools(editor) -> None:
    press(editor, "editor.tool.solar_farm")
    assert editor.state.tool == "solar_farm"
    click_tile(editor, 6, 6)  # the 3x3 footprint is centred on the tile
    assert [(b.kind, b.x, b.y) for b in editor.draft.facts.buildings] == [("solar_farm", 5, 5)]
    click_tile(editor, 7, 7)  # overlaps: refused with the reason
    assert len(editor.draft.facts.buildings) == 1 and "overlaps" in editor.message
    key(editor, pygame.K_3)  # ruins, then a camp on them
    click_tile(editor, 20, 20)
    key(editor, pygame.K_c)
    click_tile(editor, 20, 20)
    assert editor.draft.terrain[20, 20] == RUINS and [(c.x, c.y) for c in editor.draft.facts.camps] == [(20, 20)]
    frames(editor)
    assert editor.city.building_count == 1 and list(editor.city.camp_sites) == [(20, 20)]
    key(editor, pygame.K_x)  # the eraser takes the camp, then the building
    click_tile(editor, 20, 20)
    click_tile(editor, 6, 6)
    assert editor.draft.facts.camps == () and editor.draft.facts.buildings == ()


def test_a_goal_set_in_the_panel_and_the_problems_strip_following_the_edits(editor) -> None:
    key(editor, pygame.K_F3)
    assert editor.state.tab == "goals"
    type_into(editor, "editor.target_value", "250")
    assert [t.describe() for t in editor.draft.facts.goals.targets] == ["population at least 250"]
    type_into(editor, "editor.deadline_day", "40")
    assert editor.draft.facts.goals.deadline_day == 40
    settle(editor)
    assert editor.problems == []
    key(editor, pygame.K_F1)
    press(editor, "editor.tool.housing")
    click_tile(editor, 10, 10)
    key(editor, pygame.K_2)
    click_tile(editor, 10, 10)  # water under the housing block
    settle(editor)
    assert editor.problems == editor.draft.problems(editor._label()) and len(editor.problems) == 1
    assert "cannot stand on water" in editor.problems[0]
    assert "cannot stand on water" in editor.gui._by_name["editor.problems"].html_text
    key(editor, pygame.K_z, pygame.KMOD_CTRL)
    settle(editor)
    assert editor.problems == [] and "No problems" in editor.gui._by_name["editor.problems"].html_text


def test_the_policy_tab_sets_the_policies_the_level_starts_with(editor) -> None:
    key(editor, pygame.K_F7)
    assert editor.state.tab == "policies"
    type_into(editor, "editor.policy.tax_rate", "14")
    press(editor, "editor.policy.scavenger_stance")  # tolerate -> amnesty
    assert editor.draft.facts.policies == (("tax_rate", 14), ("scavenger_stance", 1))
    assert "Scavengers: amnesty" in editor.message
    type_into(editor, "editor.policy.tax_rate", "99")
    assert "must be between 0 and 30, got 99" in editor.message and editor.draft.policy("tax_rate") == 14
    press(editor, "editor.policy.scavenger_stance")  # amnesty -> crackdown, round again
    assert editor.draft.policy("scavenger_stance") == -1
    key(editor, pygame.K_z, pygame.KMOD_CTRL)
    assert editor.draft.policy("scavenger_stance") == 1


def test_the_rules_tab_finds_pages_sets_and_resets_the_rules(editor) -> None:
    from game.editor.panel import LISTED_RULES, matching_rules, rule_notes
    from game.sim.rules import Rules

    assert sorted(LISTED_RULES) == sorted(Rules.names()) and LISTED_RULES[0] == "waste_organic_milli"  # the city's first
    first = LISTED_RULES[0]
    key(editor, pygame.K_F8)
    assert editor.state.tab == "rules" and editor.gui.has(f"editor.rule.{first}")  # the first page: the first rules
    key(editor, pygame.K_PAGEDOWN)
    assert editor.state.rules_page == 1 and not editor.gui.has(f"editor.rule.{first}")
    type_into(editor, "editor.rules_found", "depot")
    assert editor.state.rules_page == 0 and editor.gui.has("editor.rule.depot_capacity") and not editor.gui.has("editor.rule.growth_percent")
    found = matching_rules("depot")
    assert "depot_capacity" in found and all("depot" in name or "depot" in rule_notes()[name].lower() for name in found)
    type_into(editor, "editor.rule.depot_capacity", "2500")
    assert editor.draft.rule("depot_capacity") == 2_500 and "depot_capacity set to 2,500" in editor.message
    assert "1 changed" in editor.gui._by_name["editor.rules_where"].text
    type_into(editor, "editor.rule.depot_capacity", "-3")
    assert "depot_capacity: must be at least 0, got -3" in editor.message and editor.draft.rule("depot_capacity") == 2_500
    press(editor, "editor.rule_name.depot_capacity")  # lit: changed; a click sets it back
    assert editor.draft.rule("depot_capacity") == Rules.default("depot_capacity") and editor.draft.facts.rules == ()
    key(editor, pygame.K_z, pygame.KMOD_CTRL)
    assert editor.draft.rule("depot_capacity") == 2_500


def test_the_end_screens_words_are_typed_in_the_goals_tab_paragraphs_and_all(editor, tmp_path) -> None:
    from game.editor.panel import PARAGRAPH, from_one_line, one_line

    key(editor, pygame.K_F3)
    type_into(editor, "editor.ending_won", f"The towers stay lit. {PARAGRAPH} The drums are gone.")
    type_into(editor, "editor.ending_lost", "The city chose someone else.")
    assert editor.draft.facts.ending_won == "The towers stay lit.\nThe drums are gone."
    assert editor.draft.facts.ending_lost == "The city chose someone else." and "lost: set" in editor.message
    path = tmp_path / "ending.toml"
    path.write_text(editor.draft.toml())
    scenario = load_level(path)
    assert (scenario.ending_won, scenario.ending_lost) == (editor.draft.facts.ending_won, editor.draft.facts.ending_lost)
    assert from_one_line(one_line("One.\n\nTwo.")) == "One.\n\nTwo." and one_line("One.\nTwo.") == f"One. {PARAGRAPH} Two."
    type_into(editor, "editor.ending_won", "")
    assert editor.draft.facts.ending_won == "" and "won: the game's own" in editor.message
    key(editor, pygame.K_z, pygame.KMOD_CTRL)
    assert editor.draft.facts.ending_won.startswith("The towers")


def test_save_writes_a_level_that_validates_and_asks_before_replacing_one(editor) -> None:
    key(editor, pygame.K_4)
    click_tile(editor, 30, 5)
    key(editor, pygame.K_s, pygame.KMOD_CTRL)
    assert editor.gui.has(SAVE_WINDOW) and editor.gui.has("editor.save")
    type_into(editor, "editor.file_name", "undercity_test")
    target = user_levels_dir() / "undercity_test.toml"
    assert editor.path == target and validate_level(target) == []
    assert load_level(target).terrain[5, 30] != GROUND
    first = target.read_text()
    key(editor, pygame.K_1)
    click_tile(editor, 30, 5)  # back to ground: the file now differs from the draft
    key(editor, pygame.K_s, pygame.KMOD_CTRL)
    press(editor, "editor.save_file")
    assert target.read_text() == first and "exists" in editor.message  # not replaced silently
    press(editor, "editor.save_file")
    assert target.read_text() != first and validate_level(target) == []
    assert load_level(target).terrain[5, 30] == GROUND


def test_play_test_refuses_a_broken_level_and_points_at_the_problems(editor) -> None:
    press(editor, "editor.tool.housing")
    click_tile(editor, 10, 10)
    key(editor, pygame.K_2)
    click_tile(editor, 10, 10)
    key(editor, pygame.K_F5)
    assert editor.running and editor.playtest is None and "Fix the problems" in editor.message


def test_play_test_and_back_keeps_the_draft(tmp_path, monkeypatch) -> None:
    seen: list[str] = []
    state: dict[str, object] = {}

    def script(frame: int, current: object) -> None:
        """Place a housing block, play-test with F5, leave with Esc, then quit."""
        kind = type(current).__name__
        seen.append(kind)
        if frame == 2:
            assert isinstance(current, EditorScreen)
            state["editor"] = current
            current.state.tool = "housing"
            current._mouse = tile_point(current, 4, 4)
            pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=current._mouse, rel=(0, 0), buttons=(0, 0, 0)))
            pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=current._mouse, button=1))
            pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=current._mouse, button=1))
        elif frame == 4:
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_F5, mod=0, unicode="", scancode=0))
        elif kind == "App" and "played" not in state:
            state["played"] = current.sim.scenario  # type: ignore[attr-defined]
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode="", scancode=0))
        elif "played" in state and kind == "EditorScreen" and "back" not in state:
            state["back"] = current
            pygame.event.post(pygame.event.Event(pygame.QUIT))

    monkeypatch.setenv("NEO_TERRA_AUTOQUIT_FRAMES", "60")
    assert _run(None, Settings(width=1280, height=720), script=script, frame_seconds=FRAME, sound=False, edit=EditLevel("", 24, 20)) == 0
    assert "App" in seen and seen.index("App") > seen.index("EditorScreen")
    editor = state["back"]
    assert editor is state["editor"]  # the same editor, with its draft
    assert isinstance(editor, EditorScreen)
    assert [(b.kind, b.x, b.y) for b in editor.draft.facts.buildings] == [("housing", 4, 4)]
    played = state["played"]
    assert [(b.kind, b.x, b.y) for b in played.buildings] == [("housing", 4, 4)]  # type: ignore[attr-defined]


def test_the_main_menu_opens_the_editor_on_a_new_map_or_a_shipped_level(screen) -> None:
    context = Context(Settings(), SaveFolder(data_dir() / "saves"), Sound.silent(), load_art())
    menu = MenuScreen(screen, context)
    menu.menu.on_gui(Pressed("menu.editor"))
    for request in menu.menu.on_gui(Pressed("menu.edit_new")):
        menu.apply(request)
    assert not menu.running and menu.editor is not None and (menu.editor.draft.width, menu.editor.draft.height) == (96, 96)
    menu = MenuScreen(screen, context)
    menu.menu.on_gui(Pressed("menu.editor"))
    for request in menu.menu.on_gui(Pressed("menu.edit_level")):
        menu.apply(request)
    assert menu.editor is not None and menu.editor.draft.facts.name == menu.menu.levels[0].name
    assert menu.editor.problems == []


def test_the_menu_refuses_a_map_size_out_of_range(screen) -> None:
    context = Context(Settings(), SaveFolder(data_dir() / "saves"), Sound.silent(), load_art())
    menu = MenuScreen(screen, context)
    menu.menu.on_gui(Pressed("menu.editor"))
    menu.menu.gui._by_name["menu.edit_width"].set_text("3")
    assert menu.menu.on_gui(Pressed("menu.edit_new")) == []
    assert menu.menu.problems and "from 8 to" in menu.menu.problems[0]


@pytest.mark.parametrize(("size", "scale"), [((1280, 720), 1.0), ((1920, 1080), 1.5), ((2560, 1440), 2.0), ((1280, 720), 2.0)])
def test_every_tab_fits_the_panel_at_each_size_and_scale(size, scale) -> None:
    pygame.display.init()
    pygame.font.init()
    try:
        screen = pygame.display.set_mode(size)
        context = Context(Settings(ui_scale=scale), SaveFolder(data_dir() / "saves"), Sound.silent(), load_art())
        editor = EditorScreen(screen, context, LevelDraft.blank(64, 64))
        panel = editor.gui.pixel_rect("editor.panel")
        for tab in TABS:
            editor.state.tab = tab
            editor.build()
            frames(editor, 1)
            inside = [name for name in editor.gui._by_name if name.startswith("editor.") and name not in ("editor.panel", "editor.bar", "editor.strip")]
            for name in inside:
                rect = editor.gui.pixel_rect(name)
                assert screen.get_rect().contains(rect), (tab, name, rect)
                if rect.colliderect(panel):  # a widget of the panel lies wholly in it
                    assert panel.contains(rect), (tab, name, rect, panel)
        assert editor.camera.viewport.right <= panel.x
        if editor.preview is not None:
            editor.preview.close()
        editor.leave = ToMenu()
    finally:
        pygame.display.quit()


def test_the_command_line_names_a_level_to_edit_or_says_in_one_line_why_not(capsys) -> None:
    from game.cli import main

    assert main(["--edit", "no_such_level"]) == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and error[0].startswith("--edit: no level named 'no_such_level'")
    assert main(["--edit", "first_light", "--load", "x.ntsave"]) == 2
    assert "--edit cannot be combined" in capsys.readouterr().err


def test_new_camps_and_the_factions_take_the_numbers_typed_in_the_panel(editor) -> None:
    type_into(editor, "editor.camp_members", "350")
    type_into(editor, "editor.camp_unrest", "65")
    click_tile(editor, 25, 15)  # off the entry (ground on ground), so the keys choose tools again
    key(editor, pygame.K_3)
    click_tile(editor, 25, 15)
    key(editor, pygame.K_c)
    click_tile(editor, 25, 15)
    assert [(camp.members, camp.unrest) for camp in editor.draft.facts.camps] == [(350, 65)]
    press(editor, "editor.tab.vote")
    faction = FACTIONS[0].id
    type_into(editor, f"editor.faction.share.{faction}", "45")
    type_into(editor, f"editor.faction.approval.{faction}", "30")
    assert editor.draft.facts.politics.factions == (FactionSetup(faction, 45, 30),)
    type_into(editor, f"editor.faction.share.{faction}", "")  # empty: the usual share again
    assert editor.draft.facts.politics.factions == (FactionSetup(faction, None, 30),)
    assert editor.draft.to_scenario().politics.factions == (FactionSetup(faction, None, 30),)
    assert editor.draft.problems() == []


def test_typed_numbers_are_ascii_digits_only() -> None:
    from game.ui.gui import whole_number

    assert [whole_number(text) for text in ("42", " 1,500 ", "-7", "²", "--5", "", "4.5", "٣")] == [42, 1500, -7, None, None, None, None, None]
