"""When the database cannot store a write (a full disk, a read-only file), people get a clear 503 and
`/healthz` says so; reads keep working and a bearer read never needs to write."""

from datetime import timedelta

import pytest
from flask_migrate import upgrade
from sqlalchemy import event

from server import create_app
from server.accounts import service as accounts
from server.accounts.models import ApiToken
from server.clock import utcnow
from server.extensions import db
from tests.support import PASSWORD, ApiClient, IsolatedClient


@pytest.fixture
def own_app(tmp_path, app_config):
    """An app of its own on a SQLite file this test may break."""
    path = tmp_path / "faults.db"
    app = create_app(app_config | {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        upgrade(revision="heads")
        org = accounts.get_or_create_organisation("Faults AB")
        user = accounts.create_user(org, email="f@faults.example", name="F", password=PASSWORD, locale="en")
        _, token = accounts.issue_token(user, "phone")
        db.session.commit()
        db.session.remove()
    app.token = token
    app.test_client_class = IsolatedClient
    return app


def _storage_full(app):
    """Every new connection may use no more pages than the file has now: the next write is 'full'."""
    with app.app_context():
        with db.engine.connect() as connection:  # no free pages left to fill first
            connection.exec_driver_sql("VACUUM")
        pages = db.session.execute(db.text("PRAGMA page_count")).scalar()
        db.session.remove()
        db.engine.dispose()

        @event.listens_for(db.engine, "connect")
        def _cap(connection, _record):
            connection.execute(f"PRAGMA max_page_count = {pages}")


def test_a_full_disk_answers_503_and_healthz_tells_the_truth(own_app):
    client = own_app.test_client()
    api = ApiClient(client, bearer=own_app.token)
    assert client.get("/healthz").status_code == 200
    _storage_full(own_app)
    bulky = {"minutes": 10, "activity": "podcast", "title": "x" * 190, "note": "n" * 9000}
    answers = [api.post("/api/v1/entries", json=bulky) for _ in range(40)]
    refused = [a for a in answers if a.status_code != 201]
    assert refused and all(a.status_code == 503 for a in refused)
    assert "full or read-only" in refused[0].get_json()["message"] and refused[0].headers["Retry-After"]
    health = client.get("/healthz")
    assert health.status_code == 503 and health.get_json()["database"] == "full"
    assert api.get("/api/v1/me").status_code == 200  # reads still work, and write nothing


def test_a_read_only_database_answers_503(own_app, tmp_path):
    with own_app.app_context():
        db.session.remove()
        db.engine.dispose()

        @event.listens_for(db.engine, "connect")
        def _read_only(connection, _record):
            connection.execute("PRAGMA query_only = ON")

    client = own_app.test_client()
    health = client.get("/healthz")
    assert health.status_code == 503 and health.get_json()["status"] == "error"
    api = ApiClient(client, bearer=own_app.token)
    assert api.get("/api/v1/me").status_code == 200
    write = api.post("/api/v1/entries", json={"minutes": 10, "activity": "podcast", "title": "x"})
    assert write.status_code == 503 and write.is_json


def test_bearer_reads_write_nothing_and_token_use_is_recorded_now_and_then(own_app):
    api = ApiClient(own_app.test_client(), bearer=own_app.token)
    writes = []
    with own_app.app_context():

        @event.listens_for(db.engine, "before_cursor_execute")
        def _watch(_conn, _cursor, statement, *_args):
            if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
                writes.append(statement)

        assert api.get("/api/v1/me").status_code == 200
        assert len(writes) == 1 and "api_tokens" in writes[0]  # the first use is recorded, on its own
        for _ in range(3):
            assert api.get("/api/v1/me/weeks/current").status_code == 200
        assert len(writes) == 1
        token = db.session.scalar(db.select(ApiToken))
        token.last_used_at = utcnow() - timedelta(minutes=6)
        db.session.commit()
        writes.clear()
        assert api.get("/api/v1/me").status_code == 200
        assert len(writes) == 1


def test_a_bearer_client_can_subscribe_to_pushes(own_app):
    api = ApiClient(own_app.test_client(), bearer=own_app.token)
    key = "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM"
    body = {"endpoint": "http://127.0.0.1:9/push/abc", "keys": {"p256dh": key, "auth": "tBHItJI5svbpez7KI4CCXg"}}
    answer = api.post("/api/v1/push/subscriptions", json=body)
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["created_at"].endswith("+00:00")
