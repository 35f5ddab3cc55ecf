"""Colours, font sizes and bar sizes shared by every panel, taken from the art's palette.

Sizes here are at 1x UI scale; drawing code turns them into screen pixels with `Theme.px` and
`Theme.font`, so the bars, cards and text grow with the player's UI scale.
"""

from __future__ import annotations

from dataclasses import dataclass

Colour = tuple[int, int, int]

HUD_HEIGHT = 34  # px, the top bar
TOOLBAR_HEIGHT = 62  # px, the build tools
HELP_LINE_HEIGHT = 22  # px, the key reminder under the toolbar
FONT_SMALL = 16  # pygame's default font sizes in points; 16 is the smallest that stays crisp
FONT = 20
FONT_LARGE = 30
PANEL_ALPHA = 225  # floating panels let a little of the map through, 0..255


def hex_colour(colour: tuple[int, ...]) -> str:
    """Return a colour as `#rrggbb`, for the colour of text in a text box's HTML."""
    return "#" + "".join(f"{c:02x}" for c in colour[:3])


@dataclass(frozen=True, slots=True)
class Theme:
    """The interface's colours by role."""

    bar: Colour
    bar_edge: Colour
    panel: Colour
    panel_edge: Colour
    button: Colour
    button_hover: Colour
    button_selected: Colour
    text: Colour
    text_dim: Colour
    accent: Colour
    good: Colour
    warn: Colour
    bad: Colour
    ok_tint: Colour
    bad_tint: Colour
    scale: float = 1.0  # UI scale: screen pixels per 1x pixel

    def px(self, size: float) -> int:
        """Return a 1x size in screen pixels at this UI scale."""
        return round(size * self.scale)

    def font(self, points: int) -> int:
        """Return a 1x font size at this UI scale."""
        return round(points * self.scale)

    @classmethod
    def from_palette(cls, palette: dict[str, Colour], scale: float = 1.0) -> Theme:
        """Pick the interface colours from the art's palette so the two always match."""
        return cls(
            bar=palette["night"],
            bar_edge=palette["asphalt_light"],
            panel=palette["shadow"],
            panel_edge=palette["concrete_dark"],
            button=palette["asphalt_dark"],
            button_hover=palette["asphalt_light"],
            button_selected=palette["cyan_dark"],
            text=palette["white"],
            text_dim=palette["concrete_light"],
            accent=palette["cyan"],
            good=palette["leaf_light"],
            warn=palette["hazard"],
            bad=palette["red"],
            ok_tint=palette["leaf_light"],
            bad_tint=palette["red"],
            scale=scale,
        )
