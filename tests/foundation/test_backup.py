"""Backups restored once: a live SQLite database with entries in it is backed up while the app keeps
writing, restored into an empty one, and every entry, resource and account is there."""

import os
import stat
import threading
import uuid
from datetime import date

import pytest
from flask_migrate import upgrade

from server import create_app
from server.accounts import service as accounts
from server.accounts.models import User
from server.bank import service as bank
from server.bank.models import Resource
from server.extensions import db
from server.log import service as log
from server.log.models import Entry
from tests.support import PASSWORD


def _app(app_config, path):
    return create_app(app_config | {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})


def _invoke(flask_app, *args: str, input: str | None = None):  # noqa: A002  (click's parameter name)
    """The command run against this app, whatever app context an earlier test left behind."""
    with flask_app.app_context():
        return flask_app.test_cli_runner().invoke(args=list(args), input=input)


def _counts(flask_app) -> dict:
    with flask_app.app_context():
        counts = {
            model.__name__: db.session.scalar(db.select(db.func.count()).select_from(model))
            for model in (User, Entry, Resource)
        }
        db.session.remove()
        return counts


def test_a_live_database_is_backed_up_and_restored_whole(app_config, tmp_path):
    live = _app(app_config, tmp_path / "live.db")
    with live.app_context():
        upgrade(revision="heads")
        org = accounts.get_or_create_organisation("Backup AB")
        people = [
            accounts.create_user(org, email=f"p{n}@backup.example", name=f"Person {n}", password=PASSWORD)
            for n in range(3)
        ]
        for n in range(5):
            bank.add_resource(
                people[n % 3], {"url": f"https://example.com/{n}", "kind": "article", "title": f"Läsning {n}"}
            )
        for n in range(200):
            log.log_entry(
                people[n % 3],
                {"date": date(2026, 1, 1 + n % 28), "minutes": 5, "activity": "podcast", "title": f"Avsnitt {n}"},
            )
        db.session.commit()
        first_id = people[0].id
        db.session.remove()

    stop = threading.Event()

    def keep_logging():  # the app keeps serving while the backup is taken
        with live.app_context():
            person = db.session.get(User, first_id)
            while not stop.is_set():
                log.log_entry(
                    person,
                    {
                        "id": str(uuid.uuid4()),
                        "date": date(2026, 2, 2),
                        "minutes": 1,
                        "activity": "article",
                        "title": "meanwhile",
                    },
                )
                db.session.commit()
            db.session.remove()

    writer = threading.Thread(target=keep_logging)
    writer.start()
    try:
        result = _invoke(live, "backup", str(tmp_path / "copy.db"))
    finally:
        stop.set()
        writer.join()
    assert result.exit_code == 0, result.output
    assert "Backed up" in result.output

    empty = _app(app_config, tmp_path / "fresh.db")
    restored = _invoke(empty, "restore", str(tmp_path / "copy.db"))
    assert restored.exit_code == 0, restored.output
    from_backup = _app(app_config, tmp_path / "copy.db")
    counts = _counts(empty)
    assert counts == _counts(from_backup)
    assert counts["User"] == 3 and counts["Resource"] == 5 and counts["Entry"] >= 200
    with empty.app_context():
        assert accounts.authenticate("p1@backup.example", PASSWORD) is not None
        db.session.remove()


def test_restore_asks_before_replacing_data_and_refuses_what_is_not_a_backup(app_config, tmp_path):
    live = _app(app_config, tmp_path / "live.db")
    with live.app_context():
        upgrade(revision="heads")
        accounts.create_user(accounts.get_or_create_organisation("A"), email="a@a.example", name="A", password=PASSWORD)
        db.session.commit()
        db.session.remove()
    assert _invoke(live, "backup", str(tmp_path / "b.db")).exit_code == 0
    assert _invoke(live, "backup", str(tmp_path / "b.db")).exit_code != 0  # never overwrites a backup
    declined = _invoke(live, "restore", str(tmp_path / "b.db"), input="n\n")
    assert declined.exit_code != 0 and "replace everything" in declined.output
    (tmp_path / "junk.db").write_bytes(b"not a database at all" * 100)
    junk = _invoke(live, "restore", str(tmp_path / "junk.db"), "--yes")
    assert junk.exit_code != 0 and "not a SQLite database" in junk.output


def test_postgresql_is_pointed_at_pg_dump(app_config):
    other = create_app(app_config | {"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:1/none"})
    result = _invoke(other, "backup", "/tmp/never.db")
    assert result.exit_code != 0 and "pg_dump" in result.output


@pytest.mark.parametrize("name", ["backup #1.db", "what?.db", "50%.db", ":memory:", "säkerhetskopia 2026-12-07.db"])
def test_a_backup_is_for_its_owner_only_whatever_its_name(app_config, tmp_path, monkeypatch, name):
    live = _app(app_config, tmp_path / "live.db")
    with live.app_context():
        upgrade(revision="heads")
        accounts.create_user(accounts.get_or_create_organisation("A"), email="a@a.example", name="A", password=PASSWORD)
        db.session.commit()
        db.session.remove()
    monkeypatch.chdir(tmp_path)
    umask = os.umask(0o022)  # what most shells have: without care, a new file would be readable by all
    try:
        result = _invoke(live, "backup", name)
    finally:
        os.umask(umask)
    assert result.exit_code == 0, result.output
    made = tmp_path / name
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    empty = _app(app_config, tmp_path / "fresh.db")
    assert _invoke(empty, "restore", name).exit_code == 0
    assert _counts(empty)["User"] == 1
