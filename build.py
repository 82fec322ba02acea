#!/usr/bin/env python3
"""Command-line entry: `python build.py [build|check|serve|…] --help`."""
import sys

from hakemisto.cli import main

if __name__ == "__main__":
    sys.exit(main())
