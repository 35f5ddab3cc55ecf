"""Level files and commands files: read, check (every problem, one line each) and turn into sim input."""

from game.level.commands_file import load_commands
from game.level.errors import InputError
from game.level.formats import LEVEL_FORMAT
from game.level.loader import load_level, validate_level
from game.level.map_grid import MAX_MAP_SIDE
from game.level.shipped import DEFAULT_LEVEL, shipped_levels
from game.level.source import MAX_LEVEL_BYTES

__all__ = [
    "DEFAULT_LEVEL",
    "LEVEL_FORMAT",
    "MAX_LEVEL_BYTES",
    "MAX_MAP_SIDE",
    "InputError",
    "load_commands",
    "load_level",
    "shipped_levels",
    "validate_level",
]
