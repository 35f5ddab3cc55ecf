"""The JSON Schema of level files, built from the models the loader validates them with, for TOML editors.

taplo and Even Better TOML read a level's first line, `#:schema ./level.schema.json`, and then
complete and check the file as it is typed. `python main.py --schema level > levels/level.schema.json`
refreshes the copy that ships beside the levels; a test fails when that copy is stale.

Each section's schema is pydantic's schema of the type game/level/sections.py names for it. The
checks the loader makes after pydantic, against the game's tables (building kinds, terrains, rules,
policies, metrics, factions, events), are written in as enums and properties, wherever JSON Schema
can say them. The schema never refuses a level the loader accepts; what it cannot say (map tiles
against the legend, buildings fitting the map, unique names, at_least above at_most) is left to
`python main.py --validate`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Final

from pydantic import BaseModel, TypeAdapter

from game.data.events import CONDITION_FIELDS, EFFECT_FIELDS, ConditionEntry, EffectEntry, StoryEventEntry
from game.level.code_comments import field_comments, item_comments
from game.level.events_section import SHIPPED_IDS, EventsSection
from game.level.formats import LEVEL_FORMAT, supported_formats
from game.level.map_grid import DEFAULT_LEGEND, MAX_MAP_SIDE
from game.level.schema import BuildingEntry, FactionEntry, GoalsSection, Header, LegendEntry, MapSection, TargetEntry
from game.level.sections import SECTIONS
from game.resources import LEVELS, package_folder
from game.sim import politics, scenario
from game.sim.buildings import BUILDING_TYPES
from game.sim.policies import POLICIES, Policy
from game.sim.rules import Rules
from game.sim.story import CONDITION_KINDS, EFFECT_KINDS, EVENTS
from game.sim.terrain import TERRAIN_TYPES

DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_PATH: Final = package_folder(LEVELS) / "level.schema.json"
SCHEMA_HEADER: Final = "#:schema ./level.schema.json"  # a level's first line; the path is relative to the level
REFRESH: Final = "python main.py --schema level > levels/level.schema.json"

# JSON Schema keywords whose values are schemas: a map of them, a list of them, or one.
_SCHEMA_MAPS: Final = ("$defs", "properties", "patternProperties")
_SCHEMA_LISTS: Final = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_ONES: Final = ("additionalProperties", "contains", "else", "if", "items", "not", "propertyNames", "then")
_NULL: Final = {"type": "null"}
# One line of printable text, as far as a regular expression can tell: no control or line-break characters.
_ONE_LINE: Final = "^[^\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029]*$"


def schema_text() -> str:
    """Return the level schema as the shipped file holds it: sorted keys, two-space indent, ASCII, a final newline."""
    # ASCII, so that `--schema level > file` writes the same bytes whatever the terminal's encoding.
    return json.dumps(level_json_schema(), indent=2, sort_keys=True, ensure_ascii=True) + "\n"


def level_json_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a level file."""
    defs: dict[str, Any] = {}
    root = _pydantic_schema(Header, defs)
    for name, section in SECTIONS.items():
        shape = _ref(section.shape, defs) if _is_model(section.shape) else _pydantic_schema(section.shape, defs)
        if section.entry is not None:
            shape["items"] = _ref(section.entry, defs)
        root["properties"][name] = {**shape, "description": root["properties"][name]["description"]}
    _header(root)
    _map(defs)
    _buildings(defs)
    _rules(root["properties"]["rules"])
    _policies(root["properties"]["policies"])
    _goals(defs)
    _politics(defs)
    _events(defs)
    return {
        **root,
        "$schema": DIALECT,
        "$comment": f"Generated from game/level by `{REFRESH}`; do not edit by hand.",
        "title": "Neo-Terra level",
        "description": (
            f"A Neo-Terra level file (TOML), format {LEVEL_FORMAT}. The game also checks what this schema cannot "
            "(map tiles against the legend, buildings against the map): `python main.py --validate FILE`."
        ),
        "$defs": defs,
    }


def _is_model(shape: Any) -> bool:
    """True when `shape` is a pydantic model class."""
    return isinstance(shape, type) and issubclass(shape, BaseModel)


