"""The database: SQLAlchemy, Alembic migrations, SQLite's pragmas, dialect helpers and the one
commit rule.

Services flush; the request commits (here, once, after a successful answer), as do CLI commands
and workers for their own runs. Nothing else calls `commit()` except where a comment says why.
"""

import sqlite3
import time
from datetime import datetime
from pathlib import Path

from flask import Flask, current_app, request
from sqlalchemy import DateTime, event
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.pool import Pool

from .clock import utcnow
from .errors import database_error_response, database_problem, recent_storage_problem
from .extensions import db, migrate

# Row ids are INTEGER columns: 32 bits on PostgreSQL. A larger id is simply not there (never an
# overflow error from the database).
LARGEST_ID = 2**31 - 1


class HealthCheck(db.Model):
    """One row `/healthz` rewrites: a database that cannot store a write is not healthy."""

    __tablename__ = "health_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    checked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    # WAL lets readers and the writer work at once; SQLite leaves foreign keys off unless asked.
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


# -- connections that may have gone away --------------------------------------------------------
# A connection that sat in the pool longer than this is pinged before use (a database restart, a
# firewall's idle timeout); busy ones are not, which saves a round trip on every request. Should a
# busy one turn out dead, the failed request answers 503 and SQLAlchemy invalidates the whole pool.
IDLE_BEFORE_PING = 5.0


@event.listens_for(Pool, "checkin")
def _returned(_dbapi_connection, record):
    record.info["returned_at"] = time.monotonic()


@event.listens_for(Engine, "engine_connect")
def _ping_if_idle(connection):
    fairy = connection.connection
    if time.monotonic() - fairy.info.get("returned_at", 0.0) <= IDLE_BEFORE_PING:
        return
    fairy.info["returned_at"] = time.monotonic()
    try:
        alive = connection.dialect.do_ping(fairy.dbapi_connection)
    except connection.dialect.loaded_dbapi.Error:
        alive = False
    if not alive:
        connection.invalidate()  # the next statement gets a fresh connection from the pool


def is_postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def insert(table):
    """INSERT with ON CONFLICT (do nothing / do update) for the database in use."""
    return (pg_insert if is_postgres() else sqlite_insert)(table)


def take_write_lock() -> None:
    """SQLite: hold the database's write lock from now until the transaction ends (BEGIN IMMEDIATE),
    so that what is read next is still true when the write that depends on it commits; readers go on
    (WAL), other writers wait. sqlite3 opens a transaction only at the first write: one that already
    wrote holds the lock. (PostgreSQL locks the rows it needs instead: SELECT … FOR UPDATE.)"""
    connection = db.session.connection()
    if not connection.connection.dbapi_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


# -- the commit rule --------------------------------------------------------------------------
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ReadWrote(RuntimeError):
    """A read request tried to write: its view needs `@writes_on_read`."""


def writes_on_read(view):
    """Declares a GET view that writes (signing in at the end of SSO, the health check), so that it
    runs in a transaction committed by the commit rule like any other write."""
    view.writes_on_read = True
    return view


def _view_writes(endpoint: str | None) -> bool:
    view = current_app.view_functions.get(endpoint or "")
    return bool(
        getattr(view, "writes_on_read", False) or getattr(getattr(view, "view_class", None), "writes_on_read", False)
    )


def _start_request():
    """A read runs without a transaction (see `extensions.Session`) unless its view writes, or a
    transaction is already open (a test's or a command's app context spanning several requests)."""
    session = db.session()
    idle = not session.in_transaction()
    if idle:
        session.info.pop("writes", None)  # written and committed outside a request (a test, a command)
    session.info["reads_only"] = idle and request.method in READ_METHODS and not _view_writes(request.endpoint)


@event.listens_for(Session, "before_flush")
def _flushing(session, _context, _instances):
    if session.info.get("reads_only"):
        raise ReadWrote("A read request flushed changes; mark its view with @writes_on_read.")


@event.listens_for(Session, "after_flush")
def _flushed(session, _context):
    session.info["writes"] = True


@event.listens_for(Session, "do_orm_execute")
def _executed(state):
    if state.is_insert or state.is_update or state.is_delete:
        if state.session.info.get("reads_only"):
            raise ReadWrote("A read request wrote; mark its view with @writes_on_read.")
        state.session.info["writes"] = True


def check_writable() -> None:
    """Write and commit the health row; raises whatever the database says when it cannot."""
    session = db.session()
    row = session.get(HealthCheck, 1)
    if row is None:
        session.add(HealthCheck(id=1, checked_at=utcnow()))
    else:
        row.checked_at = utcnow()
    session.commit()


def health() -> str:
    """`ok`, or why the database cannot take a write just now (`full`, `read-only`, `unreachable`).
    Healthy means it answers *and* stores a write: a full disk or a read-only database still answers
    reads, and a write that failed for lack of storage a moment ago counts too."""
    try:
        check_writable()
    except Exception as error:  # any database failure means unhealthy, whatever the driver raises
        db.session.rollback()
        return database_problem(error)
    return recent_storage_problem() or "ok"


def has_writes() -> bool:
    session = db.session()
    return bool(session.info.get("writes") or session.new or session.dirty or session.deleted)


def finish_request(response):
    """Commit what a successful request wrote; anything else is rolled back when the request ends.
    A read that wrote nothing ends its transaction without a COMMIT round trip."""
    if not db.session.registry.has():
        return response
    session = db.session()
    if session.info.pop("reads_only", False):
        if has_writes():
            raise ReadWrote("A read request changed stored objects; mark its view with @writes_on_read.")
        # Nothing to commit or roll back; ending the session's transaction here (it costs no round
        # trip) keeps an app context that spans requests from carrying the read's connection on.
        session.rollback()
        return response
    if response.status_code < 400 and has_writes():
        try:
            session.commit()
        except SQLAlchemyError as error:
            session.rollback()
            return database_error_response(error)
    session.info.pop("writes", None)
    return response


def register(app: Flask) -> None:
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite:///") and ":memory:" not in uri:
        Path(uri.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(Path(app.root_path).parent / "migrations"), compare_type=True, render_as_batch=True
    )
    app.before_request(_start_request)
    app.after_request(finish_request)
