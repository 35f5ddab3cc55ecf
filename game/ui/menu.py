"""The main menu: continue, new game (the campaign, other shipped levels and the player's own), free play, open a level file, load a save, settings, quit.

The new-game list shows the campaign first, under its arcs' headings, each level with its best
result and a lock mark until the level before it is won; a locked level can be chosen to read
about it, not started.

The menu only asks: it returns requests (`StartLevel`, `StartGenerated`, `SaveGenerated`, `LoadSave`, `ApplySettings`, `QuitGame`)
and the app does the loading, telling the menu about any problem with `show_problems`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pygame

from game.level.map_grid import MAX_MAP_SIDE
from game.render.assets import TILE_PX, Art
from game.settings import Settings
from game.ui.gui import Gui, GuiEvent, Pressed, Submitted, whole_number
from game.ui.key_table import KeyTable
from game.ui.minimap import palette_of
from game.ui.requests import ApplySettings, EditLevel, LoadSave, QuitGame, SaveGenerated, StartGenerated, StartLevel
from game.ui.sandbox_form import SandboxForm
from game.ui.save_list import ROW_UNITS, add_save_row
from game.ui.saves import SaveFolder
from game.ui.settings_form import build_settings_form, settings_change

MenuRequest = StartLevel | StartGenerated | SaveGenerated | LoadSave | ApplySettings | QuitGame | EditLevel
MARGIN = 48  # UI units around the menu
COLUMN = 250  # width of the button column
BUTTON_H = 42
GAP = 10
MAX_SAVES_LISTED = 8
LEVEL_ROW = BUTTON_H + 2  # UI units a level of the list takes...
CAMPAIGN_ROW = BUTTON_H + 24  # ...a campaign level, with its line of progress below the button
HEADING_ROW = 30  # ...and a heading ("Neo-Terra", "Your levels")
PAGE_ROW = BUTTON_H - 2  # the Earlier / Later buttons of a list longer than the pane
LOCK_UNITS = 16  # the lock mark's side
OTHER_LEVELS = "More levels"  # the heading of shipped levels outside the campaign, when there is a campaign
YOUR_LEVELS = "Your levels"
BACKDROP_SHADE = 170  # 0..255: how much the backdrop city is darkened under the menu
VIEWS = ("continue", "new", "free", "open", "load", "editor", "settings", "quit")
VIEW_LABELS = {
    "continue": "Continue", "new": "New game", "free": "Free play", "open": "Open level file…", "load": "Load game",
    "editor": "Level editor", "settings": "Settings", "quit": "Quit",
}
NEW_MAP_SIDE = 96  # tiles: the side of a new map the editor offers first
MIN_MAP_SIDE = 8
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
    arc: str = ""  # the campaign's story arc the level belongs to ("" outside the campaign)
    locked_by: str = ""  # a campaign level not open yet: the name of the level whose win opens it
    best: str = ""  # the best result so far in a few words ("" when never played to its end)
    best_short: str = ""  # ...in fewer, for the list
    best_reason: str = ""  # ...and how that game ended, in the game's words
    played: int = 0  # how many times the level was played to its end

    @property
    def playable(self) -> bool:
        """True when the level loaded without problems."""
        return not self.problems

    @property
    def startable(self) -> bool:
        """True when the level can be started from the list: playable and not locked."""
        return self.playable and not self.locked_by

    @property
    def progress_line(self) -> str:
        """The line under a campaign level in the list: what opens it, its best result, or that it waits to be played."""
        if self.locked_by:
            return f"Locked: win {self.locked_by}"
        return f"Best: {self.best_short}" if self.best else "Not finished yet"

    @property
    def progress_details(self) -> str:
        """The chosen campaign level's progress beside its description: what opens it, or its best result and plays."""
        if self.locked_by:
            return self.unlock_hint
        if not self.best:
            return "Not finished yet"
        return f"Best: {self.best} · played {self.played} time{'s' if self.played != 1 else ''}"

    @property
    def unlock_hint(self) -> str:
        """What opens a locked level, as its tooltip says ("" when it is open)."""
        return f"Win {self.locked_by} to open this level" if self.locked_by else ""


