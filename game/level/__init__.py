"""Level files and commands files: read, check (every problem, one line each) and turn into sim input."""

from game.level.catalogue import DEFAULT_LEVEL, LevelFile, find_level, level_catalogue, new_simulation, shipped_levels, user_levels_dir
from game.level.commands_file import load_commands
from game.level.errors import InputError
from game.level.formats import LEVEL_FORMAT
from game.level.loader import Level, load_level, read_level, validate_level
from game.level.map_grid import MAX_MAP_SIDE
from game.level.source import MAX_LEVEL_BYTES

__all__ = [
    "DEFAULT_LEVEL",
    "LEVEL_FORMAT",
    "MAX_LEVEL_BYTES",
    "MAX_MAP_SIDE",
    "InputError",
    "Level",
    "LevelFile",
    "find_level",
    "level_catalogue",
    "load_commands",
    "load_level",
    "new_simulation",
    "read_level",
    "shipped_levels",
    "user_levels_dir",
    "validate_level",
]
