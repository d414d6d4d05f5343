"""A whole company on its phones: gunicorn on PostgreSQL under locust, over real HTTP.

Makes a scratch database of its own (`bench_load`, dropped afterwards) next to the one
BENCH_DATABASE_URL names (default: postgres@127.0.0.1:5432), migrates it with `flask db upgrade`,
fills it with an organisation of `--people` (1,000) in teams of ten with eight weeks of entries each
and a bank of `--resources` (5,000), and serves it with gunicorn as docs/deploy.md does (4 workers,
2 threads). Then:

1. The phone mix (`bench/_locustfile.py`): `--users` (200) people signed in by cookie, 1–3 s to
   think, for `--seconds` (60): p50/p95/p99 and errors per endpoint. Target: no errors, p99 under
   150 ms for everything but the sign-in (argon2 is meant to be slow). The phones start ten a second
   and sign in first; the figures start ten seconds after the last has started, and the sign-ins'
   own figures are printed apart.
2. Saturation: `--saturation-users` (32) people with no time to think for `--saturation-seconds`
   (20, after 10 s for the sign-ins, left out), beside a bare Flask endpoint (`bench/_bare.py`) on the
   same gunicorn settings and the same client in the same run. Target: ≥ 0.45× the bare endpoint's requests per second.

Without a reachable PostgreSQL it prints a note and measures nothing. Argon2 keeps its production
cost; failed-sign-in limits are raised (LOGIN_LIMIT_*) since every phone comes from 127.0.0.1.

    python -m bench load      (or: python -m bench.load --users 50 --seconds 15 for a quick run;
                               BENCH_LOAD_USERS / BENCH_LOAD_SECONDS do the same)
"""

import argparse
import csv
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from flask import session
from sqlalchemy import insert, select

from bench._http import BIN, ROOT, Server
from bench.bank import fill as fill_bank
from bench.support import on_scratch_databases
from server import create_app
from server.accounts import service as accounts
from server.accounts.models import User
from server.accounts.security import hash_password
from server.auth import sign_in
from server.clock import week_start_of
from server.extensions import db
from server.log.models import ACTIVITIES, Entry
from server.teams.models import Team, TeamMembership

PASSWORD = "bench-password-1234"
SIGN_IN = "POST /auth/login (sign-in)"
SECRET = "bench-load"
APP_TIME = re.compile(r"learning_hour\.request \S+ /api/\S+ \d+ ([\d.]+)ms")
USER_AGENT = "LearningHourBench/1 (phone)"  # the phones' own, so their sign-ins stay fresh
# Phones start SPAWN_RATE a second and sign in (argon2 at production cost: CPU-bound on purpose);
# the figures start SETTLE seconds after the last has started (SATURATION_WARMUP for saturation).
SPAWN_RATE = 10
SETTLE = 10
SATURATION_WARMUP = 3
SIGN_IN_EVERY = 10  # one phone in ten signs in with its password; the others were signed in before


def _signed_in(app, org_id: int) -> list[list[str]]:
    """A sign-in for everyone, made as the app makes them (no password check: the phones were signed
    in before), as [session cookie, CSRF token] per person, in the order of their numbers."""
    cookies = app.session_interface.get_signing_serializer(app)
    found = []
    with app.test_request_context(headers={"User-Agent": USER_AGENT}, environ_base={"REMOTE_ADDR": "127.0.0.1"}):
        for user in db.session.scalars(select(User).where(User.organisation_id == org_id).order_by(User.id)):
            csrf = sign_in(user)
            found.append([cookies.dumps(dict(session)), csrf])
        db.session.commit()
    return found


