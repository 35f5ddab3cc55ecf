"""The JSON Schema of level files: built from the loader's own models, accepting every valid level, refusing broken ones."""

from __future__ import annotations

from typing import Any

from game.level.schema import Header
from game.level.sections import SECTIONS

METADATA = ("format", "name", "description", "seed")  # Header's own fields; everything else is a section


def test_the_section_table_covers_every_section_field_of_the_header() -> None:
    sections = [name for name, field in Header.model_fields.items() if field.annotation is Any]
    assert sections == list(SECTIONS), "add the section to game/level/sections.py SECTIONS"
    assert [name for name in Header.model_fields if name not in SECTIONS] == list(METADATA)
