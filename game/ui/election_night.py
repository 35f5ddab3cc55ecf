"""Election night: the window that opens when the city votes, with each faction's vote and why it voted so.

The result comes from the election record (`city.elections`, the approvals at the count); the
reasons from each faction's pulls now (`city.factions()`), the same figures the factions window
shows. A faction's points are its share of the vote times its approval: they add up to the city's
vote share, and above 50 the city keeps its mandate.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.ui.factions_panel import approval_tone, why_text
from game.ui.gui import Gui
from game.ui.window_panel import WindowPanel, centred

if TYPE_CHECKING:
    from game.sim.view import CityView

WINDOW = "election"
WIDTH = 640  # UI units
ROW_H = 50  # UI units a faction takes: its vote, then why


def faction_vote_text(label: str, share: int, approval: int) -> str:
    """Return one faction's line, e.g. `Uptown citizens: 62% of a 30% bloc approve, 18.6 points`."""
    return f"{label}: {approval}% of a {share}% bloc voted for you, {share * approval / 100:.1f} points"


class ElectionNight(WindowPanel):
    """Opens on an election with its result; stays until the player closes it."""

    window = WINDOW

    def __init__(self, gui: Gui) -> None:
        super().__init__(gui)

    def open(self, city: CityView) -> None:
        """Open the window on the latest election (nothing when none was held)."""
        if not city.elections:
            return
        election = city.elections[-1]
        factions = city.factions()
        gui = self.gui
        content = 96 + len(factions) * ROW_H + 60
        screen_w, screen_h = gui.size
        width = min(WIDTH, screen_w - 8)
        height = min(content + 44, screen_h - 8)
        gui.scrolling_window(WINDOW, centred(gui, width, height), f"Election night, day {election.day}", content)
        inner_w = gui.inner_size(WINDOW)[0] - 24
        verdict = "Re-elected" if election.won else "Voted out"
        gui.label((14, 8, inner_w - 28, 40), f"{verdict}: {election.vote_percent}% of the vote", WINDOW,
                  tone="won" if election.won else "lost", name="election.verdict")
        gui.label((14, 52, inner_w - 28, 24), "Over 50% keeps the mandate. How each bloc voted, and what moved it:", WINDOW, tone="dim")
        y = 84
        for index, faction in enumerate(factions):
            approval = int(election.by_faction.get(faction.faction_id, faction.approval))
            gui.label((14, y, inner_w - 28, 24), faction_vote_text(faction.label, faction.share, approval), WINDOW,
                      tone=approval_tone(approval), name=f"election.faction.{index}")
            gui.label((30, y + 22, inner_w - 44, 24), why_text(dict(faction.pulls)), WINDOW, tone="dim", name=f"election.why.{index}")
            y += ROW_H
        if election.stances:
            gui.label((14, y + 6, inner_w - 28, 24), f"Debate stances taken: {', '.join(election.stances)}", WINDOW, tone="dim")
        gui.button("election.close", (inner_w - 140, y + 32, 126, 30), "Carry on", WINDOW)
        self._shown_key = self._key(city)

    def _key(self, city: CityView) -> tuple[object, ...]:
        """Return what the window shows: the election counted (it does not follow the city after the count)."""
        return (len(city.elections),)
