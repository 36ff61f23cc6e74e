"""Factory Direct (工厂直营): start the GUI, or run a command-line subcommand (see README)."""

import multiprocessing
import sys

from app.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a frozen build's pack-picture workers (spawned) start here, not the app
    sys.exit(main())
