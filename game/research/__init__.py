"""Research interfaces to the game: `NeoTerra-v0`, a Gymnasium environment of one city, and its native batch.

Importing the package registers the environment (it needs the optional `gym` extra:
`pip install '.[gym]'`); docs/research.md tells the spaces, the reward and how to train.
"""

from __future__ import annotations

try:
    import gymnasium  # noqa: F401 - only to say in one line what is missing
except ImportError as error:  # pragma: no cover - the test extra installs gymnasium
    raise ImportError("game.research needs gymnasium: pip install 'neo-terra[gym]' (or '.[gym]' in a checkout)") from error

from game.research.env import ENV_ID, NeoTerraEnv, register

__all__ = ["ENV_ID", "NeoTerraEnv", "register"]
