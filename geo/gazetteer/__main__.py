"""``python -m geo.gazetteer build [--path P]``: build the index and say what it holds."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from geo.gazetteer.build import build_index
from geo.gazetteer.index import Gazetteer


def main(argv: list[str] | None = None) -> int:
    """Build the index (at ``--path``, else the configured cache) and print its size."""
    parser = argparse.ArgumentParser(prog="python -m geo.gazetteer")
    parser.add_argument("command", choices=["build"])
    parser.add_argument("--path", type=Path, default=None)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    path = build_index(args.path)
    gaz = Gazetteer.load(path)
    took = time.perf_counter() - started
    print(f"built {path} ({len(gaz)} places, {path.stat().st_size / 1e6:.0f} MB) in {took:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
