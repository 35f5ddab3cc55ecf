"""The top bar: time and speed, the treasury and stocks, power, people, contentment, pollution, the vote and the goals.

Every figure has a label or an icon and a tooltip that says what it counts and what moves it; a
figure that opens a window (the goals, the power, the factions, the budget) says so and opens it
when clicked. The strip keeps its layout: each field keeps the widest room it has needed since
the bar was laid out, so figures that grow or shrink never shift their neighbours.

Two figures sound alike and are not: the residents' contentment (how the people in the housing
blocks feel, which makes them move in or out) and the voters' approval (the factions' approval
weighted by vote share, which decides elections). Each has its own label and a tooltip saying so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pygame

from game.render.text import Text
from game.ui.factions_panel import approval_tone, election_text
from game.ui.theme import FONT, FONT_SMALL, HUD_HEIGHT, Theme
from game.ui.widgets import tone_colour

if TYPE_CHECKING:
    from game.sim.view import CityView, PowerFigures

FIELD_GAP = 18  # px between fields
ICON_GAP = 5  # px between an icon and its text
WIDEST_DIGITS = str.maketrans("0123456789", "8888888888")
ONE_ROW_UNITS = 1200  # UI units of screen width from which every figure fits on one row; narrower bars take two
FIRST_ROW_FIELDS = 6  # on two rows: time, speed, treasury and stocks above; power, people, mood, vote and goals below


def bar_rows(screen_width: int, scale: float) -> int:
    """Return how many rows the bar takes on a screen `screen_width` px wide at UI scale `scale`."""
    return 1 if screen_width / scale >= ONE_ROW_UNITS else 2


def bar_height(screen_width: int, scale: float) -> int:
    """Return the bar's height in px on a screen `screen_width` px wide at UI scale `scale`."""
    return round(HUD_HEIGHT * scale) * bar_rows(screen_width, scale)


@dataclass(frozen=True, slots=True)
class Field:
    """One figure on the bar: an icon, a dim label, the value and the value's tone.

    On a bar too narrow for everything, labels go in `drop_rank` order (lowest first); a field
    without an icon, or with `keeps_label`, always keeps its label.
    """

    icon: str | None
    label: str
    value: str
    tone: str = "normal"
    drop_rank: int = 0
    keeps_label: bool = False
    tooltip: str = ""  # what the figure means, shown while the mouse is over it
    opens: str | None = None  # the window a click on the figure opens, if any
    short_label: str = ""  # the label on a bar too narrow for `label` (fields without an icon only)


CONTENTMENT_TIP = (
    "How the people in the housing blocks feel, on average (power, pollution, waste, food, taxes): "
    "above 50 blocks fill, below it they empty. Overlay: U. Not the voters' approval."
)
VOTERS_TIP = (
    "The factions' approval weighted by their share of the vote: above 50% wins an "
    "election. Not the residents' contentment. Click for the factions (V)."
)


def power_tip(power: PowerFigures) -> str:
    """Return what the power figure means now, naming any loss nobody can explain and the taps found."""
    tip = (
        f"What the buildings ask for / what the plants give, last hour: {power.delivered_kw:,} kW reached the buildings "
        f"({power.served_percent}% of demand)."
    )
    if power.unexplained_kw:
        tip += f" Unexplained loss: {power.unexplained_kw:,} kW left the lines and reached no building; security drones on patrol may trace the taps."
    if power.found_taps:
        tip += f" Taps found: {power.found_taps} drawing {power.found_tap_kw:,} kW."
    return tip + " Window: K, overlay: O."


