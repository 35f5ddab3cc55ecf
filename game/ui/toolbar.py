"""The bottom bar: a button per build tool with its picture, hotkey and price, plus the key reminder."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.bindings import bindings, key_label
from game.render.assets import Art
from game.render.text import Text
from game.sim.buildings import building_type
from game.sim.view import DEMOLISH_REFUND_PERCENT, RUINS_SURCHARGE_PERCENT
from game.ui.theme import FONT_SMALL, HELP_LINE_HEIGHT, TOOLBAR_HEIGHT, Theme
from game.ui.tools import Tool, category_label
from game.ui.widgets import tone_colour

if TYPE_CHECKING:
    from game.sim.view import CityView

THUMB_PX = 32  # thumbnail size on a button
MARGIN = 4  # px around and between buttons
GROUP_GAP = 8  # px between categories of tools
MIN_TEXT_PX = 58  # narrower text room than this and buttons show the picture and price only
LINE_THUMB_MASK = 2 | 8  # the power line button shows an east-west run

def help_line(keys: dict[str, str] | None = None) -> str:
    """Return the key reminder under the toolbar, with the keys as `keys` binds them (action id -> key name; the defaults)."""
    bound = bindings(()) if keys is None else keys

    def k(*actions: str) -> str:
        """Return the labels of the keys bound to `actions`, one space apart."""
        return " ".join(key_label(bound[action]) for action in actions)

    return (
        f"{k('pause')} pause   {k('slower', 'faster')} speed   WASD / right-drag pan   wheel Q E zoom   "
        f"{k('overlay.pollution', 'overlay.power', 'overlay.waste', 'overlay.contentment')} overlays   "
        f"{k('window.policies')} policies   {k('window.charts')} charts   {k('window.power')} power   {k('window.budget')} budget   "
        f"{k('window.goals')} goals   {k('window.log')} log   {k('quick_save')} / {k('quick_load')} quick save / load   {k('help')} help   Esc menu"
    )


HELP_LINE = help_line()


def short_price(credits: int) -> str:
    """Return a price in a few characters: 40, 2.5k, 14k."""
    return f"{credits / 1000:g}k" if credits >= 1000 else str(credits)


def tool_details(tool: Tool) -> list[tuple[str, str]]:
    """Return the tooltip lines for a tool: name, what it does, price, upkeep and power."""
    if tool.kind is None:
        return [
            ("Demolish  [X]", "title"),
            ("Click a building to tear it down.", "normal"),
            (f"Refunds {DEMOLISH_REFUND_PERCENT}% of its price.", "dim"),
        ]
    btype = building_type(tool.kind)
    price = f"{btype.cost:,} cr" + (f" + {btype.cost_materials:,} materials" if btype.cost_materials else "")
    lines = [
        (f"{btype.name}  [{tool.hotkey.upper()}]", "title"),
        (category_label(tool.category), "accent"),
        (btype.description, "normal"),
        (f"Price {price} · upkeep {btype.upkeep:,} cr a day · {btype.width}x{btype.height} tiles", "dim"),
        (f"On factory ruins the price is {RUINS_SURCHARGE_PERCENT}% more, for clearing them: the cursor shows the price at each site.", "dim"),
    ]
    if btype.power_supply_kw:
        lines.append((f"Supplies up to {btype.power_supply_kw:,} kW", "good"))
    if btype.power_demand_kw:
        lines.append((f"Needs {btype.power_demand_kw:,} kW", "warn"))
    if btype.is_plant:
        lines.append((f"Takes {', '.join(btype.accepts)} waste, {btype.capacity} units an hour at full power", "dim"))
    if tool.is_line:
        lines.append(("Drag to lay a run; it turns one corner.", "dim"))
    return lines


class Toolbar:
    """Lays out and draws the tool buttons; tells which tool is under a point."""

    def __init__(self, text: Text, theme: Theme, art: Art, tools: tuple[Tool, ...]) -> None:
        self._text = text
        self._theme = theme
        self.tools = tools
        self.help_line = HELP_LINE  # the key reminder, as the bindings say (set by the interface)
        self._thumbs = {tool.name: self._thumbnail(art, tool, theme.px(THUMB_PX)) for tool in tools}
        # Narrow buttons stack the picture over the name and the price: the picture gives up the room.
        self._small_thumbs = {tool.name: self._thumbnail(art, tool, self._stacked_thumb_px()) for tool in tools}
        self._buttons: list[pygame.Rect] = []
        self._screen_size = (0, 0)
        self._drawn: pygame.Surface | None = None  # the bar as last drawn, reused while nothing changed
        self._drawn_key: tuple | None = None

    @staticmethod
    def _thumbnail(art: Art, tool: Tool, size: int) -> pygame.Surface:
        """Return the tool's picture fitted to `size` px."""
        if tool.kind is None:
            image = art.icons["demolish"]
        elif tool.is_line:
            image = art.line_pieces[LINE_THUMB_MASK]
        else:
            image = art.buildings[tool.kind]
        largest = max(image.get_size())
        if largest <= size:  # small art grows by whole pixels, so it stays crisp
            return pygame.transform.scale_by(image, size // largest)
        factor = size / largest
        return pygame.transform.smoothscale(image, (round(image.get_width() * factor), round(image.get_height() * factor)))

    def _stacked_thumb_px(self) -> int:
        """Return the picture's size on a narrow button, leaving two lines of small text below it."""
        theme = self._theme
        line = self._text.render("Ag", theme.font(FONT_SMALL), theme.text).get_height()
        return max(8, min(theme.px(THUMB_PX), theme.px(TOOLBAR_HEIGHT) - 2 * theme.px(MARGIN) - 2 * line - theme.px(4)))

    def rect(self, screen_size: tuple[int, int]) -> pygame.Rect:
        """Return the toolbar's rectangle, above the help line at the bottom of the screen."""
        theme = self._theme
        height = theme.px(TOOLBAR_HEIGHT)
        return pygame.Rect(0, screen_size[1] - height - theme.px(HELP_LINE_HEIGHT), screen_size[0], height)

    def buttons(self, screen_size: tuple[int, int]) -> list[pygame.Rect]:
        """Return one rectangle per tool, evenly across the bar."""
        if screen_size != self._screen_size:
            bar = self.rect(screen_size)
            count = len(self.tools)
            groups = len({tool.category for tool in self.tools})
            margin, group_gap = self._theme.px(MARGIN), self._theme.px(GROUP_GAP)
            width = (bar.width - margin * (count + 1) - group_gap * (groups - 1)) // count
            self._buttons = []
            x = bar.x + margin
            for i, tool in enumerate(self.tools):
                if i and tool.category != self.tools[i - 1].category:
                    x += group_gap
                self._buttons.append(pygame.Rect(x, bar.y + margin, width, bar.height - 2 * margin))
                x += width + margin
            self._screen_size = screen_size
        return self._buttons

    def tool_at(self, screen_size: tuple[int, int], position: tuple[int, int]) -> Tool | None:
        """Return the tool whose button is under `position`, or None."""
        for tool, button in zip(self.tools, self.buttons(screen_size)):
            if button.collidepoint(position):
                return tool
        return None

    def draw(self, target: pygame.Surface, city: CityView, selected: Tool | None, mouse: tuple[int, int]) -> None:
        """Draw the bar, its buttons and the help line; redrawn only when something on it changed."""
        size = target.get_size()
        bar = self.rect(size)
        hovered = self.tool_at(size, mouse)
        affordable = tuple(self._affordable(city, tool) for tool in self.tools)
        key = (size, selected, hovered, affordable)
        if key != self._drawn_key or self._drawn is None:
            self._drawn = self._redraw(size, selected, hovered, affordable)
            self._drawn_key = key
        target.blit(self._drawn, bar.topleft)

    @staticmethod
    def _affordable(city: CityView, tool: Tool) -> bool:
        """True when the city can pay for the tool's building now."""
        if tool.kind is None:
            return True
        btype = building_type(tool.kind)
        return btype.cost <= city.funds and btype.cost_materials <= city.resources["materials"]

    def _redraw(self, size: tuple[int, int], selected: Tool | None, hovered: Tool | None, affordable: tuple[bool, ...]) -> pygame.Surface:
        """Draw the whole bar and help line onto a new surface."""
        theme = self._theme
        bar = self.rect(size)
        help_height = theme.px(HELP_LINE_HEIGHT)
        surface = pygame.Surface((size[0], bar.height + help_height))
        surface.fill(theme.bar)
        pygame.draw.line(surface, theme.bar_edge, (0, 0), (size[0], 0))
        for tool, button, can_pay in zip(self.tools, self.buttons(size), affordable):
            self._draw_button(surface, tool, button.move(0, -bar.y), tool == selected, tool == hovered, can_pay)
        small = theme.font(FONT_SMALL)
        line = self._text.fit(self.help_line, small, size[0] - 2 * theme.px(MARGIN))
        self._text.draw(surface, line, small, theme.text_dim, (size[0] // 2, bar.height + help_height // 2), "center")
        return surface

    def _draw_button(self, target: pygame.Surface, tool: Tool, button: pygame.Rect, selected: bool, hovered: bool, affordable: bool) -> None:
        """Draw one tool button: thumbnail, label, price and hotkey badge."""
        theme = self._theme
        px, small = theme.px, theme.font(FONT_SMALL)
        fill = theme.button_selected if selected else theme.button_hover if hovered else theme.button
        target.fill(fill, button)
        pygame.draw.rect(target, theme.accent if selected else theme.bar_edge, button, 1)
        thumb = self._thumbs[tool.name]
        if tool.kind is None:
            price, tone = f"{DEMOLISH_REFUND_PERCENT}% back", "dim"
        else:
            price, tone = f"{building_type(tool.kind).cost:,} cr", "dim" if affordable else "bad"
        key = tool.hotkey.upper()
        badge = pygame.Rect(button.x + px(2), 0, self._text.width(key, small) + px(6), self._text.font(small).get_height() - px(2))
        badge.bottom = button.bottom - px(2)
        if button.width < thumb.get_width() + px(MIN_TEXT_PX):
            # Narrow window: the picture over the name and the price, each fitted to the button.
            thumb = self._small_thumbs[tool.name]
            target.blit(thumb, thumb.get_rect(midtop=(button.centerx, button.y + px(2))))
            name = self._text.fit(tool.label, small, button.width - px(4))
            self._text.draw(target, name, small, theme.text, (button.centerx, button.y + px(2) + thumb.get_height()), "midtop")
            price = f"{DEMOLISH_REFUND_PERCENT}%" if tool.kind is None else short_price(building_type(tool.kind).cost)
            room = button.right - badge.right - px(4)
            price_rect = self._text.render(price, small, tone_colour(theme, tone)).get_rect(midbottom=(button.centerx + badge.width // 2, button.bottom - px(1)))
            price_rect.left = max(price_rect.left, badge.right + px(2))
            self._text.draw(target, self._text.fit(price, small, room), small, tone_colour(theme, tone), price_rect.topleft)
        else:
            thumb_box = pygame.Rect(button.x + px(2), button.y, thumb.get_width(), button.height)
            target.blit(thumb, thumb.get_rect(center=thumb_box.center))
            text_x = thumb_box.right + px(2)
            room = button.right - text_x - px(2)
            line = self._text.font(small).get_height()
            self._text.draw(target, self._text.fit(tool.label, small, room), small, theme.text, (text_x, button.centery - line))
            self._text.draw(target, self._text.fit(price, small, room), small, tone_colour(theme, tone), (text_x, button.centery + px(2)))
        # The hotkey in a little badge on the thumbnail's corner.
        target.fill(theme.bar, badge)
        pygame.draw.rect(target, theme.accent if selected else theme.text_dim, badge, 1)
        self._text.draw(target, key, small, theme.text, badge.center, "center")
