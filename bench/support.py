"""Shared pieces of the benchmarks."""
import os

from server.config import normalise_database_url


def postgres_url() -> str | None:
    """BENCH_DATABASE_URL in the form the app uses, or None when PostgreSQL is not to be measured."""
    url = os.environ.get("BENCH_DATABASE_URL")
    return normalise_database_url(url) if url else None
