"""Overlays stay readable for the common colour-vision deficiencies (issue 15).

Each overlay's legend colours, as the legend draws them (opaque), are simulated for protanopia
and deuteranopia with the matrices of Machado, Oliveira and Fernandes (2009) at severity 1.0,
applied to linear RGB; every pair must stay at least MIN_DELTA_E apart (CIE76, the Euclidean
distance in CIELAB under D65) in normal vision and in both simulations. The power overlay's
"powered" and "dark", the pair a player reads most, must stay POWER_DELTA_E apart, both in the
legend and as the overlay draws them on the map (blended over the ground at their alpha).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from game.render.overlays import OVERLAY_INDEX, OVERLAYS, POWER_DARK, POWER_SERVED

MIN_DELTA_E = 12.0
POWER_DELTA_E = 40.0
GROUND = (0x36, 0x3D, 0x40)  # the palette's asphalt, the commonest colour under an overlay

# Machado et al. 2009, severity 1.0, for linear RGB.
VISION = {
    "normal": np.eye(3),
    "protanopia": np.array([
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ]),
    "deuteranopia": np.array([
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ]),
}
SRGB_TO_XYZ = np.array([
    [0.4124564, 0.3575761, 0.1804375],
    [0.2126729, 0.7151522, 0.0721750],
    [0.0193339, 0.1191920, 0.9503041],
])
D65_WHITE = np.array([0.95047, 1.0, 1.08883])


def linear(rgb: tuple[float, ...]) -> np.ndarray:
    """Return 8-bit sRGB as linear RGB in 0..1."""
    channel = np.asarray(rgb[:3], float) / 255.0
    return np.where(channel <= 0.04045, channel / 12.92, ((channel + 0.055) / 1.055) ** 2.4)


def lab(linear_rgb: np.ndarray) -> np.ndarray:
    """Return CIELAB (D65) of a linear RGB colour."""
    ratio = SRGB_TO_XYZ @ linear_rgb / D65_WHITE
    delta = 6 / 29
    f = np.where(ratio > delta**3, np.cbrt(ratio), ratio / (3 * delta**2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def seen(rgb: tuple[float, ...], vision: str) -> np.ndarray:
    """Return the CIELAB colour a viewer with `vision` sees for 8-bit sRGB `rgb`."""
    return lab(np.clip(VISION[vision] @ linear(rgb), 0.0, 1.0))


def delta_e(first: tuple[float, ...], second: tuple[float, ...], vision: str) -> float:
    """Return the CIE76 difference between two sRGB colours as a viewer with `vision` sees them."""
    return float(np.linalg.norm(seen(first, vision) - seen(second, vision)))


def on_ground(rgba: tuple[int, int, int, int]) -> tuple[float, float, float]:
    """Return an overlay colour as drawn over the ground: blended by its alpha, as pygame blends (in sRGB)."""
    alpha = rgba[3] / 255
    red, green, blue = (channel * alpha + ground * (1 - alpha) for channel, ground in zip(rgba[:3], GROUND))
    return red, green, blue


def test_the_simulation_turns_red_and_green_alike_and_leaves_grey_alone():
    for vision in ("protanopia", "deuteranopia"):
        assert delta_e((210, 90, 40), (110, 140, 40), vision) < delta_e((210, 90, 40), (110, 140, 40), "normal") / 4
        assert delta_e((128, 128, 128), (128, 128, 128), vision) == 0
        assert float(np.abs(seen((128, 128, 128), vision) - seen((128, 128, 128), "normal")).max()) < 1.0


@pytest.mark.parametrize("vision", sorted(VISION))
@pytest.mark.parametrize("overlay", [overlay.name for overlay in OVERLAYS])
def test_every_pair_of_legend_colours_stays_apart(overlay, vision):
    legend = OVERLAY_INDEX[overlay].legend
    close = [
        f"{first} / {second}: {delta_e(a, b, vision):.1f}"
        for (a, first), (b, second) in itertools.combinations(legend, 2)
        if delta_e(a, b, vision) < MIN_DELTA_E
    ]
    assert not close, f"{overlay} legend under {vision}: {', '.join(close)}"


@pytest.mark.parametrize("vision", sorted(VISION))
def test_powered_and_dark_are_far_apart_in_the_legend_and_on_the_map(vision):
    assert delta_e(POWER_SERVED, POWER_DARK, vision) >= POWER_DELTA_E
    assert delta_e(on_ground(POWER_SERVED), on_ground(POWER_DARK), vision) >= POWER_DELTA_E
