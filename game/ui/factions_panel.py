"""The factions window (key V): who votes how, how they feel and why, elections past and next, scandals,
and what Ecolife reports against the truth. Also the figures the HUD shows for politics.

Everything is read through the city view. A faction's one-line reason is its strongest pull each
way, from the same pressures and weights politics uses (the view's `factions()`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pygame

from game.ui.gui import Gui
from game.ui.theme import Theme
from game.ui.window_panel import WindowPanel, centred

if TYPE_CHECKING:
    from game.sim.view import CityView

WINDOW = "factions"
PANEL_SIZE = (640, 560)  # UI units: the widest and tallest the window gets
ROW_H = 54  # UI units per faction
BAR_W = 220
BAR_H = 14
LISTED = 4  # past elections and scandals listed, newest first

@dataclass(frozen=True, slots=True)
class FactionRow:
    """One faction as the panel shows it."""

    label: str
    share: int  # percent of the vote
    approval: int  # 0..100
    description: str
    why: str


def election_text(days: int | None) -> str:
    """Return a short countdown for the HUD and the panel, e.g. `in 12 d`, `today`, `tomorrow`."""
    if days is None:
        return ""
    return "today" if days <= 0 else "tomorrow" if days == 1 else f"in {days} d"


def approval_tone(approval: int) -> str:
    """Return the tone of an approval figure: good from 60, warn from 40 (a vote is lost below half)."""
    return "good" if approval >= 60 else "warn" if approval >= 40 else "bad"


# What each pressure on the voters is called in a faction's one-line reason.
PRESSURE_WORDS = {
    "pollution": "pollution at home", "blackouts": "blackouts", "waste": "uncollected waste",
    "hazard": "hazardous waste", "hidden": "hidden dumping", "contentment": "how residents feel",
    "funds": "the treasury", "transparency": "published figures", "amnesty": "the amnesty",
    "crackdown": "the crackdown", "criminalise": "the neglect law", "patrols": "drone patrols",
    "community": "community recycling", "tax": "taxes", "reform": "Ecolife's hazard priority",
    "unrest": "unrest in the tribes",
}
WHY_MIN_POINTS = 2  # a pull smaller than this many approval points is not worth a mention


def faction_rows(city: CityView) -> list[FactionRow]:
    """Return every faction with its share, approval and the reason it leans that way, in table order."""
    return [
        FactionRow(faction.label, faction.share, faction.approval, faction.description, why_text(dict(faction.pulls)))
        for faction in city.factions()
    ]


def why_text(pulls: dict[str, int]) -> str:
    """Return what pleases and what angers a faction most, from its pulls (approval points per pressure)."""
    best = max(pulls.items(), key=lambda item: item[1], default=("", 0))
    worst = min(pulls.items(), key=lambda item: item[1], default=("", 0))
    parts = []
    if best[1] >= WHY_MIN_POINTS:
        parts.append(f"pleased by {PRESSURE_WORDS.get(best[0], best[0])} (+{best[1]})")
    if worst[1] <= -WHY_MIN_POINTS:
        parts.append(f"angered by {PRESSURE_WORDS.get(worst[0], worst[0])} ({worst[1]})")
    return ("; ".join(parts) or "nothing moves them much today").capitalize()


def figures_text(city: CityView) -> tuple[str, str]:
    """Return the hazardous-waste line and its tone: reported only, or reported beside true with transparency."""
    numbers = city.hazard_figures()
    reported = int(numbers.get("reported_hazardous_untreated", 0))
    if city.policy("transparency"):
        true = int(numbers.get("true_hazardous_untreated", reported))
        return f"Hazardous waste untreated: Ecolife reports {reported:,}, true figure {true:,} (published)", "good"
    return f"Hazardous waste untreated: Ecolife reports {reported:,} (true figure not published)", "warn"


def election_lines(city: CityView) -> list[tuple[str, str]]:
    """Return the next election and debate, then past elections newest first, as (text, tone)."""
    lines: list[tuple[str, str]] = []
    day = city.next_election_day()
    if day is None:
        lines.append(("No election is due in this city.", "dim"))
    else:
        debate_before = city.debate_days_before
        debate = f" · televised debate on day {max(1, day - debate_before)}" if debate_before else ""
        days = city.days_to_election() or 0
        when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
        lines.append((f"Next election on day {day} ({when}){debate}", "accent"))
    for election in city.elections[-LISTED:][::-1]:
        result = "won" if election.won else "lost"
        lines.append((f"Day {election.day}: {result} with {election.vote_percent}% of the vote", "good" if election.won else "bad"))
    return lines


def scandal_lines(city: CityView) -> list[tuple[str, str]]:
    """Return the latest scandals, newest first, as (text, tone)."""
    scandals = city.scandals
    if not scandals:
        return [("No scandal has broken yet.", "dim")]
    return [
        (f"Day {scandal.day}: exposed by {scandal.cause}, {scandal.hidden:,} hidden units, voter approval −{abs(scandal.hit)}", "bad")
        for scandal in scandals[-LISTED:][::-1]
    ]


def approval_bar(width: int, height: int, approval: int, theme: Theme) -> pygame.Surface:
    """Draw an approval bar `width` x `height` px: the filled part in the figure's tone, a tick at half."""
    surface = pygame.Surface((width, height))
    surface.fill(theme.bar)
    fill = {"good": theme.good, "warn": theme.warn, "bad": theme.bad}[approval_tone(approval)]
    pygame.draw.rect(surface, fill, (0, 0, round(width * max(0, min(100, approval)) / 100), height))
    pygame.draw.line(surface, theme.text, (width // 2, 0), (width // 2, height - 1))  # a majority needs more than this
    pygame.draw.rect(surface, theme.panel_edge, surface.get_rect(), 1)
    return surface


class FactionsPanel(WindowPanel):
    """The factions window; rebuilt when it opens and whenever its figures move while it stays open."""

    window = WINDOW

    def __init__(self, gui: Gui, theme: Theme) -> None:
        super().__init__(gui)
        self.theme = theme


    def open(self, city: CityView) -> None:
        """Open (or rebuild) the window with today's figures."""
        gui, theme = self.gui, self.theme
        rows, elections, scandals = faction_rows(city), election_lines(city), scandal_lines(city)
        figures, figures_tone = figures_text(city)
        content = 40 + len(rows) * ROW_H + 30 + 26 + 22 * len(elections) + 8 + 26 + 22 * len(scandals) + 12
        gui.window(WINDOW, centred(gui, PANEL_SIZE[0], content + 40), "Factions and the vote")  # 40: the title bar
        inner_w, _ = gui.inner_size(WINDOW)
        overall = city.voter_approval
        gui.label((14, 8, inner_w - 28, 26), f"Voter approval {overall}% — a vote is won above 50%", WINDOW, tone=approval_tone(overall), name="factions.overall")
        y = 40
        for index, row in enumerate(rows):
            gui.label((14, y, 220, 24), row.label, WINDOW, tone="heading", name=f"factions.label.{index}")
            gui.label((240, y + 2, 110, 22), f"{row.share}% of votes", WINDOW, tone="dim", name=f"factions.share.{index}")
            gui.image(f"factions.bar.{index}", (360, y + 6, BAR_W, BAR_H), approval_bar(gui.px(BAR_W), gui.px(BAR_H), row.approval, theme), WINDOW)
            gui.label((inner_w - 60, y + 2, 50, 22), f"{row.approval}%", WINDOW, tone=approval_tone(row.approval), name=f"factions.approval.{index}")
            gui.label((14, y + 26, inner_w - 28, 22), row.why or row.description, WINDOW, tone="dim", name=f"factions.why.{index}")
            y += ROW_H
        gui.label((14, y, inner_w - 28, 22), figures, WINDOW, tone=figures_tone, name="factions.figures")
        y += 30
        for title, key, lines in (("Elections", "election", elections), ("Scandals", "scandal", scandals)):
            gui.label((14, y, inner_w - 28, 24), title, WINDOW, tone="heading")
            y += 26
            for i, (line, tone) in enumerate(lines):
                gui.label((24, y, inner_w - 38, 22), line, WINDOW, tone=tone, name=f"factions.{key}.{i}")
                y += 22
            y += 8
        self._shown_key = self._key(city)


    @staticmethod
    def _key(city: CityView) -> tuple[int, ...]:
        """Return what the window's figures depend on between day ends."""
        return city.day, city.policy("transparency"), len(city.scandals), len(city.elections)