CLOCK_TIP = "Game time. A day is 24 hours; at 1× it passes in 12 s, at Fast in 1.5 s. Space pauses."
SPEED_TIP = (
    "How fast the clock runs: Paused, 1×, 2× or Fast (Space pauses, comma slows, full stop speeds up). "
    "Decision: a story event waits for your answer. Menu: the game menu is open."
)
STOCK_TIPS = {
    "food": "Food in store. The residents eat it every day; when it runs out they go hungry and leave. Compost works and vertical gardens grow it.",
    "fuel": "Fuel in store. Fuel power plants burn it, day and night; a plastics refinery makes it from plastic waste.",
    "materials": "Materials in store, which the dearer buildings cost besides credits. A metal foundry and the hazard treatment plant make them.",
}
SERVED_TIP = "Share of the buildings' power demand the grids met last hour. Below 100% blocks go dark and plants slow down. Overlay: O."
POPULATION_TIP = "Residents in the housing blocks. Blocks fill while the residents are content and empty when they are not."
POLLUTION_TIP = "Mean pollution over the map. It drifts from plants, fuel burning and waste left lying; residents leave bad air. Overlay: P."


def funds_tip(city: CityView) -> str:
    """Return what the treasury figure means now, with yesterday's net."""
    net = city.net_income_yesterday
    return (
        f"The treasury. Yesterday it moved {net:+,} cr: taxes, sales and fines in, upkeep, policies and wages out. "
        "Below zero the city is in debt. Click for the budget (B)."
    )


def goals_field(city: CityView) -> Field | None:
    """Return the bar's goals figure (targets met / all, with the deadline), or None when the level sets none."""
    if city.playing_on:
        return Field(None, "Goals", "won · playing on", "good", tooltip="The level is won; the city plays on without goals. Click for the goals (J).", opens="goals")
    goals = city.goals()
    if not goals.targets:
        return None
    met = sum(target.met for target in goals.targets)
    deadline = f" · day {goals.deadline_day}" if goals.deadline_day else ""
    missing = [target.description for target in goals.targets if not target.met]
    tip = "What wins the level. " + ("Still to reach: " + "; ".join(missing) + "." if missing else "Every target is met")
    if goals.hold_days and not missing:
        tip += f", held {goals.streak} of {goals.hold_days} day-ends."
    tone = "good" if not missing else "warn" if met else "normal"
    return Field(None, "Goals", f"{met}/{len(goals.targets)}{deadline}", tone, tooltip=tip + " Click for the goals (J).", opens="goals")


def hud_fields(city: CityView, speed_label: str) -> list[Field]:
    """Return the bar's figures for the city now."""
    rules = city.rules
    clock = city.clock
    power = city.power
    served = power.served_percent
    funds, resources = city.funds, city.resources
    funds_tone = "bad" if funds < 0 else "warn" if funds < rules.funds_low_warning else "normal"
    power_tone = "good" if served >= 100 else "warn" if served >= rules.dark_served_percent else "bad"
    pollution = city.pollution_mean
    contentment = city.resident_contentment
    pollution_tone = "bad" if pollution > rules.pollution_unlivable else "warn" if pollution > rules.pollution_uncomfortable else "normal"
    food_tone = "bad" if resources["food"] <= 0 < city.population else "normal"
    speed_tone = "warn" if speed_label in ("Paused", "Decision") else "accent"
    fields = [
        Field("clock", f"Day {clock.day + 1}", f"{clock.hour:02d}:00", keeps_label=True, tooltip=CLOCK_TIP),
        Field(None, "Speed", speed_label, speed_tone, tooltip=SPEED_TIP),
        Field("funds", "Funds", f"{funds:,} cr", funds_tone, drop_rank=7, tooltip=funds_tip(city), opens="budget"),
        Field("food", "Food", f"{resources['food']:,}", food_tone, drop_rank=1, tooltip=STOCK_TIPS["food"]),
        Field("fuel", "Fuel", f"{resources['fuel']:,}", drop_rank=2, tooltip=STOCK_TIPS["fuel"]),
        Field("materials", "Materials", f"{resources['materials']:,}", drop_rank=3, tooltip=STOCK_TIPS["materials"]),
        Field("power", "Power use", f"{power.demand_kw:,} / {power.supply_kw:,} kW", "warn" if power.unexplained_kw else "normal", drop_rank=8,
              tooltip=power_tip(power), opens="power"),
        Field(None, "Served", f"{served}%", power_tone, tooltip=SERVED_TIP, short_label="Srv"),
        Field("population", "Pop.", f"{city.population:,}", drop_rank=4, tooltip=POPULATION_TIP),
        Field("contentment", "Contentment", f"{contentment}%", approval_tone(contentment), drop_rank=5, tooltip=CONTENTMENT_TIP),
        Field("pollution", "Pollution", f"{pollution:,}", pollution_tone, drop_rank=6, tooltip=POLLUTION_TIP),
    ] + election_fields(city)
    goals = goals_field(city)
    return fields + ([goals] if goals is not None else [])


