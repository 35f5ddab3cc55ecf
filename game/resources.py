"""The game's own files, found as resources of the `game` package: the art, the sounds, the shipped levels.

The repository keeps them at its top, in `assets/` and `levels/`. A wheel carries them inside the
package as `game/assets` and `game/levels` (pyproject.toml's force-include), and a checkout has
`game/assets` and `game/levels` as links to the top-level folders, so the same lookup serves an
installed game, an editable install and `python main.py` alike, from any working folder.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
from importlib.resources import as_file, files
from pathlib import Path
from typing import Final

ASSETS: Final = "assets"
LEVELS: Final = "levels"
_extracted = contextlib.ExitStack()  # folders a zipped install had to unpack, removed at exit
atexit.register(_extracted.close)


@functools.cache
def package_folder(name: str) -> Path:
    """Return the folder of the game's resource `name` (ASSETS or LEVELS) as a real path on disk.

    A missing folder is returned all the same: whoever reads it names the file it lacks, in one line.
    """
    resource = files("game") / name
    if isinstance(resource, Path) or not resource.is_dir():
        return Path(str(resource))
    return _extracted.enter_context(as_file(resource))  # inside a zip: unpacked once for this process


RESTORE_HINT: Final = "in a checkout run `python tools/make_assets.py`; an installed game: reinstall it"