def fill(url: str, people: int, resources: int, sessions: Path) -> None:
    """The organisation in bulk: one password hash (production cost) shared by everyone, and a
    sign-in for everyone (written to `sessions`)."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET})
    rng = random.Random(19)
    with app.app_context():
        org = accounts.get_or_create_organisation("Bench AB")
        db.session.commit()
        password = hash_password(PASSWORD)
        with db.engine.begin() as conn:
            conn.execute(
                insert(User.__table__),
                [
                    {
                        "organisation_id": org.id,
                        "email": f"person{n}@bench.example",
                        "name": f"Person {n}",
                        "password_hash": password,
                        "role": "employee",
                        "locale": rng.choice(("sv", "nb", "en")),
                        "timezone": "Europe/Stockholm",
                        "active": True,
                    }
                    for n in range(people)
                ],
            )
            ids = list(conn.execute(select(User.id).where(User.organisation_id == org.id).order_by(User.id)).scalars())
            teams = insert(Team.__table__).returning(Team.__table__.c.id, sort_by_parameter_order=True)
            team_ids = list(
                conn.execute(
                    teams, [{"organisation_id": org.id, "name": f"Team {n}"} for n in range((people + 9) // 10)]
                ).scalars()
            )
            joined = date.today() - timedelta(weeks=52)
            conn.execute(
                insert(TeamMembership.__table__),
                [{"team_id": team_ids[i // 10], "user_id": uid, "joined_on": joined} for i, uid in enumerate(ids)],
            )
            this_week = week_start_of(date.today())
            rows = []
            for uid in ids:
                for week in range(8):
                    for _ in range(rng.randint(1, 5)):
                        day = this_week - timedelta(weeks=week) + timedelta(days=rng.randint(0, 4))
                        rows.append(
                            {
                                "id": str(uuid.UUID(int=rng.getrandbits(128))),
                                "user_id": uid,
                                "organisation_id": org.id,
                                "date": day,
                                "week_start": week_start_of(day),
                                "minutes": rng.choice((10, 20, 30, 45, 60)),
                                "activity": rng.choice(ACTIVITIES),
                                "title": "Något jag lärde mig",
                                "created_at": datetime.now(UTC),
                            }
                        )
            for first in range(0, len(rows), 5000):
                conn.execute(insert(Entry.__table__), rows[first : first + 5000])
        fill_bank(org.id, ids[0], resources, rng)
        sessions.write_text(json.dumps(_signed_in(app, org.id)))
        with db.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
        db.session.remove()
        db.engine.dispose()


def locust(host: str, user_class: str, users: int, seconds: int, think: bool, env: dict, tmp: Path) -> list[dict]:
    """One headless locust run; its statistics per endpoint (after the warm-up), the sign-ins of the
    warm-up as a row of their own."""
    prefix = tmp / f"{user_class}-{int(think)}-{time.monotonic_ns()}"
    rate = min(users, SPAWN_RATE) if think else users
    warmup = users / rate + (SETTLE if think else SATURATION_WARMUP)
    sign_ins = Path(f"{prefix}-sign-ins.json")
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "bench" / "_locustfile.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(rate),
            "--run-time",
            f"{round(seconds + warmup)}s",
            "--host",
            host,
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "ERROR",
            "--stop-timeout",
            "5",
            user_class,
        ],
        env={
            **env,
            "LOAD_THINK": str(int(think)),
            "LOAD_WARMUP": str(warmup),
            "LOAD_SIGN_INS": str(sign_ins),
            "LOAD_SESSIONS": str(tmp / "sessions.json"),
            "LOAD_SIGN_IN_EVERY": str(SIGN_IN_EVERY if think else 0),
            "LOAD_USER_AGENT": USER_AGENT,
        },
        cwd=ROOT,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=(tmp / "locust.log").open("ab"),
    )
    with open(f"{prefix}_stats.csv", newline="") as stats:
        rows = [row for row in csv.DictReader(stats) if int(row["Request Count"])]
    with open(f"{prefix}_failures.csv", newline="") as failures:
        for failure in csv.DictReader(failures):
            print(f"    failed {failure['Occurrences']}x: {failure['Name']}: {failure['Error'][:160]}")
    return rows + ([json.loads(sign_ins.read_text())] if sign_ins.exists() else [])


def _report_mix(rows: list[dict]) -> None:
    print(f"    {'endpoint':34} {'requests':>8} {'errors':>6} {'p50':>6} {'p95':>6} {'p99':>6}  (ms)")
    worst = 0.0
    for row in rows:
        p99 = float(row["99%"])
        if not row["Name"].startswith(SIGN_IN) and row["Name"] != "Aggregated":
            worst = max(worst, p99)
        print(
            f"    {row['Name']:34} {row['Request Count']:>8} {row['Failure Count']:>6} "
            f"{float(row['50%']):6.0f} {float(row['95%']):6.0f} {p99:6.0f}"
        )
    errors = sum(int(r["Failure Count"]) for r in rows if r["Name"] != "Aggregated")
    if not any(r["Name"].startswith(SIGN_IN) for r in rows):
        print("    (no sign-in figures: the warm-up file is missing)")
    print(
        f"    errors: {errors}; worst p99 but sign-in: {worst:.0f} ms (target: 0 errors, every p99 < 150 ms)",
        flush=True,
    )


def _report_app_time(log: Path, offset: int) -> None:
    """The app's own time per request (its request log), beside what the phones saw: the difference
    is waiting for a worker and a CPU."""
    with log.open("rb") as lines:
        lines.seek(offset)
        took = sorted(float(m[1]) for m in APP_TIME.finditer(lines.read().decode(errors="replace")))
    if took:
        print(
            f"    inside the app (request log, {len(took)} requests): p50 {took[len(took) // 2]:.1f} ms, "
            f"p99 {took[min(len(took) - 1, round(0.99 * (len(took) - 1)))]:.1f} ms",
            flush=True,
        )


def _throughput(rows: list[dict]) -> float:
    """Requests per second over the run, the sign-ins at the start left out."""
    return sum(float(r["Requests/s"]) for r in rows if not r["Name"].startswith(SIGN_IN) and r["Name"] != "Aggregated")


def run(args, app_url: str) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": app_url,
        "SECRET_KEY": SECRET,
        "LOAD_PEOPLE": str(args.people),
        "LOAD_PASSWORD": PASSWORD,
        "LOGIN_LIMIT_PER_CLIENT": "100000/minute",
        "LOGIN_LIMIT_PER_ACCOUNT_AND_CLIENT": "100000/minute",
        "LOGIN_LIMIT_PER_ACCOUNT": "100000/minute",
    }
    servers = []
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp_name:
        tmp = Path(tmp_name)
        try:
            started = time.perf_counter()
            fill(app_url, args.people, args.resources, tmp / "sessions.json")
            print(
                f"  {args.people:,} people, {args.resources:,} resources in the bank, "
                f"filled in {time.perf_counter() - started:.1f} s",
                flush=True,
            )
            app = Server("wsgi:app", env, tmp / "gunicorn.log")
            bare = Server("bench._bare:app", env, tmp / "gunicorn.log")
            servers = [app, bare]
            app.wait("/healthz")
            bare.wait("/bare")
            print(
                f"  phone mix, {args.users} users, 1–3 s to think, {args.seconds} s "
                f"(load average before: {os.getloadavg()[0]:.1f}):",
                flush=True,
            )
            logged = (tmp / "gunicorn.log").stat().st_size
            _report_mix(locust(app.url, "PhoneUser", args.users, args.seconds, True, env, tmp))
            _report_app_time(tmp / "gunicorn.log", logged)
            users, seconds = args.saturation_users, args.saturation_seconds
            mix = _throughput(locust(app.url, "PhoneUser", users, seconds, False, env, tmp))
            ceiling = _throughput(locust(bare.url, "BareUser", users, seconds, False, env, tmp))
            print(
                f"  saturation, {users} users with no time to think, {seconds} s each:\n"
                f"    phone mix {mix:.0f} req/s, bare Flask {ceiling:.0f} req/s: "
                f"ratio {mix / ceiling:.2f}x (target >= 0.45x); load average after: {os.getloadavg()[0]:.1f}",
                flush=True,
            )
        finally:
            for server in servers:
                server.stop()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench.load")
    parser.add_argument("--users", type=int, default=int(os.environ.get("BENCH_LOAD_USERS", "200")))
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_LOAD_SECONDS", "60")))
    parser.add_argument("--saturation-users", type=int, default=32)
    parser.add_argument("--saturation-seconds", type=int, default=20, help="measured, after 10 s of sign-ins")
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--resources", type=int, default=5000)
    args = parser.parse_args(argv)
    return on_scratch_databases("load", lambda _label, url: run(args, url), sqlite=False, secret=SECRET)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