def election_fields(city: CityView) -> list[Field]:
    """Society: the voters' approval (the factions' weighted figure) and, in levels that vote, the days to the election."""
    voters = city.voter_approval
    days = city.days_to_election()
    if days is None:
        return [Field(None, "Voter approval", f"{voters}%", approval_tone(voters), tooltip=VOTERS_TIP, opens="factions", short_label="Voters")]
    # Short and in one field, so the bar keeps its room; the tone warns in the last week before a losing vote.
    tone = approval_tone(voters) if days > 7 or voters > 50 else "bad"
    return [Field(None, "Voter approval", f"{voters}% · election {election_text(days)}", tone, tooltip=VOTERS_TIP, opens="factions", short_label="Voters")]


class Hud:
    """Draws the top bar."""

    def __init__(self, text: Text, theme: Theme, icons: dict[str, pygame.Surface]) -> None:
        self._text = text
        self._theme = theme
        # Icons grow with the UI scale by nearest neighbour, so the pixel art stays sharp.
        self._icons = {name: icon if theme.scale == 1 else pygame.transform.scale_by(icon, theme.scale) for name, icon in icons.items()}
        self._drawn: pygame.Surface | None = None  # the bar as last drawn, reused while the figures hold
        self._drawn_key: tuple | None = None
        self._spans: list[tuple[Field, pygame.Rect]] = []  # each field's place on the bar as last drawn
        self._room: dict[int, int] = {}  # field index -> the widest its value has been (px), so the strip keeps its layout
        self._room_for: tuple[int, int] | None = None  # (bar width, field count) the rooms were measured for

    def rect(self, screen_size: tuple[int, int]) -> pygame.Rect:
        """Return the bar's rectangle on a screen of `screen_size`."""
        return pygame.Rect(0, 0, screen_size[0], bar_height(screen_size[0], self._theme.scale))

    def field_at(self, position: tuple[int, int]) -> Field | None:
        """Return the field drawn under `position` when the bar was last drawn, or None."""
        return next((field for field, span in self._spans if span.collidepoint(position)), None)

    def span_of(self, field: Field) -> pygame.Rect | None:
        """Return where `field` stands on the bar as last drawn, or None."""
        return next((span for shown, span in self._spans if shown == field), None)

    def draw(self, target: pygame.Surface, city: CityView, speed_label: str) -> None:
        """Draw the bar across the top of `target`."""
        bar = self.rect(target.get_size())
        fields = hud_fields(city, speed_label)
        key = (bar.size, tuple(fields))
        if key != self._drawn_key or self._drawn is None:
            self._drawn = self._redraw(bar, fields)
            self._drawn_key = key
        target.blit(self._drawn, bar.topleft)

    def _redraw(self, bar: pygame.Rect, fields: list[Field]) -> pygame.Surface:
        """Draw the bar with `fields` onto a new surface, in one row or two."""
        theme = self._theme
        surface = pygame.Surface(bar.size)
        surface.fill(theme.bar)
        pygame.draw.line(surface, theme.bar_edge, (0, bar.height - 1), (bar.width, bar.height - 1))
        if self._room_for != (bar.size, len(fields)):
            self._room, self._room_for = {}, (bar.size, len(fields))  # a new layout: every field starts at its own width
        for index, field in enumerate(fields):
            # Digits measured as the widest one, so a figure ticking over never nudges its neighbours.
            self._room[index] = max(self._room.get(index, 0), self._text.width(field.value.translate(WIDEST_DIGITS), theme.font(FONT)))
        rows = bar_rows(bar.width, theme.scale)
        row_h = bar.height // rows
        split = len(fields) if rows == 1 else FIRST_ROW_FIELDS
        self._spans = []
        for row, indices in enumerate((range(split), range(split, len(fields)))[:rows]):
            shown = [(index, fields[index]) for index in indices]
            labels = self._labels_that_fit(shown, bar.width)
            gap = self._gap(shown, labels, bar.width)
            x, middle = gap, row * row_h + row_h // 2
            for (index, field), labelled in zip(shown, labels):
                right = self._draw_field(surface, field, x, middle, labelled, self._room[index])
                self._spans.append((field, pygame.Rect(bar.x + x, bar.y + row * row_h, right - x, row_h)))
                x = right + gap
        return surface

    def _gap(self, shown: list[tuple[int, Field]], labels: list[bool], width: int) -> int:
        """Return the px between the fields of a row: FIELD_GAP at the UI scale, narrower when they crowd it."""
        used = sum(self._field_width(index, field, keep) for (index, field), keep in zip(shown, labels))
        crowded = (width - used) // (len(shown) + 1)
        return max(self._theme.px(4), min(self._theme.px(FIELD_GAP), crowded))

    def _labels_that_fit(self, shown: list[tuple[int, Field]], width: int) -> list[bool]:
        """Return which fields of a row keep their full label: the stock labels go first, then the long plain ones shorten."""
        labels = [True] * len(shown)
        droppable = sorted((i for i, (_, f) in enumerate(shown) if f.icon and not f.keeps_label), key=lambda i: shown[i][1].drop_rank)
        droppable += [i for i, (_, f) in enumerate(shown) if not f.icon and f.short_label]
        room = width - self._theme.px(FIELD_GAP) * (len(shown) + 1)
        for position in droppable:
            if sum(self._field_width(index, field, keep) for (index, field), keep in zip(shown, labels)) <= room:
                break
            labels[position] = False
        return labels

    def _label(self, field: Field, labelled: bool) -> str:
        """Return the label the field shows: its own, its short one, or none (an icon says it)."""
        if labelled or field.keeps_label:
            return field.label
        return "" if field.icon else field.short_label or field.label

    def _field_width(self, index: int, field: Field, labelled: bool) -> int:
        """Return the width field `index` takes, with or without its full label, in the room its value holds."""
        theme = self._theme
        width = self._room.get(index, 0)
        if field.icon:
            width += self._icons[field.icon].get_width() + theme.px(ICON_GAP)
        label = self._label(field, labelled)
        if label:
            width += self._text.width(label, theme.font(FONT_SMALL)) + theme.px(ICON_GAP)
        return width

    def _draw_field(self, target: pygame.Surface, field: Field, x: int, middle: int, labelled: bool, room: int) -> int:
        """Draw one field from `x`, its value in `room` px, and return the x where its room ends."""
        theme = self._theme
        icon_gap = theme.px(ICON_GAP)
        if field.icon:
            icon = self._icons[field.icon]
            target.blit(icon, icon.get_rect(midleft=(x, middle)))
            x += icon.get_width() + icon_gap
        label = self._label(field, labelled)
        if label:
            x = self._text.draw(target, label, theme.font(FONT_SMALL), theme.text_dim, (x, middle + 1), "midleft").right + icon_gap
        self._text.draw(target, field.value, theme.font(FONT), tone_colour(theme, field.tone), (x, middle), "midleft")
        return x + room