def _next_to_play(levels: list[LevelChoice]) -> int:
    """Return the level the list starts on: the first open campaign level not yet won, else the first."""
    for index, level in enumerate(levels):
        if level.arc and not level.locked_by and not level.best.startswith("won"):
            return index
    return 0


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
        self.chosen_level = _next_to_play(levels)
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
            "load": self._build_load, "editor": self._build_editor, "settings": self._build_settings, "quit": self._build_continue, "keys": self._build_keys,
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

    def _level_rows(self) -> list[int | str]:
        """Return the list's rows in order: a level's index, or a heading (an arc's name, "More levels", "Your levels")."""
        rows: list[int | str] = []
        campaign = any(level.arc for level in self.levels)
        for i, level in enumerate(self.levels):
            heading = level.arc or (YOUR_LEVELS if level.origin == "user" else OTHER_LEVELS if campaign else "")
            before = self.levels[i - 1] if i else None
            previous = None if before is None else before.arc or (YOUR_LEVELS if before.origin == "user" else OTHER_LEVELS if campaign else "")
            if heading and heading != previous:
                rows.append(heading)
            rows.append(i)
        return rows

    def _row_units(self, row: int | str) -> float:
        """Return the height of one row of the level list in UI units."""
        if isinstance(row, str):
            return HEADING_ROW
        return CAMPAIGN_ROW if self.levels[row].arc else LEVEL_ROW

    def _rows_fitting(self, rows: list[int | str], start: int, room: float) -> int:
        """Return how many rows from `start` fit in `room` UI units (at least one; a heading never ends a page before its levels)."""
        used, count = 0.0, 0
        for row in rows[start:]:
            used += self._row_units(row)
            if used > room and count:
                break
            count += 1
        if count > 1 and start + count < len(rows) and isinstance(rows[start + count - 1], str):
            count -= 1
        return count

    def _scroll_list(self, rows: list[int | str], room: float) -> int:
        """Settle the list's first row (following the chosen level after an arrow key) and return how many rows show."""
        if self._follow_choice:  # the arrow keys moved the choice: bring it into view, with its heading when it has one
            chosen_row = rows.index(self.chosen_level)
            if chosen_row < self.list_offset:
                self.list_offset = chosen_row - 1 if chosen_row and isinstance(rows[chosen_row - 1], str) else chosen_row
            while chosen_row >= self.list_offset + self._rows_fitting(rows, self.list_offset, room):
                self.list_offset += 1
            self._follow_choice = False
        self.list_offset = max(0, min(self.list_offset, len(rows) - 1))
        while self.list_offset and self._rows_fitting(rows, self.list_offset - 1, room) == len(rows) - self.list_offset + 1:
            self.list_offset -= 1  # no empty space below the last row while earlier rows are out of view
        return self._rows_fitting(rows, self.list_offset, room)

    def _build_new(self, width: float, height: float) -> None:
        """The level list (the campaign, other shipped levels, the player's own; paged when long) and the chosen level's description."""
        gui = self.gui
        gui.label((12, 8, width, 30), "Choose a level", "pane", tone="heading")
        if not self.levels:
            gui.label((12, 46, width, 28), "No levels found in the levels folder.", "pane", tone="bad")
            return
        list_width = min(300, width * 0.42)
        rows = self._level_rows()
        room = height - 46
        paged = sum(self._row_units(row) for row in rows) > room
        fit = self._scroll_list(rows, room - PAGE_ROW if paged else room)
        y = 46.0
        for entry in rows[self.list_offset : self.list_offset + fit]:
            if isinstance(entry, str):
                gui.label((12, y + 4, list_width, 24), entry, "pane", tone="accent" if entry not in (OTHER_LEVELS, YOUR_LEVELS) else "dim")
            else:
                self._level_row(entry, (12, y, list_width))
            y += self._row_units(entry)
        if paged:
            half = (list_width - 8) / 2
            gui.button("menu.levels_up", (12, y, half, BUTTON_H - 8), "Earlier", "pane", enabled=self.list_offset > 0)
            gui.button("menu.levels_down", (20 + half, y, half, BUTTON_H - 8), "Later", "pane", enabled=self.list_offset + fit < len(rows))
        self._level_details(self.levels[self.chosen_level], 12 + list_width + 18, width, height)

    def _level_row(self, index: int, at: tuple[float, float, float]) -> None:
        """One level of the list: its button, and for a campaign level its lock mark or best result below it."""
        gui = self.gui
        x, y, list_width = at
        level = self.levels[index]
        label = level.name if level.playable else f"{level.name} (broken)"
        tooltip = level.unlock_hint or (level.best_reason[:1].upper() + level.best_reason[1:] if level.best_reason else None)
        gui.button(f"menu.level.{index}", (x, y, list_width, BUTTON_H - 4), label, "pane", tooltip=tooltip, selected=index == self.chosen_level)
        if not level.arc:
            return
        text_x = x + 6
        if level.locked_by:
            icon = self._art.icons["lock"]
            side = self.gui.px(LOCK_UNITS)
            gui.image(f"menu.lock.{index}", (x + 6, y + BUTTON_H - 1, LOCK_UNITS, LOCK_UNITS), pygame.transform.scale(icon, (side, side)), "pane")
            text_x += LOCK_UNITS + 6
        gui.label((text_x, y + BUTTON_H - 4, list_width - (text_x - x), 22), level.progress_line, "pane", tone="dim", name=f"menu.progress.{index}")

    def _level_details(self, level: LevelChoice, x: float, width: float, height: float) -> None:
        """The chosen level's name, facts, best result, description and Play button (or why it cannot be played yet)."""
        gui = self.gui
        room = width - x
        box = max(80, min(220, height - 244))
        gui.label((x, 44, room, 30), level.name, "pane", tone="heading")
        facts = f"{level.arc} campaign · {level.facts}" if level.arc else level.facts
        gui.label((x, 76, room, 24), facts, "pane", tone="dim")
        top = 106
        if level.arc:
            gui.label((x, 102, room, 24), level.progress_details, "pane", tone="warn" if level.locked_by else "accent", name="menu.level_progress")
            top = 132
        if level.playable:
            gui.text_box((x, top, room, box), html.escape(level.description), "pane")
            if level.locked_by:
                gui.button("menu.play", (x, top + box + 14, 180, 40), "Locked", "pane", tooltip=level.unlock_hint, enabled=False)
            else:
                gui.button("menu.play", (x, top + box + 14, 180, 40), "Play this level", "pane", tooltip="Start this level  [Enter]")
        else:
            text = "<br>".join(html.escape(problem) for problem in level.problems)
            gui.text_box((x, top, room, box), f"This level cannot be played yet:<br><font color='{self._hex('bad')}'>{text}</font>", "pane", name="menu.level_problems")
        if self.user_levels and top + box + 64 + 24 <= height:
            folder = self.user_levels.replace(str(Path.home()), "~", 1) if str(Path.home()) != "/" else self.user_levels
            gui.label((x, top + box + 64, room, 24), f"Your own levels: .toml files in {folder}", "pane", tone="dim", name="menu.levels_hint")

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
        gui.label((12, 44, width - 12, 24), "Type the path of a .toml level file, or of a SimCity .cty city, and press Enter.", "pane", tone="dim")
        gui.entry("menu.path", (12, 76, width - 150, 34), self.typed_path, "pane", focus=True)
        gui.button("menu.open_path", (width - 128, 76, 120, 34), "Open", "pane")

    def _build_editor(self, width: float, height: float) -> None:
        """The level editor's door: a new map of a size, the chosen level, or a level file by its path."""
        gui = self.gui
        gui.label((12, 8, width, 30), "Make a level", "pane", tone="heading")
        gui.label((12, 44, width - 12, 24), "A new map of open ground, this many tiles wide and high:", "pane", tone="dim")
        gui.entry("menu.edit_width", (12, 74, 90, 34), str(NEW_MAP_SIDE), "pane")
        gui.label((108, 80, 24, 24), "×", "pane", centred=True)
        gui.entry("menu.edit_height", (138, 74, 90, 34), str(NEW_MAP_SIDE), "pane")
        gui.button("menu.edit_new", (240, 74, 140, 34), "New map", "pane", tooltip=f"Open the editor on a new map ({MIN_MAP_SIDE} to {MAX_MAP_SIDE} tiles a side)")
        if self.levels:
            level = self.levels[self.chosen_level]
            gui.label((12, 130, width - 12, 24), "Or change a level (Earlier / Later choose it):", "pane", tone="dim")
            gui.button("menu.edit_back", (12, 160, 90, 34), "Earlier", "pane", enabled=self.chosen_level > 0)
            gui.button("menu.edit_level", (108, 160, min(360, width - 220), 34), f"Edit {level.name}", "pane", tooltip=level.facts, enabled=level.playable)
            gui.button("menu.edit_next", (114 + min(360, width - 220), 160, 90, 34), "Later", "pane", enabled=self.chosen_level < len(self.levels) - 1)
        gui.label((12, 216, width - 12, 24), "Or type a level file's path and press Enter:", "pane", tone="dim")
        gui.entry("menu.edit_path", (12, 246, width - 150, 34), "", "pane")
        gui.button("menu.edit_open", (width - 128, 246, 120, 34), "Edit", "pane")
        gui.label((12, 296, width - 12, 24), "In the editor: Ctrl+S saves, Ctrl+Z / Ctrl+Y undo and redo, F5 plays the level, Esc comes back.", "pane", tone="dim")

    def _edit_new(self) -> list[MenuRequest]:
        """Ask for the editor on a new map of the typed size."""
        sides = []
        for name in ("menu.edit_width", "menu.edit_height"):
            text = self.gui.text_of(name).strip()
            side = whole_number(text)
            if side is None or not MIN_MAP_SIDE <= side <= MAX_MAP_SIDE:
                self.show_problems([f"A map side is a whole number of tiles from {MIN_MAP_SIDE} to {MAX_MAP_SIDE}, not '{text}'."])
                return []
            sides.append(side)
        return [EditLevel("", sides[0], sides[1])]

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
        if (isinstance(event, Submitted) and event.name == "menu.edit_path") or (isinstance(event, Pressed) and event.name == "menu.edit_open"):
            path = self.gui.text_of("menu.edit_path").strip()
            return [EditLevel(path)] if path else []
        if isinstance(event, Submitted) and event.name in ("menu.edit_width", "menu.edit_height"):
            return self._edit_new()
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
        elif name == "menu.edit_new":
            return self._edit_new()
        elif name in ("menu.edit_back", "menu.edit_next"):
            self.chosen_level = max(0, min(len(self.levels) - 1, self.chosen_level + (1 if name == "menu.edit_next" else -1)))
            self.build()
        elif name == "menu.edit_level" and self.levels:
            return [EditLevel(self.levels[self.chosen_level].path)]
        elif name == "menu.play":
            return self._start_chosen()
        elif name == "menu.open_path":
            return self._open_path(self.gui.text_of("menu.path"))
        elif name.startswith("menu.save."):
            saves = self.saves.all()[:MAX_SAVES_LISTED]  # the listed ones are the first of these
            index = int(name.rsplit(".", 1)[1])
            if index < len(saves):
                return [LoadSave(str(saves[index].path))]
        return []

    def _start_chosen(self) -> list[MenuRequest]:
        """Ask to start the chosen level; a locked one says what opens it, a broken one shows its problems already."""
        if not self.levels:
            return []
        level = self.levels[self.chosen_level]
        if level.locked_by:
            self.show_problems([f"{level.name} is locked: {level.unlock_hint[:1].lower()}{level.unlock_hint[1:]}."])
            return []
        return [StartLevel(level.path)] if level.playable else []

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
        if event.key == pygame.K_RETURN and self.view == "new":
            return self._start_chosen()
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

    def update(self, seconds: float) -> None:
        """Each frame (`seconds` since the last): let the free-play form catch its map preview up."""
        if self.view == "free":
            self.sandbox.update(self.gui, seconds)

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
