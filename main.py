"""Factory Direct (工厂直营): start the GUI, or run a command-line subcommand (see README)."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
