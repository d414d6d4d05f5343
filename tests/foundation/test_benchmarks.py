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


def test_options_go_to_the_benchmark_named_before_them():
    from bench.__main__ import available, planned

    assert planned(["mail", "--rounds", "5", "push"]) == [("mail", ["--rounds", "5"]), ("push", [])]
    assert [name for name, _ in planned([])] == available() == MODULES
    with pytest.raises(SystemExit, match="no benchmark 'mails'"):
        planned(["mails"])
