"""The budget window (key B, or a click on the treasury): money in and out by ledger line, and where the upkeep goes.

Two columns: yesterday's whole day and today so far (taxes, sales and upkeep are booked at the
day's end, so today's column fills as fines, wages and story events come in). Below them, the
upkeep by building kind and the policies that cost money. Every figure comes from the city view's
`budget()`, the ledger the economy books.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.ui.gui import Gui
from game.ui.window_panel import WindowPanel, centred

if TYPE_CHECKING:
    from game.sim.view import BudgetFigures, CityView

WINDOW = "budget"
WIDTH = 520  # UI units
ROW_H = 24  # UI units a line takes
FIGURE_W = 110  # UI units of a column of credits
LINE_LABELS = {
    "taxes": "Taxes", "sales": "Sales of surplus", "fines": "Fines", "events": "Story events",
    "upkeep": "Upkeep", "fees": "Treatment fees", "policies": "Policies", "wages": "Collectors' wages",
}


def credits_text(amount: int) -> str:
    """Return an amount of credits for a column, e.g. `2,796 cr`, `-494 cr`."""
    return f"{amount:,} cr"


def budget_rows(budget: BudgetFigures) -> list[tuple[str, str, str, str]]:
    """Return the ledger as rows (label, yesterday, today, tone): income, costs, then the net."""
    rows = [("Income", "", "", "heading")]
    rows += [(LINE_LABELS[line], credits_text(budget.yesterday[line]), credits_text(budget.today[line]), "good") for line in budget.income_lines]
    rows.append(("Costs", "", "", "heading"))
    rows += [(LINE_LABELS[line], credits_text(-budget.yesterday[line]), credits_text(-budget.today[line]), "warn") for line in budget.cost_lines]
    net = budget.yesterday["net"]
    rows.append(("Net", credits_text(net), credits_text(budget.today["net"]), "good" if net >= 0 else "bad"))
    return rows


class BudgetPanel(WindowPanel):
    """Keeps a pygame_gui window of the city's budget up to date."""

    window = WINDOW

    def __init__(self, gui: Gui) -> None:
        super().__init__(gui)

    def open(self, city: CityView) -> None:
        """Open (or rebuild) the window with today's figures."""
        gui = self.gui
        budget = city.budget()
        rows = budget_rows(budget)
        details = len(budget.upkeep_by_kind) + len(budget.policy_costs) + 2
        content = 34 + len(rows) * ROW_H + 16 + details * ROW_H + 16
        screen_w, screen_h = gui.size
        width = min(WIDTH, screen_w - 8)
        height = min(content + 44, screen_h - 8)
        gui.scrolling_window(WINDOW, centred(gui, width, height), "Budget", content)
        inner_w = gui.inner_size(WINDOW)[0] - 24
        right = inner_w - 14
        gui.label((14, 6, right - 2 * FIGURE_W, ROW_H), f"Day {city.day + 1}", WINDOW, tone="accent")
        gui.label((right - 2 * FIGURE_W, 6, FIGURE_W, ROW_H), "Yesterday", WINDOW, tone="dim")
        gui.label((right - FIGURE_W, 6, FIGURE_W, ROW_H), "Today so far", WINDOW, tone="dim")
        y = 34
        for index, (label, yesterday, today, tone) in enumerate(rows):
            heading = tone == "heading"
            gui.label((14 if heading else 24, y, right - 2 * FIGURE_W - 14, ROW_H), label, WINDOW, tone="heading" if heading else None)
            if not heading:
                gui.label((right - 2 * FIGURE_W, y, FIGURE_W, ROW_H), yesterday, WINDOW, tone=tone, name=f"budget.yesterday.{index}")
                gui.label((right - FIGURE_W, y, FIGURE_W, ROW_H), today, WINDOW, tone="dim", name=f"budget.today.{index}")
            y += ROW_H
        y += 16
        gui.label((14, y, right, ROW_H), "Upkeep a day, by building", WINDOW, tone="heading")
        y += ROW_H
        for index, (name, count, credits) in enumerate(budget.upkeep_by_kind):
            gui.label((24, y, right - FIGURE_W - 24, ROW_H), f"{count} × {name}", WINDOW, name=f"budget.kind.{index}")
            gui.label((right - FIGURE_W, y, FIGURE_W, ROW_H), credits_text(credits), WINDOW, tone="warn")
            y += ROW_H
        gui.label((14, y, right, ROW_H), "Policies that cost a day", WINDOW, tone="heading")
        y += ROW_H
        if not budget.policy_costs:
            gui.label((24, y, right, ROW_H), "None: every policy in force is free.", WINDOW, tone="dim")
        for index, (label, credits) in enumerate(budget.policy_costs):
            gui.label((24, y, right - FIGURE_W - 24, ROW_H), label, WINDOW, name=f"budget.policy.{index}")
            gui.label((right - FIGURE_W, y, FIGURE_W, ROW_H), credits_text(credits), WINDOW, tone="warn")
            y += ROW_H
        self._shown_key = self._key(city)

    @staticmethod
    def _key(city: CityView) -> tuple[object, ...]:
        """Return what the window shows: the day, today's ledger and what stands."""
        budget = city.budget()
        return city.day, tuple(budget.today.values()), budget.upkeep_by_kind, budget.policy_costs
