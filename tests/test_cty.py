"""Importing a classic Micropolis city file (.cty) as a level: the tests build small cities with the real tile numbers."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from scipy import ndimage

from game.cli import main
from game.level import load_level, validate_level
from game.sim.buildings import building_type

# Micropolis's file layout and tile numbers, written out here from the format rather than taken from the importer.
HISTORY_AND_MISC_WORDS = 6 * 240 + 120
MISC_START = 6 * 240
WIDTH, HEIGHT = 120, 100
RIVER = 2
LHPOWER = 210  # a power line on land
HPOWER = 208  # a power line over water
ROADS = 66
RUBBLE = 44
WOODS = 37
FREEZ = 244  # the centre of an empty residential zone
HOUSE = 249  # a single house
RZB = 265  # the centre of the first developed residential zone
COMCLR = 427
INDCLR = 616
COALBASE = 745
NUCLEARBASE = 811
POLICESTBASE = 770
ZONEBIT, BULLBIT, BURNBIT, CONDBIT = 0x0400, 0x1000, 0x2000, 0x4000
ZONE_FLAGS = BURNBIT | CONDBIT | BULLBIT


class City:
    """A Micropolis map being laid out tile by tile, written as a .cty file."""

    def __init__(self) -> None:
        self.words = np.zeros((WIDTH, HEIGHT), np.uint16)  # [x, y], as the file stores them
        self.funds = 20_000
        self.city_time = 48 * 50  # the year 1950

    def tile(self, x: int, y: int, number: int, flags: int = 0) -> None:
        """Set tile (x, y)."""
        self.words[x, y] = number | flags

    def river(self, x0: int, x1: int) -> None:
        """Lay a river over columns x0..x1, top to bottom."""
        for x in range(x0, x1 + 1):
            for y in range(HEIGHT):
                self.tile(x, y, RIVER)

    def wire(self, x0: int, x1: int, y: int) -> None:
        """Lay a horizontal power line from x0 to x1 on row y (over water where the map is water)."""
        for x in range(x0, x1 + 1):
            over_water = int(self.words[x, y]) & 0x3FF == RIVER
            self.tile(x, y, HPOWER if over_water else LHPOWER, CONDBIT | BULLBIT)

    def zone(self, left: int, top: int, base: int, size: int = 3) -> None:
        """Lay a zone whose tiles run from `base` across its footprint, its centre one in from the corner flagged."""
        for dy in range(size):
            for dx in range(size):
                centre = (dx, dy) == (1, 1)
                self.tile(left + dx, top + dy, base + dy * size + dx, ZONE_FLAGS | (ZONEBIT if centre else 0))

    def residential(self, left: int, top: int, density: int, value: int = 0) -> None:
        """Lay a developed residential zone of `density` 0..3 (and land value 0..3)."""
        self.zone(left, top, (value * 4 + density) * 9 + RZB - 4)

    def free_residential(self, left: int, top: int, houses: int) -> None:
        """Lay an empty residential zone with `houses` single houses round its centre."""
        self.zone(left, top, FREEZ - 4)
        ring = [(dx, dy) for dy in range(3) for dx in range(3) if (dx, dy) != (1, 1)]
        for dx, dy in ring[:houses]:
            self.tile(left + dx, top + dy, HOUSE, ZONE_FLAGS)

    def data(self, mac_header: bool = False) -> bytes:
        """Return the file's bytes: histories, misc data (funds, clock), then the map column by column."""
        words = np.zeros(HISTORY_AND_MISC_WORDS + WIDTH * HEIGHT, ">u2")
        for word, value in ((50, self.funds), (8, self.city_time)):
            value &= 0xFFFF_FFFF
            words[MISC_START + word] = value >> 16
            words[MISC_START + word + 1] = value & 0xFFFF
        words[HISTORY_AND_MISC_WORDS:] = self.words.ravel()
        header = bytes([0, 8]) + b"Old Town".ljust(126, b"\0") if mac_header else b""
        return header + words.tobytes()

    def write(self, path: Path, mac_header: bool = False) -> Path:
        """Write the city to `path` and return it."""
        path.write_bytes(self.data(mac_header))
        return path


