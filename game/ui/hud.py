"""The top bar: time and speed, the treasury and stocks, power, people, approval and pollution."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pygame

from game.render.text import Text
from game.ui.factions_panel import (
    approval_tone,
    days_to_election,
    election_text,
    overall_approval,
)
from game.ui.theme import FONT, FONT_SMALL, HUD_HEIGHT, Theme
from game.ui.widgets import tone_colour

if TYPE_CHECKING:
    from game.sim.simulation import Simulation

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


def hud_fields(sim: Simulation, speed_label: str) -> list[Field]:
    """Return the bar's figures for the current state of `sim`."""
    rules = sim.rules
    supply = int(sim.power.supply_kw.sum())
    demand = int(sim.power.demand_kw.sum())
    served = sim.served_percent()
    funds_tone = "bad" if sim.funds < 0 else "warn" if sim.funds < rules.funds_low_warning else "normal"
    power_tone = "good" if served >= 100 else "warn" if served >= rules.dark_served_percent else "bad"
    pollution = sim.metric("pollution_mean")
    pollution_tone = "bad" if pollution > rules.pollution_unlivable else "warn" if pollution > rules.pollution_uncomfortable else "normal"
    return [
        Field("clock", f"Day {sim.day + 1}", f"{sim.hour:02d}:00", keeps_label=True),
        Field(None, "Speed", speed_label, "warn" if speed_label == "Paused" else "accent"),
        Field("funds", "Funds", f"{sim.funds:,} cr", funds_tone, drop_rank=7),
        Field("food", "Food", f"{sim.resources['food']:,}", drop_rank=1),
        Field("fuel", "Fuel", f"{sim.resources['fuel']:,}", drop_rank=2),
        Field("materials", "Materials", f"{sim.resources['materials']:,}", drop_rank=3),
        Field("power", "Power use", f"{demand:,} / {supply:,} kW", drop_rank=8),
        Field(None, "Served", f"{served}%", power_tone),
        Field("population", "Pop.", f"{sim.population:,}", drop_rank=4),
        Field("approval", "Approval", f"{sim.approval}%", approval_tone(sim.approval), drop_rank=5),
        Field("pollution", "Pollution", f"{pollution:,}", pollution_tone, drop_rank=6),
    ] + election_fields(sim)


def election_fields(sim: Simulation) -> list[Field]:
    """Society: the voters' approval (the factions' weighted figure) and, in levels that vote, the days to the election."""
    voters = overall_approval(sim)
    days = days_to_election(sim)
    if days is None:
        return [Field(None, "Voters", f"{voters}%", approval_tone(voters))]
    # Short and in one field, so the bar keeps its room; the tone warns in the last week before a losing vote.
    tone = approval_tone(voters) if days > 7 or voters > 50 else "bad"
    return [Field(None, "Voters", f"{voters}% · election {election_text(days)}", tone)]


class Hud:
    """Draws the top bar."""

    def __init__(self, text: Text, theme: Theme, icons: dict[str, pygame.Surface]) -> None:
        self._text = text
        self._theme = theme
        # Icons grow with the UI scale by nearest neighbour, so the pixel art stays sharp.
        self._icons = {name: icon if theme.scale == 1 else pygame.transform.scale_by(icon, theme.scale) for name, icon in icons.items()}
        self._drawn: pygame.Surface | None = None  # the bar as last drawn, reused while the figures hold
        self._drawn_key: tuple | None = None

    def rect(self, screen_size: tuple[int, int]) -> pygame.Rect:
        """Return the bar's rectangle on a screen of `screen_size`."""
        return pygame.Rect(0, 0, screen_size[0], self._theme.px(HUD_HEIGHT))

    def draw(self, target: pygame.Surface, sim: Simulation, speed_label: str) -> None:
        """Draw the bar across the top of `target`."""
        bar = self.rect(target.get_size())
        fields = hud_fields(sim, speed_label)
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
        for field, labelled in zip(fields, labels):
            right = self._draw_field(surface, field, x, middle, labelled)
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
