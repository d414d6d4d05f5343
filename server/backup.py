"""`flask backup PATH` and `flask restore PATH` for SQLite, with SQLite's online backup API: a backup
is a consistent copy taken page by page while the app keeps serving (WAL lets readers and the one
writer go on). PostgreSQL has pg_dump and pg_restore for this (docs/deploy.md).

A backup holds password hashes: its file is made readable and writable by its owner only (0600),
before a byte is written. Any file name works (`#`, `?`, `%`, `:memory:`…): paths are made absolute
and, where SQLite reads them as URIs, quoted.
"""

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

import click
from flask.cli import with_appcontext
from flask_migrate import upgrade

from .extensions import db


def _sqlite_path() -> Path:
    url = db.engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise click.ClickException(
            "This database is not a SQLite file: back up PostgreSQL with pg_dump "
            "and restore with pg_restore (see docs/deploy.md)."
        )
    return Path(url.database)


def _read_only(path: Path) -> str:
    """`path` as a URI SQLite opens read-only, whatever characters its name holds."""
    return f"file:{quote(str(path.resolve()))}?mode=ro"


def _check(path: Path) -> int:
    """The number of tables of a good Learning Hour database, or a ClickException."""
    try:
        with sqlite3.connect(_read_only(path), uri=True) as connection:
            if connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise click.ClickException(f"{path} is damaged (integrity check failed).")
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as error:
        raise click.ClickException(f"{path} is not a SQLite database: {error}") from error
    if not {"alembic_version", "users", "entries"} <= tables:
        raise click.ClickException(f"{path} is not a Learning Hour database.")
    return len(tables)


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path):
    """Copy the SQLite database to PATH, safely while the app runs."""
    source_path = _sqlite_path()
    path = path.resolve()  # a name SQLite would read otherwise (":memory:") is a file here
    path.parent.mkdir(parents=True, exist_ok=True)
    try:  # made for the owner alone, and only if it is new: never over another file
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        raise click.ClickException(f"{path} exists; choose a new file.") from None
    os.chmod(path, 0o600)  # whatever the umask
    try:
        with sqlite3.connect(source_path) as source, sqlite3.connect(path) as target:
            source.backup(target, pages=1024)
        tables = _check(path)
    except BaseException:
        path.unlink(missing_ok=True)  # no half-written backup is left to be trusted
        raise
    click.echo(f"Backed up {source_path} to {path} ({tables} tables, {path.stat().st_size} bytes).")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace a database that already holds data without asking.")
@with_appcontext
def restore_command(path: Path, yes: bool):
    """Replace the SQLite database with the backup at PATH (stop the app and workers first)."""
    target_path = _sqlite_path()
    _check(path)
    people = 0
    if target_path.exists():
        with sqlite3.connect(target_path) as current:
            has_users = current.execute("SELECT 1 FROM sqlite_master WHERE name = 'users'").fetchone()
            people = current.execute("SELECT count(*) FROM users").fetchone()[0] if has_users else 0
    if people and not yes:
        click.confirm(f"{target_path} holds {people} people; replace everything with {path}?", abort=True)
    db.session.remove()
    db.engine.dispose()
    with sqlite3.connect(_read_only(path), uri=True) as source, sqlite3.connect(target_path) as target:
        source.backup(target, pages=1024)
    upgrade()  # a backup from an older release gets this release's schema
    click.echo(f"Restored {path} into {target_path}.")