def river_town(crossing: bool = True) -> City:
    """A coal plant west of a river, wired across it (unless not `crossing`) to a street of homes on the east bank."""
    city = City()
    city.river(50, 53)
    city.zone(40, 20, COALBASE, 4)
    city.wire(44, 59, 21)
    if not crossing:
        city.tile(51, 21, RIVER)
    city.residential(60, 20, density=3)
    city.residential(63, 20, density=0)  # touches the first zone: Micropolis zones conduct to each other
    city.free_residential(66, 20, houses=4)
    city.tile(10, 10, RUBBLE)
    city.tile(11, 10, WOODS)
    city.tile(12, 10, ROADS)
    city.zone(20, 40, INDCLR - 4)
    city.zone(30, 40, COMCLR - 4)
    return city


def import_city(city: City, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str = "rivertown") -> tuple[int, Path, str]:
    """Import `city` through the command line; return the exit status, the level's path and stderr."""
    source = city.write(tmp_path / f"{name}.cty")
    out = tmp_path / f"{name}.toml"
    status = main(["import-cty", str(source), "-o", str(out)])
    return status, out, capsys.readouterr().err


def played_power(level: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], days: int = 3) -> dict:
    """Play `level` headless for `days` and return its report's power figures."""
    report = tmp_path / "report.json"
    assert main(["--headless", "--level", str(level), "--ticks", str(24 * days), "--report", str(report)]) == 0
    capsys.readouterr()
    return json.loads(report.read_text())["power"]


