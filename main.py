"""Neo-Terra entry point: `python main.py --help` lists what it can do."""

import sys

from game.cli import main

if __name__ == "__main__":
    sys.exit(main())
