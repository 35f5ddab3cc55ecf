"""The top bar: time and speed, the treasury and stocks, power, people, contentment, pollution and the vote.

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


CONTENTMENT_TIP = (
    "How the people in the housing blocks feel, on average (power, pollution, waste, food, taxes): "
    "above 50 blocks fill, below it they empty. Overlay: U. Not the voters' approval."
)
VOTERS_TIP = (
    "The factions' approval weighted by their share of the vote (window: V): above 50% wins an "
    "election. Not the residents' contentment."
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
    return [
        Field("clock", f"Day {clock.day + 1}", f"{clock.hour:02d}:00", keeps_label=True),
        Field(None, "Speed", speed_label, "warn" if speed_label == "Paused" else "accent"),
        Field("funds", "Funds", f"{funds:,} cr", funds_tone, drop_rank=7),
        Field("food", "Food", f"{resources['food']:,}", drop_rank=1),
        Field("fuel", "Fuel", f"{resources['fuel']:,}", drop_rank=2),
        Field("materials", "Materials", f"{resources['materials']:,}", drop_rank=3),
        Field("power", "Power use", f"{power.demand_kw:,} / {power.supply_kw:,} kW", "warn" if power.unexplained_kw else "normal", drop_rank=8,
              tooltip=power_tip(power)),
        Field(None, "Served", f"{served}%", power_tone),
        Field("population", "Pop.", f"{city.population:,}", drop_rank=4),
        Field("contentment", "Contentment", f"{contentment}%", approval_tone(contentment), drop_rank=5, tooltip=CONTENTMENT_TIP),
        Field("pollution", "Pollution", f"{pollution:,}", pollution_tone, drop_rank=6),
    ] + election_fields(city)


def election_fields(city: CityView) -> list[Field]:
    """Society: the voters' approval (the factions' weighted figure) and, in levels that vote, the days to the election."""
    voters = city.voter_approval
    days = city.days_to_election()
    if days is None:
        return [Field(None, "Voter approval", f"{voters}%", approval_tone(voters), tooltip=VOTERS_TIP)]
    # Short and in one field, so the bar keeps its room; the tone warns in the last week before a losing vote.
    tone = approval_tone(voters) if days > 7 or voters > 50 else "bad"
    return [Field(None, "Voter approval", f"{voters}% · election {election_text(days)}", tone, tooltip=VOTERS_TIP)]


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

    def rect(self, screen_size: tuple[int, int]) -> pygame.Rect:
        """Return the bar's rectangle on a screen of `screen_size`."""
        return pygame.Rect(0, 0, screen_size[0], self._theme.px(HUD_HEIGHT))

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
        """Draw the bar with `fields` onto a new surface."""
        theme = self._theme
        surface = pygame.Surface(bar.size)
        surface.fill(theme.bar)
        pygame.draw.line(surface, theme.bar_edge, (0, bar.height - 1), (bar.width, bar.height - 1))
        gap = self._gap(fields, bar.width)
        labels = self._labels_that_fit(fields, bar.width - gap, gap)
        x = gap
        middle = bar.height // 2
        self._spans = []
        for field, labelled in zip(fields, labels):
            right = self._draw_field(surface, field, x, middle, labelled)
            self._spans.append((field, pygame.Rect(bar.x + x, bar.y, right - x, bar.height)))
            x = right + gap
        return surface

    def _gap(self, fields: list[Field], width: int) -> int:
        """Return the px between fields: FIELD_GAP at the UI scale, narrower when even unlabelled fields crowd the bar."""
        gap = self._theme.px(FIELD_GAP)
        bare = sum(self._field_width(field, False) for field in fields)
        crowded = (width - bare) // (len(fields) + 1)
        return max(self._theme.px(6), min(gap, crowded))

    def _labels_that_fit(self, fields: list[Field], room: int, gap: int) -> list[bool]:
        """Return which fields keep their label: on narrow bars the stock labels go first."""
        labels = [True] * len(fields)
        for index in sorted((i for i, f in enumerate(fields) if f.icon and not f.keeps_label), key=lambda i: fields[i].drop_rank):
            if sum(self._field_width(f, keep) + gap for f, keep in zip(fields, labels)) <= room:
                break
            labels[index] = False
        return labels

    def _field_width(self, field: Field, labels: bool) -> int:
        """Return the width a field takes, with or without its label."""
        theme = self._theme
        width = self._text.width(field.value, theme.font(FONT))
        if field.icon:
            width += self._icons[field.icon].get_width() + theme.px(ICON_GAP)
        if labels or not field.icon or field.keeps_label:
            width += self._text.width(field.label, theme.font(FONT_SMALL)) + theme.px(ICON_GAP)
        return width

    def _draw_field(self, target: pygame.Surface, field: Field, x: int, middle: int, labels: bool) -> int:
        """Draw one field from `x` and return the x where it ends."""
        theme = self._theme
        icon_gap = theme.px(ICON_GAP)
        if field.icon:
            icon = self._icons[field.icon]
            target.blit(icon, icon.get_rect(midleft=(x, middle)))
            x += icon.get_width() + icon_gap
        if labels or not field.icon or field.keeps_label:
            x = self._text.draw(target, field.label, theme.font(FONT_SMALL), theme.text_dim, (x, middle + 1), "midleft").right + icon_gap
        return self._text.draw(target, field.value, theme.font(FONT), tone_colour(theme, field.tone), (x, middle), "midleft").right
