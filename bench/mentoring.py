"""What the Mentoring screen and its writes cost the app: statements and CPU per request, in one
process, as `bench.requests` measures the phone mix (the two compare by the same bare baseline).

On a scratch PostgreSQL database (`bench_mentoring`, made, migrated and dropped here) with the
organisation of `bench.load` (300 people in teams of ten, their entries and a bank of resources),
400 offers and asks on the bank's tags, a request on a quarter of them, 100 pairings with four
meetings each, and a few saved resources per person (what suggestions start from). Through the
Flask test client with signed-in cookies: the screen's five reads, asking for a place (and taking
the request back, so the rounds can repeat), and logging a meeting for both. Best of three rounds.

    python -m bench mentoring      (or: python -m bench.mentoring --rounds 3 --each 100)
"""

import argparse
import json
import os
import random
import sys
import tempfile
import uuid
from pathlib import Path

from sqlalchemy import insert, select

from bench.bank import TAGS
from bench.load import SECRET, fill
from bench.support import on_scratch_databases, statements_and_cpu
from server import create_app
from server.accounts.models import User
from server.bank.models import Resource, Save
from server.extensions import db
from server.mentoring import service as mentoring

OFFERS, PAIRINGS, MEETINGS_EACH = 400, 100, 4


def populate(app) -> list[int]:
    """Offers, requests, pairings with meetings, and saves; returns the pairings' ids (person 0 is in
    the first ten, as mentee)."""
    rng = random.Random(28)
    with app.app_context():
        people = list(db.session.scalars(select(User).order_by(User.id)))
        resources = list(db.session.scalars(select(Resource.id).order_by(Resource.id).limit(2000)))
        db.session.execute(
            insert(Save.__table__),
            [{"user_id": p.id, "resource_id": r} for p in people for r in set(rng.sample(resources, 5))],
        )
        offers = []
        for n in range(OFFERS):
            owner = people[1 + n % (len(people) - 1)]
            kind = rng.choice(("mentor", "mentor", "shadow", "ask"))
            topics = list({rng.choice(TAGS) for _ in range(rng.randint(1, 3))})
            offers.append(mentoring.post_offer(owner, {"kind": kind, "topics": topics, "capacity": 3}))
        pairings = []
        for n in range(PAIRINGS):
            offer = offers[n]
            asker = people[0] if n < 10 else people[(n * 7) % len(people)]
            if asker.id == offer.user_id:
                continue
            owner = db.session.get(User, offer.user_id)
            pairing = mentoring.accept(owner, mentoring.ask(asker, offer.id, "Hej!"), offer)
            for m in range(MEETINGS_EACH):
                mentoring.log_meeting(owner, pairing, {"minutes": 30, "id": str(uuid.UUID(int=n * 10 + m + 1))})
            pairings.append(pairing.id)
        for n in range(PAIRINGS, OFFERS // 4 + PAIRINGS):  # requests waiting for an answer
            asker = people[(n * 11) % len(people)]
            if asker.id != offers[n].user_id:
                mentoring.ask(asker, offers[n].id, "Har du tid?")
        db.session.commit()
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()
        return pairings


def _requests(client, sessions: list[list[str]], pairings: list[int], open_offer: int) -> dict:
    turn = iter(range(10**9))

    def as_person(n: int) -> dict:
        cookie, csrf = sessions[n]
        client.set_cookie("session", cookie)
        return {"X-CSRF-Token": csrf}

    def read(path: str):
        as_person(0)
        return client.get(path)

    def ask_and_take_back():
        headers = as_person(200 + next(turn) % 90)
        made = client.post(
            "/api/v1/mentoring/requests", headers=headers, json={"offer_id": open_offer, "message": "Hej"}
        )
        assert made.status_code == 201, made.get_data(as_text=True)
        return client.delete(f"/api/v1/mentoring/requests/{made.get_json()['id']}", headers=headers)

    def meeting():
        headers = as_person(0)  # person 0 is the mentee of the first pairings
        body = {"minutes": 1, "id": str(uuid.uuid4()), "date": "2000-01-03"}
        return client.post(
            f"/api/v1/mentoring/pairings/{pairings[next(turn) % 5]}/meetings", headers=headers, json=body
        )

    return {
        "GET /bench-bare (baseline)": lambda: read("/bench-bare"),
        "GET /mentoring/offers": lambda: read("/api/v1/mentoring/offers"),
        "GET /mentoring/offers?topic=": lambda: read(f"/api/v1/mentoring/offers?topic={TAGS[next(turn) % 10][:3]}"),
        "GET /mentoring/suggestions": lambda: read("/api/v1/mentoring/suggestions"),
        "GET /mentoring/pairings": lambda: read("/api/v1/mentoring/pairings"),
        "GET /mentoring/requests": lambda: read("/api/v1/mentoring/requests"),
        "POST+DELETE /mentoring/requests": ask_and_take_back,
        "POST …/meetings (both logs)": meeting,
    }


def run(args, url: str) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-mentoring-") as tmp:
        fill(url, args.people, args.resources, Path(tmp) / "sessions.json")
        sessions = json.loads((Path(tmp) / "sessions.json").read_text())
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET, "LOG_LEVEL": "WARNING"})
    app.add_url_rule("/bench-bare", "bench_bare", lambda: {"ok": True})
    pairings = populate(app)
    with app.app_context():
        person = db.session.scalar(select(User.id).order_by(User.id).offset(1))
        spare = mentoring.post_offer(
            db.session.get(User, person), {"kind": "mentor", "topics": ["bench"], "capacity": 20}
        ).id
        db.session.commit()
    print(
        f"  {args.people} people, {OFFERS} offers, {len(pairings)} pairings with {MEETINGS_EACH} meetings; best of "
        f"{args.rounds} rounds of {args.each} (load average {os.getloadavg()[0]:.1f}):",
        flush=True,
    )
    try:
        statements_and_cpu(
            app, _requests(app.test_client(), sessions, pairings, spare), args.rounds, args.each, warm=10, width=32
        )
    finally:
        with app.app_context():
            db.engine.dispose()  # before the database is dropped


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench.mentoring")
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--resources", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--each", type=int, default=100)
    args = parser.parse_args(argv)
    return on_scratch_databases("mentoring", lambda _label, url: run(args, url), sqlite=False, secret=SECRET)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
