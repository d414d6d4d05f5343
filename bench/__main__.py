"""`make bench` / `python -m bench [name ...] [--option ...]`: runs the benchmarks and prints their figures.

Options go to the benchmark named just before them (`python -m bench mail --rounds 5 push`).

Each benchmark compares against a baseline measured in the same run (shared machines are noisy),
and reports medians, p95 and ratios rather than absolute pass/fail timings.
"""

import importlib
import pkgutil
import sys
from pathlib import Path


def available() -> list[str]:
    return sorted(
        m.name
        for m in pkgutil.iter_modules([str(Path(__file__).parent)])
        if not m.name.startswith("_") and m.name != "support"
    )


def planned(argv: list[str]) -> list[tuple[str, list[str]]]:
    """Each benchmark named, with the options that follow it."""
    runs: list[tuple[str, list[str]]] = []
    for arg in argv:
        if arg in available():
            runs.append((arg, []))
        elif runs:
            runs[-1][1].append(arg)  # an option of the benchmark before it, or its value
        else:
            raise SystemExit(f"no benchmark {arg!r}; there are: {', '.join(available())}")
    return runs or [(name, []) for name in available()]


def main(argv: list[str]) -> int:
    for name, options in planned(argv):
        print(f"\n=== bench.{name}", flush=True)
        importlib.import_module(f"bench.{name}").main(options)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
