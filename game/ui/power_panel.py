"""The power window (key K): supply, demand, what reached the buildings, and where the rest went.

Until security drones trace them, illegal taps show only as power that left the grid without
reaching a building: the unexplained loss. Once found, they are listed as taps found, each with a
button that takes the camera there. Every figure is the simulation's own split, read through the
city view (`CityView.power`, `CityView.found_taps`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.ui.gui import Gui
from game.ui.window_panel import WindowPanel, centred

if TYPE_CHECKING:
    from game.sim.view import CityView, PowerFigures

WINDOW = "power"
KEY = "K"
PANEL_W = 640  # UI units: the widest the window gets
ROW_H = 46  # UI units per figure: its name and value, then what it means
LISTED = 6  # found taps listed, the ones drawing most first
SHOW_PREFIX = "power.show."  # + the tap's place in the list: a button that centres the camera on it


@dataclass(frozen=True, slots=True)
class PowerRow:
    """One figure as the window shows it: name, value, what it means, and the value's tone."""

    key: str
    name: str
    value: str
    meaning: str
    tone: str = "normal"


def kw(amount: int) -> str:
    """Return a power figure as the game writes it, e.g. `4,935 kW`."""
    return f"{amount:,} kW"


def power_rows(city: CityView) -> list[PowerRow]:
    """Return the window's figures for the city now, supply first, where it went after."""
    power = city.power
    served = power.served_percent
    crackdown = city.policy("scavenger_stance") < 0
    rows = [
        PowerRow("supply", "Supply", kw(power.supply_kw), "What the plants give this hour (solar follows the sun, fuel plants burn fuel)."),
        PowerRow("demand", "Demand", kw(power.demand_kw), "What the buildings ask for."),
        PowerRow("delivered", "Delivered", kw(power.delivered_kw), f"What reached the buildings: {served}% of demand.",
                 "good" if served >= 100 else "warn" if served >= city.rules.dark_served_percent else "bad"),
        unexplained_row(power),
    ]
    if power.found_taps:
        fate = "cut at once under your crackdown" if crackdown else "tolerated, so still drawing (a crackdown cuts them)"
        value = f"{power.found_taps} tap{'s' * (power.found_taps != 1)} · {kw(power.found_tap_kw)} now"
        rows.append(PowerRow("found", "Taps found", value, f"Traced by drone patrols; {fate}.", "accent"))
    else:
        rows.append(PowerRow("found", "Taps found", "none yet", "Security drones on patrol trace taps in the streets they search.", "dim"))
    rows.append(PowerRow("spare", "Spare", kw(power.spare_kw), "Supply nobody needed this hour.", "dim"))
    return rows


def unexplained_row(power: PowerFigures) -> PowerRow:
    """Return the unexplained loss: power drawn off the lines by taps nobody has traced."""
    if power.unexplained_kw:
        return PowerRow("unexplained", "Unexplained loss", kw(power.unexplained_kw),
                        "Gone from the lines before it reached any building, and nobody knows where.", "warn")
    return PowerRow("unexplained", "Unexplained loss", "none", "Every kW that left the plants is accounted for.", "dim")


def losing_networks_text(city: CityView) -> str:
    """Return which grids lose power without explanation, most first (empty when none does)."""
    losses = city.network_unexplained_kw
    networks = sorted((int(network) for network in losses.nonzero()[0]), key=lambda network: (-int(losses[network]), network))
    if not networks:
        return ""
    shown = ", ".join(f"grid {network} ({kw(int(losses[network]))})" for network in networks[:4])
    more = f" and {len(networks) - 4} more" if len(networks) > 4 else ""
    return f"Losing power without explanation: {shown}{more}"


def tap_lines(city: CityView) -> list[tuple[str, tuple[int, int]]]:
    """Return the found taps to list, the ones drawing most first, as (text, tile)."""
    taps = sorted(city.found_taps(), key=lambda tap: (-tap.kw, tap.found_tick, tap.y, tap.x))
    idle = "cut" if city.policy("scavenger_stance") < 0 else "idle now"
    return [
        (f"Line at ({tap.x}, {tap.y}) · grid {tap.network} · found day {tap.found_day + 1} · "
         + (f"drawing {kw(tap.kw)} now" if tap.kw else idle), (tap.x, tap.y))
        for tap in taps[:LISTED]
    ]


