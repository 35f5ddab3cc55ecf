"""Content as data: building types, policies, factions, debate stances and the shipped story events (TOML).

The TOML files beside this module are the game's content; `read_table` (loader.py) reads one,
checks it with its pydantic model (models.py, and events.py for story events, whose schema a
level's own events share) and reports a damaged file in one line naming the file and the field.

game/sim imports this package for its content only; this package imports nothing of the game
outside it, so the simulation stays pure (no pygame, no clock) and the levels (game/level) build on
the same models. game/sim/buildings.py, policies.py, politics.py and story.py turn the entries into
their frozen records (`BUILDING_TYPES`, `POLICIES`, `FACTIONS`, `STANCES`, `EVENTS`).
"""

from __future__ import annotations

from game.data.loader import ContentError, read_table

__all__ = ["ContentError", "read_table"]
