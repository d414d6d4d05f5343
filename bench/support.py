"""Shared pieces of the benchmarks."""

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from bench._http import ROOT
from server.config import normalise_database_url

DEFAULT_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def postgres_url() -> str | None:
    """BENCH_DATABASE_URL in the form the app uses, or None when PostgreSQL is not to be measured."""
    url = os.environ.get("BENCH_DATABASE_URL")
    return normalise_database_url(url) if url else None


def _admin_engine():
    url = os.environ.get("BENCH_DATABASE_URL") or DEFAULT_ADMIN_URL
    url = url.replace("postgresql://", "postgresql+psycopg://", 1) if url.startswith("postgresql://") else url
    return create_engine(url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})


def on_scratch_postgres(database: str, secret: str, measure: Callable[[str], None]) -> int:
    """`measure(url)` on a database of its own next to the one BENCH_DATABASE_URL names (default:
    postgres@127.0.0.1:5432), made, migrated with `flask db upgrade` and dropped here. Without a
    reachable PostgreSQL it prints a note and measures nothing."""
    admin = _admin_engine()
    try:
        admin.connect().close()
    except OperationalError:
        print(
            "PostgreSQL: not reachable, skipped (set BENCH_DATABASE_URL to a server this user may create databases on)"
        )
        return 0
    print(f"PostgreSQL ({admin.url.host}:{admin.url.port}, scratch database {database}):", flush=True)
    url = make_url(str(admin.url)).set(database=database).render_as_string(hide_password=False)
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
            conn.exec_driver_sql(f"CREATE DATABASE {database}")
        subprocess.run(
            [str(Path(sys.executable).parent / "flask"), "--app", "wsgi", "db", "upgrade"],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": url, "SECRET_KEY": secret},
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        measure(url)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        admin.dispose()
    return 0
