"""What one request of the phone mix costs the app: its statements and its CPU, in one process.

The load test's figures move with whatever else runs on the machine; the CPU time a request takes
in this process (`time.process_time`) and the statements it sends barely do, so this is the
measure to compare two versions by. On a scratch PostgreSQL database (`bench_requests`, made,
migrated and dropped here, as `bench.load` does) with 300 people and 3,000 resources, through the
Flask test client with a signed-in cookie: the app's start, a search, logging, sharing, saving and
a small outbox. Each figure is the best of three rounds of 100 requests; the baseline is a bare
endpoint registered on the same app (the same hooks, cookie, logging), so the ratio is what the
request's own work adds.

    python -m bench requests      (or: python -m bench.requests --rounds 3 --each 100)
"""

import argparse
import json
import os
import sys
import tempfile
import uuid
from datetime import date, timedelta
from pathlib import Path

from bench.load import SECRET, fill
from bench.support import on_scratch_databases, statements_and_cpu
from server import create_app
from server.extensions import db

WORDS = ["led", "feedb", "produkt", "kund", "data", "säker", "lär", "pyth", "podc", "strat"]


def _requests(client, sessions: list[list[str]]) -> dict:
    """name -> a function asking one request (writes rotate through the people, each under their own
    cookie, so that nobody's day passes 24 hours)."""
    today = date.today()
    monday = today - timedelta(days=today.weekday())
    turn = iter(range(10**9))

    def as_someone() -> dict:
        cookie, csrf = sessions[next(turn) % len(sessions)]
        client.set_cookie("session", cookie)
        return {"X-CSRF-Token": csrf}

    def read(path: str):
        client.set_cookie("session", sessions[0][0])
        return client.get(path)

    def entry() -> dict:
        return {
            "id": str(uuid.uuid4()),
            "date": (today - timedelta(days=next(turn) % 14)).isoformat(),
            "minutes": 5,
            "activity": "podcast",
            "title": "Ett avsnitt",
        }

    def share():
        return client.post(
            "/api/v1/resources",
            headers=as_someone(),
            json={
                "url": f"https://example.org/bench/{uuid.uuid4().hex}",
                "kind": "article",
                "title": "Värt att läsa",
                "tags": ["lärande", "ledarskap"],
            },
        )

    shared = [share().get_json()["id"] for _ in range(3)]
    return {
        "GET /bench-bare (baseline)": lambda: read("/bench-bare"),
        "GET /auth/session": lambda: read("/api/v1/auth/session"),
        "GET /me/weeks/current": lambda: read("/api/v1/me/weeks/current"),
        "GET /entries?from&to": lambda: read(f"/api/v1/entries?from={monday}&to={monday + timedelta(days=6)}"),
        "GET /resources?q=": lambda: read(f"/api/v1/resources?q={WORDS[next(turn) % len(WORDS)]}"),
        "POST /entries": lambda: client.post("/api/v1/entries", headers=as_someone(), json=entry()),
        "POST /entries/sync": lambda: client.post(
            "/api/v1/entries/sync", headers=as_someone(), json={"entries": [entry(), entry()]}
        ),
        "POST /resources": share,
        "PUT /resources/{id}/save": lambda: client.put(
            f"/api/v1/resources/{shared[next(turn) % 3]}/save", headers=as_someone()
        ),
    }


def measure(app, sessions: list[list[str]], rounds: int, each: int) -> None:
    statements_and_cpu(app, _requests(app.test_client(), sessions), rounds, each)


def run(args, url: str) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-requests-") as tmp:
        fill(url, args.people, args.resources, Path(tmp) / "sessions.json")
        sessions = json.loads((Path(tmp) / "sessions.json").read_text())
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET, "LOG_LEVEL": "WARNING"})
    app.add_url_rule("/bench-bare", "bench_bare", lambda: {"ok": True})
    print(
        f"  {args.people} people, {args.resources:,} resources; best of {args.rounds} rounds of "
        f"{args.each} (load average {os.getloadavg()[0]:.1f}):",
        flush=True,
    )
    try:
        measure(app, sessions, args.rounds, args.each)
    finally:
        with app.app_context():
            db.engine.dispose()  # before the database is dropped


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench.requests")
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--resources", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--each", type=int, default=100)
    args = parser.parse_args(argv)
    return on_scratch_databases("requests", lambda _label, url: run(args, url), sqlite=False, secret=SECRET)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
