"""Shared fixtures: one app per test session on SQLite (a real file) or TEST_DATABASE_URL,
the schema built by the migrations, and a clean database for every test."""

import os
import time
from types import SimpleNamespace

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from server import clock as app_clock
from server import create_app
from server.accounts import service as accounts
from server.config import normalise_database_url
from server.extensions import db, limiter
from server.teams import service as teams
from tests.support import PASSWORD, ApiClient, IsolatedClient, serving

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")


def pytest_report_header(config):
    return f"database: {TEST_DATABASE_URL or 'SQLite file (throwaway)'}"


# About the app, not the database: run once, in the first pass, unless also marked `database`.
APP_ONLY = ("browser", "fuzz")


def pytest_addoption(parser):
    parser.addoption(
        "--database-pass",
        action="store_true",
        help="this run repeats the suite on another database (CI's PostgreSQL pass): the browser and API "
        "fuzz tests, which are about the app, are left out unless marked `database`",
    )


def _left_out(item, config) -> bool:
    if item.get_closest_marker("sqlite" if TEST_DATABASE_URL else "postgres"):
        return True
    return (
        config.getoption("database_pass")
        and any(item.get_closest_marker(name) for name in APP_ONLY)
        and not item.get_closest_marker("database")
    )


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` belong to the PostgreSQL pass (TEST_DATABASE_URL), tests marked `sqlite`
    to the SQLite pass: each left out of the other pass rather than skipped (or passing without
    running), so that a skip never hides in CI. With `--database-pass` the browser and fuzz tests are
    left out too (they ran in the first pass)."""
    left_out = [item for item in items if _left_out(item, config)]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        kept = set(map(id, items)) - set(map(id, left_out))
        items[:] = [item for item in items if id(item) in kept]


@pytest.fixture(scope="session")
def database_url(tmp_path_factory, worker_id) -> str:
    if TEST_DATABASE_URL:
        url = normalise_database_url(TEST_DATABASE_URL)
        return url if worker_id == "master" else _database_of_worker(url, worker_id)
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


def _database_of_worker(url: str, worker_id: str) -> str:
    """With pytest-xdist each worker gets a PostgreSQL database of its own next to the given one
    (`test` → `test_gw0`, …), made when missing, so that workers never empty each other's tables."""
    given = make_url(url)
    mine = given.set(database=f"{given.database}_{worker_id}")
    engine = create_engine(given, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            exists = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": mine.database}
            ).scalar()
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{mine.database}"'))
    finally:
        engine.dispose()
    return mine.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def app_config(database_url, tmp_path_factory) -> dict:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret-key-not-for-production",
        # Real argon2, cheaper parameters: the suite hashes hundreds of passwords.
        "ARGON2_COST": {"time_cost": 1, "memory_cost": 1024},
        "PUSH_ALLOWED_ENDPOINTS": "http://127.0.0.1:",
        "LINK_FETCH_ALLOW_PRIVATE": False,
        "VAPID_INSTANCE_DIR": str(tmp_path_factory.mktemp("vapid")),
        # Outgoing messages wait for a test's own `outbox.deliver()` (or the `sender_thread` fixture):
        # no thread of the shared app sends behind a test's back.
        "OUTBOX_IN_WEB": False,
    }


@pytest.fixture(scope="session")
def app(app_config):
    app = create_app(app_config)
    app.test_client_class = IsolatedClient
    with app.app_context():
        _drop_everything()
        upgrade(revision="heads")
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _drop_everything() -> None:
    """Start from an empty database, whatever an earlier run left behind."""
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        else:
            names = conn.execute(
                text(
                    "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'"
                )
            ).all()
            conn.execute(text("PRAGMA foreign_keys=OFF"))
            for name, kind in names:
                conn.execute(text(f'DROP {kind.upper()} IF EXISTS "{name}"'))


def _empty_tables(attempts: int = 5) -> None:
    """A browser test's last request may still hold a table in the live server when the test ends:
    on PostgreSQL, TRUNCATE can then meet it in a deadlock, so it waits a moment and tries again."""
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    for attempt in range(attempts):
        try:
            with db.engine.begin() as conn:
                if conn.dialect.name == "postgresql":
                    conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
                else:
                    for table in tables:
                        conn.execute(text(f'DELETE FROM "{table}"'))
            return
        except OperationalError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.2 * (attempt + 1))


def _reset_limits() -> None:
    """Fresh rate limits. The in-memory store (limits' MemoryStorage) expires keys on a timer thread that
    reads them without a lock: emptying the store under it can raise in that thread. So the timer is
    stopped (and waited for) first; the store starts a new one with its next count."""
    timer = getattr(limiter.storage, "timer", None)
    if timer is not None:
        timer.cancel()
        timer.join()
    limiter.reset()


@pytest.fixture(autouse=True)
def _fresh_state(request):
    """Every test that touches the app starts with empty tables and fresh rate limits."""
    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    ctx = app.app_context()
    ctx.push()
    _reset_limits()
    try:
        yield
    finally:
        app_clock.set_now(None)
        db.session.rollback()
        db.session.remove()
        _empty_tables()
        ctx.pop()


@pytest.fixture
def clock(app):
    """The app's one clock, for a test that means a moment: `clock.set(moment)` stands it still there
    (`ticking=True` lets it run on from there), `clock.advance(timedelta)` moves it, `clock.now()` reads
    it. Back on the real clock after the test."""
    yield SimpleNamespace(
        set=app_clock.set_now,
        advance=app_clock.advance,
        now=app_clock.utcnow,
        today=lambda zone="Europe/Stockholm": app_clock.local_today(zone),
    )
    app_clock.set_now(None)


@pytest.fixture(scope="session")
def live_server(app):
    """The session's app over real HTTP on a loopback port (browsers, racing phones): its base URL."""
    with serving(app) as base_url:
        yield base_url


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """Create a user (and their organisation and team when named); returns the User."""

    def make(
        email: str,
        *,
        role: str = "employee",
        org: str = "Acme AB",
        team: str | None = None,
        manages: str | None = None,
        timezone: str = "Europe/Stockholm",
        locale: str = "en",
        goal: int | None = None,
    ):
        organisation = accounts.get_or_create_organisation(org)
        user = accounts.create_user(
            organisation,
            email=email,
            name=email.split("@")[0].title(),
            password=PASSWORD,
            role=role,
            timezone=timezone,
            locale=locale,
        )
        user.weekly_goal_minutes = goal
        if team:
            teams.add_member(teams.get_or_create_team(organisation.id, team), user)
        if manages:
            teams.set_manager(teams.get_or_create_team(organisation.id, manages), user)
        db.session.commit()
        return user

    return make


@pytest.fixture
def login(app):
    """Sign a user in through the API; returns an ApiClient that sends the CSRF header."""

    def sign_in(user_or_email, password: str = PASSWORD, remember: bool = False) -> ApiClient:
        email = getattr(user_or_email, "email", user_or_email)
        api = ApiClient(app.test_client())
        response = api.post("/api/v1/auth/login", json={"email": email, "password": password, "remember": remember})
        assert response.status_code == 200, response.get_json()
        api.csrf_token = response.get_json()["csrf_token"]
        return api

    return sign_in


@pytest.fixture
def org(make_user):
    """A small organisation: an admin, two teams with a manager each, employees, and an outsider."""
    people = SimpleNamespace(
        admin=make_user("admin@acme.example", role="admin"),
        maja=make_user("maja@acme.example", role="manager", team="Product", manages="Product"),
        erik=make_user("erik@acme.example", team="Product"),
        sara=make_user("sara@acme.example", team="Product"),
        lars=make_user("lars@acme.example", role="manager", team="Support", manages="Support"),
        nora=make_user("nora@acme.example", team="Support"),
        outsider_admin=make_user("boss@other.example", role="admin", org="Other Oy"),
        outsider=make_user("olle@other.example", org="Other Oy", team="Product"),
    )
    people.product = teams.find_team(people.maja.organisation_id, "Product")
    people.support = teams.find_team(people.maja.organisation_id, "Support")
    return people