class PowerPanel(WindowPanel):
    """The power window; figures refresh in place every tick, the layout is rebuilt when its rows change."""

    window = WINDOW

    def __init__(self, gui: Gui) -> None:
        super().__init__(gui)
        self._shape: tuple[object, ...] | None = None  # what the open window's layout was built for
        self._values: dict[str, str] = {}  # label name -> text shown
        self._tiles: list[tuple[int, int]] = []  # the listed taps' tiles, by button


    def tile_of(self, button: str) -> tuple[int, int] | None:
        """Return the tile of the found tap whose Show button is called `button`, or None."""
        if not button.startswith(SHOW_PREFIX):
            return None
        index = int(button.removeprefix(SHOW_PREFIX))
        return self._tiles[index] if index < len(self._tiles) else None

    def open(self, city: CityView) -> None:
        """Open (or rebuild) the window with the figures now."""
        gui = self.gui
        rows, losing, taps = power_rows(city), losing_networks_text(city), tap_lines(city)
        count = city.power.found_taps
        content = 10 + len(rows) * ROW_H + (28 if losing else 0) + 10 + 28 + max(1, len(taps)) * 34 + (24 if count > len(taps) else 0) + 10
        gui.window(WINDOW, centred(gui, PANEL_W, content + 40), "Power grid — where the kilowatts go")  # 40: the title bar
        inner_w, _ = gui.inner_size(WINDOW)
        value_x = 190
        values: dict[str, str] = {}
        y = 10
        for row in rows:
            gui.label((14, y, value_x - 20, 24), row.name, WINDOW, tone="heading", name=f"power.name.{row.key}")
            gui.label((value_x, y + 1, inner_w - value_x - 14, 24), row.value, WINDOW, tone=row.tone, name=f"power.value.{row.key}")
            gui.label((24, y + 23, inner_w - 38, 20), row.meaning, WINDOW, tone="dim", name=f"power.meaning.{row.key}")
            values[f"power.value.{row.key}"], values[f"power.meaning.{row.key}"] = row.value, row.meaning
            y += ROW_H
        if losing:
            gui.label((14, y, inner_w - 28, 22), losing, WINDOW, tone="warn", name="power.losing")
            values["power.losing"] = losing
            y += 28
        y += 10
        gui.label((14, y, inner_w - 28, 24), "Found taps", WINDOW, tone="heading")
        y += 28
        if not taps:
            gui.label((24, y, inner_w - 38, 22), "None found yet: patrolling security drones trace them.", WINDOW, tone="dim", name="power.tap.none")
        for index, (line, _tile) in enumerate(taps):
            gui.label((24, y + 3, inner_w - 130, 22), line, WINDOW, name=f"power.tap.{index}")
            gui.button(f"{SHOW_PREFIX}{index}", (inner_w - 98, y, 84, 28), "Show", WINDOW, tooltip="Centre the map on this tap, with the power overlay")
            values[f"power.tap.{index}"] = line
            y += 34
        if count > len(taps):
            gui.label((24, y, inner_w - 38, 20), f"and {count - len(taps)} more", WINDOW, tone="dim", name="power.tap.more")
        self._tiles = [tile for _, tile in taps]
        self._values = values
        self._shape = self._shape_of(rows, losing, taps, count)


    def update(self, city: CityView) -> None:
        """Keep the open window current: new texts in place, a rebuild when rows, tones or the listed taps changed."""
        if not self.is_open:
            return
        rows, losing, taps = power_rows(city), losing_networks_text(city), tap_lines(city)
        if self._shape_of(rows, losing, taps, city.power.found_taps) != self._shape:
            self.open(city)
            return
        texts = {f"power.value.{row.key}": row.value for row in rows} | {f"power.meaning.{row.key}": row.meaning for row in rows}
        texts |= {f"power.tap.{index}": line for index, (line, _) in enumerate(taps)}
        if losing:
            texts["power.losing"] = losing
        for name, text in texts.items():
            if self._values.get(name) != text:
                self.gui.set_text(name, text)
                self._values[name] = text

    @staticmethod
    def _shape_of(rows: list[PowerRow], losing: str, taps: list[tuple[str, tuple[int, int]]], count: int) -> tuple[object, ...]:
        """Return what the layout depends on: the rows and their tones, whether a grid loses power, the listed taps."""
        return tuple((row.key, row.tone) for row in rows), bool(losing), tuple(tile for _, tile in taps), count
