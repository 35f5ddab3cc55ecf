"""The player's tools: one per building type (with its hotkey from the building table) and demolish."""

from __future__ import annotations

from dataclasses import dataclass

from game.sim.buildings import BUILDING_TYPES, CATEGORIES

DEMOLISH = "demolish"
DEMOLISH_HOTKEY = "x"
DEMOLISH_CATEGORY = "tools"

# Labels short enough for a toolbar button; the full names show in tooltips and the inspector.
SHORT_LABELS: dict[str, str] = {
    "compost_works": "Compost",
    "plastics_refinery": "Refinery",
    "metal_foundry": "Foundry",
    "hazard_treatment": "Hazard",
    "solar_farm": "Solar",
    "fuel_plant": "Fuel plant",
    "power_line": "Power line",
    "landfill": "Landfill",
    "garden": "Garden",
    "housing": "Housing",
    "drone_hub": "Drone hub",
}


@dataclass(frozen=True, slots=True)
class Tool:
    """A toolbar entry: build one kind of building, or demolish (kind is None)."""

    name: str
    label: str
    hotkey: str
    kind: str | None = None
    category: str = DEMOLISH_CATEGORY

    @property
    def is_line(self) -> bool:
        """True for the power line tool, which lays runs by dragging."""
        return self.kind == "power_line"


def build_tools() -> tuple[Tool, ...]:
    """Return every tool in toolbar order: buildings grouped by category, then demolish."""
    order = {name: i for i, (name, _) in enumerate(CATEGORIES)}
    buildings = sorted(BUILDING_TYPES, key=lambda b: order.get(b.category, len(order)))
    tools = [Tool(b.kind, SHORT_LABELS.get(b.kind, b.name), b.hotkey, b.kind, b.category) for b in buildings]
    tools.append(Tool(DEMOLISH, "Demolish", DEMOLISH_HOTKEY))
    return tuple(tools)


def category_label(category: str) -> str:
    """Return the display name of a tool category."""
    return dict(CATEGORIES).get(category, "Tools")


def hotkey_map(tools: tuple[Tool, ...]) -> dict[int, Tool]:
    """Return the tools by pygame key code of their hotkey."""
    # SDL key codes of printable keys are their unshifted characters ("a" is 97, "-" is 45).
    return {ord(tool.hotkey.lower()): tool for tool in tools}
