"""Every benchmark can at least be imported: `make bench` runs them all, and a helper renamed in
`bench.support` must not leave one of them broken until someone measures again."""

import importlib
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
# What `python -m bench` runs (helpers start with "_"; the locust file is locust's to import, under gevent).
MODULES = sorted(p.stem for p in BENCH.glob("*.py") if not p.stem.startswith("_") and p.stem != "support")


@pytest.mark.parametrize("name", MODULES)
def test_each_benchmark_imports_and_has_a_main(name):
    module = importlib.import_module(f"bench.{name}")
    assert callable(getattr(module, "main", None))
