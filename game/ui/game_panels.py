"""The in-game windows built with the GUI adapter: the game menu, policies, charts and the end screen.

Each window reports what the player asked for as requests; the app carries them out. A policy
slider sends `SetPolicy` through `Execute`, so the change goes through the simulation like a build.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from game.bindings import bindings, key_label
from game.render.text import Text
from game.settings import Settings
from game.sim.commands import Applied, KeepPlaying, Result, SetPolicy
from game.sim.policies import POLICIES, POLICY_INDEX
from game.ui.briefing import Briefing
from game.ui.budget_panel import BudgetPanel
from game.ui.charts import draw_charts
from game.ui.controller import AskForecast, CentreOn, Execute
from game.ui.election_night import ElectionNight
from game.ui.event_log import SHOW_PREFIX as LOG_SHOW_PREFIX
from game.ui.event_log import EventLog
from game.ui.factions_panel import FactionsPanel
from game.ui.forecast_window import ForecastWindow, describe
from game.ui.goals_panel import GoalsPanel
from game.ui.gui import SCROLLBAR_UNITS, Closed, Gui, GuiEvent, Pressed, Submitted
from game.ui.key_table import COLUMN as KEY_COLUMN
from game.ui.key_table import KeyTable
from game.ui.landfill_window import LandfillWindow
from game.ui.power_panel import SHOW_PREFIX, PowerPanel
from game.ui.requests import (
    ApplySettings,
    ExportReplay,
    LoadSave,
    QuickLoad,
    QuickSave,
    QuitGame,
    Retry,
    SaveAs,
    ToMenu,
)
from game.ui.save_list import ROW_UNITS, add_save_row
from game.ui.saves import SaveFolder
from game.ui.settings_form import (
    FORM_HEIGHT,
    FORM_WIDTH,
    build_settings_form,
    settings_change,
)
from game.ui.story_dialog import StoryDialog
from game.ui.theme import Theme
from game.ui.window_panel import centred

if TYPE_CHECKING:
    from game.sim.view import CityView

TRY_BUTTON = "policies.try_first"
PanelRequest = AskForecast | CentreOn | Execute | ApplySettings | ExportReplay | LoadSave | QuickLoad | QuickSave | QuitGame | Retry | SaveAs | ToMenu
WINDOWS = ("game_menu", "policies", "charts", "end", "factions", "goals", "landfill", "power", "budget", "log", "election", "briefing", "forecast")  # society: + factions; + the power grid
BAR_BUTTONS = (
    ("game_menu", "Menu", "Esc"), ("goals", "Goals", "J"), ("policies", "Policies", "L"), ("charts", "Charts", "G"),
    ("factions", "Factions", "V"), ("power", "Power", "K"), ("help", "Help", "F1"),
)
BAR_BUTTON_W = 92
BAR_BUTTON_H = 28
POLICY_CARD_W = 330
POLICY_TEXT_TOP = 68  # UI units from a card's top to its explanation
POLICY_LINE_UNITS = 19  # UI units per line of an explanation (the body font)
POLICY_CHAR_UNITS = 7.6  # UI units an average character of the body font takes
CHARTS_SIZE = (640, 470)
SAVES_LISTED = 5
MENU_ROW = 44  # UI units per game-menu button
LOAD_VIEW_HEIGHT = 390  # UI units: the load view's list of saves and its Back button


def policy_value_text(name: str, value: int) -> str:
    """Return a policy value with its range (or its name), default and running cost, e.g. `amnesty  (default tolerate) · 100 cr a day`."""
    policy = POLICY_INDEX[name]
    cost = policy.daily_cost * policy.cost_steps(value)
    running = f" · {cost:,} cr a day" if cost else ""
    if policy.labels:
        return f"{policy.value_label(value)}  (default {policy.value_label(policy.default)}){running}"
    return f"{value}{policy.unit}  (range {policy.minimum}–{policy.maximum}{policy.unit}, default {policy.default}{policy.unit}){running}"


class GamePanels:
    """The game's pygame_gui windows and the row of buttons that opens them."""

    def __init__(self, gui: Gui, theme: Theme, text: Text, saves: SaveFolder, settings: Settings) -> None:
        self.gui = gui
        self.theme = theme
        self.text = text
        self.saves = saves
        self.settings = settings
        self.bar_top_px = 0  # where the button row starts on screen, set by `build_bar`
        self._charts_days = -1  # history length the charts picture shows
        self._policy_status = ""
        self.menu_view = "main"  # or "save", "load", "settings", "keys"
        self.key_table = KeyTable()  # the settings' key table, kept when new settings rebuild the interface
        self.factions = FactionsPanel(gui, theme)  # society: the factions window (V)
        self.power = PowerPanel(gui)  # the power grid and its taps (K)
        self.story = StoryDialog(gui, theme)  # society: the waiting story event
        self.landfill = LandfillWindow(gui, theme)  # a landfill clicked with no tool: its buried hazardous waste
        self.goals = GoalsPanel(gui, theme)  # what wins the level, and how far the city is
        self.budget = BudgetPanel(gui)  # money in and out by line (B, or a click on the treasury)
        self.log = EventLog(gui)  # every line the player was told, with its day and hour (R)
        self.election = ElectionNight(gui)  # opens when the city votes
        self.briefing = Briefing(gui, theme)  # opens when a level starts
        self.forecast = ForecastWindow(gui, theme, text)  # what if: a build or a policy's next days, with and without it
        self.try_policies = False  # "Try first": a policy slider asks for a forecast instead of setting the policy

    # --- the button row --------------------------------------------------------------------------
    def build_bar(self, top_px: int) -> None:
        """Put the Menu / Policies / Charts / Factions / Power / Help buttons in the map's top-left corner."""
        self.bar_top_px = top_px
        top = top_px / self.gui.scale + 6
        for i, (name, label, key) in enumerate(BAR_BUTTONS):
            self.gui.button(f"bar.{name}", (6 + i * (BAR_BUTTON_W + 4), top, BAR_BUTTON_W, BAR_BUTTON_H), label, tooltip=f"{label}  [{key}]")

    def bar_right_px(self) -> int:
        """Return the screen x just right of the button row."""
        return self.gui.pixel_rect("bar.help").right if self.gui.has("bar.help") else 0

    def bar_bottom_px(self) -> int:
        """Return the screen y just below the button row."""
        return self.gui.pixel_rect("bar.game_menu").bottom if self.gui.has("bar.game_menu") else self.bar_top_px

    @property
    def holding_window(self) -> str | None:
        """Return what holds the clock now: the game menu or the briefing, or (unless the settings say not) a story event or election night."""
        if self.is_open("game_menu"):
            return "Menu"
        if self.is_open("briefing"):
            return "Briefing"
        if self.settings.pause_on_events and self.story.is_open:
            return "Decision"
        if self.settings.pause_on_events and self.is_open("election"):
            return "Election"
        return None

    def is_open(self, name: str) -> bool:
        """True when the window called `name` is showing."""
        return self.gui.has(name)

    def any_open(self) -> bool:
        """True when any window is showing."""
        return any(self.gui.has(name) for name in WINDOWS)

    def close(self, name: str) -> None:
        """Close one window."""
        if name == "landfill":
            self.landfill.close()
            return
        if name == "forecast":
            self.forecast.close()
            return
        self.gui.remove(name)

    def inspect(self, city: CityView, building_id: int) -> None:
        """Open the window of building `building_id` if it has one (a landfill); close the landfill window otherwise."""
        if not self.landfill.open(city, building_id) and self.landfill.is_open:
            self.landfill.close()

    def toggle(self, name: str, city: CityView) -> None:
        """Open the window called `name`, or close it if it is open."""
        if self.is_open(name):
            self.close(name)
        else:
            self.open(name, city)

    def open(self, name: str, city: CityView) -> None:
        """Open (or rebuild) the window called `name`."""
        {
            "game_menu": self._open_game_menu, "policies": self._open_policies, "charts": self._open_charts, "end": self._open_end,
            "factions": self.factions.open, "goals": self.goals.open, "power": self.power.open, "budget": self.budget.open,
            "log": self.log.open, "election": self.election.open, "briefing": self.briefing.open,
        }[name](city)

    def _centred(self, width: float, height: float) -> tuple[float, float, float, float]:
        """Return a window rectangle of that size in the middle of the screen, kept on it."""
        return centred(self.gui, width, height)

    def _key(self, action: str) -> str:
        """Return the label of the key the settings bind to `action`."""
        return key_label(bindings(self.settings.keys)[action])

    # --- game menu -------------------------------------------------------------------------------
    def _open_game_menu(self, city: CityView) -> None:
        """The pause menu: resume, save, load, settings, main menu, quit."""
        gui = self.gui
        wide = self.menu_view == "settings"
        entries = (
            ("gm.resume", "Resume", "Esc"), ("gm.quick_save", "Quick-save", self._key("quick_save")), ("gm.save", "Save as…", ""),
            ("gm.quick_load", "Quick-load", self._key("quick_load")), ("gm.load", "Load…", ""), ("gm.export_replay", "Export replay", ""),
            ("gm.settings", "Settings", ""), ("gm.retry", "Restart level", ""), ("gm.menu", "Main menu", ""),
            ("gm.quit", "Quit game", ""),
        )
        # On a short screen (large UI scale) the buttons go in two columns rather than off the bottom.
        columns = 1 if len(entries) * MENU_ROW + 60 <= gui.size[1] - 8 else 2
        rows = -(-len(entries) // columns)
        main_size = (420 if columns == 1 else 560, max(rows * MENU_ROW + 50, LOAD_VIEW_HEIGHT))
        if self.menu_view == "load":  # room for each save's thumbnail, level and game time
            main_size = (min(720, int(gui.size[0]) - 40), main_size[1])
        if self.menu_view == "keys":
            key_columns = max(2, min(3, int((gui.size[0] - 60) // KEY_COLUMN)))
            main_size = (key_columns * KEY_COLUMN + 40, min(int(gui.size[1]) - 20, int(KeyTable.height_for(key_columns)) + 60))
        rect = self._centred(FORM_WIDTH + 40 if wide else main_size[0], FORM_HEIGHT + 120 if wide else main_size[1])
        gui.window("game_menu", rect, "Game menu — paused")
        width = gui.inner_size("game_menu")[0]
        if self.menu_view == "keys":
            inner = gui.inner_size("game_menu")
            self.key_table.build(gui, "game_menu", (14, 10), (inner[0] - 28, inner[1] - 14), self.settings)
            return
        if self.menu_view == "settings":
            build_settings_form(gui, "game_menu", (14, 10), self.settings)
            gui.button("gm.back", (14, FORM_HEIGHT + 20, 120, 34), "Back", "game_menu")
            return
        if self.menu_view == "save":
            gui.label((14, 10, width - 28, 28), "Save the game as", "game_menu", tone="heading")
            gui.entry("gm.save_name", (14, 46, width - 28, 34), f"{city.level_name} day {city.day + 1}", "game_menu", focus=True)
            gui.button("gm.save_confirm", (14, 92, 140, 34), "Save", "game_menu")
            gui.button("gm.back", (164, 92, 120, 34), "Back", "game_menu")
            gui.label((14, 136, width - 28, 24), f"Saved in {self.saves.folder}", "game_menu", tone="dim")
            return
        if self.menu_view == "load":
            gui.label((14, 10, width - 28, 28), "Load a saved game", "game_menu", tone="heading")
            saves = self.saves.all()[:SAVES_LISTED]
            if not saves:
                gui.label((14, 46, width - 28, 26), "No saved games yet.", "game_menu", tone="dim")
            for i, save in enumerate(saves):
                add_save_row(gui, f"gm.load.{i}", (14, 46 + i * ROW_UNITS), width - 28, save, self.saves, "game_menu")
            gui.button("gm.back", (14, 52 + SAVES_LISTED * ROW_UNITS, 120, 34), "Back", "game_menu")
            return
        column_w = (width - 28 - 10 * (columns - 1)) / columns
        for i, (name, label, key) in enumerate(entries):
            column, row = divmod(i, rows)
            gui.button(name, (14 + column * (column_w + 10), 10 + row * MENU_ROW, column_w, MENU_ROW - 6), f"{label}   [{key}]" if key else label, "game_menu")

    # --- policies --------------------------------------------------------------------------------
    def _open_policies(self, city: CityView) -> None:
        """Every policy as a card: label, value and range, slider, and what it does."""
        gui = self.gui
        screen_w, screen_h = gui.size
        # As few columns as let every card fit on the screen's height; where even the most do not, the cards scroll.
        # Every card as tall as the longest explanation needs, so none scrolls inside its card.
        lines = -(-max(len(policy.explanation) for policy in POLICIES) * POLICY_CHAR_UNITS // (POLICY_CARD_W - 16))
        card_h = POLICY_TEXT_TOP + int(lines) * POLICY_LINE_UNITS + 22
        fitting = [n for n in (1, 2, 3) if n * (POLICY_CARD_W + 10) + 30 + SCROLLBAR_UNITS <= screen_w]
        columns = next((n for n in fitting if -(-len(POLICIES) // n) * card_h + 110 <= screen_h), fitting[-1] if fitting else 1)
        rows = -(-len(POLICIES) // columns)
        content_h = rows * card_h + 50
        gui.scrolling_window("policies", self._centred(columns * (POLICY_CARD_W + 10) + 30 + SCROLLBAR_UNITS, content_h + 60), "Policies", content_h)
        for i, policy in enumerate(POLICIES):
            x, y = 10 + (i % columns) * (POLICY_CARD_W + 10), 8 + (i // columns) * card_h
            value = city.policies.get(policy.name, policy.default)
            gui.label((x, y, POLICY_CARD_W, 28), policy.label, "policies", tone="heading")
            gui.label((x, y + 26, POLICY_CARD_W, 22), policy_value_text(policy.name, value), "policies", tone="accent", name=f"policy.value.{policy.name}")
            gui.slider(f"policy.{policy.name}", (x, y + 46, POLICY_CARD_W, 22), value, policy.minimum, policy.maximum, "policies")
            gui.text_box((x - 6, y + POLICY_TEXT_TOP, POLICY_CARD_W + 6, card_h - POLICY_TEXT_TOP - 6), f"<font color='#{''.join(f'{c:02x}' for c in self.theme.text_dim)}'>{html.escape(policy.explanation)}</font>", "policies")
        row_w = columns * (POLICY_CARD_W + 10)
        how = "Drag a slider to see a week's forecast first." if self.try_policies else "Drag a slider to set a policy; it takes effect at once."
        gui.label((10, rows * card_h + 14, row_w - 190, 24), self._policy_status or how, "policies", tone="dim", name="policy.status")
        gui.button(TRY_BUTTON, (row_w - 180, rows * card_h + 10, 180, 32), f"Try first: {'on' if self.try_policies else 'off'}", "policies",
                   selected=self.try_policies, tooltip="On: moving a slider forecasts the next days with and without the change (F does it for a build); the forecast window makes it")

    def policy_result(self, name: str, value: int, result: Result) -> None:
        """Show what setting a policy did."""
        if isinstance(result, Applied):
            self._policy_status = f"{POLICY_INDEX[name].label} set to {POLICY_INDEX[name].value_label(value)}."
            tone_text = self._policy_status
        else:
            self._policy_status = f"Refused: {result.reason}"
            tone_text = self._policy_status
        if self.gui.has("policy.status"):
            self.gui.set_text("policy.status", tone_text)
        if isinstance(result, Applied) and self.gui.has(f"policy.value.{name}"):
            self.gui.set_text(f"policy.value.{name}", policy_value_text(name, value))

    # --- charts ----------------------------------------------------------------------------------
    def _open_charts(self, city: CityView) -> None:
        """The history charts window."""
        gui = self.gui
        gui.window("charts", self._centred(CHARTS_SIZE[0] + 30, CHARTS_SIZE[1] + 50), "History — one point a day")
        inner = gui.inner_size("charts")
        self._charts_box = (4, 4, inner[0] - 8, inner[1] - 8)
        gui.image("charts.image", self._charts_box, self._charts_picture(city), "charts")
        self._charts_days = city.history_days

    def _charts_picture(self, city: CityView):  # noqa: ANN202 - a pygame.Surface
        """Draw the charts at the window's pixel size."""
        _, _, width, height = self._charts_box
        return draw_charts((self.gui.px(width), self.gui.px(height)), city.history(), self.text, self.theme, self.gui.scale)

    # --- end of the level ------------------------------------------------------------------------
    def _open_end(self, city: CityView) -> None:
        """The win or lose screen with the reason, a summary and what to do next."""
        gui = self.gui
        outcome = city.outcome
        won = outcome.status == "won"
        gui.window("end", self._centred(520, 290), "Level complete" if won else "Level lost")
        width = gui.inner_size("end")[0]
        gui.label((16, 10, width - 32, 44), "The city is yours" if won else "The city is lost", "end", tone="won" if won else "lost", name="end.title")
        gui.text_box((10, 58, width - 20, 80), html.escape(outcome.reason[:1].upper() + outcome.reason[1:]), "end")
        facts = (
            f"Day {city.day + 1} · funds {city.funds:,} cr · population {city.population:,} · "
            f"contentment {city.resident_contentment}% · voter approval {city.voter_approval}%"
        )
        gui.label((16, 144, width - 32, 24), facts, "end", tone="dim")
        gui.button("end.retry", (16, 190, 150, 40), "Retry level", "end", tooltip="Start this level again with the same seed")
        gui.button("end.menu", (176, 190, 150, 40), "Main menu", "end")
        if won:
            gui.button("end.stay", (336, 190, width - 352, 40), "Keep playing", "end", tooltip="The city runs on without goals: build, set policies and answer events as before")
        else:
            gui.button("end.stay", (336, 190, width - 352, 40), "Look around", "end", tooltip="Close this and look at the city")

    # --- events ----------------------------------------------------------------------------------
    def update(self, city: CityView) -> None:
        """Refresh the charts when a new day was recorded; keep the factions and power windows and the story dialog current."""
        self.story.pauses = self.settings.pause_on_events
        self.factions.update(city)
        self.goals.update(city)
        self.budget.update(city)
        self.log.update(city)
        self.power.update(city)
        self.story.sync(city)
        self.landfill.sync(city)
        days = city.history_days
        if self.is_open("charts") and days != self._charts_days:
            self.gui.set_image("charts.image", self._charts_picture(city))
            self._charts_days = days

    def on_gui(self, event: GuiEvent, city: CityView) -> list[PanelRequest | str]:
        """Turn a widget event into requests; plain strings name view-only actions ("help", "resume")."""
        answered = self.story.on_gui(event, city)  # society: a choice in the story dialog
        if answered is not None:
            return list(answered)
        dug = self.landfill.on_gui(event, city)
        if dug is not None:
            return list(dug)
        tried = self.forecast.on_gui(event)
        if tried is not None:
            if not tried and self.is_open("policies"):
                self._open_policies(city)  # a change not made: the sliders go back to the policies in force
            return list(tried)
        if isinstance(event, Closed):
            if event.name == "game_menu":
                self.menu_view = "main"
                return ["resume"]
            return []
        if isinstance(event, Submitted) and event.name == "gm.save_name":
            self.menu_view = "main"
            self.close("game_menu")
            return [SaveAs(event.text), "resume"]
        if self.menu_view == "keys" and self.is_open("game_menu"):
            table = self.key_table.on_gui(event, self.settings)
            if table is not None:
                return self._key_table_result(table, city)
        if isinstance(event, Pressed) and event.name == "settings.keys":
            self.menu_view = "keys"
            self.open("game_menu", city)
            return []
        changed = settings_change(event, self.settings)
        if changed is not None:
            self.settings = changed
            return [ApplySettings(changed)]
        if event.name.startswith("policy.") and hasattr(event, "value"):
            command = SetPolicy(event.name[len("policy."):], event.value)
            return [AskForecast((command,), describe(command, city))] if self.try_policies else [Execute(command)]
        if isinstance(event, Pressed) and event.name == TRY_BUTTON:
            self.try_policies = not self.try_policies
            self._open_policies(city)
            return []
        if not isinstance(event, Pressed):
            return []
        return self._pressed(event.name, city)

    def on_key(self, event: object, city: CityView) -> list[PanelRequest | str] | None:
        """Give a key press to the key table while one of its actions waits for a key; None when none waits."""
        if self.menu_view != "keys" or self.key_table.waiting is None or not self.is_open("game_menu"):
            return None
        result = self.key_table.on_key(event, self.settings)  # type: ignore[arg-type]
        return None if result is None else self._key_table_result(result, city)

    def _key_table_result(self, result: Settings | str, city: CityView) -> list[PanelRequest | str]:
        """Carry out what the key table asked: new settings to apply, a rebuild, or back to the settings."""
        if isinstance(result, Settings):
            self.settings = result
            return [ApplySettings(result)]
        self.menu_view = "settings" if result == "back" else "keys"
        self.open("game_menu", city)
        return []

    def _pressed(self, name: str, city: CityView) -> list[PanelRequest | str]:
        """Handle a button press."""
        if name.startswith("bar."):
            target = name[4:]
            if target == "help":
                return ["help"]
            if target == "game_menu":
                return ["game_menu"]
            self.toggle(target, city)
            return []
        simple: dict[str, list[PanelRequest | str]] = {
            "gm.quick_save": [QuickSave()], "gm.quick_load": [QuickLoad()], "gm.retry": [Retry()],
            "gm.menu": [ToMenu()], "gm.quit": [QuitGame()], "gm.export_replay": [ExportReplay()], "end.retry": [Retry()], "end.menu": [ToMenu()],
        }
        if name in simple:
            self.close("game_menu")
            self.menu_view = "main"
            return simple[name] + (["resume"] if name in ("gm.quick_save", "gm.quick_load", "gm.export_replay") else [])
        if name == "gm.resume":
            self.close("game_menu")
            self.menu_view = "main"
            return ["resume"]
        if name in ("election.close", "briefing.start"):
            self.close(name.split(".")[0])
            return []
        if name == "end.stay":
            self.close("end")
            return [Execute(KeepPlaying())] if city.outcome.status == "won" else []
        if name.startswith(LOG_SHOW_PREFIX):
            at = self.log.tile_of(name)
            self.close("log")
            return [] if at is None else [CentreOn(*at)]
        if name.startswith(SHOW_PREFIX):
            tile = self.power.tile_of(name)
            self.close("power")  # out of the way of the tap it shows
            return [] if tile is None else [CentreOn(*tile, overlay="power")]
        if name in ("gm.save", "gm.load", "gm.settings", "gm.back"):
            self.menu_view = {"gm.save": "save", "gm.load": "load", "gm.settings": "settings", "gm.back": "main"}[name]
            self.open("game_menu", city)
            return []
        if name == "gm.save_confirm":
            typed = self.gui.text_of("gm.save_name")
            self.menu_view = "main"
            self.close("game_menu")
            return [SaveAs(typed), "resume"]
        if name.startswith("gm.load."):
            saves = self.saves.all()[:SAVES_LISTED]
            index = int(name.rsplit(".", 1)[1])
            self.menu_view = "main"
            self.close("game_menu")
            return [LoadSave(str(saves[index].path))] if index < len(saves) else []
        return []
