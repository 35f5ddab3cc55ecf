"""The generated art: every building has a sprite of its footprint, in one palette, each recognisable."""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import numpy as np
import pygame
import pytest

from game.render.assets import ASSET_DIR, TILE_PX, AssetError, load_art
from game.sim.buildings import BUILDING_TYPES
from game.sim.terrain import TERRAIN_TYPES

ROOT = Path(__file__).resolve().parents[1]  # the checkout: tools/ lives at its top


@pytest.fixture(scope="module")
def art():
    """The art as shipped, loaded without a display."""
    return load_art()


def opaque_colours(surface: pygame.Surface) -> np.ndarray:
    """Return the RGB colours of the fully opaque pixels, one row each."""
    rgb = pygame.surfarray.array3d(surface).reshape(-1, 3)
    alpha = pygame.surfarray.array_alpha(surface).reshape(-1)
    return rgb[alpha == 255]


def test_every_building_type_has_a_sprite_of_its_footprint(art):
    for btype in BUILDING_TYPES:
        assert art.buildings[btype.kind].get_size() == (btype.width * TILE_PX, btype.height * TILE_PX), btype.kind


def test_every_terrain_has_tiles_and_water_has_shores(art):
    assert len(art.terrain) == len(TERRAIN_TYPES)
    for tiles in art.terrain:
        assert tiles and all(tile.get_size() == (TILE_PX, TILE_PX) for tile in tiles)
    assert len(art.shore) == 4
    assert len(art.line_pieces) == 16


def test_all_art_keeps_to_the_palette(art):
    palette = {tuple(int(v[i : i + 2], 16) for i in (1, 3, 5)) for v in json.loads((ASSET_DIR / "palette.json").read_text()).values()}
    images = [*art.buildings.values(), *art.line_pieces, *art.shore, *art.icons.values()]
    images += [tile for tiles in art.terrain for tile in tiles]
    for image in images:
        colours = {tuple(int(c) for c in row) for row in opaque_colours(image)}
        assert colours <= palette


def test_building_sprites_are_told_apart_by_their_colours(art):
    # Each sprite's colour histogram over the palette; two buildings must differ in a good share of it.
    palette = sorted(art.palette.values())
    index = {colour: i for i, colour in enumerate(palette)}

    def histogram(surface: pygame.Surface) -> np.ndarray:
        counts = np.zeros(len(palette))
        for row in opaque_colours(surface):
            counts[index[tuple(int(c) for c in row)]] += 1
        return counts / counts.sum()

    histograms = {b.kind: histogram(art.buildings[b.kind]) for b in BUILDING_TYPES if b.width > 1}
    for first, second in itertools.combinations(histograms, 2):
        difference = np.abs(histograms[first] - histograms[second]).sum() / 2
        assert difference > 0.45, f"{first} and {second} look too alike ({difference:.2f})"


def test_missing_art_is_reported_in_one_line(tmp_path):
    with pytest.raises(AssetError) as error:
        load_art(tmp_path)
    assert "make_assets.py" in str(error.value)
    assert "\n" not in str(error.value)


def test_the_shipped_art_is_what_make_assets_draws():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_assets", ROOT / "tools" / "make_assets.py")
    make_assets = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_assets)
    drawn = make_assets.build_all()
    shipped = sorted(str(path.relative_to(ASSET_DIR)) for path in ASSET_DIR.rglob("*.png"))
    assert sorted(drawn) == shipped, "run `python tools/make_assets.py` and commit the result"
    for name, image in drawn.items():
        on_disk = pygame.image.load(str(ASSET_DIR / name))
        assert pygame.image.tobytes(image, "RGBA") == pygame.image.tobytes(on_disk, "RGBA"), name
    assert json.loads((ASSET_DIR / "palette.json").read_text()) == make_assets.PALETTE


def test_make_assets_also_makes_the_shipped_sounds():
    import importlib.util
    import wave

    spec = importlib.util.spec_from_file_location("make_assets", ROOT / "tools" / "make_assets.py")
    make_assets = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_assets)
    make_sounds = make_assets.load_make_sounds()
    shipped = sorted(path.stem for path in (ASSET_DIR / "sounds").glob("*.wav"))
    assert shipped == sorted(make_sounds.EFFECTS), "run `python tools/make_assets.py` and commit the result"
    for name, make in make_sounds.EFFECTS.items():
        with wave.open(str(ASSET_DIR / "sounds" / f"{name}.wav"), "rb") as sound:
            assert sound.readframes(sound.getnframes()) == make_sounds.to_pcm(make()), name
