"""`python -m game`: the same as `python main.py` and the `neo-terra` command."""

import sys

from game import require_python

require_python()

from game.bootstrap import ensure_dependencies  # noqa: E402 - only once the interpreter is new enough

ensure_dependencies(["-m", "game"] + sys.argv[1:])

from game.cli import main  # noqa: E402 - only once the game's packages import

sys.exit(main())
