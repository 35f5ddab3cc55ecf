"""The level writer: a Scenario written as TOML loads back as the same Scenario; the campaign's words ride along unhashed."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from game.level import load_level, shipped_levels
from game.level.source import parse_toml
from game.level.writer import level_toml
from game.sim import Simulation
from game.sim.scenario import PlacedBuilding, Scenario
from game.sim.terrain import GROUND, RUINS, UNDERCITY, WATER

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "levels").glob("*.toml"))
CUSTOM_EVENTS = """
[events]
disable = ["tycoon"]

[[events.custom]]
id = "audit"
title = "The auditor calls"
text = "Ahmad wants the books. \\"All of them.\\""
cast = ["Ahmad"]
trigger = [{ kind = "day_at_least", at_least = 3 }]

[[events.custom.choices]]
id = "open"
label = "Open the books"
explanation = "Transparency, at a price."
default = true
effects = [{ kind = "funds", amount = -500 }, { kind = "policy", policy = "transparency", value = 1 }]

[[events.custom.choices]]
id = "refuse"
label = "Refuse"
explanation = "Nothing to see here."
effects = [{ kind = "funds", amount = 0 }]
"""


def differences(first: Scenario, second: Scenario) -> list[str]:
    """Return the names of the fields two scenarios differ in, their source aside."""
    found = []
    for field in dataclasses.fields(Scenario):
        a, b = getattr(first, field.name), getattr(second, field.name)
        same = np.array_equal(a, b) if isinstance(a, np.ndarray) else a == b
        if not same and field.name != "source":
            found.append(field.name)
    return found


def written(tmp_path: Path, scenario: Scenario, name: str = "written.toml", **options: object) -> Path:
    """Write `scenario` with level_toml into tmp_path and return the file."""
    path = tmp_path / name
    path.write_text(level_toml(scenario, **options), encoding="utf-8")  # type: ignore[arg-type]
    return path


@pytest.mark.parametrize("path", [*shipped_levels(), *FIXTURES], ids=lambda path: path.stem)
def test_every_shipped_level_and_fixture_loads_back_equal(tmp_path: Path, path: Path) -> None:
    scenario = load_level(path)
    # A level with its own story events (the EcoSphere's) is written with its file's [events] table.
    events = parse_toml(path.read_text(encoding="utf-8"), path.name)["events"] if scenario.events.custom else None
    assert differences(load_level(written(tmp_path, scenario, events=events)), scenario) == []


def test_a_level_with_its_own_events_writes_them_as_its_file_had_them(tmp_path: Path) -> None:
    source = (Path(__file__).parent / "fixtures" / "levels" / "string_rows.toml").read_text() + CUSTOM_EVENTS
    (tmp_path / "events.toml").write_text(source)
    scenario = load_level(tmp_path / "events.toml")
    assert [event.id for event in scenario.events.custom] == ["audit"]
    raw = parse_toml(source, "events.toml")["events"]
    again = load_level(written(tmp_path, scenario, events=raw))
    assert differences(again, scenario) == []
    with pytest.raises(ValueError, match="custom story events"):
        level_toml(scenario)


def small_city(buildings: tuple[PlacedBuilding, ...]) -> Scenario:
    """Return a 12x6 map of ground, ruins, undercity and a canal with `buildings`."""
    terrain = np.full((6, 12), GROUND, dtype=np.uint8)
    terrain[:, 4:6] = RUINS
    terrain[:, 6:8] = UNDERCITY
    terrain[:, 10] = WATER
    return Scenario(name='The "Sump" \\ district', terrain=terrain, buildings=buildings, description="Two lines:\nhere.",
                    arc="Neo-Terra", ending_won="The lights stay on.", ending_lost="Dark again.")


def test_power_lines_are_drawn_on_every_terrain_and_out_of_order_ones_listed(tmp_path: Path) -> None:
    lines = tuple(PlacedBuilding("power_line", x, 2) for x in range(3, 9))
    first = PlacedBuilding("power_line", 1, 0)  # the first line in reading order
    in_order = small_city((PlacedBuilding("solar_farm", 0, 3), first, *lines))
    text = level_toml(in_order)
    assert "\n.=..##uu..~.\n" in text and "\n...=++%%=.~.\n" in text  # on ground, ruins and undercity
    assert "power_line" not in text.split("[map]")[0]
    # Placed last, the first line in reading order would be placed first by the map: the others are listed.
    out_of_order = small_city((PlacedBuilding("solar_farm", 0, 3), *lines, first))
    listed = level_toml(out_of_order)
    assert '{ kind = "power_line", x = 3, y = 2 }' in listed and "\n.=..##uu..~.\n" in listed
    for scenario in (in_order, out_of_order):
        again = load_level(written(tmp_path, scenario))
        assert differences(again, scenario) == []
        assert again.buildings[-1] == scenario.buildings[-1]


def test_names_and_paragraphs_are_escaped_and_the_campaign_words_come_back(tmp_path: Path) -> None:
    scenario = small_city(())
    again = load_level(written(tmp_path, scenario))
    assert (again.name, again.description) == (scenario.name, scenario.description)
    assert (again.arc, again.ending_won, again.ending_lost) == ("Neo-Terra", "The lights stay on.", "Dark again.")


def test_the_campaign_words_are_saved_but_not_hashed() -> None:
    plain = small_city(())
    bare = dataclasses.replace(plain, arc="", ending_won="", ending_lost="")
    assert Simulation(plain, seed=3).state_hash() == Simulation(bare, seed=3).state_hash()
    fork = Simulation(plain, seed=3).fork()
    assert (fork.world.scenario.arc, fork.world.scenario.ending_lost) == ("Neo-Terra", "Dark again.")


def test_a_benchmark_level_keeps_its_purpose_and_the_comment_leads(tmp_path: Path) -> None:
    text = level_toml(small_city(()), purpose="benchmark", comment="Made by a test.\nSecond line.")
    assert text.startswith("# Made by a test.\n# Second line.\nformat = ")
    from game.level.loader import read_level

    assert read_level(written(tmp_path, small_city(()), purpose="benchmark")).purpose == "benchmark"
