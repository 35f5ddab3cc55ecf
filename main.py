"""Neo-Terra entry point: `python main.py --help` lists what it can do."""

import sys

from game import require_python

if __name__ == "__main__":
    require_python()
    from game.bootstrap import ensure_dependencies

    ensure_dependencies([__file__] + sys.argv[1:])
    from game.cli import main

    sys.exit(main())
