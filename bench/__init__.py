"""Benchmarks: each module here has a `main(argv)` that prints its figures."""
