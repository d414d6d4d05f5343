"""Logging at the speed of a phone coming back online, and the weeks screen for a two-year veteran.

Runs on a scratch SQLite file and, when BENCH_DATABASE_URL is set, on a scratch PostgreSQL database
(`bench.support.scratch_database`). Through the Flask test client, signed in with a session cookie as the PWA is:

- `POST /api/v1/entries/sync` with a full outbox of 500 new entries (a fresh person each run, so every
  run stores 500), against a baseline measured in the same run: a bare executemany INSERT of the same
  rows. Target: well under 1 s.
- `GET /api/v1/me/weeks?count=52` for someone with two years of entries, server time read from
  `Server-Timing: app;dur=`. Target: p95 under 20 ms.

    python -m bench log      (or: python -m bench.log [--runs 7] [--samples 100])
"""

import argparse
import random
import re
import statistics
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert

from bench.support import on_scratch_databases
from server import create_app
from server.accounts import service as accounts
from server.clock import local_today, week_start_of
from server.extensions import db
from server.log.models import ACTIVITIES, Entry

PASSWORD = "bench-password-1234"
BATCH = 500
BARE_WEEKS = (
    "SELECT week_start, activity, SUM(minutes) FROM entries WHERE user_id = :user_id GROUP BY week_start, activity"
)
TIMING = re.compile(r"app;dur=([\d.]+)")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _app(url: str):
    config = {
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": "bench",
        "RATELIMIT_ENABLED": False,
        "ARGON2_COST": {"time_cost": 1, "memory_cost": 1024},
    }
    return create_app(config)


def _person(app, org, name: str):
    """A signed-in person as the PWA is: session cookie plus the CSRF header on writes."""
    user = accounts.create_user(org, email=f"{name}@bench.example", name=name, password=PASSWORD)
    db.session.commit()
    client = app.test_client()
    response = client.post("/api/v1/auth/login", json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 200, response.get_json()
    return user, client, {"X-CSRF-Token": response.get_json()["csrf_token"]}


def _outbox(rng: random.Random, today: date) -> list[dict]:
    return [
        {
            "id": str(uuid.uuid4()),
            "date": (today - timedelta(days=rng.randrange(365))).isoformat(),
            "minutes": rng.choice((10, 15, 20, 25, 30, 45, 60)),
            "activity": rng.choice(ACTIVITIES),
            "title": "Lyssnade på pendeln",
            "note": "Något att pröva" if rng.random() < 0.3 else None,
        }
        for _ in range(BATCH)
    ]


def _bare_insert_ms(user, outbox: list[dict]) -> float:
    now = datetime.now(UTC)
    rows = []
    for item in outbox:
        day = date.fromisoformat(item["date"])
        rows.append(
            {
                "id": str(uuid.uuid4()),
                "user_id": user.id,
                "organisation_id": user.organisation_id,
                "date": day,
                "week_start": week_start_of(day),
                "minutes": item["minutes"],
                "activity": item["activity"],
                "title": item["title"],
                "resource_id": None,
                "note": item["note"],
                "created_at": now,
                "updated_at": now,
            }
        )
    started = time.perf_counter()
    with db.engine.begin() as conn:
        conn.execute(insert(Entry.__table__), rows)
    return (time.perf_counter() - started) * 1000


def bench_sync(app, org, runs: int, rng: random.Random) -> None:
    baseline_user, _, _ = _person(app, org, "baseline")
    app_ms, wall_ms, bare_ms = [], [], []
    for run in range(runs + 1):  # the first run warms up caches and is not counted
        user, client, headers = _person(app, org, f"syncer{run}")
        outbox = _outbox(rng, local_today(user.timezone))
        started = time.perf_counter()
        response = client.post("/api/v1/entries/sync", json={"entries": outbox}, headers=headers)
        wall = (time.perf_counter() - started) * 1000
        statuses = {r["status"] for r in response.get_json()["results"]}
        assert response.status_code == 200 and statuses == {"created"}, (response.status_code, statuses)
        bare = _bare_insert_ms(baseline_user, outbox)
        if run:
            app_ms.append(float(TIMING.search(response.headers["Server-Timing"])[1]))
            wall_ms.append(wall)
            bare_ms.append(bare)
    print(
        f"  sync {BATCH} entries ({runs} runs): server median {statistics.median(app_ms):.1f} ms, "
        f"max {max(app_ms):.1f} ms; request median {statistics.median(wall_ms):.1f} ms"
    )
    print(
        f"  bare executemany INSERT of the same rows: median {statistics.median(bare_ms):.1f} ms; "
        f"ratio sync/bare {statistics.median(wall_ms) / statistics.median(bare_ms):.1f}x  (target: < 1000 ms)"
    )


def bench_weeks(app, org, samples: int, rng: random.Random) -> None:
    user, client, headers = _person(app, org, "veteran")
    today = local_today(user.timezone)
    now = datetime.now(UTC)
    rows = []
    for days_back in range(2 * 365):
        if rng.random() < 0.6:
            day = today - timedelta(days=days_back)
            rows.append(
                {
                    "id": str(uuid.uuid4()),
                    "user_id": user.id,
                    "organisation_id": org.id,
                    "date": day,
                    "week_start": week_start_of(day),
                    "minutes": rng.choice((10, 15, 20, 30, 45)),
                    "activity": rng.choice(ACTIVITIES),
                    "title": "Något lärt",
                    "resource_id": None,
                    "note": None,
                    "created_at": now,
                    "updated_at": now,
                }
            )
    with db.engine.begin() as conn:
        conn.execute(insert(Entry.__table__), rows)
    for _ in range(5):
        client.get("/api/v1/me/weeks?count=52", headers=headers)
    app_ms, bare_ms = [], []
    for _ in range(samples):
        response = client.get("/api/v1/me/weeks?count=52", headers=headers)
        assert response.status_code == 200 and len(response.get_json()) == 52
        app_ms.append(float(TIMING.search(response.headers["Server-Timing"])[1]))
        started = time.perf_counter()
        with db.engine.connect() as conn:
            conn.execute(db.text(BARE_WEEKS), {"user_id": user.id}).fetchall()
        bare_ms.append((time.perf_counter() - started) * 1000)
    print(
        f"  GET /me/weeks?count=52 with {len(rows)} entries over two years ({samples} requests): "
        f"median {statistics.median(app_ms):.1f} ms, p95 {percentile(app_ms, 0.95):.1f} ms  (target: < 20 ms)"
    )
    print(
        f"  bare grouped query behind it: median {statistics.median(bare_ms):.1f} ms, "
        f"p95 {percentile(bare_ms, 0.95):.1f} ms"
    )


def run(label: str, url: str, runs: int, samples: int) -> None:
    print(f"{label}:", flush=True)
    app = _app(url)
    with app.app_context():
        try:
            org = accounts.get_or_create_organisation("Bench AB", timezone="Europe/Stockholm")
            db.session.commit()
            rng = random.Random(42)
            bench_sync(app, org, runs, rng)
            bench_weeks(app, org, samples, rng)
        finally:
            db.session.remove()
            db.engine.dispose()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench.log")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--samples", type=int, default=100)
    args = parser.parse_args(argv)
    return on_scratch_databases("log", lambda label, url: run(label, url, args.runs, args.samples))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
