"""Writing a level file: a Scenario as the TOML text the loader reads back into an equal Scenario.

The generator, the `.cty` import and the level editor all make Scenarios and save them through
`level_toml`, so there is one way a level file is written. The map is drawn with the default
legend (`.` ground, `~` water, `#` ruins, `u` undercity); power lines that come after every other
building in reading order are drawn on it too (`=` on ground, `+` on ruins, `%` on undercity, the
last two declared in `[map.legend]`), and every other building is an entry of the `buildings`
array, in the scenario's order: the loader places the array first and the map's buildings after
it, so the order, and with it the simulation, comes back the same. Only what differs from the
defaults is written (rules, policies, politics), so a file stays as short as its level.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any, Final

from game.level.formats import LEVEL_FORMAT
from game.level.map_grid import DEFAULT_LEGEND
from game.sim.scenario import Scenario
from game.sim.terrain import RUINS, TERRAIN_BY_NAME, TERRAIN_TYPES, UNDERCITY

POWER_LINE: Final = "power_line"
# Each terrain's character is the default legend's (game.level.map_grid), read backwards.
TERRAIN_CHARS: Final = {TERRAIN_BY_NAME[name]: char for char, name in DEFAULT_LEGEND.items() if isinstance(name, str)}
LINE_CHARS: Final = {
    **{TERRAIN_BY_NAME[entry["terrain"]]: char for char, entry in DEFAULT_LEGEND.items() if isinstance(entry, Mapping)},
    RUINS: "+", UNDERCITY: "%",  # a power line on that terrain: these two the file's own legend declares
}
LINE_LEGEND: Final = {LINE_CHARS[code]: f'{{ terrain = "{TERRAIN_TYPES[code].name}", building = "{POWER_LINE}" }}' for code in (RUINS, UNDERCITY)}
_BARE_KEY: Final = re.compile(r"^[A-Za-z0-9_-]+$")


def level_toml(scenario: Scenario, *, purpose: str = "play", comment: str = "", events: Mapping[str, Any] | None = None) -> str:
    """Return the level file text of `scenario`; `load_level` of it gives an equal Scenario (its `source` aside).

    `comment` goes at the top as `#` lines. `events` is the raw `[events]` table to write, needed
    when the scenario has events of its own (a level's custom events are written as their file had them).
    """
    if events is None and scenario.events.custom:
        raise ValueError("a scenario with custom story events needs its raw [events] table to be written")
    drawn = _drawn_lines(scenario)
    parts = [f"# {''.join(char for char in line if char.isprintable())}".rstrip() for line in comment.splitlines()]
    parts += [f"format = {LEVEL_FORMAT}", f"name = {_string(scenario.name)}"]
    if scenario.description:
        parts.append(f"description = {_string(scenario.description)}")
    if scenario.arc:
        parts.append(f"arc = {_string(scenario.arc)}")
    if purpose != "play":
        parts.append(f"purpose = {_string(purpose)}")
    parts.append(f"seed = {scenario.seed}")
    listed = scenario.buildings[: len(scenario.buildings) - len(drawn)]
    parts += ["", "# Buildings standing at the start: top-left corner at (x, y).", "buildings = ["]
    parts += [f"  {_inline(_building(b))}," for b in listed]
    parts += ["]", ""]
    parts += _map(scenario, drawn)
    parts += _table("start", {name: getattr(scenario, name) for name in ("funds", "food", "fuel", "materials")})
    parts += _table("rules", scenario.rules.overrides())
    parts += _table("policies", dict(scenario.policies))
    parts += _goals(scenario)
    parts += _politics(scenario)
    for camp in scenario.camps:
        parts += ["[[camps]]", *_pairs({"name": camp.name, "x": camp.x, "y": camp.y, "members": camp.members, "unrest": camp.unrest}), ""]
    parts += _events(scenario, events)
    parts += _table("ending", {"won": scenario.ending_won, "lost": scenario.ending_lost}, skip_empty=True)
    return "\n".join(parts).rstrip("\n") + "\n"


def _drawn_lines(scenario: Scenario) -> list[tuple[int, int]]:
    """Return the tiles of the power lines at the end of the buildings that the map can draw, in reading order.

    A power line is drawn on the map when it and every power line after it come after all other
    buildings and in reading order, since that is the order the loader places the map's buildings.
    """
    tail: list[tuple[int, int]] = []
    for building in reversed(scenario.buildings):
        if building.kind != POWER_LINE or building.occupants is not None:
            break
        if int(scenario.terrain[building.y, building.x]) not in LINE_CHARS:
            break
        tail.append((building.y, building.x))
    tail.reverse()
    # Keep the longest suffix of the tail that is in reading order (row, then column).
    start = len(tail)
    while start > 0 and (start == len(tail) or tail[start - 1] < tail[start]):
        start -= 1
    return [(x, y) for y, x in tail[start:]]


def _map(scenario: Scenario, drawn: Iterable[tuple[int, int]]) -> list[str]:
    """Return the `[map]` section: the rows and, when ruins or undercity lines are drawn, their legend."""
    chars = [[TERRAIN_CHARS[int(code)] for code in row] for row in scenario.terrain]
    used: set[str] = set()
    for x, y in drawn:
        char = LINE_CHARS[int(scenario.terrain[y, x])]
        chars[y][x] = char
        used.add(char)
    parts = ["[map]", "# One character per tile: . ground, ~ water, # ruins, u undercity, = a power line on ground.", 'rows = """']
    parts += ["".join(row) for row in chars]
    parts += ['"""', ""]
    legend = {char: LINE_LEGEND[char] for char in sorted(used) if char in LINE_LEGEND}
    if legend:
        parts += ["[map.legend]", *(f"{_string(char)} = {value}" for char, value in legend.items()), ""]
    return parts


def _goals(scenario: Scenario) -> list[str]:
    """Return the `[goals]` section and its targets (nothing for a level without goals)."""
    goals = scenario.goals
    if not goals.targets and not goals.deadline_day and goals.hold_days == 1:
        return []
    parts = ["[goals]", *_pairs({"deadline_day": goals.deadline_day, "hold_days": goals.hold_days}), ""]
    for target in goals.targets:
        values = {"metric": target.metric, "at_least": target.at_least, "at_most": target.at_most}
        parts += ["[[goals.targets]]", *_pairs({key: value for key, value in values.items() if value is not None}), ""]
    return parts


def _politics(scenario: Scenario) -> list[str]:
    """Return the `[politics]` section with its faction changes (nothing when it is all defaults)."""
    politics = scenario.politics
    values = {
        "election_every_days": politics.election_every_days,
        "first_election_day": politics.first_election_day,
        "debate_days_before": politics.debate_days_before,
        "lose_on_defeat": politics.lose_on_defeat,
    }
    parts = _table("politics", values)
    for faction in politics.factions:
        entry = {"name": faction.name, "share": faction.share, "approval": faction.approval}
        parts += ["[[politics.factions]]", *_pairs({key: value for key, value in entry.items() if value is not None}), ""]
    return parts


def _events(scenario: Scenario, events: Mapping[str, Any] | None) -> list[str]:
    """Return the `[events]` section: the raw table given, else which shipped events run."""
    if events is not None:
        return _section("[events]", "events", events)
    values: dict[str, Any] = {}
    if scenario.events.enabled is not None:
        values["enable"] = list(scenario.events.enabled)
    if scenario.events.disabled:
        values["disable"] = list(scenario.events.disabled)
    return _table("events", values) if values else []


def _building(building: Any) -> dict[str, Any]:
    """Return one `buildings` entry."""
    entry = {"kind": building.kind, "x": building.x, "y": building.y}
    return entry if building.occupants is None else {**entry, "occupants": building.occupants}


def _table(name: str, values: Mapping[str, Any], *, skip_empty: bool = False) -> list[str]:
    """Return a `[name]` table of plain values (nothing when it has none)."""
    kept = {key: value for key, value in values.items() if not (skip_empty and value == "")}
    return [f"[{name}]", *_pairs(kept), ""] if kept else []


def _section(header: str, path: str, values: Mapping[str, Any]) -> list[str]:
    """Return a table under `header` with its plain values, then its arrays of tables as `[[path.key]]` entries, recursively."""
    parts = [header, *_pairs({key: value for key, value in values.items() if not _is_table_array(value)}), ""]
    for key, value in values.items():
        if _is_table_array(value):
            for entry in value:
                parts += _section(f"[[{path}.{_key(key)}]]", f"{path}.{_key(key)}", entry)
    return parts


def _is_table_array(value: Any) -> bool:
    """True for a non-empty list of tables, written as `[[...]]` entries."""
    return isinstance(value, list) and bool(value) and all(isinstance(item, Mapping) for item in value)


def _pairs(values: Mapping[str, Any]) -> list[str]:
    """Return `key = value` lines."""
    return [f"{_key(key)} = {_value(value)}" for key, value in values.items()]


def _value(value: Any) -> str:
    """Return a TOML value: a string, integer, boolean, array or inline table."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, Mapping):
        return _inline(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} in a level file")


def _inline(values: Mapping[str, Any]) -> str:
    """Return an inline table."""
    return "{ " + ", ".join(f"{_key(key)} = {_value(value)}" for key, value in values.items()) + " }"


def _key(key: str) -> str:
    """Return a key, quoted unless it is a bare key (`"priority.hazardous"` needs the quotes)."""
    return key if _BARE_KEY.match(key) else _string(key)


def _string(text: str) -> str:
    """Return a TOML basic string: JSON's escapes are TOML's (\\n, \\", \\\\, \\uXXXX); DEL, which JSON leaves as it is, TOML wants escaped."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


assert set(TERRAIN_CHARS) == {terrain.code for terrain in TERRAIN_TYPES}
