"""Racing replays against a real HTTP server: one entry, however many copies arrive at once."""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime

import httpx

from server.accounts import service as accounts
from server.accounts.models import User
from server.extensions import db
from server.log import service
from server.log.models import Entry
from tests.support import statement_started

COPIES = 8


def bearer(user) -> dict:
    _, plain = accounts.issue_token(user, "phone")
    db.session.commit()
    return {"Authorization": f"Bearer {plain}"}


def fire_together(url: str, headers: dict, bodies: list[dict]) -> list[httpx.Response]:
    start = threading.Barrier(len(bodies))

    def send(body):
        with httpx.Client(timeout=30) as client:
            start.wait()
            return client.post(url, json=body, headers=headers)

    with ThreadPoolExecutor(len(bodies)) as pool:
        return list(pool.map(send, bodies))


def count_rows(entry_id: str) -> int:
    db.session.expire_all()
    return db.session.scalar(db.select(db.func.count()).select_from(Entry).where(Entry.id == entry_id))


def test_racing_replays_store_one_entry(org, live_server):
    headers = bearer(org.erik)
    body = {"id": str(uuid.uuid4()), "minutes": 25, "activity": "podcast", "title": "Söndagspodd"}
    responses = fire_together(f"{live_server}/api/v1/entries", headers, [body] * COPIES)
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] * (COPIES - 1) + [201], [r.text for r in responses]
    assert {r.json()["id"] for r in responses} == {body["id"]}
    assert {r.json()["created_at"] for r in responses} == {responses[0].json()["created_at"]}
    assert count_rows(body["id"]) == 1


def test_racing_outbox_replays_store_each_entry_once(org, live_server):
    headers = bearer(org.erik)
    outbox = [
        {"id": str(uuid.uuid4()), "minutes": 10 + i, "activity": "article", "title": f"Artikel {i}"} for i in range(20)
    ]
    responses = fire_together(f"{live_server}/api/v1/entries/sync", headers, [{"entries": outbox}] * COPIES)
    assert all(r.status_code == 200 for r in responses), [r.text for r in responses]
    per_item = list(zip(*[[x["status"] for x in r.json()["results"]] for r in responses], strict=True))
    for statuses in per_item:
        assert sorted(statuses) == ["created"] + ["duplicate"] * (COPIES - 1)
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(Entry)) == len(outbox)


def test_replay_landing_between_look_up_and_insert(app, org):
    """The other copy is stored (not yet committed) after this one looked and found nothing: the
    primary key, not the look-up, makes this one answer with the stored entry."""
    entry_id = str(uuid.uuid4())
    now = datetime.now(UTC)
    answer = {}

    def replay():
        with app.app_context():
            user = db.session.get(User, org.erik.id)
            answer["result"] = service.log_entry(
                user,
                {"id": entry_id, "date": date(2026, 11, 2), "minutes": 30, "activity": "video", "title": "Second copy"},
            )
            answer["title"] = answer["result"][0].title
            db.session.commit()

    with db.engine.connect() as other:
        with other.begin():
            other.execute(
                Entry.__table__.insert().values(
                    id=entry_id,
                    user_id=org.erik.id,
                    organisation_id=org.erik.organisation_id,
                    date=date(2026, 11, 2),
                    week_start=date(2026, 11, 2),
                    minutes=30,
                    activity="video",
                    title="First copy",
                    created_at=now,
                    updated_at=now,
                )
            )
            with statement_started(db.engine, "INSERT INTO entries") as inserting:
                worker = threading.Thread(target=replay)
                worker.start()
                assert inserting.wait(10)  # it has looked, found nothing, and writes
            assert worker.is_alive()  # waiting on the first copy's uncommitted row
        worker.join(timeout=10)
    assert answer["result"][1] is False and answer["title"] == "First copy"
    assert count_rows(entry_id) == 1
