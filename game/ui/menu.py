"""The main menu: continue, new game (shipped and the player's own levels), free play, open a level file, load a save, settings, quit.

The menu only asks: it returns requests (`StartLevel`, `StartGenerated`, `SaveGenerated`, `LoadSave`, `ApplySettings`, `QuitGame`)
and the app does the loading, telling the menu about any problem with `show_problems`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pygame

from game.render.assets import TILE_PX, Art
from game.settings import Settings
from game.ui.gui import Gui, GuiEvent, Pressed, Submitted
from game.ui.key_table import KeyTable
from game.ui.minimap import palette_of
from game.ui.requests import ApplySettings, LoadSave, QuitGame, SaveGenerated, StartGenerated, StartLevel
from game.ui.sandbox_form import SandboxForm
from game.ui.save_list import ROW_UNITS, add_save_row
from game.ui.saves import SaveFolder
from game.ui.settings_form import build_settings_form, settings_change

MenuRequest = StartLevel | StartGenerated | SaveGenerated | LoadSave | ApplySettings | QuitGame
MARGIN = 48  # UI units around the menu
COLUMN = 250  # width of the button column
BUTTON_H = 42
GAP = 10
MAX_SAVES_LISTED = 8
BACKDROP_SHADE = 170  # 0..255: how much the backdrop city is darkened under the menu
VIEWS = ("continue", "new", "free", "open", "load", "settings", "quit")
VIEW_LABELS = {
    "continue": "Continue", "new": "New game", "free": "Free play", "open": "Open level file…", "load": "Load game",
    "settings": "Settings", "quit": "Quit",
}
WELCOME = (
    "<b>You run the city's waste and power authority.</b><br><br>"
    "Ecolife, the recycling AI, turns rubbish into food, fuel and building materials — "
    "when it is powered, and when it bothers. Build plants, keep the grid lit, set the policies "
    "and keep the city on your side.<br><br>"
    "<font color='{dim}'>New to Neo-Terra? Start a new game on <b>First Light</b>: it shows you the basics.</font>"
)


@dataclass(frozen=True, slots=True)
class LevelChoice:
    """A level the menu offers: its file, name, description, a short line of facts, and whose it is.

    A level of the player's own that cannot be loaded is still offered, with its problems instead
    of a Play button, so that its author sees why.
    """

    path: str
    name: str
    description: str
    facts: str
    origin: str = "shipped"  # or "user": a file in the player's levels folder
    problems: tuple[str, ...] = ()

    @property
    def playable(self) -> bool:
        """True when the level loaded without problems."""
        return not self.problems


class MainMenu:
    """The title screen and its views, built from pygame_gui widgets through `Gui`."""

    def __init__(
        self, gui: Gui, art: Art, levels: list[LevelChoice], saves: SaveFolder, settings: Settings, user_levels: str = "",
    ) -> None:
        self.gui = gui
        self._art = art
        self.levels = levels
        self.user_levels = user_levels  # the folder the player's own levels are read from, shown as a hint
        self.saves = saves
        self.settings = settings
        self.view = "new" if saves.latest() is None else "continue"
        self.chosen_level = 0
        self.list_offset = 0  # the first row of the level list in view, when it is longer than the pane
        self._follow_choice = False  # set when the next layout must scroll the chosen level into view
        self.problems: list[str] = []
        self.typed_path = ""
        self.key_table = KeyTable()  # the settings' key table (the "keys" view, reached from Settings)
        self.sandbox = SandboxForm(palette_of(art)[0])  # the free-play form, kept while the menu is open
        self._backdrop: pygame.Surface | None = None
        self.build()

    # --- layout ----------------------------------------------------------------------------------
    def build(self) -> None:
        """Lay the whole menu out again for the current view, size and scale."""
        gui = self.gui
        gui.clear()
        width, height = gui.size
        gui.label((MARGIN, MARGIN - 8, 600, 52), "NEO-TERRA", tone="title")
        gui.label((MARGIN + 2, MARGIN + 42, 600, 24), "Waste, power and politics in the megacity", tone="dim")
        top = MARGIN + 96
        latest = self.saves.latest()
        step = min(BUTTON_H + GAP, (height - top - GAP) / len(VIEWS))  # closer together on a short screen
        for i, view in enumerate(VIEWS):
            tooltip = None
            if view == "continue":
                tooltip = f"Resume {latest.label()}" if latest else "No saved game yet"
            elif view == "free":
                tooltip = "Play on a map generated from a seed, with the land, rules and goal you choose"
            gui.button(
                f"menu.{view}", (MARGIN, top + i * step, COLUMN, step - GAP), VIEW_LABELS[view],
                tooltip=tooltip, enabled=view != "continue" or latest is not None, selected=view == self.view,
            )
        pane = (MARGIN + COLUMN + 2 * GAP + 10, top, max(320, width - MARGIN * 2 - COLUMN - 30), max(260, height - top - MARGIN))
        gui.panel("pane", pane)
        inner_width, inner_height = pane[2] - 12, pane[3] - 12
        {
            "continue": self._build_continue, "new": self._build_new, "free": self._build_free, "open": self._build_open,
            "load": self._build_load, "settings": self._build_settings, "quit": self._build_continue, "keys": self._build_keys,
        }[self.view](inner_width, inner_height)
        if self.problems:
            text = "<br>".join(html.escape(line) for line in self.problems)
            gui.text_box((12, inner_height - 90, inner_width - 12, 86), f"<font color='{self._hex('bad')}'>{text}</font>", "pane", name="menu.problems")

    def _hex(self, tone: str) -> str:
        """Return a tone colour of the palette as #rrggbb for text boxes."""
        colour = {"bad": "red", "dim": "concrete_light", "good": "leaf_light", "accent": "cyan"}[tone]
        return "#{:02x}{:02x}{:02x}".format(*self._art.colour(colour))

    def _build_continue(self, width: float, height: float) -> None:
        """The welcome view: the latest save and what the game is."""
        gui = self.gui
        latest = self.saves.latest()
        if latest is not None:
            gui.label((12, 10, width - 12, 30), "Continue where you left off", "pane", tone="heading")
            gui.label((12, 44, width - 170, 28), latest.label(), "pane", tone="dim")
            gui.button("menu.resume", (width - 150, 40, 140, 36), "Resume", "pane")
            top = 96
        else:
            top = 10
        gui.text_box((12, top, width - 12, min(240, height - top - 100)), WELCOME.format(dim=self._hex("dim")), "pane")

    def _level_rows(self) -> list[int | None]:
        """Return the list's rows in order: a level's index, or None for the "Your levels" heading."""
        rows: list[int | None] = []
        for i, level in enumerate(self.levels):
            if level.origin == "user" and (i == 0 or self.levels[i - 1].origin != "user"):
                rows.append(None)
            rows.append(i)
        return rows

    def _build_new(self, width: float, height: float) -> None:
        """The level list (shipped, then the player's own, paged when long) and the chosen level's description."""
        gui = self.gui
        gui.label((12, 8, width, 30), "Choose a level", "pane", tone="heading")
        if not self.levels:
            gui.label((12, 46, width, 28), "No levels found in the levels folder.", "pane", tone="bad")
            return
        list_width = min(260, width * 0.4)
        row = BUTTON_H + 2
        rows = self._level_rows()
        fit = max(2, int((height - 46) // row))
        if len(rows) > fit:
            fit -= 1  # the last row holds the page buttons
        if self._follow_choice:  # the arrow keys moved the choice: bring it into view
            chosen_row = rows.index(self.chosen_level)
            if not self.list_offset <= chosen_row < self.list_offset + fit:
                self.list_offset = chosen_row if chosen_row < self.list_offset else chosen_row - fit + 1
            self._follow_choice = False
        self.list_offset = max(0, min(self.list_offset, len(rows) - fit))
        y = 46
        for entry in rows[self.list_offset : self.list_offset + fit]:
            if entry is None:
                gui.label((12, y + 6, list_width, 24), "Your levels", "pane", tone="dim")
            else:
                level = self.levels[entry]
                label = level.name if level.playable else f"{level.name} (broken)"
                gui.button(f"menu.level.{entry}", (12, y, list_width, BUTTON_H - 4), label, "pane", selected=entry == self.chosen_level)
            y += row
        if len(rows) > fit:
            half = (list_width - 8) / 2
            gui.button("menu.levels_up", (12, y, half, BUTTON_H - 8), "Earlier", "pane", enabled=self.list_offset > 0)
            gui.button("menu.levels_down", (20 + half, y, half, BUTTON_H - 8), "Later", "pane", enabled=self.list_offset + fit < len(rows))
        level = self.levels[self.chosen_level]
        x = 12 + list_width + 18
        room = width - x
        box = max(80, min(220, height - 220))
        gui.label((x, 44, room, 30), level.name, "pane", tone="heading")
        gui.label((x, 76, room, 24), level.facts, "pane", tone="dim")
        if level.playable:
            gui.text_box((x, 106, room, box), html.escape(level.description), "pane")
            gui.button("menu.play", (x, 106 + box + 14, 180, 40), "Play this level", "pane")
        else:
            text = "<br>".join(html.escape(problem) for problem in level.problems)
            gui.text_box((x, 106, room, box), f"This level cannot be played yet:<br><font color='{self._hex('bad')}'>{text}</font>", "pane", name="menu.level_problems")
        if self.user_levels and 106 + box + 64 + 24 <= height:
            folder = self.user_levels.replace(str(Path.home()), "~", 1) if str(Path.home()) != "/" else self.user_levels
            gui.label((x, 106 + box + 64, room, 24), f"Your own levels: .toml files in {folder}", "pane", tone="dim", name="menu.levels_hint")

    def choose_level(self, step: int) -> None:
        """Move the chosen level `step` places up or down the list (the arrow keys)."""
        if self.levels:
            self.chosen_level = max(0, min(len(self.levels) - 1, self.chosen_level + step))
            self._follow_choice = True
            self.build()

    def _build_free(self, width: float, height: float) -> None:
        """The free-play form."""
        self.sandbox.build(self.gui, "pane", (width, height))

    def _build_open(self, width: float, height: float) -> None:
        """A path entry for a level file of the player's own."""
        gui = self.gui
        gui.label((12, 8, width, 30), "Open a level file", "pane", tone="heading")
        gui.label((12, 44, width - 12, 24), "Type the path of a .toml level file and press Enter.", "pane", tone="dim")
        gui.entry("menu.path", (12, 76, width - 150, 34), self.typed_path, "pane", focus=True)
        gui.button("menu.open_path", (width - 128, 76, 120, 34), "Open", "pane")

    def _build_load(self, width: float, height: float) -> None:
        """The saved games, newest first."""
        gui = self.gui
        gui.label((12, 8, width, 30), "Load a saved game", "pane", tone="heading")
        saves = self.saves.all()[: self._saves_fitting(height)]
        if not saves:
            gui.label((12, 46, width - 12, 26), f"No saved games yet in {self.saves.folder}", "pane", tone="dim")
        for i, save in enumerate(saves):
            add_save_row(gui, f"menu.save.{i}", (12, 46 + i * ROW_UNITS), min(720, width - 24), save, self.saves, "pane")

    def _saves_fitting(self, height: float) -> int:
        """Return how many save rows the load view lists: MAX_SAVES_LISTED, or fewer on a short pane."""
        return max(1, min(MAX_SAVES_LISTED, int((height - 56) // ROW_UNITS)))

    def _build_settings(self, width: float, height: float) -> None:
        """The settings form."""
        build_settings_form(self.gui, "pane", (12, 8), self.settings)

    def _build_keys(self, width: float, height: float) -> None:
        """The key table."""
        self.key_table.build(self.gui, "pane", (12, 8), (width - 12, height - 8), self.settings)

    def _key_table_result(self, result: Settings | str) -> list[MenuRequest]:
        """Carry out what the key table asked: new settings to apply, a rebuild, or back to the settings."""
        if isinstance(result, Settings):
            self.settings = result
            self.build()
            return [ApplySettings(result)]
        self.view = "settings" if result == "back" else "keys"
        self.build()
        return []

    # --- events ----------------------------------------------------------------------------------
    def show_problems(self, problems: list[str]) -> None:
        """Show what went wrong with the last request, one line each."""
        self.problems = problems[:4]
        self.build()

    def resize(self, screen_size: tuple[int, int]) -> None:
        """Lay out again for a new window size."""
        self.gui.resize(screen_size)
        self._backdrop = None
        self.build()

    def on_gui(self, event: GuiEvent) -> list[MenuRequest]:
        """Turn one widget event into requests (or a change of view)."""
        if isinstance(event, Submitted) and event.name == "menu.path":
            return self._open_path(event.text)
        if self.view == "keys":
            table = self.key_table.on_gui(event, self.settings)
            if table is not None:
                return self._key_table_result(table)
        if self.view == "free":
            form = self.sandbox.on_gui(event, self.gui)
            if form is True:
                self.build()
            if isinstance(form, (StartGenerated, SaveGenerated)):
                return [form]
        if isinstance(event, Pressed) and event.name == "settings.keys":
            self.view = "keys"
            self.build()
            return []
        changed = settings_change(event, self.settings)
        if changed is not None:
            self.settings = changed
            self.build()
            return [ApplySettings(changed)]
        if not isinstance(event, Pressed):
            return []
        name = event.name
        if name == "menu.quit":
            return [QuitGame()]
        if name in ("menu.resume",) or (name == "menu.continue" and self.view == "continue"):
            latest = self.saves.latest()
            return [LoadSave(str(latest.path))] if latest else []
        if name.startswith("menu.") and name[5:] in VIEWS:
            self.view = name[5:]
            self.problems = []
            self.build()
        elif name in ("menu.levels_up", "menu.levels_down"):
            self.list_offset += -1 if name == "menu.levels_up" else 1
            self.build()
        elif name.startswith("menu.level."):
            self.chosen_level = int(name.rsplit(".", 1)[1])
            self.build()
        elif name == "menu.play" and self.levels and self.levels[self.chosen_level].playable:
            return [StartLevel(self.levels[self.chosen_level].path)]
        elif name == "menu.open_path":
            return self._open_path(self.gui.text_of("menu.path"))
        elif name.startswith("menu.save."):
            saves = self.saves.all()[:MAX_SAVES_LISTED]  # the listed ones are the first of these
            index = int(name.rsplit(".", 1)[1])
            if index < len(saves):
                return [LoadSave(str(saves[index].path))]
        return []

    def _open_path(self, text: str) -> list[MenuRequest]:
        """Ask to open the typed level path."""
        self.typed_path = text.strip()
        if not self.typed_path:
            self.show_problems(["Type the path of a level file first."])
            return []
        return [StartLevel(self.typed_path)]

    def on_key(self, event: pygame.event.Event) -> list[MenuRequest]:
        """Keys the menu understands when no widget took them: Enter plays, Escape quits from home."""
        if event.type != pygame.KEYDOWN:
            return []
        if self.view == "keys" and self.key_table.waiting is not None:
            result = self.key_table.on_key(event, self.settings)
            return [] if result is None else self._key_table_result(result)
        if event.key == pygame.K_RETURN and self.view == "new" and self.levels and self.levels[self.chosen_level].playable:
            return [StartLevel(self.levels[self.chosen_level].path)]
        if self.view == "free" and event.key in (pygame.K_RETURN, pygame.K_r):
            return self._free_play_key(event.key)
        if event.key in (pygame.K_UP, pygame.K_DOWN) and self.view == "new":
            self.choose_level(-1 if event.key == pygame.K_UP else 1)
            return []
        if event.key == pygame.K_ESCAPE:
            if self.view not in ("continue", "new"):
                self.view = "continue" if self.saves.latest() else "new"
                self.problems = []
                self.build()
                return []
            return [QuitGame()]
        return []

    def _free_play_key(self, key: int) -> list[MenuRequest]:
        """Enter plays the free-play map, R picks a new seed for it."""
        if key == pygame.K_r:
            self.sandbox.new_seed()
            self.build()
            return []
        request = self.sandbox.request(True, self.gui.text_of("sandbox.seed"))
        if request is True:
            self.build()
        return [request] if isinstance(request, StartGenerated) else []

    # --- drawing ---------------------------------------------------------------------------------
    def draw_backdrop(self, target: pygame.Surface) -> None:
        """Draw a dimmed patch of city behind the menu (made once per window size)."""
        if self._backdrop is None or self._backdrop.get_size() != target.get_size():
            self._backdrop = self._make_backdrop(target.get_size())
        target.blit(self._backdrop, (0, 0))

    def _make_backdrop(self, size: tuple[int, int]) -> pygame.Surface:
        """Return a shaded picture of random terrain with a few buildings, at 2x zoom."""
        rng = np.random.default_rng(3)
        tile = TILE_PX * 2
        columns, rows = size[0] // tile + 1, size[1] // tile + 1
        canvas = pygame.Surface((columns * TILE_PX, rows * TILE_PX))
        ground, water = self._art.terrain[0], self._art.terrain[1]
        river = columns * 0.7 + np.sin(np.arange(rows) / 3.0) * 2
        for y in range(rows):
            for x in range(columns):
                choice = water if abs(x - river[y]) < 1.5 else ground
                canvas.blit(choice[int(rng.integers(len(choice)))], (x * TILE_PX, y * TILE_PX))
        kinds = [kind for kind in self._art.buildings if kind != "power_line"]
        for _ in range(columns * rows // 10):
            kind = kinds[int(rng.integers(len(kinds)))]
            sprite = self._art.buildings[kind]
            x, y = int(rng.integers(columns)), int(rng.integers(rows))
            if abs(x - river[y]) > 3:
                canvas.blit(sprite, (x * TILE_PX, y * TILE_PX))
        backdrop = pygame.transform.scale(canvas, (columns * tile, rows * tile)).subsurface((0, 0, *size)).copy()
        shade = pygame.Surface(size, pygame.SRCALPHA)
        shade.fill((*self._art.colour("night"), BACKDROP_SHADE))
        backdrop.blit(shade, (0, 0))
        return backdrop
