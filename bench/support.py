"""Shared pieces of the benchmarks: every benchmark measures on databases of its own, made, migrated
and removed by `scratch_database` (`on_scratch_databases` runs a measurement on each)."""

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from bench._http import ROOT
from server.extensions import db

DEFAULT_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def _admin_engine():
    url = os.environ.get("BENCH_DATABASE_URL") or DEFAULT_ADMIN_URL
    url = url.replace("postgresql://", "postgresql+psycopg://", 1) if url.startswith("postgresql://") else url
    return create_engine(url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})


def _upgrade(url: str, secret: str) -> None:
    subprocess.run(
        [str(Path(sys.executable).parent / "flask"), "--app", "wsgi", "db", "upgrade"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "SECRET_KEY": secret},
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@contextmanager
def scratch_database(name: str, dialect: str = "sqlite", secret: str = "bench") -> Iterator[str | None]:
    """A database of the benchmark's own, migrated with `flask db upgrade` (as a deployment is) and
    removed afterwards; yields its URL. `sqlite`: a temporary file. `postgresql`: the database
    `bench_<name>` next to the one BENCH_DATABASE_URL names (default: postgres@127.0.0.1:5432), or None
    with a printed note when that server cannot be reached."""
    if dialect == "sqlite":
        with tempfile.TemporaryDirectory(prefix=f"bench-{name}-") as folder:
            url = f"sqlite:///{Path(folder) / 'bench.db'}"
            _upgrade(url, secret)
            yield url
        return
    admin = _admin_engine()
    try:
        admin.connect().close()
    except OperationalError:
        print(
            "PostgreSQL: not reachable, skipped (set BENCH_DATABASE_URL to a server this user may create databases on)"
        )
        yield None
        return
    database = f"bench_{name}"
    print(f"PostgreSQL ({admin.url.host}:{admin.url.port}, scratch database {database}):", flush=True)
    url = make_url(str(admin.url)).set(database=database).render_as_string(hide_password=False)
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
            conn.exec_driver_sql(f"CREATE DATABASE {database}")
        _upgrade(url, secret)
        yield url
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        admin.dispose()


def on_scratch_databases(
    name: str, measure: Callable[[str, str], None], *, sqlite: bool = True, secret: str = "bench"
) -> int:
    """`measure(label, url)` on each database the benchmark runs on, each a `scratch_database` of its
    own: a temporary SQLite file, then PostgreSQL when BENCH_DATABASE_URL is set. A benchmark of
    PostgreSQL only (`sqlite=False`) measures on the default server when it is not set."""
    if sqlite:
        with scratch_database(name, "sqlite", secret) as url:
            measure("SQLite (temporary file)", url)
        if not os.environ.get("BENCH_DATABASE_URL"):
            print("PostgreSQL: skipped (set BENCH_DATABASE_URL)")
            return 0
    with scratch_database(name, "postgresql", secret) as url:
        if url is not None:
            measure("PostgreSQL", url)
    return 0


def statements_and_cpu(app, asks: dict, rounds: int, each: int, *, warm: int = 20, width: int = 28) -> None:
    """For each named request (`asks`: name -> a call answering a response), the statements it sends and
    its CPU time (best of `rounds` rounds of `each`), beside the first one (the bare endpoint)."""
    statements = [0]

    def count(*_args):
        statements[0] += 1

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    print(f"    {'request':{width}} {'statements':>10} {'CPU ms':>7} {'÷ bare':>7}")
    bare = None
    for name, ask in asks.items():
        for _ in range(warm):
            answer = ask()
            assert answer.status_code < 300, (name, answer.status_code, answer.get_data(as_text=True)[:200])
        statements[0] = 0
        ask()
        sent = statements[0]
        best = float("inf")
        for _ in range(rounds):
            started = time.process_time()
            for _ in range(each):
                ask()
            best = min(best, (time.process_time() - started) / each * 1000)
        bare = bare or best
        print(f"    {name:{width}} {sent:>10} {best:7.2f} {best / bare:6.1f}x", flush=True)
    event.remove(engine, "before_cursor_execute", count)