def _ref(model: type[BaseModel], defs: dict[str, Any]) -> dict[str, Any]:
    """Return a reference to `model`'s schema, adding it to `defs`."""
    _add_defs({model.__name__: _pydantic_schema(model, defs)}, defs)
    return {"$ref": f"#/$defs/{model.__name__}"}


def _pydantic_schema(shape: Any, defs: dict[str, Any]) -> dict[str, Any]:
    """Return pydantic's schema of `shape` without its titles and nulls; the models inside it go to `defs`."""
    schema = TypeAdapter(shape).json_schema(ref_template="#/$defs/{model}")
    for node in _subschemas(schema):
        _tidy(node)
    _add_defs(schema.pop("$defs", {}), defs)
    return schema


def _add_defs(found: dict[str, Any], defs: dict[str, Any]) -> None:
    """Add the model schemas `found` to `defs`; two different models of one name are a mistake."""
    for name, schema in found.items():
        if defs.setdefault(name, schema) != schema:
            raise ValueError(f"two level models are named {name}; the schema needs one name per model")


def _subschemas(schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Yield `schema` and every schema inside it, each before its own insides (so a change to it is followed)."""
    yield schema
    for key in _SCHEMA_MAPS:
        for inner in schema.get(key, {}).values():
            yield from _subschemas(inner)
    for key in _SCHEMA_LISTS:
        for inner in schema.get(key, []):
            yield from _subschemas(inner)
    for key in _SCHEMA_ONES:
        if isinstance(schema.get(key), dict):
            yield from _subschemas(schema[key])


def _tidy(node: dict[str, Any]) -> None:
    """Drop pydantic's generated titles, and its nulls: TOML has no null, so `None` means the field is left out."""
    node.pop("title", None)
    if _NULL in node.get("anyOf", []):
        others = [option for option in node.pop("anyOf") if option != _NULL]
        if len(others) == 1:
            node.update(others[0])
        else:
            node["anyOf"] = others
    if "default" in node and node["default"] is None:
        del node["default"]


def _enum(values: Iterable[str], docs: Iterable[str] | None = None) -> dict[str, Any]:
    """Return `enum` keywords for `values`, with taplo's documentation of each value when given."""
    schema: dict[str, Any] = {"enum": list(values)}
    if docs is not None:
        schema["x-taplo"] = {"docs": {"enumValues": list(docs)}}
    return schema


def _when(field: str, value: str | Sequence[str], then: dict[str, Any]) -> dict[str, Any]:
    """Return an if/then that applies `then` to tables whose `field` is `value` (or one of the values)."""
    test = {"const": value} if isinstance(value, str) else {"enum": list(value)}
    return {"if": {"properties": {field: test}, "required": [field]}, "then": then}


def _sentence(text: str) -> str:
    """Return a source comment as a sentence: a capital first letter and a full stop."""
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def _header(root: dict[str, Any]) -> None:
    """Add the format numbers this game reads, and keep the name on one line."""
    properties = root["properties"]
    properties["format"].update({"enum": list(supported_formats()), "default": LEVEL_FORMAT})
    properties["name"]["pattern"] = _ONE_LINE


def _terrains() -> dict[str, Any]:
    """Return the schema of a terrain name."""
    return {"type": "string", **_enum((t.name for t in TERRAIN_TYPES), (f"{t.label}: {t.description}" for t in TERRAIN_TYPES))}


def _map(defs: dict[str, Any]) -> None:
    """Add the rows (a string or an array of strings) and the legend (one character to a terrain or a 1x1 building)."""
    properties = defs[MapSection.__name__]["properties"]
    rows = properties["rows"]
    rows["anyOf"] = [
        {"type": "string", "pattern": "[^\\n]"},  # at least one row that is not empty
        {
            "type": "array",
            "items": {"type": "string", "maxLength": MAX_MAP_SIDE},
            "maxItems": MAX_MAP_SIDE,
            "contains": {"minLength": 1},
        },
    ]
    rows["description"] += f" At most {MAX_MAP_SIDE} by {MAX_MAP_SIDE} tiles."
    legend = properties["legend"]
    legend["propertyNames"] = {"minLength": 1, "maxLength": 1}
    # map_grid reads a legend value as a terrain name or, when it is a table, as a LegendEntry.
    legend["additionalProperties"] = {"anyOf": [_terrains(), _ref(LegendEntry, defs)]}
    defaults = (
        f'"{key}" {value}' if isinstance(value, str) else f'"{key}" {value["building"]} on {value["terrain"]}'
        for key, value in DEFAULT_LEGEND.items()
    )
    legend["description"] += " The default legend: " + ", ".join(defaults) + "."
    small = [b for b in BUILDING_TYPES if (b.width, b.height) == (1, 1)]
    entry = defs[LegendEntry.__name__]
    entry["properties"]["terrain"].update(_terrains())
    entry["properties"]["building"].update(_enum((b.kind for b in small), (f"{b.name}: {b.description}" for b in small)))
    entry["allOf"] = [
        _when("building", b.kind, {"properties": {"terrain": {"enum": [t.name for t in TERRAIN_TYPES if t.name in b.terrain]}}})
        for b in small
    ]


def _buildings(defs: dict[str, Any]) -> None:
    """Add the building kinds, and occupants only in housing, no more than a block holds."""
    entry = defs[BuildingEntry.__name__]
    entry["properties"]["kind"].update(_enum(
        (b.kind for b in BUILDING_TYPES),
        (f"{b.name}, {b.width}x{b.height}, {b.cost:,} credits: {b.description}" for b in BUILDING_TYPES),
    ))
    homeless = [b.kind for b in BUILDING_TYPES if b.housing_capacity == 0]
    entry["allOf"] = [
        _when("kind", homeless, {"not": {"required": ["occupants"]}}),
        *(
            _when("kind", b.kind, {"properties": {"occupants": {"maximum": b.housing_capacity}}})
            for b in BUILDING_TYPES if b.housing_capacity
        ),
    ]


def _rules(rules: dict[str, Any]) -> None:
    """Add every rule by name, with its meaning and unit (its comment in the source), its default and its bound."""
    value = rules.pop("additionalProperties")  # pydantic's schema of any rule's value
    comments = field_comments(Rules)
    defaults = Rules()
    rules["properties"] = {
        name: {
            **value,
            "maximum": Rules.maximum(name),
            "default": getattr(defaults, name),
            "description": _sentence(comments.get(name, name)) + f" Default: {getattr(defaults, name):,}; 0 to {Rules.maximum(name):,}.",
        }
        for name in Rules.names()
    }
    rules["additionalProperties"] = False


def _policy_values(policy: Policy) -> str:
    """Return the values a policy takes, as a level author writes them."""
    if policy.labels:
        return ", ".join(f"{policy.minimum + index}: {label}" for index, label in enumerate(policy.labels))
    return f"{policy.minimum} to {policy.maximum}{policy.unit}"


def _policies(policies: dict[str, Any]) -> None:
    """Add every policy by name, with its range, its default and what it does."""
    value = policies.pop("additionalProperties")  # pydantic's schema of any policy's value
    policies["properties"] = {
        policy.name: {
            **value,
            "minimum": policy.minimum,
            "maximum": policy.maximum,
            "default": policy.default,
            "description": (
                f"{policy.label}. {policy.explanation} Values {_policy_values(policy)}; "
                f"default {policy.value_label(policy.default)}."
            ),
        }
        for policy in POLICIES
    }
    policies["additionalProperties"] = False


_AT_LEAST_OR_AT_MOST: Final = {"anyOf": [{"required": ["at_least"]}, {"required": ["at_most"]}]}


def _metrics() -> dict[str, Any]:
    """Return the schema keywords of a metric name."""
    comments = item_comments(scenario, "GOAL_METRICS")
    docs = [comments.get(metric, metric) for metric in scenario.GOAL_METRICS]
    aliases = scenario.GOAL_METRIC_ALIASES
    docs += [f"the old name of {current}, still accepted" for current in aliases.values()]
    return _enum((*scenario.GOAL_METRICS, *aliases), docs)


def _goals(defs: dict[str, Any]) -> None:
    """Add the metrics, a bound on every target and a target for every deadline."""
    target = defs[TargetEntry.__name__]
    target["properties"]["metric"].update(_metrics())
    target.update(_AT_LEAST_OR_AT_MOST)
    goals = defs[GoalsSection.__name__]
    goals["if"] = {"properties": {"deadline_day": {"minimum": 1}}, "required": ["deadline_day"]}
    goals["then"] = {"required": ["targets"], "properties": {"targets": {"minItems": 1}}}


def _politics(defs: dict[str, Any]) -> None:
    """Add the faction names."""
    docs = (f"{f.label}, {f.share}% of the vote: {f.description}" for f in politics.FACTIONS)
    defs[FactionEntry.__name__]["properties"]["name"].update(_enum(politics.FACTION_IDS, docs))


def _events(defs: dict[str, Any]) -> None:
    """Add the shipped event ids, new ids for custom events, one default choice, and what each condition and effect needs."""
    shipped = _enum(SHIPPED_IDS, (event.title for event in EVENTS))
    for field in ("enable", "disable"):
        defs[EventsSection.__name__]["properties"][field]["items"].update(shipped)
    custom = defs[StoryEventEntry.__name__]["properties"]
    custom["id"]["not"] = {"enum": list(SHIPPED_IDS)}
    custom["choices"].update({
        "contains": {"properties": {"default": {"const": True}}, "required": ["default"]},
        "minContains": 1,
        "maxContains": 1,
    })
    _conditions(defs[ConditionEntry.__name__])
    _effects(defs[EffectEntry.__name__])


def _needs(fields: Sequence[str]) -> str:
    """Return which fields a condition or effect kind needs, for its documentation."""
    return "needs " + " and ".join(fields) if fields else "needs no other field"


def _conditions(condition: dict[str, Any]) -> None:
    """Add the condition kinds, the fields each needs, and the names a metric or policy condition tests."""
    needs = (f"{kind}: {_needs(CONDITION_FIELDS[kind])}" for kind in CONDITION_KINDS)
    condition["properties"]["kind"].update(_enum(CONDITION_KINDS, needs))
    subjects = {
        "metric": {"metric": _metrics()},
        "policy": {"policy": _enum(policy.name for policy in POLICIES)},
    }
    rules = []
    for kind in CONDITION_KINDS:
        then: dict[str, Any] = {"required": list(CONDITION_FIELDS[kind])} if CONDITION_FIELDS[kind] else {}
        if kind in subjects:
            then.update({"properties": subjects[kind], **_AT_LEAST_OR_AT_MOST})
        if then:
            rules.append(_when("kind", kind, then))
    condition["allOf"] = rules


def _effects(effect: dict[str, Any]) -> None:
    """Add the effect kinds, the fields each needs, and the names (and a policy's range) each checks."""
    needs = (f"{kind}: {_needs(EFFECT_FIELDS[kind])}" for kind in EFFECT_KINDS)
    effect["properties"]["kind"].update(_enum(EFFECT_KINDS, needs))
    stances = politics.STANCES
    checks: dict[str, dict[str, Any]] = {
        "policy": {
            "properties": {"policy": _enum(policy.name for policy in POLICIES)},
            "allOf": [
                _when("policy", policy.name, {"properties": {"value": {"minimum": policy.minimum, "maximum": policy.maximum}}})
                for policy in POLICIES
            ],
        },
        # An approval effect without a faction (or with "") moves every faction.
        "approval": {
            "if": {"properties": {"faction": {"minLength": 1}}, "required": ["faction"]},
            "then": {"properties": {"faction": _enum(politics.FACTION_IDS)}},
        },
        "stance": {"properties": {"stance": _enum((s.id for s in stances), (f"{s.label}: {s.explanation}" for s in stances))}},
        "sabotage": {"properties": {"building": _enum(b.kind for b in BUILDING_TYPES)}},
    }
    rules = []
    for kind in EFFECT_KINDS:
        then = {"required": list(EFFECT_FIELDS[kind])} if EFFECT_FIELDS[kind] else {}
        then.update(checks.get(kind, {}))
        if then:
            rules.append(_when("kind", kind, then))
    effect["allOf"] = rules
