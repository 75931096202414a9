#!/usr/bin/env python3
"""Build the archive site. Run `python build.py --help` for the commands."""
import sys
from pathlib import Path

from topicsite.cli import main

if __name__ == "__main__":
    sys.exit(main(root=Path(__file__).resolve().parent))
