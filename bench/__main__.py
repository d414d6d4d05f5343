"""`make bench` / `python -m bench [name ...]`: runs the benchmarks and prints their figures.

Each benchmark compares against a baseline measured in the same run (shared machines are noisy),
and reports medians, p95 and ratios rather than absolute pass/fail timings.
"""

import importlib
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    names = argv or sorted(
        m.name
        for m in pkgutil.iter_modules([str(Path(__file__).parent)])
        if not m.name.startswith("_") and m.name != "support"
    )
    for name in names:
        print(f"\n=== bench.{name}", flush=True)
        importlib.import_module(f"bench.{name}").main([])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