def test_import_maps_water_zones_plant_and_wires_into_a_valid_level(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = import_city(river_town(), tmp_path, capsys)
    assert status == 0, err
    assert validate_level(out) == []
    scenario = load_level(out)
    assert scenario.name == "Rivertown"
    assert (scenario.width, scenario.height) == (WIDTH, HEIGHT)
    terrain = [row for row in out.read_text().split('rows = """\n')[1].split('"""')[0].splitlines()]
    assert terrain[0][50:54] == "~~~~" and terrain[0][49] == "." and terrain[0][54] == "."
    assert terrain[10][10:13] == "#.."  # rubble is ruins; woods and roads are ground
    assert set(terrain[40][20:23]) == {"#"} and set(terrain[40][30:33]) <= {".", "="}  # industry left as ruins, shops cleared
    homes = {(b.x, b.y): b.occupants for b in scenario.buildings if b.kind == "housing"}
    assert homes == {(60, 20): 200, (63, 20): 80, (66, 20): 20}  # densest zone full, sparsest developed 16/40, four houses 4/40
    assert [(b.x, b.y) for b in scenario.buildings if b.kind == "fuel_plant"] == [(40, 20)]
    lines = {(b.x, b.y) for b in scenario.buildings if b.kind == "power_line"}
    assert {(x, 21) for x in range(44, 60)} <= lines  # the wire, across the river on a causeway
    assert terrain[21][50:54] == "===="
    assert scenario.funds == 20_000
    assert "1950" in scenario.description


def test_imported_homes_are_powered_by_the_plant_through_the_wires(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _status, wired, _err = import_city(river_town(), tmp_path, capsys)
    _status, cut, _err = import_city(river_town(crossing=False), tmp_path, capsys, name="cut")
    connected = played_power(wired, tmp_path, capsys)
    assert connected["demand_kw"] > 0 and connected["served_fraction"] == 1.0
    assert played_power(cut, tmp_path, capsys)["demand_kw"] == 0  # the same homes with the wire cut mid-river: dark, so empty


def test_zones_that_touch_conduct_without_wires(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    city = City()
    city.zone(10, 10, NUCLEARBASE, 4)
    for column in range(4):
        city.residential(14 + 3 * column, 10, density=2)
    _status, out, err = import_city(city, tmp_path, capsys)
    assert err == ""
    assert played_power(out, tmp_path, capsys)["served_fraction"] == 1.0


def test_homes_no_plant_reaches_start_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    city = river_town(crossing=False)
    city.zone(70, 60, POLICESTBASE)  # a police station: cleared to ground, like the other public buildings
    city.zone(10, 60, COALBASE, 4)
    city.residential(14, 60, density=3)
    _status, out, _err = import_city(city, tmp_path, capsys)
    buildings = load_level(out).buildings
    assert {(b.x, b.y): b.occupants for b in buildings if b.kind == "housing"} == {(60, 20): 0, (63, 20): 0, (66, 20): 0, (14, 60): 200}
    assert not [b for b in buildings if b.x >= 70 and b.y >= 60]


def test_scavengers_camp_in_the_largest_stretch_of_old_industry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    city = river_town()  # one industrial zone of 9 tiles: too small for a camp
    for left, top in ((80, 70), (83, 70), (80, 73), (83, 73)):
        city.zone(left, top, INDCLR - 4)
    _status, out, _err = import_city(city, tmp_path, capsys)
    camps = load_level(out).camps
    assert [(camp.name, camp.members) for camp in camps] == [("Cold Furnace", 72)]
    assert 80 <= camps[0].x < 86 and 70 <= camps[0].y < 76


def test_the_level_can_be_named_and_written_to_standard_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = river_town().write(tmp_path / "town.cty")
    assert main(["import-cty", str(source), "-o", "-", "--name", "Old\nRiver Town"]) == 0
    captured = capsys.readouterr()
    assert 'name = "OldRiver Town"' in captured.out  # one printable line
    assert captured.err.startswith("standard output: OldRiver Town, 120x100: 3 housing blocks (300 residents), 1 power plant,")


def test_a_mac_header_is_skipped_and_names_the_city(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    city = river_town()
    plain = load_level(import_city(city, tmp_path, capsys)[1])
    source = city.write(tmp_path / "mac.cty", mac_header=True)
    assert len(source.read_bytes()) == 27_120 + 128
    assert main(["import-cty", str(source), "-o", str(tmp_path / "mac.toml")]) == 0
    mac = load_level(tmp_path / "mac.toml")
    assert mac.name == "Old Town"
    assert mac.buildings == plain.buildings and (mac.terrain == plain.terrain).all()


@pytest.mark.parametrize(("funds", "expected"), [(-5_000, 0), (2**31 - 1, 1_000_000_000), (12_345, 12_345)])
def test_funds_are_clamped_to_a_levels_limits(funds: int, expected: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    city = City()
    city.funds = funds
    _status, out, _err = import_city(city, tmp_path, capsys)
    assert load_level(out).funds == expected


def test_overlapping_zones_are_dropped_and_counted_on_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    city = City()
    city.zone(10, 10, COALBASE, 4)
    city.residential(14, 10, density=1)
    city.tile(16, 12, RZB, ZONE_FLAGS | ZONEBIT)  # a second zone's centre inside the first zone's corner
    status, out, err = import_city(city, tmp_path, capsys)
    assert status == 0
    assert err.count("\n") == 1 and "dropped" in err and "1 housing" in err
    assert validate_level(out) == []
    assert [b.kind for b in load_level(out).buildings if b.kind != "power_line"] == ["fuel_plant", "housing"]


def _refused(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run the command line, check it exits 2 with one line on stderr, and return that line."""
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    return err


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda data: data[:10_000], "truncated: the file ends at byte 10,000"),
        (lambda data: data + b"\0" * 7, "27,127 bytes is not a Micropolis city file"),
        (lambda data: b"\x41" * 128 + data, "is a Micropolis city file with a Mac header only when"),
        (lambda data: b"", "truncated: the file ends at byte 0"),
        (lambda data: b"\0" * 99_120, "99,120 bytes is a multi-city map"),
        (lambda data: b"\0" * 2_000_000, "the file is too large"),
    ],
)
def test_a_file_of_the_wrong_size_is_refused(damage, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: ANN001 - a lambda
    source = tmp_path / "bad.cty"
    source.write_bytes(damage(river_town().data()))
    out = tmp_path / "bad.toml"
    err = _refused(["import-cty", str(source), "-o", str(out)], capsys)
    assert err.startswith(f"{source}: ") and expected in err
    assert not out.exists()


def test_a_garbage_tile_number_is_refused_naming_the_tile_and_byte(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    city = river_town()
    city.tile(7, 3, 1021)
    source = city.write(tmp_path / "garbage.cty")
    err = _refused(["import-cty", str(source), "-o", str(tmp_path / "x.toml")], capsys)
    assert f"byte {3_120 + 2 * (7 * 100 + 3):,}: tile (7, 3) is tile number 1021" in err
    assert not (tmp_path / "x.toml").exists()


@pytest.mark.parametrize(
    ("x", "y", "number", "expected"),
    [
        (30, 30, RIVER, "flagged as a zone's centre, but its tile number 2 is no zone's centre"),
        (0, 30, RZB, "3x3 residential zone that does not fit"),
        (118, 98, COALBASE + 5, "4x4 power plant zone that does not fit"),
    ],
)
def test_a_zone_flag_the_map_cannot_hold_is_refused(x: int, y: int, number: int, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    city = City()
    city.tile(x, y, number, ZONEBIT)
    source = city.write(tmp_path / "zones.cty")
    err = _refused(["import-cty", str(source), "-o", str(tmp_path / "x.toml")], capsys)
    assert f"tile ({x}, {y})" in err and expected in err


def test_a_missing_file_and_an_unwritable_output_are_one_line_each(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "none.cty"
    assert "none.cty: no such file" in _refused(["import-cty", str(missing), "-o", str(tmp_path / "x.toml")], capsys)
    source = river_town().write(tmp_path / "town.cty")
    err = _refused(["import-cty", str(source), "-o", str(tmp_path / "no" / "such" / "folder.toml")], capsys)
    assert "does not exist" in err
    assert "folder" in _refused(["import-cty", str(source), "-o", str(tmp_path)], capsys)
    assert "required" in _refused(["import-cty", str(source)], capsys)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["town.cty"]


WIRE_TILES = [77, 78, *range(208, 223), 239]  # lines, over water, and under roads and rails
CENTRE_SIZES = {FREEZ: 3, RZB + 9 * 15: 3, COMCLR: 3, INDCLR: 3, 698: 4, 716: 6, 750: 4, 765: 3, 774: 3, 784: 4, 816: 4}


def random_city(seed: int) -> tuple[City, np.ndarray]:
    """A map of random tiles and flags with 300 zones dropped on it anywhere; also its conducting tiles, [y, x]."""
    rng = np.random.default_rng(seed)
    city = City()
    city.words[:] = rng.integers(0, 1019, (WIDTH, HEIGHT)) | (rng.integers(0, 64, (WIDTH, HEIGHT)) << 10 & ~ZONEBIT & 0xFC00)
    conducting = np.isin(city.words.T & 0x3FF, WIRE_TILES)
    centres = list(CENTRE_SIZES)
    for _ in range(300):
        centre = int(rng.choice(centres))
        x, y = int(rng.integers(1, WIDTH - 5)), int(rng.integers(1, HEIGHT - 5))
        city.tile(x, y, centre, ZONEBIT | ZONE_FLAGS)
        size = CENTRE_SIZES[centre]
        conducting[y - 1 : y - 1 + size, x - 1 : x - 1 + size] = True
    return city, conducting


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_any_city_makes_a_valid_level_whose_buildings_share_networks_as_its_zones_did(seed: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    city, conducting = random_city(seed)
    status, out, err = import_city(city, tmp_path, capsys)
    assert status == 0, err
    assert err.count("\n") <= 1
    assert validate_level(out) == []
    buildings = load_level(out).buildings
    occupied = np.zeros((HEIGHT, WIDTH), bool)
    for building in buildings:
        btype = building_type(building.kind)
        occupied[building.y : building.y + btype.height, building.x : building.x + btype.width] = True
    theirs, _count = ndimage.label(conducting)
    ours, _count = ndimage.label(occupied)
    pairs = {(int(theirs[b.y, b.x]), int(ours[b.y, b.x])) for b in buildings if b.kind != "power_line"}
    assert len(pairs) > 20
    assert len(pairs) == len({mine for mine, _ in pairs}) == len({yours for _, yours in pairs})  # one network each way


def test_a_city_file_plays_as_it_is_opened_as_the_level_its_import_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, level, _ = import_city(river_town(), tmp_path, capsys)
    assert status == 0
    source = tmp_path / "rivertown.cty"
    opened, written = load_level(source), load_level(level)
    assert opened.source == str(source) and opened.name == written.name == "Rivertown"
    assert opened.buildings == written.buildings and (opened.terrain == written.terrain).all()
    assert played_power(source, tmp_path, capsys) == played_power(level, tmp_path, capsys)  # `--level city.cty` plays it
    assert main(["--validate", str(source)]) == 0 and capsys.readouterr().out == f"{source}: ok\n"
    (tmp_path / "short.cty").write_bytes(source.read_bytes()[:1000])
    assert main(["--headless", "--level", str(tmp_path / "short.cty"), "--ticks", "1"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_a_city_file_sweeps_as_the_level_it_imports_as(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = river_town().write(tmp_path / "rivertown.cty")
    args = ["sweep", "--strategies", "idle", "--seeds", "1", "--days", "2", "--jobs", "1", "--quiet"]
    assert main([*args, "--level", str(source)]) == 0
    from_city = capsys.readouterr().out
    status, level, _ = import_city(river_town(), tmp_path, capsys)
    assert status == 0 and main([*args, "--level", str(level)]) == 0
    assert from_city.splitlines()[1:] == capsys.readouterr().out.splitlines()[1:]  # the same games; only the heading's file differs
