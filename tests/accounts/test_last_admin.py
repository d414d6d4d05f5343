"""Never zero active admins, also when two admins deactivate or demote each other at the same moment:
two real requests to a live server, held side by side just before each writes (if nothing held them
apart, both would pass the check and both would write), on SQLite and on PostgreSQL."""

import threading

import httpx
import pytest
from sqlalchemy import event
from werkzeug.serving import make_server

from server.accounts.models import User
from server.extensions import db
from tests.support import PASSWORD


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


def _signed_in(base: str, email: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=30)
    answer = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    client.headers["X-CSRF-Token"] = answer.json()["csrf_token"]
    return client


@pytest.fixture
def side_by_side(app):
    """Holds the two requests side by side twice: once both have found who is asking (so each is an
    admin when it starts), and again just before each writes to `users` (so that, if nothing held
    them apart, both would have passed their check). A request waiting for the other's lock never
    reaches the second meeting: after two seconds the first goes on alone. Returns whether the
    first meeting took place (on a very busy machine it might not: the test then says so)."""
    signed_in, writing = threading.Barrier(2), threading.Barrier(2)
    met = []

    def hold(conn, cursor, statement, parameters, context, executemany):
        if "JOIN login_sessions" in statement:
            try:
                signed_in.wait(timeout=30)
                met.append(True)
            except threading.BrokenBarrierError:
                pass
        elif statement.lstrip().upper().startswith("UPDATE USERS"):
            try:
                writing.wait(timeout=2)
            except threading.BrokenBarrierError:
                pass

    event.listen(db.engine, "before_cursor_execute", hold)
    yield met
    event.remove(db.engine, "before_cursor_execute", hold)


def _at_once(*calls):
    answers = [None] * len(calls)

    def run(index, call):
        answers[index] = call()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return answers


def _active_admins(organisation_id: int) -> list[str]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            db.select(User.email).where(
                User.organisation_id == organisation_id, User.role == "admin", User.active.is_(True)
            )
        )
    )


@pytest.mark.parametrize("change", [{"active": False}, {"role": "employee"}], ids=["deactivate", "demote"])
def test_two_admins_taking_each_other_away_at_once_leave_one(live_server, make_user, org, side_by_side, change):
    ada = make_user("ada@acme.example", role="admin")
    ada_id, admin_id = ada.id, org.admin.id
    first, second = _signed_in(live_server, org.admin.email), _signed_in(live_server, ada.email)
    answers = _at_once(
        lambda: first.patch(f"/api/v1/admin/users/{ada_id}", json=change),
        lambda: second.patch(f"/api/v1/admin/users/{admin_id}", json=change),
    )
    assert side_by_side == [True, True], "both requests were under way together"
    statuses = sorted(answer.status_code for answer in answers)
    # The other one waited for the lock and was the last admin left (409), or found itself already
    # demoted (403) or, deactivated, already signed out (401): the winner's commit came first.
    refused = (401, 403, 409) if change == {"active": False} else (403, 409)
    assert statuses[0] == 200 and statuses[1] in refused, [a.text for a in answers]
    assert len(_active_admins(org.admin.organisation_id)) == 1


def test_an_admin_leaving_while_deactivating_the_other_leaves_one(live_server, make_user, org, side_by_side):
    ada = make_user("ada@acme.example", role="admin")
    admin_id = org.admin.id
    leaving, deactivating = _signed_in(live_server, ada.email), _signed_in(live_server, ada.email)
    answers = _at_once(
        lambda: leaving.request("DELETE", "/api/v1/me", json={"password": PASSWORD}),
        lambda: deactivating.patch(f"/api/v1/admin/users/{admin_id}", json={"active": False}),
    )
    assert side_by_side == [True, True], "both requests were under way together"
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses[0] in (200, 204) and statuses[1] in (401, 403, 409), [a.text for a in answers]
    assert len(_active_admins(org.admin.organisation_id)) == 1
