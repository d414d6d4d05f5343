"""What a phone asks when it opens the app costs few database round trips, and a read writes
nothing: no INSERT, UPDATE or DELETE, no COMMIT (an API token's last use is stamped at most every
few minutes)."""

import contextlib

import pytest
from sqlalchemy import event

from server.accounts import service as accounts
from server.accounts.models import User
from server.database import ReadWrote
from server.extensions import db
from tests.support import PASSWORD, ApiClient, IsolatedClient

WRITES = ("INSERT", "UPDATE", "DELETE")
# The most statements each answer may take, the caller's sign-in included (was 5, 5, 3, 6, 6).
OPENING = {
    "/api/v1/auth/session": 2,
    "/api/v1/me/weeks/current": 2,
    "/api/v1/entries?from=2026-11-23&to=2026-11-29": 2,
    "/api/v1/resources?q=ledarskap": 4,
    "/api/v1/resources?sort=popular": 4,
}


@contextlib.contextmanager
def recorded():
    statements, commits = [], []

    def on_execute(_conn, _cursor, statement, *_args):
        statements.append(statement)

    def on_commit(_conn):
        commits.append(True)

    event.listen(db.engine, "before_cursor_execute", on_execute)
    event.listen(db.engine, "commit", on_commit)
    try:
        yield statements, commits
    finally:
        event.remove(db.engine, "before_cursor_execute", on_execute)
        event.remove(db.engine, "commit", on_commit)


def _phone(app, bearer: str | None = None) -> ApiClient:
    """A client whose every request has its own app context and session, as on a real server."""
    return ApiClient(IsolatedClient(app, app.response_class, use_cookies=True), bearer=bearer)


@pytest.fixture
def erik(app, org):
    api = _phone(app)
    response = api.post("/api/v1/auth/login", json={"email": org.erik.email, "password": PASSWORD})
    api.csrf_token = response.get_json()["csrf_token"]
    for day in ("2026-11-23", "2026-11-24"):
        assert api.post("/api/v1/entries", json={"date": day, "minutes": 30, "activity": "book"}).status_code == 201
    shared = api.post(
        "/api/v1/resources",
        json={
            "url": "https://example.com/a",
            "kind": "article",
            "title": "Ledarskap i praktiken",
            "tags": ["ledarskap"],
        },
    )
    assert api.put(f"/api/v1/resources/{shared.get_json()['id']}/save").status_code == 200
    return api


@pytest.mark.parametrize("path", OPENING)
def test_opening_the_app_takes_few_round_trips_and_writes_nothing(erik, path):
    with recorded() as (statements, commits):
        response = erik.get(path)
    assert response.status_code == 200
    assert len(statements) <= OPENING[path], statements
    assert not [s for s in statements if s.lstrip().upper().startswith(WRITES)]
    assert not commits


def test_a_bearer_read_writes_nothing(app, org):
    _token, plain = accounts.issue_token(org.erik, "Shortcut")
    db.session.commit()
    phone = _phone(app, bearer=plain)
    assert phone.get("/api/v1/me/weeks/current").status_code == 200  # the first use is stamped
    with recorded() as (statements, commits):
        for path in ("/api/v1/me/weeks/current", "/api/v1/entries", "/api/v1/resources", "/api/v1/me"):
            assert phone.get(path).status_code == 200
    assert not [s for s in statements if s.lstrip().upper().startswith(WRITES)]
    assert not commits


@pytest.mark.postgres
def test_reads_run_outside_a_transaction_and_writes_inside_one(erik):
    """On PostgreSQL a read's statements run on an autocommit connection (no BEGIN, no ROLLBACK);
    a write's run in one transaction, committed once."""
    modes = []

    def on_execute(conn, _cursor, statement, *_args):
        modes.append((statement.split()[0].upper(), conn.connection.dbapi_connection.autocommit))

    event.listen(db.engine, "before_cursor_execute", on_execute)
    try:
        for path in OPENING:
            assert erik.get(path).status_code == 200
        reads, modes[:] = list(modes), []
        assert (
            erik.post("/api/v1/entries", json={"date": "2026-11-25", "minutes": 20, "activity": "podcast"}).status_code
            == 201
        )
    finally:
        event.remove(db.engine, "before_cursor_execute", on_execute)
    assert reads and all(autocommit for _verb, autocommit in reads), reads
    assert "INSERT" in {verb for verb, _ in modes} and not any(autocommit for _verb, autocommit in modes), modes


def test_a_read_that_writes_is_stopped_before_it_writes(app, org):
    """A GET view that writes must say so (`@writes_on_read`); otherwise its write is refused before
    it reaches the database, and nothing of it is stored."""
    before = db.session.get(User, org.erik.id).name
    db.session.commit()
    with app.test_request_context("/api/v1/me", method="GET"):
        app.preprocess_request()
        erik = db.session.get(User, org.erik.id)
        erik.name = "Changed by a read"
        with pytest.raises(ReadWrote):
            db.session.flush()
        db.session.rollback()
        with pytest.raises(ReadWrote):
            db.session.execute(db.update(User).where(User.id == org.erik.id).values(name="Again"))
        db.session.rollback()
    db.session.expire_all()
    assert db.session.get(User, org.erik.id).name == before


def test_views_that_write_on_a_get_still_commit(app, org, login):
    """The health check and the calendar link write on a GET: they commit like any write."""
    erik = login(org.erik)
    first = erik.get("/api/v1/me/calendar").get_json()["url"]
    assert erik.get("/api/v1/me/calendar").get_json()["url"] == first  # stored, so the same again
    assert app.test_client().get("/healthz").status_code == 200


def test_sharing_a_new_link_takes_few_round_trips(erik):
    """The caller, the duplicate check, the resource (in a savepoint), its tags and their links:
    nothing deleted, updated or read back (was 13)."""
    with recorded() as (statements, commits):
        response = erik.post(
            "/api/v1/resources",
            json={
                "url": "https://example.com/b",
                "kind": "podcast",
                "title": "Om feedback",
                "tags": ["feedback", "ledarskap"],
            },
        )
    assert response.status_code == 201
    assert len(statements) <= 8, statements
    assert not [s for s in statements if s.lstrip().upper().startswith(("UPDATE", "DELETE"))], statements
    assert len(commits) == 1


def test_logging_an_entry_takes_three_statements(erik):
    """The caller, the day's total, the insert: no look-up before it and no reading it back."""
    with recorded() as (statements, commits):
        response = erik.post("/api/v1/entries", json={"date": "2026-11-26", "minutes": 15, "activity": "video"})
    assert response.status_code == 201
    assert len(statements) <= 3, statements
    assert len(commits) == 1


def test_saving_takes_four_statements_and_a_second_tap_changes_nothing(erik):
    """The caller, the resource, the save (the primary key turns a second tap away) and the counter,
    whose new value the update returns."""
    shared = erik.post(
        "/api/v1/resources", json={"url": "https://example.com/c", "kind": "book", "title": "Om lärande"}
    ).get_json()
    with recorded() as (statements, commits):
        first = erik.put(f"/api/v1/resources/{shared['id']}/save")
    assert first.status_code == 200 and first.get_json()["save_count"] == 1
    assert len(statements) <= 4, statements
    second = erik.put(f"/api/v1/resources/{shared['id']}/save")
    assert second.status_code == 200 and second.get_json()["save_count"] == 1
    assert erik.delete(f"/api/v1/resources/{shared['id']}/save").get_json()["save_count"] == 0
